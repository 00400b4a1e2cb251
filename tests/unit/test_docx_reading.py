"""Word files read as Word shows them (issue 10): content controls, customXml, text boxes,
footnotes and endnotes, tracked changes, fields, manual line breaks, several letters in one
file, and locations a person can find. The shared reading cases are in
tests/fixtures/inputs/reading/ (each with the answer from the cases' README); the other forms
of each fault are built here the way Word writes them (tests/fixtures/wordxml.py)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from letterlint.config.settings import Config
from letterlint.engine.check import check_path
from letterlint.model import Report
from letterlint.reading import read
from letterlint.reading.docx import body_paragraph_map, paragraph_text
from tests.conftest import ROOT
from tests.fixtures import wordxml as wx

CASES = ROOT / "tests" / "fixtures" / "inputs" / "reading"


def report(path: Path) -> Report:
    rep = check_path(path, Config())
    assert rep.error is None, rep.error
    return rep


def codes(rep: Report) -> set[str]:
    return {f.code for f in rep.active_findings}


def loud_items(rep: Report) -> set[str]:
    return {f.item for f in rep.active_findings if f.severity.value in ("warning", "error")}


def item(rep: Report, name: str) -> bool | None:
    assert rep.score is not None
    return next(o.passed for o in rep.score.items if o.item == name)


def texts(path: Path, kind: str | None = None) -> list[str]:
    return [b.text for b in read(path).blocks if b.text.strip() and (kind is None or b.kind == kind)]


def letter(paras: list[str]) -> str:
    return "".join(wx.p(t) for t in paras)


# ------------------------------------------------------------------ the shared reading cases

def test_case_date_in_content_control() -> None:
    assert "LL333" not in codes(report(CASES / "date-in-content-control.docx"))


def test_case_escalation_in_content_control() -> None:
    assert "LL111" not in codes(report(CASES / "escalation-in-content-control.docx"))


def test_case_whole_body_in_content_control() -> None:
    rep = report(CASES / "whole-body-in-content-control.docx")
    assert not {"LL333", "LL334"} & codes(rep)


def test_case_date_in_customxml() -> None:
    assert "LL333" not in codes(report(CASES / "date-in-customxml.docx"))


def test_case_contact_in_text_box() -> None:
    rep = report(CASES / "contact-in-text-box.docx")
    assert "Q23" not in loud_items(rep)
    assert texts(CASES / "contact-in-text-box.docx", "text-box") == [
        "Victim Liaison Unit", "Telephone 01632 960412", "Email wessex.vlu@cps.gov.uk"]


def test_case_body_in_text_box() -> None:
    rep = report(CASES / "body-in-text-box.docx")
    assert not {"LL333", "LL334"} & codes(rep)
    assert "Q23" not in loud_items(rep)
    facts = {f.name: f.value for f in rep.facts}
    assert facts["salutation"] == "Dear Mr Rowe" and facts["reference"] == "SW/2026/077"


def test_case_signposting_in_footnote() -> None:
    assert item(report(CASES / "signposting-in-footnote.docx"), "Q31") is True


def test_case_manual_line_break_in_sentence() -> None:
    path = CASES / "manual-line-break-in-sentence.docx"
    assert any(t.startswith("When the hearing was moved the court sent the new date to the police")
               for t in texts(path))
    assert "LL702" in codes(report(path))


def test_case_two_letters_in_one_file() -> None:
    rep = report(CASES / "two-letters-one-file.docx")
    letters = rep.each_letter()
    assert [r.letter for r in letters] == [1, 2]
    assert "LL112" in {f.code for f in letters[0].active_findings}  # "20 working days" is wrong
    assert all("this file holds 2 letters" in r.notes[0] for r in letters)
    dates = [{f.name: f.value for f in r.facts}["letter_date"].isoformat() for r in letters]
    assert dates == ["2026-01-12", "2026-01-27"]
    types = [{f.name: f.value for f in r.facts}["letter_type"].value for r in letters]
    assert types == ["stage-one", "stage-two"]


def test_case_tracked_move_is_read_once_at_its_new_place() -> None:
    body = read(CASES / "tracked-move.docx").text
    assert body.count("That was our mistake and I apologise for it.") == 1
    assert "That was our mistake and I apologise for it. I have upheld your complaint." in body


# ------------------------------------------------------------------ content controls and customXml

def test_content_controls_around_a_row_a_cell_and_a_run(tmp_path: Path) -> None:
    paras = wx.letter_paragraphs()
    plain_row = "<w:tr>" + "".join(f"<w:tc>{wx.p(t)}</w:tc>" for t in ("Mr Daniel Okoro", "x")) + "</w:tr>"
    row = ("<w:tr>" + "".join(f"<w:tc>{wx.p(t)}</w:tc>" for t in ("Our reference: WX/CU/2026/0412",
                                                                  "12 November 2026")) + "</w:tr>")
    cell = f'<w:tc>{wx.p("SN3 4QT")}</w:tc>'
    tbl = ('<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="4500"/>'
           '<w:gridCol w:w="4500"/></w:tblGrid>' + plain_row + wx.sdt(row, "Row")
           + "<w:tr>" + wx.sdt(cell, "Cell") + "</w:tr></w:tbl>")
    inline = wx.p(wx.r("Dear Mr ") + wx.sdt(wx.r("Okoro"), "Surname"))
    body = tbl + inline + letter(paras[11:])
    path = wx.build(tmp_path / "controls.docx", body)
    got = texts(path)
    assert got[:6] == ["Mr Daniel Okoro", "x", "Our reference: WX/CU/2026/0412", "12 November 2026",
                       "SN3 4QT", "Dear Mr Okoro"]
    kinds = [b.kind for b in read(path).blocks if b.text.strip()][:5]
    assert kinds == ["table-cell"] * 5
    facts = {f.name: f.value for f in report(path).facts}
    assert facts["reference"] == "WX/CU/2026/0412" and str(facts["letter_date"]) == "2026-11-12"


def test_customxml_around_paragraphs_and_inline(tmp_path: Path) -> None:
    paras = wx.letter_paragraphs()
    date = f'<w:customXml w:uri="urn:example:letter" w:element="date">{wx.p(paras[5])}</w:customXml>'
    name = wx.p('<w:customXml w:element="addressee">' + wx.r("Mr Daniel Okoro") + "</w:customXml>")
    body = name + letter(paras[1:5]) + date + letter(paras[6:])
    path = wx.build(tmp_path / "customxml.docx", body)
    assert texts(path)[:5] == ["Mr Daniel Okoro", "14 Larkspur Close", "Swindon", "SN3 4QT", "12 November 2026"]
    assert "LL333" not in codes(report(path))


def test_content_control_placeholder_and_properties_are_not_text(tmp_path: Path) -> None:
    control = ('<w:sdt><w:sdtPr><w:alias w:val="SECRET ALIAS"/><w:placeholder><w:docPart w:val="PLACEHOLDER"/>'
               '</w:placeholder></w:sdtPr><w:sdtContent>' + wx.p("12 November 2026") + "</w:sdtContent></w:sdt>")
    path = wx.build(tmp_path / "props.docx", wx.p("Dear Mr Okoro") + control)
    assert read(path).text == "Dear Mr Okoro\n\n12 November 2026"


# ------------------------------------------------------------------ text boxes

def test_text_box_paragraphs_are_blocks_read_once_not_glued(tmp_path: Path) -> None:
    anchor = wx.p(wx.r("If you would like to talk to someone, please contact us.")
                  + wx.text_box(["Victim Liaison Unit", "Telephone 01632 960412"]))
    path = wx.build(tmp_path / "box.docx", wx.p("Dear Mr Okoro") + anchor + wx.p("Yours sincerely"))
    doc = read(path)
    got = [(b.kind, b.container, b.text) for b in doc.blocks]
    assert got == [
        ("paragraph", "", "Dear Mr Okoro"),
        ("paragraph", "", "If you would like to talk to someone, please contact us."),
        ("text-box", "text box 1", "Victim Liaison Unit"),
        ("text-box", "text box 1", "Telephone 01632 960412"),
        ("paragraph", "", "Yours sincerely"),
    ]
    assert doc.text.count("Victim Liaison Unit") == 1  # the VML fallback is not read as well
    loc = doc.location(doc.blocks[3].span)
    assert loc.describe() == 'text box 1, paragraph 2 ("Telephone 01632 960412")'
    assert doc.blocks[4].number == 3  # text-box paragraphs are not counted among body paragraphs


def test_vml_only_text_box_is_read(tmp_path: Path) -> None:
    vml = ('<w:r><w:pict><v:shape style="width:200pt"><v:textbox><w:txbxContent>'
           + wx.p("First line") + wx.p("Second line") + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>")
    path = wx.build(tmp_path / "vml.docx", wx.p(vml))
    assert texts(path) == ["First line", "Second line"]


def test_text_box_in_a_header_is_a_header_block_of_its_own(tmp_path: Path) -> None:
    header = wx.p(wx.r("Crown Prosecution Service") + wx.text_box(["CPS Wessex", "Telephone 0300 555 0142"]))
    path = wx.build(tmp_path / "hdr.docx", letter(wx.letter_paragraphs()), header=header)
    heads = [(b.kind, b.text) for b in read(path).blocks if b.kind == "header"]
    assert heads == [("header", "Crown Prosecution Service"), ("header", "CPS Wessex"),
                     ("header", "Telephone 0300 555 0142")]
    doc = read(path)
    assert doc.location(doc.blocks[1].span).describe() == 'page header ("CPS Wessex")'


# ------------------------------------------------------------------ notes

def test_footnotes_and_endnotes_follow_the_paragraph_that_refers_to_them(tmp_path: Path) -> None:
    body = (wx.p("Dear Mr Okoro")
            + wx.p(wx.r("You may wish to contact Victim Support.") + wx.note_ref("endnote", 1))
            + wx.p(wx.r("The court can tell you more.") + wx.note_ref("footnote", 2))
            + wx.p("Yours sincerely"))
    path = wx.build(tmp_path / "notes.docx", body,
                    footnotes=[wx.note("footnote", 2, "Court enquiries: 01632 960000.")],
                    endnotes=[wx.note("endnote", 1, "Victim Support: 0808 168 9111, www.victimsupport.org.uk."),
                              wx.note("endnote", 5, "Nobody refers to this note.")])
    doc = read(path)
    got = [(b.kind, b.container, b.text.strip()) for b in doc.blocks]
    assert got == [
        ("paragraph", "", "Dear Mr Okoro"),
        ("paragraph", "", "You may wish to contact Victim Support."),
        ("endnote", "endnote 1", "Victim Support: 0808 168 9111, www.victimsupport.org.uk."),
        ("paragraph", "", "The court can tell you more."),
        ("footnote", "footnote 1", "Court enquiries: 01632 960000."),
        ("paragraph", "", "Yours sincerely"),
        ("endnote", "endnote 2", "Nobody refers to this note."),
    ]
    assert doc.location(doc.blocks[4].span).describe() == 'footnote 1 ("Court enquiries: 01632 960000.")'


def test_signposting_details_in_an_endnote_count(tmp_path: Path) -> None:
    paras = wx.letter_paragraphs()
    paras[12] += " You may wish to contact Victim Support, who can help you."
    body = letter(paras[:12]) + wx.p(wx.r(paras[12]) + wx.note_ref("endnote", 1)) + letter(paras[13:])
    path = wx.build(tmp_path / "endnote.docx", body,
                    endnotes=[wx.note("endnote", 1, "Victim Support: telephone 0808 168 9111.")])
    assert item(report(path), "Q31") is True
    bare = wx.build(tmp_path / "bare.docx", letter(paras))  # the same letter without the endnote
    assert item(report(bare), "Q31") is False


def test_statute_cited_in_a_footnote_is_not_jargon(tmp_path: Path) -> None:
    """Issue 13: the Act's section in a footnote is out of the reader's way (LL601 is quiet);
    the same citation in the letter's own words is flagged."""
    paras = wx.letter_paragraphs()
    said = "The law lets a person use reasonable force to defend themselves."
    cite = "See section 76 of the Criminal Justice and Immigration Act 2008."
    body = letter(paras[:12]) + wx.p(wx.r(said) + wx.note_ref("footnote", 1)) + letter(paras[12:])
    path = wx.build(tmp_path / "footnote.docx", body,
                    footnotes=[wx.note("footnote", 1, cite)])
    assert "LL601" not in codes(report(path))
    inline = wx.build(tmp_path / "inline.docx", letter(paras[:12]) + wx.p(
        said + " " + cite) + letter(paras[12:]))
    assert "LL601" in codes(report(inline))


# ------------------------------------------------------------------ tracked changes and fields

def test_tracked_changes_read_as_if_accepted(tmp_path: Path) -> None:
    meta = 'w:id="{}" w:author="Reviewer" w:date="2026-11-11T09:00:00Z"'
    body = (
        wx.p(wx.r("I have ") + f'<w:ins {meta.format(1)}>{wx.r("now ")}</w:ins>' + wx.r("read the file")
             + f'<w:del {meta.format(2)}><w:r><w:delText> twice</w:delText></w:r></w:del>' + wx.r("."))
        + wx.p(wx.r("Stays.") + f'<w:moveFrom {meta.format(3)}>{wx.r(" Moved sentence.")}</w:moveFrom>')
        + wx.p(f'<w:moveTo {meta.format(4)}>{wx.r("Moved sentence. ")}</w:moveTo>' + wx.r("Next."))
        # a paragraph whose mark is deleted runs on into the next
        + wx.p(wx.r("We should have written to you"), f'<w:rPr><w:del {meta.format(5)}/></w:rPr>')
        + wx.p(" and we did not.")
        # a whole paragraph deleted, mark and all
        + wx.p(f'<w:del {meta.format(6)}><w:r><w:delText>Gone.</w:delText></w:r></w:del>',
               f'<w:rPr><w:del {meta.format(7)}/></w:rPr>')
        + wx.p("Last.")
        + wx.table([["kept"]]).replace("<w:tr>", f'<w:tr><w:trPr><w:del {meta.format(8)}/></w:trPr>', 1)
    )
    path = wx.build(tmp_path / "tracked.docx", body)
    assert texts(path) == ["I have now read the file.", "Stays.", "Moved sentence. Next.",
                           "We should have written to you and we did not.", "Last."]


def test_fields_give_their_result_never_their_code(tmp_path: Path) -> None:
    complex_field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DATE \\@ "d MMMM yyyy" '
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>' + wx.r("12 November 2026")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    nested = (  # a field whose code holds another field: neither code is text
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> IF </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> MERGEFIELD x </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>CODEVALUE</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:instrText> = 1 "a" "b" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + wx.r("Result")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    simple = '<w:fldSimple w:instr=" REF ourref "><w:r><w:t>WX/CU/2026/0412</w:t></w:r></w:fldSimple>'
    path = wx.build(tmp_path / "fields.docx", wx.p(complex_field) + wx.p(nested) + wx.p(wx.r("Ref: ") + simple))
    assert texts(path) == ["12 November 2026", "Result", "Ref: WX/CU/2026/0412"]


# ------------------------------------------------------------------ manual line breaks

def test_line_breaks_split_address_lines_but_not_sentences(tmp_path: Path) -> None:
    address = wx.p("".join(wx.r(t) + "<w:r><w:br/></w:r>" for t in ("Ms Bernadette Quayle", "Flat 6, Moorside Court",
                                                                    "42 Ribble Road", "Preston")) + wx.r("PR1 4HG"))
    sentence = wx.p(wx.r("We wrote to the court about the hearing on the same") + "<w:r><w:br/></w:r>"
                    + wx.r("Monday and they replied."))
    lower = wx.p(wx.r("The letter went") + "<w:r><w:br/></w:r>" + wx.r("to your old address."))
    done = wx.p(wx.r("Thank you.") + "<w:r><w:br/></w:r>" + wx.r("Yours sincerely"))
    path = wx.build(tmp_path / "breaks.docx", address + sentence + lower + done)
    assert texts(path) == [
        "Ms Bernadette Quayle\nFlat 6, Moorside Court\n42 Ribble Road\nPreston\nPR1 4HG",
        "We wrote to the court about the hearing on the same Monday and they replied.",
        "The letter went to your old address.",
        "Thank you.\nYours sincerely",
    ]


# ------------------------------------------------------------------ several letters in one file

def _three_letters(tmp_path: Path) -> Path:
    one = wx.letter_paragraphs("Mr Daniel Okoro", "12 November 2026", "WX/1", "one calendar month", "12 December 2026")
    two = wx.letter_paragraphs("Mrs Ann Lee", "3 March 2026", "WX/2", "20 working days", "31 March 2026")
    three = wx.letter_paragraphs("Ms Jo Hart", "5 May 2026", "WX/3", "one calendar month", "5 June 2026")
    body = letter(one) + wx.page_break() + letter(two) + wx.p("", "<w:pageBreakBefore/>") + letter(three)
    return wx.build(tmp_path / "merge.docx", body, header=wx.p("CPS Wessex, Telephone 01632 960412"))


def test_three_letters_are_checked_each_on_its_own(tmp_path: Path) -> None:
    rep = report(_three_letters(tmp_path))
    letters = rep.each_letter()
    assert [r.letter for r in letters] == [1, 2, 3]
    facts = [{f.name: f.value for f in r.facts} for r in letters]
    assert [f["addressee"] for f in facts] == ["Mr Daniel Okoro", "Mrs Ann Lee", "Ms Jo Hart"]
    assert [f["reference"] for f in facts] == ["WX/1", "WX/2", "WX/3"]
    assert [str(f["letter_date"]) for f in facts] == ["2026-11-12", "2026-03-03", "2026-05-05"]
    wrong = ["LL112" in {x.code for x in r.active_findings} for r in letters]
    assert wrong == [False, True, False]  # only letter 2 gives "20 working days"
    # each letter's findings point at the file's own words and paragraph numbers
    doc = read(_three_letters(tmp_path))
    for r in letters:
        for f in r.findings:
            if f.span is not None:
                assert doc.quote(f.span) == f.quote


def test_several_letters_in_json_csv_and_annex_b(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from letterlint.cli.app import app

    path = _three_letters(tmp_path)
    run = CliRunner().invoke(app, ["check", str(path), "-f", "json"])
    data = json.loads(run.stdout)
    assert [(r["path"], r["letter"]) for r in data["reports"]] == [(str(path), n) for n in (1, 2, 3)]
    assert data["summary"]["letters"] == 3
    run = CliRunner().invoke(app, ["check", str(path), "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert [(r["file"], r["letter"]) for r in rows] == [(str(path), str(n)) for n in (1, 2, 3)]
    run = CliRunner().invoke(app, ["batch", str(tmp_path), "-f", "json", "--no-cache", "-j", "1"])
    batch = json.loads(run.stdout)["batch"]
    assert batch["checked"] == 3 and batch["groups"]["overall"]["letters"] == 3
    run = CliRunner().invoke(app, ["check", str(path)])
    assert f"{path} (letter 3)" in run.stdout and "this file holds 3 letters" in run.stdout


def test_a_page_break_inside_one_letter_does_not_split_it(tmp_path: Path) -> None:
    paras = wx.letter_paragraphs()
    body = letter(paras[:13]) + wx.page_break() + letter(paras[13:])
    rep = report(wx.build(tmp_path / "two-pages.docx", body))
    assert rep.letter == 1 and not rep.more


def test_a_text_letter_with_a_form_feed_splits_the_same_way() -> None:
    from letterlint.reading import read_string
    from letterlint.reading.split import split_letters

    one = "\n\n".join(t for t in wx.letter_paragraphs() if t)
    two = "\n\n".join(t for t in wx.letter_paragraphs("Mrs Ann Lee") if t)
    doc = read_string(one + "\n\n\f\n" + two, "merge.txt")
    parts = split_letters(doc)
    assert len(parts) == 2
    assert "Mrs Ann Lee" not in parts[0].text and "Mr Daniel Okoro" not in parts[1].text
    assert len(parts[1].text) == len(doc.text)  # offsets, lines and columns are the file's


# ------------------------------------------------------------------ locations and the paragraph map

def test_locations_name_the_container_and_the_first_words(tmp_path: Path) -> None:
    body = wx.table([["Our reference: WX/CU/2026/0412 and more words here"]]) + wx.p("Dear Mr Okoro")
    doc = read(wx.build(tmp_path / "loc.docx", body, footer=wx.p("www.cps.gov.uk")))
    where = [doc.location(b.span).describe() for b in doc.blocks]
    assert where == ['paragraph 1, in a table cell ("Our reference: WX/CU/2026/0412 and more…")',
                     'paragraph 2 ("Dear Mr Okoro")', 'page footer ("www.cps.gov.uk")']
    loc = doc.location(doc.blocks[0].span).to_dict()
    assert loc["container"] == "table cell" and loc["excerpt"].startswith("Our reference")


def test_paragraph_map_covers_every_block_kind(tmp_path: Path) -> None:
    import docx

    body = (wx.sdt(wx.p("Dear Mr Okoro"))
            + wx.p(wx.r("Please contact us.") + wx.text_box(["Unit", "Phone"]) + wx.note_ref("footnote", 1))
            + wx.table([["cell text"]]))
    path = wx.build(tmp_path / "map.docx", body, header=wx.p("Letterhead"), footer=wx.p("Footer"),
                    footnotes=[wx.note("footnote", 1, "A note.")])
    doc = read(path)
    pairs = body_paragraph_map(doc, docx.Document(str(path)))
    assert [b for b, _ in pairs] == list(doc.blocks)
    assert {b.kind for b, _ in pairs} == {"header", "paragraph", "text-box", "footnote", "table-cell", "footer"}
    for block, para in pairs:
        assert paragraph_text(para._p)[0] == block.text
    parts = {b.kind: str(para.part.partname) for b, para in pairs}
    assert parts["footnote"] == "/word/footnotes.xml" and parts["header"] == "/word/header1.xml"
    assert parts["text-box"] == "/word/document.xml"


def test_annotate_places_comments_in_text_boxes_and_each_letter(tmp_path: Path) -> None:
    from letterlint.reports.annotate import annotate_docx

    path = _three_letters(tmp_path)
    rep = report(path)
    out = tmp_path / "merge.letterlint.docx"
    annotate_docx(path, rep, out)
    again = read(out)
    assert again.text == read(path).text
    summaries = [c for c in again.comments if c.text.startswith("letterlint: rated")]
    assert len(summaries) == 3


# ------------------------------------------------------------------ hostile Word files (issue 12)

ATTACK = ROOT / "tests" / "fixtures" / "inputs" / "attack"


def cause(path: Path) -> str:
    from letterlint.errors import InputError

    with pytest.raises(InputError) as info:
        read(path)
    msg = info.value.cause
    assert "\n" not in msg and "0x" not in msg and "BytesIO" not in msg
    return msg


def test_attack_cases_give_one_plain_line() -> None:
    assert cause(ATTACK / "really-docm.docx") == "a macro-enabled Word document (.docm): save it as .docx"
    assert "twice: refused as ambiguous" in cause(ATTACK / "zip-duplicate-ct.docx")
    assert "refused as unsafe" in cause(ATTACK / "xxe-document.docx")
    assert read(ATTACK / "control.docx").text.strip()


@pytest.mark.parametrize("name", ["really-docm.docx", "zip-duplicate-ct.docx", "xxe-document.docx"])
def test_attack_cases_exit_2_with_one_line(name: str) -> None:
    from tests.workflow.clihelp import run

    p = run(["check", str(ATTACK / name)], ATTACK)
    assert p.returncode == 2
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and "Traceback" not in p.stderr


def test_dtd_is_refused_wherever_and_however_it_is_written(tmp_path: Path) -> None:
    base = wx.letter_paragraphs()
    late = ('<?xml version="1.0" encoding="UTF-8"?><!--' + "x" * 9000 + '-->'
            '<!DOCTYPE w:styles [<!ENTITY a "aaaa">]><w:styles xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main">&a;</w:styles>')
    path = wx.build(tmp_path / "late.docx", letter(base), extra={"word/styles.xml": late})
    assert "word/styles.xml declares a DTD" in cause(path)
    utf16 = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
             "<r>&x;</r>").encode("utf-16")
    path = wx.build(tmp_path / "utf16.docx", letter(base), extra={"customXml/item1.xml": utf16})
    assert "customXml/item1.xml declares a DTD" in cause(path)
    odd_name = b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://198.51.100.7/x.dtd"><x/>'
    path = wx.build(tmp_path / "odd.docx", letter(base), extra={"word/data.bin": odd_name})
    assert "word/data.bin declares a DTD" in cause(path)


def test_duplicate_parts_differing_only_in_case_are_ambiguous(tmp_path: Path) -> None:
    import warnings

    path = wx.build(tmp_path / "dup.docx", letter(wx.letter_paragraphs()))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import zipfile

        with zipfile.ZipFile(path, "a") as zf:
            zf.writestr("Word/Document.xml", "<x/>")
    assert "refused as ambiguous" in cause(path)


@pytest.mark.parametrize("ctype, words", [
    ("application/vnd.ms-word.document.macroEnabled.main+xml", "a macro-enabled Word document (.docm)"),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml", "a Word template (.dotx)"),
    ("application/vnd.ms-word.template.macroEnabledTemplate.main+xml", "a macro-enabled Word template (.dotm)"),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "an Excel workbook"),
])
def test_other_kinds_of_office_file_get_a_plain_cause(tmp_path: Path, ctype: str, words: str) -> None:
    path = wx.build(tmp_path / "other.docx", letter(wx.letter_paragraphs()), main_ct=ctype)
    assert cause(path).startswith(words)


def test_strict_open_xml_gets_a_plain_cause(tmp_path: Path) -> None:
    path = wx.build(tmp_path / "strict.docx", letter(wx.letter_paragraphs()))
    import zipfile

    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main", b"http://purl.oclc.org/ooxml/wordprocessingml/main")
    with zipfile.ZipFile(path, "w") as zf:
        for n, data in parts.items():
            zf.writestr(n, data)
    assert "Strict Open XML" in cause(path)


def test_damaged_xml_message_is_one_line(tmp_path: Path) -> None:
    path = wx.build(tmp_path / "bad.docx", "<w:p><w:r><w:t>unclosed\n\n</w:r></w:p>")
    msg = cause(path)
    assert msg.startswith("the .docx file is damaged: its part word/document.xml is not well-formed XML")


def test_annotate_on_a_file_python_docx_cannot_open_is_one_line(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import docx

    from letterlint.errors import LetterlintError
    from letterlint.reports.annotate import annotate_docx

    path = wx.build(tmp_path / "ok.docx", letter(wx.letter_paragraphs()))
    rep = report(path)

    def broken(*_: object) -> None:
        raise KeyError("There is no item named 'word/x.xml'\nin the archive")

    monkeypatch.setattr(docx, "Document", broken)
    with pytest.raises(LetterlintError) as info:
        annotate_docx(path, rep, tmp_path / "ok.letterlint.docx")
    assert str(info.value).startswith(f"{path}: the .docx package could not be opened for editing")
    assert "\n" not in str(info.value) and "KeyError" not in str(info.value)


@pytest.mark.parametrize("raw, want", [
    (b'<?xml version="1.0" encoding="UTF-8"?>\r\n<w:document/>', False),
    (b'\xef\xbb\xbf<?xml version="1.0"?><!-- a --><?pi x?>\n<!DOCTYPE d []><d/>', True),
    (b'<?xml version="1.0"?><!--' + b"x" * 5000 + b'--><!DOCTYPE d []><d/>', True),  # past the first 4 KB
    ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d []><d/>'.encode("utf-16"), True),
    (b'<?xml version="1.0" encoding="ISO-8859-1"?><!DOCTYPE d []><d/>', True),
    (b'<?xml version="1.0" encoding="UTF-8"?><d><!DOCTYPE inside/></d>', False),  # not a prolog: the parser's job
])
def test_a_doctype_is_found_in_any_prolog(raw: bytes, want: bool) -> None:
    from letterlint.reading.docx import has_dtd, prolog_has_dtd

    quick = prolog_has_dtd(raw[:4096])
    assert (has_dtd(raw) if quick is None else quick) is want


def test_care_of_and_name_lines_stay_lines(tmp_path: Path) -> None:
    br = "<w:r><w:br/></w:r>"
    body = (wx.p(wx.r("PC 4471 Jodie Farrant") + br + wx.r("c/o Portsmouth Central Police Station") + br
                 + wx.r("Portsmouth"))
            + wx.p(wx.r("Ms A (name withheld at her request)") + br + wx.r("c/o Haven") + br + wx.r("PO Box 7712")))
    path = wx.build(tmp_path / "co.docx", body)
    assert texts(path) == ["PC 4471 Jodie Farrant\nc/o Portsmouth Central Police Station\nPortsmouth",
                           "Ms A (name withheld at her request)\nc/o Haven\nPO Box 7712"]
