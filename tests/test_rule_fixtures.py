"""Runs every rule's fixture file (tests/rules/<CODE>.yaml) against that rule alone.

A fixture file names its rule and lists ``pass`` and ``fail`` examples. An example is the body
of a letter (a string), or a mapping with ``text`` and optional ``name``, ``letter_type``,
``complaint_type``, ``letter_date``, ``complaint`` (text of the complaint), ``config``
(settings) and ``format``. Every ``fail`` example says which words it flags:

    flags: "consolatory payment"          # one finding, quoting exactly these words
    flags: ["An CPS", "a independent"]    # two findings, in any order
    flags: "I have read the file and..."  # a long quote: "..." at the end matches its start
    flags: ""                             # one finding that quotes nothing (a missing part)
    severity: info                        # (optional) the severity every finding has

and the test fails if the rule flags other words, more or fewer. ``not_flagged`` lists words no
finding may quote. Each case's test id is its ``name``, else the words it flags, else the first
words of its text, so a failure says which example broke.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from letterlint.config.settings import Config
from letterlint.engine.check import check_path
from letterlint.model import Finding
from letterlint.rules.loader import RuleSet, ruleset_for
from tests.conftest import ROOT, read_yaml, wrap_letter

FIXTURES = ROOT / "tests" / "rules"
RULESET = ruleset_for()
CASE_KEYS = {"text", "name", "flags", "not_flagged", "config", "complaint", "letter_type",
             "complaint_type", "letter_date", "format", "severity", "also"}


def _slug(words: str, limit: int = 5) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", words.lower())[:limit]) or "blank"


def _case_id(code: str, outcome: str, case: dict[str, Any], seen: set[str]) -> str:
    flags = _expected_flags(case) if outcome == "fail" else []
    words = case.get("name") or ("+".join(_slug(f, 4) for f in flags if f) or _slug(case["text"]))
    name = base = f"{code}-{outcome}-{words}"
    n = 1
    while name in seen:
        n += 1
        name = f"{base}-{n}"
    seen.add(name)
    return name


def _expected_flags(case: dict[str, Any]) -> list[str]:
    flags = case.get("flags")
    return [flags] if isinstance(flags, str) else list(flags or [])


def _cases() -> list[Any]:
    out = []
    seen: set[str] = set()
    for path in sorted(FIXTURES.glob("*.yaml")):
        data = read_yaml(path)
        code = data["rule"]
        defaults = {k: data[k] for k in ("letter_type", "complaint_type", "letter_date", "also") if k in data}
        for outcome in ("pass", "fail"):
            for case in data.get(outcome) or []:
                case = {"text": case} if isinstance(case, str) else dict(case)
                name = _case_id(code, outcome, case, seen)
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
    # 'also': other rules to run with it (a rule whose 'when' reads what they found, LL240)
    rules = [rule, *(RULESET.by_code(c) for c in case.get("also") or [])]
    assert all(r is not None for r in rules), f"{code}: unknown rule in 'also'"
    report = check_path(letter, config, overrides, complaint,
                        RuleSet(tuple(sorted((r for r in rules if r is not None), key=lambda r: r.code)),
                                RULESET.banks))
    assert report.error is None, report.error
    errored = [r for r in report.results if r.status == "errored"]
    assert not errored, errored[0].detail
    return [f for f in report.findings if f.code == code and not f.suppressed]


def _unmatched(expected: list[str], findings: list[Finding]) -> tuple[list[str], list[str]]:
    """The expected flags no finding quotes, and the quotes no expected flag names."""
    quotes = [f.quote for f in findings]
    missing = []
    for want in expected:
        hit = next((q for q in quotes if (q.startswith(want[:-3]) if want.endswith("...") else q == want)),
                   None)
        if hit is None:
            missing.append(want)
        else:
            quotes.remove(hit)
    return missing, quotes


@pytest.fixture(scope="module")
def letter_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for every case's letter (and complaint), each written afresh by its case: a
    numbered folder and link for each of the 900-odd cases cost more file-system work than
    reading the letters."""
    return tmp_path_factory.mktemp("fixtures")


@pytest.mark.parametrize(("code", "outcome", "case"), _cases())
def test_fixture(code: str, outcome: str, case: dict[str, Any], letter_folder: Path) -> None:
    unknown = set(case) - CASE_KEYS
    assert not unknown, f"{code}: unknown key(s) {sorted(unknown)} in a fixture case"
    for old in letter_folder.iterdir():  # the last case's letter and complaint
        old.unlink()
    findings = run_one(code, case, letter_folder)
    for words in case.get("not_flagged") or []:  # words a failing case must leave alone
        assert not any(words.lower() in f.quote.lower() for f in findings), (
            f"{code} flagged {words!r}: {[f.quote for f in findings]}"
        )
    if outcome == "pass":
        assert "flags" not in case, f"{code}: a passing example flags nothing; drop 'flags'"
        assert not findings, f"{code} flagged a passing example: {[(f.quote, f.message) for f in findings]}"
        return
    assert "flags" in case, f"{code}: a failing example must say which words it flags ('flags:')"
    assert findings, f"{code} missed a failing example: {case['text'][:200]!r}"
    if case.get("severity"):  # the severity every finding must have ("info": a hint, not a fault)
        assert all(f.severity.value == case["severity"] for f in findings), (
            f"{code}: expected every finding at {case['severity']}: {[(f.quote, f.severity.value) for f in findings]}")
    missing, extra = _unmatched(_expected_flags(case), findings)
    assert not missing and not extra, (
        f"{code} flagged different words: expected {missing} not flagged; flagged {extra} not expected"
    )


def test_every_rule_has_fixtures_and_docs() -> None:
    problems = []
    for rule in RULESET.rules:
        path = FIXTURES / f"{rule.code}.yaml"
        if not path.is_file():
            problems.append(f"{rule.code}: no fixture file {path.name}")
            continue
        data = read_yaml(path)
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


def test_flags_must_name_exactly_the_words_flagged() -> None:
    """The matcher itself: an extra finding, a missing one, other words or a wrong count fail;
    "..." matches the start of a long quote; "" is a finding that quotes nothing."""
    from types import SimpleNamespace

    def found(*quotes: str) -> list[Any]:
        return [SimpleNamespace(quote=q) for q in quotes]

    assert _unmatched(["a error"], found("a error")) == ([], [])
    assert _unmatched(["a error"], found("a error", "an letter")) == ([], ["an letter"])
    assert _unmatched(["a error", "an letter"], found("a error")) == (["an letter"], [])
    assert _unmatched(["a error"], found("error")) == (["a error"], ["error"])
    assert _unmatched(["i", "i"], found("i")) == (["i"], [])
    assert _unmatched(["I have read..."], found("I have read the file and more.")) == ([], [])
    assert _unmatched(["I have read..."], found("We have read the file.")) == (["I have read..."],
                                                                                ["We have read the file."])
    assert _unmatched([""], found("")) == ([], [])
    assert _unmatched([""], found("outcome")) == ([""], ["outcome"])
