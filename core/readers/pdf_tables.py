"""Lines of text and tables of a PDF page, from characters and ruling lines.

- ``group_lines``: characters → text lines (by vertical overlap), each line's text joined without
  the spaces that justification puts between Chinese characters (spaces between ASCII words kept).
- ``find_tables``: ruling lines (stroked lines, rectangle edges) → a lattice of columns and rows
  per table; a cell whose border is missing spans into its neighbour (merged areas).
- ``find_borderless``: the fallback for a table drawn without lines: rows of words aligned in
  columns.
"""

from __future__ import annotations

import re
import statistics
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


# ----- tables without ruling lines ------------------------------------------------------------


_NUM = re.compile(r"^[-+]?[\d０-９][\d０-９,，.．]*%?$")


@dataclass(slots=True)
class _Word:
    x0: float
    x1: float
    top: float
    bottom: float
    chars: list
    line: int
    text: str = ""

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def _words(ln: Line, li: int) -> list[_Word]:
    """Words of a line: runs of characters separated by a gap wider than one character."""
    out: list[_Word] = []
    spaces = _SPACES
    w = None
    for c in ln.chars:
        if c.text in spaces:
            continue
        size = c.size if c.size > 1.0 else 1.0
        if w is not None and c.x0 - w.x1 <= size * 0.35:
            if c.x1 > w.x1:
                w.x1 = c.x1
            if c.top < w.top:
                w.top = c.top
            if c.bottom > w.bottom:
                w.bottom = c.bottom
            w.chars.append(c)
        else:
            w = _Word(c.x0, c.x1, c.top, c.bottom, [c], li)
            out.append(w)
    return out  # texts joined by ``_word_texts`` for the lines a table is looked for in


def find_borderless(lines: list[Line], leading: float = 2.0) -> list[tuple[int, int, TableGeom]]:
    """Tables drawn without lines: runs of lines (index range [i, j)) made of words standing in
    aligned columns. Columns are cut at the x gaps that (nearly) no line crosses; rows are cut
    at the wider vertical gaps between the lines of the value columns; a label that spans rows
    (a merged cell, centred) is given the rows around it."""
    out = []
    words = [_words(ln, k) for k, ln in enumerate(lines)]
    if not lines:
        return out
    width = max(ln.x1 for ln in lines) - min(ln.x0 for ln in lines)
    n = len(lines)
    i = 0
    while i < n:
        if len(words[i]) < 2:
            i += 1
            continue
        j = i + 1
        multi = 1
        gaps: list[float] = []
        while j < n:
            ln, prev = lines[j], lines[j - 1]
            gap = ln.top - prev.bottom
            if gap > 2.5 * max(prev.height, 1.0):
                break
            if len(words[j]) >= 2:
                multi += 1
            elif ln.x1 - ln.x0 > 0.45 * width:
                break  # a body line
            elif gaps and gap > max(1.6 * statistics.median(gaps), statistics.median(gaps) + 4):
                break  # a heading after the table (paragraph spacing above it)
            gaps.append(max(gap, 0.0))
            j += 1
        # trailing single-word lines belong to the text after the table
        while j > i and len(words[j - 1]) < 2 and not _inside_columns(words, i, j - 1):
            j -= 1
        if multi >= 2 and j - i >= 2:
            for k in range(i, j):
                for w in words[k]:
                    if w.text == "" and w.chars:
                        w.text = join_chars(w.chars)
            t = _borderless_table(lines[i:j], [w for k in range(i, j) for w in words[k]], leading)
            if t is not None:
                out.append((i, j, t))
                i = j
                continue
        i += 1
    return out


def _gap_separators(words: list[_Word], left: float, right: float, size: float) -> list[float]:
    """x positions between ``left`` and ``right`` that (nearly) no line's words cross."""
    nb = int(right - left) + 2
    if nb <= 2 or not words:
        return []
    cover = [0] * nb
    per_line: dict[int, set[int]] = {}
    for w in words:
        for b in range(max(0, int(w.x0 - left)), min(nb - 1, int(w.x1 - left)) + 1):
            per_line.setdefault(w.line, set()).add(b)
    for bins in per_line.values():
        for b in bins:
            cover[b] += 1
    thr = max(0, int(0.12 * len(per_line)))
    seps: list[float] = []
    b = 0
    last = max(per_line.get(k, {0}) and max(per_line[k]) for k in per_line) if per_line else nb - 1
    while b < nb:
        if cover[b] <= thr:
            e = b
            while e + 1 < nb and cover[e + 1] <= thr:
                e += 1
            if b > 0 and e < last and e - b + 1 >= 0.5 * size:
                seps.append(left + (b + e + 1) / 2)
            b = e + 1
        else:
            b += 1
    return seps


def _inside_columns(words, i, k) -> bool:
    """Is line k's single word narrow and over a column of the lines before it (a wrapped cell)?"""
    w = words[k][0] if words[k] else None
    if w is None:
        return False
    for r in range(max(i, k - 3), k):
        for o in words[r]:
            if min(o.x1, w.x1) - max(o.x0, w.x0) > 0.5 * min(o.x1 - o.x0, w.x1 - w.x0):
                return len(words[r]) >= 2 or r > i
    return False


def _borderless_table(lines: list[Line], words: list[_Word], leading: float) -> TableGeom | None:
    size = statistics.median([ln.size for ln in lines]) or 10.0
    left = min(w.x0 for w in words) - 1
    right = max(w.x1 for w in words) + 1
    # columns: where figures stand, the columns are the clusters of the figures (they align, the
    # headers above them wrap and touch); left of the figures, the x gaps that (nearly) no line
    # crosses (spanning headers excepted)
    nums = sorted((w for w in words if _NUM.match(w.text)), key=lambda w: (w.x0 + w.x1) / 2)
    clusters: list[list[_Word]] = []
    for w in nums:
        if clusters and w.x0 < max(o.x1 for o in clusters[-1]) + 0.2 * size:
            clusters[-1].append(w)
        else:
            clusters.append([w])
    clusters = [c for c in clusters if len({w.line for w in c}) >= 1]
    num_seps: list[float] = []
    num_left = right
    if len(clusters) >= 1 and len(nums) >= 2:
        num_left = min(w.x0 for w in clusters[0])
        for c1, c2 in zip(clusters, clusters[1:]):
            num_seps.append((max(w.x1 for w in c1) + min(w.x0 for w in c2)) / 2)
    label_words = [w for w in words if (w.x0 + w.x1) / 2 < num_left]
    seps = _gap_separators(label_words, left, min(num_left, right), size)
    if num_seps or len(nums) >= 2:
        # the boundary between the labels and the first column of figures
        lab_right = max((w.x1 for w in label_words if w.x1 < num_left + 1), default=left)
        first = (lab_right + num_left) / 2 if lab_right < num_left else num_left - 1
        seps = [x for x in seps if x < first - 1] + [first] + num_seps
    xs = [left] + sorted(seps) + [right]
    nc = len(xs) - 1
    if nc < 2:
        return None

    def col(x: float) -> int:
        return min(max(bisect_right(xs, x) - 1, 0), nc - 1)

    # numeric columns and the label column just left of them
    num_cols = set()
    for c in range(nc):
        ws = [w for w in words if col((w.x0 + w.x1) / 2) == c]
        if ws and sum(1 for w in ws if _NUM.match(w.text)) >= 0.5 * len(ws):
            num_cols.add(c)
    first_num = min(num_cols) if num_cols else nc
    key = max(first_num - 1, 0)
    defining = set(num_cols) | {key} if num_cols else set(range(nc))
    # rows: bands of the defining columns' words, cut at gaps wider than a line's leading
    dwords = sorted((w for w in words if col((w.x0 + w.x1) / 2) in defining), key=lambda w: w.top)
    if not dwords:
        return None
    bands: list[list[float]] = []
    for w in dwords:
        if bands and w.top < bands[-1][1] - 0.3 * (w.bottom - w.top):
            bands[-1][1] = max(bands[-1][1], w.bottom)
        else:
            bands.append([w.top, w.bottom])
    gaps = [b2[0] - b1[1] for b1, b2 in zip(bands, bands[1:])]
    # lines of one cell are as close as the lines of a paragraph; rows are further apart (padding)
    cut = max(leading, 0.0) + max(1.5, 0.12 * size)
    rows_b: list[list[float]] = [list(bands[0])]
    for g, band in zip(gaps, bands[1:]):
        if g > cut:
            rows_b.append(list(band))
        else:
            rows_b[-1][1] = max(rows_b[-1][1], band[1])
    top = min(ln.top for ln in lines) - 1
    bottom = max(ln.bottom for ln in lines) + 1
    ys = [top] + [(a[1] + b_[0]) / 2 for a, b_ in zip(rows_b, rows_b[1:])] + [bottom]
    nr = len(ys) - 1
    if nr < 2:
        return None

    def row(y: float) -> int:
        return min(max(bisect_right(ys, y) - 1, 0), nr - 1)

    # areas: words spanning several columns make a horizontal area in their row; words in the
    # label columns left of the key column make blocks that span rows (centred merged labels)
    owner = [[-1] * nc for _ in range(nr)]
    areas: list[tuple[int, int, int, int]] = []
    texts: list[list[_Word]] = []

    def new_area(r0, c0, r1, c1) -> int:
        k = len(areas)
        areas.append((r0, c0, r1, c1))
        texts.append([])
        for rr in range(r0, r1 + 1):
            for cc in range(c0, c1 + 1):
                owner[rr][cc] = k
        return k

    spanning = []
    for w in words:
        c0, c1 = col(w.x0 + 0.5), col(w.x1 - 0.5)
        if c1 > c0:
            spanning.append((row(w.cy), c0, c1, w))
    for r, c0, c1, w in spanning:
        ks = {owner[r][c] for c in range(c0, c1 + 1)} - {-1}
        if ks:
            k = min(ks)
            r0, a0, r1, a1 = areas[k]
            areas[k] = (r0, min(a0, c0), r1, max(a1, c1))
            for cc in range(min(a0, c0), max(a1, c1) + 1):
                owner[r][cc] = k
        else:
            k = new_area(r, c0, r, c1)
        texts[k].append(w)
    placed = {id(w) for _, _, _, w in spanning}
    for c in range(nc):
        cws = sorted((w for w in words if id(w) not in placed and col((w.x0 + w.x1) / 2) == c), key=lambda w: w.top)
        if c in defining or c > key:
            for w in cws:
                r = row(w.cy)
                k = owner[r][c]
                if k < 0:
                    k = new_area(r, c, r, c)
                texts[k].append(w)
            continue
        # label column left of the key column: blocks of close lines, spread over the rows
        blocks: list[list[_Word]] = []
        for w in cws:
            if blocks and w.top - blocks[-1][-1].bottom <= max(0.0, cut):
                blocks[-1].append(w)
            else:
                blocks.append([w])
        start = 0
        for bi, blk in enumerate(blocks):
            btop, bbot = blk[0].top, blk[-1].bottom
            r_top, r_bot = row(btop), row(bbot)
            # continuous row coordinate of the block's centre
            cyy = (btop + bbot) / 2
            rc = row(cyy)
            frac = rc + (cyy - ys[rc]) / max(ys[rc + 1] - ys[rc], 1e-6)
            while start < nr and owner[start][c] >= 0:
                start += 1
            s0 = min(start, r_top)
            end = max(r_bot, int(round(2 * frac - s0)) - 1)
            nxt = row(blocks[bi + 1][0].top) - 1 if bi + 1 < len(blocks) else nr - 1
            end = min(end, nxt, nr - 1)
            while end > s0 and owner[end][c] >= 0:
                end -= 1
            # rows of this column already taken (spanning labels) stop the block
            r0 = s0
            for rr in range(s0, r_top + 1):
                if owner[rr][c] >= 0:
                    r0 = rr + 1
            r0 = min(r0, r_top)
            free = all(owner[rr][c] < 0 for rr in range(r0, end + 1))
            if not free:
                r0, end = r_top, r_bot
            k = new_area(r0, c, max(end, r0), c)
            texts[k].extend(blk)
            start = max(end, r0) + 1
    # a figure under a header that spans columns spans them too (a merged value cell), when the
    # other cells of that span are empty in its row
    for r in range(nr):
        for c in range(nc):
            k = owner[r][c]
            if k < 0 or areas[k][1] != areas[k][3] or areas[k][0] != areas[k][2] or areas[k][0] != r:
                continue
            if not all(_NUM.match(w.text) for w in texts[k]) or not texts[k]:
                continue
            for up in range(r - 1, -1, -1):
                h = owner[up][c]
                if h < 0 or not texts[h]:
                    continue
                _, h0, _, h1 = areas[h]
                if h1 > h0 and all(owner[r][cc] < 0 for cc in range(h0, h1 + 1) if cc != c):
                    areas[k] = (r, h0, r, h1)
                    for cc in range(h0, h1 + 1):
                        owner[r][cc] = k
                break
    for r in range(nr):
        for c in range(nc):
            if owner[r][c] < 0:
                new_area(r, c, r, c)
    t = TableGeom(xs, ys, areas, owner, ruled=False)
    t.texts = [join_texts([join_chars(sorted((ch for w in grp for ch in w.chars if w.line == li), key=lambda ch: ch.x0))
                           for li in sorted({w.line for w in grp})]) for grp in texts]
    return t
