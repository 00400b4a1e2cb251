"""Readers: real .docx, .txt and .md letters, and every kind of bad input."""

from __future__ import annotations

import os
import socket
import zipfile
from pathlib import Path

import pytest

from letterlint.errors import InputError
from letterlint.model import Span
from letterlint.reading import read, read_string
from letterlint.reading.docx import body_paragraph_map, paragraph_text
from tests.fixtures.inputs import builders

TXT_LETTER = (
    "Mrs Grace Okafor\n14 Linden Avenue\nExeter\n\n"
    "3 November 2026\n\nDear Mrs Okafor\n\n"
    "Thank you for your letter.\nI uphold your complaint.\n\n"
    "Yours sincerely\n\nPriya Raman\n"
)


def cause(path: Path, **kw: int) -> str:
    with pytest.raises(InputError) as info:
        read(path, **kw)
    assert info.value.path == str(path)
    assert "\n" not in info.value.cause
    return info.value.cause


@pytest.fixture(scope="module")
def good_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return builders.letter_docx(tmp_path_factory.mktemp("docx") / "letter.docx")


# ----------------------------------------------------------------------------------- .docx

def test_docx_blocks_in_order_with_header_first_and_footer_last(good_docx: Path) -> None:
    doc = read(good_docx)
    assert doc.format == "docx"
    kinds = [b.kind for b in doc.blocks]
    assert kinds[0] == "header" and kinds[-1] == "footer"
    assert kinds[1:6] == ["table-cell"] * 5
    texts = [b.text for b in doc.blocks]
    assert texts[1:5] == builders.ADDRESS
    assert texts.index("Dear Mrs Okafor") < texts.index(builders.BODY[0]) < texts.index("Yours sincerely")
    assert doc.text == "\n\n".join(texts)
    for b in doc.blocks:
        assert doc.text[b.span.start : b.span.end] == b.text


def test_docx_hyperlink_text_is_kept(good_docx: Path) -> None:
    doc = read(good_docx)
    assert "You can read our complaints policy on the CPS website." in [b.text for b in doc.blocks]


def test_docx_paragraph_numbers_count_non_empty_body_paragraphs(good_docx: Path) -> None:
    doc = read(good_docx)
    by_text = {b.text: b for b in doc.blocks if b.text}
    assert by_text["Mrs Grace Okafor"].number == 1  # the address cell is the first thing on the page
    assert by_text["Your complaint about the trial date"].number == 9
    # the empty paragraph after the subject line is not counted
    assert by_text[builders.BODY[0]].number == 10
    assert by_text["Crown Prosecution Service - CPS South West"].number == 1  # header 1
    loc = doc.location(by_text[builders.BODY[2]].span)
    assert (loc.paragraph, loc.line) == (12, None)
    assert loc.describe() == 'paragraph 12 ("I uphold your complaint.")'
    footer = next(b for b in doc.blocks if b.kind == "footer")
    assert doc.location(footer.span).describe() == 'page footer ("Telephone: 0300 123 9999 Email…")'


def test_docx_comment_is_anchored_to_its_words(good_docx: Path) -> None:
    doc = read(good_docx)
    assert len(doc.comments) == 1
    c = doc.comments[0]
    assert c.text.startswith("letterlint: ignore LL201")
    assert c.span is not None and doc.quote(c.span) == "I am sorry"


def test_docx_body_blocks_map_back_to_word_paragraphs(good_docx: Path) -> None:
    import docx

    doc = read(good_docx)
    pairs = body_paragraph_map(doc, docx.Document(str(good_docx)))
    assert [b for b, _ in pairs] == list(doc.blocks)  # every block: headers and footers too
    assert {b.kind for b, _ in pairs} == {"header", "table-cell", "paragraph", "footer"}
    for block, paragraph in pairs:
        assert paragraph_text(paragraph._p)[0] == block.text


def test_docx_is_not_modified(good_docx: Path) -> None:
    before = (good_docx.read_bytes(), good_docx.stat().st_mtime_ns)
    read(good_docx)
    assert (good_docx.read_bytes(), good_docx.stat().st_mtime_ns) == before


def test_docx_external_relationships_are_read_but_never_fetched(
    good_docx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = builders.external_relationships_docx(good_docx, tmp_path / "linked.docx")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the reader tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    doc = read(path)
    assert [b.text for b in doc.blocks] == ["Dear Mrs Okafor", "I uphold your complaint."]


def test_docx_entity_expansion_is_refused(good_docx: Path, tmp_path: Path) -> None:
    path = builders.billion_laughs_docx(good_docx, tmp_path / "laughs.docx")
    assert cause(path) == ("the .docx part word/document.xml declares a DTD or XML entities (Word never "
                           "does): refused as unsafe")


# ------------------------------------------------------------------------------ .txt, .md

def test_txt_blocks_are_paragraphs_separated_by_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text(TXT_LETTER, encoding="utf-8")
    doc = read(path)
    assert doc.format == "txt"
    assert doc.text == TXT_LETTER
    assert [b.text for b in doc.blocks][:3] == [
        "Mrs Grace Okafor\n14 Linden Avenue\nExeter", "3 November 2026", "Dear Mrs Okafor"]
    assert all(b.kind == "paragraph" for b in doc.blocks)
    assert [b.number for b in doc.blocks] == list(range(1, len(doc.blocks) + 1))
    uphold = doc.text.index("I uphold")
    loc = doc.location(builders_span(uphold, 8))
    assert (loc.line, loc.column) == (10, 1)


def builders_span(start: int, length: int) -> Span:
    return Span(start, start + length)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_txt_bom_and_windows_or_old_mac_line_endings(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "letter.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TXT_LETTER.replace("\n", newline).encode("utf-8"))
    doc = read(path)
    assert doc.text == TXT_LETTER
    start = doc.text.index("uphold")
    loc = doc.location(builders_span(start, 6))
    assert (loc.line, loc.column) == (10, 3)  # "I uphold" is line 10 of the file


def test_txt_front_matter_keeps_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text("---\nstage: 2\nletter_date: 2026-11-03\n---\n" + TXT_LETTER, encoding="utf-8")
    doc = read(path)
    assert doc.front_matter["stage"] == 2
    assert str(doc.front_matter["letter_date"]) == "2026-11-03"
    assert doc.text == TXT_LETTER and doc.line_offset == 4
    loc = doc.location(builders_span(doc.text.index("Dear"), 4))
    assert loc.line == 4 + 7


MD_LETTER = """---
complaint_type: service
---
# Your complaint about the trial date

Dear Mrs Okafor,

Thank you for your **letter** of _12 October_. Read [our policy](https://example.invalid/p) here.

- The trial was *moved* twice.
  Nobody told you.
- I uphold your complaint.

> A quoted line.

<!-- a note to the writer -->
<!-- letterlint: ignore LL101 the outcome is in the attached letter -->
Yours sincerely
"""


def test_md_markup_is_blanked_and_offsets_stay_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "letter.md"
    path.write_text(MD_LETTER, encoding="utf-8")
    doc = read(path)
    assert doc.format == "md"
    assert doc.front_matter == {"complaint_type": "service"}
    source = MD_LETTER.split("---\n", 2)[2]
    assert len(doc.text) == len(source)
    for word in ("letter", "12 October", "our policy", "moved", "Nobody told you", "A quoted line"):
        assert doc.text.index(word) == source.index(word)
    for markup in ("**", "_12", "](", "https://", "# ", "- ", "> ", "<!--"):
        assert markup not in doc.text
    kinds = [(b.kind, b.text.split()[0]) for b in doc.blocks]
    assert kinds[0] == ("heading", "Your")
    assert ("list-item", "The") in kinds and ("list-item", "I") in kinds
    item = next(b for b in doc.blocks if b.text.startswith("The trial"))
    assert "Nobody told you." in item.text  # a list item runs on over its continuation line
    loc = doc.location(builders_span(doc.text.index("uphold"), 6))
    assert (loc.line, loc.column) == (12, 5)  # line 12 of the file, after "- I "


def test_md_only_letterlint_comments_become_comments(tmp_path: Path) -> None:
    path = tmp_path / "letter.md"
    path.write_text(MD_LETTER, encoding="utf-8")
    doc = read(path)
    assert [c.text for c in doc.comments] == ["letterlint: ignore LL101 the outcome is in the attached letter"]
    span = doc.comments[0].span
    assert span is not None and MD_LETTER.split("---\n", 2)[2][span.start : span.start + 4] == "<!--"


def test_read_string_matches_read() -> None:
    doc = read_string(TXT_LETTER)
    assert doc.text == TXT_LETTER and len(doc.blocks) == 6


# ------------------------------------------------------------------------------ bad inputs

def test_missing_file(tmp_path: Path) -> None:
    assert cause(tmp_path / "nowhere.txt") == "file not found"


def test_folder(tmp_path: Path) -> None:
    (tmp_path / "letters.txt").mkdir()
    assert "folder" in cause(tmp_path / "letters.txt")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(TXT_LETTER)
    path.chmod(0)
    try:
        assert "permission denied" in cause(path)
    finally:
        path.chmod(0o600)


@pytest.mark.parametrize("content, expected", [(b"", "the file is empty"), (b"  \n\r\n\t\n", "no text")])
def test_empty_or_blank(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "draft.txt"
    path.write_bytes(content)
    assert expected in cause(path)


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(TXT_LETTER * 200)
    msg = cause(path, max_bytes=2048)
    assert "over the" in msg and "limit" in msg


@pytest.mark.parametrize("name", ["letter.xlsx", "letter.pages", "letter"])
def test_unsupported_type(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(TXT_LETTER)
    assert "unsupported file type" in cause(path)


@pytest.mark.parametrize("name, says", [("letter.pdf", "not a PDF file"), ("letter.rtf", "not an RTF file")])
def test_text_named_as_another_format(tmp_path: Path, name: str, says: str) -> None:
    path = tmp_path / name
    path.write_text(TXT_LETTER)
    assert says in cause(path)


def test_legacy_doc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(builders.legacy_doc_bytes())
    monkeypatch.setenv("LETTERLINT_NO_LIBREOFFICE", "1")
    assert "legacy Word 97-2003 .doc file; save it as .docx" in cause(path)


def test_legacy_doc_renamed_docx(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(builders.legacy_doc_bytes())
    assert "Word 97-2003" in cause(path)


def test_password_protected_docx(good_docx: Path, tmp_path: Path) -> None:
    path = builders.encrypted_docx(good_docx, tmp_path / "protected.docx")
    assert path.read_bytes()[:8] == builders.OLE2_MAGIC
    assert "password-protected" in cause(path)


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "random.docx"
    path.write_bytes(b"\x13\x37" * 3000)
    assert "not a valid .docx file" in cause(path)


def test_truncated_docx(good_docx: Path, tmp_path: Path) -> None:
    path = tmp_path / "cut.docx"
    path.write_bytes(builders.truncated(good_docx.read_bytes()))
    assert "not a valid .docx file" in cause(path)


def test_docx_without_document_part(good_docx: Path, tmp_path: Path) -> None:
    path = builders.rewrite_docx(good_docx, tmp_path / "hollow.docx", {"word/document.xml": None})
    assert "no word/document.xml" in cause(path)


def test_docx_with_damaged_xml(good_docx: Path, tmp_path: Path) -> None:
    path = builders.rewrite_docx(good_docx, tmp_path / "bad-xml.docx",
                                 {"word/document.xml": b"<w:document><w:body><w:p>"})
    assert "damaged" in cause(path)


def test_docx_with_damaged_member(good_docx: Path, tmp_path: Path) -> None:
    data = bytearray(good_docx.read_bytes())
    with zipfile.ZipFile(good_docx) as zf:
        info = zf.getinfo("word/document.xml")
    # flip bytes inside the compressed data of document.xml (after its 30-byte local header)
    at = info.header_offset + 30 + len(info.filename) + 40
    data[at : at + 8] = bytes(8)
    path = tmp_path / "flipped.docx"
    path.write_bytes(bytes(data))
    msg = cause(path)
    assert "corrupt" in msg or "damaged" in msg or "cannot be read" in msg


def test_zip_bomb_total_size(tmp_path: Path) -> None:
    path = builders.bomb_docx(tmp_path / "bomb.docx", megabytes=101)
    assert path.stat().st_size < 1024 * 1024
    assert "refused as a possible zip bomb" in cause(path)


def test_zip_bomb_one_part_ratio(tmp_path: Path) -> None:
    path = builders.bomb_docx(tmp_path / "small-bomb.docx", megabytes=5)
    msg = cause(path)
    assert "word/document.xml" in msg and "zip bomb" in msg


def test_binary_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 10)
    assert cause(path) == "a binary file, not text"


def test_utf16_without_bom(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(TXT_LETTER.encode("utf-16-le"))
    assert "UTF-16" in cause(path) and "save it as UTF-8" in cause(path)


def test_cp1252_text_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "win.txt"
    data = "Dear Mrs Okafor\n\nWe\u2019re sorry.\n".encode("cp1252")
    path.write_bytes(data)
    at = data.index(bytes([0x92]))
    assert cause(path) == f"not UTF-8 text (byte 0x92 at offset {at}); save it as UTF-8"


def test_bad_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "letter.md"
    path.write_text("---\nstage: [1\n---\nDear Mrs Okafor\n")
    assert "front matter is not valid YAML" in cause(path)


def test_front_matter_aliases_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "letter.md"
    path.write_text("---\na: &a [x, x, x]\nb: [*a, *a, *a]\n---\nDear Mrs Okafor\n")
    assert "front matter" in cause(path)


def test_front_matter_that_is_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text("---\n- stage one\n---\nDear Mrs Okafor\n")
    assert "key: value" in cause(path)
