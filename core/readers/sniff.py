"""What kind of file this is, from its bytes (and, for the advice, its name).

The one list of file suffixes the tool knows lives here; batch discovery, the window's open
dialog and the dispatcher all read it.

:func:`sniff` never decodes more than a 64 KiB head and never raises: it returns one of
:data:`KINDS`; a kind the tool does not read becomes a message in :mod:`.errors` through
:func:`refusal`.
"""

from __future__ import annotations

import codecs
import importlib.util

__all__ = [
    "WORD_SUFFIXES",
    "EXCEL_SUFFIXES",
    "OOXML_SUFFIXES",
    "LEGACY_SUFFIXES",
    "PDF_SUFFIXES",
    "HTML_SUFFIXES",
    "MHT_SUFFIXES",
    "EXCELISH_SUFFIXES",
    "OFFICE_SUFFIXES",
    "KINDS",
    "Sniffed",
    "sniff",
    "refusal",
    "readable_suffixes",
    "OLE_MAGIC",
]

# ---- suffixes (lower case, with the dot) ---------------------------------------------------
WORD_SUFFIXES = frozenset({".docx", ".docm", ".dotx", ".dotm"})
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xltx", ".xltm"})
#: What the tool reads natively.
OOXML_SUFFIXES = WORD_SUFFIXES | EXCEL_SUFFIXES
#: Legacy binaries the tool recognises (and explains, or converts when a converter is present).
LEGACY_SUFFIXES = frozenset({".doc", ".wps", ".xls", ".et"})
LEGACY_TEMPLATE_SUFFIXES = frozenset({".dot", ".wpt", ".xlt", ".ett"})
PDF_SUFFIXES = frozenset({".pdf"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
MHT_SUFFIXES = frozenset({".mht", ".mhtml"})
#: Suffixes whose advice speaks of Excel rather than Word.
EXCELISH_SUFFIXES = EXCEL_SUFFIXES | {".xls", ".xlt", ".et", ".ett", ".csv", ".xlsb", ".ods"}
#: Suffixes that claim to be an Office file (an error names the claimed suffix when the bytes disagree).
OFFICE_SUFFIXES = OOXML_SUFFIXES | LEGACY_SUFFIXES | LEGACY_TEMPLATE_SUFFIXES


def _reader_present(module: str) -> bool:
    try:
        return importlib.util.find_spec(f"core.readers.{module}") is not None
    except (ImportError, ValueError):
        return False


def readable_suffixes(legacy: bool = False) -> frozenset[str]:
    """The suffixes a batch or the open dialog should offer: OOXML, plus PDF / web pages when
    their readers are installed, plus the legacy binaries if asked."""
    out = set(OOXML_SUFFIXES)
    if _reader_present("pdf"):
        out |= PDF_SUFFIXES
    if _reader_present("html"):
        out |= HTML_SUFFIXES | MHT_SUFFIXES
    if legacy:
        out |= LEGACY_SUFFIXES
    return frozenset(out)


# ---- magic numbers ---------------------------------------------------------------------------
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08", b"PK00")

_BINARY_MAGICS: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"Rar!\x1a\x07", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x1f\x8b", "gzip"),
    (b"MZ", "exe"),
    (b"\x7fELF", "elf"),
]

#: What :func:`sniff` may answer.
KINDS = frozenset(
    {
        "empty",
        "zip",  # OOXML or another zip container: the package layer tells which
        "ole2",  # compound file: .doc / .wps / .xls / .et / encrypted OOXML / .ppt (see ole2.py)
        "pdf",
        "rtf",
        "doc_raw",  # Word 2.0 / 6 binary without an OLE wrapper
        "binary",  # a known non-document binary (picture, archive, program): Sniffed.what says which
        "unknown_binary",
        "mht",
        "html",
        "word_xml",
        "excel_xml",
        "xml",
        "text",
    }
)


class Sniffed:
    """What :func:`sniff` found (a plain class: this module is imported at every start-up)."""

    __slots__ = ("kind", "what", "excel_html")

    def __init__(self, kind: str, what: str = "", excel_html: bool = False):
        self.kind = kind  # one of KINDS
        self.what = what  # for "binary": key of errors.KIND_NAMES
        self.excel_html = excel_html  # for "html": Excel's "save as web page"

    def __eq__(self, other) -> bool:
        return isinstance(other, Sniffed) and (self.kind, self.what, self.excel_html) == (other.kind, other.what, other.excel_html)

    def __hash__(self) -> int:
        return hash((self.kind, self.what, self.excel_html))

    def __repr__(self) -> str:
        return f"Sniffed({self.kind!r}, what={self.what!r}, excel_html={self.excel_html!r})"


def _decode_head(data: bytes) -> str | None:
    """The first 64 KiB as text if the file looks like text, else None."""
    sample = data[: 64 * 1024]
    text: str | None = None
    if sample[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = sample[: len(sample) // 2 * 2].decode("utf-16", "replace")
    elif len(sample) >= 4 and sample[0] == 0 and sample[1] != 0 and sample[2] == 0:
        text = sample[: len(sample) // 2 * 2].decode("utf-16-be", "replace")
    elif len(sample) >= 4 and sample[0] != 0 and sample[1] == 0 and sample[3] == 0:
        text = sample[: len(sample) // 2 * 2].decode("utf-16-le", "replace")
    else:
        if b"\x00" in sample:
            return None
        for enc in ("utf-8-sig", "gb18030"):
            try:
                dec = codecs.getincrementaldecoder(enc)("strict")
                text = dec.decode(sample, final=len(sample) == len(data))
                break
            except UnicodeDecodeError:
                continue
        if text is None:
            return None
    if not text:
        return text
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v\x1a\x1b")
    bad += text.count("\ufffd")
    if bad > max(2, len(text) // 100):
        return None
    return text


def sniff(data: bytes) -> Sniffed:
    """The kind of ``data`` (the whole file, or at least its first 64 KiB)."""
    if not data:
        return Sniffed("empty")
    if data[:8] == OLE_MAGIC:
        return Sniffed("ole2")
    if data[:4] in ZIP_MAGICS:
        return Sniffed("zip")
    head = data[:1024]
    if b"%PDF-" in head:
        return Sniffed("pdf")
    if data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")[:5] == b"{\\rtf":
        return Sniffed("rtf")
    if data[:2] in (b"\xdb\xa5", b"\x31\xbe") and len(data) > 128 and b"\x00" in data[:128]:
        return Sniffed("doc_raw")
    for magic, what in _BINARY_MAGICS:
        if data.startswith(magic):
            return Sniffed("binary", what=what)
    text = _decode_head(data)
    if text is None:
        return Sniffed("unknown_binary")
    s = text.lstrip("\ufeff \t\r\n").lower()
    s_head = s[:8192]
    if s.startswith("{\\rtf"):
        return Sniffed("rtf")
    if "mime-version:" in s_head[:4096] and ("multipart/related" in s_head or "text/html" in s_head):
        return Sniffed("mht")
    if s.startswith("<!doctype html") or "<html" in s_head or s.startswith("<head") or s.startswith("<body"):
        return Sniffed("html", excel_html="urn:schemas-microsoft-com:office:excel" in s_head)
    if s.startswith("<?xml") or s.startswith("<"):
        if "word.document" in s_head or "schemas.microsoft.com/office/word/2003/wordml" in s_head or "<pkg:package" in s_head:
            return Sniffed("word_xml")
        if "excel.sheet" in s_head or "urn:schemas-microsoft-com:office:spreadsheet" in s_head:
            return Sniffed("excel_xml")
        return Sniffed("xml")
    return Sniffed("text")


def refusal(found: Sniffed, name: str, ext: str, data: bytes = b""):
    """The ReadError for a kind the tool does not read here (not for "zip"; "ole2" needs ``data``)."""
    from .errors import ReadError

    ext = (ext or "").casefold()
    kind = found.kind
    if kind == "ole2":
        from .ole2 import ole2_refusal

        return ole2_refusal(data, name, ext)
    if kind == "doc_raw":
        return ReadError.make("legacy_doc", name=name, ext=ext)
    if kind == "binary":
        from .errors import KIND_NAMES

        return ReadError.make("binary", name=name, ext=ext, what=KIND_NAMES[found.what], detail=f"magic {found.what}")
    if kind == "html":
        excel = found.excel_html or ext in EXCELISH_SUFFIXES
        return ReadError.make("html_excel" if excel else "html_word", name=name, ext=ext)
    if kind == "xml":
        return ReadError.make("xml_text", name=name, ext=ext)
    if kind == "text":
        return ReadError.make("text_excel" if ext in EXCELISH_SUFFIXES else "text_word", name=name, ext=ext)
    if kind in ("pdf", "rtf", "mht", "word_xml", "excel_xml", "empty", "unknown_binary"):
        return ReadError.make(kind, name=name, ext=ext, detail=kind)
    raise ValueError(f"no refusal for kind {kind!r}")  # pragma: no cover - programming error
