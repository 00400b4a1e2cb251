"""Start ``letterlint serve``: uvicorn on a socket bound here (port 0: a free one), the address
printed, the browser opened.

Logging: uvicorn at ``warning``, with no access log (a request line can name a letter's file);
letterlint's own log lines name only the kind of error, never a letter's words.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import secrets
import socket
import sys
import threading
from collections.abc import Callable, Iterator

from letterlint.config.settings import Config
from letterlint.errors import LetterlintError
from letterlint.web.app import LOOPBACK_NAMES, ServeSettings, create_app, describe_config


def is_loopback(host: str) -> bool:
    """Is ``host`` (a name or an address) this computer only: ``localhost``, 127.0.0.0/8, ``::1``?"""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` (0: a free port chosen by the system).
    Raises ``LetterlintError`` with one line when it cannot be had (port taken, bad address)."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise LetterlintError(f"--host {host}: not an address of this computer ({exc.strerror})") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise LetterlintError(f"cannot listen on {host} port {port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


def url_for(host: str, port: int, token: str | None) -> str:
    """The address to open: ``http://127.0.0.1:8123/`` (``?token=...`` when a token is needed)."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else ("[::1]" if host == "::" else host)
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/" + (f"?token={token}" if token else "")


def serve(config: Config, *, host: str = "127.0.0.1", port: int = 0, open_browser: bool = True,
          jobs: int | None = None, config_label: str | None = None,
          say: Callable[[str], None] | None = None) -> None:
    """Run the web page until interrupted (Ctrl+C).

    ``host``: where to listen (loopback by default; anything else needs the access token:
    ``LETTERLINT_TOKEN``, or one made now and printed once); ``port``: 0 for a free one;
    ``jobs``: letters checked at once (default: the number of cores, at most 4);
    ``config_label``: one line naming the configuration (default: ``describe_config``);
    ``say``: where the address and notes are printed (default: standard error). Raises
    ``LetterlintError`` when the address cannot be listened on or ``jobs`` is below 1."""
    import uvicorn

    speak = say or (lambda msg: print(msg, file=sys.stderr, flush=True))
    if jobs is not None and jobs < 1:
        raise LetterlintError("--jobs must be 1 or more")
    loopback = is_loopback(host)
    token = None
    if not loopback:
        token = os.environ.get("LETTERLINT_TOKEN") or secrets.token_urlsafe(24)
    sock = bind(host, port)
    port = sock.getsockname()[1]
    settings = ServeSettings(
        config=config, config_label=config_label or describe_config(config),
        jobs=jobs or min(4, os.cpu_count() or 1), token=token,
        allowed_hosts=(*LOOPBACK_NAMES, host.lower()) if loopback else None)
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(
        app, log_level="warning", access_log=False, server_header=False, lifespan="on",
        timeout_keep_alive=5, timeout_graceful_shutdown=10))
    address = url_for(host, port, token)
    speak(f"letterlint: the page is at {address}")
    if token is not None:
        where = "LETTERLINT_TOKEN" if os.environ.get("LETTERLINT_TOKEN") else "made for this run; shown only now"
        speak(f"letterlint: listening on {host}, beyond this computer: every visit needs the access token "
              f"({where}). Give the address only to people who may see the letters.")
    speak("letterlint: letters stay on this computer; press Ctrl+C to stop")
    if open_browser:
        def opener() -> None:
            import contextlib
            import webbrowser

            with contextlib.suppress(Exception):  # no browser here: the printed address is enough
                webbrowser.open(address)

        def when_started() -> None:
            import time

            for _ in range(600):
                if server.started:
                    opener()
                    return
                time.sleep(0.1)

        threading.Thread(target=when_started, daemon=True).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn raises Ctrl+C again once it has shut down cleanly
        pass
    finally:
        sock.close()
    speak("letterlint: stopped; every letter and download from this run is deleted")


@contextlib.contextmanager
def running(settings: ServeSettings, host: str = "127.0.0.1") -> Iterator[str]:
    """Run the application for ``settings`` in a thread on a free port of ``host``; yield its
    address (``http://127.0.0.1:PORT``, no trailing slash); stop it (lifespan shutdown: pool
    stopped, private folder deleted) on leaving. For browser tests, screenshots and the load
    test. Raises ``RuntimeError`` when the server does not start within 120 seconds."""
    import time

    import uvicorn

    sock = bind(host, 0)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", access_log=False,
                                           lifespan="on", server_header=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 120
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the letterlint server did not start")
            time.sleep(0.05)
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=60)
        sock.close()
