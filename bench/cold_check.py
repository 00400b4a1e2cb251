"""``letterlint`` exactly as the console script runs it, for ``bench/run.py``'s measures of
whole processes (one cold ``check``, the corpus and the outbox with ``batch --jobs 1``).

    python bench/cold_check.py check LETTER     (any letterlint command and options)

When ``LETTERLINT_BENCH_STATS`` names a file, the process writes there at exit, as JSON, the CPU
and wall time Harper took to build its linter in this process (importing harper-py and building
``Linter``) and the CPU time of all its lint calls (``letter.nlp.harper.STATS``; all 0 when no
Harper rule ran). Harper is a kept library whose cost issue 15 reports on its own lines and
leaves out of the ratios to proselint, so ``run.py`` subtracts both from the process's CPU time
to get letterlint's own work, and reports them apart. Only this process is counted: with
``batch --jobs`` above 1 the workers' Harper time is not seen (run.py uses ``--jobs 1``).
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
                   "harper_lint_cpu_s": stats.get("lint_cpu_s", 0.0),
                   "harper_lint_calls": int(stats.get("lint_calls", 0))}, fh)


if __name__ == "__main__":
    atexit.register(_write_stats)
    from letterlint.cli.app import entry  # the console script's own entry point

    entry()
