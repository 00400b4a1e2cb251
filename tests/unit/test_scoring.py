"""Rating bands (HMCPSI 7.46-7.48) at their boundaries, and item answers from real checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from letterlint.config.settings import Config
from letterlint.engine.check import check_path
from letterlint.model import ItemOutcome
from letterlint.scoring.score import model, rate
from tests.conftest import wrap_letter

RESPONSE_ITEMS = ["7.11", "Q22", "Q23", "Q24", "Q25", "Q26", "Q27", "Q29", "Q31", "Q32", "Q33", "Q34"]


def outcomes(failed: tuple[str, ...] = (), na: tuple[str, ...] = ()) -> list[ItemOutcome]:
    out = []
    for item in RESPONSE_ITEMS:
        if item in na:
            out.append(ItemOutcome(item, "q", "n/a", None))
        else:
            out.append(ItemOutcome(item, "q", "no" if item in failed else "yes", item not in failed))
    return out


@pytest.mark.parametrize(
    ("failed", "counts", "score", "band"),
    [
        ((), {}, 100.0, "better-than-adequate"),
        ((), {}, 85.0, "better-than-adequate"),
        ((), {}, 84.9, "adequate"),  # just under the better-than-adequate score
        (("Q22",), {"Q22": 1}, 97.0, "better-than-adequate"),  # one minor slip (7.46)
        (("Q22",), {"Q22": 2}, 94.0, "adequate"),  # "more than one or two" minor errors (7.47)
        (("Q22", "Q23"), {"Q22": 2, "Q23": 2}, 88.0, "adequate"),  # four errors: still adequate
        (("Q22", "Q23"), {"Q22": 3, "Q23": 2}, 85.0, "below-standard"),  # numerous errors (7.48)
        (("7.11",), {}, 88.0, "adequate"),  # outcome not clear: not above adequate (7.47)
        (("Q31",), {}, 92.0, "adequate"),  # signposting could be more helpful (7.47)
        (("Q27",), {}, 88.0, "adequate"),  # no unequivocal apology (7.47)
        (("Q25",), {}, 88.0, "below-standard"),  # lacking empathy (7.48)
        (("Q26",), {}, 88.0, "below-standard"),  # unclear explanation (7.48)
        ((), {}, 54.9, "below-standard"),
        ((), {}, 55.0, "adequate"),
    ],
)
def test_band_boundaries(failed: tuple[str, ...], counts: dict[str, int], score: float, band: str) -> None:
    got, reasons = rate(outcomes(failed), counts, score, model())
    assert got == band, reasons


SHORT_LETTER_ITEMS = ["Q16", "Q17", "Q22", "Q23", "Q24", "Q25", "Q26", "Q33", "Q34"]


@pytest.mark.parametrize(
    ("letter_type", "failed", "band"),
    [
        # a holding letter or acknowledgement that misses one of its jobs is adequate, two is
        # below the standard (issue 13); a full reply lacking empathy is below it (7.48)
        ("holding", ("Q16",), "adequate"),
        ("holding", ("Q25",), "adequate"),
        ("acknowledgement", ("Q25",), "adequate"),
        ("holding", ("Q16", "Q25"), "below-standard"),
        ("acknowledgement", ("Q25", "Q26"), "below-standard"),
        ("acknowledgement", ("Q25", "Q34"), "below-standard"),
        ("stage-one", ("Q25",), "below-standard"),
    ],
)
def test_short_letters_fall_below_the_standard_on_two_failings(letter_type: str, failed: tuple[str, ...],
                                                               band: str) -> None:
    items = SHORT_LETTER_ITEMS if letter_type in ("holding", "acknowledgement") else RESPONSE_ITEMS
    outs = [ItemOutcome(i, "q", "no" if i in failed else "yes", i not in failed) for i in items]
    got, reasons = rate(outs, {}, 80.0, model(), letter_type)
    assert got == band, reasons


def test_items_not_asked_do_not_block_better_than_adequate() -> None:
    got, _ = rate(outcomes(na=("Q27", "Q29", "Q31")), {}, 100.0, model())
    assert got == "better-than-adequate"


def _check(tmp_path: Path, body: str) -> object:
    p = tmp_path / "draft.txt"
    p.write_text(wrap_letter(body), encoding="utf-8")
    return check_path(p, Config(), {"letter_type": "stage-one"})


GOOD = ("I do not uphold your complaint, for the reasons I set out here. If you are not satisfied, "
        "you can ask for your complaint to be reviewed by the Deputy Chief Crown Prosecutor. Please "
        "write to us within one calendar month of the date of this letter, that is by 3 December 2026.")


def test_breakdown_shows_what_cost_points(tmp_path: Path) -> None:
    good = _check(tmp_path, GOOD)
    bad = _check(tmp_path, "I have looked at the file. Please write to us within 20 working days.")
    by_item = {o.item: o for o in bad.score.items}  # type: ignore[attr-defined]
    assert by_item["7.11"].answer == "no" and by_item["7.11"].points_lost > 0
    assert by_item["Q32"].answer == "no" and "20 working days" in by_item["Q32"].reason
    assert bad.score.value < good.score.value  # type: ignore[attr-defined]
    assert {o.item: o.answer for o in good.score.items}["Q32"] == "yes"  # type: ignore[attr-defined]


def test_long_letters_are_not_penalised_for_length(tmp_path: Path) -> None:
    filler = " ".join(["The prosecutor read the statements again and spoke to the officer in the case."] * 40)
    short = _check(tmp_path, GOOD)
    long = _check(tmp_path, filler + "\n\n" + GOOD)
    assert long.score.value >= short.score.value - 1  # type: ignore[attr-defined]


def test_the_same_mistake_repeated_counts_once(tmp_path: Path) -> None:
    once = _check(tmp_path, GOOD + " The case was discontinued.")
    many = _check(tmp_path, GOOD + " The case was discontinued." * 6)
    assert once.score.value == many.score.value  # type: ignore[attr-defined]


# ----------------------------------------------------------------- item answers from results

def _letter(letter_type: str) -> object:
    from letterlint.model import Document, Fact, Letter, LetterType

    doc = Document("x.txt", "txt", "Dear Mrs Example", ())
    return Letter(doc, {}, {"letter_type": Fact("letter_type", LetterType(letter_type), "test")})


def _finding(code: str, item: str, severity: str, quote: str = "words") -> object:
    from letterlint.model import Finding, Location, Severity, Span

    return Finding(code, "name", item, Severity(severity), f"{code} message", quote, Span(0, 5), Location())


def _answers(letter_type: str, results: list[object], findings: list[object],
             complaint: bool = False) -> dict[str, ItemOutcome]:
    from letterlint.scoring.score import item_outcomes

    outs, _ = item_outcomes(_letter(letter_type), results, findings, model(), complaint)  # type: ignore[arg-type]
    return {o.item: o for o in outs}


def test_answers_follow_rule_results_and_findings() -> None:
    from letterlint.engine.check import NOT_ARISEN
    from letterlint.model import RuleResult

    results = [
        RuleResult("LL211", "Q27", "not-applicable", detail=NOT_ARISEN, arose=False),  # no failing admitted
        RuleResult("LL212", "Q27", "passed"),
        RuleResult("LL114", "Q32", "not-applicable", detail="does not apply to service complaints"),
        RuleResult("LL111", "Q32", "passed"),
        RuleResult("LL601", "Q24", "failed"),
        RuleResult("LL201", "Q25", "failed"),
        RuleResult("LL702", "Q26", "failed"),
        RuleResult("LL999", "Q28", "skipped", detail="needs --complaint"),
        RuleResult("LL603", "Q33", "failed"),
    ]
    findings = [_finding("LL601", "Q24", "warning", "discontinued"),
                _finding("LL601", "Q24", "warning", "discontinued"),  # the same word again: once
                _finding("LL201", "Q25", "warning", ""),
                _finding("LL702", "Q26", "error", "a very long sentence"),
                _finding("LL603", "Q33", "info")]
    a = _answers("stage-one", results, findings)
    assert a["Q27"].answer == "n/a"  # "where appropriate": the situation did not arise
    assert a["Q32"].answer == "yes"  # one route not applicable does not make the item n/a
    assert a["Q24"].answer == "yes" and a["Q24"].passed is False and a["Q24"].points_lost == 2
    assert a["Q25"].answer == "no" and a["Q25"].points_lost == 12  # a warning fails empathy
    assert a["Q26"].answer == "yes" and a["Q26"].points_lost == 2  # a long sentence only costs
    assert a["Q33"].answer == "no"  # info never fails an item
    assert a["Q28"].answer == "not assessed" and "--complaint" in a["Q28"].reason
    assert a["Q16"].answer == "n/a" and "stage one" in a["Q16"].reason  # holding-letter items
    held = _answers("holding", results, findings)
    # empathy is asked of every letter to a complainant (7.32; issue 13), the outcome is not
    assert held["7.11"].answer == "n/a" and held["Q25"].answer == "no"
    unknown = _answers("unknown", results, findings)
    assert unknown["Q25"].answer == "not assessed" and "--stage" in unknown["Q25"].reason


def test_q28_is_assessed_when_the_complaint_is_given() -> None:
    from letterlint.model import RuleResult

    results = [RuleResult("LL351", "Q28", "failed")]
    findings = [_finding("LL351", "Q28", "warning", "")]
    assert _answers("stage-two", results, findings, complaint=True)["Q28"].answer == "no"
    passed = _answers("stage-two", [RuleResult("LL351", "Q28", "passed")], [], complaint=True)
    assert passed["Q28"].answer == "yes"


def test_suppressed_findings_do_not_count() -> None:
    from dataclasses import replace

    from letterlint.model import RuleResult

    f = replace(_finding("LL201", "Q25", "warning", ""), suppressed=True)  # type: ignore[type-var]
    assert _answers("stage-one", [RuleResult("LL201", "Q25", "failed")], [f])["Q25"].answer == "yes"



def test_long_sentences_alone_never_lower_the_band(monkeypatch: pytest.MonkeyPatch) -> None:
    """Q26's measures (cost_only: long sentences) cost points on a met item, but the bands'
    score thresholds ignore them: 7.46-7.48 rate what the letter does, not sentence length."""
    import letterlint.scoring.score as scoring

    lost = {"Q32": 12.0, "Q27": 12.0, "Q29": 8.0, "7.11": 12.0}  # 44 points on failed items
    outs = [ItemOutcome(o.item, o.question, o.answer, o.passed, lost.get(o.item, 0.0))
            for o in outcomes(failed=tuple(lost))]
    outs = [ItemOutcome("Q26", "q", "yes", True, 12.0, "met, but: long sentences")
            if o.item == "Q26" else o for o in outs]
    assert scoring.band_score(outs) == 56.0
    monkeypatch.setattr(scoring, "item_outcomes", lambda *a, **k: (outs, {}))
    s = scoring.score(None, [], [])  # type: ignore[arg-type]
    assert s.value == 44.0  # the long sentences still cost their points
    assert s.rating == "adequate"  # but do not push the letter below the standard (score < 55)


def test_a_rule_result_has_a_typed_outcome_that_survives_json() -> None:
    from letterlint.model import Outcome, RuleResult, report_from_dict

    results = (RuleResult("LL211", "Q27", "not-applicable", arose=False),
               RuleResult("LL114", "Q32", "not-applicable", detail="does not apply to service complaints"),
               RuleResult("LL111", "Q32", "passed"), RuleResult("LL601", "Q24", "failed"),
               RuleResult("LL351", "Q28", "skipped"), RuleResult("LL999", "Q23", "errored"))
    assert [r.outcome for r in results] == [Outcome.DID_NOT_ARISE, Outcome.NOT_APPLICABLE, Outcome.MET,
                                            Outcome.NOT_MET, Outcome.SKIPPED, Outcome.ERRORED]
    d = {"path": "x", "format": "txt", "facts": [], "findings": [], "score": None,
         "results": [r.to_dict() for r in results]}
    assert [r.outcome for r in report_from_dict(d).results] == [r.outcome for r in results]


def test_every_reason_for_a_failed_item_reads_as_a_failure() -> None:
    """The why-line names each failed item as a problem: 'not met', or for the items where the
    inspectors' 'yes' is the failure (Q22, Q23, Q24, Q33), words that say what is wrong (a new
    user read 'Q24 legal jargon' as a topic, not a failure)."""
    from letterlint.scoring.score import FAILED_AS, SHORT, _not_met

    for item in list(SHORT) + list(FAILED_AS):
        text = _not_met(item)
        assert text.endswith(" not met") or any(w in text for w in ("mistakes", "unexplained", "should not")), text
