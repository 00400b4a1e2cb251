"""Smoke tests for the benchmark scripts in bench/: the outbox generator, the measurer, the
verdicts and table of run.py, and the proselint-per-item comparison. Fast (a few seconds)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import ROOT

BENCH = ROOT / "bench"
NETBLOCK = ROOT / "tests" / "robustness" / "netblock"


def _load(name: str) -> ModuleType:
    """Import bench/<name>.py under the name bench_<name> (bench/ is not a package)."""
    key = f"bench_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _docx_text(path: Path) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs) + "\n"


def _letter_text(path: Path) -> str:
    return _docx_text(path) if path.suffix == ".docx" else path.read_text(encoding="utf-8")


def _make_outbox(monkeypatch: pytest.MonkeyPatch, out: Path, *args: str) -> list[dict[str, Any]]:
    mk = _load("make_outbox")
    monkeypatch.setattr(sys, "argv", ["make_outbox.py", str(out), *args])
    mk.main()
    manifest: list[dict[str, Any]] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return manifest


# ----------------------------------------------------------------------------- make_outbox


@pytest.mark.slow  # builds and checks a generated outbox or the corpus
def test_outbox_is_deterministic_and_has_both_formats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = _make_outbox(monkeypatch, tmp_path / "a", "--letters", "8", "--seed", "4")
    b = _make_outbox(monkeypatch, tmp_path / "b", "--letters", "8", "--seed", "4")
    c = _make_outbox(monkeypatch, tmp_path / "c", "--letters", "8", "--seed", "5")
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "b").iterdir())
    assert files == sorted([m["file"] for m in a] + ["manifest.json"])
    suffixes = {Path(f).suffix for f in files}
    assert {".docx", ".txt"} <= suffixes, files
    assert a == b
    assert (tmp_path / "a" / "manifest.json").read_bytes() == (tmp_path / "b" / "manifest.json").read_bytes()
    for name in files:
        if name.endswith(".txt"):
            assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
        elif name.endswith(".docx"):
            # the parts are identical; the zip entries carry the time of writing, so the files differ
            with zipfile.ZipFile(tmp_path / "a" / name) as za, zipfile.ZipFile(tmp_path / "b" / name) as zb:
                assert za.namelist() == zb.namelist()
                for part in za.namelist():
                    assert za.read(part) == zb.read(part), (name, part)
    assert a != c
    texts_a = [_letter_text(tmp_path / "a" / m["file"]) for m in a]
    texts_c = [_letter_text(tmp_path / "c" / m["file"]) for m in c]
    assert texts_a != texts_c


def _check_defects(text: str, defects: list[dict[str, str]], mk: ModuleType, name: str) -> None:
    """The recorded defects are in the letter, and the letter has none it did not record."""
    items = {d["item"] for d in defects}
    for d in defects:
        if d["quote"]:
            assert d["quote"] in text, (name, d)
    outcome = any(s in text for s in mk.OUTCOME)
    assert outcome == ("7.11" not in items), (name, "outcome statement")
    stage_two = "you can ask for your complaint to be reviewed at stage two" in text
    assert stage_two == ("Q32" not in items), (name, "next stage")
    wrong = {w for _, w in mk.MISSPELL + mk.US}
    spelled = {d["quote"] for d in defects if d["item"] == "Q22"}
    assert spelled <= wrong, (name, spelled)
    assert {w for w in wrong if w in text} == spelled, (name, "unrecorded misspelling")
    jargon = {w for w, _ in mk.JARGON}
    assert {d["quote"] for d in defects if d["item"] == "Q24"} == {w for w in jargon if w in text}, name
    if "Q25" in items:
        assert any(s in text for s in mk.BAD_EMPATHY), name


def test_injected_defects_are_in_the_letters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mk = _load("make_outbox")
    manifest = _make_outbox(monkeypatch, tmp_path, "--letters", "8", "--seed", "4")
    items = {d["item"] for m in manifest for d in m["defects"]}
    assert {"7.11", "Q22", "Q24", "Q25", "Q32"} <= items  # the seed gives a varied outbox
    for m in manifest:
        _check_defects(_letter_text(tmp_path / m["file"]), m["defects"], mk, m["file"])


def _default_outbox_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    # --docx-share 0 draws the same letters as the default outbox, written as .txt only
    return _make_outbox(monkeypatch, tmp_path, "--letters", "1200", "--seed", "7", "--docx-share", "0")


@pytest.mark.slow  # builds and checks a generated outbox or the corpus
def test_default_outbox_defects_apart_from_q27(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mk = _load("make_outbox")
    manifest = _default_outbox_as_text(tmp_path, monkeypatch)
    assert len(manifest) == 1200
    for m in manifest:
        defects = [d for d in m["defects"] if d["item"] != "Q27"]
        _check_defects((tmp_path / m["file"]).read_text(encoding="utf-8"), defects, mk, m["file"])


@pytest.mark.slow  # builds and checks a generated outbox or the corpus
def test_default_outbox_q27_quotes_are_in_the_letters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = _default_outbox_as_text(tmp_path, monkeypatch)
    missing = [m["file"] for m in manifest for d in m["defects"]
               if d["item"] == "Q27" and d["quote"] not in (tmp_path / m["file"]).read_text(encoding="utf-8")]
    assert not missing


# ----------------------------------------------------------------------------- measure


@pytest.mark.slow  # processes
def test_measure_a_process_that_allocates_50_mb() -> None:
    measure = _load("measure")
    code = "import time; b = b'x' * (50 * 1024 * 1024); time.sleep(0.3)"
    r = measure.run([sys.executable, "-c", code])
    assert r.returncode == 0, r.stderr
    assert 0.3 <= r.wall_s < 10
    assert 0 < r.cpu_s < r.wall_s + 1
    assert r.maxrss_mb > 40
    assert 40 < r.peak_main_mb < 400
    assert r.workers == 0 and r.peak_worker_mb == 0


@pytest.mark.slow  # processes
def test_measure_sees_a_worker_apart_from_its_parent() -> None:
    measure = _load("measure")
    child = "import time; b = b'x' * (60 * 1024 * 1024); time.sleep(0.3)"
    code = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {child!r}], check=True)"
    r = measure.run([sys.executable, "-c", code])
    assert r.returncode == 0, r.stderr
    assert r.workers >= 1
    assert r.peak_worker_mb > 50
    assert r.peak_main_mb < r.peak_worker_mb  # the parent never held the 60 MB
    assert r.maxrss_mb > 50  # wait4 counts the reaped child too


def test_summarise_takes_medians_and_largest_memory() -> None:
    measure = _load("measure")
    runs = [measure.Run(wall_s=w, cpu_s=w / 2, maxrss_mb=m, peak_main_mb=m, peak_worker_mb=0.0, workers=0,
                        returncode=0) for w, m in ((1.0, 50.0), (3.0, 70.0), (2.0, 60.0))]
    s = measure.summarise(runs)
    assert s["runs"] == 3 and s["wall_s"] == 2.0 and s["cpu_s"] == 1.0
    assert s["peak_main_mb"] == 70.0 and s["returncodes"] == [0]
    assert len(s["each"]) == 3 and "stdout" not in s["each"][0]


# ----------------------------------------------------------------------------- run.py verdicts and table


def _results() -> dict[str, Any]:
    cores = os.cpu_count() or 1
    return {
        "letterlint": {
            "default": {
                "help": {"wall_s": 0.2, "cpu_s": 0.18, "peak_main_mb": 45.0, "peak_worker_mb": 0.0},
                "cold": {"wall_s": 2.5, "cpu_s": 1.9, "peak_main_mb": 210.0, "peak_worker_mb": 0.0,  # wall missed
                         "cpu_s_whole": 3.3, "harper_build_cpu_s": 1.3, "harper_lint_cpu_s": 0.1},
                "warm": {"wall_s": 0.03, "cpu_s": 0.03, "peak_main_mb": 230.0},
                f"batch_j{cores}": {"wall_s": 25.0, "cpu_s": 20.0 * cores, "peak_main_mb": 120.0,
                                    "peak_worker_mb": 450.0},  # memory missed
            },
        },
        "proselint": {
            "help": {"wall_s": 0.1, "cpu_s": 0.09, "peak_main_mb": 30.0},
            "cold": {"wall_s": 0.5, "cpu_s": 0.5, "peak_main_mb": 40.0},
            "warm": {"wall_s": 0.01, "cpu_s": 0.01, "peak_main_mb": 40.0},
            "batch": {"wall_s": 10.0, "cpu_s": 10.0, "peak_main_mb": 60.0},
        },
    }


def test_verdicts_show_met_and_missed_targets() -> None:
    run = _load("run")
    v = run.verdicts(_results())["default"]
    assert v["help"]["met_wall"] and v["help"]["met_cpu"]
    assert not v["cold"]["met_wall"] and v["cold"]["met_cpu"]
    assert v["warm"]["met_wall"]
    assert v["batch"]["met_wall"] and v["batch"]["cpu_s"] == 20.0 and v["batch"]["target_s"] == 30.0
    assert v["memory"] == {"peak_mb": 450.0, "target": 400.0, "met": False}
    slow = _results()
    slow["letterlint"]["default"]["warm"]["wall_s"] = 0.05  # the target is strict: equal is missed
    assert not run.verdicts(slow)["default"]["warm"]["met_wall"]


def test_ratios_to_proselint() -> None:
    run = _load("run")
    r = run.ratios(_results())["default"]
    assert r["help"] == {"wall": 2.0, "cpu": 2.0}
    assert r["cold"]["wall"] == 5.0 and r["warm"]["wall"] == 3.0
    assert r["cold"]["cpu"] == 3.8 and r["cold"]["cpu_whole"] == 6.6  # own work, and whole with Harper
    assert "cpu_whole" not in r["warm"]  # not measured apart in these results
    assert "batch_j1" not in r or os.cpu_count() == 1  # no --jobs 1 batch in these results


def test_table_lists_every_measure_with_its_target() -> None:
    run = _load("run")
    cores = os.cpu_count() or 1
    lines = run.table(_results()).splitlines()
    assert lines[0].startswith("| Measure |") and lines[1].startswith("|---")
    assert "| letterlint --help | default | 0.200 | 0.180 | – | 45 | < 0.3 s |" in lines
    assert "| one .docx letter, cold CLI | default | 2.500 | 1.900 | 1.300 + 0.100 | 210 | < 2 s |" in lines
    assert "| one letter, warm in-process | default | 0.030 | 0.030 | – | 230 | < 0.05 s |" in lines
    assert any(line.startswith(f"| outbox batch, --jobs {cores} (whole, Harper in) | default | 25.000 |")
               and "| 450 |" in line and line.endswith("< 30 s |") for line in lines)
    assert "| proselint, whole outbox (one process) | – | 10.000 | 10.000 | – | 60 | |" in lines
    assert len(lines) == 2 + 4 + 4


def test_ratio_table_gives_own_work_beside_the_whole() -> None:
    run = _load("run")
    results = _results()
    results["paired_ratios"] = {"default": {"cold": {"cpu": 3.8, "cpu_whole": 6.6, "wall": 5.0, "pairs": 5,
                                                     "load": [1.0, 1.0, 1.0]}}}
    lines = run.ratio_table(results).splitlines()
    want = ("| one .docx letter, cold CLI | default | 1.900 | 1.300 + 0.100 | 3.300 | 0.500 | 3.80 | 6.60 | "
            "5.00 | 210 | 1.0 |")
    assert want in lines


@pytest.mark.slow
def test_cold_check_writes_harper_cost(tmp_path: Path) -> None:
    """bench/cold_check.py runs a real check and writes Harper's build and lint CPU time, which
    run.py subtracts from the process's CPU time (issue 15: Harper is reported apart)."""
    pytest.importorskip("harper")
    stats = tmp_path / "stats.json"
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear Ms Smith\n\nThank you for your letter. I am sorry we was late.\n\n"
                      "Yours sincerely\n\nA Lawyer\n", encoding="utf-8")
    env = {**os.environ, "LETTERLINT_BENCH_STATS": str(stats), "LETTERLINT_NO_TRAINED": "1"}
    r = subprocess.run([sys.executable, str(BENCH / "cold_check.py"), "check", str(letter)],
                       env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert r.returncode in (0, 1), r.stderr
    got = json.loads(stats.read_text(encoding="utf-8"))
    assert got["harper_build_cpu_s"] > 0.1  # building the linter costs about a second
    assert got["harper_lint_calls"] >= 1 and 0 < got["harper_lint_cpu_s"] < got["harper_build_cpu_s"]


# ----------------------------------------------------------------------------- proselint_items


def test_check_mapping() -> None:
    pi = _load("proselint_items")
    checks = pi.proselint_checks()
    assert len(checks) > 50
    mapped = {c: pi.item_for(c) for c in checks}
    assert "spelling.misc" in mapped and mapped["spelling.misc"] == "Q22"
    assert mapped["spelling.ve_of"] == "Q23"  # the longer prefix wins over "spelling"
    assert mapped["typography.symbols.curly_quotes"] is None
    assert pi.item_for("no.such.check") is None
    assert {"Q22", "Q23", "Q24", "Q26"} <= set(mapped.values())
    assert set(mapped.values()) - {None} <= set(pi.ITEMS)
    # every prefix in the map names a real check (so a proselint upgrade that renames one shows up)
    for prefix in pi.CHECK_ITEMS:
        assert any(c == prefix or c.startswith(prefix + ".") for c in checks), prefix
    # an item proselint "cannot see" has no check mapped to it, and the others have some
    for item, (sight, reason) in pi.SIGHT.items():
        assert sight in ("yes", "partly", "no") and reason
        assert (item in mapped.values()) == (sight != "no"), item


def _mini_corpus(tmp_path: Path) -> Path:
    import docx

    letters = tmp_path / "letters"
    letters.mkdir()
    (letters / "a.txt").write_text("Dear Mrs Shah\n\nThe hearing occured on Monday.\n", encoding="utf-8")
    (letters / "b.md").write_text("Dear Mr Lee\n\nIt was alot of work.\n", encoding="utf-8")
    d = docx.Document()
    d.add_paragraph("Dear Ms Cole")
    d.add_paragraph("We spoke to the the prosecutor.")
    d.sections[0].footer.paragraphs[0].text = "CPS Wessex"
    d.save(str(letters / "c.docx"))
    (letters / "d.txt").write_text("Dear Dr Khan\n\nThe trial was moved.\n", encoding="utf-8")
    labels = {"letters": [
        {"file": "a.txt", "items": {"Q22": "yes", "Q23": "no", "7.11": "no"},
         "findings": [{"item": "Q22", "quote": "occured"}, {"item": "7.11", "quote": ""}]},
        {"file": "b.md", "items": {"Q22": "no", "Q23": "no", "7.11": "yes"}, "findings": []},
        {"file": "c.docx", "items": {"Q22": "no", "Q23": "yes", "7.11": "n/a"},
         "findings": [{"item": "Q23", "quote": "the the"}]},
        {"file": "d.txt", "items": {"Q22": "yes", "Q23": "not assessed", "7.11": "yes"},
         "findings": [{"item": "Q22", "quote": "trial"}]},
    ]}
    path = tmp_path / "labels.yaml"
    path.write_text(json.dumps(labels), encoding="utf-8")  # JSON is YAML
    return path


def test_compare_counts_on_a_small_labelled_corpus(tmp_path: Path) -> None:
    pi = _load("proselint_items")
    rows = {r.item: r for r in pi.compare(_mini_corpus(tmp_path))}
    assert list(rows) == list(pi.ITEMS)
    q22, q23, outcome = rows["Q22"], rows["Q23"], rows["7.11"]
    assert (q22.failing, q22.flagged, q22.flagged_at_words) == (2, 1, 1)  # "occured" found, d.txt missed
    assert (q22.clean, q22.false_alarms, q22.false_alarm_letters) == (2, 1, ["b.md"])  # "alot"
    assert (q23.failing, q23.flagged, q23.flagged_at_words, q23.clean) == (1, 1, 1, 2)  # .docx read
    assert q23.flagged_letters == ["c.docx"]
    assert (outcome.failing, outcome.clean, outcome.flagged, outcome.false_alarms) == (1, 2, 0, 0)
    assert rows["Q25"].failing == 0 and not rows["Q25"].visible


@pytest.mark.slow  # builds and checks a generated outbox or the corpus
def test_markdown_and_json_on_the_corpus() -> None:
    pi = _load("proselint_items")
    rows = pi.compare()
    md = pi.markdown(rows)
    table = [line for line in md.splitlines() if line.startswith("| ") and not line.startswith("| Item")]
    assert [line.split(" | ")[0][2:] for line in table] == list(pi.ITEMS)
    for r in rows:
        assert r.flagged_at_words <= r.flagged <= r.failing
        assert r.false_alarms <= r.clean
        assert r.failing + r.clean <= 38
        if not r.visible:
            assert r.flagged == r.false_alarms == 0 and not r.checks
    assert sum(r.failing for r in rows) > 50
    by_item = {r.item: r for r in rows}
    assert by_item["Q22"].flagged >= 1  # "occured" in s1-service-poor-01.txt
    assert "| Q25 | " in md and "| no: " in md
    data = json.loads(pi.as_json(rows, pi.LABELS))
    assert data["labels"] == "tests/corpus/labels.yaml"
    assert [i["item"] for i in data["items"]] == list(pi.ITEMS)
    assert data["checks"]["spelling.misc"] == "Q22"


@pytest.mark.slow  # a process
def test_proselint_items_runs_with_sockets_blocked(tmp_path: Path) -> None:
    log = tmp_path / "net.log"
    env = {**os.environ, "PYTHONPATH": str(NETBLOCK), "LETTERLINT_NETBLOCK_LOG": str(log)}
    res = subprocess.run([sys.executable, str(BENCH / "proselint_items.py"), "--format", "json"], cwd=tmp_path,
                         env=env, capture_output=True, text=True, timeout=120, check=False)
    entries = log.read_text(encoding="utf-8").splitlines()
    assert entries and entries[0].startswith("loaded"), "the socket blocker did not load"
    assert not [e for e in entries if e.startswith("attempt")], entries
    assert res.returncode == 0, res.stderr
    assert len(json.loads(res.stdout)["items"]) == 16
