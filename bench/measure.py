"""Run a command and measure it: wall time, CPU time and peak memory of every process it starts.

Peak memory is the kernel's resident-set high-water mark. ``os.wait4`` gives the largest of the
command and the descendants it reaped (``ru_maxrss``, the same figure as
``resource.getrusage(RUSAGE_CHILDREN)``), and a sampling thread reads ``VmHWM`` from
``/proc/<pid>/status`` for every process in the tree, so pool workers are measured one by one.
Standard library only (no psutil).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Run:
    wall_s: float
    cpu_s: float  # user + system time of the command and every process it waited for
    maxrss_mb: float  # wait4: largest resident set of the command or any reaped descendant
    peak_main_mb: float  # VmHWM of the command's own process
    peak_worker_mb: float  # largest VmHWM among its descendants (0 when it started none)
    workers: int
    returncode: int
    stdout: str = field(repr=False, default="")
    stderr: str = field(repr=False, default="")


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as fh:
                out += [int(x) for x in fh.read().split()]
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return out


def _hwm_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return 0


class _Sampler(threading.Thread):
    def __init__(self, root: int, every: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.root, self.every = root, every
        self.peaks: dict[int, int] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            todo, seen = [self.root], set()
            while todo:
                pid = todo.pop()
                if pid in seen:
                    continue
                seen.add(pid)
                kb = _hwm_kb(pid)
                if kb:
                    self.peaks[pid] = max(self.peaks.get(pid, 0), kb)
                todo += _children(pid)
            self.stop.wait(self.every)


def run(cmd: Sequence[str], env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Run ``cmd`` to the end and measure it (stdout and stderr are captured)."""
    full_env = {**os.environ, **(env or {})}
    out_path, err_path = _tmp("out"), _tmp("err")
    with open(out_path, "w+b") as out, open(err_path, "w+b") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(list(cmd), env=full_env, cwd=cwd, stdout=out, stderr=err)
        sampler = _Sampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop.set()
        sampler.join()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    out_path.unlink(missing_ok=True)
    err_path.unlink(missing_ok=True)
    main = sampler.peaks.get(proc.pid, 0)
    others = [kb for pid, kb in sampler.peaks.items() if pid != proc.pid]
    return Run(
        wall_s=wall, cpu_s=usage.ru_utime + usage.ru_stime, maxrss_mb=usage.ru_maxrss / 1024,
        peak_main_mb=main / 1024, peak_worker_mb=max(others, default=0) / 1024, workers=len(others),
        returncode=proc.returncode, stdout=stdout, stderr=stderr,
    )


def _tmp(kind: str) -> Path:
    import tempfile

    fd, name = tempfile.mkstemp(prefix=f"bench-{kind}-")
    os.close(fd)
    return Path(name)


def summarise(runs: list[Run]) -> dict[str, Any]:
    """Medians of repeated runs, the largest memory figures, and every run's times."""
    return {
        "runs": len(runs),
        "wall_s": statistics.median(r.wall_s for r in runs),
        "cpu_s": statistics.median(r.cpu_s for r in runs),
        "maxrss_mb": max(r.maxrss_mb for r in runs),
        "peak_main_mb": max(r.peak_main_mb for r in runs),
        "peak_worker_mb": max(r.peak_worker_mb for r in runs),
        "workers": max(r.workers for r in runs),
        "returncodes": sorted({r.returncode for r in runs}),
        "each": [{k: round(v, 4) if isinstance(v, float) else v
                  for k, v in asdict(r).items() if k not in ("stdout", "stderr")} for r in runs],
    }


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]
