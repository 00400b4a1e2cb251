"""Recall of the spelling check on codespell's common misspellings (bench/spelling_recall.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("spelling_recall", ROOT / "bench" / "spelling_recall.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["spelling_recall"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow  # an accuracy measure over 1,500 words
def test_recall_on_1500_codespell_misspellings() -> None:
    bench = _bench()
    entries = bench.load_entries()
    assert len(entries) > 10_000  # the filter kept most of codespell's list
    chosen = bench.sample(entries, 1500, seed=7)
    assert chosen == bench.sample(entries, 1500, seed=7)  # deterministic
    hits = bench.caught(chosen)
    recall = sum(hits) / len(hits)
    missed = [e.wrong for e, h in zip(chosen, hits, strict=True) if not h][:20]
    assert recall >= 0.95, f"recall {recall:.1%}; missed {missed}"


@pytest.mark.slow  # an accuracy measure over 1,500 words
def test_suggestions_find_the_correction_for_most() -> None:
    bench = _bench()
    chosen = bench.sample(bench.load_entries(), 25, seed=11)
    ok = bench.suggested(chosen)
    assert sum(ok) / len(ok) >= 0.75


def test_entries_filtered_against_the_british_dictionary(tmp_path: Path) -> None:
    bench = _bench()
    path = tmp_path / "dictionary.txt"
    path.write_text(
        "recieve->receive\n"      # kept
        "colour->color\n"         # misspelling is a British word: dropped
        "acommodate->accommodate\n"
        "analyse->analyze\n"      # dropped
        "teh->the\n"
        "abandonned->abandoned\n",
        encoding="utf-8",
    )
    assert [e.wrong for e in bench.load_entries(path)] == ["recieve", "acommodate", "teh", "abandonned"]
    assert bench.caught(bench.load_entries(path)) == [True, True, True, True]
