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
PREBUILT_CACHE = ROOT / ".venv" / "letterlint-test-cache"
if "LETTERLINT_TEST_CACHE_HOME" not in os.environ:
    import atexit
    import shutil
    import tempfile

    os.environ["LETTERLINT_TEST_CACHE_HOME"] = os.environ["XDG_CACHE_HOME"] = _cache_home = tempfile.mkdtemp(
        prefix="letterlint-test-cache-")

    def _remove_cache_home(pid: int = os.getpid()) -> None:
        if os.getpid() == pid:  # this session's folder, removed by this process (not a forked child)
            shutil.rmtree(_cache_home, ignore_errors=True)

    atexit.register(_remove_cache_home)
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
