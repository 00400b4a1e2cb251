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


def test_the_from_address_is_the_teams_contact_in_an_email(tmp_path: Path) -> None:
    # the complainant can write back to the address the reply came from (Q34, 8.2), so an email
    # whose body gives no telephone number or email address is not "without contact details";
    # a .txt letter with the same body is, and so is an email whose From has no address
    body = EMAIL.format(limit="one calendar month of the date of this email").replace(
        "CPS South West, telephone 01632 960101", "CPS South West")
    path = tmp_path / "reply.eml"
    path.write_text(body, encoding="utf-8")
    assert "LL335" not in {f.code for f in check_path(path).findings}
    path.write_text(body.replace("Complaints Team <complaints@cps.example.org>", "Complaints Team"),
                    encoding="utf-8")
    assert "LL335" in {f.code for f in check_path(path).findings}
    text = tmp_path / "reply.txt"
    text.write_text(body.split("\n\n", 1)[1], encoding="utf-8")
    assert "LL335" in {f.code for f in check_path(text, overrides={"letter_type": "stage-one"}).findings}
