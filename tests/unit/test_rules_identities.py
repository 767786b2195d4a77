"""R1/R3/R4/R5/P1 and R-CELL on hand-built reports: which cell is named, what is suggested, how a
blank is described (issue 14 points 3 and 4)."""

from __future__ import annotations

from decimal import Decimal

from core.rules.identities import check_identities
from tests.unit.reports import APPLICANTS, report, table3, table4


def _key(ref):
    return (ref.table, ref.row, ref.col)


def test_tables_that_reconcile_give_nothing():
    assert check_identities(report({"三": table3(), "四": table4()})) == []


def test_one_cell_breaking_two_sums_is_named_with_its_value():
    t3 = table3()
    t3[("granted", "natural")] += 3
    [f] = check_identities(report({"三": t3}))
    assert f.code == "R-CELL" and f.suggested == t3[("granted", "natural")] - 3
    assert f.rules == ("R3", "R4") and "填的是" in f.message


def test_single_failing_sum_names_total_or_a_part():
    """Two compensating errors in one column: only the rows' R4 fail, nothing crosses them, so the
    finding says the total or one of its parts is wrong and lists the parts as candidates."""
    t3 = table3()
    t3[("granted", "natural")] += 1
    t3[("partial", "natural")] -= 1
    found = check_identities(report({"三": t3}))
    assert sorted((f.code, f.cells[0].row) for f in found) == [("R4", "granted"), ("R4", "partial")]
    f = next(f for f in found if f.cells[0].row == "granted")
    # the total first, then every part as a candidate
    assert [_key(c) for c in f.cells] == [("三", "granted", "total")] + [("三", "granted", c) for c in APPLICANTS]
    assert "可能是" in f.message and "也可能是" in f.message and "「自然人」" in f.message
    assert f.suggested == t3[("granted", "total")] + 1 and f.target.col == "total"  # one of the two readings


def test_a_blank_total_is_said_blank_not_zero():
    t3 = table3()
    t3[("granted", "total")] = None
    [f] = check_identities(report({"三": t3}))
    assert "未填（空白）" in f.message and "填的是 0" not in f.message
    assert f.suggested == sum(t3[("granted", c)] for c in APPLICANTS)  # from figures: fine


def test_no_suggestion_rests_on_blank_cells():
    """The 总计 column left blank, but （七）总计/总计 filled: 805 must not be turned into 0."""
    t3 = table3()
    for row, col in list(t3):
        if col == "total" and row != "total":
            t3[(row, col)] = None
    t3[("total", "total")] = 805
    found = check_identities(report({"三": t3}))
    assert found
    blank = {k for k, v in t3.items() if v is None}
    for f in found:
        if f.suggested is not None:
            rest = [(c.row, c.col) for c in f.cells if (c.row, c.col) != (f.target.row, f.target.col)]
            assert not blank & set(rest), (f.code, f.message)
        assert "填的是 0" not in f.message
    r3 = next(f for f in found if f.code == "R3" and f.cells[0].col == "total")
    assert r3.suggested is None and "未填（空白）" in r3.message and "填的是 805" in r3.message


def test_review_total_r5():
    t4 = table4()
    t4[("suit_direct", "upheld")] += 2
    [f] = check_identities(report({"四": t4}))
    assert f.code == "R5" and f.table == "四" and f.cells[0].col == "total"
    assert f.suggested == Decimal(t4[("suit_direct", "total")] + 2)
    assert "「未经复议直接起诉」" in f.message


def test_carry_over_r1_suggests_nothing():
    t3 = table3()
    for c in APPLICANTS:
        t3[("carried_in", c)] += 1
    t3[("carried_in", "total")] += len(APPLICANTS)  # R4 of the row still holds, R1 fails in every column
    found = check_identities(report({"三": t3}))
    assert found and {f.code for f in found} <= {"R1", "R-CELL"}
    assert all(f.suggested is None for f in found if f.code == "R1")


def test_old_table_sum_p1():
    stat = {("received", "value"): 10, ("received_in_person", "value"): 3, ("received_fax", "value"): 0,
            ("received_online", "value"): 5, ("received_letter", "value"): 1}
    [f] = check_identities(report({"统计表": stat}, fmt="pre-2019", year=2017))
    assert f.code == "P1" and f.actual == 10 and f.expected == 9 and "收到申请数" in f.message


def test_unreadable_cells_are_counted_not_guessed():
    t4 = table4()
    t4[("review", "upheld")] = "见附件"
    [f] = check_identities(report({"四": t4}))
    assert f.code == "I-unknown-relations" and "1 个勾稽关系" in f.message


def test_a_dash_is_a_written_none_not_an_empty_cell():
    """「—」 is how many clerks write 0: it is said as written, and a value may rest on it."""
    t3 = table3()
    zero_col = next(c for c in APPLICANTS if t3[("granted", c)] == 0)
    t3[("granted", zero_col)] = "—"
    t3[("granted", "total")] += 2
    [f] = check_identities(report({"三": t3}))
    assert f.code == "R-CELL" and f.suggested == t3[("granted", "total")] - 2
    t3[("granted", "total")] -= 2
    t3[("granted", "natural")] = "—" if t3[("granted", "natural")] == 0 else t3[("granted", "natural")]
    t3[("total", "total")] = "—"
    found = check_identities(report({"三": t3}))
    assert any("填的是「—」（按 0 计算）" in f.message for f in found)
