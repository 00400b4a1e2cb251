"""The private temporary folder of a ``letterlint serve`` run, and the downloads kept in it.

Layout: one folder made by ``tempfile.mkdtemp`` (mode 0700, only this user can open it) with
``work/`` (one folder per request, deleted as soon as the page is built) and ``downloads/``
(the annotated and fixed copies, the HTML report and the CSV: each deleted when it expires,
``ttl_s`` seconds after it was made, 600 by default, or when the server stops).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

DOWNLOAD_TTL_S = 600.0


def private_root(parent: str | None = None) -> Path:
    """A new folder only this user can open (0700), with ``work/`` and ``downloads/`` in it.
    ``parent``: where to make it (default: the system's temporary folder)."""
    root = Path(tempfile.mkdtemp(prefix="letterlint-serve-", dir=parent))
    os.chmod(root, 0o700)
    for sub in ("work", "downloads"):
        (root / sub).mkdir(mode=0o700)
    return root


@contextlib.contextmanager
def work_folder(root: Path) -> Iterator[Path]:
    """A private folder under ``root/work`` for one request's letters; deleted on leaving,
    whatever happens."""
    folder = Path(tempfile.mkdtemp(prefix="job-", dir=root / "work"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class Download:
    """A file waiting to be downloaded: ``path`` in the private folder, the ``name`` the browser
    saves it as, its ``media_type``, the ``owner`` (the browser session that made it) and
    ``expires`` (on the store's clock, seconds)."""

    path: Path
    name: str
    media_type: str
    owner: str
    expires: float


class Downloads:
    """Downloads that expire. Thread-safe.

    ``root``: the private folder (``private_root()``); ``ttl_s``: seconds a download is kept;
    ``clock``: seconds, monotonic (tests pass their own). Each download has an unguessable
    id (``secrets.token_urlsafe``) and is given only to the session that made it."""

    def __init__(self, root: Path, ttl_s: float = DOWNLOAD_TTL_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.folder = root / "downloads"
        self.ttl_s = ttl_s
        self.clock = clock
        self._items: dict[str, Download] = {}
        self._lock = threading.Lock()

    def add(self, source: Path | bytes, name: str, media_type: str, owner: str) -> str:
        """Keep ``source`` (a file in the private folder, moved; or bytes, written) for download
        as ``name``, with mode 0600 in a 0700 folder of its own; return its id."""
        key = secrets.token_urlsafe(18)
        folder = self.folder / key
        folder.mkdir(mode=0o700)
        target = folder / "file"
        if isinstance(source, bytes):
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(source)
        else:
            os.replace(source, target)
            os.chmod(target, 0o600)  # the copies are written with the user's normal permissions
        with self._lock:
            self._items[key] = Download(target, name, media_type, owner, self.clock() + self.ttl_s)
        return key

    def get(self, key: str, owner: str) -> Download | None:
        """The download ``key`` if it has not expired and belongs to ``owner``; else None."""
        self.purge()
        with self._lock:
            item = self._items.get(key)
        if item is None or not secrets.compare_digest(item.owner.encode(), owner.encode()):
            return None
        return item

    def purge(self) -> int:
        """Delete every expired download; return how many were deleted."""
        now = self.clock()
        with self._lock:
            gone = [k for k, d in self._items.items() if d.expires <= now]
            for k in gone:
                del self._items[k]
        for k in gone:
            shutil.rmtree(self.folder / k, ignore_errors=True)
        return len(gone)

    def next_expiry(self) -> float | None:
        """When the next download expires (on the store's clock, seconds), or None when none is kept."""
        with self._lock:
            return min((d.expires for d in self._items.values()), default=None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def close(self) -> None:
        """Delete every download (the server is stopping)."""
        with self._lock:
            keys = list(self._items)
            self._items.clear()
        for k in keys:
            shutil.rmtree(self.folder / k, ignore_errors=True)
