"""Baselines: findings already in a repository's letters do not block commits; new ones do.

A finding's fingerprint is (file path relative to the baseline's folder, rule code, quoted
words, occurrence index). The occurrence index counts earlier findings in the same file with
the same code and the same quoted words, so editing elsewhere in the letter (which moves
offsets) keeps the baseline valid, while a second copy of a baselined mistake is new.

The baseline file stores a hash of the quoted words, not the words: letters hold personal
data and a baseline file is committed and copied around. Quotes are compared with runs of
white space collapsed, so re-wrapping a paragraph does not matter.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any

from letterlint.errors import ConfigError
from letterlint.model import Finding, Report

FORMAT_NAME = "letterlint-baseline"
FORMAT_VERSION = 1
DEFAULT_NAME = ".letterlint-baseline.json"
REASON = "in baseline"
MAX_BASELINE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, order=True)
class Fingerprint:
    """What identifies a finding in a baseline without its words: the letter's ``path`` (POSIX,
    relative to the baseline's folder), the rule ``code``, ``quote_hash`` (see
    :func:`quote_hash`) and ``occurrence`` (0 for the first finding in the file with that code
    and quote, 1 for the second...)."""

    path: str  # POSIX path relative to the baseline's folder (absolute if outside it)
    code: str
    quote_hash: str  # first 16 hex digits of sha256 of the normalised quote
    occurrence: int

    def to_dict(self) -> dict[str, Any]:
        """The fingerprint as an entry of the baseline file's ``findings`` list (``path``, ``code``,
        ``quote``, ``occurrence``)."""
        return {"path": self.path, "code": self.code, "quote": self.quote_hash,
                "occurrence": self.occurrence}


def normalise_quote(quote: str) -> str:
    """The quote with each run of white space made one space and the ends trimmed, so re-wrapping a
    paragraph keeps a finding's fingerprint."""
    return " ".join(quote.split())


def quote_hash(quote: str) -> str:
    """The first 16 hex digits of the SHA-256 of the normalised quote (UTF-8): the baseline stores
    this, never the words (letters hold personal data)."""
    return hashlib.sha256(normalise_quote(quote).encode("utf-8")).hexdigest()[:16]


def relative_path(path: str | Path, root: Path) -> str:
    """``path`` relative to ``root`` with forward slashes; absolute when outside ``root``."""
    p = Path(path)
    absolute = Path(os.path.abspath(p))
    try:
        return absolute.relative_to(Path(os.path.abspath(root))).as_posix()
    except ValueError:
        return absolute.as_posix()


def fingerprints(report: Report, root: Path) -> list[Fingerprint]:
    """One fingerprint per finding of ``report``, in the same order as ``report.findings``."""
    rel = relative_path(report.path, root)
    fs = report.findings
    order = sorted(range(len(fs)), key=lambda i: (_start(fs[i]), fs[i].code, i))
    seen: Counter[tuple[str, str]] = Counter()
    out: list[Fingerprint | None] = [None] * len(fs)
    for i in order:
        key = (fs[i].code, quote_hash(fs[i].quote))
        out[i] = Fingerprint(rel, key[0], key[1], seen[key])
        seen[key] += 1
    return [fp for fp in out if fp is not None]


def _start(f: Finding) -> int:
    return f.span.start if f.span else -1


@dataclass(frozen=True)
class Baseline:
    """The findings accepted in a repository's letters: fingerprints, with paths relative to
    ``root`` (the folder of the baseline file). Read with :func:`load`, made with :func:`build`,
    written with :func:`dumps`."""

    root: Path  # paths in the baseline are relative to this folder
    entries: frozenset[Fingerprint]

    def apply(self, report: Report) -> Report:
        """Mark findings that are in the baseline as suppressed ("in baseline")."""
        if report.error or not report.findings:
            return report
        fps = fingerprints(report, self.root)
        new = []
        for f, fp in zip(report.findings, fps, strict=True):
            if not f.suppressed and fp in self.entries:
                f = replace(f, suppressed=True, suppression_reason=REASON)
            new.append(f)
        return replace(report, findings=tuple(new))


def build(reports: Iterable[Report], root: Path) -> Baseline:
    """A baseline of every finding in ``reports`` that is not already suppressed, with paths
    relative to ``root``; reports of files that could not be read are left out."""
    entries: set[Fingerprint] = set()
    for r in reports:
        if r.error:
            continue
        for f, fp in zip(r.findings, fingerprints(r, root), strict=True):
            if not f.suppressed:
                entries.add(fp)
    return Baseline(root, frozenset(entries))


def dumps(baseline: Baseline) -> str:
    """The baseline file's text: JSON (schema ``letterlint-baseline``, version 1) with the
    fingerprints sorted, so the file changes only when findings do; ends with a newline."""
    from letterlint import __version__

    payload = {
        "schema": FORMAT_NAME,
        "schema_version": FORMAT_VERSION,
        "letterlint_version": __version__,
        "note": ("Findings already accepted in these letters. Quotes are stored as hashes. "
                 "Regenerate with 'letterlint baseline'."),
        "findings": [fp.to_dict() for fp in sorted(baseline.entries)],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a baseline")


def _validated(data: dict[str, Any], source: str) -> Any:
    """The baseline file checked against its typed schema (unknown keys refused). Errors:
    ``ConfigError`` naming the file, the field and what is allowed."""
    import pydantic

    from letterlint.config.settings import _error_text

    class Entry(pydantic.BaseModel):
        model_config = pydantic.ConfigDict(extra="forbid", strict=True)
        path: Annotated[str, pydantic.Field(min_length=1, max_length=4096)]
        code: Annotated[str, pydantic.Field(pattern=r"^[A-Za-z]{1,8}\d{1,5}$")]
        quote: Annotated[str, pydantic.Field(min_length=1, max_length=128)]
        occurrence: Annotated[int, pydantic.Field(ge=0, le=1_000_000)]

    class File(pydantic.BaseModel):
        model_config = pydantic.ConfigDict(extra="forbid", strict=True)
        schema_: str = pydantic.Field(alias="schema")
        schema_version: int
        letterlint_version: Annotated[str, pydantic.Field(max_length=100)] | None = None
        note: Annotated[str, pydantic.Field(max_length=2000)] | None = None
        findings: list[Entry]

    try:
        return File.model_validate(data)
    except pydantic.ValidationError as exc:
        err = exc.errors()[0]
        loc = err.get("loc", ())
        where = "".join(f"[{x}]" if isinstance(x, int) else f".{x}" for x in loc).lstrip(".")
        text = _error_text(err)
        if err.get("type") in ("greater_than_equal", "int_type", "less_than_equal") and loc[-1:] == ("occurrence",):
            text = "must be a whole number, 0 or more"
        elif err.get("type") == "string_pattern_mismatch":
            text = {"code": "must be a rule code such as LL101",
                    "quote": "must be 16 hexadecimal digits (a quote hash)"}.get(str(loc[-1]), text)
        raise ConfigError(source, where, text) from None


def load(path: Path) -> Baseline:
    """Read a baseline file; a bad one is a ConfigError (``file: field: problem``)."""
    source = str(path)
    try:
        if path.stat().st_size > MAX_BASELINE_BYTES:
            raise ConfigError(source, "", f"file is larger than {MAX_BASELINE_BYTES // (1024 * 1024)} MB")
        data = json.loads(path.read_text(encoding="utf-8"), parse_constant=_no_constant)
    except RecursionError:
        raise ConfigError(source, "", "nested too deeply to be a baseline") from None
    except FileNotFoundError:
        raise ConfigError(source, "", "baseline file not found (create it with 'letterlint baseline')"
                          ) from None
    except UnicodeDecodeError:
        raise ConfigError(source, "", "not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(source, f"line {exc.lineno}", f"invalid JSON: {exc.msg}") from None
    except ValueError as exc:  # NaN, Infinity, a number with thousands of digits
        raise ConfigError(source, "", f"invalid JSON: {str(exc).splitlines()[0]}") from None
    except OSError as exc:
        raise ConfigError(source, "", exc.strerror or str(exc)) from None
    if not isinstance(data, dict) or data.get("schema") != FORMAT_NAME:
        raise ConfigError(source, "schema", f"not a letterlint baseline (expected {FORMAT_NAME!r})")
    if data.get("schema_version") != FORMAT_VERSION:
        found = data.get("schema_version")
        raise ConfigError(source, "schema_version",
                          f"version {found!r} is not supported (expected {FORMAT_VERSION})")
    entries = {Fingerprint(e.path, e.code, e.quote, e.occurrence) for e in _validated(data, source).findings}
    return Baseline(Path(os.path.abspath(path.parent)), frozenset(entries))


def collect_letters(paths: Sequence[Path]) -> Iterator[Path]:
    """Files as given, and the letters (``readers.SUFFIXES``) in folders, recursively, in a
    stable order. What the skip list names (``skiplist.py``: hidden folders, Word lock files,
    README/CHANGELOG/LICENSE, letterlint's outputs, and its reports recognised by their
    contents, ``own_reports``) is skipped; symbolic links to folders are
    not followed, so a link loop cannot trap the walk."""
    from letterlint.reading import SUFFIXES
    from letterlint.reading.own_reports import sniff
    from letterlint.reading.skiplist import skip_folder, skip_reason

    for p in paths:
        if not p.is_dir():
            yield p
            continue
        for folder, dirs, files in os.walk(p, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not skip_folder(d))
            for name in sorted(files):
                f = Path(folder) / name
                if skip_reason(f, p) is None and f.suffix.lower() in SUFFIXES and sniff(f) is None:
                    yield f
