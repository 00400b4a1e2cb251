"""Terminal report (rich): findings grouped by questionnaire item, then a one-line summary."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from letterlint.model import Report
from letterlint.reports.common import grouped, item_title, report_name, summary_line

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
FACT_LABELS = {
    "letter_type": "letter type",
    "complaint_type": "complaint type",
    "letter_date": "dated",
    "addressee": "to",
    "signatory": "from",
}


def _facts_line(r: Report) -> str:
    bits = []
    for f in r.facts:
        if f.name not in FACT_LABELS or f.value in (None, "", "unknown"):
            continue
        value = f.to_dict()["value"]
        how = f.source if f.source != "detected" else "detected"
        ev = f' from "{f.evidence[:40]}"' if f.evidence and f.source == "detected" else ""
        bits.append(f"{FACT_LABELS[f.name]}: {value} ({how}{ev})")
    return " · ".join(bits)


def _wrap(text: str, width: int, style: str = "", indent: int = 12) -> Text:
    pad = " " * indent
    body = textwrap.fill(" ".join(text.split()), width=max(40, width - 1), initial_indent=pad,
                         subsequent_indent=pad, break_on_hyphens=False)
    return Text(body, style=style)


def render(reports: Sequence[Report], *, color: bool = False, verbose: bool = False,
           width: int = 100, **_: object) -> str:
    buf = io.StringIO()
    con = Console(file=buf, force_terminal=color, no_color=not color, width=width,
                  highlight=False, soft_wrap=False)
    for r in reports:
        con.print(Text(report_name(r, reports), style="bold"), soft_wrap=True)
        if r.error:
            con.print(f"  [red]cannot check: {escape(r.error)}[/red]")
            con.print()
            continue
        facts = _facts_line(r)
        if facts:
            con.print(_wrap(facts, width, "dim", indent=2))
        if r.score is not None:
            s = r.score
            if r.incomplete:
                con.print(f"  [bold red]not fully checked[/bold red]: no rating; "
                          f"{escape(', '.join(r.incomplete))} could not run (see below)")
            else:
                con.print(f"  score {s.value:.0f}/100 · [bold]{escape(s.rating_label)}[/bold]")
                if s.reasons:
                    con.print(_wrap(f"why: {'; '.join(s.reasons)}", width, "dim", indent=2))
        active = [f for f in r.findings if not f.suppressed]
        if not active:
            con.print("  [green]No findings.[/green]")
        for item, fs in grouped(active):
            con.print()
            con.print(f"  [bold]{escape(item)} {escape(item_title(item))}[/bold]")
            for f in fs:
                sev = f.severity.value
                where = f.location.describe()
                quote = f' "{f.quote[:70]}{"…" if len(f.quote) > 70 else ""}"' if f.quote else ""
                con.print(f"    [{STYLE[sev]}]{sev:<7}[/{STYLE[sev]}] {f.code} {escape(f.name)}"
                          f"  [dim]{escape(where)}[/dim]{escape(quote)}", soft_wrap=True)
                con.print(_wrap(f.message, width))
                if f.suggestion:
                    con.print(_wrap(f"Suggested: {f.suggestion}", width, "green"))
                if f.autofix is not None:
                    how = "letterlint fix" if f.autofix.level == "safe" else "letterlint fix --suggested"
                    what = ("adds a sentence for you to complete: " + f.autofix.text if "[" in f.autofix.text
                            else "adds this paragraph" if f.autofix.paragraph else "can make this change for you")
                    con.print(_wrap(f"'{how}' {what}.".replace("..", "."), width, "green"))
                if verbose and f.why:
                    con.print(_wrap(f"Why: {f.why}", width, "dim"))
                if verbose and f.fix:
                    con.print(_wrap(f"Fix: {f.fix}", width, "dim"))
        errored = [x for x in r.results if x.status == "errored"]
        for x in errored:
            con.print(f"  [red]check {x.code} could not run: {escape(x.detail)}[/red]")
        by_reason: dict[str, list[str]] = {}
        for x in r.results:
            if x.status == "skipped":
                by_reason.setdefault(x.detail or "not run", []).append(x.code)
        for reason, codes in by_reason.items():
            con.print(f"  [dim]skipped {', '.join(codes)}: {escape(reason)}[/dim]")
        for n in r.notes:
            con.print(f"  [dim]note: {escape(n)}[/dim]")
        for u in r.unused_suppressions:
            con.print(f"  [yellow]suppression: {escape(u)}[/yellow]")
        con.print()
    con.print(Text(summary_line(reports)), soft_wrap=True)
    return buf.getvalue()
