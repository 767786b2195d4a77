"""Hand-built reports for the rule unit tests: the tables are given as plain numbers worked out here
(the row and column keys written out again, not read from core.formats), then wrapped in the core's
Report so that one rule family can be run on it without any reader or recognizer."""

from __future__ import annotations

from pathlib import Path

from core.formats import FORMATS
from core.model import Cell, Document, Paragraph, Report, Section, SourcePos, TableData
from core.numbers import parse_number

APPLICANTS = ["natural", "commercial", "research", "public_interest", "legal_service", "other_org"]
OUTCOMES_2021 = (["granted", "partial"] + [f"withheld_{i}" for i in range(1, 9)] + [f"unable_{i}" for i in range(1, 4)]
                 + [f"rejected_{i}" for i in range(1, 6)] + [f"other_{i}" for i in range(1, 4)])
REVIEW_ROWS = ["review", "suit_direct", "suit_after_review"]
REVIEW_PARTS = ["upheld", "corrected", "other", "pending"]
SECTION_KEYS = "一二三四五六"


def table3() -> dict[tuple[str, str], int]:
    """A table 三 (2021) whose every sum holds."""
    v: dict[tuple[str, str], int] = {}
    for i, row in enumerate(OUTCOMES_2021):
        for j, col in enumerate(APPLICANTS):
            v[(row, col)] = (i * 7 + j * 3) % 5
    for j, col in enumerate(APPLICANTS):
        v[("total", col)] = sum(v[(r, col)] for r in OUTCOMES_2021)
        v[("carried_out", col)] = j + 1
        v[("carried_in", col)] = 2
        v[("new", col)] = v[("total", col)] + v[("carried_out", col)] - 2
    for row in ["new", "carried_in"] + OUTCOMES_2021 + ["total", "carried_out"]:
        v[(row, "total")] = sum(v[(row, c)] for c in APPLICANTS)
    return v


def table4() -> dict[tuple[str, str], int]:
    v = {}
    for i, row in enumerate(REVIEW_ROWS):
        for j, col in enumerate(REVIEW_PARTS):
            v[(row, col)] = i + j
        v[(row, "total")] = sum(v[(row, c)] for c in REVIEW_PARTS)
    return v


def table_data(key: str, values: dict[tuple[str, str], object]) -> TableData:
    t = TableData(key, found=True, grids=[1])
    for n, ((row, col), value) in enumerate(values.items()):
        raw = "" if value is None else str(value)
        t.cells[(row, col)] = Cell(key, row, col, raw, parse_number(raw), SourcePos("docx", table=1, row=n + 1, col=2))
    return t


def report(tables: dict[str, dict] | None = None, *, fmt: str | None = "2021", year: int | None = 2022,
           agency: str | None = "北京市某区人民政府", title: str | None = None,
           sections: dict[str, list[str]] | None = None, kind: str = "docx") -> Report:
    """``sections``: section key → its paragraphs (the heading is written in the standard way)."""
    blocks: list = []
    secs: dict[str, Section] = {}
    title_p = None
    if title is not None:
        title_p = Paragraph(title, pos=SourcePos("docx", paragraph=0))
        blocks.append(title_p)
    fmt_spec = FORMATS.get(fmt) if fmt else None
    for key in SECTION_KEYS:
        if sections is None or key not in sections:
            secs[key] = Section(key, "missing")
            continue
        spec = next(s for s in fmt_spec.sections if s.key == key)
        heading = Paragraph(spec.standard_heading, pos=SourcePos("docx", paragraph=len(blocks)))
        index = len(blocks)
        blocks.append(heading)
        body = [Paragraph(text, pos=SourcePos("docx", paragraph=len(blocks) + i)) for i, text in enumerate(sections[key])]
        blocks.extend(body)
        secs[key] = Section(key, "standard", heading, index, body)
    doc = Document(Path("hand-built.docx"), kind, blocks)
    data = {k: table_data(k, v) for k, v in (tables or {}).items()}
    return Report(doc, fmt_spec, year, agency, title_p, secs, data)
