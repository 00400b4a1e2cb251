"""CSV: one row per letter (a file with several letters has a row for each, numbered in the
``letter`` column), one column per questionnaire item (for a spreadsheet), answered in the one list every report
uses: met, not met, not applicable, not assessed or not fully checked (never the questionnaire's
yes / no, whose "yes" is a failure for Q22, Q23, Q24 and Q33). A cell that would
start a formula is quoted as text (``csv_cell``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from letterlint.model import Report
from letterlint.reports.common import ORDER, csv_cell, item_key, rating_label, state_label


def render(reports: Sequence[Report], **_: object) -> str:
    """The CSV text (``\n`` line ends, header row first) for ``reports``: one row per letter
    with its type, score (0-100), rating, why, finding counts by severity, one column per
    questionnaire item seen (answered met, not met...; see the module docstring) and, for a
    file that could not be read, the cause. Other options are ignored."""
    items = sorted({o.item for r in reports if r.score for o in r.score.items} | set(ORDER[:1]), key=item_key)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["file", "letter", "letter_type", "complaint_type", "score", "rating", "rating_label", "why",
                "errors", "warnings", "info", *items, "error"])
    for r in reports:
        facts = {f.name: str(getattr(f.value, "value", f.value)) for f in r.facts}
        answers = {o.item: state_label(o) for o in r.score.items} if r.score else {}
        active = r.active_findings
        w.writerow([csv_cell(c) for c in [
            r.path, r.letter or "", facts.get("letter_type", ""), facts.get("complaint_type", ""),
            f"{r.score.value:.0f}" if r.score else "", r.score.rating if r.score else "",
            rating_label(r.score.rating) if r.score else "",
            "; ".join(r.score.reasons) if r.score else "",
            sum(f.severity.value == "error" for f in active),
            sum(f.severity.value == "warning" for f in active),
            sum(f.severity.value == "info" for f in active),
            *[answers.get(i, "") for i in items], r.error or "",
        ]])
    return buf.getvalue()
