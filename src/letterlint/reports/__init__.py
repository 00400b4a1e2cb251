"""Output formats. Each module has ``render(reports, **options) -> str`` and a ``Writer(out,
**options)`` that takes the reports one file at a time (``add``) and finishes the output at
``close``, so a batch can stream (issue 15). Formatters see only Reports."""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TextIO

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
# what a user can name with --format: batch_terminal is the terminal format of `batch`, chosen
# by the command itself
USER_FORMATS = tuple(name for name in FORMATS if name != "batch_terminal")


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


class Writer(Protocol):
    """A format's streaming writer: ``add(reports)`` with the letters of one file
    (``Report.each_letter()``), in the run's order; ``close()`` writes what remains."""

    def add(self, reports: Sequence[Report]) -> None:
        """Take the reports of one input file (one per letter it holds), in the run's order;
        a format that can stream writes them now, the others keep their parts until ``close``."""
        ...

    def close(self) -> None:
        """Write whatever the format still holds (a table's widths, a summary, a JSON or SARIF
        document's closing lines). Called once, after the last ``add``."""
        ...


class _JsonSafeOut:
    """A text stream that passes everything through ``json_safe`` on its way to ``out``."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, text: str) -> int:
        from letterlint.reports.common import json_safe

        return self.out.write(json_safe(text))


class _Sanitised:
    """A writer that gets each report through ``sanitise_report`` first."""

    def __init__(self, inner: Writer) -> None:
        self.inner = inner

    def add(self, reports: Sequence[Report]) -> None:
        from letterlint.reports.common import sanitise_report

        self.inner.add([sanitise_report(r) for r in reports])

    def skipped(self, files: Sequence[tuple[str, str]]) -> None:
        """Pass on the files a batch did not check (path, reason) to a writer that lists them
        (HTML, CSV); the paths come already made printable (``engine.batch.display_path``)."""
        if hasattr(self.inner, "skipped"):
            self.inner.skipped(files)

    def close(self) -> None:
        self.inner.close()


def writer(name: str, out: TextIO, **options: Any) -> Writer:
    """A streaming writer of format ``name`` to ``out`` (options as for ``render``). Made safe
    as ``render`` is: no raw control character from a letter, a file name or the cache reaches
    any output (issue 12). A format that must be whole (one JSON or SARIF document, one HTML
    page, a table sized to every row) keeps its parts until ``close``: with ``on_disk=True`` in
    a private temporary file (``common.Spool``: a batch), else in memory; the rest write as
    each file comes."""
    module = importlib.import_module(FORMATS[name])
    if name in JSON_FORMATS:
        made: Writer = module.Writer(_JsonSafeOut(out), **options)
        return made
    return _Sanitised(module.Writer(out, **options))


def by_file(reports: Sequence[Report]) -> list[list[Report]]:
    """``reports`` in runs of one file's letters (consecutive reports with the same path)."""
    runs: list[list[Report]] = []
    for r in reports:
        if runs and runs[-1][0].path == r.path:
            runs[-1].append(r)
        else:
            runs.append([r])
    return runs


def write_all(w: Writer, reports: Sequence[Report]) -> None:
    """Give ``w`` every report of ``reports`` (one file at a time), then close it."""
    for run in by_file(reports):
        w.add(run)
    w.close()


def render(name: str, reports: Sequence[Report], **options: Any) -> str:
    """Render ``reports`` in format ``name``. No raw control character from a letter, a file
    name or the cache reaches any output (issue 12)."""
    buf = io.StringIO()
    write_all(writer(name, buf, **options), reports)
    return buf.getvalue()
