"""The grammar kind's matching plan (issue 15): trying a pattern only where its plan says a match
can start finds exactly the matches that trying every token finds, for every built-in grammar
rule, on the example letters and each rule's own examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from letterlint.checks import grammar
from letterlint.letter.nlp.pipeline import analyse
from letterlint.reading import read
from letterlint.rules.loader import ruleset_for
from tests.conftest import ROOT

RULES = [r for r in ruleset_for().rules if r.kind == "grammar"]


def _texts() -> list[str]:
    texts = [read(p).text for p in sorted((ROOT / "examples").glob("*.*")) if p.suffix in (".txt", ".md", ".docx")]
    for rule in RULES:
        texts += [rule.example.bad, rule.example.good]
    texts += [  # each kind of plan: a word at a fixed distance, a repeated word, a run, a regex first
        "I have went to the the court however the case was dropped. I apologise if this was late, it was not.",
        "We was told that a error had been made, and an CPS lawyer had spoke to you you.",
    ]
    return [t for t in texts if t]


def _every_start(pattern: grammar.TokenPattern, toks: grammar._Tokens) -> list[tuple[int, int, list[int]]]:
    out = []
    for start in range(len(toks.tokens)):
        matched = toks.match_at(pattern, start)
        if matched is not None:
            out.append((start, matched[0], matched))
    return out


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_planned_starts_find_every_match(rule: grammar.Rule) -> None:
    comp = rule.compiled
    tried = found = 0
    for text in _texts():
        analysis = analyse(text, use_trained=False)
        toks = grammar._Tokens(list(analysis.tokens), text, comp["sounds"])
        for pattern in comp["patterns"] + comp["exceptions"]:
            if pattern.uses_pos:
                continue
            planned = [(s, m) for s in toks.starts(pattern) if (m := toks.match_at(pattern, s)) is not None]
            brute = [(s, m) for s, _, m in _every_start(pattern, toks)]
            assert planned == brute, (rule.code, pattern.tokens[0], text[:80])
            tried += 1
            found += len(brute)
    assert tried


def test_plan_of_a_pattern() -> None:
    pats = grammar.compile({"patterns": [
        [{"is_alpha": True}, {"same_as": -1}],
        [{"regex": "[a-z]+"}, {"lower": "however"}, {"lower": ["this", "it"], "op": "?"}, {"lower": "was"}],
    ], "exceptions": [], "sounds_bank": "an-words"}, {})["patterns"]
    assert pats[0].repeats == ((1, 1),) and pats[0].anchors == ()
    assert pats[1].anchors == ((1, frozenset({"however"})),)
    assert pats[1].required == (frozenset({"however"}), frozenset({"was"}))  # "this" may be missing
    assert pats[0].flagged == pats[1].flagged == ()


def test_a_sentence_start_is_a_place_to_start() -> None:
    """A token at a fixed place that must start a sentence: a match starts only at a sentence's
    first word less that place, when there are fewer of those than of the token's words."""
    pat = grammar.compile({"patterns": [
        [{"is_sent_start": True, "lower": ["i", "we"]}, {"lower": "have"}, {"is_sent_start": True, "op": "?"}],
    ], "exceptions": [], "sounds_bank": "an-words"}, {})["patterns"][0]
    assert pat.flagged == ((0, "is_sent_start"),)  # the optional token's flag is no place to start
    text = "We have checked. Then we have written, and I have seen it. I have."
    toks = grammar._Tokens(list(analyse(text, use_trained=False).tokens), text, None)
    starts = list(toks.starts(pat))
    assert [toks.tokens[s].text for s in starts] == ["We", "Then", "I"]  # not "we" and "I" inside
    assert [toks.tokens[s].text for s in starts if toks.match_at(pat, s) is not None] == ["We", "I"]


def test_unit_without_a_needed_word_is_not_tried(tmp_path: Path) -> None:
    pat = grammar.compile({"patterns": [[{"lower": "have"}, {"lower": "went"}]], "exceptions": [],
                           "sounds_bank": "an-words"}, {})["patterns"][0]
    text = "We have gone to the court and have seen the file."
    toks = grammar._Tokens(list(analyse(text, use_trained=False).tokens), text, None)
    assert list(toks.starts(pat)) == []
    text = "We have went to the court."
    toks = grammar._Tokens(list(analyse(text, use_trained=False).tokens), text, None)
    assert list(toks.starts(pat)) == [1]
