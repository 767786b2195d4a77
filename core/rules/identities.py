"""R1, R3, R4, R5 (tables 三 and 四) and the old table's internal sums (P1).

The identities are data in ``core.formats``. A failing identity names its cells, the computed sum
and the stated total. When several failing identities are all explained by one cell — changing that
cell by the same amount fixes every identity it takes part in and breaks none that holds — they are
reported once, as that cell (R-CELL), with the value that makes them hold. Otherwise a total is
suggested from its parts, since detail rows are primary data and totals are derived.
"""

from __future__ import annotations

from decimal import Decimal

from ..fastdc import dataclass  # = dataclasses.dataclass, cheaper at import (start-up)
from ..findings import CellRef, Finding, make, phrase
from ..formats.base import CellKey, Identity
from ..model import Report
from ..numbers import format_value
from ..formats.naming import TABLE_NAMES, cell_name, col_name, location_of, row_name, short_cell_name


_LIST_MAX = 12


@dataclass
class _Eval:
    ident: Identity
    lhs: Decimal
    rhs: Decimal
    blank: frozenset[CellKey] = frozenset()  # cells of the identity left empty (counted as 0)

    @property
    def diff(self) -> Decimal:
        return self.lhs - self.rhs


def _where(report: Report, table: str, ident: Identity) -> str:
    fmt = report.format
    if ident.code == "R4":
        return phrase("place-row", name=row_name(fmt, table, ident.lhs[0][0]))
    if ident.code in ("R1", "R3"):
        return phrase("place-col", name=col_name(fmt, table, ident.lhs[0][1]))
    if ident.code == "R5":
        return phrase("place-item", name=row_name(fmt, table, ident.lhs[0][0]))
    return ""


def _is_empty(cell) -> bool:
    """A cell left empty: counted as 0 in a sum, but no figure. A mark such as 「—」「/」「无」 is the
    clerk's way of writing none, and is taken as a 0 that was written."""
    return cell is not None and cell.number.status == "blank" and not cell.raw.strip()


def _blank(report: Report, tkey: str, key: CellKey) -> bool:
    return _is_empty(report.cell(tkey, *key))


def _stated(report: Report, tkey: str, key: CellKey, value: Decimal) -> str:
    """「填的是 5」; 「未填（空白）」 for an empty cell, 「填的是「—」（按 0 计算）」 for a mark: never a bare 0."""
    cell = report.cell(tkey, *key)
    if _is_empty(cell):
        return phrase("stated-blank")
    if cell is not None and cell.number.status == "blank":
        return phrase("stated-mark", raw=cell.raw.strip())
    return phrase("stated", value=value)


def check_identities(report: Report) -> list[Finding]:
    if report.format is None:
        return []
    findings: list[Finding] = []
    for tkey, data in report.tables.items():
        spec = report.format.table(tkey)
        if spec is None or not spec.identities:
            continue
        evals: list[_Eval] = []
        unknown: list[Identity] = []
        for ident in spec.identities:
            cells = [data.cells.get(k) for k in ident.cells]
            if any(c is None for c in cells):
                continue  # a missing cell is T1's business
            values = [c.number.effective for c in cells]
            if any(v is None for v in values):
                unknown.append(ident)
                continue
            n = len(ident.lhs)
            blank = frozenset(k for k, c in zip(ident.cells, cells) if _is_empty(c))
            evals.append(_Eval(ident, sum(values[:n], Decimal(0)), sum(values[n:], Decimal(0)), blank))
        findings.extend(_explain(report, tkey, evals))
        if unknown:
            findings.append(
                make(
                    "I-unknown-relations",
                    table=tkey if tkey in ("三", "四") else None,
                    table_name=TABLE_NAMES.get(tkey, tkey),
                    count=len(unknown),
                )
            )
    return findings


def _explain(report: Report, tkey: str, evals: list[_Eval]) -> list[Finding]:
    failing = [e for e in evals if e.diff != 0]
    if not failing:
        return []
    holding = {id(e.ident) for e in evals if e.diff == 0}
    by_cell: dict[CellKey, list[_Eval]] = {}
    for e in evals:
        for k in e.ident.cells:
            by_cell.setdefault(k, []).append(e)
    candidates = []
    for key in {k for e in failing for k in e.ident.cells}:
        involved = by_cell[key]
        if any(id(e.ident) in holding for e in involved) or len(involved) < 2:
            continue
        if any(e.blank - {key} for e in involved):
            continue  # the value that would fix it rests on blank cells: not a figure to suggest
        deltas = {(-e.diff if key in e.ident.lhs else e.diff) for e in involved}
        if len(deltas) != 1:
            continue
        delta = deltas.pop()
        current = report.value(tkey, *key)
        if current is None or current + delta < 0:
            continue
        is_derived = any(e.ident.derived == key for e in involved)
        candidates.append((len(involved), is_derived, key, delta, involved))
    candidates.sort(key=lambda c: (-c[0], not c[1]))
    covered: set[int] = set()
    findings: list[Finding] = []
    for n, _, key, delta, involved in candidates:
        if any(id(e.ident) in covered for e in involved):
            continue
        covered.update(id(e.ident) for e in involved)
        findings.append(_cell_finding(report, tkey, key, delta, involved))
    for e in failing:
        if id(e.ident) not in covered:
            findings.append(_identity_finding(report, tkey, e))
    return findings


def _relation(report: Report, tkey: str, e: _Eval) -> str:
    ident = e.ident
    return phrase("relation-total" if ident.derived is not None else "relation-sides",
                  description=ident.description, lhs=e.lhs, rhs=e.rhs)


def _cell_finding(report: Report, tkey: str, key: CellKey, delta: Decimal, involved: list[_Eval]) -> Finding:
    fmt = report.format
    cell = report.cell(tkey, *key)
    actual = cell.number.effective
    suggested = actual + delta
    return make(
        "R-CELL",
        table=tkey if tkey in ("三", "四") else None,
        section=tkey if tkey in ("三", "四") else None,
        cells=[CellRef(tkey, *key)],
        positions=[cell.pos] if cell.pos else [],
        location=location_of(report, tkey, *key),
        expected=suggested,
        actual=actual,
        suggested=suggested,
        target=CellRef(tkey, *key),
        rules=tuple(sorted({e.ident.code for e in involved})),
        cell_name=cell_name(fmt, tkey, *key),
        stated=_stated(report, tkey, key, actual),
        count=len(involved),
        relations="；".join(_relation(report, tkey, e) for e in involved),
    )


def _item_names(report: Report, tkey: str, keys: list[CellKey]) -> list[str]:
    """Names for a list of cells of one identity: the column when they share a row, the row when
    they share a column."""
    fmt = report.format
    if len({r for r, _ in keys}) == 1:
        return [col_name(fmt, tkey, c) for _, c in keys]
    if len({c for _, c in keys}) == 1:
        return [row_name(fmt, tkey, r) for r, _ in keys]
    return [short_cell_name(fmt, tkey, *k).strip("「」") for k in keys]


def _listing(report: Report, tkey: str, keys: list[CellKey], with_values: bool) -> str:
    names = _item_names(report, tkey, keys)
    items = []
    for k, name in zip(keys, names):
        if not with_values:
            items.append(phrase("place-item", name=name))
        elif _blank(report, tkey, k):
            items.append(phrase("item-blank", name=name))
        else:
            items.append(phrase("item-value", name=name, value=report.value(tkey, *k)))
    more = phrase("more", count=len(items)) if len(items) > _LIST_MAX else ""
    return "、".join(items[:_LIST_MAX]) + more


def _hint(report: Report, tkey: str, e: _Eval) -> tuple[str, Decimal | None, CellRef | None]:
    """The advice, the suggested value and its cell.

    A value is suggested only when it rests on figures: never when a part is blank. With the
    parts all filled, the total is one of two readings: the total or one of the parts is wrong."""
    fmt = report.format
    ident = e.ident
    parts = [k for k in ident.cells if k != ident.derived]
    blank_parts = [k for k in parts if k in e.blank]
    if blank_parts:
        return phrase("blanks", cells=_listing(report, tkey, blank_parts, with_values=False)), None, None
    if ident.derived is None:
        return phrase("check-all"), None, None
    total_name = cell_name(fmt, tkey, *ident.derived)
    target = CellRef(tkey, *ident.derived)
    if ident.derived in e.blank:
        return phrase("blank-total", total_name=total_name, computed=e.rhs), e.rhs, target
    # the parts that hold a figure first: a wrong part is more often a figure than a 0
    ordered = sorted(parts, key=lambda k: report.value(tkey, *k) == 0)
    return (phrase("either", total_name=total_name, computed=e.rhs,
                   parts=_listing(report, tkey, ordered, with_values=True)), e.rhs, target)


def _identity_finding(report: Report, tkey: str, e: _Eval) -> Finding:
    fmt = report.format
    ident = e.ident
    # the derived cell first, then the parts (the candidates)
    keys = ([ident.derived] if ident.derived else []) + [k for k in ident.cells if k != ident.derived]
    cells = [CellRef(tkey, *k) for k in keys]
    positions = [c.pos for k in keys if (c := report.cell(tkey, *k)) is not None and c.pos is not None]
    hint, suggested, target = _hint(report, tkey, e)
    location = location_of(report, tkey, *keys[0])
    table = tkey if tkey in ("三", "四") else None
    diff = format_value(abs(e.diff))
    if ident.code == "R1":
        return make("R1", table=table, section=table, cells=cells, positions=positions, location=location,
                    suggested=suggested, target=target, expected=e.lhs, actual=e.rhs,
                    where=_where(report, tkey, ident), lhs=e.lhs, rhs=e.rhs, diff=diff, hint=hint)
    stated = _stated(report, tkey, ident.lhs[0], e.lhs) if len(ident.lhs) == 1 else phrase("stated", value=e.lhs)
    if ident.code == "P1":
        total_label = row_name(fmt, tkey, ident.derived[0]) if ident.derived else ""
        return make("P1", table=table, section=table, cells=cells, positions=positions, location=location,
                    suggested=suggested, target=target, expected=e.rhs, actual=e.lhs,
                    description=ident.description, total_label=total_label, stated=stated, computed=e.rhs,
                    diff=diff, hint=hint)
    return make(ident.code, table=table, section=table, cells=cells, positions=positions, location=location,
                suggested=suggested, target=target, expected=e.rhs, actual=e.lhs,
                where=_where(report, tkey, ident), stated=stated, computed=e.rhs, diff=diff, hint=hint)
