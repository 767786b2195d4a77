"""Issue 11 point 5, at full size: a folder of 200 generated reports (python-docx and openpyxl
writers, one report re-saved by LibreOffice, a few broken files) checked fifty times by
``python -m core check FOLDER --json`` while every core is kept busy. Every run must print the 200
JSON lines in input order and nothing at all on stderr (before the fix, about one run in eight
ended with a traceback ``OSError: [Errno 9] Bad file descriptor`` printed at exit by the standard
``ProcessPoolExecutor``). Long: run with ``-m slow``.
"""

from __future__ import annotations

import pytest

from tests.test_batch_pool import Load, check_runs, make_folder

pytestmark = pytest.mark.slow


def test_two_hundred_reports_fifty_times_under_load(tmp_path):
    folder = tmp_path / "报告"
    make_folder(folder, 200, libreoffice=True)
    with Load():
        check_runs(folder, 50)
