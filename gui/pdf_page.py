"""The original page of a published PDF, with the cell of the selected finding boxed: the reviewer
sees the figure where it was printed. Pixels come from the core (PDFium); this only shows them."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from core.readers.pdf_render import RenderError, read_pdf_bytes, render_page


class PdfPageView(QWidget):
    """One page at a time; ``show_box(page, box)`` turns to the page and boxes ``box`` (x0, top,
    x1, bottom in points from the page's top-left corner)."""

    def __init__(self, path, parent=None):
        super().__init__(parent)
        self.path = path
        self._data: bytes | None = None
        self._cache: dict[int, QImage] = {}
        self._scale = 2.0
        self.page: int | None = None
        self.box = None
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        self.caption = QLabel("选择一个问题，这里显示它在原文 PDF 中的位置。")
        self.caption.setStyleSheet("color: #57606a;")
        box.addWidget(self.caption)
        self.area = QScrollArea(self)
        self.area.setWidgetResizable(False)
        self.area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.area.setWidget(self.image)
        box.addWidget(self.area, 1)
        self.setAccessibleName("原文页面")

    def _page_image(self, page: int) -> QImage:
        if page not in self._cache:
            if self._data is None:
                self._data = read_pdf_bytes(self.path)
            r = render_page(self._data, page, self._scale)
            self._scale = r.scale
            img = QImage(r.pixels, r.width, r.height, r.stride, QImage.Format.Format_BGR888).copy()
            self._cache = {page: img}  # one page kept: a long PDF must not fill the memory
        return self._cache[page]

    def show_box(self, page: int, box=None, what: str = "") -> bool:
        try:
            img = self._page_image(page)
        except RenderError as e:
            self.caption.setText(e.message)
            return False
        pix = QPixmap.fromImage(img)
        if box is not None:
            x0, top, x1, bottom = box
            s = self._scale
            p = QPainter(pix)
            pen = QPen(QColor("#d1242f"))
            pen.setWidthF(max(2.0, s * 1.2))
            p.setPen(pen)
            p.drawRect(QRectF(x0 * s - 3, top * s - 3, (x1 - x0) * s + 6, (bottom - top) * s + 6))
            p.end()
        self.image.setPixmap(pix)
        self.image.resize(pix.size())
        self.page, self.box = page, box
        self.caption.setText(f"原文第 {page} 页" + (f"：{what}（红框处）" if what and box else ""))
        if box is not None:
            s = self._scale
            self.area.ensureVisible(int((box[0] + box[2]) / 2 * s), int((box[1] + box[3]) / 2 * s), 200, 200)
        return True
