"""Text as pasted from the web, a PDF or an email (issue 10): normalised for checking, while
every finding still points at the original words. The files in tests/fixtures/inputs/reading/
are the shared cases (/work/shared/cases/reading/), each asserting the answer given there."""

from __future__ import annotations

from pathlib import Path

import pytest

from letterlint.config.settings import Config
from letterlint.engine.check import check_path
from letterlint.model import Report, Span
from letterlint.reading import read, read_string
from letterlint.reading.normalise import normalise, soft_breaks

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "inputs" / "reading"
CURLY = HERE / "curly-apostrophe-in-name.txt"


def check(path: Path) -> Report:
    report = check_path(path, Config())
    assert report.error is None, report.error
    return report


def loud(report: Report, item: str) -> list[str]:
    return [f"{f.code} {f.quote}" for f in report.active_findings
            if f.item == item and f.severity.value in ("warning", "error")]


def item(report: Report, name: str) -> bool | None:
    assert report.score is not None
    return next(i.passed for i in report.score.items if i.item == name)


def spans_hold_quotes(report: Report, path: Path) -> None:
    """Every finding's span, in the original file's text, holds exactly its quote."""
    original = read(path).text
    for f in report.findings:
        if f.span is not None:
            assert original[f.span.start : f.span.end] == f.quote, f


# ------------------------------------------------------------------ the shared cases

def test_soft_hyphens_and_zero_width_spaces_do_not_split_words() -> None:
    path = HERE / "soft-hyphens-zero-width.txt"
    assert "\u00ad" in path.read_text(encoding="utf-8") and "\u200b" in path.read_text(encoding="utf-8")
    report = check(path)
    assert loud(report, "Q22") == []
    assert "LL101" not in {f.code for f in report.findings}  # the outcome "upheld" is found
    spans_hold_quotes(report, path)


def test_ligatures_are_read_as_their_letters_and_quotes_keep_them() -> None:
    path = HERE / "ligatures.txt"
    report = check(path)
    assert loud(report, "Q22") == []
    long = [f for f in report.findings if f.code == "LL701" and "case" in f.quote]
    assert long and "\ufb01" in long[0].quote  # the quote is the original text, ligature and all
    spans_hold_quotes(report, path)


def test_curly_and_straight_apostrophes_in_a_name_match() -> None:
    report = check(CURLY)
    assert item(report, "Q34") is True
    assert "LL331" not in {f.code for f in report.findings}


def test_curly_apostrophe_mismatch_of_another_name_is_still_found(tmp_path: Path) -> None:
    text = CURLY.read_text(encoding="utf-8").replace("Dear Mrs O\u2019Sullivan", "Dear Mrs O\u2019Brien")
    p = tmp_path / "other-name.txt"
    p.write_text(text, encoding="utf-8")
    assert "LL331" in {f.code for f in check(p).findings}


def test_hard_wrapped_letter_is_read_as_paragraphs() -> None:
    path = HERE / "hard-wrapped-72.txt"
    report = check(path)
    long = [f for f in report.findings if f.code == "LL701"]
    assert long and "29 words" in long[0].message
    assert "\n" in long[0].quote  # the quote is the file's text, line break and all
    assert long[0].location.line == 27  # the line in the file where the sentence starts
    spans_hold_quotes(report, path)


# ------------------------------------------------------------------ other forms of each fault

LETTER = CURLY.read_text(encoding="utf-8").replace("Dear Mrs O\u2019Sullivan", "Dear Mrs O'Sullivan")


def write(tmp_path: Path, text: str, name: str = "letter.txt") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("lig, word", [("\ufb00", "e\ufb00ect"), ("\ufb03", "o\ufb03ce"),
                                        ("\ufb04", "ba\ufb04ed"), ("\ufb06", "\ufb06ill")])
def test_other_ligatures(tmp_path: Path, lig: str, word: str) -> None:
    body = f"The {word} of the delay was that you were not told."
    text = LETTER.replace("I have upheld your complaint.", f"{body}\n\nI have upheld your complaint.")
    report = check(write(tmp_path, text))
    assert loud(report, "Q22") == [], word
    assert lig in read(tmp_path / "letter.txt").text


def test_non_breaking_and_thin_spaces_are_spaces(tmp_path: Path) -> None:
    text = LETTER.replace("I have upheld your complaint.", "I have\u00a0upheld your\u202fcomplaint.")
    report = check(write(tmp_path, text))
    assert "LL101" not in {f.code for f in report.findings}
    assert loud(report, "Q22") == []


def test_byte_order_mark_in_the_middle_of_the_file(tmp_path: Path) -> None:
    text = LETTER.replace("I have upheld your complaint.", "I have up\ufeffheld your com\ufeffplaint.")
    path = write(tmp_path, text)
    report = check(path)
    assert "LL101" not in {f.code for f in report.findings}
    assert loud(report, "Q22") == []
    spans_hold_quotes(report, path)


def test_word_joiner_and_zero_width_joiner_removed() -> None:
    n = normalise(read_string("spel\u2060ling and mis\u200dtake"))
    assert n.doc.text == "spelling and mistake"
    # a span over "spelling" maps back over the removed character
    assert n.to_source(Span(0, 8)) == Span(0, 9)
    assert n.source.text[n.to_source(Span(13, 20)).start:n.to_source(Span(13, 20)).end] == "mis\u200dtake"


def test_map_back_for_a_ligature_covers_the_one_character() -> None:
    n = normalise(read_string("the \ufb01le was lost"))
    assert n.doc.text == "the file was lost"
    assert n.to_source(Span(4, 8)) == Span(4, 7)  # "file" -> "ﬁle"
    assert n.to_source(Span(5, 8)) == Span(4, 7)  # a span starting inside the ligature takes it whole
    assert n.to_source(Span(9, 12)) == Span(8, 11)


def test_plain_letter_is_returned_unchanged() -> None:
    doc = read_string("Dear Ms Kaur\n\nThank you for your letter.\n")
    n = normalise(doc)
    assert n.identity and n.doc is doc


def test_curly_quotes_and_dashes_are_kept_for_house_style() -> None:
    doc = read_string("Dear Ms O\u2019Neill \u2013 \u201cthank you\u201d\u2026 \u00e9t\u00e9\n")
    assert normalise(doc).doc.text == doc.text


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.fill(p, width) if len(p) > width else p for p in text.split("\n"))


ADDRESS = "Mr Daniel Okoro\n14 Larkspur Close\nSwindon\nSN3 4QT"
LONG = ("If you are not satisfied with my reply, you can ask for your complaint to be looked at by "
        "the Deputy Chief Crown Prosecutor. Please write to us within one calendar month of the date "
        "of this letter, that is by 12 December 2026, explaining which parts of my reply you "
        "disagree with.")
THANKS = ("Thank you for your letter of 28 October 2026 about the way we dealt with the case against the "
          "man who damaged your car. I am sorry that you have had to write to us about it.")
WRAPPED = f"""{ADDRESS}

12 November 2026

Dear Mr Okoro

{THANKS}

We did three things:
- we read the case file and the notes the prosecutor made at the hearing on 9 October
- we spoke to the prosecutor who dealt with the hearing and to the caseworker
- we checked the letters we sent you

{LONG}

Yours sincerely

Hannah Greaves
District Crown Prosecutor
"""


@pytest.mark.parametrize("width", [55, 64, 72, 80])
def test_wrapped_text_is_unwrapped_but_lists_and_addresses_are_kept(width: int) -> None:
    text = _wrap(WRAPPED, width)
    assert max(len(ln) for ln in text.split("\n")) <= width
    n = normalise(read_string(text))
    norm = n.doc.text
    assert LONG in norm  # the long sentence is one line of text
    assert ADDRESS in norm  # the address keeps its lines
    assert "\n- we spoke" in norm and "\n- we checked" in norm  # each list item starts its line
    assert "Hannah Greaves\nDistrict Crown Prosecutor" in norm
    assert len(norm) == len(text)  # line breaks become spaces: offsets do not move


def test_unwrapped_letter_with_long_lines_is_not_joined() -> None:
    text = WRAPPED  # paragraphs on one line each: not hard-wrapped
    assert soft_breaks(text) == set()


@pytest.mark.parametrize("width", [55, 80])
def test_wrapped_letter_end_to_end(tmp_path: Path, width: int) -> None:
    path = write(tmp_path, _wrap(WRAPPED, width))
    report = check(path)
    assert any(f.code == "LL701" and f.quote.startswith("Please write to us") for f in report.findings)
    facts = {f.name: f.value for f in report.facts}
    assert facts["addressee"] == "Mr Daniel Okoro"
    spans_hold_quotes(report, path)


def test_docx_text_is_normalised_too(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    for para in LETTER.split("\n\n"):
        d.add_paragraph(para.replace("I have upheld", "I have up\u00adheld").replace("case file", "case \ufb01le"))
    path = tmp_path / "pasted.docx"
    d.save(str(path))
    report = check(path)
    assert "LL101" not in {f.code for f in report.findings}
    assert loud(report, "Q22") == []
    spans_hold_quotes(report, path)
