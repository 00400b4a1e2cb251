"""Bad letters, settings and rules, end to end through the CLI: one line naming the file and the
cause, exit code 2, no traceback, inputs untouched. Also generates docs/robustness.md.

The cases run through the command's entry point in the test process (fast); the slow test runs
every case again as a real ``letterlint`` process and expects the same exit code and message."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import regenerate
from tests.robustness.cases import (
    ALL_CASES,
    INPUT_CASES,
    README_END,
    README_START,
    Outcome,
    markdown_table,
    problems,
    readme_table,
    run_case,
)
from tests.workflow.clihelp import GOOD_LETTER, ROOT, run, run_process

DOC = ROOT / "docs" / "robustness.md"


# Cases that burn seconds of CPU by design (a pattern run until its time limit, zip bombs read
# until the limit): in the slow set, with the tests of the generated tables, which need them all.
HEAVY = frozenset({"regex-slow", "zip-bomb", "zip-bomb-odt"})
CASES = {c.key: c for c in ALL_CASES}
# In a parallel run the heavy cases and the tables made from every case share one worker
# (tests/conftest.py, TOGETHER), so that the heavy cases are run in this process only once.

# Each case's outcome through the entry point in this process, run when a test first asks for it
# (each test session, so each xdist worker, runs a case at most once).
_HERE: dict[str, Outcome] = {}


@pytest.fixture(scope="session")
def here_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bad")


def outcome_here(key: str, folder: Path) -> Outcome:
    """The outcome of case ``key`` run in this process (kept for the session)."""
    if key not in _HERE:
        _HERE[key] = run_case(CASES[key], folder)
    return _HERE[key]


@pytest.fixture(scope="module")
def all_outcomes(here_folder: Path) -> dict[str, Outcome]:
    return {c.key: outcome_here(c.key, here_folder) for c in ALL_CASES}


@pytest.mark.parametrize("key", [pytest.param(c.key, marks=[pytest.mark.slow] if c.key in HEAVY else [])
                                 for c in ALL_CASES])
def test_bad_input_gives_one_clear_line(here_folder: Path, key: str) -> None:
    o = outcome_here(key, here_folder)
    assert problems(o) == [], f"{o.case.what}: {'; '.join(problems(o))}"
    assert o.seconds < o.case.timeout


@pytest.mark.slow
@pytest.mark.parametrize("key", [c.key for c in ALL_CASES])
def test_each_case_gives_the_same_line_from_a_real_process(here_folder: Path, key: str, tmp_path: Path) -> None:
    """What a user's shell sees: the installed entry point, a fresh interpreter (no warning or
    import-time message adds a line), the exit status the shell gets; and the same exit code
    and message as the case run in this process. One test a case, so that parallel workers
    share them out."""
    real = run_case(CASES[key], tmp_path, run_process)
    assert problems(real) == [], f"{key}: {'; '.join(problems(real))}"
    here = outcome_here(key, here_folder)
    assert (real.code, real.message) == (here.code, here.message)


@pytest.mark.slow  # every case, the heavy ones too
def test_docs_table_is_current(all_outcomes: dict[str, Outcome]) -> None:
    now, want = regenerate(DOC, lambda _: markdown_table(all_outcomes))
    assert DOC.is_file(), "docs/robustness.md is missing: run with LETTERLINT_WRITE_DOCS=1"
    assert now == want, (
        "docs/robustness.md is stale: run LETTERLINT_WRITE_DOCS=1 .venv/bin/pytest "
        "tests/robustness/test_bad_inputs.py")


@pytest.mark.slow  # every case, the heavy ones too
def test_readme_table_is_current(all_outcomes: dict[str, Outcome]) -> None:
    def table(text: str) -> str:
        assert README_START in text and README_END in text, "README.md lost its bad-input table markers"
        head, rest = text.split(README_START, 1)
        _, tail = rest.split(README_END, 1)
        return head + readme_table(all_outcomes) + tail

    now, want = regenerate(ROOT / "README.md", table)
    assert now == want, (
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


def test_parallel_runs_keep_the_heavy_cases_with_the_tables() -> None:
    """tests/conftest.py names the heavy cases in a pattern: it must name exactly HEAVY."""
    from tests.conftest import work_unit

    here = "tests/robustness/test_bad_inputs.py::"
    for c in ALL_CASES:
        for test in ("test_bad_input_gives_one_clear_line", "test_each_case_gives_the_same_line_from_a_real_process"):
            nodeid = f"{here}{test}[{c.key}]"
            assert (work_unit(nodeid) == "bad-input-tables") == (c.key in HEAVY), nodeid
    assert work_unit(f"{here}test_docs_table_is_current") == work_unit(f"{here}test_readme_table_is_current") \
        == "bad-input-tables"
