"""PDF (text layer) → ``Document``, through PDFium (pypdfium2).

- paragraphs in reading order: lines joined into paragraphs (first-line indent, short last line,
  extra spacing), page headers/footers and page numbers (「-3-」「- 4 -」「第 3 页」) dropped;
- tables as grids reconstructed from the ruling lines (``pdf_tables``): merged areas → ``origin``;
  a table continuing on the next page (same columns, header not repeated) joined into one grid, a
  row cut by the page break joined into one row; tables without lines read by word alignment;
- every cell knows its page, box (x0, top, x1, bottom in points from the page's top-left corner)
  and table/row/column.

Bad input ends in ``ReadError`` with a Chinese message, bounded in time and memory: pages beyond
``MAX_PAGES`` are not read, a page with too many objects is refused, a stream that inflates past
``MAX_STREAM_BYTES`` is a bomb, and the whole read stops at ``TIME_BUDGET`` seconds.
"""

from __future__ import annotations

import re
import statistics
import time
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..model import Document, Grid, GridCell, Paragraph, SourcePos
from .errors import ReadError, mb
from .pdf_stream import continue_table, figures_opening, find_borderless, header_before
from .pdf_tables import LIST_START, Line, TableGeom, _nearest, fill_text, find_tables, group_lines, join_texts

MAX_PAGES = 200
MAX_STREAM_BYTES = 64 * 1024 * 1024
MAX_TOTAL_INFLATE = 512 * 1024 * 1024
TIME_BUDGET = 30.0  # seconds for the whole read

_PAGE_NO = re.compile(
    r"^\s*(?:[-－—–_·•]\s*\d{1,4}\s*[-－—–_·•]|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|\d{1,4}|[-－—–]?\s*[ivxlcIVXLC]{1,6}\s*[-－—–]?)\s*$"
)


# ----- guards before PDFium sees the bytes ----------------------------------------------------

_STREAM = re.compile(rb"stream\r?\n")
_STEP = 1 << 22  # inflate in steps of 4 MB: memory stays bounded whatever the stream holds


# Deflate gives at most ~1032 bytes out per byte in (a 258-byte match coded in two bits).
_MAX_RATIO = 1040
_LENGTH = re.compile(rb"/Length\s+(\d+)(?:\s+(\d+)\s+R)?")
_INT_OBJ = re.compile(rb"obj\s*(\d+)\s*endobj")
_OBJ_NO = re.compile(rb"(\d+)\s+(\d+)\s+$")
_END = re.compile(rb"\s*endstream")


def _int_objects(data: bytes) -> dict[tuple[int, int], int]:
    """``n g obj <integer> endobj`` objects (the usual home of an indirect /Length)."""
    out = {}
    for m in _INT_OBJ.finditer(data):
        k = _OBJ_NO.search(data, max(0, m.start() - 24), m.start())
        if k is not None:
            out[(int(k.group(1)), int(k.group(2)))] = int(m.group(1))
    return out


def _stream_length(data: bytes, head: bytes, start: int, ints) -> int | None:
    """The stream's length from its dictionary, when ``endstream`` stands right after it (the
    length PDFium reads), else None."""
    m = None
    for m in _LENGTH.finditer(head):
        pass
    if m is None:
        return None
    n = int(m.group(1))
    if m.group(2) is not None:
        n = ints().get((n, int(m.group(2))))
        if n is None:
            return None
    if _END.match(data, start + n, start + n + 16) is None:
        return None
    return n


class _Flate:
    """One Flate layer of a stream and the layers after it (``/Filter [/FlateDecode /FlateDecode …]``):
    ``feed`` inflates what it is given in bounded steps, passes the result through the later layers
    and returns how many bytes the last layer gave (the bytes are counted, never kept)."""

    def __init__(self, after: int = 0):
        self.d = zlib.decompressobj()
        self.next = _Flate(after - 1) if after > 0 else None
        self.broken = False

    def _pass(self, buf: bytes) -> int:
        return len(buf) if self.next is None else self.next.feed(buf)

    def feed(self, buf: bytes) -> int:
        total = 0
        if self.broken or self.d.eof:
            return total
        try:
            got = self.d.decompress(buf, _STEP)
            total += self._pass(got)
            while self.d.unconsumed_tail and got and total <= MAX_STREAM_BYTES:
                got = self.d.decompress(self.d.unconsumed_tail, _STEP)
                total += self._pass(got)
        except zlib.error:
            self.broken = True  # not (or no longer) Flate: PDFium will say what it makes of it
        return total


def _check_streams(data: bytes, name: str) -> None:
    """Inflate every Flate stream with a bound: a stream that grows past ``MAX_STREAM_BYTES`` (or
    all together past ``MAX_TOTAL_INFLATE``) is a bomb. Streams that do not inflate (encrypted,
    other filters) are left to PDFium. In a file too small to hold ``MAX_TOTAL_INFLATE`` of
    inflated streams, a stream whose checked length cannot inflate past ``MAX_STREAM_BYTES``
    (deflate's ceiling ratio) is not inflated."""
    total = 0
    small_file = len(data) * _MAX_RATIO <= MAX_TOTAL_INFLATE
    cache: list = []

    def ints():
        if not cache:
            cache.append(_int_objects(data))
        return cache[0]

    for m in _STREAM.finditer(data):
        if data[m.start() - 3 : m.start()] == b"end":
            continue  # "endstream": the end of one, not a stream
        start = m.end()
        head = data[max(0, m.start() - 400) : m.start()]
        dict_head = head[head.rfind(b"obj") + 1 if b"obj" in head else 0 :]
        if b"Flate" not in dict_head and b"/Fl" not in head[-200:]:
            continue
        # /Filter [/FlateDecode /FlateDecode]: each layer multiplies, so a few KB can hold a GB; what
        # counts is the last layer's output, and the ceiling-ratio shortcut does not hold
        layers = min(dict_head.count(b"/Fl"), 8)
        n = _stream_length(data, dict_head, start, ints) if small_file and layers < 2 else None
        if n is not None and n * _MAX_RATIO <= MAX_STREAM_BYTES:
            continue  # cannot inflate past the limit
        step = 65536 if n is None else 8192
        flate = _Flate(max(layers, 1) - 1)
        out = 0
        pos = start
        while pos < len(data) and not flate.d.eof and not flate.broken:
            if n is not None and out + max(0, n - (pos - start - len(flate.d.unconsumed_tail))) * _MAX_RATIO <= MAX_STREAM_BYTES:
                break  # what is left of it cannot take it past the limit
            out += flate.feed(data[pos : pos + step])
            pos += step
            if out > MAX_STREAM_BYTES:
                break
        total += out
        if out > MAX_STREAM_BYTES or total > MAX_TOTAL_INFLATE:
            raise ReadError.make("pdf_bomb", name=name, ext=".pdf", limit=mb(MAX_STREAM_BYTES),
                                 detail=f"flate stream at {start} inflates past the limit")


# ----- the reader -----------------------------------------------------------------------------


@dataclass
class _Part:
    """A table on one page (a piece of a grid)."""

    page: int
    geom: TableGeom


@dataclass
class _Item:
    page: int
    top: float
    line: Line | None = None
    table: list[_Part] | None = None


def read_pdf(path: Path, data: bytes) -> Document:
    """Read a PDF's text layer into a ``Document``; ``ReadError`` for anything that cannot be read."""
    path = Path(path)
    name = path.name or "（未命名）"
    try:
        return _read(path, data, name)
    except ReadError:
        raise
    except MemoryError as exc:
        raise ReadError.make("out_of_memory", name=name, ext=".pdf", detail="MemoryError") from exc
    except RecursionError as exc:
        raise ReadError.make("pdf_damaged", name=name, ext=".pdf", detail="RecursionError") from exc
    except Exception as exc:  # noqa: BLE001 - never a traceback for a bad file
        raise ReadError.make("pdf_damaged", name=name, ext=".pdf", detail=f"unexpected {type(exc).__name__}: {exc}",
                             unexpected=True) from exc


def _open(data: bytes, name: str):
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as R
    except ImportError as exc:  # the PDF library is not installed: say what the file is
        raise ReadError.make("pdf", name=name, ext=".pdf", detail=f"pypdfium2 missing: {exc}") from exc
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = R.FPDF_GetLastError()
        if code in (R.FPDF_ERR_PASSWORD, R.FPDF_ERR_SECURITY):
            raise ReadError.make("pdf_encrypted", name=name, ext=".pdf", detail=f"pdfium error {code}") from exc
        raise ReadError.make("pdf_damaged", name=name, ext=".pdf", detail=f"pdfium error {code}") from exc


def _read(path: Path, data: bytes, name: str) -> Document:
    from .pdf_extract import PageTooComplex, page_content

    t0 = time.monotonic()
    _check_streams(data, name)
    pdf = _open(data, name)
    notes: list[str] = []
    try:
        n_pages = len(pdf)
        if n_pages <= 0:
            raise ReadError.make("pdf_no_pages", name=name, ext=".pdf", detail="0 pages")
        if n_pages > MAX_PAGES:
            notes.append(f"文件共 {n_pages} 页，只读取了前 {MAX_PAGES} 页，核查结果可能不完整。")
        meta = {}
        try:
            meta = pdf.get_metadata_dict(skip_empty=True)
        except Exception:  # noqa: BLE001 - metadata is a nicety
            pass
        pages = []
        for i in range(min(n_pages, MAX_PAGES)):
            if time.monotonic() - t0 > TIME_BUDGET:
                raise ReadError.make("pdf_timeout", name=name, ext=".pdf", seconds=int(TIME_BUDGET),
                                     detail=f"time budget at page {i + 1}")
            try:
                pages.append(page_content(pdf, i))
            except PageTooComplex as exc:
                raise ReadError.make("pdf_too_complex", name=name, ext=".pdf", page=i + 1, detail=str(exc)) from exc
    finally:
        pdf.close()
    if not any(not c.text.isspace() for p in pages for c in p.chars):
        raise ReadError.make("pdf_no_text", name=name, ext=".pdf",
                             detail=f"no text on {len(pages)} pages, {sum(p.images for p in pages)} images")
    blocks = _Assembler(pages).run()
    producer = meta.get("Producer") or meta.get("Creator") or ""
    creator = meta.get("Creator") or ""
    if creator and producer and creator not in producer:
        producer = f"{creator} / {producer}"
    return Document(path, "pdf", blocks, notes, producer.strip())


class _Assembler:
    def __init__(self, pages):
        self.pages = pages

    # -- page furniture ------------------------------------------------------------------
    def _furniture(self, per_page_lines: list[list[Line]]) -> list[set[int]]:
        """Indexes of header/footer lines per page: page numbers in the top/bottom band, and
        lines repeated (digits aside) in that band on several pages."""
        drop: list[set[int]] = [set() for _ in per_page_lines]
        band_text: Counter = Counter()
        keyed: list[list[tuple[int, str]]] = []
        for pi, lines in enumerate(per_page_lines):
            h = self.pages[pi].height
            ks = []
            for li, ln in enumerate(lines):
                if ln.top < 0.1 * h or ln.bottom > 0.9 * h:
                    if _PAGE_NO.match(ln.text) and (ln.top < 0.12 * h or ln.bottom > 0.85 * h):
                        drop[pi].add(li)
                        continue
                    if len(re.findall(r"\d+", ln.text)) >= 3 and not re.search(r"[^\d\s.,，、%+\-−]", ln.text):
                        continue  # a row of figures (a table's), not a running head or foot
                    key = re.sub(r"\d+", "#", ln.text.replace(" ", ""))
                    ks.append((li, key))
            keyed.append(ks)
            for k in {k for _, k in ks}:
                band_text[k] += 1
        if len(per_page_lines) >= 2:
            for pi, ks in enumerate(keyed):
                for li, k in ks:
                    if band_text[k] >= max(2, len(per_page_lines) // 2):
                        drop[pi].add(li)
        # a page number alone near the bottom, even outside the band (large bottom margin)
        for pi, lines in enumerate(per_page_lines):
            if lines and _PAGE_NO.match(lines[-1].text) and lines[-1].top > 0.75 * self.pages[pi].height:
                if len(lines[-1].text.strip()) <= 12:
                    drop[pi].add(len(lines) - 1)
        return drop

    def _leading(self, per_page_lines) -> float:
        """The usual gap between two lines of one paragraph (median over the pages' text)."""
        gaps = []
        for p, lines in zip(self.pages, per_page_lines):
            for a, b in zip(lines, lines[1:]):
                g = b.top - a.bottom
                if -1 <= g < a.height and a.x1 - a.x0 > 0.5 * p.width:
                    gaps.append(g)
        return statistics.median(gaps) if gaps else 2.0

    # -- blocks --------------------------------------------------------------------------
    def run(self) -> list:
        items: list[_Item] = []
        per_page_rest: list[list[Line]] = []
        page_tables: list[list[TableGeom]] = []
        for p in self.pages:
            tables = find_tables(p.hlines, p.vlines)
            inside: list[list] = [[] for _ in tables]
            rest = []
            boxes = [(t.xs[0] - 1, t.ys[0] - 1, t.xs[-1] + 1, t.ys[-1] + 1, inside[k]) for k, t in enumerate(tables)]
            if not boxes:
                rest = p.chars
            for ch in p.chars if boxes else ():
                cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
                for x0, y0, x1, y1, bucket in boxes:
                    if x0 <= cx <= x1 and y0 <= cy <= y1:
                        bucket.append(ch)
                        break
                else:
                    rest.append(ch)
            for t, cs in zip(tables, inside):
                fill_text(t, cs)
            page_tables.append(tables)
            per_page_rest.append(group_lines(rest))
        drops = self._furniture(per_page_rest)
        leading = self._leading(per_page_rest)
        page_lines = [[ln for li, ln in enumerate(per_page_rest[pi]) if li not in drops[pi]]
                      for pi in range(len(self.pages))]
        # tables without lines, among the lines that are not in a ruled table
        found = [find_borderless(lines, leading) for lines in page_lines]
        for pi in range(len(self.pages) - 1):
            self._across_break(page_lines, found, pi, leading)
        for pi, p in enumerate(self.pages):
            lines = page_lines[pi]
            tables = list(page_tables[pi])
            consumed: set[int] = set()
            for i, j, geom in sorted(found[pi], key=lambda f: f[0]):
                tables.append(geom)
                consumed.update(range(i, j))
            for li, ln in enumerate(lines):
                if li not in consumed:
                    items.append(_Item(p.number, ln.top, line=ln))
            for t in tables:
                items.append(_Item(p.number, t.ys[0], table=[_Part(p.number, t)]))
        items.sort(key=lambda it: (it.page, it.top))
        items = self._join_tables(items)
        return self._blocks(items)

    def _across_break(self, page_lines, found, pi: int, leading: float) -> None:
        """A table without lines going on over the break after page ``pi``: the part opening the
        next page read in the columns of the part ending this page; or the table's head alone at
        the foot of this page, read in the columns of the figures on the next."""
        nxt = found[pi + 1]
        lines = page_lines[pi]
        cur = found[pi]
        ends = bool(cur) and max(e for _, e, _ in cur) == len(lines)
        if not nxt or (min(f[0] for f in nxt) != 0 and not ends):
            lone = figures_opening(page_lines[pi + 1], leading)
            if lone is not None and not ends:
                consumed = {k for i, j, _ in cur for k in range(i, j)}
                head = header_before(lone[1], lines, consumed, leading)
                if head is not None:
                    cur.append((head[0], len(lines), head[1]))
                    nxt.append((0, lone[0], lone[1]))
            return
        i1, j1, first = min(nxt, key=lambda f: f[0])
        if ends:
            i0, j0, last = max(cur, key=lambda f: f[0])
            # the lines above the first table of the next page: the end of a label cut by the
            # break (in the label columns), or text (then the table does not go on)
            above = page_lines[pi + 1][:i1]
            if len(above) > 3 or last.ruled or not all(
                    ln.x0 >= last.xs[0] - last.size and ln.x1 <= last.xs[max(last.label_cols, 1)] + last.size
                    for ln in above):
                return
            again = continue_table(last, page_lines[pi + 1], 0, j1, leading)
            if again is not None:
                nxt[nxt.index((i1, j1, first))] = (0, j1, again)
            return
        if i1 != 0:
            return  # the next page opens with text, not with a table
        consumed = {k for i, j, _ in cur for k in range(i, j)}
        head = header_before(first, lines, consumed, leading)
        if head is not None:
            cur.append((head[0], len(lines), head[1]))

    def _join_tables(self, items: list[_Item]) -> list[_Item]:
        def parts_xs(parts: list[_Part]) -> TableGeom:
            return max((p.geom for p in parts), key=lambda g: len(g.xs))

        """A table that ends its page and one that opens the next page with the same columns are
        one table."""
        out: list[_Item] = []
        for it in items:
            if it.table is not None and out and out[-1].table is not None:
                prev = out[-1].table
                last, first = prev[-1], it.table[0]
                if first.page == last.page + 1 and _same_columns(parts_xs(prev), first.geom):
                    prev.extend(it.table)
                    continue
            out.append(it)
        return out

    def _blocks(self, items: list[_Item]) -> list:
        body = [it.line for it in items if it.line is not None]
        if body:
            left = Counter(round(ln.x0) for ln in body).most_common(1)[0][0]
            rights = sorted(ln.x1 for ln in body)
            right = rights[int(len(rights) * 0.9)]
            gaps = [b.top - a.bottom for a, b in zip(body, body[1:]) if 0 <= b.top - a.bottom < 3 * a.height]
            gap = statistics.median(gaps) if gaps else 3.0
        else:
            left, right, gap = 0, 0, 3.0
        blocks: list = []
        cur: list[Line] = []
        cur_page = 0
        prev: Line | None = None
        prev_page = 0
        grid_no = 0
        ordinal = 0

        def flush():
            nonlocal cur, ordinal
            if not cur:
                return
            text = join_texts([ln.text for ln in cur])
            first = cur[0]
            size = first.size or 10.0
            centered = first.x0 > left + 2.5 * size and abs((first.x0 + first.x1) / 2 - (left + right) / 2) < size
            ordinal += 1
            box = (round(min(l.x0 for l in cur), 1), round(first.top, 1), round(max(l.x1 for l in cur), 1), round(cur[-1].bottom, 1))
            blocks.append(
                Paragraph(
                    text=text,
                    bold=all(l.bold for l in cur) and len(text) <= 60,
                    centered=centered,
                    pos=SourcePos("pdf", page=cur_page, box=box, ordinal=ordinal),
                )
            )
            cur = []

        for it in items:
            if it.table is not None:
                flush()
                prev = None
                grid_no += 1
                blocks.append(_grid(it.table, grid_no))
                continue
            ln = it.line
            if prev is not None and self._continues(prev, ln, prev_page != it.page, left, right, gap):
                cur.append(ln)
            else:
                flush()
                cur = [ln]
                cur_page = it.page
            prev, prev_page = ln, it.page
        flush()
        return blocks

    @staticmethod
    def _continues(prev: Line, ln: Line, new_page: bool, left: float, right: float, gap: float) -> bool:
        size = max(ln.size, prev.size, 1.0)
        if abs(ln.size - prev.size) > 0.15 * size:
            return False
        if prev.bold != ln.bold:
            return False
        mid = (left + right) / 2
        both_centered = abs((ln.x0 + ln.x1) / 2 - mid) < size and abs((prev.x0 + prev.x1) / 2 - mid) < size and prev.x0 < left + size
        if both_centered and prev.x1 - prev.x0 > 0.8 * (right - left):
            pass  # a centered title wrapped over two lines
        elif prev.x1 < right - 3 * size:  # the previous line stopped short: its paragraph ended
            return False
        elif ln.x0 > left + 0.8 * size:
            return False  # first-line indent
        if not new_page and ln.top - prev.bottom > gap + 0.45 * size:
            return False
        return True


def _same_columns(a: TableGeom, b: TableGeom) -> bool:
    """Do two pieces of a table line up: same outer edges, and the column lines of one among
    those of the other (a piece whose rows happen to merge some columns still continues)."""
    if a.ruled != b.ruled:
        return False
    if abs(a.xs[0] - b.xs[0]) > 3.0 or abs(a.xs[-1] - b.xs[-1]) > 3.0:
        return False
    small, big = (a.xs, b.xs) if len(a.xs) <= len(b.xs) else (b.xs, a.xs)
    return all(min(abs(x - y) for y in big) <= 3.0 for x in small)


_NUMERIC = re.compile(r"^\s*[-+]?[\d０-９,，.．]+\s*$")


def _continues_text(above: str, below: str) -> bool:
    """Is ``below`` (top of a cell on the new page) the rest of ``above`` (bottom of the same
    cell on the previous page)?"""
    if not below.strip():
        return True
    if not above.strip() or below.strip() == above.strip():
        return False  # the same text again: a repeated header or a merge undone, not a cut
    return not LIST_START.match(below) and not _NUMERIC.match(below) and not _NUMERIC.match(above)


def _unfinished(text: str) -> bool:
    """Does a cell's text stop where a label cannot end (no closing bracket or final word)?"""
    t = text.strip()
    return bool(t) and t[-1] not in "项）)」》况计件组织构业他数量人果持正审结诉"


@dataclass(slots=True)
class _Area:
    r0: int
    c0: int
    r1: int
    c1: int
    text: str
    page: int
    box: tuple[float, float, float, float]


def _grid(parts: list[_Part], index: int) -> Grid:
    """Pieces of one table on consecutive pages → one ``Grid``: columns on the union of the
    pieces' column lines; at each page break, a cell continued on the new page (same columns,
    its text going on, or empty under a merged label) is one merged area, and a row cut by the
    break (every cell of the new page's first row continuing the old last row) is one row."""
    xs: list[float] = []
    for part in parts:
        for x in part.geom.xs:
            if not any(abs(x - y) <= 3.0 for y in xs):
                xs.append(x)
    xs.sort()
    width = len(xs) - 1

    def col_map(g: TableGeom) -> list[int]:
        return [_nearest(xs, x) for x in g.xs]

    areas: list[_Area] = []
    owner: list[list[int]] = []
    for pi, part in enumerate(parts):
        g = part.geom
        nr = len(g.ys) - 1
        base = len(owner)
        cmap = col_map(g)
        # the areas' boxes (``g.area_box``) rounded, from the boundaries rounded once
        rx = [round(x, 1) for x in g.xs]
        ry = [round(y, 1) for y in g.ys]
        texts, page, start = g.texts, part.page, len(areas)
        areas.extend([_Area(base + r0, cmap[c0], base + r1, cmap[c1 + 1] - 1, texts[k], page,
                            (rx[c0], ry[r0], rx[c1 + 1], ry[r1 + 1]))
                      for k, (r0, c0, r1, c1) in enumerate(g.areas)])
        local = list(range(start, len(areas)))
        rows = [[-1] * width for _ in range(nr)]
        for k, a in enumerate(local):
            ar = areas[a]
            for r in range(ar.r0 - base, ar.r1 - base + 1):
                for c in range(ar.c0, ar.c1 + 1):
                    rows[r][c] = a
        if pi > 0 and owner and nr:
            last = owner[-1]
            first = rows[0]
            spans_last = {(areas[a].c0, areas[a].c1): a for a in set(last) if a >= 0}
            spans_first = {(areas[a].c0, areas[a].c1): a for a in set(first) if a >= 0}
            # which areas of the new first row continue an area of the old last row
            cont = {}
            for span, a in spans_first.items():
                b = spans_last.get(span)
                if b is None:
                    continue
                if _continues_text(areas[b].text, areas[a].text) or (
                    # a tall merged label across the break, its text (vertically centred) on the
                    # new page only
                    not areas[b].text.strip() and areas[b].r1 > areas[b].r0 and areas[a].r1 > areas[a].r0
                ):
                    cont[a] = b
            soft: set[int] = set()
            if len(cont) < len(spans_first) and any(
                areas[a].text.strip() and areas[b].text.strip() for a, b in cont.items()
            ):
                # a label going on over the break: figures drawn on the new page only (the old
                # page's part of the row clipped them away)
                # belong to the same row, and so does a merged label opening on the new page
                for span, a in spans_first.items():
                    b = spans_last.get(span)
                    if a not in cont and b is not None and not areas[b].text.strip() and (
                        _NUMERIC.match(areas[a].text) or areas[a].r1 > areas[a].r0
                    ):
                        cont[a] = b
                        soft.add(a)
            one_side = [a for a, b in cont.items() if bool(areas[a].text.strip()) != bool(areas[b].text.strip())]
            # a row cut by the break: the same cells on both sides, labels going on, the figures
            # on one side only
            whole_row = (
                len(cont) == len(spans_first) == len(spans_last)
                and any(areas[a].text.strip() for a in cont)
                and all(areas[a].r0 == base for a in cont)
                and (bool(one_side) or all(_unfinished(areas[b].text) for a, b in cont.items() if areas[a].text.strip()))
            )
            if not whole_row:
                cont = {a: b for a, b in cont.items() if a not in soft}
                # only cells under a merged label (empty on the new page, spanning down) continue
                cont = {a: b for a, b in cont.items() if not areas[a].text.strip() or areas[a].r1 > areas[a].r0}
            for a, b in cont.items():
                areas[b].text = join_texts([areas[b].text, areas[a].text])
            shift = 1 if whole_row else 0
            for r, row in enumerate(rows):
                row[:] = [cont.get(a, a) for a in row]
            for a, b in cont.items():
                areas[b].r1 = max(areas[b].r1, areas[a].r1 - shift)
            if whole_row:
                for c in range(width):
                    if rows[0][c] >= 0 and owner[-1][c] < 0:
                        owner[-1][c] = rows[0][c]
                rows = rows[1:]
                for a in set(local) - set(cont):
                    areas[a].r0 -= 1
                    areas[a].r1 -= 1
        owner.extend(rows)
    out: list[list[GridCell]] = []
    origin_of: dict[int, tuple[int, int]] = {}
    pos = _pos_maker()
    for r, row in enumerate(owner):
        cells = []
        for c, a in enumerate(row):
            if a < 0:
                cells.append(GridCell("", pos(index, r + 1, c + 1, None, None), (r, c)))
                continue
            ar = areas[a]
            origin = origin_of.get(a)
            if origin is None:
                origin = origin_of[a] = (r, c)
            cells.append(GridCell(ar.text, pos(index, r + 1, c + 1, ar.page, ar.box), origin))
        out.append(cells)
    return Grid(index, out, "pdf")


def _pos_maker():
    """``SourcePos("pdf", table=, row=, col=, page=, box=)`` for every cell of a grid. A frozen
    dataclass sets its thirteen fields one by one through ``object.__setattr__`` (~8 µs a cell,
    a sixth of the table work): when ``SourcePos`` is a plain frozen dataclass (a ``__dict__``,
    no ``__post_init__``), the same object is made by filling its ``__dict__`` from the
    defaults; otherwise through its constructor."""
    import dataclasses

    fields = dataclasses.fields(SourcePos)
    plain = (
        SourcePos.__dataclass_params__.frozen
        and not hasattr(SourcePos, "__slots__")
        and not hasattr(SourcePos, "__post_init__")
        and all(f.default is not dataclasses.MISSING or f.name == "kind" for f in fields)
    )
    if not plain:
        return lambda t, r, c, page, box: SourcePos("pdf", table=t, row=r, col=c, page=page, box=box)
    base = {f.name: f.default for f in fields}
    base["kind"] = "pdf"
    new = object.__new__

    def make(t, r, c, page, box):
        p = new(SourcePos)
        d = p.__dict__
        d.update(base)
        d["table"], d["row"], d["col"], d["page"], d["box"] = t, r, c, page, box
        return p

    return make
