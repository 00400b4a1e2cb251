"""``letterlint serve`` against hostile or unusual input found while trying to break issue 17's
promises: each test is a fault that was seen, kept so that it stays fixed."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from letterlint.config.settings import Config
from letterlint.web.app import ServeSettings, create_app
from letterlint.web.uploads import NAME_BYTES, clean_name

from .conftest import CORPUS, EXAMPLES, csrf

GOOD_TXT = CORPUS / "s2-mixed-good-01.txt"
POOR_DOCX = EXAMPLES / "stage-one-poor.docx"


def post(client: TestClient, files: Any) -> Any:
    return client.post("/check", data={"csrf": csrf(client)}, files=files)


@pytest.mark.parametrize("stem", ["信" * 118, "😀" * 70, "é" * 119], ids=["chinese", "emoji", "accents"])
def test_a_long_name_in_a_script_of_many_bytes_is_checked_not_a_500(client: TestClient, stem: str) -> None:
    # 118 Chinese characters are within the 120-character limit but 354 bytes, over the 255
    # bytes a file name may have: writing it to the private folder failed (OSError, a 500 page)
    page = post(client, {"letter": (stem + ".docx", POOR_DOCX.read_bytes(), "application/octet-stream")})
    assert page.status_code == 200, page.text[:300]
    assert "id='rating-label'" in page.text
    links = re.findall(r"href='(/download/[^']+)'", page.text)
    assert len(links) == 2  # the annotated and the fixed copy, both made beside the letter
    for link in links:
        got = client.get(link)
        assert got.status_code == 200
        assert got.content[:2] == b"PK"


def test_clean_name_keeps_the_suffix_within_the_byte_limit() -> None:
    name = clean_name("信" * 200 + ".docx")
    assert name.endswith(".docx")
    assert len(name.encode("utf-8")) <= NAME_BYTES
    assert name.startswith("信" * 10)
    assert clean_name("😀" * 300) == "😀" * (NAME_BYTES // 4)
    assert clean_name("letter.txt") == "letter.txt"
    assert clean_name("a" * 200 + ".txt") == "a" * 116 + ".txt"


def _slow_letters(monkeypatch: pytest.MonkeyPatch) -> None:
    """A letter whose name holds "slow" takes five minutes to check (forked workers inherit it)."""
    import letterlint.engine.check as engine

    real = engine.check_path

    def slow_check(path: Path, *args: Any, **kwargs: Any) -> Any:
        if "slow" in path.name:
            time.sleep(300)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(engine, "check_path", slow_check)


@pytest.mark.slow  # worker processes: the time limit works only there
def test_a_letter_that_takes_too_long_is_stopped_and_the_worker_freed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a 300 KB .txt (well within the 10 MB limit) took over two minutes, holding one of the
    # pool's workers the whole time: two such uploads and nobody else's letter was checked
    _slow_letters(monkeypatch)
    settings = ServeSettings(config=Config(), jobs=1, processes=True, allowed_hosts=("testserver",),
                             temp_parent=str(tmp_path), check_limit_s=15)
    with TestClient(create_app(settings)) as client:
        started = time.monotonic()
        page = post(client, {"letter": ("slow.txt", GOOD_TXT.read_bytes(), "text/plain")})
        took = time.monotonic() - started
        assert page.status_code == 422
        assert "stopped checking it after 15 seconds" in page.text
        assert took < 100
        page = post(client, {"letter": ("quick.txt", GOOD_TXT.read_bytes(), "text/plain")})
        assert page.status_code == 200, re.findall(r"id='reason'>(.*?)</p>", page.text)
        assert "id='rating-label'" in page.text


@pytest.mark.slow  # worker processes, as 'letterlint serve' runs them
def test_a_slow_letter_does_not_hold_up_another_persons_letter(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the bounded pool: one person's letter that takes minutes holds one worker; another
    # person's letter is checked by the other worker meanwhile, and the page answers at once
    import threading

    _slow_letters(monkeypatch)
    settings = ServeSettings(config=Config(), jobs=2, processes=True, allowed_hosts=("testserver",),
                             temp_parent=str(tmp_path), check_limit_s=40)
    with TestClient(create_app(settings)) as client:
        token = csrf(client)
        slow: dict[str, Any] = {}
        first = threading.Thread(target=lambda: slow.setdefault("page", client.post(
            "/check", data={"csrf": token}, files={"letter": ("slow.txt", GOOD_TXT.read_bytes(), "text/plain")})))
        first.start()
        time.sleep(1)  # the slow letter is in a worker
        started = time.monotonic()
        page = client.post("/check", data={"csrf": token},
                           files={"letter": ("quick.txt", GOOD_TXT.read_bytes(), "text/plain")})
        took = time.monotonic() - started
        assert page.status_code == 200 and "id='rating-label'" in page.text
        assert first.is_alive(), "the slow letter finished first: the test proves nothing"
        assert took < 30
        first.join(120)
        assert slow["page"].status_code == 422 and "stopped checking it after 40 seconds" in slow["page"].text


@pytest.mark.slow  # worker processes: the time limit works only there
def test_stopping_the_server_does_not_wait_for_a_long_check() -> None:
    # Ctrl+C during a long check hung until it ended (shutdown waited for the worker), and a
    # second Ctrl+C did not help: the private folder with the letters stayed meanwhile
    from letterlint.letter.nlp import harper
    from letterlint.web.checker import Checker

    checker = Checker(Config(), 1, processes=True, limit_s=None)
    checker.start()
    pool = checker._pool
    assert pool is not None
    # the worker was forked after the warm-up: it has Harper's linter before checking any letter
    # (built again in each worker on the first person's letter, it cost about 3 s of CPU a worker)
    assert pool.submit(harper.is_built).result(timeout=60) is True
    pool.submit(time.sleep, 300)
    time.sleep(1)
    started = time.monotonic()
    checker.close()
    assert time.monotonic() - started < 20


def test_uvicorns_error_log_is_one_line_with_no_traceback_or_message(caplog: pytest.LogCaptureFixture) -> None:
    # Ctrl+C during a check: uvicorn cancelled the request after its graceful wait and printed
    # "Exception in ASGI application" with two tracebacks on the user's terminal
    import logging

    from letterlint.web.server import quiet_tracebacks

    quiet_tracebacks()
    log = logging.getLogger("uvicorn.error")
    try:
        raise ValueError("Dear Mrs Example, we apologise")  # an exception may quote a letter
    except ValueError:
        with caplog.at_level(logging.ERROR, logger="uvicorn.error"):
            log.exception("Exception in ASGI application\n")
    assert caplog.records
    text = caplog.text
    assert "Exception in ASGI application (ValueError)" in text
    assert "Traceback" not in text
    assert "Mrs Example" not in text


@pytest.mark.parametrize("path", ["//evil.example/", "/\\evil.example/", "//\\evil.example"])
def test_the_token_redirect_stays_on_this_site(tmp_path: Path, path: str) -> None:
    # GET //evil.example/?token=... answered 303 with Location: //evil.example/ (another site)
    settings = ServeSettings(config=Config(), jobs=1, processes=False, token="s3cret-token", allowed_hosts=None,
                             temp_parent=str(tmp_path))
    with TestClient(create_app(settings), follow_redirects=False) as client:
        got = client.get("http://testserver" + path + "?token=s3cret-token")
    assert got.status_code == 303
    location = got.headers["location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))


def test_a_word_letter_naming_a_missing_part_gets_both_copies_and_no_key_error(
        client: TestClient, tmp_path: Path) -> None:
    """breaker11 item 2: a package whose relationships name a part it lacks (here its styles)
    is read by check and Word; the page showed "A copy for download could not be made: ...
    KeyError". Both copies are made now, and the summary comment is in the annotated one."""
    from letterlint.reading import read
    from tests.fixtures.inputs.builders import rewrite_docx

    draft = rewrite_docx(POOR_DOCX, tmp_path / "draft.docx", {"word/styles.xml": None})
    page = post(client, {"letter": ("draft.docx", draft.read_bytes(), "application/octet-stream")})
    assert page.status_code == 200, page.text[:300]
    assert "KeyError" not in page.text and "could not be made" not in page.text
    links = re.findall(r"href='(/download/[^']+)'", page.text)
    assert len(links) == 2
    annotated = tmp_path / "annotated.docx"
    annotated.write_bytes(client.get(links[0]).content)
    assert any(c.text.startswith("letterlint: rated") for c in read(annotated).comments)
