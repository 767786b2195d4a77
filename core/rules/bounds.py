"""Where the report stands in its file (core/recognize/bounds.py): a second report in the same file
(W-reports), and the page text around the report that was left unchecked (I-outside)."""

from __future__ import annotations

from ..findings import Finding, make
from ..model import Grid, Paragraph, Report
from ..text import clean


def check_bounds(report: Report) -> list[Finding]:
    b = report.bounds
    if b is None:
        return []
    findings: list[Finding] = []
    if b.others:
        title = clean(report.title.text) if report.title is not None else "（无标题）"
        items = [(title, report.year)] + [(o.title, o.year) for o in b.others]
        listing = "、".join(f"「{t}」（{y} 年度）" if y else f"「{t}」" for t, y in items)
        findings.append(make("W-reports", count=len(items), listing=listing,
                             positions=[report.title.pos] if report.title is not None and report.title.pos else []))
    blocks = report.document.blocks
    outside = [i for i, blk in enumerate(blocks) if isinstance(blk, (Paragraph, Grid)) and blk.outside]
    if outside:
        before = sum(1 for i in outside if i < b.start)
        after = sum(1 for i in outside if i >= b.end)
        where = []
        if before:
            where.append(f"报告标题之前 {before} 段" if b.title is not None else f"报告之前 {before} 段")
        if len(outside) - before - after:
            where.append(f"标题下的发布信息 {len(outside) - before - after} 段")
        if after:
            where.append(f"报告之后 {after} 段" + ("（含另一份报告）" if b.others else ""))
        sample = next((clean(blocks[i].text) for i in outside if isinstance(blocks[i], Paragraph)), "表格")
        findings.append(make("I-outside", count=len(outside), where="，".join(where), sample=sample[:30]))
    return findings
