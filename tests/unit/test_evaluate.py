"""letterlint.scoring.evaluate on small label files: a good letter's error-level finding counts
as a false error only when no label marks its words (issue 13, the README's accuracy table)."""

from __future__ import annotations

from pathlib import Path

LETTER = """Our ref: AB/CU/2026/0101
12 March 2026

Dear Ms Rowe

Thank you for your letter, which we recieved on 2 March 2026. I am sorry to hear how upset you
were when the hearing on 9 February was moved without anyone telling you.

I have looked at the file. The Witness Care Unit should have been told of the new date on
5 February and was not. That was our mistake and I apologise for it. I have asked the unit
manager to add a check so that every change of date is passed on the same day. I uphold your
complaint.

If you are unhappy with this reply, you can ask for it to be reviewed at stage two by writing
to the Chief Crown Prosecutor within one calendar month of the date of this letter, at
complaints@example.org or CPS Wessex, 1 High Street, Exeter EX1 1AA.

Yours sincerely

Jane Hale
District Crown Prosecutor
CPS Wessex, 1 High Street, Exeter EX1 1AA. Telephone 01632 960123. Email wessex@example.org
"""


def _labels(tmp_path: Path, findings: str) -> Path:
    (tmp_path / "a.txt").write_text(LETTER, encoding="utf-8")
    labels = tmp_path / "labels.yaml"
    labels.write_text("letters:\n  - file: a.txt\n    letter_type: stage-one\n    rating: better-than-adequate\n"
                      f"    items: {{}}\n    findings: {findings}\n", encoding="utf-8")
    return labels


def test_a_labelled_slip_on_a_good_letter_is_not_a_false_error(tmp_path: Path) -> None:
    from letterlint.scoring.evaluate import evaluate, render_side_by_side

    got = evaluate(_labels(tmp_path, '[{item: Q22, quote: "recieved"}]'))
    assert [x.split(":")[0] for x in got.good_with_errors] == ["a.txt"]
    assert got.good_with_false_errors == []
    table = render_side_by_side({"one": got})
    assert "| Good letters with an error-level finding | 1/1 (100%) |" in table
    assert "(a false error) | 0/1 (0%) |" in table


def test_an_unlabelled_error_on_a_good_letter_is_a_false_error(tmp_path: Path) -> None:
    from letterlint.scoring.evaluate import evaluate

    got = evaluate(_labels(tmp_path, "[]"))
    assert len(got.good_with_errors) == 1
    assert got.good_with_false_errors == got.good_with_errors
    assert "LL401 'recieved'" in got.good_with_false_errors[0]
