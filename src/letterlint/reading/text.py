""".txt and .md letters.

UTF-8 with or without a byte-order mark; CRLF and CR line endings become LF (line and column
numbers still match the file). Optional YAML front matter (``---`` ... ``---`` at the top) goes
to ``Document.front_matter`` and is cut from the text, with ``line_offset`` keeping line
numbers right. In Markdown, markup (heading and list markers, emphasis, link targets, HTML
comments) is replaced by spaces of the same length, so offsets stay equal to file offsets;
HTML comments starting ``letterlint:`` become ``Document.comments`` (inline suppressions);
other HTML comments are blanked and dropped; ``<br>`` is a line break and ``&nbsp;``, ``&amp;``
a space and "&" (each padded with spaces to the same length). Blocks are paragraphs separated by
blank lines; Markdown headings (one line), list items (the marker line and its continuation
lines) and the cells of a pipe table (``| address | Our ref ... Date ... |``) are blocks of
their own. Line and column numbers are the file's, whatever became a line break. ``Block.number`` counts blocks from 1.
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Any

from letterlint.errors import InputError
from letterlint.model import Block, Comment, DocFormat, Document, Span

FRONT_RE = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
HTML_COMMENT_RE = re.compile(r"<!--(.*?)-->", re.DOTALL)
HEADING_RE = re.compile(r"^(#{1,6})[ \t]+", re.MULTILINE)
LIST_RE = re.compile(r"^([ \t]*)([-*+]|\d{1,3}[.)])[ \t]+", re.MULTILINE)
QUOTE_RE = re.compile(r"^([ \t]*>[ \t]?)", re.MULTILINE)
LINK_RE = re.compile(r"(!?\[)([^\]\n]*)(\]\([^)\n]*\))")
EMPHASIS_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])([*_])(?=\S)([^*_\n]+?)(?<=\S)\3(?![\w*])")
CODE_RE = re.compile(r"(`+)([^`\n]+?)(\1)")
RULE_RE = re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.MULTILINE)
# HTML a Markdown letter may carry: a line break (read as one) and the entities Word-to-Markdown
# converters write
BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
ENTITY_RE = re.compile(r"&(nbsp|amp|ndash|mdash|pound);")
ENTITY_CHAR = {"nbsp": " ", "amp": "&", "ndash": "\u2013", "mdash": "\u2014", "pound": "\u00a3"}
# a pipe table's delimiter row: "|---|:--:|"
TABLE_RULE_RE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")


def _looks_utf16(sample: bytes) -> bool:
    """UTF-16 without a byte-order mark: most ASCII characters leave a NUL in every other byte."""
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    return max(even.count(0), odd.count(0)) >= 0.6 * half and min(even.count(0), odd.count(0)) <= 0.05 * half


def decode(name: str, data: bytes) -> str:
    """UTF-8 text (a byte-order mark is dropped) with line endings made "\\n"."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(name, "UTF-16 text; save it as UTF-8")
    if b"\x00" in data[:8192]:
        if _looks_utf16(data[:8192]):
            raise InputError(name, "UTF-16 text (without a byte-order mark); save it as UTF-8")
        raise InputError(name, "a binary file, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        raise InputError(
            name, f"not UTF-8 text (byte 0x{bad:02x} at offset {exc.start}); save it as UTF-8"
        ) from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > 8:
        raise InputError(name, "a binary file, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def strip_markdown(text: str) -> tuple[str, list[tuple[Span, str]], dict[int, str]]:
    """Markup -> spaces of equal length. Returns text, HTML comments, and the line starts of
    headings and list items with their block kind."""
    chars = list(text)
    comments: list[tuple[Span, str]] = []
    for m in HTML_COMMENT_RE.finditer(text):
        body = m.group(1).strip()
        if body.lower().startswith("letterlint:"):
            comments.append((Span(m.start(), m.end()), body))
        _blank(chars, m.start(), m.end())
    special: dict[int, str] = {}
    for m in HEADING_RE.finditer(text):
        _blank(chars, m.start(1), m.end())
        special[m.start()] = "heading"
    for m in LIST_RE.finditer(text):
        _blank(chars, m.start(2), m.end())
        special[m.start()] = "list-item"
    for m in QUOTE_RE.finditer(text):
        _blank(chars, m.start(1), m.end(1))
    for m in RULE_RE.finditer(text):
        _blank(chars, m.start(), m.end())
    _tables(text, chars, special)
    for m in BR_RE.finditer(text):
        _blank(chars, m.start(), m.end())
        chars[m.start()] = "\n"  # a line break: the file's own lines still number the findings
    for m in ENTITY_RE.finditer(text):
        _blank(chars, m.start(), m.end())
        chars[m.start()] = ENTITY_CHAR[m.group(1)]
    current = "".join(chars)
    for m in CODE_RE.finditer(current):
        _blank(chars, m.start(1), m.end(1))
        _blank(chars, m.start(3), m.end(3))
    current = "".join(chars)
    for m in LINK_RE.finditer(current):
        _blank(chars, m.start(1), m.end(1))
        _blank(chars, m.start(3), m.end(3))
    current = "".join(chars)
    for m in EMPHASIS_RE.finditer(current):
        if m.group(1):
            _blank(chars, m.start(1), m.end(1))
            _blank(chars, m.end(2), m.end())
        else:
            _blank(chars, m.start(3), m.end(3))
            _blank(chars, m.end(4), m.end())
    return "".join(chars), comments, special


def _tables(text: str, chars: list[str], special: dict[int, str]) -> None:
    """Pipe tables ("| Mrs A Khan<br>1 High Street | Our ref: AB/1<br>Date: 8 June 2026 |", the
    address-beside-reference layout of a letter written in Markdown): the delimiter row is
    blanked, the pipes become line breaks or spaces, and each cell with text starts a block of
    kind ``table-cell`` (marked in ``special``), as a Word table's cells are blocks."""
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    in_table = False
    for i, (start, line) in enumerate(lines):
        if TABLE_RULE_RE.match(line) and "|" in line and i > 0 and "|" in lines[i - 1][1]:
            _blank(chars, start, start + len(line))
            if not in_table:
                _table_row(*lines[i - 1], chars, special)
            in_table = True
            continue
        if in_table and "|" in line and line.strip():
            _table_row(start, line, chars, special)
        else:
            in_table = False


def _table_row(start: int, line: str, chars: list[str], special: dict[int, str]) -> None:
    pipes = [start + k for k, ch in enumerate(line) if ch == "|" and (k == 0 or line[k - 1] != "\\")]
    if not pipes:
        return
    end = start + len(line)
    lead = not text_between(chars, start, pipes[0])
    for n, p in enumerate(pipes):
        last = n == len(pipes) - 1
        after_end = end if last else pipes[n + 1]
        has_text = text_between(chars, p + 1, after_end)
        if n == 0 and lead:
            chars[p] = " "
            if has_text:
                special[start] = "table-cell"
        elif last and not has_text:
            chars[p] = " "  # the closing pipe
        else:
            chars[p] = "\n"
            if has_text:
                special[p + 1] = "table-cell"
    if not lead and text_between(chars, start, pipes[0]):
        special[start] = "table-cell"


def text_between(chars: list[str], start: int, end: int) -> bool:
    """Whether ``chars[start:end]`` holds anything but white space."""
    return any(not chars[k].isspace() for k in range(start, end))


def _line_starts(text: str) -> tuple[int, ...]:
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    return tuple(starts)


def split_blocks(text: str, special_lines: dict[int, str]) -> tuple[Block, ...]:
    """Paragraphs separated by blank lines; Markdown headings and list items on their own."""
    blocks: list[Block] = []
    pos = 0
    start: int | None = None
    end = 0

    def close(kind: str = "paragraph") -> None:
        nonlocal start
        if start is not None:
            seg = text[start:end]
            if seg.strip():
                lead = len(seg) - len(seg.lstrip())
                span = Span(start + lead, start + len(seg.rstrip()))
                blocks.append(Block(len(blocks), kind, span, len(blocks) + 1,  # type: ignore[arg-type]
                                    text[span.start : span.end]))
        start = None

    current = "paragraph"  # kind of the block being built: a list item runs on over its lines
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            close(current)
            current = "paragraph"
            continue
        kind_here = special_lines.get(line_start)
        if kind_here == "heading":
            close(current)
            start, end = line_start, line_start + len(line)
            close("heading")
            current = "paragraph"
            continue
        if kind_here in ("list-item", "table-cell"):
            close(current)
            current = kind_here
            start = line_start
        elif start is None:
            start = line_start
        end = line_start + len(line)
    close(current)
    return tuple(blocks)


def read_text(name: str, data: bytes, *, markdown: bool) -> Document:
    """Read a plain text (``markdown=False``) or Markdown letter from its bytes: decoded as UTF-8 (a
    byte-order mark is dropped; line endings made newlines), YAML front matter between ``---``
    lines taken off into ``front_matter`` (its lines still count in line numbers), Markdown
    markup stripped (its ``<!-- -->`` comments kept as comments, for suppressions), and the text
    cut into blocks at blank lines. ``name`` is the path shown in messages.

    Raises ``InputError`` (one line naming the file and the cause) for UTF-16, binary or
    non-UTF-8 data, front matter that is not valid YAML or not ``key: value`` lines, or a letter
    with no text."""
    text = decode(name, data)
    front: dict[str, Any] = {}
    line_offset = 0
    m = FRONT_RE.match(text)
    if m:
        from letterlint.errors import ConfigError
        from letterlint.rules import yamlsafe

        try:
            loaded = yamlsafe.loads(m.group(1), name)
        except ConfigError as exc:
            where = ""
            if exc.field.startswith("line "):  # line within the front matter; the file has '---' first
                where = f" at line {int(exc.field[5:]) + 1}"
            raise InputError(name, f"the front matter is not valid YAML{where} ({exc.problem})") from None
        if loaded is not None and not isinstance(loaded, dict):
            raise InputError(name, "the front matter must be 'key: value' lines")
        front = loaded or {}
        line_offset = text.count("\n", 0, m.end())
        text = text[m.end() :]
    if not text.strip():
        raise InputError(name, "the letter has no text")
    comments: list[Comment] = []
    special: dict[int, str] = {}
    fmt: DocFormat = "md" if markdown else "txt"
    line_starts = _line_starts(text)  # the file's lines, before markup becomes spaces or line breaks
    if markdown:
        text, raw_comments, special = strip_markdown(text)
        comments = [Comment(body, span) for span, body in raw_comments]
    blocks = split_blocks(text, special)
    return Document(
        path=name, format=fmt, text=text, blocks=blocks,
        front_matter=MappingProxyType(front), comments=tuple(comments),
        line_starts=line_starts, line_offset=line_offset,
    )
