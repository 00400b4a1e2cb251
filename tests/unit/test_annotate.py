"""--annotate: a copy of the draft with a Word comment anchored to each finding's words."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

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


def _wrap_every_run(src: Path, dest: Path, wrapper: str) -> Path:
    """Copy of ``src`` with each paragraph's runs moved inside one ``wrapper`` element (w:ins,
    w:hyperlink, w:smartTag, ...), so that no paragraph has a direct w:r child."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document(str(src))
    for n, p in enumerate(d.element.body.iter(qn("w:p"))):  # table cells too
        runs = list(p.iterchildren(qn("w:r")))
        if not runs:
            continue
        outer = OxmlElement(wrapper)
        if wrapper == "w:ins":
            outer.set(qn("w:id"), str(900 + n))
            outer.set(qn("w:author"), "Drafter")
        elif wrapper == "w:smartTag":
            outer.set(qn("w:element"), "place")
        runs[0].addprevious(outer)
        for r in runs:
            outer.append(r)
    d.save(str(dest))
    return dest


def test_the_summary_is_placed_when_no_paragraph_has_a_direct_run(tmp_path: Path) -> None:
    """A draft typed with Track Changes on (every run in w:ins), or with every run in a
    hyperlink or smart tag, still gets the summary comment with the rating."""
    from docx.oxml.ns import qn

    from tests.fixtures.inputs.builders import letter_docx

    plain = letter_docx(tmp_path / "plain.docx")
    for wrapper in ("w:ins", "w:hyperlink", "w:smartTag"):
        draft = _wrap_every_run(plain, tmp_path / f"{wrapper[2:]}.docx", wrapper)
        body = docx.Document(str(draft)).element.body
        assert not any(list(p.iterchildren(qn("w:r"))) for p in body.iter(qn("w:p")))
        res = run("check", str(draft), "--annotate", cwd=tmp_path)
        assert res.returncode in (0, 1), res.stderr
        out = draft.with_name(f"{draft.stem}.letterlint.docx")
        annotated = read(out)
        assert annotated.text == read(draft).text
        summary = [c for c in annotated.comments if c.text.startswith("letterlint: rated")]
        assert len(summary) == 1, (wrapper, [c.text for c in annotated.comments])


def test_a_summary_that_cannot_be_placed_is_one_line_on_stderr(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """When no paragraph of the letter can hold the summary comment, the user is told (the
    rating and the whole-letter findings would otherwise be missing from the copy silently)."""
    from letterlint.reports import annotate

    draft = tmp_path / "draft.docx"
    shutil.copy(ROOT / "examples" / "stage-one-poor.docx", draft)
    monkeypatch.setattr(annotate, "_text_runs", lambda p: None)
    res = run("check", str(draft), "--annotate", cwd=tmp_path)
    assert res.returncode == 1, res.stderr
    lines = [ln for ln in res.stderr.splitlines() if "summary comment" in ln]
    assert lines == [f"letterlint: {draft}: no paragraph could hold the summary comment (the rating and "
                     "the findings about the whole letter are not in the copy)"]
