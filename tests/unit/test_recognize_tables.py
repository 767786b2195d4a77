"""Each table's recognizer on hand-built grids: a failure here points at recognize/table2.py,
table3.py, table4.py, old_table.py or the dispatcher in tables.py."""

from __future__ import annotations

from core.recognize.grid_views import RowView, dedupe_columns, is_valueish, leaf_columns
from core.recognize.table2 import Table2, default_columns
from core.recognize.table3 import Table3
from core.recognize.table4 import Table4
from core.recognize.tables import recognize_tables
from core.formats.common import APPLICANT_COLUMNS
from tests.unit.grids import T3_HEADER, T4_HEADER, grid

VALUES = ["1", "2", "0", "0", "0", "1", "4"]


def _rows(g):
    return [RowView(g, r, row) for r, row in enumerate(g.rows)]


# ----- grid views ------------------------------------------------------------------------------


def test_valueish_cells():
    assert is_valueish("12") and is_valueish("１２") and is_valueish("—") and is_valueish("无")
    assert not is_valueish("") and not is_valueish("自然人")


def test_leaf_columns_from_a_two_line_header():
    g = grid(T3_HEADER)
    mapping = dedupe_columns(leaf_columns(_rows(g), APPLICANT_COLUMNS, g.width))
    assert mapping == {"natural": 3, "commercial": 4, "research": 5, "public_interest": 6, "legal_service": 7,
                       "other_org": 8, "total": 9}


# ----- table 三 --------------------------------------------------------------------------------


def test_table3_header_and_rows():
    g = grid(T3_HEADER + [
        ["一、本年新收政府信息公开申请数量", "<", "<"] + VALUES,
        ["三、本年度办理结果", "（三）不予公开", "4.保护第三方合法权益"] + VALUES,
        ["^", "（六）其他处理", "3.其他"] + VALUES,
    ])
    t3 = Table3()
    rows = _rows(g)
    for rv in rows[:3]:
        t3.header_row(rv, new=rv.r == 0)
    assert t3.cols["natural"] == 3 and t3.cols["total"] == 9
    assert t3.row(rows[3], "三") and t3.row(rows[4], "三") and t3.row(rows[5], "三")
    cells = t3.data.cells
    assert cells[("new", "natural")].raw == "1" and cells[("new", "total")].raw == "4"
    assert ("withheld_4", "commercial") in cells and ("other_3", "total") in cells
    assert t3.data.col_labels["public_interest"].text == "社会公益组织"


def test_table3_total_outside_its_zone_is_not_its_total():
    g = grid([["（七）总计", "<", "<"] + VALUES])
    assert not Table3().row(_rows(g)[0], None)


def test_table3_stray_number_in_the_label_column():
    t3 = Table3()
    for rv in _rows(grid(T3_HEADER)):
        t3.header_row(rv, new=rv.r == 0)
    row = grid([["0", "（四）无法提供", "3.补正后申请内容仍不明确"] + VALUES])
    assert t3.row(RowView(row, 0, row.rows[0]), "三")
    assert [s.text for s in t3.data.stray] == ["0"]
    assert t3.data.cells[("unable_3", "natural")].raw == "1"


# ----- table 四 --------------------------------------------------------------------------------


def test_table4_official_layout():
    values = [str(i) for i in range(15)]
    g = grid(T4_HEADER + [values])
    t4 = Table4()
    rows = _rows(g)
    t4.start_header()
    t4.header.extend(rows[:3])
    assert t4.row(rows[3])
    cells = t4.data.cells
    assert cells[("review", "upheld")].raw == "0" and cells[("review", "total")].raw == "4"
    assert cells[("suit_direct", "upheld")].raw == "5" and cells[("suit_after_review", "total")].raw == "14"
    assert set(t4.data.row_labels) == {"review", "suit_direct", "suit_after_review"}


def test_table4_without_usable_header_reads_fifteen_values_in_order():
    values = [str(i) for i in range(15)]
    g = grid([["行政复议", "行政诉讼"], values])
    t4 = Table4()
    t4.start_header()
    t4.header.append(_rows(g)[0])
    row = grid([values], index=2)
    assert t4.row(RowView(row, 0, row.rows[0]))
    assert t4.data.cells[("suit_direct", "pending")].raw == "8"


# ----- table 二 --------------------------------------------------------------------------------


def test_table2_block_header_then_rows():
    g = grid([
        ["第二十条第（一）项", "<", "<", "<"],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "1", "0", "12"],
        ["行政规范性文件", "3", "1", "40"],
    ])
    t2 = Table2()
    rows = _rows(g)
    t2.header_row(rows[0])
    assert t2.cols == {}
    t2.header_row(rows[1])
    assert t2.row(rows[2], "二") and t2.row(rows[3], "二")
    assert t2.data.cells[("normative_docs", "in_force")].raw == "40"


def test_table2_default_columns_without_header():
    assert default_columns("licensing", 1) == ["decisions"]
    assert default_columns("licensing", 3) == ["prev_items", "change", "decisions"]  # 2019
    assert default_columns("fees", 2) == ["prev_items", "change"]  # 2019: a count of fee items
    assert default_columns("fees", 1) == ["amount"]
    assert default_columns("procurement", 2) == ["items", "amount"]


# ----- the dispatcher ---------------------------------------------------------------------------


def test_all_tables_in_one_grid():
    values = [str(i) for i in range(15)]
    g = grid([
        ["第二十条第（五）项", "<", "<", "<", "<", "<", "<", "<", "<", "<"],
        ["信息内容", "本年处理决定数量", "<", "<", "<", "<", "<", "<", "<", "<"],
        ["行政许可", "7", "<", "<", "<", "<", "<", "<", "<", "<"],
    ] + T3_HEADER + [
        ["一、本年新收政府信息公开申请数量", "<", "<"] + VALUES,
        ["二、上年结转政府信息公开申请数量", "<", "<"] + VALUES,
    ])
    g4 = grid(T4_HEADER + [values], index=2)
    result = recognize_tables([g, g4])
    assert set(result.tables) == {"二", "三", "四"}
    assert result.tables["二"].cells[("licensing", "decisions")].raw == "7"
    assert result.tables["三"].cells[("carried_in", "total")].raw == "4"
    assert result.tables["四"].cells[("suit_after_review", "upheld")].raw == "10"


def test_table3_split_at_a_page_break():
    first = grid(T3_HEADER + [["一、本年新收政府信息公开申请数量", "<", "<"] + VALUES])
    second = grid([["二、上年结转政府信息公开申请数量", "<", "<"] + VALUES,
                   ["四、结转下年度继续办理", "<", "<"] + VALUES], index=2)
    t3 = recognize_tables([first, second]).tables["三"]
    assert t3.grids == [1, 2] and ("carried_out", "natural") in t3.cells


def test_old_statistical_table():
    g = grid([
        ["统计指标", "单位", "统计数"],
        ["（一）收到申请数", "件", "10"],
        ["1.当面申请数", "件", "3"],
        ["（三）申请答复数", "件", "9"],
        ["4.不同意公开答复数", "件", "2"],
        ["其中：涉及国家秘密", "件", "1"],
    ])
    stat = recognize_tables([g]).tables["统计表"]
    assert stat.cells[("received", "value")].raw == "10"
    assert stat.cells[("refused_secret", "value")].raw == "1"
