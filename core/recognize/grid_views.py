"""Views over a grid shared by the table recognizers: a row seen once per distinct cell, value-ish
cells, the mapping of grid columns to column keys from header rows, and the keyed cell made from a
grid cell."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..fastdc import dataclass  # = dataclasses.dataclass, cheaper at import (start-up)
from ..formats.base import ColumnSpec
from ..model import Cell, Grid, GridCell, Label
from ..numbers import parse_number
from ..text import norm_label

LEAD_NUMBER = re.compile(r"^(?:\d+|[一二三四五六七八九十]+|\([一二三四五六七八九十\d]+\))[.、,]?")


def is_valueish(text: str) -> bool:
    """A cell that holds a number (or a blank marker) rather than a label."""
    t = text.strip()
    if not t:
        return False
    p = parse_number(t)
    return p.status in ("number", "blank")


@dataclass
class RowView:
    grid: Grid
    r: int
    cells: list[GridCell]  # one per grid column (merged copies included)

    def norm(self) -> str:
        seen = set()
        parts = []
        for c in self.cells:
            if c.origin in seen:
                continue
            seen.add(c.origin)
            parts.append(norm_label(c.text))
        return "".join(parts)

    def distinct(self, upto: int | None = None) -> list[tuple[int, GridCell]]:
        """(grid column, cell) for each distinct cell of the row (merged copies skipped)."""
        out, seen = [], set()
        for c, cell in enumerate(self.cells[:upto] if upto is not None else self.cells):
            if cell.origin in seen:
                continue
            seen.add(cell.origin)
            out.append((c, cell))
        return out


def label_of(cell: GridCell, grid: Grid) -> Label:
    return Label(cell.text, cell.pos, grid.index, cell.origin)


def make_cell(table: str, row: str, col: str, cell: GridCell, grid: Grid) -> Cell:
    text = cell.text
    return Cell(table, row, col, text, parse_number(text, unknown=cell.unknown), cell.pos, grid.index, cell.origin,
                cell.formula)


def leaf_columns(header_rows: list[RowView], specs: tuple[ColumnSpec, ...], width: int,
                 skip: tuple[str, ...] = (),
                 fallback: Callable[[str], ColumnSpec | None] | None = None,
                 skip_if: Callable[[str], bool] | None = None) -> dict[int, str]:
    """grid column → column key, from the lowest header cell of each column that names a column
    (alone, or joined with the cells above it: a header split over lines). Header cells holding one
    of the ``skip`` words, or for which ``skip_if`` (given the comparison form) says so, group
    columns and name none (法人或其他组织 over 商业企业 … 其他). Where no header text names a column by
    its fragments, ``fallback`` may still place it (a typo)."""
    out: dict[int, str] = {}
    for c in range(width):
        acc = ""
        lowest = ""
        for hv in reversed(header_rows):
            text = norm_label(hv.cells[c].text) if c < len(hv.cells) else ""
            if not text or (skip and any(w in text for w in skip)) or (skip_if is not None and skip_if(text)):
                continue
            lowest = lowest or text
            acc = text + acc
            hit = next((s for s in specs if s.matches(text)), None) or next((s for s in specs if s.matches(acc)), None)
            if hit:
                out[c] = hit.key
                break
        else:
            if fallback is not None and lowest:
                hit = fallback(lowest) or (fallback(acc) if acc != lowest else None)
                if hit is not None:
                    out[c] = hit.key
    return out


def column_heads(header_rows: list[RowView], c: int, skip: Callable[[str, GridCell, RowView], bool]) -> list[str]:
    """The texts of the header cells over grid column ``c``, top down (a head split over lines:
    商业 / 企业, 结果 / 维持): each merged cell once, none that ``skip(normalised text, cell, row)``
    rejects, a text repeated right under itself (merges undone) once."""
    parts: list[str] = []
    seen = set()
    for hv in header_rows:
        cell = hv.cells[c] if c < len(hv.cells) else None
        if cell is None or cell.origin in seen or not cell.text.strip():
            continue
        seen.add(cell.origin)
        text = norm_label(cell.text)
        if skip(text, cell, hv) or parts and norm_label(parts[-1]) == text:
            continue
        parts.append(cell.text.strip())
    return parts


def dedupe_columns(mapping: dict[int, str]) -> dict[str, int]:
    """column key → the first grid column that carries it."""
    out: dict[str, int] = {}
    for c in sorted(mapping):
        out.setdefault(mapping[c], c)
    return out


def row_values(rv: RowView, cols: dict[str, int] | None, first_data: int, keys: list[str]) -> dict[str, GridCell]:
    """column key → grid cell. Uses the header mapping where the row agrees with it, else the
    right-most value cells of the row in order."""
    out: dict[str, GridCell] = {}
    if cols:
        ok = 0
        for key in keys:
            c = cols.get(key)
            if c is not None and c < len(rv.cells):
                cell = rv.cells[c]
                if cell.origin[1] >= first_data:
                    out[key] = cell
                    if is_valueish(cell.text) or cell.unknown:
                        ok += 1
        if ok >= max(1, len(keys) - 2) or len(out) == len(keys) and ok > 0:
            return out
        if ok == 0 and all(not cell.text.strip() for cell in out.values()) and len(out) == len(keys):
            return out  # an all-blank row: W-blank will say so
    # positional: the last len(keys) distinct cells at or after the first data column
    distinct = [(c, cell) for c, cell in rv.distinct() if c >= first_data]
    tail = distinct[-len(keys):] if len(distinct) >= len(keys) else distinct
    return {key: cell for key, (c, cell) in zip(keys[-len(tail):] if tail else [], tail)}
