"""The three tables as a live workbook: the official layout (merged headers, from ``layout``), every
total a formula generated from the identities of ``core.formats`` (an identity's ``derived`` cell
becomes the sum of the other cells), conditional formatting that turns the cells of a broken
identity red (R1 included, which has no derived cell), and data validation (whole numbers ≥ 0;
本年收费金额 a number ≥ 0 shown with 4 decimals). So the clerk's further edits stay reconciled.

Formula cells also carry the value they compute, so that a viewer that does not recalculate (Excel's
protected view, previews) shows the totals; the workbook asks for a full recalculation on load.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from lxml import etree

from ..formats import CURRENT, SECTIONS, FormatSpec
from ..formats.base import CellKey, TableSpec
from ..model import Report
from ..numbers import format_value, parse_number
from ..readers.ooxml import R_NS, S_NS, parse_relationships, relationships_by_id
from ..readers.xmlsafe import parse_xml
from .layout import AMOUNT_DECIMALS, TableLayout, carry_over, fill, official_layouts
from .texts import AUTHOR, placeholder, title_of

FONT = "宋体"
RED_FILL = "FFC7CE"
RED_FONT = "9C0006"
FORMULA_FILL = "F2F2F2"
HEADER_FILL = "DDEBF7"
_PLAIN = re.compile(r"^-?\d+(\.\d+)?$")

EXPLAIN = ("说明：灰底单元格由公式自动计算，请勿手工填写；其余单元格填写非负整数。"
           "填写的数字使勾稽关系不成立时，相关单元格显示为红色。")
EXPLAIN_二 = "说明：件数填写非负整数；收费金额以万元为单位，保留4位小数。"


@dataclass
class XlsxBuild:
    data: bytes
    not_carried: list[str] = field(default_factory=list)


# ----- formulas from the identities ------------------------------------------------------------


def derived_cells(spec: TableSpec) -> dict[CellKey, tuple[list[CellKey], list[CellKey]]]:
    """derived cell → (cells added, cells subtracted), from each identity that has a derived cell
    (the first identity deriving a cell wins; an identity that would close a cycle is skipped)."""
    out: dict[CellKey, tuple[list[CellKey], list[CellKey]]] = {}
    for ident in spec.identities:
        d = ident.derived
        if d is None or d in out:
            continue
        if d in ident.lhs:
            plus, minus = list(ident.rhs), [k for k in ident.lhs if k != d]
        else:
            plus, minus = list(ident.lhs), [k for k in ident.rhs if k != d]
        out[d] = (plus, minus)
        if _cyclic(out, d):
            del out[d]
    return out


def _cyclic(derived, start) -> bool:
    seen, stack = set(), [start]
    while stack:
        k = stack.pop()
        for ref in (derived[k][0] + derived[k][1]) if k in derived else ():
            if ref == start:
                return True
            if ref not in seen:
                seen.add(ref)
                stack.append(ref)
    return False


def _ranges(coords: list[tuple[int, int]], absolute: bool = False) -> list[str]:
    """Sheet cells (row, col) as few A1 ranges as possible (runs along a column or a row)."""
    from openpyxl.utils import get_column_letter

    def ref(r, c):
        col = get_column_letter(c)
        return f"${col}${r}" if absolute else f"{col}{r}"

    coords = sorted(set(coords), key=lambda rc: (rc[1], rc[0]))
    out: list[str] = []
    by_col: dict[int, list[int]] = {}
    for r, c in coords:
        by_col.setdefault(c, []).append(r)
    if len(by_col) == 1 or all(len(v) > 1 for v in by_col.values()):
        for c, rows in by_col.items():
            out += _runs(rows, lambda a, b, c=c: ref(a, c) if a == b else f"{ref(a, c)}:{ref(b, c)}")
        return out
    by_row: dict[int, list[int]] = {}
    for r, c in coords:
        by_row.setdefault(r, []).append(c)
    for r, cols in by_row.items():
        out += _runs(cols, lambda a, b, r=r: ref(r, a) if a == b else f"{ref(r, a)}:{ref(r, b)}")
    return out


def _runs(values: list[int], fmt) -> list[str]:
    values = sorted(values)
    out, start, prev = [], values[0], values[0]
    for v in values[1:]:
        if v == prev + 1:
            prev = v
            continue
        out.append(fmt(start, prev))
        start = prev = v
    out.append(fmt(start, prev))
    return out


def _sum(cells: list[tuple[int, int]], absolute: bool = False) -> str:
    return f"SUM({','.join(_ranges(cells, absolute))})"


# ----- the workbook ----------------------------------------------------------------------------


def _number(text: str, kind: str):
    t = (text or "").strip()
    if not t:
        return None
    if _PLAIN.match(t):
        return float(t) if (kind == "amount" or "." in t) else int(t)
    return t


def _col_widths(layout: TableLayout) -> list[float]:
    if layout.key == "三":
        return [5.5, 9.0, 30.0] + [8.5] * (layout.ncols - 3)
    if layout.key == "四":
        return [7.0] * layout.ncols
    return [18.0] + [16.0] * (layout.ncols - 1)


def _units(text: str) -> float:
    return sum(1.9 if ord(ch) > 0x2E7F else 1.0 for ch in text)


def _sheet(wb, layout: TableLayout, fmt: FormatSpec, title: str, notes: list[str]):
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    spec = layout.spec
    section = next(s for s in SECTIONS if s.key == layout.key)
    ws = wb.create_sheet(f"表{layout.key} {spec.title}"[:31])
    widths = _col_widths(layout)
    for i, wdt in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = wdt
    ncols = layout.ncols
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)

    def line(r: int, text: str, *, bold=False, size=11, height=None, fill=None):
        c = ws.cell(row=r, column=1, value=text)
        c.font = Font(name=FONT, size=size, bold=bold)
        c.alignment = Alignment(horizontal="center" if bold else "left", vertical="center", wrap_text=True)
        if fill:
            c.fill = PatternFill("solid", fgColor=fill)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
        lines = max(1, math.ceil(_units(text) * size / 11 / (sum(widths) * 0.95)))
        ws.row_dimensions[r].height = height or max(18, lines * size * 1.45)

    line(1, title, bold=True, size=14)
    line(2, section.standard_heading, bold=True, size=12)
    top = 3  # sheet row of the layout's first row

    def at(rc):
        return top + rc[0], rc[1] + 1

    pos = {k: at(rc) for k, rc in layout.positions().items()}
    kinds = {c.key: c.kind for c in spec.columns}
    derived = derived_cells(spec)

    # cells, borders, merges
    heights: dict[int, float] = {}
    for r, c, cell in layout.placed():
        sr, sc = top + r, c + 1
        for k in range(cell.span):
            ws.cell(row=sr, column=sc + k).border = border
        if cell.vmerge == "continue":
            continue
        xc = ws.cell(row=sr, column=sc)
        xc.font = Font(name=FONT, size=10 if layout.key == "四" else 11, bold=cell.kind == "title")
        if cell.kind == "data":
            xc.alignment = Alignment(horizontal="center", vertical="center")
            continue
        xc.value = cell.text or None
        xc.alignment = Alignment(horizontal="left" if cell.align == "left" else "center", vertical="center",
                                 wrap_text=True)
        if cell.kind in ("title", "header", "note"):
            xc.fill = PatternFill("solid", fgColor=HEADER_FILL)
        if cell.vmerge is None and cell.text:
            width = sum(widths[c:c + cell.span])
            lines = math.ceil(_units(cell.text) / max(1.0, width * 0.9))
            heights[sr] = max(heights.get(sr, 0), lines * 14.5 + 3)
    for r1, c1, r2, c2 in layout.merges():
        ws.merge_cells(start_row=top + r1, start_column=c1 + 1, end_row=top + r2, end_column=c2 + 1)
    for sr, h in heights.items():
        ws.row_dimensions[sr].height = max(18, h)
    if layout.key == "四":
        ws.row_dimensions[top + 3].height = 24

    # values and formulas
    for key, (sr, sc) in pos.items():
        xc = ws.cell(row=sr, column=sc)
        kind = kinds.get(key[1], "count")
        xc.number_format = "0." + "0" * AMOUNT_DECIMALS if kind == "amount" else "0"
        if key in derived:
            plus, minus = derived[key]
            f = "=" + _sum([pos[k] for k in plus])
            if minus:
                f += "-" + _sum([pos[k] for k in minus])
            xc.value = f
            xc.fill = PatternFill("solid", fgColor=FORMULA_FILL)
        else:
            xc.value = _number(layout_value(layout, key), kind)

    # red where an identity breaks
    red = dict(fill=PatternFill("solid", fgColor=RED_FILL, bgColor=RED_FILL), font=Font(color=RED_FONT, bold=True))
    for ident in spec.identities:
        if any(k not in pos for k in ident.cells):
            continue
        cond = f"{_sum([pos[k] for k in ident.lhs], True)}<>{_sum([pos[k] for k in ident.rhs], True)}"
        area = " ".join(_ranges([pos[k] for k in ident.cells]))
        ws.conditional_formatting.add(area, FormulaRule(formula=[cond], **red))

    # validation of the input cells
    inputs = [k for k in pos if k not in derived]
    counts = [pos[k] for k in inputs if kinds.get(k[1], "count") == "count"]
    amounts = [pos[k] for k in inputs if kinds.get(k[1]) == "amount"]
    if counts:
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            showErrorMessage=True, errorTitle="输入有误", error="请填写大于或等于 0 的整数（件数）。")
        for rng in _ranges(counts):
            dv.add(rng)
        ws.add_data_validation(dv)
    if amounts:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            showErrorMessage=True, errorTitle="输入有误",
                            error="请填写大于或等于 0 的金额（单位：万元，保留4位小数）。")
        for rng in _ranges(amounts):
            dv.add(rng)
        ws.add_data_validation(dv)

    # notes under the table
    r = top + len(layout.rows) + 1
    for text in notes:
        line(r, text, fill="FFFF00" if text.startswith("【") else None)
        r += 1
    line(r, EXPLAIN if derived else EXPLAIN_二)

    # page
    ws.page_setup.orientation = "landscape" if layout.key == "四" else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    if layout.key == "三":
        ws.freeze_panes = ws.cell(row=top + 3, column=4)
        ws.print_title_rows = f"{top}:{top + 2}"
    return ws, {key: pos[key] for key in derived}


def layout_value(layout: TableLayout, key: CellKey) -> str:
    return layout.value(key)


def _computed(layout: TableLayout) -> dict[CellKey, Decimal]:
    """What each formula cell computes (as Excel would: text and blanks count 0)."""
    derived = derived_cells(layout.spec)
    values: dict[CellKey, Decimal] = {}

    def value(k):
        if k in values:
            return values[k]
        if k in derived:
            plus, minus = derived[k]
            v = sum((value(x) for x in plus), Decimal(0)) - sum((value(x) for x in minus), Decimal(0))
        else:
            t = layout_value(layout, k).strip()
            p = parse_number(t)
            v = p.value if (p.status == "number" and _PLAIN.match(t)) else Decimal(0)
        values[k] = v
        return v

    return {k: value(k) for k in derived}


def _workbook(layouts: list[TableLayout], title: str, notes: dict[str, list[str]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = AUTHOR
    wb.properties.title = title
    cached: dict[str, dict[str, str]] = {}
    for layout in layouts:
        ws, formula_pos = _sheet(wb, layout, CURRENT, title, notes.get(layout.key, []))
        computed = _computed(layout)
        from openpyxl.utils import get_column_letter

        cached[ws.title] = {f"{get_column_letter(c)}{r}": format_value(computed[k]) for k, (r, c) in formula_pos.items()}
    wb.calculation.fullCalcOnLoad = True
    buf = io.BytesIO()
    wb.save(buf)
    return _with_cached_values(buf.getvalue(), cached)


def _with_cached_values(data: bytes, cached: dict[str, dict[str, str]]) -> bytes:
    """Write each formula's value into its <v> (openpyxl leaves it empty)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    wb = parse_xml(src.read("xl/workbook.xml"), "xl/workbook.xml")
    rels = parse_xml(src.read("xl/_rels/workbook.xml.rels"), "xl/_rels/workbook.xml.rels")
    by_id = relationships_by_id(parse_relationships(rels, "xl/workbook.xml"))
    parts = {}
    for sh in wb.iter(f"{{{S_NS}}}sheet"):
        rel = by_id.get(sh.get(f"{{{R_NS}}}id") or "")
        if rel is not None and rel.target:
            parts[rel.target] = sh.get("name")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            values = cached.get(parts.get(info.filename, ""), {})
            if values:
                root = parse_xml(body, info.filename)
                for c in root.iter(f"{{{S_NS}}}c"):
                    if c.get("r") in values and c.find(f"{{{S_NS}}}f") is not None:
                        v = c.find(f"{{{S_NS}}}v")
                        if v is None:
                            v = etree.SubElement(c, f"{{{S_NS}}}v")
                        v.text = values[c.get("r")]
                        c.attrib.pop("t", None)
                body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            z.writestr(info, body)
    return out.getvalue()


def build_live(report: Report) -> XlsxBuild:
    """The report's tables (values after edits) in the live 2021 layout."""
    carried = carry_over(report, CURRENT)
    layouts = [fill(lay, carried.values) for lay in official_layouts(CURRENT)]
    notes = {k: list(v) for k, v in carried.notes.items()}
    for text in carried.not_carried:
        notes.setdefault("二", []).append(placeholder(text.rstrip("。")))
    return XlsxBuild(_workbook(layouts, title_of(report), notes), list(carried.not_carried))


def build_blank_xlsx(report: Report | None = None) -> XlsxBuild:
    """The empty live workbook (title: the agency and the next year when known)."""
    return XlsxBuild(_workbook(official_layouts(CURRENT), title_of(report, next_year=True), {}))
