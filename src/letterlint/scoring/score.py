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

from letterlint.model import (
    INCOMPLETE_RATING,
    NOT_FULLY_CHECKED,
    Finding,
    ItemAnswer,
    ItemOutcome,
    Letter,
    Outcome,
    RuleResult,
    Score,
    Severity,
    complaint_how,
    shorten,
    stage_how,
)

SCORING_FILE = Path(__file__).resolve().parents[1] / "data" / "scoring.yaml"


@dataclass(frozen=True)
class ItemSpec:
    """How one questionnaire item (HMCPSI 2023, Annex C; e.g. ``Q25``, or report paragraph ``7.11``)
    is answered, from ``scoring.yaml``: the letter types it is asked of, the lowest finding
    severity that fails it (``fails_on``), points lost when it fails (``weight``, of 100) or per
    distinct problem (``per_finding``, up to the weight), whether a yes fails it (``negative``,
    e.g. Q22), whether it needs the complaint to be assessed (``not_assessed``), whether it is a
    "where appropriate" item (``conditional``), and rules that cost points but never fail it
    (``cost_only``). The file's header comment explains each field."""

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
    """One rating band of ``scoring.yaml`` (HMCPSI 2023, paragraphs 7.41-7.48), tried in order: the
    ``id`` and ``label``, and conditions of which one (``any_of``) or all (``all_of``) must hold.
    The last band has no conditions and catches the rest."""

    id: str
    label: str
    any_of: Mapping[str, Any]
    all_of: Mapping[str, Any]


@dataclass(frozen=True)
class ScoringModel:
    """``scoring.yaml`` loaded: the items in questionnaire order and the rating bands in the order
    they are tried."""

    items: tuple[ItemSpec, ...]
    bands: tuple[Band, ...]

    def label(self, band_id: str) -> str:
        """The words for a band id (``adequate`` -> "Adequate"); the id itself if unknown."""
        return next((b.label for b in self.bands if b.id == band_id), band_id)


@functools.cache
def model(path: Path = SCORING_FILE) -> ScoringModel:
    """The scoring model read from ``path`` (default: the bundled ``data/scoring.yaml``), cached per
    path. Raises ``ConfigError`` naming the file and the item or band that is invalid, or when
    the last band has conditions (it must be the fallback). The bundled model is also kept
    between runs (``engine.rule_cache.kept``, keyed on the file and the code that reads it), so a
    cold run parses no YAML for it (issue 15)."""
    if path == SCORING_FILE:
        import hashlib

        from letterlint import __version__
        from letterlint.engine.rule_cache import kept

        h = hashlib.sha256(f"scoring\0{__version__}\0".encode())
        try:
            for f in (path, Path(__file__), Path(__file__).parents[1] / "rules" / "schema.py"):
                h.update(hashlib.sha256(f.read_bytes()).digest())
        except OSError:
            return _read_model(path)
        kept_model: ScoringModel = kept("data", h.hexdigest(), lambda: _read_model(path))
        return kept_model
    return _read_model(path)


def _read_model(path: Path) -> ScoringModel:
    from letterlint.errors import ConfigError
    from letterlint.rules import yamlsafe
    from letterlint.rules.schema import did_you_mean, validate

    data = yamlsafe.load(path)
    src = str(path)
    validate(src, "scoring", data)
    known = [str(k) for k in data["items"]]
    for i, b in enumerate(data["bands"]):
        for group in ("any_of", "all_of"):
            for cond, value in (b.get(group) or {}).items():
                ids = value.get("items", []) if isinstance(value, dict) else value if isinstance(value, list) else []
                for item in ids:
                    if str(item) not in known:
                        raise ConfigError(src, f"bands[{i}].{group}.{cond}",
                                          f"{item!r} is not an item of this file{did_you_mean(str(item), known)}")
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
        q = f"'{shorten(q, 40)}'" if q and f.span is not None else f.message
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
                  m: ScoringModel, complaint_given: bool = False,
                  context: str = "cli") -> tuple[list[ItemOutcome], dict[str, int]]:
    """Answer every item as the inspectors would, from the rule results and active findings.

    An item is failed by an active finding at or above its ``fails_on`` severity (info never
    fails anything). It is "n/a" when it is not asked of this type of letter, when none of its
    rules applies to the letter, or, for a "where appropriate" item (``conditional``), when one
    of its rules found that the situation did not arise (Q27 when no failing is admitted, Q31
    when no other agency is involved). It is "not assessed" when no rule for it could run (or,
    for Q28, when the complainant's letter was not given).
    """
    active = [f for f in findings if not f.suppressed]
    lt = letter.letter_type.value
    outcomes: list[ItemOutcome] = []
    failing_counts: dict[str, int] = {}
    for spec in m.items:
        if lt == "unknown" and "unknown" not in spec.letter_types:
            outcomes.append(ItemOutcome(spec.item, spec.question, "not assessed", None,
                                        reason=f"the type of letter was not recognised ({stage_how(context)})"))
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
        arisen_not = [r for r in na if r.outcome is Outcome.DID_NOT_ARISE]
        failing_counts[spec.item] = _distinct(failing)
        if failing:
            answer: ItemAnswer = "yes" if spec.negative else "no"
            outcomes.append(ItemOutcome(spec.item, spec.question, answer, False, _lost(spec, failing),
                                        _why(failing), max((f.severity for f in failing), key=lambda v: v.rank)))
            continue
        errored = [r for r in rules if r.status == "errored"]
        if errored:  # a check that errored cannot pass the item (issue 12)
            outcomes.append(ItemOutcome(spec.item, spec.question, NOT_FULLY_CHECKED, None, reason=(
                "not fully checked: " + "; ".join(f"{r.code} {r.detail}".strip() for r in errored))))
            continue
        if spec.not_assessed and not complaint_given:
            outcomes.append(ItemOutcome(spec.item, spec.question, "not assessed", None,
                                        reason=f"{complaint_how(context)} to check this"))
            continue
        # a "where appropriate" item whose rule found the thing missing but left only a
        # suggestion (info): letterlint cannot tell whether it was due, so it does not claim
        # "yes" (a letter that offers no meeting has not "offered a meeting where appropriate")
        unsure = [f for f in active if f.item == spec.item and f.severity is Severity.INFO
                  and f.code not in spec.cost_only] if spec.conditional else []
        if unsure:
            outcomes.append(ItemOutcome(spec.item, spec.question, "n/a", None, reason=(
                f"not found ({unsure[0].code}); letterlint cannot tell whether it was due")))
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


def _fail_count(value: Any) -> tuple[list[str], int, tuple[str, ...] | None]:
    """A ``fails_any`` or ``fails_at_least`` value as (items, count, letter types or None): a
    plain list of items is "any one of these, for every letter type"."""
    if isinstance(value, Mapping):
        types = value.get("letter_types")
        return [str(i) for i in value["items"]], int(value.get("count", 1)), tuple(types) if types else None
    return [str(i) for i in value], 1, None


def _fails_enough(item: str, value: Any, by_item: Mapping[str, ItemOutcome]) -> bool:
    """Whether ``item`` is failed as the condition ``value`` counts it: not met, and, where the
    condition's ``severity_at_least`` names the item, by a finding of that severity or above."""
    o = by_item.get(item)
    if o is None or o.passed is not False:
        return False
    need = (value.get("severity_at_least") or {}).get(item) if isinstance(value, Mapping) else None
    return need is None or o.severity is None or o.severity.rank >= Severity(need).rank


def decisive_failures(value: Any, by_item: Mapping[str, ItemOutcome], letter_type: str | None) -> list[str]:
    """The items of a ``fails_any`` / ``fails_at_least`` condition that the letter fails, when
    there are enough of them and the condition applies to ``letter_type`` (None: any type);
    else []. An item the condition's ``severity_at_least`` names counts only when a finding of
    that severity fails it (one complaint point that word matching cannot find answered, a
    warning, does not by itself put a letter below the standard; two or more, an error, do)."""
    items, count, types = _fail_count(value)
    if types is not None and letter_type is not None and letter_type not in types:
        return []
    failed = [i for i in items if _fails_enough(i, value, by_item)]
    return failed if len(failed) >= count else []


def _holds(kind: str, value: Any, by_item: Mapping[str, ItemOutcome], counts: Mapping[str, int],
           score: float, letter_type: str | None = None) -> tuple[bool, str]:
    if kind in ("fails_any", "fails_at_least"):
        failed = decisive_failures(value, by_item, letter_type)
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
         m: ScoringModel, letter_type: str | None = None) -> tuple[str, list[str]]:
    """The rating band of a letter and the reasons for it: the first band of ``m`` whose conditions
    hold, given the item ``outcomes``, the count of distinct problems per item (``counts``),
    ``score`` (the band score, 0 to 100) and the ``letter_type`` (conditions limited to some
    letter types; None: every condition applies). Raises ``ValueError`` on a band condition it
    does not know."""
    by_item = {o.item: o for o in outcomes}
    for band in m.bands:
        if band.any_of:
            hits = [why for k, v in band.any_of.items()
                    for ok, why in [_holds(k, v, by_item, counts, score, letter_type)] if ok]
            if hits:
                return band.id, hits
            continue
        checks = [_holds(k, v, by_item, counts, score, letter_type) for k, v in band.all_of.items()]
        if all(ok for ok, _ in checks):
            return band.id, [why for _, why in checks if why]
    return m.bands[-1].id, []


def band_score(outcomes: Sequence[ItemOutcome]) -> float:
    """The score the rating bands compare (0-100): points lost on items answered against the
    letter only. Measures that cost points on a met item (``cost_only``: a long sentence, the
    passive voice) never move the band (HMCPSI 7.46-7.48 rate what a letter does)."""
    return max(0.0, 100.0 - sum(o.points_lost for o in outcomes if o.passed is not True))


def score(letter: Letter, results: Sequence[RuleResult], findings: Sequence[Finding],
          complaint_given: bool = False, context: str = "cli") -> Score:
    """The letter's :class:`Score` against the questionnaire: each item answered from the rule
    ``results`` and active ``findings``, the score (100 less points lost, never below 0), the
    rating band and its reasons. A letter whose checks errored is not fully checked: rating
    ``incomplete``, no band. ``complaint_given`` says whether the complainant's letter was given
    (Q28 is otherwise not assessed); ``context`` ("cli" or "web") words how to give it."""
    m = model()
    outcomes, counts = item_outcomes(letter, results, findings, m, complaint_given, context)
    value = max(0.0, 100.0 - sum(o.points_lost for o in outcomes))
    errored = sorted({r.code for r in results if r.status == "errored"})
    if errored:  # a letter whose checks errored gets no rating band: it is not fully checked
        return Score(value, INCOMPLETE_RATING, "not fully checked", tuple(outcomes),
                     (f"not fully checked: {', '.join(errored)} could not run",))
    lt = letter.letter_type.value if letter is not None else None
    band, _ = rate(outcomes, counts, band_score(outcomes), m, lt)
    return Score(value, band, m.label(band), tuple(outcomes),
                 tuple(reasons(outcomes, counts, value, band, m, context, lt)))


# Short names for the reasons line ("adequate: Q29 remedy not met; 2 spelling mistakes").
SHORT = {
    "7.11": "outcome", "Q16": "reason for the delay", "Q17": "date of the full reply", "Q22": "spelling",
    "Q23": "grammar", "Q24": "plain English (jargon)", "Q25": "empathy", "Q26": "clear explanation",
    "Q27": "apology", "Q28": "every issue answered", "Q29": "remedy", "Q30": "meeting",
    "Q31": "signposting", "Q32": "next stage", "Q33": "nothing it should not contain",
    "Q34": "addressing and letter details",  # greeting, sign-off, date, reference, team contact
}
# Why a letter that fails an item is below the standard whatever its score (HMCPSI 2023, 7.48).
BELOW_BECAUSE = {
    "Q25": "lacks empathy", "Q26": "lacks a clear explanation", "Q28": "does not answer every issue raised",
    "Q16": "does not explain the delay", "Q17": "does not say when the full reply will come",
    "Q34": "is not addressed correctly",
}
FAILED_AS = {"Q22": "spelling mistakes", "Q23": "grammar mistakes", "Q24": "unexplained legal jargon",
             "Q33": "something it should not contain"}
ASSUMES_Q28 = f"assumes every point in the complaint was answered ({complaint_how('cli')} to check Q28)"
ASSUMES_Q28_WEB = f"assumes every point in the complaint was answered ({complaint_how('web')} to check Q28)"


def _mistakes(counts: Mapping[str, int]) -> list[str]:
    out = []
    for key, word in (("Q22", "spelling"), ("Q23", "grammar")):
        n = counts.get(key, 0)
        if n:
            out.append(f"{n} {word} mistake{'s' if n != 1 else ''}")
    return out


def _not_met(item: str) -> str:
    return f"{item} {FAILED_AS[item]}" if item in FAILED_AS else f"{item} {SHORT.get(item, item)} not met"


def _band_conditions(m: ScoringModel, band_id: str) -> Mapping[str, Any]:
    b = next((b for b in m.bands if b.id == band_id), None)
    return {**b.any_of, **b.all_of} if b else {}


def reasons(outcomes: Sequence[ItemOutcome], counts: Mapping[str, int], value: float, band: str,
            m: ScoringModel, context: str = "cli", letter_type: str | None = None) -> list[str]:
    """Why the letter got its rating, in words a manager follows: the items that held it back
    first, then what the score means beside the rating, then what the rating assumes.

    Returns short phrases; formatters join them after the rating ("adequate: Q29 remedy not
    met; 2 spelling mistakes"). Bands: HMCPSI 2023 7.46-7.48, as in ``data/scoring.yaml``.
    """
    by_item = {o.item: o for o in outcomes}
    failed = [o.item for o in outcomes if o.passed is False]
    out: list[str] = []
    below = _band_conditions(m, "below-standard")
    better = _band_conditions(m, "better-than-adequate")
    decisive: list[str] = []
    for kind in ("fails_any", "fails_at_least"):
        if kind in below:
            decisive += [i for i in decisive_failures(below[kind], by_item, letter_type) if i not in decisive]
    too_many = below.get("errors_more_than")
    n_errors = sum(counts.get(i, 0) for i in (too_many or {}).get("items", ("Q22", "Q23")))
    if band == "below-standard":
        out += [_not_met(i) for i in decisive]
        if too_many and n_errors > int(too_many["count"]):
            out.append(f"{' and '.join(_mistakes(counts))} (more than {too_many['count']}: numerous errors)")
        out += [_not_met(i) for i in failed if i not in decisive and i not in ("Q22", "Q23")]
        if not (too_many and n_errors > int(too_many["count"])):
            out += _mistakes(counts)  # fewer than "numerous", but still for the writer to put right
        floor = below.get("score_below")
        if floor is not None and value < float(floor) and not decisive:
            out.append(f"score {value:.0f}, below {float(floor):.0f}")
        elif floor is not None and value >= float(floor) and (decisive or n_errors):
            what = [BELOW_BECAUSE.get(i, f"fails {i}") for i in decisive] or ["has numerous spelling or grammar errors"]
            out.append(f"it scores {value:.0f}, more than some adequate letters, but a letter that "
                       f"{' and '.join(what)} is below the standard however well it does elsewhere (HMCPSI 7.48)")
    elif band == "adequate":
        out += [_not_met(i) for i in failed if i not in ("Q22", "Q23")]
        limit = better.get("errors_at_most")
        if limit and n_errors > int(limit["count"]):
            out += _mistakes(counts)
        at_least = better.get("score_at_least")
        if at_least is not None and value < float(at_least):
            costly = sorted((o for o in outcomes if o.points_lost > 0 and o.passed is not False),
                            key=lambda o: -o.points_lost)[:2]
            lost = ", ".join(f"{o.item} {SHORT.get(o.item, o.item)} -{o.points_lost:g}" for o in costly)
            out.append(f"score {value:.0f}, below {float(at_least):.0f}" + (f" ({lost})" if lost else ""))
        elif at_least is not None:
            out.append(f"it scores {value:.0f}, as much as some better-than-adequate letters, but one item "
                       "not met, or more than one slip, holds a letter at adequate (HMCPSI 7.46-7.47)")
    else:
        slips = _mistakes(counts)
        out.append("every item met" + (f" ({' and '.join(slips)}, minor)" if slips else ""))
    q28 = by_item.get("Q28")
    if q28 is not None and q28.answer == "not assessed" and q28.reason.startswith(complaint_how(context)):
        out.append(ASSUMES_Q28_WEB if context == "web" else ASSUMES_Q28)
    elif q28 is not None and q28.answer == "not assessed" and q28.reason:
        # a complaint was given but nothing in it could be checked: say so, not "every item met"
        # alone (breaker11 item 14)
        out.append(f"Q28 not assessed: {q28.reason}")
    return out


def breakdown(s: Score) -> list[ItemOutcome]:
    """The items that cost points, the costliest first (ties in questionnaire order)."""
    return sorted((o for o in s.items if o.points_lost > 0), key=lambda o: -o.points_lost)
