"""Write a copy of a .docx draft with a Word comment on the exact words of each finding.

Runs are split at a finding's start and end (the new runs keep the original formatting), so
each comment is anchored to the quoted words. Findings about the whole letter go into a summary
comment at the top, with the rating and the items not met. The input is never modified; the
copy is written atomically and an existing file is only replaced when asked.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

from letterlint.errors import LetterlintError
from letterlint.model import Finding, Report

AUTHOR = "letterlint"
INITIALS = "LL"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def annotated_path(path: Path) -> Path:
    """Where the annotated copy of the draft at ``path`` goes by default: beside it, named
    ``NAME.letterlint.docx`` (``reply.docx`` -> ``reply.letterlint.docx``). Only computes the path."""
    return path.with_name(f"{path.stem}.letterlint.docx")


def _excluded(el: Any, p: Any) -> bool:
    """Text the reader leaves out (deleted text, field codes, VML fallback copies)."""
    from letterlint.reading.docx import MC_FALLBACK

    parent = el.getparent()
    while parent is not None and parent is not p:
        if parent.tag in (f"{W}del", f"{W}instrText", MC_FALLBACK):
            return True
        parent = parent.getparent()
    return False


def _length(el: Any, p: Any) -> int:
    """Characters a run's child contributes to the paragraph text, exactly as the reader counts
    them (``letterlint.reading.docx.paragraph_pieces``: deleted and moved-away text, field
    codes, text boxes and VML copies give none)."""
    from letterlint.reading.docx import paragraph_pieces

    if not isinstance(el.tag, str):
        return 0
    for piece, text in paragraph_pieces(p):
        if piece is el:
            return len(text)
    return 0


def _run_length(r: Any, p: Any) -> int:
    return sum(_length(el, p) for el in r)


def _split(r: Any, at: int, p: Any) -> Any:
    """Split run element ``r`` after ``at`` of its characters; return the new second run (a
    copy of ``r``'s formatting, w:rPr, with the rest of its content), or None when ``at`` is at
    an edge of the run."""
    content = [el for el in r if el.tag != f"{W}rPr"]
    pos = 0
    for k, el in enumerate(content):
        n = _length(el, p)
        if pos + n <= at:
            pos += n
            continue
        if at == pos and k == 0:
            return None
        second = copy.deepcopy(r)
        for child in [c for c in second if c.tag != f"{W}rPr"]:
            second.remove(child)
        moved = content[k:]
        if at > pos:  # the split falls inside this w:t: keep its head here, move its tail
            tail = copy.deepcopy(el)
            tail.text = (el.text or "")[at - pos:]
            el.text = (el.text or "")[: at - pos]
            for t in (el, tail):
                if t.text and (t.text[0].isspace() or t.text[-1].isspace()):
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            second.append(tail)
            moved = content[k + 1:]
        for child in moved:
            second.append(child)  # lxml moves the element
        r.addnext(second)
        return second
    return None


def _runs_for(p: Any, start: int, end: int) -> tuple[Any, Any] | None:
    """First and last run elements of paragraph element ``p`` covering [start, end), splitting
    runs at the edges so that the range holds exactly those characters."""
    pos = 0
    first = last = None
    for r in list(p.iter(f"{W}r")):
        if _excluded(r, p):
            continue
        length = _run_length(r, p)
        r_start, r_end = pos, pos + length
        pos = r_end
        if length == 0 or r_end <= start or r_start >= end:
            continue
        if first is None:
            if start > r_start:
                second = _split(r, start - r_start, p)
                if second is None:
                    return None
                r, r_start = second, start
            first = r
        last = r
        if end <= r_end:
            if end < r_end and _split(r, end - r_start, p) is None:
                return None
            break
    if first is None or last is None:
        return None
    return first, last


def _text_runs(p: Any) -> tuple[Any, Any] | None:
    """First and last run elements of paragraph element ``p`` that hold text the reader keeps,
    wherever they sit: direct children, or inside tracked insertions (w:ins, w:moveTo),
    content controls, hyperlinks, smart tags or custom XML. None when no run holds text."""
    runs = [r for r in p.iter(f"{W}r") if not _excluded(r, p) and _run_length(r, p) > 0]
    return (runs[0], runs[-1]) if runs else None


COMMENTABLE = ("paragraph", "table-cell", "text-box")  # Word takes comments in the main story only


def _letter_start(doc: Any, report: Report, n: int) -> int:
    """Offset where letter ``n`` (0-based) of the file starts, from the split the engine made."""
    if n == 0:
        return 0
    from letterlint.reading.split import letter_starts

    starts = letter_starts(doc)
    return doc.blocks[starts[n - 1]].span.start if n - 1 < len(starts) else 0


def _comment_text(f: Finding, where: bool = False) -> str:
    text = f"{f.code} ({f.item}) {f.message}"
    if where and f.span is not None:
        text = f"{f.code} ({f.item}, {f.location.describe()}) {f.message}"
    if f.suggestion:
        text += f" Suggested: {f.suggestion}"
    return text


def _summary_text(report: Report, whole: list[Finding]) -> str:
    from letterlint.reports.common import item_title

    lines = []
    if report.score is not None:
        s = report.score
        lines.append(f"letterlint: rated {s.rating_label} (score {s.value:.0f}/100).")
        failed = [o for o in s.items if o.passed is False]
        if failed:
            lines.append("Items not met: " + "; ".join(f"{o.item} {item_title(o.item)}" for o in failed) + ".")
    for f in whole:
        lines.append(_comment_text(f, where=True))
    return "\n".join(lines) or "letterlint: no findings."


def annotate_docx(path: Path, report: Report, out: Path, *, overwrite: bool = False,
                  notes: list[str] | None = None) -> int:
    """Write ``out``; return the number of comments anchored to words. A file that cannot be
    annotated raises ``LetterlintError`` with one line naming it and the cause. A summary
    comment that cannot be placed (no paragraph of the letter holds text) adds one line to
    ``notes``."""
    try:
        return _annotate_docx(path, report, out, overwrite=overwrite, notes=notes)
    except LetterlintError:
        raise
    except Exception as exc:  # never a traceback: one line naming the file and the cause
        from letterlint.reading.docx import flat

        raise LetterlintError(f"{path}: cannot write a commented copy ({type(exc).__name__}: "
                              f"{flat(exc, 120)})") from None


def _annotate_docx(path: Path, report: Report, out: Path, *, overwrite: bool = False,
                   notes: list[str] | None = None) -> int:
    from docx.text.run import Run

    from letterlint.atomic import write_atomic
    from letterlint.reading import read
    from letterlint.reading.docx import body_paragraph_map, open_for_editing

    if out.resolve() == path.resolve():
        raise LetterlintError(f"{out}: refusing to overwrite the input")
    if out.exists() and not overwrite:
        raise LetterlintError(f"{out}: already exists (use --force to replace it)")
    doc = read(path)
    try:
        document = open_for_editing(path)
        paras = [(b, p) for b, p in body_paragraph_map(doc, document) if b.kind in COMMENTABLE]
    except ValueError:
        raise LetterlintError(f"{path}: could not line the document up for comments") from None
    by_block = {b.index: para for b, para in paras}
    placed = 0
    letters = report.each_letter()
    wholes: list[list[Finding]] = [[] for _ in letters]
    findings = [(n, f) for n, rep in enumerate(letters) for f in rep.active_findings]
    # Last finding first, so splitting runs never moves the offsets of the ones still to place.
    for n, f in sorted(findings, key=lambda nf: -(nf[1].span.start if nf[1].span else -1)):
        whole = wholes[n]
        block = doc.block_at(f.span.start) if f.span is not None else None
        if f.span is None or block is None or block.index not in by_block \
                or f.span.end > block.span.end:
            whole.append(f)
            continue
        paragraph = by_block[block.index]
        edges = _runs_for(paragraph._p, f.span.start - block.span.start, f.span.end - block.span.start)
        if edges is None:
            whole.append(f)
            continue
        first, last = (Run(e, paragraph) for e in edges)
        document.add_comment([first, last], text=_comment_text(f), author=AUTHOR, initials=INITIALS)
        placed += 1
    for n, rep in enumerate(letters):  # a summary at the top of each letter in the file
        start = _letter_start(doc, rep, n)
        anchor = next(((p, edges) for b, p in paras if b.span.start >= start
                       and (edges := _text_runs(p._p)) is not None), None)
        if anchor is None:
            if notes is not None:
                which = f" for letter {n + 1}" if len(letters) > 1 else ""
                notes.append(f"{path}: no paragraph could hold the summary comment{which} (the rating "
                             "and the findings about the whole letter are not in the copy)")
            continue
        paragraph, edges = anchor
        first, last = (Run(e, paragraph) for e in edges)
        document.add_comment([first, last], text=_summary_text(rep, wholes[n][::-1]),
                             author=AUTHOR, initials=INITIALS)
    buf = io.BytesIO()
    document.save(buf)
    write_atomic(out, buf.getvalue(), overwrite=True, protect=(path,))
    return placed
