"""Write output files safely: never over an input, never through a link, never over anything
that is not a regular file, and atomically (a temporary file in the same folder, then a rename),
so a reader sees the old file or the whole new one.

``check_output(path, inputs)`` is the one guard every writer calls (``-o``, ``--annotate``,
``letterlint fix``, the baseline, the web page's downloads); ``write_atomic`` calls it itself.
Outputs get the user's normal permissions (``0666`` less the umask); ``private=True`` (the
cache) gives ``0600``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from letterlint.errors import LetterlintError

STDOUT = "-"  # ``-o -``: the report goes to standard output

# Errors that come from writing the output itself (a full disk, a quota, a size limit, a disk
# fault, a read-only file system), whichever line of the writer raised them.
_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS})


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def check_output(path: Path, inputs: Iterable[Path | str | None] = (), *, overwrite: bool = True) -> None:
    """Refuse to write ``path`` (``LetterlintError``, one line naming the file and the cause) when:

    - it is a link (letterlint never writes through a link, even to a file it may write);
    - it exists and is not a regular file (a device such as ``/dev/null``, a pipe, a folder);
    - it is, or is a hard link to, any of ``inputs`` (the run's letters, ``--complaint``,
      ``--config``, ``--baseline``), compared by device and inode, so another spelling of the
      same path (``./a/../letter.docx``, a link to it) is caught too;
    - it exists and ``overwrite`` is false (``--force`` not given).
    """
    name = str(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise LetterlintError(f"{name}: cannot write here ({exc.strerror or exc})") from None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise LetterlintError(f"{name}: is a link; letterlint does not write through links "
                                  "(name a new file)")
        if not stat.S_ISREG(st.st_mode):
            what = ("a folder" if stat.S_ISDIR(st.st_mode) else
                    "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                    "a pipe" if stat.S_ISFIFO(st.st_mode) else "not a regular file")
            raise LetterlintError(f"{name}: is {what}; letterlint writes reports only to regular "
                                  "files (use -o - for standard output)")
        for p in inputs:
            if p is None or str(p) == STDOUT:
                continue
            try:
                other = os.stat(p)
            except (OSError, ValueError):
                continue
            if _same_file(st, other):
                same = os.path.abspath(p) == os.path.abspath(path)
                raise LetterlintError(f"{name}: refusing to overwrite an input of this run"
                                      f"{'' if same else f' (the same file as {p})'}; name a new file")
        if not overwrite:
            raise LetterlintError(f"{name}: already exists (use --force to replace it)")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: str | bytes, *, overwrite: bool = True,
                 protect: Iterable[Path | str | None] = (), private: bool = False) -> None:
    """Write ``data`` (text is UTF-8) to ``path`` after ``check_output(path, protect)``.

    The new file replaces ``path`` by a rename, so a reader never sees half a file and a link
    or device that appears at ``path`` meanwhile is replaced, never written through. Mode
    ``0666 & ~umask``, or ``0600`` when ``private``. Errors: ``LetterlintError``, one line."""
    blob = data.encode("utf-8") if isinstance(data, str) else data
    with _replacing(path, overwrite, protect, private) as fd, os.fdopen(fd, "wb") as fh:
        fh.write(blob)
        fh.flush()
        os.fsync(fh.fileno())


@contextlib.contextmanager
def open_atomic(path: Path, *, overwrite: bool = True,
                protect: Iterable[Path | str | None] = ()) -> Iterator[TextIO]:
    """``write_atomic`` for an output written piece by piece (a batch report that streams):
    yields a text stream (UTF-8, ``\\n`` kept) on a temporary file beside ``path``, which
    replaces ``path`` only when the ``with`` block ends without an error; otherwise it is
    removed and ``path`` is left as it was. The same checks and permissions as ``write_atomic``."""
    with _replacing(path, overwrite, protect, False) as fd, \
            os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        yield fh
        fh.flush()
        os.fsync(fh.fileno())


@contextlib.contextmanager
def _replacing(path: Path, overwrite: bool, protect: Iterable[Path | str | None],
               private: bool) -> Iterator[int]:
    """The one way letterlint writes an output: ``check_output``, a temporary file beside
    ``path`` (mode ``0666 & ~umask``, ``0600`` when ``private``) whose descriptor is yielded for
    the caller to fill and close, then a rename over ``path`` when the block ends without an
    error (a link or device put at ``path`` meanwhile is replaced, not followed); on an error
    the temporary file is removed. Errors: ``LetterlintError``, one line."""
    protect = tuple(protect)  # read twice: before and after the write
    check_output(path, protect, overwrite=overwrite)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise LetterlintError(f"{path}: cannot write here ({exc.strerror})") from None
    try:
        os.fchmod(fd, 0o600 if private else 0o666 & ~_umask())
        yield fd
        if os.path.lexists(path) and not os.path.islink(path):
            check_output(path, protect, overwrite=True)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if exc.errno in _WRITE_ERRNOS or exc.filename in (tmp, str(path)):
            raise LetterlintError(f"{path}: cannot write ({exc.strerror or exc}); "
                                  "nothing was written") from None
        raise
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
