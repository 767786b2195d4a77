"""Low-level extraction from a PDF page through PDFium (pypdfium2): characters with their boxes and
the ruling lines (stroked lines, rectangle edges, thin filled bars), in top-down page coordinates.

Only this module talks to pypdfium2; the rest of the PDF reader works on plain tuples.
"""

from __future__ import annotations

import ctypes
import unicodedata
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as R

# Per-page limits: a page beyond them is a bomb, not a report.
MAX_PAGE_OBJECTS = 60_000
MAX_PAGE_CHARS = 60_000
MAX_PATH_SEGMENTS = 200_000


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    chars: list[Char]
    hlines: list[tuple[float, float, float]]  # (y, x0, x1), top-down
    vlines: list[tuple[float, float, float]]  # (x, y0, y1), top-down
    images: int = 0
    image_area: float = 0.0


# CJK Radicals Supplement characters that a font's reverse mapping gives for the glyph of a common
# ideograph (Qt/FreeType subsets of Noto CJK: 民 → ⺠, 门 → ⻔, 见 → ⻅), after Unicode's
# EquivalentUnifiedIdeograph.txt; Kangxi radicals and compatibility ideographs go through NFKC.
_RADICALS = {
    0x2E80: 0x51AB, 0x2E81: 0x5382, 0x2E84: 0x4E59, 0x2E85: 0x4EBB, 0x2E86: 0x5182, 0x2E87: 0x51E0,
    0x2E89: 0x5202, 0x2E8A: 0x535C, 0x2E8C: 0x5C0F, 0x2E8D: 0x5C0F, 0x2E8E: 0x5140, 0x2E8F: 0x5C23,
    0x2E90: 0x5C22, 0x2E92: 0x5DF3, 0x2E93: 0x5E7A, 0x2E94: 0x5F50, 0x2E96: 0x5FC4, 0x2E97: 0x5FC3,
    0x2E98: 0x624C, 0x2E99: 0x6535, 0x2E9B: 0x65E1, 0x2E9C: 0x65E5, 0x2E9D: 0x6708, 0x2E9E: 0x6B7A,
    0x2E9F: 0x6BCD, 0x2EA0: 0x6C11, 0x2EA1: 0x6C35, 0x2EA2: 0x6C3A, 0x2EA3: 0x706C, 0x2EA4: 0x722B,
    0x2EA5: 0x722B, 0x2EA6: 0x4E2C, 0x2EA7: 0x725B, 0x2EA8: 0x72AD, 0x2EA9: 0x738B, 0x2EAA: 0x758B,
    0x2EAB: 0x7F52, 0x2EAC: 0x793A, 0x2EAD: 0x793B, 0x2EAE: 0x7AF9, 0x2EAF: 0x7CF9, 0x2EB0: 0x7E9F,
    0x2EB2: 0x7F52, 0x2EB3: 0x7F53, 0x2EB7: 0x7F8A, 0x2EB9: 0x8002, 0x2EBB: 0x807F, 0x2EBC: 0x8089,
    0x2EBD: 0x81FC, 0x2EBE: 0x8279, 0x2EBF: 0x8279, 0x2EC0: 0x8279, 0x2EC1: 0x864E, 0x2EC2: 0x8864,
    0x2EC3: 0x8980, 0x2EC4: 0x897F, 0x2EC5: 0x89C1, 0x2EC6: 0x89D2, 0x2EC8: 0x8BA0, 0x2EC9: 0x8D1D,
    0x2ECA: 0x8DB3, 0x2ECB: 0x8F66, 0x2ECC: 0x8FB6, 0x2ECD: 0x8FB6, 0x2ECE: 0x8FB6, 0x2ECF: 0x961D,
    0x2ED0: 0x9485, 0x2ED1: 0x9577, 0x2ED2: 0x9578, 0x2ED3: 0x957F, 0x2ED4: 0x95E8, 0x2ED6: 0x961D,
    0x2ED7: 0x96E8, 0x2ED8: 0x9752, 0x2EDB: 0x98CE, 0x2EDC: 0x98DE, 0x2EDD: 0x98DF, 0x2EDF: 0x98E0,
    0x2EE0: 0x9963, 0x2EE2: 0x9A6C, 0x2EE3: 0x9AA8, 0x2EE4: 0x9B3C, 0x2EE5: 0x9C7C, 0x2EE6: 0x9E1F,
    0x2EE7: 0x5364, 0x2EE8: 0x9EA6, 0x2EE9: 0x9EC4, 0x2EEA: 0x9EFE, 0x2EEC: 0x9F50, 0x2EEE: 0x9F7F,
    0x2EF0: 0x9F99, 0x2EF3: 0x9F9F,
    0x6236: 0x6237,  # 戶 → 户: Noto CJK SC draws both with one glyph
}


def _norm_char(u: int) -> str:
    m = _RADICALS.get(u)
    if m is not None:
        return chr(m)
    if 0x2F00 <= u <= 0x2FDF or 0xF900 <= u <= 0xFAFF or 0x2F800 <= u <= 0x2FA1F:
        n = unicodedata.normalize("NFKC", chr(u))
        return "".join(chr(_RADICALS.get(ord(c), ord(c))) for c in n)
    return chr(u)


class PageTooComplex(Exception):
    pass


def _clip_box(obj_raw, height: float, cache: dict, x, y):
    """Bounding box (x0, top, x1, bottom) of an object's clip path, or None (not clipped).
    Writers that print a long table page by page (Qt) draw every row on every page and clip:
    what lies outside the clip is not on the page."""
    key = ctypes.cast(obj_raw, ctypes.c_void_p).value
    if key in cache:
        return cache[key]
    box = None
    clip = R.FPDFPageObj_GetClipPath(obj_raw)
    if clip:
        n = R.FPDFClipPath_CountPaths(clip)
        for k in range(min(n, 16)):
            m = R.FPDFClipPath_CountPathSegments(clip, k)
            if m <= 0 or m > 64:
                continue
            xs, ys = [], []
            for s in range(m):
                seg = R.FPDFClipPath_GetPathSegment(clip, k, s)
                if seg and R.FPDFPathSegment_GetPoint(seg, x, y):
                    xs.append(x.value)
                    ys.append(height - y.value)
            if not xs:
                continue
            b = (min(xs), min(ys), max(xs), max(ys))
            box = b if box is None else (max(box[0], b[0]), max(box[1], b[1]), min(box[2], b[2]), min(box[3], b[3]))
    cache[key] = box
    return box


def _transform(m, x, y):
    return m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f


def page_content(page: "pdfium.PdfPage", number: int) -> PageContent:
    width, height = page.get_size()
    raw = page.raw
    nobj = R.FPDFPage_CountObjects(raw)
    if nobj > MAX_PAGE_OBJECTS:
        raise PageTooComplex(f"page {number}: {nobj} objects")
    chars: list[Char] = []
    tp = page.get_textpage()
    try:
        t = tp.raw
        n = R.FPDFText_CountChars(t)
        if n > MAX_PAGE_CHARS:
            raise PageTooComplex(f"page {number}: {n} chars")
        rect = R.FS_RECTF()
        cx_, cy_ = ctypes.c_float(), ctypes.c_float()
        clips: dict = {}
        get_obj = R.FPDFText_GetTextObject
        get_u, is_gen, loose = R.FPDFText_GetUnicode, R.FPDFText_IsGenerated, R.FPDFText_GetLooseCharBox
        fsize, weight = R.FPDFText_GetFontSize, R.FPDFText_GetFontWeight
        for i in range(n):
            u = get_u(t, i)
            if u in (0, 0xFFFE, 0xFFFF) or 0xD800 <= u <= 0xDFFF or u < 32 and u not in (9,):
                continue
            if is_gen(t, i):
                continue
            if not loose(t, i, rect):
                continue
            x0, x1 = rect.left, rect.right
            top, bottom = height - rect.top, height - rect.bottom
            if top > bottom:
                top, bottom = bottom, top
            mx, my = (x0 + x1) / 2, (top + bottom) / 2
            if not (0 <= mx <= width and 0 <= my <= height):
                continue  # drawn outside the page
            tobj = get_obj(t, i)
            if tobj:
                cb = _clip_box(tobj, height, clips, cx_, cy_)
                if cb is not None and not (cb[0] - 1 <= mx <= cb[2] + 1 and cb[1] - 1 <= my <= cb[3] + 1):
                    continue  # clipped away by the writer
            chars.append(Char(_norm_char(u), x0, top, x1, bottom, fsize(t, i), weight(t, i) >= 600))
    finally:
        tp.close()
    hl: list[tuple[float, float, float]] = []
    vl: list[tuple[float, float, float]] = []
    images = 0
    image_area = 0.0
    segs_total = 0
    clips = {}
    x = ctypes.c_float()
    y = ctypes.c_float()
    fill = ctypes.c_int()
    stroke = ctypes.c_int()
    for obj in page.get_objects(max_depth=3):
        typ = obj.type
        if typ == R.FPDF_PAGEOBJ_IMAGE:
            images += 1
            try:
                l, b, r, tt = obj.get_bounds()
                image_area += max(0.0, r - l) * max(0.0, tt - b)
            except Exception:  # noqa: BLE001 - a broken image is no ruling line
                pass
            continue
        if typ != R.FPDF_PAGEOBJ_PATH:
            continue
        o = obj.raw
        nseg = R.FPDFPath_CountSegments(o)
        if nseg <= 0:
            continue
        segs_total += nseg
        if segs_total > MAX_PATH_SEGMENTS:
            raise PageTooComplex(f"page {number}: {segs_total} path segments")
        R.FPDFPath_GetDrawMode(o, fill, stroke)
        if not fill.value and not stroke.value:
            continue
        try:
            mats = [obj.get_matrix()]
            c = obj.container
            while c is not None and len(mats) < 5:
                mats.append(c.get_matrix())
                c = c.container
        except Exception:  # noqa: BLE001
            continue
        pts: list[tuple[float, float, int, bool]] = []
        for s in range(nseg):
            seg = R.FPDFPath_GetPathSegment(o, s)
            if not seg:
                continue
            R.FPDFPathSegment_GetPoint(seg, x, y)
            px, py = x.value, y.value
            for m in mats:
                px, py = _transform(m, px, py)
            pts.append((px, height - py, R.FPDFPathSegment_GetType(seg), bool(R.FPDFPathSegment_GetClose(seg))))
        cb = _clip_box(o, height, clips, x, y)
        if cb is not None:
            a, b = len(hl), len(vl)
            _path_lines(pts, bool(fill.value), bool(stroke.value), hl, vl)
            hl[a:] = [(yy, max(x0, cb[0]), min(x1, cb[2])) for yy, x0, x1 in hl[a:] if cb[1] - 1 <= yy <= cb[3] + 1 and x1 > cb[0] and x0 < cb[2]]
            vl[b:] = [(xx, max(y0, cb[1]), min(y1, cb[3])) for xx, y0, y1 in vl[b:] if cb[0] - 1 <= xx <= cb[2] + 1 and y1 > cb[1] and y0 < cb[3]]
        else:
            _path_lines(pts, bool(fill.value), bool(stroke.value), hl, vl)
    hl = [(y, max(a, 0.0), min(b, width)) for y, a, b in hl if 0 <= y <= height and b > 0 and a < width]
    vl = [(x, max(a, 0.0), min(b, height)) for x, a, b in vl if 0 <= x <= width and b > 0 and a < height]
    return PageContent(number, width, height, chars, hl, vl, images, image_area)


THIN = 2.5  # a filled bar thinner than this is a drawn line


def _path_lines(pts, filled: bool, stroked: bool, hl: list, vl: list) -> None:
    """Turn one path into horizontal/vertical ruling segments."""
    # split into subpaths at each moveto
    subs: list[list[tuple[float, float]]] = []
    closed: list[bool] = []
    for px, py, typ, close in pts:
        if typ == R.FPDF_SEGMENT_MOVETO or not subs:
            subs.append([(px, py)])
            closed.append(False)
        else:
            subs[-1].append((px, py))
        if close:
            closed[-1] = True
    for sub, cl in zip(subs, closed):
        if len(sub) < 2:
            continue
        xs = [p[0] for p in sub]
        ys = [p[1] for p in sub]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        if filled and (cl or len(sub) >= 4) and (w < THIN or h < THIN):
            # a thin bar: one line along its long side
            if w >= h and w > 1:
                hl.append(((min(ys) + max(ys)) / 2, min(xs), max(xs)))
            elif h > 1:
                vl.append(((min(xs) + max(xs)) / 2, min(ys), max(ys)))
            continue
        if not stroked and not filled:
            continue
        if filled and not stroked and w > 30 and h > 30:
            # a large filled area (shading, a page background): its edges are no ruling lines
            continue
        seq = sub + ([sub[0]] if cl or (filled and len(sub) >= 4) else [])
        for (ax, ay), (bx, by) in zip(seq, seq[1:]):
            if abs(ay - by) <= 0.8 and abs(ax - bx) > 1:
                hl.append(((ay + by) / 2, min(ax, bx), max(ax, bx)))
            elif abs(ax - bx) <= 0.8 and abs(ay - by) > 1:
                vl.append(((ax + bx) / 2, min(ay, by), max(ay, by)))
