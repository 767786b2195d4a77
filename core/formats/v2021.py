"""The 2021 format: 国办公开办函〔2021〕30号, for report years 2021 onward."""

from __future__ import annotations

from .base import Block, ColumnSpec, FormatSpec, RowSpec
from .common import OTHER_ROWS_2021, REQUEST_ROWS_HEAD, REQUEST_ROWS_TAIL, SECTIONS, disclosure_table, request_table, review_table

DISCLOSURE_ROWS = (
    RowSpec("rules", "规章", (("规章",),), exclude=("规范性",)),
    RowSpec("normative_docs", "行政规范性文件", (("规范性文件",),)),
    RowSpec("licensing", "行政许可", (("行政许可",),)),
    RowSpec("penalty", "行政处罚", (("行政处罚",),)),
    RowSpec("coercion", "行政强制", (("行政强制",),)),
    RowSpec("fees", "行政事业性收费", (("事业性收费",), ("行政事业",))),
)
DISCLOSURE_COLUMNS = (
    ColumnSpec("issued", "本年制发件数", (("制发",),)),
    ColumnSpec("repealed", "本年废止件数", (("废止",), ("本年废",))),
    ColumnSpec("in_force", "现行有效件数", (("现行有效",), ("有效件数",))),
    ColumnSpec("decisions", "本年处理决定数量", (("处理决定",),)),
    ColumnSpec(
        "amount",
        "本年收费金额（单位：万元）",
        (("收费金额",),),
        kind="amount",
        accepted=(
            "本年收费金额（单位：万元，保留4位小数）",
            "本年收费金额（单位：万元，保留四位小数）",
            "本年收费金额（万元）",
        ),
    ),
)
BLOCKS = (
    Block("20.1", "第二十条第（一）项", ("issued", "repealed", "in_force"), ("rules", "normative_docs")),
    Block("20.5", "第二十条第（五）项", ("decisions",), ("licensing",)),
    Block("20.6", "第二十条第（六）项", ("decisions",), ("penalty", "coercion")),
    Block("20.8", "第二十条第（八）项", ("amount",), ("fees",)),
)


REQUEST_ROWS = REQUEST_ROWS_HEAD + OTHER_ROWS_2021 + REQUEST_ROWS_TAIL

FORMAT = FormatSpec(
    key="2021",
    name="2021年版格式",
    short_name="2021 年版",
    document="国办公开办函〔2021〕30号",
    sections=SECTIONS,
    tables={"二": disclosure_table(DISCLOSURE_ROWS, DISCLOSURE_COLUMNS, BLOCKS), "三": request_table(REQUEST_ROWS), "四": review_table()},
    first_year=2021,
)
