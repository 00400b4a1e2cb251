"""addressing: the letter is addressed and set out correctly (Q34; HMCPSI 2023 8.2).

Reads the letter facts (``addressee_title``, ``addressee_surname``, ``salutation``,
``valediction``, ``letter_date``, ``reference``, ``team_contact``) and checks one thing,
chosen by ``check``:

- ``salutation``: "Dear <title> <surname>" matches the addressee; a named addressee is not
  greeted "Dear Sir or Madam";
- ``valediction``: "Dear Sir or Madam" goes with "Yours faithfully", a named salutation with
  "Yours sincerely"; a bare "Regards" is too curt to close a reply to a complaint (independent
  labellers mark it under Q34; "Kind regards" in an email is accepted);
- ``date``, ``reference``, ``team-contact``: the fact is present (for ``team-contact``,
  contact details in a body paragraph about the team, such as "call the Victim Liaison Unit
  on ...", count too).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from letterlint.checks.base import CheckContext, Hit, ParamSpec
from letterlint.model import Fix, Span
from letterlint.rules.patterns import compile_patterns, finditer
from letterlint.rules.spec import PhraseBank, Rule

CHECKS = ("salutation", "valediction", "date", "reference", "team-contact")
FACT_FOR = {"date": "letter_date", "reference": "reference", "team-contact": "team_contact"}
GENERIC_RE = re.compile(r"^\s*Dear\s+(?:Sir\s+or\s+Madam|Madam\s+or\s+Sir|Sir\s*/\s*Madam|Madam\s*/\s*Sir|"
                        r"Sir|Madam|Sirs|"
                        r"Colleague|Complainant|Customer|All)\s*,?\s*$", re.IGNORECASE)
# "Regards" alone (not "Kind regards", "Best regards"), with or without a comma
BARE_REGARDS_RE = re.compile(r"^\s*(?P<v>Regards)\s*,?\s*$", re.IGNORECASE)
SALUTATION_RE = re.compile(r"^\s*Dear\s+(?P<who>.+?)\s*,?\s*$", re.IGNORECASE)
# ordinary titles whose mismatch is a mistake (police ranks are often written out in full)
CIVIL_TITLES = {"mr": "Mr", "mrs": "Mrs", "ms": "Ms", "miss": "Miss", "mx": "Mx", "dr": "Dr"}

PARAMS = {
    "check": ParamSpec("str", required=True, choices=CHECKS, doc="what to check: " + ", ".join(CHECKS)),
    "contact": ParamSpec(
        "patterns", default=[],
        doc="team-contact: contact details in a body paragraph count too (telephone, email...)",
    ),
    "others": ParamSpec(
        "patterns", default=[],
        doc="team-contact: a body paragraph naming one of these (other agencies) gives their "
            "details, not the team's, unless it also matches 'ours'",
    ),
    "ours": ParamSpec(
        "patterns", default=[], doc="team-contact: words showing the details are the team's own"
    ),
}


def compile(params: Mapping[str, Any], banks: Mapping[str, PhraseBank]) -> dict[str, Any]:
    """Compile ``params`` (already checked against PARAMS) once, at load: patterns and banks.
    Returns the kind's compiled form (``Rule.compiled``). Raises ValueError or PatternError,
    which the loader reports as ``file: params: ...``."""
    return {key: compile_patterns(params[key] or [], banks) for key in ("contact", "others", "ours")}


def _has(pats: Any, ctx: CheckContext, span: Span) -> bool:
    return bool(pats) and any(True for _ in finditer(pats, ctx.text, span))


def team_contact_in_body(rule: Rule, ctx: CheckContext) -> bool:
    """Contact details in a body paragraph that are the team's, not another agency's."""
    comp = rule.compiled
    if not comp["contact"]:
        return False
    for para in ctx.paragraphs():
        if not _has(comp["contact"], ctx, para):
            continue
        if not _has(comp["others"], ctx, para) or _has(comp["ours"], ctx, para):
            return True
    return False


def _norm(word: str) -> str:
    return re.sub(r"[^\w'-]", "", word).lower().replace("’", "'")


def expected_salutation(ctx: CheckContext) -> str | None:
    """The salutation the addressee's title and surname call for ("Dear Mrs Holt"), or None when
    the letter does not give both."""
    title, surname = ctx.letter.fact("addressee_title"), ctx.letter.fact("addressee_surname")
    name = str(ctx.letter.fact("addressee") or "")
    if len(name.split()) > 4:
        # more words than a title and a name ("Mrs Priya Shah Orchard Cottage Church Lane Exeter",
        # an address run together on one line with no house number): the surname is not known,
        # and a guess asked for "Dear Mrs Exeter" (breaker12)
        return None
    if title and surname:
        return f"Dear {title} {surname}"
    return None


def salutation_problem(ctx: CheckContext) -> str | None:
    """Why the salutation does not fit the addressee, or None."""
    sal = ctx.letter.fact("salutation")
    want = expected_salutation(ctx)
    if not sal or not want:
        return None
    if GENERIC_RE.match(str(sal)):
        return f"the letter is to a named person, so greet them by name: '{want}'"
    m = SALUTATION_RE.match(str(sal))
    if not m:
        return None
    words = m.group("who").split()
    title, surname = str(ctx.letter.fact("addressee_title")), str(ctx.letter.fact("addressee_surname"))
    sal_words = [_norm(w) for w in words]
    if _norm(surname) not in sal_words:
        if len(words) == 1 and _norm(words[0]) not in CIVIL_TITLES:
            return None  # a first name: the writer chose a friendly greeting
        return f"the surname does not match the addressee: write '{want}'"
    first = sal_words[0].rstrip(".") if sal_words else ""
    if first in CIVIL_TITLES and title.lower().rstrip(".") in CIVIL_TITLES and first != title.lower().rstrip("."):
        return f"the title does not match the addressee: write '{want}'"
    return None


def run(rule: Rule, ctx: CheckContext) -> list[Hit]:
    """Hits for one letter: at most one: the part named by ``check`` is missing or does not match
    the addressee. Source: Q34; HMCPSI 2023 8.2. Raises Skip when the check cannot run here;
    never modifies ``ctx``'s letter."""
    check = rule.params["check"]
    letter = ctx.letter
    if check in FACT_FOR:
        if letter.fact(FACT_FOR[check]):
            return []
        if check == "team-contact" and team_contact_in_body(rule, ctx):
            return []
        slip = ctx.part("impossible_date") if check == "date" else None
        if slip is not None:  # a date line whose date no calendar has: point at it, not "no date"
            said = ctx.text[slip.start:slip.end]
            return [Hit(slip, fixable=False, message=f"The letter's date, '{said}', does not exist: "
                                                     "write the date the letter is sent.")]
        held = ctx.part("date_placeholder") if check == "date" else None
        if held is not None:  # the date picker's prompt where the date should be: point at it
            said = ctx.text[held.start:held.end]
            return [Hit(held, fixable=False, message=f"The letter's date is still the template's placeholder text, "
                                                     f"'{said}': choose the date the letter is sent.")]
        return [Hit(None)]
    if check == "salutation":
        problem = salutation_problem(ctx)
        if problem is None:
            return []
        span = ctx.part("salutation")
        return [Hit(span, suggestion=expected_salutation(ctx), vars={"problem": problem},
                    fix=_salutation_fix(ctx, span))]
    # valediction
    extra = ctx.part("extra_valediction")
    if extra is not None and letter.fact("valediction"):
        # two sign-offs, one above the other: the formal "Yours ..." stays when there is one (the
        # greeting's match is LL332's other check), else the lower one. A person deletes the
        # other: deleting a line cleanly in every format (a Markdown line's emphasis, a Word
        # paragraph or a line break) is not a fix to trust blindly
        upper, lower = str(letter.fact("extra_valediction")), str(letter.fact("valediction"))
        drop_upper = not (upper.lower().startswith("yours") and not lower.lower().startswith("yours"))
        said, kept = (upper, lower) if drop_upper else (lower, upper)
        where = extra if drop_upper else ctx.part("valediction")
        return [Hit(where, suggestion=kept, fixable=False,
                    vars={"problem": f"two sign-offs, '{upper}' and '{lower}'", "expected": kept},
                    message=f"The letter is signed off twice, '{upper}' and then '{lower}': "
                            f"delete '{said}'.")]
    sal, val = letter.fact("salutation"), letter.fact("valediction")
    if not val or (sal and salutation_problem(ctx) is not None):
        return []
    generic = bool(sal) and bool(GENERIC_RE.match(str(sal)))
    val_l = str(val).lower()
    span = ctx.part("valediction")
    if BARE_REGARDS_RE.match(str(val)):
        want = "Yours faithfully" if generic else "Yours sincerely"
        fix = None
        if span is not None:
            m = BARE_REGARDS_RE.match(ctx.text[span.start:span.end])
            if m is not None:
                fix = Fix(Span(span.start + m.start("v"), span.start + m.end("v")), want)
        said = str(val).strip()
        return [Hit(span, suggestion=want, fix=fix, vars={"problem": f"'{said}' on its own is too curt",
                                                          "expected": want},
                    message=f"'{said}' on its own is too curt to close a reply to a complaint: "
                            f"end with '{want}'.")]
    if not sal:
        return []
    if generic and "sincerely" in val_l:
        want = "Yours faithfully"
    elif not generic and "faithfully" in val_l:
        want = "Yours sincerely"
    else:
        return []
    return [Hit(span, suggestion=want, vars={"problem": f"'{sal}' goes with '{want}'", "expected": want},
                fix=_valediction_fix(ctx, span, want))]


def _salutation_fix(ctx: CheckContext, span: Span | None) -> Fix | None:
    """Only the words after "Dear" change; the comma (or none) stays as the writer had it."""
    want = expected_salutation(ctx)
    if span is None or want is None:
        return None
    m = SALUTATION_RE.match(ctx.text[span.start:span.end])
    if m is None:
        return None
    return Fix(Span(span.start + m.start("who"), span.start + m.end("who")), want[len("Dear "):])


def _valediction_fix(ctx: CheckContext, span: Span | None, want: str) -> Fix | None:
    """Only the word that is wrong ("faithfully" -> "sincerely"), keeping case and comma."""
    if span is None:
        return None
    wrong, right = ("sincerely", "faithfully") if want.endswith("faithfully") else ("faithfully", "sincerely")
    m = re.search(wrong, ctx.text[span.start:span.end], re.IGNORECASE)
    if m is None:
        return None
    word = m.group(0)
    new = right.upper() if word.isupper() else right.capitalize() if word[:1].isupper() else right
    return Fix(Span(span.start + m.start(), span.start + m.end()), new)
