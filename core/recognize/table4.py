"""Table 四 (行政复议、行政诉讼): a header of groups (行政复议 / 未经复议直接起诉 / 复议后起诉) over the
five result columns, and one data row of fifteen values."""

from __future__ import annotations

from ..formats.common import REVIEW_COLUMNS, REVIEW_ROWS
from ..formats.headers import REVIEW_HEADER_MAX, review_group
from ..model import Label, TableData
from ..text import norm_label
from .grid_views import RowView, column_heads, is_valueish, label_of, leaf_columns, make_cell
from .typos import typo_column

_GROUPS = tuple(r.key for r in REVIEW_ROWS)  # review, suit_direct, suit_after_review
_LEAVES = [c.key for c in REVIEW_COLUMNS]
MIN_TEMPLATE_WIDTH = 10  # an empty template's data row is read only in a grid this wide


def _typo_column(text: str):
    return typo_column("四", text) if text.strip() else None


class Table4:
    def __init__(self):
        self.data = TableData("四")
        self.header: list[RowView] = []
        self.done = False

    def start_header(self):
        self.header = []
        self.done = False

    def row(self, rv: RowView, empty_ok: bool = False) -> bool:
        if self.done or not self.header:
            return False
        distinct = rv.distinct()
        values = [(c, cell) for c, cell in distinct if is_valueish(cell.text) or cell.unknown]
        texts = [cell for _, cell in distinct if cell.text.strip() and not is_valueish(cell.text)]
        if (len(values) >= 3 or empty_ok) and not texts:
            values = [(c, cell) for c, cell in distinct]  # blanks are values here (W-blank says so)
        if len(values) < 10:
            # a further header line (single characters, or the 结果维持 … row)
            if any(s.matches(norm_label(cell.text)) for _, cell in distinct for s in REVIEW_COLUMNS):
                self.header.append(rv)
                return True
            return False
        t = self.data
        t.found = True
        if rv.grid.index not in t.grids:
            t.grids.append(rv.grid.index)
        mapping = self.columns(rv.grid.width)
        used = False
        if mapping and len(mapping) >= 12:
            got = {}
            for c, (g, leaf) in mapping.items():
                if c < len(rv.cells) and (g, leaf) not in got:
                    got[(g, leaf)] = rv.cells[c]  # whatever it holds: V1 says so if it is no number
            if len(got) >= 12:
                for (g, leaf), cell in got.items():
                    t.cells[(g, leaf)] = make_cell("四", g, leaf, cell, rv.grid)
                used = True
        if not used:
            cells = [cell for _, cell in values][-15:]
            for i, cell in enumerate(cells):
                g, leaf = _GROUPS[i // 5], _LEAVES[i % 5]
                t.cells[(g, leaf)] = make_cell("四", g, leaf, cell, rv.grid)
        self.done = True
        return True

    @staticmethod
    def _joined(header: list[RowView], c: int) -> str:
        """The header cells of grid column ``c`` that stand over it alone (no group head, no title
        row, no cell wider than the column), top down, joined."""
        def skip(text, cell, row):
            return (len(text) > REVIEW_HEADER_MAX or bool(review_group(text))
                    or any(o.origin == cell.origin for k, o in enumerate(row.cells) if k != c))

        return "".join(column_heads(header, c, skip))

    def columns(self, width: int) -> dict[int, tuple[str, str]]:
        header = [h for h in self.header if h.grid.width == width]
        if not header:
            return {}
        group_of: dict[int, str] = {}
        current = None
        for c in range(width):
            found = None
            for hv in header:
                n = norm_label(hv.cells[c].text)
                if len(n) > REVIEW_HEADER_MAX:
                    continue  # a title row such as 四、政府信息公开行政复议、行政诉讼情况
                g = review_group(n)
                if g in ("suit_direct", "suit_after_review") or (g == "review" and found is None):
                    found = g
            if found:
                current = found
                # the label text for the group
                for hv in header:
                    cell = hv.cells[c]
                    n = norm_label(cell.text)
                    if len(n) > REVIEW_HEADER_MAX:
                        continue
                    g = review_group(n)
                    if g == found and g not in self.data.row_labels:
                        self.data.row_labels[g] = label_of(cell, hv.grid)
            if current:
                group_of[c] = current
        leaves = leaf_columns(header, REVIEW_COLUMNS, width, fallback=_typo_column)
        out = {}
        for c, leaf in leaves.items():
            if c in group_of:
                out[c] = (group_of[c], leaf)
                if (leaf not in self.data.col_labels) and c < width:
                    spec = next(s for s in REVIEW_COLUMNS if s.key == leaf)
                    for hv in reversed(header):
                        cell = hv.cells[c]
                        if spec.matches(norm_label(cell.text)) or getattr(_typo_column(cell.text), "key", None) == leaf:
                            label = label_of(cell, hv.grid)
                            joined = self._joined(header, c)
                            if joined and joined != cell.text.strip() and spec.is_standard(joined):
                                # a head split over two lines of its own (结果 / 维持 on either
                                # side of a page break): read as one
                                label = Label(joined, label.pos, label.grid, label.grid_rc)
                            self.data.col_labels.setdefault(leaf, label)
                            break
        return out
