"""Shared fixtures for the readers' unit tests: files written by other programs than ours.

LibreOffice converts a python-docx .docx and an openpyxl .xlsx into .doc / .xls / .rtf (real
OLE2 compound files written by another office suite), in ONE soffice call per session.
Nothing here imports from ``core``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

try:
    import hostile
except ImportError:  # tests is importable as a package
    from tests import hostile  # type: ignore[no-redef]


@pytest.fixture(scope="session")
def office_files(tmp_path_factory) -> dict[str, Path]:
    """{"doc", "xls", "rtf", "docx", "xlsx"} → a file written by LibreOffice; skips when it is not installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    work = tmp_path_factory.mktemp("soffice")
    src_docx = work / "年度报告.docx"
    src_docx.write_bytes(hostile.docx_bytes())
    src_xlsx = work / "年度报表.xlsx"
    src_xlsx.write_bytes(hostile.xlsx_bytes())
    profile = (work / "profile").as_uri()
    out: dict[str, Path] = {}
    jobs = [
        ("doc:MS Word 97", [src_docx], "doc"),
        ("xls:MS Excel 97", [src_xlsx], "xls"),
        ("rtf", [src_docx], "rtf"),
        ("docx:MS Word 2007 XML", [src_docx], "docx"),
        ("xlsx:Calc MS Excel 2007 XML", [src_xlsx], "xlsx"),
    ]
    for fmt, files, key in jobs:
        target = work / key
        target.mkdir()
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", fmt,
             "--outdir", str(target), *map(str, files)],
            check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=240,
        )
        made = sorted(target.iterdir())
        if not made:
            pytest.skip(f"LibreOffice did not convert to {fmt}")
        out[key] = made[0]
    return out
