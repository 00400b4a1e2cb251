"""The ``letterlint serve`` web application (Starlette).

Routes: ``GET /`` (the forms), ``POST /check`` (one letter, several, or a .zip: the result page
is the answer), ``GET /download/{key}`` (an annotated or fixed copy, the HTML report or the
CSV, for ``ServeSettings.ttl_s`` seconds), ``GET /style.css``, ``GET /app.js``.

Safety (issue 17): every response carries a strict Content-Security-Policy (nothing from
elsewhere, no inline script or style: only ``/style.css`` and ``/app.js`` from the application
itself), ``X-Frame-Options: DENY``, ``nosniff``, no referrer
and ``Cache-Control: no-store``; the Host header must name this computer when serving on
loopback (no DNS rebinding); with an access ``token`` (any ``--host`` but loopback) every
request needs it (``?token=`` once, then a cookie; or ``Authorization: Bearer``); every form
carries a CSRF token tied to the browser's session cookie. Uploads are held in memory, then
written only to the private temporary folder for as long as the check takes; nothing about a
letter is logged; an unexpected error is a plain page, never a traceback.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import secrets
import shutil
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from letterlint.config.settings import Config
from letterlint.model import Report
from letterlint.web.uploads import Limits, UploadRefused

LOG = logging.getLogger("letterlint.web")
SESSION_COOKIE = "letterlint_session"
ACCESS_COOKIE = "letterlint_access"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
CSP = ("default-src 'none'; style-src 'self'; script-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STAGES = ("acknowledgement", "holding", "stage-one", "stage-two")


@dataclass
class ServeSettings:
    """How the application runs.

    ``config``: the effective configuration (as the CLI loads it); ``config_label``: one line
    naming where it came from, shown on every page; ``jobs``: letters checked at once (worker
    processes, or threads when ``processes`` is False); ``token``: the access token every
    request must carry, or None (loopback); ``allowed_hosts``: host names the Host header may
    give (None: any, only with a token); ``limits``: upload limits; ``ttl_s``: seconds a
    download is kept; ``temp_parent``: where the private temporary folder is made (default: the
    system's); ``clock``: monotonic seconds (tests); ``max_active``: batches checked at once
    (the rest wait their turn, so memory stays bounded); single letters have a limit of their
    own, four times as many, so a drafting manager never waits for a coordinator's outbox;
    ``check_limit_s``: seconds one letter may take in a worker process before it is stopped
    with a one-line error (None: no limit), so a pathological file cannot hold a worker for ever.
    Each request has at most ``jobs`` letters waiting in the pool at a time, so the pool takes
    letters from the requests in turn rather than one whole batch after another."""

    config: Config
    config_label: str = "letterlint's defaults"
    jobs: int = 2
    processes: bool = True
    token: str | None = None
    allowed_hosts: tuple[str, ...] | None = LOOPBACK_NAMES
    limits: Limits = field(default_factory=Limits)
    ttl_s: float = 600.0
    temp_parent: str | None = None
    clock: Callable[[], float] = time.monotonic
    max_active: int = 8
    check_limit_s: float | None = 120.0


def describe_config(cfg: Config) -> str:
    """One line naming the configuration files in use (the user's own and the project's) and
    any extra rule folders, or saying the defaults are used."""
    files: list[str] = []
    for source in cfg.sources.values():
        if source not in ("default", "command line") and not source.startswith(("environment", "$")) \
                and source not in files:
            files.append(source)
    text = ", ".join(files) if files else "letterlint's defaults (no .letterlint.yaml found)"
    extra = [*cfg.get("rules.paths", []), *cfg.get("phrasebanks.paths", [])]
    if extra:
        text += "; extra rules and phrase banks: " + ", ".join(map(str, extra))
    return text


class _State:
    """What the running application holds: the secret for CSRF tokens, the private folder, the
    downloads, the checking pool, the limiter of requests checked at once."""

    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        self.secret = secrets.token_bytes(32)
        self.root: Path | None = None
        self.downloads: Any = None
        self.checker: Any = None
        self.active: Any = None
        self.active_single: Any = None
        self.pipeline_label = "not loaded yet"

    def csrf_for(self, session: str) -> str:
        return hmac.new(self.secret, b"csrf:" + session.encode(), hashlib.sha256).hexdigest()

    def access_value(self) -> str:
        return hmac.new(self.secret, b"access:" + (self.settings.token or "").encode(), hashlib.sha256).hexdigest()


def _host_name(host_header: str) -> str:
    if host_header.startswith("["):
        return host_header[1:].split("]", 1)[0]
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


class _Security(BaseHTTPMiddleware):
    """Host check, access token and security headers on every response."""

    def __init__(self, app: Any, state: _State) -> None:
        super().__init__(app)
        self.state = state

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await self._gate(request)
        if response is None:
            response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers[k] = v
        return response

    async def _gate(self, request: Request) -> Response | None:
        st = self.state
        allowed = st.settings.allowed_hosts
        if allowed is not None and _host_name(request.headers.get("host", "")).lower() not in allowed:
            return PlainTextResponse("This address is not letterlint's: open the address letterlint printed.",
                                     status_code=400)
        token = st.settings.token
        if token is None:
            return None
        auth = request.headers.get("authorization", "")
        supplied = request.query_params.get("token")
        if supplied is not None and secrets.compare_digest(supplied.encode(), token.encode()):
            if request.method != "GET":
                return None
            # the token leaves the address bar (and the history) at once; "//host" or "/\\host" would
            # send the browser to another site, so the target always has one leading "/"
            target = "/" + request.url.path.lstrip("/\\")
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(ACCESS_COOKIE, st.access_value(), httponly=True, samesite="strict", path="/")
            return response
        if auth.lower().startswith("bearer ") and secrets.compare_digest(auth[7:].strip().encode(), token.encode()):
            return None
        cookie = request.cookies.get(ACCESS_COOKIE, "")
        if cookie and secrets.compare_digest(cookie.encode(), st.access_value().encode()):
            return None
        html = _pages_context_free_message(
            "Access token needed",
            "This letterlint page needs the access token printed when 'letterlint serve' started. "
            "Open the full address it printed (it ends ?token=...).")
        return HTMLResponse(html, status_code=401)


def _pages_context_free_message(title: str, message: str) -> str:
    from html import escape

    return (f"<!doctype html><html lang='en-GB'><head><meta charset='utf-8'><title>{escape(title)}</title>"
            f"<link rel='stylesheet' href='/style.css'></head><body><div class='wrap'><main><h1>{escape(title)}</h1>"
            f"<p class='lead' id='message'>{escape(message)}</p></main></div></body></html>\n")


def create_app(settings: ServeSettings) -> Starlette:
    """The application for ``settings``. Its lifespan makes the private temporary folder,
    starts the checking pool and a sweep that deletes each download when it expires; at shutdown it
    stops the pool and deletes the folder with everything in it."""
    import anyio

    from letterlint import __version__
    from letterlint.web import pages
    from letterlint.web.checker import Checker
    from letterlint.web.store import Downloads, private_root

    st = _State(settings)

    def context(request: Request, session: str) -> pages.Context:
        lim = settings.limits
        from letterlint.web.uploads import size_text

        return pages.Context(csrf=st.csrf_for(session), config_label=settings.config_label,
                             pipeline_label=st.pipeline_label, version=__version__,
                             ttl_minutes=max(1, round(settings.ttl_s / 60)), max_letters=lim.zip_max_members,
                             max_file_text=size_text(lim.max_file_bytes), max_files=lim.max_files)

    def session_of(request: Request) -> tuple[str, bool]:
        s = request.cookies.get(SESSION_COOKIE, "")
        if len(s) == 32 and all(c in "0123456789abcdef" for c in s):
            return s, False
        return secrets.token_hex(16), True

    def html(request: Request, session: str, new: bool, text: str, status: int = 200) -> HTMLResponse:
        response = HTMLResponse(text, status_code=status)
        if new:
            response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict", path="/")
        return response

    def guarded(fn: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
        async def run(request: Request) -> Response:
            try:
                return await fn(request)
            except Exception as exc:  # never a traceback, and never the message: it may quote a letter
                LOG.error("letterlint serve: %s while answering %s %s", type(exc).__name__, request.method,
                          request.url.path)
                session, new = session_of(request)
                return html(request, session, new, pages.message_page(
                    context(request, session), "Something went wrong",
                    f"letterlint could not finish this ({type(exc).__name__}). Nothing was kept; please try "
                    "again, and tell whoever looks after letterlint if it happens again."), 500)
        return run

    @guarded
    async def home(request: Request) -> Response:
        session, new = session_of(request)
        return html(request, session, new, pages.home_page(context(request, session)))

    async def style(request: Request) -> Response:
        return Response(pages.CSS, media_type="text/css")

    async def script(request: Request) -> Response:
        return Response(pages.JS, media_type="text/javascript")

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)

    @guarded
    async def download(request: Request) -> Response:
        session, new = session_of(request)
        item = st.downloads.get(request.path_params["key"], session) if not new else None
        if item is None:
            return html(request, session, new, pages.message_page(
                context(request, session), "Download no longer available",
                f"Downloads are kept for {max(1, round(settings.ttl_s / 60))} minutes, for the browser that "
                "checked the letter. Check the letter again to get a new copy."), 404)
        data = await anyio.to_thread.run_sync(item.path.read_bytes)
        from urllib.parse import quote

        ascii_name = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in item.name)
        disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(item.name)}"
        return Response(data, media_type=item.media_type, headers={"Content-Disposition": disposition})

    @guarded
    async def check(request: Request) -> Response:
        from letterlint.web.uploads import collect, file_bytes, form_files, read_form

        session, new = session_of(request)
        ctx = context(request, session)
        origin = request.headers.get("origin")
        if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host", ""):
            return html(request, session, new, pages.message_page(
                ctx, "Form refused", "The form was sent from another web site."), 403)
        try:
            form = await read_form(request.headers, request.stream(), settings.limits)
        except UploadRefused as exc:
            return html(request, session, new, pages.home_page(ctx, [str(exc)]), exc.status)
        try:
            sent = str(form.get("csrf") or "")
            if new or not secrets.compare_digest(sent.encode(), st.csrf_for(session).encode()):
                return html(request, session, new, pages.message_page(
                    ctx, "The form has expired",
                    "The page you sent the letter from is out of date (letterlint was restarted, or the "
                    "form came from elsewhere). Go to the start page and choose the letter again."), 403)
            overrides, errors = _overrides(form)
            one = form_files(form, "letter")
            many = form_files(form, "letters")
            complaint = form_files(form, "complaint")
            files = [(f.filename or "letter", await file_bytes(f)) for f in [*one, *many]]
            if not files:
                errors.append("Choose a letter to check.")
            if len(files) > settings.limits.max_files:
                return html(request, session, new, pages.home_page(ctx, [
                    f"too many files in one go: at most {settings.limits.max_files}; put them in a .zip or "
                    "check fewer at a time"]), 413)
            if errors:
                return html(request, session, new, pages.home_page(ctx, errors), 400)
            complaint_file = (complaint[0].filename or "complaint.txt", await file_bytes(complaint[0])) \
                if complaint else None
        finally:
            await form.close()
        try:
            unpacked = collect(files, settings.limits)
        except UploadRefused as exc:
            return html(request, session, new, pages.home_page(ctx, [str(exc)]), exc.status)
        single = len(files) == 1 and not files[0][0].lower().endswith(".zip")
        if not single and not unpacked.letters and not unpacked.problems:
            skipped = "; ".join(f"{n}: {why}" for n, why in unpacked.skipped[:5])
            return html(request, session, new, pages.home_page(ctx, [
                "No letter to check: letterlint reads .docx, .odt, .rtf, .pdf, .txt, .md, .eml and .msg files"
                + (f" ({skipped})" if skipped else "")]), 422)
        if single:
            async with st.active_single:
                text, status = await _single(st, ctx, session, unpacked, complaint_file, overrides)
        else:
            async with st.active:
                text, status = await _batch(st, ctx, session, unpacked, overrides)
        return html(request, session, new, text, status)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        from letterlint.letter.nlp.pipeline import pipeline_info

        st.root = private_root(settings.temp_parent)
        st.downloads = Downloads(st.root, settings.ttl_s, settings.clock)
        st.active = anyio.Semaphore(max(1, settings.max_active))
        st.active_single = anyio.Semaphore(4 * max(1, settings.max_active))
        st.checker = Checker(settings.config, settings.jobs, settings.processes, settings.check_limit_s)
        try:
            await anyio.to_thread.run_sync(st.checker.start)
            has_pos, name = pipeline_info(bool(settings.config.get("nlp.trained", True)))
            st.pipeline_label = f"{name}" + ("" if has_pos else " (no parts of speech: the rules that need "
                                                                 "them use simpler tests)")
            async with anyio.create_task_group() as tg:
                async def sweep() -> None:
                    # wakes when the next download expires (at least every 30 seconds, and every
                    # ttl_s for downloads made while it sleeps), so none outlives ttl_s by more
                    # than a moment, whether or not anyone visits the page
                    while True:
                        due = st.downloads.next_expiry()
                        wait = min(30.0, settings.ttl_s) if due is None else due - settings.clock()
                        await anyio.sleep(max(0.05, min(30.0, settings.ttl_s, wait)))
                        st.downloads.purge()

                tg.start_soon(sweep)
                try:
                    yield
                finally:
                    tg.cancel_scope.cancel()
        finally:
            await anyio.to_thread.run_sync(st.checker.close)
            st.downloads.close()
            shutil.rmtree(st.root, ignore_errors=True)

    app = Starlette(
        routes=[Route("/", home), Route("/check", check, methods=["POST"]),
                Route("/download/{key}", download), Route("/style.css", style), Route("/app.js", script),
                Route("/favicon.ico", favicon)],
        middleware=[Middleware(_Security, state=st)],
        lifespan=lifespan,
    )
    app.state.letterlint = st
    return app


def _overrides(form: Any) -> tuple[dict[str, Any], list[str]]:
    """The letter type and date chosen on the form, checked: ``(overrides, errors)``."""
    import datetime as dt

    errors: list[str] = []
    stage = str(form.get("stage") or "").strip()
    date = str(form.get("letter_date") or "").strip()
    if stage and stage not in STAGES:
        errors.append("Choose a letter type from the list.")
        stage = ""
    if date:
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            errors.append("Enter the letter date as a real date, for example 2026-11-03.")
            date = ""
    return {"letter_type": stage or None, "letter_date": date or None}, errors


def _shown(report: Report, folder: Path, name: str) -> Report:
    """``report`` (and its file's later letters) with the private path replaced by ``name``."""
    prefix = str(folder)

    def one(r: Report) -> Report:
        err = r.error.replace(prefix + "/", "").replace(prefix, "") if r.error else r.error
        notes = tuple(n.replace(prefix + "/", "") for n in r.notes)
        return replace(r, path=name, error=err, notes=notes)

    return replace(one(report), more=tuple(one(m) for m in report.more))


def _write(folder: Path, name: str, data: bytes) -> Path:
    import os

    from letterlint.web.uploads import clean_name

    folder.mkdir(mode=0o700)
    path = folder / clean_name(name)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return path


async def _single(st: _State, ctx: Any, session: str, unpacked: Any, complaint: tuple[str, bytes] | None,
                  overrides: dict[str, Any]) -> tuple[str, int]:
    """Check one letter and build its page: ``(html, status)``."""
    from letterlint.engine.cache import load_report
    from letterlint.engine.check import error_report
    from letterlint.fix.docx_changes import fixed_path
    from letterlint.reports.annotate import annotated_path
    from letterlint.web import pages
    from letterlint.web.store import work_folder
    from letterlint.web.uploads import clean_name

    if not unpacked.letters:
        name, why = unpacked.problems[0]
        return pages.single_page(ctx, pages.SingleResult(name, [error_report(name, why)])), 422
    letter = unpacked.letters[0]
    assert st.root is not None
    with work_folder(st.root) as job:
        path = _write(job / "letter", letter.name, letter.data)
        cpath = _write(job / "complaint", complaint[0], complaint[1]) if complaint else None
        got = await st.checker.check(path, cpath, overrides, outputs=True)
        report = _shown(load_report(got["report"]), path.parent, letter.name)
        result = pages.SingleResult(letter.name, report.each_letter())
        if cpath is not None:
            cname = clean_name(complaint[0] if complaint else "")
            if "complaint_error" in got:
                result.notices.append(f"The complainant's letter {cname} could not be read "
                                      f"({got['complaint_error']}), so the letter was checked without it.")
            else:
                result.complaint = cname
        if "output_error" in got:
            result.notices.append(f"A copy for download could not be made: {got['output_error']}")
        if got.get("annotate_note"):
            result.notices.append(f"The letter with comments has no summary comment: {got['annotate_note']}")
        if got.get("annotated"):
            key = st.downloads.add(Path(got["annotated"]), annotated_path(Path(letter.name)).name, DOCX_TYPE, session)
            result.links.append(pages.Link("Download the letter with comments (.docx)", f"/download/{key}"))
        if got.get("fixed"):
            fixed_name = fixed_path(Path(letter.name)).name
            is_docx = fixed_name.lower().endswith(".docx")
            media = DOCX_TYPE if is_docx else "text/plain; charset=utf-8"
            key = st.downloads.add(Path(got["fixed"]), fixed_name, media, session)
            n = int(got.get("changes", 0))
            what = f"{n} tracked change{'s' if n != 1 else ''}" if is_docx else f"{n} change{'s' if n != 1 else ''}"
            result.links.append(pages.Link(f"Download the corrected copy ({what})", f"/download/{key}",
                                           primary=False))
    status = 422 if report.error else 200
    return pages.single_page(ctx, result), status


async def _batch(st: _State, ctx: Any, session: str, unpacked: Any,
                 overrides: dict[str, Any]) -> tuple[str, int]:
    """Check several letters and build the summary page: ``(html, status)``."""
    import anyio

    from letterlint import reports as formatters
    from letterlint.engine.cache import load_report
    from letterlint.engine.check import error_report
    from letterlint.model import each_letter
    from letterlint.scoring.annex_b import summarise
    from letterlint.web import pages
    from letterlint.web.store import work_folder

    assert st.root is not None
    with work_folder(st.root) as job:
        paths = [_write(job / f"{i:04d}", u.name.rsplit("/", 1)[-1], u.data) for i, u in enumerate(unpacked.letters)]
        results: list[dict[str, Any] | None] = [None] * len(paths)
        window = anyio.Semaphore(max(1, st.settings.jobs))  # this request's letters in the pool at once

        async def one(i: int, path: Path) -> None:
            async with window:
                results[i] = await st.checker.check(path, None, overrides, outputs=False)

        async with anyio.create_task_group() as tg:
            for i, path in enumerate(paths):
                tg.start_soon(one, i, path)
    reports = [_shown(load_report(got["report"]), path.parent, u.name)
               for got, path, u in zip(results, paths, unpacked.letters, strict=True) if got is not None]
    reports = each_letter(reports)
    reports += [error_report(n, why) for n, why in unpacked.problems]

    def render() -> tuple[str, str, Any]:
        return (formatters.render("html", reports, batch=True), formatters.render("csv", reports),
                summarise(reports))

    html_report, csv_report, summary = await anyio.to_thread.run_sync(render)
    links = [pages.Link("Download the report (HTML)", "/download/" + st.downloads.add(
                 html_report.encode("utf-8"), "letterlint-report.html", "text/html; charset=utf-8", session)),
             pages.Link("Download the spreadsheet (CSV)", "/download/" + st.downloads.add(
                 csv_report.encode("utf-8"), "letterlint-report.csv", "text/csv; charset=utf-8", session),
                 primary=False)]
    result = pages.BatchResult(reports, summary, links, skipped=unpacked.skipped)
    return pages.batch_page(ctx, result), 200
