"""Q31 "Did the CPS signpost contact information for other agencies where appropriate?" on the
kinds of wording found in independent letters (issue 13; HMCPSI 2023 7.23-7.27): a support
service named with its number has been signposted ("yes"); an agency named beside the CPS's own
number ("the witness care unit will contact you ... please contact the Victim Liaison Unit on
...") has not been signposted, and nothing needed signposting ("n/a")."""

from __future__ import annotations

from pathlib import Path

import pytest

from letterlint.config.settings import Config
from letterlint.engine.check import check_path

HEAD = """Ms K Adeyemi
12 Harrow Lane
Derby
DE1 2AB

Our ref: EM/CU/2026/0901

9 November 2026

Dear Ms Adeyemi

Thank you for your letter of 20 October 2026 about the case against your neighbour.

The prosecutor should have asked the court for a restraining order when your neighbour was
sentenced, and she did not. I am sorry. I uphold your complaint.

"""
FOOT = """

If you are not satisfied with this reply, you can ask for your complaint to be reviewed at stage
two. Please write to us within one calendar month of the date of this letter, that is by 9
December 2026.

Yours sincerely

Anna Kowalski
District Crown Prosecutor
CPS East Midlands
Tel: 01632 960347
"""


def q31(tmp_path: Path, middle: str) -> tuple[str, list[str]]:
    path = tmp_path / "letter.txt"
    path.write_text(HEAD + middle + FOOT, encoding="utf-8")
    rep = check_path(path, Config(), {}, None)
    assert rep.error is None and rep.score is not None
    answer = next(o.answer for o in rep.score.items if o.item == "Q31")
    return answer, [f.quote for f in rep.active_findings if f.code == "LL301"]


@pytest.mark.parametrize(("middle", "answer"), [
    # a support service with its own number: signposted
    ("If you would like support, the National Domestic Abuse Helpline is free and open 24 hours on "
     "0808 2000 247.", "yes"),
    ("Support for families is also available from the Homicide Service run by Victim Support, "
     "0808 16 89 111.", "yes"),
    # the witness care unit named beside the CPS's own number: nobody was sent elsewhere
    ("I have instructed a prosecutor to apply for the order. The hearing is on 19 November 2026 and "
     "the witness care unit will contact you about it. Please contact the Victim Liaison Unit on "
     "01632 960347 if you would like to meet me.", "n/a"),
    # sent to the court with only this office's number
    ("If you have questions about the hearing, you can contact the court or this office on "
     "01632 960347.", "no"),
    # a service for a group the reader's family belongs to, with no way of reaching it
    ("If your daughter would like to talk to someone, Victim Support can help children who have "
     "been through something like this.", "no"),
    # the police in an emergency: everyone can reach them on 999
    ("If you have any concerns about your own or your family's safety, you should contact the "
     "police straight away.", "n/a"),
    # two services named, details given after one of them only
    ("If you would like to talk to someone, the Witness Service and Victim Support can both help "
     "you: Victim Support on 01632 960512 or www.example.org.uk.", "no"),
    ("If you would like to talk to someone, Victim Support can help you: call them on "
     "01632 960512 or see www.example.org.uk.", "yes"),
    ("The witness care unit can be reached on 01632 960745, and the Witness Service and Victim "
     "Support can both help you - Victim Support on 01632 960388.", "no"),
    # (judge-i) the reader's own helper named with their number: signposted; without it, the
    # reader still knows how to reach them (nothing owed)
    ("If it would help to talk to someone who supports bereaved families, your family liaison "
     "officer, PC Ellis Nance, can put you in touch with specialist support; she can be reached on "
     "01632 960466.", "yes"),
    ("If it would help to talk to someone, your family liaison officer can put you in touch with "
     "specialist support.", "n/a"),
    # (judge-i) a scheme another body runs, named as the way to ask, with no way of asking
    ("You asked why the sentence was so short. Some sentences can be referred to the Court of "
     "Appeal under the Unduly Lenient Sentence scheme, but the 28-day limit has passed.", "no"),
    ("Some sentences can be referred to the Court of Appeal under the Unduly Lenient Sentence "
     "scheme. The Attorney General's Office can be contacted on 020 7271 2492 or at "
     "www.gov.uk/ask-for-a-sentence-review.", "yes"),
    # (judge-i) the prosecutor followed the Attorney General's Guidelines: nobody sent anywhere
    ("The prosecutor followed the Attorney General's Guidelines on Disclosure.", "n/a"),
    # (judge-i) support services named in other words, with and without their details
    ("You can also talk to Victim Support in confidence.", "no"),
    ("You can also talk to Victim Support in confidence on 0808 168 9111.", "yes"),
    ("Support is also available from Victim Care Merseyside.", "no"),
    ("An Independent Domestic Violence Adviser (IDVA) can support you; the local service is on "
     "01632 960390.", "yes"),
    ("When he is released, you are entitled to join the Victim Contact Scheme, which keeps victims "
     "informed about release.", "no"),
    # (judge-i) a leaflet of local support services sent with the letter (7.27: good practice)
    ("I have enclosed a leaflet with details of local support services for victims of domestic "
     "abuse.", "yes"),
    ("You may wish to contact local support services.", "no"),
    # (judge-i) a named charity with its number; without it
    ("The Suzy Lamplugh Trust runs the National Stalking Helpline on 0808 802 0300.", "yes"),
    ("If you would like to talk to someone, the Suzy Lamplugh Trust can help you.", "no"),
    # (judge-l) agencies as actors in the story, or the writer's own enquiries: nothing signposted
    ("I checked this by contacting the court, and the hearing was moved on 3 May.", "n/a"),
    ("The police have told me that they will not be taking any further action.", "n/a"),
    ("The court listed the case for trial on 4 June, and we should have told you.", "n/a"),
    ("Please let me know if the police have not yet returned your property.", "n/a"),
    # (judge-l) a lead-in naming the police, answered by the police unit's details
    ("If you would like to raise this with the police directly, you can contact Essex Witness Care "
     "on 01632 960640 or at witnesscare@essex-police.example.org.", "yes"),
    ("Should you wish to contact the court about the order, the listing office can help.", "no"),
])
def test_q31_kinds(tmp_path: Path, middle: str, answer: str) -> None:
    got, quotes = q31(tmp_path, middle)
    assert got == answer, quotes


def test_q31_police_reader(tmp_path: Path) -> None:
    """A letter to a police officer need not give the police's contact details."""
    path = tmp_path / "letter.txt"
    text = (HEAD + "Any claim for your overtime would be a matter for Derbyshire Police." + FOOT)
    path.write_text(text.replace("Ms K Adeyemi", "PC K Adeyemi").replace("Dear Ms", "Dear PC"),
                    encoding="utf-8")
    rep = check_path(path, Config(), {}, None)
    assert rep.score is not None
    assert next(o.answer for o in rep.score.items if o.item == "Q31") == "n/a"
    assert not [f for f in rep.active_findings if f.code == "LL301"]
    path.write_text(HEAD + "Any claim for your overtime would be a matter for Derbyshire Police." + FOOT,
                    encoding="utf-8")
    rep = check_path(path, Config(), {}, None)
    assert [f for f in rep.active_findings if f.code == "LL301"]
