"""The 2019 format (试行): 国办公开办函〔2019〕60号, for report years 2019 and 2020."""

from __future__ import annotations

from .base import Block, ColumnSpec, FormatSpec, RowSpec
from .common import OTHER_ROW_2019, REQUEST_ROWS_HEAD, REQUEST_ROWS_TAIL, SECTIONS, disclosure_table, request_table, review_table

DISCLOSURE_ROWS = (
    RowSpec("rules", "规章", (("规章",),), exclude=("规范性",)),
    RowSpec("normative_docs", "规范性文件", (("规范性文件",),)),
    RowSpec("licensing", "行政许可", (("行政许可",),)),
    RowSpec("other_services", "其他对外管理服务事项", (("其他对外管理",), ("对外管理服务",))),
    RowSpec("penalty", "行政处罚", (("行政处罚",),)),
    RowSpec("coercion", "行政强制", (("行政强制",),)),
    RowSpec("fees", "行政事业性收费", (("事业性收费",), ("行政事业",))),
    RowSpec("procurement", "政府集中采购", (("集中采购",), ("政府采购",))),
)
DISCLOSURE_COLUMNS = (
    ColumnSpec("made", "本年新制作数量", (("新制作",),)),
    ColumnSpec("published", "本年新公开数量", (("新公开",),)),
    ColumnSpec("total_public", "对外公开总数量", (("对外公开总",), ("公开总数",))),
    ColumnSpec("prev_items", "上一年项目数量", (("上一年",), ("上年项目",))),
    ColumnSpec("change", "本年增/减", (("增/减",), ("增减",), ("增",)), kind="signed"),
    ColumnSpec("decisions", "处理决定数量", (("处理决定",),)),
    ColumnSpec("items", "采购项目数量", (("采购项目",),)),
    ColumnSpec(
        "amount",
        "采购总金额",
        (("采购总金额",), ("采购金额",)),
        kind="amount",
        accepted=("采购总金额（万元）", "采购总金额（万元，保留四位小数）", "采购总金额（万元，保留4位小数）"),
    ),
)
BLOCKS = (
    Block("20.1", "第二十条第（一）项", ("made", "published", "total_public"), ("rules", "normative_docs")),
    Block("20.5", "第二十条第（五）项", ("prev_items", "change", "decisions"), ("licensing", "other_services")),
    Block("20.6", "第二十条第（六）项", ("prev_items", "change", "decisions"), ("penalty", "coercion")),
    Block("20.8", "第二十条第（八）项", ("prev_items", "change"), ("fees",)),
    Block("20.9", "第二十条第（九）项", ("items", "amount"), ("procurement",)),
)


REQUEST_ROWS = REQUEST_ROWS_HEAD + (OTHER_ROW_2019,) + REQUEST_ROWS_TAIL

FORMAT = FormatSpec(
    key="2019",
    name="2019年版格式（试行）",
    short_name="2019 年版",
    document="国办公开办函〔2019〕60号",
    sections=SECTIONS,
    tables={"二": disclosure_table(DISCLOSURE_ROWS, DISCLOSURE_COLUMNS, BLOCKS), "三": request_table(REQUEST_ROWS), "四": review_table()},
    first_year=2019,
    last_year=2020,
)
