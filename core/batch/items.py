"""One file's result, small and picklable (:class:`BatchItem`), and where its findings are.

A worker process checks the file and sends back only this: counts, the findings as JSON dicts,
the places (表三 / 第五部分 …) and the named cells of each finding, or the Chinese reason the
file could not be read. The document itself stays in the worker.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import field
from pathlib import Path

from ..fastdc import dataclass  # = dataclasses.dataclass, cheaper at import (start-up)
from ..findings import ERROR, WARNING

__all__ = [
    "STATUS_ZH", "STATUS_MARK", "STATUS_ORDER", "BatchItem", "item_from_result", "check_one", "place_of",
    "place_long", "place_key", "section_titles", "format_label", "timeout_item", "crashed_item",
]

#: unreadable: the file cannot be read; unrecognized: read, but none of the report's tables was
#: found and nothing else is wrong (a workbook that is not a report: it must not pass as 通过)
STATUS_ZH = {"unreadable": "无法读取", "unrecognized": "未能识别", "error": "有错误", "warning": "有警告", "ok": "通过"}
STATUS_MARK = {"unreadable": "✕", "unrecognized": "✕", "error": "✕", "warning": "⚠", "ok": "✓"}
STATUS_ORDER = {"unreadable": 0, "unrecognized": 1, "error": 2, "warning": 3, "ok": 4}

# ---------------------------------------------------------------------------------------- places
# The section titles and table keys come from core.formats; only the words for the places that
# are not a table or a numbered section are written here.
_OLD_TABLE = "统计表"
_OLD_TABLE_WORD = "旧版统计表"
_CODE_PLACES = {
    "W-agency": "标题",
    "W-year": "标题",
    "F1": "表格格式",
    "P1": _OLD_TABLE_WORD,
    "I-old-format": "全文",
    "I-read": "文件",
}


def section_titles() -> dict[str, str]:
    """{一: 总体情况, 二: 主动公开政府信息情况, …} from the format."""
    from ..formats import SECTIONS

    return {s.key: s.title for s in SECTIONS}


def _table_words() -> dict[str, str]:
    from ..formats import TABLE_KEYS

    words = {k: f"表{k}" for k in TABLE_KEYS}
    words[_OLD_TABLE] = _OLD_TABLE_WORD
    return words


def place_of(finding: dict) -> str:
    """Where a finding is, in words a clerk uses: 表三 / 第五部分 / 标题 / 旧版统计表 / 全文."""
    table = finding.get("table")
    if not table:
        cells = finding.get("cells") or []
        table = cells[0].get("table") if cells else None
    words = _table_words()
    if table in words:
        return words[table]
    section = finding.get("section")
    if section in section_titles():
        return f"第{section}部分"
    code = finding.get("code") or ""
    family = finding.get("family") or _family(code)
    return _CODE_PLACES.get(family, _CODE_PLACES.get(code, "全文"))


def _family(code: str) -> str:
    """The rule a kind of finding belongs to (``W-year-future`` → ``W-year``), from the catalogue."""
    from ..findings import CATALOGUE

    kind = CATALOGUE.get(code)
    return getattr(kind, "family", code) if kind is not None else code


def place_long(place: str) -> str:
    """表三 → 表三（收到和处理政府信息公开申请情况）; 第五部分 → 第五部分「存在的主要问题及改进情况」."""
    titles = section_titles()
    if len(place) == 2 and place[0] == "表" and place[1] in titles:
        return f"{place}（{titles[place[1]]}）"
    if len(place) == 4 and place[0] == "第" and place[2:] == "部分" and place[1] in titles:
        return f"{place}「{titles[place[1]]}」"
    return place


def _place_order() -> list[str]:
    """标题, 第一部分, 表二, 第二部分, 表三, 第三部分, 表四, 第四部分, 第五部分, …, 旧版统计表, 表格格式, 全文, 文件."""
    from ..formats import SECTION_KEYS, TABLE_KEYS

    order = ["标题"]
    for key in SECTION_KEYS:
        if key in TABLE_KEYS:
            order.append(f"表{key}")
        order.append(f"第{key}部分")
    return order + [_OLD_TABLE_WORD, "表格格式", "全文", "文件"]


def place_key(place: str) -> int:
    """Sort key putting places in document order: 标题, 第一部分, 表二, …, 第六部分, 旧版统计表, 全文."""
    order = _place_order()
    return order.index(place) if place in order else len(order)


_place_key = place_key


def format_label(item: "BatchItem", short: bool = False) -> str:
    """The format's Chinese name: the full ``FormatSpec.name``, or with ``short`` the
    ``FormatSpec.short_name`` for narrow columns (2021 年版 / 2019 年版 / 2019 年以前旧版)."""
    from ..formats import FORMATS

    fmt = FORMATS.get(item.format or "")
    if fmt is None:
        return "" if short else (item.format_name or "")
    if short:
        return getattr(fmt, "short_name", "") or fmt.name
    return item.format_name or fmt.name


# ------------------------------------------------------------------------------------------ item


@dataclass
class BatchItem:
    """What the batch keeps of one file (the document itself stays in the worker)."""

    index: int  # position in the input list
    file: str
    agency: str | None = None
    year: int | None = None
    format: str | None = None  # "2021" | "2019" | "pre-2019" | None
    format_name: str | None = None  # Chinese name of the format
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    by_code: dict[str, int] = field(default_factory=dict)
    findings: list[dict] = field(default_factory=list)  # Finding.to_json(), unchanged
    places: list[str] = field(default_factory=list)  # place_of() of each finding
    cell_names: list[str] = field(default_factory=list)  # the cells of each finding, named in words
    error: str | None = None  # the Chinese reason the file could not be read / checked
    reason: str | None = None  # ReadError.reason (stable code), "unexpected", "crashed" or "timeout"
    seconds: float = 0.0
    snapshot: dict | None = None  # core.snapshot.Snapshot.to_dict(): for pairing years (core.pairs), roll-up
    previous: str | None = None  # last year's report of the same unit in the batch (core.pairs), if paired
    crossyear: dict | None = None  # what core.pairs added (finding count, severities), so a re-pairing can undo it

    @property
    def path(self) -> Path:
        return Path(self.file)

    @property
    def name(self) -> str:
        return Path(self.file).name

    @property
    def readable(self) -> bool:
        return self.error is None

    @property
    def status(self) -> str:
        if self.error is not None:
            return "unreadable"
        if self.errors:
            return "error"
        if self.format is None:
            return "unrecognized"
        if self.warnings:
            return "warning"
        return "ok"

    @property
    def status_zh(self) -> str:
        return STATUS_ZH[self.status]

    @property
    def status_label(self) -> str:
        """``✕ 有错误`` — a glyph and a word, never a colour alone."""
        return f"{STATUS_MARK[self.status]} {STATUS_ZH[self.status]}"

    @property
    def unit(self) -> str:
        """The unit as far as it can be told: the agency in the title, else guessed from the file
        name (an .xlsx holds only the tables, an unreadable file nothing)."""
        from .units import unit_from_filename

        return self.agency or unit_from_filename(self.file) or ""

    @property
    def effective_year(self) -> int | None:
        from .units import year_from_filename

        return self.year if self.year is not None else year_from_filename(self.file)

    def problem_places(self) -> list[tuple[str, int, int]]:
        """[(place, errors, warnings)] in document order, places with errors or warnings only."""
        counts: dict[str, list[int]] = {}
        for f, place in zip(self.findings, self.places):
            sev = f.get("severity")
            if sev not in (ERROR, WARNING):
                continue
            c = counts.setdefault(place, [0, 0])
            c[0 if sev == ERROR else 1] += 1
        return [(p, e, w) for p, (e, w) in sorted(counts.items(), key=lambda kv: _place_key(kv[0]))]

    def problem_summary(self) -> str:
        """``表三 2 个错误；第五部分 1 个警告`` — which table or section holds the problems."""
        parts = []
        for place, e, w in self.problem_places():
            bits = ([f"{e} 个错误"] if e else []) + ([f"{w} 个警告"] if w else [])
            parts.append(f"{place} {'、'.join(bits)}")
        return "；".join(parts)

    def to_json(self) -> dict:
        """The CLI's JSON line: ``{"file","format","year","agency","findings","tables"}`` or ``{"file","error"}``."""
        if self.error is not None:
            return {"file": self.file, "error": self.error}
        return {"file": self.file, "format": self.format, "year": self.year, "agency": self.agency,
                "findings": self.findings, "tables": self.tables_json()}

    def tables_json(self) -> dict:
        """The canonical tables (docs/FORMAT.md §7), as ``CheckResult.to_json()["tables"]``."""
        if not self.snapshot:
            return {}
        from ..snapshot import Snapshot

        return Snapshot.from_dict(self.snapshot).tables_json()


_MAX_CELL_NAMES = 5


def _cell_names(result, finding) -> str:
    from ..formats.naming import cell_name

    fmt = result.report.format
    names = []
    for c in finding.cells[:_MAX_CELL_NAMES]:
        try:
            names.append(cell_name(fmt, c.table, c.row, c.col))
        except Exception:  # a name is a nicety: never fail a file for it
            names.append(f"{c.table}/{c.row}/{c.col}")
    if len(finding.cells) > _MAX_CELL_NAMES:
        names.append(f"等共 {len(finding.cells)} 个单元格")
    return "；".join(names)


def item_from_result(index: int, path, result, seconds: float = 0.0) -> BatchItem:
    """A :class:`BatchItem` from a ``CheckResult`` or from the exception a file raised."""
    from ..readers import ReadError

    if isinstance(result, BaseException):
        if isinstance(result, ReadError):
            return BatchItem(index, str(path), error=result.message, reason=result.reason, seconds=seconds)
        return BatchItem(index, str(path), error=_unexpected_message(result), reason="unexpected", seconds=seconds)
    r = result.report
    findings = [f.to_json() for f in result.findings]
    by_code = Counter(f.code for f in result.findings)
    return BatchItem(
        index=index,
        file=str(path),
        agency=r.agency,
        year=r.year,
        format=r.format_key,
        format_name=r.format.name if r.format else None,
        errors=result.errors,
        warnings=result.warnings,
        infos=result.infos,
        by_code=dict(by_code),
        findings=findings,
        places=[place_of(f) for f in findings],
        cell_names=[_cell_names(result, f) for f in result.findings],
        seconds=seconds,
        snapshot=_snapshot(result, path),
    )


def _snapshot(result, path) -> dict | None:
    from ..snapshot import file_sha256, snapshot_of

    try:
        return snapshot_of(result.report, result.findings, file=path, sha256=file_sha256(path)).to_dict()
    except Exception:  # pairing years is a bonus: never fail a file for it
        return None


def _unexpected_message(exc: BaseException) -> str:
    return f"检查时发生意外错误（{type(exc).__name__}），请将此文件反馈给开发人员。"


def timeout_item(index: int, path, limit: float) -> BatchItem:
    """The item of a file whose check took longer than ``limit`` seconds (its worker was stopped)."""
    n = f"{limit:g}"
    return BatchItem(index, str(path), reason="timeout", seconds=float(limit),
                     error=f"检查超时（超过 {n} 秒），已跳过。请在 Word/WPS 中打开后另存为 .docx 再检查，"
                           "或将此文件反馈给开发人员。")


def crashed_item(index: int, path) -> BatchItem:
    """The item of a file during whose check the worker process died."""
    return BatchItem(index, str(path), reason="crashed",
                     error=f"检查文件“{Path(path).name}”时检查程序意外退出（文件可能过大或已损坏）。"
                           "请在 Word/WPS 中打开后另存为 .docx 再检查，或将此文件反馈给开发人员。")


def check_one(index: int, path) -> BatchItem:
    """Check one file; never raises for a bad file (the reason goes into ``BatchItem.error``)."""
    from ..check import check_path

    t0 = time.perf_counter()
    try:
        result = check_path(path)
    except Exception as exc:  # ReadError, or a bug on an odd file: it never stops the batch
        return item_from_result(index, path, exc, time.perf_counter() - t0)
    try:
        return item_from_result(index, path, result, time.perf_counter() - t0)
    except Exception as exc:  # pragma: no cover - summarising must not fail either
        return item_from_result(index, path, exc, time.perf_counter() - t0)
