"""Which questionnaire items can proselint see? proselint's checks against the labelled corpus.

    .venv/bin/python bench/proselint_items.py [--labels tests/corpus/labels.yaml]
                                             [--format markdown|json]

Runs every check proselint enables by default (in-process, its built-in defaults, no user
configuration, no network) on each letter in the labels file: .docx letters are turned into
text with python-docx (body paragraphs and tables in order; the page header and footer are
linted apart from the body); .txt and .md letters are read as they are. Each proselint check
is mapped to the one questionnaire item it could bear on (``CHECK_ITEMS``; house style, such as
curly quotes, and checks that have nothing to do with letters bear on none). Then, per item:

- labelled failing letters: letters whose label fails the item (Q22, Q23, Q24 and Q33 are
  failed by "yes", the other items by "no");
- proselint flagged: how many of those letters have at least one proselint result from a check
  mapped to the item, and how many of them have one on the labelled words themselves;
- flagged on letters labelled clean: letters that pass the item in the labels but where
  proselint still reports something mapped to it (false alarms).

Letters labelled "n/a" or "not assessed" for an item are left out of that item's counts.
The output is deterministic: letters in the order of the labels file, results sorted.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
LABELS = REPO / "tests" / "corpus" / "labels.yaml"

# The questionnaire items letterlint answers, in report order, with what each asks.
ITEMS: dict[str, str] = {
    "7.11": "Says whether the complaint is upheld, partly upheld or not upheld",
    "Q16": "Holding letter: gives the reason for the delay",
    "Q17": "Holding letter: says when the full reply will come",
    "Q22": "Spelling mistakes (wrong words and American spellings count)",
    "Q23": "Grammar and punctuation mistakes",
    "Q24": "Legal jargon or acronyms left unexplained",
    "Q25": "Shows empathy",
    "Q26": "Explains clearly",
    "Q27": "Owns mistakes and apologises for them",
    "Q28": "Answers every issue raised",
    "Q29": "Offers a remedy where one is due",
    "Q30": "Offers a meeting where appropriate",
    "Q31": "Points to other bodies that can help, with contact details",
    "Q32": "Explains the next stage and its time limit",
    "Q33": "Contains nothing it should not (such as a witness's or a child's name)",
    "Q34": "Addressed correctly (salutation, date, reference, contact details)",
}

# Items failed by a "yes" answer; every other item is failed by "no".
FAILED_BY_YES = frozenset({"Q22", "Q23", "Q24", "Q33"})

# proselint check path (or a prefix of it) -> the item it could bear on, or None.
# The longest matching prefix wins; a check matching no prefix bears on no item.
CHECK_ITEMS: dict[str, str | None] = {
    # Q22 spelling: fixed lists of misspellings and wrong word forms
    "spelling": "Q22",
    "nonwords": "Q22",
    "malapropisms": "Q22",
    "mondegreens": "Q22",
    "misc.back_formations": "Q22",
    "misc.preferred_forms": "Q22",
    "misc.institution_name": "Q22",
    "terms.denizen_labels": "Q22",
    "terms.eponymous_adjectives": "Q22",
    "typography.diacritical_marks": "Q22",
    # Q23 grammar and punctuation (the corpus marks "should of" and repeated words here)
    "spelling.ve_of": "Q23",
    "lexical_illusions": "Q23",
    "misc.capitalization": "Q23",
    "misc.false_plurals": "Q23",
    "misc.inferior_superior": "Q23",
    "misc.many_a": "Q23",
    "misc.phrasal_adjectives": "Q23",
    "misc.tense_present": "Q23",
    "misc.waxed": "Q23",
    "misc.whence": "Q23",
    "typography.punctuation": "Q23",
    "typography.symbols.sentence_spacing": "Q23",
    "dates_times.dates.dash_and_from": "Q23",
    "dates_times.dates.decade_apostrophes": "Q23",
    "dates_times.dates.month_year_comma": "Q23",
    # Q24 jargon: legalese, commercialese, corporate speak, Latin, acronyms of chat
    "industrial_language": "Q24",
    "archaism": "Q24",
    "misc.latin": "Q24",
    "misc.pretension": "Q24",
    # Q26 clear explanation: hedging, wordiness, clichés, vague or muddled wording
    "hedging": "Q26",
    "weasel_words": "Q26",
    "redundancy": "Q26",
    "cliches": "Q26",
    "needless_variants": "Q26",
    "oxymorons": "Q26",
    "mixed_metaphors": "Q26",
    "skunked_terms": "Q26",
    "uncomparables": "Q26",
    "misc.composition": "Q26",
    "misc.debased": "Q26",
    "misc.greylist": "Q26",
    "misc.illogic": "Q26",
    "misc.metadiscourse": "Q26",
    "misc.narcissism": "Q26",
    "misc.not_guilty": "Q26",
    "misc.scare_quotes": "Q26",
    "dates_times.dates.month_of_year": "Q26",
    # bearing on no item: house style an inspector does not mark, or nothing to do with letters
    "annotations": None,  # TODO/FIXME left in a draft
    "dates_times.am_pm": None,  # "9am" is normal British style
    "misc.apologizing": None,  # flags "More research is needed", not apologies
    "misc.but": None,
    "misc.currency": None,
    "misc.professions": None,
    "misc.suddenly": None,
    "psychology": None,
    "restricted": None,  # off by default
    "social_awareness": None,
    "terms.animal_adjectives": None,
    "terms.venery": None,
    "typography.symbols": None,  # curly quotes, ellipsis, (c), x for times: house style
}

# Can proselint see the item at all? (answer, one-line reason)
SIGHT: dict[str, tuple[str, str]] = {
    "7.11": ("no", "needs an outcome sentence to be there; proselint only flags words that are present"),
    "Q16": ("no", "needs a reason for the delay to be there; proselint cannot notice something missing"),
    "Q17": ("no", "needs a date for the full reply to be there; proselint does not read dates for meaning"),
    "Q22": ("partly", "fixed lists of common misspellings; no dictionary, no British spelling, no wrong real "
                      "words such as 'principle'"),
    "Q23": ("partly", "repeated words, 'should of' and some fixed phrases; no sentence grammar such as "
                      "'we was' or 'a error'"),
    "Q24": ("partly", "lists of commercialese and corporate phrases; no legal or CPS terms such as "
                      "'discontinued' or 'PTPH'"),
    "Q25": ("no", "a matter of tone towards the reader; no proselint check looks at it"),
    "Q26": ("partly", "hedging, 'very', clichés and redundancy; it cannot judge whether the explanation is clear"),
    "Q27": ("no", "needs an admitted mistake paired with an apology; proselint's 'apologizing' check is "
                  "about 'More research is needed'"),
    "Q28": ("no", "needs the complaint itself to compare with; proselint reads one text"),
    "Q29": ("no", "needs to know what went wrong and what is offered to put it right"),
    "Q30": ("no", "needs to know whether a meeting is offered and whether one is due"),
    "Q31": ("no", "needs to know which other bodies apply and whether contact details are given"),
    "Q32": ("no", "needs the next stage, its time limit and a correct date; proselint checks no content"),
    "Q33": ("no", "needs to recognise names of witnesses or children; proselint has no check for personal data"),
    "Q34": ("no", "needs the salutation, date, reference and contact details checked against the layout"),
}


@dataclass(frozen=True)
class Hit:
    """One proselint result in a letter, with the item its check bears on."""

    check: str
    item: str | None
    start: int  # offsets into the letter text given to proselint
    end: int
    words: str


@dataclass
class Row:
    item: str
    asks: str
    sight: str
    reason: str
    failing: int = 0
    flagged: int = 0
    flagged_at_words: int = 0
    clean: int = 0
    false_alarms: int = 0
    checks: dict[str, int] = field(default_factory=dict)  # mapped check -> results on assessed letters
    flagged_letters: list[str] = field(default_factory=list)
    false_alarm_letters: list[str] = field(default_factory=list)

    @property
    def visible(self) -> bool:
        return self.sight != "no"


# ----------------------------------------------------------------------------- proselint


def item_for(check: str) -> str | None:
    """The questionnaire item a proselint check bears on (None for most checks)."""
    best: str | None = None
    for prefix in CHECK_ITEMS:
        if (check == prefix or check.startswith(prefix + ".")) and (best is None or len(prefix) > len(best)):
            best = prefix
    return CHECK_ITEMS[best] if best is not None else None


def proselint_checks() -> list[str]:
    """Every check path proselint registers (sorted, without repeats)."""
    from proselint.checks import __register__

    return sorted({c.path for c in __register__})


def proselint_version() -> str:
    from proselint.version import __version__

    return str(__version__)


def lint(text: str) -> list[Hit]:
    """proselint's default checks on ``text``, in-process (proselint 0.16 API)."""
    try:
        from proselint.checks import __register__
        from proselint.config import DEFAULT
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError as exc:  # the 0.14 API (proselint.tools.lint) is not supported
        raise SystemExit(f"proselint 0.16 or later is needed ({exc})") from exc

    registry = CheckRegistry()
    if not registry.checks:  # the registry is a process-wide singleton: register once
        registry.register_many(__register__)
    if not text:
        return []
    prepared = LintFile("<letter>", text)  # pads the content with one newline either side
    hits = []
    for r in prepared.lint(DEFAULT):
        start, end = r.check_result.span
        path = r.check_result.check_path
        hits.append(Hit(path, item_for(path), start - 1, end - 1, prepared.content[start:end]))
    return sorted(hits, key=lambda h: (h.start, h.end, h.check))


# ----------------------------------------------------------------------------- letters


def docx_parts(path: Path) -> list[str]:
    """Text of a .docx as its separate parts: page headers; body paragraphs and tables in
    order; page footers (a part is left out when empty)."""
    import docx
    from docx.table import Table

    doc = docx.Document(str(path))
    body: list[str] = []
    for block in doc.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:  # a merged cell comes back once per grid column
                    if not cells or cell.text != cells[-1]:
                        cells.append(cell.text)
                body.append("\t".join(cells))
        else:
            body.append(block.text)
    headers = dict.fromkeys(p.text for s in doc.sections for p in s.header.paragraphs if p.text.strip())
    footers = dict.fromkeys(p.text for s in doc.sections for p in s.footer.paragraphs if p.text.strip())
    parts = ["\n".join(headers), "\n".join(body), "\n".join(footers)]
    return [part + "\n" for part in parts if part.strip()]


def letter_parts(path: Path) -> list[str]:
    """The letter as text, in parts proselint reads one by one (a .docx page header and footer
    are apart from the body, so the sign-off and a footer are not read as one phrase)."""
    if path.suffix.lower() == ".docx":
        return docx_parts(path)
    return [path.read_text(encoding="utf-8")]


def lint_parts(parts: Sequence[str]) -> tuple[str, list[Hit]]:
    """Lint each part; return the parts joined by a blank line and every hit placed in it."""
    text, hits = "", []
    for part in parts:
        if text:
            text += "\n"
        offset = len(text)
        hits += [Hit(h.check, h.item, h.start + offset, h.end + offset, h.words) for h in lint(part)]
        text += part
    return text, hits


def quote_spans(text: str, quote: str) -> list[tuple[int, int]]:
    """Where a labelled quote occurs in the text: any case, any run of spaces or line breaks."""
    words = quote.split()
    if not words:
        return []
    pattern = r"\s+".join(re.escape(w) for w in words)
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, re.IGNORECASE)]


def fails(item: str, answer: str) -> bool | None:
    """True when the answer fails the item, False when it passes, None when not applicable."""
    if answer not in ("yes", "no"):
        return None
    return (answer == "yes") == (item in FAILED_BY_YES)


def load_labels(path: Path) -> list[dict[str, Any]]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    letters: list[dict[str, Any]] = list(data.get("letters") or [])
    return letters


# ----------------------------------------------------------------------------- comparison


def compare(labels: Path = LABELS) -> list[Row]:
    """One row per questionnaire item: the labels against what proselint flags."""
    entries = load_labels(labels)
    base = labels.parent / "letters" if (labels.parent / "letters").is_dir() else labels.parent
    rows = {item: Row(item, asks, *SIGHT[item]) for item, asks in ITEMS.items()}
    for entry in entries:
        name = str(entry["file"])
        text, hits = lint_parts(letter_parts(base / name))
        hits = [h for h in hits if h.item is not None]
        answers = {str(k): str(v) for k, v in (entry.get("items") or {}).items()}
        findings = [f for f in (entry.get("findings") or []) if str(f.get("item")) in rows]
        for item, row in rows.items():
            verdict = fails(item, answers.get(item, ""))
            if verdict is None:
                continue
            mine = [h for h in hits if h.item == item]
            for h in mine:
                row.checks[h.check] = row.checks.get(h.check, 0) + 1
            if verdict:
                row.failing += 1
                if mine:
                    row.flagged += 1
                    row.flagged_letters.append(name)
                    spans = [s for f in findings if str(f.get("item")) == item
                             for s in quote_spans(text, str(f.get("quote") or ""))]
                    if any(h.start < e and s < h.end for h in mine for s, e in spans):
                        row.flagged_at_words += 1
            else:
                row.clean += 1
                if mine:
                    row.false_alarms += 1
                    row.false_alarm_letters.append(name)
    return list(rows.values())


# ----------------------------------------------------------------------------- output


def markdown(rows: Sequence[Row]) -> str:
    lines = [
        "| Item | What it asks | Can proselint see it? | Labelled failing letters | proselint flagged "
        "| Flagged on letters labelled clean |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r.visible:
            flagged = f"{r.flagged} ({r.flagged_at_words} at the labelled words)"
            alarms = f"{r.false_alarms} of {r.clean}"
        else:
            flagged = alarms = "–"
        lines.append(f"| {r.item} | {r.asks} | {r.sight}: {r.reason} | {r.failing} | {flagged} | {alarms} |")
    fired = [(r.item, check, n) for r in rows for check, n in sorted(r.checks.items())]
    if fired:
        lines += ["", "proselint results behind the counts (check: results on letters assessed for the item):", ""]
        lines += [f"- {item}: `{check}` {n}" for item, check, n in fired]
    return "\n".join(lines) + "\n"


def as_json(rows: Sequence[Row], labels: Path) -> str:
    checks = proselint_checks()
    try:
        shown = str(labels.resolve().relative_to(REPO))
    except ValueError:
        shown = str(labels)
    out = {
        "proselint": proselint_version(),
        "labels": shown,
        "checks": {c: item_for(c) for c in checks},
        "items": [{**asdict(r), "visible": r.visible} for r in rows],
    }
    return json.dumps(out, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--labels", type=Path, default=LABELS, help="labels file (default tests/corpus/labels.yaml)")
    ap.add_argument("--format", choices=("markdown", "json"), default="markdown")
    args = ap.parse_args(argv)
    rows = compare(args.labels)
    sys.stdout.write(markdown(rows) if args.format == "markdown" else as_json(rows, args.labels))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
