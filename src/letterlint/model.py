"""Frozen data model shared by readers, checks, scoring and formatters.

Offsets are character offsets (Python ``str`` indices) into ``Document.text``.
Nothing in this module does I/O or imports heavy libraries.
"""

from __future__ import annotations

import bisect
import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType
from typing import Any, Literal

JSON_SCHEMA_VERSION = "1.0"

DocFormat = Literal["docx", "txt", "md"]
BlockKind = Literal["paragraph", "table-cell", "header", "footer", "heading", "list-item"]


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class LetterType(str, Enum):
    ACKNOWLEDGEMENT = "acknowledgement"
    HOLDING = "holding"
    STAGE_ONE = "stage-one"
    STAGE_TWO = "stage-two"
    UNKNOWN = "unknown"


class ComplaintType(str, Enum):
    LEGAL = "legal"
    SERVICE = "service"
    MIXED = "mixed"
    UNKNOWN = "unknown"


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def shift(self, by: int) -> Span:
        return Span(self.start + by, self.end + by)


@dataclass(frozen=True)
class Block:
    """One paragraph-like unit of the document: a paragraph, table cell, header line..."""

    index: int  # 0-based position among all blocks
    kind: BlockKind
    span: Span
    number: int  # 1-based paragraph number a person can count to (body paragraphs only)
    text: str


@dataclass(frozen=True)
class Location:
    """Where a person finds a finding: paragraph number for .docx, line/column for text."""

    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    paragraph: int | None = None  # 1-based, among non-empty blocks
    block_kind: str | None = None

    def describe(self) -> str:
        parts = []
        if self.line is not None:
            parts.append(f"line {self.line}, column {self.column}")
        if self.paragraph is not None and self.line is None:
            where = "paragraph" if self.block_kind in (None, "paragraph", "heading", "list-item") else (
                self.block_kind.replace("-", " ")
            )
            parts.append(f"{where} {self.paragraph}")
        return ", ".join(parts) or "whole letter"

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "column": self.column,
            "paragraph": self.paragraph,
            "block_kind": self.block_kind,
        }


@dataclass(frozen=True)
class Comment:
    """A Word comment (used for inline suppressions in .docx)."""

    text: str
    span: Span | None  # anchored text, if known


@dataclass(frozen=True)
class Document:
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

    def quote(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def block_at(self, offset: int) -> Block | None:
        starts = [b.span.start for b in self.blocks]
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and self.blocks[i].span.start <= offset <= self.blocks[i].span.end:
            return self.blocks[i]
        return None

    def location(self, span: Span) -> Location:
        block = self.block_at(span.start)
        if self.format == "docx":
            return Location(
                paragraph=block.number if block else None,
                block_kind=block.kind if block else None,
            )
        if not self.line_starts:
            return Location(paragraph=block.number if block else None)
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
    """A letter fact with how it was found: 'detected', 'front matter', 'command line'."""

    name: str
    value: Any
    source: str
    evidence: str = ""  # the words that gave it away

    def to_dict(self) -> dict[str, Any]:
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
        f = self.facts.get(name)
        return default if f is None or f.value is None else f.value

    @property
    def letter_type(self) -> LetterType:
        v = self.fact("letter_type", LetterType.UNKNOWN)
        return v if isinstance(v, LetterType) else LetterType(v)

    @property
    def complaint_type(self) -> ComplaintType:
        v = self.fact("complaint_type", ComplaintType.UNKNOWN)
        return v if isinstance(v, ComplaintType) else ComplaintType(v)

    @property
    def body(self) -> Part:
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
        return {"start": self.span.start, "end": self.span.end, "text": self.text,
                "level": self.level, "paragraph": self.paragraph}


@dataclass(frozen=True)
class Finding:
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


@dataclass(frozen=True)
class RuleResult:
    code: str
    item: str
    status: RuleStatus
    findings: tuple[Finding, ...] = ()
    detail: str = ""  # why skipped / errored

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "item": self.item, "status": self.status, "detail": self.detail,
                "findings": len(self.findings)}


ItemAnswer = Literal["yes", "no", "n/a", "not assessed"]


@dataclass(frozen=True)
class ItemOutcome:
    item: str  # "Q22" ... or "7.11"
    question: str
    answer: ItemAnswer
    passed: bool | None  # None when n/a or not assessed
    points_lost: float = 0.0
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"item": self.item, "question": self.question, "answer": self.answer,
                "passed": self.passed, "points_lost": self.points_lost, "reason": self.reason}


@dataclass(frozen=True)
class Score:
    value: float  # 0..100
    rating: str  # better-than-adequate | adequate | below-standard
    rating_label: str
    items: tuple[ItemOutcome, ...]
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"value": round(self.value, 1), "rating": self.rating, "rating_label": self.rating_label,
                "items": [i.to_dict() for i in self.items], "reasons": list(self.reasons)}


@dataclass(frozen=True)
class Report:
    path: str
    format: str
    facts: tuple[Fact, ...]
    results: tuple[RuleResult, ...]
    findings: tuple[Finding, ...]
    score: Score | None
    notes: tuple[str, ...] = ()  # e.g. "grammar ran with built-in rules only"
    unused_suppressions: tuple[str, ...] = ()
    error: str | None = None  # set when the file could not be read: one line, names the cause

    @property
    def active_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.suppressed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "error": self.error,
            "facts": [f.to_dict() for f in self.facts],
            "findings": [f.to_dict() for f in self.findings],
            "results": [r.to_dict() for r in self.results],
            "score": None if self.score is None else self.score.to_dict(),
            "notes": list(self.notes),
            "unused_suppressions": list(self.unused_suppressions),
        }


# ------------------------------------------------------------------ back from JSON (cache)

def _span(d: Mapping[str, Any] | None) -> Span | None:
    return None if d is None else Span(int(d["start"]), int(d["end"]))


def finding_from_dict(d: Mapping[str, Any]) -> Finding:
    loc = d.get("location") or {}
    return Finding(
        code=d["code"], name=d["name"], item=d["item"], severity=Severity(d["severity"]),
        message=d["message"], quote=d["quote"], span=_span(d.get("span")),
        location=Location(loc.get("line"), loc.get("column"), loc.get("paragraph"), loc.get("block_kind")),
        why=d.get("why", ""), fix=d.get("fix", ""), suggestion=d.get("suggestion"),
        source=d.get("source", "letterlint"), suppressed=bool(d.get("suppressed")),
        suppression_reason=d.get("suppression_reason"), autofix=_fix(d.get("autofix")),
    )


def _fix(d: Mapping[str, Any] | None) -> Fix | None:
    if not d:
        return None
    level: FixLevel = "suggested" if d.get("level") == "suggested" else "safe"
    return Fix(Span(int(d["start"]), int(d["end"])), str(d["text"]), level, bool(d.get("paragraph")))


def report_from_dict(d: Mapping[str, Any]) -> Report:
    """Rebuild a Report from ``Report.to_dict()`` (rule results keep counts, not findings)."""
    score = d.get("score")
    return Report(
        path=d["path"], format=d["format"],
        facts=tuple(Fact(f["name"], f["value"], f["source"], f.get("evidence", "")) for f in d["facts"]),
        results=tuple(RuleResult(r["code"], r["item"], r["status"], (), r.get("detail", ""))
                      for r in d["results"]),
        findings=tuple(finding_from_dict(f) for f in d["findings"]),
        score=None if score is None else Score(
            float(score["value"]), score["rating"], score["rating_label"],
            tuple(ItemOutcome(i["item"], i["question"], i["answer"], i["passed"], float(i["points_lost"]),
                              i.get("reason", "")) for i in score["items"]),
            tuple(score.get("reasons", ())),
        ),
        notes=tuple(d.get("notes", ())), unused_suppressions=tuple(d.get("unused_suppressions", ())),
        error=d.get("error"),
    )
