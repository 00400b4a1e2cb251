"""harper: Harper's grammar lints (harper-py, offline) as letterlint findings (Q23, Q22).

A rule of this kind lists the Harper rules it switches on, each with an optional plain-English
message for a letter writer in place of Harper's own. Harper reads only the letter's body, one
paragraph at a time; the address, date, references and signature are never linted. A lint is
dropped when it touches words that are not the writer's prose: anonymised names ("Witness A",
"Mr B"), the complainant's words in quotation marks, web and email addresses, postcodes,
references, dates and telephone numbers (the same things letterlint's own rules leave alone).

Harper is the built-in grammar engine: a rule lists in ``supersedes`` the built-in rules
(LL5xx) it has been measured to match at equal or better precision and recall (bench/README.md),
each with the Harper rules that do its work. While Harper can run, the built-in rule does not:
its code reports Harper's findings instead (codes never change), naming Harper's rule. When
harper-py cannot be imported (a platform without a wheel) the rule is skipped, the built-in
rules run instead, and the report says so in a note.
Where a built-in rule and Harper flag the same words, the engine keeps one finding, under the
built-in rule's code, naming Harper's rule (``merge_findings``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import regex

from letterlint.checks.base import CheckContext, Hit, ParamSpec, Skip
from letterlint.model import Finding, Span
from letterlint.rules.lazy_pattern import lazy
from letterlint.rules.spec import PhraseBank, Rule

PARAMS = {
    "rules": ParamSpec(
        "map", required=True,
        doc="Harper rule names switched on, each mapped to a plain-English message for the letter "
            "writer (or null to use Harper's own message); the message may use {match} and {suggestion}",
    ),
    "supersedes": ParamSpec(
        "map", default={},
        doc="built-in rule codes Harper stands in for, each with the Harper rules that find what it finds: "
            "while Harper runs, those Harper findings are reported under the built-in code and the built-in "
            "rule does not run; when harper-py cannot be imported, it runs as before",
    ),
}

UNAVAILABLE = "grammar ran on the built-in rules only: harper-py could not be imported on this computer"

_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
           "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
# What is not the writer's own prose: a Harper lint touching any of these is dropped.
PROTECTED = tuple(lazy(p) for p in (
    # quoted words: "…", “…”, ‘…’, and '…' opened after a space
    r'"[^"\n]{1,400}"', r"“[^”\n]{1,400}”", r"‘[^’\n]{1,400}’",
    r"(?<![\w'’])'[^'\n]{1,400}'(?!\w)",
    # web and email addresses, file names
    r"(?i)[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    r"(?i)(?:https?://|www\.)\S+",
    r"(?i)\b[\w-]+(?:\.[\w-]+)*\.(?:uk|com|org|net|gov|info|docx?|pdf|txt)\b\S*",
    # anonymised and initialised names: Witness A, Officer B, Mr X, Child C, Ms A.B.
    r"\b[A-Z][a-z]+\.?[ \t]+[A-Z](?:\.[A-Z])*\.?(?![\w'’])",
    # a person named with a title: Harper reads "Ms" in "Ms Marr's reply" as a verb
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Lord|Lady|DC|DS|DI|PC|HHJ)\.?[ \t]+[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)?",
    # addresses: "Flat 2", "1 There Street", "14 Larkspur Close"
    r"\b(?:Flat|Unit|Apartment|Apt|House|Suite)\.?[ \t]+\d+[A-Za-z]?\b",
    r"\b\d+[A-Za-z]?,?[ \t]+(?:[A-Z][\w'’-]*[ \t]+){1,3}(?:Street|St|Road|Rd|Lane|Close|Avenue|Ave|Drive|"
    r"Way|Place|Crescent|Gardens|Terrace|Square|Grove|Hill|Park|Row|Walk|Mews|Court|Green|Rise|View|Parade)\b",
    # postcodes, references, telephone numbers, dates
    r"\b[A-Z]{1,2}\d[A-Z\d]?[ \t]*\d[A-Z]{2}\b",
    r"\b[A-Za-z0-9]+(?:[/\\-][A-Za-z0-9]+)*[/\\][A-Za-z0-9/\\-]+\b",
    r"\b\d{2}[A-Z]{2}\d{5,}\b",
    r"(?:\+44[ \t]?|\b0)\d{2,4}[ \t]?\d{3}[ \t]?\d{3,4}\b",
    rf"(?i)\b\d{{1,2}}(?:st|nd|rd|th)?[ \t]+(?:{_MONTHS})\b\.?(?:[ \t]+\d{{4}})?",
    rf"(?i)\b(?:{_MONTHS})[ \t]+\d{{1,2}}(?:st|nd|rd|th)?(?:,?[ \t]+\d{{4}})?",
    r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b",
))


# Simple past forms of irregular verbs. A past tense has one form for every subject ("he struck",
# "they struck"), so it cannot disagree with a pronoun; Harper's dictionary does not know some of
# them as past forms and its PronounVerbAgreement flags "he struck you", "she dealt with it"
# (issue 13, 18). Regular past forms end in -ed.
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


IRREGULAR_PAST = _words("""
arose awoke bore beat became began bent bet bid bit bled blew broke bred brought built burnt
burst bought cast caught chose clung came cost crept cut dealt dug dived dove did drew dreamt
drank drove dwelt ate fell fed felt fought found fled flung flew forbade forgot forgave froze
got gave went ground grew hung had heard hid hit held hurt kept knelt knew laid led leant leapt
learnt left lent let lay lit lost made meant met mistook misled overcame overheard overlooked
overrode oversaw overtook paid proved put quit read rode rang rose ran said saw sought sold
sent set sewed shook shed shone shot showed shrank shut sang sank sat slew slept slid slung
smelt sped spelt spent spilt spun spat split spoilt spread sprang stood stole stuck stung stank
strode struck strung strove swore swept swam swung took taught tore told thought threw thrust
trod understood undertook upheld upset woke wore wove wept won wound withdrew withheld wrung
wrote
""")
_RELATIVE_BEFORE = lazy(r"(?i)\b(?:which|that|whom|who|whose\s+\w+)\s+(?:[\w'’-]+\s+){1,5}$")

# Pronouns that can only be objects ("the reasons for him are"), and those that can be either
# ("the letter we sent you is", "the reasons for it are"). Harper's PronounVerbAgreement and
# PronounInflectionBe read the pronoun before a verb as its subject.
_OBJECT_ONLY = _words("me him her us them")
_SUBJECT_OR_OBJECT = _words("you it")
# Words after which "you" or "it" starts a clause as its subject ("and you was", "I understand
# you has", "sorry you was"); after any other word (a verb, a preposition) it is an object.
_SUBJECT_BEFORE = _words("""
and but or nor so yet if when whenever that as because since unless until till while whilst
where whereas although though once before after whether than what which who whom how why then
now know knew think thought believe believed understand understood note noted see saw
appreciate hope hoped realise realised realize realized accept accepted feel felt agree agreed
gather trust expect expected suspect recognise acknowledge assume assumed say said hear heard
confirm confirmed mean meant sorry glad aware pleased concerned worried sure afraid
disappointed clear satisfied
""")
_DETERMINERS = _words("the a an this these those your my our his her their its any every each no some another")
_WORD_BEFORE = lazy(r"([\w'’-]+|[^\w\s])\s*$")
_PRONOUN_LED = frozenset({"PronounVerbAgreement", "PronounInflectionBe"})
# Verbs that leave "to" at the end of their phrase, its object gone before ("you should have
# been spoken to privately", "she was talked to politely"), or its verb understood ("as fully as
# I have tried to here", "more than we wanted to"): that "to" is not "too".
# a noun phrase and a past participle before "were": "the decisions made were the right ones"
# (blind letter w32-011, twelfth session): a reduced relative clause, and "were" is its verb
_PARTICIPLE_AFTER_NOUN = regex.compile(
    r"(?i)\b(?:the|these|those|any|all|its|their|our|your|his|her|both|some|several)\s+(?:[a-z]+\s+)?[a-z]+\s+"
    r"(?:made|taken|given|brought|sent|held|heard|found|done|said|told|seen|paid|kept|shown|written|read|"
    r"set|put|raised|chosen|[a-z]{2,}ed)\s*$")
_STRANDS_TO = _words("""
speak speaks spoke spoken speaking talk talks talked talking listen listens listened listening
refer refers referred referring write writes wrote written writing reply replies replied
replying respond responds responded responding attend attends attended attending lie lied lying
apologise apologised apologize apologized
try tries tried trying want wants wanted wanting need needs needed meant ought hope hoped
intend intended promised agreed planned expected able going supposed asked
""")
_THEIR_RIGHT = lazy(r"(?i)\s+rights?\b(?!\s+(?:away|now|here|there)\b)")
# "there" after a form of "be" is a question's subject ("Are there systems", "Were there any"),
# not "their": "have there statements" is still flagged.
_VERB_BEFORE_THERE = lazy(r"(?i)\b(?:is|are|was|were|isn't|aren't|wasn't|weren't)\s+$")
# Nouns that are plural as they stand: "there are staff", "there are police at the court".
_PLURAL_WITHOUT_S = _words("staff personnel police people clergy cattle crew public youth folk military")
# "effect" is a verb too, meaning "bring about", with objects such as these ("the police will
# effect an arrest", "we can effect service", "to effect change"); "affect" never takes them.
_EFFECT_AS_VERB = lazy(
    r"(?i)\s+(?:(?:an?|the|some|real|lasting|any|this|that|such|these|those)\s+)?"
    r"(?:arrests?|changes?|service|improvements?|payments?|transfers?|entry|repairs?|settlements?|"
    r"remed(?:y|ies)|release|recovery|reconciliation|compromise|rescue|savings?|reforms?)\b")


# a verb whose object "advice" is, with or without a person before it: "give you advice",
# "offered him advice", "seek advice" (development letter w19-012, fifteenth session)
_ADVICE_AS_OBJECT = lazy(
    r"(?i)\b(?:give|gives|gave|given|giving|offer|offers|offered|offering|provide|provides|provided|"
    r"providing|get|gets|got|getting|seek|seeks|sought|seeking|take|takes|took|taken|taking|receive|"
    r"receives|received|receiving)\s+(?:(?:you|him|her|them|us|me)\s+)?(?:(?:some|any|further|more|"
    r"free|legal|independent|specialist|practical|confidential)\s+)?$")


def _object_pronoun(text: str, span: Span) -> bool:
    """Whether the pronoun Harper read as the subject of the verb at ``span`` is an object
    ("the letter we sent you is enclosed", "the reasons for it are set out"): the pronoun is
    the span's first word or the word just before it; "you" and "it" are objects unless a
    word that starts a clause (or punctuation, or the start of the paragraph) comes before."""
    words = regex.findall(r"[\w'’-]+", text[span.start:span.end])
    before = text[max(0, span.start - 200):span.start]
    if len(words) < 2:  # the span is the verb: the pronoun is the word before it
        m = _WORD_BEFORE.search(before)
        if m is None:
            return False
        pronoun, before = m.group(1).lower(), before[:m.start()]
    else:
        pronoun = words[0].lower()
    if pronoun in _OBJECT_ONLY:
        return True
    if pronoun not in _SUBJECT_OR_OBJECT:
        return False
    m = _WORD_BEFORE.search(before)
    if m is None or "\n" in before[m.end(1):]:
        return False  # the start of the paragraph: a subject
    prev = m.group(1).lower()
    if not regex.match(r"\w", prev):
        return False  # punctuation before it: a subject ("Unfortunately, you was")
    if prev in _SUBJECT_BEFORE or prev.endswith("ly"):
        return False
    if prev == "thank":
        return True  # "a thank you is due"
    m2 = _WORD_BEFORE.search(before[:m.start(1)])
    # "the complaint you has made": a noun after a determiner, then a clause whose subject is "you"
    return not (m2 is not None and m2.group(1).lower() in _DETERMINERS)


def false_alarm(rule_name: str, text: str, span: Span) -> bool:
    """Whether a Harper lint is a known false alarm of its rule here (issue 13, 18; each kind
    has a test in tests/test_harper.py):

    - PronounVerbAgreement on a past tense ("Looking at the footage, he struck you once"): a
      past form agrees with every subject;
    - AllowTo where the object of "allow" comes before it in a relative clause ("special
      measures, which the court can allow to help witnesses");
    - PronounVerbAgreement and PronounInflectionBe where the pronoun before the verb is its
      object, not its subject ("the letter we sent you is enclosed", "what I can tell you is
      that...", "the reasons for it are set out below");
    - NounVerbConfusion on "effect" used rightly as a verb, "bring about" ("the police will
      effect an arrest", "we can effect service");
    - PossessiveYour before "yourself" or another -self word ("you yourself asked for the
      review", "the prosecutor is writing to you herself"), or before the next clause's subject
      ("if more is needed from you they will be in touch");
    - NounVerbConfusion on "advice" given or sought ("the service can give you advice");
    - TheirToThere on "their right" ("victims can exercise their right to review");
    - ThereToTheir in a question ("Are there systems that...", "Were there any witnesses");
    - OneOfTheSingular on a noun that is already plural ("one of the findings was");
    - ThereIsAgreement on a noun that is plural without an s ("there are staff in other roles");
    - ToTwoToo on "to" left at the end of a verb's phrase ("you should have been spoken to
      privately", "as fully as I have tried to here"; blind letters w24-001, w20-001);
    - WereWhere after a noun and its past participle ("the decisions made were the right
      ones", blind letter w32-011): "were" is the clause's verb.
    TheirToThere, ThereToTheir, OneOfTheSingular and ThereIsAgreement were found on the
    published CPS and HMCPSI text in the seeds.
    """
    if rule_name in _PRONOUN_LED and _object_pronoun(text, span):
        return True
    if rule_name == "NounVerbConfusion" and text[span.start:span.end].strip().lower() in ("effect", "effects"):
        return bool(_EFFECT_AS_VERB.match(text, span.end))
    if rule_name == "PossessiveYour":  # "you yourself asked", "writing to you herself": a pronoun
        # for emphasis follows, not a noun; nor is "you" a possessive before another pronoun, the
        # subject of the next clause ("if more is needed from you they will be in touch")
        return bool(regex.match(r"(?i)\s+(?:(?:your|him|her|them|my|it|our)sel(?:f|ves)|"
                                r"(?:they|we|he|she|i|it|there)\b)", text, pos=span.end))
    if rule_name == "NounVerbConfusion" and text[span.start:span.end].strip().lower() == "advice":
        # the thing given or sought: "can give you advice", "offered him advice", "seek advice"
        return bool(_ADVICE_AS_OBJECT.search(text, max(0, span.start - 40), span.start))
    if rule_name == "TheirToThere":  # "to exercise their right to review"
        return bool(_THEIR_RIGHT.match(text, span.end))
    if rule_name == "ThereToTheir":  # a question: "Are there systems that...", "Were there any witnesses"
        return bool(_VERB_BEFORE_THERE.search(text, max(0, span.start - 20), span.start))
    if rule_name == "OneOfTheSingular":  # "one of the findings was": the noun is already plural
        w = text[span.start:span.end].strip().lower()
        return w.endswith("s") and not w.endswith(("ss", "us", "is"))
    if rule_name == "ToTwoToo":  # "you should have been spoken to privately": a stranded preposition
        m = _WORD_BEFORE.search(text, max(0, span.start - 40), span.start)
        return m is not None and m.group(1).lower() in _STRANDS_TO
    if rule_name == "ThereIsAgreement":  # "there are staff": nouns that are plural without an s
        w = regex.findall(r"[\w'’-]+", text[span.start:span.end])
        return bool(w) and w[-1].lower() in _PLURAL_WITHOUT_S
    words = text[span.start:span.end]
    if rule_name == "PronounVerbAgreement":
        w = words.strip().lower()
        return w in IRREGULAR_PAST or (w.endswith("ed") and len(w) > 3)
    if rule_name == "WereWhere":  # "the decisions made were the right ones": a participle's clause
        return bool(_PARTICIPLE_AFTER_NOUN.search(text, max(0, span.start - 60), span.start))
    if rule_name == "AllowTo":
        start = max(0, span.start - 80)
        before = text[start:span.start]
        before = regex.split(r"[.;:!?]", before)[-1]
        return bool(_RELATIVE_BEFORE.search(before))
    return False


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
    """Compile ``params`` (already checked against PARAMS) once, at load: patterns and banks.
    Returns the kind's compiled form (``Rule.compiled``). Raises ValueError or PatternError,
    which the loader reports as ``file: params: ...``."""
    raw = params["rules"]
    if not raw:
        raise ValueError("rules: name at least one Harper rule")
    messages: dict[str, str | None] = {}
    for name, message in raw.items():
        if not isinstance(name, str) or not regex.fullmatch(r"[A-Za-z][A-Za-z0-9]*", name):
            raise ValueError(f"rules: {name!r} is not a Harper rule name (such as ThereOwn)")
        if message is not None and not isinstance(message, str):
            raise ValueError(f"rules.{name}: a message in quotes, or nothing to use Harper's own")
        messages[name] = message
    supersedes: dict[str, tuple[str, ...]] = {}
    for code, names in (params["supersedes"] or {}).items():
        if not regex.fullmatch(r"LL\d{3}", str(code)):
            raise ValueError(f"supersedes: {code!r} is not a rule code such as LL503")
        if not isinstance(names, list) or not names or not all(
                isinstance(n, str) and regex.fullmatch(r"[A-Za-z][A-Za-z0-9]*", n) for n in names):
            raise ValueError(f"supersedes.{code}: a list of Harper rule names, such as [ModalOf]")
        supersedes[str(code)] = tuple(names)
    stand_ins = {n for names in supersedes.values() for n in names}
    return {"rules": {k: v for k, v in messages.items() if k not in stand_ins}, "supersedes": supersedes}


def all_names(ctx: CheckContext) -> frozenset[str]:
    """Every Harper rule the letter's enabled harper rules switch on (stand-ins included): the
    body is linted once per letter with all of them, and each letterlint rule takes its own."""
    from letterlint.engine.check import effective_rules
    from letterlint.rules.loader import ruleset_for

    ruleset = ruleset_for(ctx.config.get("rules.paths", []), ctx.config.get("phrasebanks.paths", []))
    out: set[str] = set()
    for rule in effective_rules(ruleset, ctx.config):
        if rule.impl == "harper":
            out.update(rule.compiled["rules"])
            out.update(n for names in rule.compiled["supersedes"].values() for n in names)
    return frozenset(out)


def protected_spans(text: str, area: Span) -> list[Span]:
    """Spans inside ``area`` of ``text`` that are not the writer's prose (see PROTECTED)."""
    out: list[Span] = []
    for rx in PROTECTED:
        for m in rx.finditer(text, area.start, area.end, timeout=1.0):
            if m.end() > m.start():
                out.append(Span(m.start(), m.end()))
    return out


def _paragraphs(ctx: CheckContext) -> list[Span]:
    return [p for p in ctx.paragraphs(ctx.body) if ctx.text[p.start:p.end].strip()]


def body_lints(ctx: CheckContext, names: frozenset[str] | None = None) -> list[tuple[Span, Any]]:
    """Harper's lints on the letter body, paragraph by paragraph, with document spans, the
    protected words taken out, from the Harper rules ``names`` (default: ``all_names``).
    Cached per letter. Raises Skip when harper-py is missing."""
    memo = ctx.memo.harper
    if memo is not None and (names is None or memo[0] >= names):
        return memo[1]
    from letterlint.letter.nlp import harper as engine

    if not engine.available():
        ctx.note(UNAVAILABLE)
        raise Skip(UNAVAILABLE)
    text = ctx.text
    wanted = all_names(ctx) | (names or frozenset())
    found: list[tuple[Span, Any]] = []
    for para in _paragraphs(ctx):
        shield: list[Span] | None = None  # found only for a paragraph Harper has lints on
        for lint in engine.lint(text[para.start:para.end], sorted(wanted)):
            if shield is None:
                shield = protected_spans(text, para)
            start, end = para.start + lint.start, para.start + max(lint.end, lint.start + 1)
            while end - start > 1 and text[start].isspace():  # Harper's span may take in a space
                start += 1
            while end - start > 1 and text[end - 1].isspace():
                end -= 1
            span = Span(start, end)
            if any(s.overlaps(span) for s in shield) or false_alarm(lint.rule, text, span):
                continue
            found.append((span, lint))
    ctx.memo.harper = (wanted, found)
    return found


def run(rule: Rule, ctx: CheckContext) -> list[Hit]:
    """Harper's lints of the rules this rule switches on, in the body only, protected spans
    dropped. Source: Q22, Q23. Raises Skip when harper-py cannot be imported."""
    return _hits(rule.compiled["rules"], ctx, rule)


def run_for(rule: Rule, builtin: Rule, ctx: CheckContext) -> list[Hit]:
    """Harper's findings for a built-in rule this rule stands in for (``supersedes``): the
    engine reports them under the built-in rule's code and message; Harper's rule is named in
    the finding's ``source`` (``harper:ModalOf``), not in the message a letter writer reads."""
    names = rule.compiled["supersedes"].get(builtin.code, ())
    hits = _hits(dict.fromkeys(names), ctx, rule)
    return [replace(h, message=builtin.message) for h in hits]


def _hits(messages: Mapping[str, str | None], ctx: CheckContext, rule: Rule) -> list[Hit]:
    hits: list[Hit] = []
    taken: list[Span] = []
    mine = frozenset(rule.compiled["rules"]) | {n for ns in rule.compiled["supersedes"].values() for n in ns}
    for span, lint in body_lints(ctx, mine):
        if lint.rule not in messages or any(span.overlaps(t) for t in taken):
            continue
        taken.append(span)
        suggestion = lint.suggestions[0] if lint.suggestions else None
        others = ", ".join(f"'{s}'" for s in lint.suggestions[:3])
        own = messages[lint.rule]
        if own is not None and "{suggestion}" in own and suggestion is None:
            own = None  # Harper gave no suggestion: its own message, not "write ''"
        hits.append(Hit(
            span, message=own, suggestion=suggestion, source=f"harper:{lint.rule}",
            vars={"harper_message": lint.message.rstrip(".") + ".", "harper_rule": lint.rule,
                  "harper_suggestions": f" Suggested: {others}." if others else ""},
        ))
    return hits


def superseded(rule: Rule, ctx: CheckContext) -> list[str]:
    """Built-in rule codes this rule stands in for here: none when harper-py cannot be imported."""
    from letterlint.letter.nlp import harper as engine

    codes = list(rule.compiled["supersedes"])
    return codes if codes and engine.available() else []


def merge_findings(findings: Sequence[Finding]) -> list[Finding]:
    """One finding where a built-in rule (LL4xx, LL5xx) and Harper flag overlapping words: the
    built-in rule's finding, naming Harper's rule, with Harper's suggestion if it had none."""
    harper = [f for f in findings if f.source.startswith("harper:") and f.span is not None]
    if not harper:
        return list(findings)
    builtin = [f for f in findings if f.source == "letterlint" and f.span is not None
               and f.code[:3] in ("LL4", "LL5")]
    dropped: set[int] = set()
    agree: dict[int, list[Finding]] = {}
    for h in harper:
        for b in builtin:
            if b.span is not None and h.span is not None and b.span.overlaps(h.span):
                dropped.add(id(h))
                agree.setdefault(id(b), []).append(h)
                break
    out: list[Finding] = []
    for f in findings:
        if id(f) in dropped:
            continue
        also = agree.get(id(f))
        if also:
            names = ", ".join(dict.fromkeys(h.source.split(":", 1)[1] for h in also))
            f = replace(f, message=f"{f.message} (Harper's {names} rule found this too.)",
                        source=f"letterlint+harper:{names}",
                        suggestion=f.suggestion or next((h.suggestion for h in also if h.suggestion), None))
        out.append(f)
    return out
