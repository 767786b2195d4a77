"""Text rules on hand-built reports: R8-…, R9, W-terms, W-topics, W-placeholder."""

from __future__ import annotations

from core.rules.text import check_fee, check_placeholders, check_terms, check_text_figures, check_topics
from tests.unit.reports import report, table3, table4

FULL = {k: ["本部分内容。"] for k in "一二三四五六"}


# ----- text ------------------------------------------------------------------------------------


def test_r8_figure_and_all_done():
    t3 = table3()
    new = t3[("new", "total")]
    secs = dict(FULL, 一=[f"本年度共收到政府信息公开申请{new + 5}件。", "所有申请均已办结。"])
    found = check_text_figures(report({"三": t3, "四": table4()}, sections=secs))
    assert sorted(f.code for f in found) == ["R8-done", "R8-figure"]
    fig = next(f for f in found if f.code == "R8-figure")
    assert fig.actual == new + 5 and f"为 {new}" in fig.message and fig.section == "一"
    done = next(f for f in found if f.code == "R8-done")
    assert done.expected == t3[("carried_out", "total")]


def test_r8_agrees_with_any_reading():
    t3 = table3()
    both = t3[("new", "total")] + t3[("carried_in", "total")]
    secs = dict(FULL, 一=[f"共收到申请{both}件，其中当面申请3件。"])
    assert check_text_figures(report({"三": t3}, sections=secs)) == []


def test_fee_terms_topics_placeholders():
    secs = dict(FULL, 六=["无其他需要报告的事项。"], 一=["本年度同意部分公开2件。"], 三=["【待补充：本部分内容】"])
    r = report({}, sections=secs)
    assert [f.code for f in check_fee(r)] == ["R9"]
    assert [f.code for f in check_terms(r)] == ["W-terms"]
    [topics] = check_topics(r)
    assert "主动公开" in topics.message and "监督保障" in topics.message
    [ph] = check_placeholders(r)
    assert ph.section == "三" and "1 处" in ph.message
    ok = report({}, sections=dict(FULL, 六=["本年度未收取信息处理费。"]))
    assert check_fee(ok) == []


def test_r8_reads_the_figures_of_core_formats_figures():
    """One phrase→cell map (core.formats.figures) for R8: what the retired second list read
    differently is read as the figures say."""
    t3 = table3()
    carried_in, closed = t3[("carried_in", "total")], t3[("total", "total")]
    # 上年度遗留 is last year's carry-over
    secs = dict(FULL, 一=[f"上年度遗留申请{carried_in + 1}件。"])
    [f] = check_text_figures(report({"三": t3}, sections=secs))
    assert f.code == "R8-figure" and f.expected == carried_in
    # the phrase nearest the number tells what it counts: 已办结, not 受理
    secs = dict(FULL, 一=[f"共受理申请并已办结{closed}件。"])
    assert check_text_figures(report({"三": t3}, sections=secs)) == []
    # 个 counts other things (受理点, 专栏), never requests
    secs = dict(FULL, 一=["设置依申请公开受理点12个。"])
    assert check_text_figures(report({"三": t3}, sections=secs)) == []
