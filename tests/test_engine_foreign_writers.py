"""Recognition is not tied to our own fixture generator: the same reports saved again by another
program (LibreOffice writes its own OOXML — its own merge markup, styles, numbering, shared strings)
give the same findings and the same values."""

import shutil
import subprocess

import pytest

from core.check import check_path
from tests.engine_helpers import signature
from tests.fixtures.docx_builder import build_docx
from tests.fixtures.seeds import SEEDS
from tests.fixtures.xlsx_builder import build_xlsx

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
DOCX = ["000", "001", "002", "003", "004"]
XLSX = ["000", "003", "004"]


@pytest.fixture(scope="module")
def resaved(tmp_path_factory):
    src = tmp_path_factory.mktemp("src")
    out = tmp_path_factory.mktemp("lo")
    profile = tmp_path_factory.mktemp("profile")
    docs = [build_docx(SEEDS[k], src / f"r{k}.docx") for k in DOCX]
    books = [build_xlsx(SEEDS[k], src / f"t{k}.xlsx", formulas="cached") for k in XLSX]
    for target, files in (("docx", docs), ("xlsx", books)):
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", target,
                        "--outdir", str(out), *map(str, files)], capture_output=True, timeout=600, check=True)
    return src, out


@pytest.mark.parametrize("key", DOCX)
def test_docx_resaved_by_libreoffice(resaved, key):
    src, out = resaved
    ours, theirs = check_path(src / f"r{key}.docx"), check_path(out / f"r{key}.docx")
    assert theirs.report.format_key == ours.report.format_key
    assert signature(theirs) == signature(ours)
    for t in ("二", "三", "四", "统计表"):
        if t in ours.report.tables:
            mine = {k: c.number.effective for k, c in ours.report.tables[t].cells.items()}
            assert {k: c.number.effective for k, c in theirs.report.tables[t].cells.items()} == mine


@pytest.mark.parametrize("key", XLSX)
def test_xlsx_resaved_by_libreoffice(resaved, key):
    src, out = resaved
    ours, theirs = check_path(src / f"t{key}.xlsx"), check_path(out / f"t{key}.xlsx")
    assert signature(theirs) == signature(ours)
    for t in ("三", "四"):
        mine = {k: c.number.effective for k, c in ours.report.tables[t].cells.items()}
        assert {k: c.number.effective for k, c in theirs.report.tables[t].cells.items()} == mine
