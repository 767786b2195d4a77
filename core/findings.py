"""Findings as data: the catalogue of every kind of finding, and the finding instances.

Each kind has a stable code, a title, a severity, a message template and tags (as frictionless-py's
``errors``). A rule creates an instance with ``make(code, **values)``; the template is filled with
those values, so the wording of a kind of finding lives here and nowhere else.

- One kind per failure: a rule with several kinds of failure has several codes sharing a *family*
  (``T1-none`` … ``T1-cells`` are family ``T1``); filters, counts and places use the family.
- ``make`` refuses a value that is not a field of the template (tests check every call site).
- Where a field's words depend on the case (a blank cell, one reading or the other) they are a
  catalogued *phrase* (``PHRASES``, filled with ``phrase(key, **values)``), never built by the rule.
- ``tags`` say what a finding is about (table, value, structure, text, file …), for the window's filters;
  the JSON carries ``family`` and ``tags``.
"""

from __future__ import annotations

from dataclasses import field
from decimal import Decimal
from _string import formatter_parser  # what string.Formatter().parse calls, without the string module

from .fastdc import dataclass  # = dataclasses.dataclass, cheaper at import (start-up)
from .model import SourcePos

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_ZH = {ERROR: "错误", WARNING: "警告", INFO: "提示"}
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class FindingType:
    """One kind of finding. ``family`` groups the kinds of one rule (``T1`` for ``T1-none`` …
    ``T1-cells``) so that filters and counts by rule keep working when a rule has several kinds."""

    code: str
    title: str
    severity: str
    template: str
    tags: tuple[str, ...] = ()

    @property
    def family(self) -> str:
        return FAMILIES.get(self.code, self.code)

    @property
    def fields(self) -> frozenset[str]:
        return template_fields(self.template)


def template_fields(template: str) -> frozenset[str]:
    """The named fields of a template (``{name}``)."""
    return frozenset(name for _, name, _, _ in formatter_parser(template) if name)


CATALOGUE: dict[str, FindingType] = {
    t.code: t
    for t in (
        # --- errors: the numbers cannot all be right, or the structure is incomplete ---
        FindingType("R1", "结转关系不平衡", ERROR,
                    "表三{where}：一、本年新收 + 二、上年结转 = {lhs}，而 三、（七）总计 + 四、结转下年度 = {rhs}，相差 {diff}。{hint}",
                    ("table", "identity")),
        FindingType("R3", "办理结果总计不等于各项之和", ERROR,
                    "表三{where}：（七）总计 {stated}，而各项办理结果相加为 {computed}，相差 {diff}。{hint}",
                    ("table", "identity")),
        FindingType("R4", "申请人总计不等于各类申请人之和", ERROR,
                    "表三{where}：总计 {stated}，而自然人与各类法人或其他组织相加为 {computed}，相差 {diff}。{hint}",
                    ("table", "identity")),
        FindingType("R5", "复议诉讼总计不等于各项之和", ERROR,
                    "表四{where}：总计 {stated}，而 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = {computed}，相差 {diff}。{hint}",
                    ("table", "identity")),
        FindingType("R-CELL", "一个单元格使多个勾稽关系同时不成立", ERROR,
                    "{cell_name}（{location}）{stated}，它使 {count} 个勾稽关系同时不成立：{relations}。改为 {suggested} 后这些关系全部成立。",
                    ("table", "identity")),
        FindingType("P1", "旧版统计表内部合计不符", ERROR,
                    "旧版统计表：{description}，但「{total_label}」{stated}，分项相加为 {computed}，相差 {diff}。{hint}",
                    ("table", "identity", "pre-2019")),
        FindingType("V1", "数值不合规", ERROR,
                    "{cell_name}（{location}）填的是「{raw}」，不是数字，无法核对；请填写{expected_kind}。",
                    ("table", "value")),
        FindingType("V1-negative", "数值不合规", ERROR,
                    "{cell_name}（{location}）填的是「{raw}」，数量不能为负数。",
                    ("table", "value")),
        FindingType("V1-fraction", "数值不合规", ERROR,
                    "{cell_name}（{location}）填的是「{raw}」，件数应为整数。",
                    ("table", "value")),
        FindingType("S1", "缺少章节", ERROR,
                    "缺少第{section}部分「{title}」。年度报告必须包含六个部分（《政府信息公开条例》第五十条）。{table_found}",
                    ("structure", "section")),
        FindingType("T1-none", "没有找到统计表格", ERROR,
                    "{where}没有找到表二、表三、表四中的任何一个统计表格。年度报告必须包含这三个表格。",
                    ("structure", "table")),
        FindingType("T1-format", "表格格式无法判断", ERROR,
                    "{where}的表格无法识别为统一格式的表二、表三、表四（无法判断格式版本），未能核对。",
                    ("structure", "table", "format")),
        FindingType("T1-table", "缺少表格", ERROR,
                    "缺少表{table}「{title}」（或无法识别）。请按统一格式填写该表。",
                    ("structure", "table")),
        FindingType("T1-rows", "表格缺少行", ERROR,
                    "表{table}缺少以下行（或行标签无法识别）：{rows}。",
                    ("structure", "table")),
        FindingType("T1-cells", "表格缺少单元格", ERROR,
                    "表{table}有 {count} 个单元格缺失（涉及{columns}列），表格不完整。",
                    ("structure", "table")),
        FindingType("F1", "使用了旧版表格格式", ERROR,
                    "这是 {year} 年度的报告，应使用{expected}（{document}），但表格是{actual}。{detail}",
                    ("structure", "format")),
        # --- warnings: probably wrong, or not standard ---
        FindingType("W-blank", "数据单元格为空或为横线", WARNING,
                    "{table_name}有 {count} 个数据单元格是空白或「—」「/」「无」等（核对时按 0 计算）：{listing}。请填写明确的数字 0。",
                    ("table", "value")),
        FindingType("W-note", "数字单元格中夹有文字", WARNING,
                    "{cell_name}（{location}）填的是「{raw}」，核对时按 {value} 计算。表格中只应填数字，说明文字请写在正文中。",
                    ("table", "value")),
        FindingType("W-number", "数字写法不规范", WARNING,
                    "{table_name}有 {count} 个单元格的数字写法不规范（{kinds}）：{listing}。请改为半角阿拉伯数字，不加单位、千位分隔符。",
                    ("table", "value")),
        FindingType("W-title", "标题或标签与标准格式不一致", WARNING,
                    "{place}的{label_kind}写作「{actual}」，标准格式为「{expected}」。",
                    ("structure", "label")),
        FindingType("W-order", "章节顺序不对", WARNING,
                    "第{section}部分「{title}」出现在第{previous}部分之前。标准顺序为一至六。",
                    ("structure", "section")),
        FindingType("W-decimals", "收费金额小数位数不是 4 位", WARNING,
                    "{cell_name}（{location}）填的是「{raw}」，有 {decimals} 位小数；格式要求以万元为单位、保留 4 位小数，应写作 {suggested}。",
                    ("table", "value")),
        FindingType("W-stray", "表格标签列中有多余内容", WARNING,
                    "{table_name}「{row_name}」行的标签列（{location}）中有多余的「{text}」，可能是误输入，请删除。",
                    ("table", "layout")),
        FindingType("W-agency", "标题缺少机关全称", WARNING,
                    "报告标题「{title}」缺少发布机关的名称。标题应为「<机关全称><年份>年政府信息公开工作年度报告」。",
                    ("structure", "title")),
        FindingType("W-agency-short", "标题缺少机关全称", WARNING,
                    "报告标题「{title}」中的机关名称「{agency}」不是全称，缺少所属地区或上级机关（如「××市××区人民政府办公室」）。"
                    "标题应为「<机关全称><年份>年政府信息公开工作年度报告」。",
                    ("structure", "title")),
        FindingType("W-agency-none", "没有找到报告标题", WARNING,
                    "文首没有找到报告标题。标题应为「<机关全称><年份>年政府信息公开工作年度报告」。",
                    ("structure", "title")),
        FindingType("W-year-future", "年份与内容不符", WARNING,
                    "标题中的年份 {year} 晚于今年（{today}），请核对。",
                    ("structure", "title")),
        FindingType("W-year-body", "年份与内容不符", WARNING,
                    "标题写的是 {year} 年度，但「总体情况」中说的多是 {top} 年（{count} 处），没有提到 {year} 年，请核对报告年份。",
                    ("structure", "title")),
        FindingType("W-empty", "章节内容为空", WARNING, "第{section}部分「{title}」没有内容。{duty}", ("structure", "section")),
        FindingType("W-empty-nil", "章节内容为空", WARNING, "第{section}部分「{title}」只写了「无」。{duty}",
                    ("structure", "section")),
        FindingType("W-topics", "总体情况缺少常见内容", WARNING,
                    "第一部分「总体情况」未提及：{topics}。实践中该部分应涵盖主动公开、依申请公开、政府信息管理、平台建设、监督保障五方面。",
                    ("text",)),
        FindingType("R8-done", "正文数字与表格不一致", WARNING,
                    "{where}正文说申请已全部办结，但{cell_name}为 {carried_out}。请核对正文或表格。",
                    ("text", "table")),
        FindingType("R8-figure", "正文数字与表格不一致", WARNING,
                    "{where}正文说「{quote}」（{what} {stated} 件），但{table_says}。请核对正文或表格。",
                    ("text", "table")),
        FindingType("W-placeholder", "尚有待补充的内容", WARNING,
                    "{where}还有 {count} 处「【待补充】」占位文字，发布前请补写实际内容并删除占位标记。",
                    ("text",)),
        FindingType("R9", "未说明信息处理费收取情况", WARNING,
                    "第六部分「其他需要报告的事项」未说明信息处理费的收取情况。2021 年起的报告应按《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）说明是否收取（未收取也应写明）。",
                    ("text",)),
        FindingType("W-terms", "正文使用了旧版统计口径", WARNING,
                    "正文使用了 2019 年以前的统计类别「{terms}」（{location}）。现行格式的办理结果分类为：予以公开、部分公开、不予公开、无法提供、不予处理、其他处理。",
                    ("text",)),
        # --- information ---
        FindingType("I-old-format", "旧版格式报告", INFO,
                    "这是 2019 年以前的旧版报告（{year} 年度），使用旧版「政府信息公开情况统计表」，不分六个部分；只核对统计表内部的合计关系。",
                    ("format",)),
        FindingType("I-unknown-relations", "无法核对", INFO,
                    "{table_name}有 {count} 个勾稽关系因单元格无法读出数值（文字、或没有计算结果的公式）而未能核对。",
                    ("table",)),
        FindingType("I-unknown-formulas", "无法核对", INFO,
                    "{table_name}有 {count} 个公式单元格没有保存计算结果，且公式无法在本工具中计算：{listing}。"
                    "请在 Excel/WPS 中打开并保存一次后再检查。",
                    ("table",)),
        # A reader's remark. The readers word their remarks (their own catalogue of reasons); a remark
        # given as (code, fields) is filled from one of the I-read-… kinds below instead.
        FindingType("I-read", "读取提示", INFO, "{note}", ("file",)),
        FindingType("I-read-part", "读取提示", INFO, "文件中的「{part}」无法读取，已忽略（{reason}）。", ("file",)),
        FindingType("I-read-converted", "读取提示", INFO,
                    "本文件是 {kind} 格式，已用 {via} 转换为 {into} 后检查；文中位置按转换后的文件给出，原文件未作任何改动。",
                    ("file",)),
        FindingType("I-read-suffix", "读取提示", INFO,
                    "文件扩展名「{suffix}」与实际内容（{kind}）不符，已按实际内容读取。", ("file",)),
        FindingType("I-read-cut", "读取提示", INFO,
                    "文档过大：超过 {tables} 个表格、单表 {rows} 行或 {max_cells} 个单元格的部分未读取，核查结果可能不完整。",
                    ("file",)),
        FindingType("I-read-sheets", "读取提示", INFO, "工作簿超过 {sheets} 个工作表，其余未读取。", ("file",)),
        FindingType("I-read-sheet-empty", "读取提示", INFO, "工作表「{sheet}」缺少数据，已跳过。", ("file",)),
        FindingType("I-read-sheet-cut", "读取提示", INFO,
                    "工作表「{sheet}」超过 {rows} 行或 {cols} 列，超出部分未读取。", ("file",)),
        # --- where the report stands inside other text (core/recognize/bounds.py, rules/bounds.py) ---
        FindingType("W-reports", "一个文件中有多份年度报告", WARNING,
                    "文件中有 {count} 份年度报告：{listing}。只核对了第一份；其余报告未核对，也没有计入第一份的核对结果。请把每份报告分别保存为单独的文件后再分别检查。",
                    ("structure", "title")),
        FindingType("I-outside", "报告以外的内容未检查", INFO,
                    "文件中报告正文以外还有 {count} 段内容（{where}，如「{sample}」），已灰色显示，不作检查。",
                    ("structure",)),
    )
}

# The rule each kind belongs to, where a rule has several kinds (see FindingType.family).
FAMILIES: dict[str, str] = {
    "V1-negative": "V1", "V1-fraction": "V1",
    "T1-none": "T1", "T1-format": "T1", "T1-table": "T1", "T1-rows": "T1", "T1-cells": "T1",
    "W-agency-short": "W-agency", "W-agency-none": "W-agency",
    "W-year-future": "W-year", "W-year-body": "W-year",
    "W-empty-nil": "W-empty",
    "R8-done": "R8", "R8-figure": "R8",
    "I-unknown-relations": "I-unknown", "I-unknown-formulas": "I-unknown",
    "I-read-part": "I-read", "I-read-converted": "I-read", "I-read-suffix": "I-read", "I-read-cut": "I-read", "I-read-sheets": "I-read",
    "I-read-sheet-empty": "I-read", "I-read-sheet-cut": "I-read",
}

# Pieces of wording that fill a field of a template where the field's words depend on the case
# (a blank cell, one reading or the other). Filled with ``phrase(key, **values)``; part of the
# catalogue, so that no message is assembled outside this module.
PHRASES: dict[str, str] = {
    "stated": "填的是 {value}",
    "stated-blank": "未填（空白）",
    "stated-mark": "填的是「{raw}」（按 0 计算）",
    "place-col": "「{name}」列",
    "place-row": "「{name}」行",
    "place-item": "「{name}」",
    "place-section": "第{section}部分",
    "place-table": "表{table}",
    "label-heading": "标题",
    "label-row": "行标签",
    "label-col": "列标题",
    "label-group": "分组标题",
    "kind-amount": "金额",
    "kind-count": "件数",
    "flag-fullwidth": "全角数字",
    "flag-thousands": "千位分隔符",
    "flag-unit": "带单位",
    "flag-decimal_zero": "整数写成小数",
    # one failing identity, nothing crossing it: the total or one of its parts is wrong
    "either": "可能是{total_name}填错（若各分项无误，应为 {computed}），也可能是下列某一分项填错：{parts}。请核对后改正错的那一项。",
    "blank-total": "{total_name}未填；若各分项无误，应填 {computed}。",
    "blanks": "其中{cells}未填（空白），相加时按 0 计算，因此不给出建议值；请先填写这些单元格。",
    "check-all": "请逐项核对这些单元格。",
    "table-found": "（表{table}已在文中找到并已核对，只是缺少本部分的标题。）",
    "relation-total": "{description}（总计 {lhs}，各项相加 {rhs}）",
    "relation-sides": "{description}（左边 {lhs}，右边 {rhs}）",
    "item-value": "「{name}」{value}",
    "item-blank": "「{name}」空白",
    "more": "等 {count} 处",
    "duty-五": "该部分必须报告工作中存在的主要问题和改进情况。",
    "format-evidence": "判断依据：{detail}。",
    "table-says": "{name}为 {value}",
    "sum-of": "表{table}{names}之和",
    "in-workbook": "工作簿中",
    "in-text": "文中",
    "body": "正文",
    "year-unknown": "未知",
}


def phrase(key: str, **values) -> str:
    """A catalogued piece of wording, filled with ``values``."""
    return PHRASES[key].format(**{k: _fmt(v) for k, v in values.items()})


# --- last year's report, the archive, the figures of the text (issue 13) — kept as one block ---
CATALOGUE.update({
    t.code: t
    for t in (
        FindingType("R6", "上年结转数与上年报告不一致", ERROR,
                    "{cell_name}填的是 {actual}，而上年报告「{previous}」中{previous_cell}为 {expected}"
                    "（{previous_location}）。本年的「二、上年结转」应等于上年的「四、结转下年度继续办理」，"
                    "请核对本年的上年结转数或上年报告的结转下年度数。{hint}",
                    ("table", "crossyear")),
        FindingType("R7", "现行有效件数与上年不衔接", WARNING,
                    "{cell_name}填的是 {actual}，而上年报告「{previous}」的现行有效件数 {previous_value} "
                    "+ 本年制发 {issued} − 本年废止 {repealed} = {expected}，相差 {diff}。"
                    "（修订的文件也计入制发时两者常不一致，请核对。）",
                    ("table", "crossyear")),
        FindingType("X-pair", "所选上年报告与本报告不相衔接", WARNING,
                    "所选的上年报告「{previous}」{problem}，因此没有核对跨年度的结转数、现行有效件数和重复内容。"
                    "请选择本机关上一年度的报告。",
                    ("crossyear",)),
        FindingType("W-copy", "章节内容大量重复上年报告", WARNING,
                    "第{section}部分「{title}」有 {percent}% 的文字与上年报告「{previous}」相同（{repeated} / {chars} 字），"
                    "超过 {threshold}%。年度报告应写本年度的实际情况，请修改重复的段落。",
                    ("text", "crossyear")),
        FindingType("I-copy", "与上年报告的文字重复比例", INFO,
                    "与上年报告「{previous}」相比，各部分重复文字的比例：{listing}。",
                    ("text", "crossyear")),
        FindingType("I-previous", "已与上年报告对比", INFO,
                    "已与上年报告「{previous}」（{year} 年度，{source}）对比结转数、现行有效件数和文字重复情况。",
                    ("crossyear",)),
        FindingType("R8-figure", "正文数字与表格不一致", WARNING,
                    "{where}正文说「{quote}」（{what} {stated} 件），但{table_says}。请核对正文或表格。",
                    ("text", "table")),
        FindingType("R8-percent", "正文百分比与表格不一致", WARNING,
                    "{where}正文说「{quote}」（{what}占 {stated}%），但按表格计算，{cell_name} {value} ÷ "
                    "{base_name} {base} = {computed}%。请核对正文或表格。",
                    ("text", "table")),
        FindingType("I-figures", "正文数字未能对应到表格", INFO,
                    "正文中有 {count} 处关于申请、复议或诉讼的数字没有找到对应的表格单元格，请人工核对：{listing}。",
                    ("text", "table")),
    )
})


@dataclass(frozen=True)
class CellRef:
    table: str
    row: str
    col: str

    def to_json(self) -> dict:
        return {"table": self.table, "row": self.row, "col": self.col}


def _jsonable(v):
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() and abs(v) < 10**15 and "." not in str(v) else float(v)
    return v


@dataclass
class Finding:
    code: str
    severity: str
    message: str
    section: str | None = None
    table: str | None = None
    cells: list[CellRef] = field(default_factory=list)
    positions: list[SourcePos] = field(default_factory=list)
    location: str = ""
    expected: object = None
    actual: object = None
    suggested: object = None
    target: CellRef | None = None  # the cell the suggested value is for
    rules: tuple[str, ...] = ()  # for R-CELL: the identities it breaks
    paragraph: int | None = None  # block index of the text this finding is about

    @property
    def title(self) -> str:
        return CATALOGUE[self.code].title

    @property
    def severity_zh(self) -> str:
        return SEVERITY_ZH[self.severity]

    @property
    def family(self) -> str:
        """The rule this finding belongs to (``T1`` for ``T1-rows``); for filters and counts."""
        return CATALOGUE[self.code].family

    @property
    def tags(self) -> tuple[str, ...]:
        """What the finding is about (table, value, structure, text, file …); the window filters on them."""
        return CATALOGUE[self.code].tags

    def to_json(self) -> dict:
        out = {
            "code": self.code,
            "family": self.family,
            "tags": list(self.tags),
            "severity": self.severity,
            "title": self.title,
            "message": self.message,
            "section": self.section,
            "table": self.table,
            "cells": [c.to_json() for c in self.cells],
            "location": self.location,
            "expected": _jsonable(self.expected),
            "actual": _jsonable(self.actual),
            "suggested": _jsonable(self.suggested),
        }
        if self.target is not None:
            out["suggested_cell"] = self.target.to_json()
        if self.rules:
            out["rules"] = list(self.rules)
        if self.positions:
            out["positions"] = [p.to_json() for p in self.positions]
        return out


_STRUCTURAL = frozenset({"location", "expected", "actual", "suggested", "section", "table"})


def make(code: str, *, section=None, table=None, cells=(), positions=(), location="", expected=None,
         actual=None, suggested=None, target=None, rules=(), paragraph=None, severity=None, **values) -> Finding:
    """Create a finding of a catalogued kind, filling its message template with ``values``.

    ``values`` must be exactly the template's fields that are not among the finding's own
    attributes (location, expected, actual, suggested, section, table), so that a misspelt or a
    forgotten field is caught by the tests, not shown to a clerk."""
    kind = CATALOGUE[code]
    extra = set(values) - kind.fields
    if extra:
        raise TypeError(f"{code}: fields not in the template: {sorted(extra)}")
    fill = {"location": location, "expected": expected, "actual": actual, "suggested": suggested,
            "section": section, "table": table}
    fill.update(values)
    fill = {k: _fmt(v) for k, v in fill.items()}
    message = kind.template.format(**fill).replace("（）", "").strip()
    return Finding(
        code=code,
        severity=severity or kind.severity,
        message=message,
        section=section,
        table=table,
        cells=list(cells),
        positions=list(positions),
        location=location,
        expected=expected,
        actual=actual,
        suggested=suggested,
        target=target,
        rules=tuple(rules),
        paragraph=paragraph,
    )


def _fmt(v):
    if isinstance(v, Decimal):
        from .numbers import format_value

        return format_value(v)
    return "" if v is None else v


def sort_key(f: Finding):
    order = {k: i for i, k in enumerate(("一", "二", "三", "四", "五", "六"))}
    table_section = {"二": "二", "三": "三", "四": "四"}
    sec = f.section or table_section.get(f.table or "", None)
    return (SEVERITY_ORDER[f.severity], order.get(sec, 9), f.code)
