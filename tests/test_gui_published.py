"""A published PDF in the window (issue 12): the same grids and highlights as the .docx it was made
from, every cell finding placed on its page, the original page shown with the cell boxed, and the
corrected export a standard .docx with tracked changes."""

from __future__ import annotations

import copy
import zipfile

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from core.check import check_path  # noqa: E402
from tests.fixtures.pdf_fixtures import convert_to_pdf, soffice  # noqa: E402
from tests.test_gui_clerk import window  # noqa: E402,F401 - the same window fixture
from tests.test_gui_window import open_and_wait  # noqa: E402

pytestmark = pytest.mark.gui
needs_lo = pytest.mark.skipif(soffice() is None, reason="LibreOffice not installed")


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    if soffice() is None:
        pytest.skip("LibreOffice not installed")
    from tests.engine_helpers import standard_spec
    from tests.fixtures.docx_builder import build_docx

    d = tmp_path_factory.mktemp("published")
    spec = standard_spec("000")
    spec.t3[("granted", "commercial")] = str(int(spec.t3[("granted", "commercial")]) + 5)
    docx = build_docx(copy.deepcopy(spec), d / "faulty.docx")
    pdf = convert_to_pdf([docx], d / "pdf")[docx]
    return docx, pdf


def test_a_pdf_shows_the_docx_findings_with_pages_and_the_boxed_page(qtbot, window, published):
    docx, pdf = published
    res = open_and_wait(qtbot, window, pdf)
    ref = check_path(docx)
    assert res.document.kind == "pdf"
    key = lambda f: (f.code, tuple((c.table, c.row, c.col) for c in f.cells))  # noqa: E731
    assert sorted(map(key, (f for f in res.findings if f.severity == "error"))) == \
        sorted(map(key, (f for f in ref.findings if f.severity == "error")))
    cell_findings = [f for f in res.findings if f.cells]
    assert cell_findings and all("页" in f.location for f in cell_findings)
    assert window.pdf_view is not None and window._pdf_tab >= 0
    f = next(f for f in cell_findings if f.severity == "error")
    window.select_finding(f)
    c = f.cells[0]
    pos = res.report.cell(c.table, c.row, c.col).pos
    assert window.pdf_view.page == pos.page and window.pdf_view.box == pos.box
    assert window.tabs.tabText(window._pdf_tab) == f"原文第 {pos.page} 页"
    assert not window.pdf_view.image.pixmap().isNull()


def test_corrected_export_of_a_pdf_is_a_standard_docx_with_tracked_changes(published, tmp_path):
    from core.export import default_output_name, export_result

    _docx, pdf = published
    res = check_path(pdf)
    out = default_output_name(pdf, "corrected")
    assert out.suffix == ".docx"
    written = export_result(res, tmp_path / out.name, kind="corrected")
    xml = zipfile.ZipFile(written[0]).read("word/document.xml").decode("utf-8")
    assert "<w:ins " in xml and "<w:del " in xml
    again = check_path(written[0])
    assert again.errors == 0
    assert any("已发布的PDF" in n for n in written.notes)


def test_portal_chrome_is_shown_greyed_and_unchecked(qtbot, window, tmp_path):
    from tests.fixtures.portal_fixtures import write_portal
    from tests.fixtures.seeds import SEEDS

    page = write_portal(SEEDS["003"], tmp_path / "年报.html")
    res = open_and_wait(qtbot, window, page)
    outside = [i for i, b in enumerate(res.document.blocks) if getattr(b, "outside", False)]
    assert outside
    block = window.text_view.document().findBlockByNumber(window.text_view._blocks[outside[0]])
    color = block.begin().fragment().charFormat().foreground().color()
    assert color.lightness() > 140  # grey, not the body text's black
    assert not any(f.paragraph in outside for f in res.findings if f.paragraph is not None)
    # the first block of the chrome says why it is grey (once), in the catalogue's words
    from core.texts import say

    first = res.document.blocks[outside[0]]
    assert block.text() == say("text-outside-report", text=first.text)
    marked = [b for b in range(window.text_view.document().blockCount())
              if "报告以外的网页内容" in window.text_view.document().findBlockByNumber(b).text()]
    runs = sum(1 for i in outside if i - 1 not in outside)
    assert len(marked) == runs  # once per run of chrome (before the report, after it …), not on every block
