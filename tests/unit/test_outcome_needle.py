"""``outcome_statements`` skips a text without "uph" (issue 15); the statements it finds are
found in any case, as before."""

from __future__ import annotations

from letterlint.letter.analysis import outcome_statements


def test_statements_in_any_case() -> None:
    assert outcome_statements("I HAVE DECIDED NOT TO UPHOLD YOUR COMPLAINT.") == [(0, 33, "not-upheld")]
    assert outcome_statements("Dear Ms Hale\n\nYour complaint is partly UpHeld.") == [(14, 45, "partly-upheld")]


def test_no_statement_without_the_word() -> None:
    assert outcome_statements("I have decided that your complaint is justified. I am sorry.") == []
