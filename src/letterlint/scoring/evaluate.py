"""Accuracy on labelled letters: per-item agreement, finding precision and recall, and a
confusion table for the overall rating. Labels format: docs/DESIGN.md ("Labelled corpus").

A letterlint finding is right when a labelled finding has the same item and its quote
overlaps the finding's words; a labelled missing-thing finding (empty quote) is matched by any
finding of the same item. Info-level findings are hints and are counted apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letterlint.config.settings import Config
from letterlint.model import Finding, Report, Severity, Span
from letterlint.scoring.score import model as scoring_model

ANSWERS = ("yes", "no", "n/a", "not assessed")
RATINGS = ("better-than-adequate", "adequate", "below-standard")


@dataclass
class ItemTally:
    """Agreement on one questionnaire item over the labelled letters: letters where letterlint's
    answer is the labelled one (``agree``) of those labelled (``total``), how many letterlint
    could not assess, and a line per disagreement."""

    agree: int = 0
    total: int = 0
    not_assessed: int = 0  # labelled with an answer, but letterlint could not assess it
    disagreements: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Share of labelled letters (0 to 1) where letterlint agrees; 1.0 when none are labelled."""
        return self.agree / self.total if self.total else 1.0


@dataclass
class FindingTally:
    """Finding accuracy for one item: findings that match a label (``true_pos``) or do not
    (``false_pos``, listed in ``false_alarms``), and labelled findings found (``found_labels``)
    of all ``labels`` (the rest in ``misses``)."""

    true_pos: int = 0
    false_pos: int = 0
    found_labels: int = 0
    labels: int = 0
    false_alarms: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Share of letterlint's findings that are right (0 to 1); 1.0 when there are none."""
        n = self.true_pos + self.false_pos
        return self.true_pos / n if n else 1.0

    @property
    def recall(self) -> float:
        """Share of labelled findings that letterlint found (0 to 1); 1.0 when there are none."""
        return self.found_labels / self.labels if self.labels else 1.0


@dataclass
class EvalResult:
    """Accuracy over a labelled set of letters (docs/DESIGN.md, "Labelled corpus"): an
    :class:`ItemTally` and a :class:`FindingTally` per item, the number of hints (info-level and
    cost-only findings, not counted), the rating confusion counts keyed by (labelled,
    letterlint), letter type agreement, unreadable files, letters labelled better than
    adequate that got an error-level finding (issue 13 asks for none), and those of them where
    that finding matches no label (a false error on a good letter, which the brief forbids)."""

    letters: int = 0
    items: dict[str, ItemTally] = field(default_factory=dict)
    findings: dict[str, FindingTally] = field(default_factory=dict)
    hints: int = 0
    ratings: Counter[tuple[str, str]] = field(default_factory=Counter)  # (expected, got)
    letter_types: Counter[bool] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    # letters labelled better than adequate that got an error-level finding (issue 13: none)
    good_with_errors: list[str] = field(default_factory=list)
    # of those, the letters where an error-level finding matches no label: a false alarm at the
    # error level (the rest are slips the labeller marked yet rated the letter above adequate)
    good_with_false_errors: list[str] = field(default_factory=list)
    # letters labelled better than adequate with no grammar label that got a grammar (Q23)
    # finding all the same (the grammar issue: none on a clean letter)
    clean_with_grammar: list[str] = field(default_factory=list)

    def merge(self, other: EvalResult) -> EvalResult:
        """A new result counting the letters of both (for a set made of several label files)."""
        out = EvalResult(letters=self.letters + other.letters, hints=self.hints + other.hints,
                         ratings=self.ratings + other.ratings,
                         letter_types=self.letter_types + other.letter_types,
                         errors=self.errors + other.errors,
                         good_with_errors=self.good_with_errors + other.good_with_errors,
                         good_with_false_errors=self.good_with_false_errors + other.good_with_false_errors,
                         clean_with_grammar=self.clean_with_grammar + other.clean_with_grammar)
        for mine, theirs, target in ((self.items, other.items, out.items),):
            for k in set(mine) | set(theirs):
                a, b = mine.get(k, ItemTally()), theirs.get(k, ItemTally())
                target[k] = ItemTally(a.agree + b.agree, a.total + b.total, a.not_assessed + b.not_assessed,
                                      a.disagreements + b.disagreements)
        for k in set(self.findings) | set(other.findings):
            a2, b2 = self.findings.get(k, FindingTally()), other.findings.get(k, FindingTally())
            out.findings[k] = FindingTally(a2.true_pos + b2.true_pos, a2.false_pos + b2.false_pos,
                                           a2.found_labels + b2.found_labels, a2.labels + b2.labels,
                                           a2.false_alarms + b2.false_alarms, a2.misses + b2.misses)
        return out

    def type_agreement(self) -> float:
        """Share of letters whose detected type (acknowledgement, holding, stage one, stage two)
        is the labelled one."""
        total = sum(self.letter_types.values())
        return self.letter_types[True] / total if total else 1.0

    def overall_agreement(self, items: Sequence[str] | None = None) -> float:
        """Share of labelled item answers (0 to 1) letterlint agrees with, over ``items`` (every
        item when ``None``); 1.0 when there are none."""
        keys = items or list(self.items)
        agree = sum(self.items[k].agree for k in keys if k in self.items)
        total = sum(self.items[k].total for k in keys if k in self.items)
        return agree / total if total else 1.0

    def overall_findings(self, items: Sequence[str] | None = None) -> FindingTally:
        """The finding tallies of ``items`` (every item when ``None``) added together; the lists of
        false alarms and misses are left empty."""
        out = FindingTally()
        for k, t in self.findings.items():
            if items is None or k in items:
                out.true_pos += t.true_pos
                out.false_pos += t.false_pos
                out.found_labels += t.found_labels
                out.labels += t.labels
        return out

    def rating_agreement(self) -> float:
        """Share of letters (0 to 1) whose rating band is the labelled one; 1.0 when none are rated."""
        total = sum(self.ratings.values())
        return sum(n for (e, g), n in self.ratings.items() if e == g) / total if total else 1.0


def _label_spans(text: str, quote: str) -> list[Span]:
    spans: list[Span] = []
    if not quote:
        return spans
    low, q = text.lower(), " ".join(quote.lower().split())
    start = low.find(q)
    while start >= 0:
        spans.append(Span(start, start + len(q)))
        start = low.find(q, start + 1)
    return spans


def _matches(f: Finding, label: dict[str, Any], text: str) -> bool:
    if str(label.get("item")) != f.item:
        return False
    quote = str(label.get("quote") or "")
    if not quote:
        return True
    if f.span is None:
        return False
    return any(s.overlaps(f.span) for s in _label_spans(text, quote))


def check_labels(path: Path, data: Any) -> None:
    """Every rating and item a labels file names must be one of scoring.yaml's band ids and
    items. Raises ConfigError: ``file: letters[3].rating: 'adequte' is not a rating band of
    scoring.yaml (did you mean 'adequate'?)``."""
    from letterlint.errors import ConfigError
    from letterlint.rules.schema import did_you_mean

    m = scoring_model()
    bands = [b.id for b in m.bands]
    items = [i.item for i in m.items]
    for n, entry in enumerate((data or {}).get("letters", []) if isinstance(data, dict) else []):
        rating = entry.get("rating") if isinstance(entry, dict) else None
        if rating is not None and str(rating) not in bands:
            raise ConfigError(str(path), f"letters[{n}].rating", f"{rating!r} is not a rating band of "
                              f"scoring.yaml{did_you_mean(str(rating), bands)} (known: {', '.join(bands)})")
        for item in (entry.get("items") or {}) if isinstance(entry, dict) else {}:
            if str(item) not in items:
                raise ConfigError(str(path), f"letters[{n}].items", f"{item!r} is not an item of "
                                  f"scoring.yaml{did_you_mean(str(item), items)}")


def check_shape(path: Path, data: Any) -> None:
    """A labels file is a mapping with a ``letters`` list, each entry a mapping with a ``file``
    (docs/DESIGN.md, "Labelled corpus"). Raises ConfigError naming the file and what is wrong,
    rather than letting a list or a scalar fail later as an internal error."""
    from letterlint.errors import ConfigError

    if not isinstance(data, dict):
        what = "empty" if data is None else f"a YAML {type(data).__name__}"
        raise ConfigError(str(path), "", f"not a labels file: it is {what}; expected a mapping with a "
                                         "'letters' list (letters: [{file: ..., items: ...}])")
    letters = data.get("letters")
    if not isinstance(letters, list):
        raise ConfigError(str(path), "letters", "missing or not a list; expected 'letters: [{file: ..., ...}]'")
    for n, entry in enumerate(letters):
        if not isinstance(entry, dict):
            raise ConfigError(str(path), f"letters[{n}]", f"{entry!r} is not a mapping with a 'file'")
        if not isinstance(entry.get("file"), str) or not entry["file"].strip():
            raise ConfigError(str(path), f"letters[{n}].file", "missing (the letter's file name)")


def evaluate(labels_path: Path, config: Config | None = None,
             only: Callable[[str], bool] | None = None) -> EvalResult:
    """Check every letter listed in the label file ``labels_path`` (YAML: ``letters`` with ``file``,
    ``items``, ``findings``, ``rating``...; files in its ``letters/`` folder if there is one) and
    compare with the labels; with ``only``, just the letters whose file name it accepts (the
    newest writers' letters on their own). Unreadable letters are listed in ``errors``, not
    counted. Raises ConfigError, one line naming the file and the cause, if the label file
    cannot be read, is not YAML or is not a mapping with a ``letters`` list of entries that each
    name a ``file``."""
    from letterlint.engine.check import check_path
    from letterlint.reading import read
    from letterlint.rules.yamlsafe import load

    config = config or Config()
    base = labels_path.parent
    data = load(labels_path)
    check_shape(labels_path, data)
    check_labels(labels_path, data)
    result = EvalResult()
    for entry in data.get("letters", []):
        if only is not None and not only(str(entry["file"])):
            continue
        path = base / "letters" / entry["file"] if (base / "letters").is_dir() else base / entry["file"]
        complaint = base / entry["complaint"] if entry.get("complaint") else None
        overrides = {"complaint_type": entry.get("complaint_type")}
        if overrides["complaint_type"] in (None, "unknown"):
            overrides = {}
        report = check_path(path, config, overrides, complaint)
        if report.error:
            result.errors.append(f"{entry['file']}: {report.error}")
            continue
        result.letters += 1
        text = read(path).text
        _score_letter(result, entry, report, text)
    return result


def _score_letter(result: EvalResult, entry: dict[str, Any], report: Report, text: str) -> None:
    name = entry["file"]
    facts = {f.name: f for f in report.facts}
    got_type = facts["letter_type"].to_dict()["value"] if "letter_type" in facts else "unknown"
    result.letter_types[got_type == entry.get("letter_type")] += 1
    answers = {o.item: o.answer for o in report.score.items} if report.score else {}
    for item, expected in (entry.get("items") or {}).items():
        item = str(item)
        expected = str(expected)
        if expected == "not assessed":
            continue
        tally = result.items.setdefault(item, ItemTally())
        # an item the questionnaire does not ask of this kind of letter is not applicable to it
        got = answers.get(item, "n/a" if report.score else "not assessed")
        tally.total += 1
        if got == "not assessed":
            tally.not_assessed += 1
        if got == expected:
            tally.agree += 1
        else:
            tally.disagreements.append(f"{name}: {item} expected {expected}, got {got}")
    labels = [lab for lab in (entry.get("findings") or [])]
    active = [f for f in report.findings if not f.suppressed]
    # hints: info-level findings, and measures that cost points but never decide an item's
    # answer (sentence length, passive share): precision is about the findings that do
    advisory = {code for spec in scoring_model().items for code in spec.cost_only}
    hints = [f for f in active if f.severity is Severity.INFO or f.code in advisory]
    result.hints += len(hints)
    counted = [f for f in active if not (f.severity is Severity.INFO or f.code in advisory)]
    for f in counted:
        tally_f = result.findings.setdefault(f.item, FindingTally())
        if any(_matches(f, lab, text) for lab in labels):
            tally_f.true_pos += 1
        else:
            tally_f.false_pos += 1
            tally_f.false_alarms.append(f"{name}: {f.code} {f.quote[:60]!r}")
    for lab in labels:
        tally_f = result.findings.setdefault(str(lab.get("item")), FindingTally())
        tally_f.labels += 1
        if any(_matches(f, lab, text) for f in active):
            tally_f.found_labels += 1
        else:
            tally_f.misses.append(f"{name}: {lab.get('item')} {str(lab.get('quote') or '(missing)')[:60]!r}")
    expected_rating = entry.get("rating")
    if expected_rating == "better-than-adequate":
        loud = [f for f in active if f.severity is Severity.ERROR]
        if loud:
            result.good_with_errors.append(f"{name}: " + ", ".join(f"{f.code} {f.quote[:40]!r}" for f in loud[:3]))
        false_loud = [f for f in loud if not any(_matches(f, lab, text) for lab in labels)]
        if false_loud:
            result.good_with_false_errors.append(
                f"{name}: " + ", ".join(f"{f.code} {f.quote[:40]!r}" for f in false_loud[:3]))
        if not any(str(lab.get("item")) == "Q23" for lab in labels):
            grammar = [f for f in counted if f.item == "Q23"]
            if grammar:
                result.clean_with_grammar.append(f"{name}: " + ", ".join(f"{f.code} {f.quote[:40]!r}"
                                                                      for f in grammar[:3]))
    if expected_rating and report.score:
        result.ratings[(str(expected_rating), report.score.rating)] += 1


def render_table(r: EvalResult, verbose: bool = False) -> str:
    """The result as the Markdown table of the README's accuracy section: agreement, findings,
    precision and recall per item, the totals, and the rating confusion table; with ``verbose``,
    every false alarm, miss and disagreement too."""
    from letterlint.reports.common import item_key, item_title

    lines = [f"Letters evaluated: {r.letters}" + (f" ({len(r.errors)} unreadable)" if r.errors else ""),
             f"Letter type detected correctly: {r.letter_types[True]} of {sum(r.letter_types.values())}",
             "",
             "| Item | Question | Agreement | Findings | Precision | Recall |",
             "|---|---|---|---|---|---|"]
    keys = sorted(set(r.items) | set(r.findings), key=item_key)
    for k in keys:
        it = r.items.get(k)
        ft = r.findings.get(k, FindingTally())
        agree = f"{it.agree}/{it.total} ({it.rate:.0%})" if it and it.total else "–"
        n = ft.true_pos + ft.false_pos
        prec = f"{ft.precision:.0%}" if n else "–"
        rec = f"{ft.found_labels}/{ft.labels} ({ft.recall:.0%})" if ft.labels else "–"
        lines.append(f"| {k} | {item_title(k)} | {agree} | {n} | {prec} | {rec} |")
    tot = r.overall_findings()
    lines += [
        f"| **All** | | **{r.overall_agreement():.1%}** | {tot.true_pos + tot.false_pos} | "
        f"**{tot.precision:.1%}** | **{tot.recall:.1%}** |",
        "",
        f"Hints (info level, or measures that cost points but never decide an item; not counted): {r.hints}",
        "",
        "Rating (rows: labelled, columns: letterlint)",
        "",
        "| | " + " | ".join(RATINGS) + " |",
        "|---|" + "---|" * len(RATINGS),
    ]
    for e in RATINGS:
        lines.append(f"| {e} | " + " | ".join(str(r.ratings[(e, g)]) for g in RATINGS) + " |")
    lines.append(f"\nRating agreement: {r.rating_agreement():.0%}")
    if verbose:
        lines.append("\nFalse alarms:")
        lines += [f"  {x}" for t in r.findings.values() for x in t.false_alarms]
        lines.append("\nMissed labelled findings:")
        lines += [f"  {x}" for t in r.findings.values() for x in t.misses]
        lines.append("\nItem disagreements:")
        lines += [f"  {x}" for t in r.items.values() for x in t.disagreements]
    return "\n".join(lines) + "\n"


def evaluate_many(labels_paths: Sequence[Path], config: Config | None = None) -> EvalResult:
    """One result over several label files (each resolved against its own folder), e.g. the
    team's corpus and the independent development set together."""
    result = EvalResult()
    for path in labels_paths:
        result = result.merge(evaluate(path, config))
    return result


def render_side_by_side(sets: dict[str, EvalResult]) -> str:
    """Markdown: the headline figures and every item's agreement for each named set in its own
    column (issue 13: development and blind side by side), then a rating confusion table per set.

    Figures: item agreement (answers equal to the label, "not assessed" labels left out),
    finding precision and recall (recall = labelled defects found on the labelled words),
    rating agreement, letter type, and good letters (labelled better than adequate) with an
    error-level finding, and those among them whose error-level finding no label marks."""
    from letterlint.reports.common import item_key, item_title

    names = list(sets)
    rs = list(sets.values())
    head = "| | " + " | ".join(names) + " |"
    rule = "|---|" + "---|" * len(names)

    def row(label: str, cells: list[str]) -> str:
        return f"| {label} | " + " | ".join(cells) + " |"

    def pct(n: int, d: int) -> str:
        return f"{n}/{d} ({n / d:.0%})" if d else "–"

    lines = [head, rule,
             row("Letters checked", [f"{r.letters}" + (f" ({len(r.errors)} unreadable)" if r.errors else "")
                                     for r in rs]),
             row("Item agreement", [f"**{r.overall_agreement():.1%}**" for r in rs])]
    tots = [r.overall_findings() for r in rs]
    lines += [row("Finding precision", [f"{t.precision:.1%} of {t.true_pos + t.false_pos}" for t in tots]),
              row("Must-flag recall", [f"{t.recall:.1%} of {t.labels}" for t in tots]),
              row("Rating agreement", [f"**{r.rating_agreement():.0%}**" for r in rs]),
              row("Letter type", [pct(r.letter_types[True], sum(r.letter_types.values())) for r in rs]),
              row("Good letters with an error-level finding",
                  [pct(len(r.good_with_errors), sum(n for (e, _), n in r.ratings.items()
                                                    if e == "better-than-adequate")) for r in rs]),
              row("… where no label marks that finding's words (a false error)",
                  [pct(len(r.good_with_false_errors), sum(n for (e, _), n in r.ratings.items()
                                                          if e == "better-than-adequate")) for r in rs]),
              "", "Agreement per item:", "",
              "| Item | Question | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(names)]
    keys = sorted({k for r in rs for k in r.items}, key=item_key)
    for k in keys:
        cells = []
        for r in rs:
            t = r.items.get(k)
            cells.append(f"{t.rate:.0%} of {t.total}" if t and t.total else "–")
        lines.append(f"| {k} | {item_title(k)} | " + " | ".join(cells) + " |")
    for name, r in sets.items():
        lines += ["", f"Rating, {name} set (rows: labelled, columns: letterlint)", "",
                  "| | " + " | ".join(RATINGS) + " |", "|---|" + "---|" * len(RATINGS)]
        for e in RATINGS:
            lines.append(f"| {e} | " + " | ".join(str(r.ratings[(e, g)]) for g in RATINGS) + " |")
    return "\n".join(lines) + "\n"
