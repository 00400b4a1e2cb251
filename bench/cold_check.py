"""``letterlint`` exactly as the console script runs it, for ``bench/run.py``'s cold measure.

When ``LETTERLINT_BENCH_STATS`` names a file, the process writes there at exit, as JSON, the CPU
and wall time Harper took to build its linter in this process and the CPU time of its lint
calls on the letter (``letter.nlp.harper.STATS``; all 0 when no Harper rule ran). Harper is a
kept library whose cost is reported on its own lines and left out of the ratios to proselint
(issue 15), so ``run.py`` subtracts the build time from each cold run's CPU time and reports it
apart, and gives a second figure with the lint time left out as well.
"""

from __future__ import annotations

import atexit
import os
import sys


def _write_stats() -> None:
    path = os.environ.get("LETTERLINT_BENCH_STATS")
    if not path:
        return
    harper = sys.modules.get("letterlint.letter.nlp.harper")  # never imported just for this
    stats = dict(getattr(harper, "STATS", {}) or {})
    import json  # here, so the measured process imports nothing letterlint itself does not

    with open(path, "w", encoding="utf-8") as fh:
        json.dump({"harper_build_cpu_s": stats.get("build_cpu_s", 0.0),
                   "harper_build_s": stats.get("build_s", 0.0),
                   "harper_lint_cpu_s": stats.get("lint_cpu_s", 0.0)}, fh)


if __name__ == "__main__":
    atexit.register(_write_stats)
    from letterlint.cli.app import entry  # the console script's own entry point

    entry()
