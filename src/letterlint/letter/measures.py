"""Measures for the ``metric`` check kind: name -> function(ctx, span) -> float."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from letterlint.model import Span

if TYPE_CHECKING:
    from letterlint.checks.base import CheckContext

WORD_RE = re.compile(r"[A-Za-z0-9£][\w'’£.,-]*")


def count_words(text: str) -> int:
    return len(WORD_RE.findall(text))


def words(ctx: CheckContext, span: Span) -> float:
    return float(count_words(ctx.text[span.start : span.end]))


def sentences(ctx: CheckContext, span: Span) -> float:
    return float(len(ctx.sentences(span)))


def words_per_sentence(ctx: CheckContext, span: Span) -> float:
    sents = ctx.sentences(span)
    if not sents:
        return 0.0
    return sum(count_words(ctx.text[s.start : s.end]) for s in sents) / len(sents)


def flesch(ctx: CheckContext, span: Span) -> float:
    from letterlint.letter.nlp import readability

    return float(readability.flesch_reading_ease(ctx.text[span.start : span.end]))


MEASURES: dict[str, Callable[[CheckContext, Span], float]] = {
    "words": words,
    "sentences": sentences,
    "words_per_sentence": words_per_sentence,
    "flesch_reading_ease": flesch,
}
