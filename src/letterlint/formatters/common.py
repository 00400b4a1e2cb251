"""Shared by formatters: item titles, ordering and counts. Formatters see only Reports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from letterlint.model import Finding, Report, Score

ITEM_TITLES: dict[str, str] = {
    "7.11": "Outcome stated (upheld or not)",
    "Q15": "Holding letter on time",
    "Q16": "Holding letter: reason for the delay",
    "Q17": "Holding letter: date of the full reply",
    "Q22": "Spelling",
    "Q23": "Grammar",
    "Q24": "Legal jargon and acronyms",
    "Q25": "Empathy",
    "Q26": "Clear explanation",
    "Q27": "Mistakes acknowledged and apology",
    "Q28": "All issues addressed",
    "Q29": "Remedy",
    "Q30": "Offer of a meeting",
    "Q31": "Signposting other agencies",
    "Q32": "Next stage explained",
    "Q33": "Nothing it should not contain",
    "Q34": "Addressed correctly",
}
ORDER = tuple(ITEM_TITLES)


def rating_line(score: Score) -> str:
    """The rating and why, on one line: "adequate: Q29 remedy not met; 2 spelling mistakes"."""
    why = "; ".join(score.reasons)
    return f"{score.rating_label}: {why}" if why else score.rating_label


def item_key(item: str) -> tuple[int, str]:
    return (ORDER.index(item), item) if item in ORDER else (len(ORDER), item)


def item_title(item: str) -> str:
    return ITEM_TITLES.get(item, f"Report paragraph {item}")


def grouped(findings: Sequence[Finding]) -> list[tuple[str, list[Finding]]]:
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.item, []).append(f)
    return sorted(groups.items(), key=lambda kv: item_key(kv[0]))


def counts(reports: Sequence[Report]) -> Counter[str]:
    c: Counter[str] = Counter()
    for r in reports:
        if r.error:
            c["unreadable"] += 1
        for f in r.findings:
            c["suppressed" if f.suppressed else f.severity.value] += 1
    return c


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(reports: Sequence[Report]) -> str:
    c = counts(reports)
    parts = [plural(c["error"], "error"), plural(c["warning"], "warning"), f"{c['info']} info"]
    if c["suppressed"]:
        parts.append(f"{c['suppressed']} suppressed")
    if c["unreadable"]:
        parts.append(plural(c["unreadable"], "unreadable file"))
    checked = sum(1 for r in reports if not r.error)
    head = f"{plural(checked, 'letter')} checked" if len(reports) > 1 else (reports[0].path if reports else "")
    tail = ""
    if len(reports) == 1 and reports[0].score is not None:
        s = reports[0].score
        tail = f" · score {s.value:.0f}/100 · {s.rating_label}"
    return f"{head}: {', '.join(parts)}{tail}"
