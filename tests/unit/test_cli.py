"""The command line as a user runs it: real files, exit codes, standard output and error.

Most tests call the entry point in this process (``tests.workflow.clihelp.run``); those marked
``slow`` start real processes: a fresh interpreter for what ``--help`` imports, and the
installed command and ``python -m`` for exit statuses and the absence of tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, wrap_letter
from tests.workflow import clihelp

BAD = "I have reviewed the case. If you are unhappy, please contact us within 20 working days."
GOOD = ("I do not uphold your complaint. If you are not satisfied, you can write to the Deputy "
        "Chief Crown Prosecutor within one calendar month of the date of this letter, that is by "
        "3 December 2026.")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return clihelp.run(args, cwd or ROOT, {"NO_COLOR": "1"})


def run_module(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m letterlint.cli ARGS`` in a process of its own (slow)."""
    return subprocess.run([sys.executable, "-m", "letterlint.cli", *args], capture_output=True,
                          text=True, cwd=cwd or ROOT, env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
                          timeout=120)


def only(tmp_path: Path, *codes: str) -> Path:
    """A config that switches off every rule but these."""
    from letterlint.rules.loader import ruleset_for

    off = [r.code for r in ruleset_for().rules if r.code not in codes]
    cfg = tmp_path / ".letterlint.yaml"
    cfg.write_text("rules:\n  disable: [" + ", ".join(off) + "]\n", encoding="utf-8")
    return cfg


def letter(tmp_path: Path, body: str, name: str = "draft.txt") -> Path:
    p = tmp_path / name
    p.write_text(wrap_letter(body), encoding="utf-8")
    return p


@pytest.mark.slow
def test_help_is_instant_and_imports_no_heavy_library() -> None:
    code = ("import sys\nfrom letterlint.cli import app as cli\ntry:\n    cli.app(['--help'])\n"
            "except SystemExit:\n    pass\n"
            "heavy = [m for m in ('spacy', 'docx', 'hunspell', 'textstat', 'rapidfuzz') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in out.stdout, out.stdout + out.stderr
    assert "check" in out.stdout


@pytest.mark.slow
def test_help_through_main_skips_typers_markdown_support_yet_leaves_it_usable() -> None:
    code = ("import sys\nsys.argv = ['letterlint', '--help']\nfrom letterlint.cli import app as cli\n"
            "try:\n    cli.main()\n"
            "except SystemExit:\n    pass\n"
            "print('LOADED', [m for m in ('markdown_it', 'rich.markdown') if m in sys.modules])\n"
            "import rich.markdown\nprint('REAL', rich.markdown.Markdown('*x*').__class__.__module__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "Usage: letterlint" in out.stdout, out.stderr
    assert "LOADED []" in out.stdout, out.stdout + out.stderr
    assert "REAL rich.markdown" in out.stdout, out.stdout + out.stderr


def test_exit_codes_follow_the_failing_level(tmp_path: Path) -> None:
    cfg = only(tmp_path, "LL112", "LL101")
    bad = run("check", str(letter(tmp_path, BAD)), "--stage", "stage-one", "-c", str(cfg))
    assert bad.returncode == 1, bad.stderr
    assert "LL112" in bad.stdout and "within 20 working days" in bad.stdout
    good = run("check", str(letter(tmp_path, GOOD, "good.txt")), "--stage", "stage-one", "-c", str(cfg))
    assert good.returncode == 0, good.stdout + good.stderr
    assert "No findings" in good.stdout


def test_fail_on_info_makes_warnings_fail(tmp_path: Path) -> None:
    cfg = only(tmp_path, "LL230")
    body = GOOD + " I offer you a consolatory payment of £100."
    p = letter(tmp_path, body)
    assert run("check", str(p), "-c", str(cfg)).returncode == 0  # a warning, default fails on error
    assert run("check", str(p), "-c", str(cfg), "--fail-on", "warning").returncode == 1


def test_json_output_is_versioned_and_complete(tmp_path: Path) -> None:
    cfg = only(tmp_path, "LL112")
    out = run("check", str(letter(tmp_path, BAD)), "--stage", "stage-one", "-c", str(cfg), "-f", "json")
    data = json.loads(out.stdout)
    assert data["schema"] == "letterlint-report" and data["schema_version"]
    (finding,) = data["reports"][0]["findings"]
    assert finding["code"] == "LL112" and finding["item"] == "Q32"
    assert finding["quote"] == "within 20 working days"
    assert finding["location"]["line"] >= 1
    facts = {f["name"]: f for f in data["reports"][0]["facts"]}
    assert facts["letter_type"]["source"] == "command line"


def test_missing_file_is_one_line_exit_2_no_traceback(tmp_path: Path) -> None:
    out = run("check", str(tmp_path / "nope.docx"))
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    lines = [ln for ln in out.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "nope.docx" in lines[0]


def test_bad_usage_is_exit_2() -> None:
    assert run("check", "--format", "xml", "x.txt").returncode == 2
    assert run("explain", "LL000").returncode == 2


def test_output_file_is_written_and_input_is_protected(tmp_path: Path) -> None:
    cfg = only(tmp_path, "LL112")
    src = letter(tmp_path, BAD)
    before = src.read_bytes()
    out = tmp_path / "report.json"
    res = run("check", str(src), "--stage", "stage-one", "-c", str(cfg), "-f", "json", "-o", str(out))
    assert res.returncode == 1 and json.loads(out.read_text())["reports"]
    clash = run("check", str(src), "-c", str(cfg), "-o", str(src))
    assert clash.returncode == 2 and "refusing to overwrite an input" in clash.stderr
    assert src.read_bytes() == before
    assert not list(tmp_path.glob("*.tmp"))


def test_rules_explain_and_config_commands(tmp_path: Path) -> None:
    rules = run("rules")
    assert rules.returncode == 0 and "LL101" in rules.stdout and "outcome-not-stated" in rules.stdout
    explain = run("explain", "LL112")
    assert "Why it matters" in explain.stdout and "within 20 working days" in explain.stdout
    cfg = tmp_path / ".letterlint.yaml"
    cfg.write_text("fail_on: warning\nspelling:\n  accept: [Okafor]\n", encoding="utf-8")
    shown = run("config", cwd=tmp_path)
    assert shown.returncode == 0
    # one setting: its line and any continuation (indented) lines
    setting = " ".join(shown.stdout[shown.stdout.index("\nfail_on") + 1:].split("\n")[0:2])
    assert "'warning'" in setting and ".letterlint.yaml" in setting


def test_bad_config_is_file_field_problem_exit_2(tmp_path: Path) -> None:
    cfg = tmp_path / ".letterlint.yaml"
    cfg.write_text("rules:\n  disabled: [LL101]\n", encoding="utf-8")
    out = run("config", cwd=tmp_path)
    assert out.returncode == 2
    assert f"{cfg}: rules.disabled: unknown setting" in out.stderr


@pytest.mark.parametrize(("setting", "line"), [
    ("  disable: [long-paragrph]", "rules.disable: no rule 'long-paragrph' (did you mean 'long-paragraph'?)"),
    ("  disable: [LL101, LL9999]", "rules.disable: no rule 'LL9999'"),
    ("  severity: {long-sentance: error}", "rules.severity: no rule 'long-sentance' (did you mean 'long-sentence'?)"),
])
def test_an_unknown_rule_in_the_config_is_one_line_exit_2(tmp_path: Path, setting: str, line: str) -> None:
    """breaker11 item 8: a typo in rules.disable or rules.severity switched nothing off, silently."""
    cfg = tmp_path / ".letterlint.yaml"
    cfg.write_text("rules:\n" + setting + "\n", encoding="utf-8")
    draft = letter(tmp_path, GOOD)
    for args in (("check", str(draft)), ("batch", str(tmp_path), "--no-cache"), ("fix", str(draft), "--diff")):
        out = run(*args, cwd=tmp_path)
        assert out.returncode == 2, (args, out.stderr)
        assert out.stderr == f"letterlint: error: {cfg}: {line}\n", args


def test_an_unknown_rule_given_to_disable_is_one_line_exit_2(tmp_path: Path) -> None:
    draft = letter(tmp_path, GOOD)
    for command in ("check", "fix"):
        out = run(command, str(draft), "--disable", "LL101", "--disable", "long-paragrph", cwd=tmp_path)
        assert out.returncode == 2
        assert out.stderr == "letterlint: error: --disable: no rule 'long-paragrph' (did you mean 'long-paragraph'?)\n"
    out = run("check", str(draft), "-q", "--disable", "ll101", "--disable", "Long-Paragraph", cwd=tmp_path)
    assert out.returncode in (0, 1) and "error" not in out.stderr  # codes and names in any case


def test_a_rule_named_in_rules_severity_takes_the_severity(tmp_path: Path) -> None:
    """The settings loader writes a key's '-' as '_': 'long-sentence' must still name LL701."""
    from letterlint.config.settings import Config
    from letterlint.engine.check import effective_rules
    from letterlint.rules.loader import ruleset_for

    cfg = tmp_path / ".letterlint.yaml"
    cfg.write_text("rules:\n  severity: {long-sentence: error}\n  disable: [long_paragraph]\n", encoding="utf-8")
    draft = letter(tmp_path, GOOD)
    assert run("check", str(draft), "-q", cwd=tmp_path).stderr == ""
    config = Config()
    config.set("rules.severity", {"long_sentence": "error"}, "test")
    config.set("rules.disable", ["long_paragraph"], "test")
    rules = {r.name: r for r in effective_rules(ruleset_for(), config)}
    assert rules["long-sentence"].severity.value == "error" and "long-paragraph" not in rules


def test_version() -> None:
    out = run("--version")
    assert out.returncode == 0 and out.stdout.startswith("letterlint ")


def test_quiet_and_no_color_work_after_the_command_as_well(tmp_path: Path) -> None:
    cfg = only(tmp_path, "LL112", "LL101")
    draft = letter(tmp_path, BAD)
    for args in (("-q", "--no-color", "check", str(draft)), ("check", str(draft), "-q", "--no-color")):
        res = run(*args, "--stage", "stage-one", "-c", str(cfg))
        assert res.returncode == 1, res.stderr
        lines = res.stdout.strip().splitlines()  # one line for the letter, then the total
        assert len(lines) == 2 and "draft.txt: " in lines[0], res.stdout
        assert lines[1].startswith("1 letter checked: ") and "\x1b[" not in res.stdout
    folder = tmp_path / "outbox"
    folder.mkdir()
    (folder / "a.txt").write_text(wrap_letter(BAD), encoding="utf-8")
    res = run("batch", str(folder), "-q", "--no-cache", "-c", str(cfg), "--stage", "stage-one")
    assert res.returncode == 1 and len(res.stdout.strip().splitlines()) == 2, res.stdout


@pytest.mark.slow
def test_real_processes_give_the_exit_status_and_no_traceback(tmp_path: Path) -> None:
    """The installed ``letterlint`` and ``python -m letterlint.cli``, as a shell runs them: 1 for
    findings that fail, 0 for none, 2 and one line (no traceback) for a file that is missing."""
    cfg = only(tmp_path, "LL112", "LL101")
    bad = clihelp.run_process(["check", str(letter(tmp_path, BAD)), "--stage", "stage-one", "-c", str(cfg)],
                              tmp_path)
    assert bad.returncode == 1 and "LL112" in bad.stdout, bad.stderr
    good = run_module("check", str(letter(tmp_path, GOOD, "good.txt")), "--stage", "stage-one", "-c", str(cfg))
    assert good.returncode == 0 and "No findings" in good.stdout, good.stdout + good.stderr
    for missing in (clihelp.run_process(["check", "nope.docx"], tmp_path), run_module("check", "nope.docx",
                                                                                     cwd=tmp_path)):
        assert missing.returncode == 2 and "Traceback" not in missing.stderr
        lines = [ln for ln in missing.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and "nope.docx" in lines[0], missing.stderr


def test_jobs_is_at_least_one_and_at_most_the_core_count() -> None:
    """--jobs 100 on a small machine started 104 processes and 13 GB (a tester's find): more
    workers than cores only cost memory, so the value is capped; 0 and below are refused."""
    import os

    import typer

    from letterlint.cli.app import _workers

    assert _workers(None) is None
    assert _workers(1) == 1
    assert _workers(10_000) == (os.cpu_count() or 1)
    for bad in (0, -1):
        with pytest.raises(typer.BadParameter):
            _workers(bad)


def test_a_letter_date_far_outside_letters_years_is_not_a_date() -> None:
    """9999-12-31 overflowed the deadline one calendar month later (a crash)."""
    from letterlint.letter.dates import find_dates, parse_any

    assert parse_any("9999-12-31") is None and parse_any("0001-01-01") is None
    assert str(parse_any("2026-11-03")) == "2026-11-03"
    assert find_dates("Dated 31 December 9999 and 3 November 2026")[0][1].year == 2026


@pytest.mark.parametrize("value", ["1850-01-01", "9999-12-31"])
def test_a_configured_letter_date_outside_letters_years_is_refused_at_load(tmp_path: Path, value: str) -> None:
    """``letter: {date: 1850-01-01}`` in a configuration file was dropped without a word (the
    letter facts ignore such a year; breaker11): it is refused when the file is loaded, naming
    the setting, as --letter-date is."""
    from letterlint.config.settings import load_config
    from letterlint.errors import ConfigError

    cfg = tmp_path / "bad.yaml"
    cfg.write_text(f"letter:\n  date: {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"bad.yaml: letter.date: .*{value}: the year must be from 1900 to 2199"):
        load_config(explicit=cfg)


@pytest.mark.parametrize(("value", "says"), [("2026-02-31", "there is no such day"),
                                              ("31/02/2026", "use YYYY-MM-DD"),
                                              ("1850-01-01", "the year must be from 1900")])
def test_a_letter_date_given_on_the_command_line_that_is_no_date_says_why(value: str, says: str) -> None:
    """'--letter-date 2026-02-31' was told to 'use YYYY-MM-DD', which it does (breaker12)."""
    from letterlint.cli.app import _overrides
    from letterlint.errors import LetterlintError

    with pytest.raises(LetterlintError, match=says):
        _overrides(None, None, value)
    assert _overrides(None, None, "2026-02-28")["letter_date"] == "2026-02-28"


def test_config_says_when_the_trained_pipeline_setting_has_nothing_to_use(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``nlp.trained`` is on by default; with no trained pipeline installed (or one turned off by
    ``LETTERLINT_NO_TRAINED=1``) ``letterlint config`` says the embedded pipeline is used, instead
    of a bare ``True`` that a newcomer read as 'the trained pipeline runs'."""
    from letterlint.letter.nlp import pipeline

    # the suite may turn the setting off by default: turn it on here, as a user's default has it
    (tmp_path / ".letterlint.yaml").write_text("nlp:\n  trained: true\n", encoding="utf-8")
    monkeypatch.delenv("LETTERLINT_NO_TRAINED", raising=False)

    def line() -> str:
        out = run("config", cwd=tmp_path).stdout
        first, *rest = out[out.index("nlp.trained"):].split("\n")
        more = [x for x in rest[:next((i for i, x in enumerate(rest) if not x.startswith(" ")), len(rest))]]
        return " ".join(" ".join([first, *more]).split())  # the setting and its continued lines

    monkeypatch.setattr(pipeline, "_trained_installed", lambda: False)
    assert "no trained pipeline is installed, so the embedded one is used" in line()
    monkeypatch.setattr(pipeline, "_trained_installed", lambda: True)
    assert "embedded" not in line()
    monkeypatch.setenv("LETTERLINT_NO_TRAINED", "1")
    assert "LETTERLINT_NO_TRAINED=1 turns it off" in line()
