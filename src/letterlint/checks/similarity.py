"""similarity: a paragraph closely matches a known passage (e.g. a standard paragraph).

Each body paragraph is compared with each passage of a phrase bank (rapidfuzz). A close
match is flagged only when one of the ``when`` conditions holds, because standard paragraphs
are approved text: the problem is where they sit and whether they belong (HMCPSI 7.5-7.8).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from letterlint.checks.base import CheckContext, Hit, ParamSpec
from letterlint.model import ComplaintType, LetterType, Span
from letterlint.rules.lazy_pattern import lazy_re
from letterlint.rules.spec import PhraseBank, Rule

CONDITIONS = ("always", "opening", "large-share", "service-complaint", "police-addressee",
              "interim-letter")
POLICE_RE = lazy_re(
    r"\b(?:PC|DC|DS|DI|DCI|Sgt|Sergeant|Inspector|Constable|Police|Officer|Detective)\b"
)
_WS = re.compile(r"\s+")

PARAMS = {
    "bank": ParamSpec("bank", required=True, doc="phrase bank of known passages"),
    "threshold": ParamSpec("int", default=85, doc="0-100: how close counts as a match"),
    "when": ParamSpec(
        "list[str]", default=["always"],
        doc="flag only when one holds: " + ", ".join(CONDITIONS),
    ),
    "share": ParamSpec("float", default=0.3,
                       doc="for large-share: share of the body's words (a long paragraph that speaks "
                           "to the reader counts only the words its passage could fill)"),
    "opening_paragraphs": ParamSpec("int", default=2, doc="for opening: how many paragraphs"),
    "short_words": ParamSpec("int", default=0,
                             doc="a passage of fewer words than this (one standard sentence) must "
                                 "match at short_threshold, not threshold: a short passage comes "
                                 "close to ordinary sentences by chance (0: no such passages)"),
    "short_threshold": ParamSpec("int", default=90, doc="0-100: how close counts as a match for a short passage"),
}


def normalise(text: str) -> str:
    """``text`` in lower case with punctuation (except £) turned into single spaces, for comparing
    passages."""
    return _WS.sub(" ", re.sub(r"[^\w£ ]+", " ", text.lower())).strip()


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
    """Compile ``params`` (already checked against PARAMS) once, at load: patterns and banks.
    Returns the kind's compiled form (``Rule.compiled``). Raises ValueError or PatternError,
    which the loader reports as ``file: params: ...``."""
    bank = banks.get(params["bank"])
    if bank is None:
        raise ValueError(f"bank: unknown phrase bank {params['bank']!r}")
    bad = [c for c in params["when"] if c not in CONDITIONS]
    if bad:
        raise ValueError(f"when: unknown condition {bad[0]!r} ({', '.join(CONDITIONS)})")
    if not 0 < params["threshold"] <= 100:
        raise ValueError("threshold: between 1 and 100")
    if not 0 < params["short_threshold"] <= 100:
        raise ValueError("short_threshold: between 1 and 100")
    passages = [(e.title or e.phrase[:40], normalise(e.phrase)) for e in bank.entries]
    # the score each passage must reach: a short one (one standard sentence) a higher one
    cutoffs = tuple(float(max(params["threshold"], params["short_threshold"]))
                    if len(text.split()) < params["short_words"] else float(params["threshold"])
                    for _, text in passages)
    # each passage's length in words, by label (the longest where two passages share a label)
    sizes: dict[str, int] = {}
    for label, text in passages:
        sizes[label] = max(sizes.get(label, 0), len(text.split()))
    return {"passages": passages, "sizes": sizes, "cutoffs": cutoffs}


def score(paragraph: str, passage: str, cutoff: float = 0.0) -> float:
    """How closely ``paragraph`` matches ``passage`` (both normalised), 0-100: rapidfuzz's ratio
    for texts of similar length, its partial ratio when the paragraph is longer (a passage pasted
    inside it), and 0 for an empty text or a much shorter paragraph. A score below ``cutoff`` is
    given as 0 (rapidfuzz then stops early: issue 15)."""
    from rapidfuzz import fuzz

    if not paragraph or not passage:
        return 0.0
    ratio = len(paragraph) / len(passage)
    if 0.6 <= ratio <= 1.6:
        return float(fuzz.ratio(paragraph, passage, score_cutoff=cutoff))
    if ratio > 1.6:  # the passage sits inside a longer paragraph
        return _partial(passage, paragraph, cutoff)
    return 0.0  # a short paragraph quoting a fragment is not a pasted passage


_PAD = "\x00"  # never in a normalised passage (normalise turns it into a space)
_EDGE_CHECKS = (0.7, 1.0)  # where the ends' bound reads the common subsequence, as shares of m


def _partial(passage: str, paragraph: str, cutoff: float) -> float:
    """rapidfuzz's ``partial_ratio(passage, paragraph, score_cutoff=cutoff)`` for a paragraph
    longer than the passage, the same number, found with less work when it can be (issue 15:
    partial ratio was most of this rule's time).

    rapidfuzz compares the passage (``m`` characters) with every ``m``-character window of the
    paragraph, skipping those that a bound shows cannot reach the cutoff, and then, one by one,
    with every shorter window at the paragraph's two ends (``paragraph[:k]`` and
    ``paragraph[-k:]``, ``k < m``): about ``2m`` full comparisons, most of the time. Those end
    windows can reach the cutoff only if enough of the passage runs through them; so a cheap
    bound (``_ends_below``) is taken first, and when it shows that no end window can reach the
    cutoff, the paragraph is padded at both ends with ``m`` characters the passage does not
    hold. The padded paragraph has the same full windows (and windows partly over the padding,
    which score no more than the end windows they hold), while its own end windows are all
    padding, which rapidfuzz skips. Its score is then the best full window's, as the plain call
    gives whenever it reaches the cutoff, and 0 (below the cutoff) otherwise. Otherwise, and for
    passages of 64 characters or fewer (rapidfuzz compares those another way) or holding the
    padding character, the plain call."""
    from rapidfuzz import fuzz

    m = len(passage)
    if m > 64 and _PAD not in passage and _ends_below(passage, paragraph, cutoff):
        pad = _PAD * m
        return float(fuzz.partial_ratio(passage, pad + paragraph + pad, score_cutoff=cutoff))
    return float(fuzz.partial_ratio(passage, paragraph, score_cutoff=cutoff))


def _ends_below(passage: str, paragraph: str, cutoff: float) -> bool:
    """Whether every window at either end of ``paragraph`` shorter than ``passage`` (``k < m``
    characters) scores below ``cutoff`` against it in rapidfuzz's ratio, ``2 L_k / (m + k)``
    with ``L_k`` the length of their longest common subsequence. ``L_k`` is read at a few
    lengths (``_EDGE_CHECKS``); between two lengths ``k0 < k1`` it grows by at most one a
    character and never falls, so ``L_k <= min(L_k1, L_k0 + k - k0)``, and the bound's best
    over the stretch is where those two meet. False when the bound reaches the cutoff (the
    windows must then be compared one by one)."""
    from rapidfuzz.distance import LCSseq

    lcs = LCSseq.similarity
    m, n = len(passage), len(paragraph)
    share = cutoff / 100
    for from_start in (True, False):
        k0 = l0 = 0
        for at in _EDGE_CHECKS:
            k1 = min(m - 1, max(k0 + 1, int(at * m)))
            l1 = lcs(passage, paragraph[:k1] if from_start else paragraph[n - k1:])
            k = min(k1, max(k0 + 1, k0 + l1 - l0))  # where the two limits meet, within (k0, k1]
            if 2 * min(l1, l0 + k - k0) >= share * (m + k):
                return False
            k0, l0 = k1, l1
    return True


_BEST: dict[tuple[int, float, str], tuple[Any, tuple[float, str]]] = {}
_BEST_MAX = 20_000  # paragraphs kept per process before starting again


def _best(para: str, passages: list[tuple[str, str]], threshold: float,
          cutoffs: tuple[float, ...] = ()) -> tuple[float, str]:
    """The best (score, passage label) of ``para`` (normalised) against ``passages`` at
    ``threshold``: scores under it count as 0, so only one at or over it is used; (0.0, "")
    without passages; with ``cutoffs``, each passage's own threshold in place of ``threshold``
    (a short passage's higher one). Kept per process by the paragraph's text: standard paragraphs come back
    in letter after letter of an outbox, and each is compared with every passage once (issue 15:
    rapidfuzz's partial ratio was the largest cost of this rule)."""
    key = (id(passages), threshold, para)
    kept = _BEST.get(key)
    if kept is not None and kept[0] is passages:
        return kept[1]
    limits = cutoffs or (threshold,) * len(passages)
    best = max(((score(para, text, cut), label) for (label, text), cut in zip(passages, limits, strict=True)),
               default=(0.0, ""))
    if len(_BEST) >= _BEST_MAX:
        _BEST.clear()
    _BEST[key] = (passages, best)
    return best


# the writer or the reader in the paragraph: "I have read the file", "your account"
_SPEAKS_TO_READER = lazy_re(r"\b(?:I|(?i:you|your|yours|me|my))\b")


def _standard_words(paragraph: str, passage_words: int) -> int:
    """How many of ``paragraph``'s words count as standard text for the large-share condition.
    A paragraph much longer than the passage found inside it (see score) that speaks to the
    reader ("I have read the file", "your account") is about this case, with a sentence about
    the Code in it: it counts no more words than the passage could fill. A long paragraph that
    speaks to no one is standard text throughout (the Code, its two stages, each stage in turn)."""
    words = len(paragraph.split())
    most = int(1.6 * passage_words)
    if words > most and _SPEAKS_TO_READER.search(paragraph):
        return most
    return words


def run(rule: Rule, ctx: CheckContext) -> list[Hit]:
    """Hits for one letter: each body paragraph closely matching a bank passage where a ``when``
    condition holds. Source: Q26; HMCPSI 2023 7.5-7.8. Raises Skip when the check cannot run
    here; never modifies ``ctx``'s letter."""
    p = rule.params
    paragraphs = ctx.paragraphs()
    matches: list[tuple[int, Span, float, str]] = []
    passages = rule.compiled["passages"]
    for i, span in enumerate(paragraphs):
        para = normalise(ctx.text[span.start : span.end])
        best = _best(para, passages, p["threshold"], rule.compiled.get("cutoffs", ()))
        if best[0] >= p["threshold"]:
            matches.append((i, span, best[0], best[1]))
    if not matches:
        return []
    body_words = max(1, len(ctx.text[ctx.body.start : ctx.body.end].split()))
    sizes = rule.compiled["sizes"]
    matched_words = sum(_standard_words(ctx.text[s.start : s.end], sizes.get(label, 0))
                        for _, s, _, label in matches)
    share = matched_words / body_words
    reasons: dict[str, bool] = {
        "always": True,
        "large-share": share >= p["share"],
        "service-complaint": ctx.letter.complaint_type is ComplaintType.SERVICE,
        # an acknowledgement or holding letter explains no decision, so a paragraph about the Code
        # or the roles of the CPS, police and courts cannot help it (7.5-7.8), wherever it sits
        "interim-letter": ctx.letter.letter_type in (LetterType.ACKNOWLEDGEMENT, LetterType.HOLDING),
        "police-addressee": bool(
            POLICE_RE.search(
                " ".join(
                    str(ctx.letter.fact(k, "")) for k in ("addressee", "salutation", "addressee_title")
                )
                + " " + (ctx.letter.parts["address"].text if "address" in ctx.letter.parts else "")
            )
        ),
    }
    hits: list[Hit] = []
    for i, span, sc, label in matches:
        why_now = [c for c in p["when"] if c != "opening" and reasons.get(c)]
        if "opening" in p["when"] and i < p["opening_paragraphs"]:
            why_now.append("opening")
        if not why_now:
            continue
        hits.append(
            Hit(span, vars={"score": round(sc), "passage": label, "share": f"{share:.0%}",
                            "reason": ", ".join(why_now)})
        )
    return hits
