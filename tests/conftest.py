"""Shared test helpers: a minimal realistic letter around a body, and a one-rule check."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The batch cache and its per-user secret live in the user's cache folder: tests (and the
# letterlint processes they start, which inherit this) use a private one of their own.
if "LETTERLINT_TEST_CACHE_HOME" not in os.environ:
    import tempfile

    os.environ["LETTERLINT_TEST_CACHE_HOME"] = os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(
        prefix="letterlint-test-cache-")

LETTER_TEMPLATE = """Mrs Alex Example
12 Sample Road
Exampletown
EX1 2AB

3 November 2026

Our reference: CPS-TEST-0001

Dear Mrs Example

Your complaint about the case against Mr Jones

{body}

Yours sincerely

Sam Writer
District Crown Prosecutor
CPS Wessex Victim Liaison Unit
Telephone: 0300 123 4567
Email: wessex.vlu@cps.gov.uk
"""


def wrap_letter(body: str) -> str:
    """A whole letter: the text as is if it already is one, else wrapped in the template."""
    head = body.lstrip()[:400]
    if head.startswith("Dear ") or "\nDear " in head or head.startswith("---"):
        return body
    return LETTER_TEMPLATE.format(body=body.strip())


@pytest.fixture(autouse=True, scope="session")
def _quiet_env() -> None:
    os.environ.setdefault("NO_COLOR", "1")


@pytest.fixture(autouse=True)
def _languagetool_failures_forgotten() -> None:
    """Each test is a run of its own: LanguageTool failures from earlier tests do not count."""
    import sys

    lt = sys.modules.get("letterlint.letter.nlp.languagetool")
    if lt is not None:
        lt.reset_failures()
