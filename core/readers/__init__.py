"""File → ``Document``. Every guard against bad or hostile input stands at this door
(``guards``), so nothing behind it meets raw bytes."""

from __future__ import annotations

from pathlib import Path

from ..model import Document
from .guards import ReadError, open_package

__all__ = ["ReadError", "read_document", "read_package"]


def read_document(path) -> Document:
    """Read a .docx/.xlsx (or a sibling type) into a ``Document``; raise ``ReadError`` with a
    Chinese message for anything that cannot be read."""
    return read_package(open_package(Path(path)))


def read_package(pkg) -> Document:
    """A package already opened by the guards → ``Document`` (the exporter re-reads the exact
    bytes it copies through here)."""
    path = pkg.path
    if pkg.kind == "docx":
        from .docx import read_docx

        doc = read_docx(pkg)
    elif pkg.kind == "xlsx":
        from .xlsx import read_xlsx

        doc = read_xlsx(pkg)
    else:  # pragma: no cover - open_package only returns the two kinds
        raise ReadError("unsupported", f"「{path.name}」不是 Word 或 Excel 文件。")
    if getattr(pkg, "extension_mismatch", False):
        doc.notes.append(f"文件扩展名「{path.suffix}」与实际内容（{pkg.kind}）不符，已按实际内容读取。")
    return doc
