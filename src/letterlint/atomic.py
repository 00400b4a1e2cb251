"""Write output files atomically: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from letterlint.errors import LetterlintError


def write_atomic(path: Path, data: str | bytes, *, overwrite: bool = True,
                 protect: tuple[Path, ...] = ()) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the whole new one.

    ``protect`` lists inputs that must never be overwritten."""
    target = path.resolve()
    for p in protect:
        try:
            if p.resolve() == target:
                raise LetterlintError(f"{path}: refusing to overwrite an input file")
        except OSError:
            continue
    if target.exists() and not overwrite:
        raise LetterlintError(f"{path}: already exists (use --force to replace it)")
    blob = data.encode("utf-8") if isinstance(data, str) else data
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise LetterlintError(f"{path}: cannot write here ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
