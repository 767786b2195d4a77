"""ole2: legacy Office binaries named and their passwords found, through olefile."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import pytest

try:
    import hostile
except ImportError:
    from tests import hostile  # type: ignore[no-redef]

from core.readers.ole2 import classify, ole2_refusal
from core.readers.sniff import OLE_MAGIC

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "tree, ext, kind, encrypted",
    [
        ({"WordDocument": hostile._fib(), "1Table": b"\x00" * 600}, ".doc", "doc", False),
        ({"WordDocument": hostile._fib(encrypted=True), "1Table": b"\x00" * 600}, ".doc", "doc", True),
        ({"WordDocument": hostile._fib()}, ".wps", "wps", False),
        ({"Workbook": hostile._biff()}, ".xls", "xls", False),
        ({"Workbook": hostile._biff(encrypted=True)}, ".xls", "xls", True),
        ({"Workbook": hostile._biff()}, ".et", "et", False),
        ({"Book": hostile._biff()}, ".xls", "xls", False),
        ({"PowerPoint Document": b"\x00" * 6000}, ".ppt", "ppt", False),
        ({"CONTENTS": b"\x00" * 5000, "MatOST": b"\x00" * 300}, ".wps", "wps", False),
        ({"EncryptionInfo": b"\x04\x00\x04\x00" + b"\x00" * 100, "EncryptedPackage": b"\x00" * 5000}, ".docx", "encrypted_ooxml", True),
        ({"Something": b"\x00" * 100}, ".bin", "other", False),
    ],
)
def test_classify_hand_made(tree, ext, kind, encrypted):
    k = classify(hostile.cfb_bytes(tree), ext)
    assert (k.kind, k.encrypted, k.readable) == (kind, encrypted, True)


def test_classify_files_written_by_libreoffice(office_files):
    doc = classify(office_files["doc"].read_bytes(), ".doc")
    assert (doc.kind, doc.encrypted, doc.readable) == ("doc", False, True)
    xls = classify(office_files["xls"].read_bytes(), ".xls")
    assert (xls.kind, xls.encrypted, xls.readable) == ("xls", False, True)
    # renamed: the bytes decide, the message says the extension lies
    err = ole2_refusal(office_files["doc"].read_bytes(), "改名.docx", ".docx")
    assert err.reason == "legacy_doc" and "扩展名虽是 .docx" in err.message


@pytest.mark.parametrize("data", [OLE_MAGIC, OLE_MAGIC + b"\xff" * 600, OLE_MAGIC + b"\x00" * 5000])
def test_damaged_directory_falls_back_on_the_suffix(data, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # olefile must never take short bytes for a file name
    k = classify(data, ".xls")
    assert (k.kind, k.readable) == ("xls", False)
    assert classify(data, ".txt").kind == "other"
    assert ole2_refusal(data, "坏.txt", ".txt").code == "ole2_other"


def test_header_counts_beyond_the_file_do_not_keep_olefile_busy(tmp_path):
    """A FAT count of 2^31 and a DIFAT sector that points at itself: olefile alone loops for
    minutes. Run in a child process so that a regression fails instead of hanging the suite."""
    data = bytearray(hostile.cfb_bytes({"WordDocument": hostile._fib(), "1Table": b"\x00" * 600}))
    last = (len(data) - 512) // 512 - 1
    off = 512 * (last + 1)
    struct.pack_into("<127I", data, off, *([0xFFFFFFFF] * 127))
    struct.pack_into("<I", data, off + 508, last)
    nfat = 0x7FFFFFF0
    struct.pack_into("<I", data, 0x2C, nfat)
    struct.pack_into("<2I", data, 0x44, last, (nfat - 109 + 126) // 127)
    p = tmp_path / "循环.doc"
    p.write_bytes(bytes(data))
    code = ("import sys; from core.readers.ole2 import classify; "
            f"k = classify(open({str(p)!r}, 'rb').read(), '.doc'); assert (k.kind, k.readable) == ('doc', False), k")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60, env={"PYTHONPATH": str(ROOT), "PATH": ""})


def test_directory_entries_are_bounded():
    from core.readers.ole2 import MAX_DIR_ENTRIES

    data = hostile.cfb_bytes({**{f"s{i}": b"" for i in range(MAX_DIR_ENTRIES + 10)}, "WordDocument": hostile._fib()})
    k = classify(data, ".doc")
    assert (k.kind, k.readable) == ("doc", False) and "directory entries" in k.detail
    assert classify(hostile.cfb_bytes({**{f"s{i}": b"" for i in range(200)}, "WordDocument": hostile._fib()}), ".doc").readable


@pytest.mark.parametrize("what", ["chain", "tree"])
def test_cycles_neither_hang_nor_crash(tmp_path, what):
    data = hostile.make_cyclic_cfb(tmp_path, what=what).read_bytes()
    assert classify(data, ".doc").kind == "doc"


@pytest.mark.parametrize(
    "tree, ext, code",
    [
        ({"WordDocument": hostile._fib(encrypted=True)}, ".wps", "encrypted_wps"),
        ({"Workbook": hostile._biff(encrypted=True)}, ".et", "encrypted_et"),
        ({"EncryptionInfo": b"\x00" * 64, "EncryptedPackage": b"\x00" * 64}, ".xlsx", "encrypted_ooxml_excel"),
        ({"EncryptionInfo": b"\x00" * 64, "EncryptedPackage": b"\x00" * 64}, ".docx", "encrypted_ooxml_word"),
        ({"EncryptionInfo": b"\x00" * 64, "EncryptedPackage": b"\x00" * 64}, "", "encrypted_ooxml"),
    ],
)
def test_refusal_codes(tree, ext, code):
    err = ole2_refusal(hostile.cfb_bytes(tree), "文件" + ext, ext)
    assert err.code == code and "密码" in err.message


def test_olefile_is_imported_only_for_ole2_files(tmp_path):
    p = hostile.make_docx(tmp_path)
    d = hostile.make_doc(tmp_path)
    code = (
        "import sys\n"
        "from core.readers import read_document, ReadError\n"
        f"read_document({str(p)!r})\n"
        "assert 'olefile' not in sys.modules, 'olefile imported for a .docx'\n"
        "try:\n"
        f"    read_document({str(d)!r})\n"
        "except ReadError as e:\n"
        "    assert e.reason == 'legacy_doc'\n"
        "assert 'olefile' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, env={"PYTHONPATH": str(ROOT), "PATH": ""})


_FUZZ = r"""
import random, struct, sys, time
sys.path.insert(0, "tests")
import hostile
from core.readers.ole2 import classify
seeds = [hostile.cfb_bytes({"WordDocument": hostile._fib(), "1Table": b"\0" * 600}),
         hostile.cfb_bytes({"Workbook": hostile._biff()}),
         hostile.cfb_bytes({"WordDocument": hostile._fib(size=9000), "Data": b"\1" * 7000})]
rng = random.Random(20261201)
for i in range(300):
    data = bytearray(rng.choice(seeds))
    nsect = len(data) // 512 - 1
    for _ in range(rng.randint(1, 4)):
        off = rng.randrange(0x2C, 0x200, 4) if rng.random() < 0.5 else rng.randrange(512, len(data) - 4, 4)
        val = rng.choice([0, 1, nsect - 1, nsect, nsect + 1, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFA, 0x7FFFFFFF, rng.randrange(1 << 32)])
        struct.pack_into("<I", data, off, val)
    k = classify(bytes(data), ".doc")
    assert k.kind in ("doc", "wps", "xls", "et", "ppt", "encrypted_ooxml", "other"), k
"""


def test_mutated_headers_and_directories_finish():
    """300 compound files with header/FAT/directory words set to hostile values: each one is
    classified (never an exception), and all of them within the child's time limit."""
    subprocess.run([sys.executable, "-c", _FUZZ], cwd=ROOT, check=True, timeout=120, env={"PYTHONPATH": str(ROOT), "PATH": ""})
