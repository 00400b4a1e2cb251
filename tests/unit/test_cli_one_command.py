"""Issue 15 (cold start): the command line builds only the command it runs (``cli.app._invoked``),
and that command is the very command the whole group holds: same options, defaults, help and
behaviour."""

from __future__ import annotations

from pathlib import Path

import pytest

from letterlint.cli import app as cli
from tests.workflow.clihelp import run


@pytest.mark.parametrize(("args", "name"), [
    (["check", "draft.docx"], "check"),
    (["--quiet", "--no-color", "check", "a.docx", "-f", "json"], "check"),
    (["batch", "outbox"], "batch"),
    (["--", "rules"], "rules"),
    (["eval"], "eval"),
    (["check", "--help"], None),  # help shows the whole group's context
    (["-h"], None),
    (["--version"], None),
    ([], None),
    (["chekc", "draft.docx"], None),  # not a command: click's own message, from the whole group
    (["--show-completion", "bash"], None),
])
def test_the_command_named_is_built_alone(args: list[str], name: str | None) -> None:
    assert cli._invoked(args) == name


def test_completion_builds_every_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_LETTERLINT_COMPLETE", "bash_complete")
    assert cli._invoked(["check", "x"]) is None


FIELDS = ("name", "opts", "secondary_opts", "default", "required", "multiple", "nargs", "type", "help",
          "is_flag", "show_default", "metavar", "envvar", "hidden", "callback")


def _describe(cmd: object) -> list[tuple[object, ...]]:
    def shown(value: object) -> str:  # a callback typer wraps afresh: by its name
        return str(getattr(value, "__qualname__", None) or repr(value))

    return [(type(p).__name__, *(shown(getattr(p, f, None)) for f in FIELDS))
            for p in cmd.params]  # type: ignore[attr-defined]


def test_each_command_alone_is_the_command_of_the_whole_group() -> None:
    whole = cli._command()
    assert len(whole.commands) > 10
    for name, full in whole.commands.items():
        alone = cli._command(name)
        assert list(alone.commands) == [name]
        one = alone.commands[name]
        assert _describe(one) == _describe(full), name
        assert (one.help, one.short_help, one.callback.__name__) == (full.help, full.short_help,
                                                                      full.callback.__name__), name
        assert one.context_class.formatter_class.__name__ == full.context_class.formatter_class.__name__
        assert _describe(alone) == _describe(whole)  # the top-level options (--quiet, --debug...)


def test_errors_read_as_before(tmp_path: Path) -> None:
    bad = run(["check", str(tmp_path / "x.txt"), "--format", "nosuch"], tmp_path)
    assert bad.returncode == 2
    assert "unknown format 'nosuch'" in bad.stderr
    usage = run(["check", "--no-such-option"], tmp_path)
    assert usage.returncode == 2
    assert "letterlint check [OPTIONS] LETTER...\n" in usage.stderr
    assert "No such option: --no-such-option" in usage.stderr
    unknown = run(["chekc", "x"], tmp_path)
    assert unknown.returncode == 2
    assert "No such command 'chekc'" in unknown.stderr
