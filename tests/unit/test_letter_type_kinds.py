"""Letter type (issue 13): the kinds of wording that independent writers use for holding letters
and acknowledgements, and the look-alikes that are not. Each letter here is written for this
test; the kinds were found on the development set (tests/corpus/independent/dev.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from letterlint.letter.analysis import analyse
from letterlint.model import LetterType
from letterlint.reading import read, read_string
from tests.conftest import read_yaml

HEAD = """Mrs J Carver
4 Orchard Row
Taunton
TA1 2PL

Our ref: SW/CU/2026/0101

9 November 2026

Dear Mrs Carver

"""
FOOT = """

Yours sincerely

Ellen Marsh
Victim Liaison Unit Manager
CPS South West
"""


def letter_type(body: str) -> LetterType:
    return analyse(read_string(HEAD + body + FOOT)).letter_type


@pytest.mark.parametrize("body", [
    # "we need a little longer": the reply is late, said without "not able to"
    "We told you that you would receive a full reply by 12 November 2026. I am writing to let you "
    "know that we need a little longer, because the prosecutor has asked the court for a transcript. "
    "We will now reply by 26 November 2026.",
    # "will take a little longer than we told you"
    "I am writing to let you know that the reply to your complaint will take a little longer than we "
    "told you. The prosecutor is on leave until 16 November. You will receive her reply by 30 "
    "November 2026.",
    # the reply is already late and a new date is given, with no "not able to" (issue 13)
    "Thank you for your complaint of 2 October 2026. We should have sent you a full reply by 30 "
    "October 2026, and I am sorry that we did not. The lawyer looking into it has asked the police "
    "for their notes. We now expect to send you a full reply by 20 November 2026.",
    # a heading that gives a new date for the reply
    "Your complaint: a new date for our reply\n\nI am sorry that you have to wait longer. The "
    "prosecutor is waiting for the police file. We will reply by 30 November 2026.",
    # "unable to provide a full response within the timescale", with no new date at all
    "I am writing about your complaint, received on 3 October 2026. I am afraid we are unable to "
    "provide a full response within our usual timescale. The manager dealing with it is waiting "
    "for information from the police and will reply as soon as she can.",
    # "not yet in a position to provide you with a full response"
    "Your complaint of 1 October 2026\n\nWe are not yet in a position to give you a full reply. "
    "We will now aim to reply by 7 December 2026. I am sorry for the wait.",
    # the delay told from the complainant's side: "you have not yet received that reply"
    "We told you that you would hear from the Deputy Chief Crown Prosecutor by 6 November 2026. "
    "I am sorry that you have not yet received that reply. She is waiting for a transcript from "
    "the court, and you will hear from her by 20 November 2026.",
    # "it has not been possible to finish looking into your complaint" (seventh session)
    "I am writing to update you on your complaint about the hearing. We aim to reply to complaints "
    "within 20 working days. Unfortunately it has not been possible to finish looking into your "
    "complaint within this time. I will send you a full reply by 14 December 2026.",
    # the earlier promise recalled, and broken: "we told you ... you would have a full reply by"
    "We told you in our last letter that you would have a full reply by 4 November 2026. I am very "
    "sorry that we have not managed this. The prosecutor has been away. You will now receive a "
    "full reply by 18 November 2026.",
    # a stage two request, not yet answered (blind letter w16-009)
    "I refer to your letter requesting that your complaint be escalated to stage two of the CPS "
    "complaints process. Your complaint is currently with the Deputy Chief Crown Prosecutor for "
    "consideration. Unfortunately we were unable to provide a response within the 20 working day "
    "timescale. A full reply will now be sent to you by 24 April 2026.",
    # a stage two review running late: the date hoped for has gone, a new one given (blind letter
    # w28-008, eleventh session), with "asking me to review your complaint" as stage two's sign
    "Thank you for your letter of 3 November 2026 asking me to review your complaint. I had "
    "hoped to send you my full reply by 1 December 2026. I have asked the court for its record "
    "of the hearing and have not yet received it. I am sorry that my reply will be later than we "
    "aim for. I now expect to write to you with my full response by 15 December 2026.",
    # each of those signs on its own
    "Thank you for your letter of 3 November 2026. We had intended to send you a full reply by 1 "
    "December 2026, but the prosecutor is still waiting for the police officer's notes. You will "
    "hear from us by 15 December 2026.",
    "Thank you for your letter of 3 November 2026. I am sorry that our reply will be later than we "
    "planned. The prosecutor is still waiting for the police officer's notes, and you will hear "
    "from us by 15 December 2026.",
    # the reply due named before as "it"; a due date already passed; a new date from whoever
    # will reply (sixteenth session: w42-012, w44-004)
    "I am writing about your complaint of 16 December 2025. Our full reply is due by 23 January "
    "2026. I am sorry to tell you that I will not be able to send it by then. The barrister who "
    "prosecuted the case is in a long trial, and I need to speak to him first. I expect to send "
    "you my full reply by 13 February 2026.",
    "I write further to your complaint, which was received on 16 March 2026. It has been passed to "
    "a District Crown Prosecutor who is making enquiries into the matters you raised. Due to those "
    "enquiries the District Crown Prosecutor now expects to send you a full response by 6 May 2026.",
    # the promised reply will be late, in other words (a breaker's sentences)
    "Thank you for your patience. The date for our reply has been extended to 11 November 2026, "
    "because the prosecutor is on leave.",
    "I am sorry to tell you that we will miss the date of 29 October that we gave you. The lawyer is "
    "waiting for the court's record. We will reply by 11 November 2026.",
    "The reply we promised you for 29 October will be late. The lawyer is waiting for the court's "
    "record. We will reply by 11 November 2026.",
    "I am sorry that I cannot send you our full reply by 29 October as promised. The lawyer is "
    "waiting for the court's record. We will reply by 11 November 2026.",
    "We need to extend the time for our reply to 11 November 2026, as the lawyer is waiting for "
    "the court's record.",
    # the earlier promise recalled with "said that you would"; a full response "not available by
    # the date previously advised" (development letters w46-012, w46-004, seventeenth session)
    "I am writing about your email asking for your complaint to be reviewed at stage two. Our "
    "acknowledgement letter said that you would receive a full reply by 26 October 2026. I am "
    "sorry to tell you that this will not now be possible. We will now send you a full reply by "
    "10 November 2026.",
    "Your complaint which we received on 9 March 2026 has been passed to the District Crown "
    "Prosecutor who is dealing with it. Unfortunately a full response will not be available by the "
    "date previously advised. You will now receive a full response by 8 May 2026.",
    # still waiting for information, a date hoped for (a breaker's email, seventeenth session)
    "Thank you for your patience. Mr Lowe is still waiting for information from Thames Valley "
    "Police before he can finish looking into the points you raised. He hopes to be able to write "
    "to you by 2 March 2026.",
    # the same, in the breaker's other words (seventeenth session)
    "Thank you for your letter of 3 October 2026. I am sorry to tell you that our reply has been "
    "delayed. The lawyer is waiting for the court's record. You will hear from us by 11 November "
    "2026.",
    "Thank you for your letter of 3 October 2026. Our reply will be delayed beyond the date we gave "
    "you, as the lawyer is waiting for the court's record. You will hear from us by 11 November 2026.",
    "Thank you for your letter of 3 October 2026. The lawyer is waiting for the court's record, "
    "and we now aim to respond by 11 November 2026.",
])
def test_holding_letter_in_other_words(body: str) -> None:
    assert letter_type(body) is LetterType.HOLDING


@pytest.mark.parametrize("body", [
    # "You will receive a full response within 20 working days" is an acknowledgement's promise
    "Thank you for your email of 2 November 2026. We have registered it as a complaint. It will be "
    "passed to a legal manager, who will look into the points you raise. You will receive a full "
    "response within 20 working days.",
    # the words that say so, misspelt in a rushed letter
    "We acknowledge reciept of your complaint about the case at Taunton Magistrates' Court. Your "
    "complaint have been passed to the District Crown Prosecutor and you will receive a response "
    "by 7 December 2026.",
    "We have recieved your complaint about the trial at Exeter Crown Court. A manager will send "
    "you a full reply by 7 December 2026.",
    # "If we need longer, we will write to you" is a promise, not a delay
    "Thank you for your letter of 2 November 2026. We have received your complaint and passed it to "
    "a District Crown Prosecutor, who will send you a full reply within 20 working days, that is by "
    "30 November 2026. If she needs longer, we will write to you before then to explain why.",
    # the same promise with words between "if" and the delay (issue 13)
    "Thank you for your letter of 2 November 2026. I confirm that we have received your complaint. "
    "You should receive a full reply within 20 working days. If for any reason we are not able to "
    "reply by then, we will write to tell you why.",
    "Thank you for your letter of 2 November 2026. I confirm that we have received your complaint. "
    "You should receive a full reply by 30 November 2026. If for some reason we need longer, we will "
    "let you know.",
    # "If we find that we need more time": the same promise (issue 13)
    "Thank you for your letter of 2 November 2026. We have recorded it as a complaint and passed "
    "it to a District Crown Prosecutor, who will reply by 30 November 2026. If we find that we "
    "need more time, for example to ask the court for a recording, we will write to you first.",
    # "A full reply will be sent within 20 working days": the usual time promised, not a delay
    "Thank you for your letter of 2 November 2026 asking us to look at your complaint again. It "
    "has been passed to the Deputy Chief Crown Prosecutor. A full reply will be sent to you within "
    "20 working days. If it is not possible to reply by then we will write to you to explain why.",
    # "not able to give you legal advice" is not a late reply (seventh session)
    "Thank you for your letter, which has been logged as a complaint. It has been sent to the "
    "manager, who will reply to you in due course. Please be aware that we are not able to give "
    "you legal advice; you should speak to your solicitor.",
    # a delay spoken of as a possibility, and someone else's reply (a breaker's sentences)
    "Thank you for your email of 2 November 2026. We have received your complaint and passed it to "
    "a District Crown Prosecutor, who will reply by 30 November 2026. If, for any reason such as the "
    "lawyer being away on leave, we are not able to send it by then, we will write to explain why.",
    "Thank you for your email of 2 November 2026. We have received your complaint. A District Crown "
    "Prosecutor will send you a full reply by 30 November 2026. It is possible that we will not be "
    "able to send it by then. We will let you know.",
    "Thank you for your email of 2 November 2026. We have received your complaint. The officer in "
    "the case now expects to send you his response about the stolen property by 10 October.",
    # an acknowledgement that says what would happen if the date could not be met
    "Thank you for your email of 2 November 2026. We have received your complaint. A District "
    "Crown Prosecutor will reply by 30 November 2026. If we cannot send you our full reply by then "
    "as planned, we will write to explain why.",
    # a promise of the usual time, said with "is due" and "expects": not a delay
    "Thank you for your email of 2 November 2026. We have received your complaint and passed it to "
    "a District Crown Prosecutor. Your full reply is due by 30 November 2026, and she expects to "
    "send you a full response by then. If she is not able to send it by then, we will write to you.",
    # a longer acknowledgement, with signposting and who will reply, that says it in so many words
    "Thank you for your email of 2 November 2026. I was very sorry to read about the death of your "
    "son. I am writing to confirm that we have received your complaint and recorded it as a stage "
    "one complaint under the CPS Feedback and Complaints Policy. As I understand it, your complaint "
    "is about the decision to charge the driver with careless driving rather than dangerous "
    "driving, and about why that decision was not changed after your family raised concerns with "
    "the police. If I have misunderstood any part of it, or there is something you would like to "
    "add, please let me know. Your complaint has been passed to a District Crown Prosecutor who "
    "was not involved in the decisions you complain about. He will look at the case file, "
    "including the notes of the meetings with your family, and will send you a full reply within "
    "20 working days, that is by 30 November 2026. If he needs more time, we will write to you "
    "before that date to explain why and to give you a new date. If you would like to speak to "
    "someone in the meantime, or would prefer us to call you rather than write, please call the "
    "Complaints Unit on 01632 960214 or email the unit, quoting the reference at the top of this "
    "letter. You may also find it helpful to know that Victim Support offers free and confidential "
    "help to families bereaved by road deaths, whether or not a case is still going through the "
    "courts. You can contact them on 020 7946 0381. Road Peace also supports families after a "
    "death on the road, and its helpline is open every weekday. I know that none of this can "
    "make up for your loss, and I am sorry that you have had to contact us at such a hard time.",
    # a delay as a risk, and the aim of an acknowledgement (seventeenth session)
    "Thank you for your email of 2 November 2026. We have received your complaint. A District "
    "Crown Prosecutor will reply by 30 November 2026. If our reply is delayed, for example because "
    "the lawyer is on leave, we will write to explain why.",
    "Thank you for your email of 2 November 2026. We have received your complaint. We aim to "
    "respond by 30 November 2026.",
    # an acknowledgement that warns of a delay or gives the usual time (a breaker's sentences,
    # seventeenth session)
    "This is to let you know that we have received your complaint. Because of the Christmas closure "
    "our reply will be delayed slightly, and we aim to send you a full reply by 12 January 2027.",
    "I confirm that we have received your complaint. We normally reply within 20 working days, but "
    "a full response will not be available by then because of the holidays. We will reply by 12 "
    "January 2027.",
    "We have received your complaint and passed it to the District Crown Prosecutor, who will "
    "reply. Please note that we now aim to respond to complaints by the 20th working day after we "
    "receive them.",
])
def test_acknowledgement_in_other_words(body: str) -> None:
    assert letter_type(body) is LetterType.ACKNOWLEDGEMENT


def test_admitted_failing_about_an_acknowledgement_is_not_one() -> None:
    """A short stage one reply that admits "an acknowledgement should have been sent to you"."""
    body = ("Thank you for your complaint, which was received on 15 October 2026. I have looked into "
            "the matters you raised. Your expenses form was received by this office but it was not "
            "sent on, and an acknowledgement should have been sent to you. The form has now been "
            "sent for payment.\n\nIf you are unhappy with this response you can ask for it to be "
            "reviewed by a senior manager within one calendar month.")
    assert letter_type(body) is LetterType.STAGE_ONE


@pytest.mark.parametrize("body", [
    "I uphold your complaint and I am sorry for the delay in writing to you.\n\nThis is our stage "
    "one reply. If you are not satisfied, you can ask for your complaint to be considered at stage "
    "two, within one calendar month of the date of this letter.",
    "I do not uphold your complaint.\n\nThis letter is the stage one response to your complaint. "
    "If you remain unhappy, you may ask for it to be reviewed at stage two by the Deputy Chief "
    "Crown Prosecutor within one calendar month of the date of this letter.",
])
def test_a_stage_one_reply_that_names_itself_is_stage_one(body: str) -> None:
    """"This is our stage one reply" names the letter itself; "our stage one reply" elsewhere
    (a stage two reply recalling it) still points to stage two (blind letters w24-002, w24-011)."""
    assert letter_type(body) is LetterType.STAGE_ONE
    recalled = body.replace("This is our stage one reply.", "I have read our stage one reply.").replace(
        "This letter is the stage one response to your complaint.", "I have read the stage one response.")
    assert letter_type(recalled) is LetterType.STAGE_TWO


def test_a_reply_signed_by_a_deputy_chief_crown_prosecutor_that_offers_stage_two_is_stage_one() -> None:
    """The signature alone pointed to stage two; "you may request that it is considered at Stage
    2" says the letter is the stage one reply (blind letter w32-010, twelfth session)."""
    body = ("The footage should have been served by 3 March and it was not. I am sorry for this.\n\n"
            "If you are dissatisfied with this response you may request that it is considered at "
            "Stage 2 by writing to this office within one calendar month of the date of this letter.\n\n"
            "Yours sincerely\n\nA Writer\nDeputy Chief Crown Prosecutor")
    assert letter_type(body) is LetterType.STAGE_ONE


def test_development_set_letter_types_are_detected() -> None:
    """Measured on the independent development set: every letter's type matches its label."""
    root = Path(__file__).resolve().parents[1] / "corpus" / "independent"
    labels = read_yaml(root / "dev.yaml")["letters"]
    wrong = [(e["file"], analyse(read(root / "letters" / e["file"])).letter_type.value, e["letter_type"])
             for e in labels
             if analyse(read(root / "letters" / e["file"])).letter_type.value != e["letter_type"]]
    assert not wrong


def test_a_follow_up_email_arranging_a_meeting_is_no_type_of_reply() -> None:
    """An email that only arranges the meeting a reply offered (written by an independent writer,
    eighth session): none of the four letter types fits, as its labeller said, so its type is
    'unknown', not a stage one reply."""
    path = Path(__file__).resolve().parents[1] / "fixtures" / "inputs" / "judgement" / "not-a-reply-meeting-email.eml"
    assert analyse(read(path)).letter_type is LetterType.UNKNOWN


REPLY_BODY = ("Dear Ms Marsh\n\nThank you for your email about the sentencing hearing on 14 October.\n\n"
              "The Victim Personal Statement was not read to the court because the advocate did not have a "
              "copy of it. It had been given to the police on 2 October but was not uploaded to our file "
              "until 19 October. I am sorry that this happened.\n\nKind regards\n\nDawn Kettle\nVLU Manager")


@pytest.mark.parametrize(("subject", "expected"), [
    ("RE: Complaint - ref EM/CU/2026/1312", LetterType.STAGE_ONE),
    ("Re: Your complaint", LetterType.STAGE_ONE),
    # the Subject names something else after the reference: a follow-up, not the reply
    ("RE: Complaint - ref EM/CU/2026/1312 - meeting and easy read letter", LetterType.UNKNOWN),
    ("RE: Sentencing hearing", LetterType.UNKNOWN),
])
def test_an_email_reply_whose_subject_says_complaint_is_a_reply(tmp_path: Path, subject: str,
                                                                expected: LetterType) -> None:
    """An email reply that never says "complaint" in its body is the reply to one when its Subject
    says only that ("RE: Complaint - ref ...": development letter w45-012, seventeenth session)."""
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["Subject"], msg["From"], msg["To"] = subject, "vlu@cps.gov.uk", "k.marsh@example.org"
    msg["Date"] = "Wed, 04 Nov 2026 16:58:31 +0000"
    msg.set_content(REPLY_BODY)
    path = tmp_path / "reply.eml"
    path.write_bytes(bytes(msg))
    assert analyse(read(path)).letter_type is expected
