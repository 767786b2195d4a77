"""The corrected copy of the clerk's workbook: every accepted value written into its cell, the cell
filled and commented (old value, new value, why). The original is only read (from the bytes the
guarded reader already holds); openpyxl parses through defusedxml and drops macros."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from ..check import CheckResult
from ..readers.package import Package
from ..readers.xmlsafe import harden_openpyxl
from ..formats.naming import cell_name
from .texts import AUTHOR

FILL = "FFF2CC"  # light yellow
FONT_COLOR = "C00000"
_PLAIN = re.compile(r"^-?\d+(\.\d+)?$")


@dataclass
class XlsxResult:
    data: bytes
    cells: list[tuple[str, str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _reasons(result: CheckResult) -> dict[tuple[str, str, str], str]:
    out: dict[tuple[str, str, str], str] = {}
    for f in result.findings:
        if f.target is not None and f.suggested is not None:
            out.setdefault((f.target.table, f.target.row, f.target.col), f"{f.code} {f.title}")
    return out


def _value(text: str):
    t = text.strip()
    if _PLAIN.match(t):
        if "." in t:
            return float(t), "0." + "0" * len(t.split(".")[1])
        return int(t), "0"
    return t, None


def write_corrected_xlsx(pkg: Package, result: CheckResult, edits: dict[tuple[str, str, str], str]) -> XlsxResult:
    """``result`` is the check of exactly ``pkg``'s bytes (positions refer to it)."""
    harden_openpyxl()
    import openpyxl
    from openpyxl.cell.cell import MergedCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    wb = openpyxl.load_workbook(io.BytesIO(pkg.data), keep_vba=False, keep_links=False)
    report = result.report
    reasons = _reasons(result)
    out = XlsxResult(b"")
    for key, text in edits.items():
        text = "" if text is None else str(text).strip()
        cell = report.cell(*key)
        name = cell_name(report.format, *key)
        if cell is None or cell.pos is None or cell.pos.kind != "xlsx" or cell.pos.sheet not in wb.sheetnames:
            out.skipped.append(f"{name}在工作簿中没有对应的单元格，未能写入「{text}」。")
            continue
        if text == cell.raw.strip() and not cell.formula:
            continue
        ws = wb[cell.pos.sheet]
        target = ws[cell.pos.ref]
        if isinstance(target, MergedCell):
            for rng in ws.merged_cells.ranges:
                if target.coordinate in rng:
                    target = ws.cell(row=rng.min_row, column=rng.min_col)
                    break
        old = cell.raw.strip() or "（空）"
        formula = cell.formula or (target.value if isinstance(target.value, str) and target.value.startswith("=") else None)
        value, number_format = _value(text)
        target.value = value if text else None
        if number_format:
            target.number_format = number_format
        target.fill = PatternFill("solid", fgColor=FILL)
        f = target.font
        target.font = Font(name=f.name, size=f.size, bold=f.bold, italic=f.italic, underline=f.underline,
                           color=FONT_COLOR)
        why = reasons.get(key, "手工修改")
        note = f"年报核查：原为「{old}」，改为「{text or '（空）'}」（{why}）。"
        if formula:
            note += f"原公式 {formula if formula.startswith('=') else '=' + formula} 已替换为数值。"
        comment = Comment(note, AUTHOR)
        comment.width, comment.height = 240, 90
        target.comment = comment
        out.cells.append(key)
    buf = io.BytesIO()
    wb.save(buf)
    out.data = buf.getvalue()
    return out
