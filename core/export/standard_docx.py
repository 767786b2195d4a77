"""The standard .docx: a clean report in the official 2021 layout, and the blank template.

The tables are rendered from ``layout`` (built from ``core.formats``) with the official merges
(gridSpan / vMerge); the sections carry the report's own text in the order it was written, under
the standard headings. What the 2021 layout cannot hold (a 2019 draft's table 二) is listed in the
document as a 【待补充】 note and returned to the caller.

The page follows the usual layout of government documents (GB/T 9704): A4, 仿宋 三号 body text with
a fixed 28 pt line, 黑体 headings, tables in 宋体.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from ..formats import CURRENT, SECTIONS
from ..model import Grid, Paragraph, Report
from .layout import Carried, LCell, TableLayout, carry_over, fill, official_layouts
from .texts import placeholder, section_placeholder, title_of

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
TITLE_FONT = "宋体"
TABLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
BODY_SIZE = 32  # half-points: 16 pt = 三号
TITLE_SIZE = 44  # 22 pt = 二号
NOTE_SIZE = 24  # 12 pt = 小四
LINE = 560  # twips: fixed 28 pt line


@dataclass
class DocxBuild:
    data: bytes
    not_carried: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# ----- XML helpers --------------------------------------------------------------------------


def _E(tag: str, attrs: dict | None = None, children=()):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    for k, v in (attrs or {}).items():
        el.set(qn(k), str(v))
    for c in children:
        if c is not None:
            el.append(c)
    return el


def _val(tag: str, v):
    return _E(tag, {"w:val": v})


def _rpr(*, font: str = BODY_FONT, size: int = BODY_SIZE, bold: bool = False, highlight: bool = False):
    kids = [_E("w:rFonts", {"w:ascii": LATIN_FONT, "w:hAnsi": LATIN_FONT, "w:eastAsia": font, "w:hint": "eastAsia"})]
    if bold:
        kids += [_E("w:b"), _E("w:bCs")]
    kids += [_val("w:sz", size), _val("w:szCs", size)]
    if highlight:
        kids.append(_val("w:highlight", "yellow"))
    return _E("w:rPr", children=kids)


def _run(text: str, **fmt):
    r = _E("w:r", children=[_rpr(**fmt)])
    for i, line in enumerate(text.split("\n")):
        if i:
            r.append(_E("w:br"))
        if line:
            t = _E("w:t", {"xml:space": "preserve"})
            t.text = line
            r.append(t)
    return r


def _para(text: str, *, align: str | None = None, indent: bool = True, outline: int | None = None,
          line: int | None = LINE, before: int = 0, after: int = 0, keep_next: bool = False, **fmt):
    ppr = _E("w:pPr")
    if keep_next:
        ppr.append(_E("w:keepNext"))
    spacing = {"w:before": before, "w:after": after}
    if line:
        spacing.update({"w:line": line, "w:lineRule": "exact"})
    else:
        spacing.update({"w:line": 240, "w:lineRule": "auto"})
    ppr.append(_E("w:spacing", spacing))
    if indent:
        ppr.append(_E("w:ind", {"w:firstLineChars": 200, "w:firstLine": 2 * fmt.get("size", BODY_SIZE) * 10}))
    else:
        ppr.append(_E("w:ind", {"w:firstLine": 0}))
    if align:
        ppr.append(_val("w:jc", align))
    if outline is not None:
        ppr.append(_val("w:outlineLvl", outline))
    p = _E("w:p", children=[ppr])
    if text:
        p.append(_run(text, **fmt))
    return p


# ----- tables -------------------------------------------------------------------------------


def _table(layout: TableLayout):
    total = sum(layout.widths)
    borders = _E("w:tblBorders", children=[
        _E(f"w:{side}", {"w:val": "single", "w:sz": 4, "w:space": 0, "w:color": "000000"})
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")])
    tblpr = _E("w:tblPr", children=[
        _E("w:tblW", {"w:w": total, "w:type": "dxa"}),
        _val("w:jc", "center"),
        borders,
        _val("w:tblLayout", "fixed"),
        _E("w:tblCellMar", children=[_E("w:left", {"w:w": 57, "w:type": "dxa"}),
                                     _E("w:right", {"w:w": 57, "w:type": "dxa"})]),
        _E("w:tblLook", {"w:val": "0000", "w:firstRow": 0, "w:lastRow": 0, "w:firstColumn": 0,
                         "w:lastColumn": 0, "w:noHBand": 1, "w:noVBand": 1}),
    ])
    tbl = _E("w:tbl", children=[tblpr, _E("w:tblGrid", children=[_E("w:gridCol", {"w:w": w}) for w in layout.widths])])
    # The small tables 二 and 四 are kept on one page (with the heading above them). Table 三 is
    # long and breaks across pages, but never inside its header rows. (No repeated header rows:
    # LibreOffice then moves the whole table to the next page.)
    long = layout.key == "三"
    last = len(layout.rows) - 1
    for i, row in enumerate(layout.rows):
        trpr = _E("w:trPr", children=[_E("w:cantSplit"), _val("w:jc", "center")])
        tr = _E("w:tr", children=[trpr])
        keep = i < 3 if long else i < last
        col = 0
        for cell in row.cells:
            tr.append(_tc(cell, sum(layout.widths[col:col + cell.span]), layout.font_half_points, keep))
            col += cell.span
        tbl.append(tr)
    return tbl


def _tc(cell: LCell, width: int, size: int, keep_next: bool = False):
    tcpr = _E("w:tcPr", children=[_E("w:tcW", {"w:w": width, "w:type": "dxa"})])
    if cell.span > 1:
        tcpr.append(_val("w:gridSpan", cell.span))
    if cell.vmerge == "restart":
        tcpr.append(_val("w:vMerge", "restart"))
    elif cell.vmerge == "continue":
        tcpr.append(_E("w:vMerge"))
    tcpr.append(_val("w:vAlign", "center"))
    text = "" if cell.vmerge == "continue" else cell.text
    p = _para(text, align="left" if cell.align == "left" else "center", indent=False, line=None,
              font=TABLE_FONT, size=size, bold=cell.kind == "title", keep_next=keep_next)
    return _E("w:tc", children=[tcpr, p])


# ----- the document -------------------------------------------------------------------------


class _Doc:
    def __init__(self):
        import docx
        from docx.shared import Twips

        self.doc = docx.Document()
        self.body = self.doc.element.body
        for el in list(self.body):
            if not el.tag.endswith("}sectPr"):
                self.body.remove(el)
        sec = self.doc.sections[0]
        sec.page_width, sec.page_height = Twips(11906), Twips(16838)
        sec.top_margin, sec.bottom_margin = Twips(2098), Twips(1984)
        sec.left_margin, sec.right_margin = Twips(1588), Twips(1474)
        self._styles()

    def _styles(self):
        from docx.oxml.ns import qn

        normal = self.doc.styles["Normal"].element
        rpr = normal.get_or_add_rPr()
        for child in list(rpr):
            if child.tag in (qn("w:rFonts"), qn("w:sz"), qn("w:szCs"), qn("w:lang")):
                rpr.remove(child)
        rpr.insert(0, _E("w:rFonts", {"w:ascii": LATIN_FONT, "w:hAnsi": LATIN_FONT, "w:eastAsia": BODY_FONT,
                                      "w:cs": LATIN_FONT}))
        rpr.append(_val("w:sz", BODY_SIZE))
        rpr.append(_val("w:szCs", BODY_SIZE))
        rpr.append(_E("w:lang", {"w:val": "en-US", "w:eastAsia": "zh-CN"}))
        core = self.doc.core_properties
        core.author = "年报核查"
        core.comments = "由「政府信息公开工作年度报告核查」工具按 2021 年版统一格式生成"

    def add(self, el):
        sect = self.body.sectPr
        if sect is not None:
            sect.addprevious(el)
        else:
            self.body.append(el)

    def title(self, text: str):
        self.add(_para(text, align="center", indent=False, font=TITLE_FONT, size=TITLE_SIZE, bold=True,
                       line=None, after=240))

    def heading(self, text: str):
        self.add(_para(text, font=HEADING_FONT, outline=0, keep_next=True))

    def text(self, text: str, bold: bool = False):
        self.add(_para(text, bold=bold))

    def placeholder(self, text: str):
        self.add(_para(text, highlight=True))

    def note(self, text: str, highlight: bool = False):
        self.add(_para(text, indent=False, size=NOTE_SIZE, line=None, before=60, after=60, highlight=highlight))

    def table(self, layout: TableLayout):
        self.add(_table(layout))

    def bytes(self, title: str = "") -> bytes:
        self.doc.core_properties.title = title
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()


# ----- where the report's text and tables go ---------------------------------------------------


def _flow(report: Report) -> tuple[list[Paragraph], dict[str, list], list[str]]:
    """Preamble paragraphs, each section's items (Paragraph or ("table", key)) in document order,
    and notes on what is left out."""
    blocks = report.document.blocks
    grid_block = {b.index: i for i, b in enumerate(blocks) if isinstance(b, Grid)}
    table_of_grid: dict[int, str] = {}
    first_grid: dict[str, int] = {}
    for key, t in report.tables.items():
        if key not in ("二", "三", "四") or not t.found or not t.grids:
            continue
        for g in t.grids:
            table_of_grid.setdefault(g, key)
        if t.grids[0] in grid_block:
            first_grid[key] = t.grids[0]
    starts = sorted((sec.heading_index, key) for key, sec in report.sections.items() if sec.heading_index is not None)
    first = starts[0][0] if starts else len(blocks)
    title_ids = {id(report.title)} if report.title is not None else set()
    preamble = [b for b in blocks[:first] if isinstance(b, Paragraph) and id(b) not in title_ids
                and b.style != "sheet" and b.text.strip() and not b.outside]  # not the page around the report
    items: dict[str, list] = {s.key: [] for s in SECTIONS}
    placed: set[str] = set()
    for n, (start, key) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(blocks)
        for b in blocks[start + 1:end]:
            if isinstance(b, Paragraph):
                if b.text.strip() and b.style != "sheet" and not b.outside:
                    items[key].append(b)
            elif isinstance(b, Grid) and first_grid.get(key) == b.index:
                items[key].append(("table", key))
                placed.add(key)
    for key in ("二", "三", "四"):
        if key not in placed:
            items[key].append(("table", key))
    left_out = []
    others = [b for b in blocks if isinstance(b, Grid) and b.index not in table_of_grid and not b.nested]
    if others and report.document.kind == "docx":
        nums = "、".join(f"第{g.index}个" for g in others[:10]) + ("等" if len(others) > 10 else "")
        left_out.append(f"原文中{nums}表格不属于统一格式的三个统计表，未转入标准格式文件，如需保留请手工复制。")
    return preamble, items, left_out


def _carried_notes(doc: _Doc, key: str, carried: Carried):
    for text in carried.notes.get(key, []):
        doc.note(text)
    if key == "二":
        for text in carried.not_carried:
            doc.note(placeholder(text.rstrip("。")), highlight=True)


def build_standard(report: Report) -> DocxBuild:
    """The report in the official 2021 layout, with the values of ``report`` (edits applied)."""
    carried = carry_over(report, CURRENT)
    layouts = {lay.key: fill(lay, carried.values) for lay in official_layouts(CURRENT)}
    preamble, items, left_out = _flow(report)
    doc = _Doc()
    title = title_of(report)
    doc.title(title)
    for p in preamble:
        doc.text(p.text, bold=p.bold and len(p.text) < 40)
    for spec in SECTIONS:
        key = spec.key
        doc.heading(spec.standard_heading)
        sec_items = items[key]
        if not any(isinstance(i, Paragraph) for i in sec_items) and not any(isinstance(i, tuple) for i in sec_items):
            doc.placeholder(section_placeholder(key))
        for item in sec_items:
            if isinstance(item, tuple):
                doc.table(layouts[item[1]])
                _carried_notes(doc, item[1], carried)
            else:
                doc.text(item.text, bold=(item.bold or item.heading_level is not None) and len(item.text) < 60)
    return DocxBuild(doc.bytes(title), list(carried.not_carried), left_out)


def build_blank(report: Report | None = None) -> DocxBuild:
    """The empty official template; the title names the agency and the next year when known."""
    layouts = {lay.key: lay for lay in official_layouts(CURRENT)}
    doc = _Doc()
    title = title_of(report, next_year=True)
    doc.title(title)
    for spec in SECTIONS:
        doc.heading(spec.standard_heading)
        doc.placeholder(section_placeholder(spec.key))
        if spec.key in layouts:
            doc.table(layouts[spec.key])
    return DocxBuild(doc.bytes(title))
