"""This year's report against last year's (docs/FORMAT.md §3.1, §4): R6 carry-over, R7 continuity of
现行有效件数, whether the two reports are a pair at all (X-pair), and W-copy (text repeated from
last year, per section).

Last year's report comes as a ``Report`` (a file given by hand) or as a ``Snapshot`` (from the
archive or another batch process); this year's as a ``Report`` (its cells' positions and its
paragraphs are needed for the findings) or a ``Snapshot``.
"""

from __future__ import annotations

from dataclasses import field
from decimal import Decimal

from ..fastdc import dataclass  # = dataclasses.dataclass, cheaper at import (start-up)
from ..findings import CellRef, Finding, make, sort_key
from ..formats import FORMATS, SECTIONS
from ..model import Report
from ..numbers import format_value
from ..snapshot import Snapshot, snapshot_of
from .copying import CopyMeasure, measure
from ..formats.naming import cell_name

DEFAULT_COPY_THRESHOLD = 0.60
SOURCE_GIVEN = "由您指定"
SOURCE_ARCHIVE = "从本机档案中找到"


@dataclass
class CrossYear:
    """The outcome of comparing two years."""

    previous: Snapshot
    findings: list[Finding] = field(default_factory=list)
    paired: bool = True
    problem: str | None = None  # why the two are not a pair
    copy: dict[str, CopyMeasure] = field(default_factory=dict)  # section key → measure
    source: str = SOURCE_GIVEN
    threshold: float = DEFAULT_COPY_THRESHOLD

    def to_json(self) -> dict:
        return {
            "previous": {"file": self.previous.file, "agency": self.previous.agency, "year": self.previous.year,
                         "format": self.previous.format, "archive_id": self.previous.archive_id,
                         "source": self.source},
            "paired": self.paired,
            "threshold": round(self.threshold * 100),
            "problem": self.problem,
            "copy": {k: {"percent": m.percent, "ratio": round(m.ratio, 4), "chars": m.chars,
                         "repeated": m.repeated, "passages": [list(p) for p in m.passages]}
                     for k, m in self.copy.items()},
        }


def _as_snapshot(r) -> Snapshot:
    return r if isinstance(r, Snapshot) else snapshot_of(r)


def pair_problem(this: Snapshot, prev: Snapshot) -> str | None:
    """Why ``prev`` is not last year's report of the same agency (None when it is, as far as can
    be told: an unknown agency or year is not held against the pair)."""
    if this.sha256 and this.sha256 == prev.sha256:
        return "与本报告是同一个文件"
    if this.year is not None and prev.year is not None and prev.year != this.year - 1:
        if prev.year == this.year:
            return f"与本报告同为 {this.year} 年度的报告"
        return f"是 {prev.year} 年度的报告，本报告是 {this.year} 年度的，不是相邻的两年"
    a, b = this.agency_key, prev.agency_key
    if a and b and a != b and a not in b and b not in a:
        return f"的发布机关是「{prev.agency}」，与本报告的「{this.agency}」不同"
    for snap, who in ((prev, "上年报告"), (this, "本报告")):
        if snap.format == "pre-2019":
            return f"中{who}使用 2019 年以前的旧版统计表，没有可以对照的结转栏目"
        if snap.format is None or not any(k[0] == "三" for k in snap.values) or "三" not in snap.tables_found:
            return f"中{who}没有可识别的表三"
    return None


def _prev_fmt(prev: Snapshot):
    return FORMATS.get(prev.format) if prev.format else None


def check_carry_over(report, this: Snapshot, prev: Snapshot) -> list[Finding]:
    """R6 per column of table 三."""
    fmt = FORMATS.get(this.format)
    pfmt = _prev_fmt(prev)
    spec = fmt.table("三")
    findings = []
    for col in (c.key for c in spec.columns):
        now = this.value("三", "carried_in", col)
        before = prev.value("三", "carried_out", col)
        if now is None or before is None or now == before:
            continue
        key = ("三", "carried_in", col)
        hint = ""
        suggested = target = None
        r1 = _r1_gap(this, col)
        if r1 is not None and r1 == before - now:  # the carry-over also breaks R1 by the same amount
            suggested, target = before, CellRef(*key)
            hint = f"改为 {format_value(before)} 后本年表三的结转关系也随之成立。"
        cell = report.cell(*key) if isinstance(report, Report) else None
        pos = cell.pos if cell is not None else this.positions.get(key)
        findings.append(make(
            "R6", table="三", section="三", cells=[CellRef(*key)], positions=[pos] if pos else [],
            location=pos.describe() if pos else "", expected=before, actual=now, suggested=suggested,
            target=target, cell_name=cell_name(fmt, *key), previous=prev.name,
            previous_cell=cell_name(pfmt, "三", "carried_out", col),
            previous_location=prev.location("三", "carried_out", col) or "位置未知", hint=hint,
        ))
    return findings


def _r1_gap(this: Snapshot, col: str) -> Decimal | None:
    """(（七）总计 + 四) − (一 + 二) for a column of this year's table 三, or None."""
    vals = [this.value("三", r, col) for r in ("new", "carried_in", "total", "carried_out")]
    if any(v is None for v in vals):
        return None
    new, cin, total, cout = vals
    return (total + cout) - (new + cin)


def check_in_force(report, this: Snapshot, prev: Snapshot) -> list[Finding]:
    """R7: 现行有效件数(N) ≈ 现行有效件数(N−1) + 本年制发件数(N) − 本年废止件数(N), 2021 format both years."""
    if this.format != "2021" or prev.format != "2021":
        return []
    fmt = FORMATS["2021"]
    findings = []
    for row in ("rules", "normative_docs"):
        now = this.value("二", row, "in_force")
        before = prev.value("二", row, "in_force")
        issued = this.value("二", row, "issued")
        repealed = this.value("二", row, "repealed")
        if None in (now, before, issued, repealed):
            continue
        expected = before + issued - repealed
        if expected == now:
            continue
        key = ("二", row, "in_force")
        cell = report.cell(*key) if isinstance(report, Report) else None
        pos = cell.pos if cell is not None else this.positions.get(key)
        findings.append(make(
            "R7", table="二", section="二", cells=[CellRef(*key), CellRef("二", row, "issued"), CellRef("二", row, "repealed")],
            positions=[pos] if pos else [], location=pos.describe() if pos else "", expected=expected, actual=now,
            cell_name=cell_name(fmt, *key), previous=prev.name, previous_value=before, issued=issued,
            repealed=repealed, diff=abs(expected - now),
        ))
    return findings


def _section_blocks(report) -> dict[str, list[int | None]]:
    """Section key → the document block index of each of its paragraphs (None when unknown)."""
    if not isinstance(report, Report):
        return {}
    index = {id(b): i for i, b in enumerate(report.document.blocks)}
    return {k: [index.get(id(p)) for p in s.paragraphs] for k, s in report.sections.items()}


def check_copy(report, this: Snapshot, prev: Snapshot, threshold: float) -> tuple[list[Finding], dict[str, CopyMeasure]]:
    measures: dict[str, CopyMeasure] = {}
    findings: list[Finding] = []
    blocks = _section_blocks(report)
    titles = {s.key: s.title for s in SECTIONS}
    for key in ("一", "二", "三", "四", "五", "六"):
        now = this.sections.get(key)
        before = prev.sections.get(key)
        if not now or not before:
            continue
        m = measure(key, now, before)
        if m.chars == 0:
            continue
        measures[key] = m
        if m.ratio > threshold and m.repeated:
            first = blocks.get(key, [None])[m.passages[0][0]] if m.passages and blocks.get(key) else None
            findings.append(make(
                "W-copy", section=key, paragraph=first, actual=m.percent, expected=round(threshold * 100),
                title=titles[key], percent=m.percent, repeated=m.repeated, chars=m.chars, previous=prev.name,
                threshold=round(threshold * 100),
            ))
    if measures:
        listing = "；".join(f"第{k}部分 {m.percent}%" for k, m in measures.items())
        findings.append(make("I-copy", previous=prev.name, listing=listing))
    return findings, measures


def compare(report, previous, *, copy_threshold: float = DEFAULT_COPY_THRESHOLD,
            source: str = SOURCE_GIVEN, this: Snapshot | None = None) -> CrossYear:
    """Compare ``report`` (this year) with ``previous`` (last year): the findings and the measures.
    ``this``: this year's snapshot when the caller has it (with the file's hash)."""
    this = this or _as_snapshot(report)
    prev = _as_snapshot(previous)
    out = CrossYear(prev, source=source, threshold=copy_threshold)
    problem = pair_problem(this, prev)
    if problem is not None:
        out.paired, out.problem = False, problem
        out.findings.append(make("X-pair", previous=prev.name, problem=problem))
        return out
    out.findings.append(make("I-previous", previous=prev.name, year=prev.year if prev.year else "年份未知",
                             source=source))
    out.findings.extend(check_carry_over(report, this, prev))
    out.findings.extend(check_in_force(report, this, prev))
    copy_findings, out.copy = check_copy(report, this, prev, copy_threshold)
    out.findings.extend(copy_findings)
    out.findings.sort(key=sort_key)
    return out


def run_crossyear(report, previous_report, *, copy_threshold: float = DEFAULT_COPY_THRESHOLD,
                  source: str = SOURCE_GIVEN) -> list[Finding]:
    """The cross-year findings of ``report`` given last year's report (a ``Report`` or ``Snapshot``)."""
    return compare(report, previous_report, copy_threshold=copy_threshold, source=source).findings


__all__ = ["DEFAULT_COPY_THRESHOLD", "CrossYear", "compare", "pair_problem", "run_crossyear"]
