"""The export API the window and the command line call: names, refusals, the original untouched,
atomic writes; and every export opened by LibreOffice."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from core.check import check_path
from core.cli import main as cli_main
from core.export import KINDS, default_output_name, export_file, export_result
from core.fileio import WriteRefused
from tests.fixtures import SEEDS, Layout, build_docx, build_xlsx
from tests.test_export_support import all_faults, needs_soffice, soffice_convert


def _sha(p) -> str:
    return hashlib.sha256(Path(p).read_bytes()).hexdigest()


def test_default_output_names():
    src = Path("/d/报告.docx")
    assert default_output_name(src, "corrected") == Path("/d/报告-更正.docx")
    assert default_output_name(src, "standard") == Path("/d/报告-标准格式.docx")
    assert default_output_name(src, "xlsx") == Path("/d/报告-联动表.xlsx")
    assert default_output_name(src, "blank") == Path("/d/报告-空白模板.docx")
    assert default_output_name(Path("/d/表.xlsx"), "corrected") == Path("/d/表-更正.xlsx")
    assert default_output_name(Path("/d/表.xlsm"), "corrected") == Path("/d/表-更正.xlsx")
    assert default_output_name(Path("/d/宏.docm"), "corrected") == Path("/d/宏-更正.docm")
    assert default_output_name(Path("/d/报告-更正.docx"), "corrected") == Path("/d/报告-更正-更正.docx")
    for kind in KINDS:
        assert default_output_name(src, kind) != src
    with pytest.raises(ValueError):
        default_output_name(src, "pdf")


@pytest.mark.parametrize("kind", KINDS)
def test_export_onto_the_input_is_refused(kind, seed_docx, tmp_path):
    src = tmp_path / "r.docx"
    shutil.copy(seed_docx["003"], src)
    before = _sha(src)
    with pytest.raises(WriteRefused) as e:
        export_file(src, src, kind)
    assert "不能覆盖原文件" in str(e.value)
    with pytest.raises(WriteRefused):
        export_result(check_path(src), tmp_path / "." / "r.docx", kind)
    assert _sha(src) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.docx"]


def test_blank_xlsx_beside_would_overwrite_the_input(tmp_path):
    src = build_xlsx(SEEDS["000"], tmp_path / "表.xlsx")
    before = _sha(src)
    with pytest.raises(WriteRefused):
        export_file(src, tmp_path / "表.docx", "blank")  # its .xlsx would be 表.xlsx = the input
    assert _sha(src) == before and not (tmp_path / "表.docx").exists()


@pytest.mark.parametrize("kind", KINDS)
def test_original_bytes_unchanged_and_no_temporary_files(kind, tmp_path):
    src = build_docx(all_faults("003"), tmp_path / "原.docx", Layout(tracked_changes=True))
    before = _sha(src)
    written = export_file(src, default_output_name(src, kind), kind)
    assert _sha(src) == before
    assert all(p.exists() and p.stat().st_size > 0 for p in written)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["原.docx"] + [p.name for p in written])


def test_xlsx_original_unchanged(tmp_path):
    src = build_xlsx(all_faults("002"), tmp_path / "t.xlsx", formulas="cached")
    before = _sha(src)
    for kind in KINDS:
        export_file(src, tmp_path / f"out-{kind}", kind)
        assert _sha(src) == before


def test_unknown_kind(seed_docx, tmp_path):
    with pytest.raises(ValueError, match="未知的导出类型"):
        export_file(seed_docx["000"], tmp_path / "x.docx", "pdf")


def test_existing_output_is_replaced_atomically(seed_docx, tmp_path):
    out = tmp_path / "x.docx"
    out.write_bytes(b"old")
    export_file(seed_docx["000"], out, "standard")
    assert out.read_bytes()[:2] == b"PK"


def test_cli_export(seed_docx, tmp_path, capsys):
    src = tmp_path / "r.docx"
    shutil.copy(seed_docx["003"], src)
    out = tmp_path / "r-更正.docx"
    assert cli_main(["export", str(src), "-o", str(out)]) == 0
    assert out.exists() and "已导出" in capsys.readouterr().out
    assert cli_main(["export", str(src), "-o", str(tmp_path / "s.docx"), "--kind", "standard"]) == 0
    assert cli_main(["export", str(src), "-o", str(src)]) == 2
    assert "不能覆盖原文件" in capsys.readouterr().err


# ----- LibreOffice opens every export ---------------------------------------------------------


@needs_soffice
def test_libreoffice_converts_every_export_to_pdf(seed_docx, tmp_path):
    outs = []
    sources = {k: seed_docx[k] for k in SEEDS}
    sources["faulty"] = build_docx(all_faults("003"), tmp_path / "faulty.docx", Layout(heading_numbering="word_list"))
    sources["sdt"] = build_docx(all_faults("000"), tmp_path / "sdt.docx", Layout(content_controls=True, tracked_changes=True))
    sources["xlsx"] = build_xlsx(all_faults("002"), tmp_path / "tables.xlsx")
    folder = tmp_path / "exports"
    folder.mkdir()
    for name, src in sources.items():
        for kind in KINDS:
            if name == "001" and kind in ("standard", "xlsx"):
                continue
            target = folder / f"{name}-{kind}{'.xlsx' if kind == 'xlsx' else src.suffix if kind == 'corrected' else '.docx'}"
            outs += export_file(src, target, kind)
    staged = []  # unique stems (the blank .docx and .xlsx share theirs)
    for p in outs:
        staged.append(shutil.copy(p, folder / f"{p.stem}{p.suffix.replace('.', '-')}{p.suffix}"))
    assert len({Path(p).stem for p in staged}) == len(staged)
    done = soffice_convert(staged, tmp_path / "pdf", "pdf")
    assert done.returncode == 0, done.stderr
    for p in map(Path, staged):
        pdf = tmp_path / "pdf" / (p.stem + ".pdf")
        assert pdf.exists(), p.name
        data = pdf.read_bytes()
        assert data[:5] == b"%PDF-" and data.count(b"/Type /Page") + data.count(b"/Type/Page") >= 1, p.name
