"""Terminal output for a batch: one line per letter, then the Annex B-style summary.

Tables stay tables at any width (80 columns included): the widest columns fold or wrap, and
when even that will not fit, the least needed columns are dropped (named under the table), so
no row ever breaks across the edge. Items are answered in the one list every report uses
(met, not met, not applicable, not assessed); the national figure is the inspectors' 2023 one,
turned the same way (for Q22, Q23, Q24 and Q33 their "yes" is a failure)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from letterlint.letter.nlp.pipeline import without_pos
from letterlint.model import Report
from letterlint.reports.common import (
    Spool,
    Totals,
    item_title,
    letter_names,
    met_counts,
    met_pct,
    plural,
    rating_label,
)
from letterlint.reports.terminal import tidy
from letterlint.scoring.annex_b import RATING_IDS, Tally
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
    mins = {c.name: _min_width(c, rows) for c in columns}
    naturals = {c.name: _natural_width(c, rows) for c in columns}
    kept, widths, dropped = fit(con.width, columns, mins, naturals, gap)
    return table_of(kept, widths, range(rows), **table_options), dropped


def fit(width: int, columns: list[Column], mins: dict[str, int], naturals: dict[str, int],
        gap: int = 2) -> tuple[list[Column], dict[str, int], list[str]]:
    """``fitted_table``'s choice from each column's narrowest (``mins``) and natural width
    (``naturals``, by name): (columns kept, their widths by name, names of those dropped)."""
    kept = list(columns)
    dropped: list[str] = []

    def need(cols: list[Column]) -> int:
        return sum(mins[c.name] for c in cols) + gap * (len(cols) - 1)

    while need(kept) > width and any(c.drop for c in kept):
        worst = max((c for c in kept if c.drop), key=lambda c: c.drop)
        kept.remove(worst)
        dropped.append(worst.name)
    widths = {c.name: max(mins[c.name], naturals[c.name]) for c in kept}
    excess = sum(widths.values()) + gap * (len(kept) - 1) - width
    while excess > 0:
        name = max(widths, key=lambda n: widths[n] - mins[n])
        if widths[name] <= mins[name]:
            break
        widths[name] -= 1
        excess -= 1
    return kept, widths, dropped


def table_of(kept: list[Column], widths: dict[str, int], rows: Iterable[int], **table_options: object) -> Table:
    """A rich Table of the ``kept`` columns at ``widths``, with the cells of ``rows``."""
    table = Table(padding=(0, 1), pad_edge=False, show_edge=False, collapse_padding=False,
                  **table_options)  # type: ignore[arg-type]
    for c in kept:
        table.add_column(c.name, justify=c.justify, width=widths[c.name], overflow="fold")  # type: ignore[arg-type]
    for i in rows:
        table.add_row(*(break_name(cell, widths[c.name]) if c.fold and isinstance(cell, str) else cell
                        for c, cell in ((c, c.cell(i)) for c in kept)))
    return table


_NAME_PIECE = re.compile(r"[^/\\\-_. ]*[/\\\-_. ]?")


def break_name(name: str, width: int) -> str:
    """``name`` (a file path) in lines of at most ``width`` cells, broken after a ``/``, ``\\``,
    ``-``, ``_``, ``.`` or space where it can be, so that a name is never cut inside a word
    ("ob/stage-one-mixed-" / "harcourt.txt", not "...harcourt." / "txt"); a piece longer than a
    line is cut where it must be."""
    if width < 1 or len(name) <= width or "\n" in name:
        return name
    lines: list[str] = []
    line = ""
    pieces = list(filter(None, _NAME_PIECE.findall(name)))
    if len(pieces) > 1 and pieces[-2].endswith(".") and len(pieces[-1]) <= 5:  # keep "harcourt.txt" whole
        pieces[-2:] = [pieces[-2] + pieces[-1]]
    for piece in pieces:
        if len(line) + len(piece) <= width:
            line += piece
            continue
        if line:
            lines.append(line)
        while len(piece) > width:
            lines.append(piece[:width])
            piece = piece[width:]
        line = piece
    if line:
        lines.append(line)
    return "\n".join(lines)


def _letter_cells(r: Report, name: str) -> list[Any]:
    """One row of the letters table: letter, type, score, rating ([text, style]), errors,
    warnings, points lost."""
    lt = next((str(getattr(f.value, "value", f.value)) for f in r.facts if f.name == "letter_type"), "")

    def count(sev: str) -> str:
        return "" if r.error else str(sum(f.severity.value == sev for f in r.active_findings))

    if r.error:
        rating = ["not checked", "red"]
    elif r.incomplete:
        rating = ["not fully checked", "red"]
    else:
        rating = [LABELS.get(r.score.rating, "") if r.score else "", ""]
    s = r.score
    lost = "\n".join(f"{o.item} -{o.points_lost:g}" for o in breakdown(s)[:3]) if s and not r.error else ""
    score = f"{s.value:.0f}" if s is not None and not r.error else ""
    return [name, lt, score, rating, count("error"), count("warning"), lost]


def _letter_columns(width: int, longest: int, row: Callable[[int], list[Any]]) -> list[Column]:
    def cell(k: int) -> Callable[[int], str | Text]:
        return lambda i: row(i)[k]

    def rating(i: int) -> str | Text:
        text, style = row(i)[3]
        return Text(text, style=style) if style else text

    return [
        Column("letter", cell(0), fold=True, min_width=min(longest, 40, max(12, width // 3))),
        Column("type", cell(1), drop=4),
        Column("score", cell(2), justify="right"),
        Column("rating", rating, max_width=18, min_width=9),
        Column("errors", cell(4), drop=1, justify="right"),
        Column("warnings", cell(5), drop=2, justify="right"),
        Column("points lost", cell(6), drop=3, min_width=8),
    ]


CHUNK = 500  # rows of the letters table rendered at a time


class LettersTable:
    """The letters table, one row per letter, built as letters come: each row waits in a private
    temporary file and only each column's widest word and line are kept, so memory does not
    grow with the number of letters; ``print`` then lays the rows out as ``fitted_table`` would
    (in pieces of ``CHUNK`` rows at the same widths: the same text as one table)."""

    def __init__(self, on_disk: bool = False) -> None:
        self.spool = Spool(on_disk)
        self.rows = 0
        self.longest = 0
        self.word = [0] * 7  # per column: the longest word and the longest line of any cell
        self.line = [0] * 7

    def add(self, r: Report, name: str) -> None:
        """Add one letter's row."""
        cells = _letter_cells(r, name)
        self.spool.put(cells)
        self.rows += 1
        self.longest = max(self.longest, len(name))
        for k, c in enumerate(cells):
            text = c[0] if isinstance(c, list) else c
            self.word[k] = max([self.word[k], *(len(w) for w in text.split())])
            self.line[k] = max([self.line[k], *(len(x) for x in text.splitlines())])

    def print(self, con: Console, flush: Callable[[], None]) -> None:
        """Print the table (then a note naming any column left out) on ``con``, calling
        ``flush`` after each piece."""
        chunk: list[list[Any]] = []
        columns = _letter_columns(con.width, self.longest if self.rows else 6, lambda i: chunk[i])
        mins: dict[str, int] = {}
        naturals: dict[str, int] = {}
        for k, c in enumerate(columns):
            words = [self.word[k], *(len(w) for w in c.name.split())]
            mins[c.name] = (c.min_width if c.min_width is not None and c.fold
                            else max([*words, c.min_width or 0]))
            natural = max(self.line[k], len(c.name))
            naturals[c.name] = min(natural, c.max_width) if c.max_width is not None else natural
        kept, widths, dropped = fit(con.width, columns, mins, naturals)
        rows = self.spool.items()
        first = True
        while first or chunk:
            chunk[:] = islice(rows, CHUNK)
            if chunk or first:
                con.print(table_of(kept, widths, range(len(chunk)), box=None, show_header=first,
                                   header_style="bold"))
                flush()
            first = False
        self.spool.close()
        if dropped:
            con.print(Text(f"(too narrow for: {', '.join(dropped)}; widen the window or use --format csv)",
                           style="dim"))


def _group_table(con: Console, name: str, grp: object, explain: bool = True) -> None:
    """One Annex B table (a group of letters: all, stage one, ...) and its ratings line; the note
    on what "met %" and "national" mean only when ``explain`` (the first table)."""
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
    if not explain:
        note = ""
    if dropped:
        note += f"{'; ' if note else ''}too narrow for: {', '.join(dropped)}"
    if note:
        con.print(Text(note, style="dim"))
    bands = ", ".join(
        f"{LABELS[k]} {grp.ratings.get(k, 0)} ({100 * grp.ratings.get(k, 0) / grp.letters:.0f}%; "
        f"national {grp.national_ratings.get(k, 0):.0f}%)" for k in RATING_IDS)
    con.print(Text(f"Ratings: {bands}"))


def render(reports: Sequence[Report], *, color: bool = False, width: int = 110, **_: object) -> str:
    """The batch report for a terminal ``width`` columns wide (at least 40)."""
    from letterlint.reports import write_all

    buf = io.StringIO()
    write_all(Writer(buf, color=color, width=width), reports)
    return buf.getvalue()


class Writer:
    """``render``'s report written to ``out``: the table's widths depend on every row, so rows
    wait in a private temporary file (``LettersTable``) and the Annex B summary is counted as
    letters come (``Tally``); ``close`` writes it all. Memory does not grow with the number of
    letters."""

    def __init__(self, out: TextIO, *, color: bool = False, width: int = 110, on_disk: bool = False,
                 **_: object) -> None:
        self.out = out
        self.buf = io.StringIO()
        self.con = Console(file=self.buf, force_terminal=color, no_color=not color, width=max(40, width),
                           highlight=False, markup=False, emoji=False)
        self.table = LettersTable(on_disk)
        self.problems = Spool(on_disk)
        self.tally = Tally()
        self.totals = Totals()
        self.names: list[str] = []  # names a closing line could start with (``wrap_after_name``)

    def add(self, reports: Sequence[Report]) -> None:
        """Add the letters of one file."""
        for r, name in zip(reports, letter_names(reports), strict=True):
            self.table.add(r, name)
            if r.error:
                self.problems.put(f"not checked: {r.path}: {r.error}")
            elif r.incomplete:
                self.problems.put(f"not fully checked: {r.path}: {', '.join(r.incomplete)} could not run")
            self.tally.add(r)
            self.totals.add(r)
            if " " in r.path and r.path[:1].isdigit():
                self.names.append(r.path)

    def _flush(self) -> None:
        self.out.write(tidy(self.buf.getvalue()))
        self.buf.seek(0)
        self.buf.truncate()

    def close(self) -> None:
        """Write the table, the letters not (fully) checked, the summary and the counts line."""
        con = self.con
        self.table.print(con, self._flush)
        for line in self.problems.items():
            con.print(Text(line, style="red"))
        self.problems.close()
        summary = self.tally.summary()
        explain = True
        for name, grp in summary.groups.items():
            if grp.letters:
                con.print()
                _group_table(con, name, grp, explain)
                explain = False
        notes = self.totals.shared_notes
        if notes:
            con.print()
            con.print(Text("For every letter: " + "; ".join(notes), style="dim"))
        if any(without_pos(p) for p in self.totals.pipelines):
            from letterlint.reports.terminal import BLANK_PIPELINE_HINT

            con.print(Text(f"note: {BLANK_PIPELINE_HINT}", style="dim"))
        con.print()
        from letterlint.reports.terminal import wrap_after_name

        names = self.names + ([self.totals.first.path] if self.totals.first is not None else [])
        con.print(Text(wrap_after_name(self.totals.line(), names, con.width)), soft_wrap=True)
        self._flush()
