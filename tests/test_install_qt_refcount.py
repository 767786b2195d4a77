"""PySide6 6.12.0 on CPython < 3.12 returns None from void methods and True from Signal.emit without
taking a reference; after some ten thousand calls CPython aborts ("Fatal Python error: none_dealloc").
pyproject.toml keeps every install off that release (PySide6-Essentials <6.12 on Python < 3.12), and
gui/__init__.py raises the counts of None/True/False only where an affected build is found anyway
(an environment not installed from pyproject.toml).

These tests prove the bug absent where the program runs: a long run of such calls after ``import gui``
does not abort, and in CI (an environment installed from pyproject.toml) the bug is not there at all,
so the fallback is not even needed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.gui

PROBE = """
import sys
import gui
from PySide6.QtCore import QObject
p = QObject()
before = sys.getrefcount(None), sys.getrefcount(True)
for _ in range(60000):
    p.setObjectName("probe")
    p.objectNameChanged.emit("probe")
after = sys.getrefcount(None), sys.getrefcount(True)
import PySide6
# the bug loses one reference per call (60,000 here); set-up inside Shiboken may free a few
print(PySide6.__version__, gui.REFCOUNT_GUARD_APPLIED, before[0] - after[0] < 1000 and before[1] - after[1] < 1000)
"""

CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _probe() -> tuple[str, bool, bool]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    p = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=300, env=env)
    assert p.returncode == 0, f"the process aborted (exit {p.returncode}): {p.stderr[-2000:]}"
    version, applied, steady = p.stdout.split()
    return version, applied == "True", steady == "True"


def test_many_void_calls_and_emissions_do_not_abort():
    pytest.importorskip("PySide6")
    version, applied, steady = _probe()
    assert steady or applied, (version, applied, steady)


def test_the_installed_pyside6_is_not_affected():
    """Where the environment was installed from pyproject.toml (CI, the README's commands), the
    version constraint keeps the broken release out: no reference is lost, no patch applied."""
    pytest.importorskip("PySide6")
    version, applied, steady = _probe()
    if not CI and applied:
        pytest.skip(f"this environment has PySide6 {version}, excluded by pyproject.toml for Python "
                    f"{sys.version_info.major}.{sys.version_info.minor} (the fallback in gui/__init__.py is on)")
    assert steady and not applied, f"PySide6 {version} loses references on Python {sys.version.split()[0]}"
