"""Issue 16: a report inside other text. The portal page's text pasted into Word (python-docx) or
opened in LibreOffice and saved as .docx: agency, year, six sections and three tables are found, the
chrome is kept but marked outside and no finding points at it; two reports in one file are told
apart (the first is checked, the other named in a warning, nothing mixed)."""

import shutil
import subprocess
from pathlib import Path

import pytest

from core.check import check_document, check_path
from core.model import Document, Paragraph
from core.readers.html import read_html
from core.recognize import recognize
from core.recognize.bounds import find_bounds
from tests.engine_helpers import signature
from tests.fixtures.docx_builder import build_docx
from tests.fixtures.portal_fixtures import CHROME_BEFORE, Portal, write_pasted_docx, write_portal
from tests.fixtures.seeds import SEEDS

KEYS = list(SEEDS)


@pytest.fixture(scope="module")
def seed_results(tmp_path_factory):
    folder = tmp_path_factory.mktemp("d")
    return {k: check_path(build_docx(SEEDS[k], folder / f"{k}.docx")) for k in KEYS}


def _no_finding_on_chrome(result):
    blocks = result.document.blocks
    for f in result.findings:
        if f.paragraph is not None:
            assert not blocks[f.paragraph].outside, f.message
        for pos in f.positions:
            hits = [b for b in blocks if isinstance(b, Paragraph) and b.pos == pos]
            assert not any(b.outside for b in hits), f.message


@pytest.mark.parametrize("key", KEYS)
def test_pasted_into_word(tmp_path, seed_results, key):
    result = check_path(write_pasted_docx(SEEDS[key], tmp_path / f"{key}.docx"))
    ours = seed_results[key]
    r = result.report
    assert (r.agency, r.year, r.format_key) == (ours.report.agency, ours.report.year, ours.report.format_key)
    assert r.title is not None and r.title.text == ours.report.title.text
    assert {k: s.status for k, s in r.sections.items()} == {k: s.status for k, s in ours.report.sections.items()}
    assert set(r.tables) == set(ours.report.tables)
    assert signature(result) == signature(ours)
    for t, data in ours.report.tables.items():
        assert {k: c.number.effective for k, c in r.tables[t].cells.items()} == \
            {k: c.number.effective for k, c in data.cells.items()}
    paras = result.document.paragraphs
    assert all(p.outside for p in paras if p.text in CHROME_BEFORE)
    assert all(p.outside for p in paras if p.text.startswith(("来源：", "版权所有", "网站标识码", "【打印本页】")))
    assert not any(p.outside for p in r.sections["六"].paragraphs)
    _no_finding_on_chrome(result)
    info = [f for f in result.findings if f.code == "I-outside"]
    assert len(info) == 1 and "报告标题之前" in info[0].message and "报告之后" in info[0].message


def _doc(lines, kind="docx"):
    return Document(Path("x.docx"), kind, [Paragraph(t) for t in lines])


BODY = ["一、总体情况", "本年度工作情况。", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "存在的问题。",
        "六、其他需要报告的事项", "本年度未收取信息处理费。"]


def test_title_over_two_lines_and_nianfdu():
    for head, agency, year in (
        (["北京市怀柔区人民政府", "2022年政府信息公开工作年度报告"], "北京市怀柔区人民政府", 2022),
        (["北京市怀柔区人民政府2022年", "政府信息公开工作年度报告"], "北京市怀柔区人民政府", 2022),
        (["某县交通运输局2023年度政府信息公开工作年度报告"], "某县交通运输局", 2023),
    ):
        doc = _doc(CHROME_BEFORE + head + ["来源：某某 时间：2024-01-10"] + BODY + ["【打印本页】【关闭窗口】", "版权所有"])
        report = recognize(doc)
        assert (report.agency, report.year) == (agency, year)
        assert all(s.status != "missing" for s in report.sections.values())
        n = len(CHROME_BEFORE)
        assert all(p.outside for p in doc.blocks[:n]) and not any(p.outside for p in doc.blocks[n:n + len(head)])
        assert doc.blocks[-1].outside and doc.blocks[-2].outside and not doc.blocks[-3].outside


def test_breadcrumb_and_related_links_titles_are_not_reports():
    lines = (["当前位置：首页 > 年报 > 某区2023年政府信息公开工作年度报告"] + CHROME_BEFORE[:5]
             + ["某区人民政府2023年政府信息公开工作年度报告", "发布机构：某区人民政府办公室"] + BODY
             + ["相关链接", "某区人民政府2022年政府信息公开工作年度报告", "某区人民政府2021年政府信息公开工作年度报告"])
    doc = _doc(lines)
    b = find_bounds(doc)
    assert b.others == [] and b.year == 2023 and b.agency == "某区人民政府"
    assert doc.blocks[0].outside and doc.blocks[-1].outside and doc.blocks[-3].outside
    assert doc.blocks[7].outside  # the 发布机构 line under the title


def test_no_chrome_nothing_outside(seed_results):
    for r in seed_results.values():
        assert not any(getattr(b, "outside", False) for b in r.document.blocks)
        assert "I-outside" not in [f.code for f in r.findings]


def test_outside_text_is_not_checked():
    """Old categories (W-terms) and section-like words in the chrome are not the report's."""
    lines = (["六、其他需要报告的事项", "同意部分公开 栏目"] + CHROME_BEFORE
             + ["某区人民政府2023年政府信息公开工作年度报告", "来源：某区人民政府"] + BODY
             + ["【关闭窗口】", "一、总体情况", "同意部分公开 2 件"])
    result = check_document(_doc(lines))
    assert not [f for f in result.findings if f.code in ("W-terms", "W-order", "W-empty")]
    assert result.report.sections["一"].heading_index == len(CHROME_BEFORE) + 4


def _two_reports(tmp_path, portal=Portal()):
    this_year = SEEDS["003"].copy()
    last_year = SEEDS["003"].copy()
    last_year.title_lines = ["北京市海淀区人民政府2023年政府信息公开工作年度报告"]
    last_year.t4[("review", "upheld")] = str(int(last_year.t4[("review", "upheld")]) + 7)  # R5 breaks there only
    return write_portal(this_year, tmp_path / "two.html", portal=portal, reports=[this_year, last_year]), this_year


def test_two_reports_in_one_page(tmp_path, seed_results):
    path, _ = _two_reports(tmp_path)
    result = check_document(read_html(path, path.read_bytes()), path)
    assert result.report.year == 2024
    w = [f for f in result.findings if f.code == "W-reports"]
    assert len(w) == 1 and "2 份" in w[0].message and "2023 年度" in w[0].message and "2024 年度" in w[0].message
    # the second report is not mixed in: the findings are exactly those of the 2024 report alone
    assert signature(result) - signature(seed_results["003"]) == {("W-reports", "warning", None, None, ()): 1}
    assert not signature(seed_results["003"]) - signature(result)
    assert "R5" not in [f.code for f in result.findings]
    assert result.report.value("四", "review", "upheld") == seed_results["003"].report.value("四", "review", "upheld")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_two_reports_in_one_docx(tmp_path, seed_results):
    path, _ = _two_reports(tmp_path)
    profile = tmp_path / "profile"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--infilter=HTML (StarWriter)",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "o"), str(path)],
                   capture_output=True, timeout=600, check=True)
    result = check_path(tmp_path / "o" / "two.docx")
    assert result.report.year == 2024
    assert [f.code for f in result.findings].count("W-reports") == 1
    assert "R5" not in [f.code for f in result.findings]
    assert signature(result) - signature(seed_results["003"]) == {("W-reports", "warning", None, None, ()): 1}


def test_w_agency_says_once_what_is_missing():
    result = check_document(_doc(BODY))
    w = [f for f in result.findings if f.code.startswith("W-agency")]
    assert len(w) == 1 and "没有找到报告标题" in w[0].message
    assert "未找到" not in w[0].message and w[0].message.count("没有找到") == 1
    result = check_document(_doc(["2023年政府信息公开工作年度报告"] + BODY))
    w = [f for f in result.findings if f.code == "W-agency"]
    assert len(w) == 1 and w[0].message.startswith("报告标题「2023年政府信息公开工作年度报告」缺少发布机关的名称")
