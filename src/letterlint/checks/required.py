"""required: the scope must contain at least one of the patterns (e.g. an outcome statement)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from letterlint.checks.base import CheckContext, Hit, ParamSpec
from letterlint.checks.existence import excepted
from letterlint.rules.patterns import compile_patterns, finditer
from letterlint.rules.spec import PhraseBank, Rule

PARAMS = {
    "patterns": ParamSpec("patterns", required=True, doc="any one of these satisfies the rule"),
    "exceptions": ParamSpec(
        "patterns", default=[], doc="look-alikes: a match overlapping one of these does not count"
    ),
    "not_needed_if": ParamSpec(
        "patterns", default=[], doc="if any of these appears, the rule does not apply"
    ),
    "suggest": ParamSpec(
        "str", default="", doc="wording to add; may use {escalation_date}, {letter_date}..."
    ),
}


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
    return {
        "patterns": compile_patterns(params["patterns"], banks),
        "exceptions": compile_patterns(params["exceptions"] or [], banks),
        "not_needed_if": compile_patterns(params["not_needed_if"] or [], banks),
    }


def found(comp: Mapping[str, Any], ctx: CheckContext, units: list[Any]) -> bool:
    for unit in units:
        for m in finditer(comp["patterns"], ctx.text, unit):
            if not excepted(comp["exceptions"], ctx.text, m.span, unit):
                return True
    return False


def run(rule: Rule, ctx: CheckContext) -> list[Hit]:
    comp = rule.compiled
    units = ctx.units(rule.scope)
    if comp["not_needed_if"] and any(
        True for u in units for _ in finditer(comp["not_needed_if"], ctx.text, u)
    ):
        ctx.did_not_arise(rule.code)
        return []
    if found(comp, ctx, units):
        return []
    return [Hit(None, suggestion=rule.params.get("suggest") or None)]
