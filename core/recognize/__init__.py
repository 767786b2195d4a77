"""``Document`` → ``Report``: which format, which paragraph opens which section, which grid cell is
which keyed value. All tolerance for messy layouts lives in this package."""

from __future__ import annotations

from collections import Counter

from ..formats import FORMATS, expected_format
from ..formats.headers import FORMAT_EVIDENCE
from ..model import Document, Grid, Paragraph, Report, TableData
from .bounds import find_bounds
from .sections import body_years, build_sections, find_sections, find_title
from .tables import recognize_tables

__all__ = ["recognize"]

def _decide_format(tables: dict[str, TableData], year: int | None) -> tuple[str | None, list[str]]:
    score = Counter()
    evidence: list[str] = []
    t2, t3, stat = tables.get("二"), tables.get("三"), tables.get("统计表")
    if t2:
        cols = {c for _, c in t2.cells} | set(t2.col_labels)
        if cols & {"issued", "repealed", "in_force"}:
            score["2021"] += 2
            evidence.append(FORMAT_EVIDENCE["t2-2021-columns"])
        if cols & {"made", "published", "total_public", "prev_items", "items"}:
            score["2019"] += 2
            evidence.append(FORMAT_EVIDENCE["t2-2019-columns"])
        rows = {r for r, _ in t2.cells} | set(t2.row_labels)
        if rows & {"procurement", "other_services"}:
            score["2019"] += 1
            evidence.append(FORMAT_EVIDENCE["t2-2019-rows"])
    if t3:
        rows = {r for r, _ in t3.cells}
        if rows & {"other_1", "other_2", "other_3"}:
            score["2021"] += 2
            evidence.append(FORMAT_EVIDENCE["t3-other-split"])
        elif "other" in rows:
            score["2019"] += 2
            evidence.append(FORMAT_EVIDENCE["t3-other-single"])
    if stat and len(stat.cells) >= 5 and not t3:
        score["pre-2019"] += 5
        evidence.append(FORMAT_EVIDENCE["old-table"])
    if not score:
        exp = expected_format(year)
        return (exp.key if exp else None), evidence
    best = max(score.values())
    winners = [k for k, v in score.items() if v == best]
    if len(winners) > 1:
        exp = expected_format(year)
        if exp and exp.key in winners:
            return exp.key, evidence
        return ("2021" if "2021" in winners else winners[0]), evidence
    return winners[0], evidence


def _restrict(t: TableData, fmt) -> TableData:
    """Keep only the cells the format has; rows of the other format become extra rows."""
    spec = fmt.table(t.key)
    if spec is None:
        return t
    allowed = set(spec.cells)
    dropped_rows = {r for (r, c) in t.cells if (r, c) not in allowed and not spec.has_row(r)}
    t.cells = {k: v for k, v in t.cells.items() if k in allowed}
    for r in dropped_rows:
        lab = t.row_labels.pop(r, None)
        if lab is not None:
            t.extra_rows.append(lab)
    return t


def _with_heading_rows(blocks, paragraphs):
    """Paragraphs plus the table rows that hold a single text (a section heading typed as a row of
    an all-in-one table), in document order."""
    out = list(paragraphs)
    for i, b in enumerate(blocks):
        if not isinstance(b, Grid):
            continue
        for row in b.rows:
            distinct = {c.origin: c for c in row if c.text.strip()}
            if len(distinct) == 1:
                cell = next(iter(distinct.values()))
                if len(cell.text.strip()) <= 40:
                    out.append((i, Paragraph(cell.text, pos=cell.pos)))
    out.sort(key=lambda x: x[0])
    return out


def recognize(document: Document) -> Report:
    # only the report is recognized: the page around it (and a second report) stands outside
    bounds = find_bounds(document)
    blocks = bounds.view(document.blocks)
    paragraphs = [(i, b) for i, b in enumerate(blocks) if isinstance(b, Paragraph)]
    grids = [b for b in blocks if isinstance(b, Grid)]

    if bounds.title is not None:
        title, year, agency = bounds.title, bounds.year, bounds.agency
    else:
        title, year, agency = find_title(paragraphs)
    if title is None and document.kind == "xlsx":
        # an Excel title sits in a cell: "XX2023年政府信息公开工作年度报告"
        cell_pars = [(0, Paragraph(c.text)) for g in grids for row in g.rows[:3] for c in row if c.text.strip()]
        title, year, agency = find_title(cell_pars)
    if year is None:
        years = body_years("\n".join(p.text for _, p in paragraphs[:60]))
        if years:
            year = years.most_common(1)[0][0]

    result = recognize_tables(grids)
    tables = result.tables
    fmt_key, evidence = _decide_format(tables, year)
    fmt = FORMATS.get(fmt_key) if fmt_key else None
    if fmt is not None:
        for t in tables.values():
            _restrict(t, fmt)

    grid_block = {g.index: i for i, g in enumerate(blocks) if isinstance(g, Grid)}
    table_positions = {k: grid_block[t.grids[0]] for k, t in tables.items() if t.grids and t.grids[0] in grid_block}
    chosen, others = find_sections(_with_heading_rows(blocks, paragraphs))
    sections = build_sections(chosen, blocks, table_positions)
    chosen_idx = {c.index for c in chosen.values()}
    other_headings = [p for i, p in others if i not in chosen_idx and p is not title]
    return Report(
        document=document,
        format=fmt,
        year=year,
        agency=agency,
        title=title,
        sections=sections,
        tables=tables,
        other_headings=other_headings,
        format_evidence=evidence,
        bounds=bounds,
    )
