"""The words of the report's text that the text rules look for: the practice word lists, and the
sentence that says every request was answered (R8-done) with the cell it is read against.

Data only, read by ``core.rules.text`` the way the identity rules read ``Identity``. The figures the
text quotes (R8-figure), the phrases that introduce them and the cells each may stand for are the
data of ``core.formats.figures``: one phrase→cell map.
"""

from __future__ import annotations

import re

from .base import CellKey

TableCell = tuple[str, str, str]  # (table, row, column)


# ----- W-terms: the categories of the pre-2019 table, no longer used ---------------------------

OLD_TERMS: tuple[str, ...] = (
    "不同意公开", "同意部分公开", "同意公开", "申请信息不存在", "不属于本行政机关", "告知作出更改补充", "告知通过其他途径办理",
)
# 同意公开 is also the tail of these two: it counts only where it stands on its own.
OLD_TERM_CONTAINERS: dict[str, tuple[str, ...]] = {"同意公开": ("不同意公开", "同意部分公开")}

# ----- R9: section 六 must say whether the 信息处理费 was charged -------------------------------

FEE_WORDS = re.compile(r"信息处理费|收费|缴费|费用|收取")
FEE_SECTION = "六"
FEE_FIRST_YEAR = 2021

# ----- W-topics: what section 一 covers in practice ----------------------------------------------

TOPICS_SECTION = "一"
TOPICS: dict[str, re.Pattern] = {
    "主动公开": re.compile(r"主动公开|重点领域|政策解读|公开.{0,6}信息"),
    "依申请公开": re.compile(r"依申请|公开申请|申请公开"),
    "政府信息管理": re.compile(r"信息管理|管理|审查|清单|公开属性"),
    "政府信息公开平台建设": re.compile(r"平台|网站|新媒体|公报|公开专栏"),
    "监督保障": re.compile(r"监督|保障|培训|考核|评议|追究"),
}

# ----- W-placeholder: the exporter's and the templates' placeholder ------------------------------

PLACEHOLDER = "【待补充"

# ----- W-empty: a section body that says nothing --------------------------------------------------

EMPTY_BODIES: tuple[str, ...] = ("无", "无。", "暂无")
MUST_HAVE_BODY: tuple[str, ...] = ("一", "五")

# ----- R8: the figures of the text are in ``core.formats.figures`` (phrases and cells) ------------

# "all requests were answered": then nothing may be carried over to next year
ALL_DONE = re.compile(r"(所有|全部)(申请)?(均|都)?(已|已经)?(办结|办理完毕|办理完成|答复完毕|按时办结)|均已办结|均已办理完毕|全部办结")
ALL_DONE_CELL: TableCell = ("三", "carried_out", "total")

__all__ = [
    "OLD_TERMS", "OLD_TERM_CONTAINERS", "FEE_WORDS", "FEE_SECTION", "FEE_FIRST_YEAR", "TOPICS", "TOPICS_SECTION",
    "PLACEHOLDER", "EMPTY_BODIES", "MUST_HAVE_BODY", "ALL_DONE", "ALL_DONE_CELL", "CellKey",
]
