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
    for needle in ("witness-care:", "police:", "court:", "spelling:", "disable:", "severity:",
                   "# languagetool:", "personal data"):
        assert needle in text, needle
    assert not leftover_temp_files(tmp_path)


def switch_on(text: str, keys: set[str] | None = None) -> str:
    """The template with its commented examples switched on as its first lines tell a user
    to: remove the "# " from each line of an example, and delete the empty setting just above
    it. ``keys``: only the examples whose first line sets one of these (default: all)."""
    import re

    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#   ") or re.fullmatch(r"# [\w-]+:", line):
            block = []
            while i < len(lines) and (lines[i].startswith("#   ")
                                      or (not block and re.fullmatch(r"# [\w-]+:", lines[i]))):
                block.append(lines[i][2:])
                i += 1
            key = block[0].strip().split(":")[0]
            if keys is None or key in keys:
                if out and not out[-1].lstrip().startswith("#") and out[-1].strip().split(":")[0] == key:
                    out.pop()  # the empty setting the example replaces
                out += block
            else:
                out += ["# " + b for b in block]
            continue
        out.append(line)
        i += 1
    return "\n".join(out) + "\n"


EXAMPLE_KEYS = ("contacts", "accept", "allow", "disable", "severity", "paths", "languagetool")


def test_every_commented_example_is_valid_when_switched_on(tmp_path: Path) -> None:
    """Each example on its own, and all of them together, gives a configuration that loads."""
    from letterlint.config.starter import template

    (tmp_path / "area-rules").mkdir()
    path = tmp_path / ".letterlint.yaml"
    for key in EXAMPLE_KEYS:
        text = switch_on(template("Team", "01632 960000"), {key})
        assert text != template("Team", "01632 960000"), f"no example sets {key}"
        path.write_text(text, encoding="utf-8")
        load_config(tmp_path)  # raises on anything invalid
    text = switch_on(template("Team", "01632 960000"))
    path.write_text(text, encoding="utf-8")
    assert set(yaml.safe_load(text)["contacts"]) == {"police", "court", "witness-care", "victim-support"}
    cfg = load_config(tmp_path)
    assert cfg.get("contacts")["police"].startswith("101")
    assert cfg.get("rules.severity") == {"LL112": "warning"}
    assert cfg.get("rules.disable") == ["LL230"]
    assert cfg.get("spelling.accept") == ["ginnel", "snicket", "Exampletown"]
    assert cfg.get("acronyms.allow") == ["ISVA", "IDVA", "SARC"]
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
