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


BROWSER_SCRIPT = "#!/bin/sh\nprintf '%s\\n' \"$1\" >> \"$(dirname \"$0\")/opened.txt\"\n"


def _start(tmp_path: Path, *args: str, env: dict[str, str] | None = None,
           browser: bool = False) -> tuple[subprocess.Popen[str], str]:
    """``letterlint serve`` in ``tmp_path`` (its temporary folder there too); the address it
    printed. ``browser``: leave out ``--no-browser``. Either way ``BROWSER`` names a script that
    writes each address it is asked to open to ``tmp_path/bin/opened.txt`` (Python's webbrowser
    honours ``BROWSER``), so a test can tell whether the browser was opened."""
    bindir = tmp_path / "bin"
    bindir.mkdir(exist_ok=True)
    script = bindir / "fake-browser"
    script.write_text(BROWSER_SCRIPT, encoding="utf-8")
    script.chmod(0o755)
    flags = [] if browser else ["--no-browser"]
    proc = subprocess.Popen([str(LETTERLINT), "serve", *flags, "--jobs", "1", *args], cwd=tmp_path,
                            env={**os.environ, "TMPDIR": str(tmp_path), "BROWSER": str(script), **(env or {})},
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
    PRINTED[proc.pid] = "".join(lines)
    while time.monotonic() < deadline:  # the address is printed just before the server listens
        try:
            urllib.request.urlopen(address.split("?")[0] + "style.css", timeout=5)
            break
        except urllib.error.HTTPError:
            break
        except OSError:
            time.sleep(0.2)
    return proc, address


PRINTED: dict[int, str] = {}


def _stop(proc: subprocess.Popen[str], tmp_path: Path) -> str:
    """Ctrl+C; check the private folder is gone; return all the server printed on standard error."""
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 0
    assert proc.stderr is not None
    printed = PRINTED.pop(proc.pid, "") + proc.stderr.read()
    left = [p.name for p in tmp_path.iterdir() if p.name.startswith("letterlint-")]
    assert not left, f"private folder left behind: {left}"
    return printed


def _opened(tmp_path: Path) -> list[str]:
    record = tmp_path / "bin" / "opened.txt"
    return record.read_text(encoding="utf-8").split() if record.exists() else []


def _upload(address: str, name: str, data: bytes, status: int = 200) -> str:
    """Open the page (session cookie, CSRF token) and check one letter through its form: the answer."""
    import httpx

    base = address.split("?")[0]
    with httpx.Client(timeout=300, follow_redirects=True) as client:
        page = client.get(address)
        token = re.search(r"name='csrf' value='([^']+)'", page.text)
        assert token, page.text[:300]
        answer = client.post(base + "check", data={"csrf": token.group(1)}, files={"letter": (name, data)})
        assert answer.status_code == status, answer.text[:300]
        return answer.text


ACK = Path(__file__).resolve().parents[2] / "examples" / "acknowledgement.txt"
MARKER = "Quokkaminster"  # a made-up name: it must reach the page and nowhere else


def _marked_letter() -> bytes:
    """The example acknowledgement with a misspelling (LL401) and ``MARKER`` as the complainant's name."""
    text = ACK.read_text(encoding="utf-8").replace("Pritchard", MARKER)
    return text.replace("has been received and recorded", "has been recieved and recorded").encode()


def test_serve_prints_a_loopback_address_opens_the_browser_and_logs_no_letter(tmp_path: Path) -> None:
    proc, address = _start(tmp_path, browser=True)
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", address)
        deadline = time.monotonic() + 60
        while not _opened(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _opened(tmp_path) == [address]  # the browser was sent to the printed address, once
        with urllib.request.urlopen(address, timeout=30) as page:
            html = page.read().decode()
            assert page.headers["Content-Security-Policy"].startswith("default-src 'none'")
            assert page.headers.get("Server") is None
        assert "Check one letter" in html
        assert "Configuration: letterlint&#x27;s defaults" in html  # none in the folder
        assert re.search(r"id='pipeline'>Language pipeline: \w", html)
        assert any(p.name.startswith("letterlint-serve-") for p in tmp_path.iterdir())
        answer = _upload(address, f"Reply to {MARKER}.txt", _marked_letter())
        assert MARKER in answer
        assert "<blockquote class='quote'>recieved</blockquote>" in answer
        unreadable = _upload(address, f"{MARKER}.docx", f"PK not a Word file, {MARKER}".encode(), 422)
        assert "not a valid .docx file" in unreadable
    finally:
        printed = _stop(proc, tmp_path)
    # everything the server printed, from start to Ctrl+C: no letter's words, name or error
    assert MARKER not in printed and "recieved" not in printed and "Traceback" not in printed, printed
    assert "the page is at" in printed and "stopped" in printed


@pytest.mark.parametrize("env_token", ["", "team-token-kept-in-a-password-manager"], ids=["made", "from-env"])
def test_serve_beyond_loopback_needs_the_token(tmp_path: Path, env_token: str) -> None:
    proc, address = _start(tmp_path, "--host", "0.0.0.0", env={"LETTERLINT_TOKEN": env_token})
    try:
        m = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/\?token=([\w-]{20,})", address)
        assert m, address
        token = m.group(2)
        if env_token:
            assert token == env_token
        bare = f"http://127.0.0.1:{m.group(1)}/"
        for wrong in ("", "?token=guess"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(bare + wrong, timeout=30)
            assert refused.value.code == 401
        req = urllib.request.Request(bare, headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(req, timeout=30) as page:
            assert page.status == 200
    finally:
        printed = _stop(proc, tmp_path)
    assert printed.count(token) == 1  # printed once, in the address, and never again
    assert ("LETTERLINT_TOKEN" if env_token else "made for this run; shown only now") in printed
    assert not _opened(tmp_path)  # --no-browser


@pytest.mark.parametrize("how", ["folder", "--config"])
def test_the_configuration_is_used_and_named_on_the_page(tmp_path: Path, how: str) -> None:
    settings = "team:\n  name: CPS Wessex Victim Liaison Unit\nrules:\n  disable: [LL701]\n"
    if how == "folder":
        (tmp_path / ".letterlint.yaml").write_text(settings, encoding="utf-8")
        args: tuple[str, ...] = ()
        named = r"[^<]*\.letterlint\.yaml"
    else:
        (tmp_path / "team").mkdir()
        (tmp_path / "team" / "wessex.yaml").write_text(settings, encoding="utf-8")
        args = ("--config", "team/wessex.yaml")
        named = r"[^<]*team/wessex\.yaml"
    proc, address = _start(tmp_path, *args)
    try:
        with urllib.request.urlopen(address, timeout=30) as page:
            html = page.read().decode()
        assert re.search(rf"id='config'>Configuration: {named}<", html), re.findall(r"id='config'>[^<]*", html)
        answer = _upload(address, "reply.txt", _marked_letter())
        # the configuration's effect: LL701 (long sentences: two in this letter with the defaults,
        # as 'letterlint check' reports) is switched off; the other checks still run
        assert "(LL401)" in answer and "(LL701)" not in answer
        assert re.search(rf"Configuration: {named}<", answer)
    finally:
        _stop(proc, tmp_path)
    assert not _opened(tmp_path)


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


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal is Linux's")
def test_a_killed_server_leaves_no_worker_holding_the_port(tmp_path: Path) -> None:
    """``serve`` killed outright (SIGKILL: an OOM killer, a closed session): its worker, which
    was forked with the listening socket, ends too, so the port is free for the next ``serve``
    (a tester's finding: the worker kept the port and the page hung, for good)."""
    proc, address = _start(tmp_path)
    children = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not children:
        out = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
        children = [int(c) for c in out]
        time.sleep(0.2)
    assert children, "serve started no worker process"
    proc.kill()
    proc.wait(timeout=30)
    deadline = time.monotonic() + 15
    alive = children
    while alive and time.monotonic() < deadline:
        alive = [c for c in children if os.path.exists(f"/proc/{c}") and
                 "Z" not in Path(f"/proc/{c}/stat").read_text().split()[2]]
        time.sleep(0.2)
    for c in alive:  # a failure must not leave the process behind
        os.kill(c, signal.SIGKILL)
    assert not alive, "the worker outlived its killed server"
    port = int(address.split(":")[2].split("/")[0])
    again = subprocess.Popen([str(LETTERLINT), "serve", "--no-browser", "--port", str(port), "--jobs", "1"],
                             cwd=tmp_path, env={**os.environ, "TMPDIR": str(tmp_path)},
                             stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        assert again.stderr is not None
        line = ""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = again.stderr.readline()
            if "the page is at" in line or "cannot listen" in line or (not line and again.poll() is not None):
                break
        assert "the page is at" in line, line
    finally:
        again.send_signal(signal.SIGINT)
        again.wait(timeout=60)


@pytest.mark.parametrize("port", ["99999", "65536", "-1"])
def test_a_port_out_of_range_is_refused_in_one_line(tmp_path: Path, port: str) -> None:
    """Not taken modulo 65536 (99999 served on 34463), nor blamed on the host (-1)."""
    from tests.workflow.clihelp import run

    res = run(["serve", "--no-browser", "--port", port], tmp_path)
    assert res.returncode == 2
    assert res.stderr.strip() == "letterlint: error: --port: must be from 0 to 65535"
    assert not res.stdout
