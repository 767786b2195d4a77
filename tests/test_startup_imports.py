"""What a single check loads (issue 11 point 6, issue 13's "the archive lookup on every check costs
start-up time"): structural, not timed — the time is measured by benchmarks/bench_check.py.

``python -X importtime -m core check FILE`` is the clerk's real process, unchanged; the interpreter
names every module it imports on stderr. A .docx checked alone must not load the window (Qt), the
other readers' libraries, the batch's process pool and workbook, the exporters, the roll-up, the
argument parser, json, OpenSSL (hashlib) — nor, when the archive holds no report of last year, the
cross-year rules. Controls show that the listing sees them when they are used: last year's report
in the archive loads the cross-year rules, ``--json`` loads json, an option loads argparse.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.engine_helpers import standard_spec
from tests.fixtures import build_docx
from tests.fixtures.years import previous_year

ROOT = Path(__file__).resolve().parent.parent

NEVER = (
    # the window
    "PySide6", "shiboken6", "gui",
    # the other readers' libraries (a .docx is read with lxml alone)
    "openpyxl", "pypdfium2", "pdfplumber", "pdfminer", "olefile", "defusedxml", "docx", "lxml.html",
    # the core a single .docx check does not use
    "core.batch.pool", "core.batch.discovery", "core.batch.units", "core.batch.workbook", "core.rollup",
    "core.session", "core.export", "core.pairs", "core.formats.layout",
    "core.readers.xlsx", "core.readers.pdf", "core.readers.pdf_extract", "core.readers.pdf_tables",
    "core.readers.pdf_render", "core.readers.html", "core.readers.convert", "core.readers.ole2",
    # the standard library's heavier parts nobody needs here
    "multiprocessing", "concurrent.futures", "subprocess", "tempfile", "difflib", "logging", "unittest",
    "xml.etree", "email", "http", "ctypes",
)
CROSS_YEAR = ("core.rules.crossyear", "core.rules.copying")


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    d = tmp_path_factory.mktemp("startup")
    this = standard_spec("000")
    return {"this": build_docx(this, d / "2022.docx"), "prev": build_docx(previous_year(this, 2022), d / "2021.docx")}


def imported(*args: str, profile: Path) -> tuple[set[str], subprocess.CompletedProcess]:
    """The modules ``python -m core ARGS`` imports (its -X importtime listing)."""
    env = dict(os.environ, NIANBAO_PROFILE=str(profile))
    p = subprocess.run([sys.executable, "-X", "importtime", "-m", "core", *args], cwd=ROOT, env=env,
                       capture_output=True, text=True, encoding="utf-8", timeout=180)
    names = set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)\s*$", p.stderr, re.M))
    assert "core.cli" in names, p.stderr[-2000:]  # the listing was read
    return names, p


def loaded(names: set[str], prefixes) -> list[str]:
    """The modules of ``names`` that are one of ``prefixes`` or inside one of them."""
    return sorted(n for n in names if any(n == x or n.startswith(x + ".") for x in prefixes))


def test_a_single_docx_check_loads_only_what_it_uses(reports, tmp_path):
    names, p = imported("check", str(reports["this"]), profile=tmp_path / "profile")
    assert p.returncode == 0, p.stderr[-2000:]
    assert loaded(names, NEVER) == []
    assert loaded(names, ("argparse", "core.zh_argparse", "json", "hashlib", "_hashlib")) == []
    # the archive was used (looked up and written) and held no report of last year
    assert {"core.archive", "sqlite3"} <= names and (tmp_path / "profile" / "archive.db").exists()
    assert loaded(names, CROSS_YEAR) == []
    # what it needs is there: the reader, recognition, the rules
    assert {"core.readers.docx", "lxml.etree", "core.recognize", "core.rules"} <= names


def test_last_years_report_in_the_archive_loads_the_cross_year_rules(reports, tmp_path):
    profile = tmp_path / "profile"
    imported("check", str(reports["prev"]), profile=profile)  # archived
    names, p = imported("check", "--json", str(reports["this"]), profile=profile)
    assert p.returncode == 0, p.stderr[-2000:]
    assert '"crossyear"' in p.stdout  # found in the archive, compared
    assert set(CROSS_YEAR) <= names and "json" in names
    assert loaded(names, NEVER) == [] and "argparse" not in names


def test_without_the_archive_no_database(reports, tmp_path):
    names, p = imported("check", "--no-archive", str(reports["this"]), profile=tmp_path / "profile")
    assert p.returncode == 0, p.stderr[-2000:]
    assert {"argparse", "core.zh_argparse"} <= names  # an option: the full parser
    assert loaded(names, ("sqlite3", "core.archive") + CROSS_YEAR + NEVER) == []
