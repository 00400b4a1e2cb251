"""A false error on a good letter teaches a manager to ignore the tool (issue 13): no
error-level finding on any corpus letter labelled better than adequate."""

from __future__ import annotations

import pytest

from letterlint.config.settings import Config
from letterlint.engine.check import check_path
from tests.conftest import ROOT, read_yaml

CORPUS = ROOT / "tests" / "corpus"


@pytest.mark.slow  # every better-than-adequate corpus letter
def test_no_error_on_letters_labelled_better_than_adequate() -> None:
    labels = read_yaml(CORPUS / "labels.yaml")["letters"]
    good = [entry for entry in labels if entry["rating"] == "better-than-adequate"]
    assert len(good) >= 10
    loud = {}
    for entry in good:
        rep = check_path(CORPUS / "letters" / entry["file"], Config(), {}, None)
        errors = [(f.code, f.quote) for f in rep.active_findings if f.severity.value == "error"]
        if errors:
            loud[entry["file"]] = errors
    assert loud == {}
