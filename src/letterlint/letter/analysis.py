"""Letter parts and facts: address, date, reference, salutation, subject, body, valediction,
signature and job title; the letter type and the complaint type.

Each fact records how it was found: ``detected`` (with the words that gave it away),
``front matter`` or ``command line``. Overrides win over detection.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from letterlint.letter import dates
from letterlint.model import (
    Block,
    ComplaintType,
    Document,
    Fact,
    Letter,
    LetterType,
    Part,
    Span,
    shorten,
)
from letterlint.rules.lazy_pattern import lazy_re

if TYPE_CHECKING:
    from letterlint.rules.patterns import Pattern

TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Sir", "Dame", "Lady", "Lord",
          "Rev", "Revd", "PC", "DC", "DS", "DI", "DCI", "Sgt", "Sergeant", "Inspector", "Constable")
TITLE_RE = re.compile(r"^(?P<title>" + "|".join(TITLES) + r")\.?\s+(?P<rest>.+)$")
SALUTATION_RE = re.compile(r"^\s*Dear\s+(?P<who>[^\n,]*?)\s*,?\s*$", re.MULTILINE)
VALEDICTION_RE = re.compile(
    r"^\s*(?P<v>Yours\s+(?:sincerely|faithfully|truly)|(?:With\s+)?(?:kind|best)\s+regards|"
    r"Best\s+wishes|Regards)\s*,?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
REFERENCE_RE = re.compile(
    # "Please quote our reference: TC/CU/2026/0098" on a letterhead is the reference too (issue 13)
    r"^\s*(?:(?:please\s+)?quote\s+(?:our|this|the)\s+|(?:Our|CPS)\s+)?(?:ref(?:erence)?\b\.?(?:\s+(?:no\b\.?|number\b))?)"
    r"\s*(?P<colon>[:\-]?)\s*(?P<ref>\S.*?)\s*$",
    re.IGNORECASE,
)
SUBJECT_REF_RE = lazy_re(
    r"\b(?:our\s+)?ref(?:erence)?\b\.?(?:\s+(?:no\b\.?|number\b))?\s*[:\-]?\s*"
    r"(?P<ref>(?=[\w/.-]*\d)[A-Z0-9][\w/.-]*[\w])",
    re.IGNORECASE,
)
YOUR_REF_RE = re.compile(r"^\s*Your\s+ref", re.IGNORECASE)
SUBJECT_PREFIX_RE = re.compile(r"^\s*(?:Re|Subject|RE)\s*[:\-]\s*", re.IGNORECASE)
CONTACT_RE = re.compile(
    r"(?:\b0\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b|\+44[\d\s]{9,13}|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
)
LETTERHEAD_RE = re.compile(
    r"\b(?:CPS|Crown Prosecution Service|Victim Liaison|Telephone|Tel|Email|E-mail|www\.|Phone|"
    r"Fax|DX)\b|@",
    re.IGNORECASE,
)
TEAM_RE = re.compile(
    r"^(?:CPS|Crown\s+Prosecution\s+Service)\b|\b(?:Unit|Team|Office|Hub)\s*$|^(?:Tel|Telephone|Phone|"
    r"Email|E-mail|Fax|DX)\b",
    re.IGNORECASE,
)
SIGNED_RE = re.compile(r"\[?signature\]?|\(signed\)|signed", re.IGNORECASE)

# --- the outcome the letter states (7.11): the one detector; LL101 and LL241 read its fact
# "I uphold / I have decided not to uphold / we have partly upheld ... your complaint"
# (a slip, "I uphold you complaint", still states the outcome: LL520 reports the slip); "I do
# uphold" and "we did uphold", the emphatic forms, say it as plainly
OUTCOME_STATEMENTS = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"\b(?:I|we)\s+(?:have\s+|had\s+|has\s+)?(?:therefore\s+|now\s+)?(?:decided\s+(?:to|not\s+to)\s+"
    r"(?:partly\s+|partially\s+|fully\s+)?|am\s+(?:not\s+)?(?:able\s+to\s+)?|are\s+(?:not\s+)?(?:able\s+to\s+)?|"
    r"(?:am|are)\s+unable\s+to\s+|do\s+not\s+|don['’]t\s+|did\s+not\s+|didn['’]t\s+|cannot\s+|can\s*not\s+|will\s+not\s+|"
    r"have\s+not\s+|partly\s+|partially\s+|fully\s+|do\s+|did\s+)?"
    r"(?:uphold|upheld|upholding)\b(?:\s+(?:in\s+part|partly|partially|in\s+full|fully))?\s+(?:your|"
    r"you(?:['’]re)?\s+complaint|this|these|those|the|Mr|Mrs|Ms|Miss|Dr|part|parts|some|all|both|each|one|two|three|"
    r"elements?|aspects?|points?|it)\b",
    # your complaint is (not / partly) upheld
    r"\b(?:your|this|the)\s+(?:stage\s+(?:one|two|1|2)\s+)?complaint\s+(?:is|was|has\s+been|have\s+been|"
    r"will\s+be)\s+(?:therefore\s+)?(?:not\s+|partly\s+|partially\s+|fully\s+|wholly\s+)?upheld",
    r"\b(?:not|partly|partially|fully|wholly)\s+upheld\b",
    r"\bupheld\s+(?:in\s+part|in\s+full)\b",
    r"\b(?:parts?|aspects?|elements?)\s+of\s+your\s+complaint\s+(?:is|are|was|were|has\s+been|have\s+been)\s+"
    r"(?:not\s+)?upheld",
))
# a court or prosecution decision upheld, not the complaint
OUTCOME_LOOKALIKES = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"\b(?:uphold|upheld|upholding)\s+(?:the|that|this|his|her|their|its)\s+(?:original\s+|prosecutor['’]s\s+|"
    r"prosecution\s+|court['’]s\s+)?(?:decision|conviction|sentence|verdict|ruling|appeal|charge|advice|view|"
    r"objection|application|finding)",
    r"\b(?:appeal|conviction|sentence|verdict|ruling|application|objection|submission|decision|review)s?\s+"
    r"(?:was|were|has\s+been|had\s+been|is|are)\s+(?:not\s+|partly\s+|partially\s+)?upheld",
))
OUTCOME_PARTLY_RE = re.compile(r"\b(?:partly|partially|in\s+part|parts?|some|aspects?|elements?)\b",
                               re.IGNORECASE)
OUTCOME_NOT_RE = re.compile(r"\b(?:not|cannot|unable)\b|n['’]t\b", re.IGNORECASE)
OUTCOME_VALUES = ("upheld", "partly-upheld", "not-upheld", "to-choose")


# words set off by commas inside the statement, read as spaces: "I do not, therefore, uphold your
# complaint", "we have, on balance, upheld"
_OUTCOME_ASIDE_RE = re.compile(
    r",\s*(?:therefore|however|accordingly|then|so|on\s+balance|in\s+the\s+circumstances|"
    r"for\s+(?:these|those|the\s+above|all\s+(?:these|those|the\s+above))\s+reasons)\s*,(?=\s)"
    # ... or without commas: "I do not therefore uphold", "I am therefore unable to uphold"
    r"|(?<=\s)(?:therefore|accordingly|also|now|regrettably|unfortunately)(?=\s)", re.IGNORECASE)

# a bracketed choice of outcomes left for the writer to complete: "[upheld / not upheld]"
_OUTCOME_CHOICE_RE = re.compile(r"\[[^\[\]\n]*\bupheld\b[^\[\]\n]*/[^\[\]\n]*\]", re.I)


_LAST_OUTCOMES: list[tuple[str, tuple[tuple[int, int, str], ...]]] = [("", ())]  # swapped whole (thread-safe)


def outcome_statements(text: str) -> list[tuple[int, int, str]]:
    """``_outcome_statements(text)``, worked out once per text: a letter's facts ask for its
    body's statements twice (``stated_outcome`` and ``outcome_scope``), and the last answer is
    kept (issue 15); each caller is given its own list."""
    last = _LAST_OUTCOMES[0]
    if last[0] is text or last[0] == text:
        return list(last[1])
    found = tuple(_outcome_statements(text))
    _LAST_OUTCOMES[0] = (text, found)
    return list(found)


def _outcome_statements(text: str) -> list[tuple[int, int, str]]:
    """Every statement of the complaint's outcome in ``text`` (7.11), in text order: (start, end,
    value) with character offsets into ``text`` and value "upheld", "partly-upheld" or
    "not-upheld". Overlapping matches are kept once (the longest at a place); a match inside a
    court or prosecution decision upheld ("the court upheld the conviction") does not count, nor
    does a choice left for the writer in square brackets ("I have [upheld / partly upheld / not
    upheld] your complaint", LL101's suggested fix before it is completed). Every statement,
    look-alike and choice holds "uphold", "upheld" or "upholding", so a text without "uph" (in
    any case) has none and is not searched (issue 15)."""
    if "uph" not in text.lower():
        return []
    original = text
    text = _OUTCOME_ASIDE_RE.sub(lambda m: " " * len(m.group(0)), text)  # same offsets
    lookalikes = [m.span() for p in OUTCOME_LOOKALIKES for m in p.finditer(text)]
    lookalikes += [m.span() for m in _OUTCOME_CHOICE_RE.finditer(text)]
    found: list[tuple[int, int]] = []
    for p in OUTCOME_STATEMENTS:
        for m in p.finditer(text):
            if not any(a < m.end() and m.start() < b for a, b in lookalikes):
                found.append(m.span())
    found.sort(key=lambda se: (se[0], -se[1]))
    out: list[tuple[int, int, str]] = []
    for start, end in found:
        if out and start < out[-1][1]:
            continue
        words = original[start:end]
        value = ("not-upheld" if OUTCOME_NOT_RE.search(words) and not re.search(r"\bnot\s+only\b", words, re.I)
                 else "partly-upheld" if OUTCOME_PARTLY_RE.search(words) else "upheld")
        out.append((start, end, value))
    return out


def stated_outcome(text: str) -> tuple[str, str]:
    """The outcome ``text`` states and the words that state it: ("upheld" | "partly-upheld" |
    "not-upheld", words), ("to-choose", words) when its only statement is a bracketed choice
    left for the writer ("I have [upheld / not upheld] your complaint"), or ("none", "") when it
    states none. A letter that upholds one point
    and not another ("I uphold your complaint about the letter. I do not uphold...") has partly
    upheld the complaint; otherwise the first statement gives the value."""
    found = outcome_statements(text)
    if not found:
        # only a choice left in square brackets (LL101's suggested fix, not yet completed): the
        # outcome has its sentence but no value yet, so LL101 is content and LL241 asks nothing
        choice = _OUTCOME_CHOICE_RE.search(text)
        return ("to-choose", choice.group(0)) if choice else ("none", "")
    values = {v for _, _, v in found}
    first = found[0]
    if "partly-upheld" in values or values == {"upheld", "not-upheld"}:
        at = next((f for f in found if f[2] == "partly-upheld"), first)
        return "partly-upheld", " ".join(text[at[0]:at[1]].split())
    return first[2], " ".join(text[first[0]:first[1]].split())


# --- the outcome's scope: a statement about one part of the complaint only ("This aspect of your
# complaint is not upheld", "I have decided not to uphold your complaint about the charging
# decision", "I do not uphold the legal aspect of your complaint") against one about the whole
# ("I uphold your complaint", "I uphold your complaint on both points", "so your complaint is
# partly upheld")
_OUTCOME_PART_RE = re.compile(
    r"\b(?:this|that|the|one|first|second|third|fourth|legal|service)\s+(?:(?:first|second|third|"
    r"fourth|legal|service|other)\s+)?(?:part|aspect|element|point|issue|matter)\b"
    r"|\bcomplaint\s+(?:about|on|over|regarding|concerning|in\s+(?:respect|relation)\s+(?:of|to)|"
    r"relating\s+to|that)\b",
    re.IGNORECASE)
_OUTCOME_WHOLE_RE = re.compile(
    r"\b(?:in\s+full|fully|wholly|(?:all|both|each)\s+(?:\w+\s+)?(?:of\s+"
    r"(?:the|your)\s+)?(?:parts|points|aspects|elements|issues|matters)|(?:these|those)\s+(?:parts|points|"
    r"aspects|elements|issues)|(?<!\bof\s)(?:your|the)\s+complaint\s+(?:is|was|has\s+been)\s+(?:therefore\s+)?"
    r"(?:partly\s+|partially\s+|not\s+)?upheld|but\s+not\b)",
    re.IGNORECASE)


# a line break ends a sentence (a heading, a paragraph), except one inside a sentence, before a
# word in lower case ("I have decided not to uphold / your complaint")
_OUTCOME_BREAK_RE = re.compile(r"\n(?!\s*[a-z])")


def _outcome_sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of ``text`` that holds ``start``-``end``: from after the last full stop, "?",
    "!" or blank line before it to its own full stop (a line break inside a sentence does not
    end it)."""
    breaks = [m.start() for m in _OUTCOME_BREAK_RE.finditer(text, 0, start)]
    before = max([text.rfind(c, 0, start) for c in (".", "?", "!")] + breaks[-1:])
    stops = [i for i in (text.find(c, end) for c in (".", "?", "!")) if i >= 0]
    brk = _OUTCOME_BREAK_RE.search(text, end)
    stops += [brk.start()] if brk else []
    after = min(stops) + 1 if stops else len(text)
    lead = before + 1
    while lead < start and text[lead].isspace():
        lead += 1
    return lead, min(after, len(text))


def _outcome_clause(text: str, start: int, end: int) -> str:
    """The clause of the statement at ``start``-``end``, as it stands in ``text``: from the start
    of its sentence or the comma before it to the comma, semicolon or full stop after it ("This
    aspect of your complaint is not upheld", "I do not uphold the complaint about the decision
    to stop the case"); from the statement on when that would run past 110 characters (the
    evidence of a fact is kept to 120), and the statement alone when that would too."""
    a, b = _outcome_sentence(text, start, end)
    comma = max(text.rfind(",", a, start), text.rfind(";", a, start))
    lead = comma + 1 if comma >= 0 else a
    stop = min([i for i in (text.find(",", end, b), text.find(";", end, b)) if i >= 0] or [b])
    words = text[lead:stop].strip().rstrip(".!?")
    words = re.sub(r"^(?:(?:and|but|so)\s+)+(?=\S)", "", words, flags=re.IGNORECASE)  # "..., and so we ..."
    if len(words) <= 110:
        return words
    words = text[start:stop].strip().rstrip(".!?")
    return words if len(words) <= 110 else text[start:end]


def outcome_scope(text: str) -> tuple[str, str]:
    """Whether the outcome ``text`` states is for the whole complaint or one part of it, and the
    words that show it, as they stand in ``text``: ("whole", words); ("one-part", words) when
    its one statement of the outcome is about a part of the complaint ("This aspect of your
    complaint is not upheld", "I have decided not to uphold your complaint about the charging
    decision"); ("parts", words) when several statements each give it for a part; ("none", "")
    when it states no outcome."""
    found = outcome_statements(text)
    if not found:
        return "none", ""
    for start, end, _ in found:
        a, b = _outcome_sentence(text, start, end)
        # "both" and "all" from the statement on: "Having considered both matters, I do not
        # uphold the complaint about the decision" is about one part
        if _OUTCOME_WHOLE_RE.search(text[start:b]) or not _OUTCOME_PART_RE.search(text[a:b]):
            return "whole", text[start:end]
    start, end, _ = found[0]
    return ("one-part" if len(found) == 1 else "parts"), _outcome_clause(text, start, end)


BANK_ID = "letter-types"
# the acknowledgement's own words: "I am writing to confirm that we have received your complaint"
_ACK_SAYS_SO = lazy_re(r"\b(?:acknowledge|confirm)\b|\b(?:received|recieved)\s+your\s+complaint\b", re.IGNORECASE)
# The prompt a Word date picker (a content control) shows until a date is chosen, left in the
# sent letter where its date should be ("Date: Click or tap to enter a date."; Word 2013 and
# later; "Click here to enter a date." before), or a template's "[Insert date]"
# A date left as a template's prompt: Word's date picker ("Click or tap to enter a date."), a
# bracketed or mail-merge field ("[Insert date]", "[Date of letter]", "<<Date>>", "«Date»",
# "{date}", "{{letter_date}}") or a format mask ("DD/MM/YYYY", "XX/XX/2026"). Only on a short
# line with no real date (``_parts``), so "the date of the letter" in a sentence is not one.
DATE_PLACEHOLDER_RE = re.compile(
    r"\b(?:Click|Tap)(?:\s+or\s+tap)?(?:\s+here)?\s+to\s+enter\s+(?:a\s+)?date\.?"
    r"|(?:\[|<<|<|«|\{\{|\{)\s*[\w ]{0,20}?(?:\b|_)date\b[\w ]{0,20}?\s*(?:\]|>>|>|»|\}\}|\})"
    r"|\bDD?[/.-]MM?[/.-](?:YYYY|YY)\b|\bXX[/.-]XX[/.-](?:XXXX|XX|\d{4})\b", re.IGNORECASE)

# An email whose Subject says only that it answers the complaint ("RE: Complaint - ref
# EM/CU/2026/1312", w45-012) is the reply to it when no other type fits; one that names something
# else after the reference ("RE: Complaint - ref ... - meeting and easy read letter") is not
_REPLY_SUBJECT_RE = re.compile(
    r"^\s*(?:(?:re|fw|fwd|aw)\s*:\s*)*(?:your\s+|my\s+)?complaint\b"
    r"(?:\s*[-–:,]?\s*\(?\s*(?:(?:our\s+|your\s+)?ref(?:erence)?\.?\s*:?\s*)?"
    r"(?=[A-Z0-9/.-]*\d)[A-Z0-9][A-Z0-9/.-]*\)?)?\s*$", re.IGNORECASE)

LETTER_TYPE_NOTES = ("stage-two", "stage-one", "holding", "acknowledgement")
COMPLAINT_NOTES = {"complaint-mixed": ComplaintType.MIXED, "complaint-legal": ComplaintType.LEGAL,
                   "complaint-service": ComplaintType.SERVICE}


@functools.cache
def _bank() -> dict[str, tuple[Pattern, ...]]:
    """The detection phrases of ``phrasebanks/letter-types.yaml``, grouped by their note. Kept
    between runs with their expressions compiled (``engine.rule_cache.kept``, keyed on the bank
    and the code that compiles it): building them reads spaCy's lemma table for the ``lemma:``
    phrases, about 0.2 s of a cold start (issue 15)."""
    import hashlib

    from letterlint import __version__
    from letterlint.engine.rule_cache import kept
    from letterlint.rules import patterns, spec
    from letterlint.rules.loader import builtin_dir

    path = builtin_dir("phrasebanks") / f"{BANK_ID}.yaml"
    h = hashlib.sha256(f"{BANK_ID}\0{__version__}\0".encode())
    try:
        for f in (path, Path(__file__), Path(patterns.__file__), Path(spec.__file__)):
            h.update(hashlib.sha256(f.read_bytes()).digest())
    except OSError:
        return _read_bank(path)
    groups: dict[str, tuple[Pattern, ...]] = kept("data", h.hexdigest(), lambda: _read_bank(path))
    return groups


def _read_bank(path: Path) -> dict[str, tuple[Pattern, ...]]:
    from letterlint.rules.loader import load_bank
    from letterlint.rules.patterns import compile_one

    bank = load_bank(path)
    groups: dict[str, list[Pattern]] = {}
    for e in bank.entries:
        groups.setdefault((e.letter_type or "").strip(), []).append(compile_one(e.phrase, e, BANK_ID))
    return {k: tuple(v) for k, v in groups.items()}


@dataclass(frozen=True)
class _Line:
    span: Span
    text: str
    block: Block


def _lines(doc: Document, blocks: list[Block]) -> list[_Line]:
    out = []
    for b in blocks:
        pos = b.span.start
        for raw in b.text.split("\n"):
            stripped = raw.strip()
            if stripped:
                lead = len(raw) - len(raw.lstrip())
                out.append(_Line(Span(pos + lead, pos + lead + len(stripped)), stripped, b))
            pos += len(raw) + 1
    return out


def _search(group: str, text: str) -> list[str]:
    """The words matched by each phrase of a bank group, in the bank's order. Only the phrases
    whose needles the text holds are run (``patterns.possible``: the others cannot match)."""
    from letterlint.rules.patterns import possible

    hits = []
    for p in possible(_bank().get(group, ()), text):
        m = p.regex.search(text, timeout=2.0)
        if m:
            hits.append(" ".join(m.group(0).split()))
    return hits


# A sentence that offers the next stage ("if you are not satisfied, you can ask for a stage two
# review") describes stage two; it is not evidence that this letter is the stage two reply.
OFFER_RE = lazy_re(
    r"\b(?:if\s+you|should\s+you|you\s+(?:can|may|could|are\s+entitled\s+to|have\s+the\s+right\s+to|"
    r"will\s+need\s+to|would\s+need\s+to)|please\s+(?:write|contact|let)|at\s+stage\s+(?:two|2)\b[^.]{0,40}"
    r"\b(?:will|would)|the\s+next\s+stage|wish\s+to\s+(?:escalate|ask|request))\b",
    re.IGNORECASE,
)


def _sentence_around(text: str, start: int, end: int) -> str:
    lo = max(text.rfind(".", 0, start), text.rfind("\n\n", 0, start), text.rfind("?", 0, start)) + 1
    ends = [i for i in (text.find(".", end), text.find("\n\n", end)) if i >= 0]
    return text[lo : min(ends) if ends else len(text)]


def _search_stated(group: str, text: str, offered: list[str] | None = None) -> list[str]:
    """Like ``_search``, but leaving out matches in a sentence that offers the next stage (those
    are added to ``offered``: a stage one reply explaining stage two). As in ``_search``, only
    the phrases whose needles the text holds are run."""
    from letterlint.rules.patterns import possible

    hits = []
    for p in possible(_bank().get(group, ()), text):
        for m in p.regex.finditer(text, timeout=2.0):
            said = m.group(0)
            if "assessor" in said.lower() or not OFFER_RE.search(_sentence_around(text, m.start(), m.end())):
                hits.append(" ".join(said.split()))
                break
            if offered is not None:
                offered.append(" ".join(_sentence_around(text, m.start(), m.end()).split())[:100])
    return hits


def _clean(text: str) -> str:
    """Runs of white space (Markdown markup is blanked to spaces) become one space."""
    return " ".join(text.split())


_QUOTE_FOLD = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "′": "'", "“": '"', "”": '"'})


def _name(text: str) -> str:
    """A name as written, with curly apostrophes and quotes made straight, so that the
    addressee "Mrs O'Sullivan" and "Dear Mrs O’Sullivan" compare equal."""
    return _clean(text).translate(_QUOTE_FOLD)


DATE_LABEL_RE = lazy_re(r"\bDate(?:d)?\s*[:\-–]?\s*$", re.IGNORECASE)
# "Your ref: Letter dated 16 March 2026": the date of the complainant's letter, not this one's
# (blind letter w29-008, eleventh session)
OTHERS_DATE_RE = lazy_re(
    r"\b(?:letter|email|e-mail|complaint|correspondence|message|note|form|application|call|"
    r"telephone\s+call|your)\s+dated\s*[:\-–]?\s*$", re.IGNORECASE)


def _labelled_date(ln: Any, parts: Mapping[str, Any], part: Any, fact: Any) -> None:
    """The letter's date on a references line, labelled "Date:" ("Our reference: WX/CU/2026/1187
    Date: 9 July 2026", a layout of independent letters, issue 13): the letter is dated. Not
    the date of another letter named there ("Your ref: Letter dated 16 March 2026")."""
    if "date" in parts:
        return
    for span, when in dates.find_dates(ln.text):
        before = ln.text[:span.start]
        if DATE_LABEL_RE.search(before) and not OTHERS_DATE_RE.search(before):
            part("date", ln.span)
            fact("letter_date", when, ln.text)
            return


def _reference(line: str) -> str | None:
    """The reference on an "Our ref:" line, or None. Without a colon the reference must
    contain a digit, so "Reference was made to..." is not taken for one."""
    m = REFERENCE_RE.match(line)
    if m is None:
        return None
    ref = m.group("ref").strip()
    # "Our ref:<tab>X<tab>Your ref:<tab>Y" (a table row pasted as text): X alone
    ref = re.split(r"\t|\s{3,}|\s+Your\s+ref", ref, maxsplit=1, flags=re.IGNORECASE)[0].strip()
    if not ref or (not m.group("colon") and not any(ch.isdigit() for ch in ref)):
        return None
    return ref


def _subject_reference(line: str) -> str | None:
    """A reference inside a subject line ("RE: Complaint - ref TC/2026/0088"), or None.
    Only a token with a digit counts, so "Re: your reference request" is not one."""
    m = SUBJECT_REF_RE.search(line)
    return m.group("ref").rstrip(".,;)") if m else None


def _team_line(text: str) -> bool:
    """A line naming a team or giving contact details rather than a person or a job title."""
    return bool(CONTACT_RE.search(text) or TEAM_RE.search(text))


def _address(lines: list[_Line], used: set[Span], need_title: bool = False) -> list[_Line]:
    """The address block: a run of short lines that are not letterhead, date or references.
    A run that starts with a title (Mr, Mrs...) wins over letterhead-like runs before it."""
    runs: list[list[_Line]] = [[]]
    for ln in lines:
        if ln.span in used or LETTERHEAD_RE.search(ln.text) or len(ln.text) > 70 or SALUTATION_RE.match(ln.text):
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append(ln)
    runs = [r for r in runs if r]
    for run in runs:
        for i, ln in enumerate(run):
            if TITLE_RE.match(_clean(ln.text)):
                return run[i:]
    if need_title or not runs:
        return []
    return runs[0]


def _enum_value(value: Any, enum: Any, aliases: Mapping[str, str]) -> Any:
    key = str(value).strip().lower().replace("_", "-").replace(" ", "-")
    key = aliases.get(key, key)
    try:
        return enum(key)
    except ValueError:
        return None


STAGE_ALIASES = {"1": "stage-one", "one": "stage-one", "stage1": "stage-one", "stage-1": "stage-one",
                 "2": "stage-two", "two": "stage-two", "stage2": "stage-two", "stage-2": "stage-two",
                 "holding-letter": "holding", "ack": "acknowledgement",
                 "acknowledgment": "acknowledgement"}


def analyse(doc: Document, overrides: Mapping[str, Any] | None = None) -> Letter:
    """The Letter for ``doc``: its parts (address, date, salutation, body, valediction...), facts
    (letter and complaint type, dates, addressee, outcome) and type, computed once.
    ``overrides`` (stage, complaint_type, letter_date...) are taken as given. Never raises for
    text it cannot read: unknown facts stay unknown."""
    parts: dict[str, Part] = {}
    facts: dict[str, Fact] = {}

    def part(name: str, span: Span) -> None:
        parts[name] = Part(name, span, doc.text[span.start : span.end])

    def fact(name: str, value: Any, evidence: str = "", source: str = "detected") -> None:
        if value not in (None, ""):
            facts[name] = Fact(name, value, source, shorten(evidence.strip(), 120))

    main = [b for b in doc.blocks if b.kind not in ("header", "footer") and b.text.strip()]
    lines = _lines(doc, main)
    header_lines = _lines(doc, [b for b in doc.blocks if b.kind == "header" and b.text.strip()])
    # --- salutation
    sal_i = next((i for i, ln in enumerate(lines) if SALUTATION_RE.match(ln.text)), None)
    if sal_i is not None:
        sal = lines[sal_i]
        part("salutation", sal.span)
        fact("salutation", _name(sal.text).rstrip(","), sal.text)
    head = lines[:sal_i] if sal_i is not None else lines[:12]
    # --- date, reference and a "Re:" line before the salutation (page header as a fallback)
    used: set[Span] = set()
    for ln in head + header_lines:
        if YOUR_REF_RE.match(ln.text):
            used.add(ln.span)
            _labelled_date(ln, parts, part, fact)
            continue
        ref = _reference(ln.text)
        if ref is not None:
            used.add(ln.span)
            if "reference" not in parts:
                part("reference", ln.span)
                fact("reference", ref, ln.text)
            _labelled_date(ln, parts, part, fact)
            continue
        if "subject" not in parts and SUBJECT_PREFIX_RE.match(ln.text) and ln in head:
            used.add(ln.span)
            part("subject", ln.span)
            fact("subject", _clean(SUBJECT_PREFIX_RE.sub("", ln.text)), ln.text)
            sref = _subject_reference(ln.text)  # an email's "Subject: RE: Complaint - ref TC/2026/0088"
            if sref and "reference" not in parts:
                part("reference", ln.span)
                fact("reference", sref, ln.text)
            continue
        found = dates.find_dates(ln.text)
        if found and len(ln.text) <= 45:
            used.add(ln.span)
            if "date" not in parts:
                part("date", ln.span)
                fact("letter_date", found[0][1], ln.text)
        elif not found and len(ln.text) <= 60:
            slip = dates.impossible_dates(ln.text) if len(ln.text) <= 45 else []  # "31 February 2026"
            held = DATE_PLACEHOLDER_RE.search(ln.text)  # Word's "Click or tap to enter a date." left in
            if slip and "impossible_date" not in parts:
                used.add(ln.span)
                part("impossible_date", Span(ln.span.start + slip[0].start, ln.span.start + slip[0].end))
            elif held and "date_placeholder" not in parts:
                used.add(ln.span)
                part("date_placeholder", Span(ln.span.start + held.start(), ln.span.start + held.end()))
    # --- address: the short lines at the top that are not letterhead, date or references
    addr = _address(head, used) or _address(header_lines, used, need_title=True)
    if addr:
        part("address", Span(addr[0].span.start, addr[-1].span.end))
        # the name ends at the first comma: an address on one line ("Ms Joanne Harcourt, 51
        # Buckthorn Way, Reading RG2 8LE") must not make the postcode the surname
        # ... and a note in brackets is not part of it: "Ms A (name withheld at the complainant's
        # request)" is Ms A (issue 13)
        # ... and so does the first word with a digit in it (or "Flat 6"): an address run together on one line
        # with no commas ("Mrs Priya Shah 4 Orchard Close Exampletown EX4 7QT", a Word paragraph
        # whose line breaks became spaces) made "7QT" the surname
        first = re.split(r"\s+(?=(?:(?:Flat|Apartment|Apt\.?|Unit|Suite|Room)\s+)?[^\s(\[]*\d)",
                         addr[0].text.split(",", 1)[0], maxsplit=1)[0]
        name = _name(re.sub(r"\s*[(\[][^)\]]*[)\]]?\s*$", "", first) or first).rstrip(",")
        fact("addressee", name, addr[0].text)
        m = TITLE_RE.match(name)
        if m:
            fact("addressee_title", m.group("title"), name)
            fact("addressee_surname", m.group("rest").split()[-1].strip(",."), name)
    # --- valediction, signature, job title
    val_i = None
    start_search = sal_i + 1 if sal_i is not None else 0
    for i in range(len(lines) - 1, start_search - 1, -1):
        if VALEDICTION_RE.match(lines[i].text):
            val_i = i
            break
    if val_i is not None:
        v = lines[val_i]
        part("valediction", v.span)
        fact("valediction", _clean(v.text).rstrip(","), v.text)
        # two sign-offs, one above the other ("With kind regards," then "Yours sincerely,"):
        # a template's close left above the writer's (Q34, 8.2)
        if val_i - 1 >= start_search and VALEDICTION_RE.match(lines[val_i - 1].text):
            extra = lines[val_i - 1]
            part("extra_valediction", extra.span)
            fact("extra_valediction", _clean(extra.text).rstrip(","), extra.text)
        after = [ln for ln in lines[val_i + 1 :] if not SIGNED_RE.fullmatch(ln.text)]
        if after:
            part("signature", Span(after[0].span.start, after[-1].span.end))
            if not _team_line(after[0].text):
                fact("signatory", _name(after[0].text), after[0].text)
                if len(after) > 1 and not _team_line(after[1].text):
                    fact("job_title", _clean(after[1].text), after[1].text)
    # --- subject and body
    body_start = lines[sal_i].span.end if sal_i is not None else (addr[-1].span.end if addr else 0)
    if sal_i is not None and sal_i + 1 < len(lines) and "subject" not in parts:
        nxt = lines[sal_i + 1]
        words = len(nxt.text.split())
        if SUBJECT_PREFIX_RE.match(nxt.text) or (
            words <= 25 and not nxt.text.endswith((".", "?", "!", ":", ",", ";"))
            and nxt.block is not lines[sal_i].block and nxt.text == nxt.block.text.strip()
            and sal_i + 2 < len(lines)
        ):
            part("subject", nxt.span)
            fact("subject", _clean(SUBJECT_PREFIX_RE.sub("", nxt.text)), nxt.text)
            body_start = nxt.span.end
    last_main = max((b.span.end for b in main), default=len(doc.text))
    body_end = lines[val_i].span.start if val_i is not None else last_main
    if body_end > body_start:
        while body_start < body_end and doc.text[body_start].isspace():
            body_start += 1
        while body_end > body_start and doc.text[body_end - 1].isspace():
            body_end -= 1
        part("body", Span(body_start, body_end))
    body_text = parts["body"].text if "body" in parts else doc.text
    # --- team contact details: signature area, letterhead, header, footer, text boxes, table
    # cells; not a table cell inside the body (a letter laid out in a table: the body's "you can
    # contact the Witness Service on 01632 960771" is another agency's number, not the team's)
    body_span = parts["body"].span if "body" in parts else None
    boxed = [b for b in doc.blocks if b.kind in ("header", "footer", "text-box", "table-cell")]
    areas = [ln for ln in _lines(doc, boxed)
             if body_span is None or ln.block.kind != "table-cell" or not body_span.contains(ln.span)]
    if "signature" in parts:
        areas = [ln for ln in lines if parts["signature"].span.contains(ln.span)] + areas
    areas += [ln for i, ln in enumerate(head) if LETTERHEAD_RE.search(ln.text) or (
        # a bare number or address under the letterhead ("CPS South East / ... / 01632 960616")
        CONTACT_RE.fullmatch(ln.text.strip()) and any(LETTERHEAD_RE.search(h.text) for h in head[max(0, i - 3):i]))]
    for ln in areas:
        m = CONTACT_RE.search(ln.text)
        if m:
            fact("team_contact", m.group(0), ln.text)
            break
    # --- outcome (7.11): the one detector, read by LL101, LL241 and the letter type below
    outcome, outcome_words = stated_outcome(body_text)
    if outcome != "none":
        fact("outcome", outcome, outcome_words)
    else:
        facts["outcome"] = Fact("outcome", "none", "detected", "")
    scope, scope_words = outcome_scope(body_text)
    if scope != "none":
        fact("outcome_scope", scope, scope_words)
    # --- letter type
    subject = parts["subject"].text if "subject" in parts else ""
    offered: list[str] = []
    s2 = _search_stated("stage-two", subject + "\n" + body_text, offered)
    s1 = _search("stage-one", subject + "\n" + body_text) + offered
    hold, ack = _search("holding", body_text), _search("acknowledgement", body_text)
    words = len(body_text.split())
    decided = outcome != "none"
    job = str(facts["job_title"].value) if "job_title" in facts else ""
    if hold and not decided and words < 400:
        fact("letter_type", LetterType.HOLDING, hold[0])
    # an acknowledgement that says in so many words that the complaint has arrived may run
    # longer, with signposting and the name of who will reply (issue 13)
    elif ack and not decided and not s1 and (words < 300 or (words < 450 and _ACK_SAYS_SO.search(ack[0]))):
        fact("letter_type", LetterType.ACKNOWLEDGEMENT, ack[0])
    elif s2:
        fact("letter_type", LetterType.STAGE_TWO, s2[0])
    elif s1 or decided:
        fact("letter_type", LetterType.STAGE_ONE, s1[0] if s1 else facts["outcome"].evidence)
    elif re.search(r"Deputy\s+Chief|Chief\s+Crown", job):
        fact("letter_type", LetterType.STAGE_TWO, f"signed by a {job}")
    elif words >= 15 and (re.search(r"\bcomplain|\bdissatisfied\b", subject + body_text, re.IGNORECASE)
                          or _REPLY_SUBJECT_RE.match(str(doc.front_matter.get("subject") or ""))):
        fact("letter_type", LetterType.STAGE_ONE, "a full reply to a complaint (no other type fits)")
    else:
        facts["letter_type"] = Fact("letter_type", LetterType.UNKNOWN, "detected", "")
    for note, ctype in COMPLAINT_NOTES.items():
        said = _search(note, body_text)
        if said:
            fact("complaint_type", ctype, said[0])
            break
    # --- overrides: front matter, then the command line
    given = "email header" if doc.format in ("eml", "msg") else "front matter"
    for source, values in ((given, doc.front_matter), ("command line", overrides or {})):
        _apply_overrides(facts, values, source)
    return Letter(doc, parts, facts)


def _apply_overrides(facts: dict[str, Fact], values: Mapping[str, Any], source: str) -> None:
    for key, raw in values.items():
        if raw is None:
            continue
        k = key.replace("-", "_")
        if k in ("stage", "letter_type"):
            v = _enum_value(raw, LetterType, STAGE_ALIASES)
            if v is not None:
                facts["letter_type"] = Fact("letter_type", v, source, str(raw))
        elif k == "complaint_type":
            v = _enum_value(raw, ComplaintType, {})
            if v is not None:
                facts["complaint_type"] = Fact("complaint_type", v, source, str(raw))
        elif k in ("letter_date", "date"):
            d = dates.parse_any(raw)
            if d is not None:
                facts["letter_date"] = Fact("letter_date", d, source, str(raw))
        elif k == "reference" and str(raw).strip():
            facts["reference"] = Fact("reference", str(raw).strip(), source, str(raw))
        elif k == "team_contact" and str(raw).strip() and "team_contact" not in facts:
            facts["team_contact"] = Fact("team_contact", str(raw).strip(), source, str(raw))
