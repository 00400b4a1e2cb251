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
    return path.with_name(f"{path.stem}.letterlint.docx")


def _run_length(r: Any) -> int:
    n = 0
    for el in r.iter():
        if el.tag == f"{W}t":
            n += len(el.text or "")
        elif el.tag in (f"{W}tab", f"{W}ptab", f"{W}br", f"{W}cr"):
            n += 1
    return n


def _split(r: Any, at: int) -> Any:
    """Split run element ``r`` after ``at`` characters; return the new second run element.
    Only runs whose text is a single w:t can be split; others are returned unsplit (None)."""
    texts = [el for el in r if el.tag == f"{W}t"]
    others = [el for el in r if el.tag not in (f"{W}t", f"{W}rPr")]
    if len(texts) != 1 or others:
        return None
    t = texts[0]
    full = t.text or ""
    second = copy.deepcopy(r)
    t.text = full[:at]
    second_t = next(el for el in second if el.tag == f"{W}t")
    second_t.text = full[at:]
    for el in (t, second_t):
        if el.text and (el.text[0].isspace() or el.text[-1].isspace()):
            el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.addnext(second)
    return second


def _runs_for(p: Any, start: int, end: int) -> tuple[Any, Any] | None:
    """Run elements of paragraph element ``p`` covering [start, end), splitting at the edges."""
    pos = 0
    first = last = None
    for r in list(p.iter(f"{W}r")):
        length = _run_length(r)
        r_start, r_end = pos, pos + length
        pos = r_end
        if length == 0 or r_end <= start or r_start >= end:
            continue
        if first is None:
            if start > r_start:
                second = _split(r, start - r_start)
                if second is not None:
                    r, r_start = second, start
            first = r
        last = r
        if end < r_end:
            cut = end - r_start
            if _split(r, cut) is None:
                pass
            break
    if first is None or last is None:
        return None
    return first, last


def _comment_text(f: Finding) -> str:
    text = f"{f.code} ({f.item}) {f.message}"
    if f.suggestion:
        text += f" Suggested: {f.suggestion}"
    return text


def _summary_text(report: Report, whole: list[Finding]) -> str:
    from letterlint.formatters.common import item_title

    lines = []
    if report.score is not None:
        s = report.score
        lines.append(f"letterlint: rated {s.rating_label} (score {s.value:.0f}/100).")
        failed = [o for o in s.items if o.passed is False]
        if failed:
            lines.append("Items not met: " + "; ".join(f"{o.item} {item_title(o.item)}" for o in failed) + ".")
    for f in whole:
        lines.append(_comment_text(f))
    return "\n".join(lines) or "letterlint: no findings."


def annotate_docx(path: Path, report: Report, out: Path, *, overwrite: bool = False) -> int:
    """Write ``out``; return the number of comments anchored to words."""
    import docx
    from docx.text.run import Run

    from letterlint.atomic import write_atomic
    from letterlint.readers import read
    from letterlint.readers.docx import docx_paragraphs

    if out.resolve() == path.resolve():
        raise LetterlintError(f"{out}: refusing to overwrite the input")
    if out.exists() and not overwrite:
        raise LetterlintError(f"{out}: already exists (use --force to replace it)")
    doc = read(path)
    document = docx.Document(str(path))
    paras = docx_paragraphs(document)
    body_blocks = [b for b in doc.blocks if b.kind in ("paragraph", "table-cell")]
    if len(body_blocks) != len(paras):
        raise LetterlintError(f"{path}: could not line the document up for comments")
    whole: list[Finding] = []
    placed = 0
    # Last finding first, so splitting runs never moves the offsets of the ones still to place.
    for f in sorted(report.active_findings, key=lambda f: -(f.span.start if f.span else -1)):
        block = doc.block_at(f.span.start) if f.span is not None else None
        if f.span is None or block is None or block.kind not in ("paragraph", "table-cell") \
                or f.span.end > block.span.end:
            whole.append(f)
            continue
        paragraph = paras[body_blocks.index(block)][1]
        edges = _runs_for(paragraph._p, f.span.start - block.span.start, f.span.end - block.span.start)
        if edges is None:
            whole.append(f)
            continue
        first, last = (Run(e, paragraph) for e in edges)
        document.add_comment([first, last], text=_comment_text(f), author=AUTHOR, initials=INITIALS)
        placed += 1
    anchor = next((p for _, p in paras if p.runs and p.text.strip()), None)
    if anchor is not None:
        document.add_comment([anchor.runs[0], anchor.runs[-1]], text=_summary_text(report, whole[::-1]),
                             author=AUTHOR, initials=INITIALS)
    buf = io.BytesIO()
    document.save(buf)
    write_atomic(out, buf.getvalue(), overwrite=True, protect=(path,))
    return placed
