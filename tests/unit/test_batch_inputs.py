"""What ``batch`` counts as its letters (breaker11 items 3 and 15).

- letterlint's own reports saved into the folder being checked, whatever their names, are
  skipped with a note, never rated or counted; the report a run writes (``-o``) is never an
  input of that run, so the same daily command can run twice;
- the same letter reached twice (folders given that overlap, a link to another file of the
  folder, a hard link) is checked and counted once, and a note says so.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from letterlint.reading.own_reports import report_kind
from tests.conftest import ROOT
from tests.workflow import clihelp


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return clihelp.run(args, cwd, {"NO_COLOR": "1"})


def box_of_two(tmp_path: Path) -> Path:
    box = tmp_path / "ob"
    box.mkdir()
    (box / "good.txt").write_text(clihelp.GOOD_LETTER, encoding="utf-8")
    (box / "poor.md").write_text(clihelp.POOR_LETTER, encoding="utf-8")
    return box


def letters_in(res: subprocess.CompletedProcess[str]) -> list[str]:
    return sorted(Path(r["path"]).name for r in json.loads(res.stdout)["reports"])


FORMATS = [("terminal", ()), ("terminal", ("-q",)), ("terminal", ("-v",)), ("json", ()), ("csv", ()),
           ("html", ()), ("sarif", ()), ("github", ())]


@pytest.mark.parametrize(("fmt", "extra"), FORMATS)
def test_every_report_letterlint_writes_is_recognised_by_its_contents(tmp_path: Path, fmt: str,
                                                                      extra: tuple[str, ...]) -> None:
    box = box_of_two(tmp_path)
    for command in ("batch", "check"):
        target = box if command == "batch" else box / "poor.md"
        res = run(command, *extra, target, "-f", fmt, "--no-cache", "-j", "1", cwd=tmp_path) if command == "batch" \
            else run(command, *extra, target, "-f", fmt, cwd=tmp_path)
        assert res.returncode == 1, res.stderr
        assert report_kind(res.stdout) is not None, (command, fmt, extra, res.stdout[:300])


def test_a_letter_is_never_taken_for_a_report() -> None:
    letters = [clihelp.GOOD_LETTER, clihelp.POOR_LETTER]
    letters += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.*"))
                if p.suffix in (".txt", ".md") and p.name != "README.md"]
    letters += [p.read_text(encoding="utf-8", errors="replace")
                for p in sorted((ROOT / "tests" / "fixtures" / "inputs").rglob("*.*")) if p.suffix in (".txt", ".md")]
    assert len(letters) > 10
    assert [t[:80] for t in letters if report_kind(t) is not None] == []


def test_reports_saved_in_the_outbox_are_skipped_and_the_same_command_runs_twice(tmp_path: Path) -> None:
    box = box_of_two(tmp_path)
    for _ in range(2):  # the same daily command, twice: its own report is not "an input of this run"
        res = run("batch", box, "-o", box / "report.txt", "--no-cache", "-j", "1", cwd=tmp_path)
        assert res.returncode == 1, res.stderr
        assert "refusing" not in res.stderr
    assert "2 letters" in (box / "report.txt").read_text(encoding="utf-8")
    for fmt, name in (("csv", "results.md"), ("json", "results.txt"), ("html", "page.md"), ("sarif", "log.txt")):
        res = run("batch", box, "-f", fmt, "-o", box / name, "--no-cache", "-j", "1", cwd=tmp_path)
        assert res.returncode == 1, (fmt, res.stderr)
    res = run("batch", box, "-f", "json", "--no-cache", "-j", "1", cwd=tmp_path)
    assert res.returncode == 1, res.stderr  # not 2: no report was read as a letter that is not one
    assert letters_in(res) == ["good.txt", "poor.md"]
    for name, kind in (("report.txt", "terminal"), ("results.md", "CSV"), ("results.txt", "JSON"),
                       ("page.md", "HTML"), ("log.txt", "SARIF")):
        assert f"letterlint: skipped {box / name}: a {kind} report written by letterlint, not a letter" \
            in res.stderr.splitlines()
    res = run("batch", "ob", "--no-cache", "-j", "1", cwd=tmp_path)  # the terminal report lists them at its end
    assert "Skipped 5 files: a report written by letterlint (5 files)." in res.stdout
    assert "skipped: ob/results.md: a CSV report written by letterlint" in res.stdout
    assert "2 letters" in res.stdout
    res = run("batch", box, "--include", "*.md", "-q", "--no-cache", "-j", "1", cwd=tmp_path)  # even with include
    assert res.stdout.splitlines()[-1].startswith("1 letter checked")
    res = run("check", box / "results.md", cwd=tmp_path)  # named on its own: one line, exit 2
    assert res.returncode == 2
    assert f"letterlint: error: {box / 'results.md'}: a CSV report written by letterlint, not a letter" in res.stderr


def test_html_and_csv_reports_account_for_the_files_not_checked(tmp_path: Path) -> None:
    """A coordinator hands managers the HTML or CSV report, not standard error: a file of a type
    letterlint does not read and a report letterlint wrote are listed there too."""
    box = box_of_two(tmp_path)
    (box / "notes.xlsx").write_bytes(b"PK\x03\x04")
    assert run("batch", box, "-f", "json", "-o", box / "earlier.txt", "--no-cache", "-j", "1",
               cwd=tmp_path).returncode == 1
    res = run("batch", "ob", "-f", "html", "--no-cache", "-j", "1", cwd=tmp_path)
    assert res.returncode == 1, res.stderr
    page = res.stdout
    assert "<h2 id='not-checked'>Files not checked</h2>" in page
    assert "<li>not read: ob/notes.xlsx: unsupported type &#x27;.xlsx&#x27;</li>" in page
    assert "<li>skipped: ob/earlier.txt: a JSON report written by letterlint, not a letter</li>" in page
    assert page.index("not-checked") > page.index("id='letters'")
    assert "2</b>letters checked" in page  # neither counted as a letter
    res = run("batch", "ob", "-f", "csv", "--no-cache", "-j", "1", cwd=tmp_path)
    assert res.returncode == 1, res.stderr
    rows = {r.split(",")[0]: r for r in res.stdout.splitlines()[1:]}
    assert sorted(rows) == ["ob/good.txt", "ob/notes.xlsx", "ob/poor.md"]  # the report: no row
    assert rows["ob/notes.xlsx"].endswith("not read: unsupported type '.xlsx',")
    res = run("batch", "ob", "--no-cache", "-j", "1", cwd=tmp_path)  # the terminal: as before
    assert "not read: ob/notes.xlsx" in res.stdout and "Files not checked" not in res.stdout


def test_an_empty_file_named_by_output_is_not_read_as_a_letter(tmp_path: Path) -> None:
    box = box_of_two(tmp_path)
    (box / "report.txt").write_bytes(b"")
    res = run("batch", box, "-q", "-o", box / "report.txt", "--no-cache", "-j", "1", cwd=tmp_path)
    assert res.returncode == 1, res.stderr
    assert (box / "report.txt").read_text(encoding="utf-8").splitlines()[-1].startswith("2 letters checked")


def test_a_letter_that_is_named_by_output_is_still_never_overwritten(tmp_path: Path) -> None:
    box = box_of_two(tmp_path)
    before = (box / "good.txt").read_bytes()
    res = run("batch", box, "-o", box / "good.txt", "--no-cache", "-j", "1", cwd=tmp_path)
    assert res.returncode == 2 and "refusing to overwrite an input of this run" in res.stderr
    assert (box / "good.txt").read_bytes() == before


def test_the_same_letter_reached_twice_is_checked_and_counted_once(tmp_path: Path) -> None:
    box = box_of_two(tmp_path)
    (box / "sub").mkdir()
    (box / "sub" / "other.txt").write_text(clihelp.POOR_LETTER.replace("Hale", "Hall"), encoding="utf-8")
    os.symlink("good.txt", box / "a-link.txt")  # sorts before the file it points to
    os.link(box / "poor.md", box / "sub" / "hard.md")
    res = run("batch", box, box / "sub", box, "-f", "json", "--no-cache", "-j", "1", cwd=tmp_path)
    assert res.returncode == 1, res.stderr
    assert letters_in(res) == ["good.txt", "other.txt", "poor.md"]  # the link's target is kept, not the link
    assert json.loads(res.stdout)["summary"]["letters"] == 3
    lines = res.stderr.splitlines()
    assert "letterlint: 7 files reached more than once (the folders or files given overlap); each was " \
        "checked and counted once" in lines
    assert f"letterlint: {box / 'a-link.txt'}: the same file as {box / 'good.txt'}; checked and counted once" in lines
    assert f"letterlint: {box / 'sub' / 'hard.md'}: the same file as {box / 'poor.md'}; checked and counted once" \
        in lines
