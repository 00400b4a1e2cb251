"""letterlint's own reports, recognised by their contents whatever the file is called.

A report saved into the folder being checked (``batch outbox -o outbox/report.txt``, a CSV
report saved as ``results.md``) must not be read back as a letter by the next run: it would be
rated and counted in the Annex B summary, and the same daily command run twice would refuse to
overwrite "an input of this run". Its name proves nothing (only ``*.letterlint.*`` names are
in the skip list), so the first ``HEAD_BYTES`` of a text file are looked at instead:

- the CSV report's header row (``file,letter,letter_type,complaint_type,score,rating,...``);
- the JSON report's (or a baseline's) ``"schema": "letterlint-report"`` field;
- the SARIF log whose tool is ``letterlint``;
- the HTML report's title (``<title>letterlint report</title>``);
- GitHub annotations (``::error file=...``);
- the terminal reports: a letter's heading with its ``score N/100 · rating`` line, the batch
  table's header (``letter  type  score  rating ...``) or its Annex B table, and the ``--quiet``
  lines (``path: adequate (62/100); 1 error, 2 warnings, 0 info``).

Each of these layouts is one no reply to a complainant has (a real letter does not open with a
CSV header or a line ``path: adequate (62/100); 1 error, ...``).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

HEAD_BYTES = 16384
TEXT_SUFFIXES = (".txt", ".md", ".markdown")  # the letter types a report can be saved as

_CSV = re.compile(r"\Afile,letter,letter_type,complaint_type,score,rating,")
_JSON = re.compile(r'\A\s*\{[^{}]{0,400}?"schema"\s*:\s*"letterlint-(?:report|baseline)"')
_SARIF = re.compile(r'\A\s*\{.{0,400}?"tool"\s*:\s*\{\s*"driver"\s*:\s*\{\s*"name"\s*:\s*"letterlint"', re.DOTALL)
_HTML = re.compile(r"\A\s*(?:<!doctype html>)?\s*<html\b.{0,600}?<title>letterlint report</title>",
                   re.DOTALL | re.IGNORECASE)
_GITHUB = re.compile(r"\A::(?:error|warning|notice) (?:file|title)=")
_RATED = r"(?:below the required standard|adequate|better than adequate|checked)"
_COUNTS = r"\d+ errors?, \d+ warnings?, \d+ info"
_QUIET = re.compile(rf"\A[^\n]*: (?:{_RATED} \(\d{{1,3}}/100\); {_COUNTS}|not fully checked \([^\n]*\); {_COUNTS})$",
                    re.MULTILINE)
_NOT_CHECKED = re.compile(r"\A[^\n]*: not checked: ")
_QUIET_TOTAL = re.compile(rf"^\d+ letters? checked: {_COUNTS}", re.MULTILINE)
_BATCH_TABLE = re.compile(r"\Aletter {2,}(?:type {2,})?score {2,}rating\b")
_ANNEX_B = re.compile(r"^item {2,}question {2,}.*\bmet %.*\n\u2500{20,}$", re.MULTILINE)
_CHECK = re.compile(r"\A[^\n ][^\n]*\n(?:  [^\n]*\n){0,12}?  score \d{1,3}/100 \u00b7 \S")


def report_kind(text: str) -> str | None:
    """What kind of letterlint report ``text`` (the start of a file) is: "CSV", "JSON", "SARIF",
    "HTML", "GitHub annotations" or "terminal"; None when it is not one."""
    head = text[:HEAD_BYTES].lstrip("\ufeff").replace("\r\n", "\n")
    if _CSV.match(head):
        return "CSV"
    if _JSON.match(head):
        return "JSON"
    if _SARIF.match(head):
        return "SARIF"
    if _HTML.match(head):
        return "HTML"
    if _GITHUB.match(head):
        return "GitHub annotations"
    if (_QUIET.match(head) or _BATCH_TABLE.match(head) or _CHECK.match(head) or _ANNEX_B.search(head)
            or (_NOT_CHECKED.match(head) and _QUIET_TOTAL.search(head))):
        return "terminal"
    return None


def describe(kind: str) -> str:
    """The reason given for a skipped report: "a CSV report written by letterlint, not a letter"."""
    return f"a {kind} report written by letterlint, not a letter"


def sniff(path: Path) -> str | None:
    """``report_kind`` of the regular file at ``path`` (links followed) when it is a text file a
    report may be saved as (``TEXT_SUFFIXES``); None otherwise, and for anything that cannot be
    read (the reader then says why). Reads at most ``HEAD_BYTES``; a FIFO is never waited on."""
    if path.suffix.lower() not in TEXT_SUFFIXES:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        data = os.read(fd, HEAD_BYTES)
    except OSError:
        return None
    finally:
        os.close(fd)
    return report_kind(data.decode("utf-8", errors="replace"))
