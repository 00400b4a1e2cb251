"""The methods ``dataclasses`` writes for letterlint's classes, compiled once and kept beside
letterlint's bytecode (issue 15: cold start).

Python 3.11's ``dataclasses`` writes the source of each class's ``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, ``__setattr__``... and compiles it with ``exec`` every time the class is
made. For the 47 classes a ``letterlint check`` makes, that was about a tenth of a cold check's
own work (callgrind: 154 M of 1,343 M instructions). ``install()`` gives ``dataclasses`` an
``exec`` that, for code run in a letterlint module, takes the code object kept for that very
source text and compiles only what is not kept, exactly as ``exec`` compiles a string (file name
``<string>``, no ``__future__`` flags inherited); classes of any other module are made as
before. What each class does is unchanged: the kept code objects are those ``exec`` compiles
from the same source.

The kept code lives in ``__pycache__/dataclass-methods.<tag>.bin`` beside this file and follows
Python's own rules for bytecode: read only when it starts with this interpreter's version; written
(atomically) when the process ends if new methods were compiled, unless
``sys.dont_write_bytecode`` (``PYTHONDONTWRITEBYTECODE``) is set or the folder cannot be
written; trusted as the ``.pyc`` files beside it are. ``python -m letterlint.cli.kept_methods``
(run by ``dev.py setup``) writes it for every module of the package.
"""

# No ``from __future__ import annotations`` here: nothing compiled below may inherit a flag.

import contextlib
import dataclasses
import marshal
import os
import sys
from types import CodeType
from typing import Any

HEADER = f"letterlint dataclass methods 1 {sys.implementation.cache_tag} {sys.hexversion}\n".encode()
PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "__pycache__",
                    f"dataclass-methods.{sys.implementation.cache_tag}.bin")
MAX_KEPT = 4000  # sources kept in the file; past that only this process's are written

_kept: dict[str, CodeType] = {}
_new: dict[str, CodeType] = {}


def _ours(globals_: Any) -> bool:
    return isinstance(globals_, dict) and str(globals_.get("__name__", "")).startswith("letterlint")


def _exec(source: Any, globals_: Any = None, locals_: Any = None, /) -> None:
    """``exec`` as ``dataclasses`` calls it, with letterlint's methods compiled once."""
    if type(source) is str and _ours(globals_):
        code = _kept.get(source) or _new.get(source)
        if code is None:
            code = _new[source] = compile(source, "<string>", "exec", dont_inherit=True)
        source = code
    exec(source, globals_, locals_)


def read(path: str | None = None) -> dict[str, CodeType]:
    """The code objects kept in ``path`` (default ``PATH``), by source text; empty when there is
    no file or it was written by another Python or is damaged."""
    try:
        with open(path or PATH, "rb") as fh:
            blob = fh.read()
    except OSError:
        return {}
    if not blob.startswith(HEADER):
        return {}
    try:
        loaded = marshal.loads(blob[len(HEADER):])
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {k: v for k, v in loaded.items() if type(k) is str and type(v) is CodeType}


def install() -> None:
    """Read the kept methods and hand ``dataclasses`` the ``exec`` above (once per process);
    keep what was compiled new when the process ends."""
    if getattr(dataclasses, "exec", None) is _exec:
        return
    _kept.update(read())
    setattr(dataclasses, "exec", _exec)  # noqa: B010 - shadows the builtin inside dataclasses only
    import atexit

    atexit.register(save)


def save(path: str | None = None, force: bool = False) -> bool:
    """Write the kept methods with those compiled new in this process to ``path`` (default
    ``PATH``), atomically; nothing when none are new, or (unless ``force``) when Python is told
    not to write bytecode. True when written; any trouble writing means False, never an error."""
    if not _new or (sys.dont_write_bytecode and not force):
        return False
    data = {**_kept, **_new} if len(_kept) + len(_new) <= MAX_KEPT else dict(_new)
    target = path or PATH
    tmp = f"{target}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(HEADER + marshal.dumps(data))
        os.replace(tmp, target)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False
    _kept.update(_new)
    _new.clear()
    return True


def _prebuild() -> int:
    """Import every module of letterlint with the methods kept, and write them all."""
    import importlib
    import pkgutil

    import letterlint

    install()
    for mod in pkgutil.walk_packages(letterlint.__path__, "letterlint."):
        if mod.name.endswith("__main__"):
            continue
        with contextlib.suppress(Exception):  # an optional dependency missing: its classes are not kept
            importlib.import_module(mod.name)
    save(force=True)
    return 0


if __name__ == "__main__":
    from letterlint.cli import kept_methods  # the module itself, not this copy run as __main__

    sys.exit(kept_methods._prebuild())
