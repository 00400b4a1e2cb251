#!/usr/bin/env python3
"""The picture of ``letterlint fix`` for the README: docs/img/fix-tracked-changes.png.

Writes a short stage one reply (made up here, with the slips the inspectors kept finding),
runs ``letterlint fix --suggested`` on it, converts the tracked copy to PDF with LibreOffice
headless and saves page 1 as a PNG (poppler's pdftoppm):

    .venv/bin/python tools/fix_screenshot.py             # docs/img/fix-tracked-changes.png
    .venv/bin/python tools/fix_screenshot.py --out /tmp  # somewhere else

LibreOffice shows tracked changes because the fixed file's settings say so. Its own colour
for an author is a pale yellow, so the throwaway LibreOffice profile used here shows
insertions in dark blue and deletions in dark red (only the picture; Word shows its own
colours). Word comments are not printed in the PDF.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WHEN = dt.datetime(2026, 11, 4, 9, 30, tzinfo=dt.UTC)
_ITEM = ('<item oor:path="/org.openoffice.Office.Writer/Revision/{path}">'
         '<prop oor:name="Color" oor:op="fuse"><value>{colour}</value></prop></item>')
# insertions dark blue (0x1A4692), deletions dark red (0x99231A), the change bar blue
PROFILE = ('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
           'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
           + "\n".join(_ITEM.format(path=path, colour=colour) for path, colour in (
               ("TextDisplay/Insert", 0x1A4692), ("TextDisplay/Delete", 0x99231A), ("LinesChanged", 0x1A4692)))
           + "\n</oor:items>\n")
LINES = [
    "Mrs Alex Example", "12 Sample Road", "Exampletown", "EX1 2AB", "", "3 November 2026", "",
    "Our reference: CPS-TEST-0001", "", "Dear Mrs Example", "",
    "**Your complaint about the case against Mr Jones", "",
    "Thank you for your letter of 20 October 2026. I am sorry that you were not told the trial "
    "had been moved, and I apologize for the worry this caused you.", "",
    "I have looked at the file. The letter telling you about the new date went to an old address. "
    "We should of checked your address with the police before writing to you, and that was a error.", "",
    "I have decided to uphold your complaint. I have reminded the team to check addresses before "
    "they write to victims, and I offer you a consolatory payment of £100.", "",
    "Your case will now be heard at the magistrates court on 12 January 2027.", "",
    "If you are not satisfied with this reply, please write to us within 20 working days.", "",
    "Yours faithfully", "", "Sam Writer", "District Crown Prosecutor", "CPS Wessex Victim Liaison Unit",
    "Telephone: 0300 123 4567", "Email: wessex.vlu@cps.gov.uk",
]


def build(path: Path) -> None:
    """The draft: one paragraph a line (blank lines left out), a bold heading."""
    import docx

    d = docx.Document()
    for line in LINES:
        if not line:
            continue
        p = d.add_paragraph()
        run = p.add_run(line.removeprefix("**"))
        run.bold = line.startswith("**")
    d.save(str(path))


def main(argv: list[str] | None = None) -> int:
    """Write the PNG; 1 when LibreOffice or pdftoppm is missing or fails."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = ap.parse_args(argv)
    if not (shutil.which("soffice") and shutil.which("pdftoppm")):
        print("needs LibreOffice (soffice) and poppler-utils (pdftoppm)", file=sys.stderr)
        return 1
    from letterlint.config.settings import Config
    from letterlint.fix.files import fix_file

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        draft = work / "draft.docx"
        build(draft)
        cfg = Config()
        cfg.set("nlp.trained", False, "tool")
        result = fix_file(draft, cfg, suggested=True, when=WHEN)
        assert result.out is not None, "nothing was fixed"
        print("changes:", ", ".join(sorted(f.code for c in result.made for f in c.findings)))
        user = work / "profile" / "user"
        user.mkdir(parents=True)
        (user / "registrymodifications.xcu").write_text(PROFILE, encoding="utf-8")
        subprocess.run(["soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(work), str(result.out)],
                       check=True, capture_output=True, timeout=300)
        pdf = work / f"{result.out.stem}.pdf"
        subprocess.run(["pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-singlefile", "-png", str(pdf),
                        str(work / "page")], check=True, timeout=120)
        args.out.mkdir(parents=True, exist_ok=True)
        target = args.out / "fix-tracked-changes.png"
        shutil.copyfile(work / "page.png", target)
        print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
