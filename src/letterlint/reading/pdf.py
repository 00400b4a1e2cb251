""".pdf letters with a text layer, read with pdfminer.six (imported lazily).

pdfminer's layout analysis groups the characters of each page into text boxes (a paragraph, an
address line, a letterhead line). Boxes are read top to bottom, left to right within a row.
Inside a box, a line that runs to the box's right edge in a box as wide as the body text is a
wrapped line: it is joined to the next with a space, so a sentence is read whole; other line
breaks are kept (an address written as one box keeps its lines). Text in the top quarter or
bottom sixth of the page that repeats on two or more pages (a letterhead, a footer) is read
once, as a header or footer block; page numbers ("Page 2 of 3", "2") are dropped. A
paragraph that a page break splits (the page ends without a full stop and the next page's text
starts in lower case) is read as one.

Errors, each one line: a password (``the PDF is password-protected``), more pages than
``input.max_pages``, a damaged or truncated file, and a PDF with no text layer (a scan).
"""

from __future__ import annotations

import io
import re
from typing import Any

from letterlint.errors import InputError
from letterlint.model import BlockKind, Document
from letterlint.reading.common import build

DEFAULT_MAX_PAGES = 30
NO_TEXT = "no text layer: a scanned image; letterlint cannot read it"
PAGE_NUMBER_RE = re.compile(r"(?i)^\s*(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$")
LIST_START_RE = re.compile(r"\s*(?:[-•◦▪–*]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s")


def _box_text(box: Any, body_width: float) -> str:
    lines = [ln for ln in box if hasattr(ln, "get_text")]
    texts = [ln.get_text().rstrip("\n").rstrip() for ln in lines]
    wide = box.width >= 0.6 * body_width
    out = ""
    for i, (ln, text) in enumerate(zip(lines, texts, strict=True)):
        out += text
        if i + 1 < len(lines):
            full = wide and ln.x1 >= box.x1 - 0.12 * box.width
            nxt = texts[i + 1]
            out += " " if full and nxt.strip() and not LIST_START_RE.match(nxt) else "\n"
    return out.strip()


def read_pdf(name: str, data: bytes, *, max_pages: int = DEFAULT_MAX_PAGES) -> Document:
    """Read a PDF's text layer into a Document (module doc). Raises InputError."""
    from pdfminer.layout import LAParams, LTTextBox
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect, PDFTextExtractionNotAllowed
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise InputError(name, "not a PDF file (it does not start with %PDF)")
    try:
        parser = PDFParser(io.BytesIO(data))
        document = PDFDocument(parser)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError(name, "the PDF is password-protected; remove the password and check it again") from None
    except Exception as exc:
        raise InputError(name, f"not a readable PDF (corrupt or truncated? {type(exc).__name__})") from None
    if not document.is_extractable:
        raise InputError(name, "the PDF does not allow its text to be copied; save it without that restriction")
    pages: list[Any] = []
    try:
        for page in PDFPage.create_pages(document):
            pages.append(page)
            if len(pages) > max_pages:
                raise InputError(name, f"the PDF has more than {max_pages} pages, over the limit "
                                       "(input.max_pages): a letter is shorter")
    except InputError:
        raise
    except PDFTextExtractionNotAllowed:
        raise InputError(name, "the PDF does not allow its text to be copied") from None
    except Exception as exc:
        raise InputError(name, f"not a readable PDF (corrupt or truncated? {type(exc).__name__})") from None
    if not pages:
        raise InputError(name, "not a readable PDF (it has no pages: corrupt or truncated?)")
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    laid_out: list[tuple[float, list[Any]]] = []
    for page in pages:
        interpreter.process_page(page)
        layout = device.get_result()
        boxes = [el for el in layout if isinstance(el, LTTextBox) and el.get_text().strip()]
        laid_out.append((layout.height, boxes))
    if not any(boxes for _, boxes in laid_out):
        raise InputError(name, NO_TEXT)
    return _document(name, laid_out)


def _key(text: str) -> str:
    return " ".join(text.split())


def _runs_on(before: str, after: str) -> bool:
    """True when ``after`` (the first body text of a page) continues ``before`` (the last of
    the page before): no full stop or colon ends it, and ``after`` starts in lower case."""
    end = before.rstrip()[-1:]
    return bool(end) and end not in ".!?:;\"”)" and after[:1].islower()


def _rows(boxes: list[Any]) -> list[list[Any]]:
    """Boxes in rows (tops within 3 points), top to bottom, each row left to right."""
    rows: list[list[Any]] = []
    for b in sorted(boxes, key=lambda b: -b.y1):
        if rows and abs(rows[-1][0].y1 - b.y1) <= 3:
            rows[-1].append(b)
        else:
            rows.append([b])
    return [sorted(r, key=lambda b: b.x0) for r in rows]


def _reading_order(boxes: list[Any]) -> list[Any]:
    """Top to bottom; where boxes stand side by side (an address beside the references, as a
    two-cell table lays them out), each column is read whole, left column first. A single box
    right below such a band, in one of its columns and as close as the band's rows, belongs
    to it (the last line of a longer address)."""
    rows = _rows(boxes)
    out: list[Any] = []
    i = 0
    while i < len(rows):
        if len(rows[i]) < 2:
            out.extend(rows[i])
            i += 1
            continue
        band = [rows[i]]
        j = i + 1
        while j < len(rows):
            columns = {round(b.x0) for r in band for b in r}
            pitch = max(3.0, max(band[k][0].y1 - band[k + 1][0].y1 for k in range(len(band) - 1))
                        if len(band) > 1 else rows[i][0].height * 2.5)
            gap = band[-1][0].y1 - rows[j][0].y1
            aligned = all(any(abs(round(b.x0) - c) <= 4 for c in columns) for b in rows[j])
            if aligned and gap <= pitch * 1.3 and (len(rows[j]) > 1 or len(band) > 1):
                band.append(rows[j])
                j += 1
            else:
                break
        members = [b for r in band for b in r]
        out.extend(sorted(members, key=lambda b: (round(b.x0 / 4), -b.y1)))
        i = j
    return out


def _document(name: str, laid_out: list[tuple[float, list[Any]]]) -> Document:
    seen_on: dict[str, int] = {}
    for height, boxes in laid_out:
        # letterhead and footer zone only: a paragraph repeated in the body is still read
        for key in {_key(b.get_text()) for b in boxes if b.y0 > height * 0.75 or b.y1 < height * 0.15}:
            seen_on[key] = seen_on.get(key, 0) + 1
    repeated = {k for k, n in seen_on.items() if n >= 2}
    headers: list[tuple[BlockKind, str]] = []
    body: list[tuple[BlockKind, str]] = []
    footers: list[tuple[BlockKind, str]] = []
    done: set[str] = set()
    for height, boxes in laid_out:
        if not boxes:
            continue
        left = min(b.x0 for b in boxes)
        body_width = max(b.x1 for b in boxes) - left
        first_on_page = True
        for b in _reading_order(boxes):
            key = _key(b.get_text())
            top = (b.y0 + b.y1) / 2 > height / 2
            edge = b.y0 > height * 0.85 or b.y1 < height * 0.12
            if PAGE_NUMBER_RE.match(key) and edge:
                continue
            if key in repeated:
                if key in done:
                    continue
                done.add(key)
                (headers if top else footers).append(("header" if top else "footer", _box_text(b, body_width)))
                continue
            text = _box_text(b, body_width)
            if first_on_page and body and _runs_on(body[-1][1], text):
                body[-1] = ("paragraph", body[-1][1] + " " + text)  # a paragraph split by a page break
            else:
                body.append(("paragraph", text))
            first_on_page = False
    if not body:
        raise InputError(name, NO_TEXT)
    return build(name, "pdf", [*headers, *body, *footers])
