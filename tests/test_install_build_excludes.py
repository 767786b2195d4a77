"""One list of what the frozen program leaves out (tools/build_excludes.py), read by build.spec and by
benchmarks/bench_size.py: the estimate of the Windows build applies exactly the build's excludes, and
the excludes never take out what the program needs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bx():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import build_excludes
    finally:
        sys.path.pop(0)
    return build_excludes


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench_size
    finally:
        sys.path.pop(0)
    return bench_size


def test_build_spec_reads_the_shared_list():
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert "import build_excludes" in spec
    assert "build_excludes.PYTHON_EXCLUDES" in spec and "build_excludes.dropped(" in spec
    assert "UNUSED_QT = [" not in spec and "_QT_LIB_DROP = " not in spec, "the lists live in tools/build_excludes.py"
    assert "strip=STRIP" in spec


def test_modules_the_program_needs_are_not_excluded(bx):
    for needed in ("lxml.etree", "lxml._elementpath", "docx", "openpyxl", "defusedxml", "PySide6.QtCore",
                   "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtPrintSupport", "hashlib", "zipfile", "unicodedata",
                   "decimal", "_decimal", "multiprocessing", "multiprocessing.connection", "concurrent.futures",
                   "pypdfium2", "email", "email.policy", "html", "difflib", "statistics", "sqlite3", "urllib.parse",
                   "logging.handlers", "bz2", "lzma", "ctypes", "uuid", "json", "mimetypes"):
        assert not bx.module_excluded(needed), needed
    # lxml.html left the build on purpose: the HTML reader parses with lxml.etree.HTMLParser
    for gone in ("PySide6.QtNetwork", "PySide6.QtQml", "numpy", "tkinter", "lxml.objectify", "ssl", "_hashlib",
                 "lxml.html", "lxml.html.clean", "lxml.sax", "asyncio", "asyncio.events", "urllib.request",
                 "http.client", "xmlrpc.client", "tarfile", "_pydecimal"):
        assert bx.module_excluded(gone), gone


def test_the_program_imports_nothing_excluded(bx):
    """The modules the program's own code imports (core/, gui/, by their import statements, also the
    delayed ones inside functions) are never excluded."""
    import ast

    bad = []
    for path in list((ROOT / "core").rglob("*.py")) + list((ROOT / "gui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for name in names:
                if bx.module_excluded(name):
                    bad.append(f"{path.relative_to(ROOT)}: {name}")
    assert not bad, bad


@pytest.mark.parametrize("path, platform, dropped", [
    ("PySide6/Qt6Core.dll", "win32", False),
    ("PySide6/Qt6PrintSupport.dll", "win32", False),
    ("PySide6/Qt6Network.dll", "win32", True),
    ("PySide6/opengl32sw.dll", "win32", True),
    ("PySide6/plugins/platforms/qwindows.dll", "win32", False),
    ("PySide6/plugins/platforms/qoffscreen.dll", "win32", False),  # the headless self-test
    ("PySide6/plugins/platforms/qdirect2d.dll", "win32", True),
    ("PySide6/plugins/imageformats/qico.dll", "win32", False),  # the window icon
    ("PySide6/plugins/imageformats/qtiff.dll", "win32", True),
    ("PySide6/plugins/tls/qschannelbackend.dll", "win32", True),
    ("PySide6/translations/qtbase_zh_CN.qm", "win32", False),
    ("PySide6/translations/qtbase_de.qm", "win32", True),
    ("PySide6/msvcp140.dll", "win32", False),
    ("PySide6/vcamp140.dll", "win32", True),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", "linux", False),
    ("PySide6/Qt/plugins/platforms/libqwayland-egl.so", "linux", True),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "linux", True),
    ("lxml/etree.cp312-win_amd64.pyd", "win32", False),
])
def test_dropped(bx, path, platform, dropped):
    assert bx.dropped(path, platform) is dropped


@pytest.mark.parametrize("path, kept", [
    ("PySide6/QtCore.pyd", True),
    ("PySide6/QtWidgets.pyd", True),
    ("PySide6/QtNetwork.pyd", False),
    ("PySide6/QtOpenGL.pyd", False),
    ("PySide6/Qt6Quick.dll", False),
    ("PySide6/designer.exe", False),
    ("PySide6/Qt6Core.dll", True),
    ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
    ("PySide6/plugins/sqldrivers/qsqlite.dll", False),
    ("PySide6/resources/icudtl.dat", False),  # QtWebEngine's ICU, not Qt's
    ("PySide6/QtCore.pyi", False),
    ("lxml/etree.cp312-win_amd64.pyd", True),
    ("lxml/objectify.cp312-win_amd64.pyd", False),
    ("lxml/html/diff.cp312-win_amd64.pyd", False),
    ("lxml/sax.cp312-win_amd64.pyd", False),
    ("lxml/builder.cp312-win_amd64.pyd", False),
    ("lxml/_elementpath.cp312-win_amd64.pyd", True),
    ("lxml/includes/tree.h", False),
    ("shiboken6/shiboken6.abi3.dll", True),
])
def test_size_model_keeps_what_the_build_keeps(bench, path, kept):
    assert bench.kept(path, "win32") is kept


def test_size_model_reads_the_dependencies_from_pyproject(bench):
    try:
        import PySide6  # noqa: F401
        extras = ("gui",)
    except ImportError:  # the core-only environment: the window's extra is not installed
        extras = ()
    deps = bench.dependencies(extras)
    for name in ("lxml", "python-docx", "openpyxl", "defusedxml"):
        assert name in deps, deps
    if "pyside6-essentials" in deps:
        assert "shiboken6" in deps  # its own requirement, followed
    assert "pytest" not in deps and "pyinstaller" not in deps


@pytest.mark.parametrize("path, group", [
    ("PySide6/Qt6Core.dll", "Qt libraries"),
    ("_internal/PySide6/Qt/lib/libQt6Gui.so.6", "Qt libraries"),
    ("PySide6/QtWidgets.pyd", "Qt's Python bindings"),
    ("shiboken6/shiboken6.abi3.dll", "Qt's Python bindings"),
    ("shiboken6/msvcp140.dll", "C++ runtime"),
    ("PySide6/vcruntime140_1.dll", "C++ runtime"),
    ("PySide6/plugins/platforms/qwindows.dll", "Qt plugins and translation"),
    ("PySide6/translations/qtbase_zh_CN.qm", "Qt plugins and translation"),
    ("_internal/PySide6/Qt/lib/libicudata.so.73", "ICU"),
    ("pypdfium2_raw/pdfium.dll", "PDFium"),
    ("lxml/etree.cp312-win_amd64.pyd", "lxml"),
    ("_internal/libpython3.11.so.1.0", "Python runtime"),
    ("_internal/python3.11/lib-dynload/unicodedata.cpython-311-x86_64-linux-gnu.so", "Python runtime"),
    ("_internal/base_library.zip", "Python runtime"),
    ("_internal/python312.dll", "Python runtime"),
    ("_internal/_sqlite3.pyd", "Python runtime"),
    ("年报核查", "the program"),
    ("年报核查.exe", "the program"),
    ("_internal/resources/icons/app.ico", "resources"),
    ("_internal/docx/templates/default.docx", "resources"),
    ("_internal/libX11.so.6", "Linux system libraries"),
])
def test_size_parts_are_grouped(bench, path, group):
    assert bench.group_of(path) == group


def test_every_large_windows_file_says_what_it_is_for(bench):
    for name in ("PySide6/Qt6Core.dll", "PySide6/Qt6Gui.dll", "PySide6/Qt6Widgets.dll", "PySide6/Qt6PrintSupport.dll",
                 "PySide6/QtWidgets.pyd", "PySide6/QtGui.pyd", "PySide6/QtCore.pyd", "pypdfium2_raw/pdfium.dll",
                 "lxml/etree.cp312-win_amd64.pyd", "PySide6/plugins/platforms/qwindows.dll",
                 "PySide6/plugins/styles/qmodernwindowsstyle.dll", "PySide6/msvcp140.dll",
                 "shiboken6/shiboken6.abi3.dll", "_internal/base_library.zip", "年报核查"):
        assert bench.purpose(name), name


def test_pyz_estimate_compresses_compiled_code(bench):
    src = ("def f(x):\n    '''" + "文档" * 200 + "'''\n    return x + 1\n").encode("utf-8")
    size = bench.pyz_bytes([("m.py", src)])
    assert 0 < size < len(src)
    assert bench.pyz_bytes([("bad.py", b"def (:\n")]) == 0  # not valid for this Python: not collected
