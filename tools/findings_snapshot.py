"""Snapshot every finding letterlint gives on the repository's letters, and compare two runs.

Used to prove a refactor changes no finding (issue 11: "every finding on the corpus and every
golden report is unchanged ... except bugs you fix, each named in its commit").

    .venv/bin/python tools/findings_snapshot.py save /tmp/before.json
    .venv/bin/python tools/findings_snapshot.py compare /tmp/before.json   # exit 1 on any difference
    .venv/bin/python tools/findings_snapshot.py compare /tmp/before.json --only examples
    .venv/bin/python tools/findings_snapshot.py save /tmp/before.json --no-blind

``--no-blind`` leaves out the letters of the independent corpus's blind set
(tests/corpus/independent/blind.yaml): whoever tunes rules must not see their per-letter findings.

What is recorded, per letter (every letter of a file): each finding's code, severity, span,
quote, message, suggestion, fix advice and autofix text; every questionnaire item's answer; the
score, rating and notes. Letters: ``tests/corpus`` (with ``independent/``), ``examples/`` and
``tests/fixtures/inputs`` (with the complainant's letter where a labels file names one), and each
rule's own ``example.bad`` and ``example.good`` checked as text. Runs with the default
configuration from an empty folder, so no ``.letterlint.yaml`` is picked up.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = {".txt", ".md", ".docx", ".pdf", ".odt", ".rtf", ".eml", ".msg", ".doc"}
LETTER_DIRS = ("tests/corpus/letters", "tests/corpus/independent/letters", "examples",
               "tests/fixtures/inputs")
SKIP_PARTS = {"src", "complaints", "text", "second-labels"}


def _complaints() -> dict[Path, Path]:
    """Letter path -> complainant's letter, from the labels files that name one."""
    import yaml

    out: dict[Path, Path] = {}
    for labels, base in ((ROOT / "tests/corpus/labels.yaml", ROOT / "tests/corpus"),
                         (ROOT / "tests/corpus/independent/dev.yaml", ROOT / "tests/corpus/independent"),
                         (ROOT / "tests/corpus/independent/blind.yaml", ROOT / "tests/corpus/independent")):
        if not labels.is_file():
            continue
        data = yaml.safe_load(labels.read_text(encoding="utf-8")) or {}
        for entry in data.get("letters", []):
            if entry.get("complaint"):
                out[(base / "letters" / entry["file"]).resolve()] = (base / entry["complaint"]).resolve()
    harcourt = ROOT / "examples/stage-one-mixed-harcourt.txt"
    out[harcourt.resolve()] = (ROOT / "examples/complaints/complaint-harcourt.txt").resolve()
    return out


def _blind_letters() -> set[Path]:
    """The letter files of the blind set (tests/corpus/independent/blind.yaml), resolved."""
    import yaml

    labels = ROOT / "tests/corpus/independent/blind.yaml"
    if not labels.is_file():
        return set()
    data = yaml.safe_load(labels.read_text(encoding="utf-8")) or {}
    return {(ROOT / "tests/corpus/independent/letters" / e["file"]).resolve() for e in data.get("letters", [])}


def letters(only: str | None = None, blind: bool = True) -> Iterator[Path]:
    """The letter files to snapshot, in a fixed order; ``only`` keeps paths containing that text,
    ``blind=False`` leaves out the blind set's letters."""
    hidden = set() if blind else _blind_letters()
    for d in LETTER_DIRS:
        for p in sorted((ROOT / d).rglob("*")):
            rel = p.relative_to(ROOT)
            if not p.is_file() or p.suffix.lower() not in SUFFIXES or p.name == "README.md":
                continue
            if SKIP_PARTS & set(rel.parts[len(Path(d).parts):-1]):
                continue
            if only and only not in str(rel):
                continue
            if p.resolve() in hidden:
                continue
            yield p


def _finding(f: dict[str, Any]) -> dict[str, Any]:
    span = f.get("span")
    fix = f.get("autofix")
    return {
        "code": f["code"], "severity": f["severity"],
        "span": None if span is None else [span["start"], span["end"]],
        "quote": f["quote"], "message": f["message"], "suggestion": f["suggestion"], "fix": f["fix"],
        "autofix": None if fix is None else [fix["start"], fix["end"], fix["text"], fix["level"]],
        "source": f["source"], "suppressed": f["suppressed"],
    }


def _letter(d: dict[str, Any]) -> dict[str, Any]:
    score = d.get("score")
    return {
        "error": d.get("error"),
        "findings": sorted((_finding(f) for f in d["findings"]),
                           key=lambda f: (f["code"], f["span"] or [-1, -1], f["message"])),
        "items": {} if score is None else {i["item"]: [i["answer"], i["passed"], i["points_lost"], i["reason"]]
                                           for i in score["items"]},
        "score": None if score is None else score["value"],
        "rating": None if score is None else score["rating"],
        "results": {r["code"]: r["status"] for r in d["results"] if r["status"] != "passed"},
        "notes": d.get("notes", []),
    }


def _report(report: Any) -> list[dict[str, Any]]:
    return [_letter(one.to_dict()) for one in report.each_letter()]


def rule_examples() -> dict[str, Any]:
    """Findings on every built-in rule's ``example.bad`` and ``example.good``, checked as text
    (a few seconds: the committed compact snapshot ``tests/snapshots/rule-examples.json``)."""
    import letterlint
    from letterlint.config.settings import Config
    from letterlint.rules.loader import ruleset_for

    config = Config()
    out: dict[str, Any] = {}
    for rule in ruleset_for().rules:
        for which in ("bad", "good"):
            text = getattr(rule.example, which)
            out[f"rule:{Path(rule.source).name}:{which}"] = _report(
                letterlint.check_text(text, name=f"{rule.code}-{which}", config=config))
    return out


def snapshot(only: str | None = None, rules: bool = True, blind: bool = True) -> dict[str, Any]:
    """Every letter's findings (``only``: paths containing this text; ``blind=False`` leaves out
    the blind set), and the rules' examples."""
    import letterlint
    from letterlint.config.settings import Config

    config = Config()
    complaints = _complaints()
    out: dict[str, Any] = {}
    for p in letters(only, blind):
        rel = str(p.relative_to(ROOT))
        print(rel, file=sys.stderr, flush=True)
        complaint = complaints.get(p.resolve())
        out[rel] = _report(letterlint.check_path(p, complaint=complaint, config=config))
    if rules and not only:
        out.update(rule_examples())
    return out


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Every difference between two snapshots, one readable line each."""
    out: list[str] = []
    for key in sorted(set(before) | set(after)):
        if key not in after:
            out.append(f"{key}: missing from the new run")
            continue
        if key not in before:
            out.append(f"{key}: new in this run")
            continue
        b_letters, a_letters = before[key], after[key]
        if len(b_letters) != len(a_letters):
            out.append(f"{key}: {len(b_letters)} letters before, {len(a_letters)} now")
        for n, (b, a) in enumerate(zip(b_letters, a_letters, strict=False), 1):
            where = f"{key}#{n}"
            bf = {json.dumps(f, sort_keys=True) for f in b["findings"]}
            af = {json.dumps(f, sort_keys=True) for f in a["findings"]}
            out += [f"{where}: GONE  {f}" for f in sorted(bf - af)]
            out += [f"{where}: NEW   {f}" for f in sorted(af - bf)]
            for field in ("error", "score", "rating", "results", "notes"):
                if b[field] != a[field]:
                    out.append(f"{where}: {field}: {b[field]!r} -> {a[field]!r}")
            for item in sorted(set(b["items"]) | set(a["items"])):
                if b["items"].get(item) != a["items"].get(item):
                    out.append(f"{where}: item {item}: {b['items'].get(item)!r} -> {a['items'].get(item)!r}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("action", choices=("save", "compare"))
    ap.add_argument("snapshot", type=Path, help="the JSON snapshot file (written by save, read by compare)")
    ap.add_argument("--only", help="only letters whose path contains this text (and no rule examples)")
    ap.add_argument("--no-blind", action="store_true",
                    help="leave out the blind set's letters (tests/corpus/independent/blind.yaml)")
    args = ap.parse_args(argv)
    here = Path.cwd()
    with tempfile.TemporaryDirectory() as empty:
        os.chdir(empty)
        try:
            now = snapshot(args.only, blind=not args.no_blind)
        finally:
            os.chdir(here)
    if args.action == "save":
        args.snapshot.write_text(json.dumps(now, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                                 encoding="utf-8")
        print(f"{len(now)} files saved to {args.snapshot}")
        return 0
    before = json.loads(args.snapshot.read_text(encoding="utf-8"))
    if args.only or args.no_blind:
        before = {k: v for k, v in before.items() if k in now or k.startswith("rule:")}
    diffs = differences(before, now)
    for line in diffs:
        print(line)
    print(f"{len(now)} files compared, {len(diffs)} differences")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
