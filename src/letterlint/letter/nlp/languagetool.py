"""Optional LanguageTool grammar checking. Never used unless the user asks for it.

Three ways, in this order of preference:

- ``languagetool.url``: a LanguageTool server the user runs (``POST {url}/v2/check``);
- ``languagetool.local``: a local install through ``language-tool-python`` (the
  ``languagetool`` extra);
- ``languagetool.public_api``: the public API at api.languagetool.org, only on explicit
  opt-in, because the letter text (personal data) leaves the machine.

Only the letter body is sent. LanguageTool gives offsets in UTF-16 code units (Java
strings); they are converted to Python string offsets here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

PUBLIC_URL = "https://api.languagetool.org"
LANGUAGE = "en-GB"
# CPS house style is -ise; LanguageTool's Oxford spelling rules would push -ize.
DISABLED_RULES = ("OXFORD_SPELLING_Z_NOT_S", "OXFORD_SPELLING_NOUNS", "OXFORD_SPELLING_ISATION_NOUNS")
TIMEOUT_S = 15.0  # per network operation (connecting, each read)
DEADLINE_S = 30.0  # for the whole request, however slowly a server drips its answer
MAX_FAILURES = 2  # after this many failed requests in a run, stop trying for the rest of it
MAX_REPLY_BYTES = 8 * 1024 * 1024
_FAILURES: list[str] = []  # this run's (this process's) failed requests


def reset_failures() -> None:
    """Forget earlier failures (a new run in the same process, e.g. in tests)."""
    _FAILURES.clear()


class LanguageToolError(Exception):
    """LanguageTool could not be used; the message says why in plain words."""


@dataclass(frozen=True)
class LTMatch:
    """One LanguageTool match, for the grammar check (Q23). ``start`` and ``end`` are Python
    ``str`` offsets (characters, not LanguageTool's UTF-16 units) into the text sent, end
    exclusive; ``replacements`` are LanguageTool's suggestions, best first (may be empty);
    ``rule_id`` and ``category`` (TYPOS, GRAMMAR, PUNCTUATION...) and ``issue_type`` are
    LanguageTool's own names, ``issue_type`` "" when it gives none."""
    start: int  # Python string offsets into the text sent
    end: int
    message: str
    replacements: tuple[str, ...]
    rule_id: str
    category: str  # TYPOS, GRAMMAR, PUNCTUATION, CASING, CONFUSED_WORDS, STYLE...
    issue_type: str = ""


def utf16_to_python(text: str) -> Callable[[int], int]:
    """A function turning a UTF-16 code-unit offset into ``text`` into a Python str offset."""
    table: list[int] = []
    for i, ch in enumerate(text):
        table.append(i)
        if ord(ch) > 0xFFFF:
            table.append(i)  # the second half of a surrogate pair maps to the same character
    table.append(len(text))

    def convert(offset: int) -> int:
        if offset <= 0:
            return 0
        if offset >= len(table):
            return len(text)
        return table[offset]

    return convert


def parse_matches(text: str, data: Any) -> list[LTMatch]:
    """Matches from a ``/v2/check`` JSON response, with Python offsets into ``text``."""
    if not isinstance(data, dict) or not isinstance(data.get("matches"), list):
        raise LanguageToolError("the reply was not a LanguageTool check result")
    convert = utf16_to_python(text)
    out: list[LTMatch] = []
    for m in data["matches"]:
        try:
            offset, length = int(m["offset"]), int(m["length"])
            rule = m.get("rule") or {}
            category = (rule.get("category") or {}).get("id", "")
            reps = tuple(str(r.get("value", "")) for r in (m.get("replacements") or [])[:3] if r.get("value"))
            start, end = convert(offset), convert(offset + length)
        except (KeyError, TypeError, ValueError, AttributeError):
            continue  # a malformed match is skipped, not fatal
        if end <= start:
            continue
        out.append(LTMatch(start, end, str(m.get("message", "")), reps, str(rule.get("id", "")),
                           str(category), str(rule.get("issueType", ""))))
    return out


def check_remote(url: str, text: str, timeout: float = TIMEOUT_S,
                 disabled: Sequence[str] = DISABLED_RULES, deadline: float = DEADLINE_S) -> list[LTMatch]:
    """POST ``text`` to ``{url}/v2/check``; raises LanguageToolError on any failure.

    The whole request has ``deadline`` seconds (each network operation ``timeout``); after
    ``MAX_FAILURES`` failures in a run no more requests are made (each later call fails at once),
    so an outbox is not held up by a server that is down."""
    if len(_FAILURES) >= MAX_FAILURES:
        raise LanguageToolError(f"not tried: {MAX_FAILURES} requests already failed in this run "
                                f"({_FAILURES[-1]})")
    try:
        return _check_remote(url, text, timeout, disabled, deadline)
    except LanguageToolError as exc:
        _FAILURES.append(str(exc))
        raise


def _check_remote(url: str, text: str, timeout: float, disabled: Sequence[str],
                  deadline: float) -> list[LTMatch]:
    import time
    import urllib.error
    import urllib.parse
    import urllib.request

    endpoint = url.rstrip("/") + "/v2/check"
    if not endpoint.lower().startswith(("http://", "https://")):
        raise LanguageToolError("the address must start with http:// or https://")
    started = time.monotonic()
    body = urllib.parse.urlencode({
        "language": LANGUAGE, "text": text, "disabledRules": ",".join(disabled),
    }).encode("utf-8")
    request = urllib.request.Request(endpoint, data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        "Accept": "application/json",
    })
    try:
        with urllib.request.urlopen(request, timeout=min(timeout, deadline)) as response:
            chunks: list[bytes] = []
            size = 0
            while True:
                if time.monotonic() - started > deadline:
                    raise LanguageToolError(f"no complete answer within {deadline:g} s")
                chunk = response.read1(65536)  # what has arrived: a slow drip cannot hold it
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_REPLY_BYTES:
                    raise LanguageToolError("the answer was too large")
                chunks.append(chunk)
            raw = b"".join(chunks)
    except LanguageToolError:
        raise
    except urllib.error.HTTPError as exc:
        raise LanguageToolError(f"it answered {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise LanguageToolError(str(exc.reason)) from None
    except (TimeoutError, OSError) as exc:
        raise LanguageToolError(str(exc) or type(exc).__name__) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise LanguageToolError("the reply was not JSON") from None
    return parse_matches(text, data)


def replay(path: str, text: str) -> list[LTMatch]:
    """Matches from a recorded ``/v2/check`` response on disk (``languagetool.url: file:...``),
    for trying rules and demonstrating LanguageTool findings without any server."""
    from pathlib import Path
    from urllib.parse import unquote, urlparse

    target = Path(unquote(urlparse(path).path)) if path.startswith("file://") else Path(path.removeprefix("file:"))
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LanguageToolError(f"the recorded response could not be read ({exc})") from None
    return parse_matches(text, data)


def check_local(text: str, disabled: Sequence[str] = DISABLED_RULES) -> list[LTMatch]:
    """Check with a local LanguageTool through language-tool-python (the 'languagetool' extra)."""
    try:
        import language_tool_python
    except ImportError:
        raise LanguageToolError("language-tool-python is not installed (install the 'languagetool' extra)") from None
    try:
        tool = language_tool_python.LanguageTool(LANGUAGE)
        try:
            tool.disabled_rules.update(disabled)
            matches = tool.check(text)
        finally:
            tool.close()
    except Exception as exc:  # the local server failed to start or answer
        raise LanguageToolError(f"the local LanguageTool failed: {exc}") from None
    data = {"matches": [{
        "offset": m.offset, "length": m.errorLength, "message": m.message,
        "replacements": [{"value": r} for r in m.replacements],
        "rule": {"id": m.ruleId, "category": {"id": m.category}, "issueType": m.ruleIssueType},
    } for m in matches]}
    return parse_matches(text, data)
