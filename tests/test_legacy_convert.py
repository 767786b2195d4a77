"""Old Word/WPS/Excel files go through an office suite: for real through LibreOffice (the seeds saved
as .doc, .rtf and .xls by LibreOffice give the findings and values of the .docx/.xlsx), and the COM
path (Word, WPS, Excel) against a test double of the automation object."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.check import check_path
from core.readers import ReadError
from core.readers import convert as conv
from tests.engine_helpers import signature
from tests.fixtures.docx_builder import build_docx
from tests.fixtures.seeds import SEEDS
from tests.fixtures.xlsx_builder import build_xlsx
from tests.hostile import make_doc

HAVE_LO = shutil.which("soffice") is not None
needs_lo = pytest.mark.skipif(not HAVE_LO, reason="LibreOffice not installed")
DOCX = ["000", "001", "002", "003", "004"]
XLSX = ["000", "003", "004"]


def _values(result):
    return {t: {k: c.number.effective for k, c in td.cells.items()} for t, td in result.report.tables.items()}


@pytest.fixture(scope="module")
def saved_old(tmp_path_factory):
    """The seed fixtures saved by LibreOffice as .doc, .rtf (from our .docx) and .xls (from our .xlsx)."""
    if not HAVE_LO:
        pytest.skip("LibreOffice not installed")
    src = tmp_path_factory.mktemp("src")
    out = tmp_path_factory.mktemp("old")
    profile = tmp_path_factory.mktemp("profile")
    docs = [build_docx(SEEDS[k], src / f"r{k}.docx") for k in DOCX]
    books = [build_xlsx(SEEDS[k], src / f"t{k}.xlsx", formulas="cached") for k in XLSX]
    for target, files in (("doc:MS Word 97", docs), ("rtf", docs), ("xls:MS Excel 97", books)):
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", target,
                        "--outdir", str(out), *map(str, files)], capture_output=True, timeout=900, check=True)
    return src, out


# Seed 001's old statistical table does not survive LibreOffice's own .docx → .doc → .docx round trip
# (the .doc it writes converts back with no table at all, whichever reader reads it), so its .doc is
# compared through .rtf only; the other four seeds go through both.
CASES = [(k, e) for k in DOCX for e in (".doc", ".rtf") if (k, e) != ("001", ".doc")]


@needs_lo
@pytest.mark.parametrize("key,ext", CASES)
def test_old_word_gives_the_docx_findings(saved_old, key, ext):
    src, out = saved_old
    old = out / f"r{key}{ext}"
    before = hashlib.sha256(old.read_bytes()).hexdigest()
    listing = sorted(p.name for p in out.iterdir())
    ours, theirs = check_path(src / f"r{key}.docx"), check_path(old)
    assert theirs.report.format_key == ours.report.format_key
    assert signature(theirs) == signature(ours)
    assert _values(theirs) == _values(ours)
    # the original is untouched and nothing (lock file, backup, output) appeared beside it
    assert hashlib.sha256(old.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in out.iterdir()) == listing
    # the clerk is told it was converted, and by what
    assert theirs.document.converted is not None and theirs.document.converted.program == "LibreOffice"
    said = [f.message for f in theirs.findings if f.code == "I-read-converted"]
    assert len(said) == 1 and "LibreOffice" in said[0] and "转换" in said[0]


@needs_lo
@pytest.mark.parametrize("key", XLSX)
def test_old_excel_gives_the_xlsx_findings(saved_old, key):
    src, out = saved_old
    ours, theirs = check_path(src / f"t{key}.xlsx"), check_path(out / f"t{key}.xls")
    assert signature(theirs) == signature(ours)
    assert _values(theirs) == _values(ours)
    assert theirs.document.converted.kind == "xlsx"


@needs_lo
def test_locations_say_the_file_was_converted(saved_old):
    _src, out = saved_old
    res = check_path(out / "r001.rtf")  # seed 001 has errors at cells
    located = [f for f in res.findings if f.location]
    assert located
    assert all("LibreOffice" in f.location for f in located)


@needs_lo
def test_corrected_export_of_a_doc_is_a_docx_beside_it(saved_old, tmp_path):
    from core.export import default_output_name, export_result

    _src, out = saved_old
    doc = tmp_path / "报告.doc"
    shutil.copy(out / "r003.doc", doc)
    before = doc.read_bytes()
    res = check_path(doc)
    target = default_output_name(doc, "corrected")
    assert target.name == "报告-更正.docx"
    written = export_result(res, target, kind="corrected")
    assert Path(written[0]).suffix == ".docx"
    assert doc.read_bytes() == before
    again = check_path(written[0])
    assert again.errors == 0


@needs_lo
def test_a_doc_libreoffice_cannot_open_ends_with_a_message(tmp_path):
    bad = make_doc(tmp_path, "坏文件.doc")  # a compound file with a WordDocument stream no suite can open
    with pytest.raises(ReadError) as e:
        check_path(bad)
    msg = e.value.message
    assert "坏文件.doc" in msg and "转换" in msg
    import re

    assert set(re.findall(r"[A-Za-z]+", msg)) <= {"LibreOffice", "doc", "docx", "Word", "WPS"}, msg


@needs_lo
def test_a_conversion_over_its_time_limit_ends_with_a_message(tmp_path, monkeypatch, saved_old):
    _src, out = saved_old
    slow = tmp_path / "slow-soffice"
    slow.write_text("#!/bin/sh\nsleep 30\n")
    slow.chmod(0o755)
    monkeypatch.setenv("NIANBAO_SOFFICE", str(slow))
    monkeypatch.setenv("NIANBAO_CONVERT_TIMEOUT", "1")
    t = time.perf_counter()
    with pytest.raises(ReadError) as e:
        check_path(out / "r003.doc")
    assert time.perf_counter() - t < 20  # bounded, not the 30 s the fake suite sleeps (no timing assertion of speed)
    assert "秒" in e.value.message and "停止" in e.value.message


def test_no_suite_installed_keeps_the_message_and_says_what_was_looked_for(tmp_path, monkeypatch):
    monkeypatch.setenv("NIANBAO_SOFFICE", "")
    doc = make_doc(tmp_path, "r.doc")
    with pytest.raises(ReadError) as e:
        check_path(doc)
    assert ".docx" in e.value.message and "LibreOffice" in e.value.message and "已查找" in e.value.message


def test_encrypted_old_files_keep_their_message(tmp_path):
    p = make_doc(tmp_path, "x.doc", encrypted=True)
    with pytest.raises(ReadError) as e:
        check_path(p)
    assert "密码" in e.value.message



# ----- the COM path against a test double --------------------------------------------------------


class FakeDoc:
    def __init__(self, app, path):
        self.app, self.path = app, path

    def SaveAs2(self, out, fmt):  # noqa: N802 - COM names
        self.app.calls.append(("SaveAs2", fmt))
        Path(out).write_bytes(self.app.payload)

    def Close(self, save):  # noqa: N802
        self.app.calls.append(("Close", save))


class FakeBook(FakeDoc):
    def SaveAs(self, out, fmt):  # noqa: N802
        self.app.calls.append(("SaveAs", fmt))
        Path(out).write_bytes(self.app.payload)


class _Collection:
    def __init__(self, app, cls):
        self.app, self.cls = app, cls

    def Open(self, *args):  # noqa: N802
        self.app.calls.append(("Open",) + args)
        if self.app.hang:
            time.sleep(self.app.hang)
        if self.app.fail_open:
            raise OSError("cannot open")
        return self.cls(self.app, args[0])


class FakeApp:
    def __init__(self, payload=b"PK fake", hang=0.0, fail_open=False):
        object.__setattr__(self, "calls", [])
        object.__setattr__(self, "props", {})
        self.payload, self.hang, self.fail_open = payload, hang, fail_open
        self.Documents = _Collection(self, FakeDoc)
        self.Workbooks = _Collection(self, FakeBook)
        self.Hwnd = 0

    def __setattr__(self, k, v):
        if k[:1].isupper() and k not in ("Documents", "Workbooks", "Hwnd"):
            self.props[k] = v
        object.__setattr__(self, k, v)

    def Quit(self):  # noqa: N802
        self.calls.append(("Quit",))


def test_com_word_opens_read_only_saves_docx_closes_and_quits(tmp_path):
    apps = {}

    def factory(progid):
        apps[progid] = FakeApp()
        return apps[progid]

    out, program = conv.convert_with_com(tmp_path / "a.doc", "docx", tmp_path, 5, factory=factory,
                                         installed=lambda p: True)
    assert program == "Microsoft Word" and list(apps) == ["Word.Application"]
    app = apps["Word.Application"]
    opened = app.calls[0]
    assert opened[0] == "Open" and opened[2] is False and opened[3] is True  # no conversion dialog, read-only
    assert opened[5] == conv._NO_PASSWORD  # a protected file fails instead of asking
    assert ("SaveAs2", conv.WD_FORMAT_XML_DOCUMENT) in app.calls
    assert app.calls[-2:] == [("Close", False), ("Quit",)]
    assert app.props["Visible"] is False and app.props["DisplayAlerts"] == 0
    assert app.props["AutomationSecurity"] == conv.MSO_AUTOMATION_SECURITY_FORCE_DISABLE
    assert out.read_bytes() == b"PK fake"


def test_com_falls_back_from_word_to_wps(tmp_path):
    seen = []

    def factory(progid):
        seen.append(progid)
        return FakeApp(fail_open=(progid == "Word.Application"))

    _out, program = conv.convert_with_com(tmp_path / "a.wps", "docx", tmp_path, 5, factory=factory,
                                          installed=lambda p: True)
    assert seen == ["Word.Application", "KWPS.Application"] and program == "WPS 文字"


def test_com_excel_saves_xlsx_with_format_51(tmp_path):
    app = FakeApp()
    _out, program = conv.convert_with_com(tmp_path / "t.xls", "xlsx", tmp_path, 5, factory=lambda p: app,
                                          installed=lambda p: p == "KET.Application")
    assert program == "WPS 表格"
    assert ("SaveAs", conv.XL_OPEN_XML_WORKBOOK) in app.calls
    assert app.calls[0][:4] == ("Open", str(tmp_path / "t.xls"), 0, True)  # no link updates, read-only
    assert app.props["DisplayAlerts"] is False and app.props["EnableEvents"] is False


def test_com_hang_is_stopped_at_the_time_limit(tmp_path):
    app = FakeApp(hang=5)
    t = time.perf_counter()
    with pytest.raises(conv.ConversionFailed) as e:
        conv.convert_with_com(tmp_path / "a.doc", "docx", tmp_path, 0.5, factory=lambda p: app,
                              installed=lambda p: p == "Word.Application")
    assert e.value.timed_out and "秒" in e.value.message
    assert time.perf_counter() - t < 4


def test_com_nothing_installed_is_not_available(tmp_path):
    with pytest.raises(conv.NotAvailable):
        conv.convert_with_com(tmp_path / "a.doc", "docx", tmp_path, 5, factory=lambda p: FakeApp(),
                              installed=lambda p: False)


def test_convert_prefers_com_and_never_writes_beside_the_source(tmp_path, monkeypatch):
    monkeypatch.setenv("NIANBAO_SOFFICE", "")
    c = conv.convert(b"\xd0\xcf\x11\xe0 old bytes", "legacy_doc", com_factory=lambda p: FakeApp(payload=b"PK x"),
                     com_installed=lambda p: p == "Word.Application")
    assert c.program == "Microsoft Word" and c.kind == "docx"
    assert c.path.read_bytes() == b"PK x"
    assert Path(c.path).parent.parent.name.startswith("nianbao-conv-")
    assert not (Path(c.path).parent.parent / "report.doc").exists()  # the copy of the input is removed


@pytest.mark.skipif(sys.platform != "win32", reason="Windows only")
def test_windows_registry_lookup_does_not_start_anything():  # pragma: no cover - Windows only
    # just must not raise; whether Word is installed depends on the machine
    for progid, _ in conv.WORD_SERVERS + conv.EXCEL_SERVERS:
        assert conv.com_server_installed(progid) in (True, False)


def test_looked_for_names_libreoffice_everywhere():
    assert conv.looked_for("docx")[-1] == "LibreOffice"
    if os.name == "nt":  # pragma: no cover
        assert "Microsoft Word" in conv.looked_for("docx")
