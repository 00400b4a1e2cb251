"""jargon: flag jargon from a phrase bank unless the letter explains it where it is used.

HMCPSI counted a legal term as jargon when the reader was left to work it out; a term
explained in plain words right where it is used was good practice (2023 report, 7.3-7.4).
A use counts as explained when, in the same sentence or the next one:

- plain words in brackets follow it: "vacated (cancelled by the court)";
- it is itself in brackets after the plain words: "we stopped the case (discontinued it)";
- a defining clause follows it: ", which means ...", " - that is ...", ", a court order ...",
  " is a ...", " means ...";
- the sentence carries an explanation marker: "in other words", "which means", "put simply",
  "in plain terms", "i.e.", "known as" or "called" just before the term;
- the next sentence defines it: "This means ...", "In other words ...", "A bind over is ...".

A bank entry may list ``clues``: plain words that explain the term when they appear in its
sentence or the one before or after ("enough evidence" for "evidential stage").

Not flagged at all, because the reader is not left to work the term out:

- a letter to a reader whose job is the legal process (``expert_readers``: the addressee's
  title, such as PC or DC); the inspectors noted that a police officer "could be expected to
  know how the prosecution process works" (7.7); only ``experts_too`` terms, the law of
  appeals and pleas beyond that process ("autrefois acquit", "case stated"), are flagged there;
- a term in ``owned_ok`` after "your" ("your victim personal statement"): the reader wrote
  it, so knows what it is (but "your ABE interview" still uses a name the reader never heard);
- a term inside a quotation of someone's words that holds more than the term ("referred to you
  as \"the IP\""): the letter repeats the words, it does not use them;
- a case title ("R v Smith", entries with a ``party`` group) that names the reader's own case:
  after "the case of", "regarding", "Re:", or naming someone the letter names elsewhere.

Once a term is explained, later uses of it are fine, and so are longer terms that hold it ("the
schedules of unused material" once "unused material" is explained). A use is also explained
by a later sentence of the same area that opens by defining the term ("Unused material is
evidence gathered by the police that ..."; not "Unused material is something we take
seriously"): a letter that names it in its summary of the complaint and explains it in a
section of its own has explained it. Only a term of two words or more covers a longer one (not
"Crown" explained, then "the Crown Court"). Bank entries carry a category as the
``category`` (``officialese``, ``legal``, ``familiar``, ``internal``, ``citation``);
``categories`` selects which entries a rule looks at, and ``hint_alone`` names the categories
whose terms, used alone and no more than ``hint_alone_max`` of them, are hints (info) rather
than faults (the inspection's "minor use of legal jargon", foreword and 7.3); ``hints`` names
categories whose terms are hints wherever they are (terms careful labellers almost never counted
as unnecessary jargon: "counsel", "realistic prospect of conviction"). ``each_wording`` names
categories where each different wording is its own term: "section 47" and "section 39" are two
citations, though one bank entry finds both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import regex

from letterlint.checks.base import CheckContext, Hit, ParamSpec, case_like, match_vars
from letterlint.checks.existence import excepted
from letterlint.model import Severity, Span
from letterlint.rules.lazy_pattern import lazy
from letterlint.rules.patterns import Match, Pattern, compile_patterns, finditer, non_overlapping
from letterlint.rules.spec import PhraseBank, Rule

PARAMS = {
    "patterns": ParamSpec("patterns", required=True, doc="jargon to look for (usually {bank: jargon})"),
    "categories": ParamSpec(
        "list[str]", default=[],
        doc="only bank entries whose category is one of these (empty: all)",
    ),
    "explained_ok": ParamSpec(
        "bool", default=True, doc="a use explained in plain words nearby is not flagged"
    ),
    "first_only": ParamSpec("bool", default=True, doc="flag only the first unexplained use of a term"),
    "exceptions": ParamSpec("patterns", default=[], doc="a match overlapping one of these is kept"),
    "parts": ParamSpec(
        "list[str]", default=[], doc="letter parts to look at as well as the scope (e.g. subject)"
    ),
    "expert_readers": ParamSpec(
        "list[str]", default=[],
        doc="addressee titles (PC, DC, ...) of readers who know the legal process: nothing is flagged",
    ),
    "never_explained": ParamSpec(
        "list[str]", default=[],
        doc="categories whose terms are flagged even when explained (a section of an Act)",
    ),
    "hint_alone": ParamSpec(
        "list[str]", default=[],
        doc="categories of familiar terms: when every unexplained term in the letter is of one of "
            "these and there are at most hint_alone_max of them, each is a hint (info), not a fault",
    ),
    "hint_alone_max": ParamSpec("int", default=1, doc="how many familiar terms alone are still hints"),
    "hints": ParamSpec(
        "list[str]", default=[],
        doc="categories of terms that are always hints (info), never a fault by themselves: words "
            "most readers follow, or meet in their own case ('counsel', 'realistic prospect of "
            "conviction')",
    ),
    "each_wording": ParamSpec(
        "list[str]", default=[],
        doc="categories where each different wording is a term of its own (each section of an Act "
            "cited), so first_only keeps one finding per wording, not one per bank entry",
    ),
    "experts_too": ParamSpec(
        "patterns", default=[],
        doc="terms flagged even in a letter to an expert reader: the law of appeals and pleas a "
            "police officer does not meet in the prosecution process ('autrefois acquit', 'case "
            "stated')",
    ),
    "owned_ok": ParamSpec(
        "patterns", default=[],
        doc="terms that are fine after 'your': the reader wrote or gave the thing, so knows it",
    ),
}

_Q = "[\"'‘’“”]"
# What may follow a term to explain it (after optional closing quote and , - – — : ;).
_LEAD_AFTER = lazy(
    rf"^{_Q}?\s*(?:,|;|:|--|[–—]|\s-)?\s*(?:"
    r"which\s+(?:(?:in\s+law|legally|in\s+legal\s+terms|in\s+practice|here|simply)\s+)?"
    r"(?:means?|meant|(?:is|are)\s+(?:a|an|the|your|their|his|her|our|when|where|what|how|"
    r"whether|used|also\s+known|known)\b|"
    r"allows?|allowed|lets?|helps?|helped|protects?|protected|stops?|stopped|sets?\s+out|requires?|"
    r"enables?|describes?|described|refers?\s+to|tells?|told|explains?|explained|says?|said|shows?|"
    r"showed|records?|recorded|lists?|listed|gives?|gave)|"
    r"that\s+is\b|this\s+is\s+(?:when|where|a|an|the)\b|this\s+means|that\s+means|meaning\b|"
    r"in\s+other\s+words|i\.\s?e\.?|put\s+simply|in\s+plain\s+(?:terms|English|words)|in\s+short|"
    r"namely|or\s+in\s+plain|such\s+as|for\s+example|for\s+instance|e\.\s?g\.?|"
    r"(?:explaining|describing|setting\s+out|saying|telling\s+(?:the\s+court|us|them))\s+"
    r"(?:how|what|why|whether)\b|"
    r"(?:is|are)\s+(?:a|an|when|where|what|whether|how|the\s+(?:name|term|legal\s+term|process|"
    r"stage|part|step|hearing|order|scheme|test|list|document|statement|rule|rules))\b|"
    r"means?\b"
    r")",
    regex.IGNORECASE,
)
# An appositive after a comma, dash or colon: ", a court order that ...", '"special measure": a
# way of helping ...'.
_APPOSITIVE = lazy(rf"^{_Q}?\s*(?:,|:|--|[–—]|\s-)\s*(?:a|an)\s+\w+", regex.IGNORECASE)
# What may come straight before a term to introduce it as the formal name of something plain.
_LEAD_BEFORE = lazy(
    r"(?:known\s+as|called|referred\s+to\s+as|described\s+as|termed|"
    r"(?:which|what|that)\s+(?:we|I|prosecutors|lawyers|the\s+law|the\s+courts?)\s+(?:call|calls)|"
    r"what\s+(?:lawyers|the\s+law|the\s+courts?|prosecutors)\s+(?:call|calls|describe\s+as)|"
    r"the\s+(?:legal|formal|technical|official)\s+(?:term|name|word)\s+(?:for\s+(?:this|that|it)\s+)?"
    r"(?:is|was)|in\s+legal\s+terms|legally\s+known\s+as|"
    r"\((?:or|known\s+as|in\s+legal\s+terms|the\s+legal\s+term\s+is)?)"
    rf"\s*[,:]?\s*{_Q}?\s*(?:(?:the|a|an|to|we|it|was|were|is)\s+){{0,3}}$",
    regex.IGNORECASE,
)
# Markers anywhere in the term's sentence.
_MARKERS = lazy(
    r"\b(?:in\s+other\s+words|which\s+means|this\s+means|that\s+means|meaning\s+that|put\s+simply|"
    r"simply\s+put|in\s+plain\s+(?:terms|English|words)|in\s+simple\s+terms|that\s+is\s+to\s+say|"
    r"in\s+legal\s+terms|the\s+legal\s+term)\b|\bi\.\s?e\.",
    regex.IGNORECASE,
)
# A sentence that opens "This means ..." explains the one before it: a term used inside it is
# part of the explanation, not explained by it ("... ordered to lie on the file. This means that
# they will not be proceeded with without the leave of the court": independent labels).
_OPENS_EXPLANATION = lazy(
    rf"{_Q}?\s*(?:(?:this|that|it)\s+(?:means|meant))\b",
    regex.IGNORECASE,
)
# The next sentence explains: "This means ...", "In other words ...".
_NEXT = lazy(
    rf"{_Q}?\s*(?:(?:this|that|it|these|those)\s+(?:means?|meant|is\s+(?:when|where|what|how|a|an)\b|"
    r"are\s+(?:when|where|the)\b)|in\s+other\s+words|put\s+simply|simply\s+put|in\s+plain\s+"
    r"(?:terms|English|words)|in\s+simple\s+terms|to\s+explain|by\s+this\s+I\s+mean|"
    r"what\s+(?:this|that)\s+means)",
    regex.IGNORECASE,
)
_DEFINES = lazy(
    rf"^{_Q}?\s*(?:is|are|means|was\s+(?:a|an)\b|were\s+(?:a|an)?\b|requires?\b|asks?\b|"
    r"has\s+(?:two|three|four|\d)\s+(?:stages|parts|steps|questions|tests|limbs|elements)\b)",
    regex.IGNORECASE,
)
# A term named as one of the parts of something the letter sets out: "The Full Code Test has two
# stages: the evidential stage and the public interest stage", "(i) the evidential stage;
# followed by (ii) ...", "The second stage is the public interest stage". The name is being
# introduced, not used to tell the reader something: the use that counts is the next one ("the
# evidential stage was not met"), where the labellers of issue 13 marked it.
_NAMING_BEFORE = lazy(
    r"(?:\b(?:two|three|four|both)\s+(?:stages|parts|tests|questions|limbs|steps)\s*"
    r"(?:[:;–—]|\s-|,\s*(?:namely|which\s+are)|\s+(?:are|namely))[^.?!]{0,100}?|"
    r"\b(?:the\s+)?(?:first|second|third|next|other|final)\s+(?:stage|part|test|question|limb|step)\s+"
    r"(?:is|was)\s+)"
    rf"(?:\(?\b(?:i{{1,3}}|iv|[a-d1-4])\)\s*)?{_Q}?(?:the\s+)?$",
    regex.IGNORECASE,
)
# Quotations: double quotes, straight or curly, and curly single quotes opened after a space.
_QUOTATION = lazy(r"\"[^\"\n]{1,400}\"|“[^”\n]{1,400}”|(?<![\w])‘[^’\n]{1,400}’(?!\w)")
# "your victim personal statement"; "your application for a defendant's costs order" (the reader
# asked for the thing, so knows what it is)
_OWNED = lazy(
    r"\byour\s+(?:own\s+)?(?:(?:application|request|claim|applications|requests|claims)\s+"
    r"(?:to\s+the\s+court\s+)?for\s+(?:a|an|the)\s+)?$",
    regex.IGNORECASE,
)
_OWN_CASE_BEFORE = lazy(
    r"(?:\b(?:case|trial|prosecution|proceedings|hearing)\s+of|\bregarding|\bconcerning|\babout|\bin\s+respect\s+of|\bre\s*:?|"
    r"\bsubject\s*:|[–—-])\s*$|^\s*$",
    regex.IGNORECASE,
)
_ARTICLE = lazy(rf"{_Q}?\s*(?:(?:a|an|the)\s+)?{_Q}?", regex.IGNORECASE)


def category(p: Pattern) -> str:
    """The category of a jargon bank entry (officialese, legal, internal, citation; lower case), or
    ""."""
    return ((p.entry.category if p.entry else None) or "").strip().lower()


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
    """Compile ``params`` (already checked against PARAMS) once, at load: patterns and banks.
    Returns the kind's compiled form (``Rule.compiled``). Raises ValueError or PatternError,
    which the loader reports as ``file: params: ...``."""
    pats = compile_patterns(params["patterns"], banks)
    wanted = {c.lower() for c in params["categories"] or []}
    if wanted:
        pats = tuple(p for p in pats if category(p) in wanted)
    if not pats:
        raise ValueError("no patterns left after filtering by 'categories'")
    clues = {p.raw: compile_patterns(list(p.entry.clues), banks)
             for p in pats if p.entry is not None and p.entry.clues}
    return {"patterns": pats, "exceptions": compile_patterns(params["exceptions"] or [], banks),
            "clues": clues, "owned": compile_patterns(params["owned_ok"] or [], banks),
            "experts_too": compile_patterns(params["experts_too"] or [], banks)}


def expert_reader(ctx: CheckContext, titles: list[str]) -> bool:
    """Is the letter addressed to someone whose job is the legal process (a police officer)?

    Looks at the addressee's title and the words of the salutation ("Dear PC Greer"), matched
    case-sensitively against ``titles``. Source: HMCPSI 2023, 7.7.
    """
    if not titles:
        return False
    words = set(regex.findall(r"[A-Za-z]+", str(ctx.letter.fact("addressee_title", "") or "")))
    sal = str(ctx.letter.fact("salutation", "") or "")
    words |= set(regex.findall(r"[A-Za-z]+", regex.sub(r"^\s*Dear\b", "", sal)))
    return any(t in words for t in titles)


def quoted_mention(text: str, span: Span) -> bool:
    """Is ``span`` inside a quotation that holds more words than the term itself?

    "referred to you as \"the IP\"" repeats someone's words; "\"special measures\"" in quotes
    on its own is still the writer's own use of the term.
    """
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.end)
    line_end = len(text) if line_end == -1 else line_end
    for q in _QUOTATION.finditer(text, line_start, line_end):
        if q.start() < span.start and span.end < q.end():
            inner = q.group(0)[1:-1]
            term = text[span.start : span.end]
            return len(inner.split()) > len(term.split())
    return False


def _in_code(text: str, span: Span) -> bool:
    """Is ``span`` a piece of a code joined by slashes ("YH/VLU/2026/0044")?"""
    before = text[span.start - 1 : span.start] if span.start else ""
    after = text[span.end : span.end + 1]
    return before == "/" or after == "/"


def own_case_title(text: str, m: Match, subject: Span | None) -> bool:
    """Is a case title ("R v Smith") the name of the reader's own case?

    True when it is in the subject line or a heading, follows "the case of", "regarding",
    "Re:", or names someone (the ``party`` group) the letter names elsewhere too.
    """
    found = m.pattern.regex.match(text, m.span.start, m.span.end, timeout=0.25)
    if found is None or "party" not in found.re.groupindex or found.group("party") is None:
        return False
    if subject is not None and subject.contains(m.span):
        return True
    line_start = text.rfind("\n", 0, m.span.start) + 1
    if _OWN_CASE_BEFORE.search(text[max(line_start, m.span.start - 30) : m.span.start]):
        return True
    outside = text[: m.span.start] + " " + text[m.span.end :]
    for name in regex.findall(r"[A-Za-z][\w'’-]{2,}", found.group("party")):
        if regex.search(rf"(?i)\b{regex.escape(name)}\b", outside):
            return True
    return False


def clue_near(text: str, clues: tuple[Pattern, ...], sentences: list[Span], i: int | None,
              unit: Span) -> bool:
    """Does a clue pattern occur in the term's sentence, or the one before or after it?"""
    if not clues:
        return False
    area = unit
    if i is not None:
        area = Span(sentences[max(0, i - 1)].start, sentences[min(len(sentences) - 1, i + 1)].end)
    return any(True for _ in finditer(clues, text, area))


def _parenthesis_explains(after: str) -> bool:
    m = regex.match(rf"^{_Q}?\s*\(([^()]{{1,240}})\)", after)
    if not m:
        return False
    inner = m.group(1).strip()
    words = regex.findall(r"[A-Za-z][\w'’-]*", inner)
    return len(words) >= 2 and not inner.isupper()


def defined_at(text: str, start: int, pattern: Pattern) -> bool:
    """Does the sentence starting at ``start`` open by defining the term ("A bind over is ...")?"""
    art = _ARTICLE.match(text, start)
    pos = art.end() if art else start
    m = pattern.regex.match(text, pos, timeout=0.25)
    if not m or m.end() == pos:
        return False
    rest = text[m.end() : m.end() + 40]
    return bool(_DEFINES.match(rest.lstrip(" \"'’”")))


def _defined_later(text: str, sentences: list[Span], i: int | None, pattern: Pattern, unit: Span) -> bool:
    """Whether a later sentence of ``unit`` opens by defining the term (``defined_at``): a letter
    that mentions "the unused material" in its summary of the complaint and then gives it a
    section that opens "Unused material is evidence gathered by the police that ..." has
    explained it (the labellers did not mark the first mention, w44-007)."""
    if i is None:
        return False
    for s in sentences[i + 1:]:
        if not unit.start <= s.start < unit.end:
            continue
        art = _ARTICLE.match(text, s.start)
        pos = art.end() if art else s.start
        m = pattern.regex.match(text, pos, timeout=0.25)
        if m and m.end() > pos and _DEFINES_LATER.match(text, m.end(), s.end):
            return True
    return False


# What a sentence of its own that defines a term says after it: "is evidence gathered by the
# police that ...", "means a hearing where ...", "refers to the papers which ...": a verb of
# being or meaning, then within a few words a clause that says what the thing is. Not "is
# something we take very seriously", "is sometimes allowed", "are a matter for the court"
# (a breaker's sentences): those use the term, they do not explain it.
_DEFINES_LATER = lazy(
    rf"{_Q}?\s*(?:is|are|means|refers\s+to)\s+(?:(?:a|an|the)\s+)?(?!something\b|sometimes\b|a\s+matter\b)"
    r"[\w'’,-]+(?:\s+[\w'’,-]+){0,6}?\s+(?:that|which|who|where|when|whereby|gathered|made|kept|used|given|held)\b",
    regex.IGNORECASE,
)


def _in_note(ctx: CheckContext, span: Span) -> bool:
    """Whether ``span`` is in a footnote or an endnote: a reference put there for whoever wants
    it, while the letter's own words say the thing plainly (HMCPSI 2023 7.3-7.4; issue 13)."""
    block = ctx.doc.block_at(span.start)
    return block is not None and (block.kind in ("footnote", "endnote")
                                  or block.container.startswith(("footnote", "endnote")))


# The thing a quoted term names, between the term and its explanation: 'the "unduly lenient
# sentence" scheme, which lets the Attorney General ask ...' (issue 13).
_HEAD_NOUN = lazy(
    rf"^{_Q}?\s*(?:scheme|process|procedure|rules?|test|order|system|hearing|application|"
    r"provision|power|review|principle|policy|guidance)\b",
    regex.IGNORECASE,
)


def is_explained(text: str, m: Match, sentence: Span, next_sentence: Span | None,
                 term_after: bool = False) -> bool:
    """True when the use ``m`` of a term is explained in plain words in its ``sentence`` or
    ``next_sentence`` (brackets, a defining clause, an explanation marker). ``term_after``: another
    term follows it in its sentence, so a next sentence opening "This means" explains that one.
    HMCPSI 2023 7.3-7.4."""
    after = text[m.span.end : sentence.end]
    before = text[max(sentence.start, m.span.start - 80) : m.span.start]
    if _parenthesis_explains(after):
        return True
    if _LEAD_AFTER.match(after) or _APPOSITIVE.match(after):
        return True
    head = _HEAD_NOUN.match(after)
    if head and (_LEAD_AFTER.match(after[head.end():]) or _parenthesis_explains(after[head.end():])):
        return True
    if _LEAD_BEFORE.search(before):
        return True
    start = max(sentence.start, m.span.start - 120)
    opener = _OPENS_EXPLANATION.match(text, sentence.start, m.span.start)
    if opener:
        start = max(start, opener.end())
    if _MARKERS.search(text[start : min(sentence.end, m.span.end + 120)]):
        return True
    if defined_at(text, sentence.start, m.pattern) and sentence.start <= m.span.start:
        head = text[sentence.start : m.span.start]
        if len(head.split()) <= 2:
            return True
    if next_sentence is not None:
        # "This means ..." explains the sentence's last term, not one with another term after it
        if not term_after and _NEXT.match(text, next_sentence.start, next_sentence.end):
            return True
        if defined_at(text, next_sentence.start, m.pattern):
            return True
    return False


def _inside_earlier(low: str, seen: set[str]) -> bool:
    """Are the words ``low`` a shorter part of a term in ``seen`` (whole words)?"""
    return any(low != t and regex.search(rf"(?<!\w){regex.escape(low)}(?!\w)", t) for t in seen)


_SECTION = lazy(r"\b(?:section|s\.?)\s?(\d+[A-Z]?)", regex.IGNORECASE)


def _wording(text: str) -> str:
    """What makes one citation or form differ from another: its section number ("under s.47 of
    the Act" and "the s.47 charge" are one citation), or else a number in its words ("MG5" and
    "MG6C" are two forms); "" when nothing does (VCL and "Victim Communication and Liaison
    letter" are one term)."""
    m = _SECTION.search(text)
    if m:
        return f"s{m.group(1).upper()}"
    return " ".join(text.casefold().split()) if any(c.isdigit() for c in text) else ""


def advice(vars_: Mapping[str, Any], cat: str) -> str:
    """The fix for a term of category ``cat``: use the replacement, or add the explanation, from
    the bank entry's placeholders ``vars_``."""
    repl, expl = vars_.get("replacement") or "", vars_.get("explain") or ""
    if cat == "officialese":
        if repl:
            return f"write '{repl}' instead."
        return expl or "say it in everyday words."
    if repl and expl:
        return f"say '{repl}' instead, or explain it where you use it ({expl})."
    if repl:
        return f"say '{repl}' instead."
    if expl:
        end = "" if expl.rstrip().endswith((".", "?", "!")) else "."
        lead = ":" if "for example" in expl else ", for example:"  # never 'for example' twice
        return f"explain it in plain words where you use it{lead} {expl}{end}"
    return "say it in everyday words, or explain it where you use it."


def _sentence_index(sentences: list[Span], span: Span) -> int | None:
    for i, s in enumerate(sentences):
        if s.start <= span.start < s.end:
            return i
    return None


def areas(rule: Rule, ctx: CheckContext) -> list[Span]:
    """The rule's scope, then any extra letter parts (e.g. the subject line).

    The extra parts come last on purpose: a term in the subject line is fine when the body
    explains it, and is reported once only when the body uses it unexplained as well.
    """
    return ctx.units_and_parts(rule.scope, rule.params.get("parts"))


def run(rule: Rule, ctx: CheckContext) -> list[Hit]:
    """Hits for one letter: the first unexplained use of each term (``first_only``), with a
    replacement or explanation. Source: Q24; HMCPSI 2023 7.3-7.4. Raises Skip when the check
    cannot run here; never modifies ``ctx``'s letter."""
    comp = rule.compiled
    p = rule.params
    text = ctx.text
    sentences = sorted(ctx.sentences())
    explained: set[str] = set()
    flagged: set[str] = set()
    seen: set[str] = set()  # the words of the terms flagged or explained so far, casefolded
    plain: set[str] = set()  # the words of the terms explained so far, casefolded
    hits: list[Hit] = []
    # a letter to an expert reader: only the terms that are jargon even to them (experts_too)
    expert = expert_reader(ctx, p.get("expert_readers") or [])
    if expert and not comp["experts_too"]:
        return hits
    owned = comp["owned"]
    never = {c.lower() for c in p.get("never_explained") or []}
    each = {c.lower() for c in p.get("each_wording") or []}
    subject = ctx.part("subject")
    for unit in areas(rule, ctx):
        found = list(non_overlapping(finditer(comp["patterns"], text, unit)))
        if expert:
            too = [t.span for t in finditer(comp["experts_too"], text, unit)]
            found = [m for m in found if any(t.overlaps(m.span) for t in too)]
        for n, m in enumerate(found):
            if excepted(comp["exceptions"], text, m.span, unit):
                continue
            cat = category(m.pattern)
            key = m.pattern.raw
            if cat in each and (wording := _wording(m.text)):
                key = f"{cat}\x00{wording}"
            # a shorter term inside one already flagged or explained is the same term again
            # ("the ABE" after "your ABE interview", "evidential" after "evidential stage")
            low = " ".join(m.text.casefold().split())
            if p["first_only"] and _inside_earlier(low, seen):
                continue
            if owned and _OWNED.search(text[max(0, m.span.start - 60) : m.span.start]) and any(
                o.regex.fullmatch(m.text) for o in owned
            ):
                explained.add(key)  # the reader's own statement: they know it, here and later
                seen.add(low)
                continue
            if quoted_mention(text, m.span) or own_case_title(text, m, subject):
                # a term put in quotation marks and explained ('Screens are a "special measure": a
                # way of helping ...') is explained for its later uses too
                if p["explained_ok"] and cat not in never and key not in explained:
                    i = _sentence_index(sentences, m.span)
                    sent = sentences[i] if i is not None else unit
                    nxt = sentences[i + 1] if i is not None and i + 1 < len(sentences) else None
                    if is_explained(text, m, sent, nxt):
                        explained.add(key)
                        seen.add(low)
                        plain.add(low)
                continue
            if _in_code(text, m.span):
                continue  # part of a reference such as "YH/VLU/2026/0044", not a word the reader reads
            if cat == "citation" and _in_note(ctx, m.span):
                continue  # the statute cited in a footnote, out of the reader's way (issue 13)
            if p["explained_ok"] and cat not in never:
                if key in explained:
                    continue
                i = _sentence_index(sentences, m.span)
                sent = sentences[i] if i is not None else unit
                nxt = sentences[i + 1] if i is not None and i + 1 < len(sentences) else None
                term_after = any(sent.start <= o.span.start < sent.end for o in found[n + 1 :])
                if is_explained(text, m, sent, nxt, term_after) or clue_near(
                    text, comp["clues"].get(m.pattern.raw, ()), sentences, i, unit
                ):
                    explained.add(key)
                    seen.add(low)
                    plain.add(low)
                    continue
                if _NAMING_BEFORE.search(text[max(sent.start, m.span.start - 160) : m.span.start]):
                    continue  # named as a part of something set out; judged where next used
                if _defined_later(text, sentences, i, m.pattern, unit):
                    explained.add(key)  # "Unused material is evidence the police gathered...",
                    seen.add(low)       # a sentence of its own further on (w44-007)
                    plain.add(low)
                    continue
                if any(len([w for w in e.split() if w not in ("the", "a", "an")]) > 1
                       and re.search(rf"(?<!\w){re.escape(e)}(?!\w)", low) for e in plain):
                    continue  # "the schedules of unused material" once "unused material" is explained
            if p["first_only"] and key in flagged:
                continue
            flagged.add(key)
            seen.add(low)
            v = match_vars(m)
            v["category"] = cat
            v["advice"] = advice(v, cat)
            suggestion = case_like(m.text, v["replacement"]) if v["replacement"] else None
            hits.append(Hit(m.span, suggestion=suggestion, vars=v))
    # the terms left once those inside a web or email address are dropped ("vlu@..."), as the
    # engine drops them, decide whether a familiar term stands alone
    from letterlint.letter.zones import drop_protected

    return _familiar_alone(drop_protected(rule, hits, ctx), p)


def _as_hint(h: Hit, note: str) -> Hit:
    return replace(h, severity=Severity.INFO, vars={**h.vars, "advice": f"{h.vars.get('advice', '')}{note}"})


def _familiar_alone(hits: list[Hit], p: Mapping[str, Any]) -> list[Hit]:
    """``hits`` with the terms of a ``hints`` category made hints (info) wherever they are, and
    each of the rest made a hint when every one of them is a familiar term (a category in
    ``hint_alone``: "special measures") and there are at most ``hint_alone_max``: the 2023
    inspection stopped rating a letter inadequate for "minor use of legal jargon" (foreword), and
    its inspectors answered Q24 "no" for such a letter (7.3). A familiar term beside other jargon
    stays a warning: the letter then holds unnecessary jargon."""
    always = {c.lower() for c in p.get("hints") or []}
    note = " (A term most readers follow: a hint, not unnecessary jargon under Q24 by itself.)"
    rest = [h for h in hits if str(h.vars.get("category", "")) not in always]
    familiar = {c.lower() for c in p.get("hint_alone") or []}
    alone = bool(rest) and bool(familiar) and len(rest) <= int(p.get("hint_alone_max") or 0) and all(
        str(h.vars.get("category", "")) in familiar for h in rest)
    alone_note = " (A familiar term used on its own: a hint, not unnecessary jargon under Q24.)"
    out = []
    for h in hits:
        if str(h.vars.get("category", "")) in always:
            out.append(_as_hint(h, note))
        elif alone:
            out.append(_as_hint(h, alone_note))
        else:
            out.append(h)
    return out
