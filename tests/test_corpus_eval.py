"""Accuracy on the labelled corpus (tests/corpus/labels.yaml): the questionnaire items checked by
the LL1xx-LL3xx rules must agree with the human labels and their findings must be right.

Gate: at least 90% item agreement and 90% finding precision over the questionnaire-content items
(7.11, Q16, Q17, Q25, Q27-Q34). The language items (Q22-Q24, Q26) belong to the spelling,
grammar, jargon and clarity rules and are only reported here, not gated.
"""

from __future__ import annotations

import pytest

from letterlint.evaluate import EvalResult, evaluate, render_table
from tests.conftest import ROOT

LABELS = ROOT / "tests" / "corpus" / "labels.yaml"
GATED = ("7.11", "Q16", "Q17", "Q25", "Q27", "Q28", "Q29", "Q30", "Q31", "Q32", "Q33", "Q34")
REPORTED_ONLY = ("Q22", "Q23", "Q24", "Q26")
MIN_AGREEMENT = 0.90
MIN_PRECISION = 0.90


@pytest.fixture(scope="module")
def result() -> EvalResult:
    if not LABELS.is_file():
        pytest.skip("no labelled corpus")
    return evaluate(LABELS)


def test_every_labelled_letter_was_read(result: EvalResult) -> None:
    assert not result.errors, result.errors
    assert result.letters >= 30


def test_questionnaire_items_agree_with_the_labels(result: EvalResult) -> None:
    agreement = result.overall_agreement(list(GATED))
    if agreement < MIN_AGREEMENT:
        worst = sorted((t.rate, k) for k, t in result.items.items() if k in GATED)[:3]
        details = {k: result.items[k].disagreements[:5] for _, k in worst}
        pytest.fail(f"item agreement {agreement:.1%} < {MIN_AGREEMENT:.0%}; weakest: {details}\n"
                    + render_table(result))


def test_questionnaire_findings_are_precise(result: EvalResult) -> None:
    tally = result.overall_findings(list(GATED))
    assert tally.true_pos + tally.false_pos > 0, "no findings at all on the labelled corpus"
    if tally.precision < MIN_PRECISION:
        wrong = {k: t.false_alarms[:5] for k, t in result.findings.items() if k in GATED and t.false_alarms}
        pytest.fail(f"finding precision {tally.precision:.1%} < {MIN_PRECISION:.0%}; false alarms: {wrong}")


def test_each_gated_item_is_assessed_somewhere(result: EvalResult) -> None:
    # an item no rule answers would be 'not assessed' on every letter and agree with nothing
    unassessed = [k for k in GATED if k in result.items and result.items[k].total
                  and result.items[k].not_assessed == result.items[k].total]
    assert not unassessed, unassessed


def test_language_items_are_reported(result: EvalResult) -> None:
    table = render_table(result)
    for item in REPORTED_ONLY:
        assert f"| {item} |" in table
