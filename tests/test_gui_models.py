"""The table layouts are built from core.formats and cover every data cell once; the models mark
cells from findings only."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from core.formats import FORMATS  # noqa: E402
from gui.models import cell_marks, table_layout  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("fmt_key,table", [(f, t) for f, fmt in FORMATS.items() for t in fmt.tables])
def test_layout_covers_the_spec(fmt_key, table):
    fmt = FORMATS[fmt_key]
    spec = fmt.table(table)
    layout = table_layout(fmt, table)
    assert sorted(k[1:] for k in layout.keys) == sorted(spec.cells)
    assert all(k[0] == table for k in layout.keys)
    # every grid position belongs to exactly one (possibly merged) cell
    covered = {}
    for c in layout.cells:
        for r in range(c.row, c.row + c.rowspan):
            for k in range(c.col, c.col + c.colspan):
                assert (r, k) not in covered, (c, covered.get((r, k)))
                covered[(r, k)] = c
    assert len(covered) == layout.n_rows * layout.n_cols
    # the row labels shown are the format's
    labels = {c.text for c in layout.cells if c.kind in ("label", "header")}
    for row in spec.rows:
        assert row.label in labels
    for col in spec.columns:
        assert col.label in labels
    assert len(layout.columns) == layout.n_cols


def test_official_grid_of_table_three_2021():
    fmt = FORMATS["2021"]
    layout = table_layout(fmt, "三")
    note = layout.at[(0, 0)]
    assert (note.rowspan, note.colspan) == (3, 3)
    outcomes = next(c for c in layout.cells if c.kind == "group" and c.col == 0)
    assert outcomes.rowspan == len([r for r in fmt.table("三").rows if r.group is not None])
    assert layout.n_cols == 3 + len(fmt.table("三").columns)


def test_cell_marks_from_findings(seed_docx):
    from core.check import check_path

    result = check_path(seed_docx["001"])  # pre-2019: three internal sums fail
    marks = cell_marks(result.findings)
    strong = {k for k, m in marks.items() if m.strong == "error"}
    targets = {(f.target.table, f.target.row, f.target.col) for f in result.findings if f.target}
    assert targets and targets <= strong
