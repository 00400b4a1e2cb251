"""letter/zones.py: web and email addresses found run by run are those of one search."""

from __future__ import annotations

import random

import regex

from letterlint.letter import zones
from letterlint.model import Span


def _whole_text(text: str) -> list[Span]:
    """ADDRESS_RE over the whole text, as ``addresses`` did before it looked run by run."""
    return [zones._trailing(text, Span(m.start(), m.end())) for m in zones.ADDRESS_RE.finditer(text)]


def test_white_space_is_the_regex_modules() -> None:
    """The runs end exactly where ADDRESS_RE's classes (the regex module's \\s) end."""
    spaces = {chr(c) for c in range(0x110000) if regex.match(r"\s", chr(c))}
    ours = {chr(c) for c in range(0x110000) if zones.re.fullmatch(rf"[{zones._SPACE}]", chr(c))}
    assert ours == spaces


def test_addresses_are_those_of_one_search_through_the_text() -> None:
    """Random texts of address pieces, white space of every kind (and \\x1c, which Python's re
    takes for white space and the regex module does not) and punctuation: the same spans."""
    rnd = random.Random(3)
    pieces = ["a", "B", "1", ".", "@", ":", "/", "-", "'", "+", " ", "\n", "\t", "uk", "com", "www.", "http://",
              "https://", "_", "<", '"', "“", "é", "\u00a0", "\u2009", "\x1c", "\x1f", "\x85", "\u200b", "\u3000",
              "co", "gov", ".org", "’", ")"]
    texts = ["Write to us at complaints@cps.example.gov.uk. Or see www.cps.gov.uk/complaints (online).",
             "See https://example.org/a?b=c, or e-mail first.last@example.co.uk.", ""]
    texts += ["".join(rnd.choice(pieces) for _ in range(rnd.randrange(0, 40))) for _ in range(5000)]
    for text in texts:
        assert zones.addresses(text) == _whole_text(text), text
