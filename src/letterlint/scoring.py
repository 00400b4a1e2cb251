"""Findings -> questionnaire answers, a 0-100 score and the inspectors' rating band.

Provisional: the full model (bands from YAML, Annex B baseline) replaces this.
"""

from __future__ import annotations

from letterlint.model import (
    Finding, ItemOutcome, Letter, LetterType, RuleResult, Score, Severity,
)

QUESTIONS: dict[str, str] = {
    "7.11": "Does the letter say whether the complaint is upheld?",
    "Q16": "Did the holding letter have an explanation for the delay?",
    "Q17": "Did the holding letter give the date the final response would be provided?",
    "Q22": "Did the final response contain spelling mistakes?",
    "Q23": "Did the final letter contain grammatical errors?",
    "Q24": "Did the final letter contain unnecessary legal jargon?",
    "Q25": "Did the final letter contain empathy?",
    "Q26": "Was the explanation clear?",
    "Q27": "Did the letter acknowledge mistakes and offer an apology where appropriate?",
    "Q28": "Did the letter address all the issues raised in the complaint?",
    "Q29": "Did the letter offer a prompt and proportionate remedy where appropriate?",
    "Q30": "Did the letter offer a meeting where appropriate?",
    "Q31": "Did the CPS signpost contact information for other agencies where appropriate?",
    "Q32": "Was the next stage correctly explained in the letter?",
    "Q33": "Did the letter contain anything that it should not?",
    "Q34": "Was the letter addressed correctly?",
}
NEGATIVE = {"Q22", "Q23", "Q24", "Q33"}  # a "yes" fails these
RESPONSE_ITEMS = [k for k in QUESTIONS if k not in ("Q16", "Q17")]
HOLDING_ITEMS = ["Q16", "Q17", "Q22", "Q23", "Q24", "Q34"]


def score(letter: Letter, results: list[RuleResult], findings: list[Finding],
          complaint_given: bool = False) -> Score:
    active = [f for f in findings if not f.suppressed and f.severity is not Severity.INFO]
    items = HOLDING_ITEMS if letter.letter_type in (LetterType.HOLDING, LetterType.ACKNOWLEDGEMENT) \
        else RESPONSE_ITEMS
    outcomes = []
    for item in items:
        failing = [f for f in active if f.item == item]
        if item == "Q28" and not complaint_given:
            outcomes.append(ItemOutcome(item, QUESTIONS[item], "not assessed", None,
                                        reason="give the complaint with --complaint to assess"))
            continue
        failed = bool(failing)
        answer = ("yes" if failed else "no") if item in NEGATIVE else ("no" if failed else "yes")
        outcomes.append(ItemOutcome(item, QUESTIONS[item], answer, not failed,
                                    points_lost=10.0 if failed else 0.0,
                                    reason=failing[0].message if failing else ""))
    lost = sum(o.points_lost for o in outcomes)
    value = max(0.0, 100.0 - lost)
    rating = "better-than-adequate" if value >= 90 else "adequate" if value >= 70 else "below-standard"
    labels = {"better-than-adequate": "better than adequate", "adequate": "adequate",
              "below-standard": "below the required standard"}
    return Score(value, rating, labels[rating], tuple(outcomes))
