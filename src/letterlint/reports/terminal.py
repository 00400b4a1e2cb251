"""Terminal report (rich): findings grouped by questionnaire item, then a one-line summary.

Everything wraps at ``width`` (the terminal's, 80 columns included): a finding's heading, its
message and its suggestion each continue under their own indent, never past the edge. Notes
that every letter of the run repeats (the language pipeline, how grammar ran) are shown once,
at the end; with ``verbose`` each rule's why and fix is shown once, at its first finding."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from letterlint.letter.nlp.pipeline import without_pos
from letterlint.model import Finding, Report, shorten
from letterlint.reports import terminal_plain as plain
from letterlint.reports.common import Spool, Totals, grouped, item_title, letter_names

if TYPE_CHECKING:
    from rich.console import Console
    from rich.padding import Padding
    from rich.text import Text

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
FACT_LABELS = {
    "letter_type": "letter type",
    "complaint_type": "complaint type",
    "letter_date": "dated",
    "addressee": "to",
    "signatory": "from",
}
BLANK_PIPELINE_HINT = ("add the trained pipeline for rules that need parts of speech: "
                       "see the README, 'The trained language pipeline'")


def wrap_after_name(line: str, names: Sequence[str], width: int) -> str:
    """``line`` wrapped at ``width`` with a leading file name (one of ``names``) kept whole,
    however long or spaced: what follows wraps at spaces, continuation lines indented by 2."""
    head = next((n for n in sorted(names, key=len, reverse=True) if n and line.startswith(n)), "")
    words = line[len(head):].split(" ")
    lines = [head + words[0]]
    for word in words[1:]:
        if len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append("  " + word)
    return "\n".join(lines)


def _facts_line(r: Report) -> str:
    bits = []
    for f in r.facts:
        if f.name not in FACT_LABELS or f.value in (None, "", "unknown"):
            continue
        value = f.to_dict()["value"]
        how = f.source if f.source != "detected" else "detected"
        # "detected from" only when the words add something to the value they gave
        said = f.evidence and " ".join(f.evidence.split()).casefold() != " ".join(str(value).split()).casefold()
        ev = f' from "{shorten(f.evidence, 40)}"' if said and f.source == "detected" else ""
        bits.append(f"{FACT_LABELS[f.name]}: {value} ({how}{ev})")
    return " · ".join(bits)


def _para(text: str | Text, indent: int, style: str = "") -> Padding:
    """``text`` wrapped at the console's width, every line indented by ``indent``."""
    from rich.padding import Padding
    from rich.text import Text

    body = text if isinstance(text, Text) else Text(" ".join(text.split()), style=style)
    return Padding(body, (0, 0, 0, indent))


def _finding(con: Console, f: Finding, explain: bool) -> None:
    """One finding: severity beside a heading that wraps under itself, then the message,
    the suggestion and what ``letterlint fix`` can do, each wrapped at the width."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    sev = f.severity.value
    quote = f' "{shorten(f.quote, 70)}"' if f.quote else ""
    head = Text.assemble((f"{f.code} ", "bold"), f.name, "  ", (f.location.describe(), "dim"), quote)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=7, no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(Text(sev, style=STYLE[sev]), head)
    for text, style in _finding_lines(f, explain):
        grid.add_row("", Text(text, style=style))
    con.print(Padding(grid, (0, 0, 0, 4)))


def _finding_lines(f: Finding, explain: bool) -> list[tuple[str, str]]:
    """The lines under a finding's heading, each with its style: the message, the suggestion,
    what ``letterlint fix`` can do, and (``explain``) the rule's why and fix."""
    lines = [(" ".join(f.message.split()), "")]
    if f.suggestion:
        lines.append((f"Suggested: {' '.join(f.suggestion.split())}", "green"))
    if f.autofix is not None:
        how = "letterlint fix" if f.autofix.level == "safe" else "letterlint fix --suggested"
        what = ("adds a sentence for you to complete: " + f.autofix.text if "[" in f.autofix.text
                else "adds this paragraph" if f.autofix.paragraph else "can make this change for you")
        lines.append((f"'{how}' {what}.".replace("..", "."), "green"))
    if explain and f.why:
        lines.append((f"Why: {' '.join(f.why.split())}", "dim"))
    if explain and f.fix:
        lines.append((f"Fix: {' '.join(f.fix.split())}", "dim"))
    return lines


def check_lines(r: Report) -> tuple[list[str], list[str]]:
    """The lines under a letter's findings about its checks: those that could not run, and
    those skipped, grouped by reason (a reason the why-line already gives, such as how to give
    the complaint for Q28, is not said twice). Shared by the rich and the plain layouts."""
    errored = [f"check {x.code} could not run: {x.detail}" for x in r.results if x.status == "errored"]
    by_reason: dict[str, list[str]] = {}
    for x in r.results:
        if x.status == "skipped":
            by_reason.setdefault(x.detail or "not run", []).append(x.code)
    said = " ".join(r.score.reasons) if r.score is not None else ""
    skipped = [f"skipped {', '.join(codes)}: {reason}" for reason, codes in by_reason.items() if reason not in said]
    return errored, skipped


def _finding_plain(f: Finding, explain: bool, width: int) -> str:
    """``_finding`` laid out without rich (``terminal_plain``; raises ``plain.NotPlain``)."""
    quote = f' "{shorten(f.quote, 70)}"' if f.quote else ""
    head = f"{f.code} {f.name}  {f.location.describe()}{quote}"
    return plain.finding_rows(f.severity.value, head, [t for t, _ in _finding_lines(f, explain)], width)


def render(reports: Sequence[Report], *, color: bool = False, verbose: bool = False,
           width: int = 100, summary: bool = True, **_: object) -> str:
    """The report for a terminal ``width`` columns wide (at least 40). ``verbose``: each
    rule's why and fix, once per rule in the run. ``summary=False`` leaves out the run's
    closing notes and counts line (``batch --verbose`` ends with its own)."""
    from letterlint.reports import write_all

    buf = io.StringIO()
    write_all(Writer(buf, color=color, verbose=verbose, width=width, summary=summary), reports)
    return buf.getvalue()


def tidy(text: str) -> str:
    """Rendered lines without trailing spaces, each ending in a newline."""
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


class Writer:
    """``render``'s report written to ``out``. A note every letter of the run repeats is shown
    once at the end instead of under each letter, which only the last letter can tell, so each
    letter's text waits in a private temporary file (its notes apart) until ``close``."""

    def __init__(self, out: TextIO, *, color: bool = False, verbose: bool = False, width: int = 100,
                 summary: bool = True, on_disk: bool = False, **_: object) -> None:
        self.out = out
        self.width = max(40, width)
        self.verbose = verbose
        self.summary = summary
        self.color = color
        self.buf = io.StringIO()
        self._con: Console | None = None
        self.explained: set[str] = set()
        self.totals = Totals()
        self.names: list[str] = []  # names a closing line could start with (``wrap_after_name``)
        self.spool = Spool(on_disk)

    @property
    def con(self) -> Console:
        """rich's console writing to ``buf``, made at first use: without colour a report is
        laid out by ``terminal_plain`` and rich is imported only for text it cannot lay out."""
        if self._con is None:
            from rich.console import Console

            self._con = Console(file=self.buf, force_terminal=self.color, no_color=not self.color,
                                width=self.width, highlight=False, soft_wrap=False, emoji=False,
                                markup=False)
        return self._con

    def _take(self) -> str:
        text = self.buf.getvalue()
        self.buf.seek(0)
        self.buf.truncate()
        return tidy(text)

    def add(self, reports: Sequence[Report]) -> None:
        """Add the letters of one file."""
        for r, name in zip(reports, letter_names(reports), strict=True):
            self.totals.add(r)
            if " " in r.path and r.path[:1].isdigit():
                self.names.append(r.path)
            self.spool.put(self._letter(r, name))

    def _letter(self, r: Report, name: str) -> list[Any]:
        """[text before the notes, [[note, its text]...], text after them] for one letter."""
        if not self.color:
            explained = set(self.explained)
            try:
                return self._letter_plain(r, name)
            except plain.NotPlain:
                self.explained = explained
        con = self.con
        from rich.text import Text

        con.print(Text(name, style="bold"), soft_wrap=True)  # a file name is never cut
        if r.error:
            con.print(_para(f"cannot check: {r.error}", 2, "red"))
            con.print()
            return [self._take(), [], ""]
        facts = _facts_line(r)
        if facts:
            con.print(_para(facts, 2, "dim"))
        if r.score is not None:
            s = r.score
            if r.incomplete:
                con.print(_para(Text.assemble(("not fully checked", "bold red"),
                                              f": no rating; {', '.join(r.incomplete)} could not run (see below)"), 2))
            else:
                con.print(_para(Text.assemble(f"score {s.value:.0f}/100 · ", (s.rating_label, "bold")), 2))
                if s.reasons:
                    con.print(_para(f"why: {'; '.join(s.reasons)}", 2, "dim"))
        active = [f for f in r.findings if not f.suppressed]
        if not active:
            con.print(_para("No findings.", 2, "green"))
        for item, fs in grouped(active):
            con.print()
            con.print(_para(Text(f"{item} {item_title(item)}", style="bold"), 2))
            for f in fs:
                explain = self.verbose and f.code not in self.explained
                self.explained.add(f.code)
                _finding(con, f, explain)
        errored, skipped = check_lines(r)
        for line in errored:
            con.print(_para(line, 2, "red"))
        for line in skipped:
            con.print(_para(line, 2, "dim"))
        before = self._take()
        notes = []
        for n in r.notes:
            con.print(_para(f"note: {n}", 2, "dim"))
            notes.append([n, self._take()])
        for u in r.unused_suppressions:
            con.print(_para(f"suppression: {u}", 2, "yellow"))
        con.print()
        return [before, notes, self._take()]

    def _letter_plain(self, r: Report, name: str) -> list[Any]:
        """``_letter`` laid out without rich, line for line the same (``terminal_plain``);
        raises ``plain.NotPlain`` for text it does not lay out."""
        w = self.width
        out = [plain.verbatim(name)]
        if r.error:
            return [tidy("".join([*out, plain.para(f"cannot check: {r.error}", 2, w), "\n"])), [], ""]
        facts = _facts_line(r)
        if facts:
            out.append(plain.para(facts, 2, w))
        if r.score is not None:
            s = r.score
            if r.incomplete:
                out.append(plain.para(f"not fully checked: no rating; {', '.join(r.incomplete)} could not run "
                                      "(see below)", 2, w, join=False))
            else:
                out.append(plain.para(f"score {s.value:.0f}/100 · {s.rating_label}", 2, w, join=False))
                if s.reasons:
                    out.append(plain.para(f"why: {'; '.join(s.reasons)}", 2, w))
        active = [f for f in r.findings if not f.suppressed]
        if not active:
            out.append(plain.para("No findings.", 2, w))
        for item, fs in grouped(active):
            out.append("\n")
            out.append(plain.para(f"{item} {item_title(item)}", 2, w, join=False))
            for f in fs:
                explain = self.verbose and f.code not in self.explained
                self.explained.add(f.code)
                out.append(_finding_plain(f, explain, w))
        errored, skipped = check_lines(r)
        out += [plain.para(line, 2, w) for line in (*errored, *skipped)]
        before = tidy("".join(out))
        notes = [[n, tidy(plain.para(f"note: {n}", 2, w))] for n in r.notes]
        after = [plain.para(f"suppression: {u}", 2, w) for u in r.unused_suppressions]
        return [before, notes, tidy("".join([*after, "\n"]))]

    def close(self) -> None:
        """Write every letter, then (``summary``) the run's shared notes and counts line.
        Without ``summary`` the caller shows the shared notes (``batch --verbose``: "For every
        letter"), so they are left out here even for a single letter: each is said once."""
        common = self.totals.shared_notes if self.totals.letters > 1 or not self.summary else ()
        for before, notes, after in self.spool.items():
            self.out.write(before + "".join(text for n, text in notes if n not in common) + after)
        self.spool.close()
        if not self.summary:  # the caller ends the run: its shared notes and counts
            return
        names = self.names + ([self.totals.first.path] if self.totals.first is not None else [])
        if not self.color:
            try:
                out = []
                if common:
                    out.append("For every letter:\n")
                    out.extend(plain.para(f"note: {n}", 2, self.width) for n in common)
                    out.append("\n")
                if any(without_pos(name) for name in self.totals.pipelines):
                    out.append(plain.para(f"note: {BLANK_PIPELINE_HINT}", 0, self.width))
                out.append(plain.verbatim(wrap_after_name(self.totals.line(), names, self.width)))
                self.out.write(tidy("".join(out)))
                return
            except plain.NotPlain:
                pass
        con = self.con
        from rich.text import Text

        if common:
            con.print(Text("For every letter:", style="dim"))
            for n in common:
                con.print(_para(f"note: {n}", 2, "dim"))
            con.print()
        if any(without_pos(name) for name in self.totals.pipelines):
            con.print(_para(f"note: {BLANK_PIPELINE_HINT}", 0, "dim"))
        con.print(Text(wrap_after_name(self.totals.line(), names, self.width)), soft_wrap=True)
        self.out.write(self._take())
