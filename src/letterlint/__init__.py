"""letterlint: checks CPS complaint reply letters against the HMCPSI questionnaire.

The public API is two functions that return the same :class:`letterlint.model.Report` the
command line prints (``letterlint check --format json`` is ``Report.to_dict()``)::

    import letterlint
    report = letterlint.check_path("draft.docx")
    report = letterlint.check_text(open("draft.txt").read(), complaint_text=complaint)
    print(report.score.rating, [f.code for f in report.findings])

The stages, one folder each: ``reading`` (every format into a Document with exact offsets),
``letter`` (parts, facts and type, computed once), ``rules`` (typed rule and phrase-bank files),
``checks`` (the closed set of check kinds), ``scoring`` (items, score, rating, Annex B),
``reports`` (formatters that see only the Report), with ``engine`` the only orchestrator and
``cli`` on top. Both functions are imported lazily, so ``import letterlint`` costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "check_path", "check_text"]

if TYPE_CHECKING:
    from os import PathLike

    from letterlint.config.settings import Config
    from letterlint.model import Report


def _config(config: Config | None, config_file: str | PathLike[str] | None) -> Config:
    from pathlib import Path

    from letterlint.config.settings import load_config

    if config is not None:
        return config
    return load_config(explicit=Path(config_file) if config_file is not None else None)


def check_path(path: str | PathLike[str], *, complaint: str | PathLike[str] | None = None,
               config: Config | None = None, config_file: str | PathLike[str] | None = None,
               overrides: dict[str, Any] | None = None) -> Report:
    """Check one letter file (.docx, .txt, .md, .pdf, .odt, .rtf, .eml, .msg, .doc).

    ``complaint``: the complainant's letter, for questionnaire item 7.11 (every point answered).
    ``config``: a ready Config; else ``config_file`` or the ``.letterlint.yaml`` found from the
    current folder upwards, as the command line does. ``overrides``: facts to take as given
    (``{"stage": 2, "date": "2026-11-03"}``).

    Returns the Report; a file that cannot be read gives a Report whose ``error`` is the one-line
    cause (never an exception). Raises ``letterlint.errors.InputError`` for an unreadable
    ``complaint`` and ``ConfigError`` for a bad configuration file."""
    from pathlib import Path

    from letterlint.engine.check import check_path as _check_path

    return _check_path(Path(path), _config(config, config_file), overrides=overrides,
                       complaint_path=Path(complaint) if complaint is not None else None)


def check_text(text: str, *, complaint_text: str | None = None, name: str = "<text>",
               markdown: bool = False, config: Config | None = None,
               config_file: str | PathLike[str] | None = None,
               overrides: dict[str, Any] | None = None) -> Report:
    """Check a letter given as text (plain, or Markdown when ``markdown``).

    ``name`` is how reports refer to it. Other arguments as :func:`check_path`. Spans in the
    Report's findings are character offsets into ``text``. Never touches the disk except to read
    the configuration and the bundled rules."""
    from letterlint.engine.check import check_document
    from letterlint.reading import read_string

    doc = read_string(text, name, markdown=markdown)
    complaint = read_string(complaint_text, "<complaint>") if complaint_text is not None else None
    return check_document(doc, _config(config, config_file), overrides=overrides, complaint=complaint)
