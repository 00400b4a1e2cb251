"""The CLI as people use it: piped output, --version, --quiet, --no-color, completion, odd file
names and Windows line endings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.robustness.docxmake import letter_docx
from tests.workflow.clihelp import GOOD_LETTER, POOR_LETTER, digest, run, run_process

ANSI = re.compile(r"\x1b\[")


def test_version() -> None:
    from letterlint import __version__

    res = run(["--version"], Path.cwd())
    assert res.returncode == 0 and res.stdout == f"letterlint {__version__}\n"


def test_piped_output_has_no_colour_and_a_sensible_width(tmp_path: Path) -> None:
    (tmp_path / "draft.txt").write_text(POOR_LETTER, encoding="utf-8")
    res = run(["check", "-v", "draft.txt"], tmp_path, {"TERM": "xterm-256color"})
    assert res.returncode == 1, res.stderr
    assert not ANSI.search(res.stdout + res.stderr)
    assert "\r" not in res.stdout
    assert max(len(line) for line in res.stdout.splitlines()) <= 120
    padded = [line for line in res.stdout.splitlines() if line != line.rstrip()]
    assert not padded, f"lines padded with trailing spaces: {padded[:3]}"
    assert "LL101" in res.stdout


def test_no_color_wins_over_force_color(tmp_path: Path) -> None:
    (tmp_path / "draft.txt").write_text(POOR_LETTER, encoding="utf-8")
    res = run(["--no-color", "check", "draft.txt"], tmp_path, {"FORCE_COLOR": "1", "TERM": "xterm"})
    assert res.returncode == 1 and not ANSI.search(res.stdout)


def test_quiet_prints_the_letter_line_then_the_total(tmp_path: Path) -> None:
    (tmp_path / "draft.txt").write_text(POOR_LETTER, encoding="utf-8")
    res = run(["--quiet", "check", "draft.txt"], tmp_path)
    assert res.returncode == 1
    lines = res.stdout.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("draft.txt: ") and res.stderr == ""
    assert lines[1].startswith("1 letter checked: ")


@pytest.mark.slow  # the installed command: the script names the program it was started as
def test_shell_completion_script_is_offered() -> None:
    # typer guesses the shell from the parent processes unless told not to; under a parent that
    # is not a shell (an IDE, a CI agent) the guess fails, so name the shell explicitly
    env = {"SHELL": "/bin/bash", "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    res = run_process(["--show-completion", "bash"], Path.cwd(), env)
    assert res.returncode == 0
    assert "_LETTERLINT_COMPLETE" in res.stdout


def test_names_with_spaces_and_accents(tmp_path: Path) -> None:
    folder = tmp_path / "Réponses 2026"
    folder.mkdir()
    docx = letter_docx(folder / "Réponse à Mme Dupont.docx", POOR_LETTER)
    txt = folder / "Lettre à M. Hale (brouillon).txt"
    txt.write_text(GOOD_LETTER, encoding="utf-8")
    before = digest([docx, txt])
    res = run(["check", "-f", "json", docx, txt], tmp_path)
    assert res.returncode == 1, res.stderr
    reports = json.loads(res.stdout)["reports"]
    assert [r["path"] for r in reports] == [str(docx), str(txt)]
    assert all(r["error"] is None for r in reports)
    assert {f["code"] for f in reports[0]["findings"]} >= {"LL101"}
    assert digest([docx, txt]) == before
    text = run(["check", docx], tmp_path)
    assert "Réponse à Mme Dupont.docx" in text.stdout


def test_windows_line_endings_give_the_same_findings(tmp_path: Path) -> None:
    unix = tmp_path / "unix.txt"
    unix.write_bytes(POOR_LETTER.encode("utf-8"))
    windows = tmp_path / "windows.txt"
    windows.write_bytes(POOR_LETTER.replace("\n", "\r\n").encode("utf-8"))
    res = run(["check", "-f", "json", "unix.txt", "windows.txt"], tmp_path)
    assert res.returncode == 1, res.stderr
    a, b = json.loads(res.stdout)["reports"]
    assert b["error"] is None

    def key(r: dict[str, object]) -> list[tuple[object, ...]]:
        return [(f["code"], " ".join(f["quote"].split()), f["location"]["line"])  # type: ignore[index]
                for f in r["findings"]]  # type: ignore[attr-defined]

    assert key(a) == key(b)
    assert all("\r" not in f["quote"] for f in b["findings"])
