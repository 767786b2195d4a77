"""The official layout of the three tables (docs/FORMAT.md §3), as abstract grids built from the format
data in ``core.formats``: every row and column label, block title and group label comes from the
specs, the header words (信息内容, 申请人情况, 法人或其他组织, 行政诉讼) from
``core.formats.HEADER_LABELS``. The Word builder (``standard_docx``) and the Excel builder (``live_xlsx``)
both render these grids, so the two exports cannot drift apart.

Also here: the report's values carried over to the 2021 layout (``carry_over``), with the list of
what could not be carried (a 2019 draft's table 二).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..formats import CURRENT, HEADER_LABELS, REQUEST_GROUPS, FormatSpec, TableSpec
from ..formats.common import APPLICANT_PARTS, REQUEST_NOTE
from ..model import Report
from ..numbers import format_value
from ..rules.names import cell_name

# Header words of the official template that are not row/column labels of any spec.
HEADER_CONTENT = HEADER_LABELS[("二", "content")]  # table 二, left header of every block
HEADER_APPLICANTS = HEADER_LABELS[("三", "applicants")]  # table 三, over the seven columns
HEADER_ORGS = HEADER_LABELS[("三", "orgs")]  # table 三, over the five organisation columns
HEADER_SUIT = HEADER_LABELS[("四", "suit")]  # table 四, over the two litigation groups

AMOUNT_DECIMALS = 4
TABLE_WIDTH = 8840  # twips: the text width of an A4 page with 2.8 cm / 2.6 cm margins


@dataclass
class LCell:
    text: str = ""
    span: int = 1
    vmerge: str | None = None  # None | "restart" | "continue"
    kind: str = "label"  # title | header | note | group | label | data
    key: tuple[str, str] | None = None  # data cells: (row key, column key)
    align: str = "center"


@dataclass
class LRow:
    cells: list[LCell]
    header: bool = False


@dataclass
class TableLayout:
    key: str  # 二 | 三 | 四
    spec: TableSpec
    rows: list[LRow]
    widths: list[int]  # twips per grid column
    font_half_points: int = 21

    @property
    def ncols(self) -> int:
        return len(self.widths)

    def placed(self):
        """(grid row, grid column, cell) of every cell, 0-based."""
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row.cells:
                yield r, c, cell
                c += cell.span

    def positions(self) -> dict[tuple[str, str], tuple[int, int]]:
        """(row key, column key) → (grid row, grid column) of every data cell."""
        return {cell.key: (r, c) for r, c, cell in self.placed() if cell.kind == "data" and cell.key}

    def merges(self) -> list[tuple[int, int, int, int]]:
        """Merged areas (r1, c1, r2, c2), inclusive, 0-based."""
        out = []
        placed = list(self.placed())
        at = {(r, c): cell for r, c, cell in placed}
        for r, c, cell in placed:
            if cell.vmerge == "continue":
                continue
            r2 = r
            if cell.vmerge == "restart":
                while (r2 + 1, c) in at and at[(r2 + 1, c)].vmerge == "continue":
                    r2 += 1
            if r2 > r or cell.span > 1:
                out.append((r, c, r2, c + cell.span - 1))
        return out


# ----- table 二 ---------------------------------------------------------------------------------


def _layout_二(fmt: FormatSpec) -> TableLayout:
    spec = fmt.table("二")
    nval = max(len(b.columns) for b in spec.blocks)
    ncols = 1 + nval
    rows: list[LRow] = []
    for block in spec.blocks:
        rows.append(LRow([LCell(block.title, ncols, kind="title")], header=True))
        spans = [1] * (len(block.columns) - 1) + [nval - (len(block.columns) - 1)]
        rows.append(LRow([LCell(HEADER_CONTENT, kind="header")]
                         + [LCell(spec.column(c).label, s, kind="header") for c, s in zip(block.columns, spans)],
                         header=True))
        for rk in block.rows:
            rows.append(LRow([LCell(spec.row(rk).label, kind="label")]
                             + [LCell("", s, kind="data", key=(rk, c)) for c, s in zip(block.columns, spans)]))
    label_w = 2650
    return TableLayout("二", spec, rows, [label_w] + [(TABLE_WIDTH - label_w) // nval] * nval, 21)


# ----- table 三 ---------------------------------------------------------------------------------


def _layout_三(fmt: FormatSpec) -> TableLayout:
    spec = fmt.table("三")
    cols = [c.key for c in spec.columns]
    parts_org = [c for c in APPLICANT_PARTS if c != "natural"]
    natural = spec.column("natural").label
    total = spec.column("total").label
    rows: list[LRow] = [
        LRow([LCell(REQUEST_NOTE, 3, "restart", kind="note", align="left"),
              LCell(HEADER_APPLICANTS, len(cols), kind="header")], header=True),
        LRow([LCell("", 3, "continue", kind="note"), LCell(natural, 1, "restart", kind="header"),
              LCell(HEADER_ORGS, len(parts_org), kind="header"), LCell(total, 1, "restart", kind="header")],
             header=True),
        LRow([LCell("", 3, "continue", kind="note"), LCell("", 1, "continue", kind="header")]
             + [LCell(spec.column(c).label, kind="header") for c in parts_org]
             + [LCell("", 1, "continue", kind="header")], header=True),
    ]
    first_outcome = True
    prev_group = None
    for r in spec.rows:
        data = [LCell("", kind="data", key=(r.key, c)) for c in cols]
        if r.group is None:
            rows.append(LRow([LCell(r.label, 3, kind="label", align="left")] + data))
            prev_group = None
            continue
        outcome = LCell(REQUEST_GROUPS["outcomes"] if first_outcome else "", 1,
                        "restart" if first_outcome else "continue", kind="group")
        first_outcome = False
        if r.group == "outcomes":
            cells = [outcome, LCell(r.label, 2, kind="label", align="left")]
        else:
            start = r.group != prev_group
            cells = [outcome,
                     LCell(REQUEST_GROUPS[r.group] if start else "", 1, "restart" if start else "continue",
                           kind="group"),
                     LCell(r.label, kind="label", align="left")]
        prev_group = r.group
        rows.append(LRow(cells + data))
    return TableLayout("三", spec, rows, [620, 760, TABLE_WIDTH - 620 - 760 - 717 * len(cols)] + [717] * len(cols), 21)


# ----- table 四 ---------------------------------------------------------------------------------


def _layout_四(fmt: FormatSpec) -> TableLayout:
    spec = fmt.table("四")
    cols = [c.key for c in spec.columns]
    n = len(cols)
    review, *suits = spec.rows
    r1 = [LCell(review.label, n, kind="header"), LCell(HEADER_SUIT, n * len(suits), kind="header")]
    r2 = [LCell(spec.column(c).label, 1, "restart", kind="header") for c in cols]
    r2 += [LCell(s.label, n, kind="header") for s in suits]
    r3 = [LCell("", 1, "continue", kind="header") for _ in cols]
    r3 += [LCell(spec.column(c).label, kind="header") for _ in suits for c in cols]
    r4 = [LCell("", kind="data", key=(row.key, c)) for row in spec.rows for c in cols]
    rows = [LRow(r1, header=True), LRow(r2, header=True), LRow(r3, header=True), LRow(r4)]
    width = TABLE_WIDTH // (n * len(spec.rows))
    return TableLayout("四", spec, rows, [width] * (n * len(spec.rows)), 18)


_BUILDERS = {"二": _layout_二, "三": _layout_三, "四": _layout_四}


def official_layout(table: str, fmt: FormatSpec = CURRENT) -> TableLayout:
    return _BUILDERS[table](fmt)


def official_layouts(fmt: FormatSpec = CURRENT) -> list[TableLayout]:
    return [official_layout(k, fmt) for k in ("二", "三", "四")]


def fill(layout: TableLayout, values: dict[tuple[str, str, str], str]) -> TableLayout:
    """The layout with its data cells holding ``values`` (keyed (table, row, col))."""
    for _, _, cell in layout.placed():
        if cell.kind == "data" and cell.key:
            cell.text = values.get((layout.key, *cell.key), "")
    return layout


# ----- the report's values in the 2021 layout ------------------------------------------------


@dataclass
class Carried:
    """The report's values keyed by the 2021 format's cells, as the clerk should write them."""

    values: dict[tuple[str, str, str], str] = field(default_factory=dict)
    not_carried: list[str] = field(default_factory=list)  # what the 2021 layout cannot hold
    notes: dict[str, list[str]] = field(default_factory=dict)  # table key → notes placed under it


def display_text(cell, kind: str) -> str:
    """A cell's text as a clean number where one can be read (blanks count 0, as the check does);
    unreadable text is kept as written so that nothing is silently lost."""
    if cell is None:
        return ""
    p = cell.number
    if p.status == "number":
        return format_value(p.value, AMOUNT_DECIMALS if kind == "amount" else None)
    if p.status == "blank":
        return format_value(0, AMOUNT_DECIMALS if kind == "amount" else None)
    if p.status == "unknown":
        return ""
    return cell.raw.strip()


def carry_over(report: Report, target: FormatSpec = CURRENT) -> Carried:
    """The report's table values in the ``target`` (2021) layout. From a 2019 draft tables 三 and 四
    carry over (（六）其他处理 → （六）3.其他); table 二's 2019 columns do not."""
    out = Carried()
    source = report.format
    if source is None or source.key == "pre-2019":
        return out
    same = source.key == target.key
    for tkey in ("二", "三", "四"):
        spec = target.table(tkey)
        kinds = {c.key: c.kind for c in spec.columns}
        data = report.tables.get(tkey)
        if tkey == "二" and not same:
            if data is not None and data.cells:
                listing = []
                src_spec = source.table("二")
                for key in src_spec.cells:
                    c = data.cells.get(key)
                    if c is None:
                        continue
                    listing.append(f"{cell_name(source, '二', *key)}：{c.raw.strip() or '（空）'}")
                out.not_carried.append(
                    f"表二（{source.name}）的数据无法对应到 2021 年版表二的「本年制发件数 / 本年废止件数 / 现行有效件数」"
                    f"等栏目，未转入，请按新格式重新填写。原表数据：" + "；".join(listing) + "。"
                )
            continue
        if data is None:
            continue
        for key in spec.cells:
            out.values[(tkey, *key)] = display_text(data.cells.get(key), kinds.get(key[1], "count"))
        if tkey == "三" and not same and target.table("三").has_row("other_3") and not source.table("三").has_row("other_3"):
            for col in (c.key for c in spec.columns):
                old = data.cells.get(("other", col))
                out.values[("三", "other_3", col)] = display_text(old, "count")
                for k in ("other_1", "other_2"):
                    out.values[("三", k, col)] = "0"
            other = REQUEST_GROUPS["other"]
            out.notes.setdefault("三", []).append(
                f"注：本表由{source.name}转换而来，原「{other}」一行的数字已填入「{other} 3.其他」；"
                f"其中如有申请人逾期不补正或逾期未缴费而不再处理的情形，请分别改填 1、2 两项。"
            )
    return out
