"""The words of the report's text that the text rules look for: the practice word lists and the
phrases of R8 with the cells of the tables each one quotes.

Data only, read by ``core.rules.text`` the way the identity rules read ``Identity``. A phrase's
``pattern`` finds the figure (group 1) in one clause of the text; its ``readings`` are the table
cells (or sums of cells) the figure may stand for: the text agrees with the tables when the figure
equals any one of them.
"""

from __future__ import annotations

import re

from ..fastdc import dataclass  # = dataclasses.dataclass, cheaper at import (start-up)
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

# ----- R8: figures quoted in the text -------------------------------------------------------------

CLAUSE_SPLIT = re.compile(r"[，,；;。！!？?\n]")
_NUM = r"(\d[\d,]*)\s*(?:件|宗|起|个)"
_GAP = r"[^\d，,；;。]{0,18}?"
# a clause that only breaks a figure down (其中 … / 包括 … / 占 …) quotes no total
SUBCLAUSE_STARTS: tuple[str, ...] = ("其中", "包括", "含")
SHARE_WORD = "占"


@dataclass(frozen=True)
class Reading:
    """What a figure of the text may stand for: one cell, or the sum of several."""

    cells: tuple[TableCell, ...]


@dataclass(frozen=True)
class FigurePhrase:
    key: str
    subject: str  # what the figure counts, for the message: 收到的申请
    pattern: re.Pattern
    readings: tuple[Reading, ...]
    # the clause is about something else when these come before the match (new: 结转/答复/办结) …
    not_after: re.Pattern | None = None
    # … unless the match itself starts with one of these words
    unless_starts: tuple[str, ...] = ()
    lookahead: int = 0  # characters of the match itself searched for ``not_after``


def _cells(*cells: TableCell) -> Reading:
    return Reading(tuple(cells))


NEW_TOTAL: TableCell = ("三", "new", "total")
CARRIED_IN_TOTAL: TableCell = ("三", "carried_in", "total")
OUTCOMES_TOTAL: TableCell = ("三", "total", "total")
CARRIED_OUT_TOTAL: TableCell = ("三", "carried_out", "total")

FIGURE_PHRASES: tuple[FigurePhrase, ...] = (
    FigurePhrase(
        "new", "收到的申请",
        re.compile(r"(?:新收|收到|受理|新受理|接收|共收到|共受理)" + _GAP + _NUM),
        (_cells(NEW_TOTAL), _cells(NEW_TOTAL, CARRIED_IN_TOTAL)),
        not_after=re.compile(r"结转|答复|办结"),
        unless_starts=("新收", "收到", "受理"),
        lookahead=4,
    ),
    FigurePhrase(
        "carried_in", "上年结转的申请",
        re.compile(r"(?:上年度?结转|结转自上年度?|上年度?转结|上年度?遗留)" + _GAP + _NUM),
        (_cells(CARRIED_IN_TOTAL),),
    ),
    FigurePhrase(
        "closed", "办结（答复）的申请",
        re.compile(r"(?:已?答复|已?办结|办理完毕|已办理|处理完毕|已处理)" + _GAP + _NUM),
        (_cells(OUTCOMES_TOTAL),),
        not_after=re.compile(r"结转"),
    ),
    FigurePhrase(
        "carried_out", "结转下年度的申请",
        re.compile(r"(?:结转(?:至|到)?下一?年度?|转入下一?年度?)" + _GAP + _NUM),
        (_cells(CARRIED_OUT_TOTAL),),
    ),
    FigurePhrase(
        "review", "行政复议",
        re.compile(r"行政复议" + _GAP + _NUM),
        (_cells(("四", "review", "total")),),
    ),
    FigurePhrase(
        "suit", "行政诉讼",
        re.compile(r"行政诉讼" + _GAP + _NUM),
        (
            _cells(("四", "suit_direct", "total"), ("四", "suit_after_review", "total")),
            _cells(("四", "suit_direct", "total")),
            _cells(("四", "suit_after_review", "total")),
        ),
    ),
)

# "all requests were answered": then nothing may be carried over to next year
ALL_DONE = re.compile(r"(所有|全部)(申请)?(均|都)?(已|已经)?(办结|办理完毕|办理完成|答复完毕|按时办结)|均已办结|均已办理完毕|全部办结")
ALL_DONE_CELL: TableCell = CARRIED_OUT_TOTAL

__all__ = [
    "OLD_TERMS", "OLD_TERM_CONTAINERS", "FEE_WORDS", "FEE_SECTION", "FEE_FIRST_YEAR", "TOPICS", "TOPICS_SECTION",
    "PLACEHOLDER", "EMPTY_BODIES", "MUST_HAVE_BODY", "CLAUSE_SPLIT", "SUBCLAUSE_STARTS", "SHARE_WORD", "Reading",
    "FigurePhrase", "FIGURE_PHRASES", "ALL_DONE", "ALL_DONE_CELL", "CellKey",
]
