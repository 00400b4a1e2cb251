"""sensitive_names (LL391, LL392): names beside sensitive roles, with and without a trained pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from letterlint.checks.sensitive_names import BUILT_IN_NOT_NAMES, regex_names
from letterlint.config.settings import Config
from letterlint.engine.check import check_path
from letterlint.model import Finding, Span
from letterlint.rules.loader import RuleSet, load_rule, ruleset_for
from tests.conftest import ROOT, wrap_letter

BANKS = dict(ruleset_for().banks)  # the built-in banks, as kept (load_banks parses them all again)


def rule_set(code: str) -> RuleSet:
    """Only the rule under test (other engineers' rules may be half written)."""
    path = next((ROOT / "rules").glob(f"{code}-*.yaml"))
    return RuleSet((load_rule(path, BANKS),), BANKS)


def run(code: str, body: str, tmp_path: Path, trained: bool = True) -> list[Finding]:
    path = tmp_path / "letter.txt"
    path.write_text(wrap_letter(body), encoding="utf-8")
    config = Config()
    config.set("nlp.trained", trained, "test")
    report = check_path(path, config, {"letter_type": "stage-one"}, None, rule_set(code))
    assert not [r for r in report.results if r.status == "errored"]
    return [f for f in report.findings if f.code == code]


def names(text: str) -> list[str]:
    return [text[s.start : s.end] for s in regex_names(text, Span(0, len(text)), BUILT_IN_NOT_NAMES)]


def test_names_from_capitals_alone() -> None:
    assert names("I spoke to Mr Dean Hollings and to Kieran Doyle on Monday.") == [
        "Mr Dean Hollings", "Kieran Doyle"]
    # a capitalised sentence opener is dropped, the name after it is kept
    assert names("Yesterday Priya Patel rang.") == ["Priya Patel"]
    assert names("The Crown Court sat in May.") == ["Crown Court"]  # filtered by the rule's not_names
    assert names("Dear Sir or Madam") == []


@pytest.mark.parametrize("trained", [True, False])
def test_witness_and_youth_named(tmp_path: Path, trained: bool) -> None:
    body = ("Mr Dean Hollings, the independent eyewitness, was told on 4 September. "
            "The caution was given to Kieran Doyle, aged 16, by the police.")
    found = run("LL391", body, tmp_path, trained)
    assert [f.quote for f in found] == ["Mr Dean Hollings", "Kieran Doyle"]
    assert "names a witness" in found[0].message and "under 18" in found[1].message


@pytest.mark.parametrize("trained", [True, False])
def test_role_not_in_apposition_is_not_flagged(tmp_path: Path, trained: bool) -> None:
    body = ("The prosecutor, Mr Jones, spoke to the witness before the trial. "
            "Sarah Jones from the witness care unit will ring you.")
    assert run("LL391", body, tmp_path, trained) == []


def test_addressee_family_and_signatory_are_not_flagged(tmp_path: Path) -> None:
    body = ("Your son, Tom Example, aged 15, should have been told. "
            "Sam Writer, who gave evidence to the review, has apologised.")
    assert run("LL391", body, tmp_path) == []


def test_sexual_offence_victim_only_in_a_sexual_offence_case(tmp_path: Path) -> None:
    named = "The victim, Amy Walsh, was not told about the new date."
    assert run("LL392", named, tmp_path) == []
    found = run("LL392", named + " The rape trial was moved to March.", tmp_path)
    assert [f.quote for f in found] == ["Amy Walsh"]
    assert "anonymity" in found[0].message
