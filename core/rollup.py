"""Roll-up (汇总): the units' tables added up into one table of the standard layout.

``rollup(paths)`` checks every report and sums every data cell of 二, 三 and 四 over the units whose
report could be read and has no error in that table (a table with an error is left out for that
unit only). Units of another year or format than most, or a second report of the same agency and
year, are left out with the reason. ``write_xlsx`` writes one sheet per unit and a sum sheet whose
cells are live ``=SUM`` formulas over the unit sheets (in the official layout); ``write_docx`` writes
the sums in the standard .docx layout (reusing ``core.export``'s writer).
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .canonical import TABLE_KEYS, number_json
from .fileio import atomic_write, refuse_onto
from .formats import FORMATS
from .snapshot import Snapshot, file_sha256, snapshot_of

TABLE_ZH = {"二": "表二", "三": "表三", "四": "表四"}
SUM_SHEET = "汇总"


@dataclass
class Unit:
    file: str
    agency: str | None = None
    year: int | None = None
    format: str | None = None
    tables: list[str] = field(default_factory=list)  # tables counted in the sum
    why: str = ""  # why the unit (or some of its tables) is left out
    snapshot: Snapshot | None = None

    @property
    def included(self) -> bool:
        return bool(self.tables)

    def to_json(self) -> dict:
        return {"file": self.file, "agency": self.agency, "year": self.year, "included": self.included,
                "why": self.why, "tables": list(self.tables)}


@dataclass
class RollUp:
    units: list[Unit]
    format: str | None
    year: int | None
    sums: dict[tuple[str, str, str], Decimal] = field(default_factory=dict)
    agency: str = "各单位汇总"  # whose roll-up it is (the title of the .docx)

    def value(self, table: str, row: str, col: str) -> Decimal | None:
        return self.sums.get((table, row, col))

    def members(self, table: str) -> list[Unit]:
        return [u for u in self.units if table in u.tables]

    def tables_json(self) -> dict:
        out: dict = {}
        for (t, r, c), v in self.sums.items():
            out.setdefault(t, {}).setdefault(r, {})[c] = number_json(v)
        return out

    def to_json(self) -> dict:
        return {"units": [u.to_json() for u in self.units], "tables": self.tables_json(),
                "format": self.format, "year": self.year}


def _snapshots(paths) -> list[tuple[str, Snapshot | None, str]]:
    """(file, snapshot or None, reason it could not be read) per path, in order."""
    from .check import check_path
    from .readers import ReadError

    out = []
    for p in paths:
        try:
            r = check_path(p)
        except ReadError as e:
            out.append((str(p), None, f"无法读取：{e.message}"))
            continue
        except Exception as e:  # an odd file must not stop the roll-up of the others
            out.append((str(p), None, f"检查时发生意外错误（{type(e).__name__}）"))
            continue
        out.append((str(p), snapshot_of(r.report, r.findings, file=p, sha256=file_sha256(p)), ""))
    return out


def batch_snapshots(paths, workers: int | None = None, progress=None) -> list[tuple[str, Snapshot | None, str]]:
    """The snapshots of the files, checked in parallel by the batch engine."""
    from .batch.pool import check_many

    out = []
    for it in check_many(list(paths), workers=workers, progress=progress):
        if it.error is not None:
            out.append((it.file, None, f"无法读取：{it.error}"))
        elif it.snapshot is None:
            out.append((it.file, None, "检查时发生意外错误"))
        else:
            out.append((it.file, Snapshot.from_dict(it.snapshot), ""))
    return out


def rollup(paths, snapshots: list[tuple[str, Snapshot | None, str]] | None = None, *,
           agency: str | None = None) -> RollUp:
    """Add up the tables of the reports at ``paths`` (folders are expanded to their reports)."""
    if snapshots is None:
        from .batch.discovery import expand_paths

        snapshots = batch_snapshots(expand_paths(paths))
    units = [Unit(f, *((s.agency, s.year, s.format) if s else (None, None, None)), why=why, snapshot=s)
             for f, s, why in snapshots]
    usable = [u for u in units if u.snapshot is not None and u.format in ("2019", "2021")]
    for u in units:
        if u.snapshot is not None and u.format not in ("2019", "2021"):
            u.why = "旧版格式（2019 年以前的统计表），无法计入统一格式的汇总" if u.format == "pre-2019" else "未能识别报告的表格格式"
    fmt_key = _most(u.format for u in usable)
    year = _most(u.year for u in usable if u.year is not None)
    seen: dict[str, Unit] = {}
    for u in usable:
        if u.format != fmt_key:
            u.why = f"使用{FORMATS[u.format].name}，与其他单位（{FORMATS[fmt_key].name}）不同，未计入"
            continue
        if year is not None and u.year is not None and u.year != year:
            u.why = f"是 {u.year} 年度的报告，汇总的是 {year} 年度，未计入"
            continue
        key = u.snapshot.agency_key
        if key and key in seen:
            u.why = f"与「{Path(seen[key].file).name}」是同一机关同一年度的报告，未重复计入"
            continue
        if key:
            seen[key] = u
        left_out = []
        for t in TABLE_KEYS:
            if t not in u.snapshot.tables_found:
                left_out.append(f"缺少{TABLE_ZH[t]}")
            elif t in u.snapshot.error_tables:
                left_out.append(f"{TABLE_ZH[t]}有错误，未计入{TABLE_ZH[t]}的汇总")
            elif any(u.snapshot.value(*k) is None for k in _cells(fmt_key, t)):
                left_out.append(f"{TABLE_ZH[t]}有无法识别的数字，未计入{TABLE_ZH[t]}的汇总")
            else:
                u.tables.append(t)
        u.why = "；".join(left_out)
    sums: dict[tuple[str, str, str], Decimal] = {}
    if fmt_key is not None:
        for t in TABLE_KEYS:
            for k in _cells(fmt_key, t):
                sums[k] = sum((u.snapshot.value(*k) for u in units if t in u.tables), Decimal(0))
    return RollUp(units, fmt_key, year, sums, agency or "各单位汇总")


def _most(values):
    c = Counter(values)
    return c.most_common(1)[0][0] if c else None


def _cells(fmt_key: str, table: str) -> list[tuple[str, str, str]]:
    spec = FORMATS[fmt_key].table(table)
    return [(table, r, c) for r, c in spec.cells] if spec else []


# ----- writing ----------------------------------------------------------------------------------


def _sheet_names(units: list[Unit]) -> list[str]:
    names, used = [], {SUM_SHEET}
    for i, u in enumerate(units, start=1):
        base = f"{i:02d} {u.agency or Path(u.file).stem}"
        for ch in "[]:*?/\\'":
            base = base.replace(ch, " ")
        name = base[:31]
        n = 2
        while name in used:
            name = f"{base[:27]}({n})"
            n += 1
        used.add(name)
        names.append(name)
    return names


def _title(ru: RollUp) -> str:
    y = f"{ru.year}年" if ru.year else ""
    return f"{y}政府信息公开工作年度报告统计表汇总（{sum(1 for u in ru.units if u.included)} 个单位）"


def _place_tables(ws, fmt, values: dict | None, title: str, formulas: dict | None = None):
    """The three tables, one under the other, in the official layout; returns (table, row, col) →
    (sheet row, sheet column) of every data cell. ``values``: number per key; ``formulas``: formula
    text per key (the sum sheet)."""
    from openpyxl.styles import Alignment, Border, Font, Side

    from .export.layout import official_layout
    from .formats import SECTIONS

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.cell(row=1, column=1, value=title).font = Font(name="宋体", size=14, bold=True)
    r0 = 3
    where: dict[tuple[str, str, str], tuple[int, int]] = {}
    for t in TABLE_KEYS:
        layout = official_layout(t, fmt)
        heading = next(s for s in SECTIONS if s.key == t).standard_heading
        ws.cell(row=r0, column=1, value=heading).font = Font(name="宋体", size=12, bold=True)
        top = r0 + 1
        for r, c, cell in layout.placed():
            for k in range(cell.span):
                ws.cell(row=top + r, column=c + 1 + k).border = border
            if cell.vmerge == "continue":
                continue
            xc = ws.cell(row=top + r, column=c + 1)
            xc.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            if cell.kind == "data" and cell.key:
                key = (t, *cell.key)
                where[key] = (top + r, c + 1)
                if formulas is not None:
                    xc.value = formulas.get(key, 0)
                else:
                    v = (values or {}).get(key)
                    xc.value = None if v is None else (int(v) if v == v.to_integral_value() else float(v))
                kind = layout.spec.column(cell.key[1]).kind
                xc.number_format = "0.0000" if kind == "amount" else "0"
            else:
                xc.value = cell.text or None
        for a, b, c2, d in layout.merges():
            ws.merge_cells(start_row=top + a, start_column=b + 1, end_row=top + c2, end_column=d + 1)
        r0 = top + len(layout.rows) + 1
    ws.column_dimensions["A"].width = 30
    return where


def build_xlsx(ru: RollUp) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from .export.live_xlsx import _with_cached_values
    from .numbers import format_value

    if ru.format is None:
        raise ValueError("没有可以汇总的报告。")
    fmt = FORMATS[ru.format]
    wb = Workbook()
    summary = wb.active
    summary.title = SUM_SHEET
    members = [u for u in ru.units if u.included]
    names = dict(zip((id(u) for u in members), _sheet_names(members)))
    positions = {}
    for u in members:
        ws = wb.create_sheet(names[id(u)])
        values = {k: u.snapshot.value(*k) for k in ru.sums}
        positions = _place_tables(ws, fmt, values, f"{u.agency or Path(u.file).stem} {u.year or ''}年度（{Path(u.file).name}）")
    # the sum sheet: the same layout, each cell the sum of the same cell of the unit sheets counted
    formulas = {}
    for k in ru.sums:
        sheets = [names[id(u)] for u in ru.members(k[0])]
        if not sheets or k not in positions:
            formulas[k] = 0
            continue
        r, c = positions[k]
        ref = f"{get_column_letter(c)}{r}"
        formulas[k] = "=SUM(" + ",".join(f"'{s}'!{ref}" for s in sheets) + ")"
    where = _place_tables(summary, fmt, None, _title(ru), formulas)
    r = max((rc[0] for rc in where.values()), default=3) + 3
    summary.cell(row=r, column=1, value="计入汇总的单位：")
    for u in ru.units:
        r += 1
        summary.cell(row=r, column=1, value=u.agency or Path(u.file).stem)
        summary.cell(row=r, column=2, value=Path(u.file).name)
        summary.cell(row=r, column=3, value="、".join(TABLE_ZH[t] for t in u.tables) or "未计入")
        summary.cell(row=r, column=4, value=u.why or "")
    wb.calculation.fullCalcOnLoad = True
    buf = io.BytesIO()
    wb.save(buf)
    cached = {SUM_SHEET: {f"{get_column_letter(c)}{rr}": format_value(ru.sums[k])
                          for k, (rr, c) in where.items() if isinstance(formulas.get(k), str)}}
    return _with_cached_values(buf.getvalue(), cached)


def _sum_report(ru: RollUp, path: Path):
    """The sums as a ``Report`` (no text), for the standard .docx writer."""
    from .model import Cell, Document, Report, TableData
    from .numbers import format_value, parse_number

    fmt = FORMATS[ru.format]
    tables = {}
    for t in TABLE_KEYS:
        data = TableData(t, found=True)
        for (tt, r, c), v in ru.sums.items():
            if tt == t:
                text = format_value(v)
                data.cells[(r, c)] = Cell(t, r, c, text, parse_number(text), None)
        tables[t] = data
    return Report(Document(path, "docx", []), fmt, ru.year, ru.agency, None, {}, tables)


def build_docx(ru: RollUp, path: Path) -> bytes:
    from .export.standard_docx import build_standard

    if ru.format is None:
        raise ValueError("没有可以汇总的报告。")
    report = _sum_report(ru, path)
    return build_standard(report).data


def write(ru: RollUp, out, *, sources=()) -> list[Path]:
    """Write the roll-up to ``out`` (.xlsx) and a .docx beside it (atomically; never onto a source)."""
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        out = out.with_suffix(".xlsx")
    docx = out.with_suffix(".docx")
    for target in (out, docx):
        for s in sources:
            refuse_onto(Path(s), target)
    atomic_write(out, build_xlsx(ru))
    atomic_write(docx, build_docx(ru, docx))
    return [out, docx]


__all__ = ["RollUp", "SUM_SHEET", "Unit", "build_docx", "build_xlsx", "rollup", "write"]
