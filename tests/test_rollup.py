"""Roll-up: 20 generated units summed (checked against a sum computed here from the fixtures'
own numbers), units left out with the reason, and the written files checked by the checker."""

import json
import random
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from tests.fixtures import build_docx, build_xlsx
from tests.fixtures.spec import T3_COLS, T4_COLS, T4_ROWS, t3_rows
from tests.fixtures.years import random_unit

ROOT = Path(__file__).resolve().parent.parent
N = 20


@pytest.fixture(scope="module")
def units(tmp_path_factory):
    """20 units' 2023 reports (a few as .xlsx), plus: one with an error in 三, one of 2022, one unreadable."""
    d = tmp_path_factory.mktemp("units")
    rng = random.Random(20231)
    specs = [random_unit(i, 2023, rng) for i in range(N)]
    for i, spec in enumerate(specs):
        if i % 7 == 3:
            build_xlsx(spec, d / f"{i:02d}-{spec.name}.xlsx")
        else:
            build_docx(spec, d / f"{i:02d}-{spec.name}.docx")
    bad = random_unit(N, 2023, rng)
    bad.t3[("granted", "natural")] = str(int(bad.t3[("granted", "natural")]) + 5)  # R3/R4 broken in 三
    build_docx(bad, d / "90-有错.docx")
    old = random_unit(N + 1, 2022, rng)
    build_docx(old, d / "91-去年.docx")
    (d / "92-坏.docx").write_bytes(b"garbage, not a zip")
    return d, specs, bad


@pytest.fixture(scope="module")
def rolled(units):
    from core.rollup import rollup

    return rollup([units[0]])


def _expected(specs, table, cells_of):
    """The sum computed from the fixture's own texts (no core code)."""
    out = {}
    for spec in specs:
        for key in cells_of:
            out[key] = out.get(key, Decimal(0)) + Decimal(spec.table_cells(table)[key])
    return out


def test_rollup_of_20_units_equals_the_sum(units, rolled):
    d, specs, bad = units
    ru = rolled
    t3 = _expected(specs, "三", [(r, c) for r in t3_rows("2021") for c in T3_COLS])
    t4 = _expected(specs, "四", [(r, c) for r in T4_ROWS for c in T4_COLS])
    t2 = _expected(specs, "二", list(specs[0].t2))
    for (r, c), v in t3.items():
        assert ru.value("三", r, c) == v, (r, c)  # the unit with an error in 三 is not in it
    for (r, c), v in t4.items():
        assert ru.value("四", r, c) == v + Decimal(bad.t4[(r, c)]), (r, c)  # the bad unit's 四 is fine
    for (r, c), v in t2.items():
        assert ru.value("二", r, c) == v + Decimal(bad.t2[(r, c)]), (r, c)
    # the units: 20 counted, the bad one counted except in 三, last year's and the unreadable one not
    by = {Path(u.file).name: u for u in ru.units}
    assert len(by) == N + 3
    assert all(by[n].tables == ["二", "三", "四"] for n in by if n[:2].isdigit() and int(n[:2]) < N)
    assert by["90-有错.docx"].tables == ["二", "四"] and "表三有错误" in by["90-有错.docx"].why
    assert not by["91-去年.docx"].included and "2022 年度" in by["91-去年.docx"].why
    assert not by["92-坏.docx"].included and "无法读取" in by["92-坏.docx"].why
    assert ru.format == "2021" and ru.year == 2023


def test_rollup_json_from_the_cli(units, tmp_path):
    d, specs, _ = units
    out = tmp_path / "汇总.xlsx"
    p = subprocess.run([sys.executable, "-m", "core", "rollup", str(d), "-o", str(out), "--json"], cwd=ROOT,
                       capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert {"units", "tables"} <= set(data)
    assert all({"file", "agency", "year", "included", "why"} <= set(u) for u in data["units"])
    assert sum(1 for u in data["units"] if u["included"]) == N + 1
    expect = sum(int(s.t3[("total", "total")]) for s in specs)
    assert data["tables"]["三"]["total"]["total"] == expect
    assert isinstance(data["tables"]["二"]["fees"]["amount"], float)
    assert out.exists() and out.with_suffix(".docx").exists()
    assert "已写入" in p.stderr


def _sum_sheet_only(xlsx: Path, out: Path) -> Path:
    """The sum sheet alone, with the values the file holds for its formulas (openpyxl, not core):
    a workbook of one report, for the checker."""
    from openpyxl import load_workbook

    wb = load_workbook(xlsx, data_only=True)
    for name in wb.sheetnames[1:]:
        del wb[name]
    wb.save(out)
    return out


def test_written_rollup_passes_every_identity(units, rolled, tmp_path):
    """The roll-up's files read back by the checker: the sums, and no identity broken."""
    from core.check import check_path
    from core.rollup import write

    d, specs, _ = units
    ru = rolled
    xlsx, docx = write(ru, tmp_path / "汇总.xlsx")
    for path in (_sum_sheet_only(xlsx, tmp_path / "sum-only.xlsx"), docx):
        r = check_path(path)
        assert r.report.format_key == "2021"
        broken = [f for f in r.findings if f.code in ("R1", "R3", "R4", "R5", "R-CELL", "V1", "T1")]
        assert not broken, (path.name, [f.message for f in broken])
        for (t, row, col), v in ru.sums.items():
            assert r.report.value(t, row, col) == v, (path.name, t, row, col)
    # and the sum sheet comes first: checking the whole workbook reads the sums of table 三
    assert check_path(xlsx).report.value("三", "total", "total") == ru.value("三", "total", "total")


def test_xlsx_sum_sheet_is_live_formulas(units, rolled, tmp_path):
    from openpyxl import load_workbook

    from core.rollup import SUM_SHEET, write

    d, _, _ = units
    ru = rolled
    xlsx, _ = write(ru, tmp_path / "汇总.xlsx")
    wb = load_workbook(xlsx)
    assert wb.sheetnames[0] == SUM_SHEET and len(wb.sheetnames) == 1 + N + 1
    ws = wb[SUM_SHEET]
    formulas = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=SUM(")]
    assert len(formulas) > 180
    # a 三 cell sums the 20 good units only (not the one with an error in 三); a 四 cell all 21
    counts = sorted({f.count("!") for f in formulas})
    assert counts == [N, N + 1]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_recalculates_the_same_sums(units, rolled, tmp_path):
    """Another program computes the formulas: LibreOffice recalculates and saves; the checker reads
    the values LibreOffice wrote."""
    from core.check import check_path
    from core.rollup import write

    d, _, _ = units
    ru = rolled
    xlsx, _ = write(ru, tmp_path / "汇总.xlsx")
    out = tmp_path / "lo"
    out.mkdir()
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(xlsx)],
                   capture_output=True, timeout=300)
    converted = out / xlsx.name
    if not converted.exists():
        pytest.skip("LibreOffice could not convert here")
    r = check_path(_sum_sheet_only(converted, tmp_path / "lo-sum.xlsx"))
    for (t, row, col), v in ru.sums.items():
        assert r.report.value(t, row, col) == v, (t, row, col)
