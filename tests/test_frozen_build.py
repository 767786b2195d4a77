"""The double-clickable program: build.spec builds, and the built program passes its --self-test.

The build itself is slow (half a minute to a few minutes): ``pytest -m slow tests/test_frozen_build.py``.
The quick tests here check what the build depends on: the icon files and the self-test run from
source (so a change in the engine that breaks the samples' expected findings shows up in the
ordinary test run, not only in the slow one).
"""

from __future__ import annotations

import os
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
