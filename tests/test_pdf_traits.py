"""The traits of published PDFs (issue 12), each reproduced on purpose, each read as the .docx is:
a second producer (Qt printing HTML), wrapped labels whose numbers sit on another baseline, a 2023
report whose （六）其他处理 is one row (read as it is: T1), a label typo mapped with W-title."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from core.check import check_path
from tests.engine_helpers import errors
from tests.fixtures.docx_builder import build_docx
from tests.fixtures.layouts import GCell, GRow, Layout, official_grid
from tests.fixtures.pdf_fixtures import convert_to_pdf, report_html, soffice
from tests.fixtures.seeds import SEEDS
from tests.pdf_helpers import HAVE_QT, assert_same_as_docx, check_pdf, compare, needs_lo, needs_qt, no_stray


TYPO = "2.其他法律行政止公开"


def _one_row_other_2023():
    """Seed 000 as a 2023 report whose （六）其他处理 is a single row holding the three sub-rows' sum."""
    spec = no_stray("000")
    spec.title_lines = [t.replace("2022", "2023") for t in spec.title_lines]
    g = official_grid(spec, "三")
    rows = []
    for r in g.rows:
        if r.key in ("other_2", "other_3"):
            continue
        if r.key == "other_1":
            data = r.cells[3:]
            for c in data:
                c.text = str(sum(int(spec.t3[(k, c.key[2])]) for k in ("other_1", "other_2", "other_3")))
            r = GRow([r.cells[0], GCell("（六）其他处理", 2, kind="label")] + data, "三", key="other")
        rows.append(r)
    g.rows = rows
    return spec, g




@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """All documents of this module, LibreOffice run once: .docx → PDF, and an HTML page → .docx
    (LibreOffice's own Word export, to compare the Qt PDF of the same page with)."""
    folder = tmp_path_factory.mktemp("traits")
    out = {}
    typo = no_stray("003")
    typo.label_overrides[("三", "row", "withheld_2")] = TYPO
    out["typo_docx"] = build_docx(typo, folder / "typo.docx")
    out["003_docx"] = build_docx(SEEDS["003"], folder / "s003.docx")
    to_pdf = [out["typo_docx"], out["003_docx"]]
    if soffice():
        pdfs = convert_to_pdf(to_pdf, folder / "pdf")
        out["typo_pdf"], out["003_pdf"] = pdfs[out["typo_docx"]], pdfs[out["003_docx"]]
    if HAVE_QT:
        from tests.fixtures.pdf_fixtures import qt_html_to_pdf

        for key in ("000", "003", "004"):
            spec = no_stray(key)
            out[f"qt{key}_pdf"] = qt_html_to_pdf(report_html(spec), folder / f"qt{key}.pdf")
            out[f"qt{key}_docx"] = build_docx(spec, folder / f"qt{key}.docx", Layout(stray=False))
        for key in ("000", "003"):
            spec = no_stray(key)
            out[f"qtb{key}_pdf"] = qt_html_to_pdf(report_html(spec, borders={"二": 0}), folder / f"qtb{key}.pdf")
        spec, g = _one_row_other_2023()
        html = report_html(spec, {"三": g})
        page = folder / "one_other.html"
        page.write_text(html, encoding="utf-8")
        out["one_other_pdf"] = qt_html_to_pdf(html, folder / "one_other_qt.pdf")
        if soffice():
            import subprocess
            import tempfile

            prof = Path(tempfile.mkdtemp())
            subprocess.run([soffice(), f"-env:UserInstallation={prof.as_uri()}", "--headless", "--convert-to",
                            "docx:MS Word 2007 XML", "--outdir", str(folder / "lo"), str(page)],
                           check=True, capture_output=True, timeout=300)
            out["one_other_docx"] = folder / "lo" / "one_other.docx"
    return out


@needs_qt
@pytest.mark.parametrize("key", ["000", "003", "004"])
def test_qt_printed_report_reads_as_the_docx(made, key):
    """Qt draws each row on every page it touches and clips; tables cross pages; CJK radicals."""
    pdf_result, _ = assert_same_as_docx(made[f"qt{key}_pdf"], made[f"qt{key}_docx"])
    assert "Qt" in pdf_result.report.document.producer
    text = "".join(p.text for p in pdf_result.report.document.paragraphs)
    assert "⺠" not in text and "民" in text  # 民 drawn with the radical's glyph is read as 民


@needs_qt
@pytest.mark.parametrize("key", ["000", "003"])
def test_borderless_table_is_read_by_alignment(made, key):
    """Table 二 printed without any line (border=0): the fallback aligns its words into columns and
    rows (a figure under a spanning header spans with it); the report reads as the .docx."""
    result, _ = assert_same_as_docx(made[f"qtb{key}_pdf"], made[f"qt{key}_docx"])
    t2 = result.report.tables["二"]
    assert t2.cells and all(g for g in t2.grids)
    grids = {g.index: g for g in result.report.document.grids}
    assert not any(c.pos.box is None for c in t2.cells.values())
    assert t2.cells[("fees", "amount")].raw == SEEDS[key].t2[("fees", "amount")]
    assert all(grids[i].rows for i in t2.grids)


@needs_qt
@needs_lo
def test_2023_report_with_one_row_other_is_read_as_published(made):
    result = check_pdf(made["one_other_pdf"])
    assert result.report.year == 2023 and result.report.format_key == "2021"
    t1 = [f for f in errors(result) if f.code.startswith("T1") and f.table == "三"]
    assert len(t1) == 1
    assert {c.row for c in t1[0].cells} == {"other_1", "other_2", "other_3"}
    assert "（六）其他处理" in t1[0].message
    # not forced into the standard shape: no sub-row got the single row's figures
    for row in ("other_1", "other_2", "other_3"):
        assert result.report.cell("三", row, "natural") is None
    # the same page saved as .docx by LibreOffice gives the same findings
    (only_pdf, only_docx), values = compare(result, check_path(made["one_other_docx"]))
    assert only_pdf == only_docx == [] and values == []


@needs_lo
def test_label_typo_is_mapped_with_w_title(made):
    pdf_result, docx_result = assert_same_as_docx(made["typo_pdf"], made["typo_docx"])
    assert docx_result.report.value("三", "withheld_2", "natural") == Decimal(SEEDS["003"].t3[("withheld_2", "natural")])
    assert [f.message for f in docx_result.findings if f.code == "W-title" and f.table == "三"] == \
        [f.message for f in pdf_result.findings if f.code == "W-title" and f.table == "三"]
    flagged = [f for f in pdf_result.findings if f.code == "W-title" and f.table == "三"]
    assert len(flagged) == 1 and TYPO in flagged[0].message
    assert pdf_result.report.value("三", "withheld_2", "natural") == Decimal(SEEDS["003"].t3[("withheld_2", "natural")])


@needs_lo
def test_wrapped_label_with_numbers_on_another_baseline(made):
    """In LibreOffice's PDF of seed 003 the label 2.其他法律行政法规禁止公开 wraps over two lines and
    the row's figures sit on a baseline of their own (vertically centred): the trait is in the
    file (checked with PDFium directly), and the row is read whole."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(made["003_pdf"]))
    found = False
    for i in range(len(pdf)):
        tp = pdf[i].get_textpage()
        text = tp.get_text_range()
        k = text.find("2.其他法律行政法规禁")
        if k < 0:
            continue
        start = tp.get_charbox(k)[1]  # bottom of "2"
        tail = text.find("止公开", k)
        end = tp.get_charbox(tail)[1]
        val = text.find("3", k + 1)
        vbottom = tp.get_charbox(val)[1]
        assert abs(start - end) > 5 and abs(vbottom - start) > 2 and abs(vbottom - end) > 2
        found = True
        break
    assert found
    result = check_pdf(made["003_pdf"])
    assert result.report.value("三", "withheld_2", "natural") == 3
    assert result.report.tables["三"].row_labels["withheld_2"].text == "2.其他法律行政法规禁止公开"
