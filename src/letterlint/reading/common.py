"""What the readers of other formats share: building a ``Document`` from paragraphs, and the
safety checks on a zip package (.odt).

``build()`` joins paragraphs with a blank line, as the .docx reader does, so that a letter
saved as .odt, .rtf or .pdf gives the same text, blocks and findings as the .docx it came
from. ``Block.number`` counts non-empty body paragraphs from 1; header and footer lines are
numbered on their own.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from letterlint.errors import InputError
from letterlint.model import Block, BlockKind, DocFormat, Document, Span

MAX_UNCOMPRESSED = 100 * 1024 * 1024  # a letter unpacks to well under 10 MB
MAX_RATIO = 200  # compressed XML is 5-30 times smaller; a bomb is hundreds of times smaller
RATIO_FLOOR = 2 * 1024 * 1024  # parts smaller than this unpacked are never refused for their ratio
MAX_MEMBERS = 5000


def build(name: str, fmt: DocFormat, paragraphs: Iterable[tuple[BlockKind, str]], *,
          front: Mapping[str, Any] | None = None, notes: tuple[str, ...] = ()) -> Document:
    """A Document from ``(kind, text)`` paragraphs in reading order (headers first).
    Raises InputError when no paragraph has text."""
    pieces: list[str] = []
    blocks: list[Block] = []
    numbers = {"paragraph": 0, "header": 0, "footer": 0}
    offset = 0
    for kind, text in paragraphs:
        if not text.strip():
            continue
        if pieces:
            pieces.append("\n\n")
            offset += 2
        counter = kind if kind in ("header", "footer") else "paragraph"
        numbers[counter] += 1
        pieces.append(text)
        blocks.append(Block(len(blocks), kind, Span(offset, offset + len(text)), numbers[counter], text))
        offset += len(text)
    if not blocks:
        raise InputError(name, "the document has no text")
    return Document(path=name, format=fmt, text="".join(pieces), blocks=tuple(blocks),
                    front_matter=MappingProxyType(dict(front or {})), notes=notes)


def check_zip(name: str, data: bytes, kind: str, required: str) -> zipfile.ZipFile:
    """An open, checked zip package: not corrupt, not a zip bomb, holds ``required``, no XML
    entity declarations. ``kind`` names the format in messages (".odt")."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(name, f"not a valid {kind} file (it is not a zip package: corrupt or truncated?)") from None
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise InputError(name, f"the {kind} package has {len(infos)} parts: refused as unsafe")
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > MAX_UNCOMPRESSED or (total > 10 * 1024 * 1024 and total / packed > MAX_RATIO):
        raise InputError(name, f"the {kind} package unpacks to {total // (1024 * 1024)} MB: "
                               "refused as a possible zip bomb")
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size / max(1, info.compress_size) > MAX_RATIO:
            raise InputError(name, f"the {kind} part {info.filename} unpacks to "
                                   f"{info.file_size // (1024 * 1024)} MB from "
                                   f"{max(1, info.compress_size // 1024)} KB: refused as a possible zip bomb")
    names = {i.filename for i in infos}
    if required not in names:
        raise InputError(name, f"not a valid {kind} file (no {required} inside)")
    for info in infos:
        if info.filename.endswith((".xml", ".rels")):
            with zf.open(info) as fh:
                head = fh.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise InputError(name, f"the {kind} part {info.filename} declares XML entities: refused as unsafe")
    try:
        bad = zf.testzip()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError):
        bad = "?"
    if bad is not None:
        raise InputError(name, f"the {kind} file is corrupt (part {bad} is damaged)")
    return zf
