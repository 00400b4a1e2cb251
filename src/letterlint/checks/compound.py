"""compound: when every group of trigger patterns appears, something else must (or must not).

Examples: a serious case (sexual offence, domestic abuse, bereavement) where the complaint is
upheld or a failing admitted should offer a meeting; a stage two reply to a service complaint
must name the Independent Assessor of Complaints; the IAC must not be offered for a legal
complaint. ``required`` and ``conditional`` cannot say "A and B, but not C".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from letterlint.checks.base import CheckContext, Hit, ParamSpec, match_vars
from letterlint.checks.existence import excepted
from letterlint.model import ComplaintType, Span
from letterlint.rules.patterns import Match, Pattern, compile_patterns, finditer
from letterlint.rules.spec import PhraseBank, Rule

PARAMS = {
    "all": ParamSpec(
        "list", default=[],
        doc="groups of patterns (a list of lists, or a list of banks); each group must match "
            "somewhere in the scope for the rule to apply; empty: always applies",
    ),
    "none": ParamSpec(
        "patterns", default=[], doc="if any of these appears in the scope, the rule does not apply"
    ),
    "then": ParamSpec(
        "patterns", default=[],
        doc="one of these must appear in the scope; leave empty to flag the situation itself",
    ),
    "exceptions": ParamSpec(
        "patterns", default=[], doc="look-alikes: a 'then' match overlapping one of these does not count"
    ),
    "point_at": ParamSpec(
        "patterns", default=[],
        doc="report the finding on the first match of these (default: the last trigger group's "
            "first match when 'then' is empty, else the whole letter)",
    ),
    "known_complaint_type": ParamSpec(
        "bool", default=False,
        doc="apply only when the complaint type is known (detected or given) and is one of the "
            "rule's complaint_types; an unknown type never triggers the rule",
    ),
    "suggest": ParamSpec("str", default="", doc="wording to add; may use {escalation_date}..."),
}


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
    groups = params["all"] or []
    if not isinstance(groups, list):
        raise ValueError("all: a list of pattern groups")
    compiled_groups = []
    for g in groups:
        compiled_groups.append(compile_patterns(g if isinstance(g, list) else [g], banks))
    if not compiled_groups and not params["then"]:
        raise ValueError("compound needs 'all' or 'then'")
    return {
        "all": tuple(compiled_groups),
        "none": compile_patterns(params["none"] or [], banks),
        "then": compile_patterns(params["then"] or [], banks),
        "exceptions": compile_patterns(params["exceptions"] or [], banks),
        "point_at": compile_patterns(params["point_at"] or [], banks),
    }


def _first(pats: tuple[Pattern, ...], ctx: CheckContext, units: list[Span],
           exceptions: tuple[Pattern, ...] = ()) -> Match | None:
    for unit in units:
        for m in finditer(pats, ctx.text, unit):
            if not excepted(exceptions, ctx.text, m.span, unit):
                return m
    return None


def run(rule: Rule, ctx: CheckContext) -> list[Hit]:
    comp = rule.compiled
    p = rule.params
    units = ctx.units(rule.scope)
    if p["known_complaint_type"]:
        ctype = ctx.letter.complaint_type
        if ctype is ComplaintType.UNKNOWN or (rule.complaint_types and ctype not in rule.complaint_types):
            ctx.did_not_arise(rule.code)
            return []
    last: Match | None = None
    for group in comp["all"]:
        last = _first(group, ctx, units)
        if last is None:
            # the situation did not arise, unless the letter does what is asked anyway (a
            # meeting offered where it was not required still answers the item 'yes')
            if not (comp["then"] and _first(comp["then"], ctx, units, comp["exceptions"])):
                ctx.did_not_arise(rule.code)
            return []
    # a letter that does what is asked passes, even where a 'none' pattern would have set the
    # rule aside ("the IAC cannot look at this complaint" beside "the process ends here")
    if comp["then"] and _first(comp["then"], ctx, units, comp["exceptions"]) is not None:
        return []
    if comp["none"] and _first(comp["none"], ctx, units) is not None:
        ctx.did_not_arise(rule.code)
        return []
    at = _first(comp["point_at"], ctx, units) if comp["point_at"] else None
    if at is None and not comp["then"]:
        at = last
    suggestion = p["suggest"] or None
    if at is None:
        return [Hit(None, suggestion=suggestion)]
    return [Hit(at.span, suggestion=suggestion, vars=match_vars(at))]
