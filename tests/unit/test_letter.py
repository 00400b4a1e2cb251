"""Letter parts and facts on realistic CPS letters of several layouts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from letterlint.letter.analysis import _bank, analyse
from letterlint.model import ComplaintType, Letter, LetterType
from letterlint.reading import read, read_string
from tests.conftest import ROOT, read_yaml
from tests.fixtures.inputs import builders

STAGE_ONE = """Mrs Grace Okafor
14 Linden Avenue
Exeter
EX4 6PQ

Tuesday 3rd November 2026

Our ref: SW-VLU-2026-0042
Your ref: GO/1

Dear Mrs Okafor,

Your complaint about the trial date

Thank you for your letter of 12 October 2026. Your complaint is about the service you received
from us before the trial of Mr Daniel Reeve.

I am sorry that nobody told you the trial had been moved. I uphold your complaint.

If you are not satisfied with this reply, you can ask for your complaint to be reviewed at stage
two by a Deputy Chief Crown Prosecutor. Please write within one calendar month of the date of
this letter.

Yours sincerely

Priya Raman
District Crown Prosecutor
CPS South West
Telephone: 0300 123 9999
"""

STAGE_TWO = """Mr T Hughes
2 Quay Street
Cardiff CF10 1EA

03/11/2026

Reference: CW/S2/26/118

Dear Mr Hughes

Re: Stage two review of your complaint

Thank you for your request to escalate your complaint. The Deputy Chief Crown Prosecutor has
reviewed the file and the stage one reply, and I agree with the decision it explained.
This ends the CPS complaints process.

Kind regards

Owen Price
Deputy Chief Crown Prosecutor
"""

HOLDING = """Ms A Nowak
5 Mill Lane
Leeds LS2 7EW

9 November 2026

Our reference: YH-26-00388

Dear Ms Nowak

I am sorry, but we are not able to reply by 10 November 2026 as we promised, because we are still
waiting for the police file. I will reply by 24 November 2026.

Yours sincerely

Joanna Firth
District Crown Prosecutor
"""

ACKNOWLEDGEMENT = """Dear Sir or Madam

Thank you for your email. We have received your complaint and it has been passed to a legal
manager, who will reply by 1 December 2026.

Yours faithfully

Complaints Coordinator
CPS London North
Email: londonnorth.vlu@cps.gov.uk
"""

MIXED_MD = """---
letter_date: 2026-11-05
---
Mr Sam Patel
1 High Street
Bristol

**Our reference: BR-0099**

Dear Mr Patel

**Your complaint**

Your complaint is about both a legal decision, to stop the case, and the service you received
when we told you about it. I do not uphold the part about the legal decision.

Yours sincerely

Helen Drake
Senior District Crown Prosecutor
"""


def analysed(text: str, markdown: bool = False, **overrides: object) -> Letter:
    return analyse(read_string(text, markdown=markdown), overrides or None)


def test_stage_one_parts_and_facts() -> None:
    letter = analysed(STAGE_ONE)
    f = {k: v.value for k, v in letter.facts.items()}
    assert f["addressee"] == "Mrs Grace Okafor"
    assert (f["addressee_title"], f["addressee_surname"]) == ("Mrs", "Okafor")
    assert f["letter_date"] == dt.date(2026, 11, 3)
    assert f["reference"] == "SW-VLU-2026-0042"
    assert f["salutation"] == "Dear Mrs Okafor"
    assert f["subject"] == "Your complaint about the trial date"
    assert f["valediction"] == "Yours sincerely"
    assert (f["signatory"], f["job_title"]) == ("Priya Raman", "District Crown Prosecutor")
    assert f["team_contact"] == "0300 123 9999"
    assert f["letter_type"] is LetterType.STAGE_ONE
    assert f["complaint_type"] is ComplaintType.SERVICE
    assert f["outcome"] == "upheld"
    parts = letter.parts
    assert parts["address"].text == "Mrs Grace Okafor\n14 Linden Avenue\nExeter\nEX4 6PQ"
    assert parts["date"].text == "Tuesday 3rd November 2026"
    assert parts["body"].text.startswith("Thank you for your letter of 12 October 2026.")
    assert parts["body"].text.endswith("date of\nthis letter.")
    assert parts["signature"].text.startswith("Priya Raman")
    for p in parts.values():
        assert letter.doc.text[p.span.start : p.span.end] == p.text
    evidence = letter.facts["letter_type"]
    assert evidence.source == "detected" and "stage" in evidence.evidence


def test_stage_two_with_uk_numeric_date_and_re_subject() -> None:
    letter = analysed(STAGE_TWO)
    assert letter.letter_type is LetterType.STAGE_TWO
    assert letter.fact("letter_date") == dt.date(2026, 11, 3)  # day first, as in the UK
    assert letter.fact("reference") == "CW/S2/26/118"
    assert letter.fact("subject") == "Stage two review of your complaint"
    assert letter.fact("valediction") == "Kind regards"
    assert letter.fact("job_title") == "Deputy Chief Crown Prosecutor"
    assert letter.fact("addressee_surname") == "Hughes"
    assert "escalate" in letter.facts["letter_type"].evidence


def test_holding_letter() -> None:
    letter = analysed(HOLDING)
    assert letter.letter_type is LetterType.HOLDING
    assert letter.facts["letter_type"].evidence == "not able to reply"
    assert letter.fact("outcome") == "none"
    assert "subject" not in letter.parts  # the first body line is a sentence, not a heading


def test_acknowledgement_without_address_or_named_signatory() -> None:
    letter = analysed(ACKNOWLEDGEMENT)
    assert letter.letter_type is LetterType.ACKNOWLEDGEMENT
    assert letter.fact("salutation") == "Dear Sir or Madam"
    assert letter.fact("valediction") == "Yours faithfully"
    assert "address" not in letter.parts and letter.fact("addressee") is None
    assert letter.fact("signatory") == "Complaints Coordinator"
    assert letter.fact("job_title") is None  # "CPS London North" is a team, not a job title
    assert letter.fact("team_contact") == "londonnorth.vlu@cps.gov.uk"


def test_markdown_letter_facts_are_clean_and_front_matter_wins() -> None:
    letter = analysed(MIXED_MD, markdown=True)
    assert letter.fact("reference") == "BR-0099"
    assert letter.fact("subject") == "Your complaint"
    assert letter.complaint_type is ComplaintType.MIXED
    assert letter.fact("outcome") == "not-upheld"
    date = letter.facts["letter_date"]
    assert (date.value, date.source) == (dt.date(2026, 11, 5), "front matter")


@pytest.mark.parametrize("key, value, expected", [
    ("stage", "2", LetterType.STAGE_TWO), ("stage", 1, LetterType.STAGE_ONE),
    ("letter_type", "holding", LetterType.HOLDING), ("stage", "stage-one", LetterType.STAGE_ONE),
    ("letter_type", "acknowledgement", LetterType.ACKNOWLEDGEMENT),
])
def test_command_line_letter_type(key: str, value: object, expected: LetterType) -> None:
    letter = analyse(read_string(HOLDING), {key: value})
    assert letter.letter_type is expected
    assert letter.facts["letter_type"].source == "command line"


def test_command_line_beats_front_matter() -> None:
    letter = analysed(MIXED_MD, markdown=True, letter_date="2026-12-01", complaint_type="legal")
    assert letter.fact("letter_date") == dt.date(2026, 12, 1)
    assert letter.facts["letter_date"].source == "command line"
    assert letter.complaint_type is ComplaintType.LEGAL


def test_complaint_type_is_unknown_without_explicit_wording() -> None:
    assert analysed(HOLDING).complaint_type is ComplaintType.UNKNOWN


def test_unknown_type_when_nothing_fits() -> None:
    letter = analysed("Dear Mr Jones\n\nPlease find the enclosed leaflet.\n\nYours sincerely\n\nA Clerk\n")
    assert letter.letter_type is LetterType.UNKNOWN


def test_referring_line_is_not_a_reference() -> None:
    text = STAGE_TWO.replace("Reference: CW/S2/26/118", "Referring to your call last week")
    assert analysed(text).fact("reference") is None


def test_please_quote_our_reference_is_the_reference() -> None:
    # a letterhead line asking the reader to quote the reference gives it (issue 13)
    text = STAGE_TWO.replace("Reference: CW/S2/26/118", "Please quote our reference: CW/S2/26/118")
    assert analysed(text).fact("reference") == "CW/S2/26/118"
    text = STAGE_TWO.replace("Reference: CW/S2/26/118", "Please quote the reference on your letter when you reply")
    assert analysed(text).fact("reference") is None


def test_office_address_before_the_addressee_is_skipped() -> None:
    text = "CPS Wessex\n3 Eastgate Plaza\nSouthampton\n\nMrs Grace Okafor\n14 Linden Avenue\nExeter\n\n" + \
        STAGE_ONE.split("EX4 6PQ\n", 1)[1]
    letter = analysed(text)
    assert letter.fact("addressee") == "Mrs Grace Okafor"
    assert letter.parts["address"].text.startswith("Mrs Grace Okafor")


def test_docx_address_in_a_table_cell_and_contact_in_the_footer(tmp_path: Path) -> None:
    letter = analyse(read(builders.letter_docx(tmp_path / "letter.docx")))
    assert letter.fact("addressee") == "Mrs Grace Okafor"
    assert letter.fact("reference") == "SW-VLU-2026-0042"
    assert letter.fact("letter_date") == dt.date(2026, 11, 3)
    assert letter.fact("subject") == "Your complaint about the trial date"
    assert letter.fact("team_contact") == "0300 123 9999"
    assert letter.letter_type is LetterType.STAGE_ONE


def test_docx_address_in_the_page_header(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    header = d.sections[0].header
    header.paragraphs[0].text = "Crown Prosecution Service"
    for line in ("Mr Tom Hughes", "2 Quay Street", "Cardiff"):
        header.add_paragraph(line)
    for line in ("Dear Mr Hughes", "I uphold your complaint.", "Yours sincerely", "Owen Price"):
        d.add_paragraph(line)
    path = tmp_path / "header.docx"
    d.save(str(path))
    letter = analyse(read(path))
    assert letter.fact("addressee") == "Mr Tom Hughes"
    assert letter.parts["address"].text.endswith("Cardiff")


def test_phrase_bank_groups_every_type() -> None:
    groups = _bank()
    for note in ("stage-one", "stage-two", "holding", "acknowledgement",
                 "complaint-legal", "complaint-service", "complaint-mixed"):
        assert groups.get(note), note
    assert set(groups) == {"stage-one", "stage-two", "holding", "acknowledgement",
                           "complaint-legal", "complaint-service", "complaint-mixed"}


def test_corpus_letter_types_are_detected() -> None:
    """Measured on the labelled corpus: every letter's type matches the human label."""
    root = Path(__file__).resolve().parents[1] / "corpus"
    labels = read_yaml(root / "labels.yaml")["letters"]
    wrong = [entry["file"] for entry in labels
             if analyse(read(root / "letters" / entry["file"])).letter_type.value != entry["letter_type"]]
    assert not wrong


# ------------------------------------------------------------ the one outcome detector (7.11)

@pytest.mark.parametrize("body, value, words", [
    ("I have decided to uphold your complaint.", "upheld", "I have decided to uphold your"),
    ("I have therefore decided not to uphold your complaint.", "not-upheld",
     "I have therefore decided not to uphold your"),  # was "upheld" in the old analysis
    ("Having reviewed everything, we did not uphold your complaint.", "not-upheld", "we did not uphold your"),
    ("I am unable to uphold your complaint.", "not-upheld", "I am unable to uphold your"),
    ("I therefore uphold you complaint.", "upheld", "I therefore uphold you complaint"),
    ("Part of your complaint is upheld: the letter was late.", "partly-upheld", "part of your complaint is upheld"),
    ("I do not uphold this part of your complaint. The letter was late, and I uphold this part of your "
     "complaint.", "partly-upheld", "I do not uphold this"),
    # the emphatic "I do uphold" states it too: one part not upheld, the other upheld
    ("I do uphold your complaint about the rude telephone call.", "upheld", "I do uphold your"),
    ("I do not uphold your complaint about the charge. I do uphold your complaint about the late "
     "letter.", "partly-upheld", "I do not uphold your"),
    # a decision upheld is not the complaint's outcome
    ("I uphold the finding at stage one that the case was properly brought, and I do not uphold your "
     "complaint.", "not-upheld", "I do not uphold your"),
    ("The Court of Appeal upheld the conviction in 2025.", "none", ""),
    ("I uphold that decision because the evidence was not strong enough.", "none", ""),
    # LL101's suggested fix before the writer chooses: a sentence without a value yet (LL241
    # must not read it as "partly upheld" and ask for an apology; LL101 must not insert it twice)
    ("I have [upheld / partly upheld / not upheld] your complaint.", "to-choose",
     "[upheld / partly upheld / not upheld]"),
])
def test_one_outcome_detector(body: str, value: str, words: str) -> None:
    from letterlint.letter.analysis import stated_outcome

    said = stated_outcome(body)
    assert said[0] == value and said[1].lower() == words.lower()
    letter = analysed(f"Dear Mrs Example\n\n{body}\n\nYours sincerely\n\nSam Writer\n")
    assert letter.fact("outcome") == value


def test_an_address_on_one_line_gives_the_name_not_the_postcode() -> None:
    """'Ms Joanne Harcourt, 51 Buckthorn Way, Reading RG2 8LE' on one line made 'Dear Ms 8LE' the
    salutation letterlint asked for (LL331, and fix wrote it): the name ends at the comma."""
    from letterlint.letter.analysis import analyse
    from letterlint.reading import read_string

    text = ("Ms Joanne Harcourt, 51 Buckthorn Way, Reading RG2 8LE\n\n24 September 2026\n\n"
            "Our reference: TC/VLU/2026/0374\n\nDear Ms Harcourt\n\nThank you for your email about "
            "your complaint.\n\nYours sincerely\n\nOliver Mensah\n")
    letter = analyse(read_string(text, "one.txt"))
    assert letter.fact("addressee") == "Ms Joanne Harcourt"
    assert letter.fact("addressee_surname") == "Harcourt"


@pytest.mark.parametrize("line, name", [
    # a Word address paragraph whose line breaks became spaces, no commas: the name ends at the
    # house number (it made "Dear Mrs 7QT" the salutation LL331 asked for)
    ("Mrs Priya Shah 4 Orchard Close Exampletown EX4 7QT", "Mrs Priya Shah"),
    ("Mr T O'Neill 12A Mill Lane Exampletown", "Mr T O'Neill"),
    ("Ms Joanne Harcourt Flat 6 Kingsway House", "Ms Joanne Harcourt"),
])
def test_an_address_run_together_ends_the_name_at_the_house_number(line: str, name: str) -> None:
    from letterlint.letter.analysis import analyse
    from letterlint.reading import read_string

    text = (f"{line}\n\n24 September 2026\n\nOur reference: TC/VLU/2026/0374\n\n"
            f"Dear {' '.join(name.split()[:1] + name.split()[-1:])}\n\nThank you for your email.\n\n"
            "Yours sincerely\n\nOliver Mensah\n")
    letter = analyse(read_string(text, "one.txt"))
    assert letter.fact("addressee") == name


@pytest.mark.parametrize("ref_line, expected", [
    # the complainant's letter's date beside "Your ref" is not this letter's date (blind letter
    # w29-008, eleventh session): the date on its own line is
    ("Our ref: EM/CU/2026/0288    Your ref: Letter dated 16 March 2026", dt.date(2026, 5, 7)),
    ("Our ref: EM/CU/2026/0288    Your ref: your email dated 16 March 2026", dt.date(2026, 5, 7)),
    # a references line that dates this letter still does
    ("Our ref: EM/CU/2026/0288    Dated: 16 March 2026", dt.date(2026, 3, 16)),
])
def test_the_letter_date_is_not_another_letters(ref_line: str, expected: dt.date) -> None:
    text = (f"Mrs D Abimbola\n27 Larkspur Avenue\nNottingham\nNG9 2HW\n\n{ref_line}\n\n7 May 2026\n\n"
            "Dear Mrs Abimbola\n\nThank you for your letter. I have looked into your complaint and I "
            "uphold it.\n\nYours sincerely\n\nMarcus Ellery\nSenior District Crown Prosecutor\n")
    assert analysed(text).fact("letter_date") == expected


@pytest.mark.parametrize("written", ["31 February 2026", "30/02/2026", "31 June 2026"])
def test_a_date_no_calendar_has_is_named_not_reported_as_no_date(written: str) -> None:
    """A slip in the letter's own date ("31 February 2026") was reported as "The letter has no
    date" (breaker11): LL333 now quotes the date and says it does not exist."""
    import letterlint
    from tests.workflow.clihelp import GOOD_LETTER

    report = letterlint.check_text(GOOD_LETTER.replace("3 November 2026", written, 1))
    (finding,) = [f for f in report.findings if f.code == "LL333"]
    assert finding.quote == written and "does not exist" in finding.message
    assert report.score is not None and report.score.rating == "adequate"
    assert not [f for f in letterlint.check_text(GOOD_LETTER).findings if f.code == "LL333"]


@pytest.mark.parametrize("written", ["Click or tap to enter a date.", "Date: Click or tap to enter a date.",
                                     "Click here to enter a date.", "[Insert date]", "[Date of letter]",
                                     "<<Date>>", "«Date»", "{date}", "DD/MM/YYYY", "XX/XX/2026",
                                     "[Insert the date here]", "{{letter_date}}", "<insert date here>"])
def test_a_date_pickers_placeholder_left_in_is_quoted_not_reported_as_no_date(written: str) -> None:
    """Word's date picker (a content control) shows "Click or tap to enter a date." until a date is
    chosen; sent like that, the letter has no date, and the labellers quote those words (w29-012,
    w44-011, w5-008): LL333 quotes them and says what to do."""
    import letterlint
    from tests.workflow.clihelp import GOOD_LETTER

    report = letterlint.check_text(GOOD_LETTER.replace("3 November 2026", written, 1))
    (finding,) = [f for f in report.findings if f.code == "LL333"]
    assert finding.quote == written.removeprefix("Date: ") and "placeholder" in finding.message
    assert "choose the date the letter is sent" in finding.message


def test_a_date_pickers_placeholder_in_a_real_word_letter() -> None:
    """The same in a .docx whose date sits in a content control, as Word writes it."""
    import letterlint

    report = letterlint.check_path(ROOT / "tests/corpus/independent/letters/w44-011.docx")
    (finding,) = [f for f in report.findings if f.code == "LL333"]
    assert finding.quote == "Click or tap to enter a date."


@pytest.mark.parametrize("line", ["Mrs Priya Shah Orchard Cottage Church Lane Exeter EX4 7QT",
                                  "Mrs Priya Shah The Old Rectory Exeter"])
def test_an_address_run_together_with_no_house_number_gets_no_guessed_surname(line: str) -> None:
    """With no house number to end the name, the name runs into the address: LL331 asked for
    'Dear Mrs Exeter' and fix wrote it (breaker12). Such a name gives no expected salutation."""
    import letterlint
    from tests.workflow.clihelp import GOOD_LETTER

    text = GOOD_LETTER.replace("Mrs Priya Shah\n4 Orchard Close\nExampletown\nEX4 7QT", line)
    assert not [f for f in letterlint.check_text(text).findings if f.code == "LL331"]
    wrong = letterlint.check_text(GOOD_LETTER.replace("Dear Mrs Shah", "Dear Mrs Khan"))
    assert [f.suggestion for f in wrong.findings if f.code == "LL331"] == ["Dear Mrs Shah"]


def test_body_laid_out_in_a_table_gives_no_team_contact(tmp_path: Path) -> None:
    """A letter whose whole body sits in a table: a number in a body sentence ("you can ring
    the Witness Service on ...") is another agency's, not the team's; the team's number is the
    one in the page footer (Q31: it was taken for the CPS's own and the signposting missed)."""
    import docx

    d = docx.Document()
    d.sections[0].footer.paragraphs[0].text = "Telephone: 0300 123 9999"
    d.add_paragraph("Mrs Grace Okafor\n14 Linden Avenue\nExeter\nEX4 6PQ")
    cell = d.add_table(rows=1, cols=1).rows[0].cells[0]
    cell.paragraphs[0].text = "Dear Mrs Okafor"
    for line in ("Thank you for your letter about the trial. I uphold your complaint and I apologise.",
                 "The Witness Service can show you the court before the trial; you can ring them on 01632 960771.",
                 "Yours sincerely", "Priya Raman", "District Crown Prosecutor"):
        cell.add_paragraph(line)
    d.save(str(tmp_path / "table.docx"))
    letter = analyse(read(tmp_path / "table.docx"))
    assert letter.fact("team_contact") == "0300 123 9999"


@pytest.mark.parametrize("written", ["3/11/26", "03.11.26", "2026-11-03", "03-11-2026"])
def test_a_date_in_figures_dates_the_letter(written: str) -> None:
    """A date written in figures with a two-figure year, or as ISO 8601 from a case system, was
    taken for no date at all: LL333 said "The letter has no date" and the date line was read as
    the addressee ("to: Date:"), a false error on a dated letter."""
    import letterlint
    from tests.workflow.clihelp import GOOD_LETTER

    report = letterlint.check_text(GOOD_LETTER.replace("3 November 2026", written, 1))
    assert not [f for f in report.findings if f.code == "LL333"]
    assert {f.name: f.value for f in report.facts}["letter_date"] == dt.date(2026, 11, 3)


@pytest.mark.parametrize("body, scope, words", [
    ("I have decided not to uphold your complaint.", "whole", "I have decided not to uphold your"),
    ("This aspect of your complaint is not upheld. The letter should have been sent sooner.", "one-part",
     "This aspect of your complaint is not upheld"),
    ("Having considered both matters, I do not uphold the complaint about the decision to stop the case.",
     "one-part", "I do not uphold the complaint about the decision to stop the case"),
    # a line break inside the sentence does not end it; a heading above it does
    ("My decision\nI have decided not to uphold\nyour complaint about the charge.", "one-part",
     "I have decided not to uphold\nyour complaint about the charge"),
    ("I do not uphold this part of your complaint. I uphold this part of your complaint.", "parts",
     "I do not uphold this part of your complaint"),
    ("I uphold your complaint on both points.", "whole", "I uphold your"),
    ("I do not uphold the first part of your complaint, so your complaint is not upheld.", "whole",
     "I do not uphold the"),
    ("The prosecutor acted properly.", "none", ""),
])
def test_outcome_scope(body: str, scope: str, words: str) -> None:
    """Whether the outcome stated is for the whole complaint or for one part (LL102, 7.11)."""
    from letterlint.letter.analysis import outcome_scope

    assert outcome_scope(body) == (scope, words)
