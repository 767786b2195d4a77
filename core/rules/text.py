"""The text against the tables (R8), the 信息处理费 in section 六 (R9), old categories (W-terms),
the topics of section 一 (W-topics), placeholders (W-placeholder).

The words looked for are data in ``core.formats.phrases``; the figures of the text and the cells
each is compared with, in ``core.formats.figures``."""

from __future__ import annotations

from ..findings import Finding, make, phrase
from ..formats import phrases as ph
from ..formats.naming import cell_name
from ..model import Paragraph, Report
from ..text import fold_width
from .figures import contradictions

_SECTION_ORDER = "一二三四五六"


def _checks_text(report: Report) -> bool:
    """A report of the current formats with a text (a workbook has none: .docx, PDF, web page)."""
    return report.format_key in ("2019", "2021") and report.document.kind != "xlsx"


def _where(sec: str | None) -> str:
    return phrase("place-section", section=sec) if sec else phrase("body")


def _location(sec: str | None, p: Paragraph) -> str:
    return f"{_where(sec)}{p.pos.describe() if p.pos else ''}"


def check_terms(report: Report) -> list[Finding]:
    if not _checks_text(report):
        return []
    found: dict[str, tuple[int, str | None, Paragraph]] = {}
    for i, sec, p in report.paragraphs_in_sections:
        text = p.text
        for term in ph.OLD_TERMS:
            if term in text and term not in found:
                containers = ph.OLD_TERM_CONTAINERS.get(term, ())
                if containers and text.count(term) == sum(text.count(c) for c in containers):
                    continue
                found[term] = (i, sec, p)
    if not found:
        return []
    i, sec, p = min(found.values(), key=lambda x: x[0])
    return [make("W-terms", section=sec, paragraph=i, positions=[p.pos] if p.pos else [],
                 terms="」「".join(found), location=_location(sec, p))]


def check_placeholders(report: Report) -> list[Finding]:
    """Text left as 【待补充…】 (the exporter's placeholder for a missing section, or a template's)."""
    hits = [(i, sec, p) for i, sec, p in report.paragraphs_in_sections if ph.PLACEHOLDER in p.text]
    if not hits:
        return []
    i, sec, p = hits[0]
    secs = sorted({s for _, s, _ in hits if s}, key=_SECTION_ORDER.index)
    where = "、".join(phrase("place-section", section=s) for s in secs) if secs else phrase("body")
    return [make("W-placeholder", section=sec, paragraph=i, positions=[x.pos for _, _, x in hits if x.pos],
                 location=p.pos.describe() if p.pos else "", where=where, count=len(hits))]


def check_fee(report: Report) -> list[Finding]:
    if report.year is None or report.year < ph.FEE_FIRST_YEAR or report.document.kind == "xlsx":
        return []
    sec = report.sections.get(ph.FEE_SECTION)
    if sec is None or sec.status == "missing":
        return []
    if ph.FEE_WORDS.search(sec.text):
        return []
    return [make("R9", section=ph.FEE_SECTION, paragraph=sec.heading_index)]


def check_topics(report: Report) -> list[Finding]:
    if not _checks_text(report):
        return []
    sec = report.sections.get(ph.TOPICS_SECTION)
    if sec is None or sec.status == "missing" or not sec.paragraphs:
        return []
    text = sec.text
    missing = [name for name, rx in ph.TOPICS.items() if not rx.search(text)]
    if not missing:
        return []
    return [make("W-topics", section=ph.TOPICS_SECTION, paragraph=sec.heading_index, topics="、".join(missing))]


# ----- R8: figures quoted in the text ------------------------------------------------------------


def check_text_figures(report: Report) -> list[Finding]:
    """R8-done (the text says every request was answered, the table carries some over) and
    R8-figure (a figure of the text no table reading agrees with). The figures, the phrases that
    introduce them and the cells they are read against are the data of ``core.formats.figures``,
    matched by ``core.rules.figures`` (one way to read a figure of the text)."""
    if not _checks_text(report) or "三" not in report.tables:
        return []
    findings: list[Finding] = []
    for i, sec, p in report.paragraphs_in_sections:
        if ph.ALL_DONE.search(fold_width(p.text)):
            out = report.value(*ph.ALL_DONE_CELL)
            if out is not None and out > 0:
                findings.append(make(
                    "R8-done", section=sec, paragraph=i, positions=[p.pos] if p.pos else [],
                    location=_location(sec, p), actual=0, expected=out,
                    where=_where(sec), cell_name=cell_name(report.format, *ph.ALL_DONE_CELL), carried_out=out,
                ))
                break
    findings.extend(contradictions(report))
    return findings
