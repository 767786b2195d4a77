"""The findings catalogue is complete: every make()/phrase() call fills exactly its template's fields,
no kind is a bare placeholder filled by a sentence built elsewhere, split kinds keep their family."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from core.findings import CATALOGUE, PHRASES, Finding, make, phrase, template_fields

CORE = Path(__file__).resolve().parents[2] / "core"
# make()'s own parameters: attributes of the finding, not fields of the message
STRUCTURAL = {"cells", "positions", "target", "rules", "paragraph", "severity"}
# attributes of the finding that a template may also show
SHOWN = {"location", "expected", "actual", "suggested", "section", "table"}
# The one call that passes a reader's structured remark through (code and fields come from the reader).
DYNAMIC_SITES = {("rules/__init__.py", "read_note")}
# Calls whose code is an identity's code, read from the format (R3, R4, R5: same fields each).
IDENTITY_SITES = {("rules/identities.py", "_identity_finding")}


def _identity_codes() -> list[str]:
    from core.formats import FORMATS

    codes = {i.code for f in FORMATS.values() for t in f.tables.values() for i in t.identities}
    return sorted(codes - {"R1", "P1"})  # those two have their own call


def _literal_codes(node: ast.expr) -> list[str] | None:
    """The code(s) a call's first argument can be: a literal, or a conditional between literals."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        a, b = _literal_codes(node.body), _literal_codes(node.orelse)
        return a + b if a is not None and b is not None else None
    return None


def _imports_from_findings(tree: ast.Module, name: str) -> bool:
    return any(isinstance(n, ast.ImportFrom) and (n.module or "").split(".")[-1] == "findings"
               and any(a.name == name for a in n.names) for n in ast.walk(tree))


def _calls(name: str):
    """Calls of core.findings' ``make``/``phrase`` (other modules may have functions of that name)."""
    for path in sorted(CORE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if path.name != "findings.py" and not _imports_from_findings(tree, name):
            continue
        funcs = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for fn in funcs:
            for node in ast.walk(fn):
                if not isinstance(node, ast.Call):
                    continue
                f = node.func
                called = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
                if called == name and not (path.name == "findings.py" and fn.name in ("make", "phrase")):
                    yield str(path.relative_to(CORE)), fn.name, node


MAKE_SITES = list(_calls("make"))
PHRASE_SITES = list(_calls("phrase"))


def test_sites_were_found():
    assert len(MAKE_SITES) >= 30 and len(PHRASE_SITES) >= 15


@pytest.mark.parametrize("site", MAKE_SITES, ids=lambda s: f"{s[0]}:{s[2].lineno}")
def test_make_call_fills_exactly_its_template(site):
    path, fn, call = site
    if (path, fn) in DYNAMIC_SITES:
        return
    codes = _literal_codes(call.args[0]) if call.args else None
    if codes is None and (path, fn) in IDENTITY_SITES:
        codes = _identity_codes()
    assert codes, f"{path}:{call.lineno}: the code must be written at the call"
    assert all(k.arg is not None for k in call.keywords), f"{path}:{call.lineno}: no **fields: name them"
    given = {k.arg for k in call.keywords} - STRUCTURAL
    for code in codes:
        assert code in CATALOGUE, f"{path}:{call.lineno}: {code} is not catalogued"
        fields = CATALOGUE[code].fields
        assert given - SHOWN <= fields, f"{path}:{call.lineno}: {code} has no field {sorted(given - SHOWN - fields)}"
        assert fields - SHOWN <= given, f"{path}:{call.lineno}: {code} needs {sorted(fields - SHOWN - given)}"


@pytest.mark.parametrize("site", PHRASE_SITES, ids=lambda s: f"{s[0]}:{s[2].lineno}")
def test_phrase_call_fills_exactly_its_template(site):
    path, fn, call = site
    keys = _literal_codes(call.args[0]) if call.args else None
    assert keys, f"{path}:{call.lineno}: the phrase key must be written at the call"
    given = {k.arg for k in call.keywords}
    for key in keys:
        assert key in PHRASES, f"{path}:{call.lineno}: no phrase {key}"
        assert given == set(template_fields(PHRASES[key])), f"{path}:{call.lineno}: {key}"


def test_no_kind_is_a_bare_placeholder():
    """A template is a sentence, not one field filled by a message built elsewhere. The only exception
    is I-read for a reader's remark given as text (its wording is the reader's catalogue's)."""
    bare = [c for c, t in CATALOGUE.items() if t.template.strip().startswith("{") and t.template.strip().endswith("}")
            and len(t.fields) == 1 and t.template.strip() == "{" + next(iter(t.fields)) + "}"]
    assert bare == ["I-read"]


def test_split_kinds_keep_their_family():
    t1 = {c for c, t in CATALOGUE.items() if t.family == "T1"}
    assert t1 == {"T1-none", "T1-format", "T1-table", "T1-rows", "T1-cells"}
    assert all(c.startswith(t.family) for c, t in CATALOGUE.items())
    assert {t.family for t in CATALOGUE.values()} >= {"R8", "W-year", "I-read", "I-unknown", "W-agency", "V1"}
    assert "T1" not in CATALOGUE and "R8" not in CATALOGUE  # distinct kinds, not one code with a kind field


def test_every_kind_is_made_somewhere():
    made = {c for _, _, call in MAKE_SITES for c in (_literal_codes(call.args[0]) or [])} | set(_identity_codes())
    # the I-read-… kinds are for the readers' structured remarks (see rules.read_note)
    unused = {c for c in CATALOGUE if c not in made and not c.startswith("I-read-")}
    assert not unused


def test_json_carries_family_and_tags():
    f = make("T1-table", table="四", section="四", title="政府信息公开行政复议、行政诉讼情况")
    j = f.to_json()
    assert j["code"] == "T1-table" and j["family"] == "T1" and j["tags"] == ["structure", "table"]
    assert j["message"] == "缺少表四「政府信息公开行政复议、行政诉讼情况」（或无法识别）。请按统一格式填写该表。"
    assert isinstance(f, Finding) and f.tags == ("structure", "table")


def test_a_wrong_field_is_refused():
    with pytest.raises(TypeError):
        make("T1-rows", table="三", rows="「x」", what="y")
    with pytest.raises(KeyError):
        make("T1-rows", table="三")


def test_agency_missing_says_it_once():
    msg = make("W-agency-none").message
    assert msg.count("没有找到") == 1 and "（未找到）" not in msg


def test_phrase_fills_decimals_like_the_messages():
    from decimal import Decimal

    assert phrase("stated", value=Decimal("805")) == "填的是 805"
    assert phrase("stated-blank") == "未填（空白）"
