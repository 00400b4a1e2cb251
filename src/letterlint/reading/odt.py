""".odt letters (OpenDocument text, as LibreOffice and Word save it), read with odfpy.

The package is checked first like a .docx (``common.check_zip``: zip bombs, damage, XML
entities) and a password-protected file is refused. Blocks, in reading order: the page header
of the first master page (kind "header"), then the body: paragraphs and headings, list items,
each table cell's paragraphs (kind "table-cell"), sections; then the page footer. Inside a
paragraph: ``text:s`` is its count of spaces, ``text:tab`` a tab, ``text:line-break`` a line
break; footnote and endnote bodies become paragraphs of their own after the body (their
citation mark is left out), as do the paragraphs of text frames; annotations (comments) and
the deleted text kept for tracked changes are not read.
"""

from __future__ import annotations

import io
from typing import Any

from letterlint.errors import InputError
from letterlint.model import BlockKind, Document
from letterlint.reading.common import build, check_zip

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
SKIP = {(OFFICE, "annotation"), (OFFICE, "annotation-end"), (TEXT, "tracked-changes"),
        (TEXT, "note-citation"), (TEXT, "sequence-decls"), (TEXT, "table-of-content")}


class _Walker:
    def __init__(self) -> None:
        self.body: list[tuple[BlockKind, str]] = []
        self.later: list[tuple[BlockKind, str]] = []  # notes and frames, after the body

    def inline(self, node: Any, kind: BlockKind) -> str:
        out: list[str] = []
        for child in node.childNodes:
            if child.nodeType == child.TEXT_NODE:
                out.append(str(child.data))
                continue
            if child.nodeType != child.ELEMENT_NODE or child.qname in SKIP:
                continue
            q = child.qname
            if q == (TEXT, "s"):
                out.append(" " * int(child.getAttrNS(TEXT, "c") or 1))
            elif q == (TEXT, "tab"):
                out.append("\t")
            elif q == (TEXT, "line-break"):
                out.append("\n")
            elif q == (TEXT, "note"):
                for body in child.childNodes:
                    if getattr(body, "qname", None) == (TEXT, "note-body"):
                        saved, self.body = self.body, self.later
                        self.blocks(body, "paragraph")
                        self.body = saved
            elif q == (DRAW, "frame"):
                saved, self.body = self.body, self.later
                self.blocks(child, "paragraph")
                self.body = saved
            else:
                out.append(self.inline(child, kind))
        return "".join(out)

    def blocks(self, node: Any, kind: BlockKind) -> None:
        for child in node.childNodes:
            if child.nodeType != child.ELEMENT_NODE or child.qname in SKIP:
                continue
            q = child.qname
            if q in ((TEXT, "p"), (TEXT, "h")):
                self.body.append((kind, self.inline(child, kind)))
            elif q == (TABLE, "table-cell"):
                self.blocks(child, "table-cell")
            elif q == (DRAW, "frame"):
                saved, self.body = self.body, self.later
                self.blocks(child, "paragraph")
                self.body = saved
            else:
                self.blocks(child, kind)


def read_odt(name: str, data: bytes) -> Document:
    """Read an .odt into a Document (module doc). Raises InputError."""
    with check_zip(name, data, ".odt", "content.xml") as zf:
        manifest = zf.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in zf.namelist() else b""
    if b"encryption-data" in manifest:
        raise InputError(name, "the document is password-protected; remove the password and check it again")
    from odf.opendocument import load

    try:
        odt = load(io.BytesIO(data))
    except Exception as exc:
        raise InputError(name, f"not a readable .odt file ({type(exc).__name__})") from None
    if "text" not in str(getattr(odt, "mimetype", "")):
        raise InputError(name, f"not an OpenDocument text file ({odt.mimetype or 'no type'})")
    walker = _Walker()
    headers, footers = _Walker(), _Walker()
    for master in odt.masterstyles.childNodes[:1]:
        for part in master.childNodes:
            if getattr(part, "qname", None) == (STYLE, "header"):
                headers.blocks(part, "header")
            elif getattr(part, "qname", None) == (STYLE, "footer"):
                footers.blocks(part, "footer")
    walker.blocks(odt.text, "paragraph")
    return build(name, "odt", [*headers.body, *walker.body, *walker.later, *footers.body])
