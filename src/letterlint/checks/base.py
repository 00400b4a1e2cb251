"""What every check kind shares: the Hit it returns, its params schema and its context."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from letterlint.model import Document, Fix, Letter, Severity, Span
from letterlint.rules.patterns import Match

if TYPE_CHECKING:
    from letterlint.config.settings import Config
    from letterlint.letter.nlp.pipeline import Analysis
    from letterlint.rules.spec import PhraseBank


@dataclass(frozen=True)
class Hit:
    """One problem a check found. ``span=None`` means the whole letter (something missing)."""

    span: Span | None
    message: str | None = None  # overrides the rule's message
    suggestion: str | None = None  # replacement or exact wording to add
    vars: Mapping[str, Any] = field(default_factory=dict)  # for {placeholders} in messages
    source: str = "letterlint"
    # The check's own correction (``letterlint fix``, issue 14); None: replace ``span`` with
    # ``suggestion``. ``fixable=False``: this hit has no correction a person can trust.
    fix: Fix | None = None
    fixable: bool = True
    # the hit's own severity where the check knows better than the rule's default (a familiar
    # legal term used once and alone is a hint, issue 13); None: the rule's severity
    severity: Severity | None = None


@dataclass(frozen=True)
class ParamSpec:
    """Schema of one param of a check kind (yamllint style: self-documenting defaults)."""

    type: str  # "patterns", "str", "int", "float", "bool", "list[str]", "scope", "bank", "map"
    required: bool = False
    default: Any = None
    doc: str = ""
    choices: tuple[Any, ...] = ()


@dataclass(frozen=True)
class NotArisen:
    """What a check returns instead of hits when what it checks did not come up in the letter
    (no failing admitted, no referral to another agency, no escalation date): the rule's outcome
    is ``Outcome.DID_NOT_ARISE`` and a "where appropriate" item (scoring.yaml ``conditional``)
    is answered n/a."""


NOT_ARISEN = NotArisen()


class CheckError(Exception):
    """A check kind could not run for a reason worth telling the user (not a crash)."""


class Skip(Exception):
    """Raised by a check that cannot run here (e.g. needs a trained pipeline)."""


@dataclass
class LetterMemo:
    """What the checks of one letter compute once and share, each under its own typed name
    (issue 11: no untyped scratch dictionary). Filled lazily; empty for a new letter."""

    analysis: Analysis | None = None  # sentences and tokens (CheckContext.analysis)
    sentence_units: list[Span] | None = None  # metric: body sentences split at list lines
    word_counts: dict[tuple[int, int], int] = field(default_factory=dict)  # metric: words of a span
    zones: tuple[list[Span], list[Span]] | None = None  # web and email addresses; quotations
    token_starts: list[int] | None = None  # grammar: start offset of every analysis token
    unit_tokens: dict[tuple[int, int, int], Any] = field(default_factory=dict)  # grammar: by unit
    harper: tuple[frozenset[str], list[tuple[Span, Any]]] | None = None  # rules asked, lints
    languagetool_asked: bool = False  # LanguageTool was asked (or set aside) for this letter
    languagetool: tuple[Span, list[Any]] | None = None  # the body and its matches
    # sentences of an area, their starts, and whether they are in order (sentence_holding)
    sentence_index: dict[tuple[int, int], tuple[list[Span], list[int], bool]] = field(default_factory=dict)
    # required's windows: the letter's sentences (True) or paragraphs (False) and their starts
    # when in order and not overlapping (so a window is found by bisection)
    window_units: dict[bool, tuple[list[Span], list[int] | None]] = field(default_factory=dict)
    # required's searches: per (pattern id, area end), (searched from, first match start or None)
    first_match: dict[tuple[int, int], tuple[int, int | None]] = field(default_factory=dict)
    # signposting: per rule code, the agencies whose own contact details the letter gives
    signposting_given: dict[str, frozenset[str]] = field(default_factory=dict)
    # paragraphs and sentences of an area, by (start, end): asked for by many rules
    paragraph_spans: dict[tuple[int, int], tuple[Span, ...]] = field(default_factory=dict)
    sentence_spans: dict[tuple[int, int], tuple[Span, ...]] = field(default_factory=dict)


@dataclass
class CheckContext:
    """Everything a check may look at, built once per letter."""

    letter: Letter
    config: Config
    banks: Mapping[str, PhraseBank]
    _analysis: Callable[[], Analysis]
    memo: LetterMemo = field(default_factory=LetterMemo)  # computed once, shared by the checks
    notes: list[str] = field(default_factory=list)  # said in the report ("grammar ran with ...")
    complaint: Letter | None = None  # the complainant's letter, when given (--complaint)
    # Spans each rule found in this letter, by code, filled by the engine as rules run; a kind
    # whose implementation says RUNS_LAST runs after all others and reads them.
    found: dict[str, tuple[Span, ...]] = field(default_factory=dict)
    # ... and of those, the spans of findings at warning level or above (not hints)
    found_loud: dict[str, tuple[Span, ...]] = field(default_factory=dict)

    def note(self, text: str) -> None:
        """Add ``text`` to the report's notes, once."""
        if text not in self.notes:
            self.notes.append(text)

    @property
    def doc(self) -> Document:
        """The letter's Document (normalised text, blocks with their spans)."""
        return self.letter.doc

    @property
    def text(self) -> str:
        """The letter's normalised text; every span indexes it."""
        return self.letter.doc.text

    @property
    def analysis(self) -> Analysis:
        """Sentences, tokens, lemmas (and POS with a trained pipeline), built lazily once."""
        if self.memo.analysis is None:
            self.memo.analysis = self._analysis()
        return self.memo.analysis

    def part(self, name: str) -> Span | None:
        """The span of the letter part ``name`` (salutation, subject, body...), or None when the
        letter has none."""
        p = self.letter.parts.get(name)
        return p.span if p else None

    @property
    def body(self) -> Span:
        """The span of the letter's body (between the salutation and the valediction)."""
        return self.letter.body.span

    def units_and_parts(self, scope: str, parts: Sequence[str] | None) -> list[Span]:
        """``units(scope)``, then each named letter part (``"subject"``...) that lies outside
        them, in order of place: a rule with a ``parts`` parameter reads the subject line as
        well as the body, and the body comes first (a term the body explains is not reported
        again from the subject line). Raises CheckError for an unknown scope."""
        units = list(self.units(scope))
        extra = [s for name in parts or () if (s := self.part(name)) is not None
                 and not any(s.overlaps(u) for u in units)]
        return units + sorted(extra)

    def paragraphs(self, within: Span | None = None) -> list[Span]:
        """Non-empty blocks inside ``within`` (default: the body), as spans."""
        area = within or self.body
        key = (area.start, area.end)
        kept = self.memo.paragraph_spans.get(key)
        if kept is None:
            kept = self.memo.paragraph_spans[key] = tuple(
                Span(max(b.span.start, area.start), min(b.span.end, area.end))
                for b in self.doc.blocks if b.text.strip() and area.overlaps(b.span))
        return list(kept)

    def sentences(self, within: Span | None = None) -> list[Span]:
        """The analysis sentences inside ``within`` (default: the body), as spans."""
        area = within or self.body
        key = (area.start, area.end)
        kept = self.memo.sentence_spans.get(key)
        if kept is None:
            kept = self.memo.sentence_spans[key] = tuple(s for s in self.analysis.sentences if area.contains(s))
        return list(kept)

    def sentence_holding(self, at: int, within: Span | None = None) -> Span | None:
        """The first of ``sentences(within)`` with ``start <= at < end``, in O(log n) (the list
        and its starts are kept in ``memo``; a check that asks once per match stays linear)."""
        area = within or self.body
        key = (area.start, area.end)
        if key not in self.memo.sentence_index:
            spans = self.sentences(area)
            ordered = all(a.end <= b.start for a, b in itertools.pairwise(spans))
            self.memo.sentence_index[key] = (spans, [s.start for s in spans], ordered)
        spans, starts, ordered = self.memo.sentence_index[key]
        if not ordered:
            return next((s for s in spans if s.start <= at < s.end), None)
        i = bisect.bisect_right(starts, at) - 1
        return spans[i] if i >= 0 and at < spans[i].end else None

    def units(self, scope: str) -> list[Span]:
        """The spans a rule with this scope looks at, one at a time."""
        if scope == "letter":
            return [Span(0, len(self.text))]
        if scope == "body":
            return [self.body]
        if scope == "paragraph":
            return self.paragraphs()
        if scope == "sentence":
            return self.sentences()
        if scope.startswith("part:"):
            span = self.part(scope[5:])
            return [span] if span else []
        raise CheckError(f"unknown scope {scope!r}")


def match_vars(m: Match) -> dict[str, Any]:
    """Message placeholders for a pattern match: {match}, {replacement}, {explain}, {meaning}."""
    e = m.pattern.entry
    return {
        "match": m.text,
        "replacement": (e.replacement if e else None) or "",
        "explain": (e.explain if e else None) or "",
        "meaning": (e.meaning if e else None) or "",
    }


def case_like(source: str, replacement: str) -> str:
    """Give ``replacement`` the capital letter of ``source`` when it starts a word in capitals
    (an acronym's replacement is written in ordinary case)."""
    if source.isupper() and len(source) > 1:
        return replacement
    if source[:1].isupper() and not replacement[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
