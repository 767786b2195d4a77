"""The old statistical table 政府信息公开情况统计表 (up to 2018): a list of 统计指标 and 统计数 whose
rows are known by label, some only inside the group a previous row opened."""

from __future__ import annotations

from ..formats import PRE2019
from ..model import TableData
from ..text import norm_label
from .grid_views import RowView, is_valueish, label_of, make_cell

STAT_ROWS = PRE2019.tables["统计表"].rows


class OldTable:
    def __init__(self):
        self.data = TableData("统计表")
        self.context: str | None = None

    def row(self, rv: RowView, zone: str | None) -> bool:
        distinct = rv.distinct()
        labels = [(c, cell) for c, cell in distinct if cell.text.strip() and not is_valueish(cell.text)]
        if not labels:
            return False
        n = norm_label(labels[0][1].text)
        t = self.data
        spec = None
        for s in STAT_ROWS:
            if s.context and s.context != self.context:
                continue
            if (s.key, "value") in t.cells:
                continue
            if s.matches(n):
                spec = s
                break
        if spec is None:
            # rows of the old table that are not checked still keep the zone
            return zone == "统计表"
        if spec.sets_context:
            self.context = spec.sets_context
        t.found = True
        if rv.grid.index not in t.grids:
            t.grids.append(rv.grid.index)
        values = [(c, cell) for c, cell in distinct if c > labels[0][0] and (is_valueish(cell.text) or cell.unknown)]
        t.row_labels.setdefault(spec.key, label_of(labels[0][1], rv.grid))
        if values and spec.key not in {k[0] for k in t.cells}:
            c, cell = values[-1]
            t.cells[(spec.key, "value")] = make_cell("统计表", spec.key, "value", cell, rv.grid)
        return True
