"""Measure every Harper rule, and letterlint's grammar as shipped, on JFLEG and the corpus.

Usage (from the repository root):

    .venv/bin/python bench/harper_rules.py JFLEG_DIR [--out bench/out/harper-rules.json]
                                           [--markdown] [--skip-letterlint]

JFLEG_DIR is a copy of the JFLEG corpus (its ``dev/dev.src`` and ``dev/dev.ref0`` are read).
JFLEG is licensed CC BY-NC-SA: use it for measurement only; never commit any of it.

Per Harper rule (every rule Harper has, spelling, capitalisation and formatting included, so
the table shows why they stay off):

- ``clean``: findings on the corpus's clean letters (labelled better than adequate) that match no
  labelled error (a clean letter may still hold one slip, such as "a application"), after
  letterlint's filters (body only; quotes, anonymised names, addresses... left out). Must be 0.
- ``other``: findings on the other corpus letters that match no labelled defect (false alarms).
- ``corpus hits``: labelled Q22/Q23 defects it finds (same words).
- ``src``: JFLEG sources needing a correction (``dev.ref0`` differs) it flags.
- ``ref0``: the same sentences' ``dev.ref0`` corrections it flags (false flags).

Then letterlint as shipped (the rule files in rules/): the share of JFLEG sources and of
their corrections given a grammar finding (item Q23), by rule code, recall and precision on the
corpus's labelled Q23 defects (team and independent dev; the blind set only with ``--blind``),
and Q23 findings on the examples with no grammar error put in, with Harper and with the
built-in rules alone.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

OFF_KINDS = {"Spelling", "Capitalization", "Formatting", "Typo", "Readability", "Style", "Enhancement",
             "Repetition", "Redundancy", "Regionalism", "BoundaryError", "Eggcorn", "Malapropism",
             "Usage", "Nonstandard", "Punctuation"}  # reported, but not candidates (see README)


def detok(s: str) -> str:
    """JFLEG is tokenised ("did n't go ."): rejoin it as a person would type it."""
    s = s.strip()
    s = re.sub(r" ([.,!?;:%)])", r"\1", s)
    s = re.sub(r"([($]) ", r"\1", s)
    s = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", s, flags=re.I)
    s = re.sub(r'" (.*?) "', r'"\1"', s)
    return s


def jfleg_pairs(folder: Path) -> list[tuple[str, str]]:
    src = (folder / "dev" / "dev.src").read_text(encoding="utf-8").splitlines()
    ref = (folder / "dev" / "dev.ref0").read_text(encoding="utf-8").splitlines()
    if len(src) != len(ref) or not src:
        raise SystemExit(f"{folder}: dev/dev.src and dev/dev.ref0 missing or of different lengths")
    return [(detok(s), detok(r)) for s, r in zip(src, ref, strict=True) if s.strip() != r.strip()]


CORPORA = {
    "team": (REPO / "tests" / "corpus" / "labels.yaml", REPO / "tests" / "corpus" / "letters"),
    "independent-dev": (REPO / "tests" / "corpus" / "independent" / "dev.yaml",
                        REPO / "tests" / "corpus" / "independent" / "letters"),
    "independent-blind": (REPO / "tests" / "corpus" / "independent" / "blind.yaml",
                          REPO / "tests" / "corpus" / "independent" / "letters"),
}
TUNING = ("team", "independent-dev")  # the blind set is measured, never used to choose rules
EXAMPLES = REPO / "examples"
# the examples with no grammar error put in (examples/README.md): any Q23 finding is a false alarm
CLEAN_EXAMPLES = ("acknowledgement.txt", "holding-letter.txt", "stage-one-good.docx", "stage-one-mixed-harcourt.txt",
                  "stage-one-service-adequate.md", "stage-one-sexual-offence-upheld.md", "stage-two-legal.docx")


def corpus(names: tuple[str, ...] = TUNING) -> list[dict[str, Any]]:
    """Labelled letters, each with its ``path`` and ``corpus`` name added."""
    import yaml

    out = []
    for name in names:
        labels, folder = CORPORA[name]
        if not labels.is_file():
            continue
        for entry in yaml.safe_load(labels.read_text(encoding="utf-8"))["letters"]:
            out.append({**entry, "path": folder / entry["file"], "corpus": name})
    return out


def _overlaps(quote: str, span_text: str) -> bool:
    q, t = quote.lower().strip(), span_text.lower().strip()
    return bool(q) and bool(t) and (q in t or t in q)


def per_rule(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    from letterlint.checks import harper as kind
    from letterlint.config.settings import Config
    from letterlint.engine import check as engine
    from letterlint.letter import analysis as letter
    from letterlint.letter.nlp import harper
    from letterlint.reading import read
    from letterlint.rules.loader import ruleset_for

    t0 = time.process_time()
    harper.linter()
    build_cpu = time.process_time() - t0
    default = harper.linter().get_default_lint_config()
    names = list(default)  # every rule, those off by default included
    kinds: dict[str, str] = {}
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[str, list[str]] = defaultdict(list)

    def sentence_rules(text: str) -> set[str]:
        got = set()
        for x in harper.lint(text, names):
            kinds.setdefault(x.rule, x.kind)
            got.add(x.rule)
        return got

    for src, ref in pairs:
        for r in sentence_rules(src):
            stats[r]["src"] += 1
            if len(examples[r + ":src"]) < 3:
                examples[r + ":src"].append(src)
        for r in sentence_rules(ref):
            stats[r]["ref0"] += 1
            if len(examples[r]) < 3:
                examples[r].append(ref)
    config = Config()
    ruleset = ruleset_for()
    labelled_q23 = 0
    for entry in corpus():
        try:
            doc = read(entry["path"])
        except Exception:  # a format this branch cannot read yet
            continue
        let = letter.analyse(doc)
        ctx = engine._context(let, config, ruleset, None)
        lints = kind.body_lints(ctx, frozenset(names))
        clean = entry.get("rating") == "better-than-adequate"
        wanted = [f for f in entry.get("findings") or [] if f.get("item") in ("Q22", "Q23")]
        labelled_q23 += sum(f.get("item") == "Q23" for f in wanted)
        hit_labels: dict[str, set[int]] = defaultdict(set)
        for span, x in lints:
            kinds.setdefault(x.rule, x.kind)
            words = doc.text[span.start:span.end]
            match = [i for i, f in enumerate(wanted) if _overlaps(str(f.get("quote", "")), words)]
            if match:  # a labelled error, on a clean letter or not
                hit_labels[x.rule].update(match)
            elif clean:
                stats[x.rule]["clean"] += 1
                if len(examples[x.rule + ":clean"]) < 3:
                    examples[x.rule + ":clean"].append(f"{entry['file']}: {words!r}")
            else:
                stats[x.rule]["other"] += 1
        for r, found in hit_labels.items():
            for i in found:
                stats[r]["hits_" + str(wanted[i]["item"])] += 1
    rows = []
    for r in sorted(stats, key=lambda n: (-stats[n]["src"], n)):
        s = stats[r]
        rows.append({"rule": r, "kind": kinds.get(r, ""), "src": s["src"], "ref0": s["ref0"],
                     "clean": s["clean"], "other": s["other"], "hits_q23": s["hits_Q23"],
                     "hits_q22": s["hits_Q22"], "ref0_examples": examples[r], "src_examples": examples[r + ":src"],
                     "clean_examples": examples[r + ":clean"]})
    return {"sentences": len(pairs), "rules": rows, "build_cpu_s": build_cpu, "labelled_q23": labelled_q23}


def shipped(pairs: list[tuple[str, str]], with_harper: bool, with_jfleg: bool = True,
            corpora: tuple[str, ...] = TUNING) -> dict[str, Any]:
    """letterlint as shipped: Q23 findings on JFLEG sentences (in a letter), on the named
    corpora and on the clean examples; with the JFLEG counts by rule code."""
    from tests.conftest import wrap_letter

    from letterlint.config.settings import Config
    from letterlint.engine import check as engine
    from letterlint.reading import read_string
    from letterlint.rules.loader import RuleSet, ruleset_for

    full = ruleset_for()
    # spelling and grammar rules only (Q22, Q23): the others cannot change a Q23 finding
    rules = tuple(r for r in full.rules if r.item in ("Q22", "Q23") and (with_harper or r.impl != "harper"))
    ruleset = RuleSet(rules, full.banks)
    config = Config()
    over = {"letter_type": "stage-one"}

    by_code: dict[str, Counter[str]] = {"src": Counter(), "ref0": Counter()}
    ref0_examples: list[str] = []

    def q23(text: str, which: str) -> bool:
        body = wrap_letter(text)
        doc = read_string(body, "jfleg.txt")
        rep = engine.check_document(doc, config, ruleset, over)
        start = body.index(text)
        codes = {f.code for f in rep.findings if f.item == "Q23" and f.span is not None and f.span.start >= start
                 and f.span.end <= start + len(text) and not f.suppressed}
        by_code[which].update(codes)
        if codes and which == "ref0" and len(ref0_examples) < 40:
            ref0_examples.append(f"{sorted(codes)}: {text}")
        return bool(codes)

    out: dict[str, Any] = {}
    if with_jfleg:
        src = sum(q23(s, "src") for s, _ in pairs)
        ref = sum(q23(r, "ref0") for _, r in pairs)
        out.update({"src_flagged": src, "ref0_flagged": ref, "sentences": len(pairs),
                    "src_pct": round(100 * src / len(pairs), 1), "ref0_pct": round(100 * ref / len(pairs), 1),
                    "src_by_code": dict(by_code["src"].most_common()),
                    "ref0_by_code": dict(by_code["ref0"].most_common()), "ref0_examples": ref0_examples})
    for name in corpora:
        out[name] = _corpus_q23(name, config, ruleset)
    out["examples"] = _examples_q23(config, ruleset)
    return out


def _examples_q23(config: Any, ruleset: Any) -> dict[str, Any]:
    """Q23 findings on the examples with no grammar error put in (must be none)."""
    from letterlint.engine import check as engine

    found = []
    for name in CLEAN_EXAMPLES:
        rep = engine.check_path(EXAMPLES / name, config, ruleset=ruleset)
        found += [f"{name}: {f.code} {f.quote!r}" for f in rep.findings if f.item == "Q23" and not f.suppressed]
    return {"clean_examples": len(CLEAN_EXAMPLES), "q23_findings_on_clean_examples": found}


def _corpus_q23(name: str, config: Any, ruleset: Any) -> dict[str, Any]:
    from letterlint.engine import check as engine
    from letterlint.reading import read
    from letterlint.scoring.evaluate import _matches

    tp = fp = found = total = 0
    clean_findings = []
    harper_findings = 0
    for entry in corpus((name,)):
        try:
            doc = read(entry["path"])
        except Exception:
            continue
        rep = engine.check_document(doc, config, ruleset, None)
        harper_findings += sum("harper" in f.source for f in rep.findings if f.item == "Q23")
        got = [f for f in rep.findings if f.item == "Q23" and not f.suppressed]
        wanted = [lab for lab in entry.get("findings") or [] if lab.get("item") == "Q23"]
        total += len(wanted)  # matched as `letterlint eval` matches: same item, overlapping words
        found += sum(any(_matches(f, lab, doc.text) for f in got) for lab in wanted)
        for f in got:
            if any(_matches(f, lab, doc.text) for lab in wanted):
                tp += 1
            else:
                fp += 1
                if entry.get("rating") == "better-than-adequate":
                    where = "" if name.endswith("blind") else f"{entry['file']}: "  # blind: the code only
                    clean_findings.append(f"{where}{f.code}" if not where else f"{where}{f.code} {f.quote!r}")
    return {"q23_recall": f"{found}/{total}", "q23_precision": f"{tp}/{tp + fp}",
            "q23_findings_from_harper": harper_findings,
            "q23_findings_on_clean_letters": clean_findings}


def markdown(res: dict[str, Any], chosen: set[str]) -> str:
    n = res["per_rule"]["sentences"]
    lines = ["| Harper rule | Kind | JFLEG sources flagged | JFLEG ref0 flagged | Clean letters | "
             "Other corpus false alarms | Corpus defects found (Q23/Q22) | On |",
             "|---|---|---|---|---|---|---|---|"]
    for row in res["per_rule"]["rules"]:
        if row["src"] + row["ref0"] + row["clean"] + row["other"] + row["hits_q23"] + row["hits_q22"] == 0:
            continue
        if row["src"] < 3 and row["rule"] not in chosen and not (row["hits_q23"] or row["hits_q22"]):
            continue
        lines.append(f"| {row['rule']} | {row['kind']} | {row['src']} ({100 * row['src'] / n:.1f}%) | "
                     f"{row['ref0']} | {row['clean']} | {row['other']} | {row['hits_q23']}/{row['hits_q22']} | "
                     f"{'yes' if row['rule'] in chosen else ''} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("jfleg", type=Path, help="folder holding JFLEG's dev/dev.src and dev/dev.ref0")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "harper-rules.json")
    ap.add_argument("--markdown", action="store_true", help="print the per-rule table as Markdown")
    ap.add_argument("--skip-letterlint", action="store_true", help="only the per-rule table")
    ap.add_argument("--blind", action="store_true",
                    help="also count letterlint's Q23 findings on the blind set (for the lead's final "
                         "measure only: never to choose rules)")
    ap.add_argument("--builtin-jfleg", action="store_true",
                    help="also run JFLEG through letterlint without Harper (slow: every sentence twice more)")
    args = ap.parse_args()
    pairs = jfleg_pairs(args.jfleg)
    res: dict[str, Any] = {"per_rule": per_rule(pairs)}
    from letterlint.rules.loader import ruleset_for

    chosen = {name for r in ruleset_for().rules if r.impl == "harper"
              for name in [*r.compiled["rules"], *(n for ns in r.compiled["supersedes"].values() for n in ns)]}
    res["chosen"] = sorted(chosen)
    if not args.skip_letterlint:
        corpora = (*TUNING, "independent-blind") if args.blind else TUNING
        res["letterlint_with_harper"] = shipped(pairs, True, corpora=corpora)
        res["letterlint_builtin_only"] = shipped(pairs, False, args.builtin_jfleg, corpora=corpora)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    if args.markdown:
        print(markdown(res, chosen))
    for key in ("letterlint_with_harper", "letterlint_builtin_only"):
        if key in res:
            print(key, json.dumps({k: v for k, v in res[key].items()}, indent=1))
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
