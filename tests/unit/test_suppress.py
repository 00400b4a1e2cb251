"""Inline suppressions: each needs a reason; suppressed findings stay in JSON; unused reported."""

from __future__ import annotations

from pathlib import Path

from letterlint.config.settings import Config
from letterlint.engine.check import check_path
from tests.conftest import wrap_letter

LATE = "If you are unhappy with my reply, please contact us within 20 working days."


def check(tmp_path: Path, text: str, name: str = "draft.txt") -> object:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return check_path(p, Config(), {"letter_type": "stage-one"})


def test_txt_directive_suppresses_the_next_paragraph_and_is_not_checked(tmp_path: Path) -> None:
    body = f"letterlint: ignore LL112 agreed with the complainant's solicitor\n{LATE}"
    report = check(tmp_path, wrap_letter(body))
    (f,) = [f for f in report.findings if f.code == "LL112"]  # type: ignore[attr-defined]
    assert f.suppressed and f.suppression_reason == "agreed with the complainant's solicitor"
    assert not report.unused_suppressions  # type: ignore[attr-defined]


def test_directive_by_rule_name(tmp_path: Path) -> None:
    body = f"letterlint: ignore escalation-time-limit-wrong quoted from the old letter\n{LATE}"
    report = check(tmp_path, wrap_letter(body))
    assert all(f.suppressed for f in report.findings if f.code == "LL112")  # type: ignore[attr-defined]


def test_directive_without_reason_is_ignored_and_reported(tmp_path: Path) -> None:
    report = check(tmp_path, wrap_letter(f"letterlint: ignore LL112\n{LATE}"))
    (f,) = [f for f in report.findings if f.code == "LL112"]  # type: ignore[attr-defined]
    assert not f.suppressed
    assert any("no reason" in u for u in report.unused_suppressions)  # type: ignore[attr-defined]


def test_unused_suppression_is_reported(tmp_path: Path) -> None:
    report = check(tmp_path, wrap_letter("letterlint: ignore LL230 not needed\nAll is well."))
    assert any("matched no finding" in u for u in report.unused_suppressions)  # type: ignore[attr-defined]


def test_file_level_directive_covers_missing_things(tmp_path: Path) -> None:
    body = "letterlint: ignore-file LL101 outcome given in the enclosed decision letter\nNothing more."
    report = check(tmp_path, wrap_letter(body))
    (f,) = [f for f in report.findings if f.code == "LL101"]  # type: ignore[attr-defined]
    assert f.suppressed


def test_markdown_html_comment_directive(tmp_path: Path) -> None:
    body = f"<!-- letterlint: ignore LL112 quoting the old guidance on purpose -->\n{LATE}"
    report = check(tmp_path, wrap_letter(body), "draft.md")
    (f,) = [f for f in report.findings if f.code == "LL112"]  # type: ignore[attr-defined]
    assert f.suppressed


def test_word_comment_directive_suppresses_the_anchored_words(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    for line in wrap_letter(LATE).split("\n"):
        p = d.add_paragraph(line)
        if "20 working days" in line:
            before, after = line.split("within 20 working days")
            p.clear()
            p.add_run(before)
            target = p.add_run("within 20 working days")
            p.add_run(after)
            d.add_comment([target], text="letterlint: ignore LL112 the old limit is quoted deliberately",
                          author="QA", initials="QA")
    path = tmp_path / "draft.docx"
    d.save(str(path))
    report = check_path(path, Config(), {"letter_type": "stage-one"})
    (f,) = [f for f in report.findings if f.code == "LL112"]
    assert f.suppressed and f.suppression_reason == "the old limit is quoted deliberately"


def test_pyproject_tool_section_is_read(tmp_path: Path) -> None:
    from letterlint.config.settings import load_config

    (tmp_path / "pyproject.toml").write_text(
        '[tool.letterlint]\nfail_on = "warning"\n[tool.letterlint.rules]\ndisable = ["LL230"]\n',
        encoding="utf-8")
    sub = tmp_path / "letters"
    sub.mkdir()
    cfg = load_config(sub)
    assert cfg.get("fail_on") == "warning" and cfg.get("rules.disable") == ["LL230"]
    assert cfg.sources["fail_on"].endswith("pyproject.toml")
