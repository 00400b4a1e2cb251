"""SARIF 2.1.0 for code-scanning tools in a letters repository's CI."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from letterlint import __version__
from letterlint.model import Report

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
    rules: dict[str, dict[str, Any]] = {}
    results = []
    for r in reports:
        if r.error:
            results.append({"ruleId": "unreadable", "level": "error", "message": {"text": r.error},
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
            results.append(res)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "letterlint", "version": __version__,
                                "rules": list(rules.values())}},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
