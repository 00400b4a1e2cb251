"""The JSON Schemas in docs/schema/ are current, and every bundled file is valid against its
schema, so an editor (the YAML language server) completes and checks what the loader accepts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from letterlint.rules.schema import SCHEMA_FILES, schema_for
from tests.conftest import ROOT, read_yaml

jsonschema = pytest.importorskip("jsonschema")


@pytest.mark.parametrize("which", sorted(SCHEMA_FILES))
def test_committed_schema_is_current(which: str) -> None:
    committed = json.loads((ROOT / "docs/schema" / SCHEMA_FILES[which]).read_text(encoding="utf-8"))
    assert committed == schema_for(which), f"regenerate: letterlint schema {which} > docs/schema/{SCHEMA_FILES[which]}"


def _validator(which: str) -> object:
    return jsonschema.Draft202012Validator(schema_for(which))


@pytest.mark.parametrize(("which", "files"), [
    ("rule", sorted(ROOT.glob("rules/*.yaml"))),
    ("bank", sorted(ROOT.glob("phrasebanks/*.yaml"))),
    ("scoring", [ROOT / "src/letterlint/data/scoring.yaml"]),
])
def test_every_bundled_file_is_valid_against_its_schema(which: str, files: list[Path]) -> None:
    validator = _validator(which)
    assert files
    for path in files:
        errors = list(validator.iter_errors(read_yaml(path)))  # type: ignore[attr-defined]
        assert not errors, f"{path.name}: {errors[0].message}"


def test_the_schema_catches_a_misspelt_key_and_param() -> None:
    validator = _validator("rule")
    rule = read_yaml(ROOT / "rules/LL701-long-sentence.yaml")
    assert not list(validator.iter_errors(rule))  # type: ignore[attr-defined]
    assert list(validator.iter_errors({**rule, "mesage": "x"}))  # type: ignore[attr-defined]
    assert list(validator.iter_errors({**rule, "params": {**rule["params"], "max_settin": "x"}}))  # type: ignore[attr-defined]
    assert list(validator.iter_errors({**rule, "kind": "readability"}))  # type: ignore[attr-defined]
