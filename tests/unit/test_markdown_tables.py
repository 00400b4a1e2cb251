# ruff: noqa: E501  (a Markdown table row is one long line, as letters write it)
"""A letter written in Markdown with the Word layout's address-beside-reference table as a pipe
table, ``<br>`` line breaks and ``&nbsp;`` (eighth session: an independent writer's letter lost
its date and reference inside such a table, and letterlint said both were missing)."""

from __future__ import annotations

from pathlib import Path

from letterlint import check_path
from letterlint.reading import read

LETTER = """**CPS East Midlands**
Complaints Team · 01632 960418 · complaints@cps.example.org

| | |
|---|---|
| Mrs A Example<br>27 Haywood Drive<br>NN15 6PL | **Our ref:** EM/CU/2026/0581 &nbsp; **Your ref:** AE/1<br>**Date:** 8 June 2026 |

Dear Mrs Example

Thank you for your letter of 14 May 2026. I am sorry to read how long you waited at court.
The instruction to release you was not sent to the court's witness staff, and that was our
mistake. I apologise for it, and I uphold your complaint. We now send the instruction to both.

If you are not satisfied, please write to us within one calendar month of the date of this
letter and the Deputy Chief Crown Prosecutor will review your complaint at stage two.

I recieved your letter on 15 May.

Yours sincerely

A Writer
Complaints Manager
"""


def _write(tmp_path: Path, text: str = LETTER) -> Path:
    path = tmp_path / "reply.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_pipe_table_cells_are_blocks_and_br_is_a_line_break(tmp_path: Path) -> None:
    doc = read(_write(tmp_path))
    cells = [b for b in doc.blocks if b.kind == "table-cell"]
    ref = "Our ref:   EM/CU/2026/0581          Your ref:   AE/1"
    assert [c.text.split("\n")[0].strip() for c in cells] == ["Mrs A Example", ref]
    assert [ln.strip() for ln in cells[1].text.split("\n")] == [ref, "Date:   8 June 2026"]
    assert "|" not in doc.text and "<br>" not in doc.text and "&nbsp;" not in doc.text
    assert len(doc.text) == len(LETTER)  # offsets are the file's


def test_date_and_reference_in_a_pipe_table_are_found(tmp_path: Path) -> None:
    report = check_path(_write(tmp_path))
    facts = {f.name: f.value for f in report.facts}
    assert str(facts["letter_date"]) == "2026-06-08"
    assert "EM/CU/2026/0581" in str(facts["reference"])
    assert not [f for f in report.findings if f.code in ("LL333", "LL334")]


def test_line_numbers_are_the_files_after_line_breaks_in_a_table(tmp_path: Path) -> None:
    report = check_path(_write(tmp_path))
    spelling = [f for f in report.findings if f.code == "LL401"]
    assert [f.quote for f in spelling] == ["recieved"]
    line = next(i for i, ln in enumerate(LETTER.split("\n"), 1) if "recieved" in ln)
    assert spelling[0].location.line == line


def test_a_pipe_in_a_sentence_is_not_a_table(tmp_path: Path) -> None:
    text = LETTER.replace("I recieved your letter on 15 May.", "Options: yes | no | maybe.")
    doc = read(_write(tmp_path, text))
    assert "yes | no | maybe" in doc.text
