"""GitHub Actions workflow commands: one annotation per finding (and per unreadable file).

``::error file=letters/reply.txt,line=12,col=5,title=LL101::Q32: message``. A .docx has no
lines, so the annotation names the file and the message starts with the paragraph number.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from letterlint.model import Report

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render(reports: Sequence[Report], **_: object) -> str:
    """GitHub Actions workflow commands, one a line: an ``::error`` for each unreadable file
    and one annotation per active (not suppressed) finding, at its line and column when the
    letter has lines, with the item and the suggested fix. "" when there is nothing to say."""
    return "".join(line + "\n" for r in reports for line in _lines(r))


class Writer:
    """``render``'s lines written to ``out`` as each file comes (nothing is kept)."""

    def __init__(self, out: TextIO, **_: object) -> None:
        self.out = out

    def add(self, reports: Sequence[Report]) -> None:
        """Write the lines for the letters of one file."""
        for r in reports:
            for line in _lines(r):
                self.out.write(line + "\n")

    def close(self) -> None:
        """Nothing is left to write."""


def _lines(r: Report) -> list[str]:
    if r.error:
        return [f"::error file={_escape(r.path, True)},title=unreadable::{_escape(r.error)}"]
    lines = []
    for f in r.active_findings:
        loc = f"file={_escape(r.path, True)}"
        if f.location.line is not None:
            loc += f",line={f.location.line},col={f.location.column}"
        where = "" if f.location.line is not None else f"{f.location.describe().capitalize()}: "
        quote = f" ('{f.quote}')" if f.quote and f.location.line is None else ""
        msg = (f"{where}{f.message}{quote} [{f.item}]"
               + (f" Suggested: {f.suggestion}" if f.suggestion else ""))
        lines.append(f"::{LEVEL[f.severity.value]} {loc},title={_escape(f.code, True)}::{_escape(msg)}")
    return lines
