"""Word 97-2003 .doc letters, converted to .docx with LibreOffice where it is installed.

A copy of the file goes into a private temporary folder (mode 0700, removed afterwards) with
a LibreOffice profile of its own there (so two conversions never share one), and
``soffice --headless --convert-to docx`` writes the .docx beside it; the .docx reader then
reads that, and a note on the report says the letter was converted. The input file is never
opened by LibreOffice. Without LibreOffice (``soffice`` or ``libreoffice`` not on PATH) a .doc
is refused with a line saying to save it as .docx.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from letterlint.errors import InputError
from letterlint.model import Document

TIMEOUT_S = 120
NOTE = ("converted from Word 97-2003 .doc to .docx with LibreOffice for checking; paragraph "
        "numbers are those of the converted copy")


def soffice() -> str | None:
    """The LibreOffice command, or None where it is not installed or the environment variable
    LETTERLINT_NO_LIBREOFFICE is set (to 1)."""
    if os.environ.get("LETTERLINT_NO_LIBREOFFICE", "") not in ("", "0"):
        return None
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(name: str, data: bytes) -> Document:
    """Convert and read a .doc (module doc). Raises InputError."""
    from letterlint.reading import DOC_WITHOUT_LIBREOFFICE, OLE2_MAGIC

    command = soffice()
    if command is None:
        raise InputError(name, DOC_WITHOUT_LIBREOFFICE)
    if not data.startswith(OLE2_MAGIC):
        raise InputError(name, "not a Word 97-2003 document (corrupt, or another kind of file named .doc)")
    if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00" in data[:200_000] and b"W\x00o\x00r\x00d\x00D\x00o\x00c" not in data:
        raise InputError(name, "the document is password-protected; remove the password and check it again")
    with tempfile.TemporaryDirectory(prefix="letterlint-doc-") as tmp:
        folder = Path(tmp)
        os.chmod(folder, 0o700)
        source = folder / "letter.doc"
        source.write_bytes(data)
        env = {**os.environ, "HOME": tmp}
        try:
            proc = subprocess.run(
                [command, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                 "--norestore", "--convert-to", "docx", "--outdir", str(folder), str(source)],
                capture_output=True, timeout=TIMEOUT_S, env=env, stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise InputError(name, f"LibreOffice did not convert the .doc within {TIMEOUT_S} s; "
                                   "save it as .docx and check that") from None
        except OSError as exc:
            raise InputError(name, f"LibreOffice could not be started ({exc.strerror or exc})") from None
        out = folder / "letter.docx"
        if proc.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            raise InputError(name, "LibreOffice could not convert this .doc (corrupt or truncated?); "
                                   "save it as .docx in Word and check that")
        converted = out.read_bytes()
    from letterlint.reading.docx import read_docx  # checks the package (zip, parts, DTDs) itself

    doc = read_docx(name, converted)
    return replace(doc, format="doc", notes=(*doc.notes, NOTE))
