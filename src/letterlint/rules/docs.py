"""Per-rule documentation generated from the rule YAML (ruff style: what, why, example, fix)."""

from __future__ import annotations

import re
from pathlib import Path

from letterlint.rules.loader import RuleSet, kind_module
from letterlint.rules.spec import Rule

HEADER = "<!-- Generated from rules/*.yaml by `letterlint docs`. Do not edit by hand. -->\n"


def _applies(rule: Rule) -> str:
    types = ", ".join(t.value for t in rule.applies_to) or "all letters"
    if rule.complaint_types:
        types += f" (complaint types: {', '.join(c.value for c in rule.complaint_types)})"
    return types


def rule_markdown(rule: Rule) -> str:
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
        f"- **Check kind:** `{rule.kind}`",
    ]
    if rule.requires:
        lines.append(f"- **Needs:** {', '.join(rule.requires)}")
    lines += [
        "",
        "## What it does",
        "",
        _placeholders(rule.message.strip()),
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
        rule.fix.strip(),
        "",
        *(_autofix_lines(rule)),
        "## Settings",
        "",
    ]
    spec = getattr(kind_module(rule.kind), "PARAMS", {})
    shown = {k: v for k, v in rule.params.items() if k in spec and not _is_long(v)}
    if shown:
        for k, v in shown.items():
            lines.append(f"- `{k}`: `{v}` ({spec[k].doc})")
    else:
        lines.append("Patterns and parameters are in the rule file.")
    lines += ["", f"Source: `{Path(rule.source).name}`", ""]
    return "\n".join(lines)


def _placeholders(text: str) -> str:
    """Show message placeholders readably: '{match}' -> '[match]'."""
    return re.sub(r"\{(\w+)\}", lambda m: "[" + m.group(1).replace("_", " ") + "]", text)


def _is_long(v: object) -> bool:
    return isinstance(v, (list, dict)) and len(str(v)) > 120


def index_markdown(ruleset: RuleSet) -> str:
    from letterlint.reports.common import item_key, item_title

    lines = [HEADER, "# letterlint rules", "", "| Code | Name | Item | Severity | Applies to |",
             "|---|---|---|---|---|"]
    for r in sorted(ruleset.rules, key=lambda r: (item_key(r.item), r.code)):
        lines.append(f"| [{r.code}]({r.code}.md) | {r.name} | {r.item} {item_title(r.item)} | "
                     f"{r.severity.value} | {_applies(r)} |")
    return "\n".join(lines) + "\n"


def expected_files(ruleset: RuleSet) -> dict[str, str]:
    files = {f"{r.code}.md": rule_markdown(r) for r in ruleset.rules}
    files["README.md"] = index_markdown(ruleset)
    return files


def write_docs(ruleset: RuleSet, out: Path) -> list[str]:
    from letterlint.atomic import write_atomic

    out.mkdir(parents=True, exist_ok=True)
    files = expected_files(ruleset)
    for name, text in files.items():
        write_atomic(out / name, text)
    stale = [p.name for p in out.glob("*.md") if p.name not in files]
    for name in stale:
        (out / name).unlink()
    return sorted(files)


def stale_docs(ruleset: RuleSet, out: Path) -> list[str]:
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
