"""--annotate: a copy of the draft with a Word comment anchored to each finding's words."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import docx

from letterlint.reading import read
from tests.conftest import ROOT


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``letterlint ARGS`` through its entry point, in this process."""
    from tests.workflow.clihelp import run as run_here

    return run_here(args, cwd)


def test_every_comment_is_anchored_to_the_quoted_words(tmp_path: Path) -> None:
    draft = tmp_path / "draft.docx"
    shutil.copy(ROOT / "examples" / "stage-one-poor.docx", draft)
    before = hashlib.sha256(draft.read_bytes()).hexdigest()
    res = run("check", str(draft), "--annotate", "-f", "json", cwd=tmp_path)
    assert res.returncode == 1, res.stderr
    import json

    report = json.loads(res.stdout)["reports"][0]
    out = tmp_path / "draft.letterlint.docx"
    assert out.is_file() and hashlib.sha256(draft.read_bytes()).hexdigest() == before
    annotated = read(out)
    assert annotated.text == read(draft).text  # splitting runs changed no words
    by_code: dict[str, list[str]] = {}
    for c in annotated.comments:
        assert c.span is not None
        by_code.setdefault(c.text.split()[0], []).append(annotated.text[c.span.start : c.span.end])
    placed = [f for f in report["findings"] if f["span"] and not f["suppressed"]]
    assert placed
    for f in placed:
        assert f["quote"] in by_code.get(f["code"], []), (f["code"], f["quote"])
    summary = [c for c in annotated.comments if c.text.startswith("letterlint: rated")]
    assert len(summary) == 1 and "Items not met" in summary[0].text and "LL101" in summary[0].text


def test_formatting_survives_the_split(tmp_path: Path) -> None:
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("Dear Mrs Example")
    body = d.add_paragraph()
    r = body.add_run("The case was discontinued because of the evidence.")
    r.bold = True
    d.add_paragraph("Yours sincerely")
    src = tmp_path / "bold.docx"
    d.save(str(src))
    assert run("check", str(src), "--stage", "stage-one", "--annotate", cwd=tmp_path).returncode in (0, 1)
    out = docx.Document(str(tmp_path / "bold.letterlint.docx"))
    runs = [run for para in out.paragraphs for run in para.runs if "discontinued" in run.text]
    assert runs and all(run.bold for run in runs)
    assert runs[0].text == "discontinued"  # the run was split exactly at the finding


def test_existing_output_is_not_overwritten_without_force(tmp_path: Path) -> None:
    draft = tmp_path / "draft.docx"
    shutil.copy(ROOT / "examples" / "stage-one-poor.docx", draft)
    (tmp_path / "draft.letterlint.docx").write_bytes(b"keep me")
    res = run("check", str(draft), "--annotate", cwd=tmp_path)
    assert res.returncode == 2 and "already exists" in res.stderr
    assert (tmp_path / "draft.letterlint.docx").read_bytes() == b"keep me"
    assert run("check", str(draft), "--annotate", "--force", cwd=tmp_path).returncode == 1
    assert read(tmp_path / "draft.letterlint.docx").comments
