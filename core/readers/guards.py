"""Input guards: every file a clerk can pick becomes a :class:`Package` or a :class:`ReadError`.

The readers (docx / xlsx) never touch the disk themselves: they call :func:`open_package`,
which

1. reads the whole file into memory once (open, read, close — nothing stays open or locked),
2. sniffs the bytes (zip / OLE2 compound file / PDF / RTF / HTML / text / …) before trusting
   the extension,
3. checks the zip's central directory against :class:`Limits` *before* decompressing anything,
4. finds the main part through ``[Content_Types].xml`` and ``_rels/.rels``.

Every failure is a :class:`ReadError` whose ``message`` is one or two plain Chinese sentences
that name the file and tell the clerk what to do, and whose ``reason`` is a stable code.

Only the standard library and lxml are used here; ``core`` never imports Qt.
"""

from __future__ import annotations

import codecs
import io
import os
import posixpath
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

__all__ = [
    "ReadError",
    "Limits",
    "DEFAULT_LIMITS",
    "Package",
    "open_package",
    "parse_xml",
    "harden_openpyxl",
    "REASONS",
]

# --------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------

#: Every reason code :class:`ReadError` may carry.
REASONS = frozenset(
    {
        "not_found",
        "is_directory",
        "empty",
        "too_large",
        "locked",  # Windows sharing violation (file open in Word/WPS with a deny-read lock)
        "permission",  # no right to read the file
        "io_error",  # any other operating-system error while reading
        "legacy_doc",
        "legacy_xls",
        "wps",
        "et",
        "encrypted",
        "pdf",
        "text",
        "rtf",
        "html",
        "not_ooxml",
        "damaged_zip",
        "missing_part",
        "bad_xml",
        "xml_entities",
        "zip_bomb",
        "wrong_type",
        "unsupported",
    }
)


class ReadError(Exception):
    """A file that cannot be read.

    ``.message`` is plain Chinese for a clerk; ``.reason`` is a stable code (see :data:`REASONS`);
    ``.detail`` is an optional technical note (English) for logs, never shown to the clerk.
    ``.unexpected`` is True only when an unforeseen exception was turned into this error at the
    outer boundary of :func:`open_package` (the original is chained as ``__cause__``).
    """

    def __init__(self, reason: str, message: str, *, detail: str = "", unexpected: bool = False):
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.detail = detail
        self.unexpected = unexpected

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message

    def __repr__(self) -> str:
        return f"ReadError({self.reason!r}, {self.message!r})"


# --------------------------------------------------------------------------------------
# Limits
# --------------------------------------------------------------------------------------

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int  # size of the file on disk
    max_members: int  # number of zip members (central directory entries)
    max_member_bytes: int  # declared AND actual uncompressed size of one member
    max_total_bytes: int  # declared uncompressed size of all members together
    max_ratio: float  # uncompressed/compressed beyond which a member is a bomb …
    ratio_min_bytes: int = 1 * MiB  # … but only for members at least this big uncompressed


DEFAULT_LIMITS = Limits(
    max_file_bytes=100 * MiB,
    max_members=10_000,
    max_member_bytes=200 * MiB,
    max_total_bytes=500 * MiB,
    max_ratio=500.0,
    ratio_min_bytes=1 * MiB,
)

# --------------------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------------------

WORD_EXTS = frozenset({".docx", ".docm", ".dotx", ".dotm"})
EXCEL_EXTS = frozenset({".xlsx", ".xlsm", ".xltx", ".xltm"})
_EXCELISH = EXCEL_EXTS | {".xls", ".xlt", ".et", ".ett", ".csv", ".xlsb", ".ods"}
_OFFICE_EXTS = WORD_EXTS | EXCEL_EXTS | {".doc", ".dot", ".wps", ".wpt", ".xls", ".xlt", ".et", ".ett"}

_WORD_HINT = "请在 Word/WPS 中打开它，另存为“Word 文档 (*.docx)”后再检查。"
_EXCEL_HINT = "请在 Excel/WPS 表格中打开它，另存为“Excel 工作簿 (*.xlsx)”后再检查。"


def _is_excelish(ext: str) -> bool:
    return ext in _EXCELISH


def _hint(ext: str) -> str:
    return _EXCEL_HINT if _is_excelish(ext) else _WORD_HINT


def _app(ext: str) -> str:
    return "Excel/WPS 表格" if _is_excelish(ext) else "Word/WPS"


def _target(ext: str) -> str:
    return ".xlsx" if _is_excelish(ext) else ".docx"


def _display_name(path: Path) -> str:
    name = path.name or str(path)
    return name if name else "（未命名）"


def _subject(name: str, ext: str, claimed_is_wrong: bool) -> str:
    """“文件“x.docx”” or “文件“x.docx”虽然扩展名是 .docx，但”."""
    if claimed_is_wrong and ext in _OFFICE_EXTS:
        return f"文件「{name}」的扩展名虽是 {ext}，但实际"
    return f"文件「{name}」"


def _mb(n: int) -> str:
    return f"{n / MiB:.1f} MB"


# --------------------------------------------------------------------------------------
# Hardened XML
# --------------------------------------------------------------------------------------

_DOCTYPE_PATTERNS = [
    (s.encode("ascii"), e.encode("ascii")) for s, e in [("<!DOCTYPE", "<!ENTITY")]
] + [
    ("<!DOCTYPE".encode(enc), "<!ENTITY".encode(enc)) for enc in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
]


def _declares_entities(data: bytes) -> bool:
    for doctype, entity in _DOCTYPE_PATTERNS:
        pos = data.find(doctype)
        if pos >= 0 and data.find(entity, pos) >= 0:
            return True
    return False


def _xml_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
        remove_blank_text=False,
        recover=False,
    )


def _where(part: str, filename: str) -> str:
    f = f"文件「{filename}」" if filename else "文件"
    return f"{f}中的 {part} 部分" if part else f


def parse_xml(data: bytes, part: str = "", filename: str = "") -> etree._Element:
    """Parse one XML part with a hardened lxml parser.

    ``part`` (e.g. ``"word/document.xml"``) and ``filename`` only make the message clearer.
    A DOCTYPE that declares an ENTITY raises ``ReadError('xml_entities')``; malformed XML
    raises ``ReadError('bad_xml')``.
    """
    where = _where(part, filename)
    if isinstance(data, str):  # be forgiving with callers; lxml rejects str with an encoding decl
        data = data.encode("utf-8")
    if _declares_entities(data):
        raise _entities_error(where)
    if not data or not data.strip():
        raise ReadError(
            "bad_xml",
            f"{where}是空的，文件可能已损坏。请在 Word/WPS 或 Excel 中打开并另存为新文件后再检查。",
            detail=f"empty XML part {part!r}",
        )
    try:
        root = etree.fromstring(data, _xml_parser())
    except etree.XMLSyntaxError as exc:
        text = str(exc)
        low = text.lower()
        if "entity reference loop" in low or "amplification" in low:
            raise _entities_error(where) from exc
        line = getattr(exc, "lineno", None)
        at = f"（第 {line} 行附近）" if line else ""
        raise ReadError(
            "bad_xml",
            f"{where}不是格式正确的 XML{at}，文件可能已损坏。请在 Word/WPS 或 Excel 中打开并另存为新文件后再检查。",
            detail=f"XMLSyntaxError in {part!r}: {text}",
        ) from exc
    except (ValueError, LookupError, etree.ParserError, etree.LxmlError) as exc:
        raise ReadError(
            "bad_xml",
            f"{where}无法解析（编码或结构有误），文件可能已损坏。请在 Word/WPS 或 Excel 中打开并另存为新文件后再检查。",
            detail=f"{type(exc).__name__} in {part!r}: {exc}",
        ) from exc
    if root is None:
        raise ReadError("bad_xml", f"{where}没有内容，文件可能已损坏。", detail=f"no root in {part!r}")
    # Defence in depth: an internal subset with entity declarations that slipped past the
    # byte check (unusual encoding) is still refused.
    try:
        dtd = root.getroottree().docinfo.internalDTD
        if dtd is not None and any(True for _ in dtd.iterentities()):
            raise _entities_error(where)
    except ReadError:
        raise
    except Exception:  # pragma: no cover - lxml API differences
        pass
    return root


def _entities_error(where: str) -> ReadError:
    return ReadError(
        "xml_entities",
        f"{where}含有 XML 实体声明（可被用来攻击电脑的写法），为安全起见已停止读取。"
        "正常的 Word/Excel 文件不会这样，请确认文件来源，或在 Word/WPS 中打开后另存为新文件再检查。",
        detail="DOCTYPE with ENTITY declarations",
    )


def harden_openpyxl() -> None:
    """Make sure openpyxl parses through defusedxml (and lxml without entity resolution).

    openpyxl picks defusedxml up at import time when it is importable and the environment
    variable ``OPENPYXL_DEFUSEDXML`` is not ``False``. Raises ``RuntimeError`` (a deployment
    error, not a file error) when that is not the case.
    """
    try:
        import defusedxml  # noqa: F401
    except ImportError as exc:  # pragma: no cover - dependency missing
        raise RuntimeError("defusedxml 未安装：openpyxl 无法安全解析 XML，请重新安装本工具。") from exc
    import openpyxl
    import openpyxl.xml
    import openpyxl.xml.functions as functions

    problems = []
    if getattr(openpyxl.xml, "DEFUSEDXML", False) is not True:
        problems.append("openpyxl.xml.DEFUSEDXML is not True")
    if getattr(openpyxl, "DEFUSEDXML", True) is not True:
        problems.append("openpyxl.DEFUSEDXML is not True")
    iterparse = getattr(functions, "iterparse", None)
    if iterparse is None or not str(getattr(iterparse, "__module__", "")).startswith("defusedxml"):
        problems.append("openpyxl.xml.functions.iterparse is not defusedxml's")
    parser = getattr(functions, "safe_parser", None)
    if parser is not None and getattr(parser, "resolve_entities", False) not in (False, None):
        problems.append("openpyxl's lxml parser resolves entities")
    if problems:
        raise RuntimeError(
            "openpyxl 未通过 defusedxml 解析 XML（" + "; ".join(problems) + "）。"
            "请确认已安装 defusedxml，且没有把环境变量 OPENPYXL_DEFUSEDXML 设为 False。"
        )


# --------------------------------------------------------------------------------------
# Reading the file
# --------------------------------------------------------------------------------------

_WIN_SHARING_ERRORS = (32, 33)  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION


def _win_open_shared(path: Path) -> int | None:  # pragma: no cover - Windows only
    """Open with FILE_SHARE_READ|WRITE|DELETE (the least hostile sharing mode) → CRT fd."""
    try:
        import ctypes
        import msvcrt
        from ctypes import wintypes
    except ImportError:
        return None
    try:
        k32 = ctypes.WinDLL("kernel32", use_last_error=True)
        create = k32.CreateFileW
        create.argtypes = [
            wintypes.LPCWSTR,
            wintypes.DWORD,
            wintypes.DWORD,
            ctypes.c_void_p,
            wintypes.DWORD,
            wintypes.DWORD,
            wintypes.HANDLE,
        ]
        create.restype = wintypes.HANDLE
        close = k32.CloseHandle
        close.argtypes = [wintypes.HANDLE]
        close.restype = wintypes.BOOL
    except Exception:
        return None
    generic_read = 0x80000000
    share_all = 0x1 | 0x2 | 0x4
    open_existing = 3
    flags = 0x80 | 0x08000000  # FILE_ATTRIBUTE_NORMAL | FILE_FLAG_SEQUENTIAL_SCAN
    invalid = ctypes.c_void_p(-1).value
    handle = create(str(path), generic_read, share_all, None, open_existing, flags, None)
    if handle is None or handle == invalid:
        raise ctypes.WinError(ctypes.get_last_error())
    try:
        return msvcrt.open_osfhandle(handle, os.O_RDONLY)
    except Exception:
        close(handle)
        raise


def _open_fd(path: Path) -> int:
    if os.name == "nt":  # pragma: no cover - Windows only
        try:
            fd = _win_open_shared(path)
        except PermissionError:
            raise
        except OSError:
            fd = None  # let os.open produce the ordinary error
        if fd is not None:
            return fd
    flags = os.O_RDONLY
    for extra in ("O_BINARY", "O_NOINHERIT", "O_CLOEXEC", "O_NONBLOCK", "O_NOCTTY"):
        flags |= getattr(os, extra, 0)
    return os.open(path, flags)


def _os_error(exc: OSError, path: Path, name: str) -> ReadError:
    if isinstance(exc, FileNotFoundError) or isinstance(exc, NotADirectoryError):
        return _not_found(name)
    if isinstance(exc, IsADirectoryError):
        return _is_directory(name)
    winerror = getattr(exc, "winerror", None)
    if winerror in _WIN_SHARING_ERRORS:
        return ReadError(
            "locked",
            f"文件「{name}」正被其他程序占用，暂时无法读取。请关闭 Word/WPS（或 Excel）中打开的这个文件后重试。",
            detail=f"sharing violation: {exc!r}",
        )
    if isinstance(exc, PermissionError):
        return ReadError(
            "permission",
            f"没有读取文件「{name}」的权限，或文件正被其他程序锁定。请关闭正在使用它的程序，或把文件复制到桌面后再检查。",
            detail=repr(exc),
        )
    reason = exc.strerror or exc.__class__.__name__
    return ReadError(
        "io_error",
        f"读取文件「{name}」时出错（{reason}）。请确认文件可以正常打开，或把它复制到本机桌面后再检查。",
        detail=repr(exc),
    )


def _not_found(name: str) -> ReadError:
    return ReadError("not_found", f"找不到文件「{name}」。请确认文件仍在原来的位置，没有被移动、改名或删除。")


def _is_directory(name: str) -> ReadError:
    return ReadError("is_directory", f"「{name}」是一个文件夹，不是文件。请打开文件夹，选择其中的 .docx 或 .xlsx 文件。")


def _too_large(name: str, size: int, limits: Limits) -> ReadError:
    return ReadError(
        "too_large",
        f"文件「{name}」有 {_mb(size)}，超过了本工具能检查的上限（{_mb(limits.max_file_bytes)}）。"
        "请确认没有选错文件；如果是图片太多，可在 Word/WPS 中压缩图片后另存再检查。",
        detail=f"{size} bytes > {limits.max_file_bytes}",
    )


def _read_file(path: Path, name: str, limits: Limits) -> bytes:
    """Read at most ``max_file_bytes`` bytes; the file is closed before this returns."""
    try:
        st = os.stat(path)
    except (OSError, ValueError) as exc:
        if isinstance(exc, ValueError):  # e.g. embedded NUL in the path
            raise _not_found(name) from exc
        raise _os_error(exc, path, name) from exc
    if stat.S_ISDIR(st.st_mode):
        raise _is_directory(name)
    if not stat.S_ISREG(st.st_mode):
        raise ReadError(
            "unsupported",
            f"「{name}」不是普通文件（可能是设备或管道），无法检查。请选择 .docx 或 .xlsx 文件。",
            detail=f"st_mode={st.st_mode:o}",
        )
    if st.st_size > limits.max_file_bytes:
        raise _too_large(name, st.st_size, limits)
    try:
        fd = _open_fd(path)
    except OSError as exc:
        raise _os_error(exc, path, name) from exc
    try:
        f = open(fd, "rb", buffering=0, closefd=True)
    except Exception:
        os.close(fd)
        raise
    try:
        with f:
            fst = os.fstat(f.fileno())
            if stat.S_ISDIR(fst.st_mode):
                raise _is_directory(name)
            if not stat.S_ISREG(fst.st_mode):
                raise ReadError(
                    "unsupported",
                    f"「{name}」不是普通文件（可能是设备或管道），无法检查。请选择 .docx 或 .xlsx 文件。",
                )
            if fst.st_size > limits.max_file_bytes:
                raise _too_large(name, fst.st_size, limits)
            cap = limits.max_file_bytes + 1
            data = f.read(min(fst.st_size, limits.max_file_bytes) + 1) or b""
            if len(data) > fst.st_size:  # the file grew while we read it: keep going, bounded
                parts = [data]
                got = len(data)
                while got < cap:
                    chunk = f.read(min(MiB, cap - got))
                    if not chunk:
                        break
                    parts.append(chunk)
                    got += len(chunk)
                data = b"".join(parts)
    except OSError as exc:
        raise _os_error(exc, path, name) from exc
    if len(data) > limits.max_file_bytes:
        raise _too_large(name, len(data), limits)
    return data


# --------------------------------------------------------------------------------------
# OLE2 / Compound File Binary (just enough to name what the file is)
# --------------------------------------------------------------------------------------

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAXREGSECT = 0xFFFFFFFA
_ENDOFCHAIN = 0xFFFFFFFE
_NOSTREAM = 0xFFFFFFFF
_MAX_DIR_ENTRIES = 65_536


class _CFBError(Exception):
    pass


class _CFB:
    """A tiny, bounded, read-only Compound File Binary reader.

    Never trusts a count: every loop is bounded by the number of sectors the file can hold.
    """

    def __init__(self, data: bytes):
        if len(data) < 512 or data[:8] != OLE_MAGIC:
            raise _CFBError("no CFB header")
        self.data = data
        (major,) = struct.unpack_from("<H", data, 0x1A)
        (byte_order,) = struct.unpack_from("<H", data, 0x1C)
        (shift,) = struct.unpack_from("<H", data, 0x1E)
        (mini_shift,) = struct.unpack_from("<H", data, 0x20)
        if byte_order != 0xFFFE:
            raise _CFBError("bad byte order")
        if shift not in (9, 12):
            raise _CFBError(f"bad sector shift {shift}")
        if not 1 <= mini_shift < shift:
            raise _CFBError("bad mini sector shift")
        self.major = major
        self.ss = 1 << shift
        self.mss = 1 << mini_shift
        (
            _num_fat,
            self.first_dir,
            _txn,
            self.cutoff,
            self.first_minifat,
            _num_minifat,
            self.first_difat,
            _num_difat,
        ) = struct.unpack_from("<8I", data, 0x2C)
        self.nsect = max(0, (len(data) - self.ss) // self.ss)
        if self.nsect == 0:
            raise _CFBError("no sectors")
        self.fat = self._load_fat()
        self.entries = self._load_directory()

    # -- sectors -------------------------------------------------------------------
    def _sector(self, n: int) -> bytes:
        if n >= self.nsect:
            raise _CFBError(f"sector {n} out of range")
        off = (n + 1) * self.ss
        return self.data[off : off + self.ss]

    def _load_fat(self) -> list[int]:
        data = self.data
        per = self.ss // 4
        needed = self.nsect // per + 1  # FAT sectors needed to describe every sector
        fat_sectors: list[int] = []
        for (s,) in struct.iter_unpack("<I", data[0x4C:0x200]):
            if s >= _MAXREGSECT:
                break
            fat_sectors.append(s)
        nxt, seen = self.first_difat, set()
        while nxt < _MAXREGSECT and len(fat_sectors) < needed and nxt not in seen and len(seen) < self.nsect:
            seen.add(nxt)
            sec = self._sector(nxt)
            vals = struct.unpack(f"<{per}I", sec)
            for s in vals[:-1]:
                if s < _MAXREGSECT:
                    fat_sectors.append(s)
            nxt = vals[-1]
        fat: list[int] = []
        for s in fat_sectors[:needed]:
            if s >= self.nsect:
                continue
            fat.extend(struct.unpack(f"<{per}I", self._sector(s)))
        if not fat:
            raise _CFBError("empty FAT")
        return fat

    def _chain(self, start: int, fat: list[int], limit: int, max_steps: int) -> list[int]:
        out: list[int] = []
        seen: set[int] = set()
        cur = start
        while cur < _MAXREGSECT and len(out) < max_steps:
            if cur in seen or cur >= limit:
                raise _CFBError("bad chain")
            seen.add(cur)
            out.append(cur)
            cur = fat[cur] if cur < len(fat) else _ENDOFCHAIN
        return out

    # -- directory -------------------------------------------------------------------
    def _load_directory(self) -> list[tuple]:
        max_sectors = _MAX_DIR_ENTRIES * 128 // self.ss
        chain = self._chain(self.first_dir, self.fat, self.nsect, max_sectors)
        raw = b"".join(self._sector(s) for s in chain)
        entries = []
        for off in range(0, len(raw) - 127, 128):
            e = raw[off : off + 128]
            (name_len,) = struct.unpack_from("<H", e, 0x40)
            etype = e[0x42]
            left, right, child = struct.unpack_from("<3I", e, 0x44)
            start, size_lo, size_hi = struct.unpack_from("<3I", e, 0x74)
            size = size_lo if self.major == 3 else size_lo | (size_hi << 32)
            name_len = min(max(name_len, 2), 64)
            name = e[: name_len - 2].decode("utf-16-le", "replace")
            entries.append((name, etype, left, right, child, start, size))
        if not entries or entries[0][1] != 5:
            raise _CFBError("no root entry")
        return entries

    def children(self, index: int = 0) -> dict[str, int]:
        """Names (case-folded) → entry index of the direct children of a storage."""
        out: dict[str, int] = {}
        n = len(self.entries)
        stack = [self.entries[index][4]]
        seen: set[int] = set()
        while stack and len(seen) < n:
            i = stack.pop()
            if i == _NOSTREAM or i >= n or i in seen:
                continue
            seen.add(i)
            name, etype, left, right, _child, _start, _size = self.entries[i]
            if etype in (1, 2):
                out.setdefault(name.casefold(), i)
            stack.append(left)
            stack.append(right)
        return out

    def all_names(self) -> set[str]:
        return {e[0].casefold() for e in self.entries if e[1] in (1, 2)}

    # -- streams ---------------------------------------------------------------------
    def read_head(self, index: int, nbytes: int) -> bytes:
        """The first ``nbytes`` of a stream (regular or mini stream)."""
        name, etype, _l, _r, _c, start, size = self.entries[index]
        if etype != 2:
            raise _CFBError("not a stream")
        want = min(nbytes, size)
        if want <= 0:
            return b""
        if size >= self.cutoff:
            sectors = self._chain(start, self.fat, self.nsect, want // self.ss + 1)
            return b"".join(self._sector(s) for s in sectors)[:want]
        # mini stream: its container is the root entry's chain, its FAT is the mini FAT
        root_start = self.entries[0][5]
        minifat_sectors = self._chain(self.first_minifat, self.fat, self.nsect, self.nsect)
        per = self.ss // 4
        mini_count = len(minifat_sectors) * per
        minis: list[int] = []
        cur, seen = start, set()
        while cur < _MAXREGSECT and len(minis) < want // self.mss + 1:
            if cur in seen or cur >= mini_count:
                raise _CFBError("bad mini chain")
            seen.add(cur)
            minis.append(cur)
            sec_idx, within_fat = divmod(cur, per)
            (cur,) = struct.unpack_from("<I", self._sector(minifat_sectors[sec_idx]), within_fat * 4)
        if not minis:
            return b""
        per_sector = self.ss // self.mss
        container = self._chain(root_start, self.fat, self.nsect, max(minis) // per_sector + 1)
        out = []
        for m in minis:
            idx, within = divmod(m, per_sector)
            if idx >= len(container):
                raise _CFBError("mini sector outside mini stream")
            sec = self._sector(container[idx])
            out.append(sec[within * self.mss : (within + 1) * self.mss])
        return b"".join(out)[:want]


def _doc_is_encrypted(cfb: _CFB, index: int) -> bool:
    """Word 97-2003 FIB: wIdent 0xA5EC, flags at 0x0A: fEncrypted (0x0100) / fObfuscated (0x8000)."""
    head = cfb.read_head(index, 32)
    if len(head) < 12:
        return False
    ident, flags = struct.unpack_from("<H", head, 0)[0], struct.unpack_from("<H", head, 0x0A)[0]
    return ident in (0xA5EC, 0xA5DC) and bool(flags & 0x0100)


def _xls_is_encrypted(cfb: _CFB, index: int) -> bool:
    """BIFF8: a FILEPASS record (0x002F) among the first records of the Workbook stream."""
    head = cfb.read_head(index, 4096)
    pos = 0
    for _ in range(16):
        if pos + 4 > len(head):
            break
        rtype, rlen = struct.unpack_from("<HH", head, pos)
        if rtype == 0x002F:
            return True
        pos += 4 + rlen
    return False


def _classify_cfb(data: bytes, name: str, ext: str) -> ReadError:
    """Every OLE2 compound file becomes a ReadError that says what it is."""
    fam_word = not _is_excelish(ext)
    try:
        cfb = _CFB(data)
        root = cfb.children(0)
        all_names = cfb.all_names()
    except (_CFBError, struct.error, IndexError, ValueError, OverflowError, MemoryError) as exc:
        return _cfb_by_extension(name, ext, detail=f"CFB directory unreadable: {exc!r}")

    def has(n: str) -> bool:
        return n.casefold() in root

    if has("EncryptionInfo") or has("EncryptedPackage"):
        if ext in EXCEL_EXTS or (ext not in WORD_EXTS and not fam_word):
            what, app, tgt = "Excel 工作簿", " Excel/WPS 表格", ".xlsx"
        elif ext in WORD_EXTS or ext in (".doc", ".wps"):
            what, app, tgt = "Word 文档", " Word/WPS ", ".docx"
        else:
            what, app, tgt = "Office 文件", " Word/WPS 或 Excel ", ".docx 或 .xlsx"
        return ReadError(
            "encrypted",
            f"文件「{name}」是设有打开密码的 {what}，本工具无法读取。请在{app}中用密码打开，取消密码后另存为 {tgt} 再检查。",
            detail="CFB with EncryptionInfo/EncryptedPackage",
        )
    if has("WordDocument"):
        try:
            encrypted = _doc_is_encrypted(cfb, root["worddocument"])
        except (_CFBError, struct.error, IndexError, ValueError):
            encrypted = False
        is_wps = ext in (".wps", ".wpt") or any(n.startswith(("wps", "kingsoft")) for n in all_names)
        if encrypted:
            fmt = "WPS 文字 (.wps)" if is_wps else "Word 97-2003 (.doc)"
            return ReadError(
                "encrypted",
                f"文件「{name}」是设有打开密码的 {fmt} 文档，本工具无法读取。请在 Word/WPS 中用密码打开，取消密码后另存为“Word 文档 (*.docx)”再检查。",
                detail="legacy Word with fEncrypted",
            )
        if is_wps:
            return _wps_error(name, ext)
        return _doc_error(name, ext)
    if has("Workbook") or has("Book"):
        try:
            encrypted = _xls_is_encrypted(cfb, root["workbook"] if has("Workbook") else root["book"])
        except (_CFBError, struct.error, IndexError, ValueError):
            encrypted = False
        is_et = ext in (".et", ".ett")
        if encrypted:
            fmt = "WPS 表格 (.et)" if is_et else "Excel 97-2003 (.xls)"
            return ReadError(
                "encrypted",
                f"文件「{name}」是设有打开密码的 {fmt} 工作簿，本工具无法读取。请在 Excel/WPS 表格中用密码打开，取消密码后另存为“Excel 工作簿 (*.xlsx)”再检查。",
                detail="legacy Excel with FILEPASS",
            )
        if is_et:
            return _et_error(name, ext)
        return _xls_error(name, ext)
    if has("PowerPoint Document"):
        return ReadError(
            "unsupported",
            f"文件「{name}」是演示文稿（PowerPoint/WPS 演示），不是 Word 文档或 Excel 表格，本工具无法检查。请选择年度报告的 .docx 或 .xlsx 文件。",
            detail="CFB with PowerPoint Document",
        )
    if has("CONTENTS") and (has("MatOST") or has("SPELLING")) or ext in (".wps", ".wpt"):
        return _wps_error(name, ext)
    return _cfb_by_extension(name, ext, detail=f"CFB with streams {sorted(root)[:10]}")


def _doc_error(name: str, ext: str) -> ReadError:
    subj = _subject(name, ext, ext not in (".doc", ".dot"))
    return ReadError(
        "legacy_doc",
        f"{subj}是 Word 97-2003 (.doc) 格式，本工具只能检查 .docx。" + _WORD_HINT,
    )


def _wps_error(name: str, ext: str) -> ReadError:
    subj = _subject(name, ext, ext not in (".wps", ".wpt"))
    return ReadError(
        "wps",
        f"{subj}是 WPS 文字旧格式 (.wps)，本工具只能检查 .docx。请在 WPS 中打开它，另存为“Word 文档 (*.docx)”后再检查。",
    )


def _xls_error(name: str, ext: str) -> ReadError:
    subj = _subject(name, ext, ext not in (".xls", ".xlt"))
    return ReadError(
        "legacy_xls",
        f"{subj}是 Excel 97-2003 (.xls) 格式，本工具只能检查 .xlsx。" + _EXCEL_HINT,
    )


def _et_error(name: str, ext: str) -> ReadError:
    subj = _subject(name, ext, ext not in (".et", ".ett"))
    return ReadError(
        "et",
        f"{subj}是 WPS 表格格式 (.et)，本工具只能检查 .xlsx。请在 WPS 表格中打开它，另存为“Excel 工作簿 (*.xlsx)”后再检查。",
    )


def _cfb_by_extension(name: str, ext: str, detail: str) -> ReadError:
    if ext in (".wps", ".wpt"):
        err = _wps_error(name, ext)
    elif ext in (".et", ".ett"):
        err = _et_error(name, ext)
    elif ext in (".xls", ".xlt") or ext in EXCEL_EXTS:
        err = _xls_error(name, ext)
    elif ext in (".doc", ".dot") or ext in WORD_EXTS:
        err = _doc_error(name, ext)
    else:
        err = ReadError(
            "unsupported",
            f"文件「{name}」是旧版 Office 二进制格式（OLE 复合文档），本工具无法检查。请用 Word/WPS 或 Excel 打开它，另存为 .docx 或 .xlsx 后再检查。",
        )
    err.detail = detail
    return err


# --------------------------------------------------------------------------------------
# Non-zip, non-OLE sniffing
# --------------------------------------------------------------------------------------

_BINARY_MAGICS: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF87a", "GIF 图片"),
    (b"GIF89a", "GIF 图片"),
    (b"II*\x00", "TIFF 图片"),
    (b"MM\x00*", "TIFF 图片"),
    (b"Rar!\x1a\x07", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"MZ", "程序文件（.exe）"),
    (b"\x7fELF", "程序文件"),
]


def _decode_head(data: bytes) -> str | None:
    """The first 64 KiB as text if the file looks like text, else None."""
    sample = data[: 64 * 1024]
    text: str | None = None
    if sample[:2] in (b"\xff\xfe", b"\xfe\xff"):
        enc = "utf-16"
        text = sample[: len(sample) // 2 * 2].decode(enc, "replace")
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


def _sniff_other(data: bytes, name: str, ext: str) -> ReadError:
    head = data[:1024]
    if b"%PDF-" in head:
        return ReadError(
            "pdf",
            f"{_subject(name, ext, True)}是 PDF 文件，无法按 Word/Excel 检查。"
            f"请提供年度报告的原始 {_target(ext)} 文件（PDF 可在 WPS/Word 中转换后另存为 {_target(ext)}）。",
        )
    stripped = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:5] == b"{\\rtf":
        return ReadError(
            "rtf",
            f"{_subject(name, ext, True)}是 RTF 格式，本工具只能检查 .docx。" + _WORD_HINT,
        )
    if data[:2] in (b"\xdb\xa5", b"\x31\xbe") and len(data) > 128 and b"\x00" in data[:128]:
        return _doc_error(name, ext)  # Word 2.0 / Word 6 binary without an OLE wrapper
    for magic, what in _BINARY_MAGICS:
        if data.startswith(magic):
            return ReadError(
                "not_ooxml",
                f"{_subject(name, ext, True)}是 {what}，不是 Word 文档或 Excel 表格，无法检查。请选择年度报告的 .docx 或 .xlsx 文件。",
                detail=f"magic {magic!r}",
            )
    text = _decode_head(data)
    if text is None:
        return ReadError(
            "not_ooxml",
            f"{_subject(name, ext, True)}不是 Word 文档或 Excel 表格，无法识别其格式。"
            f"请确认选对了文件，或在 {_app(ext)} 中打开后另存为 {_target(ext)} 再检查。",
            detail="unknown binary",
        )
    s = text.lstrip("\ufeff \t\r\n").lower()
    s_head = s[:8192]
    if s.startswith("{\\rtf"):
        return ReadError("rtf", f"{_subject(name, ext, True)}是 RTF 格式，本工具只能检查 .docx。" + _WORD_HINT)
    if "mime-version:" in s_head[:4096] and ("multipart/related" in s_head or "text/html" in s_head):
        return ReadError(
            "html",
            f"{_subject(name, ext, True)}是“单个文件网页”(.mht) 格式，不是真正的{' Excel 工作簿' if _is_excelish(ext) else ' Word 文档'}。" + _hint(ext),
        )
    if s.startswith("<!doctype html") or "<html" in s_head or s.startswith("<head") or s.startswith("<body"):
        excel = "urn:schemas-microsoft-com:office:excel" in s_head or _is_excelish(ext)
        return ReadError(
            "html",
            f"{_subject(name, ext, True)}是网页 (HTML) 格式（常见于系统导出或“另存为网页”的文件），不是真正的"
            f"{' Excel 工作簿' if excel else ' Word 文档'}。" + (_EXCEL_HINT if excel else _WORD_HINT),
        )
    if s.startswith("<?xml") or s.startswith("<"):
        if "word.document" in s_head or "schemas.microsoft.com/office/word/2003/wordml" in s_head or "<pkg:package" in s_head:
            return ReadError(
                "unsupported",
                f"{_subject(name, ext, True)}是 Word XML 格式（“Word 2003 XML 文档”），本工具只能检查 .docx。" + _WORD_HINT,
            )
        if "excel.sheet" in s_head or "urn:schemas-microsoft-com:office:spreadsheet" in s_head:
            return ReadError(
                "unsupported",
                f"{_subject(name, ext, True)}是 Excel XML 格式（“XML 电子表格 2003”），本工具只能检查 .xlsx。" + _EXCEL_HINT,
            )
        return ReadError(
            "not_ooxml",
            f"{_subject(name, ext, True)}是一个 XML 文本文件，不是 Word 文档或 Excel 表格。" + _hint(ext),
        )
    return ReadError(
        "text",
        f"{_subject(name, ext, True)}是纯文本文件，不是 Word 文档或 Excel 表格。"
        + (
            "请把内容导入 Excel/WPS 表格，另存为“Excel 工作簿 (*.xlsx)”后再检查。"
            if _is_excelish(ext)
            else "请把内容粘贴到 Word/WPS 中，另存为“Word 文档 (*.docx)”后再检查。"
        ),
    )


# --------------------------------------------------------------------------------------
# Zip checks (before any member is decompressed)
# --------------------------------------------------------------------------------------

_EOCD = b"PK\x05\x06"
_EOCD64_LOC = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"
_CDH = b"PK\x01\x02"
_LFH = b"PK\x03\x04"


def _damaged(name: str, ext: str, detail: str) -> ReadError:
    return ReadError(
        "damaged_zip",
        f"文件「{name}」已损坏或不完整（可能是复制、下载或保存时中断），无法读取。"
        f"请找到完好的原文件，或在 {_app(ext)} 中打开修复后另存为 {_target(ext)} 再检查。",
        detail=detail,
    )


def _bomb(name: str, detail: str) -> ReadError:
    return ReadError(
        "zip_bomb",
        f"文件「{name}」的内部结构异常（解压后体积或文件数量异常巨大，疑似“压缩炸弹”），为保护电脑已停止读取。"
        "请确认文件来源，或在 Word/WPS 中打开后另存为新文件再检查。",
        detail=detail,
    )


def _size_lie(name: str, detail: str) -> ReadError:
    return ReadError(
        "zip_bomb",
        f"文件「{name}」内部数据解压后比声明的大小更大（可能已损坏，也可能是恶意构造的“压缩炸弹”），为保护电脑已停止读取。"
        "请在 Word/WPS 中打开后另存为新文件再检查，或确认文件来源。",
        detail=detail,
    )


def _precheck_central_directory(data: bytes, name: str, ext: str, limits: Limits) -> None:
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
    (_sig, _disk, _disk_cd, _n_disk, n_total, cd_size, cd_offset, _clen) = struct.unpack_from("<4s4H2LH", data, loc)
    start_shift = 0
    # zip64: like zipfile, only when the zip64 record sits right before its locator
    if loc >= 20 + 56 and data[loc - 20 : loc - 16] == _EOCD64_LOC and data[loc - 76 : loc - 72] == _EOCD64:
        (_s, _sz, _cv, _nv, _d, _dcd, _nd, n_total, cd_size, cd_offset) = struct.unpack_from("<4sQ2H2L4Q", data, loc - 76)
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


def _norm(name: str) -> str:
    return name.replace("\\", "/").lstrip("/").casefold()


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


# --------------------------------------------------------------------------------------
# OPC: content types, relationships, main part
# --------------------------------------------------------------------------------------

_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOC_RELS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
)

_WORD_CT = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroenabled.main+xml",
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml",
}
_EXCEL_CT = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroenabled.main+xml",
    "application/vnd.ms-excel.template.macroenabled.main+xml",
}
_GENERIC_CT = {"", "application/xml", "text/xml", "application/octet-stream"}


def _ct_base(ct: str) -> str:
    return ct.split(";", 1)[0].strip().casefold()


def _classify_ct(ct: str) -> str:
    """'docx' | 'xlsx' | 'pptx' | 'xlsb' | 'generic' | 'other'."""
    base = _ct_base(ct)
    if base in _WORD_CT:
        return "docx"
    if base in _EXCEL_CT:
        return "xlsx"
    if "presentationml" in base or "ms-powerpoint" in base:
        return "pptx"
    if "sheet.binary" in base:
        return "xlsb"
    if base in _GENERIC_CT:
        return "generic"
    return "other"


# --------------------------------------------------------------------------------------
# Package
# --------------------------------------------------------------------------------------

_CHUNK = 1 * MiB


class Package:
    """A validated OOXML package held in memory. Build it with :func:`open_package`."""

    kind: str
    path: Path
    extension_mismatch: bool

    def __init__(self, path: Path, data: bytes, zf: zipfile.ZipFile, limits: Limits):
        self.path = path
        self._data = data
        self._zf = zf
        self._limits = limits
        self._infos: dict[str, zipfile.ZipInfo] = {}
        for info in zf.infolist():
            self._infos.setdefault(_norm(info.filename), info)
        self._names = [i.filename for i in zf.infolist()]
        self._main = ""
        self.kind = ""
        self.extension_mismatch = False

    # -- public API -------------------------------------------------------------------
    @property
    def data(self) -> bytes:
        """The whole file as read from disk (e.g. for ``openpyxl.load_workbook(io.BytesIO(pkg.data))``)."""
        return self._data

    @property
    def limits(self) -> Limits:
        return self._limits

    def names(self) -> list[str]:
        return list(self._names)

    def has(self, name: str) -> bool:
        return _norm(name) in self._infos

    def size(self, name: str) -> int:
        """Declared uncompressed size of a member (already checked against the limits)."""
        return self._info(name).file_size

    def main_part(self) -> str:
        return self._main

    def read(self, name: str) -> bytes:
        info = self._info(name)
        return self._extract(info)

    def xml(self, name: str) -> etree._Element:
        return parse_xml(self.read(name), part=self._info(name).filename, filename=self._file_name)

    def __repr__(self) -> str:
        return f"<Package {self.kind} {self.path.name!r} main={self._main!r}>"

    # -- internals --------------------------------------------------------------------
    @property
    def _file_name(self) -> str:
        return _display_name(self.path)

    @property
    def _ext(self) -> str:
        return self.path.suffix.casefold()

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = self._infos.get(_norm(name))
        if info is None:
            raise ReadError(
                "missing_part",
                f"文件「{self._file_name}」缺少内部部件 {name}，文件可能已损坏或不完整。"
                f"请在 {_app(self._ext)} 中打开后另存为新文件再检查。",
                detail=f"missing member {name!r}",
            )
        return info

    def _extract(self, info: zipfile.ZipInfo) -> bytes:
        name, ext, data, limits = self._file_name, self._ext, self._data, self._limits
        member = info.filename
        if info.flag_bits & 0x1:
            raise ReadError(
                "encrypted",
                f"文件「{name}」内部设有压缩包密码，本工具无法读取。请在 {_app(ext)} 中打开后另存为 {_target(ext)} 再检查。",
                detail=f"{member!r} is zip-encrypted",
            )
        if info.file_size > limits.max_member_bytes:
            raise _bomb(name, f"{member!r} declares {info.file_size} bytes")
        off = info.header_offset
        if off < 0 or off + 30 > len(data) or data[off : off + 4] != _LFH:
            raise _damaged(name, ext, f"bad local header for {member!r}")
        nlen, xlen = struct.unpack_from("<2H", data, off + 26)
        start = off + 30 + nlen + xlen
        end = start + info.compress_size
        if end > len(data):
            raise _damaged(name, ext, f"{member!r} data runs past the end of the file")
        limit = min(limits.max_member_bytes, info.file_size)
        method = info.compress_type
        if method == zipfile.ZIP_STORED:
            if info.compress_size > limit:
                raise _size_lie(name, f"stored {member!r} is larger than declared")
            out = data[start:end]
        elif method == zipfile.ZIP_DEFLATED:
            out = self._inflate(memoryview(data)[start:end], limit, member)
        elif method in (zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):
            out = self._zipfile_read(info, limit)
        else:
            raise ReadError(
                "unsupported",
                f"文件「{name}」使用了本工具不支持的压缩方式，无法读取。请在 {_app(ext)} 中打开后另存为 {_target(ext)} 再检查。",
                detail=f"{member!r} compress_type={method}",
            )
        if len(out) != info.file_size:
            raise _damaged(name, ext, f"{member!r}: {len(out)} bytes, {info.file_size} declared")
        if zlib.crc32(out) != info.CRC:
            raise _damaged(name, ext, f"{member!r}: CRC mismatch")
        return out

    def _inflate(self, comp: memoryview, limit: int, member: str) -> bytes:
        d = zlib.decompressobj(-15)
        out = bytearray()
        pos, n = 0, len(comp)
        try:
            while not d.eof:
                if d.unconsumed_tail:
                    inp = d.unconsumed_tail
                elif pos < n:
                    inp = comp[pos : pos + _CHUNK]
                    pos += _CHUNK
                else:
                    break
                # max_length > 0 always: len(out) <= limit here, so this is >= 1
                out += d.decompress(inp, limit + 1 - len(out))
                if len(out) > limit:
                    raise _size_lie(self._file_name, f"{member!r} inflates past {limit} bytes")
        except zlib.error as exc:
            raise _damaged(self._file_name, self._ext, f"{member!r}: {exc}") from exc
        if not d.eof:
            raise _damaged(self._file_name, self._ext, f"{member!r}: deflate stream truncated")
        return bytes(out)

    def _zipfile_read(self, info: zipfile.ZipInfo, limit: int) -> bytes:
        out = bytearray()
        try:
            with self._zf.open(info) as f:
                while True:
                    chunk = f.read(min(_CHUNK, limit + 1 - len(out)))
                    if not chunk:
                        break
                    out += chunk
                    if len(out) > limit:
                        raise _size_lie(self._file_name, f"{info.filename!r} inflates past {limit} bytes")
        except ReadError:
            raise
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError, NotImplementedError) as exc:
            raise _damaged(self._file_name, self._ext, f"{info.filename!r}: {exc!r}") from exc
        except Exception as exc:  # lzma.LZMAError and friends
            raise _damaged(self._file_name, self._ext, f"{info.filename!r}: {exc!r}") from exc
        return bytes(out)

    # -- OPC --------------------------------------------------------------------------
    def _resolve_main(self) -> None:
        name, ext = self._file_name, self._ext
        if not self.has("[Content_Types].xml"):
            raise self._not_ooxml_error()
        ct_root = self.xml("[Content_Types].xml")
        defaults: dict[str, str] = {}
        overrides: dict[str, str] = {}
        for el in ct_root.iter(f"{{{_CT_NS}}}Default", "Default"):
            e = (el.get("Extension") or "").casefold().lstrip(".")
            if e:
                defaults.setdefault(e, el.get("ContentType") or "")
        for el in ct_root.iter(f"{{{_CT_NS}}}Override", "Override"):
            p = _norm(el.get("PartName") or "")
            if p:
                overrides.setdefault(p, el.get("ContentType") or "")

        def content_type(part: str) -> str:
            key = _norm(part)
            if key in overrides:
                return overrides[key]
            return defaults.get(posixpath.splitext(key)[1].lstrip("."), "")

        candidates: list[str] = []
        if self.has("_rels/.rels"):
            rels = self.xml("_rels/.rels")
            for rel in rels.iter(f"{{{_REL_NS}}}Relationship", "Relationship"):
                if (rel.get("Type") or "").strip() in _OFFICE_DOC_RELS and (
                    rel.get("TargetMode") or "Internal"
                ).casefold() != "external":
                    target = _resolve_target(rel.get("Target") or "")
                    if target:
                        candidates.append(target)
        if not candidates:  # no usable relationship: fall back on the content types, then on names
            for part, ct in overrides.items():
                if _classify_ct(ct) in ("docx", "xlsx", "pptx", "xlsb"):
                    candidates.append(part)
            for guess in ("word/document.xml", "xl/workbook.xml"):
                if self.has(guess) and guess not in candidates:
                    candidates.append(guess)
        if not candidates:
            raise ReadError(
                "missing_part",
                f"文件「{name}」里找不到正文部分，文件可能已损坏或不完整。请在 {_app(ext)} 中打开后另存为 {_target(ext)} 再检查。",
                detail="no officeDocument relationship and no main part",
            )
        present = [c for c in candidates if self.has(c)]
        if not present:
            raise ReadError(
                "missing_part",
                f"文件「{name}」缺少正文部分（{candidates[0]}），文件可能已损坏或不完整。请在 {_app(ext)} 中打开后另存为 {_target(ext)} 再检查。",
                detail=f"main part {candidates[0]!r} not in the zip",
            )
        main = present[0]
        ct = content_type(main)
        cls = _classify_ct(ct)
        if cls == "generic":
            top = _norm(main).split("/", 1)[0]
            cls = {"word": "docx", "xl": "xlsx", "ppt": "pptx"}.get(top, "other")
        if cls == "pptx":
            raise ReadError(
                "unsupported",
                f"{_subject(name, ext, True)}是演示文稿（PowerPoint/WPS 演示），不是 Word 文档或 Excel 表格，本工具无法检查。请选择年度报告的 .docx 或 .xlsx 文件。",
                detail=f"main part content type {ct!r}",
            )
        if cls == "xlsb":
            raise ReadError(
                "unsupported",
                f"{_subject(name, ext, True)}是 Excel 二进制工作簿 (.xlsb)，本工具只能检查 .xlsx。" + _EXCEL_HINT,
                detail=f"main part content type {ct!r}",
            )
        if cls not in ("docx", "xlsx"):
            raise ReadError(
                "wrong_type",
                f"文件「{name}」内部声明的类型不是 Word 文档或 Excel 工作簿，可能已损坏或由其他软件生成。"
                f"请在 {_app(ext)} 中打开后另存为 {_target(ext)} 再检查。",
                detail=f"main part {main!r} has content type {ct!r}",
            )
        self.kind = cls
        self._main = self._infos[_norm(main)].filename
        family = WORD_EXTS if cls == "docx" else EXCEL_EXTS
        self.extension_mismatch = ext not in family

    def _not_ooxml_error(self) -> ReadError:
        name, ext = self._file_name, self._ext
        if self.has("mimetype"):
            try:
                mime = self.read("mimetype")[:200].decode("ascii", "replace").strip()
            except ReadError:
                mime = ""
            if mime.startswith("application/vnd.oasis.opendocument"):
                excel = "spreadsheet" in mime
                what = "OpenDocument 表格 (.ods)" if excel else "OpenDocument 文档 (.odt 等)"
                return ReadError(
                    "not_ooxml",
                    f"{_subject(name, ext, True)}是 {what} 格式，本工具只能检查 {'.xlsx' if excel else '.docx'}。"
                    + (_EXCEL_HINT if excel else _WORD_HINT),
                    detail=f"ODF {mime!r}",
                )
            if mime.startswith("application/epub"):
                return ReadError(
                    "not_ooxml",
                    f"{_subject(name, ext, True)}是电子书 (EPUB)，不是 Word 文档或 Excel 表格，无法检查。",
                )
        if self.has("OFD.xml"):
            return ReadError(
                "not_ooxml",
                f"{_subject(name, ext, True)}是 OFD 版式文件，不是 Word 文档，无法检查。请提供年度报告的原始 .docx 文件。",
            )
        looks_office = any(n.startswith(("word/", "xl/", "_rels/")) for n in self._infos)
        if looks_office:
            return ReadError(
                "missing_part",
                f"文件「{name}」缺少 [Content_Types].xml，文件已损坏或不完整。请在 {_app(ext)} 中打开修复后另存为 {_target(ext)} 再检查。",
                detail="no [Content_Types].xml",
            )
        return ReadError(
            "not_ooxml",
            f"{_subject(name, ext, True)}是一个普通压缩包（.zip），不是 Word 文档或 Excel 表格。"
            "如果年度报告在压缩包里，请先解压，再选择其中的 .docx 或 .xlsx 文件。",
            detail="zip without [Content_Types].xml",
        )


def _resolve_target(target: str) -> str:
    target = target.strip().replace("\\", "/")
    if not target or "://" in target:
        return ""
    target = target.split("#", 1)[0]
    norm = posixpath.normpath("/" + target.lstrip("/"))
    if norm.startswith("//"):
        norm = norm[1:]
    norm = norm.lstrip("/")
    if not norm or norm == "." or norm.startswith(".."):
        return ""
    return norm


# --------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------


def open_package(path, limits: Limits = DEFAULT_LIMITS) -> Package:
    """Read, sniff and validate a .docx/.xlsx file; return a :class:`Package` or raise :class:`ReadError`.

    Never raises anything else for a bad *file* (unforeseen exceptions become
    ``ReadError(..., unexpected=True)`` chained to the original).
    """
    if path is None or (isinstance(path, (str, bytes)) and not path):
        raise _not_found("")
    try:
        p = Path(os.fsdecode(path)) if isinstance(path, bytes) else Path(path)
    except (TypeError, ValueError) as exc:
        raise _not_found(str(path)) from exc
    name = _display_name(p)
    ext = p.suffix.casefold()
    stage = "read"
    try:
        data = _read_file(p, name, limits)
        stage = "sniff"
        if not data:
            raise ReadError(
                "empty",
                f"文件「{name}」是空文件（0 字节），可能没有保存完整。请在 {_app(ext)} 中重新保存后再检查。",
            )
        if data[:8] == OLE_MAGIC:
            raise _classify_cfb(data, name, ext)
        if data[:4] not in (_LFH, _EOCD, b"PK\x07\x08", b"PK00"):
            raise _sniff_other(data, name, ext)
        stage = "zip"
        _precheck_central_directory(data, name, ext, limits)
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, struct.error, NotImplementedError, UnicodeDecodeError) as exc:
            raise _damaged(name, ext, f"zipfile: {exc!r}") from exc
        infos = zf.infolist()
        _check_members(infos, len(data), name, ext, limits)
        if not infos:
            raise ReadError(
                "not_ooxml",
                f"{_subject(name, ext, True)}是一个空的压缩包，里面没有任何内容，无法检查。请选择年度报告的 .docx 或 .xlsx 文件。",
            )
        if any(i.flag_bits & 0x1 for i in infos):
            raise ReadError(
                "encrypted",
                f"文件「{name}」是设有密码的压缩包，本工具无法读取。请选择未加密的 .docx 或 .xlsx 文件。",
                detail="zip-level encryption",
            )
        stage = "opc"
        pkg = Package(p, data, zf, limits)
        pkg._resolve_main()
        return pkg
    except ReadError:
        raise
    except MemoryError as exc:
        raise ReadError(
            "too_large",
            f"文件「{name}」太大，电脑内存不足以读取它。请关闭其他程序后重试，或确认没有选错文件。",
            detail=f"MemoryError at {stage}",
        ) from exc
    except RecursionError as exc:
        raise ReadError("bad_xml", f"文件「{name}」的内部结构嵌套过深，无法读取。", detail=f"RecursionError at {stage}") from exc
    except Exception as exc:  # last line of defence: never a traceback for a bad file
        reason = "damaged_zip" if stage in ("zip", "opc") else "unsupported"
        raise ReadError(
            reason,
            f"文件「{name}」无法读取，可能已损坏或格式不受支持。请在 {_app(ext)} 中打开后另存为 {_target(ext)} 再检查。",
            detail=f"unexpected {type(exc).__name__} at {stage}: {exc}",
            unexpected=True,
        ) from exc


def producer(pkg: "Package") -> str:
    """The application that saved the package (docProps/app.xml: Microsoft Office Word, WPS Office …)."""
    if not pkg.has("docProps/app.xml"):
        return ""
    try:
        for el in pkg.xml("docProps/app.xml").iter():
            if isinstance(el.tag, str) and el.tag.endswith("}Application"):
                return (el.text or "").strip()
    except ReadError:
        pass
    return ""
