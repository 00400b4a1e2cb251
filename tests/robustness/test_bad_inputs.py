"""Bad letters, settings and rules, end to end through the CLI: one line naming the file and the
cause, exit code 2, no traceback, inputs untouched. Also generates docs/robustness.md.

The cases run through the command's entry point in the test process (fast); the slow test runs
every case again as a real ``letterlint`` process and expects the same exit code and message."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.robustness.cases import (
    ALL_CASES,
    INPUT_CASES,
    README_END,
    README_START,
    Outcome,
    markdown_table,
    problems,
    readme_table,
    run_cases,
)
from tests.workflow.clihelp import GOOD_LETTER, ROOT, run, run_process

DOC = ROOT / "docs" / "robustness.md"


# Cases that burn seconds of CPU by design (a pattern run until its time limit, zip bombs read
# until the limit): in the slow set, with the tests of the generated tables, which need them all.
HEAVY = frozenset({"regex-slow", "zip-bomb", "zip-bomb-odt"})


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    quick = tuple(c for c in ALL_CASES if c.key not in HEAVY)
    return run_cases(quick, tmp_path_factory.mktemp("bad"))


@pytest.fixture(scope="module")
def all_outcomes(outcomes: dict[str, Outcome], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    heavy = tuple(c for c in ALL_CASES if c.key in HEAVY)
    return {**outcomes, **run_cases(heavy, tmp_path_factory.mktemp("heavy"))}


@pytest.mark.parametrize("key", [pytest.param(c.key, marks=[pytest.mark.slow] if c.key in HEAVY else [])
                                 for c in ALL_CASES])
def test_bad_input_gives_one_clear_line(request: pytest.FixtureRequest, key: str) -> None:
    o = request.getfixturevalue("all_outcomes" if key in HEAVY else "outcomes")[key]
    assert problems(o) == [], f"{o.case.what}: {'; '.join(problems(o))}"
    assert o.seconds < o.case.timeout


@pytest.mark.slow
def test_each_case_gives_the_same_line_from_a_real_process(all_outcomes: dict[str, Outcome],
                                                           tmp_path: Path) -> None:
    """What a user's shell sees: the installed entry point, a fresh interpreter (no warning or
    import-time message adds a line), the exit status the shell gets."""
    real = run_cases(ALL_CASES, tmp_path, run_process)
    wrong = [f"{k}: {'; '.join(problems(o))}" for k, o in real.items() if problems(o)]
    assert not wrong, "\n".join(wrong)
    here = all_outcomes
    differ = [k for k, o in real.items() if (o.code, o.message) != (here[k].code, here[k].message)]
    assert not differ, [(k, real[k].message, here[k].message) for k in differ]


@pytest.mark.slow  # every case, the heavy ones too
def test_docs_table_is_current(all_outcomes: dict[str, Outcome]) -> None:
    text = markdown_table(all_outcomes)
    if os.environ.get("LETTERLINT_WRITE_DOCS"):
        DOC.write_text(text, encoding="utf-8")
    assert DOC.is_file(), "docs/robustness.md is missing: run with LETTERLINT_WRITE_DOCS=1"
    assert DOC.read_text(encoding="utf-8") == text, (
        "docs/robustness.md is stale: run LETTERLINT_WRITE_DOCS=1 .venv/bin/pytest "
        "tests/robustness/test_bad_inputs.py")


@pytest.mark.slow  # every case, the heavy ones too
def test_readme_table_is_current(all_outcomes: dict[str, Outcome]) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    assert README_START in text and README_END in text, "README.md lost its bad-input table markers"
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    want = head + readme_table(all_outcomes) + tail
    if os.environ.get("LETTERLINT_WRITE_DOCS"):
        readme.write_text(want, encoding="utf-8")
    assert readme.read_text(encoding="utf-8") == want, (
        "README.md's bad-input table is stale: run LETTERLINT_WRITE_DOCS=1 .venv/bin/pytest "
        "tests/robustness/test_bad_inputs.py")


@pytest.mark.slow  # LibreOffice converts the .doc
def test_many_bad_files_in_one_run_give_one_line_each_and_good_ones_are_still_checked(
        tmp_path: Path) -> None:
    names, shown = [], []  # the file names, and as the messages show them (one line each)
    for case in INPUT_CASES:
        if case.key in {"too-big", "fifo"}:  # need their own settings / can block a careless reader
            continue
        case.make(tmp_path)
        names.append(case.args[-1])
        shown.append(case.names or case.args[-1])
    (tmp_path / "good.txt").write_text(GOOD_LETTER, encoding="utf-8")
    res = run(["check", *names, "good.txt"], tmp_path, timeout=120)
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == len(names), res.stderr
    for name, line in zip(shown, lines, strict=True):
        assert line.startswith(f"letterlint: error: {name}: "), line
    assert "Traceback" not in res.stderr
    assert "good.txt" in res.stdout and "cannot check" in res.stdout


def test_debug_shows_the_traceback_for_a_settings_error(tmp_path: Path) -> None:
    (tmp_path / ".letterlint.yaml").write_text("colour: blue\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD_LETTER, encoding="utf-8")
    quiet = run(["check", "good.txt"], tmp_path)
    loud = run(["--debug", "check", "good.txt"], tmp_path)
    assert quiet.returncode == 2 and "Traceback" not in quiet.stderr
    assert loud.returncode != 0 and "Traceback" in loud.stderr and "colour: unknown setting" in loud.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file with no permissions")
def test_unreadable_file_is_one_line(tmp_path: Path) -> None:
    p = tmp_path / "locked.txt"
    p.write_text(GOOD_LETTER, encoding="utf-8")
    p.chmod(0)
    try:
        res = run(["check", "locked.txt"], tmp_path)
    finally:
        p.chmod(0o600)
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [res.stderr.strip()]
    assert "locked.txt" in res.stderr and "Traceback" not in res.stderr
