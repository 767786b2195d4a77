"""The project's own reference (docs/FORMAT.md, docs/RULES.md) cannot drift from the program: RULES.md is
what tools/gen_rules_doc.py writes from the catalogue and explains every code; FORMAT.md names every
canonical key of core/formats and the sources; every pointer into it elsewhere in the repository names
docs/FORMAT.md and a section that exists."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _gen():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import gen_rules_doc
    finally:
        sys.path.pop(0)
    return gen_rules_doc


def test_rules_doc_is_up_to_date():
    p = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_rules_doc.py"), "--check"], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, "docs/RULES.md is out of date: run python tools/gen_rules_doc.py\n" + p.stderr


def test_rules_doc_lists_and_explains_every_catalogue_code():
    from core.findings import CATALOGUE, SEVERITY_ZH

    text = (DOCS / "RULES.md").read_text(encoding="utf-8")
    families = list(dict.fromkeys(k.family for k in CATALOGUE.values()))
    assert re.findall(r"^## (\S+)$", text, re.M) == families, "one section per family, in catalogue order"
    assert re.findall(r"^### (\S+)$", text, re.M) == list(CATALOGUE), "one entry per code, in catalogue order"
    gen = _gen()
    unexplained = [f for f in families if not gen.WHY.get(f)]
    assert not unexplained, f"explain these families in tools/gen_rules_doc.py WHY: {unexplained}"
    assert gen.MISSING not in text
    for code, kind in CATALOGUE.items():
        entry = text.split(f"\n### {code}\n", 1)[1].split("\n##", 1)[0]
        assert kind.title in entry and SEVERITY_ZH[kind.severity] in entry, code
        example = re.search(r"^> (.+)$", entry, re.M)
        assert example and "{" not in example.group(1) and "〈" not in example.group(1), (code, example)


def test_format_doc_names_every_canonical_key_and_section():
    from core.formats import FORMATS, SECTIONS

    text = (DOCS / "FORMAT.md").read_text(encoding="utf-8")
    for fmt in FORMATS.values():
        assert f"`{fmt.key}`" in text, fmt.key
        for tkey, table in fmt.tables.items():
            if fmt.key == "pre-2019":
                continue  # the old list is described in words (§2, §4), not keyed
            for spec in list(table.rows) + list(table.columns):
                assert f"`{spec.key}`" in text or f"`{spec.key.rsplit('_', 1)[0]}_1`" in text, (fmt.key, tkey,
                                                                                                  spec.key)
    for s in SECTIONS:
        assert s.standard_heading in text, s.standard_heading


def test_format_doc_cites_the_sources():
    text = (DOCS / "FORMAT.md").read_text(encoding="utf-8")
    for source in ("《中华人民共和国政府信息公开条例》", "国务院令第711号", "2019-04-03", "2019-05-15", "第四十九条",
                   "第五十条", "国办公开办函〔2021〕30号", "国办公开办函〔2019〕60号", "《政府信息公开信息处理费管理办法》",
                   "国办函〔2020〕109号"):
        assert source in text, source


def _repo_text_files():
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    for name in out:
        p = ROOT / name
        if p.suffix in (".py", ".md", ".sh", ".toml", ".spec", ".txt") and p.is_file():
            yield name, p.read_text(encoding="utf-8", errors="replace")


def test_every_pointer_names_docs_format_md_and_an_existing_section():
    doc = (DOCS / "FORMAT.md").read_text(encoding="utf-8")
    numbers = set(re.findall(r"^#{2,3} (\d+(?:\.\d+)?)\.? ", doc, re.M))
    bad, dangling = [], []
    for name, text in _repo_text_files():
        if name.startswith("docs/"):
            continue
        for m in re.finditer(r"(?<![\w/])FORMAT\.md\s*§", text):  # a pointer into a file not in the repo
            bad.append(f"{name}: …{text[max(0, m.start() - 20):m.end()]}")
        for m in re.finditer(r"docs/FORMAT\.md §(\d+(?:\.\d+)?)", text):
            if m.group(1) not in numbers:
                dangling.append(f"{name}: §{m.group(1)}")
    assert not bad, "point to docs/FORMAT.md, not FORMAT.md:\n" + "\n".join(bad)
    assert not dangling, "no such section in docs/FORMAT.md:\n" + "\n".join(dangling)


def test_readme_links_the_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/FORMAT.md)" in readme and "(docs/RULES.md)" in readme
