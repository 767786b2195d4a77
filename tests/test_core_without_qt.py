"""The core never imports Qt: it imports and checks a report with PySide6 made unimportable, and
the import-linter contract in pyproject.toml forbids the import statically."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

BLOCK_QT = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6', 'gui'):
            raise ImportError('Qt is blocked in this test: ' + name)
sys.meta_path.insert(0, Block())
import core.check, core.cli, core.export, core.batch
from core.check import check_path
r = check_path(sys.argv[1])
assert r.report.format_key == '2021', r.report.format_key
assert not any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules)
print('OK', len(r.findings))
"""


def test_core_runs_with_qt_blocked(seed_docx):
    p = subprocess.run([sys.executable, "-c", BLOCK_QT, str(seed_docx["003"])], cwd=ROOT, capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("OK")


@pytest.mark.skipif(shutil.which("lint-imports") is None, reason="import-linter not installed")
def test_import_contract():
    p = subprocess.run(["lint-imports"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
