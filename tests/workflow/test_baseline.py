"""Baselines: letters already in a repository do not block commits; new findings do."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from letterlint.engine import baseline as bl
from letterlint.errors import ConfigError
from letterlint.model import Finding, Location, Report, Severity, Span
from tests.workflow.clihelp import POOR_LETTER, digest, leftover_temp_files, run


def finding(code: str, text: str, quote: str, nth: int = 0) -> Finding:
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return Finding(code=code, name=code.lower(), item="Q22", severity=Severity.ERROR, message="m",
                   quote=quote, span=Span(start, start + len(quote)), location=Location())


def report(path: str, findings: list[Finding]) -> Report:
    return Report(path=path, format="txt", facts=(), results=(), findings=tuple(findings), score=None)


TEXT = "We recieve letters. Please recieve this. The decision was discontinued."


def test_fingerprints_do_not_depend_on_offsets(tmp_path: Path) -> None:
    before = report(str(tmp_path / "a.txt"), [finding("LL401", TEXT, "recieve"),
                                              finding("LL601", TEXT, "discontinued")])
    moved = "A new opening sentence was added here. " + TEXT
    after = report(str(tmp_path / "a.txt"), [finding("LL401", moved, "recieve"),
                                             finding("LL601", moved, "discontinued")])
    assert bl.fingerprints(before, tmp_path) == bl.fingerprints(after, tmp_path)
    expected = bl.Fingerprint("a.txt", "LL401", bl.quote_hash("recieve"), 0)
    assert bl.fingerprints(before, tmp_path)[0] == expected


def test_a_second_copy_of_a_baselined_mistake_is_new(tmp_path: Path) -> None:
    old = report(str(tmp_path / "a.txt"), [finding("LL401", TEXT, "recieve")])
    base = bl.build([old], tmp_path)
    new = report(str(tmp_path / "a.txt"), [finding("LL401", TEXT, "recieve"),
                                           finding("LL401", TEXT, "recieve", nth=1)])
    applied = base.apply(new)
    assert [f.suppressed for f in applied.findings] == [True, False]
    assert applied.findings[0].suppression_reason == "in baseline"
    assert [f.quote for f in applied.active_findings] == ["recieve"]


def test_rewrapped_quote_still_matches_and_other_files_do_not(tmp_path: Path) -> None:
    wrapped = "in line with\nour   policies"
    base = bl.build([report(str(tmp_path / "a.txt"), [finding("LL301", wrapped, wrapped)])], tmp_path)
    one_line = "in line with our policies"
    same = base.apply(report(str(tmp_path / "a.txt"), [finding("LL301", one_line, one_line)]))
    assert same.findings[0].suppressed
    other = base.apply(report(str(tmp_path / "b.txt"), [finding("LL301", one_line, one_line)]))
    assert not other.findings[0].suppressed


def test_baseline_file_round_trips_and_stores_no_quoted_words(tmp_path: Path) -> None:
    r = report(str(tmp_path / "letters" / "Mrs Shah.txt"), [finding("LL401", TEXT, "recieve")])
    path = tmp_path / ".letterlint-baseline.json"
    path.write_text(bl.dumps(bl.build([r], tmp_path)), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    assert "recieve" not in text
    assert json.loads(text)["findings"][0]["path"] == "letters/Mrs Shah.txt"
    loaded = bl.load(path)
    assert loaded.apply(r).findings[0].suppressed


@pytest.mark.parametrize(("content", "expected"), [
    ("{not json", "invalid JSON"),
    ('{"schema": "something-else"}', "schema: not a letterlint baseline"),
    ('{"schema": "letterlint-baseline", "schema_version": 99, "findings": []}',
     "schema_version: version 99 is not supported"),
    ('{"schema": "letterlint-baseline", "schema_version": 1, "findings": [{"path": "a", "code": "LL1",'
     ' "quote": "x", "occurrence": -1}]}', "findings[0].occurrence: must be a whole number"),
])
def test_a_bad_baseline_file_is_one_clear_error(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "base.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        bl.load(path)
    assert str(err.value).startswith(f"{path}: ")
    assert expected in str(err.value)


def test_collect_letters_skips_hidden_folders_lock_files_and_link_loops(tmp_path: Path) -> None:
    (tmp_path / "letters" / "2026").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    for name in ("letters/a.txt", "letters/2026/b.docx", "letters/notes.xlsx", "letters/~$a.docx",
                 ".git/c.txt", "letters/2026/Réponse à Mme Dupont.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    os.symlink(tmp_path / "letters", tmp_path / "letters" / "2026" / "loop")
    found = [p.relative_to(tmp_path).as_posix() for p in bl.collect_letters([tmp_path])]
    assert found == ["letters/a.txt", "letters/2026/Réponse à Mme Dupont.md", "letters/2026/b.docx"]


# ----------------------------------------------------------------------------- end to end

def _letter_with_new_defect() -> str:
    new = POOR_LETTER.replace(
        "in line with our policies.",
        "in line with our policies. I am sorry our earlier reply was late and I can offer you a "
        "consolatory payment of £50.",
    )
    assert new != POOR_LETTER
    return new


def test_baseline_then_check_passes_and_a_new_defect_fails_alone(tmp_path: Path) -> None:
    letters = tmp_path / "letters"
    letters.mkdir()
    draft = letters / "reply to Mr Hale.txt"
    draft.write_text(POOR_LETTER, encoding="utf-8")
    before = digest([draft])

    plain = run(["check", draft], tmp_path)
    assert plain.returncode == 1, plain.stdout + plain.stderr

    made = run(["baseline", "letters", "-o", ".letterlint-baseline.json"], tmp_path)
    assert made.returncode == 0, made.stderr
    assert "wrote .letterlint-baseline.json" in made.stderr
    assert not leftover_temp_files(tmp_path)
    entries = json.loads((tmp_path / ".letterlint-baseline.json").read_text(encoding="utf-8"))["findings"]
    assert entries and {e["path"] for e in entries} == {"letters/reply to Mr Hale.txt"}

    passing = run(["check", "--baseline", ".letterlint-baseline.json", "-f", "json", draft], tmp_path)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    found = json.loads(passing.stdout)["reports"][0]["findings"]
    assert found and all(f["suppressed"] and f["suppression_reason"] == "in baseline" for f in found)
    assert digest([draft]) == before

    draft.write_text(_letter_with_new_defect(), encoding="utf-8")
    failing = run(["check", "--baseline", ".letterlint-baseline.json", "--fail-on", "warning", "-f", "json",
                   draft], tmp_path)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    active = [f for f in json.loads(failing.stdout)["reports"][0]["findings"] if not f["suppressed"]]
    assert active, "the new defect must be reported"
    assert {f["code"] for f in active} == {"LL230"}
    assert all("consolatory" in f["quote"].lower() for f in active)


def test_check_with_a_missing_baseline_file_is_one_line_exit_2(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(POOR_LETTER, encoding="utf-8")
    res = run(["check", "--baseline", "nope.json", draft], tmp_path)
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [
        "letterlint: error: nope.json: baseline file not found (create it with 'letterlint baseline')"]
