"""Pages written by another program: LibreOffice's HTML export of the seed .docx fixtures, and the
portal pages opened by LibreOffice and saved as .docx (issue 16: "real published portal pages saved
as .docx by LibreOffice"). Each gives the same findings and values as the seed's .docx."""

import shutil
import subprocess

import pytest

from core.check import check_document, check_path
from core.readers.html import read_html
from tests.fixtures.docx_builder import build_docx
from tests.fixtures.portal_fixtures import Portal, write_portal
from tests.fixtures.seeds import SEEDS
from tests.test_html_portal import same_as_docx

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
KEYS = list(SEEDS)


def _soffice(profile, outdir, target, files, infilter=None):
    cmd = ["soffice", "--headless", f"-env:UserInstallation=file://{profile}"]
    if infilter:
        cmd.append(f"--infilter={infilter}")
    cmd += ["--convert-to", target, "--outdir", str(outdir), *map(str, files)]
    subprocess.run(cmd, capture_output=True, timeout=600, check=True)


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    src = tmp_path_factory.mktemp("src")
    out = tmp_path_factory.mktemp("lo")
    profile = tmp_path_factory.mktemp("profile")
    docs = [build_docx(SEEDS[k], src / f"r{k}.docx") for k in KEYS]
    # div-based portal pages (a page laid out by nested tables keeps them as nested Word tables)
    pages = [write_portal(SEEDS[k], src / f"p{k}.html", portal=Portal(encoding="gbk" if i % 2 else "utf-8"))
             for i, k in enumerate(KEYS)]
    _soffice(profile, out, "html", docs)
    _soffice(profile, out, "docx:MS Word 2007 XML", pages, infilter="HTML (StarWriter)")
    return src, out


@pytest.mark.parametrize("key", KEYS)
def test_libreoffice_html_export(converted, key):
    src, out = converted
    path = out / f"r{key}.html"
    page = check_document(read_html(path, path.read_bytes()), path)
    assert page.document.producer == "LibreOffice"
    same_as_docx(page, check_path(src / f"r{key}.docx"))
    assert not any(f.code == "I-outside" for f in page.findings)  # nothing around the report


@pytest.mark.parametrize("key", KEYS)
def test_portal_page_saved_as_docx_by_libreoffice(converted, key):
    src, out = converted
    result = check_path(out / f"p{key}.docx")
    ours = check_path(src / f"r{key}.docx")
    assert result.report.agency == ours.report.agency and result.report.year == ours.report.year
    # the findings of the report itself, wherever the page put it
    from tests.engine_helpers import signature

    assert signature(result) == signature(ours)
    for t, data in ours.report.tables.items():
        assert {k: c.number.effective for k, c in result.report.tables[t].cells.items()} == \
            {k: c.number.effective for k, c in data.cells.items()}
    outside = [b for b in result.document.paragraphs if b.outside]
    assert any("当前位置" in b.text for b in outside) and any("ICP" in b.text for b in outside)
    for f in result.findings:
        if f.paragraph is not None:
            assert not result.document.blocks[f.paragraph].outside
