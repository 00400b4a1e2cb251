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
    monkeypatch.setattr(kept_code, "_kept", {kind: {} for kind in kept_code.KINDS})
    monkeypatch.setattr(kept_code, "_new", {kind: {} for kind in kept_code.KINDS})
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
    assert kept_code.read(str(path)) == {kind: {} for kind in kept_code.KINDS}
    for blob in (b"", b"garbage", kept_code.HEADER, kept_code.HEADER + b"\x00\x01junk",
                 kept_code.HEADER.replace(b"1 ", b"2 ", 1) + b"{}"):
        path.write_bytes(blob)
        assert kept_code.read(str(path)) == {kind: {} for kind in kept_code.KINDS}


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


def test_kept_regex_patterns_are_the_patterns(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The regex module's expressions of letterlint's modules, kept in regex's own pickled form,
    match exactly as the ones compiled from the pattern."""
    import regex

    original = kept_code._regex_compile or regex.compile  # regex's own, if a check already replaced it
    monkeypatch.setattr(kept_code, "_regex_compile", original)
    monkeypatch.setattr(regex, "compile", kept_code._kept_regex_compile)
    patterns = [(r"\b(an?|An?)\s+$", 0), (r"[^\W\d_]+(?:['’-][^\W\d_]+)*['’]?", 0),
                (r"(?<!\b(?:Mr|Mrs|Ms|Dr))[.?!]+\s+", regex.V1), (r"^M{0,3}(?:CM|CD|D?C{0,3})$", regex.IGNORECASE)]
    text = "A apple, an egg. Mr. Smith's sister-in-law said MCM; don’t stop!"

    def made(pattern: str, flags: int) -> Any:
        namespace: dict[str, Any] = {"__name__": USE, "regex": regex, "pattern": pattern, "flags": flags}
        exec(compile("made = regex.compile(pattern, flags)", USE, "exec"), namespace)
        return namespace["made"]

    fresh = [kept_code._regex_compile(p, f) for p, f in patterns]
    first = [made(p, f) for p, f in patterns]
    assert len(kept_code._new["regex"]) == len(patterns)
    assert kept_code.save(str(isolated), force=True)
    _reload(isolated)
    again = [made(p, f) for p, f in patterns]
    assert kept_code._new["regex"] == {}
    for a, b, c in zip(fresh, first, again, strict=True):
        assert (a.pattern, a.flags, dict(a.groupindex)) == (b.pattern, b.flags, dict(b.groupindex)) == (
            c.pattern, c.flags, dict(c.groupindex))
        assert [m.span() for m in a.finditer(text)] == [m.span() for m in c.finditer(text)]
        assert [m.span() for m in a.finditer(text.lower())] == [m.span() for m in c.finditer(text.lower())]
    inside = kept_code._kept_regex_compile(r"Amy\s+Fairclough", 0)  # from a function: never kept
    assert inside.search("Amy  Fairclough") and not any("Fairclough" in k[0] for k in kept_code._new["regex"])
