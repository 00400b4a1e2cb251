"""Harper runs offline: with every socket call blocked, a letter's grammar is checked by Harper
(its findings appear) and no connection is attempted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import wrap_letter
from tests.workflow.clihelp import run_process as run

pytestmark = pytest.mark.slow  # starts real processes: see tests/conftest.py

NETBLOCK = Path(__file__).resolve().parent / "netblock"


def test_harper_checks_grammar_with_sockets_blocked(tmp_path: Path) -> None:
    log = tmp_path / "net.log"
    (tmp_path / "letter.txt").write_text(
        wrap_letter("I have went through the file, and I has spoken to the prosecutor."), encoding="utf-8")
    res = run(["check", "-f", "json", "letter.txt"], tmp_path,
              {"PYTHONPATH": str(NETBLOCK), "LETTERLINT_NETBLOCK_LOG": str(log)})
    entries = log.read_text(encoding="utf-8").splitlines()
    assert entries and entries[0].startswith("loaded"), "the socket blocker did not load"
    assert not [e for e in entries if e.startswith("attempt")], entries
    assert "Traceback" not in res.stderr
    findings = json.loads(res.stdout)["reports"][0]["findings"]
    got = {(f["code"], f["quote"], f["source"]) for f in findings if f["source"].startswith("harper:")}
    # "has" only Harper finds; "went" the built-in LL516 finds too, and one finding is given
    # under the built-in code, naming Harper's rule in its source (issue 18)
    assert got == {("LL580", "has", "harper:PronounVerbAgreement")}
    assert {(f["code"], f["quote"], f["source"]) for f in findings if f["code"] == "LL516"} == {
        ("LL516", "have went", "letterlint+harper:SimplePastToPastParticiple")}
