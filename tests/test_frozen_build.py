"""The double-clickable program: build.spec builds, and the built program passes its --self-test.

The build itself is slow (half a minute to a few minutes): ``pytest -m slow tests/test_frozen_build.py``.
The quick tests here check what the build depends on: the icon files and the self-test run from
source (so a change in the engine that breaks the samples' expected findings shows up in the
ordinary test run, not only in the slow one).
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "年报核查"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONUTF8"] = "1"
    return env


def _ico_sizes(data: bytes) -> list[int]:
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1), "not an .ico file"
    return [256 if data[6 + 16 * i] == 0 else data[6 + 16 * i] for i in range(count)]


def test_icon_files():
    ico = (ROOT / "resources" / "icons" / "app.ico").read_bytes()
    assert _ico_sizes(ico) == [16, 24, 32, 48, 64, 128, 256]
    png = (ROOT / "resources" / "icons" / "app.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (256, 256)


@pytest.mark.gui
def test_self_test_from_source(tmp_path):
    pytest.importorskip("PySide6")
    log = tmp_path / "selftest.log"
    proc = subprocess.run(
        [sys.executable, "-m", "gui.selftest", "--self-test", "--self-test-log", str(log)],
        cwd=ROOT, env=_env(), capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=300,
    )
    text = log.read_text(encoding="utf-8-sig")
    assert proc.returncode == 0, text + proc.stderr
    assert "SELF-TEST PASSED" in text
    assert "[失败 FAIL]" not in text
    # the console gets the same lines as the log file
    assert "SELF-TEST PASSED" in proc.stdout


def _bundle_files(folder: Path) -> list[str]:
    return [p.relative_to(folder).as_posix() for p in folder.rglob("*")]


@pytest.mark.slow
def test_frozen_build_and_self_test(tmp_path):
    pytest.importorskip("PyInstaller")
    dist, work = tmp_path / "dist", tmp_path / "work"
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work), str(ROOT / "build.spec")],
        cwd=ROOT, env=_env(), capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=900,
    )
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]

    folder = dist / APP_NAME
    exe = folder / (APP_NAME + (".exe" if sys.platform == "win32" else ""))
    assert exe.is_file()

    # what is in the bundle, and what is not
    files = _bundle_files(folder)
    lower = [f.lower() for f in files]
    for needed in ("resources/samples/示例报告-有错误.docx", "resources/samples/示例报告-规范.docx",
                   "resources/samples/示例报告-表格.xlsx", "resources/icons/app.ico", "resources/icons/app.png"):
        assert any(f.endswith(needed) for f in files), needed
    assert any(f.endswith("qtbase_zh_cn.qm") for f in lower)
    qm = [f for f in lower if f.endswith(".qm") and "/pyside6/" in f]
    assert all("zh_cn" in f for f in qm), qm
    for unwanted in ("qt6network", "qt6qml", "qt6quick", "qt6webengine", "qt63d", "qt6multimedia", "qt6pdf"):
        assert not any(unwanted in f.rsplit("/", 1)[-1] for f in lower), unwanted
    for module in ("qtnetwork", "qtqml", "qtquick", "qtwebengine", "qt3d", "qtmultimedia"):
        assert not any(f.rsplit("/", 1)[-1].startswith(module + ".") for f in lower), module
    assert not any("/qml/" in f for f in lower)
    # the same window and export code: QtCore, QtGui, QtWidgets, QtPrintSupport are there
    for module in ("qtcore", "qtgui", "qtwidgets", "qtprintsupport"):
        assert any(f.rsplit("/", 1)[-1].startswith(module + ".") for f in lower), module

    # the version resource PyInstaller embeds on Windows (written by the spec on every platform)
    version_file = work / "build" / "version_info.txt"
    text = version_file.read_text(encoding="utf-8")
    from core import __version__

    assert f"'ProductVersion', '{__version__}'" in text and "'ProductName', '年报核查'" in text

    # the frozen program checks itself, headless
    log = tmp_path / "selftest.log"
    proc = subprocess.run([str(exe), "--self-test", "--self-test-log", str(log)], cwd=tmp_path, env=_env(),
                          capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=300)
    assert log.is_file(), proc.stdout + proc.stderr
    report = log.read_text(encoding="utf-8-sig")
    assert proc.returncode == 0, report + proc.stderr
    assert "SELF-TEST PASSED" in report
    assert "（已打包 / frozen）" in report
    assert "[跳过 SKIP]" not in report, report  # the window and the exports were checked, not skipped
    assert "[失败 FAIL]" not in report

    # what the size estimate (benchmarks/bench_size.py) sums is what the build holds: its model of what
    # build.spec keeps, applied to the packages installed here, gives exactly the bundle's files of them
    _selection_matches_bundle(folder)
    # nothing build.spec excludes slipped into the compressed modules
    _pyz_honours_excludes(work / "build" / "PYZ-00.pyz")

    # the frozen program reads every kind of input a clerk opens — also those the self-test does not
    # (a published PDF, a saved portal page, a single-file .mht page) — and finds what the program run
    # from source finds: `--save-summary FILE OUT.pdf` checks without a window and writes the summary
    inputs = _clerk_inputs(tmp_path / "inputs")
    for src in inputs:
        frozen_out, source_out = tmp_path / f"frozen-{src.name}.pdf", tmp_path / f"source-{src.name}.pdf"
        frozen = subprocess.run([str(exe), "--save-summary", str(src), str(frozen_out)], cwd=tmp_path, env=_env(),
                                capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=300)
        source = subprocess.run([sys.executable, "-m", "gui", "--save-summary", str(src), str(source_out)], cwd=ROOT,
                                env=_env(), capture_output=True, text=True, encoding="utf-8", errors="replace",
                                timeout=300)
        assert source.returncode == 0, src.name + source.stdout + source.stderr
        assert frozen.returncode == 0, src.name + frozen.stdout + frozen.stderr
        assert frozen_out.read_bytes()[:5] == b"%PDF-", src.name
        counts = [re.search(r"（\d+ 个错误，\d+ 个警告）", p.stdout) for p in (frozen, source)]
        assert counts[1] is not None, source.stdout
        assert counts[0] is not None and counts[0].group(0) == counts[1].group(0), (src.name, frozen.stdout, source.stdout)


def _clerk_inputs(folder: Path) -> list[Path]:
    """A report as .docx (python-docx, the fixtures' writer), as a saved portal page (.html, GBK) and a
    single-file page (.mht), and as a published PDF (LibreOffice's, or Qt's when LibreOffice is missing)."""
    from tests.fixtures.docx_builder import build_docx
    from tests.fixtures.pdf_fixtures import convert_to_pdf, qt_html_to_pdf, report_html, soffice
    from tests.fixtures.portal_fixtures import Portal, encode_page, portal_page, write_mht, write_portal
    from tests.fixtures.seeds import load_seed

    folder.mkdir(parents=True, exist_ok=True)
    spec = load_seed("001")
    docx = build_docx(spec, folder / "报告.docx")
    gbk = Portal(encoding="gbk")
    html_page = write_portal(spec, folder / "门户网页.html", portal=gbk)
    mht = write_mht(encode_page(portal_page(spec, portal=gbk), gbk), folder / "单个网页.mht")
    if soffice():
        pdf = convert_to_pdf([docx], folder / "pdf")[docx]
    else:
        pdf = qt_html_to_pdf(report_html(spec), folder / "报告.pdf")
    return [docx, html_page, mht, pdf]


def _selection_matches_bundle(folder: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench_size
    finally:
        sys.path.pop(0)
    binary = [n for n in bench_size.dependencies(("gui",)) if not bench_size.is_pure(n)]
    tops = set().union(*(bench_size.top_levels(n) for n in binary))
    model = {p for n in binary for p, _ in bench_size.installed_files(n) if bench_size.kept(p, sys.platform)}
    inner = folder / "_internal" if (folder / "_internal").is_dir() else folder
    bundle = {p.relative_to(inner).as_posix() for p in inner.rglob("*")
              if p.is_file() and not p.is_symlink() and p.relative_to(inner).parts[0] in tops}
    bundle = {p for p in bundle if not p.endswith("version.json")}  # pypdfium2's version files: data, a few bytes
    assert model - bundle == set(), sorted(model - bundle)[:20]
    assert bundle - model == set(), sorted(bundle - model)[:20]


def _pyz_honours_excludes(pyz: Path) -> None:
    from PyInstaller.archive.readers import ZlibArchiveReader

    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import build_excludes
    finally:
        sys.path.pop(0)
    names = list(ZlibArchiveReader(str(pyz)).toc)
    assert "core.check" in names and "openpyxl" in names
    leaked = [n for n in names if build_excludes.module_excluded(n)]
    assert not leaked, leaked[:20]
