"""R8 extended: every figure the text of 一、三 (and 四) states about requests, outcomes,
carry-over, review and litigation, matched to its table cell — or reported as not matching, or as
matched to nothing — and the percentages of （七）总计 checked. The phrases and cells are data in
``core.formats.figures``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..findings import Finding, make
from ..formats.figures import COUNT_UNITS, FIGURES, MAX_GAP, SECTIONS_READ, T3_TOTAL, TOPIC_WORDS, Figure, Reading
from ..model import Report
from ..numbers import format_value
from ..text import clean, fold_width

BREAKDOWN = ("其中", "包括", "含")
_SENTENCE = re.compile(r"[。；;！!？?\n]")
_COUNT = re.compile(r"(\d[\d,]*)\s*(?:" + "|".join(COUNT_UNITS) + r")")
_PERCENT = re.compile(r"^[^\d。；;]{0,8}?(\d+(?:\.\d+)?)\s*[%％]")
_PHRASES = sorted(((p, f) for f in FIGURES for p in f.phrases), key=lambda x: -len(x[0]))


@dataclass
class FigureMatch:
    """One number of the text: what it is about, the table's readings and whether one agrees."""

    section: str | None
    paragraph: int  # block index
    clause: str
    stated: int
    figure: Figure | None  # None: no phrase explains it
    readings: list[tuple[Reading, Decimal]]
    percent: str | None = None  # the "占 x%" stated after it, as written
    part: bool = False  # stated as a part of another figure (其中…, 包括…)

    @property
    def status(self) -> str:
        if self.figure is None:
            return "part" if self.part else "unmatched"
        if not self.readings:
            return "no-table"
        return "matched" if any(v == self.stated for _, v in self.readings) else "contradicted"


def _rows(report: Report, table: str, row: str) -> list[str]:
    spec = report.format.table(table) if report.format else None
    if spec is None:
        return []
    if row.endswith("*"):
        return [r.key for r in spec.rows if r.key.startswith(row[:-1])]
    return [row] if spec.has_row(row) else []


def reading_value(report: Report, reading: Reading) -> Decimal | None:
    total = Decimal(0)
    for table, row, col in reading.cells:
        rows = _rows(report, table, row)
        if not rows:
            return None
        for r in rows:
            v = report.value(table, r, col)
            if v is None:
                return None
            total += v
    return total


def _phrase_before(text: str, end: int) -> Figure | None:
    """The figure whose phrase ends closest before ``end`` with no digit in between."""
    best = None
    for phrase, fig in _PHRASES:
        i = text.rfind(phrase, 0, end)
        if i < 0:
            continue
        gap = text[i + len(phrase):end]
        if len(gap) > MAX_GAP or re.search(r"\d", gap):
            continue
        stop = i + len(phrase)
        if best is None or stop > best[0]:
            best = (stop, fig)
    return best[1] if best else None


def match_figures(report: Report) -> list[FigureMatch]:
    """Every count the text of 一、三、四 states, with what it was matched to."""
    if report.format_key not in ("2019", "2021") or "三" not in report.tables:
        return []
    out: list[FigureMatch] = []
    for i, sec, p in report.paragraphs_in_sections:
        if sec not in SECTIONS_READ:
            continue
        text = fold_width(p.text)
        if not re.search(r"\d", text):
            continue
        for sentence in _SENTENCE.split(text):
            first = len(out)
            last = 0
            for m in _COUNT.finditer(sentence):
                start = max(last, sentence.rfind("，", 0, m.start()) + 1, sentence.rfind(",", 0, m.start()) + 1)
                # the phrase may stand before an earlier comma only when nothing else is counted since
                window = sentence[last:m.start()]
                fig = _phrase_before(window, len(window))
                last = m.end()
                clause = sentence[start:m.end()]
                stated = int(m.group(1).replace(",", ""))
                pm = _PERCENT.match(sentence[m.end():])
                percent = pm.group(1) if pm else None
                part = clause.lstrip().startswith(BREAKDOWN) or any(w in sentence[:start] for w in BREAKDOWN[:2])
                if fig is None:
                    if not any(w in sentence[max(0, start - 30):m.end()] for w in TOPIC_WORDS):
                        continue
                    out.append(FigureMatch(sec, i, clean(clause), stated, None, [], percent, part))
                    continue
                readings = [(r, v) for r in fig.readings if (v := reading_value(report, r)) is not None]
                fm = FigureMatch(sec, i, clean(clause), stated, fig, readings, percent, part)
                if fm.status == "contradicted" and clause.lstrip().startswith(BREAKDOWN):
                    fm = FigureMatch(sec, i, clean(clause), stated, None, [], percent, True)  # a part of a total
                out.append(fm)
            _mark_parts(out[first:])
    return out


def _mark_parts(sentence: list[FigureMatch]) -> None:
    """Unmatched counts right after a figure that add up to it are its breakdown
    (收到申请16件，当面申请1件，网络申请3件，信函申请12件)."""
    for k, fm in enumerate(sentence):
        if fm.figure is None:
            continue
        run = []
        for nxt in sentence[k + 1:]:
            if nxt.figure is not None:
                break
            run.append(nxt)
        if len(run) >= 2 and sum(x.stated for x in run) == fm.stated:
            for x in run:
                x.part = True


def _pct(value: Decimal, base: Decimal, decimals: int) -> Decimal:
    return (value * 100 / base).quantize(Decimal(1).scaleb(-decimals)) if decimals else (value * 100 / base).quantize(Decimal(1))


def _place(report: Report, fm: FigureMatch) -> tuple[str, object, str]:
    where = f"第{fm.section}部分" if fm.section else "正文"
    block = report.document.blocks[fm.paragraph]
    pos = getattr(block, "pos", None)
    return where, pos, f"{where}{pos.describe() if pos else ''}"


def contradictions(report: Report, matches: list[FigureMatch] | None = None) -> list[Finding]:
    """R8-figure: each count the text states that no table reading agrees with (once per kind of
    figure and number)."""
    findings: list[Finding] = []
    seen: set[tuple[str, int]] = set()
    for fm in match_figures(report) if matches is None else matches:
        if fm.status != "contradicted" or (fm.figure.key, fm.stated) in seen:
            continue
        seen.add((fm.figure.key, fm.stated))
        where, pos, loc = _place(report, fm)
        says = "，".join(f"{r.name}为 {format_value(v)}" for r, v in fm.readings)
        findings.append(make("R8-figure", section=fm.section, paragraph=fm.paragraph,
                             positions=[pos] if pos else [], location=loc, actual=fm.stated,
                             expected=fm.readings[0][1], where=where, quote=fm.clause[-40:],
                             what=fm.figure.what, stated=fm.stated, table_says=says))
    return findings


def check_figures(report: Report, already: list[Finding] | tuple = ()) -> list[Finding]:
    """R8-percent (a share of （七）总计 that does not compute), I-figures (counts about requests or
    cases matched to no cell), and the R8-figure contradictions (``contradictions``) not ``already``
    reported (same paragraph, same number): run alone, this rule reports them too."""
    matches = match_figures(report)
    if not matches:
        return []
    done = {(f.paragraph, f.actual) for f in already if f.code in ("R8", "R8-figure")}
    findings = [f for f in contradictions(report, matches) if (f.paragraph, f.actual) not in done]
    unmatched: list[str] = []
    base = reading_value(report, T3_TOTAL)
    for fm in matches:
        where, pos, loc = _place(report, fm)
        if fm.status == "unmatched":
            unmatched.append(f"{where}「{fm.clause[-30:]}」")
            continue
        if fm.percent is not None and fm.figure.share_of_total and fm.readings and base:
            value = fm.readings[0][1]
            stated = Decimal(fm.percent)
            decimals = len(fm.percent.split(".")[1]) if "." in fm.percent else 0
            exact = value * 100 / base
            if abs(exact - stated) > Decimal(1).scaleb(-decimals):
                findings.append(make("R8-percent", section=fm.section, paragraph=fm.paragraph,
                                     positions=[pos] if pos else [], location=loc, actual=stated,
                                     expected=_pct(value, base, decimals), where=where,
                                     quote=f"{fm.clause[-30:]}，占{fm.percent}%", what=fm.figure.what,
                                     stated=fm.percent, cell_name=fm.readings[0][0].name, value=value,
                                     base_name=T3_TOTAL.name, base=base,
                                     computed=format_value(_pct(value, base, max(decimals, 1)))))
    if unmatched:
        findings.append(make("I-figures", count=len(unmatched), listing="；".join(unmatched[:8])
                             + ("等" if len(unmatched) > 8 else "")))
    return findings


__all__ = ["FigureMatch", "check_figures", "contradictions", "match_figures", "reading_value"]
