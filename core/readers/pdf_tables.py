"""Lines of text and tables of a PDF page, from characters and ruling lines.

- ``group_lines``: characters → text lines (by vertical overlap), each line's text joined without
  the spaces that justification puts between Chinese characters (spaces between ASCII words kept).
- ``find_tables``: ruling lines (stroked lines, rectangle edges) → a lattice of columns and rows
  per table; a cell whose border is missing spans into its neighbour (merged areas).
(Tables drawn without lines are read from the words' alignment in ``pdf_stream``.)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .pdf_extract import Char

SNAP = 2.0  # ruling lines closer than this (pt) are one line
JOIN_GAP = 3.0  # collinear segments with a gap below this are one segment
TOUCH = 3.0  # a horizontal and a vertical line closer than this touch


# ----- text -----------------------------------------------------------------------------------


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    if o < 0x2000:
        return False
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFE30 <= o <= 0xFE4F
        or 0xFF00 <= o <= 0xFFEF
        or o >= 0x20000
        or ch in "“”‘’…—–"
    )


# a label that opens a new cell: 第二十条 / 1. / 2、 / （三） / 一、 (a list number or an article)
LIST_START = re.compile(r"^\s*(?:第\s*[一二三四五六七八九十百\d]+\s*[条项章部节]|\d{1,2}\s*[.．、]"
                        r"|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*、)")

_SPACES = {" ", "\u00a0", "\u3000", "\t", "\u2002", "\u2003", "\u2009"}
# the characters ``is_cjk`` accepts
_CJK_CLASS = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0010ffff“”‘’…—–"
_NON_CJK_PAIR = re.compile(f"(?=[^{_CJK_CLASS}][^{_CJK_CLASS}])").finditer
_ANY_SPACE = re.compile("[" + "".join(sorted(_SPACES)) + "]").search
# a text made only of characters ``is_cjk`` accepts, none of them a space (\u3000 left out)
_ALL_CJK = re.compile(
    "[\u2e80-\u2fff\u3001-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0010ffff“”‘’…—–]+"
).fullmatch


@dataclass(slots=True)
class Line:
    chars: list[Char]
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    text: str = ""
    bold: bool = False

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def join_chars(chars: list[Char]) -> str:
    """One line's characters (sorted by x) → text: a space only between two non-CJK characters
    that the PDF separates by a space or a visible gap."""
    texts = [c.text for c in chars]
    text = "".join(texts)
    if _ALL_CJK(text):
        return text  # CJK only, no space: nothing to separate
    if len(text) == len(texts) and "" not in texts and not _ANY_SPACE(text):
        # one character per box, no space: a space can only go between two adjacent non-CJK
        # characters, where the gap between their boxes is wide
        parts: list[str] = []
        last = 0
        for m in _NON_CJK_PAIR(text):
            i = m.start() + 1
            a, b = chars[i - 1], chars[i]
            if b.x0 - a.x1 > 0.28 * max(a.size, b.size, 1.0):
                parts.append(text[last:i])
                last = i
        if not parts:
            return text
        parts.append(text[last:])
        return " ".join(parts)
    out: list[str] = []
    prev = None
    prev_cjk = True
    gap_space = False
    spaces = _SPACES
    for c in chars:
        t = c.text
        if t in spaces:
            gap_space = prev is not None
            continue
        # a space only between two non-CJK characters (tested first: cheaper than the gap)
        if not prev_cjk and not is_cjk(t[0]) and (gap_space or c.x0 - prev.x1 > 0.28 * max(prev.size, c.size, 1.0)):
            out.append(" ")
        out.append(t)
        prev = c
        k = t[-1] if t else " "
        prev_cjk = "\u2e80" <= k <= "\u9fff" or (k >= "\u2000" and is_cjk(k))
        gap_space = False
    return "".join(out)


def join_texts(parts: list[str]) -> str:
    """Lines of one paragraph or cell → one text, no separator between CJK ends."""
    out = ""
    for p in parts:
        p = p.strip(" ")
        if not p:
            continue
        if out and not is_cjk(out[-1]) and not is_cjk(p[0]):
            out += " "
        out += p
    return out


def group_lines(chars: list[Char]) -> list[Line]:
    """Characters → lines, top to bottom, each sorted left to right. Two characters are on one line
    when their boxes overlap vertically by more than half the smaller height."""
    if not chars:
        return []
    order = sorted(chars, key=_cy_x)
    lines: list[list] = []  # [top, bottom, chars]
    new_line = lines.append
    nl = 0
    for c in order:
        ct, cb = c.top, c.bottom
        ch = cb - ct
        # only recent lines can overlap (sorted by centre): the last three, newest first
        k = nl - 1
        stop = nl - 4 if nl > 3 else -1
        while k > stop:
            band = lines[k]
            top, bottom = band[0], band[1]
            h = bottom - top if bottom - top < ch else ch
            if h > 0 and (bottom if bottom < cb else cb) - (top if top > ct else ct) > 0.5 * h:
                band[2].append(c)
                if ct < top:
                    band[0] = ct
                if cb > bottom:
                    band[1] = cb
                break
            k -= 1
        else:
            new_line([ct, cb, [c]])
            nl += 1
    out = []
    spaces = _SPACES
    for _, _, cs in lines:
        if len(cs) > 1:
            cs.sort(key=_x0)
            ns = [c for c in cs if c.text not in spaces]
            if not ns:
                continue  # only spaces
        elif cs[0].text in spaces:
            continue
        else:
            ns = cs
        size = max([c.size for c in ns])
        out.append(Line(cs, ns[0].x0, min([c.top for c in ns]), max([c.x1 for c in ns]), max([c.bottom for c in ns]),
                        size if size > 0.0 else 0.0, join_chars(cs) if len(cs) > 1 else cs[0].text,
                        sum([c.bold for c in ns]) * 2 > len(ns)))
    out.sort(key=_top_x)
    return out


def _cy_x(c):
    return (c.top + c.bottom, c.x0)


def _x0(c):
    return c.x0


def _x0_cy(c):
    return (c.x0, c.top + c.bottom)


def _top_x(ln):
    return (ln.top, ln.x0)


# ----- ruled tables ---------------------------------------------------------------------------


def _merge_segments(segs: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Collinear segments (same coordinate within SNAP) overlapping or nearly touching → one."""
    if not segs:
        return []
    segs = sorted(segs)
    groups: list[list[tuple[float, float, float]]] = [[segs[0]]]
    for s in segs[1:]:
        if s[0] - groups[-1][-1][0] <= SNAP * 0.5:
            groups[-1].append(s)
        else:
            groups.append([s])
    out = []
    for g in groups:
        if len(g) == 1:  # a segment alone on its line
            y, a, b = g[0]
            out.append((float(y), a, b))
            continue
        pos = sum([s[0] for s in g]) / len(g)
        spans = sorted([(s[1], s[2]) for s in g])
        a, b = spans[0]
        for c, d in spans[1:]:
            if c <= b + JOIN_GAP:
                b = max(b, d)
            else:
                out.append((pos, a, b))
                a, b = c, d
        out.append((pos, a, b))
    return out


def _cluster(values: list[float], tol: float) -> list[float]:
    values = sorted(values)
    out: list[list[float]] = []
    for v in values:
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


@dataclass
class TableGeom:
    xs: list[float]  # column boundaries, left to right
    ys: list[float]  # row boundaries, top to bottom
    areas: list[tuple[int, int, int, int]]  # (r0, c0, r1, c1) inclusive, merged areas
    owner: list[list[int]]  # (r, c) → index in areas
    ruled: bool = True
    texts: list[str] = field(default_factory=list)  # per area, filled by fill_text
    label_cols: int = 0  # a table without lines: how many of its columns hold labels
    size: float = 0.0  # a table without lines: its text size

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def area_box(self, k: int) -> tuple[float, float, float, float]:
        r0, c0, r1, c1 = self.areas[k]
        return (self.xs[c0], self.ys[r0], self.xs[c1 + 1], self.ys[r1 + 1])

    def contains(self, c: Char) -> bool:
        x0, y0, x1, y1 = self.bbox
        return x0 - 1 <= c.cx <= x1 + 1 and y0 - 1 <= c.cy <= y1 + 1


def _covered(intervals: list[tuple[float, float]], a: float, b: float) -> bool:
    """Do the (sorted, merged) intervals cover most of [a, b]?"""
    need = b - a
    if need <= 0:
        return True
    got = 0.0
    for c, d in intervals:
        lo, hi = max(a, c), min(b, d)
        if hi > lo:
            got += hi - lo
    return got >= 0.6 * need


def _cover_flags(intervals: list[tuple[float, float]], edges: list[float]) -> list[bool]:
    """``_covered(intervals, edges[k], edges[k + 1])`` for every k, in one pass per boundary."""
    out = []
    pairs = zip(edges, edges[1:])
    if not intervals:
        return [b - a <= 0 for a, b in pairs]
    if len(intervals) == 1:  # the usual case: one border line along the whole boundary
        ((c, d),) = intervals
        for a, b in pairs:
            need = b - a
            if need <= 0:
                out.append(True)
                continue
            lo = a if a > c else c
            hi = b if b < d else d
            out.append(hi > lo and hi - lo >= 0.6 * need)
        return out
    for a, b in pairs:
        need = b - a
        if need <= 0:
            out.append(True)
            continue
        got = 0.0
        for c, d in intervals:
            lo = a if a > c else c
            hi = b if b < d else d
            if hi > lo:
                got += hi - lo
        out.append(got >= 0.6 * need)
    return out


def find_tables(hlines, vlines) -> list[TableGeom]:
    hs = [s for s in _merge_segments(hlines) if s[2] - s[1] > 4]
    vs = [s for s in _merge_segments(vlines) if s[2] - s[1] > 4]
    if len(hs) < 2 or len(vs) < 2:
        return []
    # connected components of touching horizontal and vertical lines
    n_h = len(hs)
    parent = list(range(n_h + len(vs)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    vs_sorted = sorted(range(len(vs)), key=lambda j: vs[j][0])
    vxs = [vs[j][0] for j in vs_sorted]
    for i, (y, x0, x1) in enumerate(hs):
        lo = bisect_right(vxs, x0 - TOUCH - 0.001)
        hi = bisect_right(vxs, x1 + TOUCH)
        for jj in vs_sorted[lo:hi]:
            x, y0, y1 = vs[jj]
            if y0 - TOUCH <= y <= y1 + TOUCH:
                a, b = find(i), find(n_h + jj)
                if a != b:
                    parent[a] = b
    comps: dict[int, tuple[list, list]] = {}
    for i in range(n_h):
        comps.setdefault(find(i), ([], []))[0].append(hs[i])
    for j in range(len(vs)):
        comps.setdefault(find(n_h + j), ([], []))[1].append(vs[j])
    groups = [(h, v) for h, v in comps.values() if len(h) >= 2 and len(v) >= 2]
    # vertical lines touching no horizontal one, alongside a table (a merged label column at the
    # top of a page, whose cells have no horizontal line there): part of that table
    for h, v in comps.values():
        if len(h) >= 2 and len(v) >= 2 or h:
            continue
        for seg in v:
            x, y0, y1 = seg
            best = None
            for g in groups:
                gy0 = min(s_[0] for s_ in g[0])
                gy1 = max(s_[0] for s_ in g[0])
                gx0 = min(s_[1] for s_ in g[0])
                gx1 = max(s_[2] for s_ in g[0])
                if y0 <= gy0 + TOUCH and y1 >= gy1 - TOUCH and gx0 - 150 <= x <= gx1 + 150:
                    d = 0 if gx0 <= x <= gx1 else min(abs(x - gx0), abs(x - gx1))
                    if best is None or d < best[0]:
                        best = (d, g)
            if best is not None:
                best[1][1].append(seg)
    tables = []
    for h, v in groups:
        t = _lattice(h, v)
        if t is not None:
            tables.append(t)
    tables.sort(key=lambda t: (t.ys[0], t.xs[0]))
    return tables


def _lattice(h, v) -> TableGeom | None:
    xs = _cluster([s[0] for s in v], SNAP)
    ys = _cluster([s[0] for s in h], SNAP)
    # a table cut by the page edge without a closing line (Qt prints rows across pages and
    # clips): the vertical lines going on past the last horizontal one close it
    h = list(h)
    vtop, vbottom = min(s[1] for s in v), max(s[2] for s in v)
    if vbottom > ys[-1] + 4:
        ys.append(vbottom)
        h.append((vbottom, xs[0], xs[-1]))
    if vtop < ys[0] - 4:
        ys.insert(0, vtop)
        h.append((vtop, xs[0], xs[-1]))
    if len(xs) < 2 or len(ys) < 2 or len(xs) > 202 or len(ys) > 5002:
        return None
    if xs[-1] - xs[0] < 10 or ys[-1] - ys[0] < 5:
        return None
    # border intervals per boundary
    vert: list[list[tuple[float, float]]] = [[] for _ in xs]
    for x, y0, y1 in v:
        vert[_nearest(xs, x)].append((y0, y1))
    horiz: list[list[tuple[float, float]]] = [[] for _ in ys]
    for y, x0, x1 in h:
        horiz[_nearest(ys, y)].append((x0, x1))
    for lst in vert + horiz:
        lst.sort()
    nr, nc = len(ys) - 1, len(xs) - 1
    # right border of (r, c) exists? bottom border of (r, c) exists?
    vflags = [_cover_flags(vert[c + 1], ys) for c in range(nc)]
    hflags = [_cover_flags(horiz[r + 1], xs) for r in range(nr)]
    right = [[vflags[c][r] for c in range(nc)] for r in range(nr)]
    below = hflags
    owner = [[-1] * nc for _ in range(nr)]
    areas: list[tuple[int, int, int, int]] = []
    for r in range(nr):
        for c in range(nc):
            if owner[r][c] >= 0:
                continue
            c1 = c
            while c1 + 1 < nc and not right[r][c1] and owner[r][c1 + 1] < 0:
                c1 += 1
            r1 = r
            if c1 == c:  # one column wide
                while r1 + 1 < nr and not below[r1][c] and owner[r1 + 1][c] < 0:
                    r1 += 1
            else:
                while r1 + 1 < nr and all(not below[r1][k] and owner[r1 + 1][k] < 0 for k in range(c, c1 + 1)):
                    r1 += 1
            k = len(areas)
            areas.append((r, c, r1, c1))
            if r1 == r and c1 == c:
                owner[r][c] = k
                continue
            for rr in range(r, r1 + 1):
                for cc in range(c, c1 + 1):
                    owner[rr][cc] = k
    return TableGeom(xs, ys, areas, owner)


def _nearest(sorted_values: list[float], v: float) -> int:
    """Index of the value nearest ``v`` (the first of two equally near)."""
    k = bisect_right(sorted_values, v)
    if k <= 0:
        return 0
    if k >= len(sorted_values):
        return len(sorted_values) - 1
    return k - 1 if v - sorted_values[k - 1] <= sorted_values[k] - v else k


def fill_text(t: TableGeom, chars: list[Char]) -> None:
    """Put each character into the merged area that holds its centre; join each area's lines."""
    per: list[list[Char]] = [[] for _ in t.areas]
    nr, nc = len(t.ys) - 1, len(t.xs) - 1
    xs, ys, owner = t.xs, t.ys, t.owner
    for ch in chars:
        c = bisect_right(xs, (ch.x0 + ch.x1) / 2) - 1
        r = bisect_right(ys, (ch.top + ch.bottom) / 2) - 1
        c = 0 if c < 0 else (nc - 1 if c >= nc else c)
        r = 0 if r < 0 else (nr - 1 if r >= nr else r)
        per[owner[r][c]].append(ch)
    texts = []
    for cs in per:
        if not cs:
            texts.append("")
            continue
        if len(cs) == 1:
            texts.append(cs[0].text.strip())
            continue
        one = _one_line(cs)
        if one is not None:
            texts.append(one)
            continue
        lines = group_lines(cs)
        texts.append(lines[0].text.strip(" ") if len(lines) == 1 else join_texts([ln.text for ln in lines]))
    t.texts = texts


def _one_line(cs: list[Char]) -> str | None:
    """The text of characters that all stand on one line (every box overlapping the others by
    more than half the tallest's height: ``group_lines`` would make one line of them), else None."""
    top = bottom = None
    tall = 0.0
    for c in cs:
        t, b = c.top, c.bottom
        if b - t <= 0:
            return None
        if top is None:
            top, bottom = t, b
        else:
            if t > top:
                top = t
            if b < bottom:
                bottom = b
        if b - t > tall:
            tall = b - t
    if bottom - top <= 0.5 * tall:
        return None
    return join_chars(sorted(cs, key=_x0_cy)).strip(" ")
