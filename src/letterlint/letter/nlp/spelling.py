"""British English spell checking with the bundled LibreOffice en_GB Hunspell dictionary.

The dictionary (``letterlint/data/hunspell``) is loaded lazily, once per process. Extra
words (the CPS vocabulary bank, ``spelling.accept`` from the configuration, names found in
the letter) are kept in a Python set in front of it, so the shared dictionary never changes.

Suggestions come from Hunspell and are re-ranked: closest edit first (Damerau-Levenshtein,
via rapidfuzz), then the more common word (the English frequency list shipped with
symspellpy), so "curtesy" suggests "courtesy" before "curtsey". British -ise forms are
preferred over -ize forms.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import regex

_IZE = regex.compile(r"iz(e|es|ed|ing|ation|ations|er|ers)$")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


def data_dir() -> Path:
    return Path(str(resources.files("letterlint") / "data" / "hunspell"))


@functools.cache
def _hunspell() -> Any:
    import hunspell  # chunspell

    return hunspell.Hunspell("en_GB", hunspell_data_dir=str(data_dir()))


@functools.cache
def _frequencies() -> dict[str, int]:
    """Word -> corpus count (symspellpy's English frequency list); empty when missing."""
    try:
        path = resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
        text = path.read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError):  # pragma: no cover - symspellpy is a dependency
        return {}
    out: dict[str, int] = {}
    for line in text.splitlines():
        word, _, count = line.partition(" ")
        if count.strip().isdigit():
            out[word] = int(count)
    return out


def frequency(word: str) -> int:
    return _frequencies().get(word.lower(), 0)


def normalise(word: str) -> str:
    return word.translate(_APOSTROPHES)


@functools.cache
def _dictionary_knows(word: str) -> bool:
    return bool(_hunspell().spell(word))


@functools.cache
def _raw_suggestions(word: str) -> tuple[str, ...]:
    return tuple(_hunspell().suggest(word))


def _distance(a: str, b: str) -> int:
    from rapidfuzz.distance import OSA

    return int(OSA.distance(a.lower(), b.lower()))


class Speller:
    """Knows British English words plus ``extra`` (compared case-insensitively)."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        self.extra = frozenset(normalise(w).lower() for w in extra if w)

    def with_words(self, words: Iterable[str]) -> Speller:
        return Speller(set(self.extra) | {normalise(w).lower() for w in words if w})

    def known(self, word: str) -> bool:
        w = normalise(word)
        if not w:
            return True
        if w.lower() in self.extra:
            return True
        if _dictionary_knows(w):
            return True
        # "Complainant" at the start of a sentence, "COURT" in a heading
        return bool(w[:1].isupper() and _dictionary_knows(w.lower()))

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        """Up to ``limit`` corrections, best first, in the case of ``word``."""
        w = normalise(word)
        candidates: list[str] = []
        for s in _raw_suggestions(w):
            if " " in s or s.lower() == w.lower():
                continue
            m = _IZE.search(s)
            if m:
                british = s[: m.start()] + "is" + m.group(1)
                if _dictionary_knows(british):
                    s = british
            if s not in candidates:
                candidates.append(s)
        if not candidates:
            return []

        def key(item: tuple[int, str]) -> tuple[int, float, int]:
            index, s = item
            dist = _distance(w, s) + (1 if "-" in s and "-" not in w else 0)
            return (dist, -math.log1p(frequency(s)), index)

        ranked = [s for _, s in sorted(enumerate(candidates), key=key)]
        return ranked[:limit]


@functools.cache
def speller(extra: frozenset[str] = frozenset()) -> Speller:
    """A cached speller for this set of extra words."""
    return Speller(extra)


def vocabulary_words(phrases: Iterable[str]) -> set[str]:
    """Single words from phrase-bank entries ("Crown Prosecution Service" -> 3 words)."""
    out: set[str] = set()
    for p in phrases:
        if p.startswith(("re:", "lemma:")):
            continue
        for w in regex.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*", p):
            out.add(normalise(w).lower())
    return out
