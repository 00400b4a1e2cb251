"""Shared test helpers: a minimal realistic letter around a body, and a one-rule check.

Tests that start a process (a subprocess, a process pool, a browser, LibreOffice) are marked
``slow``; ``pytest -m "not slow"`` is the quick set a newcomer runs (``python3 dev.py
test-fast``). A test outside the slow set that starts a process fails, naming the command, so
the quick set stays quick."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The batch cache and its per-user secret live in the user's cache folder: tests (and the
# letterlint processes they start, which inherit this) use a private one of their own. It
# starts as a copy of the kept rule set and data that ``python3 dev.py setup`` built
# (``PREBUILT_CACHE``: about 2.5 s of CPU a session, building them again); an entry whose rules
# or code have changed since is not used (its key no longer matches) and is built as before.
# Under pytest-xdist each worker process is a session of its own with a folder of its own: the
# workers inherit the controller's environment, so the folder is keyed on the worker's name
# (``PYTEST_XDIST_WORKER``, empty outside xdist) and a worker never shares the controller's.
PREBUILT_CACHE = ROOT / ".venv" / "letterlint-test-cache"
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_cache_home = ""
if "LETTERLINT_TEST_CACHE_HOME" not in os.environ or os.environ.get("LETTERLINT_TEST_CACHE_WORKER", "") != WORKER:
    import atexit
    import shutil
    import tempfile

    os.environ["LETTERLINT_TEST_CACHE_HOME"] = os.environ["XDG_CACHE_HOME"] = _cache_home = tempfile.mkdtemp(
        prefix=f"letterlint-test-cache-{WORKER + '-' if WORKER else ''}")
    os.environ["LETTERLINT_TEST_CACHE_WORKER"] = WORKER

    def _remove_cache_home(pid: int = os.getpid()) -> None:
        if os.getpid() == pid:  # this session's folder, removed by this process (not a forked child)
            shutil.rmtree(_cache_home, ignore_errors=True)

    atexit.register(_remove_cache_home)  # a worker also removes it at pytest_unconfigure
    if (PREBUILT_CACHE / "letterlint" / "secret.key").is_file():
        import contextlib

        # the kept rule sets and data only, never batch reports; after a partial copy, entries are
        # checked (HMAC) and rebuilt when wrong
        with contextlib.suppress(OSError):
            shutil.copytree(PREBUILT_CACHE / "letterlint", Path(_cache_home) / "letterlint",
                            ignore=shutil.ignore_patterns("reports"))

# The quick set checks the same letters many times over (the examples, the golden and corpus
# letters, GOOD_LETTER and POOR_LETTER through each output and command): spaCy's analysis of a
# text is pure, so this process keeps every one rather than the product's last few.
from letterlint.letter.nlp import pipeline as _pipeline  # noqa: E402 (after the cache folder is set)

_pipeline.MEMO_SIZE = 1_000_000

LETTER_TEMPLATE = """Mrs Alex Example
12 Sample Road
Exampletown
EX1 2AB

3 November 2026

Our reference: CPS-TEST-0001

Dear Mrs Example

Your complaint about the case against Mr Jones

{body}

Yours sincerely

Sam Writer
District Crown Prosecutor
CPS Wessex Victim Liaison Unit
Telephone: 0300 123 4567
Email: wessex.vlu@cps.gov.uk
"""


def read_yaml(path: Path) -> Any:
    """The YAML file at ``path`` parsed as ``yaml.safe_load`` parses it, with libyaml's loader
    where PyYAML has it (seven times faster on the labels and fixture files; the two agree on
    every one of them)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


def wrap_letter(body: str) -> str:
    """A whole letter: the text as is if it already is one, else wrapped in the template."""
    head = body.lstrip()[:400]
    if head.startswith("Dear ") or "\nDear " in head or head.startswith("---"):
        return body
    return LETTER_TEMPLATE.format(body=body.strip())


def regenerate(path: Path, make: Callable[[str], str]) -> tuple[str, str]:
    """A generated file (or a generated part of one, such as a table in README.md): ``make``
    turns the file's text into what it should be. With ``LETTERLINT_WRITE_DOCS`` set the file is
    rewritten (atomically: a reader never sees half a file). Returns (the file's text now, the
    text it should have); the caller asserts they are equal. Two tests may write parts of one
    file (README.md) from two xdist workers at once: the read, the making and the write are done
    under a lock (a file in the temporary folder named after the file's path), so that neither
    loses the other's part."""
    import hashlib
    import tempfile

    from filelock import FileLock

    key = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]  # one lock file a generated file
    with FileLock(Path(tempfile.gettempdir()) / f"letterlint-generated-{key}.lock"):
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        want = make(text)
        if os.environ.get("LETTERLINT_WRITE_DOCS") and want != text:
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_text(want, encoding="utf-8")
            os.replace(tmp, path)
            text = want
    return text, want


def _wholly_slow(path: Path) -> bool:
    """Whether the test module at ``path`` marks every test in it slow (a module-level
    ``pytestmark`` whose first mark is ``pytest.mark.slow``)."""
    try:
        source = path.read_text(encoding="utf-8")
    except OSError:
        return False
    return any(line.startswith(("pytestmark = pytest.mark.slow", "pytestmark = [pytest.mark.slow"))
               or (line.startswith("pytestmark = [") and next_line.strip().startswith("pytest.mark.slow"))
               for line, next_line in zip(source.splitlines(), [*source.splitlines()[1:], ""], strict=True))


def quick_set(config: pytest.Config) -> bool:
    """Whether this run is the quick set (``-m "not slow"``, as ``python3 dev.py test-fast`` runs it)."""
    return str(config.getoption("markexpr", "")).strip() == "not slow"


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """With ``-m "not slow"`` (the quick set), a module whose every test is slow is not even
    imported: its tests would all be deselected, but importing it costs (hypothesis alone takes
    a second). Any other selection collects everything as usual."""
    if (collection_path.suffix == ".py" and collection_path.name.startswith("test_")
            and quick_set(config) and _wholly_slow(collection_path)):
        return True
    return None


def pytest_configure(config: pytest.Config) -> None:
    """In the quick set, a letter checked with the default settings goes through the built-in
    pipeline (``nlp.trained`` defaults to false), as on a machine without the optional trained
    spaCy pipeline: checking every letter with the trained one took about a fifth of the quick
    set's CPU. A test that sets ``nlp.trained`` itself gets what it asks for, and a test marked
    ``trained`` keeps the product's default (the trained pipeline where one is installed;
    ``_each_test``). The whole suite (``.ci/run``, no ``-m``) and any other selection
    check with the product's default throughout."""
    if quick_set(config):
        from letterlint.config import settings

        settings.DEFAULTS["nlp.trained"] = False


def pytest_unconfigure(config: pytest.Config) -> None:
    """An xdist worker removes its private cache folder itself: it may end without running
    ``atexit`` handlers."""
    if WORKER and _cache_home:
        import shutil

        shutil.rmtree(_cache_home, ignore_errors=True)


# ------------------------------------------------------------------ parallel runs (pytest-xdist)
#
# ``python3 dev.py test`` runs the whole suite with ``-n auto --dist loadgroup``: one worker
# process a core. Each worker is a session of its own (its own cache folder, its own session and
# module fixtures). So that a module's fixtures (a corpus evaluated, a browser started, letters
# converted by LibreOffice) are built once, not once on each worker, the tests of a module go to
# one worker, except in the modules in SPREAD, whose tests are long and stand alone: those are
# shared out one by one, but for the tests that TOGETHER keeps together. Units of work are handed
# out longest first (LONGEST), so that no long one is left for the end while the other worker is
# idle. Correctness never depends on the grouping: with plain ``-n 2`` (``--dist load``) the suite
# passes too, only building some fixtures twice.
#
# The groups are made here, by the scheduler (``pytest_xdist_make_scheduler``), from each test's
# id: pytest-xdist 3.8's own ``xdist_group`` marks do nothing with pytest 9.2 (its worker renames
# the test ids to carry the group, and pytest 9.2's ids can no longer be renamed; pytest-xdist
# issue 1386), so this suite does not use them.

# test modules (paths from the repository root) whose tests are shared out one at a time
SPREAD = frozenset({
    "tests/robustness/test_bad_inputs.py",
    "tests/robustness/test_hostile.py",
    "tests/robustness/test_harper_offline.py",
    "tests/workflow/test_newcomer.py",
    "tests/web/test_cli_serve.py",
    "tests/test_fix_corpus.py",
})
# tests of a SPREAD module that must share a worker: (regular expression on the test id, group)
TOGETHER = (
    # the heavy bad-input cases and the tables made from every case (tests/robustness/
    # test_bad_inputs.py, HEAVY): each case is run in the worker's own process once
    (r"^tests/robustness/test_bad_inputs\.py::(test_\w+\[(regex-slow|zip-bomb|zip-bomb-odt)\]"
     r"|test_(docs|readme)_table_is_current)$", "bad-input-tables"),
    # a set's safe and suggested round trips check the very same copies (``_checked_once``)
    (r"^tests/test_fix_corpus\.py::test_fixing_the_corpus_\w+\[\w+-(\w+)\]$", r"fix-corpus-\1"),
)
# units that take longest (test id prefixes), longest first: measured with --durations on two
# workers; the rest follow in the order they are collected
LONGEST = (
    "tests/test_corpus_eval.py",
    "tests/workflow/test_newcomer.py::test_the_wheel_installs_and_runs_in_a_fresh_environment",
    "tests/test_fix_corpus.py::test_fixing_the_corpus_removes_what_it_fixed_and_adds_nothing[suggested-blind]",
    "tests/test_fix_corpus.py::test_fixing_the_corpus_removes_what_it_fixed_and_adds_nothing[suggested-dev]",
    "tests/robustness/test_hostile.py::test_cache_attack_script",
    "tests/robustness/test_hostile.py::test_a_file_name_that_is_not_utf8",
    "tests/workflow/test_newcomer.py::test_outputs_follow_the_umask_and_the_cache_is_private",
    "tests/web/test_breaker.py",
    "tests/e2e/test_libreoffice_formats.py",
    "tests/test_harper.py",
    "tests/robustness/test_bad_inputs.py::test_docs_table_is_current",
    "tests/workflow/test_newcomer.py::test_help_shows_every_option_name_whole",
    "tests/workflow/test_newcomer.py::test_messages_fit_80_columns",
    "tests/e2e/test_html_chromium.py",
    "tests/workflow/test_pre_commit.py",
    "tests/unit/test_batch.py",
    "tests/robustness/test_hostile.py::test_overwrite_inputs_script",
    "tests/robustness/test_hostile.py::test_the_safety_check_is_linear",
    "tests/unit/test_cold_start.py",
    "tests/web/test_app.py",
    "tests/web/test_cli_serve.py",
    "tests/robustness/test_bad_inputs.py::test_many_bad_files",
    "tests/robustness/test_properties.py",
    "tests/robustness/test_harper_offline.py",
    "tests/robustness/test_no_network.py",
    "tests/robustness/test_bad_inputs.py::test_each_case_gives_the_same_line_from_a_real_process",
)
_TOGETHER = tuple((re.compile(pattern), group) for pattern, group in TOGETHER)


def work_unit(nodeid: str) -> str:
    """The unit of work a test belongs to in a parallel run: its module, or in a SPREAD module
    the test itself (or its TOGETHER group)."""
    for pattern, group in _TOGETHER:
        m = pattern.match(nodeid)
        if m:
            return m.expand(group)
    module = nodeid.split("::", 1)[0]
    return nodeid if module in SPREAD else module


def _rank(nodeid: str) -> int:
    return next((i for i, prefix in enumerate(LONGEST) if nodeid.startswith(prefix)), len(LONGEST))


def _parallel(config: pytest.Config) -> bool:
    """Whether this session is an xdist worker of a ``--dist loadgroup`` run."""
    return bool(WORKER) and bool(getattr(config.option, "loadgroup", False))  # xdist sets it in its workers


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In a parallel run, put the longest units first (each worker collects, and the scheduler
    hands out units in the order of the first test of each)."""
    if not _parallel(config):
        return
    unit_rank: dict[str, int] = {}
    for item in items:
        unit = work_unit(item.nodeid)
        unit_rank[unit] = min(unit_rank.get(unit, len(LONGEST)), _rank(item.nodeid))
    first = {id(item): n for n, item in enumerate(items)}
    items.sort(key=lambda item: (unit_rank[work_unit(item.nodeid)], first[id(item)]))


@pytest.hookimpl(tryfirst=True, optionalhook=True)  # before xdist's own; absent with -p no:xdist
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With ``--dist loadgroup``: xdist's scope scheduler with this suite's units (``work_unit``),
    handed out in the order collected (longest first). Any other ``--dist``: xdist's own."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Units(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    config.option.loadscopereorder = False  # keep the order collected, longest first
    return Units(config, log)


@pytest.fixture(autouse=True, scope="session")
def _quiet_env() -> None:
    os.environ.setdefault("NO_COLOR", "1")


@pytest.fixture(autouse=True)
def _each_test(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """What every test starts with (one fixture, as each autouse fixture costs every one of the
    2,000-odd tests its set-up): LanguageTool failures from earlier tests forgotten (each test
    is a run of its own); for a test marked ``trained``, the product's default pipeline (see
    ``pytest_configure``); and the guard ``_a_test_that_starts_a_process_is_slow``."""
    import sys

    lt = sys.modules.get("letterlint.letter.nlp.languagetool")
    if lt is not None:
        lt.reset_failures()
    if request.node.get_closest_marker("trained"):
        from letterlint.config import settings

        monkeypatch.setitem(settings.DEFAULTS, "nlp.trained", True)
    yield from _a_test_that_starts_a_process_is_slow(request, monkeypatch)


def _a_test_that_starts_a_process_is_slow(request: pytest.FixtureRequest,
                                          monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail a test that is not marked ``slow`` but starts a process (a subprocess or a process
    pool's worker): it belongs in the slow set, or should call letterlint in this process
    (``tests.workflow.clihelp.run``, ``letterlint.check_text``)."""
    if request.node.get_closest_marker("slow"):
        yield
        return
    import multiprocessing.process

    started: list[str] = []
    popen_init = subprocess.Popen.__init__
    process_start = multiprocessing.process.BaseProcess.start

    def popen(self: Any, args: Any, *rest: Any, **kwargs: Any) -> None:
        started.append(args if isinstance(args, (str, bytes)) else " ".join(map(str, args)))
        popen_init(self, args, *rest, **kwargs)

    def start(self: Any) -> None:
        started.append(f"process pool worker {self.name}")
        process_start(self)

    monkeypatch.setattr(subprocess.Popen, "__init__", popen)
    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", start)
    yield
    if started:
        pytest.fail(f"this test started {len(started)} process(es), first {str(started[0])[:160]!r}: "
                    "mark it @pytest.mark.slow, or call letterlint in this process", pytrace=False)

