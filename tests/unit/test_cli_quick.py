"""Issue 15 (cold start): a plain ``letterlint check`` is read without typer (``cli.quick``), into
exactly what typer would give the command, and everything else still goes to typer."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from letterlint.cli import app as cli
from letterlint.cli import quick
from tests.workflow.clihelp import GOOD_LETTER, run

ENUMS = {"FailOn": cli.FailOn, "Band": cli.Band, "Stage": cli.Stage, "ComplaintKind": cli.ComplaintKind}


def _typer_reads(args: list[str]) -> dict[str, Any]:
    """The keyword arguments typer gives ``main_options`` and ``check`` for ``args`` (or the
    error it raises), from an application built with the very same signatures."""
    import typer

    cli._app()  # typer_fast installed, the shared options made
    got: dict[str, Any] = {}

    @functools.wraps(cli.main_options)
    def top(**kwargs: Any) -> None:
        got["top"] = kwargs

    @functools.wraps(cli.check)
    def check(**kwargs: Any) -> None:
        got["check"] = kwargs

    app = typer.Typer(context_settings={"help_option_names": ["-h", "--help"]})
    app.callback()(top)
    app.command("check")(check)
    try:
        app(args, standalone_mode=False)
    except Exception as exc:  # a usage error: compared by its text
        got["error"] = f"{type(exc).__name__}: {exc}"
    return got


READ_QUICKLY = [
    ["check", "draft.docx"],
    ["check", "a.docx", "b.txt", "c.md"],
    ["-q", "check", "draft.docx"],
    ["--debug", "--quiet", "--no-color", "--verbose", "check", "x.txt"],
    ["-v", "check", "x.txt", "-q", "--no-color", "-v"],
    ["check", "x.txt", "-f", "json", "-o", "report.json"],
    ["check", "-f", "sarif", "x.txt", "--format", "github"],  # the last one counts
    ["check", "x.txt", "--format=csv", "--output=-"],
    ["check", "x.txt", "-o", "-"],
    ["check", "-", "x.txt"],
    ["check", "x.txt", "-o", "-q"],  # click takes the next argument as the value
    ["check", "x.txt", "--fail-on", "warning", "--fail-below", "better-than-adequate"],
    ["check", "x.txt", "--stage", "stage-one", "--complaint-type", "mixed"],
    ["check", "x.txt", "--letter-date", "2026-10-06", "--complaint", "c.txt", "-c", "cfg.yaml"],
    ["check", "x.txt", "--config", "cfg.yaml", "--baseline", "base.json"],
    ["check", "x.txt", "--disable", "LL401", "--disable", "signposting", "--disable=LL113"],
    ["check", "x.txt", "--annotate", "--force", "--languagetool-public"],
    ["check", "x.txt", "--languagetool-url", "http://localhost:8081"],
    ["check", "x.txt", "--letter-date", "not a date", "-f", "nosuch"],  # the command's own errors
    ["check", "check"],
    ["check", "é ü.docx", "./a/../b.txt", "/tmp/x/"],
    ["check", "x.txt", "-o", "--", "y.txt"],
]

TO_TYPER = [
    [], ["check"], ["--help"], ["check", "--help"], ["check", "x.txt", "-h"], ["--version"],
    ["--version", "check", "x.txt"], ["check", "x.txt", "--version"], ["chekc", "x.txt"],
    ["batch", "."], ["rules"], ["--", "check", "x.txt"], ["check", "--", "x.txt"],
    ["check", "x.txt", "-qv"], ["check", "x.txt", "-fjson"], ["check", "x.txt", "-o=out.json"],
    ["check", "x.txt", "--quiet=yes"], ["check", "x.txt", "--format="], ["check", "x.txt", "-o"],
    ["check", "x.txt", "--no-such"], ["check", "x.txt", "--min-score", "50"],
    ["check", "x.txt", "--fail-on", "WARNING"], ["check", "x.txt", "--stage", "stage_one"],
    ["check", "x.txt", "--fail-on", "nope"], ["check", "x.txt", "--form", "json"],
    ["check", "", "x.txt"], ["check", "x.txt", "-o", ""], ["-x", "check", "x.txt"],
    ["--install-completion", "check", "x.txt"],
]


@pytest.mark.parametrize("args", READ_QUICKLY)
def test_read_as_typer_reads_it(args: list[str]) -> None:
    read = quick.parse(args, cli.check, ENUMS)
    assert read is not None, args
    want = _typer_reads(args)
    assert "error" not in want, want
    top, options = read
    assert top == want["top"]
    assert options == want["check"]
    assert list(options) == list(want["check"]) or set(options) == set(want["check"])
    for name, value in options.items():
        assert type(value) is type(want["check"][name]), name
        if isinstance(value, list):
            assert [type(v) for v in value] == [type(v) for v in want["check"][name]], name


@pytest.mark.parametrize("args", TO_TYPER)
def test_everything_else_goes_to_typer(args: list[str]) -> None:
    assert quick.parse(args, cli.check, ENUMS) is None


def test_shell_completion_goes_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_LETTERLINT_COMPLETE", "bash_complete")
    assert quick.parse(["check", "x.txt"], cli.check, ENUMS) is None


def test_windows_expansion_goes_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quick, "os", SimpleNamespace(name="nt", environ=os.environ))
    for arg in ("~/x.txt", "$HOME/x.txt", "%USERPROFILE%\\x.txt", "*.docx", "draft?.docx", "[ab].txt"):
        assert quick.parse(["check", arg], cli.check, ENUMS) is None
    assert quick.parse(["check", "x.txt"], cli.check, ENUMS) is not None


def test_the_tables_are_typers_options_of_check() -> None:
    """Every option typer builds for ``check`` (and the top-level flags) is in quick's tables
    under the same parameter, a flag as a flag, a value as a value, and nothing more."""
    group = cli._command("check")
    command = group.commands["check"]
    flags, values, repeatable = {}, {}, set()
    for p in command.params:
        if p.param_type_name == "argument":
            assert p.name == "files"
            continue
        for opt in p.opts:
            (flags if p.is_flag else values)[opt] = p.name
        if p.multiple:
            repeatable.add(p.name)
    assert flags == quick.CHECK_FLAGS
    assert values == {opt: name for opt, (name, _) in quick.CHECK_VALUES.items()} | {
        opt: values[opt] for opt in quick.TYPERS_OWN}
    assert repeatable == quick.REPEATABLE
    eager = ("version", "install_completion", "show_completion")  # typer's: they end the run at once
    own = [p for p in group.params if p.name not in eager]
    assert {opt: p.name for p in own for opt in p.opts} == quick.TOP_FLAGS
    assert all(p.is_flag and not p.is_eager for p in own)
    assert set(quick.defaults(cli.check)) | {"files"} == {p.name for p in command.params}


@pytest.mark.parametrize("args", [
    ["check", "{good}"],
    ["check", "{good}", "{bad}", "-f", "json"],
    ["-q", "check", "{good}", "{bad}"],
    ["check", "{bad}", "--fail-on", "info", "-v", "--no-color"],
    ["check", "{good}", "--format", "nosuch"],
    ["check", "{good}", "--letter-date", "2026-13-40"],
    ["check", "{missing}"],
    ["check", "{good}", "-o", "{good}"],  # refused: never over an input
    ["check", "{good}", "-f", "csv", "-o", "{out}"],
    ["check", "~$lock.docx"],
])
def test_same_output_and_exit_as_typer(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "good.txt").write_text(GOOD_LETTER, encoding="utf-8")
    (tmp_path / "bad.txt").write_text(GOOD_LETTER.replace("I apologise", "I apologize").replace(
        "Dear Mrs Shah", "Dear Sir"), encoding="utf-8")
    names = {"good": "good.txt", "bad": "bad.txt", "missing": "missing.docx", "out": "out.csv"}
    argv = [a.format(**names) for a in args]
    assert quick.parse(argv, cli.check, ENUMS) is not None
    fast = run(argv, tmp_path)
    written = (tmp_path / "out.csv").read_bytes() if (tmp_path / "out.csv").exists() else None
    (tmp_path / "out.csv").unlink(missing_ok=True)
    monkeypatch.setattr(cli, "_quick", lambda args: False)
    typer_run = run(argv, tmp_path)
    assert (fast.returncode, fast.stdout, fast.stderr) == (typer_run.returncode, typer_run.stdout, typer_run.stderr)
    assert written == ((tmp_path / "out.csv").read_bytes() if (tmp_path / "out.csv").exists() else None)


@pytest.mark.slow
def test_a_cold_check_does_not_import_typer(tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text(GOOD_LETTER, encoding="utf-8")
    code = ("import sys\nfrom letterlint.cli.app import main\n"
            "sys.argv = ['letterlint', 'check', '-q', sys.argv[1]]\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
            "print(code, sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'click')))")
    env = {**os.environ, "LETTERLINT_NO_TRAINED": "1"}
    out = subprocess.run([sys.executable, "-c", code, str(letter)], capture_output=True, text=True, env=env,
                         check=True, timeout=300)
    assert out.stdout.strip().splitlines()[-1] == "0 []"
