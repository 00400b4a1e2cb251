"""Harper runs offline: with every socket call blocked, a letter's grammar is checked by Harper
(its findings appear) and no connection is attempted; traced at the system-call level (strace),
no internet socket is even opened; and in a network namespace with no network, Harper's
findings still appear."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import wrap_letter
from tests.workflow.clihelp import LETTERLINT, env
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


def _system_calls(tmp_path: Path, argv: list[str]) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run ``argv`` under strace (children followed) and return the run and every socket,
    connect, sendto, sendmsg and bind system call it made: the Rust code Harper runs in cannot
    slip past this as it could past a Python-level block."""
    log = tmp_path / "strace.log"
    res = subprocess.run(["strace", "-f", "-qq", "-e", "trace=socket,connect,sendto,sendmsg,bind",
                          "-o", str(log), *argv], cwd=tmp_path, env=env(), capture_output=True, text=True,
                         timeout=300, check=False)
    return res, log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def _internet(calls: list[str]) -> list[str]:
    return [c for c in calls if "AF_INET" in c or "sin_port" in c or "sin6_port" in c]


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_harper_makes_no_network_system_call(tmp_path: Path) -> None:
    # the detector works here: a Python socket to the internet is seen (else skip: ptrace refused)
    probe, calls = _system_calls(tmp_path, [sys.executable, "-c",
                                            "import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM)"])
    if probe.returncode != 0 or not _internet(calls):
        pytest.skip(f"strace cannot trace here: {probe.stderr[-300:]}")
    (tmp_path / "letter.txt").write_text(
        wrap_letter("I have went through the file, and I has spoken to the prosecutor."), encoding="utf-8")
    res, calls = _system_calls(tmp_path, [str(LETTERLINT), "check", "-f", "json", "letter.txt"])
    assert "Traceback" not in res.stderr, res.stderr[-2000:]
    findings = json.loads(res.stdout)["reports"][0]["findings"]
    assert ("LL580", "has") in {(f["code"], f["quote"]) for f in findings if "harper" in f["source"]}
    assert not _internet(calls), _internet(calls)[:5]


def _no_network_namespace() -> bool:
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-rn", "true"], capture_output=True, check=False).returncode == 0


@pytest.mark.skipif(not _no_network_namespace(), reason="cannot make a network namespace here")
def test_harper_checks_grammar_with_no_network_at_all(tmp_path: Path) -> None:
    """In a network namespace with no interface but loopback (down), Harper's findings appear."""
    (tmp_path / "letter.txt").write_text(
        wrap_letter("I have went through the file, and I has spoken to the prosecutor."), encoding="utf-8")
    res = subprocess.run(["unshare", "-rn", str(LETTERLINT), "check", "-f", "json", "letter.txt"], cwd=tmp_path,
                         env=env(), capture_output=True, text=True, timeout=300, check=False)
    assert "Traceback" not in res.stderr, res.stderr[-2000:]
    findings = json.loads(res.stdout)["reports"][0]["findings"]
    assert ("LL580", "has") in {(f["code"], f["quote"]) for f in findings if "harper" in f["source"]}
