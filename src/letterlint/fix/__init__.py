"""``letterlint fix``: corrections kept apart from checking (sqlfluff's model; issue 14).

Checks find; they never edit. A rule says in its YAML whether its findings can be corrected
(``fix: safe | suggested | none``, read into ``Rule.autofix``) and how; the engine then gives each finding a typed
``Fix`` (a span of ``Document.text`` and its replacement, or a new paragraph at a block's
start) through ``fix_for``. This package chooses the fixes to make (``select``: one per
place, never two that overlap) and applies them: to text (``apply_text``, for .txt and .md
and for ``--diff``) or to a Word file as tracked changes (``letterlint.fix.docx_changes``).

What is never fixed, whatever a rule says: anything that changes what the letter decides or
promises. A fix is refused when it would add or remove a sum of money, a negation ("not",
"no", "never", "n't") or an outcome word ("uphold", "upheld"); a new paragraph (a rule's
standard wording, such as the escalation paragraph) may hold a negation ("If you are not
satisfied") but never a sum or an outcome, except the outcome placeholder a person must
complete ("I have [upheld / partly upheld / not upheld] your complaint"); a safe fix may not contain a
placeholder ("[...]", or "{...}" left unfilled, such as an escalation date when the letter
date is unknown).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from letterlint.model import Document, Finding, Fix, Letter, Span

if TYPE_CHECKING:
    from letterlint.checks.base import CheckContext, Hit
    from letterlint.rules.spec import Rule

__all__ = ["Change", "apply_text", "fix_for", "hunks", "select"]

_DECISION_RE = re.compile(
    r"£\s?\d[\d,]*(?:\.\d+)?|\b(?:not|no|never|uphold|upheld|upholding)\b|n['’]t\b", re.IGNORECASE
)
_PLACEHOLDER_RE = re.compile(r"\[[^\]]*\]|\{[a-z_]+\}")
_UNFILLED_RE = re.compile(r"\{[a-z_]+\}")


_NEGATION_RE = re.compile(r"not|no|never|n't", re.IGNORECASE)


def _decisions(text: str, negations: bool = True) -> Counter[str]:
    words = (m.group(0).lower().replace(" ", "").replace("’", "'") for m in _DECISION_RE.finditer(text))
    return Counter(w for w in words if negations or not _NEGATION_RE.fullmatch(w))


def changes_decision(old: str, new: str, *, negations: bool = True) -> bool:
    """Would replacing ``old`` by ``new`` add or remove a sum of money, a negation or an
    outcome word? Such a change is never made automatically. ``negations=False`` leaves
    negations out of the comparison: a new paragraph of a rule's standard wording ("If you are
    not satisfied with this reply, ...") negates nothing already in the letter, but it may
    still never add a sum or an outcome."""
    return _decisions(old, negations) != _decisions(new, negations)


def _insert_point(rule: Rule, letter: Letter) -> int | None:
    """Start of the block a new paragraph goes before (``autofix.insert``), or None."""
    doc = letter.doc
    val = letter.parts.get("valediction")
    val_block = doc.block_at(val.span.start) if val is not None else None
    if rule.autofix.insert == "before-valediction" or val_block is None:
        return val_block.span.start if val_block is not None else None
    body = letter.body.span
    paras = [b for b in doc.blocks if b.text.strip() and body.contains(b.span)
             and b.kind in ("paragraph", "table-cell", "list-item")]
    if len(paras) >= 2 and paras[1].span.start < val_block.span.start:
        return paras[1].span.start
    return val_block.span.start


# ", that is by 3 December 2026" (or "until"), the date given after the standard wording
_THAT_IS_RE = re.compile(r",\s+that\s+is\s+(?P<when>(?:by|until)\s+[^,]+?),?\s*$")
SENTENCE_LIMITS = (25, 40)  # LL701 and LL702's defaults (clarity.sentence_*_words)


def _band(words: int, limits: tuple[int, int]) -> int:
    return sum(words > n for n in limits)


def _sentence_limits(ctx: CheckContext) -> tuple[int, int]:
    warn = ctx.config.get("clarity.sentence_warning_words", SENTENCE_LIMITS[0])
    error = ctx.config.get("clarity.sentence_error_words", SENTENCE_LIMITS[1])
    try:
        return int(warn), int(error)
    except (TypeError, ValueError):
        return SENTENCE_LIMITS


# (sentence units, their starts) of the last letter: one tuple, swapped whole (thread-safe)
_STARTS: list[Any] = [(None, [])]


def keep_sentence_short(fix: Fix, ctx: CheckContext) -> Fix | None:
    """``fix`` reworded so that the sentence it is in gets no longer than the readability
    rules allow (LL701: 25 words, LL702: 40; settings ``clarity.sentence_warning_words`` and
    ``clarity.sentence_error_words``), or None when no wording can.

    Any other fix that would take its sentence past a limit it did not pass before (an acronym
    spelt out, LL602) is None: the finding stays for a person, and a fix never adds a finding.
    Only a fix that gives a date after the standard wording (", that is by 3 December 2026",
    LL112) is reworded: when the sentence would pass a limit it did not pass before, the
    sentence ends after the standard words and the date follows in a sentence of its own
    ("... within one calendar month of the date of this letter. That is by 3 December 2026.").
    The fix's span then runs to the end of the sentence. Words are counted as LL701 counts
    them (``checks.readability``). Any other fix is returned unchanged."""
    from letterlint.checks.readability import _CONTACT, sentence_units
    from letterlint.letter.nlp.readability import words

    def count_words(t: str) -> int:
        return len(words(_CONTACT.sub("X", t)))

    if fix.paragraph:
        return fix
    m = _THAT_IS_RE.search(fix.text)
    text = ctx.text
    units = sentence_units(ctx)  # in text order: the one holding the fix by bisection, as every
    cached = _STARTS[0]  # fix of a letter comes here (issue 15)
    if cached[0] is not units:
        cached = _STARTS[0] = (units, [u.start for u in units])
    i = bisect.bisect_right(cached[1], fix.span.start) - 1
    unit = units[i] if i >= 0 and fix.span.end <= units[i].end else None
    if unit is None:
        return fix
    limits = _sentence_limits(ctx)
    head, tail = text[unit.start: fix.span.start], text[fix.span.end: unit.end]
    before = _band(count_words(text[unit.start: unit.end]), limits)
    if _band(count_words(head + fix.text + tail), limits) <= before:
        return fix
    if m is None:
        return None  # a longer wording (an acronym spelt out) would make the sentence too long: a person's job
    body = tail.rstrip()
    end = body[-1] if body and body[-1] in ".!?" else "."
    if body and body[-1] in ".!?":
        body = body[:-1]
    main = fix.text[: m.start()]
    first = head + main + body + end
    when = m.group("when")
    if _band(count_words(first), limits) <= before:
        new = f"{main}{body}{end} That is {when}."
        return Fix(Span(fix.span.start, fix.span.end + len(tail.rstrip())), new, fix.level)
    # Still too long: when the time limit ended the sentence, the sentence ends before it and
    # the time limit follows as a sentence of its own ("... write to the Deputy Chief Crown
    # Prosecutor. Please do so within one calendar month of the date of this letter, that is
    # by 17 October 2026.").
    lead = head.rstrip(" ,;:")
    if body.strip() or not main.startswith("within ") or not lead or not lead[-1].isalnum():
        return None  # a person must split it
    second = f"Please do so {main}, that is {when}{end}"
    if _band(count_words(lead + end), limits) > before or _band(count_words(second), limits) > before:
        return None
    start = unit.start + len(lead)
    return Fix(Span(start, fix.span.end + len(tail.rstrip())), f"{end} {second}", fix.level)


def fix_for(rule: Rule, hit: Hit, letter: Letter, values: Mapping[str, Any],
            suggestion: str | None, ctx: CheckContext | None = None) -> Fix | None:
    """The correction for one hit of ``rule``, or None when there is none that can be trusted.

    The hit's own ``fix`` if the check gave one; else a new paragraph (``autofix.insert``,
    text ``autofix.text`` or the suggestion), unless the letter has that paragraph already;
    else the hit's span replaced by its suggestion.
    The level is the rule's ``autofix.level``. With the check context ``ctx``, a fix that would
    make its sentence too long is reworded (``keep_sentence_short``)."""
    from letterlint.engine.check import render

    level = rule.autofix.level
    if level not in ("safe", "suggested") or not hit.fixable:
        return None
    doc = letter.doc
    from letterlint.fix.files import FORMATS

    if doc.format not in FORMATS:  # 'letterlint fix' cannot write this file: promise no fix
        return None
    if hit.fix is not None:
        fix = replace(hit.fix, text=render(hit.fix.text, values), level=level)  # type: ignore[arg-type]
    elif rule.autofix.insert:
        text = render(rule.autofix.text, values) if rule.autofix.text else suggestion
        at = _insert_point(rule, letter)
        if not text or at is None:
            return None
        if " ".join(text.split()) in " ".join(doc.text.split()):
            return None  # already there (an outcome sentence still to complete): a person's job now
        fix = Fix(Span(at, at), text, level, paragraph=True)  # type: ignore[arg-type]
    elif hit.span is not None and suggestion:
        fix = Fix(hit.span, suggestion, level)  # type: ignore[arg-type]
    else:
        return None
    if ctx is not None:
        short = keep_sentence_short(fix, ctx)
        if short is None:
            return None
        fix = short
    old = doc.quote(fix.span)
    if not fix.paragraph and (old == fix.text or "\n" in fix.text):
        return None
    if _UNFILLED_RE.search(fix.text):
        return None
    if level == "safe" and len(_PLACEHOLDER_RE.findall(fix.text)) > len(_PLACEHOLDER_RE.findall(old)):
        return None
    placeholder = level == "suggested" and fix.paragraph and "[" in fix.text
    if not placeholder and changes_decision(old, fix.text, negations=not fix.paragraph):
        return None
    block = doc.block_at(fix.span.start)
    if block is None or fix.span.end > block.span.end:
        return None  # a correction never crosses a paragraph
    if ctx is not None and not fix.paragraph and _brings_jargon(old, fix.text, ctx):
        return None  # the new words would draw a jargon or officialese finding of their own
    return fix


# (banks, their jargon patterns) last seen, compiled once: one tuple, swapped whole (thread-safe)
_JARGON: list[Any] = [(None, ())]


def _brings_jargon(old: str, new: str, ctx: CheckContext) -> bool:
    """True when ``new`` holds a phrase of the jargon bank (legal terms and officialese, LL601 and
    LL603) that ``old`` does not: a spelling correction to an officialese word would add a finding
    (a fix never does; a blind letter's suggested fix did)."""
    from letterlint.rules.patterns import compile_patterns, finditer

    banks = ctx.banks
    if "jargon" not in banks:
        return False
    cached = _JARGON[0]
    if cached[0] is not banks:
        cached = _JARGON[0] = (banks, compile_patterns([{"bank": "jargon"}], banks))
    pats = cached[1]

    def phrases(t: str) -> set[str]:
        return {m.text.lower() for m in finditer(pats, t)}

    return bool(phrases(new) - phrases(old))


@dataclass(frozen=True)
class Change:
    """One correction to make: the fix and the findings it settles (two rules may propose the
    same change: it is made once)."""

    fix: Fix
    findings: tuple[Finding, ...]


def _conflict(a: Fix, b: Fix) -> bool:
    if a.paragraph or b.paragraph:
        return a.paragraph and b.paragraph and a.span.start == b.span.start and a.text == b.text
    if a.span.overlaps(b.span):
        return True
    # two insertions at one place, or an insertion inside a replaced span
    return (len(a.span) == 0 and b.span.start <= a.span.start <= b.span.end and len(b.span) == 0) or (
        len(a.span) == 0 and b.span.start < a.span.start < b.span.end) or (
        len(b.span) == 0 and a.span.start < b.span.start < a.span.end)


def select(findings: Iterable[Finding], *, suggested: bool = False) -> tuple[list[Change], list[Finding]]:
    """The changes to make, in document order, and the fixable findings left out because
    another change covers the same words. Safe fixes win over suggested ones, then the
    earlier, then the longer. Identical fixes from two rules become one change."""
    wanted = [f for f in findings if f.autofix is not None and not f.suppressed
              and (f.autofix.level == "safe" or suggested)]
    wanted.sort(key=lambda f: (f.autofix.level != "safe", f.autofix.span.start,  # type: ignore[union-attr]
                               -len(f.autofix.span)))  # type: ignore[union-attr]
    chosen: list[Change] = []
    left: list[Finding] = []
    for f in wanted:
        fx = f.autofix
        assert fx is not None
        same = next((i for i, c in enumerate(chosen) if c.fix.span == fx.span and c.fix.text == fx.text
                     and c.fix.paragraph == fx.paragraph), None)
        if same is not None:
            chosen[same] = Change(chosen[same].fix, (*chosen[same].findings, f))
            continue
        if any(_conflict(c.fix, fx) for c in chosen):
            left.append(f)
            continue
        chosen.append(Change(fx, (f,)))
    chosen.sort(key=lambda c: (c.fix.span.start, c.fix.span.end, not c.fix.paragraph))
    return chosen, left


_TOKEN_RE = re.compile(r"\s+|\w+(?:['’]\w+)*['’]?|[^\w\s]")


def hunks(old: str, new: str) -> list[tuple[int, int, str]]:
    """The word-level differences between ``old`` and ``new``: (start, end, replacement)
    with offsets into ``old``, first to last. Words both share stay out of the change, so
    "within one month of the date of this letter" -> "within one calendar month of the date
    of this letter, that is by 3 December 2026" is two insertions. A run of shared spaces or
    punctuation alone never splits a change."""
    import difflib

    a, b = _TOKEN_RE.findall(old), _TOKEN_RE.findall(new)
    if "".join(a) != old or "".join(b) != new:
        return [(0, len(old), new)]
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    keep = [m for m in sm.get_matching_blocks()
            if m.size and any(t[0].isalnum() or t[0] == "_" for t in a[m.a: m.a + m.size])]
    a_pos = [0]
    for t in a:
        a_pos.append(a_pos[-1] + len(t))
    out: list[tuple[int, int, str]] = []
    i = j = 0
    for m in [*keep, difflib.Match(len(a), len(b), 0)]:
        if m.a < i or m.b < j:
            continue
        if (m.a, m.b) != (i, j):
            out.append((a_pos[i], a_pos[m.a], "".join(b[j: m.b])))
        i, j = m.a + m.size, m.b + m.size
    return [h for h in out if h[1] > h[0] or h[2]]


def paragraph_text(fix: Fix) -> str:
    """A new paragraph's text (the fix's text without surrounding space)."""
    return fix.text.strip()


def apply_text(text: str, changes: Sequence[Change], offset: int = 0) -> str:
    """``text`` with every change made. Offsets in the changes are ``Document.text`` offsets;
    ``offset`` is where ``Document.text`` starts inside ``text`` (front matter before it). A
    new paragraph is followed by a blank line."""
    out = text
    for c in sorted(changes, key=lambda c: (c.fix.span.start, not c.fix.paragraph), reverse=True):
        s, e = c.fix.span.start + offset, c.fix.span.end + offset
        new = paragraph_text(c.fix) + "\n\n" if c.fix.paragraph else c.fix.text
        out = out[:s] + new + out[e:]
    return out


def applicable(doc: Document, raw: str, offset: int, changes: Sequence[Change]) -> list[Change]:
    """Changes whose words are still where the reader found them in ``raw`` (the file's text);
    any other is dropped rather than risk editing the wrong words."""
    return [c for c in changes
            if raw[c.fix.span.start + offset: c.fix.span.end + offset] == doc.quote(c.fix.span)]
