"""LL602: acronyms must be spelled out where they are first used."""

from __future__ import annotations

import pytest

from letterlint.checks.acronym import initials_match
from tests.unit.test_jargon_support import findings, quotes


@pytest.mark.parametrize(
    "body",
    [
        "The Crown Prosecution Service (CPS) has reviewed the file. The CPS is independent.",
        "The CPS (Crown Prosecution Service) has reviewed the file. The CPS is independent.",
        "You can contact the Independent Office for Police Conduct (IOPC). The IOPC will reply.",
        "HM Courts and Tribunals Service (HMCTS) runs the court building.",
        "The court showed the CCTV on a TV screen, and the NHS and the BBC were not involved.",
        "Please email complaints@cps.gov.uk or visit www.cps.gov.uk, quoting NW-CMP-2026-00913.",
        "Write to us at 1 High Street, Exeter EX1 2AB. Part II of the report and chapter IV say so.",
        "IMPORTANT NOTICE ABOUT YOUR CASE\nThe hearing is on Monday.",
        "I did NOT say that, and ALL of it is in the note.",
        "The Witness Care Unit (WCU) will call you.",
    ],
)
def test_spelled_out_or_everyday_acronyms_are_not_flagged(body: str) -> None:
    assert quotes("LL602", body) == []


def test_first_use_not_spelled_out_is_flagged_once_with_the_expansion() -> None:
    body = "The IOPC has the police file. The IOPC is independent. The DVLA was not involved."
    fs = findings("LL602", body)
    assert [f.quote for f in fs] == ["IOPC", "DVLA"]
    assert fs[0].suggestion == "Independent Office for Police Conduct (IOPC)"
    assert "Independent Office for Police Conduct (IOPC)" in fs[0].message


def test_spelled_out_only_later_still_flags_the_first_use() -> None:
    body = "The DPP issued guidance. The Director of Public Prosecutions (DPP) is the head of the CPS."
    assert quotes("LL602", body)[0] == "DPP"


def test_unknown_acronym_gets_general_advice() -> None:
    (f,) = findings("LL602", "The XQZ team has your file.")
    assert f.quote == "XQZ"
    assert f.suggestion is None
    assert "in full" in f.message


def test_internal_terms_are_left_to_the_jargon_rule() -> None:
    assert quotes("LL602", "The case was listed for a PTPH and the MG6 was served.") == []
    assert quotes("LL601", "The case was listed for a PTPH and the MG6 was served.") == ["PTPH", "MG6"]


def test_configured_everyday_acronyms_are_not_flagged() -> None:
    body = "The LCJB meeting is next week."
    assert quotes("LL602", body) == ["LCJB"]
    assert quotes("LL602", body, config={"acronyms.allow": ["LCJB"]}) == []


def test_signature_and_address_are_outside_the_body() -> None:
    # the signature block in the test letter says "CPS Wessex Victim Liaison Unit"
    assert quotes("LL602", "I have looked at your complaint again.") == []


def test_initials_match() -> None:
    assert initials_match("CPS", ["Crown", "Prosecution", "Service"])
    assert initials_match("HMCTS", ["HM", "Courts", "and", "Tribunals", "Service"])
    assert not initials_match("CPS", ["the", "police", "service"])


def test_subject_line_acronym_spelled_out_in_the_body_is_fine() -> None:
    body = "The Independent Office for Police Conduct (IOPC) looks at complaints about the police."
    assert quotes("LL602", body, subject="Your complaint and the IOPC") == []
    assert quotes("LL602", "I have looked at your complaint.", subject="Your complaint and the IOPC") == [
        "IOPC"
    ]
