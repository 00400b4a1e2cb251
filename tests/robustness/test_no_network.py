"""No network: letterlint runs with every socket call blocked, including on a .docx whose parts
point at remote addresses, and makes no attempt to connect."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.robustness.docxmake import EXTERNAL_HOST, external_links_docx
from tests.workflow.clihelp import GOOD_LETTER, POOR_LETTER
from tests.workflow.clihelp import run_process as run

pytestmark = pytest.mark.slow  # starts real processes: see tests/conftest.py

NETBLOCK = Path(__file__).resolve().parent / "netblock"


def _blocked_env(log: Path) -> dict[str, str]:
    return {"PYTHONPATH": str(NETBLOCK), "LETTERLINT_NETBLOCK_LOG": str(log)}


def test_check_runs_with_sockets_blocked_and_never_tries(tmp_path: Path) -> None:
    log = tmp_path / "net.log"
    docx = external_links_docx(tmp_path / "links.docx")
    (tmp_path / "good.txt").write_text(GOOD_LETTER, encoding="utf-8")
    (tmp_path / "poor.md").write_text(POOR_LETTER, encoding="utf-8")
    res = run(["check", "-f", "json", docx.name, "good.txt", "poor.md"], tmp_path, _blocked_env(log))
    entries = log.read_text(encoding="utf-8").splitlines()
    assert entries and entries[0].startswith("loaded"), "the socket blocker did not load"
    assert not [e for e in entries if e.startswith("attempt")], entries
    assert res.returncode == 1, res.stderr
    assert '"error": null' in res.stdout and "Traceback" not in res.stderr
    assert EXTERNAL_HOST not in res.stderr


def test_the_blocker_really_blocks(tmp_path: Path) -> None:
    """Proof that the test above could fail: a connection attempt is refused and logged."""
    import subprocess
    import sys

    from tests.workflow.clihelp import env

    log = tmp_path / "net.log"
    code = ("import urllib.request\n"
            f"urllib.request.urlopen('http://{EXTERNAL_HOST}/', timeout=1)\n")
    res = subprocess.run([sys.executable, "-c", code], env=env(_blocked_env(log)), capture_output=True,
                         text=True, timeout=30, check=False)
    assert res.returncode != 0 and "network access is blocked" in res.stderr
    assert any(e.startswith("attempt") for e in log.read_text(encoding="utf-8").splitlines())


def test_batch_runs_with_sockets_blocked(tmp_path: Path) -> None:
    probe = run(["batch", "--help"], tmp_path)
    if probe.returncode != 0:
        pytest.skip("the batch command has not landed yet")
    log = tmp_path / "net.log"
    letters = tmp_path / "letters"
    letters.mkdir()
    external_links_docx(letters / "links.docx")
    (letters / "good.txt").write_text(GOOD_LETTER, encoding="utf-8")
    res = run(["batch", "letters"], tmp_path, _blocked_env(log))
    entries = log.read_text(encoding="utf-8").splitlines()
    assert entries and entries[0].startswith("loaded")
    assert not [e for e in entries if e.startswith("attempt")], entries
    assert res.returncode in (0, 1), res.stderr
    assert "Traceback" not in res.stderr
