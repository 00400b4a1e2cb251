"""An email reply (issue 13, seventh session): the escalation time limit runs from "the date of
this email"; LL120 says so, LL111 and LL112 word their advice for an email, and no finding
promises a correction that ``letterlint fix`` cannot write (fix writes .docx, .txt and .md)."""

from __future__ import annotations

from pathlib import Path

from letterlint import check_path

EMAIL = """From: Complaints Team <complaints@cps.example.org>
To: Mrs J Carver <j.carver@example.org>
Subject: RE: Complaint - ref SW/CU/2026/0101
Date: Mon, 9 Nov 2026 10:00:00 +0000
Content-Type: text/plain; charset=utf-8

Dear Mrs Carver

Thank you for your email about the hearing at Taunton Magistrates' Court on 2 October. I am sorry
that you were not told the hearing had moved: that was our mistake, and I uphold your complaint.
We have added a check so that every witness is told of a new date on the day it is set.

If you are not satisfied with this reply, you can ask the Deputy Chief Crown Prosecutor to review
your complaint at stage two. Please write to us within {limit}.

Yours sincerely

Ellen Marsh
Victim Liaison Unit Manager
CPS South West, telephone 01632 960101
"""


def _check(tmp_path: Path, limit: str, suffix: str = "eml") -> list:  # type: ignore[type-arg]
    path = tmp_path / f"reply.{suffix}"
    path.write_text(EMAIL.format(limit=limit), encoding="utf-8")
    return list(check_path(path).findings)


def test_this_letter_in_an_email_is_flagged_with_the_email_wording(tmp_path: Path) -> None:
    found = [f for f in _check(tmp_path, "one calendar month of the date of this letter") if f.code == "LL120"]
    assert [f.quote for f in found] == ["of the date of this letter"]
    assert found[0].suggestion == "of the date of this email"
    assert found[0].autofix is None  # fix does not write .eml files, so it promises nothing


def test_a_wrong_limit_in_an_email_is_corrected_to_this_email(tmp_path: Path) -> None:
    found = [f for f in _check(tmp_path, "20 working days") if f.code == "LL112"]
    assert len(found) == 1 and "of the date of this email" in (found[0].suggestion or "")
    assert "this email" in found[0].message


def test_this_message_in_an_email_is_the_time_limit(tmp_path: Path) -> None:
    limit = "one calendar month of the date of this message, that is by 9 December 2026"
    codes = {f.code for f in _check(tmp_path, limit)}
    assert not codes & {"LL111", "LL112", "LL120"}


def _body_without_contact() -> str:
    return EMAIL.format(limit="one calendar month of the date of this email").replace(
        "CPS South West, telephone 01632 960101", "CPS South West")


def test_the_address_an_email_came_from_is_the_teams_contact(tmp_path: Path) -> None:
    """Q34 (report 8.2): an email reply gives the complainant the address to answer, the From
    header, even when the body has no telephone number or email address (eighth session: an
    independent labeller passed such a reply and letterlint said the contact was missing)."""
    path = tmp_path / "reply.eml"
    path.write_text(_body_without_contact(), encoding="utf-8")
    report = check_path(path)
    assert not [f for f in report.findings if f.code == "LL335"]
    contact = [f for f in report.facts if f.name == "team_contact"]
    assert [(f.value, f.source) for f in contact] == [("complaints@cps.example.org", "email header")]


def test_an_email_without_a_from_address_still_needs_contact_details(tmp_path: Path) -> None:
    path = tmp_path / "reply.eml"
    path.write_text(_body_without_contact().replace("From: Complaints Team <complaints@cps.example.org>\n", ""),
                    encoding="utf-8")
    assert [f.code for f in check_path(path).findings if f.code == "LL335"] == ["LL335"]
