"""Reports round-trip through JSON and the cache losslessly: enums, dates and typed rule
outcomes come back as they were (issue 11, point 3)."""

from __future__ import annotations

import json

import letterlint
from letterlint.config.settings import Config
from letterlint.engine.cache import dump_report, load_report
from letterlint.model import LetterType, Outcome
from tests.conftest import ROOT


def test_a_checked_letter_comes_back_equal_from_json() -> None:
    path = ROOT / "examples/stage-two-service-poor.txt"
    report = letterlint.check_path(path, config=Config())
    back = load_report(json.loads(json.dumps(dump_report(report))))
    assert back == report
    assert back.findings and back.score is not None
    facts = {f.name: f.value for f in back.facts}
    assert isinstance(facts["letter_type"], LetterType)
    outcomes = {r.outcome for r in back.results}
    assert Outcome.NOT_MET in outcomes and Outcome.MET in outcomes


def test_report_from_dict_of_to_dict_is_the_report() -> None:
    from letterlint.model import Report

    for name in ("stage-one-good.docx", "holding-letter.txt", "stage-one-sexual-offence-upheld.md"):
        report = letterlint.check_path(ROOT / "examples" / name, config=Config())
        back = Report.from_dict(json.loads(json.dumps(report.to_dict())))
        assert back == report, name
        assert [r.outcome for r in back.results] == [r.outcome for r in report.results]
