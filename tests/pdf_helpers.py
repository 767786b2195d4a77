"""Shared by the PDF tests: the writers present (LibreOffice, Qt), comparison of a PDF's check
result with the .docx it was made from, a seed without its stray cells."""

from __future__ import annotations

import inspect
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from core.check import check_document, check_path
from core.readers.pdf import read_pdf
from tests.engine_helpers import signature
from tests.fixtures.pdf_fixtures import soffice
from tests.fixtures.seeds import SEEDS

try:
    import PySide6  # noqa: F401

    HAVE_QT = True
except ImportError:  # pragma: no cover
    HAVE_QT = False

needs_lo = pytest.mark.skipif(soffice() is None, reason="LibreOffice not installed")
needs_qt = pytest.mark.skipif(not HAVE_QT, reason="PySide6 not installed")


def no_stray(key: str):
    """A seed's spec without its stray cells (seed 000's "0" in a label cell)."""
    spec = SEEDS[key].copy()
    spec.stray_cells = []
    return spec


def check_pdf(path: Path):
    path = Path(path)
    return check_document(read_pdf(path, path.read_bytes()))


def docx_only_codes() -> set[str]:
    """Codes of the text rules that still read only .docx documents (core/rules/text.py tests
    ``kind != "docx"``): while so, their findings cannot come from a PDF. Self-healing: once the
    rules read PDFs too, this set is empty and the comparison is exact."""
    import core.rules.text as text_rules

    src = inspect.getsource(text_rules)
    return {"R9", "W-placeholder", "W-terms", "W-topics"} if 'kind != "docx"' in src else set()


def compare(pdf_result, docx_result, ignore: set[str] = frozenset()):
    """(signature differences, value differences) between the two results."""
    skip = docx_only_codes() | set(ignore)
    sp = Counter({k: v for k, v in signature(pdf_result).items() if k[0] not in skip})
    sd = Counter({k: v for k, v in signature(docx_result).items() if k[0] not in skip})
    sig_diff = (sorted((sp - sd).elements()), sorted((sd - sp).elements()))
    values = []
    for t, td in docx_result.report.tables.items():
        for (row, col), cell in td.cells.items():
            got = pdf_result.report.cell(t, row, col)
            if got is None or got.number.effective != cell.number.effective:
                values.append((t, row, col, cell.raw, None if got is None else got.raw))
        extra = set(pdf_result.report.tables.get(t).cells) - set(td.cells) if t in pdf_result.report.tables else set()
        values.extend((t, r, c, None, "extra") for r, c in extra)
    return sig_diff, values


def assert_same_as_docx(pdf_path: Path, docx_path: Path, ignore: set[str] = frozenset()):
    pdf_result = check_pdf(pdf_path)
    docx_result = check_path(docx_path)
    assert pdf_result.report.document.kind == "pdf"
    assert pdf_result.report.format_key == docx_result.report.format_key
    assert pdf_result.report.year == docx_result.report.year
    (only_pdf, only_docx), values = compare(pdf_result, docx_result, ignore)
    assert only_pdf == [] and only_docx == [], (only_pdf, only_docx)
    assert values == []
    return pdf_result, docx_result


def value(result, t, row, col) -> Decimal | None:
    return result.report.value(t, row, col)
