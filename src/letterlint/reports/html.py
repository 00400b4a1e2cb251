"""A self-contained HTML report (inline CSS and SVG, no external assets): the Annex B-style
summary with a bar per item against the national figure, the rating bands, and each letter's
findings."""

from __future__ import annotations

import io
from collections.abc import Sequence
from html import escape
from typing import TextIO

from letterlint import __version__
from letterlint.model import Report, shorten
from letterlint.reports.common import Spool, Totals, grouped, item_title, met_counts, met_pct, plural, rating_label
from letterlint.scoring.annex_b import RATING_IDS, Group, Tally

BAND_LABEL = {k: rating_label(k)[:1].upper() + rating_label(k)[1:] for k in RATING_IDS}  # a heading's capital

CSS = """
:root{--ink:#0b0c0c;--muted:#505a5f;--line:#b1b4b6;--blue:#1d70b8;--grey:#b1b4b6;--red:#d4351c;
--green:#00703c;--amber:#f47738;--bg:#f3f2f1}
*{box-sizing:border-box}body{font-family:Arial,Helvetica,sans-serif;color:var(--ink);margin:0;
line-height:1.45;font-size:17px}main{max-width:1100px;margin:0 auto;padding:16px}
h1{font-size:30px;margin:8px 0 4px}h2{font-size:24px;margin:32px 0 8px}h3{font-size:19px;margin:20px 0 6px}
.muted{color:var(--muted)}.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:bold}td.num,th.num{text-align:right;white-space:nowrap}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}.card{background:var(--bg);padding:12px 16px;
min-width:150px;flex:1}.card b{display:block;font-size:28px}
.tag{display:inline-block;padding:1px 8px;font-weight:bold;font-size:15px;color:#fff}
.error{background:var(--red)}.warning{background:var(--amber)}.info{background:var(--blue)}
.band-below-standard{color:var(--red)}.band-adequate{color:var(--amber)}
.band-better-than-adequate{color:var(--green)}
.bar{display:block;width:100%;max-width:320px;height:28px}
.nowrap{white-space:nowrap}
.legend .swatch{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
details{border-top:1px solid var(--line);padding:8px 0}summary{cursor:pointer;font-weight:bold}
.finding{margin:8px 0 12px;padding-left:12px;border-left:4px solid var(--line)}
.quote{background:#fff7bf;padding:0 2px}.fix{color:var(--green)}
@media (max-width:640px){body{font-size:15px}h1{font-size:23px}th,td{padding:4px 3px}
.hide-narrow{display:none}.bar{width:64px;height:22px}main{padding:10px}td.q{min-width:96px}
.card{min-width:120px;padding:8px 12px}.card b{font-size:24px}}
"""


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{v:.1f}%"


def _bar(ours: float | None, national: float | None) -> str:
    """Two horizontal bars: this batch (blue) and the national figure (grey)."""
    def rect(y: int, v: float | None, colour: str) -> str:
        w = 0.0 if v is None else max(0.0, min(100.0, v))
        return (f'<rect x="0" y="{y}" width="{w * 3:.1f}" height="11" fill="{colour}"/>'
                f'<rect x="0" y="{y}" width="300" height="11" fill="none" stroke="#b1b4b6" '
                f'vector-effect="non-scaling-stroke"/>')
    label = f"This batch {_pct(ours)}, national {_pct(national)}"
    return (f'<svg class="bar" viewBox="0 0 300 26" preserveAspectRatio="none" role="img" '
            f'aria-label="{escape(label)}">'
            f"<title>{escape(label)}</title>{rect(1, ours, '#1d70b8')}{rect(14, national, '#b1b4b6')}</svg>")


def _group_table(name: str, grp: Group) -> str:
    title = {"overall": "All letters", "stage-one": "Stage one", "stage-two": "Stage two"}[name]
    rows = []
    for row in grp.rows.values():
        q = "Adequate or better" if row.item == "Q35" else item_title(row.item)
        met, not_met = met_counts(row.item, row.yes, row.no)
        ours, nat = met_pct(row.item, row.yes_pct), met_pct(row.item, row.national_yes_pct)
        rows.append(
            f"<tr><td>{escape(row.item)}</td><td class='q'>{escape(q)}</td>"
            f"<td class='num hide-narrow'>{met}</td><td class='num hide-narrow'>{not_met}</td>"
            f"<td class='num'>{_pct(ours)}</td><td class='num'>{_pct(nat)}</td>"
            f"<td>{_bar(ours, nat)}</td>"
            f"<td class='num hide-narrow'>{row.not_applicable}</td>"
            f"<td class='num hide-narrow'>{row.not_assessed}</td></tr>")
    bands = "".join(
        f"<tr><td class='band-{k}'>{BAND_LABEL[k]}</td><td class='num'>{grp.ratings.get(k, 0)}</td>"
        f"<td class='num'>{100 * grp.ratings.get(k, 0) / grp.letters:.0f}%</td>"
        f"<td class='num'>{grp.national_ratings.get(k, 0):.0f}%</td></tr>" for k in RATING_IDS)
    return (
        f"<h2 id='{name}'>{title}: {plural(grp.letters, 'letter')}</h2>"
        "<p class='legend muted'>Share of letters meeting each item (not applicable and not assessed "
        "left out); national: the same share in HMCPSI's 2023 inspection (Annex B; 7.11, the outcome "
        "stated, is not one of its questions, so it has none). <span class='nowrap'>"
        "<span class='swatch' style='background:#1d70b8'></span>this batch</span> <span class='nowrap'>"
        "<span class='swatch' style='background:#b1b4b6'></span>national, 2023</span></p>"
        "<div class='scroll'><table><thead><tr><th>Item</th><th>Question</th><th class='num hide-narrow'>Met</th>"
        "<th class='num hide-narrow'>Not met</th><th class='num'>Met %</th><th class='num'>National</th>"
        "<th>Compared</th><th class='num hide-narrow'>Not applicable</th>"
        "<th class='num hide-narrow'>Not assessed</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        "<h3>Ratings</h3><div class='scroll'><table><thead><tr><th>Rating</th><th class='num'>Letters</th>"
        "<th class='num'>Share</th><th class='num'>National share</th></tr></thead>"
        f"<tbody>{bands}</tbody></table></div>")


def _notes(notes: Sequence[str]) -> str:
    """A letter's notes (what was checked and how: the attachment of an email that was checked,
    the grammar engine that ran), as the terminal report gives them."""
    return "".join(f"<p class='muted note'>Note: {escape(n)}</p>" for n in notes)


def _letter(r: Report) -> tuple[str, list[str], str]:
    """(the section's opening, up to its notes; the notes, each on its own; the rest): the notes
    every letter shares are said once at the top of the page instead (``Writer.close``)."""
    if r.error:
        return ((f"<details><summary>{escape(r.path)}: <span class='band-below-standard'>not checked"
                 f"</span></summary><p>{escape(r.error)}</p>"), list(r.notes), "</details>")
    s = r.score
    head = (f"{escape(r.path)}: <span class='band-{escape(s.rating)}'>{escape(s.rating_label)}</span> "
            f"<span class='muted'>({s.value:.0f}/100)</span>" if s else escape(r.path))
    parts = []
    if s is not None and s.reasons:
        parts.append(f"<p class='why'>Why {escape(s.rating_label)}: {escape('; '.join(s.reasons))}.</p>")
    if s is not None:
        from letterlint.scoring.score import breakdown

        costs = breakdown(s)
        if costs:
            rows = "".join(
                f"<tr><td>{escape(o.item)}</td><td>{escape(item_title(o.item))}</td>"
                f"<td class='num'>−{o.points_lost:g}</td><td class='hide-narrow'>{escape(o.reason)}</td></tr>"
                for o in costs)
            parts.append("<h3>Where the points went</h3><div class='scroll'><table><thead><tr><th>Item</th>"
                         "<th>Question</th><th class='num'>Points</th><th class='hide-narrow'>Why</th></tr>"
                         f"</thead><tbody>{rows}</tbody></table></div>")
    for item, fs in grouped(r.active_findings):
        parts.append(f"<h3>{escape(item)} {escape(item_title(item))}</h3>")
        for f in fs:
            quote = f" <span class='quote'>{escape(shorten(f.quote, 160))}</span>" if f.quote else ""
            sugg = f"<div class='fix'>Suggested: {escape(f.suggestion)}</div>" if f.suggestion else ""
            parts.append(
                f"<div class='finding'><span class='tag {escape(f.severity.value)}'>{escape(f.severity.value)}</span> "
                f"<b>{escape(f.code)}</b> {escape(f.name)} <span class='muted'>"
                f"{escape(f.location.describe())}</span>{quote}<div>{escape(f.message)}</div>{sugg}</div>")
    body = "".join(parts) or "<p>No findings.</p>"
    return (f"<details><summary>{head}</summary>", list(r.notes), f"{body}</details>")


def render(reports: Sequence[Report], **_: object) -> str:
    """A self-contained HTML page (inline CSS, no scripts, no network) for ``reports``: summary
    cards, the Annex B style table of items met per group (overall, stage one, stage two) and
    each letter's findings in a folding section, with the national figures beside ours, and
    its notes (those every letter shares once, above the letters). Every value from a letter is
    escaped."""
    from letterlint.reports import write_all

    buf = io.StringIO()
    write_all(Writer(buf), reports)
    return buf.getvalue()


class Writer:
    """``render``'s page written to ``out``: the summary comes first on the page, so each
    letter's section waits in a private temporary file until ``close``, and the summary is
    counted as letters come (``Tally``, ``Totals``)."""

    def __init__(self, out: TextIO, *, on_disk: bool = False, **_: object) -> None:
        self.out = out
        self.tally = Tally()
        self.totals = Totals()
        self.spool = Spool(on_disk)
        self.read = 0  # letters read (not unreadable): notes are shared only among two or more
        self.not_checked: list[tuple[str, str]] = []  # (path, why): files the batch passed over

    def skipped(self, files: Sequence[tuple[str, str]]) -> None:
        """Files the batch found but did not check, each as (path, reason): a file of a type
        letterlint does not read (``not read``) or a report letterlint wrote (``skipped``). The
        page lists them under the letters, so a coordinator sees every file of the outbox
        accounted for, as the terminal summary does (``engine.batch.skipped_summary``)."""
        self.not_checked += files

    def add(self, reports: Sequence[Report]) -> None:
        """Add the sections of the letters of one file."""
        for r in reports:
            self.read += not r.error
            self.spool.put(_letter(r))
            self.tally.add(r)
            self.totals.add(r)

    def close(self) -> None:
        """Write the page."""
        summary = self.tally.summary()
        overall = summary.groups["overall"]
        adequate = overall.ratings.get("adequate", 0) + overall.ratings.get("better-than-adequate", 0)
        cards = (
            f"<div class='cards'><div class='card'><b>{summary.checked}</b>"
            f"{'letter' if summary.checked == 1 else 'letters'} checked</div>"
            f"<div class='card'><b>{len(summary.unreadable)}</b>not checked</div>"
            f"<div class='card'><b>{len(summary.incomplete)}</b>not fully checked</div>"
            f"<div class='card'><b>{100 * adequate / max(1, overall.letters):.0f}%</b>adequate or better "
            f"(national 51.0%)</div></div>")
        groups = "".join(_group_table(n, g) for n, g in summary.groups.items() if g.letters)
        self.out.write(
            "<!doctype html><html lang='en-GB'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>letterlint report</title><style>{CSS}</style></head><body><main>"
            "<h1>Complaint letters checked against the HMCPSI questionnaire</h1>"
            f"<p class='muted'>{escape(self.totals.line())} · letterlint {__version__}</p>"
            f"{cards}{groups}<h2 id='letters'>Letters</h2>")
        shared = self.totals.shared_notes if self.read > 1 else ()
        if shared:
            self.out.write(f"<p class='muted'>For every letter: {escape('; '.join(shared))}</p>")
        for before, notes, after in self.spool.items():
            self.out.write(before + _notes([n for n in notes if n not in shared]) + after)
        if self.not_checked:
            rows = "".join(f"<li>{'not read' if why.startswith('unsupported') else 'skipped'}: "
                           f"{escape(path)}: {escape(why)}</li>" for path, why in self.not_checked)
            self.out.write(f"<h2 id='not-checked'>Files not checked</h2><ul class='muted'>{rows}</ul>")
        self.out.write("</main></body></html>\n")
        self.spool.close()
