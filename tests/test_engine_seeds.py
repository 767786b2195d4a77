"""The five seeds rebuilt as .docx (official merged layout) and their tables as .xlsx: the checker
says what docs/FORMAT.md §6 lists for each, and no error where the tables reconcile."""

from decimal import Decimal

import pytest

from core.check import check_path
from tests.engine_helpers import codes, errors
from tests.fixtures.seeds import SEEDS
from tests.fixtures.xlsx_builder import build_xlsx


def test_seed_000_huairou_2022(seed_docx):
    r = check_path(seed_docx["000"])
    assert r.report.format_key == "2021" and r.report.year == 2022
    assert r.report.agency == "北京市怀柔区人民政府"
    assert errors(r) == []
    assert codes(r) == {"W-title": 2, "W-stray": 1}
    titles = {f.section: f for f in r.findings if f.code == "W-title"}
    assert set(titles) == {"一", "五"}
    assert "1、 总体情况" in titles["一"].message and "一、总体情况" in titles["一"].message
    assert "五、存在的主要问题及改进情况" in titles["五"].message
    stray = next(f for f in r.findings if f.code == "W-stray")
    assert "「0」" in stray.message and "补正后申请内容仍不明确" in stray.message
    assert stray.positions and stray.positions[0].col == 1


def test_seed_001_huairou_2018_pre2019(seed_docx):
    r = check_path(seed_docx["001"])
    assert r.report.format_key == "pre-2019" and r.report.year == 2018
    sums = sorted((f.actual, f.expected) for f in r.findings if f.code == "P1")
    assert sums == [(Decimal(15), Decimal(14)), (Decimal(156), Decimal(159)), (Decimal(205), Decimal(204))]
    assert all(f.severity == "error" for f in r.findings if f.code == "P1")
    assert codes(r) == {"P1": 3, "I-old-format": 1}  # the six sections are not asked of a 2018 report


def test_seed_002_longting_2022(seed_docx):
    r = check_path(seed_docx["002"])
    assert r.report.format_key == "2021" and r.report.year == 2022
    assert errors(r) == []
    assert codes(r) == {"W-agency-short": 1, "W-title": 2, "W-terms": 1}
    labels = {(f.table, f.actual, f.expected) for f in r.findings if f.code == "W-title"}
    assert labels == {("二", "本年废件数", "本年废止件数"), ("三", "2.其他法律法规禁止公开", "2.其他法律行政法规禁止公开")}
    assert "政府办公室" in next(f for f in r.findings if f.code == "W-agency-short").message
    assert "同意部分公开" in next(f for f in r.findings if f.code == "W-terms").message
    assert r.report.sections["六"].status == "standard"  # 六 reports the 信息处理费: no R9


def test_seed_003_haidian_2024_missing_heading(seed_docx):
    r = check_path(seed_docx["003"])
    assert r.report.format_key == "2021" and r.report.year == 2024
    assert [(f.code, f.section) for f in r.findings] == [("S1", "三")]
    # table 三 is still found and checked: every one of its 175 cells was read
    assert len(r.report.tables["三"].cells) == 25 * 7
    assert r.report.value("三", "new", "total") == 3091


def test_seed_004_daxing_2020_format_2019(seed_docx):
    r = check_path(seed_docx["004"])
    assert r.report.format_key == "2019" and r.report.year == 2020
    assert errors(r) == []
    assert [(f.code, f.section) for f in r.findings] == [("W-title", "五")]
    # R8 holds: 953 / 46 / 962 / 37 quoted in the text agree with table 三
    assert r.report.value("三", "new", "total") == 953 and r.report.value("三", "total", "total") == 962
    # 其他对外管理服务事项 split into 行政检查 + 行政确认 is read as their sum
    assert r.report.value("二", "other_services", "decisions") == 761617 + 42670


@pytest.mark.parametrize("key", ["000", "002", "003", "004"])
@pytest.mark.parametrize("sheets", ["one", "three"])
def test_seed_tables_as_xlsx(tmp_path, key, sheets):
    spec = SEEDS[key]
    r = check_path(build_xlsx(spec, tmp_path / f"{key}.xlsx", sheets=sheets, formulas="cached"))
    assert r.report.format_key == spec.format
    assert errors(r) == []
    expected_labels = {"002": 2}.get(key, 0)
    assert codes(r) == ({"W-title": expected_labels} if expected_labels else {})
    for t in ("三", "四"):
        for (row, col), raw in spec.table_cells(t).items():
            assert r.report.value(t, row, col) == Decimal(raw), (t, row, col)
