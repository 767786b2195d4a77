"""Value rules on hand-built reports: V1-…, W-blank, W-number, W-decimals."""

from __future__ import annotations

from core.rules.values import check_values
from tests.unit.reports import report, table4


# ----- values ----------------------------------------------------------------------------------


def test_value_kinds():
    t4 = table4()
    t4[("review", "upheld")] = "见附件"
    t4[("review", "corrected")] = "-1"
    t4[("review", "other")] = "1.5"
    t4[("review", "pending")] = ""
    t4[("suit_direct", "upheld")] = "１"
    found = {f.code: f for f in check_values(report({"四": t4}))}
    assert set(found) == {"V1", "V1-negative", "V1-fraction", "W-blank", "W-number"}
    assert "请填写件数" in found["V1"].message
    assert "全角数字" in found["W-number"].message
    assert "核对时按 0 计算" in found["W-blank"].message


def test_amount_decimals():
    t2 = {("fees", "amount"): "1.5"}
    [f] = check_values(report({"二": t2}))
    assert f.code == "W-decimals" and f.suggested == "1.5000"
