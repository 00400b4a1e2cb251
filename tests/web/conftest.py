"""Shared pieces for the ``letterlint serve`` tests: a running application (Starlette's
TestClient, the checking pool in threads), its CSRF token, and zips made to order."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from letterlint.config.settings import Config
from letterlint.web.app import ServeSettings, create_app
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"
CORPUS = ROOT / "tests" / "corpus" / "letters"


class Clock:
    """A clock the tests move by hand (seconds)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def csrf(client: TestClient) -> str:
    """The CSRF token of the start page (and the session cookie that goes with it)."""
    page = client.get("/")
    assert page.status_code == 200
    m = re.search(r"name='csrf' value='([^']+)'", page.text)
    assert m, "no CSRF token on the start page"
    return m.group(1)


def make_zip(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A .zip holding ``members`` (name -> bytes)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return buf.getvalue()


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="module")
def settings(clock: Clock, tmp_path_factory: pytest.TempPathFactory) -> ServeSettings:
    return ServeSettings(config=Config(), config_label="test configuration", jobs=2, processes=False,
                         allowed_hosts=("testserver",), clock=clock,
                         temp_parent=str(tmp_path_factory.mktemp("serve-temp")))


@pytest.fixture(scope="module")
def client(settings: ServeSettings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), follow_redirects=False) as c:
        yield c


def corpus_letters() -> list[Path]:
    """The corpus letters a batch is made of."""
    return sorted(p for p in CORPUS.iterdir() if p.suffix in (".docx", ".txt", ".md"))
