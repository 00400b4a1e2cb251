"""Check a whole outbox: every letter file under a folder (``readers.SUFFIXES``), in parallel, cached.

Every input appears in the result, checked or failed with its reason; one bad file (or a
crashed worker) never stops the batch. Results are cached by file content, configuration,
letterlint version and rule files, so re-checking an unchanged outbox is near-instant.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from letterlint.config.settings import Config
from letterlint.engine.cache import CACHE_DIR, Cache, make_cache, rules_digest
from letterlint.model import Report

__all__ = ["CACHE_DIR", "Cache", "collect", "display_path", "make_cache", "rules_digest", "run", "stream", "unique",
           "walk"]

def collect(root: Path, include: Iterable[str] = (), exclude: Iterable[str] = (),
            skipped: list[tuple[Path, str]] | None = None) -> list[Path]:
    """Letter files under ``root`` (or ``root`` itself), sorted: ``walk(...)[0]``."""
    return walk(root, include, exclude, skipped)[0]


def _inside(path: Path, root: Path) -> bool:
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(root))
        return True
    except ValueError:
        return False


ALWAYS_SKIPPED = ("a Word lock file", "a hidden file", "in a hidden folder")  # even with include


def walk(root: Path, include: Iterable[str] = (), exclude: Iterable[str] = (),
         skipped: list[tuple[Path, str]] | None = None,
         ) -> tuple[list[Path], list[tuple[Path, str]], list[tuple[Path, str]]]:
    """``(letters, not_checked, not_followed)`` under ``root`` (or ``root`` itself).

    ``letters``: letter files, sorted. What the skip list (``skiplist.py``) names is skipped:
    hidden folders, Word lock files (``~$...``), a repository's README, CHANGELOG and LICENSE,
    letterlint's own outputs (``include`` brings all but hidden and lock files back), and a
    report letterlint wrote, whatever its name, recognised by its contents (``own_reports``;
    even with ``include``); each
    skipped file, and each file of a type letterlint does not read, is added to ``skipped``
    with its reason. ``not_checked``: ``(path, reason)`` for every path that is neither
    checked nor skipped: a link that leads out of the folder (never followed, so a letter
    folder cannot pull in files from elsewhere), and a folder that cannot be listed. Links to
    folders are never followed (no loops); ``not_followed`` names each link to a folder inside
    ``root`` (its letters are checked where they really are)."""
    from letterlint.reading import SUFFIXES
    from letterlint.reading.own_reports import describe, sniff
    from letterlint.reading.skiplist import skip_folder, skip_reason

    include, exclude = list(include), list(exclude)
    if root.is_file() or (root.is_symlink() and not root.is_dir()):
        return [root], [], []
    found: list[Path] = []
    problems: list[tuple[Path, str]] = []
    inner_links: list[tuple[Path, str]] = []

    def unlistable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        problems.append((where, f"this folder cannot be listed ({exc.strerror or exc}); "
                                "its letters were not checked"))

    for folder, dirs, files in os.walk(root, onerror=unlistable, followlinks=False):
        here = Path(folder)
        for d in sorted(dirs):
            p = here / d
            if p.is_symlink() and not skip_folder(d):
                if _inside(p, root):
                    inner_links.append((p, "a link to a folder inside this folder; not followed "
                                           "(its letters are checked where they are)"))
                else:
                    problems.append((p, "a link to a folder outside this folder; not followed"))
        dirs[:] = sorted(d for d in dirs if not skip_folder(d) and not (here / d).is_symlink())
        for name in sorted(files):
            p = here / name
            rel = p.relative_to(root).as_posix()
            reason = skip_reason(p, root)
            if include:
                if not any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(name, g) for g in include):
                    continue
            elif reason is None and p.suffix.lower() not in SUFFIXES:
                reason = f"unsupported type '{p.suffix or '(none)'}'"
            if any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(name, g) for g in exclude):
                continue
            if reason is not None and (not include or reason in ALWAYS_SKIPPED):
                if skipped is not None:
                    skipped.append((p, reason))
                continue
            if p.is_symlink() and os.path.exists(p) and not _inside(p, root):
                problems.append((p, "a link to a file outside this folder; not followed"))
                continue
            kind = sniff(p)
            if kind is not None:  # a report of an earlier run saved here: never a letter, even with include
                if skipped is not None:
                    skipped.append((p, describe(kind)))
                continue
            found.append(p)
    return found, sorted(problems, key=lambda t: str(t[0])), inner_links


def unique(files: list[Path]) -> tuple[list[Path], list[tuple[Path, Path]], int]:
    """``files`` with each real file once, so a letter reached twice is checked and counted
    once: ``(kept, same, repeated)``. ``repeated``: how many paths were given again (folders or
    files given to ``batch`` that overlap). ``same``: ``(dropped, kept)`` for each other path to
    a file already there, compared by device and inode (``st_dev``, ``st_ino``, links followed):
    a link to another file of the folder, a hard link. Of the paths to one file the first that
    is not a symbolic link is kept (the letter is reported where it really is), else the first.
    A path that cannot be examined is kept (the reader then says why)."""
    seen: set[str] = set()
    paths: list[Path] = []
    for f in files:
        name = os.path.abspath(f)
        if name not in seen:
            seen.add(name)
            paths.append(f)
    first: dict[tuple[int, int], int] = {}
    keys: list[tuple[int, int] | None] = []
    keep: list[bool] = []
    for i, f in enumerate(paths):
        keep.append(True)
        try:
            st = os.stat(f)
        except (OSError, ValueError):
            keys.append(None)
            continue
        key = (st.st_dev, st.st_ino)
        keys.append(key)
        j = first.get(key)
        if j is None:
            first[key] = i
        elif paths[j].is_symlink() and not f.is_symlink():
            keep[j] = False
            first[key] = i
        else:
            keep[i] = False
    same = [(f, paths[first[key]]) for f, k, key in zip(paths, keep, keys, strict=True) if not k and key]
    return [f for f, k in zip(paths, keep, strict=True) if k], same, len(files) - len(paths)


def display_path(path: Path | str) -> str:
    """``path`` as one line of text that can be written anywhere: a name that is not valid UTF-8
    keeps its valid parts and shows each bad byte as ``\\xNN`` (``caf\\xe9.txt``); a newline,
    tab or other control character in the name is shown escaped (``bad\\nname.txt``), so a
    one-line message stays one line."""
    from letterlint.reports.common import safe_name

    return safe_name(os.fspath(path))


def is_own_report(why: str) -> bool:
    """True for the reason ``walk`` gives a report letterlint wrote (``own_reports.describe``)."""
    return why.endswith("report written by letterlint, not a letter")


def skipped_summary(skipped: list[tuple[Path, str]]) -> str:
    """Lines for the end of the batch summary: how many files were skipped, by reason, and
    each file of an unsupported type and each report letterlint wrote by name (a coordinator
    must see every file accounted for)."""
    from collections import Counter

    counts = Counter("unsupported type" if why.startswith("unsupported") else
                     "a report written by letterlint" if is_own_report(why) else why for _, why in skipped)
    n = len(skipped)
    lines = [f"\nSkipped {n} file{'s' if n != 1 else ''}: "
             + "; ".join(why if c == 1 else f"{why} ({c} files)" for why, c in sorted(counts.items())) + "."]
    lines += [f"  {'not read' if why.startswith('unsupported') else 'skipped'}: {p}: {why}"
              for p, why in skipped if why.startswith("unsupported") or is_own_report(why)]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- workers

_WORKER: dict[str, Any] = {}
_IN_PROCESS: dict[str, Any] = {}  # marks the one-job run, where the "worker" is the parent itself


def _init_worker(config_values: dict[str, Any], overrides: dict[str, Any]) -> None:
    import signal

    from letterlint.rules.loader import ruleset_for

    if config_values is not _IN_PROCESS:
        # Ctrl-C reaches every process of the terminal's group: only the parent acts on it (it
        # stops the workers), so no worker prints a KeyboardInterrupt traceback
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        end_with_parent(_PARENT[0] if _PARENT else None)

    cfg = Config()
    cfg.values.update(config_values)
    _WORKER["config"] = cfg
    _WORKER["overrides"] = overrides
    _WORKER["ruleset"] = ruleset_for(cfg.get("rules.paths", []), cfg.get("phrasebanks.paths", []))


_PARENT: list[int] = []  # the pid of the process that started the workers, set before forking


def end_with_parent(parent: int | None) -> None:
    """Make this worker process end when the process that started it (pid ``parent``, when
    known) ends, however it ends (killed with SIGKILL, say): on Linux the kernel sends it
    SIGTERM when its parent dies (``prctl``'s ``PR_SET_PDEATHSIG``). Without it a killed batch
    left its workers running, each holding a letter and its memory, and a killed ``serve`` left
    a worker holding the page's port, for good. Elsewhere (macOS, Windows) nothing is done here:
    the parent's own SIGTERM handling still stops them (``cli.app``). Used by ``batch`` and
    ``serve`` workers."""
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGTERM), 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    if parent is not None and os.getppid() != parent:  # the parent died before prctl took hold
        os._exit(1)


def read_once(path: Path, max_bytes: int) -> bytes | None:
    """The bytes of the regular file at ``path`` (links followed), read once, or None when it is
    not a regular file, cannot be read or is over ``max_bytes`` (the reader then says why). A
    FIFO is never waited on."""
    from letterlint.engine.cache import read_regular_file

    return read_regular_file(path, max_bytes, follow_links=True)


def _digest(data: bytes | None) -> str | None:
    import hashlib

    return None if data is None else hashlib.sha256(data).hexdigest()


def _max_bytes(config: Config) -> int:
    return int(config.get("input.max_bytes", 10 * 1024 * 1024))


def _check_one(path: str) -> dict[str, Any]:
    """Check one letter in a worker: its bytes are read once, hashed and checked from the same
    bytes, so the cache key always names the version that was checked. The report goes back to
    the parent as plain data (``dump_report``)."""
    from letterlint.engine.cache import dump_report

    report, digest = _check_here(path)
    return {"report": dump_report(report), "sha256": digest}


def _check_here(path: str) -> tuple[Report, str | None]:
    """``_check_one``'s report and the SHA-256 of the bytes checked, as objects: with one job the
    parent is the worker and needs no round trip through plain data (issue 15: about 1.4 ms a
    letter)."""
    from letterlint.engine.check import check_path, error_report

    data = read_once(Path(path), _max_bytes(_WORKER["config"]))
    try:
        report = check_path(Path(path), _WORKER["config"], _WORKER["overrides"],
                            ruleset=_WORKER["ruleset"], data=data)
    except Exception as exc:  # never lose a file: a crash is that file's error
        report = error_report(path, f"letterlint could not check it ({type(exc).__name__}: {exc})")
    return report, _digest(data)


def _unpack(result: dict[str, Any]) -> tuple[Report, str | None]:
    from letterlint.engine.cache import load_report

    return load_report(result["report"]), result.get("sha256")


def run(
    files: list[Path],
    config: Config,
    overrides: dict[str, Any] | None = None,
    jobs: int | None = None,
    cache: Cache | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Report]:
    """Check ``files``; results in the order of ``files``: ``list(stream(...))``. Each report's
    ``path`` is the file's name as text (``display_path``), so a name that is not valid UTF-8
    cannot spoil a report. A batch command uses ``stream`` and keeps no list."""
    return list(stream(files, config, overrides, jobs, cache, progress))


WINDOW_PER_JOB = 16  # letters in hand per worker: checked ahead of the one the output waits for


def stream(
    files: list[Path],
    config: Config,
    overrides: dict[str, Any] | None = None,
    jobs: int | None = None,
    cache: Cache | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[Report]:
    """Check ``files`` and yield each one's Report as soon as it and those before it are done,
    in the order of ``files`` (``path`` as in ``run``). At most ``WINDOW_PER_JOB`` letters per
    worker are in hand at once (being checked or waiting for an earlier one), so the caller's
    memory does not grow with the number of files (issue 15). Cached results come from
    ``cache``; new ones go into it. ``progress(done, total)`` after each file."""
    from collections import deque
    from dataclasses import replace

    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    jobs = max(1, jobs or os.cpu_count() or 1)
    max_bytes = _max_bytes(config)
    total = len(files)
    done = 0

    def finished(i: int, report: Report, digest: str | None, fresh: bool) -> Report:
        nonlocal done
        if fresh and cache is not None:
            cache.put(files[i], digest, overrides, report)
        done += 1
        if progress:
            progress(done, total)
        return replace(report, path=display_path(report.path))

    def cached(f: Path) -> Report | None:
        return cache.get(f, _digest(read_once(f, max_bytes)), overrides) if cache else None

    if jobs == 1 or total <= 1:
        ready = False
        for i, f in enumerate(files):
            hit = cached(f)
            if hit is not None:
                yield finished(i, hit, None, False)
                continue
            if not ready:
                _IN_PROCESS.clear()
                _IN_PROCESS.update(config.values)
                _init_worker(_IN_PROCESS, overrides)
                ready = True
            yield finished(i, *_check_here(str(f)), True)
        return

    pool: ProcessPoolExecutor | None = None
    window: deque[list[Any]] = deque()  # [index, path, future or None, Report or None, digest]
    try:
        for i, f in enumerate(files):
            hit = cached(f)
            if hit is not None:
                window.append([i, f, None, hit, None])
            else:
                if pool is None:
                    _warm_up(config)
                    pool = _new_pool(jobs, config, overrides)
                window.append([i, f, pool.submit(_check_one, str(f)), None, None])
            while len(window) >= jobs * WINDOW_PER_JOB or (window and _ready(window[0])):
                if _settle(window[0], config, overrides, window):
                    _shut(pool)
                    pool = None
                item = window.popleft()
                yield finished(item[0], item[3], item[4], item[2] is not None)
        while window:
            if _settle(window[0], config, overrides, window):
                _shut(pool)
                pool = None
            item = window.popleft()
            yield finished(item[0], item[3], item[4], item[2] is not None)
    except BaseException:  # Ctrl-C, or the caller stopped reading: stop the workers now
        _kill(pool)
        pool = None
        raise
    finally:
        _shut(pool)


def _ready(item: list[Any]) -> bool:
    return item[2] is None or bool(item[2].done())


def _new_pool(workers: int, config: Config, overrides: dict[str, Any]) -> ProcessPoolExecutor:
    _PARENT[:] = [os.getpid()]
    return ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                               initargs=(dict(config.values), overrides))


def _shut(pool: ProcessPoolExecutor | None) -> None:
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def _kill(pool: ProcessPoolExecutor | None) -> None:
    """Stop ``pool`` without waiting for the letters in hand: its workers are terminated (after
    Ctrl-C, waiting for them could hang; a tester saw a batch sit idle for ten minutes)."""
    if pool is None:
        return
    procs: dict[int, Any] = getattr(pool, "_processes", None) or {}
    for proc in list(procs.values()):
        with contextlib.suppress(Exception):
            proc.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def _settle(item: list[Any], config: Config, overrides: dict[str, Any], window: Iterable[list[Any]]) -> bool:
    """Wait for ``item``'s result and store it (``item[3]``, ``item[4]``). Returns True when the
    pool broke: a worker that dies (out of memory, a crash in a C library) breaks the whole
    pool, so every letter in hand that has no result is checked again, each in a pool of its
    own: only the file that kills its worker is reported as failed. The caller starts a new
    pool for the letters after them."""
    from concurrent.futures.process import BrokenProcessPool

    from letterlint.engine.check import error_report

    if item[2] is None or item[3] is not None:
        return False
    try:
        item[3], item[4] = _unpack(item[2].result())
        return False
    except BrokenProcessPool:
        pass
    except Exception as exc:  # e.g. a result that could not be sent back
        item[3] = error_report(str(item[1]), f"letterlint could not check it ({type(exc).__name__})")
        return False
    for other in window:
        if other[2] is None or other[3] is not None:
            continue
        fut = other[2]
        if fut.done() and not fut.cancelled() and fut.exception() is None:
            other[3], other[4] = _unpack(fut.result())
            continue
        other[3], other[4] = _alone(other[1], config, overrides)
    return True


def _alone(f: Path, config: Config, overrides: dict[str, Any]) -> tuple[Report, str | None]:
    """Check ``f`` in a pool of its own (after a worker died): its report, or the error of a
    file that stops the checking process."""
    from concurrent.futures.process import BrokenProcessPool

    from letterlint.engine.check import error_report

    with _new_pool(1, config, overrides) as pool:
        try:
            return _unpack(pool.submit(_check_one, str(f)).result())
        except BrokenProcessPool:
            return error_report(str(f), "the checking process stopped unexpectedly while reading it"), None
        except Exception as exc:
            return error_report(str(f), f"letterlint could not check it ({type(exc).__name__})"), None


def _warm_up(config: Config) -> None:
    """Load rules and the language pipeline before forking, so workers share them."""
    from letterlint.letter.nlp.pipeline import pipeline_info
    from letterlint.rules.loader import ruleset_for

    ruleset_for(config.get("rules.paths", []), config.get("phrasebanks.paths", []))
    pipeline_info(bool(config.get("nlp.trained", True)))
