"""The read-failure catalogue: one template per kind, Chinese, every call filling its fields."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from core.readers.errors import CATALOGUE, DERIVED_FIELDS, REASONS, ReadError, template_fields

CORE = Path(__file__).resolve().parents[2] / "core"
CJK = re.compile(r"[\u4e00-\u9fff]")
# Product and format names a clerk knows; anything else in Latin letters would be jargon.
ALLOWED_LATIN = {"Microsoft", "LibreOffice", "Word", "WPS", "Excel", "PDF", "XML", "HTML", "RTF", "OFD", "EPUB", "OpenDocument", "PowerPoint",
                 "Office", "OLE", "MB", "zip", "docx", "xlsx", "doc", "xls", "wps", "et", "xlsb", "ods", "odt", "mht",
                 "document", "xml", "Content_Types", "body", "word", "xl", "workbook", "gzip", "RAR", "PNG", "JPEG",
                 "GIF", "TIFF", "exe", "OCR", "LibreOffice", "Microsoft"}
SAMPLE = {"size": "120.0 MB", "limit": "100.0 MB", "pages": 2500, "error": "设备未就绪", "what": "PNG 图片",
          "part": "word/document.xml", "line": 3, "page": 4, "seconds": 30, "kind": "Word 97-2003 (.doc)",
          "why": "LibreOffice 无法打开这个文件。", "looked_for": "Microsoft Word、WPS 文字、LibreOffice"}


def _fill(code: str, name: str = "报告.docx", ext: str = ".docx") -> ReadError:
    fields = {k: v for k, v in SAMPLE.items() if k in template_fields(CATALOGUE[code].template)}
    return ReadError.make(code, name=name, ext=ext, **fields)


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_template_is_plain_chinese(code):
    err = _fill(code)
    assert err.code == code and err.reason == CATALOGUE[code].reason and err.reason in REASONS
    msg = err.message
    assert CJK.search(msg) and "{" not in msg and "}" not in msg, msg
    assert msg.count("。") <= 2, msg
    words = set(re.findall(r"[A-Za-z_]{2,}", msg)) - ALLOWED_LATIN
    assert not words, (code, words)
    assert str(err) == msg


def test_templates_name_the_file():
    unnamed = {"xml_empty", "xml_syntax", "xml_syntax_line", "xml_undecodable", "xml_no_root", "xml_entities"}
    for code, entry in CATALOGUE.items():
        fields = template_fields(entry.template)
        assert fields & {"name", "subject", "where", "original"}, code  # "original": a refusal that names it
        if code in unnamed:
            assert "报告.docx" in _fill(code).message


def test_one_code_per_template():
    seen: dict[str, str] = {}
    for code, entry in CATALOGUE.items():
        assert entry.template not in seen or entry.reason != CATALOGUE[seen[entry.template]].reason, (code, seen.get(entry.template))
        seen.setdefault(entry.template, code)


def test_subject_names_a_claimed_extension_only_when_it_is_wrong():
    assert "扩展名虽是 .docx" in ReadError.make("legacy_doc", name="a.docx", ext=".docx").message
    assert "扩展名" not in ReadError.make("legacy_doc", name="a.doc", ext=".doc").message
    assert "扩展名虽是 .xls" in ReadError.make("pdf", name="a.xls", ext=".XLS").message
    assert "扩展名" not in ReadError.make("pdf", name="a.pdf", ext=".pdf").message


def test_advice_follows_the_family():
    assert ".xlsx" in ReadError.make("unknown_binary", name="a.xls", ext=".xls").message
    assert ".docx" in ReadError.make("unknown_binary", name="a.doc", ext=".doc").message
    assert "Excel 工作簿" in ReadError.make("mht", name="a.xls", ext=".xls").message
    assert "Word 文档" in ReadError.make("mht", name="a.doc", ext=".doc").message


def test_fields_are_kept_for_machines():
    err = ReadError.make("too_large", name="大.docx", ext=".docx", size="1 MB", limit="2 MB", detail="x")
    assert err.fields["size"] == "1 MB" and err.fields["name"] == "大.docx" and err.detail == "x"
    assert not err.unexpected


def test_errors_cross_process_boundaries():
    import pickle

    err = ReadError.make("encrypted_xls", name="表.xls", ext=".xls", detail="FILEPASS", unexpected=False)
    back = pickle.loads(pickle.dumps(err))
    assert (back.reason, back.code, back.message, back.detail, back.fields) == (err.reason, err.code, err.message, err.detail, err.fields)
    assert type(back) is ReadError


def test_a_missing_field_is_a_programming_error():
    with pytest.raises(KeyError):
        ReadError.make("too_large", name="a.docx")


# ---- every call site in the core matches its template ------------------------------------

_KNOWN_KW = {"name", "ext", "part", "detail", "unexpected"}


def _calls():
    for path in sorted(CORE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            f = node.func
            is_make = f.attr == "make" and isinstance(f.value, ast.Name) and f.value.id == "ReadError"
            is_pkg_error = f.attr == "error" and path.parent.name == "readers"
            if is_make or is_pkg_error:
                yield path, node, is_pkg_error


def test_every_make_call_fills_its_template():
    checked = 0
    for path, node, via_pkg in _calls():
        if not node.args or not isinstance(node.args[0], ast.Constant):
            continue  # computed codes are covered by the parametrized tests above
        code = node.args[0].value
        where = f"{path.name}:{node.lineno}"
        assert code in CATALOGUE, where
        if any(k.arg is None for k in node.keywords):  # **fields: the caller supplies a mapping
            names = {k.arg for k in node.keywords if k.arg} | {"name", "part"}
        else:
            names = {k.arg for k in node.keywords}
        if via_pkg:
            names |= {"name", "ext"}
        needed = template_fields(CATALOGUE[code].template) - DERIVED_FIELDS
        assert needed <= names, (where, code, needed - names)
        extra = names - _KNOWN_KW - template_fields(CATALOGUE[code].template)
        assert not extra, (where, code, extra)
        checked += 1
    assert checked >= 40


def test_no_read_error_is_written_inline():
    """Outside errors.py a ReadError is only ever made from the catalogue."""
    for path in sorted(CORE.rglob("*.py")):
        if path.name == "errors.py" and path.parent.name == "readers":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "ReadError":
                pytest.fail(f"inline ReadError in {path.relative_to(CORE)}:{node.lineno}")


def test_every_code_is_used_somewhere():
    source = "\n".join(p.read_text(encoding="utf-8") for p in CORE.rglob("*.py") if p.name != "errors.py")
    computed = {"encrypted_doc", "encrypted_wps", "encrypted_xls", "encrypted_et", "legacy_doc", "wps", "legacy_xls",
                "et", "ppt", "pdf", "rtf", "mht", "word_xml", "excel_xml", "empty", "unknown_binary"}
    # provided for the PDF and web-page readers, which raise them from their own modules
    for_other_readers = {"too_many_pages", "pdf_encrypted", "pdf_damaged", "pdf_no_text", "html_undecodable", "mht_damaged"}
    unused = [c for c in CATALOGUE if f'"{c}"' not in source and c not in computed | for_other_readers]
    assert not unused, unused
