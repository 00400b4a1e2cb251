"""Corrections as Word tracked changes, each explained by a Word comment (issue 14).

``write_tracked`` copies a .docx and makes each ``Change`` as a reviewer would in Word's
Review tab: the old words in ``w:del`` (their text becomes ``w:delText``), the new ones in
``w:ins`` right after, both by author "letterlint" and dated now, so the writer accepts or
rejects each one. The runs holding the old words are split at the edges of the change
(``letterlint.reports.annotate``'s run splitting), and the new words take the formatting (``w:rPr``)
of the first old one, so bold, italics, fonts and sizes around and inside the change are kept.
A new paragraph (a missing sentence, ``Fix.paragraph``) is a ``w:p`` whose runs are in
``w:ins`` and whose paragraph mark is marked inserted, with the formatting of the paragraph
before it.

Where: every block the reader maps to a paragraph element: body paragraphs and table cells
(``readers.docx.body_paragraph_map``), headers and footers, and whatever else the mapping
covers (text boxes and content controls inside a paragraph are reached through it). Word
does not allow comments in headers and footers, so a change there is explained by a comment
on the first paragraph of the body that says where the change is.

A change is left out (and reported) rather than risk damage when its words cross a field
(a DATE or page field), a tab, a line break, a picture or a footnote mark, or cannot be lined
up with the file. ``accept_all`` accepts every change at the XML level (drop ``w:del``, unwrap
``w:ins``), as Word's "Accept All" does; the tests use it.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from letterlint.errors import LetterlintError
from letterlint.fix import Change, hunks, paragraph_text
from letterlint.model import Block, Document
from letterlint.reports.annotate import _excluded, _runs_for

AUTHOR = "letterlint"
INITIALS = "LL"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Word takes comments in the main story only; a change elsewhere (a header, a footer, a
# footnote) is explained by a comment on the first paragraph of the body.
COMMENTABLE = ("paragraph", "table-cell", "text-box", "heading", "list-item")
_TEXT_ONLY = {f"{W}rPr", f"{W}t", f"{W}lastRenderedPageBreak"}


def fixed_path(path: Path) -> Path:
    """``draft.docx`` -> ``draft.letterlint-fixed.docx`` (same for .txt and .md)."""
    return path.with_name(f"{path.stem}.letterlint-fixed{path.suffix}")


class _Writer:
    def __init__(self, document: Any, when: dt.datetime, comments: bool, count: int) -> None:
        self.document = document
        self.date = when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.comments = comments
        # revision ids above every id in the file and every comment id this run will add
        self.next_id = _max_id(document) + 2 * count + 2
        self.loose_notes: list[str] = []  # explanations of changes in headers and footers

    def _id(self) -> str:
        self.next_id += 1
        return str(self.next_id - 1)

    def _mark(self, tag: str, p: Any) -> Any:
        el = p.makeelement(f"{W}{tag}", {f"{W}id": self._id(), f"{W}author": AUTHOR, f"{W}date": self.date})
        return el

    # ------------------------------------------------------------------ inline replacement
    def possible(self, p: Any, start: int, end: int) -> bool:
        """Can [start, end) of ``p`` be changed safely (plain text runs, no field)? Splits
        runs at the edges, which changes nothing a reader sees."""
        if end > start:
            edges = _runs_for(p, start, end)
            if edges is None:
                return False
            runs = _between(p, *edges)
            return bool(runs) and all(_plain(r) and not _in_field(p, r) for r in runs)
        length = _text_length(p)
        if start < length:
            edges = _runs_for(p, start, start + 1)
        elif start > 0:
            edges = _runs_for(p, start - 1, start)
        else:
            return False
        return edges is not None and not _in_field(p, edges[0] if start < length else edges[1])

    def replace(self, p: Any, start: int, end: int, new: str) -> tuple[Any, Any] | None:
        """Track-change paragraph element ``p``'s characters [start, end) into ``new``; return
        the first and last elements made (for the comment), or None if it is not safe here."""
        anchor_before: Any = None  # insert the w:ins after this element ...
        anchor_first: Any = None  # ... or before this one
        fmt: Any = None
        first_made = last_made = None
        if end > start:
            edges = _runs_for(p, start, end)
            if edges is None:
                return None
            runs = _between(p, *edges)
            if not runs or any(not _plain(r) for r in runs) or any(_in_field(p, r) for r in runs):
                return None
            fmt = runs[0]
            groups: list[list[Any]] = []
            for r in runs:
                if groups and groups[-1][-1].getnext() is r:
                    groups[-1].append(r)
                else:
                    groups.append([r])
            for g in groups:
                d = self._mark("del", p)
                g[0].addprevious(d)
                for r in g:
                    for t in r.findall(f"{W}t"):
                        t.tag = f"{W}delText"
                        t.set(XML_SPACE, "preserve")
                    d.append(r)
                first_made = first_made if first_made is not None else d
                last_made = d
            anchor_before = last_made
        else:
            length = _text_length(p)
            if start < length:
                edges = _runs_for(p, start, start + 1)
                if edges is None:
                    return None
                anchor_first, fmt = edges[0], edges[0]
            elif start > 0:
                edges = _runs_for(p, start - 1, start)
                if edges is None:
                    return None
                anchor_before, fmt = edges[1], edges[1]
            else:
                return None
            if _in_field(p, fmt):
                return None
        if new:
            ins = self._mark("ins", p)
            ins.append(_new_run(p, fmt, new))
            if anchor_before is not None:
                anchor_before.addnext(ins)
            else:
                anchor_first.addprevious(ins)
            first_made = first_made if first_made is not None else ins
            last_made = ins
        if first_made is None:
            return None
        return first_made, last_made

    # ------------------------------------------------------------------ new paragraph
    def new_paragraph(self, before: Any, text: str) -> tuple[Any, Any]:
        """A new tracked paragraph holding ``text``, put before paragraph element ``before``,
        formatted like the paragraph before it (or ``before`` itself)."""
        model = before.getprevious()
        while model is not None and (model.tag != f"{W}p" or not _text_length(model)):
            model = model.getprevious()
        if model is None:
            model = before
        p = before.makeelement(f"{W}p", {})
        ppr = model.find(f"{W}pPr")
        ppr = copy.deepcopy(ppr) if ppr is not None else p.makeelement(f"{W}pPr", {})
        for tag in ("rPr", "sectPr", "pPrChange", "numPr"):
            for el in ppr.findall(f"{W}{tag}"):
                ppr.remove(el)
        mark_rpr = ppr.makeelement(f"{W}rPr", {})
        mark_rpr.append(self._mark("ins", p))
        ppr.append(mark_rpr)
        p.append(ppr)
        fmt = next((r for r in model.iter(f"{W}r") if r.find(f"{W}t") is not None and not _excluded(r, model)),
                   None)
        ins = self._mark("ins", p)
        ins.append(_new_run(p, fmt, text))
        p.append(ins)
        before.addprevious(p)
        return ins, ins

    # ------------------------------------------------------------------ comments
    def comment(self, first: Any, last: Any, text: str) -> None:
        if not self.comments:
            return
        c = self.document.comments.add_comment(text=text, author=AUTHOR, initials=INITIALS)
        cid = str(c.comment_id)
        start = first.makeelement(f"{W}commentRangeStart", {f"{W}id": cid})
        end = first.makeelement(f"{W}commentRangeEnd", {f"{W}id": cid})
        first.addprevious(start)
        last.addnext(end)
        ref = first.makeelement(f"{W}r", {})
        rpr = ref.makeelement(f"{W}rPr", {})
        rpr.append(rpr.makeelement(f"{W}rStyle", {f"{W}val": "CommentReference"}))
        ref.append(rpr)
        ref.append(ref.makeelement(f"{W}commentReference", {f"{W}id": cid}))
        end.addnext(ref)


def _max_id(document: Any) -> int:
    """Largest w:id in the document's XML parts (revision, comment and bookmark ids), so the
    new changes' ids are unique."""
    best = 0
    for part in document.part.package.iter_parts():
        if not str(part.partname).endswith(".xml"):
            continue
        try:
            root = part.element if hasattr(part, "element") else None
        except Exception:  # a part python-docx cannot parse
            root = None
        if root is None:
            continue
        for el in root.iter():
            v = el.get(f"{W}id") if isinstance(el.tag, str) else None
            if v is not None and v.lstrip("-").isdigit():
                best = max(best, int(v))
    return best


def _between(p: Any, first: Any, last: Any) -> list[Any]:
    out: list[Any] = []
    inside = False
    for r in p.iter(f"{W}r"):
        if r is first:
            inside = True
        if inside and not _excluded(r, p):
            out.append(r)
        if r is last:
            break
    return out


def _plain(r: Any) -> bool:
    """A run holding only text (no tab, break, field code, picture, footnote mark)."""
    return all(child.tag in _TEXT_ONLY for child in r if isinstance(child.tag, str))


def _in_field(p: Any, target: Any) -> bool:
    """Is run ``target`` part of a complex field (code or result) or a simple field?"""
    parent = target.getparent()
    while parent is not None and parent is not p:
        if parent.tag == f"{W}fldSimple":
            return True
        parent = parent.getparent()
    depth = 0
    for r in p.iter(f"{W}r"):
        for ch in r.iter(f"{W}fldChar"):
            kind = ch.get(f"{W}fldCharType")
            depth += 1 if kind == "begin" else -1 if kind == "end" else 0
        if r is target:
            return depth > 0
    return False


def _text_length(p: Any) -> int:
    from letterlint.reading.docx import paragraph_text

    return len(paragraph_text(p)[0])


def _new_run(p: Any, fmt: Any, text: str) -> Any:
    r = p.makeelement(f"{W}r", {})
    rpr = fmt.find(f"{W}rPr") if fmt is not None else None
    if rpr is not None:
        rpr = copy.deepcopy(rpr)
        for el in rpr.findall(f"{W}rPrChange"):
            rpr.remove(el)
        r.append(rpr)
    t = r.makeelement(f"{W}t", {})
    t.text = text
    t.set(XML_SPACE, "preserve")
    r.append(t)
    return r


def _block_elements(doc: Document, document: Any) -> dict[int, Any]:
    """Block index -> its w:p element: the reader's own mapping for every kind it covers, and
    headers and footers in the reader's order where the mapping leaves them out."""
    from letterlint.reading import docx as reader

    try:
        pairs = reader.body_paragraph_map(doc, document)
    except ValueError:
        raise LetterlintError(f"{doc.path}: could not line the document up with its paragraphs") from None
    out: dict[int, Any] = {b.index: getattr(p, "_p", getattr(p, "_element", p)) for b, p in pairs}
    for kind in ("header", "footer"):
        blocks = [b for b in doc.blocks if b.kind == kind]
        if not blocks or any(b.index in out for b in blocks):
            continue
        paras = list(reader._header_footer_paragraphs(document, kind))
        if len(paras) == len(blocks):
            out.update({b.index: p._p for b, p in zip(blocks, paras, strict=True)})
    return out


def _show_changes(document: Any) -> None:
    """Make sure the file says tracked changes are shown (Word and LibreOffice then display
    them as the reviewer's markup)."""
    settings = document.settings.element
    for rv in settings.findall(f"{W}revisionView"):
        for attr in ("markup", "insDel", "formatting"):
            rv.attrib.pop(f"{W}{attr}", None)


def comment_text(change: Change, where: str = "") -> str:
    """The comment beside a change: each rule that asked for it, why, and what to do."""
    lines = []
    for f in change.findings:
        why = f.why.split(". ")[0].rstrip(".") + "." if f.why else ""
        lines.append(f"{f.code} {f.name} ({f.item}): {f.message} {why}".strip())
    fx = change.fix
    if fx.level == "suggested":
        lines.append("A suggested change: check it before you accept it."
                     + (" Complete or delete the words in brackets." if "[" in fx.text else ""))
    head = f"letterlint changed this{where}."
    return " ".join([head, *lines])


def write_tracked(path: Path, doc: Document, changes: Sequence[Change], out: Path, *,
                  comments: bool = True, overwrite: bool = False, when: dt.datetime | None = None,
                  protect: tuple[Path, ...] = ()) -> tuple[list[Change], list[Change]]:
    """Write ``out``: a copy of ``path`` with ``changes`` as tracked changes (and a comment on
    each unless ``comments`` is False). ``doc`` is what the reader made of ``path``; change
    offsets are offsets into ``doc.text``. Returns (made, left out). Never writes over the
    input (or ``protect``); an existing ``out`` only with ``overwrite``. Raises
    ``LetterlintError``. ``path`` may be ``out`` itself (a second round of changes)."""
    from letterlint.atomic import write_atomic
    from letterlint.reading.docx import open_for_editing

    if out.exists() and not overwrite:
        raise LetterlintError(f"{out}: already exists (use --force to replace it)")
    document = open_for_editing(path)
    elements = _block_elements(doc, document)
    writer = _Writer(document, when or dt.datetime.now(dt.UTC), comments, len(changes))
    made: list[Change] = []
    left: list[Change] = []
    body_anchor: Any = None
    # last change first, so splitting runs never moves the offsets of the ones still to make
    for ch in sorted(changes, key=lambda c: (c.fix.span.start, not c.fix.paragraph), reverse=True):
        fx = ch.fix
        block: Block | None = doc.block_at(fx.span.start)
        p = elements.get(block.index) if block is not None else None
        if block is None or p is None or fx.span.end > block.span.end:
            left.append(ch)
            continue
        if fx.paragraph:
            if fx.span.start != block.span.start:
                left.append(ch)
                continue
            edges = writer.new_paragraph(p, paragraph_text(fx))
        else:
            base = fx.span.start - block.span.start
            parts = [(base + hs, base + he, t) for hs, he, t in hunks(doc.quote(fx.span), fx.text)]
            if not parts or not all(writer.possible(p, hs, he) for hs, he, _ in parts):
                left.append(ch)
                continue
            made_edges = [writer.replace(p, hs, he, t) for hs, he, t in reversed(parts)]
            got = [e for e in made_edges if e is not None]
            if not got:
                left.append(ch)
                continue
            edges = (got[-1][0], got[0][1])
        made.append(ch)
        if block.kind not in COMMENTABLE:
            where = "page header" if block.kind == "header" else "page footer" if block.kind == "footer" \
                else block.kind.replace("-", " ")
            writer.loose_notes.append(comment_text(ch, f" in the {where}: '{doc.quote(fx.span)}' "
                                                       f"to '{fx.text}'"))
        else:
            writer.comment(edges[0], edges[1], comment_text(ch))
            if body_anchor is None or block.index < body_anchor[0]:
                body_anchor = (block.index, p)
    if writer.loose_notes and comments:
        first_body = next((elements[b.index] for b in doc.blocks if b.kind in ("paragraph", "table-cell")
                           and b.text.strip() and b.index in elements), None)
        runs = [r for r in first_body.iter(f"{W}r") if not _excluded(r, first_body)] if first_body is not None \
            else []
        if runs:
            writer.comment(runs[0], runs[-1], "\n".join(writer.loose_notes))
    _show_changes(document)
    buf = io.BytesIO()
    document.save(buf)
    write_atomic(out, buf.getvalue(), overwrite=overwrite, protect=protect if path == out else (path, *protect))
    return made[::-1], left[::-1]


# ---------------------------------------------------------------------- accepting changes

def accept_all(data: bytes) -> bytes:
    """A .docx (bytes) with every tracked change accepted at the XML level, as Word's "Accept
    All Changes" does for insertions and deletions: ``w:del``/``w:moveFrom`` removed,
    ``w:ins``/``w:moveTo`` unwrapped, paragraph-mark marks dropped."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename.startswith("word/") and info.filename.endswith(".xml"):
                root = etree.fromstring(blob, parser)
                for el in list(root.iter(f"{W}del", f"{W}moveFrom", f"{W}ins", f"{W}moveTo")):
                    parent = el.getparent()
                    if parent is None:
                        continue
                    if parent.tag == f"{W}rPr" or el.tag in (f"{W}del", f"{W}moveFrom"):
                        parent.remove(el)  # keep el.tail: Word XML has no mixed text
                        continue
                    idx = parent.index(el)
                    for k, child in enumerate(list(el)):
                        parent.insert(idx + k, child)
                    parent.remove(el)
                blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, blob)
    return out.getvalue()
