"""conditional: if a trigger appears, something else must appear near it.

Example: where the letter admits a failing ("should have", "our mistake"), an unequivocal
apology must appear in the same or the next paragraph.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Mapping
from typing import Any

from letterlint.checks.base import CheckContext, Hit, ParamSpec, match_vars
from letterlint.checks.existence import excepted
from letterlint.model import Span
from letterlint.rules.patterns import (
    MATCH_TIMEOUT_S,
    Pattern,
    PatternError,
    _present,
    compile_patterns,
    finditer,
    non_overlapping,
)
from letterlint.rules.spec import PhraseBank, Rule

WITHIN_RE = re.compile(r"^(sentence|paragraph|next-paragraph|body|letter|sentences:\d+|paragraphs:\d+)$")

PARAMS = {
    "if": ParamSpec("patterns", required=True, doc="the trigger"),
    "then": ParamSpec("patterns", required=True, doc="what must appear near the trigger"),
    "within": ParamSpec(
        "str", default="paragraph",
        doc="sentence | paragraph | next-paragraph | sentences:N | paragraphs:N | body | letter",
    ),
    "direction": ParamSpec(
        "str", default="around", choices=("around", "after"),
        doc="look on both sides of the trigger, or only after it",
    ),
    "exceptions": ParamSpec("patterns", default=[], doc="triggers overlapping these are ignored"),
    "unless": ParamSpec(
        "patterns", default=[], doc="if one of these is in the window, the trigger is excused"
    ),
    "report": ParamSpec("str", default="first", choices=("first", "each"),
                        doc="report the first unmet trigger only, or each"),
    "suggest": ParamSpec("str", default="", doc="wording to add"),
}


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
    if not WITHIN_RE.match(str(params["within"])):
        raise ValueError(f"within: {params['within']!r} is not a window ({PARAMS['within'].doc})")
    return {
        "if": compile_patterns(params["if"], banks),
        "then": compile_patterns(params["then"], banks),
        "exceptions": compile_patterns(params["exceptions"] or [], banks),
        "unless": compile_patterns(params["unless"] or [], banks),
    }


def _containing(spans: list[Span], at: Span, starts: list[int] | None = None) -> int | None:
    """Index of the first of ``spans`` holding ``at``; with ``starts`` (the spans' starts, the
    spans in order and not overlapping), found by bisection when ``at`` is not empty."""
    if starts is not None and at.end > at.start:
        i = bisect.bisect_right(starts, at.start) - 1
        return i if i >= 0 and at.start < spans[i].end else None
    for i, s in enumerate(spans):
        if s.start <= at.start < s.end or s.contains(at):
            return i
    return None


def _units(ctx: CheckContext, sentences: bool) -> tuple[list[Span], list[int] | None]:
    """The letter's sentences or paragraphs, and their starts when they are in order and do not
    overlap (so ``_containing`` may bisect), built once per letter."""
    key = "_conditional_sentences" if sentences else "_conditional_paragraphs"
    if key not in ctx.cache:
        whole = Span(0, len(ctx.text))
        units = ctx.sentences(whole) if sentences else ctx.paragraphs(whole)
        ordered = all(a.end <= b.start for a, b in itertools.pairwise(units))
        ctx.cache[key] = (units, [u.start for u in units] if ordered else None)
    result: tuple[list[Span], list[int] | None] = ctx.cache[key]
    return result


def window(ctx: CheckContext, trigger: Span, within: str, direction: str) -> Span:
    body = ctx.body
    if within == "letter":
        area = Span(0, len(ctx.text))
    elif within == "body":
        area = body
    else:
        kind, _, n = within.partition(":")
        units, starts = _units(ctx, kind.startswith("sentence"))
        if kind.startswith("sentence"):
            extra = int(n) if n else 0
        else:
            extra = int(n) if n else (1 if kind == "next-paragraph" else 0)
        i = _containing(units, trigger, starts)
        if i is None:
            area = Span(trigger.start, min(len(ctx.text), trigger.end + 300))
        else:
            lo = i if direction == "after" else max(0, i - extra)
            hi = min(len(units) - 1, i + extra)
            area = Span(units[lo].start, units[hi].end)
    if direction == "after":
        area = Span(trigger.start, max(trigger.start, area.end))
    return area


def _exists(ctx: CheckContext, patterns: tuple[Pattern, ...], area: Span) -> bool:
    """Whether ``finditer(patterns, ctx.text, area)`` finds anything, answered without scanning
    the same text again for each trigger (issue 15: with ``within: body`` every admission
    re-scanned the rest of the letter, so long letters were quadratic).

    Whether a pattern matches at a place does not depend on where the search started (the text
    before it stays visible to ``\b`` and look-behinds), so the first non-empty match found
    from ``start`` up to ``end`` is also the first from any later start up to it. Per pattern
    and ``end``, the last search is remembered: (searched from, first match start or None)."""
    memo: dict[tuple[int, int], tuple[int, int | None]] = ctx.cache.setdefault("_conditional_first", {})
    text = ctx.text
    for p in _present(patterns, text):
        key = (id(p), area.end)
        known = memo.get(key)
        if known is not None and known[0] <= area.start and (known[1] is None or known[1] >= area.start):
            first = known[1]
        else:
            first = None
            try:
                for m in p.regex.finditer(text, area.start, area.end, timeout=MATCH_TIMEOUT_S):
                    if m.end() > m.start():
                        first = m.start()
                        break
            except TimeoutError as exc:
                raise PatternError(f"pattern {p.raw!r} took too long and was stopped") from exc
            memo[key] = (area.start, first)
        if first is not None:
            return True
    return False


def run(rule: Rule, ctx: CheckContext) -> list[Hit]:
    comp = rule.compiled
    p = rule.params
    hits: list[Hit] = []
    triggered = False
    for unit in ctx.units(rule.scope):
        for m in non_overlapping(finditer(comp["if"], ctx.text, unit)):
            if excepted(comp["exceptions"], ctx.text, m.span, unit):
                continue
            triggered = True
            area = window(ctx, m.span, p["within"], p["direction"])
            if _exists(ctx, comp["then"], area):
                continue
            if comp["unless"] and _exists(ctx, comp["unless"], area):
                continue
            hits.append(Hit(m.span, suggestion=p["suggest"] or None, vars=match_vars(m)))
            if p["report"] == "first":
                return hits
    if not triggered:
        ctx.did_not_arise(rule.code)
    return hits
