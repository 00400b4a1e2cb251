"""Speed and memory of letterlint, side by side with proselint, on a generated outbox.

    .venv/bin/python bench/run.py [--letters 1200] [--only help,cold,warm,corpus,batch,harper]
                                  [--pipelines default,trained] [--quick]

Measures, each in a fresh process (see bench/measure.py for how time and memory are taken):

- ``letterlint --help`` (median of 10);
- one .docx letter with a cold CLI, ``letterlint check`` (median of 5);
- one letter warm, in-process: median of 50 ``engine.check_path`` calls after one warm-up;
- the whole outbox with ``letterlint batch --no-cache``, ``--jobs 1`` and all cores;
- each with the embedded default pipeline (``LETTERLINT_NO_TRAINED=1``) and with the trained
  spaCy pipeline installed in .venv;
- Harper alone (``harper``), in its own helper process: building the linter (wall, CPU and the
  memory it adds), then the CPU time of the body lints of each outbox letter, warm (median);
- the corpus letters (development and independent) in one process;
- in every measure compared with proselint (cold, warm, corpus, outbox with one job),
  letterlint's own work: its CPU time less Harper's build and lint calls, timed in the same
  process (``letter.nlp.harper.STATS``), with the whole figure beside it (bench/README.md);
- proselint on the same letters as text (the .docx ones converted with python-docx), each
  measure run in turn with letterlint's (A B A B ...), and the median of the pair-by-pair
  CPU-time ratios letterlint/proselint reported with the load average at the time.

Writes ``bench/out/results.json`` (merged with earlier runs, so stages can be run apart) and
prints a summary. The outbox is built by ``bench/make_outbox.py`` into ``bench/out/outbox``
when missing.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
BIN = Path(sys.executable).parent
LETTERLINT = str(BIN / "letterlint")
PROSELINT = str(BIN / "proselint")
PIPELINES = {"default": {"LETTERLINT_NO_TRAINED": "1"}, "trained": {"LETTERLINT_NO_TRAINED": "0"}}
TARGETS = {"help_s": 0.3, "cold_s": 2.0, "warm_s": 0.05, "batch_s": 30.0, "memory_mb": 400.0,
           "harper_ms": 30.0}


# ----------------------------------------------------------------------------- machine


def machine() -> dict[str, Any]:
    cpu = "unknown"
    mem_kb = 0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    version = subprocess.run([LETTERLINT, "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "nproc": os.cpu_count(), "cpu": cpu, "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(), "platform": platform.platform(),
        "letterlint": version, "date": dt.datetime.now().isoformat(timespec="minutes"),
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                                 capture_output=True, text=True).stdout.strip(),
    }


# ----------------------------------------------------------------------------- inputs


def ensure_outbox(letters: int, seed: int, box: Path | None = None) -> Path:
    box = box or OUT / "outbox"
    manifest = box / "manifest.json"
    stamp = box / ".bench-outbox"  # only a folder this script built is ever rebuilt
    if manifest.exists() and stamp.exists() and stamp.read_text() == f"{letters} {seed}":
        return box
    if box.exists() and any(box.iterdir()) and not stamp.exists():
        raise SystemExit(f"{box}: not an outbox built by bench/run.py; give an empty or new folder")
    shutil.rmtree(box, ignore_errors=True)
    subprocess.run([sys.executable, str(REPO / "bench" / "make_outbox.py"), str(box),
                    "--letters", str(letters), "--seed", str(seed)], check=True)
    stamp.write_text(f"{letters} {seed}")
    return box


def docx_text(path: Path) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs) + "\n"


def text_mirror(box: Path) -> Path:
    """The outbox as plain text for proselint: .docx converted, .txt copied."""
    mirror = OUT / f"{box.name}-txt"
    stamp = mirror / ".source"
    key = str((box / "manifest.json").stat().st_mtime)
    if stamp.exists() and stamp.read_text() == key:
        return mirror
    shutil.rmtree(mirror, ignore_errors=True)
    mirror.mkdir(parents=True)
    for f in sorted(box.iterdir()):
        if f.suffix == ".docx":
            (mirror / (f.stem + ".txt")).write_text(docx_text(f), encoding="utf-8")
        elif f.suffix == ".txt":
            shutil.copy(f, mirror / f.name)
    stamp.write_text(key)
    return mirror


def first_docx(box: Path) -> Path:
    return next(f for f in sorted(box.iterdir()) if f.suffix == ".docx")


# ----------------------------------------------------------------------------- in-process helpers


def warm_letterlint(path: Path, runs: int) -> dict[str, Any]:
    """One letter checked ``runs`` times in this process after one warm-up check. ``cpu_s`` is
    letterlint's own work (the median of each check's CPU time less the CPU time of Harper's
    lint calls in it, from ``letter.nlp.harper.STATS``); ``cpu_s_whole`` keeps Harper's lints.
    Harper's linter is built in the warm-up, so no timed check includes its build."""
    from letterlint.config.settings import load_config
    from letterlint.engine import check as engine
    from letterlint.letter.nlp import harper
    from letterlint.letter.nlp.pipeline import pipeline_info
    from letterlint.rules.loader import ruleset_for

    cfg = load_config(Path.cwd(), None)
    rules = ruleset_for(cfg.get("rules.paths", []), cfg.get("phrasebanks.paths", []))
    t0 = time.perf_counter()
    first = engine.check_path(path, cfg, None, None, rules)
    first_s = time.perf_counter() - t0
    walls, cpus, owns, lints = [], [], [], []
    for _ in range(runs):
        h = harper.STATS.get("lint_cpu_s", 0.0)
        t, c = time.perf_counter(), time.process_time()
        engine.check_path(path, cfg, None, None, rules)
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
        lints.append(harper.STATS.get("lint_cpu_s", 0.0) - h)
        owns.append(cpus[-1] - lints[-1])
    return {"first_s": first_s, "wall_s": statistics.median(walls), "cpu_s": statistics.median(owns),
            "cpu_s_whole": statistics.median(cpus), "harper_lint_cpu_s": statistics.median(lints),
            "harper_build_cpu_s": 0.0, "harper_build_cpu_s_in_warm_up": harper.STATS.get("build_cpu_s", 0.0),
            "runs": runs, "findings": len(first.findings),
            "pipeline": pipeline_info(bool(cfg.get("nlp.trained", True)))[1]}


def warm_proselint(path: Path, runs: int) -> dict[str, Any]:
    from proselint.checks import __register__
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    CheckRegistry().register_many(__register__)
    text = path.read_text(encoding="utf-8")
    t0 = time.perf_counter()
    first = LintFile(str(path), text).lint()
    first_s = time.perf_counter() - t0
    walls, cpus = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        LintFile(str(path), text).lint()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return {"first_s": first_s, "wall_s": statistics.median(walls), "cpu_s": statistics.median(cpus),
            "runs": runs, "findings": len(first)}


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def harper_cost(folder: Path, limit: int) -> dict[str, Any]:
    """Harper's own cost, apart from the rest of letterlint: building the linter (wall, CPU,
    memory it adds), then CPU per letter, warm, for the body lints of every letter in the
    outbox (each letter read and analysed first, outside the timing)."""
    from letterlint.checks import harper as kind
    from letterlint.config.settings import Config
    from letterlint.engine import check as engine
    from letterlint.letter import analysis as letter
    from letterlint.letter.nlp import harper
    from letterlint.reading import read
    from letterlint.rules.loader import ruleset_for

    cfg = Config()
    rules = ruleset_for()
    before = _rss_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    harper.linter()
    build = {"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu,
             "rss_added_mb": _rss_mb() - before}
    files = sorted(f for f in folder.iterdir() if f.suffix in (".docx", ".txt"))[:limit]
    ctxs = []
    for f in files:
        let = letter.analyse(read(f))
        ctxs.append(engine._context(let, cfg, rules, None))
    kind.body_lints(ctxs[0])  # warm-up: the first lint pays for lazily built tables
    ctxs[0].memo.harper = None  # so the first letter is timed like the others
    names = kind.all_names(ctxs[0])
    cpus = []
    lints = 0
    for ctx in ctxs:
        c = time.process_time()
        lints += len(kind.body_lints(ctx))
        cpus.append(time.process_time() - c)
    return {"build": build, "letters": len(ctxs), "lints": lints,
            "cpu_ms_per_letter_median": 1000 * statistics.median(cpus),
            "cpu_ms_per_letter_mean": 1000 * statistics.fmean(cpus),
            "cpu_ms_per_letter_max": 1000 * max(cpus),
            "rss_after_mb": _rss_mb(), "harper_rules": sorted(names)}


def in_fresh_process(kind: str, path: Path, runs: int, env: dict[str, str]) -> dict[str, Any]:
    r = measure.run([sys.executable, __file__, f"--_{kind}", str(path), str(runs)], env, REPO)
    if r.returncode:
        raise SystemExit(f"{kind} helper failed:\n{r.stderr}")
    out: dict[str, Any] = json.loads(r.stdout)
    out["peak_main_mb"] = r.peak_main_mb
    return out


# ----------------------------------------------------------------------------- stages


def repeat(cmd: list[str], times: int, env: dict[str, str] | None = None) -> dict[str, Any]:
    runs = [measure.run(cmd, env, REPO) for _ in range(times)]
    bad = [r for r in runs if r.returncode not in (0, 1)]
    if bad:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{bad[0].stderr[-2000:]}")
    return measure.summarise(runs)


def alternate(cmd_a: list[str], cmd_b: list[str], times: int, env_a: dict[str, str] | None = None,
              env_b: dict[str, str] | None = None) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Run A (letterlint) and B (proselint) in turn, A B A B ..., ``times`` each: their summaries
    and the median of the pair-by-pair ratios A/B of CPU and wall time (pairing keeps a ratio
    meaningful while the shared machine's speed drifts)."""
    runs_a, runs_b = [], []
    for _ in range(times):
        runs_a.append(measure.run(cmd_a, env_a, REPO))
        runs_b.append(measure.run(cmd_b, env_b, REPO))
    for cmd, runs in ((cmd_a, runs_a), (cmd_b, runs_b)):
        bad = [r for r in runs if r.returncode not in (0, 1)]
        if bad:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{bad[0].stderr[-2000:]}")
    ratio = {"cpu": round(statistics.median(a.cpu_s / max(b.cpu_s, 1e-9) for a, b in zip(runs_a, runs_b,
                                                                                         strict=True)), 2),
             "wall": round(statistics.median(a.wall_s / max(b.wall_s, 1e-9) for a, b in zip(runs_a, runs_b,
                                                                                           strict=True)), 2),
             "pairs": times, "load": measure.load_average()}
    return measure.summarise(runs_a), measure.summarise(runs_b), ratio


def alternate_own(args_a: list[str], cmd_b: list[str], times: int, env: dict[str, str]
                  ) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """``alternate`` for a letterlint command (``args_a``, such as ``["check", LETTER]``) against
    proselint's ``cmd_b``, with Harper's cost taken out of letterlint's figure.

    letterlint runs through ``bench/cold_check.py`` (the console script's own entry point), which
    writes at exit the CPU time Harper took in that process: building its linter (``import
    harper`` and ``Linter(...)``) and every lint call (switching its rules on and the
    ``organized_lints`` call itself). Each run's own work is its CPU time (user + system, the
    whole process) less those two; the CPU ratio is taken on the own work, pair by pair, and the
    whole figure and its ratio are kept beside it (``cpu_s_whole``, ``cpu_whole``). Wall times
    are whole (Harper's share of the wall time is not known). Summary keys: ``cpu_s`` (own, the
    median), ``cpu_s_whole``, ``harper_build_cpu_s``, ``harper_lint_cpu_s``,
    ``harper_lint_calls``."""
    stats = OUT / "process-stats.json"
    cmd_a = [sys.executable, str(REPO / "bench" / "cold_check.py"), *args_a]
    env_a = {**env, "LETTERLINT_BENCH_STATS": str(stats)}
    wholes, owns, runs_b, builds, lints, calls = [], [], [], [], [], []
    for _ in range(times):
        stats.unlink(missing_ok=True)
        whole = measure.run(cmd_a, env_a, REPO)
        got = json.loads(stats.read_text()) if stats.exists() else {}
        builds.append(float(got.get("harper_build_cpu_s", 0.0)))
        lints.append(float(got.get("harper_lint_cpu_s", 0.0)))
        calls.append(int(got.get("harper_lint_calls", 0)))
        wholes.append(whole)
        owns.append(dataclasses.replace(whole, cpu_s=whole.cpu_s - builds[-1] - lints[-1]))
        runs_b.append(measure.run(cmd_b, None, REPO))
    for cmd, runs in ((cmd_a, wholes), (cmd_b, runs_b)):
        bad = [r for r in runs if r.returncode not in (0, 1)]
        if bad:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{bad[0].stderr[-2000:]}")
    ratio = {"cpu": round(statistics.median(a.cpu_s / max(b.cpu_s, 1e-9) for a, b in zip(owns, runs_b,
                                                                                         strict=True)), 2),
             "cpu_whole": round(statistics.median(a.cpu_s / max(b.cpu_s, 1e-9) for a, b in zip(wholes, runs_b,
                                                                                              strict=True)), 2),
             "wall": round(statistics.median(a.wall_s / max(b.wall_s, 1e-9) for a, b in zip(wholes, runs_b,
                                                                                           strict=True)), 2),
             "pairs": times, "load": measure.load_average()}
    summary = measure.summarise(owns)
    summary["cpu_s_whole"] = statistics.median(w.cpu_s for w in wholes)
    summary["harper_build_cpu_s"] = statistics.median(builds)
    summary["harper_lint_cpu_s"] = statistics.median(lints)
    summary["harper_lint_calls"] = statistics.median(calls)
    return summary, measure.summarise(runs_b), ratio


CORPUS_DIRS = (REPO / "tests" / "corpus" / "letters", REPO / "tests" / "corpus" / "independent" / "letters")


def corpus_copies() -> tuple[Path, Path]:
    """The corpus letters (development and independent) in one folder, and as text for proselint
    (.docx converted with python-docx, others copied)."""
    letters, text = OUT / "corpus", OUT / "corpus-txt"
    for d in (letters, text):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    for i, root in enumerate(CORPUS_DIRS):
        for f in sorted(root.rglob("*")):
            if not f.is_file() or f.suffix not in (".docx", ".txt", ".md"):
                continue
            name = f"{i}-{f.name}"
            shutil.copy(f, letters / name)
            if f.suffix == ".docx":
                (text / (Path(name).stem + ".txt")).write_text(docx_text(f), encoding="utf-8")
            else:
                shutil.copy(f, text / (Path(name).stem + ".txt"))
    return letters, text


def batch(box: Path, jobs: int, env: dict[str, str], name: str) -> dict[str, Any]:
    """``letterlint batch`` of the outbox with ``jobs`` workers: whole figures (the workers'
    Harper build and lints included; they are not measured apart)."""
    report = OUT / f"batch-{name}-j{jobs}.json"
    cmd = [LETTERLINT, "batch", str(box), "--jobs", str(jobs), "--no-cache", "-f", "json",
           "-o", str(report)]
    res = repeat(cmd, 1, env)
    data = json.loads(report.read_text(encoding="utf-8"))
    res["letters"] = data["summary"]["letters"]
    res["unreadable"] = data["summary"]["unreadable"]
    res["jobs"] = jobs
    res["report"] = str(report.relative_to(REPO))
    res["letters_per_s"] = res["letters"] / res["wall_s"]
    return res


def run_stages(args: argparse.Namespace, results: dict[str, Any]) -> None:
    box = ensure_outbox(args.letters, args.seed, args.outbox)
    mirror = text_mirror(box)
    letter = first_docx(box)
    letter_txt = mirror / (letter.stem + ".txt")
    n_help, n_cold, n_warm = (3, 2, 10) if args.quick else (10, 5, 50)
    n_harper = 100 if args.quick else args.letters
    files = sorted(f for f in box.iterdir() if f.suffix in (".docx", ".txt"))
    results["outbox"] = {"dir": str(box), "letters": len(files), "seed": args.seed,
                         "docx": sum(f.suffix == ".docx" for f in files),
                         "letter": letter.name}
    ll = results.setdefault("letterlint", {})
    pl = results.setdefault("proselint", {})
    version = subprocess.run([PROSELINT, "version"], capture_output=True, text=True)
    pl["version"] = (version.stdout + version.stderr).strip()
    ratios = results.setdefault("paired_ratios", {})
    for name in args.pipelines:
        env = {**os.environ, **PIPELINES[name]}
        res = ll.setdefault(name, {})
        rat = ratios.setdefault(name, {})
        if "help" in args.only:
            say(f"--help, letterlint ({name}) and proselint in turn")
            res["help"], pl["help"], rat["help"] = alternate([LETTERLINT, "--help"], [PROSELINT, "--help"],
                                                             n_help, env)
        if "cold" in args.only:
            say(f"check {letter.name} cold, letterlint ({name}) and proselint in turn")
            res["cold"], pl["cold"], rat["cold"] = alternate_own(
                ["check", str(letter)], [PROSELINT, "check", "-o", "json", str(letter_txt)], n_cold, env)
        if "warm" in args.only:
            say(f"one letter warm x{n_warm}, letterlint ({name}) and proselint in turn")
            res["warm"] = in_fresh_process("warm", letter, n_warm, env)
            pl["warm"] = in_fresh_process("prose", letter_txt, n_warm, {})
            rat["warm"] = {"cpu": round(res["warm"]["cpu_s"] / max(pl["warm"]["cpu_s"], 1e-9), 2),
                           "cpu_whole": round(res["warm"]["cpu_s_whole"] / max(pl["warm"]["cpu_s"], 1e-9), 2),
                           "wall": round(res["warm"]["wall_s"] / max(pl["warm"]["wall_s"], 1e-9), 2),
                           "pairs": 1, "load": measure.load_average()}
        if "corpus" in args.only:
            letters, text = corpus_copies()
            n = sum(1 for _ in letters.iterdir())
            say(f"the {n} corpus letters in one process, letterlint ({name}) and proselint in turn")
            res["corpus"], pl["corpus"], rat["corpus"] = alternate_own(
                ["batch", str(letters), "--jobs", "1", "--no-cache", "-f", "json", "-o",
                 str(OUT / f"corpus-{name}.json")],
                [PROSELINT, "check", "-o", "json", str(text)], 1, env)
            res["corpus"]["letters"] = pl["corpus"]["letters"] = n
        if "batch" in args.only:
            say(f"outbox in one process ({len(files)} letters), letterlint ({name}) and proselint in turn")
            report = OUT / f"batch-{name}-j1.json"
            res["batch_j1"], pl["batch"], rat["batch_j1"] = alternate_own(
                ["batch", str(box), "--jobs", "1", "--no-cache", "-f", "json", "-o", str(report)],
                [PROSELINT, "check", "-o", "json", str(mirror)], 1, env)
            data = json.loads(report.read_text(encoding="utf-8"))
            res["batch_j1"].update(letters=data["summary"]["letters"], unreadable=data["summary"]["unreadable"],
                                   jobs=1, report=str(report.relative_to(REPO)),
                                   letters_per_s=data["summary"]["letters"] / res["batch_j1"]["wall_s"])
            pl["batch"]["letters"] = len(files)
            pl["batch"]["letters_per_s"] = len(files) / pl["batch"]["wall_s"]
            cores = os.cpu_count() or 1
            if cores > 1:
                say(f"letterlint batch --jobs {cores} ({name}, {len(files)} letters)")
                res[f"batch_j{cores}"] = batch(box, cores, env, name)
                res["speedup_1_to_jobs"] = round(res["batch_j1"]["wall_s"] / res[f"batch_j{cores}"]["wall_s"], 2)
        save(args.out, results)
    if "harper" in args.only:
        say(f"Harper alone: build, then body lints warm on {min(len(files), n_harper)} letters")
        results["harper"] = in_fresh_process("harper", box, n_harper, {})
        save(args.out, results)


# ----------------------------------------------------------------------------- summary


def verdicts(results: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    cores = os.cpu_count() or 1
    for name, res in results.get("letterlint", {}).items():
        v: dict[str, Any] = {}
        if "help" in res:
            v["help"] = _verdict(res["help"]["wall_s"], res["help"]["cpu_s"], TARGETS["help_s"])
        if "cold" in res:
            v["cold"] = _verdict(res["cold"]["wall_s"], res["cold"]["cpu_s"], TARGETS["cold_s"])
        if "warm" in res:
            v["warm"] = _verdict(res["warm"]["wall_s"], res["warm"]["cpu_s"], TARGETS["warm_s"])
        b = res.get(f"batch_j{cores}")
        if b:
            # with every core busy, the best wall time is the CPU time shared across the cores
            v["batch"] = _verdict(b["wall_s"], b["cpu_s"] / cores, TARGETS["batch_s"])
        peaks = [res[k].get("peak_worker_mb") or res[k].get("peak_main_mb", 0) for k in res
                 if isinstance(res[k], dict) and k != "help"]
        if peaks:
            v["memory"] = {"peak_mb": round(max(peaks), 1), "target": TARGETS["memory_mb"],
                           "met": max(peaks) < TARGETS["memory_mb"]}
        out[name] = v
    h = results.get("harper")
    if h:
        out["harper"] = {"cpu_ms_per_letter": round(h["cpu_ms_per_letter_median"], 2),
                         "target_ms": TARGETS["harper_ms"],
                         "met": h["cpu_ms_per_letter_median"] < TARGETS["harper_ms"]}
    return out


def _verdict(wall: float, cpu: float, target: float) -> dict[str, Any]:
    return {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "target_s": target,
            "met_wall": wall < target, "met_cpu": cpu < target}


def ratios(results: dict[str, Any]) -> dict[str, Any]:
    """letterlint / proselint from the medians kept in ``results``: ``cpu`` on letterlint's own
    work (Harper left out), ``cpu_whole`` on its whole CPU time where that was kept, ``wall``."""
    pl = results.get("proselint", {})
    out: dict[str, Any] = {}
    for name, res in results.get("letterlint", {}).items():
        r: dict[str, Any] = {}
        for key, pkey in (("help", "help"), ("cold", "cold"), ("warm", "warm"), ("corpus", "corpus"),
                          ("batch_j1", "batch")):
            if key in res and pkey in pl:
                r[key] = {"wall": round(res[key]["wall_s"] / pl[pkey]["wall_s"], 2),
                          "cpu": round(res[key]["cpu_s"] / max(pl[pkey]["cpu_s"], 1e-9), 2)}
                if "cpu_s_whole" in res[key]:
                    r[key]["cpu_whole"] = round(res[key]["cpu_s_whole"] / max(pl[pkey]["cpu_s"], 1e-9), 2)
        out[name] = r
    return out


MEASURES = {"help": "letterlint --help", "cold": "one .docx letter, cold CLI",
            "warm": "one letter, warm in-process", "corpus": "corpus letters, one process",
            "batch_j1": "outbox, one process (batch --jobs 1)"}


def _harper_cell(m: dict[str, Any]) -> str:
    """Harper's CPU in a measure (build + lints), or a dash where it was not measured."""
    if "cpu_s_whole" not in m:
        return "–"
    return f"{m.get('harper_build_cpu_s', 0.0):.3f} + {m.get('harper_lint_cpu_s', 0.0):.3f}"


def table(results: dict[str, Any]) -> str:
    """Every measure against its target. CPU is letterlint's own work where Harper's cost was
    measured (cold, warm, corpus, outbox with one job), whose build + lints stand beside it."""
    rows = ["| Measure | Pipeline | Wall (s) | CPU, own work (s) | Harper build + lints (s) | "
            "Peak RSS per process (MB) | Target |",
            "|---|---|---|---|---|---|---|"]
    cores = os.cpu_count() or 1
    for name, res in results.get("letterlint", {}).items():
        for key, label, target in (("help", "letterlint --help", "< 0.3 s"),
                                   ("cold", MEASURES["cold"], "< 2 s"),
                                   ("warm", MEASURES["warm"], "< 0.05 s"),
                                   ("corpus", MEASURES["corpus"], ""),
                                   ("batch_j1", MEASURES["batch_j1"], ""),
                                   (f"batch_j{cores}", f"outbox batch, --jobs {cores} (whole, Harper in)",
                                    "< 30 s")):
            if key not in res or (key == "batch_j1" and cores == 1):
                continue
            m = res[key]
            mem = m.get("peak_worker_mb") or m.get("peak_main_mb", 0)
            rows.append(f"| {label} | {name} | {m['wall_s']:.3f} | {m['cpu_s']:.3f} | {_harper_cell(m)} | "
                        f"{mem:.0f} | {target} |")
    h = results.get("harper")
    if h:
        b = h["build"]
        rows.append(f"| Harper alone: building the linter (once per process) | – | {b['wall_s']:.3f} | "
                    f"– | {b['cpu_s']:.3f} | +{b['rss_added_mb']:.0f} | |")
        rows.append(f"| Harper alone: body lints per letter, warm (median of {h['letters']}) | – | – | – | "
                    f"{h['cpu_ms_per_letter_median'] / 1000:.4f} | {h['peak_main_mb']:.0f} | < 0.030 s |")
    pl = results.get("proselint", {})
    for key, label in (("help", "proselint --help"), ("cold", "proselint, one letter, cold CLI"),
                       ("warm", "proselint, one letter, warm in-process"),
                       ("corpus", "proselint, corpus letters (one process)"),
                       ("batch", "proselint, whole outbox (one process)")):
        if key in pl:
            m = pl[key]
            mem = m.get("peak_main_mb", 0)
            rows.append(f"| {label} | – | {m['wall_s']:.3f} | {m['cpu_s']:.3f} | – | {mem:.0f} | |")
    return "\n".join(rows)


def ratio_table(results: dict[str, Any]) -> str:
    """CPU time of letterlint and proselint for each measure, run in turn, and their ratio: on
    letterlint's own work (Harper's build and lints subtracted) and on its whole CPU time."""
    m = results.get("machine", {})
    rows = [f"Machine: {m.get('cpu')} ({m.get('nproc')} cores, {m.get('memory_gb')} GB), Python "
            f"{m.get('python')}, letterlint {m.get('commit')}, {m.get('date')}; load average "
            f"{results.get('load_average')}", "",
            "| Measure | Pipeline | letterlint own CPU (s) | Harper build + lints (s) | letterlint whole CPU (s) | "
            "proselint CPU (s) | Ratio, own (CPU) | Ratio, whole (CPU) | Ratio (wall, whole) | "
            "letterlint peak (MB) | Load |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    pl = results.get("proselint", {})
    for name, rat in results.get("paired_ratios", {}).items():
        res = results["letterlint"][name]
        for key, label in MEASURES.items():
            if key not in rat or key not in res:
                continue
            a, b = res[key], pl["batch" if key == "batch_j1" else key]
            mem = a.get("peak_worker_mb") or a.get("peak_main_mb", 0)
            whole, r_whole = a.get("cpu_s_whole", a["cpu_s"]), rat[key].get("cpu_whole", rat[key]["cpu"])
            rows.append(f"| {label} | {name} | {a['cpu_s']:.3f} | {_harper_cell(a)} | {whole:.3f} | "
                        f"{b['cpu_s']:.3f} | {rat[key]['cpu']:.2f} | {r_whole:.2f} | "
                        f"{rat[key]['wall']:.2f} | {mem:.0f} | {rat[key]['load'][0]} |")
    return "\n".join(rows)


def say(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg} (load {measure.load_average()})", flush=True)


def save(path: Path, results: dict[str, Any]) -> None:
    results["verdicts"] = verdicts(results)
    results["ratios_to_proselint"] = ratios(results)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--_harper":
        print(json.dumps(harper_cost(Path(argv[1]), int(argv[2]))))
        return
    if argv and argv[0] in ("--_warm", "--_prose"):
        fn = warm_letterlint if argv[0] == "--_warm" else warm_proselint
        print(json.dumps(fn(Path(argv[1]), int(argv[2]))))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--letters", type=int, default=1200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--outbox", type=Path, help="outbox folder (default bench/out/outbox, built when missing)")
    ap.add_argument("--only", default="help,cold,warm,corpus,batch,harper")
    ap.add_argument("--pipelines", default="default,trained")
    ap.add_argument("--quick", action="store_true", help="fewer repeats (for trying the script)")
    ap.add_argument("--out", type=Path, default=OUT / "results.json")
    ap.add_argument("--fresh", action="store_true", help="forget earlier results")
    args = ap.parse_args(argv)
    args.only = set(args.only.split(","))
    args.pipelines = [p for p in args.pipelines.split(",") if p]
    results: dict[str, Any] = {}
    if args.out.exists() and not args.fresh:
        results = json.loads(args.out.read_text(encoding="utf-8"))
    results["machine"] = machine()
    loads = results.setdefault("load_average", {})
    loads[f"{'+'.join(sorted(args.only))} start"] = measure.load_average()
    run_stages(args, results)
    loads[f"{'+'.join(sorted(args.only))} end"] = measure.load_average()
    save(args.out, results)
    print()
    print(table(results))
    print()
    print(ratio_table(results))
    print()
    print(json.dumps({"verdicts": results["verdicts"], "ratios_to_proselint": results["ratios_to_proselint"]},
                     indent=1))


if __name__ == "__main__":
    main()
