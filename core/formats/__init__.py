"""The format as data. Every label, row, column and identity the checker knows lives here."""

from __future__ import annotations

from .base import Block, CellKey, ColumnSpec, FormatSpec, Identity, RowSpec, SectionSpec, TableSpec
from .common import HEADER_LABELS, REQUEST_GROUP_MATCH, REQUEST_GROUPS, REQUEST_NOTE, SECTIONS
from .pre2019 import FORMAT as PRE2019
from .v2019 import FORMAT as V2019
from .v2021 import FORMAT as V2021

FORMATS: dict[str, FormatSpec] = {f.key: f for f in (V2021, V2019, PRE2019)}
CURRENT = V2021
TABLE_KEYS = ("二", "三", "四")
UNKNOWN_FORMAT_NAME = "未能判断"  # shown where a report's format could not be decided
SECTION_KEYS = tuple(s.key for s in SECTIONS)


def expected_format(year: int | None) -> FormatSpec | None:
    """The format a report of that year must use."""
    if year is None:
        return None
    for fmt in FORMATS.values():
        if (fmt.first_year is None or year >= fmt.first_year) and (fmt.last_year is None or year <= fmt.last_year):
            return fmt
    return None


__all__ = [
    "Block", "CellKey", "ColumnSpec", "FormatSpec", "Identity", "RowSpec", "SectionSpec", "TableSpec",
    "FORMATS", "CURRENT", "V2021", "V2019", "PRE2019", "SECTIONS", "TABLE_KEYS", "SECTION_KEYS",
    "REQUEST_GROUPS", "REQUEST_GROUP_MATCH", "REQUEST_NOTE", "HEADER_LABELS", "expected_format", "UNKNOWN_FORMAT_NAME",
]
