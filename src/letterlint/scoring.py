"""Findings -> questionnaire answers (Yes / No / Not applicable / Not assessed), a 0-100 score
with a breakdown by item, and the inspectors' rating band (HMCPSI 2023, 7.41-7.48).

The items, weights and bands are data: ``data/scoring.yaml``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from letterlint.model import Finding, ItemAnswer, ItemOutcome, Letter, RuleResult, Score, Severity

SCORING_FILE = Path(__file__).resolve().parent / "data" / "scoring.yaml"


@dataclass(frozen=True)
class ItemSpec:
    item: str
    question: str
    letter_types: tuple[str, ...]
    fails_on: Severity
    weight: float
    negative: bool = False
    per_finding: float | None = None
    not_assessed: bool = False
    conditional: bool = False  # "where appropriate": n/a when a rule found the situation did not arise
    cost_only: frozenset[str] = frozenset()  # rules that cost points but never fail the item


@dataclass(frozen=True)
class Band:
    id: str
    label: str
    any_of: Mapping[str, Any]
    all_of: Mapping[str, Any]


@dataclass(frozen=True)
class ScoringModel:
    items: tuple[ItemSpec, ...]
    bands: tuple[Band, ...]

    def label(self, band_id: str) -> str:
        return next((b.label for b in self.bands if b.id == band_id), band_id)


@functools.cache
def model(path: Path = SCORING_FILE) -> ScoringModel:
    from letterlint import yamlsafe
    from letterlint.errors import ConfigError

    data = yamlsafe.load(path)
    src = str(path)
    items = []
    for key, spec in (data.get("items") or {}).items():
        try:
            items.append(ItemSpec(
                item=str(key), question=str(spec["question"]),
                letter_types=tuple(spec["letter_types"]), fails_on=Severity(spec["fails_on"]),
                weight=float(spec["weight"]), negative=bool(spec.get("negative", False)),
                per_finding=float(spec["per_finding"]) if spec.get("per_finding") else None,
                not_assessed=bool(spec.get("not_assessed", False)),
                conditional=bool(spec.get("conditional", False)),
                cost_only=frozenset(str(c) for c in spec.get("cost_only") or ()),
            ))
        except (KeyError, ValueError, TypeError) as exc:
            raise ConfigError(src, f"items.{key}", f"invalid ({exc})") from None
    bands = []
    for i, b in enumerate(data.get("bands") or []):
        try:
            bands.append(Band(str(b["id"]), str(b["label"]), b.get("any_of") or {}, b.get("all_of") or {}))
        except (KeyError, TypeError) as exc:
            raise ConfigError(src, f"bands[{i}]", f"invalid ({exc})") from None
    if not bands or bands[-1].any_of or bands[-1].all_of:
        raise ConfigError(src, "bands", "the last band must have no conditions (the fallback)")
    return ScoringModel(tuple(items), tuple(bands))


def _distinct(findings: Sequence[Finding]) -> int:
    """Distinct problems: the same words flagged by the same rule count once, however often they
    recur, so a long letter is not marked down for length alone."""
    return len({(f.code, f.quote.strip().lower()) for f in findings})


def _why(failing: Sequence[Finding]) -> str:
    quotes: list[str] = []
    for f in failing:
        q = f.quote.strip()
        q = f"'{q[:40]}{'…' if len(q) > 40 else ''}'" if q and f.span is not None else f.message
        if q not in quotes:
            quotes.append(q)
    n = _distinct(failing)
    head = f"{n} problem{'s' if n != 1 else ''}: " if n > 1 else ""
    codes = ", ".join(sorted({f.code for f in failing}))
    more = f" and {len(quotes) - 3} more" if len(quotes) > 3 else ""
    return f"{head}{'; '.join(quotes[:3])}{more} ({codes})"


def _lost(spec: ItemSpec, findings: Sequence[Finding]) -> float:
    if spec.per_finding is None:
        return spec.weight
    return min(spec.weight, spec.per_finding * _distinct(findings))


def item_outcomes(letter: Letter, results: Sequence[RuleResult], findings: Sequence[Finding],
                  m: ScoringModel, complaint_given: bool = False) -> tuple[list[ItemOutcome], dict[str, int]]:
    """Answer every item as the inspectors would, from the rule results and active findings.

    An item is failed by an active finding at or above its ``fails_on`` severity (info never
    fails anything). It is "n/a" when it is not asked of this type of letter, when none of its
    rules applies to the letter, or, for a "where appropriate" item (``conditional``), when one
    of its rules found that the situation did not arise (Q27 when no failing is admitted, Q31
    when no other agency is involved). It is "not assessed" when no rule for it could run (or,
    for Q28, when the complainant's letter was not given).
    """
    from letterlint.engine import NOT_ARISEN

    active = [f for f in findings if not f.suppressed]
    lt = letter.letter_type.value
    outcomes: list[ItemOutcome] = []
    failing_counts: dict[str, int] = {}
    for spec in m.items:
        if lt == "unknown" and "unknown" not in spec.letter_types:
            outcomes.append(ItemOutcome(spec.item, spec.question, "not assessed", None,
                                        reason="the type of letter was not recognised (give --stage)"))
            continue
        if lt not in spec.letter_types:
            outcomes.append(ItemOutcome(spec.item, spec.question, "n/a", None,
                                        reason=f"not asked of {_article(lt)} letter"))
            continue
        relevant = [f for f in active if f.item == spec.item and f.severity.rank >= spec.fails_on.rank]
        failing = [f for f in relevant if f.code not in spec.cost_only]
        minor = [f for f in relevant if f.code in spec.cost_only]
        rules = [r for r in results if r.item == spec.item]
        ran = [r for r in rules if r.status in ("passed", "failed", "not-applicable")]
        na = [r for r in rules if r.status == "not-applicable"]
        arisen_not = [r for r in na if r.detail == NOT_ARISEN]
        failing_counts[spec.item] = _distinct(failing)
        if failing:
            answer: ItemAnswer = "yes" if spec.negative else "no"
            outcomes.append(ItemOutcome(spec.item, spec.question, answer, False, _lost(spec, failing),
                                        _why(failing)))
            continue
        if spec.not_assessed and not complaint_given:
            outcomes.append(ItemOutcome(spec.item, spec.question, "not assessed", None,
                                        reason="give the complainant's letter with --complaint to check this"))
            continue
        if (na and len(na) == len(rules)) or (spec.conditional and arisen_not):
            outcomes.append(ItemOutcome(spec.item, spec.question, "n/a", None,
                                        reason=next((r.detail for r in na if r.detail),
                                                    "what this item asks about did not come up")))
            continue
        if not ran:
            detail = next((r.detail for r in rules if r.detail), "no rule checks this item")
            outcomes.append(ItemOutcome(spec.item, spec.question, "not assessed", None, reason=detail))
            continue
        ok: ItemAnswer = "no" if spec.negative else "yes"
        lost = min(spec.weight, (spec.per_finding or 2.0) * _distinct(minor)) if minor else 0.0
        outcomes.append(ItemOutcome(spec.item, spec.question, ok, True, lost,
                                    f"met, but: {_why(minor)}" if minor else ""))
    return outcomes, failing_counts


def _article(letter_type: str) -> str:
    name = letter_type.replace("-", " ")
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def _holds(kind: str, value: Any, by_item: Mapping[str, ItemOutcome], counts: Mapping[str, int],
           score: float) -> tuple[bool, str]:
    if kind == "fails_any":
        failed = [i for i in value if i in by_item and by_item[i].passed is False]
        return bool(failed), f"{', '.join(failed)} not met" if failed else ""
    if kind == "passes_all":
        failed = [i for i in value if i in by_item and by_item[i].passed is False]
        return not failed, "" if failed else f"{', '.join(i for i in value if i in by_item)} met"
    if kind == "errors_more_than":
        n = sum(counts.get(i, 0) for i in value["items"])
        return n > int(value["count"]), f"{n} spelling or grammar errors"
    if kind == "errors_at_most":
        n = sum(counts.get(i, 0) for i in value["items"])
        return n <= int(value["count"]), f"{n} spelling or grammar errors"
    if kind == "score_below":
        return score < float(value), f"score {score:.0f} below {value}"
    if kind == "score_at_least":
        return score >= float(value), f"score {score:.0f}"
    raise ValueError(f"unknown band condition {kind!r}")


def rate(outcomes: Sequence[ItemOutcome], counts: Mapping[str, int], score: float,
         m: ScoringModel) -> tuple[str, list[str]]:
    by_item = {o.item: o for o in outcomes}
    for band in m.bands:
        if band.any_of:
            hits = [why for k, v in band.any_of.items() for ok, why in [_holds(k, v, by_item, counts, score)] if ok]
            if hits:
                return band.id, hits
            continue
        checks = [_holds(k, v, by_item, counts, score) for k, v in band.all_of.items()]
        if all(ok for ok, _ in checks):
            return band.id, [why for _, why in checks if why]
    return m.bands[-1].id, []


def band_score(outcomes: Sequence[ItemOutcome]) -> float:
    """The score the rating bands compare (0-100): points lost on items answered against the
    letter only. Measures that cost points on a met item (``cost_only``: a long sentence, the
    passive voice) never move the band (HMCPSI 7.46-7.48 rate what a letter does)."""
    return max(0.0, 100.0 - sum(o.points_lost for o in outcomes if o.passed is not True))


def score(letter: Letter, results: Sequence[RuleResult], findings: Sequence[Finding],
          complaint_given: bool = False) -> Score:
    m = model()
    outcomes, counts = item_outcomes(letter, results, findings, m, complaint_given)
    value = max(0.0, 100.0 - sum(o.points_lost for o in outcomes))
    band, reasons = rate(outcomes, counts, band_score(outcomes), m)
    return Score(value, band, m.label(band), tuple(outcomes), tuple(reasons))


def breakdown(s: Score) -> list[ItemOutcome]:
    """The items that cost points, the costliest first (ties in questionnaire order)."""
    return sorted((o for o in s.items if o.points_lost > 0), key=lambda o: -o.points_lost)
