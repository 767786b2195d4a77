"""Batch checking (core.batch and ``python -m core check`` on folders): one row per file, a bad file
never stops the batch, parallel = sequential, cancel, coverage against a list of units, the
summary workbook."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from core import batch
from core.batch import (
    BatchItem,
    UnitsFileError,
    check_many,
    coverage,
    expand_paths,
    guess_year,
    load_expected_units,
    match_unit,
    normalize_unit,
    place_of,
    unit_from_filename,
    write_batch_outputs,
    write_batch_xlsx,
    year_from_filename,
)
from tests import hostile
from tests.engine_helpers import standard_spec
from tests.fixtures import SEEDS, build_docx, build_xlsx

ROOT = Path(__file__).resolve().parent.parent

UNITS = ["怀柔区政府", "区教委", "区财政局", "区水务局", "区民政局", "区统计局", "怀柔区政府办公室"]


def _titled(key: str, agency: str, year: int = 2022, clean: bool = True):
    spec = standard_spec(key) if clean else SEEDS[key].copy()
    spec.title_lines = [f"{agency}{year}年政府信息公开工作年度报告"]
    return spec


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A district's folder: good, faulty and unreadable files, a lock file, sub-folders."""
    d = tmp_path_factory.mktemp("报送")
    (d / "怀柔区政府").mkdir()
    build_docx(_titled("000", "北京市怀柔区人民政府"), d / "怀柔区政府" / "01-北京市怀柔区人民政府2022年报告.docx")
    faulty = _titled("000", "北京市怀柔区教育委员会")
    faulty.t3[("granted", "commercial")] = str(int(faulty.t3[("granted", "commercial")]) + 7)
    build_docx(faulty, d / "02-教委.docx")
    build_docx(_titled("000", "北京市怀柔区财政局", clean=False), d / "03-财政.docx")  # warnings only
    build_xlsx(standard_spec("000"), d / "04-区水务局2022年报表.xlsx")  # tables only: unit from the name
    hostile.make_doc(d, "05-区民政局.docx")  # a .doc renamed .docx
    hostile.make_empty(d, "06-空文件.docx")
    (d / "~$01-北京市怀柔区人民政府.docx").write_bytes(b"\x00lock")  # Word's owner file: skipped
    build_docx(_titled("000", "北京市怀柔区气象局"), d / "07-气象局.docx")  # not on the list
    build_docx(SEEDS["004"], d / "08-去年的.docx")  # 北京市大兴区人民政府 2020: another year
    (d / "说明.txt").write_text("不是报告", encoding="utf-8")  # not a report file type: skipped
    return d


@pytest.fixture(scope="module")
def units_file(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("名单") / "应报送单位.txt"
    p.write_text("\n".join(UNITS) + "\n", encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def items(folder):
    return check_many(expand_paths([folder]), workers=1)


def _by_name(items):
    return {Path(i.file).name: i for i in items}


# ------------------------------------------------------------------------------------- files


def test_expand_paths_recurses_skips_lock_files_and_keeps_order(folder):
    files = expand_paths([folder])
    names = [f.name for f in files]
    assert "~$01-北京市怀柔区人民政府.docx" not in names
    assert "说明.txt" not in names
    assert len(files) == 8
    assert names[-1] == "01-北京市怀柔区人民政府2022年报告.docx"  # in the sub-folder 怀柔区政府
    assert names == sorted(names[:-1]) + names[-1:]
    # a file given explicitly is kept whatever it is; the order of the arguments is kept
    odd = folder / "说明.txt"
    assert expand_paths([odd, folder / "02-教委.docx"]) == [odd, folder / "02-教委.docx"]


def test_expand_paths_lists_legacy_office_files(tmp_path):
    hostile.make_doc(tmp_path, "旧报告.doc")
    hostile.make_xls(tmp_path, "旧表.xls")
    assert sorted(p.name for p in expand_paths([tmp_path])) == ["旧报告.doc", "旧表.xls"]
    assert expand_paths([tmp_path], legacy=False) == []


def test_cli_expand_paths_is_the_batch_one(folder):
    from core import cli

    assert cli.expand_paths([folder]) == batch.expand_paths([folder])


# --------------------------------------------------------------------------------- one row each


def test_one_item_per_file_and_bad_files_do_not_stop_the_batch(items):
    by = _by_name(items)
    assert len(items) == 8
    assert [i.index for i in items] == list(range(8))
    good = by["01-北京市怀柔区人民政府2022年报告.docx"]
    assert (good.status, good.agency, good.year, good.format) == ("ok", "北京市怀柔区人民政府", 2022, "2021")
    faulty = by["02-教委.docx"]
    assert faulty.status == "error" and faulty.errors >= 1 and "R-CELL" in faulty.by_code
    assert by["03-财政.docx"].status == "warning" and by["03-财政.docx"].errors == 0
    for name in ("05-区民政局.docx", "06-空文件.docx"):
        bad = by[name]
        assert bad.status == "unreadable" and not bad.readable
        assert name in bad.error and bad.reason in ("legacy_doc", "empty")
        assert bad.to_json() == {"file": bad.file, "error": bad.error}
    # the items that were read come after the unreadable ones too: the batch went on
    assert by["07-气象局.docx"].readable and by["08-去年的.docx"].year == 2020


def test_item_json_is_the_check_result_json(items, folder):
    from core.check import check_path

    item = _by_name(items)["02-教委.docx"]
    assert item.to_json() == check_path(folder / "02-教委.docx").to_json()


def test_problems_are_named_by_table_and_section(items):
    faulty = _by_name(items)["02-教委.docx"]
    assert "表三" in faulty.places
    assert faulty.problem_summary().startswith("表三 ")
    assert any("表三「" in c for c in faulty.cell_names)
    warned = _by_name(items)["03-财政.docx"]
    assert {"第一部分", "第五部分", "表三"} <= set(warned.places)
    assert warned.problem_places()[0][0] == "第一部分"  # document order


@pytest.mark.parametrize("finding, place", [
    ({"code": "R1", "table": "三", "section": "三"}, "表三"),
    ({"code": "S1", "table": None, "section": "五"}, "第五部分"),
    ({"code": "R9", "table": None, "section": "六"}, "第六部分"),
    ({"code": "P1", "table": None, "section": None, "cells": [{"table": "统计表", "row": "x", "col": "y"}]}, "旧版统计表"),
    ({"code": "W-agency", "table": None, "section": None}, "标题"),
    ({"code": "I-read", "table": None, "section": None}, "文件"),
    ({"code": "R5", "table": "四", "section": "四"}, "表四"),
    # the kinds of one rule are placed by the rule (family), with or without "family" in the JSON
    ({"code": "W-year-future", "table": None, "section": None}, "标题"),
    ({"code": "W-agency-none", "family": "W-agency", "table": None, "section": None}, "标题"),
    ({"code": "I-read-part", "table": None, "section": None}, "文件"),
])
def test_place_of(finding, place):
    assert place_of(finding) == place
    assert batch.place_long("表三") == "表三（收到和处理政府信息公开申请情况）"
    assert batch.place_long("第五部分") == "第五部分「存在的主要问题及改进情况」"


def test_a_file_where_no_table_was_recognized_is_not_passed_as_ok(items, tmp_path):
    item = BatchItem(0, "汇总.xlsx", format=None, errors=0, warnings=0)
    assert item.status == "unrecognized" and item.status_label == "✕ 未能识别"
    # e.g. a summary workbook saved into the folder of the reports and checked with them
    summary = write_batch_xlsx(items, tmp_path / "汇总.xlsx")
    (checked,) = check_many([summary])
    assert checked.readable and checked.format is None
    assert checked.status in ("unrecognized", "error")


# ------------------------------------------------------------------------------------ parallel


def test_parallel_gives_the_same_items_as_one_process(folder, items):
    parallel = check_many(expand_paths([folder]), workers=2)
    assert [i.to_json() for i in parallel] == [i.to_json() for i in items]
    assert [i.status for i in parallel] == [i.status for i in items]


def test_progress_is_reported_for_every_file(folder):
    seen = []
    out = check_many(expand_paths([folder]), workers=2, progress=lambda d, t, it: seen.append((d, t, it.index)))
    assert [d for d, _, _ in seen] == list(range(1, 9))
    assert {t for _, t, _ in seen} == {8}
    assert sorted(i for _, _, i in seen) == list(range(8))
    assert len(out) == 8


@pytest.mark.parametrize("workers", [1, 2])
def test_cancel_stops_the_batch(folder, workers):
    paths = expand_paths([folder]) * 4  # 32 files
    stop = threading.Event()
    seen = []

    def progress(done, total, item):
        seen.append(item.index)
        stop.set()

    out = check_many(paths, workers=workers, progress=progress, cancel=stop, chunk_size=1)
    assert 1 <= len(out) < len(paths)
    assert [i.index for i in out] == sorted(i.index for i in out)
    # a callable works as well as an Event
    assert check_many(paths, workers=1, cancel=lambda: True) == []


def test_an_unexpected_exception_in_one_file_does_not_stop_the_batch(folder, monkeypatch):
    import core.check

    real = core.check.check_path

    def flaky(path):
        if "教委" in str(path):
            raise ValueError("boom")
        return real(path)

    monkeypatch.setattr(core.check, "check_path", flaky)
    out = check_many(expand_paths([folder]), workers=1)
    assert len(out) == 8
    bad = _by_name(out)["02-教委.docx"]
    assert bad.reason == "unexpected" and "意外错误" in bad.error and "ValueError" in bad.error
    assert _by_name(out)["01-北京市怀柔区人民政府2022年报告.docx"].status == "ok"


@pytest.mark.skipif(sys.platform == "win32" or "fork" not in __import__("multiprocessing").get_all_start_methods(),
                    reason="needs fork to pass the crashing function to the workers")
def test_a_file_that_kills_its_worker_is_named_and_the_others_are_checked(folder, monkeypatch):
    import multiprocessing

    from core.batch import pool as pool_mod

    real = pool_mod.check_one

    def crashing(index, path):
        if "教委" in str(path):
            os._exit(3)  # a hard crash of the worker process (as a segfault would be)
        return real(index, path)

    monkeypatch.setattr(pool_mod, "check_one", crashing)  # the workers are forked after this
    with pool_mod.WorkerPool(2, context=multiprocessing.get_context("fork")) as pool:
        out = check_many(expand_paths([folder]), pool=pool)
    assert len(out) == 8
    by = _by_name(out)
    assert by["02-教委.docx"].reason == "crashed" and "意外退出" in by["02-教委.docx"].error
    assert by["01-北京市怀柔区人民政府2022年报告.docx"].status == "ok"
    assert by["03-财政.docx"].status == "warning"


def test_frozen_build_without_freeze_support_checks_in_process(folder, monkeypatch):
    from core.batch import pool as pool_mod

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(pool_mod, "_FROZEN_POOL_OK", False)
    monkeypatch.setattr(pool_mod.WorkerPool, "run", lambda *a, **k: pytest.fail("no pool in a frozen build"))
    monkeypatch.setattr(pool_mod, "shared_pool", lambda *a, **k: pytest.fail("no pool in a frozen build"))
    assert len(check_many(expand_paths([folder])[:3], workers=2)) == 3


def test_empty_input():
    assert check_many([]) == []


# ---------------------------------------------------------------------------------- unit names


@pytest.mark.parametrize("a, b", [
    ("北京市怀柔区人民政府办公室", "北京市怀柔区政府办公室"),
    ("怀柔区 政府 办公室", "怀柔区政府办公室"),
    ("怀柔区政府办公室", "怀柔区政府办公室"),  # full-width letters would fold too
    ("ＡＢＣ区政府", "abc区政府"),
    ("（怀柔区）政府", "(怀柔区)政府"),
])
def test_normalize_unit(a, b):
    assert normalize_unit(a) == normalize_unit(b)


@pytest.mark.parametrize("agency, expected", [
    ("北京市怀柔区人民政府办公室", "怀柔区政府办公室"),  # city prefix, 人民政府 = 政府
    ("北京市怀柔区人民政府", "怀柔区政府"),  # and not 怀柔区政府办公室
    ("怀柔区人民政府办公室（区政府外事办公室）", "怀柔区政府办公室"),  # text in brackets
    ("北京市怀柔区　财政局", "区财政局"),  # U+3000
    ("北京市怀柔区教育委员会", "区教委"),  # abbreviation
    ("北京市怀柔区发展和改革委员会", "区发改委"),
    ("北京市怀柔区市场监督管理局", "区市场监管局"),
    ("北京市怀柔区泉河街道办事处", "泉河街道"),
    ("政府办公室", "怀柔区政府办公室"),  # the report omits the district; the list has the full name
])
def test_match_unit(agency, expected):
    units = ["怀柔区政府", "怀柔区政府办公室", "区教委", "区发改委", "区财政局", "区市场监管局", "泉河街道", "区委办"]
    i, score = match_unit(agency, units)
    assert i is not None and units[i] == expected, (agency, score)


@pytest.mark.parametrize("agency", [
    "北京市怀柔区教育委员会办公室",  # not 区委办 (the party committee's office)
    "北京市怀柔区气象局",
    "北京市密云区人民政府办公室",  # another district's office is not 怀柔区政府办公室
    "",
    None,
])
def test_match_unit_does_not_guess(agency):
    units = ["怀柔区政府", "怀柔区政府办公室", "区委办", "区财政局"]
    assert match_unit(agency, units) == (None, 0)


def test_ambiguous_names_are_not_matched():
    assert match_unit("政府办公室", ["怀柔区政府办公室", "密云区政府办公室"]) == (None, 0)


def test_unit_and_year_from_file_names():
    assert unit_from_filename("03-北京市怀柔区教委2022年政府信息公开工作年度报告(1).docx") == "北京市怀柔区教委"
    assert unit_from_filename("区水务局 2022年度 报表 定稿.xlsx") == "区水务局"
    assert year_from_filename("03-区教委2022年报告.docx") == 2022
    assert year_from_filename("区教委年报.docx") is None
    assert year_from_filename("１２-区教委２０２３年度报告.docx") == 2023


# ---------------------------------------------------------------------------------- unit lists


def test_load_expected_units_txt(tmp_path):
    p = tmp_path / "名单.txt"
    p.write_text("\ufeff单位名称\n1. 怀柔区政府\n2、区教委\n\n  区教委  \n区　财政局\n# 注释\n（3）区水务局\n区财政局\n",
                 encoding="utf-8")
    assert load_expected_units(p) == ["怀柔区政府", "区教委", "区　财政局", "区水务局"]
    g = tmp_path / "名单gbk.txt"
    g.write_bytes("怀柔区政府\r\n区教委\r\n".encode("gb18030"))
    assert load_expected_units(g) == ["怀柔区政府", "区教委"]


def test_load_expected_units_xlsx(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in (["序号", "单位名称", "联系人"], [1, "怀柔区政府", "张"], [2, "区教委", "李"], [3, None, None],
                [4, "区教委", "王"], [5, "区财政局", "赵"]):
        ws.append(row)
    wb.save(tmp_path / "名单.xlsx")
    assert load_expected_units(tmp_path / "名单.xlsx") == ["怀柔区政府", "区教委", "区财政局"]


def test_load_expected_units_errors(tmp_path):
    with pytest.raises(UnitsFileError, match="找不到"):
        load_expected_units(tmp_path / "没有.txt")
    (tmp_path / "空.txt").write_text("\n\n", encoding="utf-8")
    with pytest.raises(UnitsFileError, match="没有找到单位名称"):
        load_expected_units(tmp_path / "空.txt")
    (tmp_path / "名单.pdf").write_bytes(b"%PDF")
    with pytest.raises(UnitsFileError, match=".txt"):
        load_expected_units(tmp_path / "名单.pdf")


# ------------------------------------------------------------------------------------ coverage


def test_coverage_missing_units_and_unknown_agencies(items):
    cov = coverage(items, UNITS, 2022)
    assert cov.year == 2022
    assert cov.missing == ["区统计局", "怀柔区政府办公室"]
    assert list(cov.reported) == ["怀柔区政府", "区教委", "区财政局", "区水务局", "区民政局"]
    # the unreadable .doc counts for 区民政局 (through its file name): the unit did send something
    assert [Path(i.file).name for i in cov.reported["区民政局"]] == ["05-区民政局.docx"]
    assert [Path(i.file).name for i in cov.reported["区水务局"]] == ["04-区水务局2022年报表.xlsx"]
    unknown = sorted(Path(i.file).name for i in cov.unknown)
    assert unknown == ["06-空文件.docx", "07-气象局.docx"]
    assert [Path(i.file).name for i in cov.other_years] == ["08-去年的.docx"]
    assert cov.counts == {"expected": 7, "reported": 5, "missing": 2, "unknown": 2, "other_years": 1}


def test_coverage_of_another_year(items):
    cov = coverage(items, UNITS, 2021)
    # files of 2022 are other years now; files without a year still count
    assert "怀柔区政府" in cov.missing and "区民政局" not in cov.missing
    assert guess_year(items) == 2022
    assert coverage(items, UNITS).year == 2022  # default: the batch's most common year


def test_coverage_by_folder_name(tmp_path):
    item = BatchItem(0, str(tmp_path / "区统计局" / "年报.docx"), year=2022, format="2021")
    cov = coverage([item], ["区统计局", "区教委"], 2022)
    assert cov.missing == ["区教委"] and cov.unit_of(item) == "区统计局"


# ------------------------------------------------------------------------------------ workbook


def test_write_batch_xlsx(items, tmp_path):
    from openpyxl import load_workbook

    out = write_batch_xlsx(items, tmp_path / "结果" / "汇总.xlsx", expected=UNITS, year=2022)
    assert out.exists()
    assert [p.name for p in out.parent.iterdir()] == ["汇总.xlsx"]  # no temporary file left
    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "问题明细", "缺报单位", "名单外的报告"]
    for ws in wb.worksheets:
        assert ws.freeze_panes in ("A2", "C2")
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    summary = wb["汇总"]
    headers = [c.value for c in summary[1]]
    assert headers[:11] == ["序号", "文件", "单位", "年度", "格式", "错误", "警告", "提示", "状态", "问题所在", "无法读取的原因"]
    assert "名单中的单位" in headers and any(str(h).startswith("R-CELL") for h in headers)
    rows = {r[1].value: r for r in summary.iter_rows(min_row=2)}
    assert len(rows) == 8
    faulty = rows["02-教委.docx"]
    status = faulty[headers.index("状态")]
    assert status.value == "✕ 有错误"
    assert status.fill.fgColor.rgb.endswith("9C0006")  # dark red, white bold text
    assert status.font.bold and status.font.color.rgb.endswith("FFFFFF")
    assert faulty[headers.index("问题所在")].value.startswith("表三")
    assert faulty[headers.index("名单中的单位")].value == "区教委"
    unreadable = rows["06-空文件.docx"]
    assert unreadable[headers.index("状态")].value == "✕ 无法读取"
    assert "空文件" in unreadable[headers.index("无法读取的原因")].value
    assert unreadable[headers.index("名单中的单位")].value == "（不在名单中）"
    ok = rows["01-北京市怀柔区人民政府2022年报告.docx"]
    assert ok[headers.index("状态")].value == "✓ 通过" and ok[headers.index("状态")].fill.fgColor.rgb in (None, "00000000")

    details = wb["问题明细"]
    dh = [c.value for c in details[1]]
    assert dh == ["文件", "单位", "年度", "位置", "单元格", "严重程度", "代码", "问题", "原文位置"]
    drows = [[c.value for c in r] for r in details.iter_rows(min_row=2)]
    assert any(r[0] == "02-教委.docx" and r[3].startswith("表三（") and r[5] == "✕ 错误" and "表三「" in r[4]
               for r in drows)
    assert any(r[0] == "03-财政.docx" and r[3].startswith("第五部分「") for r in drows)
    assert any(r[0] == "06-空文件.docx" and r[3] == "文件" for r in drows)

    missing = [[c.value for c in r] for r in wb["缺报单位"].iter_rows(min_row=2)]
    assert [r[1] for r in missing] == ["区统计局", "怀柔区政府办公室"]
    assert all(r[2] == "2022 年度" for r in missing)
    others = [r[0].value for r in wb["名单外的报告"].iter_rows(min_row=2)]
    assert sorted(others) == ["06-空文件.docx", "07-气象局.docx"]


def test_write_batch_xlsx_without_list(items, tmp_path):
    from openpyxl import load_workbook

    wb = load_workbook(write_batch_xlsx(items, tmp_path / "汇总.xlsx"))
    assert wb.sheetnames == ["汇总", "问题明细"]
    assert "名单中的单位" not in [c.value for c in wb["汇总"][1]]


def test_write_batch_outputs_accepts_check_results(folder, tmp_path, units_file):
    import io

    from core.check import check_path
    from core.readers import ReadError

    results = []
    for p in (folder / "02-教委.docx", folder / "06-空文件.docx"):
        try:
            results.append((p, check_path(p)))
        except ReadError as e:
            results.append((p, e))
    err = io.StringIO()
    cov = write_batch_outputs(results, xlsx=tmp_path / "o.xlsx", expected=str(units_file), out=err, year=2022)
    text = err.getvalue()
    assert "共检查 2 个文件：1 个有错误" in text and "1 个无法读取" in text
    assert "缺报单位：" in text and "区统计局" in text and "已写入汇总表" in text
    assert "区教委" not in cov.missing and (tmp_path / "o.xlsx").exists()


# ------------------------------------------------------------------------------------------ CLI


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "core", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


def test_cli_folder_json_lines_in_input_order_and_exit_2(folder):
    p = run("check", "--json", folder)
    assert p.returncode == 2, p.stderr
    lines = [json.loads(line) for line in p.stdout.splitlines()]
    assert [Path(x["file"]).name for x in lines] == [f.name for f in expand_paths([folder])]
    by = {Path(x["file"]).name: x for x in lines}
    assert set(by["06-空文件.docx"]) == {"file", "error"}
    assert set(by["02-教委.docx"]) == {"file", "format", "year", "agency", "findings", "tables"}
    assert by["02-教委.docx"]["agency"] == "北京市怀柔区教育委员会"
    assert "~$01-北京市怀柔区人民政府.docx" not in by


def test_cli_exit_status_0_and_1(tmp_path, folder):
    good = tmp_path / "good"
    good.mkdir()
    for n in range(3):
        build_docx(_titled("000", f"北京市怀柔区第{n}局"), good / f"{n}.docx")
    assert run("check", good).returncode == 0
    build_docx(_titled("003", "北京市怀柔区错局", clean=False), good / "9.docx")  # S1: an error
    p = run("check", good)
    assert p.returncode == 1
    assert p.stdout.count("文件：") == 4 and "问题所在：第三部分" in p.stdout


def test_cli_xlsx_and_expected_units(folder, units_file, tmp_path):
    out = tmp_path / "汇总.xlsx"
    p = run("check", folder, "--xlsx", out, "--expected", units_file, "--year", "2022")
    assert p.returncode == 2
    assert "2022 年度：名单中 7 个单位，已报送 5 个，缺报 2 个。" in p.stderr
    assert "缺报单位：区统计局、怀柔区政府办公室" in p.stderr
    assert out.exists()
    # the summary written into the checked folder is not checked as a report on the next run
    inside = folder / "汇总.xlsx"
    try:
        run("check", folder, "--xlsx", inside)
        p = run("check", "--json", folder, "--xlsx", inside)
        assert all(Path(json.loads(x)["file"]).name != "汇总.xlsx" for x in p.stdout.splitlines())
    finally:
        inside.unlink(missing_ok=True)


def test_cli_bad_units_file(folder, tmp_path):
    p = run("check", folder, "--expected", tmp_path / "没有.txt")
    assert p.returncode == 2 and "找不到单位名单文件" in p.stderr and p.stdout == ""


def test_cli_nothing_to_check(tmp_path):
    p = run("check", tmp_path)
    assert p.returncode == 2 and "没有找到" in p.stderr
