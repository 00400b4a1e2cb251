"""Effective configuration: defaults <- .letterlint.yaml / pyproject.toml <- CLI flags.

Every value remembers where it came from, for ``letterlint config``.
Keys are dotted paths, e.g. ``spelling.accept`` or ``languagetool.url``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULTS: dict[str, Any] = {
    "fail_on": "error",  # error | warning | info
    "rules.disable": [],  # rule codes or names switched off
    "rules.severity": {},  # code -> error|warning|info
    "rules.paths": [],  # extra rule folders (an Area's own)
    "phrasebanks.paths": [],  # extra phrase-bank folders
    "input.max_bytes": 10 * 1024 * 1024,  # files larger than this are refused
    "input.max_pages": 30,  # PDFs with more pages than this are refused (a letter is shorter)
    "spelling.accept": [],  # extra words that are not spelling mistakes
    "acronyms.allow": [],  # extra everyday acronyms never flagged
    "languagetool.url": None,  # a LanguageTool server you run, e.g. http://localhost:8081
    "languagetool.local": False,  # use a local LanguageTool install (language-tool-python)
    "languagetool.public_api": False,  # explicit opt-in to the public API (sends the letter!)
    "clarity.sentence_warning_words": 25,
    "clarity.sentence_error_words": 40,
    "clarity.paragraph_max_words": 120,
    "clarity.min_flesch": 50.0,
    "clarity.max_passive_share": 0.4,  # 0.25 flagged 5 of 15 better-than-adequate corpus letters
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


# --------------------------------------------------------------------------- file loading

CONFIG_NAMES = (".letterlint.yaml", ".letterlint.yml")
PATH_KEYS = ("rules.paths", "phrasebanks.paths")
MAP_KEYS = {"rules.severity", "contacts"}


def find_config(start: Path) -> Path | None:
    """``.letterlint.yaml`` or a pyproject.toml with [tool.letterlint], here or in a parent."""
    here = start.resolve()
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        py = folder / "pyproject.toml"
        if py.is_file():
            try:
                if "[tool.letterlint" in py.read_text(encoding="utf-8", errors="replace"):
                    return py
            except OSError:
                continue
    return None


def flatten(data: Mapping[str, Any], source: str, prefix: str = "") -> dict[str, Any]:
    from letterlint.errors import ConfigError

    out: dict[str, Any] = {}
    for key, value in data.items():
        if not isinstance(key, str):
            raise ConfigError(source, str(key), "keys must be text")
        dotted = f"{prefix}{key.replace('-', '_')}"
        if dotted in DEFAULTS:
            out[dotted] = value
        elif isinstance(value, dict) and any(k.startswith(dotted + ".") for k in DEFAULTS):
            out.update(flatten(value, source, dotted + "."))
        else:
            raise ConfigError(source, dotted, "unknown setting (see 'letterlint config')")
    return out


def _check_types(values: Mapping[str, Any], source: str) -> None:
    from letterlint.errors import ConfigError

    for key, value in values.items():
        default = DEFAULTS[key]
        if value is None:
            continue
        if key in MAP_KEYS:
            if not isinstance(value, dict):
                raise ConfigError(source, key, "must be a mapping")
        elif isinstance(default, list):
            if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
                raise ConfigError(source, key, "must be a list of text")
        elif isinstance(default, bool):
            if not isinstance(value, bool):
                raise ConfigError(source, key, "must be true or false")
        elif isinstance(default, (int, float)):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ConfigError(source, key, "must be a number")
        elif key == "fail_on" and value not in ("error", "warning", "info"):
            raise ConfigError(source, key, "must be error, warning or info")


def load_config(start: Path | None = None, explicit: Path | None = None) -> Config:
    """Defaults, then the project file (explicit, or found from ``start`` upwards)."""
    from letterlint import yamlsafe
    from letterlint.errors import ConfigError

    cfg = Config()
    path = explicit or find_config(start or Path.cwd())
    if path is None:
        return cfg
    if not path.is_file():
        raise ConfigError(str(path), "", "configuration file not found")
    source = str(path)
    if path.name == "pyproject.toml":
        import tomllib

        try:
            data = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("letterlint", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(source, "", f"invalid TOML: {exc}") from None
    else:
        data = yamlsafe.load(path) or {}
    if not isinstance(data, dict):
        raise ConfigError(source, "", "the configuration is a mapping of settings")
    values = flatten(data, source)
    _check_types(values, source)
    for key in PATH_KEYS:
        if key in values:
            values[key] = [str((path.parent / p).resolve()) for p in values[key]]
    cfg.root = str(path.parent)
    for k, v in values.items():
        cfg.set(k, v, source)
    return cfg
