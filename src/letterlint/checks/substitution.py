"""substitution: flag a word or phrase and suggest the one to use instead.

The replacement is a bank entry's ``replacement`` or a ``swap`` value, given the capital letter
of the words it replaces. With ``inflect: light-verb`` the replacement is a verb that takes the
tense of the weak verb it replaces: a nominalisation ("carried out a review" -> "reviewed",
Q26; HMCPSI 2023 7.9, 7.46).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from letterlint.checks.base import NOT_ARISEN, CheckContext, Hit, NotArisen, ParamSpec, case_like, match_vars
from letterlint.checks.existence import excepted
from letterlint.rules.patterns import compile_one, compile_patterns, finditer, non_overlapping
from letterlint.rules.spec import BankEntry, PhraseBank, Rule

PARAMS = {
    "patterns": ParamSpec(
        "patterns", default=[], doc="bank entries (or patterns) whose 'replacement' is suggested"
    ),
    "swap": ParamSpec("map", default={}, doc="pattern -> replacement"),
    "exceptions": ParamSpec("patterns", default=[], doc="matches overlapping these are kept"),
    "not_needed_if": ParamSpec("patterns", default=[],
                               doc="if any of these appears in the scope, the rule does not apply (its "
                                   "item is 'not applicable'; a concern the complaints process cannot "
                                   "take has no escalation time limit to correct)"),
    "inflect": ParamSpec("str", default="none", choices=("none", "light-verb"),
                         doc="light-verb: the replacement is a verb given the tense of the match's "
                             "first word ('made a decision' -> 'decided')"),
    "capitalise": ParamSpec("bool", default=True, doc="give the replacement the capital letter of the "
                            "words it replaces (false: the replacement as written, for a rule that "
                            "puts capitals right)"),
}


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
    """Compile ``params`` (already checked against PARAMS) once, at load: patterns and banks.
    Returns the kind's compiled form (``Rule.compiled``). Raises ValueError or PatternError,
    which the loader reports as ``file: params: ...``."""
    pats = list(compile_patterns(params["patterns"], banks)) if params["patterns"] else []
    for raw, repl in (params["swap"] or {}).items():
        if not isinstance(repl, str):
            raise ValueError(f"swap: the replacement for {raw!r} must be a string")
        pats.append(compile_one(str(raw), BankEntry(str(raw), replacement=repl)))
    if not pats:
        raise ValueError("substitution needs 'patterns' or 'swap'")
    missing = [p.raw for p in pats if not (p.entry and p.entry.replacement)]
    if missing:
        raise ValueError(f"no replacement given for {missing[0]!r}")
    return {"patterns": tuple(pats), "exceptions": compile_patterns(params["exceptions"] or [], banks),
            "not_needed_if": compile_patterns(params["not_needed_if"] or [], banks),
            "capitalise": bool(params["capitalise"])}


def run(rule: Rule, ctx: CheckContext) -> list[Hit] | NotArisen:
    """Hits for one letter: every match with its replacement as suggestion, in the case of the
    words replaced (``inflect: light-verb``: in the tense of the phrase); NOT_ARISEN when one of
    ``not_needed_if`` appears in the scope. Source: the rule's item (Q22, Q23, Q25-Q29, Q32).
    Raises Skip when the check cannot run here; never modifies ``ctx``'s letter."""
    comp = rule.compiled
    if comp["not_needed_if"] and any(
            next(iter(finditer(comp["not_needed_if"], ctx.text, unit)), None) is not None
            for unit in ctx.units(rule.scope)):
        return NOT_ARISEN
    hits: list[Hit] = []
    for unit in ctx.units(rule.scope):
        for m in non_overlapping(finditer(comp["patterns"], ctx.text, unit)):
            if excepted(comp["exceptions"], ctx.text, m.span, unit):
                continue
            v = match_vars(m)
            new = v["replacement"]
            if rule.params.get("inflect") == "light-verb":
                new = light_verb(m.text, new)
            suggestion = case_like(m.text, new) if comp["capitalise"] else new
            v["suggestion"] = suggestion
            hits.append(Hit(m.span, suggestion=suggestion, vars=v))
    return hits


# ------------------------------------------------------------------ inflect: light-verb

_PAST = {"made", "took", "taken", "gave", "given", "carried", "conducted", "undertook", "undertaken",
         "reached", "came", "provided", "offered", "had", "held", "lodged", "sent", "performed",
         "brought"}
_IRREGULAR_PAST = {"pay": "paid", "meet": "met", "refer": "referred", "find": "found"}


def inflect(verb: str, form: str) -> str:
    """``verb`` in ``form``: "past" (decided), "ing" (deciding), "third" (decides) or "base"
    (decide)."""
    v = verb.lower()
    if form == "past":
        if v in _IRREGULAR_PAST:
            return _IRREGULAR_PAST[v]
        if v.endswith("e"):
            return v + "d"
        if v.endswith("y") and len(v) > 2 and v[-2] not in "aeiou":
            return v[:-1] + "ied"
        return v + "ed"
    if form == "ing":
        if v == "refer":
            return "referring"
        if v.endswith("e") and not v.endswith("ee"):
            return v[:-1] + "ing"
        return v + "ing"
    if form == "third":
        if v.endswith(("s", "sh", "ch", "x")):
            return v + "es"
        if v.endswith("y") and v[-2] not in "aeiou":
            return v[:-1] + "ies"
        return v + "s"
    return v


def verb_form(light: str) -> str:
    """The form of the weak verb ``light`` (made: past, making: ing, makes: third, else base)."""
    w = light.lower()
    if w in _PAST:
        return "past"
    if w.endswith("ing"):
        return "ing"
    if w in ("has", "does") or (w.endswith("s") and w not in ("is", "was")):
        return "third"
    return "base"


def light_verb(match: str, verb: str) -> str:
    """``verb`` (with any words after it) in the form of the first word of ``match``, the weak
    verb of a nominalisation: ("carried out a review", "review") -> "reviewed"."""
    first, _, rest = verb.partition(" ")
    light = match.split()[0]
    form = verb_form(light) if light.lower() not in ("is", "are", "was", "were", "am", "the",
                                                     "for") else "base"
    new = inflect(first, form) + (" " + rest if rest else "")
    if light.lower() in ("was", "were") and first == "agree":
        new = "agreed" + (" " + rest if rest else "")
    return new
