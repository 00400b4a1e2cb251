"""``letterlint check`` read without typer, when typer's reading is already known (issue 15).

Importing typer (and the copy of click it carries) and building the ``check`` command was about
0.1 s of CPU of every cold ``letterlint check``, a fifth of letterlint's own work. ``parse``
reads the plain command lines a person or a pre-commit hook types:

    letterlint [--debug] [-q] [--no-color] [-v] check [OPTIONS] LETTER...

into exactly the values typer would pass to ``cli.app.main_options`` and ``cli.app.check``,
and gives None for anything else: help, ``--version``, shell completion, an option it does not
know or a value it does not take as it is (a number, an enum value typer would refuse or read
differently, an empty path, a path that exists but cannot be read), ``--``, short options run
together (``-qv``, ``-fjson``), no letter, or on Windows an argument click would expand (``~``,
``$``, ``%``, ``*``, ``?``, ``[``). Those go to typer, so every error message stays typer's own.

The values follow typer 0.29 with ``cli.typer_fast``: a string as it is, a flag True, a path
as ``pathlib.Path`` (``typer_fast``'s own rule), an enum by its value, a repeatable option as a
list in order (None when not given), and for an option given twice the last value (click's
rule). ``tests/unit/test_cli_quick.py`` compares both readings on many command lines, and this
table with the options typer builds for ``check``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from enum import Enum
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from letterlint.cli import typer_fast

# the top-level options before the command: all flags (--version is eager: typer's)
TOP_FLAGS = {"--debug": "debug", "--quiet": "quiet", "-q": "quiet", "--no-color": "no_color",
             "--verbose": "verbose", "-v": "verbose"}

# check's flags, and its options that take a value: the parameter and the kind of value
CHECK_FLAGS = {"--quiet": "quiet", "-q": "quiet", "--no-color": "no_color", "--verbose": "verbose",
               "-v": "verbose", "--annotate": "annotate", "--force": "force",
               "--languagetool-public": "languagetool_public", "--skip-non-replies": "skip_non_replies"}
CHECK_VALUES = {"--format": ("format", "str"), "-f": ("format", "str"),
                "--output": ("output", "path"), "-o": ("output", "path"),
                "--fail-on": ("fail_on", "FailOn"), "--fail-below": ("fail_below", "Band"),
                "--stage": ("stage", "Stage"), "--complaint-type": ("complaint_type", "ComplaintKind"),
                "--letter-date": ("letter_date", "str"), "--complaint": ("complaint", "path"),
                "--config": ("config", "path"), "-c": ("config", "path"),
                "--disable": ("disable", "str"), "--baseline": ("baseline", "path"),
                "--languagetool-url": ("languagetool_url", "str")}
REPEATABLE = frozenset({"disable"})
# check's options left to typer: a number, which typer reads and checks (``_score_0_100``)
TYPERS_OWN = frozenset({"--min-score"})
# typer's default flags for a path parameter (typer.Option and typer.Argument)
_PATH_INFO = SimpleNamespace(exists=False, resolve_path=False, writable=False, path_type=None,
                             file_okay=True, dir_okay=True, readable=True, parser=None)
_NO = typer_fast._NO


def _path(value: str) -> Any:
    return typer_fast._leaf(Path, _PATH_INFO, value)


def _value(kind: str, value: str, enums: Mapping[str, type[Enum]]) -> Any:
    if kind == "str":
        return value
    if kind == "path":
        return _path(value)
    enum = enums[kind]
    for member in enum:
        if member.value == value:
            return member
    return _NO  # typer decides (and words the error)


def defaults(fn: Callable[..., Any]) -> dict[str, Any]:
    """``fn``'s keyword parameters and their defaults, read from the function itself (no
    ``inspect``, which a cold start would otherwise import)."""
    code = fn.__code__
    names = code.co_varnames[:code.co_argcount]
    given = fn.__defaults__ or ()
    return dict(zip(names[len(names) - len(given):], given, strict=True))


def parse(args: list[str], check: Callable[..., Any],
          enums: Mapping[str, type[Enum]]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """``(top, options)``: the keyword arguments typer would give ``main_options`` and ``check``
    for the command line ``args``, or None when typer must read it (see the module's text)."""
    if any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return None  # shell completion
    if os.name == "nt" and any(c in arg for arg in args for c in "~$%*?["):
        return None  # click expands these on Windows
    top = {"version": None, "debug": False, "quiet": False, "no_color": False, "verbose": False}
    i = 0
    while i < len(args) and args[i] in TOP_FLAGS:
        top[TOP_FLAGS[args[i]]] = True
        i += 1
    if i >= len(args) or args[i] != "check":
        return None
    options = defaults(check)
    files: list[Path] = []
    repeated: dict[str, list[Any]] = {}
    rest = args[i + 1:]
    j = 0
    while j < len(rest):
        arg = rest[j]
        j += 1
        if arg[:1] != "-" or arg == "-":
            got = _path(arg)
            if got is _NO:
                return None
            files.append(got)
            continue
        if arg in CHECK_FLAGS:
            options[CHECK_FLAGS[arg]] = True
            continue
        if "=" in arg:  # --format=json (click reads -o=x as "=x": typer's)
            name, raw = arg.split("=", 1)
            if not name.startswith("--") or name not in CHECK_VALUES or not raw:
                return None
        elif arg in CHECK_VALUES and j < len(rest):
            name, raw = arg, rest[j]  # click takes the next argument, whatever it is
            j += 1
        else:
            return None  # help, --, -qv, an unknown option, a value missing
        param, kind = CHECK_VALUES[name]
        value = _value(kind, raw, enums)
        if value is _NO:
            return None
        if param in REPEATABLE:
            repeated.setdefault(param, []).append(value)
        else:
            options[param] = value
    if not files:
        return None  # typer's "Missing argument"
    options.update(repeated)
    options["files"] = files
    return top, options


class Pacified:
    """A stream whose ``flush`` ignores a closed pipe (EPIPE): click's ``PacifyFlushWrapper``,
    which typer puts on standard output and error when a command meets a closed pipe."""

    def __init__(self, wrapped: Any) -> None:
        self.wrapped = wrapped

    def flush(self) -> None:
        """Flush, unless the pipe is closed."""
        import errno

        try:
            self.wrapped.flush()
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.wrapped, attr)
