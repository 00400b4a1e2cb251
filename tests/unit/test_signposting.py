"""signposting kind (LL301): a referral to another agency needs contact details nearby."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from letterlint.config.settings import Config
from letterlint.engine.check import check_path
from letterlint.model import Finding
from letterlint.rules.loader import RuleSet, ruleset_for
from tests.conftest import wrap_letter

FULL = ruleset_for()


def run(tmp_path: Path, body: str, contacts: dict[str, Any] | None = None) -> tuple[list[Finding], str]:
    letter = tmp_path / "letter.txt"
    letter.write_text(wrap_letter(body), encoding="utf-8")
    rule = FULL.by_code("LL301")
    assert rule is not None
    config = Config()
    if contacts is not None:
        config.set("contacts", contacts, "test")
    report = check_path(letter, config, {"letter_type": "stage-one"}, None, RuleSet((rule,), FULL.banks))
    status = next(r.status for r in report.results if r.code == "LL301")
    return [f for f in report.findings if f.code == "LL301"], status


@pytest.mark.parametrize(
    "body",
    [
        "The police did not tell us about the new statement.",
        "The officer in the case will contact you next week.",
        "I have written to the court to ask for the order to be corrected.",
        "The defendant was sentenced at the Crown Court on 4 May.",
    ],
)
def test_mentions_are_not_referrals(tmp_path: Path, body: str) -> None:
    found, status = run(tmp_path, body)
    assert found == []
    assert status == "not-applicable"


@pytest.mark.parametrize(
    "contact",
    ["on 01632 960123", "at complaints@police.example.uk", "at www.essex.police.uk",
     "at Police Headquarters, Springfield, Chelmsford CM2 6DA", "on 101"],
)
def test_contact_details_satisfy(tmp_path: Path, contact: str) -> None:
    found, status = run(tmp_path, f"You may wish to contact Essex Police about this. You can reach them {contact}.")
    assert found == []
    assert status == "passed"


def test_suggestion_uses_configured_contacts(tmp_path: Path) -> None:
    found, _ = run(tmp_path, "This is a matter you should raise with Essex Police.",
                   {"police": "101 or www.essex.police.uk"})
    assert len(found) == 1
    assert found[0].suggestion == "You can contact Essex Police on 101 or www.essex.police.uk."
    assert "Essex Police" in found[0].message


def test_contacts_by_agency_name_win(tmp_path: Path) -> None:
    found, _ = run(tmp_path, "Please take this up with HMCTS.",
                   {"HMCTS": "0300 123 5577", "court": "the court office"})
    assert found[0].suggestion == "You can contact HMCTS on 0300 123 5577."


def test_without_contacts_the_suggestion_has_placeholders(tmp_path: Path) -> None:
    found, _ = run(tmp_path, "Victim Support may be able to help you.")
    assert found and "[telephone number]" in (found[0].suggestion or "")


def test_one_finding_per_agency(tmp_path: Path) -> None:
    body = "You should contact the police about this. You can also complain to the police about the officer."
    found, _ = run(tmp_path, body)
    assert len(found) == 1


def test_agency_with_details_counts_as_signposting_done(tmp_path: Path) -> None:
    body = ("West Yorkshire Police deal with complaints about their officers. Their Professional "
            "Standards Department is on 101 and at www.westyorkshire.police.uk.")
    found, status = run(tmp_path, body)
    assert found == []
    assert status == "passed"
