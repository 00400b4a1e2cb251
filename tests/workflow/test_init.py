"""letterlint init: a commented .letterlint.yaml that validates, never overwriting by accident."""

from __future__ import annotations

from pathlib import Path

import yaml

from letterlint.config.settings import load_config
from tests.workflow.clihelp import leftover_temp_files, run


def test_init_writes_a_commented_file_that_loads_and_validates(tmp_path: Path) -> None:
    res = run(["init", "--team", 'CPS Wessex "Victim Liaison" Unit',
               "--contact", "Telephone 01632 960000, email wessex.vlu@cps.gov.uk"], tmp_path)
    assert res.returncode == 0, res.stderr
    path = tmp_path / ".letterlint.yaml"
    text = path.read_text(encoding="utf-8")
    cfg = load_config(tmp_path)
    assert cfg.sources["team.name"] == str(path)
    assert cfg.get("team.name") == 'CPS Wessex "Victim Liaison" Unit'
    assert cfg.get("team.contact") == "Telephone 01632 960000, email wessex.vlu@cps.gov.uk"
    assert cfg.get("contacts") == {}
    assert cfg.get("spelling.accept") == [] and cfg.get("rules.disable") == []
    assert cfg.get("languagetool.url") is None  # commented out: no letter leaves the machine
    for needle in ("witness care unit:", "police:", "court:", "spelling:", "disable:", "severity:",
                   "# languagetool:", "personal data"):
        assert needle in text, needle
    assert not leftover_temp_files(tmp_path)


def test_every_commented_example_is_valid_when_switched_on(tmp_path: Path) -> None:
    """Removing the '#' from the examples gives a configuration that still validates."""
    from letterlint.config.starter import template

    lines = []
    for line in template("Team", "01632 960000").splitlines():
        lines.append(line[2:] if line.startswith(("#   ", "# languagetool:")) else line)
    text = "\n".join(lines)
    # the switched-on examples replace the empty defaults above them
    text = text.replace("contacts: {}\n", "contacts:\n").replace("  accept: []\n", "", 1)
    for empty in ("  disable: []\n", "  severity: {}\n", "  paths: []\n"):
        text = text.replace(empty, "", 1)
    path = tmp_path / ".letterlint.yaml"
    path.write_text(text, encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["contacts"]["witness care unit"].startswith("Wessex Witness Care Unit")
    (tmp_path / "area-rules").mkdir()
    cfg = load_config(tmp_path)
    assert cfg.get("contacts")["police"].startswith("Wessex Police")
    assert cfg.get("rules.severity") == {"LL112": "warning"}
    assert cfg.get("rules.disable") == ["LL230"]
    assert cfg.get("languagetool.url") == "http://localhost:8081"
    assert cfg.get("rules.paths") == [str((tmp_path / "area-rules").resolve())]


def test_init_never_overwrites_without_force(tmp_path: Path) -> None:
    path = tmp_path / ".letterlint.yaml"
    path.write_text("fail_on: warning\n", encoding="utf-8")
    res = run(["init"], tmp_path)
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [
        "letterlint: error: .letterlint.yaml: already exists (use --force to replace it)"]
    assert path.read_text(encoding="utf-8") == "fail_on: warning\n"

    forced = run(["--quiet", "init", "--force"], tmp_path)
    assert forced.returncode == 0 and forced.stderr == ""
    assert "letterlint settings for this Area" in path.read_text(encoding="utf-8")
    assert not leftover_temp_files(tmp_path)


def test_init_into_a_missing_folder_is_one_line_error(tmp_path: Path) -> None:
    res = run(["init", "no/such/folder/.letterlint.yaml"], tmp_path)
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "no/such/folder/.letterlint.yaml: cannot write here" in lines[0]
    assert "Traceback" not in res.stderr
