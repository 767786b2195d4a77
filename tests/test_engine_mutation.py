"""Mutation over the whole grid: for every data cell of tables 三 and 四 (2021 and 2019 formats),
changing its value yields an error that names that cell, and where the faults point at one cell the
suggested value is the original one. The unchanged report yields no error."""

from decimal import Decimal

import pytest

from core.check import check_path
from core.formats import FORMATS
from tests.engine_helpers import errors, standard_spec
from tests.fixtures.docx_builder import build_docx


def _cells(fmt_key):
    fmt = FORMATS[fmt_key]
    return [(t, r, c) for t in ("三", "四") for (r, c) in fmt.table(t).cells]


def _mutated(raw: str, i: int) -> str:
    v = int(raw)
    return str(v + 1) if (i % 2 == 0 or v == 0) else str(v - 1)


@pytest.mark.parametrize("key,fmt", [("003", "2021"), ("004", "2019")])
def test_every_cell_of_tables_3_and_4_through_a_real_docx(tmp_path, key, fmt):
    spec = standard_spec(key)
    base = check_path(build_docx(spec, tmp_path / "base.docx"))
    assert errors(base) == []
    misses, wrong_suggestions = [], []
    cells = _cells(fmt)
    assert len(cells) == (175 if fmt == "2021" else 161) + 15
    for i, (t, r, c) in enumerate(cells):
        s = spec.copy()
        table = s.t3 if t == "三" else s.t4
        original = table[(r, c)]
        table[(r, c)] = _mutated(original, i)
        result = check_path(build_docx(s, tmp_path / f"m{i}.docx"))
        named = [f for f in errors(result) if (t, r, c) in [(x.table, x.row, x.col) for x in f.cells]]
        if not named:
            misses.append((t, r, c))
            continue
        cell_findings = [f for f in named if f.code == "R-CELL"]
        if cell_findings and cell_findings[0].suggested != Decimal(original):
            wrong_suggestions.append((t, r, c, cell_findings[0].suggested, original))
    assert misses == []
    assert wrong_suggestions == []


def test_every_cell_report_level_2021_seed_000():
    """The same over seed 000 at the report level (edits as the window makes them), with the
    single-cell fault always pinned to its cell in table 三."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        base = check_path(build_docx(standard_spec("000"), Path(d) / "b.docx"))
    assert errors(base) == []
    for t, r, c in _cells("2021"):
        value = base.report.value(t, r, c)
        result = base.recheck({(t, r, c): str(value + 5)})
        errs = errors(result)
        assert any((t, r, c) in [(x.table, x.row, x.col) for x in f.cells] for f in errs), (t, r, c)
        if t == "三":  # every cell of 三 sits in at least two identities: one finding, the right value
            assert [f.code for f in errs] == ["R-CELL"], (t, r, c, [f.message for f in errs])
            assert errs[0].suggested == value and errs[0].target.row == r and errs[0].target.col == c
        else:
            assert len(errs) == 1 and errs[0].code == "R5"
        # applying the suggestion clears the error
        fixed = result.recheck({(errs[0].target.table, errs[0].target.row, errs[0].target.col): str(errs[0].suggested)})
        assert errors(fixed) == []
