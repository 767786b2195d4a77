"""Word (.docx, also .docm/.dotx and files saved by WPS Office) → ``Document``.

Reads the XML directly (through the guarded package), in document order:

- paragraphs with the text Word shows in the *accepted* view of tracked changes (w:ins kept,
  w:del / w:moveFrom dropped), text inside content controls (w:sdt) and custom XML, text boxes as
  paragraphs of their own, and the list number Word would draw in front (numbering.xml);
- tables as rectangular grids: gridBefore/gridSpan/vMerge resolved, each cell knowing its table
  number, row, grid column and w:tc index; nested tables become grids of their own.

Positions follow one definition that the exporter shares (``iter_rows``/``iter_cells``): the n-th
``w:tbl`` and n-th ``w:p`` of the body in document order (``body.iter``).
"""

from __future__ import annotations

from dataclasses import field

from ..fastdc import dataclass  # = dataclasses.dataclass, cheaper at import (start-up)
from ..model import Document, Grid, GridCell, Paragraph, SourcePos
from ..text import chinese_numeral
from .errors import ReadError
from .ooxml import MC_NS as MC
from .ooxml import PKG_REL_NS as PKG_REL
from .ooxml import R_NS
from .ooxml import W_NS as W
from .package import Package, producer


#: The reader's public vocabulary: the tracked-changes export walks documents with exactly these
#: definitions (the same accepted view, the same n-th w:tbl / w:p positions).
__all__ = [
    "read_docx", "w", "W", "R_NS", "PKG_REL", "MC",
    "W_P", "W_TBL", "W_TR", "W_TC", "W_R", "W_T", "W_INS", "W_DEL", "W_MOVEFROM", "W_MOVETO", "W_TAB", "W_BR", "W_CR",
    "W_PPR", "W_RPR", "TRANSPARENT_TAGS", "SKIPPED_TAGS", "accepted_children", "iter_rows", "iter_cells",
    "paragraph_text", "format_number", "Numbering", "MAX_TABLES", "MAX_ROWS", "MAX_CELLS", "MAX_PARAGRAPHS",
]


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


W_P, W_TBL, W_TR, W_TC, W_R, W_T = w("p"), w("tbl"), w("tr"), w("tc"), w("r"), w("t")
W_SDT, W_SDTCONTENT, W_CUSTOMXML, W_SMARTTAG = w("sdt"), w("sdtContent"), w("customXml"), w("smartTag")
W_INS, W_DEL, W_MOVEFROM, W_MOVETO = w("ins"), w("del"), w("moveFrom"), w("moveTo")
W_TAB, W_BR, W_CR, W_PPR, W_RPR = w("tab"), w("br"), w("cr"), w("pPr"), w("rPr")
W_TXBX = w("txbxContent")
W_HYPERLINK, W_FLDSIMPLE = w("hyperlink"), w("fldSimple")
MC_FALLBACK = f"{{{MC}}}Fallback"
W_VAL = w("val")

# Containers whose children are read as if they stood in the parent.
TRANSPARENT_TAGS = {W_SDT, W_SDTCONTENT, W_CUSTOMXML, W_SMARTTAG, W_INS, W_MOVETO, W_HYPERLINK, W_FLDSIMPLE}
SKIPPED_TAGS = {W_DEL, W_MOVEFROM, MC_FALLBACK, w("sdtPr"), w("sdtEndPr"), W_PPR, W_RPR, w("instrText"), w("delText")}

MAX_TABLES = 2000
MAX_ROWS = 5000
MAX_CELLS = 400_000
MAX_PARAGRAPHS = 200_000


def accepted_children(el):
    """Children of ``el`` in the accepted view of tracked changes, looking through transparent
    wrappers (sdt, customXml, w:ins …). The exporter walks documents through this too."""
    for ch in el:
        tag = ch.tag
        if tag in TRANSPARENT_TAGS:
            yield from accepted_children(ch)
        elif tag in SKIPPED_TAGS or not isinstance(tag, str):
            continue
        else:
            yield ch


def iter_rows(tbl):
    """The rows of a table in order (direct, or wrapped in sdt/customXml/ins)."""
    return [ch for ch in accepted_children(tbl) if ch.tag == W_TR]


def iter_cells(tr):
    """The cells of a row in order (direct, or wrapped in sdt/customXml)."""
    return [ch for ch in accepted_children(tr) if ch.tag == W_TC]


def _run_text(el, out: list[str], boxes: list):
    """Collect the visible text under ``el`` (a run or a container), text boxes apart."""
    for ch in el:
        tag = ch.tag
        if tag == W_T:
            if ch.text:
                out.append(ch.text)
        elif tag == W_TAB:
            out.append("\t")
        elif tag in (W_BR, W_CR):
            out.append("\n")
        elif tag == w("noBreakHyphen"):
            out.append("-")
        elif tag == W_TXBX:
            boxes.append(ch)
        elif tag in SKIPPED_TAGS or tag == W_P or tag == W_TBL or not isinstance(tag, str):
            continue
        else:
            _run_text(ch, out, boxes)


def paragraph_text(p) -> tuple[str, list]:
    out: list[str] = []
    boxes: list = []
    _run_text(p, out, boxes)
    return "".join(out), boxes


# ----- numbering ------------------------------------------------------------------------------

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"


def _roman(n: int) -> str:
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
            (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for v, s in vals:
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "japaneseCounting",
               "ideographDigital", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return chinese_numeral(n)
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class Numbering:
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId → ilvl → level
    starts: dict[tuple[str, int], int] = field(default_factory=dict)  # startOverride
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def parse(cls, root) -> "Numbering":
        num = cls()
        if root is None:
            return num
        abstract: dict[str, dict[int, _Level]] = {}
        for an in root.iter(w("abstractNum")):
            lv: dict[int, _Level] = {}
            for lvl in an.iter(w("lvl")):
                try:
                    ilvl = int(lvl.get(w("ilvl"), "0"))
                except ValueError:
                    continue
                level = _Level()
                s = lvl.find(w("start"))
                if s is not None and (s.get(W_VAL) or "").lstrip("-").isdigit():
                    level.start = int(s.get(W_VAL))
                f = lvl.find(w("numFmt"))
                if f is not None:
                    level.fmt = f.get(W_VAL, "decimal")
                t = lvl.find(w("lvlText"))
                if t is not None:
                    level.text = t.get(W_VAL, "")
                lv[ilvl] = level
            abstract[an.get(w("abstractNumId"), "")] = lv
        for n in root.iter(w("num")):
            nid = n.get(w("numId"), "")
            a = n.find(w("abstractNumId"))
            if a is None:
                continue
            num.levels[nid] = abstract.get(a.get(W_VAL, ""), {})
            for ov in n.iter(w("lvlOverride")):
                so = ov.find(w("startOverride"))
                if so is not None and (so.get(W_VAL) or "").isdigit():
                    num.starts[(nid, int(ov.get(w("ilvl"), "0")))] = int(so.get(W_VAL))
        return num

    def label(self, num_id: str, ilvl: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or num_id == "0" or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        if ilvl >= len(counters):
            return ""
        for i in range(9):
            if counters[i] == 0 and i < ilvl:
                counters[i] = self._start(num_id, i, levels)
        if counters[ilvl] == 0:
            counters[ilvl] = self._start(num_id, ilvl, levels)
        else:
            counters[ilvl] += 1
        for i in range(ilvl + 1, 9):
            counters[i] = 0
        level = levels[ilvl]
        if level.fmt == "bullet":
            return ""
        text = level.text
        for i in range(ilvl, -1, -1):
            fmt = levels[i].fmt if i in levels else "decimal"
            text = text.replace(f"%{i + 1}", format_number(counters[i] or 1, fmt))
        return text

    def _start(self, num_id, ilvl, levels) -> int:
        return self.starts.get((num_id, ilvl), levels[ilvl].start if ilvl in levels else 1)


# ----- styles ---------------------------------------------------------------------------------


@dataclass
class _Style:
    name: str = ""
    based_on: str | None = None
    outline: int | None = None
    num: tuple[str, int] | None = None
    bold: bool = False


class _Styles:
    """styleId → ``_Style``, each style read from styles.xml when it is first asked for: a Word
    template holds hundreds of styles (python-docx's default ~270, 350 KB) and a report uses a
    dozen. As before, the last style of a given id wins."""

    def __init__(self, root):
        self._elements = {} if root is None else {st.get(W_STYLE_ID, ""): st for st in root.iter(W_STYLE)}
        self._parsed: dict[str, _Style] = {}

    def __contains__(self, sid) -> bool:
        return sid in self._elements

    def __getitem__(self, sid) -> _Style:
        s = self._parsed.get(sid)
        if s is None:
            s = self._parsed[sid] = _parse_style(self._elements[sid])
        return s


W_STYLE = w("style")
W_STYLE_ID = w("styleId")


def _parse_styles(root) -> _Styles:
    return _Styles(root)


def _parse_style(st) -> _Style:
    s = _Style()
    n = st.find(w("name"))
    s.name = (n.get(W_VAL, "") if n is not None else "").lower()
    b = st.find(w("basedOn"))
    s.based_on = b.get(W_VAL) if b is not None else None
    ppr = st.find(W_PPR)
    if ppr is not None:
        o = ppr.find(w("outlineLvl"))
        if o is not None and (o.get(W_VAL) or "").isdigit():
            s.outline = int(o.get(W_VAL))
        np_ = ppr.find(w("numPr"))
        if np_ is not None:
            nid = np_.find(w("numId"))
            il = np_.find(w("ilvl"))
            if nid is not None:
                s.num = (nid.get(W_VAL, ""), int(il.get(W_VAL, "0")) if il is not None and (il.get(W_VAL) or "").isdigit() else 0)
    rpr = st.find(W_RPR)
    if rpr is not None:
        bb = rpr.find(w("b"))
        s.bold = bb is not None and bb.get(W_VAL, "true") not in ("0", "false")
    return s


def _style_chain(styles, sid):
    seen = 0
    while sid and sid in styles and seen < 20:
        yield styles[sid]
        sid = styles[sid].based_on
        seen += 1


# ----- the reader -----------------------------------------------------------------------------


class _Reader:
    def __init__(self, pkg: Package):
        self.pkg = pkg
        self.notes: list[str] = []
        main = pkg.main_part()
        self.root = pkg.xml(main)
        body = self.root.find(w("body"))
        if body is None:
            raise pkg.error("docx_no_body", detail="document.xml has no w:body")
        self.body = body
        rels = self._rels(main)
        self.numbering = Numbering.parse(self._part(rels, "numbering"))
        self.styles = _parse_styles(self._part(rels, "styles"))
        self.blocks: list = []
        # Positions: the n-th w:p and n-th w:tbl of the body in document order (the exporter's definition).
        self._all_p = list(body.iter(W_P))
        self._p_index = {id(p): i for i, p in enumerate(self._all_p)}
        self._all_tbl = list(body.iter(W_TBL))
        self._tbl_index = {id(t): i + 1 for i, t in enumerate(self._all_tbl)}
        self._cells = 0
        self._cut = False
        self._ordinal = 0

    def _rels(self, main: str) -> dict[str, str]:
        """Relationship short type → target part (the first of each type)."""
        out: dict[str, str] = {}
        for rel in self.pkg.relationships(main):
            if not rel.external and rel.target:
                out.setdefault(rel.short_type, rel.target)
        return out

    def _part(self, rels, typ):
        name = rels.get(typ)
        if name is None:
            fallback = {"numbering": "word/numbering.xml", "styles": "word/styles.xml"}[typ]
            name = fallback if self.pkg.has(fallback) else None
        if name is None or not self.pkg.has(name):
            return None
        try:
            return self.pkg.xml(name)
        except ReadError as e:
            self.notes.append(f"{name} 无法读取，已忽略（{e.message}）")
            return None

    def read(self) -> list:
        self._container(self.body)
        if self._cut:
            self.notes.append(
                f"文档过大：超过 {MAX_TABLES} 个表格、单表 {MAX_ROWS} 行或 {MAX_CELLS} 个单元格的部分未读取，核查结果可能不完整。"
            )
        return self.blocks

    def _container(self, el):
        for ch in accepted_children(el):
            if ch.tag == W_P:
                self._paragraph(ch)
            elif ch.tag == W_TBL:
                self._table(ch, nested=False)

    def _paragraph(self, p):
        if len(self.blocks) >= MAX_PARAGRAPHS + MAX_TABLES:
            self._cut = True
            return
        text, boxes = paragraph_text(p)
        ppr = p.find(W_PPR)
        style_id = ""
        num: tuple[str, int] | None = None
        outline = None
        centered = False
        if ppr is not None:
            ps = ppr.find(w("pStyle"))
            style_id = ps.get(W_VAL, "") if ps is not None else ""
            np_ = ppr.find(w("numPr"))
            if np_ is not None:
                nid = np_.find(w("numId"))
                il = np_.find(w("ilvl"))
                if nid is not None:
                    ilvl = il.get(W_VAL, "0") if il is not None else "0"
                    num = (nid.get(W_VAL, ""), int(ilvl) if ilvl.isdigit() else 0)
            o = ppr.find(w("outlineLvl"))
            if o is not None and (o.get(W_VAL) or "").isdigit():
                outline = int(o.get(W_VAL))
            jc = ppr.find(w("jc"))
            centered = jc is not None and jc.get(W_VAL) == "center"
        style_name = ""
        style_bold = False
        for st in _style_chain(self.styles, style_id):
            style_name = style_name or st.name
            if num is None and st.num is not None:
                num = st.num
            if outline is None and st.outline is not None:
                outline = st.outline
            style_bold = style_bold or st.bold
        number = ""
        if num is not None and text.strip():
            number = self.numbering.label(*num)
        level = None
        if outline is not None and outline < 9:
            level = outline + 1
        elif style_name.startswith(("heading", "标题")):
            digits = "".join(ch for ch in style_name if ch.isdigit())
            level = int(digits) if digits else 1
        elif style_name == "title":
            level = 0
        # boldness only matters for telling headings apart: long paragraphs never are
        bold = style_bold or (len(text) <= 60 and self._all_runs_bold(p))
        ordinal = None
        if text.strip():
            self._ordinal += 1
            ordinal = self._ordinal
        self.blocks.append(
            Paragraph(
                text=number + text,
                number=number,
                style=style_name,
                heading_level=level,
                bold=bold,
                centered=centered,
                pos=SourcePos("docx", paragraph=self._p_index.get(id(p)), ordinal=ordinal),
            )
        )
        for box in boxes:
            for bp in box.iter(W_P):
                t, _ = paragraph_text(bp)
                if t.strip():
                    self.blocks.append(Paragraph(text=t, style="textbox", pos=SourcePos("docx", paragraph=self._p_index.get(id(bp)))))

    @staticmethod
    def _all_runs_bold(p) -> bool:
        runs = [r for r in p.iter(W_R) if r.find(W_T) is not None]
        if not runs:
            return False
        for r in runs:
            rpr = r.find(W_RPR)
            b = rpr.find(w("b")) if rpr is not None else None
            if b is None or b.get(W_VAL, "true") in ("0", "false"):
                return False
        return True

    def _table(self, tbl, nested: bool):
        number = self._tbl_index.get(id(tbl), 0)
        if number > MAX_TABLES or self._cells > MAX_CELLS:
            self._cut = True
            return
        grid, nested_tables = self._grid(tbl, number)
        grid.nested = nested
        self.blocks.append(grid)
        for inner in nested_tables:
            self._table(inner, nested=True)

    def _grid(self, tbl, number: int):
        rows_el = iter_rows(tbl)
        if len(rows_el) > MAX_ROWS:
            rows_el = rows_el[:MAX_ROWS]
            self._cut = True
        raw_rows: list[list[tuple[int, int, str | None, str, int]]] = []  # (col, span, vmerge, text, tc)
        nested: list = []
        width = 0
        for tr in rows_el:
            col = 0
            trpr = tr.find(w("trPr"))
            if trpr is not None:
                gb = trpr.find(w("gridBefore"))
                if gb is not None and (gb.get(W_VAL) or "").isdigit():
                    col = int(gb.get(W_VAL))
            cells = []
            for tci, tc in enumerate(iter_cells(tr)):
                span, vmerge = 1, None
                tcpr = tc.find(w("tcPr"))
                if tcpr is not None:
                    gs = tcpr.find(w("gridSpan"))
                    if gs is not None and (gs.get(W_VAL) or "").isdigit():
                        span = max(1, min(int(gs.get(W_VAL)), 200))
                    vm = tcpr.find(w("vMerge"))
                    if vm is not None:
                        vmerge = vm.get(W_VAL, "continue")
                texts = []
                for ch in accepted_children(tc):
                    if ch.tag == W_P:
                        t, boxes = paragraph_text(ch)
                        texts.append(t)
                        for box in boxes:
                            texts.extend(paragraph_text(bp)[0] for bp in box.iter(W_P))
                    elif ch.tag == W_TBL:
                        nested.append(ch)
                cells.append((col, span, vmerge, "\n".join(texts), tci))
                col += span
            width = max(width, col)
            raw_rows.append(cells)
        width = min(width, 200)
        self._cells += width * len(raw_rows)
        grid_rows: list[list[GridCell]] = []
        for r, cells in enumerate(raw_rows):
            row: list[GridCell | None] = [None] * width
            for col, span, vmerge, text, tci in cells:
                if col >= width:
                    continue
                pos = SourcePos("docx", table=number, row=r + 1, col=col + 1, tc=tci)
                origin = (r, col)
                if vmerge == "continue" and r > 0 and not text.strip():
                    above = grid_rows[r - 1][col]
                    if above is not None:
                        origin = above.origin
                        text = grid_rows[origin[0]][origin[1]].text
                cell = GridCell(text, pos, origin)
                for k in range(span):
                    if col + k < width:
                        row[col + k] = cell if k == 0 else GridCell(text, pos, origin)
            for c in range(width):
                if row[c] is None:
                    row[c] = GridCell("", SourcePos("docx", table=number, row=r + 1, col=c + 1), (r, c))
            grid_rows.append(row)  # type: ignore[arg-type]
        return Grid(number, grid_rows, "docx"), nested


def read_docx(pkg: Package) -> Document:
    reader = _Reader(pkg)
    blocks = reader.read()
    return Document(pkg.path, "docx", blocks, reader.notes, producer(pkg))
