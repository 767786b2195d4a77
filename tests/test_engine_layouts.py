"""Recognition must not depend on how the clerk laid the report out (docs/FORMAT.md §5): every layout
variant gives the tidy layout's findings, plus only the warnings the variant itself calls for, and
every cell is read with its value."""

from decimal import Decimal

import pytest

from core.check import check_path
from core.formats import SECTIONS
from tests.engine_helpers import errors, signature, standard_spec
from tests.fixtures.docx_builder import build_docx
from tests.fixtures.layouts import LAYOUT_VARIANTS, Layout
from tests.fixtures.seeds import SEEDS
from tests.fixtures.spec import parse_number
from tests.fixtures.xlsx_builder import build_xlsx

# The warnings a variant legitimately adds (what the clerk typed is not a plain number).
VARIANT_WARNINGS = {
    "fullwidth_digits": {"W-number"},
    "thousands": {"W-number"},
    "blank_zeros_empty": {"W-blank"},
    "blank_zeros_dash": {"W-blank"},
    "blank_zeros_slash": {"W-blank"},
    "blank_zeros_wu": {"W-blank"},
}
SEED_KEYS = ["000", "001", "002", "003", "004"]


@pytest.fixture(scope="module")
def tidy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tidy")
    return {k: check_path(build_docx(SEEDS[k], folder / f"{k}.docx")) for k in SEED_KEYS}


def _expected_value(raw: str):
    v = parse_number(raw)
    return Decimal(0) if v is None else Decimal(str(v)).normalize()


@pytest.mark.parametrize("variant", sorted(LAYOUT_VARIANTS))
@pytest.mark.parametrize("key", SEED_KEYS)
def test_layout_variant_same_findings(tmp_path, tidy, key, variant):
    spec = SEEDS[key]
    result = check_path(build_docx(spec, tmp_path / "r.docx", LAYOUT_VARIANTS[variant]))
    base = tidy[key]
    assert result.report.format_key == base.report.format_key
    extra = VARIANT_WARNINGS.get(variant, set())
    got = signature(result)
    want = signature(base)
    if variant == "no_stray":
        want = {k: v for k, v in want.items() if k[0] != "W-stray"}
    assert {k: v for k, v in got.items() if k[0] not in extra} == dict(want)
    values = [raw for t in ("二", "三", "四") for raw in spec.table_cells(t).values()]
    changed = any(len(v.split(".")[0]) > 3 for v in values) if variant == "thousands" else True
    if extra and spec.format != "pre-2019" and changed:
        assert {k[0] for k in got} >= extra
    # every value cell recognized with the spec's value
    for t in ("二", "三", "四"):
        for (row, col), raw in spec.table_cells(t).items():
            if row in spec.t2_subrows:
                continue
            assert result.report.value(t, row, col) == _expected_value(raw), (t, row, col, raw)


COMBINATIONS = {
    "wps_unmerged_onechar": Layout(wps=True, merges="undone_blank", one_char_per_line=True),
    "split_fullwidth_sdt": Layout(split_table3_at="unable_1", fullwidth_digits=True, content_controls=True),
    "all_in_one_list_numbering": Layout(all_in_one=True, heading_numbering="word_list", halfwidth_brackets=True),
    "blocks_tracked_newlines": Layout(t2_as_blocks=True, tracked_changes=True, newline_labels=True, u3000_spaces=True),
    "split_repeat_bold": Layout(split_table3_at="withheld_5", split_repeat_header=True, heading_style="bold",
                                merges="undone_repeat"),
}


@pytest.mark.parametrize("combo", sorted(COMBINATIONS))
@pytest.mark.parametrize("key", ["000", "003", "004"])
def test_combined_layouts_same_errors(tmp_path, tidy, key, combo):
    result = check_path(build_docx(SEEDS[key], tmp_path / "r.docx", COMBINATIONS[combo]))
    assert signature(result, ("error",)) == signature(tidy[key], ("error",))
    for t in ("三", "四"):
        assert len(result.report.tables[t].cells) == len(tidy[key].report.tables[t].cells)


@pytest.mark.parametrize("key", ["000", "003"])
@pytest.mark.parametrize("section", ["一", "二", "三", "四", "五", "六"])
def test_deleting_a_section_reports_exactly_it(tmp_path, key, section):
    spec = standard_spec(key)
    spec.sections = [s for s in spec.sections if s.key != section or s.table]
    for s in spec.sections:
        if s.key == section:  # keep the table, drop the heading and the text (as seed 003 does)
            s.heading = None
            s.paragraphs = []
            s.table_at = 0 if s.table_at is not None else None
    base = check_path(build_docx(standard_spec(key), tmp_path / "base.docx"))
    result = check_path(build_docx(spec, tmp_path / "r.docx"))
    missing = [f for f in result.findings if f.code == "S1"]
    assert [f.section for f in missing] == [section]
    assert f"{section}、" in missing[0].message
    # apart from the missing section, the errors are those of the complete report
    others = signature(result, ("error",))
    others.subtract({k: 1 for k in signature(result, ("error",)) if k[0] == "S1"})
    assert +others == signature(base, ("error",))


VARIANT_TITLES = [(s.key, v) for s in SECTIONS for v in s.variants]


@pytest.mark.parametrize("section,title", VARIANT_TITLES)
def test_renamed_section_is_found_and_flagged(tmp_path, section, title):
    spec = standard_spec("003")
    for s in spec.sections:
        if s.key == section:
            s.heading = f"{section}、{title}"
    result = check_path(build_docx(spec, tmp_path / "r.docx"))
    assert result.report.sections[section].status == "nonstandard"
    assert not any(f.code == "S1" for f in result.findings)
    flagged = [f for f in result.findings if f.code == "W-title" and f.section == section]
    assert len(flagged) == 1 and title in flagged[0].message


@pytest.mark.parametrize("numbering", ["1、", "（一）", "第一部分 "])
def test_other_numbering_styles_are_recognized(tmp_path, numbering):
    spec = standard_spec("003")
    spec.sections[0].heading = f"{numbering}总体情况"
    result = check_path(build_docx(spec, tmp_path / "r.docx"))
    assert result.report.sections["一"].status == "nonstandard"
    assert not errors(result)


def test_word_list_numbering_counts_as_standard(tmp_path):
    spec = standard_spec("000")
    result = check_path(build_docx(spec, tmp_path / "r.docx", Layout(heading_numbering="word_list")))
    assert all(s.status == "standard" for s in result.report.sections.values())
    assert errors(result) == []


def test_sections_out_of_order(tmp_path):
    spec = standard_spec("003")
    order = {s.key: s for s in spec.sections if s.key}
    five, six = order["五"], order["六"]
    i, j = spec.sections.index(five), spec.sections.index(six)
    spec.sections[i], spec.sections[j] = six, five
    result = check_path(build_docx(spec, tmp_path / "r.docx"))
    assert [f.section for f in result.findings if f.code == "W-order"] == ["五"]


@pytest.mark.parametrize("key", ["000", "003", "004"])
@pytest.mark.parametrize("sheets", ["one", "three"])
@pytest.mark.parametrize("formulas", ["none", "cached", "uncached"])
@pytest.mark.parametrize("merges", [True, False])
def test_xlsx_variants(tmp_path, key, sheets, formulas, merges):
    spec = standard_spec(key)
    result = check_path(build_xlsx(spec, tmp_path / "t.xlsx", sheets=sheets, formulas=formulas, merges=merges))
    assert result.report.format_key == spec.format
    assert [f.code for f in result.findings] == []
    for t in ("三", "四"):
        for (row, col), raw in spec.table_cells(t).items():
            assert result.report.value(t, row, col) == _expected_value(raw)


def test_xlsx_uncached_formula_with_a_wrong_part_is_still_checked(tmp_path):
    """A SUM without a cached value is evaluated, so a wrong detail cell shows up as an error."""
    spec = standard_spec("003")
    spec.t3[("granted", "natural")] = "354"  # was 353; the 总计 column is a formula
    result = check_path(build_xlsx(spec, tmp_path / "t.xlsx", formulas="uncached"))
    # the totals are live formulas, so they follow the wrong part: only 一+二 = （七）+四 can break
    assert sorted((f.code, f.cells[0].col) for f in errors(result)) == [("R1", "natural"), ("R1", "total")]
    assert result.report.value("三", "total", "natural") == 3183  # evaluated, not a silent 0
