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


# ----- PDFium calls ---------------------------------------------------------------------------
# The reader makes a few calls per character and per object: through pypdfium2's bindings each
# call converts typed pointers (and ``ctypes.cast`` to compare two handles costs ~20 µs). The same
# PDFium functions are bound here once more with plain ``void *`` arguments and results: handles
# are ints, out-parameters are addresses, a handle compares and hashes as a number.

_v, _i, _f, _d = ctypes.c_void_p, ctypes.c_int, ctypes.c_float, ctypes.c_double


def _bind(name: str, restype, *argtypes):
    f = getattr(R, name)
    g = type(f)(ctypes.cast(f, ctypes.c_void_p).value)  # same library, same calling convention
    g.argtypes = argtypes
    g.restype = restype
    return g


_LoadPage = _bind("FPDF_LoadPage", _v, _v, _i)
_ClosePage = _bind("FPDF_ClosePage", None, _v)
_PageWidth = _bind("FPDF_GetPageWidthF", _f, _v)
_PageHeight = _bind("FPDF_GetPageHeightF", _f, _v)
_CountObjects = _bind("FPDFPage_CountObjects", _i, _v)
_GetObject = _bind("FPDFPage_GetObject", _v, _v, _i)
_ObjType = _bind("FPDFPageObj_GetType", _i, _v)
_ObjBounds = _bind("FPDFPageObj_GetBounds", _i, _v, _v, _v, _v, _v)
_ObjMatrix = _bind("FPDFPageObj_GetMatrix", _i, _v, _v)
_ObjClip = _bind("FPDFPageObj_GetClipPath", _v, _v)
_FormCount = _bind("FPDFFormObj_CountObjects", _i, _v)
_FormObject = _bind("FPDFFormObj_GetObject", _v, _v, _i)
_ClipCount = _bind("FPDFClipPath_CountPaths", _i, _v)
_ClipSegCount = _bind("FPDFClipPath_CountPathSegments", _i, _v, _i)
_ClipSeg = _bind("FPDFClipPath_GetPathSegment", _v, _v, _i, _i)
_PathSegCount = _bind("FPDFPath_CountSegments", _i, _v)
_PathSeg = _bind("FPDFPath_GetPathSegment", _v, _v, _i)
_PathDrawMode = _bind("FPDFPath_GetDrawMode", _i, _v, _v, _v)
_SegPoint = _bind("FPDFPathSegment_GetPoint", _i, _v, _v, _v)
_SegType = _bind("FPDFPathSegment_GetType", _i, _v)
_SegClose = _bind("FPDFPathSegment_GetClose", _i, _v)
_TextLoad = _bind("FPDFText_LoadPage", _v, _v)
_TextClose = _bind("FPDFText_ClosePage", None, _v)
_TextCount = _bind("FPDFText_CountChars", _i, _v)
_TextGet = _bind("FPDFText_GetText", _i, _v, _i, _i, _v)
_TextUnicode = _bind("FPDFText_GetUnicode", ctypes.c_uint, _v, _i)
_TextGenerated = _bind("FPDFText_IsGenerated", _i, _v, _i)
_TextLoose = _bind("FPDFText_GetLooseCharBox", _i, _v, _i, _v)
_TextObject = _bind("FPDFText_GetTextObject", _v, _v, _i)
_TextSize = _bind("FPDFText_GetFontSize", _d, _v, _i)
_TextWeight = _bind("FPDFText_GetFontWeight", _i, _v, _i)

_MOVETO = R.FPDF_SEGMENT_MOVETO
_PATH, _TEXT, _IMAGE, _FORM = R.FPDF_PAGEOBJ_PATH, R.FPDF_PAGEOBJ_TEXT, R.FPDF_PAGEOBJ_IMAGE, R.FPDF_PAGEOBJ_FORM


class _Out:
    """Out-parameters of the calls above, allocated once per page, passed by address."""

    def __init__(self):
        self.x, self.y = ctypes.c_float(), ctypes.c_float()
        self.fill, self.stroke = ctypes.c_int(), ctypes.c_int()
        self.m = R.FS_MATRIX()
        self.l, self.b, self.r, self.t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
        a = ctypes.addressof
        self.ax, self.ay, self.afill, self.astroke, self.am = a(self.x), a(self.y), a(self.fill), a(self.stroke), a(self.m)
        self.al, self.ab, self.ar, self.at = a(self.l), a(self.b), a(self.r), a(self.t)


def _clip_box(obj: int, height: float, out: _Out):
    """Bounding box (x0, top, x1, bottom) of an object's clip path, or None (not clipped).
    Writers that print a long table page by page (Qt) draw every row on every page and clip:
    what lies outside the clip is not on the page."""
    clip = _ObjClip(obj)
    if not clip:
        return None
    n = _ClipCount(clip)
    if n <= 0:
        return None
    box = None
    x, y, ax, ay = out.x, out.y, out.ax, out.ay
    for k in range(min(n, 16)):
        m = _ClipSegCount(clip, k)
        if m <= 0 or m > 64:
            continue
        xs, ys = [], []
        for s in range(m):
            seg = _ClipSeg(clip, k, s)
            if seg and _SegPoint(seg, ax, ay):
                xs.append(x.value)
                ys.append(height - y.value)
        if not xs:
            continue
        b = (min(xs), min(ys), max(xs), max(ys))
        box = b if box is None else (max(box[0], b[0]), max(box[1], b[1]), min(box[2], b[2]), min(box[3], b[3]))
    return box


def _matrix(o: int, out: _Out):
    if not _ObjMatrix(o, out.am):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    m = out.m
    return (m.a, m.b, m.c, m.d, m.e, m.f)


class _Walk:
    """One pass over a page's objects (forms descended into, up to 3 levels): ruling lines from
    paths, image count and area, and the text objects that their clip path cuts."""

    def __init__(self, width: float, height: float, number: int):
        self.width, self.height, self.number = width, height, number
        self.hl: list[tuple[float, float, float]] = []
        self.vl: list[tuple[float, float, float]] = []
        self.images = 0
        self.image_area = 0.0
        self.segs = 0
        self.objects = 0
        self.clipped: dict[int, tuple] = {}  # text object address → clip box, for objects the clip cuts
        self.out = _Out()

    def run(self, page: int) -> None:
        n = _CountObjects(page)
        if n > MAX_PAGE_OBJECTS:
            raise PageTooComplex(f"page {self.number}: more than {MAX_PAGE_OBJECTS} objects")
        self._objects([_GetObject(page, k) for k in range(n)], [], 0)

    def _objects(self, objs, outer: list, depth: int) -> None:
        self.objects += len(objs)
        if self.objects > MAX_PAGE_OBJECTS:
            raise PageTooComplex(f"page {self.number}: more than {MAX_PAGE_OBJECTS} objects")
        for o in objs:
            if not o:
                continue
            typ = _ObjType(o)
            if typ == _TEXT:
                self._text(o)
            elif typ == _PATH:
                self._path(o, outer)
            elif typ == _IMAGE:
                self.images += 1
                out = self.out
                if _ObjBounds(o, out.al, out.ab, out.ar, out.at):
                    self.image_area += max(0.0, out.r.value - out.l.value) * max(0.0, out.t.value - out.b.value)
            elif typ == _FORM and depth < 3:
                k = _FormCount(o)
                if k > 0:
                    self._objects([_FormObject(o, i) for i in range(min(k, MAX_PAGE_OBJECTS))],
                                  [_matrix(o, self.out)] + outer, depth + 1)

    def _text(self, o: int) -> None:
        out = self.out
        clip = _clip_box(o, self.height, out)
        if clip is None or not _ObjBounds(o, out.al, out.ab, out.ar, out.at):
            return
        x0, x1 = out.l.value, out.r.value
        top, bottom = self.height - out.t.value, self.height - out.b.value
        if x0 < clip[0] - 1 or x1 > clip[2] + 1 or top < clip[1] - 1 or bottom > clip[3] + 1:
            self.clipped[o] = clip

    def _path(self, o: int, outer: list) -> None:
        nseg = _PathSegCount(o)
        if nseg <= 0:
            return
        self.segs += nseg
        if self.segs > MAX_PATH_SEGMENTS:
            raise PageTooComplex(f"page {self.number}: {self.segs} path segments")
        out = self.out
        _PathDrawMode(o, out.afill, out.astroke)
        filled, stroked = bool(out.fill.value), bool(out.stroke.value)
        if not filled and not stroked:
            return
        mats = [_matrix(o, out)] + outer
        x, y, ax, ay, height = out.x, out.y, out.ax, out.ay, self.height
        pts = []
        for s in range(nseg):
            seg = _PathSeg(o, s)
            if not seg:
                continue
            _SegPoint(seg, ax, ay)
            px, py = x.value, y.value
            for a, b, c, d, e, f in mats:
                px, py = a * px + c * py + e, b * px + d * py + f
            pts.append((px, height - py, _SegType(seg), bool(_SegClose(seg))))
        hl, vl = [], []
        _path_lines(pts, filled, stroked, hl, vl)
        cb = _clip_box(o, height, out)
        if cb is not None:
            hl = [(yy, max(x0, cb[0]), min(x1, cb[2])) for yy, x0, x1 in hl if cb[1] - 1 <= yy <= cb[3] + 1 and x1 > cb[0] and x0 < cb[2]]
            vl = [(xx, max(y0, cb[1]), min(y1, cb[3])) for xx, y0, y1 in vl if cb[0] - 1 <= xx <= cb[2] + 1 and y1 > cb[1] and y0 < cb[3]]
        self.hl.extend(hl)
        self.vl.extend(vl)


def page_content(pdf: "pdfium.PdfDocument", index: int) -> PageContent:
    """The characters, ruling lines and images of page ``index`` (0-based) of an open document.
    The page and its text page are loaded and closed here (not through pypdfium2's wrappers)."""
    number = index + 1
    doc = ctypes.cast(pdf.raw, ctypes.c_void_p).value
    page = _LoadPage(doc, index)
    if not page:
        raise pdfium.PdfiumError(f"page {number}: PDFium cannot load it")  # a damaged file
    try:
        return _content(page, number)
    finally:
        _ClosePage(page)


def _content(page: int, number: int) -> PageContent:
    width, height = float(_PageWidth(page)), float(_PageHeight(page))
    walk = _Walk(width, height, number)
    walk.run(page)
    chars: list[Char] = []
    t = _TextLoad(page)
    if not t:
        raise pdfium.PdfiumError(f"page {number}: PDFium cannot read its text")
    try:
        n = _TextCount(t)
        if n > MAX_PAGE_CHARS:
            raise PageTooComplex(f"page {number}: {n} chars")
        buf = (ctypes.c_ushort * (n + 1))()
        got = _TextGet(t, 0, n, ctypes.addressof(buf)) if n else 0
        codes = list(buf[:n]) if got == n + 1 else [_TextUnicode(t, i) for i in range(n)]
        rect = R.FS_RECTF()
        arect = ctypes.addressof(rect)
        clipped = walk.clipped
        get_obj, is_gen, loose = _TextObject, _TextGenerated, _TextLoose
        fsize, weight = _TextSize, _TextWeight
        # size, boldness and clip box per text object: one font and size per object
        per_obj: dict = {}
        append = chars.append
        for i, u in enumerate(codes):
            if u < 32 or u in (0xFFFE, 0xFFFF) or 0xD800 <= u <= 0xDFFF:
                continue
            if (u == 0x20 or u == 0xA0) and is_gen(t, i):
                continue
            if not loose(t, i, arect):
                continue
            x0, x1 = rect.left, rect.right
            top, bottom = height - rect.top, height - rect.bottom
            if top > bottom:
                top, bottom = bottom, top
            mx, my = (x0 + x1) / 2, (top + bottom) / 2
            if not (0 <= mx <= width and 0 <= my <= height):
                continue  # drawn outside the page
            o = get_obj(t, i)
            info = per_obj.get(o) if o else None
            if info is None:
                info = (fsize(t, i), weight(t, i) >= 600, clipped.get(o) if o else None)
                if o:
                    per_obj[o] = info
            cb = info[2]
            if cb is not None:
                if not (cb[0] - 1 <= mx <= cb[2] + 1 and cb[1] - 1 <= my <= cb[3] + 1):
                    continue  # clipped away by the writer
                # mostly visible: keep the visible part of its box (Qt 6.11 draws a row cut by
                # the page break on both pages, its figures hanging over the page's bottom edge)
                x0, top, x1, bottom = max(x0, cb[0]), max(top, cb[1]), min(x1, cb[2]), min(bottom, cb[3])
            ch = chr(u) if u < 0x2E80 or 0x3000 <= u < 0x6236 or 0x6237 <= u < 0xF900 else _norm_char(u)
            append(Char(ch, x0, top, x1, bottom, info[0], info[1]))
    finally:
        _TextClose(t)
    hl = [(y, max(a, 0.0), min(b, width)) for y, a, b in walk.hl if 0 <= y <= height and b > 0 and a < width]
    vl = [(x, max(a, 0.0), min(b, height)) for x, a, b in walk.vl if 0 <= x <= width and b > 0 and a < height]
    return PageContent(number, width, height, chars, hl, vl, walk.images, walk.image_area)


THIN = 2.5  # a filled bar thinner than this is a drawn line


def _path_lines(pts, filled: bool, stroked: bool, hl: list, vl: list) -> None:
    """Turn one path into horizontal/vertical ruling segments."""
    # split into subpaths at each moveto
    subs: list[list[tuple[float, float]]] = []
    closed: list[bool] = []
    for px, py, typ, close in pts:
        if typ == _MOVETO or not subs:
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
