"""`letterlint fix --suggested` (issue 14): the salutation put right for the addressee, the
missing escalation paragraph inserted before the valediction, the missing outcome inserted as
a sentence the writer must complete (never guessed); what the terminal report says about each
finding; and that no fix, safe or suggested, changes what the letter decides or pays."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import pytest

from letterlint.config.settings import Config
from letterlint.engine.check import check_path
from letterlint.fix.docx_changes import accept_all
from letterlint.fix.files import fix_file
from letterlint.reading import read
from tests.workflow.clihelp import run

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WHEN = dt.datetime(2026, 11, 30, 9, 30, tzinfo=dt.UTC)
PLACEHOLDER = "I have [upheld / partly upheld / not upheld] your complaint."
ESCALATION = ("If you are not satisfied with this reply, you can ask the Deputy Chief Crown Prosecutor to "
              "review your complaint at stage two. Please write to us within one calendar month of the "
              "date of this letter, that is by 3 December 2026.")
HEAD = ["Mrs Alex Example", "12 Sample Road", "Exampletown", "EX1 2AB", "", "3 November 2026", "",
        "Our reference: CPS-TEST-0001", "", "Dear Mr Example", "",  # Mr: the addressee is Mrs
        "Your complaint about the case against Mr Jones", ""]
# The body admits a fault, so a guesser would say "upheld"; it never says so, and has no
# escalation paragraph at all.
BODY = ["Thank you for your letter of 20 October 2026 about the way we kept you informed about the "
        "case against Mr Jones. I am sorry that you did not hear from us before the hearing on 4 May "
        "was moved.", "",
        "I have looked at the file. The letter telling you about the new date was sent to an old "
        "address, and we should have checked it with the police. I apologize for that. I have "
        "reminded the team to check addresses before writing to victims.", ""]
TAIL = ["Yours sincerely", "", "Sam Writer", "District Crown Prosecutor", "CPS Wessex Victim Liaison Unit",
        "Telephone: 0300 123 4567", "Email: wessex.vlu@cps.gov.uk"]


def _config() -> Config:
    cfg = Config()
    cfg.set("nlp.trained", False, "test")
    return cfg


def _codes(path: Path) -> list[str]:
    return sorted(f.code for f in check_path(path, _config(), {"stage": "stage-one"}).active_findings)


def _blocks(stdout: str) -> dict[str, str]:
    """Each finding's lines in the terminal report, whitespace joined, by rule code."""
    out: dict[str, str] = {}
    code = None
    for line in stdout.splitlines():
        m = re.match(r"^\s+(?:error|warning|info)\s+(LL\d+)\b", line)
        if m:
            code = m.group(1)
            out[code] = ""
        elif code and (not line.strip() or not line.startswith(" " * 8)):
            code = None
        if code:
            out[code] += " " + line.strip()
    return {k: " ".join(v.split()) for k, v in out.items()}


def test_the_terminal_report_says_what_fix_can_do_per_finding(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("\n".join(HEAD + BODY + TAIL) + "\n", encoding="utf-8")
    res = run(["check", "draft.txt", "--stage", "stage-one"], tmp_path)
    blocks = _blocks(res.stdout)
    assert blocks["LL402"].endswith("'letterlint fix' can make this change for you.")
    assert blocks["LL331"].endswith("'letterlint fix --suggested' can make this change for you.")
    assert blocks["LL111"].endswith("'letterlint fix --suggested' adds this paragraph.")
    assert blocks["LL101"].endswith("'letterlint fix --suggested' adds a sentence for you to complete: "
                                    + PLACEHOLDER)
    # a finding no fix can make says nothing about fix
    res = run(["check", "draft.txt"], tmp_path)  # no stage: LL7xx etc. as found
    other = {k: v for k, v in _blocks(res.stdout).items() if k not in ("LL402", "LL331", "LL111", "LL101")}
    assert all("letterlint fix" not in v for v in other.values())


def _check_suggested_text(text: str) -> None:
    paras = [p for p in text.split("\n\n") if p.strip()]
    assert "Dear Mrs Example" in paras and "Dear Mr Example" not in text
    # the outcome sentence for the writer to complete, after the opening paragraph: never a guess
    assert paras[paras.index(PLACEHOLDER) - 1].startswith("Thank you for your letter")
    assert not re.search(r"\b(?:I|we) (?:have )?(?:decided to )?uphold", text)
    # the escalation paragraph right before the valediction
    assert paras[paras.index("Yours sincerely") - 1] == ESCALATION


def test_suggested_fixes_in_a_text_letter(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("\n".join(HEAD + BODY + TAIL) + "\n", encoding="utf-8")
    out = tmp_path / "draft.letterlint-fixed.txt"
    safe = fix_file(draft, _config(), overrides={"stage": "stage-one"}, when=WHEN)
    assert sorted(f.code for c in safe.made for f in c.findings) == ["LL402"]  # safe ones only
    assert safe.needs_suggested == 3
    out.unlink()
    result = fix_file(draft, _config(), overrides={"stage": "stage-one"}, suggested=True, when=WHEN)
    assert sorted(f.code for c in result.made for f in c.findings) == ["LL101", "LL111", "LL331", "LL402"]
    text = out.read_text(encoding="utf-8")
    _check_suggested_text(text)
    # what is left is the writer's choice of outcome, and nothing new
    assert _codes(out) == ["LL101"]
    again = fix_file(out, _config(), overrides={"stage": "stage-one"}, suggested=True, write=False, when=WHEN)
    assert again.made == []  # the sentence is not inserted twice


def test_suggested_fixes_in_a_word_letter(tmp_path: Path) -> None:
    d = docx.Document()
    for line in HEAD + BODY + TAIL:
        if line:
            d.add_paragraph(line)
    draft = tmp_path / "draft.docx"
    d.save(str(draft))
    result = fix_file(draft, _config(), overrides={"stage": "stage-one"}, suggested=True, when=WHEN)
    assert result.out is not None and not result.left
    fixed = docx.Document(str(result.out))
    paras = fixed.paragraphs
    texts = ["".join(t.text or "" for t in p._p.iter(f"{W}t")) for p in paras]  # with the w:ins runs
    # each new paragraph: its mark and its runs inserted by letterlint, formatted like the others
    for words in (PLACEHOLDER, ESCALATION):
        p = paras[texts.index(words)]
        mark = p._p.find(f"{W}pPr/{W}rPr/{W}ins")
        assert mark is not None and mark.get(f"{W}author") == "letterlint"
        ins = p._p.findall(f"{W}ins")
        assert ins and all(i.get(f"{W}author") == "letterlint" for i in ins)
        assert p._p.find(f"{W}r/{W}t") is None  # every word of it is inside the w:ins
    assert texts[texts.index("Yours sincerely") - 1] == ESCALATION
    assert texts[texts.index(PLACEHOLDER) - 1].startswith("Thank you for your letter")
    comments = {c.text.split(": ")[0].split()[-1]: c.text for c in fixed.comments}
    assert "A suggested change: check it before you accept it. Complete or delete the words in brackets." \
        in next(t for t in comments.values() if "LL101" in t)
    assert "A suggested change" in next(t for t in comments.values() if "LL111" in t)
    assert "A suggested change" not in next(t for t in comments.values() if "LL402" in t)  # a safe one
    accepted = tmp_path / "accepted.docx"
    accepted.write_bytes(accept_all(result.out.read_bytes()))
    _check_suggested_text(read(accepted).text)
    assert _codes(accepted) == ["LL101"]


@pytest.mark.parametrize("sentence, code", [
    # a repeated word whose removal would change the decision or the sum is never removed
    ("I have decided not not to uphold your complaint.", "LL501"),
    ("I have decided to uphold uphold your complaint.", "LL501"),
])
def test_no_fix_changes_the_decision(tmp_path: Path, sentence: str, code: str) -> None:
    body = ("Thank you for your letter. I am sorry for the delay in writing to you. " + sentence
            + " I offer you a consolatory payment of £150 for the distress the delay caused.")
    draft = tmp_path / "draft.txt"
    draft.write_text("\n".join([*HEAD[:9], "Dear Mrs Example", "", body, "", *TAIL]) + "\n", encoding="utf-8")
    report = check_path(draft, _config())
    finding = next(f for f in report.active_findings if f.code == code)
    assert finding.autofix is None  # reported for a person, never corrected
    result = fix_file(draft, _config(), suggested=True, when=WHEN)
    fixed = (tmp_path / "draft.letterlint-fixed.txt").read_text(encoding="utf-8")
    assert "LL230" in {f.code for c in result.made for f in c.findings}
    assert sentence in fixed and "goodwill payment of £150 for the distress" in fixed


def test_a_misspelling_is_corrected_only_when_the_first_suggestion_is_clearly_best(tmp_path: Path) -> None:
    """"recieve": receive is far more common than relieve, so --suggested makes it; "lates"
    (rates? latest? later?) is left to the writer, with no fix offered."""
    body = ("Thank you for your letter. I am sorry you did not recieve our letter of 4 May. "
            "The lates letter went to your old address. I have decided to uphold your complaint.")
    draft = tmp_path / "draft.txt"
    draft.write_text("\n".join([*HEAD[:9], "Dear Mrs Example", "", body, "", *TAIL]) + "\n", encoding="utf-8")
    found = {f.quote: f for f in check_path(draft, _config()).active_findings if f.code == "LL401"}
    assert found["recieve"].autofix is not None and found["recieve"].autofix.level == "suggested"
    assert found["recieve"].autofix.text == "receive" and found["lates"].autofix is None
    assert fix_file(draft, _config(), write=False, when=WHEN).made == []  # not a safe fix
    result = fix_file(draft, _config(), suggested=True, when=WHEN)
    text = (tmp_path / "draft.letterlint-fixed.txt").read_text(encoding="utf-8")
    assert [c.fix.text for c in result.made if c.findings[0].code == "LL401"] == ["receive"]
    assert "did not receive our letter" in text and "The lates letter" in text
