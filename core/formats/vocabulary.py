"""Every standard wording of a table, gathered from the format data: what a row label written with a
small typo is compared with (``core.recognize.typos``).

Nothing is written here that is not already in the format modules: the row labels (and their
accepted wordings) of a table in every format, and the other standard words the same table shows
(column labels, group labels, header words, block titles). A typo is mapped to a row only when that
row's wording is by far the closest of them all: a label that is written like a column, a group or
another table's label is never taken for a row.
"""

from __future__ import annotations

from functools import lru_cache

from .base import ColumnSpec, RowSpec
from ..fastdc import dataclass

# How far (in edited characters, a swap of two neighbours counting one) a written label may stand
# from the standard one, by the length of the standard label without its leading number: labels of
# up to three characters (规章, 其他) are never guessed at.
TYPO_TOLERANCE: tuple[tuple[int, int], ...] = ((3, 0), (5, 1), (9, 2), (10_000, 3))
# The runner-up (another row, or any other standard wording) must stand at least this much farther
# than the closest row, and at least twice as far: never a guess between two close labels.
TYPO_MARGIN = 2


def tolerance(length: int) -> int:
    for upto, allowed in TYPO_TOLERANCE:
        if length <= upto:
            return allowed
    return 0


@lru_cache(maxsize=None)
def table_rows(table: str) -> tuple[RowSpec, ...]:
    """The row specs of a table in every format, one per wording (a row worded differently in
    another format — 二's 行政规范性文件 / 规范性文件 — appears once per wording; the newest first)."""
    return _specs(table, "row")


@lru_cache(maxsize=None)
def table_columns(table: str) -> tuple[ColumnSpec, ...]:
    """The column specs of a table in every format, one per wording (二's amount: 本年收费金额 /
    采购总金额)."""
    return _specs(table, "col")


def _specs(table: str, kind: str) -> tuple:
    from . import FORMATS

    out: dict = {}
    for fmt in FORMATS.values():
        spec = fmt.table(table)
        if spec is None:
            continue
        for x in spec.rows if kind == "row" else spec.columns:
            out.setdefault((x.key, x.label), x)
    return tuple(out.values())


@dataclass(frozen=True)
class GroupSpec:
    """A group label of a table: over rows (（三）不予公开 over 1.属于国家秘密 …) or over columns
    (法人或其他组织 over 商业企业 … 其他). ``key`` is the key of ``TableData.group_labels``."""

    key: str
    label: str
    over: str  # "rows" | "cols"
    accepted: tuple[str, ...] = ()


def table_groups(table: str) -> tuple[GroupSpec, ...]:
    """The group labels of a table, from the format data (only table 三 has any)."""
    return _GROUPS.get(table, ())


def _groups() -> dict[str, tuple[GroupSpec, ...]]:
    from .common import HEADER_LABELS, REQUEST_GROUPS

    rows = tuple(GroupSpec(key, label, "rows") for key, label in REQUEST_GROUPS.items())
    cols = tuple(GroupSpec(key, HEADER_LABELS[("三", key)], "cols") for key in ("applicants", "orgs"))
    return {"三": rows + cols}


_GROUPS = _groups()


def group_label(table: str, key: str) -> str | None:
    """The standard wording of a group of ``table`` (None for no such group)."""
    return next((g.label for g in table_groups(table) if g.key == key), None)


@lru_cache(maxsize=None)
def other_wordings(table: str, kind: str = "row") -> tuple[str, ...]:
    """The standard wordings a row label (``kind`` "row"), a column label ("col") or a group label
    ("group") of ``table`` must not be taken for: every label of every table and format that is not
    such a label of this table (its columns or rows, groups, header words, block titles, the other
    tables' labels), and the section titles."""
    from . import FORMATS, HEADER_LABELS, REQUEST_GROUPS, SECTIONS

    mine = {"row": table_rows, "col": table_columns, "group": table_groups}[kind](table)
    own = {x.label for x in mine} | {a for x in mine for a in x.accepted}
    words: list[str] = []
    for fmt in FORMATS.values():
        for key, spec in fmt.tables.items():
            words.append(spec.title)
            words.extend(b.title for b in spec.blocks)
            for x in spec.rows + spec.columns:
                words.append(x.label)
                words.extend(x.accepted)
    words.extend(HEADER_LABELS.values())
    words.extend(REQUEST_GROUPS.values())
    words.extend(s.title for s in SECTIONS)
    return tuple(dict.fromkeys(w for w in words if w not in own))


__all__ = [
    "GroupSpec", "TYPO_MARGIN", "TYPO_TOLERANCE", "group_label", "other_wordings", "table_columns", "table_groups",
    "table_rows", "tolerance",
]
