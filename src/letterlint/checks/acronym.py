"""acronym: flag an acronym that is not spelled out where it is first used.

An acronym is a word of two or more capital letters, possibly with digits ("CPS", "IOPC",
"MG6"). Its first use is fine when it is spelled out there, in either order:
"Crown Prosecution Service (CPS)" or "CPS (Crown Prosecution Service)"; the words in brackets
or before the brackets must start with its letters, or be the expansion in the bank. It is
also fine when the full name from the bank appears just before it, or earlier written as a name
with capitals, or any earlier run of capitalised words has exactly its letters as initials ("the
Independent Assessor of Complaints ... The IAC"); the full words in lower case far earlier
("charged with actual bodily harm ... did not support ABH") leave the reader to link the two.

Never flagged: everyday short forms (bank entries with ``everyday: true``, the ``allow``
param and the setting ``acronyms.allow``), roman numerals, capitalised ordinary words ("NOT",
"OFFICIAL"), headings (a line of words in capitals, even one word: "COMPLAINT") and runs of
words in capitals, postcodes, PO boxes, email and web addresses, reference numbers
("NW-CMP-2026-00913", "MC/1/2026/6620", "CAD 4471/26") and reference lines; the name of a team
the reader is given a phone number or email for ("the HMCTS Fines and Enforcement Team on ...");
a short form inside a quotation of someone's words ("referred to you as \"the IP\""); with
``owned_ok``, one the reader owns ("your ISVA"); and with ``expert_readers``, anything in a
letter to a police officer (7.7). Acronyms that the ``defer_to`` bank covers (CPS internal
terms such as PTPH) are left to the jargon rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import regex

from letterlint.checks.base import CheckContext, Hit, ParamSpec
from letterlint.checks.jargon import expert_reader, quoted_mention
from letterlint.model import Fix, Span
from letterlint.rules.lazy_pattern import lazy
from letterlint.rules.patterns import compile_patterns, finditer
from letterlint.rules.spec import PhraseBank, Rule

PARAMS = {
    "bank": ParamSpec("bank", default="acronyms", doc="phrase bank of acronyms and their expansions"),
    "defer_to": ParamSpec(
        "str", default=None, doc="phrase bank whose matches another rule reports (e.g. jargon)"
    ),
    "allow": ParamSpec("list[str]", default=[], doc="more everyday acronyms never flagged"),
    "parts": ParamSpec(
        "list[str]", default=[], doc="letter parts to look at as well as the scope (e.g. subject)"
    ),
    "expert_readers": ParamSpec(
        "list[str]", default=[],
        doc="addressee titles (PC, DC, ...) of readers who know the legal process: nothing is flagged",
    ),
    "owned_ok": ParamSpec("bool", default=False, doc="a short form after 'your' (your ISVA) is fine"),
}

ACRONYM_RE = regex.compile(
    r"(?<![\w@/&.\\-])([A-Z][A-Z0-9&]*[A-Z0-9])(?:s|['’]s)?(?![\w@&\\-]|[./][A-Za-z0-9])"
)
ROMAN_RE = lazy(r"^M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
COMMON_CAPS = frozenset(str.split("""
A I AND THE OR BUT IF OF TO IN ON AT BY FOR WITH FROM NOT NO ALL ANY YOU YOUR WE OUR IS ARE WAS
WERE BE BEEN DO DID DOES DONE MUST ONLY NEVER PLEASE NOTE IMPORTANT URGENT PRIVATE CONFIDENTIAL
OFFICIAL SENSITIVE PERSONAL RESTRICTED RE FAO ATTN ATTENTION REF YES SORRY NOW AM PM WILL CAN
HE SHE IT THEY THIS THAT HAS HAVE HAD ME MY MR MRS MS DR
"""))
MASKS = (
    # (each may start only at the start of its run: from every character of ".a.a.a..." the
    # search was quadratic; the matches are the same, issue 15)
    regex.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # email
    regex.compile(r"(?:https?://|www\.)\S+|(?<![\w-])(?<![\w-]\.)[\w-]+(?:\.[\w-]+)*\."
                  r"(?:gov|co|org|ac|nhs|police)\.uk\S*", regex.IGNORECASE),
    regex.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"),  # UK postcode
    regex.compile(r"\bP\.?\s?O\.?\s+Box\b|\bDX\s+\d+", regex.IGNORECASE),  # postal boxes
    regex.compile(r"\b[A-Z0-9]+(?:[/-][A-Z0-9]+)*[/-]\d[\w/-]*|\b\d+[/-][A-Z0-9][\w/-]*"),  # references
    regex.compile(r"(?im)^[ \t]*(?:our|your|my)\s+ref(?:erence)?\b.*$"
                  r"|^[ \t]*(?:ref|reference|URN)\s*(?:no\.?)?\s*:.*$"),
    # a reference number the reader is asked to quote: "CAD 4471/26", "URN 42AB0193526"
    regex.compile(r"\b[A-Z]{2,6}\s?\d{3,}(?:[/-]\d+)*\b"),
    # the name of a team or office the reader is given contact details for, which they need as it
    # stands: "the HMCTS Fines and Enforcement Team on 01632 960590"
    regex.compile(r"\b[A-Z]{2,6}(?=(?:\s+(?:and|of|for|&)?\s*[A-Z][a-z]+){1,5}\s+(?:Team|Unit|Office|Centre|Service|"
                  r"Helpline|Line|Desk|Section|Department)\b[^.\n]{0,160}?(?:\b0\d{2,4}\s?\d{3,4}\s?\d{3,4}\b|@))"),
)
_INNER = lazy(r"^[\s\"'’”]*\(\s*[\"'‘“]?([^()]{3,160}?)[\"'’”]?\s*\)")
_BEFORE_PAREN = lazy(r"\(\s*(?:the\s+)?[\"'‘“]?$", regex.IGNORECASE)
_AFTER_PAREN = lazy(r"^[\"'’”]?\s*\)")
_WORD = lazy(r"[A-Za-z][A-Za-z'’]*")
_OWNED = lazy(r"\byour\s+(?:own\s+)?$", regex.IGNORECASE)


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
    """Compile ``params`` (already checked against PARAMS) once, at load: patterns and banks.
    Returns the kind's compiled form (``Rule.compiled``). Raises ValueError or PatternError,
    which the loader reports as ``file: params: ...``."""
    bank = banks.get(params["bank"])
    if bank is None:
        raise ValueError(f"unknown phrase bank {params['bank']!r}")
    expansions: dict[str, str] = {}
    everyday: set[str] = {a.upper() for a in params["allow"] or []}
    for e in bank.entries:
        if e.everyday:
            everyday.add(e.phrase.upper())
        if e.replacement:
            expansions[e.phrase.upper()] = e.replacement
    deferred = compile_patterns([{"bank": params["defer_to"]}], banks) if params["defer_to"] else ()
    return {"expansions": expansions, "everyday": frozenset(everyday), "deferred": deferred}


def _letters(acronym: str) -> list[str]:
    return [c for c in acronym.upper() if c.isalpha()]


def _initials(words: list[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        if w.isupper() and len(w) > 1:
            out.extend(c for c in w if c.isalpha())
        else:
            out.append(w[0].upper())
    return out


def _subsequence(needle: list[str], hay: list[str]) -> bool:
    it = iter(hay)
    return all(any(c == h for h in it) for c in needle)


def initials_match(acronym: str, words: list[str]) -> bool:
    """True when the initials of ``words`` (the words beside the brackets) start with the
    acronym's first letter and hold all its letters in order ("Crown Prosecution Service" for
    CPS)."""
    letters = _letters(acronym)
    if not letters or not words:
        return False
    inits = _initials(words)
    return inits[0] == letters[0] and _subsequence(letters, inits)


# A name in capitals: "Independent Assessor of Complaints", "Health and Safety Executive".
_NAME_RUN = lazy(r"\b[A-Z][a-z'’]+(?:\s+(?:(?:of|and|for|the|on|in)\s+)?[A-Z][a-z'’]+)+")
_SMALL = frozenset({"of", "and", "for", "the", "on", "in"})


def named_before(text: str, before: Span, acronym: str) -> bool:
    """Is the acronym's full name, in capitals, already in the letter before it ("the Independent
    Assessor of Complaints ... write to the IAC")? Every letter of the acronym must be an initial
    of the name's words, in order, and every word's initial a letter of it (small words such as
    "of" aside). The reader has met the name; the short form needs no brackets (issue 13: the
    independent labellers did not mark it)."""
    letters = _letters(acronym)
    if len(letters) < 2:
        return False
    for m in _NAME_RUN.finditer(text, before.start, before.end):
        words = [w for w in _WORD.findall(m.group(0)) if w not in _SMALL]
        inits = [w[0] for w in words]
        for i in range(len(inits) - len(letters) + 1):
            if inits[i : i + len(letters)] == letters:
                return True
    return False


def spelled_out(text: str, span: Span, acronym: str, expansion: str | None, area: Span) -> bool:
    """Is the acronym at ``span`` spelled out right there, in either order?"""
    after = text[span.end : min(area.end, span.end + 200)]
    m = _INNER.match(after)
    if m:
        inner = m.group(1)
        if expansion and expansion.lower() in inner.lower():
            return True
        if initials_match(acronym, _WORD.findall(inner)):
            return True
    before = text[max(area.start, span.start - 200) : span.start]
    if _BEFORE_PAREN.search(before) and _AFTER_PAREN.match(text[span.end : span.end + 5]):
        head = before[: _BEFORE_PAREN.search(before).start()].rstrip()  # type: ignore[union-attr]
        if expansion and head.lower().endswith(expansion.lower()):
            return True
        words = _WORD.findall(head)[-(len(acronym) + 4) :]
        for i in range(len(words)):
            if initials_match(acronym, words[i:]) and words[i][0].isupper():
                return True
    return False


def expanded_before(text: str, before: Span, expansion: str, near: int = 80) -> bool:
    """Has the reader been shown what the short form stands for before it, in ``before``?

    The full words count when they come just before it ("assault occasioning actual bodily harm,
    or ABH") or are written as a name, with capitals ("the Youth Offending Team ... the YOT").
    The words in lower case far earlier do not: "the charge of actual bodily harm ... did not
    support ABH" leaves the reader to link the two (independent labels, twelfth session)."""
    low = text[before.start : before.end].lower()
    want = expansion.lower()
    start = low.find(want)
    while start >= 0:
        if before.end - (before.start + start + len(want)) <= near:
            return True
        found = text[before.start + start : before.start + start + len(want)]
        if all(w[0].isupper() for w in regex.findall(r"[A-Za-z][\w'’-]*", found) if len(w) > 3):
            return True
        start = low.find(want, start + 1)
    return False


_DEFINED_AFTER = lazy(
    r"^[\"'’”]?\s*(?:is|are|means|stands\s+for)\s+(?:(?:a|an|the)\s+)?([^.;:()\n]{3,120})",
    regex.IGNORECASE,
)


def defined_after(text: str, span: Span, acronym: str, area: Span) -> bool:
    """Does a definition follow the short form: 'a "CO" is a compensation order'?"""
    m = _DEFINED_AFTER.match(text[span.end : min(area.end, span.end + 160)])
    return bool(m) and initials_match(acronym, _WORD.findall(m.group(1))[: len(acronym) + 3])


def _caps_run(text: str, span: Span) -> bool:
    """Part of a heading or a run of three or more words in capitals?"""
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.end)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    words = _WORD.findall(line)
    if len(words) >= 2 and all(w.isupper() or len(w) == 1 for w in words):
        return True
    if len(words) == 1 and len(words[0]) >= 5 and line.strip(" \t:.") == words[0]:
        return True  # a one-word heading: "COMPLAINT"
    window = _WORD.findall(text[max(0, span.start - 40) : span.end + 40])
    run = best = 0
    for w in window:
        run = run + 1 if w.isupper() and len(w) > 1 else 0
        best = max(best, run)
    return best >= 3


def areas(rule: Rule, ctx: CheckContext) -> list[Span]:
    """The rule's scope, then any extra letter parts (the subject line), so the body comes first."""
    return ctx.units_and_parts(rule.scope, rule.params.get("parts"))


def _masked(comp: Mapping[str, Any], text: str, unit: Span) -> list[Span]:
    """The stretches of ``unit`` where no acronym is looked for: what ``MASKS`` match (addresses,
    postcodes, references...) and the rule's ``deferred`` phrases."""
    masked = [Span(m.start(), m.end()) for rx in MASKS for m in rx.finditer(text, unit.start, unit.end)]
    if comp["deferred"]:
        masked += [m.span for m in finditer(comp["deferred"], text, unit)]
    return masked


def run(rule: Rule, ctx: CheckContext) -> list[Hit]:
    """Hits for one letter: the first use of each acronym that is not spelled out there or before,
    with the expansion to add. Source: Q24; HMCPSI 2023 7.3-7.4. Raises Skip when the check
    cannot run here; never modifies ``ctx``'s letter."""
    comp = rule.compiled
    text = ctx.text
    everyday = comp["everyday"] | {str(a).upper() for a in ctx.config.get("acronyms.allow", []) or []}
    expansions: Mapping[str, str] = comp["expansions"]
    hits: list[Hit] = []
    seen: set[str] = set()
    if expert_reader(ctx, rule.params.get("expert_readers") or []):
        return hits
    for unit in areas(rule, ctx):
        masked: list[Span] | None = None  # found when a word first needs them (most units have none)
        for m in ACRONYM_RE.finditer(text, unit.start, unit.end):
            acr = m.group(1)
            span = Span(m.start(1), m.end(1))
            if sum(c.isupper() for c in acr) < 2 or acr in everyday or acr in COMMON_CAPS:
                continue
            if ROMAN_RE.match(acr) or acr in seen:
                continue
            if masked is None:
                masked = _masked(comp, text, unit)
            if any(s.overlaps(span) for s in masked):
                continue
            if _caps_run(text, span) or quoted_mention(text, span):
                continue
            seen.add(acr)
            if rule.params.get("owned_ok") and _OWNED.search(text[max(0, span.start - 12) : span.start]):
                continue  # the reader's own adviser or statement: they know it, here and later
            expansion = expansions.get(acr)
            if spelled_out(text, span, acr, expansion, unit) or defined_after(text, span, acr, unit):
                continue
            if expansion and expanded_before(text, Span(unit.start, span.start), expansion):
                continue
            if named_before(text, Span(0, span.start), acr):  # anywhere earlier in the letter
                continue
            if expansion:
                advice = f"write '{expansion} ({acr})' the first time you use it."
                suggestion: str | None = f"{expansion} ({acr})"
            else:
                advice = ("write it out in full the first time, with the short form in brackets "
                          "after it, or use the full name instead.")
                suggestion = None
            fix, fixable = _expansion_fix(text, span, unit, suggestion)
            hits.append(Hit(span, suggestion=suggestion,
                            vars={"match": acr, "expansion": expansion or "", "advice": advice},
                            fix=fix, fixable=fixable))
    return hits


_ARTICLE_BEFORE = lazy(r"\b(an?|An?)\s+$")


def _expansion_fix(text: str, span: Span, unit: Span, suggestion: str | None) -> tuple[Fix | None, bool]:
    """The correction ``letterlint fix`` makes: the acronym spelled out in place, with "a" or
    "an" before it changed to suit the first word of the expansion. None (not fixable) when
    the acronym is possessive or plural ("the CPS's", "MPs") or the right article is unsure."""
    if suggestion is None:
        return None, False
    if regex.match(r"(?:s\b|['’]s?\b)", text[span.end : span.end + 3]):
        return None, False
    art = _ARTICLE_BEFORE.search(text[max(unit.start, span.start - 4) : span.start])
    if art is None:
        return None, True
    first = suggestion[:1].lower()
    if first in "uoeh":
        return None, False  # a university, a one-off, an hour: not certain from the spelling
    want = "an" if first in "ai" else "a"
    old = art.group(1)
    if old.lower() == want:
        return None, True
    new_article = want.capitalize() if old[:1].isupper() else want
    start = span.start - len(art.group(0))
    return Fix(Span(start, span.end), f"{new_article} {suggestion}"), True
