"""deadline: a date the letter gives for escalating must be one calendar month after the
letter date (HMCPSI 2023 7.30; CPS 2025 response, recommendation 1).

A date counts as the escalation deadline when words such as "by", "before" or "no later
than" come just before it and the sentence is about escalating (``context`` patterns).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from letterlint.checks.base import CheckContext, Hit, ParamSpec
from letterlint.letter import dates
from letterlint.model import Span
from letterlint.rules.patterns import compile_patterns, finditer
from letterlint.rules.spec import PhraseBank, Rule

LEAD_RE = re.compile(
    r"\b(?:by|before|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before|until|deadline\s+(?:is|of))"
    r"(?:\s+(?:the\s+end\s+of|midnight\s+on|close\s+of\s+business\s+on))?\s*:?\s*$",
    re.IGNORECASE,
)

PARAMS = {
    "context": ParamSpec(
        "patterns", required=True,
        doc="the sentence holding the date must match one of these (it is about escalating)",
    ),
    "months": ParamSpec("int", default=1, doc="calendar months after the letter date"),
    "lead_chars": ParamSpec(
        "int", default=30, doc="how far before the date to look for 'by', 'before'..."
    ),
}


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
    if params["months"] < 1:
        raise ValueError("months: at least 1")
    return {"context": compile_patterns(params["context"], banks)}


def _sentence(ctx: CheckContext, span: Span) -> Span:
    s = ctx.sentence_holding(span.start)
    if s is not None:
        return s
    for p in ctx.paragraphs():
        if p.start <= span.start < p.end:
            return p
    return span


def expected(letter_date: dt.date, months: int) -> dt.date:
    return dates.add_calendar_month(letter_date, months)


def run(rule: Rule, ctx: CheckContext) -> list[Hit]:
    p = rule.params
    letter_date = ctx.letter.fact("letter_date")
    if not isinstance(letter_date, dt.date):
        return []  # no date to count from: LL333 reports the missing date
    want = expected(letter_date, p["months"])
    hits: list[Hit] = []
    found_any = False
    for unit in ctx.units(rule.scope):
        for span, given in dates.find_dates(ctx.text, unit):
            before = ctx.text[max(unit.start, span.start - p["lead_chars"]) : span.start]
            if not LEAD_RE.search(before):
                continue
            sentence = _sentence(ctx, span)
            if not any(True for _ in finditer(rule.compiled["context"], ctx.text, sentence)):
                continue
            found_any = True
            if given != want:
                hits.append(Hit(span, suggestion=dates.format_uk(want), vars={
                    "given": dates.format_uk(given), "expected": dates.format_uk(want),
                    "letter_date": dates.format_uk(letter_date),
                    "difference": (given - want).days,
                }))
    if not found_any:
        ctx.did_not_arise(rule.code)
    return hits
