"""Terminal output for a batch: one line per letter, then the Annex B-style summary.

Tables stay tables at any width (80 columns included): the widest columns fold or wrap, and
when even that will not fit, the least needed columns are dropped (named under the table), so
no row ever breaks across the edge. Items are answered in the one list every report uses
(met, not met, not applicable, not assessed); the national figure is the inspectors' 2023 one,
turned the same way (for Q22, Q23, Q24 and Q33 their "yes" is a failure)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from letterlint.letter.nlp.pipeline import without_pos
from letterlint.model import Report
from letterlint.reports.common import (
    item_title,
    met_counts,
    met_pct,
    pipelines,
    plural,
    rating_label,
    report_name,
    shared_notes,
    summary_line,
)
from letterlint.scoring.annex_b import RATING_IDS, summarise
from letterlint.scoring.score import breakdown

LABELS = {k: rating_label(k) for k in (*RATING_IDS, "incomplete")}  # scoring.yaml's band labels
GROUP_TITLES = {"overall": "All letters", "stage-one": "Stage one", "stage-two": "Stage two"}


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{v:.1f}%"


@dataclass
class Column:
    """One column of the batch summary table: its header ``name`` and ``cell`` (row index ->
    text). When the terminal is too narrow, columns with higher ``drop`` go first (0: never
    dropped). Widths are in terminal cells; ``fold`` lets a file name be cut inside a word."""
    name: str
    cell: Callable[[int], str | Text]  # row index -> cell
    drop: int = 0  # 0: never dropped; higher is dropped first
    justify: str = "left"
    min_width: int | None = None
    max_width: int | None = None
    fold: bool = False  # may be cut inside a word (file names): then ``min_width`` is its narrowest


def _plain(cell: str | Text) -> str:
    return cell.plain if isinstance(cell, Text) else cell


def _min_width(c: Column, rows: int) -> int:
    """The narrowest ``c`` may be: its ``min_width`` when it may fold (file names), else its
    longest word, header included (cells wrap at spaces, never inside a word or a number)."""
    if c.min_width is not None and c.fold:
        return c.min_width
    words = [w for i in range(rows) for w in _plain(c.cell(i)).split()] + c.name.split()
    return max([len(w) for w in words] + [c.min_width or 0])


def _natural_width(c: Column, rows: int) -> int:
    lines = [line for i in range(rows) for line in _plain(c.cell(i)).splitlines()] + [c.name]
    width = max(len(line) for line in lines)
    return min(width, c.max_width) if c.max_width is not None else width


def fitted_table(con: Console, columns: list[Column], rows: int, gap: int = 2,
                 **table_options: object) -> tuple[Table, list[str]]:
    """A table of ``columns`` no wider than ``con.width``: columns are dropped, highest ``drop``
    first, until the narrowest each kept column may be fits; then the widest columns give up
    space one character at a time, down to their narrowest. ``gap``: characters between columns
    (padding and any rule). Returns the table and the names of the columns dropped."""
    kept = list(columns)
    dropped: list[str] = []
    mins = {c.name: _min_width(c, rows) for c in columns}

    def need(cols: list[Column]) -> int:
        return sum(mins[c.name] for c in cols) + gap * (len(cols) - 1)

    while need(kept) > con.width and any(c.drop for c in kept):
        worst = max((c for c in kept if c.drop), key=lambda c: c.drop)
        kept.remove(worst)
        dropped.append(worst.name)
    widths = {c.name: max(mins[c.name], _natural_width(c, rows)) for c in kept}
    excess = sum(widths.values()) + gap * (len(kept) - 1) - con.width
    while excess > 0:
        name = max(widths, key=lambda n: widths[n] - mins[n])
        if widths[name] <= mins[name]:
            break
        widths[name] -= 1
        excess -= 1
    table = Table(padding=(0, 1), pad_edge=False, show_edge=False, collapse_padding=False,
                  **table_options)  # type: ignore[arg-type]
    for c in kept:
        table.add_column(c.name, justify=c.justify, width=widths[c.name], overflow="fold")  # type: ignore[arg-type]
    for i in range(rows):
        table.add_row(*(c.cell(i) for c in kept))
    return table, dropped


def _letters_table(con: Console, reports: Sequence[Report]) -> None:
    def lt(i: int) -> str:
        r = reports[i]
        return next((str(getattr(f.value, "value", f.value)) for f in r.facts if f.name == "letter_type"), "")

    def count(sev: str) -> Callable[[int], str]:
        return lambda i: "" if reports[i].error else str(sum(f.severity.value == sev
                                                              for f in reports[i].active_findings))

    def rating(i: int) -> str | Text:
        r = reports[i]
        if r.error:
            return Text("not checked", style="red")
        if r.incomplete:
            return Text("not fully checked", style="red")
        return LABELS.get(r.score.rating, "") if r.score else ""

    def lost(i: int) -> str:
        s = reports[i].score
        return "\n".join(f"{o.item} -{o.points_lost:g}" for o in breakdown(s)[:3]) if s and not reports[i].error else ""

    def score(i: int) -> str:
        s = reports[i].score
        return f"{s.value:.0f}" if s is not None and not reports[i].error else ""

    longest = max((len(report_name(r, reports)) for r in reports), default=6)
    columns = [
        Column("letter", lambda i: report_name(reports[i], reports), fold=True,
               min_width=min(longest, 40, max(12, con.width // 3))),
        Column("type", lt, drop=4),
        Column("score", score, justify="right"),
        Column("rating", rating, max_width=18, min_width=9),
        Column("errors", count("error"), drop=1, justify="right"),
        Column("warnings", count("warning"), drop=2, justify="right"),
        Column("points lost", lost, drop=3, min_width=8),
    ]
    table, dropped = fitted_table(con, columns, len(reports), box=None, show_header=True,
                                  header_style="bold")
    con.print(table)
    if dropped:
        con.print(Text(f"(too narrow for: {', '.join(dropped)}; widen the window or use --format csv)",
                       style="dim"))


def _group_table(con: Console, name: str, grp: object) -> None:
    from letterlint.scoring.annex_b import Group

    assert isinstance(grp, Group)
    rows = list(grp.rows.values())

    def met(i: int) -> tuple[int, int]:
        return met_counts(rows[i].item, rows[i].yes, rows[i].no)

    columns = [
        Column("item", lambda i: rows[i].item),
        Column("question", lambda i: item_title(rows[i].item) if rows[i].item != "Q35" else "Adequate or better",
               min_width=12),
        Column("met", lambda i: str(met(i)[0]), justify="right", drop=2),
        Column("not met", lambda i: str(met(i)[1]), justify="right", drop=3),
        Column("met %", lambda i: _pct(met_pct(rows[i].item, rows[i].yes_pct)), justify="right"),
        Column("national", lambda i: _pct(met_pct(rows[i].item, rows[i].national_yes_pct)), justify="right"),
        Column("not applicable", lambda i: str(rows[i].not_applicable), justify="right", drop=4, max_width=10),
        Column("not assessed", lambda i: str(rows[i].not_assessed), justify="right", drop=5, max_width=8),
    ]
    con.print(Text(f"{GROUP_TITLES[name]}: {plural(grp.letters, 'letter')}", style="bold"))
    table, dropped = fitted_table(con, columns, len(rows), gap=3, box=box.SIMPLE_HEAD,
                                  header_style="bold")
    con.print(table)
    note = ("met %: share of letters meeting the item (not applicable and not assessed left out); "
            "national: the same share in HMCPSI's 2023 inspection (Annex B; 7.11, the outcome "
            "stated, is not one of its questions, so it has none)")
    if dropped:
        note += f"; too narrow for: {', '.join(dropped)}"
    con.print(Text(note, style="dim"))
    bands = ", ".join(
        f"{LABELS[k]} {grp.ratings.get(k, 0)} ({100 * grp.ratings.get(k, 0) / grp.letters:.0f}%; "
        f"national {grp.national_ratings.get(k, 0):.0f}%)" for k in RATING_IDS)
    con.print(Text(f"Ratings: {bands}"))


def render(reports: Sequence[Report], *, color: bool = False, width: int = 110, **_: object) -> str:
    """The batch report for a terminal ``width`` columns wide (at least 40)."""
    buf = io.StringIO()
    con = Console(file=buf, force_terminal=color, no_color=not color, width=max(40, width), highlight=False,
                  markup=False, emoji=False)
    _letters_table(con, reports)
    for r in reports:
        if r.error:
            con.print(Text(f"not checked: {r.path}: {r.error}", style="red"))
        elif r.incomplete:
            con.print(Text(f"not fully checked: {r.path}: {', '.join(r.incomplete)} could not run", style="red"))
    summary = summarise(reports)
    for name, grp in summary.groups.items():
        if grp.letters:
            con.print()
            _group_table(con, name, grp)
    notes = shared_notes(reports)
    if notes:
        con.print()
        con.print(Text("For every letter: " + "; ".join(notes), style="dim"))
    if any(without_pos(p) for p in pipelines(reports)):
        from letterlint.reports.terminal import BLANK_PIPELINE_HINT

        con.print(Text(f"note: {BLANK_PIPELINE_HINT}", style="dim"))
    con.print()
    from letterlint.reports.terminal import wrap_after_name

    con.print(Text(wrap_after_name(summary_line(reports), [r.path for r in reports], con.width)), soft_wrap=True)
    return "".join(line.rstrip() + "\n" for line in buf.getvalue().splitlines())
