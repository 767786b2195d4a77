"""R1, R3, R4, R5 (tables 三 and 四) and the old table's internal sums (P1).

The identities are data in ``core.formats``. A failing identity names its cells, the computed sum
and the stated total. When several failing identities are all explained by one cell — changing that
cell by the same amount fixes every identity it takes part in and breaks none that holds — they are
reported once, as that cell (R-CELL), with the value that makes them hold. Otherwise a total is
suggested from its parts, since detail rows are primary data and totals are derived.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..findings import CellRef, Finding, make
from ..formats.base import CellKey, Identity
from ..model import Report
from ..numbers import format_value
from ..formats.naming import TABLE_NAMES, cell_name, location_of, row_name


@dataclass
class _Eval:
    ident: Identity
    lhs: Decimal
    rhs: Decimal

    @property
    def diff(self) -> Decimal:
        return self.lhs - self.rhs


def _where(report: Report, table: str, ident: Identity) -> str:
    fmt = report.format
    if ident.code == "R4":
        return f"「{row_name(fmt, table, ident.lhs[0][0])}」行"
    if ident.code in ("R1", "R3"):
        col = ident.lhs[0][1]
        from ..formats.naming import col_name

        return f"「{col_name(fmt, table, col)}」列"
    if ident.code == "R5":
        return f"「{row_name(fmt, table, ident.lhs[0][0])}」"
    return ""


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
            evals.append(_Eval(ident, sum(values[:n], Decimal(0)), sum(values[n:], Decimal(0))))
        findings.extend(_explain(report, tkey, evals))
        if unknown:
            findings.append(
                make(
                    "I-unknown",
                    table=tkey if tkey in ("三", "四") else None,
                    what=f"{TABLE_NAMES.get(tkey, tkey)}有 {len(unknown)} 个勾稽关系因单元格无法读出数值（文字、或没有计算结果的公式）而未能核对。",
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
    if ident.derived is not None:
        return f"{ident.description}（总计 {format_value(e.lhs)}，各项相加 {format_value(e.rhs)}）"
    return f"{ident.description}（左边 {format_value(e.lhs)}，右边 {format_value(e.rhs)}）"


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
        count=len(involved),
        relations="；".join(_relation(report, tkey, e) for e in involved),
    )


def _identity_finding(report: Report, tkey: str, e: _Eval) -> Finding:
    fmt = report.format
    ident = e.ident
    # the derived cell first, then the parts
    keys = ([ident.derived] if ident.derived else []) + [k for k in ident.cells if k != ident.derived]
    cells = [CellRef(tkey, *k) for k in keys]
    positions = [c.pos for k in keys if (c := report.cell(tkey, *k)) is not None and c.pos is not None]
    suggested = target = None
    hint = "请逐项核对这些单元格。"
    if ident.derived is not None:
        suggested = e.rhs
        target = CellRef(tkey, *ident.derived)
        hint = f"若各分项无误，应将{cell_name(fmt, tkey, *ident.derived)}改为 {format_value(e.rhs)}。"
    location = location_of(report, tkey, *keys[0])
    common = dict(
        table=tkey if tkey in ("三", "四") else None,
        section=tkey if tkey in ("三", "四") else None,
        cells=cells,
        positions=positions,
        location=location,
        suggested=suggested,
        target=target,
        diff=format_value(abs(e.diff)),
        hint=hint,
    )
    if ident.code == "R1":
        return make("R1", expected=e.lhs, actual=e.rhs, where=_where(report, tkey, ident), lhs=e.lhs, rhs=e.rhs,
                    **common)
    if ident.code == "P1":
        total_label = row_name(fmt, tkey, ident.derived[0]) if ident.derived else ""
        return make("P1", expected=e.rhs, actual=e.lhs, description=ident.description, total_label=total_label,
                    stated=e.lhs, computed=e.rhs, **common)
    return make(ident.code, expected=e.rhs, actual=e.lhs, where=_where(report, tkey, ident), stated=e.lhs,
                computed=e.rhs, **common)
