"""existence: flag every match of the patterns (e.g. a phrase that should not be used)."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Mapping
from typing import Any

from letterlint.checks.base import CheckContext, Hit, ParamSpec, match_vars
from letterlint.model import Span
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


_EXCEPTED: list[Any] = []  # [(exceptions, text, unit, {paragraph: (sorted starts, running max of ends)})]


def excepted(exceptions: tuple[Pattern, ...], text: str, span: Any, unit: Any) -> bool:
    """Whether a match of ``exceptions`` in ``unit`` overlaps ``span``. The exceptions are looked
    for in the paragraph of ``unit`` that holds ``span`` (between blank lines), each paragraph
    once, and remembered for the next call about the same unit (a check asks once per match:
    re-scanning the unit each time made long letters quadratic, issue 15; scanning the whole
    unit when only one paragraph has a match made every check pay for every exception)."""
    if not exceptions:
        return False
    entry = _EXCEPTED[0] if _EXCEPTED else None  # read once: another thread may replace it
    if entry is None or entry[0] is not exceptions or entry[1] is not text or entry[2] != unit:
        kept: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
        entry = (exceptions, text, unit, kept)
        _EXCEPTED[:] = [entry]
    start = text.rfind("\n\n", unit.start, span.start)
    start = unit.start if start < 0 else start + 2
    end = text.find("\n\n", span.end, unit.end)
    end = unit.end if end < 0 else end
    paragraphs: dict[tuple[int, int], tuple[list[int], list[int]]] = entry[3]
    found = paragraphs.get((start, end))
    if found is None:
        spans = sorted((e.span for e in finditer(exceptions, text, Span(start, end))), key=lambda s: s.start)
        found = ([s.start for s in spans], list(itertools.accumulate((s.end for s in spans), max)))
        paragraphs[(start, end)] = found
    starts, max_end = found
    i = bisect.bisect_left(starts, span.end)  # exception matches that start before ``span`` ends
    return bool(i > 0 and max_end[i - 1] > span.start)


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
