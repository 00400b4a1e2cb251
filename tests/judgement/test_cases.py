"""The judgement cases (issue 13): one small letter per kind of fault, each with the answer a
careful QA reader gives. The files are tests/fixtures/inputs/judgement/; most are one clean
stage one letter with a single thing changed, so any finding beyond the one info finding about
the long escalation sentence comes from the thing changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from letterlint import check_text
from letterlint.config.settings import Config
from letterlint.engine.check import check_path
from letterlint.model import Report
from tests.conftest import ROOT

CASES = ROOT / "tests" / "fixtures" / "inputs" / "judgement"


def report(name: str) -> Report:
    rep = check_path(CASES / name, Config(), {}, None)
    assert rep.error is None, rep.error
    return rep


def item(rep: Report, key: str) -> bool | None:
    assert rep.score is not None
    return next(o.passed for o in rep.score.items if o.item == key)


def loud(rep: Report, key: str) -> list[str]:
    """Quotes of the warning and error findings on an item."""
    return [f.quote for f in rep.active_findings if f.item == key and f.severity.rank >= 1]


def fact(rep: Report, name: str) -> str:
    value = next(f.value for f in rep.facts if f.name == name)
    return str(getattr(value, "value", value))


def test_anonymised_initials_are_names() -> None:
    assert loud(report("anonymised-initials.txt"), "Q23") == []


def test_numbers_next_to_names_are_not_ages() -> None:
    assert loud(report("numbers-next-to-names.txt"), "Q33") == []


def test_outcome_with_typo_states_outcome_and_has_grammar_error() -> None:
    rep = report("outcome-with-typo.txt")
    assert item(rep, "7.11") is True
    # "you" for "your" is a grammar error (Q23), as the case says: LL517 (it was LL520, Q22)
    assert [f.quote for f in rep.active_findings if f.code == "LL517"] == ["you complaint"]
    found = next(f for f in rep.active_findings if f.code == "LL517")
    assert found.suggestion == "your complaint" and found.item == "Q23"


def test_passive_admission_without_apology_fails_q27() -> None:
    rep = report("passive-admission-no-apology.txt")
    assert item(rep, "Q27") is False
    assert any("should have been sent" in q for q in loud(rep, "Q27"))


def test_remedy_in_a_later_paragraph_meets_q29() -> None:
    rep = report("remedy-in-later-paragraph.txt")
    assert item(rep, "Q29") is True
    assert loud(rep, "Q29") == []


def test_email_reply_time_limit_and_reference() -> None:
    rep = report("email-reply-escalation.txt")
    assert item(rep, "Q32") is True
    assert fact(rep, "reference") == "TC/2026/0088"
    assert not [f for f in rep.active_findings if f.code == "LL334"]


def test_cps_contact_details_do_not_signpost_victim_support() -> None:
    rep = report("signposting-next-to-cps-contact.docx")
    assert item(rep, "Q31") is False
    assert [f.code for f in rep.active_findings if f.item == "Q31"] == ["LL301"]


def test_quoted_complainant_words_are_not_grammar_errors() -> None:
    assert loud(report("quoted-complainant-words.txt"), "Q23") == []


def test_no_word_rule_inside_web_addresses() -> None:
    rep = report("words-in-web-addresses.txt")
    assert loud(rep, "Q22") == []
    assert [f for f in rep.active_findings if f.item in ("Q22", "Q23", "Q24")] == []


def test_etc_and_incl_are_words() -> None:
    assert loud(report("etc-incl-abbreviations.txt"), "Q22") == []


def test_etc_and_incl_are_shortened_forms_a_hint_not_a_grammar_failure() -> None:
    """Spelt right, but 'incl.' reads as notes rather than a letter (LL524, Q23): a hint (info;
    the labellers split them between Q23 and Q24 and left some unmarked), so a good letter that
    uses one still passes Q23.
    'etc.' closing a list is standard English and is left alone (JFLEG's human corrections keep
    it)."""
    rep = report("etc-incl-abbreviations.txt")
    found = [(f.code, f.quote, f.severity.value) for f in rep.active_findings if f.item == "Q23"]
    assert found == [("LL524", "incl.", "info")]
    assert item(rep, "Q23") is True


def test_surnames_at_sentence_start_are_names() -> None:
    assert loud(report("surname-at-sentence-start.txt"), "Q22") == []


def test_reference_line_with_tabs() -> None:
    assert fact(report("tabs-in-reference-line.txt"), "reference") == "WX/CU/2026/0412"


def test_stage_one_that_explains_stage_two() -> None:
    rep = report("stage-one-mentions-stage-two.txt")
    assert fact(rep, "letter_type") == "stage-one"
    assert max(f.severity.rank for f in rep.active_findings) <= 1
    assert [f.severity.value for f in rep.active_findings if f.code == "LL702"] == ["warning"]
    assert rep.score is not None and rep.score.rating == "better-than-adequate"


def test_stage_one_that_offers_a_stage_two_review() -> None:
    rep = report("s1-request-review.txt")
    assert fact(rep, "letter_type") == "stage-one"
    assert rep.score is not None and rep.score.rating == "better-than-adequate"


def test_did_not_uphold_is_an_outcome_not_an_admission() -> None:
    rep = report("did-not-uphold-is-outcome.txt")
    assert item(rep, "7.11") is True
    assert item(rep, "Q27") is not False
    assert fact(rep, "outcome") == "not-upheld"


def test_named_salutation_with_yours_faithfully() -> None:
    rep = report("named-salutation-yours-faithfully.txt")
    assert item(rep, "Q34") is False
    assert [f.quote for f in rep.active_findings if f.code == "LL332"] == ["Yours faithfully"]


def test_stage_two_legal_reply_ruling_out_the_iac() -> None:
    rep = report("stage-two-legal-rules-out-iac.txt")
    assert fact(rep, "letter_type") == "stage-two"
    assert item(rep, "Q32") is True


def test_holding_letter_sent_after_its_deadline_is_a_holding_letter() -> None:
    rep = report("holding-late.txt")
    assert fact(rep, "letter_type") == "holding"
    assert item(rep, "Q16") is True and item(rep, "Q17") is True


def test_acknowledgement_promising_a_reply_within_20_working_days() -> None:
    rep = report("ack-20-days.txt")
    assert fact(rep, "letter_type") == "acknowledgement"
    assert [f for f in rep.active_findings if f.item == "Q32"] == []


@pytest.mark.parametrize("name", sorted(p.name for p in CASES.iterdir()))
def test_every_case_file_is_read(name: str) -> None:
    assert report(name).error is None


def test_every_shared_case_has_a_copy() -> None:
    shared = Path("/work/shared/cases/judgement")
    if not shared.is_dir():
        pytest.skip("the shared cases folder is not on this machine")
    assert {p.name for p in shared.iterdir()} <= {p.name for p in CASES.iterdir()}


def test_stage_two_mixed_reply_sends_only_the_service_part_to_the_iac() -> None:
    rep = report("stage-two-mixed-service-to-iac.txt")
    assert fact(rep, "letter_type") == "stage-two"
    assert fact(rep, "complaint_type") == "mixed"
    assert item(rep, "Q32") is True
    assert rep.score is not None and rep.score.rating == "better-than-adequate"


def test_early_resolution_reply_has_no_outcome_to_state() -> None:
    # HMCPSI 2023 4.6: a concern settled by early resolution upholds nothing (7.11 not
    # applicable); its next stage is a formal complaint, which the letter names (Q32 met)
    rep = report("early-resolution.txt")
    assert item(rep, "7.11") is None
    assert item(rep, "Q32") is True
    assert item(rep, "Q27") is True
    assert [f.code for f in rep.active_findings if f.severity.rank >= 1] == []


def test_concern_outside_the_complaints_process() -> None:
    # a concern about the police investigation, not the CPS: no outcome and no next stage to
    # explain, but the police are named with no contact details (the web address beside them is
    # Action Fraud's, in its own sentence), so Q31 is not met
    rep = report("outside-complaints-process.txt")
    assert item(rep, "7.11") is None
    assert item(rep, "Q32") is None
    assert item(rep, "Q31") is False
    assert loud(rep, "Q31") == ["You should raise your concerns with Cleveland Police"]


def test_apology_for_something_done_without_explaining_it() -> None:
    # "I am sorry that the word was used without that being explained to you beforehand" admits
    # the failing and apologises for it (Q27 met), and the change of practice answers it (Q29)
    rep = report("apology-for-what-was-not-explained.txt")
    assert item(rep, "Q27") is True
    assert item(rep, "Q29") is True


def test_a_complaint_passed_to_the_writer_for_a_response_opens_the_reply_itself() -> None:
    """'Your letter, which has been passed to me for a response' is how a full reply opens: the
    writer is the one it was passed to. Only passing it to someone else (who will reply) is an
    acknowledgement's news (a blind stage one reply was read as an acknowledgement)."""
    assert fact(report("passed-to-me-for-a-response.txt"), "letter_type") == "stage-one"
    assert fact(report("passed-to-a-colleague-ack.txt"), "letter_type") == "acknowledgement"


ACK_OPENING = ("Mrs Joan Ellis\n3 Mill Lane\nExeter\nEX2 4PQ\n\n12 November 2026\n\nOur reference: "
               "WX/CU/2026/0500\n\nDear Mrs Ellis\n\nYour complaint\n\nThank you for your letter of "
               "2 November 2026. {}\n\nYours sincerely\n\nHannah Greaves\nDistrict Crown Prosecutor\nCPS Wessex\n")


@pytest.mark.parametrize("news", [
    "Your complaint has been passed to me. I will look into it and write to you by 30 November 2026.",
    "We have passed your complaint to the Complaints Team so that it can be passed to the right manager "
    "for a reply. That manager will write to you by 30 November 2026.",
    "I have passed it to the Deputy Chief Crown Prosecutor, who is best placed to look into the points "
    "you raise. You will hear from her within 20 working days.",
    "Your complaint has now been passed to our Victim Liaison Unit for a reply.",
])
def test_short_acknowledgements_that_hand_the_complaint_on_or_promise_the_reply(news: str) -> None:
    """A breaker's acknowledgements (fifteenth session): the writer handing the complaint on
    ('We have passed your complaint to...', 'has now been passed to...') or promising to 'write
    to you by' a date is an acknowledgement, even where it was passed to the writer."""
    rep = check_text(ACK_OPENING.format(news), config=Config())
    assert fact(rep, "letter_type") == "acknowledgement"
