"""The loaded rule set, kept between runs so a cold ``letterlint check`` does not parse and
validate every rule and phrase bank again (issue 15: 0.35 s of every cold start; reading the
kept copy takes about 0.02 s).

Same conventions as the batch cache (``engine.cache``): the file lives in a private folder
(``<user cache folder>/rules``, 0700), is written atomically with mode 0600, and is
authenticated with an HMAC-SHA256 under the user's own secret, so a file that someone else put
there is never unpickled. It is keyed on every rule and phrase-bank file of the
folders in use, letterlint's own code (every ``.py`` file of the package), its version and the
Python version (each file by its name, size and modification time, as Python's bytecode cache
does): change any of them and the rule set is loaded from the files and kept again.
Anything unexpected (no private folder, a bad MAC, a file that does not unpickle) means loading
from the files, as without a cache. ``LETTERLINT_NO_RULE_CACHE=1`` switches it off.

Within one process, each rule and bank file is also kept as loaded (``per_file``), so a rule
set with an Area's own folder added loads only that folder's files: the built-in rules and
banks it shares with the rule sets already loaded are not parsed and checked again.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from letterlint import __version__

MAGIC = b"letterlint-rules 1\n"
MAX_BYTES = 64 * 1024 * 1024
PACKAGE = Path(__file__).resolve().parents[1]
T = TypeVar("T")


_FILES: dict[tuple[str, str], tuple[bytes, tuple[tuple[str, object], ...], object]] = {}
MAX_FILES = 4096  # files kept in one process; past that the store starts again


def per_file(tag: str, path: Path, uses: tuple[tuple[str, object], ...], build: Callable[[], T]) -> T:
    """``build()`` for the rule or bank file at ``path`` (``tag`` "rule" or "bank"), kept for this
    process: a later call for the same path returns the kept value while the file's bytes
    (SHA-256) are the same and ``uses`` (the (id, bank) pairs a rule was compiled with) holds the
    same names and the very same objects. Errors from ``build`` (ConfigError) propagate and are
    never kept; an unreadable file is left to ``build`` to report. ``LETTERLINT_NO_RULE_CACHE=1``
    switches it off."""
    if os.environ.get("LETTERLINT_NO_RULE_CACHE", "") not in ("", "0"):
        return build()
    try:
        digest = hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return build()
    key = (tag, str(path))
    kept = _FILES.get(key)
    if (kept is not None and kept[0] == digest and len(kept[1]) == len(uses)
            and all(a[0] == b[0] and a[1] is b[1] for a, b in zip(kept[1], uses, strict=True))):
        value: T = kept[2]  # type: ignore[assignment]
        return value
    value = build()
    if len(_FILES) >= MAX_FILES:
        _FILES.clear()
    _FILES[key] = (digest, uses, value)
    return value


def _files(folder: str, suffix: str, recursive: bool) -> list[tuple[str, int, int, int, int]]:
    """(path relative to ``folder``, size, modification and change times in ns, inode) of each regular file whose
    name ends with ``suffix``: in ``folder`` itself, or with ``recursive`` in every folder under
    it except ``__pycache__``; sorted. Raises OSError for a folder that cannot be read."""
    out: list[tuple[str, int, int, int, int]] = []
    todo = [""]
    while todo:
        rel = todo.pop()
        with os.scandir(os.path.join(folder, rel) if rel else folder) as it:
            for e in it:
                name = f"{rel}/{e.name}" if rel else e.name
                if e.is_dir(follow_symlinks=False):
                    if recursive and e.name != "__pycache__":
                        todo.append(name)
                elif e.name.endswith(suffix) and e.is_file():
                    st = e.stat()
                    # the change time and inode too: an edit that keeps the size and puts the
                    # old modification time back ("touch -r", "cp -p", "rsync -a") still changes them
                    out.append((name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    out.sort()
    return out


def _key(rule_dirs: Iterable[str], bank_dirs: Iterable[str]) -> str:
    """What the kept rule set depends on, as a hex digest: letterlint's and Python's versions,
    and the name, size, modification and change times and inode of every rule and bank file of
    the folders in use and of every ``.py`` file of the package (as Python's own bytecode cache
    decides whether a module changed, with the change time and inode as well, which no copy or
    "touch -r" can put back). Reading and hashing every file instead took about 0.02 s of each cold
    start (issue 15). Raises OSError when a folder cannot be read."""
    h = hashlib.sha256(f"{__version__}\0{sys.version}\0".encode())
    for tag, folders, suffix, recursive in (("rules", rule_dirs, ".yaml", False), ("banks", bank_dirs, ".yaml", False),
                                             ("code", [str(PACKAGE)], ".py", True)):
        for folder in folders:
            h.update(f"{tag}\0{folder}\0".encode("utf-8", "surrogateescape"))
            for name, size, mtime, ctime, inode in _files(folder, suffix, recursive):
                h.update(f"{name}\0{size}\0{mtime}\0{ctime}\0{inode}\0".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def load_or_build(rule_dirs: tuple[str, ...], bank_dirs: tuple[str, ...], build: Callable[[], T]) -> T:
    """The rule set kept for these folders and this letterlint, else ``build()`` (whose errors,
    such as ``ConfigError`` for a typo in a rule, propagate and are never kept), kept for next
    time."""
    if os.environ.get("LETTERLINT_NO_RULE_CACHE", "") not in ("", "0"):
        return build()
    try:
        key = _key(rule_dirs, bank_dirs)
    except OSError:
        return build()
    return kept("rules", key, build)


def kept(folder_name: str, key: str, build: Callable[[], T]) -> T:
    """The value kept under ``key`` (a hex digest of everything the value depends on) in the
    private folder ``<user cache folder>/<folder_name>``, else ``build()``, kept for next time.
    Also used for data that is slow to parse and never changes between runs, such as the CMU
    dictionary's syllable counts (``letter.nlp.readability``). ``build``'s errors propagate and
    are never kept; any trouble with the folder or the file means building, as without a cache.
    ``LETTERLINT_NO_RULE_CACHE=1`` switches it off."""
    if os.environ.get("LETTERLINT_NO_RULE_CACHE", "") not in ("", "0"):
        return build()
    found = read_kept(folder_name, key)
    if found is not None:
        return found[0]  # type: ignore[return-value]
    value = build()
    write_kept(folder_name, key, value)
    return value


def read_kept(folder_name: str, key: str) -> tuple[object] | None:
    """``(value,)`` for the value kept under ``key`` in ``<user cache folder>/<folder_name>``
    (see ``kept``), or None when there is none, it is not this user's (a bad MAC) or anything
    else is wrong. ``LETTERLINT_NO_RULE_CACHE=1`` switches it off (None)."""
    if os.environ.get("LETTERLINT_NO_RULE_CACHE", "") not in ("", "0"):
        return None
    from letterlint.engine.cache import private_folder, read_regular_file, user_cache_root, user_secret

    secret = user_secret()
    folder = private_folder(user_cache_root() / folder_name)
    if secret is None or folder is None:
        return None
    path = folder / f"{key[:32]}.entry"
    blob = read_regular_file(path, MAX_BYTES)
    if blob is not None and blob.startswith(MAGIC):
        mac, sep, payload = blob[len(MAGIC):].partition(b"\n")
        want = hmac.new(secret, MAGIC + key.encode() + payload, hashlib.sha256).hexdigest().encode()
        if sep and hmac.compare_digest(mac, want):
            with contextlib.suppress(Exception):  # an unpicklable or stale entry: None
                value = pickle.loads(payload)
                with contextlib.suppress(OSError):
                    os.utime(path)  # last used, for pruning (``_prune``)
                return (value,)
    return None


def write_kept(folder_name: str, key: str, value: object) -> None:
    """Keep ``value`` under ``key`` in ``<user cache folder>/<folder_name>`` (private folder,
    file 0600 written atomically, HMAC-signed; see ``kept``), replacing what was there. Any
    trouble (no private folder, a value that cannot be pickled, a full disk) means it is not
    kept; nothing is raised. ``LETTERLINT_NO_RULE_CACHE=1`` switches it off."""
    if os.environ.get("LETTERLINT_NO_RULE_CACHE", "") not in ("", "0"):
        return
    from letterlint.engine.cache import private_folder, user_cache_root, user_secret

    secret = user_secret()
    folder = private_folder(user_cache_root() / folder_name)
    if secret is None or folder is None:
        return
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a rule holding something that cannot be kept: run without the cache
        return
    from letterlint.atomic import write_atomic
    from letterlint.errors import LetterlintError

    mac = hmac.new(secret, MAGIC + key.encode() + payload, hashlib.sha256).hexdigest().encode()
    with contextlib.suppress(OSError, LetterlintError):
        write_atomic(folder / f"{key[:32]}.entry", MAGIC + mac + b"\n" + payload, overwrite=True, private=True)
    _prune(folder)


KEEP_ENTRIES = 24  # per folder: every change of a rule, bank or letterlint's code makes new entries


def _prune(folder: Path) -> None:
    """Delete all but the ``KEEP_ENTRIES`` most recently used entries of ``folder``, so the
    folder does not grow with every change of rules or code (an entry is about 1 MB)."""
    with contextlib.suppress(OSError):
        entries = sorted(folder.glob("*.entry"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP_ENTRIES:]:
            with contextlib.suppress(OSError):
                old.unlink()
