"""The embedded default pipeline: tokens and sentences from syntok, lemmas from spaCy's English
lookup table (``spacy-lookups-data``), without importing spaCy (issue 15: ``import spacy`` alone
cost 0.34 s of every cold start).

syntok (a kept tokeniser and sentence segmenter, pure Python) gives the tokens and sentences;
``_split`` below is letterlint's own small post-step over its tokens, so that the grammar rules'
token patterns (rules/LL5xx) see the words they were written for. The lemma of a token is its
entry in the lookup table spaCy's lookup lemmatizer reads (the word itself when it has none), in
lower case, read the first time a check asks for one.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import regex


@functools.cache
def lemma_table() -> dict[str, str]:
    """spaCy's English lemma lookup table (form -> lemma, case-sensitive), read straight from
    ``spacy-lookups-data``; empty when that package is missing. About 40,000 entries, 70 ms."""
    import gzip
    import importlib.resources as ir
    import json

    try:
        data = ir.files("spacy_lookups_data") / "data" / "en_lemma_lookup.json.gz"
        table: dict[str, str] = json.loads(gzip.decompress(data.read_bytes()))
    except (OSError, ImportError, ValueError):  # pragma: no cover - data package missing
        table = {}
    return table


def lemma_of(text: str) -> str:
    """The lemma of a token's ``text``, in lower case: the lookup table's entry for the text as
    written, else the text itself (what spaCy's lookup lemmatizer gives)."""
    return lemma_table().get(text, text).lower()


@functools.cache
def _tokenizer() -> Any:
    from syntok.tokenizer import Tokenizer

    # hyphens as tokens of their own ("well", "-", "known"); "n't" kept as written, not "not"
    return Tokenizer(emit_hyphen_or_underscore_sep=True, replace_not_contraction=False)


def load() -> None:
    """Import syntok and build its tokenizer now (about 10 ms), so that forked workers share
    them; the lemma table is left until a lemma is read."""
    import syntok.segmenter  # noqa: F401

    _tokenizer()


# An e-mail or web address inside a run of characters without a space; its closing punctuation
# (the full stop after "...gov.uk.") is not part of it.
_ADDRESS = regex.compile(r"(?i)(?:https?://|www\.)[^\s<>\"()\[\]]*[^\s<>\"()\[\].,;:!?'’”]"
                         r"|[\w.+'’-]*\w@\w[\w-]*(?:\.[\w-]+)+")
# clitics the grammar rules expect as tokens of their own ("CPS" "'s", "you" "'re"); any other
# apostrophe inside a word is part of it (O'Sullivan, D'Souza)
_CLITICS = frozenset({"s", "d", "m", "ll", "re", "ve"})
_APOSTROPHES = "'’"
# no full stop ends a sentence straight after these (syntok's segmenter also ends one at a
# semicolon or colon)
_NOT_AN_END = (";", ":", ",")


def segment(text: str) -> Iterator[list[tuple[int, int]]]:
    """The sentences of ``text`` (one block of a letter), each a list of its tokens as
    (start, end) character offsets into ``text``, in order. Tokens and sentences are syntok's,
    with letterlint's post-steps: ``_retokenise`` before syntok's segmenter, ``_resegment``
    after it."""
    from syntok.segmenter import preprocess_with_offsets
    from syntok.segmenter import segment as syntok_segment

    tok = _tokenizer()
    for offset, paragraph in preprocess_with_offsets(text):
        tokens = _retokenise(text, [t for t in tok.tokenize(paragraph, offset) if t.value])
        for sentence in _resegment(text, [[(t.offset, t.offset + len(t.value)) for t in s]
                                          for s in syntok_segment(iter(tokens))]):
            if sentence:
                yield sentence


def _retokenise(text: str, tokens: list[Any]) -> list[Any]:
    """letterlint's post-step over syntok's tokens (each with ``offset`` and ``value``), so that
    the grammar rules' token patterns (rules/LL5xx) see the words they were written for:

    - an e-mail or web address is one token (syntok cuts it at hyphens: "iac-cps.example.org");
    - letters run together are one word: syntok cuts "McDonald" and "iPhone" where the case
      changes, and "O'Sullivan" at the apostrophe (only the clitics 's, 'd, 'm, 'll, 're and
      've are tokens of their own, as in "CPS's" and "we're");
    - "cannot" is two tokens, "can" and "not", as "can't" is "ca" and "n't"; so is a negative
      written without its apostrophe ("wasnt" is "was" and "nt"), so "the witnesses wasnt"
      reads as "witnesses was" (LL505). "cant" and "wont" are words and stay whole.

    Returns new syntok Tokens in order; the text is never changed."""
    from syntok.tokenizer import Token

    spans = [(t.offset, t.offset + len(t.value)) for t in tokens]
    out: list[Any] = []
    n = len(tokens)
    i = 0
    while i < n:
        # a run of tokens with no space between them
        j = i + 1
        while j < n and spans[j][0] == spans[j - 1][1]:
            j += 1
        if j > i + 1:
            run = text[spans[i][0]:spans[j - 1][1]]
            m = _ADDRESS.search(text, spans[i][0], spans[j - 1][1]) if "@" in run or "ww." in run or "://" in run \
                else None
            bounds = {spans[k][0] for k in range(i, j)} | {spans[j - 1][1]}
            if m is not None and m.start() in bounds and m.end() in bounds:
                for k in range(i, j):  # tokens before the address, the address, after it
                    if spans[k][0] < m.start() or spans[k][0] >= m.end():
                        out.append(tokens[k])
                    elif spans[k][0] == m.start():
                        out.append(Token(tokens[k].spacing, text[m.start():m.end()], m.start()))
                i = j
                continue
        for k in range(i, j):
            t, (start, end) = tokens[k], spans[k]
            if k > i and _joins(text[spans[k - 1][0]:spans[k - 1][1]], text[start:end]):
                prev = out[-1]
                out[-1] = Token(prev.spacing, prev.value + t.value, prev.offset)
            elif (cut := _cut_at(t.value)) is not None:
                out += [Token(t.spacing, t.value[:cut], start), Token("", t.value[cut:], start + cut)]
            else:
                out.append(t)
        i = j
    return out


_NEGATIVE = regex.compile(r"(?i)(?:is|was|are|were|has|have|had|do|does|did|could|should|would|must|need|might)nt")


def _cut_at(word: str) -> int | None:
    """Where ``word`` is cut in two: after "can" in "cannot", before "nt" in "wasnt"; None
    for any other word."""
    if len(word) == 6 and word.lower() == "cannot":
        return 3
    if word[-2:] in ("nt", "NT") and _NEGATIVE.fullmatch(word) is not None:
        return len(word) - 2
    return None


def _joins(before: str, after: str) -> bool:
    """Whether syntok cut one word in two between ``before`` and ``after`` (no space between):
    at a change of case ("Mc" + "Donald") or before an apostrophe that starts no clitic
    ("O" + "'Sullivan")."""
    if not before[-1:].isalpha():
        return False
    if after[:1] in _APOSTROPHES:
        return after[1:].isalpha() and after[1:].lower() not in _CLITICS
    return before[-1].islower() and after[:1].isupper() and after.isalpha()


def _resegment(text: str, sentences: list[list[tuple[int, int]]]) -> list[list[tuple[int, int]]]:
    """letterlint's post-step over syntok's sentences (lists of token spans): a sentence that
    ends in a semicolon, colon or comma goes on into the next (syntok ends sentences there;
    the readability rules count the words of a whole sentence), and a sentence ends at the
    full stop after an e-mail or web address when a capital letter follows ("...cps.gov.uk.
    Please"), where syntok takes the address for an abbreviation. A paragraph number ("2." in
    "2. You was told...") is a sentence of its own, so the words after it start a sentence
    (``is_sent_start``) and the number is not counted as one of their words."""
    joined: list[list[tuple[int, int]]] = []
    for sentence in sentences:
        if joined and joined[-1] and text[joined[-1][-1][0]:joined[-1][-1][1]] in _NOT_AN_END:
            joined[-1].extend(sentence)
        else:
            joined.append(list(sentence))
    out: list[list[tuple[int, int]]] = []
    for sentence in joined:
        current: list[tuple[int, int]] = []
        if len(sentence) > 2 and text[slice(*sentence[0])].isdigit() and text[slice(*sentence[1])] == ".":
            out.append(sentence[:2])
            sentence = sentence[2:]
        for k, (start, end) in enumerate(sentence):
            current.append((start, end))
            if (text[start:end] == "." and 0 < k < len(sentence) - 1
                    and _ADDRESS.fullmatch(text, *sentence[k - 1]) is not None
                    and text[sentence[k + 1][0]].isupper()):
                out.append(current)
                current = []
        if current:
            out.append(current)
    return out
