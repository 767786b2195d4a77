"""A page of a published PDF as pixels, for the window's view of the original page (the cell a
finding is about is boxed there). PDFium (pypdfium2) is the library the PDF reader already uses,
so showing a page costs nothing more in the build; the window turns the pixels into an image.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MAX_PIXELS = 24_000_000  # a page is scaled down rather than allocate more than this (a huge page is a bomb)
MAX_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True)
class RenderedPage:
    number: int  # 1-based
    width: int  # pixels
    height: int
    stride: int
    pixels: bytes  # BGR, 3 bytes per pixel, rows of ``stride`` bytes
    scale: float  # pixels per PDF point
    page_count: int


class RenderError(Exception):
    """The page cannot be shown; ``message`` is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_pdf_bytes(path) -> bytes:
    """The file's bytes, read once and closed at once (the file is never kept open or locked)."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise RenderError(f"文件「{p.name}」太大，无法显示原文页面。")
        with open(p, "rb") as f:
            return f.read(MAX_BYTES + 1)
    except OSError as e:
        raise RenderError(f"无法读取「{p.name}」来显示原文页面（{e.strerror or e}）。") from e


def render_page(data: bytes, page: int, scale: float = 2.0) -> RenderedPage:
    """Render page ``page`` (1-based) of a PDF held in ``data``."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except Exception as e:  # noqa: BLE001 - PDFium's own errors
        raise RenderError("无法打开这个 PDF 来显示原文页面。") from e
    try:
        n = len(doc)
        if not 1 <= page <= n:
            raise RenderError(f"PDF 只有 {n} 页，没有第 {page} 页。")
        pg = doc[page - 1]
        try:
            w, h = pg.get_size()
            if w * h * scale * scale > MAX_PIXELS:
                scale = max(0.1, (MAX_PIXELS / max(1.0, w * h)) ** 0.5)
            bm = pg.render(scale=scale)
            try:
                return RenderedPage(page, bm.width, bm.height, bm.stride, bytes(bm.buffer), scale, n)
            finally:
                bm.close()
        finally:
            pg.close()
    finally:
        doc.close()
