"""The report's structure: sections (S1, W-title, W-order, W-empty), tables (T1, table labels,
stray cells), the format version (F1), the title (W-agency, W-year)."""

from __future__ import annotations

import re
from datetime import date

from ..findings import CellRef, Finding, make, phrase
from ..formats import SECTIONS, TABLE_KEYS, expected_format
from ..model import Report
from ..formats.titles import AGENCY_PLACE, body_years
from ..text import clean, norm_label
from ..formats.naming import TABLE_NAMES, col_name, row_name
from ..formats.vocabulary import group_label


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
            table_found = key in report.tables and report.tables[key].found
            findings.append(make("S1", section=key, title=spec.standard_heading,
                                 table_found=phrase("table-found", table=key) if table_found else ""))
            continue
        if sec.status == "nonstandard":
            findings.append(make(
                "W-title", section=key, location=sec.heading.pos.describe() if sec.heading.pos else "",
                positions=[sec.heading.pos] if sec.heading.pos else [], paragraph=sec.heading_index,
                place=phrase("place-section", section=key), label_kind=phrase("label-heading"),
                actual=clean(sec.heading.text), expected=spec.standard_heading,
            ))
        body = "".join(norm_label(p.text) for p in sec.paragraphs)
        if key in ("一", "五") and (not body or body in ("无", "无。", "暂无")):
            duty = phrase("duty-五") if key == "五" else ""
            findings.append(make("W-empty" if not body else "W-empty-nil", section=key, title=spec.title, duty=duty,
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
        where = phrase("in-workbook") if _is_xlsx(report) else phrase("in-text")
        findings.append(make("T1-none" if not report.tables else "T1-format", where=where))
        return findings
    if fmt.key == "pre-2019":
        return findings
    for tkey in TABLE_KEYS:
        spec = fmt.table(tkey)
        data = report.tables.get(tkey)
        if data is None or not data.found:
            findings.append(make("T1-table", table=tkey, section=tkey, title=spec.title))
            continue
        missing_rows = [r.key for r in spec.rows if not any(k[0] == r.key for k in data.cells)]
        missing_cells = [k for k in spec.cells if k not in data.cells and k[0] not in missing_rows]
        if missing_rows:
            names = "、".join(f"「{row_name(fmt, tkey, r)}」" for r in missing_rows)
            findings.append(make("T1-rows", table=tkey, section=tkey,
                                 cells=[CellRef(tkey, r, c) for r in missing_rows for (rr, c) in spec.cells if rr == r],
                                 rows=names))
        if missing_cells:
            cols = sorted({c for _, c in missing_cells}, key=lambda c: [x.key for x in spec.columns].index(c))
            names = "、".join(f"「{col_name(fmt, tkey, c)}」" for c in cols)
            findings.append(make("T1-cells", table=tkey, section=tkey, cells=[CellRef(tkey, *k) for k in missing_cells],
                                 count=len(missing_cells), columns=names))
        findings.extend(_labels(report, tkey))
    return findings


def _labels(report: Report, tkey: str) -> list[Finding]:
    """W-title for row, column and group labels worded differently from the standard, W-stray for
    stray text."""
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
                            place=phrase("place-table", table=tkey), label_kind=phrase("label-row"),
                            actual=clean(label.text), expected=r.label))
    for key, label in data.col_labels.items():
        try:
            c = spec.column(key)
        except StopIteration:
            continue
        if not c.is_standard(label.text) and not _only_layout_differs(label.text, c.label):
            out.append(make("W-title", table=tkey, section=tkey, location=label.pos.describe() if label.pos else "",
                            positions=[label.pos] if label.pos else [],
                            place=phrase("place-table", table=tkey), label_kind=phrase("label-col"),
                            actual=clean(label.text), expected=c.label))
    for key, label in data.group_labels.items():
        standard = group_label(tkey, key)
        if standard is None or norm_label(label.text) == norm_label(standard) or _only_layout_differs(label.text, standard):
            continue
        if report.document.kind == "pdf" and norm_label(label.text) in norm_label(standard):
            continue  # a piece of the wording: a group label over many rows, cut by a page break
        out.append(make("W-title", table=tkey, section=tkey, location=label.pos.describe() if label.pos else "",
                        positions=[label.pos] if label.pos else [],
                        place=phrase("place-table", table=tkey), label_kind=phrase("label-group"),
                        actual=clean(label.text), expected=standard))
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
        findings.append(make("I-old-format", year=year if year else phrase("year-unknown")))
        return findings
    if expected is not None and fmt.key != expected.key and _older(fmt.key, expected.key):
        detail = "；".join(report.format_evidence)
        findings.append(make("F1", year=year, expected=expected.name, document=expected.document, actual=fmt.name,
                             detail=phrase("format-evidence", detail=detail) if detail else ""))
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
        findings.append(make("W-agency-none"))
    else:
        text = clean(title.text)
        if not report.agency:
            findings.append(make("W-agency", title=text, positions=pos))
        elif not AGENCY_PLACE.search(report.agency):
            findings.append(make("W-agency-short", title=text, positions=pos, agency=report.agency))
    if report.year is not None and title is not None:
        today = date.today().year
        if report.year > today:
            findings.append(make("W-year-future", positions=pos, year=report.year, today=today))
        sec1 = report.sections.get("一")
        text = sec1.text if sec1 is not None and sec1.paragraphs else ""
        years = body_years(text)
        if years:
            top, n = years.most_common(1)[0]
            if top != report.year and years.get(report.year, 0) == 0 and n >= 2:
                findings.append(make("W-year-body", positions=pos, section="一", year=report.year, top=top, count=n))
    return findings
