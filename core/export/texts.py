"""Words the exports write into documents: revision author, placeholders, report title."""

from __future__ import annotations

from ..model import Report

AUTHOR = "年报核查"  # author of every tracked change, comment and fill the exports make

PLACEHOLDER_OPEN = "【待补充："
PLACEHOLDER_CLOSE = "】"

# What a missing (or empty) section should report, shown to the clerk as a placeholder.
SECTION_HINTS = {
    "一": "概述本年度政府信息公开工作总体情况，包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障等方面",
    "二": "本年度主动公开政府信息的情况，并填写下表",
    "三": "本年度收到和处理政府信息公开申请的情况，并填写下表",
    "四": "本年度因政府信息公开工作被申请行政复议、提起行政诉讼的情况，并填写下表",
    "五": "本年度政府信息公开工作存在的主要问题及改进情况",
    "六": "其他需要报告的事项，包括按《政府信息公开信息处理费管理办法》收取信息处理费的情况（未收取也应写明）",
}

# What a report in an older layout loses or gains when carried over to the current one (the labels
# are filled in from the format data).
NOT_CARRIED_二 = ("表二（{source}）的数据无法对应到{target}中表二的「{columns}」等栏目，未转入，请按新格式重新填写。"
                 "原表数据：{listing}。")
CARRIED_OTHER_三 = ("注：本表由{source}转换而来，原「{group}」一行的数字已填入「{group} {row}」；"
                   "其中如有申请人逾期不补正或逾期未缴费而不再处理的情形，请分别改填 1、2 两项。")


def placeholder(text: str) -> str:
    return f"{PLACEHOLDER_OPEN}{text}。{PLACEHOLDER_CLOSE}" if not text.endswith("。") else \
        f"{PLACEHOLDER_OPEN}{text}{PLACEHOLDER_CLOSE}"


def section_placeholder(key: str) -> str:
    return placeholder(SECTION_HINTS[key])


def report_title(agency: str | None, year: int | None) -> str:
    a = agency or f"{PLACEHOLDER_OPEN}机关全称{PLACEHOLDER_CLOSE}"
    y = str(year) if year else f"{PLACEHOLDER_OPEN}年份{PLACEHOLDER_CLOSE}"
    return f"{a}{y}年政府信息公开工作年度报告"


def title_of(report: Report | None, *, next_year: bool = False) -> str:
    if report is None:
        return report_title(None, None)
    year = report.year + 1 if (report.year and next_year) else report.year
    return report_title(report.agency, year)
