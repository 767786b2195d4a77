"""The report's structure: sections (S1, W-title, W-order, W-empty), tables (T1, table labels,
stray cells), the format version (F1), the title (W-agency, W-year)."""

from __future__ import annotations

import re
from datetime import date

from ..findings import CellRef, Finding, make
from ..formats import SECTIONS, TABLE_KEYS, expected_format
from ..model import Report
from ..recognize.sections import AGENCY_PLACE, body_years
from ..text import clean, norm_label
from ..formats.naming import TABLE_NAMES, row_name


def _is_xlsx(report: Report) -> bool:
    return report.document.kind == "xlsx"


def _old_report(report: Report) -> bool:
    """A genuine pre-2019 report (its year allows the old format): sections are not checked."""
    return report.format_key == "pre-2019" and (report.year is None or report.year <= 2018)


def check_sections(report: Report) -> list[Finding]:
    if _is_xlsx(report) or _old_report(report):
        return []
    findings: list[Finding] = []
    specs = {s.key: s for s in SECTIONS}
    for key, sec in report.sections.items():
        spec = specs[key]
        if sec.status == "missing":
            hint = ""
            if key in report.tables and report.tables[key].found:
                hint = f"（表{key}已在文中找到并已核对，只是缺少本部分的标题。）"
            findings.append(make("S1", section=key, title=spec.standard_heading, hint=hint))
            continue
        if sec.status == "nonstandard":
            findings.append(make(
                "W-title", section=key, location=sec.heading.pos.describe() if sec.heading.pos else "",
                positions=[sec.heading.pos] if sec.heading.pos else [], paragraph=sec.heading_index,
                what=f"第{key}部分的标题", actual=clean(sec.heading.text), expected=spec.standard_heading,
            ))
        body = "".join(norm_label(p.text) for p in sec.paragraphs)
        if key in ("一", "五") and (not body or body in ("无", "无。", "暂无")):
            problem = "没有内容" if not body else "只写了「无」"
            if key == "五":
                problem += "；该部分必须报告工作中存在的主要问题和改进情况"
            findings.append(make("W-empty", section=key, title=spec.title, problem=problem,
                                 paragraph=sec.heading_index))
    present = [(sec.heading_index, key) for key, sec in report.sections.items() if sec.heading_index is not None]
    present.sort()
    order = "一二三四五六"
    highest = None
    for _, key in present:
        if highest is not None and order.index(key) < order.index(highest):
            sec = report.sections[key]
            findings.append(make("W-order", section=key, title=specs[key].standard_heading, previous=highest,
                                 paragraph=sec.heading_index,
                                 location=sec.heading.pos.describe() if sec.heading and sec.heading.pos else ""))
        else:
            highest = key
    return findings


def check_tables(report: Report) -> list[Finding]:
    fmt = report.format
    findings: list[Finding] = []
    if fmt is None:
        where = "工作簿中" if _is_xlsx(report) else "文中"
        if not report.tables:
            what = f"{where}没有找到表二、表三、表四中的任何一个统计表格。年度报告必须包含这三个表格。"
        else:
            what = f"{where}的表格无法识别为统一格式的表二、表三、表四（无法判断格式版本），未能核对。"
        findings.append(make("T1", what=what))
        return findings
    if fmt.key == "pre-2019":
        return findings
    for tkey in TABLE_KEYS:
        spec = fmt.table(tkey)
        data = report.tables.get(tkey)
        if data is None or not data.found:
            findings.append(make("T1", table=tkey, section=tkey,
                                 what=f"缺少表{tkey}「{spec.title}」（或无法识别）。请按统一格式填写该表。"))
            continue
        missing_rows = [r.key for r in spec.rows if not any(k[0] == r.key for k in data.cells)]
        missing_cells = [k for k in spec.cells if k not in data.cells and k[0] not in missing_rows]
        if missing_rows:
            names = "、".join(f"「{row_name(fmt, tkey, r)}」" for r in missing_rows)
            findings.append(make("T1", table=tkey, section=tkey,
                                 cells=[CellRef(tkey, r, c) for r in missing_rows for (rr, c) in spec.cells if rr == r],
                                 what=f"表{tkey}缺少以下行（或行标签无法识别）：{names}。"))
        if missing_cells:
            cols = sorted({c for _, c in missing_cells}, key=lambda c: [x.key for x in spec.columns].index(c))
            from ..formats.naming import col_name

            names = "、".join(f"「{col_name(fmt, tkey, c)}」" for c in cols)
            findings.append(make("T1", table=tkey, section=tkey, cells=[CellRef(tkey, *k) for k in missing_cells],
                                 what=f"表{tkey}有 {len(missing_cells)} 个单元格缺失（涉及{names}列），表格不完整。"))
        findings.extend(_labels(report, tkey))
    return findings


def _labels(report: Report, tkey: str) -> list[Finding]:
    """W-title for row/column labels worded differently from the standard, W-stray for stray text."""
    fmt = report.format
    spec = fmt.table(tkey)
    data = report.tables[tkey]
    out: list[Finding] = []
    for key, label in data.row_labels.items():
        if not spec.has_row(key):
            continue
        r = spec.row(key)
        if not r.is_standard(label.text) and not _only_layout_differs(label.text, r.label):
            out.append(make("W-title", table=tkey, section=tkey, location=label.pos.describe() if label.pos else "",
                            positions=[label.pos] if label.pos else [],
                            what=f"表{tkey}的行标签", actual=clean(label.text), expected=r.label))
    for key, label in data.col_labels.items():
        try:
            c = spec.column(key)
        except StopIteration:
            continue
        if not c.is_standard(label.text) and not _only_layout_differs(label.text, c.label):
            out.append(make("W-title", table=tkey, section=tkey, location=label.pos.describe() if label.pos else "",
                            positions=[label.pos] if label.pos else [],
                            what=f"表{tkey}的列标题", actual=clean(label.text), expected=c.label))
    for stray in data.stray:
        row_key = _row_of(data, stray)
        out.append(make("W-stray", table=tkey, section=tkey, location=stray.pos.describe() if stray.pos else "",
                        positions=[stray.pos] if stray.pos else [], table_name=TABLE_NAMES.get(tkey, tkey),
                        row_name=row_name(fmt, tkey, row_key) if row_key else "", text=stray.text.strip(),
                        actual=stray.text.strip()))
    return out


_NUMBERING = re.compile(r"^\(?([一二三四五六七八九十\d]+)[).、]?")


def _only_layout_differs(found: str, standard: str) -> bool:
    """Labels that differ only in the punctuation after their number: 1、属于… vs 1.属于…
    (brackets and widths are already folded by norm_label)."""
    a, b = _NUMBERING.match(norm_label(found)), _NUMBERING.match(norm_label(standard))
    return bool(a and b) and a.group(1) == b.group(1) and \
        norm_label(found)[a.end():] == norm_label(standard)[b.end():]


def _row_of(data, label) -> str | None:
    if label.grid_rc is None:
        return None
    for (row, _), cell in data.cells.items():
        if cell.grid == label.grid and cell.grid_rc and cell.grid_rc[0] == label.grid_rc[0]:
            return row
    return None


def check_format(report: Report) -> list[Finding]:
    findings: list[Finding] = []
    fmt = report.format
    year = report.year
    if fmt is None:
        return findings
    expected = expected_format(year)
    if _old_report(report):
        findings.append(make("I-old-format", year=year if year else "未知"))
        return findings
    if expected is not None and fmt.key != expected.key and _older(fmt.key, expected.key):
        detail = "；".join(report.format_evidence)
        findings.append(make("F1", year=year, expected=expected.name, document=expected.document, actual=fmt.name,
                             detail=f"判断依据：{detail}。" if detail else ""))
    return findings


def _older(actual: str, expected: str) -> bool:
    rank = {"pre-2019": 0, "2019": 1, "2021": 2}
    return rank.get(actual, 2) < rank.get(expected, 2)


def check_title(report: Report) -> list[Finding]:
    findings: list[Finding] = []
    if _is_xlsx(report):
        return findings
    title = report.title
    pos = [title.pos] if title is not None and title.pos else []
    if title is None:
        findings.append(make("W-agency", title="（未找到）", problem="没有找到，文首应有报告标题"))
    else:
        text = clean(title.text)
        if not report.agency:
            findings.append(make("W-agency", title=text, positions=pos, problem="缺少发布机关的名称"))
        elif not AGENCY_PLACE.search(report.agency):
            findings.append(make("W-agency", title=text, positions=pos,
                                 problem=f"中的机关名称「{report.agency}」不是全称，缺少所属地区或上级机关（如「××市××区人民政府办公室」）"))
    if report.year is not None and title is not None:
        today = date.today().year
        if report.year > today:
            findings.append(make("W-year", positions=pos, what=f"标题中的年份 {report.year} 晚于今年（{today}），请核对。"))
        sec1 = report.sections.get("一")
        text = sec1.text if sec1 is not None and sec1.paragraphs else ""
        years = body_years(text)
        if years:
            top, n = years.most_common(1)[0]
            if top != report.year and years.get(report.year, 0) == 0 and n >= 2:
                findings.append(make("W-year", positions=pos, section="一",
                                     what=f"标题写的是 {report.year} 年度，但「总体情况」中说的多是 {top} 年（{n} 处），没有提到 {report.year} 年，请核对报告年份。"))
    return findings
