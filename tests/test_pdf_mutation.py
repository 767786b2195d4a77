"""Mutation through PDF: seed 003 (2021 format) with one data cell of 三 or 四 changed by ±1, made
into a PDF by LibreOffice, yields an error naming that cell (and R-CELL, where it pins the cell,
suggests the original value). A deterministic sample of 40 cells of 三 (every fourth-or-so, over
all rows and columns) and every cell of 四: 55 documents converted in one LibreOffice run (the
full 190 would take several minutes of LibreOffice on the shared machine)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.formats import FORMATS
from tests.engine_helpers import errors, standard_spec
from tests.fixtures.docx_builder import build_docx
from tests.fixtures.pdf_fixtures import convert_to_pdf, soffice
from tests.pdf_helpers import check_pdf

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice not installed")


def _cells():
    fmt = FORMATS["2021"]
    t3 = [("三", r, c) for (r, c) in fmt.table("三").cells]
    t4 = [("四", r, c) for (r, c) in fmt.table("四").cells]
    step = len(t3) / 40
    sample = [t3[int(i * step)] for i in range(40)]
    return sample + t4


CELLS = _cells()


def _mutated(raw: str, i: int) -> str:
    v = int(raw)
    return str(v + 1) if (i % 2 == 0 or v == 0) else str(v - 1)


@pytest.fixture(scope="module")
def mutated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mut")
    docs = {}
    base = standard_spec("003")
    docs["base"] = build_docx(base, folder / "base.docx")
    originals = {}
    for i, (t, r, c) in enumerate(CELLS):
        s = standard_spec("003")
        table = s.t3 if t == "三" else s.t4
        originals[(t, r, c)] = table[(r, c)]
        table[(r, c)] = _mutated(table[(r, c)], i)
        docs[(t, r, c)] = build_docx(s, folder / f"m{i:03d}.docx")
    pdfs = convert_to_pdf(docs.values(), folder / "pdf")
    return {k: pdfs[v] for k, v in docs.items()}, originals


def test_sample_covers_rows_and_columns():
    rows3 = {r for t, r, c in CELLS if t == "三"}
    cols3 = {c for t, r, c in CELLS if t == "三"}
    assert len(CELLS) == 55 and len(rows3) >= 20 and len(cols3) == 7


def test_unchanged_report_has_no_error(mutated):
    pdfs, _ = mutated
    assert errors(check_pdf(pdfs["base"])) == []


def test_every_mutated_cell_is_named(mutated):
    pdfs, originals = mutated
    misses, wrong = [], []
    for key in CELLS:
        result = check_pdf(pdfs[key])
        named = [f for f in errors(result) if key in [(x.table, x.row, x.col) for x in f.cells]]
        if not named:
            misses.append(key)
            continue
        pinned = [f for f in named if f.code == "R-CELL"]
        if pinned and pinned[0].suggested != Decimal(originals[key]):
            wrong.append((key, pinned[0].suggested, originals[key]))
        # the finding's cell knows its page and box in the PDF
        cell = result.report.cell(*key)
        assert cell.pos.kind == "pdf" and cell.pos.page and cell.pos.box
    assert misses == []
    assert wrong == []
