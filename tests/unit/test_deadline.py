"""deadline kind (LL113): the escalation date must be one calendar month after the letter date."""

from __future__ import annotations

from pathlib import Path

import pytest

from letterlint.config.settings import Config
from letterlint.engine.check import check_path
from letterlint.model import Finding
from letterlint.rules.loader import RuleSet, ruleset_for
from tests.conftest import wrap_letter

FULL = ruleset_for()


def run(tmp_path: Path, body: str, letter_date: str | None = None) -> list[Finding]:
    letter = tmp_path / "letter.txt"
    letter.write_text(wrap_letter(body), encoding="utf-8")
    rule = FULL.by_code("LL113")
    assert rule is not None
    report = check_path(letter, Config(), {"letter_type": "stage-one", "letter_date": letter_date},
                        None, RuleSet((rule,), FULL.banks))
    return [f for f in report.findings if f.code == "LL113"]


@pytest.mark.parametrize(
    ("letter_date", "given", "wrong"),
    [
        ("2026-11-03", "3 December 2026", False),
        ("2026-11-03", "2 December 2026", True),
        ("2026-10-07", "5 November 2026", True),
        ("2027-01-31", "28 February 2027", False),  # no 31 February: the month ends first
        ("2028-01-31", "29 February 2028", False),  # leap year
        ("2026-12-15", "15 January 2027", False),  # across the year end
        ("2026-12-15", "15 January 2026", True),  # wrong year
    ],
)
def test_dates(tmp_path: Path, letter_date: str, given: str, wrong: bool) -> None:
    body = f"Please write to us within one calendar month of the date of this letter, that is by {given}."
    found = run(tmp_path, body, letter_date)
    assert bool(found) is wrong
    if wrong:
        assert found[0].quote == given
        assert found[0].suggestion is not None and found[0].suggestion in found[0].message


def test_date_not_about_escalation_is_ignored(tmp_path: Path) -> None:
    assert run(tmp_path, "The hearing has been moved and will now be heard by 1 December 2026.") == []


def test_no_letter_date_means_nothing_to_check(tmp_path: Path) -> None:
    body = ("Dear Mrs Example\n\nPlease write to us within one calendar month of the date of this letter, "
            "that is by 2 December 2026.\n\nYours sincerely\n\nSam Writer")
    assert run(tmp_path, body) == []


@pytest.mark.parametrize(
    ("letter_date", "given", "wrong", "suggested"),
    [
        # without a year, the day and month are checked (breaker: "that is by 3 March")
        ("2026-02-03", "3 March", False, None),
        ("2026-02-03", "5 March", True, "3 March 2026"),
        ("2026-12-15", "15 January", False, None),  # the next 15 January, across the year end
        ("2026-12-15", "14 January", True, "15 January 2027"),
        ("2026-02-03", "March 5", True, "3 March 2026"),
        # the right date with the wrong day of the week: 28 February 2026 is a Saturday
        ("2026-01-28", "Friday 28 February 2026", True, "Saturday 28 February 2026"),
        ("2026-01-28", "Saturday 28 February 2026", False, None),
        ("2026-01-28", "Friday 28 February", True, "Saturday 28 February 2026"),
        # a wrong date with a day named: the right date comes with its own day
        ("2026-01-28", "Monday 2 March 2026", True, "Saturday 28 February 2026"),
    ],
)
def test_dates_without_a_year_and_days_of_the_week(tmp_path: Path, letter_date: str, given: str, wrong: bool,
                                                   suggested: str | None) -> None:
    body = f"Please write to us within one calendar month of the date of this letter, that is by {given}."
    found = run(tmp_path, body, letter_date)
    assert bool(found) is wrong, [f.message for f in found]
    if wrong:
        assert found[0].quote == given
        assert found[0].suggestion == suggested
    if wrong and given.startswith("Friday 28 February"):
        assert "names the wrong day of the week" in found[0].message and "is a Saturday" in found[0].message


def test_a_day_of_the_story_without_its_year_is_not_a_deadline(tmp_path: Path) -> None:
    """A past day told without its year, in a sentence with an escalation word, is not the
    escalation date: the lawyer 'did not review the file until 26 September' (letter of 10
    November) is not a wrong deadline."""
    body = ("The police sent us the file on 4 August, but the lawyer did not review it until 26 September. "
            "Please write to us within one calendar month of the date of this letter.")
    assert run(tmp_path, body, "2026-11-10") == []
