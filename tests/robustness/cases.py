"""Every bad input letterlint is tried on, end to end through the CLI. ``docs/robustness.md`` is
generated from these cases and the messages letterlint actually prints (see test_docs_table)."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tests.robustness import docxmake
from tests.workflow.clihelp import GOOD_LETTER, POOR_LETTER, run, tree_digest

Runner = Callable[..., subprocess.CompletedProcess[str]]

Maker = Callable[[Path], None]
ATTACK = Path(__file__).resolve().parents[1] / "fixtures" / "inputs" / "attack"


@dataclass(frozen=True)
class Case:
    key: str
    what: str  # for the table: what the input is
    make: Maker  # builds the input in a fresh folder (the working directory of the run)
    args: tuple[str, ...]  # arguments after 'letterlint'
    cause: str  # regular expression the one-line message must match (case-insensitive)
    exit: int = 2
    lines: int = 1  # lines expected on stderr
    names: str = ""  # text the message must contain (the file name), default: the last argument
    timeout: float = 60.0
    env: dict[str, str] = field(default_factory=dict)


def _text(name: str, content: str | bytes) -> Maker:
    def make(folder: Path) -> None:
        p = folder / name
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
    return make


def _ignore(_: object) -> None:
    return None


def _truncated(folder: Path) -> None:
    full = docxmake.letter_docx(folder / "full.docx")
    data = full.read_bytes()
    (folder / "truncated.docx").write_bytes(data[: len(data) * 6 // 10])
    full.unlink()


def _attack(source: str, name: str) -> Maker:
    def make(folder: Path) -> None:
        (folder / name).write_bytes((ATTACK / source).read_bytes())
    return make


def _template(folder: Path) -> None:
    from tests.fixtures import wordxml as wx

    wx.build(folder / "template.docx", "".join(wx.p(t) for t in wx.letter_paragraphs()),
             main_ct="application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml")


def _late_dtd(folder: Path) -> None:
    from tests.fixtures import wordxml as wx

    styles = ('<?xml version="1.0" encoding="UTF-8"?><!--' + "x" * 9000 + '--><!DOCTYPE w:styles '
              '[<!ENTITY a "aaaa">]><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
              '2006/main">&a;</w:styles>')
    wx.build(folder / "late.docx", "".join(wx.p(t) for t in wx.letter_paragraphs()),
             extra={"word/styles.xml": styles})


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "pipe.txt")


def _loop(folder: Path) -> None:
    os.symlink("loop.txt", folder / "loop.txt")


READING = Path(__file__).resolve().parents[1] / "fixtures" / "inputs" / "reading"


def _pdf(path: Path, *, pages: int = 1, password: str | None = None, text: bool = True) -> Path:
    import io

    from pypdf import PdfReader, PdfWriter

    w = PdfWriter()
    src = PdfReader(READING / "letter.pdf")
    for i in range(pages):
        if text:
            w.add_page(src.pages[i % len(src.pages)])
        else:
            w.add_blank_page(595, 842)
    if password:
        w.encrypt(password)
    buf = io.BytesIO()
    w.write(buf)
    path.write_bytes(buf.getvalue())
    return path


def _truncated_pdf(folder: Path) -> None:
    data = (READING / "letter.pdf").read_bytes()
    (folder / "cut.pdf").write_bytes(data[: len(data) * 3 // 10])


def _odt_bomb(folder: Path) -> None:
    import zipfile

    with zipfile.ZipFile(folder / "bomb.odt", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        zf.writestr("content.xml", b"<a>" + b" " * (200 * 1024 * 1024) + b"</a>")


def _eml_attachments_only(folder: Path) -> None:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["Subject"] = "FW: reply"
    msg.set_content(b"%PDF-1.4", maintype="application", subtype="pdf", disposition="attachment",
                    filename="reply.pdf")
    (folder / "forward.eml").write_bytes(bytes(msg))


def _big(folder: Path) -> None:
    (folder / "small-limit.yaml").write_text("input:\n  max_bytes: 2000\n", encoding="utf-8")
    (folder / "long.txt").write_text(GOOD_LETTER + "\nPostscript.\n" * 200, encoding="utf-8")


def _config(name: str, text: str) -> Maker:
    def make(folder: Path) -> None:
        (folder / name).write_text(text, encoding="utf-8")
        (folder / "draft.txt").write_text(POOR_LETTER, encoding="utf-8")
    return make


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
spelling:
  accept: *h
"""

AREA_RULE = """\
code: LL801
name: area-phrase
group: clarity
item: Q26
severity: warning
scope: {scope}
kind: existence
params:
  patterns: ["re:{pattern}"]
message: "Avoid this phrase."
why: "Our Area avoids it."
fix: "Rewrite it."
example:
  bad: "aaaa"
  good: "b"
"""


def _area_rule(pattern: str, scope: str = "body", letter: str = POOR_LETTER) -> Maker:
    def make(folder: Path) -> None:
        (folder / "area-rules").mkdir()
        (folder / "area-rules" / "LL801-area-phrase.yaml").write_text(
            AREA_RULE.format(pattern=pattern, scope=scope), encoding="utf-8")
        (folder / "area.yaml").write_text("rules:\n  paths: [area-rules]\n", encoding="utf-8")
        (folder / "draft.txt").write_text(letter, encoding="utf-8")
    return make


def _deep_docx(folder: Path) -> None:
    from tests.fixtures import wordxml as wx

    nested = "<w:sdt><w:sdtContent>" * 300 + wx.p("Deep.") + "</w:sdtContent></w:sdt>" * 300
    wx.build(folder / "deep.docx", nested + "".join(wx.p(t) for t in wx.letter_paragraphs()))


NOT_WORD = r"not a (valid |readable )?word|corrupt|damaged|broken|cannot be opened|cannot open|zip"

INPUT_CASES: tuple[Case, ...] = (
    Case("empty", "Empty file (0 bytes)", _text("empty.txt", b""), ("check", "empty.txt"), r"empty"),
    Case("blank", "Only spaces and line breaks", _text("blank.md", "  \n\n\t\n"), ("check", "blank.md"),
         r"empty|no text"),
    Case("not-a-letter", "A text file that is not a letter (a shopping list in the outbox)",
         _text("list.txt", "Shopping list\n\nMilk, eggs, bread.\nCall the garage on Tuesday.\n"),
         ("check", "list.txt"), r"does not look like a reply to a complaint.*--stage"),
    Case("complainants-letter", "The complainant's own letter, kept beside the reply",
         _text("complaint.txt", "12 Mill Lane\nLeeds LS1 4AB\n\nDear Sir or Madam\n\nI am writing to "
               "make a formal complaint about how my case was handled. Nobody told me the trial had "
               "moved.\n\nYours faithfully\n\nA Complainant\n"),
         ("check", "complaint.txt"), r"complainant's own letter.*--complaint"),
    Case("not-english", "A reply written in Welsh (a letter not in English)",
         _text("ateb.txt", "Annwyl Mr Jones\n\nDiolch am eich llythyr dyddiedig 3 Tachwedd 2026 ynglŷn â'ch "
               "cwyn am yr achos yn Llys Ynadon Caerdydd. Rydw i wedi edrych ar y ffeil ac wedi siarad "
               "â'r erlynydd a oedd yn gyfrifol am yr achos. Mae'n ddrwg gen i na chawsoch wybod am y "
               "gwrandawiad ar 14 Hydref. Dylai'r Uned Gofal Tystion fod wedi ysgrifennu atoch, ond ni "
               "wnaeth hynny. Rwy'n cadarnhau eich cwyn.\n\nYn gywir\n\nEleri Pritchard\n"),
         ("check", "ateb.txt"), r"not to be written in English"),
    Case("binary", "Binary data named .txt", _text("binary.txt", bytes(range(256)) * 40),
         ("check", "binary.txt"), r"binary|not text|not a text"),
    Case("windows-1252", "A letter saved as Windows-1252, not UTF-8 (café, curly quotes)",
         _text("ansi.txt", "Dear Mr Okafor\n\nI am sorry the caf\u00e9 meeting was \u201cmissed\u201d.\n"
               .encode("cp1252")), ("check", "ansi.txt"), r"not UTF-8.*save it as UTF-8"),
    Case("utf16-md", "A Markdown letter saved as UTF-16 with a byte-order mark",
         _text("wide.md", "Dear Ms Breckon\n\nI uphold your complaint.\n".encode("utf-16")),
         ("check", "wide.md"), r"UTF-16|not UTF-8"),
    Case("corrupt-docx", "Random bytes named .docx", _text("corrupt.docx", b"\x13\x37" * 3000),
         ("check", "corrupt.docx"), NOT_WORD),
    Case("truncated-docx", "A .docx cut off part way (first 60% of the file)", _truncated,
         ("check", "truncated.docx"), NOT_WORD),
    Case("png-docx", "A PNG picture renamed .docx", _text("picture.docx", b"\x89PNG\r\n\x1a\n" + bytes(2000)),
         ("check", "picture.docx"), NOT_WORD),
    Case("encrypted-docx", "A password-protected .docx (encrypted with msoffcrypto-tool)",
         lambda f: _ignore(docxmake.encrypted_docx(f / "protected.docx", f)), ("check", "protected.docx"),
         r"password|encrypt"),
    Case("legacy-doc", "A Word 97-2003 .doc where LibreOffice is not installed (where it is, a copy is "
         "converted to .docx in a private temporary folder and checked, with a note saying so; a damaged "
         ".doc then gets \"LibreOffice could not convert this .doc\")",
         lambda f: _ignore(docxmake.legacy_doc(f / "old.doc")),
         ("check", "old.doc"), r"\.doc\b|97|older|save it as", env={"LETTERLINT_NO_LIBREOFFICE": "1"}),
    Case("legacy-as-docx", "A Word 97-2003 file renamed .docx",
         lambda f: _ignore(docxmake.legacy_doc(f / "renamed.docx")), ("check", "renamed.docx"),
         r"\.doc\b|97|older|password|encrypt|save it as"),
    Case("zip-bomb", "Zip bomb named .docx (200 KB that unpacks to 200 MB)",
         lambda f: _ignore(docxmake.zip_bomb_docx(f / "bomb.docx")), ("check", "bomb.docx"),
         r"larg|limit|too big|unpack|compress"),
    Case("docm-as-docx", "A macro-enabled Word document (.docm) renamed .docx",
         _attack("really-docm.docx", "macros.docx"), ("check", "macros.docx"), r"macro-enabled.*save it as \.docx"),
    Case("dotx-as-docx", "A Word template (.dotx) renamed .docx", _template, ("check", "template.docx"),
         r"template.*\.docx"),
    Case("duplicate-parts", "A .docx holding [Content_Types].xml twice",
         _attack("zip-duplicate-ct.docx", "twice.docx"), ("check", "twice.docx"), r"twice.*ambiguous"),
    Case("xxe", "A .docx whose document.xml declares an external entity (XXE)",
         _attack("xxe-document.docx", "xxe.docx"), ("check", "xxe.docx"), r"DTD|entit.*unsafe"),
    Case("dtd-late", "A DTD in styles.xml after 9 KB of comment",
         _late_dtd, ("check", "late.docx"), r"styles\.xml.*DTD|entit.*unsafe"),
    Case("too-big", "A letter over the size limit (input.max_bytes: 2000)", _big,
         ("check", "--config", "small-limit.yaml", "long.txt"), r"larg|limit|too big|bytes"),
    Case("pdf", "A damaged PDF (a PDF header, then zeros)", _text("letter.pdf", b"%PDF-1.7\n" + bytes(500)),
         ("check", "letter.pdf"), r"not a readable PDF|corrupt"),
    Case("truncated-pdf", "A PDF cut off part way (first 30% of the file)", _truncated_pdf,
         ("check", "cut.pdf"), r"not a readable PDF|corrupt|no text"),
    Case("encrypted-pdf", "A password-protected PDF", lambda f: _ignore(_pdf(f / "locked.pdf", password="x")),
         ("check", "locked.pdf"), r"password"),
    Case("scanned-pdf", "A scanned PDF: pages with no text layer", lambda f: _ignore(_pdf(f / "scan.pdf", text=False)),
         ("check", "scan.pdf"), r"no text layer: a scanned image"),
    Case("long-pdf", "A PDF over the page limit (31 pages; input.max_pages: 30)",
         lambda f: _ignore(_pdf(f / "long.pdf", pages=31)), ("check", "long.pdf"), r"30 pages.*max_pages"),
    Case("corrupt-odt", "Random bytes named .odt", _text("corrupt.odt", b"\x13\x37" * 3000),
         ("check", "corrupt.odt"), r"not a valid \.odt|zip"),
    Case("zip-bomb-odt", "Zip bomb named .odt (unpacks to 200 MB)", _odt_bomb, ("check", "bomb.odt"),
         r"zip bomb"),
    Case("not-rtf", "Random bytes named .rtf", _text("corrupt.rtf", b"\x13\x37" * 3000),
         ("check", "corrupt.rtf"), r"not an RTF"),
    Case("eml-attachments", "An email with only attachments (.eml)", _eml_attachments_only,
         ("check", "forward.eml"), r"only attachments"),
    Case("corrupt-msg", "Random bytes named .msg", _text("corrupt.msg", b"\x13\x37" * 3000),
         ("check", "corrupt.msg"), r"Outlook \.msg.*Save As"),
    Case("deep-docx", "A .docx whose content controls nest 300 deep (past the XML parser's safety limit)",
         _deep_docx, ("check", "deep.docx"), r"nested too deeply.*refused as unsafe"),
    Case("newline-name", "A file whose name holds a newline (the message stays one line: \\n)",
         _text("bad\nname.txt", "Shopping list\n\nMilk, eggs, bread.\n"), ("check", "bad\nname.txt"),
         r"does not look like a reply", names="bad\\nname.txt"),
    Case("missing", "A file that does not exist", lambda f: None, ("check", "missing.txt"),
         r"not found|no such|does not exist"),
    Case("folder", "A folder named .txt", lambda f: (f / "folder.txt").mkdir(), ("check", "folder.txt"),
         r"folder|directory|not a file"),
    Case("fifo", "A named pipe (FIFO) named .txt: must not wait for data", _fifo, ("check", "pipe.txt"),
         r"not a (regular )?file|special|pipe", timeout=20),
    Case("symlink-loop", "A symbolic link that points to itself", _loop, ("check", "loop.txt"),
         r"link|loop|not found|levels"),
)

CONFIG_CASES: tuple[Case, ...] = (
    Case("yaml-syntax", "Malformed YAML in .letterlint.yaml",
         _config(".letterlint.yaml", "rules:\n  disable: [LL101\nfail_on: error\n"),
         ("check", "draft.txt"), r"\.letterlint\.yaml: line \d+: invalid YAML", names=".letterlint.yaml"),
    Case("unknown-key", "Unknown setting", _config(".letterlint.yaml", "colour: blue\n"),
         ("check", "draft.txt"), r"\.letterlint\.yaml: colour: unknown setting", names=".letterlint.yaml"),
    Case("wrong-type", "Wrong type (a word where a number belongs)",
         _config(".letterlint.yaml", "input:\n  max_bytes: lots\n"), ("check", "draft.txt"),
         r"\.letterlint\.yaml: input\.max_bytes: must be a number", names=".letterlint.yaml"),
    Case("wrong-list", "Wrong type (text where a list belongs)",
         _config(".letterlint.yaml", "spelling:\n  accept: Wessex\n"), ("check", "draft.txt"),
         r"spelling\.accept: must be a list", names=".letterlint.yaml"),
    Case("billion-laughs", "YAML aliases that expand to 387 million items (billion laughs)",
         _config(".letterlint.yaml", BILLION_LAUGHS), ("check", "draft.txt"),
         r"aliases .* not allowed", names=".letterlint.yaml", timeout=20),
    Case("missing-config", "--config names a file that does not exist", _config("unused.yaml", ""),
         ("check", "--config", "nowhere.yaml", "draft.txt"), r"nowhere\.yaml: configuration file not found",
         names="nowhere.yaml"),
    Case("regex-nested", "Area rule with a regular expression that backtracks forever: (a+)+$",
         _area_rule("(a+)+$"), ("check", "--config", "area.yaml", "draft.txt"),
         r"LL801-area-phrase\.yaml: params: unsafe regular expression .*repeats a group",
         names="LL801-area-phrase.yaml",
         timeout=20),
    Case("regex-invalid", "Area rule with an invalid regular expression: ([a-z]",
         _area_rule("([a-z]"), ("check", "--config", "area.yaml", "draft.txt"),
         r"LL801-area-phrase\.yaml: params: invalid regular expression", names="LL801-area-phrase.yaml"),
    Case("baseline-json", "A baseline file that is not JSON", _config("base.json", "{not json"),
         ("check", "--baseline", "base.json", "draft.txt"), r"base\.json: line 1: invalid JSON",
         names="base.json"),
)

# Inputs that are hostile but must be checked in bounded time, without the network.
RUN_CASES: tuple[Case, ...] = (
    Case("fix-not-a-letter", "'letterlint fix' on a file that is not a letter: refused, as 'check' refuses it",
         _text("notes.txt", "Shopping list\n\nMilk, eggs, bread.\n"), ("fix", "notes.txt"),
         r"does not look like a reply to a complaint"),
    Case("regex-slow", "Area rule whose expression passes the load-time test but backtracks: "
         "(?:a{1,9}){1,9}b, on a letter with 'aaaa...'",
         _area_rule("(?:a{1,9}){1,9}b", "sentence", POOR_LETTER.replace("Thank you", "a" * 60 + ". Thank you")),
         ("check", "--config", "area.yaml", "draft.txt"), r"draft\.txt: not fully checked: LL801 could not run",
         exit=2, lines=1, names="draft.txt", timeout=90),
)


def _grammar_token_rule(folder: Path) -> None:
    """The shared attack case: an Area grammar rule whose token pattern is (a|a)+$."""
    (folder / "area-rules").mkdir()
    (folder / "area-rules" / "LL801-area-token.yaml").write_text(
        "code: LL801\nname: area-token\ngroup: grammar\nitem: Q23\nseverity: error\nscope: paragraph\n"
        "kind: grammar\nparams:\n  patterns:\n    - tokens: [{regex: \"(a|a)+$\"}]\n"
        "message: \"Area rule LL801.\"\nwhy: \"An Area's own rule.\"\nfix: \"Rewrite it.\"\n"
        "example:\n  bad: \"bad example\"\n  good: \"good example\"\n", encoding="utf-8")
    (folder / "area.yaml").write_text("rules:\n  paths: [area-rules]\n", encoding="utf-8")
    (folder / "draft.txt").write_text(POOR_LETTER, encoding="utf-8")


def _front(matter: str) -> Maker:
    return _text("front.md", f"---\n{matter}\n---\n{POOR_LETTER}")


def _twenty_mb(folder: Path) -> None:
    (folder / "huge.txt").write_text(POOR_LETTER + ("A sentence of the letter goes on. " * 620_000),
                                     encoding="utf-8")


def _with_inputs(folder: Path) -> None:
    (folder / "draft.txt").write_text(POOR_LETTER, encoding="utf-8")
    (folder / "complaint.txt").write_text("Dear CPS,\n\n1. Nobody told me the trial had moved.\n",
                                          encoding="utf-8")
    (folder / "cfg.yaml").write_text("fail_on: error\n", encoding="utf-8")
    (folder / "base.json").write_text(
        '{"schema": "letterlint-baseline", "schema_version": 1, "findings": []}\n', encoding="utf-8")


def _with_link(folder: Path) -> None:
    _with_inputs(folder)
    (folder / "precious.txt").write_text("keep me\n", encoding="utf-8")
    os.symlink("precious.txt", folder / "report.txt")


def _with_pipe(folder: Path) -> None:
    _with_inputs(folder)
    os.mkfifo(folder / "report.pipe")


def _two_docx(folder: Path) -> None:
    docxmake.letter_docx(folder / "draft.docx")
    docxmake.letter_docx(folder / "draft.letterlint.docx")


# Attacks on what letterlint writes and reads besides letters (issue 12): each refused with one
# line, exit 2, every file unchanged. Listed in the README's bad-input table too.
HOSTILE_CASES: tuple[Case, ...] = (
    Case("o-complaint", "-o names the --complaint file", _with_inputs,
         ("check", "draft.txt", "--complaint", "complaint.txt", "-o", "complaint.txt"),
         r"refusing to overwrite an input", names="complaint.txt"),
    Case("o-config", "-o names the --config file", _with_inputs,
         ("check", "draft.txt", "--config", "cfg.yaml", "-o", "cfg.yaml"),
         r"refusing to overwrite an input", names="cfg.yaml"),
    Case("o-baseline", "-o names the --baseline file", _with_inputs,
         ("check", "draft.txt", "--baseline", "base.json", "-o", "base.json"),
         r"refusing to overwrite an input", names="base.json"),
    Case("o-link", "-o names a link (to another file)", _with_link,
         ("check", "draft.txt", "-o", "report.txt"), r"is a link; letterlint does not write through links",
         names="report.txt"),
    Case("o-pipe", "-o names a named pipe (FIFO)", _with_pipe,
         ("check", "draft.txt", "-o", "report.pipe"), r"is a pipe; .*regular files", names="report.pipe",
         timeout=20),
    Case("annotate-input", "--annotate --force would write over another letter of the run", _two_docx,
         ("check", "draft.docx", "draft.letterlint.docx", "--annotate", "--force"),
         r"refusing to overwrite an input", names="draft.letterlint.docx"),
    Case("regex-token", "Area grammar rule whose token pattern backtracks forever: (a|a)+$",
         _grammar_token_rule, ("check", "--config", "area.yaml", "draft.txt"),
         r"LL801-area-token\.yaml: params: .*unsafe regular expression: '\(a\|a\)\+'",
         names="LL801-area-token.yaml", timeout=30),
    Case("regex-overlap", "Area rule repeating alternatives that overlap: (a|aa)+$",
         _area_rule("(a|aa)+$"), ("check", "--config", "area.yaml", "draft.txt"),
         r"LL801-area-phrase\.yaml: params: unsafe regular expression .*alternatives",
         names="LL801-area-phrase.yaml", timeout=20),
    Case("twenty-mb", "A 20 MB letter", _twenty_mb, ("check", "huge.txt"),
         r"the file is 20\.\d MB, over the limit", timeout=60),
    Case("front-stage", "Front matter with an unknown stage", _front("stage: stage-three"),
         ("check", "front.md"), r"front matter stage: must be acknowledgement, holding, stage-one or stage-two"),
    Case("front-date", "Front matter with a date that is not a date", _front("date: soon"),
         ("check", "front.md"), r"front matter date: must be a date"),
)

CONFIG_CASES = (*CONFIG_CASES,
    Case("nan", "A setting that is NaN", _config(".letterlint.yaml", "clarity:\n  min_flesch: .nan\n"),
         ("check", "draft.txt"), r"clarity\.min_flesch: must be a number, not NaN or infinity",
         names=".letterlint.yaml"),
    Case("infinity", "A setting that is infinite (pyproject.toml)",
         _config("pyproject.toml", "[tool.letterlint.clarity]\nmax_passive_share = inf\n"),
         ("check", "draft.txt"), r"pyproject\.toml: clarity\.max_passive_share: must be a number, not NaN",
         names="pyproject.toml"),
    Case("huge-number", "A number with 30 digits",
         _config(".letterlint.yaml", "input:\n  max_bytes: 999999999999999999999999999999\n"),
         ("check", "draft.txt"), r"input\.max_bytes: must be a number at most", names=".letterlint.yaml"),
    Case("severity", "An unknown severity",
         _config(".letterlint.yaml", "rules:\n  severity:\n    LL101: fatal\n"),
         ("check", "draft.txt"), r"rules\.severity\.LL101: must be one of 'error', 'warning' or 'info'",
         names=".letterlint.yaml"),
    Case("stage", "An unknown stage", _config(".letterlint.yaml", "letter:\n  stage: stage-three\n"),
         ("check", "draft.txt"), r"letter\.stage: must be one of", names=".letterlint.yaml"),
    Case("date", "A date that is not a date", _config(".letterlint.yaml", "letter:\n  date: 2026-13-01\n"),
         ("check", "draft.txt"), r"\.letterlint\.yaml: invalid value: month must be in 1\.\.12",
         names=".letterlint.yaml"),
    Case("bool", "Text where true or false belongs", _config(".letterlint.yaml", "nlp:\n  trained: 'yes'\n"),
         ("check", "draft.txt"), r"nlp\.trained: must be true or false", names=".letterlint.yaml"),
    Case("deep-yaml", "YAML nested 100 000 levels deep",
         _config(".letterlint.yaml", "a: " + "[" * 100_000 + "]" * 100_000 + "\n"),
         ("check", "draft.txt"), r"\.letterlint\.yaml: nested more than 64 levels deep", names=".letterlint.yaml"),
    Case("lt-scheme", "A LanguageTool address that is not http or https",
         _config(".letterlint.yaml", "languagetool:\n  url: ftp://example.invalid/\n"),
         ("check", "draft.txt"), r"languagetool\.url: must be an http:// or https:// address",
         names=".letterlint.yaml"),
    Case("baseline-nan", "A baseline with NaN", _config("base.json", '{"schema": "letterlint-baseline", '
         '"schema_version": 1, "findings": [{"path": "a", "code": "LL101", "quote": "ab", "occurrence": NaN}]}'),
         ("check", "--baseline", "base.json", "draft.txt"), r"base\.json: invalid JSON: NaN is not allowed",
         names="base.json"),
    Case("baseline-key", "A baseline entry with an unknown key", _config("base.json", '{"schema": '
         '"letterlint-baseline", "schema_version": 1, "findings": [{"path": "a", "code": "LL101", '
         '"quote": "ab", "occurrence": 0, "colour": "red"}]}'),
         ("check", "--baseline", "base.json", "draft.txt"), r"base\.json: findings\[0\]\.colour: unknown",
         names="base.json"),
    Case("baseline-deep", "A baseline nested 100 000 levels deep", _config("base.json", "[" * 100_000),
         ("check", "--baseline", "base.json", "draft.txt"), r"base\.json: .*nested too deeply",
         names="base.json"),
)

ALL_CASES = INPUT_CASES + CONFIG_CASES + RUN_CASES + HOSTILE_CASES


@dataclass(frozen=True)
class Outcome:
    case: Case
    code: int
    stdout: str
    stderr: str
    seconds: float
    folder: Path
    before: dict[str, str]
    after: dict[str, str]

    @property
    def message(self) -> str:
        """The stderr lines with the folder's absolute path removed (for the docs table)."""
        text = self.stderr.replace(str(self.folder) + os.sep, "").replace(str(self.folder), ".")
        return " / ".join(line for line in text.strip().splitlines())


def run_case(case: Case, base: Path, runner: Runner = run) -> Outcome:
    import time

    folder = base / case.key
    folder.mkdir()
    case.make(folder)
    before = tree_digest(folder)
    started = time.monotonic()
    try:
        res = runner(case.args, folder, case.env, timeout=case.timeout)
        code, out, err = res.returncode, res.stdout, res.stderr
    except subprocess.TimeoutExpired:
        code, out, err = -1, "", f"(no answer after {case.timeout:.0f} seconds)"
    took = time.monotonic() - started
    return Outcome(case, code, out, err, took, folder, before, tree_digest(folder))


def run_cases(cases: tuple[Case, ...], base: Path, runner: Runner = run) -> dict[str, Outcome]:
    """Each case's outcome. In this process (``run``) one after another; in processes
    (``run_process``) two at a time."""
    if runner is run:
        return {c.key: run_case(c, base) for c in cases}
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        outs = list(pool.map(lambda c: run_case(c, base, runner), cases))
    return {o.case.key: o for o in outs}


def problems(o: Outcome) -> list[str]:
    """What is wrong with an outcome (empty when the case behaves as promised)."""
    c = o.case
    out = []
    if o.before != o.after:
        out.append("an input or a file beside it was changed or created")
    if o.code != c.exit:
        out.append(f"exit code {o.code}, expected {c.exit}")
    if "Traceback" in o.stderr or "Traceback" in o.stdout:
        out.append("printed a traceback")
    lines = o.stderr.strip().splitlines()
    if len(lines) != c.lines:
        out.append(f"{len(lines)} lines on stderr, expected {c.lines}: {o.stderr.strip()!r}")
    if c.lines:
        name = c.names or c.args[-1]
        if not any(name in line for line in lines):
            out.append(f"the message does not name {name!r}: {o.stderr.strip()!r}")
        if not re.search(c.cause, o.stderr, re.IGNORECASE):
            out.append(f"the message does not give the cause /{c.cause}/: {o.stderr.strip()!r}")
    else:
        if not re.search(c.cause, o.stdout, re.IGNORECASE):
            out.append(f"the report does not say /{c.cause}/: {o.stdout[-400:]!r}")
    return out


README_START = "<!-- bad-input table: generated by tests/robustness/test_bad_inputs.py -->"
README_END = "<!-- end of bad-input table -->"


def readme_table(outcomes: dict[str, Outcome]) -> str:
    """The short table in the README: every bad letter tried and what letterlint says."""
    rows = [README_START, "", "| bad input | what letterlint says (exit code 2) |", "|---|---|"]
    for c in INPUT_CASES + HOSTILE_CASES:
        o = outcomes[c.key]
        said = o.message.removeprefix("letterlint: error: ")
        rows.append(f"| {_cell(c.what)} | {_cell(said)} |")
    return "\n".join([*rows, "", README_END])


def markdown_table(outcomes: dict[str, Outcome]) -> str:
    def section(title: str, intro: str, cases: tuple[Case, ...]) -> list[str]:
        rows = [f"## {title}", "", intro, "", "| input | command | what letterlint says | exit |",
                "|---|---|---|---|"]
        for c in cases:
            o = outcomes[c.key]
            if c.lines:
                said = o.message
            else:
                said = next((ln.strip() for ln in o.stdout.splitlines() if re.search(c.cause, ln, re.I)), "")
            cmd = "letterlint " + " ".join(a.replace("\n", "\\n") for a in c.args)
            rows.append(f"| {_cell(c.what)} | `{_cell(cmd)}` | {_cell(said)} | {o.code} |")
        return [*rows, ""]

    lines = [
        "# What letterlint does with bad input",
        "",
        "<!-- Generated by tests/robustness/test_bad_inputs.py from what letterlint really prints.",
        "     Regenerate: LETTERLINT_WRITE_DOCS=1 .venv/bin/pytest tests/robustness/test_bad_inputs.py -->",
        "",
        "Every row is a test: the input is built, `letterlint` runs with its output piped (in the",
        "test's process, and in a process of its own in the slow tests), and the test checks the exit",
        "code, that the error is one line naming the file and the cause, and that no traceback is",
        "printed (`--debug` shows one for a configuration error).",
        "Inputs are never changed (their hashes are compared before and after). Exit codes: 0 no",
        "findings that fail, 1 findings that fail, 2 a file or setting letterlint could not use.",
        "",
        *section("Letters", "One line on stderr per file that cannot be checked; other files in the same "
                 "run are still checked.", INPUT_CASES),
        *section("Settings, rules and baselines",
                 "One line, `file: field: what is wrong`, and the run stops before any letter is checked.",
                 CONFIG_CASES),
        *section("Hostile but valid", "Checked in bounded time; a check stopped by its time limit makes "
                 "the letter \"not fully checked\" (exit 2, no rating).", RUN_CASES),
        *section("Attacks on outputs, rule patterns and large letters",
                 "Refused with one line before anything is written; every file is left as it was.",
                 HOSTILE_CASES),
        "## Also tested",
        "",
        "- No network: `check` runs with every socket call replaced by one that fails "
        "(`tests/robustness/netblock/sitecustomize.py`), on a .docx with an external hyperlink, a "
        "linked picture, a remote template and a linked object; it succeeds and makes no attempt.",
        "- Interrupting a run (Ctrl+C) leaves no temporary file and no half-written report.",
        "- Random text and random .docx structures (paragraphs, tables, headers, hyperlinks, odd "
        "Unicode, empty runs) never crash the readers or the engine, and every finding's position "
        "in the text holds exactly the words it quotes (`tests/robustness/test_properties.py`).",
        "- File names with spaces and accents (`Réponse à Mme Dupont.docx`), Windows line endings "
        "and output through a pipe (no colour codes) (`tests/workflow/test_cli_in_repo.py`).",
        "",
    ]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or "(nothing)"
