from __future__ import annotations

import time

import pytest
import regex

from letterlint.model import Span
from letterlint.rules.patterns import PatternError, compile_one, compile_patterns, finditer, inflections
from letterlint.rules.spec import BankEntry, PhraseBank


def texts(specs: list[str], text: str) -> list[str]:
    return [m.text for m in finditer(compile_patterns(specs, {}), text)]


def test_plain_phrase_is_case_insensitive_whole_words_any_white_space() -> None:
    assert texts(["one month"], "within One\n month. Lone months") == ["One\n month"]


def test_straight_and_curly_apostrophes_match_alike() -> None:
    assert texts(["don't know"], "I don’t know and I don't know") == ["don’t know", "don't know"]


def test_lemma_pattern_matches_inflections() -> None:
    found = texts(["lemma:apologise"], "I apologise. We apologised. She apologises. Apologising.")
    assert found == ["apologise", "apologised", "apologises", "Apologising"]
    assert texts(["lemma:make a decision"], "We made a decision and are making a decision") == [
        "made a decision", "making a decision"]
    assert "went" in inflections("go")  # irregular forms come from the lookup table


def test_regex_is_case_insensitive_unless_told() -> None:
    assert texts(["re:\\bcps\\b"], "CPS cps") == ["CPS", "cps"]
    assert texts(["re:(?-i)\\bCPS\\b"], "CPS cps") == ["CPS"]


def test_bank_patterns_keep_their_entry() -> None:
    bank = PhraseBank("jargon", "d", (BankEntry("discontinued", replacement="stopped"),))
    pats = compile_patterns([{"bank": "jargon"}], {"jargon": bank})
    (m,) = list(finditer(pats, "The case was discontinued."))
    assert m.pattern.entry is not None and m.pattern.entry.replacement == "stopped"


def test_matches_respect_the_area() -> None:
    pats = compile_patterns(["court"], {})
    text = "court one; court two"
    assert [m.span for m in finditer(pats, text, Span(5, len(text)))] == [Span(11, 16)]


@pytest.mark.parametrize("bad", ["re:(a+)+$", "re:(x*)*y", "re:([a-z]+)*!"])
def test_catastrophic_regex_is_refused_at_load_time(bad: str) -> None:
    with pytest.raises(PatternError, match="nested"):
        compile_one(bad)


def test_invalid_regex_is_refused_with_a_reason() -> None:
    with pytest.raises(PatternError, match="invalid regular expression"):
        compile_one("re:(unclosed")


def test_unknown_bank_is_refused() -> None:
    with pytest.raises(PatternError, match="unknown phrase bank"):
        compile_patterns([{"bank": "nope"}], {})


def test_slow_regex_is_stopped_not_hung() -> None:
    # Bounded repeats (under 10), so it passes the load-time check, but backtracks badly here.
    pat = compile_one("re:(?:a{1,9}){1,9}b")
    start = time.monotonic()
    with pytest.raises(PatternError, match="too long"):
        list(finditer((pat,), "a" * 60))
    assert time.monotonic() - start < 5


def test_prefilter_never_hides_a_match_of_any_bundled_phrase() -> None:
    from letterlint.rules.loader import ruleset_for
    from letterlint.rules.patterns import compile_one, folded

    checked = 0
    for bank in ruleset_for().banks.values():
        for entry in bank.entries:
            if entry.phrase.startswith(("re:", "lemma:")):
                continue
            p = compile_one(entry.phrase)
            for variant in (entry.phrase, entry.phrase.upper(), entry.phrase.replace("'", "\u2019")):
                text = f"We wrote: {variant}, then stopped."
                assert p.may_match(folded(text)), (entry.phrase, variant)
                assert p.regex.search(text), (entry.phrase, variant)
                checked += 1
    assert checked > 1500


def test_lemma_prefilter_covers_every_inflection_and_irregular_forms() -> None:
    from letterlint.rules.patterns import compile_one, folded, inflections

    apologise = compile_one("lemma:apologise")
    assert apologise.needle == "apologis"
    for form in inflections("apologise"):
        assert apologise.may_match(folded(f"I {form.upper()} now")), form
    go = compile_one("lemma:go")
    assert go.needle == ""  # go, went, gone share no start: no prefilter
    assert go.regex.search("She went home")
    assert not compile_one("uphold your complaint").may_match(folded("I do not agree"))


def test_a_leading_look_behind_is_tried_only_where_the_rest_matches() -> None:
    """``(?<!B)R`` runs as ``(?=R)(?<!B)R``: the same matches, in a window or the whole text, by
    finditer, match and fullmatch; a pattern whose meaning could change is left as written."""
    import regex

    from letterlint.rules.patterns import lookbehind_last

    source = r"(?<!\b(?:not|never)\s+(?:think|accept)\s+(?:that\s+)?[^.]{0,80})\b(?:is|was)\s+not\s+good\b"
    moved = lookbehind_last(source, regex.IGNORECASE)
    assert moved == rf"(?=\b(?:is|was)\s+not\s+good\b){source}"
    assert compile_one(f"re:{source}").source == moved
    text = ("It was not good. I do not think that it was not good. We accept it is NOT good, "
            "and Was not good (twice) is not good.")
    old, new = regex.compile(source, regex.IGNORECASE), regex.compile(moved, regex.IGNORECASE)
    windows = [(0, len(text)), *((a, b) for a in range(0, len(text), 7) for b in range(a, len(text) + 1, 11))]
    for start, end in windows:
        assert [m.span() for m in old.finditer(text, start, end)] == [m.span() for m in new.finditer(text, start, end)]
        assert bool(old.match(text, start, end)) == bool(new.match(text, start, end))
    # "do not think that it was not good" is the one left out
    assert [m.span() for m in old.finditer(text)] == [(3, 15), (67, 78), (84, 96), (105, 116)]
    assert new.fullmatch("was not good") and not new.fullmatch("not think was not good")
    # several look-behinds move together; a character class holding ')' is read as one
    assert lookbehind_last(r"(?<![)\]])(?<!\bno\s)\bcase", 0) == r"(?=\bcase)(?<![)\]])(?<!\bno\s)\bcase"
    for unchanged in (r"\bcase", r"(?<!a)", r"(?<!(a))b\1", r"(?<!a)(?P<x>b)", r"(?<!a)\Gb", r"(?<!a)b\K"):
        assert lookbehind_last(unchanged, 0) == unchanged, unchanged


def test_a_clause_cut_at_its_length_never_ends_inside_a_word() -> None:
    """A pattern ending in '[^.;]{0,60}' (the rest of a clause) stops at a whole word: the quote
    in the finding and the Word comment read 'did not recieve', not 'did not recieve a' (a new
    user's report: LL202 quoted half of 'any')."""
    p = compile_one("re:\\bthat\\s+you\\s+did\\s+not[^.;]{0,10}")
    assert p.open_tail and not compile_one("re:\\bdid\\s+not\\b").open_tail
    text = "I note that you did not recieve any explanation."
    (m,) = finditer((p,), text)
    assert m.text == "that you did not recieve" and text[m.span.start:m.span.end] == m.text
    whole = "I note that you did not agree."  # the clause ends before the limit: kept whole
    (m,) = finditer((p,), whole)
    assert m.text == "that you did not agree"


def test_the_defensive_empathy_rule_quotes_whole_words() -> None:
    from letterlint import check_text

    body = ("Dear Ms Cole\n\nThank you for your letter of 3 May 2026.\n\nI note you were unhappy with "
            "the outcome of the case and that you did not recieve any explanation from us at all.\n\n"
            "Yours sincerely\n\nA Lawyer\n")
    quotes = [f.quote for f in check_text(body).findings if f.code == "LL202"]
    assert quotes and all(not q.endswith(" a") for q in quotes)
    assert quotes[0].endswith(("recieve", "explanation", "us", "all", "from", "at"))


def test_required_literals_of_regular_expressions() -> None:
    from letterlint.rules.patterns import required_literals

    assert required_literals(r"\boffer(?:ed|ing|s)?\s+no\s+(?:further\s+)?evidence\b") == (
        ("evidence",), ("offer",))
    assert required_literals(r"(?:Stage|Tier)\s+two") == (("stage", "tier"), ("two",))  # one of two
    assert required_literals(r"(?:the\s+)?said") == (("said",),)  # an optional part is not required
    assert required_literals(r"a[bc]d|x") == ()  # a branch with no literal of 3 characters: nothing
    assert required_literals(r"\Gsaid\m") == ()  # syntax only the regex module reads: nothing


def test_required_literals_through_small_classes_and_repeated_characters() -> None:
    """A class of a few plain characters spells a run several ways (one of them is needed); a
    plain character repeated at least once joins the run before it, and starts the next run
    when it may repeat more (the last copy is next to what follows)."""
    from letterlint.rules.patterns import required_literals

    assert required_literals(r"\bapologi[sz]e\b") == (("apologise", "apologize"),)
    assert required_literals(r"\bap{1,2}ol{1,2}[oi]g") == (("pol",), ("lig", "log"))  # apolog-, appolig-, apollog-
    assert required_literals(r"[Ss]orry") == (("sorry",),)
    assert required_literals(r"ab[^x]cd") == ()  # a negated class: runs too short
    assert required_literals(r"prac[a-z]ice") == (("prac",), ("ice",))  # a range breaks the run
    assert required_literals(r"x[abcd][abcd]y") == ()  # 16 spellings: the run stops at the second class
    for source, text in ((r"\bap{1,2}ol{1,2}[oi]g[iy][sz]e\b", "we appollogyse"),
                         (r"colou?r[sz]", "colors"), (r"ab{2}c", "abbc")):
        groups = required_literals(source)
        assert regex.search(source, text, regex.I)
        assert all(any(n in text.casefold() for n in g) for g in groups), (source, groups)


def test_needles_never_hide_a_match_in_an_area() -> None:
    """A pattern skipped because its area lacks a needle has no match there: every pattern
    below, in every area of the text, finds the same with and without the prefilter."""
    from letterlint.rules import patterns as mod

    text = ("Further to your letter, we offered no evidence. THE SAID witness was at Stage two; "
            "the Tier Two review, prior to trial, is offered   no further evidence.")
    pats = compile_patterns([r"re:\boffer(?:ed|ing|s)?\s+no\s+(?:further\s+)?evidence\b",
                             r"re:(?:stage|tier)\s+two", r"re:\bthe\s+said\b(?=\s+[a-z])",
                             "prior to", "further to", r"re:(?-i)\bTHE\b"], {})
    assert all(p.needles for p in pats)
    for start in range(0, len(text), 7):
        for end in range(start, len(text) + 1, 11):
            area = Span(start, end)
            want = [(p.raw, m.span()) for p in pats
                    for m in p.regex.finditer(text, start, end) if m.end() > m.start()]
            got = [(m.pattern.raw, (m.span.start, m.span.end)) for m in finditer(pats, text, area)]
            assert sorted(got) == sorted(want)
            assert mod.matches_any(pats, text, area) == bool(want)


def test_dotless_and_dotted_i_turn_the_prefilter_off() -> None:
    """A case-insensitive "I" matches a dotless "ı", whose casefolded form holds no "i"."""
    assert texts(["re:\\bInterest\\b"], "in the public ınterest") == ["ınterest"]
    assert texts(["interest"], "in the public İnterest") == ["İnterest"]


def test_possible_keeps_every_pattern_that_matches() -> None:
    from letterlint.rules.patterns import possible

    pats = compile_patterns(["prior to", r"re:\boffer(?:ed|s)?\s+no\s+evidence\b", "lemma:apologise",
                             r"re:[a-z]+\d"], {})
    text = "We apologised. The prosecution offered no evidence."
    kept = possible(pats, text)
    assert [p.raw for p in kept] == [pats[1].raw, pats[2].raw, pats[3].raw]  # no 'prior', no needle
    assert all(p in kept for p in pats if p.regex.search(text))


def test_patterns_anchored_at_the_search_start_find_what_finditer_finds() -> None:
    """``\\G`` patterns are matched as a chain from the area's start (patterns._chained); the
    matches must be finditer's, in every area, with look-behinds seeing before the area."""
    import regex

    from letterlint.rules.patterns import _anchored, _chained

    text = "xabab ab aab, ab ab. and ab abab\n\nab"
    for source, anchored in ((r"(?<!x)\Gab\s?", True), (r"(?<=[,.]\s)\G(?:ab|a)\s*", True),
                             (r"(?<!and\s)\Gab", True), (r"\Gab|b", False), (r"a\Gb", False)):
        assert _anchored(source) is anchored
        if not anchored:
            continue
        rx = regex.compile(source)
        for start in range(len(text) + 1):
            for end in range(start, len(text) + 1):
                got = _chained(rx, text, start, end)
                if got is not None:
                    assert [m.span() for m in got] == [m.span() for m in rx.finditer(text, start, end)]


def test_held_needles_answer_as_a_search_of_the_text_would() -> None:
    """Every needle of the universe is looked for in a new text at once (an Aho-Corasick
    automaton), and needles that join the universe later one by one: the answer must be the
    substring test's, whatever the needles (overlapping, one inside another, not letters)."""
    import random

    from letterlint.rules import patterns as P

    rnd = random.Random(5)
    alphabet = "abcé1_ -'’.\n"
    for round_ in range(60):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 160)))
        needles = set()
        for _ in range(30):
            a = rnd.randrange(len(text)) if text else 0
            needle = text[a:a + rnd.randrange(1, 12)] if rnd.random() < 0.7 else \
                "".join(rnd.choice("abc1é '") for _ in range(rnd.randrange(1, 8)))
            if needle:
                needles.add(needle)
        first, later = sorted(needles)[::2], sorted(needles)[1::2]
        P._add_to_universe(frozenset(first))
        table = P._Held(text)
        assert table.update(text) >= {n for n in first if n in text}
        P._add_to_universe(frozenset(later))  # a new tuple of patterns asked about: searched one by one
        held = table.update(text)
        assert {n for n in P._UNIVERSE if n in held} == {n for n in P._UNIVERSE if n in text}, (round_, text)


def test_no_needles_from_syntax_only_the_regex_module_reads() -> None:
    """Fuzzy matching and POSIX classes mean something else to Python's re parser (a literal
    brace, a class with a bracket after it): such a pattern gets no needle and always runs."""
    from letterlint.rules.patterns import required_literals

    assert required_literals(r"(?:abc){e<=1}xyz") == ()
    assert required_literals(r"[[:alpha:]]abcd") == ()
    assert required_literals(r"abc{2,3}def") == (("abcc",), ("cdef",))  # a repeated plain character: see below
    assert texts([r"re:(?:offence){e<=1}\s+code"], "the ofence code") == ["ofence code"]


def test_present_keeps_exactly_the_patterns_whose_needles_the_text_holds() -> None:
    """``_present`` (an index from needles to patterns, set operations) gives the patterns, in
    order, whose every needle group has a needle in the casefolded text: the plain definition,
    on every tuple of patterns of the built-in rules and texts made of their own needles."""
    import random

    from letterlint.rules.loader import ruleset_for
    from letterlint.rules.patterns import Pattern, _present, folded

    tuples: list[tuple[Pattern, ...]] = []

    def walk(o: object) -> None:
        if isinstance(o, tuple) and o and all(isinstance(x, Pattern) for x in o):
            tuples.append(o)
        elif isinstance(o, dict):
            for v in o.values():
                walk(v)
        elif isinstance(o, (list, tuple)):
            for v in o:
                walk(v)

    for rule in ruleset_for().rules:
        walk(rule.compiled)
    assert sum(1 for t in tuples for p in t if len(p.needles) > 1 or (p.needles and len(p.needles[0]) > 1))
    needles = sorted({n for t in tuples for p in t for g in p.needles for n in g})
    rnd = random.Random(11)
    for _ in range(25):
        words = [*rnd.sample(needles, 60), "Dear", "Ms", "Smith", "apologise", "the", "court."]
        rnd.shuffle(words)
        text = " ".join(w.upper() if rnd.random() < 0.1 else w for w in words)
        f = folded(text)
        for t in tuples:
            want = tuple(p for p in t if all(any(n in f for n in g) for g in p.needles))
            assert _present(t, text) == want
