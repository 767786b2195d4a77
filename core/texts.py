"""Words the checker shows that are neither a finding (``core.findings``) nor a read failure
(``core.readers.errors``): how a place in the file is said, and the marks of the window's views.

Each text is a template with named fields, written here once; ``say(key, **fields)`` fills it and
refuses a field the template lacks or a field it needs and was not given (a test checks every call
site, in the core and in the window, against its template). This module imports nothing of the
core, so the lowest layers (the document model) can use it.
"""

from __future__ import annotations

from functools import lru_cache
from string import Formatter

TEXTS: dict[str, str] = {
    # --- where a thing stands in the file (SourcePos.describe) ---
    "pos-converted": "{where}（按 {via} 转换后的文件）",  # an old .doc/.xls: positions are the converted copy's
    "pos-web-cell": "网页第{table}个表格第{row}行第{col}列",
    "pos-web-paragraph": "网页正文第{ordinal}段",
    "pos-web-title": "网页标题",
    "pos-sheet-cell": "工作表「{sheet}」{ref}",
    "pos-sheet": "工作表「{sheet}」",
    "pos-page": "第{page}页",
    "pos-page-cell": "第{page}页 表格第{row}行第{col}列",
    "pos-page-paragraph": "第{page}页 正文第{ordinal}段",
    "pos-pdf-cell": "表格第{row}行第{col}列",  # a PDF position whose page is not known
    "pos-cell": "第{table}个表格第{row}行第{col}列",
    "pos-paragraph": "正文第{ordinal}段",
    "pos-paragraph-index": "第{number}段",
    # --- the window's views ---
    # the outline: a section whose heading is missing while its table was found and checked
    "outline-heading-missing": "缺少标题",
    # the text view: the first of a run of blocks of the portal's page around the report (greyed)
    "text-outside-report": "{text}　〔报告以外的网页内容，不检查〕",
}


@lru_cache(maxsize=None)
def fields_of(template: str) -> frozenset[str]:
    """The named fields of a template (``{name}``)."""
    return frozenset(name for _, name, _, _ in Formatter().parse(template) if name)


def say(key: str, **fields) -> str:
    """The text ``key`` filled with ``fields`` (exactly the template's fields)."""
    template = TEXTS[key]
    need = fields_of(template)
    if set(fields) != need:
        raise TypeError(f"text {key!r} takes {sorted(need)}, got {sorted(fields)}")
    return template.format(**fields)


__all__ = ["TEXTS", "fields_of", "say"]
