"""letterlint batch on a real outbox with broken files mixed in.

The command runs in this process with one job (``-j 1``); the tests of worker processes (``--jobs
2``, a worker that dies) and of LibreOffice converting a .doc are marked ``slow``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.robustness.docxmake import encrypted_docx, legacy_doc
from tests.workflow import clihelp


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
    (box / "notes.xlsx").write_bytes(b"PK\x03\x04")  # not a letter type: not checked, listed as not read
    os.symlink(box, box / "november" / "loop")  # a symlink loop must not trap the walk
    return box


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return clihelp.run(args, cwd, {"NO_COLOR": "1"})


def run_process(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "letterlint.cli.app", *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "NO_COLOR": "1"}, timeout=300)


@pytest.mark.slow
def test_every_file_is_accounted_for_and_one_bad_file_never_stops_the_batch(tmp_path: Path) -> None:
    box = outbox(tmp_path)
    res = run_process("batch", str(box), "-f", "json", "--jobs", "2", cwd=tmp_path)
    assert res.returncode == 2, res.stderr  # unreadable files make the exit code 2
    data = json.loads(res.stdout)
    paths = {Path(r["path"]).name: r for r in data["reports"]}
    assert set(paths) == {"stage-one-good.docx", "stage-one-poor.docx", "holding-letter.txt",
                          "stage-one-service-adequate.md", "stage-two.docx", "truncated.docx",
                          "locked.docx", "old.doc", "empty.txt", "binary.txt"}
    assert "password" in paths["locked.docx"]["error"]
    assert "legacy" in paths["old.doc"]["error"] or "LibreOffice could not convert" in paths["old.doc"]["error"]
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
    assert any(ln.startswith("letterlint: not read:") and "notes.xlsx" in ln and "unsupported type" in ln
               for ln in res.stderr.splitlines())


def test_cache_makes_a_second_run_near_instant_and_a_changed_file_is_rechecked(tmp_path: Path) -> None:
    from letterlint.config.settings import Config
    from letterlint.engine import batch

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
    from letterlint.engine.batch import collect

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
    res = run("batch", str(box), "--no-cache", "-j", "1", cwd=tmp_path)
    assert res.returncode == 1
    assert "\x1b[" not in res.stdout + res.stderr and "checking" not in res.stderr
    assert "met %" in res.stdout and "national" in res.stdout and "Stage one" in res.stdout
    # two tables (all letters, stage one), the note on what the columns mean once
    assert res.stdout.count("met %:") == 1 and res.stdout.count("Ratings:") == 2


def _report(value: float, rating: str, error: str | None = None) -> object:
    from letterlint.model import Report, Score

    score = None if error else Score(value, rating, rating.replace("-", " "), ())
    return Report("a.txt", "txt", (), (), (), score, error=error)


def test_quality_gates_decide_the_exit_code() -> None:
    from letterlint.cli.app import exit_code

    adequate = _report(70.0, "adequate")
    assert exit_code([adequate], "error") == 0
    assert exit_code([adequate], "error", min_score=70) == 0
    assert exit_code([adequate], "error", min_score=70.5) == 1
    assert exit_code([adequate], "error", fail_below="adequate") == 0
    assert exit_code([adequate], "error", fail_below="better-than-adequate") == 1
    assert exit_code([_report(40.0, "below-standard")], "error", fail_below="adequate") == 1
    assert exit_code([adequate, _report(0, "", error="not a Word document")], "error", min_score=0) == 2


def test_quality_gates_on_the_command_line(tmp_path: Path) -> None:
    from letterlint.rules.loader import ruleset_for

    # every rule at info level: no finding fails, so only the gates decide
    codes = "\n".join(f"    {r.code}: info" for r in ruleset_for().rules)
    (tmp_path / ".letterlint.yaml").write_text(f"rules:\n  severity:\n{codes}\n", encoding="utf-8")
    poor = ROOT / "examples" / "stage-one-poor.docx"
    assert run("check", str(poor), cwd=tmp_path).returncode == 0
    assert run("check", str(poor), "--min-score", "100", "--fail-below", "better-than-adequate",
               cwd=tmp_path).returncode == 0  # info findings never cost points
    assert run("check", str(poor), "--min-score", "100.5", cwd=tmp_path).returncode == 1
    # a negative gate, infinity or NaN (which compares false with every score, so would switch the
    # gate off) is refused
    for bad in ("-1", "inf", "nan"):
        res = run("check", str(poor), "--min-score", bad, cwd=tmp_path)
        assert res.returncode == 2 and "is not a score (0 to 100)" in res.stderr
    box = tmp_path / "box"
    box.mkdir()
    shutil.copy(poor, box / "a.docx")
    assert run("batch", str(box), "--no-cache", "-j", "1", cwd=tmp_path).returncode == 0
    assert run("batch", str(box), "--no-cache", "-j", "1", "--min-score", "101", cwd=tmp_path).returncode == 1


_ORIGINAL_CHECK_ONE = None


def _crashing_check_one(path: str) -> dict[str, object]:
    if path.endswith("crash.txt"):
        os._exit(1)  # the worker process dies, as on a crash in a C library
    assert _ORIGINAL_CHECK_ONE is not None
    result: dict[str, object] = _ORIGINAL_CHECK_ONE(path)
    return result


@pytest.mark.slow
def test_a_worker_that_dies_costs_only_its_own_file(tmp_path: Path, monkeypatch: object) -> None:
    import pytest

    from letterlint.config.settings import Config
    from letterlint.engine import batch

    global _ORIGINAL_CHECK_ONE
    _ORIGINAL_CHECK_ONE = batch._check_one
    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(batch, "_check_one", _crashing_check_one)
    box = tmp_path / "box"
    box.mkdir()
    for name in ("a.txt", "b.md", "c.txt"):
        shutil.copy(ROOT / "examples" / "holding-letter.txt", box / name)
    (box / "crash.txt").write_text("Dear Mrs Example\n\nA letter.\n", encoding="utf-8")
    reports = batch.run(batch.collect(box), Config(), jobs=2)
    by_name = {Path(r.path).name: r for r in reports}
    assert set(by_name) == {"a.txt", "b.md", "c.txt", "crash.txt"}
    assert by_name["crash.txt"].error and "stopped unexpectedly" in by_name["crash.txt"].error
    assert all(by_name[n].error is None and by_name[n].score for n in ("a.txt", "b.md", "c.txt"))


def test_a_repositorys_readme_and_licence_are_not_letters(tmp_path: Path) -> None:
    from letterlint.engine.batch import collect

    for name in ("README.md", "readme.txt", "CHANGELOG.md", "LICENSE.txt", "reply.md", "licence-reply.txt"):
        (tmp_path / name).write_text("Dear Ms Lee\n", encoding="utf-8")
    assert [p.name for p in collect(tmp_path)] == ["licence-reply.txt", "reply.md"]
    assert [p.name for p in collect(tmp_path, include=["README.md"])] == ["README.md"]


@pytest.mark.slow  # worker processes
def test_stream_gives_reports_in_file_order_with_few_in_hand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # issue 15: the batch streams; letters come out in the order of the files whatever order the
    # workers finish in, with at most WINDOW_PER_JOB letters per worker in hand
    from letterlint.config.settings import Config
    from letterlint.engine import batch

    monkeypatch.setattr(batch, "WINDOW_PER_JOB", 1)
    box = tmp_path / "box"
    box.mkdir()
    names = ["a-long.txt", "b.txt", "c.md", "d.txt", "e.txt"]
    shutil.copy(ROOT / "examples" / "stage-one-mixed-harcourt.txt", box / names[0])
    for n in names[1:]:
        shutil.copy(ROOT / "examples" / "holding-letter.txt", box / n)
    files = batch.collect(box)
    seen: list[int] = []
    stream = batch.stream(files, Config(), jobs=2, progress=lambda done, total: seen.append(done))
    got = [Path(r.path).name for r in stream]
    assert got == names and seen == [1, 2, 3, 4, 5]
    one = batch.run(files, Config(), jobs=1)
    assert [r.to_dict() for r in one] == [r.to_dict() for r in batch.run(files, Config(), jobs=2)]


@pytest.mark.slow  # a real batch interrupted part way: about 10 s
def test_ctrl_c_stops_a_batch_at_once_without_tracebacks(tmp_path: Path) -> None:
    """Ctrl-C part way through a two-worker batch: the parent says 'interrupted' and exits 130
    within seconds, no worker prints a KeyboardInterrupt traceback, no worker is left running,
    and no half-written report is left (a tester saw a batch sit idle for ten minutes after
    Ctrl-C, and tracebacks from the workers after a second one)."""
    import contextlib
    import signal

    from tests.workflow.clihelp import reap_group

    box = tmp_path / "box"
    box.mkdir()
    for i in range(24):
        shutil.copy(ROOT / "examples" / "stage-one-mixed-harcourt.txt", box / f"l{i:02}.txt")
    out = tmp_path / "report.html"
    proc = subprocess.Popen([sys.executable, "-m", "letterlint.cli.app", "batch", "-q", "--no-cache", "-j", "2",
                             str(box), "-f", "html", "-o", str(out)], cwd=tmp_path, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "NO_COLOR": "1"}, start_new_session=True)
    time.sleep(4)  # set-up done, workers checking
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal sends Ctrl-C: to the whole process group
    start = time.monotonic()
    time.sleep(0.3)
    with contextlib.suppress(ProcessLookupError):  # an impatient second Ctrl-C
        os.killpg(proc.pid, signal.SIGINT)
    err = reap_group(proc)  # a hung batch (the fault this test is for) must not outlive the test
    assert time.monotonic() - start < 20
    if proc.returncode == 0:  # finished before the signal on a fast machine: nothing to show
        pytest.skip("the batch finished before Ctrl-C")
    assert proc.returncode == 130 and "interrupted" in err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    time.sleep(0.5)
    left = subprocess.run(["pgrep", "-g", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert not left, f"workers still running: {left}"
    assert not out.exists()


@pytest.mark.slow
def test_a_complaint_in_a_batch_folder_says_how_to_use_it(tmp_path: Path) -> None:
    """A newcomer's batch over an outbox holding a complaint beside its reply: the cause must not
    send them to --complaint, which batch does not take, and the HTML report must not say the
    file 'could not be read' (it was read: it is not a reply)."""
    for name in ("stage-one-mixed-harcourt.txt", "complaints/complaint-harcourt.txt"):
        shutil.copy(ROOT / "examples" / name, tmp_path / Path(name).name)
    res = run("batch", ".", "-q", cwd=tmp_path)
    assert res.returncode == 2, res.stderr
    line = next(ln for ln in res.stdout.splitlines() if "complaint-harcourt.txt" in ln)
    assert "letterlint check REPLY --complaint THIS-FILE" in line and "--exclude" in line, line
    html = run("batch", ".", "-f", "html", "-o", "out.html", cwd=tmp_path)
    assert html.returncode == 2, html.stderr
    page = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "not checked" in page and "could not be read" not in page
