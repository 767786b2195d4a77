"""ole2: legacy Office binaries named and their passwords found, through olefile."""

from __future__ import annotations

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
