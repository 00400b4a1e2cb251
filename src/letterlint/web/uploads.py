"""Reading an upload safely: the form held in memory within limits, and a .zip unpacked by name
checks, never by trusting its paths.

Every refusal is one line naming the file and the cause (``UploadRefused`` for the whole
request, ``(name, reason)`` pairs for single files), in the words the readers use.
"""

from __future__ import annotations

import io
import stat
import zipfile
from collections import Counter
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

MB = 1024 * 1024
NAME_BYTES = 150  # a file name's most bytes: systems allow 255, and the copies add ".letterlint-fixed"


@dataclass(frozen=True)
class Limits:
    """Upload limits. Sizes in bytes.

    ``max_file_bytes``: largest letter (the readers' ``input.max_bytes``); ``max_files``: files
    in one request; ``max_request_bytes``: the whole request; ``zip_max_members``: entries in a
    .zip; ``zip_max_total_bytes``: what a .zip may unpack to in all; ``zip_max_ratio``: the
    largest unpacked / packed size of an entry bigger than ``zip_ratio_floor`` (a zip bomb is
    hundreds of times smaller than it unpacks to; a letter 2 to 30 times)."""

    max_file_bytes: int = 10 * MB
    max_files: int = 100
    max_request_bytes: int = 64 * MB
    zip_max_members: int = 1000
    zip_max_total_bytes: int = 200 * MB
    zip_max_ratio: int = 100
    zip_ratio_floor: int = 1 * MB


class UploadRefused(Exception):
    """The whole request is refused; ``str()`` is one line for the page. ``status``: the HTTP
    status to answer with (413 too large, 400 otherwise)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Upload:
    """One file to check: ``name`` is what the page shows (the uploaded name, or
    ``outbox.zip/folder/letter.docx`` for a zip member, always with ``/``); ``data`` its bytes."""

    name: str
    data: bytes


@dataclass
class Unpacked:
    """What an upload gave: ``letters`` to check, ``problems`` (``(name, reason)``: files that
    were meant to be checked but cannot be, each shown as not checked) and ``skipped``
    (``(name, reason)``: files that are not letters, such as a README or a hidden file)."""

    letters: list[Upload] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def size_text(n: int) -> str:
    """``n`` bytes for people: ``12.3 MB``, ``45 KB`` or ``1,234 bytes``."""
    if n >= MB:
        return f"{n / MB:.1f} MB"
    return f"{n / 1024:.0f} KB" if n >= 10 * 1024 else f"{n:,} bytes"


def clean_name(name: str, default: str = "letter") -> str:
    """A file name safe to show and to write: the last part of ``name`` (any folder, ``/`` or
    ``\\``, dropped), control characters removed, at most 120 characters and ``NAME_BYTES`` bytes
    in UTF-8 (a name in Chinese or emoji is three or four bytes a character) keeping the suffix;
    ``default`` when nothing is left (or the name is ``.`` or ``..``)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    if base in ("", ".", ".."):
        return default
    if len(base) > 120 or len(base.encode("utf-8")) > NAME_BYTES:
        stem, dot, suffix = base.rpartition(".")
        tail = (dot + suffix) if dot and len(suffix) < 10 else ""
        head = stem if tail else base
        while head and (len(head) + len(tail) > 120 or len((head + tail).encode("utf-8")) > NAME_BYTES):
            head = head[:-1]
        base = (head + tail) if head else default
    return base


class _InMemoryParser(MultiPartParser):
    """Starlette's multipart parser with every uploaded file kept in memory: never spooled to
    the shared temporary folder (the request is already bounded by ``max_request_bytes``)."""

    spool_max_size = 1 << 40


async def read_form(headers: Mapping[str, str], stream: AsyncIterator[bytes], limits: Limits) -> FormData:
    """The multipart form of a request, held in memory. Raises ``UploadRefused`` (413) when the
    request is over ``limits.max_request_bytes`` or holds more than ``limits.max_files`` files,
    and (400) when it is not a multipart form."""
    from starlette.datastructures import Headers

    ctype = headers.get("content-type", "")
    if not ctype.lower().startswith("multipart/form-data"):
        raise UploadRefused("the upload was not sent as a form: use the page's Check button")
    declared = headers.get("content-length")
    too_big = (f"the upload is over the limit of {size_text(limits.max_request_bytes)} in one go: "
               "check fewer letters at a time")
    if declared is not None and declared.isdigit() and int(declared) > limits.max_request_bytes:
        raise UploadRefused(too_big, 413)

    async def bounded() -> AsyncIterator[bytes]:
        total = 0
        async for chunk in stream:
            total += len(chunk)
            if total > limits.max_request_bytes:
                raise UploadRefused(too_big, 413)
            yield chunk

    parser = _InMemoryParser(headers if isinstance(headers, Headers) else Headers(dict(headers)),
                             bounded(),  # type: ignore[arg-type]
                             max_files=limits.max_files + 1, max_fields=20, max_part_size=64 * 1024)
    try:
        return await parser.parse()
    except MultiPartException as exc:
        message = str(exc)
        if message.startswith("Too many files"):
            raise UploadRefused(f"too many files in one go: at most {limits.max_files}; put them in a "
                                ".zip or check fewer at a time", 413) from None
        raise UploadRefused(f"the form could not be read ({message})") from None


async def file_bytes(upload: UploadFile) -> bytes:
    """All the bytes of an uploaded file (held in memory by ``read_form``)."""
    await upload.seek(0)
    return await upload.read()


def _unsafe_member(name: str) -> bool:
    """A zip entry name that would lead out of the folder it is unpacked into: absolute, with a
    drive letter, or with a ``..`` part (``/`` or ``\\`` separators)."""
    flat = name.replace("\\", "/")
    if flat.startswith("/") or (len(flat) > 1 and flat[1] == ":"):
        return True
    return any(part == ".." for part in flat.split("/"))


def unpack_zip(name: str, data: bytes, limits: Limits) -> Unpacked:
    """The letters in the .zip ``data`` (uploaded as ``name``), in the order of their names.

    The whole zip is refused (``UploadRefused``, one line) when it is not a zip, holds more
    than ``limits.zip_max_members`` entries, would unpack to more than
    ``limits.zip_max_total_bytes``, has an entry packed more tightly than ``zip_max_ratio``
    (a zip bomb), or has an entry whose name leads out of the folder (``../``, ``/etc/...``,
    ``C:\\...``). A single entry that is password-protected, a link, too large or damaged is a
    problem of its own (the others are still checked); hidden files, Word lock files, README
    files, letterlint's own outputs and types letterlint does not read are skipped, as
    ``letterlint batch`` skips them (``skiplist.skip_reason``). Zips inside the zip are not
    opened."""
    from letterlint.reading import SUFFIXES
    from letterlint.reading.skiplist import skip_reason

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise UploadRefused(f"{name}: not a valid .zip file (corrupt or truncated?)") from None
    if len(infos) > limits.zip_max_members:
        raise UploadRefused(f"{name}: the .zip holds {len(infos)} files, over the limit of "
                            f"{limits.zip_max_members}", 413)
    total = sum(i.file_size for i in infos)
    if total > limits.zip_max_total_bytes:
        raise UploadRefused(f"{name}: the .zip unpacks to {size_text(total)}, over the limit of "
                            f"{size_text(limits.zip_max_total_bytes)}", 413)
    for info in infos:
        if _unsafe_member(info.filename):
            raise UploadRefused(f"{name}: the .zip holds a file named {clean_name(info.filename, '?')!r} "
                                "whose path leads out of its folder: refused as unsafe")
        if info.file_size > limits.zip_ratio_floor and \
                info.file_size / max(1, info.compress_size) > limits.zip_max_ratio:
            raise UploadRefused(f"{name}: {info.filename} unpacks to {size_text(info.file_size)} from "
                                f"{size_text(info.compress_size)}: refused as a possible zip bomb", 413)
    out = Unpacked()
    root = PurePosixPath("/zip")
    unpacked = 0
    # two entries under one name: unzipping keeps one of them, and which one is the letter the
    # writer meant cannot be told; neither is checked, each is named as a problem
    times = Counter(i.filename.replace("\\", "/") for i in infos if not i.is_dir())
    for info in sorted(infos, key=lambda i: i.filename):
        if info.is_dir():
            continue
        member = info.filename.replace("\\", "/")
        shown = f"{clean_name(name, 'upload.zip')}/{''.join(c for c in member if c.isprintable())}"
        if times[member] > 1:
            out.problems.append((shown, f"the .zip holds {times[member]} files with this name: which is "
                                        "the letter is ambiguous, so neither is checked; rename one"))
            continue
        reason = skip_reason(root / member, root)
        suffix = PurePosixPath(member).suffix.lower()
        if reason is None and suffix not in SUFFIXES:
            reason = f"unsupported type '{suffix or '(none)'}'"
        if reason is not None:
            out.skipped.append((shown, reason))
            continue
        if stat.S_ISLNK(info.external_attr >> 16):
            out.problems.append((shown, "a link inside the .zip, not a file; not followed"))
            continue
        if info.flag_bits & 0x1:
            out.problems.append((shown, "password-protected inside the .zip; unzip it with its password "
                                        "and upload the letter itself"))
            continue
        if info.file_size == 0:
            out.problems.append((shown, "the file is empty"))
            continue
        if info.file_size > limits.max_file_bytes:
            out.problems.append((shown, f"the file is {size_text(info.file_size)}, over the limit of "
                                        f"{size_text(limits.max_file_bytes)} (input.max_bytes)"))
            continue
        try:
            with zf.open(info) as fh:
                body = fh.read(limits.max_file_bytes + 1)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, OSError, ValueError) as exc:
            cause = "compressed in a way letterlint cannot unpack" if isinstance(exc, NotImplementedError) \
                else "damaged inside the .zip"
            out.problems.append((shown, cause))
            continue
        unpacked += len(body)
        if len(body) > limits.max_file_bytes or unpacked > limits.zip_max_total_bytes:
            raise UploadRefused(f"{name}: the .zip unpacks to more than it says: refused as unsafe", 413)
        out.letters.append(Upload(shown, body))
    return out


def collect(files: list[tuple[str, bytes]], limits: Limits) -> Unpacked:
    """The letters in the uploaded ``files`` (``(name, bytes)``): each .zip unpacked
    (``unpack_zip``), every other file checked as a letter unless it is over
    ``limits.max_file_bytes`` or empty (a problem of its own). Raises ``UploadRefused`` for a
    bad .zip, or when the letters would be more than ``limits.zip_max_members``."""
    out = Unpacked()
    seen: Counter[str] = Counter()
    for raw_name, data in files:
        name = clean_name(raw_name)
        seen[name] += 1
        if seen[name] > 1:  # two uploads with one name (from two folders): each keeps its own line
            stem, dot, ext = name.rpartition(".")
            name = f"{stem} ({seen[name]}).{ext}" if dot and stem else f"{name} ({seen[name]})"
        if name.lower().endswith(".zip"):
            got = unpack_zip(name, data, limits)
            out.letters += got.letters
            out.problems += got.problems
            out.skipped += got.skipped
        elif not data:
            out.problems.append((name, "the file is empty"))
        elif len(data) > limits.max_file_bytes:
            out.problems.append((name, f"the file is {size_text(len(data))}, over the limit of "
                                       f"{size_text(limits.max_file_bytes)} (input.max_bytes)"))
        else:
            out.letters.append(Upload(name, data))
    if len(out.letters) > limits.zip_max_members:
        raise UploadRefused(f"{len(out.letters)} letters in one go, over the limit of "
                            f"{limits.zip_max_members}: check fewer at a time", 413)
    return out


def form_files(form: FormData, field_name: str) -> list[UploadFile]:
    """The files chosen in ``field_name`` (a browser sends an empty part when none was chosen:
    left out)."""
    found: list[Any] = form.getlist(field_name)
    return [f for f in found if isinstance(f, UploadFile) and (f.filename or f.size)]
