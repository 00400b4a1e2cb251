"""The terminal report without colour, laid out without importing rich (issue 15: rich's
console, table and text modules were about 0.05 s of every cold ``letterlint check`` whose
output is not coloured, and building its console more).

The lines are exactly those rich gives for the same report: words wrap as in rich's
``divide_line`` (a word is its leading and trailing spaces with it; a word longer than the
line is cut into pieces of the line's width), then trailing spaces go (``terminal.tidy``).
Only text whose every character takes one column and is not a control character is laid out
here; anything else raises ``NotPlain`` and the caller lets rich do it, so a wide or combining
character is measured by rich's own tables, as before."""

from __future__ import annotations

import itertools
import re

_WORD = re.compile(r"\s*\S+\s*")  # rich/_wrap.py's re_word
# characters outside ASCII that take one column (rich's cell_len gives 1): typography in letters
_NARROW = frozenset("‘’“”–—…·£€•§°½¼¾×é è à á â ä ç ê ë í ï ñ ó ô ö ú ü ß É È À Ç".replace(" ", ""))


class NotPlain(Exception):
    """Text this module does not lay out (a character that may not take exactly one column)."""


def check(text: str) -> str:
    """``text`` if every character is printable and one column wide, else raise ``NotPlain``."""
    if text.isascii():
        if not text.isprintable():
            raise NotPlain
        return text
    for c in text:
        if not ((" " <= c <= "~") or c in _NARROW):
            raise NotPlain
    return text


def verbatim(text: str) -> str:
    """``text`` as rich prints it with ``soft_wrap=True`` (unchanged), its lines ending in a
    newline; raises ``NotPlain`` for a tab or another control character but the newline."""
    if not all(line.isprintable() for line in text.split("\n")):
        raise NotPlain
    return text + "\n"


def wrap(text: str, width: int) -> list[str]:
    """``text`` (one line, see ``check``) cut into lines of at most ``width`` columns where rich
    cuts it (``rich._wrap.divide_line`` with ``fold=True``), trailing spaces kept."""
    check(text)
    breaks: list[int] = []
    offset = 0
    for m in _WORD.finditer(text):
        start, word = m.start(), m.group(0)
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            pieces = [word[i : i + width] for i in range(0, len(word), width)]
            for k, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if k == len(pieces) - 1:
                    offset = len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    cuts = [0, *breaks, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(cuts)] or [""]


def para(text: str, indent: int, width: int, *, join: bool = True) -> str:
    """``terminal._para``'s text at ``width``, each line indented; ``join``: spaces run together
    first (as ``_para`` does for a str; not for a rich Text)."""
    lines = wrap(" ".join(text.split()) if join else text, width - indent)
    return "".join(" " * indent + line + "\n" for line in lines)


def finding_rows(sev: str, head: str, lines: list[str], width: int) -> str:
    """``terminal._finding``'s grid, indented by 4: the severity in 7 columns, a space, then
    the heading and each line wrapped in the rest of the width."""
    col = width - 4 - 7 - 1
    out = []
    for first, text in [(sev, head)] + [("", line) for line in lines]:
        check(first)
        for k, piece in enumerate(wrap(text, col)):
            left = first if k == 0 else ""
            out.append("    " + left.ljust(7) + " " + piece + "\n")
    return "".join(out)
