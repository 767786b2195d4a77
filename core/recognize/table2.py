"""Table 二 (主动公开政府信息情况): blocks of 第二十条, column headers per block, rows by label; the
2019 其他对外管理服务事项 split into sub-rows is read as their sum."""

from __future__ import annotations

from ..formats import V2019, V2021
from ..formats.base import ColumnSpec, RowSpec
from ..formats.headers import ARTICLE
from ..model import Cell, TableData
from ..numbers import parse_number
from ..text import norm_label
from .grid_views import RowView, is_valueish, label_of, make_cell
from .typos import typo_column, typo_row

T2_ROWS: tuple[RowSpec, ...] = tuple({r.key: r for r in V2021.tables["二"].rows + V2019.tables["二"].rows}.values())
# Both formats' columns, duplicates by key kept: "amount" is 本年收费金额 in 2021 and 采购总金额 in 2019.
T2_COLS: tuple[ColumnSpec, ...] = V2021.tables["二"].columns + tuple(
    c for c in V2019.tables["二"].columns if c not in V2021.tables["二"].columns
)
_IN_ZONE = ("二", "二?")


class Table2:
    def __init__(self):
        self.data = TableData("二")
        self.cols: dict[str, int] = {}

    def header_row(self, rv: RowView):
        n = rv.norm()
        t = self.data
        t.found = True
        if rv.grid.index not in t.grids:
            t.grids.append(rv.grid.index)
        if ARTICLE in n and not any(s.matches(n) for s in T2_COLS):
            self.cols = {}
            return
        cols: dict[str, int] = {}
        for c, cell in rv.distinct():
            text = norm_label(cell.text)
            spec = next((s for s in T2_COLS if s.matches(text)), None) or (typo_column("二", cell.text) if text else None)
            if spec and spec.key not in cols:
                cols[spec.key] = c
                t.col_labels.setdefault(spec.key, label_of(cell, rv.grid))
        if cols:
            self.cols = cols

    def row(self, rv: RowView, zone: str | None) -> bool:
        distinct = rv.distinct()
        labels = [(c, cell) for c, cell in distinct if cell.text.strip() and not is_valueish(cell.text)]
        if not labels:
            return False
        spec = None
        label_cell = None
        for c, cell in labels[:2]:
            n = norm_label(cell.text)
            spec = next((s for s in T2_ROWS if s.matches(n)), None)
            if spec:
                label_cell = (c, cell)
                break
        if spec is None and zone == "二":
            spec, label_cell = _typo(distinct, labels)
        if spec is None:
            return False
        t = self.data
        if zone not in _IN_ZONE and not t.found:
            # a row label of 二 outside any header: only if the row has values and nothing else matched
            if not any(is_valueish(cell.text) for _, cell in distinct):
                return False
        t.found = True
        if rv.grid.index not in t.grids:
            t.grids.append(rv.grid.index)
        t.row_labels.setdefault(spec.key, label_of(label_cell[1], rv.grid))
        sub = [cell for c, cell in labels if c > label_cell[0]]
        after = [(c, cell) for c, cell in distinct if c > max(c for c, _ in labels)]
        values = {}
        if self.cols:
            for key, c in self.cols.items():
                if c < len(rv.cells) and c > label_cell[0]:
                    values[key] = rv.cells[c]
        if not values and after:
            keys = default_columns(spec.key, len(after))
            values = {k: cell for k, (_, cell) in zip(keys, after)}
        for key, cell in values.items():
            new = make_cell("二", spec.key, key, cell, rv.grid)
            old = t.cells.get((spec.key, key))
            if old is not None and sub:
                # 2019 其他对外管理服务事项 split into sub-rows: the canonical cell is their sum
                parts = (old.parts or (old,)) + (new,)
                total = sum((p.number.effective or 0) for p in parts)
                t.cells[(spec.key, key)] = Cell("二", spec.key, key, str(total), parse_number(str(total)), old.pos,
                                               old.grid, old.grid_rc, None, False, parts)
            else:
                t.cells[(spec.key, key)] = new
        if sub:
            t.extra_rows.append(label_of(sub[0], rv.grid))
        return True


def _typo(distinct, labels) -> tuple[RowSpec | None, tuple | None]:
    """A row of 二 whose label no fragment places: the row it stands for with a small typo
    (``core.recognize.typos``), when figures follow the label."""
    for c, cell in labels[:2]:
        spec = typo_row("二", cell.text)
        if spec is not None and any(k > c and is_valueish(x.text) for k, x in distinct):
            return spec, (c, cell)
    return None, None


def _block_columns() -> dict[str, list[str]]:
    """row key → the columns of its block, 2021 first (a row of both formats keeps the 2021 block)."""
    out: dict[str, list[str]] = {}
    for fmt in (V2021, V2019):
        for block in fmt.tables["二"].blocks:
            for row in block.rows:
                out.setdefault(row, list(block.columns))
    return out


_BY_ROW = _block_columns()
_SERVICE_ROWS = ("licensing", "penalty", "coercion")  # one column in 2021, three in 2019
_FEES_2019 = next(list(b.columns) for b in V2019.tables["二"].blocks if "fees" in b.rows)


def default_columns(row_key: str, n: int) -> list[str]:
    """The columns of a row's ``n`` value cells when there is no header to map them by."""
    keys = _BY_ROW.get(row_key, [])
    if row_key in _SERVICE_ROWS and n >= 3:
        return list(_BY_ROW["other_services"])
    if row_key == "fees" and n == len(_FEES_2019):
        return list(_FEES_2019)
    return keys[:n]
