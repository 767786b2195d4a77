"""read_document: the file read once, sniffed, and handed to the reader for its kind."""

from __future__ import annotations

import sys
import types

import pytest

try:
    import hostile
except ImportError:
    from tests import hostile  # type: ignore[no-redef]

import core.readers as readers
from core.model import Document
from core.readers import ReadError, read_document, reader_for
from core.readers.limits import DEFAULT_LIMITS, Limits, MiB

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
HTML = "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><p>年度报告</p></body></html>".encode()
MHT = b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n<html></html>\r\n--b--\r\n"


@pytest.fixture
def no_optional_readers(monkeypatch):
    """As if core/readers/pdf.py and html.py were not installed."""
    monkeypatch.setitem(sys.modules, "core.readers.pdf", None)
    monkeypatch.setitem(sys.modules, "core.readers.html", None)


@pytest.fixture
def fake_readers(monkeypatch):
    calls: list[tuple[str, object, bytes]] = []

    def reader(kind):
        def read(path, data):
            calls.append((kind, path, data))
            return Document(path=path, kind=kind, blocks=[])

        return read

    pdf = types.ModuleType("core.readers.pdf")
    pdf.read_pdf = reader("pdf")
    html = types.ModuleType("core.readers.html")
    html.read_html, html.read_mht = reader("html"), reader("mht")
    monkeypatch.setitem(sys.modules, "core.readers.pdf", pdf)
    monkeypatch.setitem(sys.modules, "core.readers.html", html)
    return calls


def _write(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_docx_and_xlsx(tmp_path):
    assert isinstance(read_document(hostile.make_docx(tmp_path)), Document)
    assert isinstance(read_document(hostile.make_xlsx(tmp_path)), Document)


@pytest.mark.parametrize("name, data, reason", [("报告.pdf", PDF, "pdf"), ("报告.html", HTML, "html"), ("报告.mht", MHT, "html")])
def test_without_their_readers_today_s_refusals(tmp_path, no_optional_readers, name, data, reason):
    with pytest.raises(ReadError) as info:
        read_document(_write(tmp_path, name, data))
    assert info.value.reason == reason and name in info.value.message


@pytest.mark.parametrize("name, data, kind", [("报告.pdf", PDF, "pdf"), ("导出.xls", HTML, "html"), ("网页.doc", MHT, "mht")])
def test_with_their_readers_the_bytes_are_handed_over(tmp_path, fake_readers, monkeypatch, name, data, kind):
    p = _write(tmp_path, name, data)
    reads = []
    real = readers.read_file
    monkeypatch.setattr(readers, "read_file", lambda path, limits: reads.append(path) or real(path, limits))
    doc = read_document(p)
    assert doc.path == p
    assert fake_readers == [(kind, p, data)]
    assert reads == [p]  # read once


def test_size_limits_of_the_other_readers(tmp_path, fake_readers):
    small = Limits(max_file_bytes=DEFAULT_LIMITS.max_file_bytes, max_members=10, max_member_bytes=MiB, max_total_bytes=MiB,
                   max_ratio=100, max_pdf_bytes=20, max_html_bytes=20)
    for name, data, code in [("大.pdf", PDF, "too_large_pdf"), ("大.html", HTML, "too_large_html")]:
        with pytest.raises(ReadError) as info:
            read_document(_write(tmp_path, name, data), small)
        assert info.value.code == code and info.value.reason == "too_large" and name in info.value.message
    assert fake_readers == []


def test_other_kinds_still_refused(tmp_path, fake_readers):
    """(Old .doc/.xls/.rtf go to the office-suite converter: tests/test_legacy_convert.py.)"""
    for factory, reason in [(hostile.make_ppt, "unsupported"), (hostile.make_pptx, "unsupported"), (hostile.make_png, "not_ooxml"),
                            (hostile.make_empty, "empty"), (hostile.make_text, "text"), (hostile.make_bomb_total, "zip_bomb")]:
        with pytest.raises(ReadError) as info:
            read_document(factory(tmp_path))
        assert info.value.reason == reason
    assert fake_readers == []


def test_reader_for_tells_absent_from_broken(monkeypatch):
    monkeypatch.setitem(sys.modules, "core.readers.pdf", None)
    assert reader_for("pdf", "read_pdf") is None
    assert reader_for("no_such_reader_module", "read") is None

    def broken(name):
        raise ModuleNotFoundError("No module named 'pdfminer'", name="pdfminer")

    monkeypatch.setattr(readers.importlib, "import_module", broken)
    with pytest.raises(ModuleNotFoundError):
        reader_for("pdf", "read_pdf")


def test_unexpected_failure_in_the_guards_is_a_clerk_message(tmp_path, monkeypatch):
    p = hostile.make_docx(tmp_path)
    monkeypatch.setattr(readers, "sniff_bytes", lambda data: (_ for _ in ()).throw(IndexError("boom")))
    with pytest.raises(ReadError) as info:
        read_document(p)
    assert info.value.unexpected and info.value.code == "unreadable" and p.name in info.value.message
    assert isinstance(info.value.__cause__, IndexError)


def test_extension_mismatch_is_noted(tmp_path):
    path = hostile.make_xlsx_renamed_docx(tmp_path)
    doc = read_document(path)
    # a catalogued remark (code, fields), worded by the findings catalogue when the file is checked
    assert ("I-read-suffix", {"suffix": path.suffix, "kind": "xlsx"}) in doc.notes
    from core.check import check_path

    said = [f.message for f in check_path(path).findings if f.code == "I-read-suffix"]
    assert said == [f"文件扩展名「{path.suffix}」与实际内容（xlsx）不符，已按实际内容读取。"]
