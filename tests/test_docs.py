"""The per-rule docs in docs/rules/ are generated from the YAML and must not be stale."""

from __future__ import annotations

from letterlint.rules.docs import rule_markdown, stale_docs
from letterlint.rules.loader import ruleset_for
from tests.conftest import ROOT


def test_rule_docs_are_current() -> None:
    stale = stale_docs(ruleset_for(), ROOT / "docs" / "rules")
    assert not stale, f"regenerate with 'letterlint docs': {stale}"


def test_rule_doc_has_what_why_example_fix() -> None:
    rule = ruleset_for().by_code("LL112")
    assert rule is not None
    md = rule_markdown(rule)
    for heading in ("## What it does", "## Why it matters", "## Example", "## How to fix it"):
        assert heading in md
    assert "within 20 working days" in md  # the bad example is quoted
    assert "Q32" in md
