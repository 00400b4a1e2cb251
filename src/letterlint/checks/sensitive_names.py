"""sensitive_names: a person's name written next to a role that should keep it out of the letter
(HMCPSI 2023 Annex C Q33: names of witnesses, youths, victims in sexual offence cases, suspects
not charged).

A name is a title and a capitalised surname ("Mr Dean Hollings", "Ms Patel") or two or three
capitalised words that are not ordinary words of a letter ("Kieran Doyle"); with a trained
spaCy pipeline, its PERSON entities count too. A name is flagged only when a role from
``roles`` stands right beside it, in apposition: "the witness, John Smith", "Mr Hollings, the
independent eyewitness", "Kieran Doyle, aged 16", "Ms Patel, who gave evidence". The addressee,
people who share the addressee's surname (their family) and the signatory are never flagged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from letterlint.checks.base import NOT_ARISEN, CheckContext, Hit, NotArisen, ParamSpec
from letterlint.checks.existence import excepted
from letterlint.model import Span
from letterlint.rules.lazy_pattern import lazy_re
from letterlint.rules.patterns import Match, compile_patterns, finditer
from letterlint.rules.spec import PhraseBank, Rule

PARAMS = {
    "roles": ParamSpec(
        "patterns", required=True,
        doc="role words that make a name sensitive (usually {bank: sensitive-roles}); a bank "
            "entry's 'reason' is the reason given in the message ('names a witness')",
    ),
    "only_if": ParamSpec(
        "patterns", default=[],
        doc="the rule applies only when one of these appears somewhere in the letter "
            "(for example a sexual offence)",
    ),
    "exceptions": ParamSpec(
        "patterns", default=[],
        doc="role matches overlapping these do not count ('witness care unit', 'Witness Service')",
    ),
    "not_names": ParamSpec(
        "list[str]", default=[],
        doc="capitalised words that are never part of a person's name (Court, Police, Unit...); "
            "function words, months and days are built in",
    ),
    "between": ParamSpec(
        "int", default=30,
        doc="most characters between a name and its role (only commas, brackets and words such "
            "as 'the', 'a', 'key', 'independent' may stand between them)",
    ),
    "entities": ParamSpec(
        "bool", default=True, doc="also use PERSON entities when a trained pipeline is installed"
    ),
    "youth_case": ParamSpec(
        "patterns", default=[],
        doc="words that make the case a youth's (the Youth Court, a referral order): in a "
            "paragraph that has one, the defendant it names ('R v Kian Mallory', 'the case against "
            "Kian Mallory', 'Tyler Rees was charged', 'Kian Mallory pleaded guilty') is a youth, "
            "with no age beside the name",
    ),
    "youth_reason": ParamSpec(
        "str", default="names a youth defendant",
        doc="reason given for a defendant named in a youth's case (youth_case)",
    ),
    "children": ParamSpec(
        "bool", default=False,
        doc="also flag the addressee's child named after 'your son' or 'your daughter' ('your "
            "daughter, Ellie Marsh'), though they share the addressee's name (their family is "
            "otherwise never flagged): in a letter about a sexual offence the child is the victim",
    ),
    "children_reason": ParamSpec(
        "str", default="names the child of the person you are writing to",
        doc="reason given for a child named after 'your son' or 'your daughter' (children)",
    ),
    "subject": ParamSpec(
        "bool", default=False,
        doc="also look at the subject line ('RE: R v Kian Mallory (aged 16)'), which lies "
            "outside the body",
    ),
    "reason": ParamSpec(
        "str", default="names someone whose name should not be in the letter",
        doc="reason used when the role's bank entry has no note",
    ),
}

TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master|Sir|Dame|Lady|Lord)"
_WORD = r"(?:Mc|Mac|O['’]|D['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
NAME_RE = re.compile(
    rf"\b(?:{TITLES}\.?\s+(?:[A-Z]\.?\s+)?{_WORD}(?:\s+{_WORD}){{0,2}}"
    rf"|{_WORD}(?:\s+[A-Z]\.)?(?:\s+{_WORD}){{1,2}})\b"
)
TITLE_RE = re.compile(rf"^{TITLES}\b\.?")

# Capitalised words that start sentences, name months and days, or are otherwise never names.
_NOT_NAME_WORDS = """
a an the this that these those there their they then thank thanks dear yours please your
you my our his her its we i he she it in on at for from to with by of if when while as after
before because although though since until unless so but and or nor not no yes also
however therefore moreover furthermore first firstly second secondly third thirdly finally
lastly regarding re following further during under over about again all any each every
both either neither some many most much one two three four five six seven eight nine ten
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
who what which where why how here
"""
BUILT_IN_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())

# Between a name and its role: commas, brackets and a few determiners or adjectives.
_FILLER = (
    r"(?:\s*[,(:–-]\s*|\s+)"
    r"(?:(?:the|a|an|our|your|their|his|her|key|main|only|independent|prosecution|defence|"
    r"other|another|second|third|civilian|young|teenage|alleged|named|called|namely|"
    r"who\s+(?:is|was)|(?:is|was)\s+(?:a|the))\s+){0,3}"
)
# ... or a possessive: "Miss Corrigan's account" (the account is hers: she is the complainant)
AFTER_GAP_RE = lazy_re(rf"^(?:{_FILLER}|['’]s\s+)$", re.IGNORECASE)
# the addressee's own family: "your son, Tom Reid, aged 15" is not a third party
FAMILY_RE = lazy_re(
    r"\byour\s+(?:\w+\s+)?(?:son|daughter|child|grandson|granddaughter|grandchild|nephew|niece|"
    r"stepson|stepdaughter|brother|sister|husband|wife|partner|mother|father)\s*,?\s*\(?\s*$",
    re.IGNORECASE,
)
# the addressee's own child, named after "your daughter" (``children``): "your daughter, Ellie
# Marsh", "your son Tom Reid"
CHILD_RE = lazy_re(
    r"\byour\s+(?:\w+\s+)?(?:son|daughter|child|grandson|granddaughter|grandchild|stepson|"
    r"stepdaughter|stepchild)\s*,?\s*\(?\s*$",
    re.IGNORECASE,
)
CHILD_ANY_RE = lazy_re(
    r"\byour\s+(?:\w+\s+)?(?:son|daughter|child|grandson|granddaughter|grandchild|stepson|"
    r"stepdaughter|stepchild)\b",
    re.IGNORECASE,
)
# the defendant named: "R v Kian Mallory", "the case against Kian Mallory", "the prosecution of
# Kian Mallory", "Tyler Rees was originally charged", "Kian Mallory pleaded guilty" (youth_case)
DEFENDANT_BEFORE_RE = lazy_re(
    r"(?:\bR\.?\s+v\.?|\b(?:case|cases|prosecution|proceedings|trial|charges?|evidence)\s+against"
    r"|\b(?:prosecution|trial)\s+of)\s+$", re.IGNORECASE)
DEFENDANT_AFTER_RE = lazy_re(
    r"^\s+(?:(?:was|has\s+been|had\s+been)\s+(?:(?:originally|first|later|subsequently|then|also|"
    r"eventually|finally)\s+)?(?:charged|convicted|sentenced|cautioned|found\s+guilty|"
    r"made\s+subject|given\s+a|ordered|remanded|bailed|dealt\s+with)"
    r"|(?:pleaded|pled|admitted|denied|received)|(?:later|then|eventually|subsequently)\s+"
    r"(?:pleaded|pled|admitted))\b"
)
BEFORE_GAP_RE = lazy_re(r"^(?:\s*,?\s+(?:called|named|namely)\s*,?\s*|\s*[,:(]\s*|\s+)$", re.IGNORECASE)


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
    """Compile ``params`` (already checked against PARAMS) once, at load: patterns and banks.
    Returns the kind's compiled form (``Rule.compiled``). Raises ValueError or PatternError,
    which the loader reports as ``file: params: ...``."""
    return {
        "roles": compile_patterns(params["roles"], banks),
        "only_if": compile_patterns(params["only_if"] or [], banks),
        "exceptions": compile_patterns(params["exceptions"] or [], banks),
        "youth_case": compile_patterns(params["youth_case"] or [], banks),
        "not_names": frozenset(w.lower() for w in params["not_names"]) | BUILT_IN_NOT_NAMES,
    }


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s.]+", TITLE_RE.sub("", name)) if w]


def regex_names(text: str, area: Span, not_names: frozenset[str]) -> list[Span]:
    """Spans that look like people's names, from capitalisation alone."""
    out = []
    for m in NAME_RE.finditer(text, area.start, area.end):
        titled = bool(TITLE_RE.match(m.group(0)))
        words = _words(m.group(0))
        start = m.start()
        if not titled:
            # drop leading words that are never names ("The", "Witness"), keep the rest
            while words and (words[0].lower() in not_names or len(words[0]) == 1):
                start = text.index(words[0], start) + len(words[0])
                words = words[1:]
            if len(words) < 2 or any(w.lower() in not_names for w in words):
                continue
            start = text.index(words[0], start)
        elif any(w.lower() in not_names for w in words):
            continue
        out.append(Span(start, m.end()))
    return out


# people named by their part in the case, not by name: "The Defence's account", "Counsel's advice"
_ROLE_WORDS = """
defence prosecution counsel defendant defendants complainant complainants officer officers judge
jury police victim victims witness witnesses mother father son daughter sister brother partner
husband wife child children family friend neighbour doctor nurse teacher school expert
"""
_ROLE_NOUNS = frozenset(_ROLE_WORDS.split())
_POSSESSOR_RE = lazy_re(r"(?<![\w'’-])([A-Z][a-z]+(?:-[A-Z][a-z]+)?)['’]s\s+$")


def _lone_first_names(text: str, roles: list[Match], names: list[Span], not_names: frozenset[str],
                      fulls: set[str], before: Any, fits: Any) -> list[Span]:
    """One capitalised word that ``before`` finds right before a role (its group 1), where
    ``fits(role, word, span)`` holds: not the addressee's or signatory's own first name, a word
    that is never a name or that names a part in the case, nor one a longer name already covers."""
    own = {w for full in fulls for w in full.split()}
    out: list[Span] = []
    for r in roles:
        m = before.search(text, max(0, r.span.start - 40), r.span.start)
        if m is None:
            continue
        word = m.group(1)
        span = Span(m.start(1), m.end(1))
        lower = word.lower()
        if (lower in not_names or lower in _ROLE_NOUNS or lower in own or not fits(r, word, span)
                or any(n.overlaps(span) for n in names + out)):
            continue
        out.append(span)
    return out


def possessive_first_names(text: str, roles: list[Match], names: list[Span],
                           not_names: frozenset[str], fulls: set[str]) -> list[Span]:
    """A first name on its own whose possessive stands right before a role ("Chloe's ABE
    interview", "Ellie's account"): a person, though capitalisation alone cannot tell one word
    from any other at the start of a sentence. Not the addressee's own first name ("Kirsty's ABE
    interview" in a letter to Miss Kirsty Tollemache), a word that is never a name or that names
    a part in the case ("Counsel's advice", "Defence's evidence"), nor one a
    longer name found already covers."""
    return _lone_first_names(text, roles, names, not_names, fulls, _POSSESSOR_RE, lambda r, w, sp: True)


_APPOSED_RE = lazy_re(r"(?<![\w'’-])([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s*,\s*$")
_PLACE_BEFORE = lazy_re(r"\b(?:in|at|to|from|near|into|of|for|on|around|outside|inside)\s+$", re.IGNORECASE)
_AGE_ROLE_RE = lazy_re(r"^(?:(?:then|now)\s+)?aged\s", re.IGNORECASE)
# words that stand before a comma at the start of a sentence and are not names: "Sadly, aged 15,"
# (any -ly word), "Later, aged 16,", "Meanwhile, then aged 15,"
_NOT_APPOSED_WORDS = """
later then now today yesterday afterwards afterward meanwhile however also there here once still
since again thus yet indeed instead nevertheless nonetheless therefore moreover furthermore besides
finally first firstly second third next last lastly overall together alone both so otherwise
regardless anyway altogether elsewhere subsequently recently previously thereafter likewise hence
therein thereby whereupon nowadays sometimes soon earlier meantime initially eventually christmas
easter monday tuesday wednesday thursday friday saturday sunday
"""
# (not months or seasons: April, May, June, Summer and Autumn are first names too; "In April" and
# "That summer" are told apart by the word before)
# a capitalised word after one of these is a time or a thing, not a name: "That Christmas, then
# aged 15," "The following summer, aged 16," (a breaker's sentences)
_DETERMINER_BEFORE = lazy_re(r"\b(?:this|the|last|next|each|every|following|same)\s+$", re.IGNORECASE)
_NOT_APPOSED = frozenset(_NOT_APPOSED_WORDS.split())


def apposed_first_names(text: str, roles: list[Match], names: list[Span],
                        not_names: frozenset[str], fulls: set[str]) -> list[Span]:
    """A first name on its own with an age in apposition after it ("Amara, then aged 15, reported
    ..."; w44-011): a child named, where one capitalised word alone says nothing. Only with an
    age ("aged 15"); a word the dictionary knows only when it is not an adverb or linking word
    ("Poppy, then aged 15," is a name; "Sadly, aged 15," and "Later, aged 16," are not); not after
    a preposition ("living in Swindon, then aged 15": a place), and not the addressee's own first
    name, a word that is never a name, nor one a longer name covers."""
    from letterlint.letter.nlp.spelling import speller

    def adverb(lower: str) -> bool:  # "sadly", "happily", "tragically"; not "holly", "emily"
        if lower.endswith(("wise", "wards", "after", "fore", "over")):  # likewise, afterwards, thereafter
            return True
        if not lower.endswith("ly"):
            return False
        stems = (lower[:-2], lower[:-3] + "y" if lower.endswith("ily") else "",
                 lower[:-4] if lower.endswith("ally") else "")
        return any(len(st) > 1 and speller().known(st) for st in stems)

    def name_like(word: str) -> bool:
        lower = word.lower()
        return lower not in _NOT_APPOSED and (not speller().known(lower) or not adverb(lower))

    def fits(role: Match, word: str, span: Span) -> bool:
        return (bool(_AGE_ROLE_RE.match(role.text)) and name_like(word)
                and not _PLACE_BEFORE.search(text, max(0, span.start - 20), span.start)
                and not _DETERMINER_BEFORE.search(text, max(0, span.start - 20), span.start))

    return _lone_first_names(text, roles, names, not_names, fulls, _APPOSED_RE, fits)


def entity_names(ctx: CheckContext, area: Span) -> list[Span]:
    """PERSON entities of a trained pipeline inside ``area`` (none without one)."""
    spans: list[Span] = []
    for t in ctx.analysis.tokens_in(area):
        if t.ent_type != "PERSON":
            continue
        if spans and 0 <= t.span.start - spans[-1].end <= 1:
            spans[-1] = Span(spans[-1].start, t.span.end)
        else:
            spans.append(t.span)
    return spans


def _excluded_people(ctx: CheckContext) -> tuple[set[str], set[str]]:
    """(surnames, full names) never flagged: the addressee's family and the signatory."""
    surnames = set()
    fulls = set()
    for key in ("addressee_surname",):
        v = ctx.letter.fact(key)
        if v:
            surnames.add(str(v).lower())
    for key in ("addressee", "signatory"):
        v = ctx.letter.fact(key)
        if v:
            fulls.add(" ".join(_words(str(v))).lower())
            if key == "signatory" and _words(str(v)):
                fulls.add(_words(str(v))[-1].lower())
    return surnames, fulls


def _role_beside(text: str, name: Span, roles: list[Match], limit: int) -> Match | None:
    for r in roles:
        after = r.span.start >= name.end and r.span.start - name.end <= limit
        before = r.span.end <= name.start and name.start - r.span.end <= limit
        if after and AFTER_GAP_RE.match(text[name.end : r.span.start]):
            return r
        if before and BEFORE_GAP_RE.match(text[r.span.end : name.start]):
            return r
    return None


def _defendant(text: str, name: Span, unit: Span) -> bool:
    """Whether ``name`` is written as the defendant: "R v Kian Mallory", "the case against Kian
    Mallory", "Tyler Rees was charged", "Kian Mallory pleaded guilty"."""
    return bool(DEFENDANT_BEFORE_RE.search(text[max(unit.start, name.start - 30) : name.start])
                or DEFENDANT_AFTER_RE.match(text[name.end : min(unit.end, name.end + 60)]))


def _same_paragraph(ctx: CheckContext, unit: Span, name: Span, marks: list[Match]) -> bool:
    """Whether one of ``marks`` stands in the paragraph of ``unit`` that holds ``name``."""
    para = next((b for b in ctx.paragraphs(unit) if b.start <= name.start < b.end), unit)
    return any(para.start <= m.span.start < para.end for m in marks)


def first_mention(text: str, name: Span, words: list[str]) -> Span:
    """Where the letter first names the person found at ``name`` (its ``words``): the finding
    quotes that first use, with the surname after a first name ("Amy" beside the role, "Amy
    Fairclough" earlier; "R v Kieran Doyle" in the heading), as the labellers of issue 13 did.
    ``name`` itself when it is the first."""
    # the name, or its possessive ("Chloe's phone" names Chloe)
    pattern = r"(?<![\w'’-])" + r"\s+".join(re.escape(w) for w in words) + r"(?![\w-])(?!['’](?!s\b))"
    found = re.search(pattern, text[: name.start])
    if found is None:
        return name
    start, end = found.start(), found.end()
    titled = re.search(r"(?:\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)(?:[A-Z][a-z'’-]+\s+)?$", text[max(0, start - 30) : start])
    if titled:
        start -= len(titled.group(0))  # "Miss Amy Fairclough", first named in full
    if len(words) == 1:
        surname = re.match(r"\s+([A-Z][a-z'’-]+)\b", text[end : end + 40])
        if surname and surname.group(1).lower() not in _NOT_SURNAME:
            end += surname.end()
    return Span(start, end)


_NOT_SURNAME = frozenset({"and", "the", "was", "is", "had", "has", "who", "said", "told"})


def run(rule: Rule, ctx: CheckContext) -> list[Hit] | NotArisen:
    """Hits for one letter: each person named beside a sensitive role, once per person. Source:
    Q33. Raises Skip when the check cannot run here; never modifies ``ctx``'s letter."""
    comp = rule.compiled
    p = rule.params
    text = ctx.text
    units = ctx.units(rule.scope)
    subject = ctx.part("subject") if p["subject"] else None
    if subject is not None and not any(u.overlaps(subject) for u in units):
        units = [subject, *units]
    if comp["only_if"] and not any(True for _ in finditer(comp["only_if"], text, Span(0, len(text)))):
        return NOT_ARISEN
    surnames, fulls = _excluded_people(ctx)
    hits: list[Hit] = []
    seen: set[str] = set()
    # a role word inside a web or email address ("witness.care@cps.gov.uk") is not a role
    from letterlint.letter.zones import zones_of

    webs, _ = zones_of(ctx)
    for unit in units:
        roles = [m for m in finditer(comp["roles"], text, unit)
                 if not excepted(comp["exceptions"], text, m.span, unit)
                 and not any(w.start <= m.span.start and m.span.end <= w.end for w in webs)]
        youth = [m for m in finditer(comp["youth_case"], text, unit)] if comp["youth_case"] else []
        children = bool(p["children"]) and CHILD_ANY_RE.search(text, unit.start, unit.end) is not None
        if not roles and not youth and not children:
            continue
        names = regex_names(text, unit, comp["not_names"])
        names += possessive_first_names(text, roles, names, comp["not_names"], fulls)
        names += apposed_first_names(text, roles, names, comp["not_names"], fulls)
        if p["entities"] and ctx.analysis.has_pos:
            for s in entity_names(ctx, unit):
                words = _words(text[s.start : s.end])
                if words and not any(n.overlaps(s) for n in names) and not any(
                    w.lower() in comp["not_names"] for w in words
                ):
                    names.append(s)
        for name in sorted(names):
            words = _words(text[name.start : name.end])
            if not words:
                continue
            key = " ".join(words).lower()
            before = text[max(unit.start, name.start - 40) : name.start]
            # the addressee's child, where the rule asks for them (a sexual offence's victim)
            child = CHILD_RE.search(before) if children else None
            if key in fulls or (child is None and (words[-1].lower() in surnames or words[-1].lower() in fulls)):
                continue
            if child is None and FAMILY_RE.search(before):
                continue
            if key in seen or words[-1].lower() in seen:
                continue
            role = _role_beside(text, name, roles, p["between"])
            if child is not None:
                reason, role_text = p["children_reason"], " ".join(child.group(0).strip(" ,(").split())
            elif role is not None:
                e = role.pattern.entry
                reason = (e.reason if e and e.reason else None) or p["reason"]
                role_text = role.text
            elif youth and _defendant(text, name, unit) and _same_paragraph(ctx, unit, name, youth):
                reason, role_text = p["youth_reason"], youth[0].text
            else:
                continue
            seen.update((key, words[-1].lower()))  # one finding per person: "Miss Jade Corrigan", then "Miss Corrigan"
            name = first_mention(text, name, words)
            hits.append(Hit(name, vars={"name": text[name.start : name.end], "role": role_text,
                                        "reason": reason}))
    return hits
