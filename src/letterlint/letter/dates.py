"""Dates as letters write them, and calendar months (the escalation time limit, HMCPSI 2023 7.30)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from letterlint.model import Span

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august", "september",
         "october", "november", "december"]
    )
}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH_RE = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY_NAME = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
DATE_RE = re.compile(
    rf"\b{_DAY_NAME}(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH_RE},?\s+(?P<year>(?:19|20)\d\d)\b"
    rf"|\b{_DAY_NAME}{_MONTH_RE.replace('month', 'month2')}\s+(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?,?"
    r"\s+(?P<year2>(?:19|20)\d\d)\b"
    r"|\b(?P<d>[0-3]?\d)(?P<sep>[/.-])(?P<m>[01]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)\b"
    # two figures for the year ("4/3/26", "04.03.26"): this century; not after a figure and a
    # slash or full stop (a reference such as "AB/12/04/26/3" is not a date)
    r"|(?<![\d/.-])\b(?P<d3>[0-3]?\d)(?P<sep3>[/.])(?P<m3>[01]?\d)(?P=sep3)(?P<y3>\d\d)\b(?![/.-]?\d)"
    # ISO 8601 ("2026-03-04"), as a system or a template may write it
    r"|(?<![\d/.-])\b(?P<y4>(?:19|20)\d\d)-(?P<m4>[01]\d)-(?P<d4>[0-3]\d)\b(?![/.-]?\d)",
    re.IGNORECASE,
)


def _from_match(m: re.Match[str]) -> dt.date | None:
    try:
        if m.group("day"):
            return dt.date(int(m.group("year")), MONTHS[m.group("month").lower().rstrip(".")],
                           int(m.group("day")))
        if m.group("day2"):
            return dt.date(int(m.group("year2")), MONTHS[m.group("month2").lower().rstrip(".")],
                           int(m.group("day2")))
        if m.group("y3"):
            return dt.date(2000 + int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
        if m.group("y4"):
            return dt.date(int(m.group("y4")), int(m.group("m4")), int(m.group("d4")))
        return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))  # UK order
    except (ValueError, KeyError):
        return None


def impossible_dates(text: str, area: Span | None = None) -> list[Span]:
    """Dates written in full that no calendar has ("31 February 2026", "30/02/2026", "0 May
    2026"), inside ``area``: a slip in the letter's own date, which ``find_dates`` leaves out
    (the letter would otherwise be reported as having no date at all)."""
    start, end = (0, len(text)) if area is None else (area.start, area.end)
    return [Span(m.start(), m.end()) for m in DATE_RE.finditer(text, start, end)
            if _from_match(m) is None and _year(m) in PLAUSIBLE_YEARS]


def _year(m: re.Match[str]) -> int:
    """The year a match of DATE_RE names, whichever way it is written."""
    if m.group("y3"):
        return 2000 + int(m.group("y3"))
    return int(m.group("year") or m.group("year2") or m.group("y") or m.group("y4"))


PLAUSIBLE_YEARS = range(1900, 2200)  # a letter dated outside these is a typing slip, not a date


def find_dates(text: str, area: Span | None = None) -> list[tuple[Span, dt.date]]:
    """Every full date written in ``text`` (inside ``area``): "3 November 2026", "3rd of
    November 2026", "Tuesday 3 November 2026", "November 3, 2026", "3 Nov 2026" and
    "03/11/2026", "3.11.2026" or "03-11-2026" (day first, as in the UK), "3/11/26" (a year of two
    figures is this century) and "2026-11-03" (ISO 8601). Dates without a year, and impossible
    dates such as 31/02/2026, and years outside ``PLAUSIBLE_YEARS`` are left out."""
    start, end = (0, len(text)) if area is None else (area.start, area.end)
    out = []
    for m in DATE_RE.finditer(text, start, end):
        d = _from_match(m)
        if d is not None and d.year in PLAUSIBLE_YEARS:
            out.append((Span(m.start(), m.end()), d))
    return out


_YEARLESS_RE = re.compile(
    rf"\b{_DAY_NAME}(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH_RE}(?![\w.,]*\s*,?\s*(?:19|20)\d\d\b)"
    rf"|\b{_DAY_NAME}{_MONTH_RE.replace('month', 'month2')}\s+(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\b"
    r"(?!,?\s*(?:19|20)\d\d\b)(?!\s*[/.:-]?\d)",
    re.IGNORECASE,
)
_WEEKDAY_RE = re.compile(r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", re.IGNORECASE)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def find_yearless_dates(text: str, area: Span | None = None) -> list[tuple[Span, int, int]]:
    """Dates written without a year ("3 March", "Friday 3rd of March", "March 3") inside
    ``area``, as (span, day, month): the escalation deadline is often given so ("that is by 3
    December"), and can be checked against the date it should be (HMCPSI 2023 7.30). Full dates
    (``find_dates``) and days no month has ("31 April") are left out."""
    start, end = (0, len(text)) if area is None else (area.start, area.end)
    out = []
    for m in _YEARLESS_RE.finditer(text, start, end):
        day = int(m.group("day") or m.group("day2"))
        month = MONTHS[(m.group("month") or m.group("month2")).lower().rstrip(".")]
        try:
            dt.date(2024, month, day)  # a leap year: 29 February is a day some year has
        except ValueError:
            continue
        end_ = m.end()
        if text[end_ - 1] == "." and len((m.group("month") or m.group("month2")).rstrip(".")) > 4:
            end_ -= 1  # "by 3 March." : the full stop ends the sentence ("3 Mar." keeps its own)
        out.append((Span(m.start(), end_), day, month))
    return out


def named_weekday(written: str) -> int | None:
    """The weekday (Monday 0 ... Sunday 6) a written date names at its start ("Friday 28
    February 2026" -> 4), or None when it names none."""
    m = _WEEKDAY_RE.match(written)
    return WEEKDAYS.index(m.group(1).capitalize()) if m else None


def format_uk_with_weekday(d: dt.date) -> str:
    """Saturday 28 February 2026: ``format_uk`` with the day of the week first."""
    return f"{WEEKDAYS[d.weekday()]} {format_uk(d)}"


def parse_letter_date(text: str) -> dt.date | None:
    """The first date written in ``text``, or None."""
    found = find_dates(text)
    return found[0][1] if found else None


def parse_any(value: Any) -> dt.date | None:
    """A date from front matter or a flag: a date, an ISO string or a written date; None when it
    is none of these or its year is not plausible for a letter (``PLAUSIBLE_YEARS``: 9999-12-31
    would overflow the escalation deadline one calendar month later)."""
    d: dt.date | None = None
    if isinstance(value, dt.datetime):
        d = value.date()
    elif isinstance(value, dt.date):
        d = value
    elif isinstance(value, str):
        try:
            d = dt.date.fromisoformat(value.strip())
        except ValueError:
            d = parse_letter_date(value)
    return d if d is not None and d.year in PLAUSIBLE_YEARS else None


def add_calendar_month(d: dt.date, months: int = 1) -> dt.date:
    """One calendar month later; 31 January -> 28 (or 29) February."""
    from dateutil.relativedelta import relativedelta

    result: dt.date = d + relativedelta(months=months)
    return result


def format_uk(d: dt.date) -> str:
    """3 December 2026 (no leading zero, GOV.UK style)."""
    return f"{d.day} {d.strftime('%B')} {d.year}"
