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
    return len({(f.code, f.quote.strip().lower()) for f in findings})


def item_outcomes(letter: Letter, results: Sequence[RuleResult], findings: Sequence[Finding],
                  m: ScoringModel) -> tuple[list[ItemOutcome], dict[str, int]]:
    active = [f for f in findings if not f.suppressed]
    lt = letter.letter_type.value
    outcomes: list[ItemOutcome] = []
    failing_counts: dict[str, int] = {}
    for spec in m.items:
        if lt not in spec.letter_types:
            continue
        failing = [f for f in active if f.item == spec.item and f.severity.rank >= spec.fails_on.rank]
        rules = [r for r in results if r.item == spec.item]
        ran = [r for r in rules if r.status in ("passed", "failed")]
        failing_counts[spec.item] = _distinct(failing)
        if failing:
            lost = spec.weight
            if spec.per_finding is not None:
                lost = min(spec.weight, spec.per_finding * _distinct(failing))
            answer: ItemAnswer = "yes" if spec.negative else "no"
            outcomes.append(ItemOutcome(spec.item, spec.question, answer, False, lost, failing[0].message))
        elif rules and all(r.status == "not-applicable" for r in rules):
            outcomes.append(ItemOutcome(spec.item, spec.question, "n/a", None,
                                        reason="what this item asks about did not come up"))
        elif not ran:
            detail = next((r.detail for r in rules if r.detail), "no rule checks this item yet")
            outcomes.append(ItemOutcome(spec.item, spec.question, "not assessed", None, reason=detail))
        else:
            ok: ItemAnswer = "no" if spec.negative else "yes"
            outcomes.append(ItemOutcome(spec.item, spec.question, ok, True))
    return outcomes, failing_counts


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


def score(letter: Letter, results: Sequence[RuleResult], findings: Sequence[Finding],
          complaint_given: bool = False) -> Score:
    m = model()
    outcomes, counts = item_outcomes(letter, results, findings, m)
    value = max(0.0, 100.0 - sum(o.points_lost for o in outcomes))
    band, reasons = rate(outcomes, counts, value, m)
    return Score(value, band, m.label(band), tuple(outcomes), tuple(reasons))
