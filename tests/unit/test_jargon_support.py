"""Helpers for the jargon and clarity tests: a letter with its body, without the reader.

The rule fixtures (tests/rules/LL6xx.yaml, LL7xx.yaml) go through the real reader and letter
analysis; these unit tests build the Letter directly so that they test the checks alone.
"""

from __future__ import annotations

import re
from typing import Any

from letterlint.config.settings import Config
from letterlint.engine.check import run_rules
from letterlint.model import Block, Document, Finding, Letter, Part, Span
from letterlint.rules.loader import RuleSet, ruleset_for

HEAD = "Mrs Alex Example\n12 Sample Road\nExampletown\nEX1 2AB\n\n3 November 2026\n\n" \
       "Our reference: CPS-TEST-0001\n\nDear Mrs Example\n\n"
TAIL = "\n\nYours sincerely\n\nSam Writer\nDistrict Crown Prosecutor\nCPS Wessex Victim Liaison Unit\n"


def make_letter(body: str, subject: str = "") -> Letter:
    head = HEAD + (subject + "\n\n" if subject else "")
    text = head + body.strip() + TAIL
    blocks = []
    for i, m in enumerate(re.finditer(r"[^\n]+(?:\n[^\n]+)*", text)):
        blocks.append(Block(i, "paragraph", Span(m.start(), m.end()), i + 1, m.group(0)))
    doc = Document("letter.txt", "txt", text, tuple(blocks), line_starts=(0,))
    start = len(head)
    end = start + len(body.strip())
    parts = {"body": Part("body", Span(start, end), text[start:end])}
    if subject:
        parts["subject"] = Part("subject", Span(len(HEAD), len(HEAD) + len(subject)), subject)
    return Letter(doc, parts, {})


def findings(code: str, body: str, config: dict[str, Any] | None = None,
             trained: bool = False, subject: str = "") -> list[Finding]:
    full = ruleset_for()
    rule = full.by_code(code)
    assert rule is not None
    cfg = Config()
    cfg.set("nlp.trained", trained, "test")
    for k, v in (config or {}).items():
        cfg.set(k, v, "test")
    results, found, _ = run_rules(make_letter(body, subject), cfg, RuleSet((rule,), full.banks))
    errored = [r.detail for r in results if r.status == "errored"]
    assert not errored, errored
    return found


def quotes(code: str, body: str, **kw: Any) -> list[str]:
    return [f.quote for f in findings(code, body, **kw)]
