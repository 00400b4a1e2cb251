"""Dates as letters write them, and calendar months."""

from __future__ import annotations

import datetime as dt

import pytest

from letterlint.letter.dates import (
    add_calendar_month,
    find_dates,
    format_uk,
    parse_any,
    parse_letter_date,
)

D = dt.date


@pytest.mark.parametrize("text, expected", [
    ("3 November 2026", D(2026, 11, 3)),
    ("3rd November 2026", D(2026, 11, 3)),
    ("Tuesday 3 November 2026", D(2026, 11, 3)),
    ("Tuesday, 3rd of November 2026", D(2026, 11, 3)),
    ("03/11/2026", D(2026, 11, 3)),  # day first
    ("3.11.2026", D(2026, 11, 3)),
    ("November 3, 2026", D(2026, 11, 3)),
    ("21st Sept 2026", D(2026, 9, 21)),
    ("Date: 1 February 2027", D(2027, 2, 1)),
    ("03-11-2026", D(2026, 11, 3)),
    ("Date: 3/11/26", D(2026, 11, 3)),  # a year of two figures is this century
    ("03.11.26", D(2026, 11, 3)),
    ("2026-11-03", D(2026, 11, 3)),  # ISO 8601, as some case systems print it
])
def test_parse_letter_date(text: str, expected: dt.date) -> None:
    assert parse_letter_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2026", "3 December", "Our ref: 2026/11/03", "no date here", "32 May 2026",
                                  "Ref AB/12/04/26/3", "version 1.2.26.4", "3/11-26", "2026-13-01", "31/02/26",
                                  "2026/11/03"])
def test_no_date(text: str) -> None:
    assert parse_letter_date(text) is None


def test_find_dates_gives_spans_into_the_text() -> None:
    text = "Thank you for your letter of 12 October 2026. I will reply by 24/11/2026 at the latest."
    found = find_dates(text)
    assert [(text[s.start : s.end], d) for s, d in found] == [
        ("12 October 2026", D(2026, 10, 12)), ("24/11/2026", D(2026, 11, 24))]


def test_parse_any_takes_dates_iso_strings_and_written_dates() -> None:
    assert parse_any(D(2026, 11, 3)) == D(2026, 11, 3)
    assert parse_any(dt.datetime(2026, 11, 3, 9, 30)) == D(2026, 11, 3)
    assert parse_any("2026-11-03") == D(2026, 11, 3)
    assert parse_any("3 November 2026") == D(2026, 11, 3)
    assert parse_any("soon") is None and parse_any(20261103) is None


@pytest.mark.parametrize("start, expected", [
    (D(2026, 11, 3), D(2026, 12, 3)),
    (D(2026, 1, 31), D(2026, 2, 28)),
    (D(2028, 1, 31), D(2028, 2, 29)),  # leap year
    (D(2026, 3, 31), D(2026, 4, 30)),
    (D(2026, 12, 15), D(2027, 1, 15)),
])
def test_add_calendar_month(start: dt.date, expected: dt.date) -> None:
    assert add_calendar_month(start) == expected


@pytest.mark.parametrize("d, text", [(D(2026, 12, 3), "3 December 2026"), (D(2027, 1, 12), "12 January 2027")])
def test_format_uk(d: dt.date, text: str) -> None:
    assert format_uk(d) == text
