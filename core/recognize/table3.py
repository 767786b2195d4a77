"""Table 三 (收到和处理政府信息公开申请情况): its header (the applicant columns, possibly over several
lines), its rows by label, and a table split across grids at a page break.

Group labels — over rows (三、本年度办理结果, （三）不予公开 … （六）其他处理) and over columns
(申请人情况, 法人或其他组织) — are known by their fragments or, written with a small typo, by the
typo matcher (``typos.typo_group``); either way they give the rows under them their group and are
kept in ``TableData.group_labels`` for the label check (W-title)."""

from __future__ import annotations

from ..formats import V2021
from ..formats.base import RowSpec
from ..formats.common import APPLICANT_COLUMNS, OTHER_ROW_2019, REQUEST_GROUP_MATCH
from ..formats.headers import T3_GROUP_WORDS
from ..formats.vocabulary import table_groups
from ..model import Grid, GridCell, Label, TableData
from ..numbers import parse_number
from ..text import norm_label
from .grid_views import LEAD_NUMBER, RowView, column_heads, dedupe_columns, is_valueish, label_of, leaf_columns, make_cell, row_values
from .typos import typo_column, typo_group, typo_row

# Union of the row specs of both formats (the format is decided from what is found).
T3_ROWS: tuple[RowSpec, ...] = tuple({r.key: r for r in V2021.tables["三"].rows + (OTHER_ROW_2019,)}.values())
_OTHER_3 = next(r for r in T3_ROWS if r.key == "other_3")
_BARE_OTHER = LEAD_NUMBER.sub("", norm_label(_OTHER_3.label))  # 3.其他 written as 其他 under （六）
_COLUMN_KEYS = [c.key for c in APPLICANT_COLUMNS]
_IN_ZONE = ("三", "三?")


def _typo_column(text: str):
    return typo_column("三", text)


_COLUMN_GROUPS = tuple((g.key, norm_label(g.label)) for g in table_groups("三") if g.over == "cols")


def _group_word(text: str) -> bool:
    """A header cell (comparison form) that groups columns and names none: 法人或其他组织, also
    written with a small typo (法人或其他组识, whose 其他 would otherwise make it the column 其他)."""
    for word in T3_GROUP_WORDS:
        if word in text:
            return True
    return typo_group("三", text, over="cols") is not None


def _column_group(text: str) -> str | None:
    """The column group a whole header cell is (申请人情况, 法人或其他组织, or one of them with a typo)."""
    n = norm_label(text)
    for key, word in _COLUMN_GROUPS:
        if n == word:
            return key
    g = typo_group("三", text, over="cols")
    return g.key if g else None


def row_group(text: str) -> str | None:
    """The group over rows a label cell names: by its fragments (不予公开), else written with a small
    typo (（三）不子公开)."""
    n = norm_label(text)
    for g, frags in REQUEST_GROUP_MATCH.items():
        for f in frags:
            if f in n:
                return g
    g = typo_group("三", text, over="rows")
    return g.key if g else None


class Table3:
    def __init__(self):
        self.data = TableData("三")
        self.cols: dict[str, int] | None = None
        self.width: int | None = None
        self.group: str | None = None
        self.header: list[RowView] = []
        self.data_started = False

    @property
    def header_is_open(self) -> bool:
        return bool(self.header) and not self.data_started

    def header_row(self, rv: RowView, new: bool):
        t = self.data
        if new or self.header and self.header[-1].grid is not rv.grid:
            self.header = []
            self.data_started = False
        self.header.append(rv)
        self.map_columns(rv.grid)
        t.found = True
        if rv.grid.index not in t.grids:
            t.grids.append(rv.grid.index)
        self._col_labels(rv)

    def _col_labels(self, rv: RowView):
        t = self.data
        for c, cell in rv.distinct():
            if not cell.text.strip():
                continue
            key = next((s.key for s in APPLICANT_COLUMNS if s.matches(norm_label(cell.text))), None)
            if key and key not in t.col_labels and not _group_word(norm_label(cell.text)):
                t.col_labels[key] = label_of(cell, rv.grid)
            group = _column_group(cell.text)
            if group and group not in t.group_labels:
                t.group_labels[group] = label_of(cell, rv.grid)
        # The split header lines (商业 / 企业) are joined for the label check.
        for key, c in (self.cols or {}).items():
            parts = column_heads(self.header, c, lambda text, cell, row: _group_word(text))
            if parts:
                first = t.col_labels.get(key)
                t.col_labels[key] = Label("".join(parts), first.pos if first else None, rv.grid.index, None)

    def extra_header_row(self, rv: RowView):
        """A further header line (e.g. 企业 / 机构 on a row of its own)."""
        self.header.append(rv)
        self.map_columns(rv.grid)
        self._col_labels(rv)

    def map_columns(self, grid: Grid):
        mapping = leaf_columns(self.header, APPLICANT_COLUMNS, grid.width, skip=T3_GROUP_WORDS, fallback=_typo_column,
                               skip_if=_group_word)
        cols = dedupe_columns(mapping)
        if len(cols) >= 4:
            self.cols = cols
            self.width = grid.width

    def match(self, rv: RowView) -> tuple[RowSpec | None, int, list[tuple[int, GridCell]]]:
        """The row spec of a data row of 三, the first data column, and the label cells."""
        first_data = min(self.cols.values()) if self.cols and self.width == rv.grid.width else None
        if first_data is None:
            # label cells: the distinct cells before the first value cell counted from the right end
            distinct = rv.distinct()
            k = len(distinct)
            while k > 0 and (is_valueish(distinct[k - 1][1].text) or not distinct[k - 1][1].text.strip()):
                k -= 1
            labels = distinct[:k]
            first_data = distinct[k][0] if k < len(distinct) else rv.grid.width
        else:
            labels = rv.distinct(first_data)
        texts = [(c, cell) for c, cell in labels if cell.text.strip() and not is_valueish(cell.text)]
        group = None
        for c, cell in reversed(texts):
            g = row_group(cell.text)
            if g and g != "outcomes":
                group = g
                break
        spec = None
        for c, cell in reversed(texts):
            n = norm_label(cell.text)
            if not n:
                continue
            stripped = LEAD_NUMBER.sub("", n)
            ctx = group or self.group
            if ctx == "other" and stripped == _BARE_OTHER:
                spec = _OTHER_3
                break
            cand = [r for r in T3_ROWS if r.matches(n)]
            if cand:
                # a sub-row label wins over its group label; 2019 （六）其他处理 only if nothing more specific
                cand.sort(key=lambda r: (r.key == "other", r.key == "total"))
                spec = cand[0]
                if spec.key == "other" and any(norm_label(t.text) != n for _, t in texts[texts.index((c, cell)) + 1:]):
                    spec = None
                break
        return spec, first_data, labels

    def typo(self, rv: RowView, first_data: int,
             labels: list[tuple[int, GridCell]]) -> tuple[RowSpec | None, tuple[int, GridCell] | None]:
        """A data row of 三 whose most specific label no fragment places: the row it stands for with a
        small typo (``core.recognize.typos``), if the row has figures and the group its label cells
        name (if any) is that row's group."""
        texts = [(c, cell) for c, cell in labels if cell.text.strip() and not is_valueish(cell.text)]
        figures = [cell for c, cell in rv.distinct() if c >= first_data and (is_valueish(cell.text) or cell.unknown)]
        if not texts or not figures:
            return None, None
        c, cell = texts[-1]
        spec = typo_row("三", cell.text)
        if spec is None:
            return None, None
        named = {g for _, x in texts[:-1] for g in (row_group(x.text),) if g and g != "outcomes"}
        if named and spec.group not in named:
            return None, None
        return spec, (c, cell)

    def group_row(self, rv: RowView, first_data: int, labels: list[tuple[int, GridCell]]) -> bool:
        """A row of 三 that holds group labels only (（六）其他处理 on a row of its own, no figures): it
        opens its group for the rows under it. Each label cell must be a whole group wording (or one
        with a small typo): a note that merely mentions 不予公开 opens nothing."""
        if not self.data_started:
            return False
        texts = [cell for c, cell in labels if cell.text.strip() and not is_valueish(cell.text)]
        if not texts or any(is_valueish(cell.text) for c, cell in rv.distinct() if c >= first_data):
            return False
        groups = [typo_group("三", cell.text, over="rows") for cell in texts]
        if not all(groups):
            return False
        t = self.data
        for g, cell in zip(groups, texts):
            if g.key not in t.group_labels:
                t.group_labels[g.key] = label_of(cell, rv.grid)
            if g.key != "outcomes":
                self.group = g.key
        return True

    def row(self, rv: RowView, zone: str | None) -> bool:
        spec, first_data, labels = self.match(rv)
        typo_cell = None
        if spec is None and zone in _IN_ZONE:
            spec, typo_cell = self.typo(rv, first_data, labels)
        if spec is None:
            return zone in _IN_ZONE and self.group_row(rv, first_data, labels)
        if spec.key == "total" and zone not in _IN_ZONE:
            return False  # a 总计 elsewhere is not table 三's （七）总计
        if spec.key == "total" and self.header_is_open and not any(
                is_valueish(cell.text) or cell.unknown for _, cell in rv.distinct()):
            return False  # the 总计 column's head on a header line (自然 / 人 cut by a page break)
        if not (spec.key in ("new", "carried_in") or zone in _IN_ZONE
                or spec.group in ("withheld", "unable", "rejected", "other")):
            return False
        t = self.data
        t.found = True
        self.data_started = True
        if rv.grid.index not in t.grids:
            t.grids.append(rv.grid.index)
        if spec.group:
            self.group = spec.group
        if spec.key == OTHER_ROW_2019.key:
            self.group = "other"  # 2019's row （六）其他处理 is the group of 2021's 1. 2. 3.其他
        # labels: the most specific label text is the row label; numbers in the label area are stray
        texts = [(c, cell) for c, cell in labels if cell.text.strip()]
        for c, cell in texts:
            if is_valueish(cell.text) and parse_number(cell.text).status == "number":
                t.stray.append(Label(cell.text, cell.pos, rv.grid.index, cell.origin))
        label_cells = [(c, cell) for c, cell in texts if not is_valueish(cell.text)]
        row_cell = None
        if label_cells:
            row_cell = typo_cell or next(((c, x) for c, x in reversed(label_cells) if spec.matches(norm_label(x.text))),
                                         label_cells[-1])
            if spec.key not in t.row_labels:
                t.row_labels[spec.key] = label_of(row_cell[1], rv.grid)
        for c, cell in label_cells:
            if (c, cell) == row_cell or spec.matches(norm_label(cell.text)):
                continue  # the row's own label (2019 （六）其他处理 is a row, not a group)
            g = row_group(cell.text)
            if g and g not in t.group_labels:
                t.group_labels[g] = label_of(cell, rv.grid)
        if any(k[0] == spec.key for k in t.cells):
            t.extra_rows.append(label_of(label_cells[-1][1], rv.grid) if label_cells else Label(spec.label, None))
            return True
        cols = self.cols if self.cols and self.width == rv.grid.width else None
        values = row_values(rv, cols, first_data, _COLUMN_KEYS)
        for col, cell in values.items():
            t.cells[(spec.key, col)] = make_cell("三", spec.key, col, cell, rv.grid)
        return True
