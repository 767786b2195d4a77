"""The one layout of the official tables (docs/FORMAT.md §3): each table of a format drawn as its
official merged grid — block titles, merged headers, row labels, group labels — built from the
table specs (rows, columns, groups, blocks) and ``HEADER_LABELS``. No label is written here.

Everything that shows a table renders this grid: the window (``gui.models.GridModel``), the
printout (``gui.printing``), the Word export (``core.export.standard_docx``) and the Excel export
(``core.export.live_xlsx``). A grid is a list of (possibly merged) ``LayoutCell``; the Word view of
the same grid (one row after another, vertical merges as restart / continue) is ``rows``.

Widths are given twice because the media differ: ``columns`` (minimum width in em, stretch weight)
for a screen, ``widths`` (twips) for a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .base import FormatSpec, TableSpec
from .common import HEADER_LABELS, REQUEST_GROUPS

CellKey = tuple[str, str, str]  # (table, row, column) — docs/FORMAT.md §7

TABLE_WIDTH = 8840  # twips: the text width of an A4 page with 2.8 cm / 2.6 cm margins
AMOUNT_DECIMALS = 4

# Header words of the official template that are not row/column labels of any spec.
HEADER_CONTENT = HEADER_LABELS[("二", "content")]  # table 二, left header of every block
HEADER_APPLICANTS = HEADER_LABELS[("三", "applicants")]  # table 三, over the seven columns
HEADER_ORGS = HEADER_LABELS[("三", "orgs")]  # table 三, over the five organisation columns
HEADER_SUIT = HEADER_LABELS[("四", "suit")]  # table 四, over the two litigation groups


@dataclass
class LayoutCell:
    """One (possibly merged) cell of a drawn table. ``key`` is set for data cells only."""

    kind: str  # "title" | "header" | "note" | "group" | "label" | "data"
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    key: CellKey | None = None
    label: tuple[str, str] | None = None  # ("row"|"col"|"group"|"block", key) for label cells
    align: str = "center"  # "left" | "center"

    @property
    def spec_key(self) -> tuple[str, str] | None:
        """(row key, column key) of a data cell, as the table spec names it."""
        return self.key[1:] if self.key else None


@dataclass
class LCell:
    """One w:tc of the Word view: a cell starting in this row, or the continuation of a cell
    merged down from a row above (``vmerge`` "continue", no text)."""

    text: str = ""
    span: int = 1
    vmerge: str | None = None  # None | "restart" | "continue"
    kind: str = "label"
    key: tuple[str, str] | None = None  # data cells: (row key, column key)
    align: str = "center"


@dataclass
class LRow:
    cells: list[LCell]
    header: bool = False


@dataclass
class TableLayout:
    """A table drawn as a grid: its merged cells and how wide its columns like to be."""

    table: str
    title: str
    n_rows: int
    n_cols: int
    cells: list[LayoutCell]
    columns: list[tuple[float, float]]  # per grid column: (minimum width in em, stretch weight)
    widths: list[int]  # per grid column: twips on an A4 page
    spec: TableSpec | None = None
    font_half_points: int = 21
    max_em: float = 80.0
    values: dict[CellKey, str] = field(default_factory=dict)  # the text of data cells (``fill``)
    at: dict[tuple[int, int], LayoutCell] = field(default_factory=dict, repr=False)
    by_key: dict[CellKey, LayoutCell] = field(default_factory=dict, repr=False)
    by_label: dict[tuple[str, str], list[LayoutCell]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for c in self.cells:
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    self.at[(r, k)] = c
            if c.key is not None:
                self.by_key[c.key] = c
            if c.label is not None:
                self.by_label.setdefault(c.label, []).append(c)

    # --- names the exports use ------------------------------------------------------------------
    @property
    def key(self) -> str:
        return self.table

    @property
    def ncols(self) -> int:
        return self.n_cols

    @property
    def keys(self) -> list[CellKey]:
        return [c.key for c in self.cells if c.key is not None]

    def text_of(self, cell: LayoutCell) -> str:
        return self.values.get(cell.key, "") if cell.kind == "data" else cell.text

    def spans(self) -> list[tuple[int, int, int, int, str]]:
        """(row, col, rowspan, colspan, kind) of every cell, in reading order: what a renderer must
        reproduce (the test that the window, the printout and the .docx agree compares these)."""
        return sorted((c.row, c.col, c.rowspan, c.colspan, c.kind) for c in self.cells)

    # --- the Word view ---------------------------------------------------------------------------
    @property
    def rows(self) -> list[LRow]:
        """The grid row by row, as Word writes a table: every row covers every grid column; a
        cell merged down is ``restart`` in its first row and ``continue`` below."""
        out: list[LRow] = []
        header_rows = self._header_rows()
        for r in range(self.n_rows):
            row: list[LCell] = []
            c = 0
            while c < self.n_cols:
                lc = self.at.get((r, c))
                if lc is None:  # pragma: no cover - the builders cover every position
                    row.append(LCell("", 1, kind="label"))
                    c += 1
                    continue
                if lc.rowspan == 1:
                    vm = None
                elif lc.row == r:
                    vm = "restart"
                else:
                    vm = "continue"
                text = "" if vm == "continue" else self.text_of(lc)
                row.append(LCell(text, lc.colspan, vm, lc.kind, lc.spec_key, lc.align))
                c = lc.col + lc.colspan
            out.append(LRow(row, header=r < header_rows))
        return out

    def _header_rows(self) -> int:
        first_data = min((c.row for c in self.cells if c.kind == "data"), default=self.n_rows)
        return first_data

    def placed(self):
        """(grid row, grid column, Word cell) of every w:tc, 0-based."""
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row.cells:
                yield r, c, cell
                c += cell.span

    def positions(self) -> dict[tuple[str, str], tuple[int, int]]:
        """(row key, column key) → (grid row, grid column) of every data cell."""
        return {c.spec_key: (c.row, c.col) for c in self.cells if c.kind == "data" and c.key}

    def merges(self) -> list[tuple[int, int, int, int]]:
        """Merged areas (r1, c1, r2, c2), inclusive, 0-based."""
        return sorted((c.row, c.col, c.row + c.rowspan - 1, c.col + c.colspan - 1)
                      for c in self.cells if c.rowspan > 1 or c.colspan > 1)

    def value(self, key: tuple[str, str]) -> str:
        """The text filled into the data cell (row key, column key)."""
        return self.values.get((self.table, *key), "")


def _spread(n: int, width: int) -> list[int]:
    """Spans of ``n`` columns over ``width`` grid columns: one each, the last takes the rest."""
    return [1] * (n - 1) + [width - n + 1] if n else []


def _twips(columns: list[tuple[float, float]]) -> list[int]:
    """Page widths in proportion to the minimum widths (for tables without an official page shape)."""
    total = sum(m for m, _ in columns) or 1
    return [int(TABLE_WIDTH * m / total) for m, _ in columns]


def _disclosure_layout(spec: TableSpec) -> TableLayout:
    """Table 二: one block after another, each with a title row, a header row and its rows."""
    nval = max(len(b.columns) for b in spec.blocks)
    width = 1 + nval
    cells: list[LayoutCell] = []
    r = 0
    for block in spec.blocks:
        cells.append(LayoutCell("title", block.title, r, 0, 1, width, label=("block", block.key)))
        r += 1
        cells.append(LayoutCell("header", HEADER_CONTENT, r, 0))
        spans = _spread(len(block.columns), width - 1)
        c = 1
        for ckey, span in zip(block.columns, spans):
            cells.append(LayoutCell("header", spec.column(ckey).label, r, c, 1, span, label=("col", ckey)))
            c += span
        r += 1
        for rkey in block.rows:
            cells.append(LayoutCell("label", spec.row(rkey).label, r, 0, label=("row", rkey)))
            c = 1
            for ckey, span in zip(block.columns, spans):
                cells.append(LayoutCell("data", "", r, c, 1, span, key=(spec.key, rkey, ckey)))
                c += span
            r += 1
    columns = [(10.0, 2.0)] + [(7.5, 1.0)] * (width - 1)
    label_w = 2650
    widths = [label_w] + [(TABLE_WIDTH - label_w) // nval] * nval
    return TableLayout(spec.key, spec.title, r, width, cells, columns, widths, spec, 21, max_em=62)


def _requests_layout(spec: TableSpec) -> TableLayout:
    """Table 三: the note over three label columns, 申请人情况 over the applicant columns, the
    result rows grouped under 三、本年度办理结果 and their sub-groups (（三）不予公开 …)."""
    cols = list(spec.columns)
    n = len(cols)
    cells: list[LayoutCell] = [
        LayoutCell("note", HEADER_LABELS[("三", "note")], 0, 0, 3, 3, align="left"),
        LayoutCell("header", HEADER_APPLICANTS, 0, 3, 1, n, label=("group", "applicants")),
        LayoutCell("header", cols[0].label, 1, 3, 2, 1, label=("col", cols[0].key)),
        LayoutCell("header", HEADER_ORGS, 1, 4, 1, n - 2, label=("group", "orgs")),
        LayoutCell("header", cols[-1].label, 1, 3 + n - 1, 2, 1, label=("col", cols[-1].key)),
    ]
    cells += [LayoutCell("header", c.label, 2, 4 + i, label=("col", c.key)) for i, c in enumerate(cols[1:-1])]
    rows = list(spec.rows)
    r = 3

    def data(row_key: str) -> None:
        cells.extend(LayoutCell("data", "", r, 3 + j, key=(spec.key, row_key, c.key)) for j, c in enumerate(cols))

    i = 0
    while i < len(rows):
        if rows[i].group is None:  # 一、二、四: the label spans the three label columns
            cells.append(LayoutCell("label", rows[i].label, r, 0, 1, 3, label=("row", rows[i].key), align="left"))
            data(rows[i].key)
            r += 1
            i += 1
            continue
        j = i
        while j < len(rows) and rows[j].group is not None:
            j += 1
        outer = rows[i].group  # 三、本年度办理结果
        cells.append(LayoutCell("group", REQUEST_GROUPS.get(outer, ""), r, 0, j - i, 1, label=("group", outer)))
        k = i
        while k < j:
            group = rows[k].group
            if group == outer or group not in REQUEST_GROUPS:
                cells.append(LayoutCell("label", rows[k].label, r, 1, 1, 2, label=("row", rows[k].key), align="left"))
                data(rows[k].key)
                r += 1
                k += 1
                continue
            m = k
            while m < j and rows[m].group == group:
                m += 1
            cells.append(LayoutCell("group", REQUEST_GROUPS[group], r, 1, m - k, 1, label=("group", group)))
            for q in range(k, m):
                cells.append(LayoutCell("label", rows[q].label, r, 2, label=("row", rows[q].key), align="left"))
                data(rows[q].key)
                r += 1
            k = m
        i = j
    columns = [(4.4, 0.0), (8.6, 0.0), (10.0, 2.5)] + [(5.4, 1.0)] * n
    widths = [620, 760, TABLE_WIDTH - 620 - 760 - 717 * n] + [717] * n
    return TableLayout(spec.key, spec.title, r, 3 + n, cells, columns, widths, spec, 21, max_em=90)


def _review_layout(spec: TableSpec) -> TableLayout:
    """Table 四: 行政复议 and 行政诉讼 side by side, one row of fifteen numbers."""
    rows = list(spec.rows)
    cols = list(spec.columns)
    w = len(cols)
    first, rest = rows[0], rows[1:]
    cells: list[LayoutCell] = [LayoutCell("header", first.label, 0, 0, 1, w, label=("row", first.key))]
    cells += [LayoutCell("header", c.label, 1, j, 2, 1, label=("col", c.key)) for j, c in enumerate(cols)]
    if rest:
        cells.append(LayoutCell("header", HEADER_SUIT, 0, w, 1, w * len(rest)))
    for i, row in enumerate(rest):
        base = w * (i + 1)
        cells.append(LayoutCell("header", row.label, 1, base, 1, w, label=("row", row.key)))
        cells += [LayoutCell("header", c.label, 2, base + j, label=("col", c.key)) for j, c in enumerate(cols)]
    for i, row in enumerate(rows):
        cells += [LayoutCell("data", "", 3, w * i + j, key=(spec.key, row.key, c.key)) for j, c in enumerate(cols)]
    n = w * len(rows)
    return TableLayout(spec.key, spec.title, 4, n, cells, [(3.7, 1.0)] * n, [TABLE_WIDTH // n] * n, spec, 18,
                       max_em=76)


def _list_layout(spec: TableSpec) -> TableLayout:
    """A two-column list (the pre-2019 统计表) — or any table the layouts above do not know."""
    cols = list(spec.columns)
    cells = [LayoutCell("header", HEADER_LABELS[("统计表", "indicator")], 0, 0)]
    cells += [LayoutCell("header", c.label, 0, 1 + j, label=("col", c.key)) for j, c in enumerate(cols)]
    r = 1
    for row in spec.rows:
        cells.append(LayoutCell("label", row.label, r, 0, label=("row", row.key), align="left"))
        for j, c in enumerate(cols):
            if (row.key, c.key) in spec.cells:
                cells.append(LayoutCell("data", "", r, 1 + j, key=(spec.key, row.key, c.key)))
            else:
                cells.append(LayoutCell("label", "", r, 1 + j))
        r += 1
    columns = [(22.0, 3.0)] + [(7.0, 1.0)] * len(cols)
    return TableLayout(spec.key, spec.title, r, 1 + len(cols), cells, columns, _twips(columns), spec, 21, max_em=48)


def table_layout(fmt: FormatSpec | None, table: str) -> TableLayout | None:
    """The official grid of ``table`` in format ``fmt`` (None if the format has no such table)."""
    spec = fmt.table(table) if fmt else None
    if spec is None:
        return None
    if table == "二" and spec.blocks:
        return _disclosure_layout(spec)
    if table == "三" and len(spec.columns) >= 3:
        return _requests_layout(spec)
    if table == "四" and len(spec.rows) >= 1:
        return _review_layout(spec)
    return _list_layout(spec)


def table_keys(fmt: FormatSpec | None) -> list[str]:
    """The tables of a format in the order they appear in a report."""
    return list(fmt.tables) if fmt else []


def official_layout(table: str, fmt: FormatSpec | None = None) -> TableLayout:
    """The grid of one of the three tables, by default in the current (2021) format."""
    if fmt is None:
        from . import CURRENT as fmt  # noqa: N811 - the package imports this module
    return table_layout(fmt, table)


def official_layouts(fmt: FormatSpec | None = None) -> list[TableLayout]:
    return [official_layout(k, fmt) for k in ("二", "三", "四")]


def fill(layout: TableLayout, values: dict[CellKey, str]) -> TableLayout:
    """The layout with its data cells holding ``values`` (keyed (table, row, col))."""
    layout.values = {k: v for k, v in values.items() if k[0] == layout.table}
    return layout
