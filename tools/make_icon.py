"""Draw the application icon and write resources/icons/app.png (256 px) and app.ico.

    python tools/make_icon.py            # writes resources/icons/app.png and app.ico
    python tools/make_icon.py --check    # exits 1 if the committed files differ from a fresh drawing

The picture: a white page with a folded corner and a blue frame, a red title bar and grey-blue
lines of text (a report), and a round red badge with a white check mark in the lower right.
Every size is painted at its own resolution (not scaled down from 256 px), with fewer details
at 16 and 24 px so the small icons stay crisp.

The .ico container is written here without Pillow: 16-128 px as 32-bit BMP (DIB) images with an
AND mask, 256 px as PNG, which is how Windows' own icons are laid out and what every version of
Explorer and the resource compiler accept. Needs only PySide6 (painted offscreen, no display).
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
)

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
_app = None

RED = QColor("#C8161D")  # 中国红 (the red of official seals and headers)
RED_DARK = QColor("#9E1016")
BLUE = QColor("#1F4E9A")  # 政务蓝
LINE = QColor("#9DB0CF")
PAGE = QColor("#FFFFFF")
FOLD = QColor("#DCE4F2")


def paint(size: int) -> QImage:
    """The icon at ``size`` x ``size`` pixels, drawn in a 256-unit coordinate system."""
    img = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    s = size / 256.0
    p.scale(s, s)
    small = size <= 24
    # strokes at least ~1 device pixel wide
    frame_w = max(10.0, 1.2 / s) if small else max(8.0, 1.0 / s)

    # --- the page with a folded top-right corner -------------------------------------------
    left, top, right, bottom, fold = 40.0, 16.0, 200.0, 232.0, 48.0
    if small:
        left, top, right, bottom, fold = 34.0, 12.0, 206.0, 240.0, 56.0
    page = QPainterPath()
    page.moveTo(left, top)
    page.lineTo(right - fold, top)
    page.lineTo(right, top + fold)
    page.lineTo(right, bottom)
    page.lineTo(left, bottom)
    page.closeSubpath()
    p.setPen(QPen(BLUE, frame_w, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
    p.setBrush(QBrush(PAGE))
    p.drawPath(page)

    corner = QPainterPath()
    corner.moveTo(right - fold, top)
    corner.lineTo(right - fold, top + fold)
    corner.lineTo(right, top + fold)
    corner.closeSubpath()
    p.setBrush(QBrush(FOLD))
    p.drawPath(corner)

    # --- a red title bar and lines of text --------------------------------------------------
    p.setPen(Qt.PenStyle.NoPen)
    inner_l = left + (30 if not small else 34)
    p.setBrush(QBrush(RED))
    if small:
        p.drawRect(QRectF(inner_l, top + 40, right - fold - inner_l - 14, 28))
    else:
        p.drawRoundedRect(QRectF(inner_l, top + 30, right - fold - inner_l - 12, 20), 4, 4)
        p.setBrush(QBrush(LINE))
        ys = (top + 74, top + 102, top + 130, top + 158)
        widths = (right - inner_l - 30, right - inner_l - 30, right - inner_l - 70, right - inner_l - 100)
        for y, w in zip(ys, widths):
            p.drawRoundedRect(QRectF(inner_l, y, w, 12), 6, 6)

    # --- the badge with a check mark ---------------------------------------------------------
    r = 58.0 if not small else 70.0
    cx, cy = 256 - r - 8, 256 - r - 8
    p.setBrush(QBrush(RED))
    p.setPen(QPen(PAGE, 10.0 if not small else 14.0))
    p.drawEllipse(QPointF(cx, cy), r, r)
    if not small:  # a thin darker ring gives the badge an edge on white backgrounds
        p.setPen(QPen(RED_DARK, 3.0))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(QPointF(cx, cy), r - 1.5, r - 1.5)
    tick = QPainterPath()
    tick.moveTo(cx - r * 0.48, cy + r * 0.02)
    tick.lineTo(cx - r * 0.12, cy + r * 0.38)
    tick.lineTo(cx + r * 0.50, cy - r * 0.34)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(PAGE, r * (0.22 if not small else 0.30), Qt.PenStyle.SolidLine,
                  Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
    p.drawPath(tick)
    p.end()
    return img


def png_bytes(img: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not img.save(buf, "PNG"):
        raise RuntimeError("PNG encoding failed")
    buf.close()
    return bytes(data)


def bmp_entry(img: QImage) -> bytes:
    """An ICO image entry as a DIB: BITMAPINFOHEADER, BGRA rows bottom-up, then the AND mask."""
    img = img.convertToFormat(QImage.Format.Format_ARGB32)  # straight alpha, BGRA in memory
    w, h = img.width(), img.height()
    rows = []
    mask_rows = []
    mask_stride = ((w + 31) // 32) * 4
    for y in range(h - 1, -1, -1):
        line = bytes(img.constScanLine(y))[: w * 4]
        rows.append(line)
        bits = bytearray(mask_stride)
        for x in range(w):
            if line[x * 4 + 3] == 0:  # fully transparent -> mask bit set
                bits[x // 8] |= 0x80 >> (x % 8)
        mask_rows.append(bytes(bits))
    pixels = b"".join(rows)
    mask = b"".join(mask_rows)
    header = struct.pack("<IiiHHIIiiII", 40, w, h * 2, 1, 32, 0, len(pixels) + len(mask), 0, 0, 0, 0)
    return header + pixels + mask


def ico_bytes(images: dict[int, QImage]) -> bytes:
    entries = []
    for size in sorted(images):
        img = images[size]
        data = png_bytes(img) if size >= 256 else bmp_entry(img)
        entries.append((size, data))
    out = struct.pack("<HHH", 0, 1, len(entries))
    offset = 6 + 16 * len(entries)
    directory = b""
    blobs = b""
    for size, data in entries:
        dim = 0 if size >= 256 else size  # 0 means 256
        directory += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        blobs += data
    return out + directory + blobs


def read_ico_sizes(data: bytes) -> list[int]:
    """The sizes listed in an .ico directory (used by the tests and ``--check``)."""
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    if reserved != 0 or kind != 1:
        raise ValueError("not an .ico file")
    sizes = []
    for i in range(count):
        w = data[6 + 16 * i]
        sizes.append(256 if w == 0 else w)
    return sizes


def render() -> tuple[bytes, bytes]:
    global _app  # painting needs an application object, kept alive while we paint
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    images = {size: paint(size) for size in ICO_SIZES}
    return png_bytes(images[256]), ico_bytes(images)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    ap.add_argument("--out", type=Path, default=OUT_DIR, help="output folder (default resources/icons)")
    args = ap.parse_args(argv)
    png, ico = render()
    targets = {args.out / "app.png": png, args.out / "app.ico": ico}
    if args.check:
        stale = [str(p) for p, data in targets.items() if not p.exists() or p.read_bytes() != data]
        for s in stale:
            print(f"out of date: {s}")
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for path, data in targets.items():
        path.write_bytes(data)
        print(f"wrote {path} ({len(data)} bytes)")
    print(f"icon sizes: {read_ico_sizes(ico)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
