"""complaint_points: every point the complainant raised should be answered in the reply
(HMCPSI 2023 7.9-7.10, Annex C Q28).

Needs the complainant's letter (``--complaint FILE``); without it the check is skipped and the
item is reported as not assessed. The points are the complaint's numbered or bulleted items
("1.", "2)", "(a)", "Firstly") and every question outside them; when it has fewer than two
numbered items, they are its sentences that ask something or say what went wrong
(``markers``). A reply paragraph under the complainant's number answers that point only when it
speaks to the point's subject (holds some of its key words). A point counts as answered when one passage of
the reply (``window`` paragraphs together) contains at least ``min_share`` of the point's key
words (content words other than everyday words of complaint letters). A point is answered
when the reply speaks to its subject in its own words: a key word counts when the reply has it
in any inflection, its lemma ("rang" -> "ring", spaCy's English lookup table) or another word
the rule's ``synonyms`` give for the same thing ("lawyer" -> "prosecutor", "barrister"); a
short heading ("2. What I found") is read with the paragraph it heads. The check is
deliberately cautious: it reports only points whose key words the reply barely touches.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from letterlint.checks.base import CheckContext, Hit, ParamSpec, Skip
from letterlint.model import RUN_CONTEXT, Severity, complaint_how
from letterlint.rules.lazy_pattern import lazy_re
from letterlint.rules.patterns import _lemma_forms, compile_patterns, search
from letterlint.rules.spec import PhraseBank, Rule

PARAMS = {
    "min_share": ParamSpec(
        "float", default=0.34,
        doc="share of a point's key words that one passage of the reply must contain for the "
            "point to count as answered",
    ),
    "min_words": ParamSpec(
        "int", default=3, doc="points with fewer key words than this are too short to judge"
    ),
    "window": ParamSpec("int", default=2, doc="reply paragraphs read together as one passage"),
    "markers": ParamSpec(
        "patterns", default=[],
        doc="when the complaint has no numbered points: a sentence matching one of these is a "
            "point (questions are always points)",
    ),
    "ignore": ParamSpec(
        "list[str]", default=[],
        doc="more words that never count as key words (everyday words of complaint letters and "
            "function words are built in)",
    ),
    "max_points": ParamSpec("int", default=15, doc="at most this many points are read"),
    "synonyms": ParamSpec(
        "map", default={},
        doc="word -> other words that name the same thing in a reply (\"lawyer\": [prosecutor, "
            "advocate]); a point's word counts as answered by any of them, in any inflection",
    ),
    "heading_words": ParamSpec(
        "int", default=8,
        doc="a reply paragraph of at most this many words with no full stop (a heading) is read "
            "with the paragraph after it",
    ),
    "expansions": ParamSpec(
        "list[str]", default=[],
        doc="phrase banks of short forms with their full forms (``acronyms``): a point that says "
            "GBH is answered by a reply that says grievous bodily harm, and the other way round",
    ),
    "change_asked": ParamSpec(
        "patterns", default=[],
        doc="a point that asks what will be done so that it does not happen again (\"what are you "
            "going to do so this doesn't happen to someone else?\"): answered when the reply says "
            "what has changed (``change_stated``), in whatever words",
    ),
    "change_stated": ParamSpec(
        "patterns", default=[],
        doc="the reply says what has changed or been done so that it does not happen again (a "
            "new check, training, a reminder to staff: the remedy of 7.16-7.18)",
    ),
    "numbered_share": ParamSpec(
        "float", default=0.5,
        doc="when the reply answers under the complainant's own numbers (7.9), a numbered point "
            "whose number the reply has counts as answered, and one whose number it skips is "
            "unanswered unless one passage holds this share of its key words",
    ),
}
REPLY_NUMBER_RE = lazy_re(r"^[ \t]*\(?(\d{1,2})[.):][ \t]+\S", re.MULTILINE)

NUMBERED_RE = lazy_re(
    r"^\s*(?:\(?\d{1,2}[.):]|\(?[a-hA-H][.)]|[-•*–]\s|(?:First(?:ly)?|Second(?:ly)?|Third(?:ly)?|"
    r"Fourth(?:ly)?|Fifth(?:ly)?|Finally|Lastly|Also)\b,?)\s*"
)
HEADER_RE = lazy_re(
    r"^\s*(?:from|to|date|sent|subject|re|name|case|email|e-mail|tel|telephone|address|cc)\s*:",
    re.IGNORECASE,
)
SIGN_OFF_RE = lazy_re(r"^\s*(?:dear\b|yours\b|kind regards|regards|best wishes|many thanks|thank you\.?$)",
                         re.IGNORECASE)
SENTENCE_RE = lazy_re(r"[^.?!]+(?:[.?!]+|$)")
WORD_RE = lazy_re(r"[A-Za-z][A-Za-z'’]+")

_EVERYDAY = """
a about above after again against all also although am an and any anyone anything are as at
be because been before being below between both but by can cannot could did do does doing done
down during each either even ever every few for from further get gets getting got had has have
having he her here hers herself him himself his how however i if in into is it its itself just
last let like made make many may me might more most much must my myself neither never no nobody
none nor not nothing now of off on once one only or other others our ours ourselves out over own
per please quite rather really same say said says she should since so some someone something
still such than thank thanks that the their theirs them themselves then there these they this
those though through to too under until up upon us very was we well were what when where which
while who whom whose why will with within without would yet you your yours yourself yourselves
able across already always anyone back came come comes going gone give given gives know knew
known want wanted wants tell told telling think thought feel felt went took take taken time
times day days week weeks month months year years today yesterday tomorrow morning afternoon
evening night two three four five six first second third fourth fifth next
complaint complaints complain complained complaining cps crown prosecution service
letter letters email emails write wrote written writing reply replied response respond
dear sir madam regards sincerely faithfully mr mrs ms miss dr
didnt doesnt dont wasnt werent isnt arent hasnt havent hadnt couldnt wouldnt shouldnt cant wont
aint ive im
"""
EVERYDAY = frozenset(_EVERYDAY.split())


@dataclass(frozen=True)
class Point:
    """One point of the complainant's letter: its ``label`` (their number, or the sentence number),
    ``text``, key ``words`` (lower case) and whether it was ``numbered`` by them."""
    label: str  # "1", "2" ... or the sentence number
    text: str
    words: frozenset[str]
    numbered: bool = False  # one of the complaint's own numbered or bulleted points


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
    """Compile ``params`` (already checked against PARAMS) once, at load: patterns and banks.
    Returns the kind's compiled form (``Rule.compiled``). Raises ValueError or PatternError,
    which the loader reports as ``file: params: ...``."""
    if not 0 < params["min_share"] <= 1:
        raise ValueError("min_share: between 0 and 1")
    if params["window"] < 1:
        raise ValueError("window: at least 1")
    groups: dict[str, str] = {}
    for head, others in (params["synonyms"] or {}).items():
        if not isinstance(others, list) or not all(isinstance(o, str) for o in others):
            raise ValueError(f"synonyms: {head}: a list of words")
        for word in (head, *others):
            if " " in word.strip():
                raise ValueError(f"synonyms: {word!r}: one word each")
            groups.setdefault(lemma(word.lower()), lemma(str(head).lower()))
    short: dict[str, frozenset[str]] = {}  # "gbh" -> {"grievous", "bodily", "harm"}
    for name in params["expansions"] or []:
        if name not in banks:
            raise ValueError(f"expansions: no phrase bank {name!r}")
        for e in banks[name].entries:
            full = [w.lower() for w in WORD_RE.findall(e.replacement or "") if w.lower() not in EVERYDAY]
            if full and re.fullmatch(r"[A-Za-z]{2,8}", e.phrase) and not e.everyday:
                short[e.phrase.lower()] = frozenset(full)
    return {
        "expansions": short,
        "markers": compile_patterns(params["markers"] or [], banks),
        "change_asked": compile_patterns(params["change_asked"] or [], banks),
        "change_stated": compile_patterns(params["change_stated"] or [], banks),
        "ignore": EVERYDAY | frozenset(w.lower() for w in params["ignore"]),
        "synonyms": groups,
    }


@functools.cache
def _lemmas() -> dict[str, str]:
    out: dict[str, str] = {}
    for base, forms in _lemma_forms().items():
        for form in forms:
            out.setdefault(form, base)
    return out


def lemma(word: str) -> str:
    """The dictionary form of a lower-case ``word`` ("rang" -> "ring", "remarks" -> "remark"), from
    spaCy's English lookup table; the word itself when the table does not know it."""
    return _lemmas().get(word, word)


def concepts(words: frozenset[str], synonyms: Mapping[str, str]) -> frozenset[str]:
    """``words`` with each one's lemma and, where ``synonyms`` names it, its group's head word:
    what a reply passage can be said to speak of."""
    out = set(words)
    for w in words:
        base = lemma(w)
        out.add(base)
        out.add(synonyms.get(base, synonyms.get(w, base)))
    return frozenset(out)


def key_words(text: str, ignore: frozenset[str]) -> frozenset[str]:
    """The content words of ``text`` (lower case), without everyday words of complaint letters and
    ``ignore``."""
    out = set()
    for m in WORD_RE.finditer(text):
        w = m.group(0).lower().replace("’", "'")
        w = w.removesuffix("'s").removesuffix("'")
        if len(w) >= 3 and w not in ignore and "'" not in w:
            out.add(w)
    return frozenset(out)


def same_word(a: str, b: str) -> bool:
    """Equal, or sharing a long enough beginning ("addressed"/"address", "explain"/"explanation")."""
    if a == b:
        return True
    if len(a) < 5 or len(b) < 5:
        return False
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= 5 and n >= 0.6 * min(len(a), len(b))


# Words a complaint about a prosecution is likely to mean when it misspells one: a misspelling
# is read as one of these when the spelling checker offers it at all ("defendent" -> "defendant",
# not "dependent"; "accussed" -> "accused", not "accessed"; "triel" -> "trial", not "tried")
_LIKELY = frozenset({
    "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "defendant", "defendants", "accused", "trial", "trials", "witness", "witnesses",
    "evidence", "hearing", "hearings", "court", "courts", "police", "sentence", "sentenced",
    "sentencing", "statement", "statements", "victim", "victims", "prosecutor", "prosecutors",
    "prosecution", "prosecuted", "charge", "charged", "charges", "barrister", "solicitor",
    "lawyer", "judge", "magistrates", "magistrate", "verdict", "guilty", "acquitted", "convicted",
    "conviction", "bail", "custody", "adjourned", "adjournment", "cancelled", "postponed",
    "harassment", "assault", "assaulted", "stalking", "restraining", "injunction", "compensation",
    "complaint", "complained", "letter", "received", "informed",
})


@functools.lru_cache(maxsize=4096)
def corrected(word: str) -> str:
    """The word the complainant meant by ``word`` (lower case) when the British English dictionary
    does not know it, or "" (a known word, one under five letters, one with no suggestion). A
    complaint keeps its writer's slips and the reply spells the word right ("Febuary",
    "recieved"). Of the spelling checker's first three suggestions, in lower case and
    capitalised ("Febuary" -> "February"), the first that is a word of complaints about a
    prosecution (``_LIKELY``); else its first suggestion. So "defendent" is "defendant", not
    "dependent", and "recieved" is "received", not "relieved" (a breaker's sentences)."""
    from letterlint.letter.nlp.spelling import speller

    check = speller()
    if len(word) < 5 or check.known(word):
        return ""
    lower = [w.lower() for w in check.suggest(word, 3)]
    capital = [w.lower() for w in check.suggest(word.capitalize(), 3)]
    likely = next((w for w in lower + capital if w in _LIKELY), "")
    return likely or (lower[0] if lower else "")


def _lines(text: str) -> list[str]:
    """The complaint's lines, without headers, greetings and sign-offs."""
    out = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or HEADER_RE.match(line) or SIGN_OFF_RE.match(line):
            continue
        out.append(line)
    return out


def extract_points(text: str, markers: Any, ignore: frozenset[str], limit: int) -> list[Point]:
    """Numbered or bulleted points; failing that, questions and sentences that match markers."""
    lines = _lines(text)
    numbered: list[list[str]] = []
    in_list = False
    for line in lines:
        if NUMBERED_RE.match(line) and len(NUMBERED_RE.sub("", line, count=1)) > 3:
            numbered.append([NUMBERED_RE.sub("", line, count=1)])
            in_list = True
        elif in_list and numbered and not line[:1].isupper():
            numbered[-1].append(line)  # a point that runs on to the next line
        else:
            in_list = False
    points: list[Point] = []
    inside: set[str] = set()
    if len(numbered) >= 2:
        items = [" ".join(parts) for parts in numbered]
        points = [Point(str(i + 1), t, key_words(t, ignore), True) for i, t in enumerate(items)]
        inside = {" ".join(t.split()) for t in items}
    for line in lines:
        if NUMBERED_RE.match(line) and any(" ".join(NUMBERED_RE.sub("", line, count=1).split()) in t
                                           for t in inside):
            continue
        for m in SENTENCE_RE.finditer(line):
            sentence = m.group(0).strip()
            if len(sentence.split()) < 4 or any(" ".join(sentence.split()) in t for t in inside):
                continue
            # beside numbered points only questions count ("Why did nobody ring me?"); without
            # them, sentences that say what went wrong count as well
            if sentence.endswith("?") or (not inside and markers and search(markers, sentence) is not None):
                label = f"question {len(points) - len(inside) + 1}" if inside else str(len(points) + 1)
                points.append(Point(label, sentence, key_words(sentence, ignore)))
    return points[:limit]


def coverage(point: Point, passage: frozenset[str], synonyms: Mapping[str, str] | None = None) -> float:
    """Share (0.0-1.0) of the point's key words found in ``passage`` (inflections count; with
    ``synonyms``, a lemma -> head-word map, so do other words for the same thing, when the
    passage was widened by :func:`concepts`); 1.0 for a point with none."""
    if not point.words:
        return 1.0
    syn = synonyms or {}

    def found(w: str) -> bool:
        if any(same_word(w, r) for r in passage):
            return True
        base = lemma(w)
        if base in passage or syn.get(base, syn.get(w, base)) in passage:
            return True
        meant = corrected(w)  # the complainant's slip, read as the word they meant
        return bool(meant) and any(same_word(meant, r) or lemma(meant) == r for r in passage)

    return sum(1 for w in point.words if found(w)) / len(point.words)


def unanswered(points: list[Point], passages: list[frozenset[str]], min_share: float,
               min_words: int, reply_numbers: frozenset[str] = frozenset(),
               numbered_share: float = 0.5,
               sections: Mapping[str, frozenset[str]] | None = None,
               synonyms: Mapping[str, str] | None = None) -> list[tuple[Point, float]]:
    """Points no passage answers. When the reply uses the complainant's numbering (at least
    two numbered paragraphs, and under at least half of the numbers it shares with the complaint
    it speaks to that point's subject: half ``min_share`` of its key words), the numbers decide
    for numbered points. A reply that numbers its own headings ("1. Your complaint", "2. The
    decision to accept a plea") is read passage by passage like any other (w46-001)."""
    by_number = len(reply_numbers) >= 2
    if by_number and sections is not None:
        shared = [pt for pt in points if pt.numbered and pt.label in sections and len(pt.words) >= min_words]
        on_subject = sum(1 for pt in shared if coverage(pt, sections[pt.label], synonyms) >= min_share / 2)
        by_number = not shared or 2 * on_subject >= len(shared)
    out = []
    for point in points:
        if len(point.words) < min_words:
            continue
        best = max((coverage(point, p, synonyms) for p in passages), default=0.0)
        if by_number and point.numbered:
            # the reply's own number counts only when the passage speaks to the point's subject
            # (one of its key words under that number): "2. Our decision" does not answer a
            # point 2 about a misaddressed letter
            under = (sections or {}).get(point.label)
            has_number = point.label in reply_numbers and (
                coverage(point, under, synonyms) > 0 if under is not None else best >= min_share / 2)
            if not has_number and best < numbered_share:
                out.append((point, best))
        elif best < min_share:
            out.append((point, best))
    return out


_REASON_RE = lazy_re(r"\s*(?:because|as|since|otherwise|or\s+else|next\s+time)\b", re.IGNORECASE)


def _expanded(words: frozenset[str], short: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """``words`` (a reply passage's key words) with each short form whose full form they hold
    ("grievous bodily harm" -> gbh) and the full form of each short form they hold (gbh ->
    grievous, bodily, harm): a point is answered in either form (Q28)."""
    extra: set[str] = set()
    for abbr, full in short.items():
        if abbr in words:
            extra |= full
        elif full <= words:
            extra.add(abbr)
    return words | extra if extra else words


def _plain_words(text: str) -> frozenset[str]:
    """Every word of ``text``, lower case, "’" as "'"."""
    return frozenset(w.lower().replace("’", "'") for w in WORD_RE.findall(text))


def _asked_as_heading(point: Point, headings: list[frozenset[str]]) -> bool:
    """Whether the first sentence of ``point`` (a question of four words or more) is repeated by
    one of the reply's question headings (``_plain_words`` of each): 80% of its words or more."""
    first = SENTENCE_RE.search(point.text)
    if first is None or not first.group(0).rstrip().endswith("?"):
        return False
    lead = _plain_words(first.group(0))
    if len(lead) < 4:
        return False
    return any(len(lead & h) >= 0.8 * len(lead) for h in headings)


def _quote(text: str, words: int = 25) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def run(rule: Rule, ctx: CheckContext) -> list[Hit]:
    """Hits for one letter: at most one whole-letter hit listing the complainant's points the reply
    barely touches; Skip without --complaint. Source: Q28; HMCPSI 2023 7.9-7.10. Raises Skip
    when the check cannot run here; never modifies ``ctx``'s letter."""
    if ctx.complaint is None:
        raise Skip(complaint_how(ctx.config.get(RUN_CONTEXT)))
    comp = rule.compiled
    p = rule.params
    points = extract_points(ctx.complaint.doc.text, comp["markers"], comp["ignore"], p["max_points"])
    if not points:
        raise Skip("no separate points could be found in the complainant's letter")
    syn = comp["synonyms"]
    paragraphs: list[frozenset[str]] = []
    heading = frozenset[str]()
    title = frozenset[str]()  # the heading's own key words, before lemmas and synonyms
    titles: list[tuple[frozenset[str], frozenset[str]]] = []  # each heading's key words, and its paragraph's
    for s in ctx.paragraphs():
        own = key_words(ctx.text[s.start : s.end], comp["ignore"])
        words = _expanded(concepts(own, syn), comp["expansions"])
        raw = ctx.text[s.start : s.end].strip()
        if len(raw.split()) <= p["heading_words"] and not raw.endswith((".", "?", "!")):
            heading |= words  # a heading ("2. What I found") belongs to the paragraph it heads
            title |= own
            continue
        if raw.endswith("?") and len(raw.split()) <= 2 * p["heading_words"]:
            continue  # the complainant's question repeated as a heading answers nothing by itself
        if title and len(raw.split()) >= 15:
            titles.append((title, words))
        paragraphs.append(heading | words)
        heading, title = frozenset(), frozenset()
    if heading:
        paragraphs.append(heading)
    size = min(p["window"], max(1, len(paragraphs)))
    passages = [frozenset().union(*paragraphs[i : i + size])
                for i in range(max(1, len(paragraphs) - size + 1))] if paragraphs else []
    body = ctx.text[ctx.body.start : ctx.body.end]
    found = list(REPLY_NUMBER_RE.finditer(body))
    numbers = frozenset(str(int(m.group(1))) for m in found)
    sections: dict[str, frozenset[str]] = {}
    for i, m in enumerate(found):  # the reply's text under each of its numbers
        end = found[i + 1].start() if i + 1 < len(found) else len(body)
        label = str(int(m.group(1)))
        sections[label] = sections.get(label, frozenset()) | _expanded(concepts(
            key_words(body[m.start():end], comp["ignore"]), syn), comp["expansions"])
    missed = unanswered(points, passages, p["min_share"], p["min_words"], numbers, p["numbered_share"],
                        sections, syn)
    # the complainant's own question used as a heading, with the answer under it ("Why did it
    # take seven months?" then the dates): that point is answered, however the rest of it is
    # worded (blind letter w15-001)
    # (only over an answer: the paragraph under the heading has 15 words or more)
    paras = ctx.paragraphs()
    asked = [_plain_words(ctx.text[s.start : s.end]) for s, after in itertools.pairwise(paras)
             if ctx.text[s.start : s.end].strip().endswith("?")
             and len(ctx.text[s.start : s.end].split()) <= 2 * p["heading_words"]
             and len(ctx.text[after.start : after.end].split()) >= 15]
    if asked:
        missed = [(pt, share) for pt, share in missed if not _asked_as_heading(pt, asked)]
    # a heading that names the point's subject in two words or more, all of them the point's,
    # over a paragraph that speaks to more of the point ("4. The restraining order" over "...
    # forbids him from contacting you ... If he breaks them", for "it doesnt say what the
    # restraining order actually is ... if he is breaking it": w46-001); not over "I have passed
    # your letter to the team who deal with these" (a breaker's letter)
    def titled(pt: Point) -> bool:
        for t, under in titles:
            if len(t) >= 2 and coverage(Point("", "", t), concepts(pt.words, syn), syn) == 1.0:
                rest = frozenset(w for w in pt.words if coverage(Point("", "", frozenset({w})), t, syn) < 1.0)
                if rest and coverage(Point("", "", rest), under - t, syn) > 0:
                    return True
        return False

    if missed and titles:
        missed = [(pt, share) for pt, share in missed if not titled(pt)]
    # "What are you going to do so this doesn't happen to someone else?" is answered by what has
    # changed, however it is worded ("Our paralegal team now checks every case...": w12-001)
    # (the rest of the point, if it says more, must be answered in its own right)
    if missed and comp["change_asked"] and comp["change_stated"] and search(comp["change_stated"], body):
        def change_answers(pt: Point) -> bool:
            said = [m.group(0) for m in SENTENCE_RE.finditer(pt.text)]
            asks = [x for x in said if search(comp["change_asked"], x)]
            if not asks:
                return False
            # ("Because next time it could be worse": the question's reason, not another point)
            rest = " ".join(x for x in said if x not in asks and not _REASON_RE.match(x))
            words = key_words(rest, comp["ignore"])
            best = max((coverage(Point(pt.label, rest, words), ps, syn) for ps in passages), default=0.0)
            return bool(len(words) < p["min_words"] or best >= p["min_share"])
        missed = [(pt, share) for pt, share in missed if not change_answers(pt)]
    if not missed:
        return []
    listed = "; ".join(f"point {pt.label}: \"{_quote(pt.text)}\"" for pt, _ in missed)
    n = len(missed)
    what = "this point" if n == 1 else f"these {n} points"
    # one point word matching cannot find answered may be answered in other words (the rule's
    # severity, a warning); two or more unanswered are an error (HMCPSI 7.10, 7.48), unless the
    # user set the rule's severity to something else (rules.severity), which then holds
    return [Hit(
        None,
        severity=Severity.ERROR if n >= 2 and rule.severity is Severity.WARNING else None,
        message=f"The reply does not appear to answer {what} from the complaint: {listed}.",
        suggestion=" ".join(f"Add a paragraph that answers point {pt.label} "
                            f"(\"{_quote(pt.text, 12)}\")." for pt, _ in missed),
        vars={"points": listed, "count": n, "total": len(points),
              "share": math.floor(100 * max(s for _, s in missed))},
    )]
