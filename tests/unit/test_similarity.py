"""The similarity check's partial ratio (LL311): the padded comparison gives rapidfuzz's own
number (issue 15)."""

from __future__ import annotations

import random

from rapidfuzz import fuzz

from letterlint.checks import similarity

WORDS = tuple(" ".join((
    "the crown prosecution service decided there was not enough evidence to charge",
    "police investigate offences and court decides whether a defendant is guilty you",
    "asked why case stopped victim right review code for prosecutors")).split(" "))


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def test_partial_ratio_is_rapidfuzz_s() -> None:
    """On passages pasted whole, pasted with changes, at either end or nowhere, at several
    cutoffs, ``score`` equals rapidfuzz's partial ratio (0 below the cutoff)."""
    rng = random.Random(15)
    reached = 0
    for case in range(600):
        passage = _text(rng, rng.randint(12, 50))
        before, after = _text(rng, rng.randint(0, 60)), _text(rng, rng.randint(0, 60))
        inside = passage
        if case % 3:  # a changed copy: words dropped or replaced
            inside = " ".join(w if rng.random() > 0.25 else rng.choice(WORDS) for w in passage.split())
        if case % 5 == 0:
            inside = inside[: rng.randint(1, len(inside))]  # only its start, at the paragraph's end
            after = ""
        paragraph = " ".join(t for t in (before, inside, after) if t)
        if len(paragraph) <= 1.6 * len(passage):
            continue
        for cutoff in (0.0, 40.0, 60.0, 85.0):
            want = fuzz.partial_ratio(passage, paragraph, score_cutoff=cutoff)
            assert similarity.score(paragraph, passage, cutoff) == want, (passage, paragraph, cutoff)
            reached += want > 0 and cutoff == 60.0
    assert reached > 50  # the cases reach the cutoff often enough to test both answers


def test_padding_character_in_the_passage() -> None:
    """A passage holding the padding character is compared the plain way."""
    passage = "a" * 70 + similarity._PAD
    paragraph = "b" * 200 + passage + "c" * 20
    assert similarity.score(paragraph, passage, 60.0) == fuzz.partial_ratio(passage, paragraph, score_cutoff=60.0)
