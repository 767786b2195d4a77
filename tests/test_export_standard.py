"""The standard .docx (official 2021 layout) and the blank template."""

from __future__ import annotations

import zipfile

import pytest

from core.check import check_path
from core.export import export_file
from core.export.layout import HEADER_APPLICANTS, HEADER_ORGS, HEADER_SUIT, official_layout
from core.export.texts import PLACEHOLDER_OPEN
from core.formats import REQUEST_GROUPS, SECTIONS, V2021
from core.formats.common import REQUEST_NOTE
from tests.fixtures import SEEDS, build_docx, build_xlsx
from tests.test_export_support import (
    all_faults,
    document_xml,
    errors,
    missing_section,
    visible_text,
    w,
)


def _standard(src, tmp_path, **kw):
    out = tmp_path / f"{src.stem}-标准格式.docx"
    written = export_file(src, out, "standard", **kw)
    assert list(written) == [out]
    return out, written


def _cell_text(tc) -> str:
    return "\n".join(visible_text(p) for p in tc.iter(w("p")))


def _tables(path):
    return document_xml(path).find(w("body")).findall(w("tbl"))


def _span(tc):
    pr = tc.find(w("tcPr"))
    gs = pr.find(w("gridSpan"))
    vm = pr.find(w("vMerge"))
    return (int(gs.get(w("val"))) if gs is not None else 1,
            None if vm is None else (vm.get(w("val")) or "continue"))


@pytest.mark.parametrize("seed", ["000", "002", "003", "004"])
def test_standard_seed_is_clean_and_keeps_values(seed, seed_docx, tmp_path):
    src = seed_docx[seed]
    before = check_path(src)
    out, written = _standard(src, tmp_path)
    after = check_path(out)
    assert errors(after) == []
    assert after.report.format_key == "2021"
    # six standard headings in order, nothing missing
    assert all(s.status == "standard" for s in after.report.sections.values())
    # no label of the tables deviates from the standard
    assert not [f for f in after.findings if f.family in ("W-title", "W-stray", "T1")]
    # the title
    assert after.report.agency == before.report.agency and after.report.year == before.report.year
    # every value of 三 and 四 carried over (2019 （六）其他处理 → （六）3.其他)
    for tkey in ("三", "四"):
        for (row, col), cell in before.report.tables[tkey].cells.items():
            target = ("other_3" if row == "other" else row, col)
            assert after.report.value(tkey, *target) == cell.number.effective, (tkey, row, col)
    if before.report.format_key == "2021":
        for (row, col), cell in before.report.tables["二"].cells.items():
            assert after.report.value("二", row, col) == cell.number.effective
        assert written.not_carried == []
    # the body text is all there, in order
    texts = [p.text for s in before.report.sections.values() for p in s.paragraphs if p.text.strip()]
    out_text = "\n".join(p.text for p in after.document.paragraphs)
    pos = 0
    for t in texts:
        i = out_text.find(t, pos)
        assert i >= 0, t[:40]
        pos = i


def test_2019_draft_carried_over(seed_docx, tmp_path):
    out, written = _standard(seed_docx["004"], tmp_path)
    assert len(written.not_carried) == 1
    note = written.not_carried[0]
    assert "本年新制作数量" in note and "56814" in note and "28130.0902" in note
    paras = [visible_text(p) for p in document_xml(out).find(w("body")).iter(w("p"))]
    assert any(p.startswith(PLACEHOLDER_OPEN) and "56814" in p for p in paras)
    assert any("（六）其他处理 3.其他" in p for p in paras)
    after = check_path(out)
    assert errors(after) == []
    # 2020 report in the 2021 layout: newer than required is not F1
    assert after.report.year == 2020 and not [f for f in after.findings if f.code == "F1"]
    # table 二 is left blank for the clerk (W-blank says so)
    assert all(c.raw == "" for c in after.report.tables["二"].cells.values())


def test_official_merges(seed_docx, tmp_path):
    out, _ = _standard(seed_docx["000"], tmp_path)
    t2, t3, t4 = _tables(out)
    grid = lambda t: [int(g.get(w("w"))) for g in t.find(w("tblGrid"))]
    assert len(grid(t2)) == 4 and len(grid(t3)) == 10 and len(grid(t4)) == 15
    # 二: block titles span all 4 columns, a single value column spans 3
    rows2 = t2.findall(w("tr"))
    assert [_span(tc) for tc in rows2[0].findall(w("tc"))] == [(4, None)]
    assert [_span(tc) for tc in rows2[5].findall(w("tc"))] == [(1, None), (3, None)]
    # 三: the note spans 3 columns and 3 rows, 申请人情况 spans 7, 自然人 / 总计 two rows
    rows3 = t3.findall(w("tr"))
    assert [_span(tc) for tc in rows3[0].findall(w("tc"))] == [(3, "restart"), (7, None)]
    assert [_span(tc) for tc in rows3[1].findall(w("tc"))] == [(3, "continue"), (1, "restart"), (5, None),
                                                               (1, "restart")]
    assert [_span(tc) for tc in rows3[2].findall(w("tc"))] == [(3, "continue"), (1, "continue")] + \
        [(1, None)] * 5 + [(1, "continue")]
    assert len(rows3) == 3 + len(V2021.table("三").rows)
    assert _cell_text(rows3[0].findall(w("tc"))[0]) == REQUEST_NOTE
    assert _cell_text(rows3[0].findall(w("tc"))[1]) == HEADER_APPLICANTS
    assert _cell_text(rows3[1].findall(w("tc"))[2]) == HEADER_ORGS
    # 三、本年度办理结果 merges down over every outcome row
    outcome_rows = [r for r in V2021.table("三").rows if r.group]
    first = rows3[5].findall(w("tc"))[0]
    assert _cell_text(first) == REQUEST_GROUPS["outcomes"] and _span(first) == (1, "restart")
    for tr in rows3[6:5 + len(outcome_rows)]:
        assert _span(tr.findall(w("tc"))[0]) == (1, "continue")
    # 四: 行政复议 (5) | 行政诉讼 (10); the five review columns span two rows
    rows4 = t4.findall(w("tr"))
    assert [_span(tc) for tc in rows4[0].findall(w("tc"))] == [(5, None), (10, None)]
    assert _cell_text(rows4[0].findall(w("tc"))[1]) == HEADER_SUIT
    assert [_span(tc) for tc in rows4[1].findall(w("tc"))] == [(1, "restart")] * 5 + [(5, None)] * 2
    assert len(rows4[3].findall(w("tc"))) == 15


def test_layout_labels_come_from_the_format():
    lay = official_layout("三")
    texts = {c.text for _, _, c in lay.placed() if c.kind != "data" and c.text}
    spec = V2021.table("三")
    assert {r.label for r in spec.rows} <= texts
    assert {c.label for c in spec.columns} <= texts
    assert set(REQUEST_GROUPS.values()) <= texts
    lay2 = official_layout("二")
    texts2 = {c.text for _, _, c in lay2.placed() if c.text}
    assert {b.title for b in V2021.table("二").blocks} <= texts2
    assert {c.label for c in V2021.table("二").columns} <= texts2
    # every data cell of the format has exactly one place
    for key in ("二", "三", "四"):
        assert set(official_layout(key).positions()) == set(V2021.table(key).cells)


def test_standard_of_faulty_report_applies_suggestions(tmp_path):
    src = build_docx(all_faults("003"), tmp_path / "a.docx")
    out, _ = _standard(src, tmp_path)
    after = check_path(out)
    assert errors(after) == []
    assert after.report.value("四", "review", "total") == 423


def test_standard_without_edits_keeps_the_errors(tmp_path):
    src = build_docx(all_faults("003"), tmp_path / "a.docx")
    out, _ = _standard(src, tmp_path, edits={})
    codes = {f.code for f in errors(check_path(out))}
    assert "R5" in codes and "S1" not in codes


def test_missing_section_gets_placeholder(tmp_path):
    src = build_docx(missing_section("000", "五"), tmp_path / "a.docx")
    out, _ = _standard(src, tmp_path)
    after = check_path(out)
    assert errors(after) == []
    assert after.report.sections["五"].paragraphs[0].text.startswith(PLACEHOLDER_OPEN)


def test_standard_from_xlsx_tables(tmp_path):
    src = build_xlsx(SEEDS["002"], tmp_path / "t.xlsx")
    out, _ = _standard(src, tmp_path)
    after = check_path(out)
    assert errors(after) == []
    assert after.report.value("三", "new", "total") == 16
    # every section is there, each with a placeholder to fill in (no text came from the workbook)
    for key in ("一", "五", "六"):
        assert after.report.sections[key].paragraphs[0].text.startswith(PLACEHOLDER_OPEN)


def test_standard_of_pre2019_is_refused(seed_docx, tmp_path):
    from core.fileio import WriteRefused

    for kind in ("standard", "xlsx"):
        with pytest.raises(WriteRefused, match="旧版"):
            export_file(seed_docx["001"], tmp_path / f"x-{kind}", kind)
        assert not list(tmp_path.iterdir())


# ----- blank ------------------------------------------------------------------------------------


def test_blank_template(seed_docx, tmp_path):
    out = tmp_path / "空白模板.docx"
    written = export_file(seed_docx["003"], out, "blank")
    assert list(written) == [out, out.with_suffix(".xlsx")]
    result = check_path(out)
    assert result.report.agency == "北京市海淀区人民政府" and result.report.year == 2025
    assert all(s.status == "standard" for s in result.report.sections.values())
    for spec in SECTIONS:
        assert result.report.sections[spec.key].paragraphs[0].text.startswith(PLACEHOLDER_OPEN)
    assert all(not c.raw for t in result.report.tables.values() for c in t.cells.values())
    # Known limit of the core's recognizer (not of the template): a table 四 whose only data row is
    # empty is not recognized (rows without any text are skipped), so T1 is reported for it.
    assert all(f.family == "T1" and f.table == "四" for f in errors(result))
    t4 = _tables(out)[2]
    assert len(t4.findall(w("tr"))[3].findall(w("tc"))) == 15
    xlsx = check_path(out.with_suffix(".xlsx"))
    assert errors(xlsx) == []


def test_blank_from_xlsx_with_xlsx_output_name(tmp_path):
    src = build_xlsx(SEEDS["000"], tmp_path / "t.xlsx")
    written = export_file(src, tmp_path / "模板.xlsx", "blank")
    assert [p.name for p in written] == ["模板.docx", "模板.xlsx"]


def test_docx_parts_are_valid_zip(seed_docx, tmp_path):
    out, _ = _standard(seed_docx["000"], tmp_path)
    with zipfile.ZipFile(out) as z:
        assert z.testzip() is None
        assert "word/document.xml" in z.namelist()


def test_standard_fixes_an_old_layout_in_a_new_year(tmp_path):
    """A 2022 report drafted in the 2019 tables (F1) comes out in the 2021 layout."""
    spec = SEEDS["004"].copy()
    spec.title_lines = [t.replace("2020年", "2022年") for t in spec.title_lines]
    src = build_docx(spec, tmp_path / "a.docx")
    before = check_path(src)
    assert before.report.year == 2022 and "F1" in {f.code for f in errors(before)}
    out, written = _standard(src, tmp_path)
    after = check_path(out)
    assert errors(after) == [] and after.report.format_key == "2021"
    assert written.not_carried
