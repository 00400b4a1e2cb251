"""Letter parts and facts: address, date, reference, salutation, subject, body, valediction,
signature and job title; the letter type and the complaint type.

Each fact records how it was found: ``detected`` (with the words that gave it away),
``front matter`` or ``command line``. Overrides win over detection.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from letterlint import dates
from letterlint.model import (
    Block,
    ComplaintType,
    Document,
    Fact,
    Letter,
    LetterType,
    Part,
    Span,
)

TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Sir", "Dame", "Lady", "Lord",
          "Rev", "Revd", "PC", "DC", "DS", "DI", "DCI", "Sgt", "Sergeant", "Inspector", "Constable")
TITLE_RE = re.compile(r"^(?P<title>" + "|".join(TITLES) + r")\.?\s+(?P<rest>.+)$")
SALUTATION_RE = re.compile(r"^\s*Dear\s+(?P<who>[^\n,]*?)\s*,?\s*$", re.MULTILINE)
VALEDICTION_RE = re.compile(
    r"^\s*(?P<v>Yours\s+(?:sincerely|faithfully|truly)|(?:With\s+)?(?:kind|best)\s+regards|"
    r"Best\s+wishes|Regards)\s*,?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
REFERENCE_RE = re.compile(
    r"^\s*(?:Our\s+(?:ref(?:erence)?\.?|reference\s+number)|Ref(?:erence)?\.?|CPS\s+ref(?:erence)?)"
    r"\s*(?:no\.?|number)?\s*[:\-]?\s*(?P<ref>\S.*?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
YOUR_REF_RE = re.compile(r"^\s*Your\s+ref", re.IGNORECASE)
SUBJECT_PREFIX_RE = re.compile(r"^\s*(?:Re|Subject|RE)\s*[:\-]\s*", re.IGNORECASE)
CONTACT_RE = re.compile(
    r"(?:\b0\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b|\+44[\d\s]{9,13}|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
)
LETTERHEAD_RE = re.compile(
    r"\b(?:CPS|Crown Prosecution Service|Victim Liaison|Telephone|Tel|Email|E-mail|www\.|Phone|"
    r"Fax|DX)\b|@",
    re.IGNORECASE,
)
DATE_LINE_RE = re.compile(r"^\s*(?:Date\s*:\s*)?(?P<date>.{6,40})\s*$")

# Letter type evidence: (pattern, weight). Kept here with the logic they drive.
STAGE_TWO = [
    r"\brequest(?:ed)?\s+(?:for\s+)?(?:a\s+)?(?:stage\s+(?:two|2)|further)\s+review",
    r"\basking\s+(?:me|us)\s+to\s+review\s+your\s+complaint",
    r"\b(?:asking|asked|request(?:ed|ing)?)\s+for\s+(?:a\s+)?(?:stage\s+(?:two|2)|further)\s+review",
    r"\b(?:asked|asking|request(?:ed|ing)?)\s+(?:for\s+)?(?:your\s+complaint\s+)?to\s+be\s+(?:escalated|reviewed\s+at\s+stage\s+(?:two|2))",
    r"\brequest\s+for\s+escalation\b",
    r"\bescalated\s+(?:your\s+complaint\s+)?to\s+stage\s+(?:two|2)",
    r"\byour\s+stage\s+(?:two|2)\s+complaint",
    r"\b(?:the|your|our)\s+stage\s+(?:one|1)\s+(?:reply|response|letter|decision)",
    r"\bthis\s+is\s+(?:my|our|the)\s+(?:final|stage\s+(?:two|2))\s+(?:response|reply)",
    r"\bcomplaints?\s+(?:process|procedure)\s+(?:has\s+)?(?:now\s+)?(?:ended|concluded|complete|comes?\s+to\s+an\s+end|is\s+(?:now\s+)?(?:at\s+an\s+end|complete|concluded|over|finished))",
    r"\bconcludes?\s+(?:the|our)\s+complaints?\s+(?:process|procedure)",
    r"\bIndependent\s+Assessor\s+of\s+Complaints\b",
]
STAGE_ONE = [
    r"\b(?:ask|request|write)\b[^.]{0,80}\b(?:reviewed|escalated|review)\b[^.]{0,40}\bstage\s+(?:two|2)\b",
    r"\bescalate\s+(?:your\s+complaint\s+)?(?:to\s+)?(?:the\s+next\s+stage|stage\s+(?:two|2))",
    r"\b(?:complaint\s+)?(?:to\s+be\s+)?escalated\s+within\b",
    r"\b(?:can|may)\s+(?:ask|write)\b[^.]{0,80}\bDeputy\s+Chief\s+Crown\s+Prosecutor",
    r"\b(?:may|can|could)\s+(?:then\s+)?escalate\b",
    r"^\s*(?:your\s+)?stage\s+(?:one|1)\s+complaint",
]
HOLDING = [
    r"\b(?:not|unable)\s+(?:yet\s+)?(?:been\s+|be\s+)?able\s+to\s+(?:keep\s+to|meet|send|give|provide|complete|finish|reply|respond)",
    r"\bneed\s+(?:a\s+little\s+|some\s+)?(?:more|further|extra)\s+time\b",
    r"\bsorry\s+(?:for|about)\s+the\s+delay\s+in\s+(?:replying|responding|our\s+(?:reply|response))",
    r"\b(?:taking|take)\s+longer\s+than\b",
    r"\bnot\s+(?:therefore\s+)?be\s+in\s+a\s+position\s+to\s+(?:respond|reply)",
    r"\bfull\s+(?:response|reply)\s+will\s+be\s+(?:provided|sent)\b",
    r"\bholding\s+letter\b",
]
ACKNOWLEDGEMENT = [
    r"\b(?:acknowledge|confirm)\s+(?:receipt|that\s+we\s+have\s+received)",
    r"\bwe\s+(?:have\s+)?received\s+your\s+(?:complaint|email|letter)\b",
    r"\b(?:will|aim\s+to)\s+(?:send\s+you\s+a\s+full\s+(?:reply|response)|(?:reply|respond)\s+(?:to\s+you\s+)?(?:in\s+full\s+)?)\s*(?:by|before|within)\b",
    r"\bhas\s+been\s+(?:passed|allocated|sent)\s+to\b",
]
OUTCOME_RE = re.compile(r"\b(?:uphold|upheld)\b", re.IGNORECASE)
COMPLAINT_TYPE = [
    (ComplaintType.MIXED, r"\b(?:both\s+(?:a\s+)?legal\s+(?:decision|complaint)[^.]{0,60}\bservice|"
                          r"legal\s+and\s+service\s+(?:complaint|issues|elements)|mixed\s+complaint)"),
    (ComplaintType.LEGAL, r"\b(?:(?:your|this)\s+complaint\s+(?:is|was|concerns|relates\s+to)\s+"
                          r"(?:about\s+)?(?:a\s+)?legal\s+decision|"
                          r"legal\s+complaint|complaint\s+about\s+(?:a|the)\s+legal\s+decision)"),
    (ComplaintType.SERVICE, r"\b(?:service\s+complaint|"
                            r"complaint\s+(?:is|was)\s+about\s+(?:the\s+)?(?:level\s+of\s+)?service|"
                            r"complaint\s+about\s+(?:the\s+)?service\s+(?:you\s+received|provided))"),
]


@dataclass(frozen=True)
class _Line:
    span: Span
    text: str
    block: Block


def _lines(doc: Document, blocks: list[Block]) -> list[_Line]:
    out = []
    for b in blocks:
        pos = b.span.start
        for raw in b.text.split("\n"):
            stripped = raw.strip()
            if stripped:
                lead = len(raw) - len(raw.lstrip())
                out.append(_Line(Span(pos + lead, pos + lead + len(stripped)), stripped, b))
            pos += len(raw) + 1
    return out


def _search(patterns: list[str], text: str) -> list[str]:
    hits = []
    for p in patterns:
        m = re.search(p, text, re.IGNORECASE)
        if m:
            hits.append(m.group(0))
    return hits


def _enum_value(value: Any, enum: Any, aliases: Mapping[str, str]) -> Any:
    key = str(value).strip().lower().replace("_", "-").replace(" ", "-")
    key = aliases.get(key, key)
    try:
        return enum(key)
    except ValueError:
        return None


STAGE_ALIASES = {"1": "stage-one", "one": "stage-one", "stage1": "stage-one", "stage-1": "stage-one",
                 "2": "stage-two", "two": "stage-two", "stage2": "stage-two", "stage-2": "stage-two",
                 "holding-letter": "holding", "ack": "acknowledgement",
                 "acknowledgment": "acknowledgement"}


def analyse(doc: Document, overrides: Mapping[str, Any] | None = None) -> Letter:
    parts: dict[str, Part] = {}
    facts: dict[str, Fact] = {}

    def part(name: str, span: Span) -> None:
        parts[name] = Part(name, span, doc.text[span.start : span.end])

    def fact(name: str, value: Any, evidence: str = "", source: str = "detected") -> None:
        if value not in (None, ""):
            facts[name] = Fact(name, value, source, evidence.strip()[:120])

    main = [b for b in doc.blocks if b.kind not in ("header", "footer") and b.text.strip()]
    lines = _lines(doc, main)
    # --- salutation
    sal_i = next((i for i, ln in enumerate(lines) if SALUTATION_RE.match(ln.text)), None)
    if sal_i is not None:
        sal = lines[sal_i]
        part("salutation", sal.span)
        fact("salutation", sal.text.rstrip(","), sal.text)
    head = lines[:sal_i] if sal_i is not None else lines[:12]
    # --- date and references before the salutation
    date_line = None
    for ln in head:
        if YOUR_REF_RE.match(ln.text):
            continue
        m = REFERENCE_RE.match(ln.text)
        if m and "reference" not in parts:
            part("reference", ln.span)
            fact("reference", m.group("ref"), ln.text)
            continue
        found = dates.find_dates(ln.text)
        if found and date_line is None and len(ln.text) <= 45:
            date_line = ln
            part("date", ln.span)
            fact("letter_date", found[0][1], ln.text)
    # --- address: the short lines at the top that are not letterhead, date or references
    addr: list[_Line] = []
    for ln in head:
        if ln is date_line or ("reference" in parts and parts["reference"].span == ln.span):
            if addr:
                break
            continue
        if YOUR_REF_RE.match(ln.text) or LETTERHEAD_RE.search(ln.text) or len(ln.text) > 70:
            if addr:
                break
            continue
        addr.append(ln)
    if addr:
        part("address", Span(addr[0].span.start, addr[-1].span.end))
        name = addr[0].text
        fact("addressee", name, name)
        m = TITLE_RE.match(name)
        if m:
            fact("addressee_title", m.group("title"), name)
            fact("addressee_surname", m.group("rest").split()[-1].strip(",."), name)
    # --- valediction, signature, job title
    val_i = None
    start_search = sal_i + 1 if sal_i is not None else 0
    for i in range(len(lines) - 1, start_search - 1, -1):
        if VALEDICTION_RE.match(lines[i].text):
            val_i = i
            break
    if val_i is not None:
        v = lines[val_i]
        part("valediction", v.span)
        fact("valediction", v.text.rstrip(","), v.text)
        after = [ln for ln in lines[val_i + 1 :] if not re.fullmatch(r"\[?signature\]?|\(signed\)", ln.text, re.I)]
        if after:
            part("signature", Span(after[0].span.start, after[-1].span.end))
            fact("signatory", after[0].text, after[0].text)
            if len(after) > 1 and not CONTACT_RE.search(after[1].text):
                fact("job_title", after[1].text, after[1].text)
    # --- subject and body
    body_start = lines[sal_i].span.end if sal_i is not None else (addr[-1].span.end if addr else 0)
    if sal_i is not None and sal_i + 1 < len(lines):
        nxt = lines[sal_i + 1]
        words = len(nxt.text.split())
        if SUBJECT_PREFIX_RE.match(nxt.text) or (
            words <= 16 and not nxt.text.endswith((".", "?", "!", ":")) and nxt.block is not lines[sal_i].block
        ):
            part("subject", nxt.span)
            fact("subject", SUBJECT_PREFIX_RE.sub("", nxt.text), nxt.text)
            body_start = nxt.span.end
    body_end = lines[val_i].span.start if val_i is not None else max((b.span.end for b in main), default=len(doc.text))
    if body_end > body_start:
        while body_start < body_end and doc.text[body_start].isspace():
            body_start += 1
        while body_end > body_start and doc.text[body_end - 1].isspace():
            body_end -= 1
        part("body", Span(body_start, body_end))
    body_text = parts["body"].text if "body" in parts else doc.text
    # --- team contact details: signature area, letterhead, header, footer
    areas = [parts["signature"].text] if "signature" in parts else []
    areas += [b.text for b in doc.blocks if b.kind in ("header", "footer", "table-cell")]
    areas += [ln.text for ln in head if LETTERHEAD_RE.search(ln.text)]
    for text in areas:
        m = CONTACT_RE.search(text)
        if m:
            fact("team_contact", m.group(0), text)
            break
    # --- letter type
    subject = parts["subject"].text if "subject" in parts else ""
    s2, s1 = _search(STAGE_TWO, subject + "\n" + body_text), _search(STAGE_ONE, subject + "\n" + body_text)
    hold, ack = _search(HOLDING, body_text), _search(ACKNOWLEDGEMENT, body_text)
    words = len(body_text.split())
    outcome = bool(OUTCOME_RE.search(body_text))
    job = str(facts["job_title"].value) if "job_title" in facts else ""
    if hold and not outcome and words < 400:
        fact("letter_type", LetterType.HOLDING, hold[0])
    elif ack and not outcome and not s1 and words < 300:
        fact("letter_type", LetterType.ACKNOWLEDGEMENT, ack[0])
    elif s2:
        fact("letter_type", LetterType.STAGE_TWO, s2[0])
    elif s1 or outcome:
        fact("letter_type", LetterType.STAGE_ONE, s1[0] if s1 else "upheld")
    elif re.search(r"Deputy\s+Chief|Chief\s+Crown", job):
        fact("letter_type", LetterType.STAGE_TWO, job)
    elif words >= 15 and re.search(r"\bcomplain|\bdissatisfied\b", subject + body_text, re.IGNORECASE):
        fact("letter_type", LetterType.STAGE_ONE, "a full reply to a complaint (no other type fits)")
    else:
        facts["letter_type"] = Fact("letter_type", LetterType.UNKNOWN, "detected", "")
    for ctype, pattern in COMPLAINT_TYPE:
        m = re.search(pattern, body_text, re.IGNORECASE)
        if m:
            fact("complaint_type", ctype, m.group(0))
            break
    # --- overrides: front matter, then the command line
    for source, values in (("front matter", doc.front_matter), ("command line", overrides or {})):
        _apply_overrides(facts, values, source)
    return Letter(doc, parts, facts)


def _apply_overrides(facts: dict[str, Fact], values: Mapping[str, Any], source: str) -> None:
    for key, raw in values.items():
        if raw is None:
            continue
        k = key.replace("-", "_")
        if k in ("stage", "letter_type"):
            v = _enum_value(raw, LetterType, STAGE_ALIASES)
            if v is not None:
                facts["letter_type"] = Fact("letter_type", v, source, str(raw))
        elif k == "complaint_type":
            v = _enum_value(raw, ComplaintType, {})
            if v is not None:
                facts["complaint_type"] = Fact("complaint_type", v, source, str(raw))
        elif k in ("letter_date", "date"):
            d = dates.parse_any(raw)
            if d is not None:
                facts["letter_date"] = Fact("letter_date", d, source, str(raw))
