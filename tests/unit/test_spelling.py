"""Spelling: the en_GB speller, what the spelling check leaves alone, and clean letters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from letterlint.config.settings import Config
from letterlint.engine.check import check_path
from letterlint.letter.nlp.spelling import Speller, speller, vocabulary_words
from letterlint.rules.loader import RuleSet, ruleset_for
from tests.conftest import ROOT, read_yaml, wrap_letter

RULESET = ruleset_for()


def _findings(text: str, tmp_path: Path, prefix: str = "LL4", config: dict[str, Any] | None = None) -> list[Any]:
    path = tmp_path / "letter.txt"
    path.write_text(wrap_letter(text), encoding="utf-8")
    cfg = Config()
    for k, v in (config or {}).items():
        cfg.set(k, v, "test")
    rules = tuple(r for r in RULESET.rules if r.code.startswith(prefix))
    report = check_path(path, cfg, {"letter_type": "stage-one"}, None, RuleSet(rules, RULESET.banks))
    assert not [r for r in report.results if r.status == "errored"]
    return [f for f in report.findings if f.code.startswith(prefix)]


def test_speller_knows_british_words_and_extra_words() -> None:
    sp = speller()
    assert sp.known("organisation") and sp.known("colour") and sp.known("Complainant")
    assert not sp.known("apoligise") and not sp.known("curtesy") and not sp.known("color")
    assert Speller({"Szczepański"}).known("szczepański")
    assert sp.with_words(["Okonkwo"]).known("Okonkwo") and not sp.known("Okonkwo")


@pytest.mark.parametrize(("wrong", "right"), [
    ("apoligise", "apologise"), ("curtesy", "courtesy"), ("recieved", "received"),
    ("definately", "definitely"), ("seperate", "separate"), ("Definately", "Definitely"),
    # at the same distance, a letter left out comes before a letter typed wrong ('lease')
    ("liase", "liaise"),
])
def test_best_suggestion_first(wrong: str, right: str) -> None:
    assert speller().suggest(wrong)[0] == right


def test_suggestions_prefer_ise() -> None:
    assert "apologise" in speller().suggest("apologyse")
    assert not any("iz" in s for s in speller().suggest("realiise"))


def test_vocabulary_words_split_phrases_and_skip_patterns() -> None:
    assert vocabulary_words(["Snaresbrook Crown Court", "re:\\bfoo\\b", "magistrates' court"]) == {
        "snaresbrook", "crown", "court", "magistrates",
    }


def test_message_and_suggestion(tmp_path: Path) -> None:
    [f] = _findings("I apoligise for the delay.", tmp_path, "LL401")
    assert f.quote == "apoligise" and f.suggestion == "apologise" and f.item == "Q22"
    assert "Did you mean 'apologise'" in f.message


def test_subject_line_is_checked(tmp_path: Path) -> None:
    letter = wrap_letter("Thank you for your letter.").replace(
        "Your complaint about the case", "Your complaint about the recieved case")
    found = _findings(letter, tmp_path, "LL401")
    assert [f.quote for f in found] == ["recieved"]


def test_things_that_are_not_words_are_skipped(tmp_path: Path) -> None:
    text = (
        "Write to wessex.vlu@cps.gov.uk or see https://www.cps.gov.uk/complaints-procedur or "
        "cps.gov.uk. Your reference is WX-2026-Qzrt19 and the form is MG6C. The postcode is "
        "SO23 9EL. The HMCPSI and the IOPC agree. See file notes_v2.docx and annex.pdf. "
        "(ii) The Qwertyuiop Centre is in Exampletown."
    )
    assert _findings(text, tmp_path, "LL401") == []


def test_names_from_the_letter_are_known_everywhere(tmp_path: Path) -> None:
    letter = wrap_letter("Thank you. Zbigniewska was not told.").replace(
        "Mrs Alex Example", "Mrs Alex Zbigniewska")
    assert _findings(letter, tmp_path, "LL401") == []


def test_sentence_initial_misspelling_caught_but_name_is_not(tmp_path: Path) -> None:
    found = _findings("Unfortunatly the trial was moved. Okafor said nothing.", tmp_path, "LL401")
    assert [f.quote for f in found] == ["Unfortunatly"]


def test_hyphenated_compound_checked_part_by_part(tmp_path: Path) -> None:
    found = _findings("This was a long-standing and well-knwon problem.", tmp_path, "LL401")
    assert [f.quote for f in found] == ["knwon"]


def test_config_accept(tmp_path: Path) -> None:
    assert _findings("The Brimblecombe scheme helps.", tmp_path, "LL401") == []  # a name
    assert [f.quote for f in _findings("We use brimblecombe forms.", tmp_path, "LL401")] == ["brimblecombe"]
    assert _findings("We use brimblecombe forms.", tmp_path, "LL401",
                     {"spelling.accept": ["Brimblecombe"]}) == []


def test_us_spelling_not_reported_twice(tmp_path: Path) -> None:
    found = _findings("The color of the car was not recorded.", tmp_path)
    assert [(f.code, f.quote, f.suggestion) for f in found] == [("LL402", "color", "colour")]


def test_us_spelling_keeps_capital(tmp_path: Path) -> None:
    [f] = _findings("Apologize is not a word we use.", tmp_path, "LL402")
    assert f.suggestion == "Apologise"


CLEAN = [ROOT / "examples" / "stage-one-good.docx", ROOT / "examples" / "stage-two-legal.docx"]


def _corpus_clean() -> list[Path]:
    labels = read_yaml(ROOT / "tests" / "corpus" / "labels.yaml")
    out = []
    for entry in labels["letters"]:
        if not any(f.get("item") == "Q22" for f in entry.get("findings") or []):
            out.append(ROOT / "tests" / "corpus" / "letters" / entry["file"])
    return out


@pytest.mark.parametrize("path", CLEAN + _corpus_clean(), ids=lambda p: p.name)
def test_clean_letters_have_no_spelling_findings(path: Path) -> None:
    rules = tuple(r for r in RULESET.rules if r.code.startswith("LL4"))
    report = check_path(path, Config(), None, None, RuleSet(rules, RULESET.banks))
    assert report.error is None
    found = [(f.code, f.quote) for f in report.findings if f.code.startswith("LL4")]
    assert found == []
