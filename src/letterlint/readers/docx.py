""".docx letters, read with python-docx (imported lazily) after safety checks on the zip.

Order of blocks: page headers first (kind "header"), then the body in document order
(paragraphs, and each table cell's paragraphs as kind "table-cell"), then page footers (kind
"footer"). ``Document.text`` is every block's text joined with a blank line. Paragraph text is
read from the XML in document order, so hyperlink text, tracked insertions, tabs and line breaks
are included (``paragraph.runs`` would drop hyperlinks); deleted text and field codes are not.

Body paragraphs, including empty ones, become blocks one for one, in the order
``docx_paragraphs()`` yields them: block ``i`` of kind "paragraph"/"table-cell" is
``docx_paragraphs(document)[i - number_of_header_blocks]``; ``body_paragraph_map()`` pairs
them up for you (the annotation feature uses this to turn a Span back into runs).
``Block.number`` counts non-empty body paragraphs from 1 (table cells' paragraphs included,
empty paragraphs skipped), as a reader counts them on the page; an empty paragraph carries the
number of the paragraph before it. Header and footer lines are numbered on their own, from 1
("header 2", "footer 1"). Word comments become ``Document.comments`` with the span of the
text they are anchored to (between w:commentRangeStart and w:commentRangeEnd; ``None`` when
the comment has no range).

Text boxes are read as part of the paragraph that anchors them (their older VML copy in
mc:Fallback is skipped, so the text appears once).

Nothing is fetched: external relationships (linked images, remote templates) are never
followed. Before anything is parsed the zip is checked: declared sizes and compression ratios
(zip bombs), a document part, damaged members, and XML parts that declare a DOCTYPE or
entities (billion laughs); python-docx's parser does not resolve entities either.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from letterlint.errors import InputError
from letterlint.model import Block, Comment, Document, Span

MAX_UNCOMPRESSED = 100 * 1024 * 1024  # a real letter unpacks to well under 10 MB
MAX_RATIO = 200  # compressed XML is 5-30 times smaller; a bomb is hundreds of times smaller
RATIO_FLOOR = 2 * 1024 * 1024  # parts smaller than this unpacked are never refused for their ratio
MAX_MEMBERS = 5000
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def check_zip(name: str, data: bytes) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(name, "not a valid .docx file (it is not a zip package: corrupt or "
                               "truncated?)") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InputError(name, f"the .docx package has {len(infos)} parts: refused as unsafe")
        total = sum(i.file_size for i in infos)
        packed = max(1, sum(i.compress_size for i in infos))
        if total > MAX_UNCOMPRESSED or (total > 10 * 1024 * 1024 and total / packed > MAX_RATIO):
            raise InputError(name, "the .docx package unpacks to "
                                   f"{total // (1024 * 1024)} MB: refused as a possible zip bomb")
        for info in infos:
            if info.file_size > RATIO_FLOOR and info.file_size / max(1, info.compress_size) > MAX_RATIO:
                raise InputError(name, f"the .docx part {info.filename} unpacks to "
                                       f"{info.file_size // (1024 * 1024)} MB from "
                                       f"{max(1, info.compress_size // 1024)} KB: "
                                       "refused as a possible zip bomb")
        names = {i.filename for i in infos}
        if "word/document.xml" not in names:
            if "EncryptedPackage" in names:
                raise InputError(name, "the document is password-protected")
            raise InputError(name, "not a Word document (no word/document.xml inside)")
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                with zf.open(info) as fh:
                    head = fh.read(4096)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise InputError(name, f"the .docx part {info.filename} declares XML entities "
                                           "(Word never does): refused as unsafe")
        bad = zf.testzip()
        if bad is not None:
            raise InputError(name, f"the .docx file is corrupt (part {bad} is damaged)")


def paragraph_text(p: Any) -> tuple[str, list[tuple[str, str, int]]]:
    """Text of a w:p element, and comment range markers (start/end, id, offset)."""
    parts: list[str] = []
    marks: list[tuple[str, str, int]] = []
    length = 0
    for el in p.iter():
        tag = el.tag
        if not isinstance(tag, str):  # XML comments and processing instructions
            continue
        if tag == f"{W}t":
            if _inside(el, p, (f"{W}del", f"{W}instrText", MC_FALLBACK)):
                continue
            t = el.text or ""
            parts.append(t)
            length += len(t)
        elif tag in (f"{W}tab", f"{W}ptab") and not _inside(el, p, (f"{W}del",)):
            if el.getparent() is not None and el.getparent().tag == f"{W}r":
                parts.append("\t")
                length += 1
        elif tag == f"{W}noBreakHyphen" and not _inside(el, p, (f"{W}del", MC_FALLBACK)):
            parts.append("-")
            length += 1
        elif tag in (f"{W}br", f"{W}cr") and not _inside(el, p, (f"{W}del", MC_FALLBACK)):
            parts.append("\n")
            length += 1
        elif tag == f"{W}commentRangeStart":
            marks.append(("start", el.get(f"{W}id", ""), length))
        elif tag == f"{W}commentRangeEnd":
            marks.append(("end", el.get(f"{W}id", ""), length))
    return "".join(parts), marks


def _inside(el: Any, stop: Any, tags: tuple[str, ...]) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def docx_paragraphs(document: Any) -> list[tuple[str, Any]]:
    """Body paragraphs in document order, with their block kind: ("paragraph" | "table-cell", p)."""
    out: list[tuple[str, Any]] = []

    def walk_table(table: Any) -> None:
        seen: set[int] = set()
        for row in table.rows:
            for cell in row.cells:
                if id(cell._tc) in seen:  # merged cells repeat
                    continue
                seen.add(id(cell._tc))
                for item in cell.iter_inner_content():
                    if hasattr(item, "rows"):
                        walk_table(item)
                    else:
                        out.append(("table-cell", item))

    for item in document.iter_inner_content():
        if hasattr(item, "rows"):
            walk_table(item)
        else:
            out.append(("paragraph", item))
    return out


def _header_footer_paragraphs(document: Any, which: str) -> Iterator[Any]:
    seen: set[int] = set()
    for section in document.sections:
        for attr in (which, f"first_page_{which}", f"even_page_{which}"):
            part = getattr(section, attr)
            if part.is_linked_to_previous:
                continue
            key = id(part._element)
            if key in seen:
                continue
            seen.add(key)
            for item in part.iter_inner_content():
                if hasattr(item, "rows"):
                    for row in item.rows:
                        for cell in row.cells:
                            yield from cell.paragraphs
                else:
                    yield item


def read_docx(name: str, data: bytes) -> Document:
    check_zip(name, data)
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        try:
            document = docx.Document(io.BytesIO(data))
        except PackageNotFoundError:
            raise InputError(name, "not a valid .docx file") from None
        return _build(name, document)
    except InputError:
        raise
    except KeyError as exc:
        raise InputError(name, f"the .docx file is incomplete (missing part {exc})") from None
    except Exception as exc:  # lxml, zip and python-docx errors on damaged files
        if type(exc).__name__ == "XMLSyntaxError":
            raise InputError(name, "the .docx file is damaged: its XML cannot be read "
                                   f"({str(exc)[:100]})") from None
        raise InputError(name, f"the .docx file cannot be read ({type(exc).__name__}: "
                               f"{str(exc)[:120]})") from None


def _build(name: str, document: Any) -> Document:
    pieces: list[str] = []
    blocks: list[Block] = []
    comment_marks: dict[str, list[int]] = {}
    offset = 0

    numbers = {"paragraph": 0, "header": 0, "footer": 0}

    def add(kind: str, p_element: Any, counted: bool) -> None:
        nonlocal offset
        text, marks = paragraph_text(p_element)
        if pieces:
            pieces.append("\n\n")
            offset += 2
        start = offset
        pieces.append(text)
        offset += len(text)
        counter = "paragraph" if counted else kind
        if text.strip():
            numbers[counter] += 1
        blocks.append(Block(len(blocks), kind, Span(start, offset),  # type: ignore[arg-type]
                            numbers[counter], text))
        for which, cid, at in marks:
            comment_marks.setdefault(cid, [start + at, start + at])
            comment_marks[cid][0 if which == "start" else 1] = start + at

    for p in _header_footer_paragraphs(document, "header"):
        add("header", p._p, False)
    for kind, p in docx_paragraphs(document):
        add(kind, p._p, True)
    for p in _header_footer_paragraphs(document, "footer"):
        add("footer", p._p, False)
    text = "".join(pieces)
    if not text.strip():
        raise InputError(name, "the document has no text")
    comments: list[Comment] = []
    try:
        for c in document.comments:
            cid = str(c.comment_id)
            span = None
            if cid in comment_marks:
                s, e = comment_marks[cid]
                span = Span(min(s, e), max(s, e))
            comments.append(Comment(c.text, span))
    except Exception:  # a document without a comments part, or an odd one
        comments = []
    return Document(path=name, format="docx", text=text, blocks=tuple(blocks), comments=tuple(comments))


def body_paragraph_map(doc: Document, document: Any) -> list[tuple[Block, Any]]:
    """Pair each body block ("paragraph"/"table-cell") of ``doc`` with its python-docx
    ``Paragraph`` in ``document`` (the same file opened with ``docx.Document``). Offsets inside
    a block are offsets into ``paragraph_text(paragraph._p)[0]``."""
    body = [b for b in doc.blocks if b.kind in ("paragraph", "table-cell")]
    paras = docx_paragraphs(document)
    if len(body) != len(paras):
        raise ValueError("the document does not line up with its paragraphs")
    return [(b, p) for b, (_, p) in zip(body, paras, strict=True)]
