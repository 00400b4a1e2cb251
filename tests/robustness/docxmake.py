"""Small .docx files built in tests: a plain letter, one with external links, and hostile ones."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.workflow.clihelp import GOOD_LETTER

EXTERNAL_HOST = "198.51.100.7"  # TEST-NET-2: never routed
ATTACHED_TEMPLATE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"


def letter_docx(path: Path, text: str = GOOD_LETTER) -> Path:
    import docx

    d = docx.Document()
    for para in text.split("\n\n"):
        d.add_paragraph(" ".join(para.split("\n")))
    d.save(str(path))
    return path


def add_hyperlink(paragraph: Any, text: str, url: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def external_links_docx(path: Path) -> Path:
    """A letter whose parts point outside the file: a hyperlink, a linked (not embedded)
    picture and a remote template. A reader that fetched any of them would open a socket."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    d = docx.Document()
    paras = GOOD_LETTER.split("\n\n")
    for para in paras[:-1]:
        d.add_paragraph(" ".join(para.split("\n")))
    p = d.add_paragraph("You can read our complaints policy at ")
    add_hyperlink(p, "our website", f"http://{EXTERNAL_HOST}/complaints")
    img_rid = d.part.relate_to(f"http://{EXTERNAL_HOST}/pixel.png", RT.IMAGE, is_external=True)
    d.part.relate_to(f"http://{EXTERNAL_HOST}/template.dotx", ATTACHED_TEMPLATE, is_external=True)
    d.part.relate_to(f"http://{EXTERNAL_HOST}/object.bin", RT.OLE_OBJECT, is_external=True)
    drawing = parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<w:drawing><wp:inline><wp:extent cx="9525" cy="9525"/><wp:docPr id="7" name="pixel"/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic><pic:nvPicPr><pic:cNvPr id="7" name="pixel.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:link="{img_rid}"/></pic:blipFill><pic:spPr/></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )
    p._p.append(drawing)
    d.add_paragraph(" ".join(paras[-1].split("\n")))
    d.save(str(path))
    return path


def encrypted_docx(path: Path, tmp: Path) -> Path:
    import msoffcrypto.format.ooxml

    plain = letter_docx(tmp / "plain-for-encryption.docx")
    with plain.open("rb") as src, path.open("wb") as out:
        msoffcrypto.format.ooxml.OOXMLFile(src).encrypt("Passw0rd!", out)
    plain.unlink()
    return path


OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def legacy_doc(path: Path) -> Path:
    """The first bytes of a Word 97-2003 file (OLE2 compound document), then padding."""
    path.write_bytes(OLE2_MAGIC + bytes(504) + b"Microsoft Word 97-2003 Document" + bytes(1024))
    return path


def zip_bomb_docx(path: Path, unpacked_mb: int = 200) -> Path:
    """A valid-looking .docx whose document.xml unpacks to ``unpacked_mb`` MB (about 1000:1)."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    head = (b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    chunk = b"A" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", rels)
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(head)
            for _ in range(unpacked_mb):
                fh.write(chunk)
            fh.write(tail)
    return path


def docx_from_parts(parts: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return buf.getvalue()


def structured_docx(path: Path, body: Sequence[tuple[str, Any]], header: str | None = None,
                    footer: str | None = None) -> Path:
    """A .docx from a list of ("p", [runs...]), ("table", [[cell, ...], ...]), ("link", (text, url)),
    ("empty", None). Used by property tests."""
    import docx

    d = docx.Document()
    if header is not None:
        d.sections[0].header.paragraphs[0].text = header
    if footer is not None:
        d.sections[0].footer.paragraphs[0].text = footer
    for kind, value in body:
        if kind == "p":
            p = d.add_paragraph()
            for run in value:
                p.add_run(run)
        elif kind == "table":
            rows = value
            cols = max(len(r) for r in rows)
            t = d.add_table(rows=len(rows), cols=cols)
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    t.cell(i, j).text = cell
        elif kind == "link":
            p = d.add_paragraph("See ")
            add_hyperlink(p, value[0], value[1])
        elif kind == "empty":
            d.add_paragraph()
    d.save(str(path))
    return path
