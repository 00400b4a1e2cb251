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

from letterlint.checks.base import NOT_ARISEN, CheckContext, Hit, NotArisen, ParamSpec
from letterlint.letter import dates
from letterlint.model import Span
from letterlint.rules.patterns import compile_patterns, finditer
from letterlint.rules.spec import PhraseBank, Rule

LEAD_RE = re.compile(
    r"(?:\b(?:by|before|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before|until|deadline\s+(?:is|of))"
    r"(?:\s+(?:the\s+end\s+of|midnight\s+on|close\s+of\s+business\s+on))?(?:\s+the)?"
    # the date given after the time limit itself: "of the date of this letter, which is 5
    # December 2026", "..., that is 5 December", "... of this letter (5 December 2026)"
    r"|\b(?:letter|e-?mail|reply|response)\s*(?:,\s*(?:which|that)\s+is|,?\s*i\.e\.,?|\())\s*:?\s*$",
    re.IGNORECASE,
)

PARAMS = {
    "context": ParamSpec(
        "patterns", required=True,
        doc="the sentence holding the date must match one of these (it is about escalating)",
    ),
    "unless": ParamSpec(
        "patterns", default=[],
        doc="a sentence holding one of these is about another time limit (a Victims' Right to Review, "
            "an appeal, the police's own deadline), not escalating",
    ),
    "months": ParamSpec("int", default=1, doc="calendar months after the letter date"),
    "lead_chars": ParamSpec(
        "int", default=30, doc="how far before the date to look for 'by', 'before'..."
    ),
}


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
    """Compile ``params`` (already checked against PARAMS) once, at load: patterns and banks.
    Returns the kind's compiled form (``Rule.compiled``). Raises ValueError or PatternError,
    which the loader reports as ``file: params: ...``."""
    if params["months"] < 1:
        raise ValueError("months: at least 1")
    return {"context": compile_patterns(params["context"], banks),
            "unless": compile_patterns(params["unless"] or [], banks)}


def _sentence(ctx: CheckContext, span: Span) -> Span:
    s = ctx.sentence_holding(span.start)
    if s is not None:
        return s
    for p in ctx.paragraphs():
        if p.start <= span.start < p.end:
            return p
    return span


def expected(letter_date: dt.date, months: int) -> dt.date:
    """The escalation deadline: ``months`` calendar months after ``letter_date`` (31 January ->
    28 or 29 February). HMCPSI 2023 7.30; CPS 2025 response, recommendation 1."""
    return dates.add_calendar_month(letter_date, months)


# A date without a year counts as an escalation deadline only when its next occurrence falls
# within this many days of the letter date: past days in the story are written the same way
# ("the prosecutor did not review it until 26 September").
YEARLESS_WINDOW_DAYS = 92


def _next_on_or_after(start: dt.date, day: int, month: int) -> dt.date:
    """The first ``day`` ``month`` on or after ``start`` (29 February: the 28th in other years)."""
    for year in (start.year, start.year + 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            d = dt.date(year, month, 28)
        if d >= start:
            return d
    return d


WRONG_WEEKDAY = ("The escalation date {given} names the wrong day of the week: {date} is a {weekday}. "
                 "One calendar month after the letter date ({letter_date}) is {expected}.")


def run(rule: Rule, ctx: CheckContext) -> list[Hit] | NotArisen:
    """Hits for one letter: each escalation date that is not ``months`` calendar months after the
    letter date, with the right date; a date written without a year ("that is by 3 December")
    is checked by its day and month; a date whose day of the week is wrong ("Friday 28 February
    2026", a Saturday) is a hit too, the right date suggested with its right day. Source: Q32;
    HMCPSI 2023 7.30. Raises Skip when the check cannot run here; never modifies ``ctx``'s letter."""
    p = rule.params
    letter_date = ctx.letter.fact("letter_date")
    if not isinstance(letter_date, dt.date):
        return []  # no date to count from: LL333 reports the missing date
    want = expected(letter_date, p["months"])
    hits: list[Hit] = []
    found_any = False

    def is_deadline(span: Span, unit: Span) -> bool:
        before = ctx.text[max(unit.start, span.start - p["lead_chars"]) : span.start]
        if not LEAD_RE.search(before):
            return False
        sentence = _sentence(ctx, span)
        if rule.compiled["unless"] and any(True for _ in finditer(rule.compiled["unless"], ctx.text, sentence)):
            return False
        return any(True for _ in finditer(rule.compiled["context"], ctx.text, sentence))

    def check(span: Span, given: dt.date, yearless: bool) -> None:
        written = ctx.text[span.start:span.end]
        day_named = dates.named_weekday(written)
        right_day = day_named is None or day_named == given.weekday()
        if given == want and right_day:
            return
        vars_ = {"given": written if yearless or not right_day else dates.format_uk(given),
                 "expected": dates.format_uk(want), "letter_date": dates.format_uk(letter_date),
                 "difference": (given - want).days, "date": dates.format_uk(given),
                 "weekday": dates.WEEKDAYS[given.weekday()]}
        suggestion = dates.format_uk_with_weekday(want) if day_named is not None else dates.format_uk(want)
        message = WRONG_WEEKDAY if given == want else None
        hits.append(Hit(span, message=message, suggestion=suggestion, vars=vars_))

    for unit in ctx.units(rule.scope):
        for span, given in dates.find_dates(ctx.text, unit):
            if is_deadline(span, unit):
                found_any = True
                check(span, given, yearless=False)
        for span, day, month in dates.find_yearless_dates(ctx.text, unit):
            given = _next_on_or_after(letter_date, day, month)
            if (given - letter_date).days > YEARLESS_WINDOW_DAYS:
                continue  # a day of the story told without its year ("not until 26 September")
            if is_deadline(span, unit):
                found_any = True
                check(span, given, yearless=True)
    if not found_any:
        return hits or NOT_ARISEN
    return hits
