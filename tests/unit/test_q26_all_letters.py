"""Q26 "Was the explanation clear?" is asked of every letter (issue 13): Annex C offers only yes and
no, and a holding letter or an acknowledgement explains what happens next and when. An
acknowledgement with no time for the full reply ("in due course") or the wrong one ("within 28
days") does not explain it clearly (LL343, CPS standard: 20 working days, HMCPSI 2023 4.8, 4.11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from letterlint.config.settings import Config
from letterlint.engine.check import check_path

HEAD = """Mr R Okonedo
8 Canal Street
Leeds
LS1 4AB

Our ref: YH/CU/2026/0555

9 November 2026

Dear Mr Okonedo

"""
FOOT = """

Yours sincerely

Leah Brook
Complaints Coordinator
CPS Yorkshire and Humberside
Tel: 01632 960111
"""


def answers(tmp_path: Path, body: str) -> tuple[str, dict[str, str], list[str]]:
    path = tmp_path / "letter.txt"
    path.write_text(HEAD + body + FOOT, encoding="utf-8")
    rep = check_path(path, Config(), {}, None)
    assert rep.error is None and rep.score is not None
    kind = next(str(getattr(f.value, "value", f.value)) for f in rep.facts if f.name == "letter_type")
    return kind, {o.item: o.answer for o in rep.score.items}, [f.code for f in rep.active_findings]


@pytest.mark.parametrize(("body", "kind", "q26", "code"), [
    ("Thank you for your email of 2 November 2026. We have received your complaint and passed it to a "
     "District Crown Prosecutor, who will send you a full reply within 20 working days, that is by "
     "30 November 2026.", "acknowledgement", "yes", None),
    ("Thank you for your email of 2 November 2026. Your complaint has been passed to the relevant "
     "manager. You will receive a response in due course.", "acknowledgement", "no", "LL343"),
    ("We acknowledge receipt of your complaint. It has been passed to the District Crown Prosecutor "
     "and you will receive a response within 28 days.", "acknowledgement", "no", "LL343"),
    ("I am sorry, but we are not able to reply by 10 November 2026 as we promised, because we are "
     "still waiting for the police file. I will reply by 24 November 2026.", "holding", "yes", None),
])
def test_q26_is_answered_for_acknowledgements_and_holding_letters(
        tmp_path: Path, body: str, kind: str, q26: str, code: str | None) -> None:
    got_kind, got, codes = answers(tmp_path, body)
    assert got_kind == kind
    assert got["Q26"] == q26
    assert (code in codes) if code else "LL343" not in codes
