"""Read a letter file into a ``Document``. Every bad input becomes one ``InputError``.

``read(path)`` never modifies the file, never fetches anything a .docx links to, and
checks the file (exists, is a file, not empty, not too large, a supported
type, not a legacy or encrypted Word file) and hands it to the reader for its type. A reader
never raises anything but ``InputError`` for a bad file, and never modifies it.
"""

from __future__ import annotations

from pathlib import Path

from letterlint.errors import InputError
from letterlint.model import Document

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
SUFFIXES = (".docx", ".txt", ".md", ".markdown")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    return f"{n / 1024:.0f} KB" if n >= 10 * 1024 else f"{n:,} bytes"


def read(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, data: bytes | None = None) -> Document:
    """Read ``path`` (or its bytes ``data``, already read once by the caller) into a Document."""
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
        if suffix == ".doc":
            raise InputError(name, "a legacy Word 97-2003 .doc file; save it as .docx and check that")
        if suffix not in SUFFIXES:
            raise InputError(name, f"unsupported file type '{path.suffix or '(none)'}'; "
                                   "letterlint reads .docx, .txt and .md")
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
    if data.startswith(OLE2_MAGIC):
        if suffix == ".docx":
            if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in data:
                raise InputError(name, "the document is password-protected; remove the password "
                                       "and check it again")
            raise InputError(name, "a legacy Word 97-2003 document renamed .docx; save it as .docx")
        raise InputError(name, "a binary Office file, not text")
    try:
        if suffix == ".docx":
            from letterlint.readers.docx import read_docx

            return read_docx(name, data)
        from letterlint.readers.text import read_text

        return read_text(name, data, markdown=suffix in (".md", ".markdown"))
    except InputError:
        raise
    except RecursionError:
        raise InputError(name, "the file is nested too deeply to read") from None
    except Exception as exc:  # a reader bug must not become a traceback for the user
        raise InputError(name, f"the file cannot be read ({type(exc).__name__}: {str(exc)[:100]})") from None


def read_string(text: str, name: str = "<text>", *, markdown: bool = False) -> Document:
    """A Document from a string (tests, fixtures, the annotation of pasted text)."""
    from letterlint.readers.text import read_text

    return read_text(name, text.encode("utf-8"), markdown=markdown)
