"""What every check kind shares: the Hit it returns, its params schema and its context."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from letterlint.model import Document, Fix, Letter, Span
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


@dataclass(frozen=True)
class ParamSpec:
    """Schema of one param of a check kind (yamllint style: self-documenting defaults)."""

    type: str  # "patterns", "str", "int", "float", "bool", "list[str]", "scope", "bank", "map"
    required: bool = False
    default: Any = None
    doc: str = ""
    choices: tuple[Any, ...] = ()


class CheckError(Exception):
    """A check kind could not run for a reason worth telling the user (not a crash)."""


class Skip(Exception):
    """Raised by a check that cannot run here (e.g. needs a trained pipeline)."""


@dataclass
class CheckContext:
    """Everything a check may look at, built once per letter."""

    letter: Letter
    config: Config
    banks: Mapping[str, PhraseBank]
    _analysis: Callable[[], Analysis]
    cache: dict[str, Any] = field(default_factory=dict)  # shared between checks of one letter
    complaint: Letter | None = None  # the complainant's letter, when given (--complaint)
    not_arisen: set[str] = field(default_factory=set)  # rules whose situation did not arise

    def did_not_arise(self, rule_code: str) -> None:
        """Record that what a rule checks did not come up (no admitted failing, no referral to
        another agency...), so its questionnaire item is answered 'not applicable'."""
        self.not_arisen.add(rule_code)

    @property
    def doc(self) -> Document:
        return self.letter.doc

    @property
    def text(self) -> str:
        return self.letter.doc.text

    @property
    def analysis(self) -> Analysis:
        """Sentences, tokens, lemmas (and POS with a trained pipeline), built lazily once."""
        if "_analysis" not in self.cache:
            self.cache["_analysis"] = self._analysis()
        result: Analysis = self.cache["_analysis"]
        return result

    def part(self, name: str) -> Span | None:
        p = self.letter.parts.get(name)
        return p.span if p else None

    @property
    def body(self) -> Span:
        return self.letter.body.span

    def paragraphs(self, within: Span | None = None) -> list[Span]:
        """Non-empty blocks inside ``within`` (default: the body), as spans."""
        area = within or self.body
        out = []
        for b in self.doc.blocks:
            if b.text.strip() and area.overlaps(b.span):
                out.append(Span(max(b.span.start, area.start), min(b.span.end, area.end)))
        return out

    def sentences(self, within: Span | None = None) -> list[Span]:
        area = within or self.body
        return [s for s in self.analysis.sentences if area.contains(s)]

    def sentence_holding(self, at: int, within: Span | None = None) -> Span | None:
        """The first of ``sentences(within)`` with ``start <= at < end``, in O(log n) (the list
        and its starts are kept in ``cache``; a check that asks once per match stays linear)."""
        area = within or self.body
        key = f"_sentence_starts:{area.start}:{area.end}"
        if key not in self.cache:
            spans = self.sentences(area)
            ordered = all(a.end <= b.start for a, b in itertools.pairwise(spans))
            self.cache[key] = (spans, [s.start for s in spans], ordered)
        spans, starts, ordered = self.cache[key]
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
    """Message placeholders for a pattern match: {match}, {replacement}, {explain}."""
    e = m.pattern.entry
    return {
        "match": m.text,
        "replacement": (e.replacement if e else None) or "",
        "explain": (e.explain if e else None) or "",
        "note": (e.note if e else None) or "",
    }


def case_like(source: str, replacement: str) -> str:
    """Give ``replacement`` the capital letter of ``source`` when it starts a word in capitals
    (an acronym's replacement is written in ordinary case)."""
    if source.isupper() and len(source) > 1:
        return replacement
    if source[:1].isupper() and not replacement[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
