"""The live workbook (kind "xlsx"): formulas from the identities, red when an identity breaks,
validation; recalculated by LibreOffice where it is installed."""

from __future__ import annotations

import re
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, get_column_letter

from core.check import check_path
from core.export import export_file
from core.export.live_xlsx import derived_cells
from core.formats import V2021
from tests.fixtures import build_docx
from tests.test_export_support import all_faults, errors, needs_soffice, soffice_convert

_RANGE = re.compile(r"\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?")


def _expand(text: str) -> list[str]:
    out = []
    for m in _RANGE.finditer(text):
        c1, r1 = column_index_from_string(m.group(1)), int(m.group(2))
        c2, r2 = (column_index_from_string(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
        out += [f"{get_column_letter(c)}{r}" for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
    return out


def _live(src, tmp_path, name="live.xlsx", **kw):
    out = tmp_path / name
    assert list(export_file(src, out, "xlsx", **kw)) == [out]
    return out


@pytest.fixture(scope="module")
def live000(seed_docx, tmp_path_factory):
    return _live(seed_docx["000"], tmp_path_factory.mktemp("live"))


@pytest.mark.parametrize("seed", ["000", "002", "003", "004"])
def test_live_seed_checks_clean_and_keeps_values(seed, seed_docx, tmp_path):
    before = check_path(seed_docx[seed])
    after = check_path(_live(seed_docx[seed], tmp_path))
    assert errors(after) == []
    assert after.report.format_key == "2021"
    assert after.report.agency == before.report.agency and after.report.year == before.report.year
    for tkey in ("三", "四"):
        for (row, col), cell in before.report.tables[tkey].cells.items():
            target = ("other_3" if row == "other" else row, col)
            assert after.report.value(tkey, *target) == cell.number.effective, (tkey, row, col)


def test_every_total_is_a_formula_from_the_identities(live000):
    report = check_path(live000).report
    for tkey in ("三", "四"):
        spec = V2021.table(tkey)
        derived = derived_cells(spec)
        table = report.tables[tkey]
        key_of = {c.pos.ref: k for k, c in table.cells.items()}
        formulas = {k: c.formula for k, c in table.cells.items() if c.formula}
        assert set(formulas) == set(derived)
        for key, formula in formulas.items():
            plus, minus = derived[key]
            parts = formula.split("-")
            assert sorted(key_of[r] for r in _expand(parts[0])) == sorted(plus)
            assert sorted(key_of[r] for p in parts[1:] for r in _expand(p)) == sorted(minus)
    # the totals of 三 (总计 column, （七）总计 row) and of 四
    t3 = set(derived_cells(V2021.table("三")))
    assert {(r.key, "total") for r in V2021.table("三").rows} <= t3
    assert {("total", c.key) for c in V2021.table("三").columns} <= t3
    assert set(derived_cells(V2021.table("四"))) == {(r.key, "total") for r in V2021.table("四").rows}


def test_formulas_are_compact_sums(live000):
    wb = openpyxl.load_workbook(live000)
    ws = wb[next(n for n in wb.sheetnames if n.startswith("表三"))]
    formulas = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert formulas and all(re.fullmatch(r"=SUM\([A-Z$0-9:,]+\)", f) for f in formulas)
    assert all(f.count(",") <= 1 for f in formulas)  # a row or a column: at most two ranges


def test_cached_values_are_the_sums(live000, seed_docx):
    """Formula cells carry the values they compute (for viewers that do not recalculate)."""
    before = check_path(seed_docx["000"]).report
    wb = openpyxl.load_workbook(live000, data_only=True)
    report = check_path(live000).report
    for tkey in ("三", "四"):
        for key, cell in report.tables[tkey].cells.items():
            if cell.formula:
                ws = wb[cell.pos.sheet]
                assert Decimal(str(ws[cell.pos.ref].value)) == before.value(tkey, *key)


def test_conditional_formatting_per_identity(live000):
    wb = openpyxl.load_workbook(live000)
    report = check_path(live000).report
    for tkey in ("三", "四"):
        spec = V2021.table(tkey)
        table = report.tables[tkey]
        key_of = {c.pos.ref: k for k, c in table.cells.items()}
        ws = wb[next(iter(table.cells.values())).pos.sheet]
        rules = [(str(cf.sqref), rule) for cf in ws.conditional_formatting for rule in cf.rules]
        assert len(rules) == len(spec.identities)
        seen = []
        for sqref, rule in rules:
            area = sorted(key_of[r] for part in sqref.split() for r in _expand(part))
            lhs, rhs = rule.formula[0].split("<>")
            ident = next(i for i in spec.identities if sorted(i.cells) == area
                         and sorted(key_of[r] for r in _expand(lhs)) == sorted(i.lhs))
            assert sorted(key_of[r] for r in _expand(rhs)) == sorted(ident.rhs)
            assert rule.dxf.fill is not None
            seen.append(ident)
        assert {i.code for i in seen} == ({"R1", "R3", "R4"} if tkey == "三" else {"R5"})
        if tkey == "三":
            assert sum(1 for i in seen if i.code == "R1") == len(spec.columns)


def test_data_validation_and_number_formats(live000):
    wb = openpyxl.load_workbook(live000)
    report = check_path(live000).report
    fee = report.cell("二", "fees", "amount")
    count = report.cell("三", "new", "natural")
    for cell, typ in ((fee, "decimal"), (count, "whole")):
        ws = wb[cell.pos.sheet]
        dvs = [dv for dv in ws.data_validations.dataValidation if cell.pos.ref in dv.sqref]
        assert len(dvs) == 1
        assert dvs[0].type == typ and dvs[0].operator == "greaterThanOrEqual" and dvs[0].formula1 == "0"
        assert dvs[0].showErrorMessage
    assert wb[fee.pos.sheet][fee.pos.ref].number_format == "0.0000"
    # the formula cells are not input cells
    total = report.cell("三", "total", "total")
    ws = wb[total.pos.sheet]
    assert not [dv for dv in ws.data_validations.dataValidation if total.pos.ref in dv.sqref]


def test_live_of_faulty_report(tmp_path):
    src = build_docx(all_faults("004"), tmp_path / "a.docx")
    after = check_path(_live(src, tmp_path))
    assert errors(after) == []


def test_live_without_edits_lets_formulas_fix_the_totals_but_not_r1(tmp_path):
    src = build_docx(all_faults("003"), tmp_path / "a.docx")
    after = check_path(_live(src, tmp_path, edits={}))
    codes = sorted({f.code for f in errors(after)})
    assert codes == ["R1"]  # the wrong detail cell now breaks only 一+二 = （七）+四 (red in Excel)


def test_blank_workbook(seed_docx, tmp_path):
    written = export_file(seed_docx["002"], tmp_path / "blank.docx", "blank")
    result = check_path(written[1])
    assert errors(result) == []
    assert result.report.year == 2023
    inputs = [c for t in result.report.tables.values() for c in t.cells.values() if not c.formula]
    assert inputs and all(c.raw == "" for c in inputs)


# ----- LibreOffice recalculation ---------------------------------------------------------------


def _set(path, report, edits: dict, out):
    wb = openpyxl.load_workbook(path)
    for key, value in edits.items():
        cell = report.cell(*key)
        wb[cell.pos.sheet][cell.pos.ref] = value
    wb.save(out)  # openpyxl drops every cached value: LibreOffice has to compute them


@needs_soffice
def test_libreoffice_recalculates_the_identities(live000, tmp_path):
    report = check_path(live000).report
    v = lambda *k: int(report.value(*k))
    # (a) a consistent change: 5 more new applications from natural persons, all granted
    consistent = {("三", "new", "natural"): v("三", "new", "natural") + 5,
                  ("三", "granted", "natural"): v("三", "granted", "natural") + 5,
                  ("四", "review", "upheld"): v("四", "review", "upheld") + 1}
    # (b) a change that breaks R1 (new applications without any outcome)
    broken = {("三", "new", "natural"): v("三", "new", "natural") + 5}
    src = tmp_path / "src"
    src.mkdir()
    _set(live000, report, consistent, src / "consistent.xlsx")
    _set(live000, report, broken, src / "broken.xlsx")
    # the conditions of the red highlighting, evaluated by LibreOffice in cells beside the table
    wb = openpyxl.load_workbook(src / "broken.xlsx")
    conditions = {}
    for ws in wb:
        col = ws.max_column + 2
        for i, (cf, rule) in enumerate((cf, r) for cf in ws.conditional_formatting for r in cf.rules):
            ws.cell(row=i + 1, column=col, value="=" + rule.formula[0])
            conditions[(ws.title, i + 1, col)] = str(cf.sqref)
    wb.save(src / "broken.xlsx")
    done = soffice_convert([src / "consistent.xlsx", src / "broken.xlsx"], tmp_path / "out", "xlsx")
    assert done.returncode == 0, done.stderr

    ok = check_path(tmp_path / "out" / "consistent.xlsx")
    assert errors(ok) == []
    assert ok.report.value("三", "new", "total") == v("三", "new", "total") + 5
    assert ok.report.value("三", "granted", "total") == v("三", "granted", "total") + 5
    assert ok.report.value("三", "total", "natural") == v("三", "total", "natural") + 5
    assert ok.report.value("三", "total", "total") == v("三", "total", "total") + 5
    assert ok.report.value("四", "review", "total") == v("四", "review", "total") + 1

    bad = check_path(tmp_path / "out" / "broken.xlsx")
    assert sorted((f.code, f.cells[0].col) for f in errors(bad)) == [("R1", "natural"), ("R1", "total")]
    wb = openpyxl.load_workbook(tmp_path / "out" / "broken.xlsx", data_only=True)
    red = {sqref for (sheet, r, c), sqref in conditions.items() if wb[sheet].cell(row=r, column=c).value is True}
    assert all(wb[s].cell(row=r, column=c).value in (True, False) for (s, r, c) in conditions)
    natural = report.cell("三", "new", "natural").pos.ref
    total = report.cell("三", "new", "total").pos.ref
    assert len(red) == 2 and any(natural in _expand(x) for x in red) and any(total in _expand(x) for x in red)
