"""sniff: what kind a file is from its bytes; the one list of suffixes."""

from __future__ import annotations

import pytest

try:
    import hostile
except ImportError:
    from tests import hostile  # type: ignore[no-redef]

from core.readers import sniff as sniff_mod
from core.readers.errors import ReadError
from core.readers.sniff import (
    EXCELISH_SUFFIXES,
    KINDS,
    LEGACY_SUFFIXES,
    OFFICE_SUFFIXES,
    OOXML_SUFFIXES,
    WORD_SUFFIXES,
    EXCEL_SUFFIXES,
    readable_suffixes,
    refusal,
    sniff,
)

CASES = [
    (b"", "empty"),
    (hostile.docx_bytes(), "zip"),
    (hostile.xlsx_bytes(), "zip"),
    (hostile.cfb_bytes({"WordDocument": hostile._fib()}), "ole2"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf"),
    (b"\xef\xbb\xbf {\\rtf1\\ansi}", "rtf"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "binary"),
    (b"\x00\x01\x02\x03" * 300, "unknown_binary"),
    (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x\r\nContent-Type: text/html", "mht"),
    ("<!DOCTYPE html><html><body>二〇二三年政府信息公开工作年度报告</body></html>".encode("utf-8"), "html"),
    ("<html><body>年度报告</body></html>".encode("gb18030"), "html"),
    ('<?xml version="1.0"?><?mso-application progid="Word.Document"?><w:wordDocument/>'.encode(), "word_xml"),
    ('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>'.encode(), "excel_xml"),
    (b'<?xml version="1.0"?><data/>', "xml"),
    ("一、总体情况\n本年度共收到申请 12 件。\n".encode("gb18030"), "text"),
    ("一、总体情况\n".encode("utf-16"), "text"),
]


@pytest.mark.parametrize("data, kind", CASES)
def test_kinds(data, kind):
    found = sniff(data)
    assert found.kind == kind and found.kind in KINDS


def test_excel_web_page_is_told_apart():
    page = b'<html xmlns:x="urn:schemas-microsoft-com:office:excel"><body><table></table></body></html>'
    assert sniff(page).excel_html is True
    assert sniff(b"<html><body></body></html>").excel_html is False


def test_binary_kind_names_what_it_is():
    found = sniff(b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    assert (found.kind, found.what) == ("binary", "jpeg")
    assert "JPEG 图片" in refusal(found, "照片.docx", ".docx").message


@pytest.mark.parametrize("data, kind", [c for c in CASES if c[1] not in ("zip",)])
def test_every_kind_but_zip_has_a_refusal(data, kind):
    err = refusal(sniff(data), "报告.docx", ".docx", data)
    assert isinstance(err, ReadError) and "报告.docx" in err.message


def test_suffix_lists_are_consistent():
    assert OOXML_SUFFIXES == WORD_SUFFIXES | EXCEL_SUFFIXES
    assert not WORD_SUFFIXES & EXCEL_SUFFIXES
    assert LEGACY_SUFFIXES <= OFFICE_SUFFIXES and OOXML_SUFFIXES <= OFFICE_SUFFIXES
    assert EXCEL_SUFFIXES <= EXCELISH_SUFFIXES and not WORD_SUFFIXES & EXCELISH_SUFFIXES
    assert all(s.startswith(".") and s == s.lower() for s in OFFICE_SUFFIXES | EXCELISH_SUFFIXES)


def test_readable_suffixes_follow_the_installed_readers(monkeypatch):
    monkeypatch.setattr(sniff_mod, "_reader_present", lambda m: False)
    assert readable_suffixes() == OOXML_SUFFIXES
    assert readable_suffixes(legacy=True) == OOXML_SUFFIXES | LEGACY_SUFFIXES
    monkeypatch.setattr(sniff_mod, "_reader_present", lambda m: m == "pdf")
    assert ".pdf" in readable_suffixes() and ".html" not in readable_suffixes()
    monkeypatch.setattr(sniff_mod, "_reader_present", lambda m: m == "html")
    assert {".html", ".htm", ".mht"} <= readable_suffixes() and ".pdf" not in readable_suffixes()


def test_sniff_reads_only_a_head():
    """A huge text body is judged from its first 64 KiB (no full decode)."""
    data = "年度报告\n".encode("utf-8") * 10 + b"\xff" * (5 * 1024 * 1024)
    assert sniff(data).kind in ("text", "unknown_binary")
