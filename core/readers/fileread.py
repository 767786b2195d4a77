"""Reading the user's file: once, bounded, never locked, nothing left open.

:func:`read_file` opens with the least hostile sharing mode (on Windows FILE_SHARE_READ|WRITE|
DELETE, so Word/WPS can keep saving), reads at most ``max_file_bytes``, closes, and returns the
bytes. Directories, FIFOs and devices are refused before they are opened for reading.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import ReadError, mb
from .limits import DEFAULT_LIMITS, Limits, MiB

__all__ = ["read_file", "as_path", "display_name"]

_WIN_SHARING_ERRORS = (32, 33)  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION


def display_name(path: Path) -> str:
    name = path.name or str(path)
    return name if name else "（未命名）"


def as_path(path) -> Path:
    """``str``/``bytes``/``PathLike`` → ``Path``; an empty or unusable path is ``not_found``."""
    if path is None or (isinstance(path, (str, bytes)) and not path):
        raise ReadError.make("not_found", name="")
    try:
        return Path(os.fsdecode(path)) if isinstance(path, bytes) else Path(path)
    except (TypeError, ValueError) as exc:
        raise ReadError.make("not_found", name=str(path)) from exc


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


def _os_error(exc: OSError, name: str) -> ReadError:
    if isinstance(exc, (FileNotFoundError, NotADirectoryError)):
        return ReadError.make("not_found", name=name, detail=repr(exc))
    if isinstance(exc, IsADirectoryError):
        return ReadError.make("is_directory", name=name)
    if getattr(exc, "winerror", None) in _WIN_SHARING_ERRORS:
        return ReadError.make("locked", name=name, detail=f"sharing violation: {exc!r}")
    if isinstance(exc, PermissionError):
        return ReadError.make("permission", name=name, detail=repr(exc))
    return ReadError.make("io_error", name=name, error=exc.strerror or exc.__class__.__name__, detail=repr(exc))


def _too_large(name: str, size: int, limits: Limits) -> ReadError:
    return ReadError.make(
        "too_large", name=name, size=mb(size), limit=mb(limits.max_file_bytes), detail=f"{size} bytes > {limits.max_file_bytes}"
    )


def read_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Read at most ``max_file_bytes`` bytes; the file is closed before this returns."""
    name = display_name(path)
    try:
        st = os.stat(path)
    except ValueError as exc:  # e.g. embedded NUL in the path
        raise ReadError.make("not_found", name=name, detail=repr(exc)) from exc
    except OSError as exc:
        raise _os_error(exc, name) from exc
    if stat.S_ISDIR(st.st_mode):
        raise ReadError.make("is_directory", name=name)
    if not stat.S_ISREG(st.st_mode):
        raise ReadError.make("not_regular", name=name, detail=f"st_mode={st.st_mode:o}")
    if st.st_size > limits.max_file_bytes:
        raise _too_large(name, st.st_size, limits)
    try:
        fd = _open_fd(path)
    except OSError as exc:
        raise _os_error(exc, name) from exc
    try:
        f = open(fd, "rb", buffering=0, closefd=True)
    except Exception:
        os.close(fd)
        raise
    try:
        with f:
            fst = os.fstat(f.fileno())
            if stat.S_ISDIR(fst.st_mode):
                raise ReadError.make("is_directory", name=name)
            if not stat.S_ISREG(fst.st_mode):
                raise ReadError.make("not_regular", name=name, detail=f"st_mode={fst.st_mode:o}")
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
        raise _os_error(exc, name) from exc
    if len(data) > limits.max_file_bytes:
        raise _too_large(name, len(data), limits)
    return data
