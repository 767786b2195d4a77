"""core/formats is the only place a label of the format is written (issue 10 point 1).

Every string constant of core/**/*.py (docstrings and comments excepted) is scanned for the format's
vocabulary: the labels, titles and names of core.formats, and their recognition fragments of three
characters or more. A hit outside the allowed modules fails."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from core.formats import FORMATS, HEADER_LABELS, REQUEST_GROUPS, SECTIONS

CORE = Path(__file__).resolve().parents[2] / "core"
CJK = re.compile(r"[\u3400-\u9fff]{2,}")

# Where the format's words belong.
ALLOWED = ("formats/", "findings.py", "export/texts.py")
# Allowed for now, each for a reason (to be emptied as the other rooms land):
ALLOWED_FOR_NOW = {
    "export/__init__.py": "export wording: to move into core/export/texts.py",
    "export/live_xlsx.py": "the workbook's instructions: to move into core/export/texts.py",
}
# Whole labels of two characters that are also everyday words in any message (其他程序, 单位名单).
COMMON_WORDS = {"其他", "单位"}


def _add(vocab: set[str], text: str) -> None:
    runs = CJK.findall(text)
    for run in runs:
        if len(run) >= 3 or (len(runs) == 1 and run == text.strip()):
            vocab.add(run)


def vocabulary() -> set[str]:
    vocab: set[str] = set()
    for fmt in FORMATS.values():
        _add(vocab, fmt.name)
        _add(vocab, fmt.document)
        for table in fmt.tables.values():
            _add(vocab, table.title)
            for spec in table.rows + table.columns:
                _add(vocab, spec.label)
                for alt in spec.match:
                    for frag in alt:
                        if len(frag) >= 3:
                            _add(vocab, frag)
                for a in spec.accepted:
                    _add(vocab, a)
            for block in table.blocks:
                _add(vocab, block.title)
    for sec in SECTIONS:
        _add(vocab, sec.title)
        for v in sec.variants:
            _add(vocab, v)
    for text in list(HEADER_LABELS.values()) + list(REQUEST_GROUPS.values()):
        _add(vocab, text)
    return vocab - COMMON_WORDS


VOCAB = vocabulary()


def literal_hits(source: str) -> list[tuple[int, str, list[str]]]:
    tree = ast.parse(source)
    docs = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docs.add(id(first.value))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            runs = CJK.findall(node.value)
            words = sorted(w for w in VOCAB if any(w in r for r in runs))
            if words:
                out.append((node.lineno, node.value[:40], words[:3]))
    return out


def test_the_vocabulary_is_the_formats():
    assert {"申请人情况", "自然人", "总计", "行政复议", "未经复议直接起诉", "复议后起诉", "信息内容", "统计指标"} <= VOCAB
    assert "第二十条第" in VOCAB or any(w.startswith("第二十条") for w in VOCAB)


def test_the_scan_finds_a_planted_label():
    src = '"""申请人情况 in a docstring is fine."""\n# 自然人 in a comment too\nx = "申请人情况"\ny = f"表{1}的总计"\n'
    hits = literal_hits(src)
    assert [h[0] for h in hits] == [3, 4]


def test_no_label_literal_outside_formats():
    bad = []
    for path in sorted(CORE.rglob("*.py")):
        rel = path.relative_to(CORE).as_posix()
        if rel.startswith(ALLOWED) or rel.startswith(tuple(ALLOWED_FOR_NOW)):
            continue
        for line, text, words in literal_hits(path.read_text(encoding="utf-8")):
            bad.append(f"core/{rel}:{line} {text!r} {words}")
    assert not bad, "labels written outside core/formats:\n" + "\n".join(bad)


def test_the_allow_list_is_still_needed():
    """An entry whose module no longer writes a label must leave the list (it only shrinks)."""
    stale = []
    for entry in ALLOWED_FOR_NOW:
        paths = [p for p in CORE.rglob("*.py") if p.relative_to(CORE).as_posix().startswith(entry)]
        if not any(literal_hits(p.read_text(encoding="utf-8")) for p in paths):
            stale.append(entry)
    assert not stale, f"remove from ALLOWED_FOR_NOW: {stale}"
