"""Where the report stands inside other text (issue 16), for every reader's ``Document``.

A report taken from a government portal — a saved page, a page opened in Word/WPS and saved as
.docx, or its text pasted into Word — comes with the site around it: some 25 lines of navigation
and breadcrumbs before the title, a ``来源：… 时间：…`` line under it, and after 六 the related
links, 【打印本页】【关闭窗口】, copyright and ICP lines. This module finds

- the title line (agency + year + 政府信息公开工作年度报告, ``<year>年度`` too, also over two lines),
  anywhere in the document, and tells a real report title (followed by sections and tables) from
  the same words in breadcrumbs, the page's <title> or a related link;
- the agency on the 来源 / 发布机构 line (or in the page's metadata table) for a title without it;
- where the body starts (after the metadata lines under the title) and where it ends (before the
  page footer after 六);
- a second report in the same file (a page listing two years, a merged download).

Text outside the report is kept and marked (``Paragraph.outside`` / ``Grid.outside``): the window
shows it greyed, recognition and the rules do not look at it. With two reports, the first is
checked; the others are named in a warning (rules/bounds.py) and not mixed in.
"""

from __future__ import annotations

import re
from dataclasses import field

from ..fastdc import dataclass  # = dataclasses.dataclass, cheaper at import (start-up)
from ..model import Document, Grid, Paragraph
from ..text import clean, fold_width, has_cjk
from .sections import find_title, heading_candidate

__all__ = ["Bounds", "OtherReport", "find_bounds"]

# Lines of the page around the report, before it (metadata, tools, breadcrumbs) …
_META = re.compile(
    r"^(?:信息)?来源\s*[:：]|(?:^|\s)(?:发布|发文|成文|更新)?(?:时间|日期)\s*[:：]|^发布(?:机构|单位|部门)\s*[:：]|"
    r"^(?:发文机关|索引号|主题分类|文号|发文字号)\s*[:：]|字号\s*[:：]|浏览(?:次数|量)?\s*[:：]|阅读(?:次数|量)\s*[:：]|"
    r"^当前位置|^您(?:现在)?的位置|^【\s*(?:字体|字号)|^\[?\s*(?:打印|关闭|收藏)\s*\]?$|^分享到|^扫一扫"
)
# … and after it (print/close links, related links, pager, copyright, ICP, site tools).
_FOOTER = re.compile(
    r"【\s*打印(?:本页|此页|文章)?\s*】|【\s*关闭(?:窗口|本页)?\s*】|^打印本页|^关闭窗口|^\[\s*(?:打印|关闭)|"
    r"^相关(?:链接|文章|阅读|新闻|稿件|信息|文件|解读)\s*[:：]?$|版权所有|Copyright|©|ICP\s*[备证]|公网安备|网站标识码|"
    r"^(?:主办|承办|协办)(?:单位)?\s*[:：]|技术支持\s*[:：]|^上一篇|^下一篇|^分享到|扫一扫在手机|^网站地图|^联系我们|"
    r"^【\s*(?:字体|大|中|小|收藏|返回顶部)|^返回顶部",
    re.I,
)
_SOURCE = re.compile(
    r"(?:信息来源|来源|发布机构|发布单位|发布部门|发文机关)\s*[:：]\s*"
    r"(?P<agency>[^\s:：|｜]{2,40}?)(?=\s|$|时间|日期|发布|浏览|字号|更新|作者|【|\|)"
)
_NOT_AGENCY = ("本网", "本站", "原创", "网站", "门户", "转载", "新华", "人民网", "未知")
_SENTENCE = re.compile(r"[。，；！？]")
_YEAR_END = re.compile(r"(?:19|20)\d{2}\s*年度?$")


@dataclass
class OtherReport:
    """Another report in the same file, not checked."""

    index: int
    title: str
    year: int | None
    agency: str | None


@dataclass
class Bounds:
    inside: list[bool]
    start: int = 0
    end: int = 0  # exclusive
    title: Paragraph | None = None
    title_index: int | None = None
    year: int | None = None
    agency: str | None = None  # from the title, else from the 来源/发布机构 line
    agency_from_source: bool = False
    source_agency: str | None = None
    others: list[OtherReport] = field(default_factory=list)

    @property
    def outside_count(self) -> int:
        return sum(1 for x in self.inside if not x)

    def view(self, blocks: list) -> list:
        """The blocks with those outside the report replaced by None (block indexes unchanged)."""
        return [b if ok else None for b, ok in zip(blocks, self.inside)]


@dataclass
class _Title:
    index: int  # first block of the title (the agency line of a two-line title)
    line: int  # the block holding the year and 报告
    paragraph: Paragraph
    year: int
    agency: str | None
    score: int = 0


def _text(p: Paragraph) -> str:
    return clean(fold_width(p.text)).replace(" ", "")


def _match_title(p: Paragraph) -> tuple[int, str | None] | None:
    text = _text(p)
    if "报告" not in text or len(text) > 80 or _SENTENCE.search(text):
        return None
    t, year, agency = find_title([(0, p)], limit=1)
    if t is None:
        return None
    tail = text[text.rfind("报告") + 2:]
    if len(tail) > 8 or "解读" in tail:
        return None
    return year, agency


_AGENCY_END = re.compile(r"(?:政府|办公室|办公厅|局|委员会|委|厅|院|中心|办|所|站|队|会|部|署|处|街道|办事处|乡|镇|区|县|市|州|旗|盟|"
                         r"公司|集团|馆|室|社|司|团|机关|分局|支队|大队)$")


def _agency_line(p: Paragraph) -> bool:
    """The first line of a two-line title: an agency name, nothing else (not a breadcrumb)."""
    text = _text(p)
    return (2 <= len(text) <= 30 and has_cjk(text) and not re.search(r"\d{4}|[>»/|｜]", text)
            and _AGENCY_END.search(text) is not None
            and not _SENTENCE.search(text) and not _META.search(text) and not _FOOTER.search(text)
            and not text.endswith(("：", ":")))


def _titles(blocks: list, paras: list[tuple[int, Paragraph]]) -> list[_Title]:
    out: list[_Title] = []
    for k, (i, p) in enumerate(paras):
        if len(p.text) > 200 or "年" not in p.text:
            continue
        hit = _match_title(p) if "报告" in p.text else None
        start, agency = i, None
        if hit is not None:
            year, agency = hit
            if not agency and k > 0 and _agency_line(paras[k - 1][1]) and paras[k - 1][0] == i - 1:
                agency, start = _text(paras[k - 1][1]), paras[k - 1][0]
            out.append(_Title(start, i, p, year, agency or None))
            continue
        # "北京市怀柔区人民政府2022年" / "政府信息公开工作年度报告"
        if k + 1 < len(paras) and _YEAR_END.search(_text(p)) and paras[k + 1][0] == i + 1:
            joined = Paragraph(p.text + paras[k + 1][1].text, pos=p.pos)
            hit = _match_title(joined)
            if hit is not None and _match_title(paras[k + 1][1]) is None:
                out.append(_Title(i, i + 1, joined, hit[0], hit[1] or None))
    # a two-line title is found once
    dedup: list[_Title] = []
    for t in out:
        if dedup and t.index <= dedup[-1].line:
            continue
        dedup.append(t)
    return dedup


def _source_agency(blocks: list, lo: int, hi: int) -> str | None:
    for i in range(lo, hi):
        b = blocks[i]
        texts: list[str] = []
        if isinstance(b, Paragraph):
            texts = [b.text]
        elif isinstance(b, Grid) and len(b.rows) <= 6:
            for row in b.rows:
                seen: set = set()
                cells = []
                for c in row:
                    if c.origin not in seen:
                        seen.add(c.origin)
                        cells.append(clean(c.text))
                for j, t in enumerate(cells):
                    if re.fullmatch(r"(?:发布机构|发布单位|发文机关|来源)\s*[:：]?", t) and j + 1 < len(cells):
                        texts.append(f"发布机构：{cells[j + 1]}")
                    else:
                        texts.append(t)
        for t in texts:
            for m in _SOURCE.finditer(clean(fold_width(t))):
                agency = m.group("agency").strip("《》\"'“”")
                if has_cjk(agency) and not any(w in agency for w in _NOT_AGENCY):
                    return agency
    return None


def find_bounds(document: Document) -> Bounds:
    blocks = document.blocks
    n = len(blocks)
    bounds = Bounds(inside=[True] * n, end=n)
    if document.kind == "xlsx" or not n:
        return bounds
    paras = [(i, b) for i, b in enumerate(blocks) if isinstance(b, Paragraph) and b.text.strip()]
    heads: dict[int, str] = {}
    for i, p in paras:
        cand = heading_candidate(p, i)
        if cand is not None:
            heads[i] = cand.key
    grid_idx = [i for i, b in enumerate(blocks) if isinstance(b, Grid) and len(b.rows) >= 3 and b.width >= 2]
    titles = _titles(blocks, paras)
    for k, t in enumerate(titles):
        hi = titles[k + 1].index if k + 1 < len(titles) else n
        t.score = len({key for i, key in heads.items() if t.line < i < hi}) + sum(1 for i in grid_idx if t.line < i < hi)

    # a title followed by sections or tables opens a report; the same words in breadcrumbs, the
    # page's <title> above the real heading or a related link open nothing
    real = [t for t in titles if t.score >= 1]
    body_all = sorted(list(heads) + grid_idx)
    if real:
        primary = real[0]
    else:  # no section or table after any title: a title above all of the body still counts
        primary = next((t for t in titles if not body_all or t.line < body_all[0]), None)
    others = [t for t in real if t is not primary and t.index > primary.index and t.score >= 2
              and (t.year != primary.year or t.score >= 4)] if primary else []

    start = primary.index if primary else 0
    end = others[0].index if others else n
    # the body's first block: the first section heading or table after the title
    after = primary.line + 1 if primary else 0
    body = [i for i in list(heads) + grid_idx if after <= i < end]
    first_body = min(body) if body else min(end, after + 1)
    last_body = max(body) if body else after
    # metadata and tool lines between the title (or the top) and the body stand outside
    zone_lo = after
    meta_end = zone_lo
    for i in range(zone_lo, first_body):
        b = blocks[i]
        if isinstance(b, Paragraph) and _META.search(_text(b)) and len(_text(b)) <= 120:
            meta_end = i + 1
        elif isinstance(b, Grid) and i < first_body and len(b.rows) <= 6 and not heads.get(i):
            if any(_META.search(clean(c.text)) for row in b.rows for c in row):
                meta_end = i + 1
    # the footer after the last section
    six = next((i for i in sorted(heads) if heads[i] == "六" and after <= i < end), None)
    stop = end
    for i in range((six if six is not None else last_body) + 1, end):
        b = blocks[i]
        if isinstance(b, Paragraph) and len(_text(b)) <= 80 and _FOOTER.search(_text(b)):
            stop = i
            break

    inside = [False] * n
    for i in range(start, stop):
        inside[i] = True
    for i in range(zone_lo, meta_end):
        inside[i] = False
    if primary is None and meta_end == zone_lo:
        # no title and nothing that looks like page chrome: the whole document is the report
        inside = [True] * stop + [False] * (n - stop)
    bounds.inside = inside
    bounds.start, bounds.end = start, stop
    if primary is not None:
        bounds.title, bounds.title_index, bounds.year = primary.paragraph, primary.line, primary.year
        bounds.agency = primary.agency
    bounds.source_agency = _source_agency(blocks, 0, first_body)
    if bounds.agency is None and primary is not None and bounds.source_agency:
        bounds.agency, bounds.agency_from_source = bounds.source_agency, True
    bounds.others = [OtherReport(t.index, clean(t.paragraph.text), t.year, t.agency) for t in others]
    for b, ok in zip(blocks, inside):
        if isinstance(b, (Paragraph, Grid)):
            b.outside = not ok
    return bounds
