"""Readers tested on files made by another real program: LibreOffice converts the example
letters (examples/*.docx) to .odt, .pdf, .rtf and .doc once per test session, and letterlint
must give the same findings on each as on the .docx (the same rule codes on the same quoted
words). Findings that depend on what a format cannot hold are listed in ``CANNOT_HOLD`` and
in the README ("Formats letterlint reads"); today none of the example letters needs one.

Needs LibreOffice (``soffice``): ``python3 dev.py test`` installs Debian's
libreoffice-writer-nogui; where it cannot, these tests are skipped with the reason.
"""

from __future__ import annotations

import functools
import os
import subprocess
from pathlib import Path

import pytest

from letterlint.config.settings import Config
from letterlint.engine.check import check_path
from letterlint.model import Report
from letterlint.reading.doc import soffice

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.docx"))
FORMATS = ("odt", "pdf", "rtf", "doc")
# rule codes whose findings a format may lose or gain, with the reason (README keeps the same list)
CANNOT_HOLD: dict[str, dict[str, str]] = {fmt: {} for fmt in FORMATS}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed or "
                       "LETTERLINT_NO_LIBREOFFICE is set: python3 dev.py test installs it"),
]


@pytest.fixture(scope="session")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/*.docx converted to every format, once per session: folder/<fmt>/<name>.<fmt>."""
    out = tmp_path_factory.mktemp("libreoffice")
    command = soffice()
    assert command is not None
    for fmt in FORMATS:
        subprocess.run([command, f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless",
                        "--norestore", "--convert-to", fmt, "--outdir", str(out / fmt), *map(str, EXAMPLES)],
                       check=True, capture_output=True, timeout=600, stdin=subprocess.DEVNULL,
                       env={**os.environ, "HOME": str(out)})
    return out


@functools.cache
def reference(example: Path) -> Report:
    return check_path(example, Config())


def pairs(report: Report, ignore: set[str]) -> set[tuple[str, str]]:
    assert report.error is None, report.error
    return {(f.code, " ".join(f.quote.split())) for f in report.findings if f.code not in ignore}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_same_findings_as_the_docx(converted: Path, example: Path, fmt: str) -> None:
    ignore = set(CANNOT_HOLD[fmt])
    path = converted / fmt / f"{example.stem}.{fmt}"
    assert path.is_file(), f"LibreOffice did not write {path.name}"
    ref = reference(example)
    got_report = check_path(path, Config())
    assert pairs(got_report, ignore) == pairs(ref, ignore)
    assert got_report.score is not None and ref.score is not None
    assert got_report.score.rating == ref.score.rating
    if fmt == "doc":
        assert any("converted from Word 97-2003" in n for n in got_report.notes)
