"""Runs every rule's fixture file (tests/rules/<CODE>.yaml) against that rule alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from letterlint.config.settings import Config
from letterlint.engine.check import check_path
from letterlint.rules.loader import RuleSet, ruleset_for
from tests.conftest import ROOT, wrap_letter

FIXTURES = ROOT / "tests" / "rules"
RULESET = ruleset_for()


def _cases() -> list[Any]:
    out = []
    for path in sorted(FIXTURES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        code = data["rule"]
        defaults = {k: data[k] for k in ("letter_type", "complaint_type", "letter_date") if k in data}
        for outcome in ("pass", "fail"):
            for i, case in enumerate(data.get(outcome) or []):
                case = {"text": case} if isinstance(case, str) else dict(case)
                name = f"{code}-{outcome}-{case['name']}" if case.get("name") else f"{code}-{outcome}-{i}"
                out.append(pytest.param(code, outcome, {**defaults, **case}, id=name))
    return out


def run_one(code: str, case: dict[str, Any], tmp_path: Path) -> list[Any]:
    rule = RULESET.by_code(code)
    assert rule is not None, f"fixture for unknown rule {code}"
    suffix = case.get("format", "txt")
    letter = tmp_path / f"letter.{suffix}"
    letter.write_text(wrap_letter(case["text"]), encoding="utf-8")
    overrides = {
        "letter_type": case.get("letter_type", "stage-one"),
        "complaint_type": case.get("complaint_type"),
        "letter_date": case.get("letter_date"),
    }
    complaint = None
    if case.get("complaint"):
        complaint = tmp_path / "complaint.txt"
        complaint.write_text(case["complaint"], encoding="utf-8")
    config = Config()
    for key, value in (case.get("config") or {}).items():
        config.set(key, value, "fixture")
    report = check_path(letter, config, overrides, complaint, RuleSet((rule,), RULESET.banks))
    assert report.error is None, report.error
    errored = [r for r in report.results if r.status == "errored"]
    assert not errored, errored[0].detail
    return [f for f in report.findings if f.code == code and not f.suppressed]


@pytest.mark.parametrize(("code", "outcome", "case"), _cases())
def test_fixture(code: str, outcome: str, case: dict[str, Any], tmp_path: Path) -> None:
    findings = run_one(code, case, tmp_path)
    for words in case.get("not_flagged") or []:  # words a failing case must leave alone
        assert not any(words.lower() in f.quote.lower() for f in findings), (
            f"{code} flagged {words!r}: {[f.quote for f in findings]}"
        )
    if outcome == "pass":
        assert not findings, f"{code} flagged a passing example: {[(f.quote, f.message) for f in findings]}"
        return
    assert findings, f"{code} missed a failing example: {case['text'][:200]!r}"
    if "count" in case:
        assert len(findings) == case["count"], [f.quote for f in findings]
    if case.get("quote"):
        quotes = [f.quote for f in findings]
        assert any(case["quote"].lower() in q.lower() for q in quotes), quotes


def test_every_rule_has_fixtures_and_docs() -> None:
    problems = []
    for rule in RULESET.rules:
        path = FIXTURES / f"{rule.code}.yaml"
        if not path.is_file():
            problems.append(f"{rule.code}: no fixture file {path.name}")
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("rule") != rule.code:
            problems.append(f"{rule.code}: fixture names rule {data.get('rule')!r}")
        if not data.get("pass") or not data.get("fail"):
            problems.append(f"{rule.code}: needs at least one pass and one fail example")
        for field in ("why", "fix"):
            if len(getattr(rule, field)) < 20:
                problems.append(f"{rule.code}: '{field}' is too short to help anyone")
    assert not problems, "\n".join(problems)


def test_fixture_files_name_existing_rules() -> None:
    codes = {r.code for r in RULESET.rules}
    orphans = [p.name for p in FIXTURES.glob("*.yaml") if p.stem not in codes]
    assert not orphans, orphans
