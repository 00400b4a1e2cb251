"""``letterlint serve``: the same checks on a web page, for people who never open a terminal (issue 17).

A small Starlette application run by uvicorn on this computer (loopback by default). Pages
are rendered on the server as plain HTML, with one stylesheet and one small script served from
the application itself (nothing inline, nothing loaded from elsewhere); every page works
without the script.

- ``app.py``: the application (routes, access token, CSRF, security headers, limits);
- ``uploads.py``: reading the uploaded form and unpacking a .zip safely;
- ``checker.py``: the bounded pool of checking processes (the engine the CLI uses);
- ``store.py``: the private temporary folder and the downloads that expire;
- ``pages.py``: the HTML;
- ``server.py``: starting uvicorn on a free port, printing the address, opening the browser.
"""

from __future__ import annotations

__all__ = ["ServeSettings", "create_app", "serve"]

from letterlint.web.app import ServeSettings, create_app
from letterlint.web.server import serve
