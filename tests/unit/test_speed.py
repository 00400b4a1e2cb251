"""Issue 15 (speed): the rule-set cache, and the linear lookups that replaced per-match scans
give the same answers as the scans they replaced."""

from __future__ import annotations

import os
import random
import stat
from pathlib import Path

import pytest

from letterlint.checks.conditional import _exists
from letterlint.checks.existence import excepted
from letterlint.checks.spelling import _overlap_test
from letterlint.engine import rule_cache
from letterlint.model import Span
from letterlint.rules.loader import load_ruleset, ruleset_for
from letterlint.rules.patterns import compile_patterns, finditer

RULE = """\
code: LL990
name: test-rule
group: jargon
item: Q24
severity: warning
scope: sentence
kind: existence
params:
  patterns: ["{phrase}"]
message: "Avoid '{{match}}'."
why: "Lay readers do not understand it, HMCPSI 7.3."
fix: "Write 'under' instead."
example:
  bad: "{phrase} the Code"
  good: "under the Code"
"""

REPO = Path(__file__).resolve().parents[2]
LETTER = (REPO / "examples" / "stage-one-mixed-harcourt.txt").read_text(encoding="utf-8")


def _load(rules: Path, banks: Path) -> object:
    return rule_cache.load_or_build((str(rules),), (str(banks),), lambda: load_ruleset([rules], [banks]))


def test_rule_set_kept_privately_and_rebuilt_when_a_rule_changes(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("LETTERLINT_NO_RULE_CACHE", raising=False)
    rules, banks = tmp_path / "rules", tmp_path / "banks"
    rules.mkdir()
    banks.mkdir()
    (rules / "LL990-test-rule.yaml").write_text(RULE.format(phrase="pursuant to"), encoding="utf-8")
    first = _load(rules, banks)
    folder = tmp_path / "cache" / "letterlint" / "rules"
    entries = list(folder.glob("*.entry"))
    assert len(entries) == 1
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(entries[0]).st_mode) == 0o600
    kept = _load(rules, banks)
    assert kept == first and kept is not first  # read back from the file, equal
    (rules / "LL990-test-rule.yaml").write_text(RULE.format(phrase="in respect of"), encoding="utf-8")
    changed = _load(rules, banks)
    assert changed.rules[0].params["patterns"] == ["in respect of"]  # type: ignore[attr-defined]


def test_a_tampered_entry_is_never_unpickled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("LETTERLINT_NO_RULE_CACHE", raising=False)
    rules, banks = tmp_path / "rules", tmp_path / "banks"
    rules.mkdir()
    banks.mkdir()
    (rules / "LL990-test-rule.yaml").write_text(RULE.format(phrase="pursuant to"), encoding="utf-8")
    _load(rules, banks)
    entry = next((tmp_path / "cache" / "letterlint" / "rules").glob("*.entry"))
    import pickle

    magic, mac, _payload = entry.read_bytes().split(b"\n", 2)
    entry.write_bytes(magic + b"\n" + mac + b"\n" + pickle.dumps("not a rule set"))  # the MAC no longer fits
    again = _load(rules, banks)
    assert again != "not a rule set"
    assert again.rules[0].code == "LL990"  # type: ignore[attr-defined]


def test_a_typo_is_still_a_clear_error_at_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from letterlint.errors import ConfigError

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    rules, banks = tmp_path / "rules", tmp_path / "banks"
    rules.mkdir()
    banks.mkdir()
    (rules / "LL990-test-rule.yaml").write_text(RULE.format(phrase="x").replace("kind: existence", "kind: existance"),
                                                encoding="utf-8")
    with pytest.raises(ConfigError):
        _load(rules, banks)


def test_overlap_test_agrees_with_a_scan() -> None:
    rng = random.Random(7)
    for _ in range(200):
        spans = [Span(a, a + rng.randint(0, 6)) for a in (rng.randint(0, 60) for _ in range(rng.randint(0, 8)))]
        test = _overlap_test(spans)
        for start in range(0, 66):
            probe = Span(start, start + rng.randint(1, 5))
            assert test(probe) == any(b.overlaps(probe) for b in spans)


def test_then_search_agrees_with_finditer_for_every_start() -> None:
    """LL221's remembered search gives the same answer as a fresh scan, whatever the order of
    the areas asked about."""
    from letterlint.checks.base import CheckContext

    rs = ruleset_for()
    rule = rs.by_code("LL221")
    assert rule is not None
    text = LETTER * 3
    ctx = CheckContext.__new__(CheckContext)
    ctx.letter = type("L", (), {"doc": type("D", (), {"text": text})()})()  # type: ignore[assignment]
    ctx.cache = {}
    rng = random.Random(3)
    starts = sorted(rng.randint(0, len(text)) for _ in range(60))
    rng.shuffle(starts)
    for end in (len(text), len(text) // 2):
        for start in starts:
            area = Span(min(start, end), end)
            want = any(True for _ in finditer(rule.compiled["then"], text, area))
            assert _exists(ctx, rule.compiled["then"], area) == want


def test_exceptions_remembered_per_unit_agree_with_a_scan() -> None:
    pats = compile_patterns(["re:\\bcase\\b", "re:\\bcourt\\b"], {})
    text = LETTER
    units = [Span(0, len(text)), Span(100, 900), Span(0, len(text))]
    for unit in units:
        for start in range(unit.start, unit.end - 4, 7):
            span = Span(start, start + 4)
            want = any(e.span.overlaps(span) for e in finditer(pats, text, unit))
            assert excepted(pats, text, span, unit) == want
