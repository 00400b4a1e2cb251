"""Output formats. Each module has ``render(reports, **options) -> str`` and sees only Reports."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any

from letterlint.model import Report

FORMATS: dict[str, str] = {
    "terminal": "letterlint.reports.terminal",
    "json": "letterlint.reports.json",
    "csv": "letterlint.reports.csv",
    "html": "letterlint.reports.html",
    "sarif": "letterlint.reports.sarif",
    "github": "letterlint.reports.github",
    "batch_terminal": "letterlint.reports.batch_terminal",
}


def get(name: str) -> Callable[..., str]:
    """The ``render`` function of output format ``name`` (a key of ``FORMATS``), importing its
    module on first use. Takes a sequence of Report and format options, returns the text. Raises
    KeyError for an unknown name. Prefer ``render`` below, which also makes the text safe."""
    module = importlib.import_module(FORMATS[name])
    fn: Callable[..., str] = module.render
    return fn


# formats whose text is JSON: made safe after rendering (``json_safe``), losslessly; every other
# format gets reports whose text from letters, names and the cache is escaped (``safe_text``)
JSON_FORMATS = ("json", "sarif")


def render(name: str, reports: Sequence[Report], **options: Any) -> str:
    """Render ``reports`` in format ``name``. No raw control character from a letter, a file
    name or the cache reaches any output (issue 12)."""
    from letterlint.reports.common import json_safe, sanitise_report

    if name in JSON_FORMATS:
        return json_safe(get(name)(reports, **options))
    return get(name)([sanitise_report(r) for r in reports], **options)
