"""Fix one letter file: check it, choose the changes, write the fixed copy or a diff."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letterlint.fix import Change, applicable, apply_text, select
from letterlint.fix.docx_changes import fixed_path
from letterlint.model import Document, Finding, Report

PASSES = 3
FORMATS = ("docx", "txt", "md")  # the files fix can write a corrected copy of
BINARY_SUFFIXES = (".docx", ".doc", ".odt", ".pdf")  # a text letter's copy is never named as one
STDOUT = "-"  # -o -: a text letter's corrected text goes to standard output


@dataclass
class FixResult:
    """What ``fix_file`` did: the changes made, those left out, the fixable findings not
    fixed, and where the copy went (None when nothing was written)."""

    path: Path
    report: Report
    made: list[Change] = field(default_factory=list)
    left: list[Change] = field(default_factory=list)  # could not be placed safely
    overlapping: list[Finding] = field(default_factory=list)  # another change covers the words
    out: Path | None = None
    diff: str = ""
    text: str | None = None  # a text letter's corrected text (the original when nothing changed)

    @property
    def needs_suggested(self) -> int:
        """Findings that ``--suggested`` would also correct."""
        return sum(1 for f in self.report.active_findings
                   if f.autofix is not None and f.autofix.level == "suggested")


def _raw_text(path: Path, doc: Document) -> tuple[str, int, str, bool]:
    """The file's text as the reader decoded it, where ``doc.text`` starts in it, and its
    line ending and byte-order mark (kept in the fixed copy)."""
    from letterlint.reading.text import FRONT_RE, decode

    data = path.read_bytes()
    raw = decode(str(path), data)
    m = FRONT_RE.match(raw)
    offset = m.end() if m else 0
    newline = "\r\n" if b"\r\n" in data else "\n"
    return raw, offset, newline, data.startswith(b"\xef\xbb\xbf")


def _unified(path: Path, out: Path, before: str, after: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        fromfile=str(path), tofile=str(out)))


def check_target(target: Path, path: Path, overwrite: bool) -> None:
    """Refuse an output that is the input (or a hard link to it), a link, anything but a
    regular file, or an existing file without ``overwrite``: one line, ``LetterlintError``
    (the shared output guard, ``atomic.check_output``)."""
    from letterlint.atomic import check_output

    check_output(target, (path,), overwrite=overwrite)


def fix_file(path: Path, config: Any, *, overrides: Mapping[str, Any] | None = None,
             suggested: bool = False, comments: bool = True, write: bool = True, diff: bool = False,
             out: Path | None = None, overwrite: bool = False, ruleset: Any = None,
             when: dt.datetime | None = None) -> FixResult:
    """Check ``path`` and correct what can be corrected.

    .docx: the copy (default ``DRAFT.letterlint-fixed.docx``) has each change as a tracked
    change with a comment. .txt/.md: the copy has the changes made; ``diff`` gives a unified
    diff of them. Nothing is written when ``write`` is False or there is nothing to change.
    Raises ``InputError`` for a file that cannot be read or is not .docx, .txt or .md
    (an e-mail or PDF has no copy fix could write), ``LetterlintError`` for an output
    that may not be written."""
    from letterlint import reading as readers
    from letterlint.atomic import write_atomic
    from letterlint.engine import check as engine
    from letterlint.reading.text import read_text

    max_bytes = int(config.get("input.max_bytes", 10 * 1024 * 1024))
    from letterlint.errors import InputError, LetterlintError

    doc = readers.read(path, max_bytes=max_bytes)
    if path.suffix.lower() in (".eml", ".msg") and doc.format != path.suffix.lower().lstrip("."):
        # a cover note: the letter checked is the email's attachment, which has no file to copy
        raise InputError(str(path), "the letter is attached to this email: save the attachment and run "
                                    "'letterlint fix' on that file (use 'letterlint check' for the findings)")
    if doc.format not in FORMATS:
        raise InputError(str(path), f"letterlint fix corrects .docx, .txt and .md files, not {doc.format} "
                                    "(use 'letterlint check' for the findings)")
    if doc.front_matter:  # refused with the same one-line cause 'letterlint check' gives
        from letterlint.config.settings import check_front_matter

        check_front_matter(str(path), doc.front_matter)
    to_stdout = out is not None and str(out) == STDOUT
    if doc.format == "docx" and to_stdout:
        raise LetterlintError(f"{path}: cannot write a .docx to standard output (name a .docx file with -o)")
    if doc.format == "docx" and out is not None and out.suffix.lower() != ".docx":
        raise LetterlintError(f"{out}: the corrected copy of a .docx letter must be a .docx file "
                              f"(name it {out.with_suffix('.docx').name})")
    if doc.format != "docx" and out is not None and out.suffix.lower() in BINARY_SUFFIXES:
        raise LetterlintError(f"{out}: the corrected copy of a .{doc.format} letter is text, not "
                              f"{out.suffix.lower()} (name it {out.with_suffix('.' + doc.format).name})")
    if to_stdout:
        write = False
    # the same check as 'letterlint check': a file that is not a reply (a note, the complainant's
    # own letter) is refused with its cause, not "corrected"
    report = engine.check_document(doc, config, ruleset, overrides, require_letter=True)
    if report.error:
        raise InputError(str(path), report.error)
    result = FixResult(path, report)
    target = out or fixed_path(path)
    if write:
        check_target(target, path, overwrite)
    # A change can make way for another (a greeting put right shows the sign-off is wrong), so
    # the letter is checked again after each round of changes, up to PASSES rounds.
    if doc.format == "docx":
        from letterlint.fix.docx_changes import write_tracked

        changes, result.overlapping = select(report.findings, suggested=suggested)
        if diff:
            result.diff = _unified(path, target, doc.text + "\n", apply_text(doc.text, changes) + "\n")
        if not (changes and write):
            result.made = list(changes)
            return result
        source = path
        for _ in range(PASSES):
            made, left = write_tracked(source, doc, changes, target, comments=comments,
                                       overwrite=overwrite or source == target, when=when, protect=(path,))
            result.made += made
            result.left += left
            result.out, source = target, target
            doc = readers.read(target, max_bytes=max_bytes)
            again = engine.check_document(doc, config, ruleset, overrides, require_letter=True)
            changes, result.overlapping = select(again.findings, suggested=suggested)
            if not changes or not made:
                break
        return result
    raw, offset, newline, bom = _raw_text(path, doc)
    fixed = raw
    for _ in range(PASSES):
        changes, result.overlapping = select(report.findings, suggested=suggested)
        ok = applicable(doc, fixed, offset, changes)
        result.left += [c for c in changes if c not in ok]
        if not ok:
            break
        result.made += ok
        fixed = apply_text(fixed, ok, offset)
        doc = read_text(str(path), fixed.encode("utf-8"), markdown=doc.format == "md")
        report = engine.check_document(doc, config, ruleset, overrides, require_letter=True)
    result.text = fixed
    if diff:
        result.diff = _unified(path, target, raw, fixed)
    if result.made and write:
        data = fixed.replace("\n", newline)
        write_atomic(target, ("\ufeff" if bom else "") + data, overwrite=overwrite, protect=(path,))
        result.out = target
    return result
