"""``letterlint serve`` in a real browser: Debian's chromium, driven by Selenium through
chromium-driver, against a real uvicorn server (worker processes, as ``letterlint serve``
runs) on a free port. Skipped when chromium or chromedriver is not installed."""

from __future__ import annotations

import io
import shutil
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest

from letterlint.config.settings import Config
from letterlint.web.app import ServeSettings
from letterlint.web.server import running

from .conftest import EXAMPLES, corpus_letters

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None,
                       reason="Debian's chromium and chromium-driver are not installed "
                              "(apt-get install chromium chromium-driver)"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    temp = tmp_path_factory.mktemp("serve-browser")
    settings = ServeSettings(config=Config(), jobs=2, temp_parent=str(temp))
    with running(settings) as url:
        yield url, temp
    assert not any(temp.iterdir()), "the private folder was left behind"


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    assert CHROMIUM is not None and CHROMEDRIVER is not None
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--disable-background-networking", "--no-first-run"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # the console: CSP violations, script errors
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False})
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    drv.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    drv.set_page_load_timeout(300)
    try:
        yield drv
    finally:
        drv.quit()


def _text(drv: Any, element_id: str) -> str:
    from selenium.webdriver.common.by import By

    return str(drv.find_element(By.ID, element_id).text)


def _submit(drv: Any, button_id: str, timeout: float = 300) -> None:
    """Click a form's button and wait until the browser has left the old page and loaded the
    answer: without the wait, a look-up straight after the click can find the old page's
    element, which then goes stale under it (a CI failure on a loaded machine). Chromedriver
    sometimes answers the staleness check with 'Node with given id does not belong to the
    document' instead of a stale element: the old page is gone all the same (another CI failure)."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    old = drv.find_element(By.TAG_NAME, "html")
    drv.find_element(By.ID, button_id).click()

    def left(d: Any) -> bool:
        try:
            return bool(ec.staleness_of(old)(d))
        except WebDriverException as e:  # chromedriver's own words for a node of a page now gone
            if "does not belong to the document" in str(e):
                return True
            raise

    WebDriverWait(drv, timeout).until(left)
    WebDriverWait(drv, timeout).until(lambda d: d.execute_script("return document.readyState") == "complete")


def _busy_shown(drv: Any, button_id: str, note_id: str) -> None:
    """The page's script at work: clicking the button disables it and shows the note. The form is
    held back (chromedriver waits for a click's page to load, so the old page could not be read)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    button = drv.find_element(By.ID, button_id)
    assert button.is_enabled() and not drv.find_element(By.ID, note_id).is_displayed()
    drv.execute_script("arguments[0].form.addEventListener('submit', function (e) { e.preventDefault(); });",
                       button)
    button.click()
    WebDriverWait(drv, 10).until(lambda d: d.find_element(By.ID, note_id).is_displayed())
    assert not button.is_enabled() and button.text == "Checking\u2026"


def _wait_for_file(folder: Path, name: str, timeout: float = 60) -> Path:
    deadline = time.monotonic() + timeout
    target = folder / name
    while time.monotonic() < deadline:
        if target.is_file() and not list(folder.glob("*.crdownload")):
            return target
        time.sleep(0.2)
    raise AssertionError(f"{name} was not downloaded (folder holds {sorted(p.name for p in folder.iterdir())})")


def test_one_docx_rating_finding_and_the_annotated_copy(server: tuple[str, Path], browser: Any,
                                                        downloads: Path) -> None:
    from selenium.webdriver.common.by import By

    url, _ = server
    browser.get(url + "/")
    assert "Check a complaint reply" in browser.title
    browser.find_element(By.ID, "letter").send_keys(str(EXAMPLES / "stage-one-poor.docx"))
    _submit(browser, "check-one")
    assert _text(browser, "rating-label") == "Below the required standard"
    assert _text(browser, "reason").startswith("Why: ")
    assert "Q27 apology not met" in _text(browser, "reason")
    quotes = [q.text for q in browser.find_elements(By.CSS_SELECTOR, ".finding blockquote")]
    assert "recieve" in quotes
    fixes = [p.text for p in browser.find_elements(By.CSS_SELECTOR, ".finding .fix")]
    assert fixes and all(f.startswith("What to do:") for f in fixes)
    # the stylesheet applied under the Content-Security-Policy: the rating panel is coloured
    panel = browser.find_element(By.ID, "rating")
    assert panel.value_of_css_property("background-color") == "rgba(212, 53, 28, 1)"
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "letter with comments")
    link.click()
    got = _wait_for_file(downloads, "stage-one-poor.letterlint.docx")
    document = docx.Document(str(got))
    comments = [c.text for c in document.comments]
    assert len(comments) >= 10 and any("recieve" in c or "receive" in c for c in comments)


def test_a_zip_of_letters_gives_the_summary_table(server: tuple[str, Path], browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    url, _ = server
    letters = corpus_letters()[:12]
    zpath = tmp_path / "outbox.zip"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in letters:
            zf.write(p, f"outbox/{p.name}")
    zpath.write_bytes(buf.getvalue())
    browser.get(url + "/")
    browser.find_element(By.ID, "letters").send_keys(str(zpath))
    _busy_shown(browser, "check-many", "busy-many")
    browser.get(url + "/")
    browser.find_element(By.ID, "letters").send_keys(str(zpath))
    _submit(browser, "check-many")
    assert browser.find_element(By.TAG_NAME, "h1").text == "12 letters"
    table = browser.find_element(By.ID, "annex-b-overall")
    rows = {r.find_elements(By.TAG_NAME, "td")[0].text: [c.text for c in r.find_elements(By.TAG_NAME, "td")]
            for r in table.find_elements(By.CSS_SELECTOR, "tbody tr")}
    assert "Q31" in rows and rows["Q31"][5] == "40%"  # the national figure beside this batch's
    assert "Q35" in rows
    ratings = browser.find_elements(By.CSS_SELECTOR, "#letters-table tbody tr")
    assert len(ratings) == 12
    assert all(r.find_elements(By.TAG_NAME, "td")[1].text for r in ratings)


def test_a_corrupt_file_shows_its_reason(server: tuple[str, Path], browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    url, _ = server
    bad = tmp_path / "draft.docx"
    bad.write_bytes((EXAMPLES / "stage-one-good.docx").read_bytes()[:700])  # cut short, as a broken copy is
    browser.get(url + "/")
    browser.find_element(By.ID, "letter").send_keys(str(bad))
    _submit(browser, "check-one")
    assert browser.find_element(By.CSS_SELECTOR, "#rating .big").text == "Not checked"
    reason = _text(browser, "reason")
    assert reason == "not a valid .docx file (it is not a zip package: corrupt or truncated?)"
    assert "Traceback" not in browser.page_source


def test_the_console_shows_no_error(server: tuple[str, Path], browser: Any) -> None:
    # a stylesheet or script refused by the Content-Security-Policy, or a script error, is
    # reported on the console; the pages above and the start page must have none
    url, _ = server
    browser.get(url + "/")
    browser.get(url + "/download/none")  # a page with a message
    # an answer's HTTP status (422 for the corrupt file, 404 here) is logged as a "network" error: expected
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE" and e.get("source") != "network"]
    assert not errors, errors
