"""Helpers for end-to-end tests: run the installed ``letterlint`` in a subprocess, hash inputs,
and two short letters (one that passes, one with clear defects)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
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
    """``letterlint ARGS`` with stdout and stderr piped (not a terminal)."""
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
