"""The reader's own PDFium bindings (``void *`` handles, for speed) read what pypdfium2's public
API reads: the same characters with the same boxes, sizes and weights; and the fast
``SourcePos`` of grid cells is the very object the constructor makes."""

from __future__ import annotations

import pytest

from core.model import SourcePos
from core.readers.pdf import _pos_maker
from core.readers.pdf_extract import _norm_char, page_content
from tests.fixtures.pdf_fixtures import text_pdf

pdfium = pytest.importorskip("pypdfium2")


def _public_chars(pdf, index):
    page = pdf[index]
    height = page.get_height()
    tp = page.get_textpage()
    out = []
    for i in range(tp.count_chars()):
        text = tp.get_text_range(i, 1)
        if not text or text.isspace() or ord(text[0]) < 32:
            continue
        x0, bottom, x1, top = tp.get_charbox(i, loose=True)
        out.append((text, round(x0, 3), round(height - top, 3), round(x1, 3), round(height - bottom, 3)))
    tp.close()
    page.close()
    return out


@pytest.fixture(scope="module")
def qt_pdf(tmp_path_factory):
    """A CJK report printed by Qt: many text objects, clipped rows, tables over pages."""
    pytest.importorskip("PySide6")
    from tests.fixtures.pdf_fixtures import qt_html_to_pdf, report_html
    from tests.fixtures.seeds import SEEDS

    return qt_html_to_pdf(report_html(SEEDS["004"]), tmp_path_factory.mktemp("extract") / "qt004.pdf").read_bytes()


@pytest.mark.parametrize("which", ["ascii", "qt"])
def test_bindings_read_the_same_characters_as_pypdfium2(which, request):
    data = text_pdf(["Hello 2024", "Report 2023: 1,234"]) if which == "ascii" else request.getfixturevalue("qt_pdf")
    pdf = pdfium.PdfDocument(data)
    for i in range(len(pdf)):
        got = page_content(pdf, i)
        mine = [(c.text, round(c.x0, 3), round(c.top, 3), round(c.x1, 3), round(c.bottom, 3))
                for c in got.chars if not c.text.isspace()]
        public = _public_chars(pdf, i)
        if which == "qt":
            # the reader drops what Qt's clip hides, clamps what it cuts and reads radicals as
            # ideographs (⺠ → 民): every box of the public API left whole is read at that place
            boxes = {c[1:]: c[0] for c in mine}
            kept = [c for c in public if c[1:] in boxes]
            assert len(kept) >= 0.9 * len(public)
            assert [boxes[c[1:]] for c in kept] == ["".join(_norm_char(ord(ch)) for ch in c[0]) for c in kept]
        else:
            assert mine == public
        assert mine, "the fixture has text"
        page = pdf[i]
        assert (got.width, got.height) == pytest.approx(page.get_size())
        tp = page.get_textpage()
        sizes = {round(tp.get_fontsize(k), 3) if hasattr(tp, "get_fontsize") else None for k in range(tp.count_chars())}
        tp.close()
        page.close()
        if None not in sizes:
            assert {round(c.size, 3) for c in got.chars} <= sizes
    pdf.close()


def test_fast_cell_position_is_the_constructors():
    make = _pos_maker()
    for args in [(1, 2, 3, 4, (1.0, 2.0, 3.0, 4.0)), (7, 30, 10, None, None)]:
        t, r, c, page, box = args
        fast = make(*args)
        slow = SourcePos("pdf", table=t, row=r, col=c, page=page, box=box)
        assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
        assert fast.describe() == slow.describe()
        with pytest.raises(Exception):
            fast.row = 9  # still frozen
