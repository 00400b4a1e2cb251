"""LL701-LL706: sentence and paragraph length, Flesch, passive share, nominalisations."""

from __future__ import annotations

import pytest

from letterlint.checks.readability import split_lines
from letterlint.checks.substitution import inflect, verb_form
from letterlint.model import Span
from tests.unit.test_jargon_support import findings, quotes

WORDS_30 = ("I have read the file and the notes of the hearing and I have spoken to the prosecutor "
            "who dealt with your case on the day of the trial in the summer.")
WORDS_45 = ("I have read the file and the notes of the hearing and I have spoken to the prosecutor "
            "who dealt with your case on the day of the trial in the summer, and she told me that the "
            "defence had served a new statement late that morning.")


def test_sentence_length_bands() -> None:
    assert 25 < len(WORDS_30.split()) <= 40 and len(WORDS_45.split()) > 40
    assert quotes("LL701", WORDS_30) == [WORDS_30]
    assert quotes("LL702", WORDS_30) == []
    # a 45-word sentence is an error (LL702) and not also a warning (LL701)
    assert quotes("LL701", WORDS_45) == []
    assert quotes("LL702", WORDS_45) == [WORDS_45]
    f = findings("LL702", WORDS_45)[0]
    assert f"{len(WORDS_45.split())} words" in f.message


def test_sentence_length_thresholds_come_from_configuration() -> None:
    assert quotes("LL701", WORDS_30, config={"clarity.sentence_warning_words": 35}) == []
    assert quotes("LL702", WORDS_30, config={"clarity.sentence_error_words": 20}) == [WORDS_30]


def test_lists_and_addresses_inside_a_paragraph_are_not_one_long_sentence() -> None:
    body = ("If you are not satisfied, please write to:\nThe Deputy Chief Crown Prosecutor\n"
            "CPS Wessex\n3rd Floor, Riverside Chambers\nCastle Street\nTaunton TA1 4AP\n"
            "or email wessex.complaints@cps.gov.uk, telephone 0300 123 4567, quoting our reference.")
    assert quotes("LL701", body) == []


def test_split_lines_keeps_wrapped_lines_together() -> None:
    text = ("This long sentence was wrapped by the word processor at about seventy characters\n"
            "so that it continues here.")
    assert split_lines(text, Span(0, len(text))) == [Span(0, len(text))]


def test_long_paragraph() -> None:
    para = " ".join(["The prosecutor reviewed the evidence again."] * 22)  # 132 words
    assert len(findings("LL703", para)) == 1
    assert findings("LL703", " ".join(["The prosecutor reviewed it."] * 20)) == []


HARD = (
    "Subsequent to the receipt of additional evidential material, the reviewing prosecutor undertook a "
    "comprehensive reconsideration of the prosecution's position. Notwithstanding the considerable "
    "inconvenience occasioned, the determination was communicated expeditiously. The applicable "
    "prosecutorial guidance necessitated consideration of proportionality, vulnerability and "
    "alternative disposals. Consequently, continuation of the proceedings was considered inappropriate "
    "in all the circumstances, and the defendant's representatives were notified accordingly."
)
PLAIN = (
    "Thank you for your letter. I am sorry that the trial did not go ahead. The police sent us new "
    "evidence a week before the trial. The prosecutor read it and spoke to the officer. She decided "
    "that there was no longer enough proof to go on, so we stopped the case. She should have told you "
    "first, and I am sorry she did not. I have asked the team to make sure this does not happen again. "
    "If you want to talk about this, please call me."
)


def test_flesch_flags_hard_letters_and_points_at_the_hardest_paragraph() -> None:
    fs = findings("LL704", PLAIN + "\n\n" + HARD)
    assert len(fs) == 1
    assert fs[0].quote.startswith("Subsequent to the receipt")
    assert "Flesch reading ease" in fs[0].message
    assert findings("LL704", PLAIN + "\n\n" + PLAIN) == []
    assert findings("LL704", PLAIN + "\n\n" + HARD, config={"clarity.min_flesch": 0.0}) == []


def test_flesch_ignores_very_short_letters() -> None:
    short = "Notwithstanding the aforementioned considerations, discontinuance ensued."
    assert findings("LL704", short) == []


PASSIVE_HEAVY = (
    "The case was reviewed in May. A decision was made to stop it. The trial was cancelled. "
    "You were not told. The file was closed. I am sorry about this."
)
ACTIVE = (
    "I reviewed the case in May. I decided to stop it. The court cancelled the trial. "
    "We did not tell you. We closed the file. I am sorry about this."
)


@pytest.mark.parametrize("trained", [False, True])
def test_passive_share(trained: bool) -> None:
    fs = findings("LL705", PASSIVE_HEAVY, trained=trained)
    assert len(fs) == 1
    # the regular expression finds all five; the tagger may read "closed" as an adjective
    assert (" of 6)" in fs[0].message) and "'was reviewed'" in fs[0].message
    assert findings("LL705", ACTIVE, trained=trained) == []


def test_passive_share_needs_enough_sentences() -> None:
    assert findings("LL705", "The case was reviewed. The file was closed.") == []


@pytest.mark.parametrize(
    ("body", "quote", "suggestion"),
    [
        ("I have made a decision to stop the case.", "made a decision", "decided"),
        ("We will carry out a review of the file.", "carry out a review", "review"),
        ("She is making a decision today.", "making a decision", "deciding"),
        ("The team gives careful consideration to every complaint.", "gives careful consideration to",
         "considers"),
        ("The prosecutor conducted a full investigation.", "conducted a full investigation",
         "investigated"),
        ("We made a payment to you.", "made a payment", "paid"),
        ("Made a decision too late.", "Made a decision", "Decided"),
    ],
)
def test_nominalisation_suggests_the_verb_in_the_same_tense(body: str, quote: str, suggestion: str) -> None:
    (f,) = findings("LL706", body)
    assert f.quote == quote
    assert f.suggestion == suggestion


def test_nominalisation_leaves_plain_verbs_alone() -> None:
    assert findings("LL706", "I decided to review the file and considered your points.") == []


def test_inflect_and_verb_form() -> None:
    assert inflect("apologise", "past") == "apologised"
    assert inflect("apply", "third") == "applies"
    assert inflect("refer", "ing") == "referring"
    assert verb_form("undertook") == "past" and verb_form("makes") == "third"
