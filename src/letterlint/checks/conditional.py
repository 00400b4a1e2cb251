"""conditional: if a trigger appears, something else must appear near it.

Example: where the letter admits a failing ("should have", "our mistake"), an unequivocal
apology must appear in the same or the next paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from letterlint.checks.base import CheckContext, Hit, ParamSpec, match_vars
from letterlint.checks.existence import excepted
from letterlint.model import Span
from letterlint.rules.patterns import compile_patterns, finditer, non_overlapping
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


def _containing(spans: list[Span], at: Span) -> int | None:
    for i, s in enumerate(spans):
        if s.start <= at.start < s.end or s.contains(at):
            return i
    return None


def window(ctx: CheckContext, trigger: Span, within: str, direction: str) -> Span:
    body = ctx.body
    if within == "letter":
        area = Span(0, len(ctx.text))
    elif within == "body":
        area = body
    else:
        kind, _, n = within.partition(":")
        if kind.startswith("sentence"):
            units = ctx.sentences(Span(0, len(ctx.text)))
            extra = int(n) if n else 0
        else:
            units = ctx.paragraphs(Span(0, len(ctx.text)))
            extra = int(n) if n else (1 if kind == "next-paragraph" else 0)
        i = _containing(units, trigger)
        if i is None:
            area = Span(trigger.start, min(len(ctx.text), trigger.end + 300))
        else:
            lo = i if direction == "after" else max(0, i - extra)
            hi = min(len(units) - 1, i + extra)
            area = Span(units[lo].start, units[hi].end)
    if direction == "after":
        area = Span(trigger.start, max(trigger.start, area.end))
    return area


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
            if any(True for _ in finditer(comp["then"], ctx.text, area)):
                continue
            if comp["unless"] and any(True for _ in finditer(comp["unless"], ctx.text, area)):
                continue
            hits.append(Hit(m.span, suggestion=p["suggest"] or None, vars=match_vars(m)))
            if p["report"] == "first":
                return hits
    if not triggered:
        ctx.did_not_arise(rule.code)
    return hits
