"""JSON output. Schema documented in docs/json-output.md; bump the version on any change."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any, TextIO

from letterlint import __version__
from letterlint.model import JSON_SCHEMA_VERSION, Report
from letterlint.reports.common import Spool, Totals


def render(reports: Sequence[Report], *, batch: bool = False, **_: object) -> str:
    """The JSON document for ``reports`` (schema in docs/json-output.md, version
    ``JSON_SCHEMA_VERSION``): totals, then each report's ``to_dict()``. With ``batch`` True it
    also holds the Annex B summary (``summarise``). Built one report at a time (``Writer``)."""
    from letterlint.reports import write_all

    buf = io.StringIO()
    write_all(Writer(buf, batch=batch), reports)
    return buf.getvalue()


class Writer:
    """The JSON document written to ``out`` one report at a time: each report's JSON goes to a
    private temporary file as it comes, and ``close`` writes the totals (which come first in
    the document), then the reports, then the Annex B summary (``batch``). The same text as
    dumping everything at once; memory does not grow with the number of letters."""

    def __init__(self, out: TextIO, *, batch: bool = False, on_disk: bool = False, **_: object) -> None:
        from letterlint.scoring.annex_b import Tally

        self.out = out
        self.totals = Totals()
        self.tally = Tally() if batch else None
        self.spool = Spool(on_disk)

    def add(self, reports: Sequence[Report]) -> None:
        """Add the letters of one file."""
        for r in reports:
            self.spool.write("\n" if self.totals.letters == 0 else ",\n")
            self.spool.write(_indented(json.dumps(r.to_dict(), indent=2, ensure_ascii=False)))
            self.totals.add(r)
            if self.tally is not None:
                self.tally.add(r)

    def close(self) -> None:
        """Write the document."""
        c = self.totals.counts
        payload: dict[str, Any] = {
            "schema": "letterlint-report",
            "schema_version": JSON_SCHEMA_VERSION,
            "letterlint_version": __version__,
            "language_pipelines": list(self.totals.pipelines),
            "summary": {
                "letters": self.totals.letters,
                "unreadable": c["unreadable"],
                "not_fully_checked": c["incomplete"],
                "errors": c["error"],
                "warnings": c["warning"],
                "info": c["info"],
                "suppressed": c["suppressed"],
            },
            "reports": _PLACEHOLDER,
        }
        if self.tally is not None:
            payload["batch"] = self.tally.summary().to_dict()
        head = json.dumps(payload, indent=2, ensure_ascii=False)
        marker = json.dumps(_PLACEHOLDER)
        if self.totals.letters == 0:
            self.out.write(head.replace(marker, "[]", 1) + "\n")
        else:
            before, after = head.split(marker, 1)
            self.out.write(before + "[")
            self.spool.copy_to(self.out)
            self.out.write("\n  ]" + after + "\n")
        self.spool.close()


_PLACEHOLDER = "\u0000letterlint-reports\u0000"


def _indented(text: str, by: str = "    ") -> str:
    return "\n".join(by + line for line in text.split("\n"))
