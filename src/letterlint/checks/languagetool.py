"""languagetool: LanguageTool's grammar and spelling matches, when the user has set it up.

A ``file:`` address replays a recorded ``/v2/check`` response instead (for trying rules
offline). Nothing is sent anywhere unless ``languagetool.url``, ``languagetool.local`` or
``languagetool.public_api`` is set. Without any of them the check adds the note "grammar ran
with built-in rules only (no LanguageTool server configured)" and finds nothing. A server
that cannot be reached becomes a note too, never a crash.

The letter body is checked once per letter (shared by every rule of this kind); each rule
reports the LanguageTool categories it lists. A match overlapping a finding of a built-in
spelling or grammar rule (LL4xx, LL5xx) is dropped, so nothing is reported twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from letterlint.checks.base import CheckContext, Hit, ParamSpec
from letterlint.model import Span
from letterlint.rules.spec import PhraseBank, Rule

PARAMS = {
    "categories": ParamSpec(
        "list[str]", required=True,
        doc="LanguageTool category ids to report (TYPOS, GRAMMAR, PUNCTUATION, CASING, CONFUSED_WORDS...)",
    ),
    "ignore_rules": ParamSpec("list[str]", default=[], doc="LanguageTool rule ids never reported"),
}

NO_SERVER = "grammar ran with built-in rules only (no LanguageTool server configured)"
NO_SERVER_HARPER = "grammar ran with Harper and letterlint's own rules (no LanguageTool server configured)"
PUBLIC_WARNING = (
    "the letter body was sent to the public LanguageTool service (api.languagetool.org) because "
    "languagetool.public_api is set; it may contain personal data"
)
_CACHE = "_languagetool"
_BUILTIN = "_languagetool_builtin_spans"


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
    cats = [c.upper() for c in params["categories"]]
    if not cats:
        raise ValueError("categories: name at least one LanguageTool category")
    return {"categories": frozenset(cats), "ignore": frozenset(params["ignore_rules"] or [])}


def _note(ctx: CheckContext, text: str) -> None:
    notes: list[str] = ctx.cache.setdefault("notes", [])
    if text not in notes:
        notes.append(text)


def _matches(ctx: CheckContext) -> tuple[Span, list[Any]] | None:
    """LanguageTool's matches for the body (cached per letter), or None when not used."""
    if _CACHE in ctx.cache:
        cached: tuple[Span, list[Any]] | None = ctx.cache[_CACHE]
        return cached
    from letterlint.letter.nlp import languagetool as lt

    url = ctx.config.get("languagetool.url")
    local = bool(ctx.config.get("languagetool.local", False))
    public = bool(ctx.config.get("languagetool.public_api", False))
    result: tuple[Span, list[Any]] | None = None
    body = ctx.body
    text = ctx.text[body.start : body.end]
    if not (url or local or public):
        _note(ctx, NO_SERVER_HARPER if "_harper_lints" in ctx.cache else NO_SERVER)
    else:
        where = str(url) if url else "the local install" if local else lt.PUBLIC_URL
        try:
            if url and str(url).startswith("file:"):
                found = lt.replay(str(url), text)
            elif url:
                found = lt.check_remote(str(url), text)
            elif local:
                found = lt.check_local(text)
            else:
                _note(ctx, PUBLIC_WARNING)
                found = lt.check_remote(lt.PUBLIC_URL, text)
            result = (body, found)
        except lt.LanguageToolError as exc:
            ran = ("grammar ran with Harper and letterlint's own rules" if "_harper_lints" in ctx.cache
                   else "grammar ran with built-in rules only")
            _note(ctx, f"LanguageTool at {where} could not be reached: {exc}; {ran}")
    ctx.cache[_CACHE] = result
    return result


def builtin_spans(ctx: CheckContext) -> list[Span]:
    """Spans found by the built-in spelling and grammar rules (LL4xx, LL5xx) in this letter."""
    if _BUILTIN in ctx.cache:
        cached: list[Span] = ctx.cache[_BUILTIN]
        return cached
    from letterlint.checks.base import Skip
    from letterlint.engine.check import effective_rules
    from letterlint.rules.loader import kind_module, ruleset_for

    ruleset = ruleset_for(ctx.config.get("rules.paths", []), ctx.config.get("phrasebanks.paths", []))
    spans: list[Span] = []
    for rule in effective_rules(ruleset, ctx.config):
        if rule.code[:3] not in ("LL4", "LL5") or rule.kind == "languagetool":
            continue
        if not rule.applies(ctx.letter.letter_type, ctx.letter.complaint_type):
            continue
        if "pos" in rule.requires and not ctx.analysis.has_pos:
            continue
        try:
            hits = kind_module(rule.kind).run(rule, ctx)
        except Skip:
            continue
        except Exception:  # the engine reports that rule's own failure
            continue
        spans.extend(h.span for h in hits if h.span is not None)
    ctx.cache[_BUILTIN] = spans
    return spans


def run(rule: Rule, ctx: CheckContext) -> list[Hit]:
    got = _matches(ctx)
    if got is None:
        return []
    body, matches = got
    comp = rule.compiled
    wanted = [m for m in matches if m.category.upper() in comp["categories"] and m.rule_id not in comp["ignore"]]
    if not wanted:
        return []
    taken = builtin_spans(ctx)
    hits: list[Hit] = []
    for m in wanted:
        span = Span(body.start + m.start, body.start + m.end)
        if any(s.overlaps(span) for s in taken):
            continue
        suggestion = m.replacements[0] if m.replacements else None
        others = ", ".join(f"'{r}'" for r in m.replacements)
        hits.append(Hit(
            span, suggestion=suggestion, source=f"languagetool:{m.rule_id}",
            vars={"lt_message": m.message.strip() or "LanguageTool flagged this",
                  "lt_rule": m.rule_id, "lt_category": m.category,
                  "lt_suggestions": f" Suggestions: {others}." if others else ""},
        ))
    return hits
