"""rules/lazy_pattern (issue 15): a module-level expression compiled on first use behaves as the
compiled expression, costs nothing more once used, and pickles as its pattern."""

from __future__ import annotations

import pickle
import re

import regex

from letterlint.rules.lazy_pattern import lazy, lazy_re


def test_compiled_on_first_use_then_the_compiled_pattern() -> None:
    p = lazy(r"\b(an?)\s+(\w+)", regex.IGNORECASE)
    assert p._compiled is None
    assert [m.groups() for m in p.finditer("A apple and an pear")] == [("A", "apple"), ("an", "pear")]
    assert isinstance(p.compiled(), regex.Pattern)
    assert p.finditer == p.compiled().finditer  # kept on the stand-in: no lookup through it again
    assert "finditer" in p.__dict__
    assert (p.pattern, p.flags & regex.IGNORECASE) == (r"\b(an?)\s+(\w+)", regex.IGNORECASE)


def test_standard_library_flavour() -> None:
    p = lazy_re(r"^LL\d{3}$", re.MULTILINE)
    assert isinstance(p.compiled(), re.Pattern)
    assert p.match("LL401") and not p.match("LL40")
    assert p.flags & re.MULTILINE


def test_pickles_as_its_pattern() -> None:
    for p in (lazy(r"x+"), lazy_re(r"y+", re.I)):
        p.search("xx yy")  # used: bound methods are kept on it
        back = pickle.loads(pickle.dumps(p))
        assert (back._pattern, back._flags, back._std) == (p._pattern, p._flags, p._std)
        assert back.findall("xx YY yy") == p.findall("xx YY yy") != []
