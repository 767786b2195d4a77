"""Parts shared by the 2019 and 2021 formats: the six sections, table 三 (but row （六）), table 四."""

from __future__ import annotations

from .base import Block, CellKey, ColumnSpec, Identity, RowSpec, SectionSpec, TableSpec

SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("一", "总体情况", ("总体情况概述", "基本情况", "概述"), (("总体情况",), ("总体", "情况"))),
    SectionSpec(
        "二",
        "主动公开政府信息情况",
        ("主动公开情况", "主动公开政府信息的情况", "政府信息主动公开情况"),
        (("主动公开", "政府信息"), ("主动公开", "情况")),
    ),
    SectionSpec(
        "三",
        "收到和处理政府信息公开申请情况",
        ("收到和处理政府信息公开申请的情况", "依申请公开情况", "依申请公开政府信息情况", "政府信息公开申请情况"),
        (("收到", "处理", "申请"), ("依申请公开",), ("公开申请", "情况")),
    ),
    SectionSpec(
        "四",
        "政府信息公开行政复议、行政诉讼情况",
        (
            "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
            "政府信息公开行政复议和行政诉讼情况",
            "政府信息公开行政复议、行政诉讼的情况",
            "行政复议、行政诉讼情况",
        ),
        (("行政复议",), ("复议", "诉讼"), ("行政法复议",), ("行政诉讼",)),
    ),
    SectionSpec(
        "五",
        "存在的主要问题及改进情况",
        (
            "政府信息公开工作存在的主要问题及改进情况",
            "存在的主要问题及整改措施",
            "存在问题及改进情况",
            "存在的问题及改进情况",
            "存在的主要问题和改进情况",
            "存在的不足及改进措施",
        ),
        (("存在", "问题"), ("问题", "改进"), ("问题", "整改"), ("存在", "不足")),
    ),
    SectionSpec(
        "六",
        "其他需要报告的事项",
        ("其他事项", "其他报告事项", "其他需要报告事项", "其他需要报告的事情"),
        (("其他", "报告", "事项"), ("其他事项",), ("其他", "事项")),
    ),
)

APPLICANT_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("natural", "自然人", (("自然人",),)),
    ColumnSpec("commercial", "商业企业", (("商业",),)),
    ColumnSpec("research", "科研机构", (("科研",),)),
    ColumnSpec("public_interest", "社会公益组织", (("公益",),)),
    ColumnSpec("legal_service", "法律服务机构", (("法律服务",),)),
    ColumnSpec("other_org", "其他", (("其他",),), exclude=("其他处理", "其他结果")),
    ColumnSpec("total", "总计", (("总计",),), exclude=("(七)",)),
)
APPLICANT_PARTS = tuple(c.key for c in APPLICANT_COLUMNS if c.key != "total")


def _r(key: str, label: str, *match: tuple[str, ...], group: str | None = None, **kw) -> RowSpec:
    return RowSpec(key, label, tuple(match), group=group, **kw)


REQUEST_ROWS_HEAD: tuple[RowSpec, ...] = (
    _r("new", "一、本年新收政府信息公开申请数量", ("本年新收",), ("新收", "申请")),
    _r("carried_in", "二、上年结转政府信息公开申请数量", ("上年结转",), ("上年", "结转")),
    _r("granted", "（一）予以公开", ("予以公开",), group="outcomes"),
    _r(
        "partial",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ("部分公开",),
        group="outcomes",
        accepted=("（二）部分公开",),
    ),
    _r("withheld_1", "1.属于国家秘密", ("国家秘密",), group="withheld"),
    _r("withheld_2", "2.其他法律行政法规禁止公开", ("禁止公开",), group="withheld"),
    _r("withheld_3", "3.危及“三安全一稳定”", ("三安全一稳定",), ("三安全",), group="withheld"),
    _r("withheld_4", "4.保护第三方合法权益", ("第三方",), group="withheld"),
    _r("withheld_5", "5.属于三类内部事务信息", ("内部事务",), group="withheld"),
    _r("withheld_6", "6.属于四类过程性信息", ("过程性",), group="withheld"),
    _r("withheld_7", "7.属于行政执法案卷", ("执法案卷",), group="withheld"),
    _r("withheld_8", "8.属于行政查询事项", ("行政查询",), ("查询事项",), group="withheld"),
    _r("unable_1", "1.本机关不掌握相关政府信息", ("不掌握",), group="unable"),
    _r("unable_2", "2.没有现成信息需要另行制作", ("另行制作",), ("没有现成",), group="unable"),
    _r("unable_3", "3.补正后申请内容仍不明确", ("补正后",), ("仍不明确",), group="unable"),
    _r("rejected_1", "1.信访举报投诉类申请", ("信访",), ("举报投诉",), group="rejected"),
    _r("rejected_2", "2.重复申请", ("重复申请",), group="rejected", exclude=("大量反复",)),
    _r("rejected_3", "3.要求提供公开出版物", ("出版物",), group="rejected"),
    _r("rejected_4", "4.无正当理由大量反复申请", ("大量反复",), group="rejected"),
    _r(
        "rejected_5",
        "5.要求行政机关确认或重新出具已获取信息",
        ("重新出具",),
        ("确认或",),
        group="rejected",
    ),
)
OTHER_ROWS_2021: tuple[RowSpec, ...] = (
    _r(
        "other_1",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ("逾期不补正",),
        ("不补正",),
        group="other",
    ),
    _r(
        "other_2",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ("缴纳费用",),
        ("收费通知",),
        group="other",
    ),
    _r("other_3", "3.其他", ("3.其他",), group="other"),
)
OTHER_ROW_2019 = _r("other", "（六）其他处理", ("其他处理",), group="outcomes")
REQUEST_ROWS_TAIL: tuple[RowSpec, ...] = (
    _r("total", "（七）总计", ("(七)总计",), ("(七)",), ("总计",), group="outcomes"),
    _r("carried_out", "四、结转下年度继续办理", ("结转下年",), ("结转下一年",), ("继续办理",)),
)

# Group labels of table 三 (only used to keep context while reading rows and for W-title).
REQUEST_GROUPS: dict[str, str] = {
    "outcomes": "三、本年度办理结果",
    "withheld": "（三）不予公开",
    "unable": "（四）无法提供",
    "rejected": "（五）不予处理",
    "other": "（六）其他处理",
}
REQUEST_GROUP_MATCH: dict[str, tuple[str, ...]] = {
    "outcomes": ("办理结果",),
    "withheld": ("不予公开",),
    "unable": ("无法提供",),
    "rejected": ("不予处理",),
    "other": ("其他处理",),
}

REQUEST_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# Header words of the official tables that are neither a row nor a column label.
HEADER_LABELS: dict[tuple[str, str], str] = {
    ("二", "content"): "信息内容",
    ("三", "note"): REQUEST_NOTE,
    ("三", "applicants"): "申请人情况",
    ("三", "orgs"): "法人或其他组织",
    ("四", "review"): "行政复议",
    ("四", "suit"): "行政诉讼",
    ("统计表", "indicator"): "统计指标",
    ("统计表", "unit"): "单位",
    ("统计表", "value"): "统计数",
}


def _col_name(key: str) -> str:
    return next(c.label for c in APPLICANT_COLUMNS if c.key == key)


def request_identities(rows: tuple[RowSpec, ...]) -> tuple[Identity, ...]:
    """R1, R3 per column and R4 per row of table 三, expanded from the rows of a format."""
    outcome_rows = [r.key for r in rows if r.key not in ("new", "carried_in", "total", "carried_out")]
    cols = [c.key for c in APPLICANT_COLUMNS]
    out: list[Identity] = []
    for col in cols:
        name = _col_name(col)
        out.append(
            Identity(
                "R1",
                (("new", col), ("carried_in", col)),
                (("total", col), ("carried_out", col)),
                None,
                f"「{name}」列：一、本年新收 + 二、上年结转 = 三、（七）总计 + 四、结转下年度继续办理",
            )
        )
        out.append(
            Identity(
                "R3",
                (("total", col),),
                tuple((r, col) for r in outcome_rows),
                ("total", col),
                f"「{name}」列：（七）总计 = （一）至（六）各项办理结果之和",
            )
        )
    for row in rows:
        out.append(
            Identity(
                "R4",
                ((row.key, "total"),),
                tuple((row.key, c) for c in APPLICANT_PARTS),
                (row.key, "total"),
                f"「{row.label}」行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他",
            )
        )
    return tuple(out)


def request_table(rows: tuple[RowSpec, ...]) -> TableSpec:
    cells: tuple[CellKey, ...] = tuple((r.key, c.key) for r in rows for c in APPLICANT_COLUMNS)
    return TableSpec(
        "三",
        "收到和处理政府信息公开申请情况",
        rows,
        APPLICANT_COLUMNS,
        cells,
        request_identities(rows),
    )


# ----- table 四 -----------------------------------------------------------------------------

REVIEW_ROWS: tuple[RowSpec, ...] = (
    RowSpec("review", "行政复议", (("行政复议",), ("复议",)), exclude=("复议后",)),
    RowSpec("suit_direct", "未经复议直接起诉", (("直接起诉",), ("未经复议",))),
    RowSpec("suit_after_review", "复议后起诉", (("复议后",),)),
)
REVIEW_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("upheld", "结果维持", (("维持",),)),
    ColumnSpec("corrected", "结果纠正", (("纠正",),)),
    ColumnSpec("other", "其他结果", (("其他",),)),
    ColumnSpec("pending", "尚未审结", (("尚未",), ("未审结",))),
    ColumnSpec("total", "总计", (("总计",), ("合计",))),
)


def review_table() -> TableSpec:
    cells = tuple((r.key, c.key) for r in REVIEW_ROWS for c in REVIEW_COLUMNS)
    parts = ("upheld", "corrected", "other", "pending")
    identities = tuple(
        Identity(
            "R5",
            ((r.key, "total"),),
            tuple((r.key, p) for p in parts),
            (r.key, "total"),
            f"「{r.label}」：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
        )
        for r in REVIEW_ROWS
    )
    return TableSpec("四", "政府信息公开行政复议、行政诉讼情况", REVIEW_ROWS, REVIEW_COLUMNS, cells, identities)


def disclosure_table(rows: tuple[RowSpec, ...], columns: tuple[ColumnSpec, ...], blocks: tuple[Block, ...]) -> TableSpec:
    """Table 二: its cells are the block-wise products of rows and columns; no identities."""
    cells = tuple((r, c) for b in blocks for r in b.rows for c in b.columns)
    return TableSpec("二", "主动公开政府信息情况", rows, columns, cells, (), blocks)
