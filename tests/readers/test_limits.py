"""limits: one read-only set of limits for every reader."""

from __future__ import annotations

import pickle

import pytest

from core.readers.limits import DEFAULT_LIMITS, Limits, MiB


def test_defaults():
    lim = DEFAULT_LIMITS
    assert (lim.max_file_bytes, lim.max_members, lim.max_member_bytes, lim.max_total_bytes) == (100 * MiB, 10_000, 200 * MiB, 500 * MiB)
    assert (lim.max_pdf_bytes, lim.max_pages, lim.max_html_bytes) == (100 * MiB, 2000, 50 * MiB)
    assert lim.ratio_min_bytes == MiB and lim.max_ratio == 500.0


def test_read_only_and_replace():
    with pytest.raises(AttributeError):
        DEFAULT_LIMITS.max_pages = 5
    with pytest.raises(AttributeError):
        del DEFAULT_LIMITS.max_pages
    small = DEFAULT_LIMITS.replace(max_pages=10, max_html_bytes=MiB)
    assert (small.max_pages, small.max_html_bytes, small.max_file_bytes) == (10, MiB, DEFAULT_LIMITS.max_file_bytes)
    assert DEFAULT_LIMITS.max_pages == 2000
    with pytest.raises(TypeError):
        DEFAULT_LIMITS.replace(max_papers=1)


def test_value_semantics():
    a = Limits(1, 2, 3, 4, 5.0)
    assert a == Limits(1, 2, 3, 4, 5.0) and hash(a) == hash(Limits(1, 2, 3, 4, 5.0)) and a != DEFAULT_LIMITS
    assert pickle.loads(pickle.dumps(a)) == a
    assert "max_pages=2000" in repr(a)
