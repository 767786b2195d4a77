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


def test_plain_check_arguments_read_as_argparse_reads_them():
    """``check PATH... [--json]`` skips argparse (start-up cost); it must give what argparse gives."""
    from core import cli

    for argv in (["check", "a.docx"], ["check", "--json", "a.docx", "文件夹"], ["check", "a.xlsx", "--json"],
                 ["check", "a.docx", "--json", "--json"]):
        quick = cli._plain_check(argv)
        full = vars(cli.build_parser().parse_args(argv))
        assert quick is not None, argv
        for name, value in full.items():
            got = getattr(quick, name)
            assert got == value or (value is False and got is None), (argv, name, value, got)
    for argv in (["check"], ["check", "-h"], ["check", "a.docx", "--xlsx", "o.xlsx"], ["check", "-x.docx"],
                 ["export", "a.docx", "-o", "b.docx"], [], ["check", "--workers", "2", "a.docx"]):
        assert cli._plain_check(argv) is None, argv


def test_a_reader_that_stops_reading_gets_no_traceback(seed_docx):
    """``python -m core check … | head -1``: the pipe closes early; the program stops quietly."""
    files = [seed_docx["001"]] * 150  # more output than a pipe holds
    p = subprocess.Popen([sys.executable, "-m", "core", "check", "--json", *map(str, files)], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout.readline().startswith(b"{")
    p.stdout.close()
    err = p.stderr.read().decode("utf-8", "replace")
    assert p.wait(timeout=300) == 2
    assert "Traceback" not in err and "Error" not in err, err
