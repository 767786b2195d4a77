"""What the views show, built from core objects.

Two halves:

* **Table layouts** (plain Python, no Qt): the three tables of a report drawn as the official grids
  of docs/FORMAT.md §3 — merged headers, row labels, group labels — built from the table specs in
  ``core.formats`` (rows, columns, groups, blocks). No label is written here; the few header words
  the format modules do not carry yet are looked up there first (see ``_format_label``).
* **Qt models** over a ``CheckResult``: ``GridModel`` (one table, with roles for severity
  highlighting, like Vorta's ArchiveTableModel) and ``FindingsModel`` + ``SeverityFilterModel``
  (the list of findings).

Nothing here computes a sum or decides what is right: the severities, messages, expected and
suggested values all come from the findings the core returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

import core.formats as formats
from core.findings import ERROR, INFO, SEVERITY_ORDER, SEVERITY_ZH, WARNING, Finding
from core.formats import REQUEST_GROUPS, SECTIONS, FormatSpec, TableSpec
from core.numbers import format_value
from core.rules.names import TABLE_NAMES, cell_name

CellKey = tuple[str, str, str]  # (table, row, column) — docs/FORMAT.md §7

SEVERITY_GLYPH = {ERROR: "✕", WARNING: "!", INFO: "i"}
SEVERITIES = (ERROR, WARNING, INFO)

def _format_label(table: str, key: str) -> str:
    """Header words of the official tables (信息内容, 申请人情况 …) come from the format data."""
    return formats.HEADER_LABELS[(table, key)]


# ===================================================================================== layouts


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


@dataclass
class TableLayout:
    """A table drawn as a grid: its merged cells and how wide its columns like to be.

    ``columns`` holds, per grid column, ``(minimum width in em, stretch weight)``; ``max_em`` caps
    the width the table grows to on a wide screen.
    """

    table: str
    title: str
    n_rows: int
    n_cols: int
    cells: list[LayoutCell]
    columns: list[tuple[float, float]]
    max_em: float = 80.0
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

    @property
    def keys(self) -> list[CellKey]:
        return [c.key for c in self.cells if c.key is not None]


def _spread(n: int, width: int) -> list[int]:
    """Spans of ``n`` columns over ``width`` grid columns: one each, the last takes the rest."""
    return [1] * (n - 1) + [width - n + 1] if n else []


def _disclosure_layout(spec: TableSpec) -> TableLayout:
    """Table 二: one block after another, each with a title row, a header row and its rows."""
    width = 1 + max(len(b.columns) for b in spec.blocks)
    cells: list[LayoutCell] = []
    r = 0
    for block in spec.blocks:
        cells.append(LayoutCell("title", block.title, r, 0, 1, width, label=("block", block.key)))
        r += 1
        cells.append(LayoutCell("header", _format_label("二", "content"), r, 0))
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
    return TableLayout(spec.key, spec.title, r, width, cells, columns, max_em=62)


def _requests_layout(spec: TableSpec) -> TableLayout:
    """Table 三: the note over three label columns, 申请人情况 over the applicant columns, the
    result rows grouped under 三、本年度办理结果 and their sub-groups (（三）不予公开 …)."""
    cols = list(spec.columns)
    n = len(cols)
    cells: list[LayoutCell] = [
        LayoutCell("note", _format_label("三", "note"), 0, 0, 3, 3),
        LayoutCell("header", _format_label("三", "applicants"), 0, 3, 1, n),
        LayoutCell("header", cols[0].label, 1, 3, 2, 1, label=("col", cols[0].key)),
        LayoutCell("header", _format_label("三", "orgs"), 1, 4, 1, n - 2),
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
            cells.append(LayoutCell("label", rows[i].label, r, 0, 1, 3, label=("row", rows[i].key)))
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
                cells.append(LayoutCell("label", rows[k].label, r, 1, 1, 2, label=("row", rows[k].key)))
                data(rows[k].key)
                r += 1
                k += 1
                continue
            m = k
            while m < j and rows[m].group == group:
                m += 1
            cells.append(LayoutCell("group", REQUEST_GROUPS[group], r, 1, m - k, 1, label=("group", group)))
            for q in range(k, m):
                cells.append(LayoutCell("label", rows[q].label, r, 2, label=("row", rows[q].key)))
                data(rows[q].key)
                r += 1
            k = m
        i = j
    columns = [(4.4, 0.0), (8.6, 0.0), (10.0, 2.5)] + [(5.4, 1.0)] * n
    return TableLayout(spec.key, spec.title, r, 3 + n, cells, columns, max_em=90)


def _review_layout(spec: TableSpec) -> TableLayout:
    """Table 四: 行政复议 and 行政诉讼 side by side, one row of fifteen numbers."""
    rows = list(spec.rows)
    cols = list(spec.columns)
    w = len(cols)
    first, rest = rows[0], rows[1:]
    cells: list[LayoutCell] = [LayoutCell("header", first.label, 0, 0, 1, w, label=("row", first.key))]
    cells += [LayoutCell("header", c.label, 1, j, 2, 1, label=("col", c.key)) for j, c in enumerate(cols)]
    if rest:
        cells.append(LayoutCell("header", _format_label("四", "suit"), 0, w, 1, w * len(rest)))
    for i, row in enumerate(rest):
        base = w * (i + 1)
        cells.append(LayoutCell("header", row.label, 1, base, 1, w, label=("row", row.key)))
        cells += [LayoutCell("header", c.label, 2, base + j, label=("col", c.key)) for j, c in enumerate(cols)]
    for i, row in enumerate(rows):
        cells += [LayoutCell("data", "", 3, w * i + j, key=(spec.key, row.key, c.key)) for j, c in enumerate(cols)]
    return TableLayout(spec.key, spec.title, 4, w * len(rows), cells, [(3.7, 1.0)] * (w * len(rows)), max_em=76)


def _list_layout(spec: TableSpec, indicator: str) -> TableLayout:
    """A two-column list (the pre-2019 统计表) — or any table the layouts above do not know."""
    cols = list(spec.columns)
    cells = [LayoutCell("header", indicator, 0, 0)]
    cells += [LayoutCell("header", c.label, 0, 1 + j, label=("col", c.key)) for j, c in enumerate(cols)]
    r = 1
    for row in spec.rows:
        cells.append(LayoutCell("label", row.label, r, 0, label=("row", row.key)))
        cells += [
            LayoutCell("data", "", r, 1 + j, key=(spec.key, row.key, c.key))
            for j, c in enumerate(cols)
            if (row.key, c.key) in spec.cells
        ]
        r += 1
    columns = [(22.0, 3.0)] + [(7.0, 1.0)] * len(cols)
    return TableLayout(spec.key, spec.title, r, 1 + len(cols), cells, columns, max_em=48)


def table_layout(fmt: FormatSpec, table: str) -> TableLayout | None:
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
    return _list_layout(spec, _format_label("统计表", "indicator"))


def table_keys(fmt: FormatSpec | None) -> list[str]:
    """The tables of a format in the order they appear in a report."""
    return list(fmt.tables) if fmt else []


def table_name(table: str) -> str:
    return TABLE_NAMES.get(table, table)


# ===================================================================================== findings


def finding_key(f: Finding) -> tuple:
    """What makes a finding the "same" one after a recheck (its message changes with the values)."""
    cells = tuple((c.table, c.row, c.col) for c in f.cells)
    target = (f.target.table, f.target.row, f.target.col) if f.target else None
    return (f.code, f.section, f.table, cells, f.paragraph, target)


def finding_table(f: Finding) -> str | None:
    if f.cells:
        return f.cells[0].table
    return f.table


def section_heading(key: str) -> str:
    return next((s.standard_heading for s in SECTIONS if s.key == key), key)


def where_label(f: Finding) -> str:
    """Where a finding is, in the clerk's words: a table's name or a section's standard heading."""
    table = finding_table(f)
    if table:
        return table_name(table)
    if f.section:
        return section_heading(f.section)
    return "全文"


def suggested_text(f: Finding) -> str | None:
    """The suggested value as the text to put into the target cell (None if there is none)."""
    if f.target is None or f.suggested is None:
        return None
    if isinstance(f.suggested, str):
        return f.suggested
    try:
        return format_value(f.suggested)
    except (TypeError, ValueError, ArithmeticError):
        return str(f.suggested)


def target_key(f: Finding) -> CellKey | None:
    return (f.target.table, f.target.row, f.target.col) if f.target else None


@dataclass
class CellMark:
    """How one data cell is marked: by the findings that name it.

    ``strong`` is the worst severity among findings for which this cell is *the* cell (the
    suggested target, or one of the cells of a finding without target); ``weak`` the worst among
    findings in which it only takes part (the other cells of a failing sum).
    """

    strong: str | None = None
    weak: str | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def severity(self) -> str | None:
        return self.strong or self.weak


def _worse(a: str | None, b: str) -> str:
    return b if a is None or SEVERITY_ORDER[b] < SEVERITY_ORDER[a] else a


def cell_marks(findings: list[Finding]) -> dict[CellKey, CellMark]:
    marks: dict[CellKey, CellMark] = {}
    for f in findings:
        target = target_key(f)
        keys = [(c.table, c.row, c.col) for c in f.cells]
        if target is not None and target not in keys:
            keys.append(target)
        for k in keys:
            m = marks.setdefault(k, CellMark())
            if f not in m.findings:
                m.findings.append(f)
            if target is None or k == target:
                m.strong = _worse(m.strong, f.severity)
            else:
                m.weak = _worse(m.weak, f.severity)
    return marks


LabelRef = tuple[str, str, str]  # (table, "row"|"col"|"group", key)


def label_refs(report, f: Finding) -> list[LabelRef]:
    """The row / column / group labels a finding is about (a label worded differently from the
    standard, stray text in a label column), found by the source positions the finding names."""
    if f.cells or not f.positions or report is None:
        return []
    table = f.table
    data = report.tables.get(table) if table else None
    if data is None:
        return []
    out: list[LabelRef] = []
    for pos in f.positions:
        if pos is None:
            continue
        for kind, labels in (("row", data.row_labels), ("col", data.col_labels), ("group", data.group_labels)):
            out += [(table, kind, key) for key, label in labels.items() if label.pos == pos]
        for stray in data.stray:
            if stray.pos == pos and stray.grid_rc is not None:
                row = next((r for (r, _), cell in data.cells.items()
                            if cell.grid == stray.grid and cell.grid_rc and cell.grid_rc[0] == stray.grid_rc[0]), None)
                if row is not None:
                    out.append((table, "row", row))
    return list(dict.fromkeys(out))


def label_marks(report, findings: list[Finding]) -> dict[LabelRef, CellMark]:
    marks: dict[LabelRef, CellMark] = {}
    for f in findings:
        for ref in label_refs(report, f):
            m = marks.setdefault(ref, CellMark())
            m.findings.append(f)
            m.strong = _worse(m.strong, f.severity)
    return marks


# ===================================================================================== Qt models

KindRole = Qt.ItemDataRole.UserRole + 1
SeverityRole = Qt.ItemDataRole.UserRole + 2  # worst severity of the findings naming the cell
StrongRole = Qt.ItemDataRole.UserRole + 3  # True if the cell is the one to change
EditedRole = Qt.ItemDataRole.UserRole + 4
KeyRole = Qt.ItemDataRole.UserRole + 5
MissingRole = Qt.ItemDataRole.UserRole + 6  # the file has no such cell
FindingRole = Qt.ItemDataRole.UserRole + 7
WhereRole = Qt.ItemDataRole.UserRole + 8
TitleRole = Qt.ItemDataRole.UserRole + 9
SuggestionRole = Qt.ItemDataRole.UserRole + 10


def _esc(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


class GridModel(QAbstractTableModel):
    """One table of a report laid out as its official grid.

    The model never changes a value itself: an edit is announced by ``editRequested(key, text)``
    and comes back, after the recheck, through ``set_state``.
    """

    editRequested = Signal(object, str)

    def __init__(self, layout: TableLayout, parent=None):
        super().__init__(parent)
        self.layout = layout
        self.report = None
        self.marks: dict[CellKey, CellMark] = {}
        self.originals: dict[CellKey, str | None] = {}
        self.label_marks: dict[tuple[str, str], CellMark] = {}

    # --- state ---------------------------------------------------------------------------------
    def set_state(self, report, marks: dict[CellKey, CellMark], originals: dict[CellKey, str | None],
                  labels: dict[LabelRef, CellMark] | None = None) -> None:
        """Show ``report``'s values, marked by ``marks`` (and its labels by ``labels``);
        ``originals`` holds the file's text of every edited cell (None where the file had none)."""
        self.report = report
        self.marks = {k: m for k, m in marks.items() if k[0] == self.layout.table}
        self.originals = {k: v for k, v in originals.items() if k[0] == self.layout.table}
        self.label_marks = {(k[1], k[2]): m for k, m in (labels or {}).items() if k[0] == self.layout.table}
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def index_of(self, key: CellKey) -> QModelIndex:
        c = self.layout.by_key.get(key)
        return self.index(c.row, c.col) if c else QModelIndex()

    def label_indexes(self, label: tuple[str, str]) -> list[QModelIndex]:
        return [self.index(c.row, c.col) for c in self.layout.by_label.get(label, [])]

    def cell_text(self, key: CellKey) -> str | None:
        cell = self.report.cell(*key) if self.report is not None else None
        return None if cell is None else cell.raw

    # --- QAbstractTableModel ----------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.layout.n_rows

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.layout.n_cols

    def flags(self, index):
        lc = self.layout.at.get((index.row(), index.column()))
        if lc is not None and lc.kind == "data":
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
        if lc is not None and lc.label is not None and lc.label in self.label_marks:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return Qt.ItemFlag.ItemIsEnabled

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        lc = self.layout.at.get((index.row(), index.column()))
        if lc is None:
            return None
        if role == KindRole:
            return lc.kind
        if lc.kind != "data":
            mark = self.label_marks.get(lc.label) if lc.label is not None else None
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return lc.text if (lc.row, lc.col) == (index.row(), index.column()) else None
            if role == SeverityRole:
                return mark.strong if mark else None
            if role == StrongRole:
                return mark is not None
            if role == Qt.ItemDataRole.ToolTipRole and mark:
                parts = [f"标准格式：<b>{_esc(lc.text)}</b>"]
                parts += [f"<b>{SEVERITY_GLYPH[f.severity]} {SEVERITY_ZH[f.severity]}：{_esc(f.title)}</b><br>"
                          f"{_esc(f.message)}" for f in mark.findings]
                return "<p style='white-space:pre-wrap'>" + "<br><br>".join(parts) + "</p>"
            return None
        key = lc.key
        raw = self.cell_text(key)
        mark = self.marks.get(key)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if raw is None else raw.strip()
        if role == Qt.ItemDataRole.EditRole:
            return "" if raw is None else raw.strip()
        if role == KeyRole:
            return key
        if role == SeverityRole:
            return mark.severity if mark else None
        if role == StrongRole:
            return bool(mark and mark.strong)
        if role == EditedRole:
            return key in self.originals
        if role == MissingRole:
            return raw is None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(key, raw, mark)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._accessible(key, raw, mark)
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        lc = self.layout.at.get((index.row(), index.column()))
        if lc is None or lc.kind != "data":
            return False
        self.editRequested.emit(lc.key, "" if value is None else str(value))
        return True

    # --- texts -----------------------------------------------------------------------------------
    def _name(self, key: CellKey) -> str:
        fmt = self.report.format if self.report is not None else None
        return cell_name(fmt, *key)

    def _tooltip(self, key: CellKey, raw: str | None, mark: CellMark | None) -> str:
        parts = [f"<b>{_esc(self._name(key))}</b>"]
        if raw is None:
            parts.append("文件中没有这个单元格。")
        else:
            parts.append(f"填写：{_esc(raw.strip()) or '（空白）'}")
        if key in self.originals:
            old = self.originals[key]
            parts.append(f"<i>已修改，原文件中为：{_esc(old.strip()) if old and old.strip() else '（空白）'}</i>")
        if mark:
            for f in mark.findings:
                sev = f"{SEVERITY_GLYPH[f.severity]} {SEVERITY_ZH[f.severity]}"
                line = f"<b>{sev}：{_esc(f.title)}</b><br>{_esc(f.message)}"
                s = suggested_text(f)
                if s is not None and target_key(f) == key:
                    line += f"<br><b>建议值：{_esc(s)}</b>"
                parts.append(line)
        else:
            parts.append("双击或直接输入可修改数值。")
        return "<p style='white-space:pre-wrap'>" + "<br><br>".join(parts) + "</p>"

    def _accessible(self, key: CellKey, raw: str | None, mark: CellMark | None) -> str:
        text = f"{self._name(key)}：{(raw or '').strip() or '空白'}"
        if mark:
            text += "，" + "；".join(f"{SEVERITY_ZH[f.severity]}：{f.title}" for f in mark.findings)
        if key in self.originals:
            text += "，已修改"
        return text


class FindingsModel(QAbstractListModel):
    """The findings of the current check, in the core's order."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.findings: list[Finding] = []
        self._numbers: dict[int, int] = {}

    def set_findings(self, findings: list[Finding]) -> None:
        self.beginResetModel()
        self.findings = list(findings)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.findings)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.findings):
            return None
        f = self.findings[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f.message
        if role == FindingRole:
            return f
        if role == SeverityRole:
            return f.severity
        if role == WhereRole:
            return where_label(f)
        if role == TitleRole:
            return f.title
        if role == SuggestionRole:
            return suggested_text(f)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"<p style='white-space:pre-wrap'><b>{_esc(f.title)}</b>（{f.code}）<br>{_esc(f.message)}</p>"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{SEVERITY_ZH[f.severity]}，{where_label(f)}，{f.message}"
        return None

    def row_of(self, f: Finding) -> int:
        for i, g in enumerate(self.findings):
            if g is f:
                return i
        return -1


class SeverityFilterModel(QSortFilterProxyModel):
    """Shows the findings of one severity, or all (``severity`` None)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._severity: str | None = None

    @property
    def severity(self) -> str | None:
        return self._severity

    def set_severity(self, severity: str | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+
            self.beginFilterChange()
            self._severity = severity
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover
            self._severity = severity
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        if self._severity is None:
            return True
        idx = self.sourceModel().index(source_row, 0, source_parent)
        return idx.data(SeverityRole) == self._severity
