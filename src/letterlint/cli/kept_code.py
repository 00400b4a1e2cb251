"""Code Python compiles afresh in every process for letterlint, compiled once and kept beside
letterlint's bytecode (issue 15: cold start).

Two kinds, each about a tenth of a cold ``letterlint check``'s own work:

- The methods ``dataclasses`` writes for a class (``__init__``, ``__repr__``, ``__eq__``,
  ``__hash__``, ``__setattr__``...): Python 3.11 writes their source and compiles it with
  ``exec`` every time the class is made, 47 classes in a check (callgrind: 154 M of 1,343 M
  instructions). ``dataclasses`` is given an ``exec`` that, for code run in a letterlint module,
  takes the code object kept for that very source text, compiled as ``exec`` compiles a string
  (file name ``<string>``, no ``__future__`` flag inherited).
- Regular expressions of the standard library's ``re`` that letterlint's modules compile when
  they are imported (module-level constants): ``re`` parses a pattern and turns it into the
  matcher's program in Python. ``re``'s compile step is given the program kept for the same
  pattern and flags (Python 3.11's ``re._compiler.compile`` step by step: parse, program, group
  names), so only ``_sre.compile`` runs; the compiled pattern is equal to the one compiled from
  scratch. An expression made while checking is never kept (it may hold a letter's words, such
  as a name the sensitive-names check looks for). A pattern that does not compile raises as
  before and is not kept; a warning ``re`` gives while parsing is given the first time only.

- Expressions of the ``regex`` module that letterlint's modules compile when imported, kept in
  the form ``regex`` pickles a compiled pattern in (its program), for the ``check`` command
  (``install_regex``; keyed on ``regex``'s version too).

Other packages' classes and expressions are made as before, and what each class or expression
does is unchanged. The kept code lives in ``__pycache__/kept-code.<tag>.bin`` beside this file
and follows Python's own rules for bytecode: read only when it was written by this interpreter's
version; written (atomically) when the process ends if something new was compiled, unless
``sys.dont_write_bytecode`` (``PYTHONDONTWRITEBYTECODE``) is set or the folder cannot be written;
trusted as the ``.pyc`` files beside it are. ``python -m letterlint.cli.kept_code`` (run by
``dev.py setup``) writes it for every module of the package.
"""

# No ``from __future__ import annotations`` here: nothing compiled below may inherit a flag.

import contextlib
import dataclasses
import marshal
import os
import re
import sys
from types import CodeType
from typing import Any

HEADER = f"letterlint kept code 3 {sys.implementation.cache_tag} {sys.hexversion}\n".encode()
PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "__pycache__",
                    f"kept-code.{sys.implementation.cache_tag}.bin")
MAX_KEPT = 4000  # entries of each kind kept in the file; past that only this process's are written

KINDS = ("exec", "re", "regex")
_kept: dict[str, dict[Any, Any]] = {kind: {} for kind in KINDS}
_new: dict[str, dict[Any, Any]] = {kind: {} for kind in KINDS}


def _ours(globals_: Any) -> bool:
    return isinstance(globals_, dict) and str(globals_.get("__name__", "")).startswith("letterlint")


def _exec(source: Any, globals_: Any = None, locals_: Any = None, /) -> None:
    """``exec`` as ``dataclasses`` calls it, with letterlint's methods compiled once."""
    if type(source) is str and _ours(globals_):
        code = _kept["exec"].get(source) or _new["exec"].get(source)
        if code is None:
            code = _new["exec"][source] = compile(source, "<string>", "exec", dont_inherit=True)
        source = code
    exec(source, globals_, locals_)


# ------------------------------------------------------------------------------ re programs

_re_compile = getattr(getattr(re, "_compiler", None), "compile", None)  # the step being kept
_RE_STEPS = sys.version_info[:2] == (3, 11) and all(
    hasattr(m, a) for m, a in ((getattr(re, "_compiler", None), "_code"), (getattr(re, "_parser", None), "parse")))


def _program(pattern: Any, flags: int) -> tuple[int, list[int], int, dict[str, int], tuple[Any, ...]]:
    """What Python 3.11's ``re._compiler.compile`` hands ``_sre.compile`` for ``pattern``."""
    parsed = re._parser.parse(pattern, flags)  # type: ignore[attr-defined]
    code = [int(op) for op in re._compiler._code(parsed, flags)]  # type: ignore[attr-defined]
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[Any] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


_COMPREHENSIONS = ("<genexpr>", "<listcomp>", "<setcomp>", "<dictcomp>")


def _at_import(frame: Any) -> bool:
    """True for a letterlint module's own top-level code (or a comprehension in it): code that
    runs when the module is imported, before any letter is read."""
    if not _ours(frame.f_globals):
        return False
    if frame.f_code.co_name in _COMPREHENSIONS and frame.f_back is not None:
        frame = frame.f_back
    return bool(frame.f_code.co_name == "<module>")


def _kept_re_compile(p: Any, flags: int = 0) -> Any:
    """``re._compiler.compile`` with the programs of letterlint's module-level expressions kept.
    Called by ``re._compile``, itself called by ``re.compile``, ``re.search``...: the code that
    asked is three frames up. Only an expression written in a module's top-level code is kept:
    one made while checking may hold a letter's words (a person's name), which never go here."""
    try:
        ours = type(p) in (str, bytes) and not flags & re.DEBUG and _at_import(sys._getframe(3))
    except ValueError:  # called from near the top of a thread's stack: not from one of our modules
        ours = False
    if ours:
        key = (p, flags)
        program = _kept["re"].get(key) or _new["re"].get(key)
        if program is None:
            program = _new["re"][key] = _program(p, flags)
        import _sre

        return _sre.compile(p, *program)
    return _re_compile(p, flags)  # type: ignore[misc]


# ------------------------------------------------------------------------------ regex patterns

_regex_compile: Any = None  # regex.compile, once install_regex() has replaced it


def _kept_regex_compile(pattern: Any, flags: int = 0, ignore_unused: bool = False, cache_pattern: Any = None,
                        **kwargs: Any) -> Any:
    """``regex.compile`` with letterlint's module-level expressions kept compiled: the ``regex``
    module pickles a pattern as its compiled form, which loads without parsing it again."""
    try:
        ours = (not kwargs and type(pattern) is str and type(flags) is not bool
                and isinstance(flags, int) and _at_import(sys._getframe(1)))
    except ValueError:
        ours = False
    if not ours:
        return _regex_compile(pattern, flags, ignore_unused, cache_pattern, **kwargs)
    import pickle

    import regex

    key = (pattern, int(flags), str(getattr(regex, "__version__", "")))
    kept = _kept["regex"].get(key)
    if kept is not None:
        with contextlib.suppress(Exception):  # a kept form this regex cannot read: compile it
            return pickle.loads(kept)
    compiled = _regex_compile(pattern, flags, ignore_unused, cache_pattern)
    with contextlib.suppress(Exception):
        _new["regex"][key] = pickle.dumps(compiled, protocol=pickle.HIGHEST_PROTOCOL)
    return compiled


def install_regex() -> None:
    """Hand the ``regex`` module the compile step above (after ``install``; once per process).
    Imports ``regex``: called where a command will use it anyway (``check``), not at start-up."""
    global _regex_compile
    if _regex_compile is not None or getattr(dataclasses, "exec", None) is not _exec:
        return
    import regex

    _regex_compile = regex.compile
    regex.compile = _kept_regex_compile


# ------------------------------------------------------------------------------ the file

def read(path: str | None = None) -> dict[str, dict[Any, Any]]:
    """The kept code in ``path`` (default ``PATH``), by kind (``exec``: code objects by source
    text; ``re``: programs by (pattern, flags)); empty when there is no file or it was written by
    another Python or is damaged."""
    out: dict[str, dict[Any, Any]] = {kind: {} for kind in KINDS}
    try:
        with open(path or PATH, "rb") as fh:
            blob = fh.read()
    except OSError:
        return out
    if not blob.startswith(HEADER):
        return out
    try:
        loaded = marshal.loads(blob[len(HEADER):])
    except (EOFError, ValueError, TypeError):
        return out
    if not isinstance(loaded, dict):
        return out
    methods, programs, patterns = loaded.get("exec"), loaded.get("re"), loaded.get("regex")
    if isinstance(methods, dict):
        out["exec"] = {k: v for k, v in methods.items() if type(k) is str and type(v) is CodeType}
    if isinstance(programs, dict):
        out["re"] = {k: v for k, v in programs.items()
                     if type(k) is tuple and len(k) == 2 and type(v) is tuple and len(v) == 5}
    if isinstance(patterns, dict):
        out["regex"] = {k: v for k, v in patterns.items() if type(k) is tuple and len(k) == 3 and type(v) is bytes}
    return out


def install() -> None:
    """Read the kept code and hand ``dataclasses`` and ``re`` the steps above (once per
    process); keep what was compiled new when the process ends."""
    if getattr(dataclasses, "exec", None) is _exec:
        return
    for kind, entries in read().items():
        _kept[kind].update(entries)
    setattr(dataclasses, "exec", _exec)  # noqa: B010 - shadows the builtin inside dataclasses only
    if _RE_STEPS and _re_compile is not None:
        re._compiler.compile = _kept_re_compile  # type: ignore[attr-defined]
    import atexit

    atexit.register(save)


def save(path: str | None = None, force: bool = False) -> bool:
    """Write the kept code with what was compiled new in this process to ``path`` (default
    ``PATH``), atomically; nothing when nothing is new, or (unless ``force``) when Python is told
    not to write bytecode. True when written; any trouble writing means False, never an error."""
    if not any(_new.values()) or (sys.dont_write_bytecode and not force):
        return False
    data = {kind: ({**_kept[kind], **_new[kind]} if len(_kept[kind]) + len(_new[kind]) <= MAX_KEPT
                   else dict(_new[kind])) for kind in _kept}
    target = path or PATH
    tmp = f"{target}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(HEADER + marshal.dumps(data))
        os.replace(tmp, target)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False
    for kind, entries in _new.items():
        _kept[kind].update(entries)
        entries.clear()
    return True


def _prebuild() -> int:
    """Import every module of letterlint with the code kept, and write it all."""
    import importlib
    import pkgutil

    import letterlint

    install()
    install_regex()
    for mod in pkgutil.walk_packages(letterlint.__path__, "letterlint."):
        if mod.name.endswith("__main__"):
            continue
        with contextlib.suppress(Exception):  # an optional dependency missing: its code is not kept
            importlib.import_module(mod.name)
    save(force=True)
    return 0


if __name__ == "__main__":
    from letterlint.cli import kept_code  # the module itself, not this copy run as __main__

    sys.exit(kept_code._prebuild())
