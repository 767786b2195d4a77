"""The text against the tables (R8), the 信息处理费 in section 六 (R9), old categories (W-terms),
the topics of section 一 (W-topics)."""

from __future__ import annotations

import re
from decimal import Decimal

from ..findings import Finding, make
from ..model import Paragraph, Report
from ..numbers import format_value
from ..text import clean, fold_width

OLD_TERMS = ("不同意公开", "同意部分公开", "同意公开", "申请信息不存在", "不属于本行政机关", "告知作出更改补充", "告知通过其他途径办理")
FEE_WORDS = re.compile(r"信息处理费|收费|缴费|费用|收取")
TOPICS = {
    "主动公开": re.compile(r"主动公开|重点领域|政策解读|公开.{0,6}信息"),
    "依申请公开": re.compile(r"依申请|公开申请|申请公开"),
    "政府信息管理": re.compile(r"信息管理|管理|审查|清单|公开属性"),
    "政府信息公开平台建设": re.compile(r"平台|网站|新媒体|公报|公开专栏"),
    "监督保障": re.compile(r"监督|保障|培训|考核|评议|追究"),
}


def check_terms(report: Report) -> list[Finding]:
    if report.format_key not in ("2019", "2021") or report.document.kind == "xlsx":
        return []
    found: dict[str, tuple[int, str | None, Paragraph]] = {}
    for i, sec, p in report.paragraphs_in_sections:
        text = p.text
        for term in OLD_TERMS:
            if term in text and term not in found:
                if term == "同意公开" and text.count("同意公开") == text.count("不同意公开") + text.count("同意部分公开"):
                    continue
                found[term] = (i, sec, p)
    if not found:
        return []
    first = min(found.values(), key=lambda x: x[0])
    i, sec, p = first
    where = f"第{sec}部分" if sec else "正文"
    return [make("W-terms", section=sec, paragraph=i, positions=[p.pos] if p.pos else [],
                 terms="」「".join(found), location=f"{where}{p.pos.describe() if p.pos else ''}")]


def check_placeholders(report: Report) -> list[Finding]:
    """Text left as 【待补充…】 (the exporter's placeholder for a missing section, or a template's)."""
    hits = [(i, sec, p) for i, sec, p in report.paragraphs_in_sections if "【待补充" in p.text]
    if not hits:
        return []
    i, sec, p = hits[0]
    secs = sorted({s for _, s, _ in hits if s}, key="一二三四五六".index)
    where = "、".join(f"第{s}部分" for s in secs) if secs else "正文"
    return [make("W-placeholder", section=sec, paragraph=i, positions=[x.pos for _, _, x in hits if x.pos],
                 location=p.pos.describe() if p.pos else "", where=where, count=len(hits))]


def check_fee(report: Report) -> list[Finding]:
    if report.year is None or report.year < 2021 or report.document.kind == "xlsx":
        return []
    sec = report.sections.get("六")
    if sec is None or sec.status == "missing":
        return []
    if FEE_WORDS.search(sec.text):
        return []
    return [make("R9", section="六", paragraph=sec.heading_index)]


def check_topics(report: Report) -> list[Finding]:
    if report.format_key not in ("2019", "2021") or report.document.kind == "xlsx":
        return []
    sec = report.sections.get("一")
    if sec is None or sec.status == "missing" or not sec.paragraphs:
        return []
    text = sec.text
    missing = [name for name, rx in TOPICS.items() if not rx.search(text)]
    if not missing:
        return []
    return [make("W-topics", section="一", paragraph=sec.heading_index, topics="、".join(missing))]


# ----- R8: figures quoted in the text ------------------------------------------------------------

_CLAUSE = re.compile(r"[，,；;。！!？?\n]")
_NUM = r"(\d[\d,]*)\s*(?:件|宗|起|个)"
_GAP = r"[^\d，,；;。]{0,18}?"
PATTERNS = (
    ("new", re.compile(r"(?:新收|收到|受理|新受理|接收|共收到|共受理)" + _GAP + _NUM)),
    ("carried_in", re.compile(r"(?:上年度?结转|结转自上年度?|上年度?转结|上年度?遗留)" + _GAP + _NUM)),
    ("closed", re.compile(r"(?:已?答复|已?办结|办理完毕|已办理|处理完毕|已处理)" + _GAP + _NUM)),
    ("carried_out", re.compile(r"(?:结转(?:至|到)?下一?年度?|转入下一?年度?)" + _GAP + _NUM)),
    ("review", re.compile(r"行政复议" + _GAP + _NUM)),
    ("suit", re.compile(r"行政诉讼" + _GAP + _NUM)),
)
ALL_DONE = re.compile(r"(所有|全部)(申请)?(均|都)?(已|已经)?(办结|办理完毕|办理完成|答复完毕|按时办结)|均已办结|均已办理完毕|全部办结")


def _int(s: str) -> int:
    return int(s.replace(",", ""))


def _readings(report: Report, what: str) -> dict[str, Decimal]:
    v = report.value
    readings: dict[str, Decimal] = {}

    def put(name, *cells):
        vals = [v(*c) for c in cells]
        if all(x is not None for x in vals):
            readings[name] = sum(vals, Decimal(0))

    if what == "new":
        put("表三「一、本年新收」总计", ("三", "new", "total"))
        put("表三「一、本年新收」与「二、上年结转」之和", ("三", "new", "total"), ("三", "carried_in", "total"))
    elif what == "carried_in":
        put("表三「二、上年结转」总计", ("三", "carried_in", "total"))
    elif what == "closed":
        put("表三「（七）总计」", ("三", "total", "total"))
    elif what == "carried_out":
        put("表三「四、结转下年度继续办理」总计", ("三", "carried_out", "total"))
    elif what == "review":
        put("表四「行政复议」总计", ("四", "review", "total"))
    elif what == "suit":
        put("表四「行政诉讼」两项总计之和", ("四", "suit_direct", "total"), ("四", "suit_after_review", "total"))
        put("表四「未经复议直接起诉」总计", ("四", "suit_direct", "total"))
        put("表四「复议后起诉」总计", ("四", "suit_after_review", "total"))
    return readings


_LABEL = {"new": "收到的申请", "carried_in": "上年结转的申请", "closed": "办结（答复）的申请", "carried_out": "结转下年度的申请",
          "review": "行政复议", "suit": "行政诉讼"}


def check_text_figures(report: Report) -> list[Finding]:
    if report.format_key not in ("2019", "2021") or report.document.kind == "xlsx" or "三" not in report.tables:
        return []
    findings: list[Finding] = []
    seen: set[tuple[str, int]] = set()
    for i, sec, p in report.paragraphs_in_sections:
        text = fold_width(p.text)
        where = f"第{sec}部分" if sec else "正文"
        if ALL_DONE.search(text):
            out = report.value("三", "carried_out", "total")
            if out is not None and out > 0 and ("all_done", 0) not in seen:
                seen.add(("all_done", 0))
                findings.append(make(
                    "R8", section=sec, paragraph=i, positions=[p.pos] if p.pos else [],
                    location=f"{where}{p.pos.describe() if p.pos else ''}", actual=0, expected=out,
                    what=f"{where}正文说申请已全部办结，但表三「四、结转下年度继续办理」总计为 {format_value(out)}。",
                ))
        if not re.search(r"\d", text):
            continue
        for clause in _CLAUSE.split(text):
            c = clause.strip()
            if not c or c.startswith(("其中", "包括", "含")) or "占" in c[:2]:
                continue
            for what, rx in PATTERNS:
                m = rx.search(c)
                if not m:
                    continue
                if what == "new" and re.search(r"结转|答复|办结", c[: m.start() + 4]) and not c[m.start():].startswith(("新收", "收到", "受理")):
                    continue
                if what == "closed" and "结转" in c[: m.start()]:
                    continue
                n = _int(m.group(1))
                readings = _readings(report, what)
                if not readings or any(val == n for val in readings.values()) or (what, n) in seen:
                    continue
                seen.add((what, n))
                quoted = clean(c)[:60]
                table_says = "，".join(f"{name}为 {format_value(val)}" for name, val in readings.items())
                findings.append(make(
                    "R8", section=sec, paragraph=i, positions=[p.pos] if p.pos else [],
                    location=f"{where}{p.pos.describe() if p.pos else ''}", actual=n,
                    expected=next(iter(readings.values())),
                    what=f"{where}正文说「{quoted}」（{_LABEL[what]} {n} 件），但{table_says}。请核对正文或表格。",
                ))
                break
    return findings
