"""How many real misspellings does letterlint's spelling check catch, and does it suggest the fix?

Uses codespell's list of common misspellings (``codespell_lib/data/dictionary.txt``, lines
``wrong->right[, right2]``). An entry is kept when the en_GB dictionary accepts its first
correction and rejects the misspelling (so American-only corrections and misspellings that
are real British words are left out). Each misspelling is put in a neutral sentence and run
through the same word finder as rule LL401; recall is the share caught. For a smaller sample
it also asks for suggestions and counts how often the first correction is among the top 3.

    .venv/bin/python bench/spelling_recall.py [--sample 1500] [--suggest 300] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

SENTENCE = "We noted that the {word} was mentioned in your letter."


@dataclass(frozen=True)
class Entry:
    wrong: str
    right: str


def codespell_path() -> Path:
    return Path(str(resources.files("codespell_lib") / "data" / "dictionary.txt"))


def load_entries(path: Path | None = None) -> list[Entry]:
    """Entries of codespell's dictionary usable against a British dictionary."""
    from letterlint.letter.nlp.spelling import speller

    sp = speller()
    out: list[Entry] = []
    for line in (path or codespell_path()).read_text(encoding="utf-8").splitlines():
        wrong, sep, rest = line.partition("->")
        if not sep:
            continue
        right = rest.split(",")[0].strip()
        wrong = wrong.strip()
        if not wrong.isalpha() or not right.isalpha() or not wrong.islower() or len(wrong) < 3:
            continue  # phrases, apostrophes and proper names say little about a letter
        if sp.known(right) and not sp.known(wrong):
            out.append(Entry(wrong, right))
    return out


def sample(entries: list[Entry], n: int, seed: int = 7) -> list[Entry]:
    if n >= len(entries):
        return list(entries)
    return random.Random(seed).sample(entries, n)


def caught(entries: list[Entry]) -> list[bool]:
    """For each entry: did the LL401 word finder report the misspelling in a neutral sentence?"""
    from letterlint.checks.spelling import candidates
    from letterlint.letter.nlp.spelling import speller
    from letterlint.model import Span

    sp = speller()
    out = []
    for e in entries:
        text = SENTENCE.format(word=e.wrong)
        found = candidates(text, [Span(0, len(text))], sp, [], lambda _pos: 0)
        out.append(any(word == e.wrong for _, word in found))
    return out


def suggested(entries: list[Entry], limit: int = 3) -> list[bool]:
    from letterlint.letter.nlp.spelling import speller

    sp = speller()
    return [e.right in sp.suggest(e.wrong, limit) for e in entries]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=1500, help="entries to check (0: all)")
    parser.add_argument("--suggest", type=int, default=300, help="entries to ask suggestions for")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    entries = load_entries()
    chosen = sample(entries, args.sample or len(entries), args.seed)
    hits = caught(chosen)
    recall = sum(hits) / len(hits) if hits else 0.0
    print(f"codespell entries usable with en_GB: {len(entries)}")
    print(f"checked: {len(chosen)}  caught: {sum(hits)}  recall: {recall:.1%}")
    missed = [e.wrong for e, h in zip(chosen, hits, strict=True) if not h]
    if missed:
        print("missed (first 20):", ", ".join(missed[:20]))
    if args.suggest:
        sub = sample(chosen, args.suggest, args.seed)
        ok = suggested(sub)
        print(f"right correction among the top 3 suggestions: {sum(ok)}/{len(ok)} ({sum(ok) / len(ok):.1%})")
        first = sum(1 for e in sub if _first(e.wrong) == e.right)
        print(f"right correction suggested first: {first}/{len(sub)} ({first / len(sub):.1%})")
    return 0


def _first(word: str) -> str | None:
    from letterlint.letter.nlp.spelling import speller

    s = speller().suggest(word, 1)
    return s[0] if s else None


if __name__ == "__main__":
    raise SystemExit(main())
