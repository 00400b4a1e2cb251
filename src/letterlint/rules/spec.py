"""Typed rule and phrase-bank schema. Validation lives in ``loader.py``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from letterlint.model import ComplaintType, LetterType, Severity

SCOPES = ("letter", "body", "paragraph", "sentence")  # plus "part:<name>"
GROUPS = (
    "outcome", "next-stage", "empathy", "apology", "remedy", "meeting", "signposting",
    "standard-paragraphs", "disclosure", "addressing", "holding", "issues", "spelling",
    "grammar", "jargon", "clarity", "internal",
)
CAPABILITIES = ("pos", "languagetool")


@dataclass(frozen=True)
class Example:
    bad: str = ""
    good: str = ""


AUTOFIX_LEVELS = ("safe", "suggested", "none")
AUTOFIX_INSERTS = ("before-valediction", "after-opening")


@dataclass(frozen=True)
class AutoFix:
    """A rule's ``autofix`` declaration: may ``letterlint fix`` correct its findings, and how.

    ``level``: "safe" (applied by ``letterlint fix``), "suggested" (only with ``--suggested``)
    or "none". By default a finding's quoted words are replaced by its suggestion. ``insert``
    puts ``text`` (default: the suggestion) in a new paragraph instead: "before-valediction"
    or "after-opening" (after the first paragraph of the body)."""

    level: str = "none"
    insert: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    group: str
    item: str
    severity: Severity
    scope: str
    kind: str
    message: str
    why: str
    fix: str
    example: Example
    params: Mapping[str, Any] = field(default_factory=dict)
    applies_to: tuple[LetterType, ...] = ()  # empty: all letter types
    complaint_types: tuple[ComplaintType, ...] = ()  # empty: all
    requires: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()
    source: str = ""  # file it was loaded from
    autofix: AutoFix = field(default_factory=AutoFix)
    # Filled by the loader: the kind's compiled form of params (patterns, banks...).
    compiled: Any = None

    def applies(self, letter_type: LetterType, complaint_type: ComplaintType) -> bool:
        if self.applies_to and letter_type not in self.applies_to:
            return False
        return not (
            self.complaint_types
            and complaint_type is not ComplaintType.UNKNOWN
            and complaint_type not in self.complaint_types
        )


@dataclass(frozen=True)
class BankEntry:
    phrase: str
    replacement: str | None = None
    explain: str | None = None
    note: str | None = None
    # Patterns that, found in the term's sentence or the one before or after, explain it in
    # plain words ("enough evidence" for "evidential stage"); used by the jargon kind.
    clues: tuple[str, ...] = ()


@dataclass(frozen=True)
class PhraseBank:
    id: str
    description: str
    entries: tuple[BankEntry, ...]
    source: str = ""
