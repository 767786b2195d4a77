"""The widgets of the window: the table grids, the section text, the outline of the six sections,
the header with the report's identity, and the welcome page of an empty window.

Marks never rely on colour alone: an error cell has a "✕" and a solid frame, a warning cell a "!"
and a dashed frame, an edited cell a corner triangle — readable in black and white and by the
colour-blind.
"""

from __future__ import annotations

import re

from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPointF, QRect, QSignalBlocker, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPen,
    QPolygonF,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QTableView,
    QTextEdit,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.findings import ERROR, INFO, SEVERITY_ZH, WARNING
from core.formats import SECTIONS
from core.model import Grid, Paragraph
from core.texts import say

from .models import (
    DERIVED_TEXT,
    DerivedRole,
    EditedRole,
    GridModel,
    KeyRole,
    KindRole,
    MissingRole,
    SEVERITY_GLYPH,
    SeverityRole,
    StrongRole,
    TableLayout,
    table_name,
)


class Colors:
    GRID = QColor("#9aa6b4")
    TITLE_BG = QColor("#dbe3ee")
    HEADER_BG = QColor("#e9eef4")
    LABEL_BG = QColor("#f6f8fa")
    DATA_BG = QColor("#ffffff")
    MISSING_BG = QColor("#eeeeee")
    TEXT = QColor("#1f2328")
    MUTED = QColor("#57606a")
    EDITED = QColor("#0b57d0")
    SELECT = QColor("#1a73e8")
    STRONG_BG = {ERROR: QColor("#f8d0cc"), WARNING: QColor("#fde7a9"), INFO: QColor("#d5e5fa")}
    WEAK_BG = {ERROR: QColor("#fdeeec"), WARNING: QColor("#fff7de"), INFO: QColor("#eef5fd")}
    FG = {ERROR: QColor("#b3261e"), WARNING: QColor("#8a5300"), INFO: QColor("#1a5fb4")}
    OK = QColor("#1e7b34")


def severity_css(severity: str) -> str:
    return Colors.FG[severity].name()


# ===================================================================================== grids


def _line_texts(text: str, font: QFont, width: int) -> list[str]:
    layout = QTextLayout(text, font)
    opt = QTextOption()
    opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(opt)
    layout.beginLayout()
    out = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(width, 1))
        out.append(text[line.textStart():line.textStart() + line.textLength()])
    layout.endLayout()
    return out


def _balanced(font: QFont, rect: QRect, text: str) -> QRect:
    """A rectangle centred in ``rect`` in which a wrapped header does not leave one character
    alone on its last line (社会公益组 / 织 becomes 社会公 / 益组织)."""
    lines = _line_texts(text, font, rect.width())
    if len(lines) <= 1 or len(lines[-1].strip()) >= 2:
        return rect
    step = max(QFontMetrics(font).horizontalAdvance("中") // 2, 1)
    width = rect.width()
    while width > step:
        width -= step
        trial = _line_texts(text, font, width)
        if len(trial) > len(lines):
            break
        if len(trial[-1].strip()) >= 2:
            return QRect(rect.left() + (rect.width() - width) // 2, rect.top(), width, rect.height())
    return rect


class CellDelegate(QStyledItemDelegate):
    """Paints the cells of a grid the way the official tables look, with the finding marks."""

    PAD = 5

    @classmethod
    def text_rect(cls, kind: str, rect: QRect) -> QRect:
        """Where a cell's text goes (the data cells keep room for the mark in their corner)."""
        if kind == "data":
            return rect.adjusted(cls.PAD + 8, 2, -cls.PAD - 2, -2)
        return rect.adjusted(cls.PAD + 1, 2, -cls.PAD, -2)

    def paint(self, painter: QPainter, option, index) -> None:
        kind = index.data(KindRole)
        rect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        font = QFont(option.font)
        if kind == "data":
            self._paint_data(painter, option, index, rect, font)
        else:
            self._paint_label(painter, option, index, rect, font, kind)
        painter.restore()

    @staticmethod
    def _paint_mark(painter: QPainter, rect: QRect, severity: str, font: QFont) -> None:
        """The frame and the glyph that say "this cell" without colour: ✕ solid, ! dashed, i dotted."""
        inner = rect.adjusted(1, 1, -1, -1)
        pen = QPen(Colors.FG[severity], 2)
        pen.setStyle({ERROR: Qt.PenStyle.SolidLine, WARNING: Qt.PenStyle.DashLine}.get(severity, Qt.PenStyle.DotLine))
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(inner.adjusted(1, 1, -1, -1))
        glyph_font = QFont(font)
        glyph_font.setBold(True)
        glyph_font.setPointSizeF(max(8.0, font.pointSizeF() * 1.0))
        painter.setFont(glyph_font)
        painter.setPen(Colors.FG[severity])
        painter.drawText(inner.adjusted(4, 2, 0, 0), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                         SEVERITY_GLYPH[severity])

    @staticmethod
    def _paint_selected(painter: QPainter, rect: QRect) -> None:
        painter.fillRect(rect, QColor(26, 115, 232, 38))
        painter.setPen(QPen(Colors.SELECT, 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(2, 2, -2, -2))

    def _paint_label(self, painter, option, index, rect: QRect, font: QFont, kind: str) -> None:
        severity = index.data(SeverityRole)
        bg = {"title": Colors.TITLE_BG, "header": Colors.HEADER_BG, "note": Colors.HEADER_BG}.get(kind, Colors.LABEL_BG)
        painter.fillRect(rect, Colors.STRONG_BG[severity] if severity else bg)
        if severity:
            self._paint_mark(painter, rect, severity, font)
        if option.state & QStyle.StateFlag.State_Selected:
            self._paint_selected(painter, rect)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        if kind in ("title", "header", "group"):
            font.setBold(True)
        if kind == "note":
            font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        painter.setFont(font)
        painter.setPen(Colors.MUTED if kind == "note" else Colors.TEXT)
        align = Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap
        if kind in ("label", "title"):
            align |= Qt.AlignmentFlag.AlignLeft
        else:
            align |= Qt.AlignmentFlag.AlignHCenter
        area = rect.adjusted(12, 0, 0, 0) if severity and kind in ("label", "title") else rect
        if kind == "header":
            painter.drawText(_balanced(font, self.text_rect(kind, rect), text), int(align), text)
            return
        if kind == "group" and option.widget is not None:
            # a tall merged label stays readable while the table scrolls: centre it in the part
            # of the cell that is visible
            visible = rect.intersected(option.widget.viewport().rect())
            if visible.height() > 3 * painter.fontMetrics().height():
                area = visible
        painter.drawText(self.text_rect(kind, area), int(align), text)

    def _paint_data(self, painter, option, index, rect: QRect, font: QFont) -> None:
        severity = index.data(SeverityRole)
        strong = bool(index.data(StrongRole))
        edited = bool(index.data(EditedRole))
        derived = bool(index.data(DerivedRole))
        missing = bool(index.data(MissingRole))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if severity:
            bg = (Colors.STRONG_BG if strong else Colors.WEAK_BG)[severity]
        else:
            bg = Colors.MISSING_BG if missing else Colors.DATA_BG
        painter.fillRect(rect, bg)
        if severity and strong:
            self._paint_mark(painter, rect, severity, font)
        if selected:
            self._paint_selected(painter, rect)
        if edited:
            size = max(7, rect.height() // 4)
            tri = QPolygonF([QPointF(rect.right() - size, rect.top() + 1), QPointF(rect.right(), rect.top() + 1),
                             QPointF(rect.right(), rect.top() + 1 + size)])
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(Colors.EDITED))
            painter.drawPolygon(tri)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if derived:  # a total the workbook's formula recomputed after an edit: "=" in the corner
            small = QFont(font)
            small.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
            painter.setFont(small)
            painter.setPen(Colors.EDITED)
            painter.drawText(rect.adjusted(0, 1, -4, 0), int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), "=")
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        f = QFont(font)
        f.setItalic(derived)
        if edited or (severity == ERROR and strong):
            f.setBold(True)
        painter.setFont(f)
        if edited or derived:
            painter.setPen(Colors.EDITED)
        elif severity and strong:
            painter.setPen(Colors.FG[severity])
        else:
            painter.setPen(Colors.TEXT)
        painter.drawText(self.text_rect("data", rect),
                         int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), text)
        if option.state & QStyle.StateFlag.State_HasFocus:
            pen = QPen(Colors.SELECT, 1, Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(4, 4, -5, -5))

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        editor.setFrame(False)
        editor.setStyleSheet("QLineEdit { background: #ffffff; border: 2px solid #1a73e8; }")
        return editor

    def setEditorData(self, editor, index):
        editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")
        editor.selectAll()

    def setModelData(self, editor, model, index):
        new = editor.text()
        if new != (index.data(Qt.ItemDataRole.EditRole) or ""):
            model.setData(index, new, Qt.ItemDataRole.EditRole)


def zoom_steps(event) -> int:
    """Ctrl + wheel: +1 / -1 per notch (0 when Ctrl is not held)."""
    if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
        return 0
    dy = event.angleDelta().y()
    return (dy > 0) - (dy < 0)


def wheel_zoom(view, event) -> bool:
    """Ctrl + wheel over a view asks the window to zoom (``view.zoomRequested``); True if it did."""
    steps = zoom_steps(event)
    if steps:
        view.zoomRequested.emit(steps)
        event.accept()
    return bool(steps)


class GridView(QTableView):
    """A table drawn as its official grid: merged cells, wrapped labels, column widths that fill
    the space up to a comfortable maximum, rows as tall as their text."""

    cellActivated = Signal(object)  # CellKey the clerk clicked or moved to
    zoomRequested = Signal(int)  # +1 / -1: Ctrl + wheel over the table

    def wheelEvent(self, event) -> None:
        if not wheel_zoom(self, event):
            super().wheelEvent(event)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.grid_layout: TableLayout | None = None
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setShowGrid(True)
        self.setGridStyle(Qt.PenStyle.SolidLine)
        self.setWordWrap(True)
        self.setCornerButtonEnabled(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setItemDelegate(CellDelegate(self))
        self.setStyleSheet("QTableView { gridline-color: #9aa6b4; background: #ffffff; border: 1px solid #c5ccd6; }")
        self.setAcceptDrops(False)

    def set_grid(self, layout: TableLayout, model: GridModel) -> None:
        self.grid_layout = layout
        self.setModel(model)
        self.clearSpans()
        for c in layout.cells:
            if c.rowspan > 1 or c.colspan > 1:
                self.setSpan(c.row, c.col, c.rowspan, c.colspan)
        self.selectionModel().currentChanged.connect(self._current_changed)
        self.fit()

    def _current_changed(self, current, _previous) -> None:
        if current.isValid() and current.data(KindRole) == "data":
            self.cellActivated.emit(current.data(KeyRole))

    # --- keyboard: only data cells take the cursor ---------------------------------------------
    def moveCursor(self, action, modifiers):
        sm = self.selectionModel()
        start = self.currentIndex()
        index = super().moveCursor(action, modifiers)
        if sm is None:
            return index
        blocker = QSignalBlocker(sm)
        try:
            steps = 0
            while index.isValid() and index.data(KindRole) != "data" and steps < 64:
                sm.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
                nxt = super().moveCursor(action, modifiers)
                if nxt == index:
                    index = QModelIndex()
                    break
                index = nxt
                steps += 1
            sm.setCurrentIndex(start, QItemSelectionModel.SelectionFlag.NoUpdate)
        finally:
            blocker.unblock()
        if not index.isValid() or index.data(KindRole) != "data":
            return start
        return index

    # --- sizes ---------------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        layout = self.grid_layout
        if layout is None or self.model() is None:
            return
        fm = QFontMetrics(self.font())
        em = fm.horizontalAdvance("中")
        avail = max(self.viewport().width() - 2, 100)
        target = min(avail, int(layout.max_em * em))
        mins = [int(m * em) for m, _ in layout.columns]
        widths = list(mins)
        extra = target - sum(mins)
        total_weight = sum(w for _, w in layout.columns)
        if extra > 0 and total_weight > 0:
            for i, (_, w) in enumerate(layout.columns):
                widths[i] += int(extra * w / total_weight)
        for i, w in enumerate(widths):
            self.setColumnWidth(i, w)
        self._fit_rows(widths)

    def _fit_rows(self, widths: list[int]) -> None:
        layout = self.grid_layout
        model = self.model()
        base = QFontMetrics(self.font())
        bold_font = QFont(self.font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        small_font = QFont(self.font())
        small_font.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.9))
        small = QFontMetrics(small_font)
        min_h = int(base.height() * 1.75)
        heights = [min_h] * layout.n_rows
        tall = []
        for c in layout.cells:
            full = QRect(0, 0, sum(widths[c.col:c.col + c.colspan]), 10000)
            w = max(CellDelegate.text_rect(c.kind, full).width(), 20)
            if c.kind == "data":
                text = model.data(model.index(c.row, c.col)) or ""
                fm = bold
            else:
                text = c.text
                fm = small if c.kind == "note" else (base if c.kind == "label" else bold)
            need = fm.boundingRect(QRect(0, 0, w, 10000), int(Qt.TextFlag.TextWordWrap), text).height() + 10 if text else 0
            if c.rowspan == 1:
                heights[c.row] = max(heights[c.row], need)
            else:
                tall.append((c, need))
        for c, need in tall:
            have = sum(heights[c.row:c.row + c.rowspan])
            if need > have:
                add = (need - have + c.rowspan - 1) // c.rowspan
                for r in range(c.row, c.row + c.rowspan):
                    heights[r] += add
        for r, h in enumerate(heights):
            self.setRowHeight(r, h)

    # --- selection -----------------------------------------------------------------------------------
    def select_keys(self, keys, focus=None) -> None:
        """Select the cells ``keys`` and scroll ``focus`` (or the first of them) into view."""
        model = self.model()
        if model is None:
            return
        sel = QItemSelection()
        first = QModelIndex()
        for k in keys:
            idx = model.index_of(k)
            if idx.isValid():
                sel.select(idx, idx)
                if not first.isValid():
                    first = idx
        sm = self.selectionModel()
        sm.select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        focus_idx = model.index_of(focus) if focus is not None else first
        if not focus_idx.isValid():
            focus_idx = first
        if focus_idx.isValid():
            blocker = QSignalBlocker(sm)
            sm.setCurrentIndex(focus_idx, QItemSelectionModel.SelectionFlag.NoUpdate)
            blocker.unblock()
            self.scrollTo(focus_idx, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.viewport().update()

    def select_labels(self, labels) -> None:
        """Select label cells (("row"|"col"|"group", key) pairs) and scroll the first into view."""
        model = self.model()
        if model is None:
            return
        sel = QItemSelection()
        first = QModelIndex()
        for label in labels:
            for idx in model.label_indexes(label):
                sel.select(idx, idx)
                if not first.isValid():
                    first = idx
        self.selectionModel().select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if first.isValid():
            self.scrollTo(first, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.viewport().update()

    def selected_keys(self) -> list:
        sm = self.selectionModel()
        if sm is None:
            return []
        return [i.data(KeyRole) for i in sm.selectedIndexes() if i.data(KindRole) == "data"]


class TablePage(QWidget):
    """A tab: the table's caption above its grid (or a sentence when the file has no such table)."""

    def __init__(self, caption: str, layout: TableLayout | None, model: GridModel | None, missing_text: str = "",
                 parent=None):
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(10, 8, 10, 6)
        box.setSpacing(6)
        title = QLabel(caption)
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 1.1)
        f.setBold(True)
        title.setFont(f)
        title.setWordWrap(True)
        box.addWidget(title)
        self.view: GridView | None = None
        if layout is not None and model is not None:
            self.view = GridView(self)
            self.view.set_grid(layout, model)
            self.view.setAccessibleName(caption)
            box.addWidget(self.view, 1)
        if missing_text:
            note = QLabel(missing_text)
            note.setWordWrap(True)
            note.setStyleSheet(f"color: {severity_css(ERROR)}; padding: 6px;")
            box.addWidget(note)
            if self.view is None:
                box.addStretch(1)


class Legend(QLabel):
    """What the marks mean, under the tables."""

    def __init__(self, parent=None):
        super().__init__(parent)
        e, w = severity_css(ERROR), severity_css(WARNING)
        self.setText(
            f"<span style='color:{e}'><b>✕</b> 错误（实线框）</span>　"
            f"<span style='color:{w}'><b>!</b> 警告（虚线框）</span>　"
            f"<span style='background:#fdeeec'>&nbsp;浅色&nbsp;</span> 参与该勾稽关系的其他单元格　"
            f"<span style='color:#0b57d0'><b>◥</b> 已修改</span>　"
            f"<span style='color:#0b57d0'><i><b>=</b> {DERIVED_TEXT}</i></span>　"
            "双击单元格或直接输入数字即可修改，修改后立即重新核对。"
        )
        self.setWordWrap(True)
        self.setStyleSheet("color: #57606a; padding: 2px 10px 4px 10px;")


# ===================================================================================== text


def figure_span(text: str, figure) -> tuple[int, int] | None:
    """Where a finding's figure stands in a paragraph: ``figure`` is a (start, end) span, or a
    number the text states (found as a whole number, not inside a longer one)."""
    if figure is None:
        return None
    if isinstance(figure, tuple) and len(figure) == 2 and all(isinstance(x, int) for x in figure):
        return figure if 0 <= figure[0] < figure[1] <= len(text) else None
    s = str(figure).strip()
    if not s or not any(ch.isdigit() for ch in s):
        return None
    m = re.search(r"(?<![\d.])" + re.escape(s) + r"(?![\d])", text)
    return (m.start(), m.end()) if m else None


class SectionTextView(QTextEdit):
    """The report's text, paragraph by paragraph, with the six section headings set off and the
    tables shown as a line pointing to their tab. A finding's paragraph can be highlighted."""

    zoomRequested = Signal(int)

    def wheelEvent(self, event) -> None:
        if not wheel_zoom(self, event):
            super().wheelEvent(event)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAcceptDrops(False)
        self.viewport().setAcceptDrops(False)  # a dropped report goes to the window
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self._blocks: dict[int, int] = {}  # document.blocks index -> QTextBlock number
        self._section_blocks: dict[str, int] = {}
        self.document().setDocumentMargin(18)

    def show_report(self, report, grid_tables: dict[int, str]) -> None:
        self.clear()
        self._blocks.clear()
        self._section_blocks.clear()
        doc = report.document
        headings = {sec.heading_index: key for key, sec in report.sections.items() if sec.heading_index is not None}
        title = report.title
        cursor = QTextCursor(self.document())
        base = QFont(self.font())
        normal = QTextCharFormat()
        normal.setFont(base)
        head = QTextCharFormat()
        hf = QFont(base)
        hf.setBold(True)
        hf.setPointSizeF(base.pointSizeF() * 1.15)
        head.setFont(hf)
        tit = QTextCharFormat()
        tf = QFont(base)
        tf.setBold(True)
        tf.setPointSizeF(base.pointSizeF() * 1.35)
        tit.setFont(tf)
        grid_fmt = QTextCharFormat()
        grid_fmt.setForeground(Colors.MUTED)
        gf = QFont(base)
        gf.setItalic(True)
        grid_fmt.setFont(gf)
        first = True
        for i, block in enumerate(doc.blocks):
            bf = QTextBlockFormat()
            bf.setBottomMargin(6)
            bf.setLineHeight(135, 1)  # proportional line height (QTextBlockFormat.ProportionalHeight)
            if isinstance(block, Paragraph):
                text = block.text
                if block is title:
                    fmt = tit
                    bf.setAlignment(Qt.AlignmentFlag.AlignHCenter)
                    bf.setBottomMargin(12)
                elif i in headings:
                    fmt = head
                    bf.setTopMargin(10)
                elif block.heading_level:
                    fmt = head
                else:
                    fmt = normal
                    bf.setTextIndent(2 * QFontMetrics(base).horizontalAdvance("中"))
            elif isinstance(block, Grid):
                table = grid_tables.get(block.index)
                where = f"{table_name(table)}，请在「{table_name(table)}」标签页中查看和修改" if table else "未识别为统计表"
                text = f"〔表格：{where}〕"
                fmt = grid_fmt
            else:  # pragma: no cover
                continue
            if getattr(block, "outside", False):
                # the portal's page around the report: kept and shown, greyed, never checked
                fmt = QTextCharFormat(fmt)
                fmt.setForeground(QColor("#9aa1a9"))
                if text and block is self._first_outside(doc, i):
                    text = say("text-outside-report", text=text)
            if first:
                cursor.setBlockFormat(bf)
                first = False
            else:
                cursor.insertBlock(bf)
            cursor.setCharFormat(fmt)
            cursor.insertText(text)
            self._blocks[i] = cursor.block().blockNumber()
            if i in headings:
                self._section_blocks[headings[i]] = i
        if not doc.blocks:
            cursor.insertText("（文件中没有正文。）")
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.setExtraSelections([])

    @staticmethod
    def _first_outside(doc, i: int):
        """The first block of a run of blocks outside the report (it carries the explanation)."""
        start = i
        while start > 0 and getattr(doc.blocks[start - 1], "outside", False):
            start -= 1
        return doc.blocks[start]

    def has_block(self, block_index: int) -> bool:
        return block_index in self._blocks

    def highlight(self, block_index: int | None, severity: str | None = None, figure=None) -> None:
        """Mark the paragraph of a finding lightly and, when the finding is about a figure the
        text states (``figure``: a (start, end) span in the paragraph, or the number itself),
        that figure strongly — not the whole paragraph."""
        if block_index is None or block_index not in self._blocks:
            self.setExtraSelections([])
            return
        block = self.document().findBlockByNumber(self._blocks[block_index])
        strong = Colors.STRONG_BG.get(severity, QColor("#dbe8fb"))
        span = figure_span(block.text(), figure)
        sel = QTextEdit.ExtraSelection()
        sel.cursor = QTextCursor(block)
        fmt = QTextCharFormat()
        fmt.setBackground(Colors.WEAK_BG.get(severity, QColor("#eef4fd")) if span else strong)
        fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
        sel.format = fmt
        # the whole paragraph, not just its first line
        sel2 = QTextEdit.ExtraSelection()
        cur2 = QTextCursor(block)
        cur2.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        sel2.cursor = cur2
        fmt2 = QTextCharFormat()
        fmt2.setBackground(sel.format.background())
        sel2.format = fmt2
        sels = [sel, sel2]
        if span:
            sel3 = QTextEdit.ExtraSelection()
            cur3 = QTextCursor(block)
            cur3.setPosition(block.position() + span[0])
            cur3.setPosition(block.position() + span[1], QTextCursor.MoveMode.KeepAnchor)
            sel3.cursor = cur3
            fmt3 = QTextCharFormat()
            fmt3.setBackground(strong)
            fmt3.setFontWeight(QFont.Weight.Bold)
            fmt3.setFontUnderline(True)  # not by colour alone
            sel3.format = fmt3
            sels.append(sel3)
        self.setExtraSelections(sels)
        self.highlighted_span = span
        self._scroll_to(block)

    def scroll_to_section(self, key: str) -> bool:
        i = self._section_blocks.get(key)
        if i is None:
            return False
        self.highlight(None)
        self._scroll_to(self.document().findBlockByNumber(self._blocks[i]))
        return True

    def _scroll_to(self, block) -> None:
        cur = QTextCursor(block)
        self.setTextCursor(cur)
        rect = self.document().documentLayout().blockBoundingRect(block)
        bar = self.verticalScrollBar()
        bar.setValue(max(0, int(rect.top() - self.viewport().height() / 4)))


# ===================================================================================== outline


STATUS_TEXT = {"standard": ("✓", "规范"), "nonstandard": ("!", "标题不规范"), "missing": ("✕", "缺失")}
STATUS_COLOR = {"standard": Colors.OK, "nonstandard": Colors.FG[WARNING], "missing": Colors.FG[ERROR]}


class OutlineView(QTreeWidget):
    """The six sections of the report, each marked 规范 / 标题不规范 / 缺失."""

    sectionActivated = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels(["报告结构（六个部分）", "状态"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setAccessibleName("报告结构")
        h = self.header()
        h.setStretchLastSection(False)
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.itemActivated.connect(self._activated)
        self.itemClicked.connect(self._activated)
        self.setAcceptDrops(False)

    def _activated(self, item, _col=0) -> None:
        key = item.data(0, Qt.ItemDataRole.UserRole)
        if key:
            self.sectionActivated.emit(key)

    def show_report(self, report) -> None:
        self.clear()
        if report.document.kind == "xlsx":
            self._note("Excel 文件只含表格，不核对六个部分。")
            return
        if report.format_key == "pre-2019":
            self._note("旧版格式（2019年以前）不分六个部分。")
            return
        for spec in SECTIONS:
            sec = report.sections.get(spec.key)
            item = QTreeWidgetItem([spec.standard_heading, ""])
            item.setData(0, Qt.ItemDataRole.UserRole, spec.key)
            if sec is None:
                item.setText(1, "—")
            else:
                glyph, word = STATUS_TEXT.get(sec.status, ("", sec.status))
                table = report.tables.get(spec.key)
                if sec.status == "missing" and table is not None and table.found:
                    word = say("outline-heading-missing")  # the table of this section is there: only its heading is not
                item.setText(1, f"{glyph} {word}")
                item.setForeground(1, QBrush(STATUS_COLOR.get(sec.status, Colors.TEXT)))
                if sec.status != "standard":
                    f = item.font(1)
                    f.setBold(True)
                    item.setFont(1, f)
                tip = spec.standard_heading
                if sec.status == "nonstandard" and sec.heading is not None:
                    tip = f"文中写作「{sec.heading.text.strip()}」，标准标题为「{spec.standard_heading}」。"
                elif sec.status == "missing":
                    tip = f"文中没有找到「{spec.standard_heading}」这一部分的标题。"
                    table = report.tables.get(spec.key)
                    if table is not None and table.found:
                        tip += f"{table_name(spec.key)}已找到并已核对。"
                item.setToolTip(0, tip)
                item.setToolTip(1, tip)
            self.addTopLevelItem(item)

    def _note(self, text: str) -> None:
        item = QTreeWidgetItem([text, ""])
        item.setForeground(0, QBrush(Colors.MUTED))
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.addTopLevelItem(item)

    def select_section(self, key: str | None) -> None:
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            if item.data(0, Qt.ItemDataRole.UserRole) == key:
                self.blockSignals(True)
                self.setCurrentItem(item)
                self.blockSignals(False)
                return
        self.clearSelection()

    def fitting_height(self) -> int:
        rows = max(self.topLevelItemCount(), 1)
        row_h = self.sizeHintForRow(0) if self.topLevelItemCount() else self.fontMetrics().height() + 8
        return self.header().sizeHint().height() + rows * row_h + 2 * self.frameWidth() + 4


# ===================================================================================== header


class HeaderBar(QFrame):
    """The report's identity (title, agency, year, format, file) and the counts per severity."""

    filterRequested = Signal(object)  # severity or None

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("HeaderBar")
        self.setStyleSheet("#HeaderBar { background: #f4f6f9; border-bottom: 1px solid #d0d7de; }")
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 14, 8)
        row.setSpacing(12)
        left = QVBoxLayout()
        left.setSpacing(3)
        self.title = QLabel()
        f = self.title.font()
        f.setPointSizeF(f.pointSizeF() * 1.3)
        f.setBold(True)
        self.title.setFont(f)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.info = QLabel()
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.info.setStyleSheet("color: #3d444d;")
        # long file or format names wrap onto a second line instead of being cut off at 1366 px
        self.info.setWordWrap(True)
        self.verdict = QLabel()
        left.addWidget(self.title)
        left.addWidget(self.info)
        left.addWidget(self.verdict)
        row.addLayout(left, 1)
        self.buttons: dict[str, QToolButton] = {}
        for sev in (ERROR, WARNING, INFO):
            b = QToolButton(self)
            b.setAutoRaise(False)
            b.setCursor(Qt.CursorShape.PointingHandCursor)
            b.setToolTip(f"只列出{SEVERITY_ZH[sev]}")
            b.clicked.connect(lambda _=False, s=sev: self.filterRequested.emit(s))
            self.buttons[sev] = b
            row.addWidget(b, 0, Qt.AlignmentFlag.AlignVCenter)

    def show_result(self, result, checked_at: str) -> None:
        r = result.report
        path = Path(result.path)
        title = r.title.text.strip() if r.title is not None and r.title.text.strip() else path.stem
        self.title.setText(title)
        self.title.setToolTip(title)
        fmt = f"{r.format.name}（{r.format.document}）" if r.format else "未能判断"
        parts = [
            f"发布机关：<b>{r.agency or '（未识别）'}</b>",
            f"年度：<b>{r.year if r.year else '（未识别）'}</b>",
            f"格式：<b>{fmt}</b>",
            f"文件：{path.name}",
            f"检查时间：{checked_at}",
        ]
        self.info.setText("<span style='color:#8c959f'> | </span>".join(
            f"<span style='white-space:nowrap'>{p}</span>" for p in parts))
        self.info.setToolTip(str(path))
        self.show_counts(result)

    def show_counts(self, result) -> None:
        counts = {ERROR: result.errors, WARNING: result.warnings, INFO: result.infos}
        for sev, b in self.buttons.items():
            n = counts[sev]
            b.setText(f" {SEVERITY_GLYPH[sev]}  {SEVERITY_ZH[sev]} {n} ")
            color = severity_css(sev) if n else "#8c959f"
            bg = Colors.WEAK_BG[sev].name() if n else "#f6f8fa"
            b.setStyleSheet(
                f"QToolButton {{ color: {color}; background: {bg}; border: 1px solid {color}; border-radius: 11px;"
                f" padding: 3px 10px; font-weight: bold; }} QToolButton:hover {{ background: #ffffff; }}"
            )
            b.setAccessibleName(f"{SEVERITY_ZH[sev]} {n} 个")
        e, w = counts[ERROR], counts[WARNING]
        if e:
            text = f"<span style='color:{severity_css(ERROR)}'><b>✕ 发现 {e} 个错误，需要更正</b></span>"
            if w:
                text += f"<span style='color:{severity_css(WARNING)}'>；另有 {w} 个警告请留意</span>"
        elif w:
            text = f"<span style='color:{severity_css(WARNING)}'><b>! 没有发现错误，有 {w} 个警告请留意</b></span>"
        else:
            text = f"<span style='color:{Colors.OK.name()}'><b>✓ 没有发现问题</b></span>"
        self.verdict.setText(text)


# ===================================================================================== welcome


class WelcomePage(QWidget):
    """What an empty window shows: what to drop on it, the sample reports, the recent files."""

    openRequested = Signal()
    pathRequested = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 30, 40, 30)
        outer.addStretch(1)
        card = QFrame(self)
        card.setObjectName("DropCard")
        card.setStyleSheet("#DropCard { border: 2px dashed #9aa6b4; border-radius: 12px; background: #fafbfc; }")
        card.setMaximumWidth(820)
        box = QVBoxLayout(card)
        box.setContentsMargins(36, 28, 36, 28)
        box.setSpacing(12)
        head = QLabel("把年度报告拖到这里")
        f = head.font()
        f.setPointSizeF(f.pointSizeF() * 1.8)
        f.setBold(True)
        head.setFont(f)
        head.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(head)
        text = QLabel(
            "请把《政府信息公开工作年度报告》的 Word 文件（.docx）或填写三张统计表的 Excel 文件（.xlsx）"
            "拖到这个窗口上，也可以点击下面的「打开报告」。本工具核对六个部分是否齐全、三张统计表的勾稽关系，"
            "以及正文中的数字与表格是否一致；原文件不会被修改。"
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setStyleSheet("color: #3d444d;")
        box.addWidget(text)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.open_button = QPushButton("打开报告(&O)…")
        self.open_button.setDefault(True)
        self.open_button.setMinimumHeight(34)
        self.open_button.setStyleSheet("QPushButton { padding: 4px 22px; font-weight: bold; }")
        self.open_button.clicked.connect(self.openRequested)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        self.samples_label = QLabel("没有报告在手边？先打开示例报告看看：")
        self.samples_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.samples_label.setStyleSheet("color: #57606a; margin-top: 8px;")
        box.addWidget(self.samples_label)
        self.samples_row = QHBoxLayout()
        box.addLayout(self.samples_row)
        self.recent_label = QLabel("最近打开的文件（双击打开）：")
        self.recent_label.setStyleSheet("color: #57606a; margin-top: 8px;")
        box.addWidget(self.recent_label)
        self.recent = QListWidget()
        self.recent.setMaximumHeight(130)
        self.recent.setAccessibleName("最近打开的文件")
        self.recent.itemActivated.connect(lambda item: self.pathRequested.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.recent.setToolTip("双击打开")
        self.recent.setAcceptDrops(False)
        box.addWidget(self.recent)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 10)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def set_samples(self, paths: list[Path]) -> None:
        while self.samples_row.count():
            item = self.samples_row.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.samples_label.setVisible(bool(paths))
        if not paths:
            return
        self.samples_row.addStretch(1)
        for p in paths:
            b = QPushButton(f"示例：{p.stem.replace('示例报告-', '')}（{p.suffix.lstrip('.')}）")
            b.setToolTip(str(p))
            b.clicked.connect(lambda _=False, p=p: self.pathRequested.emit(str(p)))
            self.samples_row.addWidget(b)
        self.samples_row.addStretch(1)

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for p in paths:
            item = QListWidgetItem(f"{Path(p).name}　—　{Path(p).parent}")
            item.setData(Qt.ItemDataRole.UserRole, p)
            item.setToolTip(p)
            self.recent.addItem(item)
        self.recent_label.setVisible(bool(paths))
        self.recent.setVisible(bool(paths))
        if paths:
            rows = min(len(paths), 6)
            self.recent.setFixedHeight(rows * max(self.recent.sizeHintForRow(0), 18) + 2 * self.recent.frameWidth() + 4)
