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


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
    """Compile ``params`` (already checked against PARAMS) once, at load: patterns and banks.
    Returns the kind's compiled form (``Rule.compiled``). Raises ValueError or PatternError,
    which the loader reports as ``file: params: ...``."""
    cats = [c.upper() for c in params["categories"]]
    if not cats:
        raise ValueError("categories: name at least one LanguageTool category")
    return {"categories": frozenset(cats), "ignore": frozenset(params["ignore_rules"] or [])}


def _note(ctx: CheckContext, text: str) -> None:
    ctx.note(text)


def _matches(ctx: CheckContext) -> tuple[Span, list[Any]] | None:
    """LanguageTool's matches for the body (cached per letter), or None when not used."""
    if ctx.memo.languagetool_asked:
        return ctx.memo.languagetool
    url = ctx.config.get("languagetool.url")
    local = bool(ctx.config.get("languagetool.local", False))
    public = bool(ctx.config.get("languagetool.public_api", False))
    result: tuple[Span, list[Any]] | None = None
    body = ctx.body
    text = ctx.text[body.start : body.end]
    if not (url or local or public):
        _note(ctx, NO_SERVER_HARPER if ctx.memo.harper is not None else NO_SERVER)
    else:
        from letterlint.letter.nlp import languagetool as lt  # the client only when a server is set

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
            ran = ("grammar ran with Harper and letterlint's own rules" if ctx.memo.harper is not None
                   else "grammar ran with built-in rules only")
            _note(ctx, f"LanguageTool at {where} could not be reached: {exc}; {ran}")
    ctx.memo.languagetool_asked = True
    ctx.memo.languagetool = result
    return result


def builtin_spans(ctx: CheckContext) -> list[Span]:
    """Spans the built-in spelling and grammar rules (LL4xx, LL5xx) found in this letter, as the
    engine recorded them (``ctx.found``: this kind runs after every other, RUNS_LAST)."""
    return [s for code, spans in ctx.found.items() if code[:3] in ("LL4", "LL5") for s in spans]


# The engine runs this kind after every other rule and gives it their spans (``ctx.found``).
RUNS_LAST = True


def run(rule: Rule, ctx: CheckContext) -> list[Hit]:
    """Hits for one letter: LanguageTool's matches in the listed categories that no built-in rule
    reports; none (and a note) without a configured server. Source: Q22, Q23. Raises Skip when
    the check cannot run here; never modifies ``ctx``'s letter."""
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
