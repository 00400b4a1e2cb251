"""The per-rule docs in docs/rules/ are generated from the YAML and must not be stale."""

from __future__ import annotations

from letterlint.rules.docs import rule_markdown, stale_docs
from letterlint.rules.loader import ruleset_for
from tests.conftest import ROOT


def test_rule_docs_are_current() -> None:
    stale = stale_docs(ruleset_for(), ROOT / "docs" / "rules")
    assert not stale, f"regenerate with 'letterlint docs --out docs/rules': {stale}"


def test_rule_doc_has_what_why_example_fix() -> None:
    rule = ruleset_for().by_code("LL112")
    assert rule is not None
    md = rule_markdown(rule)
    for heading in ("## What it does", "## Why it matters", "## Example", "## How to fix it"):
        assert heading in md
    assert "within 20 working days" in md  # the bad example is quoted
    assert "Q32" in md


def test_rule_pages_show_placeholders_readably() -> None:
    """No ``{placeholder}`` is left raw in a page's message or fix: a setting's own number is
    shown where there is one, else a plain description, both in italics."""
    import re

    rules = ruleset_for()
    for rule in rules.rules:
        md = rule_markdown(rule)
        prose = md[md.index("## What it does"):md.index("## Settings")]
        assert not re.search(r"\{\w+\}", prose), rule.code
    ll113 = rule_markdown(rules.by_code("LL113"))  # type: ignore[arg-type]
    assert "is *the right date*" in ll113 and "{expected}" not in ll113
    ll701 = rule_markdown(rules.by_code("LL701"))  # type: ignore[arg-type]
    assert "more than *25* words" in ll701  # the rule's own max


def test_unknown_placeholder_is_spelt_out_and_quotes_dropped() -> None:
    from letterlint.rules.docs import _placeholders

    assert _placeholders("'{match}' near {some_thing}; over {max}; '{t1}'", {"max": 3}) == (
        "*the words found* near *some thing*; over *3*; *the second word matched*")


def test_readme_names_every_csv_column_in_order() -> None:
    """The README's CSV paragraph names the columns the CSV really has, in order (a new user
    could not tell what `rating_label` and the last, empty `error` column were)."""
    import csv
    import io
    import re

    from letterlint import check_text
    from letterlint.reports.csv import render as render_csv

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    para = re.split(r"The HTML\s+report", readme.split("The CSV has one row per letter.", 1)[1], maxsplit=1)[0]
    named = re.findall(r"`([^`]+)`", para)
    header = next(csv.reader(io.StringIO(render_csv([check_text("Dear Ms Cole\n\nThank you.\n")]))))
    items = [h for h in header if re.fullmatch(r"7\.11|Q\d\d", h)]
    expected = [h for h in header if h not in items]
    assert [n for n in named if n not in ("7.11", "Q16", "Q34")] == expected
    assert items[0] == "7.11" and items[1] == "Q16" and items[-1] == "Q34"
