"""An OOXML package (.docx/.xlsx and their siblings) held in memory: :class:`Package` and
:func:`open_package` (read the file once → sniff → zip limits → find the main part)."""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from lxml import etree

from .errors import ReadError
from .fileread import as_path, display_name, read_file
from .limits import DEFAULT_LIMITS, Limits
from .ooxml import CT_NS, OFFICE_DOCUMENT_RELS, classify_content_type, norm_part, parse_relationships, rels_part_for
from .sniff import EXCEL_SUFFIXES, WORD_SUFFIXES, refusal, sniff
from .xmlsafe import parse_xml
from .ziplimits import open_zip, read_member

__all__ = ["Package", "open_package", "package_from_bytes", "producer", "guarded"]


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
            self._infos.setdefault(norm_part(info.filename), info)
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
        return norm_part(name) in self._infos

    def size(self, name: str) -> int:
        """Declared uncompressed size of a member (already checked against the limits)."""
        return self._info(name).file_size

    def main_part(self) -> str:
        return self._main

    def read(self, name: str) -> bytes:
        return read_member(self._zf, self._info(name), self._limits, self._file_name, self._ext)

    def xml(self, name: str) -> etree._Element:
        return parse_xml(self.read(name), part=self._info(name).filename, filename=self._file_name)

    def relationships(self, part: str = ""):
        """The relationships of ``part`` (``""``: the package's own), [] when it has none."""
        rels = rels_part_for(part)
        return parse_relationships(self.xml(rels), part) if self.has(rels) else []

    def error(self, code: str, **fields) -> ReadError:
        """A catalogue error about this package (its file name and extension filled in)."""
        return ReadError.make(code, name=self._file_name, ext=self._ext, **fields)

    def __repr__(self) -> str:
        return f"<Package {self.kind} {self.path.name!r} main={self._main!r}>"

    # -- internals --------------------------------------------------------------------
    @property
    def _file_name(self) -> str:
        return display_name(self.path)

    @property
    def _ext(self) -> str:
        return self.path.suffix.casefold()

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = self._infos.get(norm_part(name))
        if info is None:
            raise self.error("missing_member", part=name, detail=f"missing member {name!r}")
        return info

    # -- OPC --------------------------------------------------------------------------
    def _resolve_main(self) -> None:
        if not self.has("[Content_Types].xml"):
            raise self._not_ooxml_error()
        ct_root = self.xml("[Content_Types].xml")
        defaults: dict[str, str] = {}
        overrides: dict[str, str] = {}
        for el in ct_root.iter(f"{{{CT_NS}}}Default", "Default"):
            e = (el.get("Extension") or "").casefold().lstrip(".")
            if e:
                defaults.setdefault(e, el.get("ContentType") or "")
        for el in ct_root.iter(f"{{{CT_NS}}}Override", "Override"):
            p = norm_part(el.get("PartName") or "")
            if p:
                overrides.setdefault(p, el.get("ContentType") or "")

        def content_type(part: str) -> str:
            key = norm_part(part)
            if key in overrides:
                return overrides[key]
            return defaults.get(posixpath.splitext(key)[1].lstrip("."), "")

        candidates = [
            r.target
            for r in self.relationships("")
            if r.type in OFFICE_DOCUMENT_RELS and not r.external and r.target
        ]
        if not candidates:  # no usable relationship: fall back on the content types, then on names
            for part, ct in overrides.items():
                if classify_content_type(ct) in ("docx", "xlsx", "pptx", "xlsb"):
                    candidates.append(part)
            for guess in ("word/document.xml", "xl/workbook.xml"):
                if self.has(guess) and guess not in candidates:
                    candidates.append(guess)
        if not candidates:
            raise self.error("no_main_part", detail="no officeDocument relationship and no main part")
        present = [c for c in candidates if self.has(c)]
        if not present:
            raise self.error("main_part_absent", part=candidates[0], detail=f"main part {candidates[0]!r} not in the zip")
        main = present[0]
        ct = content_type(main)
        cls = classify_content_type(ct)
        if cls == "generic":
            top = norm_part(main).split("/", 1)[0]
            cls = {"word": "docx", "xl": "xlsx", "ppt": "pptx"}.get(top, "other")
        if cls == "pptx":
            raise self.error("pptx", detail=f"main part content type {ct!r}")
        if cls == "xlsb":
            raise self.error("xlsb", detail=f"main part content type {ct!r}")
        if cls not in ("docx", "xlsx"):
            raise self.error("wrong_type", detail=f"main part {main!r} has content type {ct!r}")
        self.kind = cls
        self._main = self._infos[norm_part(main)].filename
        family = WORD_SUFFIXES if cls == "docx" else EXCEL_SUFFIXES
        self.extension_mismatch = self._ext not in family

    def _not_ooxml_error(self) -> ReadError:
        if self.has("mimetype"):
            try:
                mime = self.read("mimetype")[:200].decode("ascii", "replace").strip()
            except ReadError:
                mime = ""
            if mime.startswith("application/vnd.oasis.opendocument"):
                return self.error("odf_sheet" if "spreadsheet" in mime else "odf_text", detail=f"ODF {mime!r}")
            if mime.startswith("application/epub"):
                return self.error("epub", detail=mime)
        if self.has("OFD.xml"):
            return self.error("ofd")
        if any(n.startswith(("word/", "xl/", "_rels/")) for n in self._infos):
            return self.error("no_content_types", detail="no [Content_Types].xml")
        return self.error("plain_zip", detail="zip without [Content_Types].xml")


def package_from_bytes(path: Path, data: bytes, limits: Limits = DEFAULT_LIMITS, state: dict | None = None) -> Package:
    """Bytes already read from ``path`` → a :class:`Package`, or the ReadError that says what the
    file is instead (a legacy binary, a PDF, a web page …). ``state["stage"]`` follows the work."""
    state = state if state is not None else {}
    name, ext = display_name(path), path.suffix.casefold()
    state["stage"] = "sniff"
    found = sniff(data)
    if found.kind != "zip":
        raise refusal(found, name, ext, data)
    state["stage"] = "zip"
    zf = open_zip(data, name, ext, limits)
    state["stage"] = "opc"
    pkg = Package(path, data, zf, limits)
    pkg._resolve_main()
    return pkg


def guarded(path: Path, stage_names: dict, work):
    """Run ``work()``; turn every unforeseen exception into a clerk's ReadError (never a traceback).

    ``stage_names`` is a one-key dict holding the current stage ("read", "sniff", "zip", "opc",
    or a reader's name), updated by ``work`` as it goes.
    """
    name, ext = display_name(path), path.suffix.casefold()
    try:
        return work()
    except ReadError:
        raise
    except MemoryError as exc:
        raise ReadError.make("out_of_memory", name=name, detail=f"MemoryError at {stage_names['stage']}") from exc
    except RecursionError as exc:
        raise ReadError.make("too_deep", name=name, detail=f"RecursionError at {stage_names['stage']}") from exc
    except Exception as exc:  # last line of defence: never a traceback for a bad file
        stage = stage_names["stage"]
        raise ReadError.make(
            "unreadable_zip" if stage in ("zip", "opc") else "unreadable",
            name=name,
            ext=ext,
            detail=f"unexpected {type(exc).__name__} at {stage}: {exc}",
            unexpected=True,
        ) from exc


def open_package(path, limits: Limits = DEFAULT_LIMITS) -> Package:
    """Read, sniff and validate a .docx/.xlsx file; return a :class:`Package` or raise :class:`ReadError`.

    Never raises anything else for a bad *file* (unforeseen exceptions become
    ``ReadError(..., unexpected=True)`` chained to the original).
    """
    p = as_path(path)
    state = {"stage": "read"}

    def work() -> Package:
        data = read_file(p, limits)
        return package_from_bytes(p, data, limits, state)

    return guarded(p, state, work)


def producer(pkg: Package) -> str:
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
