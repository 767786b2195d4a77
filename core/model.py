"""The document model (what a reader produced) and the report model (what recognition made of it).

``Document`` knows nothing of the format: paragraphs and grids, each piece knowing where it stands in
the source file. ``Report`` is the format's view of a document: sections, keyed table cells, year,
agency. Rules read a ``Report``; the GUI edits a ``Report`` through ``with_values``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Union

from .numbers import ParsedNumber, parse_number
from .texts import say

if TYPE_CHECKING:  # pragma: no cover
    from .formats import FormatSpec


# ----- where a thing is in the source file ----------------------------------------------------


@dataclass(frozen=True)
class SourcePos:
    """A position in the source file.

    docx: ``table`` is the 1-based number of the Word table in document order (nested tables
    counted where they stand), ``row`` the 1-based row, ``col`` the 1-based grid column, ``tc`` the
    0-based index of the w:tc element in its w:tr; ``paragraph`` the 0-based index of a body
    paragraph among all w:p of the body (in document order, those in tables included).
    xlsx: ``sheet`` and ``ref`` (A1), with ``row``/``col`` 1-based.
    pdf: ``page`` (1-based) and ``box`` (x0, top, x1, bottom in points from the page's top-left
    corner) of the cell or paragraph; ``table``/``row``/``col`` as for docx, rows counted over the
    whole table when it continues over several pages; ``ordinal`` for paragraphs.
    """

    kind: str  # "docx" | "xlsx" | "pdf" | "html" (table/row/col as for docx, ordinal among the page's paragraphs)
    table: int | None = None
    row: int | None = None
    col: int | None = None
    tc: int | None = None
    sheet: str | None = None
    ref: str | None = None
    paragraph: int | None = None
    ordinal: int | None = None  # 1-based number among the non-empty paragraphs of the body text
    via: str | None = None  # an old .doc/.xls converted first: the program that converted it
    page: int | None = None  # pdf: 1-based page number
    box: tuple[float, float, float, float] | None = None  # pdf: x0, top, x1, bottom in pt from the page's top-left


    def describe(self) -> str:
        """Chinese wording a clerk understands, e.g. 第3个表格第5行第4列 or 工作表「表三」C7
        (the wordings are catalogued in ``core.texts``)."""
        where = self._describe()
        if self.via and where:
            return say("pos-converted", where=where, via=self.via)
        return where

    def _describe(self) -> str:
        if self.kind == "html":  # a saved web page: only what a reviewer sees in the browser
            if self.table is not None:
                return say("pos-web-cell", table=self.table, row=self.row, col=self.col)
            return say("pos-web-paragraph", ordinal=self.ordinal) if self.ordinal is not None else say("pos-web-title")
        if self.kind == "xlsx":
            return say("pos-sheet-cell", sheet=self.sheet, ref=self.ref) if self.ref else say("pos-sheet", sheet=self.sheet)
        if self.kind == "pdf":
            if self.row is not None:
                if self.page is None:
                    return say("pos-pdf-cell", row=self.row, col=self.col)
                return say("pos-page-cell", page=self.page, row=self.row, col=self.col)
            if self.ordinal is not None:
                if self.page is None:
                    return say("pos-paragraph", ordinal=self.ordinal)
                return say("pos-page-paragraph", page=self.page, ordinal=self.ordinal)
            return say("pos-page", page=self.page) if self.page is not None else ""
        if self.table is not None:
            return say("pos-cell", table=self.table, row=self.row, col=self.col)
        if self.ordinal is not None:
            return say("pos-paragraph", ordinal=self.ordinal)
        if self.paragraph is not None:
            return say("pos-paragraph-index", number=self.paragraph + 1)
        return ""

    def to_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


# ----- the document as read -------------------------------------------------------------------


@dataclass
class GridCell:
    """One cell of a grid. A merged area's text sits in its top-left cell (``origin`` is itself);
    the other cells of the area point to it through ``origin`` and carry the same text."""

    text: str
    pos: SourcePos
    origin: tuple[int, int]  # (row, col) of the merged area's top-left cell in this grid
    formula: str | None = None
    unknown: bool = False  # a formula whose value the file does not hold


@dataclass
class Grid:
    """A table as a rectangular grid: every row has ``width`` cells, merges resolved."""

    index: int  # 1-based number of this table among the document's tables / sheet order in a workbook
    rows: list[list[GridCell]]
    source: str  # "docx" | "xlsx"
    sheet: str | None = None
    nested: bool = False
    outside: bool = False  # not part of the report (page chrome, another report): kept, not checked

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def is_origin(self, r: int, c: int) -> bool:
        return self.rows[r][c].origin == (r, c)


@dataclass
class Paragraph:
    text: str  # the text as shown, list number included (e.g. "一、总体情况")
    number: str = ""  # the part of ``text`` that comes from list numbering, if any
    style: str = ""
    heading_level: int | None = None  # from the style (Heading n / 标题 n) or outline level
    bold: bool = False
    centered: bool = False
    pos: SourcePos | None = None
    outside: bool = False  # text around the report (page chrome, footer, another report): shown greyed, not checked


Block = Union[Paragraph, Grid]


@dataclass
class Document:
    path: Path
    kind: str  # "docx" | "xlsx"
    blocks: list[Block]
    # reader remarks for the clerk (cut short, WPS, …): worded, or (code, fields) of one of the
    # findings catalogue's I-read-… kinds (converted, extension mismatch …)
    notes: list = field(default_factory=list)
    producer: str = ""  # application that saved the file (Word, WPS Office, …)
    converted: object = None  # core.readers.convert.Converted when an old .doc/.xls was converted first

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def grids(self) -> list[Grid]:
        return [b for b in self.blocks if isinstance(b, Grid)]


# ----- the report as recognized ---------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A keyed value cell of one of the three tables (or of the pre-2019 statistical table)."""

    table: str
    row: str
    col: str
    raw: str
    number: ParsedNumber
    pos: SourcePos | None
    grid: int | None = None  # index of the Grid it was read from
    grid_rc: tuple[int, int] | None = None  # (row, col) in that grid, 0-based
    formula: str | None = None
    edited: bool = False
    parts: tuple["Cell", ...] = ()  # sub-rows summed into this cell (2019 其他对外管理服务事项)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.table, self.row, self.col)


@dataclass(frozen=True)
class Label:
    """A row or column label as the report writes it, where it was found."""

    text: str
    pos: SourcePos | None
    grid: int | None = None
    grid_rc: tuple[int, int] | None = None


@dataclass
class TableData:
    key: str
    found: bool = False
    grids: list[int] = field(default_factory=list)
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    row_labels: dict[str, Label] = field(default_factory=dict)
    col_labels: dict[str, Label] = field(default_factory=dict)
    group_labels: dict[str, Label] = field(default_factory=dict)
    stray: list[Label] = field(default_factory=list)  # text in a label column where none belongs
    extra_rows: list[Label] = field(default_factory=list)  # rows not in the format (kept, reported)

    def value(self, row: str, col: str):
        cell = self.cells.get((row, col))
        return None if cell is None else cell.number.effective


@dataclass
class Section:
    key: str
    status: str  # "standard" | "nonstandard" | "missing"
    heading: Paragraph | None = None
    heading_index: int | None = None  # index in document.blocks
    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)  # table keys found inside this section

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass
class Report:
    document: Document
    format: "FormatSpec | None"
    year: int | None
    agency: str | None
    title: Paragraph | None
    sections: dict[str, Section]
    tables: dict[str, TableData]
    other_headings: list[Paragraph] = field(default_factory=list)  # chapter headings outside the six
    format_evidence: list[str] = field(default_factory=list)
    bounds: object = None  # core.recognize.bounds.Bounds: where the report stands in the document

    @property
    def format_key(self) -> str | None:
        return self.format.key if self.format else None

    @cached_property
    def paragraphs_in_sections(self) -> list[tuple[int, str | None, Paragraph]]:
        """(block index, section key or None, paragraph) for every paragraph, in order: the
        section is the last recognized heading at or before it. Computed once per report."""
        starts = sorted((s.heading_index, k) for k, s in self.sections.items() if s.heading_index is not None)
        out, k, current = [], 0, None
        for i, b in enumerate(self.document.blocks):
            while k < len(starts) and starts[k][0] <= i:
                current = starts[k][1]
                k += 1
            if isinstance(b, Paragraph) and not b.outside:
                out.append((i, current, b))
        return out

    def cell(self, table: str, row: str, col: str) -> Cell | None:
        t = self.tables.get(table)
        return t.cells.get((row, col)) if t else None

    def value(self, table: str, row: str, col: str):
        t = self.tables.get(table)
        return t.value(row, col) if t else None

    def all_cells(self) -> list[Cell]:
        return [c for t in self.tables.values() for c in t.cells.values()]

    def with_values(self, edits: dict[tuple[str, str, str], str]) -> "Report":
        """A new report in which the given cells hold new text (the clerk's edits or accepted
        suggestions). The document and everything else are shared, not copied."""
        if not edits:
            return self
        tables = dict(self.tables)
        for (tkey, row, col), text in edits.items():
            t = tables.get(tkey)
            if t is None:
                continue
            if t is self.tables.get(tkey):
                t = replace(t, cells=dict(t.cells))
                tables[tkey] = t
            old = t.cells.get((row, col))
            text = "" if text is None else str(text)
            if old is None:
                t.cells[(row, col)] = Cell(tkey, row, col, text, parse_number(text), None, edited=True)
            else:
                t.cells[(row, col)] = replace(old, raw=text, number=parse_number(text), edited=True, parts=())
        return replace(self, tables=tables)
