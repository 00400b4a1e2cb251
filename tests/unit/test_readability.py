"""Offline readability measures: syllables, Flesch reading ease, passive voice."""

from __future__ import annotations

import functools
import socket
from typing import Any

import pytest

from letterlint.letter.nlp import readability as rd

PASSIVES = [
    "The case was discontinued on 4 May.",
    "Your statement was not read to the court.",
    "The trial has been postponed until March.",
    "You should have been told about the hearing.",
    "The file was sent to the police.",
    "A decision was made to stop the case.",
    "The defendant was found not guilty.",
    "The charge is being reviewed by a senior prosecutor.",
    "The screens were not put in place.",
    "Your complaint will be dealt with by the Deputy Chief Crown Prosecutor.",
    "The evidence was also examined by an expert.",
    "The hearing was moved to Exeter.",
    "Mr Jones was charged with assault.",
    "The letter was written in a hurry.",
    "You were given the wrong date.",
    "The trial was overseen by a recorder.",  # irregular participle not in the list: missed
]
ACTIVES = [
    "I am satisfied that the prosecutor acted properly.",
    "You were worried about giving evidence.",
    "I was disappointed to read your letter.",
    "The prosecutor is a senior lawyer.",
    "We have reviewed the file.",
    "She was in court that day.",
    "I am sorry that this happened.",
    "The court is based in Exeter.",
    "He was not at the hearing.",
    "We were unable to contact you.",
    "You were right to raise this.",
    "It is important that you feel safe.",
    "I have decided to uphold your complaint.",
    "The police were concerned about the delay.",
]



# textstat is the reference the measures are compared with (a test dependency only). Its CMU
# dictionary look-up is replaced by letterlint's, so it never calls ``nltk.download``.

@functools.lru_cache(maxsize=4)  # textstat asks for it on each text it has not counted: built once
def _offline_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    if not lang.lower().startswith("en"):
        return None
    # textstat only counts the phones ending in a stress digit, so one "AH0" per syllable.
    return {w: [["AH0"] * n] for w, n in rd._cmu_counts().items()}


def offline_textstat() -> Any:
    """textstat with its CMU dictionary look-up replaced, so it never calls ``nltk.download``."""
    import textstat
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils import _get_cmudict

    if getattr(_count_syllables, "get_cmudict", None) is not _offline_cmudict:
        _get_cmudict.get_cmudict = _offline_cmudict
        _count_syllables.get_cmudict = _offline_cmudict
        _count_syllables.count_syllables.cache_clear()
    return textstat

def test_passive_regex_accuracy_on_labelled_sentences() -> None:
    found = [bool(rd.passive_matches(s)) for s in PASSIVES]
    false_alarms = [s for s in ACTIVES if rd.passive_matches(s)]
    assert sum(found) == 15, [s for s, f in zip(PASSIVES, found, strict=True) if not f]
    assert not false_alarms


def test_passive_match_quotes_the_verb_group() -> None:
    text = "The case was not properly reviewed."
    (start, end), = rd.passive_matches(text)
    assert text[start:end] == "was not properly reviewed"


def test_passive_from_tags_when_a_trained_pipeline_is_installed() -> None:
    from letterlint.letter.nlp.pipeline import analyse
    from letterlint.model import Span

    text = "The case was discontinued by the prosecutor. I am satisfied that we acted properly."
    analysis = analyse(text, [Span(0, len(text))], use_trained=True)
    if not analysis.has_pos:
        pytest.skip("no trained spaCy pipeline installed")
    spans = rd.passive_in_tokens(analysis.tokens)
    assert [text[a:b] for a, b in spans] == ["was discontinued"]


def test_syllables_use_the_cmu_dictionary_then_hyphenation() -> None:
    assert rd.syllables("prosecution") == 4
    assert rd.syllables("court") == 1
    assert rd.syllables("Deputy") == 3
    assert rd.syllables("2026") == 1
    # not in the CMU dictionary: Pyphen's hyphenation patterns give an estimate
    assert rd.syllables("Exampletownshire") >= 3


def test_flesch_of_plain_and_hard_text() -> None:
    plain = "We stopped the case. The police did not have enough proof. I am sorry."
    hard = ("Subsequent to the receipt of additional evidential material, the reviewing prosecutor "
            "undertook a comprehensive reconsideration of the prosecution's position in accordance "
            "with the applicable prosecutorial guidance.")
    assert rd.flesch_reading_ease(plain) > 80
    assert rd.flesch_reading_ease(hard) < 10
    assert rd.flesch_reading_ease("") == 0.0


@pytest.mark.slow  # a comparison with textstat over many sentences
def test_our_flesch_matches_offline_textstat_on_simple_sentences() -> None:
    text = "The cat sat on the mat. It was happy there. The court was closed on Monday."
    textstat = offline_textstat()
    assert rd.flesch_reading_ease(text) == pytest.approx(textstat.flesch_reading_ease(text), abs=0.1)


def test_split_sentences_keeps_titles_and_paragraphs() -> None:
    text = "I spoke to Mr. Smith today. He agreed!\n\nA new paragraph without a full stop"
    assert rd.split_sentences(text) == [
        "I spoke to Mr. Smith today.", "He agreed!", "A new paragraph without a full stop"
    ]


def test_words_per_sentence_and_paragraph_scores() -> None:
    assert rd.words_per_sentence("One two three. Four five.") == 2.5
    scores = rd.paragraph_scores(
        ["We stopped the case.", "Notwithstanding the aforementioned considerations."]
    )
    assert scores[0] > scores[1]


def test_readability_never_opens_a_network_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("readability tried to open a network connection")

    # imported before sockets are blocked: importing nltk imports ssl, whose socket class is
    # a subclass of socket.socket (it passed only when an earlier plugin had imported ssl)
    import nltk

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(nltk, "download", refuse)
    # start from cold caches so the dictionary is loaded while sockets are blocked
    rd._cmu_counts.cache_clear()
    rd.syllables.cache_clear()
    _offline_cmudict.cache_clear()
    text = "The prosecutor reviewed the evidence carefully. She decided to continue the case."
    assert 0 < rd.flesch_reading_ease(text) < 100
    textstat = offline_textstat()
    assert textstat.syllable_count("prosecutor") == 4
    assert textstat.flesch_reading_ease(text) > 0
