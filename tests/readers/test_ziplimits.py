"""ziplimits: the central directory bounded before, members bounded while, decompressing."""

from __future__ import annotations

import io
import zipfile
import zlib

import pytest

try:
    import hostile
except ImportError:
    from tests import hostile  # type: ignore[no-redef]

from core.readers.errors import ReadError
from core.readers.limits import DEFAULT_LIMITS, Limits, MiB
from core.readers.ziplimits import open_zip, precheck_central_directory, read_member

SMALL = Limits(max_file_bytes=10 * MiB, max_members=50, max_member_bytes=2 * MiB, max_total_bytes=4 * MiB, max_ratio=100)


def _code(fn, *a) -> str:
    with pytest.raises(ReadError) as info:
        fn(*a)
    return info.value.code


def _zip(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for n, b in members.items():
            z.writestr(n, b)
    return buf.getvalue()


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_members_read_whatever_the_method(method):
    body = ("<w:t>二〇二三年度</w:t>" * 5000).encode()
    zf = open_zip(_zip({"word/document.xml": body, "a.bin": b""}, method), "报告.docx", ".docx", DEFAULT_LIMITS)
    for info in zf.infolist():
        assert read_member(zf, info, DEFAULT_LIMITS, "报告.docx", ".docx") == (body if info.filename != "a.bin" else b"")


def test_real_packages_read_member_by_member():
    for data in (hostile.docx_bytes(), hostile.xlsx_bytes()):
        zf = open_zip(data, "x.docx", ".docx", DEFAULT_LIMITS)
        ref = zipfile.ZipFile(io.BytesIO(data))
        for info in zf.infolist():
            assert read_member(zf, info, DEFAULT_LIMITS, "x.docx", ".docx") == ref.read(info.filename)


def test_central_directory_count_bounded_before_zipfile(monkeypatch):
    data = hostile.raw_zip([hostile.member(f"m{i}.xml", b"x") for i in range(60)])
    monkeypatch.setattr(zipfile, "ZipFile", lambda *a, **k: pytest.fail("zipfile reached"))
    assert _code(precheck_central_directory, data, "a.docx", ".docx", SMALL) == "zip_bomb"


@pytest.mark.parametrize(
    "members, code",
    [
        ([hostile.member("big.xml", b"x" * 100, declared_size=3 * MiB)], "zip_bomb"),  # one member too big
        ([hostile.member(f"m{i}.xml", b"x", declared_size=1 * MiB + 1) for i in range(4)], "zip_bomb"),  # total
        ([hostile.member("z.xml", b"\x00" * (2 * MiB - 1))], "zip_bomb"),  # ratio
    ],
)
def test_declared_sizes_refused_before_decompressing(members, code, monkeypatch):
    data = hostile.raw_zip(members)
    calls = []
    real = zlib.decompressobj
    monkeypatch.setattr(zlib, "decompressobj", lambda *a: calls.append(a) or real(*a))
    assert _code(open_zip, data, "a.docx", ".docx", SMALL) == code
    assert calls == []


def test_size_lie_stopped_one_read_past_the_declared_size(monkeypatch):
    payload = b"<a>" + b"x" * (4 * MiB) + b"</a>"
    data = hostile.raw_zip([hostile.member("word/document.xml", payload, declared_size=1000, crc=zlib.crc32(payload[:1000]))])
    zf = open_zip(data, "a.docx", ".docx", DEFAULT_LIMITS)
    produced = []
    real = zlib.decompressobj

    class Counting:
        def __init__(self, *a):
            self._d = real(*a)

        def decompress(self, buf, max_length=0):
            assert max_length > 0
            out = self._d.decompress(buf, max_length)
            produced.append(len(out))
            return out

        def __getattr__(self, n):
            return getattr(self._d, n)

    monkeypatch.setattr(zlib, "decompressobj", Counting)
    with pytest.raises(ReadError) as info:
        read_member(zf, zf.infolist()[0], DEFAULT_LIMITS, "a.docx", ".docx")
    assert info.value.code == "size_lie" and info.value.reason == "zip_bomb"
    assert sum(produced) <= 4096 + 1  # zipfile's minimum read, never the 4 MiB


def test_stored_member_longer_than_declared():
    data = hostile.raw_zip([hostile.member("a.xml", b"y" * 500, method=0, declared_size=100, crc=0)])
    zf = open_zip(data, "a.docx", ".docx", DEFAULT_LIMITS)
    assert _code(read_member, zf, zf.infolist()[0], DEFAULT_LIMITS, "a.docx", ".docx") == "size_lie"


def test_short_member_and_bad_crc_are_damaged():
    short = hostile.raw_zip([hostile.member("a.xml", b"y" * 50, declared_size=100, crc=zlib.crc32(b"y" * 50))])
    zf = open_zip(short, "a.docx", ".docx", DEFAULT_LIMITS)
    assert _code(read_member, zf, zf.infolist()[0], DEFAULT_LIMITS, "a.docx", ".docx") == "damaged_zip"
    bad = hostile.raw_zip([hostile.member("a.xml", b"y" * 50, crc=12345)])
    zf = open_zip(bad, "a.docx", ".docx", DEFAULT_LIMITS)
    assert _code(read_member, zf, zf.infolist()[0], DEFAULT_LIMITS, "a.docx", ".docx") == "damaged_zip"


def test_unknown_compression_and_encryption():
    m = hostile.member("a.xml", b"y" * 50, method=0)
    m.method = 9  # Deflate64
    zf = open_zip(hostile.raw_zip([m]), "a.docx", ".docx", DEFAULT_LIMITS)
    assert _code(read_member, zf, zf.infolist()[0], DEFAULT_LIMITS, "a.docx", ".docx") == "compression"
    e = hostile.member("a.xml", b"y" * 50)
    e.flags = 0x1
    assert _code(open_zip, hostile.raw_zip([e]), "a.docx", ".docx", DEFAULT_LIMITS) == "zip_encrypted"


def test_truncated_and_empty_zips():
    data = hostile.docx_bytes()
    assert _code(open_zip, data[: len(data) // 2], "a.docx", ".docx", DEFAULT_LIMITS) == "damaged_zip"
    assert _code(open_zip, b"PK\x05\x06" + b"\x00" * 18, "a.docx", ".docx", DEFAULT_LIMITS) == "zip_empty"
    assert _code(open_zip, b"PK\x03\x04", "a.docx", ".docx", DEFAULT_LIMITS) == "damaged_zip"
