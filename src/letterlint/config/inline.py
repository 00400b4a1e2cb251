"""Inline suppressions, each with a required reason.

- .txt: a line of its own: ``letterlint: ignore LL401 Surname spelt as the family spell it``
  (applies to the next paragraph) or ``letterlint: ignore-file LL703 reason`` (whole letter).
- .md: the same text in an HTML comment, ``<!-- letterlint: ignore LL401 reason -->``, on its own
  line (next paragraph) or inside a paragraph (that paragraph).
- .docx: a Word comment whose text starts ``letterlint: ignore LL401 reason``; it applies to
  the words the comment is anchored to (or, failing that, their paragraph).

Codes may be rule codes or names, comma-separated. A directive without a reason is ignored
and reported; so is one that suppressed nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from letterlint.model import Block, Comment, Document, Finding, Span, shorten
from letterlint.rules.lazy_pattern import lazy_re

DIRECTIVE_RE = lazy_re(
    r"^\s*(?:<!--\s*)?(?:#\s*)?letterlint:\s*(?P<verb>ignore-file|ignore)\s+"
    r"(?P<codes>[A-Za-z0-9-]+(?:\s*,\s*[A-Za-z0-9-]+)*)(?P<reason>.*?)\s*(?:-->)?\s*$",
    re.IGNORECASE,
)
TXT_LINE_RE = lazy_re(r"^[ \t]*(?:#[ \t]*)?letterlint:[^\n]*$", re.MULTILINE | re.IGNORECASE)


@dataclass(frozen=True)
class Directive:
    """One ``letterlint: ignore CODE[, CODE] reason`` (or ``ignore-file``) comment found in a
    letter: the rule ``codes`` it silences (upper case), the ``reason`` given, the ``area`` it
    covers (the next paragraph; ``None`` for the whole letter) and ``where`` it is, for messages
    ("line 12")."""

    codes: frozenset[str]
    reason: str
    area: Span | None  # None: whole letter
    where: str  # for messages: "line 12" / "comment 'letterlint: ...'"


def _blank(doc: Document, spans: list[Span]) -> Document:
    chars = list(doc.text)
    for s in spans:
        for i in range(s.start, s.end):
            if chars[i] != "\n":
                chars[i] = " "
    text = "".join(chars)
    blocks = tuple(replace(b, text=text[b.span.start : b.span.end]) for b in doc.blocks)
    return replace(doc, text=text, blocks=blocks)


def _next_block(doc: Document, offset: int) -> Block | None:
    """The block that goes on after ``offset`` (the rest of its own block, or the next one)."""
    for b in doc.blocks:
        if b.span.end > offset and doc.text[max(offset, b.span.start) : b.span.end].strip():
            return b
    return None


def _line_no(doc: Document, offset: int) -> int:
    return doc.text.count("\n", 0, offset) + 1 + doc.line_offset


def extract(doc: Document) -> tuple[Document, list[Directive], list[str]]:
    """Find directives; return the document with directive lines blanked, the directives and
    problems (directives that will be ignored)."""
    directives: list[Directive] = []
    problems: list[str] = []
    blank: list[Span] = []

    def parse(text: str, where: str) -> tuple[frozenset[str], str, bool] | None:
        m = DIRECTIVE_RE.match(text.strip())
        if not m:
            problems.append(f"{where}: not a valid suppression (write 'letterlint: ignore CODE reason')")
            return None
        reason = m.group("reason").strip(" :-—")
        codes = frozenset(c.strip().upper() for c in m.group("codes").split(","))
        if not reason:
            problems.append(f"{where}: suppression of {', '.join(sorted(codes))} has no reason, so it is ignored")
            return None
        return codes, reason, m.group("verb").lower() == "ignore-file"

    if doc.format == "txt":
        for m in TXT_LINE_RE.finditer(doc.text):
            where = f"line {_line_no(doc, m.start())}"
            blank.append(Span(m.start(), m.end()))
            parsed = parse(m.group(0), where)
            if parsed:
                codes, reason, whole = parsed
                nb = _next_block(doc, m.end())
                area = None if whole else (
                    Span(max(nb.span.start, m.end()), nb.span.end) if nb else Span(m.end(), m.end())
                )
                directives.append(Directive(codes, reason, area, where))
    for c in doc.comments:
        if not c.text.strip().lower().startswith(("letterlint:", "<!-- letterlint:")):
            continue
        where = (f"line {_line_no(doc, c.span.start)}" if c.span and doc.format != "docx"
                 else f"Word comment '{shorten(c.text.strip(), 40)}'")
        parsed = parse(c.text, where)
        if parsed:
            codes, reason, whole = parsed
            directives.append(Directive(codes, reason, None if whole else _comment_area(doc, c), where))
    return (_blank(doc, blank) if blank else doc), directives, problems


def _comment_area(doc: Document, c: Comment) -> Span | None:
    if c.span is None:
        return None
    if doc.format == "docx" and len(c.span) > 0:
        return c.span
    block = doc.block_at(c.span.start)
    if block is not None:
        rest = (doc.text[block.span.start : c.span.start] + doc.text[c.span.end : block.span.end]).strip()
        if rest:  # the comment sits inside a paragraph: that paragraph
            return block.span
    nb = _next_block(doc, c.span.end)
    return nb.span if nb else c.span


def apply(
    findings: list[Finding], directives: list[Directive], names: dict[str, str]
) -> tuple[list[Finding], list[str]]:
    """Mark suppressed findings; return them and the directives that suppressed nothing.
    ``names`` maps rule names (upper-cased) to codes."""
    used = [False] * len(directives)
    out: list[Finding] = []
    for f in findings:
        for i, d in enumerate(directives):
            codes = {names.get(c, c) for c in d.codes}
            if f.code not in codes:
                continue
            if d.area is None or (f.span is not None and f.span.overlaps(d.area)):
                used[i] = True
                f = replace(f, suppressed=True, suppression_reason=d.reason)
                break
        out.append(f)
    unused = [
        f"{d.where}: suppression of {', '.join(sorted(d.codes))} matched no finding"
        for d, u in zip(directives, used, strict=True)
        if not u
    ]
    return out, unused
