"""Property tests: random text and random .docx structures never crash the readers or the
engine, and every finding's span lies inside the document and quotes exactly its words."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letterlint.config.settings import Config
from letterlint.model import Document
from tests.robustness.docxmake import structured_docx
from tests.workflow.clihelp import GOOD_LETTER, POOR_LETTER

ODD = ["\u00a0", "\u200b", "\u2028", "\u2029", "\ufeff", "\u0301", "\u202e", "\r", "\r\n", "\t", "\x0c",
       "’", "“", "—", "é", "ß", "ﬁ", "𝔘", "😀", "\u0000"]
WORDS = ["I", "uphold", "your", "complaint", "within", "28", "days", "one", "calendar", "month",
         "consolatory", "payment", "apologise", "Dear", "Mrs", "Shah", "Yours", "sincerely", "Crown",
         "Court", "CPS", "sorry", "if", "you", "feel"]

pytestmark = pytest.mark.slow  # hundreds of random letters through every check

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

chunks = st.one_of(st.sampled_from(WORDS).map(lambda w: w + " "), st.sampled_from(ODD), st.text(max_size=8),
                   st.sampled_from(["\n", "\n\n", ". ", ", ", "---\n"]))
texts = st.lists(chunks, max_size=80).map("".join)
letters = st.tuples(st.sampled_from([GOOD_LETTER, POOR_LETTER]), texts, st.integers(0, 2000)).map(
    lambda t: t[0][: t[2]] + t[1] + t[0][t[2]:])


def check_invariants(doc: Document) -> None:
    from letterlint.engine.check import check_document

    n = len(doc.text)
    for b in doc.blocks:
        assert 0 <= b.span.start <= b.span.end <= n
        assert doc.text[b.span.start : b.span.end] == b.text
    report = check_document(doc, Config())
    for f in report.findings:
        if f.span is None:
            continue
        assert 0 <= f.span.start <= f.span.end <= n, (f.code, f.span, n)
        assert doc.text[f.span.start : f.span.end] == f.quote, (f.code, f.quote)
    assert not [r for r in report.results if r.status == "errored"], [
        (r.code, r.detail) for r in report.results if r.status == "errored"]


def _read(path: Path) -> Document | None:
    from letterlint import reading as readers
    from letterlint.errors import InputError

    try:
        return readers.read(path, max_bytes=10 * 1024 * 1024)
    except InputError as exc:
        assert str(path) in str(exc) and "\n" not in str(exc)
        return None


@SETTINGS
@given(text=st.one_of(texts, letters), suffix=st.sampled_from([".txt", ".md"]))
def test_random_text_never_crashes_and_spans_quote_exactly(text: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"letter{suffix}"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        doc = _read(path)
        if doc is not None:
            check_invariants(doc)


xml_safe = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
runs = st.lists(st.one_of(xml_safe, st.sampled_from(WORDS), st.just("")), max_size=5)
items = st.one_of(
    st.tuples(st.just("p"), runs),
    st.tuples(st.just("p"), st.sampled_from(GOOD_LETTER.split("\n\n") + POOR_LETTER.split("\n\n")).map(
        lambda p: [p.replace("\n", " ")])),
    st.tuples(st.just("table"), st.lists(st.lists(xml_safe, min_size=1, max_size=3), min_size=1, max_size=3)),
    st.tuples(st.just("link"), st.tuples(xml_safe.filter(bool), st.just("https://www.example.org/x"))),
    st.tuples(st.just("empty"), st.none()),
)


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(body=st.lists(items, max_size=14), header=st.one_of(st.none(), xml_safe),
       footer=st.one_of(st.none(), xml_safe))
def test_random_docx_never_crashes_and_spans_quote_exactly(body: list[tuple[str, object]],
                                                          header: str | None, footer: str | None) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = structured_docx(Path(d) / "letter.docx", body, header, footer)
        doc = _read(path)
        if doc is not None:
            check_invariants(doc)
