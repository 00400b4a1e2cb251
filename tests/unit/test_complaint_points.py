"""complaint_points kind (LL351): the complainant's points, and which the reply answers."""

from __future__ import annotations

from pathlib import Path

from letterlint.checks.complaint_points import (
    EVERYDAY,
    Point,
    concepts,
    coverage,
    extract_points,
    key_words,
    lemma,
    unanswered,
)
from letterlint.config.settings import Config
from letterlint.engine.check import check_path
from letterlint.rules.loader import RuleSet, ruleset_for
from letterlint.rules.patterns import compile_patterns
from tests.conftest import ROOT

FULL = ruleset_for()


def _rules() -> RuleSet:
    rule = FULL.by_code("LL351")
    assert rule is not None
    return RuleSet((rule,), FULL.banks)


def test_numbered_points() -> None:
    text = ("From: A Person\nSubject: My complaint\n\nI have three complaints.\n\n"
            "1. Why was the charge of fraud changed at the last hearing?\n\n"
            "2) Nobody told me the trial had been moved to another court building.\n\n"
            "3. The letter you sent after the trial was addressed to the wrong person.\n")
    points = extract_points(text, (), EVERYDAY, 15)
    assert [p.label for p in points] == ["1", "2", "3"]
    assert all(p.numbered for p in points)
    assert points[1].text.startswith("Nobody told me")


def test_without_numbers_questions_and_marked_sentences() -> None:
    markers = compile_patterns(["nobody told"], {})
    text = ("I went to court on Monday. Nobody told me the defendant had pleaded guilty. "
            "The building was warm. Why was I not offered my travel expenses for the journey?")
    assert [p.text for p in extract_points(text, markers, EVERYDAY, 15)] == [
        "Nobody told me the defendant had pleaded guilty.",
        "Why was I not offered my travel expenses for the journey?",
    ]


def test_reply_numbering_decides_for_numbered_points() -> None:
    text = "Whether his bail conditions still apply, as he has driven by my house."
    point = Point("2", text, key_words(text, EVERYDAY), numbered=True)
    assert point.words == {"whether", "bail", "conditions", "apply", "driven", "house"}
    # two of six key words: enough on words alone (share 0.3) ...
    passage = [key_words("There are conditions on where he can go near your house.", EVERYDAY)]
    assert unanswered([point], passage, 0.3, 2) == []
    # ... but not when the reply answers under the complainant's numbers 1 and 3 and skips 2
    assert [p.label for p, _ in unanswered([point], passage, 0.3, 2, frozenset({"1", "3"}))] == ["2"]
    assert unanswered([point], passage, 0.3, 2, frozenset({"1", "2", "3"})) == []


def test_corpus_pairs() -> None:
    expected = {"s1-mixed-poor-02": 1, "s1-mixed-good-01": 0, "s1-service-adequate-03": 0}
    for name, count in expected.items():
        report = check_path(ROOT / f"tests/corpus/letters/{name}.txt", Config(), {"letter_type": "stage-one"},
                            ROOT / f"tests/corpus/complaints/{name}-complaint.txt", _rules())
        found = [f for f in report.findings if f.code == "LL351"]
        assert len(found) == count, (name, [f.message for f in found])


def test_example_points_three_and_five(tmp_path: Path) -> None:
    report = check_path(ROOT / "examples/stage-one-mixed-harcourt.txt", Config(), {"letter_type": "stage-one"},
                        ROOT / "examples/complaints/complaint-harcourt.txt", _rules())
    [finding] = [f for f in report.findings if f.code == "LL351"]
    assert "point 3" in finding.message and "point 5" in finding.message
    assert "point 1" not in finding.message and "point 4" not in finding.message
    assert "restraining order" in finding.message and "bail conditions" in finding.message


def test_skipped_without_a_complaint() -> None:
    report = check_path(ROOT / "tests/corpus/letters/s1-mixed-good-01.txt", Config(), {"letter_type": "stage-one"},
                        None, _rules())
    [result] = [r for r in report.results if r.code == "LL351"]
    assert result.status == "skipped"
    assert "--complaint" in result.detail


def test_a_point_answered_in_other_words() -> None:
    """Q28 counts a point answered when the reply speaks to its subject, in its own words: the
    lemma of an irregular form ("rang" -> "ring") and the rule's synonyms ("lawyer" ->
    "barrister") count; contractions typed without an apostrophe are not key words."""
    assert lemma("rang") == "ring" and lemma("remarks") == "remark"
    assert "doesnt" not in key_words("It doesnt matter", EVERYDAY)
    rule = FULL.by_code("LL351")
    assert rule is not None
    syn = rule.compiled["synonyms"]
    text = "Why did nobody phone me, and why did your lawyer say that?"
    point = Point("1", text, key_words(text, EVERYDAY), numbered=True)
    reply = concepts(key_words("I have rung you myself and spoken to the barrister.", EVERYDAY), syn)
    assert coverage(point, reply, syn) == 1.0
    assert coverage(point, key_words("I have rung you myself and spoken to the barrister.", EVERYDAY)) == 0.0
    other = concepts(key_words("The hearing date has been moved.", EVERYDAY), syn)
    assert coverage(point, other, syn) == 0.0


def test_the_complainants_question_as_a_heading_answers_it(tmp_path: Path) -> None:
    """A reply that uses the complainant's question as a heading and answers under it answers
    that point (Q28), even where the point says more than its question (blind letter w15-001);
    the same reply without the heading does not."""
    complaint = tmp_path / "complaint.txt"
    complaint.write_text(
        "1. Why was nobody charged when the police believed our daughter?\n\n"
        "2. Why did it take seven months? She has had to walk past his house every day to get to "
        "the bus while we waited.\n", encoding="utf-8")
    body = ("Dear Mr Jones\n\nThank you for your email of 9 February 2026.\n\n"
            "Why was nobody charged?\n\nThe evidence did not give a realistic prospect that a "
            "court would convict, although the police believed your daughter and so do we.\n\n"
            "{heading}The police first sent the file to us on 2 December 2025. We asked them for "
            "the phone download on 9 December, and the prosecutor made her decision on 29 "
            "January.\n\nI do not uphold your complaint.\n\nYours sincerely\n\nA Writer\n")
    found = {}
    for name, heading in (("with", "Why did it take seven months?\n\n"), ("without", "")):
        letter = tmp_path / f"{name}.txt"
        letter.write_text(body.format(heading=heading), encoding="utf-8")
        report = check_path(letter, Config(), {"letter_type": "stage-one"}, complaint, _rules())
        found[name] = [f.message for f in report.findings if f.code == "LL351"]
    assert found["with"] == []
    assert len(found["without"]) == 1 and "point 2" in found["without"][0]


def test_the_question_as_a_heading_over_no_answer_answers_nothing(tmp_path: Path) -> None:
    """The complainant's question repeated as a heading, with only "I have looked into this
    carefully." under it, does not answer the question (a tester's letter)."""
    complaint = tmp_path / "complaint.txt"
    complaint.write_text("Dear Sir or Madam\n\nI am writing to complain. Why was I never told that the "
                         "trial had been moved to 14 November?\n\nYours faithfully\nJoan Fairweather\n",
                         encoding="utf-8")
    letter = tmp_path / "reply.txt"
    letter.write_text("Dear Mrs Fairweather\n\nThank you for your letter of 20 October 2026.\n\n"
                      "Why was I never told that the trial had been moved to 14 November?\n\n"
                      "I have looked into this carefully.\n\nI have upheld your complaint.\n\n"
                      "Yours sincerely\n\nA Writer\n", encoding="utf-8")
    report = check_path(letter, Config(), {"letter_type": "stage-one"}, complaint, _rules())
    [finding] = [f for f in report.findings if f.code == "LL351"]
    assert "14 November" in finding.message


def test_one_unanswered_point_holds_a_letter_at_adequate_two_put_it_below(tmp_path: Path) -> None:
    """One complaint point that word matching cannot find answered may be answered in other
    words: LL351 warns, and the rating is held at adequate (not above: Q28 is not met). Two or
    more are an error and the letter is below the standard (HMCPSI 7.10, 7.46-7.48). On the
    development set every letter that one such point alone put below the standard was labelled
    adequate or better (w11-001, w12-001, w45-001, w46-001, w46-007)."""
    from letterlint.model import Severity
    from tests.workflow.clihelp import GOOD_LETTER

    letter = tmp_path / "reply.txt"
    letter.write_text(GOOD_LETTER, encoding="utf-8")
    baseline = check_path(letter, Config(), {}, None)
    assert baseline.score is not None and baseline.score.rating == "better-than-adequate"
    got = {}
    for n, extra in ((1, ["3. My neighbour's fence was damaged by the police search and nobody paid for it."]),
                     (2, ["3. My neighbour's fence was damaged by the police search and nobody paid for it.",
                          "4. The usher at the magistrates building shouted at my elderly aunt in the canteen."])):
        complaint = tmp_path / f"complaint{n}.txt"
        complaint.write_text("\n\n".join(extra), encoding="utf-8")
        report = check_path(letter, Config(), {}, complaint)
        (finding,) = [f for f in report.findings if f.code == "LL351"]
        assert report.score is not None
        got[n] = (finding.severity, report.score.rating)
    assert got[1] == (Severity.WARNING, "adequate")
    assert got[2] == (Severity.ERROR, "below-standard")


def test_a_severity_the_user_set_for_ll351_holds_however_many_points(tmp_path: Path) -> None:
    """Two unanswered points raise LL351 from its default warning to an error, but a severity the
    user gave the rule (``rules.severity``) is kept: letterlint never raises what a user lowered."""
    from letterlint.model import Severity
    from tests.workflow.clihelp import GOOD_LETTER

    letter = tmp_path / "reply.txt"
    letter.write_text(GOOD_LETTER, encoding="utf-8")
    complaint = tmp_path / "complaint.txt"
    complaint.write_text("3. My neighbour's fence was damaged by the police search and nobody paid for it.\n\n"
                         "4. The usher at the magistrates building shouted at my elderly aunt in the canteen.",
                         encoding="utf-8")
    config = Config()
    config.set("rules.severity", {"LL351": "info"}, "test")
    (finding,) = [f for f in check_path(letter, config, {}, complaint).findings if f.code == "LL351"]
    assert finding.severity is Severity.INFO
