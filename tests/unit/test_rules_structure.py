"""Structure rules on hand-built reports: T1-…, S1, W-empty-…, W-agency-…, W-year-…."""

from __future__ import annotations

from datetime import date

from core.rules.structure import check_sections, check_tables, check_title
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


def test_group_label_w_title():
    """A group label of 三 worded differently gets W-title (分组标题); in a PDF a piece of the wording
    (三、本年度办理结果 over 22 rows, cut by a page break: 度办理结果) does not."""
    from core.findings import phrase
    from core.model import Label, SourcePos

    def titles(kind, text):
        r = report({"三": table3()}, kind=kind)
        r.tables["三"].group_labels["outcomes"] = Label(text, SourcePos(kind, table=1, row=4, col=1))
        r.tables["三"].group_labels["withheld"] = Label("（三）不予公开", SourcePos(kind, table=1, row=8, col=2))
        return [f for f in check_tables(r) if f.code == "W-title" and phrase("label-group") in f.message]

    found = titles("docx", "三、本年度办里结果")
    assert [(f.actual, f.expected, f.location) for f in found] == [("三、本年度办里结果", "三、本年度办理结果", found[0].location)]
    assert found[0].location and found[0].positions
    assert titles("docx", "三、 本年度办理结果") == []  # the standard wording (a space is layout)
    assert titles("pdf", "度办理结果") == []
    assert len(titles("docx", "度办理结果")) == 1
    assert len(titles("pdf", "三、本年度办里结果")) == 1
