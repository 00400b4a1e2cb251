"""Shared test helpers: a minimal realistic letter around a body, and a one-rule check.

Tests that start a process (a subprocess, a process pool, a browser, LibreOffice) are marked
``slow``; ``pytest -m "not slow"`` is the quick set a newcomer runs (``python3 dev.py
test-fast``). A test outside the slow set that starts a process fails, naming the command, so
the quick set stays quick."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
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
# ``python3 dev.py test`` runs the whole suite with ``-n auto --dist loadgroup
# --no-loadscope-reorder``: one worker process a core. Each worker is a session of its own (its
# own cache folder, its own session and module fixtures). So that a module's fixtures (a corpus
# evaluated, a browser started, letters converted by LibreOffice) are built once, not once on
# each worker, the tests of a module go to one worker (an ``xdist_group`` named after it), except
# in the modules in SPREAD, whose tests are long and stand alone: those are shared out one by one.
# Modules are handed out longest first (LONGEST), so that no long one is left for the end while
# the other worker is idle. Correctness never depends on the grouping: with plain ``-n 2``
# (``--dist load``) the suite passes too, only building some fixtures twice.

# test modules (paths from the repository root) whose tests are shared out one at a time
SPREAD = frozenset({
    "tests/robustness/test_bad_inputs.py",
})
# modules that take longest (seconds of CPU, measured one at a time on the CI machine), longest first
LONGEST = (
    "tests/robustness/test_bad_inputs.py",
    "tests/test_corpus_eval.py",
    "tests/workflow/test_newcomer.py",
    "tests/e2e/test_libreoffice_formats.py",
    "tests/web/test_browser.py",
    "tests/robustness/test_hostile.py",
)


def _parallel(config: pytest.Config) -> bool:
    """Whether this session is an xdist worker with test groups (``--dist loadgroup``)."""
    return bool(WORKER) and config.getoption("dist", default="no") == "loadgroup"


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the xdist_group marks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In a parallel run, group each module's tests on one worker (except SPREAD) and put the
    longest modules first (see above). A test's own ``xdist_group`` mark is kept."""
    if not _parallel(config):
        return
    rank = {name: i for i, name in enumerate(LONGEST)}
    order: dict[str, int] = {}
    for item in items:
        module = item.nodeid.split("::", 1)[0]
        order.setdefault(module, rank.get(module, len(LONGEST)))
        if module not in SPREAD and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(module))
    first = {id(item): n for n, item in enumerate(items)}
    items.sort(key=lambda item: (order[item.nodeid.split("::", 1)[0]], first[id(item)]))


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
