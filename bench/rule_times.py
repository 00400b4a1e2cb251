"""Where a warm check's time goes: CPU time per rule, in-process, on the development letters.

    .venv/bin/python bench/rule_times.py [FILE ...] [--big KB] [--repeat 3] [--top 25] [--profile OUT]

Warms up on the letters in ``examples/`` (imports, the rule set, the pipeline), then checks each
letter (default: the team's corpus, tests/corpus/labels.yaml, and the independent corpus's
development set, tests/corpus/independent/dev.yaml; never the blind set) ``--repeat`` times
(default once: a letter checked again finds its paragraphs' analysis kept), and prints the CPU
time of each rule summed over the letters and divided by the repeats, with the language analysis
(tokens and sentences, built once per letter by whichever rule asks first) and everything outside
the rules (reading, facts, scoring) on lines of their own. ``--big KB`` checks one long letter
built as ``bench/big_letter.py`` builds it instead. ``--profile OUT`` also writes a cProfile of
the timed checks to OUT (read it with ``python -m pstats``). A tool for finding what to make
faster (issue 15), not a timed test.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
LABELS = (REPO / "tests/corpus/labels.yaml", REPO / "tests/corpus/independent/dev.yaml")


def dev_letters() -> list[Path]:
    """The development letters: the team's corpus and the independent development set."""
    import yaml

    out = []
    for labels in LABELS:
        data = yaml.safe_load(labels.read_text(encoding="utf-8")) or {}
        out += [labels.parent / "letters" / e["file"] for e in data.get("letters", [])]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--big", type=int, help="check one letter of about this many KB instead")
    ap.add_argument("--one-line", action="store_true", help="with --big: the body as one paragraph with no line breaks")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--profile", type=Path)
    ap.add_argument("--trained", action="store_true",
                    help="use the trained spaCy pipeline when installed (default: the embedded one)")
    args = ap.parse_args()

    import letterlint
    from letterlint.checks import required
    from letterlint.config.settings import Config
    from letterlint.engine import check as engine
    from letterlint.rules import patterns

    config = Config()
    config.values["nlp.trained"] = args.trained
    config.values["checks.time_budget_s"] = 36000
    patterns.MATCH_TIMEOUT_S = required.MATCH_TIMEOUT_S = 60.0
    per_rule: dict[str, float] = defaultdict(float)
    counting = [False]
    real_module = engine.rule_module

    class Timed:
        def __init__(self, module: Any) -> None:
            self.module = module

        def __getattr__(self, name: str) -> Any:
            value = getattr(self.module, name)
            if name not in ("run", "run_for"):
                return value

            def timed(rule: Any, *a: Any) -> Any:
                t0 = time.process_time()
                try:
                    return value(rule, *a)
                finally:
                    if counting[0]:
                        per_rule[rule.code] += time.process_time() - t0
            return timed

    engine.rule_module = lambda rule: Timed(real_module(rule))  # type: ignore[assignment]
    real_context = engine._context

    def context(*a: Any, **kw: Any) -> Any:
        ctx = real_context(*a, **kw)
        t0 = time.process_time()
        ctx.analysis  # noqa: B018 - built here so that no rule is charged for it
        if counting[0]:
            per_rule["(analysis)"] += time.process_time() - t0
        return ctx

    engine._context = context  # type: ignore[assignment]

    if args.big:
        sys.path.insert(0, str(REPO / "bench"))
        import big_letter

        text = big_letter.build(args.big * 1000, one_line=args.one_line)
        jobs = [lambda: letterlint.check_text(text, config=config)]
        letterlint.check_path(big_letter.SOURCE, config=config)  # warm-up
    else:
        files = args.files or dev_letters()
        jobs = [lambda f=f: letterlint.check_path(f, config=config) for f in files]
        for example in sorted((REPO / "examples").glob("*.*")):  # warm-up
            letterlint.check_path(example, config=config)
    counting[0] = True
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    t0 = time.process_time()
    for _ in range(args.repeat):
        for job in jobs:
            job()
    total = time.process_time() - t0
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
    n = args.repeat
    rules = sum(v for k, v in per_rule.items() if k != "(analysis)")
    print(f"{len(jobs)} letter(s), {n} repeat(s): {total / n:.3f} s CPU a pass, "
          f"{total / n / len(jobs) * 1000:.1f} ms a letter")
    print(f"  rules {rules / n:.3f} s, analysis {per_rule['(analysis)'] / n:.3f} s, "
          f"the rest {(total - rules - per_rule['(analysis)']) / n:.3f} s")
    for code, t in sorted(per_rule.items(), key=lambda kv: -kv[1])[:args.top]:
        print(f"  {code:<12} {t / n * 1000:9.1f} ms  {t / total * 100:5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
