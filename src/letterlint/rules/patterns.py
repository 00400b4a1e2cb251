"""Patterns from rule files, compiled once to regular expressions.

A pattern is one of:
- ``"plain phrase"``: case-insensitive, whole words, any white space between words, straight
  and curly apostrophes alike;
- ``"lemma:apologise"``: every inflection of each word (spaCy's English lookup table, read
  straight from ``spacy-lookups-data`` without loading spaCy, plus regular English endings);
- ``"re:..."``: a regular expression for the ``regex`` module, case-insensitive unless it
  starts with ``(?-i)``;
- ``{bank: ID}``: every entry of a phrase bank.

Regular expressions are checked at load time (they must compile and must not nest unbounded
quantifiers) and are matched with a time limit, so a rule file cannot hang a run.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import regex

from letterlint.model import Span, known_span
from letterlint.rules.lazy_pattern import lazy, lazy_re
from letterlint.rules.spec import BankEntry, PhraseBank

MATCH_TIMEOUT_S = 0.25  # per pattern per text; a timeout is reported as an errored check

_APOSTROPHE = "['\u2019]"


class PatternError(ValueError):
    """A pattern is invalid; the message says why in plain words."""


@dataclass(frozen=True)
class Pattern:
    """A compiled pattern. Phrases and lemmas (which letterlint writes itself, so they are always
    valid) are compiled on first use, and only when the text contains their ``needle``: most of a
    large phrase bank is never compiled nor run for a given letter."""

    raw: str
    source: str
    flags: int
    entry: BankEntry | None = None
    bank: str | None = None
    needle: str = ""  # casefolded literal every match must contain ("" = no prefilter)

    @functools.cached_property
    def regex(self) -> Any:  # regex.Pattern[str]
        """The compiled regular expression (built on first use, cached per process)."""
        kept = self.__dict__.pop("_kept", None)
        if kept is not None:
            return _unpickled(self.source, self.flags, kept)
        return _compiled(self.source, self.flags)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled with its compiled expression as bytes (``_kept``: the ``regex`` module pickles
        a pattern as its compiled code), turned back into an expression on first use: the rule
        set kept between runs (``engine.rule_cache``) holds the few thousand expressions of every
        bank ready to run, and a letter uses a few hundred of them, so a cold run neither
        compiles those (0.6 s) nor rebuilds the others (0.03 s) (issue 15). Its needles are
        worked out now and kept with it (reading them costs 0.15 s for the built-in rules)."""
        self.needles  # noqa: B018 - computes and stores the cached property
        state = {k: v for k, v in self.__dict__.items() if k != "regex"}
        if "_kept" not in state:
            state["_kept"] = _pickled(self.source, self.flags)
        return state

    def may_match(self, folded_text: str) -> bool:
        """False when the casefolded ``text`` lacks the pattern's longest literal piece, so it
        cannot match and is not run."""
        return not self.needle or self.needle in folded_text

    @functools.cached_property
    def needles(self) -> tuple[tuple[str, ...], ...]:
        """What every match must contain, casefolded: each tuple is a set of literal pieces of
        which a match holds at least one, and every tuple must be met. A phrase or lemma gives
        its ``needle``; a regular expression gives the literal runs it cannot match without
        (:func:`required_literals`). Empty when nothing is known: the pattern is always run."""
        if self.needle:
            return ((self.needle,),)
        if self.raw.startswith("re:"):
            return required_literals(self.source, self.flags)
        return ()

    @functools.cached_property
    def anchored(self) -> bool:
        """True when every match must start where the search starts: the expression is look-
        arounds, then ``\\G``, then anything without an alternative at the top level (``|``
        outside any group would let another branch match anywhere)."""
        return _anchored(self.source)

    @functools.cached_property
    def open_tail(self) -> bool:
        """True when the pattern ends in a bounded run of "anything but" (``[^.;]{0,60}``): the
        rest of a clause, cut at a length. Such a match is never allowed to end inside a word
        (:func:`whole_words_end`)."""
        return _OPEN_TAIL_RE.search(self.source) is not None


# a pattern's source ending in a negated class with a bounded repeat, maybe inside groups
_OPEN_TAIL_RE = regex.compile(r"\[\^[^\]]*\]\{0,\d+\}\)*\??$")
_LAST_GAP_RE = lazy(r"[\s,;:(\-–—]+\S*$")


def whole_words_end(text: str, start: int, end: int) -> int:
    """``end`` moved back so that ``text[start:end]`` does not stop inside a word: when the
    characters on both sides of ``end`` are letters or digits, the partial word and the space
    or punctuation before it are dropped ("you did not recieve a" from "...recieve any"). A
    match that is one word or less is left as it is. Returns the new end (a character offset)."""
    if end >= len(text) or end <= start or not (text[end].isalnum() and text[end - 1].isalnum()):
        return end
    gap = _LAST_GAP_RE.search(text, start, end)
    return gap.start() if gap is not None and gap.start() > start else end


@functools.cache
def _compiled(source: str, flags: int) -> Any:
    """Compiled once per process: banks shared by several rules are not compiled again."""
    return regex.compile(source, flags)


@functools.cache
def _pickled(source: str, flags: int) -> bytes:
    """The compiled expression as ``pickle`` bytes, once per process: patterns of a bank
    shared by several rules share one copy in a pickle."""
    import pickle

    return pickle.dumps(_compiled(source, flags), protocol=pickle.HIGHEST_PROTOCOL)


_UNPICKLED: dict[tuple[str, int], Any] = {}


def _unpickled(source: str, flags: int, kept: bytes) -> Any:
    """The expression kept as ``kept`` (from :func:`_pickled`), once per process and source."""
    found = _UNPICKLED.get((source, flags))
    if found is None:
        import pickle

        found = _UNPICKLED[(source, flags)] = pickle.loads(kept)
    return found


_NEEDLE_MIN = 3  # a literal piece shorter than this is too common to be worth looking for
_NEEDLE_GROUPS = 2  # the most selective requirements kept per pattern


def required_literals(source: str, flags: int = 0) -> tuple[tuple[str, ...], ...]:
    """The literal pieces a match of the regular expression ``source`` cannot do without,
    casefolded, as for :attr:`Pattern.needles`: runs of plain ASCII characters in sequence (not
    under an optional repeat, a look-around or a negation); for alternatives, one piece from
    each. At most the two longest requirements are kept, each piece at least 3 characters long.

    The expression is read with Python's own parser for ``re`` syntax, which the patterns of
    the rule files share with the ``regex`` module; anything it cannot read gives no
    requirement (the pattern is always run), so the answer only ever leaves out patterns that
    cannot match. Checking a piece casefolded against the casefolded text is sound for case
    sensitive and case-insensitive patterns alike (issue 15)."""
    if not _re_reads_alike(source):
        return ()
    try:
        import re._parser as sre_parse

        tree = sre_parse.parse(source, 0)
    except Exception:  # syntax only the regex module reads: no requirement
        return ()
    try:
        groups = _seq_requirements(list(tree))
    except Exception:  # a node shape not foreseen: no requirement
        return ()
    groups = [g for g in groups if g and min(map(len, g)) >= _NEEDLE_MIN]
    groups.sort(key=lambda g: -min(map(len, g)))
    return tuple(groups[:_NEEDLE_GROUPS])


_QUANTIFIER = lazy_re(r"\{(?:\d+(?:,\d*)?|,\d+)\}")
_POSIX_CLASS = lazy_re(r"\[:\^?[A-Za-z]+:\]")


def _re_reads_alike(source: str) -> bool:
    """False when ``source`` may use syntax that the ``regex`` module reads one way and Python's
    ``re`` parser another without complaint: a brace that is not a plain count (``regex``'s fuzzy
    matching, ``(?:abc){e<=1}``, is a literal to ``re``) or a POSIX class (``[[:alpha:]]``).
    Other ``regex``-only syntax (``\\p{..}``, ``\\G``, ``(?r)``...) makes ``re`` fail, which
    gives no requirement either."""
    if _POSIX_CLASS.search(source):
        return False
    return not any(c == "{" and not _QUANTIFIER.match(source, j) for j, c, _ in _outside_classes(source, 0))


def _seq_requirements(items: list[Any]) -> list[tuple[str, ...]]:
    """The requirements (see :func:`required_literals`) of a sequence of parsed ``re`` nodes."""
    from re import _constants as c  # type: ignore[attr-defined]

    out: list[tuple[str, ...]] = []
    run: list[str] = [""]  # the run so far, one string per way of spelling it ([sz] gives two)

    def close() -> None:
        if run[0]:
            out.append(tuple(sorted({r.casefold() for r in run})))
        run[:] = [""]

    def add(chars: list[str]) -> bool:
        """The run followed by one of ``chars``; False (nothing added) when that makes too many."""
        if len(run) * len(chars) > _RUN_SPELLINGS:
            return False
        run[:] = [r + ch for r in run for ch in chars]
        return True

    for op, av in items:
        if op is c.LITERAL and 32 < av < 127:
            add([chr(av)])
            continue
        if op is c.IN and (chars := _class_chars(av)) is not None and add(chars):
            continue  # a small class of plain characters: [sz], [Ss]
        if (op is c.MAX_REPEAT or op is c.MIN_REPEAT or op is c.POSSESSIVE_REPEAT) and 1 <= av[0] <= 8 \
                and len(av[2]) == 1 and av[2][0][0] is c.LITERAL and 32 < av[2][0][1] < 127:
            ch = chr(av[2][0][1])  # a plain character repeated: p{1,2} holds p, and ends in p
            add([ch * av[0]])
            if av[1] != av[0]:
                close()
                add([ch])
            continue
        close()
        if op is c.SUBPATTERN:
            out += _seq_requirements(list(av[-1]))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            out += _seq_requirements(list(av[2]))
        elif op is c.ATOMIC_GROUP:
            out += _seq_requirements(list(av))
        elif op is c.BRANCH:
            either: list[str] = []
            for branch in av[1]:
                best = [g for g in _seq_requirements(list(branch)) if g]
                if not best:
                    either = []
                    break
                either += max(best, key=lambda g: min(map(len, g)))
            if either:
                out.append(tuple(sorted(set(either))))
    close()
    return out


_RUN_SPELLINGS = 8  # the most spellings a literal run is followed in (each class multiplies them)


def _class_chars(items: list[Any]) -> list[str] | None:
    """The characters a parsed ``re`` character class matches, when it is a short list of plain
    printable ASCII characters (``[sz]``, ``[Ss]``); None for anything else (a range, a
    negation, a category such as ``\\w``, a character outside ASCII)."""
    from re import _constants as c  # type: ignore[attr-defined]

    chars = []
    for op, av in items:
        if op is not c.LITERAL or not 32 < av < 127:
            return None
        chars.append(chr(av))
    return chars if 0 < len(chars) <= 4 else None


_FOLDED: dict[int, tuple[str, str, bool]] = {}  # id(text) -> (text, casefolded, needles sound)
_FOLDED_MAX = 8  # texts kept: a check may look in a sentence's own string between two areas


def _folding(text: str) -> tuple[str, str, bool]:
    """``(text, text.casefold(), needles sound)`` remembered for the last few texts: checks ask
    about the same letter over and over, sometimes between questions about a smaller string,
    and casefolding a long letter again each time would make it quadratic (issue 15)."""
    kept = _FOLDED.get(id(text))
    if kept is not None and kept[0] is text:
        return kept
    kept = (text, text.casefold(), not any(ch in text for ch in _UNSOUND_CHARS))
    if len(_FOLDED) >= _FOLDED_MAX:
        _FOLDED.clear()
    _FOLDED[id(text)] = kept
    return kept


def folded(text: str) -> str:
    """``text.casefold()``, remembered for the last few texts (every check asks about the same
    letter)."""
    return _folding(text)[1]


@dataclass(frozen=True)
class Match:
    """One match of a Pattern: its span of the letter text and the words matched."""
    span: Span
    text: str
    pattern: Pattern


@functools.cache
def _lemma_forms() -> Mapping[str, frozenset[str]]:
    """lemma -> inflected forms, from spacy-lookups-data's English lookup table."""
    forms: dict[str, set[str]] = {}
    try:
        import importlib.resources as ir

        data = ir.files("spacy_lookups_data") / "data" / "en_lemma_lookup.json.gz"
        table: dict[str, str] = json.loads(gzip.decompress(data.read_bytes()))
    except (OSError, ImportError, ValueError):  # pragma: no cover - data package missing
        table = {}
    for form, lemma in table.items():
        forms.setdefault(lemma.lower(), set()).add(form.lower())
    return {k: frozenset(v) for k, v in forms.items()}


def _regular_forms(word: str) -> set[str]:
    w = word.lower()
    out = {w, w + "s", w + "es", w + "ed", w + "ing", w + "d"}
    if w.endswith("e"):
        out |= {w + "d", w[:-1] + "ing"}
    if w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        out |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) > 2 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou" and w[-3] not in "aeiou":
        out |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    return out


def inflections(word: str) -> frozenset[str]:
    """Every inflection of ``word`` in lower case, the word itself included: from spaCy's English
    lookup tables when it is there, else the regular forms."""
    w = word.lower()
    known = _lemma_forms().get(w)
    if known:
        return frozenset(known | {w})
    return frozenset(_regular_forms(w))


def _word_regex(word: str) -> str:
    return "".join(_APOSTROPHE if ch in "'\u2019" else regex.escape(ch) for ch in word)


def _phrase_regex(phrase: str) -> str:
    words = phrase.split()
    if not words:
        raise PatternError("empty phrase")
    body = r"\s+".join(_word_regex(w) for w in words)
    return rf"(?<![\w'’-]){body}(?![\w-])"


def _lemma_regex(phrase: str) -> str:
    words = phrase.split()
    if not words:
        raise PatternError("empty lemma pattern")
    parts = []
    for w in words:
        forms = sorted(inflections(w), key=lambda f: (-len(f), f))
        parts.append("(?:" + "|".join(_word_regex(f) for f in forms) + ")")
    return r"(?<![\w'’-])" + r"\s+".join(parts) + r"(?![\w-])"


# a quantifier's upper bound at or above this counts as unbounded for the safety check
_LARGE_REPEAT = 10
_CLASS_ESCAPES = set("dDwWsSpPXRNhHvV")


class _Group:
    """One open group while scanning a pattern (``check_regex_source``)."""

    __slots__ = ("branch_start", "first_atoms", "has_alternation", "has_repeat", "opaque", "starts")

    def __init__(self, opaque: bool = False) -> None:
        self.has_repeat = False  # an unbounded quantifier somewhere inside
        self.has_alternation = False
        self.first_atoms: list[str] = []  # the first atom of each branch ("" = none yet)
        self.branch_start = True
        self.starts: list[str] = []
        self.opaque = opaque  # a lookaround or atomic group: never backtracks into


def _quantifier(source: str, i: int) -> tuple[int, bool]:
    """``(end, unbounded)`` of a quantifier at ``i`` (``end == i`` when there is none)."""
    n = len(source)
    if i >= n:
        return i, False
    c = source[i]
    if c in "*+":
        j = i + 1
    elif c == "?":
        return i + 1 + (i + 1 < n and source[i + 1] in "?+"), False
    elif c == "{":
        j = i + 1
        lo = j
        while j < n and source[j].isdigit():
            j += 1
        if j < n and source[j] == "}":
            return j + 1 + (j + 1 < n and source[j + 1] in "?+"), int(source[lo:j] or 0) >= _LARGE_REPEAT
        if j >= n or source[j] != ",":
            return i, False
        j += 1
        hi = j
        while j < n and source[j].isdigit():
            j += 1
        if j >= n or source[j] != "}":
            return i, False
        bound = source[hi:j]
        end = j + 1 + (j + 1 < n and source[j + 1] in "?+")
        return end, not bound or int(bound[:6]) >= _LARGE_REPEAT
    else:
        return i, False
    possessive = j < n and source[j] == "+"
    return j + (j < n and source[j] in "?+"), not possessive


def _atoms_overlap(atoms: list[str]) -> bool:
    """Could two branches start on the same character? Literal first characters are compared;
    a class, a dot, a class escape or an empty branch may overlap with anything."""
    literals: set[str] = set()
    for a in atoms:
        if not a or a in (".", "(") or a.startswith("[") or (a.startswith("\\") and a[1:2] in _CLASS_ESCAPES):
            return True
        key = a.casefold()
        if key in literals:
            return True
        literals.add(key)
    return False


def check_regex_source(source: str) -> None:
    r"""Refuse a pattern that can backtrack exponentially: a group repeated without bound (``+``,
    ``*``, ``{n,}``, or a count of 10 or more) that contains another unbounded quantifier, like
    ``(a+)+`` (unless every repeat starts with the same fixed character, like ``(?:\.[a-z]+)+``),
    or alternatives that can start with the same character, like ``(a|a)+`` or ``(\w|-)+``.

    One pass over the pattern, so the check takes time linear in the pattern's length, whatever
    the pattern. Errors: ``PatternError`` naming the part of the pattern at fault."""
    stack: list[_Group] = [_Group()]
    n = len(source)
    i = 0

    def atom_done(atom: str, start: int, end: int) -> int:
        """Record an atom ``source[start:end]`` and the quantifier after it; return the new index."""
        top = stack[-1]
        q_end, unbounded = _quantifier(source, end)
        if top.branch_start:  # a quantified first atom (a*, a?, a+) may not start the match
            top.first_atoms.append(atom if q_end == end else "(")
            top.branch_start = False
        if unbounded:
            top.has_repeat = True
        return q_end

    while i < n:
        c = source[i]
        if c == "\\":
            atom = source[i : i + 2]
            i = atom_done(atom, i, i + 2)
        elif c == "[":
            i = atom_done("[", i, _class_end(source, i))
        elif c == "(":
            opaque = source.startswith(("(?=", "(?!", "(?<=", "(?<!", "(?>"), i)
            if source.startswith("(?#", i):  # a comment
                j = source.find(")", i)
                i = n if j < 0 else j + 1
                continue
            g = _Group(opaque)
            g.starts.append(str(i))
            stack.append(g)
            j = i + 1
            if j < n and source[j] == "?":  # (?:, (?i), (?P<name>, (?<name>, lookarounds...
                j += 1
                while j < n and source[j] not in ":)" and not (source[j] in "=!" and source[j - 1] in "?<"):
                    if source[j] == ">" and source[j - 1] != "?":
                        break
                    j += 1
                if j < n and source[j] == ")":  # inline flags (?i): not a group
                    stack.pop()
                    i = j + 1
                    continue
                j += 1
            i = j
        elif c == ")":
            if len(stack) == 1:
                i += 1  # unbalanced: left for the compiler to report
                continue
            g = stack.pop()
            start = int(g.starts[0])
            q_end, unbounded = _quantifier(source, i + 1)
            parent = stack[-1]
            if parent.branch_start:
                single = len(g.first_atoms) == 1 and q_end == i + 1 and not g.opaque
                parent.first_atoms.append(g.first_atoms[0] if single else "(")
                parent.branch_start = False
            if unbounded and not g.opaque:
                part = source[start:q_end]
                if g.has_repeat and not _separator_first(g):
                    raise PatternError(
                        f"{part!r} repeats a group that itself repeats without bound, which can take "
                        "forever on some text; rewrite the expression without nested repeats")
                if g.has_alternation and _atoms_overlap(g.first_atoms):
                    raise PatternError(
                        f"{part!r} repeats alternatives that can match the same text, which can take "
                        "forever on some text; make the alternatives start differently")
            if g.has_repeat or unbounded:
                parent.has_repeat = parent.has_repeat or not g.opaque
            i = q_end
        elif c == "|":
            top = stack[-1]
            top.has_alternation = True
            if top.branch_start:
                top.first_atoms.append("")
            top.branch_start = True
            i += 1
        elif c in "^$":
            i += 1
        else:
            i = atom_done(c, i, i + 1)
    top = stack[-1]
    if top.branch_start and top.has_alternation:
        top.first_atoms.append("")
    for g in stack[1:]:  # unclosed groups: the compiler reports them
        if g.branch_start and g.has_alternation:
            g.first_atoms.append("")


def _separator_first(g: _Group) -> bool:
    """A single-branch group whose first atom is one fixed literal character: each repeat must
    start with it, so repeats cannot share text and backtracking stays bounded."""
    if g.has_alternation or len(g.first_atoms) != 1:
        return False
    a = g.first_atoms[0]
    return bool(a) and a not in (".", "(") and not a.startswith("[") and not (
        a.startswith("\\") and a[1:2] in _CLASS_ESCAPES)


def compile_safe(source: str, flags: int, where: str) -> Any:
    """Check ``source`` with ``check_regex_source`` and compile it (cached). ``where`` names the
    pattern's file and field for the one-line error. Errors: ``PatternError``."""
    try:
        check_regex_source(source)
    except PatternError as exc:
        raise PatternError(f"{where}: unsafe regular expression: {exc}") from None
    try:
        return _compiled(source, flags)
    except regex.error as exc:
        raise PatternError(f"{where}: invalid regular expression {source!r}: {exc}") from None


def _class_end(source: str, i: int) -> int:
    """The index just after the character class opening at ``source[i]`` (``[``): a leading
    ``^`` and a ``]`` first in the class are members, escapes are skipped; ``len(source)`` at
    most when the class is not closed."""
    n = len(source)
    j = i + 1
    if j < n and source[j] == "^":
        j += 1
    if j < n and source[j] == "]":
        j += 1
    while j < n and source[j] != "]":
        j += 2 if source[j] == "\\" else 1
    return min(j + 1, n)


def _outside_classes(source: str, i: int) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth after it) of each character of ``source`` from ``i`` that
    is neither escaped nor inside a character class: the one scanner :func:`_re_reads_alike`,
    :func:`_group_end` and :func:`_anchored` share."""
    depth, n = 0, len(source)
    while i < n:
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(source, i)
            continue
        depth += 1 if c == "(" else -1 if c == ")" else 0
        yield i, c, depth
        i += 1


def _group_end(source: str, i: int) -> int:
    """The index just after the group opening at ``source[i]`` (``(``), skipping escapes and
    character classes; -1 when it is not closed."""
    return next((j + 1 for j, c, depth in _outside_classes(source, i) if c == ")" and depth == 0), -1)


def _anchored(source: str) -> bool:
    """See :attr:`Pattern.anchored`."""
    i = 0
    while source.startswith(("(?<!", "(?<=", "(?=", "(?!"), i):
        end = _group_end(source, i)
        if end < 0:
            return False
        i = end
    if not source.startswith("\\G", i):
        return False
    return not any(c == "|" and depth == 0 for _, c, depth in _outside_classes(source, 0))


_NOT_MOVABLE = lazy(r"\\(?:[1-9GKg]|k<)|\(\?(?:P?<[A-Za-z_]|P=|P>|&|\(|R\)|[0-9]+\)|\|)")


def lookbehind_last(source: str, flags: int) -> str:
    """``source`` with its leading look-behinds tried only where the rest can match: ``(?<!B)R``
    becomes ``(?=R)(?<!B)R``, which matches exactly the same text (every part at the front is an
    assertion at the same place, so their order does not change what matches; the look-ahead
    only lets the engine give up on most places before it looks back). A look-behind that holds
    a repeat (``(?<!\\bnot\\s+\\w+[^.]{0,80})``) is otherwise tried at every character of the
    text: 10 to 100 times slower. Unchanged when there is no leading look-behind, or the rest uses
    groups, back-references, recursion or ``\\G``/``\\K`` (whose meaning could change)."""
    i = 0
    while source.startswith(("(?<!", "(?<="), i):
        end = _group_end(source, i)
        if end < 0:
            return source
        i = end
    rest = source[i:]
    if i == 0 or not rest or _NOT_MOVABLE.search(source):
        return source
    moved = f"(?={rest}){source}"
    try:
        _compiled(moved, flags)
    except regex.error:  # pragma: no cover - the parts compiled on their own
        return source
    return moved


def compile_one(raw: str, entry: BankEntry | None = None, bank: str | None = None) -> Pattern:
    """One pattern string (plain phrase, ``lemma:`` or ``re:``) as a Pattern, with its bank
    ``entry``. Raises PatternError for an empty, invalid or unsafe (catastrophic backtracking)
    expression."""
    if not isinstance(raw, str) or not raw.strip():
        raise PatternError("a pattern must be a non-empty string")
    if raw.startswith("re:"):
        source = raw[3:]
        flags = int(regex.IGNORECASE)
        if source.startswith("(?-i)"):
            source = source[5:]
            flags = 0
        try:
            check_regex_source(source)
        except PatternError as exc:
            raise PatternError(f"unsafe regular expression {raw!r}: {exc}") from None
        try:
            _compiled(source, flags)  # rule files are checked at load time
        except regex.error as exc:
            raise PatternError(f"invalid regular expression {raw!r}: {exc}") from exc
        return Pattern(raw, lookbehind_last(source, flags), flags, entry, bank)
    if raw.startswith("lemma:"):
        words = raw[6:].split()
        source = _lemma_regex(raw[6:])
        needle = _lemma_needle(words[0]) if words else ""
    else:
        source = _phrase_regex(raw)
        needle = _phrase_needle(raw)
    return Pattern(raw, source, int(regex.IGNORECASE), entry, bank, needle)


def _literal_runs(word: str) -> list[str]:
    return [run for run in regex.split(r"['\u2019\s]+", word.casefold()) if run]


def _phrase_needle(phrase: str) -> str:
    runs = _literal_runs(phrase)
    return max(runs, key=len) if runs else ""


def _lemma_needle(word: str) -> str:
    """The longest start every inflection shares (apologis- for apologise), or nothing."""
    forms = [f.casefold() for f in inflections(word)]
    prefix = os.path.commonprefix(forms)  # noqa: RUF071 - a prefix of letters is what is wanted
    runs = _literal_runs(prefix)
    return runs[0] if runs and len(runs[0]) >= 3 and prefix.startswith(runs[0]) else ""


def compile_patterns(specs: Any, banks: Mapping[str, PhraseBank]) -> tuple[Pattern, ...]:
    """Compile a list of pattern specs (strings or ``{bank: id}``)."""
    if isinstance(specs, (str, dict)):
        specs = [specs]
    if not isinstance(specs, list):
        raise PatternError("expected a list of patterns")
    out: list[Pattern] = []
    for spec in specs:
        if isinstance(spec, dict):
            if set(spec) != {"bank"}:
                raise PatternError(f"a pattern mapping takes only 'bank', not {sorted(spec)}")
            bank_id = spec["bank"]
            bank = banks.get(bank_id)
            if bank is None:
                from letterlint.rules.schema import did_you_mean

                raise PatternError(f"unknown phrase bank {bank_id!r}{did_you_mean(str(bank_id), banks)}")
            for e in bank.entries:
                try:
                    out.append(compile_one(e.phrase, e, bank_id))
                except PatternError as exc:
                    raise PatternError(f"phrase bank {bank_id!r}: {exc}") from exc
        else:
            out.append(compile_one(spec))
    return tuple(out)


# Every needle any tuple of patterns asked about so far names, in the order first seen (append
# only), and one Aho-Corasick automaton over the first ``_AUTOMATON[1]`` of them.
_UNIVERSE: list[str] = []
_UNIVERSE_SET: set[str] = set()
_AUTOMATON: list[tuple[Any, int]] = []


def _add_to_universe(needles: frozenset[str]) -> None:
    """Add the needles of a new :class:`_Plan` to the universe (each once)."""
    for n in sorted(needles.difference(_UNIVERSE_SET)):
        _UNIVERSE_SET.add(n)
        _UNIVERSE.append(n)


def _automaton() -> tuple[Any, int]:
    """An Aho-Corasick automaton (pyahocorasick) of every needle of the universe, and how many
    needles it covers; built again only when the universe has grown (the first letters of a
    process, while rules ask about new tuples of patterns)."""
    kept = _AUTOMATON[0] if _AUTOMATON else None
    n = len(_UNIVERSE)
    if kept is not None and kept[1] == n:
        return kept
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for needle in _UNIVERSE[:n]:
        automaton.add_word(needle, needle)
    automaton.make_automaton()
    _AUTOMATON[:] = [(automaton, n)]
    return automaton, n


class _Held:
    """Which needles of the universe one text holds (casefolded): ``held``, worked out for the
    first ``upto`` needles of ``_UNIVERSE``. A new text is read once by an Aho-Corasick automaton
    of every needle the rules name (the ~1,700 of the built-in rules; 0.05 ms a letter, where a
    set of every word's pieces took 0.5 ms), so each tuple of patterns then costs one set
    intersection, not a look for each of its needles (issue 15). Needles added later (a tuple of
    patterns asked about for the first time) are searched for one by one."""

    __slots__ = ("held", "text", "upto")

    def __init__(self, text: str) -> None:
        self.text = text
        self.held: set[str] = set()
        self.upto = 0

    def update(self, folded_text: str) -> set[str]:
        """``held``, brought up to the whole universe; ``folded_text`` is the text casefolded."""
        n = len(_UNIVERSE)
        if self.upto < n:
            if self.upto == 0:
                automaton, covered = _automaton()
                found = {needle for _, needle in automaton.iter(folded_text)} if len(automaton) else set()
                self.upto = covered
            else:
                found = set()
            found.update(x for x in _UNIVERSE[self.upto:n] if x in folded_text)
            self.held |= found
            self.upto = n
        return self.held


class _TextTables:
    """What :func:`_present`, :func:`_scan` and :func:`_in_area` remember about one text (a
    letter, or a string a check asks about in between): ``present``, per tuple of patterns (by
    id), the tuple and the patterns whose needles the text holds; ``held``, the needles it holds
    (:class:`_Held`); ``scans``, per (source, flags, start, end), a pattern's matches in that
    area; ``areas``, per (id of a tuple of present patterns, start, end), the tuple and those
    that may match in that large area."""

    __slots__ = ("area_held", "areas", "held", "present", "scans", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.present: dict[int, tuple[tuple[Pattern, ...], tuple[Pattern, ...]]] = {}
        self.held = _Held(text)
        self.scans: dict[tuple[str, int, int, int], tuple[tuple[int, int], ...]] = {}
        self.areas: dict[tuple[int, int, int], tuple[tuple[Pattern, ...], tuple[Pattern, ...]]] = {}
        self.area_held: dict[tuple[int, int], tuple[int, set[str]]] = {}


_TABLES: tuple[_TextTables, ...] = ()  # the last few texts' tables, newest last; swapped whole
_TABLES_KEPT = 4  # texts: a letter's checks ask about a few short strings between its areas


def _tables(text: str) -> _TextTables:
    """The tables of ``text`` (that very string), new when it is not one of the last
    ``_TABLES_KEPT`` texts asked about. A letter's tables are not thrown away when a check asks
    about another string in between (a fix's new words, a sentence of its own): that made every
    later rule of the letter find its patterns and run its scans again (issue 15). Each thread
    finds the tables of its own text only."""
    global _TABLES
    kept = _TABLES
    for tables in reversed(kept):
        if tables.text is text:
            return tables
    tables = _TextTables(text)
    _TABLES = (*kept[len(kept) - _TABLES_KEPT + 1:], tables) if len(kept) >= _TABLES_KEPT else (*kept, tables)
    return tables


class _Plan:
    """What :func:`_present` needs to know about one tuple of patterns, worked out once:
    ``needles``, every needle they name; ``by_needle``, for each needle, the positions of the
    patterns it can let in (a pattern that needs that one needle, or whose first group of
    needles holds it); ``groups``, the needle groups of each pattern that needs more than one
    needle; ``always``, the positions of the patterns with no needles."""

    __slots__ = ("always", "by_needle", "groups", "needles", "patterns")

    def __init__(self, patterns: tuple[Pattern, ...]) -> None:
        self.patterns = patterns
        self.always: list[int] = []
        self.groups: dict[int, tuple[frozenset[str], ...]] = {}
        by_needle: dict[str, list[int]] = {}
        for i, p in enumerate(patterns):
            groups = p.needles
            if not groups:
                self.always.append(i)
                continue
            if len(groups) > 1 or len(groups[0]) > 1:
                self.groups[i] = tuple(frozenset(g) for g in groups)
            for n in dict.fromkeys(groups[0]):
                by_needle.setdefault(n, []).append(i)
        self.by_needle = {n: tuple(ix) for n, ix in by_needle.items()}
        self.needles = frozenset(n for p in patterns for group in p.needles for n in group)
        _add_to_universe(self.needles)


_PLANS: dict[int, _Plan] = {}


def _plan(patterns: tuple[Pattern, ...]) -> _Plan:
    """The :class:`_Plan` of ``patterns``, worked out once per tuple of patterns."""
    kept = _PLANS.get(id(patterns))
    if kept is not None and kept.patterns is patterns:
        return kept
    plan = _Plan(patterns)
    if len(_PLANS) > 10_000:  # rule sets loaded again and again (tests): start again
        _PLANS.clear()
    _PLANS[id(patterns)] = plan
    return plan


def _present(patterns: tuple[Pattern, ...], text: str) -> tuple[Pattern, ...]:
    """The patterns whose needles (:attr:`Pattern.needles`) the whole ``text`` contains,
    remembered with the text's tables (:func:`_tables`): a check that looks in many small
    areas (a window per match) tests each needle once, not once per area against the whole
    letter (issue 15: that made long letters quadratic). Every needle any rule names is looked for once per text, all at
    once (:class:`_Held`), and only the patterns a needle the text holds can let in are looked
    at, in the order of ``patterns`` (not a test of every pattern of a bank)."""
    tables = _tables(text)
    known = tables.present.get(id(patterns))
    if known is not None and known[0] is patterns:
        return known[1]
    if not _needles_sound(text):
        present = patterns
    else:
        plan = _plan(patterns)  # before the table: a new plan's needles join the universe
        held = tables.held.update(folded(text))
        chosen = set(plan.always)
        by_needle = plan.by_needle
        for n in plan.needles.intersection(held):
            chosen.update(by_needle.get(n, ()))
        groups = plan.groups
        present = tuple(patterns[i] for i in sorted(chosen) if i not in groups or all(
            not g.isdisjoint(held) for g in groups[i]))
    tables.present[id(patterns)] = (patterns, present)
    return present


def possible(patterns: tuple[Pattern, ...], text: str) -> list[Pattern]:
    """The ``patterns`` that may match somewhere in ``text``, in order: those whose needles
    (:attr:`Pattern.needles`) the casefolded text holds. The same test as ``finditer`` makes,
    without its tables for the letter being checked, for a one-off question about another
    string."""
    _, folded_text, sound = _folding(text)
    if not sound:
        return list(patterns)
    return [p for p in patterns if all(any(n in folded_text for n in g) for g in p.needles)]


_UNSOUND_CHARS = ("\u0130", "\u0131")  # İ and ı: matched by "i"/"I" but casefolded otherwise


def _needles_sound(text: str) -> bool:
    """Whether looking for needles in ``text`` casefolded is a sound test: false when the text
    holds a dotted capital I or a dotless small i, which a case-insensitive "i" or "I" matches
    but whose casefolded form holds no "i"."""
    return _folding(text)[2]


_SCANS_MAX = 50_000  # scans kept for one text before starting again


def _scan(p: Pattern, text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """The (start, end) offsets of ``p``'s non-empty matches in ``text[start:end]``, kept with the
    text's tables (:func:`_tables`): rules that share a phrase bank (jargon, admissions,
    agencies...) ask for the same expression in the same area of the same letter, and it is run
    once (issue 15). Each answer is used only for that very string, so threads checking
    different letters never see each other's. Raises PatternError on a time-out."""
    scans = _tables(text).scans
    key = (p.source, p.flags, start, end)
    kept = scans.get(key)
    if kept is not None:
        return kept
    try:
        matches = _chained(p.regex, text, start, end) if p.anchored else None
        if matches is None:
            matches = p.regex.finditer(text, start, end, timeout=MATCH_TIMEOUT_S)
        found = tuple(
            (m.start(), whole_words_end(text, m.start(), m.end()) if p.open_tail else m.end())
            for m in matches if m.end() > m.start())
    except TimeoutError as exc:
        raise PatternError(f"pattern {p.raw!r} took too long and was stopped") from exc
    if len(scans) >= _SCANS_MAX:  # too many areas: start again
        scans.clear()
    scans[key] = found
    return found


def _in_area(present: tuple[Pattern, ...], text: str, start: int, end: int) -> tuple[Pattern, ...]:
    """The patterns of ``present`` that may match inside ``text[start:end]``: a pattern with
    needles is kept only when the area itself holds them. Most checks look at one sentence or
    paragraph at a time, where most of a bank's needles (found somewhere in the letter) are
    absent, so most of the ~1,200 regular-expression scans a letter used to make are skipped
    (issue 15). The same test as in :func:`_present`, on the area: a match inside the area lies
    inside it, so its casefolded words do too. Used only when casefolding kept every character
    one character long (true unless the letter holds a character such as "ß"), so offsets in
    the folded text are offsets in ``text``. The answer for a large area is kept with the
    text's tables, as :func:`_scan` keeps its scans: a check may ask about the same area (a
    whole body) once per match, and looking for every needle in it each time made long letters
    quadratic."""
    if start == 0 and end >= len(text):
        return present
    _, folded_text, sound = _folding(text)
    if len(folded_text) != len(text) or not sound:
        return present
    key = (id(present), start, end)
    large = end - start > _AREA_KEPT_FROM
    areas = _tables(text).areas if large else None
    kept = areas.get(key) if areas is not None else None
    if kept is not None and kept[0] is present:
        return kept[1]
    held = _area_held(text, folded_text, start, end)
    found = tuple(p for p in present if not p.needles or (
        p.needles[0][0] in held if len(p.needles) == 1 and len(p.needles[0]) == 1
        else all(not held.isdisjoint(g) for g in p.needles)))
    if areas is None:
        return found
    if len(areas) >= _AREAS_MAX:  # too many areas: start again
        areas.clear()
    areas[key] = (present, found)
    return found


def _area_held(text: str, folded_text: str, start: int, end: int) -> set[str]:
    """The needles of the universe that ``folded_text[start:end]`` holds (``text`` casefolded,
    of the same length), read once per area by the automaton of every needle
    (:func:`_automaton`) and kept with the text's tables: the rules ask about the same
    sentences and paragraphs over and over, each with its own patterns, and a look for each of
    their needles in the area each time cost more (issue 15). Every needle of a tuple of
    patterns joins the universe when the tuple is first asked about (:class:`_Plan`); needles
    that joined after an area was read are looked for in it one by one, as :class:`_Held`
    does for a whole text."""
    kept = _tables(text).area_held
    key = (start, end)
    got = kept.get(key)
    n = len(_UNIVERSE)
    if got is None:
        automaton, covered = _automaton()
        held = {needle for _, needle in automaton.iter(folded_text, start, end)} if len(automaton) else set()
        if len(kept) >= _AREAS_MAX:  # too many areas: start again
            kept.clear()
        got = kept[key] = (covered, held)
    if got[0] < n:  # needles that joined the universe since: looked for one by one
        held = got[1]
        held.update(x for x in _UNIVERSE[got[0]:n] if folded_text.find(x, start, end) >= 0)
        got = kept[key] = (n, held)
    return got[1]


_AREAS_MAX = 50_000  # areas kept for one text before starting again
_AREA_KEPT_FROM = 4_000  # characters: a smaller area is looked through again, which costs less


def _chained(rx: Any, text: str, start: int, end: int) -> list[Any] | None:
    """The matches ``rx.finditer(text, start, end)`` gives for an expression that must match
    where the search started (``\\G`` in front, :attr:`Pattern.anchored`): each match starts
    where the one before ended (finditer's next search starts there, and ``\\G`` holds nowhere
    else), so they are found with one ``match`` each instead of a try at every character of the
    area (look-behinds in front are tried there first: 150 us a paragraph for LL510, issue 15).
    None when a match is empty, after which finditer's own rules for moving on apply."""
    out: list[Any] = []
    pos = start
    while pos <= end:
        m = rx.match(text, pos, end, timeout=MATCH_TIMEOUT_S)
        if m is None:
            return out
        if m.end() == m.start():
            return None
        out.append(m)
        pos = m.end()
    return out


def finditer(patterns: tuple[Pattern, ...], text: str, area: Span | None = None) -> Iterator[Match]:
    """All matches of all patterns inside ``area``, in text order, longest first at a place."""
    present = _present(patterns, text)
    if not present:  # no pattern's needles in the letter (most banks in most letters)
        return
    start, end = (0, len(text)) if area is None else (area.start, area.end)
    found: list[Match] = []
    for p in _in_area(present, text, start, end):
        for a, b in _scan(p, text, start, end):
            found.append(Match(known_span(a, b), text[a:b], p))
    if len(found) > 1:
        found.sort(key=lambda m: (m.span.start, -m.span.end))
    yield from found


def matches_any(patterns: tuple[Pattern, ...], text: str, area: Span | None = None) -> bool:
    """Whether any of ``patterns`` matches inside ``area`` (``finditer`` gives at least one
    match), stopping at the first pattern that does."""
    start, end = (0, len(text)) if area is None else (area.start, area.end)
    return any(_scan(p, text, start, end) for p in _in_area(_present(patterns, text), text, start, end))


def non_overlapping(matches: Iterator[Match] | list[Match]) -> list[Match]:
    """``matches`` (in text order, as ``finditer`` gives them) without any that starts before the
    end of the one kept before it."""
    out: list[Match] = []
    for m in matches:
        if out and m.span.start < out[-1].span.end:
            continue
        out.append(m)
    return out


def search(patterns: tuple[Pattern, ...], text: str, area: Span | None = None) -> Match | None:
    """The first match of ``patterns`` in ``text`` (within ``area``, default all of it), or None."""
    for m in finditer(patterns, text, area):
        return m
    return None
