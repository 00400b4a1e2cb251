"""Check a whole outbox: every letter file under a folder (``readers.SUFFIXES``), in parallel, cached.

Every input appears in the result, checked or failed with its reason; one bad file (or a
crashed worker) never stops the batch. Results are cached by file content, configuration,
letterlint version and rule files, so re-checking an unchanged outbox is near-instant.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from letterlint.cache import CACHE_DIR, Cache, make_cache, rules_digest
from letterlint.config import Config
from letterlint.model import Report, report_from_dict

__all__ = ["CACHE_DIR", "Cache", "collect", "make_cache", "rules_digest", "run"]

def collect(root: Path, include: Iterable[str] = (), exclude: Iterable[str] = (),
            skipped: list[tuple[Path, str]] | None = None) -> list[Path]:
    """Letter files under ``root`` (or ``root`` itself), sorted. What the skip list
    (``skiplist.py``) names is skipped: hidden folders, Word lock files (``~$...``), a
    repository's README, CHANGELOG and LICENSE, letterlint's own outputs (``include`` brings
    them back); symlinked folders are not followed (no loops). Each skipped file, and each file
    of a type letterlint does not read, is added to ``skipped`` with its reason."""
    from letterlint.readers import SUFFIXES
    from letterlint.skiplist import skip_folder, skip_reason

    include, exclude = list(include), list(exclude)
    if root.is_file() or (root.is_symlink() and not root.is_dir()):
        return [root]
    found: list[Path] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not skip_folder(d))
        for name in sorted(files):
            p = Path(folder) / name
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
            found.append(p)
    return found


ALWAYS_SKIPPED = ("a Word lock file", "a hidden file", "in a hidden folder")  # even with include


def skipped_summary(skipped: list[tuple[Path, str]]) -> str:
    """Lines for the end of the batch summary: how many files were skipped, by reason, and
    each file of an unsupported type by name (a coordinator must see every file accounted for)."""
    from collections import Counter

    counts = Counter("unsupported type" if why.startswith("unsupported") else why for _, why in skipped)
    n = len(skipped)
    lines = [f"\nSkipped {n} file{'s' if n != 1 else ''}: "
             + ", ".join(f"{c} {why}" for why, c in sorted(counts.items())) + "."]
    lines += [f"  not read: {p}: {why}" for p, why in skipped if why.startswith("unsupported")]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- workers

_WORKER: dict[str, Any] = {}


def _init_worker(config_values: dict[str, Any], overrides: dict[str, Any]) -> None:
    from letterlint.loader import ruleset_for

    cfg = Config()
    cfg.values.update(config_values)
    _WORKER["config"] = cfg
    _WORKER["overrides"] = overrides
    _WORKER["ruleset"] = ruleset_for(cfg.get("rules.paths", []), cfg.get("phrasebanks.paths", []))


def _check_one(path: str) -> dict[str, Any]:
    from letterlint.engine import check_path, error_report

    try:
        report = check_path(Path(path), _WORKER["config"], _WORKER["overrides"],
                            ruleset=_WORKER["ruleset"])
    except Exception as exc:  # never lose a file: a crash is that file's error
        report = error_report(path, f"letterlint could not check it ({type(exc).__name__}: {exc})")
    return report.to_dict()


def run(
    files: list[Path],
    config: Config,
    overrides: dict[str, Any] | None = None,
    jobs: int | None = None,
    cache: Cache | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Report]:
    """Check ``files``; results in the order of ``files``."""
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    results: dict[int, Report] = {}
    todo: list[tuple[int, Path, str | None]] = []
    for i, f in enumerate(files):
        key = cache.key(f, overrides) if cache else None
        hit = cache.get(key, f) if cache else None
        if hit is not None:
            results[i] = hit
        else:
            todo.append((i, f, key))
    done = len(results)
    if progress:
        progress(done, len(files))
    jobs = max(1, jobs or os.cpu_count() or 1)
    if todo and (jobs == 1 or len(todo) == 1):
        _init_worker(dict(config.values), overrides)
        for i, f, key in todo:
            results[i] = _finish(report_from_dict(_check_one(str(f))), cache, key)
            done += 1
            if progress:
                progress(done, len(files))
    elif todo:
        _warm_up(config)

        def record(i: int, report: Report, key: str | None) -> None:
            nonlocal done
            results[i] = _finish(report, cache, key)
            done += 1
            if progress:
                progress(done, len(files))

        broken = _pool(todo, min(jobs, len(todo)), config, overrides, record)
        # A worker that dies (out of memory, a crash in a C library) breaks the whole pool, so
        # the files still waiting are checked again, each in a pool of its own: only the file
        # that kills its worker is reported as failed.
        for item in broken:
            for lost in _pool([item], 1, config, overrides, record):
                from letterlint.engine import error_report

                record(lost[0], error_report(str(lost[1]), "the checking process stopped unexpectedly "
                                                          "while reading it"), lost[2])
    return [results[i] for i in range(len(files))]


def _pool(todo: list[tuple[int, Path, str | None]], workers: int, config: Config,
          overrides: dict[str, Any], record: Callable[[int, Report, str | None], None],
          ) -> list[tuple[int, Path, str | None]]:
    """Check ``todo`` in a process pool; return the items lost when a worker process died."""
    from concurrent.futures.process import BrokenProcessPool

    lost: list[tuple[int, Path, str | None]] = []
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                             initargs=(dict(config.values), overrides)) as pool:
        futures = {pool.submit(_check_one, str(f)): (i, f, key) for i, f, key in todo}
        for fut in as_completed(futures):
            i, f, key = futures[fut]
            try:
                report = report_from_dict(fut.result())
            except BrokenProcessPool:
                lost.append((i, f, key))
                continue
            except Exception as exc:  # e.g. a result that could not be sent back
                from letterlint.engine import error_report

                report = error_report(str(f), f"letterlint could not check it ({type(exc).__name__})")
            record(i, report, key)
    return sorted(lost, key=lambda t: t[0])


def _finish(report: Report, cache: Cache | None, key: str | None) -> Report:
    if cache is not None:
        cache.put(key, report)
    return report


def _warm_up(config: Config) -> None:
    """Load rules and the language pipeline before forking, so workers share them."""
    from letterlint.loader import ruleset_for
    from letterlint.nlp.pipeline import pipeline_info

    ruleset_for(config.get("rules.paths", []), config.get("phrasebanks.paths", []))
    pipeline_info(bool(config.get("nlp.trained", True)))
