"""Golden reports for the bundled examples: what a writer sees must not change by accident.

Each finding keeps its code, severity, quoted words, place, and the message, suggestion and fix
text the writer reads, so a change to any wording shows in the diff.

Regenerate after an intended change with:  LETTERLINT_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
and read the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from letterlint.config.settings import Config
from letterlint.engine.check import check_path
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".docx", ".txt", ".md")
                  and p.name != "README.md")
COMPLAINTS = {"stage-one-mixed-harcourt.txt": ROOT / "examples" / "complaints" / "complaint-harcourt.txt"}


def summary(path: Path) -> dict[str, Any]:
    cfg = Config()
    cfg.set("nlp.trained", False, "golden")  # the embedded pipeline: the same on every machine
    report = check_path(path, cfg, {}, COMPLAINTS.get(path.name))
    assert report.error is None, report.error
    assert report.score is not None
    facts = {f.name: f.to_dict()["value"] for f in report.facts
             if f.name in ("letter_type", "complaint_type", "letter_date", "addressee", "signatory")}
    return {
        "facts": facts,
        "rating": report.score.rating,
        "score": round(report.score.value),
        "items": {o.item: o.answer for o in report.score.items},
        "findings": [
            {"code": f.code, "severity": f.severity.value, "quote": f.quote[:80],
             "where": f.location.describe(), "suppressed": f.suppressed,
             # what the writer reads: the message, the exact wording offered, and the fix
             "message": f.message, "suggestion": f.suggestion, "fix": f.fix}
            for f in report.findings
        ],
        "errored_checks": sorted(r.code for r in report.results if r.status == "errored"),
    }


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_matches_golden_report(path: Path) -> None:
    got = summary(path)
    golden = GOLDEN / f"{path.name}.json"
    if os.environ.get("LETTERLINT_UPDATE_GOLDEN") == "1":
        golden.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert golden.is_file(), f"no golden report: run with LETTERLINT_UPDATE_GOLDEN=1 ({golden.name})"
    assert got == json.loads(golden.read_text(encoding="utf-8"))
    assert not got["errored_checks"]


def test_good_examples_have_no_error_findings() -> None:
    for name in ("stage-one-good.docx", "stage-two-legal.docx"):
        got = summary(ROOT / "examples" / name)
        errors = [f for f in got["findings"] if f["severity"] == "error" and not f["suppressed"]]
        assert not errors, (name, errors)
