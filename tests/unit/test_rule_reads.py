"""A rule that reads other rules' findings (``{found: [...]}`` in ``when``, ``not_if_found``; the
Q30 rule LL240 reads LL211 and LL212) must name rules that exist and run before it: rules run in
code order, so a later rule's findings are not there yet and the condition would never hold. A
complaints coordinator's slip is an error at load naming the file, not a rule that never fires."""

from __future__ import annotations

from pathlib import Path

import pytest

from letterlint.errors import ConfigError
from letterlint.rules.loader import builtin_dir, load_ruleset

RULE = """code: LL850
name: area-meeting-check
group: meeting
item: Q30
severity: warning
scope: body
applies_to: [stage-one, stage-two]
kind: required
params:
  when:
    - [{{found: [{code}]}}]
  patterns:
    - "re:\\\\bmeet\\\\b"
message: "Offer a meeting."
why: "Report 7.14."
advice: "Offer to meet."
example:
  bad: "We did not tell you about the hearing."
  good: "We did not tell you about the hearing, and I am sorry. I would be glad to meet you."
"""


def _load(tmp_path: Path, code: str) -> object:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "LL850-area-meeting-check.yaml").write_text(RULE.format(code=code), encoding="utf-8")
    return load_ruleset([builtin_dir("rules"), folder], [builtin_dir("phrasebanks")])


def test_reading_an_earlier_rule_loads(tmp_path: Path) -> None:
    ruleset = _load(tmp_path, "LL211")
    assert "LL850" in {r.code for r in ruleset.rules}  # type: ignore[attr-defined]


def test_reading_a_rule_that_does_not_exist_is_an_error_at_load(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"LL219 is not a rule of this rule set"):
        _load(tmp_path, "LL219")  # there is no LL219


def test_reading_a_rule_that_runs_later_is_an_error_at_load(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"LL860 runs after LL850 \(rules run in code order\)"):
        # an Area rule with a higher code, so it exists but runs later
        (tmp_path / "rules").mkdir()
        (tmp_path / "rules" / "LL860-later.yaml").write_text(
            RULE.format(code="LL211").replace("LL850", "LL860").replace("area-meeting-check", "later"),
            encoding="utf-8")
        (tmp_path / "rules" / "LL850-area-meeting-check.yaml").write_text(RULE.format(code="LL860"), encoding="utf-8")
        load_ruleset([builtin_dir("rules"), tmp_path / "rules"], [builtin_dir("phrasebanks")])


def test_the_built_in_rules_read_only_earlier_rules() -> None:
    ruleset = load_ruleset([builtin_dir("rules")], [builtin_dir("phrasebanks")])
    assert any(r.code == "LL240" for r in ruleset.rules)


def _load_raw(tmp_path: Path, found: str) -> object:
    folder = tmp_path / "rules"
    folder.mkdir()
    text = RULE.replace("    - [{{found: [{code}]}}]", f"    - [{found}]").replace("{{", "{").replace("}}", "}")
    (folder / "LL850-area-meeting-check.yaml").write_text(text, encoding="utf-8")
    return load_ruleset([builtin_dir("rules"), folder], [builtin_dir("phrasebanks")])


def test_a_count_of_what_earlier_rules_found_loads(tmp_path: Path) -> None:
    # "at least three different words found by LL601 or LL602" (the Q26 rule LL707 reads so)
    ruleset = _load_raw(tmp_path, "{found: [LL601, LL602], at_least: 3}")
    assert "LL850" in {r.code for r in ruleset.rules}  # type: ignore[attr-defined]


@pytest.mark.parametrize(("found", "says"), [
    ("{found: [LL601], at_lest: 3}", "takes 'found' and 'at_least'"),
    ("{found: [LL601], at_least: 0}", "at_least: a whole number of 1 or more"),
    ("{found: [LL601], at_least: three}", "at_least: a whole number of 1 or more"),
])
def test_a_slip_in_a_count_is_an_error_at_load(tmp_path: Path, found: str, says: str) -> None:
    with pytest.raises(ConfigError, match=says):
        _load_raw(tmp_path, found)
