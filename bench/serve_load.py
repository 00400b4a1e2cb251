#!/usr/bin/env python3
"""Load test of ``letterlint serve`` (issue 17): simultaneous users each uploading a .zip of letters.

    .venv/bin/python bench/serve_load.py [--users 20] [--letters 50] [--jobs 2]

What it does, in one run:

1. builds a .zip of ``--letters`` distinct letters from the labelled corpus
   (tests/corpus/letters, then tests/corpus/independent/letters);
2. the peer: ``letterlint batch --no-cache --jobs JOBS`` on the same letters, once, timed
   (wall and CPU), so the server's figures can be read as a ratio to the CLI on this machine
   at this moment (machines are shared; absolute times move by a factor of two);
3. starts ``letterlint serve --no-browser --jobs JOBS`` (its temporary folder in a private
   folder of this run), and ``--users`` threads each fetch the start page (session cookie and
   CSRF token), wait for the others, then upload the .zip at the same moment;
4. checks every upload was answered with the summary of all its letters, samples the
   server's memory (PSS of the server and its worker processes, summed, every 0.25 s), checks
   the work folder is empty once the last answer is in, stops the server with Ctrl+C and
   checks its private folder is gone.

Prints latency p50 / p90 / max, throughput, peak memory and the checks; writes the figures
to ``bench/out/serve_load.json``. Not a pytest test: it keeps both cores busy for minutes.
Exit 1 when an upload went unanswered or something was left behind.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LETTERLINT = ROOT / ".venv" / "bin" / "letterlint"
SUFFIXES = (".docx", ".txt", ".md")


def corpus_letters(n: int) -> list[Path]:
    """``n`` distinct letters: the labelled corpus first, then the independent one."""
    found: list[Path] = []
    for folder in (ROOT / "tests" / "corpus" / "letters", ROOT / "tests" / "corpus" / "independent" / "letters"):
        found += sorted(p for p in folder.rglob("*") if p.suffix in SUFFIXES and p.is_file())
    if len(found) < n:
        raise SystemExit(f"only {len(found)} corpus letters; asked for {n}")
    return found[:n]


def build_zip(letters: list[Path]) -> bytes:
    """A .zip of ``letters`` in an ``outbox/`` folder, as a coordinator zips a folder."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, p in enumerate(letters):
            zf.write(p, f"outbox/{i:02d}-{p.name}")
    return buf.getvalue()


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def pss_kb(pid: int) -> int:
    """Proportional set size of ``pid`` in KB (shared pages split between the processes that
    share them, so forked workers are not counted twice); 0 when it has gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of ``pid`` so far; 0 when it has gone."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


class Sampler(threading.Thread):
    """Every 0.25 s: the server's processes' PSS summed (peak kept) and each one's CPU (last seen)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.peak_processes = 0
        self.cpu: dict[int, float] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            pids = descendants(self.pid)
            total = sum(pss_kb(p) for p in pids)
            if total > self.peak_kb:
                self.peak_kb, self.peak_processes = total, len(pids)
            for p in pids:
                self.cpu[p] = max(self.cpu.get(p, 0.0), cpu_s(p))
            self.stop.wait(0.25)


def peer(letters: list[Path], jobs: int, tmp: Path) -> dict[str, float]:
    """``letterlint batch --no-cache`` on the same letters: wall and CPU seconds."""
    folder = tmp / "peer"
    folder.mkdir()
    for i, p in enumerate(letters):
        shutil.copy(p, folder / f"{i:02d}-{p.name}")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    run = subprocess.run(["nice", "-n", "5", str(LETTERLINT), "batch", "--no-cache", "--jobs", str(jobs), "-q",
                          str(folder)], capture_output=True, text=True, env={**os.environ, "TMPDIR": str(tmp)})
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode not in (0, 1):
        raise SystemExit(f"the peer batch failed: {run.stderr}")
    return {"wall_s": wall, "cpu_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)}


def start_server(jobs: int, tmp: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(["nice", "-n", "5", str(LETTERLINT), "serve", "--no-browser", "--jobs", str(jobs)],
                            cwd=tmp, env={**os.environ, "TMPDIR": str(tmp)}, stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True, start_new_session=True)
    assert proc.stderr is not None
    while True:
        line = proc.stderr.readline()
        if not line and proc.poll() is not None:
            raise SystemExit("letterlint serve did not start")
        m = re.search(r"the page is at (\S+)", line)
        if m:
            return proc, m.group(1).rstrip("/")


def user(url: str, data: bytes, n_letters: int, barrier: threading.Barrier, out: dict[str, Any]) -> None:
    """One person: open the start page, then (all together) upload the .zip and read the answer."""
    import httpx

    try:
        with httpx.Client(timeout=httpx.Timeout(3600.0, connect=60.0)) as client:
            for _ in range(600):  # the server may still be starting
                try:
                    page = client.get(url + "/")
                    break
                except httpx.TransportError:
                    time.sleep(0.5)
            token = re.search(r"name='csrf' value='([^']+)'", page.text)
            assert token, "no CSRF token"
            barrier.wait()
            out["start"] = t0 = time.perf_counter()
            answer = client.post(url + "/check", data={"csrf": token.group(1)},
                                 files={"letters": ("outbox.zip", data, "application/zip")})
            out["end"] = time.perf_counter()
            out["latency_s"] = out["end"] - t0
            out["status"] = answer.status_code
            out["letters_shown"] = answer.text.count("<tr class='letter'>")
            out["ok"] = (answer.status_code == 200 and f"<h1>{n_letters} letters</h1>" in answer.text
                         and out["letters_shown"] == n_letters and "annex-b-overall" in answer.text)
    except Exception as exc:  # a failed user is a finding, not a crash of the benchmark
        out["ok"] = False
        out["error"] = f"{type(exc).__name__}: {exc}"


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile ``q`` (0-100) of ``values``."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--letters", type=int, default=50)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "serve_load.json")
    args = ap.parse_args(argv)
    letters = corpus_letters(args.letters)
    data = build_zip(letters)
    tmp = Path(tempfile.mkdtemp(prefix="serve-load-"))
    try:
        print(f"peer: letterlint batch --no-cache --jobs {args.jobs} on the {len(letters)} letters ...", flush=True)
        peer_run = peer(letters, args.jobs, tmp)
        proc, url = start_server(args.jobs, tmp)
        sampler = Sampler(proc.pid)
        sampler.start()
        at_start: dict[int, float] = {}

        def started() -> None:  # the server's CPU so far (start-up), left out of the per-letter figure
            at_start.update({p: cpu_s(p) for p in descendants(proc.pid)})

        barrier = threading.Barrier(args.users, action=started)
        results: list[dict[str, Any]] = [{} for _ in range(args.users)]
        threads = [threading.Thread(target=user, args=(url, data, len(letters), barrier, r)) for r in results]
        print(f"{args.users} users each uploading a {len(data) // 1024} KB .zip of {len(letters)} letters "
              f"to {url} ...", flush=True)
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        spans = [(r["start"], r["end"]) for r in results if "end" in r]
        wall = max(e for _, e in spans) - min(s for s, _ in spans) if spans else float("nan")
        private = [p for p in tmp.iterdir() if p.name.startswith("letterlint-serve-")]
        work_left = [str(q) for p in private for q in (p / "work").iterdir()] if private else ["(no folder)"]
        downloads_kept = sum(1 for p in private for _ in (p / "downloads").iterdir())
        sampler.stop.set()
        sampler.join()
        server_cpu = sum(c - at_start.get(p, 0.0) for p, c in sampler.cpu.items())
        startup_cpu = sum(at_start.values())
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=120)
        left_after_stop = [p.name for p in tmp.iterdir() if p.name.startswith("letterlint-serve-")]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lat = [r["latency_s"] for r in results if "latency_s" in r]
    answered = sum(1 for r in results if r.get("ok"))
    total_letters = args.users * len(letters)
    figures = {
        "users": args.users, "letters_per_upload": len(letters), "jobs": args.jobs, "cores": os.cpu_count(),
        "zip_kb": len(data) // 1024,
        "answered": answered, "errors": [r.get("error") or r.get("status") for r in results if not r.get("ok")],
        "latency_s": {"p50": percentile(lat, 50), "p90": percentile(lat, 90), "max": max(lat)} if lat else None,
        "wall_s": wall, "letters_per_s": total_letters / wall,
        "server_cpu_s": server_cpu, "server_startup_cpu_s": startup_cpu,
        "server_cpu_ms_per_letter": 1000 * server_cpu / total_letters,
        "peak_memory_mb": sampler.peak_kb / 1024, "processes_at_peak": sampler.peak_processes,
        "peer_batch": peer_run, "peer_cpu_ms_per_letter": 1000 * peer_run["cpu_s"] / len(letters),
        "cpu_ratio_serve_to_batch": (server_cpu / total_letters) / (peer_run["cpu_s"] / len(letters)),
        "wall_ratio_serve_to_20_batches": wall / (args.users * peer_run["wall_s"]),
        "work_folder_after_last_answer": work_left, "downloads_kept": downloads_kept,
        "server_exit_code": code, "private_folder_after_stop": left_after_stop,
        "load_average": os.getloadavg(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))
    ok = answered == args.users and not work_left and not left_after_stop and code == 0
    print("OK" if ok else "FAILED", "- figures in", args.out)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
