"""Issue 15 (cold start): the ``letterlint`` console script (``cli.app.entry``) ends the process
without tearing the interpreter down, yet exits as Python would: the same status, everything
written flushed, the ``atexit`` handlers run, and the normal exit kept when a thread still runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LETTERLINT = Path(sys.executable).parent / "letterlint"


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LETTERLINT_NO_TRAINED": "1"}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                          cwd=REPO, timeout=300, check=False)


def test_the_console_script_is_entry() -> None:
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'letterlint = "letterlint.cli.app:entry"' in text
    assert "import entry" in (REPO / "src" / "letterlint" / "cli" / "__main__.py").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_check_exits_with_its_status_and_its_whole_report() -> None:
    """The report on a pipe is complete (flushed before the process ends) and the exit status
    is the one main gives (1: the poor letter has errors)."""
    env = {**os.environ, "LETTERLINT_NO_TRAINED": "1"}
    out = subprocess.run([str(LETTERLINT), "check", str(REPO / "examples" / "stage-one-poor.docx"), "-f", "json"],
                         capture_output=True, text=True, env=env, cwd=REPO, timeout=300, check=False)
    assert out.returncode == 1, out.stderr
    report = json.loads(out.stdout)
    assert report["reports"][0]["findings"], report


@pytest.mark.slow
def test_a_missing_file_exits_2_with_its_one_line() -> None:
    out = _python("from letterlint.cli.app import entry\nimport sys\nsys.argv = ['letterlint', *sys.argv[1:]]\n"
                  "entry()\n", "check", "no-such-letter.docx")
    assert out.returncode == 2, out.stderr
    assert "no-such-letter.docx" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.slow
def test_atexit_handlers_run_and_output_is_flushed() -> None:
    code = ("import atexit, sys\n"
            "atexit.register(lambda: print('handler ran', flush=False))\n"
            "import letterlint.cli.app as app\n"
            "def main():\n"
            "    sys.stdout.write('x' * 100000)\n"
            "    sys.exit(3)\n"
            "app.main = main\n"
            "app.entry()\n")
    out = _python(code)
    assert out.returncode == 3
    assert out.stdout == "x" * 100000 + "handler ran\n"


@pytest.mark.slow
def test_a_message_exit_prints_it_and_gives_1() -> None:
    code = ("import sys\nimport letterlint.cli.app as app\n"
            "app.main = lambda: sys.exit('letterlint: stopped')\napp.entry()\n")
    out = _python(code)
    assert out.returncode == 1
    assert out.stderr.strip() == "letterlint: stopped"


@pytest.mark.slow
def test_a_running_thread_gets_the_normal_exit() -> None:
    """Python waits for a thread that is not a daemon; so does ``entry``."""
    code = ("import sys, threading, time\nimport letterlint.cli.app as app\n"
            "def late():\n    time.sleep(0.3)\n    print('thread finished', flush=True)\n"
            "def main():\n    threading.Thread(target=late).start()\n    sys.exit(0)\n"
            "app.main = main\napp.entry()\n")
    out = _python(code)
    assert out.returncode == 0
    assert out.stdout == "thread finished\n"
