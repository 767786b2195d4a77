"""Finding the three tables (or the old statistical table) by their labels, not their position.

All grids of the document are read as one stream of rows. A header row switches the stream into a
table ("zone"): 申请人情况/自然人 → 三, 行政复议+行政诉讼 → 四, 第二十条/信息内容 → 二, 统计指标 or
old-table labels → 统计表 (the header words are data in ``core.formats.headers``). Rows that carry a
known row label continue or start their table even without a header, so a table split at a page
break, all tables in one grid, or section 二 in four small grids come out the same. Column keys come
from the header cells above each grid column; where a part has no header, the mapping of the
previous part (same width) or the right-most value cells are used.

This module is the dispatcher: which table a row belongs to. Each table's reading is its own module
(table2, table3, table4, old_table) over the shared row views of ``grid_views``.
"""

from __future__ import annotations

from dataclasses import field

from ..fastdc import dataclass  # = dataclasses.dataclass, cheaper at import (start-up)
from ..formats.headers import header_zone
from ..model import Grid, TableData
from .grid_views import RowView, is_valueish
from .old_table import STAT_ROWS, OldTable
from .table2 import T2_COLS, T2_ROWS, Table2
from .table3 import T3_ROWS, Table3
from .table4 import MIN_TEMPLATE_WIDTH, Table4

__all__ = ["TableResult", "recognize_tables", "is_valueish", "T2_COLS", "T2_ROWS", "T3_ROWS", "STAT_ROWS"]


@dataclass
class TableResult:
    tables: dict[str, TableData] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)
    other_row_2019: bool = False
    other_rows_2021: bool = False


class _Recognizer:
    def __init__(self, grids: list[Grid]):
        self.grids = grids
        self.t2 = Table2()
        self.t3 = Table3()
        self.t4 = Table4()
        self.stat = OldTable()
        self.zone: str | None = None

    def run(self) -> TableResult:
        result = TableResult()
        for grid in self.grids:
            self._grid(grid)
        for t in (self.t2.data, self.t3.data, self.t4.data, self.stat.data):
            if t.found:
                result.tables[t.key] = t
        return result

    def _grid(self, grid: Grid):
        # A new grid keeps the current zone only for a table split at a page break (三 or 二 continued).
        self.zone = {"三": "三?", "二": "二?"}.get(self.zone or "")
        for r, row in enumerate(grid.rows):
            rv = RowView(grid, r, row)
            n = rv.norm()
            if not n:
                if self.zone == "四" and not self.t4.done and self.t4.header and grid.width >= MIN_TEMPLATE_WIDTH:
                    self.t4.row(rv, empty_ok=True)  # the data row of an empty template
                continue
            if self._header(rv, header_zone(n)):
                continue
            self._data_row(rv)

    def _header(self, rv: RowView, hz: str | None) -> bool:
        if hz == "三":
            self.t3.header_row(rv, new=self.zone != "三" or not self.t3.header_is_open)
            self.zone = "三"
            return True
        if hz == "四" and not (self.zone == "四" and self.t4.done):
            if self.zone != "四":
                self.t4.start_header()
            self.zone = "四"
            self.t4.header.append(rv)
            return True
        if hz == "二":
            self.zone = "二"
            self.t2.header_row(rv)
            return True
        if hz == "统计表":
            self.zone = "统计表"
            return True
        return False

    def _data_row(self, rv: RowView):
        """Not a header: which table does this row belong to?"""
        if self.zone == "四" and self.t4.row(rv):
            return
        if self.zone in ("二", "二?") and self.t2.row(rv, self.zone):
            self.zone = "二"
            return
        if self.zone == "统计表":
            self.stat.row(rv, self.zone)
            return
        if self.t3.row(rv, self.zone):
            self.zone = "三"
            return
        if self.zone == "三" and self.t3.header_is_open:
            self.t3.extra_header_row(rv)  # a further header line (e.g. 企业 / 机构 on a row of its own)
            return
        if self.stat.row(rv, self.zone):
            self.zone = "统计表"
            return
        if self.t2.row(rv, self.zone):
            self.zone = "二"
            return
        self.t4.row(rv)


def recognize_tables(grids: list[Grid]) -> TableResult:
    return _Recognizer([g for g in grids if g.rows]).run()
