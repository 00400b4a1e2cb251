"""Several letters in one file: find where each starts, and give each a Document of its own.

A coordinator's outbox sometimes holds a mail merge, or two replies saved into one file. Each
letter is checked on its own, with its own facts (date, addressee, letter type), or the facts
of one leak into the other and an error in one disappears.

A new letter starts at a page break (``Block.page_break``, set by the Word reader; a form feed
between blocks in a text file) when the text after the break opens as a letter does: a
"Dear ..." line among its first lines, before any long paragraph, or an address block (a
short first line and a UK postcode within the first lines) while the letter before the break
has been signed off ("Yours sincerely"). The text before the break must itself be a letter
(it has a salutation or a sign-off), so a cover page or an annex is never split off.

Each letter's Document keeps the file's text and offsets, with every other letter's words
blanked to spaces (line breaks kept), so spans, line and column numbers, paragraph numbers and
Word comments still point at the same words of the file; page headers and footers belong to
every letter.
"""

from __future__ import annotations

import re
from dataclasses import replace

from letterlint.model import Block, Document
from letterlint.rules.lazy_pattern import lazy_re

SALUTATION = lazy_re(r"^\s*Dear\s+\S", re.IGNORECASE)
SIGN_OFF = lazy_re(r"^\s*(?:Yours\s+(?:sincerely|faithfully|truly)|(?:With\s+)?(?:kind|best)\s+regards)\b",
                      re.IGNORECASE)
POSTCODE = lazy_re(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
SHARED = ("header", "footer")
_BLANK = lazy_re(r"[^\n]")
HEAD_LINES = 15  # a new letter's salutation comes within its first lines
LONG_LINE = 30  # words: a line this long is body text, not the top of a letter


def _lines(blocks: list[Block]) -> list[str]:
    return [ln.strip() for b in blocks for ln in b.text.split("\n") if ln.strip()]


def _opens_letter(blocks: list[Block], before_signed: bool) -> bool:
    lines = _lines(blocks)[:HEAD_LINES]
    for ln in lines:
        if SALUTATION.match(ln):
            return True
        if len(ln.split()) >= LONG_LINE:
            break
    if before_signed and lines and len(lines[0].split()) <= 6:
        return any(POSTCODE.search(ln) for ln in lines[:8])
    return False


def _is_letter(blocks: list[Block]) -> tuple[bool, bool]:
    """(looks like a letter, is signed off)."""
    lines = _lines(blocks)
    signed = any(SIGN_OFF.match(ln) for ln in lines)
    return signed or any(SALUTATION.match(ln) for ln in lines), signed


def _break_before(doc: Document, i: int) -> bool:
    b = doc.blocks[i]
    if b.page_break:
        return True
    prev_end = doc.blocks[i - 1].span.end if i > 0 else 0
    return "\f" in doc.text[prev_end: b.span.start] or b.text.lstrip(" \t\n").startswith("\f")


def letter_starts(doc: Document) -> list[int]:
    """Indexes of the blocks where a new letter starts (the first letter's start not included):
    the first non-empty block after a page break, where the rule above says a letter opens."""
    main = [i for i, b in enumerate(doc.blocks) if b.kind not in SHARED]
    starts: list[int] = []
    broken = False
    candidates: list[int] = []
    for i in main:
        if _break_before(doc, i):
            broken = True
        if broken and doc.blocks[i].text.strip(" \t\n\f"):
            candidates.append(i)
            broken = False
    if not candidates:
        return []
    cut = main[0]
    for k, c in enumerate(candidates):
        nxt = candidates[k + 1] if k + 1 < len(candidates) else None
        before = [doc.blocks[i] for i in main if cut <= i < c]
        after = [doc.blocks[i] for i in main if c <= i and (nxt is None or i < nxt)]
        is_letter, signed = _is_letter(before)
        if is_letter and _opens_letter(after, signed):
            starts.append(c)
            cut = c
    return starts


def split_letters(doc: Document) -> list[Document]:
    """One Document per letter in ``doc`` (``[doc]`` when it holds one). Every Document has the
    file's text length and offsets, blanks where the other letters are, and only its own blocks
    (with the shared headers and footers), renumbered by position from 0."""
    starts = letter_starts(doc)
    if not starts:
        return [doc]
    main = [i for i, b in enumerate(doc.blocks) if b.kind not in SHARED]
    bounds = [main[0], *starts, len(doc.blocks)]
    out = []
    for k in range(len(bounds) - 1):
        lo, hi = bounds[k], bounds[k + 1]
        mine = [b for i, b in enumerate(doc.blocks) if b.kind in SHARED or lo <= i < hi]
        parts, pos = [], 0
        for b in sorted(mine, key=lambda b: b.span.start):
            if b.span.start > pos:
                parts.append(_BLANK.sub(" ", doc.text[pos: b.span.start]))
            parts.append(doc.text[max(pos, b.span.start): b.span.end])
            pos = max(pos, b.span.end)
        parts.append(_BLANK.sub(" ", doc.text[pos:]))
        text = "".join(parts)
        blocks = tuple(replace(b, index=n) for n, b in enumerate(mine))
        comments = tuple(c for c in doc.comments
                         if (c.span is None and k == 0) or (c.span is not None and any(
                             b.span.start <= c.span.start <= b.span.end for b in mine)))
        out.append(replace(doc, text=text, blocks=blocks, comments=comments))
    return out


def first_words(doc: Document, letter: Document) -> str:
    """How a note names where a letter starts: 'paragraph 26 ("Ms Bernadette Quayle…")'."""
    b = next((b for b in letter.blocks if b.kind not in SHARED and b.text.strip()), None)
    if b is None:
        return "its start"
    return doc.location(b.span).describe()
