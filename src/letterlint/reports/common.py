"""Shared by formatters: item titles, ordering and counts. Formatters see only Reports."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from letterlint.model import Finding, ItemOutcome, Report, Score

ITEM_TITLES: dict[str, str] = {
    "7.11": "Outcome stated (upheld or not)",
    "Q15": "Holding letter on time",
    "Q16": "Holding letter: reason for the delay",
    "Q17": "Holding letter: date of the full reply",
    "Q22": "Spelling",
    "Q23": "Grammar",
    "Q24": "Legal jargon and acronyms",
    "Q25": "Empathy",
    "Q26": "Clear explanation",
    "Q27": "Mistakes acknowledged and apology",
    "Q28": "All issues addressed",
    "Q29": "Remedy",
    "Q30": "Offer of a meeting",
    "Q31": "Signposting other agencies",
    "Q32": "Next stage explained",
    "Q33": "Nothing it should not contain",
    "Q34": "Addressed correctly",
}
ORDER = tuple(ITEM_TITLES)


# The one list of answers (issue 11 point 4, issue 16): an item's ``state`` as every report words it.
STATE_LABELS: dict[str, str] = {
    "met": "met",
    "not-met": "not met",
    "not-applicable": "not applicable",
    "not-assessed": "not assessed",
    "incomplete": "not fully checked",
}
# Items the questionnaire asks the negative way ("Are there spelling errors?"): the inspectors'
# "yes" is a failure (Annex C, Q22, Q23, Q24 and Q33).
NEGATIVE_ITEMS = frozenset({"Q22", "Q23", "Q24", "Q33"})


def state_label(outcome: ItemOutcome) -> str:
    """``outcome``'s answer in the one list: met, not met, not applicable, not assessed or not
    fully checked (never the questionnaire's yes / no, which means the opposite for Q22-Q24, Q33)."""
    return STATE_LABELS[outcome.state]


def met_pct(item: str, yes_pct: float | None) -> float | None:
    """The share of letters meeting ``item`` (per cent) from the inspectors' share answering yes."""
    if yes_pct is None:
        return None
    return round(100.0 - yes_pct, 1) if item in NEGATIVE_ITEMS else yes_pct


def met_counts(item: str, yes: int, no: int) -> tuple[int, int]:
    """(met, not met) from the inspectors' yes and no counts for ``item``."""
    return (no, yes) if item in NEGATIVE_ITEMS else (yes, no)


def rating_line(score: Score) -> str:
    """The rating and why, on one line: "adequate: Q29 remedy not met; 2 spelling mistakes"."""
    why = "; ".join(score.reasons)
    return f"{score.rating_label}: {why}" if why else score.rating_label


def item_key(item: str) -> tuple[int, str]:
    """Sort key for an item: (position in ``ORDER``, item), so questionnaire items come in the
    report's order (7.11, then Q15-Q34) and unknown items come last, by name."""
    return (ORDER.index(item), item) if item in ORDER else (len(ORDER), item)


def item_title(item: str) -> str:
    """A short title for a questionnaire item or report paragraph ("Q22" -> "Spelling");
    "Report paragraph X" for one not in ``ITEM_TITLES``."""
    return ITEM_TITLES.get(item, f"Report paragraph {item}")


def grouped(findings: Sequence[Finding]) -> list[tuple[str, list[Finding]]]:
    """``findings`` grouped by item: a list of (item, list of Finding), items in ``item_key``
    order, findings in their given order within each."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.item, []).append(f)
    return sorted(groups.items(), key=lambda kv: item_key(kv[0]))


def counts(reports: Sequence[Report]) -> Counter[str]:
    """Totals over ``reports``: letters "unreadable" and "incomplete" (not fully checked), and
    findings by severity ("error", "warning", "info"), suppressed findings counted as
    "suppressed" instead. A Counter, so a missing key is 0."""
    c: Counter[str] = Counter()
    for r in reports:
        if r.error:
            c["unreadable"] += 1
        elif r.incomplete:
            c["incomplete"] += 1
        for f in r.findings:
            c["suppressed" if f.suppressed else f.severity.value] += 1
    return c


def rating_label(rating: str) -> str:
    """The one human wording of a rating band id (``below-standard`` -> "below the required
    standard"), from the band labels of ``data/scoring.yaml`` (HMCPSI 7.41-7.48); "not fully
    checked" for a letter with no rating. Every report (terminal, batch table, CSV, HTML, the
    web page) uses it; a heading capitalises it."""
    from letterlint.model import INCOMPLETE_RATING
    from letterlint.scoring.score import model

    return "not fully checked" if rating == INCOMPLETE_RATING else model().label(rating)


def report_name(r: Report, reports: Sequence[Report]) -> str:
    """The file's path, with "(letter N)" when the file holds several letters."""
    if r.letter is not None and any(o.path == r.path and (o.letter or 0) > 1 for o in reports):
        return f"{r.path} (letter {r.letter})"
    return r.path


def plural(n: int, word: str) -> str:
    """``n`` and ``word``, with "s" added unless ``n`` is 1: "1 error", "3 warnings"."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def letter_line(r: Report, reports: Sequence[Report]) -> str:
    """One line for one letter (``--quiet``): its name, then its rating and score and its
    counts, or why it was not (fully) checked."""
    name = report_name(r, reports)
    if r.error:
        return f"{name}: not checked: {r.error}"
    active = r.active_findings
    parts = [plural(sum(f.severity.value == "error" for f in active), "error"),
             plural(sum(f.severity.value == "warning" for f in active), "warning"),
             f"{sum(f.severity.value == 'info' for f in active)} info"]
    if r.incomplete:
        return f"{name}: not fully checked ({', '.join(r.incomplete)} could not run); {', '.join(parts)}"
    head = f"{r.score.rating_label} ({r.score.value:.0f}/100)" if r.score is not None else "checked"
    return f"{name}: {head}; {', '.join(parts)}"


def quiet_text(reports: Sequence[Report], width: int | None = None) -> str:
    """``--quiet``: one line per letter, then the total line ("N letters checked: ..."), the
    same shape for one letter as for several. ``width``: on a terminal, a line longer than it
    goes on under a two-space indent (None: each letter's line whole, for a pipe or grep)."""
    import io

    from letterlint.reports import by_file

    buf = io.StringIO()
    w = QuietWriter(buf, width)
    for run in by_file(reports):
        w.add(run)
    w.close()
    return buf.getvalue()


class QuietWriter:
    """``quiet_text`` written to ``out`` as each file comes: a line per letter, then at
    ``close`` the total line. Reports are taken as given (sanitise them first)."""

    def __init__(self, out: TextIO, width: int | None = None) -> None:
        self.out = out
        self.width = width
        self.totals = Totals()

    def _write(self, line: str) -> None:
        if self.width is not None and len(line) > self.width:
            import textwrap

            line = "\n".join(textwrap.wrap(line, self.width, subsequent_indent="  ",
                                           break_long_words=False, break_on_hyphens=False))
        self.out.write(line + "\n")

    def add(self, reports: Sequence[Report]) -> None:
        """Write the lines of the letters of one file."""
        for r in reports:
            self._write(letter_line(r, reports))
            self.totals.add(r)

    def close(self) -> None:
        """Write the total line."""
        self._write(self.totals.line(total=True))


def shared_notes(reports: Sequence[Report]) -> tuple[str, ...]:
    """Notes every checked letter of the run repeats (the language pipeline, how grammar ran):
    shown once per run rather than under each letter."""
    checked = [r for r in reports if not r.error]
    if not checked:
        return ()
    first = checked[0].notes
    return tuple(n for n in first if all(n in r.notes for r in checked[1:]))


def pipelines(reports: Sequence[Report]) -> list[str]:
    """The language pipelines that ran (from each report's "language pipeline: NAME" note)."""
    found: list[str] = []
    for r in reports:
        for n in r.notes:
            if n.startswith("language pipeline: ") and n[19:] not in found:
                found.append(n[19:])
    return found


def summary_line(reports: Sequence[Report], total: bool = False) -> str:
    """The run's one-line total: letters checked (or, for one letter, the file's path with its
    score and rating, unless ``total`` asks for "1 letter checked" as for several), then
    errors, warnings and info, and suppressed findings, unreadable files and letters not fully
    checked where there are any."""
    t = Totals()
    for r in reports:
        t.add(r)
    return t.line(total)


class Totals:
    """What a run's closing lines need, gathered one letter at a time so that a batch need not
    keep its reports (issue 15): the ``counts``, the number of letters, how many were checked,
    the language ``pipelines``, the ``shared_notes`` and the one report while there is only one.
    ``add(report)`` per letter; memory stays the same whatever the number of letters."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.letters = 0
        self.checked = 0
        self.pipelines: list[str] = []
        self._common: list[str] | None = None
        self.first: Report | None = None

    def add(self, r: Report) -> None:
        """Count one letter's report ``r``."""
        self.letters += 1
        self.first = r if self.letters == 1 else None
        self.counts.update(counts([r]))
        if not r.error and not r.incomplete:
            self.checked += 1
        for name in pipelines([r]):
            if name not in self.pipelines:
                self.pipelines.append(name)
        if not r.error:
            self._common = list(r.notes) if self._common is None else [n for n in self._common if n in r.notes]

    @property
    def shared_notes(self) -> tuple[str, ...]:
        """``shared_notes`` of the letters added so far."""
        return tuple(self._common or ())

    def line(self, total: bool = False) -> str:
        """``summary_line`` of the letters added so far."""
        c = self.counts
        parts = [plural(c["error"], "error"), plural(c["warning"], "warning"), f"{c['info']} info"]
        if c["suppressed"]:
            parts.append(f"{c['suppressed']} suppressed")
        if c["unreadable"]:
            parts.append(f"{plural(c['unreadable'], 'file')} not checked")
        if c["incomplete"]:
            parts.append(f"{plural(c['incomplete'], 'letter')} not fully checked")
        one = self.first if not total else None
        if one is not None and one.error:  # one file, not read (its entry gives the cause): no row of noughts
            return f"{one.path}: not checked"
        head = f"{plural(self.checked, 'letter')} checked" if one is None else one.path
        tail = ""
        if one is not None and one.incomplete:
            tail = f" · not fully checked ({', '.join(one.incomplete)} could not run)"
        elif one is not None and one.score is not None:
            s = one.score
            tail = f" · score {s.value:.0f}/100 · {s.rating_label}"
        return f"{head}: {', '.join(parts)}{tail}"


def letter_names(group: Sequence[Report]) -> list[str]:
    """``report_name`` of each report of ``group``, the letters of one file (``each_letter``):
    the same names as over the whole run, since a file's letters all come together."""
    return [report_name(r, group) for r in group]


class Spool:
    """Where a report's parts wait as letters come, for a format that must be written whole at
    the end (one JSON document, one HTML page, a table whose widths depend on every row).
    ``on_disk``: a private temporary file (mode 0600 and already unlinked, so no other user
    can open it and nothing is left behind), so that a batch's memory does not grow with its
    letters (issue 15); otherwise memory (``render``, which returns the whole text anyway, and
    the web page, which never writes a letter's words to the shared temporary folder).
    ``write`` text, or ``put`` a JSON value per line; then ``copy_to`` an output or read back
    ``items``."""

    def __init__(self, on_disk: bool = False) -> None:
        import io
        import tempfile

        # surrogatepass: any text comes back exactly as it was put
        self._file: TextIO = (tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogatepass",  # noqa: SIM115
                                                     newline="")
                              if on_disk else io.StringIO())
        self.empty = True

    def write(self, text: str) -> None:
        """Add ``text``."""
        if text:
            self._file.write(text)
            self.empty = False

    def put(self, value: object) -> None:
        """Add one JSON value (a line)."""
        import json

        self.write(json.dumps(value, ensure_ascii=False) + "\n")

    def _rewind(self) -> None:
        self._file.flush()
        self._file.seek(0)

    def copy_to(self, out: TextIO) -> None:
        """Write everything added to ``out``, in pieces of 64 KB."""
        self._rewind()
        while chunk := self._file.read(65536):
            out.write(chunk)

    def items(self) -> Iterator[Any]:
        """The JSON values ``put``, in order."""
        import json

        self._rewind()
        for line in self._file:
            yield json.loads(line)

    def close(self) -> None:
        """Delete the file (it is unlinked already; this frees it)."""
        self._file.close()


# ------------------------------------------------------------------ text made safe for outputs

# C0 controls (but tab and newline), DEL, C1 controls, bidirectional overrides and isolates,
# the line and paragraph separators, and lone surrogates (a file name that is not UTF-8)
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                     "\u2066-\u2069\ud800-\udfff]")


def _escape_char(m: re.Match[str]) -> str:
    c = ord(m.group(0))
    if 0xDC80 <= c <= 0xDCFF:  # a byte that is not UTF-8, kept by surrogateescape: show the byte
        return f"\\x{c - 0xDC00:02x}"
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def safe_text(text: str) -> str:
    """``text`` with every control character (ANSI escapes, OSC, bidi overrides...) shown as
    an escape (``\\x1b``, ``\\u202e``): what a letter or a file name says can never drive the
    terminal, reorder a line or end a spreadsheet cell."""
    return _UNSAFE.sub(_escape_char, text) if isinstance(text, str) else text


_NAME_BREAKS = re.compile("[\t\n\r]")


def safe_name(text: str) -> str:
    """A file name as one line of text: ``safe_text``, and a tab, newline or carriage return in
    the name shown as ``\\t``, ``\\n``, ``\\r`` too (a name with a newline in it must not
    split a one-line message in two). A byte that is not UTF-8 shows as ``\\xNN``."""
    if not isinstance(text, str):
        return text
    return _NAME_BREAKS.sub(lambda m: {"\t": "\\t", "\n": "\\n", "\r": "\\r"}[m.group(0)], safe_text(text))


def json_safe(text: str) -> str:
    """Rendered JSON with the characters ``json`` leaves raw (DEL, C1 controls, bidi overrides,
    line separators) written as ``\\uXXXX``: the same JSON value, never raw in the output. Such
    characters can only occur inside strings, so this stays valid JSON."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def sanitise_report(r: Report) -> Report:
    """A copy of ``r`` with every piece of text from the letter, its name or the cache passed
    through ``safe_text`` (for terminal, CSV, HTML and CI-log outputs)."""
    from dataclasses import replace

    from letterlint.model import Fact, ItemOutcome, RuleResult, Score

    s = safe_text
    findings = tuple(replace(f, quote=s(f.quote), message=s(f.message), name=s(f.name), code=s(f.code),
                             item=s(f.item), why=s(f.why), fix=s(f.fix),
                             suggestion=None if f.suggestion is None else s(f.suggestion),
                             suppression_reason=None if f.suppression_reason is None
                             else s(f.suppression_reason))
                     for f in r.findings)
    facts = tuple(Fact(f.name, s(f.value) if isinstance(f.value, str) else f.value, s(f.source),
                       s(f.evidence)) for f in r.facts)
    results = tuple(RuleResult(s(x.code), s(x.item), x.status, x.findings, s(x.detail), x.arose)
                    for x in r.results)
    score = r.score
    if score is not None:
        score = Score(score.value, s(score.rating), s(score.rating_label),
                      tuple(ItemOutcome(s(o.item), s(o.question), o.answer, o.passed, o.points_lost,
                                        s(o.reason)) for o in score.items),
                      tuple(s(x) for x in score.reasons))
    return replace(r, path=safe_name(r.path), format=s(r.format), facts=facts, results=results, findings=findings,
                   score=score, notes=tuple(s(n) for n in r.notes),
                   unused_suppressions=tuple(s(u) for u in r.unused_suppressions),
                   error=None if r.error is None else s(r.error))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: one that would start a formula (``=``, ``+``,
    ``-``, ``@``, tab, carriage return) gets a leading apostrophe. Numbers are left alone."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
