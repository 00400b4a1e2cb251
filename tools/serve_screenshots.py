#!/usr/bin/env python3
"""Screenshots of ``letterlint serve`` for the docs: docs/img/serve-*.png.

Starts the web page on a free port (in this process), drives Debian's chromium through
Selenium, and saves each page at desktop (1280 pixels wide) and phone (390 wide) widths:

    .venv/bin/python tools/serve_screenshots.py            # all of them
    .venv/bin/python tools/serve_screenshots.py --out /tmp  # somewhere else

The pages: the start page; one letter checked (examples/stage-one-poor.docx); a batch (a .zip
of the corpus letters). Each shot is cut at ``--max-height`` pixels (the top of a page is
what a reader sees first).
"""

from __future__ import annotations

import argparse
import base64
import io
import shutil
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = {"desktop": 1280, "phone": 390}


def driver(width: int, height: int = 900) -> object:
    """A headless chromium at ``width`` x ``height`` CSS pixels (scale 1)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--force-device-scale-factor=1", "--hide-scrollbars", f"--window-size={width},{height}"):
        opts.add_argument(arg)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=opts)


def shot(drv: object, width: int, path: Path, max_height: int) -> None:
    """Save the page in ``drv`` as ``path``: ``width`` wide, as tall as the page up to ``max_height``."""
    d: object = drv
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",  # type: ignore[attr-defined]
                      {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 500})
    height = int(d.execute_script("return document.documentElement.scrollHeight"))  # type: ignore[attr-defined]
    h = min(height, max_height)
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",  # type: ignore[attr-defined]
                      {"width": width, "height": h, "deviceScaleFactor": 1, "mobile": width < 500})
    data = d.execute_cdp_cmd("Page.captureScreenshot",  # type: ignore[attr-defined]
                             {"format": "png", "clip": {"x": 0, "y": 0, "width": width, "height": h, "scale": 1}})
    path.write_bytes(base64.b64decode(data["data"]))
    print(f"wrote {path} ({width}x{h})")


def outbox_zip() -> bytes:
    """A .zip of the corpus letters and the examples, as a coordinator's outbox folder."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted((ROOT / "tests" / "corpus" / "letters").iterdir()):
            if p.suffix in (".docx", ".txt", ".md"):
                zf.write(p, f"outbox/{p.name}")
    return buf.getvalue()


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    ap.add_argument("--max-height", type=int, default=2000)
    args = ap.parse_args(argv)
    if not shutil.which("chromium") or not shutil.which("chromedriver"):
        print("chromium and chromedriver are needed (Debian: apt-get install chromium chromium-driver)",
              file=sys.stderr)
        return 2
    from selenium.webdriver.common.by import By

    from letterlint.config.settings import load_config
    from letterlint.web.app import ServeSettings, describe_config
    from letterlint.web.server import running

    tmp = Path(__import__("tempfile").mkdtemp(prefix="letterlint-shots-"))
    try:
        zpath = tmp / "outbox.zip"
        zpath.write_bytes(outbox_zip())
        cfg = load_config(ROOT)
        settings = ServeSettings(config=cfg, config_label=describe_config(cfg), jobs=2)
        with running(settings) as url:
            for label, width in WIDTHS.items():
                drv = driver(width)
                try:
                    drv.get(url + "/")  # type: ignore[attr-defined]
                    shot(drv, width, args.out / f"serve-home-{label}.png", args.max_height)
                    drv.find_element(By.ID, "letter").send_keys(  # type: ignore[attr-defined]
                        str(ROOT / "examples" / "stage-one-poor.docx"))
                    drv.find_element(By.ID, "check-one").click()  # type: ignore[attr-defined]
                    shot(drv, width, args.out / f"serve-letter-{label}.png", args.max_height)
                    drv.get(url + "/")  # type: ignore[attr-defined]
                    drv.find_element(By.ID, "letters").send_keys(str(zpath))  # type: ignore[attr-defined]
                    drv.find_element(By.ID, "check-many").click()  # type: ignore[attr-defined]
                    shot(drv, width, args.out / f"serve-batch-{label}.png", args.max_height)
                finally:
                    drv.quit()  # type: ignore[attr-defined]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
