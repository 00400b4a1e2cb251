""".docx letters, read from the package's XML with lxml, as Word shows them.

What is read, in this order of blocks (``Document.blocks``):

1. Page headers (kind "header"): each section's default header, its first-page header where
   the section has a different first page (w:titlePg), and its even-page header where the
   document has different odd and even pages; each header part once.
2. The body in document order. Paragraphs are kind "paragraph"; a table cell's paragraphs are
   kind "table-cell" (nested tables too, rows and cells in order). Content controls (w:sdt) and
   the older w:customXml wrapper are read through at every level: around paragraphs, table
   rows, cells, the whole body, and inside a paragraph. Each paragraph of a text box
   (w:txbxContent) is a block of its own, of kind "text-box", placed straight after the
   paragraph that anchors it; of an mc:AlternateContent only the first mc:Choice is read (the
   VML copy in mc:Fallback is read only when there is no Choice). Footnotes and endnotes are
   blocks of kind "footnote" and "endnote", placed straight after the paragraph that refers to
   them (as a reader follows the mark), numbered in order of reference as Word numbers them;
   notes nobody refers to come at the end of the body.
3. Page footers (kind "footer"), chosen as the headers are.

Each block's text is what Word shows with every tracked change accepted: w:ins and w:moveTo
are in; w:del, w:moveFrom and their text are out, and a paragraph whose mark is deleted or
moved away runs on into the next paragraph (one block for both). A field gives its result,
never its code (w:instrText, and anything between w:fldChar begin and separate). A tab is
"\t", a non-breaking hyphen "-". A manual line break (w:br) is "\n" where it ends a line of
an address, a heading or a sentence, and " " where it falls inside a sentence (the line
before runs on in lower case, or is a long line without closing punctuation), so a sentence
is measured whole while address lines stay lines. ``Document.text`` is every block's text
joined with a blank line.

Numbering and where the words are (``Block.number``, ``Block.container``): body paragraphs
and table cells' paragraphs are counted together from 1, skipping empty ones (an empty
paragraph carries the number before it), as a reader counts them on the page; a text box's,
a footnote's or an endnote's paragraphs are counted within it ("text box 2", paragraph 1),
header and footer lines on their own. ``Block.page_break`` is set on the first block after a
page break (w:br w:type="page", w:pageBreakBefore, or a section break that starts a new page).

Word comments become ``Document.comments`` with the span of the text they are anchored to.

The blocks line up one for one with ``layout()``'s paragraphs; ``body_paragraph_map()`` pairs
each block with its python-docx ``Paragraph`` for the annotation and fix features.

Safety (every check raises ``InputError`` with one line): the zip is checked for damaged
members, zip bombs (declared sizes and ratios), too many members and duplicate members (two
parts with one name, compared as Open Packaging does, without regard to case, are refused as
ambiguous). Every XML part, whatever its name and encoding, is parsed with a parser that
refuses a DOCTYPE (and so any entity declaration) wherever it sits in the part, never loads
a DTD and never touches the network. The main part's content type is checked: a
macro-enabled document (.docm), a template (.dotx, .dotm), a document in Strict Open XML or
another Office file gets a plain cause. Nothing is fetched: external relationships are never
followed.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letterlint.errors import InputError
from letterlint.model import Block, Comment, Document, Span, shorten
from letterlint.rules.lazy_pattern import lazy_re

MAX_UNCOMPRESSED = 100 * 1024 * 1024  # a real letter unpacks to well under 10 MB
MAX_RATIO = 200  # compressed XML is 5-30 times smaller; a bomb is hundreds of times smaller
RATIO_FLOOR = 2 * 1024 * 1024  # parts smaller than this unpacked are never refused for their ratio
MAX_MEMBERS = 5000
SNIFF_CHUNK = 4096

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
MC_FALLBACK = f"{MC}Fallback"
MC_CHOICE = f"{MC}Choice"
MC_ALTERNATE = f"{MC}AlternateContent"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
PKG_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
STRICT_RT = "http://purl.oclc.org/ooxml/officeDocument/relationships/"

CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
REFUSED_MAIN = {
    "application/vnd.ms-word.document.macroenabled.main+xml":
        "a macro-enabled Word document (.docm): save it as .docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml":
        "a Word template (.dotx), not a letter: save a letter made from it as .docx",
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml":
        "a macro-enabled Word template (.dotm), not a letter: save a letter made from it as .docx",
}
OTHER_OFFICE = (("spreadsheetml", "an Excel workbook"), ("ms-excel", "an Excel workbook"),
                ("presentationml", "a PowerPoint presentation"), ("ms-powerpoint", "a PowerPoint presentation"))
STRICT_CAUSE = ("a Word document saved as Strict Open XML, which letterlint does not read: "
                "save it as an ordinary Word Document (.docx)")


def flat(text: object, limit: int = 160) -> str:
    """A library's message on one line: runs of white space (newlines included) become one
    space, and it is cut to ``limit`` characters."""
    one = " ".join(str(text).split())
    return shorten(one, limit)


# ------------------------------------------------------------------ hardened XML parsing

class _Sniff:
    """lxml parser target noting a DOCTYPE and the start of the root element."""

    def __init__(self) -> None:
        self.dtd = False
        self.root = False

    def doctype(self, *_: object) -> None:
        self.dtd = True

    def start(self, tag: str, attrib: object) -> None:
        self.root = True

    def data(self, _: str) -> None:
        return None

    def end(self, _: str) -> None:
        return None

    def close(self) -> None:
        return None


def _parser(target: Any = None) -> Any:
    from lxml import etree

    return etree.XMLParser(target=target, resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False)


def _refuse_dtd(name: str, part: str) -> InputError:
    return InputError(name, f"the .docx part {part} declares a DTD or XML entities (Word never "
                            "does): refused as unsafe")


_ASCII_DECL = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["'](?:utf-?8|us-ascii|ascii)["']""", re.IGNORECASE)
_ANY_DECL = re.compile(rb"^<\?xml[^>]*?encoding\s*=", re.IGNORECASE)


def prolog_has_dtd(head: bytes) -> bool | None:
    """For a part in UTF-8 (or ASCII), whether its prolog, before the root element, holds a
    DOCTYPE or any other markup declaration (``<!`` that is not a comment); None when the part
    is in another encoding, or the prolog runs past ``head``, and the parser must decide."""
    i = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    if not head[i:].lstrip(b" \t\r\n").startswith(b"<"):
        return None
    if _ANY_DECL.match(head, i) and not _ASCII_DECL.match(head, i):
        return None
    n = len(head)
    while True:
        while i < n and head[i] in b" \t\r\n":
            i += 1
        if head.startswith(b"<?", i):
            j = head.find(b"?>", i + 2)
            if j < 0:
                return None
            i = j + 2
        elif head.startswith(b"<!--", i):
            j = head.find(b"-->", i + 4)
            if j < 0:
                return None
            i = j + 3
        elif head.startswith(b"<!", i):
            return True
        elif i >= n:
            return None
        else:
            return False


def has_dtd(raw: bytes | Iterable[bytes]) -> bool:
    """Whether an XML part has a DOCTYPE (the only place entities can be declared), in any
    encoding the parser knows; it stops reading at the root element, where a DOCTYPE can no
    longer come. Raises ``lxml.etree.XMLSyntaxError`` for what is not XML at all."""
    from lxml import etree

    sniff = _Sniff()
    parser = _parser(sniff)
    pieces = (raw[at: at + SNIFF_CHUNK] for at in range(0, len(raw), SNIFF_CHUNK)) if isinstance(
        raw, bytes) else raw
    try:
        for piece in pieces:  # fed in pieces, so that it stops at the root
            parser.feed(piece)
            if sniff.dtd or sniff.root:
                return sniff.dtd
        parser.close()
    except etree.XMLSyntaxError:
        if sniff.dtd:  # the declarations inside the DTD tripped the parser: it is refused anyway
            return True
        raise
    return sniff.dtd


def parse_xml(name: str, part: str, raw: bytes) -> Any:
    """The root element of an XML part, parsed safely; a DOCTYPE or bad XML is an InputError."""
    from lxml import etree

    try:
        root = etree.fromstring(raw, _parser())
    except etree.XMLSyntaxError as exc:
        if "XML_PARSE_HUGE" in str(exc) or "huge" in str(exc).lower():
            # libxml2's safety limits (elements nested over 256 deep, one text over 10 MB): Word
            # never writes such a part; the parser's own advice (a parse option) means nothing here
            raise InputError(name, f"the .docx part {part} is nested too deeply or holds too long a "
                                   "text to read safely (Word never writes one like it): refused as "
                                   "unsafe") from None
        raise InputError(name, f"the .docx file is damaged: its part {part} is not well-formed XML "
                               f"({flat(exc, 100)})") from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise _refuse_dtd(name, part)
    return root


# ------------------------------------------------------------------ the package

@dataclass
class Package:
    """The checked zip: members by part name (no leading '/'), and the parts read so far."""

    name: str
    zf: zipfile.ZipFile
    infos: dict[str, zipfile.ZipInfo]
    main: str = "word/document.xml"
    roots: dict[str, Any] = field(default_factory=dict)

    def raw(self, part: str) -> bytes | None:
        """The bytes of ``part`` (a member name such as ``word/document.xml``, matched without
        regard to case), or ``None`` if the package has no such part. Raises ``InputError`` ("the
        .docx file is corrupt") if the member cannot be read."""
        info = self.infos.get(part.lower())
        if info is None:
            return None
        try:
            with self.zf.open(info) as fh:
                return fh.read()
        except ZIP_ERRORS:
            raise _corrupt(self.name, info.filename) from None

    def xml(self, part: str) -> Any | None:
        """The parsed root element of ``part`` (lxml), read once and kept; ``None`` if the part is
        missing. Raises ``InputError`` on a damaged part, bad XML or a DOCTYPE."""
        if part not in self.roots:
            raw = self.raw(part)
            self.roots[part] = None if raw is None else parse_xml(self.name, part, raw)
        return self.roots[part]

    def rels(self, part: str) -> dict[str, tuple[str, str, bool]]:
        """rId -> (type, target part name or URL, external) for ``part``'s relationships."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, tuple[str, str, bool]] = {}
        if root is None:
            return out
        for rel in root.iter(f"{PKG_RELS}Relationship"):
            target = rel.get("Target", "")
            external = rel.get("TargetMode") == "External"
            if not external:
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(folder, target))
            out[rel.get("Id", "")] = (rel.get("Type", ""), target, external)
        return out


ZIP_ERRORS = (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError)


def _corrupt(name: str, part: str) -> InputError:
    return InputError(name, f"the .docx file is corrupt (part {part} is damaged)")


def _chunks(head: bytes, fh: Any) -> Iterator[bytes]:
    yield head
    while chunk := fh.read(SNIFF_CHUNK):
        yield chunk


def _key(member: str) -> str:
    """A part name compared as Open Packaging compares them: no leading '/', any case."""
    return member.replace("\\", "/").lstrip("/").lower()


def _is_xml(member: str, head: bytes) -> bool:
    if member.lower().endswith((".xml", ".rels", ".vml")):
        return True
    probe = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    return probe.startswith((b"<", b"\x00<")) or head.startswith((b"\xff\xfe<", b"\xfe\xff\x00<"))


def open_package(name: str, data: bytes) -> Package:
    """Check the zip and every XML part in it; find the main document part. ``InputError``
    (one line) for anything unsafe, ambiguous or not a Word document."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InputError(name, "not a valid .docx file (it is not a zip package: corrupt or "
                               "truncated?)") from None
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise InputError(name, f"the .docx package has {len(infos)} parts: refused as unsafe")
    by_key: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        k = _key(info.filename)
        if k in by_key:
            raise InputError(name, f"the .docx package holds the part {info.filename} twice: "
                                   "refused as ambiguous (Word never writes this)")
        by_key[k] = info
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
    if "encryptedpackage" in by_key:
        raise InputError(name, "the document is password-protected")
    pkg = Package(name, zf, by_key)
    from lxml import etree

    for info in infos:  # every XML part, however named: read only as far as its root element
        try:
            with zf.open(info) as fh:
                head = fh.read(SNIFF_CHUNK)
                if not _is_xml(info.filename, head[:64]):
                    continue
                quick = prolog_has_dtd(head)
                dtd = has_dtd(_chunks(head, fh)) if quick is None else quick
        except etree.XMLSyntaxError as exc:
            raise InputError(name, f"the .docx file is damaged: its part {info.filename} is not "
                                   f"well-formed XML ({flat(exc, 100)})") from None
        except ZIP_ERRORS:
            raise _corrupt(name, info.filename) from None
        if dtd:
            raise _refuse_dtd(name, info.filename)
    _find_main(pkg)
    return pkg


def _find_main(pkg: Package) -> None:
    name = pkg.name
    types = pkg.xml("[Content_Types].xml")
    rels = pkg.rels("")  # _rels/.rels
    main = next((t for typ, t, ext in rels.values() if not ext and typ == RT + "officeDocument"), None)
    if main is None and any(typ == STRICT_RT + "officeDocument" for typ, _, _ in rels.values()):
        raise InputError(name, STRICT_CAUSE)
    if main is None:
        main = "word/document.xml"
    if main.lower() not in pkg.infos:
        raise InputError(name, "not a Word document (no word/document.xml inside)")
    pkg.main = main
    if types is None:
        raise InputError(name, "not a valid .docx file (the package has no [Content_Types].xml)")
    ctype = ""
    for el in types.iter(f"{PKG_CT}Override"):
        if _key(el.get("PartName", "")) == main.lower():
            ctype = el.get("ContentType", "")
    if not ctype:
        ext = main.rsplit(".", 1)[-1].lower()
        for el in types.iter(f"{PKG_CT}Default"):
            if el.get("Extension", "").lower() == ext:
                ctype = el.get("ContentType", "")
    low = ctype.lower()
    if low in REFUSED_MAIN:
        raise InputError(name, REFUSED_MAIN[low])
    for marker, what in OTHER_OFFICE:
        if marker in low:
            raise InputError(name, f"{what}, not a Word document")
    root = pkg.xml(main)
    if root is not None and isinstance(root.tag, str) and root.tag.startswith("{" + STRICT_W_NS):
        raise InputError(name, STRICT_CAUSE)
    if low != CT_MAIN:
        raise InputError(name, f"not a Word document (its main part is of type {flat(ctype or 'none', 80)})")
    if root is None or root.tag != f"{W}document":
        raise InputError(name, "not a Word document (its main part is not a document)")


# ------------------------------------------------------------------ paragraph text

SKIP = frozenset(f"{W}{t}" for t in (
    "pPr", "rPr", "del", "moveFrom", "sdtPr", "sdtEndPr", "customXmlPr", "smartTagPr", "delText",
    "delInstrText", "instrText", "fldData", "tblPr", "trPr", "tcPr", "sectPr", "commentReference",
    "annotationRef",
)) | {MC_FALLBACK}
BREAK_LIKE = (f"{W}br", f"{W}cr")


@dataclass
class _State:
    pieces: list[tuple[Any, str]] = field(default_factory=list)
    marks: list[tuple[str, str, int, int]] = field(default_factory=list)  # start/end, id, piece index
    boxes: list[Any] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    page_break_at: list[int] = field(default_factory=list)  # piece index of page breaks


def _choose(alt: Any) -> Any | None:
    """The branch of an mc:AlternateContent that is read: the first Choice, else the Fallback."""
    fallback = None
    for child in alt:
        if child.tag == MC_CHOICE:
            return child
        if child.tag == MC_FALLBACK:
            fallback = child
    return fallback


def _find_boxes(el: Any, st: _State) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == f"{W}txbxContent":
            st.boxes.append(child)
        elif tag == MC_ALTERNATE:
            chosen = _choose(child)
            if chosen is not None:
                _find_boxes(chosen, st)
        else:
            _find_boxes(child, st)


def _run(r: Any, st: _State) -> None:
    for el in r:
        tag = el.tag
        if not isinstance(tag, str) or tag in SKIP:
            continue
        in_code = "code" in st.fields
        if tag == f"{W}t":
            if not in_code:
                st.pieces.append((el, el.text or ""))
        elif tag in (f"{W}tab", f"{W}ptab"):
            if not in_code:
                st.pieces.append((el, "\t"))
        elif tag == f"{W}noBreakHyphen":
            if not in_code:
                st.pieces.append((el, "-"))
        elif tag in BREAK_LIKE:
            if in_code:
                continue
            if el.get(f"{W}type") == "page":
                st.page_break_at.append(len(st.pieces))
            st.pieces.append((el, "\n"))
        elif tag == f"{W}fldChar":
            kind = el.get(f"{W}fldCharType")
            if kind == "begin":
                st.fields.append("code")
            elif kind == "separate" and st.fields:
                st.fields[-1] = "result"
            elif kind == "end" and st.fields:
                st.fields.pop()
        elif tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
            st.notes.append(("footnote" if tag.endswith("footnoteReference") else "endnote",
                             el.get(f"{W}id", "")))
        elif tag == MC_ALTERNATE:
            chosen = _choose(el)
            if chosen is not None:
                _run(chosen, st)  # run content (w:drawing with a text box, w:t...) in the branch read
        elif tag in (f"{W}drawing", f"{W}pict", f"{W}object"):
            _find_boxes(el, st)


def _inline(el: Any, st: _State) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIP:
            continue
        if tag == f"{W}r":
            _run(child, st)
        elif tag == MC_ALTERNATE:
            chosen = _choose(child)
            if chosen is not None:
                _inline(chosen, st)
        elif tag == f"{W}commentRangeStart":
            st.marks.append(("start", child.get(f"{W}id", ""), len(st.pieces), 0))
        elif tag == f"{W}commentRangeEnd":
            st.marks.append(("end", child.get(f"{W}id", ""), len(st.pieces), 0))
        elif tag == f"{W}txbxContent":
            st.boxes.append(child)
        else:  # w:hyperlink, w:ins, w:moveTo, w:sdt/w:sdtContent, w:customXml, w:smartTag, w:fldSimple...
            _inline(child, st)


_CLOSING = (".", "!", "?", ":", ";")


_ADDRESS_START = lazy_re(r"(?i)^(?:c/o|care\s+of|po\s+box|flat|unit|apartment)\b")


def _title_case_line(line: str) -> bool:
    """A line of capitalised words and numbers, as a name or address line is ('PC 4471 Jodie
    Farrant', 'Flat 6, Moorside Court'), not a run of prose."""
    words = [w.strip("(),.;:'\"") for w in line.split()]
    return all(not w or not w[0].isalpha() or w[0].isupper() or w.lower() in ("and", "of", "the", "upon", "on")
               for w in words)


def _line_break_char(before: str, after: str) -> str:
    """What a manual line break reads as: "\n" at the end of a line (an address or name line,
    a heading, a finished sentence), " " inside a sentence (the line before is prose and the
    next goes on in lower case, or the line before is long and has no closing punctuation)."""
    prev, nxt = before.rstrip(), after.lstrip()
    if not prev or not nxt or prev.endswith(_CLOSING) or _ADDRESS_START.match(nxt):
        return "\n"
    if _title_case_line(prev):
        return "\n"
    if nxt[0].islower():
        return " "
    if len(prev.split()) >= 8 and not prev.endswith(","):
        return " "
    return "\n"


def _is_break(piece: tuple[Any, str]) -> bool:
    return piece[0].tag in BREAK_LIKE


def _assemble(st: _State) -> str:
    """The paragraph's text, each manual line break made "\n" or " " by the lines around it."""
    texts = [t for _, t in st.pieces]
    breaks = [i for i, piece in enumerate(st.pieces) if _is_break(piece)]
    if not breaks:
        return "".join(texts)
    bounds = [-1, *breaks, len(texts)]
    pages = set(st.page_break_at)
    for k in range(1, len(bounds) - 1):
        i = bounds[k]
        if i in pages:
            continue
        before = "".join(texts[bounds[k - 1] + 1: i])
        after = "".join(texts[i + 1: bounds[k + 1]])
        texts[i] = _line_break_char(before, after)
    return "".join(texts)


def paragraph_pieces(p: Any) -> list[tuple[Any, str]]:
    """The elements of w:p ``p`` that give it text (w:t, w:tab, w:br...), in order, each with
    the text it gives. Text boxes inside the paragraph are not part of it (they are blocks of
    their own). ``paragraph_text(p)[0]`` is these texts joined; the annotation feature uses the
    lengths to find the runs under a span."""
    st = _State()
    _inline(p, st)
    text = _assemble(st)
    out, pos = [], 0
    for el, t in st.pieces:
        out.append((el, text[pos: pos + len(t)]))
        pos += len(t)
    return out


def paragraph_text(p: Any) -> tuple[str, list[tuple[str, str, int]]]:
    """Text of a w:p element, and comment range markers (start/end, id, offset)."""
    st = _State()
    _inline(p, st)
    text = _assemble(st)
    offsets = [0]
    for _, t in st.pieces:
        offsets.append(offsets[-1] + len(t))
    return text, [(which, cid, offsets[at]) for which, cid, at, _ in st.marks]


# ------------------------------------------------------------------ layout

@dataclass
class Para:
    """One block-to-be: the w:p element (the first, when deleted paragraph marks join several),
    its kind and container label, its text, comment marks and whether a page break comes
    before it. ``story`` names the part it lives in ("document", a header part, "footnotes"...)."""

    element: Any
    kind: str
    container: str
    text: str
    marks: list[tuple[str, str, int]]
    story: str
    page_break: bool = False
    break_after: bool = False
    joined: bool = False  # its paragraph mark is deleted or moved: it runs on into the next
    boxes: list[Any] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    number: int = 0
    extra: list[Any] = field(default_factory=list)


def _flag(el: Any | None) -> bool:
    return el is not None and el.get(f"{W}val", "true").lower() not in ("0", "false", "off")


class _Layout:
    def __init__(self, story_root: Callable[[str], Any | None], settings: Any | None) -> None:
        self.story_root = story_root  # "footnotes" / "endnotes" -> root element (or None)
        self.boxes = 0
        self.section_types: dict[int, str] = {}
        self.note_numbers: dict[str, int] = {"footnote": 0, "endnote": 0}
        self.notes_seen: set[tuple[str, str]] = set()
        self.notes_root: dict[str, Any | None] = {}

    # -- paragraphs and containers
    def paragraph(self, p: Any, kind: str, container: str, story: str) -> Para:
        st = _State()
        _inline(p, st)
        text = _assemble(st)
        offsets = [0]
        for _, t in st.pieces:
            offsets.append(offsets[-1] + len(t))
        marks = [(which, cid, offsets[at]) for which, cid, at, _ in st.marks]
        para = Para(p, kind, container, text, marks, story, boxes=st.boxes, notes=st.notes)
        ppr = p.find(f"{W}pPr")
        if ppr is not None:
            para.page_break = _flag(ppr.find(f"{W}pageBreakBefore"))
            rpr = ppr.find(f"{W}rPr")
            if rpr is not None and (rpr.find(f"{W}del") is not None or rpr.find(f"{W}moveFrom") is not None):
                para.joined = True
            sect = ppr.find(f"{W}sectPr")
            if sect is not None and self.section_types.get(id(sect), "nextPage") != "continuous":
                para.break_after = True
        for at in st.page_break_at:
            if not text[: offsets[at]].strip():
                para.page_break = True
            else:
                para.break_after = True
        return para

    def blocks(self, container_el: Any, kind: str, container: str, story: str, out: list[Para]) -> None:
        pending: Para | None = None

        def emit(para: Para) -> None:
            nonlocal pending
            if pending is not None:  # the previous paragraph's mark was deleted: join them
                shift = len(pending.text)
                pending.text += para.text
                pending.marks += [(w, c, o + shift) for w, c, o in para.marks]
                pending.boxes += para.boxes
                pending.notes += para.notes
                pending.extra.append(para.element)
                pending.break_after = para.break_after
                pending.joined = para.joined
                para = pending
                pending = None
            if para.joined:
                pending = para
                return
            self.flush(para, story, out)

        def walk(el: Any, kind: str, container: str) -> None:
            for child in el:
                tag = child.tag
                if not isinstance(tag, str):
                    continue
                if tag == f"{W}p":
                    emit(self.paragraph(child, kind, container, story))
                elif tag == f"{W}tbl":
                    self.table(child, kind, container, walk)
                elif tag in (f"{W}sdt",):
                    content = child.find(f"{W}sdtContent")
                    if content is not None:
                        walk(content, kind, container)
                elif tag in (f"{W}customXml", f"{W}sdtContent", f"{W}ins", f"{W}moveTo", f"{W}smartTag"):
                    walk(child, kind, container)
                elif tag == MC_ALTERNATE:
                    chosen = _choose(child)
                    if chosen is not None:
                        walk(chosen, kind, container)

        walk(container_el, kind, container)
        if pending is not None:
            self.flush(pending, story, out)

    def table(self, tbl: Any, kind: str, container: str, walk: Callable[[Any, str, str], None]) -> None:
        cell_kind = "table-cell" if kind == "paragraph" else kind
        cell_container = "table cell" if kind == "paragraph" else container

        def rows(el: Any) -> Iterator[Any]:
            for child in el:
                if child.tag == f"{W}tr":
                    trpr = child.find(f"{W}trPr")
                    if trpr is not None and trpr.find(f"{W}del") is not None:
                        continue  # a deleted row
                    yield child
                elif child.tag in (f"{W}sdt", f"{W}customXml", f"{W}sdtContent"):
                    yield from rows(child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child)

        def cells(el: Any) -> Iterator[Any]:
            for child in el:
                if child.tag == f"{W}tc":
                    tcpr = child.find(f"{W}tcPr")
                    if tcpr is not None and tcpr.find(f"{W}cellDel") is not None:
                        continue
                    yield child
                elif child.tag in (f"{W}sdt", f"{W}customXml", f"{W}sdtContent"):
                    yield from cells(child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child)

        for tr in rows(tbl):
            if tr is None:
                continue
            for tc in cells(tr):
                if tc is not None:
                    walk(tc, cell_kind, cell_container)

    def flush(self, para: Para, story: str, out: list[Para]) -> None:
        out.append(para)
        for box in para.boxes:
            self.boxes += 1
            if para.kind in ("header", "footer", "footnote", "endnote"):
                kind, label = para.kind, para.container
            else:
                kind, label = "text-box", f"text box {self.boxes}"
            self.blocks(box, kind, label, story, out)
        for note_kind, nid in para.notes:
            if (note_kind, nid) in self.notes_seen:
                continue
            self.notes_seen.add((note_kind, nid))
            note = self.note(note_kind, nid)
            if note is None:
                continue
            self.note_numbers[note_kind] += 1
            self.blocks(note, note_kind, f"{note_kind} {self.note_numbers[note_kind]}", note_kind + "s", out)

    def note(self, kind: str, nid: str) -> Any | None:
        if kind not in self.notes_root:
            self.notes_root[kind] = self.story_root(kind + "s")
        root = self.notes_root[kind]
        if root is None:
            return None
        for note in root.iterchildren(f"{W}{kind}"):
            if note.get(f"{W}id") == nid and note.get(f"{W}type") in (None, "normal"):
                return note
        return None

    def orphans(self, out: list[Para]) -> None:
        for kind in ("footnote", "endnote"):
            if kind not in self.notes_root:
                self.notes_root[kind] = self.story_root(kind + "s")
            root = self.notes_root[kind]
            if root is None:
                continue
            for note in root.iterchildren(f"{W}{kind}"):
                nid = note.get(f"{W}id", "")
                if note.get(f"{W}type") not in (None, "normal") or (kind, nid) in self.notes_seen:
                    continue
                self.notes_seen.add((kind, nid))
                self.note_numbers[kind] += 1
                self.blocks(note, kind, f"{kind} {self.note_numbers[kind]}", kind + "s", out)


def layout(document: Any, header_footer: Callable[[str], tuple[str, Any] | None],
           story_root: Callable[[str], Any | None], even_and_odd: bool) -> list[Para]:
    """Every paragraph of the letter in block order (see the module's docstring).

    ``document`` is the w:document element; ``header_footer(rId)`` gives the (part key, root
    element) of a header or footer the main part refers to; ``story_root("footnotes" |
    "endnotes")`` the root of the notes part, or None; ``even_and_odd`` is the document's
    w:evenAndOddHeaders setting. The same function lays out lxml trees parsed by the reader and
    python-docx's own trees, so the two line up one for one."""
    lay = _Layout(story_root, None)
    body = document.find(f"{W}body")
    sects = list(document.iter(f"{W}sectPr"))
    for i, sect in enumerate(sects[:-1]):  # a section's break type is on the next section's sectPr
        t = sects[i + 1].find(f"{W}type")
        lay.section_types[id(sect)] = t.get(f"{W}val", "nextPage") if t is not None else "nextPage"

    def stories(which: str) -> list[tuple[str, Any]]:
        seen: set[str] = set()
        found: list[tuple[str, Any]] = []
        for sect in sects:
            first = _flag(sect.find(f"{W}titlePg"))
            for ref in sect.iterchildren(f"{W}{which}Reference"):
                kind = ref.get(f"{W}type", "default")
                if (kind == "first" and not first) or (kind == "even" and not even_and_odd):
                    continue
                got = header_footer(ref.get(R_ID, ""))
                if got is None or got[0] in seen:
                    continue
                seen.add(got[0])
                found.append(got)
        return found

    out: list[Para] = []
    for key, root in stories("header"):
        lay.blocks(root, "header", "header", key, out)
    main: list[Para] = []
    if body is not None:
        lay.blocks(body, "paragraph", "", "document", main)
    lay.orphans(main)
    for i, para in enumerate(main):
        if para.break_after and i + 1 < len(main):
            main[i + 1].page_break = True
    out += main
    for key, root in stories("footer"):
        lay.blocks(root, "footer", "footer", key, out)
    return out


# ------------------------------------------------------------------ reading

def read_docx(name: str, data: bytes) -> Document:
    """A Document from the bytes of a .docx file; ``InputError`` (one line) for a bad one."""
    from lxml import etree

    try:
        pkg = open_package(name, data)
        return _build(name, pkg)
    except InputError:
        raise
    except etree.LxmlError as exc:
        raise InputError(name, f"the .docx file is damaged: its XML cannot be read ({flat(exc, 100)})") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError, NotImplementedError) as exc:
        raise InputError(name, f"the .docx file cannot be read ({type(exc).__name__}: {flat(exc, 100)})") from None


def _build(name: str, pkg: Package) -> Document:
    document = pkg.xml(pkg.main)
    rels = pkg.rels(pkg.main)

    def header_footer(rid: str) -> tuple[str, Any] | None:
        rel = rels.get(rid)
        if rel is None or rel[2]:
            return None
        root = pkg.xml(rel[1])
        return None if root is None else (rel[1], root)

    def story_root(which: str) -> Any | None:
        part = next((t for typ, t, ext in rels.values() if not ext and typ == RT + which), None)
        return None if part is None else pkg.xml(part)

    settings_part = next((t for typ, t, ext in rels.values() if not ext and typ == RT + "settings"), None)
    settings = pkg.xml(settings_part) if settings_part else None
    even = settings is not None and _flag(settings.find(f"{W}evenAndOddHeaders"))
    paras = layout(document, header_footer, story_root, even)
    return _document(name, paras, pkg)


def _document(name: str, paras: list[Para], pkg: Package) -> Document:
    pieces: list[str] = []
    blocks: list[Block] = []
    comment_marks: dict[str, list[int]] = {}
    offset = 0
    counters: dict[str, int] = {}
    for para in paras:
        if pieces:
            pieces.append("\n\n")
            offset += 2
        start = offset
        pieces.append(para.text)
        offset += len(para.text)
        counter = "body" if para.kind in ("paragraph", "table-cell") else para.container
        if para.text.strip():
            counters[counter] = counters.get(counter, 0) + 1
        container = "" if para.kind == "paragraph" else para.container
        blocks.append(Block(len(blocks), para.kind, Span(start, offset),  # type: ignore[arg-type]
                            counters.get(counter, 0), para.text, page_break=para.page_break,
                            container=container))
        if para.story == "document":
            for which, cid, at in para.marks:
                comment_marks.setdefault(cid, [start + at, start + at])
                comment_marks[cid][0 if which == "start" else 1] = start + at
    text = "".join(pieces)
    if not text.strip():
        raise InputError(name, "the document has no text")
    return Document(path=name, format="docx", text=text, blocks=tuple(blocks),
                    comments=tuple(_comments(pkg, comment_marks)))


def _comments(pkg: Package, marks: dict[str, list[int]]) -> list[Comment]:
    rels = pkg.rels(pkg.main)
    part = next((t for typ, t, ext in rels.values() if not ext and typ == RT + "comments"), None)
    root = pkg.xml(part) if part else None
    out: list[Comment] = []
    if root is None:
        return out
    for c in root.iterchildren(f"{W}comment"):
        cid = c.get(f"{W}id", "")
        text = "\n".join(paragraph_text(p)[0] for p in c.iter(f"{W}p"))
        span = None
        if cid in marks:
            s, e = marks[cid]
            span = Span(min(s, e), max(s, e))
        out.append(Comment(text, span))
    return out


# ------------------------------------------------------------------ python-docx side

class _Parent:
    """What python-docx's Paragraph needs of its parent: the part it lives in."""

    def __init__(self, part: Any) -> None:
        self.part = part


def _xml_part(owner: Any, rid: str) -> Any:
    """The related part ``rid`` of ``owner`` as a python-docx XmlPart, so that changes to its
    XML are saved (python-docx keeps notes parts as plain bytes)."""
    from docx.opc.part import XmlPart

    part = owner.related_parts[rid]
    if isinstance(part, XmlPart):
        return part
    from docx.oxml.parser import parse_xml as docx_parse

    new = XmlPart(part.partname, part.content_type, docx_parse(part.blob), part.package)
    new.__dict__["rels"] = part.rels
    owner.rels[rid]._target = new
    return new


def layout_of(document: Any) -> list[tuple[Para, Any]]:
    """``layout()`` of a python-docx ``Document``: each Para with the python-docx part it lives in."""
    main = document.part
    parts: dict[str, Any] = {"document": main}
    rels = {rid: rel for rid, rel in main.rels.items()}

    def header_footer(rid: str) -> tuple[str, Any] | None:
        rel = rels.get(rid)
        if rel is None or rel.is_external:
            return None
        part = rel.target_part
        key = str(part.partname).lstrip("/")
        parts[key] = part
        return key, part.element

    def story_root(which: str) -> Any | None:
        rid = next((rid for rid, rel in rels.items() if not rel.is_external and rel.reltype == RT + which), None)
        if rid is None:
            return None
        part = _xml_part(main, rid)
        parts[which] = part
        return part.element

    srid = next((rid for rid, rel in rels.items() if not rel.is_external and rel.reltype == RT + "settings"), None)
    settings = main.related_parts[srid].element if srid is not None else None
    even = settings is not None and _flag(settings.find(f"{W}evenAndOddHeaders"))
    paras = layout(document.element, header_footer, story_root, even)
    return [(p, parts[p.story]) for p in paras]


def body_paragraph_map(doc: Document, document: Any) -> list[tuple[Block, Any]]:
    """Pair every block of ``doc`` (as ``read()`` gave it for the file) with a python-docx
    ``Paragraph`` in ``document`` (the same file opened with ``docx.Document``), in block order.

    Every block kind is covered: body paragraphs, table cells, text boxes, content controls
    (read through), footnotes and endnotes, headers and footers. ``paragraph._p`` is the w:p
    element the block's text came from and ``paragraph.part`` the package part it lives in (the
    document, a header or footer part, or the footnotes or endnotes part, made an XmlPart so
    that changes are saved). Offsets inside a block are offsets into
    ``paragraph_text(paragraph._p)[0]``. Where a deleted paragraph mark joined two paragraphs
    into one block, the pair gives the first; the block's text runs on past its end.
    Raises ``ValueError`` when the two do not line up."""
    from docx.text.paragraph import Paragraph

    paras = layout_of(document)
    if len(paras) != len(doc.blocks):
        raise ValueError("the document does not line up with its paragraphs")
    return [(b, Paragraph(p.element, _Parent(part))) for b, (p, part) in zip(doc.blocks, paras, strict=True)]



def _header_footer_paragraphs(document: Any, which: str) -> Iterator[Any]:
    """The python-docx Paragraphs of the header (``which="header"``) or footer blocks, in block
    order (kept for callers written before ``body_paragraph_map()`` covered them)."""
    from docx.text.paragraph import Paragraph

    for para, part in layout_of(document):
        if para.kind == which:
            yield Paragraph(para.element, _Parent(part))


# ------------------------------------------------------------------ opening for editing

def _rels_base(rels_name: str) -> str:
    """The folder a .rels part's relative targets are resolved from: ``word/_rels/document.xml.rels``
    -> ``word``, ``_rels/.rels`` -> ``""``."""
    folder = posixpath.dirname(rels_name)  # ".../_rels"
    return posixpath.dirname(folder)


def without_dangling_relationships(data: bytes) -> tuple[bytes, list[str]]:
    """The .docx package ``data`` with every internal relationship whose target part is missing
    dropped (Word repairs or ignores such a package; python-docx raises KeyError on it), and the
    missing part names. ``data`` itself is returned when nothing dangles. Only for a package the
    reader has already read (it made the safety checks)."""
    from urllib.parse import unquote

    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = {n.lstrip("/") for n in zf.namelist()}
        fixed: dict[str, bytes] = {}
        missing: list[str] = []
        for rels in sorted(n for n in names if n.endswith(".rels")):
            root = etree.fromstring(zf.read(rels), _parser())
            base = _rels_base(rels)
            dropped = False
            for rel in list(root):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target") or ""
                if not target or "://" in target:
                    continue
                part = unquote(target.split("#")[0])
                part = part.lstrip("/") if part.startswith("/") else posixpath.join(base, part)
                part = posixpath.normpath(part).lstrip("/")
                if part in names or part == ".":
                    continue
                missing.append(part)
                root.remove(rel)
                dropped = True
            if dropped:
                fixed[rels] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        if not fixed:
            return data, []
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
            for info in zf.infolist():
                out.writestr(info, fixed.get(info.filename.lstrip("/")) or zf.read(info))
        return buf.getvalue(), sorted(set(missing))


def open_for_editing(path: Path) -> Any:
    """A python-docx ``Document`` of the .docx at ``path``, for the annotation and fix features.
    Relationships pointing at a part the package lacks (a missing thumbnail, styles part) are
    dropped in memory first, so that such a file, which the reader and Word take, can be
    annotated and corrected; the file itself is never changed."""
    import docx
    from lxml import etree

    try:
        data, _missing = without_dangling_relationships(path.read_bytes())
        return docx.Document(io.BytesIO(data))
    except (KeyError, TypeError, AttributeError, etree.XMLSyntaxError, *ZIP_ERRORS) as exc:  # never a raw KeyError
        if isinstance(exc, etree.XMLSyntaxError):
            cause = "a part of the package is not well-formed XML"
        elif isinstance(exc, KeyError) and exc.args:  # str() of a KeyError is its repr
            cause = flat(exc.args[0], 120)
        else:
            cause = flat(exc, 120)
        raise InputError(str(path), f"the .docx package could not be opened for editing ({cause}): "
                                    "open and re-save it in Word") from None
