"""cli/kept_code (issue 15: cold start): the methods dataclasses writes for letterlint's classes,
and the programs of letterlint's regular expressions, are compiled once and kept beside the
bytecode; a class or an expression made from the kept code is the one made as before, and only
letterlint's own are touched."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from letterlint.cli import kept_code

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
    monkeypatch.setattr(kept_code, "_kept", {"exec": {}, "re": {}})
    monkeypatch.setattr(kept_code, "_new", {"exec": {}, "re": {}})
    monkeypatch.setattr(dataclasses, "exec", kept_code._exec, raising=False)
    monkeypatch.setattr(re._compiler, "compile", kept_code._kept_re_compile)  # type: ignore[attr-defined]
    return tmp_path / "__pycache__" / "kept.bin"


def _reload(path: Path) -> None:
    for kind, entries in kept_code.read(str(path)).items():
        kept_code._kept[kind].clear()
        kept_code._kept[kind].update(entries)


def test_kept_code_makes_the_same_classes(isolated: Path) -> None:
    plain = _make("not_letterlint.plain")  # made by exec from source, as without the cache
    assert kept_code._new["exec"] == {}  # another package's classes are not kept
    first = _make("letterlint.fake_module")
    assert kept_code._new["exec"]  # letterlint's own are
    assert kept_code.save(str(isolated), force=True)
    _reload(isolated)
    assert kept_code._new["exec"] == {} and kept_code._kept["exec"]
    again = _make("letterlint.fake_module")  # every method from the kept code
    assert kept_code._new["exec"] == {}
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


EXPRESSIONS = [(r"(?P<word>[A-Z][a-z]+)\s+(\d{1,3})(?:,\d{3})*\b", 0),
               (r"^\s*Dear\s+(?P<who>[^\n,]*?)\s*,?\s*$", re.M),
               (r"\b(?:acknowledge|confirm)\b|\b(?:received|recieved)\s+your\s+complaint\b", re.I),
               (r"(?i)^(?:c/o|care\s+of)\b", 0), (r"[^\x00-\x9f\u00a1-\u00ac]", 0),
               (rb"^<\?xml[^>]*?encoding\s*=", re.I)]
USE = "letterlint.fake_module"


def _compile_in(module_name: str, pattern: str | bytes, flags: int, at_import: bool = True) -> re.Pattern[Any]:
    """``re.compile`` called from the top-level code of a module named ``module_name`` (as
    when it is imported), or with ``at_import=False`` from a function in it."""
    namespace: dict[str, Any] = {"__name__": module_name, "re": re, "pattern": pattern, "flags": flags}
    re.purge()  # re's own cache would answer before the compile step
    if at_import:
        exec(compile("made = re.compile(pattern, flags)", module_name, "exec"), namespace)
        return namespace["made"]  # type: ignore[no-any-return]
    exec("def make(pattern, flags):\n    return re.compile(pattern, flags)\n", namespace)
    return namespace["make"](pattern, flags)  # type: ignore[no-any-return]


def test_kept_expressions_are_the_expressions(isolated: Path) -> None:
    for pattern, flags in EXPRESSIONS:
        re.purge()
        plain = re.compile(pattern, flags)  # this test module: not kept
        assert kept_code._new["re"] == {} or (pattern, flags) not in kept_code._new["re"]
        made = _compile_in(USE, pattern, flags)
        assert (pattern, flags) in kept_code._new["re"]
        assert made == plain and made.groupindex == plain.groupindex and made.groups == plain.groups
    assert kept_code.save(str(isolated), force=True)
    _reload(isolated)
    for pattern, flags in EXPRESSIONS:
        again = _compile_in(USE, pattern, flags)
        re.purge()
        assert again == re.compile(pattern, flags)
    assert kept_code._new["re"] == {}
    who = _compile_in(USE, EXPRESSIONS[1][0], EXPRESSIONS[1][1])
    assert who.search("Our ref\nDear Ms Shah,\n").group("who") == "Ms Shah"
    with pytest.raises(re.error):
        _compile_in(USE, "(unclosed", 0)
    assert ("(unclosed", 0) not in kept_code._new["re"]


def test_expressions_made_while_checking_are_never_kept(isolated: Path) -> None:
    """A pattern built inside a function may hold a letter's words (the sensitive-names check
    builds one from a person's name): it is compiled as before and never written anywhere."""
    name = r"(?<![\w'’-])Amy\s+Fairclough(?![\w'’-])"
    made = _compile_in(USE, name, 0, at_import=False)
    assert made.search("We spoke to Amy Fairclough.") and kept_code._new["re"] == {}
    from letterlint.checks.sensitive_names import first_mention
    from letterlint.model import Span

    text = "Amy Fairclough saw it. Later Amy Fairclough said so."
    assert first_mention(text, Span(29, 43), ["Amy", "Fairclough"]) == Span(0, 14)
    assert not any("Fairclough" in str(pattern) for pattern, _ in kept_code._new["re"])  # module-level ones only
    assert not kept_code.save(str(isolated), force=True) or b"Fairclough" not in isolated.read_bytes()


def test_damaged_or_foreign_files_are_not_read(tmp_path: Path) -> None:
    path = tmp_path / "kept.bin"
    assert kept_code.read(str(path)) == {"exec": {}, "re": {}}
    for blob in (b"", b"garbage", kept_code.HEADER, kept_code.HEADER + b"\x00\x01junk",
                 kept_code.HEADER.replace(b"1 ", b"2 ", 1) + b"{}"):
        path.write_bytes(blob)
        assert kept_code.read(str(path)) == {"exec": {}, "re": {}}


def test_not_written_when_python_writes_no_bytecode(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _make("letterlint.fake_module")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert not kept_code.save(str(isolated))
    assert not isolated.exists()
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    assert kept_code.save(str(isolated))
    assert isolated.exists()


@pytest.mark.slow
def test_a_cold_check_makes_letterlints_classes_from_the_kept_code(tmp_path: Path) -> None:
    """After ``python -m letterlint.cli.kept_code`` (dev.py setup runs it), a fresh check
    compiles none of letterlint's dataclass methods and few of its expressions (those made
    from the letter's own words)."""
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear Ms Smith\n\nThank you for your letter.\n\nYours sincerely\n\nA Person\n", encoding="utf-8")
    env = {**os.environ, "LETTERLINT_NO_TRAINED": "1"}
    subprocess.run([sys.executable, "-m", "letterlint.cli.kept_code"], check=True, env=env, timeout=300)
    code = ("import sys\nfrom letterlint.cli.app import main\nfrom letterlint.cli import kept_code\n"
            "sys.argv = ['letterlint', 'check', '-q', sys.argv[1]]\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
            "print(code in (0, 1), len(kept_code._kept['exec']) > 0, len(kept_code._kept['re']) > 0,"
            " sorted(kept_code._new['exec']))")
    out = subprocess.run([sys.executable, "-c", code, str(letter)], capture_output=True, text=True, env=env,
                         check=True, timeout=300)
    assert out.stdout.strip().splitlines()[-1] == "True True True []"
