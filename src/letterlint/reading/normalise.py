"""The text the checks read, and the way back to the text the reader gave.

Letters pasted from a web page, a PDF or an email carry characters a reader does not see and
a check must not trip on. ``normalise(doc)`` runs once on every ``Document`` from every reader
(``engine.check_document`` calls it right after the reader), and gives a ``Normalised``: the
``doc`` the checks read and a map from its offsets back to the reader's text, so that every
finding's span, quote and location point at the original words (Word comments and quotes land
on the exact characters the writer typed).

What changes, character by character (everything else is kept as it is):

- removed: soft hyphens (U+00AD), zero-width space, non-joiner and joiner (U+200B-U+200D), word
  joiner and invisible operators (U+2060-U+2064), left-to-right and right-to-left marks
  (U+200E, U+200F) and a byte-order mark anywhere in the text (U+FEFF);
- Unicode NFKC, per character with its combining marks: ligatures (ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ) become their
  letters, no-break and thin spaces become spaces, full-width letters and digits become
  ordinary ones, superscript ordinals (1ˢᵗ) become letters. NFKC keeps curly quotes and dashes
  as they are, so the house-style checks still see them; names are compared with apostrophes
  folded in ``letter.py``;
- soft line breaks: in a plain-text letter (.txt, .md, an email body) hard-wrapped at 55-80
  columns, the line break inside a paragraph becomes a space, so a sentence that runs over
  several lines is one sentence (``soft_breaks``). A line is joined to the next only when it
  is "full" (the next line's first word would not have fitted on it) and the next line does
  not start a list item; address blocks, signatures and lists are short lines and stay apart.

The map: ``Normalised.to_source(span)`` gives the span of the original text that produced the
normalised characters of ``span`` (a ligature's two letters map to its one character; text next
to a removed character does not take it in). ``finding(f)`` rewrites a finding's span, quote
and location. When nothing changes (most letters) the document is returned as it is and the map
is the identity.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass, replace

from letterlint.model import Block, Comment, Document, Finding, Span
from letterlint.rules.lazy_pattern import lazy_re

REMOVED = frozenset("\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff")
# kept as written although NFKC would change them: an ellipsis stays one character
KEEP = frozenset("\u2026")
# characters NFKC leaves alone: most text is ASCII or Latin-1 letters, so check cheaply first
_NEEDS_WORK = re.compile(r"[^\x00-\x9f\u00a1-\u00ac\u00ae-\u00b1\u00b4-\u00b7\u00bb\u00bf-\u02ff"
                         r"\u2010-\u2027\u20ac\u2190-\u21ff]")
# a list item, a heading or a quoted line starts here: never glued to the line before
_LIST_START = lazy_re(r"[ \t]*(?:[-*+•◦▪–]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]|\(?[ivxIVX]{1,4}[.)]|#|>)[ \t]")
WRAP_MIN, WRAP_MAX = 55, 80  # columns at which plain text is hard-wrapped
PLAIN_FORMATS = frozenset({"txt", "md", "eml", "msg"})  # formats whose line breaks may be wraps


@dataclass(frozen=True)
class Normalised:
    """``doc``: what the checks read. ``source``: the reader's document. ``starts[i]`` and
    ``ends[i]``: the original characters that gave normalised character ``i`` (empty arrays
    when nothing changed)."""

    doc: Document
    source: Document
    starts: array[int]
    ends: array[int]

    @property
    def identity(self) -> bool:
        """True when normalising changed nothing: ``doc`` is ``source`` and offsets map to
        themselves."""
        return self.doc is self.source

    def to_source(self, span: Span) -> Span:
        """The original span behind normalised ``span`` (offsets are ``str`` indices)."""
        if self.identity:
            return span
        n = len(self.starts)
        if span.start >= n:
            end = len(self.source.text)
            return Span(end, end)
        start = self.starts[span.start]
        if span.end <= span.start:
            return Span(start, start)
        return Span(start, max(start, self.ends[min(span.end, n) - 1]))

    def finding(self, f: Finding) -> Finding:
        """``f`` with its span, quote and location in the original text."""
        if self.identity or f.span is None:
            return f
        span = self.to_source(f.span)
        return replace(f, span=span, quote=self.source.quote(span), location=self.source.location(span))


def soft_breaks(text: str) -> set[int]:
    """Offsets of the line breaks in ``text`` that only wrap a paragraph (see module doc).

    The text counts as hard-wrapped when most of its lines of 40 or more characters are at
    most 80 long and at least three end within 12 columns of the wrap width (the longest such
    line, 55-80). A line is then joined to the next when it is at least 40 long, no longer than
    the width, the next line's first word would not have fitted on it, and the next line is
    not blank, indented or a list item."""
    lines = text.split("\n")
    lengths = [len(ln.rstrip()) for ln in lines]
    long_lines = [n for n in lengths if n >= 40]
    fitting = [n for n in long_lines if n <= WRAP_MAX]
    if len(fitting) < 3 or len(fitting) < 0.75 * len(long_lines):
        return set()
    width = max(fitting)
    if width < WRAP_MIN or sum(1 for n in fitting if n >= width - 12) < 3:
        return set()
    out: set[int] = set()
    pos = 0
    for i, line in enumerate(lines[:-1]):
        pos += len(line)
        nxt = lines[i + 1]
        here = line.rstrip()
        first = nxt.split(None, 1)[0] if nxt.strip() else ""
        if (first and 40 <= len(here) <= width and len(here) + 1 + len(first) > width
                and not nxt[:1].isspace() and not _LIST_START.match(nxt)):
            out.add(pos)
        pos += 1
    return out


def _nfkc(cluster: str) -> str:
    return unicodedata.normalize("NFKC", cluster)


def normalise(doc: Document) -> Normalised:
    """The checking text of ``doc`` with its map back (module doc). Never raises."""
    text = doc.text
    wraps = soft_breaks(text) if doc.format in PLAIN_FORMATS else set()
    if not wraps and not _NEEDS_WORK.search(text):
        return Normalised(doc, doc, array("l"), array("l"))
    out: list[str] = []
    starts, ends = array("l"), array("l")
    norm_at = array("l", [0]) * (len(text) + 1)  # original offset -> normalised offset
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        for k in range(i, j):
            norm_at[k] = len(out)
        if ch in REMOVED:
            i = j
            continue
        if ch == "\n" and i in wraps:
            piece = " "
        elif (ch.isascii() and j == i + 1) or ch in KEEP:
            piece = text[i:j]
        else:
            piece = "".join(c for c in _nfkc(text[i:j]) if c not in REMOVED)
        for c in piece:
            out.append(c)
            starts.append(i)
            ends.append(j)
        i = j
    norm_at[n] = len(out)
    new = "".join(out)
    if new == text:
        return Normalised(doc, doc, array("l"), array("l"))

    def to_norm(span: Span) -> Span:
        return Span(norm_at[span.start], norm_at[span.end])

    blocks = tuple(
        Block(b.index, b.kind, s, b.number, new[s.start : s.end])
        for b in doc.blocks for s in (to_norm(b.span),)
    )
    comments = tuple(Comment(c.text, None if c.span is None else to_norm(c.span)) for c in doc.comments)
    line_starts = (0, *(k + 1 for k, c in enumerate(new) if c == "\n")) if doc.line_starts else ()
    norm = replace(doc, text=new, blocks=blocks, comments=comments, line_starts=line_starts)
    return Normalised(norm, doc, starts, ends)
