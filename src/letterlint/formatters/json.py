"""JSON output. Schema documented in docs/json-output.md; bump the version on any change."""

from __future__ import annotations

import json
from collections.abc import Sequence

from letterlint import __version__
from letterlint.formatters.common import counts
from letterlint.model import JSON_SCHEMA_VERSION, Report


def render(reports: Sequence[Report], *, batch: bool = False, **_: object) -> str:
    c = counts(reports)
    payload = {
        "schema": "letterlint-report",
        "schema_version": JSON_SCHEMA_VERSION,
        "letterlint_version": __version__,
        "summary": {
            "letters": len(reports),
            "unreadable": c["unreadable"],
            "errors": c["error"],
            "warnings": c["warning"],
            "info": c["info"],
            "suppressed": c["suppressed"],
        },
        "reports": [r.to_dict() for r in reports],
    }
    if batch:
        from letterlint.summary import summarise

        payload["batch"] = summarise(reports).to_dict()
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
