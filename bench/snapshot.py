"""Every finding on the corpus, the examples and the outbox, as JSON, to prove a change leaves
them as they were.

    .venv/bin/python bench/snapshot.py OUT.json [--outbox bench/out/outbox]
    .venv/bin/python bench/snapshot.py --compare BEFORE.json AFTER.json

Each letter's findings (code, span, quote, message, suggestion, suppressed) and its rating,
taken with ``letterlint.check_path`` in one process. ``--compare`` names every difference and
exits 1 when there is one.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SUFFIXES = {".docx", ".txt", ".md", ".pdf", ".odt", ".rtf", ".eml"}


def letters(outbox: Path | None) -> list[Path]:
    found: list[Path] = []
    for root in (REPO / "tests" / "corpus" / "letters", REPO / "tests" / "corpus" / "independent" / "letters",
                 REPO / "examples"):
        found += sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in SUFFIXES
                        and p.name != "README.md" and "complaints" not in p.parts)
    if outbox is not None:
        found += sorted(p for p in outbox.iterdir() if p.suffix in SUFFIXES)
    return found


def snapshot(paths: list[Path]) -> dict[str, Any]:
    import letterlint

    out: dict[str, Any] = {}
    for p in paths:
        report = letterlint.check_path(p)
        key = str(p.relative_to(REPO)) if p.is_relative_to(REPO) else str(p)
        out[key] = {
            "error": report.error,
            "rating": None if report.score is None else str(report.score.rating),
            "findings": [
                {"code": f.code, "span": None if f.span is None else [f.span.start, f.span.end],
                 "quote": f.quote, "message": f.message, "suggestion": f.suggestion,
                 "suppressed": f.suppressed}
                for f in report.findings
            ],
        }
    return out


def compare(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    diffs: list[str] = []
    for key in sorted(set(before) | set(after)):
        if key not in after or key not in before:
            diffs.append(f"{key}: only {'before' if key in before else 'after'}")
            continue
        b, a = before[key], after[key]
        if b["error"] != a["error"] or b["rating"] != a["rating"]:
            diffs.append(f"{key}: error/rating {b['error']!r}/{b['rating']} -> {a['error']!r}/{a['rating']}")
        bs = [json.dumps(f, sort_keys=True) for f in b["findings"]]
        as_ = [json.dumps(f, sort_keys=True) for f in a["findings"]]
        for f in sorted(set(bs) - set(as_)):
            diffs.append(f"{key}: - {f}")
        for f in sorted(set(as_) - set(bs)):
            diffs.append(f"{key}: + {f}")
    return diffs


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", nargs="?", type=Path)
    ap.add_argument("--outbox", type=Path)
    ap.add_argument("--compare", nargs=2, type=Path)
    ap.add_argument("--common", action="store_true", help="compare only the letters both files hold")
    args = ap.parse_args()
    if args.compare:
        before, after = (json.loads(p.read_text()) for p in args.compare)
        if args.common:
            before = {k: v for k, v in before.items() if k in after}
            after = {k: v for k, v in after.items() if k in before}
        diffs = compare(before, after)
        print("\n".join(diffs) if diffs else "identical")
        return 1 if diffs else 0
    args.out.write_text(json.dumps(snapshot(letters(args.outbox)), indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
