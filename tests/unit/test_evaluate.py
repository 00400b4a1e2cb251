"""letterlint.scoring.evaluate on small label files: a good letter's error-level finding counts
as a false error only when no label marks its words (issue 13, the README's accuracy table)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

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


def _eval(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    from tests.workflow import clihelp

    return clihelp.run(["eval", *args], tmp_path, {"NO_COLOR": "1"})


@pytest.mark.parametrize(("text", "cause"), [
    ("- a\n", "not a labels file: it is a YAML list; expected a mapping with a 'letters' list"),
    ("foo: [\n", "line 2: invalid YAML: expected the node content, but found '<stream end>'"),
    ("", "not a labels file: it is empty"),
    ("letters: 3\n", "letters: missing or not a list"),
    ("letters:\n  - a.txt\n", "letters[0]: 'a.txt' is not a mapping with a 'file'"),
    ("letters:\n  - rating: adequate\n", "letters[0].file: missing"),
])
def test_a_labels_file_of_the_wrong_shape_is_one_line_naming_it_exit_2(tmp_path: Path, text: str,
                                                                        cause: str) -> None:
    """breaker11 item 2b: a list or bad YAML was an 'internal error'."""
    labels = tmp_path / "labels.yaml"
    labels.write_text(text, encoding="utf-8")
    res = _eval(tmp_path, str(labels))
    assert res.returncode == 2
    err = res.stderr
    assert err.startswith(f"letterlint: error: {labels}: {cause}") and err.count("\n") == 1
    assert "internal error" not in err


def test_no_letter_evaluated_is_an_error_not_100_percent(tmp_path: Path) -> None:
    labels = tmp_path / "labels.yaml"
    labels.write_text("letters:\n  - file: nope.txt\n", encoding="utf-8")
    res = _eval(tmp_path, str(labels))
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr == (f"letterlint: error: {labels}: no letter could be evaluated (1 unreadable; "
                          "the first: nope.txt: file not found)\n")
    good = _labels(tmp_path, "[]")  # a letter that can be read: figures, exit 0
    res = _eval(tmp_path, str(good))
    assert res.returncode == 0 and "Letters evaluated: 1" in res.stdout
