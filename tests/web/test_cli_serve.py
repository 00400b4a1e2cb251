"""``letterlint serve`` as a person starts it: the printed address answers, a non-loopback host
needs the printed token, Ctrl+C stops it and leaves no temporary folder behind."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from letterlint.web.server import is_loopback, url_for

pytestmark = pytest.mark.slow
LETTERLINT = Path(sys.executable).parent / "letterlint"


def _start(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([str(LETTERLINT), "serve", "--no-browser", "--jobs", "1", *args], cwd=tmp_path,
                            env={**os.environ, "TMPDIR": str(tmp_path), **(env or {})},
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    assert proc.stderr is not None
    lines = []
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        lines.append(line)
        m = re.search(r"the page is at (\S+)", line)
        if m:
            address = m.group(1)
            break
        if not line and proc.poll() is not None:
            raise AssertionError("letterlint serve stopped: " + "".join(lines))
    else:
        raise AssertionError("no address printed")
    while time.monotonic() < deadline:  # the address is printed just before the server listens
        try:
            urllib.request.urlopen(address.split("?")[0] + "style.css", timeout=5)
            break
        except urllib.error.HTTPError:
            break
        except OSError:
            time.sleep(0.2)
    return proc, address


def _stop(proc: subprocess.Popen[str], tmp_path: Path) -> None:
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 0
    left = [p.name for p in tmp_path.iterdir() if p.name.startswith("letterlint-serve-")]
    assert not left, f"private folder left behind: {left}"


def test_serve_prints_a_loopback_address_on_a_free_port_and_cleans_up(tmp_path: Path) -> None:
    proc, address = _start(tmp_path)
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", address)
        with urllib.request.urlopen(address, timeout=30) as page:
            html = page.read().decode()
            assert page.headers["Content-Security-Policy"].startswith("default-src 'none'")
            assert page.headers.get("Server") is None
        assert "Check one letter" in html
        assert "Configuration: letterlint&#x27;s defaults" in html  # none in the folder
        assert any(p.name.startswith("letterlint-serve-") for p in tmp_path.iterdir())
    finally:
        _stop(proc, tmp_path)


def test_serve_beyond_loopback_needs_the_token_it_prints(tmp_path: Path) -> None:
    proc, address = _start(tmp_path, "--host", "0.0.0.0", env={"LETTERLINT_TOKEN": ""})
    try:
        m = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/\?token=([\w-]{20,})", address)
        assert m, address
        bare = f"http://127.0.0.1:{m.group(1)}/"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(bare, timeout=30)
        assert refused.value.code == 401
        req = urllib.request.Request(bare, headers={"Authorization": f"Bearer {m.group(2)}"})
        with urllib.request.urlopen(req, timeout=30) as page:
            assert page.status == 200
    finally:
        _stop(proc, tmp_path)


def test_the_configuration_of_the_folder_is_named_on_the_page(tmp_path: Path) -> None:
    (tmp_path / ".letterlint.yaml").write_text("team:\n  name: CPS Wessex Victim Liaison Unit\n", encoding="utf-8")
    proc, address = _start(tmp_path)
    try:
        with urllib.request.urlopen(address, timeout=30) as page:
            html = page.read().decode()
        assert re.search(r"id='config'>Configuration: [^<]*\.letterlint\.yaml<", html)
    finally:
        _stop(proc, tmp_path)


def test_loopback_is_told_apart_from_other_addresses() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1") and is_loopback("[::1]")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")
    assert url_for("0.0.0.0", 8000, "abc") == "http://127.0.0.1:8000/?token=abc"
    assert url_for("::1", 8000, None) == "http://[::1]:8000/"


def test_bad_port_is_one_line(tmp_path: Path) -> None:
    import socket

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        run = subprocess.run([str(LETTERLINT), "serve", "--no-browser", "--port", str(port)], cwd=tmp_path,
                             capture_output=True, text=True, timeout=120, env={**os.environ, "TMPDIR": str(tmp_path)})
    finally:
        taken.close()
    assert run.returncode == 2
    assert re.fullmatch(rf"letterlint: error: cannot listen on 127\.0\.0\.1 port {port}: [^\n]+\n", run.stderr)
