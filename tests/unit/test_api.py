"""The public API (``letterlint.check_text`` / ``check_path``) returns the Report the CLI prints."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import letterlint

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "stage-one-mixed-harcourt.txt"


@pytest.mark.slow
def test_import_is_cheap() -> None:
    """``import letterlint`` imports no stage: the API is loaded on first use."""
    code = ("import sys, letterlint; bad = [m for m in sys.modules if m.startswith('letterlint.')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout


def test_check_text_equals_check_path() -> None:
    by_path = letterlint.check_path(EXAMPLE)
    by_text = letterlint.check_text(EXAMPLE.read_text(encoding="utf-8"), name=str(EXAMPLE))
    assert by_path.error is None
    assert [(f.code, f.quote, f.span) for f in by_text.findings] == [
        (f.code, f.quote, f.span) for f in by_path.findings]
    assert by_text.score.rating == by_path.score.rating
    assert by_path.findings, "the example letter has findings to compare"


def test_api_report_is_what_the_cli_prints(tmp_path: Path) -> None:
    from tests.workflow.clihelp import run

    out = run(["check", str(EXAMPLE), "--format", "json"], tmp_path)
    printed = json.loads(out.stdout)
    printed = printed["reports"][0]
    report = letterlint.check_path(EXAMPLE)
    assert [f["code"] for f in printed["findings"]] == [f.code for f in report.findings]
    assert printed["score"]["rating"] == report.to_dict()["score"]["rating"]


def test_unreadable_path_is_a_report_not_an_exception(tmp_path: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"not a zip")
    report = letterlint.check_path(bad)
    assert report.error and "\n" not in report.error


@pytest.mark.parametrize("complaint", ["I complain that nobody told me the trial date had moved."])
def test_check_text_with_complaint(complaint: str) -> None:
    report = letterlint.check_text(EXAMPLE.read_text(encoding="utf-8"), complaint_text=complaint)
    assert report.error is None
    assert any(i.item == "7.11" for i in report.score.items)
