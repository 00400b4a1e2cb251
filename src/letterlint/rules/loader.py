"""Load and validate rules and phrase banks. Errors read ``file: field: what is wrong``."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import Any

from letterlint.engine.rule_cache import per_file
from letterlint.errors import ConfigError
from letterlint.model import ComplaintType, LetterType, Severity
from letterlint.rules.lazy_pattern import lazy_re
from letterlint.rules.patterns import PatternError, compile_one
from letterlint.rules.spec import (
    AUTOFIX_INSERTS,
    AUTOFIX_LEVELS,
    CAPABILITIES,
    GROUPS,
    SCOPES,
    AutoFix,
    BankEntry,
    Example,
    PhraseBank,
    Rule,
)

CODE_RE = lazy_re(r"^LL\d{3}$")
NAME_RE = lazy_re(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
ITEM_RE = lazy_re(r"^(?:Q\d{1,2}(?:\.\d)?|\d\.\d{1,2}|internal)$")
BANK_ID_RE = lazy_re(r"^[a-z][a-z0-9-]*$")

ENTRY_TEXT = ("replacement", "explain", "category", "agency", "letter_type", "reason", "title", "meaning",
              "comment")
ENTRY_FLAGS = ("everyday", "prefix")
ENTRY_FIELDS = {"phrase", "clues", *ENTRY_TEXT, *ENTRY_FLAGS}


@functools.cache
def _package_root() -> Path:  # resolved once: every check asks for the rule set (issue 15)
    return Path(__file__).resolve().parents[1]


def builtin_dir(name: str) -> Path:
    """The bundled ``rules`` or ``phrasebanks`` folder (source checkout or installed wheel)."""
    checkout = _package_root().parents[1] / name
    if checkout.is_dir():
        return checkout
    return _package_root() / "_bundled" / name


def kind_names() -> tuple[str, ...]:
    """The closed set of check kinds a rule may name (``letterlint.checks.kinds.KINDS``)."""
    from letterlint.checks.kinds import kind_names as names

    return names()


_MODULES: dict[str, ModuleType] = {}


def rule_module(rule: Rule) -> ModuleType:
    """The implementation module that runs ``rule`` (chosen by its kind and select parameter).
    Kept by name: the engine asks several times for every rule of every letter (issue 15)."""
    found = _MODULES.get(rule.impl)
    if found is None:
        from letterlint.checks.kinds import module

        found = _MODULES[rule.impl] = module(rule.impl)
    return found


# ----------------------------------------------------------------------------- phrase banks

def _bank_entry(raw: Any, source: str, where: str) -> BankEntry:
    if isinstance(raw, str):
        if not raw.strip():
            raise ConfigError(source, where, "empty entry")
        return BankEntry(phrase=raw)
    if not isinstance(raw, dict):
        raise ConfigError(source, where, "an entry is a string or a mapping with 'phrase'")
    unknown = set(raw) - ENTRY_FIELDS
    if unknown:
        raise ConfigError(source, where, f"unknown key {sorted(unknown)[0]!r}")
    phrase = raw.get("phrase")
    if not isinstance(phrase, str) or not phrase.strip():
        raise ConfigError(source, f"{where}.phrase", "required, a non-empty string")
    for key in ENTRY_TEXT:
        if key in raw and raw[key] is not None and not isinstance(raw[key], str):
            raise ConfigError(source, f"{where}.{key}", "must be a string")
    for key in ENTRY_FLAGS:
        if key in raw and not isinstance(raw[key], bool):
            raise ConfigError(source, f"{where}.{key}", "must be true or false")
    clues = raw.get("clues") or []
    if not isinstance(clues, list) or not all(isinstance(c, str) and c.strip() for c in clues):
        raise ConfigError(source, f"{where}.clues", "must be a list of patterns (strings)")
    for i, c in enumerate(clues):
        try:
            compile_one(c)
        except PatternError as exc:
            raise ConfigError(source, f"{where}.clues[{i}]", str(exc)) from exc
    return BankEntry(phrase, clues=tuple(clues), **{k: raw[k] for k in (*ENTRY_TEXT, *ENTRY_FLAGS) if k in raw})


def load_bank(path: Path) -> PhraseBank:
    """A phrase bank file, checked against ``rules.schema.BankFile``. Raises ConfigError."""
    from letterlint.rules import schema, yamlsafe  # pydantic and yaml: only when a file is read

    data = yamlsafe.load(path)
    src = str(path)
    if isinstance(data, dict):
        schema.validate(src, "bank", data)
    if not isinstance(data, dict):
        raise ConfigError(src, "", "a phrase bank is a mapping with id, description and entries")
    bank_id = data["id"]
    if not isinstance(bank_id, str) or not BANK_ID_RE.match(bank_id):
        raise ConfigError(src, "id", "lower-case letters, digits and hyphens")
    if bank_id != path.stem:
        raise ConfigError(src, "id", f"must match the file name ({path.stem!r})")
    if not isinstance(data["entries"], list) or not data["entries"]:
        raise ConfigError(src, "entries", "a non-empty list")
    entries = tuple(_bank_entry(e, src, f"entries[{i}]") for i, e in enumerate(data["entries"]))
    from letterlint.rules.patterns import compile_one

    for i, e in enumerate(entries):
        try:
            compile_one(e.phrase, e, bank_id)
        except PatternError as exc:
            raise ConfigError(src, f"entries[{i}].phrase", str(exc)) from None
    return PhraseBank(bank_id, str(data["description"]), entries, src)


def load_banks(dirs: Iterable[Path]) -> dict[str, PhraseBank]:
    """Every bank in ``dirs`` by id; a later folder's bank (an Area's own) replaces a built-in one
    with the same id. Raises ConfigError for a missing folder or a bad file."""
    banks: dict[str, PhraseBank] = {}
    for d in dirs:
        if not d.is_dir():
            raise ConfigError(str(d), "", "phrase-bank folder not found")
        for path in sorted(d.glob("*.yaml")):
            bank = per_file("bank", path, (), functools.partial(load_bank, path))
            banks[bank.id] = bank  # later folders (an Area's own) override built-in banks
    return banks


# ----------------------------------------------------------------------------------- rules

def _known_item(item: str, src: str) -> None:
    """A rule's item must be one the scoring model (data/scoring.yaml) answers."""
    from letterlint.rules import schema  # pydantic: only when a file is read

    if item == "internal":
        return
    from letterlint.scoring.score import model

    items = [i.item for i in model().items]
    if item not in items:
        raise ConfigError(src, "item", f"{item!r} is not a questionnaire item of scoring.yaml"
                          f"{schema.did_you_mean(item, items)} (known: {', '.join(items)})")


def _str(data: Mapping[str, Any], key: str, src: str) -> str:
    v = data.get(key)
    if not isinstance(v, str) or not v.strip():
        raise ConfigError(src, key, "required, a non-empty string")
    return v.strip()


def _enum_list(data: Mapping[str, Any], key: str, src: str, enum: Any) -> tuple[Any, ...]:
    v = data.get(key, [])
    if not isinstance(v, list):
        raise ConfigError(src, key, "must be a list")
    out = []
    allowed = [e.value for e in enum if e.value != "unknown"]
    for x in v:
        if x not in allowed:
            raise ConfigError(src, key, f"{x!r} is not one of {', '.join(allowed)}")
        out.append(enum(x))
    return tuple(out)


def validate_params(kind: str, params: Any, src: str) -> tuple[dict[str, Any], str]:
    """A rule's params checked against its kind's schema, with defaults filled in, and the
    implementation module that runs it. Raises ConfigError naming the file and the field."""
    from letterlint.checks.kinds import KINDS
    from letterlint.rules import schema  # pydantic: only when a file is read

    k = KINDS[kind]
    if params is None:
        params = {}
    if not isinstance(params, dict):
        raise ConfigError(src, "params", "must be a mapping")
    try:
        impl = k.implementation(params)
    except ValueError as exc:
        field, _, msg = str(exc).partition(": ")
        raise ConfigError(src, field, msg) from None
    variant = params.get(k.select, k.default) if k.select else None
    spec = k.params(variant)
    unknown = set(params) - set(spec)
    if unknown:
        known = ", ".join(sorted(spec)) or "none"
        bad = sorted(unknown)[0]
        raise ConfigError(src, f"params.{bad}", f"unknown for kind {kind!r}{schema.did_you_mean(bad, spec)} "
                                                f"(known: {known})")
    out: dict[str, Any] = {}
    for name, ps in spec.items():
        if name not in params:
            if ps.required:
                raise ConfigError(src, f"params.{name}", f"required for kind {kind!r}")
            out[name] = ps.default
            continue
        value = params[name]
        if not _type_ok(ps.type, value):
            raise ConfigError(src, f"params.{name}", f"must be {ps.type}")
        if ps.choices and value not in ps.choices:
            raise ConfigError(src, f"params.{name}", f"must be one of {', '.join(map(str, ps.choices))}")
        out[name] = value
    return out, impl


def _type_ok(t: str, v: Any) -> bool:
    if t == "patterns":
        return isinstance(v, (list, str, dict))
    if t in ("str", "bank"):
        return isinstance(v, str)
    if t == "int":
        return isinstance(v, int) and not isinstance(v, bool)
    if t == "float":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if t == "bool":
        return isinstance(v, bool)
    if t == "list[str]":
        return isinstance(v, list) and all(isinstance(x, str) for x in v)
    if t == "map":
        return isinstance(v, dict)
    if t == "list":
        return isinstance(v, list)
    if t == "scope":
        return isinstance(v, str)
    return True


def _autofix(raw: Any, src: str, key: str = "fix") -> AutoFix:
    """``fix: safe | suggested | none``, or a mapping with ``level``, ``insert`` and ``text``
    (issue 14). ``key`` names the field in errors (``autofix`` is its older name)."""
    if raw is None:
        return AutoFix()
    if isinstance(raw, str):
        raw = {"level": raw.strip()}
    if not isinstance(raw, dict):
        raise ConfigError(src, key, f"must be one of {', '.join(AUTOFIX_LEVELS)}, or a mapping "
                                    "with level, insert and text")
    unknown = set(raw) - {"level", "insert", "text"}
    if unknown:
        raise ConfigError(src, f"{key}.{sorted(unknown)[0]}", "unknown key (known: level, insert, text)")
    level = raw.get("level")
    if level not in AUTOFIX_LEVELS:
        raise ConfigError(src, key, f"{level!r} is not one of {', '.join(AUTOFIX_LEVELS)} (the advice "
                                    "for the writer goes under 'advice')")
    insert = raw.get("insert")
    if insert is not None and insert not in AUTOFIX_INSERTS:
        raise ConfigError(src, f"{key}.insert", f"{insert!r} is not one of {', '.join(AUTOFIX_INSERTS)}")
    text = raw.get("text")
    if text is not None and (not isinstance(text, str) or not text.strip()):
        raise ConfigError(src, f"{key}.text", "must be a non-empty string")
    return AutoFix(str(level), insert, text.strip() if isinstance(text, str) else None)


def _advice_and_fix(data: Mapping[str, Any], src: str) -> tuple[str, AutoFix]:
    """A rule's advice text and its fix declaration.

    The schema (issue 14): ``advice:`` is the advice for the writer; ``fix:`` says whether
    ``letterlint fix`` may correct the rule's findings (``safe | suggested | none`` or a
    mapping). Older rule files put the advice under ``fix:`` and the declaration under
    ``autofix:``; they still load: a ``fix:`` that is a sentence (it has a space) and no
    ``advice:`` is read as the advice. Anything else is an error naming the field: a one-word
    ``fix:`` that is not a level (a typo), the advice given twice, the declaration given twice,
    or no advice at all."""
    from letterlint.rules import schema  # pydantic: only when a file is read

    fix, old = data.get("fix"), data.get("autofix")
    advice = data.get("advice")
    legacy = isinstance(fix, str) and len(fix.split()) > 1
    if legacy:
        if advice is not None:
            raise ConfigError(src, "fix", "give 'advice' for the advice text and 'fix' for safe, suggested "
                                          "or none, not advice text in both")
        advice, fix = fix, None
    if fix is not None and old is not None:
        raise ConfigError(src, "autofix", "'autofix' is the old name of 'fix': give one of them")
    if advice is None and isinstance(fix, str) and fix not in AUTOFIX_LEVELS:
        raise ConfigError(src, "fix", f"{fix!r} is not safe, suggested or none"
                                      f"{schema.did_you_mean(fix, AUTOFIX_LEVELS)}; the advice for the "
                                      "writer goes under 'advice:'")
    if advice is None:
        raise ConfigError(src, "advice", "required (what the writer should do)")
    if not isinstance(advice, str) or not advice.strip():
        raise ConfigError(src, "advice", "must be non-empty text")
    return advice, _autofix(old, src, "autofix") if old is not None else _autofix(fix, src)


def load_rule(path: Path, banks: Mapping[str, PhraseBank]) -> Rule:
    """A rule file, checked against ``rules.schema.RuleFile`` and its kind's params; its
    placeholders, setting names, bank ids and questionnaire item checked too. Raises
    ConfigError: ``file: field: problem (did you mean ...?)``."""
    from letterlint.rules import schema, yamlsafe  # pydantic and yaml: only when a file is read

    data = yamlsafe.load(path)
    src = str(path)
    if not isinstance(data, dict):
        raise ConfigError(src, "", "a rule is a mapping (see docs/DESIGN.md)")
    schema.validate(src, "rule", data)
    code = _str(data, "code", src)
    if not CODE_RE.match(code):
        raise ConfigError(src, "code", "must look like LL123")
    name = _str(data, "name", src)
    if not NAME_RE.match(name):
        raise ConfigError(src, "name", "lower-case words joined by hyphens")
    group = _str(data, "group", src)
    if group not in GROUPS:
        raise ConfigError(src, "group", f"must be one of {', '.join(GROUPS)}")
    item = str(data.get("item", "")).strip()
    if not ITEM_RE.match(item):
        raise ConfigError(src, "item", "a questionnaire item like Q24 or a report paragraph like 7.11")
    try:
        severity = Severity(data.get("severity"))
    except ValueError:
        raise ConfigError(src, "severity", "must be error, warning or info") from None
    scope = _str(data, "scope", src)
    if scope not in SCOPES and not (scope.startswith("part:") and len(scope) > 5):
        raise ConfigError(src, "scope", f"must be one of {', '.join(SCOPES)} or part:<name>")
    kind = _str(data, "kind", src)
    if kind not in kind_names():
        raise ConfigError(src, "kind", f"unknown check kind {kind!r}{schema.did_you_mean(kind, kind_names())} "
                                       f"(known: {', '.join(kind_names())})")
    requires = data.get("requires", [])
    if not isinstance(requires, list) or any(r not in CAPABILITIES for r in requires):
        raise ConfigError(src, "requires", f"a list of: {', '.join(CAPABILITIES)}")
    example = data.get("example")
    if not isinstance(example, dict) or not example.get("bad") or not example.get("good"):
        raise ConfigError(src, "example", "a mapping with 'bad' and 'good' text")
    if set(example) - {"bad", "good"}:
        raise ConfigError(src, "example", "takes only 'bad' and 'good'")
    paragraphs = data.get("paragraphs", [])
    if not isinstance(paragraphs, list):
        raise ConfigError(src, "paragraphs", "must be a list")
    _known_item(item, src)
    params, impl = validate_params(kind, data.get("params"), src)
    schema.check_settings(src, params)
    advice, autofix = _advice_and_fix(data, src)
    fix_raw = data.get("autofix") if data.get("autofix") is not None else data.get("fix")
    fix_text = fix_raw.get("text") if isinstance(fix_raw, dict) else None
    advice_key = "advice" if "advice" in data else "fix"  # name the key the file uses
    for field, text in (("message", data.get("message")), (advice_key, advice),
                        ("params.suggest", params.get("suggest")), ("fix.text", fix_text)):
        if isinstance(text, str):
            schema.check_placeholders(src, field, text, impl)
    rule = Rule(
        code=code, name=name, group=group, item=item, severity=severity, scope=scope, kind=kind,
        message=_str(data, "message", src), why=_str(data, "why", src), fix=advice,
        example=Example(str(example["bad"]).strip(), str(example["good"]).strip()),
        params=params,
        applies_to=_enum_list(data, "applies_to", src, LetterType),
        complaint_types=_enum_list(data, "complaint_types", src, ComplaintType),
        formats=tuple(str(f) for f in data.get("formats") or ()),
        requires=tuple(requires), paragraphs=tuple(str(p) for p in paragraphs), source=src,
        autofix=autofix, impl=impl, replaces=data.get("replaces"),
    )
    module = rule_module(rule)
    compile_fn = getattr(module, "compile", None)
    if compile_fn is not None:
        try:
            rule = replace(rule, compiled=compile_fn(params, banks))
        except (PatternError, ValueError, KeyError) as exc:
            raise ConfigError(src, "params", str(exc).strip("'\"")) from None
    return rule


@dataclass(frozen=True)
class RuleSet:
    """The loaded rules (sorted by code) and the phrase banks they use."""
    rules: tuple[Rule, ...]
    banks: Mapping[str, PhraseBank]

    def by_code(self, code_or_name: str) -> Rule | None:
        """The rule with this code (LL101, any case) or name (outcome-not-stated), or None."""
        key = code_or_name.strip()
        for r in self.rules:
            if key.upper() == r.code or key.lower() == r.name:
                return r
        return None


def _area_code(rule: Rule, rules: Mapping[str, Rule], path: Path) -> None:
    """An Area's own rule uses a code in LL800-LL899, or takes a built-in rule's place by
    naming it (``replaces: LL112``, with the same code)."""
    from letterlint.rules import schema  # pydantic: only when a file is read

    src = str(path)
    if rule.replaces is not None:
        if rule.replaces != rule.code:
            raise ConfigError(src, "replaces", f"must be the rule's own code ({rule.code}): a rule replaces "
                                               "the built-in rule with its code")
        if rule.code not in rules:
            raise ConfigError(src, "replaces", f"there is no built-in rule {rule.code} to replace"
                              + schema.did_you_mean(rule.code, rules))
        return
    if rule.code in rules:
        raise ConfigError(src, "code", f"{rule.code} is a built-in rule's code ({Path(rules[rule.code].source).name}): "
                                       f"use a code from {schema.AREA_RANGE}, or add 'replaces: {rule.code}' "
                                       "to take its place")
    if int(rule.code[2:]) not in schema.AREA_CODES:
        raise ConfigError(src, "code", f"an Area's own rules use codes {schema.AREA_RANGE} (built-in rules "
                                       "use LL100-LL799)")


def load_ruleset(rule_dirs: Iterable[Path], bank_dirs: Iterable[Path]) -> RuleSet:
    """Every rule in ``rule_dirs`` (the built-in folder first, then an Area's own) with the
    banks of ``bank_dirs``. Raises ConfigError for the first bad file."""
    banks = load_banks(bank_dirs)
    uses = tuple(banks.items())
    rules: dict[str, Rule] = {}
    names: dict[str, str] = {}
    builtin = builtin_dir("rules").resolve()
    for d in rule_dirs:
        if not d.is_dir():
            raise ConfigError(str(d), "", "rule folder not found")
        area = d.resolve() != builtin
        for path in sorted(d.glob("*.yaml")):
            rule = per_file("rule", path, uses, functools.partial(load_rule, path, banks))
            if rule.code in rules and Path(rules[rule.code].source).parent == path.parent:
                raise ConfigError(str(path), "code", f"{rule.code} is already used by {rules[rule.code].source}")
            if area:
                _area_code(rule, {c: r for c, r in rules.items() if Path(r.source).resolve().parent == builtin},
                           path)
            if rule.name in names and names[rule.name] != rule.code:
                raise ConfigError(str(path), "name", f"{rule.name!r} is already used by {names[rule.name]}")
            rules[rule.code] = rule  # an Area's folder may replace a built-in rule by code
            names[rule.name] = rule.code
    for rule in rules.values():
        _check_reads(rule, rules)
    return RuleSet(tuple(sorted(rules.values(), key=lambda r: r.code)), banks)


def _check_reads(rule: Rule, rules: Mapping[str, Rule]) -> None:
    """A rule that reads other rules' findings (``{found: [LL211]}`` in ``when``, or
    ``not_if_found``) names rules that exist and run before it: rules run in code order, so a
    finding of a later rule is not there yet and the condition would silently never hold.
    Raises ConfigError naming the rule file and the code."""
    reads: list[tuple[str, Any]] = []
    for group in rule.params.get("when") or []:
        for cond in group if isinstance(group, list) else [group]:
            if isinstance(cond, Mapping) and "found" in cond:
                found = cond["found"]
                reads += [("when", c) for c in (found if isinstance(found, list) else [found])]
    nif = rule.params.get("not_if_found") or []
    reads += [("not_if_found", c) for c in (nif if isinstance(nif, list) else [nif])]
    for field_name, code in reads:
        if code not in rules:
            from letterlint.rules import schema  # pydantic: only to word the error

            raise ConfigError(rule.source, f"params.{field_name}", f"{code} is not a rule of this rule set"
                              + schema.did_you_mean(str(code), rules))
        if str(code) >= rule.code:
            raise ConfigError(rule.source, f"params.{field_name}",
                              f"{code} runs after {rule.code} (rules run in code order), so its findings are "
                              f"not there to read: read rules with lower codes")


@functools.cache
def _cached_ruleset(rule_dirs: tuple[str, ...], bank_dirs: tuple[str, ...]) -> RuleSet:
    from letterlint.engine.rule_cache import load_or_build  # kept between runs (issue 15)

    return load_or_build(rule_dirs, bank_dirs,
                         lambda: load_ruleset([Path(d) for d in rule_dirs], [Path(d) for d in bank_dirs]))


def ruleset_for(extra_rule_dirs: Iterable[str] = (), extra_bank_dirs: Iterable[str] = ()) -> RuleSet:
    """Built-in rules and banks plus an Area's own folders; loaded once per process."""
    rdirs = (str(builtin_dir("rules")), *map(str, extra_rule_dirs))
    bdirs = (str(builtin_dir("phrasebanks")), *map(str, extra_bank_dirs))
    return _cached_ruleset(rdirs, bdirs)
