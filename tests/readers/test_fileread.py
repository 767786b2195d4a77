"""fileread: the user's file read once, bounded, closed, never written."""

from __future__ import annotations

import os
import sys

import pytest

from core.readers import fileread
from core.readers.errors import ReadError
from core.readers.fileread import as_path, display_name, read_file
from core.readers.limits import DEFAULT_LIMITS, Limits


def _limits(max_file_bytes: int) -> Limits:
    return Limits(max_file_bytes, 10, 10, 10, 10.0)


def test_reads_the_exact_bytes(tmp_path):
    p = tmp_path / "报告.docx"
    data = os.urandom(300_000)
    p.write_bytes(data)
    assert read_file(p) == data


def test_size_limit_before_and_after_reading(tmp_path):
    p = tmp_path / "大.docx"
    p.write_bytes(b"x" * 2000)
    with pytest.raises(ReadError) as info:
        read_file(p, _limits(1000))
    assert info.value.code == "too_large" and "大.docx" in info.value.message and "MB" in info.value.message
    assert read_file(p, _limits(2000)) == b"x" * 2000


def test_a_file_that_grows_while_read_is_still_bounded(tmp_path, monkeypatch):
    p = tmp_path / "增长.docx"
    p.write_bytes(b"x" * 100)
    real_fstat = os.fstat

    class Shrunk:  # fstat says 10 bytes, the file holds 100: the read keeps going, bounded
        def __init__(self, st):
            self._st = st

        def __getattr__(self, n):
            return 10 if n == "st_size" else getattr(self._st, n)

    monkeypatch.setattr(fileread.os, "fstat", lambda fd: Shrunk(real_fstat(fd)))
    with pytest.raises(ReadError) as info:
        read_file(p, _limits(50))
    assert info.value.code == "too_large"
    assert read_file(p, _limits(500)) == b"x" * 100


def test_directory_and_missing(tmp_path):
    with pytest.raises(ReadError) as info:
        read_file(tmp_path)
    assert info.value.code == "is_directory"
    with pytest.raises(ReadError) as info:
        read_file(tmp_path / "无.docx")
    assert info.value.code == "not_found"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_fifo_refused_without_opening(tmp_path, monkeypatch):
    p = tmp_path / "管道.docx"
    os.mkfifo(p)
    monkeypatch.setattr(fileread, "_open_fd", lambda path: pytest.fail("a FIFO was opened"))
    with pytest.raises(ReadError) as info:
        read_file(p)
    assert info.value.code == "not_regular" and info.value.reason == "unsupported"


@pytest.mark.parametrize(
    "exc, code",
    [
        (PermissionError(13, "denied"), "permission"),
        (OSError(5, "Input/output error"), "io_error"),
        (FileNotFoundError(2, "gone"), "not_found"),
    ],
)
def test_os_errors(tmp_path, monkeypatch, exc, code):
    p = tmp_path / "报告.docx"
    p.write_bytes(b"x")
    monkeypatch.setattr(fileread, "_open_fd", lambda path: (_ for _ in ()).throw(exc))
    with pytest.raises(ReadError) as info:
        read_file(p)
    assert info.value.code == code and "报告.docx" in info.value.message


def test_sharing_violation(tmp_path, monkeypatch):
    p = tmp_path / "占用.docx"
    p.write_bytes(b"x")
    err = PermissionError(13, "used by another process")
    err.winerror = 32
    monkeypatch.setattr(fileread, "_open_fd", lambda path: (_ for _ in ()).throw(err))
    with pytest.raises(ReadError) as info:
        read_file(p)
    assert info.value.code == "locked"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
def test_nothing_left_open(tmp_path):
    p = tmp_path / "报告.docx"
    p.write_bytes(b"abc")
    before = set(os.listdir("/proc/self/fd"))
    read_file(p)
    assert set(os.listdir("/proc/self/fd")) <= before


def test_paths():
    assert display_name(as_path("目录/报告.docx")) == "报告.docx"
    assert as_path(os.fsencode("a.docx")).name == "a.docx"
    for bad in (None, "", b""):
        with pytest.raises(ReadError) as info:
            as_path(bad)
        assert info.value.code == "not_found"
    assert DEFAULT_LIMITS.max_file_bytes == 100 * 1024 * 1024
