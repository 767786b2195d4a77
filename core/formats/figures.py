"""The figures the text of a report states about requests, outcomes, carry-over, review and
litigation, as data: for each kind, the phrases that introduce it in the text and the table cells
(or sums of cells) that may hold the same number (docs/FORMAT.md §4, R8). Read by
``core.rules.figures``.

A cell's row may end in ``*``: every row of the format whose key starts with the prefix
(``withheld_*`` = the eight rows of （三）不予公开; ``other*`` = （六）其他处理 in either format).
"""

from __future__ import annotations

from dataclasses import dataclass

Cell3 = tuple[str, str, str]  # (table, row or row prefix*, column)


@dataclass(frozen=True)
class Reading:
    name: str  # how the clerk calls it: 表三「一、本年新收」总计
    cells: tuple[Cell3, ...]  # summed


@dataclass(frozen=True)
class Figure:
    key: str
    what: str  # the thing counted, in words
    phrases: tuple[str, ...]  # text that introduces the number (longest wins on a tie)
    readings: tuple[Reading, ...]  # the number agrees with the table when it equals one of these
    share_of_total: bool = False  # "占 x%" after it is a share of 三（七）总计


def _r(name: str, *cells: Cell3) -> Reading:
    return Reading(name, cells)


T3_TOTAL = _r("表三「（七）总计」", ("三", "total", "total"))

FIGURES: tuple[Figure, ...] = (
    Figure("new", "收到的申请", ("新收", "新受理", "共收到", "收到", "共受理", "受理", "接收", "新增"),
           (_r("表三「一、本年新收」总计", ("三", "new", "total")),
            _r("表三「一、本年新收」与「二、上年结转」之和", ("三", "new", "total"), ("三", "carried_in", "total")))),
    Figure("carried_in", "上年结转的申请", ("上年结转", "上年度结转", "结转自上年", "上年转结", "上年度转结", "上年遗留", "上年度遗留"),
           (_r("表三「二、上年结转」总计", ("三", "carried_in", "total")),)),
    Figure("closed", "办结（答复）的申请", ("已答复", "答复", "已办结", "办结", "办理完毕", "处理完毕", "已办理", "已处理"),
           (T3_TOTAL,)),
    Figure("carried_out", "结转下年度的申请",
           ("结转下年", "结转至下年", "结转到下年", "结转下一年", "结转至下一年", "结转到下一年", "转入下年", "转入下一年"),
           (_r("表三「四、结转下年度继续办理」总计", ("三", "carried_out", "total")),)),
    Figure("granted", "予以公开", ("予以公开",), (_r("表三「（一）予以公开」总计", ("三", "granted", "total")),), True),
    Figure("partial", "部分公开", ("部分公开",), (_r("表三「（二）部分公开」总计", ("三", "partial", "total")),), True),
    Figure("withheld", "不予公开", ("不予公开",), (_r("表三「（三）不予公开」各项总计之和", ("三", "withheld_*", "total")),), True),
    Figure("unable", "无法提供", ("无法提供",), (_r("表三「（四）无法提供」各项总计之和", ("三", "unable_*", "total")),), True),
    Figure("rejected", "不予处理", ("不予处理",), (_r("表三「（五）不予处理」各项总计之和", ("三", "rejected_*", "total")),), True),
    Figure("other", "其他处理", ("其他处理",), (_r("表三「（六）其他处理」各项总计之和", ("三", "other*", "total")),), True),
    Figure("review", "行政复议", ("行政复议",), (_r("表四「行政复议」总计", ("四", "review", "total")),)),
    Figure("suit", "行政诉讼", ("行政诉讼",),
           (_r("表四「行政诉讼」两项总计之和", ("四", "suit_direct", "total"), ("四", "suit_after_review", "total")),
            _r("表四「未经复议直接起诉」总计", ("四", "suit_direct", "total")),
            _r("表四「复议后起诉」总计", ("四", "suit_after_review", "total")))),
)

# Units after a number that make it a count of requests or cases.
COUNT_UNITS = ("件", "宗", "起")
# A clause with one of these words is about requests or cases: a count in it that no phrase
# explains is listed as unmatched.
TOPIC_WORDS = ("申请", "复议", "诉讼", "答复", "办结", "结转")
# Sections whose text is read.
SECTIONS_READ = ("一", "三", "四")
# The longest stretch of text (without digits) between a phrase and its number.
MAX_GAP = 20

__all__ = ["COUNT_UNITS", "FIGURES", "Figure", "MAX_GAP", "Reading", "SECTIONS_READ", "TOPIC_WORDS", "T3_TOTAL"]
