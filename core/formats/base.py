"""The shapes the format modules fill in. The format is data: a new revision is one new module.

A label is recognized by ``match``: a tuple of alternatives, each alternative a tuple of fragments
that must all occur in the label's comparison form (``core.text.norm_label``). Whether a label is
*standard* is decided separately, by comparing its comparison form with ``label`` and ``accepted``.
"""

from __future__ import annotations

from dataclasses import field

from ..fastdc import dataclass  # = dataclasses.dataclass, cheaper at import (start-up)
from ..text import norm_label

CellKey = tuple[str, str]  # (row key, column key)


class _Label:
    """Matching shared by row and column specs."""

    label: str
    match: tuple[tuple[str, ...], ...]
    accepted: tuple[str, ...]
    exclude: tuple[str, ...]

    def matches(self, normalized: str) -> bool:
        if any(x in normalized for x in self.exclude):
            return False
        return any(all(part in normalized for part in alt) for alt in self.match)

    def is_standard(self, text: str) -> bool:
        n = norm_label(text)
        return n == norm_label(self.label) or any(n == norm_label(a) for a in self.accepted)


@dataclass(frozen=True)
class RowSpec(_Label):
    key: str
    label: str
    match: tuple[tuple[str, ...], ...]
    group: str | None = None
    accepted: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()  # fragments that rule the row out (e.g. 不同意 for 同意公开)
    context: str | None = None  # pre-2019: only inside this group
    sets_context: str | None = None


@dataclass(frozen=True)
class ColumnSpec(_Label):
    key: str
    label: str
    match: tuple[tuple[str, ...], ...]
    kind: str = "count"  # count | signed | amount
    accepted: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Block:
    """A block of table 二 (第二十条第（x）项): its title, its columns and its rows."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[str, ...]


@dataclass(frozen=True)
class Identity:
    """``sum(lhs) == sum(rhs)``. ``derived`` is the cell that is a total of the others, if any."""

    code: str
    lhs: tuple[CellKey, ...]
    rhs: tuple[CellKey, ...]
    derived: CellKey | None
    description: str

    @property
    def cells(self) -> tuple[CellKey, ...]:
        return self.lhs + self.rhs


@dataclass(frozen=True)
class TableSpec:
    key: str  # "二" | "三" | "四" | "统计表"
    title: str
    rows: tuple[RowSpec, ...]
    columns: tuple[ColumnSpec, ...]
    cells: tuple[CellKey, ...]
    identities: tuple[Identity, ...] = ()
    blocks: tuple[Block, ...] = ()

    def row(self, key: str) -> RowSpec:
        return next(r for r in self.rows if r.key == key)

    def column(self, key: str) -> ColumnSpec:
        return next(c for c in self.columns if c.key == key)

    def has_row(self, key: str) -> bool:
        return any(r.key == key for r in self.rows)


@dataclass(frozen=True)
class SectionSpec:
    key: str  # 一 … 六
    title: str  # standard title without the number, e.g. 总体情况
    variants: tuple[str, ...]  # wordings seen in real reports (recognized, but not standard)
    match: tuple[tuple[str, ...], ...]  # fuzzy recognition (fragments), used with a matching number

    @property
    def standard_heading(self) -> str:
        return f"{self.key}、{self.title}"


@dataclass(frozen=True)
class FormatSpec:
    key: str  # "2021" | "2019" | "pre-2019"
    name: str  # Chinese name shown to the clerk
    document: str  # the notice that issued it
    sections: tuple[SectionSpec, ...]
    tables: dict[str, TableSpec] = field(default_factory=dict)
    first_year: int | None = None
    last_year: int | None = None
    short_name: str = ""  # for lists and columns (batch table, filters): 2021 年版

    @property
    def display_name(self) -> str:
        """The name shown where there is room: 2021年版格式（国办公开办函〔2021〕30号）."""
        return f"{self.name}（{self.document}）"

    def table(self, key: str) -> TableSpec | None:
        return self.tables.get(key)
