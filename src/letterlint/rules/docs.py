"""Per-rule documentation generated from the rule YAML (ruff style: what, why, example, fix)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from letterlint.rules.loader import RuleSet
from letterlint.rules.spec import Rule

HEADER = "<!-- Generated from rules/*.yaml by `letterlint docs`. Do not edit by hand. -->\n"


def _applies(rule: Rule) -> str:
    types = ", ".join(t.value for t in rule.applies_to) or "all letters"
    if rule.complaint_types:
        types += f" (complaint types: {', '.join(c.value for c in rule.complaint_types)})"
    if rule.formats:
        types += f" (formats: {', '.join(rule.formats)})"
    return types


def rule_markdown(rule: Rule) -> str:
    """One rule's documentation page (Markdown): what it checks, its questionnaire item and report
    paragraphs, why, an example, the fix, and its parameters with the kind's own docs."""
    from letterlint.reports.common import item_title

    lines = [
        HEADER,
        f"# {rule.code} {rule.name}",
        "",
        f"- **Questionnaire item:** {rule.item} ({item_title(rule.item)})",
    ]
    if rule.paragraphs:
        lines.append(f"- **Report paragraphs:** {', '.join(rule.paragraphs)}")
    lines += [
        f"- **Group:** {rule.group}",
        f"- **Severity:** {rule.severity.value}",
        f"- **Scope:** {rule.scope}",
        f"- **Applies to:** {_applies(rule)}",
        f"- **Check kind:** [`{rule.kind}`](kinds.md#{rule.kind})",
    ]
    if rule.requires:
        lines.append(f"- **Needs:** {', '.join(rule.requires)}")
    lines += [
        "",
        "## What it does",
        "",
        _placeholders(rule.message.strip(), rule.params),
        "",
        "## Why it matters",
        "",
        rule.why.strip(),
        "",
        "## Example",
        "",
        "Flagged:",
        "",
        *[f"> {line}" if line else ">" for line in rule.example.bad.splitlines()],
        "",
        "Better:",
        "",
        *[f"> {line}" if line else ">" for line in rule.example.good.splitlines()],
        "",
        "## How to fix it",
        "",
        _placeholders(rule.fix.strip(), rule.params),
        "",
        *(_autofix_lines(rule)),
        "## Settings",
        "",
    ]
    from letterlint.checks.kinds import KINDS

    kind = KINDS[rule.kind]
    spec = kind.params(rule.params.get(kind.select) if kind.select else None)
    shown = {k: v for k, v in rule.params.items() if k in spec and not _is_long(v)}
    if shown:
        for k, v in shown.items():
            lines.append(f"- `{k}`: `{v}` ({spec[k].doc})")
    else:
        lines.append("Patterns and parameters are in the rule file.")
    lines += ["", f"Source: `{Path(rule.source).name}`", ""]
    return "\n".join(lines)


# What each message placeholder stands for, in plain words (a letter such as *N* for a figure
# the check measures): shown in italics on the rule pages, as ruff's rule docs do, so a reader
# sees "*the words found*" rather than "{match}". A
# placeholder that is a suffix (it brings its own leading space or punctuation) starts with " ".
PLACEHOLDERS: dict[str, str] = {
    "match": "the words found",
    "suggestion": "the suggested wording",
    "value": "N",
    "max": "the limit",
    "min": "the minimum",
    "count": "n",
    "total": "m",
    "points": "the points not answered",
    "reason": "why it was flagged",
    "advice": "the advice for this term",
    "meaning": "what the word means",
    "problem": "what is wrong",
    "name": "the name",
    "role": "their role",
    "agency": "the agency named",
    "passage": "the standard paragraph it resembles",
    "examples": "examples from the letter",
    "hardest": "H",
    "words_per_sentence": "W",
    "syllables_per_word": "S",
    "escalation_date": "the date, one calendar month after the letter date",
    "medium": "letter (email, in an email reply)",
    "letter_date": "the letter date",
    "given": "the date in the letter",
    "expected": "the right date",
    "did_you_mean": " (Did you mean ...? with the suggestions, when there are any)",
    "harper_message": "Harper's message",
    "harper_suggestions": " (with Harper's suggestions, when it has any)",
    "lt_message": "LanguageTool's message",
    "lt_suggestions": " (with LanguageTool's suggestions, when it has any)",
}
_PLACEHOLDER_RE = re.compile(r"(['\u2018]?)\{(\w+)\}(['\u2019]?)")


def _placeholders(text: str, params: Mapping[str, Any] | None = None) -> str:
    """``text`` (a rule's message or fix) with each ``{placeholder}`` shown readably, in
    italics: the rule's own setting where the placeholder is one with a whole-number value
    ("more than *25* words") or a short text ("*names someone whose name should not be in the
    letter*"), else a plain description from ``PLACEHOLDERS`` ("*the words
    found*"); the grammar kind's ``{t0}``, ``{t1}``... become "*the first word matched*"...;
    an unknown name is spelt out (``{some_name}`` -> "*some name*"). Quotes around a
    placeholder are dropped, since the italics mark it already. Returns the new text."""
    params = params or {}

    def one(m: re.Match[str]) -> str:
        open_q, name, close_q = m.group(1), m.group(2), m.group(3)
        value = params.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            shown = f"*{value}*"
        elif isinstance(value, str) and value.strip() and "{" not in value and len(value) <= 120:
            shown = f"*{' '.join(value.split())}*"  # the rule's own words ("names a suspect ...")
        else:
            token = re.fullmatch(r"t(\d+)", name)  # the grammar kind's matched words, t0 first
            ordinal = ("first", "second", "third", "fourth", "fifth")
            if token and int(token.group(1)) < len(ordinal):
                words = f"the {ordinal[int(token.group(1))]} word matched"
            else:
                words = PLACEHOLDERS.get(name, name.replace("_", " "))
            shown = f" *{words.strip()}*" if words.startswith(" ") else f"*{words}*"
        if not (open_q and close_q):  # a lone quote belongs to the text around
            shown = f"{open_q}{shown}{close_q}"
        return shown

    return _PLACEHOLDER_RE.sub(one, text)


def _is_long(v: object) -> bool:
    return isinstance(v, (list, dict)) and len(str(v)) > 120


def index_markdown(ruleset: RuleSet) -> str:
    """The index page of the rule docs: every rule by questionnaire item."""
    from letterlint.reports.common import item_key, item_title

    lines = [HEADER, "# letterlint rules", "", "| Code | Name | Item | Severity | Applies to |",
             "|---|---|---|---|---|"]
    for r in sorted(ruleset.rules, key=lambda r: (item_key(r.item), r.code)):
        lines.append(f"| [{r.code}]({r.code}.md) | {r.name} | {r.item} {item_title(r.item)} | "
                     f"{r.severity.value} | {_applies(r)} |")
    return "\n".join(lines) + "\n"


def kinds_markdown(ruleset: RuleSet) -> str:
    """The page of the closed set of check kinds (checks/kinds.py): what each does, each choice
    of its select parameter, and every parameter with its type, default and doc, generated from
    the implementations' PARAMS, with the rules that use it."""
    from letterlint.checks.kinds import KINDS

    lines = [HEADER, "# Check kinds", "",
             f"A rule's `kind` is one of these {len(KINDS)}; nothing else loads. "
             "See docs/DESIGN.md (\"Add a rule\").", ""]
    for kind in KINDS.values():
        users = [r.code for r in ruleset.rules if r.kind == kind.name]
        lines += [f"## `{kind.name}`", "", kind.doc, "",
                  f"Rules: {', '.join(f'[{c}]({c}.md)' for c in users) or 'none built in'}", ""]
        for variant in kind.variants:
            if kind.select is not None:
                lines += [f"### `{kind.select}: {variant}`", ""]
            lines += ["| parameter | type | default | what it does |", "|---|---|---|---|"]
            for name, ps in kind.params(variant).items():
                if kind.select is not None and name == kind.select:
                    continue
                default = "required" if ps.required else f"`{ps.default!r}`"
                doc = ps.doc.replace("|", "\\|").replace("\n", " ")
                doc = doc.rstrip(".") + "." if doc else ""
                choices = f" One of: {', '.join(map(str, ps.choices))}." if ps.choices else ""
                lines.append(f"| `{name}` | {ps.type} | {default} | {doc}{choices} |")
            lines.append("")
    return "\n".join(lines)


def expected_files(ruleset: RuleSet) -> dict[str, str]:
    """File name -> content of every rule doc page, the index and the check kinds page."""
    files = {f"{r.code}.md": rule_markdown(r) for r in ruleset.rules}
    files["README.md"] = index_markdown(ruleset)
    files["kinds.md"] = kinds_markdown(ruleset)
    return files


def write_docs(ruleset: RuleSet, out: Path) -> list[str]:
    """Write every rule doc page and the index into ``out`` and delete pages of rules that no
    longer exist; returns the file names written. All or nothing: the pages are written first
    into a hidden folder inside ``out`` and moved into place only when every one was written,
    so a full disk, a quota or a read-only folder leaves ``out`` as it was (and removes it if
    this call made it). Errors: ``LetterlintError``, one line naming the folder and the cause."""
    import shutil
    import tempfile

    from letterlint.atomic import check_output
    from letterlint.errors import LetterlintError

    files = expected_files(ruleset)
    made = not out.exists()
    stage: Path | None = None
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name in files:
            check_output(out / name)  # never over a link, a folder or a device
        stage = Path(tempfile.mkdtemp(prefix=".letterlint-docs-", dir=out))
        for name, text in files.items():
            with open(stage / name, "w", encoding="utf-8", newline="\n") as fh:  # the user's umask
                fh.write(text)
        for name in files:
            os.replace(stage / name, out / name)
    except OSError as exc:
        if stage is not None:
            shutil.rmtree(stage, ignore_errors=True)
        if made:
            shutil.rmtree(out, ignore_errors=True)
        raise LetterlintError(f"{out}: cannot write ({exc.strerror or exc}); nothing was written") from None
    finally:
        if stage is not None and stage.exists():
            shutil.rmtree(stage, ignore_errors=True)
    # only pages this command wrote before (they start with HEADER): never anyone else's file
    stale = [p.name for p in out.glob("*.md") if p.name not in files and _generated(p)]
    for name in stale:
        (out / name).unlink()
    return sorted(files)


def _generated(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as fh:
            return fh.read(len(HEADER)) == HEADER
    except (OSError, UnicodeDecodeError):
        return False


def stale_docs(ruleset: RuleSet, out: Path) -> list[str]:
    """Names of the doc files in ``out`` that differ from what ``write_docs`` would write (missing
    ones included)."""
    files = expected_files(ruleset)
    problems = []
    for name, text in files.items():
        p = out / name
        if not p.is_file() or p.read_text(encoding="utf-8") != text:
            problems.append(name)
    problems += [p.name for p in out.glob("*.md") if p.name not in files]
    return sorted(problems)


def _autofix_lines(rule: Rule) -> list[str]:
    """What ``letterlint fix`` does for this rule (its ``autofix`` declaration)."""
    level = rule.autofix.level
    if level == "safe":
        return ["`letterlint fix` makes this correction for you (in a .docx as a tracked change with a "
                "comment).", ""]
    if level == "suggested":
        where = {"before-valediction": " as a new paragraph before the sign-off",
                 "after-opening": " as a new paragraph after the opening paragraph"}.get(rule.autofix.insert or "", "")
        return [f"`letterlint fix --suggested` offers this correction{where}; check it before accepting it.", ""]
    return []


# ------------------------------------------------------------------ `letterlint explain`, for a terminal

_PLACEHOLDER_WORDS = {
    "suggestion": "the wording letterlint suggests in its finding",
    "escalation_date": "the date one calendar month after the letter's date",
    "expected": "the right date",
    "letter_date": "the letter's date",
    "match": "the words found",
    "medium": "letter (email, in an email reply)",
}


def _plain(text: str, example: str = "") -> str:
    """Rule text for a terminal: placeholders said in words ('{suggestion}' -> the wording
    letterlint suggests for the letter), no Markdown code marks, one space between words.
    "for example: '{suggestion}'" gives ``example`` (the rule's own corrected wording) as the
    example, or, without one, loses the "for example" that would have nothing after it."""
    def word_for(name: str) -> str:
        return _PLACEHOLDER_WORDS.get(name, "the " + name.replace("_", " "))

    ex = " ".join(example.split())
    text = re.sub(r"""(,?\s*)for example:?\s*(['"]?)\{suggestion\}\2""",
                  lambda m: f"{m.group(1)}for example: '{ex}'" if ex else " (letterlint's finding gives the wording)",
                  text)
    text = re.sub(r"""(['"]?)\{(\w+)\}\1""", lambda m: word_for(m.group(2)), text)
    return " ".join(text.replace("`", "").replace("**", "").split())


def _applies_words(rule: Rule) -> str:
    types = ", ".join(t.value.replace("-", " ") for t in rule.applies_to) or "all letters"
    if rule.complaint_types:
        types += f" ({' and '.join(c.value for c in rule.complaint_types)} complaints)"
    if rule.formats:
        types += f", sent as {' or '.join(rule.formats)}"
    return types


def rule_text(rule: Rule, width: int = 80) -> str:
    """``letterlint explain CODE``: the rule as plain text wrapped at ``width`` columns: its
    questionnaire item, why it matters, an example and the fix. No Markdown, no placeholders,
    no rule internals (kind, scope, parameters)."""
    import textwrap

    from letterlint.reports.common import item_title

    width = max(40, width)

    def para(text: str, indent: str = "  ") -> list[str]:
        return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent,
                             break_on_hyphens=False) or [indent]

    where = f"{rule.item} {item_title(rule.item)}"
    if rule.paragraphs:
        where += f"; report paragraph{'s' if len(rule.paragraphs) > 1 else ''} {', '.join(rule.paragraphs)}"
    lines = [f"{rule.code} {rule.name}", *para(f"Questionnaire item: {where}", ""),
             *para(f"Severity: {rule.severity.value}. Applies to: {_applies_words(rule)}.", ""), "",
             "Why it matters", *para(_plain(rule.why)), "", "Example"]
    for label, text in (("Flagged", rule.example.bad), ("Better", rule.example.good)):
        lines += para(f"{label}: {' '.join(text.split())}")
    lines += ["", "How to fix it", *para(_plain(rule.fix, rule.example.good if rule.example else ""))]
    auto = [x for x in _autofix_lines(rule) if x]
    if auto:
        lines += para(_plain(auto[0]))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _overall_text(width: int) -> str:
    """``letterlint explain Q35``: Q35 has no rule of its own; it is the letter's rating, decided
    by the bands of ``scoring.yaml`` (HMCPSI 2023, paragraphs 7.46-7.48), listed in the order
    they are tried."""
    import textwrap

    from letterlint.scoring.score import model

    bands = model().bands
    text = ("Q35 Is the final letter of adequate quality or better? letterlint answers it from "
            "the letter's rating: yes when the rating is "
            + " or ".join(f"'{b.label}'" for b in bands if b.id != "below-standard")
            + f", no when it is '{model().label('below-standard')}'. The rating comes from the other "
            "items' answers and the score (HMCPSI 2023, paragraphs 7.46-7.48); every report "
            "gives the reasons for it on its 'why' line.")
    return "\n".join(textwrap.wrap(text, max(40, width))) + "\n"


def item_text(ruleset: RuleSet, item: str, width: int = 80) -> str | None:
    """``letterlint explain Q27``: the rules that check questionnaire item (or report paragraph)
    ``item``, one line each, or None when no rule does."""
    import textwrap

    from letterlint.reports.common import item_title

    rules = sorted((r for r in ruleset.rules if r.item.upper() == item.upper()), key=lambda r: r.code)
    if not rules:
        return _overall_text(width) if item.strip().upper() == "Q35" else None
    head = f"{rules[0].item} {item_title(rules[0].item)}: {len(rules)} rule{'s' if len(rules) != 1 else ''}"
    lines = [head, ""]
    name_width = max(len(r.name) for r in rules)
    for r in rules:
        first = f"  {r.code}  {r.name:<{name_width}}  {r.severity.value}"
        lines += textwrap.wrap(first, max(40, width), subsequent_indent=" " * 9)
    lines += ["", f"'letterlint explain {rules[0].code}' explains one of them."]
    return "\n".join(lines) + "\n"
