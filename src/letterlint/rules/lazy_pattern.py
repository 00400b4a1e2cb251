"""Module-level regular expressions compiled the first time they are used (issue 15).

A check module's expressions were compiled when it was imported, so a fresh ``letterlint check``
paid for every expression of every check, including those that run only on some letters (a
jargon check's clue patterns, Harper's filters when it finds nothing). ``lazy`` stands in for
``regex.compile``: it keeps the pattern and flags and compiles on the first attribute used
(``.search``, ``.match``, ``.finditer``, ``.pattern``...), then hands every later use to the
same compiled object (each attribute is kept on the stand-in once asked for, so later uses
cost what the compiled pattern's own do). What the expression matches is unchanged.
"""

from __future__ import annotations

from typing import Any


class LazyPattern:
    """A ``regex`` pattern compiled on first use. ``LazyPattern(pattern, flags)`` takes the
    arguments of ``regex.compile`` (a str pattern, int flags); every attribute is the compiled
    pattern's. Raises ``regex.error`` at first use (not at import) if the pattern is bad."""

    __slots__ = ("__dict__", "_compiled", "_flags", "_pattern", "_std")

    def __init__(self, pattern: str, flags: int = 0, *, std: bool = False) -> None:
        self._pattern = pattern
        self._flags = flags
        self._std = std  # the standard library's ``re`` rather than ``regex``
        self._compiled: Any = None

    def compiled(self) -> Any:
        """The compiled ``regex.Pattern`` (compiled now if it has not been)."""
        if self._compiled is None:
            if self._std:
                import re

                self._compiled = re.compile(self._pattern, self._flags)
            else:
                import regex

                self._compiled = regex.compile(self._pattern, self._flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        # kept on the instance: the next ``.search`` is a plain attribute, not a call through here
        value = getattr(self.compiled(), name)
        self.__dict__[name] = value
        return value

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled as its pattern and flags (the attributes kept on it are bound methods)
        return (_remake, (self._pattern, self._flags, self._std))

    def __repr__(self) -> str:
        return f"LazyPattern({self._pattern!r}, {self._flags!r})"


def _remake(pattern: str, flags: int, std: bool) -> LazyPattern:
    return LazyPattern(pattern, flags, std=std)


def lazy(pattern: str, flags: int = 0) -> Any:
    """``regex.compile(pattern, flags)``, deferred to the first use; see :class:`LazyPattern`.
    Typed ``Any`` so callers use it as the ``regex.Pattern`` it stands for."""
    return LazyPattern(pattern, flags)


def lazy_re(pattern: str, flags: int = 0) -> Any:
    """``re.compile(pattern, flags)`` (the standard library's), deferred to the first use."""
    return LazyPattern(pattern, flags, std=True)
