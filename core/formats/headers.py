"""How the recognizer knows a header row of each table, and the header words that name no column.

Fragments are in the comparison form of ``core.text.norm_label``; an alternative matches when all its
fragments occur in the row's text.
"""

from __future__ import annotations

from .common import APPLICANT_COLUMNS, HEADER_LABELS, REVIEW_ROWS
from .pre2019 import STATS_TABLE


def _col(key: str) -> str:
    return next(c.label for c in APPLICANT_COLUMNS if c.key == key)


ARTICLE = "第二十条"  # the blocks of table 二: 第二十条第（一）项 …
NOTE_WORDS = "勾稽关系"  # the note in table 三's header (HEADER_LABELS[("三", "note")])

# table key → alternatives of fragments that make a row a header row of that table
HEADER_MATCH: dict[str, tuple[tuple[str, ...], ...]] = {
    "三": (
        (HEADER_LABELS[("三", "applicants")],),
        (_col("natural"), "法人"),
        (_col("natural"), "商业"),
        (_col("natural"), _col("total")),
        (NOTE_WORDS,),
    ),
    "四": (
        (HEADER_LABELS[("四", "review")], HEADER_LABELS[("四", "suit")]),
        ("未经复议",),
        (REVIEW_ROWS[2].label,),  # 复议后起诉
    ),
    "二": ((ARTICLE,),),
    "统计表": ((HEADER_LABELS[("统计表", "indicator")],), (STATS_TABLE.title,)),
}
# a header row of table 二 may also be known by its first word
HEADER_STARTS: dict[str, tuple[str, ...]] = {"二": (HEADER_LABELS[("二", "content")],)}

# words of table 三's header that group columns and name none (申请人情况, 法人或其他组织, the note)
T3_GROUP_WORDS: tuple[str, ...] = (HEADER_LABELS[("三", "applicants")], HEADER_LABELS[("三", "orgs")], "勾稽")

# table 四: which group (row key) a header cell belongs to, tried in this order (any fragment)
REVIEW_GROUP_MATCH: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("suit_direct", ("未经复议", "直接起诉")),
    ("suit_after_review", ("复议后",)),
    ("review", (HEADER_LABELS[("四", "review")],)),
)
# a cell longer than this is a title row (四、政府信息公开行政复议、行政诉讼情况), not a group header
REVIEW_HEADER_MAX = 12


_ZONE_ORDER = ("三", "四", "二", "统计表")


def header_zone(normalized: str) -> str | None:
    """The table whose header this row (comparison form) is, or None. (Called for every row of
    every grid: plain loops, no generators.)"""
    for key in _ZONE_ORDER:
        for alt in HEADER_MATCH[key]:
            for frag in alt:
                if frag not in normalized:
                    break
            else:
                return key
        starts = HEADER_STARTS.get(key)
        if starts and normalized.startswith(starts):
            return key
    return None


def review_group(normalized: str) -> str | None:
    return next((key for key, frags in REVIEW_GROUP_MATCH if any(f in normalized for f in frags)), None)


# Why a format was chosen, said to the clerk in F1 (判断依据：…): evidence key → wording.
FORMAT_EVIDENCE: dict[str, str] = {
    "t2-2021-columns": "表二第二十条第（一）项为「本年制发件数 / 本年废止件数 / 现行有效件数」",
    "t2-2019-columns": "表二为 2019 年版的「本年新制作数量 / 上一年项目数量」等列",
    "t2-2019-rows": "表二有 2019 年版的「其他对外管理服务事项」或「政府集中采购」",
    "t3-other-split": "表三「（六）其他处理」分为三个子项",
    "t3-other-single": "表三「（六）其他处理」只有一行",
    "old-table": "使用旧版「政府信息公开情况统计表」（收到申请数、申请答复数等）",
}
