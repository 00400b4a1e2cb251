"""required: something must appear in the letter, always, in a situation, or near a trigger.

One kind for three shapes of the same question, "does the letter say what it must?":

- always: one of ``patterns`` must appear in the scope (an outcome statement, 7.11; the
  escalation time limit, 7.30). ``not_needed_if``: the rule is set aside (the item is "not
  applicable") when one of these appears, checked first.
- in a situation: only when every group of ``when`` matches somewhere in the scope (a serious
  case *and* an upheld complaint should offer a meeting, Q30); ``when_exceptions`` are
  look-alikes for the groups' matches. A letter that does what is asked
  passes even where ``set_aside_if`` would have set the rule aside (checked after
  ``patterns``). With no ``patterns`` the situation itself is the finding (the IAC offered for a
  legal complaint). A group may also hold ``{found: [LL211, LL212]}``: it holds when one of
  those rules (run earlier: rules run in code order) found something in this letter (a serious
  case where the letter failed to apologise for an admitted failing should offer a meeting,
  Q30, 7.14, 7.36). ``not_if_found``: the rule is set aside when one of these rules (run
  earlier) found something (a louder rule has said it already). ``point_at`` picks the words
  to quote. ``two_needed_if``: where one of these appears, two different matches of
  ``patterns`` are needed, not one (a lone "I apologise" beside "I am sorry if you feel let
  down" is not empathy, Q25, 7.39). ``known_complaint_type``: only when
  the complaint type is known and is one of the rule's ``complaint_types``.
- near each trigger: for every match of ``if`` (an admitted failing), one of ``patterns`` must
  appear ``within`` a window around it (an apology in the body, Q27), unless one of ``unless``
  is in that window (or, with ``unless_within``, from the trigger's sentence to the end of that
  narrower window after it: a conditional apology answers the failing it follows, not one
  admitted later; the trigger that sums up the others is answered anywhere in ``within``).
  ``onward``: words in the window that send the reader elsewhere in the letter ("their details
  are in the box below", "... above") let another mention of the trigger, before or after (a
  box under the signature, a text box at the top), answer it when what is asked is in that
  mention's own window. A
  trigger overlapping ``answered_if`` is met by the letter itself (the earlier reply "did not
  explain", and this reply explains: the remedy, 7.16). A trigger overlapping ``minor_if`` is a
  small failing that needs nothing more than this reply (the stage one reply that missed a
  point, answered now): it never makes a finding, but one with
  ``patterns`` in its window makes the rule met, not "not arisen" (a remedy given for it
  answers Q29 "yes", 7.16-7.18). ``report``: the first unmet trigger, each, or the first of
  each paragraph (each failing admitted, a failing told twice in a paragraph once); a trigger
  overlapping ``summary_if`` (the sentence upholding the complaint, which sums up the failings)
  is reported only when no other trigger is.

In every shape, ``exceptions`` are look-alikes: a match overlapping one does not count (a
trigger for ``if``, what must appear otherwise). When nothing triggers the rule the situation
did not arise, and its questionnaire item is answered "not applicable".
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Mapping
from typing import Any

from letterlint.checks.base import NOT_ARISEN, CheckContext, Hit, NotArisen, ParamSpec, match_vars
from letterlint.checks.existence import excepted
from letterlint.model import ComplaintType, Span
from letterlint.rules.lazy_pattern import lazy_re
from letterlint.rules.patterns import (
    MATCH_TIMEOUT_S,
    Match,
    Pattern,
    PatternError,
    _present,
    compile_patterns,
    finditer,
    non_overlapping,
)
from letterlint.rules.spec import PhraseBank, Rule

WITHIN_RE = lazy_re(r"^(sentence|paragraph|next-paragraph|body|letter|sentences:\d+|paragraphs:\d+)$")
WINDOWS = "sentence | paragraph | next-paragraph | sentences:N | paragraphs:N | body | letter"

PARAMS = {
    "patterns": ParamSpec("patterns", default=[],
                          doc="what must appear (any one of these); empty with 'when': the situation "
                              "itself is the finding"),
    "exceptions": ParamSpec("patterns", default=[],
                            doc="look-alikes: a match (of 'if', or else of 'patterns') overlapping one "
                                "of these does not count"),
    "not_needed_if": ParamSpec("patterns", default=[],
                               doc="if any of these appears in the scope, the rule does not apply "
                                   "(checked first)"),
    "when": ParamSpec("list", default=[],
                      doc="groups of patterns (a list of lists, or a list of banks); each group must "
                          "match somewhere in the scope for the rule to apply"),
    "not_if_found": ParamSpec("list", default=[],
                              doc="rule codes run earlier (rules run in code order): the rule does "
                                  "not apply when one of them found something in the letter"),
    "when_absent": ParamSpec("str", default="not-arisen", choices=("not-arisen", "passed"),
                             doc="when a 'when' group is absent: the situation did not arise (a "
                                 "'where appropriate' item is then n/a), or nothing to report (the "
                                 "item is left to its other rules: a rule that only sharpens "
                                 "another's finding)"),
    "when_exceptions": ParamSpec("patterns", default=[],
                                 doc="look-alikes for 'when': a match of a group overlapping one of "
                                     "these does not count (the complainant's words reported, not an "
                                     "admission)"),
    "two_needed_if": ParamSpec("patterns", default=[],
                               doc="when one of these appears, one match of 'patterns' is not enough: "
                                   "two different ones are needed (a single 'I apologise' beside 'I am "
                                   "sorry if you feel let down' is not empathy, Q25, 7.39)"),
    "set_aside_if": ParamSpec("patterns", default=[],
                              doc="if any of these appears, the rule does not apply, unless what "
                                  "'patterns' asks for is there (checked after it)"),
    "point_at": ParamSpec("patterns", default=[],
                          doc="quote the first match of these (default: the last 'when' group's first "
                              "match when 'patterns' is empty, else the whole letter); with 'if': "
                              "quote the first match in an unmet trigger's window instead of the "
                              "trigger (the vague pointer: 'details are on our website')"),
    "point_at_last": ParamSpec("patterns", default=[],
                               doc="quote the first match of these only when 'point_at' finds "
                                   "none (a bare opening, quoted only when no other cold "
                                   "sentence is there)"),
    "known_complaint_type": ParamSpec(
        "bool", default=False,
        doc="apply only when the complaint type is known (detected or given) and is one of the "
            "rule's complaint_types; an unknown type never triggers the rule"),
    "if": ParamSpec("patterns", default=[],
                    doc="triggers: for each, one of 'patterns' must appear within the window"),
    "within": ParamSpec("str", default="paragraph", doc=f"with 'if': the window ({WINDOWS})"),
    "direction": ParamSpec("str", default="around", choices=("around", "after"),
                           doc="with 'if': look on both sides of the trigger, or only after it"),
    "unless": ParamSpec("patterns", default=[],
                        doc="with 'if': one of these in the window excuses the trigger"),
    "onward": ParamSpec("patterns", default=[],
                        doc="with 'if': words that send the reader further on ('their details are in "
                            "the box below', 'at the end of this letter'): where one is in the "
                            "window, a later mention of the trigger (anywhere after it, a box under "
                            "the signature too) answers it when what is asked is in that mention's "
                            "own window"),
    "unless_within": ParamSpec("str", default="",
                               doc=f"with 'unless': its own window ({WINDOWS}), looked for from the "
                                   "start of the trigger's sentence to the window's end after it (a "
                                   "conditional apology excuses the failing it follows or holds, not "
                                   "one admitted later or paragraphs away); empty: 'within'"),
    "answered_if": ParamSpec("patterns", default=[],
                             doc="with 'if': a trigger overlapping one of these is answered by the "
                                 "letter itself (a failure to explain, put right by this reply's "
                                 "explanation, 7.16): it counts as met, not as not arisen"),
    "minor_if": ParamSpec("patterns", default=[],
                          doc="with 'if': a trigger overlapping one of these is a small failing "
                              "that this reply itself puts right (the stage one reply missed a "
                              "point): never a finding, but met (not 'not arisen') when one of "
                              "'patterns' is in its window"),
    "report": ParamSpec("str", default="first", choices=("first", "each", "each-paragraph"),
                        doc="with 'if': report the first unmet trigger only, each, or the first "
                            "of each paragraph (a failing told twice in one paragraph is one)"),
    "summary_if": ParamSpec("patterns", default=[],
                            doc="with 'if': a trigger overlapping one of these sums up the others "
                                "(the complaint upheld): it is reported only when no other trigger "
                                "is"),
    "facts": ParamSpec("map", default={},
                       doc="what must be true of the letter's facts, as {fact: [values]}: the letter "
                           "does what is asked when each named fact (computed once in the letter's "
                           "analysis, e.g. outcome: [upheld, partly-upheld, not-upheld]) has one of "
                           "the values; in 'when', a group may hold {fact: NAME, in: [values]}"),
    "suggest": ParamSpec("str", default="",
                         doc="wording to add; may use {escalation_date}, {letter_date}..."),
}

_IF_ONLY = ("within", "direction", "unless", "unless_within", "onward", "report", "answered_if", "minor_if",
            "summary_if")
_SITUATION = ("when", "when_exceptions", "set_aside_if", "two_needed_if", "point_at", "point_at_last",
              "known_complaint_type",
              "not_needed_if", "not_if_found")
CODE_RE = lazy_re(r"^LL\d{3}$")


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
    """Compile the patterns; check the shape. Raises ValueError naming the parameter."""
    raw_if = params["if"] or []
    if raw_if:
        mixed = [k for k in _SITUATION if params[k] and k != "point_at"]
        if mixed:
            raise ValueError(f"{mixed[0]}: cannot be used with 'if' (a trigger has its own window)")
        if not params["patterns"]:
            raise ValueError("patterns: required with 'if' (what must appear near the trigger)")
        if not WITHIN_RE.match(str(params["within"])):
            raise ValueError(f"within: {params['within']!r} is not a window ({WINDOWS})")
        if params["unless_within"] and not WITHIN_RE.match(str(params["unless_within"])):
            raise ValueError(f"unless_within: {params['unless_within']!r} is not a window ({WINDOWS})")
    groups = params["when"] or []
    if not isinstance(groups, list):
        raise ValueError("when: a list of pattern groups")
    facts = _facts(params["facts"] or {}, "facts")
    if not groups and not params["patterns"] and not facts:
        raise ValueError("patterns: required (or 'when' or 'facts')")
    when, when_facts, when_found = [], [], []
    for g in groups:
        items = g if isinstance(g, list) else [g]
        conds = [i for i in items if isinstance(i, dict) and "fact" in i]
        for c in conds:
            if set(c) != {"fact", "in"}:
                raise ValueError(f"when: a fact condition takes 'fact' and 'in', not {sorted(c)}")
        founds = [i for i in items if isinstance(i, dict) and "found" in i]
        for c in founds:
            if not set(c) <= {"found", "at_least"}:
                raise ValueError(f"when: a 'found' condition takes 'found' and 'at_least', not {sorted(c)}")
            if "at_least" in c and (not isinstance(c["at_least"], int) or isinstance(c["at_least"], bool)
                                    or c["at_least"] < 1):
                raise ValueError("when: found: at_least: a whole number of 1 or more")
        if len({int(c.get("at_least", 1)) for c in founds}) > 1:
            raise ValueError("when: the 'found' conditions of one group need the same 'at_least' value")
        if any(not _as_list(c["found"]) for c in founds):
            raise ValueError("when: found: name at least one rule code (an empty list never holds)")
        when.append(compile_patterns([i for i in items if i not in conds and i not in founds], banks))
        when_facts.append(_facts({str(c["fact"]): c["in"] for c in conds}, "when"))
        when_found.append((_codes([code for c in founds for code in _as_list(c["found"])], "when: found"),
                           max((int(c.get("at_least", 1)) for c in founds), default=1)))
    return {
        "if": compile_patterns(raw_if, banks) if raw_if else (),
        "when": tuple(when),
        "when_facts": tuple(when_facts),
        "when_found": tuple(when_found),
        "not_if_found": _codes(_as_list(params["not_if_found"] or []), "not_if_found"),
        "facts": facts,
        "patterns": compile_patterns(params["patterns"] or [], banks),
        "exceptions": compile_patterns(params["exceptions"] or [], banks),
        "not_needed_if": compile_patterns(params["not_needed_if"] or [], banks),
        "when_exceptions": compile_patterns(params["when_exceptions"] or [], banks),
        "set_aside_if": compile_patterns(params["set_aside_if"] or [], banks),
        "two_needed_if": compile_patterns(params["two_needed_if"] or [], banks),
        "point_at": compile_patterns(params["point_at"] or [], banks),
        "point_at_last": compile_patterns(params["point_at_last"] or [], banks),
        "unless": compile_patterns(params["unless"] or [], banks),
        "onward": compile_patterns(params["onward"] or [], banks),
        "answered_if": compile_patterns(params["answered_if"] or [], banks),
        "minor_if": compile_patterns(params["minor_if"] or [], banks),
        "summary_if": compile_patterns(params["summary_if"] or [], banks),
    }


def _as_list(raw: Any) -> list[Any]:
    return raw if isinstance(raw, list) else [raw]


def _codes(raw: list[Any], param: str) -> tuple[str, ...]:
    """Rule codes ("LL211") as a tuple; raises ValueError naming ``param`` for anything else."""
    for code in raw:
        if not isinstance(code, str) or not CODE_RE.match(code):
            raise ValueError(f"{param}: {code!r} is not a rule code (LL followed by three digits)")
    return tuple(raw)


def _found(codes: tuple[str, ...], ctx: CheckContext, at_least: int = 1) -> Match | None:
    """A Match on the first span one of the rules ``codes`` found in this letter (they ran
    earlier, in code order), or None. With ``at_least`` over 1: only when those rules' findings
    at warning level or above quote at least that many different words (case aside), and the
    Match is on the paragraph that holds most of them ("three legal terms nobody explained":
    the explanation a reader cannot follow, Q26)."""
    if at_least > 1:
        spans = sorted({sp for code in codes for sp in ctx.found_loud.get(code, ())},
                       key=lambda sp: (sp.start, sp.end))
        words = {" ".join(ctx.text[sp.start:sp.end].lower().split()) for sp in spans}
        if len(words) < at_least:
            return None
        # the paragraph that holds most of them: that is the explanation a reader cannot follow
        best, most = spans[0], 0
        for para in ctx.paragraphs():
            n = sum(1 for sp in spans if para.start <= sp.start < para.end)
            if n > most:
                best, most = para, n
        return Match(best, ctx.text[best.start:best.end], Pattern(f"found:{codes[0]}", "", 0))
    for code in codes:
        got = ctx.found.get(code)
        if got:
            return Match(got[0], ctx.text[got[0].start:got[0].end], Pattern(f"found:{code}", "", 0))
    return None


def _facts(raw: Any, param: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """{fact: [values]} as ((fact, values), ...); raises ValueError naming ``param``."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"{param}: a mapping of fact names to lists of values")
    out = []
    for name, values in raw.items():
        if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
            raise ValueError(f"{param}: {name}: a list of values (strings)")
        out.append((str(name), frozenset(values)))
    return tuple(out)


def _fact_holds(facts: tuple[tuple[str, frozenset[str]], ...], ctx: CheckContext) -> Match | None:
    """A Match on the words that gave the first of ``facts`` that holds (empty span at 0 when they
    cannot be found), or None when none holds."""
    for name, values in facts:
        fact = ctx.letter.facts.get(name)
        value = getattr(fact.value, "value", fact.value) if fact is not None else None
        if value in values:
            said = fact.evidence if fact is not None else ""
            at = ctx.text.find(said) if said else -1
            span = Span(at, at + len(said)) if at >= 0 else Span(0, 0)
            return Match(span, said, Pattern(f"fact:{name}", "", 0))
    return None


def _first(pats: tuple[Pattern, ...], ctx: CheckContext, units: list[Span],
           exceptions: tuple[Pattern, ...] = ()) -> Match | None:
    for unit in units:
        for m in finditer(pats, ctx.text, unit):
            if not excepted(exceptions, ctx.text, m.span, unit):
                return m
    return None


def _distinct(pats: tuple[Pattern, ...], ctx: CheckContext, units: list[Span],
              exceptions: tuple[Pattern, ...] = ()) -> int:
    """How many different places ``pats`` match in ``units``, look-alikes aside; counting stops
    at two, all that ``two_needed_if`` asks. Matches that overlap are one place: "I am very sorry
    we put you through that" is one line of empathy however many bank entries it matches."""
    seen: list[Span] = []
    for unit in units:
        for m in finditer(pats, ctx.text, unit):
            if excepted(exceptions, ctx.text, m.span, unit) or any(s.overlaps(m.span) for s in seen):
                continue
            seen.append(m.span)
            if len(seen) >= 2:
                return 2
    return len(seen)


def _boxed(ctx: CheckContext, span: Span, most: int = 14) -> bool:
    """Whether ``span`` stands in a short paragraph of its own (at most ``most`` words: a box's
    title, an address block, a line under the signature), as what "their details are in the box
    below (above)" points to does; not a sentence that mentions it in passing (a breaker's
    letter: the Assessor named in the opening paragraph, the CPS's own details after it)."""
    para = next((q for q in ctx.paragraphs() if q.start <= span.start and span.end <= q.end), None)
    return para is not None and len(ctx.text[para.start:para.end].split()) <= most


def run(rule: Rule, ctx: CheckContext) -> list[Hit] | NotArisen:
    """Hits for one letter: at most one whole-letter or quoted hit, or with ``if`` one per
    unmet trigger (``report: each``); NOT_ARISEN when the rule's situation is absent."""
    if rule.compiled["if"]:
        return _near_triggers(rule, ctx)
    return _situation(rule, ctx)


def _situation(rule: Rule, ctx: CheckContext) -> list[Hit] | NotArisen:
    comp = rule.compiled
    p = rule.params
    units = ctx.units(rule.scope)
    if p["known_complaint_type"]:
        ctype = ctx.letter.complaint_type
        if ctype is ComplaintType.UNKNOWN or (rule.complaint_types and ctype not in rule.complaint_types):
            return NOT_ARISEN
    if comp["not_needed_if"] and _first(comp["not_needed_if"], ctx, units) is not None:
        return NOT_ARISEN
    if comp["not_if_found"] and _found(comp["not_if_found"], ctx) is not None:
        return NOT_ARISEN
    def done() -> bool:
        if comp["facts"] and all(_fact_holds((f,), ctx) for f in comp["facts"]):
            return True
        if not comp["patterns"]:
            return False
        if comp["two_needed_if"] and _first(comp["two_needed_if"], ctx, units) is not None:
            return _distinct(comp["patterns"], ctx, units, comp["exceptions"]) >= 2
        return _first(comp["patterns"], ctx, units, comp["exceptions"]) is not None

    last: Match | None = None
    for group, group_facts, group_found in zip(comp["when"], comp["when_facts"], comp["when_found"],
                                               strict=True):
        last = ((_fact_holds(group_facts, ctx) if group_facts else None)
                or (_found(group_found[0], ctx, group_found[1]) if group_found[0] else None)
                or (_first(group, ctx, units, comp["when_exceptions"]) if group else None))
        if last is None:
            # the situation did not arise, unless the letter does what is asked anyway (a
            # meeting offered where it was not required still answers the item 'yes')
            if not done() and p["when_absent"] == "not-arisen":
                return NOT_ARISEN
            return []
    # a letter that does what is asked passes, even where 'set_aside_if' would have set the
    # rule aside ("the IAC cannot look at this complaint" beside "the process ends here")
    if done():
        return []
    if comp["set_aside_if"] and _first(comp["set_aside_if"], ctx, units) is not None:
        return NOT_ARISEN
    at = _first(comp["point_at"], ctx, units) if comp["point_at"] else None
    if at is None and comp["point_at_last"]:
        at = _first(comp["point_at_last"], ctx, units)
    if at is None and not comp["patterns"]:
        at = last
    suggestion = p["suggest"] or None
    if at is None:
        return [Hit(None, suggestion=suggestion)]
    return [Hit(at.span, suggestion=suggestion, vars=match_vars(at))]


# ------------------------------------------------------------------------ near each trigger

def _containing(spans: list[Span], at: Span, starts: list[int] | None = None) -> int | None:
    """Index of the first of ``spans`` holding ``at``; with ``starts`` (the spans' starts, the
    spans in order and not overlapping), found by bisection when ``at`` is not empty."""
    if starts is not None and at.end > at.start:
        i = bisect.bisect_right(starts, at.start) - 1
        return i if i >= 0 and at.start < spans[i].end else None
    for i, s in enumerate(spans):
        if s.start <= at.start < s.end or s.contains(at):
            return i
    return None


def _units(ctx: CheckContext, sentences: bool) -> tuple[list[Span], list[int] | None]:
    """The letter's sentences or paragraphs, and their starts when they are in order and do not
    overlap (so ``_containing`` may bisect), built once per letter."""
    if sentences not in ctx.memo.window_units:
        whole = Span(0, len(ctx.text))
        units = ctx.sentences(whole) if sentences else ctx.paragraphs(whole)
        ordered = all(a.end <= b.start for a, b in itertools.pairwise(units))
        ctx.memo.window_units[sentences] = (units, [u.start for u in units] if ordered else None)
    return ctx.memo.window_units[sentences]


def _exists(ctx: CheckContext, patterns: tuple[Pattern, ...], area: Span) -> bool:
    """Whether ``finditer(patterns, ctx.text, area)`` finds anything, answered without scanning
    the same text again for each trigger (issue 15: with ``within: body`` every admission
    re-scanned the rest of the letter, so long letters were quadratic).

    Whether a pattern matches at a place does not depend on where the search started (the text
    before it stays visible to ``\\b`` and look-behinds), so the first non-empty match found
    from ``start`` up to ``end`` is also the first from any later start up to it. Per pattern
    and ``end``, the last search is remembered: (searched from, first match start or None)."""
    memo = ctx.memo.first_match
    text = ctx.text
    for p in _present(patterns, text):
        key = (id(p), area.end)
        known = memo.get(key)
        if known is not None and known[0] <= area.start and (known[1] is None or known[1] >= area.start):
            first = known[1]
        else:
            first = None
            try:
                for m in p.regex.finditer(text, area.start, area.end, timeout=MATCH_TIMEOUT_S):
                    if m.end() > m.start():
                        first = m.start()
                        break
            except TimeoutError as exc:
                raise PatternError(f"pattern {p.raw!r} took too long and was stopped") from exc
            memo[key] = (area.start, first)
        if first is not None:
            return True
    return False


def window(ctx: CheckContext, trigger: Span, within: str, direction: str) -> Span:
    """The span around ``trigger`` to search: ``within`` is one of WINDOWS (``next-paragraph``:
    the trigger's paragraph and the next; ``sentences:N``: N sentences either side); with
    ``direction="after"`` only what follows the trigger's start. Outside any unit: the 300
    characters after the trigger."""
    body = ctx.body
    if within == "letter":
        area = Span(0, len(ctx.text))
    elif within == "body":
        area = body
    else:
        kind, _, n = within.partition(":")
        units, starts = _units(ctx, kind.startswith("sentence"))
        if kind.startswith("sentence"):
            extra = int(n) if n else 0
        else:
            extra = int(n) if n else (1 if kind == "next-paragraph" else 0)
        i = _containing(units, trigger, starts)
        if i is None:
            area = Span(trigger.start, min(len(ctx.text), trigger.end + 300))
        else:
            lo = i if direction == "after" else max(0, i - extra)
            hi = min(len(units) - 1, i + extra)
            area = Span(units[lo].start, units[hi].end)
    if direction == "after":
        area = Span(trigger.start, max(trigger.start, area.end))
    return area


def _unless_area(ctx: CheckContext, trigger: Span, area: Span, p: Mapping[str, Any]) -> Span:
    """Where ``unless`` is looked for: the rule's window, or with ``unless_within`` from the start
    of the trigger's sentence to the end of that window after it (a conditional apology answers
    the failing it follows or holds, not one admitted after it)."""
    if not p["unless_within"]:
        return area
    after = window(ctx, trigger, p["unless_within"], "after")
    sentences, starts = _units(ctx, True)
    i = _containing(sentences, trigger, starts)
    start = sentences[i].start if i is not None else trigger.start
    return Span(min(start, after.start), after.end)


def _near_triggers(rule: Rule, ctx: CheckContext) -> list[Hit] | NotArisen:
    comp = rule.compiled
    p = rule.params
    hits: list[Hit] = []
    summary: Hit | None = None  # the first unmet trigger that sums up the others
    paragraphs_hit: set[int] = set()
    triggered = False
    for unit in ctx.units(rule.scope):
        for m in non_overlapping(finditer(comp["if"], ctx.text, unit)):
            if excepted(comp["exceptions"], ctx.text, m.span, unit):
                continue
            if comp["minor_if"] and excepted(comp["minor_if"], ctx.text, m.span, unit):
                # never a finding; met when what is asked is there (a remedy for it: Q29 yes)
                if _exists(ctx, comp["patterns"], window(ctx, m.span, p["within"], p["direction"])):
                    triggered = True
                continue
            triggered = True
            if comp["answered_if"] and excepted(comp["answered_if"], ctx.text, m.span, unit):
                continue  # the letter answers it by what it is (this reply explains)
            area = window(ctx, m.span, p["within"], p["direction"])
            if _exists(ctx, comp["patterns"], area):
                continue
            if comp["onward"] and _exists(ctx, comp["onward"], area) and any(
                    _exists(ctx, comp["patterns"], window(ctx, other.span, p["within"], "after"))
                    for other in finditer(comp["if"], ctx.text, Span(0, len(ctx.text)))
                    if not other.span.overlaps(m.span) and _boxed(ctx, other.span)):
                continue  # "their details are in the box below (above)", and there, under its name, they are
            summing_up = bool(comp["summary_if"]) and excepted(comp["summary_if"], ctx.text, m.span, unit)
            # the sentence that sums up the failings ("I uphold your complaint") is answered by
            # an 'unless' anywhere in the rule's window, not only near it
            if comp["unless"] and _exists(ctx, comp["unless"],
                                          area if summing_up else _unless_area(ctx, m.span, area, p)):
                continue
            at = m.span
            if comp["point_at"]:  # the words that fail to give what is asked, where the window has them
                pointer = next(iter(finditer(comp["point_at"], ctx.text, area)), None)
                if pointer is not None:
                    at = pointer.span
            hit = Hit(at, suggestion=p["suggest"] or None, vars=match_vars(m))
            if summing_up:
                summary = summary or hit
                continue
            if p["report"] == "each-paragraph":
                paras, starts = _units(ctx, False)
                here = _containing(paras, m.span, starts)
                if here is not None:
                    if here in paragraphs_hit:
                        continue
                    paragraphs_hit.add(here)
            hits.append(hit)
            if p["report"] == "first":
                return hits
    if not hits and summary is not None:
        hits.append(summary)
    return hits if triggered else NOT_ARISEN
