"""The section and title recognizer on hand-built paragraphs (recognize/sections.py)."""

from __future__ import annotations

from core.model import Paragraph
from core.recognize.sections import find_sections, find_title, heading_candidate, split_numbering


def test_numbering_kinds():
    assert split_numbering("一、总体情况")[:2] == ("top", 1)
    assert split_numbering("第三部分 收到和处理政府信息公开申请情况")[:2] == ("chapter", 3)
    assert split_numbering("（二）部分公开")[:2] == ("paren_cn", 2)
    assert split_numbering("5、存在的主要问题及改进情况")[:2] == ("arabic", 5)


def test_heading_strength():
    exact = heading_candidate(Paragraph("一、总体情况"), 0)
    assert exact.key == "一" and exact.standard
    variant = heading_candidate(Paragraph("五、存在的主要问题及整改措施"), 0)
    assert variant.key == "五" and not variant.standard
    assert heading_candidate(Paragraph("本年度总体情况良好，全年共收到申请12件。" * 3), 0) is None


def test_chosen_and_other_headings():
    paras = [(0, Paragraph("一、总体情况")), (1, Paragraph("正文。")), (2, Paragraph("二、主动公开政府信息情况")),
             (3, Paragraph("七、附件说明"))]
    chosen, others = find_sections(paras)
    assert set(chosen) == {"一", "二"} and [i for i, _ in others] == [3]


def test_title_year_agency():
    paras = [(0, Paragraph("北京市怀柔区人民政府")), (1, Paragraph("2022年政府信息公开工作年度报告"))]
    p, year, agency = find_title(paras)
    assert p.text.startswith("2022") and year == 2022 and agency == "北京市怀柔区人民政府"
    p, year, agency = find_title([(0, Paragraph("相关解读：北京市2022年政府信息公开工作年度报告"))])
    assert p is None
