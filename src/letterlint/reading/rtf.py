""".rtf letters, read with striprtf.

Each RTF paragraph (``\\par``) is a block; table cells and rows (``\\cell``, ``\\row``) end a
paragraph too (kind "paragraph": RTF does not mark a table cell once the text is stripped).
The first page header and footer (``{\\header ...}``, ``{\\footer ...}`` groups, which striprtf
skips) are read on their own, as header and footer blocks. Footnotes, comments and other
destinations are not read. A file that does not start with ``{\\rtf`` is refused.
"""

from __future__ import annotations

import re

from letterlint.errors import InputError
from letterlint.model import BlockKind, Document
from letterlint.reading.common import build

CELL_RE = re.compile(rb"\\(?:cell|row|nestcell|nestrow)(?![a-z])")
GROUP_RE = re.compile(rb"\{\\(header|footer)(?:r|l|f)?(?![a-z])")


def _groups(data: bytes) -> tuple[bytes, dict[str, bytes]]:
    """``data`` without its header and footer groups, and the first of each."""
    found: dict[str, bytes] = {}
    out = bytearray()
    pos = 0
    for m in GROUP_RE.finditer(data):
        if m.start() < pos:
            continue
        depth, i = 0, m.start()
        while i < len(data):
            c = data[i]
            if c == 0x5C:  # backslash: skip the escaped character
                i += 2
                continue
            if c == 0x7B:
                depth += 1
            elif c == 0x7D:
                depth -= 1
                if depth == 0:
                    break
            i += 1
        out += data[pos : m.start()]
        found.setdefault(m.group(1).decode(), data[m.end() : i])
        pos = i + 1
    out += data[pos:]
    return bytes(out), found


def _text(rtf: bytes) -> str:
    from striprtf.striprtf import rtf_to_text

    body = CELL_RE.sub(rb"\\par ", rtf).decode("latin-1")
    return str(rtf_to_text(body, encoding="cp1252", errors="replace"))  # type: ignore[no-untyped-call]


def _paragraphs(text: str, kind: BlockKind) -> list[tuple[BlockKind, str]]:
    return [(kind, line.rstrip()) for line in text.split("\n") if line.strip()]


def read_rtf(name: str, data: bytes) -> Document:
    """Read an .rtf into a Document (module doc). Raises InputError."""
    if not data.lstrip()[:5].startswith(b"{\\rtf"):
        raise InputError(name, "not an RTF file (it does not start with {\\rtf)")
    body, groups = _groups(data)
    try:
        text = _text(body)
        header = _text(b"{\\rtf1 " + groups["header"] + b"}") if "header" in groups else ""
        footer = _text(b"{\\rtf1 " + groups["footer"] + b"}") if "footer" in groups else ""
    except Exception as exc:
        raise InputError(name, f"not a readable RTF file (corrupt or truncated? {type(exc).__name__})") from None
    return build(name, "rtf", [*_paragraphs(header, "header"), *_paragraphs(text, "paragraph"),
                               *_paragraphs(footer, "footer")])
