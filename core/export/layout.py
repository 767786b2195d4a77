"""The report's values carried over to the 2021 layout (``carry_over``), with the list of what
could not be carried (a 2019 draft's table 二). The layout itself — the official merged grids that
the window, the printout and both exports render — is ``core.formats.layout``; its names are
re-exported here for the exporters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..formats import CURRENT, REQUEST_GROUPS, FormatSpec
from ..formats.layout import (  # noqa: F401 - the exporters take the layout from here
    AMOUNT_DECIMALS,
    HEADER_APPLICANTS,
    HEADER_CONTENT,
    HEADER_ORGS,
    HEADER_SUIT,
    TABLE_WIDTH,
    LayoutCell,
    LCell,
    LRow,
    TableLayout,
    fill,
    official_layout,
    official_layouts,
)
from ..formats.naming import cell_name
from ..model import Report
from ..numbers import format_value
from .texts import CARRIED_OTHER_三, NOT_CARRIED_二

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
                t2 = target.table("二")
                columns = " / ".join(t2.column(c).label for c in t2.blocks[0].columns)
                out.not_carried.append(NOT_CARRIED_二.format(source=source.name, target=target.name,
                                                             columns=columns, listing="；".join(listing)))
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
            t3 = target.table("三")
            out.notes.setdefault("三", []).append(CARRIED_OTHER_三.format(
                source=source.name, group=REQUEST_GROUPS["other"], row=t3.row("other_3").label))
    return out
