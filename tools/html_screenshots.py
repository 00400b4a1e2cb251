#!/usr/bin/env python3
"""Screenshots of the HTML report for the docs: docs/img/html-report-*.png.

Renders the HTML report, then saves it with Debian's chromium headless (the same command line
as tests/e2e/test_html_chromium.py), at scale 1:

    .venv/bin/python tools/html_screenshots.py            # all three
    .venv/bin/python tools/html_screenshots.py --out /tmp  # somewhere else

- html-report-desktop.png (1280 x 900 pixels) and html-report-narrow.png (390 x 844): a batch
  of the corpus letters and the examples, plus one truncated .docx (a file that cannot be
  read), as a coordinator's outbox.
- html-report-letter-narrow.png (390 x 1400): two example letters, from the "Letters" heading
  down, the first one's findings unfolded (its ``<details>`` opened), as a drafting manager sees one letter on a phone.
"""

from __future__ import annotations

import argparse
import base64
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         "--force-device-scale-factor=1"]
LETTER_SUFFIXES = (".docx", ".txt", ".md")


def render(files: list[Path]) -> str:
    """The HTML report for ``files`` (checked with the default configuration, one job)."""
    from letterlint import reports
    from letterlint.config.settings import Config
    from letterlint.engine import batch

    return str(reports.render("html", batch.run(files, Config(), jobs=1)))


def screenshot(chromium: str, html: str, size: tuple[int, int], out: Path) -> None:
    """Save ``html`` as rendered at ``size`` (width, height in CSS pixels) to the PNG ``out``."""
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        subprocess.run([chromium, *FLAGS, f"--user-data-dir={tmp}/profile",
                        f"--window-size={size[0]},{size[1]}", f"--screenshot={out}", page.as_uri()],
                       check=True, capture_output=True, timeout=120)
    print(f"wrote {out} ({size[0]}x{size[1]})")


def letter_shot(html: str, size: tuple[int, int], out: Path) -> None:
    """Save ``html`` at ``size`` (CSS pixels) to the PNG ``out``, from the "Letters" heading
    (id ``letters``) down. Needs Selenium and chromedriver (tools/serve_screenshots.py)."""
    sys.path.insert(0, str(ROOT / "tools"))
    from serve_screenshots import driver

    width, height = size
    drv: Any = driver(width, height)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            page = Path(tmp) / "report.html"
            page.write_text(html, encoding="utf-8")
            drv.get(page.as_uri())
            full = int(drv.execute_script("return document.documentElement.scrollHeight"))
            drv.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": width, "height": full, "deviceScaleFactor": 1, "mobile": True})
            drv.execute_script("window.scrollTo(0, 0)")
            top = int(drv.execute_script(
                "return document.getElementById('letters').getBoundingClientRect().top + window.scrollY"))
            y = max(0, top - 10)
            data = drv.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "clip": {
                "x": 0, "y": y, "width": width, "height": min(height, full - y), "scale": 1}})
            out.write_bytes(base64.b64decode(data["data"]))
    finally:
        drv.quit()
    print(f"wrote {out} ({width}x{height}, from the Letters heading)")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = ap.parse_args(argv)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("chromium is needed (Debian: apt-get install chromium)", file=sys.stderr)
        return 2
    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    os.chdir(ROOT)  # the report names letters by relative path, as a user running it here sees
    examples = Path("examples")
    with tempfile.TemporaryDirectory() as tmp:
        broken = Path(tmp) / "truncated.docx"
        broken.write_bytes((examples / "stage-one-good.docx").read_bytes()[:500])
        outbox = sorted(p for folder in (Path("tests", "corpus", "letters"), examples)
                        for p in folder.iterdir() if p.suffix in LETTER_SUFFIXES)
        batch_html = render([*outbox, broken])
    screenshot(chromium, batch_html, (1280, 900), args.out / "html-report-desktop.png")
    screenshot(chromium, batch_html, (390, 844), args.out / "html-report-narrow.png")
    letters = render([examples / "stage-one-poor.docx", examples / "stage-one-good.docx"])
    letter_shot(letters.replace("<details>", "<details open>", 1), (390, 1400),
                args.out / "html-report-letter-narrow.png")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
