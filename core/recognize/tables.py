"""Finding the three tables (or the old statistical table) by their labels, not their position.

All grids of the document are read as one stream of rows. A header row switches the stream into a
table ("zone"): 申请人情况/自然人 → 三, 行政复议+行政诉讼 → 四, 第二十条/信息内容 → 二, 统计指标 or
old-table labels → 统计表. Rows that carry a known row label continue or start their table even
without a header, so a table split at a page break, all tables in one grid, or section 二 in four
small grids come out the same. Column keys come from the header cells above each grid column; where
a part has no header, the mapping of the previous part (same width) or the right-most value cells
are used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..formats import V2019, V2021, PRE2019, REQUEST_GROUP_MATCH
from ..formats.base import ColumnSpec, RowSpec
from ..formats.common import APPLICANT_COLUMNS, OTHER_ROW_2019, REVIEW_COLUMNS
from ..model import Cell, Grid, GridCell, Label, TableData
from ..numbers import parse_number
from ..text import norm_label

# Union of the row specs of both formats, per table (the format is decided from what is found).
T3_ROWS: tuple[RowSpec, ...] = tuple(
    {r.key: r for r in V2021.tables["三"].rows + (OTHER_ROW_2019,)}.values()
)
T2_ROWS: tuple[RowSpec, ...] = tuple({r.key: r for r in V2021.tables["二"].rows + V2019.tables["二"].rows}.values())
# Both formats' columns, duplicates by key kept: "amount" is 本年收费金额 in 2021 and 采购总金额 in 2019.
T2_COLS: tuple[ColumnSpec, ...] = V2021.tables["二"].columns + tuple(
    c for c in V2019.tables["二"].columns if c not in V2021.tables["二"].columns
)
STAT_ROWS = PRE2019.tables["统计表"].rows

_LEAD_NUMBER = re.compile(r"^(?:\d+|[一二三四五六七八九十]+|\([一二三四五六七八九十\d]+\))[.、,]?")


def is_valueish(text: str) -> bool:
    """A cell that holds a number (or a blank marker) rather than a label."""
    t = text.strip()
    if not t:
        return False
    p = parse_number(t)
    return p.status in ("number", "blank")


@dataclass
class _RowView:
    grid: Grid
    r: int
    cells: list[GridCell]  # one per grid column (merged copies included)

    def norm(self) -> str:
        seen = set()
        parts = []
        for c in self.cells:
            if c.origin in seen:
                continue
            seen.add(c.origin)
            parts.append(norm_label(c.text))
        return "".join(parts)

    def distinct(self, upto: int | None = None) -> list[tuple[int, GridCell]]:
        """(grid column, cell) for each distinct cell of the row (merged copies skipped)."""
        out, seen = [], set()
        for c, cell in enumerate(self.cells[:upto] if upto is not None else self.cells):
            if cell.origin in seen:
                continue
            seen.add(cell.origin)
            out.append((c, cell))
        return out


@dataclass
class TableResult:
    tables: dict[str, TableData] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)
    other_row_2019: bool = False
    other_rows_2021: bool = False


def _label_of(cell: GridCell, grid: Grid) -> Label:
    return Label(cell.text, cell.pos, grid.index, cell.origin)


def _make_cell(table: str, row: str, col: str, cell: GridCell, grid: Grid) -> Cell:
    text = cell.text
    return Cell(table, row, col, text, parse_number(text, unknown=cell.unknown), cell.pos, grid.index, cell.origin,
                cell.formula)


# ----- header analysis -------------------------------------------------------------------------


def _leaf_columns(header_rows: list[_RowView], specs: tuple[ColumnSpec, ...], width: int) -> dict[int, str]:
    """grid column → column key, from the lowest header cell of each column that names a column."""
    out: dict[int, str] = {}
    for c in range(width):
        acc = ""
        for hv in reversed(header_rows):
            text = norm_label(hv.cells[c].text) if c < len(hv.cells) else ""
            if not text:
                continue
            acc = text + acc
            hit = next((s for s in specs if s.matches(text)), None) or next((s for s in specs if s.matches(acc)), None)
            if hit:
                out[c] = hit.key
                break
    return out


def _dedupe_columns(mapping: dict[int, str]) -> dict[str, int]:
    """column key → the first grid column that carries it."""
    out: dict[str, int] = {}
    for c in sorted(mapping):
        out.setdefault(mapping[c], c)
    return out


# ----- the stream -----------------------------------------------------------------------------


class _Recognizer:
    def __init__(self, grids: list[Grid]):
        self.grids = grids
        self.result = TableResult()
        self.t2 = TableData("二")
        self.t3 = TableData("三")
        self.t4 = TableData("四")
        self.stat = TableData("统计表")
        # state
        self.zone: str | None = None
        self.t3_cols: dict[str, int] | None = None
        self.t3_width: int | None = None
        self.t3_group: str | None = None
        self.t3_header: list[_RowView] = []
        self.t2_cols: dict[str, int] = {}
        self.t4_header: list[_RowView] = []
        self.t4_done = False
        self.stat_ctx: str | None = None
        self.t3_data_started = False

    # zone detection on one row
    def _header_zone(self, n: str) -> str | None:
        if "申请人情况" in n or ("自然人" in n and ("法人" in n or "商业" in n or "总计" in n)) or "勾稽关系" in n:
            return "三"
        if ("行政复议" in n and "行政诉讼" in n) or "未经复议" in n or "复议后起诉" in n:
            return "四"
        if "第二十条" in n or n.startswith("信息内容"):
            return "二"
        if "统计指标" in n or "政府信息公开情况统计表" in n:
            return "统计表"
        return None

    def run(self) -> TableResult:
        for grid in self.grids:
            self._grid(grid)
        for t in (self.t2, self.t3, self.t4, self.stat):
            if t.found:
                self.result.tables[t.key] = t
        return self.result

    def _grid(self, grid: Grid):
        # A new grid keeps the current zone only for a table split at a page break (三 continued).
        prev_zone = self.zone
        self.zone = None
        if prev_zone == "三":
            self.zone = "三?"
        if prev_zone == "二":
            self.zone = "二?"
        for r, row in enumerate(grid.rows):
            rv = _RowView(grid, r, row)
            n = rv.norm()
            if not n:
                if self.zone == "四" and not self.t4_done and self.t4_header and grid.width >= 10:
                    self._t4_row(rv, empty_ok=True)  # the data row of an empty template
                continue
            hz = self._header_zone(n)
            if hz == "三":
                self._t3_header_row(rv, new=self.zone != "三" or not self.t3_header_is_open)
                self.zone = "三"
                continue
            if hz == "四" and not (self.zone == "四" and self.t4_done):
                if self.zone != "四":
                    self.t4_header = []
                    self.t4_done = False
                self.zone = "四"
                self.t4_header.append(rv)
                continue
            if hz == "二":
                self.zone = "二"
                self._t2_header_row(rv)
                continue
            if hz == "统计表":
                self.zone = "统计表"
                continue
            # Not a header: which table does this row belong to?
            if self.zone == "四":
                if self._t4_row(rv):
                    continue
            if self.zone in ("二", "二?") and self._t2_row(rv):
                self.zone = "二"
                continue
            if self.zone == "统计表":
                self._stat_row(rv)
                continue
            if self._t3_row(rv):
                self.zone = "三"
                continue
            if self.zone == "三" and self.t3_header_is_open:
                self.t3_header.append(rv)  # a further header line (e.g. 企业 / 机构 on a row of its own)
                self._t3_map_columns(rv.grid)
                continue
            if self._stat_row(rv):
                self.zone = "统计表"
                continue
            if self._t2_row(rv):
                self.zone = "二"
                continue
            if self._t4_row(rv):
                continue

    # ----- table 三 -----

    @property
    def t3_header_is_open(self) -> bool:
        return bool(self.t3_header) and not self.t3_data_started

    def _t3_header_row(self, rv: _RowView, new: bool):
        if new or self.t3_header and self.t3_header[-1].grid is not rv.grid:
            self.t3_header = []
            self.t3_data_started = False
        self.t3_header.append(rv)
        self._t3_map_columns(rv.grid)
        if not self.t3.found:
            self.t3.found = True
        if rv.grid.index not in self.t3.grids:
            self.t3.grids.append(rv.grid.index)
        for c, cell in rv.distinct():
            key = next((s.key for s in APPLICANT_COLUMNS if s.matches(norm_label(cell.text))), None)
            if key and key not in self.t3.col_labels and not any(
                x in norm_label(cell.text) for x in ("申请人情况", "法人或其他组织", "勾稽")
            ):
                self.t3.col_labels[key] = _label_of(cell, rv.grid)
        # The split header lines (商业 / 企业) are joined for the label check.
        for key, c in (self.t3_cols or {}).items():
            parts = []
            seen = set()
            for hv in self.t3_header:
                cell = hv.cells[c] if c < len(hv.cells) else None
                if cell is None or cell.origin in seen or not cell.text.strip():
                    continue
                seen.add(cell.origin)
                t = norm_label(cell.text)
                if any(x in t for x in ("申请人情况", "法人或其他组织", "勾稽")):
                    continue
                if parts and norm_label(parts[-1]) == t:
                    continue  # the same label repeated in a lower header line (merges undone)
                parts.append(cell.text.strip())
            if parts:
                first = self.t3.col_labels.get(key)
                self.t3.col_labels[key] = Label("".join(parts), first.pos if first else None, rv.grid.index, None)

    def _t3_map_columns(self, grid: Grid):
        mapping = _leaf_columns(self.t3_header, APPLICANT_COLUMNS, grid.width)
        cols = _dedupe_columns(mapping)
        if len(cols) >= 4:
            self.t3_cols = cols
            self.t3_width = grid.width

    def _match_t3(self, rv: _RowView) -> tuple[RowSpec | None, int, list[tuple[int, GridCell]]]:
        """The row spec of a data row of 三, the first data column, and the label cells."""
        first_data = min(self.t3_cols.values()) if self.t3_cols and self.t3_width == rv.grid.width else None
        if first_data is None:
            # label cells: the distinct cells before the first value cell counted from the right end
            distinct = rv.distinct()
            k = len(distinct)
            while k > 0 and (is_valueish(distinct[k - 1][1].text) or not distinct[k - 1][1].text.strip()):
                k -= 1
            labels = distinct[:k]
            first_data = distinct[k][0] if k < len(distinct) else rv.grid.width
        else:
            labels = rv.distinct(first_data)
        texts = [(c, cell) for c, cell in labels if cell.text.strip() and not is_valueish(cell.text)]
        group = None
        for c, cell in reversed(texts):
            n = norm_label(cell.text)
            g = next((g for g, frags in REQUEST_GROUP_MATCH.items() if any(f in n for f in frags)), None)
            if g and g != "outcomes":
                group = g
                break
        spec = None
        for c, cell in reversed(texts):
            n = norm_label(cell.text)
            if not n:
                continue
            stripped = _LEAD_NUMBER.sub("", n)
            ctx = group or self.t3_group
            if ctx == "other" and stripped == "其他":
                spec = next(r for r in T3_ROWS if r.key == "other_3")
                break
            cand = [r for r in T3_ROWS if r.matches(n)]
            if cand:
                # a sub-row label wins over its group label; 2019 （六）其他处理 only if nothing more specific
                cand.sort(key=lambda r: (r.key == "other", r.key == "total"))
                spec = cand[0]
                if spec.key == "other" and any(norm_label(t.text) != n for _, t in texts[texts.index((c, cell)) + 1:]):
                    spec = None
                break
        return spec, first_data, labels

    def _t3_row(self, rv: _RowView) -> bool:
        spec, first_data, labels = self._match_t3(rv)
        if spec is None:
            return False
        if spec.key == "total" and self.zone not in ("三", "三?"):
            return False  # a 总计 elsewhere is not table 三's （七）总计
        if spec.key in ("new", "carried_in") or self.zone in ("三", "三?") or spec.group in ("withheld", "unable", "rejected", "other"):
            pass
        else:
            return False
        t = self.t3
        t.found = True
        self.t3_data_started = True
        if rv.grid.index not in t.grids:
            t.grids.append(rv.grid.index)
        if spec.group:
            self.t3_group = spec.group
        # labels: the most specific label text is the row label; numbers in the label area are stray
        texts = [(c, cell) for c, cell in labels if cell.text.strip()]
        for c, cell in texts:
            if is_valueish(cell.text) and parse_number(cell.text).status == "number":
                t.stray.append(Label(cell.text, cell.pos, rv.grid.index, cell.origin))
        label_cells = [(c, cell) for c, cell in texts if not is_valueish(cell.text)]
        if label_cells and spec.key not in t.row_labels:
            c, cell = next(((c, x) for c, x in reversed(label_cells) if spec.matches(norm_label(x.text))), label_cells[-1])
            t.row_labels[spec.key] = _label_of(cell, rv.grid)
        for c, cell in label_cells:
            n = norm_label(cell.text)
            for g, frags in REQUEST_GROUP_MATCH.items():
                if any(f in n for f in frags) and g not in t.group_labels and not spec.matches(n):
                    t.group_labels[g] = _label_of(cell, rv.grid)
        if any(k[0] == spec.key for k in t.cells):
            t.extra_rows.append(_label_of(label_cells[-1][1], rv.grid) if label_cells else Label(spec.label, None))
            return True
        cols = self.t3_cols if self.t3_cols and self.t3_width == rv.grid.width else None
        values = self._row_values(rv, cols, first_data, [c.key for c in APPLICANT_COLUMNS])
        for col, cell in values.items():
            t.cells[(spec.key, col)] = _make_cell("三", spec.key, col, cell, rv.grid)
        return True

    def _row_values(self, rv: _RowView, cols: dict[str, int] | None, first_data: int, keys: list[str]):
        """column key → grid cell. Uses the header mapping where the row agrees with it, else the
        right-most value cells of the row in order."""
        out: dict[str, GridCell] = {}
        if cols:
            ok = 0
            for key in keys:
                c = cols.get(key)
                if c is not None and c < len(rv.cells):
                    cell = rv.cells[c]
                    if cell.origin[1] >= first_data:
                        out[key] = cell
                        if is_valueish(cell.text) or cell.unknown:
                            ok += 1
            if ok >= max(1, len(keys) - 2) or len(out) == len(keys) and ok > 0:
                return out
            if ok == 0 and all(not cell.text.strip() for cell in out.values()) and len(out) == len(keys):
                return out  # an all-blank row: W-blank will say so
        # positional: the last len(keys) distinct cells at or after the first data column
        distinct = [(c, cell) for c, cell in rv.distinct() if c >= first_data]
        tail = distinct[-len(keys):] if len(distinct) >= len(keys) else distinct
        return {key: cell for key, (c, cell) in zip(keys[-len(tail):] if tail else [], tail)}

    # ----- table 四 -----

    def _t4_row(self, rv: _RowView, empty_ok: bool = False) -> bool:
        if self.t4_done or not self.t4_header:
            return False
        distinct = rv.distinct()
        values = [(c, cell) for c, cell in distinct if is_valueish(cell.text) or cell.unknown]
        texts = [cell for _, cell in distinct if cell.text.strip() and not is_valueish(cell.text)]
        if (len(values) >= 3 or empty_ok) and not texts:
            values = [(c, cell) for c, cell in distinct]  # blanks are values here (W-blank says so)
        if len(values) < 10:
            # a further header line (single characters, or the 结果维持 … row)
            if any(s.matches(norm_label(cell.text)) for _, cell in distinct for s in REVIEW_COLUMNS):
                self.t4_header.append(rv)
                return True
            return False
        t = self.t4
        t.found = True
        if rv.grid.index not in t.grids:
            t.grids.append(rv.grid.index)
        mapping = self._t4_columns(rv.grid.width)
        groups = ("review", "suit_direct", "suit_after_review")
        leaves = [c.key for c in REVIEW_COLUMNS]
        used = False
        if mapping and len(mapping) >= 12:
            got = {}
            for c, (g, leaf) in mapping.items():
                if c < len(rv.cells) and (g, leaf) not in got:
                    got[(g, leaf)] = rv.cells[c]  # whatever it holds: V1 says so if it is no number
            if len(got) >= 12:
                for (g, leaf), cell in got.items():
                    t.cells[(g, leaf)] = _make_cell("四", g, leaf, cell, rv.grid)
                used = True
        if not used:
            cells = [cell for _, cell in values][-15:]
            for i, cell in enumerate(cells):
                g, leaf = groups[i // 5], leaves[i % 5]
                t.cells[(g, leaf)] = _make_cell("四", g, leaf, cell, rv.grid)
        self.t4_done = True
        return True

    def _t4_columns(self, width: int) -> dict[int, tuple[str, str]]:
        header = [h for h in self.t4_header if h.grid.width == width]
        if not header:
            return {}
        group_of: dict[int, str] = {}
        current = None
        for c in range(width):
            found = None
            for hv in header:
                n = norm_label(hv.cells[c].text)
                if len(n) > 12:
                    continue  # a title row such as 四、政府信息公开行政复议、行政诉讼情况
                if "未经复议" in n or "直接起诉" in n:
                    found = "suit_direct"
                elif "复议后" in n:
                    found = "suit_after_review"
                elif "行政复议" in n and found is None:
                    found = "review"
            if found:
                current = found
                # the label text for the group
                for hv in header:
                    cell = hv.cells[c]
                    n = norm_label(cell.text)
                    if len(n) > 12:
                        continue
                    key = {"未经复议": "suit_direct", "直接起诉": "suit_direct", "复议后": "suit_after_review"}
                    g = next((v for k, v in key.items() if k in n), "review" if "行政复议" in n else None)
                    if g == found and g not in self.t4.row_labels:
                        self.t4.row_labels[g] = _label_of(cell, hv.grid)
            if current:
                group_of[c] = current
        leaves = _leaf_columns(header, REVIEW_COLUMNS, width)
        out = {}
        for c, leaf in leaves.items():
            if c in group_of:
                out[c] = (group_of[c], leaf)
                if (leaf not in self.t4.col_labels) and c < width:
                    for hv in reversed(header):
                        cell = hv.cells[c]
                        if next((s for s in REVIEW_COLUMNS if s.key == leaf)).matches(norm_label(cell.text)):
                            self.t4.col_labels.setdefault(leaf, _label_of(cell, hv.grid))
                            break
        return out

    # ----- table 二 -----

    def _t2_header_row(self, rv: _RowView):
        n = rv.norm()
        self.t2.found = True
        if rv.grid.index not in self.t2.grids:
            self.t2.grids.append(rv.grid.index)
        if "第二十条" in n and not any(s.matches(n) for s in T2_COLS):
            self.t2_cols = {}
            return
        cols: dict[str, int] = {}
        for c, cell in rv.distinct():
            t = norm_label(cell.text)
            spec = next((s for s in T2_COLS if s.matches(t)), None)
            if spec and spec.key not in cols:
                cols[spec.key] = c
                self.t2.col_labels.setdefault(spec.key, _label_of(cell, rv.grid))
        if cols:
            self.t2_cols = cols

    def _t2_row(self, rv: _RowView) -> bool:
        distinct = rv.distinct()
        labels = [(c, cell) for c, cell in distinct if cell.text.strip() and not is_valueish(cell.text)]
        if not labels:
            return False
        spec = None
        label_cell = None
        for c, cell in labels[:2]:
            n = norm_label(cell.text)
            spec = next((s for s in T2_ROWS if s.matches(n)), None)
            if spec:
                label_cell = (c, cell)
                break
        if spec is None:
            return False
        if self.zone not in ("二", "二?") and not self.t2.found:
            # a row label of 二 outside any header: only if the row has values and nothing else matched
            if not any(is_valueish(cell.text) for _, cell in distinct):
                return False
        t = self.t2
        t.found = True
        if rv.grid.index not in t.grids:
            t.grids.append(rv.grid.index)
        t.row_labels.setdefault(spec.key, _label_of(label_cell[1], rv.grid))
        sub = [cell for c, cell in labels if c > label_cell[0]]
        cols = self.t2_cols
        after = [(c, cell) for c, cell in distinct if c > max(c for c, _ in labels)]
        if cols:
            values = {}
            for key, c in cols.items():
                if c < len(rv.cells) and c > label_cell[0]:
                    values[key] = rv.cells[c]
        else:
            values = {}
        if not values and after:
            keys = _default_t2_columns(spec.key, len(after))
            values = {k: cell for k, (_, cell) in zip(keys, after)}
        for key, cell in values.items():
            new = _make_cell("二", spec.key, key, cell, rv.grid)
            old = t.cells.get((spec.key, key))
            if old is not None and sub:
                # 2019 其他对外管理服务事项 split into sub-rows: the canonical cell is their sum
                parts = (old.parts or (old,)) + (new,)
                total = sum((p.number.effective or 0) for p in parts)
                t.cells[(spec.key, key)] = Cell("二", spec.key, key, str(total), parse_number(str(total)), old.pos,
                                               old.grid, old.grid_rc, None, False, parts)
            else:
                t.cells[(spec.key, key)] = new
        if sub:
            t.extra_rows.append(_label_of(sub[0], rv.grid))
        return True

    # ----- the old statistical table -----

    def _stat_row(self, rv: _RowView) -> bool:
        distinct = rv.distinct()
        labels = [(c, cell) for c, cell in distinct if cell.text.strip() and not is_valueish(cell.text)]
        if not labels:
            return False
        n = norm_label(labels[0][1].text)
        spec = None
        for s in STAT_ROWS:
            if s.context and s.context != self.stat_ctx:
                continue
            if (s.key, "value") in self.stat.cells:
                continue
            if s.matches(n):
                spec = s
                break
        if spec is None:
            # rows of the old table that are not checked still keep the zone
            return self.zone == "统计表"
        if spec.sets_context:
            self.stat_ctx = spec.sets_context
        t = self.stat
        t.found = True
        if rv.grid.index not in t.grids:
            t.grids.append(rv.grid.index)
        values = [(c, cell) for c, cell in distinct if c > labels[0][0] and (is_valueish(cell.text) or cell.unknown)]
        t.row_labels.setdefault(spec.key, _label_of(labels[0][1], rv.grid))
        if values and spec.key not in {k[0] for k in t.cells}:
            c, cell = values[-1]
            t.cells[(spec.key, "value")] = _make_cell("统计表", spec.key, "value", cell, rv.grid)
        return True


def _default_t2_columns(row_key: str, n: int) -> list[str]:
    by_row = {
        "rules": ["issued", "repealed", "in_force"],
        "normative_docs": ["issued", "repealed", "in_force"],
        "licensing": ["decisions"],
        "penalty": ["decisions"],
        "coercion": ["decisions"],
        "fees": ["amount"],
        "other_services": ["prev_items", "change", "decisions"],
        "procurement": ["items", "amount"],
    }
    keys = by_row.get(row_key, [])
    if row_key in ("licensing", "penalty", "coercion") and n >= 3:
        return ["prev_items", "change", "decisions"]
    if row_key == "fees" and n == 2:
        return ["prev_items", "change"]
    if row_key in ("rules", "normative_docs") and n == 3:
        return keys
    return keys[:n]


def recognize_tables(grids: list[Grid]) -> TableResult:
    rec = _Recognizer([g for g in grids if g.rows])
    return rec.run()
