"""Lines of text and tables of a PDF page, from characters and ruling lines.

- ``group_lines``: characters → text lines (by vertical overlap), each line's text joined without
  the spaces that justification puts between Chinese characters (spaces between ASCII words kept).
- ``find_tables``: ruling lines (stroked lines, rectangle edges) → a lattice of columns and rows
  per table; a cell whose border is missing spans into its neighbour (merged areas).
- ``find_borderless``: the fallback for a table drawn without lines: rows of words aligned in
  columns.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from .pdf_extract import Char

SNAP = 2.0  # ruling lines closer than this (pt) are one line
JOIN_GAP = 3.0  # collinear segments with a gap below this are one segment
TOUCH = 3.0  # a horizontal and a vertical line closer than this touch


# ----- text -----------------------------------------------------------------------------------


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFE30 <= o <= 0xFE4F
        or 0xFF00 <= o <= 0xFFEF
        or 0x3000 <= o <= 0x303F
        or 0x2000 <= o <= 0x206F and ch in "“”‘’…—–"
        or o >= 0x20000
    )


_SPACES = {" ", "\u00a0", "\u3000", "\t", "\u2002", "\u2003", "\u2009"}


@dataclass
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
    out: list[str] = []
    prev: Char | None = None
    gap_space = False
    for c in chars:
        if c.text in _SPACES:
            gap_space = prev is not None
            continue
        if prev is not None:
            gap = c.x0 - prev.x1
            size = max(prev.size, c.size, 1.0)
            wide = gap > 0.28 * size
            if (gap_space or wide) and not is_cjk(prev.text[-1]) and not is_cjk(c.text[0]):
                out.append(" ")
        out.append(c.text)
        prev = c
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
    order = sorted(chars, key=lambda c: (c.cy, c.x0))
    lines: list[list[Char]] = []
    bands: list[tuple[float, float]] = []
    for c in order:
        placed = False
        # only recent lines can overlap (sorted by centre)
        for k in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            top, bottom = bands[k]
            ov = min(bottom, c.bottom) - max(top, c.top)
            h = min(bottom - top, c.bottom - c.top)
            if h > 0 and ov > 0.5 * h:
                lines[k].append(c)
                bands[k] = (min(top, c.top), max(bottom, c.bottom))
                placed = True
                break
        if not placed:
            lines.append([c])
            bands.append((c.top, c.bottom))
    out = []
    for cs in lines:
        cs.sort(key=lambda c: c.x0)
        visible = [c for c in cs if c.text not in _SPACES] or cs
        ln = Line(
            cs,
            min(c.x0 for c in visible),
            min(c.top for c in visible),
            max(c.x1 for c in visible),
            max(c.bottom for c in visible),
            max(c.size for c in visible),
        )
        ln.text = join_chars(cs)
        ln.bold = sum(c.bold for c in visible) * 2 > len(visible)
        if ln.text.strip():
            out.append(ln)
    out.sort(key=lambda ln: (ln.top, ln.x0))
    return out


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
        pos = sum(s[0] for s in g) / len(g)
        spans = sorted((s[1], s[2]) for s in g)
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
        j = min(range(len(xs)), key=lambda k: abs(xs[k] - x))
        vert[j].append((y0, y1))
    horiz: list[list[tuple[float, float]]] = [[] for _ in ys]
    for y, x0, x1 in h:
        i = min(range(len(ys)), key=lambda k: abs(ys[k] - y))
        horiz[i].append((x0, x1))
    for lst in vert + horiz:
        lst.sort()
    nr, nc = len(ys) - 1, len(xs) - 1
    # right border of (r, c) exists? bottom border of (r, c) exists?
    right = [[_covered(vert[c + 1], ys[r], ys[r + 1]) for c in range(nc)] for r in range(nr)]
    below = [[_covered(horiz[r + 1], xs[c], xs[c + 1]) for c in range(nc)] for r in range(nr)]
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
            while r1 + 1 < nr and all(not below[r1][k] and owner[r1 + 1][k] < 0 for k in range(c, c1 + 1)):
                r1 += 1
            k = len(areas)
            areas.append((r, c, r1, c1))
            for rr in range(r, r1 + 1):
                for cc in range(c, c1 + 1):
                    owner[rr][cc] = k
    return TableGeom(xs, ys, areas, owner)


def fill_text(t: TableGeom, chars: list[Char]) -> None:
    """Put each character into the merged area that holds its centre; join each area's lines."""
    per: list[list[Char]] = [[] for _ in t.areas]
    nr, nc = len(t.ys) - 1, len(t.xs) - 1
    for ch in chars:
        c = min(max(bisect_right(t.xs, ch.cx) - 1, 0), nc - 1)
        r = min(max(bisect_right(t.ys, ch.cy) - 1, 0), nr - 1)
        per[t.owner[r][c]].append(ch)
    t.texts = [join_texts([ln.text for ln in group_lines(cs)]) for cs in per]


# ----- tables without ruling lines ------------------------------------------------------------


def find_borderless(lines: list[Line]) -> list[tuple[int, int, TableGeom]]:
    """Runs of lines (index range [i, j)) whose words stand in ≥3 aligned columns: a table drawn
    without lines. Columns are cut at the gaps between words that all rows share."""
    out = []
    i, n = 0, len(lines)
    words_of = [_words(ln) for ln in lines]
    while i < n:
        if len(words_of[i]) < 3:
            i += 1
            continue
        j = i + 1
        while j < n and len(words_of[j]) >= 2 and lines[j].top - lines[j - 1].bottom < 2.5 * lines[j - 1].height:
            j += 1
        if j - i >= 3:
            t = _align(lines[i:j], words_of[i:j])
            if t is not None:
                out.append((i, j, t))
                i = j
                continue
        i += 1
    return out


def _words(ln: Line) -> list[tuple[float, float, list[Char]]]:
    """Words of a line: runs of characters separated by a gap wider than one character."""
    out: list[tuple[float, float, list[Char]]] = []
    for c in ln.chars:
        if c.text in _SPACES:
            continue
        if out and c.x0 - out[-1][1] <= max(c.size, 1.0) * 1.2:
            x0, x1, cs = out[-1]
            out[-1] = (x0, max(x1, c.x1), cs + [c])
        else:
            out.append((c.x0, c.x1, [c]))
    return out


def _align(lines: list[Line], words: list[list]) -> TableGeom | None:
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    # x ranges covered by some word in any row: the gaps between them are column separators
    spans = sorted((w[0], w[1]) for ws in words for w in ws)
    merged: list[list[float]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1] + 2:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    if len(merged) < 3:
        return None
    xs = [left - 1] + [(merged[k][1] + merged[k + 1][0]) / 2 for k in range(len(merged) - 1)] + [right + 1]
    ys = [lines[0].top - 1] + [(lines[k].bottom + lines[k + 1].top) / 2 for k in range(len(lines) - 1)] + [lines[-1].bottom + 1]
    nr, nc = len(ys) - 1, len(xs) - 1
    areas = [(r, c, r, c) for r in range(nr) for c in range(nc)]
    owner = [[r * nc + c for c in range(nc)] for r in range(nr)]
    return TableGeom(xs, ys, areas, owner, ruled=False)
