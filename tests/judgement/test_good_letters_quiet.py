"""A false error on a good letter teaches a manager to ignore the tool (issue 13): no
error-level finding on any corpus letter labelled better than adequate."""

from __future__ import annotations

from pathlib import Path

import pytest

from letterlint.config.settings import Config
from letterlint.engine.check import check_path
from tests.conftest import ROOT, read_yaml, wrap_letter

CORPUS = ROOT / "tests" / "corpus"


@pytest.mark.slow  # every better-than-adequate corpus letter
def test_no_error_on_letters_labelled_better_than_adequate() -> None:
    labels = read_yaml(CORPUS / "labels.yaml")["letters"]
    good = [entry for entry in labels if entry["rating"] == "better-than-adequate"]
    assert len(good) >= 10
    loud = {}
    for entry in good:
        rep = check_path(CORPUS / "letters" / entry["file"], Config(), {}, None)
        errors = [(f.code, f.quote) for f in rep.active_findings if f.severity.value == "error"]
        if errors:
            loud[entry["file"]] = errors
    assert loud == {}


GOOD_BODY = """Thank you for your letter of 20 October about the delay in telling you that the trial
had been moved. I have looked at the file and spoken to the lawyer who dealt with the case.

You should have been told about the new trial date within one working day, and you were not
told for a week. I am sorry that this happened. I uphold your complaint. We have now added a check
so that every change of date is passed to the Witness Care Unit on the day it is made.

{slip}

If you are not satisfied with this reply, you can ask for your complaint to be looked at again
at stage two. Please write to us within one calendar month of the date of this letter."""


def _check(tmp_path: Path, slip: str, config: Config | None = None) -> list[tuple[str, str, str]]:
    letter = tmp_path / "reply.txt"
    letter.write_text(wrap_letter(GOOD_BODY.format(slip=slip)), encoding="utf-8")
    rep = check_path(letter, config or Config(), {}, None)
    return [(f.code, f.quote, f.severity.value) for f in rep.active_findings if f.item in ("Q22", "Q23")]


def test_one_slip_in_a_good_letter_is_a_warning_and_still_answers_q22(tmp_path: Path) -> None:
    # HMCPSI 7.46: better than adequate letters hold "no, or very minor" spelling mistakes
    one = _check(tmp_path, "The new date was sent to you in a seperate letter.")
    assert [(c, q) for c, q, _ in one] == [("LL401", "seperate")]
    assert {s for _, _, s in one} == {"warning"}
    rep = check_path(tmp_path / "reply.txt", Config(), {}, None)
    assert rep.score is not None and {o.item: o.answer for o in rep.score.items}["Q22"] == "yes"


def test_more_slips_than_a_good_letter_may_hold_are_all_errors(tmp_path: Path) -> None:
    # 7.47: adequate letters "often contained more than one or two" minor errors
    two = _check(tmp_path, "The new date was sent to you in a seperate letter, wich I enclose.")
    assert sorted(q for _, q, _ in two) == ["seperate", "wich"]
    assert {s for _, _, s in two} == {"error"}


def test_a_severity_the_user_set_is_kept(tmp_path: Path) -> None:
    config = Config().merged({"rules.severity": {"LL401": "error"}}, "test")
    one = _check(tmp_path, "The new date was sent to you in a seperate letter.", config)
    assert one == [("LL401", "seperate", "error")]
