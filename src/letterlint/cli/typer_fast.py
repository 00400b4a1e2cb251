"""Command-line values coerced without pydantic where typer's answer is already known.

typer 0.29 coerces every option's value with a pydantic ``TypeAdapter``, built when the command
line is parsed: importing pydantic and building the adapters was about 0.15-0.2 s of every cold
``letterlint check`` (issue 15), for values that are already what the command wants (a file
name, the default format). ``install()`` makes typer's runtime parameters lazy: a value of one
of the plain shapes below is returned as typer would return it, and anything else (an enum, a
number, a path typer must check, a value typer would reject) goes to typer's own coercion,
built on first use, so its result and every error message are typer's.

The plain shapes, for a parameter without a ``parser``:

- ``str``: a ``str`` value is returned as it is (typer's ``str(value)``);
- ``bool``: a ``bool`` value as it is;
- ``pathlib.Path`` with typer's default path flags (no ``exists``, ``resolve_path``,
  ``writable`` or ``path_type``; files and folders allowed): a non-empty ``str`` without a NUL
  becomes ``Path(value)`` (what pydantic gives), unless the path exists and cannot be read,
  which typer reports;
- ``list`` of one of those: each item so.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, get_args, get_origin

_NO = object()  # "not a plain value: ask typer"


def _leaf(annotation: Any, info: Any, value: Any) -> Any:
    if annotation is str:
        return value if type(value) is str else _NO
    if annotation is bool:
        return value if type(value) is bool else _NO
    if annotation is Path:
        if (type(value) is not str or not value or "\x00" in value or info.exists or info.resolve_path
                or info.writable or info.path_type is not None or not info.file_okay or not info.dir_okay):
            return _NO
        path = Path(value)
        if info.readable:
            try:
                os.stat(path)
            except OSError:
                return path
            if not os.access(path, os.R_OK):
                return _NO  # typer's own message
        return path
    return _NO


def _plain(annotation: Any, info: Any, value: Any) -> Any:
    if info.parser is not None:
        return _NO
    if get_origin(annotation) is list:
        (item_type,) = get_args(annotation)
        out = []
        for item in value if isinstance(value, (list, tuple)) else [value]:
            got = _leaf(item_type, info, item)
            if got is _NO:
                return _NO
            out.append(got)
        return out
    return _leaf(annotation, info, value)


def install() -> None:
    """Make typer's runtime parameters lazy (once per process). Does nothing when typer's
    internals are not those of the version this was written for (0.29)."""
    try:
        from typer import _coercion, core
    except ImportError:  # pragma: no cover - another typer
        return
    real = getattr(core, "build_runtime_param", None)
    base = getattr(_coercion, "RuntimeParam", None)
    if real is None or base is None or getattr(real, "letterlint_lazy", False):
        return
    typer_build: Any = real

    class LazyRuntimeParam(base):  # type: ignore[misc, valid-type]
        """typer's runtime parameter, built only when a value is not plain."""

        def __init__(self, descriptor: Any) -> None:
            super().__init__(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation)
            object.__setattr__(self, "descriptor", descriptor)
            object.__setattr__(self, "real", None)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            got = _plain(self.annotation, self.parameter_info, value)
            if got is not _NO:
                return got
            built = self.real
            if built is None:
                built = typer_build(self.descriptor)
                object.__setattr__(self, "real", built)
            return built._coerce_value(value, param=param, ctx=ctx)

    def build(descriptor: Any) -> Any:
        if descriptor.file_annotation is not None:
            return typer_build(descriptor)
        return LazyRuntimeParam(descriptor)

    build.letterlint_lazy = True  # type: ignore[attr-defined]
    setattr(core, "build_runtime_param", build)  # noqa: B010 - not in typer.core's exports
