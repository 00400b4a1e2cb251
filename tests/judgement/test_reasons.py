"""The rating's one-line reason (issue 13): it names the items that held the letter back, says
what the rating assumes without --complaint, and explains a score that seems to disagree with
the rating. Shown in the terminal, JSON (score.reasons), CSV and HTML."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from letterlint import reports as formatters
from letterlint.config.settings import Config
from letterlint.engine.check import check_path
from letterlint.model import Report
from tests.conftest import ROOT, wrap_letter

CASES = ROOT / "tests" / "fixtures" / "inputs" / "judgement"


def check(path: Path, complaint: Path | None = None) -> Report:
    rep = check_path(path, Config(), {}, complaint)
    assert rep.error is None and rep.score is not None
    return rep


def test_adequate_letter_names_the_item_that_held_it_back() -> None:
    rep = check(CASES / "passive-admission-no-apology.txt")
    assert rep.score is not None and rep.score.rating == "adequate"
    assert rep.score.reasons[0] == "Q27 apology not met"
    # it scores 88, more than the 85 a better-than-adequate letter needs: the report says why
    assert any("scores 88" in r and "7.46-7.47" in r for r in rep.score.reasons)


def test_spelling_mistakes_are_counted_in_words(tmp_path: Path) -> None:
    text = (CASES / "remedy-in-later-paragraph.txt").read_text(encoding="utf-8")
    bad = text.replace("upsetting", "upseting").replace("latest police", "lattest police")
    letter = tmp_path / "two-slips.txt"
    letter.write_text(bad, encoding="utf-8")
    rep = check(letter)
    assert rep.score is not None and rep.score.rating == "adequate"
    assert "2 spelling mistakes" in rep.score.reasons


def test_without_complaint_the_rating_assumes_every_point_answered() -> None:
    rep = check(CASES / "remedy-in-later-paragraph.txt")
    assert rep.score is not None and rep.score.rating == "better-than-adequate"
    assert rep.score.reasons[0] == "every item met"
    assert any("assumes every point in the complaint was answered" in r for r in rep.score.reasons)


def test_with_complaint_there_is_no_assumption(tmp_path: Path) -> None:
    complaint = tmp_path / "complaint.txt"
    complaint.write_text("Dear Sir\n\nNobody wrote to tell me the case had been stopped. I want to know why.\n",
                         encoding="utf-8")
    rep = check(CASES / "remedy-in-later-paragraph.txt", complaint)
    assert rep.score is not None
    assert not any("assumes" in r for r in rep.score.reasons)


def test_a_complaint_with_no_points_is_named_in_the_reasons(tmp_path: Path) -> None:
    """A complaint file in which no point could be found leaves Q28 not assessed, and the
    reasons say so rather than "every item met" alone (breaker11 item 14)."""
    complaint = tmp_path / "complaint.txt"
    complaint.write_text("Hi\n", encoding="utf-8")
    rep = check(CASES / "remedy-in-later-paragraph.txt", complaint)
    assert rep.score is not None
    assert any(r.startswith("Q28 not assessed: no separate points") for r in rep.score.reasons), rep.score.reasons


def test_below_standard_letter_with_a_high_score_says_why(tmp_path: Path) -> None:
    letter = tmp_path / "cold.txt"
    letter.write_text(wrap_letter(
        "I have decided not to uphold your complaint. The prosecutor reviewed the evidence and decided "
        "that there was not enough to charge. That was the right decision under the Code for Crown "
        "Prosecutors.\n\nIf you are not satisfied with this reply, you can ask for your complaint to be "
        "reviewed by the Deputy Chief Crown Prosecutor. Please write to us within one calendar month of "
        "the date of this letter, that is by 3 December 2026."), encoding="utf-8")
    rep = check(letter)
    assert rep.score is not None and rep.score.rating == "below-standard", rep.score.reasons
    assert rep.score.reasons[0] == "Q25 empathy not met"
    assert any("lacks empathy is below the standard" in r and "7.48" in r for r in rep.score.reasons)


def test_reasons_in_every_output() -> None:
    rep = check(CASES / "passive-admission-no-apology.txt")
    line = "; ".join(rep.score.reasons) if rep.score else ""
    data = json.loads(formatters.render("json", [rep]))
    assert data["reports"][0]["score"]["reasons"][0] == "Q27 apology not met"
    row = next(csv.DictReader(io.StringIO(formatters.render("csv", [rep]))))
    assert row["why"] == line
    assert "Q27 apology not met" in formatters.render("html", [rep])
    assert "why: Q27 apology not met" in formatters.render("terminal", [rep])


def test_a_letter_below_the_standard_still_names_its_few_slips() -> None:
    """A fresh user's finding: a below-standard letter with two misspellings (fewer than
    "numerous") listed every failed item but not the slips, so the why-line hid what the writer
    could fix in a minute."""
    rep = check(ROOT / "examples" / "stage-one-poor.docx")
    assert rep.score is not None and rep.score.rating == "below-standard"
    spelling = sum(1 for f in rep.findings if f.item == "Q22" and f.severity.value == "error")
    assert spelling >= 1
    assert f"{spelling} spelling mistake{'s' if spelling != 1 else ''}" in rep.score.reasons
    # Q34 covers greeting, sign-off, date, reference and the team's contact: named as such
    assert "Q34 addressing and letter details not met" in rep.score.reasons
    assert not any("not addressed correctly" in r for r in rep.score.reasons)
