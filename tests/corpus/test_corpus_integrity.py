"""Integrity of the labelled corpus: files, labels, quotes and variety between letters."""

from __future__ import annotations

import importlib.util
import itertools
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import read_yaml

CORPUS = Path(__file__).resolve().parent
LETTERS = CORPUS / "letters"
ROOT = CORPUS.parent.parent
EXAMPLES = ROOT / "examples"

FINAL_ITEMS = ["7.11", *(f"Q{n}" for n in range(22, 35))]
HOLDING_ITEMS = ["Q16", "Q17"]
KNOWN_ITEMS = set(FINAL_ITEMS) | set(HOLDING_ITEMS)
FAILED_BY_YES = {"Q22", "Q23", "Q24", "Q33"}
ANSWERS = {"yes", "no", "n/a", "not assessed"}
LETTER_TYPES = {"acknowledgement", "holding", "stage-one", "stage-two"}
COMPLAINT_TYPES = {"legal", "service", "mixed", "unknown"}
RATINGS = {"better-than-adequate", "adequate", "below-standard"}
# Sentences of at least this many words count towards the variety check.
MIN_WORDS = 6
# Two letters may share at most this many such sentences.
MAX_SHARED = 3


@cache
def labels() -> list[dict[str, Any]]:
    data = read_yaml(CORPUS / "labels.yaml")
    entries = data["letters"]
    assert isinstance(entries, list)
    return entries


@cache
def letter_text(path: Path) -> str:
    """The text a reader sees: .docx paragraphs, table cells, headers and footers joined."""
    if path.suffix != ".docx":
        return path.read_text(encoding="utf-8")
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def entry_id(entry: dict[str, Any]) -> str:
    return str(entry["file"])


def failing(item: str) -> str:
    return "yes" if item in FAILED_BY_YES else "no"


def test_corpus_size_and_mix() -> None:
    entries = labels()
    assert len(entries) >= 36
    files = [e["file"] for e in entries]
    assert len(files) == len(set(files)), "a letter is labelled twice"
    on_disk = sorted(p.name for p in LETTERS.iterdir() if p.suffix in {".txt", ".md", ".docx"})
    assert sorted(files) == on_disk, "every letter must have exactly one label entry"
    assert sum(f.endswith(".docx") for f in files) >= 6
    types = [e["letter_type"] for e in entries]
    assert types.count("holding") >= 4
    assert types.count("acknowledgement") >= 2
    ratings = [e["rating"] for e in entries]
    for rating in RATINGS:
        assert ratings.count(rating) >= len(entries) // 4, rating


@pytest.mark.parametrize("entry", labels(), ids=entry_id)
def test_label_entry_is_well_formed(entry: dict[str, Any]) -> None:
    assert (LETTERS / entry["file"]).is_file()
    assert entry["letter_type"] in LETTER_TYPES
    assert entry["complaint_type"] in COMPLAINT_TYPES
    assert entry["rating"] in RATINGS
    if "complaint" in entry:
        assert (CORPUS / entry["complaint"]).is_file()
    items: dict[str, str] = entry["items"]
    assert set(items) <= KNOWN_ITEMS, set(items) - KNOWN_ITEMS
    assert set(FINAL_ITEMS) <= set(items), "every letter is labelled on 7.11 and Q22-Q34"
    if entry["letter_type"] == "holding":
        assert set(HOLDING_ITEMS) <= set(items)
    assert set(items.values()) <= ANSWERS
    assert (items["Q28"] in {"yes", "no"}) == ("complaint" in entry), (
        "Q28 is assessed exactly when the complaint is in the corpus"
    )


@pytest.mark.parametrize("entry", labels(), ids=entry_id)
def test_findings_match_answers_and_text(entry: dict[str, Any]) -> None:
    items: dict[str, str] = entry["items"]
    findings: list[dict[str, str]] = entry["findings"] or []
    text = letter_text(LETTERS / entry["file"])
    flat = re.sub(r"\s+", " ", text)
    found_items = set()
    for finding in findings:
        item, quote = finding["item"], finding["quote"]
        assert item in items, f"finding on {item}, which is not labelled"
        assert items[item] == failing(item), f"{item} has a finding but is answered {items[item]}"
        assert quote == "" or re.sub(r"\s+", " ", quote) in flat, f"quote not in letter: {quote!r}"
        found_items.add(item)
    for item, answer in items.items():
        if answer == failing(item):
            assert item in found_items, f"{item} is failed but no finding says why"


@cache
def sentences(path: Path) -> frozenset[str]:
    text = letter_text(path)
    out = set()
    for raw in re.split(r"(?<=[.!?])\s+|\n+", text):
        words = re.findall(r"[\w'£]+", raw.lower())
        if len(words) >= MIN_WORDS:
            out.add(" ".join(words))
    return frozenset(out)


def all_letters() -> list[Path]:
    corpus = [LETTERS / e["file"] for e in labels()]
    examples = sorted(
        p for p in EXAMPLES.glob("*") if p.suffix in {".txt", ".md", ".docx"} and p.name != "README.md"
    )
    return corpus + examples


def test_letters_are_varied() -> None:
    """No two letters (corpus or examples) share more than a few identical sentences."""
    too_similar = []
    for a, b in itertools.combinations(all_letters(), 2):
        shared = sentences(a) & sentences(b)
        if len(shared) > MAX_SHARED:
            too_similar.append(f"{a.name} / {b.name}: {sorted(shared)}")
    assert not too_similar, "\n".join(too_similar)


def test_built_docx_files_are_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("build_docx", ROOT / "tools" / "build_docx.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0
