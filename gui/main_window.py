"""The window a clerk works in.

It shows what the core returns — the report's identity, the six sections, the three tables as
their official grids with the faulty cells marked, the findings, the text — and lets the clerk
correct cells: every edit re-runs the rules at once (``CheckResult.recheck``), can be undone,
and is kept for the export. No arithmetic and no label lives here.

Public API (used by the batch window and by tests):

    window.open_path(path)        read and check a file in the background, then show it
    window.open_paths(paths)      several files / folders: the first here, the batch view offered
    window.show_result(result)    show an already checked ``CheckResult``
    window.result / .original     the current check (with the edits) / the check of the file
    window.edits                  {(table, row, col): text} — the clerk's edits
    window.set_cell_text(key, text), apply_suggestion(finding)
    window.apply_all_suggestions()  in the background; suggestionsApplied(n) when done
    window.select_finding(finding), next_finding(), previous_finding()
    window.export(kind, path=None), save_summary_pdf(path=None), print_summary()
    window.is_busy()
    signals: resultShown(CheckResult), loadFailed(str), suggestionsApplied(int)
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from core import __version__
from core.findings import ERROR, SEVERITY_ZH, WARNING, Finding
from core.model import Paragraph
from core.resources import resources_dir, sample_reports
from core.formats.naming import cell_name
from core.session import CheckSession

from .common import DISPLAY_NAME, log_file, open_filter, readable_suffixes, settings, unexpected_error_text, window_factory
from .findings_panel import FindingsPanel
from .models import (
    SEVERITY_GLYPH,
    GridModel,
    cell_marks,
    finding_key,
    label_marks,
    label_refs,
    finding_table,
    suggested_text,
    table_keys,
    table_layout,
    table_name,
    target_key,
)
from .views import HeaderBar, Legend, OutlineView, SectionTextView, TablePage, WelcomePage
from .workers import check_file, submit

log = logging.getLogger(__name__)

RECENT_KEY = "recent/files"
RECENT_MAX = 10
EXPORT_KINDS = (
    ("corrected", "更正后的文件(&C)…", "导出更正后的文件",
     "原文件的副本，修改过的单元格以修订（可接受/拒绝）的方式写入"),
    ("standard", "标准格式文件(&S)…", "导出标准格式文件", "按 2021 年统一格式重新排版的报告，六个部分和三张表齐全"),
    ("xlsx", "Excel 联动表(&X)…", "导出 Excel 联动表", "三张表的 Excel 文件，总计以公式自动计算"),
    ("blank", "空白模板(&B)…", "导出空白模板", "下一年度使用的空白报告模板"),
)
FILTERS = {".docx": "Word 文档 (*.docx)", ".xlsx": "Excel 工作簿 (*.xlsx)", ".pdf": "PDF 文件 (*.pdf)"}


def expand_paths(paths) -> list[Path]:
    """Files as given, folders replaced by the reports in them (the core decides which)."""
    from core.batch import expand_paths as expand

    return [Path(p) for p in expand([str(p) for p in paths])]


def ask_unsaved(parent, name: str, count: int) -> str:
    """Ask what to do with edits not yet exported: "export", "discard" or "cancel"."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("修改尚未导出")
    box.setText(f"您在「{name}」中修改了 {count} 个单元格，这些修改还没有导出。")
    box.setInformativeText("原文件不会被修改。如果不导出，这些修改将会丢失。")
    export = box.addButton("导出更正后的文件…", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("不导出", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(export)
    box.exec()
    clicked = box.clickedButton()
    if clicked is export:
        return "export"
    if clicked is discard:
        return "discard"
    return "cancel"


def confirm_suggestions(parent, plan) -> bool:
    """Show the suggested values that "apply all" would fill in (cell, old → new) and ask."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("全部应用建议值")
    box.setText(f"将把以下 {len(plan)} 个单元格改为建议值（原文件不会被修改，可一步撤销）：")
    lines = [f"{s.name}：{s.old.strip() or '（空白）'} → {s.new}" for s in plan]
    box.setInformativeText("\n".join(lines[:12]) + (f"\n……等 {len(lines)} 处" if len(lines) > 12 else ""))
    if len(lines) > 12:
        box.setDetailedText("\n".join(lines))
    ok = box.addButton("全部应用", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(ok)
    box.exec()
    return box.clickedButton() is ok


def changes_notes(changes: dict) -> list[str]:
    """What a corrected copy changed besides the clerk's cells, said in the export dialog: the
    standard headings written in and the 【待补充】 sections added are news to the clerk."""
    out = []
    if changes.get("cells"):
        out.append(f"已用修订（可在 Word/WPS 中接受或拒绝）改动 {changes['cells']} 个单元格。")
    if changes.get("headings"):
        out.append(f"已把 {changes['headings']} 个章节标题改为或补上标准标题。")
    if changes.get("sections"):
        out.append(f"已为缺少的 {changes['sections']} 个部分插入标题和「【待补充】」占位文字，请补写内容。")
    return out


def recent_label(path: str) -> str:
    """A recent file as the clerk tells it apart from its namesakes: the name and its folder
    (「报告.docx — D:\\年报\\2024」), the folder shortened in the middle when long."""
    p = Path(path)
    folder = str(p.parent)
    if len(folder) > 40:
        folder = folder[:18] + "…" + folder[-20:]
    return f"{p.name} — {folder}"




class SetCellsCommand(QUndoCommand):
    """Cells changing text. A state is the edit's text, or None for "as in the file"."""

    def __init__(self, window: "MainWindow", changes: dict, text: str):
        super().__init__(text)
        self.window = window
        self.changes = changes  # key -> (old state, new state)

    def redo(self) -> None:
        self.window._apply_states({k: new for k, (_, new) in self.changes.items()})

    def undo(self) -> None:
        self.window._apply_states({k: old for k, (old, _) in self.changes.items()})


class MainWindow(QMainWindow):
    resultShown = Signal(object)  # the CheckResult just shown (a freshly opened file)
    loadFailed = Signal(str)  # the message shown when a file could not be read
    exportDone = Signal(object)  # the list of paths an export wrote
    exportFailed = Signal(str)  # the message shown when an export could not be written
    suggestionsApplied = Signal(int)  # "apply all" finished: the number of cells changed (0: none or cancelled)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.session: CheckSession | None = None  # the file's check and the clerk's edits
        self._exporting = 0
        self._planning = None  # "apply all" choosing its suggestions in the background: the task
        self._after_export = None  # what to do once the export asked for by "unsaved edits" is written
        self.checked_at = ""
        self.last_recheck_ms = 0.0
        self._serial = 0
        self._pending: dict[int, Path] = {}
        self._grid_models: dict[str, GridModel] = {}
        self._grid_pages: dict[str, TablePage] = {}
        self._tab_of: dict[str, int] = {}
        self._text_tab = -1
        self.pdf_view, self._pdf_tab = None, -1
        self._block_of_pos: dict = {}
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.settings = settings()

        self.setWindowTitle(DISPLAY_NAME)  # Qt appends the display name to other titles itself
        self.setAcceptDrops(True)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_central()
        self._build_statusbar()
        self._update_actions()
        self._refresh_recent()
        from gui.crossyear import install as _install_crossyear  # last year's report, the archive

        self.crossyear = _install_crossyear(self)

    # the file's check, the check with the edits, the edits: all held by the session
    @property
    def original(self):
        return self.session.original if self.session is not None else None

    @property
    def result(self):
        return self.session.result if self.session is not None else None

    @property
    def edits(self) -> dict[tuple[str, str, str], str]:
        return self.session.edits if self.session is not None else {}

    def _clean_changed(self, clean: bool) -> None:
        if "[*]" in self.windowTitle():
            self.setWindowModified(not clean)
        self._update_edit_label()

    def _update_edit_label(self) -> None:
        n = len(self.edits)
        if not n:
            self.edit_label.setText("")
        elif self.undo_stack.isClean():
            self.edit_label.setText(f"已修改 {n} 个单元格（已导出）")
        else:
            self.edit_label.setText(f"已修改 {n} 个单元格（尚未导出）")

    # ============================================================================ building
    def _action(self, text: str, slot, shortcut=None, tip: str = "", icon=None) -> QAction:
        a = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                a.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setStatusTip(tip)
            a.setToolTip(tip)
        if icon is not None:
            a.setIcon(self.style().standardIcon(icon))
        a.triggered.connect(lambda _=False: slot())
        self.addAction(a)  # shortcuts work even when the menu bar is hidden
        return a

    def _build_actions(self) -> None:
        SP = QStyle.StandardPixmap
        self.act_open = self._action("打开(&O)…", self.open_dialog, QKeySequence.StandardKey.Open,
                                     "打开一个年度报告（.docx / .xlsx / .pdf / 网页）", SP.SP_DialogOpenButton)
        self.act_close = self._action("关闭报告(&W)", self.close_report, QKeySequence.StandardKey.Close,
                                      "关闭当前报告，回到起始页")
        self.act_batch = self._action("批量检查(&B)…", self.open_batch, "Ctrl+B",
                                      "一次检查多个报告，列出每个报告的问题数")
        self.act_batch_folder = self._action("批量检查文件夹(&F)…", self.open_batch_folder, None,
                                             "检查一个文件夹（含子文件夹）中的全部报告")
        self.act_print = self._action("打印(&P)…", self.print_summary, QKeySequence.StandardKey.Print,
                                      "打印检查结果（先显示打印预览）", None)
        self.act_pdf = self._action("保存检查报告为 PDF(&D)…", self.save_summary_pdf, "Ctrl+Shift+P",
                                    "把检查结果保存为 PDF 文件，便于存档或发送")
        self.act_zoom_in = self._action("放大(&I)", lambda: self.zoom(1), QKeySequence.StandardKey.ZoomIn,
                                        "放大表格和正文的字（Ctrl+滚轮）")
        self.act_zoom_out = self._action("缩小(&U)", lambda: self.zoom(-1), QKeySequence.StandardKey.ZoomOut,
                                         "缩小表格和正文的字（Ctrl+滚轮）")
        self.act_zoom_reset = self._action("实际大小(&R)", lambda: self.zoom(0), "Ctrl+0", "恢复默认字号")
        self.act_zoom_in.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.act_quit = self._action("退出(&X)", self.close, "Ctrl+Q", "退出程序")
        self.act_export = {}
        for kind, text, _title, tip in EXPORT_KINDS:
            self.act_export[kind] = self._action(text, lambda k=kind: self.export(k), None, tip)
        self.act_export["corrected"].setShortcut(QKeySequence("Ctrl+E"))
        self.act_export["corrected"].setIcon(self.style().standardIcon(SP.SP_DialogSaveButton))

        self.act_undo = self.undo_stack.createUndoAction(self, "撤销(&U)")
        self.act_undo.setShortcuts([QKeySequence.StandardKey.Undo])
        self.act_undo.setIcon(self.style().standardIcon(SP.SP_ArrowBack))
        self.act_redo = self.undo_stack.createRedoAction(self, "重做(&R)")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.act_redo.setIcon(self.style().standardIcon(SP.SP_ArrowForward))
        self.addAction(self.act_undo)
        self.addAction(self.act_redo)
        self.act_apply = self._action("应用建议值(&A)", self.apply_suggestion, ["Ctrl+Return", "Ctrl+Enter"],
                                      "把所选问题的建议值填入对应单元格", SP.SP_DialogApplyButton)
        self.act_apply_all = self._action("全部应用建议值(&L)", self.apply_all_suggestions, "Ctrl+Shift+Return",
                                          "把所有问题的建议值一次填入（可一步撤销）")
        self.act_revert = self._action("撤销全部修改(&V)", self.revert_all, None, "把所有单元格恢复为原文件中的内容")

        self.act_next = self._action("下一个问题(&N)", self.next_finding, "F8", "转到下一个问题", SP.SP_ArrowDown)
        self.act_prev = self._action("上一个问题(&P)", self.previous_finding, "Shift+F8", "转到上一个问题",
                                     SP.SP_ArrowUp)
        self.act_findings = self._action("转到问题列表(&L)", self.focus_findings, "Ctrl+L", "把键盘焦点移到问题列表")
        self.act_tabs = []
        for i in range(5):
            self.act_tabs.append(self._action(f"第{i + 1}个标签页", lambda i=i: self._goto_tab(i), f"Ctrl+{i + 1}"))
        self.act_filter = {}
        for sev, text, key in ((None, "显示全部问题(&A)", "Ctrl+0"), (ERROR, "只显示错误(&E)", None),
                               (WARNING, "只显示警告(&W)", None)):
            self.act_filter[sev] = self._action(text, lambda s=sev: self.findings.set_filter(s), key)
        self.act_help = self._action("使用说明(&H)", self.show_help, QKeySequence.StandardKey.HelpContents)
        self.act_log = self._action("打开日志文件夹(&G)", self.open_log_folder, None, "出错时请把日志文件发给技术支持")
        self.act_about = self._action("关于(&A)", self.show_about)

    def _build_menus(self) -> None:
        mb = self.menuBar()
        m = mb.addMenu("文件(&F)")
        m.addAction(self.act_open)
        self.recent_menu = m.addMenu("最近打开的文件(&R)")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.samples_menu = m.addMenu("打开示例报告(&M)")
        self.samples_menu.aboutToShow.connect(self._fill_samples_menu)
        m.addAction(self.act_close)
        m.addSeparator()
        self.export_menu = m.addMenu("导出(&E)…")
        for kind, *_ in EXPORT_KINDS:
            self.export_menu.addAction(self.act_export[kind])
        m.addSeparator()
        self.batch_available = _batch_available()
        m.addAction(self.act_batch)
        m.addAction(self.act_batch_folder)
        self.act_batch.setVisible(self.batch_available)
        self.act_batch_folder.setVisible(self.batch_available)
        self.act_batch.setEnabled(self.batch_available)
        self.act_batch_folder.setEnabled(self.batch_available)
        m.addSeparator()
        m.addAction(self.act_print)
        m.addAction(self.act_pdf)
        m.addSeparator()
        m.addAction(self.act_quit)

        e = mb.addMenu("编辑(&E)")
        e.addAction(self.act_undo)
        e.addAction(self.act_redo)
        e.addSeparator()
        e.addAction(self.act_apply)
        e.addAction(self.act_apply_all)
        e.addAction(self.act_revert)

        v = mb.addMenu("查看(&V)")
        v.addAction(self.act_next)
        v.addAction(self.act_prev)
        v.addAction(self.act_findings)
        v.addSeparator()
        for a in self.act_filter.values():
            v.addAction(a)
        v.addSeparator()
        v.addAction(self.act_zoom_in)
        v.addAction(self.act_zoom_out)
        v.addAction(self.act_zoom_reset)
        v.addSeparator()
        self.tabs_menu = v.addMenu("转到(&T)")
        self.tabs_menu.aboutToShow.connect(self._fill_tabs_menu)

        h = mb.addMenu("帮助(&H)")
        h.addAction(self.act_help)
        h.addAction(self.act_log)
        h.addSeparator()
        h.addAction(self.act_about)

    def _build_toolbar(self) -> None:
        tb = QToolBar("工具栏", self)
        tb.setObjectName("MainToolBar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.addAction(self.act_open)
        export_button = self.act_export["corrected"]
        tb.addAction(export_button)
        tb.addSeparator()
        tb.addAction(self.act_undo)
        tb.addAction(self.act_redo)
        tb.addSeparator()
        tb.addAction(self.act_prev)
        tb.addAction(self.act_next)
        tb.addAction(self.act_apply)
        tb.addSeparator()
        self.act_print.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView))
        tb.addAction(self.act_print)
        for action, short in ((self.act_open, "打开"), (export_button, "导出"), (self.act_undo, "撤销"),
                              (self.act_redo, "重做"), (self.act_prev, "上一个问题"), (self.act_next, "下一个问题"),
                              (self.act_apply, "应用建议值"), (self.act_print, "打印")):
            action.setIconText(short)
        self.addToolBar(tb)
        self.toolbar = tb

    def _build_central(self) -> None:
        self.stack = QStackedWidget(self)
        self.welcome = WelcomePage(self)
        self.welcome.openRequested.connect(self.open_dialog)
        self.welcome.pathRequested.connect(self.open_path)
        self.welcome.set_samples(sample_reports())
        self.stack.addWidget(self.welcome)

        page = QWidget(self)
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        self.header = HeaderBar(page)
        self.header.filterRequested.connect(lambda s: self.findings.set_filter(s))
        box.addWidget(self.header)
        split = QSplitter(Qt.Orientation.Horizontal, page)
        split.setChildrenCollapsible(False)
        left = QSplitter(Qt.Orientation.Vertical, split)
        left.setChildrenCollapsible(False)
        self.outline = OutlineView(left)
        self.outline.sectionActivated.connect(self.show_section)
        self.findings = FindingsPanel(left)
        self.findings.findingSelected.connect(self._finding_selected)
        self.findings.selectionStateChanged.connect(self._update_actions)
        self.findings.applyRequested.connect(self.apply_suggestion)
        self.findings.applyAllRequested.connect(self.apply_all_suggestions)
        self.findings.list.activated.connect(lambda _idx: self.focus_finding_cell())
        left.addWidget(self.outline)
        left.addWidget(self.findings)
        left.setStretchFactor(0, 0)
        left.setStretchFactor(1, 1)
        self.left_split = left
        right = QWidget(split)
        rbox = QVBoxLayout(right)
        rbox.setContentsMargins(0, 4, 0, 0)
        rbox.setSpacing(0)
        self.tabs = QTabWidget(right)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("表格和正文")
        rbox.addWidget(self.tabs, 1)
        rbox.addWidget(Legend(right))
        self.text_view = SectionTextView()
        self.text_view.zoomRequested.connect(self.zoom)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        self.main_split = split
        box.addWidget(split, 1)
        self.report_page = page
        self.stack.addWidget(page)
        self.setCentralWidget(self.stack)

    def _build_statusbar(self) -> None:
        sb = self.statusBar()
        self.busy_label = QLabel("")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(160)
        self.busy_bar.setMaximumHeight(14)
        self.busy_bar.setTextVisible(False)
        sb.addPermanentWidget(self.busy_label)
        sb.addPermanentWidget(self.busy_bar)
        self.busy_label.hide()
        self.busy_bar.hide()
        self.edit_label = QLabel("")
        sb.addPermanentWidget(self.edit_label)

    def show_sized(self) -> None:
        """Show the window at a size that suits the screen (maximized on small screens)."""
        screen = QApplication.primaryScreen()
        geo = screen.availableGeometry() if screen else None
        saved = self.settings.value("window/geometry")
        if saved is not None and self.restoreGeometry(saved):
            self.show()
            return
        if geo is not None and (geo.width() <= 1440 or geo.height() <= 900):
            self.setGeometry(geo)
            self.showMaximized()
            return
        if geo is not None:
            w, h = int(geo.width() * 0.8), int(geo.height() * 0.85)
            self.resize(w, h)
            self.move(geo.x() + (geo.width() - w) // 2, geo.y() + (geo.height() - h) // 2)
        self.show()

    # ============================================================================ opening
    def open_dialog(self) -> None:
        start = self.settings.value("dialog/open_dir", "") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        path, _ = QFileDialog.getOpenFileName(self, "打开年度报告", str(start), open_filter())
        if path:
            self.settings.setValue("dialog/open_dir", str(Path(path).parent))
            self.open_path(path)

    def open_path(self, path) -> bool:
        """Read and check ``path`` in the background, then show it. Returns False if the clerk
        chose to keep the current report (unsaved edits)."""
        path = Path(path)
        if not self._may_discard(then=lambda p=path: self.open_path(p)):
            return False
        self.raise_()
        self.activateWindow()
        self._start_load(path)
        return True

    def open_paths(self, paths) -> None:
        """Files (and folders) dropped or given on the command line: the first one is opened
        here; for several, the batch view is offered."""
        files = expand_paths(paths)
        if not files:
            QMessageBox.information(self, "没有可检查的文件",
                                    "没有找到可检查的年度报告（Word、Excel、PDF、网页，或旧版 .doc/.xls）。")
            return
        readable = readable_suffixes()
        first = next((f for f in files if f.suffix.lower() in readable), files[0])
        if not self.open_path(first):
            return
        if len(files) > 1:
            self._offer_batch(files, first)

    def _offer_batch(self, files: list[Path], first: Path) -> None:
        if not self.batch_available:
            self.statusBar().showMessage(f"已打开「{first.name}」；其余 {len(files) - 1} 个文件请逐个打开。", 8000)
            return
        answer = QMessageBox.question(
            self, "多个文件",
            f"您一次拖入了 {len(files)} 个文件，已打开「{first.name}」。\n\n"
            f"是否用「批量检查」一次检查全部 {len(files)} 个文件？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer == QMessageBox.StandardButton.Yes:
            self._run_batch(files)

    def _start_load(self, path: Path) -> None:
        self._serial += 1
        serial = self._serial
        self._pending[serial] = path
        self._set_busy(f"正在读取并检查「{path.name}」…")
        log.info("检查 %s", path)
        submit(self.pool, check_file, path,
               on_done=lambda result, s=serial: self._loaded(s, result),
               on_failed=lambda exc, s=serial: self._load_failed(s, exc))

    def is_busy(self) -> bool:
        return bool(self._pending) or self._exporting > 0 or self._planning is not None

    def _set_busy(self, text: str | None) -> None:
        busy = bool(text)
        self.busy_label.setText(text or "")
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)
        if busy:
            self.stack.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.stack.unsetCursor()

    def _finish(self, serial: int) -> Path | None:
        path = self._pending.pop(serial, None)
        if not self._pending and not self._exporting and self._planning is None:
            self._set_busy(None)
        return path if serial == self._serial else None

    def _loaded(self, serial: int, result) -> None:
        if self._finish(serial) is None:
            return  # a later request superseded this one
        self.show_result(result)

    def _load_failed(self, serial: int, exc: BaseException) -> None:
        path = self._finish(serial)
        if path is None:
            return
        from core.readers import ReadError

        if isinstance(exc, ReadError):
            if exc.unexpected:
                log.error("读取 %s 时出现意外错误：%s", path, exc.detail, exc_info=(type(exc), exc, exc.__traceback__))
            else:
                log.info("无法读取 %s：%s（%s）", path, exc.reason, exc.detail)
            message = exc.message
            QMessageBox.warning(self, "无法打开文件", f"无法读取「{path.name}」。\n\n{message}")
            if exc.reason == "not_found":
                self._forget_recent(path)
        elif isinstance(exc, OSError):
            log.info("无法打开 %s：%s", path, exc)
            message = "文件不存在，或者没有权限读取它。" if isinstance(exc, (FileNotFoundError, PermissionError)) \
                else f"读取文件时出错（{exc.strerror or exc}）。"
            QMessageBox.warning(self, "无法打开文件", f"无法打开「{path.name}」。\n\n{message}")
            if isinstance(exc, FileNotFoundError):
                self._forget_recent(path)
        else:
            log.error("检查 %s 时出现意外错误", path, exc_info=(type(exc), exc, exc.__traceback__))
            message = unexpected_error_text(f"检查「{path.name}」时发生了意外错误")
            QMessageBox.critical(self, "检查时出错", message)
        self.loadFailed.emit(message)

    def show_result(self, result, ask: bool = False) -> bool:
        """Show a checked report (the file as it is: no edits). With ``ask``, the clerk is asked
        first about unsaved edits of the current report (False if they keep it)."""
        if ask and not self._may_discard(then=lambda r=result: self.show_result(r)):
            return False
        self.session = CheckSession(result)
        self.undo_stack.clear()
        self.checked_at = datetime.now().strftime("%Y-%m-%d %H:%M")
        self._block_of_pos = {
            b.pos: i for i, b in enumerate(result.document.blocks) if isinstance(b, Paragraph) and b.pos is not None
        }
        self._build_report_views(result)
        self.header.show_result(result, self.checked_at)
        self.outline.show_report(result.report)
        self._fit_outline()
        self._size_panes()
        self.findings.set_filter(None)  # a filter chosen on the last report must not hide this one's errors
        self._refresh(result, keep=None)
        first = next((finding_table(f) for f in result.findings if finding_table(f) in self._tab_of), None)
        self.tabs.setCurrentIndex(self._tab_of.get(first, 0))
        self.stack.setCurrentWidget(self.report_page)
        self.setWindowTitle(f"{Path(result.path).name}[*]")
        self.setWindowFilePath(str(result.path))
        self._add_recent(result.path)
        self.statusBar().showMessage(
            f"已检查「{Path(result.path).name}」：{result.errors} 个错误，{result.warnings} 个警告。"
            "按 F8 逐个查看问题。", 10000)
        self.findings.list.setFocus()
        self.resultShown.emit(result)
        return True

    def close_report(self) -> None:
        if self.original is None or not self._may_discard(then=self.close_report):
            return
        self.session = None
        self.undo_stack.clear()
        for i in reversed(range(self.tabs.count())):
            w = self.tabs.widget(i)
            self.tabs.removeTab(i)
            if w is not self.text_view:
                w.deleteLater()
        self._grid_models.clear()
        self._grid_pages.clear()
        self._tab_of.clear()
        self.stack.setCurrentWidget(self.welcome)
        self.setWindowModified(False)
        self.setWindowTitle(DISPLAY_NAME)
        self._refresh_recent()
        self._update_actions()

    # ============================================================================ report views
    def _build_report_views(self, result) -> None:
        report = result.report
        fmt = report.format
        old = [self.tabs.widget(i) for i in range(self.tabs.count())]
        self.tabs.clear()
        for w in old:
            if w is not self.text_view:
                w.deleteLater()
        self._grid_models.clear()
        self._grid_pages.clear()
        self._tab_of.clear()
        for tkey in table_keys(fmt):
            layout = table_layout(fmt, tkey)
            data = report.tables.get(tkey)
            found = data is not None and data.found
            model = GridModel(layout) if layout is not None and found else None
            caption = f"{table_name(tkey)}　{layout.title if layout else ''}"
            missing = "" if found else f"文件中没有找到{table_name(tkey)}（或无法识别其行列标签）。请按统一格式填写这张表。"
            page = TablePage(caption, layout if found else None, model, missing, self)
            if getattr(page, "view", None) is not None:
                page.view.zoomRequested.connect(self.zoom)
            if model is not None:
                model.setParent(page)
                model.editRequested.connect(self.set_cell_text)
                page.view.cellActivated.connect(self._cell_activated)
                self._grid_models[tkey] = model
            self._grid_pages[tkey] = page
            self._tab_of[tkey] = self.tabs.addTab(page, table_name(tkey))
        self._apply_zoom()
        grid_tables = {g: tkey for tkey, data in report.tables.items() for g in data.grids}
        self.text_view.show_report(report, grid_tables)
        self._text_tab = -1
        if result.document.kind != "xlsx":  # a workbook has tables only
            self._text_tab = self.tabs.addTab(self.text_view, "正文")
        self.pdf_view, self._pdf_tab = None, -1
        if result.document.kind == "pdf":  # the published page itself, the finding's cell boxed
            from .pdf_page import PdfPageView

            self.pdf_view = PdfPageView(result.path, self)
            self._pdf_tab = self.tabs.addTab(self.pdf_view, "原文页面")
        self.tabs.setCurrentIndex(0)

    ZOOM_STEPS = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)

    def zoom(self, step: int) -> float:
        """Text size of the tables and the text view: one step larger (+1), smaller (-1), or
        back to normal (0). Remembered for the next start."""
        if not hasattr(self, "_base_point_size"):
            self._apply_zoom()
        i = self.ZOOM_STEPS.index(self.zoom_factor) if self.zoom_factor in self.ZOOM_STEPS else 2
        i = 2 if step == 0 else max(0, min(len(self.ZOOM_STEPS) - 1, i + step))
        self.zoom_factor = self.ZOOM_STEPS[i]
        self.settings.setValue("view/zoom", self.zoom_factor)
        self._apply_zoom()
        self.statusBar().showMessage(f"显示比例 {round(self.zoom_factor * 100)}%", 3000)
        return self.zoom_factor

    def _apply_zoom(self) -> None:
        if not hasattr(self, "_base_point_size"):
            self._base_point_size = self.font().pointSizeF()
            try:
                self.zoom_factor = float(self.settings.value("view/zoom", 1.0))
            except (TypeError, ValueError):
                self.zoom_factor = 1.0
        size = self._base_point_size * self.zoom_factor
        for page in self._grid_pages.values():
            view = getattr(page, "view", None)
            if view is None:
                continue
            f = view.font()
            f.setPointSizeF(size)
            view.setFont(f)
            view.fit()
        f = self.text_view.font()
        f.setPointSizeF(size)
        self.text_view.setFont(f)

    def _size_panes(self) -> None:
        if getattr(self, "_panes_sized", False):
            return
        self._panes_sized = True
        split = self.settings.value("window/findings_split")
        if split is not None:
            self.findings.splitter.restoreState(split)
        saved = self.settings.value("window/panes")
        if saved is not None and self.main_split.restoreState(saved):
            return
        width = max(self.main_split.width(), self.width(), 800)
        left = max(380, min(520, int(width * 0.31)))
        self.main_split.setSizes([left, width - left])

    def _fit_outline(self) -> None:
        h = self.outline.fitting_height()
        self.outline.setMinimumHeight(min(h, 90))
        self.outline.setMaximumHeight(h)
        total = max(self.left_split.height(), 400)
        self.left_split.setSizes([h, total - h])

    def _refresh(self, result, keep, changed=None) -> None:
        """Show ``result`` (the file's check, or a recheck with the edits). ``changed``: the
        tables whose cell texts changed (their row heights are fitted again); None = all."""
        marks = cell_marks(result.findings)
        labels = label_marks(result.report, result.findings)
        originals = {key: self.session.file_text(key) for key in self.session.edits}
        for tkey, model in self._grid_models.items():
            model.set_state(result.report, marks, originals, labels, self.session.derived)
            if changed is None or tkey in changed:
                self._grid_pages[tkey].view.fit()
        self.header.show_counts(result)
        kept = self.findings.set_findings(result.findings, result.report.format, keep)
        self._update_tab_titles(result)
        if kept is not None:
            self._show_finding(kept, switch=False)
        else:
            self.text_view.highlight(None)
        self._update_actions()
        QTimer.singleShot(0, self._update_edit_label)  # the undo stack's index moves after redo()

    def _update_tab_titles(self, result) -> None:
        counts: dict[str, dict[str, int]] = {}
        for f in result.findings:
            t = finding_table(f)
            if t:
                counts.setdefault(t, {}).setdefault(f.severity, 0)
                counts[t][f.severity] += 1
        for tkey, idx in self._tab_of.items():
            c = counts.get(tkey, {})
            marks = "".join(f" {SEVERITY_GLYPH[s]}{c[s]}" for s in (ERROR, WARNING) if c.get(s))
            self.tabs.setTabText(idx, f"{table_name(tkey)}{marks}")
            tip = "，".join(f"{n} 个{SEVERITY_ZH[s]}" for s, n in c.items())
            self.tabs.setTabToolTip(idx, tip or "没有问题")
        text_marks = [f for f in result.findings if f.paragraph is not None and not f.cells]
        if self._text_tab >= 0:
            self.tabs.setTabText(self._text_tab, f"正文 ({len(text_marks)})" if text_marks else "正文")

    def _update_actions(self) -> None:
        has = self.result is not None
        for a in (self.act_close, self.act_print, self.act_pdf, self.act_next, self.act_prev, self.act_findings,
                  self.act_revert, *self.act_filter.values()):
            a.setEnabled(has)
        for a in self.act_export.values():  # one export at a time
            a.setEnabled(has and not self._exporting)
        self.export_menu.setEnabled(has and not self._exporting)
        f = self.findings.current_finding() if has else None
        self.act_apply.setEnabled(f is not None and suggested_text(f) is not None)
        self.act_apply_all.setEnabled(has and self._planning is None
                                      and any(suggested_text(g) is not None for g in self.result.findings))
        self.act_revert.setEnabled(bool(self.edits))

    def _goto_tab(self, i: int) -> None:
        if self.stack.currentWidget() is self.report_page and 0 <= i < self.tabs.count():
            self.tabs.setCurrentIndex(i)
            page = self.tabs.currentWidget()
            view = getattr(page, "view", None)
            (view or page).setFocus()

    def _fill_tabs_menu(self) -> None:
        self.tabs_menu.clear()
        for i in range(self.tabs.count()):
            a = self.tabs_menu.addAction(f"&{i + 1} {self.tabs.tabText(i)}")
            a.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            a.triggered.connect(lambda _=False, i=i: self._goto_tab(i))

    # ============================================================================ findings
    def _finding_selected(self, f: Finding | None) -> None:
        self._update_actions()
        if f is None:
            self.text_view.highlight(None)
            return
        self._show_finding(f, switch=True)

    def _show_finding(self, f: Finding, switch: bool) -> None:
        keys = [(c.table, c.row, c.col) for c in f.cells]
        tgt = target_key(f)
        if tgt is not None and tgt not in keys:
            keys.append(tgt)
        table = keys[0][0] if keys else (f.table or finding_table(f))
        block = f.paragraph
        if block is None:
            block = next((self._block_of_pos[p] for p in f.positions if p in self._block_of_pos), None)
        for tkey, page in self._grid_pages.items():
            if page.view is not None and tkey != table:
                page.view.clearSelection()
        if keys and table in self._grid_pages and self._grid_pages[table].view is not None:
            if switch:
                self.tabs.setCurrentIndex(self._tab_of[table])
            self._grid_pages[table].view.select_keys(keys, focus=tgt or keys[0])
            self.text_view.highlight(None)
        elif (refs := label_refs(self.result.report, f)) and refs[0][0] in self._grid_pages \
                and self._grid_pages[refs[0][0]].view is not None:
            if switch:
                self.tabs.setCurrentIndex(self._tab_of[refs[0][0]])
            self._grid_pages[refs[0][0]].view.select_labels([(k, key) for t, k, key in refs if t == refs[0][0]])
            self.text_view.highlight(None)
        elif block is not None and self._text_tab >= 0 and self.text_view.has_block(block):
            if switch:
                self.tabs.setCurrentIndex(self._text_tab)
            self.text_view.highlight(block, f.severity, getattr(f, "span", None) or f.actual)
        elif table in self._tab_of:
            if switch:
                self.tabs.setCurrentIndex(self._tab_of[table])
            self.text_view.highlight(None)
        elif f.section and self._text_tab >= 0 and self.text_view.scroll_to_section(f.section):
            if switch:
                self.tabs.setCurrentIndex(self._text_tab)
        # the outline follows findings about a section itself, not those about table cells
        self.outline.select_section(None if keys or label_refs(self.result.report, f) else f.section)
        self._show_on_page(f, keys)

    def _show_on_page(self, f: Finding, keys) -> None:
        """A published PDF: turn its page view to where the finding stands, the cell boxed."""
        if self.pdf_view is None:
            return
        positions = []
        for key in keys:
            cell = self.result.report.cell(*key)
            if cell is not None and cell.pos is not None:
                positions.append(cell.pos)
        positions += list(f.positions)
        pos = next((p for p in positions if getattr(p, "page", None)), None)
        if pos is None:
            return
        what = f.location or ""
        if self.pdf_view.show_box(pos.page, getattr(pos, "box", None), what):
            self.tabs.setTabText(self._pdf_tab, f"原文第 {pos.page} 页")

    def select_finding(self, f: Finding) -> bool:
        """Select ``f`` in the list and show its cells or text (as a click would)."""
        return self.findings.select_finding(f)

    def next_finding(self) -> Finding | None:
        return self.findings.step(1)

    def previous_finding(self) -> Finding | None:
        return self.findings.step(-1)

    def focus_findings(self) -> None:
        self.findings.list.setFocus()

    def focus_finding_cell(self) -> None:
        """Enter on a finding: put the keyboard in its cell, ready to type the right value."""
        f = self.findings.current_finding()
        if f is None:
            return
        key = target_key(f) or ((f.cells[0].table, f.cells[0].row, f.cells[0].col) if f.cells else None)
        page = self._grid_pages.get(key[0]) if key else None
        if page is None or page.view is None:
            return
        self.tabs.setCurrentIndex(self._tab_of[key[0]])
        idx = page.view.model().index_of(key)
        if idx.isValid():
            page.view.setCurrentIndex(idx)
            page.view.setFocus()

    def _cell_activated(self, key) -> None:
        """A cell the clerk clicked: if a finding names it, show that finding's text."""
        if self.result is None:
            return
        current = self.findings.current_finding()
        if current is not None and any((c.table, c.row, c.col) == key for c in current.cells):
            return
        for f in self.result.findings:
            if target_key(f) == key or any((c.table, c.row, c.col) == key for c in f.cells):
                self.findings._select(f, silent=True)
                self._update_actions()
                return

    def show_section(self, key: str) -> None:
        if self._text_tab >= 0 and self.text_view.scroll_to_section(key):
            self.tabs.setCurrentIndex(self._text_tab)
        elif key in self._tab_of:
            self.tabs.setCurrentIndex(self._tab_of[key])
        else:
            self.statusBar().showMessage("文中没有找到这一部分的标题。", 5000)

    # ============================================================================ editing
    def set_cell_text(self, key, text: str) -> bool:
        """Give a cell new text (undoable); the rules run again at once. False if nothing changed."""
        if self.session is None:
            return False
        key = tuple(key)
        changes = self.session.changes_for({key: "" if text is None else str(text)})
        if not changes:
            return False
        self.undo_stack.push(SetCellsCommand(self, changes, f"修改{self.session.name(key)}"))
        return True

    def _apply_states(self, states: dict) -> None:
        current = self.findings.current_finding()
        keep = finding_key(current) if current is not None else None
        t0 = time.perf_counter()
        result = self.session.apply_states(states)
        self.last_recheck_ms = (time.perf_counter() - t0) * 1000
        log.debug("重新核对用时 %.1f 毫秒", self.last_recheck_ms)
        self.checked_at = datetime.now().strftime("%Y-%m-%d %H:%M")
        changed = {key[0] for key in states} | {key[0] for key in self.session.derived}
        self._refresh(result, keep, changed=changed)
        self.statusBar().showMessage(
            f"已重新核对：{result.errors} 个错误，{result.warnings} 个警告（用时 {self.last_recheck_ms:.0f} 毫秒）。", 6000)

    def refresh_result(self) -> None:
        """Show the session's result again after the session changed otherwise than by a cell
        edit (e.g. the copy threshold of the comparison with last year's report): the selected
        finding kept, the edits kept."""
        if self.session is None:
            return
        current = self.findings.current_finding()
        self._refresh(self.session.result, finding_key(current) if current is not None else None)

    def apply_suggestion(self, f: Finding | None = None) -> bool:
        f = f if isinstance(f, Finding) else self.findings.current_finding()
        s = self.session.suggestion(f) if f is not None and self.session is not None else None
        if s is None:
            QApplication.beep()
            self.statusBar().showMessage("所选问题没有可以自动填入的建议值。", 5000)
            return False
        if self.set_cell_text(s.key, s.new):
            self.statusBar().showMessage(f"已把{s.name}改为 {s.new}。按 Ctrl+Z 可撤销。", 8000)
            return True
        return False

    def apply_all_suggestions(self):
        """Apply the suggested values that together lower the error count. The session chooses
        them (``CheckSession.plan_all``: a recheck per suggestion tried) in the background, so the
        window never freezes; the clerk then sees the list and confirms; one undo step.
        ``suggestionsApplied(n)`` is emitted at the end (n = cells changed; 0 if none or cancelled).
        Returns the background task (None when nothing was started)."""
        if self.session is None or self._planning is not None:
            return None
        session = self.session
        basis = (session.original, session.edits)  # what the plan is computed on: changed meanwhile, it is stale
        self._set_busy("正在计算建议值…")
        self._planning = submit(self.pool, session.plan_all,
                                on_done=lambda plan: self._planned(session, basis, plan),
                                on_failed=self._plan_failed)
        self._update_actions()
        return self._planning

    def _planning_done(self) -> None:
        self._planning = None
        if not self._pending and not self._exporting:
            self._set_busy(None)
        self._update_actions()

    def _plan_failed(self, exc: BaseException) -> None:
        self._planning_done()
        log.error("计算建议值时出现意外错误", exc_info=(type(exc), exc, exc.__traceback__))
        QMessageBox.critical(self, "全部应用建议值", unexpected_error_text("计算建议值时发生了意外错误"))
        self.suggestionsApplied.emit(0)

    def _planned(self, session, basis, plan) -> None:
        self._planning_done()
        n = self._apply_plan(session, basis, plan)
        self.suggestionsApplied.emit(n)

    def _apply_plan(self, session, basis, plan) -> int:
        if self.session is not session or session.original is not basis[0] or session.edits != basis[1]:
            self.statusBar().showMessage("计算期间表格有改动，建议值没有填入。请再点一次「全部应用建议值」。", 8000)
            return 0
        if not plan:
            self.statusBar().showMessage("没有能减少问题的建议值可以自动填入。", 5000)
            return 0
        if not confirm_suggestions(self, plan):
            return 0
        changes = session.changes_for({p.key: p.new for p in plan})
        if not changes:
            return 0
        self.undo_stack.push(SetCellsCommand(self, changes, f"全部应用建议值（{len(changes)} 处）"))
        self.statusBar().showMessage(f"已应用 {len(changes)} 处建议值。按 Ctrl+Z 可一步撤销。", 8000)
        return len(changes)

    def revert_all(self) -> None:
        if not self.edits:
            return
        changes = {k: (v, None) for k, v in self.edits.items()}
        self.undo_stack.push(SetCellsCommand(self, changes, "撤销全部修改"))

    # ============================================================================ unsaved edits
    def has_unsaved_edits(self) -> bool:
        return self.session is not None and self.session.dirty and not self.undo_stack.isClean()

    def _may_discard(self, then=None) -> bool:
        """True if the current edits may go (none, exported, or the clerk agreed). If the clerk
        chose to export first, the export runs in the background and ``then`` is called once the
        file is written (False is returned meanwhile)."""
        if not self.has_unsaved_edits():
            return True
        answer = ask_unsaved(self, Path(self.original.path).name, len(self.edits))
        if answer == "discard":
            return True
        if answer == "export":
            if self.export("corrected") is not None and then is not None:
                self._after_export = then
        return False

    def closeEvent(self, event) -> None:
        if self._exporting:
            self.statusBar().showMessage("正在导出，请稍候再关闭。", 5000)
            event.ignore()
            return
        if not self._may_discard(then=self.close):
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        if getattr(self, "_panes_sized", False):
            self.settings.setValue("window/panes", self.main_split.saveState())
            self.settings.setValue("window/findings_split", self.findings.splitter.saveState())
        self.settings.sync()
        self.pool.waitForDone(3000)
        event.accept()

    # ============================================================================ drag and drop
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        # after the drop has finished (the file manager must not wait for a dialog)
        QTimer.singleShot(0, lambda: self.open_paths(paths))

    # ============================================================================ recent files
    def recent_files(self) -> list[str]:
        """The recently opened files that still exist (a file moved or deleted is dropped)."""
        value = self.settings.value(RECENT_KEY, [])
        if isinstance(value, str):
            value = [value]
        files = [str(v) for v in (value or [])]
        present = [f for f in files if Path(f).is_file()]
        if len(present) != len(files):
            self.settings.setValue(RECENT_KEY, present)
        return present

    def _add_recent(self, path) -> None:
        p = str(Path(path).resolve())
        if Path(p).parent == resources_dir() / "samples":
            return  # the bundled samples have their own menu
        files = [f for f in self.recent_files() if f != p]
        files.insert(0, p)
        self.settings.setValue(RECENT_KEY, files[:RECENT_MAX])
        self._refresh_recent()

    def _forget_recent(self, path) -> None:
        p = str(Path(path).resolve())
        self.settings.setValue(RECENT_KEY, [f for f in self.recent_files() if f != p])
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        self.welcome.set_recent(self.recent_files())

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        if not files:
            a = self.recent_menu.addAction("（没有最近打开的文件）")
            a.setEnabled(False)
            return
        for i, f in enumerate(files):
            shown = recent_label(f)
            label = f"&{i + 1} {shown}" if i < 9 else shown
            a = self.recent_menu.addAction(label)
            a.setStatusTip(f)
            a.setToolTip(f)
            a.triggered.connect(lambda _=False, f=f: self.open_path(f))
        self.recent_menu.addSeparator()
        clear = self.recent_menu.addAction("清除列表(&C)")
        clear.triggered.connect(self._clear_recent)

    def _clear_recent(self) -> None:
        self.settings.setValue(RECENT_KEY, [])
        self._refresh_recent()

    def _fill_samples_menu(self) -> None:
        self.samples_menu.clear()
        samples = sample_reports()
        if not samples:
            a = self.samples_menu.addAction("（没有找到示例报告）")
            a.setEnabled(False)
            return
        for i, p in enumerate(samples):
            a = self.samples_menu.addAction(f"&{i + 1} {p.name}")
            a.triggered.connect(lambda _=False, p=p: self.open_path(p))

    # ============================================================================ export
    def _default_folder(self) -> Path:
        src = Path(self.original.path).resolve()
        docs = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
        try:
            src.relative_to(resources_dir().resolve())
            return docs  # a bundled sample: never write into the program's folder
        except ValueError:
            pass
        saved = self.settings.value("dialog/export_dir", "")
        return src.parent if not saved else Path(saved) if Path(saved).is_dir() else src.parent

    def _ask_target(self, title: str, name: str) -> Path | None:
        """A save dialog that never accepts the original file as target."""
        from core.fileio import same_file

        suffix = Path(name).suffix.lower()
        filt = FILTERS.get(suffix, f"{suffix} 文件 (*{suffix})") + ";;所有文件 (*)"
        start = self._default_folder() / name
        while True:
            path, _ = QFileDialog.getSaveFileName(self, title, str(start), filt)
            if not path:
                return None
            target = Path(path)
            if suffix and target.suffix.lower() != suffix:
                target = target.with_name(target.name + suffix)
            if same_file(Path(self.original.path), target):
                QMessageBox.warning(self, "不能覆盖原文件",
                                    "不能把结果保存到原文件上，原文件始终保持不变。请另选一个文件名。")
                start = target.with_name(Path(name).name)
                continue
            self.settings.setValue("dialog/export_dir", str(target.parent))
            return target

    def export(self, kind: str, path=None):
        """Export the report (with the session's edits) as ``kind``: corrected, standard, xlsx or
        blank. Asks for the target if ``path`` is None. The file is written in the background
        (``exportDone(paths)`` / ``exportFailed(message)`` when it is finished; ``is_busy()`` until
        then). Returns the target path, or None if nothing is written (cancelled or refused)."""
        if self.session is None:
            return None
        from core.export import default_output_name, export_result
        from core.fileio import WriteRefused, refuse_onto

        title = next((t for k, _, t, _ in EXPORT_KINDS if k == kind), "导出")
        if path is None:
            try:
                name = Path(default_output_name(Path(self.original.path), kind)).name
            except Exception:  # noqa: BLE001 - a name is a convenience, not a reason to fail
                log.exception("default_output_name 失败")
                name = Path(self.original.path).stem + "-导出" + Path(self.original.path).suffix
            path = self._ask_target(title, name)
            if path is None:
                return None
        path = Path(path)
        try:
            refuse_onto(Path(self.original.path), path)
        except WriteRefused as e:
            QMessageBox.warning(self, "无法导出", str(e))
            return None
        # what the worker gets is a snapshot: the clerk may go on editing meanwhile
        original, edits, index = self.original, self.session.export_edits(kind), self.undo_stack.index()
        self._exporting += 1
        self._set_busy(f"正在导出「{path.name}」…")
        self._update_actions()
        submit(self.pool, export_result, original, path, kind, edits,
               on_done=lambda written: self._export_done(kind, path, index, written),
               on_failed=lambda exc: self._export_failed(path, exc))
        return path

    def _export_finished(self) -> None:
        self._exporting -= 1
        if not self._exporting and not self._pending and self._planning is None:
            self._set_busy(None)
        self._update_actions()

    def _export_done(self, kind: str, path: Path, index: int, written) -> None:
        self._export_finished()
        notes = list(getattr(written, "notes", []) or [])
        files = [Path(w) for w in written] if isinstance(written, (list, tuple)) and written else [path]
        out = files[0]
        if kind != "blank" and self.session is not None and self.undo_stack.index() == index:
            self.undo_stack.setClean()  # what was exported is what the window shows
            self._refresh(self.result, keep=finding_key(self.findings.current_finding())
                          if self.findings.current_finding() else None)
        log.info("已导出 %s（%s）", out, kind)
        self.statusBar().showMessage(f"已导出「{out.name}」到 {out.parent}", 10000)
        self.exportDone.emit(files)
        then, self._after_export = self._after_export, None
        self._exported(files, changes_notes(getattr(written, "changes", {})) + notes)
        if then is not None:
            then()

    def _export_failed(self, path: Path, exc: BaseException) -> None:
        from core.fileio import WriteRefused
        from core.readers import ReadError

        self._export_finished()
        self._after_export = None
        if isinstance(exc, WriteRefused):
            message = str(exc)
        elif isinstance(exc, ReadError):
            message = exc.message
        elif isinstance(exc, OSError):
            log.warning("导出 %s 失败：%s", path, exc)
            message = (f"无法写入「{path.name}」：{exc.strerror or exc}。\n"
                       "请检查文件夹是否可写、文件是否正在其他程序中打开。")
        else:
            log.error("导出 %s 时出现意外错误", path, exc_info=(type(exc), exc, exc.__traceback__))
            message = unexpected_error_text("导出时发生了意外错误")
            QMessageBox.critical(self, "导出时出错", message)
            self.exportFailed.emit(message)
            return
        QMessageBox.warning(self, "无法导出", message)
        self.exportFailed.emit(message)

    def _exported(self, files: list[Path], notes: list[str]) -> None:
        out = files[0]
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle("导出完成")
        box.setText("已导出" + "、".join(f"「{f.name}」" for f in files) + "。")
        info = f"保存位置：{out.parent}"
        if notes:
            info += "\n\n请注意：\n" + "\n".join(f"· {n}" for n in notes[:8])
            if len(notes) > 8:
                info += f"\n……等 {len(notes)} 条"
        box.setInformativeText(info)
        folder = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.ActionRole)
        box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
        box.exec()
        if box.clickedButton() is folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(out.parent)))

    # ============================================================================ batch
    def open_batch(self) -> None:
        start = self.settings.value("dialog/open_dir", "") or ""
        paths, _ = QFileDialog.getOpenFileNames(self, "选择要批量检查的报告", str(start), open_filter())
        if paths:
            self._run_batch([Path(p) for p in paths])

    def open_batch_folder(self) -> None:
        start = self.settings.value("dialog/open_dir", "") or ""
        folder = QFileDialog.getExistingDirectory(self, "选择要批量检查的文件夹", str(start))
        if folder:
            files = expand_paths([folder])
            if not files:
                QMessageBox.information(self, "没有可检查的文件", f"「{folder}」中没有可检查的报告文件。")
                return
            self._run_batch(files)

    def _run_batch(self, paths: list[Path]) -> None:
        opener = window_factory("batch")
        if opener is None:
            self.batch_available = False
            for a in (self.act_batch, self.act_batch_folder):
                a.setEnabled(False)
                a.setVisible(False)
            QMessageBox.information(self, "批量检查", "这个版本的程序没有包含批量检查功能。")
            return
        opener(self, [Path(p) for p in paths])

    # ============================================================================ printing
    def _summary_args(self):
        return self.result, dict(self.edits), self.checked_at, self.original, dict(self.session.derived)

    def print_summary(self) -> None:
        if self.result is None:
            return
        from .printing import print_preview

        print_preview(self, *self._summary_args())

    def save_summary_pdf(self, path=None):
        """Save the summary as a PDF (asks where if ``path`` is None). Returns the path or None."""
        if self.result is None:
            return None
        if path is None:
            path = self._ask_target("保存检查报告为 PDF", f"{Path(self.original.path).stem}-检查结果.pdf")
            if path is None:
                return None
        from core.fileio import WriteRefused

        from .printing import save_pdf

        try:
            out = save_pdf(path, *self._summary_args())
        except WriteRefused as e:
            QMessageBox.warning(self, "无法保存", str(e))
            return None
        except OSError as e:
            QMessageBox.warning(self, "无法保存", f"无法写入「{Path(path).name}」：{e.strerror or e}。")
            return None
        self.statusBar().showMessage(f"检查报告已保存为「{Path(out).name}」", 10000)
        return out

    # ============================================================================ help
    def show_help(self) -> None:
        QMessageBox.information(
            self, "使用说明",
            "1. 把年度报告（.docx 或 .xlsx）拖到窗口上，或点「文件 ▸ 打开」。\n"
            "2. 左侧是报告的六个部分和问题列表；右侧是三张统计表和正文。"
            "红色带 ✕ 的单元格是错误，黄色带 ! 的是警告，把鼠标停在单元格上可看到原因和应填的数值。\n"
            "3. 按 F8 / Shift+F8 逐个查看问题；选中问题后可点「应用建议值」自动改正。\n"
            "4. 双击单元格或直接输入数字即可修改，修改后立即重新核对；Ctrl+Z 撤销，Ctrl+Y 重做。\n"
            "5. 「文件 ▸ 导出」保存更正后的文件（原文件不会被修改）；「文件 ▸ 打印」或「保存检查报告为 PDF」"
            "输出检查结果。")

    def open_log_folder(self) -> None:
        folder = log_file().parent
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def show_about(self) -> None:
        QMessageBox.about(
            self, f"关于{DISPLAY_NAME}",
            f"<h3>{DISPLAY_NAME}</h3>"
            f"<p>版本 {__version__}</p>"
            "<p>按照《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室印发的"
            "年度报告格式（国办公开办函〔2021〕30号），核对政府信息公开工作年度报告的结构、"
            "统计表勾稽关系和正文数字。</p>"
            "<p>本程序完全离线运行，不上传任何文件，也不会修改原文件。</p>"
            f"<p style='color:#57606a'>日志文件：{log_file()}</p>")


def _batch_available() -> bool:
    """Whether this program has the batch window (``gui.app.wire`` registers it)."""
    return window_factory("batch") is not None
