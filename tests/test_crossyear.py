"""Last year's report: R6 carry-over on the right cells, R7, pairs that are not pairs, W-copy
measured on texts written for the test, the canonical tables in the JSON, and the command line."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.engine_helpers import signature, standard_spec
from tests.fixtures import build_docx, build_xlsx
from tests.fixtures.spec import T3_COLS, t3_rows
from tests.fixtures.years import break_carry_over, previous_year

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    return subprocess.run([sys.executable, "-m", "core", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=180)


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """Seed 000 (2022) with standard headings, its 2021 report, and 2022 variants with a broken
    carry-over (each table self-consistent)."""
    d = tmp_path_factory.mktemp("pair")
    this = standard_spec("000")
    prev = previous_year(this, 2022)
    files = {
        "prev": build_docx(prev, d / "怀柔区2021.docx"),
        "this": build_docx(this, d / "怀柔区2022.docx"),
        "broken": build_docx(break_carry_over(this, "natural", 3), d / "怀柔区2022-结转错.docx"),
        "broken2": build_docx(break_carry_over(break_carry_over(this, "natural", -1), "legal_service", 2),
                              d / "怀柔区2022-两列错.docx"),
        "prev_xlsx": build_xlsx(prev, d / "怀柔区2021表格.xlsx"),
    }
    return this, prev, files


def _codes(findings, code):
    return [f for f in findings if f.code == code]


def test_each_year_is_clean_on_its_own(pair):
    from core.check import check_path

    _, _, files = pair
    for k in ("prev", "this", "broken", "broken2"):
        r = check_path(files[k])
        assert r.errors == 0, (k, [f.message for f in r.findings if f.severity == "error"])


def test_clean_pair_gives_no_error(pair):
    from core.check import check_pair

    _, _, files = pair
    r = check_pair(files["this"], files["prev"])
    assert r.errors == 0, [f.message for f in r.findings if f.severity == "error"]
    assert not _codes(r.findings, "R6") and not _codes(r.findings, "R7") and not _codes(r.findings, "X-pair")
    assert _codes(r.findings, "I-previous")
    assert r.crossyear is not None and r.crossyear.paired


def test_broken_carry_over_is_caught_on_the_right_cells(pair):
    from core.check import check_pair

    this, prev, files = pair
    r = check_pair(files["broken"], files["prev"])
    r6 = _codes(r.findings, "R6")
    assert {(c.table, c.row, c.col) for f in r6 for c in f.cells} == {("三", "carried_in", "natural"),
                                                                     ("三", "carried_in", "total")}
    assert all(f.severity == "error" for f in r6)
    nat = next(f for f in r6 if f.cells[0].col == "natural")
    last = int(prev.t3[("carried_out", "natural")])
    assert nat.expected == last and nat.actual == last + 3
    assert f"为 {last}" in nat.message and f"填的是 {last + 3}" in nat.message
    assert "怀柔区2021.docx" in nat.message and "第" in nat.message and "表格" in nat.message  # where it stands last year
    assert nat.positions and nat.location  # this year's cell in this year's file
    # this year's own identities hold, so no value is proposed that would break R1
    assert nat.suggested is None


def test_two_broken_columns(pair):
    from core.check import check_pair

    _, _, files = pair
    r = check_pair(files["broken2"], files["prev"])
    cols = {f.cells[0].col for f in _codes(r.findings, "R6")}
    assert cols == {"natural", "legal_service", "total"}


def test_suggestion_when_the_carry_over_alone_is_wrong(pair, tmp_path):
    """Only 二、上年结转 mistyped (R1 broken by the same amount): R6 proposes last year's figure."""
    from core.check import check_pair

    this, prev, files = pair
    spec = this.copy()
    spec.t3[("carried_in", "natural")] = str(int(spec.t3[("carried_in", "natural")]) + 2)
    spec.t3[("carried_in", "total")] = str(int(spec.t3[("carried_in", "total")]) + 2)
    r = check_pair(build_docx(spec, tmp_path / "t.docx"), files["prev"])
    nat = next(f for f in _codes(r.findings, "R6") if f.cells[0].col == "natural")
    assert nat.suggested == int(prev.t3[("carried_out", "natural")])
    assert nat.target is not None and (nat.target.row, nat.target.col) == ("carried_in", "natural")


def test_last_year_as_excel_written_by_another_builder(pair):
    from core.check import check_pair

    _, _, files = pair
    r = check_pair(files["broken"], files["prev_xlsx"])
    r6 = _codes(r.findings, "R6")
    assert {f.cells[0].col for f in r6} == {"natural", "total"}
    assert "工作表" in r6[0].message  # last year's place named as a sheet cell


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_last_year_saved_by_libreoffice(pair, tmp_path):
    from core.check import check_pair

    _, _, files = pair
    out = tmp_path / "lo"
    out.mkdir()
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(files["prev"])],
                   capture_output=True, timeout=180)
    converted = out / files["prev"].name
    if not converted.exists():
        pytest.skip("LibreOffice could not convert here")
    r = check_pair(files["broken"], converted)
    assert {f.cells[0].col for f in _codes(r.findings, "R6")} == {"natural", "total"}
    assert not _codes(check_pair(files["this"], converted).findings, "R6")


def test_r7_in_force_continuity(pair, tmp_path):
    from core.check import check_pair

    this, _, files = pair
    spec = this.copy()
    spec.t2[("normative_docs", "in_force")] = str(int(spec.t2[("normative_docs", "in_force")]) + 5)
    r = check_pair(build_docx(spec, tmp_path / "r7.docx"), files["prev"])
    r7 = _codes(r.findings, "R7")
    assert len(r7) == 1 and r7[0].severity == "warning"
    assert (r7[0].cells[0].row, r7[0].cells[0].col) == ("normative_docs", "in_force")
    assert r7[0].actual == r7[0].expected + 5
    assert not _codes(r.findings, "R6")


def test_not_a_pair_gets_one_clear_finding(pair, tmp_path):
    from core.check import check_pair

    this, prev, files = pair
    # two years apart
    old = previous_year(prev, 2021)
    r = check_pair(files["broken"], build_docx(old, tmp_path / "2020.docx"))
    xp = _codes(r.findings, "X-pair")
    assert len(xp) == 1 and "2020" in xp[0].message and "相邻" in xp[0].message
    assert not _codes(r.findings, "R6") and r.crossyear.paired is False
    # another agency
    other = prev.copy()
    other.title_lines = [t.replace("北京市怀柔区人民政府", "北京市密云区人民政府") for t in other.title_lines]
    r = check_pair(files["broken"], build_docx(other, tmp_path / "密云.docx"))
    xp = _codes(r.findings, "X-pair")
    assert len(xp) == 1 and "密云区" in xp[0].message and not _codes(r.findings, "R6")
    # the same file twice
    r = check_pair(files["this"], files["this"])
    assert len(_codes(r.findings, "X-pair")) == 1


def test_same_agency_written_differently_is_a_pair(pair, tmp_path):
    from core.check import check_pair

    _, prev, files = pair
    p = prev.copy()
    p.title_lines = [t.replace("北京市怀柔区人民政府", "北京市怀柔区政府") for t in p.title_lines]
    r = check_pair(files["broken"], build_docx(p, tmp_path / "p.docx"))
    assert not _codes(r.findings, "X-pair") and len(_codes(r.findings, "R6")) == 2


def test_recheck_keeps_the_comparison(pair):
    from core.check import check_pair

    _, prev, files = pair
    r = check_pair(files["broken"], files["prev"])
    last = int(prev.t3[("carried_out", "natural")])
    fixed = r.recheck({("三", "carried_in", "natural"): str(last),
                       ("三", "carried_in", "total"): str(int(prev.t3[("carried_out", "total")])),
                       ("三", "carried_out", "natural"): str(int(r.report.value("三", "carried_out", "natural")) - 3),
                       ("三", "carried_out", "total"): str(int(r.report.value("三", "carried_out", "total")) - 3)})
    assert fixed.crossyear is not None and not _codes(fixed.findings, "R6") and fixed.errors == 0


def test_tables_json_canonical_keys(pair):
    from core.check import check_path

    this, _, files = pair
    t = check_path(files["this"]).to_json()["tables"]
    assert set(t) == {"二", "三", "四"}
    assert t["三"]["new"]["natural"] == 251 and isinstance(t["三"]["new"]["natural"], int)
    assert t["二"]["fees"]["amount"] == pytest.approx(3408.6815)
    assert t["四"]["suit_direct"]["total"] == 46
    assert set(t["三"]["total"]) == set(T3_COLS)
    assert {(r, c) for r, cols in t["三"].items() for c in cols} == {(r, c) for r in t3_rows("2021") for c in T3_COLS}


def test_tables_json_null_for_blank(tmp_path):
    from core.check import check_path

    spec = standard_spec("004")
    spec.t3[("withheld_3", "research")] = ""
    t = check_path(build_docx(spec, tmp_path / "b.docx")).to_json()["tables"]
    assert t["三"]["withheld_3"]["research"] is None
    assert t["二"]["procurement"]["amount"] == pytest.approx(28130.0902)


def test_cli_previous_json(pair):
    _, _, files = pair
    p = run("check", files["broken"], "--previous", files["prev"], "--json")
    assert p.returncode == 1, p.stderr
    data = json.loads(p.stdout)
    r6 = [f for f in data["findings"] if f["code"] == "R6"]
    assert {f["cells"][0]["col"] for f in r6} == {"natural", "total"}
    assert data["crossyear"]["previous"]["file"].endswith("怀柔区2021.docx")
    assert data["tables"]["三"]["carried_in"]["natural"] == r6[0]["actual"] or r6[1]["actual"]
    p = run("check", files["this"], "--previous", files["prev"])
    assert p.returncode == 0 and "I-previous" in p.stdout


def test_cli_previous_unreadable(pair, tmp_path):
    _, _, files = pair
    bad = tmp_path / "上年.docx"
    bad.write_bytes(b"not a zip at all")
    p = run("check", files["this"], "--previous", bad)
    assert p.returncode == 2 and "上年报告「上年.docx」无法读取" in p.stderr and "Traceback" not in p.stderr


# ----- W-copy on texts written for the test --------------------------------------------------

LAST = [
    "本年度，我局坚持以公开为常态、不公开为例外，围绕中心工作推进决策、执行、管理、服务、结果公开。",
    "依申请公开方面，严格执行登记、审核、答复流程，所有申请均在法定期限内答复，未发生超期情况。",
    "平台建设方面，对门户网站进行改版，新增政策解读专栏，优化检索功能，方便群众查找信息。",
    "监督保障方面，将政务公开纳入年度绩效考核，组织全体干部参加业务培训，邀请专家现场授课。",
]
UNRELATED = [
    "今年重点推进了老旧小区加装电梯工作，协调住户意见，完成了三十多个单元的施工与验收。",
    "在河道治理中，组织志愿者清理沿岸垃圾，恢复绿化带，并建立河长巡查记录以便随时掌握水质变化。",
    "针对冬季供暖，开通热线受理报修，安排维修队伍夜间值守，确保居民家中温度达标。",
]


def _measure(this, last):
    from core.rules.copying import measure

    return measure("一", this, last)


def test_copy_identical_is_100():
    m = _measure(LAST, LAST)
    assert m.percent == 100 and m.repeated == m.chars


def test_copy_reordered_is_still_100():
    m = _measure(list(reversed(LAST)), LAST)
    assert m.percent == 100


def test_copy_lightly_edited_is_high_and_passages_skip_the_edits():
    edited = [p.replace("本年度", "2023年").replace("改版", "全面升级改造").replace("专家", "律师") for p in LAST]
    edited[1] = edited[1].replace("未发生超期情况", "全年共答复申请56件")
    m = _measure(edited, LAST)
    assert 70 <= m.percent < 100
    # the inserted words are not highlighted
    for pi, a, b in m.passages:
        assert "律师" not in edited[pi][a:b] and "全面升级改造" not in edited[pi][a:b]


def test_copy_numbers_changed_still_counts_as_copied():
    last = ["全年共受理政府信息公开申请120件，办结118件，结转下年度2件。"]
    this = ["全年共受理政府信息公开申请97件，办结95件，结转下年度2件。"]
    assert _measure(this, last).percent == 100


def test_copy_unrelated_is_near_0():
    assert _measure(UNRELATED, LAST).percent <= 5


def test_copy_half_copied():
    m = _measure(LAST[:2] + UNRELATED[:2], LAST)
    assert 35 <= m.percent <= 65


def test_wcopy_findings_and_threshold(pair, tmp_path):
    from core.check import check_pair

    this, prev, _ = pair
    t, p = this.copy(), prev.copy()
    for s in p.sections:
        if s.key == "一":
            s.paragraphs = list(LAST)
        if s.key == "五":
            s.paragraphs = ["问题：信息更新不够及时。", "改进：明年建立定期巡查制度，按月通报。"]
    for s in t.sections:
        if s.key == "一":
            s.paragraphs = list(reversed(LAST)) + ["2022年还完成了政府信息公开指南的修订。"]
        if s.key == "五":
            s.paragraphs = list(UNRELATED)
    a, b = build_docx(t, tmp_path / "t.docx"), build_docx(p, tmp_path / "p.docx")
    r = check_pair(a, b)
    wc = _codes(r.findings, "W-copy")
    assert [f.section for f in wc] == ["一"] and wc[0].severity == "warning"
    assert "超过 60%" in wc[0].message
    m = r.crossyear.copy["一"]
    assert m.percent >= 85 and m.passages
    assert r.crossyear.copy["五"].percent <= 5
    # the passages point at this year's paragraphs of section 一 (for the window's highlights)
    paras = r.report.sections["一"].paragraphs
    assert any(LAST[0][:10] in paras[pi].text[a0:b0] for pi, a0, b0 in m.passages)
    assert wc[0].paragraph is not None
    # a higher threshold: no warning, the percentages still reported
    r = check_pair(a, b, copy_threshold=0.95)
    assert not _codes(r.findings, "W-copy") and _codes(r.findings, "I-copy")


def test_same_findings_from_the_archive_as_by_hand(pair):
    from core.archive import Archive, check_with_archive
    from core.check import check_pair

    _, _, files = pair
    by_hand = check_pair(files["broken"], files["prev"])
    arch = Archive()
    check_with_archive(files["prev"], archive=arch)
    auto, _ = check_with_archive(files["broken"], archive=arch)
    assert auto.crossyear is not None and "档案" in auto.crossyear.source
    assert signature(auto) == signature(by_hand)
    assert [f.message for f in auto.findings if f.code == "R6"] == [f.message for f in by_hand.findings if f.code == "R6"]
    info = _codes(auto.findings, "I-previous")[0]
    assert "怀柔区2021.docx" in info.message and "档案编号" in info.message
    arch.close()


def test_cli_check_uses_the_archive_by_itself(pair):
    _, _, files = pair
    assert run("check", files["prev"]).returncode == 0
    p = run("check", "--json", files["broken"])
    assert p.returncode == 1
    data = json.loads(p.stdout)
    assert {f["cells"][0]["col"] for f in data["findings"] if f["code"] == "R6"} == {"natural", "total"}
    assert data["crossyear"]["previous"]["archive_id"] is not None
    p = run("check", "--json", "--no-archive", files["broken"])
    assert p.returncode == 0 and "crossyear" not in json.loads(p.stdout)


def test_batch_over_several_years_pairs_each_unit(pair, tmp_path):
    """A folder with three years of one unit and another unit: each consecutive pair is compared."""
    from tests.fixtures.years import random_unit
    import random

    this, prev, files = pair
    folder = tmp_path / "各年"
    folder.mkdir()
    shutil.copy(files["broken"], folder / "怀柔区2022.docx")
    shutil.copy(files["prev"], folder / "怀柔区2021.docx")
    build_docx(previous_year(prev, 2021), folder / "怀柔区2020.docx")  # 2020 in the 2021 layout: F1, still paired
    build_docx(random_unit(3, 2022, random.Random(3)), folder / "其他单位2022.docx")
    p = run("check", "--json", folder)
    lines = [json.loads(x) for x in p.stdout.splitlines()]
    per_file = [x for x in lines if "crossyear" not in x]
    pairs = {(Path(x["file"]).name, Path(x["previous"]).name): x for x in lines if "crossyear" in x}
    assert len(per_file) == 4
    assert set(pairs) == {("怀柔区2022.docx", "怀柔区2021.docx"), ("怀柔区2021.docx", "怀柔区2020.docx")}
    r6 = [f for f in pairs[("怀柔区2022.docx", "怀柔区2021.docx")]["findings"] if f["code"] == "R6"]
    assert {f["cells"][0]["col"] for f in r6} == {"natural", "total"}
    assert not [f for f in pairs[("怀柔区2021.docx", "怀柔区2020.docx")]["findings"] if f["code"] == "R6"]
    assert p.returncode == 1
