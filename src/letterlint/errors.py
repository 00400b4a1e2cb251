"""Errors that reach the user as one line (never a traceback)."""

from __future__ import annotations


class LetterlintError(Exception):
    """Base class: the CLI prints ``str(error)`` and exits 2."""


class InputError(LetterlintError):
    """A file could not be read as a letter. ``str()`` names the file and the cause."""

    def __init__(self, path: str, cause: str) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = path
        self.cause = cause


class ConfigError(LetterlintError):
    """A configuration, rule or phrase-bank file is invalid: ``file: field: what is wrong``."""

    def __init__(self, source: str, field: str, problem: str) -> None:
        msg = f"{source}: {field}: {problem}" if field else f"{source}: {problem}"
        super().__init__(msg)
        self.source = source
        self.field = field
        self.problem = problem
