"""The corrected copy of the clerk's own .docx, every change a Word tracked change.

The package is copied member by member, in order; only ``word/document.xml`` (the main part) is
rewritten, with lxml, on the raw XML:

- an accepted value goes into its table cell as ``w:del`` (the old run text, moved into the
  deletion with ``w:t`` → ``w:delText``) followed by ``w:ins`` (a new run that copies the old run's
  formatting);
- a non-standard section heading is replaced by the standard one: only the characters that differ
  are deleted / inserted (a list-numbered heading keeps its numbering, only its text changes);
- a missing section gets its standard heading (formatted like the document's other section
  headings: their ``w:pPr`` is copied) and, where the section would otherwise be empty, a
  highlighted 【待补充：…】 placeholder — both inserted paragraphs (``w:ins`` on the paragraph mark
  and around the runs).

Every revision is by ``年报核查`` with the current date and an id above every ``w:id`` of the
package. Rejecting all of them gives back the original text and formatting; accepting them gives
what the core reads (the core's reader reads the accepted view).

Cells are found by the position the reader recorded, with the reader's own definitions
(``iter_rows`` / ``iter_cells``, the n-th ``w:tbl`` / ``w:p`` of ``body.iter``).
"""

from __future__ import annotations

import copy
import difflib
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone

from lxml import etree

from ..formats import SECTIONS
from ..model import Grid, Paragraph, Report
from ..readers.docx import (
    SKIPPED_TAGS,
    TRANSPARENT_TAGS,
    accepted_children,
    W_BR,
    W_CR,
    W_DEL,
    W_INS,
    W_MOVETO,
    W_P,
    W_PPR,
    W_R,
    W_RPR,
    W_T,
    W_TAB,
    W_TBL,
    W_TC,
    W_TR,
    iter_cells,
    iter_rows,
    paragraph_text,
    w,
)
from ..readers.package import Package
from .texts import AUTHOR, section_placeholder

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
W_SDT, W_SDTCONTENT, W_SECTPR = w("sdt"), w("sdtContent"), w("sectPr")
W_NOBREAKHYPHEN = w("noBreakHyphen")
_ITEM_LEN = {W_TAB: 1, W_BR: 1, W_CR: 1, W_NOBREAKHYPHEN: 1}

RPR_ORDER = [w(t) for t in (
    "ins", "del", "moveFrom", "moveTo", "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
    "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color",
    "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
    "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange")]
PPR_ORDER = [w(t) for t in (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
    "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
    "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
    "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")]
_REVISION_TAGS = {w("ins"), w("del"), w("moveFrom"), w("moveTo"), w("rPrChange")}


@dataclass
class TrackedResult:
    data: bytes
    cells: list[tuple[str, str, str]] = field(default_factory=list)  # cells changed
    headings: list[str] = field(default_factory=list)  # section keys whose heading was replaced
    inserted: list[str] = field(default_factory=list)  # section keys inserted
    skipped: list[str] = field(default_factory=list)  # Chinese notes: what could not be written

    @property
    def revisions(self) -> int:
        return len(self.cells) + len(self.headings) + len(self.inserted)


# ----- small XML helpers ----------------------------------------------------------------------


def _local_index(el, order: list[str]) -> int:
    try:
        return order.index(el.tag)
    except ValueError:
        return len(order)


def _insert_ordered(parent, child, order: list[str]):
    """Insert ``child`` into ``parent`` at the place the schema's sequence wants it."""
    idx = _local_index(child, order)
    for existing in parent:
        if isinstance(existing.tag, str) and _local_index(existing, order) > idx:
            existing.addprevious(child)
            return child
    parent.append(child)
    return child


def _clean_rpr(rpr):
    """A copy of a run's properties without revision marks (they carry w:id)."""
    if rpr is None:
        return None
    rpr = copy.deepcopy(rpr)
    for ch in list(rpr):
        if ch.tag in _REVISION_TAGS:
            rpr.remove(ch)
    return rpr


def _visible_runs(el, out=None) -> list:
    """The runs of a paragraph in the accepted view, in order (the reader's traversal)."""
    if out is None:
        out = []
    for ch in el:
        tag = ch.tag
        if not isinstance(tag, str):
            continue
        if tag == W_R:
            out.append(ch)
        elif tag in TRANSPARENT_TAGS:
            _visible_runs(ch, out)
        elif tag in SKIPPED_TAGS or tag in (W_P, W_TBL):
            continue
        else:
            _visible_runs(ch, out)
    return out


def _item_len(item) -> int:
    if item.tag == W_T:
        return len(item.text or "")
    return _ITEM_LEN.get(item.tag, 0)


def _run_len(run) -> int:
    return sum(_item_len(ch) for ch in run if isinstance(ch.tag, str) and ch.tag != W_RPR)


def _run_text(run) -> str:
    out = []
    for ch in run:
        if not isinstance(ch.tag, str):
            continue
        if ch.tag == W_T:
            out.append(ch.text or "")
        elif ch.tag == W_TAB:
            out.append("\t")
        elif ch.tag in (W_BR, W_CR):
            out.append("\n")
        elif ch.tag == W_NOBREAKHYPHEN:
            out.append("-")
    return "".join(out)


def _climb_out_of_revisions(el):
    """A place where a w:ins may stand: never inside another w:ins / w:del / w:moveTo."""
    while el.getparent() is not None and el.getparent().tag in (W_INS, W_DEL, W_MOVETO):
        el = el.getparent()
    return el


def _block_anchor(el):
    """``el``, or the content control around it when ``el`` is the control's first content."""
    while True:
        parent = el.getparent()
        if parent is None or parent.tag != W_SDTCONTENT:
            return el
        first = next((c for c in parent if isinstance(c.tag, str)), None)
        if first is not el or parent.getparent() is None or parent.getparent().tag != W_SDT:
            return el
        el = parent.getparent()


def _max_id(parts: list[bytes]) -> int:
    best = 0
    for data in parts:
        for m in re.finditer(rb'[\s:]id="(-?\d+)"', data):  # w:id under whatever prefix
            try:
                best = max(best, int(m.group(1)))
            except ValueError:
                continue
    return best


# ----- the editor -----------------------------------------------------------------------------


class _Editor:
    def __init__(self, root, next_id: int, date: str):
        self.root = root
        self.body = root.find(w("body"))
        self.all_p = list(self.body.iter(W_P))
        self.all_tbl = list(self.body.iter(W_TBL))
        self.next_id = next_id
        self.date = date

    # revisions
    def mark(self, tag: str):
        el = self.root.makeelement(tag, {w("id"): str(self.next_id), w("author"): AUTHOR, w("date"): self.date})
        self.next_id += 1
        return el

    def new_run(self, text: str, rpr):
        r = self.root.makeelement(W_R, {})
        rpr = _clean_rpr(rpr)
        if rpr is not None:
            r.append(rpr)
        for i, line in enumerate(text.split("\n")):
            if i:
                r.append(r.makeelement(W_BR, {}))
            if line:
                t = r.makeelement(W_T, {XML_SPACE: "preserve"})
                t.text = line
                r.append(t)
        return r

    def delete_runs(self, runs: list) -> list:
        """Wrap runs in w:del (adjacent runs share one); return the w:del elements."""
        wrappers = []
        current = None
        for r in runs:
            if current is None or r.getprevious() is not current:  # not right after the last one
                current = self.mark(W_DEL)
                r.addprevious(current)
                wrappers.append(current)
            current.append(r)
            for t in r.iter(W_T):
                t.tag = w("delText")
            for t in r.iter(w("instrText")):
                t.tag = w("delInstrText")
        return wrappers

    def insert_after(self, anchor, el):
        _climb_out_of_revisions(anchor).addnext(el)

    # runs and offsets
    def _segments(self, p) -> list[tuple[object, int, int]]:
        out, pos = [], 0
        for r in _visible_runs(p):
            n = _run_len(r)
            out.append((r, pos, pos + n))
            pos += n
        return out

    def _split_at(self, p, k: int):
        for r, s, e in self._segments(p):
            if s < k < e:
                self._split_run(r, k - s)
                return

    @staticmethod
    def _split_run(run, k: int):
        rpr = run.find(W_RPR)
        left = run.makeelement(W_R, dict(run.attrib))
        right = run.makeelement(W_R, dict(run.attrib))
        if rpr is not None:
            left.append(copy.deepcopy(rpr))
            right.append(copy.deepcopy(rpr))
        pos = 0
        for ch in list(run):
            if ch is rpr or not isinstance(ch.tag, str):
                continue
            n = _item_len(ch)
            if pos + n <= k and (n > 0 or pos < k):
                left.append(ch)
            elif pos >= k:
                right.append(ch)
            else:  # a w:t across the split
                cut = k - pos
                t2 = copy.deepcopy(ch)
                ch.text, t2.text = (ch.text or "")[:cut], (ch.text or "")[cut:]
                ch.set(XML_SPACE, "preserve")
                t2.set(XML_SPACE, "preserve")
                left.append(ch)
                right.append(t2)
            pos += n
        run.addprevious(left)
        run.addprevious(right)
        run.getparent().remove(run)

    def replace_range(self, p, a: int, b: int, new: str, fallback_rpr=None):
        """Tracked replacement of the visible characters [a, b) of paragraph ``p`` by ``new``."""
        self._split_at(p, a)
        self._split_at(p, b)
        segs = self._segments(p)
        inside = [r for r, s, e in segs if s >= a and e <= b and e > s]
        before = [r for r, s, e in segs if e <= a and e > s]
        after = [r for r, s, e in segs if s >= b and e > s]
        source = inside[0] if inside else (before[-1] if before else (after[0] if after else None))
        rpr = source.find(W_RPR) if source is not None else fallback_rpr
        wrappers = self.delete_runs(inside)
        if not new:
            return
        ins = self.mark(W_INS)
        ins.append(self.new_run(new, rpr))
        if wrappers:
            self.insert_after(wrappers[-1], ins)
        elif before:
            self.insert_after(before[-1], ins)
        elif after:
            _climb_out_of_revisions(after[0]).addprevious(ins)
        else:
            p.append(ins)

    def replace_paragraph_text(self, p, target: str) -> bool:
        """Make the visible text of ``p`` read ``target`` with as few tracked changes as reads well.
        False when it already does."""
        segs = self._segments(p)
        current = "".join(_run_text(r) for r, _, _ in segs)
        if current == target:
            return False
        if current != paragraph_text(p)[0]:  # text the run walk cannot split safely: replace it all
            self.replace_range(p, 0, len(current), target)
            return True
        pre = 0
        while pre < min(len(current), len(target)) and current[pre] == target[pre]:
            pre += 1
        suf = 0
        while (suf < min(len(current), len(target)) - pre
               and current[len(current) - 1 - suf] == target[len(target) - 1 - suf]):
            suf += 1
        a, b = current[pre:len(current) - suf], target[pre:len(target) - suf]
        opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        ops = [op for op in opcodes if op[0] != "equal"]
        kept = sum(i2 - i1 for tag, i1, i2, _, _ in opcodes if tag == "equal")
        if len(ops) > 3 or kept * 2 < min(len(a), len(b)):  # many scattered edits read worse than one
            ops = [("replace", 0, len(a), 0, len(b))]
        for _, i1, i2, j1, j2 in reversed(ops):
            self.replace_range(p, pre + i1, pre + i2, b[j1:j2])
        return True

    # cells
    def cell(self, table: int, row: int, tc_index: int):
        try:
            tbl = self.all_tbl[table - 1]
            tr = iter_rows(tbl)[row - 1]
            return iter_cells(tr)[tc_index]
        except (IndexError, TypeError):
            return None

    def replace_cell(self, tc, text: str):
        paras = [ch for ch in accepted_children(tc) if ch.tag == W_P]
        if not paras:
            p = tc.makeelement(W_P, {})
            tc.append(p)
            paras = [p]
        template = None
        anchor = None
        for p in paras:
            runs = [r for r in _visible_runs(p) if _run_len(r) > 0]
            if template is None and runs:
                template = runs[0].find(W_RPR)
            wrappers = self.delete_runs(runs)
            if anchor is None and wrappers:
                anchor = wrappers[-1]
        if template is None:
            template = _nearby_rpr(tc)
        if not text:
            return
        ins = self.mark(W_INS)
        ins.append(self.new_run(text, template))
        if anchor is not None:
            self.insert_after(anchor, ins)
        else:
            paras[0].append(ins)

    # inserted paragraphs
    def new_paragraph(self, text: str, ppr_source, rpr_source, *, suppress_numbering: bool, highlight: bool,
                      heading: bool):
        p = self.root.makeelement(W_P, {})
        ppr = copy.deepcopy(ppr_source) if ppr_source is not None else p.makeelement(W_PPR, {})
        for ch in list(ppr):
            if ch.tag in (W_SECTPR, w("pPrChange")):
                ppr.remove(ch)
        num = ppr.find(w("numPr"))
        if suppress_numbering or num is not None:
            if num is not None:
                ppr.remove(num)
            if suppress_numbering:
                num = ppr.makeelement(w("numPr"), {})
                num.append(num.makeelement(w("ilvl"), {w("val"): "0"}))
                num.append(num.makeelement(w("numId"), {w("val"): "0"}))
                _insert_ordered(ppr, num, PPR_ORDER)
        if ppr_source is None and heading:
            _insert_ordered(ppr, ppr.makeelement(w("keepNext"), {}), PPR_ORDER)
            _insert_ordered(ppr, ppr.makeelement(w("outlineLvl"), {w("val"): "0"}), PPR_ORDER)
        mark_rpr = ppr.find(W_RPR)
        if mark_rpr is None:
            mark_rpr = _insert_ordered(ppr, ppr.makeelement(W_RPR, {}), PPR_ORDER)
        for ch in list(mark_rpr):
            if ch.tag in _REVISION_TAGS:
                mark_rpr.remove(ch)
        mark_rpr.insert(0, self.mark(W_INS))
        p.append(ppr)
        rpr = _clean_rpr(rpr_source)
        if rpr is None:
            rpr = p.makeelement(W_RPR, {})
            if heading:
                _insert_ordered(rpr, rpr.makeelement(w("b"), {}), RPR_ORDER)
        if highlight:
            for ch in list(rpr):
                if ch.tag in (w("highlight"), w("shd"), w("vanish")):
                    rpr.remove(ch)
            _insert_ordered(rpr, rpr.makeelement(w("highlight"), {w("val"): "yellow"}), RPR_ORDER)
        ins = self.mark(W_INS)
        ins.append(self.new_run(text, rpr))
        p.append(ins)
        return p

    def serialize(self) -> bytes:
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _nearby_rpr(tc):
    """Run formatting for text typed into an empty cell: that of the row's (or table's) numbers."""
    node = tc
    for _ in range(2):
        node = node.getparent()
        while node is not None and node.tag not in (W_TR, W_TBL):
            node = node.getparent()
        if node is None:
            return None
        for r in node.iter(W_R):
            if r.find(W_T) is not None and r.find(W_RPR) is not None:
                return r.find(W_RPR)
    return None


# ----- the export -----------------------------------------------------------------------------


def _old_report(report: Report) -> bool:
    return report.format_key == "pre-2019" and (report.year is None or report.year <= 2018)


def write_tracked(pkg: Package, original: Report, edits: dict[tuple[str, str, str], str]) -> TrackedResult:
    """The corrected copy of ``pkg`` (a .docx) as bytes. ``original`` is the report read from it
    (positions refer to it); ``edits`` the accepted values."""
    main = pkg.main_part()
    names = pkg.names()
    word_parts = [pkg.read(n) for n in names if n.endswith(".xml") and n.startswith("word/")]
    date = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    root = pkg.xml(main)
    ed = _Editor(root, _max_id(word_parts) + 1, date)
    result = TrackedResult(b"")

    # 1. cells
    done: dict[tuple, tuple[str, str, str]] = {}
    for key, text in edits.items():
        text = "" if text is None else str(text).strip()
        cell = original.cell(*key)
        name = _cell_label(original, key)
        if cell is None or cell.pos is None or cell.pos.kind != "docx" or cell.pos.table is None:
            result.skipped.append(f"{name}在原文中没有对应的单元格，未能写入「{text}」。")
            continue
        if cell.parts:
            result.skipped.append(f"{name}在原文中由几个子行相加而成，未能写入「{text}」，请手工修改。")
            continue
        if text == cell.raw.strip():
            continue
        where = (cell.pos.table, cell.pos.row, cell.pos.tc)
        if where in done:
            result.skipped.append(f"{name}与{_cell_label(original, done[where])}是原文中的同一个单元格，只写入了后者。")
            continue
        tc = ed.cell(*where)
        if tc is None:
            result.skipped.append(f"{name}（{cell.pos.describe()}）在文件中找不到，未能写入「{text}」。")
            continue
        ed.replace_cell(tc, text)
        done[where] = key
        result.cells.append(key)

    if original.document.kind == "docx" and not _old_report(original):
        # 2. non-standard headings
        specs = {s.key: s for s in SECTIONS}
        for key, sec in original.sections.items():
            if sec.status != "nonstandard" or sec.heading is None or sec.heading.pos is None:
                continue
            p = _heading_paragraph(ed, sec.heading.pos)
            if p is None:
                continue
            target = specs[key].title if sec.heading.number else specs[key].standard_heading
            if ed.replace_paragraph_text(p, target):
                result.headings.append(key)
        # 3. missing sections
        result.inserted = _insert_missing(ed, original)

    result.data = _rezip(pkg, {main: ed.serialize()})
    return result


def _heading_paragraph(ed: _Editor, pos):
    """The w:p of a heading: a body paragraph, or the text of a table cell (headings typed into a
    row of one big table)."""
    if pos.paragraph is not None:
        return ed.all_p[pos.paragraph] if 0 <= pos.paragraph < len(ed.all_p) else None
    if pos.table is not None and pos.row is not None and pos.tc is not None:
        tc = ed.cell(pos.table, pos.row, pos.tc)
        if tc is not None:
            paras = [ch for ch in accepted_children(tc) if ch.tag == W_P and paragraph_text(ch)[0].strip()]
            if len(paras) == 1:
                return paras[0]
    return None


def _cell_label(report: Report, key) -> str:
    from ..formats.naming import cell_name

    return cell_name(report.format, *key)


def _insert_missing(ed: _Editor, report: Report) -> list[str]:
    order = [s.key for s in SECTIONS]
    sections = report.sections
    missing = [k for k in order if sections[k].status == "missing"]
    if not missing:
        return []
    blocks = report.document.blocks
    grid_block = {b.index: i for i, b in enumerate(blocks) if isinstance(b, Grid)}
    present = {k: s for k, s in sections.items() if s.heading is not None and s.heading_index is not None
               and s.heading.pos is not None and s.heading.pos.paragraph is not None}
    head_src = _heading_source(report, present)
    body_src = _body_source(ed, report, present)
    sect = next((c for c in ed.body if c.tag == W_SECTPR), None)
    inserted = []
    for key in missing:
        i = order.index(key)
        prev = next((present[k] for k in reversed(order[:i]) if k in present), None)
        nxt = next((present[k] for k in order[i + 1:] if k in present), None)
        lo = prev.heading_index if prev else -1
        hi = nxt.heading_index if nxt else len(blocks)
        anchor, has_table = None, False
        t = report.tables.get(key)
        if t is not None and t.found and t.grids:
            g = t.grids[0]
            shared = any(g in o.grids for k, o in report.tables.items() if k != key)
            if not shared and g in grid_block and lo < grid_block[g] < hi and 0 < g <= len(ed.all_tbl):
                anchor, has_table = _block_anchor(ed.all_tbl[g - 1]), True
        if anchor is None and nxt is not None:
            anchor = _block_anchor(ed.all_p[nxt.heading.pos.paragraph])
        new = []
        spec = next(s for s in SECTIONS if s.key == key)
        if head_src is not None:
            hp, hpar = head_src
            hp_el = ed.all_p[hp]
            new.append(ed.new_paragraph(spec.standard_heading, hp_el.find(W_PPR), _first_text_rpr(hp_el),
                                        suppress_numbering=bool(hpar.number), highlight=False, heading=True))
        else:
            new.append(ed.new_paragraph(spec.standard_heading, None, None, suppress_numbering=False,
                                        highlight=False, heading=True))
        if not has_table:
            bp = body_src
            new.append(ed.new_paragraph(section_placeholder(key), bp.find(W_PPR) if bp is not None else None,
                                        _first_text_rpr(bp) if bp is not None else None,
                                        suppress_numbering=False, highlight=True, heading=False))
        for el in new:
            if anchor is not None:
                anchor.addprevious(el)
            elif sect is not None:
                sect.addprevious(el)
            else:
                ed.body.append(el)
        inserted.append(key)
    return inserted


def _heading_source(report: Report, present) -> tuple[int, Paragraph] | None:
    """The paragraph index of a section heading to copy the formatting of (a standard one first)."""
    ranked = sorted(present.values(), key=lambda s: (s.status != "standard", s.heading.number != "", s.key))
    for sec in ranked:
        return sec.heading.pos.paragraph, sec.heading
    return None


def _body_source(ed: _Editor, report: Report, present):
    """A plain body paragraph (no list number, not a heading, not in a table) to copy the look of."""
    for sec in sorted(present.values(), key=lambda s: s.key):
        for p in sec.paragraphs:
            if not p.text.strip() or p.number or p.heading_level is not None or p.style == "textbox":
                continue
            if p.pos is None or p.pos.paragraph is None or p.pos.paragraph >= len(ed.all_p):
                continue
            el = ed.all_p[p.pos.paragraph]
            if any(a.tag == W_TC for a in el.iterancestors()):
                continue
            return el
    return None


def _first_text_rpr(p):
    if p is None:
        return None
    for r in _visible_runs(p):
        if _run_len(r) > 0:
            return r.find(W_RPR)
    return None


def _rezip(pkg: Package, replaced: dict[str, bytes]) -> bytes:
    """The package with some members replaced; every other member byte-identical, all in order."""
    src = zipfile.ZipFile(io.BytesIO(pkg.data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            data = replaced.get(info.filename)
            if data is None:
                data = b"" if info.is_dir() else pkg.read(info.filename)
            new = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            new.compress_type = info.compress_type if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) \
                else zipfile.ZIP_DEFLATED
            new.external_attr = info.external_attr
            new.create_system = info.create_system
            new.comment = info.comment
            new.extra = b""
            z.writestr(new, data)
    return out.getvalue()
