"""British English spell checking with the bundled LibreOffice en_GB Hunspell dictionary.

The dictionary (``letterlint/data/hunspell``) is loaded lazily, once per process. Extra
words (the CPS vocabulary bank, ``spelling.accept`` from the configuration, names found in
the letter) are kept in a Python set in front of it, so the shared dictionary never changes.

Suggestions: candidates are the words of the English frequency list shipped with symspellpy
within two edits of the word (one for words of up to four letters; optimal string alignment,
found with rapidfuzz among the words of a near length), each confirmed by the en_GB Hunspell
dictionary (American -ize forms become the British -ise form it knows). Hunspell's own
``suggest()`` (65-175 ms a word, issue 15) is asked only when no candidate is confirmed, and
for a capitalised word (whether it is a name is judged on Hunspell's suggestions). They
are ranked closest edit first, then the more common word, so "curtesy" suggests "courtesy"
before "curtsey".
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import importlib.util
import math
import os
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from letterlint.rules.lazy_pattern import lazy

_IZE = lazy(r"iz(e|es|ed|ing|ation|ations|er|ers)$")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


def data_dir() -> Path:
    """The folder holding the bundled en_GB Hunspell dictionary (``en_GB.dic`` and
    ``en_GB.aff``) inside the installed package."""
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
    """How often ``word`` (any case) occurs in symspellpy's English frequency list (a corpus
    count, not a rate); 0 for a word not in the list."""
    return _frequencies().get(word.lower(), 0)


def normalise(word: str) -> str:
    """``word`` with curly apostrophes and single quotes (U+2018, U+2019) made straight, so
    "don’t" is looked up as "don't". Same length, so offsets are unchanged."""
    return word.translate(_APOSTROPHES)


# Hunspell's answers kept between runs (issue 15): loading the en_GB dictionary is 0.13-0.2 s
# of CPU, a fifth of a cold ``letterlint check``, and ``suggest()`` up to half a second a word.
# The answers (word -> known; word -> suggestions; word -> confirmed near words) are kept in the
# user's private cache (``engine.rule_cache``: folder 0700, file 0600, HMAC-signed), keyed on
# the dictionary files, the binding and the frequency list, so a process whose words have all
# been looked up before never loads the dictionary. New answers are written when the process
# ends. Letters hold personal data, so the words themselves are not kept: each word is kept as
# an HMAC-SHA256 of it under the user's own secret (16 bytes), and only the answers (True or
# False, dictionary words) in clear. They are Hunspell's own answers, so findings do not depend
# on what is kept.
_ANSWERS: dict[str, dict[bytes, Any]] = {}
_ANSWERS_NEW = [0]  # answers looked up in this process and not yet kept
ANSWERS_MAX = 200_000  # words kept in each table; past that, new answers are used but not kept
_TABLES = ("known", "suggest", "near")


def _frequency_file() -> Path:
    spec = importlib.util.find_spec("symspellpy")
    folder = Path(spec.origin).parent if spec is not None and spec.origin else Path("symspellpy")
    return folder / "frequency_dictionary_en_82_765.txt"


def _answers_key() -> str:
    """What the kept answers depend on: the dictionary files, the binding's own files and
    symspellpy's frequency list (name, size, modification and change times, inode) and
    letterlint's version."""
    from letterlint import __version__

    h = hashlib.sha256(f"hunspell-answers 2\0{__version__}\0".encode())
    spec = importlib.util.find_spec("hunspell")
    paths = [data_dir() / "en_GB.dic", data_dir() / "en_GB.aff", _frequency_file()]
    if spec is not None and spec.origin:
        paths.append(Path(spec.origin))
        paths += sorted(Path(spec.origin).parent.glob("*.so"))
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            h.update(f"{path}\0missing\0".encode("utf-8", "surrogateescape"))
            continue
        h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}\0".encode(
            "utf-8", "surrogateescape"))
    return h.hexdigest()


def _answers() -> dict[str, dict[bytes, Any]]:
    """``{"known": {key: bool}, "suggest": {key: (suggestion, ...)}, "near": {key:
    (suggestion, ...)}}``, each word's ``key`` its ``_word_key``: Hunspell's answers (``known``,
    ``suggest``) and the confirmed near words (``near``, ``_confirmed_suggestions``) kept from
    earlier runs, read once per process (empty when there are none)."""
    if not _ANSWERS:
        tables: dict[str, dict[bytes, Any]] = {name: {} for name in _TABLES}
        from letterlint.engine.rule_cache import read_kept

        found = read_kept("data", _answers_key())
        if found is not None and isinstance(found[0], dict) and all(
                isinstance(found[0].get(name), dict) for name in _TABLES):
            tables = {name: found[0][name] for name in _TABLES}
        _ANSWERS.update(tables)
        import atexit

        atexit.register(keep_answers)
    return _ANSWERS


def keep_answers() -> None:
    """Write the answers looked up in this process to the private cache, with those read from
    it (run at exit; does nothing when there is nothing new)."""
    if not _ANSWERS_NEW[0] or not _ANSWERS:
        return
    _ANSWERS_NEW[0] = 0
    from letterlint.engine.rule_cache import write_kept

    write_kept("data", _answers_key(), {name: dict(_ANSWERS[name]) for name in _TABLES})


_SECRET: list[bytes | None] = []


def _word_key(word: str) -> bytes | None:
    """The key a word's answers are kept under: an HMAC-SHA256 of the word under the user's
    secret, 16 bytes, so the kept file holds no word of any letter; None when there is no
    secret (then nothing is kept)."""
    if not _SECRET:
        from letterlint.engine.cache import user_secret

        secret = None
        if os.environ.get("LETTERLINT_NO_RULE_CACHE", "") in ("", "0"):
            secret = user_secret()
        _SECRET[:] = [secret]
    secret = _SECRET[0]
    if secret is None:
        return None
    return hmac.new(secret, word.encode("utf-8", "surrogatepass"), hashlib.sha256).digest()[:16]


def _kept_answer(table: str, word: str) -> tuple[bytes | None, Any]:
    key = _word_key(word)
    return key, (None if key is None else _answers()[table].get(key))


def _note(table: str, key: bytes | None, value: Any) -> None:
    if key is None:
        return
    kept = _answers()[table]
    if len(kept) < ANSWERS_MAX:
        kept[key] = value
        _ANSWERS_NEW[0] += 1


@functools.cache
def _dictionary_knows(word: str) -> bool:
    key, known = _kept_answer("known", word)
    if not isinstance(known, bool):
        known = bool(_hunspell().spell(word))
        _note("known", key, known)
    return known


@functools.cache
def _raw_suggestions(word: str) -> tuple[str, ...]:
    key, found = _kept_answer("suggest", word)
    if not isinstance(found, tuple):
        found = tuple(_hunspell().suggest(word))
        _note("suggest", key, found)
    return found


@functools.cache
def _by_length() -> dict[int, list[str]]:
    """The frequency list's words (lower case, letters and apostrophes), by length, most
    common first."""
    out: dict[int, list[str]] = {}
    for word, _count in sorted(_frequencies().items(), key=lambda kv: -kv[1]):
        if word.replace("'", "").isalpha():
            out.setdefault(len(word), []).append(word)
    return out


def _near_words(word: str) -> list[str]:
    """Frequency-list words within ``max_edits`` OSA edits of ``word`` (lower case), closest
    first, then the more common."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    w = word.lower()
    max_edits = 1 if len(w) <= 4 else 2
    table = _by_length()
    found: list[tuple[int, int, str]] = []
    for n in range(len(w) - max_edits, len(w) + max_edits + 1):
        pool = table.get(n)
        if not pool:
            continue
        for cand, dist, _index in process.extract(w, pool, scorer=OSA.distance, score_cutoff=max_edits,
                                                 limit=None):
            if cand != w:
                found.append((int(dist), -frequency(cand), cand))
    return [c for _, _, c in sorted(found)]


def _in_case_of(word: str, suggestion: str) -> str:
    if word.isupper() and len(word) > 1:
        return suggestion.upper()
    if word[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


@functools.cache
def _confirmed_suggestions(word: str) -> tuple[str, ...]:
    """Near words the en_GB dictionary knows, in the case of ``word``; Hunspell's own
    suggestions when there are none. Kept between runs (``_answers``)."""
    key, kept = _kept_answer("near", word)
    if isinstance(kept, tuple):
        return kept
    found = _confirmed(word)
    _note("near", key, found)
    return found


def _confirmed(word: str) -> tuple[str, ...]:
    out: list[str] = []
    for cand in _near_words(word):
        s = _in_case_of(word, cand)
        if _dictionary_knows(s) or _dictionary_knows(cand):
            out.append(s)
        elif _IZE.search(cand):
            out.append(s)  # an -ize form: kept when its British -ise form is known (below)
    if out:
        return tuple(out)
    return _raw_suggestions(word)


def _distance(a: str, b: str) -> int:
    from rapidfuzz.distance import OSA

    return int(OSA.distance(a.lower(), b.lower()))


class Speller:
    """Knows British English words plus ``extra`` (compared case-insensitively)."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        self.extra = frozenset(normalise(w).lower() for w in extra if w)

    def with_words(self, words: Iterable[str]) -> Speller:
        """A new Speller that also knows ``words`` (for example names found in the letter);
                this one is unchanged. Empty strings are ignored."""
        new = Speller()
        # this one's words are already normalised and in lower case (both steps give the same
        # word again), so only the new ones are: the thousands of vocabulary words were
        # normalised again for every letter (issue 15)
        new.extra = self.extra | {normalise(w).lower() for w in words if w}
        return new

    def known(self, word: str) -> bool:
        """True if ``word`` is spelt correctly (Q22): in the extra words (any case), in the
                en_GB dictionary, or a capitalised word (sentence start, heading) whose lower-case form
                is. An empty word counts as known."""
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
        # A capitalised word may be a name: LL401 keeps it only when a suggestion is a common
        # word, a judgement made on Hunspell's suggestions, which are kept for it.
        found = _raw_suggestions(w) if w[:1].isupper() else _confirmed_suggestions(w)
        for s in found:
            if " " in s or s.lower() == w.lower():
                continue
            m = _IZE.search(s)
            if m:
                british = s[: m.start()] + "is" + m.group(1)
                if _dictionary_knows(british):
                    s = british
                elif not _dictionary_knows(s):
                    continue
            if s not in candidates:
                candidates.append(s)
        if not candidates:
            return []

        def key(item: tuple[int, str]) -> tuple[int, int, float, int]:
            index, s = item
            dist = _distance(w, s) + (1 if "-" in s and "-" not in w else 0)
            # at the same distance, a letter left out ('liase' -> 'liaise') before one typed
            # wrong ('lease'): the commoner slip
            return (dist, 0 if _left_out(w.lower(), s.lower()) else 1, -math.log1p(frequency(s)), index)

        ranked = [s for _, s in sorted(enumerate(candidates), key=key)]
        return ranked[:limit]


def _left_out(typed: str, word: str) -> bool:
    """True when ``typed`` is ``word`` with one or more letters left out (in order)."""
    if len(typed) >= len(word):
        return False
    it = iter(word)
    return all(c in it for c in typed)


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
