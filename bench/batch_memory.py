"""Memory and speed of ``letterlint batch`` on a large outbox: is the parent flat in the count?

    .venv/bin/python bench/batch_memory.py [--letters 1000,3000] [--jobs 1,2] [--keep DIR]

For each count, builds an outbox with ``bench/make_outbox.py`` (the same seed, so a larger
outbox holds the smaller one's letters and more), then runs ``letterlint batch OUTBOX -f json
-o FILE --no-cache -j N`` for each number of jobs, and samples every 0.2 s the peak resident
memory (``VmHWM`` in ``/proc``) of the parent process and of each worker, and the parent's
resident memory (``VmRSS``) at a quarter, half, three quarters and the end of the run (flat if
it does not grow with the letters done). Prints, per run: the
letters, jobs, wall and CPU seconds (parent and workers together), the parent's peak and the
largest worker's peak in MB, and the speed-up in wall time from the first number of jobs.
Separately, the grammar engine's own memory: the resident memory a fresh process gains by
building Harper's linter (issue 15 leaves it out of the worker limit and asks for it apart).

Not a timed test (issue 15): the aims are the parent under 300 MB at 12,000 letters and each
worker under 200 MB plus the grammar engine. Absolute times on a shared machine move by a
factor of two; read the speed-up beside the load average printed with it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LETTERLINT = Path(sys.executable).parent / "letterlint"


def _hwm_kb(pid: int) -> int | None:
    """The peak resident memory of process ``pid`` in KB (``VmHWM``), or None once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _rss_kb(pid: int) -> int | None:
    """The resident memory of process ``pid`` now, in KB (``VmRSS``), or None once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _children(pid: int) -> list[int]:
    try:
        found = []
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
        return found
    except OSError:
        return []


def run_batch(outbox: Path, jobs: int) -> dict[str, float]:
    """One ``letterlint batch`` run: wall and CPU seconds, the parent's and each worker's peak."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic()
        proc = subprocess.Popen([str(LETTERLINT), "batch", str(outbox), "-f", "json", "-o", str(out),
                                 "--no-cache", "-j", str(jobs)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        parent = 0
        workers: dict[int, int] = {}
        trace: list[int] = []  # the parent's resident memory at each sample
        while proc.poll() is None:
            parent = max(parent, _hwm_kb(proc.pid) or 0)
            now = _rss_kb(proc.pid)
            if now:
                trace.append(now)
            for c in _children(proc.pid):
                hwm = _hwm_kb(c)
                if hwm:
                    workers[c] = max(workers.get(c, 0), hwm)
            time.sleep(0.2)
        wall = time.monotonic() - t0
        err = proc.stderr.read() if proc.stderr else ""
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        letters = json.loads(out.read_text(encoding="utf-8"))["summary"]["letters"] if out.exists() else 0
        if proc.returncode not in (0, 1, 2) or not letters:
            raise SystemExit(f"batch failed ({proc.returncode}): {err[-2000:]}")
    quarters = [trace[min(len(trace) - 1, len(trace) * q // 4)] / 1024 for q in (1, 2, 3, 4)] if trace else []
    return {"letters": letters, "jobs": jobs, "wall_s": wall, "cpu_s": cpu, "parent_mb": parent / 1024,
            "parent_quarters_mb": quarters,
            "worker_mb": max(workers.values(), default=0) / 1024, "workers": len(workers)}


HARPER_PROBE = """
import resource, sys
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
from letterlint.letter.nlp import harper
if not harper.available():
    print('null'); sys.exit()
import harper as _h  # the module itself, so only the linter's build is measured
before = rss()
harper.linter()
harper.lint('This is a short letter with a mistake in in it.')
print(rss() - before)
"""


def harper_mb() -> float | None:
    """What building Harper's linter adds to a process's resident memory, in MB."""
    done = subprocess.run([sys.executable, "-c", HARPER_PROBE], capture_output=True, text=True, check=False)
    text = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "null"
    return None if text == "null" else float(text)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--letters", default="1000,3000", help="outbox sizes, comma-separated")
    ap.add_argument("--jobs", default="1,2", help="numbers of jobs, comma-separated (run on the smallest "
                                                 "outbox; the larger ones run with the last)")
    ap.add_argument("--keep", type=Path, help="build the outboxes here (else a temporary folder)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.letters.split(",")]
    jobs = [int(j) for j in args.jobs.split(",")]
    print(f"machine: {os.cpu_count()} cores; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    h = harper_mb()
    print("grammar engine (Harper linter build): " + ("not installed" if h is None else f"{h:.0f} MB"))
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        rows = []
        for n in sizes:
            box = root / f"outbox-{n}"
            if not box.exists():
                subprocess.run([sys.executable, str(REPO / "bench" / "make_outbox.py"), str(box),
                                "--letters", str(n)], check=True, stdout=subprocess.DEVNULL)
            for j in (jobs if n == sizes[0] else jobs[-1:]):
                r = run_batch(box, j)
                rows.append(r)
                base = next((x for x in rows if x["letters"] == r["letters"]), r)
                print(f"{r['letters']:>6} letters  -j {j}  wall {r['wall_s']:7.1f} s  CPU {r['cpu_s']:7.1f} s  "
                      f"parent peak {r['parent_mb']:5.0f} MB  largest worker peak {r['worker_mb']:5.0f} MB "
                      f"({r['workers']} workers)  speed-up x{base['wall_s'] / r['wall_s']:.2f}  "
                      f"load {os.getloadavg()[0]:.1f}", flush=True)
                print("        parent's resident memory at 1/4, 1/2, 3/4 and the end of the run: "
                      + ", ".join(f"{q:.0f}" for q in r["parent_quarters_mb"]) + " MB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
