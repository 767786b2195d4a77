"""The catalogue of the texts that are neither findings nor read failures (core/texts.py): every
``say()`` call, in the core and in the window, fills exactly its template's fields; the wordings
that used to be assembled where they are shown come from it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from core.model import SourcePos
from core.texts import TEXTS, fields_of, say

ROOT = Path(__file__).resolve().parents[2]


def _say_calls():
    for folder in ("core", "gui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            imported = any(isinstance(n, ast.ImportFrom) and (n.module or "").split(".")[-1] == "texts"
                           and any(a.name == "say" for a in n.names) for n in ast.walk(tree))
            if not imported:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "say":
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", node


SITES = list(_say_calls())


def test_sites_were_found():
    files = {s.split(":")[0] for s, _ in SITES}
    assert {"core/model.py", "gui/views.py"} <= files and len(SITES) >= 14


@pytest.mark.parametrize("site", SITES, ids=lambda s: s[0])
def test_say_call_fills_exactly_its_template(site):
    where, call = site
    assert call.args and isinstance(call.args[0], ast.Constant), f"{where}: the key must be written at the call"
    key = call.args[0].value
    assert key in TEXTS, f"{where}: no text {key!r}"
    assert all(k.arg is not None for k in call.keywords), f"{where}: no **fields: name them"
    assert {k.arg for k in call.keywords} == set(fields_of(TEXTS[key])), where


def test_every_text_is_said_somewhere():
    used = {call.args[0].value for _, call in SITES}
    assert set(TEXTS) == used


def test_a_wrong_or_missing_field_is_refused():
    with pytest.raises(TypeError):
        say("pos-sheet", sheet="表三", ref="C7")
    with pytest.raises(TypeError):
        say("pos-cell", table=1, row=2)


@pytest.mark.parametrize("pos, said", [
    (SourcePos("docx", table=3, row=5, col=4), "第3个表格第5行第4列"),
    (SourcePos("docx", ordinal=7), "正文第7段"),
    (SourcePos("docx", paragraph=0), "第1段"),
    (SourcePos("xlsx", sheet="表三", ref="C7", row=7, col=3), "工作表「表三」C7"),
    (SourcePos("xlsx", sheet="表三"), "工作表「表三」"),
    (SourcePos("pdf", page=2, table=1, row=3, col=4), "第2页 表格第3行第4列"),
    (SourcePos("pdf", table=1, row=3, col=4), "表格第3行第4列"),
    (SourcePos("pdf", page=2, ordinal=5), "第2页 正文第5段"),
    (SourcePos("pdf", ordinal=5), "正文第5段"),
    (SourcePos("pdf", page=4), "第4页"),
    (SourcePos("pdf"), ""),
    (SourcePos("html", table=2, row=1, col=3), "网页第2个表格第1行第3列"),
    (SourcePos("html", ordinal=9), "网页正文第9段"),
    (SourcePos("html"), "网页标题"),
    (SourcePos("docx", table=1, row=2, col=3, via="LibreOffice"), "第1个表格第2行第3列（按 LibreOffice 转换后的文件）"),
    (SourcePos("docx", via="LibreOffice"), ""),
])
def test_positions_are_said_as_before(pos, said):
    assert pos.describe() == said
