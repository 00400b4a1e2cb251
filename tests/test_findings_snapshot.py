"""Every finding on the rules' own examples is as in the committed compact snapshot (issue 11:
a refactor changes no finding, except bugs fixed and named in their commits). A few seconds;
the whole corpus is compared with ``tools/findings_snapshot.py compare`` (minutes).

After an intended change: ``LETTERLINT_UPDATE_GOLDEN=1 .venv/bin/python -m pytest
tests/test_findings_snapshot.py``, read the diff, and name the changes in the commit."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT

SNAPSHOT = ROOT / "tests" / "snapshots" / "rule-examples.json"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("findings_snapshot", ROOT / "tools" / "findings_snapshot.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.trained  # the snapshot is of the default settings: the trained pipeline where installed
def test_rule_examples_give_the_snapshot_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tool = _tool()
    monkeypatch.chdir(tmp_path)  # no .letterlint.yaml picked up
    now = tool.rule_examples()
    if os.environ.get("LETTERLINT_UPDATE_GOLDEN"):
        rows = [f"{json.dumps(k)}: {json.dumps(now[k], sort_keys=True, ensure_ascii=False, separators=(',', ':'))}"
                for k in sorted(now)]
        SNAPSHOT.write_text("{\n" + ",\n".join(rows) + "\n}\n", encoding="utf-8")
    before = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    diffs = tool.differences(before, now)
    assert not diffs, "\n".join(diffs[:20])
    assert any(letter["findings"] for key, letters in now.items() if key.endswith(":bad") for letter in letters)
