"""The closed set of check kinds a rule file may name (issue 11: at most 12, each general).

A rule's ``kind`` must be a key of :data:`KINDS`; nothing else loads, whatever files sit in
``checks/``. A kind with a ``select`` parameter (``letter-part``'s ``check``, ``metric``'s
``measure``...) offers a few related checks that share the kind's purpose; the parameter picks
one, and the rule's other parameters are those of that check (each documented in its
``PARAMS``). Implementation modules are private to the kind: a rule never names one.

=================  =========================================================================
kind               what it does (select parameter: its values)
=================  =========================================================================
existence          every match of ``patterns`` is a finding (a phrase not to use)
substitution       a match of ``patterns``/``swap`` is a finding with its replacement
                   (``inflect: light-verb`` puts the verb in the tense of the phrase)
required           something must appear in the scope, optionally only ``when`` trigger
                   groups appear, or near each ``if`` trigger (``within`` a window)
metric             a measure against a threshold (``measure``: sentence_words,
                   paragraph_words, flesch, passive_share)
spelling           words the British English dictionary does not know, with suggestions
grammar            token patterns over the letter's words (spaCy Matcher style)
grammar-engine     an external grammar engine's matches (``engine``: harper, languagetool)
similarity         a paragraph that closely matches a known passage of a bank
letter-part        a check of one part of the letter (``check``: salutation, valediction,
                   date, reference, team-contact, signposting, escalation-date)
coverage           every point of the complainant's letter is answered
explained          a term a lay reader may not know is explained where first used
                   (``terms``: phrases from a bank, or acronyms)
names              a person's name written beside a role that keeps it out of a letter
=================  =========================================================================
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from letterlint.checks.base import ParamSpec


@dataclass(frozen=True)
class Kind:
    """One check kind: its name in rule files, what it does, and its implementation.

    ``select`` names the parameter that picks one of ``variants`` (value -> implementation
    module under ``letterlint.checks``); a kind without one has the single variant ``None``.
    ``default`` is the variant used when the parameter is left out."""

    name: str
    doc: str
    variants: Mapping[str | None, str]
    select: str | None = None
    default: str | None = None
    select_doc: Mapping[str, str] = field(default_factory=dict)

    def implementation(self, params: Mapping[str, Any]) -> str:
        """The implementation module for a rule's raw ``params``. Raises ValueError naming the
        choices when the select parameter is missing or not one of them."""
        if self.select is None:
            return self.variants[None]
        value = params.get(self.select, self.default) if isinstance(params, Mapping) else None
        if value is None:
            raise ValueError(f"params.{self.select}: required for kind {self.name!r} "
                             f"(one of: {', '.join(map(str, self.variants))})")
        if value not in self.variants:
            raise ValueError(f"params.{self.select}: {value!r} is not one of "
                             f"{', '.join(map(str, self.variants))}")
        return self.variants[value]

    def params(self, variant: str | None) -> dict[str, ParamSpec]:
        """The parameter schema of one variant, the select parameter included."""
        impl = self.variants[variant]
        spec: dict[str, ParamSpec] = dict(getattr(module(impl), "PARAMS", {}))
        if self.select is not None and self.select not in spec:
            spec = {self.select: ParamSpec("str", required=self.default is None, default=self.default,
                                           choices=tuple(v for v in self.variants if v is not None),
                                           doc=self.select_doc.get(self.select, "which check"))} | spec
        return spec


_ADDRESSING = ("salutation", "valediction", "date", "reference", "team-contact")

KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("existence", "Every match of the patterns is a finding (a phrase that should not be used).",
         {None: "existence"}),
    Kind("substitution", "A word or phrase is flagged with the one to use instead (bank entries' "
         "'replacement', or a 'swap' map).", {None: "substitution"}),
    Kind("required", "Something must appear in the scope: always, only when every 'when' group "
         "appears, or near each 'if' trigger (within a window).", {None: "required"}),
    Kind("metric", "A measure of the letter against a threshold (a setting may override it).",
         {m: "readability" for m in ("sentence_words", "paragraph_words", "flesch", "passive_share")},
         select="measure", select_doc={"measure": "what to measure"}),
    Kind("spelling", "Words the British English dictionary does not know, with suggestions.",
         {None: "spelling"}),
    Kind("grammar", "Token patterns over the letter's words (spaCy Matcher style).", {None: "grammar"}),
    Kind("grammar-engine", "An external grammar engine's matches as findings: Harper (offline, in "
         "process) or LanguageTool (only when the user sets one up).",
         {"harper": "harper", "languagetool": "languagetool"}, select="engine",
         select_doc={"engine": "which grammar engine: harper or languagetool"}),
    Kind("similarity", "A paragraph closely matches a known passage of a phrase bank.",
         {None: "similarity"}),
    Kind("letter-part", "One part of the letter is present and right: the salutation matches the "
         "addressee, the valediction the salutation, the date, reference and team contact details "
         "are there, a referral to another agency gives its contact details, the escalation date "
         "is right.",
         {**dict.fromkeys(_ADDRESSING, "addressing"), "signposting": "signposting",
          "escalation-date": "deadline"}, select="check",
         select_doc={"check": "which part to check"}),
    Kind("coverage", "Every point of the complainant's letter is answered (needs --complaint).",
         {None: "complaint_points"}),
    Kind("explained", "A term a lay reader may not know is explained where it is first used: "
         "phrases from a bank (jargon) or acronyms.",
         {"phrases": "jargon", "acronyms": "acronym"}, select="terms",
         select_doc={"terms": "phrases (from 'patterns') or acronyms (words in capitals)"}),
    Kind("names", "A person's name written beside a role that should keep it out of the letter.",
         {None: "sensitive_names"}),
)}


@functools.cache
def module(impl: str) -> ModuleType:
    """The implementation module ``letterlint.checks.<impl>`` (imported once)."""
    return importlib.import_module(f"letterlint.checks.{impl}")


def kind_names() -> tuple[str, ...]:
    """The names of the closed set of kinds, sorted."""
    return tuple(sorted(KINDS))
