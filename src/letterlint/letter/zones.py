"""Stretches of a letter where the writer's own wording is not being judged.

- Web and email addresses ("www.example.org.uk/witness-care-program"): no rule reports words
  inside them; the address is copied, not written.
- Words in quotation marks: the complainant's own words, quoted back ("you said someone 'could
  of rung me'"), are not the writer's spelling or grammar errors (HMCPSI 2023 Q22, Q23 ask
  about the letter's own errors).

``drop_protected`` is called by the engine on every rule's hits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import regex

from letterlint.checks.base import CheckContext, Hit
from letterlint.model import Span
from letterlint.rules.spec import Rule

# Each alternative that starts with a repeated class may start only where a match from an earlier
# start could not already have covered it (the start of a run of those characters, or of a label
# after a doubled dot): tried from every character of ".a.a.a..." (100 KB) the search was
# quadratic, and took minutes (a tester's letter, issue 15). The matches are the same.
ADDRESS_RE = regex.compile(
    r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b(?:https?://|www\.)[^\s<>\"“”]+"
    # a Windows file path: "\\cpsshare\complaints\letter.docx", "S:\Complaints\2026"
    r"|(?<!\S)(?:\\\\|[A-Za-z]:\\)[^\s<>\"“”\\]+(?:\\[^\s<>\"“”\\]+)*"
    r"|(?<![\w-])(?<![\w-]\.)[\w-]+(?:\.[\w-]+)*\.(?:uk|com|org|net|gov|info|eu|io|co|wales|cymru|scot|ie)\b(?:/[^\s<>\"“”]*)?"
)
# A quotation: straight or curly double quotes, or curly single quotes that open after a space
# or bracket (so an apostrophe in "the CPS's" never opens one). Within one paragraph.
QUOTE_RE = regex.compile(
    r"\"[^\"\n]{1,400}\"|“[^”\n]{1,400}”|(?<![\w])‘[^’\n]{1,400}’(?![\w])"
    r"|(?<=^|[\s(\[])'[^'\n]{1,400}'(?=$|[\s).,;:!?\]])"
)
QUOTE_GROUPS = frozenset({"spelling", "grammar"})


def _trailing(text: str, span: Span) -> Span:
    """An address without the full stop or bracket that ends the sentence after it."""
    end = span.end
    while end > span.start and text[end - 1] in ".,;:)]'’":
        end -= 1
    return Span(span.start, end)


# A run of characters without white space that holds an "@", "." or ":" (from its first character
# to its last). Every match of ADDRESS_RE is made of such characters and holds one of the three.
# White space as the regex module's \s has it (Unicode's White_Space; Python's re also counts
# \x1c-\x1f): a run must end where ADDRESS_RE's character classes end.
_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_CANDIDATE_RUN = re.compile(rf"(?<![^{_SPACE}])[^{_SPACE}@.:]*+[@.:][^{_SPACE}]*")


def addresses(text: str) -> list[Span]:
    """Web and email addresses and bare domains in ``text``, as spans.

    ADDRESS_RE is run only over the runs of characters without white space that hold an "@", a
    "." or a ":": no match can cross white space or do without one of those, and at the edges of
    a run the text holds white space, which the expression treats as it treats the end of the
    text, so the matches are those of one search through the whole text (issue 15: that search
    tried its three alternatives at every character of the letter, about 0.7 ms a letter)."""
    out = []
    for run in _CANDIDATE_RUN.finditer(text):
        out += [_trailing(text, Span(m.start(), m.end())) for m in ADDRESS_RE.finditer(text, run.start(), run.end())]
    return out


def quotations(text: str) -> list[Span]:
    """Quoted words in ``text``, quotation marks included."""
    return [Span(m.start(), m.end()) for m in QUOTE_RE.finditer(text)]


def _inside(span: Span, zones: Sequence[Span]) -> bool:
    return any(z.start <= span.start and span.end <= z.end for z in zones)


def _within_marks(span: Span, quotes: Sequence[Span]) -> bool:
    """Inside the quotation marks, not on them (a finding about the marks themselves stays)."""
    return any(q.start < span.start and span.end < q.end for q in quotes)


def zones_of(ctx: CheckContext) -> tuple[list[Span], list[Span]]:
    """The letter's web and email addresses and its quotations (spans), found once per letter and
    kept in ``ctx.memo``."""
    if ctx.memo.zones is None:
        ctx.memo.zones = (addresses(ctx.text), quotations(ctx.text))
    return ctx.memo.zones


def drop_protected(rule: Rule, hits: list[Hit], ctx: CheckContext) -> list[Hit]:
    """``hits`` without those wholly inside a web or email address (any rule) or, for spelling
    and grammar rules, inside quotation marks."""
    if not any(h.span is not None for h in hits):
        return hits
    addr, quotes = zones_of(ctx)
    out = []
    for h in hits:
        quoted = rule.group in QUOTE_GROUPS and h.span is not None and _within_marks(h.span, quotes)
        if h.span is not None and (_inside(h.span, addr) or quoted):
            continue
        out.append(h)
    return out
