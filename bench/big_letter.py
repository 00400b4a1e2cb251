"""Time and memory of one very long letter: is letterlint linear in the size of a letter?

    .venv/bin/python bench/big_letter.py [--sizes 10,100,1000] [--no-grammar]

Builds letters of about 10 KB, 100 KB and 1 MB (KB = 1,000 characters) from the example letter
``examples/stage-one-mixed-harcourt.txt``: its address, date and greeting once, then its body
paragraphs repeated (the reference, numbers and dates unchanged, so every rule has matches to
compare) until the size is reached, then the sign-off. Each size is checked in a fresh process
with ``letterlint.check_text``; prints CPU seconds (after imports and the rule set are loaded:
a warm-up check of the example itself comes first; the letter's time budget and each pattern's
time limit, both wall-clock, are raised so that load cannot cut the work short), the part of it
spent inside Harper's linter (the grammar engine, whose cost its own issue bounds) and
letterlint's own (the rest), own CPU ms per KB and its ratio to the smallest size, peak resident
memory and the number of findings. Not a timed test (issue 15): the aims are letterlint's own
work on a 1 MB letter under 15 s CPU and its time per KB within 1.5 times that of a 10 KB
letter.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "examples" / "stage-one-mixed-harcourt.txt"


def build(size_chars: int, one_line: bool = False) -> str:
    """A letter of about ``size_chars`` characters: head, repeated body paragraphs, sign-off.
    ``one_line``: the body run together into one paragraph with no line breaks (a letter pasted
    from a system that drops them), the hardest shape for checks that work paragraph by
    paragraph."""
    text = SOURCE.read_text(encoding="utf-8")
    head, _, rest = text.partition("Dear Ms Harcourt\n")
    body, _, tail = rest.partition("Yours sincerely\n")
    paras = [p for p in body.split("\n\n") if p.strip()]
    out = [head + "Dear Ms Harcourt\n"]
    n = len(out[0]) + len(tail) + 20
    i = 0
    while n < size_chars:
        p = paras[i % len(paras)]
        out.append(p)
        n += len(p) + 2
        i += 1
    if one_line:
        return out[0] + " ".join(" ".join(out[1:]).split()) + "\n\nYours sincerely\n" + tail
    return "\n\n".join(out) + "\n\nYours sincerely\n" + tail


def child(size_kb: int) -> None:
    import letterlint
    from letterlint.checks import required
    from letterlint.config.settings import Config
    from letterlint.rules import patterns

    # The bench measures the work, so the two wall-clock limits (the letter's time budget and
    # each pattern's time limit) are raised: on a loaded machine they would cut a 1 MB letter
    # short and the figure would be of part of the work (the report says "not fully checked").
    config = Config()
    config.values["checks.time_budget_s"] = 36000
    patterns.MATCH_TIMEOUT_S = required.MATCH_TIMEOUT_S = 60.0
    letterlint.check_text(SOURCE.read_text(encoding="utf-8"), config=config)  # warm: imports, rules, pipeline
    text = build(size_kb * 1000)
    from letterlint.letter.nlp import harper

    harper_before = harper.STATS.get("lint_cpu_s", 0.0)
    t0 = time.process_time()
    report = letterlint.check_text(text, config=config)
    cpu = time.process_time() - t0
    harper_cpu = harper.STATS.get("lint_cpu_s", 0.0) - harper_before
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"kb": size_kb, "chars": len(text), "cpu_s": cpu, "harper_cpu_s": harper_cpu,
                      "own_cpu_s": cpu - harper_cpu, "peak_mb": peak_mb,
                      "findings": len(report.findings), "error": report.error,
                      "not_run": list(report.incomplete)}))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10,100,1000", help="sizes in KB, comma-separated")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child is not None:
        child(args.child)
        return 0
    rows = []
    for kb in (int(s) for s in args.sizes.split(",")):
        done = subprocess.run([sys.executable, __file__, "--child", str(kb)], capture_output=True, text=True,
                              env={**os.environ, "LETTERLINT_NO_TRAINED": os.environ.get("LETTERLINT_NO_TRAINED", "1")})
        if done.returncode != 0:
            print(f"{kb} KB: failed\n{done.stderr[-2000:]}", file=sys.stderr)
            return 1
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        r = rows[-1]
        per_kb = r["own_cpu_s"] * 1000 / r["kb"]
        base = rows[0]["own_cpu_s"] * 1000 / rows[0]["kb"]
        print(f"{r['kb']:>6} KB  {r['cpu_s']:8.2f} s CPU  of which Harper {r['harper_cpu_s']:6.2f} s  "
              f"own {r['own_cpu_s']:8.2f} s  {per_kb:7.1f} ms/KB  x{per_kb / base:4.2f} of "
              f"{rows[0]['kb']} KB  peak {r['peak_mb']:6.0f} MB  {r['findings']} findings"
              f"{'  error: ' + r['error'] if r['error'] else ''}"
              f"{'  not fully checked: ' + ', '.join(r['not_run']) if r['not_run'] else ''}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
