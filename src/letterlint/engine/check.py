"""read -> parse -> checks -> suppressions -> score. A crashing check never stops the run."""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from letterlint.checks.base import CheckContext, CheckError, Hit, NotArisen, Skip
from letterlint.checks.harper import merge_findings
from letterlint.config.settings import Config
from letterlint.errors import InputError
from letterlint.letter.zones import drop_protected
from letterlint.model import (
    COMPLAINT_IN_BATCH,
    RUN_CONTEXT,
    Document,
    Fact,
    Finding,
    Letter,
    LetterType,
    Location,
    Report,
    RuleResult,
    Severity,
    Span,
    complaint_how,
    shorten,
    stage_how,
)
from letterlint.reading.normalise import normalise
from letterlint.rules.lazy_pattern import lazy_re
from letterlint.rules.loader import RuleSet, rule_module, ruleset_for
from letterlint.rules.patterns import PatternError
from letterlint.rules.spec import Rule

NOT_ARISEN = "what it checks did not come up in this letter"
DEFAULT_TIME_BUDGET_S = 120.0  # per letter, over all rules (``checks.time_budget_s``)
OUT_OF_TIME = "ran out of time (the letter's time budget, checks.time_budget_s, was spent)"
QUESTION_ORDER = (
    "7.11", "Q15", "Q16", "Q17", "Q22", "Q23", "Q24", "Q25", "Q26", "Q27", "Q28", "Q29",
    "Q30", "Q31", "Q32", "Q33", "Q34",
)


def item_sort_key(item: str) -> tuple[int, str]:
    """Sort key for a questionnaire item or report paragraph: its place in QUESTION_ORDER, then
    any other after them by name."""
    try:
        return (QUESTION_ORDER.index(item), item)
    except ValueError:
        return (len(QUESTION_ORDER), item)


def format_uk(d: dt.date) -> str:
    """A date as a British letter writes it: "3 December 2026"."""
    return f"{d.day} {d.strftime('%B %Y')}"


def letter_vars(letter: Letter) -> dict[str, Any]:
    """Values rule messages and suggestions may use, e.g. {escalation_date}."""
    from dateutil.relativedelta import relativedelta

    date = letter.fact("letter_date")
    out: dict[str, Any] = {
        "letter_date": "the date of this letter",
        "escalation_date": "[one calendar month after the letter date]",
        "addressee": letter.fact("addressee", "the complainant"),
        "signatory": letter.fact("signatory", ""),
        "letter_type": letter.letter_type.value,
        "complaint_type": letter.complaint_type.value,
        # what the reply is, for "of the date of this {medium}": an email reply says "email"
        "medium": "email" if letter.doc.format in ("eml", "msg") else "letter",
    }
    if isinstance(date, dt.date):
        out["letter_date"] = format_uk(date)
        out["escalation_date"] = format_uk(date + relativedelta(months=1))
    return out


class _Vars(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, values: Mapping[str, Any]) -> str:
    """``template`` with ``{placeholders}`` filled from ``values``; an unknown one is left as
    written (the loader refuses unknown ones in rule files)."""
    try:
        return string.Formatter().vformat(template, (), _Vars(values))
    except (ValueError, IndexError, AttributeError):
        return template


def rule_key(code_or_name: object) -> str:
    """A rule code or name as ``rules.disable`` and ``rules.severity`` compare it: any case, and
    "_" the same as "-" (the settings loader writes a mapping key's "-" as "_", so the key
    'long-sentence' of ``rules.severity`` arrives as 'long_sentence')."""
    return str(code_or_name).upper().replace("_", "-")


def effective_rules(ruleset: RuleSet, config: Config) -> list[Rule]:
    """The rules ``config`` leaves on (``rules.disable``, by code or name), with ``rules.severity``
    applied, in the rule set's order (by code)."""
    disabled = {rule_key(x) for x in config.get("rules.disable", [])}
    severities = {rule_key(k): v for k, v in (config.get("rules.severity", {}) or {}).items()}
    if not disabled and not severities:  # the usual case: every rule as it is (asked twice a letter)
        return list(ruleset.rules)
    out = []
    for r in ruleset.rules:
        if r.code in disabled or rule_key(r.name) in disabled:
            continue
        sev = severities.get(r.code) or severities.get(rule_key(r.name))
        out.append(replace(r, severity=Severity(sev)) if sev else r)
    return out


def check_rule_references(ruleset: RuleSet, config: Config, disable: Iterable[str] = ()) -> None:
    """Refuse a rule code or name that names no rule in ``ruleset``: in ``rules.disable`` or a
    key of ``rules.severity`` (``ConfigError`` naming the file the setting came from), or in
    ``disable`` (``--disable``). Without this a typo ('long-paragrph', 'LL70l') switched nothing
    off and said nothing. Codes and names are compared as ``effective_rules`` compares them
    (``rule_key``); the message suggests the closest rule."""
    from letterlint.errors import ConfigError, LetterlintError

    known = {rule_key(r.code) for r in ruleset.rules} | {rule_key(r.name) for r in ruleset.rules}
    choices = [r.code for r in ruleset.rules] + [r.name for r in ruleset.rules]

    def unknown(x: object) -> str | None:
        if rule_key(x) in known:
            return None
        from letterlint.rules.schema import did_you_mean  # only for a typo: it imports pydantic (cold start)

        word = str(x) if str(x)[:2].upper() == "LL" else str(x).replace("_", "-")
        return f"no rule {word!r}{did_you_mean(word, choices)}"

    for key in ("rules.disable", "rules.severity"):
        value = config.get(key) or ([] if key == "rules.disable" else {})
        for x in value:
            problem = unknown(x)
            if problem:
                raise ConfigError(str(config.sources.get(key, "configuration")), key, problem)
    for x in disable:
        problem = unknown(x)
        if problem:
            raise LetterlintError(f"--disable: {problem}")


def _context(letter: Letter, config: Config, ruleset: RuleSet, complaint: Letter | None) -> CheckContext:
    def analysis() -> Any:
        from letterlint.letter.nlp.pipeline import analyse

        blocks = [b.span for b in letter.doc.blocks if b.text.strip()]
        return analyse(letter.doc.text, blocks, use_trained=bool(config.get("nlp.trained", True)))

    return CheckContext(letter, config, ruleset.banks, analysis, complaint=complaint)


def _quote_for_missing(letter: Letter, rule: Rule) -> tuple[str, Span | None]:
    if rule.scope.startswith("part:") and rule.scope[5:] in letter.parts:
        p = letter.parts[rule.scope[5:]]
        return shorten(p.text.strip(), 120), p.span
    return "", None


def to_finding(rule: Rule, hit: Hit, letter: Letter, base_vars: Mapping[str, Any],
               ctx: CheckContext | None = None) -> Finding:
    """The Finding for one hit of ``rule``: quote and location from the letter, message, fix and
    suggestion rendered with the letter's placeholders (``base_vars``) and the hit's. ``ctx``
    (the letter's CheckContext) lets the fix read settings such as the sentence limits."""
    doc = letter.doc
    values = {**base_vars, **hit.vars}
    if hit.suggestion is not None:
        values.setdefault("suggestion", render(hit.suggestion, values))
    span = hit.span
    if span is not None:
        quote = doc.quote(span)
        values.setdefault("match", quote)
        location = doc.location(span)
    else:
        quote, _ = _quote_for_missing(letter, rule)
        location = Location()
    suggestion = render(hit.suggestion, values) if hit.suggestion else None
    autofix = None
    if rule.autofix.level != "none":
        from letterlint.fix import fix_for

        autofix = fix_for(rule, hit, letter, values, suggestion, ctx)
    return Finding(
        code=rule.code, name=rule.name, item=rule.item, severity=hit.severity or rule.severity,
        message=render(hit.message or rule.message, values), quote=quote, span=span,
        location=location, why=rule.why.strip(), fix=render(rule.fix.strip(), values),
        suggestion=suggestion, source=hit.source, autofix=autofix,
    )


def _not_applicable_detail(rule: Rule, letter: Letter) -> str:
    if rule.formats and letter.doc.format not in rule.formats:
        return f"does not apply to a .{letter.doc.format} file"
    if rule.applies_to and letter.letter_type not in rule.applies_to:
        return f"does not apply to a {letter.letter_type.value} letter"
    return f"does not apply to a {letter.complaint_type.value} complaint"


def run_rules(
    letter: Letter, config: Config, ruleset: RuleSet, complaint: Letter | None = None
) -> tuple[list[RuleResult], list[Finding], CheckContext]:
    """Run every effective rule on ``letter`` within the time budget: (results, findings, context).
    A crashing check is an errored result, never an exception."""
    import time

    ctx = _context(letter, config, ruleset, complaint)
    base_vars = letter_vars(letter)
    results: list[RuleResult] = []
    findings: list[Finding] = []
    has_pos: bool | None = None
    budget = float(config.get("checks.time_budget_s", DEFAULT_TIME_BUDGET_S))
    # CPU time of this thread, not the clock: a busy machine or a process at low priority must
    # not leave a letter "not fully checked" (a fresh install on a loaded machine did, waiting
    # for the CPU); what the budget guards against is a check that works for ever.
    deadline = time.thread_time() + budget
    out_of_time: list[str] = []
    rules = effective_rules(ruleset, config)
    standing_in = _stood_in_for(rules, letter, ctx)
    # a check that reads other rules' findings (LanguageTool leaves alone what the built-in
    # spelling and grammar rules found) runs after them, and is given their spans
    last = {r.code for r in rules if _hooks(r)[1]}
    for rule in [r for r in rules if r.code not in last] + [r for r in rules if r.code in last]:
        if not rule.applies(letter.letter_type, letter.complaint_type) or (
                rule.formats and letter.doc.format not in rule.formats):
            results.append(RuleResult(rule.code, rule.item, "not-applicable",
                                      detail=_not_applicable_detail(rule, letter)))
            continue
        if time.thread_time() > deadline:  # the letter's time budget is spent: not fully checked
            out_of_time.append(rule.code)
            results.append(RuleResult(rule.code, rule.item, "errored", detail=OUT_OF_TIME))
            continue
        if "pos" in rule.requires:
            if has_pos is None:
                has_pos = ctx.analysis.has_pos
            if not has_pos:
                results.append(RuleResult(rule.code, rule.item, "skipped",
                                          detail="needs a trained spaCy pipeline (install the 'model' extra)"))
                continue
        try:
            by = standing_in.get(rule.code)  # a built-in rule another engine does better (Harper)
            hits = rule_module(by).run_for(by, rule, ctx) if by else rule_module(rule).run(rule, ctx)
        except Skip as exc:
            results.append(RuleResult(rule.code, rule.item, "skipped", detail=str(exc)))
            continue
        except (CheckError, PatternError) as exc:
            results.append(RuleResult(rule.code, rule.item, "errored", detail=str(exc)))
            continue
        except Exception as exc:  # a crashing check is recorded, never fatal
            results.append(RuleResult(rule.code, rule.item, "errored",
                                      detail=f"{type(exc).__name__}: {exc}"))
            continue
        arose = not isinstance(hits, NotArisen)
        hits = drop_protected(rule, hits if arose else [], ctx)  # nothing inside a web address or a quotation
        if rule.code not in last:
            ctx.found[rule.code] = tuple(h.span for h in hits if h.span is not None)
            ctx.found_loud[rule.code] = tuple(h.span for h in hits if h.span is not None
                                              and (h.severity or rule.severity) is not Severity.INFO)
        fs = tuple(to_finding(rule, h, letter, base_vars, ctx) for h in hits)
        findings.extend(fs)
        if not fs and not arose:
            results.append(RuleResult(rule.code, rule.item, "not-applicable", detail=NOT_ARISEN, arose=False))
            continue
        results.append(RuleResult(rule.code, rule.item, "failed" if fs else "passed", fs))
    if out_of_time:
        ctx.notes.append(
            f"ran out of time: the checks for this letter took over {budget:g} s of CPU time "
            f"(checks.time_budget_s), so {', '.join(out_of_time)} did not run; not fully checked")
    order = {r.code: i for i, r in enumerate(rules)}
    results.sort(key=lambda r: order.get(r.code, len(order)))
    return results, findings, ctx


_HOOKS: dict[str, tuple[Any, bool]] = {}


def _hooks(rule: Rule) -> tuple[Any, bool]:
    """The kind's ``superseded`` hook (or None) and whether it ``RUNS_LAST``, kept by the name
    of its implementation: asked for every rule of every letter (issue 15)."""
    found = _HOOKS.get(rule.impl)
    if found is None:
        module = rule_module(rule)
        found = _HOOKS[rule.impl] = (getattr(module, "superseded", None), bool(getattr(module, "RUNS_LAST", False)))
    return found


def _stood_in_for(rules: list[Rule], letter: Letter, ctx: CheckContext) -> dict[str, Rule]:
    """Rules another rule stands in for here, by code (a kind's ``superseded`` hook: Harper does
    the work of the built-in grammar rules it matches while harper-py imports; its ``run_for``
    then gives the hits reported under the built-in rule's code)."""
    out: dict[str, Rule] = {}
    for rule in rules:
        hook = _hooks(rule)[0]
        if hook is not None and rule.applies(letter.letter_type, letter.complaint_type):
            out.update(dict.fromkeys(hook(rule, ctx), rule))
    return out


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, int | None, int | None]] = set()
    out = []
    for f in findings:
        key = (f.code, f.span.start if f.span else None, f.span.end if f.span else None)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Findings in reading order: whole-letter findings first, then by span start, then code."""
    return sorted(findings, key=lambda f: (f.span.start if f.span else -1, f.code))


def check_document(
    doc: Document,
    config: Config,
    ruleset: RuleSet | None = None,
    overrides: Mapping[str, Any] | None = None,
    complaint: Document | None = None,
    require_letter: bool = False,
) -> Report:
    """Check a document. A file that holds several letters (see ``letterlint.reading.split``) gives the
    first letter's Report with the others in ``Report.more``, each checked on its own with its
    own facts and a note saying so; ``Report.each_letter()`` lists them. With ``require_letter``
    (files, as ``check_path`` reads them), a text that is not a letter at all (see
    :func:`not_a_reply`) gives a Report with ``error`` set instead of a rating, and a reply
    of no recognised type is checked as a stage one reply, with a note saying so; a snippet
    given as text is checked as it is."""
    from letterlint.reading.split import first_words, split_letters

    ruleset = ruleset or ruleset_for(config.get("rules.paths", []), config.get("phrasebanks.paths", []))
    letters = split_letters(doc)
    if len(letters) == 1:
        return _check_letter(doc, config, ruleset, overrides, complaint, require_letter=require_letter)
    reports = []
    for n, one in enumerate(letters, 1):
        rep = _check_letter(one, config, ruleset, overrides, complaint, number=n)
        note = (f"this file holds {len(letters)} letters (a page break, then a new letter); each is "
                f"checked on its own: this is letter {n}, from {first_words(doc, one)}")
        reports.append(replace(rep, notes=(note, *rep.notes)))
    return replace(reports[0], more=tuple(reports[1:]))


def _check_letter(
    doc: Document,
    config: Config,
    ruleset: RuleSet,
    overrides: Mapping[str, Any] | None = None,
    complaint: Document | None = None,
    number: int = 1,
    require_letter: bool = False,
) -> Report:
    from letterlint.config import inline as suppress
    from letterlint.letter import analysis as letter_mod
    from letterlint.scoring import score as scoring

    doc, directives, problems = suppress.extract(doc)
    # checks read normalised text; findings are mapped back to the reader's text (normalise.py)
    norm = normalise(doc)
    given = _overrides(config, overrides)
    letter = letter_mod.analyse(norm.doc, given)
    why_not = None
    if require_letter and "letter_type" not in given:
        why_not = not_a_reply(letter, config.get(RUN_CONTEXT) or "cli")
    if why_not:
        return error_report(doc.path, why_not)
    assumed: list[str] = []
    if require_letter and "letter_type" not in given and letter.letter_type is LetterType.UNKNOWN:
        # a reply of no recognised type: rated as nothing, it would pass unassessed (most items
        # are asked only of a known type); the commonest kind, stage one, says what is missing
        facts = {**letter.facts, "letter_type": Fact("letter_type", LetterType.STAGE_ONE, "assumed")}
        letter = Letter(letter.doc, letter.parts, facts)
        assumed.append(f"the type of letter was not recognised, so it was checked as a stage one reply "
                       f"({stage_how(config.get(RUN_CONTEXT) or 'cli')} if it is another kind)")
    complaint_letter = letter_mod.analyse(normalise(complaint).doc) if complaint is not None else None
    results, findings, ctx = run_rules(letter, config, ruleset, complaint_letter)
    if not norm.identity:
        back = {id(f): norm.finding(f) for f in findings}
        findings = [back[id(f)] for f in findings]
        results = [replace(r, findings=tuple(back.get(id(f), f) for f in r.findings)) for r in results]
    findings = sort_findings(merge_findings(_dedupe(findings)))
    names = {r.name.upper(): r.code for r in ruleset.rules}
    findings, unused = suppress.apply(findings, directives, names)
    notes = [*assumed, *doc.notes, *ctx.notes]
    if ctx.memo.analysis is not None:
        notes.insert(len(doc.notes), f"language pipeline: {ctx.analysis.pipeline}")
    score = scoring.score(letter, results, findings, complaint_given=complaint is not None,
                          context=str(config.get(RUN_CONTEXT) or "cli"))
    return Report(
        path=doc.path, format=doc.format, facts=tuple(letter.facts.values()),
        results=tuple(results), findings=tuple(findings), score=score, notes=tuple(notes),
        unused_suppressions=tuple(problems + unused), letter=number,
    )


NOT_A_LETTER = ("does not look like a reply to a complaint (no 'Dear ...', no sign-off and no mention "
                "of a complaint or the CPS); {stage} to check it anyway")
COMPLAINANTS_LETTER = ("looks like the complainant's own letter, not a reply ({words!r}, and never 'your "
                       "complaint' or an apology); to check a reply against it, {complaint}; "
                       "{stage} to check it as a reply anyway")
_REPLY_WORDS = lazy_re(r"\b(?:complain\w*|CPS|Crown Prosecution|prosecut\w*|Victim Liaison|"
                          r"your (?:letter|e-?mail|concerns?))\b", re.IGNORECASE)
# the complainant writing: "I am writing to complain", "I wish to make a formal complaint", "my
# complaint"; a reply speaks of "your complaint", thanks or apologises
_COMPLAINING = lazy_re(
    r"\b(?:I|we) (?:am|are) writing to (?:make (?:a |an )?(?:formal |official )?complaint|(?:formally )?complain)"
    r"|\bI (?:wish|want|would like) to (?:make (?:a |an )?(?:formal |official )?complaint|(?:formally )?complain)"
    r"|\bmy complaint\b|\bI (?:am|was) not (?:happy|satisfied) with (?:your|the) (?:response|reply|decision)",
    re.IGNORECASE)
NOT_ENGLISH = ("appears not to be written in English (common English words such as 'the', 'and' and 'your' "
               "are {share:.0%} of its {words} words, over 20% in a letter in English); letterlint checks "
               "letters written in English")
# words that make up a fifth or more of any English letter (the corpus letters: 23% to 36%); a
# letter in Welsh has almost none (under 1%), a bilingual one about half as many as English
_COMMON_ENGLISH = frozenset({
    "the", "and", "to", "of", "you", "your", "we", "that", "is", "was", "for", "in", "this", "with",
    "have", "has", "not", "be", "are", "it", "our", "on", "as", "by", "at", "will", "were", "from",
    "an", "or", "which", "would", "been", "had"})
_WORD = lazy_re(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
NOT_ENGLISH_BELOW = 0.08  # share of common English words under which a letter is not in English
NOT_ENGLISH_MIN_WORDS = 40  # a shorter text says too little to tell


def not_english(text: str) -> str | None:
    """Why ``text`` is not a letter in English (a reply in Welsh, which CPS Cymru-Wales sends when
    asked), or None: fewer than 8% of its words (at least 40 of them) are among the commonest
    English words. Every English letter in the corpora has over 20%, a Welsh letter under 1%, a
    bilingual letter about half an English one's share (so it is checked). A letter in another
    language would otherwise draw a page of "misspellings" and a failing rating (breaker11 item 9)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < NOT_ENGLISH_MIN_WORDS:
        return None
    common = sum(w in _COMMON_ENGLISH for w in words)
    if common / len(words) >= NOT_ENGLISH_BELOW:
        return None
    return NOT_ENGLISH.format(share=common / len(words), words=len(words))


_REPLYING = lazy_re(r"\byour (?:complaint|concerns?|e-?mail|letter|feedback)\b|\bthank you for\b"
                       r"|\b(?:I am|I'm|I’m|we are|we're|we’re) (?:very |truly |so )?sorry\b"
                       r"|\b(?:I|we) (?:sincerely |unreservedly )?apologi[sz]e\b", re.IGNORECASE)
# the complainant's words quoted in a reply ("You wrote: 'I wish to make a formal complaint'")
# are not the file's own: they are left out before looking for the complainant writing
_QUOTED = lazy_re(r"[\"“][^\"”\n]{1,600}[\"”]|(?<![\w’'])['‘][^'’\n]{1,600}['’](?![\w’'])")


def not_a_reply(letter: Letter, context: object = "cli") -> str | None:
    """Why a file is not a reply to a complaint, or None when it may be one. Two kinds: a text
    that is no letter at all (no salutation, no sign-off, no recognised letter type and no word
    a complaint reply uses: a stray note in an outbox), and the complainant's own letter ("I am
    writing to complain", "my complaint", with no "your complaint", thanks or apology: the
    complaint kept beside its reply). Such a file is reported as not checked, with this cause,
    rather than rated as a reply. Measured: none of 295 corpus, example and case replies is
    refused; 44 of 64 complaint files are recognised (the rest are rated as replies, as before).
    A letter not written in English (``not_english``) is refused first."""
    text = letter.doc.text
    foreign = not_english(text)
    if foreign:
        return foreign
    complaining = _COMPLAINING.search(text) and _COMPLAINING.search(_QUOTED.sub(lambda m: " " * len(m.group(0)), text))
    if complaining and not _REPLYING.search(text):
        how = COMPLAINT_IN_BATCH if context == "batch" else complaint_how(context)
        return COMPLAINANTS_LETTER.format(words=complaining.group(0), stage=stage_how(context), complaint=how)
    if "salutation" in letter.parts or "valediction" in letter.parts:
        return None
    if letter.letter_type is not LetterType.UNKNOWN or _REPLY_WORDS.search(text):
        return None
    return NOT_A_LETTER.format(stage=stage_how(context))


def _overrides(config: Config, overrides: Mapping[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, cfg_key in (("letter_type", "letter.stage"), ("complaint_type", "letter.complaint_type"),
                         ("letter_date", "letter.date")):
        v = config.get(cfg_key)
        if v is not None:
            out[key] = v
    out.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return out


def check_path(
    path: Path,
    config: Config,
    overrides: Mapping[str, Any] | None = None,
    complaint_path: Path | None = None,
    ruleset: RuleSet | None = None,
    data: bytes | None = None,
) -> Report:
    """Check one file. A file that cannot be read gives a Report with ``error`` set. ``data``:
    the file's bytes, already read once by the caller (the batch cache keys on them)."""
    from letterlint import reading as readers

    max_bytes = int(config.get("input.max_bytes", 10 * 1024 * 1024))
    try:
        doc = readers.read(path, max_bytes=max_bytes, max_pages=int(config.get("input.max_pages", 30)),
                           data=data)
        if doc.front_matter:
            from letterlint.config.settings import check_front_matter

            notes = check_front_matter(doc.path, doc.front_matter)
            if notes:
                doc = replace(doc, notes=(*doc.notes, *notes))
    except InputError as exc:
        return error_report(str(path), exc.cause)
    complaint = None
    if complaint_path is not None:
        complaint = readers.read(complaint_path, max_bytes=max_bytes,
                                 max_pages=int(config.get("input.max_pages", 30)))  # InputError propagates
    return check_document(doc, config, ruleset, overrides, complaint, require_letter=True)


def is_not_a_reply(report: Report) -> bool:
    """Whether ``report`` is of a file :func:`not_a_reply` refused as no reply at all (a stray
    note) or as the complainant's own letter: readable, but not a letter to check. A reply in
    another language, or a file that could not be read, is not one of them."""
    cause = report.error or ""
    return cause.startswith((NOT_A_LETTER.split("(")[0], COMPLAINANTS_LETTER.split("(")[0]))


def error_report(path: str, cause: str) -> Report:
    """The Report of a file that could not be read: ``error`` is the one-line cause, no score."""
    return Report(path=path, format=Path(path).suffix.lstrip(".").lower(), facts=(), results=(),
                  findings=(), score=None, error=cause)


def fact_summary(facts: tuple[Fact, ...]) -> dict[str, Fact]:
    """The facts by name (the last of a name wins)."""
    return {f.name: f for f in facts}
