from __future__ import annotations

from pathlib import Path

import pytest

from letterlint.errors import ConfigError
from letterlint.rules.loader import load_bank, load_rule, load_ruleset, ruleset_for

GOOD = """\
code: LL890
name: test-rule
group: jargon
item: Q24
severity: warning
scope: sentence
kind: existence
params:
  patterns: ["pursuant to"]
message: "Avoid '{match}'."
why: "Lay readers do not understand it, HMCPSI 7.3."
fix: "Write 'under' instead."
example:
  bad: "pursuant to the Code"
  good: "under the Code"
"""


def write(tmp_path: Path, text: str, name: str = "LL890-test-rule.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_builtin_rules_and_banks_load() -> None:
    rs = ruleset_for()
    assert rs.by_code("LL101") is not None
    assert rs.by_code("outcome-not-stated") is rs.by_code("LL101")


def test_a_good_rule_loads(tmp_path: Path) -> None:
    rule = load_rule(write(tmp_path, GOOD), {})
    assert rule.code == "LL890" and rule.params["first_only"] is False


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        (("severity: warning", "severity: fatal"), "severity", "'fatal' is not one of error, warning, info"),
        (("kind: existence", "kind: magic"), "kind", "unknown check kind 'magic'"),
        (("code: LL890", "code: X1"), "code", "LL followed by three digits"),
        (("scope: sentence", "scope: page"), "scope", "letter | body | paragraph"),
        (("item: Q24", "item: question 24"), "item", "questionnaire item"),
        (("  patterns: [\"pursuant to\"]", "  patterns: [\"re:(a+)+$\"]"), "params", "nested"),
        (("  patterns: [\"pursuant to\"]", "  patterns: [\"x\"]\n  colour: red"), "params.colour", "unknown"),
        (("message: \"Avoid '{match}'.\"\n", ""), "message", "required"),
        (("group: jargon", "group: jargon\nflavour: mild"), "flavour", "unknown key"),
    ],
)
def test_bad_rules_name_file_field_and_problem(tmp_path: Path, change: tuple[str, str], field: str,
                                               problem: str) -> None:
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(ConfigError) as err:
        load_rule(path, {})
    assert str(err.value).startswith(f"{path}: {field}: ")
    assert problem in str(err.value)


def test_yaml_aliases_are_refused(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    path = write(tmp_path, bomb + GOOD)
    with pytest.raises(ConfigError, match="aliases"):
        load_rule(path, {})


def test_malformed_yaml_gives_a_line(tmp_path: Path) -> None:
    path = write(tmp_path, "code: [unclosed\n")
    with pytest.raises(ConfigError, match=r"line \d+: invalid YAML"):
        load_rule(path, {})


def test_duplicate_codes_in_one_folder_are_refused(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    write(tmp_path, GOOD.replace("name: test-rule", "name: other-rule"), "LL890-other.yaml")
    with pytest.raises(ConfigError, match="already used"):
        load_ruleset([tmp_path], [])


def test_bank_validation(tmp_path: Path) -> None:
    p = tmp_path / "words.yaml"
    p.write_text("id: words\ndescription: d\nentries:\n  - phrase: ok\n  - {phrase: x, colour: red}\n")
    with pytest.raises(ConfigError, match=r"entries\[1\]\.colour: unknown key"):
        load_bank(p)
    p.write_text("id: other\ndescription: d\nentries: [a]\n")
    with pytest.raises(ConfigError, match="must match the file name"):
        load_bank(p)


def test_an_area_folder_adds_a_rule_without_python(tmp_path: Path) -> None:
    from letterlint.rules.loader import builtin_dir

    write(tmp_path, GOOD)
    rs = load_ruleset([builtin_dir("rules"), tmp_path], [builtin_dir("phrasebanks")])
    assert rs.by_code("LL890") is not None and rs.by_code("LL101") is not None


def test_fast_yaml_loader_reads_every_bundled_file_as_the_pure_one_does() -> None:
    import yaml

    from letterlint.rules import yamlsafe
    from tests.conftest import ROOT

    files = sorted([*ROOT.glob("rules/*.yaml"), *ROOT.glob("phrasebanks/*.yaml"),
                    *ROOT.glob("src/letterlint/data/*.yaml")])
    assert len(files) > 60
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert yamlsafe.loads(text, str(path)) == yaml.load(text, Loader=yamlsafe._NoAliasLoader), path


# ------------------------------------------------------------ typos in an Area rule (issue 11)

SENTENCE_RULE = GOOD.replace("kind: existence\nparams:\n  patterns: [\"pursuant to\"]",
                             "kind: metric\nparams:\n  measure: sentence_words\n  max: 25\n"
                             "  max_setting: clarity.sentence_warning_words")


@pytest.mark.parametrize(
    ("text", "field", "problem"),
    [
        # an unknown key
        (GOOD.replace("message:", "mesage:"), "mesage", "unknown key (did you mean 'message'?)"),
        (GOOD.replace("example:\n  bad:", "example:\n  bda:"), "example.bda", "did you mean 'bad'?"),
        # a misspelt placeholder would be printed as it is
        (GOOD.replace("Avoid '{match}'.", "Write by {escalation_dat}."), "message",
         "unknown placeholder {escalation_dat} (did you mean 'escalation_date'?)"),
        (GOOD.replace("fix: \"Write 'under' instead.\"", "fix: \"Say {sugestion}.\""), "fix",
         "did you mean 'suggestion'?"),
        # an unknown setting name would fall back to the default without a word
        (SENTENCE_RULE.replace("clarity.sentence_warning_words", "clarity.sentence_warning_word"),
         "params.max_setting", "unknown setting 'clarity.sentence_warning_word' "
                               "(did you mean 'clarity.sentence_warning_words'?)"),
        # an unknown parameter, kind or phrase bank
        (GOOD.replace("  patterns:", "  first_onyl: true\n  patterns:"), "params.first_onyl",
         "did you mean 'first_only'?"),
        (GOOD.replace("kind: existence", "kind: existance"), "kind", "did you mean 'existence'?"),
        (GOOD.replace('["pursuant to"]', "[{bank: jargn}]"), "params", "unknown phrase bank 'jargn' "
                                                                      "(did you mean 'jargon'?)"),
        # a questionnaire item scoring.yaml does not answer
        (GOOD.replace("item: Q24", "item: Q42"), "item", "'Q42' is not a questionnaire item of scoring.yaml"),
        (GOOD.replace("severity: warning", "severity: warnign"), "severity", "did you mean 'warning'?"),
        (GOOD.replace("  patterns:", "  measure: flesh\n  patterns:").replace("kind: existence", "kind: metric"),
         "params.measure", "'flesh' is not one of"),
    ],
)
def test_a_typo_is_one_line_naming_file_field_and_fix(tmp_path: Path, text: str, field: str,
                                                       problem: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_rule(path, ruleset_for().banks)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: {field}: "), message
    assert problem in message, message


def _area(tmp_path: Path, text: str, name: str) -> Path:
    area = tmp_path / "area"
    area.mkdir(parents=True, exist_ok=True)
    write(area, text, name)
    return area


def test_an_area_rule_cannot_take_a_builtin_code_unless_it_says_replaces(tmp_path: Path) -> None:
    from letterlint.rules.loader import builtin_dir

    taken = GOOD.replace("code: LL890", "code: LL603")
    area = _area(tmp_path, taken, "LL603-mine.yaml")
    with pytest.raises(ConfigError) as err:
        load_ruleset([builtin_dir("rules"), area], [builtin_dir("phrasebanks")])
    assert str(err.value) == (f"{area / 'LL603-mine.yaml'}: code: LL603 is a built-in rule's code "
                              "(LL603-officialese.yaml): use a code from LL800-LL899, or add "
                              "'replaces: LL603' to take its place")
    write(area, taken + "replaces: LL603\n", "LL603-mine.yaml")
    rs = load_ruleset([builtin_dir("rules"), area], [builtin_dir("phrasebanks")])
    mine = rs.by_code("LL603")
    assert mine is not None and mine.name == "test-rule" and mine.replaces == "LL603"


def test_an_area_rule_outside_its_code_range_is_refused(tmp_path: Path) -> None:
    from letterlint.rules.loader import builtin_dir

    area = _area(tmp_path, GOOD.replace("code: LL890", "code: LL777"), "LL777-mine.yaml")
    with pytest.raises(ConfigError, match=r"code: an Area's own rules use codes LL800-LL899"):
        load_ruleset([builtin_dir("rules"), area], [builtin_dir("phrasebanks")])
    area2 = _area(tmp_path / "b", GOOD + "replaces: LL999\n", "LL890-x.yaml")
    with pytest.raises(ConfigError, match=r"replaces: must be the rule's own code"):
        load_ruleset([builtin_dir("rules"), area2], [builtin_dir("phrasebanks")])


def test_a_bank_entry_typo_suggests_the_field(tmp_path: Path) -> None:
    p = tmp_path / "words.yaml"
    p.write_text("id: words\ndescription: d\nentries:\n  - {phrase: x, replacment: y}\n")
    with pytest.raises(ConfigError, match=r"entries\[0\]\.replacment: unknown key \(did you mean 'replacement'\?\)"):
        load_bank(p)
    p.write_text("id: words\ndescription: d\nentries:\n  - {phrase: x, everyday: sometimes}\n")
    with pytest.raises(ConfigError, match=r"entries\[0\]\.everyday: "):
        load_bank(p)


def test_json_schema_for_each_file_names_every_kind() -> None:
    from letterlint.checks.kinds import KINDS
    from letterlint.rules.schema import json_schema

    rule = json_schema("rule")
    assert rule["properties"]["kind"]["enum"] == sorted(KINDS)
    assert len(KINDS) <= 12
    params = [r["then"]["properties"]["params"] for r in rule["allOf"]]
    assert all(p["additionalProperties"] is False for p in params)
    assert "replacement" in json_schema("bank")["$defs"]["BankEntryModel"]["properties"]
    assert "bands" in json_schema("scoring")["properties"]


def test_scoring_file_typos_are_one_line(tmp_path: Path) -> None:
    from letterlint.rules.loader import builtin_dir
    from letterlint.scoring.score import SCORING_FILE, model

    text = SCORING_FILE.read_text(encoding="utf-8")
    bad = tmp_path / "scoring.yaml"
    bad.write_text(text.replace("    fails_on: warning\n    weight: 12\n", "    fails_on: warning\n    wieght: 12\n",
                                1))
    with pytest.raises(ConfigError,
                       match=r"scoring.yaml: items\.7\.11\.wieght: unknown key \(did you mean 'weight'\?\)"):
        model(bad)
    bad.write_text(text.replace("fails_any: {items: [Q25,", "fails_any: {items: [Q52,"))
    with pytest.raises(ConfigError, match=r"bands\[0\]\.any_of\.fails_any: 'Q52' is not an item of this file"):
        model(bad)
    assert builtin_dir("rules").is_dir()


def test_a_labels_file_with_an_unknown_rating_is_refused(tmp_path: Path) -> None:
    from letterlint.scoring.evaluate import evaluate

    labels = tmp_path / "labels.yaml"
    labels.write_text("letters:\n  - file: a.txt\n    rating: adequte\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        evaluate(labels)
    assert str(err.value) == (f"{labels}: letters[0].rating: 'adequte' is not a rating band of scoring.yaml "
                              "(did you mean 'adequate'?) (known: below-standard, better-than-adequate, adequate)")
