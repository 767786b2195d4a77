"""The corrected copy (kind "corrected"): tracked changes in the clerk's own .docx, a filled and
commented copy of their .xlsx."""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import pytest

from core.check import check_path
from core.export import export_file, export_result, suggested_edits
from core.export.texts import AUTHOR, PLACEHOLDER_OPEN
from tests.fixtures import LAYOUT_COMBINATIONS, SEEDS, Layout, build_docx, build_xlsx
from tests.test_export_support import (
    accepted_view,
    all_faults,
    document_xml,
    errors,
    exploded,
    missing_section,
    nonstandard_heading,
    rejected_view,
    revisions,
    visible_text,
    w,
    wrong_cell_三,
    wrong_total_四,
)


def _sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _corrected(src: Path, tmp_path: Path, edits=None) -> tuple[Path, object]:
    out = tmp_path / f"{src.stem}-更正{src.suffix}"
    before = _sha(src)
    written = export_file(src, out, "corrected", edits)
    assert _sha(src) == before, "the original file must not change"
    assert list(written) == [out]
    return out, written


def _assert_views(src: Path, out: Path):
    """Rejecting our revisions gives the original back; accepting them leaves no revision of ours."""
    original, corrected = document_xml(src), document_xml(out)
    assert exploded(rejected_view(corrected)) == exploded(original)
    assert revisions(accepted_view(corrected)) == []


def _assert_other_members_identical(src: Path, out: Path):
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            if name != "word/document.xml":
                assert a.read(name) == b.read(name), name


# ----- the seeds --------------------------------------------------------------------------


EXPECTED = {  # seed → (cells, headings, sections) changed by the default corrected export
    "000": (0, 2, 0),  # 1、 总体情况 / 5、 存在的问题及改进情况
    "001": (3, 0, 0),  # the three totals of the old statistical table
    "002": (0, 0, 0),  # nothing to correct (its warnings carry no value)
    "003": (0, 0, 1),  # the missing heading 三、 inserted before table 三
    "004": (0, 1, 0),  # 五、政府信息公开工作存在的主要问题及改进情况
}


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_corrected_seed(seed, seed_docx, tmp_path):
    src = seed_docx[seed]
    out, written = _corrected(src, tmp_path)
    cells, headings, sections = EXPECTED[seed]
    assert written.changes == {"cells": cells, "headings": headings, "sections": sections}
    result = check_path(out)
    assert errors(result) == []
    assert not [f for f in result.findings if f.code == "S1" or (f.code == "W-title" and f.table is None)]
    _assert_views(src, out)
    _assert_other_members_identical(src, out)


def test_seed001_totals_become_the_sums(seed_docx, tmp_path):
    out, _ = _corrected(seed_docx["001"], tmp_path)
    report = check_path(out).report
    stats = report.tables["统计表"]
    values = sorted(int(c.number.value) for c in stats.cells.values() if c.number.value is not None)
    assert 204 in values and 14 in values and 159 in values
    root = document_xml(out)
    deleted = sorted("".join(t.text for t in d.iter(w("delText"))) for d in revisions(root) if d.tag == w("del"))
    inserted = sorted("".join(t.text for t in i.iter(w("t"))) for i in revisions(root) if i.tag == w("ins"))
    assert deleted == ["15", "156", "205"]
    assert inserted == ["14", "159", "204"]


def test_seed003_heading_inserted_right_before_table_三(seed_docx, tmp_path):
    out, _ = _corrected(seed_docx["003"], tmp_path)
    result = check_path(out)
    sec = result.report.sections["三"]
    assert sec.status == "standard"
    assert "三" in sec.tables
    body = document_xml(out).find(w("body"))
    heading = next(p for p in body.iter(w("p")) if visible_text(p) == "三、收到和处理政府信息公开申请情况")
    nxt = heading.getnext()
    assert nxt.tag == w("tbl")
    # formatted like the other section headings: same paragraph style
    other = next(p for p in body.iter(w("p")) if visible_text(p) == "二、主动公开政府信息情况")
    assert heading.find(w("pPr")).find(w("pStyle")).get(w("val")) == other.find(w("pPr")).find(w("pStyle")).get(w("val"))
    # the paragraph mark and the text are tracked insertions by 年报核查
    assert heading.find(w("pPr")).find(w("rPr")).find(w("ins")).get(w("author")) == AUTHOR
    assert heading.find(w("ins")).get(w("author")) == AUTHOR


# ----- faulty variants ------------------------------------------------------------------------


def test_wrong_cell_in_三(tmp_path):
    src = build_docx(wrong_cell_三(), tmp_path / "a.docx")
    before = check_path(src)
    assert [f.code for f in errors(before)] == ["R-CELL", "S1"]
    out, written = _corrected(src, tmp_path)
    assert written.changes["cells"] == 1
    after = check_path(out)
    assert errors(after) == []
    assert after.report.value("三", "granted", "commercial") == int(SEEDS["003"].t3[("granted", "commercial")])
    root = document_xml(out)
    dels = [d for d in revisions(root) if d.tag == w("del")]
    assert any("".join(t.text for t in d.iter(w("delText"))) == "15" for d in dels)
    _assert_views(src, out)


def test_wrong_total_in_四(tmp_path):
    src = build_docx(wrong_total_四(), tmp_path / "a.docx")
    assert "R5" in [f.code for f in errors(check_path(src))]
    out, _ = _corrected(src, tmp_path)
    after = check_path(out)
    assert errors(after) == []
    assert after.report.value("四", "review", "total") == 423
    _assert_views(src, out)


def test_missing_section_gets_heading_and_placeholder(tmp_path):
    src = build_docx(missing_section("000", "五"), tmp_path / "a.docx")
    assert any(f.code == "S1" and f.section == "五" for f in check_path(src).findings)
    out, written = _corrected(src, tmp_path)
    assert written.changes["sections"] == 1
    result = check_path(out)
    assert errors(result) == []
    sec = result.report.sections["五"]
    assert sec.status == "standard"
    assert sec.paragraphs and sec.paragraphs[0].text.startswith(PLACEHOLDER_OPEN)
    # at its place: after 四's content, before 六
    order = sorted((s.heading_index, k) for k, s in result.report.sections.items())
    assert [k for _, k in order] == list("一二三四五六")
    # the placeholder is highlighted, and both paragraphs are tracked insertions
    body = document_xml(out).find(w("body"))
    ph = next(p for p in body.iter(w("p")) if visible_text(p).startswith(PLACEHOLDER_OPEN))
    assert ph.find(w("ins")).find(w("r")).find(w("rPr")).find(w("highlight")) is not None
    _assert_views(src, out)


def test_missing_last_section_goes_before_sectpr(tmp_path):
    src = build_docx(missing_section("002", "六"), tmp_path / "a.docx")
    out, _ = _corrected(src, tmp_path)
    result = check_path(out)
    assert errors(result) == []
    assert result.report.sections["六"].status == "standard"
    body = document_xml(out).find(w("body"))
    assert body[-1].tag == w("sectPr")
    assert visible_text(body[-2]).startswith(PLACEHOLDER_OPEN)
    _assert_views(src, out)


def test_nonstandard_headings_replaced_with_minimal_changes(tmp_path):
    src = build_docx(nonstandard_heading(), tmp_path / "a.docx")
    out, written = _corrected(src, tmp_path)
    assert written.changes["headings"] == 2
    result = check_path(out)
    assert result.report.sections["四"].status == "standard"
    assert result.report.sections["六"].status == "standard"
    assert not [f for f in result.findings if f.code == "W-title" and f.table is None]
    body = document_xml(out).find(w("body"))
    six = next(p for p in body.iter(w("p")) if visible_text(p) == "六、其他需要报告的事项")
    # "6、其他事项" → "六、其他需要报告的事项": the 6 replaced, 需要报告的 inserted, the rest kept
    kept = "".join(t.text for r in six.findall(w("r")) for t in r.findall(w("t")))
    assert "其他" in kept and "事项" in kept
    _assert_views(src, out)


def test_word_list_numbered_heading_keeps_its_numbering(tmp_path):
    spec = SEEDS["000"].copy()
    src = build_docx(spec, tmp_path / "a.docx", Layout(heading_numbering="word_list"))
    before = check_path(src)
    five = before.report.sections["五"]
    assert five.heading.number == "5、"
    out, written = _corrected(src, tmp_path)
    assert written.changes["headings"] == 1  # 一 reads 总体情况 already: only its numbering differs, and it stays
    after = check_path(out)
    assert errors(after) == []
    h = after.report.sections["五"].heading
    assert h.number == "5、" and h.text == "5、存在的主要问题及改进情况"
    # the numbering itself (w:numPr) is untouched
    p_before = document_xml(src).find(w("body")).findall(w("p"))
    p_after = document_xml(out).find(w("body")).findall(w("p"))
    num = lambda ps: [p.find(w("pPr")).find(w("numPr")) is not None for p in ps if p.find(w("pPr")) is not None]
    assert num(p_before) == num(p_after)
    _assert_views(src, out)


def test_inserted_heading_after_list_numbered_headings_suppresses_numbering(tmp_path):
    src = build_docx(missing_section("000", "六"), tmp_path / "a.docx", Layout(heading_numbering="word_list"))
    out, _ = _corrected(src, tmp_path)
    result = check_path(out)
    six = result.report.sections["六"]
    assert six.status == "standard" and six.heading.number == ""
    body = document_xml(out).find(w("body"))
    p = next(p for p in body.iter(w("p")) if visible_text(p) == "六、其他需要报告的事项")
    assert p.find(w("pPr")).find(w("numPr")).find(w("numId")).get(w("val")) == "0"
    _assert_views(src, out)


@pytest.mark.parametrize("seed", ["000", "002", "003", "004"])
@pytest.mark.parametrize("layout", ["official", "content_controls", "tracked_changes", "wps", "word_list",
                                    "undone_repeat", "split_blank_list", "all_in_one_tracked_sdt",
                                    "blocks_list_tracked", "messy_labels"])
def test_all_faults_in_many_layouts(seed, layout, tmp_path):
    from tests.fixtures import LAYOUT_VARIANTS

    lay = {**LAYOUT_VARIANTS, **LAYOUT_COMBINATIONS}[layout]
    src = build_docx(all_faults(seed), tmp_path / "a.docx", lay)
    codes = [f.code for f in errors(check_path(src))]
    assert "S1" in codes and "R5" in codes
    out, written = _corrected(src, tmp_path)
    assert written.changes["cells"] >= 2 and written.changes["sections"] >= 1
    assert errors(check_path(out)) == []
    _assert_views(src, out)
    _assert_other_members_identical(src, out)


# ----- the revisions themselves ----------------------------------------------------------------


def test_revisions_are_real_and_unique(tmp_path):
    src = build_docx(all_faults("003"), tmp_path / "a.docx", Layout(tracked_changes=True, content_controls=True))
    out, _ = _corrected(src, tmp_path)
    root = document_xml(out)
    ours = revisions(root)
    assert len(ours) >= 6
    for el in ours:
        assert el.get(w("author")) == "年报核查"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", el.get(w("date")))
    ids = [el.get(w("id")) for el in root.iter() if isinstance(el.tag, str) and el.get(w("id")) is not None
           and el.tag in (w("ins"), w("del"), w("rPrChange"), w("pPrChange"), w("moveFrom"), w("moveTo"))]
    assert len(ids) == len(set(ids))
    original_ids = {el.get(w("id")) for el in document_xml(src).iter() if isinstance(el.tag, str) and el.get(w("id"))}
    assert not {el.get(w("id")) for el in ours} & original_ids
    # deleted text is w:delText inside w:del, inserted text w:t inside w:ins
    for el in ours:
        if el.tag == w("del"):
            assert not list(el.iter(w("t"))) and list(el.iter(w("delText")))
        elif el.getparent().tag != w("rPr"):
            assert list(el.iter(w("t"))) and not list(el.iter(w("delText")))


def test_deleting_inside_another_authors_insertion(tmp_path):
    """A value that is itself an unaccepted insertion (tracked_changes layout: 三 new/total) is
    deleted inside that insertion, as Word does."""
    spec = SEEDS["003"].copy()
    spec.t3[("new", "total")] = "3099"  # new / total is one of the fixture's tracked cells
    src = build_docx(spec, tmp_path / "a.docx", Layout(tracked_changes=True))
    out, written = _corrected(src, tmp_path)
    assert written.changes["cells"] >= 1
    assert check_path(out).report.value("三", "new", "total") == 3091
    root = document_xml(out)
    nested = [d for d in revisions(root) if d.tag == w("del") and d.getparent().tag == w("ins")]
    assert nested and nested[0].getparent().get(w("author")) != AUTHOR
    _assert_views(src, out)


def test_manual_edits_are_written_and_only_they(seed_docx, tmp_path):
    src = seed_docx["003"]
    edits = {("三", "granted", "natural"): "350", ("三", "granted", "total"): "371"}
    out, written = _corrected(src, tmp_path, edits)
    assert written.changes["cells"] == 2
    result = check_path(out)
    assert result.report.value("三", "granted", "natural") == 350
    assert result.report.value("三", "granted", "total") == 371
    # the section heading is still inserted (structure fixes do not depend on the edits)
    assert written.changes["sections"] == 1
    # no edits at all: only the structure
    out2 = tmp_path / "none.docx"
    w2 = export_file(src, out2, "corrected", {})
    assert w2.changes["cells"] == 0


def test_edit_into_an_empty_cell_uses_the_rows_formatting(tmp_path):
    src = build_docx(SEEDS["003"], tmp_path / "a.docx", Layout(blank_zeros=""))
    result = check_path(src)
    blank = next(c for c in result.report.tables["三"].cells.values() if c.raw == "")
    out, written = _corrected(src, tmp_path, {blank.key: "0"})
    assert written.changes["cells"] == 1
    assert check_path(out).report.cell(*blank.key).raw == "0"
    root = document_xml(out)
    ins = next(i for i in revisions(root) if i.tag == w("ins") and visible_text(i) == "0")
    sz = ins.find(w("r")).find(w("rPr")).find(w("sz"))
    assert sz is not None and sz.get(w("val")) == "21"
    _assert_views(src, out)


def test_edit_of_a_cell_the_document_lacks_is_reported(seed_docx, tmp_path):
    out = tmp_path / "x.docx"
    written = export_file(seed_docx["004"], out, "corrected", {("三", "other_1", "natural"): "1"})
    assert written.changes["cells"] == 0
    assert written.notes and "没有对应的单元格" in written.notes[0]


def test_suggested_edits_rounds(tmp_path):
    src = build_docx(all_faults("003"), tmp_path / "a.docx")
    result = check_path(src)
    edits = suggested_edits(result)
    assert edits[("三", "granted", "natural")] == SEEDS["003"].t3[("granted", "natural")]
    assert edits[("四", "review", "total")] == "423"
    assert errors(result.recheck(edits)) == [f for f in errors(result.recheck(edits)) if f.code == "S1"]


# ----- an .xlsx input --------------------------------------------------------------------------


def test_corrected_xlsx_marks_changed_cells(tmp_path):
    import openpyxl

    spec = wrong_cell_三()
    spec.t4[("review", "total")] = "425"
    spec.t2[("fees", "amount")] = "22010.35"
    src = build_xlsx(spec, tmp_path / "t.xlsx")
    before = check_path(src)
    assert {f.code for f in before.findings} >= {"R-CELL", "R5", "W-decimals"}
    out, written = _corrected(src, tmp_path)
    assert out.suffix == ".xlsx" and written.changes["cells"] == 3
    after = check_path(out)
    assert errors(after) == [] and not [f for f in after.findings if f.code == "W-decimals"]
    wb = openpyxl.load_workbook(out)
    marked = {(ws.title, c.coordinate): c for ws in wb for row in ws.iter_rows() for c in row if c.comment}
    assert len(marked) == 3
    for c in marked.values():
        assert c.comment.author == AUTHOR and "原为" in c.comment.text
        assert c.fill.fgColor.rgb.endswith("FFF2CC")
    fee = next(c for c in marked.values() if "W-decimals" in c.comment.text)
    assert fee.number_format == "0.0000"


def test_corrected_xlsx_keeps_other_cells(tmp_path):
    import openpyxl

    src = build_xlsx(wrong_total_四(), tmp_path / "t.xlsx", formulas="none")
    out, _ = _corrected(src, tmp_path)
    a, b = openpyxl.load_workbook(src), openpyxl.load_workbook(out)
    changed = []
    for ws in a:
        for row in ws.iter_rows():
            for c in row:
                if b[ws.title][c.coordinate].value != c.value:
                    changed.append((ws.title, c.coordinate))
        assert a[ws.title].merged_cells.ranges == b[ws.title].merged_cells.ranges or \
            sorted(map(str, a[ws.title].merged_cells.ranges)) == sorted(map(str, b[ws.title].merged_cells.ranges))
    assert len(changed) == 1


def test_export_result_uses_the_given_result(seed_docx, tmp_path):
    result = check_path(seed_docx["003"])
    out = export_result(result, tmp_path / "r.docx")
    assert out == [tmp_path / "r.docx"] and errors(check_path(out[0])) == []


def test_window_style_call_with_a_rechecked_result(tmp_path):
    """The window hands in the result re-checked with the clerk's edits, and the same edits."""
    src = build_docx(wrong_cell_三(), tmp_path / "a.docx")
    first = check_path(src)
    edits = suggested_edits(first)
    shown = first.recheck(edits)
    assert errors(shown) == [f for f in errors(shown) if f.code == "S1"]
    written = export_result(shown, tmp_path / "out.docx", "corrected", edits)
    assert written.changes["cells"] == 1
    assert errors(check_path(written[0])) == []
    _assert_views(src, written[0])


def test_file_changed_after_the_check(tmp_path):
    """Positions come from the bytes that are copied: a paragraph and a table added at the top
    after the check do not send the value into the wrong cell."""
    src = build_docx(wrong_total_四(), tmp_path / "a.docx")
    result = check_path(src)
    edits = {("四", "review", "total"): "423"}
    spec = wrong_total_四()
    spec.preamble = ["（征求意见稿）"] + spec.preamble
    build_docx(spec, src, Layout(t2_as_blocks=True))  # four tables for 二: every table number shifts
    written = export_result(result, tmp_path / "out.docx", "corrected", edits)
    after = check_path(written[0])
    assert after.report.value("四", "review", "total") == 423
    assert errors(after) == [f for f in errors(after) if f.code == "S1"] == []
