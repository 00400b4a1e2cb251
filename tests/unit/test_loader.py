from __future__ import annotations

from pathlib import Path

import pytest

from letterlint.errors import ConfigError
from letterlint.rules.loader import load_bank, load_rule, load_ruleset, ruleset_for

GOOD = """\
code: LL990
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


def write(tmp_path: Path, text: str, name: str = "LL990-test-rule.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_builtin_rules_and_banks_load() -> None:
    rs = ruleset_for()
    assert rs.by_code("LL101") is not None
    assert rs.by_code("outcome-not-stated") is rs.by_code("LL101")


def test_a_good_rule_loads(tmp_path: Path) -> None:
    rule = load_rule(write(tmp_path, GOOD), {})
    assert rule.code == "LL990" and rule.params["first_only"] is False


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        (("severity: warning", "severity: fatal"), "severity", "error, warning or info"),
        (("kind: existence", "kind: magic"), "kind", "unknown check kind 'magic'"),
        (("code: LL990", "code: X1"), "code", "LL123"),
        (("scope: sentence", "scope: page"), "scope", "must be one of"),
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
    write(tmp_path, GOOD.replace("name: test-rule", "name: other-rule"), "LL990-other.yaml")
    with pytest.raises(ConfigError, match="already used"):
        load_ruleset([tmp_path], [])


def test_bank_validation(tmp_path: Path) -> None:
    p = tmp_path / "words.yaml"
    p.write_text("id: words\ndescription: d\nentries:\n  - phrase: ok\n  - {phrase: x, colour: red}\n")
    with pytest.raises(ConfigError, match=r"entries\[1\]: unknown key 'colour'"):
        load_bank(p)
    p.write_text("id: other\ndescription: d\nentries: [a]\n")
    with pytest.raises(ConfigError, match="must match the file name"):
        load_bank(p)


def test_an_area_folder_adds_a_rule_without_python(tmp_path: Path) -> None:
    from letterlint.rules.loader import builtin_dir

    write(tmp_path, GOOD)
    rs = load_ruleset([builtin_dir("rules"), tmp_path], [builtin_dir("phrasebanks")])
    assert rs.by_code("LL990") is not None and rs.by_code("LL101") is not None


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
