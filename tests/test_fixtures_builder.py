"""Tests of the fixture generator itself (tests/fixtures), without the project's core."""
from __future__ import annotations

import ast
import re
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import docx  # noqa: E402
import openpyxl  # noqa: E402
from lxml import etree  # noqa: E402

from tests.fixtures.docx_builder import (  # noqa: E402
    TRACKED_CELLS, TRACKED_PARAGRAPH_DELETION, build_docx, build_stats_table_docx, split_heading_number,
)
from tests.fixtures.layouts import LAYOUT_COMBINATIONS, LAYOUT_VARIANTS, Layout  # noqa: E402
from tests.fixtures.seeds import SEEDS, load_seed, seed_text  # noqa: E402
from tests.fixtures.spec import (  # noqa: E402
    FORMAT_2019, FORMAT_2021, SECTION_TITLES, T2_BLOCKS, T3_APPLICANT_COLS, T3_COLS, T4_COLS, T4_ROWS,
    standard_labels, t3_outcome_rows, t3_rows,
)
from tests.fixtures.xlsx_builder import build_xlsx  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TABLE_SEEDS = ["000", "002", "003", "004"]


# ----------------------------------------------------------------- helpers ---
def _w(tag):
    return f"{{{W}}}{tag}"


def doc_xml(path: Path):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


def accepted_text(el) -> str:
    """Text of an element as it reads with all revisions accepted: w:t outside
    w:del, w:br and paragraph ends as line feeds."""
    parts = []
    for node in el.iter(_w("t"), _w("br"), _w("p")):
        if any(a.tag == _w("del") for a in node.iterancestors()):
            continue
        if node.tag == _w("t"):
            parts.append(node.text or "")
        elif node.tag == _w("br") and node.get(_w("type")) != "page":
            parts.append("\n")
        elif node.tag == _w("p") and parts:
            parts.append("\n")
    return "".join(parts).strip("\n")


def resolve(tbl) -> list[list[str]]:
    """A w:tbl as a grid of texts: gridSpan repeated, vMerge filled from above."""
    ncols = len(tbl.findall("w:tblGrid/w:gridCol", NS))
    grid: list[list[str]] = []
    for tr in tbl.findall("w:tr", NS):
        row, pos = [""] * ncols, 0
        for tc in tr.findall("w:tc", NS):
            span_el = tc.find("w:tcPr/w:gridSpan", NS)
            span = int(span_el.get(_w("val"))) if span_el is not None else 1
            vm = tc.find("w:tcPr/w:vMerge", NS)
            text = accepted_text(tc)
            if vm is not None and vm.get(_w("val")) != "restart":
                text = grid[-1][pos]
            for k in range(span):
                row[pos + k] = text
            pos += span
        assert pos == ncols, f"row covers {pos} of {ncols} grid columns"
        grid.append(row)
    return grid


def body_tables(path: Path):
    return doc_xml(path).findall(".//w:body/w:tbl", NS)


def all_cells(tbl):
    return tbl.findall(".//w:tc", NS)


def reconcile_errors(spec) -> list[str]:
    """R1, R3, R4, R5 of docs/FORMAT.md §4 on a spec's tables."""
    n = lambda t, r, c: float(spec.table_cells(t)[(r, c)] or 0)
    errs = []
    for c in T3_COLS:
        if n("三", "new", c) + n("三", "carried_in", c) != n("三", "total", c) + n("三", "carried_out", c):
            errs.append(f"R1 {c}")
        if sum(n("三", r, c) for r in t3_outcome_rows(spec.format)) != n("三", "total", c):
            errs.append(f"R3 {c}")
    for r in t3_rows(spec.format):
        if sum(n("三", r, c) for c in T3_APPLICANT_COLS) != n("三", r, "total"):
            errs.append(f"R4 {r}")
    for r in T4_ROWS:
        if sum(n("四", r, c) for c in T4_COLS[:-1]) != n("四", r, "total"):
            errs.append(f"R5 {r}")
    return errs


# ------------------------------------------------------------------- seeds ---
def test_fixtures_do_not_import_core():
    for py in (ROOT / "tests" / "fixtures").glob("*.py"):
        tree = ast.parse(py.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            assert not any(n == "core" or n.startswith("core.") for n in names), py.name


@pytest.mark.parametrize("sid", TABLE_SEEDS)
def test_seed_tables_complete_and_reconcile(sid):
    spec = SEEDS[sid]
    assert set(spec.t3) == {(r, c) for r in t3_rows(spec.format) for c in T3_COLS}
    assert set(spec.t4) == {(r, c) for r in T4_ROWS for c in T4_COLS}
    for _b, _t, rows, cols in T2_BLOCKS[spec.format]:
        for r in rows:
            if r not in spec.t2_subrows:
                assert all((r, c) in spec.t2 for c in cols), (r, cols)
    assert reconcile_errors(spec) == []


def _expected_number_sequence(spec) -> list[str]:
    seq = []
    for _b, _t, rows, cols in T2_BLOCKS[spec.format]:
        for r in rows:
            if r in spec.t2_subrows:
                for _label, cells in spec.t2_subrows[r]:
                    seq += [cells[c] for c in cols]
            else:
                seq += [spec.t2[(r, c)] for c in cols]
    strays = {row: text for t, row, text in spec.stray_cells if t == "三"}
    for r in t3_rows(spec.format):
        if r in strays:
            seq.append(strays[r])
        seq += [spec.t3[(r, c)] for c in T3_COLS]
    seq += [spec.t4[(r, c)] for r in T4_ROWS for c in T4_COLS]
    return seq


def _seed_table_numbers(sid) -> list[str]:
    spec = SEEDS[sid]
    text = seed_text(sid)
    start = text.index("二、主动公开政府信息情况")
    five = next(s for s in spec.sections if s.key == "五").heading
    end = text.index(five, start)
    cells = re.split(r"[\t|\n]", text[start:end])
    return [c.strip() for c in cells if re.fullmatch(r"[+-]?\d+(\.\d+)?", c.strip())]


@pytest.mark.parametrize("sid", ["000", "003", "004"])
def test_seed_numbers_transcribed_in_order(sid):
    assert _seed_table_numbers(sid) == _expected_number_sequence(SEEDS[sid])


def test_seed_002_numbers_transcribed_except_lost_zeros():
    found = _seed_table_numbers("002")
    expected = _expected_number_sequence(SEEDS["002"])
    assert [x for x in found if x != "0"] == [x for x in expected if x != "0"]
    assert len(expected) - len(found) == 21          # rows of 三 that lost a 0 in the web copy


def test_seed_specifics():
    s0, s1, s2, s3, s4 = (SEEDS[k] for k in ("000", "001", "002", "003", "004"))
    assert [s.heading for s in s0.sections][0] == "1、 总体情况"
    assert s0.section("五").heading == "5、 存在的问题及改进情况"
    assert "（1） 组织领导情况" in s0.section("一").paragraphs
    assert s0.stray_cells == [("三", "unable_3", "0")]
    assert s1.format == "pre-2019" and all(s.key is None for s in s1.sections)
    stats = {label: v for label, _u, v in s1.stats}
    assert stats["(三)申请答复数"] == "205" and stats["五、行政诉讼数量"] == "15"
    assert stats["(三)从事政府信息公开工作人员数"] == "156"
    assert s1.stats[-1] == ("(三)接受培训人员数", "人次", "3394")
    for label, _u, value in s1.stats:                # every row is in the seed as label+unit+value
        assert label + _u + value in seed_text("001")
    assert s2.labels()[("二", "col", "repealed")] == "本年废件数"
    assert s2.labels()[("三", "row", "withheld_2")] == "2.其他法律法规禁止公开"
    assert s3.title == "北京市海淀区人民政府2024年政府信息公开工作年度报告"
    assert s3.section("三").heading is None and s3.section("三").table == "三"
    assert s4.title_lines == ["北京市大兴区人民政府", "2020年政府信息公开工作年度报告"]
    assert [lab for lab, _ in s4.t2_subrows["other_services"]] == ["行政检查", "行政确认"]
    chrome = ("点击显示或隐藏左侧导航", "扫一扫", "相关解读:", "图解:", ".png", "bookmark")
    for spec in SEEDS.values():
        text = "\n".join(spec.title_lines + spec.preamble + [p for s in spec.sections for p in s.paragraphs])
        assert not any(c in text for c in chrome)


def test_standard_labels():
    L = standard_labels(FORMAT_2021)
    assert L[("三", "row", "withheld_3")] == "3.危及“三安全一稳定”"
    assert L[("三", "group", "other")] == "（六）其他处理"
    assert L[("二", "col", "repealed")] == "本年废止件数"
    L19 = standard_labels(FORMAT_2019)
    assert L19[("三", "row", "other")] == "（六）其他处理"
    assert ("三", "row", "other_1") not in L19
    assert L19[("二", "col", "total_public")] == "对外公开总数量"


# ------------------------------------------------------------- docx builds ---
ALL_LAYOUTS = {**LAYOUT_VARIANTS, **LAYOUT_COMBINATIONS}


@pytest.mark.parametrize("sid", sorted(SEEDS))
def test_every_seed_builds_in_every_layout(sid, tmp_path):
    layouts = ALL_LAYOUTS if sid in ("000", "004") else LAYOUT_VARIANTS    # combinations on two seeds
    for name, layout in layouts.items():
        p = build_docx(SEEDS[sid], tmp_path / f"{name}.docx", layout)
        d = docx.Document(str(p))
        assert d.tables, name
        for tbl in body_tables(p):
            resolve(tbl)                     # every row covers the grid exactly


def _table_with(path, text):
    for tbl in body_tables(path):
        if any(text in accepted_text(tc) for tc in all_cells(tbl)):
            return tbl
    raise AssertionError(f"no table contains {text!r}")


def _gridspans(tbl):
    return [int(e.get(_w("val"))) for e in tbl.findall(".//w:tcPr/w:gridSpan", NS)]


def _vmerge_restarts(tbl):
    return [e for e in tbl.findall(".//w:tcPr/w:vMerge", NS) if e.get(_w("val")) == "restart"]


@pytest.mark.parametrize("sid", TABLE_SEEDS)
def test_official_layout_structure(sid, tmp_path):
    spec = SEEDS[sid]
    p = build_docx(spec, tmp_path / "o.docx", Layout(stray=False))
    tables = body_tables(p)
    assert len(tables) == 3
    t2, t3, t4 = tables
    # 三: 3 label columns + 7 data columns
    assert len(t3.findall("w:tblGrid/w:gridCol", NS)) == 10
    spans = _gridspans(t3)
    assert spans.count(7) == 1 and spans.count(5) == 1          # 申请人情况, 法人或其他组织
    assert spans.count(3) == 3 + 3                               # note × 3 rows, 一 二 四 labels
    restarts = _vmerge_restarts(t3)
    assert len(restarts) == 3 + 1 + (4 if spec.format == FORMAT_2021 else 3)
    first = t3.find("w:tr/w:tc", NS)
    assert first.find("w:tcPr/w:gridSpan", NS).get(_w("val")) == "3"
    assert first.find("w:tcPr/w:vMerge", NS).get(_w("val")) == "restart"
    # 四: 15 columns, 5 + 10, five 2-row headers
    assert len(t4.findall("w:tblGrid/w:gridCol", NS)) == 15
    assert sorted(_gridspans(t4)) == [5, 5, 5, 10]
    assert len(_vmerge_restarts(t4)) == 5
    # 二: block titles span the table
    ncols2 = len(t2.findall("w:tblGrid/w:gridCol", NS))
    assert ncols2 == (5 if spec.t2_subrows else 4)
    assert _gridspans(t2).count(ncols2) == len(T2_BLOCKS[spec.format])


def _check_values(grid: list[list[str]], spec, data_col0: int = 3):
    L = spec.labels()
    for r in t3_rows(spec.format):
        label = L[("三", "row", r)]
        rows = [row for row in grid if label in row[:3]]
        assert len(rows) == 1, (r, label)
        assert rows[0][data_col0:data_col0 + 7] == [spec.t3[(r, c)] for c in T3_COLS]


@pytest.mark.parametrize("merges", ["official", "undone_repeat", "undone_blank"])
@pytest.mark.parametrize("sid", ["003", "004"])
def test_resolved_table3_holds_the_spec_values(sid, merges, tmp_path):
    spec = SEEDS[sid]
    p = build_docx(spec, tmp_path / "m.docx", Layout(merges=merges))
    grid = resolve(_table_with(p, "申请人情况"))
    assert len(grid[0]) == 10
    _check_values(grid, spec)
    L = spec.labels()
    w3 = next(row for row in grid if row[2] == L[("三", "row", "withheld_3")])
    if merges == "undone_blank":
        assert w3[:2] == ["", ""]
        assert not body_tables(p)[1].findall(".//w:gridSpan", NS)
    else:
        assert w3[:2] == ["三、本年度办理结果", "（三）不予公开"]
    t4 = resolve(_table_with(p, "未经复议直接起诉"))
    assert t4[-1] == [spec.t4[(r, c)] for r in T4_ROWS for c in T4_COLS]


def test_stray_cell_breaks_the_vertical_merge(tmp_path):
    spec = SEEDS["000"]
    p = build_docx(spec, tmp_path / "s.docx")
    grid = resolve(_table_with(p, "申请人情况"))
    row = next(r for r in grid if r[2] == "3.补正后申请内容仍不明确")
    assert row[0] == "0"
    nxt = grid[grid.index(row) + 1]
    assert nxt[0] == ""                                # merge restarts empty below the stray
    assert len(_vmerge_restarts(_table_with(p, "申请人情况"))) == 3 + 1 + 4 + 1
    p2 = build_docx(spec, tmp_path / "n.docx", Layout(stray=False))
    row2 = next(r for r in resolve(_table_with(p2, "申请人情况")) if r[2] == "3.补正后申请内容仍不明确")
    assert row2[0] == "三、本年度办理结果"


def test_tracked_changes_accepted_view_has_spec_values(tmp_path):
    spec = SEEDS["003"]
    p = build_docx(spec, tmp_path / "t.docx", Layout(tracked_changes=True))
    root = doc_xml(p)
    ins = root.findall(".//w:ins", NS)
    dels = root.findall(".//w:del", NS)
    assert ins and dels and all(e.get(_w("author")) == "张三" for e in ins + dels)
    grid = resolve(_table_with(p, "申请人情况"))
    _check_values(grid, spec)
    t4 = resolve(_table_with(p, "未经复议直接起诉"))
    assert t4[-1] == [spec.t4[(r, c)] for r in T4_ROWS for c in T4_COLS]
    # the deleted old values differ from the accepted ones
    for d in dels:
        old = "".join(t.text for t in d.iter(_w("delText")))
        if old != TRACKED_PARAGRAPH_DELETION:
            nxt = d.getnext()
            assert nxt.tag == _w("ins") and accepted_text(nxt) != old
    assert len(dels) >= len([k for k in TRACKED_CELLS if k[0] in "三四"])
    body_text = [accepted_text(x) for x in root.findall("w:body/w:p", NS)]
    assert spec.section("一").paragraphs[1] in body_text
    assert not any(TRACKED_PARAGRAPH_DELETION in t for t in body_text)


@pytest.mark.parametrize("sid", ["000", "003", "004"])
def test_word_list_numbering(sid, tmp_path):
    spec = SEEDS[sid]
    p = build_docx(spec, tmp_path / "l.docx", Layout(heading_numbering="word_list"))
    d = docx.Document(str(p))
    headings = [s.heading for s in spec.sections if s.heading]
    rests = {split_heading_number(h)[3] for h in headings}
    found = [para for para in d.paragraphs if para.text in rests]
    assert len(found) == len(headings)
    for para in found:
        assert para._p.find("w:pPr/w:numPr", NS) is not None
        assert not re.match(r"^([一二三四五六]|\d)、", para.text)
    with zipfile.ZipFile(p) as z:
        numbering = etree.fromstring(z.read("word/numbering.xml"))
    fmts = {(a.find("w:lvl/w:numFmt", NS).get(_w("val")), a.find("w:lvl/w:lvlText", NS).get(_w("val")))
            for a in numbering.findall("w:abstractNum", NS)}
    assert ("chineseCounting", "%1、") in fmts
    if sid == "000":
        assert ("decimal", "%1、") in fmts
    if sid == "003":                              # 三 absent: 四 must still be numbered 四
        starts = [int(e.get(_w("val"))) for e in numbering.findall(".//w:startOverride", NS)]
        assert 4 in starts


def test_content_controls(tmp_path):
    spec = SEEDS["000"]
    p = build_docx(spec, tmp_path / "c.docx", Layout(content_controls=True))
    root = doc_xml(p)
    assert root.findall("w:body/w:sdt", NS)                      # block-level around paragraphs
    assert root.findall(".//w:tc//w:p/w:sdt", NS)                # run-level inside cells
    assert root.findall(".//w:tc/w:sdt", NS)                     # block-level inside cells
    d = docx.Document(str(p))
    assert spec.title not in [x.text for x in d.paragraphs]      # hidden from naive readers
    assert spec.title in accepted_text(root.find("w:body/w:sdt", NS))
    grid = resolve(_table_with(p, "申请人情况"))
    assert next(r for r in grid if r[0] == "一、本年新收政府信息公开申请数量")[3:] == \
        [spec.t3[("new", c)] for c in T3_COLS]


def test_wps_package(tmp_path):
    p = build_docx(SEEDS["002"], tmp_path / "w.docx", Layout(wps=True))
    with zipfile.ZipFile(p) as z:
        app = z.read("docProps/app.xml").decode()
        doc = z.read("word/document.xml").decode()
        styles = z.read("word/styles.xml").decode()
        assert "docProps/custom.xml" in z.namelist()
        assert "KSOProductBuildVer" in z.read("docProps/custom.xml").decode()
    assert re.search(r"<Application>WPS Office", app)
    assert "xmlns:wpsCustomData=" in doc
    assert "仿宋_GB2312" in styles and "方正小标宋简体" in doc
    tbl = body_tables(p)[0]
    assert tbl.findall("w:tblGrid/w:gridCol", NS)
    assert all(e.get(_w("type")) == "dxa" for e in tbl.findall(".//w:tcW", NS))
    docx.Document(str(p))


@pytest.mark.parametrize("repeat", [False, True])
def test_split_table3(repeat, tmp_path):
    spec = SEEDS["003"]
    p = build_docx(spec, tmp_path / "s.docx", Layout(split_table3_at="withheld_5", split_repeat_header=repeat))
    root = doc_xml(p)
    tables = root.findall("w:body/w:tbl", NS)
    assert len(tables) == 4
    second = tables[2]
    assert second.getprevious().find(".//w:br[@w:type='page']", NS) is not None
    grid = resolve(second)
    assert ("申请人情况" in grid[0]) == repeat
    labels = [r[2] for r in grid]
    assert "5.属于三类内部事务信息" in labels and "4.保护第三方合法权益" not in labels
    first = resolve(tables[1])
    assert [r[2] for r in first][-1] == "4.保护第三方合法权益"


@pytest.mark.parametrize("sid", ["000", "004"])
def test_all_in_one(sid, tmp_path):
    spec = SEEDS[sid]
    for pad in ("empty", "span"):
        p = build_docx(spec, tmp_path / f"a{pad}.docx", Layout(all_in_one=True, all_in_one_pad=pad))
        tables = body_tables(p)
        assert len(tables) == 1
        grid = resolve(tables[0])
        flat = {c for row in grid for c in row}
        assert {"第二十条第（一）项", "申请人情况", "未经复议直接起诉", SECTION_TITLES["四"]} <= flat
        assert len(grid[0]) == 15


def test_t2_as_blocks(tmp_path):
    for sid in ("000", "004"):
        spec = SEEDS[sid]
        p = build_docx(spec, tmp_path / f"b{sid}.docx", Layout(t2_as_blocks=True))
        assert len(body_tables(p)) == len(T2_BLOCKS[spec.format]) + 2


def _data_texts(path):
    tbl = _table_with(path, "申请人情况")
    return [row[3:] for row in resolve(tbl)[3:]]


def test_number_spellings(tmp_path):
    spec = SEEDS["003"]
    fw = _data_texts(build_docx(spec, tmp_path / "f.docx", Layout(fullwidth_digits=True)))
    assert fw[0] == ["３０１４", "４２", "１", "６", "１", "２７", "３０９１"]
    th = _data_texts(build_docx(spec, tmp_path / "t.docx", Layout(thousands=True)))
    assert th[0][0] == "3,014" and th[0][-1] == "3,091" and th[0][1] == "42"
    for blank in ("", "—", "/", "无"):
        b = _data_texts(build_docx(spec, tmp_path / "b.docx", Layout(blank_zeros=blank)))
        assert "0" not in {c for row in b for c in row}
        assert b[1] == ["423", "2", blank, blank, blank, blank, "425"]
    both = _data_texts(build_docx(spec, tmp_path / "x.docx", Layout(thousands=True, fullwidth_digits=True)))
    assert both[0][0] == "３,０１４"


def test_label_spellings(tmp_path):
    spec = SEEDS["000"]

    def cells(layout):
        p = build_docx(spec, tmp_path / "l.docx", layout)
        return [accepted_text(tc) for tbl in body_tables(p) for tc in all_cells(tbl)]

    hw = cells(Layout(halfwidth_brackets=True))
    assert "(一)予以公开" in hw or "(二)部分公开(区分处理的，只计这一情形，不计其他情形)" in hw
    assert any('"三安全一稳定"' in c for c in hw) or any("“三安全一稳定”" in c for c in hw)
    assert any("(" in c for c in hw) and any("（" in c for c in hw)      # mixed
    sp = cells(Layout(u3000_spaces=True))
    assert "总\u3000计" in sp and "1. 属于国家秘密" in sp
    nl = cells(Layout(newline_labels=True))
    assert "（三）不予\n公开" in nl and "社会公益\n组织" in nl
    oc = cells(Layout(one_char_per_line=True))
    assert "结\n果\n维\n持" in oc and "自\n然\n人" in oc
    p = build_docx(spec, tmp_path / "o.docx", Layout(one_char_per_line=True))
    tc_para = [tc for tc in all_cells(body_tables(p)[2]) if len(tc.findall("w:p", NS)) > 1]
    tc_br = [tc for tc in all_cells(body_tables(p)[2]) if tc.findall(".//w:br", NS)]
    assert tc_para and tc_br                                         # both spellings occur


def test_bold_headings_and_pre2019(tmp_path):
    p = build_docx(SEEDS["001"], tmp_path / "p.docx", Layout(heading_style="bold"))
    d = docx.Document(str(p))
    assert len(d.tables) == 1
    grid = resolve(body_tables(p)[0])
    assert grid[0] == ["统计指标", "单位", "统计数"]
    assert grid[1:] == [list(r) for r in SEEDS["001"].stats]
    heads = [x for x in d.paragraphs if x.text == "一、重点工作情况"]
    assert heads and heads[0].runs[0].bold and heads[0].style.name == "Normal"
    p2 = build_stats_table_docx(SEEDS["001"], tmp_path / "st.docx")
    assert len(docx.Document(str(p2)).tables) == 1


# ------------------------------------------------------------- xlsx builds ---
def _formula_cells(path: Path):
    out = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                root = etree.fromstring(z.read(name))
                for c in root.iter("{*}c"):
                    f = c.find("{*}f")
                    if f is not None:
                        v = c.find("{*}v")
                        out.append((c.get("r"), f.text, v.text if v is not None else None))
    return out


@pytest.mark.parametrize("sid", sorted(SEEDS))
def test_xlsx_builds(sid, tmp_path):
    spec = SEEDS[sid]
    for sheets in ("one", "three"):
        for merges in (True, False):
            p = build_xlsx(spec, tmp_path / f"{sheets}{merges}.xlsx", sheets=sheets, merges=merges)
            wb = openpyxl.load_workbook(p)
            n_expected = 1 if sheets == "one" or spec.format == "pre-2019" else 3
            assert len(wb.worksheets) == n_expected
            n_merged = sum(len(ws.merged_cells.ranges) for ws in wb.worksheets)
            assert (n_merged > 0) == merges
            assert not _formula_cells(p)


@pytest.mark.parametrize("sid", TABLE_SEEDS)
def test_xlsx_formulas(sid, tmp_path):
    spec = SEEDS[sid]
    cached = build_xlsx(spec, tmp_path / "c.xlsx", formulas="cached")
    cells = _formula_cells(cached)
    assert len(cells) == len(t3_rows(spec.format)) + 6 + 3
    assert all(f.startswith("SUM(") and v not in (None, "") for _r, f, v in cells)
    wb = openpyxl.load_workbook(cached, data_only=True)
    ws3 = wb["表三 依申请"]
    values = [[c for c in row] for row in ws3.iter_rows(values_only=True)]
    total_row = next(r for r in values if r[1] == "（七）总计")
    assert [str(x) for x in total_row[3:]] == [spec.t3[("total", c)] for c in T3_COLS]
    ws4 = wb["表四 复议诉讼"]
    last = [str(x) for x in list(ws4.iter_rows(values_only=True))[-1]]
    assert last == [spec.t4[(r, c)] for r in T4_ROWS for c in T4_COLS]
    with zipfile.ZipFile(cached) as z:
        assert "fullCalcOnLoad" not in z.read("xl/workbook.xml").decode()
    uncached = build_xlsx(spec, tmp_path / "u.xlsx", sheets="one", formulas="uncached")
    cells = _formula_cells(uncached)
    assert cells and all(not v for _r, _f, v in cells)
    ws = openpyxl.load_workbook(uncached, data_only=True).worksheets[0]
    assert any(ws[r].value is None for r, _f, _v in cells)


def test_xlsx_cached_values_are_computed_not_copied(tmp_path):
    spec = load_seed("003")
    spec.t3[("granted", "commercial")] = "15"                    # total cell still says 374
    p = build_xlsx(spec, tmp_path / "f.xlsx", formulas="cached")
    ws = openpyxl.load_workbook(p, data_only=True)["表三 依申请"]
    row = next(r for r in ws.iter_rows(values_only=True) if r[1] == "（一）予以公开")
    assert row[-1] == 375


# ----------------------------------------------------------------- samples ---
def test_make_samples(tmp_path):
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import make_samples
    finally:
        sys.path.remove(str(ROOT / "tools"))
    clean, faulty = make_samples.clean_spec(), make_samples.faulty_spec()
    assert [s.heading for s in clean.sections] == list(SECTION_TITLES.values())
    assert reconcile_errors(clean) == [] and clean.stray_cells == []
    assert sorted(reconcile_errors(faulty)) == ["R3 commercial", "R4 granted", "R5 review"]
    assert faulty.section("五") is None and faulty.section("三").heading is None
    paths = make_samples.main(tmp_path)
    assert [p.name for p in paths] == ["示例报告-规范.docx", "示例报告-有错误.docx", "示例报告-表格.xlsx"]
    docx.Document(str(paths[0]))
    openpyxl.load_workbook(paths[2])


def test_hostile_cell_text_still_builds(tmp_path):
    """Any text can be put in a cell; characters XML cannot hold are dropped."""
    spec = load_seed("003")
    spec.t3[("new", "natural")] = "3\x00\x0b0\ufffe14"
    spec.t4[("review", "total")] = "9" * 40
    spec.t3[("granted", "natural")] = "NaN"
    spec.label_overrides[("三", "row", "partial")] = "\x01坏\n标签"
    for layout in (Layout(), Layout(tracked_changes=True, one_char_per_line=True, merges="undone_repeat")):
        p = build_docx(spec, tmp_path / "h.docx", layout)
        grid = resolve(_table_with(p, "一、本年新收政府信息公开申请数量"))
        assert grid[3][3] == "3014"
    for merges in (True, False):
        x = build_xlsx(spec, tmp_path / "h.xlsx", formulas="cached", merges=merges)
        ws = openpyxl.load_workbook(x)["表三 依申请"]
        assert ws["D5"].value == 3014
