"""``letterlint serve`` through Starlette's TestClient: the pages, the downloads and every
safety rule of issue 17 (CSRF, headers, access token, limits, zips, expiry, logs)."""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import stat
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from starlette.testclient import TestClient

from letterlint.config.settings import Config
from letterlint.web.app import CSP, ServeSettings, create_app
from letterlint.web.uploads import Limits

from .conftest import CORPUS, EXAMPLES, Clock, corpus_letters, csrf, make_zip

POOR = EXAMPLES / "stage-one-poor.docx"
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def post(client: TestClient, files: Any, data: dict[str, str] | None = None, token: str | None = None) -> Any:
    return client.post("/check", data={"csrf": token if token is not None else csrf(client), **(data or {})},
                       files=files)


def root_of(client: TestClient) -> Path:
    root = client.app.state.letterlint.root  # type: ignore[attr-defined]
    assert isinstance(root, Path)
    return root


# ----------------------------------------------------------------------------- pages and headers

def test_start_page_has_both_forms_the_configuration_and_the_security_headers(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "Check one letter" in page.text and "Check several letters" in page.text
    assert "Configuration: test configuration" in page.text
    assert "Language pipeline:" in page.text and "not loaded yet" not in page.text
    # the limits the page states are the ones it enforces (a new user read 'Up to 1,000 letters'
    # where 100 files is the limit and 1,000 the letters in one .zip)
    from letterlint.web.uploads import Limits

    lim = Limits()
    assert f"Up to {lim.max_files:,} files at once, or a .zip of up to {lim.zip_max_members:,} letters" in page.text
    h = page.headers
    assert h["content-security-policy"] == CSP
    assert "default-src 'none'" in CSP and "style-src 'self'" in CSP and "script-src 'self'" in CSP
    assert "unsafe" not in CSP and "http" not in CSP and "*" not in CSP
    assert "frame-ancestors 'none'" in CSP and "form-action 'self'" in CSP
    assert h["x-frame-options"] == "DENY" and h["x-content-type-options"] == "nosniff"
    assert h["cache-control"] == "no-store" and h["referrer-policy"] == "no-referrer"
    assert "httponly" in h["set-cookie"].lower() and "samesite=strict" in h["set-cookie"].lower()
    # what the CSP allows is all the page uses: one script and one stylesheet of its own, no
    # inline script, style or event handler, nothing from elsewhere
    assert re.findall(r"<script[^>]*>", page.text) == ["<script src='/app.js' defer>"]
    assert "</script>" in page.text and not re.search(r"<script[^>]*>[^<]", page.text)
    assert not re.search(r"\son[a-z]+=", page.text) and "javascript:" not in page.text
    assert "style=" not in page.text and "<style" not in page.text
    assert "http://" not in page.text and "https://" not in page.text
    assert page.text.count("data-busy") == 2 and page.text.count("class='busy' role='status'") == 2
    css = client.get("/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert "url(" not in css.text and "@import" not in css.text
    js = client.get("/app.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert js.headers["content-security-policy"] == CSP
    for outside in ("fetch(", "XMLHttpRequest", "http", "import(", "eval(", "innerHTML", "document.write"):
        assert outside not in js.text  # it sends nothing anywhere and writes no markup


def test_one_docx_gives_rating_reason_items_findings_and_both_downloads(client: TestClient) -> None:
    page = post(client, {"letter": ("stage-one-poor.docx", POOR.read_bytes(), "application/octet-stream")})
    assert page.status_code == 200, page.text[:500]
    text = page.text
    assert "Below the required standard" in text
    assert re.search(r"id='reason'>Why: [^<]*Q27 apology not met", text)
    assert "add the complainant&#x27;s letter on the start page to check Q28" in text  # the page's words
    assert "--complaint" not in text
    assert re.search(r"data-state='not-met'><td>Q32</td>", text) and re.search(r"data-state='met'>", text)
    # a finding: its quote, why it matters and what to do
    assert "<blockquote class='quote'>recieve</blockquote>" in text
    assert "Why it matters:" in text and "What to do:" in text and "Suggested wording:" in text
    assert "paragraph " in text  # where the words are
    links = dict(re.findall(r"href='(/download/[^']+)' download>([^<]+)<", text))
    assert len(links) == 2, links
    for href, label in links.items():
        got = client.get(href)
        assert got.status_code == 200
        assert got.headers["content-type"].startswith("application/vnd.openxmlformats")
        assert "attachment" in got.headers["content-disposition"]
        document = docx.Document(io.BytesIO(got.content))
        xml = document.element.xml
        if "comments" in label:
            assert "stage-one-poor.letterlint.docx" in got.headers["content-disposition"]
            assert len(list(document.comments)) >= 10
        else:
            assert "stage-one-poor.letterlint-fixed.docx" in got.headers["content-disposition"]
            assert f"{W_NS}ins" in xml or "<w:ins " in xml  # tracked changes
    assert not any((root_of(client) / "work").iterdir()), "the letter was not deleted after the check"


def test_the_complainants_letter_is_used_for_q28(client: TestClient) -> None:
    page = post(client, {
        "letter": ("reply.txt", (EXAMPLES / "stage-one-mixed-harcourt.txt").read_bytes()),
        "complaint": ("complaint.txt", (EXAMPLES / "complaints" / "complaint-harcourt.txt").read_bytes())})
    assert page.status_code == 200
    assert "Checked against the complainant's letter complaint.txt" in page.text
    assert re.search(r"data-state='not-met'><td>Q28</td>", page.text)
    # a .txt letter gets no copy with Word comments, and this one has no safe correction: no buttons
    assert "/download/" not in page.text and "Download the" not in page.text


def test_letter_type_and_date_from_the_form_are_used_and_checked(client: TestClient) -> None:
    page = post(client, {"letter": ("holding.txt", (EXAMPLES / "holding-letter.txt").read_bytes())},
                {"stage": "stage-one", "letter_date": "2026-11-03"})
    assert page.status_code == 200
    assert re.search(r"<th>Letter type</th><td>stage one</td><td[^>]*>chosen on the form<", page.text)
    assert re.search(r"<th>Letter date</th><td>3 November 2026</td><td[^>]*>chosen on the form<", page.text)
    bad = post(client, {"letter": ("holding.txt", b"Dear Sir")}, {"stage": "stage-nine", "letter_date": "2026-13-40"})
    assert bad.status_code == 400
    assert "Choose a letter type from the list." in bad.text and "real date" in bad.text


def test_a_corrupt_file_gets_its_one_line_reason_never_a_traceback(client: TestClient) -> None:
    page = post(client, {"letter": ("draft.docx", b"PK\x03\x04 this is not really a Word file")})
    assert page.status_code == 422
    m = re.search(r"id='reason'>([^<]+)<", page.text)
    assert m and m.group(1) == "not a valid .docx file (it is not a zip package: corrupt or truncated?)"
    assert "found no problems" not in page.text  # nothing was checked: never "no problems"
    assert "Traceback" not in page.text and "/job-" not in page.text and str(root_of(client)) not in page.text
    # a password-protected letter: the readers' own check, in their words
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("secret")
    locked = io.BytesIO()
    writer.write(locked)
    page = post(client, {"letter": ("locked.pdf", locked.getvalue())})
    assert page.status_code == 422
    assert "id='reason'>the PDF is password-protected; remove the password and check it again<" in page.text
    empty = post(client, {"letter": ("draft.txt", b"")})
    assert empty.status_code == 422 and "id='reason'>the file is empty<" in empty.text
    assert "found no problems" not in empty.text
    nothing = post(client, {"letter": ("", b"")})  # the browser's part when no file was chosen
    assert nothing.status_code == 400 and "Choose a letter to check." in nothing.text


@pytest.mark.slow  # a zip of letters checked and summarised: 6 s CPU
def test_a_batch_zip_gives_the_annex_b_summary_each_rating_and_downloads(client: TestClient) -> None:
    letters = corpus_letters()
    members = {f"outbox/{p.name}": p.read_bytes() for p in letters}
    members["outbox/README.md"] = b"# not a letter"
    members["outbox/~$draft.docx"] = b"lock"
    members["outbox/notes.xlsx"] = b"x"
    members["outbox/broken.docx"] = b"not a zip"
    page = post(client, {"letters": ("outbox.zip", make_zip(members))})
    assert page.status_code == 200, page.text[:300]
    text = page.text
    assert f"<h1>{len(letters) + 1} letters</h1>" in text
    assert re.search(rf"id='card-checked'><b>{len(letters)}</b>", text)
    assert re.search(r"id='card-not-read'><b>1</b>", text)
    table = re.search(r"<table class='annex-b' id='annex-b-overall'>(.*?)</table>", text, re.S)
    assert table, "no Annex B table"
    assert "<td>Q31</td>" in table.group(1) and "40%" in table.group(1)  # Q31 national figure, 39.7%
    assert "In outbox.zip/outbox/" in text
    assert text.count("<tr class='letter'>") == len(letters) + 1
    assert "broken.docx</span>: not a valid .docx file" in text
    assert "3 files skipped" in text and "a Word lock file" in text
    links = re.findall(r"href='(/download/[^']+)' download>([^<]+)<", text)
    assert [label for _, label in links] == ["Download the report (HTML)", "Download the spreadsheet (CSV)"]
    report = client.get(links[0][0])
    assert report.status_code == 200 and "Complaint letters checked against the HMCPSI questionnaire" in report.text
    rows = list(csv.DictReader(io.StringIO(client.get(links[1][0]).text)))
    assert len(rows) == len(letters) + 1
    assert {r["file"] for r in rows} >= {f"outbox.zip/outbox/{p.name}" for p in letters}
    assert not any((root_of(client) / "work").iterdir())


def test_several_files_without_a_zip_are_a_batch_and_the_cache_is_never_used(
        client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from letterlint.engine import cache

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("an uploaded letter went through the report cache")

    # where 'letterlint batch' would keep its reports, and the report cache itself: neither is touched
    monkeypatch.setenv("LETTERLINT_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("make_cache", "default_folder"):
        monkeypatch.setattr(cache, name, refuse)
    for name in ("get", "put"):
        monkeypatch.setattr(cache.Cache, name, refuse)
    picked = corpus_letters()[:3]
    page = post(client, [("letters", (p.name, p.read_bytes())) for p in picked])
    assert page.status_code == 200, page.text[:300]
    assert "<h1>3 letters</h1>" in page.text and "annex-b-overall" in page.text
    one = post(client, {"letter": (picked[0].name, picked[0].read_bytes())})
    assert one.status_code == 200 and "id='rating-label'" in one.text
    assert not (tmp_path / "cache").exists()


def test_a_letter_type_chosen_for_several_letters_is_used_for_each(client: TestClient) -> None:
    """The several-letters form offers the letter type too (as ``letterlint batch --stage``): a
    coordinator with a folder of stage two replies says so once; left alone, each letter's type
    is worked out (a newcomer found the choice only on the one-letter form)."""
    home = client.get("/").text
    several = home[home.index("id='several'"):]
    assert "<select id='stage-many' name='stage'>" in several and "Stage two response" in several
    zipped = make_zip({"outbox/draft.docx": POOR.read_bytes()})
    chosen = post(client, {"letters": ("outbox.zip", zipped)}, {"stage": "stage-two"})
    assert chosen.status_code == 200, chosen.text[:300]
    assert "Stage two replies: 1 letter</h3>" in chosen.text and "Stage one replies" not in chosen.text
    worked_out = post(client, {"letters": ("outbox.zip", zipped)})
    assert "Stage one replies: 1 letter</h3>" in worked_out.text and "Stage two replies" not in worked_out.text
    bad = post(client, {"letters": ("outbox.zip", zipped)}, {"stage": "stage-nine"})
    assert bad.status_code == 400 and "Choose a letter type from the list." in bad.text


def test_a_batch_of_one_says_one_letter_and_answers_met_or_not_met(client: TestClient) -> None:
    """Issue 16: plurals right for one letter, and the Annex B table in the one list of answers
    (met / not met): for Q22 (spelling errors?) the inspectors' 17.1% "yes" nationally is a
    failure, so the page shows 82.9% met, never a bare "yes" a reader has to turn round."""
    page = post(client, {"letters": ("outbox.zip", make_zip({"outbox/draft.docx": POOR.read_bytes()}))})
    assert page.status_code == 200, page.text[:300]
    text = page.text
    assert "<h1>1 letter</h1>" in text and "<b>1</b>letter checked" in text
    assert "All letters: 1 letter</h3>" in text and "Stage one replies: 1 letter</h3>" in text
    assert not re.search(r"\b1 (letters|files|findings|items)\b", text)
    table = re.search(r"<table class='annex-b' id='annex-b-overall'>(.*?)</table>", text, re.S)
    assert table and "<th class='num'>Met here</th>" in table.group(1) and ">Yes<" not in table.group(1)
    q22 = re.search(r"<td>Q22</td>(.*?)</tr>", table.group(1), re.S)
    assert q22 and re.findall(r"<td class='num(?: hide-narrow)?'>([^<]*)</td>", q22.group(1)) == [
        "0", "1", "0%", "83%"], q22.group(1)  # the misspelt letter: not met; 82.9% met nationally
    assert "answering yes" not in text


# ----------------------------------------------------------------------------- CSRF, hosts, token

def test_a_form_without_the_right_csrf_token_is_refused_and_nothing_is_checked(client: TestClient) -> None:
    files = {"letter": ("a.txt", (EXAMPLES / "acknowledgement.txt").read_bytes())}
    for token in ("", "0" * 64):
        page = post(client, files, token=token)
        assert page.status_code == 403 and "The form has expired" in page.text
    fresh = TestClient(client.app)  # no session cookie at all (another site's form)
    page = fresh.post("/check", data={"csrf": csrf(client)}, files=files)
    assert page.status_code == 403
    other = client.post("/check", data={"csrf": csrf(client)}, files=files,
                        headers={"origin": "http://evil.example"})
    assert other.status_code == 403 and "another web site" in other.text


def test_another_host_name_is_refused_on_loopback(client: TestClient) -> None:
    page = client.get("/", headers={"host": "attacker.example:8000"})
    assert page.status_code == 400
    assert page.headers["x-frame-options"] == "DENY"


@pytest.fixture(scope="module")
def token_client(tmp_path_factory: pytest.TempPathFactory) -> Any:
    settings = ServeSettings(config=Config(), jobs=1, processes=False, token="s3cret-token", allowed_hosts=None,
                             temp_parent=str(tmp_path_factory.mktemp("serve-token")))
    with TestClient(create_app(settings), follow_redirects=False) as c:
        yield c


def test_beyond_loopback_every_request_needs_the_token(token_client: TestClient) -> None:
    c = token_client
    for path in ("/", "/style.css", "/download/abc"):
        refused = c.get(path)
        assert refused.status_code == 401 and "Access token needed" in refused.text
    assert c.post("/check", files={"letter": ("a.txt", b"x")}).status_code == 401
    assert c.get("/?token=wrong").status_code == 401
    assert c.get("/", headers={"authorization": "Bearer s3cret-token"}).status_code == 200
    # the printed address: the token is swapped for a cookie and leaves the address bar
    first = c.get("/?token=s3cret-token")
    assert first.status_code == 303 and first.headers["location"] == "/"
    assert "letterlint_access" in first.headers["set-cookie"] and "s3cret-token" not in first.headers["set-cookie"]
    assert c.get("/").status_code == 200  # the cookie now carries access
    c.cookies.clear()
    assert c.get("/").status_code == 401


# ----------------------------------------------------------------------------- limits and zips

@pytest.fixture()
def small_limits(settings: ServeSettings, monkeypatch: pytest.MonkeyPatch) -> Limits:
    limits = Limits(max_file_bytes=60_000, max_files=3, max_request_bytes=400_000, zip_max_members=5,
                    zip_max_total_bytes=300_000, zip_max_ratio=50, zip_ratio_floor=20_000)
    monkeypatch.setattr(settings, "limits", limits)
    return limits


def test_too_many_files_and_too_large_a_request_are_refused(client: TestClient, small_limits: Limits) -> None:
    letter = (EXAMPLES / "acknowledgement.txt").read_bytes()
    many = post(client, [("letters", (f"l{i}.txt", letter)) for i in range(4)])
    assert many.status_code == 413 and "too many files in one go: at most 3" in many.text
    big = post(client, {"letters": ("big.txt", b"a" * 500_000)})
    assert big.status_code == 413 and "over the limit of" in big.text
    one = post(client, {"letter": ("big.txt", b"Dear Sir " * 10_000)})
    assert one.status_code == 422 and "the file is 88 KB, over the limit of 59 KB" in one.text


def test_zip_limits_count_size_and_ratio(client: TestClient, small_limits: Limits) -> None:
    letter = (EXAMPLES / "acknowledgement.txt").read_bytes()
    count = post(client, {"letters": ("c.zip", make_zip({f"{i}.txt": letter for i in range(6)}))})
    assert count.status_code == 413 and "holds 6 files, over the limit of 5" in count.text
    bomb = post(client, {"letters": ("bomb.zip", make_zip({"a.txt": b"\0" * 250_000}))})
    assert bomb.status_code == 413 and "possible zip bomb" in bomb.text
    total = post(client, {"letters": ("t.zip", make_zip({f"{i}.txt": os.urandom(65_000) for i in range(5)},
                                                       compression=zipfile.ZIP_STORED))})
    assert total.status_code == 413 and "unpacks to 317 KB, over the limit of 293 KB" in total.text


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/evil.txt", "outbox/../../evil.txt", "..\\evil.txt",
                                  "C:\\evil.txt"])
def test_zip_names_that_lead_out_of_the_folder_are_refused(client: TestClient, name: str) -> None:
    data = make_zip({"ok.txt": (EXAMPLES / "acknowledgement.txt").read_bytes(), name: b"Dear Sir"})
    page = post(client, {"letters": ("outbox.zip", data)})
    assert page.status_code == 400
    assert "whose path leads out of its folder: refused as unsafe" in page.text
    assert not any((root_of(client) / "work").iterdir())


def _encrypted(data: bytes, member: str) -> bytes:
    """``data`` (a zip) with ``member`` marked as encrypted (bit 0 of its flags, in the local and
    central headers), as a password-protected entry is."""
    raw = bytearray(data)
    name = member.encode()
    for sig, flags_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        i = raw.find(sig)
        while i != -1:
            n = int.from_bytes(raw[i + name_at - (4 if sig == b"PK\x03\x04" else 18):][:2], "little")
            if bytes(raw[i + name_at:i + name_at + n]) == name:
                raw[i + flags_at] |= 0x1
            i = raw.find(sig, i + 4)
    return bytes(raw)


def test_encrypted_and_linked_zip_members_are_refused_the_rest_checked(client: TestClient) -> None:
    ack = (EXAMPLES / "acknowledgement.txt").read_bytes()
    data = _encrypted(make_zip({"ok.txt": ack, "secret.txt": ack}), "secret.txt")
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("secret.txt").flag_bits & 0x1
    buf = io.BytesIO(data)
    with zipfile.ZipFile(buf, "a") as zf:
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
    page = post(client, {"letters": ("outbox.zip", buf.getvalue())})
    assert page.status_code == 200
    assert "secret.txt</span>: password-protected inside the .zip" in page.text
    assert "link.txt</span>: a link inside the .zip, not a file; not followed" in page.text
    assert re.search(r"id='card-checked'><b>1</b>", page.text)


def test_two_zip_entries_with_one_name_are_a_problem_and_two_uploads_with_one_name_both_show(
        client: TestClient) -> None:
    """A .zip holding two files under one name (unzipping would keep one): which is the letter
    cannot be told, so neither is checked and the page says why; two uploaded files with one name
    (from two folders) are both checked, the second shown as 'name (2)'."""
    import warnings

    ack = (EXAMPLES / "acknowledgement.txt").read_bytes()
    buf = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w") as zf:
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name: that is the point
        zf.writestr("reply.txt", ack)
        zf.writestr("reply.txt", ack.replace(b"Dear", b"Dear dear"))
        zf.writestr("other.txt", ack)
    page = post(client, {"letters": ("outbox.zip", buf.getvalue())})
    assert page.status_code == 200
    assert page.text.count("reply.txt</span>: the .zip holds 2 files with this name") == 2, page.text[:2000]
    assert re.search(r"id='card-checked'><b>1</b>", page.text)
    two = post(client, [("letters", ("reply.txt", ack)), ("letters", ("reply.txt", ack))])
    assert two.status_code == 200 and "<h1>2 letters</h1>" in two.text
    assert "reply (2).txt" in two.text


def test_uploads_are_held_in_memory_not_spooled_to_the_shared_temp_folder(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("an upload was written to the shared temporary folder")

    token = csrf(client)
    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    padding = os.urandom(3 * 1024 * 1024)  # over Starlette's 1 MB spooling threshold
    data = make_zip({"ack.txt": (EXAMPLES / "acknowledgement.txt").read_bytes(), "padding.bin": padding},
                    compression=zipfile.ZIP_STORED)
    page = post(client, {"letters": ("outbox.zip", data)}, token=token)
    assert page.status_code == 200, page.text[:300]
    assert re.search(r"id='card-checked'><b>1</b>", page.text)


# ----------------------------------------------------------------------------- private folder and expiry

def _two_downloads(client: TestClient) -> list[str]:
    """Check two short letters as a batch: the links of its HTML report and CSV."""
    picked = [EXAMPLES / "acknowledgement.txt", EXAMPLES / "holding-letter.txt"]
    page = post(client, [("letters", (p.name, p.read_bytes())) for p in picked])
    assert page.status_code == 200, page.text[:300]
    hrefs = re.findall(r"href='(/download/[^']+)'", page.text)
    assert len(hrefs) == 2
    return hrefs


def test_private_folder_is_0700_and_downloads_expire_after_ten_minutes(client: TestClient, clock: Clock) -> None:
    root = root_of(client)
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    hrefs = _two_downloads(client)
    assert all(client.get(h).status_code == 200 for h in hrefs)
    kept = list((root / "downloads").iterdir())
    assert kept and all(stat.S_IMODE(p.stat().st_mode) == 0o700 for p in kept)
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for p in kept for f in p.iterdir())
    assert TestClient(client.app).get(hrefs[0]).status_code == 404  # another browser cannot have it
    clock.now += 599
    assert client.get(hrefs[0]).status_code == 200
    clock.now += 2
    gone = client.get(hrefs[0])
    assert gone.status_code == 404 and "Download no longer available" in gone.text
    assert not any(d.name in {Path(h).name for h in hrefs} for d in (root / "downloads").iterdir())
    client.app.state.letterlint.downloads.purge()  # type: ignore[attr-defined]
    assert not any((root / "downloads").iterdir())


def test_downloads_are_deleted_when_they_expire_unvisited_and_everything_when_the_server_stops(
        tmp_path: Path) -> None:
    # the real clock and a shortened expiry (1.5 s for 10 minutes): the sweep deletes the files
    # with no request to prompt it; a download made later is still there at the stop, which deletes it
    settings = ServeSettings(config=Config(), jobs=1, processes=False, allowed_hosts=("testserver",),
                             temp_parent=str(tmp_path), ttl_s=1.5)
    with TestClient(create_app(settings)) as c:
        root = root_of(c)
        hrefs = _two_downloads(c)
        made = time.monotonic()
        assert len(list((root / "downloads").iterdir())) == 2
        while any((root / "downloads").iterdir()) and time.monotonic() - made < 30:
            time.sleep(0.1)
        assert not any((root / "downloads").iterdir()), "expired downloads were not deleted"
        assert time.monotonic() - made < 1.5 + 2.0  # deleted when due, not at the next 30-second sweep
        assert c.get(hrefs[0]).status_code == 404
        later = _two_downloads(c)
        assert c.get(later[1]).status_code == 200 and any((root / "downloads").iterdir())
    assert not root.exists() and not any(tmp_path.iterdir())


# ----------------------------------------------------------------------------- logs, errors, workers

def test_no_letter_text_reaches_the_logs(client: TestClient, caplog: pytest.LogCaptureFixture,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    marker = "Zanzibar-Quokka-Marmalade"
    letter = (EXAMPLES / "acknowledgement.txt").read_text(encoding="utf-8").replace(
        "Dear", f"Dear {marker}", 1).encode()
    caplog.set_level(logging.DEBUG)
    page = post(client, {"letter": (f"{marker}.txt", letter)})
    assert page.status_code == 200 and marker in page.text
    post(client, {"letter": (f"{marker}.docx", marker.encode())})  # an unreadable one
    checker = client.app.state.letterlint.checker  # type: ignore[attr-defined]

    async def boom(*args: Any, **kwargs: Any) -> Any:
        raise ValueError(f"internal failure quoting the letter: {marker}")

    monkeypatch.setattr(checker, "check", boom)
    failed = post(client, {"letter": ("a.txt", letter)})
    assert failed.status_code == 500 and "Something went wrong" in failed.text
    assert marker not in failed.text and "Traceback" not in failed.text
    assert "ValueError" in caplog.text  # the kind of error is logged ...
    assert marker not in caplog.text  # ... never the letter's words or its name
    assert "Traceback" not in caplog.text


def test_a_slow_check_does_not_hold_up_other_people(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from letterlint.web import checker as checker_mod

    real = checker_mod.check_file
    started = threading.Event()

    def slow(*args: Any, **kwargs: Any) -> Any:
        started.set()
        time.sleep(4)
        return real(*args, **kwargs)

    monkeypatch.setattr(checker_mod, "check_file", slow)
    token = csrf(client)
    result: dict[str, Any] = {}
    worker = threading.Thread(target=lambda: result.setdefault("page", post(
        client, {"letter": ("a.txt", (EXAMPLES / "acknowledgement.txt").read_bytes())}, token=token)))
    worker.start()
    assert started.wait(30)
    t0 = time.monotonic()
    assert client.get("/").status_code == 200
    assert time.monotonic() - t0 < 2.0  # answered while the check is still running
    worker.join(60)
    assert result["page"].status_code == 200


def test_corpus_is_where_the_tests_expect_it() -> None:
    assert CORPUS.is_dir() and len(corpus_letters()) >= 30


def test_a_zip_with_no_letters_in_it_says_so(client: TestClient) -> None:
    page = post(client, {"letters": ("outbox.zip", make_zip({"README.md": b"# notes", "sheet.xlsx": b"x"}))})
    assert page.status_code == 422
    assert "No letter to check" in page.text and "sheet.xlsx: unsupported type" in page.text


def test_one_letter_is_not_queued_behind_a_whole_batch(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from letterlint.web import checker as checker_mod

    real = checker_mod.check_file
    started = threading.Event()

    def slow(*args: Any, **kwargs: Any) -> Any:
        started.set()
        time.sleep(0.6)
        return real(*args, **kwargs)

    monkeypatch.setattr(checker_mod, "check_file", slow)
    token = csrf(client)
    letters = corpus_letters()[:5]
    done: dict[str, float] = {}

    def batch() -> None:
        post(client, [("letters", (p.name, p.read_bytes())) for p in letters], token=token)
        done["batch"] = time.monotonic()

    worker = threading.Thread(target=batch)
    worker.start()
    assert started.wait(30)
    page = post(client, {"letter": ("a.txt", (EXAMPLES / "acknowledgement.txt").read_bytes())}, token=token)
    done["single"] = time.monotonic()
    worker.join(120)
    assert page.status_code == 200 and "batch" in done
    assert done["single"] < done["batch"]  # it went into the pool between the batch's letters
