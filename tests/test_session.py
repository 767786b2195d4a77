"""CheckSession: the clerk's edits over a check (core only, no Qt). Reports are built by the test
fixtures (Word through the fixture builder, Excel through openpyxl with =SUM totals)."""

from __future__ import annotations

import pytest

from core.check import check_path
from core.export import export_result, suggested_edits
from core.session import CheckSession
from tests.engine_helpers import errors, standard_spec
from tests.fixtures.docx_builder import build_docx
from tests.fixtures.spec import T3_APPLICANT_COLS, t3_rows
from tests.fixtures.xlsx_builder import build_xlsx


def _wrong_cells():
    """Seed 000 with one wrong figure in 三 (a crossing: R-CELL) and a wrong total in 四 (R5)."""
    spec = standard_spec("000")
    spec.t3[("granted", "natural")] = str(int(spec.t3[("granted", "natural")]) + 3)
    spec.t4[("review", "total")] = str(int(spec.t4[("review", "total")]) + 2)
    return spec


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    return check_path(build_docx(_wrong_cells(), tmp_path_factory.mktemp("s") / "faulty.docx"))


def test_edit_back_to_the_files_value_is_not_dirty(faulty):
    s = CheckSession(faulty)
    key = ("三", "new", "natural")
    file_value = s.file_text(key)
    changes = s.set_cell(key, "999")
    assert changes == {key: (None, "999")} and s.dirty and s.edits == {key: "999"}
    assert s.result.errors > faulty.errors
    changes = s.set_cell(key, f" {file_value} ")  # the file's value, spaces around it
    assert changes == {key: ("999", None)}
    assert not s.dirty and s.edits == {}
    assert s.result is faulty
    assert s.set_cell(key, file_value) == {}  # no change at all


def test_changes_replay_as_undo(faulty):
    s = CheckSession(faulty)
    a = s.set_cell(("三", "new", "natural"), "1")
    b = s.set_cell(("三", "new", "natural"), "2")
    assert b == {("三", "new", "natural"): ("1", "2")}
    s.apply_states({k: old for k, (old, _) in b.items()})
    assert s.edits == {("三", "new", "natural"): "1"}
    s.apply_states({k: old for k, (old, _) in a.items()})
    assert s.edits == {} and s.result.errors == faulty.errors


def test_plan_all_lowers_the_error_count_and_lists_old_and_new(faulty):
    s = CheckSession(faulty)
    plan = s.plan_all()
    assert plan, "the faulty report has suggestions"
    by_key = {p.key: p for p in plan}
    spec = standard_spec("000")
    assert by_key[("三", "granted", "natural")].new == spec.t3[("granted", "natural")]
    assert by_key[("四", "review", "total")].new == spec.t4[("review", "total")]
    for p in plan:
        assert p.old == faulty.report.cell(*p.key).raw.strip()
        assert p.name.startswith("表") and p.old != p.new
    assert s.edits == {}  # planning applies nothing
    changes = s.apply(plan)
    assert set(changes) == set(by_key)
    assert s.result.errors < faulty.errors and errors(s.result) == []
    # the exports' own "every suggestion" is the same plan
    assert suggested_edits(faulty) == {p.key: p.new for p in plan}


def test_plan_all_on_a_clean_report_is_empty(tmp_path):
    result = check_path(build_docx(standard_spec("000"), tmp_path / "clean.docx"))
    assert errors(result) == []
    assert CheckSession(result).plan_all() == []


def _blank_total_column():
    """Table 三 with its 总计 column left blank, except a correct grand total."""
    spec = standard_spec("000")
    grand = spec.t3[("total", "total")]
    for row in t3_rows("2021"):
        spec.t3[(row, "total")] = ""
    spec.t3[("total", "total")] = grand
    return spec, grand


def test_apply_all_never_replaces_a_value_by_one_derived_from_blank_cells(tmp_path):
    import dataclasses
    from decimal import Decimal

    from core.check import CheckResult
    from core.findings import CellRef

    spec, grand = _blank_total_column()
    result = check_path(build_docx(spec, tmp_path / "blank-total.docx"))
    key = ("三", "total", "total")
    assert result.report.cell(*key).raw.strip() == grand
    # The rules once suggested 0 for it (the sum of the blank cells above it); whatever the rules
    # say, the session never takes such a value: give the finding that suggestion back.
    r3 = next(f for f in result.findings if f.code == "R3" and any(c.col == "total" for c in f.cells))
    old_r3 = dataclasses.replace(r3, target=CellRef(*key), suggested=Decimal(0))
    findings = [old_r3 if f is r3 else f for f in result.findings]
    for res in (result, CheckResult(result.path, result.document, result.report, findings)):
        s = CheckSession(res)
        plan = s.plan_all()
        assert key not in {p.key for p in plan}
        for p in plan:  # what is applied is computed from figures, and fills blanks
            assert p.old.strip() == "" and p.new != "0"
        s.apply(plan)
        assert s.text(key).strip() == grand
        assert errors(s.result) == []  # the blank totals were filled from the figures beside them
        assert key not in suggested_edits(res)


def test_plan_all_never_makes_a_report_worse(tmp_path):
    """Many damaged variants: whatever the plan applies, the error count goes down (or nothing is
    applied)."""
    base = standard_spec("000")
    rows = t3_rows("2021")
    for i, (row, col) in enumerate([(r, c) for r in rows[::3] for c in T3_APPLICANT_COLS[:2]]):
        spec = base.copy()
        old = spec.t3[(row, col)]
        spec.t3[(row, col)] = str(int(old or 0) + 5 + i) if i % 3 else ""
        if i % 2:
            spec.t3[(row, "total")] = ""
        result = check_path(build_docx(spec, tmp_path / f"v{i}.docx"))
        s = CheckSession(result)
        plan = s.plan_all()
        s.apply(plan)
        if plan:
            assert s.result.errors < result.errors or (
                s.result.errors == result.errors and s.result.warnings < result.warnings), (row, col)
        else:
            assert s.result.errors == result.errors


def test_export_takes_the_sessions_edits(faulty, tmp_path):
    s = CheckSession(faulty)
    s.apply(s.plan_all())
    out = tmp_path / "std.docx"
    export_result(s.original, out, "standard", s.export_edits("standard"))
    assert errors(check_path(out)) == []


# ----- issue 14 point 9: an .xlsx whose totals are =SUM(...) ---------------------------------------


def test_xlsx_totals_follow_an_edit(tmp_path):
    spec = standard_spec("000")
    src = build_xlsx(spec, tmp_path / "sums.xlsx", formulas="cached")
    result = check_path(src)
    assert errors(result) == []
    row_total = ("三", "granted", "total")
    assert result.report.cell(*row_total).formula  # the total is a formula in the file
    s = CheckSession(result)
    s.set_cell(("三", "granted", "natural"), str(int(spec.t3[("granted", "natural")]) + 4))
    # the row's 总计 and the column's （七）总计 follow, as Excel would compute them
    assert s.derived[row_total] == str(int(spec.t3[("granted", "total")]) + 4)
    assert s.derived[("三", "total", "natural")] == str(int(spec.t3[("total", "natural")]) + 4)
    assert s.derived[("三", "total", "total")] == str(int(spec.t3[("total", "total")]) + 4)
    assert s.text(row_total) == s.derived[row_total]
    assert row_total not in s.edits  # a consequence, not an edit
    codes = {f.code for f in s.result.findings if f.severity == "error"}
    assert not codes & {"R3", "R4"}  # the sums hold: the clerk is not told to undo the edit
    assert "R1" in codes or "R-CELL" in codes  # 新收 + 结转 no longer match the outcomes
    # back to the file's value: nothing derived any more
    s.set_cell(("三", "granted", "natural"), spec.t3[("granted", "natural")])
    assert s.derived == {} and not s.dirty and errors(s.result) == []
    # the new layouts take the totals too; the corrected copy keeps its formulas
    s.set_cell(("三", "granted", "natural"), "0")
    assert row_total in s.export_edits("xlsx") and row_total not in s.export_edits("corrected")


def test_copy_threshold_is_set_on_the_session_and_keeps_the_edits(tmp_path):
    """The window's threshold goes through the same door as ``check --copy-threshold``
    (``with_previous``): the session's result equals a check of the pair with that threshold, the
    clerk's edits applied on top."""
    from core.check import check_pair
    from tests.fixtures.years import LAST_YEAR_TEXT, previous_year

    this = standard_spec("000")
    prev = previous_year(this, 2022)
    for s in this.sections:  # section 五 copied word for word from last year
        if s.key == "五":
            s.paragraphs = [p.format(y=2021) for p in LAST_YEAR_TEXT["五"]]
    a, b = build_docx(this, tmp_path / "2022.docx"), build_docx(prev, tmp_path / "2021.docx")
    s = CheckSession(check_pair(a, b))
    assert s.copy_threshold == 0.6 and [f.section for f in s.result.findings if f.code == "W-copy"] == ["五"]
    key = ("三", "new", "natural")
    s.set_cell(key, str(int(this.t3[("new", "natural")]) + 1))
    edited = s.result
    s.set_copy_threshold(1.0)
    assert s.copy_threshold == 1.0 and s.edits == {key: str(int(this.t3[("new", "natural")]) + 1)}
    assert not [f for f in s.result.findings if f.code == "W-copy"]
    by_hand = check_pair(a, b, copy_threshold=1.0).recheck(s.edits)
    assert [(f.code, f.message) for f in s.result.findings] == [(f.code, f.message) for f in by_hand.findings]
    assert s.original.crossyear.copy["五"].percent == 100  # the measure itself does not change
    s.set_copy_threshold(0.6)
    assert [(f.code, f.message) for f in s.result.findings] == [(f.code, f.message) for f in edited.findings]
    # without last year's report: nothing to measure, nothing changes
    plain = CheckSession(check_path(a))
    assert plain.copy_threshold is None and plain.set_copy_threshold(0.3) is plain.result
