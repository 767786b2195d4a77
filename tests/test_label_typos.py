"""Row labels and column headers written with a small typo (issue 12: `2.其他法律行政止公开`,
docs/FORMAT.md §5.1) are mapped to their row or column when nothing else is near, reported with
W-title (the label as written, the standard wording), and read the same from .docx, .xlsx, a portal
page and LibreOffice's PDF. Close calls are never guessed: a label as near to two rows, a short
label, a group or column word stay unmapped."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.check import check_path
from core.recognize.grid_views import RowView
from core.recognize.table3 import Table3
from core.recognize.typos import distance, typo_column, typo_row
from tests.engine_helpers import errors
from tests.fixtures.docx_builder import build_docx
from tests.fixtures.layouts import Layout
from tests.fixtures.pdf_fixtures import convert_to_pdf, soffice
from tests.fixtures.portal_fixtures import Portal, write_portal
from tests.fixtures.seeds import SEEDS
from tests.fixtures.xlsx_builder import build_xlsx
from tests.unit.grids import T3_HEADER, grid

# Typos of the kinds seen in published reports: characters missing, wrong (a homophone or a
# look-alike), added, full-width digits, spaces from justification.
TYPOS_3 = {
    "withheld_2": "2.其他法律行政止公开",  # 法规禁 missing (a real published label)
    "withheld_5": "5.属于三类内部事物信息",  # 物 for 务
    "withheld_4": "４．保护第三放 合法权益",  # 放 for 方, full-width number, a space
    "rejected_3": "3.要求提供公开出版勿",  # 勿 for 物
    "carried_in": "二、上年结装政府信息公开申请数量",  # 装 for 转
    "unable_1": "1.本机关不拿握相关政府信息",  # 拿 for 掌
}
TYPOS_2 = {"normative_docs": "行政规范姓文件"}  # 姓 for 性
STANDARD_3 = {
    "withheld_2": "2.其他法律行政法规禁止公开", "withheld_5": "5.属于三类内部事务信息", "withheld_4": "4.保护第三方合法权益",
    "rejected_3": "3.要求提供公开出版物", "carried_in": "二、上年结转政府信息公开申请数量",
    "unable_1": "1.本机关不掌握相关政府信息",
}

needs_lo = pytest.mark.skipif(soffice() is None, reason="LibreOffice not installed")


# ----- the matcher on its own ------------------------------------------------------------------


@pytest.mark.parametrize("key,text", sorted(TYPOS_3.items()))
def test_each_typo_stands_for_its_row(key, text):
    spec = typo_row("三", text)
    assert spec is not None and spec.key == key


def test_table2_typo():
    assert typo_row("二", "行政规范姓文件").key == "normative_docs"
    assert typo_row("二", "行政规范文件").key == "normative_docs"  # 性 missing


@pytest.mark.parametrize("table,text", [
    ("二", "行政处可"),  # one character from 行政处罚, two from 行政许可: not a guess
    ("二", "行政许诃"),  # one from 行政许可 but two from 行政处罚 and 行政强制: too close to call
    ("二", "规章制"),  # short labels are never guessed at
    ("三", "3.其它"),
    ("三", "其他处里"),  # without its number as near to 其他 as to （六）其他处理 (numbered: see test_group_labels.py)
    ("三", "（三）不子公开"),  # a group word with a typo is no row
    ("三", "申请人情况"),  # the header word itself
    ("三", "社会公益组织"),  # a column label
    ("三", "行政复议"),  # another table's label
    ("三", "2.其他法律规定不予公开的情形说明"),  # too far from every label
    ("二", "2.其他法律行政止公开"),  # a row of 三 is no row of 二
])
def test_close_calls_are_not_guessed(table, text):
    assert typo_row(table, text) is None


def test_distance_counts_edits_and_swaps():
    assert distance("行政法规禁止", "行政止", 5) == 3
    assert distance("内部事务", "内部事物", 5) == 1
    assert distance("政府信息", "信息政府", 5) == 4
    assert distance("公开出版", "公开版出", 5) == 1  # neighbours swapped
    assert distance("abcdefgh", "a", 2) == 3  # stops at the limit


def _t3_with(row):
    t3 = Table3()
    rows = [RowView(g, r, cells) for g in [grid(T3_HEADER + [row])] for r, cells in enumerate(g.rows)]
    for rv in rows[:3]:
        t3.header_row(rv, new=rv.r == 0)
    return t3, rows[3]


def test_table3_maps_a_typo_only_inside_the_table_and_its_group():
    values = ["3", "0", "0", "0", "0", "0", "3"]
    t3, rv = _t3_with(["三、本年度办理结果", "（三）不予公开", "2.其他法律行政止公开"] + values)
    assert t3.row(rv, "三")
    assert t3.data.cells[("withheld_2", "natural")].raw == "3"
    assert t3.data.row_labels["withheld_2"].text == "2.其他法律行政止公开"
    # outside table 三 (no header opened it) the same row is not taken
    t3, rv = _t3_with(["三、本年度办理结果", "（三）不予公开", "2.其他法律行政止公开"] + values)
    assert not t3.row(rv, None)
    # under another group's label the typo is not that group's row: not guessed
    t3, rv = _t3_with(["三、本年度办理结果", "（五）不予处理", "5.属于三类内部事物信息"] + values)
    assert not t3.row(rv, "三")
    # a label row without figures is not a data row
    t3, rv = _t3_with(["三、本年度办理结果", "（三）不予公开", "2.其他法律行政止公开"])
    assert not t3.row(rv, "三")


# ----- whole reports from several writers ------------------------------------------------------


def _typo_spec():
    spec = SEEDS["003"].copy()
    spec.stray_cells = []
    for key, text in TYPOS_3.items():
        spec.label_overrides[("三", "row", key)] = text
    for key, text in TYPOS_2.items():
        spec.label_overrides[("二", "row", key)] = text
    return spec


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("typos")
    spec = _typo_spec()
    clean = SEEDS["003"].copy()
    clean.stray_cells = []
    out = {
        "docx": build_docx(spec, folder / "typos.docx"),
        "clean_docx": build_docx(clean, folder / "clean.docx"),
        "xlsx": build_xlsx(spec, folder / "typos.xlsx"),
        "xlsx_one": build_xlsx(spec, folder / "typos_one.xlsx", sheets="one", merges=False),
        "html": write_portal(spec, folder / "typos.html"),
        "gbk": write_portal(spec, folder / "typos_gbk.html", portal=Portal(encoding="gbk")),
    }
    return out


def _assert_typos_mapped(result, with_text=True):
    spec = SEEDS["003"]
    report = result.report
    for key in TYPOS_3:
        for col in ("natural", "total"):
            assert report.value("三", key, col) == Decimal(spec.t3[(key, col)]), (key, col)
    for key in TYPOS_2:
        assert report.value("二", key, "issued") == Decimal(spec.t2[(key, "issued")])
    assert not [f for f in result.findings if f.code.startswith("T1")]
    titled = {f.actual: f for f in result.findings if f.code == "W-title" and f.table in ("二", "三")}
    for key, text in TYPOS_3.items():
        f = next(f for a, f in titled.items() if a.replace(" ", "") == text.replace(" ", ""))
        assert f.expected == STANDARD_3[key] and STANDARD_3[key] in f.message
    assert any(f.expected == "行政规范性文件" for f in titled.values())


@pytest.mark.parametrize("kind", ["docx", "xlsx", "xlsx_one", "html", "gbk"])
def test_typos_are_mapped_with_w_title(made, kind):
    result = check_path(made[kind])
    _assert_typos_mapped(result)


def test_typos_change_no_other_finding(made):
    """Apart from the W-title of each typo, the report reads as the same report without typos."""
    typos = check_path(made["docx"])
    clean = check_path(made["clean_docx"])

    def codes(r):
        return sorted((f.code, f.table or "", f.actual if f.code != "W-title" else "") for f in r.findings
                      if f.code != "W-title")

    assert codes(typos) == codes(clean)
    assert [f.code for f in errors(typos)] == [f.code for f in errors(clean)]
    assert typos.report.tables["三"].cells.keys() == clean.report.tables["三"].cells.keys()


@pytest.mark.parametrize("layout", [
    Layout(merges="undone_repeat"),  # merges undone, the group labels repeated in every row
    Layout(merges="undone_blank"),
    Layout(one_char_per_line=True),
    Layout(u3000_spaces=True, halfwidth_brackets=True, newline_labels=True),
    Layout(split_table3_at="withheld_4"),  # 三 split at a page break just before a typo row
    Layout(all_in_one=True),
], ids=["repeat", "blank", "one-char", "spaces", "split", "all-in-one"])
def test_typos_in_other_layouts(tmp_path, layout):
    _assert_typos_mapped(check_path(build_docx(_typo_spec(), tmp_path / "typos.docx", layout)))


@needs_lo
def test_typos_in_libreoffice_pdf(made, tmp_path):
    pdf = convert_to_pdf([made["docx"]], tmp_path)[made["docx"]]
    _assert_typos_mapped(check_path(pdf))


def test_ambiguous_label_is_left_unmapped(tmp_path):
    """行政处可 is as near to 行政处罚 as to 行政许可: neither row takes its figure; T1 names the missing row."""
    spec = SEEDS["003"].copy()
    spec.stray_cells = []
    spec.label_overrides[("二", "row", "penalty")] = "行政处可"
    result = check_path(build_docx(spec, tmp_path / "ambiguous.docx"))
    t1 = [f for f in result.findings if f.code == "T1-rows" and f.table == "二"]
    assert len(t1) == 1 and {c.row for c in t1[0].cells} == {"penalty"}
    assert result.report.value("二", "licensing", "decisions") == Decimal(SEEDS["003"].t2[("licensing", "decisions")])


# ----- column headers ------------------------------------------------------------------------

TYPO_COLS = {
    ("三", "public_interest"): ("社会公义组织", "社会公益组织"),
    ("三", "legal_service"): ("法律服物机构", "法律服务机构"),
    ("二", "in_force"): ("现行有效件树", "现行有效件数"),
    ("四", "pending"): ("尚末审结", "尚未审结"),
}


def test_column_typos_stand_for_their_column():
    for (table, key), (typo, _) in TYPO_COLS.items():
        spec = typo_column(table, typo)
        assert spec is not None and spec.key == key, typo
    assert typo_column("四", "结果维护") is None  # one from 结果维持, two from 结果纠正: too close
    assert typo_column("三", "法人或其他组织") is None  # the group word over five columns
    assert typo_column("三", "自然仁") is None  # three characters: never guessed


@pytest.mark.parametrize("kind", ["docx", "xlsx", "html"])
def test_column_typo_is_mapped_not_shifted(tmp_path, kind):
    """社会公义组织 under 法人或其他组织 once made the column read as 其他 (the group word's 其他 joined
    to it) and 其他's own figures were lost: now it is its own column, with W-title."""
    spec = SEEDS["003"].copy()
    spec.stray_cells = []
    for (table, key), (typo, _) in TYPO_COLS.items():
        spec.label_overrides[(table, "col", key)] = typo
    build = {"docx": build_docx, "xlsx": build_xlsx, "html": write_portal}[kind]
    result = check_path(build(spec, tmp_path / f"cols.{kind}"))
    assert not [f for f in result.findings if f.code.startswith("T1")]
    for (row, col), raw in SEEDS["003"].t3.items():
        assert result.report.value("三", row, col) == Decimal(raw), (row, col)
    for (row, col), raw in SEEDS["003"].t4.items():
        assert result.report.value("四", row, col) == Decimal(raw), (row, col)
    titled = {(f.table, f.actual): f.expected for f in result.findings if f.code == "W-title"}
    for (table, key), (typo, standard) in TYPO_COLS.items():
        assert titled.get((table, typo)) == standard, typo
