"""Helpers for end-to-end tests: run ``letterlint`` as a user does, hash inputs, and two short
letters (one that passes, one with clear defects).

``run`` calls the command's entry point (``letterlint.cli.app.main``) in this process, with its
own arguments, working folder, environment and piped standard streams: the same code a user
runs, without the cost of starting Python and loading the rules again. ``run_process`` starts
the installed ``letterlint`` for real; tests that use it are marked ``slow`` (what only a
process shows: the entry point, signals, a socket blocker loaded at start-up, exit status).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import sys
import traceback
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
LETTERLINT = BIN / "letterlint"

GOOD_LETTER = """Mrs Priya Shah
4 Orchard Close
Exampletown
EX4 7QT

3 November 2026

Our reference: CPS-WX-2026-0412

Dear Mrs Shah

Your complaint about the hearing on 14 October 2026

Thank you for your email of 20 October 2026. I am sorry that you travelled to court for a
hearing that had already been moved.

I have looked into what happened. The court moved the hearing on 9 October and we should
have told you the same day. We did not, and that was our mistake. I uphold your complaint
and I apologise.

I have asked the team to check every case with a moved hearing each morning, so that
witnesses are told straight away.

If you are not satisfied with my reply, you can ask for your complaint to be looked at again
at stage two. Please write to us within one calendar month of the date of this letter, that
is by 3 December 2026.

Yours sincerely

Sam Writer
District Crown Prosecutor
CPS Wessex Victim Liaison Unit
Telephone: 01632 960000
"""

POOR_LETTER = """Mr Tom Hale
9 Mill Lane
Exampletown
EX2 3RS

3 November 2026

Our reference: CPS-WX-2026-0577

Dear Mr Hale

Stage one complaint

Thank you for your letter of 12 October 2026 about your complaint. The case was reviewed
by a prosecutor and the decision was made in line with our policies.

If you remain dissatisfied you may escalate within 28 days.

Yours sincerely

Sam Writer
District Crown Prosecutor
"""


def env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    e = dict(os.environ)
    e["PATH"] = f"{BIN}{os.pathsep}{e.get('PATH', '')}"
    e.pop("FORCE_COLOR", None)
    e["COLUMNS"] = "300"  # a wide terminal setting must not leak into piped output
    if extra:
        e.update(extra)
    return e


def run(args: Iterable[str | Path], cwd: Path, extra_env: Mapping[str, str] | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``letterlint ARGS`` run in this process from ``cwd``, its output piped (not a terminal).

    The result is what ``run_process`` gives: the exit status, standard output and standard
    error as text. An exception that escapes ``main`` is printed as a traceback on standard
    error with status 1, as Python would. ``timeout`` is not enforced (kept for the callers
    that also run in a process)."""
    from click.testing import CliRunner

    from letterlint.cli import app as cli

    overrides: dict[str, str | None] = {"COLUMNS": "300", "FORCE_COLOR": None, **(extra_env or {})}
    state = {k: v for k, v in vars(cli.State).items() if not k.startswith("_")}
    old_cwd, old_argv = os.getcwd(), sys.argv
    code = 0
    with CliRunner().isolation(env=overrides) as (out, err, _):
        try:
            os.chdir(cwd)
            sys.argv = ["letterlint", *map(str, args)]
            cli.main()
        except SystemExit as exc:
            if exc.code is None or isinstance(exc.code, int):
                code = exc.code or 0
            else:
                print(exc.code, file=sys.stderr)
                code = 1
        except BaseException:  # what a real process would print before it dies
            traceback.print_exc()
            code = 1
        finally:
            with contextlib.suppress(ValueError):
                sys.stdout.flush()
                sys.stderr.flush()
            os.chdir(old_cwd)
            sys.argv = old_argv
            for k, v in state.items():
                setattr(cli.State, k, v)
    return subprocess.CompletedProcess([str(LETTERLINT), *map(str, args)], code,
                                       out.getvalue().decode("utf-8", "replace"),
                                       err.getvalue().decode("utf-8", "replace"))


def run_process(args: Iterable[str | Path], cwd: Path, extra_env: Mapping[str, str] | None = None,
                timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``letterlint ARGS`` started as a process, with stdout and stderr piped (not a terminal).
    Slow (a new Python loads the rules): mark tests that use it ``slow``."""
    return subprocess.run([str(LETTERLINT), *map(str, args)], cwd=cwd, env=env(extra_env),
                          capture_output=True, text=True, timeout=timeout, check=False)


def digest(paths: Iterable[Path]) -> dict[str, str]:
    """sha256 of each file (inputs must be unchanged by a run)."""
    out = {}
    for p in paths:
        if p.is_file() and not p.is_symlink():
            out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def tree_digest(folder: Path) -> dict[str, str]:
    return digest(sorted(p for p in folder.rglob("*") if p.is_file() and ".git" not in p.parts))


def leftover_temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*.tmp")]


def reap_group(proc: subprocess.Popen[str], timeout: float = 60) -> str:
    """Wait for ``proc`` (started with ``start_new_session=True``) and return its standard error;
    if it has not ended within ``timeout`` seconds, kill its whole process group, so a hung run
    (the fault a signal test is for) never outlives the test."""
    import signal

    try:
        _, err = proc.communicate(timeout=timeout)
    finally:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    return str(err)
