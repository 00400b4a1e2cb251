"""Email replies: .eml (the standard library's ``email`` package) and Outlook .msg (extract-msg).

The body checked is the text part, or where there is none (or it is empty or only white space)
the HTML part as text (block tags such as p, div, br, li and tr end a line; script and style
are dropped). Text labelled iso-8859-1 or us-ascii, or 8-bit with no label, is read as
Windows-1252, as browsers and Outlook read it (``LATIN1_LABELS``). The earlier messages
quoted below a reply ("-----Original Message-----", "On ... wrote:", "From: ..." after the
signature, and lines starting ">") are not the writer's letter and are cut off. Attachments
are read when the email is only a cover note for them (``is_cover_note``): where the body (the
earlier messages cut off) is empty, or says a reply is attached ("Please find attached our
response to your complaint", "Our reply is attached") in at most ``COVER_NOTE_MAX_WORDS`` words
before its sign-off and does not sign off as a letter ("Yours sincerely"), the letter checked is
the attached reply (.docx, .pdf, .odt, .rtf, .txt, .md, .doc), with a note naming it and what
else was attached. An email written as the reply is checked as written, whatever it attaches (a
copy of the complainant's letter, a leaflet). A cover note with nothing attached, with no
attachment letterlint reads, or with two attached replies is refused in one line saying so.

Facts from the headers go to ``Document.front_matter`` (the letter facts take them as given,
source "email header"): the Date header is the letter date, the From address the team's contact
details when the body gives none (Q34), and a reference in the Subject
("RE: Complaint - ref TC/2026/0088") is the reference, and the Subject itself is kept
(``subject``) as the email's subject line, which tells a reply to a complaint from other mail
when the body does not say so (the letter type). The body is split into paragraphs at
blank lines (``text.split_blocks``); a body hard-wrapped at 55-80 columns is unwrapped for
checking by ``normalise.py``. Locations are paragraph numbers.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import replace
from html.parser import HTMLParser
from types import MappingProxyType
from typing import Any

from letterlint.errors import InputError
from letterlint.model import Document

SUBJECT_REF_RE = re.compile(
    r"\b(?:our\s+)?ref(?:erence)?\b\.?(?:\s*(?:no\b\.?|number\b))?\s*[:\-]?\s*"
    r"(?P<ref>[A-Z0-9][A-Z0-9/\-.]*\d[A-Z0-9/\-]*)", re.IGNORECASE)
QUOTED_START_RE = re.compile(
    r"^(?:-{2,}\s*Original Message\s*-{2,}|_{10,}\s*$|On .{6,200} wrote:\s*$|>)", re.IGNORECASE | re.MULTILINE)
NO_BODY = "the email has no text body, only attachments: save the attached letter and check that"
# A cover note: "Please find attached our reply to your complaint." A reply written in the
# email itself runs to a few hundred words (the corpus's email replies: 180 to 700), and signs
# off as a letter does.
COVER_NOTE_MAX_WORDS = 120  # words before the sign-off (a signature and a disclaimer follow it)
MAX_ATTACHMENTS_READ = 5
_REPLY_NOUN = (r"(?:(?:our|my)\s+(?:\w+\s+){0,2}?(?:reply|response|letter|decision|answer)"
               r"|(?:a|the)\s+(?:\w+\s+){0,2}?(?:reply|response|decision|outcome)|a\s+letter\s+from)")
COVER_RE = re.compile(
    r"\b(?:please\s+find\s+(?:attached|enclosed)|attached\s+(?:is|are|please\s+find)|(?:I|we)\s+(?:have\s+)?"
    r"(?:attached|enclosed|attach|enclose)|(?:is|are)\s+(?:attached|enclosed))\b[^.\n]{0,80}?\b" + _REPLY_NOUN + r"\b"
    r"|\b" + _REPLY_NOUN + r"\b[^.\n]{0,60}?\b(?:is|are)\s+(?:attached|enclosed)\b", re.IGNORECASE)
LETTER_VALEDICTION_RE = re.compile(r"^\s*Yours\s+(?:sincerely|faithfully|truly)\b", re.IGNORECASE | re.MULTILINE)
SIGN_OFF_RE = re.compile(r"^\s*(?:kind(?:est)?\s+regards|best\s+regards|warm\s+regards|regards|best\s+wishes|"
                         r"many\s+thanks|thanks|thank\s+you|yours)\b[^\n]{0,20}$", re.IGNORECASE | re.MULTILINE)
LETTER_SUFFIXES = (".docx", ".pdf", ".odt", ".rtf", ".txt", ".md", ".doc")
SALUTATION_RE = re.compile(r"^\s*Dear\b", re.MULTILINE)
MSG_HELP = ("cannot read this Outlook .msg file{why}; in Outlook, open the message and use File > Save As, "
            "'Text Only' (.txt), or drag it out as .eml, and check that")
BLOCK_TAGS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table",
                        "ul", "ol", "blockquote", "hr", "section", "article", "header", "footer"})


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style", "head", "title"):
            self.skip += 1
        elif tag in BLOCK_TAGS:
            self.out.append("\n" if tag == "br" else "\n\n")
        elif tag in ("td", "th"):
            self.out.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title"):
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK_TAGS:
            self.out.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_to_text(html: str) -> str:
    """Visible text of an HTML body: paragraphs separated by blank lines."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    text = "".join(parser.out)
    lines = [ln.strip() for ln in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def cut_quoted(body: str) -> str:
    """The reply without the earlier messages quoted below it (module doc)."""
    m = QUOTED_START_RE.search(body)
    if m and body[: m.start()].strip():
        body = body[: m.start()]
    return body.rstrip()


def _sender(value: Any) -> str:
    """The email address in a From header ("Jo Bloggs <jo.bloggs@example.gov.uk>"), or ""."""
    from email.utils import parseaddr

    addr = parseaddr(str(value or ""))[1]
    return addr if "@" in addr else ""


def _facts(date: Any, subject: str, sender: str = "") -> dict[str, Any]:
    front: dict[str, Any] = {}
    if sender:
        # the address the reply came from is the one the complainant answers: the team's
        # contact details (Q34, report 8.2) even when the body gives no other
        front["team_contact"] = sender
    if date is not None:
        with contextlib.suppress(AttributeError, ValueError):
            front["letter_date"] = date.date().isoformat()
    m = SUBJECT_REF_RE.search(subject or "")
    if m:
        front["reference"] = m.group("ref").rstrip(".-/")
    if subject and subject.strip():
        # "RE: Complaint - ref EM/CU/2026/1312": what the reply is about, for its type (w45-012)
        front["subject"] = " ".join(subject.split())
    return front


def _document(name: str, fmt: str, body: str, front: dict[str, Any]) -> Document:
    from letterlint.reading.text import split_blocks

    body = cut_quoted(body.replace("\r\n", "\n").replace("\r", "\n"))
    if not body.strip():
        raise InputError(name, "the email has no text")
    blocks = split_blocks(body, {})
    return Document(path=name, format=fmt, text=body, blocks=blocks,  # type: ignore[arg-type]
                    front_matter=MappingProxyType(front))


# Character sets whose label is often wrong in real mail: Outlook and many Windows tools label
# Windows-1252 text (curly quotes, the pound sign, dashes in 0x80-0x9f) "iso-8859-1" or
# "us-ascii", or send 8-bit text with no label at all. Browsers (the WHATWG Encoding standard)
# read all of them as Windows-1252, and so does letterlint: Python reads 0x92 under the
# iso-8859-1 label as an invisible control character, and 8-bit bytes under us-ascii (or no
# label) as U+FFFD, so "you're" became "you\x92re" or "you\ufffdre" and a finding was lost.
LATIN1_LABELS = frozenset({"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819",
                           "ibm819", "us-ascii", "ascii", "us", "ansi_x3.4-1968", "windows-1252", "cp1252"})


def _content(name: str, part: Any) -> tuple[str, tuple[str, ...]]:
    """The text of ``part`` and any note on how it was decoded. A part labelled with a
    ``LATIN1_LABELS`` character set, or with none, is read as Windows-1252 (valid UTF-8 with no
    label as UTF-8); a character set Python does not know as UTF-8 if it is, else Windows-1252,
    with a note. Raises InputError when the body cannot be decoded."""
    charset = part.get_param("charset")
    label = str(charset).strip().lower() if isinstance(charset, str) else None
    if label is None or label in LATIN1_LABELS:
        raw = part.get_payload(decode=True)
        if isinstance(raw, bytes):
            if label is None or label in ("us-ascii", "ascii", "us", "ansi_x3.4-1968"):
                with contextlib.suppress(UnicodeDecodeError):
                    return raw.decode("utf-8"), ()  # ASCII, or UTF-8 with a missing or wrong label
            return raw.decode("cp1252", "replace"), ()
    try:
        content = part.get_content()
    except LookupError:
        # a character set Python does not know ("unknown-8bit", common in real mail): the bytes
        # as UTF-8 if they are, else as Windows-1252 (every byte is a character there)
        raw = part.get_payload(decode=True)
        raw = raw if isinstance(raw, bytes) else b""
        try:
            content, how = raw.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            content, how = raw.decode("cp1252", "replace"), "Windows-1252"
        return content, (f"the email names a character set letterlint does not know "
                         f"({part.get_param('charset')}): its text was read as {how}",)
    except (UnicodeError, ValueError, AssertionError) as exc:
        raise InputError(name, f"the email body cannot be decoded ({type(exc).__name__})") from None
    if not isinstance(content, str):
        raise InputError(name, NO_BODY)
    return content, ()


def _cover_note_words(text: str) -> int:
    """Words of an email's own text before its sign-off ("Kind regards"), where a signature block
    and a disclaimer follow: a cover note is judged by what it says, not by its footer."""
    m = SIGN_OFF_RE.search(text)
    return len((text[: m.start()] if m else text).split())


def is_cover_note(body: str) -> bool:
    """Whether an email's own text ``body`` is only a cover note for an attached reply: it says
    so ("Please find attached our response to your complaint", "Our reply is attached"), runs
    to at most ``COVER_NOTE_MAX_WORDS`` words before its sign-off, and is not a letter itself
    (a letter signs off "Yours sincerely" or "Yours faithfully", and may well attach a copy of
    the complainant's letter or a leaflet)."""
    text = cut_quoted(body.replace("\r\n", "\n").replace("\r", "\n"))
    if LETTER_VALEDICTION_RE.search(text):
        return False
    return _cover_note_words(text) <= COVER_NOTE_MAX_WORDS and bool(COVER_RE.search(text))


def attached_letter(name: str, body: str, attachments: list[tuple[str, bytes]]) -> Document | None:
    """The reply an email carries as an attachment when its own text ``body`` is empty or only a
    cover note (``is_cover_note``), as a Document named ``name`` (the email's file, which the
    user gave) with a note naming the attachment; None when the body is a letter in its own
    right, whatever it attaches. ``attachments``: (file name, bytes) in the email's order; the
    first ``MAX_ATTACHMENTS_READ`` letter files among them are read. Raises InputError, one line
    naming the email and the cause, when the body is only a cover note and no attached file is
    a letter letterlint can read, or two attached files are each a reply (check each on its
    own)."""
    from pathlib import PurePath

    from letterlint.reading import read_bytes

    words = len(cut_quoted(body).split()) if body.strip() else 0
    if words and not is_cover_note(body):
        return None
    if not words and not attachments:
        return None
    what = "has no text body, only attachments" if not words else "is a cover note"
    letters = [(fn, data) for fn, data in attachments if PurePath(fn).suffix.lower() in LETTER_SUFFIXES]
    if not letters:
        if not attachments:
            raise InputError(name, "the email is a cover note ('please find attached ...') but nothing is "
                                   "attached: check the reply itself")
        if not words:
            return None  # the caller says there is no text body
        names = ", ".join(f"'{f}'" for f, _ in attachments[:5])
        raise InputError(name, f"the email {what}, and none of its attachments ({names}) is a letter "
                               f"letterlint reads: save the reply and check that")
    read_ok: list[tuple[str, Document]] = []
    failed: list[tuple[str, str]] = []
    for fn, data in letters[:MAX_ATTACHMENTS_READ]:
        try:
            read_ok.append((fn, read_bytes(name, PurePath(fn).suffix.lower(), data)))
        except InputError as exc:
            failed.append((fn, exc.cause))
    if not read_ok:
        fn, cause = failed[0]
        raise InputError(name, f"the email {what}, and its attached letter '{fn}' cannot be read: {cause}")
    replies = [(f, d) for f, d in read_ok if SALUTATION_RE.search(d.text[:3000])]
    if len(replies) > 1:
        names = ", ".join(f"'{f}'" for f, _ in replies)
        raise InputError(name, f"the email carries {len(replies)} letters ({names}): save each and check it "
                               "on its own")
    fn, doc = replies[0] if replies else read_ok[0]
    others = [f for f, _ in attachments if f != fn]
    note = (f"the email's own text is {'empty' if not words else 'a cover note'}: the letter checked "
            f"is its attachment '{fn}'")
    if others:
        shown = ", ".join(f"'{f}'" for f in others[:5])
        more = f" and {len(others) - 5} more" if len(others) > 5 else ""
        note += f"; not checked: {shown}{more}"
    return replace(doc, notes=(note, *doc.notes))


def _eml_attachments(msg: Any) -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    with contextlib.suppress(Exception):
        # a message that is nothing but one attached file (no multipart around it) is its own attachment
        parts = [msg] if not msg.is_multipart() and msg.is_attachment() else msg.iter_attachments()
        for part in parts:
            fn = part.get_filename()
            data = part.get_payload(decode=True)
            if isinstance(fn, str) and fn.strip() and isinstance(data, bytes) and data:
                out.append((fn.strip(), data))
    return out


def read_eml(name: str, data: bytes) -> Document:
    """Read an .eml message into a Document (module doc). Raises InputError."""
    import email
    import email.policy
    from email.message import EmailMessage

    try:
        msg = email.message_from_bytes(data, policy=email.policy.default)
    except Exception as exc:
        raise InputError(name, f"not a readable email ({type(exc).__name__})") from None
    if not isinstance(msg, EmailMessage) or (not msg.keys() and not msg.get_payload()):
        raise InputError(name, "not an email message (no headers)")
    part = msg.get_body(preferencelist=("plain", "html"))
    attachments = _eml_attachments(msg)
    if part is None:
        attached = attached_letter(name, "", attachments)
        if attached is None:
            raise InputError(name, NO_BODY)
        return attached
    content, notes = _content(name, part)
    if part.get_content_subtype() == "plain" and not content.strip():
        # an empty text part beside the HTML one (multipart/alternative): the letter is the HTML
        html = msg.get_body(preferencelist=("html",))
        if html is not None:
            part = html
            content, notes = _content(name, part)
    body = html_to_text(content) if part.get_content_subtype() == "html" else content
    attached = attached_letter(name, body, attachments)
    if attached is not None:
        return attached
    try:
        date = msg["date"].datetime if msg["date"] is not None else None
    except (AttributeError, ValueError, TypeError):
        date = None
    doc = _document(name, "eml", body, _facts(date, str(msg["subject"] or ""), _sender(msg["from"])))
    return replace(doc, notes=(*notes, *doc.notes)) if notes else doc


def _msg_attachments(msg: Any) -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    with contextlib.suppress(Exception):
        for att in msg.attachments:
            fn = getattr(att, "longFilename", None) or getattr(att, "shortFilename", None) or ""
            data = getattr(att, "data", None)
            if isinstance(fn, str) and fn.strip() and isinstance(data, bytes) and data:
                out.append((fn.strip(), data))
    return out


def read_msg(name: str, data: bytes) -> Document:
    """Read an Outlook .msg into a Document with extract-msg; where it cannot read the file,
    the error says how to save the message in a form letterlint reads. Raises InputError."""
    import logging

    logging.getLogger("extract_msg").setLevel(logging.CRITICAL)
    try:
        import extract_msg

        msg: Any = extract_msg.openMsg(data, delayAttachments=True)
    except Exception as exc:
        raise InputError(name, MSG_HELP.format(why=f" ({type(exc).__name__})")) from None
    try:
        body = msg.body
        if not (body or "").strip() and msg.htmlBody:
            html = msg.htmlBody
            body = html_to_text(html.decode("utf-8", "replace") if isinstance(html, bytes) else str(html))
        date, subject = msg.date, str(msg.subject or "")
        sender = getattr(msg, "sender", "") or ""
        attachments = _msg_attachments(msg)
    except Exception as exc:
        raise InputError(name, MSG_HELP.format(why=f" ({type(exc).__name__})")) from None
    finally:
        with contextlib.suppress(Exception):
            msg.close()
    attached = attached_letter(name, str(body or ""), attachments)
    if attached is not None:
        return attached
    if not (body or "").strip():
        raise InputError(name, NO_BODY if attachments else "the message has no text")
    return _document(name, "msg", str(body), _facts(date, subject, _sender(sender)))
