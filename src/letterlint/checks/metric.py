"""metric: a measure of each unit in the scope against a threshold (e.g. words per sentence)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from letterlint.checks.base import CheckContext, Hit, ParamSpec
from letterlint.letter.measures import MEASURES
from letterlint.rules.spec import PhraseBank, Rule

PARAMS = {
    "measure": ParamSpec("str", required=True, doc="one of: " + ", ".join(sorted(MEASURES))),
    "max": ParamSpec("float", default=None, doc="flag a unit measuring more than this"),
    "min": ParamSpec("float", default=None, doc="flag a unit measuring less than this"),
    "max_setting": ParamSpec("str", default=None, doc="configuration key that overrides max"),
    "min_setting": ParamSpec("str", default=None, doc="configuration key that overrides min"),
    "min_words": ParamSpec("int", default=0, doc="ignore units with fewer words than this"),
    "below": ParamSpec("float", default=None,
                       doc="only flag when max is exceeded but the value is below this (bands)"),
}


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
    if params["measure"] not in MEASURES:
        raise ValueError(f"measure: unknown {params['measure']!r} ({', '.join(sorted(MEASURES))})")
    if params["max"] is None and params["min"] is None and not (
        params["max_setting"] or params["min_setting"]
    ):
        raise ValueError("metric needs max or min")
    return {}


def run(rule: Rule, ctx: CheckContext) -> list[Hit]:
    p = rule.params
    mx = ctx.config.get(p["max_setting"], p["max"]) if p["max_setting"] else p["max"]
    mn = ctx.config.get(p["min_setting"], p["min"]) if p["min_setting"] else p["min"]
    measure = MEASURES[p["measure"]]
    hits: list[Hit] = []
    for unit in ctx.units(rule.scope):
        text = ctx.text[unit.start : unit.end]
        if p["min_words"] and len(text.split()) < p["min_words"]:
            continue
        value = measure(ctx, unit)
        too_high = mx is not None and value > float(mx)
        if too_high and p["below"] is not None and value > float(p["below"]):
            too_high = False
        too_low = mn is not None and value < float(mn)
        if too_high or too_low:
            vars_ = {"value": round(value, 1), "max": mx, "min": mn}
            hits.append(Hit(unit if rule.scope != "letter" else None, vars=vars_))
    return hits
