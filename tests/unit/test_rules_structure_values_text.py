"""Rule families on hand-built reports: structure (T1-…, S1, W-agency-…, W-year-…), values (V1-…,
W-blank, W-number, W-decimals) and text (R8-…, R9, W-terms, W-topics, W-placeholder)."""

from __future__ import annotations

from datetime import date

from core.rules.structure import check_sections, check_tables, check_title
from core.rules.text import check_fee, check_placeholders, check_terms, check_text_figures, check_topics
from core.rules.values import check_values
from tests.unit.reports import report, table3, table4

FULL = {k: ["本部分内容。"] for k in "一二三四五六"}


# ----- structure -------------------------------------------------------------------------------


def test_t1_kinds():
    assert [f.code for f in check_tables(report({}, fmt=None))] == ["T1-none"]
    assert [f.code for f in check_tables(report({"三": table3()}, fmt=None))] == ["T1-format"]
    found = check_tables(report({"三": table3()}))
    assert sorted((f.code, f.table) for f in found) == [("T1-table", "二"), ("T1-table", "四")]
    t3 = table3()
    for k in [k for k in t3 if k[0] == "withheld_8"]:
        del t3[k]
    del t3[("granted", "research")]
    found = [f for f in check_tables(report({"三": t3, "四": table4()})) if f.table == "三"]
    assert {f.code for f in found} == {"T1-rows", "T1-cells"}
    rows = next(f for f in found if f.code == "T1-rows")
    assert "8.属于行政查询事项" in rows.message and len(rows.cells) == 7
    cells = next(f for f in found if f.code == "T1-cells")
    assert "「科研机构」" in cells.message and [(c.row, c.col) for c in cells.cells] == [("granted", "research")]
    assert all(f.family == "T1" for f in found)


def test_missing_section_and_its_table():
    found = check_sections(report({"三": table3()}, sections={k: v for k, v in FULL.items() if k != "三"}))
    [s1] = [f for f in found if f.code == "S1"]
    assert s1.section == "三" and "已在文中找到并已核对" in s1.message
    [s1] = [f for f in check_sections(report({}, sections={k: v for k, v in FULL.items() if k != "六"}))
            if f.code == "S1"]
    assert "已在文中找到" not in s1.message


def test_empty_sections():
    secs = dict(FULL, 一=[], 五=["无"])
    found = {f.section: f for f in check_sections(report({}, sections=secs))}
    assert found["一"].code == "W-empty" and "没有内容" in found["一"].message
    assert found["五"].code == "W-empty-nil" and "必须报告" in found["五"].message


def test_title_kinds():
    assert [f.code for f in check_title(report(title=None))] == ["W-agency-none"]
    r = report(title="2022年政府信息公开工作年度报告", agency=None)
    assert [f.code for f in check_title(r)] == ["W-agency"]
    r = report(title="政府办公室2022年政府信息公开工作年度报告", agency="政府办公室")
    [f] = check_title(r)
    assert f.code == "W-agency-short" and "「政府办公室」不是全称" in f.message
    future = date.today().year + 1
    r = report(title=f"北京市某区人民政府{future}年政府信息公开工作年度报告", year=future)
    assert [f.code for f in check_title(r)] == ["W-year-future"]
    r = report(title="北京市某区人民政府2022年政府信息公开工作年度报告",
               sections={"一": ["2019年，本区……", "2019年全年……"]})
    [f] = check_title(r)
    assert f.code == "W-year-body" and f.family == "W-year" and "2019 年（2 处）" in f.message


# ----- values ----------------------------------------------------------------------------------


def test_value_kinds():
    t4 = table4()
    t4[("review", "upheld")] = "见附件"
    t4[("review", "corrected")] = "-1"
    t4[("review", "other")] = "1.5"
    t4[("review", "pending")] = ""
    t4[("suit_direct", "upheld")] = "１"
    found = {f.code: f for f in check_values(report({"四": t4}))}
    assert set(found) == {"V1", "V1-negative", "V1-fraction", "W-blank", "W-number"}
    assert "请填写件数" in found["V1"].message
    assert "全角数字" in found["W-number"].message
    assert "核对时按 0 计算" in found["W-blank"].message


def test_amount_decimals():
    t2 = {("fees", "amount"): "1.5"}
    [f] = check_values(report({"二": t2}))
    assert f.code == "W-decimals" and f.suggested == "1.5000"


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
