"""Effective configuration: defaults <- .letterlint.yaml / pyproject.toml <- CLI flags.

Every value remembers where it came from, for ``letterlint config``.
Keys are dotted paths, e.g. ``spelling.accept`` or ``languagetool.url``.
"""

from __future__ import annotations

import datetime as _dt
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
    "checks.time_budget_s": 120.0,  # per letter, over all rules; then "not fully checked"
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
    """The effective settings for a run: ``values`` by dotted key (every key of ``DEFAULTS``; see
    the configuration reference), the ``sources`` each came from (``default``, the file's path,
    ``command line``...), the configuration file's folder ``root`` (``None`` without one) and
    ``notes`` said on standard error."""

    values: dict[str, Any] = field(default_factory=lambda: dict(DEFAULTS))
    sources: dict[str, str] = field(default_factory=lambda: dict.fromkeys(DEFAULTS, "default"))
    root: str | None = None  # folder of the configuration file, if any
    notes: list[str] = field(default_factory=list)  # said on standard error (e.g. ignored settings)

    def get(self, key: str, default: Any = None) -> Any:
        """The value of ``key`` (e.g. ``clarity.sentence_warning_words``), or ``default`` when it is
        unset or ``None``."""
        v = self.values.get(key, default)
        return default if v is None else v

    def set(self, key: str, value: Any, source: str) -> None:
        """Set ``key`` to ``value`` and record where it came from (``source``, shown by ``letterlint
        config``). Does not check the value: the schema does that when a file is loaded."""
        self.values[key] = value
        self.sources[key] = source

    def merged(self, overrides: Mapping[str, Any], source: str) -> Config:
        """A copy with ``overrides`` applied (``None`` values are skipped), each recorded as coming
        from ``source``; this Config is unchanged."""
        new = Config(dict(self.values), dict(self.sources), self.root, list(self.notes))
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


MAX_DEPTH = 16  # nesting in a configuration file, far more than any setting needs
NETWORK_KEYS = ("languagetool.url", "languagetool.public_api")  # send letter text off the machine
ENV_NETWORK = {"LETTERLINT_LANGUAGETOOL_URL": "languagetool.url",
               "LETTERLINT_LANGUAGETOOL_PUBLIC_API": "languagetool.public_api"}


def _depth(data: Any) -> int:
    """Nesting depth of lists and mappings, without recursion (a hostile file cannot overflow)."""
    deepest, todo = 0, [(data, 1)]
    while todo:
        node, d = todo.pop()
        if isinstance(node, dict):
            deepest = max(deepest, d)
            if d <= MAX_DEPTH:
                todo.extend((v, d + 1) for v in node.values())
        elif isinstance(node, list):
            deepest = max(deepest, d)
            if d <= MAX_DEPTH:
                todo.extend((v, d + 1) for v in node)
    return deepest


def _normalise(data: Any) -> Any:
    """Keys with '-' read as '_' (``fail-on`` is ``fail_on``); depth already checked."""
    if isinstance(data, dict):
        return {(k.replace("-", "_") if isinstance(k, str) else k): _normalise(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_normalise(v) for v in data]
    return data


def _error_text(err: Mapping[str, Any]) -> str:
    """A pydantic error as 'what is allowed', in plain words."""
    kind = str(err.get("type", ""))
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        return "unknown setting (see 'letterlint config')"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "must be a number (a whole number)"
    if kind in ("float_type", "float_parsing"):
        return "must be a number"
    if kind == "finite_number":
        return "must be a number, not NaN or infinity"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return f"must be a number {kind.replace('_', ' ')} {next(iter(ctx.values()), '')}".replace(
            "greater than equal", "at least").replace("less than equal", "at most")
    if kind == "bool_type":
        return "must be true or false"
    if kind in ("list_type", "tuple_type"):
        return "must be a list of text"
    if kind in ("dict_type", "mapping_type"):
        return "must be a mapping (key: value lines)"
    if kind == "string_type":
        return "must be text"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '')}"
    if kind.startswith("date"):
        return "must be a date written YYYY-MM-DD"
    if kind == "value_error":
        return str(err.get("msg", "")).removeprefix("Value error, ")
    return str(err.get("msg", "invalid value"))


def validate_file_settings(data: Any, source: str) -> dict[str, Any]:
    """Check a configuration file's settings against the typed schema (``schema.FileSettings``)
    and return them as dotted keys. Errors: ``ConfigError`` naming the file, the key and what
    is allowed: unknown keys, wrong types, NaN and infinities, numbers out of range, unknown
    severities and stages, bad dates, nesting deeper than ``MAX_DEPTH``."""
    import pydantic

    from letterlint.config.schema import FileSettings
    from letterlint.errors import ConfigError

    if not isinstance(data, dict):
        raise ConfigError(source, "", "the configuration is a mapping of settings")
    if _depth(data) > MAX_DEPTH:
        raise ConfigError(source, "", f"nested more than {MAX_DEPTH} levels deep")
    for key in data:
        if not isinstance(key, str):
            raise ConfigError(source, str(key), "keys must be text")
    try:
        model = FileSettings.model_validate(_normalise(data))
    except pydantic.ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err.get("loc", ()))
        raise ConfigError(source, loc, _error_text(err)) from None
    return model.dotted()


def flatten(data: Mapping[str, Any], source: str, prefix: str = "") -> dict[str, Any]:
    """Settings as dotted keys, checked (``validate_file_settings``)."""
    return validate_file_settings(dict(data), source)


def user_config_path() -> Path:
    """The user's own configuration file (``~/.config/letterlint/config.yaml`` on Linux)."""
    import platformdirs

    return Path(platformdirs.user_config_dir("letterlint", appauthor=False)) / "config.yaml"


def _read_file(path: Path) -> dict[str, Any]:
    from letterlint.errors import ConfigError
    from letterlint.rules import yamlsafe

    source = str(path)
    if path.name == "pyproject.toml":
        import tomllib

        try:
            size = path.stat().st_size
            if size > yamlsafe.MAX_YAML_BYTES:
                raise ConfigError(source, "", f"file is larger than {yamlsafe.MAX_YAML_BYTES // 1024} KB")
            data = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("letterlint", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(source, "", f"invalid TOML: {str(exc).splitlines()[0]}") from None
        except RecursionError:
            raise ConfigError(source, "", f"nested more than {MAX_DEPTH} levels deep") from None
        except OSError as exc:
            raise ConfigError(source, "", exc.strerror or str(exc)) from None
    else:
        data = yamlsafe.load(path)
        data = {} if data is None else data
    values = validate_file_settings(data, source)
    for key in PATH_KEYS:
        if key in values:
            values[key] = [str((path.parent / p).resolve()) for p in values[key]]
    return values


def load_config(start: Path | None = None, explicit: Path | None = None, *,
                user_file: Path | None = None) -> Config:
    """Defaults, then the user's own file (``user_config_path()``), then the project file
    (``explicit``, or found from ``start`` upwards), then the environment for the settings that
    send letter text off the machine.

    ``languagetool.url`` and ``languagetool.public_api`` are honoured only from the command line,
    the environment, the user's own file, an explicit ``--config`` file or a file in the current
    folder (``start``); one found in a parent folder is ignored, with a note in ``Config.notes``:
    a folder someone else controls cannot send your letters anywhere."""
    from letterlint.errors import ConfigError

    cfg = Config()
    here = (start or Path.cwd()).resolve()
    own = user_file if user_file is not None else user_config_path()
    if own.is_file():
        for k, v in _read_file(own).items():
            cfg.set(k, v, str(own))
    path = explicit or find_config(here)
    if path is not None:
        if not path.is_file():
            raise ConfigError(str(path), "", "configuration file not found")
        values = _read_file(path)
        in_parent = explicit is None and path.resolve().parent != here
        for k, v in values.items():
            if k in NETWORK_KEYS and in_parent and v not in (None, False):
                cfg.notes.append(
                    f"{path}: {k} is ignored: a setting that sends letter text off this computer is "
                    "honoured only from the command line, the environment, your own configuration "
                    "file or one in the current folder, not one in a parent folder")
                continue
            cfg.set(k, v, str(path))
        cfg.root = str(path.parent)
    import os

    for env, key in ENV_NETWORK.items():
        raw = os.environ.get(env)
        if raw:
            value: Any = raw if key == "languagetool.url" else raw.strip().lower() in ("1", "true", "yes")
            values = validate_file_settings({"languagetool": {key.split(".")[1]: value}}, f"${env}")
            cfg.set(key, values[key], f"environment ({env})")
    return cfg


FRONT_MATTER_KEYS = {"stage": "stage", "letter_type": "stage", "complaint_type": "complaint_type",
                     "letter_date": "date", "date": "date"}


def check_front_matter(name: str, front: Mapping[str, Any]) -> tuple[str, ...]:
    """Check the settings a letter's front matter gives (stage, complaint type, date); other keys
    (a title, an author) are the writer's own and left alone, except that a key close to a
    setting ('stgae', 'complaint_typ') gets a note: a misspelt setting is not applied, and the
    writer should know. Returns those notes. Errors: ``InputError`` naming the file, the key and
    what is allowed."""
    from letterlint.errors import InputError
    from letterlint.letter import dates
    from letterlint.letter.analysis import STAGE_ALIASES, _enum_value
    from letterlint.model import ComplaintType, LetterType

    if _depth(dict(front)) > MAX_DEPTH:
        raise InputError(name, f"the front matter is nested more than {MAX_DEPTH} levels deep")
    import difflib

    notes: list[str] = []
    for key, raw in front.items():
        k = str(key).replace("-", "_")
        kind = FRONT_MATTER_KEYS.get(k)
        if kind is None:
            # 0.75: 'stgae', 'complaint_typ', 'data' are settings misspelt; 'tags', 'draft',
            # 'page', 'updated' (0.67-0.73) are a writer's own keys and left alone
            close = difflib.get_close_matches(k.lower(), list(FRONT_MATTER_KEYS), n=1, cutoff=0.75)
            if close:
                notes.append(f"front matter {str(key)!r} is not a setting and was ignored "
                             f"(did you mean {close[0]!r}?)")
            continue
        if raw is None:
            continue
        if kind == "stage":
            if not isinstance(raw, (str, int)) or isinstance(raw, bool) or _enum_value(
                    raw, LetterType, STAGE_ALIASES) in (None, LetterType.UNKNOWN):
                raise InputError(name, f"front matter {key}: must be acknowledgement, holding, "
                                       "stage-one or stage-two")
        elif kind == "complaint_type":
            if not isinstance(raw, str) or _enum_value(raw, ComplaintType, {}) in (None, ComplaintType.UNKNOWN):
                raise InputError(name, f"front matter {key}: must be legal, service or mixed")
        elif not isinstance(raw, (str, _dt.date)) or dates.parse_any(raw) is None:
            raise InputError(name, f"front matter {key}: must be a date, e.g. 2026-11-03 or 3 November 2026")
    return tuple(notes)
