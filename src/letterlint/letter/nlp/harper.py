"""Harper, the offline grammar checker (harper-py), behind one lazily built linter per process.

Harper (Automattic, Apache-2.0) is written in Rust and runs in this process: nothing is sent
anywhere. Building its ``Linter`` loads the curated dictionary and takes about 1.5 s of CPU,
so it is built the first time a ``harper`` rule runs, never on import, and reused for every
later letter in the same process (a batch worker checks many letters with one linter).

Harper gives spans in code points, which are Python ``str`` indices, so offsets need no
conversion. Text is linted as plain text (not Markdown), in British English.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

_LINTER: Any = None
_ENABLED: frozenset[str] | None = None
_AVAILABLE: bool | None = None
# Harper's own cost in this process, for bench/ (issue 15 reports it apart from letterlint's):
# build_s, build_cpu_s once the linter is built (importing harper-py and ``Linter(...)``);
# lint_cpu_s summed over every ``lint`` call (switching rules on and off, and
# ``organized_lints``; turning its results into HarperLint is letterlint's own work);
# lint_calls, how many calls (one per body paragraph)
STATS: dict[str, float] = {}


class HarperUnavailable(Exception):
    """harper-py cannot be imported here (no wheel for this platform, or not installed)."""


@dataclass(frozen=True)
class HarperLint:
    """One Harper lint: ``rule`` is Harper's rule name (``ThereOwn``), ``kind`` its lint kind
    (``WordChoice``, ``Agreement``...); ``start``/``end`` are Python offsets into the text linted."""

    rule: str
    kind: str
    start: int
    end: int
    message: str
    suggestions: tuple[str, ...]


def available() -> bool:
    """Whether harper-py can be imported (the import is tried once per process)."""
    global _AVAILABLE
    if _AVAILABLE is None:
        try:
            import harper  # noqa: F401
        except ImportError:
            _AVAILABLE = False
        else:
            _AVAILABLE = True
    return _AVAILABLE


def is_built() -> bool:
    """Whether this process has built its linter (tests use it to prove laziness)."""
    return _LINTER is not None


def linter() -> Any:
    """The process's ``harper.Linter(Dialect.BRITISH)``, built on first use.

    Raises HarperUnavailable when harper-py cannot be imported."""
    global _LINTER
    if _LINTER is None:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            from harper import Dialect, Linter
        except ImportError as exc:
            raise HarperUnavailable(str(exc)) from None
        _LINTER = Linter(Dialect.BRITISH)
        STATS["build_s"] = time.perf_counter() - wall
        STATS["build_cpu_s"] = time.process_time() - cpu
    return _LINTER


def rule_names() -> list[str]:
    """Every Harper rule name (about 900), in Harper's order."""
    return list(linter().get_default_lint_config())


def _configure(enabled: Iterable[str] | None) -> None:
    """Switch on exactly ``enabled`` (every default rule when None); unchanged config is free."""
    global _ENABLED
    lt = linter()
    want = None if enabled is None else frozenset(enabled)
    if want == _ENABLED and (want is not None or _ENABLED is None):
        return
    default: Mapping[str, bool] = lt.get_default_lint_config()
    if want is None:
        lt.set_lint_config({name: None for name in default})
    else:
        lt.set_lint_config({name: name in want for name in default})
    _ENABLED = want


_MEMO: OrderedDict[tuple[str, frozenset[str] | None], tuple[HarperLint, ...]] = OrderedDict()
MEMO_SIZE = 4096  # paragraphs whose lints are kept per process
_memo_lock = threading.Lock()


def lint(text: str, enabled: Iterable[str] | None = None) -> list[HarperLint]:
    """Harper's lints for ``text`` from the rules in ``enabled`` (all default rules when None).

    Every rule's lints are kept, overlapping or not (Harper's own dedup would let one rule hide
    another's lint depending on which rules are on). Offsets are into ``text``. The lints of the
    last ``MEMO_SIZE`` texts (with the same rules) are kept, so a paragraph that comes back (a
    standard paragraph, a signature block, the same letter again) is not linted again: Harper's
    answer depends only on the text and the rules. Raises HarperUnavailable when harper-py
    cannot be imported."""
    want = None if enabled is None else frozenset(enabled)
    key = (text, want)
    with _memo_lock:
        kept = _MEMO.get(key)
        if kept is not None:
            _MEMO.move_to_end(key)
            return list(kept)
    lt = linter()
    cpu = time.process_time()
    _configure(want)
    from harper import Language

    out: list[HarperLint] = []
    found = lt.organized_lints(text, language=Language.PLAINTEXT, dedup=False)
    STATS["lint_cpu_s"] = STATS.get("lint_cpu_s", 0.0) + time.process_time() - cpu
    STATS["lint_calls"] = STATS.get("lint_calls", 0.0) + 1
    for name, lints in found.items():
        for x in lints:
            out.append(HarperLint(
                name, x.lint_kind, x.span.start, x.span.end, x.message.strip(),
                tuple(s.replacement_text for s in x.suggestions if s.replacement_text),
            ))
    out.sort(key=lambda x: (x.start, x.end, x.rule))
    with _memo_lock:
        _MEMO[key] = tuple(out)
        while len(_MEMO) > MEMO_SIZE:
            _MEMO.popitem(last=False)
    return out
