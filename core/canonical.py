"""The report's tables in the canonical keys of docs/FORMAT.md §7, for machine-readable output, the
archive and the cross-year checks.

``tables_json(report)`` → ``{"二": {row: {col: value}}, "三": …, "四": …}``: every cell the report's
format has, numbers as numbers (an ``int`` when integral, a ``float`` otherwise — money keeps its
decimals), ``None`` (JSON ``null``) for a blank or unreadable cell. The same keys for every input
format.
"""

from __future__ import annotations

from decimal import Decimal

from .model import Report

TABLE_KEYS = ("二", "三", "四")


def number_json(v) -> int | float | None:
    """A Decimal as a JSON number: int when integral, float otherwise, None for no value."""
    if v is None:
        return None
    d = Decimal(v)
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def cell_value(report: Report, table: str, row: str, col: str) -> Decimal | None:
    """The number a cell holds (``None`` when blank, unreadable or absent)."""
    c = report.cell(table, row, col)
    if c is None or not c.number.is_number:
        return None
    return c.number.value


def table_values(report: Report) -> dict[str, dict[str, dict[str, Decimal | None]]]:
    """{table: {row: {col: Decimal | None}}} over every cell of the format (exact values)."""
    out: dict[str, dict[str, dict[str, Decimal | None]]] = {}
    fmt = report.format
    if fmt is None:
        return out
    for tkey in TABLE_KEYS:
        spec = fmt.table(tkey)
        if spec is None:
            continue
        rows: dict[str, dict[str, Decimal | None]] = {}
        for row, col in spec.cells:
            rows.setdefault(row, {})[col] = cell_value(report, tkey, row, col)
        out[tkey] = rows
    return out


def tables_json(report: Report) -> dict:
    """The canonical ``"tables"`` object of the JSON output."""
    return {t: {r: {c: number_json(v) for c, v in cols.items()} for r, cols in rows.items()}
            for t, rows in table_values(report).items()}


__all__ = ["TABLE_KEYS", "cell_value", "number_json", "table_values", "tables_json"]
