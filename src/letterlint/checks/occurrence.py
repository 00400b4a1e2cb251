"""occurrence: the patterns may appear at most ``max`` / at least ``min`` times in the scope."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from letterlint.checks.base import CheckContext, Hit, ParamSpec, match_vars
from letterlint.rules.patterns import compile_patterns, finditer, non_overlapping
from letterlint.rules.spec import PhraseBank, Rule

PARAMS = {
    "patterns": ParamSpec("patterns", required=True, doc="what to count"),
    "max": ParamSpec("int", default=None, doc="flag the matches after the first max"),
    "min": ParamSpec("int", default=None, doc="flag the letter when fewer than min"),
    "per_unit": ParamSpec("bool", default=False, doc="count in each unit of the scope apart"),
}


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
    if params["max"] is None and params["min"] is None:
        raise ValueError("occurrence needs 'max' or 'min'")
    return {"patterns": compile_patterns(params["patterns"], banks)}


def run(rule: Rule, ctx: CheckContext) -> list[Hit]:
    pats = rule.compiled["patterns"]
    units = ctx.units(rule.scope)
    groups = [[u] for u in units] if rule.params["per_unit"] else [units]
    hits: list[Hit] = []
    for group in groups:
        matches = [m for u in group for m in non_overlapping(finditer(pats, ctx.text, u))]
        mx, mn = rule.params["max"], rule.params["min"]
        if mx is not None and len(matches) > mx:
            for m in matches[mx:]:
                hits.append(Hit(m.span, vars={**match_vars(m), "count": len(matches), "max": mx}))
        if mn is not None and len(matches) < mn:
            hits.append(Hit(None, vars={"count": len(matches), "min": mn}))
    return hits
