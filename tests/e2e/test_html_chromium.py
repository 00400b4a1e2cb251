"""The HTML report rendered in headless Chromium: what a person sees is on the page."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from tests.conftest import ROOT

from letterlint import reports as formatters
from letterlint.config.settings import Config
from letterlint.engine import batch

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]

pytestmark = [pytest.mark.slow,  # a browser
              pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed "
                                 "(apt-get install chromium)")]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = batch.collect(ROOT / "examples")
    broken = tmp_path_factory.mktemp("broken") / "truncated.docx"
    broken.write_bytes((ROOT / "examples" / "stage-one-good.docx").read_bytes()[:500])
    reports = batch.run([*files, broken], Config(), jobs=1)
    out = tmp_path_factory.mktemp("html") / "report.html"
    out.write_text(formatters.render("html", reports), encoding="utf-8")
    return out


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=120)


def test_rendered_page_shows_summary_national_figures_and_findings(report: Path) -> None:
    dom = chromium("--dump-dom", report.as_uri()).stdout
    assert "Complaint letters checked against the HMCPSI questionnaire" in dom
    assert "national 51.0%" in dom  # adequate or better, nationally
    assert "39.7%" in dom  # Q31 signposting, national figure
    assert re.search(r"<svg class=\"bar\"[^>]*aria-label=\"This batch", dom)
    assert "stage-one-poor.docx" in dom and "LL101" in dom
    assert "truncated.docx" in dom and "not checked" in dom
    assert "http://" not in dom.replace("http://www.w3.org", "") and "<link" not in dom  # self-contained


@pytest.mark.parametrize("size", ["1280,900", "390,844"])
def test_screenshots_at_desktop_and_narrow_widths(report: Path, tmp_path: Path, size: str) -> None:
    shot = tmp_path / "shot.png"
    chromium(f"--window-size={size}", f"--screenshot={shot}", report.as_uri())
    assert shot.is_file() and shot.stat().st_size > 10_000
