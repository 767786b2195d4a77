"""The list of findings: counts and a filter per severity, one entry per finding (severity, where,
message), the full text of the selected finding with its cells and suggested value, and the
"应用建议值" buttons. Selecting a finding asks the window to show its cells or its text."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.findings import ERROR, INFO, SEVERITY_ZH, WARNING, Finding
from core.formats.naming import cell_name

from .models import (
    SEVERITY_GLYPH,
    FindingRole,
    FindingsModel,
    SeverityFilterModel,
    WhereRole,
    finding_key,
    suggested_text,
    target_key,
)
from .views import Colors, severity_css


def _esc(text) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


def _lines(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """``text`` broken into at most ``max_lines`` lines of ``width`` pixels, the last one elided."""
    fm = QFontMetrics(font)
    layout = QTextLayout(text, font)
    opt = QTextOption()
    opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(opt)
    layout.beginLayout()
    spans = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    out = [text[s:s + n] for s, n in spans[:max_lines]]
    if len(spans) > max_lines and out:
        rest = text[spans[max_lines - 1][0]:]
        out[-1] = fm.elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return out


class FindingDelegate(QStyledItemDelegate):
    """One finding: a coloured bar and a 错误/警告/提示 badge with its glyph, where it is, and the
    first two lines of the message."""

    MSG_LINES = 2

    def sizeHint(self, option, index) -> QSize:
        fm = QFontMetrics(option.font)
        return QSize(200, 6 + (fm.height() + 4) + 4 + self.MSG_LINES * fm.lineSpacing() + 6)

    def paint(self, painter: QPainter, option, index) -> None:
        f: Finding = index.data(FindingRole)
        if f is None:
            return
        painter.save()
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.fillRect(rect, QColor("#e3edfd") if selected else QColor("#ffffff"))
        painter.fillRect(QRect(rect.left(), rect.top(), 5, rect.height()), Colors.FG[f.severity])
        painter.setPen(QColor("#e1e4e8"))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        font = QFont(option.font)
        fm = QFontMetrics(font)
        x = rect.left() + 14
        y = rect.top() + 6
        # badge
        badge_font = QFont(font)
        badge_font.setBold(True)
        bfm = QFontMetrics(badge_font)
        badge = f"{SEVERITY_GLYPH[f.severity]} {SEVERITY_ZH[f.severity]}"
        bw = bfm.horizontalAdvance(badge) + 14
        bh = bfm.height() + 4
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Colors.FG[f.severity])
        painter.setBrush(Colors.WEAK_BG[f.severity])
        painter.drawRoundedRect(QRect(x, y, bw, bh), bh / 2, bh / 2)
        painter.setFont(badge_font)
        painter.drawText(QRect(x, y, bw, bh), int(Qt.AlignmentFlag.AlignCenter), badge)
        # where + title
        painter.setPen(QColor("#1f2328"))
        head_font = QFont(font)
        head_font.setBold(True)
        painter.setFont(head_font)
        hx = x + bw + 8
        head = f"{index.data(WhereRole)} · {f.title}"
        hfm = QFontMetrics(head_font)
        # the internal code (R-CELL, S1 …) is not on the card: it is jargon; the detail pane's last line has it
        painter.drawText(QRect(hx, y, rect.right() - hx - 6, bh),
                         int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                         hfm.elidedText(head, Qt.TextElideMode.ElideRight, rect.right() - hx - 6))
        painter.setFont(font)
        # message
        painter.setPen(QColor("#3d444d"))
        width = rect.right() - x - 8
        my = y + bh + 4
        for line in _lines(f.message, font, width, self.MSG_LINES):
            painter.drawText(QRect(x, my, width, fm.lineSpacing()), int(Qt.AlignmentFlag.AlignLeft), line)
            my += fm.lineSpacing()
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(Colors.SELECT)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()


class FindingsPanel(QWidget):
    findingSelected = Signal(object)  # Finding or None — the clerk chose a finding
    applyRequested = Signal(object)  # Finding
    applyAllRequested = Signal()
    selectionStateChanged = Signal()  # the selected finding (and so what "应用建议值" can do) changed

    def __init__(self, parent=None):
        super().__init__(parent)
        self.fmt = None
        self._silent = False
        self._cursor_row: int | None = None
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 0)
        bar.setSpacing(4)
        label = QLabel("问题列表")
        lf = label.font()
        lf.setBold(True)
        label.setFont(lf)
        bar.addWidget(label)
        bar.addStretch(1)
        self.filter_group = QButtonGroup(self)
        self.filter_group.setExclusive(True)
        self.filter_buttons: dict[str | None, QToolButton] = {}
        for sev in (None, ERROR, WARNING, INFO):
            b = QToolButton(self)
            b.setCheckable(True)
            b.setAutoRaise(True)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            b.setToolTip("列出全部问题" if sev is None else f"只列出{SEVERITY_ZH[sev]}")
            self.filter_group.addButton(b)
            self.filter_buttons[sev] = b
            b.clicked.connect(lambda _=False, s=sev: self.set_filter(s))
            bar.addWidget(b)
        self.filter_buttons[None].setChecked(True)
        box.addLayout(bar)

        self.model = FindingsModel(self)
        self.proxy = SeverityFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.list = QListView(self)
        self.list.setModel(self.proxy)
        self.list.setItemDelegate(FindingDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setUniformItemSizes(True)
        self.list.setAccessibleName("问题列表")
        self.list.setAcceptDrops(False)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        # A mouse click moves the current index first and selects afterwards: follow the selection
        # too, so the window's toolbar and this panel's buttons always agree.
        self.list.selectionModel().selectionChanged.connect(self._selection_changed)
        self.list.setStyleSheet("QListView { border: 1px solid #d0d7de; background: #ffffff; }")

        self.empty = QLabel("")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #1e7b34; font-weight: bold; padding: 16px;")
        self.empty.hide()

        self.detail = QTextBrowser(self)
        self.detail.setOpenLinks(False)
        self.detail.setAcceptDrops(False)
        self.detail.viewport().setAcceptDrops(False)
        self.detail.setAccessibleName("问题详情")
        self.detail.setStyleSheet("QTextBrowser { border: 1px solid #d0d7de; background: #fbfcfd; }")
        self.detail.setMinimumHeight(110)

        top = QWidget(self)
        tl = QVBoxLayout(top)
        tl.setContentsMargins(6, 0, 6, 0)
        self.hidden_label = QLabel("")
        self.hidden_label.setStyleSheet(f"color: {severity_css(ERROR)}; padding: 2px 4px;")
        self.hidden_label.hide()
        tl.addWidget(self.hidden_label)
        tl.addWidget(self.list, 1)
        tl.addWidget(self.empty)
        bottom = QWidget(self)
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(6, 0, 6, 6)
        bl.setSpacing(6)
        bl.addWidget(self.detail, 1)
        buttons = QHBoxLayout()
        self.apply_button = QPushButton("应用建议值(&A)")
        self.apply_button.setToolTip("把所选问题的建议值填入对应单元格（Ctrl+Enter；可撤销）")
        self.apply_button.clicked.connect(lambda: self.current_finding() and self.applyRequested.emit(self.current_finding()))
        self.apply_all_button = QPushButton("全部应用建议值(&L)")
        self.apply_all_button.setToolTip("把所有问题的建议值一次填入（可一步撤销）")
        self.apply_all_button.clicked.connect(self.applyAllRequested)
        for b in (self.apply_button, self.apply_all_button):
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            buttons.addWidget(b)
        bl.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        self.splitter = split
        self.detail.setMinimumHeight(90)
        box.addWidget(split, 1)
        self._update_counts([])
        self._show_detail(None)

    # --- content ---------------------------------------------------------------------------------
    def set_findings(self, findings: list[Finding], fmt=None, keep: tuple | None = None,
                     new_report: bool = False) -> Finding | None:
        """Show ``findings``. If one matches ``keep`` (a ``finding_key``) it is selected again,
        silently; the finding (or None) is returned. For a ``new_report`` the severity filter is
        reset: a filter chosen on the last report must not hide this one's errors."""
        old_row = self.list.currentIndex().row() if self.list.currentIndex().isValid() else None
        self.fmt = fmt
        if new_report and self.proxy.severity is not None:
            self.proxy.set_severity(None)
            self.filter_buttons[None].setChecked(True)
        self._silent = True
        try:
            self.model.set_findings(findings)
            self._update_counts(findings)
            kept = None
            if keep is not None:
                kept = next((f for f in findings if finding_key(f) == keep), None)
            if kept is not None and self._select(kept):
                self._cursor_row = None
            else:
                kept = None
                self.list.selectionModel().clearSelection()
                self.list.setCurrentIndex(self.proxy.index(-1, 0))
                self._cursor_row = old_row
        finally:
            self._silent = False
        self._show_detail(kept)
        self._update_empty()
        return kept

    def _update_counts(self, findings) -> None:
        counts = {s: sum(1 for f in findings if f.severity == s) for s in (ERROR, WARNING, INFO)}
        self.filter_buttons[None].setText(f"全部 {len(findings)}")
        for sev in (ERROR, WARNING, INFO):
            b = self.filter_buttons[sev]
            b.setText(f"{SEVERITY_GLYPH[sev]} {SEVERITY_ZH[sev]} {counts[sev]}")
            b.setStyleSheet(f"QToolButton {{ color: {severity_css(sev) if counts[sev] else '#8c959f'}; padding: 2px 6px; }}"
                            "QToolButton:checked { background: #dde7f5; border: 1px solid #9fb6d9; border-radius: 4px; }")
        self.filter_buttons[None].setStyleSheet(
            "QToolButton { padding: 2px 6px; }"
            "QToolButton:checked { background: #dde7f5; border: 1px solid #9fb6d9; border-radius: 4px; }")
        self.apply_all_button.setEnabled(any(suggested_text(f) is not None for f in findings))

    def hidden_counts(self) -> dict[str, int]:
        """What the severity filter hides, per severity (empty when nothing is hidden)."""
        sev = self.proxy.severity
        if sev is None:
            return {}
        out: dict[str, int] = {}
        for f in self.model.findings:
            if f.severity != sev:
                out[f.severity] = out.get(f.severity, 0) + 1
        return out

    def _update_empty(self) -> None:
        hidden = self.hidden_counts()
        note = "，".join(f"{n} 个{SEVERITY_ZH[s]}" for s, n in sorted(hidden.items(), key=lambda kv: (ERROR, WARNING, INFO).index(kv[0])))
        if self.model.rowCount() == 0:
            self.empty.setText("✓ 没有发现问题")
        elif self.proxy.rowCount() == 0:
            self.empty.setText(f"没有{SEVERITY_ZH.get(self.proxy.severity, '')}。另有 {note} 未列出（点「全部」显示）。")
            self.empty.setStyleSheet("color: #57606a; padding: 16px;")
        self.empty.setVisible(self.proxy.rowCount() == 0)
        self.list.setVisible(self.proxy.rowCount() > 0)
        if self.model.rowCount() == 0:
            self.empty.setStyleSheet("color: #1e7b34; font-weight: bold; padding: 16px;")
        self.hidden_label.setText(f"已筛选：另有 {note} 未列出" if hidden and self.proxy.rowCount() else "")
        self.hidden_label.setVisible(bool(hidden) and self.proxy.rowCount() > 0)

    def set_filter(self, severity: str | None) -> None:
        current = self.current_finding()
        self.proxy.set_severity(severity)
        self.filter_buttons[severity].setChecked(True)
        if current is not None and not self._select(current, silent=True):
            self._show_detail(None)
        self._update_empty()

    # --- selection -------------------------------------------------------------------------------------
    def current_finding(self) -> Finding | None:
        idx = self.list.currentIndex()
        if not idx.isValid() or not self.list.selectionModel().isSelected(idx):
            return None
        return idx.data(FindingRole)

    def _select(self, f: Finding, silent: bool = True) -> bool:
        row = self.model.row_of(f)
        if row < 0:
            return False
        idx = self.proxy.mapFromSource(self.model.index(row))
        if not idx.isValid():
            return False
        was = self._silent
        self._silent = silent
        try:
            self.list.selectionModel().setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.list.scrollTo(idx)
        finally:
            self._silent = was
        self._show_detail(f)
        return True

    def select_finding(self, f: Finding) -> bool:
        """Select ``f`` as the clerk would (the window then shows its cells)."""
        if self.model.row_of(f) >= 0 and not self.proxy.mapFromSource(self.model.index(self.model.row_of(f))).isValid():
            self.set_filter(None)
        return self._select(f, silent=False)

    def step(self, delta: int) -> Finding | None:
        """Select the next (``delta`` = 1) or previous (-1) finding, wrapping around."""
        n = self.proxy.rowCount()
        if n == 0 and self.model.rowCount() > 0:
            self.set_filter(None)  # F8 always reaches every problem: a filter that hides all is lifted
            n = self.proxy.rowCount()
        if n == 0:
            QApplication.beep()
            return None
        idx = self.list.currentIndex()
        if idx.isValid() and self.list.selectionModel().isSelected(idx):
            row = (idx.row() + delta) % n
        elif self._cursor_row is not None:
            row = min(self._cursor_row, n - 1) if delta > 0 else (self._cursor_row - 1) % n
        else:
            row = 0 if delta > 0 else n - 1
        self._cursor_row = None
        target = self.proxy.index(row, 0)
        self.list.selectionModel().setCurrentIndex(target, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.list.scrollTo(target)
        return target.data(FindingRole)

    def _selection_changed(self, *_args) -> None:
        self._show_detail(self.current_finding())
        self.selectionStateChanged.emit()

    def _current_changed(self, current, _previous) -> None:
        f = current.data(FindingRole) if current.isValid() else None
        self._show_detail(f)
        if not self._silent:
            self.findingSelected.emit(f)

    # --- detail ----------------------------------------------------------------------------------------
    def _show_detail(self, f: Finding | None) -> None:
        self.apply_button.setEnabled(f is not None and suggested_text(f) is not None)
        if f is None:
            n = self.model.rowCount()
            self.detail.setHtml(
                "<p style='color:#57606a'>在上面的列表中选择一个问题，即可在表格或正文中看到它所指的位置。"
                "按 <b>F8</b> 转到下一个问题，<b>Shift+F8</b> 转到上一个。</p>" if n else
                "<p style='color:#57606a'>没有需要处理的问题。</p>")
            return
        sev = f.severity
        html = [
            f"<p><b style='color:{severity_css(sev)}'>{SEVERITY_GLYPH[sev]} {SEVERITY_ZH[sev]}</b>　"
            f"<b>{_esc(f.title)}</b></p>",
            f"<p>{_esc(f.message)}</p>",
        ]
        if f.location:
            html.append(f"<p style='color:#57606a'>位置：{_esc(f.location)}</p>")
        if f.cells and len(f.cells) <= 12:
            names = "、".join(cell_name(self.fmt, c.table, c.row, c.col) for c in f.cells)
            html.append(f"<p style='color:#57606a'>涉及单元格：{_esc(names)}</p>")
        elif f.cells:
            html.append(f"<p style='color:#57606a'>涉及 {len(f.cells)} 个单元格（已在表格中选中）。</p>")
        s = suggested_text(f)
        if s is not None:
            key = target_key(f)
            html.append(f"<p>建议把 <b>{_esc(cell_name(self.fmt, *key))}</b> 改为 <b>{_esc(s)}</b>"
                        "（点「应用建议值」或按 Ctrl+Enter）。</p>")
        html.append(f"<p style='color:#8c959f; font-size:small'>规则代码：{_esc(f.code)}</p>")
        self.detail.setHtml("".join(html))
