"""Published reports as portal pages: each seed inside a government site's page (chrome before and
after, 来源/时间 line, UTF-8 or GBK, nested layout tables, rowspan/colspan, cells of nested
<p><span> with &nbsp;, headers with <br/> between characters, 三、本年度办理结果 written twice, the
title only in <title>, Word's "另存为网页", an .mht) gives the same findings and values as the
seed's .docx; every data cell of 三 and 四 changed by one is an error naming that cell."""

from pathlib import Path

import pytest

from core.check import check_document, check_path
from core.formats import FORMATS
from core.readers.html import read_html, read_mht
from tests.engine_helpers import errors, signature, standard_spec
from tests.fixtures.docx_builder import build_docx
from tests.fixtures.layouts import Layout
from tests.fixtures.portal_fixtures import CHROME_BEFORE, Portal, encode_page, portal_page, write_mht, write_portal
from tests.fixtures.seeds import SEEDS

PORTALS = {
    "utf8": Portal(),
    "gbk_layout_tables": Portal(encoding="gbk", layout_tables=True),
    "gbk_undeclared": Portal(encoding="gbk", declare=False),
    "title_only_in_title_tag": Portal(title_in="title_only"),
    "title_div_meta_table": Portal(title_in="div", meta_table=True, source_line=False),
    "outcomes_twice": Portal(split_outcomes_at="withheld_5"),
    "word_save_as_web": Portal(mso=True, encoding="gbk"),
}
LAYOUTS = {"official": Layout(), "one_char_per_line": Layout(one_char_per_line=True)}


def check_html(path: Path):
    return check_document(read_html(path, path.read_bytes()), path)


def same_as_docx(page, docx):
    assert page.report.format_key == docx.report.format_key
    assert page.report.year == docx.report.year
    assert page.report.agency == docx.report.agency
    assert signature(page) == signature(docx)
    assert set(page.report.tables) == set(docx.report.tables)
    for t, data in docx.report.tables.items():
        mine = {k: c.number.effective for k, c in data.cells.items()}
        assert {k: c.number.effective for k, c in page.report.tables[t].cells.items()} == mine, t
    for f in page.findings:  # nothing points at the page around the report
        for pos in f.positions:
            assert pos.kind == "html"
        if f.paragraph is not None:
            assert not page.document.blocks[f.paragraph].outside


@pytest.fixture(scope="module")
def docx_results(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docx")
    return {(key, lay): check_path(build_docx(spec, folder / f"{key}_{lay}.docx", LAYOUTS[lay]))
            for key, spec in SEEDS.items() for lay in LAYOUTS}


@pytest.mark.parametrize("portal", list(PORTALS))
@pytest.mark.parametrize("key", list(SEEDS))
def test_portal_page_same_as_docx(tmp_path, docx_results, key, portal):
    lay = "one_char_per_line" if portal in ("utf8", "gbk_layout_tables") else "official"
    path = write_portal(SEEDS[key], tmp_path / f"{key}.html", LAYOUTS[lay], PORTALS[portal])
    page = check_html(path)
    same_as_docx(page, docx_results[(key, lay)])
    # the chrome is kept, marked outside the report, and said so once
    chrome = [b for b in page.document.paragraphs if b.text in CHROME_BEFORE[5:17]]
    assert chrome and all(b.outside for b in chrome)
    footer = [b for b in page.document.paragraphs if "ICP" in b.text or "打印本页" in b.text]
    assert footer and all(b.outside for b in footer)
    assert [f.code for f in page.findings].count("I-outside") == 1


def test_headers_with_br_between_characters(tmp_path):
    path = write_portal(SEEDS["004"], tmp_path / "r.html", Layout(one_char_per_line=True), Portal())
    raw = path.read_text(encoding="utf-8")
    assert "结</span><br/><span" in raw  # 结<br/>果<br/>维<br/>持 in the page
    page = check_html(path)
    assert page.report.tables["四"].col_labels["upheld"].text.replace("\n", "") == "结果维持"


def test_source_line_gives_the_agency_when_the_title_lacks_it(tmp_path, docx_results):
    spec = SEEDS["003"].copy()
    spec.title_lines = ["2024年政府信息公开工作年度报告"]
    path = write_portal(spec, tmp_path / "r.html", portal=Portal(source_agency="北京市海淀区人民政府办公室"))
    page = check_html(path)
    assert page.report.year == 2024 and page.report.agency == "北京市海淀区人民政府办公室"
    assert "W-agency" not in [f.code for f in page.findings]
    # and in the page's metadata table (发布机构) when there is no 来源 line
    path = write_portal(spec, tmp_path / "m.html", portal=Portal(source_line=False, meta_table=True,
                                                                  source_agency="北京市海淀区人民政府办公室"))
    assert check_html(path).report.agency == "北京市海淀区人民政府办公室"


def test_mht_same_as_docx(tmp_path, docx_results):
    for key in ("000", "004"):
        page = portal_page(SEEDS[key], portal=Portal(encoding="gbk", mso=True))
        m = write_mht(encode_page(page, Portal(encoding="gbk")), tmp_path / f"{key}.mht", "gb2312")
        result = check_document(read_mht(m, m.read_bytes()), m)
        same_as_docx(result, docx_results[(key, "official")])


def _mutated(raw: str, i: int) -> str:
    v = int(raw)
    return str(v + 1) if (i % 2 == 0 or v == 0) else str(v - 1)


@pytest.mark.parametrize("key,fmt,portal", [("003", "2021", Portal(encoding="gbk", layout_tables=True)),
                                            ("004", "2019", Portal(split_outcomes_at="unable_1"))])
def test_every_cell_of_tables_3_and_4_through_a_web_page(tmp_path, key, fmt, portal):
    spec = standard_spec(key)
    base = check_document(read_html(tmp_path / "b.html", encode_page(portal_page(spec, portal=portal), portal)))
    assert errors(base) == []
    cells = [(t, r, c) for t in ("三", "四") for (r, c) in FORMATS[fmt].table(t).cells]
    assert len(cells) == (175 if fmt == "2021" else 161) + 15
    misses = []
    for i, (t, r, c) in enumerate(cells):
        s = spec.copy()
        table = s.t3 if t == "三" else s.t4
        table[(r, c)] = _mutated(table[(r, c)], i)
        data = encode_page(portal_page(s, portal=portal), portal)
        result = check_document(read_html(tmp_path / f"m{i}.html", data))
        named = [f for f in errors(result) if (t, r, c) in [(x.table, x.row, x.col) for x in f.cells]]
        if not named or not any("网页第" in f.message or any(p.kind == "html" for p in f.positions) for f in named):
            misses.append((t, r, c, [f.message for f in errors(result)]))
    assert misses == []


def test_standard_export_of_a_page_leaves_the_chrome_out(tmp_path):
    import docx

    from core.export import export_result

    path = write_portal(SEEDS["000"], tmp_path / "r.html", portal=Portal(encoding="gbk", layout_tables=True))
    result = check_html(path)
    out = export_result(result, tmp_path / "std.docx", "standard")
    text = "\n".join(p.text for p in docx.Document(str(out[0])).paragraphs)
    assert "依据《中华人民共和国政府信息公开条例》" in text and "六、其他需要报告的事项" in text
    for chrome in ("当前位置", "来源：", "ICP", "【打印本页】", "相关链接", "版权所有"):
        assert chrome not in text, chrome
    assert path.read_bytes() == encode_page(portal_page(SEEDS["000"], portal=Portal(encoding="gbk", layout_tables=True)),
                                            Portal(encoding="gbk"))  # the page itself untouched


def test_corrected_export_of_a_page(tmp_path):
    """The corrected copy of a published page: the standard .docx, the fix as a tracked change,
    nothing of the page around the report."""
    import docx

    from core.export import export_result

    spec = standard_spec("003")
    spec.t3[("new", "natural")] = str(int(spec.t3[("new", "natural")]) + 1)
    path = write_portal(spec, tmp_path / "r.html", portal=Portal(encoding="gbk"))
    result = check_html(path)
    assert [f.code for f in errors(result)] == ["R-CELL"]
    out = export_result(result, tmp_path / "fixed.docx", "corrected")
    d = docx.Document(str(out[0]))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "w:ins" in d.element.xml and "当前位置" not in text and "ICP" not in text
