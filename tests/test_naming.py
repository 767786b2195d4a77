"""The one naming service (core.formats.naming): names come from the format data, and "where is
this finding" is one function for the window, the printout and the batch table."""

from __future__ import annotations

from core.check import check_path
from core.formats import FORMATS, SECTIONS, V2021
from core.formats.naming import cell_name, group_title, place_of, row_name, section_heading, table_name


def test_cell_names_use_the_format_labels():
    spec = V2021.table("三")
    row = spec.row("withheld_4")
    name = cell_name(V2021, "三", "withheld_4", "natural")
    assert row.label in name and spec.column("natural").label in name and name.startswith("表三")
    assert row_name(V2021, "三", "granted") == spec.row("granted").label
    for fmt in FORMATS.values():
        for tkey, t in fmt.tables.items():
            for r, c in t.cells:
                assert cell_name(fmt, tkey, r, c)  # every cell of every format has a name


def test_sections_and_tables():
    for s in SECTIONS:
        assert section_heading(s.key) == s.standard_heading
        assert group_title(s.key) == s.standard_heading
    assert table_name("三").startswith("表三") and group_title("") == "全文及标题"


def test_place_of_a_finding_and_of_its_json_agree(seed_docx):
    from core.batch import place_of as batch_place

    seen = set()
    for key in seed_docx:
        for f in check_path(seed_docx[key]).findings:
            p, q = place_of(f), place_of(f.to_json())
            assert p == q
            assert p.short == batch_place(f.to_json()), (f.code, p)  # the batch table's words
            seen.add(p.kind)
            if p.kind == "table":
                assert p.label == table_name(p.key)
            elif p.kind == "section":
                assert p.label == section_heading(p.key)
    assert {"table", "section"} <= seen
