"""Input guards: every file becomes a Package or a ReadError with a Chinese message."""

from __future__ import annotations

import os
import re
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

import pytest

try:  # tests/ is on sys.path under pytest's default (rootdir-less) import mode …
    import hostile
except ImportError:  # … or tests is importable as a package
    from tests import hostile  # type: ignore[no-redef]

from core.readers import fileread
from core.readers.errors import REASONS, ReadError
from core.readers.limits import DEFAULT_LIMITS, Limits
from core.readers.package import Package, open_package
from core.readers.sniff import OLE_MAGIC
from core.readers.xmlsafe import harden_openpyxl, parse_xml

CJK = re.compile(r"[\u4e00-\u9fff]")


def assert_clerk_error(exc: ReadError, path: Path, reason: str) -> None:
    """The error has the expected stable code and a short Chinese message naming the file."""
    assert exc.reason == reason, f"{exc.reason} != {reason}: {exc.message} [{exc.detail}]"
    assert exc.reason in REASONS
    assert not exc.unexpected, exc.detail
    msg = exc.message
    assert CJK.search(msg), msg
    assert path.name in msg, msg
    assert msg.count("。") <= 2, msg  # one or two sentences
    assert "Traceback" not in msg and "Error" not in msg, msg
    assert str(exc) == msg


def expect(path: Path, reason: str, limits: Limits = DEFAULT_LIMITS) -> ReadError:
    with pytest.raises(ReadError) as info:
        open_package(path, limits)
    assert_clerk_error(info.value, path, reason)
    return info.value


@pytest.fixture
def spy_decompression(monkeypatch):
    """Records every member decompression attempt (ours and zipfile's)."""
    calls: list[str] = []
    real_read = Package.read
    real_open = zipfile.ZipFile.open
    real_dobj = zlib.decompressobj

    def read(self, name):
        calls.append(f"read:{name}")
        return real_read(self, name)

    def zopen(self, name, *a, **k):
        calls.append(f"zipfile.open:{name}")
        return real_open(self, name, *a, **k)

    def dobj(*a, **k):
        calls.append("decompressobj")
        return real_dobj(*a, **k)

    monkeypatch.setattr(Package, "read", read)
    monkeypatch.setattr(zipfile.ZipFile, "open", zopen)
    monkeypatch.setattr(zlib, "decompressobj", dobj)
    return calls


# ======================================================================================
# Good packages
# ======================================================================================


def test_real_docx_is_read(tmp_path):
    p = hostile.make_docx(tmp_path)
    pkg = open_package(p)
    assert pkg.kind == "docx"
    assert pkg.path == p
    assert pkg.extension_mismatch is False
    assert pkg.main_part() == "word/document.xml"
    assert "word/document.xml" in pkg.names()
    assert pkg.has("word/document.xml") and pkg.has("/WORD/Document.xml")
    assert not pkg.has("word/nothing.xml")
    root = pkg.xml("word/document.xml")
    assert root.tag.endswith("}document")
    assert "政府信息公开" in "".join(root.itertext())
    assert pkg.read("word/document.xml") == hostile.members_of(hostile.docx_bytes())["word/document.xml"]
    assert pkg.data == p.read_bytes()


def test_real_xlsx_is_read(tmp_path):
    pkg = open_package(hostile.make_xlsx(tmp_path))
    assert pkg.kind == "xlsx"
    assert pkg.main_part() == "xl/workbook.xml"
    assert pkg.extension_mismatch is False
    assert pkg.xml(pkg.main_part()).tag.endswith("}workbook")


@pytest.mark.parametrize(
    "factory, kind",
    [
        (hostile.make_docm, "docx"),
        (hostile.make_dotx, "docx"),
        (hostile.make_xlsm, "xlsx"),
        (hostile.make_wps_style_docx, "docx"),
        (hostile.make_generic_content_type_docx, "docx"),
        (hostile.make_zip_without_rels, "docx"),
    ],
)
def test_accepted_variants(tmp_path, factory, kind):
    pkg = open_package(factory(tmp_path))
    assert pkg.kind == kind
    assert pkg.extension_mismatch is False
    assert pkg.xml(pkg.main_part()) is not None


def test_wps_main_part_path_is_resolved(tmp_path):
    pkg = open_package(hostile.make_wps_style_docx(tmp_path))
    assert pkg.main_part() == "word/document2.xml"


def test_xlsx_renamed_docx_is_flagged(tmp_path):
    pkg = open_package(hostile.make_xlsx_renamed_docx(tmp_path))
    assert pkg.kind == "xlsx"
    assert pkg.extension_mismatch is True


def test_docx_renamed_xlsx_is_flagged(tmp_path):
    pkg = open_package(hostile.make_docx_renamed_xlsx(tmp_path))
    assert (pkg.kind, pkg.extension_mismatch) == ("docx", True)


def test_odd_extension_is_flagged(tmp_path):
    pkg = open_package(hostile.make_docx_odd_extension(tmp_path))
    assert (pkg.kind, pkg.extension_mismatch) == ("docx", True)


def test_str_and_bytes_paths(tmp_path):
    p = hostile.make_docx(tmp_path)
    assert open_package(str(p)).kind == "docx"
    assert open_package(os.fsencode(p)).kind == "docx"


def test_missing_member_read(tmp_path):
    p = hostile.make_docx(tmp_path)
    pkg = open_package(p)
    with pytest.raises(ReadError) as info:
        pkg.read("word/nothing.xml")
    assert_clerk_error(info.value, p, "missing_part")


# ======================================================================================
# Bad inputs that open_package refuses
# ======================================================================================

BAD = [
    # legacy binaries (OLE2 compound files)
    (hostile.make_doc, "legacy_doc"),
    (lambda d: hostile.make_doc(d, "改了扩展名.docx"), "legacy_doc"),
    (lambda d: hostile.make_doc(d, "加密旧版.doc", encrypted=True), "encrypted"),
    (hostile.make_wps, "wps"),
    (hostile.make_works_wps, "wps"),
    (hostile.make_xls, "legacy_xls"),
    (lambda d: hostile.make_xls(d, "改了扩展名.xlsx"), "legacy_xls"),
    (lambda d: hostile.make_xls(d, "加密旧版.xls", encrypted=True), "encrypted"),
    (hostile.make_et, "et"),
    (hostile.make_encrypted_ooxml, "encrypted"),
    (lambda d: hostile.make_encrypted_ooxml(d, "加密报表.xlsx"), "encrypted"),
    (hostile.make_ppt, "unsupported"),
    (hostile.make_unknown_cfb, "legacy_doc"),
    (hostile.make_broken_cfb, "legacy_xls"),
    (lambda d: hostile.make_broken_cfb(d, "坏的.et"), "et"),
    (hostile.make_cyclic_cfb, "legacy_doc"),
    (lambda d: hostile.make_cyclic_cfb(d, "树环.doc", what="tree"), "legacy_doc"),
    # other non-zip files
    (hostile.make_pdf, "pdf"),
    (hostile.make_text, "text"),
    (lambda d: hostile.make_text(d, "GBK文本.docx", "gbk"), "text"),
    (lambda d: hostile.make_text(d, "UTF16文本.docx", "utf-16"), "text"),
    (lambda d: hostile.make_text(d, "表格文本.xlsx"), "text"),
    (hostile.make_rtf, "rtf"),
    (hostile.make_html, "html"),
    (hostile.make_word_web_page_doc, "html"),
    (hostile.make_excel_web_page_xls, "html"),
    (hostile.make_mht, "html"),
    (hostile.make_word2003_xml, "unsupported"),
    (hostile.make_png, "not_ooxml"),
    (hostile.make_random_binary, "not_ooxml"),
    (hostile.make_empty, "empty"),
    (hostile.make_folder, "is_directory"),
    (hostile.missing_path, "not_found"),
    (hostile.make_sparse_huge, "too_large"),
    # zips that are not usable packages
    (hostile.make_truncated_docx, "damaged_zip"),
    (hostile.make_zip_without_document, "missing_part"),
    (hostile.make_zip_without_content_types, "missing_part"),
    (hostile.make_malformed_content_types, "bad_xml"),
    (hostile.make_wrong_content_types, "wrong_type"),
    (hostile.make_pptx, "unsupported"),
    (hostile.make_odt, "not_ooxml"),
    (hostile.make_photo_zip, "not_ooxml"),
    (hostile.make_empty_zip, "not_ooxml"),
    (hostile.make_zip_encrypted_member, "encrypted"),
    (lambda d: hostile.make_billion_laughs(d, "类型表实体炸弹.docx", part="[Content_Types].xml"), "xml_entities"),
    (lambda d: hostile.make_billion_laughs(d, "关系实体炸弹.docx", part="_rels/.rels"), "xml_entities"),
]


@pytest.mark.parametrize("factory, reason", BAD, ids=lambda x: getattr(x, "__name__", str(x)))
def test_bad_input(tmp_path, factory, reason):
    expect(factory(tmp_path), reason)


def test_messages_say_what_to_do(tmp_path):
    assert "另存为" in expect(hostile.make_doc(tmp_path), "legacy_doc").message
    assert ".docx" in expect(hostile.make_doc(tmp_path), "legacy_doc").message
    assert ".xlsx" in expect(hostile.make_xls(tmp_path), "legacy_xls").message
    assert ".et" in expect(hostile.make_et(tmp_path), "et").message
    assert ".wps" in expect(hostile.make_wps(tmp_path), "wps").message
    assert "密码" in expect(hostile.make_encrypted_ooxml(tmp_path), "encrypted").message
    assert "PDF" in expect(hostile.make_pdf(tmp_path), "pdf").message
    renamed = expect(hostile.make_doc(tmp_path, "改名.docx"), "legacy_doc").message
    assert "扩展名" in renamed and "97-2003" in renamed
    assert ".xlsx" in expect(hostile.make_excel_web_page_xls(tmp_path), "html").message


def test_every_reason_is_known():
    assert {r for _f, r in BAD} <= REASONS


# ---- document.xml problems surface when the part is read -------------------------------


@pytest.mark.parametrize(
    "factory, reason",
    [
        (hostile.make_malformed_document_xml, "bad_xml"),
        (hostile.make_billion_laughs, "xml_entities"),
        (hostile.make_xxe_file, "xml_entities"),
        (hostile.make_xxe_http, "xml_entities"),
        (hostile.make_crc_mismatch, "damaged_zip"),
    ],
)
def test_bad_main_part(tmp_path, factory, reason):
    p = factory(tmp_path)
    pkg = open_package(p)
    with pytest.raises(ReadError) as info:
        pkg.xml(pkg.main_part())
    assert_clerk_error(info.value, p, reason)
    if reason == "bad_xml":
        assert "word/document.xml" in info.value.message


# ======================================================================================
# Zip bombs: refused from the central directory, before any member is decompressed
# ======================================================================================


@pytest.mark.parametrize(
    "factory",
    [
        hostile.make_bomb_declared_huge,
        hostile.make_bomb_high_ratio,
        hostile.make_bomb_total,
        hostile.make_bomb_many_members,
        hostile.make_bomb_many_members_lying_count,
    ],
)
def test_bomb_refused_before_decompressing(tmp_path, factory, spy_decompression):
    p = factory(tmp_path)
    spy_decompression.clear()  # making the file used zipfile itself
    expect(p, "zip_bomb")
    assert spy_decompression == []


def test_many_members_never_reach_zipfile(tmp_path, monkeypatch):
    """100 000 members: refused from the end record; zipfile never builds 100 000 ZipInfos."""
    p = hostile.make_bomb_many_members(tmp_path)

    def boom(*a, **k):
        raise AssertionError("zipfile.ZipFile must not be constructed")

    monkeypatch.setattr(zipfile, "ZipFile", boom)
    expect(p, "zip_bomb")


def test_lying_count_central_directory_walk_is_bounded(tmp_path, monkeypatch):
    p = hostile.make_bomb_many_members_lying_count(tmp_path)
    monkeypatch.setattr(zipfile, "ZipFile", lambda *a, **k: pytest.fail("ZipFile constructed"))
    expect(p, "zip_bomb")


def test_lying_size_is_stopped_by_the_streaming_limit(tmp_path, monkeypatch):
    """(c) document.xml declares 4 KiB but inflates to 50 MiB: decompression stops right after 4 KiB."""
    p = hostile.make_bomb_lying_size(tmp_path)
    pkg = open_package(p)  # the central directory looks innocent
    produced: list[int] = []
    real = zlib.decompressobj

    class Counting:
        def __init__(self, *a):
            self._d = real(*a)

        def decompress(self, data, max_length=0):
            assert max_length > 0, "every decompress call must be bounded"
            out = self._d.decompress(data, max_length)
            produced.append(len(out))
            return out

        def __getattr__(self, name):
            return getattr(self._d, name)

    monkeypatch.setattr(zlib, "decompressobj", Counting)
    with pytest.raises(ReadError) as info:
        pkg.read("word/document.xml")
    assert_clerk_error(info.value, p, "zip_bomb")
    assert sum(produced) <= 4096 + 1


def test_custom_limits(tmp_path):
    p = hostile.make_docx(tmp_path)
    expect(p, "too_large", Limits(1000, 10_000, 100 * hostile.MiB, 100 * hostile.MiB, 500))
    expect(p, "zip_bomb", Limits(10 * hostile.MiB, 3, 100 * hostile.MiB, 100 * hostile.MiB, 500))
    expect(p, "zip_bomb", Limits(10 * hostile.MiB, 100, 1000, 100 * hostile.MiB, 500))
    expect(p, "zip_bomb", Limits(10 * hostile.MiB, 100, 100 * hostile.MiB, 5000, 500))
    expect(p, "zip_bomb", Limits(10 * hostile.MiB, 100, 100 * hostile.MiB, 100 * hostile.MiB, 1.5, ratio_min_bytes=100))


def test_default_limits_are_sane():
    lim = DEFAULT_LIMITS
    assert lim.max_file_bytes == 100 * hostile.MiB
    assert lim.max_members == 10_000
    assert lim.max_member_bytes == 200 * hostile.MiB
    assert lim.max_total_bytes == 500 * hostile.MiB
    assert 100 <= lim.max_ratio <= 1000
    with pytest.raises(Exception):
        lim.max_members = 5  # frozen


# ======================================================================================
# The file itself: not modified, not kept open, special files, OS errors
# ======================================================================================


def _fds_pointing_at(path: Path) -> list[str]:
    target = os.path.realpath(path)
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") == target:
                found.append(fd)
        except OSError:
            pass
    return found


@pytest.mark.parametrize("factory", [hostile.make_docx, hostile.make_doc, hostile.make_truncated_docx, hostile.make_bomb_total])
def test_file_not_modified_nor_kept_open(tmp_path, factory):
    p = factory(tmp_path)
    before = p.read_bytes()
    st = os.stat(p)
    try:
        pkg = open_package(p)
    except ReadError:
        pkg = None
    if sys.platform.startswith("linux"):
        assert _fds_pointing_at(p) == []
    assert p.read_bytes() == before
    after = os.stat(p)
    assert (after.st_mtime_ns, after.st_size) == (st.st_mtime_ns, st.st_size)
    if pkg is not None:  # reading parts later does not reopen the file
        pkg.read(pkg.main_part())
        if sys.platform.startswith("linux"):
            assert _fds_pointing_at(p) == []


def test_file_can_be_replaced_after_open(tmp_path):
    """Nothing is locked: the clerk can keep editing/saving while we check."""
    p = hostile.make_docx(tmp_path)
    pkg = open_package(p)
    p.unlink()
    p.write_bytes(b"new")
    assert pkg.xml(pkg.main_part()) is not None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_fifo_does_not_hang(tmp_path):
    expect(hostile.make_fifo(tmp_path), "unsupported")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="POSIX only")
def test_device_does_not_hang():
    with pytest.raises(ReadError) as info:
        open_package("/dev/zero")
    assert info.value.reason == "unsupported"
    assert "zero" in info.value.message


def test_windows_sharing_violation_becomes_locked(tmp_path, monkeypatch):
    p = hostile.make_docx(tmp_path, "被占用的报告.docx")
    err = PermissionError(13, "The process cannot access the file because it is being used by another process")
    err.winerror = 32

    def locked(path):
        raise err

    monkeypatch.setattr(fileread, "_open_fd", locked)
    e = expect(p, "locked")
    assert "Word/WPS" in e.message and "关闭" in e.message


def test_permission_denied(tmp_path, monkeypatch):
    p = hostile.make_docx(tmp_path)
    monkeypatch.setattr(fileread, "_open_fd", lambda path: (_ for _ in ()).throw(PermissionError(13, "denied")))
    expect(p, "permission")


def test_other_os_error(tmp_path, monkeypatch):
    p = hostile.make_docx(tmp_path)
    monkeypatch.setattr(fileread, "_open_fd", lambda path: (_ for _ in ()).throw(OSError(5, "Input/output error")))
    expect(p, "io_error")


def test_missing_parent_and_odd_paths(tmp_path):
    expect(tmp_path / "无此目录" / "报告.docx", "not_found")
    expect(hostile.make_docx(tmp_path) / "sub.docx", "not_found")  # a file used as a folder
    with pytest.raises(ReadError) as info:
        open_package("")
    assert info.value.reason == "not_found"
    with pytest.raises(ReadError) as info:
        open_package(str(tmp_path / "a\x00b.docx"))
    assert info.value.reason == "not_found"


# ======================================================================================
# parse_xml
# ======================================================================================


def test_parse_xml_ok():
    root = parse_xml('<?xml version="1.0" encoding="UTF-8"?><a xmlns="urn:x"><b> 保留 空白 </b></a>'.encode())
    assert root.tag == "{urn:x}a"
    assert root[0].text == " 保留 空白 "


def test_parse_xml_gbk_declared():
    root = parse_xml('<?xml version="1.0" encoding="GBK"?><a>年度报告</a>'.encode("gbk"))
    assert root.text == "年度报告"


@pytest.mark.parametrize("payload", [hostile.BILLION_LAUGHS, hostile.XXE_FILE, hostile.XXE_HTTP])
def test_parse_xml_entities(payload):
    with pytest.raises(ReadError) as info:
        parse_xml(payload, part="word/document.xml", filename="报告.docx")
    assert info.value.reason == "xml_entities"
    assert "报告.docx" in info.value.message and "word/document.xml" in info.value.message


def test_parse_xml_entities_utf16():
    payload = hostile.XXE_FILE.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    with pytest.raises(ReadError) as info:
        parse_xml(payload)
    assert info.value.reason == "xml_entities"


def test_parse_xml_doctype_without_entities_is_harmless():
    assert parse_xml(b'<!DOCTYPE a SYSTEM "http://127.0.0.1:9/x.dtd"><a>x</a>').text == "x"


@pytest.mark.parametrize("payload", [b"", b"   ", b"<a>", b"<a></b>", b"\xff\xfe\x00garbage", b"<a>&undefined;</a>"])
def test_parse_xml_malformed(payload):
    with pytest.raises(ReadError) as info:
        parse_xml(payload, part="xl/workbook.xml", filename="表.xlsx")
    assert info.value.reason == "bad_xml"
    assert "xl/workbook.xml" in info.value.message and "表.xlsx" in info.value.message
    assert CJK.search(info.value.message)


# ======================================================================================
# openpyxl hardening
# ======================================================================================


def test_harden_openpyxl_ok():
    harden_openpyxl()


def test_harden_openpyxl_refuses_without_defusedxml(monkeypatch):
    import openpyxl.xml

    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(RuntimeError):
        harden_openpyxl()


# ======================================================================================
# Fuzz: mutated files never give anything but a Package or a ReadError
# ======================================================================================

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_FUZZ_DIR = Path(tempfile.mkdtemp(prefix="guards-fuzz-"))
_SEEDS = {
    "docx": hostile.docx_bytes(),
    "xlsx": hostile.xlsx_bytes(),
    "doc": hostile.cfb_bytes({"WordDocument": hostile._fib(), "1Table": b"\x00" * 600}),
    "xls": hostile.cfb_bytes({"Workbook": hostile._biff()}),
}
_SMALL = Limits(max_file_bytes=4 * hostile.MiB, max_members=200, max_member_bytes=4 * hostile.MiB, max_total_bytes=8 * hostile.MiB, max_ratio=500)


def _exercise(data: bytes, ext: str) -> None:
    p = _FUZZ_DIR / f"fuzz{ext}"
    p.write_bytes(data)
    try:
        pkg = open_package(p, _SMALL)
    except ReadError as e:
        assert e.reason in REASONS and not e.unexpected, (e.reason, e.detail)
        assert CJK.search(e.message)
        return
    for name in pkg.names():
        try:
            if name.endswith((".xml", ".rels")):
                pkg.xml(name)
            else:
                pkg.read(name)
        except ReadError as e:
            assert e.reason in REASONS and not e.unexpected


@st.composite
def _mutations(draw):
    kind = draw(st.sampled_from(sorted(_SEEDS)))
    data = bytearray(_SEEDS[kind])
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "cut", "splice"]))
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[i] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[i : i + draw(st.integers(1, 64))]
        else:
            data[i:i] = draw(st.binary(min_size=1, max_size=16))
    ext = draw(st.sampled_from([".docx", ".xlsx", ".doc", ".xls", ".wps", ".et", ""]))
    return bytes(data), ext


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(_mutations())
def test_fuzz_mutated_files(case):
    _exercise(*case)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(st.binary(min_size=1, max_size=2048), st.sampled_from([".docx", ".xlsx", ".doc", ".txt"]))
def test_fuzz_random_bytes(data, ext):
    _exercise(data, ext)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(st.sampled_from([b"PK\x03\x04", b"PK\x05\x06", OLE_MAGIC, b"%PDF-", b"{\\rtf", b"\xef\xbb\xbf<html", b"\xff\xfe"]), st.binary(max_size=1024))
def test_fuzz_magic_prefixes(magic, tail):
    _exercise(magic + tail, ".docx")
