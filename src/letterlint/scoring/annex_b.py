"""Annex B-style summary of many letters: Yes / No per item beside the national figures."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letterlint.model import Report

ANNEX_B = Path(__file__).resolve().parents[1] / "data" / "annex_b.yaml"
GROUPS = ("overall", "stage-one", "stage-two")
RATING_IDS = ("better-than-adequate", "adequate", "below-standard")
ADEQUATE_ITEM = "Q35"


@functools.cache
def national() -> dict[str, Any]:
    """The national results letterlint compares with (HMCPSI 2023, Annex B, and paragraphs 7.42,
    7.49-7.50), read once from ``data/annex_b.yaml``: ``items`` maps an item (``Q16``...) to
    ``{group: {count, of}}`` (letters answering yes, of those the item applied to) and
    ``ratings`` maps a group to the count of letters in each rating band. Raises ``ConfigError``
    if the file is damaged."""
    from letterlint.rules import yamlsafe

    data: dict[str, Any] = yamlsafe.load(ANNEX_B)
    return data


@dataclass
class ItemRow:
    """One row of the Annex B table for one group of letters: how many answered the item ``yes``,
    ``no``, not applicable and not assessed, and the national percentage answering yes (``None``
    where the report gives none)."""

    item: str
    question: str
    yes: int = 0
    no: int = 0
    not_applicable: int = 0
    not_assessed: int = 0
    national_yes_pct: float | None = None

    @property
    def answered(self) -> int:
        """Letters answering yes or no (not applicable and not assessed are left out, as in Annex
        B)."""
        return self.yes + self.no

    @property
    def yes_pct(self) -> float | None:
        """Percentage of answered letters answering yes (0 to 100), or ``None`` when none answered."""
        return 100.0 * self.yes / self.answered if self.answered else None

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON, with ``yes_pct`` rounded to one decimal place."""
        return {"item": self.item, "question": self.question, "yes": self.yes, "no": self.no,
                "not_applicable": self.not_applicable, "not_assessed": self.not_assessed,
                "yes_pct": None if self.yes_pct is None else round(self.yes_pct, 1),
                "national_yes_pct": self.national_yes_pct}


@dataclass
class Group:
    """The Annex B table for a group of letters (``overall``, ``stage-one`` or ``stage-two``): the
    number of ``letters``, a row per item in questionnaire order, the count in each rating band
    and the national percentage in each band."""

    name: str
    letters: int = 0
    rows: dict[str, ItemRow] = field(default_factory=dict)
    ratings: Counter[str] = field(default_factory=Counter)
    national_ratings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The group as JSON: letters, items, ratings (every band, 0 if none) and
        ``national_ratings_pct``."""
        return {"letters": self.letters, "items": [r.to_dict() for r in self.rows.values()],
                "ratings": {k: self.ratings.get(k, 0) for k in RATING_IDS},
                "national_ratings_pct": self.national_ratings}


@dataclass
class Summary:
    """The Annex B-style summary of a batch (``letterlint summary``): a :class:`Group` for each of
    ``overall``, ``stage-one`` and ``stage-two``, the number of letters ``checked``, the
    ``unreadable`` files (path, one-line cause) and the letters ``incomplete`` (not fully
    checked: path and the codes of the rules that errored), which are counted apart and never
    rated."""

    groups: dict[str, Group]
    checked: int
    unreadable: list[tuple[str, str]]
    # letters whose checks errored or ran out of time: counted apart, never in a rating band
    incomplete: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON, with the source of the national figures."""
        return {"checked": self.checked,
                "unreadable": [{"path": p, "error": e} for p, e in self.unreadable],
                "not_fully_checked": [{"path": p, "rules": list(c)} for p, c in self.incomplete],
                "groups": {k: g.to_dict() for k, g in self.groups.items()},
                "national_source": national().get("source", "")}


def _pct(yes: int, n: int) -> float:
    return round(100.0 * yes / n, 1) if n else 0.0


def summarise(reports: Sequence[Report]) -> Summary:
    """Count the answers of ``reports`` (one per letter) item by item, as in HMCPSI 2023 Annex B,
    beside the national figures. A letter counts in ``overall`` and in its stage's group; Q35
    (adequate quality or better) comes from its rating. Unreadable and not fully checked letters
    are listed apart, not counted. ``Tally`` does the same one letter at a time."""
    tally = Tally()
    for r in reports:
        tally.add(r)
    return tally.summary()


class Tally:
    """The Annex B summary built one letter at a time (``add``), so a batch need not keep its
    reports (issue 15): it holds only the counts per group, item and answer, and the path and
    cause of each letter not counted. ``summary()`` gives the same ``Summary`` as ``summarise``."""

    def __init__(self) -> None:
        nat = national()
        self._nat = nat
        self.groups = {g: Group(g) for g in GROUPS}
        for g, grp in self.groups.items():
            counts = nat.get("ratings", {}).get(g, {})
            total = sum(counts.values())
            grp.national_ratings = {k: _pct(v, total) for k, v in counts.items()}
        self.unreadable: list[tuple[str, str]] = []
        self.incomplete: list[tuple[str, tuple[str, ...]]] = []
        self.checked = 0

    def add(self, r: Report) -> None:
        """Count one letter's report ``r``."""
        if r.error or r.score is None:
            self.unreadable.append((r.path, r.error or "not checked"))
            return
        if r.incomplete:
            self.incomplete.append((r.path, r.incomplete))
            return
        self.checked += 1
        groups, nat = self.groups, self._nat
        lt = next((f.value for f in r.facts if f.name == "letter_type"), "unknown")
        lt = getattr(lt, "value", lt)
        targets = [groups["overall"]] + ([groups[lt]] if lt in groups else [])
        for grp in targets:
            grp.letters += 1
            grp.ratings[r.score.rating] += 1
            for o in (*r.score.items, _adequate_item(r)):
                row = grp.rows.get(o.item)
                if row is None:
                    row = grp.rows[o.item] = ItemRow(o.item, o.question)
                    figure = nat.get("items", {}).get(o.item, {}).get(grp.name)
                    if figure:
                        row.national_yes_pct = _pct(figure["count"], figure["of"])
                if o.answer == "yes":
                    row.yes += 1
                elif o.answer == "no":
                    row.no += 1
                elif o.answer == "n/a":
                    row.not_applicable += 1
                else:
                    row.not_assessed += 1

    def summary(self) -> Summary:
        """The summary of the letters added so far: rows in questionnaire order."""
        from dataclasses import replace

        from letterlint.reports.common import item_key

        groups = {name: replace(grp, rows=dict(sorted(grp.rows.items(), key=lambda kv: item_key(kv[0]))))
                  for name, grp in self.groups.items()}
        return Summary(groups, self.checked, list(self.unreadable), list(self.incomplete))


def _adequate_item(r: Report) -> Any:
    from letterlint.model import ItemOutcome

    assert r.score is not None
    ok = r.score.rating in ("better-than-adequate", "adequate")
    return ItemOutcome(ADEQUATE_ITEM, "Is the final letter of adequate quality or better?",
                       "yes" if ok else "no", ok)
