"""How a clerk names a cell: 表三「（三）不予公开 4.保护第三方合法权益」行「自然人」列."""

from __future__ import annotations

from ..formats import REQUEST_GROUPS, FormatSpec
from ..model import Report

TABLE_NAMES = {"二": "表二（主动公开）", "三": "表三（依申请公开）", "四": "表四（行政复议、行政诉讼）", "统计表": "旧版统计表"}
SECTION_TABLE = {"二": "二", "三": "三", "四": "四"}


def row_name(fmt: FormatSpec | None, table: str, row: str) -> str:
    spec = fmt.table(table) if fmt else None
    if spec is None or not spec.has_row(row):
        return row
    r = spec.row(row)
    if table == "三" and r.group in ("withheld", "unable", "rejected", "other"):
        return f"{REQUEST_GROUPS[r.group]}{r.label}"
    return r.label


def col_name(fmt: FormatSpec | None, table: str, col: str) -> str:
    spec = fmt.table(table) if fmt else None
    if spec is None:
        return col
    try:
        return spec.column(col).label
    except StopIteration:
        return col


def cell_name(fmt: FormatSpec | None, table: str, row: str, col: str) -> str:
    if table == "统计表":
        return f"统计表「{row_name(fmt, table, row)}」"
    if table == "四":
        return f"表四「{row_name(fmt, table, row)}」的「{col_name(fmt, table, col)}」"
    if table == "二":
        return f"表二「{row_name(fmt, table, row)}」的「{col_name(fmt, table, col)}」"
    return f"表三「{row_name(fmt, table, row)}」行「{col_name(fmt, table, col)}」列"


def short_cell_name(fmt, table, row, col) -> str:
    """Shorter form for lists: 「4.保护第三方合法权益/自然人」."""
    spec = fmt.table(table) if fmt else None
    if spec is None:
        return f"{row}/{col}"
    rn = spec.row(row).label if spec.has_row(row) else row
    if table == "统计表":
        return rn
    return f"{rn}/{col_name(fmt, table, col)}"


def location_of(report: Report, table: str, row: str, col: str) -> str:
    cell = report.cell(table, row, col)
    if cell is None or cell.pos is None:
        return ""
    return cell.pos.describe()
