"""Grammar (Q23): the token-pattern kind, the a/an sound table and the built-in LL5xx rules,
with and without a trained spaCy pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from letterlint.checks import _grammar_sound as sound
from letterlint.checks import grammar
from letterlint.config.settings import Config
from letterlint.engine.check import check_path
from letterlint.rules.loader import RuleSet, load_rule, ruleset_for
from letterlint.rules.spec import PhraseBank
from tests.conftest import ROOT, read_yaml, wrap_letter

# the built-in rule set as kept (loading each rule file again took a second of every session)
KEPT = ruleset_for()
BANKS: dict[str, PhraseBank] = {"an-words": KEPT.banks["an-words"]}
RULE_FILES = sorted((ROOT / "rules").glob("LL5[0-8]*.yaml"))
RULES = tuple(KEPT.by_code(p.name.split("-")[0]) or load_rule(p, BANKS) for p in RULE_FILES
              if "languagetool" not in p.name)
SOUNDS = sound.table(BANKS["an-words"])


def _report(text: str, tmp_path: Path, trained: bool = True, rules: tuple[Any, ...] = RULES) -> Any:
    path = tmp_path / "letter.txt"
    path.write_text(wrap_letter(text), encoding="utf-8")
    cfg = Config()
    cfg.set("nlp.trained", trained, "test")
    report = check_path(path, cfg, {"letter_type": "stage-one"}, None, RuleSet(rules, BANKS))
    errored = [r for r in report.results if r.status == "errored"]
    assert not errored, errored[0].detail
    return report


@pytest.mark.parametrize(("word", "expected"), [
    ("error", "vowel"), ("hour", "vowel"), ("honest", "vowel"), ("university", "consonant"),
    ("one", "consonant"), ("useful", "consonant"), ("European", "consonant"), ("unfair", "vowel"),
    ("urgent", "vowel"), ("unopened", "vowel"), ("unannounced", "vowel"), ("unanimous", "consonant"),
    ("MG5", "vowel"), ("IAC", "vowel"), ("NHS", "vowel"), ("CPS", "consonant"), ("VRR", "consonant"),
    ("SARC", "consonant"), ("ISVA", "vowel"), ("8", "vowel"), ("18", "vowel"), ("11,000", "vowel"),
    ("110", "consonant"), ("2019", "consonant"), ("X", "vowel"), ("‘error", "vowel"),
    ("HMRC", None), ("historic", None), ("Uber", None), ("uninformed", None), ("b", None), ("-", None),
])
def test_first_sound(word: str, expected: str | None) -> None:
    assert sound.first_sound(word, "", SOUNDS) == expected


def test_sound_bank_needs_an_article() -> None:
    bad = PhraseBank("x", "x", (BANKS["an-words"].entries[0].__class__("hour", replacement="the"),))
    with pytest.raises(ValueError, match="a, an or either"):
        sound.table(bad)


@pytest.mark.parametrize(("params", "error"), [
    ({"patterns": []}, "at least one"),
    ({"patterns": [[{"colour": "red"}]]}, "unknown token constraint 'colour'"),
    ({"patterns": [[{"lower": False}]]}, "a string or a list of strings"),
    ({"patterns": [[{"lower": "a", "op": "?"}]]}, "first token cannot be optional"),
    ({"patterns": [[{"lower": "a"}, {"same_as": -2}]]}, "points before the first token"),
    ({"patterns": [{"tokens": [{"lower": "a"}], "mark": [0, 2]}]}, "mark"),
    ({"patterns": [[{"regex": "("}]]}, "regex"),
    ({"patterns": [[{"sound": "loud"}]]}, "vowel or consonant"),
    ({"patterns": [[{"lower": "a"}, {"op": "+"}]]}, "'\\?' .* or '\\*'"),
    ({"patterns": [[{"lower": "a"}, {"op": "*"}]]}, "last token cannot be op"),
    ({"patterns": [{"tokens": [{"lower": "a"}, {"op": "*"}, {"lower": "b"}], "mark": [1, 3]}]}, "op '\\*'"),
])
def test_bad_params_are_refused_with_a_reason(params: dict[str, Any], error: str) -> None:
    full = {"exceptions": [], "sounds_bank": "an-words", **params}
    with pytest.raises(ValueError, match=error):
        grammar.compile(full, BANKS)


@pytest.mark.parametrize(("token", "error"), [
    ({"bank": "no-such-bank"}, "unknown phrase bank 'no-such-bank'"),
    ({"bank": "shortened-forms"}, "is not one plain word"),  # its entries are regular expressions
    ({"bank": "an-words"}, "is not one plain word"),  # its entries are prefixes
    ({"bank": 3}, "a phrase bank id or a list of them"),
    ({"not": {"bank": "no-such-bank"}}, "tokens\\[0\\].not.bank: unknown phrase bank"),
])
def test_a_token_bank_must_be_single_words(token: dict[str, Any], error: str) -> None:
    params = {"patterns": [[token]], "exceptions": [], "sounds_bank": "an-words"}
    with pytest.raises(ValueError, match=error):
        grammar.compile(params, KEPT.banks)


def test_a_token_bank_is_its_words_with_lower_too(tmp_path: Path) -> None:
    """``bank``: the token is one of the bank's words (any case), or of ``lower`` beside it."""
    params = {"patterns": [{"tokens": [{"bank": "people-plurals", "lower": ["courts"]},
                                       {"bank": "owned-nouns", "not": {"lower": ["evidence"]}}]}],
              "exceptions": [], "sounds_bank": "an-words"}
    compiled = grammar.compile(params, KEPT.banks)
    first, second = compiled["patterns"][0].tokens
    assert {"victims", "magistrates", "courts"} <= first.values["lower"]
    assert "decision" in second.values["lower"] and second.negated is not None
    rule = KEPT.by_code("LL506")
    assert rule is not None
    found = [f.quote for f in _report("The Magistrates decision was read to the jurors family.", tmp_path,
                                      rules=(rule,)).findings if f.code == "LL506"]
    assert found == ["Magistrates decision", "jurors family"]


def test_shape() -> None:
    assert grammar.shape_of("Crown") == "Xxxxx"
    assert grammar.shape_of("MG5") == "XXd"
    assert grammar.shape_of("20250101") == "dddd"


@pytest.mark.parametrize("trained", [pytest.param(True, marks=pytest.mark.slow), False])  # slow: every fixture again
def test_fixtures_hold_with_and_without_a_trained_pipeline(trained: bool, tmp_path: Path) -> None:
    """Every LL5xx fixture case, once with the trained pipeline and once with spaCy's blank one."""
    problems = []
    for fx in sorted((ROOT / "tests" / "rules").glob("LL5*.yaml")):
        data = read_yaml(fx)
        [rule] = [r for r in RULES if r.code == data["rule"]] or [None]
        if rule is None or ("pos" in rule.requires and not trained):
            continue
        for outcome in ("pass", "fail"):
            for case in data.get(outcome) or []:
                case = {"text": case} if isinstance(case, str) else case
                report = _report(case["text"], tmp_path, trained, (rule,))
                found = [f.quote for f in report.findings if f.code == rule.code]
                if (outcome == "pass") == bool(found):
                    problems.append(f"{rule.code} {outcome}: {case['text'][:60]!r} -> {found}")
    assert not problems, "\n".join(problems)


def test_suggestion_keeps_the_capital_and_message_names_it(tmp_path: Path) -> None:
    report = _report("A error was made. You should of been told.", tmp_path)
    by_code = {f.code: f for f in report.findings}
    assert by_code["LL502"].quote == "A error" and by_code["LL502"].suggestion == "An error"
    assert by_code["LL503"].suggestion == "should have"
    assert "should have" in by_code["LL503"].message


def test_a_run_token_takes_any_number_of_words_within_its_limits(tmp_path: Path) -> None:
    tokens = [{"lower": "i", "is_sent_start": True}, {"op": "*", "not": {"lower": [",", "if"]}},
              {"lower": ","}, {"lower": "it"}, {"lower": "was"}]
    params = {"patterns": [{"tokens": tokens, "mark": [2, 5]}], "exceptions": [], "sounds_bank": "an-words"}
    rule = RULES[0].__class__(**{**RULES[0].__dict__, "code": "LL599", "scope": "sentence", "params": params,
                                 "compiled": grammar.compile(params, BANKS)})
    text = ("I have read the whole file twice, it was sent on time. I would help if asked, it was late. "
            "I, it was said, agreed.")
    found = [f for f in _report(text, tmp_path, False, (rule,)).findings if f.code == "LL599"]
    # a run of six words and a run of none; never across a word the run may not take ("if")
    assert [f.quote for f in found] == [", it was", ", it was"]


def test_curly_apostrophes_count_as_straight_ones(tmp_path: Path) -> None:
    report = _report("I have read you’re complaint. It shouldn’t of happened.", tmp_path)
    assert {f.code for f in report.findings} >= {"LL520", "LL503"}


def test_a_pattern_that_needs_parts_of_speech_is_left_out_without_them(tmp_path: Path) -> None:
    params = {"patterns": [[{"pos": "PROPN"}]], "exceptions": [], "sounds_bank": "an-words"}
    rule = RULES[0].__class__(**{**RULES[0].__dict__, "code": "LL599", "params": params,
                                 "compiled": grammar.compile(params, BANKS)})
    with_pos = _report("Mrs Patel called.", tmp_path, True, (rule,))
    without = _report("Mrs Patel called.", tmp_path, False, (rule,))
    assert any(f.code == "LL599" for f in with_pos.findings)
    assert not [f for f in without.findings if f.code == "LL599"]


CLEAN_LETTER = """
Thank you for your letter of 2 October 2026 about the case against Mr Jones, which was heard
at Exampletown Magistrates' Court and later at the Crown Court. I am sorry that you had to
write to us, and I understand how upsetting the last year has been for you and your family.

You told us that nobody explained why the charge was changed. Having looked at the file, I
can see that the prosecutor should have spoken to you before the hearing. That did not
happen, and it should have. I uphold this part of your complaint. We have reminded the team
of the Victims' Code, and an experienced lawyer now checks every file of this kind.

You also asked whether there was enough evidence to charge a second person. The police sent
an MG5 and a statement from a witness, and a lawyer reviewed them under the Code for Crown
Prosecutors. There was not enough evidence, so I do not uphold this part of your complaint.

If you are not satisfied, you can ask for a review at stage two. Please write to us within
one calendar month of the date of this letter, quoting your reference. You're welcome to
call me if that would help; their team and ours will make sure that a one-off meeting can be
arranged within an hour's journey of your home.
"""


@pytest.mark.parametrize("trained", [True, False])
def test_a_clean_british_letter_has_no_grammar_findings(trained: bool, tmp_path: Path) -> None:
    report = _report(CLEAN_LETTER, tmp_path, trained)
    assert not report.findings, [(f.code, f.quote) for f in report.findings]
