"""Word comments anchored to the exact words, in awkward run structures (several text pieces in
one run, tabs, line breaks, hyperlinks, tracked deletions, fields), with reports built by hand
so the test does not depend on the rules."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.parser import OxmlElement

from letterlint.errors import LetterlintError
from letterlint.model import Finding, Location, Report, Score, Severity, Span
from letterlint.reading import read
from letterlint.reports.annotate import annotate_docx


def _t(text: str) -> object:
    t = OxmlElement("w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return t


def build(path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("Dear Mrs Example")
    # one run holding three text pieces, a tab and a line break, in bold
    p = d.add_paragraph()
    r = p.add_run("The case was ")
    r.bold = True
    r._r.append(_t("discontinued"))
    r._r.append(OxmlElement("w:tab"))
    r._r.append(_t("because the"))
    r._r.append(OxmlElement("w:br"))
    r._r.append(_t("evidence was weak."))
    # a hyperlink run, a tracked deletion and a field code between ordinary runs
    p2 = d.add_paragraph()
    p2.add_run("Please see ")
    link = OxmlElement("w:hyperlink")
    lr = OxmlElement("w:r")
    lr.append(_t("our complaints page"))
    link.append(lr)
    p2._p.append(link)
    deleted = OxmlElement("w:del")
    dr = OxmlElement("w:r")
    dt = OxmlElement("w:delText")
    dt.text = "REMOVED WORDS"
    dr.append(dt)
    deleted.append(dr)
    p2._p.append(deleted)
    fr = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.text = " PAGE "
    fr.append(instr)
    p2._p.append(fr)
    tail = p2.add_run(" for the MG6 schedule.")
    tail.italic = True
    table = d.add_table(rows=1, cols=1)
    table.cell(0, 0).paragraphs[0].add_run("Reference: URN 12AB3456789")
    d.add_paragraph("Yours sincerely")
    d.save(str(path))


def finding(code: str, text: str, words: str, severity: str = "warning") -> Finding:
    start = text.index(words)
    return Finding(code, "test-rule", "Q24", Severity(severity), f"About '{words}'.", words,
                   Span(start, start + len(words)), Location())


def test_comments_are_anchored_to_exactly_the_quoted_words(tmp_path: Path) -> None:
    src = tmp_path / "draft.docx"
    build(src)
    doc = read(src)
    text = doc.text
    # the manual line break inside the sentence reads as a space (it does not end the sentence)
    assert "REMOVED" not in text and "PAGE" not in text and "discontinued\tbecause the evidence" in text
    quotes = ["discontinued", "was discontinued\tbecause", "the evidence", "complaints page for",
              "MG6", "URN 12AB3456789", "case"]
    fs = [finding(f"LL{600 + i}", text, q) for i, q in enumerate(quotes)]
    whole = Finding("LL101", "outcome-not-stated", "7.11", Severity.ERROR, "Say whether it is upheld.", "",
                    None, Location())
    score = Score(60.0, "below-standard", "below the required standard", ())
    report = Report(str(src), "docx", (), (), (*fs, whole), score)
    out = tmp_path / "draft.letterlint.docx"
    placed = annotate_docx(src, report, out)
    assert placed == len(quotes)
    again = read(out)
    assert again.text == text  # no words changed or lost
    anchored = {c.text.split()[0]: again.text[c.span.start:c.span.end] for c in again.comments if c.span}
    for f in fs:
        assert anchored[f.code] == f.quote
    summary = [c for c in again.comments if c.text.startswith("letterlint: rated")]
    assert len(summary) == 1 and "LL101" in summary[0].text and "below the required standard" in summary[0].text
    # formatting survives the splits: every piece of the first body paragraph is still bold
    body = docx.Document(str(out)).paragraphs[1]
    assert all(r.bold for r in body.runs if r.text)
    assert any(r.text == "discontinued" for r in body.runs)
    italic = [r for r in docx.Document(str(out)).paragraphs[2].runs if "MG6" in r.text]
    assert italic and italic[0].italic and italic[0].text == "MG6"


def test_input_is_protected_and_existing_output_needs_force(tmp_path: Path) -> None:
    src = tmp_path / "draft.docx"
    build(src)
    before = src.read_bytes()
    report = Report(str(src), "docx", (), (), (), Score(100.0, "better-than-adequate", "better than adequate", ()))
    with pytest.raises(LetterlintError, match="refusing to overwrite"):
        annotate_docx(src, report, src, overwrite=True)
    out = tmp_path / "draft.letterlint.docx"
    out.write_bytes(b"keep")
    with pytest.raises(LetterlintError, match="already exists"):
        annotate_docx(src, report, out)
    assert out.read_bytes() == b"keep"
    annotate_docx(src, report, out, overwrite=True)
    assert src.read_bytes() == before
    assert [c.text for c in read(out).comments] == ["letterlint: rated better than adequate (score 100/100)."]

