"""One layout of the official tables: the window's grid (Qt view spans), the printout (HTML
rowspan/colspan) and the standard .docx export (gridSpan/vMerge) tile each table into the same
merged cells, and the .xlsx export merges the same areas."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree, html

pytest.importorskip("PySide6")

from core.check import check_path  # noqa: E402
from core.export import export_result  # noqa: E402
from core.formats import V2021  # noqa: E402
from core.formats.layout import table_layout  # noqa: E402

pytestmark = pytest.mark.gui

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TABLES = ("二", "三", "四")


def _expected(table):
    return {(c.row, c.col, c.rowspan, c.colspan) for c in table_layout(V2021, table).cells}


def _tiling_from_rows(rows):
    """rows: per table row, the list of (colspan, rowspan) of the cells starting there, placed by
    the HTML table algorithm (a cell skips the positions taken by cells from rows above)."""
    taken, out = set(), set()
    for r, cells in enumerate(rows):
        c = 0
        for colspan, rowspan in cells:
            while (r, c) in taken:
                c += 1
            out.add((r, c, rowspan, colspan))
            for i in range(r, r + rowspan):
                for j in range(c, c + colspan):
                    taken.add((i, j))
            c += colspan
    return out


def _docx_tilings(path):
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
    out = []
    for tbl in body.findall(f"{W}tbl"):
        areas = {}  # (row, col) of the top-left → [rowspan, colspan]
        open_at = {}  # grid column → top-left of the area merging down through it
        for r, tr in enumerate(tbl.findall(f"{W}tr")):
            c = 0
            for tc in tr.findall(f"{W}tc"):
                pr = tc.find(f"{W}tcPr")
                gs = pr.find(f"{W}gridSpan")
                span = int(gs.get(f"{W}val")) if gs is not None else 1
                vm = pr.find(f"{W}vMerge")
                state = None if vm is None else (vm.get(f"{W}val") or "continue")
                if state == "continue":
                    areas[open_at[c]][0] += 1
                else:
                    areas[(r, c)] = [1, span]
                    open_at[c] = (r, c)
                c += span
        out.append({(r, c, rs, cs) for (r, c), (rs, cs) in areas.items()})
    return out


def _html_tilings(text):
    root = html.fromstring(text)
    out = []
    for table in root.iter("table"):
        if table.get("border") != "1" or not table.xpath(".//td[@nowrap]"):
            continue  # the tables of the report carry data cells (nowrap); the structure list does not
        rows = [[(int(td.get("colspan", 1)), int(td.get("rowspan", 1))) for td in tr.findall("td")]
                for tr in table.iter("tr")]  # header rows in <thead>, the others in <tbody>
        out.append(_tiling_from_rows(rows))
    return out


@pytest.fixture(scope="module")
def checked(seed_docx):
    return check_path(seed_docx["000"])  # a 2021 report with all three tables


def test_window_grid_is_the_layout(qtbot, checked):
    from gui.models import GridModel
    from gui.views import GridView

    for table in TABLES:
        layout = table_layout(V2021, table)
        model = GridModel(layout)
        model.set_state(checked.report, {}, {})
        view = GridView()
        qtbot.addWidget(view)
        view.set_grid(layout, model)
        covered = set()
        tiles = set()
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                if (r, c) in covered:
                    continue
                rs, cs = view.rowSpan(r, c), view.columnSpan(r, c)
                tiles.add((r, c, rs, cs))
                covered |= {(i, j) for i in range(r, r + rs) for j in range(c, c + cs)}
        assert tiles == _expected(table), table
        # and the model shows the report's values in the layout's data cells
        for key in layout.keys:
            cell = checked.report.cell(*key)
            assert model.data(model.index_of(key)) == ("" if cell is None else cell.raw.strip())


def test_printout_and_docx_export_have_the_same_grids(qtbot, checked, tmp_path):
    from gui.printing import summary_html

    printed = _html_tilings(summary_html(checked, {}, "2026-12-01 08:00"))
    out = tmp_path / "std.docx"
    export_result(checked, out, "standard", {})
    exported = _docx_tilings(out)
    assert len(printed) == len(exported) == 3
    for table, p, d in zip(TABLES, printed, exported):
        assert p == _expected(table), f"printout of 表{table}"
        assert d == _expected(table), f"standard .docx of 表{table}"


def test_xlsx_export_merges_the_same_areas(checked, tmp_path):
    import openpyxl

    out = tmp_path / "live.xlsx"
    export_result(checked, out, "xlsx", {})
    wb = openpyxl.load_workbook(out)
    for table, ws in zip(TABLES, wb.worksheets):
        top = 3  # the title and the section heading come first
        merged = {(m.min_row - top, m.min_col - 1, m.max_row - m.min_row + 1, m.max_col - m.min_col + 1)
                  for m in ws.merged_cells.ranges if m.min_row >= top and m.min_row - top < 40}
        expected = {t for t in _expected(table) if t[2] > 1 or t[3] > 1}
        assert expected <= merged, table
