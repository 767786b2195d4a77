"""A line's characters → its text: the reader's shortcuts (CJK-only lines, one-character boxes
without spaces) give what the plain rule gives, character by character: a space only between two
non-CJK characters that the PDF separates by a space or by a gap wider than 0.28 of the font size."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from core.readers.pdf_extract import Char
from core.readers.pdf_tables import join_chars

SPACES = {" ", "\u00a0", "\u3000", "\t", "\u2002", "\u2003", "\u2009"}


def cjk(ch: str) -> bool:
    o = ord(ch)
    return o >= 0x2000 and (
        0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFE4F or 0xFF00 <= o <= 0xFFEF
        or o >= 0x20000 or ch in "“”‘’…—–"
    )


def plain_rule(chars: list[Char]) -> str:
    out, prev, spaced = [], None, False
    for c in chars:
        if c.text in SPACES:
            spaced = prev is not None
            continue
        if prev is not None and (spaced or c.x0 - prev.x1 > 0.28 * max(prev.size, c.size, 1.0)):
            if not cjk(prev.text[-1]) and not cjk(c.text[0]):
                out.append(" ")
        out.append(c.text)
        prev, spaced = c, False
    return "".join(out)


GLYPHS = list("政府信息公开年度报告第一二三，。（）、：；“”…—") + list("0123456789,.()%-ABCxyz") + [
    " ", "\u3000", "\u00a0", "ﬁ", "12", "𠀀", "\u2e8f"]


@st.composite
def lines(draw):
    n = draw(st.integers(1, 30))
    x = draw(st.floats(0, 400))
    out = []
    for _ in range(n):
        size = draw(st.sampled_from([0.0, 0.5, 9.0, 10.5, 12.0, 16.0]))
        w = draw(st.floats(0, 14))
        gap = draw(st.sampled_from([-1.0, 0.0, 0.5, 2.0, 2.9, 3.0, 3.4, 5.0, 9.0]))
        out.append(Char(draw(st.sampled_from(GLYPHS)), x, 100.0, x + w, 112.0, size, False))
        x += w + gap
    return out


@settings(max_examples=400, deadline=None)
@given(lines())
def test_join_chars_is_the_plain_rule(chars):
    assert join_chars(chars) == plain_rule(chars)


def test_examples():
    def row(texts, gaps, size=10.0):
        x, out = 0.0, []
        for t, g in zip(texts, gaps):
            out.append(Char(t, x, 0.0, x + 5.0, 10.0, size, False))
            x += 5.0 + g
        return out

    assert join_chars(row("政府信息", [0, 0, 0, 0])) == "政府信息"
    assert join_chars(row("2024年", [0, 0, 0, 9, 0])) == "2024年"
    assert join_chars(row("12345", [0, 0, 9, 0, 0])) == "123 45"
    assert join_chars(row(["A", " ", "B", "，", "C"], [0, 0, 0, 0, 0])) == "A B，C"
