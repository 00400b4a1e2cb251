"""Issue 15 (cold start): the rule set kept between runs (``engine.rule_cache``) is rebuilt when
a rule, a bank or letterlint's own code changes, is private, and a damaged or foreign entry is
never used and never shows a traceback."""

from __future__ import annotations

import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from letterlint.engine import rule_cache
from letterlint.rules.loader import load_ruleset
from letterlint.rules.patterns import compile_one

REPO = Path(__file__).resolve().parents[2]

RULE = """\
code: LL890
name: test-rule
group: jargon
item: Q24
severity: warning
scope: sentence
kind: existence
params:
  patterns: [{{bank: test-bank}}]
message: "Avoid '{{{{match}}}}'."
why: "Lay readers do not understand it, HMCPSI 7.3."
fix: "Write 'under' instead."
example:
  bad: "{phrase} the Code"
  good: "under the Code"
"""

BANK = """\
id: test-bank
description: words for the test rule
entries:
  - {phrase}
"""


@pytest.fixture()
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("LETTERLINT_NO_RULE_CACHE", raising=False)
    rules, banks = tmp_path / "rules", tmp_path / "banks"
    rules.mkdir()
    banks.mkdir()
    (rules / "LL890-test-rule.yaml").write_text(RULE.format(phrase="pursuant to"), encoding="utf-8")
    (banks / "test-bank.yaml").write_text(BANK.format(phrase="pursuant to"), encoding="utf-8")
    return rules, banks, tmp_path / "cache" / "letterlint" / "rules"


def _load(rules: Path, banks: Path, built: list[int] | None = None) -> Any:
    def build() -> object:
        if built is not None:
            built.append(1)
        return load_ruleset([rules], [banks])

    return rule_cache.load_or_build((str(rules),), (str(banks),), build)


def _phrases(ruleset: object) -> list[str]:
    return [p.raw for p in ruleset.rules[0].compiled["patterns"]]  # type: ignore[attr-defined]


def _rewrite(path: Path, text: str) -> None:
    """Write ``text`` and make sure the modification time moves on (a coarse clock could leave it)."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def test_kept_privately_and_read_back(folders: tuple[Path, Path, Path]) -> None:
    rules, banks, cache = folders
    built: list[int] = []
    first = _load(rules, banks, built)
    kept = _load(rules, banks, built)
    assert built == [1]  # the second came from the file
    assert kept == first and kept is not first
    assert stat.S_IMODE(os.stat(cache).st_mode) == 0o700
    entries = list(cache.glob("*.entry"))
    assert len(entries) == 1
    assert stat.S_IMODE(os.stat(entries[0]).st_mode) == 0o600


def test_rebuilt_when_a_rule_changes_even_at_the_same_size(folders: tuple[Path, Path, Path]) -> None:
    rules, banks, _ = folders
    _load(rules, banks)
    rule = rules / "LL890-test-rule.yaml"
    _rewrite(rule, RULE.format(phrase="pursuant to").replace("Write 'under'", "Write 'below'"))  # same size
    changed = _load(rules, banks)
    assert "below" in changed.rules[0].fix


def test_rebuilt_when_a_rule_changes_and_its_old_times_are_put_back(folders: tuple[Path, Path, Path]) -> None:
    """An edit of the same size whose modification time is then put back ("touch -r", a copy
    that keeps times, a clock that records seconds) is still seen: the change time moves."""
    rules, banks, _ = folders
    rule = rules / "LL890-test-rule.yaml"
    old = rule.stat()
    _load(rules, banks)
    rule.write_text(RULE.format(phrase="pursuant to").replace("Write 'under'", "Write 'below'"), encoding="utf-8")
    os.utime(rule, ns=(old.st_atime_ns, old.st_mtime_ns))
    assert rule.stat().st_mtime_ns == old.st_mtime_ns and rule.stat().st_size == old.st_size
    assert "below" in _load(rules, banks).rules[0].fix


@pytest.mark.parametrize("damage", ["readable by others", "empty", "cut short"])
def test_a_spoilt_secret_is_replaced_and_caching_goes_on(folders: tuple[Path, Path, Path], damage: str) -> None:
    """The user's own secret made readable by others (a chmod -R), left empty or cut short by a
    crash is replaced by a new one (mode 0600); caching does not stay off for good."""
    from letterlint.engine.cache import user_secret

    rules, banks, cache = folders
    _load(rules, banks)
    key = cache.parent / "secret.key"
    if damage == "readable by others":
        os.chmod(key, 0o644)
        os.chmod(cache.parent, 0o755)  # the folder too, as chmod -R leaves it
    else:
        key.write_bytes(b"" if damage == "empty" else b"abc")
    secret = user_secret()
    assert secret is not None and len(secret) == 32
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600 and key.read_bytes() == secret
    built: list[int] = []
    _load(rules, banks, built)
    _load(rules, banks, built)
    assert built == [1]  # rebuilt once under the new secret, then read back


def test_a_linked_secret_is_never_replaced(folders: tuple[Path, Path, Path], tmp_path: Path) -> None:
    from letterlint.engine.cache import user_secret

    rules, banks, cache = folders
    _load(rules, banks)
    key = cache.parent / "secret.key"
    target = tmp_path / "elsewhere"
    target.write_bytes(b"x" * 32)
    key.unlink()
    key.symlink_to(target)
    assert user_secret() is None
    assert target.read_bytes() == b"x" * 32 and key.is_symlink()


def test_rebuilt_when_a_bank_changes(folders: tuple[Path, Path, Path]) -> None:
    rules, banks, _ = folders
    assert _phrases(_load(rules, banks)) == ["pursuant to"]
    _rewrite(banks / "test-bank.yaml", BANK.format(phrase="in respect of"))
    assert _phrases(_load(rules, banks)) == ["in respect of"]


def test_rebuilt_when_a_file_is_added_or_removed(folders: tuple[Path, Path, Path]) -> None:
    rules, banks, _ = folders
    _load(rules, banks)
    (banks / "another.yaml").write_text(BANK.format(phrase="herein").replace("test-bank", "another"),
                                        encoding="utf-8")
    assert set(_load(rules, banks).banks) == {"test-bank", "another"}
    (banks / "another.yaml").unlink()
    assert set(_load(rules, banks).banks) == {"test-bank"}


def test_rebuilt_when_letterlint_itself_changes(folders: tuple[Path, Path, Path], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Any ``.py`` file of the package, at any depth, is part of the key (not ``__pycache__``)."""
    rules, banks, _ = folders
    package = tmp_path / "package"
    (package / "checks").mkdir(parents=True)
    (package / "__pycache__").mkdir()
    (package / "checks" / "kind.py").write_text("X = 1\n", encoding="utf-8")
    monkeypatch.setattr(rule_cache, "PACKAGE", package)
    built: list[int] = []
    _load(rules, banks, built)
    _load(rules, banks, built)
    assert built == [1]
    (package / "__pycache__" / "kind.cpython-311.pyc").write_bytes(b"bytecode")  # not letterlint's code
    _load(rules, banks, built)
    assert built == [1]
    _rewrite(package / "checks" / "kind.py", "X = 2\n")
    _load(rules, banks, built)
    assert built == [1, 1]
    (package / "new.py").write_text("", encoding="utf-8")
    _load(rules, banks, built)
    assert built == [1, 1, 1]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "foreign-pickle", "folder", "link"])
def test_a_damaged_entry_is_rebuilt(folders: tuple[Path, Path, Path], damage: str) -> None:
    rules, banks, cache = folders
    first = _load(rules, banks)
    entry = next(cache.glob("*.entry"))
    blob = entry.read_bytes()
    if damage == "garbage":
        entry.write_bytes(os.urandom(5000))
    elif damage == "truncated":
        entry.write_bytes(blob[: len(blob) // 2])
    elif damage == "empty":
        entry.write_bytes(b"")
    elif damage == "foreign-pickle":  # a well-formed entry under a MAC that is not the user's
        magic, _mac, _payload = blob.split(b"\n", 2)
        entry.write_bytes(magic + b"\n" + b"0" * 64 + b"\n" + pickle.dumps({"rules": "not a rule set"}))
    elif damage == "folder":
        entry.unlink()
        entry.mkdir()
    else:
        target = cache.parent / "elsewhere"
        target.write_bytes(blob)
        entry.unlink()
        entry.symlink_to(target)
    built: list[int] = []
    again = _load(rules, banks, built)
    assert built == [1]
    assert again == first


def test_a_pattern_is_kept_compiled_and_used_as_it_was() -> None:
    p = compile_one("lemma:apologise")
    back = pickle.loads(pickle.dumps(p))
    assert back == p
    assert "regex" not in back.__dict__ and "_kept" in back.__dict__  # compiled code, not yet an expression
    text = "We apologised for the delay and we apologise again."
    assert [m.group(0) for m in back.regex.finditer(text)] == ["apologised", "apologise"]
    assert "_kept" not in back.__dict__
    again = pickle.loads(pickle.dumps(back))  # pickled again after use: the same
    assert [m.group(0) for m in again.regex.finditer(text)] == ["apologised", "apologise"]


@pytest.mark.slow
def test_a_damaged_entry_never_shows_a_traceback(tmp_path: Path) -> None:
    """A cold ``letterlint check`` with every kept entry overwritten gives the same report as
    with none, and nothing on standard error but what it gives anyway."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "LETTERLINT_NO_TRAINED": "1"}
    env.pop("LETTERLINT_NO_RULE_CACHE", None)
    cmd = [str(Path(sys.executable).parent / "letterlint"), "check", str(REPO / "examples" / "stage-one-poor.docx"),
           "-f", "json"]
    clean = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600, check=False)
    entries = list((tmp_path / "cache" / "letterlint").glob("*/*.entry"))
    assert entries
    for entry in entries:
        entry.write_bytes(b"letterlint-rules 1\n" + os.urandom(2000))
    damaged = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600, check=False)
    assert (damaged.returncode, damaged.stdout, damaged.stderr) == (clean.returncode, clean.stdout, clean.stderr)
    assert "Traceback" not in damaged.stderr
