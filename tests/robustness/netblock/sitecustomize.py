"""Loaded by tests through PYTHONPATH: every attempt to open a network connection fails and is
recorded. LETTERLINT_NETBLOCK_LOG names a file; the first line proves this module loaded."""

import os
import socket

_LOG = os.environ.get("LETTERLINT_NETBLOCK_LOG")


def _note(line: str) -> None:
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")


_note(f"loaded {os.getpid()}")


def _refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
    _note(f"attempt {args[1:2] or args[:1]!r}")
    raise OSError("network access is blocked in this test")


socket.socket.connect = _refuse  # type: ignore[method-assign]
socket.socket.connect_ex = _refuse  # type: ignore[method-assign]
socket.socket.sendto = _refuse  # type: ignore[method-assign]
socket.create_connection = _refuse  # type: ignore[assignment]
socket.getaddrinfo = _refuse  # type: ignore[assignment]
