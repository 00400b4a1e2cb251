"""Frozen data model shared by readers, checks, scoring and formatters.

Offsets are character offsets (Python ``str`` indices) into ``Document.text``.
Nothing in this module does I/O or imports heavy libraries.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType
from typing import Any, Literal

JSON_SCHEMA_VERSION = "1.2"  # 1.1: items have "state"; reports have "letter"; locations "container"
# 1.2: the report names the language pipelines that ran ("language_pipelines")

DocFormat = Literal["docx", "txt", "md", "pdf", "odt", "rtf", "eml", "msg", "doc"]
BlockKind = Literal["paragraph", "table-cell", "header", "footer", "heading", "list-item", "text-box",
                    "footnote", "endnote"]


class Severity(str, Enum):
    """How much a finding matters: ``error`` (the letter should not go out as it is; counts against
    the questionnaire item), ``warning`` (likely to cost the item; a person should look) or
    ``info`` (advice). A rule's ``severity`` in its YAML; ``--fail-on`` compares by :attr:`rank`."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error: the order ``--fail-on`` and sorting use."""
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class LetterType(str, Enum):
    """The kind of reply, which decides the questionnaire items that apply (HMCPSI 2023, Annex C):
    an acknowledgement, a holding letter, a stage one or stage two reply; ``unknown`` when
    neither the front matter, the command line nor the words say."""

    ACKNOWLEDGEMENT = "acknowledgement"
    HOLDING = "holding"
    STAGE_ONE = "stage-one"
    STAGE_TWO = "stage-two"
    UNKNOWN = "unknown"


class ComplaintType(str, Enum):
    """What the complaint is about (CPS Feedback and Complaints policy): a legal
    decision, the service given, or both (``mixed``); ``unknown`` when the letter does not say.
    Legal complaints end at stage two; service complaints may go to the Independent Assessor of
    Complaints."""

    LEGAL = "legal"
    SERVICE = "service"
    MIXED = "mixed"
    UNKNOWN = "unknown"


# Where a run's words are read: "cli" (the default) or "web" (``letterlint serve``), set by the
# program as this Config value (never by a settings file), so a message can say how to give
# what is missing in the user's own terms.
RUN_CONTEXT = "run.context"
COMPLAINT_HOW = {"cli": "give the complainant's letter with --complaint",
                 "web": "add the complainant's letter on the start page"}
# a batch takes no complaint: a complainant's letter found in its folder says how to use it
COMPLAINT_IN_BATCH = ("use 'letterlint check REPLY --complaint THIS-FILE' (--exclude leaves complaints out "
                      "of a batch)")


STAGE_HOW = {"cli": "give --stage", "web": "choose the letter type on the start page"}


def stage_how(context: object) -> str:
    """How to tell letterlint the type of letter, in the words of ``context`` ("cli" or "web";
    anything else: "cli")."""
    return STAGE_HOW.get(str(context), STAGE_HOW["cli"])


def complaint_how(context: object) -> str:
    """How to give the complainant's letter (Q28), in the words of ``context`` ("cli" or "web";
    anything else: "cli")."""
    return COMPLAINT_HOW.get(str(context), COMPLAINT_HOW["cli"])


def shorten(text: str, limit: int) -> str:
    """``text`` if it has at most ``limit`` characters; otherwise cut at the last word boundary
    that leaves room, with "…" added (at most ``limit`` characters in all). A single word longer
    than half the limit is cut inside the word rather than dropped. The one way every quote,
    excerpt and piece of evidence is shortened for a report."""
    if len(text) <= limit:
        return text
    cut = text[: max(1, limit - 1)]
    if not text[len(cut)].isspace():  # the cut falls inside a word: go back to its start
        start = max(cut.rfind(" "), cut.rfind("\n"), cut.rfind("\t"))
        if start >= len(cut) // 2:
            cut = cut[:start]
    return cut.rstrip(" \t\n,;:") + "…"


@dataclass(frozen=True, order=True)
class Span:
    """A stretch of ``Document.text``: character offsets ``start`` (inclusive) to ``end``
    (exclusive), Python ``str`` indices. ``len(span)`` is its length in characters; spans sort by
    start, then end.

    Raises ``ValueError`` if ``start`` is negative or ``end`` is before ``start``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        """True if ``other`` lies wholly inside this span (equal ends count)."""
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        """True if the spans share at least one character (touching ends do not count)."""
        return self.start < other.end and other.start < self.end

    def shift(self, by: int) -> Span:
        """The same span moved ``by`` characters (negative moves left); raises ``ValueError`` if it
        would start before 0."""
        return Span(self.start + by, self.end + by)


def known_span(start: int, end: int) -> Span:
    """``Span(start, end)`` for offsets already known to be good (``0 <= start <= end``, such as a
    language pipeline's tokens or a regular expression's match), made without ``__init__``'s
    checks: the same object, built about five times as fast (a letter's check makes tens of
    thousands; issue 15)."""
    span = _NEW(Span)
    fields = span.__dict__
    fields["start"] = start
    fields["end"] = end
    return span


_NEW = object.__new__


@dataclass(frozen=True)
class Block:
    """One paragraph-like unit of the document: a paragraph, table cell, header line..."""

    index: int  # 0-based position among all blocks
    kind: BlockKind
    span: Span
    number: int  # 1-based paragraph number a person can count to (within its container, if any)
    text: str
    page_break: bool = False  # a page break comes before this block (where several letters may split)
    container: str = ""  # where the words are, if not a body paragraph: "table cell", "text box 2",
    # "footnote 1", "endnote 1", "header", "footer"

    def first_words(self, n: int = 6, limit: int = 40) -> str:
        """The first ``n`` words of the block (at most ``limit`` characters), "…" if cut."""
        words = self.text.split()
        out = shorten(" ".join(words[:n]), limit)
        return out + ("…" if not out.endswith("…") and out != " ".join(words) else "")


@dataclass(frozen=True)
class Location:
    """Where a person finds a finding: paragraph number for .docx, line/column for text."""

    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    paragraph: int | None = None  # 1-based, among non-empty blocks (within ``container``, if any)
    block_kind: str | None = None
    container: str | None = None  # "table cell", "text box 2", "footnote 1", "header"... (.docx)
    excerpt: str | None = None  # the first words of the paragraph, to find it by (.docx)

    def describe(self) -> str:
        """Where a person finds the words: "line 4, column 7" (text); for Word, the
        page-independent paragraph number with the paragraph's first words, and the table cell,
        text box, footnote, endnote, header or footer the words are in, e.g.
        'paragraph 14 ("I was very sorry to…")', 'footnote 1 ("Victim Support: telephone…")'."""
        if self.line is not None:
            return f"line {self.line}, column {self.column}"
        if self.paragraph is None:
            return "whole letter"
        c = self.container or ""
        if not c:
            where = f"paragraph {self.paragraph}"
        elif c == "table cell":
            where = f"paragraph {self.paragraph}, in a table cell"
        elif c in ("header", "footer"):
            where = f"page {c}"
        elif self.paragraph > 1 or c.startswith("text box"):
            where = f"{c}, paragraph {self.paragraph}"
        else:
            where = c
        return f'{where} ("{self.excerpt}")' if self.excerpt else where

    def to_dict(self) -> dict[str, Any]:
        """The location as JSON-ready values: ``line``, ``column``, ``paragraph``, ``block_kind``,
        ``container`` and ``excerpt`` (each ``None`` when unknown)."""
        return {
            "line": self.line,
            "column": self.column,
            "paragraph": self.paragraph,
            "block_kind": self.block_kind,
            "container": self.container,
            "excerpt": self.excerpt,
        }


@dataclass(frozen=True)
class Comment:
    """A Word comment (used for inline suppressions in .docx)."""

    text: str
    span: Span | None  # anchored text, if known


@dataclass(frozen=True)
class Document:
    """A letter as read from its file: the plain ``text`` (paragraphs joined by blank lines), its
    ``blocks`` in reading order, YAML ``front_matter`` (text and Markdown letters), Word
    ``comments``, ``line_starts`` (offset of each line, for line and column in text files; empty
    for Word-like formats), ``line_offset`` (lines before ``text`` in the file) and reader
    ``notes`` the user should see. Built by the readers in ``letterlint.reading``; never changed
    afterwards."""

    path: str
    format: DocFormat
    text: str
    blocks: tuple[Block, ...]
    front_matter: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    comments: tuple[Comment, ...] = ()
    # offset of the start of each line in ``text`` (for txt/md locations)
    line_starts: tuple[int, ...] = ()
    # lines before ``text`` in the file (e.g. YAML front matter), added to reported line numbers
    line_offset: int = 0
    # what the reader did that the user should know (e.g. "converted from .doc with LibreOffice")
    notes: tuple[str, ...] = ()

    def quote(self, span: Span) -> str:
        """The words a span covers: ``text[span.start:span.end]``."""
        return self.text[span.start : span.end]

    @functools.cached_property
    def block_starts(self) -> list[int]:
        """Start offset of each block, computed once (``block_at`` is asked once per word)."""
        return [b.span.start for b in self.blocks]

    def block_at(self, offset: int) -> Block | None:
        """The block whose span holds ``offset`` (a character offset into ``text``; its end counts),
        or ``None`` if the offset falls between blocks."""
        i = bisect.bisect_right(self.block_starts, offset) - 1
        if i >= 0 and self.blocks[i].span.start <= offset <= self.blocks[i].span.end:
            return self.blocks[i]
        return None

    def location(self, span: Span) -> Location:
        """Where a person finds ``span``: paragraph number, container and first words for Word-like
        formats, PDFs and emails; line and column (1-based, counting front matter) for text and
        Markdown. An empty :class:`Location` if no block holds the span's start."""
        block = self.block_at(span.start)
        if self.format == "docx" or not self.line_starts:  # Word-like formats, PDFs, emails
            if block is None:
                return Location()
            return Location(paragraph=block.number, block_kind=block.kind,
                            container=block.container or None, excerpt=block.first_words() or None)
        i = bisect.bisect_right(self.line_starts, span.start) - 1
        src_line = i + 1 + self.line_offset
        col = span.start - self.line_starts[i] + 1
        return Location(
            line=src_line,
            column=col,
            paragraph=block.number if block else None,
            block_kind=block.kind if block else None,
        )


@dataclass(frozen=True)
class Part:
    """A detected letter part: address, date, reference, salutation, subject, body..."""

    name: str
    span: Span
    text: str


@dataclass(frozen=True)
class Fact:
    """A letter fact with how it was found: 'detected', 'front matter', 'email header',
    'command line', or 'assumed' (a reply of no recognised type is checked as stage one)."""

    name: str
    value: Any
    source: str
    evidence: str = ""  # the words that gave it away

    def to_dict(self) -> dict[str, Any]:
        """The fact as JSON-ready values: enums as their value, dates as ISO 8601 (``2026-11-03``)."""
        v = self.value
        if isinstance(v, Enum):
            v = v.value
        elif isinstance(v, _dt.date):
            v = v.isoformat()
        return {"name": self.name, "value": v, "source": self.source, "evidence": self.evidence}


@dataclass(frozen=True)
class Letter:
    """A document plus its letter parts and facts."""

    doc: Document
    parts: Mapping[str, Part]
    facts: Mapping[str, Fact]

    def fact(self, name: str, default: Any = None) -> Any:
        """The value of fact ``name`` (e.g. ``letter_date``, a ``datetime.date``), or ``default``
        when the fact is missing or has no value."""
        f = self.facts.get(name)
        return default if f is None or f.value is None else f.value

    @property
    def letter_type(self) -> LetterType:
        """The letter type fact as a :class:`LetterType` (``UNKNOWN`` if not found)."""
        v = self.fact("letter_type", LetterType.UNKNOWN)
        return v if isinstance(v, LetterType) else LetterType(v)

    @property
    def complaint_type(self) -> ComplaintType:
        """The complaint type fact as a :class:`ComplaintType` (``UNKNOWN`` if not found)."""
        v = self.fact("complaint_type", ComplaintType.UNKNOWN)
        return v if isinstance(v, ComplaintType) else ComplaintType(v)

    @property
    def body(self) -> Part:
        """The body part (from after the salutation to the valediction); the whole text when the
        letter parts could not be found."""
        return self.parts.get("body") or Part("body", Span(0, len(self.doc.text)), self.doc.text)


FixLevel = Literal["safe", "suggested"]


@dataclass(frozen=True)
class Fix:
    """A correction ``letterlint fix`` can make for a finding (issue 14).

    ``span`` (offsets into ``Document.text``) is replaced by ``text``; an empty span inserts
    ``text`` at ``span.start``. With ``paragraph=True`` the text is a new paragraph put before
    the block that starts at ``span.start`` (the span is then empty). ``level`` is the rule's
    declaration (``autofix`` in its YAML): "safe" fixes are applied by ``letterlint fix``,
    "suggested" ones only with ``--suggested``."""

    span: Span
    text: str
    level: FixLevel = "safe"
    paragraph: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The fix as JSON: ``start`` and ``end`` (character offsets), ``text``, ``level`` and
        ``paragraph``."""
        return {"start": self.span.start, "end": self.span.end, "text": self.text,
                "level": self.level, "paragraph": self.paragraph}


@dataclass(frozen=True)
class Finding:
    """One problem found in a letter, as the writer reads it: the rule's ``code`` and ``name``, the
    questionnaire ``item`` or report paragraph it bears on (``Q24``, ``7.11``), ``severity``, the
    ``message``, the ``quote`` (the words flagged; empty when something is missing), its ``span``
    (character offsets, ``None`` when nothing is quoted) and ``location``, ``why`` it matters and
    the ``fix``, with the exact ``suggestion`` where there is one. ``source`` names the engine
    (``letterlint``, ``languagetool:RULE_ID``); ``suppressed`` findings were silenced by a
    comment or baseline and do not count."""

    code: str
    name: str
    item: str  # questionnaire item or report paragraph, e.g. "Q24" or "7.11"
    severity: Severity
    message: str
    quote: str
    span: Span | None
    location: Location
    why: str = ""
    fix: str = ""
    suggestion: str | None = None  # replacement text or exact wording to add
    source: str = "letterlint"  # or "languagetool:RULE_ID"
    suppressed: bool = False
    suppression_reason: str | None = None
    autofix: Fix | None = None  # what ``letterlint fix`` would change, if it can

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON (the ``findings`` entries of ``letterlint check --format json``);
        :func:`finding_from_dict` reverses it."""
        return {
            "code": self.code,
            "name": self.name,
            "item": self.item,
            "severity": self.severity.value,
            "message": self.message,
            "quote": self.quote,
            "span": None if self.span is None else {"start": self.span.start, "end": self.span.end},
            "location": self.location.to_dict(),
            "why": self.why,
            "fix": self.fix,
            "suggestion": self.suggestion,
            "source": self.source,
            "suppressed": self.suppressed,
            "suppression_reason": self.suppression_reason,
            "autofix": None if self.autofix is None else self.autofix.to_dict(),
        }


RuleStatus = Literal["passed", "failed", "errored", "skipped", "not-applicable"]


class Outcome(str, Enum):
    """A rule's typed outcome on one letter: what its questionnaire item is answered from."""

    MET = "met"  # it ran and found nothing
    NOT_MET = "not-met"  # it ran and found something
    DID_NOT_ARISE = "did-not-arise"  # what it checks did not come up (no failing admitted...)
    NOT_APPLICABLE = "not-applicable"  # it is not asked of this letter (type, complaint type)
    SKIPPED = "skipped"  # it could not run here (needs --complaint, a trained pipeline...)
    ERRORED = "errored"  # it crashed or ran out of time: the letter is not fully checked


@dataclass(frozen=True)
class RuleResult:
    """What one rule did on one letter: ``status`` is ``passed``, ``failed`` (it has findings),
    ``errored`` (the check broke or ran out of time; ``detail`` says why), ``skipped`` (a setting
    or missing input, e.g. no complaint given) or ``not-applicable`` (not for this letter type,
    or, with ``arose=False``, the rule ran and what it checks did not come up, so a "where
    appropriate" item is answered n/a: scoring.yaml ``conditional``). ``outcome`` is the typed
    answer (``Outcome``)."""

    code: str
    item: str
    status: RuleStatus
    # the rule's own findings: the Report's findings hold them too, so JSON gives only their
    # count and equality leaves them out (Report.from_dict(report.to_dict()) == report)
    findings: tuple[Finding, ...] = field(default=(), compare=False)
    detail: str = ""  # why skipped / errored
    arose: bool = True

    @property
    def outcome(self) -> Outcome:
        """The typed outcome (``Outcome``), from the status and ``arose``."""
        if self.status == "not-applicable":
            return Outcome.NOT_APPLICABLE if self.arose else Outcome.DID_NOT_ARISE
        return {"passed": Outcome.MET, "failed": Outcome.NOT_MET, "skipped": Outcome.SKIPPED,
                "errored": Outcome.ERRORED}[self.status]

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON: code, item, status, outcome, detail and the number of findings."""
        return {"code": self.code, "item": self.item, "status": self.status, "outcome": self.outcome.value,
                "detail": self.detail, "findings": len(self.findings)}


ItemAnswer = Literal["yes", "no", "n/a", "not assessed", "not fully checked"]
# One list of answers, used everywhere (issue 11, point 4): the JSON ``state`` of an item.
ItemState = Literal["met", "not-met", "not-applicable", "not-assessed", "incomplete"]
NOT_FULLY_CHECKED: ItemAnswer = "not fully checked"
INCOMPLETE_RATING = "incomplete"  # Score.rating of a letter not fully checked: no rating band


@dataclass(frozen=True)
class ItemOutcome:
    """An item's answer. ``answer`` is the questionnaire's word (yes / no, where a yes to a
    negative item such as Q22 is a failure); ``state`` says met, not met, not applicable, not
    assessed, or not fully checked (a check for it errored or ran out of time)."""

    item: str  # "Q22" ... or "7.11"
    question: str
    answer: ItemAnswer
    passed: bool | None  # None when n/a, not assessed or not fully checked
    points_lost: float = 0.0
    reason: str = ""
    # the highest severity of the findings that fail the item (None when it is not failed): a
    # rating band may count an item only when an error fails it (Q28 with one point unanswered)
    severity: Severity | None = field(default=None, compare=False)

    @property
    def state(self) -> ItemState:
        """The answer as one of the JSON states: ``met``, ``not-met``, ``not-applicable``,
        ``not-assessed`` or ``incomplete`` (issue 11, point 4)."""
        if self.answer == NOT_FULLY_CHECKED:
            return "incomplete"
        if self.passed is True:
            return "met"
        if self.passed is False:
            return "not-met"
        return "not-applicable" if self.answer == "n/a" else "not-assessed"

    def to_dict(self) -> dict[str, Any]:
        """The outcome as JSON (an entry of ``score.items``), with both ``state`` and ``passed``."""
        return {"item": self.item, "question": self.question, "answer": self.answer,
                "state": self.state, "passed": self.passed, "points_lost": self.points_lost,
                "reason": self.reason}


@dataclass(frozen=True)
class Score:
    """The letter's result against the inspectors' questionnaire: ``value`` from 0 to 100 (points
    kept), the ``rating`` band id (``better-than-adequate``, ``adequate``, ``below-standard`` or
    ``incomplete``) and its ``rating_label``, each item's outcome, and the ``reasons`` for the
    rating. Bands and points come from ``scoring.yaml`` (HMCPSI 2023, Annex C)."""

    value: float  # 0..100
    rating: str  # better-than-adequate | adequate | below-standard
    rating_label: str
    items: tuple[ItemOutcome, ...]
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The score as JSON: value rounded to one decimal place, rating, label, items and reasons."""
        return {"value": round(self.value, 1), "rating": self.rating, "rating_label": self.rating_label,
                "items": [i.to_dict() for i in self.items], "reasons": list(self.reasons)}


@dataclass(frozen=True)
class Report:
    """Everything letterlint says about one letter: the file ``path`` and ``format``, the letter's
    ``facts``, each rule's result, the findings, the questionnaire ``score`` (``None`` when not
    scored), ``notes`` to the user and ``unused_suppressions``. ``error`` is set, with one line
    naming the cause, when the file could not be read or checked; a file holding several letters
    has the later ones in ``more``. ``letterlint.check_path`` returns one; :meth:`to_dict` and
    :func:`report_from_dict` round-trip it through JSON."""

    path: str
    format: str
    facts: tuple[Fact, ...]
    results: tuple[RuleResult, ...]
    findings: tuple[Finding, ...]
    score: Score | None
    notes: tuple[str, ...] = ()  # e.g. "grammar ran with built-in rules only"
    unused_suppressions: tuple[str, ...] = ()
    error: str | None = None  # set when the file could not be read: one line, names the cause
    letter: int | None = None  # which letter of the file (1, 2, ...); None when it could not be read
    more: tuple[Report, ...] = ()  # the file's later letters, each checked on its own (see split.py)

    @property
    def active_findings(self) -> tuple[Finding, ...]:
        """The findings that count: those not suppressed."""
        return tuple(f for f in self.findings if not f.suppressed)

    def each_letter(self) -> list[Report]:
        """This report and those of the file's later letters, each standing alone."""
        if not self.more:
            return [self]
        from dataclasses import replace

        return [replace(self, more=()), *self.more]
    @property
    def incomplete(self) -> tuple[str, ...]:
        """Codes of the rules that errored or ran out of time: the letter is "not fully
        checked" when there are any (no rating band, exit 2)."""
        return tuple(r.code for r in self.results if r.status == "errored")

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Report:
        """The Report back from ``to_dict()`` (or its JSON): enums, dates and rule outcomes as
        they were. Rule results come back without their own findings (they are in
        ``findings``); the cache keeps those too (``engine.cache.dump_report``)."""
        return report_from_dict(d)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON (the shape of ``letterlint check --format json``, schema
        :data:`JSON_SCHEMA_VERSION`), with ``more`` only when the file holds several letters."""
        out = {
            "path": self.path,
            "letter": self.letter,
            "format": self.format,
            "error": self.error,
            "facts": [f.to_dict() for f in self.facts],
            "findings": [f.to_dict() for f in self.findings],
            "results": [r.to_dict() for r in self.results],
            "score": None if self.score is None else self.score.to_dict(),
            "notes": list(self.notes),
            "unused_suppressions": list(self.unused_suppressions),
        }
        if self.more:
            out["more"] = [r.to_dict() for r in self.more]
        return out


def each_letter(reports: Any) -> list[Report]:
    """Reports one per letter: a file that holds several letters gives one report for each."""
    return [one for r in reports for one in r.each_letter()]


# ------------------------------------------------------------------ back from JSON (cache)

def _span(d: Mapping[str, Any] | None) -> Span | None:
    return None if d is None else Span(int(d["start"]), int(d["end"]))


def finding_from_dict(d: Mapping[str, Any]) -> Finding:
    """Rebuild a :class:`Finding` from :meth:`Finding.to_dict` output (the cache and JSON reports);
    raises ``KeyError`` or ``ValueError`` on a dictionary that is not one."""
    loc = d.get("location") or {}
    return Finding(
        code=d["code"], name=d["name"], item=d["item"], severity=Severity(d["severity"]),
        message=d["message"], quote=d["quote"], span=_span(d.get("span")),
        location=Location(loc.get("line"), loc.get("column"), loc.get("paragraph"), loc.get("block_kind"),
                          loc.get("container"), loc.get("excerpt")),
        why=d.get("why", ""), fix=d.get("fix", ""), suggestion=d.get("suggestion"),
        source=d.get("source", "letterlint"), suppressed=bool(d.get("suppressed")),
        suppression_reason=d.get("suppression_reason"), autofix=_fix(d.get("autofix")),
    )


def _fix(d: Mapping[str, Any] | None) -> Fix | None:
    if not d:
        return None
    level: FixLevel = "suggested" if d.get("level") == "suggested" else "safe"
    return Fix(Span(int(d["start"]), int(d["end"])), str(d["text"]), level, bool(d.get("paragraph")))
def fact_value(name: str, value: Any) -> Any:
    """A fact's value back from JSON: the letter and complaint types as enums, dates as dates."""
    if not isinstance(value, str):
        return value
    if name == "letter_type":
        return LetterType(value)
    if name == "complaint_type":
        return ComplaintType(value)
    if name.endswith("date"):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def report_from_dict(d: Mapping[str, Any]) -> Report:
    """Rebuild a Report from ``Report.to_dict()`` (rule results keep counts, not findings)."""
    score = d.get("score")
    return Report(
        path=d["path"], format=d["format"],
        facts=tuple(Fact(f["name"], fact_value(f["name"], f["value"]), f["source"], f.get("evidence", ""))
                    for f in d["facts"]),
        results=tuple(RuleResult(r["code"], r["item"], r["status"], (), r.get("detail", ""),
                                 r.get("outcome") != Outcome.DID_NOT_ARISE.value)
                      for r in d["results"]),
        findings=tuple(finding_from_dict(f) for f in d["findings"]),
        score=None if score is None else Score(
            float(score["value"]), score["rating"], score["rating_label"],
            tuple(ItemOutcome(i["item"], i["question"], i["answer"], i["passed"], float(i["points_lost"]),
                              i.get("reason", "")) for i in score["items"]),
            tuple(score.get("reasons", ())),
        ),
        notes=tuple(d.get("notes", ())), unused_suppressions=tuple(d.get("unused_suppressions", ())),
        error=d.get("error"), letter=d.get("letter"),
        more=tuple(report_from_dict(m) for m in d.get("more", ())),
    )
