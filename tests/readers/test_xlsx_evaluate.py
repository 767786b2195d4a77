"""The xlsx reader's public formula evaluator (what the edit session recomputes a workbook's totals
with): the formulas it evaluates, and None for everything else — never a silent 0."""

from __future__ import annotations

from decimal import Decimal

from core.readers.xlsx import evaluate_formulas


def _cells():
    return {
        "表三": {
            (1, 1): {"text": "3", "formula": None},
            (1, 2): {"text": "４", "formula": None},  # full-width, as typed
            (1, 3): {"text": None, "formula": "=SUM(A1:B1)"},
            (2, 1): {"text": None, "formula": "=A1+B1-C1+10"},
            (2, 2): {"text": "说明", "formula": None},
            (2, 3): {"text": None, "formula": "=A1+B2"},  # refers to text
            (3, 1): {"text": None, "formula": "=A3"},  # refers to itself
            (3, 2): {"text": None, "formula": "=AVERAGE(A1:B1)"},  # not evaluated
            (3, 3): {"text": None, "formula": "=SUM(A1,D9)"},  # D9 is empty: 0
        },
        "表 四": {(1, 1): {"text": None, "formula": "='表三'!C1+SUM(表三!A1:A1)"}},
    }


def test_evaluates_sums_and_references_across_sheets():
    got = evaluate_formulas(_cells(), [("表三", 1, 3), ("表三", 2, 1), ("表三", 3, 3), ("表 四", 1, 1)])
    assert got == {("表三", 1, 3): Decimal(7), ("表三", 2, 1): Decimal(10), ("表三", 3, 3): Decimal(3),
                   ("表 四", 1, 1): Decimal(10)}


def test_what_it_cannot_read_is_none():
    got = evaluate_formulas(_cells(), [("表三", 2, 3), ("表三", 3, 1), ("表三", 3, 2)])
    assert got == {("表三", 2, 3): None, ("表三", 3, 1): None, ("表三", 3, 2): None}


def test_an_edit_changes_the_total():
    cells = _cells()
    cells["表三"][(1, 1)] = {"text": "13", "formula": None}
    assert evaluate_formulas(cells, [("表三", 1, 3)]) == {("表三", 1, 3): Decimal(17)}
