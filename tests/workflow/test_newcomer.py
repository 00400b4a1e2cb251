"""Issue 16: what a new user meets between the first command and a coordinator's report.

Terminal output at 60, 80 and 120 columns (rich's console, and the command with COLUMNS set),
one list of answers, -q and -v, messages said once (through a pseudo-terminal), explain as
text, lock files, permissions, docs only where told, the init examples, and plurals."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from letterlint import reports as formatters
from letterlint.model import Report
from tests.workflow.clihelp import GOOD_LETTER, LETTERLINT, POOR_LETTER, ROOT, run

WIDTHS = (60, 80, 120)


@pytest.fixture(scope="module")
def example_reports() -> list[Report]:
    """Real reports of three example letters (one .docx), checked in this process."""
    from letterlint.config.settings import load_config
    from letterlint.engine.check import check_path
    from letterlint.model import each_letter
    from letterlint.rules.loader import ruleset_for

    cfg = load_config(ROOT)
    rs = ruleset_for()
    names = ("stage-one-poor.docx", "holding-letter.txt", "stage-two-service-poor.txt")
    return [replace(r, path=f"examples/{Path(r.path).name}")
            for r in each_letter(check_path(ROOT / "examples" / n, cfg, None, None, rs) for n in names)]


def _fits(text: str, width: int) -> None:
    long = [line for line in text.splitlines() if len(line) > width]
    assert not long, f"{len(long)} lines wider than {width}: {long[:3]}"


@pytest.mark.parametrize("width", WIDTHS)
def test_findings_wrap_at_the_width_under_their_own_indent(example_reports: list[Report], width: int) -> None:
    text = formatters.render("terminal", example_reports, width=width, verbose=False)
    _fits(text, width)
    # a finding's heading starts at column 4 with its severity; what follows it stays indented
    lines = text.splitlines()
    heads = [i for i, line in enumerate(lines) if re.match(r"    (error|warning|info)\s+LL\d{3} ", line)]
    assert len(heads) >= 10
    for i in heads:
        assert lines[i + 1].startswith(" " * 12), lines[i: i + 2]
    assert "'recieve' is not in the British English dictionary" in " ".join(" ".join(lines).split())


@pytest.mark.parametrize("width", WIDTHS)
def test_batch_tables_stay_tables_at_any_width(example_reports: list[Report], width: int) -> None:
    text = formatters.render("batch_terminal", example_reports, width=width, batch=True)
    _fits(text, width)
    lines = text.splitlines()
    header = lines[0]
    assert header.startswith("letter") and "score" in header and "rating" in header
    score_at = header.index("score")
    # each letter's row: its name starts the line, its score in the score column, in order
    table = lines[1: next(i for i, line in enumerate(lines) if not line or line.startswith("("))]
    rows = [line for line in table if line[score_at: score_at + 5].strip()]
    assert [row[score_at: score_at + 5].strip() for row in rows] == [
        f"{r.score.value:.0f}" for r in example_reports if r.score is not None]
    assert all(row.startswith("examples/") for row in rows), rows
    summary = text[text.index("All letters"):]
    head = next(line for line in summary.splitlines() if line.startswith("item"))
    assert "met %" in head and "national" in head  # the columns that matter are never dropped
    for row in [line for line in summary.splitlines() if re.match(r"(Q\d\d|7\.11) ", line)]:
        assert re.search(r"(\d+\.\d%|–)\s+(\d+\.\d%|–)", row), row  # both shares on the item's own line
    if width < 80:
        assert "too narrow for:" in text  # what was dropped is said


def test_a_long_file_name_wraps_between_words_never_inside_one(example_reports: list[Report]) -> None:
    """At 80 columns a long name wraps after '/', '-', '_' or a space and keeps its extension on
    the last piece ('examples/stage-one-mixed-' / 'harcourt.txt'), never 'harco' / 'urt.txt' (a new
    user's batch at 80 columns). Every line of the name stays in the letter column."""
    from letterlint.reports.batch_terminal import break_name

    long = [replace(r, path=r.path.replace("examples/", "examples/a-very-long-folder_name/for-replies/"))
            for r in example_reports]
    text = formatters.render("batch_terminal", long, width=80, batch=True)
    _fits(text, 80)
    table = text.split("All letters")[0]
    letter_col = [line.split("  ")[0].strip() for line in table.splitlines()[1:] if line.strip()]
    joined = "".join(letter_col)
    for r in long:
        assert r.path in joined, r.path
    for piece in letter_col:
        if piece and piece[-1].isalpha() and not piece.endswith(("docx", "txt", "md")):
            raise AssertionError(f"name cut inside a word: {piece!r}")
    assert break_name("ob/stage-one-mixed-harcourt.txt", 28) == "ob/stage-one-mixed-\nharcourt.txt"
    assert break_name("abcdefghijkl", 5) == "abcde\nfghij\nkl"  # no place to break: cut where it must
    assert break_name("short.txt", 28) == "short.txt"


def test_why_7_11_has_no_national_figure_is_said(example_reports: list[Report]) -> None:
    """7.11 is not an Annex B question: the tables show "–" for its national share and say why
    (a fresh user's question), in the terminal and in HTML."""
    text = " ".join(formatters.render("batch_terminal", example_reports, width=80, batch=True).split())
    row = next(line for line in formatters.render("batch_terminal", example_reports, width=120,
                                                   batch=True).splitlines() if line.startswith("7.11 "))
    assert row.rstrip().endswith("–") or " – " in row, row
    assert "7.11, the outcome stated, is not one of its questions, so it has none" in text
    html = " ".join(formatters.render("html", example_reports, batch=True).split())
    assert "7.11, the outcome stated, is not one of its questions, so it has none" in html


def test_batch_at_120_columns_keeps_every_column(example_reports: list[Report]) -> None:
    text = formatters.render("batch_terminal", example_reports, width=120, batch=True)
    assert "too narrow" not in text
    for col in ("type", "errors", "warnings", "points lost", "not met", "not applicable", "not assessed"):
        assert col in text.replace("\n", " ") or col.split()[0] in text, col


def test_one_list_of_answers_in_terminal_csv_and_html(example_reports: list[Report]) -> None:
    """Met / not met everywhere; the questionnaire's yes / no only as the inspectors' answer in
    JSON. For Q22 (spelling errors?) a letter with a misspelling is "not met", never "yes"."""
    import json

    poor = example_reports[0]
    assert poor.score is not None
    q22 = next(o for o in poor.score.items if o.item == "Q22")
    assert q22.answer == "yes" and q22.state == "not-met"
    rows = list(csv.DictReader(io.StringIO(formatters.render("csv", example_reports))))
    assert rows[0]["Q22"] == "not met"
    allowed = {"met", "not met", "not applicable", "not assessed", "not fully checked", ""}
    assert {v for row in rows for k, v in row.items() if re.fullmatch(r"Q\d\d|7\.11", k)} <= allowed
    page = formatters.render("html", example_reports)
    assert ">Met %<" in page and ">Not met<" in page and ">Yes<" not in page and "a yes is a failure" not in page
    term = formatters.render("batch_terminal", example_reports, width=120, batch=True)
    assert not re.search(r"\byes\b", term), "the terminal answers in met / not met"
    data = json.loads(formatters.render("json", example_reports))
    item = next(i for i in data["reports"][0]["score"]["items"] if i["item"] == "Q22")
    assert (item["answer"], item["state"]) == ("yes", "not-met")  # inspectors' answer, labelled


def test_met_share_turns_the_inspectors_negative_items(example_reports: list[Report]) -> None:
    """Nationally 17.1% of letters had spelling errors (Q22 "yes"): 82.9% met the item."""
    text = formatters.render("batch_terminal", example_reports, width=120, batch=True)
    q22 = next(line for line in text.splitlines() if line.startswith("Q22"))
    assert "82.9%" in q22 and "17.1%" not in q22


def test_verbose_gives_each_rules_why_once_and_shared_notes_once(example_reports: list[Report]) -> None:
    text = formatters.render("terminal", example_reports, width=100, verbose=True)
    assert sum(f.code == "LL401" for r in example_reports for f in r.active_findings) >= 3
    assert text.count("Why: HMCPSI found spelling mistakes") == 1
    assert text.count("Fix: Correct the spelling.") == 1
    assert text.count("note: language pipeline:") == 1 and "For every letter:" in text
    assert text.count("note: grammar ran with Harper") == 1


def test_the_report_names_the_pipeline_in_the_footer_and_in_json(example_reports: list[Report]) -> None:
    import json

    text = formatters.render("terminal", example_reports, width=100)
    tail = text[text.index("For every letter:"):]
    assert "language pipeline:" in tail
    data = json.loads(formatters.render("json", example_reports))
    assert data["language_pipelines"] and all(isinstance(p, str) for p in data["language_pipelines"])
    # a long pipeline name wraps at the terminal's width: compare the words
    assert "language pipeline: " + data["language_pipelines"][0] in " ".join(text.split())


def test_plurals_are_right_for_one(example_reports: list[Report]) -> None:
    one = example_reports[:1]
    text = formatters.render("batch_terminal", one, width=100, batch=True)
    assert "All letters: 1 letter\n" in text and "Stage one: 1 letter\n" in text
    assert not re.search(r"\b1 (letters|errors|warnings|files)\b", text)
    page = formatters.render("html", one)
    assert "1 letter</h2>" in page and "<b>1</b>letter checked" in page
    from letterlint.reports.common import quiet_text

    assert not re.search(r"\b1 (letters|errors|warnings)\b", quiet_text(one))


@pytest.mark.slow  # starts letterlint in a process
def test_quiet_is_one_line_per_letter_then_the_total(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD_LETTER, encoding="utf-8")
    (tmp_path / "poor.txt").write_text(POOR_LETTER, encoding="utf-8")
    res = run(["check", "-q", "good.txt", "poor.txt"], tmp_path)
    lines = res.stdout.splitlines()
    assert len(lines) == 3, res.stdout
    assert lines[0].startswith("good.txt: better than adequate (") and "0 errors" in lines[0]
    assert lines[1].startswith("poor.txt: below the required standard (")
    assert lines[2].startswith("2 letters checked: ")
    assert res.stderr == ""


@pytest.mark.slow  # starts letterlint in a process
def test_batch_quiet_on_a_terminal_is_one_line_per_letter_then_the_total(tmp_path: Path) -> None:
    """Through a pseudo-terminal 80 columns wide: no progress bar, no notes, no table; each
    letter's entry, then "2 letters checked: ...". An entry longer than the terminal goes on
    under a two-space indent (a new user saw 106-character lines at 80 columns); in a pipe each
    letter stays one line, for grep."""
    (tmp_path / "outbox").mkdir()
    (tmp_path / "outbox" / "good.txt").write_text(GOOD_LETTER, encoding="utf-8")
    (tmp_path / "outbox" / "poor.txt").write_text(POOR_LETTER, encoding="utf-8")
    code, text = on_a_terminal(["batch", "-q", "outbox", "--no-cache"], tmp_path)
    assert code == 1, text
    _fits(text, 80)
    entries = re.split(r"\n(?! )", text.strip())  # a continuation line starts with two spaces
    assert len(entries) == 3, text
    flat = [" ".join(e.split()) for e in entries]
    assert flat[0].startswith("outbox/good.txt: better than adequate (") and " 0 errors, " in flat[0]
    assert flat[1].startswith("outbox/poor.txt: below the required standard (")
    assert flat[2].startswith("2 letters checked: ")
    piped = run(["batch", "-q", "outbox", "--no-cache"], tmp_path)
    lines = piped.stdout.splitlines()
    assert len(lines) == 3 and [" ".join(x.split()) for x in lines] == flat
    assert max(map(len, lines)) > 80  # one line each, whatever the width


def test_readme_install_commands_name_the_wheel_this_version_builds() -> None:
    """A manager copies the README's install line: the wheel it names is the one 'uv build'
    makes from this version (tools/wheel_smoke.py builds and installs it in CI)."""
    from letterlint import __version__

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"letterlint-([\w.]+)-py3-none-any\.whl", readme))
    assert named == {__version__}, named
    install = readme[readme.index("## Install and check a letter"):readme.index("## Checking a letter")]
    for words in ("pipx install ./letterlint-", "pipx install .\\letterlint-", "uv tool install ./letterlint-",
                  "letterlint --version", "letterlint check", "letterlint batch", "PowerShell"):
        assert words in install, words
    assert readme.index("## Install and check a letter") < readme.index("## For developers")
    # the trained pipeline: the command tools/wheel_smoke.py runs (uv tool install of the extra)
    assert f'uv tool install --force "./letterlint-{__version__}-py3-none-any.whl[model]"' in readme
    assert "[model]" in (ROOT / "tools" / "wheel_smoke.py").read_text(encoding="utf-8")


def _all_option_names() -> dict[str, list[str]]:
    import typer.main

    from letterlint.cli import app

    group = typer.main.get_command(app.app)
    out = {}
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        out[name] = [o for p in cmd.params for o in (*p.opts, *p.secondary_opts) if o.startswith("-")]
    return out


@pytest.mark.slow  # starts letterlint in a process
@pytest.mark.parametrize("columns", (60, 80))
def test_help_shows_every_option_name_whole(columns: int) -> None:
    for command, names in _all_option_names().items():
        res = subprocess.run([str(LETTERLINT), command, "--help"], capture_output=True, text=True,
                             env={**os.environ, "COLUMNS": str(columns)}, timeout=60)
        assert res.returncode == 0, res.stderr
        _fits(res.stdout, columns)
        words = set(re.findall(r"--?[\w-]+", res.stdout))
        missing = [n for n in names if n not in words]
        assert not missing, (command, missing)
        assert "…" not in res.stdout
        _reads_as_words(res.stdout, command)
    top = subprocess.run([str(LETTERLINT), "--help"], capture_output=True, text=True,
                         env={**os.environ, "COLUMNS": str(columns)}, timeout=60).stdout
    _fits(top, columns)
    listed = top[top.index("Commands:"):].splitlines()[1:]
    assert {line.split()[0] for line in listed} == set(_all_option_names())
    assert not [line for line in listed if line.endswith("...")], listed  # each command's line whole
    assert "customize" not in top and "customise" in top  # British English, typer's own options too


def _reads_as_words(text: str, command: str) -> None:
    """Help a user reads: no Python types (``<list[Path]>``, ``<str>``), no braces in the usage
    line, no "[default: no-force]" for a flag, no word broken at a hyphen across lines."""
    assert not re.search(r"<(list\[|str>|int>|float>|path>|bool>)", text), (command, text)
    usage = text[: text.index("\n\n")]
    assert "{" not in usage and "<" not in usage, (command, usage)
    assert "[default: no-" not in " ".join(text.split()), command
    assert not re.search(r"\w-\n", text), (command, text)


@pytest.mark.slow  # starts letterlint in a process
def test_check_help_at_80_columns_on_a_terminal(tmp_path: Path) -> None:
    """What a manager sees first, through a pseudo-terminal 80 columns wide."""
    code, text = on_a_terminal(["check", "--help"], tmp_path)
    assert code == 0, text
    _fits(text, 80)
    assert text.startswith("Usage: letterlint check [OPTIONS] LETTER...\n"), text[:200]
    assert re.search(r"^  LETTER\.\.\.  Letters to check: \.docx", text, re.M), text
    _reads_as_words(text, "check")
    for name in _all_option_names()["check"]:
        assert re.search(rf"(^|[\s,/]){re.escape(name)}([\s,]|$)", text, re.M), name


def on_a_terminal(args: list[str], cwd: Path, columns: int = 80, term: str = "dumb") -> tuple[int, str]:
    """``letterlint ARGS`` run in a pseudo-terminal ``columns`` wide (standard output and
    standard error both the terminal, as a user sees them): (exit status, what was shown)."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen([str(LETTERLINT), *args], cwd=cwd, stdin=follower, stdout=follower,
                            stderr=follower, env={**env, "NO_COLOR": "1", "TERM": term})
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    code = proc.wait(timeout=300)
    os.close(leader)
    text = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return code, re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)  # any cursor control the terminal got


@pytest.mark.slow  # starts letterlint in a process
def test_each_message_is_printed_once_on_a_terminal(tmp_path: Path) -> None:
    """Through a pseudo-terminal (stdout and stderr both the terminal): 'is a folder' once."""
    (tmp_path / "letters").mkdir()
    code, text = on_a_terminal(["check", "letters"], tmp_path)
    assert code == 2
    assert text.count("is a folder") == 1, text


@pytest.mark.slow  # starts letterlint in a process
def test_messages_fit_80_columns_and_are_said_once_on_a_terminal(tmp_path: Path) -> None:
    """Standard error on a terminal is wrapped at its width too (a lock file skipped, a file
    that cannot be read, a report written): each message once, no line past column 80."""
    (tmp_path / "outbox").mkdir()
    (tmp_path / "outbox" / "good.txt").write_text(GOOD_LETTER, encoding="utf-8")
    (tmp_path / "outbox" / "broken.docx").write_bytes(b"not a zip")
    (tmp_path / "outbox" / "~$good.docx").write_bytes(b"\x00" * 162)
    code, text = on_a_terminal(["check", "outbox/good.txt", "outbox/~$good.docx", "outbox/broken.docx"], tmp_path)
    assert code == 2, text
    _fits(text, 80)
    flat = " ".join(text.split())
    assert flat.count("skipped outbox/~$good.docx: a Word lock file (Word writes it while the letter is open)") == 1
    assert flat.count("not a valid .docx file") == 1
    code, text = on_a_terminal(["batch", "outbox", "--no-cache", "-f", "csv", "-o", "letters.csv"], tmp_path)
    assert code == 2, text
    _fits(text, 80)
    flat = " ".join(text.split())
    assert flat.count("letterlint: error: outbox/broken.docx: not a valid .docx file (it is not a zip package") == 1
    assert flat.count("wrote letters.csv") == 1


@pytest.mark.slow  # starts letterlint in a process
def test_every_listing_command_fits_80_columns_on_a_terminal(tmp_path: Path) -> None:
    """'rules', 'config', 'explain' and the top-level help, as a user sees them at 80 columns."""
    (tmp_path / ".letterlint.yaml").write_text("fail_on: warning\n", encoding="utf-8")
    for args in (["rules"], ["config"], ["explain", "Q27"], ["explain", "LL391"], ["--help"]):
        code, text = on_a_terminal(args, tmp_path)
        assert code == 0, (args, text)
        _fits(text, 80)
        if args == ["config"]:
            setting = " ".join(text[text.index("fail_on"):].split("\n")[:2])
            assert "'warning'" in setting and ".letterlint.yaml" in setting, text
        if args == ["rules"]:
            assert "LL101" in text and "letterlint fix --suggested" in " ".join(text.split())


@pytest.mark.slow  # starts letterlint in a process
def test_batch_verbose_on_one_letter_says_each_note_once_at_80_columns(tmp_path: Path) -> None:
    """'batch -v' on a folder of one letter: the letter in full, then the summary; the notes
    every letter repeats (language pipeline, how grammar ran) are said once, under "For every
    letter", not under the letter as well; each rule's why once; nothing wider than 80."""
    import shutil

    (tmp_path / "outbox").mkdir()
    shutil.copy(ROOT / "examples" / "stage-one-poor.docx", tmp_path / "outbox" / "draft.docx")
    code, text = on_a_terminal(["batch", "-v", "outbox"], tmp_path)
    assert code == 1, text
    _fits(text, 80)
    flat = " ".join(text.split())
    assert flat.count("language pipeline:") == 1 and flat.count("grammar ran with") == 1, text
    assert flat.index("For every letter: language pipeline:") > flat.index("All letters: 1 letter")
    assert flat.count("Why: HMCPSI found spelling mistakes") == 1
    assert flat.count("give the complainant's letter with --complaint") == 1  # in the why-line only
    assert "skipped LL351" not in flat
    assert "1 letters" not in flat


@pytest.mark.slow  # starts letterlint in a process
def test_check_skips_word_lock_files(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD_LETTER, encoding="utf-8")
    (tmp_path / "~$good.docx").write_bytes(b"\x00" * 162)  # what Word leaves while a letter is open
    res = run(["check", "good.txt", "~$good.docx"], tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "~$good.docx" not in res.stdout
    assert res.stderr.count("skipped ~$good.docx: a Word lock file") == 1
    only = run(["check", "~$good.docx"], tmp_path)
    assert only.returncode == 2 and "nothing to check" in only.stderr


@pytest.mark.slow  # starts letterlint in a process
def test_check_says_what_it_is_checking_while_it_works_and_then_clears_it(tmp_path: Path) -> None:
    """On a terminal a status line names the letter while it is checked (a first check can take
    seconds; a new user thought it had hung), erased before the report; never in a pipe."""
    (tmp_path / "good.txt").write_text(GOOD_LETTER, encoding="utf-8")
    code, text = on_a_terminal(["check", "good.txt"], tmp_path, term="xterm")
    assert code == 0, text
    assert "Checking good.txt" in text
    header = text.index("good.txt\n")  # the report's first line
    last = text.rindex("Checking")
    assert last < header  # shown while it works, before the report (the terminal erases it then)
    assert "Checking" not in text[header:]
    piped = run(["check", "good.txt"], tmp_path)
    assert "Checking" not in piped.stdout + piped.stderr


def test_batch_of_a_missing_folder_says_folder_not_found(tmp_path: Path) -> None:
    res = run(["batch", "nosuch"], tmp_path)
    assert res.returncode == 2
    assert res.stderr.strip() == "letterlint: error: nosuch: folder not found"  # it said only 'not found'


def test_explain_renders_text_for_a_terminal() -> None:
    from letterlint.rules.docs import item_text, rule_text
    from letterlint.rules.loader import ruleset_for

    rs = ruleset_for()
    for rule in rs.rules:
        text = rule_text(rule, 80)
        _fits(text, 80)
        assert not re.search(r"\{\w+\}|`|\*\*|^#|^- \*\*|Check kind|Scope:|params", text, re.M), (rule.code, text)
        assert text.startswith(f"{rule.code} {rule.name}\n") and "Why it matters" in text
    listed = item_text(rs, "Q27", 80)
    assert listed is not None
    codes = re.findall(r"^  (LL\d{3}) ", listed, re.M)
    assert codes == sorted(r.code for r in rs.rules if r.item == "Q27") and len(codes) >= 2
    assert item_text(rs, "Q99") is None


def test_rule_pages_fill_a_placeholder_with_the_rules_own_words() -> None:
    """A rule page's "What it does" reads as a sentence: a placeholder the rule sets itself
    ('{reason}' for LL392) is shown in the rule's words, not as "*why it was flagged*"."""
    from letterlint.rules.docs import rule_markdown
    from letterlint.rules.loader import ruleset_for

    rs = ruleset_for()
    for code, words in (("LL392", "*names the victim of a sexual offence, who has a right to lifelong anonymity*"),
                        ("LL391", "*names someone whose name should not be in the letter*")):
        rule = rs.by_code(code)
        assert rule is not None
        page = rule_markdown(rule)
        what = page[page.index("## What it does"):page.index("## Why it matters")]
        assert words in what and "why it was flagged" not in what and "{" not in what, what


@pytest.mark.slow  # starts letterlint in a process
def test_explain_command_for_a_rule_and_an_item(tmp_path: Path) -> None:
    res = run(["explain", "LL301"], tmp_path, {"COLUMNS": "80"})
    assert res.returncode == 0 and "{suggestion}" not in res.stdout and "##" not in res.stdout
    _fits(res.stdout, 80)
    item = run(["explain", "q27"], tmp_path)
    assert item.returncode == 0 and "LL211" in item.stdout and "LL212" in item.stdout
    bad = run(["explain", "Q99"], tmp_path)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1


def test_explain_q35_says_it_is_the_rating(tmp_path: Path) -> None:
    """Q35 is a row in every summary table but has no rule: explain says how it is answered,
    with the band labels scoring.yaml gives (the fresh user's question)."""
    from letterlint.scoring.score import model

    res = run(["explain", "Q35"], tmp_path, {"COLUMNS": "80"})
    assert res.returncode == 0, res.stderr
    text = " ".join(res.stdout.split())
    assert text.startswith("Q35 Is the final letter of adequate quality or better?")
    assert all(b.label in text for b in model().bands) and "7.46-7.48" in text
    _fits(res.stdout, 80)


@pytest.mark.slow  # starts letterlint in a process
def test_docs_writes_only_where_told(tmp_path: Path) -> None:
    res = run(["docs"], tmp_path)
    assert res.returncode == 2 and "--out" in res.stderr
    assert list(tmp_path.iterdir()) == []
    out = tmp_path / "site"
    out.mkdir()
    (out / "notes.md").write_text("my own notes\n", encoding="utf-8")
    res = run(["docs", "--out", "site"], tmp_path)
    assert res.returncode == 0, res.stderr
    assert (out / "LL101.md").is_file() and (out / "notes.md").read_text(encoding="utf-8") == "my own notes\n"


@pytest.mark.slow  # starts letterlint in a process
@pytest.mark.skipif(not hasattr(os, "umask"), reason="POSIX permissions")
def test_outputs_follow_the_umask_and_the_cache_is_private(tmp_path: Path) -> None:
    import shutil

    (tmp_path / "good.txt").write_text(GOOD_LETTER, encoding="utf-8")
    (tmp_path / "poor.txt").write_text(POOR_LETTER, encoding="utf-8")
    shutil.copy(ROOT / "examples" / "stage-one-poor.docx", tmp_path / "draft.docx")
    cache = tmp_path / "cache"
    script = (
        "import os, sys\nos.umask(0o002)\nsys.argv = sys.argv[1:]\n"
        "from letterlint.cli.app import main\nmain()\n")
    for args in (["letterlint", "init"], ["letterlint", "check", "good.txt", "-f", "json", "-o", "report.json"],
                 ["letterlint", "batch", ".", "--cache-dir", str(cache), "-f", "csv", "-o", "outbox.csv"],
                 ["letterlint", "check", "--annotate", "draft.docx"], ["letterlint", "fix", "poor.txt"]):
        res = subprocess.run([sys.executable, "-c", script, *args], cwd=tmp_path, capture_output=True, text=True,
                             timeout=180)
        assert res.returncode in (0, 1), res.stderr
    for name in (".letterlint.yaml", "report.json", "outbox.csv", "draft.letterlint.docx",
                 "poor.letterlint-fixed.txt"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o664, name  # 0666 less the umask 002
    assert cache.stat().st_mode & 0o777 == 0o700
    assert all(p.stat().st_mode & 0o077 == 0 for p in cache.rglob("*"))


def test_readme_privacy_names_the_cache_options_that_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    privacy = readme[readme.index("## Privacy"):]
    privacy = privacy[: privacy.index("\n## ", 4)]
    for needle in ("names", "quoted", "--cache-dir", "LETTERLINT_CACHE_DIR", "--no-cache", "0700"):
        assert needle in privacy, needle
    batch_opts = _all_option_names()["batch"]
    assert "--cache-dir" in batch_opts and "--no-cache" in batch_opts
    from letterlint.engine import cache

    assert cache.ENV == "LETTERLINT_CACHE_DIR"


INIT_LETTER = GOOD_LETTER.replace(
    "I have asked the team",
    "Your concerns about the investigation are a matter you should raise with Wiltshire Police. "
    "You may also wish to contact the witness care unit about the new date. You may wish to "
    "contact the court about the listing. Victim Support can help you while you wait.\n\n"
    "The ISVA at the SARC has been told. We will make a consolatory payment of £50 for your "
    "journey, and the officer who walked with you down the ginnel has been thanked.\n\n"
    "I have asked the team").replace("within one calendar month of the date of this letter", "within 28 days")


def test_every_init_example_switched_on_does_what_it_says(tmp_path: Path) -> None:
    """Each commented example of 'letterlint init', switched on as the file tells a user to,
    changes a letter's findings as its comment says: contacts give whole, grammatical
    sentences ("You can contact Wiltshire Police on 101, ...", never "Police on Wessex
    Police"), accepted words and allowed acronyms are no longer flagged, a disabled rule is
    gone and a changed severity applies."""
    from letterlint.config.settings import load_config
    from letterlint.config.starter import template
    from letterlint.engine.check import check_path
    from letterlint.rules.loader import ruleset_for
    from tests.workflow.test_init import EXAMPLE_KEYS, switch_on

    (tmp_path / "draft.txt").write_text(INIT_LETTER, encoding="utf-8")
    (tmp_path / "area-rules").mkdir()
    rs = ruleset_for()

    def findings(keys: set[str]) -> dict[tuple[str, str], tuple[str, str | None]]:
        text = switch_on(template("Team", "01632 960000"), keys) if keys else template("Team", "01632 960000")
        (tmp_path / ".letterlint.yaml").write_text(text, encoding="utf-8")
        report = check_path(tmp_path / "draft.txt", load_config(tmp_path), None, None, rs)
        return {(f.code, f.quote): (f.severity.value, f.suggestion) for f in report.active_findings}

    before = findings(set())
    referrals = {q: s for (c, q), (_, s) in before.items() if c == "LL301"}
    assert len(referrals) == 4 and all("[telephone number]" in (s or "") for s in referrals.values())
    contacts = {q: s for (c, q), (_, s) in findings({"contacts"}).items() if c == "LL301"}
    assert set(contacts.values()) == {
        "You can contact Wiltshire Police on 101, or online at www.example-police.uk/contact.",
        "You can contact the witness care unit on 01632 960222.",
        "You can contact the court on 01632 960111, or by email at enquiries@exampletown-court.example.uk.",
        "You can contact Victim Support on 08 08 16 89 111 (free, 24 hours), or online at "
        "www.victimsupport.org.uk.",
    }
    expected_gone = {"accept": ("LL401", "ginnel"), "allow": ("LL602", "ISVA"), "disable": ("LL230", None)}
    for key, (code, quote) in expected_gone.items():
        assert any(c == code and (quote is None or q == quote) for c, q in before), (key, code)
        after = findings({key})
        assert not any(c == code and (quote is None or q == quote) for c, q in after), (key, code)
        assert len(after) < len(before)
    ll112 = [k for k in before if k[0] == "LL112"]
    assert ll112 and before[ll112[0]][0] == "error" and findings({"severity"})[ll112[0]][0] == "warning"
    assert findings({"paths"}) == before  # an empty folder of Area rules changes nothing
    assert set(EXAMPLE_KEYS) - {"languagetool"} == {"contacts", *expected_gone, "severity", "paths"}


def test_the_languagetool_example_says_where_text_goes_and_carries_on(tmp_path: Path) -> None:
    """The last example, switched on with no server there: the run says once that letter text
    is sent to that address, notes the server could not be reached and still checks."""
    from letterlint.config.starter import template
    from tests.workflow.test_init import switch_on

    (tmp_path / ".letterlint.yaml").write_text(switch_on(template(), {"languagetool"}), encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD_LETTER, encoding="utf-8")
    res = run(["check", "good.txt"], tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stderr.count("letter text is sent to the LanguageTool server at http://localhost:8081") == 1
    assert "LanguageTool at http://localhost:8081 could not be reached" in " ".join(res.stdout.split())


def test_dev_py_says_what_it_will_install_and_how_to_skip(monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("devpy", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    calls: list[list[str]] = []
    monkeypatch.setattr(dev.shutil, "which", lambda name: "/usr/bin/apt-get" if name == "apt-get" else None)
    monkeypatch.setattr(dev.os, "geteuid", lambda: 0)

    def fake_run(cmd: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        calls.append(cmd)
        return subprocess.CompletedProcess(cmd, 0)

    monkeypatch.setattr(dev.subprocess, "run", fake_run)
    monkeypatch.delenv("LETTERLINT_NO_BROWSER", raising=False)
    monkeypatch.delenv("LETTERLINT_NO_LIBREOFFICE", raising=False)
    dev.announce_system_packages()
    said = capsys.readouterr().err
    assert not calls  # said before anything is installed
    assert "chromium" in said and "LETTERLINT_NO_BROWSER=1" in said
    assert "libreoffice-writer-nogui" in said and "LETTERLINT_NO_LIBREOFFICE=1" in said
    dev.ensure_browser()
    dev.ensure_libreoffice()
    assert any("chromium" in c for c in calls) and any("libreoffice-writer-nogui" in c for c in calls)
    monkeypatch.setenv("LETTERLINT_NO_BROWSER", "1")
    monkeypatch.setenv("LETTERLINT_NO_LIBREOFFICE", "1")
    calls.clear()
    capsys.readouterr()
    dev.announce_system_packages()
    dev.ensure_browser()
    dev.ensure_libreoffice()
    assert not calls and capsys.readouterr().err == ""


def test_dev_py_test_runs_on_every_core_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    """`dev.py test` adds pytest-xdist's workers, but not when the arguments give their own
    ``-n``/``--numprocesses`` or ``-p no:xdist``, nor when pytest-xdist cannot be imported."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("devpy", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    monkeypatch.setattr(dev, "_has_xdist", lambda: True)
    assert dev.parallel_args([]) == ["-n", "auto", "--dist", "loadgroup"]
    assert dev.parallel_args(["tests/test_golden.py", "-x"]) == ["-n", "auto", "--dist", "loadgroup"]
    assert dev.parallel_args(["--dist", "load"]) == ["-n", "auto"]
    for own in (["-n", "0"], ["-n0"], ["-n", "4"], ["--numprocesses=3"], ["-p", "no:xdist"], ["-pno:xdist"]):
        assert dev.parallel_args(["-x", *own]) == [], own
    monkeypatch.setattr(dev, "_has_xdist", lambda: False)
    assert dev.parallel_args([]) == []


@pytest.mark.slow
def test_the_wheel_installs_and_runs_in_a_fresh_environment() -> None:
    """Build the wheel, install it into a new venv, run --version and check from another folder,
    then add the trained pipeline with one command (tools/wheel_smoke.py; CI runs this)."""
    res = subprocess.run([sys.executable, str(ROOT / "tools" / "wheel_smoke.py")], capture_output=True,
                         text=True, timeout=1800)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "wheel smoke: ok" in res.stderr


@pytest.mark.slow  # starts letterlint in a process
def test_counts_in_messages_agree_with_one(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD_LETTER, encoding="utf-8")
    res = run(["baseline", "good.txt", "-o", "base.json"], tmp_path)
    assert res.returncode == 0, res.stderr
    assert re.search(r"wrote base\.json: \d+ findings? in 1 letter$", res.stderr.strip()), res.stderr
    one = run(["batch", "good.txt"], tmp_path)
    assert "All letters: 1 letter\n" in one.stdout and "1 letters" not in one.stdout


@pytest.mark.slow  # starts letterlint in a process
@pytest.mark.parametrize("columns", (60, 80))
def test_check_and_batch_commands_fit_columns(tmp_path: Path, columns: int) -> None:
    (tmp_path / "poor.txt").write_text(POOR_LETTER, encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD_LETTER, encoding="utf-8")
    for args in (["check", "-v", "poor.txt"], ["batch", ".", "--no-cache"]):
        res = run(args, tmp_path, {"COLUMNS": str(columns)})
        assert res.returncode == 1, res.stderr
        _fits(res.stdout, columns)


def test_quiet_has_the_same_shape_for_one_letter_as_for_several(tmp_path: Path) -> None:
    (tmp_path / "poor.txt").write_text(POOR_LETTER, encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD_LETTER, encoding="utf-8")
    one = run(["check", "-q", "poor.txt"], tmp_path).stdout.splitlines()
    two = run(["check", "-q", "poor.txt", "good.txt"], tmp_path).stdout.splitlines()
    assert len(one) == 2 and len(two) == 3, (one, two)
    assert one[0] == two[0] and one[0].startswith("poor.txt: ")
    assert one[1].startswith("1 letter checked: ") and two[2].startswith("2 letters checked: ")


def test_verbose_works_wherever_quiet_does(tmp_path: Path) -> None:
    """``-v`` before the command, after it, and for batch: each rule's why and fix, once."""
    box = tmp_path / "box"
    box.mkdir()
    (box / "poor.txt").write_text(POOR_LETTER, encoding="utf-8")
    for args in (["-v", "check", "box/poor.txt"], ["check", "box/poor.txt", "-v"],
                 ["-v", "batch", "box", "--no-cache"], ["batch", "box", "--no-cache", "--verbose"]):
        res = run(args, tmp_path)
        assert res.returncode == 1 and "No such option" not in res.stderr, (args, res.stderr)
        assert "Why: " in res.stdout and "Fix: " in res.stdout, args
    plain = run(["batch", "box", "--no-cache"], tmp_path)
    assert "Why: " not in plain.stdout
    assert run(["-v", "batch", "box", "--no-cache"], tmp_path).stdout.endswith(plain.stdout)


def test_shortened_text_is_cut_between_words_with_an_ellipsis(tmp_path: Path) -> None:
    from letterlint.model import shorten

    text = "you can write to the Deputy Chief Crown Prosecutor for the area"
    cut = shorten(text, 40)
    assert len(cut) <= 40 and cut.endswith("…") and text.startswith(cut[:-1])
    assert text[len(cut) - 1] == " ", cut  # the cut falls between words
    assert shorten("short", 40) == "short"
    (tmp_path / "poor.txt").write_text(POOR_LETTER, encoding="utf-8")
    out = run(["check", "poor.txt"], tmp_path).stdout
    assert "to: Mr Tom Hale (detected)" in out  # no "detected from" that repeats the value
    assert 'dated: 2026-11-03 (detected from "3 November 2026")' in out
    for m in re.finditer(r'"([^"\n]*)"', out):
        q = m.group(1)
        assert q.endswith("…") or q in POOR_LETTER or " " not in q, q


def test_html_and_terminal_quotes_are_cut_between_words(example_reports: list[Report]) -> None:
    r = next(r for r in example_reports if r.findings)
    long = "We are sorry that the trial had been moved without notice " * 5
    f = replace(r.findings[0], quote=long, suppressed=False)
    one = [replace(r, findings=[f])]
    page = formatters.render("html", one)
    shown = re.search(r"<span class='quote'>([^<]*)</span>", page)
    assert shown and shown.group(1).endswith("…") and long[len(shown.group(1)) - 1] == " ", shown
    text = formatters.render("terminal", one, width=200)
    assert '"We are sorry that the trial had been moved without notice We are…"' in text, text


def test_rating_names_read_the_same_in_every_output(example_reports: list[Report]) -> None:
    """scoring.yaml's band label, in the terminal, the batch table, the CSV and the HTML."""
    from letterlint.scoring.score import model

    poor = [r for r in example_reports if r.score is not None and r.score.rating == "below-standard"]
    assert poor, [r.score for r in example_reports]
    label = model().label("below-standard")
    assert label == "below the required standard"
    assert label in formatters.render("terminal", poor, width=120)
    batch = formatters.render("batch_terminal", poor, width=160, batch=True)
    assert label in batch and "below standard" not in batch
    row = next(csv.DictReader(io.StringIO(formatters.render("csv", poor))))
    assert row["rating"] == "below-standard" and row["rating_label"] == label
    page = formatters.render("html", poor)
    assert "Below the required standard" in page and label in page


def test_readme_puts_the_user_first_and_states_exit_codes_once() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    heads = [ln for ln in readme.splitlines() if ln.startswith("## ")]
    order = ["## Install and check a letter", "## Checking a letter", "## Checking an outbox",
             "## For people who never open a terminal: letterlint serve", "## Exit codes"]
    at = [heads.index(h) for h in order]
    assert at == sorted(at), heads
    assert heads.index("## For developers") > heads.index("## Exit codes")
    assert "### Word comments (--annotate)" in readme
    assert readme.count("## Exit codes") == 1  # one place says what they mean
    assert "Exit code 0" not in readme and "Exit codes: `0`" not in readme
    section = readme[readme.index("## Exit codes"):readme.index("## Scores and ratings")]
    assert "--fail-on" in section and "default `error`" in section and "could not be checked" in section
    privacy = readme[readme.index("## Privacy"):readme.index("## Security")]
    for words in ("`check`", "LETTERLINT_CACHE_DIR", "--cache-dir", "LETTERLINT_NO_RULE_CACHE",
                  "no letter text", "<your cache folder>/rules"):
        assert words in privacy, words


def test_explain_gives_a_real_example_not_a_placeholder(tmp_path: Path) -> None:
    from letterlint.rules.docs import rule_text
    from letterlint.rules.loader import ruleset_for

    out = run(["explain", "LL301"], tmp_path).stdout
    fix = " ".join(out[out.index("How to fix it"):].split())
    assert "for example: 'Concerns about the police investigation are a matter for Essex Police." in fix
    assert "wording letterlint suggests" not in fix
    for rule in ruleset_for().rules:  # no rule's "for example" is left with nothing real after it
        assert "for example: the wording" not in " ".join(rule_text(rule, 100).split()), rule.code


def test_check_help_lists_every_format_and_init_ends_with_a_newline(tmp_path: Path) -> None:
    from letterlint.reading import SUFFIXES

    helptext = " ".join(run(["check", "--help"], tmp_path).stdout.split())
    for suffix in SUFFIXES:
        if suffix != ".markdown":  # .md's other spelling
            assert re.search(re.escape(suffix) + r"\b", helptext), suffix
    assert run(["init"], tmp_path).returncode == 0
    text = (tmp_path / ".letterlint.yaml").read_text(encoding="utf-8")
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_how_to_give_the_complaint_is_said_in_the_words_of_where_it_is_read(tmp_path: Path) -> None:
    """The command line says --complaint; the web page (context flag "web") points to its form."""
    from letterlint.config.settings import load_config
    from letterlint.engine.check import check_path
    from letterlint.model import RUN_CONTEXT

    (tmp_path / "poor.txt").write_text(POOR_LETTER, encoding="utf-8")
    cli = run(["check", "poor.txt"], tmp_path).stdout
    said = " ".join(cli.split())  # said once: in the why-line, not again as a skipped check (new-user report)
    assert said.count("give the complainant's letter with --complaint") == 1, cli
    assert "give the complainant's letter with --complaint to check Q28" in said and "skipped LL351" not in said
    cfg = load_config(tmp_path)
    cfg.set(RUN_CONTEXT, "web", "test")
    r = check_path(tmp_path / "poor.txt", cfg)
    assert r.score is not None
    words = [*r.score.reasons, *(x.detail or "" for x in r.results), *(o.reason for o in r.score.items)]
    assert not any("--complaint" in w for w in words), words
    assert any("add the complainant's letter on the start page to check Q28" in w for w in words)
    assert any(w == "add the complainant's letter on the start page" for w in words)


@pytest.mark.slow  # starts letterlint in a process
def test_an_unreadable_file_is_said_once_when_both_streams_go_to_one_pipe(tmp_path: Path) -> None:
    """`letterlint check nosuch.docx 2>&1 | less`: the report already says the file was not
    checked, so standard error does not say it again; with the report in a file, the one line
    on standard error is all the terminal shows (a new user saw both in one pipe)."""
    both = subprocess.run([str(LETTERLINT), "check", "nosuch.docx"], cwd=tmp_path, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=300)
    assert both.returncode == 2
    assert both.stdout.count("file not found") == 1  # the letter's entry; the closing line does not repeat it
    assert both.stdout.rstrip().endswith("nosuch.docx: not checked")
    assert "letterlint: error:" not in both.stdout
    apart = subprocess.run([str(LETTERLINT), "check", "nosuch.docx"], cwd=tmp_path, capture_output=True,
                           text=True, timeout=300)
    assert apart.returncode == 2
    assert apart.stderr.strip() == "letterlint: error: nosuch.docx: file not found"
