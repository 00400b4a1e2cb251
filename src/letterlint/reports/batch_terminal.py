"""Terminal output for a batch: one line per letter, then the Annex B-style summary."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from letterlint.model import Report
from letterlint.reports.common import item_title, report_name, summary_line
from letterlint.scoring.annex_b import RATING_IDS, summarise
from letterlint.scoring.score import breakdown

LABELS = {"better-than-adequate": "better than adequate", "adequate": "adequate",
          "below-standard": "below standard", "incomplete": "not fully checked"}


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{v:.1f}%"


def render(reports: Sequence[Report], *, color: bool = False, width: int = 110, **_: object) -> str:
    buf = io.StringIO()
    con = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False)
    letters = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
    # file names keep their width (up to 40 characters); the rating wraps at spaces and the
    # points lost take a line each
    min_widths = {"letter": min(max((len(r.path) for r in reports), default=6), 40)}
    for col in ("letter", "type", "score", "rating", "errors", "warnings", "points lost"):
        letters.add_column(col, overflow="fold", min_width=min_widths.get(col),
                           max_width=12 if col == "rating" else None)
    for r in reports:
        if r.error:  # the reason follows the table, where it has the whole width
            letters.add_row(escape(r.path), "", "", "[red]not checked[/red]", "", "", "")
            continue
        lt = next((str(getattr(f.value, "value", f.value)) for f in r.facts if f.name == "letter_type"), "")
        active = r.active_findings
        s = r.score
        letters.add_row(escape(report_name(r, reports)), lt, f"{s.value:.0f}" if s else "",
                        LABELS.get(s.rating, "") if s else "",
                        str(sum(f.severity.value == "error" for f in active)),
                        str(sum(f.severity.value == "warning" for f in active)),
                        "\n".join(f"{o.item} -{o.points_lost:g}" for o in breakdown(s)[:3]) if s else "")
    con.print(letters)
    for r in reports:
        if r.error:
            con.print(f"[red]not checked: {escape(r.path)}: {escape(r.error)}[/red]")
        elif r.incomplete:
            con.print(f"[red]not fully checked: {escape(r.path)}: {escape(', '.join(r.incomplete))} "
                      "could not run[/red]")
    summary = summarise(reports)
    for name, grp in summary.groups.items():
        if not grp.letters:
            continue
        con.print()
        title = {"overall": "All letters", "stage-one": "Stage one", "stage-two": "Stage two"}[name]
        t = Table(title=f"{title}: {grp.letters} letters, answers as HMCPSI Annex B (n/a excluded)",
                  title_justify="left", header_style="bold")
        for col in ("item", "question", "yes", "no", "yes %", "national yes %", "n/a", "not assessed"):
            t.add_column(col, justify="left" if col in ("item", "question") else "right")
        for row in grp.rows.values():
            t.add_row(row.item, item_title(row.item) if row.item != "Q35" else "Adequate or better",
                      str(row.yes), str(row.no), _pct(row.yes_pct), _pct(row.national_yes_pct),
                      str(row.not_applicable), str(row.not_assessed))
        con.print(t)
        bands = ", ".join(
            f"{LABELS[k]} {grp.ratings.get(k, 0)} ({100 * grp.ratings.get(k, 0) / grp.letters:.0f}%; "
            f"national {grp.national_ratings.get(k, 0):.0f}%)" for k in RATING_IDS)
        con.print(f"Ratings: {bands}")
    con.print()
    con.print(summary_line(reports), soft_wrap=True)
    return buf.getvalue()
