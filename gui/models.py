"""What the views show, built from core objects.

* The table layouts are the core's one layout (``core.formats.layout``: the official merged grids
  that the exports and the printout render too); names come from ``core.formats.naming``.
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

from core.findings import ERROR, INFO, SEVERITY_ORDER, SEVERITY_ZH, WARNING, Finding
from core.formats.layout import CellKey, LayoutCell, TableLayout, table_keys, table_layout  # noqa: F401
from core.formats.naming import (  # noqa: F401 - the views take these names from here
    cell_name,
    finding_table,
    place_of,
    section_heading,
    table_name,
)
from core.numbers import as_text

SEVERITY_GLYPH = {ERROR: "✕", WARNING: "!", INFO: "i"}
SEVERITIES = (ERROR, WARNING, INFO)

# ===================================================================================== findings


def finding_key(f: Finding) -> tuple:
    """What makes a finding the "same" one after a recheck (its message changes with the values)."""
    cells = tuple((c.table, c.row, c.col) for c in f.cells)
    target = (f.target.table, f.target.row, f.target.col) if f.target else None
    return (f.code, f.section, f.table, cells, f.paragraph, target)


def where_label(f: Finding) -> str:
    """Where a finding is, in the clerk's words: a table's name or a section's standard heading."""
    return place_of(f).label


def suggested_text(f: Finding) -> str | None:
    """The suggested value as the text to put into the target cell (None if there is none)."""
    if f.target is None or f.suggested is None:
        return None
    return as_text(f.suggested)


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
DerivedRole = Qt.ItemDataRole.UserRole + 11  # the value follows the workbook's formulas after an edit
DERIVED_TEXT = "随公式自动更新"


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
        self.derived: dict[CellKey, str] = {}
        self.label_marks: dict[tuple[str, str], CellMark] = {}

    # --- state ---------------------------------------------------------------------------------
    def set_state(self, report, marks: dict[CellKey, CellMark], originals: dict[CellKey, str | None],
                  labels: dict[LabelRef, CellMark] | None = None, derived: dict[CellKey, str] | None = None) -> None:
        """Show ``report``'s values, marked by ``marks`` (and its labels by ``labels``);
        ``originals`` holds the file's text of every edited cell (None where the file had none),
        ``derived`` the cells whose value the workbook's formulas changed after the edits."""
        self.report = report
        self.derived = {k: v for k, v in (derived or {}).items() if k[0] == self.layout.table}
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
        if role == DerivedRole:
            return key in self.derived and key not in self.originals
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
        elif key in self.derived:
            cell = self.report.cell(*key) if self.report is not None else None
            formula = f"（公式 ={_esc(cell.formula.lstrip('='))}）" if cell is not None and cell.formula else ""
            parts.append(f"<i>{DERIVED_TEXT}{formula}</i>")
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
        elif key in self.derived:
            text += f"，{DERIVED_TEXT}"
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
