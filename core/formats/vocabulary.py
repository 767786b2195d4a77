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

from .base import RowSpec

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
    """The row specs of a table in every format (the newest first, one per key)."""
    from . import FORMATS

    out: dict[str, RowSpec] = {}
    for fmt in FORMATS.values():
        spec = fmt.table(table)
        if spec is None:
            continue
        for r in spec.rows:
            out.setdefault(r.key, r)
    return tuple(out.values())


@lru_cache(maxsize=None)
def other_wordings(table: str) -> tuple[str, ...]:
    """The standard wordings a row label of ``table`` must not be taken for: every label of every
    table and format that is not a row label of this table (columns, groups, header words, block
    titles, the other tables' rows), and the section titles."""
    from . import FORMATS, HEADER_LABELS, REQUEST_GROUPS, SECTIONS

    own = {r.label for r in table_rows(table)} | {a for r in table_rows(table) for a in r.accepted}
    words: list[str] = []
    for fmt in FORMATS.values():
        for key, spec in fmt.tables.items():
            words.append(spec.title)
            words.extend(c.label for c in spec.columns)
            words.extend(a for c in spec.columns for a in c.accepted)
            words.extend(b.title for b in spec.blocks)
            if key != table:
                words.extend(r.label for r in spec.rows)
    words.extend(HEADER_LABELS.values())
    words.extend(REQUEST_GROUPS.values())
    words.extend(s.title for s in SECTIONS)
    return tuple(dict.fromkeys(w for w in words if w not in own))


__all__ = ["TYPO_MARGIN", "TYPO_TOLERANCE", "other_wordings", "table_rows", "tolerance"]
