"""ooxml: relationships parsed and resolved once, for every part and every writer."""

from __future__ import annotations

import pytest
from lxml import etree

try:
    import hostile
except ImportError:
    from tests import hostile  # type: ignore[no-redef]

from core.readers.ooxml import (
    OFFICE_DOCUMENT_RELS,
    classify_content_type,
    first_by_type,
    norm_part,
    parse_relationships,
    relationships_by_id,
    rels_part_for,
    resolve_target,
)
from core.readers.package import open_package


@pytest.mark.parametrize(
    "part, rels",
    [("", "_rels/.rels"), ("word/document.xml", "word/_rels/document.xml.rels"), ("/xl/workbook.xml", "xl/_rels/workbook.xml.rels"),
     ("xl/worksheets/sheet1.xml", "xl/worksheets/_rels/sheet1.xml.rels")],
)
def test_rels_part_for(part, rels):
    assert rels_part_for(part) == rels


@pytest.mark.parametrize(
    "source, target, resolved",
    [
        ("word/document.xml", "styles.xml", "word/styles.xml"),
        ("word/document.xml", "/word/styles.xml", "word/styles.xml"),
        ("word/document.xml", "../customXml/item1.xml", "customXml/item1.xml"),
        ("word/document.xml", "media\\image1.png", "word/media/image1.png"),
        ("xl/workbook.xml", "worksheets/sheet1.xml#A1", "xl/worksheets/sheet1.xml"),
        ("", "word/document.xml", "word/document.xml"),
        ("", "/word/document2.xml", "word/document2.xml"),
        ("word/document.xml", "../../../etc/passwd", ""),
        ("word/document.xml", "http://example.com/x", ""),
        ("word/document.xml", "", ""),
    ],
)
def test_resolve_target(source, target, resolved):
    assert resolve_target(source, target) == resolved


RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
  <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="http://gov.cn" TargetMode="External"/>
  <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="/word/numbering.xml"/>
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/>
</Relationships>"""


def test_parse_relationships():
    rels = parse_relationships(etree.fromstring(RELS), "word/document.xml")
    assert [r.short_type for r in rels] == ["styles", "hyperlink", "numbering", "theme"]
    assert rels[1].external and rels[1].target == ""
    assert first_by_type(rels, "styles") == "word/styles.xml"
    assert first_by_type(rels, "numbering") == "word/numbering.xml"
    assert first_by_type(rels, "hyperlink") is None
    assert relationships_by_id(rels)["rId1"].short_type == "styles"  # the first of a duplicated id wins


def test_content_types():
    assert classify_content_type("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml") == "docx"
    assert classify_content_type("application/vnd.ms-excel.sheet.macroEnabled.main+xml; charset=utf-8") == "xlsx"
    assert classify_content_type("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml") == "pptx"
    assert classify_content_type("application/vnd.ms-excel.sheet.binary.macroEnabled.main") == "xlsb"
    assert classify_content_type("application/xml") == "generic"
    assert classify_content_type("image/png") == "other"
    assert norm_part("\\Word/Document.XML") == "word/document.xml"


def _check_package(path, main, wanted):
    pkg = open_package(path)
    assert pkg.main_part() == main
    package_rels = pkg.relationships("")
    assert any(r.type in OFFICE_DOCUMENT_RELS and r.target == main for r in package_rels)
    rels = pkg.relationships(main)
    for short in wanted:
        target = first_by_type(rels, short)
        assert target and pkg.has(target), (short, target)


def test_packages_of_python_docx_and_openpyxl(tmp_path):
    _check_package(hostile.make_docx(tmp_path), "word/document.xml", ["styles"])
    _check_package(hostile.make_xlsx(tmp_path), "xl/workbook.xml", ["worksheet", "styles"])


def test_packages_written_by_libreoffice(office_files):
    _check_package(office_files["docx"], "word/document.xml", ["styles"])
    _check_package(office_files["xlsx"], "xl/workbook.xml", ["worksheet", "styles"])


def test_wps_style_main_part(tmp_path):
    pkg = open_package(hostile.make_wps_style_docx(tmp_path))
    assert pkg.main_part() == "word/document2.xml"
    assert pkg.relationships("word/nothing.xml") == []


def test_relationships_are_parsed_only_here():
    """One relationships parser: no other core module iterates <Relationship> elements itself."""
    from pathlib import Path

    core = Path(__file__).resolve().parents[2] / "core"
    for path in core.rglob("*.py"):
        if path.name == "ooxml.py" and path.parent.name == "readers":
            continue
        text = path.read_text(encoding="utf-8")
        assert "package/2006/relationships" not in text, path
        assert '"Relationship"' not in text and "}Relationship" not in text, path
