"""Word features the fixture layouts do not make: a table nested inside a layout table, and a
section heading inside a text box."""

import copy

import docx
from docx.oxml.ns import qn

from core.check import check_path
from tests.engine_helpers import errors, standard_spec
from tests.fixtures.docx_builder import build_docx


def test_table_nested_in_a_layout_table(tmp_path):
    path = build_docx(standard_spec("003"), tmp_path / "r.docx")
    d = docx.Document(path)
    inner = d.tables[-1]._tbl  # table 四
    outer = d.add_table(rows=1, cols=1)._tbl
    inner.addprevious(outer)
    cell = outer.find(qn("w:tr")).find(qn("w:tc"))
    cell.append(copy.deepcopy(inner))
    cell.append(copy.deepcopy(cell.find(qn("w:p"))))  # a cell must end with a paragraph
    inner.getparent().remove(inner)
    d.save(path)
    r = check_path(path)
    assert any(g.nested for g in r.document.grids)
    assert errors(r) == []
    assert r.report.value("四", "review", "total") == 423


def test_heading_inside_a_text_box(tmp_path):
    spec = standard_spec("003")
    path = build_docx(spec, tmp_path / "r.docx")
    d = docx.Document(path)
    heading = next(p for p in d.paragraphs if p.text == "五、存在的主要问题及改进情况")
    heading_text = heading.text
    for r in heading.runs:
        r.text = ""
    box = (
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<w:pict><wps:txbx><w:txbxContent><w:p><w:r><w:t>' + heading_text + '</w:t></w:r></w:p>'
        '</w:txbxContent></wps:txbx></w:pict></w:r>'
    )
    from lxml import etree

    heading._p.append(etree.fromstring(box))
    d.save(path)
    r = check_path(path)
    assert r.report.sections["五"].status == "standard"
    assert errors(r) == []
