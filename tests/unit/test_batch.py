"""letterlint batch on a real outbox with broken files mixed in."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT
from tests.robustness.docxmake import encrypted_docx, legacy_doc


def outbox(tmp_path: Path) -> Path:
    box = tmp_path / "outbox"
    (box / "november").mkdir(parents=True)
    for name in ("stage-one-good.docx", "stage-one-poor.docx", "holding-letter.txt",
                 "stage-one-service-adequate.md"):
        shutil.copy(ROOT / "examples" / name, box / name)
    shutil.copy(ROOT / "examples" / "stage-two-legal.docx", box / "november" / "stage-two.docx")
    data = (ROOT / "examples" / "stage-one-good.docx").read_bytes()
    (box / "truncated.docx").write_bytes(data[: len(data) // 2])
    encrypted_docx(box / "locked.docx", tmp_path)
    legacy_doc(box / "old.doc")
    (box / "empty.txt").write_bytes(b"")
    (box / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (box / "~$stage-one-good.docx").write_bytes(b"lock file")  # Word's lock file: skipped
    (box / "notes.pdf").write_bytes(b"%PDF-1.4")  # not a letter type: not collected
    os.symlink(box, box / "november" / "loop")  # a symlink loop must not trap the walk
    return box


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "letterlint.cli", *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "NO_COLOR": "1"}, timeout=300)


def test_every_file_is_accounted_for_and_one_bad_file_never_stops_the_batch(tmp_path: Path) -> None:
    box = outbox(tmp_path)
    res = run("batch", str(box), "-f", "json", "--jobs", "2", cwd=tmp_path)
    assert res.returncode == 2, res.stderr  # unreadable files make the exit code 2
    data = json.loads(res.stdout)
    paths = {Path(r["path"]).name: r for r in data["reports"]}
    assert set(paths) == {"stage-one-good.docx", "stage-one-poor.docx", "holding-letter.txt",
                          "stage-one-service-adequate.md", "stage-two.docx", "truncated.docx",
                          "locked.docx", "old.doc", "empty.txt", "binary.txt"}
    assert "password" in paths["locked.docx"]["error"]
    assert "legacy" in paths["old.doc"]["error"]
    assert "empty" in paths["empty.txt"]["error"]
    assert "binary" in paths["binary.txt"]["error"]
    assert paths["truncated.docx"]["error"]
    assert paths["stage-one-good.docx"]["error"] is None and paths["stage-one-good.docx"]["score"]
    summary = data["batch"]
    assert summary["checked"] == 5 and len(summary["unreadable"]) == 5
    overall = {row["item"]: row for row in summary["groups"]["overall"]["items"]}
    assert overall["Q32"]["national_yes_pct"] == 88.3  # Annex B beside ours
    assert summary["groups"]["overall"]["national_ratings_pct"]["below-standard"] == 49.0
    assert summary["groups"]["stage-one"]["letters"] >= 3
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("letterlint: error:")]
    assert len(errors) == 5 and "Traceback" not in res.stderr


def test_cache_makes_a_second_run_near_instant_and_a_changed_file_is_rechecked(tmp_path: Path) -> None:
    from letterlint import batch
    from letterlint.config import Config

    box = tmp_path / "box"
    box.mkdir()
    for name in ("stage-one-good.docx", "stage-one-poor.docx", "holding-letter.txt"):
        shutil.copy(ROOT / "examples" / name, box / name)
    cfg = Config()
    cache = batch.make_cache(cfg, tmp_path / "cache")
    files = batch.collect(box)
    first = batch.run(files, cfg, jobs=1, cache=cache)
    start = time.monotonic()
    second = batch.run(files, cfg, jobs=1, cache=cache)
    assert time.monotonic() - start < 0.5
    assert [r.to_dict()["findings"] for r in first] == [r.to_dict()["findings"] for r in second]
    text = (box / "holding-letter.txt").read_text(encoding="utf-8")
    assert "Yours sincerely" in text
    text = text.replace("Yours sincerely", "We may be able to offer a consolatory payment.\n\nYours sincerely")
    (box / "holding-letter.txt").write_text(text, encoding="utf-8")
    third = batch.run(files, cfg, jobs=1, cache=cache)
    i = [f.name for f in files].index("holding-letter.txt")
    assert any(f.code == "LL230" for f in third[i].findings)
    assert not any(f.code == "LL230" for f in second[i].findings)
    other = Config()
    other.set("rules.disable", ["LL601"], "test")  # another configuration: another cache key
    assert batch.make_cache(other, tmp_path / "cache").salt != cache.salt


def test_include_and_exclude_globs(tmp_path: Path) -> None:
    from letterlint.batch import collect

    box = outbox(tmp_path)
    only_docx = {p.name for p in collect(box, include=["*.docx"])}
    assert only_docx == {"stage-one-good.docx", "stage-one-poor.docx", "stage-two.docx", "truncated.docx",
                         "locked.docx"}
    no_nov = {p.name for p in collect(box, exclude=["november/*"])}
    assert "stage-two.docx" not in no_nov and "stage-one-good.docx" in no_nov


def test_redirected_output_has_no_progress_bar_and_terminal_summary_mirrors_annex_b(tmp_path: Path) -> None:
    box = tmp_path / "box"
    box.mkdir()
    shutil.copy(ROOT / "examples" / "stage-one-poor.docx", box / "a.docx")
    res = run("batch", str(box), "--no-cache", cwd=tmp_path)
    assert res.returncode == 1
    assert "\x1b[" not in res.stdout + res.stderr and "checking" not in res.stderr
    assert "national yes %" in res.stdout and "Stage one" in res.stdout


def test_quality_gates(tmp_path: Path) -> None:
    good = ROOT / "examples" / "stage-one-good.docx"
    poor = ROOT / "examples" / "stage-one-poor.docx"
    assert run("check", str(good), "--fail-on", "error", "--fail-below", "adequate", cwd=tmp_path).returncode == 0
    assert run("check", str(poor), "--fail-on", "info", "--fail-below", "adequate", cwd=tmp_path).returncode == 1
    assert run("check", str(good), "--min-score", "101", cwd=tmp_path).returncode == 1
