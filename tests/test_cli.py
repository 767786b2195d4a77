"""``python -m core check``: the readable summary, the JSON lines and the exit status."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    return subprocess.run([sys.executable, "-m", "core", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def test_json_lines_schema_and_exit_status(seed_docx, tmp_path):
    bad = tmp_path / "坏文件.docx"
    bad.write_bytes(b"this is not a zip")
    p = run("check", "--json", seed_docx["000"], seed_docx["003"], bad)
    assert p.returncode == 2
    lines = [json.loads(line) for line in p.stdout.splitlines()]
    assert len(lines) == 3
    ok, missing, unreadable = lines
    assert set(ok) == {"file", "format", "year", "agency", "findings", "tables"}
    assert ok["format"] == "2021" and ok["year"] == 2022 and ok["agency"] == "北京市怀柔区人民政府"
    f = missing["findings"][0]
    assert {"code", "severity", "message", "section", "table", "cells", "location", "expected", "actual",
            "suggested"} <= set(f)
    assert (f["code"], f["severity"], f["section"]) == ("S1", "error", "三")
    assert set(unreadable) == {"file", "error"} and "坏文件.docx" in unreadable["error"]


def test_exit_0_without_errors_and_1_with(seed_docx):
    assert run("check", seed_docx["004"]).returncode == 0
    p = run("check", seed_docx["001"])
    assert p.returncode == 1
    assert "205" in p.stdout and "204" in p.stdout and "旧版" in p.stdout


def test_cells_are_canonical_keys(tmp_path):
    from tests.engine_helpers import standard_spec
    from tests.fixtures.docx_builder import build_docx

    spec = standard_spec("003")
    spec.t3[("granted", "commercial")] = "15"
    p = run("check", "--json", build_docx(spec, tmp_path / "f.docx"))
    finding = json.loads(p.stdout)["findings"][0]
    assert finding["code"] == "R-CELL" and finding["table"] == "三"
    assert finding["cells"] == [{"table": "三", "row": "granted", "col": "commercial"}]
    assert finding["actual"] == 15 and finding["suggested"] == 14
    assert "第" in finding["location"] and "表格" in finding["location"]


def test_readable_summary_is_chinese(seed_docx):
    p = run("check", seed_docx["002"])
    assert "报告：政府办公室 2022 年度" in p.stdout
    assert "【警告】" in p.stdout and "本年废件数" in p.stdout
