"""What each value cell holds: V1 (a count is a non-negative integer, an amount a non-negative number),
W-blank, W-note, W-number, W-decimals and formulas without a value."""

from __future__ import annotations

from ..findings import CellRef, Finding, make, phrase
from ..model import Report
from ..numbers import format_value
from ..formats.naming import TABLE_NAMES, cell_name, location_of, short_cell_name

_FLAGS = ("fullwidth", "thousands", "unit", "decimal_zero")  # each has its phrase "flag-…" in the catalogue
_AMOUNT_DECIMALS = 4
_LIST_MAX = 12


def _listing(report, tkey, keys) -> str:
    names = [f"「{short_cell_name(report.format, tkey, *k)}」" for k in keys[:_LIST_MAX]]
    more = phrase("more", count=len(keys)) if len(keys) > _LIST_MAX else ""
    return "、".join(names) + more


def check_values(report: Report) -> list[Finding]:
    fmt = report.format
    if fmt is None:
        return []
    findings: list[Finding] = []
    for tkey, data in report.tables.items():
        spec = fmt.table(tkey)
        if spec is None:
            continue
        kinds = {c.key: c.kind for c in spec.columns}
        blanks, odd, unknown = [], {}, []
        tsec = tkey if tkey in ("二", "三", "四") else None
        for (row, col), cell in data.cells.items():
            p = cell.number
            key = (row, col)
            kind = kinds.get(col, "count")
            ref = CellRef(tkey, row, col)
            pos = [cell.pos] if cell.pos else []
            loc = location_of(report, tkey, row, col)
            name = cell_name(fmt, tkey, row, col)
            if p.status == "blank":
                blanks.append(key)
                continue
            if p.status == "unknown":
                unknown.append(key)
                continue
            if p.status == "invalid":
                findings.append(make("V1", table=tsec, section=tsec, cells=[ref], positions=pos, location=loc,
                                     actual=cell.raw, cell_name=name, raw=cell.raw.strip(),
                                     expected_kind=phrase("kind-amount" if kind == "amount" else "kind-count")))
                continue
            value = p.value
            if value < 0 and kind != "signed":
                findings.append(make("V1-negative", table=tsec, section=tsec, cells=[ref], positions=pos, location=loc,
                                     actual=value, cell_name=name, raw=cell.raw.strip()))
            elif kind in ("count", "signed") and not p.is_integer:
                findings.append(make("V1-fraction", table=tsec, section=tsec, cells=[ref], positions=pos, location=loc,
                                     actual=value, cell_name=name, raw=cell.raw.strip()))
            flags = set(p.flags)
            if kind == "signed":
                flags.discard("plus_sign")
            if kind in ("count", "signed") and p.decimals > 0 and p.is_integer:
                flags.add("decimal_zero")
            if "note" in flags:
                findings.append(make("W-note", table=tsec, section=tsec, cells=[ref], positions=pos, location=loc,
                                     actual=cell.raw, suggested=format_value(value), target=ref, cell_name=name,
                                     raw=cell.raw.strip(), value=format_value(value)))
            for f in flags & set(_FLAGS):
                odd.setdefault(key, set()).add(f)
            if kind == "amount" and p.decimals != _AMOUNT_DECIMALS and value != 0:
                findings.append(make("W-decimals", table=tsec, section=tsec, cells=[ref], positions=pos, location=loc,
                                     actual=cell.raw, suggested=format_value(value, _AMOUNT_DECIMALS), target=ref,
                                     cell_name=name, raw=cell.raw.strip(), decimals=p.decimals))
        if blanks:
            blanks.sort(key=lambda k: _order(spec, k))
            findings.append(make(
                "W-blank", table=tsec, section=tsec, cells=[CellRef(tkey, *k) for k in blanks],
                positions=[c.pos for k in blanks if (c := data.cells[k]).pos],
                location=location_of(report, tkey, *blanks[0]), table_name=TABLE_NAMES.get(tkey, tkey),
                count=len(blanks), listing=_listing(report, tkey, blanks),
            ))
        if odd:
            keys = sorted(odd, key=lambda k: _order(spec, k))
            kinds_zh = "、".join(sorted({_flag_words(f) for fs in odd.values() for f in fs}))
            findings.append(make(
                "W-number", table=tsec, section=tsec, cells=[CellRef(tkey, *k) for k in keys],
                positions=[c.pos for k in keys if (c := data.cells[k]).pos],
                location=location_of(report, tkey, *keys[0]), table_name=TABLE_NAMES.get(tkey, tkey),
                count=len(keys), kinds=kinds_zh, listing=_listing(report, tkey, keys),
            ))
        if unknown:
            keys = sorted(unknown, key=lambda k: _order(spec, k))
            findings.append(make(
                "I-unknown-formulas", table=tsec, cells=[CellRef(tkey, *k) for k in keys],
                positions=[c.pos for k in keys if (c := data.cells[k]).pos],
                location=location_of(report, tkey, *keys[0]), table_name=TABLE_NAMES.get(tkey, tkey),
                count=len(keys), listing=_listing(report, tkey, keys),
            ))
    return findings


def _flag_words(flag: str) -> str:
    words = {"fullwidth": phrase("flag-fullwidth"), "thousands": phrase("flag-thousands"), "unit": phrase("flag-unit"),
             "decimal_zero": phrase("flag-decimal_zero")}
    return words[flag]


def _order(spec, key):
    try:
        return spec.cells.index(key)
    except ValueError:
        return 10**6
