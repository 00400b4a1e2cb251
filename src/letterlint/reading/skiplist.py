"""What is never a letter: the one skip list shared by ``batch``, ``baseline`` and the
pre-commit hook.

Skipped, with the reason ``skip_reason`` gives:

- Word's lock files (``~$draft.docx``, written while a document is open) and other hidden
  files (``.name``), and anything inside a hidden folder (``.git``, ``.letterlint-cache``);
- a repository's own README, CHANGELOG and LICENSE (LICENCE) files, with any extension, and
  its requirements*.txt;
- letterlint's own outputs: annotated copies (``*.letterlint.docx``), fixed copies
  (``*.letterlint-fixed.*``), reports it wrote (``*.letterlint.json``, ``.csv``, ``.html``,
  ``.sarif``, ``.txt``, ``.md``) and its baseline (``.letterlint-baseline.json``).

Files of a type letterlint does not read (``readers.SUFFIXES``) are not skipped silently:
``batch`` lists them with the reason "unsupported type". ``HOOK_EXCLUDE`` is the same list as
a regular expression for ``.pre-commit-hooks.yaml`` (a test keeps the two in step).
"""

from __future__ import annotations

from pathlib import PurePath

from letterlint.rules.lazy_pattern import lazy_re

NOT_LETTER_NAMES = lazy_re(r"(?i)^(?:(?:readme|changelog|license|licence)(?:\.[a-z0-9]+)?|requirements[^/]*\.txt)$")
OUTPUT_NAMES = lazy_re(
    r"(?i)^.+\.letterlint(?:\.docx|-fixed\.[a-z0-9]+|\.(?:json|csv|html|sarif|txt|md))$")
HOOK_EXCLUDE = (r"(^|/)(\.[^/]*(/|$)|~\$[^/]*$|(?i:readme|changelog|license|licence)(\.[A-Za-z0-9]+)?$"
                r"|requirements[^/]*\.txt$"
                r"|[^/]+\.letterlint(\.docx|-fixed\.[A-Za-z0-9]+|\.(json|csv|html|sarif|txt|md))$)")


def skip_reason(path: PurePath, root: PurePath | None = None) -> str | None:
    """Why ``path`` is never a letter, or None. ``root``: the folder being walked (its own
    name and the folders above it are not judged, so a hidden folder given on purpose is read)."""
    parts = path.relative_to(root).parts if root is not None and path.is_relative_to(root) else (path.name,)
    for folder in parts[:-1]:
        if folder.startswith(".") and folder not in (".", ".."):
            return "in a hidden folder"
    name = path.name
    if name.startswith("~$"):
        return "a Word lock file"
    if name.startswith("."):
        return "a hidden file"
    if NOT_LETTER_NAMES.match(name):
        return "a repository file (README, CHANGELOG, LICENSE, requirements)"
    if OUTPUT_NAMES.match(name):
        return "written by letterlint"
    return None


def skip_folder(name: str) -> bool:
    """True for folders a walk never enters (hidden ones, Python's caches)."""
    return name.startswith(".") or name == "__pycache__"
