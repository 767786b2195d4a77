"""Excel (.xlsx, also .xlsm/.xltx and WPS 表格 files saved as .xlsx) → ``Document``.

Every sheet becomes one grid (merged ranges resolved). A formula cell shows its cached value; where
the file holds none (saved by a generator, not by Excel), simple formulas — SUM of ranges and cells,
sums and differences of cells — are evaluated from the other cells, across sheets too. Anything else
is marked unknown: never a silent 0.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from ..model import Document, Grid, GridCell, Paragraph, SourcePos
from ..numbers import format_value, parse_number
from .ooxml import R_NS
from .ooxml import S_NS as S
from .package import Package, producer


def s(tag: str) -> str:
    return f"{{{S}}}{tag}"


MAX_ROWS = 5000
MAX_COLS = 200
MAX_SHEETS = 200

_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


def col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def col_letters(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def split_ref(ref: str) -> tuple[int, int] | None:
    m = _REF.match(ref.strip().upper())
    if not m:
        return None
    return int(m.group(2)), col_index(m.group(1))


def _number_text(v: str, decimals: int | None) -> str:
    try:
        f = float(v)
    except ValueError:
        return v
    if decimals is not None and decimals > 0:
        return f"{f:.{decimals}f}"
    return format_value(Decimal(repr(f)))  # the one Decimal → text conversion


def _fmt_decimals(code: str) -> int | None:
    code = code.split(";")[0]
    m = re.search(r"0\.(0+)", code)
    if m:
        return len(m.group(1))
    return None


_BUILTIN_DECIMALS = {2: 2, 4: 2, 10: 2, 11: 2, 39: 2, 40: 2, 43: 2, 44: 2}


class _Workbook:
    def __init__(self, pkg: Package):
        self.pkg = pkg
        self.notes: list[str] = []
        main = pkg.main_part()
        self.folder = main.rpartition("/")[0]
        self.wb = pkg.xml(main)
        self.rels = self._rels(main)
        self.shared = self._shared_strings()
        self.xf_decimals = self._styles()
        self.values: dict[str, dict[tuple[int, int], dict]] = {}  # sheet → (r, c) → cell info
        self.order: list[tuple[str, str]] = []  # (sheet name, part)

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (short type, target part)."""
        out: dict[str, tuple[str, str]] = {}
        for rel in self.pkg.relationships(part):
            if not rel.external and rel.target:
                out.setdefault(rel.id, (rel.short_type, rel.target))
        return out

    def _shared_strings(self) -> list[str]:
        name = next((t for typ, t in self.rels.values() if typ == "sharedStrings"), None)
        if name is None or not self.pkg.has(name):
            return []
        out = []
        for si in self.pkg.xml(name).iter(s("si")):
            parts = [t.text or "" for t in si.iter(s("t")) if not any(a.tag == s("rPh") for a in t.iterancestors())]
            out.append("".join(parts))
        return out

    def _styles(self) -> list[int | None]:
        name = next((t for typ, t in self.rels.values() if typ == "styles"), None)
        if name is None or not self.pkg.has(name):
            return []
        root = self.pkg.xml(name)
        custom = {}
        for nf in root.iter(s("numFmt")):
            try:
                custom[int(nf.get("numFmtId", "-1"))] = _fmt_decimals(nf.get("formatCode", ""))
            except ValueError:
                continue
        out: list[int | None] = []
        xfs = root.find(s("cellXfs"))
        if xfs is None:
            return out
        for xf in xfs.iter(s("xf")):
            try:
                fid = int(xf.get("numFmtId", "0"))
            except ValueError:
                fid = 0
            out.append(custom.get(fid, _BUILTIN_DECIMALS.get(fid)))
        return out

    def read(self) -> list:
        sheets = self.wb.find(s("sheets"))
        if sheets is None:
            raise self.pkg.error("xlsx_no_sheet", detail="workbook.xml lists no sheet")
        for i, sh in enumerate(sheets.iter(s("sheet"))):
            if i >= MAX_SHEETS:
                self.notes.append(f"工作簿超过 {MAX_SHEETS} 个工作表，其余未读取。")
                break
            rid = sh.get(f"{{{R_NS}}}id", "")
            name = sh.get("name", f"Sheet{i + 1}")
            part = self.rels.get(rid, ("", ""))[1]
            if not part or not self.pkg.has(part):
                self.notes.append(f"工作表「{name}」缺少数据，已跳过。")
                continue
            self.order.append((name, part))
        merges: dict[str, list[tuple[int, int, int, int]]] = {}
        for name, part in self.order:
            merges[name] = self._sheet(name, part)
        blocks: list = []
        for idx, (name, _) in enumerate(self.order, start=1):
            grid = self._grid(idx, name, merges[name])
            if grid is not None:
                blocks.append(Paragraph(text=name, style="sheet", pos=SourcePos("xlsx", sheet=name)))
                blocks.append(grid)
        return blocks

    def _sheet(self, name: str, part: str):
        root = self.pkg.xml(part)
        cells: dict[tuple[int, int], dict] = {}
        shared_f: dict[str, tuple[str, int, int]] = {}
        data = root.find(s("sheetData"))
        cut = False
        if data is not None:
            next_row = 1
            for row in data.iter(s("row")):
                try:
                    rnum = int(row.get("r", next_row))
                except ValueError:
                    rnum = next_row
                next_row = rnum + 1
                if rnum > MAX_ROWS:
                    cut = True
                    break
                next_col = 1
                for c in row.iter(s("c")):
                    ref = c.get("r")
                    rc = split_ref(ref) if ref else (rnum, next_col)
                    if rc is None:
                        continue
                    r_, c_ = rc
                    next_col = c_ + 1
                    if c_ > MAX_COLS:
                        cut = True
                        continue
                    info = self._cell(c, r_, c_, shared_f)
                    if info is not None:
                        cells[(r_, c_)] = info
        if cut:
            self.notes.append(f"工作表「{name}」超过 {MAX_ROWS} 行或 {MAX_COLS} 列，超出部分未读取。")
        self.values[name] = cells
        out = []
        mc = root.find(s("mergeCells"))
        if mc is not None:
            for m in mc.iter(s("mergeCell")):
                a, _, b = (m.get("ref") or "").partition(":")
                ra, rb = split_ref(a), split_ref(b or a)
                if ra and rb:
                    out.append((min(ra[0], rb[0]), min(ra[1], rb[1]), min(max(ra[0], rb[0]), MAX_ROWS),
                                min(max(ra[1], rb[1]), MAX_COLS)))
        return out

    def _cell(self, c, r_, c_, shared_f):
        t = c.get("t", "n")
        v = c.find(s("v"))
        f = c.find(s("f"))
        formula = None
        if f is not None:
            if f.get("t") == "shared":
                si = f.get("si", "")
                if f.text:
                    shared_f[si] = (f.text, r_, c_)
                    formula = f.text
                elif si in shared_f:
                    text, r0, c0 = shared_f[si]
                    formula = _shift(text, r_ - r0, c_ - c0)
            else:
                formula = f.text or None
        text = None
        if t == "s" and v is not None:
            try:
                text = self.shared[int(v.text)]
            except (ValueError, IndexError, TypeError):
                text = ""
        elif t == "inlineStr":
            is_ = c.find(s("is"))
            text = "".join(x.text or "" for x in is_.iter(s("t"))) if is_ is not None else ""
        elif t in ("str", "e") and v is not None:
            text = v.text or ""
        elif t == "b" and v is not None:
            text = "TRUE" if v.text == "1" else "FALSE"
        elif v is not None and v.text is not None:
            try:
                dec = self.xf_decimals[int(c.get("s", "0"))]
            except (ValueError, IndexError):
                dec = None
            text = _number_text(v.text, dec)
        if text is None and formula is None:
            return None
        return {"text": text, "formula": formula}

    def _grid(self, idx: int, name: str, merges):
        cells = self.values[name]
        if not cells and not merges:
            return None
        max_r = max([r for r, _ in cells] + [m[2] for m in merges] + [1])
        max_c = max([c for _, c in cells] + [m[3] for m in merges] + [1])
        # Formulas without a cached value are evaluated where they are simple.
        for (r, c), info in cells.items():
            if info["text"] is None and info["formula"]:
                value = _Evaluator(self).value(name, r, c)
                info["text"] = None if value is None else format_value(value)
                info["evaluated"] = value is not None
        origin_of: dict[tuple[int, int], tuple[int, int]] = {}
        for r1, c1, r2, c2 in merges:
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    origin_of[(r, c)] = (r1, c1)
        rows: list[list[GridCell]] = []
        for r in range(1, max_r + 1):
            row = []
            for c in range(1, max_c + 1):
                o = origin_of.get((r, c), (r, c))
                info = cells.get(o, {})
                text = info.get("text")
                unknown = text is None and bool(info.get("formula"))
                ref = f"{col_letters(c)}{r}"
                row.append(
                    GridCell(
                        text or "",
                        SourcePos("xlsx", row=r, col=c, sheet=name, ref=ref),
                        (o[0] - 1, o[1] - 1),
                        formula=info.get("formula") if o == (r, c) else None,
                        unknown=unknown,
                    )
                )
            rows.append(row)
        return Grid(idx, rows, "xlsx", sheet=name)


_CELLREF = re.compile(r"(\$?)([A-Z]{1,3})(\$?)(\d+)")


def _shift(formula: str, dr: int, dc: int) -> str:
    def repl(m):
        col = m.group(2) if m.group(1) else col_letters(col_index(m.group(2)) + dc)
        row = m.group(4) if m.group(3) else str(int(m.group(4)) + dr)
        return f"{m.group(1)}{col}{m.group(3)}{row}"

    return _CELLREF.sub(repl, formula)


_SHEET_PREFIX = r"(?:(?:'((?:[^']|'')+)'|([^\s!'(),+\-*/=]+))!)?"
_RANGE = re.compile(_SHEET_PREFIX + r"(\$?[A-Z]{1,3}\$?\d+)(?::(\$?[A-Z]{1,3}\$?\d+))?")


_TERM = re.compile(r"([+\-]?)((?:[Ss][Uu][Mm]\([^()]*\))|(?:'(?:[^']|'')+'![^+\-]+)|[^+\-]+)")


class _Evaluator:
    """Evaluates =SUM(...), =A1+B2-C3 and plain references; nothing else."""

    def __init__(self, wb: _Workbook):
        self.wb = wb
        self.stack: set[tuple[str, int, int]] = set()

    def value(self, sheet: str, r: int, c: int) -> Decimal | None:
        key = (sheet, r, c)
        info = self.wb.values.get(sheet, {}).get((r, c))
        if info is None:
            return Decimal(0)  # an empty cell counts 0 in Excel
        if info.get("text") is not None:
            p = parse_number(info["text"])
            return p.effective if p.status in ("number", "blank") else None
        if not info.get("formula") or key in self.stack or len(self.stack) > 50:
            return None
        self.stack.add(key)
        try:
            return self.evaluate(sheet, info["formula"])
        finally:
            self.stack.discard(key)

    def evaluate(self, sheet: str, formula: str) -> Decimal | None:
        expr = formula.strip().lstrip("=").replace(" ", "")
        terms = _TERM.findall(expr)
        if not terms or "".join(sign + body for sign, body in terms) != expr:
            return None  # anything but a sum of SUM(...), references and numbers
        total = Decimal(0)
        for sign, body in terms:
            val = self._term(sheet, body)
            if val is None:
                return None
            total += -val if sign == "-" else val
        return total

    def _term(self, sheet: str, body: str) -> Decimal | None:
        if body.upper().startswith("SUM(") and body.endswith(")"):
            inner = body[4:-1]
            total = Decimal(0)
            for arg in filter(None, inner.split(",")):
                v = self._range(sheet, arg)
                if v is None:
                    return None
                total += v
            return total
        try:
            return Decimal(body)
        except InvalidOperation:
            return self._range(sheet, body)

    def _range(self, sheet: str, arg: str) -> Decimal | None:
        m = _RANGE.fullmatch(arg if "'" in arg else arg.upper())
        if not m:
            return None
        target = (m.group(1) or "").replace("''", "'") or m.group(2) or sheet
        if target not in self.wb.values:
            return None
        a = split_ref(m.group(3))
        b = split_ref(m.group(4)) if m.group(4) else a
        if a is None or b is None:
            return None
        r1, r2 = sorted((a[0], b[0]))
        c1, c2 = sorted((a[1], b[1]))
        if (r2 - r1 + 1) * (c2 - c1 + 1) > 100_000:
            return None
        total = Decimal(0)
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                v = self.value(target, r, c)
                if v is None:
                    return None
                total += v
        return total


class _Cells:
    """What the evaluator reads: sheet → (row, column) → {"text", "formula"}."""

    def __init__(self, values):
        self.values = values


def evaluate_formulas(cells: Mapping[str, Mapping[tuple[int, int], Mapping[str, str | None]]],
                      targets: Iterable[tuple[str, int, int]]) -> dict[tuple[str, int, int], Decimal | None]:
    """The value of each target cell ``(sheet, row, column)`` (1-based) of a workbook given as
    ``sheet → (row, column) → {"text": the value as text or None, "formula": "=…" or None}``,
    formulas evaluated as the reader evaluates those without a cached value: SUM of ranges and
    cells, sums and differences of cells, across sheets; an empty cell counts 0. None where a
    formula is anything else, refers to text, or refers to itself.

    Used by the edit session to recompute a workbook's totals after the clerk's edits, so that a
    formula is read one way only."""
    ev = _Evaluator(_Cells(cells))
    return {t: ev.value(*t) for t in targets}


def read_xlsx(pkg: Package) -> Document:
    wb = _Workbook(pkg)
    blocks = wb.read()
    return Document(pkg.path, "xlsx", blocks, wb.notes, producer(pkg))
