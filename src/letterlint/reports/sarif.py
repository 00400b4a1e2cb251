"""SARIF 2.1.0 for code-scanning tools in a letters repository's CI."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any, TextIO

from letterlint import __version__
from letterlint.model import Report
from letterlint.reports.common import Spool

LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    """A URI reference for the file: relative paths stay relative (as code scanning expects),
    absolute ones become file:// URIs; spaces and other characters are percent-encoded."""
    from pathlib import Path
    from urllib.parse import quote

    p = Path(path)
    return p.as_uri() if p.is_absolute() else quote(p.as_posix())


def render(reports: Sequence[Report], **_: object) -> str:
    """A SARIF 2.1.0 log (JSON text) for ``reports``: one rule per finding code and one result
    per finding, with its questionnaire item in ``properties``; suppressed findings carry an
    in-source suppression, and an unreadable file is an "unreadable" error result."""
    from letterlint.reports import write_all

    buf = io.StringIO()
    write_all(Writer(buf), reports)
    return buf.getvalue()


_PLACEHOLDER = "\u0000letterlint-results\u0000"
RESULT_INDENT = " " * 8  # a result's depth in the log: runs[0].results[n]


class Writer:
    """``render``'s log written to ``out``: the rules (one per finding code, so few) are kept,
    each result goes to a private temporary file as it comes, and ``close`` writes the log.
    The same text as dumping the whole log at once."""

    def __init__(self, out: TextIO, *, on_disk: bool = False, **_: object) -> None:
        self.out = out
        self.rules: dict[str, dict[str, Any]] = {}
        self.spool = Spool(on_disk)
        self.results = 0

    def _result(self, res: dict[str, Any]) -> None:
        self.spool.write("\n" if self.results == 0 else ",\n")
        text = json.dumps(res, indent=2, ensure_ascii=False)
        self.spool.write("\n".join(RESULT_INDENT + line for line in text.split("\n")))
        self.results += 1

    def add(self, reports: Sequence[Report]) -> None:
        """Add the results for the letters of one file."""
        rules = self.rules
        for r in reports:
            if r.error:
                self._result({"ruleId": "unreadable", "level": "error", "message": {"text": r.error},
                              "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(r.path)}}}]})
                rules.setdefault("unreadable", {"id": "unreadable", "name": "unreadable-file",
                                                "shortDescription": {"text": "The file could not be read"}})
                continue
            for f in r.findings:
                rules.setdefault(f.code, {
                    "id": f.code, "name": f.name,
                    "shortDescription": {"text": f"{f.item}: {f.name.replace('-', ' ')}"},
                    "fullDescription": {"text": f.why or f.message},
                    "help": {"text": f.fix or f.message},
                    "properties": {"questionnaire_item": f.item},
                })
                phys: dict[str, Any] = {"artifactLocation": {"uri": _uri(r.path)}}
                if f.location.line is not None:
                    phys["region"] = {"startLine": f.location.line, "startColumn": f.location.column,
                                      "snippet": {"text": f.quote}}
                    if f.quote and "\n" not in f.quote and f.location.column is not None:
                        phys["region"]["endColumn"] = f.location.column + len(f.quote)
                elif f.quote:
                    phys["region"] = {"snippet": {"text": f.quote}}
                res: dict[str, Any] = {
                    "ruleId": f.code, "level": LEVEL[f.severity.value],
                    "message": {"text": f.message + (f" Suggested: {f.suggestion}" if f.suggestion else "")},
                    "locations": [{"physicalLocation": phys}],
                }
                res["properties"] = {"questionnaire_item": f.item}
                if f.location.paragraph is not None and f.location.line is None:
                    res["properties"]["paragraph"] = f.location.paragraph
                    res["message"]["text"] = f"{f.location.describe().capitalize()}: {res['message']['text']}"
                if f.suppressed:
                    res["suppressions"] = [{"kind": "inSource", "justification": f.suppression_reason or ""}]
                self._result(res)

    def close(self) -> None:
        """Write the log."""
        log = {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "letterlint", "version": __version__,
                                    "rules": list(self.rules.values())}},
                "results": _PLACEHOLDER,
            }],
        }
        head = json.dumps(log, indent=2, ensure_ascii=False)
        marker = json.dumps(_PLACEHOLDER)
        if not self.results:
            self.out.write(head.replace(marker, "[]", 1) + "\n")
        else:
            before, after = head.split(marker, 1)
            self.out.write(before + "[")
            self.spool.copy_to(self.out)
            self.out.write("\n" + RESULT_INDENT[:-2] + "]" + after + "\n")
        self.spool.close()
