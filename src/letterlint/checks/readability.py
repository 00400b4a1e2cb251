"""metric: clarity measures of the letter body (Q26), computed offline.

Measures (``measure``):

- ``sentence_words``: words in each sentence; flags a sentence longer than ``max`` (or the
  setting ``max_setting``), but not one longer than ``below_setting`` (the next band up);
- ``paragraph_words``: words in each paragraph, against ``max``;
- ``flesch``: Flesch reading ease of the whole body, against ``min``; the finding points at
  the hardest paragraph;
- ``passive_share``: share of sentences with a passive verb, against ``max``.

Lines inside a sentence that end without punctuation and are short (list items, an address
to write to) count as separate units, so they do not make a sentence look long.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Mapping
from typing import Any

import regex

from letterlint.checks.base import CheckContext, Hit, ParamSpec
from letterlint.letter.nlp import readability as rd
from letterlint.model import Span
from letterlint.rules.lazy_pattern import lazy
from letterlint.rules.spec import PhraseBank, Rule

MEASURES = ("sentence_words", "paragraph_words", "flesch", "passive_share")

PARAMS = {
    "measure": ParamSpec("str", required=True, choices=MEASURES, doc="what to measure"),
    "max": ParamSpec("float", default=None, doc="flag a value above this"),
    "min": ParamSpec("float", default=None, doc="flag a value below this"),
    "max_setting": ParamSpec("str", default=None, doc="configuration key that overrides max"),
    "min_setting": ParamSpec("str", default=None, doc="configuration key that overrides min"),
    "below_setting": ParamSpec(
        "str", default=None, doc="configuration key: values above it belong to another rule"
    ),
    "below": ParamSpec("float", default=None, doc="default for below_setting"),
    "min_words": ParamSpec("int", default=0, doc="only measure a body of at least this many words"),
    "min_sentences": ParamSpec("int", default=0, doc="only measure a body with this many sentences"),
}

_BULLET = lazy(r"^\s*(?:[-•*–]|\(?[0-9a-z]{1,2}[.)])\s")


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
    """Compile ``params`` (already checked against PARAMS) once, at load: patterns and banks.
    Returns the kind's compiled form (``Rule.compiled``). Raises ValueError or PatternError,
    which the loader reports as ``file: params: ...``."""
    m = params["measure"]
    if params["max"] is None and params["min"] is None and not (
        params["max_setting"] or params["min_setting"]
    ):
        raise ValueError(f"{m} needs max or min")
    return {}


def _threshold(ctx: CheckContext, setting: str | None, default: Any) -> float | None:
    value = ctx.config.get(setting, default) if setting else default
    return None if value is None else float(value)


def split_lines(text: str, span: Span) -> list[Span]:
    """Split a sentence at line breaks that end a list item or address line, not a wrapped line."""
    out: list[Span] = []
    unit_start = line_start = span.start
    while True:
        nl = text.find("\n", line_start, span.end)
        if nl == -1:
            break
        line = text[line_start:nl].strip()
        nxt = text[nl + 1 : span.end]
        ends_item = line.endswith((":", ";")) or (len(line) < 60 and not line.endswith((",", "-")))
        if ends_item or _BULLET.match(nxt) or not line:
            piece = text[unit_start:nl].strip()
            if piece:
                s = text.index(piece, unit_start)
                out.append(Span(s, s + len(piece)))
            unit_start = nl + 1
        line_start = nl + 1
    tail = text[unit_start : span.end].strip()
    if tail:
        s = text.index(tail, unit_start)
        out.append(Span(s, s + len(tail)))
    return out or [span]


def sentence_units(ctx: CheckContext) -> list[Span]:
    """The body's sentences, split at line breaks that end a list item or address line; units with
    no words left out. Spans of the letter text."""
    if ctx.memo.sentence_units is None:
        units: list[Span] = []
        for s in ctx.sentences():
            units.extend(split_lines(ctx.text, s))
        ctx.memo.sentence_units = [u for u in units if rd.words(ctx.text[u.start : u.end])]
    return ctx.memo.sentence_units


# Contact details read as one item each, not as many words.
_CONTACT = regex.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)\S+|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"
    r"|(?:\+44\s?|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b"
)


# Every _CONTACT match holds one of these (an "@", "http", "www." or a digit): text without
# any is left as it is by the substitution, which is then skipped (issue 15: running it on
# every sentence and paragraph was a tenth of a long letter's check).
_CONTACT_NEEDS = regex.compile(r"@|http|www\.|\d")


def _count(ctx: CheckContext, span: Span) -> int:
    """The words of ``span`` as the readability rules count them (contact details one word
    each), worked out once per letter: LL701 and LL702 count the same sentences, and the
    passive-voice rule most of them again (issue 15)."""
    key = (span.start, span.end)
    counts = ctx.memo.word_counts
    n = counts.get(key)
    if n is None:
        text = ctx.text[span.start : span.end]
        if _CONTACT_NEEDS.search(text):
            text = _CONTACT.sub("X", text)
        n = counts[key] = len(rd.words(text))
    return n


def _sentence_words(rule: Rule, ctx: CheckContext) -> list[Hit]:
    p = rule.params
    mx = _threshold(ctx, p["max_setting"], p["max"])
    band = _threshold(ctx, p["below_setting"], p["below"])
    hits = []
    for u in sentence_units(ctx):
        n = _count(ctx, u)
        if mx is not None and n > mx and (band is None or n <= band):
            hits.append(Hit(u, vars={"value": n, "max": int(mx)}))
    return hits


def _paragraph_words(rule: Rule, ctx: CheckContext) -> list[Hit]:
    p = rule.params
    mx = _threshold(ctx, p["max_setting"], p["max"])
    hits = []
    for para in ctx.paragraphs():
        n = _count(ctx, para)
        if mx is not None and n > mx:
            hits.append(Hit(para, vars={"value": n, "max": int(mx)}))
    return hits


def _flesch(rule: Rule, ctx: CheckContext) -> list[Hit]:
    p = rule.params
    mn = _threshold(ctx, p["min_setting"], p["min"])
    units = sentence_units(ctx)
    overall = rd.measure(ctx.text[u.start : u.end] for u in units)
    if overall.words < p["min_words"] or overall.sentences < p["min_sentences"] or mn is None:
        return []
    score = round(overall.flesch, 1)
    if score >= mn:
        return []
    worst: tuple[float, Span] | None = None
    starts = [u.start for u in units]
    in_order = all(a <= b for a, b in itertools.pairwise(starts))
    for para in ctx.paragraphs():
        if in_order:  # the units that can lie inside ``para``, by bisection (issue 15)
            lo, hi = bisect.bisect_left(starts, para.start), bisect.bisect_right(starts, para.end)
            sents = [ctx.text[u.start : u.end] for u in units[lo:hi] if para.contains(u)]
        else:
            sents = [ctx.text[u.start : u.end] for u in units if para.contains(u)]
        r = rd.measure(sents)
        if r.words < 20:
            continue
        if worst is None or r.flesch < worst[0]:
            worst = (round(r.flesch, 1), para)
    vars_ = {
        "value": score, "min": mn, "words_per_sentence": round(overall.words_per_sentence, 1),
        "syllables_per_word": round(overall.syllables_per_word, 2),
        "hardest": worst[0] if worst else score,
    }
    return [Hit(worst[1] if worst else None, vars=vars_)]


def passive_spans(ctx: CheckContext, sentence: Span) -> list[Span]:
    """The passive verb groups in ``sentence`` (spans), from POS tags when a trained pipeline is
    installed, else from word patterns."""
    analysis = ctx.analysis
    if analysis.has_pos:
        found = rd.passive_in_tokens(analysis.tokens_in(sentence))
    else:
        found = [(sentence.start + a, sentence.start + b)
                 for a, b in rd.passive_matches(ctx.text[sentence.start : sentence.end])]
    return [Span(a, b) for a, b in found]


def _passive_share(rule: Rule, ctx: CheckContext) -> list[Hit]:
    p = rule.params
    mx = _threshold(ctx, p["max_setting"], p["max"])
    sentences = [s for s in ctx.sentences() if _count(ctx, s) >= 4]
    if not sentences or len(sentences) < p["min_sentences"] or mx is None:
        return []
    with_passive = [(s, ps) for s in sentences if (ps := passive_spans(ctx, s))]
    share = len(with_passive) / len(sentences)
    if share <= mx:
        return []
    examples = "; ".join(f"'{ctx.text[ps[0].start : ps[0].end]}'" for _, ps in with_passive[:3])
    vars_ = {"value": f"{share:.0%}", "max": f"{mx:.0%}", "count": len(with_passive),
             "total": len(sentences), "examples": examples}
    return [Hit(None, vars=vars_)]


def run(rule: Rule, ctx: CheckContext) -> list[Hit]:
    """Hits for one letter: units over (or under) the threshold of ``measure``; flesch and
    passive_share give at most one hit. Source: Q26; HMCPSI 2023 7.9, 7.46. Raises Skip when the
    check cannot run here; never modifies ``ctx``'s letter."""
    measure = rule.params["measure"]
    if measure == "sentence_words":
        return _sentence_words(rule, ctx)
    if measure == "paragraph_words":
        return _paragraph_words(rule, ctx)
    if measure == "flesch":
        return _flesch(rule, ctx)
    return _passive_share(rule, ctx)
