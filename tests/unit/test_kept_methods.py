"""cli/kept_methods (issue 15: cold start): the methods dataclasses writes for letterlint's classes
are compiled once and kept beside the bytecode; a class made from the kept code is the class
made as before, and only letterlint's own classes are touched."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from letterlint.cli import kept_methods

CLASSES = textwrap.dedent('''
    import dataclasses
    from typing import Any

    @dataclasses.dataclass(frozen=True, order=True)
    class Span:
        """A span."""
        start: int
        end: int = 0

    @dataclasses.dataclass
    class Bag:
        """A bag."""
        name: str
        items: list[Any] = dataclasses.field(default_factory=list)
''')


def _make(module_name: str) -> dict[str, object]:
    namespace: dict[str, object] = {"__name__": module_name}
    module = type(sys)(module_name)
    sys.modules[module_name] = module
    try:
        exec(compile(CLASSES, module_name, "exec", dont_inherit=True), module.__dict__)
        namespace.update(module.__dict__)
    finally:
        del sys.modules[module_name]
    return namespace


def _describe(cls: type) -> list[object]:
    out: list[object] = []
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__lt__", "__setattr__"):
        fn = cls.__dict__.get(name)
        code = getattr(fn, "__code__", None)
        out.append((name, code and (code.co_code, code.co_consts, code.co_names, code.co_varnames),
                    getattr(fn, "__annotations__", None), getattr(fn, "__qualname__", None)))
    return out


@pytest.fixture
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setattr(kept_methods, "_kept", {})
    monkeypatch.setattr(kept_methods, "_new", {})
    monkeypatch.setattr(dataclasses, "exec", kept_methods._exec, raising=False)
    return tmp_path / "__pycache__" / "methods.bin"


def test_kept_code_makes_the_same_classes(isolated: Path) -> None:
    plain = _make("not_letterlint.plain")  # made by exec from source, as without the cache
    assert kept_methods._new == {}  # another package's classes are not kept
    first = _make("letterlint.fake_module")
    assert kept_methods._new  # letterlint's own are
    assert kept_methods.save(str(isolated), force=True)
    kept_methods._kept.clear()
    kept_methods._kept.update(kept_methods.read(str(isolated)))
    assert kept_methods._new == {} and kept_methods._kept
    again = _make("letterlint.fake_module")  # every method from the kept code
    assert kept_methods._new == {}
    for name in ("Span", "Bag"):
        want = _describe(plain[name])  # type: ignore[arg-type]
        assert _describe(first[name]) == want  # type: ignore[arg-type]
        assert _describe(again[name]) == want  # type: ignore[arg-type]
    span = again["Span"]
    a, b = span(1, 2), span(1, 3)  # type: ignore[operator]
    assert a < b and a == span(1, 2) and hash(a) == hash(span(1, 2)) and repr(a) == "Span(start=1, end=2)"  # type: ignore[operator]
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.start = 5
    bag = again["Bag"]("x")  # type: ignore[operator]
    assert bag.items == [] and bag.items is not again["Bag"]("y").items  # type: ignore[operator]
    assert dataclasses.replace(a, end=9) == span(1, 9)  # type: ignore[operator]
    assert [f.name for f in dataclasses.fields(bag)] == ["name", "items"]


def test_damaged_or_foreign_files_are_not_read(tmp_path: Path) -> None:
    path = tmp_path / "methods.bin"
    assert kept_methods.read(str(path)) == {}
    for blob in (b"", b"garbage", kept_methods.HEADER, kept_methods.HEADER + b"\x00\x01junk",
                 kept_methods.HEADER.replace(b"1 ", b"2 ", 1) + b"{}"):
        path.write_bytes(blob)
        assert kept_methods.read(str(path)) == {}


def test_not_written_when_python_writes_no_bytecode(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _make("letterlint.fake_module")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert not kept_methods.save(str(isolated))
    assert not isolated.exists()
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    assert kept_methods.save(str(isolated))
    assert isolated.exists()


@pytest.mark.slow
def test_a_cold_check_makes_letterlints_classes_from_the_kept_code(tmp_path: Path) -> None:
    """After ``python -m letterlint.cli.kept_methods`` (dev.py setup runs it), a fresh check
    compiles none of letterlint's dataclass methods."""
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear Ms Smith\n\nThank you for your letter.\n\nYours sincerely\n\nA Person\n", encoding="utf-8")
    env = {**os.environ, "LETTERLINT_NO_TRAINED": "1"}
    subprocess.run([sys.executable, "-m", "letterlint.cli.kept_methods"], check=True, env=env, timeout=300)
    code = ("import sys\nfrom letterlint.cli.app import main\nfrom letterlint.cli import kept_methods\n"
            "sys.argv = ['letterlint', 'check', '-q', sys.argv[1]]\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
            "print(code in (0, 1), len(kept_methods._kept) > 0, sorted(kept_methods._new))")
    out = subprocess.run([sys.executable, "-c", code, str(letter)], capture_output=True, text=True, env=env,
                         check=True, timeout=300)
    assert out.stdout.strip().splitlines()[-1] == "True True []"
