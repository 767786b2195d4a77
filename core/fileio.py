"""Writing files safely. The clerk's own file is never written; every output goes to a temporary
file in the target folder and replaces the target in one step (os.replace), so a crash or a full
disk never leaves half a file behind."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path


class WriteRefused(ValueError):
    """An export that must not happen (onto the input file, …). ``str(e)`` is Chinese."""


def same_file(a: Path, b: Path) -> bool:
    a, b = Path(a), Path(b)
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def refuse_onto(source: Path, target: Path) -> None:
    if same_file(source, target):
        raise WriteRefused(f"不能覆盖原文件「{Path(source).name}」。请另选一个文件名，原文件始终保持不变。")


@contextmanager
def atomic_path(target: Path):
    """Yield a temporary path next to ``target``; on success it replaces ``target`` atomically."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix + ".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        try:
            os.replace(tmp_path, target)
        except PermissionError as e:
            raise WriteRefused(
                f"无法写入「{target.name}」：文件可能正在 Word/WPS/Excel 中打开，请关闭后重试。"
            ) from e
    finally:
        if tmp_path.exists():
            try:
                tmp_path.unlink()
            except OSError:
                pass


def atomic_write(target: Path, data: bytes) -> Path:
    with atomic_path(target) as tmp:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    return Path(target)
