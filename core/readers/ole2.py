"""OLE2 / Compound File Binary: what a legacy Office file is, and whether it has a password.

The compound file is read by ``olefile`` (BSD licence), imported only when an OLE2 file is met.
:func:`classify` names the file (``doc``/``wps``/``xls``/``et``/``ppt``/``encrypted_ooxml``/
``other``) and says whether it is encrypted; :func:`ole2_refusal` turns that into the Chinese
message of :mod:`.errors`. A legacy-conversion reader can use :func:`classify` to decide what to
convert.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass

from .errors import ReadError
from .sniff import EXCEL_SUFFIXES, EXCELISH_SUFFIXES, OLE_MAGIC, WORD_SUFFIXES

__all__ = ["Ole2Kind", "classify", "ole2_refusal", "OLE_MAGIC"]


@dataclass(frozen=True)
class Ole2Kind:
    kind: str  # "doc" | "wps" | "xls" | "et" | "ppt" | "encrypted_ooxml" | "other"
    encrypted: bool = False
    readable: bool = True  # False: the directory could not be read, ``kind`` guessed from the suffix
    detail: str = ""


def _doc_is_encrypted(head: bytes) -> bool:
    """Word 97-2003 FIB: wIdent 0xA5EC, flags at 0x0A: fEncrypted (0x0100)."""
    if len(head) < 12:
        return False
    ident, flags = struct.unpack_from("<H", head, 0)[0], struct.unpack_from("<H", head, 0x0A)[0]
    return ident in (0xA5EC, 0xA5DC) and bool(flags & 0x0100)


def _xls_is_encrypted(head: bytes) -> bool:
    """BIFF8: a FILEPASS record (0x002F) among the first records of the Workbook stream."""
    pos = 0
    for _ in range(16):
        if pos + 4 > len(head):
            break
        rtype, rlen = struct.unpack_from("<HH", head, pos)
        if rtype == 0x002F:
            return True
        pos += 4 + rlen
    return False


def _head(ole, name: str, n: int) -> bytes:
    try:
        with ole.openstream(name) as s:
            return s.read(n)
    except Exception:  # a broken stream: no encryption flag can be read
        return b""


def _by_suffix(ext: str, detail: str) -> Ole2Kind:
    if ext in (".wps", ".wpt"):
        kind = "wps"
    elif ext in (".et", ".ett"):
        kind = "et"
    elif ext in (".xls", ".xlt") or ext in EXCEL_SUFFIXES:
        kind = "xls"
    elif ext in (".doc", ".dot") or ext in WORD_SUFFIXES:
        kind = "doc"
    else:
        kind = "other"
    return Ole2Kind(kind, readable=False, detail=detail)


def header_problem(data: bytes) -> str:
    """Why the CFB header cannot be trusted ("" when it can).

    olefile walks the DIFAT as many times as the header's FAT count says; a count beyond the
    sectors the file holds, with a DIFAT sector pointing at itself, would keep it busy for
    minutes. Counts are bounded by the file's own size before olefile sees it."""
    if len(data) < 512 or data[:8] != OLE_MAGIC:
        return "no CFB header"
    (shift,) = struct.unpack_from("<H", data, 0x1E)
    if shift not in (9, 12):
        return f"sector shift {shift}"
    size = 1 << shift
    nsect = (len(data) + size - 1) // size - 1
    num_fat, first_dir = struct.unpack_from("<2I", data, 0x2C)
    first_difat, num_difat = struct.unpack_from("<2I", data, 0x44)
    if num_fat > nsect or num_difat > nsect:
        return f"{num_fat} FAT / {num_difat} DIFAT sectors declared, the file holds {nsect}"
    return ""


#: Directory entries olefile may load before the file is judged by its suffix alone (a report has a
#: few dozen; olefile loads each reachable entry as an object, ~0.1 ms apiece).
MAX_DIR_ENTRIES = 10_000


class _TooManyEntries(Exception):
    pass


def _bounded_olefile():
    import olefile  # lazy: costs nothing unless an OLE2 file is met

    class Bounded(olefile.OleFileIO):
        _loaded = 0

        def _load_direntry(self, sid):  # olefile loads every entry reachable from the root through this
            self._loaded += 1
            if self._loaded > MAX_DIR_ENTRIES:
                raise _TooManyEntries(f"more than {MAX_DIR_ENTRIES} directory entries")
            return super()._load_direntry(sid)

    return Bounded


def classify(data: bytes, ext: str = "") -> Ole2Kind:
    """What the compound file ``data`` holds. Never raises for a bad file."""
    ext = (ext or "").casefold()
    problem = header_problem(data)
    if problem:
        return _by_suffix(ext, f"CFB header untrusted: {problem}")
    try:
        # a BytesIO, never the bytes: olefile takes short bytes for a file name
        ole = _bounded_olefile()(io.BytesIO(data))
    except Exception as exc:  # olefile raises OSError and assorted parse errors on damaged files
        return _by_suffix(ext, f"CFB directory unreadable: {exc!r}")
    try:
        try:
            root = {e.name.casefold() for e in (ole.root.kids if ole.root is not None else [])}
            all_names = {e.name.casefold() for e in ole.direntries if e is not None}
        except Exception as exc:
            return _by_suffix(ext, f"CFB directory unreadable: {exc!r}")
        if "encryptioninfo" in root or "encryptedpackage" in root:
            return Ole2Kind("encrypted_ooxml", encrypted=True, detail="CFB with EncryptionInfo/EncryptedPackage")
        if "worddocument" in root:
            encrypted = _doc_is_encrypted(_head(ole, "WordDocument", 32))
            is_wps = ext in (".wps", ".wpt") or any(n.startswith(("wps", "kingsoft")) for n in all_names)
            return Ole2Kind("wps" if is_wps else "doc", encrypted=encrypted, detail="WordDocument stream")
        if "workbook" in root or "book" in root:
            encrypted = _xls_is_encrypted(_head(ole, "Workbook" if "workbook" in root else "Book", 4096))
            return Ole2Kind("et" if ext in (".et", ".ett") else "xls", encrypted=encrypted, detail="Workbook stream")
        if "powerpoint document" in root:
            return Ole2Kind("ppt", detail="CFB with PowerPoint Document")
        if "contents" in root and ("matost" in root or "spelling" in root) or ext in (".wps", ".wpt"):
            return Ole2Kind("wps", detail="Works/WPS streams")
        guess = _by_suffix(ext, f"CFB with streams {sorted(root)[:10]}")
        return Ole2Kind(guess.kind, detail=guess.detail)
    finally:
        try:
            ole.close()
        except Exception:  # pragma: no cover
            pass


def ole2_refusal(data: bytes, name: str, ext: str) -> ReadError:
    """Every OLE2 compound file becomes a ReadError that says what it is."""
    ext = (ext or "").casefold()
    k = classify(data, ext)
    if k.kind == "encrypted_ooxml":
        if ext in EXCEL_SUFFIXES or (ext not in WORD_SUFFIXES and ext in EXCELISH_SUFFIXES):
            code = "encrypted_ooxml_excel"
        elif ext in WORD_SUFFIXES or ext in (".doc", ".wps"):
            code = "encrypted_ooxml_word"
        else:
            code = "encrypted_ooxml"
    elif k.encrypted:
        code = f"encrypted_{k.kind}"
    elif k.kind == "other":
        code = "ole2_other"
    else:
        code = {"doc": "legacy_doc", "wps": "wps", "xls": "legacy_xls", "et": "et", "ppt": "ppt"}[k.kind]
    return ReadError.make(code, name=name, ext=ext, detail=k.detail)
