"""A closed standard output or error, and a reader that goes away: letterlint still writes the
files it is asked for, exits with its usual status, and shows no traceback or "internal error"
(found by a tester in the seventh session)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.workflow.clihelp import LETTERLINT, POOR_LETTER, env


def _sh(cmd: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", cmd], cwd=cwd, env=env(), capture_output=True, text=True, timeout=120)


@pytest.mark.slow  # real processes: the way a closed stream reaches letterlint
def test_closed_stdout_still_writes_the_report_file(tmp_path: Path) -> None:
    (tmp_path / "draft.txt").write_text(POOR_LETTER, encoding="utf-8")
    run = _sh(f"'{LETTERLINT}' check draft.txt --format json -o out.json >&-", tmp_path)
    assert run.returncode == 1, run.stderr  # findings, as with an open standard output
    assert "internal error" not in run.stderr and "Traceback" not in run.stderr
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["summary"]["letters"] == 1


@pytest.mark.slow  # real processes: the way a closed stream reaches letterlint
def test_closed_stderr_still_writes_the_report_file(tmp_path: Path) -> None:
    (tmp_path / "draft.txt").write_text(POOR_LETTER, encoding="utf-8")
    run = _sh(f"'{LETTERLINT}' check draft.txt --format json -o out.json 2>&-", tmp_path)
    assert run.returncode == 1
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["summary"]["letters"] == 1


@pytest.mark.slow  # real processes: the way a closed stream reaches letterlint
def test_batch_into_head_stops_quietly(tmp_path: Path) -> None:
    box = tmp_path / "outbox"
    box.mkdir()
    for i in range(40):
        (box / f"letter-{i:02}.txt").write_text(POOR_LETTER, encoding="utf-8")
    run = _sh(f"'{LETTERLINT}' batch outbox --format csv --jobs 1 | head -1; echo \"status=${{PIPESTATUS[0]}}\"",
              tmp_path)
    assert run.stdout.startswith("file,"), run.stdout
    assert run.stdout.strip().endswith("status=1")
    assert "internal error" not in run.stderr and "Traceback" not in run.stderr and "BrokenPipe" not in run.stderr
