"""Output formats. Each module has ``render(reports, **options) -> str`` and sees only Reports."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any

from letterlint.model import Report

FORMATS: dict[str, str] = {
    "terminal": "letterlint.formatters.terminal",
    "json": "letterlint.formatters.json",
    "csv": "letterlint.formatters.csv",
    "html": "letterlint.formatters.html",
    "sarif": "letterlint.formatters.sarif",
    "github": "letterlint.formatters.github",
    "batch_terminal": "letterlint.formatters.batch_terminal",
}


def get(name: str) -> Callable[..., str]:
    module = importlib.import_module(FORMATS[name])
    fn: Callable[..., str] = module.render
    return fn


def render(name: str, reports: Sequence[Report], **options: Any) -> str:
    return get(name)(reports, **options)
