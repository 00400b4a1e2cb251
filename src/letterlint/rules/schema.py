"""The typed schema (pydantic v2) of every rules file a user can write: a rule
(``rules/LLxxx-name.yaml``), a phrase bank (``phrasebanks/<id>.yaml``) and the scoring model
(``data/scoring.yaml``). ``.letterlint.yaml`` has its own in ``config/schema.py``.

The loader checks each file against its model first; a mistake becomes one line naming the
file, the field and the fix, with "did you mean ...?" for a near miss (:func:`error_line`).
What a model cannot say alone is checked by :func:`check_placeholders`,
:func:`check_settings` and the loader (bank ids, kinds' params, codes).
``json_schema(name)`` gives the JSON Schema for editors (``letterlint schema rule``).

Rule codes: built-in rules use LL100-LL799 (the hundreds follow the questionnaire's sections,
docs/DESIGN.md); an Area's own rules use LL800-LL899 (:data:`AREA_CODES`); LL9xx is internal.
An Area rule may take a built-in rule's code only by saying so: ``replaces: LL112``.
"""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from letterlint.errors import ConfigError

AREA_CODES = range(800, 900)
AREA_RANGE = "LL800-LL899"
CODE_PATTERN = r"^LL\d{3}$"
NAME_PATTERN = r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"
ITEM_PATTERN = r"^(?:Q\d{1,2}(?:\.\d)?|\d\.\d{1,2}|internal)$"
BANK_ID_PATTERN = r"^[a-z][a-z0-9-]*$"

Group = Literal["outcome", "next-stage", "empathy", "apology", "remedy", "meeting", "signposting",
                "standard-paragraphs", "disclosure", "addressing", "holding", "issues", "spelling",
                "grammar", "jargon", "clarity", "internal"]
LetterTypeName = Literal["stage-one", "stage-two", "holding", "acknowledgement"]
ComplaintName = Literal["legal", "service", "mixed"]

# Placeholders every rule's message, fix and suggestion may use (engine.check.letter_vars and
# the engine's own {match} and {suggestion}).
LETTER_VARS = ("letter_date", "escalation_date", "addressee", "signatory", "letter_type",
               "complaint_type", "medium", "match", "suggestion")
# ... and those a pattern match gives (checks.base.match_vars).
MATCH_VARS = ("replacement", "explain", "meaning")
# ... and those each check gives (by implementation module, see checks/kinds.py).
CHECK_VARS: dict[str, tuple[str, ...]] = {
    "existence": MATCH_VARS, "substitution": MATCH_VARS, "required": MATCH_VARS,
    "readability": ("value", "max", "min", "words_per_sentence", "syllables_per_word", "hardest",
                    "count", "total", "examples"),
    "spelling": ("suggestions", "did_you_mean"),
    "grammar": (),  # and t0, t1 ... (the matched tokens)
    "harper": ("harper_message", "harper_rule", "harper_suggestions"),
    "languagetool": ("lt_message", "lt_rule", "lt_category", "lt_suggestions"),
    "similarity": ("score", "passage", "share", "reason"),
    "addressing": ("problem", "expected"),
    "signposting": ("agency", "details"),
    "deadline": ("given", "expected", "difference"),
    "complaint_points": ("points", "count", "total", "share"),
    "jargon": (*MATCH_VARS, "category", "advice"),
    "acronym": ("expansion", "advice"),
    "sensitive_names": ("name", "role", "reason"),
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExampleModel(_Strict):
    """A rule's own example: a ``bad`` text it must flag and a ``good`` text it must not."""

    bad: str = Field(min_length=1, description="text the rule must flag")
    good: str = Field(min_length=1, description="text the rule must not flag")


class AutofixModel(_Strict):
    """May ``letterlint fix`` correct the rule's findings, and how."""

    level: Literal["safe", "suggested", "none"] = Field(
        description="safe: applied by 'letterlint fix'; suggested: only with --suggested")
    insert: Literal["before-valediction", "after-opening"] | None = Field(
        None, description="add a new paragraph here instead of replacing the quoted words")
    text: str | None = Field(None, min_length=1, description="the paragraph to insert (default: the suggestion)")


class RuleFile(_Strict):
    """One rule file, ``LLxxx-name.yaml`` (docs/DESIGN.md, "Rules")."""

    code: str = Field(pattern=CODE_PATTERN,
                      description="LL followed by three digits; an Area's own rules use LL800-LL899")
    name: str = Field(pattern=NAME_PATTERN, description="lower-case words joined by hyphens")
    group: Group
    item: str = Field(pattern=ITEM_PATTERN,
                      description="the questionnaire item (Q22...) or report paragraph (7.11) it mirrors")
    paragraphs: list[str] = Field(default_factory=list, description="report paragraphs that explain it")
    severity: Literal["error", "warning", "info"]
    scope: str = Field(pattern=r"^(?:letter|body|paragraph|sentence|part:[a-z-]+)$",
                       description="letter | body | paragraph | sentence | part:<name>")
    applies_to: list[LetterTypeName] = Field(default_factory=list, description="letter types; empty: all")
    complaint_types: list[ComplaintName] = Field(default_factory=list,
                                                 description="complaint types; empty: all")
    formats: list[Literal["docx", "txt", "md", "pdf", "odt", "rtf", "eml", "msg", "doc"]] = Field(
        default_factory=list, description="file formats (eml, msg: an email reply); empty: all")
    requires: list[Literal["pos", "languagetool"]] = Field(default_factory=list)
    kind: str = Field(description="one of the check kinds (docs/DESIGN.md, 'Check kinds')")
    params: dict[str, Any] | None = Field(None, description="the kind's parameters")
    message: str = Field(min_length=1, description="what is wrong; may use {placeholders}")
    why: str = Field(min_length=1, description="why it matters (the report paragraph)")
    advice: str | None = Field(None, min_length=1, description="how to fix it: the advice for the writer")
    fix: Literal["safe", "suggested", "none"] | AutofixModel | str | None = Field(
        None, description="may 'letterlint fix' correct it: safe | suggested | none, or a mapping "
                          "{level, insert, text}; older files give the advice text here")
    autofix: Literal["safe", "suggested", "none"] | AutofixModel | None = Field(
        None, description="older name of 'fix' (safe | suggested | none)")
    example: ExampleModel
    replaces: str | None = Field(None, pattern=CODE_PATTERN,
                                 description="an Area rule that takes the place of this built-in rule")


class BankEntryModel(_Strict):
    """One phrase-bank entry; each field has one meaning (rules.spec.BankEntry)."""

    phrase: str = Field(min_length=1, description="plain phrase, 'lemma:word' or 're:regex'")
    replacement: str | None = Field(None, description="the words to use instead")
    explain: str | None = Field(None, description="a short explanation to add instead")
    clues: list[str] = Field(default_factory=list, description="plain words that explain the term nearby")
    category: str | None = Field(None, description="jargon: officialese, legal, internal or citation")
    everyday: bool = Field(False, description="acronyms: most readers know it; never flagged")
    prefix: bool = Field(False, description="an-words: matches the start of a word")
    agency: str | None = Field(None, description="agencies: key into the 'contacts' setting")
    letter_type: str | None = Field(None, description="letter-types: the type the phrase signals")
    reason: str | None = Field(None, description="sensitive-roles: the reason given ('names a witness')")
    title: str | None = Field(None, description="standard-paragraphs: the passage's name")
    meaning: str | None = Field(None, description="confusables: what the word means, for {meaning}")
    comment: str | None = Field(None, description="for people reading the bank; never used")


class BankFile(_Strict):
    """A phrase bank, ``phrasebanks/<id>.yaml``."""

    id: str = Field(pattern=BANK_ID_PATTERN, description="the file name without .yaml")
    description: str = Field(min_length=1)
    entries: list[str | BankEntryModel] = Field(min_length=1)


ItemId = str


class ItemModel(_Strict):
    """One questionnaire item of the scoring model."""

    question: str = Field(min_length=1)
    letter_types: list[Literal["stage-one", "stage-two", "holding", "acknowledgement", "unknown"]]
    fails_on: Literal["error", "warning", "info"]
    weight: float = Field(ge=0, le=100)
    negative: bool = False
    per_finding: float | None = Field(None, ge=0)
    not_assessed: bool = False
    conditional: bool = False
    cost_only: list[str] = Field(default_factory=list, description="rule codes")


class ErrorCount(_Strict):
    """A band condition on the number of errors under ``items``: more than, or at most, ``count``."""
    items: list[ItemId]
    count: int = Field(ge=0)


class FailCount(_Strict):
    """A band condition on failed items: at least ``count`` of ``items`` not met (``fails_any``:
    at least one), only for the ``letter_types`` listed (all when omitted); an item named in
    ``severity_at_least`` counts only when a finding at that severity or above fails it."""
    items: list[ItemId]
    count: int = Field(default=1, ge=1)
    letter_types: list[str] | None = None
    severity_at_least: dict[ItemId, Literal["error", "warning"]] | None = None


class Conditions(_Strict):
    """A band's conditions (scoring.score._holds)."""

    fails_any: list[ItemId] | FailCount | None = None
    fails_at_least: FailCount | None = None
    passes_all: list[ItemId] | None = None
    errors_more_than: ErrorCount | None = None
    errors_at_most: ErrorCount | None = None
    score_below: float | None = None
    score_at_least: float | None = None


class BandModel(_Strict):
    """A rating band; the first whose conditions hold is the letter's rating."""

    id: str = Field(pattern=r"^[a-z][a-z-]*$")
    label: str = Field(min_length=1)
    any_of: Conditions | None = None
    all_of: Conditions | None = None


class ScoringFile(_Strict):
    """``data/scoring.yaml``: the items, their weights, and the rating bands."""

    items: dict[ItemId, ItemModel]
    bands: list[BandModel] = Field(min_length=1)


MODELS: dict[str, type[BaseModel]] = {"rule": RuleFile, "bank": BankFile, "scoring": ScoringFile}


# ------------------------------------------------------------------------------- errors

def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """" (did you mean 'x'?)" for the closest of ``choices`` to ``word``, or ""."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _fields(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The field names allowed at ``loc`` (the parent of the offending key) in ``model``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            continue  # a key of a mapping (an item id): the model stays the same
        current = None
        for arg in _candidates(field.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                current = arg
                break
    return list(getattr(current, "model_fields", {})) if current is not None else []


def _candidates(annotation: Any) -> list[Any]:
    from typing import get_args

    out = [annotation]
    for a in get_args(annotation):
        out += _candidates(a)
    return out


_BRANCH = re.compile(r"^(?:str|int|float|bool|none|(?:literal|list|dict|function-\w+)\[.*\])$")


def _real_loc(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """``loc`` without pydantic's union branch tags (``literal['a','b']``, ``AutofixModel``)."""
    models = {m.__name__ for m in _all_models()}
    return tuple(p for p in loc if not (isinstance(p, str) and (p in models or _BRANCH.match(p))))


def _all_models() -> list[type[BaseModel]]:
    return [v for v in globals().values() if isinstance(v, type) and issubclass(v, BaseModel) and v is not BaseModel]


def error_line(src: str, model: type[BaseModel], exc: ValidationError) -> ConfigError:
    """The first problem pydantic found as a one-line ConfigError: ``file: field: problem``."""
    errs = exc.errors(include_url=False)
    # a union (str | mapping) reports one error per branch: prefer the mapping's, and of those
    # the deepest (the most precise)
    errs = [e for e in errs if e["type"] != "string_type"] or errs
    err = next((e for e in errs if e["type"] == "extra_forbidden"), None) or max(
        errs, key=lambda e: len(_real_loc(e["loc"])))
    loc = _real_loc(err["loc"])
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    kind = err["type"]
    value = err.get("input")
    if kind == "extra_forbidden":
        return ConfigError(src, where, "unknown key" + did_you_mean(str(loc[-1]), _fields(model, loc[:-1])))
    if kind == "missing":
        return ConfigError(src, where, "required")
    if kind == "literal_error":
        expected = str(err.get("ctx", {}).get("expected", ""))
        options = re.findall(r"'([^']*)'", expected)
        return ConfigError(src, where, f"{value!r} is not one of {', '.join(options)}"
                           + did_you_mean(str(value), options))
    if kind == "string_pattern_mismatch":
        field = _field_info(model, loc)
        hint = field.description if field is not None and field.description else err["msg"]
        return ConfigError(src, where, f"{value!r}: {hint}")
    return ConfigError(src, where, err["msg"].replace("Input should be", "must be"))


def _field_info(model: type[BaseModel], loc: tuple[int | str, ...]) -> Any:
    names = [p for p in loc if isinstance(p, str)]
    current: Any = model
    field = None
    for name in names:
        field = getattr(current, "model_fields", {}).get(name)
        if field is None:
            return None
        current = next((a for a in _candidates(field.annotation)
                        if isinstance(a, type) and issubclass(a, BaseModel)), None)
    return field


def validate(src: str, name: str, data: Any) -> BaseModel:
    """``data`` checked against the model ``name`` (rule, bank, scoring). Raises ConfigError."""
    model = MODELS[name]
    if not isinstance(data, Mapping):
        raise ConfigError(src, "", f"a {name} file is a mapping of keys (see docs/DESIGN.md)")
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        raise error_line(src, model, exc) from None


def placeholders(template: str) -> list[str]:
    """The ``{names}`` a message template uses (format fields), in order."""
    try:
        return [f.split(".")[0].split("[")[0] for _, f, _, _ in string.Formatter().parse(template) if f]
    except ValueError:
        return []


def check_placeholders(src: str, field: str, template: str, impl: str) -> None:
    """Refuse a ``{name}`` in a rule's text that nothing fills (a misspelt placeholder would be
    printed as it is, "{complainant_nmae}"). Raises ConfigError with the nearest name."""
    known = (*LETTER_VARS, *CHECK_VARS.get(impl, ()))
    for name in placeholders(template):
        if name in known or (impl == "grammar" and re.fullmatch(r"t\d+", name)):
            continue
        raise ConfigError(src, field, f"unknown placeholder {{{name}}}{did_you_mean(name, known)}; "
                                      f"known: {', '.join(sorted(known))}")


def check_settings(src: str, params: Mapping[str, Any]) -> None:
    """Refuse a ``*_setting`` parameter that names no configuration setting (a typo would
    silently fall back to the default). Raises ConfigError naming the parameter."""
    from letterlint.config.settings import DEFAULTS

    for key, value in params.items():
        if key.endswith("_setting") and value is not None and value not in DEFAULTS:
            raise ConfigError(src, f"params.{key}", f"unknown setting {value!r}"
                              + did_you_mean(str(value), DEFAULTS))


# ----------------------------------------------------------------------------- JSON Schema

_JSON_TYPES: dict[str, dict[str, Any]] = {
    "str": {"type": "string"}, "bank": {"type": "string"}, "scope": {"type": "string"},
    "int": {"type": "integer"}, "float": {"type": "number"}, "bool": {"type": "boolean"},
    "list[str]": {"type": "array", "items": {"type": "string"}}, "list": {"type": "array"},
    "map": {"type": "object"},
    "patterns": {"anyOf": [{"type": "string"}, {"type": "object"}, {"type": "array"}]},
}


def _params_schema(spec: Mapping[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for name, ps in spec.items():
        one = dict(_JSON_TYPES.get(ps.type, {}))
        one["description"] = ps.doc
        if ps.choices:
            one["enum"] = list(ps.choices)
        if ps.default not in (None, [], {}, ""):
            one["default"] = ps.default
        props[name] = one
    return {"type": "object", "properties": props, "additionalProperties": False,
            "required": [n for n, ps in spec.items() if ps.required]}


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of a rule, bank or scoring file (draft 2020-12), for editors. A rule's
    ``params`` is described for each kind (and each value of its select parameter)."""
    schema = MODELS[name].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    if name == "rule":
        from letterlint.checks.kinds import KINDS

        schema["properties"]["kind"]["enum"] = sorted(KINDS)
        rules: list[dict[str, Any]] = []
        for kind in KINDS.values():
            for variant in kind.variants:
                cond: dict[str, Any] = {"properties": {"kind": {"const": kind.name}}}
                if kind.select is not None:
                    cond["properties"]["params"] = {"properties": {kind.select: {"const": variant}}}
                rules.append({"if": cond, "then": {"properties": {"params": _params_schema(kind.params(variant))}}})
        schema["allOf"] = rules
    return schema


# The files ``letterlint schema`` can describe, and where their schemas are kept in the source.
SCHEMA_FILES = {"rule": "rule.schema.json", "bank": "bank.schema.json",
                "scoring": "scoring.schema.json", "config": "config.schema.json"}


def schema_for(which: str) -> dict[str, Any]:
    """The JSON Schema of ``which`` (a key of SCHEMA_FILES); ``config`` is ``.letterlint.yaml``'s
    (config.schema.FileSettings)."""
    if which == "config":
        from letterlint.config.schema import FileSettings

        out = FileSettings.model_json_schema()
        out["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        return out
    return json_schema(which)
