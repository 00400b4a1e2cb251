"""Whether a word starts with a vowel or a consonant sound (for "a" and "an").

Spelling decides most words; the ``an-words`` phrase bank lists the words and beginnings
where it misleads ("an hour", "a university", "a one-off", "a SARC"). Each bank entry's
``replacement`` is the article to use (``a``, ``an`` or ``either``); ``note: prefix`` makes
it apply to every word that starts with the phrase. Acronyms said letter by letter take the
sound of their first letter's name ("an MG5", "an IAC", "a CPS"). When the sound is not
certain the answer is None and nothing is reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from letterlint.rules.lazy_pattern import lazy
from letterlint.rules.spec import PhraseBank

VOWEL, CONSONANT = "vowel", "consonant"
_VOWEL_LETTER_NAMES = set("AEFILMNORSX")  # "ay", "ee", "ef", "eye", "el", "em", "en", "oh"...
_NUMBER_ELEVEN_EIGHTEEN = lazy(r"1[18](?:,\d{3})*(?!\d)")
_ARTICLE_SOUND = {"a": CONSONANT, "an": VOWEL, "either": None}


@dataclass(frozen=True)
class SoundTable:
    """Which article each word takes, from the an-words bank: ``words`` maps a whole word to "a",
    "an" or None (either), ``prefixes`` (longest first) the start of a word."""
    words: Mapping[str, str | None]
    prefixes: tuple[tuple[str, str | None], ...]  # longest first


def table(bank: PhraseBank) -> SoundTable:
    """The SoundTable of an an-words bank (entries with ``replacement`` a, an or either; ``prefix:
    true`` for word starts). Raises ValueError naming an entry without one."""
    words: dict[str, str | None] = {}
    prefixes: list[tuple[str, str | None]] = []
    for e in bank.entries:
        article = (e.replacement or "").strip().lower()
        if article not in _ARTICLE_SOUND:
            raise ValueError(f"phrase bank {bank.id!r}: {e.phrase!r} needs replacement a, an or either")
        key = e.phrase.strip().replace("’", "'")
        value = _ARTICLE_SOUND[article]
        if e.prefix:
            prefixes.append((key.lower(), value))
        else:
            words[key if key.isupper() else key.lower()] = value
    prefixes.sort(key=lambda p: -len(p[0]))
    return SoundTable(words, tuple(prefixes))


def _acronym(word: str) -> str | None:
    letters = [c for c in word if c.isalpha()]
    vowels = sum(c in "AEIOU" for c in letters)
    if len(letters) > 3 and vowels > 1:
        return None  # may be said as a word (RASSO, MAPPA): only the bank decides
    first = letters[0]
    if first == "H":
        return None  # "an HMRC" and "a HMRC" are both heard
    return VOWEL if first in _VOWEL_LETTER_NAMES else CONSONANT


def first_sound(text: str, following: str = "", sounds: SoundTable | None = None) -> str | None:
    """"a" or "an": the article the sound of ``text`` takes (``following``: the words after it, for
    numbers and letters read out), or None when either is right or it is not a word. Q23
    (LL502)."""
    word = text.lstrip("'\"‘“(")
    if not word or not word[0].isalnum():
        return None
    if word[0].isdigit():
        if word[0] == "8" or _NUMBER_ELEVEN_EIGHTEEN.match(word):
            return VOWEL
        return CONSONANT
    if sounds is not None:
        if word in sounds.words:
            return sounds.words[word]
        lw = word.lower().replace("’", "'")
        if lw in sounds.words and not word.isupper():
            return sounds.words[lw]
    lw = word.lower()
    letters = [c for c in word if c.isalpha()]
    if letters and (all(c.isupper() for c in letters) and (len(letters) > 1 or len(word) == 1 or
                                                             any(c.isdigit() for c in word))):
        return _acronym(word)
    if len(letters) == 1 and len(word) == 1:
        return None  # a lower-case single letter: a list marker such as (a)
    if sounds is not None:
        for prefix, value in sounds.prefixes:
            if lw.startswith(prefix):
                return value
    first = lw[0]
    if first in "aeio":
        return VOWEL
    if first == "u":
        if len(lw) < 3:
            return VOWEL
        second, third = lw[1], lw[2]
        if second in "aeiou":
            return VOWEL
        if third not in "aeiouy":
            return VOWEL  # unfair, urgent, ugly, utter
        return None  # u + consonant + vowel: "usual" or "unopened"; only the bank decides
    if not first.isalpha():
        return None
    return CONSONANT
