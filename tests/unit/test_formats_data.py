"""The format data is consistent: every cell a text phrase or a header word refers to exists, every
format has its names."""

from __future__ import annotations

from core.formats import FORMATS, V2019, V2021
from core.formats import figures, headers, phrases
from core.formats.titles import AGENCY_PLACE, TITLE, body_years


def test_formats_have_names():
    assert [f.short_name for f in FORMATS.values()] == ["2021 年版", "2019 年版", "2019 年以前旧版"]
    assert V2021.display_name == "2021年版格式（国办公开办函〔2021〕30号）"


def test_every_text_phrase_reads_cells_of_both_formats():
    for fmt in (V2021, V2019):
        for fig in figures.FIGURES:
            for reading in fig.readings:
                for table, row, col in reading.cells:
                    keys = {r.key for r in fmt.table(table).rows}
                    rows = [k for k in keys if k.startswith(row[:-1])] if row.endswith("*") else [row]
                    assert rows and all((r, col) in fmt.table(table).cells for r in rows), (fmt.key, fig.key, row, col)
        table, row, col = phrases.ALL_DONE_CELL
        assert (row, col) in fmt.table(table).cells


def test_one_phrase_to_cell_map():
    """The figures of the text are known in one place (core.formats.figures), not a second list."""
    assert not hasattr(phrases, "FIGURE_PHRASES")
    words = {p for f in figures.FIGURES for p in f.phrases}
    assert {"新收", "上年度遗留", "结转至下一年", "已办结", "行政复议", "行政诉讼"} <= words


def test_phrase_patterns_find_the_figure():
    from tests.unit.reports import report, table3

    from core.rules.figures import match_figures

    t3 = table3()
    r = report({"三": t3}, sections={"一": ["本年度新收政府信息公开申请1,234件。"]})
    [m] = match_figures(r)
    assert m.figure.key == "new" and m.stated == 1234
    assert phrases.ALL_DONE.search("上述申请均已办结")
    assert phrases.FEE_WORDS.search("未收取信息处理费")


def test_header_zones():
    assert headers.header_zone("申请人情况") == "三"
    assert headers.header_zone("自然人商业企业") == "三"
    assert headers.header_zone("行政复议行政诉讼") == "四"
    assert headers.header_zone("信息内容本年制发件数") == "二"
    assert headers.header_zone("统计指标单位统计数") == "统计表"
    assert headers.header_zone("一、本年新收政府信息公开申请数量") is None
    assert headers.review_group("未经复议直接起诉") == "suit_direct"
    assert headers.review_group("复议后起诉") == "suit_after_review"
    assert headers.review_group("行政复议") == "review"


def test_titles():
    m = TITLE.search("北京市怀柔区人民政府2022年政府信息公开工作年度报告")
    assert m.group("agency") == "北京市怀柔区人民政府" and m.group("year") == "2022"
    assert AGENCY_PLACE.search("北京市怀柔区人民政府") and not AGENCY_PLACE.search("政府办公室")
    assert body_years("2022年……２０２２年，2021年") == {2022: 2, 2021: 1}


def test_format_evidence_is_worded_for_every_key_the_recognizer_uses():
    import ast
    from pathlib import Path

    src = (Path(__file__).resolve().parents[2] / "core" / "recognize" / "__init__.py").read_text(encoding="utf-8")
    used = {n.slice.value for n in ast.walk(ast.parse(src))
            if isinstance(n, ast.Subscript) and getattr(n.value, "id", "") == "FORMAT_EVIDENCE"}
    assert used and used <= set(headers.FORMAT_EVIDENCE)
