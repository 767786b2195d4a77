"""Saved web pages (.html / .htm / .shtml) and single-file web archives (.mht / .mhtml) → ``Document``.

What portal pages and Word's "另存为网页" output look like (docs/FORMAT.md §5.1): the report inside the
site's chrome, tables with rowspan/colspan exactly like Word's merges, cell text wrapped in
``<p>``/``<span>`` with ``&nbsp;`` and ``<br>``, layout tables holding the data tables, pages in
UTF-8 or GBK. This reader only turns the page into paragraphs and grids in reading order; where the
report starts and ends inside the chrome is found by ``core.recognize.bounds`` for every reader.

Hardening: nothing is fetched (no network, no external entities), libxml2's limits stay on
(``huge_tree`` off: a page nested deeper than 255 levels stops the parser, and is refused with a
Chinese message), the input is capped at ``MAX_BYTES`` and the grids at ``MAX_CELLS``.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import re
from pathlib import Path

from lxml import etree

from ..model import Document, Grid, GridCell, Paragraph, SourcePos
from .errors import ReadError, mb
from .limits import DEFAULT_LIMITS

__all__ = ["MAX_BYTES", "read_html", "read_mht"]

MAX_BYTES = DEFAULT_LIMITS.max_html_bytes  # also checked by the dispatcher before the bytes come here
MAX_DEPTH = 255  # libxml2's own limit without huge_tree
MAX_TABLES = 2000
MAX_ROWS = 5000
MAX_COLS = 200
MAX_CELLS = 400_000
MAX_PARAGRAPHS = 200_000
MAX_SPAN = 1000

# ----- encodings ---------------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""", re.I)
# GB2312 and GBK pages routinely hold characters only GB18030 (their superset) names.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "euc-cn": "gb18030",
             "hz": "gb18030", "ascii": "utf-8", "us-ascii": "utf-8", "iso-8859-1": "cp1252",
             "latin-1": "cp1252"}


def _codec(name) -> str | None:
    if not name:
        return None
    if isinstance(name, bytes):
        name = name.decode("ascii", "ignore")
    try:
        canon = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    return _SUPERSET.get(canon, canon)


def declared_encoding(data: bytes) -> str | None:
    head = data[:8192]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return _codec(m.group(1)) if m else None


def decode(data: bytes, hint: str | None = None) -> tuple[str, str, str | None]:
    """(text, encoding used, a note for the clerk or None). BOM first, then the charset the part
    header or the page declares, then strict UTF-8, then GB18030; a page that is none of them is
    read with replacement characters and a note."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc, "replace"), enc, None
    tried: list[str] = []
    for enc in (_codec(hint), declared_encoding(data), "utf-8", "gb18030"):
        if enc is None or enc in tried:
            continue
        tried.append(enc)
        try:
            return data.decode(enc), enc, None
        except (UnicodeDecodeError, LookupError):
            continue
    enc = tried[0] if tried else "utf-8"
    text = data.decode(enc, "replace")
    bad = text.count("\ufffd")
    name = {"utf-8": "UTF-8", "gb18030": "GBK/GB18030"}.get(enc, enc.upper())
    return text, enc, (f"网页中有 {bad} 处文字无法按 {name} 编码识别，已显示为“�”；"
                       "这些位置的文字或数字可能读错，请用原网页核对。")


# ----- the page as a tree -------------------------------------------------------------------

_DROP = frozenset((
    "script", "style", "noscript", "template", "head", "iframe", "frame", "frameset", "object", "embed",
    "svg", "math", "select", "option", "optgroup", "datalist", "textarea", "input", "xml", "title", "map",
    "canvas", "audio", "video", "source", "track", "img", "picture", "link", "meta", "base", "param",
))
_BLOCK = frozenset((
    "html", "body", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "section", "article", "header", "footer", "nav", "aside", "main", "blockquote", "pre", "address",
    "center", "form", "fieldset", "legend", "figure", "figcaption", "hr", "details", "summary", "menu",
    "dir", "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "colgroup", "col", "hgroup",
))
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BOLD_TAGS = frozenset(("b", "strong"))
_BR = "\x00"  # a line break (<br> or a block edge) inside collected text, unlike a source newline
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.I)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.I)
_CENTER_STYLE = re.compile(r"text-align\s*:\s*center", re.I)
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
# a source line break between two CJK characters is no space (CSS Text 3 segment-break rule)
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f]*\n[ \t\r\n\f]*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\r\n\f]+")
_EDGE = " \u3000\u00a0\u200b\ufeff"


def _tag(el) -> str:
    t = el.tag
    return t if isinstance(t, str) else ""  # "" for a comment, processing instruction, entity


def _hidden(el, style=None) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style") if style is None else style
    return bool(style) and ("none" in style or "hidden" in style or "mso-hide" in style) and bool(_HIDDEN.search(style))


def _lines(raw: str) -> list[str]:
    """Collected text → its visible lines: source whitespace collapsed as a browser does, ``&nbsp;``
    read as a space, lines cut at <br>/block edges, each line trimmed (a lone U+3000 is blank)."""
    raw = _CJK_BREAK.sub("", raw)
    raw = _SPACES.sub(" ", raw).replace("\u00a0", " ")
    out = []
    for line in raw.split(_BR):
        line = line.strip(_EDGE)
        if line:
            out.append(line)
    return out


class _Page:
    def __init__(self, path: Path):
        self.path = path
        self.blocks: list = []
        self.notes: list[str] = []
        self.tables = 0
        self.cells = 0
        self.ordinal = 0
        self.cut = False
        # the paragraph being collected: pieces of (text, bold)
        self.buf: list[tuple[str, bool]] = []
        self.buf_level: int | None = None
        self.buf_center = False

    # --- flow text ---
    def walk(self, el, bold: bool, level: int | None, center: bool) -> None:
        tag = el.tag
        if not isinstance(tag, str) or tag in _DROP:
            return
        style = el.get("style") or ""
        if (style or el.get("hidden") is not None) and _hidden(el, style):
            return
        if tag == "br":
            self.buf.append((_BR, bold))
            return
        if tag == "table":
            self.flush()
            self.table(el, bold, level, center)
            return
        block = tag in _BLOCK
        outer = (level, center)
        bold = bold or tag in _BOLD_TAGS or tag in _HEADINGS or bool(style and _BOLD_STYLE.search(style))
        if block:
            self.flush()
            level = _HEADINGS.get(tag, level)
            center = tag == "center" or (el.get("align") or "").lower() == "center" or \
                bool(style and _CENTER_STYLE.search(style)) or (center and tag not in ("td", "th"))
            self.buf_level, self.buf_center = level, center
        if el.text:
            self.buf.append((el.text, bold))
        for ch in el:
            self.walk(ch, bold, level, center)
            if ch.tail:
                self.buf.append((ch.tail, bold))
        if block:
            self.flush()
            self.buf_level, self.buf_center = outer

    def flush(self) -> None:
        if not self.buf:
            return
        pieces, self.buf = self.buf, []
        raw = "".join(t for t, _ in pieces)
        if not raw.strip(_EDGE + "\t\r\n\f" + _BR):
            return
        # bold when every visible character is inside <b>/<strong>/font-weight:bold
        all_bold = all(b or not t.strip(_EDGE + "\t\r\n\f" + _BR) for t, b in pieces)
        for line in _lines(raw):
            if len(self.blocks) >= MAX_PARAGRAPHS:
                self.cut = True
                return
            self.ordinal += 1
            self.blocks.append(Paragraph(
                text=line, heading_level=self.buf_level, bold=all_bold and len(line) <= 60,
                centered=self.buf_center, pos=SourcePos("html", paragraph=self.ordinal - 1, ordinal=self.ordinal),
            ))

    # --- tables ---
    def table(self, el, bold, level, center) -> None:
        rows = self._rows(el)
        if self._layout(el, rows):
            # a table that arranges the page, not a data table: read its cells as text in order
            for ch in el:
                self.walk(ch, bold, level, center)
                if ch.tail:
                    self.buf.append((ch.tail, bold))
            self.flush()
            return
        self.grid(rows)

    @staticmethod
    def _rows(el) -> list:
        return [tr for tr in el.iter("tr") if _tag(tr) == "tr"]

    @staticmethod
    def _layout(el, rows) -> bool:
        """A layout table holds other tables, or whole passages of text, or is a single cell."""
        if next(el.iterdescendants("table"), None) is not None:
            return True
        if (el.get("role") or "").lower() == "presentation":
            return True
        if next(el.iterdescendants(*_HEADINGS), None) is not None:
            return True
        cells = [c for tr in rows for c in tr if c.tag in ("td", "th")]
        if len(cells) <= 1:
            return True
        return any(len("".join(c.itertext())) > 400 for c in cells)

    def grid(self, trs) -> None:
        if self.tables >= MAX_TABLES or self.cells > MAX_CELLS:
            self.cut = True
            return
        if len(trs) > MAX_ROWS:
            trs = trs[:MAX_ROWS]
            self.cut = True
        self.tables += 1
        number = self.tables
        nrows = len(trs)
        owner: dict[tuple[int, int], tuple[int, int]] = {}
        texts: dict[tuple[int, int], str] = {}
        width = 0
        for r, tr in enumerate(trs):
            c = 0
            for td in tr:
                if _tag(td) not in ("td", "th") or _hidden(td):
                    continue
                while (r, c) in owner:
                    c += 1
                if c >= MAX_COLS:
                    self.cut = True
                    break
                cs = min(max(_int(td.get("colspan"), 1), 1), MAX_SPAN, MAX_COLS - c)
                rs = _int(td.get("rowspan"), 1)
                rs = nrows - r if rs == 0 else min(max(rs, 1), nrows - r)
                for dr in range(rs):
                    for dc in range(cs):
                        owner.setdefault((r + dr, c + dc), (r, c))
                texts[(r, c)] = self.cell_text(td)
                c += cs
                width = max(width, c)
        if not width:
            return
        self.cells += width * nrows
        rows: list[list[GridCell]] = []
        for r in range(nrows):
            row = []
            for c in range(width):
                o = owner.get((r, c))
                if o is None:
                    row.append(GridCell("", SourcePos("html", table=number, row=r + 1, col=c + 1), (r, c)))
                else:
                    pos = SourcePos("html", table=number, row=r + 1 if o[0] != r else o[0] + 1, col=o[1] + 1)
                    row.append(GridCell(texts[o], pos, o))
            rows.append(row)
        self.blocks.append(Grid(number, rows, "html"))

    def cell_text(self, td) -> str:
        buf: list[str] = []

        def gather(el):
            tag = el.tag
            if not isinstance(tag, str) or tag in _DROP:
                return
            style = el.get("style")
            if (style or el.get("hidden") is not None) and _hidden(el, style or ""):
                return
            if tag == "br":
                buf.append(_BR)
                return
            block = tag in _BLOCK
            if block:
                buf.append(_BR)
            if el.text:
                buf.append(el.text)
            for ch in el:
                gather(ch)
                if ch.tail:
                    buf.append(ch.tail)
            if block:
                buf.append(_BR)

        gather(td)
        return "\n".join(_lines("".join(buf)))


def _int(v, default: int) -> int:
    if v is None:
        return default
    m = re.match(r"\s*(\d{1,7})", str(v))
    return int(m.group(1)) if m else default


_GENERATOR = re.compile(r"<meta[^>]+name\s*=\s*[\"']?generator[\"']?[^>]*content\s*=\s*[\"']?([^\"'>]+)", re.I)


def _producer(root, text_head: str) -> str:
    if "urn:schemas-microsoft-com:office:word" in text_head or re.search(r"ProgId\s+content=[\"']?Word", text_head):
        return "Microsoft Word"
    m = _GENERATOR.search(text_head)
    if m:
        gen = m.group(1).strip()
        if gen.lower().startswith("microsoft word"):
            return "Microsoft Word"
        if gen.lower().startswith("libreoffice") or gen.lower().startswith("openoffice"):
            return "LibreOffice"
        if "wps" in gen.lower():
            return "WPS Office"
        return gen[:60]
    return ""


_TITLE_SPLIT = re.compile(r"\s*[_|｜]\s*|\s+[-—–]+\s+")


def _page_title(root) -> str:
    el = root.find(".//title")
    if el is None:
        return ""
    lines = _lines("".join(el.itertext()))
    text = " ".join(lines)
    parts = [p for p in _TITLE_SPLIT.split(text) if p.strip()]
    for p in parts:
        if "报告" in p:
            return p.strip()
    return parts[0].strip() if parts else ""


def _shown(title: str, blocks: list) -> bool:
    """Whether the body shows ``title`` as a heading (on one line or over two)."""
    want = title.replace(" ", "")
    heads = [b for b in blocks if isinstance(b, Paragraph)]
    for k, b in enumerate(heads):
        if not (b.heading_level is not None or b.bold or b.centered):
            continue
        t = b.text.replace(" ", "")
        if t == want or (k + 1 < len(heads) and t + heads[k + 1].text.replace(" ", "") == want):
            return True
    return False


def _parse(text: str, name: str):
    # lxml's plain HTML parser (not lxml.html's element classes: nothing here needs them)
    parser = etree.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True,
                              huge_tree=False, recover=True, default_doctype=False)
    try:
        root = etree.fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.XMLSyntaxError, ValueError) as e:
        raise ReadError.make("html_broken", name=name, detail=str(e)) from None
    for err in parser.error_log:
        if err.level_name == "FATAL" and ("depth" in err.message.lower() or err.type_name == "ERR_RESOURCE_LIMIT"):
            raise ReadError.make("html_too_deep", name=name, detail=err.message)
    return root


def _size(path: Path, data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise ReadError.make("too_large_html", name=path.name, size=mb(len(data)), limit=mb(MAX_BYTES),
                             detail=f"{len(data)} bytes > {MAX_BYTES}")


def _read(path: Path, data: bytes, hint: str | None = None) -> Document:
    _size(path, data)
    text, _enc, note = decode(data, hint)
    bad = text.count("\ufffd") if note else 0
    if bad > 200 and bad * 10 > len(text):
        raise ReadError.make("html_undecodable", name=path.name, detail=f"{bad} undecodable of {len(text)}")
    root = _parse(text, path.name)
    page = _Page(path)
    if root is not None:
        body = root.find("body")
        page.walk(body if body is not None else root, False, None, False)
        page.flush()
    if not page.blocks:
        raise ReadError.make("html_empty", name=path.name)
    title = _page_title(root)
    # the page's <title> above the body, unless the body shows the same title as a heading
    if title and not _shown(title, page.blocks[:400]):
        page.blocks.insert(0, Paragraph(text=title, style="title", pos=SourcePos("html")))
    if note:
        page.notes.append(note)
    if page.cut:
        page.notes.append(f"网页过大：超过 {MAX_TABLES} 个表格、单表 {MAX_ROWS} 行或 {MAX_CELLS} 个单元格的部分未读取，核查结果可能不完整。")
    return Document(path, "html", page.blocks, page.notes, _producer(root, text[:20000]))


def read_html(path: Path, data: bytes) -> Document:
    """A saved web page (.html/.htm/.shtml) → ``Document``; ``ReadError`` with a Chinese message for
    anything that cannot be read."""
    return _read(Path(path), data)


def read_mht(path: Path, data: bytes) -> Document:
    """A single-file web archive (.mht/.mhtml, Word's and browsers' "单个文件网页"): the MIME
    multipart's text/html part, decoded from quoted-printable/base64 in its own charset."""
    path = Path(path)
    _size(path, data)
    try:
        msg = email.message_from_bytes(data, policy=email.policy.compat32)
        part = next((p for p in msg.walk() if p.get_content_type() == "text/html"), None)
        if part is None and msg.get_content_maintype() != "multipart" and b"<html" in data[:65536].lower():
            return _read(path, data)
        if part is None:
            raise ReadError.make("mht_no_page", name=path.name)
        payload = part.get_payload(decode=True) or b""
        charset = part.get_content_charset()
    except ReadError:
        raise
    except Exception as e:  # the email package is lenient; anything it still cannot take is a broken file
        raise ReadError.make("mht_damaged", name=path.name, detail=repr(e)) from None
    return _read(path, payload, hint=charset)
