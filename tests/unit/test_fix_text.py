"""`letterlint fix` on .txt and .md letters, the autofix declaration in rule files, and the
terminal report's word on each finding it can fix (issue 14)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from letterlint.errors import ConfigError
from letterlint.rules.loader import load_rule, ruleset_for
from tests.conftest import LETTER_TEMPLATE

BODY = ("I apologize for the the delay. The hearing at the magistrates court was moved and a "
        "goodwill payment of £150 is offered. If you are not satisfied with this reply, you can ask "
        "for your complaint to be reviewed at stage two by the Deputy Chief Crown Prosecutor. "
        "Please write to us within 28 days.")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``letterlint ARGS`` through its entry point, in this process."""
    from tests.workflow.clihelp import run as run_here

    return run_here(args, cwd)


def test_md_diff_writes_nothing_and_write_keeps_front_matter_and_crlf(tmp_path: Path) -> None:
    text = "---\nstage: stage-one\n---\n" + LETTER_TEMPLATE.format(body=BODY)
    draft = tmp_path / "draft.md"
    draft.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    res = run("fix", "draft.md", "--diff", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "-I apologize for the the delay." in res.stdout
    assert "+I apologise for the delay." in res.stdout
    assert "+++ draft.letterlint-fixed.md" in res.stdout
    assert not (tmp_path / "draft.letterlint-fixed.md").exists()
    res = run("fix", "draft.md", "--write", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    out = (tmp_path / "draft.letterlint-fixed.md").read_bytes().decode("utf-8")
    assert out.startswith("---\r\nstage: stage-one\r\n---\r\n") and "\n" not in out.replace("\r\n", "")
    assert "I apologise for the delay." in out
    assert "magistrates' court" in out and "£150" in out
    assert "within one calendar month of the date of this letter, that is by 3 December 2026." in out
    assert draft.read_bytes().decode("utf-8") == text.replace("\n", "\r\n")


def test_txt_default_writes_the_copy_and_says_what_is_left(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(LETTER_TEMPLATE.format(body=BODY), encoding="utf-8")
    res = run("fix", "draft.txt", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "draft.txt: 4 changes (LL112, LL402, LL501, LL508) in draft.letterlint-fixed.txt" in res.stderr
    nothing = tmp_path / "good.txt"
    nothing.write_text(LETTER_TEMPLATE.format(body="I have decided to uphold your complaint."), encoding="utf-8")
    res = run("fix", "good.txt", cwd=tmp_path)
    assert "nothing letterlint can correct safely" in res.stderr
    assert not (tmp_path / "good.letterlint-fixed.txt").exists()


def test_unknown_date_leaves_the_time_limit_to_a_person(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(LETTER_TEMPLATE.format(body=BODY).replace("3 November 2026\n", ""), encoding="utf-8")
    res = run("fix", "draft.txt", "--stage", "stage-one", "--diff", cwd=tmp_path)
    assert "calendar month" not in res.stdout and "+I apologise for the delay." in res.stdout  # the rest is fixed


def test_decisions_are_never_changed() -> None:
    from letterlint.fix import changes_decision

    assert changes_decision("not not", "not")
    assert changes_decision("£150", "£500")
    assert not changes_decision("apologize", "apologise")


@pytest.mark.parametrize("value, error", [
    ("fix: always", "fix: 'always' is not one of safe, suggested, none"),
    ("fix: sfae", "fix: 'sfae' is not one of safe, suggested, none (the advice for the writer goes under"),
    ("fix: {level: safe, insert: somewhere}", "fix.insert: 'somewhere' is not one of"),
    ("fix: {level: safe, how: replace}", "fix.how: unknown key"),
    ("fix: safe\nautofix: safe", "autofix: 'autofix' is the old name of 'fix': give one of them"),
    ("fix: Write it in British English.", "fix: give 'advice' for the advice text and 'fix' for safe"),
    ("autofix: always", "autofix: 'always' is not one of safe, suggested, none"),
    ("fxi: safe", "fxi: unknown key"),
])
def test_a_bad_fix_is_one_line_naming_the_file(tmp_path: Path, value: str, error: str) -> None:
    src = Path(ruleset_for().by_code("LL402").source).read_text(encoding="utf-8")  # type: ignore[union-attr]
    assert "\nfix: safe\n" in src and "\nadvice:" in src  # the documented keys (issue 14)
    path = tmp_path / "LL402-us-spelling.yaml"
    path.write_text(src.replace("fix: safe", value), encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_rule(path, ruleset_for().banks)
    assert str(exc.value).startswith(str(path)) and error in str(exc.value) and "\n" not in str(exc.value)


def test_older_rule_files_still_load(tmp_path: Path) -> None:
    """Advice under ``fix:`` and the declaration under ``autofix:`` (the form before issue 14)."""
    src = Path(ruleset_for().by_code("LL402").source).read_text(encoding="utf-8")  # type: ignore[union-attr]
    old = src.replace("fix: safe", "autofix: safe").replace("\nadvice:", "\nfix:")
    path = tmp_path / "LL402-us-spelling.yaml"
    path.write_text(old, encoding="utf-8")
    new = ruleset_for().by_code("LL402")
    rule = load_rule(path, ruleset_for().banks)
    assert new is not None and rule.fix == new.fix and rule.autofix == new.autofix
    path.write_text(old.replace("\nfix:", "\nhint:"), encoding="utf-8")
    with pytest.raises(ConfigError, match="hint: unknown key"):
        load_rule(path, ruleset_for().banks)
    path.write_text(old.replace("autofix: safe\n", "").replace("\nfix:", "\nwhy2:"), encoding="utf-8")
    with pytest.raises(ConfigError):
        load_rule(path, ruleset_for().banks)


def test_rules_lists_what_can_fix(tmp_path: Path) -> None:
    res = run("rules", cwd=tmp_path)
    rows = {line.split()[0]: line for line in res.stdout.splitlines() if line.startswith("LL")}
    assert rows["LL402"].rstrip().endswith("safe") and rows["LL111"].rstrip().endswith("suggested")
    assert not rows["LL231"].rstrip().endswith(("safe", "suggested"))  # a payment limit is never fixed


def test_never_through_a_link_onto_a_device_or_over_the_input(tmp_path: Path) -> None:
    import os

    draft = tmp_path / "draft.txt"
    draft.write_text(LETTER_TEMPLATE.format(body=BODY), encoding="utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (tmp_path / "draft.letterlint-fixed.txt").symlink_to(victim)
    res = run("fix", "draft.txt", "--force", cwd=tmp_path)
    assert res.returncode == 2 and "link" in res.stderr and victim.read_text(encoding="utf-8") == "keep me"
    os.link(draft, tmp_path / "hard.txt")
    res = run("fix", "draft.txt", "-o", "hard.txt", "--force", cwd=tmp_path)
    assert res.returncode == 2 and "input" in res.stderr
    res = run("fix", "draft.txt", "-o", "/dev/null", "--force", cwd=tmp_path)
    assert res.returncode == 2 and "/dev/null" in res.stderr
    assert draft.read_text(encoding="utf-8") == LETTER_TEMPLATE.format(body=BODY)


def _fixed(tmp_path: Path, body: str, *extra: str) -> tuple[str, str]:
    draft = tmp_path / "draft.txt"
    draft.write_text(LETTER_TEMPLATE.format(body=body), encoding="utf-8")
    out = tmp_path / "draft.letterlint-fixed.txt"
    out.unlink(missing_ok=True)
    res = run("fix", "draft.txt", *extra, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    return (out.read_text(encoding="utf-8") if out.exists() else ""), res.stderr


def _words(sentence: str) -> int:
    from letterlint.letter.nlp.readability import words

    return len(words(sentence))


def test_the_escalation_wording_never_makes_a_sentence_too_long(tmp_path: Path) -> None:
    # 27 words with the standard wording and the date in one sentence: over LL701's 25
    short = "If you are not satisfied with this reply, please write to us within 28 days."
    out, _ = _fixed(tmp_path, short)
    assert ("please write to us within one calendar month of the date of this letter. "
            "That is by 3 December 2026.") in out
    # words after the time limit stay in the first sentence; the date follows it
    long = ("If you are dissatisfied with this response, you may ask for your complaint to be looked at "
            "again by the Deputy Chief Crown Prosecutor within 20 working days, by writing to the "
            "address above.")
    out, _ = _fixed(tmp_path, long)
    first = ("If you are dissatisfied with this response, you may ask for your complaint to be looked at "
             "again by the Deputy Chief Crown Prosecutor within one calendar month of the date of this "
             "letter, by writing to the address above.")
    assert first + " That is by 3 December 2026." in out
    assert 25 < _words(first) <= 40 < _words(long.replace("20 working days", "one calendar month of the date "
                                                          "of this letter, that is by 3 December 2026"))
    # a short sentence keeps the one-sentence wording
    out, _ = _fixed(tmp_path, "You may ask for a review at stage two. Please write within 28 days.")
    assert "Please write within one calendar month of the date of this letter, that is by 3 December 2026." in out


def test_a_time_limit_that_ends_a_long_sentence_becomes_a_sentence_of_its_own(tmp_path: Path) -> None:
    """The README's own poor example: 'you can write to the Deputy Chief Crown Prosecutor within 28
    days.' is 20 words; the standard wording makes 27, and even without the date 27 (over LL701's
    25), so the time limit and its date follow in a sentence of their own (a new user saw fix
    leave LL112 alone, though it is a safe fix)."""
    sentence = ("If you are not satisfied with this response you can write to the Deputy Chief Crown "
                "Prosecutor within 28 days.")
    out, _ = _fixed(tmp_path, sentence)
    first = "If you are not satisfied with this response you can write to the Deputy Chief Crown Prosecutor."
    second = "Please do so within one calendar month of the date of this letter, that is by 3 December 2026."
    assert f"{first} {second}" in out
    assert _words(first) <= 25 and _words(second) <= 25


def test_the_limit_follows_the_clarity_settings(tmp_path: Path) -> None:
    (tmp_path / ".letterlint.yaml").write_text("clarity:\n  sentence_warning_words: 40\n", encoding="utf-8")
    out, _ = _fixed(tmp_path, "If you are not satisfied with this reply, please write to us within 28 days.")
    assert "within one calendar month of the date of this letter, that is by 3 December 2026." in out


def test_named_acts_and_plurals_keep_their_form(tmp_path: Path) -> None:
    body = ("The time limit is in s.127 Magistrates Courts Act 1980. The magistrates courts were closed. "
            "Your case went to the Magistrates' Court team.")
    out, _ = _fixed(tmp_path, body, "--suggested")
    assert "s.127 Magistrates' Courts Act 1980" in out
    assert "The magistrates' courts were closed." in out
    assert "went to the Magistrates' Court team" in out  # a CPS team named after the court keeps its capitals (LL509)


def test_fix_refuses_a_format_it_cannot_write_in_one_line(tmp_path: Path) -> None:
    mail = tmp_path / "reply.eml"
    mail.write_text("From: a@example.org\nSubject: Your complaint\n\n"
                    + LETTER_TEMPLATE.format(body="Please write within 28 days."), encoding="utf-8")
    res = run("fix", "reply.eml", cwd=tmp_path)
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [
        "letterlint: error: reply.eml: letterlint fix corrects .docx, .txt and .md files, not eml "
        "(use 'letterlint check' for the findings)"]
    assert "Traceback" not in res.stderr


STANDARD = "one calendar month of the date of this letter, that is by 3 December 2026"


@pytest.mark.parametrize("sentence, fixed", [
    ("Please write to us within 20 working days.", f"Please write to us within {STANDARD}."),
    ("Please write to us within 28 days.", f"Please write to us within {STANDARD}."),
    ("Please write to us within one month.", f"Please write to us within {STANDARD}."),
    ("Please write to us within a month of this letter.", f"Please write to us within {STANDARD}."),
    ("You have one month to ask for it.",
     "You have one calendar month from the date of this letter, that is until 3 December 2026, to ask for it."),
    # any other number, in figures or words (breaker: "within ten working days" drew LL111, and
    # the fix added a second escalation paragraph beside the wrong time limit)
    ("Please write to us within ten working days.", f"Please write to us within {STANDARD}."),
    ("Please write to us within 14 days of the date of this letter.", f"Please write to us within {STANDARD}."),
    ("Please write within two weeks of receipt of this letter.", f"Please write within {STANDARD}."),
    ("You may do so within six weeks.", f"You may do so within {STANDARD}."),
    # the standard's words without its starting point, or counted from receipt
    ("Please write to us within one calendar month.", f"Please write to us within {STANDARD}."),
    ("Please write within one calendar month of receiving this letter.", f"Please write within {STANDARD}."),
    # a date the writer gave goes with the wrong time limit (it came out as 'that is by ... That is by ...')
    ("Please write to us within 20 working days, that is by 10 December 2026.",
     f"Please write to us within {STANDARD}."),
    ("Please write to us within 28 days from today.", f"Please write to us within {STANDARD}."),
    ("You have 20 working days to do so.",
     "You have one calendar month from the date of this letter, that is until 3 December 2026, to do so."),
])
def test_each_wrong_time_limit_gets_the_standard_wording(tmp_path: Path, sentence: str, fixed: str) -> None:
    """Issue 14's three forms ("20 working days", "28 days", "one month"), the date worked out
    from the letter date (3 November 2026)."""
    body = "You can ask for your complaint to be reviewed at stage two. " + sentence
    out, err = _fixed(tmp_path, body, "--stage", "stage-one")
    assert fixed in out and sentence not in out, err
    assert out.count("calendar month") == 1, out  # corrected in place: no second escalation paragraph


@pytest.mark.parametrize("sentence", [
    # the reader's time limit for a Victims' Right to Review is not the complaint's
    "If you would like a Victims' Right to Review, please ask within 10 working days.",
    # the time the CPS takes to reply or to review is not the reader's time limit
    "If you ask for a review, the Deputy Chief Crown Prosecutor will reply within 10 working days.",
])
def test_other_time_limits_are_not_the_escalation_time_limit(tmp_path: Path, sentence: str) -> None:
    """Only the time limit for escalating is corrected: with none given, LL111 adds the paragraph
    and the other time limit is left as written."""
    body = "You can ask for your complaint to be reviewed at stage two. " + sentence
    out, err = _fixed(tmp_path, body, "--stage", "stage-one", "--suggested")
    assert sentence in out and out.count("within one calendar month of the date of this letter") == 1, err


def test_a_letter_with_the_standard_time_limit_keeps_its_other_time_limits(tmp_path: Path) -> None:
    body = ("We have added a reviewing lawyer, and files from the police are now reviewed within 15 working "
            "days. If you are not satisfied, you can ask for a stage two review. Please write to us within "
            "one calendar month of the date of this letter, that is by 3 December 2026.")
    out, err = _fixed(tmp_path, body, "--stage", "stage-one")
    assert "reviewed within 15 working days" in (out or body), err


def test_output_dash_prints_the_fixed_text_and_writes_no_file(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(LETTER_TEMPLATE.format(body=BODY), encoding="utf-8")
    before = draft.read_bytes()
    res = run("fix", "draft.txt", "-o", "-", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "I apologise for the delay." in res.stdout and "the the" not in res.stdout
    assert res.stdout.startswith(LETTER_TEMPLATE.format(body=BODY).splitlines()[0])
    assert "on standard output" in res.stderr
    assert not (tmp_path / "-").exists() and draft.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt"]
    both = run("fix", "draft.txt", "-o", "-", "--diff", cwd=tmp_path)
    assert both.returncode == 2 and "choose one" in both.stderr


@pytest.mark.parametrize("front, cause", [
    ("stage: 7", "front matter stage: must be acknowledgement, holding, stage-one or stage-two"),
    ("letter_date: 9999-12-31", "front matter letter_date: must be a date"),
])
def test_fix_refuses_the_front_matter_check_refuses(tmp_path: Path, front: str, cause: str) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(f"---\n{front}\n---\n" + LETTER_TEMPLATE.format(body=BODY), encoding="utf-8")
    checked = run("check", "draft.md", cwd=tmp_path)
    assert checked.returncode == 2 and cause in checked.stdout + checked.stderr
    for args in (("--diff",), ()):
        res = run("fix", "draft.md", *args, cwd=tmp_path)
        assert res.returncode == 2, res.stderr
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and "draft.md" in lines[0] and cause in lines[0], res.stderr
        assert not res.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.md"]


def test_a_text_letters_copy_is_never_named_as_a_word_file(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(LETTER_TEMPLATE.format(body=BODY), encoding="utf-8")
    res = run("fix", "draft.txt", "-o", "out.docx", cwd=tmp_path)
    assert res.returncode == 2
    assert res.stderr.strip() == ("letterlint: error: out.docx: the corrected copy of a .txt letter is text, "
                                  "not .docx (name it out.txt)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt"]


@pytest.mark.parametrize(("sentence", "fixed"), [
    # short: the acronym is spelt out in place
    ("You may wish to contact the IOPC about the police investigation.", True),
    # 24 words: spelt out, the sentence would pass LL701's 25 and the fix would add a finding
    ("I have read the whole file again and I think you may wish to contact the IOPC about the way the "
     "police investigation was run.", False),
])
def test_a_fix_never_makes_its_sentence_too_long(tmp_path: Path, sentence: str, fixed: bool) -> None:
    """An acronym spelt out (LL602) lengthens its sentence: when that would take the sentence past
    a readability limit it was under (LL701, 25 words), the fix is left to a person (a blind
    letter's fix added an LL701 finding)."""
    out, err = _fixed(tmp_path, sentence, "--stage", "stage-one")
    assert ("Independent Office for Police Conduct" in out) is fixed, (out, err)


def test_a_spelling_fix_never_brings_officialese(tmp_path: Path) -> None:
    """A misspelt officialese word ('commense') is reported with its spelling (LL401 suggests
    'commence'), but fix does not write 'commence', which LL603 would then flag (a blind
    letter's suggested fix added an LL603 finding); a plain misspelling is still corrected."""
    body = "I recieved your letter. The trial will commense next week."
    out, err = _fixed(tmp_path, body, "--stage", "stage-one", "--suggested")
    assert "I received your letter." in out, err
    assert "commense" in out and "commence" not in out, out
