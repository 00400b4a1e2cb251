"""spelling: words the British English dictionary does not know, with suggestions.

Careful about what it does not check, because a letter is full of things that are not
dictionary words and a false alarm costs the writer's trust:

- email and web addresses, domain names, anything with a digit (references, MG5, 3rd),
  postcodes, all-capital acronyms, mixed-case names (McDonald);
- the address, date, reference, salutation, valediction and signature parts, and every word
  in them anywhere in the letter (so the addressee's and signatory's names are known);
- capitalised words inside a sentence (proper nouns); a capitalised word starting a sentence
  only when it is also unknown in lower case, is not used as a name elsewhere in the letter
  and has a close, common correction;
- words in the vocabulary banks (legal terms, courts, CPS Areas) and ``spelling.accept``;
- words that another rule reports better (US spellings, with ``defer_to``).

Possessives ("CPS's", "Ms Patel's") are checked without the 's; hyphenated compounds are
checked part by part when the whole is not in the dictionary.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import regex

from letterlint.checks.base import CheckContext, CheckError, Hit, ParamSpec
from letterlint.model import Span
from letterlint.rules.lazy_pattern import lazy
from letterlint.rules.patterns import Pattern, compile_patterns, finditer
from letterlint.rules.spec import PhraseBank, Rule

if TYPE_CHECKING:
    from letterlint.letter.nlp.spelling import Speller

PARAMS = {
    "vocabulary": ParamSpec(
        "list[str]", default=["cps-vocabulary"], doc="phrase banks whose words are always accepted"
    ),
    "defer_to": ParamSpec(
        "list[str]", default=["us-spellings"],
        doc="phrase banks whose matches are left to the rule that uses them (not reported twice)",
    ),
    "parts": ParamSpec("list[str]", default=["subject"], doc="letter parts checked as well as the scope"),
    "skip_parts": ParamSpec(
        "list[str]",
        default=["address", "date", "reference", "salutation", "valediction", "signature"],
        doc="letter parts never checked; their words are accepted everywhere (names)",
    ),
    "max_suggestions": ParamSpec("int", default=3, doc="how many corrections to offer"),
}

WORD = regex.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*['’]?")
# Things that are not words: emails, web addresses, domains, tokens with digits, postcodes.
_POSSESSIVE_END = regex.compile(r"['’](?:s)?$")
NOT_WORDS = regex.compile(
    r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b(?:https?://|www\.)\S+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:uk|com|org|net|gov|info|eu|io|co)\b(?:/\S*)?"
    r"|\b[\w-]+\.(?:txt|md|docx?|pdf|xlsx?|csv|odt|rtf|zip|msg|eml)\b"
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"
    r"|[\w/.-]*\d[\w/.-]*"
    r"|\b[a-zA-Z](?:\.[a-zA-Z])+\.?",  # e.g. i.e. a.m.
)
_RUN = regex.compile(r"\S+")
_SPACE = regex.compile(r"\s")
_SPACE_BEFORE = regex.compile(r"(?r)\s")  # the last space before a place
# Every NOT_WORDS match holds one of these: "@", ".", a digit or "http".
_NOT_WORDS_NEEDS = regex.compile(r"[@.\d]|http")


def not_word_spans(text: str, start: int, end: int) -> list[Span]:
    """``NOT_WORDS``'s matches in ``text[start:end]`` (spans), exactly as ``finditer`` gives them,
    but the expression runs only over the stretches that can hold a match (issue 15: it tried
    every place in every word, about 1 s a megabyte). A match lies inside one run of non-space
    characters, except a postcode, which may reach into the next run; and it holds an "@", a
    ".", a digit or "http". So it is run over each run that holds one of those together with
    the run after it, such stretches joined where they touch; between them lies only space and
    runs where no match can start, and each stretch is bounded by space or by the area's ends,
    so the word boundaries inside it read as they do in the whole area."""
    pieces: list[tuple[int, int]] = []
    run_end = start  # the end of the last run that held one
    for m in _NOT_WORDS_NEEDS.finditer(text, start, end):
        if m.start() < run_end:
            continue  # in a run already taken
        space = _SPACE_BEFORE.search(text, start, m.start())
        a = space.end() if space else start
        space = _SPACE.search(text, m.start(), end)
        run_end = space.start() if space else end
        after = _RUN.search(text, run_end, end)
        stop = after.end() if after else run_end
        if pieces and a <= pieces[-1][1]:
            pieces[-1] = (pieces[-1][0], max(pieces[-1][1], stop))
        else:
            pieces.append((a, stop))
    return [Span(m.start(), m.end()) for a, b in pieces for m in NOT_WORDS.finditer(text, a, b)]


ROMAN = lazy(r"^(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3})$", regex.IGNORECASE)
TITLES = {"mr", "mrs", "ms", "miss", "dr", "dc", "pc", "ds", "di", "sgt", "judge", "sir", "lady", "lord"}
_SENTENCE_END = ".!?:;"
# Abbreviations written with a full stop that the dictionary lists only in part ("etc." is there,
# "incl." is not): a word followed by its full stop is one of these, or the dictionary's form.
ABBREVIATIONS = frozenset({
    "etc", "incl", "excl", "dept", "depts", "govt", "approx", "est", "misc", "nos", "no", "ref", "refs",
    "tel", "mob", "encl", "ext", "cont", "info", "intl", "max", "min", "hrs", "mins", "yrs", "wk", "wks",
    "mth", "mths", "sec", "secs", "st", "rd", "ave", "asst", "admin", "corp", "co", "ltd", "inc", "assoc",
    "gen", "jr", "snr", "sr", "mgr", "dir", "dep", "ch", "para", "paras", "sch", "reg", "regs", "vol",
    "vols", "fig", "figs", "pp", "ed", "eds",
})
# Written without the full stop too (GOV.UK style drops it: "eg", "etc").
PLAIN_ABBREVIATIONS = frozenset(["etc", "incl", "excl", "eg", "ie", "approx", "dept", "govt", "misc", "encl"])
# A capitalised word at the start of a sentence followed by a role in commas is a surname:
# "Brannigan, the witness care officer, was on leave."
APPOSITIVE = lazy(
    r"\s*,\s+(?:(?:the|our|a|an|your|my)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:officer|usher|paralegal|caseworker|prosecutor|lawyer|advocate|manager|clerk|adviser|"
    r"witness|constable|detective|sergeant|inspector|barrister|solicitor|counsel|judge|magistrate|"
    r"administrator|assistant|co-?ordinator|investigator|director|head|member|colleague|victim|"
    r"defendant|complainant|neighbour|friend|driver)s?|who\s[^,.;:!?]{1,60}),"
)


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
    """Compile ``params`` (already checked against PARAMS) once, at load: patterns and banks.
    Returns the kind's compiled form (``Rule.compiled``). Raises ValueError or PatternError,
    which the loader reports as ``file: params: ...``."""
    from letterlint.letter.nlp.spelling import vocabulary_words

    words: set[str] = set()
    for bank_id in params["vocabulary"] or []:
        bank = banks.get(bank_id)
        if bank is None:
            raise ValueError(f"unknown phrase bank {bank_id!r} in 'vocabulary'")
        words |= vocabulary_words(e.phrase for e in bank.entries)
    defer: list[Pattern] = []
    for bank_id in params["defer_to"] or []:
        if bank_id not in banks:
            raise ValueError(f"unknown phrase bank {bank_id!r} in 'defer_to'")
        defer.extend(compile_patterns({"bank": bank_id}, banks))
    return {"vocabulary": frozenset(words), "defer": tuple(defer)}


def _areas(rule: Rule, ctx: CheckContext) -> list[Span]:
    areas = list(ctx.units(rule.scope))
    for name in rule.params.get("parts") or []:
        span = ctx.part(name)
        if span is not None and not any(a.contains(span) for a in areas):
            areas.append(span)
    return areas


def _sentence_initial(text: str, start: int, block_start: int) -> bool:
    i = start - 1
    while i >= block_start and (text[i].isspace() or text[i] in "\"'‘’“”([*-–•"):
        i -= 1
    return i < block_start or text[i] in _SENTENCE_END


def _letter_words(ctx: CheckContext, skip: list[Span]) -> set[str]:
    """Words of the skipped parts and the names the letter knows: accepted everywhere."""
    out: set[str] = set()
    for span in skip:
        out.update(m.group(0).lower().rstrip("'’") for m in WORD.finditer(ctx.text, span.start, span.end))
    for fact in ("addressee", "addressee_surname", "signatory", "job_title"):
        value = ctx.letter.fact(fact)
        if isinstance(value, str):
            out.update(w.lower() for w in WORD.findall(value))
    return out


def _proper_nouns(text: str, areas: list[Span], block_start: Callable[[int], int]) -> set[str]:
    """Capitalised words used inside a sentence somewhere in the letter: names, places."""
    out: set[str] = set()
    for area in areas:
        for m in WORD.finditer(text, area.start, area.end):
            w = m.group(0)
            if w[:1].isupper() and not _sentence_initial(text, m.start(), block_start(m.start())):
                out.add(w.lower().rstrip("'’"))
    return out


def _block_start(ctx: CheckContext, offset: int) -> int:
    block = ctx.doc.block_at(offset)
    return block.span.start if block else 0


def run(rule: Rule, ctx: CheckContext) -> list[Hit]:
    """Hits for one letter: each word the British English dictionary does not know, with up to
    ``max_suggestions`` corrections. Source: Q22. Raises Skip when the check cannot run here;
    never modifies ``ctx``'s letter."""
    from letterlint.letter.nlp.spelling import frequency, speller

    comp = rule.compiled
    text = ctx.text
    skip = [s for name in rule.params.get("skip_parts") or [] if (s := ctx.part(name)) is not None]
    accept = ctx.config.get("spelling.accept", []) or []
    if not isinstance(accept, list):
        raise CheckError("spelling.accept must be a list of words")
    extra = frozenset(comp["vocabulary"] | {str(w).lower() for w in accept})
    sp = speller(extra).with_words(_letter_words(ctx, skip))
    areas = _areas(rule, ctx)
    blocked = list(skip)
    for area in areas:
        blocked += [m.span for m in finditer(comp["defer"], text, area)] if comp["defer"] else []
    limit = int(rule.params.get("max_suggestions", 3))
    hits: list[Hit] = []
    for span, piece in candidates(text, areas, sp, blocked, lambda pos: _block_start(ctx, pos)):
        suggestions = sp.suggest(piece, limit)
        if piece[:1].isupper() and not any(frequency(s) for s in suggestions):
            continue  # a capitalised word that resembles no common word: a name
        hits.append(_hit(span, suggestions, clear=_clearly_best(piece, suggestions)))
    return hits


def _clearly_best(word: str, suggestions: list[str]) -> bool:
    """Is the first correction clearly the one meant (so ``letterlint fix --suggested`` may
    make it)? Only one is offered, or it is closer to the word than the next one (OSA edit
    distance), or as close and at least ten times as common ("recieve": receive, not
    relieve); and the word is not capitalised (a name the dictionary lacks)."""
    from letterlint.letter.nlp.spelling import _distance, frequency

    if not suggestions or word[:1].isupper():
        return False
    first = _distance(word, suggestions[0])
    if len(suggestions) == 1:
        return first <= 2
    second = _distance(word, suggestions[1])
    common = frequency(suggestions[0]) >= 10 * max(frequency(suggestions[1]), 1e-9)
    return first < second or (first == second and common)


def _overlap_test(spans: list[Span]) -> Callable[[Span], bool]:
    """``test(span)``: whether any of ``spans`` overlaps ``span`` (``Span.overlaps``), in
    O(log n) a question instead of O(n): sorted starts and the running maximum of the ends."""
    ordered = sorted(spans, key=lambda b: b.start)
    starts = [b.start for b in ordered]
    max_end = list(itertools.accumulate((b.end for b in ordered), max))

    def test(span: Span) -> bool:
        i = bisect.bisect_left(starts, span.end)  # the spans that start before ``span`` ends
        return i > 0 and max_end[i - 1] > span.start

    return test


def candidates(text: str, areas: list[Span], sp: Speller, blocked: list[Span],
               block_start: Callable[[int], int]) -> list[tuple[Span, str]]:
    """Words in ``areas`` the speller does not know and that are worth reporting. The letter's
    proper nouns and an area's stretches that are not words are found only once a word the
    dictionary does not know needs them (most areas have none; issue 15)."""
    found_proper: list[set[str]] = []

    def proper() -> set[str]:
        if not found_proper:
            found_proper.append(_proper_nouns(text, areas, block_start))
        return found_proper[0]

    out: list[tuple[Span, str]] = []
    known: dict[str, bool] = {}  # each word's answer once per letter (issue 15)
    for area in areas:
        skipped: Callable[[Span], bool] | None = None
        words = list(WORD.finditer(text, area.start, area.end))
        for i, m in enumerate(words):
            word = m.group(0)
            passed = known.get(word)  # a word the dictionary knows is passed over, skipped or not
            if passed is None:
                core = _POSSESSIVE_END.sub("", word)
                passed = known[word] = len(core) < 2 or sp.known(core) or sp.known(word)
            if passed:
                continue
            span = Span(m.start(), m.end())
            if skipped is None:
                skipped = _overlap_test(not_word_spans(text, area.start, area.end)
                                        + [b for b in blocked if b.overlaps(area)])
            if skipped(span):
                continue
            core = _POSSESSIVE_END.sub("", word)
            if core.lower() in PLAIN_ABBREVIATIONS or (text.startswith(".", m.end()) and (
                    core.lower() in ABBREVIATIONS or sp.known(core + "."))):
                continue  # "etc.", "incl.", "Dept.", and GOV.UK style's "etc", "eg"
            if core[:1].isupper() and APPOSITIVE.match(text, m.end()):
                continue  # "Brannigan, the witness care officer, ..." uses it as a name
            nxt = words[i + 1].group(0) if i + 1 < len(words) else ""
            prev = words[i - 1].group(0) if i > 0 else ""
            pieces = [(core, m.start())]
            if "-" in core:
                pieces = []
                pos = m.start()
                for part in core.split("-"):
                    pieces.append((part, pos))
                    pos += len(part) + 1
            for piece, pos in pieces:
                initial = _sentence_initial(text, pos, block_start(pos))
                if _worth_flagging(piece, initial, sp, proper, nxt, prev):
                    out.append((Span(pos, pos + len(piece)), piece))
    return out


def _worth_flagging(word: str, initial: bool, sp: Speller, proper: Callable[[], set[str]], nxt: str,
                    prev: str) -> bool:
    if len(word) < 2 or word.isupper() or ROMAN.match(word):
        return False
    if any(c.isupper() for c in word[1:]):
        return False  # McDonald, iPhone
    if sp.known(word):
        return False
    if word[:1].isupper():
        if not initial:
            return False  # a proper noun
        if word.lower() in proper() or prev.lower().rstrip(".") in TITLES:
            return False
        if nxt[:1].isupper():
            return False  # "Okafor Brown said..."
    return True


def _hit(span: Span, suggestions: list[str], clear: bool = False) -> Hit:
    words = [f"'{s}'" for s in suggestions]
    quoted = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1] if words else ""
    did_you_mean = f" Did you mean {quoted}?" if words else ""
    return Hit(
        span,
        suggestion=suggestions[0] if suggestions else None,
        vars={"suggestions": quoted, "did_you_mean": did_you_mean},
        fixable=clear,
    )
