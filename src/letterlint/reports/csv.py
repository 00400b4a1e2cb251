"""CSV: one row per letter (a file with several letters has a row for each, numbered in the
``letter`` column), one column per questionnaire item (for a spreadsheet), answered in the one list every report
uses: met, not met, not applicable, not assessed or not fully checked (never the questionnaire's
yes / no, whose "yes" is a failure for Q22, Q23, Q24 and Q33). A cell that would
start a formula is quoted as text (``csv_cell``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TextIO

from letterlint.model import Report
from letterlint.reports.common import ORDER, Spool, csv_cell, item_key, rating_label, state_label


def render(reports: Sequence[Report], **_: object) -> str:
    """The CSV text (``\n`` line ends, header row first) for ``reports``: one row per letter
    with its type, score (0-100), rating, why, finding counts by severity, one column per
    questionnaire item seen (answered met, not met...; see the module docstring), for a file
    that could not be read, the cause, and last the letter's notes joined with "; " (what was
    checked and how: the attachment of an email that was checked, the grammar engine that
    ran). Other options are ignored."""
    from letterlint.reports import write_all

    buf = io.StringIO()
    write_all(Writer(buf), reports)
    return buf.getvalue()


class Writer:
    """``render``'s CSV written to ``out``: the header names every item seen, so each row waits
    in a private temporary file until ``close``; only the set of items is kept in memory."""

    def __init__(self, out: TextIO, *, on_disk: bool = False, **_: object) -> None:
        self.out = out
        self.items: set[str] = set(ORDER[:1])
        self.spool = Spool(on_disk)

    def skipped(self, files: Sequence[tuple[str, str]]) -> None:
        """Files the batch found but did not check, each as (path, reason): a file of a type
        letterlint does not read gets a row of its own with the reason in the ``error`` column
        ("not read: unsupported type '.doc'"), as an unreadable letter does, so a spreadsheet
        accounts for every letter of the outbox. A report letterlint wrote is not a letter and
        gets no row (standard error names it)."""
        for path, why in files:
            if why.startswith("unsupported"):
                self.spool.put([[path, "", "", "", "", "", "", "", 0, 0, 0], {}, f"not read: {why}", ""])

    def add(self, reports: Sequence[Report]) -> None:
        """Add the rows of the letters of one file."""
        for r in reports:
            facts = {f.name: str(getattr(f.value, "value", f.value)) for f in r.facts}
            answers = {o.item: state_label(o) for o in r.score.items} if r.score else {}
            self.items.update(answers)
            active = r.active_findings
            self.spool.put([[
                r.path, r.letter or "", facts.get("letter_type", ""), facts.get("complaint_type", ""),
                f"{r.score.value:.0f}" if r.score else "", r.score.rating if r.score else "",
                rating_label(r.score.rating) if r.score else "",
                "; ".join(r.score.reasons) if r.score else "",
                sum(f.severity.value == "error" for f in active),
                sum(f.severity.value == "warning" for f in active),
                sum(f.severity.value == "info" for f in active),
            ], answers, r.error or "", "; ".join(r.notes)])

    def close(self) -> None:
        """Write the header and every row."""
        items = sorted(self.items, key=item_key)
        w = csv.writer(self.out, lineterminator="\n")
        w.writerow(["file", "letter", "letter_type", "complaint_type", "score", "rating", "rating_label", "why",
                    "errors", "warnings", "info", *items, "error", "notes"])
        for cells, answers, error, notes in self.spool.items():
            w.writerow([csv_cell(c) for c in [*cells, *[answers.get(i, "") for i in items], error, notes]])
        self.spool.close()
