"""signposting: where the letter sends the complainant to another agency, that agency's
contact details must be given nearby (HMCPSI 2023 7.23-7.27, Q31).

Only a referral counts: words that send the reader somewhere ("you may wish to contact",
"please raise this with", "should be directed to", "is a matter for", "X may be able to
help") close to an agency from the ``agencies`` bank. A plain mention of the police is not a
referral. When the ``contacts`` setting has details for the agency (keyed by the bank
entry's ``agency``, or by the agency's name as written), the suggestion gives them. Contact
details that are the CPS's own do not signpost another agency, except for a scheme the CPS runs
itself (``own_schemes``: the Victims' Right to Review scheme, whose team is the CPS's).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from letterlint.checks.base import NOT_ARISEN, CheckContext, Hit, NotArisen, ParamSpec
from letterlint.checks.jargon import expert_reader, quoted_mention
from letterlint.checks.required import window
from letterlint.model import Span
from letterlint.rules.lazy_pattern import lazy_re
from letterlint.rules.patterns import Match, compile_patterns, finditer
from letterlint.rules.spec import PhraseBank, Rule

PARAMS = {
    "agencies": ParamSpec("patterns", required=True, doc="the agencies (usually {bank: agencies})"),
    "refer_before": ParamSpec(
        "patterns", required=True,
        doc="referral words that come before the agency ('you can contact', 'a matter for')",
    ),
    "refer_after": ParamSpec(
        "patterns", default=[],
        doc="referral words that come after the agency ('... may be able to help you')",
    ),
    "contact": ParamSpec(
        "patterns", required=True,
        doc="what counts as contact details: telephone, email, web or postal address",
    ),
    "distance": ParamSpec(
        "int", default=60, doc="most characters between the referral words and the agency"
    ),
    "within": ParamSpec(
        "str", default="next-paragraph",
        doc="where the contact details must be: sentence | paragraph | next-paragraph | "
            "paragraphs:N",
    ),
    "exceptions": ParamSpec("patterns", default=[], doc="referrals overlapping these are ignored"),
    "police_readers": ParamSpec(
        "list[str]", default=[],
        doc="addressee titles (PC, DC, ...) of readers who are police officers: sending them to "
            "the police needs no contact details",
    ),
    "own_schemes": ParamSpec(
        "list[str]", default=[],
        doc="agency keys of schemes the CPS runs itself (vrr): the CPS's own contact details are theirs",
    ),
    "helpers": ParamSpec(
        "patterns", default=[],
        doc="people the reader already has (their family liaison officer, ISVA, the officer in the "
            "case): sending the reader to them needs no contact details, but a paragraph that names "
            "one and gives their details has signposted (the item is answered 'yes')",
    ),
}


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
    """Compile ``params`` (already checked against PARAMS) once, at load: patterns and banks.
    Returns the kind's compiled form (``Rule.compiled``). Raises ValueError or PatternError,
    which the loader reports as ``file: params: ...``."""
    return {
        "agencies": compile_patterns(params["agencies"], banks),
        "before": compile_patterns(params["refer_before"], banks),
        "after": compile_patterns(params["refer_after"] or [], banks),
        "contact": compile_patterns(params["contact"], banks),
        "exceptions": compile_patterns(params["exceptions"] or [], banks),
        "helpers": compile_patterns(params.get("helpers") or [], banks),
    }


def _agency_key(m: Match) -> str:
    e = m.pattern.entry
    return (e.agency if e and e.agency else "") or m.text


def contact_for(contacts: Mapping[str, Any], agency: Match) -> str | None:
    """Configured contact details for the agency: by its name as written, then by its key."""
    def norm(key: object) -> str:  # "witness-care", "witness_care" (as settings store it), "Witness Care"
        return " ".join(re.sub(r"[-_]", " ", str(key)).lower().split())

    lowered = {norm(k): v for k, v in (contacts or {}).items()}
    name = norm(agency.text)
    for key in (name, name.removeprefix("the "), norm(_agency_key(agency))):
        if lowered.get(key):
            return str(lowered[key])
    return None


def referrals(rule: Rule, ctx: CheckContext, unit: Span) -> list[tuple[Span, Match]]:
    """(span of the referral words and the agency, the agency match), in text order. Linear in
    the letter: each referral looks only at the agencies that can be within ``distance`` (found
    by bisection in the agencies' text order), and the exceptions are found once (issue 15)."""
    from bisect import bisect_left, bisect_right

    comp = rule.compiled
    dist = rule.params["distance"]
    text = ctx.text
    agencies = list(finditer(comp["agencies"], text, unit))  # in text order (by start)
    starts = [ag.span.start for ag in agencies]
    longest = max((ag.span.end - ag.span.start for ag in agencies), default=0)
    out: list[tuple[Span, Match]] = []
    for ref in finditer(comp["before"], text, unit):
        # the first agency, in text order, starting within ``dist`` after the referral words
        for k in range(bisect_left(starts, ref.span.end), bisect_right(starts, ref.span.end + dist)):
            ag = agencies[k]
            gap = text[ref.span.end : ag.span.start]
            if 0 <= ag.span.start - ref.span.end <= dist and not any(c in gap for c in ".;?!"):
                out.append((Span(ref.span.start, ag.span.end), ag))
                break
    for ref in finditer(comp["after"], text, unit):
        # the last agency, in text order, ending within ``dist`` before the referral words: it
        # starts at most ``longest`` characters before its end
        lo = bisect_left(starts, ref.span.start - dist - longest)
        for k in range(bisect_right(starts, ref.span.start) - 1, lo - 1, -1):
            ag = agencies[k]
            gap = text[ag.span.end : ref.span.start]
            if 0 <= ref.span.start - ag.span.end <= dist and not any(c in gap for c in ".;?!"):
                out.append((Span(ag.span.start, ref.span.end), ag))
                # ... and the agencies listed with it: "the Witness Service and Victim Support
                # can both help"
                while k > 0 and LIST_GAP_RE.fullmatch(text, agencies[k - 1].span.end, agencies[k].span.start):
                    k -= 1
                    out.append((Span(agencies[k].span.start, ref.span.end), agencies[k]))
                break
    out.sort(key=lambda x: x[0].start)
    exceptions = list(finditer(comp["exceptions"], text, unit)) if comp["exceptions"] and out else []
    ex_starts = [e.span.start for e in exceptions]
    ex_longest = max((e.span.end - e.span.start for e in exceptions), default=0)
    kept: list[tuple[Span, Match]] = []
    for span, ag in out:
        if kept and kept[-1][0].overlaps(span):
            # one referral said twice ("a matter for Dorset Police and any complaint about this
            # should be directed to them"): one finding quoting both
            prev, prev_ag = kept[-1]
            kept[-1] = (Span(min(prev.start, span.start), max(prev.end, span.end)), prev_ag)
            continue
        if quoted_mention(text, span):
            # words quoted from an earlier letter or the complaint: told only that "it is a matter for the court"
            continue
        lo = bisect_left(ex_starts, span.start - ex_longest)
        if any(exceptions[k].span.overlaps(span) for k in range(lo, bisect_left(ex_starts, span.end))):
            continue
        kept.append((span, ag))
    return kept


def run(rule: Rule, ctx: CheckContext) -> list[Hit] | NotArisen:
    """Hits for one letter: each referral to another agency with no contact details within reach,
    with the details from the ``contacts`` setting when known. Source: Q31; HMCPSI 2023
    7.23-7.27. Raises Skip when the check cannot run here; never modifies ``ctx``'s letter."""
    comp = rule.compiled
    contacts = ctx.config.get("contacts", {}) or {}
    hits: list[Hit] = []
    found = False
    chosen: dict[str, tuple[Span, Match]] = {}
    police_reader = expert_reader(ctx, list(rule.params.get("police_readers") or []))
    for unit in ctx.units(rule.scope):
        for span, agency in referrals(rule, ctx, unit):
            if police_reader and _agency_key(agency) == "police":
                continue  # "Any claim for overtime would be a matter for West Yorkshire Police", to PC Haslam
            found = True
            area = window(ctx, span, rule.params["within"], "around")
            key = _agency_key(agency)
            own = key in (rule.params.get("own_schemes") or [])
            # "If you are in danger, always call 999", a sentence apart, is not how to report a
            # breach or raise a concern (7.25); "report it to the police on 999" in the referral's
            # own sentence is
            if any((own or not cps_own(rule, ctx, c.span)) and not _details_of_another(rule, ctx, c.span, key)
                   and not (EMERGENCY_RE.search(c.text) and not span_sentence(ctx, span).contains(c.span))
                   for c in finditer(comp["contact"], ctx.text, area)):
                continue
            if key in _details_given(rule, ctx):
                continue  # "please call Merseyside Police on 101" earlier: "a matter for the police" is signposted
            # one finding per agency: the first referral that tells the reader to go there
            # ("you should report it to Essex Police") rather than one that only says whose
            # business it is ("is a matter for the police"), which is quoted when it is the only one
            if key not in chosen or (_indirect(ctx, chosen[key][0]) and not _indirect(ctx, span)):
                chosen[key] = (span, agency)
    for span, agency in sorted(chosen.values(), key=lambda c: c[0].start):
        name = " ".join(agency.text.split())
        details = contact_for(contacts, agency)
        if details:
            suggestion = f"You can contact {name} on {details}."
        else:
            suggestion = (f"You can contact {name} on [telephone number], by email at "
                          f"[email address] or at [web address].")
        hits.append(Hit(span, suggestion=suggestion, vars={"agency": name, "details": details or ""}))
    if not found and not _agency_with_details(rule, ctx):
        return hits or NOT_ARISEN
    return hits


def span_sentence(ctx: CheckContext, span: Span) -> Span:
    """The sentence holding the start of ``span`` (the span itself outside any sentence)."""
    return ctx.sentence_holding(span.start, Span(0, len(ctx.text))) or span


def _details_of_another(rule: Rule, ctx: CheckContext, contact: Span, key: str) -> bool:
    """Whether contact details belong to another agency than ``key``: their sentence names
    other agencies and not this one ("You should raise your concerns with Leicestershire
    Police. You may also wish to report the matter to Action Fraud at www.actionfraud...": the
    web address is Action Fraud's, and the police are named with no details, Q31, 7.23)."""
    sentence = ctx.sentence_holding(contact.start, Span(0, len(ctx.text)))
    if sentence is None:
        return False
    named = list(finditer(rule.compiled["agencies"], ctx.text, sentence))
    keys = {_agency_key(m) for m in named}
    if bool(keys) and key not in keys:
        return True
    # details written right after another agency's name are that agency's: "the Witness Service
    # and Victim Support can both help - Victim Support on 0808 ... or www...": none for the
    # Witness Service
    before = [m for m in named if m.span.end <= contact.start]
    if not before or _agency_key(before[-1]) == key:
        return False
    gap = ctx.text[before[-1].span.end:contact.start]
    gap = CONTACT_LIKE_RE.sub(" ", gap)
    return ATTACHED_RE.fullmatch(gap) is not None


# what may stand between an agency's name and its details ("Victim Support on 0808 ... or at
# www...", "the Witness Care Unit can be reached on 0808 ..."), once other details are taken out
ATTACHED_RE = lazy_re(
    r"(?:\s|[,:()\u2013\u2014-]|\b(?:on|at|via|or|and|by|e-?mail|phone|telephone|tel|freephone|"
    r"website|online|is|are|can|be|reached|contacted|available)\b)*", re.IGNORECASE)
CONTACT_LIKE_RE = lazy_re(r"[\w.+-]+@[\w.-]+|\b(?:https?://|www\.)\S+|[\d+][\d ()-]{5,}\d")


LIST_GAP_RE = lazy_re(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)", re.IGNORECASE)


INDIRECT_RE = lazy_re(
    r"\bmatters?\s+for\b|\bresponsib(?:le|ility)\b|"
    r"\b(?:arranged|facilitated|provided|dealt\s+with|handled)\s+by\b", re.IGNORECASE)


DIRECT_RE = lazy_re(r"\byou\s+(?:should|can|could|may|might|must|need\s+to|will\s+need\s+to)\b|\bplease\b",
                       re.IGNORECASE)


def _indirect(ctx: CheckContext, span: Span) -> bool:
    """Whether a referral only says whose business something is ("is a matter for the police",
    "is arranged by the Witness Service") instead of telling the reader to go there, in a
    sentence that does not tell them either ("... a matter for the police and you should take
    it up with them" does)."""
    text = ctx.text
    if INDIRECT_RE.search(text, span.start, span.end) is None:
        return False
    sentence = ctx.sentence_holding(span.start, Span(0, len(text)))
    return sentence is None or DIRECT_RE.search(text, sentence.start, sentence.end) is None


EMERGENCY_RE = lazy_re(r"\b(?:999|112)\b")
OWN_RE = re.compile(
    r"\b(?:our|us|me|my|CPS|Crown\s+Prosecution\s+Service|this\s+(?:office|unit|team|department)|"
    r"(?:the\s+)?Victim\s+Liaison\s+(?:Unit|Team|Officer)|VLU|(?:the\s+)?Complaints\s+(?:Team|Unit|Coordinator)|"
    # the Independent Assessor of Complaints is the next stage of the CPS's own process (Q32), not
    # another agency: an IAC address a paragraph before "Victim Support can offer support" is not
    # Victim Support's
    r"(?:the\s+)?Independent\s+Assessor(?:\s+of\s+Complaints)?|IAC)\b|cps\.gov",
    re.IGNORECASE,
)


def cps_own(rule: Rule, ctx: CheckContext, contact: Span) -> bool:
    """Whether contact details are the CPS's own ("You can contact our Victim Liaison Unit on
    01632 960412"), which do not signpost another agency: a cps.gov.uk address, the team's own
    number, or details whose nearest owner before them in the sentence is us ("contact the
    court or this office on 01632 960412": the number is this office's, not the court's).
    Source: issue 13; HMCPSI 2023 7.23-7.25."""
    text = ctx.text
    found = text[contact.start:contact.end]
    if "cps.gov" in found.lower():
        return True
    team = ctx.letter.fact("team_contact")
    if team and " ".join(str(team).split()) == " ".join(found.split()):
        return True
    sentence = ctx.sentence_holding(contact.start, Span(0, len(text)))
    if sentence is not None and not sentence.contains(contact):
        sentence = next((s for s in ctx.sentences(Span(0, len(text))) if s.contains(contact)), None)
    if sentence is None:
        return False
    before = Span(sentence.start, contact.start)
    agency_at = max((m.span.end for m in finditer(rule.compiled["agencies"], text, before)), default=-1)
    own_at = max((m.end() for m in OWN_RE.finditer(text, before.start, before.end)), default=-1)
    if agency_at < 0 and own_at < 0:
        # nothing before the details: whose they are is said after them, if anywhere
        if any(True for _ in finditer(rule.compiled["agencies"], text, sentence)):
            return False
        return bool(OWN_RE.search(text, sentence.start, sentence.end))
    return own_at > agency_at


def _details_given(rule: Rule, ctx: CheckContext) -> frozenset[str]:
    """The agencies (``_agency_key``) whose own contact details the letter gives somewhere: a
    sentence that names the agency and gives details that are not the CPS's own, the agency being
    the nearest owner before them ("please call Merseyside Police on 101"). A later referral to
    the same agency ("point 2 is a matter for the police") is then signposted: the reader has the
    details (issue 13; HMCPSI 2023 7.23). Cached per letter."""
    memo = ctx.memo.signposting_given
    if rule.code in memo:
        return memo[rule.code]
    comp = rule.compiled
    text = ctx.text
    out: set[str] = set()
    own_schemes = set(rule.params.get("own_schemes") or [])
    for c in finditer(comp["contact"], text, ctx.body):
        if EMERGENCY_RE.search(c.text):
            continue  # "call the police on 999 in an emergency" is not how to raise a complaint with them
        sentence = ctx.sentence_holding(c.span.start, ctx.body)
        if sentence is None or not sentence.contains(c.span):
            continue
        before = list(finditer(comp["agencies"], text, Span(sentence.start, c.span.start)))
        owner = before[-1] if before else next(iter(finditer(comp["agencies"], text, sentence)), None)
        if owner is not None and (_agency_key(owner) in own_schemes or not cps_own(rule, ctx, c.span)):
            out.add(_agency_key(owner))
    memo[rule.code] = frozenset(out)
    return memo[rule.code]


def _agency_with_details(rule: Rule, ctx: CheckContext) -> bool:
    """A paragraph that names an agency, or one of the reader's own helpers ("your family liaison
    officer, PC Ellis Nance, can put you in touch with specialist support; she can be reached on
    01632 960466"), and gives contact details other than the CPS's own: signposting that is done
    (the item is answered 'yes', not 'not applicable')."""
    comp = rule.compiled
    own_schemes = set(rule.params.get("own_schemes") or [])
    helpers = comp.get("helpers") or ()
    for para in ctx.paragraphs():  # contact details first: far fewer paragraphs have them
        details = list(finditer(comp["contact"], ctx.text, para))
        if not details:
            continue
        named = {_agency_key(m) for m in finditer(comp["agencies"], ctx.text, para)}
        if not named and helpers and next(iter(finditer(helpers, ctx.text, para)), None) is not None:
            named = {"helper"}
        if named and (named & own_schemes or any(not cps_own(rule, ctx, c.span) for c in details)):
            return True
    return False
