"""Group labels of table 三 are first-class labels (docs/FORMAT.md §3, §5.1): the groups over rows
(三、本年度办理结果, （三）不予公开 … （六）其他处理) and over columns (申请人情况, 法人或其他组织).

Written with a small typo (``（三）不子公开``, ``法人或其他组识``) a group label is placed by the same
matcher as row labels — the leading number counting as part of the wording —, gives the rows under
it their group (a bare 其他 under a misspelt （六）其他处理 is still 3.其他), and is reported once
with W-title: the cell, what it says, the standard wording. A correct report gets no new finding.
Reports are written by the docx and xlsx builders, as a portal page, and converted by LibreOffice."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.check import check_path
from core.findings import phrase
from core.recognize.grid_views import RowView
from core.recognize.table3 import Table3
from core.recognize.typos import number, typo_group, typo_row
from tests.fixtures.docx_builder import build_docx
from tests.fixtures.layouts import Layout
from tests.fixtures.pdf_fixtures import convert_to_pdf, soffice
from tests.fixtures.portal_fixtures import write_portal
from tests.fixtures.seeds import SEEDS
from tests.fixtures.xlsx_builder import build_xlsx
from tests.unit.grids import T3_HEADER, grid

needs_lo = pytest.mark.skipif(soffice() is None, reason="LibreOffice not installed")

# (label kind, key) → (as written, the standard wording); the standard wordings are written out
# here, not read from core.formats.
GROUP_TYPOS = {
    ("group", "withheld"): ("（三）不子公开", "（三）不予公开"),  # 子 for 予 (look-alike)
    ("group", "unable"): ("（四）无法提拱", "（四）无法提供"),  # 拱 for 供
    ("group", "other"): ("（六）其他处里", "（六）其他处理"),  # 里 for 理 (homophone)
    ("header", "orgs"): ("法人或其他组识", "法人或其他组织"),  # 识 for 织: its 其他 once made it the column 其他
}
BARE_OTHER = "其他"  # 3.其他 written without its number, under （六）其他处理


# ----- the matcher ---------------------------------------------------------------------------


@pytest.mark.parametrize("text,key", [
    ("（三）不子公开", "withheld"),
    ("(三)不予公 开", "withheld"),  # the standard wording with other brackets and a space
    ("（四）无法提拱", "unable"),
    ("（五）不予处里", "rejected"),
    ("（六）其他处里", "other"),
    ("（六）其它处理", "other"),
    ("三、本年度办里结果", "outcomes"),
    ("法人或其他组识", "orgs"),
    ("申请人清况", "applicants"),
])
def test_group_typo_stands_for_its_group(text, key):
    spec = typo_group("三", text)
    assert spec is not None and spec.key == key


@pytest.mark.parametrize("text", [
    "不子公开",  # without its number as near to 予以公开 as to 不予公开
    "（二）不予公开",  # misnumbered: as near to （二）部分公开 as to （三）不予公开
    "（三）不予处理",  # one edit from （五）不予处理, two from （三）不予公开: not a guess
    "社会公益组织",  # a column label
    "1.属于国家秘密",  # a row label
    "（七）总计",  # a row label
    "行政复议",  # another table's word
])
def test_close_calls_are_not_groups(text):
    assert typo_group("三", text) is None


GROUP_WORDINGS = {
    "outcomes": "三、本年度办理结果", "withheld": "（三）不予公开", "unable": "（四）无法提供", "rejected": "（五）不予处理",
    "other": "（六）其他处理", "applicants": "申请人情况", "orgs": "法人或其他组织",
}


@pytest.mark.parametrize("key", sorted(GROUP_WORDINGS))
def test_any_one_wrong_character_is_mended(key):
    """Every character of the wording after its number, replaced by another: still that group."""
    wording = GROUP_WORDINGS[key]
    start = len(wording) - len(wording.lstrip("（）三四五六、"))
    for i in range(start, len(wording)):
        written = wording[:i] + "口" + wording[i + 1:]
        spec = typo_group("三", written)
        assert spec is not None and spec.key == key, written


def test_no_row_or_column_label_is_taken_for_a_group():
    labels = [
        "一、本年新收政府信息公开申请数量", "（一）予以公开", "（二）部分公开", "1.属于国家秘密", "2.重复申请",
        "3.其他", "（七）总计", "四、结转下年度继续办理", "自然人", "商业企业", "其他", "总计", "行政复议",
        "其他结果", "行政规范性文件", "本年处理决定数量", "政府集中采购",
    ]
    assert [x for x in labels if typo_group("三", x) is not None] == []


def test_groups_over_rows_and_over_columns_are_kept_apart():
    assert typo_group("三", "（三）不子公开", over="cols") is None
    assert typo_group("三", "法人或其他组识", over="rows") is None
    assert typo_group("三", "法人或其他组识", over="cols").key == "orgs"


def test_the_number_decides_between_a_group_and_a_row():
    """（六）其他处里: numbered, it is three edits from 3.其他 and from the column 其他, one from
    （六）其他处理; written without its number it stays as near to 其他 as to 其他处理."""
    assert typo_row("三", "（六）其他处里").key == "other"  # the 2019 row （六）其他处理
    assert typo_row("三", "其他处里") is None
    assert typo_group("三", "其他处里") is None


@pytest.mark.parametrize("text,num", [
    ("（三）不予公开", "(三)"), ("(三)不予公开", "(三)"), ("三、本年度办理结果", "三"), ("２．其他", "2"),
    ("1属于国家秘密", "1"), ("三类内部事务信息", ""), ("四类过程性信息", ""), ("其他", ""),
])
def test_leading_number(text, num):
    """The number a label is written with: 三类 / 四类 at the start of a label are words."""
    assert number(text) == num


# ----- table 三 on its own: the group a misspelt group label gives ------------------------------

VALUES = ["4", "0", "0", "0", "0", "0", "4"]


def _read(rows):
    t3 = Table3()
    g = grid(T3_HEADER + rows)
    views = [RowView(g, r, cells) for r, cells in enumerate(g.rows)]
    for rv in views[:3]:
        t3.header_row(rv, new=rv.r == 0)
    return t3, [t3.row(rv, "三") for rv in views[3:]]


def test_bare_other_under_a_misspelt_group_is_other_3():
    """No 1./2. row of （六） before it: only the group label tells that 其他 is 3.其他."""
    t3, taken = _read([
        ["三、本年度办理结果", "（五）不予处理", "1.信访举报投诉类申请"] + VALUES,
        ["^", "（六）其他处里", BARE_OTHER] + VALUES,
    ])
    assert taken == [True, True]
    assert t3.data.cells[("other_3", "natural")].raw == "4"
    assert t3.data.row_labels["other_3"].text == BARE_OTHER
    assert t3.data.group_labels["other"].text == "（六）其他处里"
    assert t3.data.group_labels["rejected"].text == "（五）不予处理"


def test_a_misspelt_group_still_rules_out_another_groups_row():
    """5.属于三类内部事物信息 (a typo of a row of （三）) under （五）不予处里 is not guessed."""
    t3, taken = _read([["三、本年度办理结果", "（五）不予处里", "5.属于三类内部事物信息"] + VALUES])
    assert taken == [False]


def test_a_misspelt_column_group_names_no_column():
    header = [row[:] for row in T3_HEADER]
    header[1][4] = "法人或其他组识"
    t3 = Table3()
    g = grid(header + [["一、本年新收政府信息公开申请数量", "<", "<"] + VALUES])
    views = [RowView(g, r, cells) for r, cells in enumerate(g.rows)]
    for rv in views[:3]:
        t3.header_row(rv, new=rv.r == 0)
    assert t3.cols == {"natural": 3, "commercial": 4, "research": 5, "public_interest": 6, "legal_service": 7,
                       "other_org": 8, "total": 9}
    assert t3.data.col_labels["other_org"].text == "其他"
    assert t3.data.group_labels["orgs"].text == "法人或其他组识"


# ----- whole reports from several writers ------------------------------------------------------


def _spec(typos: bool):
    spec = SEEDS["003"].copy()
    spec.stray_cells = []
    spec.label_overrides[("三", "row", "other_3")] = BARE_OTHER
    if typos:
        for (kind, key), (typo, _) in GROUP_TYPOS.items():
            spec.label_overrides[("三", kind, key)] = typo
    return spec


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("groups")
    spec = _spec(True)
    return {
        "docx": build_docx(spec, folder / "groups.docx"),
        "clean_docx": build_docx(_spec(False), folder / "clean.docx"),
        "xlsx": build_xlsx(spec, folder / "groups.xlsx"),
        "xlsx_one": build_xlsx(spec, folder / "groups_one.xlsx", sheets="one", merges=False),
        "html": write_portal(spec, folder / "groups.html"),
    }


def _fold(text: str) -> str:
    """Layout aside (spaces, line breaks, half-width brackets), as a clerk reads it."""
    return "".join(text.split()).replace("(", "（").replace(")", "）")


def _group_titles(result):
    kind = phrase("label-group")
    return [f for f in result.findings if f.code == "W-title" and kind in f.message]


def _assert_groups_read(result):
    report = result.report
    for (row, col), raw in SEEDS["003"].t3.items():
        assert report.value("三", row, col) == Decimal(raw), (row, col)
    assert not [f for f in result.findings if f.code.startswith("T1")]
    titles = _group_titles(result)
    for (kind, key), (typo, standard) in GROUP_TYPOS.items():
        hits = [f for f in titles if _fold(f.actual) == typo]
        assert len(hits) == 1, (typo, [f.message for f in titles])
        f = hits[0]
        assert f.expected == standard and standard in f.message and typo in _fold(f.message)
        assert f.table == "三" and f.location and f.positions, f
    assert len(titles) == len(GROUP_TYPOS)
    # the column labels under a misspelt 法人或其他组织 are read as written: no W-title for them
    col = phrase("label-col")
    assert not [f.message for f in result.findings if f.code == "W-title" and col in f.message and f.table == "三"]


@pytest.mark.parametrize("kind", ["docx", "xlsx", "xlsx_one", "html"])
def test_group_typos_give_one_w_title_each(made, kind):
    _assert_groups_read(check_path(made[kind]))


@needs_lo
def test_group_typos_in_libreoffice_pdf(made, tmp_path):
    pdf = convert_to_pdf([made["docx"]], tmp_path)[made["docx"]]
    _assert_groups_read(check_path(pdf))


@pytest.mark.parametrize("layout", [
    Layout(merges="undone_repeat"),  # the group labels repeated in every row of the group: one W-title
    Layout(merges="undone_blank"),
    Layout(one_char_per_line=True),
    Layout(u3000_spaces=True, halfwidth_brackets=True, newline_labels=True),
    Layout(split_table3_at="other_1", split_repeat_header=True),  # （六） opens the second part
    Layout(all_in_one=True),
], ids=["repeat", "blank", "one-char", "spaces", "split", "all-in-one"])
def test_group_typos_in_other_layouts(tmp_path, layout):
    _assert_groups_read(check_path(build_docx(_spec(True), tmp_path / "groups.docx", layout)))


def test_group_typos_change_no_other_finding(made):
    typos = check_path(made["docx"])
    clean = check_path(made["clean_docx"])
    group_titles = {id(f) for f in _group_titles(typos)}

    def codes(r, skip=frozenset()):
        return sorted((f.code, f.table or "", f.message) for f in r.findings if id(f) not in skip)

    assert codes(typos, group_titles) == codes(clean)
    assert typos.report.tables["三"].cells.keys() == clean.report.tables["三"].cells.keys()


@pytest.mark.parametrize("seed", sorted(SEEDS))
@pytest.mark.parametrize("writer", ["docx", "xlsx"])
def test_correct_group_labels_give_no_finding(tmp_path, seed, writer):
    spec = SEEDS[seed].copy()
    build = build_docx if writer == "docx" else build_xlsx
    result = check_path(build(spec, tmp_path / f"{seed}.{writer}"))
    assert _group_titles(result) == []
    if spec.format != "pre-2019" and SEEDS[seed].t3:
        groups = result.report.tables["三"].group_labels
        assert {"outcomes", "withheld", "unable", "rejected"} <= set(groups), sorted(groups)


# ----- the 2019 format ----------------------------------------------------------------------

TYPOS_2019 = {
    ("二", "row", "other_services"): ("其他对外管理服物事项", "其他对外管理服务事项"),
    ("二", "row", "procurement"): ("政府集中采构", "政府集中采购"),
    ("二", "row", "normative_docs"): ("规范姓文件", "规范性文件"),
    ("三", "row", "other"): ("（六）其它处理", "（六）其他处理"),  # a row of its own in 2019
    ("三", "group", "withheld"): ("（三）不子公开", "（三）不予公开"),
}


@pytest.mark.parametrize("writer", ["docx", "xlsx"])
def test_2019_format_typos_are_mapped(tmp_path, writer):
    seed = SEEDS["004"]
    spec = seed.copy()
    for key, (typo, _) in TYPOS_2019.items():
        spec.label_overrides[key] = typo
    build = build_docx if writer == "docx" else build_xlsx
    result = check_path(build(spec, tmp_path / f"typos2019.{writer}"))
    clean = check_path(build(seed.copy(), tmp_path / f"clean2019.{writer}"))
    report = result.report
    assert report.format_key == "2019" == clean.report.format_key
    for table, cells in (("三", seed.t3), ("二", seed.t2)):
        for (row, col), raw in cells.items():
            assert report.value(table, row, col) == clean.report.value(table, row, col), (table, row, col)
    # 其他对外管理服务事项 is read as the sum of its sub-rows, as without the typo
    assert report.value("二", "other_services", "decisions") == Decimal(761617 + 42670)
    assert not [f for f in result.findings if f.code.startswith("T1")]
    titled = [f for f in result.findings if f.code == "W-title" and f.table in ("二", "三")]
    for (table, _, _), (typo, standard) in TYPOS_2019.items():
        hits = [f for f in titled if f.actual == typo]
        assert len(hits) == 1 and hits[0].expected == standard and hits[0].table == table, typo
    typo_titles = {id(f) for f in titled if f.actual in {t for t, _ in TYPOS_2019.values()}}

    def codes(r, skip=frozenset()):
        return sorted((f.code, f.table or "", f.message) for f in r.findings if id(f) not in skip)

    assert codes(result, typo_titles) == codes(clean)


def test_every_group_has_its_cell_in_the_drawn_table(made):
    """The window marks a label by the cell of the official layout that carries its key: each group a
    W-title is about (the column groups too) has one, and the finding names the group label's cell."""
    from core.formats.layout import official_layout

    result = check_path(made["docx"])
    data = result.report.tables["三"]
    drawn = {c.label for c in official_layout("三", result.report.format).cells if c.label}
    for f in _group_titles(result):
        keys = [k for k, label in data.group_labels.items() if label.pos in f.positions]
        assert len(keys) == 1, f.message
        assert ("group", keys[0]) in drawn, keys


def test_a_group_on_a_row_of_its_own_opens_its_group():
    """（六）其他处理 (misspelt or not) on a row of its own, its figure cells blank: the bare 其他 under
    it is 3.其他; a note that only mentions a group word opens nothing."""
    blank = [""] * 7
    for written in ("（六）其他处里", "（六）其他处理"):
        t3, taken = _read([
            ["三、本年度办理结果", "（五）不予处理", "1.信访举报投诉类申请"] + VALUES,
            ["^", written, "<"] + blank,
            ["^", BARE_OTHER, "<"] + VALUES,
        ])
        assert taken == [True, True, True], written
        assert t3.data.cells[("other_3", "total")].raw == "4"
        if written != "（六）其他处理":  # the standard wording alone on its row is read as 2019's row
            assert t3.data.group_labels["other"].text == written
    t3, taken = _read([
        ["三、本年度办理结果", "（五）不予处理", "1.信访举报投诉类申请"] + VALUES,
        ["注：不予处理的申请另行说明", "<", "<"] + blank,
    ])
    assert taken == [True, False]
    assert "withheld" not in t3.data.group_labels
