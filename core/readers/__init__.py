"""File → ``Document``. Every guard against bad or hostile input stands at this door, so
nothing behind it meets raw bytes.

The package, in the order a file meets it:

- :mod:`.fileread` reads the user's file once (bounded, not locked, FIFOs/devices refused);
- :mod:`.sniff` says what kind of file the bytes are (and holds the one list of suffixes);
- :mod:`.ole2` names legacy Office binaries and their passwords (``olefile``, imported lazily);
- :mod:`.ziplimits` bounds zip containers before and while they are decompressed;
- :mod:`.xmlsafe` parses every XML part without entities, DTDs or network;
- :mod:`.ooxml` namespaces, content types and relationships; :mod:`.package` the OOXML package;
- :mod:`.errors` every Chinese message of a read failure (:class:`ReadError`, the catalogue);
- :mod:`.limits` the public limits (:class:`Limits`);
- :mod:`.convert` old .doc/.wps/.rtf/.xls/.et converted by the office suite on the PC.

The readers: :mod:`.docx`, :mod:`.xlsx`, and — when installed — ``.pdf`` (``read_pdf(path,
data)``) and ``.html`` (``read_html(path, data)`` / ``read_mht(path, data)``), called by
:func:`read_document` with the bytes already read and sniffed.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from ..model import Document
from .errors import ReadError
from .fileread import as_path, display_name, read_file
from .limits import DEFAULT_LIMITS, Limits
from .package import Package, guarded, open_package, package_from_bytes
from .sniff import sniff as sniff_bytes

__all__ = ["ReadError", "Limits", "DEFAULT_LIMITS", "Package", "open_package", "read_document", "read_package", "reader_for"]


def reader_for(module: str, function: str):
    """``core.readers.<module>.<function>`` if that module is installed, else ``None``.

    Only the absence of exactly that module counts as "not installed"; an import error inside it
    is a bug and propagates."""
    full = f"{__name__}.{module}"
    try:
        mod = importlib.import_module(full)
    except ModuleNotFoundError as exc:
        if exc.name == full:
            return None
        raise
    return getattr(mod, function, None)


def _size_guard(code: str, path: Path, size: int, limit: int) -> None:
    if size > limit:
        from .errors import mb

        raise ReadError.make(code, name=display_name(path), size=mb(size), limit=mb(limit), detail=f"{size} bytes > {limit}")


def read_document(path, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a .docx/.xlsx (or, when their readers are installed, a PDF or web page) into a
    ``Document``; raise ``ReadError`` with a Chinese message for anything that cannot be read.

    The file is read once; its bytes are sniffed and handed to the reader for their kind. Kinds
    without a reader get the message that says what the file is and what to do."""
    p = as_path(path)
    state = {"stage": "read"}

    def open_it():
        data = read_file(p, limits)
        state["stage"] = "sniff"
        kind = sniff_bytes(data).kind
        if kind == "pdf":
            read_pdf = reader_for("pdf", "read_pdf")
            if read_pdf is not None:
                _size_guard("too_large_pdf", p, len(data), limits.max_pdf_bytes)
                return read_pdf, data
        elif kind in ("html", "mht"):
            read_web = reader_for("html", "read_html" if kind == "html" else "read_mht")
            if read_web is not None:
                _size_guard("too_large_html", p, len(data), limits.max_html_bytes)
                return read_web, data
        try:
            return None, package_from_bytes(p, data, limits, state)
        except ReadError as err:
            from .convert import CONVERTIBLE

            if err.reason in CONVERTIBLE:  # an old .doc/.wps/.rtf/.xls/.et: the office suite converts it
                return "convert", (data, err)
            raise

    reader, opened = guarded(p, state, open_it)
    if reader == "convert":
        return _read_converted(p, *opened, limits)
    if reader is not None:
        return reader(p, opened)
    return read_package(opened)


def _read_converted(path: Path, data: bytes, refusal: ReadError, limits: Limits) -> Document:
    """An old Office file converted by the suite on this PC (see :mod:`.convert`), then read as
    the .docx/.xlsx it became. The document keeps the original's path; every position says that
    it refers to the converted copy, and by which program it was made."""
    from dataclasses import replace

    from .convert import CONVERTIBLE, ConversionFailed, NotAvailable, convert, kind_name, looked_for

    target = CONVERTIBLE[refusal.reason]
    kind = kind_name(refusal.reason)
    name = display_name(path)
    def failed(code: str, **fields) -> ReadError:
        err = ReadError.make(code, name=name, ext=path.suffix, **fields)
        err.reason = refusal.reason  # still an old .doc/.xls to batch and the window; the code says what happened
        return err

    try:
        conv = convert(data, refusal.reason)
    except NotAvailable:
        raise failed("no_converter", kind=kind, looked_for="、".join(looked_for(target)), detail=refusal.detail) from None
    except ConversionFailed as e:
        raise failed("convert_timeout" if e.timed_out else "convert_failed", kind=kind, why=e.message) from None
    doc = read_package(open_package(conv.path, limits))
    if not doc.grids and not any(b.text.strip() for b in doc.paragraphs):
        # the suite "opened" it but nothing came out: a damaged file, not an empty report
        raise failed("convert_failed", kind=kind, why=f"{conv.program} 转换出的文件里没有任何文字或表格（原文件可能已损坏）。")
    via = conv.program
    for block in doc.blocks:
        if getattr(block, "pos", None) is not None:
            block.pos = replace(block.pos, via=via)
        for row in getattr(block, "rows", ()):
            for cell in row:
                if cell.pos is not None:
                    cell.pos = replace(cell.pos, via=via)
    doc.path = path
    doc.converted = conv
    doc.notes.append(("I-read-converted", {"kind": kind, "via": via, "into": target}))  # worded by the catalogue
    return doc


def read_package(pkg: Package) -> Document:
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
        raise ReadError.make("wrong_type", name=display_name(path), ext=path.suffix, detail=f"package kind {pkg.kind!r}")
    if getattr(pkg, "extension_mismatch", False):
        doc.notes.append(("I-read-suffix", {"suffix": path.suffix, "kind": pkg.kind}))
    return doc
