"""Read a letter file into a ``Document``. Every bad input becomes one ``InputError``.

``read(path)`` never modifies the file, never fetches anything a .docx links to, and
checks the file (exists, is a file, not empty, not too large, a supported
type, not a legacy or encrypted Word file) and hands it to the reader for its type. A reader
never raises anything but ``InputError`` for a bad file, and never modifies it.

Formats (``SUFFIXES``): .docx (``docx.py``), .txt and .md (``text.py``), .pdf with a text layer
(``pdf.py``), .odt (``odt.py``), .rtf (``rtf.py``), .eml and Outlook .msg (``mail.py``), and
.doc, converted to .docx with LibreOffice where it is installed (``doc.py``). Whatever the
format, ``engine.check_document`` then normalises the text for checking (``normalise.py``).
"""

from __future__ import annotations

from pathlib import Path

from letterlint.errors import InputError
from letterlint.model import Document

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
SUFFIXES = (".docx", ".txt", ".md", ".markdown", ".pdf", ".odt", ".rtf", ".eml", ".msg", ".doc")
TYPES_READ = ".docx, .txt, .md, .pdf, .odt, .rtf, .eml and .msg (and .doc where LibreOffice is installed)"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DOC_WITHOUT_LIBREOFFICE = ("a legacy Word 97-2003 .doc file; save it as .docx and check that "
                           "(or install LibreOffice, which letterlint uses to convert it)")


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    return f"{n / 1024:.0f} KB" if n >= 10 * 1024 else f"{n:,} bytes"


def read(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, max_pages: int = 30,
         data: bytes | None = None) -> Document:
    """The letter in ``path`` (or its bytes ``data``, already read once by the caller, so what is
    checked is what was hashed for the cache) as a Document. ``max_bytes``: largest file read
    (input.max_bytes); ``max_pages``: most pages read from a PDF (input.max_pages). Raises
    InputError."""
    name = str(path)
    try:
        if not path.exists():
            if path.is_symlink():
                raise InputError(name, "a broken link: the file it points to does not exist")
            raise InputError(name, "file not found")
        if path.is_dir():
            raise InputError(name, "is a folder, not a letter (use 'letterlint batch' for folders)")
        if not path.is_file():
            raise InputError(name, "not a regular file")
        size = path.stat().st_size
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            raise InputError(name, f"unsupported file type '{path.suffix or '(none)'}'; "
                                   f"letterlint reads {TYPES_READ}")
        if suffix == ".doc":
            from letterlint.reading.doc import soffice

            if soffice() is None:
                raise InputError(name, DOC_WITHOUT_LIBREOFFICE)
        if size == 0:
            raise InputError(name, "the file is empty")
        if size > max_bytes:
            raise InputError(name, f"the file is {_size(size)}, over the limit of {_size(max_bytes)} "
                                   "(input.max_bytes)")
        if data is None:
            with path.open("rb") as fh:
                data = fh.read(max_bytes + 1)
    except InputError:
        raise
    except PermissionError:
        raise InputError(name, "permission denied: letterlint cannot read this file") from None
    except OSError as exc:
        raise InputError(name, f"cannot read the file ({exc.strerror or exc})") from None
    return read_bytes(name, suffix, data, max_pages=max_pages)


def read_bytes(name: str, suffix: str, data: bytes, *, max_pages: int = 30) -> Document:
    """The letter held in ``data``, the bytes of a file of type ``suffix`` (".docx", ".pdf"...,
    lower case), as a Document named ``name``: the readers' dispatch without the file checks of
    :func:`read` (an email's attached letter has no file of its own). Raises InputError, one line
    naming ``name`` and the cause, for bytes its reader cannot read."""
    if data.startswith(OLE2_MAGIC) and suffix not in (".doc", ".msg"):
        if suffix == ".docx":
            if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in data:
                raise InputError(name, "the document is password-protected; remove the password "
                                       "and check it again")
            raise InputError(name, "a legacy Word 97-2003 document renamed .docx; save it as .docx")
        raise InputError(name, "a binary Office file, not text")
    try:
        if suffix == ".docx":
            from letterlint.reading.docx import read_docx

            return read_docx(name, data)
        if suffix == ".pdf":
            from letterlint.reading.pdf import read_pdf

            return read_pdf(name, data, max_pages=max_pages)
        if suffix == ".odt":
            from letterlint.reading.odt import read_odt

            return read_odt(name, data)
        if suffix == ".rtf":
            from letterlint.reading.rtf import read_rtf

            return read_rtf(name, data)
        if suffix == ".eml":
            from letterlint.reading.mail import read_eml

            return read_eml(name, data)
        if suffix == ".msg":
            from letterlint.reading.mail import read_msg

            return read_msg(name, data)
        if suffix == ".doc":
            from letterlint.reading.doc import read_doc

            return read_doc(name, data)
        from letterlint.reading.own_reports import HEAD_BYTES, describe, report_kind
        from letterlint.reading.text import read_text

        kind = report_kind(data[:HEAD_BYTES].decode("utf-8", errors="replace"))
        if kind is not None:
            raise InputError(name, describe(kind))
        return read_text(name, data, markdown=suffix in (".md", ".markdown"))
    except InputError:
        raise
    except RecursionError:
        raise InputError(name, "the file is nested too deeply to read") from None
    except Exception as exc:  # a reader bug must not become a traceback for the user
        raise InputError(name, f"the file cannot be read ({type(exc).__name__}: {str(exc)[:100]})") from None


def read_string(text: str, name: str = "<text>", *, markdown: bool = False) -> Document:
    """A Document from a string (tests, fixtures, the annotation of pasted text)."""
    from letterlint.reading.text import read_text

    return read_text(name, text.encode("utf-8"), markdown=markdown)
