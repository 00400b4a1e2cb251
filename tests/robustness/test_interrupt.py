"""An interrupted run (Ctrl+C) leaves no temporary file and no half-written report."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.workflow.clihelp import LETTERLINT, POOR_LETTER, env, tree_digest

pytestmark = pytest.mark.slow  # starts real processes: see tests/conftest.py

PARAGRAPH = ("The case was reviewed by a prosecutor and the decision was made in line with our "
             "policies, which I have set out below for you in some detail.\n\n")


def test_sigint_during_a_large_check_leaves_no_partial_output(tmp_path: Path) -> None:
    big = tmp_path / "long letter.txt"
    big.write_text(POOR_LETTER.replace("Yours sincerely", PARAGRAPH * 2500 + "Yours sincerely"),
                   encoding="utf-8")
    before = tree_digest(tmp_path)
    report = tmp_path / "report.json"
    proc = subprocess.Popen([str(LETTERLINT), "check", "-f", "json", "-o", str(report), str(big)],
                            cwd=tmp_path, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    time.sleep(2.0)
    still_running = proc.poll() is None
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert still_running, "the check finished before it could be interrupted: make the input larger"
    assert proc.returncode == 130, err
    assert err.strip().splitlines() == ["letterlint: interrupted"]
    assert "Traceback" not in err
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))
    assert not report.exists() or json.loads(report.read_text(encoding="utf-8"))["reports"]
    assert tree_digest(tmp_path) == before  # the input is unchanged and nothing else was written
