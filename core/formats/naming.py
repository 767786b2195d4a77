"""The one naming service: how a clerk names a table, a row, a column, a cell, a section, a format,
and where a finding is.

    cell_name(fmt, "三", "withheld_4", "natural")   表三「（三）不予公开4.保护第三方合法权益」行「自然人」列
    table_name("三")                                 表三（依申请公开）
    section_heading("五")                            五、存在的主要问题及改进情况
    place_of(finding)                                Place("table", "三", "表三", "表三（依申请公开）")

Every label comes from the format data (``core.formats``); this module only puts them together.
Used by the rules, the exports, the batch check and the window alike.
"""

from __future__ import annotations


from ..fastdc import dataclass  # = dataclasses.dataclass, cheaper at import (start-up)
from .base import FormatSpec
from .common import REQUEST_GROUPS, SECTIONS

TABLE_NAMES = {"二": "表二（主动公开）", "三": "表三（依申请公开）", "四": "表四（行政复议、行政诉讼）", "统计表": "旧版统计表"}
TABLE_SHORT = {"二": "表二", "三": "表三", "四": "表四", "统计表": "旧版统计表"}
SECTION_TABLE = {"二": "二", "三": "三", "四": "四"}
SECTION_TITLES = {s.key: s.title for s in SECTIONS}
# Findings about neither a table nor a section: where the clerk looks for them.
CODE_PLACES = {
    "W-agency": "标题",
    "W-year": "标题",
    "F1": "表格格式",
    "P1": "旧版统计表",
    "I-old-format": "全文",
    "I-read": "文件",
}
WHOLE_TEXT = "全文"
WHOLE_TEXT_GROUP = "全文及标题"
_SUB_GROUPS = ("withheld", "unable", "rejected", "other")


# ----- tables, rows, columns, cells ------------------------------------------------------------


def table_name(table: str) -> str:
    return TABLE_NAMES.get(table, table)


def row_name(fmt: FormatSpec | None, table: str, row: str) -> str:
    spec = fmt.table(table) if fmt else None
    if spec is None or not spec.has_row(row):
        return row
    r = spec.row(row)
    if table == "三" and r.group in _SUB_GROUPS:
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


def location_of(report, table: str, row: str, col: str) -> str:
    """Where a cell of ``report`` is in the source file (第3个表格第5行第4列, 工作表「表三」C7)."""
    cell = report.cell(table, row, col)
    if cell is None or cell.pos is None:
        return ""
    return cell.pos.describe()


# ----- sections and formats --------------------------------------------------------------------


def section_heading(key: str) -> str:
    """一 → 一、总体情况 (the standard heading)."""
    return next((s.standard_heading for s in SECTIONS if s.key == key), key)


def section_short(key: str) -> str:
    """五 → 第五部分."""
    return f"第{key}部分" if key in SECTION_TITLES else key


def format_name(key: str | None) -> str:
    """2021 → the format's Chinese name; unknown → 未能判断."""
    from . import FORMATS  # the package imports this module

    fmt = FORMATS.get(key) if key else None
    return fmt.name if fmt is not None else "未能判断"


# ----- where a finding is ------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a finding is. ``key`` groups findings (a table's findings go with its section: the
    tables 二 三 四 share their keys with sections 二 三 四); ``short`` is for narrow columns
    (表三, 第五部分, 标题), ``label`` for headings (表三（依申请公开）, 五、存在的主要问题及改进情况)."""

    kind: str  # "table" | "section" | "other"
    key: str
    short: str
    label: str


def _get(finding, name):
    return finding.get(name) if isinstance(finding, dict) else getattr(finding, name, None)


def finding_table(finding) -> str | None:
    """The table a finding is about (its first cell's, else its own), for a ``Finding`` or its JSON."""
    cells = _get(finding, "cells") or []
    if cells:
        first = cells[0]
        return first.get("table") if isinstance(first, dict) else first.table
    return _get(finding, "table")


def place_of(finding) -> Place:
    """Where a finding is (a ``Finding`` or its JSON dict), in the clerk's words."""
    table = finding_table(finding)
    if table:
        return Place("table", table, TABLE_SHORT.get(table, table), table_name(table))
    section = _get(finding, "section")
    if section in SECTION_TITLES:
        return Place("section", section, section_short(section), section_heading(section))
    short = _code_place(_get(finding, "family") or "", _get(finding, "code") or "")
    return Place("other", "", short, WHOLE_TEXT if short == WHOLE_TEXT else short)


def _code_place(family: str, code: str) -> str:
    """The place of a finding about neither table nor section, by its rule's family (W-year for
    W-year-future): given, else the code with its last parts taken off one by one."""
    for name in (family, code):
        parts = name.split("-")
        while parts:
            place = CODE_PLACES.get("-".join(parts))
            if place is not None:
                return place
            parts.pop()
    return WHOLE_TEXT


def group_title(key: str) -> str:
    """The heading of a group of findings keyed by ``Place.key``."""
    if key in SECTION_TITLES:
        return section_heading(key)
    if key:
        return table_name(key)
    return WHOLE_TEXT_GROUP
