"""The terminal report without colour is laid out without rich (reports/terminal_plain.py,
issue 15); its lines must be exactly those rich gives."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from letterlint.config.settings import load_config
from letterlint.engine.check import check_path
from letterlint.reports import render
from letterlint.reports import terminal_plain as plain

ROOT = Path(__file__).resolve().parents[2]

TEXTS = [
    "The letter never says in terms whether the complaint is upheld, partly upheld or not upheld.",
    "LL101 outcome-not-stated  whole letter \"a quoted   passage with spaces\"",
    "short",
    "a " + "x" * 130 + " tail words after a very long run " + "y" * 45,
    "  leading spaces then words",
    "‘Quoted’ – with “typographic” marks… £12 · é",
]


@pytest.mark.parametrize("width", [7, 20, 40, 88, 100])
@pytest.mark.parametrize("text", TEXTS)
def test_wrap_cuts_where_rich_cuts(text: str, width: int) -> None:
    from rich._wrap import divide_line

    cuts = [0, *divide_line(text, width, fold=True), len(text)]
    assert plain.wrap(text, width) == [text[a:b] for a, b in itertools.pairwise(cuts)]


@pytest.mark.parametrize("text", ["tab\there", "wide 漢字", "bell\x07", "e\u0301"])
def test_text_rich_must_measure_is_refused(text: str) -> None:
    with pytest.raises(plain.NotPlain):
        plain.wrap(text, 40)


def _rich_only(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> str:
        raise plain.NotPlain

    for name in ("para", "verbatim", "finding_rows"):
        monkeypatch.setattr(plain, name, refuse)


@pytest.mark.parametrize("width", [40, 80, 100])
@pytest.mark.parametrize("verbose", [False, True])
def test_report_is_rich_s_line_for_line(width: int, verbose: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = load_config(ROOT, None)
    reports = [check_path(ROOT / "examples" / name, cfg)
               for name in ("stage-one-poor.docx", "stage-one-good.docx")]
    ours = render("terminal", reports, width=width, verbose=verbose)
    _rich_only(monkeypatch)
    theirs = render("terminal", reports, width=width, verbose=verbose)
    assert ours == theirs
    assert "LL" in ours  # the poor letter has findings: the grid was laid out
