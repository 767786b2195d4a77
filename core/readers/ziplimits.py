"""Zip-bomb limits over the standard ``zipfile``.

Before anything is decompressed, the central directory is walked (bounded) and every declared
size, the total and the compression ratio are checked against :class:`Limits`. Members are then
read through ``zipfile`` — which streams and checks CRCs — in bounded chunks, so a member that
inflates past what it declared is stopped one chunk after its declared size.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from .errors import ReadError
from .limits import Limits, MiB

__all__ = ["precheck_central_directory", "open_zip", "read_member", "CHUNK"]

_EOCD = b"PK\x05\x06"
_EOCD64_LOC = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"
_CDH = b"PK\x01\x02"

CHUNK = 1 * MiB
_READABLE_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)


def _damaged(name: str, ext: str, detail: str) -> ReadError:
    return ReadError.make("damaged_zip", name=name, ext=ext, detail=detail)


def _bomb(name: str, detail: str) -> ReadError:
    return ReadError.make("zip_bomb", name=name, detail=detail)


def precheck_central_directory(data: bytes, name: str, ext: str, limits: Limits) -> None:
    """Find the end-of-central-directory record the way zipfile does and bound the entry count.

    zipfile would otherwise build one ZipInfo per central-directory entry, whatever their number.
    """
    n = len(data)
    if n < 22:
        raise _damaged(name, ext, "shorter than an EOCD record")
    if data[-22:-18] == _EOCD and data[-2:] == b"\x00\x00":
        loc = n - 22
    else:
        loc = data.rfind(_EOCD, max(0, n - 22 - (1 << 16)))
        if loc < 0 or loc + 22 > n:
            raise _damaged(name, ext, "no end-of-central-directory record (truncated?)")
    (_sig, _disk, _disk_cd, _n_disk, n_total, cd_size, _cd_offset, _clen) = struct.unpack_from("<4s4H2LH", data, loc)
    start_shift = 0
    # zip64: like zipfile, only when the zip64 record sits right before its locator
    if loc >= 20 + 56 and data[loc - 20 : loc - 16] == _EOCD64_LOC and data[loc - 76 : loc - 72] == _EOCD64:
        (_s, _sz, _cv, _nv, _d, _dcd, _nd, n_total, cd_size, _cd_offset) = struct.unpack_from("<4sQ2H2L4Q", data, loc - 76)
        start_shift = 56 + 20
    if n_total > limits.max_members:
        raise _bomb(name, f"{n_total} members declared > {limits.max_members}")
    start = loc - start_shift - cd_size
    if cd_size > n or start < 0:
        raise _damaged(name, ext, "central directory outside the file")
    end = start + cd_size
    pos, count = start, 0
    while pos < end:
        if pos + 46 > n or data[pos : pos + 4] != _CDH:
            raise _damaged(name, ext, "bad central directory entry")
        nlen, xlen, clen = struct.unpack_from("<3H", data, pos + 28)
        pos += 46 + nlen + xlen + clen
        count += 1
        if count > limits.max_members:
            raise _bomb(name, f"more than {limits.max_members} central directory entries")


def _check_members(infos: list[zipfile.ZipInfo], data_len: int, name: str, ext: str, limits: Limits) -> None:
    if len(infos) > limits.max_members:
        raise _bomb(name, f"{len(infos)} members > {limits.max_members}")
    total = 0
    for info in infos:
        size, csize = info.file_size, info.compress_size
        if size > limits.max_member_bytes:
            raise _bomb(name, f"{info.filename!r} declares {size} bytes > {limits.max_member_bytes}")
        total += size
        if total > limits.max_total_bytes:
            raise _bomb(name, f"members declare {total} bytes in total > {limits.max_total_bytes}")
        if size >= limits.ratio_min_bytes and size > limits.max_ratio * max(csize, 1):
            raise _bomb(name, f"{info.filename!r} ratio {size}/{csize} > {limits.max_ratio}")
        if info.header_offset < 0 or info.header_offset + 30 > data_len or csize > data_len:
            raise _damaged(name, ext, f"{info.filename!r} lies outside the file")


def open_zip(data: bytes, name: str, ext: str, limits: Limits) -> zipfile.ZipFile:
    """A ``ZipFile`` over ``data`` whose directory passed every limit (nothing decompressed yet)."""
    precheck_central_directory(data, name, ext, limits)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        OSError,
        ValueError,
        struct.error,
        NotImplementedError,
        UnicodeDecodeError,
    ) as exc:
        raise _damaged(name, ext, f"zipfile: {exc!r}") from exc
    infos = zf.infolist()
    _check_members(infos, len(data), name, ext, limits)
    if not infos:
        raise ReadError.make("zip_empty", name=name, ext=ext)
    if any(i.flag_bits & 0x1 for i in infos):
        raise ReadError.make("zip_encrypted", name=name, ext=ext, detail="zip-level encryption")
    return zf


_INFO_SLOTS = tuple(zipfile.ZipInfo.__slots__)


def _clone(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A shallow copy of a ZipInfo (copy.copy goes through copyreg: twice as slow, and this runs
    once per member read)."""
    probe = object.__new__(zipfile.ZipInfo)
    for slot in _INFO_SLOTS:
        try:
            setattr(probe, slot, getattr(info, slot))
        except AttributeError:  # a slot this ZipInfo never set
            pass
    return probe


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, name: str, ext: str) -> bytes:
    """One member, decompressed by ``zipfile`` in chunks of at most :data:`CHUNK` bytes.

    ``zipfile`` stops at the declared size; it is asked for one byte more (through a copy of the
    ``ZipInfo``), so a member that inflates past its declared size is told apart from a merely
    damaged one, and is stopped right there. The copy carries no CRC (zipfile would check it
    against the one byte too many); the CRC is checked here, on exactly the declared bytes.
    """
    member = info.filename
    if info.flag_bits & 0x1:
        raise ReadError.make("member_encrypted", name=name, ext=ext, detail=f"{member!r} is zip-encrypted")
    if info.file_size > limits.max_member_bytes:
        raise _bomb(name, f"{member!r} declares {info.file_size} bytes")
    if info.compress_type not in _READABLE_METHODS:
        raise ReadError.make("compression", name=name, ext=ext, detail=f"{member!r} compress_type={info.compress_type}")
    declared = info.file_size
    probe = _clone(info)
    probe.file_size = declared + 1
    probe.CRC = None  # zipfile skips its check; ours follows
    try:
        with zf.open(probe) as f:
            want = min(CHUNK, declared + 1)
            out = f.read(want)
            if len(out) == want and len(out) <= declared:  # a big member: go on chunk by chunk
                parts, got = [out], len(out)
                while got <= declared:
                    chunk = f.read(min(CHUNK, declared + 1 - got))
                    if not chunk:
                        break
                    parts.append(chunk)
                    got += len(chunk)
                out = b"".join(parts)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError, NotImplementedError, struct.error) as exc:
        raise _damaged(name, ext, f"{member!r}: {exc!r}") from exc
    except Exception as exc:  # zlib.error, lzma.LZMAError and friends
        raise _damaged(name, ext, f"{member!r}: {exc!r}") from exc
    if len(out) > declared:
        raise ReadError.make("size_lie", name=name, detail=f"{member!r} inflates past {declared} bytes")
    if len(out) != declared:
        raise _damaged(name, ext, f"{member!r}: {len(out)} bytes, {declared} declared")
    if zlib.crc32(out) != info.CRC:
        raise _damaged(name, ext, f"{member!r}: CRC mismatch")
    return out
