"""The printable summary of a check: file, agency, year, format, time of the check, counts per
severity, every finding grouped by section with its cells and expected values, and the three
tables with the offending cells marked — by a glyph and bold type, not only by colour, so that it
reads in black and white.

Built as HTML for a ``QTextDocument`` and printed through ``QPrinter`` (paper, preview or PDF).
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QFont, QFontDatabase, QPageLayout, QPageSize, QTextDocument, QTextOption
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

from core import __version__
from core.findings import ERROR, INFO, SEVERITY_ZH, WARNING, Finding
from core.formats import SECTIONS
from core.formats.naming import cell_name, group_title, place_of

from .models import (
    SEVERITY_GLYPH,
    cell_marks,
    suggested_text,
    table_keys,
    table_layout,
    table_name,
    target_key,
)

CJK_FAMILIES = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "Microsoft YaHei UI", "SimSun", "NSimSun",
    "DengXian", "PingFang SC", "WenQuanYi Micro Hei", "Noto Serif CJK SC", "Droid Sans Fallback",
)
_STATUS = {"standard": "✓ 规范", "nonstandard": "! 标题不规范", "missing": "✕ 缺失"}
_SMALL = "font-size:9pt"  # legend and cell details: small, but readable on paper
_COLOR = {ERROR: "#b3261e", WARNING: "#8a5300", INFO: "#1a5fb4"}
_BG = {ERROR: "#f8d0cc", WARNING: "#fde7a9", INFO: "#d5e5fa"}
_WEAK = {ERROR: "#fdeeec", WARNING: "#fff7de", INFO: "#eef5fd"}


def cjk_family() -> str:
    """A font family on this system that has Chinese glyphs."""
    available = set(QFontDatabase.families())
    for fam in CJK_FAMILIES:
        if fam in available:
            return fam
    for fam in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        return fam
    return QFont().family()


def _e(text) -> str:
    return html.escape(str(text)).replace("\n", "<br>")


def _group_of(f: Finding) -> str:
    """The group a finding belongs to in the summary (a table's findings go to its section)."""
    return place_of(f).key


def summary_html(result, edits: dict | None = None, checked_at: str = "", original=None,
                 derived: dict | None = None) -> str:
    """The summary of ``result`` (already rechecked with ``edits``) as HTML; ``original`` is the
    check of the file as it is, for the old values of the edited cells; ``derived`` the totals a
    workbook's formulas recomputed after the edits."""
    edits = edits or {}
    derived = {k: v for k, v in (derived or {}).items() if k not in edits}
    r = result.report
    fmt = r.format
    findings = list(result.findings)
    number = {id(f): i + 1 for i, f in enumerate(findings)}
    out: list[str] = []
    out.append("<h2 align='center'>政府信息公开工作年度报告检查结果</h2>")
    title = r.title.text.strip() if r.title is not None else ""
    rows = [
        ("文件", Path(result.path).name),
        ("报告标题", title or "（未找到）"),
        ("发布机关", r.agency or "（未识别）"),
        ("年度", r.year or "（未识别）"),
        ("格式", f"{fmt.name}（{fmt.document}）" if fmt else "未能判断"),
        ("检查时间", checked_at),
        ("检查结果", f"错误 {result.errors} 个，警告 {result.warnings} 个，提示 {result.infos} 条"),
    ]
    out.append("<table cellspacing='0' cellpadding='3' border='0'>")
    for k, v in rows:
        out.append(f"<tr><td width='90'><b>{_e(k)}：</b></td><td>{_e(v)}</td></tr>")
    out.append("</table>")
    out.append(f"<p style='{_SMALL}'>标记说明：<b>✕</b> 错误　<b>!</b> 警告　<b>i</b> 提示　"
               "表格中带 ✕ / ! 且加粗的数字是需要更正的单元格，右上角的小号数字是下面问题的编号；"
               "带 * 的数字已在本工具中修改" + ("，带 = 的数字随公式自动更新" if derived else "") + "。</p>")
    if edits:
        out.append(f"<p><b>本结果包含在本工具中所作的 {len(edits)} 处修改（原文件未改动）：</b></p><ul>")
        for (t, row, col), new in edits.items():
            old = original.report.cell(t, row, col) if original is not None else None
            orig = old.raw if old is not None else None
            name = cell_name(fmt, t, row, col)
            out.append(f"<li>{_e(name)}：改为 <b>{_e(new.strip() or '（空白）')}</b>"
                       + (f"（原为 {_e(orig.strip() or '空白')}）" if orig is not None else "") + "</li>")
        out.append("</ul>")
        if derived:
            out.append(f"<p>另有 {len(derived)} 个总计由工作簿中的公式随上述修改自动更新（表中带 = 的数字）。</p>")

    # --- structure -------------------------------------------------------------------------------
    if r.document.kind == "docx" and r.format_key != "pre-2019" and r.sections:
        out.append("<h3>报告结构</h3><table cellspacing='0' cellpadding='3' border='1' "
                   "style='border-collapse:collapse; border-color:#777'>")
        for spec in SECTIONS:
            sec = r.sections.get(spec.key)
            status = _STATUS.get(sec.status, sec.status) if sec else "—"
            table = r.tables.get(spec.key)
            if sec is not None and sec.status == "missing" and table is not None and table.found:
                status = "✕ 缺少标题"
            actual = sec.heading.text.strip() if sec is not None and sec.heading is not None else ""
            note = f"（文中为「{_e(actual)}」）" if sec is not None and sec.status == "nonstandard" else ""
            out.append(f"<tr><td>{_e(spec.standard_heading)}</td><td><b>{_e(status)}</b>{note}</td></tr>")
        out.append("</table>")

    # --- findings by section ---------------------------------------------------------------------
    out.append("<h3>问题清单</h3>")
    if not findings:
        out.append("<p>✓ 没有发现问题。</p>")
    order = [s.key for s in SECTIONS]
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(_group_of(f), []).append(f)
    keys = sorted(groups, key=lambda k: (order.index(k) if k in order else (len(order) if k else len(order) + 1), k))
    for key in keys:
        out.append(f"<h4>{_e(group_title(key))}</h4>")
        for f in groups[key]:
            sev = f.severity
            out.append(
                f"<p style='margin-left:0'><b>{number[id(f)]}. <span style='color:{_COLOR[sev]}'>"
                f"{SEVERITY_GLYPH[sev]} {SEVERITY_ZH[sev]}</span>　{_e(f.title)}</b>（{_e(f.code)}）<br>{_e(f.message)}"
            )
            extra = []
            if f.cells:
                names = [cell_name(fmt, c.table, c.row, c.col) for c in f.cells[:12]]
                more = f" 等 {len(f.cells)} 个" if len(f.cells) > 12 else ""
                extra.append(f"单元格：{'、'.join(_e(n) for n in names)}{more}")
            if f.location:
                extra.append(f"位置：{_e(f.location)}")
            s = suggested_text(f)
            if s is not None:
                extra.append(f"建议值：<b>{_e(cell_name(fmt, *target_key(f)))} 应为 {_e(s)}</b>")
            elif f.expected is not None and f.code.startswith(("R", "P")):
                extra.append(f"应为：{_e(f.expected)}")
            if extra:
                out.append(f"<br><span style='{_SMALL}'>" + "；".join(extra) + "</span>")
            out.append("</p>")

    # --- the tables --------------------------------------------------------------------------------
    marks = cell_marks(findings)
    for tkey in table_keys(fmt):
        data = r.tables.get(tkey)
        layout = table_layout(fmt, tkey)
        if layout is None:
            continue
        out.append(f"<h3>{_e(table_name(tkey))}　{_e(layout.title)}</h3>")
        if data is None or not data.found:
            out.append("<p>文件中没有找到这张表。</p>")
            continue
        out.append(_table_html(r, layout, marks, number, edits, derived))
    out.append(f"<p style='{_SMALL}; color:#555'>由「政府信息公开工作年度报告核查工具」{_e(__version__)} 生成。"
               "本检查结果仅供核对参考。</p>")
    return "<html><body>" + "".join(out) + "</body></html>"


def _header_rows(layout) -> int:
    """How many rows at the top of the official grid are headers (repeated on every page)."""
    first_data = min((c.row for c in layout.cells if c.kind == "data"), default=0)
    first_label = min((c.row for c in layout.cells if c.kind == "label"), default=first_data)
    return min(first_data, first_label)


def _table_html(report, layout, marks, number, edits, derived=None) -> str:
    small = layout.n_cols > 6
    style = "font-size:8pt" if layout.n_cols > 12 else ("font-size:9pt" if small else "")
    width = "100%" if layout.n_cols > 2 else "70%"
    rows: list[list[str]] = [[] for _ in range(layout.n_rows)]
    # Data columns are sized by their content (numbers never break: the document wraps at word
    # boundaries only); the label columns share what is left.
    data_cols = {c.col for c in layout.cells if c.kind == "data" and c.colspan == 1}
    weights = [0 if i in data_cols else m + 6 * w for i, (m, w) in enumerate(layout.columns)]
    total = sum(weights) or 1
    label_share = 45 if layout.n_cols > 6 else 60
    pct = [max(1, round(label_share * w / total)) if w else 0 for w in weights]
    for c in layout.cells:
        span = f" width='{pct[c.col]}%'" if c.colspan == 1 and pct[c.col] else ""
        if c.rowspan > 1:
            span += f" rowspan='{c.rowspan}'"
        if c.colspan > 1:
            span += f" colspan='{c.colspan}'"
        if c.kind != "data":
            bg = "#e6e6e6" if c.kind in ("title", "header", "note") else "#f5f5f5"
            bold = c.kind in ("title", "header", "group")
            align = "left" if c.kind in ("label", "title") else "center"
            text = f"<b>{_e(c.text)}</b>" if bold else _e(c.text)
            rows[c.row].append(f"<td{span} align='{align}' valign='middle' bgcolor='{bg}'>{text}</td>")
            continue
        cell = report.cell(*c.key)
        value = "" if cell is None else cell.raw.strip()
        mark = marks.get(c.key)
        text = _e(value) if value else "&nbsp;"
        if c.key in edits:
            text += "*"
        elif derived and c.key in derived:
            text += "="
        bg = "#ffffff"
        if mark is not None and mark.strong:
            sev = mark.strong
            refs = ",".join(str(number[id(f)]) for f in mark.findings if id(f) in number)
            text = f"<b>{SEVERITY_GLYPH[sev]} {text}</b><sup>[{refs}]</sup>"
            bg = _BG[sev]
        elif mark is not None and mark.weak:
            bg = _WEAK[mark.weak]
        rows[c.row].append(f"<td{span} align='center' valign='middle' bgcolor='{bg}' nowrap>{text}</td>")
    n_head = _header_rows(layout)
    head = "".join(f"<tr>{''.join(cells)}</tr>" for cells in rows[:n_head])
    body = "".join(f"<tr>{''.join(cells)}</tr>" for cells in rows[n_head:])
    # <thead>: Qt repeats these rows at the top of every page the table continues on
    return (f"<table width='{width}' cellspacing='0' cellpadding='3' border='1' "
            f"style='border-collapse:collapse; border-color:#555; {style}'>"
            f"<thead>{head}</thead><tbody>{body}</tbody></table>")


def make_document(result, edits: dict | None = None, checked_at: str = "", original=None,
                  derived: dict | None = None) -> QTextDocument:
    doc = QTextDocument()
    font = QFont(cjk_family())
    font.setPointSizeF(10)
    doc.setDefaultFont(font)
    opt = QTextOption()
    opt.setWrapMode(QTextOption.WrapMode.WordWrap)  # a number is never broken over two lines
    doc.setDefaultTextOption(opt)
    doc.setHtml(summary_html(result, edits, checked_at, original, derived))
    return doc


def _printer(mode=QPrinter.PrinterMode.HighResolution) -> QPrinter:
    printer = QPrinter(mode)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    return printer


def save_pdf(path, result, edits: dict | None = None, checked_at: str = "", original=None,
             derived: dict | None = None) -> Path:
    """Write the summary as a PDF to ``path`` (through a temporary file: never half a file)."""
    from core.fileio import atomic_path, refuse_onto

    path = Path(path)
    refuse_onto(Path(result.path), path)
    doc = make_document(result, edits, checked_at, original, derived)
    with atomic_path(path) as tmp:
        printer = _printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp))
        printer.setDocName(Path(result.path).stem + "-检查结果")
        printer.setCreator("政府信息公开工作年度报告核查工具")
        doc.print_(printer)
    return path


def print_preview(parent, result, edits: dict | None = None, checked_at: str = "", original=None,
                  derived: dict | None = None) -> int:
    """Show the print preview (from which the clerk prints)."""
    doc = make_document(result, edits, checked_at, original, derived)
    printer = _printer()
    printer.setDocName(Path(result.path).stem + "-检查结果")
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle("打印检查结果")
    dialog.paintRequested.connect(doc.print_)
    screen = parent.screen().availableGeometry() if parent is not None and parent.screen() else None
    if screen is not None:
        dialog.resize(int(screen.width() * 0.7), int(screen.height() * 0.9))
    return dialog.exec()
