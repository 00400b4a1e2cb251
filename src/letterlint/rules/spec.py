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
    """A rule's own example: a ``bad`` text it flags and a ``good`` text it does not."""
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
    """One loaded rule (a rule file, validated): what it checks (``kind``, ``impl``, ``params``,
    ``compiled``), where (``scope``, ``applies_to``, ``complaint_types``, ``formats``), its questionnaire
    ``item`` and what the writer reads (``message``, ``why``, ``fix``)."""
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
    # file formats the rule is asked of ("eml", "msg": an email reply); empty: all
    formats: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()
    source: str = ""  # file it was loaded from
    autofix: AutoFix = field(default_factory=AutoFix)
    # Filled by the loader: the kind's compiled form of params (patterns, banks...).
    compiled: Any = None
    # Filled by the loader: the implementation module of the kind's chosen check
    # (``letterlint.checks.kinds.Kind.implementation``), e.g. "addressing" for letter-part.
    impl: str = ""
    # An Area rule that takes the place of the built-in rule with this code (``replaces:``).
    replaces: str | None = None

    def applies(self, letter_type: LetterType, complaint_type: ComplaintType) -> bool:
        """True when the rule is asked of this letter type and complaint type (an unknown complaint
        type matches every rule)."""
        if self.applies_to and letter_type not in self.applies_to:
            return False
        return not (
            self.complaint_types
            and complaint_type is not ComplaintType.UNKNOWN
            and complaint_type not in self.complaint_types
        )


@dataclass(frozen=True)
class BankEntry:
    """One entry of a phrase bank. Every field has one meaning (issue 11 split the old ``note``):

    ``phrase``: a pattern (plain phrase, ``lemma:`` or ``re:``). ``replacement``: the words to
    use instead (substitution, explained) or the article for an-words ("a", "an", "either").
    ``explain``: a short explanation to add instead (explained). ``clues``: patterns that, found
    in the term's sentence or the one before or after, explain it in plain words ("enough
    evidence" for "evidential stage"). ``category``: the jargon bank's class of term
    (officialese, legal, internal, citation). ``everyday``: an acronym most readers know, never
    flagged. ``prefix``: an an-words entry that matches the start of a word. ``agency``: the
    agencies bank's key into the ``contacts`` setting. ``letter_type``: the letter-types bank's
    type (stage-one, stage-two, holding, acknowledgement, legal, service...). ``reason``: the
    sensitive-roles bank's reason given in the message ("names a witness"). ``title``: the
    standard-paragraphs bank's name of a passage. ``meaning``: the confusables bank's difference
    between the words, for ``{meaning}`` in a message. ``comment``: for people reading the bank
    only (an example of what the entry matches); never used."""

    phrase: str
    replacement: str | None = None
    explain: str | None = None
    clues: tuple[str, ...] = ()
    category: str | None = None
    everyday: bool = False
    prefix: bool = False
    agency: str | None = None
    letter_type: str | None = None
    reason: str | None = None
    title: str | None = None
    meaning: str | None = None
    comment: str | None = None


@dataclass(frozen=True)
class PhraseBank:
    """A loaded phrase bank: ``id`` (its file name), ``description`` and typed ``entries``."""
    id: str
    description: str
    entries: tuple[BankEntry, ...]
    source: str = ""
