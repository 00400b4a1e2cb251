"""Round trip of `letterlint fix` on the independent corpus (letters nobody on the team wrote).

For each letter: the safe changes made and left out, the findings after accepting every change
that were not there before, and whether a second run changes anything. Run from the
repository root: ``.venv/bin/python bench/fix_roundtrip.py``.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, ".")

from tests.test_fix_corpus import _keys, _unmatched

from letterlint.config.settings import Config
from letterlint.engine.check import check_path
from letterlint.fix.docx_changes import accept_all
from letterlint.fix.files import fix_file


def main() -> None:
    cfg = Config()
    cfg.set("nlp.trained", False, "bench")
    letters = sorted(p for p in Path("tests/corpus/independent/letters").iterdir()
                     if p.suffix in (".docx", ".txt", ".md"))
    stats: Counter[str] = Counter()
    by_code: Counter[str] = Counter()
    problems: list[tuple[str, str, object]] = []
    for letter in letters:
        work = Path(tempfile.mkdtemp())
        src = work / letter.name
        shutil.copy(letter, src)
        r = fix_file(src, cfg)
        stats["letter files"] += 1
        stats["left out"] += len(r.left)
        stats["overlapping"] += len(r.overlapping)
        if not r.made or r.out is None:
            continue
        stats["files changed"] += 1
        stats["changes"] += len(r.made)
        by_code.update(f.code for c in r.made for f in c.findings[:1])
        fixed = {(f.code, f.quote) for c in r.made for f in c.findings}
        fixed |= {(f.code, c.fix.text) for c in r.made for f in c.findings}
        before = _keys(r.report, r.made)
        accepted = r.out
        if accepted.suffix == ".docx":
            accepted = work / "accepted.docx"
            accepted.write_bytes(accept_all(r.out.read_bytes()))
        expected = before - Counter({k: before[k] for k in fixed})
        new = _unmatched(_keys(check_path(accepted, cfg)), expected)
        if new:
            stats["files with other new findings"] += 1
            problems.append((letter.name, "new", sorted(new)))
        if fix_file(accepted, cfg, write=False).made:
            stats["second run changes something"] += 1
            problems.append((letter.name, "second run", ""))
        shutil.rmtree(work, ignore_errors=True)
    print(dict(stats))
    print(dict(by_code))
    for p in problems:
        print(*p)


if __name__ == "__main__":
    main()
