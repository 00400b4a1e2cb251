"""JSON output. Schema documented in docs/json-output.md; bump the version on any change."""

from __future__ import annotations

import json
from collections.abc import Sequence

from letterlint import __version__
from letterlint.model import JSON_SCHEMA_VERSION, Report
from letterlint.reports.common import counts, pipelines


def render(reports: Sequence[Report], *, batch: bool = False, **_: object) -> str:
    """The JSON document for ``reports`` (schema in docs/json-output.md, version
    ``JSON_SCHEMA_VERSION``): totals, then each report's ``to_dict()``. With ``batch`` True it
    also holds the Annex B summary (``summarise``). Built one report at a time to keep memory low."""
    c = counts(reports)
    payload = {
        "schema": "letterlint-report",
        "schema_version": JSON_SCHEMA_VERSION,
        "letterlint_version": __version__,
        "language_pipelines": pipelines(reports),
        "summary": {
            "letters": len(reports),
            "unreadable": c["unreadable"],
            "not_fully_checked": c["incomplete"],
            "errors": c["error"],
            "warnings": c["warning"],
            "info": c["info"],
            "suppressed": c["suppressed"],
        },
        "reports": _PLACEHOLDER,
    }
    if batch:
        from letterlint.scoring.annex_b import summarise

        payload["batch"] = summarise(reports).to_dict()
    # The same text as dumping everything at once, built one report at a time: an outbox of a
    # thousand letters would otherwise hold every report twice over as Python objects.
    head = json.dumps(payload, indent=2, ensure_ascii=False)
    marker = json.dumps(_PLACEHOLDER)
    if not reports:
        return head.replace(marker, "[]", 1) + "\n"
    before, after = head.split(marker, 1)
    parts = [before, "["]
    for i, r in enumerate(reports):
        parts.append("\n" if i == 0 else ",\n")
        parts.append(_indented(json.dumps(r.to_dict(), indent=2, ensure_ascii=False)))
    parts += ["\n  ]", after, "\n"]
    return "".join(parts)


_PLACEHOLDER = "\u0000letterlint-reports\u0000"


def _indented(text: str) -> str:
    return "\n".join("    " + line for line in text.split("\n"))
