"""CSV, SARIF, GitHub annotations, JSON batch section, batch terminal and HTML, on reports built
by hand (fast, and independent of how the rules evolve)."""

from __future__ import annotations

import csv
import io
import json
import re

from letterlint import reports as formatters
from letterlint.model import (
    Fact,
    Finding,
    ItemOutcome,
    LetterType,
    Location,
    Report,
    RuleResult,
    Score,
    Severity,
    Span,
)

SPAN = Span(10, 20)


def _finding(code: str, item: str, sev: str, quote: str, loc: Location, suggestion: str | None = None,
             span: Span | None = SPAN) -> Finding:
    return Finding(code, f"rule-{code.lower()}", item, Severity(sev), f"Message for {code}.", quote, span, loc,
                   why="Why.", fix="Fix.", suggestion=suggestion)


def _score(rating: str, value: float, answers: dict[str, str]) -> Score:
    items = tuple(ItemOutcome(i, f"Question {i}?", a,  # type: ignore[arg-type]
                              None if a in ("n/a", "not assessed") else a == ("no" if i in ("Q22", "Q24") else "yes"))
                  for i, a in answers.items())
    return Score(value, rating, rating.replace("-", " "), items)


def reports() -> list[Report]:
    txt = Report(
        "letters/reply one.txt", "txt",
        (Fact("letter_type", LetterType.STAGE_ONE, "detected"),),
        (RuleResult("LL101", "7.11", "failed"),),
        (_finding("LL101", "7.11", "error", "", Location(), span=None),
         _finding("LL601", "Q24", "warning", "discontinued", Location(line=12, column=5, paragraph=3),
                  suggestion="stopped"),
         _finding("LL701", "Q26", "info", "A long sentence", Location(line=14, column=1, paragraph=4))),
        _score("below-standard", 62.0, {"7.11": "no", "Q22": "no", "Q24": "yes", "Q25": "yes", "Q31": "n/a",
                                       "Q28": "not assessed"}),
    )
    docx = Report(
        "letters/reply-two.docx", "docx",
        (Fact("letter_type", "stage-two", "front matter"),),
        (),
        (_finding("LL411", "Q22", "error", "apoligise", Location(paragraph=7, block_kind="paragraph"),
                  suggestion="apologise"),),
        _score("adequate", 88.0, {"7.11": "yes", "Q22": "yes", "Q24": "no", "Q25": "yes", "Q31": "yes",
                                 "Q28": "not assessed"}),
    )
    broken = Report("letters/old.doc", "docx", (), (), (), None,
                    error="a legacy Word 97-2003 .doc file: save it as .docx")
    return [txt, docx, broken]


def test_csv_has_one_row_per_letter_and_one_column_per_item() -> None:
    rows = list(csv.DictReader(io.StringIO(formatters.render("csv", reports()))))
    assert [r["file"] for r in rows] == ["letters/reply one.txt", "letters/reply-two.docx", "letters/old.doc"]
    first, second, broken = rows
    assert first["letter_type"] == "stage-one" and second["letter_type"] == "stage-two"
    assert first["score"] == "62" and first["rating"] == "below-standard"
    # the one list of answers: a "yes" to Q24 ("jargon?") is not met, a "no" to Q22 is met
    assert first["7.11"] == "not met" and first["Q24"] == "not met" and first["Q31"] == "not applicable"
    assert first["Q28"] == "not assessed" and first["Q22"] == "met" and second["Q22"] == "not met"
    assert not {"yes", "no", "n/a"} & {v for row in rows for k, v in row.items() if k.startswith("Q")}
    assert (first["errors"], first["warnings"], first["info"]) == ("1", "1", "1")
    assert broken["error"].startswith("a legacy") and broken["score"] == ""


def test_sarif_is_2_1_0_with_rules_locations_and_paragraphs() -> None:
    log = json.loads(formatters.render("sarif", reports()))
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    run = log["runs"][0]
    rule_ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert {"LL101", "LL601", "LL701", "LL411", "unreadable"} <= rule_ids
    by_rule = {r["ruleId"]: r for r in run["results"]}
    assert len(run["results"]) == 5
    jargon = by_rule["LL601"]
    assert jargon["level"] == "warning" and "Suggested: stopped" in jargon["message"]["text"]
    loc = jargon["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "letters/reply%20one.txt"  # a URI reference
    assert loc["region"] == {"startLine": 12, "startColumn": 5, "endColumn": 17,
                             "snippet": {"text": "discontinued"}}
    assert by_rule["LL701"]["level"] == "note"
    spelling = by_rule["LL411"]
    assert spelling["properties"] == {"questionnaire_item": "Q22", "paragraph": 7}
    assert spelling["message"]["text"].startswith("Paragraph 7: ")
    assert "region" in spelling["locations"][0]["physicalLocation"]  # the snippet, no line
    assert by_rule["unreadable"]["level"] == "error"


def test_github_annotations() -> None:
    lines = formatters.render("github", reports()).splitlines()
    assert lines[0] == "::error file=letters/reply one.txt,title=LL101::Whole letter: Message for LL101. [7.11]"
    assert lines[1] == ("::warning file=letters/reply one.txt,line=12,col=5,title=LL601::"
                        "Message for LL601. [Q24] Suggested: stopped")
    assert lines[2].startswith("::notice file=letters/reply one.txt,line=14,col=1,title=LL701::")
    assert lines[3] == ("::error file=letters/reply-two.docx,title=LL411::Paragraph 7: Message for LL411. "
                        "('apoligise') [Q22] Suggested: apologise")
    assert lines[4].startswith("::error file=letters/old.doc,title=unreadable::a legacy")
    assert len(lines) == 5


def test_github_escapes_what_would_break_the_command() -> None:
    r = reports()[0]
    odd = Report("a,b:c.txt", "txt", r.facts, (), (_finding("LL1", "Q24", "error", "x", Location(line=1, column=1)),),
                 r.score)
    odd = Report(odd.path, odd.format, odd.facts, (), (
        Finding("LL1", "n", "Q24", Severity.ERROR, "100% wrong\nsecond line", "x", Span(0, 1),
                Location(line=1, column=1)),), r.score)
    line = formatters.render("github", [odd]).strip()
    assert line == "::error file=a%2Cb%3Ac.txt,line=1,col=1,title=LL1::100%25 wrong%0Asecond line [Q24]"


def test_json_batch_section_mirrors_annex_b() -> None:
    data = json.loads(formatters.render("json", reports(), batch=True))
    assert data["schema"] == "letterlint-report" and len(data["reports"]) == 3
    b = data["batch"]
    assert b["checked"] == 2 and b["unreadable"][0]["path"] == "letters/old.doc"
    overall = {row["item"]: row for row in b["groups"]["overall"]["items"]}
    assert overall["Q24"]["yes"] == 1 and overall["Q24"]["no"] == 1 and overall["Q24"]["yes_pct"] == 50.0
    assert overall["Q24"]["national_yes_pct"] == 21.9  # Annex B: 77 of 351
    assert overall["Q31"]["yes"] == 1 and overall["Q31"]["not_applicable"] == 1
    assert overall["Q31"]["yes_pct"] == 100.0  # n/a excluded, as Annex B does
    assert overall["Q31"]["national_yes_pct"] == 39.7
    assert overall["Q28"]["not_assessed"] == 2 and overall["Q28"]["yes_pct"] is None
    assert overall["Q35"]["yes"] == 1 and overall["Q35"]["national_yes_pct"] == 51.0  # adequate or better
    groups = b["groups"]
    assert groups["stage-one"]["letters"] == 1 and groups["stage-two"]["letters"] == 1
    assert groups["stage-one"]["ratings"] == {"better-than-adequate": 0, "adequate": 0, "below-standard": 1}
    stage_two = {row["item"]: row for row in groups["stage-two"]["items"]}
    assert stage_two["Q31"]["national_yes_pct"] == 28.3  # 13 of 46 at stage two
    assert "batch" not in json.loads(formatters.render("json", reports()))


def test_batch_terminal_lists_letters_then_the_annex_b_summary() -> None:
    out = formatters.render("batch_terminal", reports(), width=160)
    assert "letters/reply one.txt" in out and "below the required" in out
    assert "not checked: letters/old.doc: a legacy" in out
    assert re.search(r"Q31 .* 39\.7%", out)
    assert "All letters: 2 letters" in out and "Stage one: 1 letter\n" in out and "Stage two: 1 letter\n" in out
    assert "national 49%" in out  # below the standard, nationally (7.42)


def test_html_is_self_contained_and_escapes_letter_text() -> None:
    rs = reports()
    evil = Report("<script>x</script>.txt", "txt", rs[0].facts, (), (
        _finding("LL601", "Q24", "warning", "<b>discontinued</b>", Location(line=1, column=1)),), rs[0].score)
    page = formatters.render("html", [*rs, evil])
    assert page.startswith("<!doctype html>") and "<style>" in page
    assert "<script" not in page and "&lt;script&gt;" in page and "&lt;b&gt;discontinued" in page
    assert "<link" not in page and "src=" not in page and "url(" not in page  # nothing external
    assert page.count("<svg") >= 10  # a bar per item
    assert "39.7%" in page and "national 51.0%" in page
    assert "a legacy Word 97-2003 .doc file" in page


def test_the_costliest_items_are_shown_for_each_letter() -> None:
    from dataclasses import replace

    r = reports()[0]
    assert r.score is not None
    items = (ItemOutcome("Q24", "q", "yes", False, 4.0, "2 problems: 'discontinued'; 'MG6' (LL601)"),
             ItemOutcome("Q25", "q", "no", False, 12.0, "no empathy (LL201)"),
             ItemOutcome("Q26", "q", "yes", True, 0.0))
    r = replace(r, path="draft [v2].txt", score=replace(r.score, items=items))
    out = formatters.render("batch_terminal", [r], width=200)
    assert re.search(r"Q25 -12[^\n]*\n[^\n]*Q24 -4", out) and "draft [v2].txt" in out
    page = formatters.render("html", [r])
    assert "Where the points went" in page
    assert page.index("−12") < page.index("−4") and "no empathy (LL201)" in page


def test_json_built_report_by_report_is_the_text_of_one_dump() -> None:
    from letterlint import __version__
    from letterlint.model import JSON_SCHEMA_VERSION
    from letterlint.reports.common import counts
    from letterlint.scoring.annex_b import summarise

    for rs in (reports(), reports()[:1], []):
        c = counts(rs)
        whole = {
            "schema": "letterlint-report", "schema_version": JSON_SCHEMA_VERSION, "letterlint_version": __version__,
            "language_pipelines": [],
            "summary": {"letters": len(rs), "unreadable": c["unreadable"],
                            "not_fully_checked": c["incomplete"], "errors": c["error"],
                        "warnings": c["warning"], "info": c["info"], "suppressed": c["suppressed"]},
            "reports": [r.to_dict() for r in rs],
            "batch": summarise(rs).to_dict(),
        }
        want = json.dumps(whole, indent=2, ensure_ascii=False) + "\n"
        assert formatters.render("json", rs, batch=True) == want


def test_terminal_gives_each_skipped_check_its_own_reason() -> None:
    from dataclasses import replace

    base = reports()[0]
    skipped = (RuleResult("LL351", "Q28", "skipped", detail="give the complainant's letter with --complaint"),
               RuleResult("LL505", "Q23", "skipped", detail="needs a trained spaCy pipeline"))
    r = replace(base, results=(*base.results, *skipped))
    text = formatters.render("terminal", [r], color=False)
    assert "skipped LL351: give the complainant's letter with --complaint" in text
    assert "skipped LL505: needs a trained spaCy pipeline" in text


def test_batch_terminal_keeps_file_names_whole_and_shows_every_costly_item() -> None:
    from dataclasses import replace

    first, *rest = reports()
    assert first.score is not None
    items = tuple(ItemOutcome(i, "q", "no", False, cost) for i, cost in
                  (("7.11", 12.0), ("Q25", 12.0), ("Q27", 12.0), ("Q22", 3.0)))
    long_name = "letters/2026/november/stage-one-reply-x.txt"  # 43 characters
    first = replace(first, path=long_name, score=replace(first.score, items=items))
    text = formatters.render("batch_terminal", [first, *rest], color=False, batch=True)
    lines = text.splitlines()
    assert all(len(line) <= 110 for line in lines)
    table = text.split("All letters")[0]
    for item in ("7.11 -12", "Q25 -12", "Q27 -12"):  # the three costliest items, whole
        assert item in table, table
    assert "Q22 -3" not in table
    assert "not checked: letters/old.doc: a legacy Word 97-2003 .doc file" in text


def test_sarif_built_result_by_result_is_the_text_of_one_dump() -> None:
    # the log is written as results come (issue 15); its text must be that of dumping it whole
    for rs in (reports(), reports()[:1], reports()[2:], []):
        text = formatters.render("sarif", rs)
        assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
    assert len(json.loads(formatters.render("sarif", reports()))["runs"][0]["results"]) == 5


def test_batch_table_printed_in_pieces_is_the_same_as_one_table(monkeypatch: object) -> None:
    # a batch of thousands prints its letters table a piece at a time at the widths of all rows
    import pytest

    from letterlint.reports import batch_terminal

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    many = reports() * 3
    for width in (80, 110):
        whole = formatters.render("batch_terminal", many, width=width)
        monkeypatch.setattr(batch_terminal, "CHUNK", 2)
        assert formatters.render("batch_terminal", many, width=width) == whole
        monkeypatch.undo()
    assert formatters.render("batch_terminal", many, width=80).count("letters/old.doc") == 6


def test_writers_take_one_file_at_a_time_and_write_the_same_text() -> None:
    # the batch command feeds each format's Writer a file at a time; csv and html as render does
    # (a batch keeps the parts in a private temporary file: on_disk)
    for name in ("csv", "html", "github", "terminal", "batch_terminal", "json", "sarif"):
        for on_disk in (False, True):
            buf = io.StringIO()
            w = formatters.writer(name, buf, batch=True, width=90, on_disk=on_disk)
            for r in reports():
                w.add([r])
            w.close()
            assert buf.getvalue() == formatters.render(name, reports(), batch=True, width=90), name


def test_the_closing_line_for_one_unread_file_gives_its_cause() -> None:
    """One file that could not be read closes with 'not checked' (its entry above gives the cause),
    not '0 errors, 0 warnings, 0 info, 1 unreadable file' (a new user found the row of noughts
    confusing); several keep the counts."""
    from letterlint.model import Report
    from letterlint.reports.common import summary_line

    bad = Report("nosuch.docx", "docx", (), (), (), None, error="file not found")
    assert summary_line([bad]) == "nosuch.docx: not checked"
    other = Report("other.docx", "docx", (), (), (), None, error="the file is empty")
    assert "2 files not checked" in summary_line([bad, other])
