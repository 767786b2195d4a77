"""Helpers shared by the export tests (faulty report variants, the accepted / rejected views of
tracked changes, LibreOffice batch runs), and tests of the helpers themselves."""

from __future__ import annotations

import copy
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from core.export.texts import AUTHOR
from tests.fixtures import SEEDS

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


HAS_SOFFICE = shutil.which("soffice") is not None
needs_soffice = pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) is not installed")

# ----- report variants ------------------------------------------------------------------------


def wrong_cell_三(key: str = "003"):
    """One wrong detail cell in 三 (the check proposes the right value: R-CELL)."""
    s = SEEDS[key].copy()
    s.t3[("granted", "commercial")] = str(int(s.t3[("granted", "commercial")]) + 1)
    return s


def wrong_total_四(key: str = "003"):
    s = SEEDS[key].copy()
    s.t4[("review", "total")] = str(int(s.t4[("review", "total")]) + 2)
    return s


def missing_section(key: str = "003", section: str = "五"):
    s = SEEDS[key].copy()
    s.sections = [x for x in s.sections if x.key != section]
    return s


def nonstandard_heading(key: str = "002"):
    s = SEEDS[key].copy()
    for x in s.sections:
        if x.key == "四":
            x.heading = "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"
        if x.key == "六":
            x.heading = "6、其他事项"
    return s


def all_faults(key: str):
    s = SEEDS[key].copy()
    s.t3[("granted", "natural")] = str(int(s.t3[("granted", "natural")]) + 3)
    s.t4[("review", "total")] = str(int(s.t4[("review", "total")]) + 2)
    s.sections = [x for x in s.sections if x.key != "六"]
    for x in s.sections:
        if x.key == "四" and x.heading:
            x.heading = "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"
    return s


def errors(result):
    return [f for f in result.findings if f.severity == "error"]


# ----- tracked changes: the two views ------------------------------------------------------------


def document_xml(path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


def _by(el, author):
    return el.get(w("author")) == author


def rejected_view(root, author: str = AUTHOR):
    """The document as if every change by ``author`` were rejected."""
    root = copy.deepcopy(root)
    for p in list(root.iter(w("p"))):
        ppr = p.find(w("pPr"))
        mark = ppr.find(w("rPr")) if ppr is not None else None
        if mark is not None and any(_by(i, author) for i in mark.findall(w("ins"))):
            p.getparent().remove(p)
    for ins in [e for e in root.iter(w("ins")) if _by(e, author)]:
        ins.getparent().remove(ins)
    for d in [e for e in root.iter(w("del")) if _by(e, author)]:
        for t in d.iter(w("delText")):
            t.tag = w("t")
        for t in d.iter(w("delInstrText")):
            t.tag = w("instrText")
        for child in list(d):
            d.addprevious(child)
        d.getparent().remove(d)
    return root


def accepted_view(root, author: str = AUTHOR):
    """The document as if every change by ``author`` were accepted."""
    root = copy.deepcopy(root)
    for mark in [e for e in root.iter(w("ins")) if _by(e, author) and e.getparent().tag == w("rPr")]:
        mark.getparent().remove(mark)
    for d in [e for e in root.iter(w("del")) if _by(e, author)]:
        d.getparent().remove(d)
    for ins in [e for e in root.iter(w("ins")) if _by(e, author)]:
        for child in list(ins):
            ins.addprevious(child)
        ins.getparent().remove(ins)
    return root


def exploded(root):
    """Every run split into one-character runs (same properties), so that two documents that differ
    only in where their runs are split compare equal."""
    root = copy.deepcopy(root)
    for r in list(root.iter(w("r"))):
        rpr = r.find(w("rPr"))
        pieces = []
        for ch in r:
            if ch is rpr:
                continue
            if ch.tag == w("t"):
                for c in ch.text or "":
                    t = etree.Element(w("t"))
                    t.text = c
                    pieces.append(t)
            else:
                pieces.append(ch)
        parent = r.getparent()
        for piece in pieces:
            nr = etree.Element(w("r"), dict(r.attrib))
            if rpr is not None:
                nr.append(copy.deepcopy(rpr))
            nr.append(piece)
            r.addprevious(nr)
        parent.remove(r)
    return etree.tostring(root, method="c14n")


def revisions(root, author: str = AUTHOR):
    return [e for e in root.iter(w("ins"), w("del")) if _by(e, author)]


def visible_text(el) -> str:
    from core.readers.docx import paragraph_text

    return paragraph_text(el)[0]


# ----- LibreOffice --------------------------------------------------------------------------

_RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice_convert(files, outdir: Path, target: str) -> subprocess.CompletedProcess:
    """Convert several files in one LibreOffice run, with a fresh profile that recalculates every
    formula on load."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        (profile / "user").mkdir()
        (profile / "user" / "registrymodifications.xcu").write_text(_RECALC_ALWAYS, encoding="utf-8")
        cmd = ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
               "--convert-to", target, "--outdir", str(outdir), *map(str, files)]
        return subprocess.run(cmd, capture_output=True, timeout=600)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


# ----- tests of the helpers -----------------------------------------------------------------


def test_views_of_a_document_without_our_changes_are_the_document(tmp_path):
    from tests.fixtures import Layout, build_docx

    path = build_docx(SEEDS["000"], tmp_path / "a.docx", Layout(tracked_changes=True))
    root = document_xml(path)
    assert exploded(rejected_view(root)) == exploded(root)
    assert exploded(accepted_view(root)) == exploded(root)
    assert revisions(root) == []
    # the fixture's own revisions (another author) are there and untouched
    assert [e for e in root.iter(w("ins")) if e.get(w("author")) != AUTHOR]


def test_exploded_ignores_run_boundaries():
    a = etree.fromstring(f'<w:p xmlns:w="{W}"><w:r><w:rPr><w:b/></w:rPr><w:t>ab</w:t></w:r></w:p>')
    b = etree.fromstring(f'<w:p xmlns:w="{W}"><w:r><w:rPr><w:b/></w:rPr><w:t>a</w:t></w:r>'
                         f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">b</w:t></w:r></w:p>')
    c = etree.fromstring(f'<w:p xmlns:w="{W}"><w:r><w:t>ab</w:t></w:r></w:p>')
    assert exploded(a) == exploded(b)
    assert exploded(a) != exploded(c)
