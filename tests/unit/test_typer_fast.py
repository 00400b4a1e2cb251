"""typer_fast (issue 15): plain option values are coerced without pydantic, exactly as typer does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer import _coercion

from letterlint.cli.app import app

REPO = Path(__file__).resolve().parents[2]


def _params() -> list[tuple[object, object]]:
    command = typer.main.get_command(app)
    out = []
    for name in ("check", "batch"):
        sub = command.commands[name]  # type: ignore[attr-defined]
        ctx = sub.make_context(name, ["x"], resilient_parsing=True)
        out += [(p, ctx) for p in sub.params]
    return out


VALUES = ["letter.docx", "./a/../b.txt", "/tmp/x/", "-", "", "a\x00b", "é.txt", "terminal", "17", "x y", str(REPO)]


@pytest.mark.parametrize("value", [*VALUES, True, False, ("a.txt", "./b/"), ["c.md"]])
def test_same_value_or_error_as_typer(value: object) -> None:
    for param, ctx in _params():
        lazy = param.get_runtime_param()  # type: ignore[attr-defined]
        real = _coercion.build_runtime_param(param.type_descriptor)  # type: ignore[attr-defined]
        assert type(lazy).__name__ == "LazyRuntimeParam" or param.type_descriptor.file_annotation is not None  # type: ignore[attr-defined]
        results = []
        for rp in (lazy, real):
            try:
                results.append(("ok", rp.coerce(value, param=param, ctx=ctx)))
            except Exception as exc:  # the error itself is compared
                results.append(("error", type(exc).__name__, str(exc)))
        assert results[0] == results[1], (param.name, value)
        if results[0][0] == "ok":
            assert type(results[0][1]) is type(results[1][1])


@pytest.mark.slow
def test_cold_check_does_not_import_pydantic(tmp_path: Path) -> None:
    """A second cold check (the first may build the kept rule set, which validates the rule
    files with pydantic) never imports pydantic."""
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear Ms Smith\n\nThank you for your letter.\n\nYours sincerely\n\nA Person\n", encoding="utf-8")
    code = ("import sys\nfrom letterlint.cli.app import main\n"
            "sys.argv = ['letterlint', 'check', '-q', sys.argv[1]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('pydantic' in sys.modules)")
    env = {**os.environ, "LETTERLINT_NO_TRAINED": "1"}
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", code, str(letter)], capture_output=True, text=True, env=env,
                              timeout=300)
    assert done.stdout.strip().splitlines()[-1] == "False", done.stdout + done.stderr
