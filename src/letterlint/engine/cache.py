"""The batch cache: a checked letter's report, kept so that re-checking an unchanged outbox is
near-instant.

Safe on a shared drive (issue 12):

- An entry is keyed on the bytes that were actually checked (the worker reads the letter once,
  hashes those bytes and checks the same bytes), the letter's full path, the overrides and
  everything that could change the result (letterlint's version and code, configuration, rules,
  phrase banks and bundled data).
- Each entry is authenticated with an HMAC-SHA256 under a per-user secret kept in a private
  file (``secret.key``, mode 0600, in the user's own cache folder, never in a ``--cache-dir``)
  and names the file and the content it is about; both are checked on reading.
- Anything unexpected (a bad MAC, the wrong shape, nesting too deep, an entry too big, not a
  regular file, a link, a FIFO) is a silent miss: the letter is checked again and the entry
  rebuilt. An entry is never read or written through a link; it is written atomically, mode
  0600, into a private folder (0700).
- The default folder is the user's cache folder (platformdirs), not the current folder;
  ``--cache-dir`` or ``LETTERLINT_CACHE_DIR`` moves it, ``--no-cache`` switches it off.

An entry holds the report: names, dates and quoted words from the letter. A cached report
comes back equal to the fresh one (enums and dates, not strings).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from letterlint import __version__
from letterlint.config.settings import Config
from letterlint.model import Report, RuleResult, finding_from_dict, report_from_dict

ENV = "LETTERLINT_CACHE_DIR"
CACHE_DIR = ".letterlint-cache"  # the old default, still skipped by ``batch``
MAGIC = b"letterlint-cache 2\n"
MAX_ENTRY_BYTES = 32 * 1024 * 1024
SECRET_BYTES = 32
PACKAGE = Path(__file__).resolve().parents[1]


def user_cache_root() -> Path:
    """The user's own cache folder for letterlint (``~/.cache/letterlint`` on Linux)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("letterlint", appauthor=False))


def default_folder() -> Path:
    """``$LETTERLINT_CACHE_DIR`` if set, else ``<user cache folder>/reports``."""
    env = os.environ.get(ENV)
    return Path(env) if env else user_cache_root() / "reports"


def _tree_digest(h: Any, folder: Path, pattern: str) -> None:
    if not folder.is_dir():
        return
    for p in sorted(folder.rglob(pattern)):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(p.relative_to(folder).as_posix().encode())
            h.update(p.read_bytes())


def rules_digest(config: Config) -> str:
    """Digest of the rules, phrase banks, bundled data and letterlint's own code."""
    from letterlint.rules.loader import builtin_dir

    h = hashlib.sha256()
    for folder in (builtin_dir("rules"), builtin_dir("phrasebanks"),
                   *(Path(p) for p in (*config.get("rules.paths", []), *config.get("phrasebanks.paths", [])))):
        _tree_digest(h, folder, "*.yaml")
    _tree_digest(h, PACKAGE / "data", "*")
    _tree_digest(h, PACKAGE, "*.py")
    return h.hexdigest()[:16]


# the folders letterlint keeps under the user's cache folder: the reports, the rule set, data
CACHE_SUBFOLDERS = frozenset({"reports", "rules", "data"})


def private_folder(folder: Path) -> Path | None:
    """Create ``folder`` (mode 0700) or check an existing one: a real folder (not a link) owned
    by this user, made private if it was not. None when it cannot be used."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder, 0o700)
        st = os.lstat(folder)
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
            return None
        if st.st_mode & 0o077:
            # made private only when it holds nothing but cache files and letterlint's own cache
            # folders (never a user's own folder)
            if any(not (n.endswith((".entry", ".tmp", ".key")) or n in CACHE_SUBFOLDERS)
                   for n in os.listdir(folder)):
                return None
            os.chmod(folder, 0o700)
        return folder
    except OSError:
        return None


def read_regular_file(path: Path, limit: int, *, follow_links: bool = False) -> bytes | None:
    """The bytes of the regular file at ``path``, read once, of at most ``limit`` bytes; None
    for a link (unless ``follow_links``), a FIFO (never waited on), a device, a folder, a file
    that cannot be read or one over ``limit``."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_links:
        flags |= os.O_NOFOLLOW
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        chunks, left = [], limit + 1
        while left > 0:
            b = os.read(fd, min(left, 1 << 20))
            if not b:
                break
            chunks.append(b)
            left -= len(b)
        data = b"".join(chunks)
        return None if len(data) > limit else data
    except OSError:
        return None
    finally:
        os.close(fd)


def _read_private(path: Path, limit: int) -> bytes | None:
    """A cache file's bytes: a regular file (never a link, FIFO or device) of at most ``limit``."""
    return read_regular_file(path, limit)


def user_secret(root: Path | None = None) -> bytes | None:
    """The per-user HMAC secret (32 random bytes) in ``<user cache folder>/secret.key``, mode
    0600, created on first use. None when it cannot be made private (then no caching)."""
    folder = private_folder(root or user_cache_root())
    if folder is None:
        return None
    path = folder / "secret.key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            os.write(fd, secrets.token_bytes(SECRET_BYTES))
        finally:
            os.close(fd)
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid():
        return None  # a link, a folder, someone else's file: never trusted, never replaced
    data = _read_private(path, SECRET_BYTES) if not st.st_mode & 0o077 else None
    if data is not None and len(data) == SECRET_BYTES:
        return data
    # this user's own secret, but readable by others (a chmod -R), empty or cut short (a crash
    # while it was written): a new one, put in place atomically; what the old one signed is
    # simply rebuilt, and caching does not stay off for good
    return _new_secret(path)


def _new_secret(path: Path) -> bytes | None:
    """A fresh secret written to ``path`` (mode 0600) through a temporary file and a rename."""
    tmp = path.with_name(f"secret.{os.getpid()}.tmp")
    data = secrets.token_bytes(SECRET_BYTES)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return None
    return data


# ------------------------------------------------------------- lossless report (de)serialising

def dump_report(report: Report) -> dict[str, Any]:
    """``report.to_dict()`` plus each rule result's own findings, so ``load_report`` gives back
    an equal Report."""
    d = report.to_dict()
    d["result_findings"] = [[f.to_dict() for f in r.findings] for r in report.results]
    return d


def load_report(d: dict[str, Any]) -> Report:
    """Inverse of ``dump_report`` (a plain ``to_dict()`` is read too, without result findings)."""
    from dataclasses import replace

    report = report_from_dict(d)
    per_result = d.get("result_findings")
    if isinstance(per_result, list) and len(per_result) == len(report.results):
        results = tuple(RuleResult(r.code, r.item, r.status, tuple(finding_from_dict(f) for f in fs), r.detail,
                                   r.arose)
                        for r, fs in zip(report.results, per_result, strict=True))
        report = replace(report, results=results)
    return report


# ----------------------------------------------------------------------------------- cache

@dataclass
class Cache:
    """Entries in ``folder`` (private), authenticated with ``secret``; ``salt`` is everything
    besides the letter that could change its report."""

    folder: Path
    salt: str
    secret: bytes

    def key(self, path: Path, digest: str, overrides: dict[str, Any]) -> str:
        """The entry key for ``path`` whose checked bytes have sha256 ``digest`` (hex)."""
        h = hashlib.sha256()
        for part in (self.salt, json.dumps(overrides, sort_keys=True, default=str),
                     os.path.abspath(path), digest):
            h.update(part.encode("utf-8", "surrogateescape"))
            h.update(b"\0")
        return h.hexdigest()

    def _file(self, key: str) -> Path:
        return self.folder / f"{key}.entry"

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self.secret, MAGIC + payload, hashlib.sha256).hexdigest().encode()

    def get(self, path: Path, digest: str | None, overrides: dict[str, Any]) -> Report | None:
        """The cached report for these bytes of ``path``, or None (a miss) for anything else."""
        if digest is None:
            return None
        key = self.key(path, digest, overrides)
        blob = _read_private(self._file(key), MAX_ENTRY_BYTES)
        if blob is None or not blob.startswith(MAGIC):
            return None
        mac, sep, payload = blob[len(MAGIC):].partition(b"\n")
        if not sep or not hmac.compare_digest(mac, self._mac(payload)):
            return None
        try:
            d = json.loads(payload)
            if (not isinstance(d, dict) or d.get("key") != key or d.get("sha256") != digest
                    or d.get("path") != os.path.abspath(path) or not isinstance(d.get("report"), dict)):
                return None
            report = d["report"]
            report["path"] = str(path)
            return load_report(report)
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None

    def put(self, path: Path, digest: str | None, overrides: dict[str, Any], report: Report) -> None:
        """Store a checked report. Unreadable letters and letters not fully checked are not
        cached (they are checked again). Never raises: a folder that cannot be written means
        running without caching."""
        if digest is None or report.error or report_incomplete(report):
            return
        from letterlint.atomic import write_atomic
        from letterlint.errors import LetterlintError

        key = self.key(path, digest, overrides)
        payload = json.dumps({"key": key, "path": os.path.abspath(path), "sha256": digest,
                              "report": dump_report(report)}, ensure_ascii=True).encode()
        f = self._file(key)
        try:
            st = os.lstat(f)
            if not stat.S_ISREG(st.st_mode):  # a link, FIFO...: removed (never followed), rebuilt
                os.unlink(f)
        except OSError:
            pass
        with contextlib.suppress(OSError, LetterlintError):
            write_atomic(f, MAGIC + self._mac(payload) + b"\n" + payload, overwrite=True, private=True)


def report_incomplete(report: Report) -> bool:
    """True when a check errored or ran out of time for this letter."""
    return any(r.status == "errored" for r in report.results)


def make_cache(config: Config, folder: Path | None = None) -> Cache | None:
    """The cache in ``folder`` (else ``default_folder()``), or None when the folder or the
    user's secret cannot be made private (then ``batch`` runs without caching)."""
    secret = user_secret()
    target = private_folder(folder or default_folder())
    if secret is None or target is None:
        return None
    salt = f"{__version__}:{config.fingerprint()}:{rules_digest(config)}"
    return Cache(target, salt, secret)
