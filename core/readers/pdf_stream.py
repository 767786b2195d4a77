"""Tables drawn without ruling lines ("stream" tables): rows of words standing in aligned columns.

A published report whose tables have their borders turned off (WPS 无框线, a portal's print style)
has only the words to go by. Such a table is read from what a table of figures always has:

- **value columns**: the figures of one column stand one above the other (centred or right
  aligned), so the x extents of the figures cluster; header words above them are placed by
  overlap, and split per line (``社会公益`` / ``组织``) as the header rows of a ruled table are;
- **data rows**: the figures of one row stand on one baseline (a *band*); every band is a row,
  whatever the heights of the labels around it (a label may wrap over eight lines with its figures
  centred on the fourth, with no larger gap between rows than between lines of one cell);
- **label columns**: left of the figures, the left edges where label lines start (left aligned
  cells); a label's lines are one cell while they are close, carry no list number (``1.``,
  ``（三）``, ``一、``) and do not touch two bands; the lines between two bands are given to the
  row whose band their run is centred on (or starts at: top-aligned cells);
- **one region, several tables**: two tables printed one after the other (二 then 三, no heading
  between) are told apart by their figure columns: a figure of one overlapping two columns of the
  other, or two of its figures under one column of the other.

Only core.readers.pdf uses this, through ``find_borderless``.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_right
from dataclasses import dataclass

from .pdf_tables import _SPACES, LIST_START, Line, TableGeom, is_cjk, join_chars, join_texts

# a figure: digits with thousands separators and decimals, signed, maybe a percentage; not "1."
# (a list number standing apart from its label)
_FIGURE = re.compile(r"^[-+−]?[\d０-９][\d０-９,，]*(?:[.．][\d０-９]+)?%?$")
# what stands in a value cell for "nothing": dashes, slashes, 无
_BLANK_MARK = frozenset({"—", "——", "-", "－", "–", "/", "／", "无", "\\"})


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
    """Words of a line: runs of characters separated by a gap wider than a third of a character."""
    out: list[_Word] = []
    w = None
    spaced = False
    for c in ln.chars:
        if c.text in _SPACES:
            spaced = True
            continue
        size = c.size if c.size > 1.0 else 1.0
        last = w.chars[-1] if w is not None else None
        # (a space typed inside a label, 社　会　公　益, keeps its characters one word)
        reach = 1.25 * size if spaced and is_cjk(c.text) and last is not None and is_cjk(last.text) else 0.35 * size
        spaced = False
        if w is not None and c.x0 - w.x1 <= reach and \
                abs((c.top + c.bottom) - (last.top + last.bottom)) <= 0.7 * size:  # one baseline
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
    return out


def _apart(ln: Line) -> bool:
    """Has the line two characters far enough apart (or on two baselines) to make two words?
    (False: ``_words`` gives one word at most.)"""
    prev = None
    for c in ln.chars:
        if c.text in _SPACES:
            continue
        if prev is not None:
            size = c.size if c.size > 1.0 else 1.0
            if c.x0 - prev.x1 > 0.35 * size or abs((c.top + c.bottom) - (prev.top + prev.bottom)) > 0.7 * size:
                return True
        prev = c
    return False


def _is_value(w: _Word) -> bool:
    return bool(_FIGURE.match(w.text)) or w.text in _BLANK_MARK


def _v_overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


# ----- finding the regions --------------------------------------------------------------------


def find_borderless(lines: list[Line], leading: float = 2.0) -> list[tuple[int, int, TableGeom]]:
    """Tables drawn without lines among a page's ``lines`` (those not in a ruled table): a list of
    (first line, end line, table), the lines [first, end) being the table's."""
    out: list[tuple[int, int, TableGeom]] = []
    if not lines or not any(_apart(ln) for ln in lines):
        return out  # every line one run of characters (body text): no table (most pages)
    words = [_words(ln, k) for k, ln in enumerate(lines)]  # texts joined where a table is looked for
    width = max(ln.x1 for ln in lines) - min(ln.x0 for ln in lines)
    n = len(lines)
    i = 0
    while i < n:
        if len(words[i]) < 2:
            i += 1
            continue
        j = i + 1
        multi = 1
        tsize = lines[i].size or 10.0  # the table's text size
        while j < n:
            ln, prev = lines[j], lines[j - 1]
            gap = ln.top - prev.bottom
            if gap > 3.5 * max(prev.height, 1.0):
                break
            if len(words[j]) >= 2 and abs(ln.size - tsize) <= 0.2 * tsize:
                multi += 1
            elif abs(ln.size - tsize) > 0.2 * tsize:
                break  # a heading or body text in another size
            elif ln.x1 - ln.x0 > 0.6 * width:
                break  # a line of body text
            elif ln.bold and not prev.bold and ln.x1 - ln.x0 > 0.2 * width and not _in_columns(words, i, j):
                break  # a heading after the table
            j += 1
        # trailing single-word lines belong to the text after the table unless they stand in a
        # column of the table (the last lines of a wrapped label)
        while j > i + 1 and len(words[j - 1]) < 2 and not _in_columns(words, i, j - 1):
            j -= 1
        start = i
        if multi >= 2 and j - i >= 2:
            # leading single-word lines standing close above: the first line of a label whose
            # figures are centred lower, a table's own heading row
            lo = max((e for _, e, _ in out), default=0)
            while i > lo and _lead_in(lines, words, i - 1, width):
                i -= 1
            for k in range(i, j):
                for w in words[k]:
                    if not w.text:
                        w.text = join_chars(w.chars)
            found = _tables_in(lines, words, i, j, leading)
            if found:
                out.extend(found)
                i = max(max(e for _, e, _ in found), start + 1)  # always forward
                continue
        i = start + 1
    return out


_SECTION_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]")


def _lead_in(lines: list[Line], words: list[list[_Word]], k: int, width: float) -> bool:
    """Does line k (one word) belong to the table that starts on the line below?"""
    ln, below = lines[k], lines[k + 1]
    if len(words[k]) != 1 or ln.x1 - ln.x0 > 0.4 * width or abs(ln.size - below.size) > 0.2 * max(below.size, 1.0):
        return False
    if below.top - ln.bottom > 1.2 * max(ln.height, 1.0):
        return False
    return not _SECTION_HEADING.match(ln.text)  # 四、政府信息公开行政复议… is the section's heading


def _in_columns(words: list[list[_Word]], i: int, k: int) -> bool:
    """Is line k's single word narrow and standing under a word of one of the table's lines above
    (a wrapped cell)?"""
    if not words[k]:
        return False
    w = words[k][0]
    for r in range(max(i, k - 12), k):
        for o in words[r]:
            if abs(o.x0 - w.x0) < 0.8 * max(w.bottom - w.top, 1.0) or (
                    _v_overlap(o.x0, o.x1, w.x0, w.x1) > 0.6 * (w.x1 - w.x0) and len(words[r]) >= 2):
                return True
    return False


def _figure_bands(ws) -> list[list[_Word]]:
    """The bands of the figures among ``ws``: those holding a figure, or two blank marks."""
    return [b for b in _bands([w for w in ws if _is_value(w)]) if any(_FIGURE.match(w.text) for w in b) or len(b) >= 2]


def _columns(bands: list[list[_Word]], size: float) -> list[list[float]]:
    """The figure columns of bands: their figures' x extents, merged."""
    clusters: list[list[float]] = []
    for b in bands:
        clusters = _merge_into(clusters, b, 0.15 * size)
    return clusters


def _word_of(chars: list, line: int) -> _Word:
    w = _Word(chars[0].x0, max(ch.x1 for ch in chars), min(ch.top for ch in chars), max(ch.bottom for ch in chars),
              chars, line)
    w.text = join_chars(chars)
    return w


def _bands(vals: list[_Word]) -> list[list[_Word]]:
    """Figures on one baseline (boxes overlapping vertically by more than half) → bands, top down."""
    bands: list[list[_Word]] = []
    ext: list[list[float]] = []
    for w in sorted(vals, key=lambda w: w.cy):
        if bands:
            top, bottom = ext[-1]
            if _v_overlap(top, bottom, w.top, w.bottom) > 0.5 * min(bottom - top, w.bottom - w.top):
                bands[-1].append(w)
                ext[-1] = [min(top, w.top), max(bottom, w.bottom)]
                continue
        bands.append([w])
        ext.append([w.top, w.bottom])
    return bands


_BROKEN_GROUP = re.compile(r"[,，][\d０-９]{1,2}$")
_WIDE_DIGITS = re.compile(r"[０-９]")


def _blank_columns(clusters: list[list[float]], bands: list[list[_Word]], allw: list[_Word],
                   size: float) -> list[list[float]]:
    """A column whose figures are all left blank (zeros not typed) still has its head: a head
    word over the figures' span, off every band, over no column of figures, with no head word
    under it, between two columns of figures, makes a column of its own."""
    if len(clusters) < 2:
        return clusters
    lo, hi = clusters[0][0], clusters[-1][1]
    first_band = min(min(w.top for w in b) for b in bands)
    in_band = {id(w) for b in bands for w in b}
    heads = [w for w in allw if id(w) not in in_band and w.bottom <= first_band + 0.5 * size
             and lo < (w.x0 + w.x1) / 2 < hi and not _is_value(w)]
    extra = []
    for w in heads:
        if any(_v_overlap(a, b, w.x0, w.x1) > 0 for a, b in clusters):
            continue
        if any(o is not w and o.top > w.bottom - 0.1 and _v_overlap(o.x0, o.x1, w.x0, w.x1) > 0 for o in heads):
            continue  # a group head over others
        extra.append([w.x0, w.x1])
    if not extra:
        return clusters
    return sorted(clusters + extra)


def _join_wrapped(bands: list[list[_Word]], words: list[list[_Word]], size: float) -> bool:
    """Figures wrapped in a narrow column (3,01 / 4; ２２ / ２７): a figure that fills its column
    and, right under it, the rest of its digits on the next line. The rest is joined to it (and
    taken out of its line's words). Did it join any?"""
    centres = sorted({round((w.x0 + w.x1) / 2) for b in bands for w in b})
    if len(centres) < 2:
        return False
    pitch = statistics.median([b - a for a, b in zip(centres, centres[1:]) if b - a > size] or [0.0])
    if pitch <= 0:
        return False
    joined = False
    for b1, b2 in zip(bands, bands[1:]):
        if len(b2) >= len(b1):
            continue
        pairs = []
        for t2 in b2:
            up = [t1 for t1 in b1 if _v_overlap(t1.x0, t1.x1, t2.x0, t2.x1) > 0]
            if len(up) != 1:
                break
            t1 = up[0]
            cut_short = bool(_BROKEN_GROUP.search(t1.text))  # 3,01: thousands cut after two digits
            wide = t1.x1 - t1.x0 >= (0.5 if _WIDE_DIGITS.search(t1.text) else 0.8) * pitch
            if not ((cut_short or wide) and 0 <= t2.top - t1.bottom <= 0.6 * size
                    and t1.text[-1:] not in "%" and t2.text[:1].isdigit()):
                break
            pairs.append((t1, t2))
        else:
            for t1, t2 in pairs:
                t1.chars = t1.chars + t2.chars
                t1.x1, t1.bottom = max(t1.x1, t2.x1), t2.bottom
                t1.text = t1.text + t2.text
                words[t2.line].remove(t2)
                joined = True
    return joined


def _compatible(band: list[_Word], clusters: list[list[float]]) -> bool:
    """Do a band's figures stand in the columns ``clusters`` (merged x extents) without one figure
    over two columns or two figures under one?"""
    hit = [0] * len(clusters)
    outside = 0
    for w in band:
        x0, x1 = w.x0, w.x1
        k = [c for c, (a, b) in enumerate(clusters) if (b if b < x1 else x1) > (a if a > x0 else x0)]
        if len(k) > 1:
            return False
        if not k:
            outside += 1
        for c in k:
            hit[c] += 1
            if hit[c] > 1:
                return False
    # most figures between the columns: another table's (四's fifteen after 三's seven)
    return not (len(band) >= 3 and outside * 2 > len(band))


def _merge_into(clusters: list[list[float]], band: list[_Word], tol: float) -> list[list[float]]:
    spans = sorted([list(c) for c in clusters] + [[w.x0, w.x1] for w in band])
    out: list[list[float]] = []
    for a, b in spans:
        if out and a <= out[-1][1] + tol:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return out


def _tables_in(lines: list[Line], words: list[list[_Word]], i: int, j: int,
               leading: float) -> list[tuple[int, int, TableGeom]]:
    """The tables of the region [i, j): its bands split where the figure columns change."""
    size = statistics.median([ln.size for ln in lines[i:j]]) or 10.0
    bands = _figure_bands(w for k in range(i, j) for w in words[k])
    if not bands or (len(bands) < 2 and len(bands[0]) < 2):
        return []
    if _join_wrapped(bands, words, size):
        bands = _figure_bands(w for k in range(i, j) for w in words[k])
    # segments of bands sharing their columns
    segs: list[list[list[_Word]]] = [[bands[0]]]
    clusters = _merge_into([], bands[0], 0.15 * size)
    for b in bands[1:]:
        if _compatible(b, clusters):
            segs[-1].append(b)
            clusters = _merge_into(clusters, b, 0.15 * size)
        else:
            segs.append([b])
            clusters = _merge_into([], b, 0.15 * size)
    # the line ranges: the next table starts after the last band of the one before (and the
    # lines of its label wrapped under it), with the head of the next
    bounds = [i]
    for s1, s2 in zip(segs, segs[1:]):
        bounds.append(_label_tail(lines, words, s1[-1], min(w.line for w in s2[0]), 0.8, one_word=True))
    # after the last band: the lines of its label wrapped under it, and the cells of the last
    # rows' labels; the lines after them are not this table's (the head of the next table,
    # whose figures are on the next page)
    j = _label_tail(lines, words, segs[-1][-1], j, 1.5, one_word=False)
    bounds.append(j)
    out = []
    for a, b in zip(bounds, bounds[1:]):
        if b - a < 1:
            continue
        t = _stream_table(words, a, b, size, leading)
        if t is not None:
            out.append((a, b, t))
    return out


def _label_tail(lines: list[Line], words: list[list[_Word]], band: list[_Word], limit: int, gap: float,
                one_word: bool) -> int:
    """The end (exclusive, at most ``limit``) of the lines after ``band`` that are the rest of the
    labels beside it: lines (of ``one_word`` only, if so) left of its figures, each at most
    ``gap`` line heights below the one before."""
    v0 = min(w.x0 for w in band)
    k = max(w.line for w in band) + 1
    while k < limit and (not one_word or len(words[k]) == 1) and all(w.x1 < v0 for w in words[k]) and \
            lines[k].top - lines[k - 1].bottom <= gap * max(lines[k].height, 1.0):
        k += 1
    return k


# ----- one table --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Row:
    top: float
    bottom: float

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class _Run:
    """A label cell: lines of one label column."""
    words: list
    c0: int
    c1: int
    band: int | None = None  # the row index of the band it stands on

    @property
    def top(self) -> float:
        return self.words[0].top

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)


def _stream_table(words: list[list[_Word]], i: int, j: int, size: float,
                  leading: float, fixed: tuple[list[float], int] | None = None,
                  min_rows: int = 2) -> TableGeom | None:
    """One table from the lines [i, j). ``fixed``: the columns (boundaries, number of label
    columns) of the part of the same table on the page before; then the lines may hold no figure
    at all (the header at the foot of a page, the figures on the next)."""
    allw = [w for k in range(i, j) for w in words[k]]
    if not allw:
        return None
    bands = _figure_bands(allw)
    if fixed is None:
        if not bands:
            return None
        clusters = _columns(bands, size)
        if len(clusters) < 1 or (len(clusters) < 2 and len(bands) < 2):
            return None
        # a figure alone in its column, left of the others: a stray figure among the labels
        # (seed 000's "0" in a label cell), not a column of figures
        if len(bands) >= 4:
            first_band = min(min(w.top for w in b) for b in bands)
            in_b = {id(w) for b in bands for w in b}
            heads = [w for w in allw if id(w) not in in_b and w.bottom <= first_band + 0.5 * size]
            while len(clusters) > 1:
                a, b = clusters[0]
                support = sum(1 for band in bands if any(a <= (w.x0 + w.x1) / 2 <= b for w in band))
                if support >= 2:
                    break
                cx = (a + b) / 2
                if any(abs((h.x0 + h.x1) / 2 - cx) <= max(size, 0.25 * (h.x1 - h.x0)) for h in heads):
                    break  # a head centred over it: a column, its other figures left blank
                clusters.pop(0)
                a0 = clusters[0][0]
                bands = [[w for w in band if w.x1 > a0 - 0.15 * size] for band in bands]
                bands = [band for band in bands if band]
        clusters = _blank_columns(clusters, bands, allw, size)
        v0 = clusters[0][0]
        left = min(w.x0 for w in allw) - 1
        right = max(max(w.x1 for w in allw), clusters[-1][1]) + 1
        if len(clusters) >= 3:
            # the outer columns are as wide as the others: a head centred over the first or last
            # columns reaches their middle
            centres = [(a + b) / 2 for a, b in clusters]
            pitch = statistics.median([b - a for a, b in zip(centres, centres[1:])])
            right = max(right, centres[-1] + pitch / 2)
            if not any((w.x0 + w.x1) / 2 < clusters[0][0] - size for w in allw if not _is_value(w)):
                left = min(left, centres[0] - pitch / 2)
        in_band = {id(w) for b in bands for w in b}
        # the labels end before the first column of figures
        label_ends = [w.x1 for w in allw if id(w) not in in_band and w.x1 < v0 + 0.3 * size and w.x0 < v0 - size]
        first_sep = (max(label_ends) + v0) / 2 if label_ends and max(label_ends) < v0 else v0 - 0.5 * size
        first_sep = max(first_sep, left + 0.5)
        value_seps = [(a[1] + b[0]) / 2 for a, b in zip(clusters, clusters[1:])]
        label_ws = [w for w in allw if id(w) not in in_band and (w.x0 + w.x1) / 2 < first_sep]
        label_seps = _label_separators(label_ws, left, first_sep, size)
        if label_ws:
            xs = [left] + label_seps + [first_sep] + value_seps + [right]
            nlab = len(label_seps) + 1
        else:
            xs = [left] + value_seps + [right]
            nlab = 0
    else:
        xs, nlab = list(fixed[0]), fixed[1]
        left, right = xs[0], xs[-1]
        first_sep = xs[nlab] if nlab else left
        # figures only where the columns of figures are
        bands = [[w for w in b if (w.x0 + w.x1) / 2 >= first_sep] for b in bands]
        bands = [b for b in bands if b]
        in_band = {id(w) for b in bands for w in b}
        label_ws = [w for w in allw if id(w) not in in_band and (w.x0 + w.x1) / 2 < first_sep]
    # two labels side by side that touch (narrow columns): apart at the label column boundary
    label_ws = [p for w in label_ws for p in _split_at_labels(w, xs[1:nlab], size)]
    # band y extents; a word on a band's baseline stands on it
    bext = [(min(w.top for w in b), max(w.bottom for w in b)) for b in bands]
    btops = [e[0] for e in bext]

    def band_of(w: _Word) -> int | None:
        k = bisect_right(btops, w.bottom) - 1
        for kk in (k, k - 1, k + 1):
            if 0 <= kk < len(bext):
                t, bt = bext[kk]
                if _v_overlap(t, bt, w.top, w.bottom) > 0.5 * min(bt - t, w.bottom - w.top):
                    return kk
        return None

    nc = len(xs) - 1
    if nc < 2:
        return None

    def col(x: float) -> int:
        return min(max(bisect_right(xs, x) - 1, 0), nc - 1)

    # rows: one per band; header lines (words over the figure columns, off every band); label
    # runs off every band and every other row
    rows: list[_Row] = [_Row(t, b) for t, b in bext]
    header_ws = [w for w in allw if id(w) not in in_band and (w.x0 + w.x1) / 2 >= first_sep]
    header_ws = [p for w in header_ws for p in _split_at_columns(w, xs, nlab)]
    on_band: list[tuple[int, _Word]] = []
    free_header: list[_Word] = []
    for w in header_ws:
        k = band_of(w)
        if k is not None:
            on_band.append((k, w))
        else:
            free_header.append(w)
    hrows: list[list[_Word]] = []
    for w in sorted(free_header, key=lambda w: w.cy):
        if hrows and abs(w.cy - statistics.fmean([o.cy for o in hrows[-1]])) <= 0.45 * size:
            hrows[-1].append(w)
        else:
            hrows.append([w])
    # the gap between two lines of one cell: the smallest gap between two lines starting in one
    # label column (rows are further apart, or as far: then list numbers and bands cut them)
    cut = _cell_gap(label_ws, col, leading, size) + max(1.5, 0.15 * size)
    # header words: a header is centred over the columns it groups. Top down, each word spans
    # the columns whose centres lie within the widest span centred on it that stays inside its
    # parent's columns (the header word above it) and reaches no word beside it (a word of its
    # height: 行政复议 and 行政诉讼; 未经复议直接起诉 and 复议后起诉)
    mids = [(xs[c] + xs[c + 1]) / 2 for c in range(nc)]
    placed: list[list] = []
    row_of = {id(w): n for n, hr in enumerate(hrows) for w in hr}
    hws = sorted((w for hr in hrows for w in hr), key=lambda w: (w.top, w.x0))
    done: list[tuple[_Word, int, int]] = []
    for w in hws:
        cx = (w.x0 + w.x1) / 2
        lo = first_sep if nlab and cx >= first_sep else left
        hi = right
        c_here = col(cx)
        parent = None
        for o, c0, c1 in done:
            if o.bottom <= w.top + 0.3 * size and c0 <= c_here <= c1 and (parent is None or o.bottom > parent[0].bottom):
                parent = (o, c0, c1)
        if parent is not None:
            lo, hi = max(lo, xs[parent[1]]), min(hi, xs[parent[2] + 1])
        for o in hws:
            if o is w or _v_overlap(o.top, o.bottom, w.top, w.bottom) <= 0.2 * size:
                continue
            if o.x1 <= w.x0 + 0.1:
                lo = max(lo, o.x1 + 0.25 * size)  # short of the word beside
            elif o.x0 >= w.x1 - 0.1:
                hi = min(hi, o.x0 - 0.25 * size)
        h = max(min(cx - lo, hi - cx), (w.x1 - w.x0) / 2)
        cs = [c for c in range(nc) if (_v_overlap(xs[c], xs[c + 1], w.x0, w.x1)
              > 0.25 * min(xs[c + 1] - xs[c], w.x1 - w.x0) or cx - h <= mids[c] <= cx + h)
              and (parent is None or parent[1] <= c <= parent[2])]
        if not cs:
            cs = [c_here]
        done.append((w, min(cs), max(cs)))
        placed.append([row_of[id(w)], min(cs), row_of[id(w)], max(cs), [w]])
    # a header cell's lines (结果 / 维持): the same columns, one line right under the other
    placed.sort(key=lambda p: p[0])
    merged: set[int] = set()
    for a, p in enumerate(placed):
        if a in merged:
            continue
        for b in range(a + 1, len(placed)):
            q = placed[b]
            if b in merged or q[0] <= p[2] or q[3] < p[1] or q[1] > p[3]:
                continue
            if (q[1], q[3]) == (p[1], p[3]) and q[4][0].top - max(w.bottom for w in p[4]) <= cut:
                p[2] = q[2]
                p[4].extend(q[4])
                merged.add(b)
                continue
            break  # another cell under it
    # a head line whose every word goes on a cell of the line above (本年制 / 发件数, 信息 / 内容 set
    # over two lines) is no row of its own: the labels beside both lines are one cell too
    starts = {p[0] for b, p in enumerate(placed) if b not in merged}
    canon = list(range(len(hrows)))
    for n in range(1, len(hrows)):
        if n not in starts and any(p[0] < n <= p[2] for b, p in enumerate(placed) if b not in merged):
            canon[n] = canon[n - 1]
    for p in placed:
        p[0], p[2] = canon[p[0]], canon[p[2]]
    header_rows = [-1] * len(hrows)
    for n, hr in enumerate(hrows):
        top, bottom = min(w.top for w in hr), max(w.bottom for w in hr)
        if canon[n] == n:
            header_rows[n] = len(rows)
            rows.append(_Row(top, bottom))
        else:
            r = rows[header_rows[canon[n]]]
            r.top, r.bottom = min(r.top, top), max(r.bottom, bottom)
            header_rows[n] = header_rows[canon[n]]
    # label runs, per label column
    # a label line stands on a band, or on a header line (信息内容 beside 本年制发件数)
    aext = [(r.top, r.bottom) for r in rows]

    def anchor_of(w: _Word) -> int | None:
        k = band_of(w)
        if k is not None:
            return k
        for hk in header_rows:
            t, bt = aext[hk]
            if _v_overlap(t, bt, w.top, w.bottom) > 0.5 * min(bt - t, w.bottom - w.top):
                return hk
        return None

    runs, top_mode = _label_runs(label_ws, nlab, col, anchor_of, size, cut, aext)
    inner: dict[int, set[int]] = {}  # band → the label columns where a run stands on it
    for run in runs:
        if run.band is not None and run.band < len(bext):
            inner.setdefault(run.band, set()).add(run.c0)
    # a run off every band and header line: on the rows whose lines it overlaps (a label of two
    # lines with its figures centred between them; a group label over its rows), else a row of
    # its own (a row left blank, a heading row of 二)
    own = aext
    run_rows: list[list[int]] = []
    for run in runs:
        if run.band is not None:
            rr = [run.band]
            if run.c1 < nlab - 1 and run.band < len(bext) and not all(_is_value(w) for w in run.words):
                # a group label left of the rows' own labels: centred over its rows, on every
                # band it reaches; at the top of its rows, on the bands below that have labels of
                # their own right of it, up to the next label in its column
                if top_mode:
                    k = run.band + 1
                    while k < len(bext) and any(c > run.c1 for c in inner.get(k, ())) and \
                            not any(c <= run.c1 for c in inner.get(k, ())):
                        rr.append(k)
                        k += 1
                else:
                    rr = [k for k in range(len(bext)) if _v_overlap(bext[k][0], bext[k][1], run.top, run.bottom)
                          > 0.3 * min(bext[k][1] - bext[k][0], size)] or rr
            run_rows.append(rr)
            continue
        hit = [k for k, (t, b) in enumerate(own) if _v_overlap(t, b, run.top, run.bottom) > 0.3 * min(b - t, size)]
        if not hit and run.c1 < nlab - 1 and bext:
            # a group label between two bands: with the band nearest its centre
            cy = (run.top + run.bottom) / 2
            hit = [min(range(len(bext)), key=lambda k: abs((bext[k][0] + bext[k][1]) / 2 - cy))]
        if not hit:
            hit = [len(rows)]
            rows.append(_Row(run.top, run.bottom))
        run_rows.append(hit)
    # a row reaches over its labels' lines (for the row boundaries), unless a label reaches
    # over other rows too (a group label)
    for run, rr in zip(runs, run_rows):
        rt, rb, r0 = run.top, run.bottom, rr[0]
        if len(rr) == 1 and not any(k != r0 and (b if b < rb else rb) > (t if t > rt else rt)
                                    for k, (t, b) in enumerate(own)):
            r = rows[rr[0]]
            r.top, r.bottom = min(r.top, run.top), max(r.bottom, run.bottom)
    # order the rows top down
    order = sorted(range(len(rows)), key=lambda k: (rows[k].cy, rows[k].top))
    rank = {k: n for n, k in enumerate(order)}
    srows = [rows[k] for k in order]
    nr = len(srows)
    if nr < (1 if fixed else min_rows):
        return None
    ys = [min(r.top for r in srows) - 1]
    for a, b in zip(srows, srows[1:]):
        y = (a.bottom + b.top) / 2
        y = min(max(y, a.cy, ys[-1] + 0.01), max(b.cy, ys[-1] + 0.02))
        ys.append(y)
    ys.append(max(max(r.bottom for r in srows) + 1, ys[-1] + 0.01))

    owner = [[-1] * nc for _ in range(nr)]
    areas: list[tuple[int, int, int, int]] = []
    texts: list[list[_Word]] = []

    def put(r0: int, c0: int, r1: int, c1: int, ws: list[_Word]) -> None:
        taken = {owner[r][c] for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {-1}
        if taken:
            if r0 == r1 and c0 == c1 or len(taken) == 1:
                texts[min(taken)].extend(ws)
                return
            r1, c1 = r0, c0  # a span over taken cells shrinks to its first cell
            if owner[r0][c0] >= 0:
                texts[owner[r0][c0]].extend(ws)
                return
        k = len(areas)
        areas.append((r0, c0, r1, c1))
        texts.append(list(ws))
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                owner[r][c] = k

    # figures, and words on a band over the figure columns
    for k, b in enumerate(bands):
        for w in b:
            c = col((w.x0 + w.x1) / 2)
            put(rank[k], c, rank[k], c, [w])
    for k, w in on_band:
        c = col((w.x0 + w.x1) / 2)
        put(rank[k], c, rank[k], c, [w])
    for b, (h0, c0, h1, c1, ws) in enumerate(placed):
        if b not in merged:
            put(rank[header_rows[h0]], c0, rank[header_rows[h1]], c1, ws)
    # label runs
    for run, rr in zip(runs, run_rows):
        ranks = sorted(rank[k] for k in rr)
        put(ranks[0], run.c0, ranks[-1], run.c1, run.words)
    # a figure under a header spanning columns spans them too (a merged value cell), when the
    # other cells of that span are empty in its row
    for r in range(nr):
        for c in range(nlab, nc):
            k = owner[r][c]
            if k < 0 or areas[k] != (r, c, r, c) or not texts[k] or not all(_is_value(w) for w in texts[k]):
                continue
            for up in range(r - 1, -1, -1):
                h = owner[up][c]
                if h < 0 or not texts[h]:
                    continue
                _, h0, _, h1 = areas[h]
                if h1 > h0 and h0 >= nlab and all(owner[r][cc] < 0 for cc in range(h0, h1 + 1) if cc != c):
                    areas[k] = (r, h0, r, h1)
                    for cc in range(h0, h1 + 1):
                        owner[r][cc] = k
                break
    for r in range(nr):
        for c in range(nc):
            if owner[r][c] < 0:
                put(r, c, r, c, [])
    t = TableGeom(xs, ys, areas, owner, ruled=False)
    t.texts = [_text(ws) for ws in texts]
    t.label_cols = nlab
    t.size = size
    return t


def _split_at_labels(w: _Word, seps: list[float], size: float) -> list[_Word]:
    """A label word crossing a label column boundary at a gap between two characters, the right
    part starting at the boundary (a left-aligned cell beside it): two words."""
    cuts = [x for x in seps if w.x0 + 0.5 < x < w.x1 - 0.5]
    if not cuts:
        return [w]
    chars = sorted(w.chars, key=lambda ch: ch.x0)
    out, start = [], 0
    for n in range(1, len(chars)):
        a, b = chars[n - 1], chars[n]
        if b.x0 - a.x1 >= 0.2 * size and any(a.x1 <= x + 0.5 and x - 0.5 <= b.x0 <= x + 0.8 * size for x in cuts):
            out.append(chars[start:n])
            start = n
    if not out:
        return [w]
    out.append(chars[start:])
    return [_word_of(p, w.line) for p in out]


def _split_at_columns(w: _Word, xs: list[float], nlab: int) -> list[_Word]:
    """A head word over several columns of figures that is the heads of those columns side by
    side, touching (Qt sets 商业企业科研机构 with no gap in narrow columns): split where a column
    boundary falls between two characters, when every piece has two characters or more and
    fills its column, centred."""
    cuts = [x for x in xs[nlab + 1:-1] if w.x0 < x < w.x1]
    if not cuts or len(w.chars) < 4:
        return [w]
    pieces: list[list] = [[]]
    k = 0
    for ch in sorted(w.chars, key=lambda ch: ch.x0):
        while k < len(cuts) and (ch.x0 + ch.x1) / 2 > cuts[k]:
            if pieces[-1] and ch.x0 - pieces[-1][-1].x1 < 0.2 * max(ch.size, 1.0):
                return [w]  # no gap at the boundary: one word (法人或其他组织)
            k += 1
            pieces.append([])
        pieces[-1].append(ch)
    pieces = [p for p in pieces if p]
    if len(pieces) < 2 or any(len(p) < 2 for p in pieces):
        return [w]
    out = []
    for p in pieces:
        x0, x1 = p[0].x0, max(ch.x1 for ch in p)
        c = bisect_right(xs, (x0 + x1) / 2) - 1
        if c < 0 or c >= len(xs) - 1:
            return [w]
        mid, width = (xs[c] + xs[c + 1]) / 2, xs[c + 1] - xs[c]
        if abs((x0 + x1) / 2 - mid) > 0.3 * width or x1 - x0 < 0.6 * width:
            return [w]  # a piece off its column's centre, or narrower: a group head, whole
        out.append(_word_of(p, w.line))
    return out


def _label_separators(label_ws: list[_Word], left: float, first_sep: float, size: float) -> list[float]:
    """Boundaries between label columns: where lines of different widths start (left-aligned
    cells; the same text repeated, centred, starts at one x too but ends at one x as well), and
    the x ranges that (nearly) no label line crosses (a few spanning labels aside)."""
    if not label_ws:
        return []
    seps: list[float] = []
    groups: list[list[_Word]] = []
    for w in sorted(label_ws, key=lambda w: w.x0):
        if groups and w.x0 - groups[-1][-1].x0 <= 0.8 * size:
            groups[-1].append(w)
        else:
            groups.append([w])
    x_min = label_ws and min(w.x0 for w in label_ws)
    for g in groups:
        ends = [w.x1 for w in g]
        if len(g) >= 2 and max(ends) - min(ends) > 0.5 * size:
            x = min(w.x0 for w in g) - 0.25 * size
            if x > x_min + size:
                seps.append(x)
    # two words of one line far apart, each of a few characters: two cells side by side (a
    # group label beside its sub-row's label: 其他对外管理 | 行政检查)
    by_line: dict[int, list[_Word]] = {}
    for w in label_ws:
        by_line.setdefault(w.line, []).append(w)
    for ws in by_line.values():
        ws.sort(key=lambda w: w.x0)
        for a, b in zip(ws, ws[1:]):
            if b.x0 - a.x1 >= size and len(a.chars) >= 3 and len(b.chars) >= 3 and any(
                    o.line != b.line and abs(o.x0 - b.x0) <= 0.5 * size and o.x0 > a.x1 for o in label_ws):
                seps.append(b.x0 - 0.25 * size)  # … and another line starting there (行政确认)
    # a line right under or over another, wholly right of it, and another line starting where
    # it starts: a column of sub-row labels beside a group label (行政检查 / 行政确认 right of
    # 其他对外管理服务事项 set on one line between them)
    order = sorted(label_ws, key=lambda w: w.top)
    for n, a in enumerate(order):
        for b in order[n + 1:n + 6]:
            if b.top - a.bottom > 0.6 * size:
                break
            lo_w, hi_w = (a, b) if a.x1 <= b.x0 else (b, a) if b.x1 <= a.x0 else (None, None)
            if lo_w is None or hi_w.x0 - lo_w.x1 < 0.3 * size or len(lo_w.chars) < 5 or len(hi_w.chars) < 3:
                continue
            if any(o is not hi_w and abs(o.x0 - hi_w.x0) <= 0.5 * size and o.x0 > lo_w.x1 and len(o.chars) >= 3
                   for o in label_ws):
                seps.append(hi_w.x0 - 0.25 * size)
    # x ranges no more than a few label lines cross
    lo = min(w.x0 for w in label_ws)
    hi = first_sep
    nb = int(hi - lo) + 1
    if nb > 2:
        per_line: dict[int, set[int]] = {}
        for w in label_ws:
            bins = per_line.setdefault(w.line, set())
            bins.update(range(max(0, int(w.x0 - lo)), min(nb, int(w.x1 - lo) + 1)))
        cover = [0] * nb
        for bins in per_line.values():
            for b in bins:
                cover[b] += 1
        thr = int(0.15 * len(per_line))
        b = 0
        while b < nb:
            if cover[b] <= thr:
                e = b
                while e + 1 < nb and cover[e + 1] <= thr:
                    e += 1
                x = lo + (b + e + 1) / 2
                if b > 0 and e < nb - 1 and e - b + 1 >= 0.5 * size and x < first_sep - size:
                    seps.append(x)
                b = e + 1
            else:
                b += 1
    seps.sort()
    out: list[float] = []
    for x in seps:
        if not out or x - out[-1] > size:
            out.append(x)
    return [x for x in out if left < x < first_sep - 0.5 * size]


def _text(ws: list[_Word]) -> str:
    if not ws:
        return ""
    if len(ws) == 1 and ws[0].text:
        return ws[0].text  # one word (a figure): its text is joined already
    by_line: dict[int, list] = {}
    for w in ws:
        by_line.setdefault(w.line, []).extend(w.chars)
    order = sorted(by_line, key=lambda li: min(c.top for c in by_line[li]))
    return join_texts([join_chars(sorted(by_line[li], key=lambda ch: ch.x0)) for li in order])


def _cell_gap(label_ws: list[_Word], col, leading: float, size: float) -> float:
    """The gap between two lines of one cell: the smallest between lines starting in one label
    column. Where no label wraps, the smallest is a gap between rows (wider than lines are ever
    set apart in one cell): then the body text's leading, at most a third of the text size."""
    fallback = min(max(leading, 0.0), 0.35 * size)
    per: dict[int, dict[int, list[float]]] = {}
    for w in label_ws:
        e = per.setdefault(col(w.x0 + 0.1), {}).setdefault(w.line, [w.top, w.bottom])
        e[0], e[1] = min(e[0], w.top), max(e[1], w.bottom)
    gaps = []
    for lines in per.values():
        ext = sorted(lines.values())
        gaps.extend(b[0] - a[1] for a, b in zip(ext, ext[1:]) if b[0] - a[1] >= -0.5)
    if not gaps:
        return fallback
    gaps.sort()
    g = max(gaps[len(gaps) // 10], 0.0)
    return g if g <= 0.6 * size else fallback


def _label_runs(label_ws: list[_Word], nlab: int, col, band_of, size: float, cut: float,
                bext: list[tuple[float, float]]) -> tuple[list[_Run], bool]:
    """The label cells: per label column, its lines cut into runs (a gap wider than between the
    lines of one cell, a list number, a second band), the lines between two bands given to the
    row whose band the run is centred on or starts at. And whether the cells are top-aligned.
    ``band_of`` and ``bext``: the rows a line stands on (bands and head lines), their extents."""
    last_lab = max(nlab - 1, 0)
    # units: the words of one line starting in one label column
    units: dict[tuple[int, int], list[_Word]] = {}
    for w in label_ws:
        units.setdefault((col(w.x0 + 0.1), w.line), []).append(w)
    per_col: dict[int, list[list[_Word]]] = {}
    for (c, _), ws in units.items():
        per_col.setdefault(c, []).append(sorted(ws, key=lambda w: w.x0))
    runs: list[_Run] = []
    all_chunks: list[tuple[int, list[tuple]]] = []
    for c, us in per_col.items():
        us.sort(key=lambda u: u[0].top)
        info = []
        for u in us:
            x1 = max(w.x1 for w in u)
            c1 = min(max(col(x1 - 0.5 * size), c), last_lab)
            bands = {band_of(w) for w in u} - {None}
            info.append((u, c1, min(bands) if bands else None))
        # chunks: cut at hard breaks
        chunks: list[list[tuple]] = []
        for u, c1, b in info:
            if chunks:
                pu, pc1, _ = chunks[-1][-1]
                gap = u[0].top - max(w.bottom for w in pu)
                text = "".join(w.text for w in u)
                if gap <= cut and not LIST_START.match(text) and pc1 == c1:
                    chunks[-1].append((u, c1, b))
                    continue
            chunks.append([(u, c1, b)])
        all_chunks.extend((c, ch) for ch in chunks)
    # top-aligned cells (a run's first line on its band) or centred ones: told by the runs of
    # several lines on one band
    top_votes = centre_votes = 0
    for c, ch in all_chunks:
        bs = {b for _, _, b in ch} - {None}
        if len(bs) == 1 and len(ch) >= 2:
            bt = bext[bs.pop()][0]
            if abs(ch[0][0][0].top - bt) < 0.35 * size:
                top_votes += 1
            else:
                centre_votes += 1
    top_mode = top_votes > centre_votes
    for c, ch in all_chunks:
        if max(x[1] for x in ch) < last_lab:
            # a group label, left of its rows' own labels: its lines run past the first of its
            # rows, one cell however many bands they touch
            bs = [b for _, _, b in ch if b is not None]
            runs.append(_Run([w for u, _, _ in ch for w in u], c, max(x[1] for x in ch), bs[0] if bs else None))
        else:
            runs.extend(_split_chunk(ch, c, bext, top_mode))
    return runs, top_mode


def _split_chunk(chunk: list[tuple], c: int, bext: list[tuple[float, float]], top_mode: bool) -> list[_Run]:
    """A chunk of close lines touching several bands → one run per band. Top-aligned cells: the
    lines between two bands belong to the upper run. Centred cells: the boundary is placed where
    the upper run is best centred on its band."""
    anchored = [(n, b) for n, (_, _, b) in enumerate(chunk) if b is not None]
    bands = list(dict.fromkeys(b for _, b in anchored))  # in the order of the lines

    def make(part, b):
        return _Run([w for u, _, _ in part for w in u], c, max(x[1] for x in part), b)

    if len(bands) <= 1:
        return [make(chunk, bands[0] if bands else None)]
    out: list[_Run] = []
    start = 0
    for bi in range(len(bands) - 1):
        b, nb = bands[bi], bands[bi + 1]
        last_b = max(n for n, x in anchored if x == b)
        first_nb = min(n for n, x in anchored if x == nb)
        if first_nb <= last_b or first_nb <= start:
            continue  # anchors interleaved: leave these lines together
        s = first_nb
        if not top_mode:
            bt, bb = bext[b]
            best = None
            for cand in range(last_b + 1, first_nb + 1):  # cand: first line of the next run
                part = chunk[start:cand]
                top = part[0][0][0].top
                bottom = max(w.bottom for u, _, _ in part for w in u)
                cost = abs((top + bottom) / 2 - (bt + bb) / 2)
                if best is None or cost < best[0] - 1e-6:
                    best = (cost, cand)
            s = best[1] if best else first_nb
        out.append(make(chunk[start:s], b))
        start = s
    out.append(make(chunk[start:], bands[-1]))
    return out


# ----- a table over a page break ----------------------------------------------------------------


def _prepare_line(ln: Line, k: int) -> list[_Word]:
    ws = _words(ln, k)
    for w in ws:
        w.text = join_chars(w.chars)
    return ws


def _prepare(lines: list[Line]) -> list[list[_Word]]:
    """Every line's words, their texts joined."""
    return [_prepare_line(ln, k) for k, ln in enumerate(lines)]


def continue_table(prev: TableGeom, lines: list[Line], i: int, j: int, leading: float) -> TableGeom | None:
    """The table of lines [i, j) (opening a page) read in the columns of ``prev`` (the table
    without lines ending the page before), if its figures stand in ``prev``'s figure columns:
    the same table going on, read with the same columns so that the two parts join."""
    if prev.ruled or not prev.size:
        return None
    words = _prepare(lines)
    size = prev.size
    xs, nlab = prev.xs, prev.label_cols
    bands = _figure_bands(w for k in range(i, j) for w in words[k])
    clusters = _columns(bands, size)
    if not clusters:
        return None
    ncol = len(xs) - 1 - nlab
    used = set()
    for a, b in clusters:
        cx = (a + b) / 2
        c = bisect_right(xs, cx) - 1
        if c < nlab and b < xs[nlab]:
            continue  # a digit among the labels (3 of 3.其他 on a line of its own)
        if c < nlab or c >= len(xs) - 1 or c in used or not (xs[c] <= a + 0.5 * size and b - 0.5 * size <= xs[c + 1]):
            return None
        used.add(c)
    if len(used) < min(2, ncol):
        return None
    # the label columns: those of the part before, and those this part shows (the part before
    # may hold only rows whose labels span them all: 一、… 二、…)
    if nlab:
        first_sep = xs[nlab]
        in_band = {id(w) for b in bands for w in b}
        label_ws = [w for k in range(i, j) for w in words[k]
                    if id(w) not in in_band and (w.x0 + w.x1) / 2 < first_sep]
        seps = sorted(xs[1:nlab])
        for x in _label_separators(label_ws, xs[0], first_sep, size):
            if all(abs(x - y) > size for y in seps):
                seps.append(x)
        seps.sort()
        xs = [xs[0]] + seps + list(xs[nlab:])
        nlab = len(seps) + 1
    return _stream_table(words, i, j, size, leading, fixed=(xs, nlab))


def header_before(nxt: TableGeom, lines: list[Line], consumed: set[int], leading: float) -> tuple[int, TableGeom] | None:
    """The head of ``nxt`` (a table without lines opening the next page) at the foot of this
    page: the last lines, not in a table, of two words or more (single-word lines between them:
    a wrapped header cell), read in ``nxt``'s columns. (first line, table) or None."""
    if nxt.ruled or not nxt.size or not lines:
        return None
    words = _prepare(lines)
    k = len(lines)
    while k > 0 and k - 1 not in consumed:
        ln = lines[k - 1]
        if len(words[k - 1]) >= 2 or (k < len(lines) and len(words[k]) >= 2 and k - 2 >= 0 and len(words[k - 2]) >= 2):
            if abs(ln.size - nxt.size) > 0.2 * nxt.size:
                break
            k -= 1
            continue
        break
    while k < len(lines) and len(words[k]) < 2:
        k += 1
    if len(lines) - k < 1 or len(lines) - k > 12:
        return None
    if not (lines[k].x0 >= nxt.xs[0] - nxt.size and lines[-1].x1 <= nxt.xs[-1] + nxt.size):
        return None
    t = _stream_table(words, k, len(lines), nxt.size, leading, fixed=(nxt.xs, nxt.label_cols))
    if t is None:
        return None
    # a head: words over the figure columns, no figure
    if any(_FIGURE.match(x) for x in t.texts):
        return None
    return k, t


def figures_opening(lines: list[Line], leading: float) -> tuple[int, TableGeom] | None:
    """Rows of figures alone opening a page (四's one row of fifteen, its head at the foot of the
    page before): (end line, table) or None."""
    words: list[list[_Word]] = []
    while len(words) < len(lines) and lines[len(words)].text[:1] and (
            lines[len(words)].text[0].isdigit() or lines[len(words)].text[0] in "-+−"):
        ws = _prepare_line(lines[len(words)], len(words))
        if len(ws) < 3 or not all(_is_value(w) for w in ws):
            break
        words.append(ws)
    k = len(words)
    if k == 0:
        return None
    size = statistics.median([ln.size for ln in lines[:k]]) or 10.0
    t = _stream_table(words, 0, k, size, leading, min_rows=1)
    return (k, t) if t is not None else None
