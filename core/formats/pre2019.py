"""The old statistical table 政府信息公开情况统计表 (report years up to 2018).

It is a two-column list of 统计指标 and 统计数, not the three tables of the later formats; only its
internal sums are checked (docs/FORMAT.md §4, P1).
"""

from __future__ import annotations

from .base import ColumnSpec, FormatSpec, Identity, RowSpec, TableSpec


def _r(key, label, *match, context=None, sets_context=None, exclude=()):
    return RowSpec(key, label, tuple(match), context=context, sets_context=sets_context, exclude=tuple(exclude))


ROWS = (
    _r("received", "（一）收到申请数", ("收到申请数",), sets_context="received"),
    _r("received_in_person", "1.当面申请数", ("当面申请",)),
    _r("received_fax", "2.传真申请数", ("传真申请",)),
    _r("received_online", "3.网络申请数", ("网络申请",)),
    _r("received_letter", "4.信函申请数", ("信函申请",)),
    _r("closed", "（二）申请办结数", ("申请办结数",)),
    _r("closed_on_time", "1.按时办结数", ("按时办结",)),
    _r("closed_extended", "2.延期办结数", ("延期办结",)),
    _r("answered", "（三）申请答复数", ("申请答复数",), sets_context="answered"),
    _r("ans_public", "1.属于已主动公开范围数", ("已主动公开范围",)),
    _r("ans_granted", "2.同意公开答复数", ("同意公开",), exclude=("不同意", "部分")),
    _r("ans_partial", "3.同意部分公开答复数", ("同意部分公开",)),
    _r("ans_refused", "4.不同意公开答复数", ("不同意公开",), sets_context="refused"),
    _r("refused_secret", "其中：涉及国家秘密", ("国家秘密",)),
    _r("refused_commercial", "涉及商业秘密", ("商业秘密",)),
    _r("refused_privacy", "涉及个人隐私", ("个人隐私",)),
    _r("refused_security", "危及国家安全、公共安全、经济安全和社会稳定", ("危及国家安全",), ("危及",)),
    _r("refused_not_info", "不是《条例》所指政府信息", ("所指政府信息",)),
    _r("refused_other", "法律法规规定的其他情形", ("法律法规规定的其他",)),
    _r("ans_not_ours", "5.不属于本行政机关公开数", ("不属于本行政机关",)),
    _r("ans_not_exist", "6.申请信息不存在数", ("信息不存在",)),
    _r("ans_change", "7.告知作出更改补充数", ("更改补充",)),
    _r("ans_other_channel", "8.告知通过其他途径办理数", ("其他途径",)),
    _r("review", "四、行政复议数量", ("行政复议数",), sets_context="review"),
    _r("review_upheld", "（一）维持具体行政行为数", ("维持具体行政行为",), context="review"),
    _r("review_corrected", "（二）被依法纠错数", ("纠错",), context="review"),
    _r("review_other", "（三）其他情形数", ("其他情形",), context="review"),
    _r("suit", "五、行政诉讼数量", ("行政诉讼数",), sets_context="suit"),
    _r("suit_upheld", "（一）维持具体行政行为或者驳回原告诉讼请求数", ("维持",), ("驳回",), context="suit"),
    _r("suit_corrected", "（二）被依法纠错数", ("纠错",), context="suit"),
    _r("suit_other", "（三）其他情形数", ("其他情形",), context="suit"),
    _r("complaints", "六、举报投诉数量", ("举报投诉",), sets_context="other"),
    _r("fees_charged", "七、依申请公开信息收取的费用", ("收取的费用",), ("收取费用",)),
    _r("staff", "（三）从事政府信息公开工作人员数", ("工作人员数",), ("从事政府信息公开工作人员",), sets_context="staff",
       exclude=("专职", "兼职")),
    _r("staff_full", "1.专职人员数", ("专职人员",), context="staff"),
    _r("staff_part", "2.兼职人员数", ("兼职人员",), context="staff"),
)

VALUE = ColumnSpec("value", "统计数", (("统计数",),))


def _sum(total: str, parts: tuple[str, ...], description: str) -> Identity:
    return Identity("P1", ((total, "value"),), tuple((p, "value") for p in parts), (total, "value"), description)


IDENTITIES = (
    _sum("received", ("received_in_person", "received_fax", "received_online", "received_letter"),
         "收到申请数 = 当面 + 传真 + 网络 + 信函申请数"),
    _sum("closed", ("closed_on_time", "closed_extended"), "申请办结数 = 按时办结数 + 延期办结数"),
    _sum(
        "answered",
        ("ans_public", "ans_granted", "ans_partial", "ans_refused", "ans_not_ours", "ans_not_exist", "ans_change",
         "ans_other_channel"),
        "申请答复数 = 八类答复数之和",
    ),
    _sum(
        "ans_refused",
        ("refused_secret", "refused_commercial", "refused_privacy", "refused_security", "refused_not_info",
         "refused_other"),
        "不同意公开答复数 = 其下六项之和",
    ),
    _sum("review", ("review_upheld", "review_corrected", "review_other"), "行政复议数量 = 维持 + 纠错 + 其他情形"),
    _sum("suit", ("suit_upheld", "suit_corrected", "suit_other"), "行政诉讼数量 = 维持或驳回 + 纠错 + 其他情形"),
    _sum("staff", ("staff_full", "staff_part"), "从事政府信息公开工作人员数 = 专职人员数 + 兼职人员数"),
)

STATS_TABLE = TableSpec(
    "统计表",
    "政府信息公开情况统计表",
    ROWS,
    (VALUE,),
    tuple((r.key, "value") for r in ROWS),
    IDENTITIES,
)

FORMAT = FormatSpec(
    key="pre-2019",
    name="2019年以前的旧版统计表格式",
    short_name="2019 年以前旧版",
    document="政府信息公开情况统计表（旧版）",
    sections=(),
    tables={"统计表": STATS_TABLE},
    last_year=2018,
)
