"""pre-commit: the hook blocks a commit of a poor letter and lets a good one through.

pre-commit's normal install (``language: python``) builds a virtualenv and pip-installs this
checkout with its dependencies from the package index. Tests run offline and several
dependencies (spaCy's lookup data, chunspell, symspellpy...) are not in the local wheel
mirror, so the test uses the hook definition from ``.pre-commit-hooks.yaml`` unchanged except
``language: system``: it runs the ``letterlint`` installed in this virtualenv. The manifest
itself is validated with pre-commit's own schema.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.workflow.clihelp import BIN, GOOD_LETTER, POOR_LETTER, ROOT, env

pytestmark = pytest.mark.slow  # starts real processes: see tests/conftest.py

PRE_COMMIT = BIN / "pre-commit"


def _git(repo: Path, *args: str, check: bool = True, extra: dict[str, str] | None = None
         ) -> subprocess.CompletedProcess[str]:
    e = env({"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.invalid",
             "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.invalid",
             "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"), "GIT_CONFIG_NOSYSTEM": "1",
             "HOME": str(repo.parent), **(extra or {})})
    return subprocess.run(["git", *args], cwd=repo, env=e, capture_output=True, text=True,
                          check=check, timeout=180)


def _manifest_hook() -> dict[str, object]:
    from pre_commit.clientlib import load_manifest

    hooks = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    (hook,) = [h for h in hooks if h["id"] == "letterlint"]
    return dict(hook)


def test_manifest_is_valid_and_selects_letters() -> None:
    import re

    hook = _manifest_hook()
    assert hook["entry"] == "letterlint check --skip-non-replies" and hook["language"] == "python"
    files, exclude = re.compile(str(hook["files"])), re.compile(str(hook["exclude"]))

    def picked(name: str) -> bool:
        return bool(files.search(name)) and not exclude.search(name)

    assert picked("letters/Réponse à Mme Dupont.docx") and picked("drafts/reply.md") and picked("a.txt")
    assert not picked("README.md") and not picked("letters/~$reply.docx") and not picked("notes.xlsx")
    assert picked("outbox/reply.pdf") and picked("outbox/reply.eml") and not picked("reply.letterlint.docx")
    assert not picked("requirements-dev.txt")


def test_hook_blocks_a_poor_letter_and_passes_a_good_one(tmp_path: Path) -> None:
    repo = tmp_path / "letters-repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    hook = {k: v for k, v in _manifest_hook().items()
            if k in ("id", "name", "entry", "files", "exclude")}
    hook["language"] = "system"
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}, allow_unicode=True), encoding="utf-8")
    _git(repo, "add", ".pre-commit-config.yaml")
    install = subprocess.run([str(PRE_COMMIT), "install"], cwd=repo, capture_output=True, text=True,
                             env=env({"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}), timeout=120)
    assert install.returncode == 0, install.stdout + install.stderr
    assert (repo / ".git" / "hooks" / "pre-commit").is_file()
    _git(repo, "commit", "-q", "-m", "pre-commit settings")

    (repo / "Reply to Mr Hale.txt").write_text(POOR_LETTER, encoding="utf-8")
    _git(repo, "add", "Reply to Mr Hale.txt")
    blocked = _git(repo, "commit", "-m", "Draft reply to Mr Hale", check=False)
    out = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, out
    assert "letterlint" in out and "Failed" in out and "LL101" in out
    assert _git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "1"

    (repo / "Reply to Mr Hale.txt").unlink()
    _git(repo, "rm", "-q", "--cached", "Reply to Mr Hale.txt")
    (repo / "Reply to Mrs Shah.txt").write_text(GOOD_LETTER, encoding="utf-8")
    _git(repo, "add", "Reply to Mrs Shah.txt")
    passed = _git(repo, "commit", "-m", "Reply to Mrs Shah", check=False)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout + passed.stderr
    assert _git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "2"

    # a case folder keeps the complainant's letter and the writer's notes beside the reply: they
    # are not replies, and they must not block the commit (breaker11: they did, exit 2)
    (repo / "complaint from Mrs Shah.txt").write_text(
        "Dear Sir or Madam\n\nI am writing to complain about how my case was handled. Nobody told me "
        "the hearing had moved.\n\nYours faithfully\n\nPriya Shah\n", encoding="utf-8")
    (repo / "notes.md").write_text("Call back Tuesday.\n\nAsk the court for the listing history.\n",
                                   encoding="utf-8")
    _git(repo, "add", "complaint from Mrs Shah.txt", "notes.md")
    kept = _git(repo, "commit", "-m", "Case papers", check=False)
    out = kept.stdout + kept.stderr
    assert kept.returncode == 0, out
    assert "letterlint (complaint reply letters)" in out and "Passed" in out, out
    assert _git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "3"
    assert sys.executable and os.path.exists(PRE_COMMIT)


def test_skip_non_replies_lists_what_it_skipped_and_still_fails_a_poor_reply(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("Shopping list\n\nMilk, eggs, bread.\n", encoding="utf-8")
    (tmp_path / "poor.txt").write_text(POOR_LETTER, encoding="utf-8")
    run = subprocess.run([str(BIN / "letterlint"), "check", "--skip-non-replies", "notes.txt", "poor.txt"],
                         cwd=tmp_path, env=env(), capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "letterlint: skipped notes.txt: does not look like a reply" in run.stderr
    assert "LL101" in run.stdout and "notes.txt" not in run.stdout
    alone = subprocess.run([str(BIN / "letterlint"), "check", "--skip-non-replies", "notes.txt"],
                           cwd=tmp_path, env=env(), capture_output=True, text=True, timeout=120)
    assert alone.returncode == 0 and "skipped notes.txt" in alone.stderr
    plain = subprocess.run([str(BIN / "letterlint"), "check", "notes.txt"],
                           cwd=tmp_path, env=env(), capture_output=True, text=True, timeout=120)
    assert plain.returncode == 2  # without the option, a file that is not a reply is still an error
