"""批量检查 — the window of the disclosure office that checks the reports of dozens of units at once.

    open_batch_window(parent, paths=None) -> BatchWindow

One row per file (单位, 年度, 格式, 错误, 警告, 状态, 问题所在, 无法读取的原因, 文件), sortable, filterable by
status and searchable by unit name; a panel naming, for the selected file, the table or section
of every problem (表三 / 第五部分 …); double-click opens the file in the single-report view
(``parent.open_path``). The files are checked in the background (a ``QThread`` driving
``core.batch.check_many``, which uses every CPU core), with a progress bar and 取消. With a list of
the units that must report (remembered in the settings) it shows, for a chosen year, the units
with no report and the reports of units not on the list. 导出 Excel writes ``write_batch_xlsx``;
打印 / PDF prints the summary.

Problems are marked so that they cannot be overlooked: a glyph (✕ / ⚠) and a word, white on dark
red for errors and unreadable files — never a pale colour alone.
"""

from __future__ import annotations

import html
import logging
import threading
import weakref
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QSettings,
    QSortFilterProxyModel,
    Qt,
    QThread,
    QThreadPool,
    QUrl,
    Signal,
    Slot,
)
import shiboken6
from PySide6.QtGui import QAction, QBrush, QColor, QDesktopServices, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTableView,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from core.batch import (
    STATUS_MARK,
    STATUS_ZH,
    BatchItem,
    UnitsFileError,
    check_many,
    coverage,
    expand_paths,
    format_label,
    guess_year,
    normalize_unit,
    place_key,
    place_long,
    shutdown_pool,
    unit_from_filename,
    write_batch_xlsx,
)
from core.findings import ERROR, INFO, SEVERITY_ZH, WARNING

from .workers import submit

log = logging.getLogger("gui.batch")
_PAIRING = " 正在核对相邻年度的报告…"

SETTINGS_UNITS = "batch/expected_units"
SETTINGS_DIR = "batch/last_dir"

#: From this many files on, the checks run in the worker processes of ``core.batch`` (kept from one
#: batch to the next, so only the first batch pays for starting them). Each file then has a time
#: limit: a file that hangs is reported 「检查超时」 instead of stopping the batch. A single file is
#: checked in the background thread.
PARALLEL_FROM = 2

# ---------------------------------------------------------------------------------------- colours

DARK_RED = QColor("#9c0006")
DARKER_RED = QColor("#5c0011")
AMBER = QColor("#f2b705")
WHITE = QColor("#ffffff")
BLACK = QColor("#000000")
ERROR_TEXT = QColor("#8b0000")
WARNING_TEXT = QColor("#6b4200")
OK_TEXT = QColor("#1e6b30")
MUTED = QColor("#6a737d")

BROWN = QColor("#7f3f00")

STATUS_BG = {"error": DARK_RED, "unreadable": DARKER_RED, "unrecognized": BROWN, "warning": AMBER}
STATUS_FG = {"error": WHITE, "unreadable": WHITE, "unrecognized": WHITE, "warning": BLACK, "ok": OK_TEXT}
ROW_FG = {"error": ERROR_TEXT, "unreadable": ERROR_TEXT, "unrecognized": ERROR_TEXT, "warning": WARNING_TEXT}
BAD = ("error", "unreadable", "unrecognized")
CSS = {"error": ("#9c0006", "#ffffff"), "unreadable": ("#5c0011", "#ffffff"), "unrecognized": ("#7f3f00", "#ffffff"),
       "warning": ("#f2b705", "#000000"), "ok": ("#ffffff", "#1e6b30")}

#: status filter choices: (label, key); "problem" = errors, unreadable or not recognized
STATUS_FILTERS = [
    ("全部文件", "all"),
    ("✕ 有错误或无法读取", "problem"),
    ("✕ 有错误", "error"),
    ("✕ 无法读取", "unreadable"),
    ("✕ 未能识别为年度报告", "unrecognized"),
    ("⚠ 有警告（无错误）", "warning"),
    ("✓ 通过", "ok"),
    ("尚未检查", "pending"),
]

# ------------------------------------------------------------------------------------------ model

# The file name stands second: several files of one unit and year must be told apart at a glance;
# the reason a file could not be read shares the last column with the places of the problems (a
# file has one or the other), so that the table fits 1366 px without scrolling.
COLUMNS = ["单位", "文件", "年度", "格式", "错误", "警告", "状态", "问题所在 / 无法读取的原因"]
COL_UNIT, COL_FILE, COL_YEAR, COL_FORMAT, COL_ERRORS, COL_WARNINGS, COL_STATUS, COL_PLACES = range(8)
COL_REASON = COL_PLACES
NO_UNIT = "（未写明单位）"


def unit_text(item, path) -> str:
    """The unit as the table shows it: the agency the report names; else a name the file name
    gives (said to come from there); else 「（未写明单位）」 — never a slug of a Latin file name."""
    agency = getattr(item, "agency", None) if item is not None else None
    if agency:
        return agency
    guess = unit_from_filename(path)
    if guess and any("\u4e00" <= ch <= "\u9fff" for ch in guess):
        return f"{guess}（据文件名）"
    return NO_UNIT

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
ITEM_ROLE = Qt.ItemDataRole.UserRole + 3
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 4
PATH_ROLE = Qt.ItemDataRole.UserRole + 5



class _Row:
    __slots__ = ("path", "item", "state")

    def __init__(self, path: Path):
        self.path = Path(path)
        self.item: BatchItem | None = None
        self.state = "pending"  # pending | running | done | cancelled

    @property
    def status(self) -> str:
        return self.item.status if self.item is not None else "pending"


class BatchModel(QAbstractTableModel):
    """One row per file; a row is pending until its ``BatchItem`` arrives."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[_Row] = []
        self._by_path: dict[str, int] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)

    # -- filling
    def add_paths(self, paths) -> list[int]:
        """Append the files not yet listed; return the rows that were added."""
        new = []
        for p in paths:
            key = _key(p)
            if key not in self._by_path:
                new.append(Path(p))
        if not new:
            return []
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        for p in new:
            self._by_path[_key(p)] = len(self.rows)
            self.rows.append(_Row(p))
        self.endInsertRows()
        return list(range(first, first + len(new)))

    def clear(self) -> None:
        self.beginResetModel()
        self.rows.clear()
        self._by_path.clear()
        self.endResetModel()

    def set_item(self, row: int, item: BatchItem) -> None:
        r = self.rows[row]
        r.item, r.state = item, "done"
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def set_state(self, rows, state: str) -> None:
        for row in rows:
            self.rows[row].state = state
            if state in ("pending", "running"):
                self.rows[row].item = None
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), len(COLUMNS) - 1))

    def items(self) -> list[BatchItem]:
        return [r.item for r in self.rows if r.item is not None]

    def pending_rows(self) -> list[int]:
        return [i for i, r in enumerate(self.rows) if r.item is None and r.state != "running"]

    def row_of(self, path) -> int | None:
        return self._by_path.get(_key(path))

    # -- Qt
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        it, col, status = r.item, index.column(), r.status
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, col)
        if role == SORT_ROLE:
            return self._sort_value(r, col)
        if role == STATUS_ROLE:
            return status
        if role == ITEM_ROLE:
            return it
        if role == PATH_ROLE:
            return str(r.path)
        if role == SEARCH_ROLE:
            names = [r.path.name, it.unit if it else unit_from_filename(r.path), (it.agency or "") if it else ""]
            return " ".join(normalize_unit(n) for n in names if n)
        if role == Qt.ItemDataRole.ToolTipRole:
            if it is None:
                return str(r.path)
            if col == COL_PLACES and it.error:
                return it.error
            if col == COL_PLACES and it.problem_summary():
                return it.problem_summary()
            return str(r.path)
        if role == Qt.ItemDataRole.BackgroundRole:
            if it is None:
                return None
            if col == COL_STATUS and status in STATUS_BG:
                return QBrush(STATUS_BG[status])
            if col == COL_ERRORS and it.errors:
                return QBrush(DARK_RED)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if it is None:
                return QBrush(MUTED)
            if col == COL_STATUS:
                return QBrush(STATUS_FG.get(status, BLACK))
            if col == COL_ERRORS and it.errors:
                return QBrush(WHITE)
            if status in ROW_FG:
                return QBrush(ROW_FG[status])
            return None
        if role == Qt.ItemDataRole.FontRole:
            if it is None:
                return self._italic
            if col in (COL_STATUS, COL_ERRORS) or status in BAD:
                return self._bold
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_YEAR, COL_ERRORS, COL_WARNINGS):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, r: _Row, col: int) -> str:
        it = r.item
        if it is None:
            if col == COL_UNIT:
                return unit_text(None, r.path)
            if col == COL_STATUS:
                return {"running": "… 检查中", "cancelled": "— 已取消"}.get(r.state, "… 等待检查")
            if col == COL_FILE:
                return r.path.name
            return ""
        if col == COL_UNIT:
            return unit_text(it, r.path)
        if col == COL_YEAR:
            y = it.year or it.effective_year
            return str(y) if y else ""
        if col == COL_FORMAT:
            return format_label(it, short=True) if it.readable else ""
        if col == COL_ERRORS:
            return str(it.errors) if it.readable else ""
        if col == COL_WARNINGS:
            return str(it.warnings) if it.readable else ""
        if col == COL_STATUS:
            return it.status_label
        if col == COL_PLACES:
            return it.error or it.problem_summary()
        if col == COL_FILE:
            return r.path.name
        return ""

    def _sort_value(self, r: _Row, col: int):
        it = r.item
        status_rank = {"unreadable": 0, "unrecognized": 1, "error": 2, "warning": 3, "ok": 4, "pending": 5}[r.status]
        if col in (COL_ERRORS, COL_WARNINGS, COL_YEAR):
            if it is None or not it.readable:
                return -1
            return {COL_ERRORS: it.errors, COL_WARNINGS: it.warnings, COL_YEAR: it.effective_year or 0}[col]
        if col == COL_STATUS:
            # worst first when sorted ascending; more errors before fewer
            return status_rank * 100000 - (it.errors * 100 + it.warnings if it and it.readable else 0)
        return self._text(r, col)


def _key(p) -> str:
    try:
        return str(Path(p).resolve())
    except OSError:  # pragma: no cover
        return str(Path(p).absolute())


class BatchFilter(QSortFilterProxyModel):
    """Sorting on ``SORT_ROLE``; filtering by status and by a search in unit and file names
    (compared as ``normalize_unit`` forms: full-width/half-width, spaces and 人民政府/政府 do not
    matter)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.status = "all"
        self.search = ""
        self.setDynamicSortFilter(True)

    def set_status(self, key: str) -> None:
        self._change(lambda: setattr(self, "status", key))

    def set_search(self, text: str) -> None:
        self._change(lambda: setattr(self, "search", normalize_unit(text or "")))

    def _change(self, apply) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9
            self.beginFilterChange()
            apply()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            apply()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row, source_parent) -> bool:
        model = self.sourceModel()
        idx = model.index(source_row, 0, source_parent)
        status = model.data(idx, STATUS_ROLE)
        if self.status != "all":
            if self.status == "problem":
                if status not in BAD:
                    return False
            elif status != self.status:
                return False
        if self.search:
            return self.search in (model.data(idx, SEARCH_ROLE) or "")
        return True

    def lessThan(self, left, right) -> bool:
        a, b = self.sourceModel().data(left, SORT_ROLE), self.sourceModel().data(right, SORT_ROLE)
        if type(a) is not type(b):
            return str(a) < str(b)
        return a < b


# ----------------------------------------------------------------------------------- background


class _Runner(QObject):
    """Drives ``check_many`` in a ``QThread``; reports every finished file."""

    itemDone = Signal(int, object)  # row, BatchItem
    progressed = Signal(int, int)  # done, total
    finished = Signal(bool)  # cancelled
    failed = Signal(str)

    def __init__(self, rows: list[int], paths: list[Path], workers: int | None, cancel: threading.Event):
        super().__init__()
        self.rows, self.paths, self.workers, self.cancel = rows, paths, workers, cancel

    @Slot()
    def run(self) -> None:
        def progress(done, total, item):
            self.itemDone.emit(self.rows[item.index], item)
            self.progressed.emit(done, total)

        try:
            check_many(self.paths, workers=self.workers, progress=progress, cancel=self.cancel)
        except Exception as exc:  # noqa: BLE001 - reported in the window, never a silent stop
            log.exception("批量检查失败")
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        self.finished.emit(self.cancel.is_set())


# --------------------------------------------------------------------------------------- window


class BatchWindow(QMainWindow):
    """The batch window. Public API (tests and the main window):

    add_paths(paths)              list files/folders and check them (in the background)
    recheck()                     check every listed file again
    cancel()                      stop: unchecked files stay pending (files in worker processes are abandoned)
    is_running()
    items()                       the BatchItems so far (input order)
    set_search(text), set_status_filter(key)
    load_units(path)              the list of units that must report (remembered)
    set_year(year)
    coverage()                    core.batch.Coverage or None
    export_xlsx(path=None), save_pdf(path=None), print_summary()
    signals: batchFinished(bool cancelled)
    """

    batchFinished = Signal(bool)

    def __init__(self, parent=None, settings: QSettings | None = None, workers: int | None = None):
        super().__init__(parent)
        self.setWindowTitle("批量检查 — 政府信息公开工作年度报告")
        self.setAcceptDrops(True)
        self.resize(1200, 720)
        if settings is None:
            s = getattr(parent, "settings", None)
            settings = s if isinstance(s, QSettings) else QSettings()
        self.settings = settings
        self.workers = workers
        self.units: list[str] | None = None
        self.units_path: Path | None = None
        self.year: int | None = None
        self._thread: QThread | None = None
        self._runner: _Runner | None = None
        self._cancel = threading.Event()
        self._running_rows: list[int] = []
        self._total = 0
        self._single_view = None
        self._generation = 0  # a new run makes a pairing of years computed before it stale
        self._pool = QThreadPool.globalInstance()

        self.model = BatchModel(self)
        self.proxy = BatchFilter(self)
        self.proxy.setSourceModel(self.model)

        self._build_actions()
        self._build_ui()
        self._restore_units()
        self._update_summary()
        from gui.crossyear import install_rollup  # the roll-up button

        self.rollup = install_rollup(self)
        app = QApplication.instance()
        if app is not None:  # the program ends while files are checked: stop the thread first
            app.aboutToQuit.connect(self._quit)

    # ------------------------------------------------------------------------- construction
    def _build_actions(self) -> None:
        def act(text, slot, tip="", shortcut=None):
            a = QAction(text, self)
            a.triggered.connect(slot)
            if tip:
                a.setToolTip(tip)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
            return a

        self.act_folder = act("选择文件夹…", self.choose_folder, "检查一个文件夹（含子文件夹）中的全部报告", "Ctrl+Shift+O")
        self.act_files = act("添加文件…", self.choose_files, "选择要检查的报告文件", "Ctrl+O")
        self.act_recheck = act("重新检查", self.recheck, "重新检查列表中的全部文件（例如单位已修改报告）", "F5")
        self.act_clear = act("清空列表", self.clear, "清空文件列表")
        self.act_xlsx = act("导出 Excel…", lambda: self.export_xlsx(), "把检查结果导出为 Excel 汇总表", "Ctrl+E")
        self.act_print = act("打印…", self.print_summary, "打印检查结果汇总", "Ctrl+P")
        self.act_pdf = act("保存为 PDF…", lambda: self.save_pdf(), "把检查结果汇总保存为 PDF")

    def _build_ui(self) -> None:
        tb = QToolBar("批量检查", self)
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (self.act_folder, self.act_files, self.act_recheck, self.act_clear):
            tb.addAction(a)
        tb.addSeparator()
        for a in (self.act_xlsx, self.act_print, self.act_pdf):
            tb.addAction(a)
        self.addToolBar(tb)

        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(8, 6, 8, 4)

        # filter bar
        bar = QHBoxLayout()
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("按单位名称或文件名查找…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.set_search)
        self.status_combo = QComboBox(self)
        for label, key in STATUS_FILTERS:
            self.status_combo.addItem(label, key)
        self.status_combo.currentIndexChanged.connect(
            lambda i: self.set_status_filter(self.status_combo.itemData(i)))
        bar.addWidget(QLabel("查找：", self))
        bar.addWidget(self.search_edit, 2)
        bar.addSpacing(12)
        bar.addWidget(QLabel("显示：", self))
        bar.addWidget(self.status_combo, 1)
        bar.addSpacing(12)
        self.summary_label = QLabel(self)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        bar.addWidget(self.summary_label, 3)
        outer.addLayout(bar)

        # table | details
        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # input order until a header is clicked
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        h = self.table.horizontalHeader()
        h.setStretchLastSection(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # 「北京市…年度报告(2).docx」 keeps both ends
        for col, w in ((COL_UNIT, 180), (COL_FILE, 200), (COL_YEAR, 44), (COL_FORMAT, 72), (COL_ERRORS, 40),
                       (COL_WARNINGS, 40), (COL_STATUS, 86), (COL_PLACES, 200)):
            h.resizeSection(col, w)
        h.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(self._open_index)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_details(cur))
        self.table.setToolTip("双击打开该报告，逐项查看和修改")
        split.addWidget(self.table)

        self.tabs = QTabWidget(self)
        self.details = QTextBrowser(self)
        self.details.setOpenLinks(False)
        self.details.setHtml(_hint_html())
        self.tabs.addTab(self.details, "问题明细")
        self.tabs.addTab(self._build_coverage(), "报送情况")
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([900, 440])
        outer.addWidget(split, 1)
        self.setCentralWidget(central)

        # progress
        sb = self.statusBar()
        self.progress_label = QLabel("把报告文件或文件夹拖到这里，或点「选择文件夹…」", self)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(320)
        self.progress.setFormat("%v / %m")
        self.progress.setVisible(False)
        self.cancel_button = QPushButton("取消", self)
        self.cancel_button.setToolTip("停止检查（已检查的结果保留）")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setVisible(False)
        sb.addWidget(self.progress_label, 1)
        sb.addPermanentWidget(self.progress)
        sb.addPermanentWidget(self.cancel_button)

    def _build_coverage(self) -> QWidget:
        w = QWidget(self)
        lay = QVBoxLayout(w)
        row = QHBoxLayout()
        self.units_label = QLabel("尚未载入应报送单位名单。", w)
        self.units_label.setWordWrap(True)
        self.units_button = QPushButton("载入单位名单…", w)
        self.units_button.setToolTip("每行一个单位的 .txt 文本，或第一列为单位名称的 .xlsx 表格")
        self.units_button.clicked.connect(self.choose_units)
        self.units_clear = QPushButton("不用名单", w)
        self.units_clear.clicked.connect(self.clear_units)
        row.addWidget(self.units_label, 1)
        row.addWidget(self.units_button)
        row.addWidget(self.units_clear)
        lay.addLayout(row)
        yrow = QHBoxLayout()
        yrow.addWidget(QLabel("年度：", w))
        self.year_combo = QComboBox(w)
        self.year_combo.setMinimumWidth(110)
        self.year_combo.currentIndexChanged.connect(self._year_chosen)
        yrow.addWidget(self.year_combo)
        self.coverage_label = QLabel(w)
        self.coverage_label.setTextFormat(Qt.TextFormat.RichText)
        self.coverage_label.setWordWrap(True)
        yrow.addWidget(self.coverage_label, 1)
        lay.addLayout(yrow)
        lay.addWidget(QLabel("<b>缺报单位</b>（名单中有、该年度没有报告）", w))
        self.missing_list = QListWidget(w)
        lay.addWidget(self.missing_list, 2)
        lay.addWidget(QLabel("<b>不在名单中的报告</b>（双击打开）", w))
        self.unknown_list = QListWidget(w)
        self.unknown_list.itemDoubleClicked.connect(
            lambda it: self.open_file(it.data(Qt.ItemDataRole.UserRole)))
        lay.addWidget(self.unknown_list, 1)
        return w

    # ------------------------------------------------------------------------------ files
    def choose_folder(self) -> None:
        start = str(self.settings.value(SETTINGS_DIR, "") or "")
        folder = QFileDialog.getExistingDirectory(self, "选择要批量检查的文件夹（含子文件夹）", start)
        if folder:
            self.settings.setValue(SETTINGS_DIR, folder)
            self.add_paths([folder])

    def choose_files(self) -> None:
        start = str(self.settings.value(SETTINGS_DIR, "") or "")
        from .common import open_filter

        paths, _ = QFileDialog.getOpenFileNames(self, "选择要检查的报告", start, open_filter())
        if paths:
            self.settings.setValue(SETTINGS_DIR, str(Path(paths[0]).parent))
            self.add_paths(paths)

    def add_paths(self, paths) -> int:
        """List the files (folders: every report under them) not listed yet and check them.
        Returns how many files were added."""
        files = expand_paths([str(p) for p in paths])
        rows = self.model.add_paths(files)
        if not files:
            self.progress_label.setText("没有找到可以检查的年度报告文件（Word、Excel、PDF 或网页）。")
        elif not rows:
            self.progress_label.setText("这些文件已在列表中。")
        self._update_summary()
        if rows and not self.is_running():
            self._start(self.model.pending_rows())
        return len(rows)

    def clear(self) -> None:
        if self.is_running():
            self.cancel()
            self.wait(10_000)
        self._generation += 1
        self.model.clear()
        self.details.setHtml(_hint_html())
        self._update_summary()
        self._update_coverage()

    def recheck(self) -> None:
        if self.is_running() or not self.model.rows:
            return
        rows = list(range(len(self.model.rows)))
        self.model.set_state(rows, "pending")
        self._start(rows)

    # ------------------------------------------------------------------------- background
    def is_running(self) -> bool:
        return self._thread is not None

    def _start(self, rows: list[int]) -> None:
        if not rows:
            return
        self._cancel = threading.Event()
        self._generation += 1
        self._running_rows = rows
        self._total = len(rows)
        paths = [self.model.rows[r].path for r in rows]
        workers = self.workers
        if workers is None and len(paths) < PARALLEL_FROM:
            workers = 1
        self.model.set_state(rows, "running")
        self.progress.setRange(0, len(rows))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.progress_label.setText(f"正在检查 {len(rows)} 个文件…")
        for a in (self.act_recheck, self.act_clear):
            a.setEnabled(False)

        thread = QThread(self)
        runner = _Runner(rows, paths, workers, self._cancel)
        runner.moveToThread(thread)
        thread.started.connect(runner.run)
        runner.itemDone.connect(self._item_done)
        runner.progressed.connect(self._progressed)
        runner.failed.connect(self._failed)
        runner.finished.connect(self._finished)
        # quit from the worker thread itself, so that wait() in the GUI thread returns
        runner.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        self._thread, self._runner = thread, runner
        thread.start()

    def cancel(self) -> None:
        """Stop checking: no new file is started; files being checked in worker processes are
        abandoned (their workers are stopped), one being checked in the thread is finished."""
        if self.is_running():
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText("正在取消…")

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait for the background thread (for closing, and for tests)."""
        if self._thread is None:
            return True
        return self._thread.wait(msecs)

    @Slot(int, object)
    def _item_done(self, row: int, item: BatchItem) -> None:
        if 0 <= row < len(self.model.rows):
            self.model.set_item(row, item)
            cur = self.table.currentIndex()
            if cur.isValid() and self.proxy.mapToSource(cur).row() == row:
                self._show_details(cur)

    @Slot(int, int)
    def _progressed(self, done: int, total: int) -> None:
        self.progress.setValue(done)
        if not self._cancel.is_set():
            self.progress_label.setText(f"已检查 {done} / {total} 个文件…")
        if done % 5 == 0 or done == total:
            self._update_summary()

    @Slot(str)
    def _failed(self, message: str) -> None:
        QMessageBox.warning(self, "批量检查", f"检查中断：{message}\n已检查的结果保留在列表中。")

    @Slot(bool)
    def _finished(self, cancelled: bool) -> None:
        thread = self._thread
        if thread is not None:
            thread.quit()
            thread.wait(30_000)  # the runner has returned: this is the thread ending
            thread.deleteLater()
        # the runner (owned by Python) is released only once its thread is over
        self._thread, self._runner = None, None
        left = [r for r in self._running_rows if self.model.rows[r].item is None] if self._running_rows else []
        if left:
            self.model.set_state(left, "cancelled" if cancelled else "pending")
        self._running_rows = []
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        for a in (self.act_recheck, self.act_clear):
            a.setEnabled(True)
        items = self.model.items()
        n_bad = sum(1 for i in items if i.status in BAD)
        if cancelled:
            self.progress_label.setText(f"已取消：检查了 {self._total - len(left)} 个文件，{len(left)} 个未检查（点「重新检查」继续）。")
        else:
            self.progress_label.setText(
                f"检查完成：{len(items)} 个文件，其中 {n_bad} 个有错误或无法读取。" if items else "检查完成。")
        self._update_summary()
        self._refresh_years()
        self._update_coverage()
        if not cancelled and self.model.pending_rows():  # files added while checking
            self._start(self.model.pending_rows())
            return
        if cancelled:
            self.batchFinished.emit(cancelled)
            return
        self._pair_years()

    # ---------------------------------------------------------------------------- years
    def _pair_years(self) -> None:
        """Each unit's consecutive reports in the list compared (R6, R7, W-copy), as ``check FOLDER``
        does: off the GUI thread, then added to this year's row; batchFinished comes after."""
        from core.pairs import crossyear_pairs

        from gui.crossyear import threshold_percent

        items = self.model.items()
        generation = self._generation
        said = self.progress_label.text()  # 检查完成：…, which the pairing's outcome is added to
        self.progress_label.setText(said + _PAIRING)
        me = weakref.ref(self)  # the task's callbacks must not keep a closed window alive

        def alive():
            w = me()
            return w if w is not None and shiboken6.isValid(w) else None

        def done(pairs, items=items, generation=generation):
            w = alive()
            if w is None:
                return
            if generation == w._generation:  # no new run started meanwhile
                w._apply_pairs(items, pairs, said)
            w.batchFinished.emit(False)

        def failed(exc, generation=generation):
            log.error("pairing years failed", exc_info=(type(exc), exc, exc.__traceback__))
            w = alive()
            if w is None:
                return
            if generation == w._generation:
                w.progress_label.setText(said + " 相邻年度的核对未能完成。")
            w.batchFinished.emit(False)

        submit(self._pool, crossyear_pairs, items, copy_threshold=threshold_percent(self.settings) / 100,
               on_done=done, on_failed=failed)

    def _apply_pairs(self, items, pairs, said: str) -> None:
        from core.pairs import apply_crossyear

        applied = apply_crossyear(items, pairs)
        text = said
        if applied:
            text += f" 其中 {len(applied)} 对为同一单位相邻两年的报告，已核对上年结转和重复文字。"
        self.progress_label.setText(text)
        if self.model.rows:
            self.model.dataChanged.emit(self.model.index(0, 0),
                                        self.model.index(len(self.model.rows) - 1, len(COLUMNS) - 1))
        self._update_summary()
        cur = self.table.currentIndex()
        if cur.isValid():
            self._show_details(cur)

    # ---------------------------------------------------------------------------- filters
    def set_search(self, text: str) -> None:
        if self.search_edit.text() != text:
            self.search_edit.setText(text)  # comes back here through textChanged
            return
        self.proxy.set_search(text)
        self._update_summary()

    def set_status_filter(self, key: str) -> None:
        i = self.status_combo.findData(key)
        if i >= 0 and self.status_combo.currentIndex() != i:
            self.status_combo.setCurrentIndex(i)  # comes back here
            return
        self.proxy.set_status(key)
        self._update_summary()

    def items(self) -> list[BatchItem]:
        return self.model.items()

    def visible_rows(self) -> list[int]:
        """Source rows in the order shown."""
        return [self.proxy.mapToSource(self.proxy.index(r, 0)).row() for r in range(self.proxy.rowCount())]

    def _update_summary(self) -> None:
        rows = self.model.rows
        n = len(rows)
        counts = {k: 0 for k in ("error", "unreadable", "unrecognized", "warning", "ok", "pending")}
        for r in rows:
            counts[r.status] += 1
        parts = [f"共 <b>{n}</b> 个文件"]
        if counts["error"]:
            parts.append(_badge("error", f"✕ 有错误 {counts['error']}"))
        if counts["unreadable"]:
            parts.append(_badge("unreadable", f"✕ 无法读取 {counts['unreadable']}"))
        if counts["unrecognized"]:
            parts.append(_badge("unrecognized", f"✕ 未能识别 {counts['unrecognized']}"))
        if counts["warning"]:
            parts.append(_badge("warning", f"⚠ 有警告 {counts['warning']}"))
        if counts["ok"]:
            parts.append(f"<span style='color:#1e6b30;font-weight:bold'>✓ 通过 {counts['ok']}</span>")
        if counts["pending"]:
            parts.append(f"<span style='color:#6a737d'>未检查 {counts['pending']}</span>")
        shown = self.proxy.rowCount()
        if shown != n:
            parts.append(f"（显示 {shown} 个）")
        self.summary_label.setText(" ".join(parts))

    # ---------------------------------------------------------------------------- details
    def _show_details(self, proxy_index) -> None:
        if not proxy_index.isValid():
            return
        src = self.proxy.mapToSource(proxy_index)
        r = self.model.rows[src.row()]
        cov = self.coverage()
        unit = cov.unit_of(r.item) if (cov is not None and r.item is not None) else None
        self.details.setHtml(details_html(r.path, r.item, r.state, unit, self.units is not None))

    def _open_index(self, proxy_index) -> None:
        if proxy_index.isValid():
            self.open_file(self.proxy.data(proxy_index, PATH_ROLE))

    def open_file(self, path) -> None:
        """Open one file in the single-report view (the main window's ``open_path``)."""
        if not path:
            return
        target = self.parent()
        opener = getattr(target, "open_path", None)
        if opener is None:
            try:
                from gui.common import new_report_window as MainWindow

                if self._single_view is None:
                    self._single_view = MainWindow()
                target = self._single_view
                opener = target.open_path
            except Exception:  # noqa: BLE001 - fall back on the system's program for the file
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
                return
        opener(Path(path))
        if hasattr(target, "show"):
            target.show()
            target.raise_()
            target.activateWindow()

    # --------------------------------------------------------------------------- coverage
    def _restore_units(self) -> None:
        saved = self.settings.value(SETTINGS_UNITS, "") or ""
        if saved and Path(str(saved)).is_file():
            try:
                self.load_units(str(saved), remember=False)
            except UnitsFileError as e:
                self.units_label.setText(f"上次的单位名单无法载入：{e}")

    def choose_units(self) -> None:
        start = str(self.settings.value(SETTINGS_UNITS, "") or self.settings.value(SETTINGS_DIR, "") or "")
        path, _ = QFileDialog.getOpenFileName(self, "选择应报送单位名单", start,
                                              "单位名单 (*.txt *.xlsx *.csv);;所有文件 (*)")
        if path:
            try:
                self.load_units(path)
            except UnitsFileError as e:
                QMessageBox.warning(self, "单位名单", str(e))

    def load_units(self, path, remember: bool = True) -> list[str]:
        """Load the list of units that must report; raises ``UnitsFileError`` (Chinese)."""
        from core.batch import load_expected_units

        units = load_expected_units(path)
        self.units, self.units_path = units, Path(path)
        if remember:
            self.settings.setValue(SETTINGS_UNITS, str(Path(path).resolve()))
        self.units_label.setText(f"单位名单：{Path(path).name}（{len(units)} 个单位）")
        self._refresh_years()
        self._update_coverage()
        return units

    def clear_units(self) -> None:
        self.units, self.units_path = None, None
        self.settings.setValue(SETTINGS_UNITS, "")
        self.units_label.setText("尚未载入应报送单位名单。")
        self._update_coverage()

    def _refresh_years(self) -> None:
        items = self.model.items()
        years = {y for y in (i.effective_year for i in items) if y}
        this = datetime.now().year
        years |= {this - 1, this - 2}
        if self.year:
            years.add(self.year)
        current = self.year or guess_year(items) or this - 1
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for y in sorted(years, reverse=True):
            self.year_combo.addItem(f"{y} 年度", y)
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(current)))
        self.year_combo.blockSignals(False)
        self.year = self.year_combo.currentData()

    def _year_chosen(self, i: int) -> None:
        if i >= 0:
            self.year = self.year_combo.itemData(i)
            self._update_coverage()

    def set_year(self, year: int) -> None:
        if self.year_combo.findData(year) < 0:
            self.year = year
            self._refresh_years()
        self.year_combo.setCurrentIndex(self.year_combo.findData(year))
        self.year = year
        self._update_coverage()

    def coverage(self):
        if not self.units:
            return None
        return coverage(self.model.items(), self.units, self.year)

    def _update_coverage(self) -> None:
        self.missing_list.clear()
        self.unknown_list.clear()
        cov = self.coverage()
        if cov is None:
            self.coverage_label.setText("载入应报送单位名单后，这里列出缺报的单位。")
            return
        yr = f"{cov.year} 年度" if cov.year else "该年度"
        text = (f"名单 {len(cov.expected)} 个单位，{yr}已报送 <b>{len(cov.reported)}</b> 个，"
                f"{_badge('error', f'✕ 缺报 {len(cov.missing)} 个') if cov.missing else '<b>无缺报</b>'}")
        if cov.unknown:
            text += f"，不在名单中的报告 {len(cov.unknown)} 份"
        if cov.other_years:
            text += f"；其他年度的报告 {len(cov.other_years)} 份未计入"
        self.coverage_label.setText(text)
        bold = QFont()
        bold.setBold(True)
        for u in cov.missing:
            it = QListWidgetItem(f"✕ {u}")
            it.setForeground(QBrush(ERROR_TEXT))
            it.setFont(bold)
            self.missing_list.addItem(it)
        for item in cov.unknown:
            who = item.agency or f"（未找到机关名称；文件名：{item.unit or '—'}）"
            li = QListWidgetItem(f"{who} — {item.name}")
            li.setData(Qt.ItemDataRole.UserRole, item.file)
            li.setToolTip(item.file)
            self.unknown_list.addItem(li)

    # ---------------------------------------------------------------------------- outputs
    def _default_name(self, suffix: str) -> str:
        folder = self.settings.value(SETTINGS_DIR, "") or ""
        name = f"批量检查结果-{datetime.now():%Y%m%d}{suffix}"
        return str(Path(str(folder)) / name) if folder else name

    def export_xlsx(self, path=None) -> Path | None:
        """Write the results to an Excel workbook (汇总 / 问题明细 / 缺报单位 …)."""
        items = self.model.items()
        if not items:
            if path is None:
                QMessageBox.information(self, "导出 Excel", "还没有检查结果。")
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "导出 Excel 汇总表", self._default_name(".xlsx"),
                                                  "Excel 工作簿 (*.xlsx)")
            if not path:
                return None
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
        try:
            out = write_batch_xlsx(items, path, expected=self.units, year=self.year)
        except (OSError, ValueError) as e:
            QMessageBox.warning(self, "导出 Excel", f"无法写入「{Path(path).name}」：{e}")
            return None
        self.progress_label.setText(f"已导出：{out}")
        return out

    def summary_html(self) -> str:
        rows = [self.model.rows[r] for r in self.visible_rows()]
        return summary_html(rows, self.coverage(), self.proxy.status, self.search_edit.text())

    def _document(self):
        from PySide6.QtGui import QTextDocument

        doc = QTextDocument()
        font = QFont(_cjk_family())
        font.setPointSizeF(9.5)
        doc.setDefaultFont(font)
        doc.setHtml(self.summary_html())
        return doc

    def _printer(self):
        from PySide6.QtCore import QMarginsF
        from PySide6.QtGui import QPageLayout, QPageSize
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        printer.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter)
        printer.setDocName("批量检查结果")
        printer.setCreator("政府信息公开工作年度报告核查工具")
        return printer

    def save_pdf(self, path=None) -> Path | None:
        """The summary (the rows as shown: filter and order) as a PDF, written atomically."""
        from PySide6.QtPrintSupport import QPrinter

        from core.fileio import atomic_path

        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "保存为 PDF", self._default_name(".pdf"), "PDF 文件 (*.pdf)")
            if not path:
                return None
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
        path = Path(path)
        doc = self._document()
        try:
            with atomic_path(path) as tmp:
                printer = self._printer()
                printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
                printer.setOutputFileName(str(tmp))
                doc.print_(printer)
        except (OSError, ValueError) as e:
            QMessageBox.warning(self, "保存为 PDF", f"无法写入「{path.name}」：{e}")
            return None
        self.progress_label.setText(f"已保存：{path}")
        return path

    def print_summary(self) -> None:
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        doc = self._document()
        dialog = QPrintPreviewDialog(self._printer(), self)
        dialog.setWindowTitle("打印批量检查结果")
        dialog.paintRequested.connect(doc.print_)
        dialog.resize(1000, 720)
        dialog.exec()

    # ------------------------------------------------------------------------ drag & drop
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)

    @Slot()
    def shutdown(self) -> None:
        """Cancel and wait for the background thread (closing the window, quitting the program)."""
        if self.is_running():
            self.cancel()
            thread = self._thread
            if thread is not None and not thread.wait(15_000):  # pragma: no cover - a file that hangs
                log.warning("批量检查线程未能及时结束")

    @Slot()
    def _quit(self) -> None:
        """The program ends: stop the thread, then the worker processes kept for the next batch."""
        self.shutdown()
        shutdown_pool()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)


# ------------------------------------------------------------------------------------------ html


def _e(text) -> str:
    return html.escape(str(text if text is not None else "")).replace("\n", "<br>")


def _badge(status: str, text: str) -> str:
    bg, fg = CSS[status]
    return f"<span style='background-color:{bg};color:{fg};font-weight:bold'>&nbsp;{_e(text)}&nbsp;</span>"


def _cjk_family() -> str:
    try:
        from gui.printing import cjk_family

        return cjk_family()
    except Exception:  # noqa: BLE001 - the default font then
        return QFont().family()


def _hint_html() -> str:
    return ("<p style='color:#57606a'>选择左侧的一个文件，这里按表格和章节列出它的问题（表三、第五部分……）。"
            "双击文件可打开它逐项查看和修改。</p>")


def details_html(path: Path, item: BatchItem | None, state: str = "done", unit: str | None = None,
                 have_units: bool = False) -> str:
    """The breakdown of one file: its problems grouped by the table or section they are in."""
    path = Path(path)
    out = [f"<h3 style='margin-bottom:2px'>{_e(item.unit if item else unit_from_filename(path) or path.stem)}</h3>",
           f"<p style='color:#57606a;margin-top:0'>{_e(path.name)}<br>{_e(str(path.parent))}</p>"]
    if item is None:
        out.append("<p><i>" + {"running": "正在检查…", "cancelled": "已取消，尚未检查。"}.get(state, "尚未检查。") + "</i></p>")
        return "".join(out)
    if have_units:
        out.append(f"<p>名单中的单位：<b>{_e(unit)}</b></p>" if unit else
                   "<p>名单中的单位：<b style='color:#8b0000'>（不在名单中）</b></p>")
    if not item.readable:
        out.append(f"<p>{_badge('unreadable', '✕ 无法读取')}</p><p style='color:#8b0000'><b>{_e(item.error)}</b></p>")
        return "".join(out)
    bits = [f"{item.year} 年度" if item.year else "年度未知", item.format_name or "格式未能判断"]
    out.append(f"<p>{_e(' · '.join(bits))}</p>")
    if item.previous:
        out.append(f"<p>已与上年报告对比：{_e(Path(item.previous).name)}</p>")
    out.append(f"<p>{_badge(item.status, item.status_label)}&nbsp; {item.errors} 个错误，{item.warnings} 个警告，"
               f"{item.infos} 条提示</p>")
    if item.status == "unrecognized":
        out.append("<p style='color:#8b0000'><b>✕ 文件中没有找到年度报告的章节或三张统计表，可能不是年度报告，"
                   "或表格格式与标准格式相差太大。请打开文件确认。</b></p>")
    elif not item.findings:
        out.append("<p style='color:#1e6b30'><b>✓ 没有发现问题。</b></p>")
        return "".join(out)
    summary = item.problem_summary()
    if summary:
        out.append(f"<p><b>问题所在：</b>{_e(summary)}</p>")
    groups: dict[str, list[int]] = {}
    for k, place in enumerate(item.places):
        groups.setdefault(place, []).append(k)
    sev_rank = {ERROR: 0, WARNING: 1, INFO: 2}
    for place in sorted(groups, key=place_key):
        ks = sorted(groups[place], key=lambda k: sev_rank.get(item.findings[k].get("severity"), 3))
        ne = sum(1 for k in ks if item.findings[k].get("severity") == ERROR)
        nw = sum(1 for k in ks if item.findings[k].get("severity") == WARNING)
        status = "error" if ne else ("warning" if nw else None)
        counts = "、".join(([f"{ne} 个错误"] if ne else []) + ([f"{nw} 个警告"] if nw else [])) or "提示"
        title = f"{STATUS_MARK[status] + ' ' if status else ''}{place_long(place)}：{counts}"
        if status:
            bg, fg = CSS[status]
            out.append(f"<h4 style='background-color:{bg};color:{fg};margin-bottom:2px'>&nbsp;{_e(title)}</h4>")
        else:
            out.append(f"<h4 style='color:#1a5fb4;margin-bottom:2px'>{_e(title)}</h4>")
        out.append("<ul style='margin-top:2px'>")
        for k in ks:
            f = item.findings[k]
            sev = f.get("severity")
            mark = {ERROR: "✕", WARNING: "⚠"}.get(sev, "i")
            color = {ERROR: "#8b0000", WARNING: "#6b4200"}.get(sev, "#1a5fb4")
            cells = item.cell_names[k] if k < len(item.cell_names) else ""
            loc = f.get("location") or ""
            extra = ""
            if cells:
                extra += f"<br><span style='color:#57606a'>单元格：{_e(cells)}</span>"
            if loc:
                extra += f"<br><span style='color:#57606a'>原文位置：{_e(loc)}</span>"
            out.append(f"<li><b style='color:{color}'>{mark} {_e(SEVERITY_ZH.get(sev, sev))}</b> "
                       f"<span style='color:#57606a'>{_e(f.get('code'))}</span> {_e(f.get('message'))}{extra}</li>")
        out.append("</ul>")
    return "".join(out)


def summary_html(rows, cov=None, status_filter: str = "all", search: str = "") -> str:
    """The printable summary: counts, the coverage, one line per file (rows as shown)."""
    now = datetime.now().strftime("%Y-%m-%d %H:%M")
    items = [r.item for r in rows if r.item is not None]
    c = {k: sum(1 for i in items if i.status == k) for k in STATUS_ZH}
    out = ["<h2>政府信息公开工作年度报告 批量检查结果</h2>",
           f"<p>检查时间：{_e(now)}　文件数：{len(rows)}　"
           f"✕ 有错误 {c['error']}　✕ 无法读取 {c['unreadable']}　⚠ 有警告 {c['warning']}　✓ 通过 {c['ok']}</p>"]
    filt = []
    if status_filter and status_filter != "all":
        filt.append("只列出：" + dict((k, lbl) for lbl, k in STATUS_FILTERS).get(status_filter, status_filter))
    if search:
        filt.append(f"查找：{search}")
    if filt:
        out.append(f"<p style='color:#57606a'>{_e('；'.join(filt))}</p>")
    if cov is not None:
        yr = f"{cov.year} 年度" if cov.year else "该年度"
        out.append(f"<p><b>报送情况（{_e(yr)}）：</b>名单 {len(cov.expected)} 个单位，已报送 {len(cov.reported)} 个，"
                   f"缺报 {len(cov.missing)} 个。</p>")
        if cov.missing:
            out.append(f"<p><b style='color:#8b0000'>✕ 缺报单位：</b>{_e('、'.join(cov.missing))}</p>")
        if cov.unknown:
            out.append("<p><b>不在名单中的报告：</b>" + _e("、".join(
                f"{i.agency or i.unit or '（未知）'}（{i.name}）" for i in cov.unknown)) + "</p>")
    out.append("<table border='1' cellspacing='0' cellpadding='3' width='100%' style='border-collapse:collapse'>")
    out.append("<tr style='background-color:#1f3864;color:#ffffff'>" + "".join(
        f"<th>{h}</th>" for h in ("序号", "单位", "年度", "格式", "错误", "警告", "状态", "问题所在 / 无法读取的原因", "文件")) + "</tr>")
    for n, r in enumerate(rows, 1):
        it = r.item
        if it is None:
            cells = [n, unit_text(None, r.path), "", "", "", "", "未检查", "", r.path.name]
            status = None
        else:
            cells = [n, unit_text(it, r.path), it.effective_year or "", format_label(it, short=True) if it.readable else "",
                     it.errors if it.readable else "", it.warnings if it.readable else "", it.status_label,
                     it.error or it.problem_summary(), it.name]
            status = it.status
        tds = []
        for k, v in enumerate(cells):
            style = ""
            if k == 6 and status in CSS and status != "ok":
                bg, fg = CSS[status]
                style = f" style='background-color:{bg};color:{fg};font-weight:bold'"
            elif status in BAD:
                style = " style='color:#8b0000'"
            tds.append(f"<td{style}>{_e(v)}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    return "".join(out)


# ------------------------------------------------------------------------------------ entry point


def open_batch_window(parent=None, paths=None) -> BatchWindow:
    """Show the batch window (one per parent window) and check ``paths`` (files or folders)."""
    win = getattr(parent, "_batch_window", None) if parent is not None else None
    if not isinstance(win, BatchWindow):
        win = BatchWindow(parent)
        if parent is not None:
            try:
                parent._batch_window = win
            except (AttributeError, TypeError):  # pragma: no cover
                pass
    win.show()
    win.raise_()
    win.activateWindow()
    if paths:
        win.add_paths([str(p) for p in paths])
    return win


__all__ = ["BatchWindow", "BatchModel", "BatchFilter", "open_batch_window", "details_html", "summary_html",
           "COLUMNS", "STATUS_FILTERS"]
