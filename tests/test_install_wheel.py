"""A normal (non-editable) install works: the wheel built from this tree holds every package and every
bundled file, and once installed into a fresh virtual environment the program, started from another
folder, finds its sample reports, checks one, exports it, and the window passes its --self-test.

The fresh environment has no system site-packages and no access to this source tree (PYTHONPATH is
cleared, the working folder is elsewhere). Only the third-party dependencies (lxml, python-docx,
openpyxl, PySide6 …) are borrowed from the environment running the tests, through a .pth file: they
are not what is being tested, and installing them again would cost a minute and the network.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = "Scripts" if sys.platform == "win32" else "bin"
EXE = ".exe" if sys.platform == "win32" else ""


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    env["PYTHONUTF8"] = "1"
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(cmd, cwd, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=_env(), capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=timeout)


def _source_copy(dest: Path) -> Path:
    """The files a build reads, copied: a wheel built in the tree itself could pick up a stale build/
    folder, and the test must not leave build/ or *.egg-info behind in the checkout."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("core", "gui", "resources"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, dest / name)
    return dest


def _can_build_offline() -> bool:
    try:
        import setuptools
    except ImportError:
        return False
    major_minor = tuple(int(x) for x in setuptools.__version__.split(".")[:2])
    if major_minor >= (70, 1):  # bdist_wheel is part of setuptools from 70.1 on
        return True
    try:
        import wheel  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def wheel_file(tmp_path_factory) -> Path:
    src = _source_copy(tmp_path_factory.mktemp("src"))
    out = tmp_path_factory.mktemp("wheel")
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, src]
    if _can_build_offline():
        cmd.insert(5, "--no-build-isolation")
    p = _run(cmd, cwd=src)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    wheels = list(out.glob("nianbao_checker-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel_file) -> Path:
    """A fresh environment with the wheel installed (no -e, no system site-packages)."""
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    p = _run([sys.executable, "-m", "venv", "--without-pip", env_dir], cwd=env_dir.parent)
    assert p.returncode == 0, p.stderr
    python = env_dir / BIN / ("python" + EXE)
    p = _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q",
              wheel_file], cwd=env_dir.parent)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    # the dependencies, borrowed (see the module's docstring); never this checkout
    site = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=env_dir)
    paths = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    assert not any(Path(x).resolve() == ROOT for x in paths)
    (Path(site.stdout.strip()) / "_borrowed_dependencies.pth").write_text("\n".join(sorted(paths)) + "\n",
                                                                         encoding="utf-8")
    return env_dir


def test_wheel_holds_every_package_and_bundled_file(wheel_file):
    names = set(zipfile.ZipFile(wheel_file).namelist())
    for folder in ("core", "gui"):
        for py in (ROOT / folder).rglob("*.py"):
            if "__pycache__" not in py.parts:
                rel = py.relative_to(ROOT).as_posix()
                assert rel in names, f"{rel} is missing from the wheel"
    for f in (ROOT / "resources").rglob("*"):
        if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".pyc":
            rel = "nianbao_resources/" + f.relative_to(ROOT / "resources").as_posix()
            assert rel in names, f"{rel} is missing from the wheel"
    assert not any(n.startswith(("tests/", "benchmarks/", "tools/")) for n in names)


def test_installed_program_checks_and_exports_from_elsewhere(venv, tmp_path):
    elsewhere = tmp_path / "别处"
    elsewhere.mkdir()
    python = venv / BIN / ("python" + EXE)
    where = _run([python, "-c", "import json, core, gui, core.resources as r; print(json.dumps("
                  "[core.__file__, gui.__file__, str(r.resources_dir()), [str(p) for p in r.sample_reports()]]))"],
                 cwd=elsewhere)
    assert where.returncode == 0, where.stderr
    core_file, gui_file, res_dir, samples = json.loads(where.stdout)
    for f in (core_file, gui_file, res_dir):
        assert Path(f).resolve().is_relative_to(venv.resolve()), f  # the installed copy, not the checkout
    names = sorted(Path(s).name for s in samples)
    assert names == ["示例报告-有错误.docx", "示例报告-表格.xlsx", "示例报告-规范.docx"], names
    assert (Path(res_dir) / "icons" / "app.ico").is_file()
    faulty = next(Path(s) for s in samples if "有错误" in s)

    check = venv / BIN / ("nianbao-check" + EXE)
    p = _run([check, "check", faulty], cwd=elsewhere)
    assert p.returncode == 1, p.stdout + p.stderr  # the sample has known errors
    assert "【错误】" in p.stdout and "Traceback" not in p.stderr, p.stdout + p.stderr
    p = _run([check, "check", "--json", faulty], cwd=elsewhere)
    found = json.loads(p.stdout)
    assert found["format"] == "2021" and any(f["severity"] == "error" for f in found["findings"])

    help_text = _run([check, "--help"], cwd=elsewhere).stdout
    assert help_text.startswith("用法：nianbao-check"), help_text  # its own name when started so

    for kind, name in (("corrected", "更正稿.docx"), ("xlsx", "统计表.xlsx")):
        out = elsewhere / name
        p = _run([check, "export", faulty, "-o", out, "--kind", kind], cwd=elsewhere)
        assert p.returncode == 0, p.stdout + p.stderr
        assert out.is_file() and out.stat().st_size > 0
        assert "已导出" in p.stdout
    p = _run([check, "check", elsewhere / "更正稿.docx"], cwd=elsewhere)
    assert p.returncode == 0, p.stdout  # the corrected copy has no error left


@pytest.mark.gui
def test_installed_window_self_test(venv, tmp_path):
    pytest.importorskip("PySide6")
    log = tmp_path / "selftest.log"
    python = venv / BIN / ("python" + EXE)
    p = _run([python, "-m", "gui", "--self-test", "--self-test-log", log], cwd=tmp_path, timeout=300)
    text = log.read_text(encoding="utf-8-sig") if log.exists() else ""
    assert p.returncode == 0, text + p.stdout[-2000:] + p.stderr[-2000:]
    assert "SELF-TEST PASSED" in text and "[失败 FAIL]" not in text
    gui_script = venv / BIN / ("nianbao-checker" + EXE)
    v = _run([gui_script, "--version"], cwd=tmp_path)
    assert v.returncode == 0 and v.stdout.startswith("nianbao-checker "), v.stdout + v.stderr
