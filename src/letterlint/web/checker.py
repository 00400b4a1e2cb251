"""The bounded pool that checks letters for ``letterlint serve``: the CLI's engine
(``engine.check_path``, ``annotate.annotate_docx``, ``fix.files.fix_file``), run in ``jobs``
worker processes so that a slow check never holds up the page for other people.

Reports come back as ``cache.dump_report`` dictionaries (as ``letterlint batch`` sends them).
Nothing here logs or prints a letter's text. The cache is never used.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from letterlint.config.settings import Config
from letterlint.model import RUN_CONTEXT

FIXABLE = (".docx", ".txt", ".md", ".markdown")  # letterlint fix writes a copy of these
_STATE: dict[str, Any] = {}
CHECK_LIMIT_S = 120.0  # a letter takes seconds; one that takes minutes holds a worker from everyone else


class _OverTime(BaseException):  # not an Exception: the engine's own ``except Exception`` must not swallow it
    """Raised in a worker process when a letter has taken longer than its time limit."""


def _over_time(signum: int, frame: Any) -> None:
    raise _OverTime


def init_worker(config_values: dict[str, Any], parent: int | None = None) -> None:
    """Set up a worker: the configuration (``Config.values``) and its rule set, loaded once. A
    worker forked from the page's server ignores Ctrl+C (the server stops it), ends on SIGTERM
    (not the server's inherited handler, which kept it alive) and ends when the server process
    ``parent`` dies however it dies (a killed server's worker held the page's port for good)."""
    from letterlint.engine.batch import end_with_parent
    from letterlint.rules.loader import ruleset_for

    if parent is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        end_with_parent(parent)

    cfg = Config()
    cfg.values.update(config_values)
    cfg.set(RUN_CONTEXT, "web", "letterlint serve")  # messages say what to do on the page
    _STATE["config"] = cfg
    _STATE["ruleset"] = ruleset_for(cfg.get("rules.paths", []), cfg.get("phrasebanks.paths", []))


def check_file(path: str, complaint: str | None, overrides: dict[str, Any], outputs: bool,
               limit_s: float | None = None) -> dict[str, Any]:
    """Check the letter at ``path`` (with the complainant's letter at ``complaint``, for Q28),
    within ``limit_s`` seconds (None: no limit; applied in worker processes on POSIX, where a
    timer can interrupt the check): a letter over the limit gets a one-line ``error`` and the
    worker is free for the next.

    Returns ``{"report": dump_report(...)}`` and, when ``outputs`` and the letter was read:
    ``"annotated"`` (path of the copy with a Word comment on each finding, .docx only) and
    ``"fixed"`` with ``"changes"`` (path of the corrected copy, as ``letterlint fix`` writes it:
    tracked changes in a .docx; only when a safe correction exists), each beside ``path``;
    ``"complaint_error"`` when the complainant's letter cannot be read (the letter is then
    checked without it); ``"annotate_note"`` when the copy with comments has no summary comment;
    ``"output_error"`` when a copy could not be written. Never raises for
    a bad letter: a crash becomes the report's one-line ``error``."""
    from letterlint.engine.cache import dump_report
    from letterlint.engine.check import error_report

    timed = bool(limit_s) and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not timed:
        return _check_file(path, complaint, overrides, outputs)
    before = signal.signal(signal.SIGALRM, _over_time)
    signal.setitimer(signal.ITIMER_REAL, float(limit_s or 0))
    try:
        return _check_file(path, complaint, overrides, outputs)
    except _OverTime:
        return {"report": dump_report(error_report(path, (
            f"letterlint stopped checking it after {limit_s:.0f} seconds (a letter takes a few): is it "
            "really one letter? Check a shorter file")))}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)


def _check_file(path: str, complaint: str | None, overrides: dict[str, Any], outputs: bool) -> dict[str, Any]:
    from letterlint.engine.cache import dump_report
    from letterlint.engine.check import check_path, error_report
    from letterlint.errors import InputError, LetterlintError

    cfg: Config = _STATE["config"]
    ruleset = _STATE["ruleset"]
    letter = Path(path)
    out: dict[str, Any] = {}
    try:
        try:
            report = check_path(letter, cfg, overrides, Path(complaint) if complaint else None, ruleset)
        except InputError as exc:  # only the complainant's letter raises: the letter is checked without it
            out["complaint_error"] = exc.cause
            report = check_path(letter, cfg, overrides, None, ruleset)
    except Exception as exc:  # never lose a letter: a crash is its error
        report = error_report(path, f"letterlint could not check it ({type(exc).__name__})")
    out["report"] = dump_report(report)
    if not outputs or report.error:
        return out
    suffix = letter.suffix.lower()
    try:
        if suffix == ".docx":
            from letterlint.reports.annotate import annotate_docx, annotated_path

            target = annotated_path(letter)
            notes: list[str] = []
            annotate_docx(letter, report, target, notes=notes)
            out["annotated"] = str(target)
            if notes:
                out["annotate_note"] = notes[0].replace(str(letter.parent) + os.sep, "")
        safe = [f for r in report.each_letter() for f in r.active_findings
                if f.autofix is not None and f.autofix.level == "safe"]
        if safe and suffix in FIXABLE:
            from letterlint.fix.files import fix_file

            fixed = fix_file(letter, cfg, overrides=overrides, ruleset=ruleset)
            if fixed.out is not None:
                out["fixed"] = str(fixed.out)
                out["changes"] = len(fixed.made)
    except (LetterlintError, OSError) as exc:
        out["output_error"] = str(exc).replace(str(letter.parent) + os.sep, "")
    except Exception as exc:
        out["output_error"] = f"a copy could not be written ({type(exc).__name__})"
    return out


WARM_UP_LETTER = """Ms A Example
1 Sample Street
Exampleton

2 November 2026

Dear Ms Example

Your complaint about the case

Thank you for your letter of 20 October 2026. I am sorry that you were unhappy with how we kept
you informed, and I have looked carefully at each of the points you raised.

I have decided to partly uphold your complaint. We should have written to you sooner after the
hearing, and I apologise that we did not. I will make sure the team recieves this feedback.

If you are not satisfied with this reply, you can ask for your complaint to be reviewed at stage
two. Please write to us within one month of the date of this letter.

Yours sincerely

A Manager
Victim Liaison Unit
"""  # letterlint's own text (no one's letter), with one misspelling so spelling suggestions are built too


def warm_up() -> None:
    """Check ``WARM_UP_LETTER`` in this process (``init_worker`` must have run), so that what a
    first check builds (compiled patterns, Harper's linter, the spelling and syllable tables: about
    3 s of CPU) is built once before the workers are forked and shared by them, rather than built
    again in each worker on the first person's letter. Written to a private temporary folder
    (0700), deleted at once."""
    import shutil
    import tempfile

    import letterlint.fix.files  # the copies' code, imported once for the workers
    import letterlint.reports.annotate  # noqa: F401

    folder = Path(tempfile.mkdtemp(prefix="letterlint-warm-up-"))
    try:
        path = folder / "warm-up.txt"
        path.write_text(WARM_UP_LETTER, encoding="utf-8")
        _check_file(str(path), None, {}, False)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _start_method() -> str:
    """``fork`` where it is safe and available (Linux), else ``spawn`` (Windows, macOS)."""
    import multiprocessing

    return "fork" if "fork" in multiprocessing.get_all_start_methods() and os.name == "posix" \
        and sys.platform != "darwin" else "spawn"


class Checker:
    """A pool of ``jobs`` workers running ``check_file``.

    ``processes``: worker processes (the default; a check that crashes its process loses only
    that letter, and the pool is made again) or one thread (tests: faster to start; the engine
    is not thread-safe, as two checks at once in threads share harper's Rust objects and fail
    with "Already borrowed", so threads check one letter at a time whatever ``jobs`` says).
    ``start()`` loads the rules and the language pipeline first and, for forked worker
    processes, checks a letter of its own (``warm_up``), so the workers share all of it;
    ``close()`` stops the workers."""

    def __init__(self, config: Config, jobs: int, processes: bool = True,
                 limit_s: float | None = CHECK_LIMIT_S) -> None:
        self.config = config
        self.limit_s = limit_s
        self.jobs = max(1, jobs)
        self.processes = processes
        self._pool: Executor | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Load the rules and the pipeline (and warm up, for forked workers), then start the workers."""
        from letterlint.letter.nlp.pipeline import pipeline_info
        from letterlint.rules.loader import ruleset_for

        ruleset_for(self.config.get("rules.paths", []), self.config.get("phrasebanks.paths", []))
        pipeline_info(bool(self.config.get("nlp.trained", True)))
        init_worker(dict(self.config.values))
        if self.processes and _start_method() == "fork":
            warm_up()  # forked workers share it; spawned ones would each start cold anyway
        self._pool = self._make()
        # forked workers start now, before the server's own threads exist
        self._pool.submit(os.getpid).result()

    def _make(self) -> Executor:
        if not self.processes:
            return ThreadPoolExecutor(max_workers=1, thread_name_prefix="letterlint-check")
        import multiprocessing

        # fork shares the rules, pipeline and warm-up of start(); Windows and macOS spawn fresh
        # workers, each loading them in init_worker
        return ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context(_start_method()),
                                   initializer=init_worker, initargs=(dict(self.config.values), os.getpid()))

    async def check(self, path: Path, complaint: Path | None, overrides: dict[str, Any],
                    outputs: bool) -> dict[str, Any]:
        """``check_file`` in a worker, awaited without blocking the server. A worker that dies
        gives that letter's error, and the pool is started again for the next."""
        from letterlint.engine.cache import dump_report
        from letterlint.engine.check import error_report

        pool = self._pool
        if pool is None:
            raise RuntimeError("Checker.start() was not called")
        try:
            fut = pool.submit(check_file, str(path), str(complaint) if complaint else None, overrides, outputs,
                              self.limit_s)
            return await asyncio.wrap_future(fut)
        except BrokenProcessPool:
            with self._lock:
                if self._pool is pool:
                    pool.shutdown(wait=False, cancel_futures=True)
                    self._pool = self._make()
            return {"report": dump_report(error_report(
                str(path), "the checking process stopped unexpectedly while reading it"))}

    def close(self) -> None:
        """Stop the workers; letters still waiting are not checked, and worker processes still
        checking one are ended (the server is stopping: nobody is waiting for the page, and
        Ctrl+C must not hang until a long check ends with letters left in the folder)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if isinstance(pool, ProcessPoolExecutor):
            workers = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for proc in workers:
                proc.kill()  # SIGKILL: a forked worker keeps the handlers uvicorn set for SIGTERM
            for proc in workers:
                proc.join(10)
            return
        pool.shutdown(wait=True, cancel_futures=True)
