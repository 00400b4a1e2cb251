"""LanguageTool adapter: off by default, loopback server replaying recorded responses."""

from __future__ import annotations

import http.server
import json
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from letterlint.config.settings import Config
from letterlint.engine.check import check_path
from letterlint.letter.nlp import languagetool as lt
from letterlint.rules.loader import RuleSet, ruleset_for
from tests.conftest import ROOT, wrap_letter

RULESET = ruleset_for()
FIXTURES = ROOT / "tests" / "fixtures" / "languagetool"


@pytest.fixture(autouse=True)
def _only_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection to a host other than 127.0.0.1 fails the test."""
    real = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if host != "127.0.0.1":
            raise AssertionError(f"tried to contact {address!r}")
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)


class _Server:
    def __init__(self, response: dict[str, Any]) -> None:
        self.response = response
        self.requests: list[dict[str, Any]] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
                outer.requests.append({"path": self.path, "form": {k: v[0] for k, v in form.items()}})
                body = json.dumps(outer.response).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[_Server]:
    s = _Server({"matches": []})
    yield s
    s.close()


def _match(offset: int, length: int, rule_id: str, category: str, message: str = "Check this.",
           replacements: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"message": message, "replacements": [{"value": r} for r in replacements], "offset": offset,
            "length": length, "rule": {"id": rule_id, "issueType": "grammar", "category": {"id": category}}}


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def _check(tmp_path: Path, body: str, config: dict[str, Any], codes: tuple[str, ...] = ("LL590", "LL490")) -> Any:
    path = tmp_path / "letter.txt"
    path.write_text(wrap_letter(body), encoding="utf-8")
    cfg = Config()
    for k, v in config.items():
        cfg.set(k, v, "test")
    rules = tuple(r for r in RULESET.rules if r.code in codes)
    report = check_path(path, cfg, {"letter_type": "stage-one"}, None, RuleSet(rules, RULESET.banks))
    assert not [r for r in report.results if r.status == "errored"], report.results
    return report


def test_utf16_offsets_become_python_offsets() -> None:
    text = "£5 “quoted” 😀 then 🙂🙂 the end"
    convert = lt.utf16_to_python(text)
    for word in ("£5", "quoted", "then", "the end"):
        i = text.index(word)
        assert convert(utf16_len(text[:i])) == i
        assert convert(utf16_len(text[: i + len(word)])) == i + len(word)
    assert convert(utf16_len(text)) == len(text)
    assert convert(10_000) == len(text) and convert(-1) == 0


def test_off_by_default_adds_a_note_and_contacts_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("no request may be made")

    monkeypatch.setattr("urllib.request.urlopen", refuse)
    report = _check(tmp_path, "The witness were not told.", {})
    assert not report.findings
    assert "grammar ran with built-in rules only (no LanguageTool server configured)" in report.notes
    assert sum("LanguageTool" in n for n in report.notes) == 1  # once, not once per rule


def test_request_offsets_and_source(tmp_path: Path, server: _Server) -> None:
    body = "I am sorry 😀 that the witness were not told about the £50 “fee”."
    start = body.index("witness were")
    server.response = {"matches": [
        _match(utf16_len(body[:start]), utf16_len("witness were"), "SINGULAR_VERB", "GRAMMAR",
               "Subject and verb do not agree.", ("witness was", "witnesses were")),
        _match(utf16_len(body[: body.index("“fee”")]), 5, "EN_QUOTES", "TYPOGRAPHY", "Quotes."),
    ]}
    report = _check(tmp_path, body, {"languagetool.url": server.url + "/"})
    [req] = server.requests
    assert req["path"] == "/v2/check"
    assert req["form"]["language"] == "en-GB"
    assert req["form"]["text"] == body  # only the body is sent
    assert "OXFORD_SPELLING_Z_NOT_S" in req["form"]["disabledRules"].split(",")
    quotes = {f.quote: f for f in report.findings}
    assert set(quotes) == {"witness were", "“fee”"}
    f = quotes["witness were"]
    assert f.code == "LL590" and f.item == "Q23" and f.source == "languagetool:SINGULAR_VERB"
    assert f.suggestion == "witness was"
    assert "Subject and verb do not agree." in f.message and "'witnesses were'" in f.message


def test_typos_go_to_q22_and_overlaps_with_builtin_findings_are_dropped(tmp_path: Path, server: _Server) -> None:
    body = "We recieved your letter about the hearing on Wednseday."
    server.response = {"matches": [
        _match(body.index("recieved"), 8, "MORFOLOGIK_RULE_EN_GB", "TYPOS"),
        _match(body.index("recieved") - 3, 11, "EN_OTHER_TYPO", "TYPOS"),  # overlaps LL401's finding
        _match(body.index("Wednseday"), 9, "EN_WEEKDAY_TYPO", "TYPOS", replacements=("Wednesday",)),
    ]}
    report = _check(tmp_path, body, {"languagetool.url": server.url}, ("LL401", "LL490", "LL590"))
    got = sorted((f.code, f.quote, f.item, f.source) for f in report.findings)
    assert got == [
        ("LL401", "recieved", "Q22", "letterlint"),
        ("LL490", "Wednseday", "Q22", "languagetool:EN_WEEKDAY_TYPO"),
    ]
    assert len(server.requests) == 1  # one request shared by LL490 and LL590


def test_unreachable_server_is_a_note(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again below: nothing listens there
    url = f"http://127.0.0.1:{port}"
    report = _check(tmp_path, "The witness were not told.", {"languagetool.url": url})
    assert not report.findings
    [note] = [n for n in report.notes if "LanguageTool" in n]
    assert note.startswith(f"LanguageTool at {url} could not be reached: ")
    assert note.endswith("grammar ran with built-in rules only")


def test_bad_reply_is_a_note(tmp_path: Path, server: _Server) -> None:
    server.response = {"unexpected": True}
    report = _check(tmp_path, "The witness were not told.", {"languagetool.url": server.url})
    assert not report.findings
    assert any("not a LanguageTool check result" in n for n in report.notes)


def test_public_api_only_on_opt_in_with_a_warning(tmp_path: Path, server: _Server,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lt, "PUBLIC_URL", server.url)  # stands in for api.languagetool.org
    _check(tmp_path, "The witness were not told.", {})
    assert server.requests == []
    report = _check(tmp_path, "The witness were not told.", {"languagetool.public_api": True})
    assert len(server.requests) == 1
    assert any("public LanguageTool service" in n and "personal data" in n for n in report.notes)


def test_recorded_response_file(tmp_path: Path) -> None:
    report = _check(tmp_path, "The witness were not told about the hearing.",
                    {"languagetool.url": f"file:{FIXTURES / 'll590-witness-were.json'}"})
    assert [f.quote for f in report.findings] == ["witness were"]


def test_local_without_the_extra_is_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "language_tool_python":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    report = _check(tmp_path, "The witness were not told.", {"languagetool.local": True})
    assert any("language-tool-python is not installed" in n for n in report.notes)


def test_cli_languagetool_url(tmp_path: Path, server: _Server) -> None:
    from typer.testing import CliRunner

    from letterlint.cli.app import app

    # words no built-in rule or Harper flags (where one does, the finding goes under its code,
    # naming LanguageTool's rule), so the replayed match must come through under LanguageTool's
    body = "The hearing went ahead on the day."
    server.response = {"matches": [_match(4, 7, "SINGULAR_VERB", "GRAMMAR", "Subject and verb do not agree.")]}
    path = tmp_path / "letter.txt"
    path.write_text(wrap_letter(body), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--format", "json", "--languagetool-url", server.url])
    data = json.loads(result.stdout)
    report = data["reports"][0] if "reports" in data else data
    assert any(f["source"] == "languagetool:SINGULAR_VERB" for f in report["findings"])
    assert len(server.requests) == 1
