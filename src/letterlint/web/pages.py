"""The HTML of ``letterlint serve``: plain server-rendered pages in the GOV.UK style, one
stylesheet (``CSS``) and one small script (``JS``), both served from the application, so the
Content-Security-Policy can forbid inline styles and scripts. Every page works without the
script; with it, a form says it is checking and cannot be sent twice while it waits. Every piece
of text from a letter or a file name is escaped.

Each ``*_page`` function returns a whole HTML document as ``str``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from letterlint.model import Finding, Report, shorten
from letterlint.reports.common import rating_label
from letterlint.scoring.annex_b import RATING_IDS, Group, ItemRow, Summary

CSS = """
:root{--ink:#0b0c0c;--muted:#505a5f;--line:#b1b4b6;--blue:#1d70b8;--dark-blue:#003078;--red:#d4351c;
--green:#00703c;--orange:#f47738;--yellow:#ffdd00;--grey:#f3f2f1}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:Arial,Helvetica,sans-serif;font-size:19px;line-height:1.4;color:var(--ink);background:#fff}
a{color:var(--blue)}a:visited{color:#4c2c92}a:focus{outline:3px solid transparent;background:var(--yellow);
color:var(--ink);box-shadow:0 -2px var(--yellow),0 4px var(--ink);text-decoration:none}
.bar{background:var(--ink);color:#fff;border-bottom:10px solid var(--blue)}
.bar .wrap{padding:14px 16px 10px;display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 16px}
.brand{color:#fff;font-weight:bold;font-size:26px;text-decoration:none}.brand:visited{color:#fff}
.tagline{color:#fff;font-size:16px}
.wrap{max-width:960px;margin:0 auto;padding:0 16px}
main{padding:20px 0 40px}
h1{font-size:40px;line-height:1.1;margin:20px 0 24px}
h2{font-size:28px;line-height:1.15;margin:36px 0 16px}
h3{font-size:22px;margin:24px 0 10px}
p{margin:0 0 16px}
.caption{color:var(--muted);font-size:19px;margin:20px 0 4px;display:block}
.lead{font-size:22px}
.muted,.hint{color:var(--muted)}
.hint{font-size:17px;margin:0 0 10px}
.section{border-top:1px solid var(--line);padding-top:8px;margin-top:32px}
.section-first{border-top:0;margin-top:0;padding-top:0}
label{display:block;font-weight:bold;margin:0 0 4px}
.field{margin:0 0 24px}
input[type=file]{font-size:17px;max-width:100%;padding:6px 0}
select,input[type=date]{font-size:19px;padding:5px;border:2px solid var(--ink);min-width:220px;max-width:100%}
details{margin:0 0 20px}summary{color:var(--blue);cursor:pointer;text-decoration:underline}
details>div{border-left:5px solid var(--line);padding:12px 0 4px 16px;margin-top:8px}
.button{display:inline-block;background:var(--green);color:#fff;border:0;box-shadow:0 2px 0 #002d18;
font:inherit;font-size:19px;padding:8px 14px 7px;margin:0 12px 14px 0;cursor:pointer;text-decoration:none;
line-height:1.2}
.button:visited{color:#fff}.button:hover{background:#005a30}
.button.secondary{background:var(--grey);color:var(--ink);box-shadow:0 2px 0 #929191}
.button:focus{background:var(--yellow);color:var(--ink);box-shadow:0 2px 0 var(--ink)}
.panel{padding:20px 24px;margin:0 0 28px;color:#fff}
.panel p{margin:0 0 6px}.panel .big{font-size:36px;font-weight:bold;line-height:1.15}
.panel-below-standard{background:var(--red)}.panel-adequate{background:#8a4a00}
.panel-better-than-adequate{background:var(--green)}.panel-error,.panel-incomplete{background:var(--ink)}
.notice{border-left:10px solid var(--red);padding:12px 16px;margin:0 0 24px;background:#fff}
.notice.info{border-color:var(--blue)}
.error-summary{border:5px solid var(--red);padding:16px 20px;margin:0 0 28px}
.error-summary h2{margin:0 0 10px;font-size:24px}
.error-summary li{color:var(--red);font-weight:bold}
table{border-collapse:collapse;width:100%;margin:0 0 24px;font-size:17px}
caption{text-align:left;font-weight:bold;font-size:22px;padding:0 0 10px}
th,td{text-align:left;vertical-align:top;padding:8px 12px 8px 0;border-bottom:1px solid var(--line)}
th{font-weight:bold}.num{text-align:right;white-space:nowrap}
.scroll{overflow-x:auto}
.tag{display:inline-block;font-size:15px;font-weight:bold;padding:2px 7px;line-height:1.3;white-space:nowrap}
.tag-met{background:#cce2d8;color:#005a30}.tag-not-met{background:#f6d7d2;color:#942514}
.tag-not-applicable,.tag-not-assessed,.tag-incomplete{background:#eeefef;color:#383f43}
.tag-error{background:#f6d7d2;color:#942514}.tag-warning{background:#fcd6c3;color:#6e3619}
.tag-info{background:#d2e2f1;color:#144e81}
.tag-below-standard{background:#f6d7d2;color:#942514}.tag-adequate{background:#fff7bf;color:#594d00}
.tag-better-than-adequate{background:#cce2d8;color:#005a30}
.finding{border-left:5px solid var(--line);padding:2px 0 2px 16px;margin:0 0 22px}
.finding.error{border-color:var(--red)}.finding.warning{border-color:var(--orange)}
.finding.info{border-color:var(--blue)}
.finding h4{font-size:19px;margin:0 0 6px}
.finding p{margin:0 0 8px}
.where{color:var(--muted);font-size:17px}
blockquote{margin:0 0 10px;padding:6px 10px;background:var(--grey);font-style:normal;overflow-wrap:anywhere}
.suggest{background:#cce2d8;padding:6px 10px;overflow-wrap:anywhere}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:0 0 28px}
.card{background:var(--grey);padding:12px 16px;flex:1 1 160px}
.card b{display:block;font-size:36px;line-height:1.1}
.svgbar{display:block;width:140px;height:26px}
.legend{font-size:16px}.swatch{display:inline-block;width:14px;height:14px;vertical-align:-2px;margin:0 4px 0 8px}
.swatch-ours{background:var(--blue)}.swatch-national{background:var(--line)}
footer{border-top:1px solid var(--line);padding:20px 0 40px;font-size:16px;color:var(--muted)}
footer p{margin:0 0 6px}
.name{overflow-wrap:break-word}
.busy{border-left:5px solid var(--blue);padding:4px 0 4px 12px;margin:0 0 16px}
button[disabled]{opacity:.7;cursor:wait}
@media (max-width:640px){
body{font-size:16px}h1{font-size:30px;margin:12px 0 18px}h2{font-size:22px;margin:28px 0 12px}
h3{font-size:19px}.lead{font-size:19px}.caption{font-size:16px}table{font-size:15px}
th,td{padding:6px 8px 6px 0}.hide-narrow{display:none}.panel{padding:14px 16px}
.panel .big{font-size:28px}.button{width:100%;text-align:center;margin-right:0}
.card b{font-size:28px}.svgbar{width:70px}.brand{font-size:22px}.tagline{font-size:14px}
.card{flex:1 1 120px}.tag-below-standard,.tag-better-than-adequate{white-space:normal}}
td.name{overflow-wrap:break-word;min-width:9em}
"""

JS = """// letterlint serve: a little help when JavaScript is on; every page works without it.
// A form being sent says so, and its button cannot send it again while the letters are checked.
(function () {
  "use strict";
  function busy(form, on) {
    var button = form.querySelector("button[type=submit]");
    var note = form.querySelector(".busy");
    if (button) {
      if (!button.dataset.label) { button.dataset.label = button.textContent; }
      button.disabled = on;
      button.textContent = on ? "Checking\u2026" : button.dataset.label;
    }
    if (note) { note.hidden = !on; }
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches && form.matches("form[data-busy]")) {
      window.setTimeout(function () { busy(form, true); }, 0);  // after the browser has taken the form
    }
  });
  window.addEventListener("pageshow", function () {  // back to this page: the forms work again
    document.querySelectorAll("form[data-busy]").forEach(function (form) { busy(form, false); });
  });
})();
"""

STATE_LABEL = {"met": "Met", "not-met": "Not met", "not-applicable": "Not applicable",
               "not-assessed": "Not assessed", "incomplete": "Not fully checked"}
STATE_ORDER = ("not-met", "incomplete", "met", "not-assessed", "not-applicable")
BAND_LABEL = {k: rating_label(k)[:1].upper() + rating_label(k)[1:]  # scoring.yaml's wording, capitalised
              for k in RATING_IDS}
GROUP_TITLE = {"overall": "All letters", "stage-one": "Stage one replies", "stage-two": "Stage two replies"}
FACT_LABEL = {"letter_type": "Letter type", "complaint_type": "Complaint type", "letter_date": "Letter date",
              "outcome": "Outcome"}
SOURCE_LABEL = {"command line": "chosen on the form"}
ACCEPT = ".docx,.doc,.odt,.rtf,.pdf,.txt,.md,.eml,.msg"


@dataclass(frozen=True)
class Context:
    """What every page shows: the ``csrf`` token for its forms, the configuration and language
    pipeline in use (one line each), the letterlint ``version``, how long downloads are kept
    (``ttl_minutes``) and the most letters and bytes accepted (for the hints)."""

    csrf: str
    config_label: str
    pipeline_label: str
    version: str
    ttl_minutes: int
    max_letters: int
    max_file_text: str
    max_files: int = 100


@dataclass(frozen=True)
class Link:
    """A download button: ``label`` on the button, ``href`` to fetch, ``primary`` (green) or not."""

    label: str
    href: str
    primary: bool = True


@dataclass
class SingleResult:
    """One letter checked: its ``reports`` (one per letter in the file, usually one), download
    ``links``, and notices: the complainant's letter (``complaint``: its name, or None) and
    why it or a copy could not be used (``notices``)."""

    name: str
    reports: list[Report]
    links: list[Link] = field(default_factory=list)
    complaint: str | None = None
    notices: list[str] = field(default_factory=list)


@dataclass
class BatchResult:
    """Several letters checked: their ``reports`` (a file that could not be read is a report
    with its ``error``), the Annex B ``summary`` of them, download ``links`` (HTML report, CSV)
    and the files that are not letters (``skipped``, ``(name, reason)``)."""

    reports: list[Report]
    summary: Summary
    links: list[Link] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def _e(text: object) -> str:
    from letterlint.reports.common import safe_text

    return escape(safe_text(str(text)))


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def layout(ctx: Context, title: str, body: str) -> str:
    """A whole page: the header bar, ``body`` in ``<main>`` and the footer saying which
    configuration and pipeline were used and that letters stay on this computer."""
    return (
        "<!doctype html><html lang='en-GB'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<meta name='referrer' content='no-referrer'>"
        f"<title>{_e(title)} – letterlint</title><link rel='stylesheet' href='/style.css'>"
        "<script src='/app.js' defer></script></head><body>"
        "<header class='bar'><div class='wrap'><a class='brand' href='/'>letterlint</a>"
        "<span class='tagline'>Check a complaint reply before quality assurance</span></div></header>"
        f"<div class='wrap'><main id='main'>{body}</main></div>"
        "<footer><div class='wrap'>"
        f"<p>Letters stay on this computer. Copies for download are deleted after {ctx.ttl_minutes} minutes "
        "or when letterlint stops.</p>"
        f"<p id='config'>Configuration: {_e(ctx.config_label)}</p>"
        f"<p id='pipeline'>Language pipeline: {_e(ctx.pipeline_label)}</p>"
        f"<p>letterlint {_e(ctx.version)}</p></div></footer></body></html>\n")


def _csrf(ctx: Context) -> str:
    return f"<input type='hidden' name='csrf' value='{_e(ctx.csrf)}'>"


def home_page(ctx: Context, errors: Sequence[str] = ()) -> str:
    """The start page: one form for a single letter (with the complainant's letter and the
    letter type and date, all optional) and one for several letters or a .zip. ``errors``:
    one-line reasons to show at the top (an upload that was refused)."""
    stages = "".join(f"<option value='{v}'>{t}</option>" for v, t in (
        ("", "Work it out from the letter"), ("acknowledgement", "Acknowledgement"),
        ("holding", "Holding letter"), ("stage-one", "Stage one response"), ("stage-two", "Stage two response")))
    body = (
        f"{_error_summary(errors)}"
        "<h1>Check a complaint reply</h1>"
        "<p class='lead'>letterlint checks a draft reply to a complaint against the questions HMCPSI "
        "inspectors asked of CPS letters in 2023, and tells you exactly what to fix.</p>"
        "<div class='section section-first'><h2 id='one'>Check one letter</h2>"
        "<form method='post' action='/check' enctype='multipart/form-data' data-busy>"
        f"{_csrf(ctx)}"
        "<div class='field'><label for='letter'>Your draft reply</label>"
        "<p class='hint'>Word, OpenDocument, PDF, RTF, email or text. Up to "
        f"{_e(ctx.max_file_text)}.</p>"
        f"<input type='file' id='letter' name='letter' accept='{ACCEPT}' required></div>"
        "<div class='field'><label for='complaint'>The complainant's letter (optional)</label>"
        "<p class='hint'>letterlint then checks that every point raised is answered (question 28).</p>"
        f"<input type='file' id='complaint' name='complaint' accept='{ACCEPT}'></div>"
        "<details><summary>Letter type and date (optional)</summary><div>"
        "<div class='field'><label for='stage'>Letter type</label>"
        f"<select id='stage' name='stage'>{stages}</select></div>"
        "<div class='field'><label for='letter_date'>Letter date</label>"
        "<p class='hint'>Used for the date by which the complainant can ask for a review.</p>"
        "<input type='date' id='letter_date' name='letter_date'></div></div></details>"
        "<p class='busy' role='status' id='busy-one' hidden>Checking the letter: this takes a few seconds.</p>"
        "<button class='button' type='submit' id='check-one'>Check the letter</button></form></div>"
        "<div class='section'><h2 id='several'>Check several letters</h2>"
        "<form method='post' action='/check' enctype='multipart/form-data' data-busy>"
        f"{_csrf(ctx)}"
        "<div class='field'><label for='letters'>Letters, or a .zip of a folder</label>"
        f"<p class='hint'>Up to {ctx.max_files:,} files at once, or a .zip of up to {ctx.max_letters:,} "
        "letters. You get a summary in the inspectors' "
        "Annex B format beside the national figures, and a report and spreadsheet to download.</p>"
        f"<input type='file' id='letters' name='letters' accept='{ACCEPT},.zip' multiple required></div>"
        "<details><summary>Letter type (optional)</summary><div>"
        "<div class='field'><label for='stage-many'>Letter type</label>"
        "<p class='hint'>Only if every letter is of one type, for example a folder of stage one "
        "responses. Otherwise letterlint works out each letter's type.</p>"
        f"<select id='stage-many' name='stage'>{stages}</select></div></div></details>"
        "<p class='busy' role='status' id='busy-many' hidden>Checking the letters: a folder of letters can "
        "take a few minutes. Keep this page open; the summary appears here.</p>"
        "<button class='button' type='submit' id='check-many'>Check the letters</button></form></div>")
    return layout(ctx, "Check a complaint reply", body)


def _error_summary(errors: Sequence[str]) -> str:
    if not errors:
        return ""
    items = "".join(f"<li>{_e(e)}</li>" for e in errors)
    return (f"<div class='error-summary' role='alert' id='errors'><h2>There is a problem</h2>"
            f"<ul>{items}</ul></div>")


def message_page(ctx: Context, title: str, message: str, status_hint: str = "") -> str:
    """A page with one message (access refused, form expired, not found) and a link back."""
    hint = f"<p>{_e(status_hint)}</p>" if status_hint else ""
    return layout(ctx, title, f"<h1>{_e(title)}</h1><p class='lead' id='message'>{_e(message)}</p>{hint}"
                              "<p><a href='/'>Go to the start page</a></p>")


def _links(links: Sequence[Link], ctx: Context) -> str:
    if not links:
        return ""
    buttons = "".join(f"<a class='button{'' if ln.primary else ' secondary'}' href='{_e(ln.href)}' "
                      f"download>{_e(ln.label)}</a>" for ln in links)
    return (f"<div class='downloads' id='downloads'>{buttons}"
            f"<p class='hint'>Downloads are kept for {ctx.ttl_minutes} minutes.</p></div>")


def _label(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fact_value(v: object) -> str:
    import datetime as dt
    from enum import Enum

    if isinstance(v, dt.date):
        from letterlint.engine.check import format_uk

        return format_uk(v)
    return str(v.value).replace("-", " ") if isinstance(v, Enum) else str(v)


def _rating_panel(r: Report) -> str:
    if r.error:
        return (f"<div class='panel panel-error' id='rating'><p class='big'>Not checked</p>"
                f"<p id='reason'>{_e(r.error)}</p></div>")
    s = r.score
    if s is None or r.incomplete:
        return ("<div class='panel panel-incomplete' id='rating'><p class='big'>Not fully checked</p>"
                f"<p id='reason'>{_e(', '.join(r.incomplete))} could not run, so no rating is given.</p></div>")
    why = "; ".join(s.reasons)
    return (f"<div class='panel panel-{_e(s.rating)}' id='rating'><p class='big' id='rating-label'>"
            f"{_e(_label(s.rating_label))}</p><p>Score {s.value:.0f} out of 100</p>"
            + (f"<p id='reason'>Why: {_e(why)}.</p>" if why else "") + "</div>")


def _items_table(r: Report) -> str:
    from letterlint.reports.common import item_key

    if r.score is None:
        return ""
    rows = sorted(r.score.items, key=lambda o: (STATE_ORDER.index(o.state), item_key(o.item)))
    shown = [o for o in rows if o.state in ("not-met", "met", "incomplete")]
    rest = [o for o in rows if o not in shown]

    def row(o: object) -> str:
        from letterlint.model import ItemOutcome

        assert isinstance(o, ItemOutcome)
        return (f"<tr class='item' data-state='{o.state}'><td>{_e(o.item)}</td><td>{_e(o.question)}</td>"
                f"<td><span class='tag tag-{o.state}'>{STATE_LABEL[o.state]}</span></td>"
                f"<td class='hide-narrow'>{_e(o.reason)}</td></tr>")

    met = sum(o.state == "met" for o in rows)
    not_met = sum(o.state == "not-met" for o in rows)
    head = ("<thead><tr><th>Item</th><th>Question</th><th>Result</th><th class='hide-narrow'>Why</th></tr>"
            "</thead>")
    out = (f"<h2 id='items'>Questionnaire items: {met} met, {not_met} not met</h2>"
           f"<div class='scroll'><table id='items-table'>{head}<tbody>{''.join(map(row, shown))}</tbody></table></div>")
    if rest:
        out += (f"<details><summary>{_plural(len(rest), 'item')} not applicable to this letter or not "
                f"assessed</summary><div class='scroll'><table>{head}<tbody>{''.join(map(row, rest))}"
                "</tbody></table></div></details>")
    return out


def _finding(f: Finding) -> str:
    parts = [f"<div class='finding {_e(f.severity.value)}'><h4><span class='tag tag-{_e(f.severity.value)}'>"
             f"{_e(f.severity.value)}</span> {_e(f.name.replace('-', ' ').capitalize())} "
             f"<span class='muted'>({_e(f.code)})</span></h4>",
             f"<p class='where'>{_e(f.location.describe())}</p>"]
    if f.quote:
        quote = shorten(f.quote, 300)
        parts.append(f"<blockquote class='quote'>{_e(quote)}</blockquote>")
    parts.append(f"<p class='message'>{_e(f.message)}</p>")
    if f.why:
        parts.append(f"<p class='why'><b>Why it matters:</b> {_e(f.why)}</p>")
    if f.fix:
        parts.append(f"<p class='fix'><b>What to do:</b> {_e(f.fix)}</p>")
    if f.suggestion:
        parts.append(f"<p class='suggest'><b>Suggested wording:</b> {_e(f.suggestion)}</p>")
    parts.append("</div>")
    return "".join(parts)


def _findings(r: Report) -> str:
    from letterlint.reports.common import grouped, item_title

    active = r.active_findings
    if r.error:  # not checked: the cause is shown above; "no problems" would say it passed
        return ""
    if not active:
        return "<h2 id='findings'>What to fix</h2><p>Nothing: letterlint found no problems.</p>"
    out = [f"<h2 id='findings'>What to fix: {_plural(len(active), 'finding')}</h2>"]
    for item, fs in grouped(active):
        out.append(f"<h3>{_e(item)} {_e(item_title(item))}</h3>")
        out += [_finding(f) for f in fs]
    return "".join(out)


def _how_read(r: Report) -> str:
    facts = "".join(f"<tr><th>{_e(FACT_LABEL.get(f.name, f.name.replace('_', ' ').capitalize()))}</th>"
                    f"<td>{_e(_fact_value(f.value))}</td><td class='muted hide-narrow'>"
                    f"{_e(SOURCE_LABEL.get(f.source, f.source))}</td></tr>"
                    for f in r.facts)
    notes = "".join(f"<li>{_e(n)}</li>" for n in r.notes)
    if not facts and not notes:
        return ""
    return ("<details id='how-read'><summary>How letterlint read the letter</summary><div>"
            + (f"<table><tbody>{facts}</tbody></table>" if facts else "")
            + (f"<ul class='hint'>{notes}</ul>" if notes else "") + "</div></details>")


def single_page(ctx: Context, result: SingleResult) -> str:
    """The page for one letter: rating with its one-line reason, the downloads, the items met
    and not met, each finding (quote, why, fix) and how the letter was read."""
    parts = ["<p><a href='/'>Check another letter</a></p>",
             f"<span class='caption'>Letter checked</span><h1 class='name' id='letter-name'>{_e(result.name)}</h1>"]
    if result.complaint:
        parts.append(f"<p class='muted'>Checked against the complainant's letter {_e(result.complaint)}.</p>")
    parts += [f"<div class='notice'>{_e(n)}</div>" for n in result.notices]
    many = len(result.reports) > 1
    if many:
        parts.append(f"<div class='notice info'>This file holds {len(result.reports)} letters; each is "
                     "checked on its own.</div>")
    parts.append(_links(result.links, ctx))
    for n, r in enumerate(result.reports, 1):
        if many:
            parts.append(f"<h2 class='section'>Letter {n} of {len(result.reports)}</h2>")
        parts += [_rating_panel(r), _items_table(r), _findings(r), _how_read(r)]
    return layout(ctx, result.name, "".join(parts))


def _bar(ours: float | None, national: float | None) -> str:
    """Two bars out of 100%: this batch (blue) above the national figure (grey)."""
    def rect(y: int, v: float | None, colour: str) -> str:
        w = 0.0 if v is None else max(0.0, min(100.0, v))
        return (f"<rect x='0' y='{y}' width='{w:.1f}' height='11' fill='{colour}'/>"
                f"<rect x='0' y='{y}' width='100' height='11' fill='none' stroke='#b1b4b6' "
                "vector-effect='non-scaling-stroke'/>")
    label = f"This batch {_pct(ours)}, national {_pct(national)}"
    return (f"<svg class='svgbar' viewBox='0 0 100 26' preserveAspectRatio='none' role='img' "
            f"aria-label='{label}'>{rect(1, ours, '#1d70b8')}{rect(14, national, '#b1b4b6')}</svg>")


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{v:.0f}%"


def _group(name: str, grp: Group) -> str:
    from letterlint.reports.common import item_title, met_counts, met_pct

    def row_html(row: ItemRow) -> str:
        # met / not met, as every report answers (for Q22-Q24 and Q33 the inspectors' "yes" is a failure)
        met, not_met = met_counts(row.item, row.yes, row.no)
        ours, national = met_pct(row.item, row.yes_pct), met_pct(row.item, row.national_yes_pct)
        return (f"<tr><td>{_e(row.item)}</td>"
                f"<td>{_e('Adequate or better' if row.item == 'Q35' else item_title(row.item))}</td>"
                f"<td class='num hide-narrow'>{met}</td><td class='num hide-narrow'>{not_met}</td>"
                f"<td class='num'>{_pct(ours)}</td><td class='num'>{_pct(national)}</td>"
                f"<td>{_bar(ours, national)}</td></tr>")

    rows = "".join(row_html(row) for row in grp.rows.values())
    bands = "".join(
        f"<tr><td><span class='tag tag-{k}'>{BAND_LABEL[k]}</span></td><td class='num'>{grp.ratings.get(k, 0)}</td>"
        f"<td class='num'>{100 * grp.ratings.get(k, 0) / max(1, grp.letters):.0f}%</td>"
        f"<td class='num'>{grp.national_ratings.get(k, 0):.0f}%</td></tr>" for k in RATING_IDS)
    return (
        f"<h3 id='group-{name}'>{GROUP_TITLE[name]}: {_plural(grp.letters, 'letter')}</h3>"
        f"<div class='scroll'><table class='annex-b' id='annex-b-{name}'><thead><tr><th>Item</th><th>Question</th>"
        "<th class='num hide-narrow'>Met</th><th class='num hide-narrow'>Not met</th><th class='num'>Met here</th>"
        "<th class='num'>National</th><th><span class='hide-narrow'>Compared</span></th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
        f"<div class='scroll'><table class='ratings' id='ratings-{name}'><thead><tr><th>Rating</th>"
        "<th class='num'>Letters</th><th class='num'>Share</th><th class='num'>National</th></tr></thead>"
        f"<tbody>{bands}</tbody></table></div>")


def _common_folder(names: Sequence[str]) -> str:
    """The folder every name is in (``outbox.zip/outbox/``, with its ``/``), or ``""``."""
    if not names:
        return ""
    parts = [n.split("/")[:-1] for n in names]
    common: list[str] = []
    for level in zip(*parts, strict=False):
        if len(set(level)) != 1:
            break
        common.append(level[0])
    return "/".join(common) + "/" if common else ""


def batch_page(ctx: Context, result: BatchResult) -> str:
    """The page for several letters: counts, downloads, each letter's rating, the Annex B
    summary beside the national figures, and the files not checked or skipped."""
    from letterlint.reports.common import report_name

    s = result.summary
    overall = s.groups["overall"]
    good = overall.ratings.get("adequate", 0) + overall.ratings.get("better-than-adequate", 0)
    national_good = sum(overall.national_ratings.get(k, 0) for k in ("adequate", "better-than-adequate"))
    not_read = len(s.unreadable)
    cards = (
        "<div class='cards'>"
        f"<div class='card' id='card-checked'><b>{s.checked}</b>"
        f"{'letter' if s.checked == 1 else 'letters'} checked</div>"
        f"<div class='card' id='card-not-read'><b>{not_read}</b>not checked</div>"
        + (f"<div class='card'><b>{len(s.incomplete)}</b>not fully checked</div>" if s.incomplete else "")
        + f"<div class='card' id='card-adequate'><b>{100 * good / max(1, overall.letters):.0f}%</b>adequate or "
        f"better (national {national_good:.0f}%)</div></div>")
    folder = _common_folder([r.path for r in result.reports])
    letters = []
    for r in result.reports:
        name = _e(report_name(r, result.reports)[len(folder):])
        if r.error:
            letters.append(f"<tr class='letter'><td class='name'>{name}</td><td><span class='tag tag-not-met'>"
                           "Not checked</span></td><td class='num'></td>"
                           f"<td class='hide-narrow'>{_e(r.error)}</td></tr>")
            continue
        sc = r.score
        if sc is None or r.incomplete:
            letters.append(f"<tr class='letter'><td class='name'>{name}</td><td><span class='tag tag-incomplete'>"
                           "Not fully checked</span></td><td class='num'></td><td class='hide-narrow'></td></tr>")
            continue
        letters.append(
            f"<tr class='letter'><td class='name'>{name}</td><td><span class='tag tag-{_e(sc.rating)}'>"
            f"{_e(BAND_LABEL.get(sc.rating, sc.rating_label))}</span></td><td class='num'>{sc.value:.0f}</td>"
            f"<td class='hide-narrow'>{_e('; '.join(sc.reasons))}</td></tr>")
    not_checked = [(r.path, r.error) for r in result.reports if r.error]
    problems = ""
    if not_checked:
        problems = ("<h2 id='not-checked'>Not checked</h2><ul class='problems'>"
                    + "".join(f"<li><span class='name'>{_e(n)}</span>: {_e(w)}</li>" for n, w in not_checked)
                    + "</ul>")
    skipped = ""
    if result.skipped:
        skipped = (f"<details id='skipped'><summary>{_plural(len(result.skipped), 'file')} skipped: not letters"
                   "</summary><div><ul>" + "".join(f"<li><span class='name'>{_e(n)}</span>: {_e(w)}</li>"
                                                  for n, w in result.skipped) + "</ul></div></details>")
    groups = "".join(_group(n, g) for n, g in s.groups.items() if g.letters)
    national = _e(str(s.to_dict().get("national_source", "")).strip())
    body = (
        "<p><a href='/'>Check more letters</a></p>"
        f"<span class='caption'>Letters checked</span><h1>{_plural(len(result.reports), 'letter')}"
        "</h1>"
        f"{cards}{_links(result.links, ctx)}{problems}"
        "<h2 id='annex-b'>Compared with the national figures</h2>"
        "<p>The share of letters meeting each item, as in Annex B of the HMCPSI report "
        "(letters where an item does not apply, or was not assessed, are left out). National: the "
        "same share in the 2023 inspection"
        + (f" ({national})" if national else "") + ".</p>"
        "<p class='legend muted'><span class='swatch swatch-ours'></span>these letters "
        "<span class='swatch swatch-national'></span>national</p>"
        f"{groups or '<p>No letter could be rated.</p>'}"
        "<h2 id='letters'>Each letter</h2>"
        + (f"<p class='muted'>In {_e(folder)}</p>" if folder else "")
        + "<div class='scroll'><table id='letters-table'><thead><tr><th>Letter</th>"
        "<th>Rating</th><th class='num'>Score</th><th class='hide-narrow'>Why</th></tr></thead>"
        f"<tbody>{''.join(letters)}</tbody></table></div>{skipped}")
    return layout(ctx, "Letters checked", body)
