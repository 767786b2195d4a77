"""The summary of a batch: the workbook (汇总 / 问题明细 / 缺报单位 / 名单外的报告) and the few lines
the command line prints.

* :func:`write_batch_xlsx` — the workbook, written atomically;
* :func:`summary_text` — how many files, how many with errors, who is missing;
* :func:`write_batch_outputs` — what ``python -m core check --xlsx/--expected`` calls after checking.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Sequence

from ..fileio import atomic_path
from ..findings import CATALOGUE, ERROR, SEVERITY_ORDER, SEVERITY_ZH, WARNING
from .items import STATUS_MARK, BatchItem, format_label, item_from_result, place_key, place_long
from .units import Coverage, coverage, load_expected_units

__all__ = ["write_batch_xlsx", "summary_text", "write_batch_outputs"]

_place_key = place_key

_FILL_ERROR = "9C0006"  # dark red, white bold text: cannot be overlooked
_FILL_UNREADABLE = "5C0011"
_FILL_WARNING = "FFC000"
_FILL_UNRECOGNIZED = "7F3F00"
_FILL_HEADER = "1F3864"


def _codes_in(items: Sequence[BatchItem]) -> list[str]:
    present = {c for it in items for c in it.by_code}
    order = list(CATALOGUE)
    return sorted(present, key=lambda c: (order.index(c) if c in order else len(order), c))


def write_batch_xlsx(items: Sequence[BatchItem], out, expected=None, year: int | None = None) -> Path:
    """Write the batch results to ``out`` (atomically): 汇总 (one row per file), 问题明细 (one row per
    finding), and with a list of units 缺报单位 and 名单外的报告. ``expected`` is a list of names or
    the path of a list file."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    items = sorted(items, key=lambda i: i.index)
    if expected is not None and not isinstance(expected, (list, tuple)):
        expected = load_expected_units(expected)
    cov = coverage(items, expected, year) if expected else None

    wb = Workbook()
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor=_FILL_HEADER)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fills = {
        "error": (PatternFill("solid", fgColor=_FILL_ERROR), Font(bold=True, color="FFFFFF")),
        "unreadable": (PatternFill("solid", fgColor=_FILL_UNREADABLE), Font(bold=True, color="FFFFFF")),
        "unrecognized": (PatternFill("solid", fgColor=_FILL_UNRECOGNIZED), Font(bold=True, color="FFFFFF")),
        "warning": (PatternFill("solid", fgColor=_FILL_WARNING), Font(bold=True, color="000000")),
    }
    wrap = Alignment(wrap_text=True, vertical="top")

    def sheet(ws, headers, rows, widths, freeze="A2", row_status=None):
        ws.append(headers)
        for c in range(1, len(headers) + 1):
            cell = ws.cell(row=1, column=c)
            cell.font, cell.fill, cell.border = header_font, header_fill, border
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for r, row in enumerate(rows, start=2):
            ws.append(row)
            st = row_status(r - 2) if row_status else None
            for c in range(1, len(headers) + 1):
                cell = ws.cell(row=r, column=c)
                cell.border = border
                cell.alignment = wrap
                if st in fills:
                    cell.fill, cell.font = fills[st]
        for c, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(c)].width = w
        ws.freeze_panes = freeze
        last = get_column_letter(len(headers))
        ws.auto_filter.ref = f"A1:{last}{max(1, len(rows) + 1)}"
        ws.sheet_view.zoomScale = 100

    # 汇总
    codes = _codes_in(items)
    headers = ["序号", "文件", "单位", "年度", "格式", "错误", "警告", "提示", "状态", "问题所在", "无法读取的原因"]
    if cov is not None:
        headers.append("名单中的单位")
    headers += [f"{c} {CATALOGUE[c].title}" if c in CATALOGUE else c for c in codes]
    rows = []
    for n, it in enumerate(items, start=1):
        row = [n, it.name, it.unit, it.year or it.effective_year, format_label(it),
               it.errors if it.readable else None, it.warnings if it.readable else None,
               it.infos if it.readable else None, it.status_label, it.problem_summary(), it.error or ""]
        if cov is not None:
            row.append(cov.unit_of(it) or "（不在名单中）")
        row += [it.by_code.get(c) or None for c in codes]
        rows.append(row)
    ws = wb.active
    ws.title = "汇总"
    sheet(ws, headers, rows, [6, 36, 28, 8, 14, 7, 7, 7, 12, 40, 50] + ([24] if cov is not None else []) + [10] * len(codes),
          freeze="C2", row_status=lambda k: items[k].status)
    for k, it in enumerate(items, start=2):  # the file name links to the file
        try:
            ws.cell(row=k, column=2).hyperlink = Path(it.file).resolve().as_uri()
        except (OSError, ValueError):  # pragma: no cover
            pass

    # 问题明细
    frows, fstatus = [], []
    for it in items:
        if not it.readable:
            frows.append([it.name, it.unit, it.effective_year, "文件", "", STATUS_MARK["unreadable"] + " 无法读取", "", it.error, ""])
            fstatus.append("unreadable")
            continue
        order = sorted(range(len(it.findings)),
                       key=lambda k: (SEVERITY_ORDER.get(it.findings[k].get("severity"), 9), _place_key(it.places[k])))
        for k in order:
            f = it.findings[k]
            sev = f.get("severity")
            mark = {ERROR: "✕ ", WARNING: "⚠ "}.get(sev, "")
            frows.append([it.name, it.unit, it.year, place_long(it.places[k]),
                          it.cell_names[k] if k < len(it.cell_names) else "",
                          mark + SEVERITY_ZH.get(sev, sev or ""), f.get("code"), f.get("message"), f.get("location") or ""])
            fstatus.append({ERROR: "error", WARNING: "warning"}.get(sev))
    ws2 = wb.create_sheet("问题明细")
    sheet(ws2, ["文件", "单位", "年度", "位置", "单元格", "严重程度", "代码", "问题", "原文位置"], frows,
          [30, 26, 8, 30, 40, 10, 9, 80, 22], freeze="C2", row_status=lambda k: fstatus[k])

    if cov is not None:
        ws3 = wb.create_sheet("缺报单位")
        yr = f"{cov.year} 年度" if cov.year else "（年度未定）"
        sheet(ws3, ["序号", "单位", "年度", "情况"], [[n, u, yr, "✕ 未报送"] for n, u in enumerate(cov.missing, 1)],
              [6, 36, 12, 14], row_status=lambda k: "error")
        ws4 = wb.create_sheet("名单外的报告")
        sheet(ws4, ["文件", "报告中的单位", "年度", "状态"],
              [[it.name, it.agency or f"（未找到机关名称；文件名：{it.unit or '—'}）", it.effective_year, it.status_label]
               for it in cov.unknown],
              [36, 36, 10, 14])
    out = Path(out)
    with atomic_path(out) as tmp:
        wb.save(tmp)
    return out


def _as_items(results) -> list[BatchItem]:
    items = []
    for k, r in enumerate(results):
        if isinstance(r, BatchItem):
            items.append(r)
        else:
            path, result = r
            items.append(item_from_result(k, path, result))
    return items


def summary_text(items: Sequence[BatchItem], cov: Coverage | None = None) -> str:
    """A few Chinese lines: how many files, how many with errors, who is missing."""
    c = Counter(i.status for i in items)
    lines = [f"共检查 {len(items)} 个文件：{c['error']} 个有错误，{c['warning']} 个只有警告，"
             f"{c['ok']} 个通过，{c['unreadable']} 个无法读取"
             + (f"，{c['unrecognized']} 个未能识别为年度报告" if c["unrecognized"] else "") + "。"]
    if cov is not None:
        yr = f"{cov.year} 年度" if cov.year else "年度未定"
        lines.append(f"{yr}：名单中 {len(cov.expected)} 个单位，已报送 {len(cov.reported)} 个，缺报 {len(cov.missing)} 个。")
        if cov.missing:
            lines.append("缺报单位：" + "、".join(cov.missing))
        if cov.unknown:
            lines.append(f"不在名单中的报告 {len(cov.unknown)} 份：" + "、".join(
                f"{i.agency or i.unit or '（未知）'}（{i.name}）" for i in cov.unknown))
        if cov.other_years:
            lines.append(f"其他年度的报告 {len(cov.other_years)} 份（未计入）。")
    return "\n".join(lines) + "\n"


def write_batch_outputs(results, xlsx=None, expected=None, out=None, year: int | None = None) -> Coverage | None:
    """What ``python -m core check --xlsx OUT --expected UNITS`` does after checking: print a summary
    (and, with a list, the missing units) to ``out``; write the workbook. ``results`` are
    :class:`BatchItem` s or ``(path, CheckResult | Exception)`` pairs. Raises ``UnitsFileError`` /
    ``OSError`` / ``fileio.WriteRefused`` on failure (messages in Chinese)."""
    items = _as_items(results)
    units = None
    if expected is not None:
        units = list(expected) if isinstance(expected, (list, tuple)) else load_expected_units(expected)
    cov = coverage(items, units, year) if units else None
    if out is not None:
        out.write(summary_text(items, cov))
    if xlsx:
        written = write_batch_xlsx(items, xlsx, expected=units, year=cov.year if cov else year)
        if out is not None:
            out.write(f"已写入汇总表：{written}\n")
    return cov
