"""Check a whole outbox: every .docx, .txt and .md under a folder, in parallel, cached.

Every input appears in the result, checked or failed with its reason; one bad file (or a
crashed worker) never stops the batch. Results are cached by file content, configuration,
letterlint version and rule files, so re-checking an unchanged outbox is near-instant.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from letterlint import __version__
from letterlint.config import Config
from letterlint.model import Report, report_from_dict

SUFFIXES = (".docx", ".txt", ".md", ".markdown", ".doc")
CACHE_DIR = ".letterlint-cache"


def collect(root: Path, include: Iterable[str] = (), exclude: Iterable[str] = ()) -> list[Path]:
    """Letter files under ``root`` (or ``root`` itself), sorted. Hidden folders, Word lock files
    (``~$...``) and the cache are skipped; symlinked folders are not followed (no loops)."""
    include, exclude = list(include), list(exclude)
    if root.is_file() or (root.is_symlink() and not root.is_dir()):
        return [root]
    found: list[Path] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in sorted(files):
            if name.startswith(("~$", ".")):
                continue
            p = Path(folder) / name
            rel = p.relative_to(root).as_posix()
            if include:
                if not any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(name, g) for g in include):
                    continue
            elif p.suffix.lower() not in SUFFIXES:
                continue
            if any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(name, g) for g in exclude):
                continue
            found.append(p)
    return found


def rules_digest(config: Config) -> str:
    from letterlint.loader import builtin_dir

    h = hashlib.sha256()
    folders = [builtin_dir("rules"), builtin_dir("phrasebanks"), Path(__file__).parent / "data"]
    folders += [Path(p) for p in (*config.get("rules.paths", []), *config.get("phrasebanks.paths", []))]
    for folder in folders:
        for p in sorted(folder.glob("*.yaml")):
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


@dataclass
class Cache:
    folder: Path
    salt: str

    def key(self, path: Path, overrides: dict[str, Any]) -> str | None:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        h = hashlib.sha256(data)
        h.update(self.salt.encode())
        h.update(json.dumps(overrides, sort_keys=True, default=str).encode())
        return h.hexdigest()

    def get(self, key: str | None, path: Path) -> Report | None:
        if key is None:
            return None
        f = self.folder / key[:2] / f"{key}.json"
        try:
            d = json.loads(f.read_text(encoding="utf-8"))
            d["path"] = str(path)
            return report_from_dict(d)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str | None, report: Report) -> None:
        if key is None or report.error:
            return
        from letterlint.atomic import write_atomic

        f = self.folder / key[:2] / f"{key}.json"
        try:
            f.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(f, json.dumps(report.to_dict(), ensure_ascii=False))
        except OSError:
            pass  # a read-only folder: run without caching


def make_cache(config: Config, folder: Path | None) -> Cache:
    salt = f"{__version__}:{config.fingerprint()}:{rules_digest(config)}"
    return Cache(folder or Path.cwd() / CACHE_DIR, salt)


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
        with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), initializer=_init_worker,
                                 initargs=(dict(config.values), overrides)) as pool:
            futures = {pool.submit(_check_one, str(f)): (i, f, key) for i, f, key in todo}
            for fut in as_completed(futures):
                i, f, key = futures[fut]
                try:
                    report = report_from_dict(fut.result())
                except Exception as exc:  # the worker process died
                    from letterlint.engine import error_report

                    report = error_report(str(f), f"the checking process failed ({type(exc).__name__})")
                results[i] = _finish(report, cache, key)
                done += 1
                if progress:
                    progress(done, len(files))
    return [results[i] for i in range(len(files))]


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
