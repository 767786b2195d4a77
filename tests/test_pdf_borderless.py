"""Published PDFs whose tables have no ruling lines (issue 12: "tables without ruling lines, fall
back to the alignment of the words"), from two writers:

- LibreOffice converting .docx reports whose tables have every border off (WPS 无框线), with the
  cells centred vertically (the fixtures' default) or at the top (Word's default for a new table):
  the five seeds, each a report of its own shape (seed 000's stray figure in a label cell, seed
  002's page breaks through 三's head, seed 004's 二 with sub-rows and extra blocks);
- Qt printing the HTML rendition with ``border=0`` on 二, 三 and 四: uniform line spacing (no
  wider gap between rows than between the lines of one cell), figures centred on labels of up to
  ten lines, heads of narrow columns set touching, 四's head at the foot of a page and its
  figures on the next.

Each reads as the .docx it was made from: same findings, same value in every cell; so do borderless
reports with another trait of docs/FORMAT.md §5 (blanks as —, / or 无, half-width brackets, typed spaces,
a page break in 三, WPS). And the mutation test through a borderless PDF: a changed cell of 三 or 四
is named by an error.

Not read exactly yet (measured, not tested): borderless combined with labels one character per
line or broken by a line feed, merges undone, all tables in one, full-width digits wrapping in
narrow columns, whole columns left blank over several pages.
"""

from __future__ import annotations

import pytest

from tests.engine_helpers import errors, standard_spec
from tests.fixtures.docx_builder import build_docx
from tests.fixtures.layouts import LAYOUT_VARIANTS, Layout
from tests.fixtures.pdf_fixtures import convert_to_pdf, report_html, soffice
from tests.fixtures.seeds import SEEDS
from tests.pdf_helpers import HAVE_QT, assert_same_as_docx, check_pdf, compare, needs_lo, needs_qt, no_stray


LO_CASES = [(k, v) for k in ("000", "001", "002", "003", "004") for v in ("borderless", "borderless_top")]
# borderless and another trait of real reports (docs/FORMAT.md §5): blanks written as —, / or 无, half-width
# brackets, spaces typed inside labels, 三 split by a page break, saved by WPS
_BASE = LAYOUT_VARIANTS["borderless"]
MIXED = {"dash": _BASE.but(blank_zeros="—"), "slash_top": _BASE.but(blank_zeros="/", cell_valign="top"),
         "wu": _BASE.but(blank_zeros="无"), "halfwidth": _BASE.but(halfwidth_brackets=True),
         "u3000": _BASE.but(u3000_spaces=True), "split": _BASE.but(split_table3_at="withheld_5"),
         "wps": _BASE.but(wps=True)}
MIXED_CASES = [(k, v) for k in ("003", "004") for v in MIXED]
# borderless and a trait the alignment reading does not yet make exact: read, bounded, 三 found
ROUGH = {"one_char_per_line": _BASE.but(one_char_per_line=True), "undone_blank": _BASE.but(merges="undone_blank"),
         "undone_repeat": _BASE.but(merges="undone_repeat")}
NO_LINES = {"二": 0, "三": 0, "四": 0}


# label typos in a borderless table: a row label, a column head of 三 and one of 四
TYPOS = {("三", "row", "withheld_2"): ("2.其他法律行政止公开", "2.其他法律行政法规禁止公开"),
         ("三", "col", "public_interest"): ("社会公义组织", "社会公益组织"),
         ("四", "col", "pending"): ("尚末审结", "尚未审结")}


@pytest.fixture(scope="module")
def lo_pdfs(tmp_path_factory):
    if soffice() is None:
        pytest.skip("LibreOffice not installed")
    folder = tmp_path_factory.mktemp("lo_borderless")
    docs = {case: build_docx(SEEDS[case[0]], folder / f"s{case[0]}_{case[1]}.docx", LAYOUT_VARIANTS[case[1]])
            for case in LO_CASES}
    docs.update({case: build_docx(SEEDS[case[0]], folder / f"s{case[0]}_{case[1]}.docx", MIXED[case[1]])
                 for case in MIXED_CASES})
    docs.update({("000", v): build_docx(SEEDS["000"], folder / f"s000_{v}.docx", lay) for v, lay in ROUGH.items()})
    typo = no_stray("003")
    for key, (text, _) in TYPOS.items():
        typo.label_overrides[key] = text
    for variant in ("borderless", "borderless_top"):
        docs[("typo", variant)] = build_docx(typo, folder / f"typo_{variant}.docx", LAYOUT_VARIANTS[variant])
    pdfs = convert_to_pdf(docs.values(), folder / "pdf")
    return {case: (docx, pdfs[docx]) for case, docx in docs.items()}


@needs_lo
@pytest.mark.parametrize("variant", ["borderless", "borderless_top"])
def test_label_typos_in_a_borderless_table_are_mapped_with_w_title(lo_pdfs, variant):
    docx, pdf = lo_pdfs[("typo", variant)]
    result, _ = assert_same_as_docx(pdf, docx)
    titled = {(f.table, f.actual): f.expected for f in result.findings if f.code == "W-title"}
    for (table, _, _), (typo, standard) in TYPOS.items():
        assert titled.get((table, typo)) == standard, typo


@pytest.fixture(scope="module")
def qt_pdfs(tmp_path_factory):
    if not HAVE_QT:
        pytest.skip("PySide6 not installed")
    from tests.fixtures.pdf_fixtures import qt_html_to_pdf

    folder = tmp_path_factory.mktemp("qt_borderless")
    out = {}
    for key in ("000", "003", "004"):
        spec = no_stray(key)
        out[key] = (build_docx(spec, folder / f"qt{key}.docx", Layout(stray=False)),
                    qt_html_to_pdf(report_html(spec, borders=NO_LINES), folder / f"qtb{key}.pdf"))
    return out


@needs_lo
@pytest.mark.parametrize("key,variant", LO_CASES, ids=[f"{k}-{v}" for k, v in LO_CASES])
def test_libreoffice_borderless_pdf_reads_as_the_docx(lo_pdfs, key, variant):
    docx, pdf = lo_pdfs[(key, variant)]
    result, _ = assert_same_as_docx(pdf, docx)
    # every recognized cell knows its page and its box on it
    for t in result.report.tables.values():
        assert all(c.pos.page and c.pos.box for c in t.cells.values())


@needs_lo
@pytest.mark.parametrize("key,variant", MIXED_CASES, ids=[f"{k}-{v}" for k, v in MIXED_CASES])
def test_libreoffice_borderless_pdf_with_another_trait_reads_as_the_docx(lo_pdfs, key, variant):
    docx, pdf = lo_pdfs[(key, variant)]
    assert_same_as_docx(pdf, docx)


@needs_lo
@pytest.mark.parametrize("variant", sorted(ROUGH))
def test_borderless_pdf_with_labels_one_char_per_line_or_merges_undone_is_read(lo_pdfs, variant):
    """Such a PDF once hung the reader (the search for tables stepped back over the label lines it
    had taken in, forever). It is read, 三 is found with most of its figures, and the findings
    name cells with their page."""
    docx, pdf = lo_pdfs[("000", variant)]
    result = check_pdf(pdf)
    t3 = result.report.tables["三"]
    assert len(t3.cells) >= 150
    assert all(c.pos.page for c in t3.cells.values())


@needs_qt
@pytest.mark.parametrize("key", ["000", "003"])
def test_qt_borderless_pdf_reads_as_the_docx(qt_pdfs, key):
    docx, pdf = qt_pdfs[key]
    result, _ = assert_same_as_docx(pdf, docx)
    assert "Qt" in result.report.document.producer
    t4 = result.report.tables["四"]
    assert len(t4.cells) == 15 and len({c.pos.page for c in t4.cells.values()}) == 1


@needs_qt
def test_qt_borderless_seed_004_three_and_four_read_as_the_docx(qt_pdfs):
    """Seed 004's 二 has a group label (其他对外管理服务事项) whose two sub-rows Qt puts on either
    side of a page break, the label on the first page beside neither: the sub-rows are not
    summed there (the one known gap of the borderless reading). Tables 三 and 四, over four
    pages, read exactly."""
    docx, pdf = qt_pdfs["004"]
    from core.check import check_path

    pdf_result, docx_result = check_pdf(pdf), check_path(docx)
    (only_pdf, only_docx), values = compare(pdf_result, docx_result)
    assert [v for v in values if v[0] in ("三", "四")] == []
    assert [f for f in only_pdf + only_docx if f[2] in ("三", "四")] == []


@needs_lo
def test_a_head_cut_by_the_page_break_is_one_head(lo_pdfs):
    """Seed 003, cells centred: 三's head starts at the foot of one page and ends at the top of
    the next (自然 / 人): one grid, the columns named, the figures under them."""
    docx, pdf = lo_pdfs[("003", "borderless")]
    result = check_pdf(pdf)
    t3 = result.report.tables["三"]
    pages = {c.pos.page for c in t3.cells.values()}
    assert len(t3.grids) == 1 and len(pages) >= 2
    assert t3.col_labels["natural"].text.replace(" ", "") == "自然人"
    assert t3.cells[("new", "natural")].raw == SEEDS["003"].t3[("new", "natural")]


@needs_lo
def test_stray_figure_among_the_labels_is_no_column(lo_pdfs):
    """Seed 000's stray "0" in a label cell, borderless: one W-stray (as from the .docx), and
    the figures of 三 stay in their columns."""
    docx, pdf = lo_pdfs[("000", "borderless_top")]
    result = check_pdf(pdf)
    strays = [f for f in result.findings if f.code == "W-stray"]
    assert len(strays) == 1 and "0" in strays[0].message


# ----- the whole-grid mutation test through a borderless PDF ------------------------------------


def _cells():
    from core.formats import FORMATS

    fmt = FORMATS["2021"]
    t3 = [("三", r, c) for (r, c) in fmt.table("三").cells]
    t4 = [("四", r, c) for (r, c) in fmt.table("四").cells]
    step = len(t3) / 20
    return [t3[int(i * step)] for i in range(20)] + t4[::3]


CELLS = _cells()


@pytest.fixture(scope="module")
def mutated(tmp_path_factory):
    if soffice() is None:
        pytest.skip("LibreOffice not installed")
    folder = tmp_path_factory.mktemp("mut_borderless")
    layout = LAYOUT_VARIANTS["borderless"]
    docs = {"base": build_docx(standard_spec("003"), folder / "base.docx", layout)}
    for i, (t, r, c) in enumerate(CELLS):
        s = standard_spec("003")
        table = s.t3 if t == "三" else s.t4
        v = int(table[(r, c)])
        table[(r, c)] = str(v + 1) if (i % 2 == 0 or v == 0) else str(v - 1)
        docs[(t, r, c)] = build_docx(s, folder / f"m{i:03d}.docx", layout)
    pdfs = convert_to_pdf(docs.values(), folder / "pdf")
    return {k: pdfs[v] for k, v in docs.items()}


@needs_lo
def test_borderless_unchanged_report_has_no_error(mutated):
    assert errors(check_pdf(mutated["base"])) == []


@needs_lo
def test_borderless_every_mutated_cell_is_named(mutated):
    misses = []
    for key in CELLS:
        result = check_pdf(mutated[key])
        if not any(key in [(x.table, x.row, x.col) for x in f.cells] for f in errors(result)):
            misses.append(key)
    assert misses == []
