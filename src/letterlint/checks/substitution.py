"""substitution: flag a word or phrase and suggest the one to use instead."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from letterlint.checks.base import CheckContext, Hit, ParamSpec, case_like, match_vars
from letterlint.checks.existence import excepted
from letterlint.rules.patterns import compile_one, compile_patterns, finditer, non_overlapping
from letterlint.rules.spec import BankEntry, PhraseBank, Rule

PARAMS = {
    "patterns": ParamSpec(
        "patterns", default=[], doc="bank entries (or patterns) whose 'replacement' is suggested"
    ),
    "swap": ParamSpec("map", default={}, doc="pattern -> replacement"),
    "exceptions": ParamSpec("patterns", default=[], doc="matches overlapping these are kept"),
    "capitalise": ParamSpec("bool", default=True, doc="give the replacement the capital letter of the "
                            "words it replaces (false: the replacement as written, for a rule that "
                            "puts capitals right)"),
}


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
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
            "capitalise": bool(params["capitalise"])}


def run(rule: Rule, ctx: CheckContext) -> list[Hit]:
    comp = rule.compiled
    hits: list[Hit] = []
    for unit in ctx.units(rule.scope):
        for m in non_overlapping(finditer(comp["patterns"], ctx.text, unit)):
            if excepted(comp["exceptions"], ctx.text, m.span, unit):
                continue
            v = match_vars(m)
            suggestion = case_like(m.text, v["replacement"]) if comp["capitalise"] else v["replacement"]
            v["suggestion"] = suggestion
            hits.append(Hit(m.span, suggestion=suggestion, vars=v))
    return hits
