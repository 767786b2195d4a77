"""Last year's report and the archive in the window, the roll-up in the batch window.

Hooks (one line each):

    MainWindow.__init__:  self.crossyear = gui.crossyear.install(self)
    BatchWindow.__init__: self.rollup = gui.crossyear.install_rollup(self)

Main window: 文件 → 对比上年报告… (the dialog: which last-year report is compared and where it came
from, choose another file or none, and the W-copy threshold — remembered in the settings and
applied at once through ``CheckSession.set_copy_threshold``, the door ``check --copy-threshold``
uses), 不对比上年报告, 本机档案…; 查看 → 显示与上年重复的文字 (the W-copy passages highlighted in
the text view). The status bar always says which last-year report is compared (a click opens the
dialog). When a report is opened and the archive is on, last year's report of the same agency is
looked up in the background and the comparison shown by itself. Batch window: 汇总表格… (the
roll-up of the checked units).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
)

from .workers import submit

log = logging.getLogger(__name__)
COPY_BG = QColor("#ffe3b3")  # repeated passages (with the word 重复 in the tooltip-free legend)
THRESHOLD_KEY = "crossyear/copy_threshold"  # percent, as the command line's --copy-threshold


def default_threshold_percent() -> int:
    from core.rules.crossyear import DEFAULT_COPY_THRESHOLD

    return round(DEFAULT_COPY_THRESHOLD * 100)


def threshold_percent(settings) -> int:
    """The W-copy threshold the clerk chose (percent, 1–100), else the core's default."""
    try:
        value = int(round(float(settings.value(THRESHOLD_KEY, default_threshold_percent()))))
    except (TypeError, ValueError):
        return default_threshold_percent()
    return max(1, min(100, value))


# ----- work done off the GUI thread ---------------------------------------------------------------


def archive_pass(result, copy_threshold=None):
    """Look last year's report up in the archive and store this one. Returns (result with the
    comparison or None, notice or None). ``copy_threshold``: a fraction, as ``with_previous`` takes it."""
    from core.archive import Archive
    from core.check import CheckResult, with_previous
    from core.rules.crossyear import SOURCE_ARCHIVE
    from core.snapshot import file_sha256, snapshot_of

    arch = Archive()
    if not arch.enabled:
        return None, arch.notice
    try:
        sha = file_sha256(result.path)
        this = snapshot_of(result.report, result.findings, file=result.path, sha256=sha)
        prev = arch.previous_for(this)
        new = None
        if prev is not None:
            new = CheckResult(result.path, result.document, result.report, list(result.findings))
            with_previous(new, prev, source=f"{SOURCE_ARCHIVE}，档案编号 {prev.archive_id}",
                          copy_threshold=copy_threshold)
        done = new or result
        arch.record(snapshot_of(done.report, done.findings, file=result.path, sha256=sha))
        return new, arch.notice
    finally:
        arch.close()


def compare_with_file(result, previous_path, copy_threshold=None):
    """``result`` compared with the report in ``previous_path`` (a new CheckResult)."""
    from core.check import CheckResult, with_previous

    new = CheckResult(result.path, result.document, result.report,
                      [f for f in result.findings if f.code not in _codes()])
    return with_previous(new, Path(previous_path), copy_threshold=copy_threshold)


def without_previous(result):
    from core.check import CheckResult

    return CheckResult(result.path, result.document, result.report,
                       [f for f in result.findings if f.code not in _codes()])


def _codes():
    from core.check import CROSSYEAR_CODES

    return CROSSYEAR_CODES


# ----- the main window --------------------------------------------------------------------------


class CrossYearActions(QObject):
    @property
    def window(self):
        return self.parent()

    def __init__(self, window):
        super().__init__(window)  # the window is the parent: no Python reference back to it (no cycle)
        self._handled: set[int] = set()
        self.notice: str | None = None
        self._archive_match = None  # (the file's check, the check compared with the archive's report)
        self.act_compare = QAction("对比上年报告(&Y)…", window)
        self.act_compare.setToolTip("查看或更换对比的上年度报告，设置重复文字的提醒比例；"
                                    "核对结转数、现行有效件数和与上年重复的文字")
        self.act_compare.triggered.connect(self.open_compare_dialog)
        self.act_none = QAction("不对比上年报告", window)
        self.act_none.triggered.connect(self.drop_previous)
        self.act_copy = QAction("显示与上年重复的文字", window)
        self.act_copy.setCheckable(True)
        self.act_copy.toggled.connect(self.show_copy)
        self.act_archive = QAction("本机档案(&A)…", window)
        self.act_archive.setToolTip("查看、删除已存档的报告，或关闭本机档案")
        self.act_archive.triggered.connect(self.open_archive)
        self._place_actions()
        self.indicator = QPushButton(window)  # which last-year report is compared; a click opens the dialog
        self.indicator.setFlat(True)
        self.indicator.setCursor(Qt.CursorShape.PointingHandCursor)
        self.indicator.setAccessibleName("对比的上年报告")
        self.indicator.clicked.connect(self.open_compare_dialog)
        window.statusBar().addPermanentWidget(self.indicator)
        window.resultShown.connect(self._shown)
        stack = getattr(window, "stack", None)
        if stack is not None:  # a report closed: nothing to compare
            stack.currentChanged.connect(lambda _i: self._update())
        self._update()

    @property
    def threshold(self) -> int:
        """The W-copy threshold in percent (the clerk's setting, else the default)."""
        return threshold_percent(self.window.settings)

    def set_threshold(self, percent: int) -> None:
        """Remember a new W-copy threshold and, when a comparison is shown, check again with it
        (the session does it; the edits stay)."""
        percent = max(1, min(100, int(percent)))
        self.window.settings.setValue(THRESHOLD_KEY, percent)
        session = self.window.session
        if session is None or session.copy_threshold is None or round(session.copy_threshold * 100) == percent:
            self._update()
            return
        result = session.set_copy_threshold(percent / 100)
        self.window.refresh_result()
        n = sum(1 for f in result.findings if f.code == "W-copy")
        self.window.statusBar().showMessage(
            f"重复文字的提醒比例改为 {percent}%：{n} 个部分超过这一比例。", 8000)
        self._update()
        if self.act_copy.isChecked():
            self.show_copy(True)

    def _place_actions(self) -> None:
        menus = {a.text(): a.menu() for a in self.window.menuBar().actions() if a.menu() is not None}
        file_menu = next((m for t, m in menus.items() if t.startswith("文件")), None)
        view_menu = next((m for t, m in menus.items() if t.startswith(("查看", "视图"))), None)
        if file_menu is not None:
            export = getattr(self.window, "export_menu", None)
            before = export.menuAction() if export is not None else None
            for a in (self.act_compare, self.act_none, self.act_archive):
                if before is not None:
                    file_menu.insertAction(before, a)
                else:
                    file_menu.addAction(a)
            if before is not None:
                file_menu.insertSeparator(before)
        if view_menu is not None:
            view_menu.addSeparator()
            view_menu.addAction(self.act_copy)

    def _update(self) -> None:
        r = getattr(self.window, "original", None)
        has = r is not None
        self.act_compare.setEnabled(has)
        cy = getattr(r, "crossyear", None) if has else None
        self.act_none.setEnabled(cy is not None)
        self.act_copy.setEnabled(cy is not None and bool(cy.copy))
        shown = has and getattr(self.window, "stack", None) is not None \
            and self.window.stack.currentWidget() is not getattr(self.window, "welcome", None)
        self.indicator.setVisible(shown)
        if not shown:
            return
        match = self.archive_match()
        if cy is None and match is not None:
            name = match.crossyear.previous.name
            self.indicator.setText(f"上年报告：未对比（本机档案中有「{name}」）")
            self.indicator.setToolTip(f"本机档案中有本机关上一年度的报告「{name}」。点击可改用它对比，或选择其他文件。")
        elif cy is None:
            self.indicator.setText("上年报告：未对比")
            self.indicator.setToolTip("没有与上年报告对比。点击选择本机关上一年度的报告。")
        elif not cy.paired:
            self.indicator.setText(f"上年报告：{cy.previous.name}（不相衔接，未核对）")
            self.indicator.setToolTip(f"所选的上年报告「{cy.previous.name}」{cy.problem}。点击选择其他文件或不对比。")
        else:
            self.indicator.setText(f"上年报告：{cy.previous.name}（{cy.source}）")
            self.indicator.setToolTip(f"{cy.previous.file}\n重复文字超过 {round(cy.threshold * 100)}% 时提醒。"
                                      "点击选择其他文件、不对比，或更改提醒比例。")

    # --- the archive, by itself ---------------------------------------------------------------

    def _shown(self, result) -> None:
        self._update()
        if id(result) in self._handled:
            if self.act_copy.isChecked():
                self.show_copy(True)
            return
        self._handled.add(id(result))
        if result.crossyear is not None:
            return
        submit(self.window.pool, archive_pass, result, self.threshold / 100,
               on_done=lambda out, r=result: self._archived(r, out),
               on_failed=lambda exc: log.warning("本机档案：%s", exc))

    def _archived(self, result, out) -> None:
        new, notice = out
        self.notice = notice
        if notice:
            self.window.statusBar().showMessage(notice, 10000)
        if new is None or self.window.original is not result:
            self._update()
            return
        self._archive_match = (result, new)
        if self.window.edits:
            self.window.statusBar().showMessage(
                f"本机档案中有上年报告「{new.crossyear.previous.name}」，可在「文件 → 对比上年报告」中改用它对比。", 10000)
            self._update()
            return
        self._show(new)

    def archive_match(self):
        """The check of the report shown compared with last year's report found in the archive
        (None if the archive found none for this file)."""
        r = self.window.original
        if self._archive_match is None or r is None or self._archive_match[0].document is not r.document:
            return None
        return self._archive_match[1]

    def use_archive_match(self) -> None:
        """Compare with the report the archive found (after the clerk chose none or another file)."""
        new = self.archive_match()
        if new is None:
            return
        if self.window.edits and not self._may_drop_edits():
            return
        self._show(new)

    def _show(self, new) -> None:
        self._handled.add(id(new))
        self.window.show_result(new)
        cy = new.crossyear
        if cy is not None and round(cy.threshold * 100) != self.threshold:
            self.set_threshold(self.threshold)  # compared before the threshold last changed
            new, cy = self.window.original, self.window.original.crossyear
        if cy is not None:
            self.window.statusBar().showMessage(
                f"已与上年报告「{cy.previous.name}」（{cy.source}）对比：{new.errors} 个错误，{new.warnings} 个警告。", 10000)
        self._update()

    # --- by hand -----------------------------------------------------------------------------------

    def choose_previous(self) -> None:
        from .common import open_filter

        r = self.window.original
        if r is None:
            return
        start = str(Path(r.path).parent)
        path, _ = QFileDialog.getOpenFileName(self.window, "选择上年度的报告", start, open_filter())
        if path:
            self.compare_with(path)

    def compare_with(self, path) -> None:
        """Compare the report shown with the report in ``path`` (in the background)."""
        r = self.window.original
        if r is None:
            return
        if self.window.edits and not self._may_drop_edits():
            return
        self.window.statusBar().showMessage(f"正在读取上年报告「{Path(path).name}」…")
        submit(self.window.pool, compare_with_file, r, path, self.threshold / 100,
               on_done=lambda new, r=r: self._compared(r, new),
               on_failed=self._compare_failed)

    def _may_drop_edits(self) -> bool:
        b = QMessageBox.question(self.window, "对比上年报告",
                                 "对比上年报告会重新显示原文件的检查结果，您在表格中所做的修改将不再保留。是否继续？")
        return b == QMessageBox.StandardButton.Yes

    def _compared(self, original, new) -> None:
        if self.window.original is not original:
            return
        self._show(new)

    def _compare_failed(self, exc) -> None:
        from core.readers import ReadError

        msg = exc.message if isinstance(exc, ReadError) else f"读取上年报告时出错（{type(exc).__name__}）。"
        self.window.statusBar().clearMessage()
        QMessageBox.warning(self.window, "无法对比上年报告", msg)

    def drop_previous(self) -> None:
        r = self.window.original
        if r is None or r.crossyear is None:
            return
        if self.window.edits and not self._may_drop_edits():
            return
        self._show(without_previous(r))

    # --- W-copy highlights ---------------------------------------------------------------------------

    def copy_selections(self) -> list:
        """Extra selections of the text view: every passage of this year's text that repeats last year's."""
        r = self.window.original
        view = getattr(self.window, "text_view", None)
        if r is None or r.crossyear is None or view is None:
            return []
        index = {id(b): i for i, b in enumerate(r.document.blocks)}
        doc = view.document()
        fmt = QTextCharFormat()
        fmt.setBackground(COPY_BG)
        out = []
        for key, m in r.crossyear.copy.items():
            sec = r.report.sections.get(key)
            if sec is None:
                continue
            for pi, a, b in m.passages:
                if pi >= len(sec.paragraphs):
                    continue
                bi = index.get(id(sec.paragraphs[pi]))
                number = getattr(view, "_blocks", {}).get(bi)
                if number is None:
                    continue
                block = doc.findBlockByNumber(number)
                cur = QTextCursor(block)
                cur.setPosition(block.position() + a)
                cur.setPosition(min(block.position() + b, block.position() + block.length() - 1),
                                QTextCursor.MoveMode.KeepAnchor)
                sel = QTextEdit.ExtraSelection()
                sel.cursor = cur
                sel.format = fmt
                out.append(sel)
        return out

    def show_copy(self, on: bool) -> None:
        view = getattr(self.window, "text_view", None)
        if view is None:
            return
        sels = self.copy_selections() if on else []
        view.setExtraSelections(sels)
        if on and sels:
            tab = getattr(self.window, "_text_tab", -1)
            if tab >= 0:
                self.window.tabs.setCurrentIndex(tab)
            cy = self.window.original.crossyear
            parts = "；".join(f"第{k}部分 {m.percent}%" for k, m in cy.copy.items())
            self.window.statusBar().showMessage(f"橙色底纹为与上年报告相同的文字：{parts}", 15000)

    # --- the archive dialog ---------------------------------------------------------------------------

    def open_archive(self) -> None:
        ArchiveDialog(self.window).exec()

    # --- the 对比上年报告 dialog ---------------------------------------------------------------------

    def open_compare_dialog(self) -> None:
        if self.window.original is None:
            return
        dlg = CompareDialog(self)
        dlg.exec()
        after = dlg.chosen
        dlg.deleteLater()
        if after == "file":
            self.choose_previous()
        elif after == "none":
            self.drop_previous()
        elif after == "archive":
            self.use_archive_match()


class CompareDialog(QDialog):
    """对比上年报告: which last-year report is compared and where it came from, another file or none,
    and the threshold of the repeated-text warning (applied at once, remembered)."""

    def __init__(self, actions: CrossYearActions):
        super().__init__(actions.window)
        self.actions = actions
        self.chosen: str | None = None  # "file" or "none": what to do once the dialog is closed
        self.setWindowTitle("对比上年报告")
        self.setMinimumWidth(560)
        lay = QVBoxLayout(self)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.info)
        row = QHBoxLayout()
        self.choose_button = QPushButton("选择上年报告文件(&F)…", self)
        self.choose_button.clicked.connect(lambda: self._close_with("file"))
        self.none_button = QPushButton("不对比上年报告(&N)", self)
        self.none_button.clicked.connect(lambda: self._close_with("none"))
        self.archive_button = QPushButton(self)
        self.archive_button.clicked.connect(lambda: self._close_with("archive"))
        row.addWidget(self.choose_button)
        row.addWidget(self.archive_button)
        row.addWidget(self.none_button)
        row.addStretch(1)
        lay.addLayout(row)
        box = QGroupBox("与上年重复的文字", self)
        g = QVBoxLayout(box)
        line = QHBoxLayout()
        line.addWidget(QLabel("某一部分与上年报告相同的文字超过", box))
        self.spin = QSpinBox(box)
        self.spin.setRange(1, 100)
        self.spin.setSuffix(" %")
        self.spin.setKeyboardTracking(False)  # typing 75 checks once at 75, not first at 7
        self.spin.setAccessibleName("重复文字提醒比例")
        self.spin.setValue(actions.threshold)
        line.addWidget(self.spin)
        line.addWidget(QLabel("时给出警告", box))
        line.addStretch(1)
        self.default_button = QPushButton(f"恢复默认（{default_threshold_percent()}%）", box)
        self.default_button.clicked.connect(lambda: self.spin.setValue(default_threshold_percent()))
        line.addWidget(self.default_button)
        g.addLayout(line)
        self.measures = QLabel(box)
        self.measures.setWordWrap(True)
        g.addWidget(self.measures)
        lay.addWidget(box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.spin.valueChanged.connect(self._threshold_changed)
        self.refresh()

    def _close_with(self, what: str) -> None:
        self.chosen = what
        self.accept()

    def _threshold_changed(self, value: int) -> None:
        self.actions.set_threshold(value)
        self.refresh()

    def refresh(self) -> None:
        r = self.actions.window.original
        cy = getattr(r, "crossyear", None)
        self.none_button.setEnabled(cy is not None)
        match = self.actions.archive_match()
        other = match is not None and (cy is None or cy.previous.file != match.crossyear.previous.file
                                       or cy.source != match.crossyear.source)
        self.archive_button.setVisible(other)
        if other:
            self.archive_button.setText(f"改用本机档案中的「{match.crossyear.previous.name}」(&A)")
        if cy is None:
            self.info.setText("本报告目前没有与上年报告对比。\n选择本机关上一年度的报告，可以核对结转数、"
                              "现行有效件数，并计算各部分与上年重复的文字。")
            self.choose_button.setText("选择上年报告文件(&F)…")
            self.measures.setText("（对比上年报告后显示各部分重复文字的比例。）")
            return
        prev = cy.previous
        year = f"{prev.year} 年度" if prev.year else "年度未识别"
        where = prev.file or prev.name
        if cy.paired:
            self.info.setText(f"本报告正在与上年报告「{prev.name}」对比（{year}，{cy.source}）。\n文件：{where}")
        else:
            self.info.setText(f"所选的上年报告「{prev.name}」{cy.problem}，因此没有核对跨年度的数字。\n文件：{where}")
        self.choose_button.setText("选择其他文件(&F)…")
        if cy.copy:
            over = [k for k, m in cy.copy.items() if m.ratio > cy.threshold and m.repeated]
            parts = "；".join(f"第{k}部分 {m.percent}%" for k, m in cy.copy.items())
            tail = f"超过 {round(cy.threshold * 100)}% 的：" + ("、".join(f"第{k}部分" for k in over) if over else "没有")
            self.measures.setText(f"各部分与上年重复的文字：{parts}。{tail}。")
        else:
            self.measures.setText("（两份报告没有可以比较的文字。）")


class ArchiveDialog(QDialog):
    """The archived reports: list, remove, turn the archive off or on."""

    COLUMNS = ("编号", "机关", "年度", "文件", "错误", "警告", "检查时间")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("本机档案")
        self.resize(900, 420)
        lay = QVBoxLayout(self)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        lay.addWidget(self.info)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.forget_button = QPushButton("删除所选记录", self)
        self.forget_button.clicked.connect(self.forget_selected)
        self.toggle_button = QPushButton(self)
        self.toggle_button.clicked.connect(self.toggle)
        row.addWidget(self.forget_button)
        row.addWidget(self.toggle_button)
        row.addStretch(1)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        box.rejected.connect(self.reject)
        row.addWidget(box)
        lay.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        from core.archive import Archive, is_enabled

        arch = Archive(respect_off=False)
        on = is_enabled()
        self.toggle_button.setText("关闭本机档案" if on else "打开本机档案")
        entries = arch.entries() if arch.enabled else []
        state = "已打开：检查报告时自动存档，并与同一机关上一年度的报告对比" if on else "已关闭：不再存档，也不自动对比（已存的记录保留）"
        where = f"档案位置：{arch.path}" if arch.enabled else (arch.notice or "")
        self.info.setText(f"本机档案{state}。共 {len(entries)} 份报告。{where}\n档案只保存在本机，不会上传。")
        arch.close()
        self.table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            vals = (e.id, e.agency or "（未找到机关名称）", e.year or "", e.file_name, e.errors, e.warnings, e.checked_at)
            for c, v in enumerate(vals):
                it = QTableWidgetItem(str(v))
                if c == 0:
                    it.setData(Qt.ItemDataRole.UserRole, e.id)
                it.setToolTip(e.file if c == 3 else "")
                self.table.setItem(r, c, it)
        self.table.resizeColumnsToContents()
        self.forget_button.setEnabled(bool(entries))

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in rows]

    def forget_selected(self, confirm: bool = True) -> int:
        from core.archive import Archive

        ids = self.selected_ids()
        if not ids:
            return 0
        if confirm:
            b = QMessageBox.question(self, "删除档案记录",
                                     f"从本机档案中删除所选的 {len(ids)} 条记录？报告文件本身不受影响。")
            if b != QMessageBox.StandardButton.Yes:
                return 0
        arch = Archive(respect_off=False)
        n = sum(1 for i in ids if arch.forget(i))
        arch.close()
        self.refresh()
        return n

    def toggle(self) -> None:
        from core.archive import is_enabled, set_enabled

        text = set_enabled(not is_enabled())
        self.refresh()
        QMessageBox.information(self, "本机档案", text)


def install(window) -> CrossYearActions:
    """Add the cross-year actions to a ``MainWindow``."""
    return CrossYearActions(window)


# ----- the batch window: roll-up --------------------------------------------------------------------


def rollup_items(items, out):
    """Roll-up of the batch's items (their snapshots), written to ``out`` (.xlsx + .docx)."""
    from core.rollup import rollup, write
    from core.snapshot import Snapshot

    snaps = []
    for it in items:
        if it.error is not None:
            snaps.append((it.file, None, f"无法读取：{it.error}"))
        elif not it.snapshot:
            snaps.append((it.file, None, "检查时发生意外错误"))
        else:
            snaps.append((it.file, Snapshot.from_dict(it.snapshot), ""))
    ru = rollup(None, snapshots=snaps)
    if ru.format is None:
        raise ValueError("没有一份报告可以计入汇总。")
    written = write(ru, out, sources=[it.file for it in items])
    return ru, written


class RollupAction(QObject):
    @property
    def window(self):
        return self.parent()

    def __init__(self, window):
        super().__init__(window)
        self.act = QAction("汇总表格…", window)
        self.act.setToolTip("把检查过的各单位报告的表二、表三、表四相加，写成标准格式的 Excel 和 Word 文件")
        self.act.triggered.connect(lambda: self.rollup_to())
        self.last: tuple | None = None
        from PySide6.QtWidgets import QToolBar

        for tb in window.findChildren(QToolBar):
            tb.addSeparator()
            tb.addAction(self.act)
            break
        self._pool = None

    def rollup_to(self, path=None, *, quiet: bool = False) -> None:
        w = self.window
        if w.is_running():
            QMessageBox.information(w, "汇总表格", "请等全部文件检查完毕再汇总。")
            return
        items = w.items()
        if not items:
            QMessageBox.information(w, "汇总表格", "列表中还没有检查过的报告。")
            return
        if path is None:
            path, _ = QFileDialog.getSaveFileName(w, "汇总表格保存为", "汇总.xlsx", "Excel 工作簿 (*.xlsx)")
            if not path:
                return
        from PySide6.QtCore import QThreadPool

        if self._pool is None:
            self._pool = QThreadPool(self)
            self._pool.setMaxThreadCount(1)
        w.statusBar().showMessage("正在汇总…")
        submit(self._pool, rollup_items, items, Path(path),
               on_done=lambda out: self._done(out, quiet), on_failed=lambda exc: self._failed(exc, quiet))

    def _done(self, out, quiet) -> None:
        ru, written = out
        self.last = out
        n_in = sum(1 for u in ru.units if u.included)
        left = [u for u in ru.units if u.why]
        text = f"已汇总 {n_in} / {len(ru.units)} 个单位的报告，写入：\n" + "\n".join(str(p) for p in written)
        if left:
            text += "\n\n未计入或部分未计入的单位：\n" + "\n".join(
                f"· {u.agency or Path(u.file).name}：{u.why}" for u in left[:20])
        self.window.statusBar().showMessage(f"已汇总 {n_in} 个单位。", 10000)
        if not quiet:
            QMessageBox.information(self.window, "汇总表格", text)

    def _failed(self, exc, quiet) -> None:
        self.last = exc
        msg = str(exc) if isinstance(exc, (ValueError, OSError)) else f"汇总时发生意外错误（{type(exc).__name__}）。"
        self.window.statusBar().showMessage(msg, 10000)
        if not quiet:
            QMessageBox.warning(self.window, "汇总表格", msg)


def install_rollup(window) -> RollupAction:
    """Add the roll-up button to a ``BatchWindow``."""
    return RollupAction(window)


__all__ = ["ArchiveDialog", "CompareDialog", "CrossYearActions", "RollupAction", "archive_pass", "install", "install_rollup",
           "rollup_items"]
