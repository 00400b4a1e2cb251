"""addressing kind (LL331-LL335): salutation, sign-off, date, reference, team contact."""

from __future__ import annotations

from pathlib import Path

import pytest

from letterlint.config.settings import Config
from letterlint.engine.check import check_path
from letterlint.rules.loader import RuleSet, ruleset_for

FULL = ruleset_for()
CODES = ("LL331", "LL332", "LL333", "LL334", "LL335")


def codes(tmp_path: Path, text: str) -> list[str]:
    letter = tmp_path / "letter.txt"
    letter.write_text(text, encoding="utf-8")
    rules = tuple(r for r in FULL.rules if r.code in CODES)
    report = check_path(letter, Config(), {"letter_type": "stage-one"}, None, RuleSet(rules, FULL.banks))
    assert not [r for r in report.results if r.status == "errored"]
    return sorted(f.code for f in report.findings)


def letter(addressee: str = "Mrs Shazia Ahmed", date: str = "3 November 2026\n\n",
           ref: str = "Our reference: NW-1\n\n", salutation: str = "Dear Mrs Ahmed",
           valediction: str = "Yours sincerely", contact: str = "Telephone: 01632 960111\n") -> str:
    return (f"{addressee}\n4 Mill Lane\nPreston\nPR1 5RS\n\n{date}{ref}{salutation}\n\n"
            f"Thank you for your letter about the trial.\n\n{valediction}\n\nSam Writer\n"
            f"District Crown Prosecutor\nCPS North West\n{contact}")


def test_a_correct_letter_passes(tmp_path: Path) -> None:
    assert codes(tmp_path, letter()) == []


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"salutation": "Dear Mr Ahmed"}, ["LL331"]),
        ({"salutation": "Dear Ms Ahmed"}, ["LL331"]),
        ({"salutation": "Dear Mrs Ahmad"}, ["LL331"]),
        ({"salutation": "Dear Sir or Madam"}, ["LL331"]),  # not also LL332
        ({"salutation": "Dear Shazia"}, []),
        ({"salutation": "Dear Mrs Ahmed,"}, []),
        ({"valediction": "Yours faithfully"}, ["LL332"]),
        ({"date": ""}, ["LL333"]),
        ({"ref": ""}, ["LL334"]),
        ({"contact": ""}, ["LL335"]),
        ({"addressee": "Complaints Team", "salutation": "Dear Sir or Madam"}, ["LL332"]),
        ({"addressee": "Complaints Team", "salutation": "Dear Sir or Madam", "valediction": "Yours faithfully"}, []),
    ],
)
def test_defects(tmp_path: Path, kwargs: dict[str, str], expected: list[str]) -> None:
    assert codes(tmp_path, letter(**kwargs)) == expected
