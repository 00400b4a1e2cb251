"""LL601 (legal jargon) and LL603 (officialese): explained terms are not jargon."""

from __future__ import annotations

import pytest

from tests.unit.test_jargon_support import findings, quotes

EXPLAINED = [
    # brackets after the term
    "The trial was vacated (cancelled by the court) because no judge was free.",
    # the term in brackets after the plain words
    "We stopped the case (the legal term is that we discontinued it) on 3 May.",
    # a defining clause
    "The court allowed special measures, which help vulnerable and intimidated witnesses give their "
    "best evidence.",
    "The prosecutor offered no evidence, which means she told the court we could not go on with the case.",
    "The judge made a restraining order, a court order that stops Mr Jones contacting you.",
    "You gave a victim personal statement – that is, a statement telling the court how the crime "
    "affected you.",
    # an explanation before the term
    "We decided there was not enough evidence to go on; in other words, we discontinued the case.",
    # the next sentence explains
    "The case was listed for mention. This means it went before the court for a short hearing.",
    'You asked why the case ended with a "bind over". A bind over is a court order in which a person '
    "promises to keep the peace.",
    # self-explaining use
    "There was not enough evidence for a realistic prospect of conviction.",
]


@pytest.mark.parametrize("body", EXPLAINED)
def test_explained_terms_are_not_flagged(body: str) -> None:
    assert quotes("LL601", body) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The case was discontinued at the PTPH.", ["PTPH"]),  # discontinued: an LL603 hint
        ("Counsel offered no evidence and the trial was vacated.", ["Counsel", "offered no evidence",
                                                                     "vacated"]),
        ("Your ABE interview was shown at trial, and the hearsay application failed.",
         ["ABE interview", "hearsay"]),
        ("The case was adjourned, which upset you. It was then vacated.", ["vacated"]),
        ("The file was on CMS and the MG6 schedules were served.", ["CMS", "MG6"]),
    ],
)
def test_unexplained_terms_are_flagged(body: str, expected: list[str]) -> None:
    assert quotes("LL601", body) == expected


def test_a_term_explained_once_is_fine_later_and_flagged_once_if_never_explained() -> None:
    body = ("The trial was vacated (cancelled by the court). A second trial date was also vacated. "
            "Counsel was ill. Counsel then returned the papers.")
    assert quotes("LL601", body) == ["Counsel"]


def test_message_gives_the_plain_words_and_the_explanation() -> None:
    (f,) = findings("LL601", "The trial was vacated from the list.")
    assert "'vacated'" in f.message
    assert "cancelled" in f.message
    assert f.suggestion == "cancelled"
    (g,) = findings("LL601", "The judge granted special measures.")
    assert "explain it" in g.message and "screens" in g.message
    assert g.suggestion is None


def test_officialese_is_flagged_every_time_with_the_everyday_word() -> None:
    body = ("Further to your letter, and in respect of the hearing, I hereby confirm it was prior "
            "to the trial.")
    fs = findings("LL603", body)
    assert [f.quote for f in fs] == ["Further to", "in respect of", "hereby", "prior to"]
    assert [f.suggestion for f in fs] == ["Following", "about", None, "before"]
    assert "Leave it out" in fs[2].message


def test_officialese_is_not_reported_as_legal_jargon_and_vice_versa() -> None:
    assert quotes("LL601", "In respect of your complaint, I have looked at the file.") == []
    assert quotes("LL603", "The trial was vacated.") == []


def test_everyday_legal_words_are_hints_not_jargon() -> None:
    """Independent labellers never counted 'discontinued' or 'charging decision' as jargon
    (dev set, 2026-11): LL603 suggests the plainer word as information only."""
    assert quotes("LL601", "The case was discontinued after the charging decision.") == []
    assert quotes("LL603", "The case was discontinued after the charging decision.") == [
        "discontinued", "charging decision"]


def test_a_well_written_letter_has_no_jargon_findings() -> None:
    body = (
        "Thank you for your letter of 2 October 2026. I am sorry that the trial did not go ahead.\n\n"
        "On the morning of the trial, the prosecutor told the court that we could not continue the "
        "case. The legal term for this is 'offering no evidence'. It meant that the court found Mr "
        "Jones not guilty.\n\n"
        "Before the trial the court agreed to special measures, which help vulnerable and intimidated "
        "witnesses give their best evidence. You were allowed to give evidence from behind a screen.\n\n"
        "I do not uphold your complaint."
    )
    assert quotes("LL601", body) == []
    assert quotes("LL603", body) == []


def test_advice_without_replacement_or_explanation_still_tells_the_writer_what_to_do() -> None:
    from letterlint.checks import jargon

    assert jargon.advice({"replacement": "", "explain": ""}, "legal").startswith("say it in everyday")
    assert jargon.advice({"replacement": "under", "explain": ""}, "officialese") == "write 'under' instead."


def test_advice_ends_with_one_mark_of_punctuation() -> None:
    from letterlint.checks import jargon

    asked = jargon.advice({"replacement": "", "explain": "is there enough evidence?"}, "legal")
    assert asked.endswith("is there enough evidence?") and not asked.endswith("?.")
    told = jargon.advice({"replacement": "", "explain": "a court order to keep away"}, "legal")
    assert told.endswith("a court order to keep away.")


def test_subject_line_terms_are_fine_when_the_body_explains_them() -> None:
    body = "You asked about the bind over. A bind over is a court order in which a person promises to behave."
    assert quotes("LL601", body, subject="Your complaint about the bind over") == []
    assert quotes("LL601", "I have looked into your complaint.", subject="Your complaint about the VRR") == [
        "VRR"
    ]
    # used unexplained in both: reported once, in the body
    fs = findings("LL601", "The case was vacated.", subject="The vacated trial")
    assert [f.quote for f in fs] == ["vacated"]
    assert fs[0].span is not None and fs[0].span.start > 100


def test_advice_never_says_for_example_twice() -> None:
    """Every explanation in the jargon bank gives advice with 'for example' at most once (a new
    user read 'for example: name the offence ..., for example 'unlawful wounding'')."""
    import yaml

    from letterlint.checks.jargon import advice
    from letterlint.rules.loader import builtin_dir

    bank = yaml.safe_load((builtin_dir("phrasebanks") / "jargon.yaml").read_text(encoding="utf-8"))
    explains = [e["explain"] for e in bank["entries"] if isinstance(e, dict) and e.get("explain")]
    assert len(explains) > 20 and any("for example" in e for e in explains)
    for e in explains:
        text = advice({"explain": e}, "legal")
        assert text.count("for example") <= 1, text
        assert text.startswith("explain it in plain words where you use it"), text
