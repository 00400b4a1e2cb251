"""existence: flag every match of the patterns (e.g. a phrase that should not be used)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from letterlint.checks.base import CheckContext, Hit, ParamSpec, match_vars
from letterlint.rules.patterns import Pattern, compile_patterns, finditer, non_overlapping
from letterlint.rules.spec import PhraseBank, Rule

PARAMS = {
    "patterns": ParamSpec("patterns", required=True, doc="what to flag"),
    "exceptions": ParamSpec(
        "patterns", default=[], doc="a match overlapping one of these is not flagged"
    ),
    "first_only": ParamSpec(
        "bool", default=False, doc="flag only the first use of each distinct phrase"
    ),
}


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
    """Compile ``params`` (already checked against PARAMS) once, at load: patterns and banks.
    Returns the kind's compiled form (``Rule.compiled``). Raises ValueError or PatternError,
    which the loader reports as ``file: params: ...``."""
    return {
        "patterns": compile_patterns(params["patterns"], banks),
        "exceptions": compile_patterns(params["exceptions"] or [], banks),
    }


def excepted(exceptions: tuple[Pattern, ...], text: str, span: Any, unit: Any) -> bool:
    """True when a match of ``exceptions`` inside ``unit`` of ``text`` overlaps ``span`` (a look-
    alike that must not be flagged)."""
    return any(e.span.overlaps(span) for e in finditer(exceptions, text, unit)) if exceptions else False


def run(rule: Rule, ctx: CheckContext) -> list[Hit]:
    """Hits for one letter: every match of ``patterns`` not overlapping an exception (with
    ``first_only``, one per distinct phrase), with ``{replacement}`` as suggestion. Source: the
    rule's item. Raises Skip when the check cannot run here; never modifies ``ctx``'s letter."""
    comp = rule.compiled
    hits: list[Hit] = []
    seen: set[str] = set()
    for unit in ctx.units(rule.scope):
        for m in non_overlapping(finditer(comp["patterns"], ctx.text, unit)):
            if excepted(comp["exceptions"], ctx.text, m.span, unit):
                continue
            key = m.pattern.raw
            if rule.params.get("first_only") and key in seen:
                continue
            seen.add(key)
            v = match_vars(m)
            hits.append(Hit(m.span, suggestion=v["replacement"] or None, vars=v))
    return hits
