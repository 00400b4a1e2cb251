"""Build the example and corpus .docx letters from their Markdown-like sources.

Usage (from the repository root)::

    .venv/bin/python tools/build_docx.py            # build every source
    .venv/bin/python tools/build_docx.py --check    # fail if a built file is out of date

Sources live in ``examples/src/*.md`` and ``tests/corpus/src/*.md``. Each starts with YAML
front matter that tells the builder what to make; the front matter is not copied into the
letter::

    ---
    output: examples/stage-one-good.docx    # path from the repository root
    header: "CPS Wessex"                    # optional page header text
    footer: "Victim Liaison Unit ..."       # optional page footer text
    ---

The body is one Word paragraph per non-empty line. Blank lines are ignored.

- ``**text**`` makes a bold run (used for subject lines);
- ``[text](https://...)`` makes a real Word hyperlink;
- lines starting with ``|`` make a table, one row per line, cells split on ``|``;
  ``<br>`` inside a cell starts a new paragraph in that cell.

The output is deterministic: core properties carry fixed dates and every zip entry has a
fixed time stamp, so rebuilding an unchanged source gives a byte-identical file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = (ROOT / "examples" / "src", ROOT / "tests" / "corpus" / "src")
FIXED_TIME = dt.datetime(2026, 1, 5, 9, 0, 0)
ZIP_TIME = (2026, 1, 5, 9, 0, 0)
INLINE = re.compile(r"\*\*(?P<bold>.+?)\*\*|\[(?P<text>[^\]]+)\]\((?P<url>[^)]+)\)")


def split_source(text: str) -> tuple[dict[str, Any], list[str]]:
    """Return the builder settings and the letter lines."""
    settings: dict[str, Any] = {}
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4)
        loaded = yaml.safe_load(text[4:end]) or {}
        if not isinstance(loaded, dict):
            raise ValueError("front matter must be a mapping")
        settings = loaded
        text = text[end + 5 :]
    return settings, text.splitlines()


def add_hyperlink(paragraph: Any, text: str, url: str) -> None:
    """Append a clickable hyperlink run (python-docx has no public API for this)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "0563C1")
    props.append(colour)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(underline)
    run.append(props)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def fill_paragraph(paragraph: Any, line: str) -> None:
    """Add the runs of one source line to a Word paragraph."""
    pos = 0
    for m in INLINE.finditer(line):
        if m.start() > pos:
            paragraph.add_run(line[pos : m.start()])
        if m.group("bold") is not None:
            paragraph.add_run(m.group("bold")).bold = True
        else:
            add_hyperlink(paragraph, m.group("text"), m.group("url"))
        pos = m.end()
    if pos < len(line):
        paragraph.add_run(line[pos:])


def add_table(document: Any, rows: list[list[str]]) -> None:
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    for r, cells in enumerate(rows):
        for c, cell_text in enumerate(cells):
            cell = table.cell(r, c)
            parts = [p.strip() for p in cell_text.split("<br>")]
            fill_paragraph(cell.paragraphs[0], parts[0])
            for extra in parts[1:]:
                fill_paragraph(cell.add_paragraph(), extra)


def build_document(settings: dict[str, Any], lines: list[str]) -> bytes:
    """Return the bytes of a deterministic .docx for one source."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(12)
    section = document.sections[0]
    if settings.get("header"):
        section.header.paragraphs[0].text = str(settings["header"])
    if settings.get("footer"):
        section.footer.paragraphs[0].text = str(settings["footer"])

    table_rows: list[list[str]] = []
    for raw in lines:
        line = raw.rstrip()
        if line.startswith("|"):
            table_rows.append([c.strip() for c in line.strip("|").split("|")])
            continue
        if table_rows:
            add_table(document, table_rows)
            table_rows = []
        if line.strip():
            fill_paragraph(document.add_paragraph(), line.strip())
    if table_rows:
        add_table(document, table_rows)

    props = document.core_properties
    props.author = str(settings.get("author", "Crown Prosecution Service"))
    props.last_modified_by = props.author
    props.title = str(settings.get("title", ""))
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1

    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue())


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed time stamps so the output is byte-identical run to run."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def sources() -> list[Path]:
    found: list[Path] = []
    for folder in SOURCE_DIRS:
        if folder.is_dir():
            found.extend(sorted(folder.glob("*.md")))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a .docx is out of date")
    args = parser.parse_args(argv)
    stale: list[str] = []
    for src in sources():
        settings, lines = split_source(src.read_text(encoding="utf-8"))
        if "output" not in settings:
            raise SystemExit(f"{src}: front matter needs 'output'")
        target = ROOT / str(settings["output"])
        data = build_document(settings, lines)
        if args.check:
            if not target.exists() or target.read_bytes() != data:
                stale.append(str(target.relative_to(ROOT)))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        print(f"built {target.relative_to(ROOT)}")
    if stale:
        print("Out of date (run tools/build_docx.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
