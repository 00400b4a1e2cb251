"""Effective configuration: defaults <- .letterlint.yaml / pyproject.toml <- CLI flags.

Every value remembers where it came from, for ``letterlint config``.
Keys are dotted paths, e.g. ``spelling.accept`` or ``languagetool.url``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

DEFAULTS: dict[str, Any] = {
    "fail_on": "error",  # error | warning | info
    "rules.disable": [],  # rule codes or names switched off
    "rules.severity": {},  # code -> error|warning|info
    "rules.paths": [],  # extra rule folders (an Area's own)
    "phrasebanks.paths": [],  # extra phrase-bank folders
    "input.max_bytes": 10 * 1024 * 1024,  # files larger than this are refused
    "spelling.accept": [],  # extra words that are not spelling mistakes
    "acronyms.allow": [],  # extra everyday acronyms never flagged
    "languagetool.url": None,  # a LanguageTool server you run, e.g. http://localhost:8081
    "languagetool.local": False,  # use a local LanguageTool install (language-tool-python)
    "languagetool.public_api": False,  # explicit opt-in to the public API (sends the letter!)
    "clarity.sentence_warning_words": 25,
    "clarity.sentence_error_words": 40,
    "clarity.paragraph_max_words": 120,
    "clarity.min_flesch": 50.0,
    "clarity.max_passive_share": 0.25,
    "nlp.trained": True,  # use a trained spaCy pipeline when one is installed
    "team.name": None,  # e.g. "CPS Wessex Victim Liaison Unit"
    "team.contact": None,  # telephone/email for the letter's own contact details
    "contacts": {},  # agency -> contact details used in signposting suggestions
    "letter.stage": None,  # override the detected letter type
    "letter.complaint_type": None,
    "letter.date": None,
}


@dataclass
class Config:
    values: dict[str, Any] = field(default_factory=lambda: dict(DEFAULTS))
    sources: dict[str, str] = field(default_factory=lambda: dict.fromkeys(DEFAULTS, "default"))
    root: str | None = None  # folder of the configuration file, if any

    def get(self, key: str, default: Any = None) -> Any:
        v = self.values.get(key, default)
        return default if v is None else v

    def set(self, key: str, value: Any, source: str) -> None:
        self.values[key] = value
        self.sources[key] = source

    def merged(self, overrides: Mapping[str, Any], source: str) -> Config:
        new = Config(dict(self.values), dict(self.sources), self.root)
        for k, v in overrides.items():
            if v is not None:
                new.set(k, v, source)
        return new

    def fingerprint(self) -> str:
        """Stable digest of the effective values (for the batch cache)."""
        import hashlib
        import json

        blob = json.dumps(self.values, sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()[:16]
