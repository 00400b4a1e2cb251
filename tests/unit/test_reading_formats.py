"""More inputs (issue 10): .pdf, .odt, .rtf, .doc, .eml and .msg. The letter.* files are the
shared cases: letter.docx saved by LibreOffice in each format; each must give the findings the
.docx gives (the same rule codes on the same quoted words)."""

from __future__ import annotations

import io
from email.message import EmailMessage
from pathlib import Path

import pytest

from letterlint.config.settings import Config
from letterlint.engine.check import check_path
from letterlint.errors import InputError
from letterlint.model import Report
from letterlint.reading import read
from letterlint.reading.doc import soffice
from letterlint.reading.skiplist import HOOK_EXCLUDE, skip_reason

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "inputs" / "reading"


def pairs(report: Report) -> set[tuple[str, str]]:
    assert report.error is None, report.error
    return {(f.code, " ".join(f.quote.split())) for f in report.findings}


@pytest.fixture(scope="module")
def reference() -> set[tuple[str, str]]:
    return pairs(check_path(HERE / "letter.docx", Config()))


@pytest.mark.parametrize("suffix", ["pdf", "odt", "rtf"])
def test_saved_by_libreoffice_gives_the_findings_of_the_docx(suffix: str, reference: set[tuple[str, str]]) -> None:
    report = check_path(HERE / f"letter.{suffix}", Config())
    assert report.format == suffix
    assert pairs(report) == reference
    facts = {f.name: f.value for f in report.facts}
    assert facts["reference"] == "WX/COMP/2026/0142"
    assert str(facts["letter_date"]) == "2026-01-12"
    assert facts["addressee"] == "Mrs Adaeze Okonkwo"


def test_pdf_letterhead_read_once_and_columns_whole() -> None:
    doc = read(HERE / "letter.pdf")
    heads = [b.text for b in doc.blocks if b.kind == "header"]
    assert heads[0].startswith("Crown Prosecution Service")
    assert doc.text.count("Kite House") == 1  # on both pages, read once
    lines = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert lines[:5] == ["Mrs Adaeze Okonkwo", "14 Larkspur Close", "Salisbury", "SP2 7QT",
                         "Our ref: WX/COMP/2026/0142"]
    assert any(t.startswith("Thank you for your email") and "\n" not in t for t in lines)


@pytest.mark.slow  # LibreOffice
def test_doc_is_converted_where_libreoffice_is_installed(reference: set[tuple[str, str]],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: python3 dev.py test installs it")
    report = check_path(HERE / "letter.doc", Config())
    assert pairs(report) == reference
    assert any("converted from Word 97-2003" in n for n in report.notes)
    monkeypatch.setenv("LETTERLINT_NO_LIBREOFFICE", "1")
    report = check_path(HERE / "letter.doc", Config())
    assert report.error is not None and "save it as .docx" in report.error


def test_doc_without_libreoffice_is_todays_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LETTERLINT_NO_LIBREOFFICE", "1")
    with pytest.raises(InputError, match=r"legacy Word 97-2003 \.doc file; save it as \.docx"):
        read(HERE / "letter.doc")


# ------------------------------------------------------------------ email

def test_eml_reply_body_date_and_subject_reference() -> None:
    report = check_path(HERE / "reply.eml", Config())
    codes = {f.code for f in report.findings}
    assert report.error is None and "LL333" not in codes and "LL334" not in codes
    facts = {f.name: f for f in report.facts}
    assert str(facts["letter_date"].value) == "2026-02-03" and facts["letter_date"].source == "email header"
    assert facts["reference"].value == "TC/2026/0088"
    assert any(f.code == "LL401" and f.quote == "seperate" for f in report.findings)
    # the quoted-printable soft breaks are undone: no word is split
    assert "Reading Crown Court" in read(HERE / "reply.eml").text


BODY = ("Dear Mr Patel,\n\nThank you for your email of 15 January 2026. I have decided to uphold your "
        "complaint.\n\nKind regards,\n\nAnjali Deshmukh\n")


def _eml(tmp_path: Path, msg: EmailMessage, name: str = "reply.eml") -> Path:
    msg["Subject"] = "RE: Complaint - ref TC/2026/0091"
    msg["Date"] = "Wed, 04 Feb 2026 09:00:00 +0000"
    msg["From"] = "complaints@example.org"
    p = tmp_path / name
    p.write_bytes(bytes(msg))
    return p


def test_html_only_email_is_read_as_text(tmp_path: Path) -> None:
    msg = EmailMessage()
    html = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in BODY.split("\n\n"))
    msg.set_content(f"<html><head><style>p {{color: red}}</style></head><body>{html}</body></html>",
                    subtype="html")
    doc = read(_eml(tmp_path, msg))
    assert doc.text.startswith("Dear Mr Patel,")
    assert "color" not in doc.text and "<p>" not in doc.text
    assert [b.text for b in doc.blocks][1].startswith("Thank you for your email")
    assert doc.front_matter["reference"] == "TC/2026/0091"


def test_multipart_email_with_attachments_reads_the_text_body(tmp_path: Path) -> None:
    msg = EmailMessage()
    msg.set_content(BODY + "\n-----Original Message-----\nFrom: R Patel\nI want to complain.\n")
    msg.add_alternative("<p>html copy</p>", subtype="html")
    msg.add_attachment(b"%PDF-1.4 fake", maintype="application", subtype="pdf", filename="reply.pdf")
    doc = read(_eml(tmp_path, msg))
    assert "uphold your complaint" in doc.text
    assert "I want to complain" not in doc.text  # the quoted earlier message is not the letter
    assert "html copy" not in doc.text


def test_email_with_only_attachments_is_one_clear_error(tmp_path: Path) -> None:
    msg = EmailMessage()
    msg.set_content(b"%PDF-1.4 fake", maintype="application", subtype="pdf", disposition="attachment",
                    filename="reply.pdf")
    with pytest.raises(InputError, match="only attachments"):
        read(_eml(tmp_path, msg))


COVER_NOTE = ("Dear Mrs Shah,\n\nPlease find attached our reply to your complaint of 20 October.\n\n"
              "Kind regards,\n\nSam Writer\nCPS Wessex Victim Liaison Unit\n")


def _docx_bytes(tmp_path: Path, text: str) -> bytes:
    from tests.robustness.docxmake import letter_docx

    return letter_docx(tmp_path / "made.docx", text).read_bytes()


def test_cover_note_email_checks_the_attached_letter(tmp_path: Path) -> None:
    # Outlook's "send as attachment": the email only says the reply is attached. Checking the
    # cover note as the reply gave it "no outcome", "no next stage" and a rating of nothing.
    from tests.workflow.clihelp import GOOD_LETTER

    msg = EmailMessage()
    msg.set_content(COVER_NOTE + "\n-----Original Message-----\nFrom: P Shah\nI want to complain.\n")
    msg.add_attachment(b"GIF89a", maintype="image", subtype="gif", filename="crest.gif")
    msg.add_attachment(_docx_bytes(tmp_path, GOOD_LETTER), maintype="application",
                       subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                       filename="Stage 1 reply - Shah.docx")
    path = _eml(tmp_path, msg)
    doc = read(path)
    assert doc.format == "docx" and doc.path == str(path)
    assert "I uphold your complaint" in doc.text and "Please find attached" not in doc.text
    assert any("attachment 'Stage 1 reply - Shah.docx'" in n and "'crest.gif'" in n for n in doc.notes)
    report = check_path(path, Config())
    assert report.error is None and report.score is not None
    assert report.score.rating == "better-than-adequate", report.score.reasons
    assert any("Stage 1 reply - Shah.docx" in n for n in report.notes)
    # fix has no copy of the attachment to write: one clear line, not a broken .docx
    from letterlint.fix.files import fix_file

    with pytest.raises(InputError, match="attached to this email: save the attachment"):
        fix_file(path, Config())


def test_html_and_csv_say_which_attachment_of_a_cover_note_was_checked(tmp_path: Path) -> None:
    # a coordinator reads the batch as HTML or CSV: the note that the email's attachment was
    # checked (not the email) was only in the terminal and JSON reports
    import csv

    from letterlint.reports import csv as csv_report
    from letterlint.reports import html as html_report
    from tests.workflow.clihelp import GOOD_LETTER

    msg = EmailMessage()
    msg.set_content(COVER_NOTE)
    msg.add_attachment(_docx_bytes(tmp_path, GOOD_LETTER), maintype="application",
                       subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                       filename="Stage 1 reply - Shah.docx")
    cover = check_path(_eml(tmp_path, msg), Config())
    plain = tmp_path / "plain.txt"
    plain.write_text(GOOD_LETTER, encoding="utf-8")
    other = check_path(plain, Config())
    attachment_note = next(n for n in cover.notes if "Stage 1 reply - Shah.docx" in n)
    page = html_report.render([cover, other])
    assert page.count("Stage 1 reply - Shah.docx") == 1  # in the email's section only
    shared = [n for n in cover.notes if n in other.notes]
    assert shared and f"For every letter: {'; '.join(shared)}".replace("'", "&#x27;") in page
    rows = list(csv.DictReader(io.StringIO(csv_report.render([cover, other]))))
    assert attachment_note in rows[0]["notes"] and "Stage 1 reply" not in rows[1]["notes"]


def test_email_with_no_body_checks_its_attached_letter(tmp_path: Path) -> None:
    from tests.workflow.clihelp import GOOD_LETTER

    msg = EmailMessage()
    msg.set_content(GOOD_LETTER.encode("utf-8"), maintype="text", subtype="plain",
                    disposition="attachment", filename="reply.txt")
    doc = read(_eml(tmp_path, msg))
    assert doc.text.lstrip().startswith("Mrs Priya Shah") and doc.format == "txt"
    assert any("own text is empty" in n for n in doc.notes)


def test_email_written_as_the_reply_is_checked_whatever_it_attaches(tmp_path: Path) -> None:
    # a reply in the email itself that mentions an attached leaflet: the email is the letter
    from tests.workflow.clihelp import GOOD_LETTER

    body = GOOD_LETTER.replace("Yours sincerely", "I have attached a leaflet about stage two.\n\nYours sincerely")
    msg = EmailMessage()
    msg.set_content(body)
    msg.add_attachment(_docx_bytes(tmp_path, "Stage two: a leaflet\n\nHow to ask for a review."),
                       maintype="application", subtype="octet-stream", filename="leaflet.docx")
    doc = read(_eml(tmp_path, msg))
    assert doc.format == "eml" and "I have attached a leaflet" in doc.text and not doc.notes


def test_a_short_letter_written_in_the_email_is_checked_as_written_whatever_it_attaches(tmp_path: Path) -> None:
    # breaker12: a holding letter sent as an email, with "I have attached a copy of your letter",
    # was swapped for the attached complaint (and the pre-commit hook then skipped it)
    body = ("Dear Mrs Shah\n\nThank you for your letter. I am sorry, but I need more time to reply: I "
            "will write to you by 20 March 2026. I have attached a copy of your letter for reference.\n\n"
            "Yours sincerely\n\nSam Writer\nCPS Wessex\n")
    msg = EmailMessage()
    msg.set_content(body)
    msg.add_attachment(b"Dear Sir\n\nI am writing to complain.\n\nYours faithfully\nP Shah\n",
                       maintype="text", subtype="plain", filename="complaint.txt")
    doc = read(_eml(tmp_path, msg))
    assert doc.format == "eml" and "I need more time" in doc.text and not doc.notes


def test_a_cover_note_is_judged_by_its_words_before_the_signature_and_disclaimer(tmp_path: Path) -> None:
    from tests.workflow.clihelp import GOOD_LETTER

    disclaimer = " ".join(["This email and any files sent with it are confidential."] * 12)
    msg = EmailMessage()
    msg.set_content("Dear Mrs Shah,\n\nPlease find attached our response to your complaint.\n\n"
                    "Kind regards,\n\nSam Writer\nComplaints Coordinator\nCPS Wessex\n01632 960000\n\n"
                    + disclaimer + "\n")
    msg.add_attachment(_docx_bytes(tmp_path, GOOD_LETTER), maintype="application", subtype="octet-stream",
                       filename="reply.docx")
    doc = read(_eml(tmp_path, msg))
    assert doc.format == "docx" and "I uphold your complaint" in doc.text


def test_a_cover_note_with_two_replies_or_none_attached_is_one_clear_line(tmp_path: Path) -> None:
    from tests.workflow.clihelp import GOOD_LETTER, POOR_LETTER

    two = EmailMessage()
    two.set_content(COVER_NOTE)
    for fn, text in (("good.docx", GOOD_LETTER), ("poor.docx", POOR_LETTER)):
        two.add_attachment(_docx_bytes(tmp_path, text), maintype="application", subtype="octet-stream", filename=fn)
    with pytest.raises(InputError, match=r"carries 2 letters \('good.docx', 'poor.docx'\): save each"):
        read(_eml(tmp_path, two, "two.eml"))
    bare = EmailMessage()
    bare.set_content(COVER_NOTE)
    with pytest.raises(InputError, match=r"cover note .* but nothing is attached"):
        read(_eml(tmp_path, bare, "bare.eml"))
    winmail = EmailMessage()
    winmail.set_content(COVER_NOTE)
    winmail.add_attachment(b"\x78\x9f\x3e\x22", maintype="application", subtype="ms-tnef", filename="winmail.dat")
    with pytest.raises(InputError, match=r"none of its attachments \('winmail.dat'\) is a letter"):
        read(_eml(tmp_path, winmail, "winmail.eml"))


def test_cover_note_whose_attached_letter_cannot_be_read_names_it(tmp_path: Path) -> None:
    msg = EmailMessage()
    msg.set_content(COVER_NOTE)
    msg.add_attachment(b"PK\x03\x04 not really a zip", maintype="application", subtype="octet-stream",
                       filename="reply.docx")
    with pytest.raises(InputError, match=r"cover note, and its attached letter 'reply.docx' cannot be read"):
        read(_eml(tmp_path, msg))


def test_msg_that_extract_msg_cannot_read_says_how_to_save_it(tmp_path: Path) -> None:
    from tests.robustness.docxmake import legacy_doc

    p = legacy_doc(tmp_path / "reply.msg")  # an OLE2 file without the message streams
    with pytest.raises(InputError, match=r"Outlook \.msg.*Save As"):
        read(p)
    (tmp_path / "junk.msg").write_bytes(b"\x00junk" * 100)
    with pytest.raises(InputError, match=r"Outlook \.msg"):
        read(tmp_path / "junk.msg")


def test_msg_read_through_extract_msg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fields letterlint takes from extract-msg's message object (no Outlook here to make a
    real .msg: the object is stood in for, the reading and facts are real)."""
    import datetime as dt

    import extract_msg

    class Fake:
        body = BODY.replace("\n", "\r\n")
        htmlBody = None
        date = dt.datetime(2026, 2, 4, 9, 0, tzinfo=dt.UTC)
        subject = "RE: Your complaint (our reference TC/2026/0093)"
        attachments = ()

        def close(self) -> None:
            pass

    monkeypatch.setattr(extract_msg, "openMsg", lambda data, **kw: Fake())
    p = tmp_path / "reply.msg"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    doc = read(p)
    assert doc.format == "msg" and "\r" not in doc.text
    assert dict(doc.front_matter) == {"letter_date": "2026-02-04", "reference": "TC/2026/0093",
                                      "subject": "RE: Your complaint (our reference TC/2026/0093)"}


# ------------------------------------------------------------------ PDFs that cannot be read

def _pdf(tmp_path: Path, name: str, *, pages: int = 1, password: str | None = None, text: bool = True) -> Path:
    from pypdf import PdfReader, PdfWriter

    w = PdfWriter()
    src = PdfReader(HERE / "letter.pdf")
    for i in range(pages):
        if text:
            w.add_page(src.pages[i % len(src.pages)])
        else:
            w.add_blank_page(595, 842)
    if password:
        w.encrypt(password)
    buf = io.BytesIO()
    w.write(buf)
    p = tmp_path / name
    p.write_bytes(buf.getvalue())
    return p


def test_pdf_without_text_layer_is_a_scan(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no text layer: a scanned image; letterlint cannot read it"):
        read(_pdf(tmp_path, "scan.pdf", text=False))


def test_encrypted_pdf(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="password"):
        read(_pdf(tmp_path, "locked.pdf", password="secret"))


def test_pdf_page_limit(tmp_path: Path) -> None:
    p = _pdf(tmp_path, "long.pdf", pages=31)
    with pytest.raises(InputError, match=r"more than 30 pages.*input\.max_pages"):
        read(p)
    assert read(p, max_pages=40).format == "pdf"


def test_truncated_pdf_is_one_line(tmp_path: Path) -> None:
    data = (HERE / "letter.pdf").read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 2])
    try:
        doc = read(tmp_path / "cut.pdf")  # pdfminer may recover what is there
        assert doc.text.strip()
    except InputError as exc:
        assert "\n" not in str(exc)


# ------------------------------------------------------------------ the skip list

@pytest.mark.parametrize("rel, why", [
    ("~$draft.docx", "lock"), (".hidden.txt", "hidden"), (".git/notes.txt", "hidden folder"),
    ("README.md", "README"), ("docs/CHANGELOG.txt", "README"), ("LICENSE", "README"),
    ("requirements-dev.txt", "requirements"), ("draft.letterlint.docx", "letterlint"),
    ("draft.letterlint-fixed.txt", "letterlint"), ("outbox.letterlint.json", "letterlint"),
])
def test_skip_list_names_what_is_never_a_letter(rel: str, why: str) -> None:
    import re

    root = Path("/repo")
    reason = skip_reason(root / rel, root)
    assert reason is not None and why.lower() in reason.lower()
    assert re.search(HOOK_EXCLUDE, rel), rel  # the hook excludes the same files


@pytest.mark.parametrize("rel", ["letters/reply.docx", "readme-reply.txt", "letters/licence-fee.md",
                                 "reply.pdf", "reply.eml"])
def test_skip_list_keeps_letters(rel: str) -> None:
    import re

    assert skip_reason(Path("/repo") / rel, Path("/repo")) is None
    assert not re.search(HOOK_EXCLUDE, rel)


def test_pre_commit_hook_uses_the_skip_list() -> None:
    import yaml

    hooks = yaml.safe_load((Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["exclude"] == HOOK_EXCLUDE
    for suffix in ("docx", "txt", "md", "pdf", "odt", "rtf", "eml", "msg", "doc"):
        assert f"|{suffix}" in hooks[0]["files"] or f"({suffix}" in hooks[0]["files"]


def test_batch_and_baseline_skip_and_count(tmp_path: Path) -> None:
    from letterlint.engine import batch
    from letterlint.engine.baseline import collect_letters

    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x")
    for name in ("~$reply.docx", "README.md", "reply.letterlint.docx", "sheet.xlsx"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "reply.pdf").write_bytes((HERE / "letter.pdf").read_bytes())
    (tmp_path / "reply.eml").write_bytes((HERE / "reply.eml").read_bytes())
    skipped: list[tuple[Path, str]] = []
    files = batch.collect(tmp_path, skipped=skipped)
    assert [f.name for f in files] == ["reply.eml", "reply.pdf"]
    assert sorted(p.name for p, _ in skipped) == ["README.md", "reply.letterlint.docx", "sheet.xlsx", "~$reply.docx"]
    summary = batch.skipped_summary(skipped)
    assert "Skipped 4 files" in summary and "sheet.xlsx: unsupported type '.xlsx'" in summary
    assert [f.name for f in collect_letters([tmp_path])] == ["reply.eml", "reply.pdf"]


_CAFE = "Dear Ms Khan,\n\nI am sorry the café letter was late.\n"


@pytest.mark.parametrize(("body", "how"), [(_CAFE.encode(), "UTF-8"), (_CAFE.encode("cp1252"), "Windows-1252")])
def test_eml_with_a_charset_python_does_not_know_is_read(tmp_path: Path, body: bytes, how: str) -> None:
    """Real mail often says charset=unknown-8bit: the body is read as UTF-8 if it is, else as
    Windows-1252, with a note, rather than refused."""
    raw = (b"From: cu@example.org\r\nTo: ms.khan@example.org\r\nSubject: RE: Complaint\r\n"
           b"Date: Tue, 3 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: text/plain; charset=unknown-8bit\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body)
    path = tmp_path / "odd.eml"
    path.write_bytes(raw)
    doc = read(path)
    assert "the café letter was late" in doc.text
    assert any("unknown-8bit" in n and how in n for n in doc.notes)


def _raw_eml(tmp_path: Path, headers: bytes, body: bytes, name: str = "reply.eml") -> Path:
    raw = (b"From: cu@example.org\r\nTo: ms.khan@example.org\r\nSubject: RE: Complaint\r\n"
           b"Date: Tue, 3 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n" + headers + b"\r\n" + body)
    path = tmp_path / name
    path.write_bytes(raw)
    return path


WIN1252_BODY = "Dear Ms Khan\r\n\r\nI write further to you\u2019re request \u2013 a payment of \u00a3750.\r\n"


@pytest.mark.parametrize("content_type", [b"text/plain; charset=iso-8859-1", b"text/plain; charset=us-ascii",
                                          b"text/plain", b"text/plain; charset=latin1"])
def test_eml_8bit_mislabelled_or_unlabelled_is_read_as_windows_1252(tmp_path: Path, content_type: bytes) -> None:
    """breaker11 item 4: Outlook labels Windows-1252 bytes iso-8859-1 (or us-ascii, or nothing):
    the curly apostrophe, the dash and the pound sign are read as browsers read them, not lost
    as a control character or U+FFFD."""
    path = _raw_eml(tmp_path, b"Content-Type: " + content_type + b"\r\nContent-Transfer-Encoding: 8bit\r\n",
                    WIN1252_BODY.encode("cp1252"))
    doc = read(path)
    assert "you\u2019re request \u2013 a payment of \u00a3750" in doc.text
    assert "\ufffd" not in doc.text and not doc.notes


def test_eml_quoted_printable_iso_8859_1_is_read_as_windows_1252(tmp_path: Path) -> None:
    import quopri

    body = quopri.encodestring(WIN1252_BODY.encode("cp1252"))
    path = _raw_eml(tmp_path, b"Content-Type: text/plain; charset=\"ISO-8859-1\"\r\n"
                              b"Content-Transfer-Encoding: quoted-printable\r\n", body)
    assert "you\u2019re request \u2013 a payment of \u00a3750" in read(path).text


def test_eml_utf8_without_a_label_stays_utf8(tmp_path: Path) -> None:
    path = _raw_eml(tmp_path, b"Content-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n",
                    WIN1252_BODY.encode("utf-8"))
    assert "you\u2019re request \u2013 a payment of \u00a3750" in read(path).text


@pytest.mark.parametrize("plain", ["", "\n  \n\t\n", "\u00a0\n"])
def test_eml_with_an_empty_text_part_reads_the_html_alternative(tmp_path: Path, plain: str) -> None:
    """breaker11 item 5: multipart/alternative whose text/plain part is empty or only white
    space, with the letter in text/html, is read from the HTML, not refused as having no text."""
    msg = EmailMessage()
    msg.set_content(plain)
    html = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in BODY.split("\n\n"))
    msg.add_alternative(f"<html><body>{html}</body></html>", subtype="html")
    doc = read(_eml(tmp_path, msg))
    assert doc.text.startswith("Dear Mr Patel,") and "uphold your complaint" in doc.text
