"""R8 (figures quoted in the text), R9 (信息处理费), W-terms, W-agency, W-decimals, W-note, V1, T1, F1."""

import pytest

from core.check import check_path
from tests.engine_helpers import codes, errors, standard_spec
from tests.fixtures.docx_builder import build_docx
from tests.fixtures.seeds import SEEDS


def _replace_text(spec, old, new):
    for s in spec.sections:
        s.paragraphs = [p.replace(old, new) for p in s.paragraphs]
    return spec


def test_r8_text_contradicts_table(tmp_path):
    spec = _replace_text(standard_spec("004"), "新受理依申请公开政府信息953件", "新受理依申请公开政府信息955件")
    r = check_path(build_docx(spec, tmp_path / "r.docx"))
    r8 = [f for f in r.findings if f.family == "R8"]
    assert len(r8) == 1 and "955" in r8[0].message and "953" in r8[0].message and r8[0].section == "一"


def test_r8_received_may_include_carried_in(tmp_path):
    """收到 = 新收 + 结转 is an accepted reading (seed reports write it that way)."""
    spec = _replace_text(standard_spec("004"), "新受理依申请公开政府信息953件", "共收到依申请公开政府信息999件")
    r = check_path(build_docx(spec, tmp_path / "r.docx"))
    assert not [f for f in r.findings if f.family == "R8"]


def test_r8_all_done_but_carried_out(tmp_path):
    spec = standard_spec("003")
    spec.sections[0].paragraphs.append("本年度所有申请均已办理完成。")
    r = check_path(build_docx(spec, tmp_path / "r.docx"))
    r8 = [f for f in r.findings if f.family == "R8"]
    assert len(r8) == 1 and "257" in r8[0].message


def test_r8_review_total(tmp_path):
    spec = standard_spec("003")
    spec.sections[0].paragraphs.append("全年共发生政府信息公开行政复议134件。")
    r = check_path(build_docx(spec, tmp_path / "r.docx"))
    assert [f.actual for f in r.findings if f.family == "R8"] == [134]


def test_subclauses_with_qizhong_are_not_compared(seed_docx):
    # seed 000: "全区共受理依申请266件，其中区政府受理46件"
    r = check_path(seed_docx["000"])
    assert not [f for f in r.findings if f.family == "R8"]


def test_r9_fee_not_mentioned(tmp_path):
    spec = standard_spec("003")
    six = next(s for s in spec.sections if s.key == "六")
    six.paragraphs = ["北京市海淀区人民政府网站网址:http://www.bjhd.gov.cn/,如需了解更多政府信息,请登录查询。"]
    r = check_path(build_docx(spec, tmp_path / "r.docx"))
    assert codes(r)["R9"] == 1


def test_w_decimals_and_w_note_and_v1(tmp_path):
    spec = standard_spec("003")
    spec.t2[("fees", "amount")] = "22010.35"
    spec.t2[("normative_docs", "issued")] = "8（其中修订2件）"
    spec.t4[("review", "pending")] = "八十六"
    r = check_path(build_docx(spec, tmp_path / "r.docx"))
    dec = next(f for f in r.findings if f.code == "W-decimals")
    assert dec.suggested == "22010.3500"
    note = next(f for f in r.findings if f.code == "W-note")
    assert note.cells[0].row == "normative_docs" and "8" in note.message
    v1 = [f for f in r.findings if f.family == "V1"]
    assert len(v1) == 1 and v1[0].cells[0].col == "pending" and "八十六" in v1[0].message


def test_negative_and_fractional_counts(tmp_path):
    spec = standard_spec("003")
    spec.t3[("granted", "research")] = "-1"
    spec.t3[("partial", "research")] = "1.5"
    r = check_path(build_docx(spec, tmp_path / "r.docx"))
    v1 = {(f.cells[0].row, f.cells[0].col) for f in r.findings if f.family == "V1"}
    assert v1 == {("granted", "research"), ("partial", "research")}


def test_f1_2019_tables_in_a_2021_report(tmp_path):
    spec = SEEDS["004"].copy()
    spec.title_lines = ["北京市大兴区人民政府2022年政府信息公开工作年度报告"]
    r = check_path(build_docx(spec, tmp_path / "r.docx"))
    f1 = [f for f in r.findings if f.code == "F1"]
    assert len(f1) == 1 and "2019" in f1[0].message and f1[0].severity == "error"


def test_t1_missing_table(tmp_path):
    spec = standard_spec("003")
    for s in spec.sections:
        if s.table == "四":
            s.table = None
    r = check_path(build_docx(spec, tmp_path / "r.docx"))
    assert [(f.code, f.table) for f in errors(r)] == [("T1-table", "四")]


def test_t1_missing_rows(tmp_path):
    spec = standard_spec("003")
    import docx

    path = build_docx(spec, tmp_path / "r.docx")
    d = docx.Document(path)
    for table in d.tables:
        for row in table.rows:
            if "属于行政查询事项" in row._tr.xml:
                row._tr.getparent().remove(row._tr)
    d.save(path)
    r = check_path(path)
    t1 = [f for f in r.findings if f.code == "T1-rows"]
    assert t1 and "属于行政查询事项" in t1[0].message


def test_w_agency_missing_title(tmp_path):
    spec = standard_spec("003")
    spec.title_lines = ["2024年政府信息公开工作年度报告"]
    r = check_path(build_docx(spec, tmp_path / "r.docx"))
    assert codes(r)["W-agency"] == 1
