"""Bad, damaged and hostile input through the whole engine (check_path and the command line):
a finding or a clean Chinese "cannot read", never a traceback, a hang or a write to the input."""

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.check import check_path
from core.fileio import WriteRefused, atomic_write
from core.readers import ReadError
from tests import hostile
from tests.engine_helpers import standard_spec
from tests.fixtures.docx_builder import build_docx
from tests.fixtures.xlsx_builder import build_xlsx

ROOT = Path(__file__).resolve().parent.parent

NOT_OOXML = [
    ("make_doc", "legacy_doc", ".docx"), ("make_wps", "wps", ".docx"), ("make_xls", "legacy_xls", ".xlsx"),
    ("make_et", "et", ".xlsx"), ("make_pdf", "damaged_pdf", ".docx"), ("make_text", "text", ".docx"),
    ("make_empty", "empty", ""), ("make_folder", "is_directory", ""),
    ("make_encrypted_ooxml", "encrypted", "密码"), ("make_truncated_docx", "damaged_zip", ""),
    ("make_zip_without_document", "missing_part", ""), ("make_malformed_document_xml", "bad_xml", ""),
    ("make_billion_laughs", "xml_entities", ""), ("make_xxe_file", "xml_entities", ""),
    ("make_bomb_declared_huge", "zip_bomb", ""), ("make_bomb_many_members", "zip_bomb", ""),
]


@pytest.mark.parametrize("factory,reason,hint", NOT_OOXML)
def test_check_path_gives_a_chinese_reason(tmp_path, factory, reason, hint):
    path = getattr(hostile, factory)(tmp_path)
    with pytest.raises(ReadError) as e:
        check_path(path)
    assert e.value.reason == reason
    assert any("\u4e00" <= ch <= "\u9fff" for ch in e.value.message)
    assert hint in e.value.message


@pytest.mark.parametrize("factory", ["make_doc", "make_xls", "make_pdf", "make_empty", "make_bomb_high_ratio"])
def test_cli_exit_2_and_no_traceback(tmp_path, factory):
    path = getattr(hostile, factory)(tmp_path)
    p = subprocess.run([sys.executable, "-m", "core", "check", "--json", str(path)], cwd=ROOT,
                       capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert p.returncode == 2
    assert "Traceback" not in p.stderr + p.stdout
    line = json.loads(p.stdout)
    assert set(line) == {"file", "error"} and path.name in line["error"]


def test_docm_and_dotx_are_read(tmp_path):
    for factory in ("make_docm", "make_dotx"):
        r = check_path(getattr(hostile, factory)(tmp_path))
        assert r.document.kind == "docx"


def test_thousands_of_tables_are_cut_short_with_a_message(tmp_path):
    """A document of 2 500 small tables: read up to the limit, then the clerk is told."""
    import docx

    d = docx.Document()
    for i in range(2500):
        t = d.add_table(rows=1, cols=2)
        t.cell(0, 0).text = f"表{i}"
        t.cell(0, 1).text = str(i)
    path = tmp_path / "many.docx"
    d.save(path)
    r = check_path(path)
    assert len(r.document.grids) == 2000
    assert any(f.code == "I-read" and "文档过大" in f.message for f in r.findings)


def test_one_enormous_table_is_cut_short(tmp_path):
    from lxml import etree

    from core.readers.docx import MAX_ROWS, W

    row = f'<w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>'
    body = f'<w:tbl>{row * (MAX_ROWS + 500)}</w:tbl>'
    xml = f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()
    etree.fromstring(xml)
    src = hostile.docx_bytes()
    path = tmp_path / "huge_table.docx"
    path.write_bytes(hostile.rezip(src, replace={"word/document.xml": xml}))
    r = check_path(path)
    assert len(r.document.grids[0].rows) == MAX_ROWS
    assert any(f.code == "I-read" for f in r.findings)


def test_a_report_open_in_word_is_still_read(tmp_path, seed_docx):
    src = tmp_path / "报告.docx"
    src.write_bytes(seed_docx["003"].read_bytes())
    (tmp_path / "~$报告.docx").write_bytes(b"\x05lockfile owner" + b"\0" * 100)
    assert check_path(src).report.format_key == "2021"


def test_input_is_never_written_or_kept_open(tmp_path, seed_docx):
    src = tmp_path / "r.docx"
    src.write_bytes(seed_docx["000"].read_bytes())
    before = (hashlib.sha256(src.read_bytes()).hexdigest(), src.stat().st_mtime_ns)
    check_path(src)
    assert (hashlib.sha256(src.read_bytes()).hexdigest(), src.stat().st_mtime_ns) == before
    if Path("/proc/self/fd").exists():
        open_files = {os.path.realpath(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")}
        assert str(src.resolve()) not in open_files


def test_writing_onto_a_locked_target_gives_a_clear_message(tmp_path, monkeypatch):
    target = tmp_path / "out.docx"
    target.write_bytes(b"old")

    def locked(*_):
        raise PermissionError(13, "sharing violation")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(WriteRefused) as e:
        atomic_write(target, b"new")
    assert "正在" in str(e.value) and target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]  # no temporary file left behind


# ----- property-based: random mutations of realistic fixtures --------------------------------

SPEC = standard_spec("003")
KEYS3 = sorted(SPEC.t3)
KEYS4 = sorted(SPEC.t4)
cell_text = st.one_of(
    st.integers(-5, 10**7).map(str),
    st.sampled_from(["", "—", "/", "无", "１２", "1,234", "5件", "22（其中修订16件）", "+8", "0.0", "abc", "∞", "1e9",
                     "NaN", "\u3000", "9" * 40, "-0"]),
    st.text(max_size=12),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    t3=st.dictionaries(st.sampled_from(KEYS3), cell_text, max_size=8),
    t4=st.dictionaries(st.sampled_from(KEYS4), cell_text, max_size=4),
    label=st.text(max_size=20),
    relabel=st.sampled_from(sorted(SPEC.labels())),
    merges=st.sampled_from(["official", "undone_repeat", "undone_blank"]),
    xlsx=st.booleans(),
)
def test_random_cell_values_labels_and_merges(tmp_path_factory, t3, t4, label, relabel, merges, xlsx):
    from tests.fixtures.layouts import Layout

    spec = SPEC.copy()
    spec.t3.update(t3)
    spec.t4.update(t4)
    spec.label_overrides[relabel] = label
    d = tmp_path_factory.mktemp("prop")
    if xlsx:
        path = build_xlsx(spec, d / "p.xlsx", merges=merges != "official")
    else:
        path = build_docx(spec, d / "p.docx", Layout(merges=merges))
    result = check_path(path)  # findings, never an exception
    for f in result.findings:
        assert f.message and f.severity in ("error", "warning", "info")
        json.dumps(f.to_json(), ensure_ascii=False)
    if not xlsx and relabel[0] != "三":
        # whatever the clerk typed into a cell of 三 is read back as typed, at its own key
        from tests.fixtures.spec import xml_safe

        for k, v in t3.items():
            if v == xml_safe(v) and v.isprintable():
                cell = result.report.cell("三", *k)
                assert cell is not None and cell.raw.strip() == v.strip(), (k, v, cell and cell.raw)


_BASE = None


def _base_bytes():
    global _BASE
    if _BASE is None:
        import tempfile

        with tempfile.TemporaryDirectory() as d:
            _BASE = build_docx(SPEC, Path(d) / "b.docx").read_bytes()
    return _BASE


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_random_xml_byte_mutations(tmp_path_factory, data):
    base = _base_bytes()
    with zipfile.ZipFile(__import__("io").BytesIO(base)) as z:
        xml = bytearray(z.read("word/document.xml"))
    for _ in range(data.draw(st.integers(1, 8))):
        op = data.draw(st.sampled_from(["flip", "delete", "insert", "dup"]))
        i = data.draw(st.integers(0, len(xml) - 1))
        if op == "flip":
            xml[i] = data.draw(st.integers(0, 255))
        elif op == "delete":
            del xml[i:i + data.draw(st.integers(1, 200))]
        elif op == "insert":
            xml[i:i] = data.draw(st.sampled_from([b"<w:tc>", b"</w:tr>", b'<w:gridSpan w:val="99999"/>',
                                                  b'<w:vMerge/>', b"<w:tbl>", b"&#0;", b"\xff\xfe", b"<!--"]))
        else:
            j = data.draw(st.integers(i, min(len(xml), i + 3000)))
            xml[j:j] = xml[i:j]
    path = tmp_path_factory.mktemp("xml") / "m.docx"
    path.write_bytes(hostile.rezip(base, replace={"word/document.xml": bytes(xml)}))
    try:
        result = check_path(path)
    except ReadError as e:
        assert e.message and not e.unexpected
    else:
        assert isinstance(result.findings, list)
