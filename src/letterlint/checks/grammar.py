"""grammar: token patterns over the spaCy tokens of each unit (Vale / spaCy Matcher style).

A pattern is a list of token constraints, or a mapping with ``tokens`` and optionally
``mark`` (which tokens to report, ``[start, end]``), ``suggestion`` and ``message``. A token
constraint is a mapping; every key given must hold:

- ``text`` / ``lower`` / ``lemma``: a string or a list of strings (``lower`` ignores case;
  curly and straight apostrophes are the same);
- ``bank``: a phrase bank's id (or a list of ids) whose entries are single words: the word is
  one of them, ignoring case (with ``lower`` too: one of either);
- ``regex``: a regular expression the whole token text must match (case-sensitive unless it
  starts with ``(?i)``);
- ``pos`` / ``tag`` / ``ent_type``: spaCy labels, a string or a list (only with a trained
  pipeline: a pattern that uses them is left out without one);
- ``shape``: spaCy-style shape ("Xxxxx", "dd", "XXd"), runs cut at four;
- ``is_sent_start`` / ``is_title`` / ``is_upper`` / ``is_alpha`` / ``is_punct``: true or false;
- ``space_before``: whether white space comes before the token;
- ``same_as``: a negative number: the same word (ignoring case) as that many tokens back;
- ``sound``: ``vowel`` or ``consonant``: the word starts with that sound (for a/an);
- ``not``: a constraint mapping that must not hold;
- ``op: "?"``: the token may be missing;
- ``op: "*"``: any number of tokens (none included, at most 60) that each meet the constraint,
  as few as the rest of the pattern allows (spaCy's ``*``). Such a token cannot be the first or
  last of a pattern, nor the first or last of its ``mark``; ``{tN}`` gives its first word.

Suggestions and messages may use ``{t0}``, ``{t1}``... for the words matched (in order).
"""

from __future__ import annotations

import bisect
import copy
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from letterlint.checks import _grammar_sound as sound
from letterlint.checks.base import CheckContext, Hit, ParamSpec, case_like
from letterlint.model import Span, known_span
from letterlint.rules.spec import PhraseBank, Rule

PARAMS = {
    "patterns": ParamSpec("list", required=True, doc="token patterns to flag"),
    "exceptions": ParamSpec(
        "list", default=[], doc="token patterns: a match overlapping one of these is not flagged"
    ),
    "sounds_bank": ParamSpec(
        "bank", default="an-words", doc="phrase bank of words whose first sound is not what their spelling suggests"
    ),
    "parts": ParamSpec(
        "list[str]", default=[], doc="letter parts to look at as well as the scope (e.g. subject: 'Re: you complaint')"
    ),
}

STR_KEYS = ("text", "lower", "lemma", "pos", "tag", "ent_type")
BOOL_KEYS = ("is_sent_start", "is_title", "is_upper", "is_alpha", "is_punct", "space_before")
POS_KEYS = ("pos", "tag", "ent_type")
KEYS = {*STR_KEYS, *BOOL_KEYS, "regex", "shape", "same_as", "sound", "not", "op"}


def _norm(s: str) -> str:
    return s.replace("’", "'").replace("‘", "'")


@dataclass(frozen=True)
class TokenSpec:
    """One token constraint of a grammar pattern, compiled: ``values`` by attribute (text, lower,
    lemma, pos, tag, ent_type), boolean ``flags``, a ``regex``, a ``shape``, ``same_as`` (index
    of an earlier token), a ``sound`` (a or an), a ``negated`` constraint, ``optional``, and
    ``repeat`` (op "*": a run of such tokens)."""
    values: Mapping[str, frozenset[str]]  # text/lower/lemma/pos/tag/ent_type
    flags: Mapping[str, bool]
    regex: Any  # compiled or None
    shape: str | None
    same_as: int | None
    sound: str | None
    negated: TokenSpec | None
    optional: bool
    uses_pos: bool
    repeat: bool = False  # op "*": a run of any length, none included


@dataclass(frozen=True)
class TokenPattern:
    """A grammar pattern, compiled: its ``tokens``, ``mark`` (the token range [start, end) to
    report, None: all), its own ``suggestion`` and ``message`` templates, and whether it needs
    POS tags. The matching plan (issue 15: only the places a match can start are tried):
    ``required``, the word sets (lower case) of which a unit must hold one of each for a match;
    ``anchors``, (position, words) for tokens at a fixed distance from the start (every token
    before them takes exactly one word), so a match starts at an index of one of those words
    less the position; ``repeats``, (position, distance) for fixed-place ``same_as`` tokens;
    ``flagged``, (position, flag) for fixed-place tokens that need a flag true (a sentence's
    first word: ``is_sent_start``), so a match starts at a token with that flag less the position."""
    tokens: tuple[TokenSpec, ...]
    mark: tuple[int, int] | None
    suggestion: str | None
    message: str | None
    uses_pos: bool
    required: tuple[frozenset[str], ...] = ()
    anchors: tuple[tuple[int, frozenset[str]], ...] = ()
    repeats: tuple[tuple[int, int], ...] = ()
    flagged: tuple[tuple[int, str], ...] = ()


def _token_spec(raw: Any, where: str, allow_op: bool = True) -> TokenSpec:
    if not isinstance(raw, dict) or not raw:
        raise ValueError(f"{where}: a token is a mapping of constraints")
    unknown = set(raw) - KEYS
    if unknown:
        raise ValueError(f"{where}: unknown token constraint {sorted(unknown)[0]!r}")
    values: dict[str, frozenset[str]] = {}
    for key in STR_KEYS:
        if key in raw:
            v = raw[key]
            items = [v] if isinstance(v, str) else v
            if not isinstance(items, list) or not items or not all(isinstance(x, str) for x in items):
                hint = " (put quotes round yes, no, true, false, on and off)" if isinstance(
                    items, list) and any(isinstance(x, bool) for x in items) else ""
                raise ValueError(f"{where}.{key}: a string or a list of strings{hint}")
            if key in ("lower", "lemma"):
                items = [_norm(x.lower()) for x in items]
            elif key == "text":
                items = [_norm(x) for x in items]
            values[key] = frozenset(items)
    flags: dict[str, bool] = {}
    for key in BOOL_KEYS:
        if key in raw:
            if not isinstance(raw[key], bool):
                raise ValueError(f"{where}.{key}: true or false")
            flags[key] = raw[key]
    rx = None
    if "regex" in raw:
        from letterlint.rules.patterns import PatternError, compile_safe

        try:  # checked for unsafe repeats at load, and matched with a time limit (issue 12)
            rx = compile_safe(str(raw["regex"]), 0, f"{where}.regex")
        except PatternError as exc:
            raise ValueError(str(exc)) from None
    same_as = raw.get("same_as")
    if same_as is not None and (not isinstance(same_as, int) or same_as >= 0):
        raise ValueError(f"{where}.same_as: a negative number (-1 is the token before)")
    snd = raw.get("sound")
    if snd is not None and snd not in ("vowel", "consonant"):
        raise ValueError(f"{where}.sound: vowel or consonant")
    op = raw.get("op")
    if op is not None and (op not in ("?", "*") or not allow_op):
        raise ValueError(f"{where}.op: '?' (the token may be missing) or '*' (any number of tokens)")
    negated = _token_spec(raw["not"], f"{where}.not", allow_op=False) if "not" in raw else None
    uses_pos = any(k in raw for k in POS_KEYS) or bool(negated and negated.uses_pos)
    shape = raw.get("shape")
    return TokenSpec(values, flags, rx, None if shape is None else str(shape), same_as, snd,
                     negated, op == "?", uses_pos, op == "*")


def _pattern(raw: Any, where: str) -> TokenPattern:
    if isinstance(raw, list):
        raw = {"tokens": raw}
    if not isinstance(raw, dict) or "tokens" not in raw:
        raise ValueError(f"{where}: a list of tokens, or a mapping with 'tokens'")
    unknown = set(raw) - {"tokens", "mark", "suggestion", "message"}
    if unknown:
        raise ValueError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    toks = raw["tokens"]
    if not isinstance(toks, list) or not toks:
        raise ValueError(f"{where}.tokens: a non-empty list")
    specs = tuple(_token_spec(t, f"{where}.tokens[{i}]") for i, t in enumerate(toks))
    if specs[0].optional or specs[0].repeat:
        raise ValueError(f"{where}.tokens[0]: the first token cannot be optional")
    if specs[-1].repeat:
        raise ValueError(f"{where}.tokens[{len(specs) - 1}]: the last token cannot be op '*'")
    for i, s in enumerate(specs):
        if s.same_as is not None and i + s.same_as < 0:
            raise ValueError(f"{where}.tokens[{i}].same_as: points before the first token")
    mark = raw.get("mark")
    if mark is not None:
        ok = (isinstance(mark, list) and len(mark) == 2 and all(isinstance(x, int) for x in mark)
              and 0 <= mark[0] < mark[1] <= len(specs))
        if not ok:
            raise ValueError(f"{where}.mark: [first token, token after the last] within the pattern")
        if specs[mark[0]].repeat or specs[mark[1] - 1].repeat:
            raise ValueError(f"{where}.mark: cannot start or end on an op '*' token")
    for key in ("suggestion", "message"):
        if key in raw and not isinstance(raw[key], str):
            raise ValueError(f"{where}.{key}: a string")
    required, anchors, repeats = _plan(specs)
    return TokenPattern(specs, tuple(mark) if mark else None, raw.get("suggestion"), raw.get("message"),
                        any(s.uses_pos for s in specs), required, anchors, repeats, _flagged(specs))


# flags true of few tokens, worth a list of the tokens that have them: a sentence's first word
_SPARSE_FLAGS = ("is_sent_start",)


def _flagged(specs: tuple[TokenSpec, ...]) -> tuple[tuple[int, str], ...]:
    """(position, flag) for each token at a fixed distance from the start (every token before it
    takes exactly one word) that needs a sparse flag (``_SPARSE_FLAGS``) true."""
    out = []
    for p, spec in enumerate(specs):
        if spec.optional or spec.repeat:
            break
        out += [(p, key) for key in _SPARSE_FLAGS if spec.flags.get(key) is True]
    return tuple(out)


def _words(spec: TokenSpec) -> frozenset[str] | None:
    """The lower-case words a token must be one of (from ``lower`` or ``text``), or None."""
    if "lower" in spec.values:
        return spec.values["lower"]
    if "text" in spec.values:
        return frozenset(v.lower() for v in spec.values["text"])
    return None


def _plan(specs: tuple[TokenSpec, ...]) -> tuple[tuple[frozenset[str], ...], tuple[tuple[int, frozenset[str]], ...],
                                                 tuple[tuple[int, int], ...]]:
    """A pattern's matching plan (see TokenPattern): required word sets, anchors and repeats."""
    required, anchors, repeats = [], [], []
    fixed = True  # every token so far takes exactly one word
    for p, spec in enumerate(specs):
        taken_once = not spec.optional and not spec.repeat
        words = _words(spec)
        if taken_once and words is not None:
            required.append(words)
            if fixed:
                anchors.append((p, words))
        if fixed and taken_once and spec.same_as is not None and p + spec.same_as >= 0:
            repeats.append((p, -spec.same_as))
        fixed = fixed and taken_once
    return tuple(required), tuple(anchors), tuple(repeats)


def _bank_words(raw: Any, banks: Mapping[str, PhraseBank], where: str) -> list[str]:
    """The words of the phrase banks a token's ``bank`` names (an id or a list of ids). Raises
    ValueError for an unknown bank or an entry that is not one plain word."""
    ids = [raw] if isinstance(raw, str) else raw
    if not isinstance(ids, list) or not ids or not all(isinstance(x, str) for x in ids):
        raise ValueError(f"{where}.bank: a phrase bank id or a list of them")
    words: list[str] = []
    for bank_id in ids:
        bank = banks.get(bank_id)
        if bank is None:
            raise ValueError(f"{where}.bank: unknown phrase bank {bank_id!r}")
        for e in bank.entries:
            if e.prefix or e.phrase.startswith(("re:", "lemma:")) or len(e.phrase.split()) != 1:
                raise ValueError(f"{where}.bank: {bank_id!r} entry {e.phrase!r} is not one plain word "
                                 "(a token's bank holds single words)")
            words.append(e.phrase)
    return words


def _with_banks(raw: Any, banks: Mapping[str, PhraseBank], where: str) -> Any:
    """A pattern (list of tokens, or mapping with ``tokens``) with every token's ``bank`` (and
    its ``not``'s) turned into ``lower`` words; anything else is returned as it is, for
    ``_pattern`` to check."""
    def token(t: Any, w: str) -> Any:
        if not isinstance(t, dict):
            return t
        t = dict(t)
        if "not" in t:
            t["not"] = token(t["not"], f"{w}.not")
        if "bank" in t:
            words = _bank_words(t.pop("bank"), banks, w)
            have = t.get("lower", [])
            have = [have] if isinstance(have, str) else have
            if not isinstance(have, list):
                return t  # _pattern reports the bad 'lower'
            t["lower"] = [*have, *words]
        return t

    if isinstance(raw, list):
        return [token(t, f"{where}.tokens[{i}]") for i, t in enumerate(raw)]
    if isinstance(raw, dict) and isinstance(raw.get("tokens"), list):
        return {**raw, "tokens": [token(t, f"{where}.tokens[{i}]") for i, t in enumerate(raw["tokens"])]}
    return raw


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
    """Compile ``params`` (already checked against PARAMS) once, at load: patterns and banks.
    Returns the kind's compiled form (``Rule.compiled``). Raises ValueError or PatternError,
    which the loader reports as ``file: params: ...``."""
    pats = tuple(_pattern(_with_banks(p, banks, f"patterns[{i}]"), f"patterns[{i}]")
                 for i, p in enumerate(params["patterns"]))
    if not pats:
        raise ValueError("patterns: at least one token pattern")
    excs = tuple(_pattern(_with_banks(p, banks, f"exceptions[{i}]"), f"exceptions[{i}]")
                 for i, p in enumerate(params["exceptions"] or []))
    table = None
    if any(s.sound or (s.negated and s.negated.sound) for p in pats + excs for s in p.tokens):
        bank = banks.get(params["sounds_bank"])
        if bank is None:
            raise ValueError(f"unknown phrase bank {params['sounds_bank']!r} in 'sounds_bank'")
        table = sound.table(bank)
    return {"patterns": pats, "exceptions": excs, "sounds": table}


# --------------------------------------------------------------------------------- matching

def shape_of(text: str) -> str:
    """spaCy's word shape of ``text``: X for a capital, x for a small letter, d for a digit, runs
    of more than four cut to four ("Xxxxx", "dd/dd")."""
    out: list[str] = []
    for ch in text:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if len(out) >= 4 and all(o == c for o in out[-4:]):
            continue
        out.append(c)
    return "".join(out)


_LOWER: dict[str, str] = {}  # a word -> in lower case with straight apostrophes (_norm)
_LOWER_MAX = 100_000  # words kept per process before starting again


def _lower(word: str) -> str:
    """``word`` in lower case with straight apostrophes, kept: the same words come back in
    every unit of every letter."""
    if len(_LOWER) >= _LOWER_MAX:
        _LOWER.clear()
    low = _LOWER[word] = word.lower().replace("’", "'").replace("‘", "'")
    return low


class _Tokens:
    """The tokens of one unit with what constraints need (space before, normalised forms)."""

    def __init__(self, tokens: Sequence[Any], text: str, sounds: Any) -> None:
        self.tokens = tokens
        self.text = text
        self.sounds = sounds
        known = _LOWER
        self.lower = [known.get(t.text) or _lower(t.text) for t in tokens]
        self.by_lower: dict[str, list[int]] = {}
        for i, word in enumerate(self.lower):
            self.by_lower.setdefault(word, []).append(i)
        # tabs_upto[i]: gaps up to token i that hold a tab (a tab separates table cells)
        self.tabs_upto: list[int] = []
        if tokens and "\t" not in text[tokens[0].span.start:tokens[-1].span.end]:
            self.tabs_upto = [0] * len(tokens)
        else:
            count, prev_end = 0, None
            for t in tokens:
                if prev_end is not None and "\t" in text[prev_end:t.span.start]:
                    count += 1
                self.tabs_upto.append(count)
                prev_end = t.span.end
        self._forms: dict[str, list[Any]] = {}
        self._regex_hits: dict[Any, list[int]] = {}
        self._repeats: dict[int, list[int]] = {}
        self._flagged: dict[str, list[int]] = {}

    def with_sounds(self, sounds: Any) -> _Tokens:
        """The same unit with another sounds table: everything else (the words, the forms and
        starts worked out so far, which do not depend on it) shared, not built again."""
        other = copy.copy(self)
        other.sounds = sounds
        return other

    def form(self, key: str) -> list[Any]:
        """One value per token for a constraint key, worked out once per unit: ``text``
        (apostrophes made straight), ``lemma`` (lower case, straight), ``space_before``,
        ``is_punct`` (no letter or digit), or a token attribute."""
        got = self._forms.get(key)
        if got is None:
            if key == "text":
                got = [_norm(t.text) for t in self.tokens]
            elif key == "lemma":
                got = [_norm(t.lemma.lower()) for t in self.tokens]
            elif key == "space_before":
                got = [t.span.start > 0 and self.text[t.span.start - 1].isspace() for t in self.tokens]
            elif key == "is_punct":
                got = [not any(ch.isalnum() for ch in t.text) for t in self.tokens]
            elif key in BOOL_KEYS:
                got = [bool(getattr(t, key)) for t in self.tokens]
            else:
                got = [getattr(t, key) for t in self.tokens]
            self._forms[key] = got
        return got

    def starts(self, pattern: TokenPattern) -> Iterable[int]:
        """Where a match can start, in order: a superset of the starts of every match, from the
        pattern's plan (the places its fixed-distance words are), else at the words a first
        token's regex takes, else anywhere."""
        by_lower = self.by_lower
        keys = by_lower.keys()
        for words in pattern.required:  # a word the pattern needs is not in this unit
            if keys.isdisjoint(words):  # (in C, over the smaller of the two)
                return ()
        best: list[int] | None = None
        for p, words in pattern.anchors:
            if len(words) <= len(by_lower):
                found = [i - p for w in words if w in by_lower for i in by_lower[w]]
            else:
                found = [i - p for w, where in by_lower.items() if w in words for i in where]
            if best is None or len(found) < len(best):
                best = found
                if not best:
                    return ()
        for p, d in pattern.repeats:
            found = [i - p for i in self.repeated(d)]
            if best is None or len(found) < len(best):
                best = found
                if not best:
                    return ()
        for p, key in pattern.flagged:
            found = [i - p for i in self.flagged(key)]
            if best is None or len(found) < len(best):
                best = found
                if not best:
                    return ()
        if best is not None:
            return sorted(i for i in best if i >= 0)
        first = pattern.tokens[0]
        if first.regex is not None:  # the words its regex takes (the answers are kept)
            hits = self._regex_hits.get(first.regex)
            if hits is None:
                hits = self._regex_hits[first.regex] = [
                    i for i, t in enumerate(self.tokens) if _fullmatch(first.regex, t.text)]
            return hits
        return range(len(self.tokens))

    def flagged(self, key: str) -> list[int]:
        """Indexes of the tokens whose flag ``key`` is true, in order (worked out once per unit)."""
        got = self._flagged.get(key)
        if got is None:
            got = self._flagged[key] = [i for i, v in enumerate(self.form(key)) if v]
        return got

    def repeated(self, d: int) -> list[int]:
        """Indexes i whose word (ignoring case) is the same as the word d tokens before."""
        got = self._repeats.get(d)
        if got is None:
            low = self.lower
            got = self._repeats[d] = [i for i in range(d, len(low)) if low[i] == low[i - d]]
        return got

    def holds(self, spec: TokenSpec, i: int, matched: list[int]) -> bool:
        return _test(spec)(self, i, matched)

    def tab_between(self, prev: int, i: int) -> bool:
        """A tab between two tokens separates table cells: no pattern runs across it."""
        return prev >= 0 and self.tabs_upto[i] > self.tabs_upto[prev]

    def match_at(self, pattern: TokenPattern, start: int) -> list[int] | None:
        """Token index per pattern position (-1 for a missing optional token), or None."""
        n = len(self.tokens)
        specs = pattern.tokens
        tests = [_test(spec) for spec in specs]
        tabs = self.tabs_upto

        def step(p: int, i: int, matched: list[int], prev: int) -> list[int] | None:
            if p == len(specs):
                return matched
            spec = specs[p]
            if spec.repeat:  # as few tokens as the rest of the pattern allows
                j, last = i, prev
                while True:
                    found = step(p + 1, j, [*matched, i if j > i else -1], last)
                    if found is not None:
                        return found
                    if (j >= n or j - i >= MAX_RUN or (last >= 0 and tabs[j] > tabs[last])
                            or not tests[p](self, j, matched)):
                        return None
                    last, j = j, j + 1
            if i < n and not (prev >= 0 and tabs[i] > tabs[prev]) and tests[p](self, i, matched):
                found = step(p + 1, i + 1, [*matched, i], i)
                if found is not None:
                    return found
            if spec.optional:
                return step(p + 1, i, [*matched, -1], prev)
            return None

        return step(0, start, [], -1)


_Test = Callable[["_Tokens", int, list[int]], bool]
_TESTS: dict[int, tuple[TokenSpec, _Test]] = {}  # id(spec) -> (spec, its test); the spec kept alive


def _test(spec: TokenSpec) -> _Test:
    """``spec`` as one function (tokens, index, token indexes matched so far) -> whether the token
    meets every constraint, built once per spec; the constraints are tried in the order the
    rule file's keys are documented (values, flags, regex, shape, same_as, sound, not)."""
    known = _TESTS.get(id(spec))
    if known is not None and known[0] is spec:
        return known[1]
    checks: list[_Test] = []
    for key, allowed in spec.values.items():
        checks.append(_lower_in(allowed) if key == "lower" else _form_in(key, allowed))
    for key, want in spec.flags.items():
        checks.append(_form_is(key, want))
    if spec.regex is not None:
        checks.append(_regex_test(spec.regex))
    if spec.shape is not None:
        checks.append(_shape_test(spec.shape))
    if spec.same_as is not None:
        checks.append(_same_test(spec.same_as))
    if spec.sound is not None:
        checks.append(_sound_test(spec.sound))
    if spec.negated is not None:
        checks.append(_not_test(_test(spec.negated)))
    test = _all_of(checks)
    _TESTS[id(spec)] = (spec, test)
    return test


def _lower_in(allowed: frozenset[str]) -> _Test:
    return lambda T, i, m: T.lower[i] in allowed


def _form_in(key: str, allowed: frozenset[str]) -> _Test:
    return lambda T, i, m: T.form(key)[i] in allowed


def _form_is(key: str, want: bool) -> _Test:
    return lambda T, i, m: bool(T.form(key)[i] == want)


def _regex_test(rx: Any) -> _Test:
    return lambda T, i, m: _fullmatch(rx, T.tokens[i].text)


def _shape_test(shape: str) -> _Test:
    return lambda T, i, m: shape_of(T.tokens[i].text) == shape


def _same_test(back: int) -> _Test:
    def same(T: _Tokens, i: int, m: list[int]) -> bool:
        j = len(m) + back
        return not (j < 0 or m[j] < 0 or T.lower[m[j]] != T.lower[i])
    return same


def _sound_test(want: str) -> _Test:
    def sounds(T: _Tokens, i: int, m: list[int]) -> bool:
        following = T.tokens[i + 1].text if i + 1 < len(T.tokens) else ""
        return bool(sound.first_sound(T.tokens[i].text, following, T.sounds) == want)
    return sounds


def _not_test(negated: _Test) -> _Test:
    return lambda T, i, m: not negated(T, i, m)


def _all_of(checks: list[_Test]) -> _Test:
    if not checks:
        return lambda T, i, m: True
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda T, i, m: first(T, i, m) and second(T, i, m)

    def test(T: _Tokens, i: int, m: list[int]) -> bool:
        for check in checks:  # noqa: SIM110 - a plain loop is faster than all() here
            if not check(T, i, m):
                return False
        return True
    return test


MAX_RUN = 60  # the most tokens an op "*" token takes


def _find(pattern: TokenPattern, toks: _Tokens) -> list[tuple[Span, list[int]]]:
    out = []
    for start in toks.starts(pattern):
        matched = toks.match_at(pattern, start)
        if matched is None:
            continue
        lo, hi = pattern.mark or (0, len(pattern.tokens))
        marked = [i for i in matched[lo:hi] if i >= 0] or [i for i in matched if i >= 0]
        span = known_span(toks.tokens[marked[0]].span.start, toks.tokens[marked[-1]].span.end)
        out.append((span, matched))
    return out


def _fill(template: str | None, toks: _Tokens, matched: list[int]) -> str | None:
    if template is None:
        return None
    out = template
    for p, i in enumerate(matched):
        out = out.replace("{t" + str(p) + "}", toks.tokens[i].text if i >= 0 else "")
    return " ".join(out.split()) if "{t" in template else out


def unit_tokens(ctx: CheckContext, unit: Span) -> list[Any]:
    """The analysis tokens inside ``unit`` (a span of the letter), in order."""
    tokens = ctx.analysis.tokens
    starts = ctx.memo.token_starts
    if starts is None or len(starts) != len(tokens):
        starts = ctx.memo.token_starts = [t.span.start for t in tokens]
    lo = bisect.bisect_left(starts, unit.start)
    hi = bisect.bisect_left(starts, unit.end)
    return [t for t in tokens[lo:hi] if t.span.end <= unit.end]


class _Taken:
    """The spans already matched in a letter, sorted by start: whether a new span overlaps one
    looks only at those that can reach it, not at every earlier match (issue 15: a long letter
    with many matches made that quadratic)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.spans: list[Span] = []
        self.longest = 0

    def overlaps(self, span: Span) -> bool:
        lo = bisect.bisect_left(self.starts, span.start - self.longest)
        hi = bisect.bisect_left(self.starts, span.end)
        return any(self.spans[k].overlaps(span) for k in range(lo, hi))

    def add(self, span: Span) -> None:
        k = bisect.bisect_right(self.starts, span.start)
        self.starts.insert(k, span.start)
        self.spans.insert(k, span)
        self.longest = max(self.longest, span.end - span.start)


_INDEX: dict[tuple[int, ...], tuple[list[Any], list[int], dict[str, list[int]]]] = {}


def _word_index(patterns: list[TokenPattern]) -> tuple[list[int], dict[str, list[int]]]:
    """Which of ``patterns`` (by position) a unit's words let through: those without a required
    word set always, the others under each word of their first required set. A pattern none of
    whose first set's words is in a unit cannot match there (``_Tokens.starts`` gives no start),
    so it is not tried: most grammar patterns need a word most sentences lack (issue 15). Worked
    out once per list of patterns."""
    key = tuple(map(id, patterns))
    kept = _INDEX.get(key)
    if kept is not None and all(a is b for a, b in zip(kept[0], patterns, strict=True)):
        return kept[1], kept[2]
    always: list[int] = []
    by_word: dict[str, list[int]] = {}
    for k, pattern in enumerate(patterns):
        if not pattern.required:
            always.append(k)
            continue
        for word in pattern.required[0]:
            by_word.setdefault(word, []).append(k)
    if len(_INDEX) > 1_000:
        _INDEX.clear()
    _INDEX[key] = (list(patterns), always, by_word)
    return always, by_word


def run(rule: Rule, ctx: CheckContext) -> list[Hit]:
    """Hits for one letter: each match of a token pattern not overlapping an exception or an
    earlier match, with its own message and suggestion. Source: Q22, Q23. Raises Skip when the
    check cannot run here; never modifies ``ctx``'s letter."""
    comp = rule.compiled
    has_pos = ctx.analysis.has_pos
    patterns = [p for p in comp["patterns"] if has_pos or not p.uses_pos]
    exceptions = [p for p in comp["exceptions"] if has_pos or not p.uses_pos]
    hits: list[Hit] = []
    taken = _Taken()
    always, by_word = _word_index(patterns)
    for unit in ctx.units_and_parts(rule.scope, rule.params.get("parts")):
        key = (unit.start, unit.end, id(comp["sounds"]))
        toks = ctx.memo.unit_tokens.get(key)
        if toks is None:  # the same units for every grammar rule: built once per letter
            same = ctx.memo.unit_tokens.get((unit.start, unit.end, -1))  # with another sounds table
            toks = ctx.memo.unit_tokens[key] = (
                same.with_sounds(comp["sounds"]) if same is not None
                else _Tokens(unit_tokens(ctx, unit), ctx.text, comp["sounds"]))
            if same is None:
                ctx.memo.unit_tokens[(unit.start, unit.end, -1)] = toks
        if not toks.tokens:
            continue
        excepted: list[Span] | None = None  # found only once a pattern matches in this unit
        maybe = set(always)
        for word in toks.by_lower.keys() & by_word.keys():
            maybe.update(by_word[word])
        for k in sorted(maybe):
            pattern = patterns[k]
            for span, matched in _find(pattern, toks):
                if excepted is None:
                    excepted = [span for p in exceptions for span, _ in _find(p, toks)]
                if any(span.overlaps(s) for s in excepted) or taken.overlaps(span):
                    continue
                taken.add(span)
                quote = ctx.text[span.start:span.end]
                suggestion = _fill(pattern.suggestion, toks, matched)
                if suggestion is not None:
                    suggestion = case_like(quote, suggestion)
                v = {f"t{p}": (toks.tokens[i].text if i >= 0 else "") for p, i in enumerate(matched)}
                if suggestion is not None:
                    v["suggestion"] = suggestion
                hits.append(Hit(span, message=_fill(pattern.message, toks, matched),
                                suggestion=suggestion, vars=v))
    hits.sort(key=lambda h: h.span.start if h.span else -1)
    return hits


_FULLMATCH: dict[tuple[Any, str], bool] = {}  # (token regex, word) -> whether it matches
_FULLMATCH_MAX = 200_000  # answers kept per process before starting again


def _fullmatch(rx: Any, text: str) -> bool:
    """``rx.fullmatch(text)`` with the time limit every rule pattern runs under. The answer for a
    word is kept: a token regex is asked about every token of a unit, by every pattern that uses
    it, and the same words come back in every letter. Raises PatternError on a time-out."""
    key = (rx, text)
    known = _FULLMATCH.get(key)
    if known is not None:
        return known
    from letterlint.rules.patterns import MATCH_TIMEOUT_S, PatternError

    try:
        found = rx.fullmatch(text, timeout=MATCH_TIMEOUT_S) is not None
    except TimeoutError:
        raise PatternError(f"token pattern {rx.pattern!r} took too long and was stopped") from None
    if len(_FULLMATCH) >= _FULLMATCH_MAX:
        _FULLMATCH.clear()
    _FULLMATCH[key] = found
    return found
