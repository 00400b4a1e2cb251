"""``model.known_span``: the same Span as ``Span(start, end)``, without its checks (issue 15)."""

from __future__ import annotations

import pickle

from letterlint.model import Span, known_span


def test_known_span_is_a_span() -> None:
    """Equal, hashed, ordered, pickled and shown as the checked one, and just as read-only."""
    fast, checked = known_span(3, 9), Span(3, 9)
    assert type(fast) is Span
    assert fast == checked and hash(fast) == hash(checked) and repr(fast) == repr(checked)
    assert len(fast) == 6 and fast.contains(Span(4, 5)) and fast.overlaps(Span(8, 12))
    assert sorted([known_span(5, 6), Span(1, 2), known_span(1, 1)]) == [Span(1, 1), Span(1, 2), Span(5, 6)]
    assert pickle.loads(pickle.dumps(fast)) == checked
    try:
        fast.start = 0  # type: ignore[misc]
    except AttributeError:
        pass
    else:  # pragma: no cover
        raise AssertionError("a known span could be changed")
