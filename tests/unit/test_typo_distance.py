"""The edit distance of the typo matcher (core/recognize/typos.py) against a plain reference written
here: insertions, deletions, replacements and swaps of neighbours, stopped at a limit."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from core.recognize.typos import distance

CHARS = st.sampled_from(list("公开申请政府信息其他法律行政规禁止"))
WORDS = st.text(CHARS, max_size=9)


def _reference(a: str, b: str) -> int:
    """Optimal string alignment distance, the textbook table."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


@settings(max_examples=300, deadline=None)
@given(WORDS, WORDS, st.integers(min_value=0, max_value=6))
def test_distance_is_the_reference_up_to_the_limit(a, b, limit):
    assert distance(a, b, limit) == min(_reference(a, b), limit + 1)


@settings(max_examples=200, deadline=None)
@given(WORDS, WORDS)
def test_distance_is_symmetric(a, b):
    assert distance(a, b, 20) == distance(b, a, 20)
