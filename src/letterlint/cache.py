"""The batch cache: a checked letter's report, keyed by the file's content and everything that
could change the result (letterlint version and code, configuration, rules, phrase banks and
bundled data). Entries are JSON files written atomically under ``.letterlint-cache/``; a
damaged or unreadable entry is a cache miss, and an unwritable folder means no caching.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from letterlint import __version__
from letterlint.config import Config
from letterlint.model import Report, report_from_dict

CACHE_DIR = ".letterlint-cache"
PACKAGE = Path(__file__).resolve().parent


def _tree_digest(h: Any, folder: Path, pattern: str) -> None:
    if not folder.is_dir():
        return
    for p in sorted(folder.rglob(pattern)):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(p.relative_to(folder).as_posix().encode())
            h.update(p.read_bytes())


def rules_digest(config: Config) -> str:
    """Digest of the rules, phrase banks, bundled data and letterlint's own code."""
    from letterlint.loader import builtin_dir

    h = hashlib.sha256()
    for folder in (builtin_dir("rules"), builtin_dir("phrasebanks"),
                   *(Path(p) for p in (*config.get("rules.paths", []), *config.get("phrasebanks.paths", [])))):
        _tree_digest(h, folder, "*.yaml")
    _tree_digest(h, PACKAGE / "data", "*")
    _tree_digest(h, PACKAGE, "*.py")
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

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str | None, path: Path) -> Report | None:
        if key is None:
            return None
        try:
            d = json.loads(self._file(key).read_text(encoding="utf-8"))
            d["path"] = str(path)
            return report_from_dict(d)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str | None, report: Report) -> None:
        """Store a checked report (unreadable files are not cached: they are checked again)."""
        if key is None or report.error:
            return
        from letterlint.atomic import write_atomic
        from letterlint.errors import LetterlintError

        f = self._file(key)
        try:
            f.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(f, json.dumps(report.to_dict(), ensure_ascii=False), overwrite=True)
        except (OSError, LetterlintError):
            pass  # a read-only folder: run without caching


def make_cache(config: Config, folder: Path | None = None) -> Cache:
    salt = f"{__version__}:{config.fingerprint()}:{rules_digest(config)}"
    return Cache(folder or Path.cwd() / CACHE_DIR, salt)
