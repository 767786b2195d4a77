"""Batch checking: many reports at once, in parallel, with a summary workbook and a coverage list.

The disclosure office of a district collects the reports of dozens of units and must check them all
(issue 7). This module does the work without any Qt:

* :func:`expand_paths` — files as given, folders recursively (lock files skipped);
* :func:`check_many` — runs :func:`core.check.check_path` over the files on every CPU core
  (``ProcessPoolExecutor``); each worker sends back a small picklable :class:`BatchItem`
  (counts, findings as JSON dicts, or the Chinese read error). One bad file never stops the batch;
  ``cancel`` stops it between files; ``progress`` is called for every finished file;
* :func:`load_expected_units` / :func:`coverage` — which units on the list have no report for a
  year, and which reports come from units not on the list (tolerant name matching, see
  :func:`normalize_unit` and :func:`match_unit`);
* :func:`write_batch_xlsx` — 汇总 / 问题明细 / 缺报单位 / 名单外的报告 sheets, written atomically;
* :func:`write_batch_outputs` — what ``python -m core check --xlsx/--expected`` calls.
"""

from __future__ import annotations

import math
import os
import re
import sys
import threading
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .fileio import atomic_path
from .findings import CATALOGUE, ERROR, SEVERITY_ORDER, SEVERITY_ZH, WARNING

__all__ = [
    "SUFFIXES", "LEGACY_SUFFIXES", "STATUS_ZH", "STATUS_MARK", "BatchItem", "Coverage", "UnitsFileError",
    "expand_paths", "check_one", "check_many", "freeze_support", "item_from_result", "default_workers",
    "normalize_unit", "unit_from_filename", "year_from_filename", "match_unit", "load_expected_units",
    "coverage", "guess_year", "place_of", "place_long", "place_key", "write_batch_xlsx", "write_batch_outputs",
    "summary_text",
]

# --------------------------------------------------------------------------------------------------
# Which files
# --------------------------------------------------------------------------------------------------

#: Files a folder scan picks up: everything the readers can check.
SUFFIXES = {".docx", ".docm", ".dotx", ".dotm", ".xlsx", ".xlsm", ".xltx", ".xltm"}
#: Old Word/Excel/WPS files are listed too (as "无法读取" with the reader's advice to save them as
#: .docx/.xlsx): a unit that sent a .doc has sent something, it is not missing.
LEGACY_SUFFIXES = {".doc", ".wps", ".xls", ".et"}


def _is_lock_file(name: str) -> bool:
    # ~$ : Word/Excel/WPS owner files; .~ : WPS/LibreOffice lock files
    return name.startswith("~$") or name.startswith(".~")


def expand_paths(paths: Iterable, *, legacy: bool = True) -> list[Path]:
    """Files as given; folders (recursively) give every .docx/.xlsx under them (and, with
    ``legacy``, the old .doc/.wps/.xls/.et files, which will be reported as unreadable), lock files
    (``~$…``) skipped. The order is stable: the order of the arguments, then sorted paths."""
    wanted = SUFFIXES | (LEGACY_SUFFIXES if legacy else set())
    out: list[Path] = []
    seen: set[Path] = set()
    for p in map(Path, paths):
        if p.is_dir():
            found = []
            for f in p.rglob("*"):
                try:
                    if f.suffix.lower() in wanted and not _is_lock_file(f.name) and f.is_file():
                        found.append(f)
                except OSError:  # pragma: no cover - unreadable directory entries
                    continue
            for f in sorted(found, key=lambda x: [s.casefold() for s in x.parts]):
                if f not in seen:
                    seen.add(f)
                    out.append(f)
        else:
            out.append(p)  # given explicitly: checked (and reported) whatever it is
    return out


# --------------------------------------------------------------------------------------------------
# One file's result, small and picklable
# --------------------------------------------------------------------------------------------------

#: unreadable: the file cannot be read; unrecognized: read, but none of the report's tables was
#: found and nothing else is wrong (a workbook that is not a report: it must not pass as 通过)
STATUS_ZH = {"unreadable": "无法读取", "unrecognized": "未能识别", "error": "有错误", "warning": "有警告", "ok": "通过"}
STATUS_MARK = {"unreadable": "✕", "unrecognized": "✕", "error": "✕", "warning": "⚠", "ok": "✓"}
STATUS_ORDER = {"unreadable": 0, "unrecognized": 1, "error": 2, "warning": 3, "ok": 4}

_SECTION_TITLES = {
    "一": "总体情况",
    "二": "主动公开政府信息情况",
    "三": "收到和处理政府信息公开申请情况",
    "四": "政府信息公开行政复议、行政诉讼情况",
    "五": "存在的主要问题及改进情况",
    "六": "其他需要报告的事项",
}
_TABLE_WORDS = {"二": "表二", "三": "表三", "四": "表四", "统计表": "旧版统计表"}
_CODE_PLACES = {
    "W-agency": "标题",
    "W-year": "标题",
    "F1": "表格格式",
    "P1": "旧版统计表",
    "I-old-format": "全文",
    "I-read": "文件",
}


def place_of(finding: dict) -> str:
    """Where a finding is, in words a clerk uses: 表三 / 第五部分 / 标题 / 旧版统计表 / 全文."""
    table = finding.get("table")
    if not table:
        cells = finding.get("cells") or []
        table = cells[0].get("table") if cells else None
    if table in _TABLE_WORDS:
        return _TABLE_WORDS[table]
    section = finding.get("section")
    if section in _SECTION_TITLES:
        return f"第{section}部分"
    return _CODE_PLACES.get(finding.get("code", ""), "全文")


def place_long(place: str) -> str:
    """表三 → 表三（收到和处理政府信息公开申请情况）; 第五部分 → 第五部分「存在的主要问题及改进情况」."""
    m = re.fullmatch(r"表([二三四])", place)
    if m:
        return f"{place}（{_SECTION_TITLES[m.group(1)]}）"
    m = re.fullmatch(r"第([一二三四五六])部分", place)
    if m:
        return f"{place}「{_SECTION_TITLES[m.group(1)]}」"
    return place


_PLACE_ORDER = ["标题", "第一部分", "表二", "第二部分", "表三", "第三部分", "表四", "第四部分", "第五部分",
                "第六部分", "旧版统计表", "表格格式", "全文", "文件"]


def place_key(place: str) -> int:
    """Sort key putting places in document order: 标题, 第一部分, 表二, …, 第六部分, 旧版统计表, 全文."""
    return _PLACE_ORDER.index(place) if place in _PLACE_ORDER else len(_PLACE_ORDER)


_place_key = place_key


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
    reason: str | None = None  # ReadError.reason (stable code) or "unexpected"
    seconds: float = 0.0

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
        return self.agency or unit_from_filename(self.file) or ""

    @property
    def effective_year(self) -> int | None:
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
        """The CLI's JSON line: ``{"file","format","year","agency","findings"}`` or ``{"file","error"}``."""
        if self.error is not None:
            return {"file": self.file, "error": self.error}
        return {"file": self.file, "format": self.format, "year": self.year, "agency": self.agency,
                "findings": self.findings}


_MAX_CELL_NAMES = 5


def _cell_names(result, finding) -> str:
    from .formats.naming import cell_name

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
    from .readers import ReadError

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
    )


def _unexpected_message(exc: BaseException) -> str:
    return f"检查时发生意外错误（{type(exc).__name__}），请将此文件反馈给开发人员。"


def check_one(index: int, path) -> BatchItem:
    """Check one file; never raises for a bad file (the reason goes into ``BatchItem.error``)."""
    from .check import check_path

    t0 = time.perf_counter()
    try:
        result = check_path(path)
    except Exception as exc:  # ReadError, or a bug on an odd file: it never stops the batch
        return item_from_result(index, path, exc, time.perf_counter() - t0)
    try:
        return item_from_result(index, path, result, time.perf_counter() - t0)
    except Exception as exc:  # pragma: no cover - summarising must not fail either
        return item_from_result(index, path, exc, time.perf_counter() - t0)


def _check_chunk(chunk: list[tuple[int, str]]) -> list[BatchItem]:
    """Worker entry point (runs in a child process)."""
    return [check_one(i, p) for i, p in chunk]


# --------------------------------------------------------------------------------------------------
# Many files, in parallel
# --------------------------------------------------------------------------------------------------

Progress = Callable[[int, int, BatchItem], None]

_FROZEN_POOL_OK = False


def freeze_support() -> None:
    """Call first thing in a program's ``main()``. In a frozen build (PyInstaller) a worker process
    starts the program's own executable, which must turn into a worker at once instead of opening
    a window: that is what ``multiprocessing.freeze_support()`` does. Until this has been called,
    :func:`check_many` never starts processes in a frozen build (it checks the files one by one
    in the calling thread, which is slower but safe)."""
    import multiprocessing

    global _FROZEN_POOL_OK
    multiprocessing.freeze_support()
    _FROZEN_POOL_OK = True


def default_workers(n_files: int) -> int:
    cpus = os.cpu_count() or 1
    if sys.platform == "win32":
        cpus = min(cpus, 61)  # ProcessPoolExecutor's limit on Windows
    return max(1, min(cpus, n_files))


def _cancelled(cancel) -> bool:
    if cancel is None:
        return False
    if hasattr(cancel, "is_set"):
        return bool(cancel.is_set())
    return bool(cancel())


def _mp_context():
    """``spawn`` on Windows and macOS; on Linux ``fork`` from a single-threaded program (the CLI,
    fastest), ``forkserver`` otherwise (the window's background thread: forking a threaded
    process is unsafe)."""
    import multiprocessing

    if sys.platform in ("win32", "darwin"):
        return multiprocessing.get_context("spawn")
    methods = multiprocessing.get_all_start_methods()
    if threading.current_thread() is threading.main_thread() and threading.active_count() == 1 and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["core.batch", "core.check"])
        return ctx
    return multiprocessing.get_context("spawn")


def _chunk_size(n: int, workers: int) -> int:
    # several chunks per worker keep the cores busy to the end and the progress bar moving;
    # a few files per chunk save round trips.
    return max(1, min(4, math.ceil(n / (workers * 4))))


def check_many(paths: Sequence, workers: int | None = None, progress: Progress | None = None,
               cancel=None, *, chunk_size: int | None = None) -> list[BatchItem]:
    """Check many files; return one :class:`BatchItem` per file, in input order.

    ``workers``: processes to use (default: one per CPU core; 1 = in this process, no pool).
    ``progress(done, total, item)`` is called in the calling thread after every file.
    ``cancel``: a ``threading.Event`` (or anything with ``is_set()``, or a callable returning a
    bool); once set, no new file is started and the files finished so far are returned.
    A file that cannot be read, or that makes the checker fail, gives an item with ``error`` set;
    it never stops the batch.
    """
    items_in = [(i, str(p)) for i, p in enumerate(paths)]
    total = len(items_in)
    if total == 0:
        return []
    workers = default_workers(total) if workers is None else max(1, min(int(workers), total))
    if getattr(sys, "frozen", False) and not _FROZEN_POOL_OK:
        workers = 1  # see freeze_support()
    done: dict[int, BatchItem] = {}

    def record(item: BatchItem) -> None:
        done[item.index] = item
        if progress is not None:
            progress(len(done), total, item)

    if workers > 1:
        try:
            left = _run_pool(items_in, workers, chunk_size or _chunk_size(total, workers), record, cancel)
        except (OSError, NotImplementedError, ImportError, RuntimeError):  # no processes here: one by one
            left = [x for x in items_in if x[0] not in done]
    else:
        left = items_in
    for i, p in left:
        if _cancelled(cancel):
            break
        if i not in done:
            record(check_one(i, p))
    return [done[i] for i in sorted(done)]


def _run_pool(items_in, workers, chunk, record, cancel) -> list[tuple[int, str]]:
    """Run the files through a process pool. Returns the files left for this process to check:
    none, unless processes cannot be used here at all. The files of a chunk whose worker died are
    retried one by one, each in a fresh one-process pool, so the one file that kills a worker is
    named and the others are checked."""
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    chunks = [items_in[k:k + chunk] for k in range(0, len(items_in), chunk)]
    broken: list[tuple[int, str]] = []
    succeeded = 0
    ex = ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context())
    try:
        pending = {}
        for c in chunks:
            try:
                pending[ex.submit(_check_chunk, c)] = c
            except BrokenProcessPool:
                broken.extend(c)
        while pending:
            if _cancelled(cancel):
                return []
            finished, _ = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            for fut in finished:
                c = pending.pop(fut)
                try:
                    results = fut.result()
                except BrokenProcessPool:
                    broken.extend(c)
                    continue
                except Exception as exc:  # pickling trouble and the like: that chunk only
                    results = [item_from_result(i, p, exc) for i, p in c]
                succeeded += 1
                for item in results:
                    record(item)
    finally:
        # never wait here: on cancel (or Ctrl+C) the files being checked finish in the background
        ex.shutdown(wait=False, cancel_futures=True)
    broken.sort()
    if broken and not succeeded and not _pool_works():
        return broken  # processes do not work here: check in this process
    _isolate(broken, record, cancel)
    return []


def _pool_works() -> bool:
    from concurrent.futures import ProcessPoolExecutor

    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=_mp_context()) as ex:
            return ex.submit(_check_chunk, []).result(timeout=60) == []
    except Exception:
        return False


def _isolate(files: list[tuple[int, str]], record, cancel) -> None:
    """Check the files of a broken pool one at a time in a one-process pool: the file during which
    the worker dies is the one that kills it; a fresh worker takes the rest."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    ex = None
    try:
        for index, path in files:
            if _cancelled(cancel):
                break
            if ex is None:
                ex = ProcessPoolExecutor(max_workers=1, mp_context=_mp_context())
            try:
                item = ex.submit(_check_chunk, [(index, path)]).result()[0]
            except BrokenProcessPool:
                ex.shutdown(wait=False)
                ex = None
                item = BatchItem(index, path, reason="crashed",
                                 error=f"检查文件“{Path(path).name}”时检查程序意外退出（文件可能过大或已损坏）。"
                                       "请在 Word/WPS 中打开后另存为 .docx 再检查，或将此文件反馈给开发人员。")
            except Exception as exc:
                item = item_from_result(index, path, exc)
            record(item)
    finally:
        if ex is not None:
            ex.shutdown(wait=False, cancel_futures=True)


# --------------------------------------------------------------------------------------------------
# Unit names
# --------------------------------------------------------------------------------------------------

_BRACKETED = re.compile(r"[(\[【〔「『<《][^)\]】〕」』>》]*[)\]】〕」』>》]")
_NOT_NAME = re.compile(r"[^\w]|_", re.UNICODE)
_CANONICAL = (("人民政府", "政府"),)


def normalize_unit(name: str, *, drop_brackets: bool = False) -> str:
    """The form names are compared in: NFKC (full-width → half-width), case folded, spaces and
    punctuation removed, 人民政府 → 政府; with ``drop_brackets`` the text in brackets is dropped
    (``区政府办公室（外事办）`` → ``区政府办公室``)."""
    s = unicodedata.normalize("NFKC", name or "").casefold()
    s = s.replace("（", "(").replace("）", ")")
    if drop_brackets:
        s = _BRACKETED.sub("", s)
    s = _NOT_NAME.sub("", s)
    for a, b in _CANONICAL:
        s = s.replace(a, b)
    return s


_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_NAME_NOISE = re.compile(
    r"(?:19|20)\d{2}\s*年?度?"
    r"|政府信息公开工作年度报告|政府信息公开年度报告|政府信息公开工作报告|政府信息公开|信息公开"
    r"|工作年度报告|年度报告|工作报告|年报|报告|统计表|报表|表格|附表"
    r"|修改稿|修订稿|修订版?|定稿|终稿|最终版?|正式版?|送审稿|副本|草稿|初稿"
    r"|[(（]\s*\d+\s*[)）]|\bv\d+\b",
    re.IGNORECASE,
)
_LEADING_SERIAL = re.compile(r"^\s*[\d０-９]{1,4}\s*[-_.、．，,\s]\s*")


def year_from_filename(path) -> int | None:
    """A year in the file name (``怀柔区教委2022年报告.docx`` → 2022), or None."""
    stem = unicodedata.normalize("NFKC", Path(str(path)).stem)
    years = [int(y) for y in _YEAR_IN_NAME.findall(stem) if 1990 <= int(y) <= 2100]
    return years[0] if years else None


def unit_from_filename(path) -> str:
    """The unit a file name suggests: ``03-北京市怀柔区教委2022年政府信息公开工作年度报告(1).docx``
    → ``北京市怀柔区教委``. Empty when nothing is left."""
    stem = unicodedata.normalize("NFKC", Path(str(path)).stem)
    stem = _LEADING_SERIAL.sub("", stem)
    stem = _NAME_NOISE.sub(" ", stem)
    stem = re.sub(r"[\s\-_.,，、·]+", " ", stem).strip()
    return stem


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _is_abbreviation(short: str, long: str) -> bool:
    """``short`` keeps characters of ``long`` in order, its first two side by side (区教委 — 区教育委,
    区发改委 — 区发展和改革委; not 区委办 — 区教育委办) and the same last character."""
    if len(short) < 3 or len(short) >= len(long) or short[-1] != long[-1]:
        return False
    start = long.find(short[:2])
    while start >= 0:
        if _is_subsequence(short[2:], long[start + 2:]):
            return True
        start = long.find(short[:2], start + 1)
    return False


_ABBREVIATIONS = (("管理委员会", "管委"), ("管委会", "管委"), ("委员会", "委"), ("办公室", "办"), ("办事处", ""))


def _abbrev(s: str) -> str:
    """The short form official names are abbreviated to: 委员会 → 委, 办公室 → 办, 街道办事处 → 街道."""
    for a, b in _ABBREVIATIONS:
        s = s.replace(a, b)
    return s


def _score(candidate: str, expected: str, from_file: bool) -> int:
    """How well a report's unit name matches a listed name (both normalized); 0 = no match.

    100 equal; 80+ the listed name ends the report's name (the report adds the city/district:
    北京市怀柔区政府办公室 ⊃ 怀柔区政府办公室); 60+ the report's name ends the listed name (the list
    has the full name); 50+ (file and folder names only) the listed name anywhere in it; 40+ the same
    on the abbreviated forms (泉河街道 — 北京市怀柔区泉河街道办事处); 20+ the listed name is an
    abbreviation of the report's (区教委 — 怀柔区教育委员会, once 委员会 → 委: see
    :func:`_is_abbreviation`). A listed name inside the report's name but not at its end does
    *not* match: 怀柔区政府 is not 怀柔区政府办公室. The longer match wins (see :func:`match_unit`)."""
    if not candidate or not expected:
        return 0
    if candidate == expected:
        return 100
    if len(expected) >= 2 and candidate.endswith(expected):
        return 80 + min(len(expected), 19)
    if len(candidate) >= 3 and expected.endswith(candidate):
        return 60 + min(len(candidate), 19)
    if from_file and len(expected) >= 3 and expected in candidate:
        return 50 + min(len(expected), 9)
    if from_file:
        return 0
    c, e = _abbrev(candidate), _abbrev(expected)
    if len(e) >= 2 and (c == e or c.endswith(e)):
        return 40 + min(len(e), 19)
    if _is_abbreviation(e, c):
        return 20 + min(len(e), 19)
    return 0


def match_unit(name: str | None, expected: Sequence[str], *, from_file: bool = False,
               _norms: list[tuple[str, str]] | None = None) -> tuple[int | None, int]:
    """The index in ``expected`` of the unit ``name`` designates, and the match score; (None, 0)
    when nothing matches or two listed units match equally well (an ambiguous name is not
    guessed)."""
    if not name:
        return None, 0
    norms = _norms if _norms is not None else [(normalize_unit(e), normalize_unit(e, drop_brackets=True)) for e in expected]
    cands = {normalize_unit(name), normalize_unit(name, drop_brackets=True)}
    best, best_i, tie = 0, None, False
    for i, variants in enumerate(norms):
        s = max(_score(c, e, from_file) for c in cands for e in set(variants))
        if s > best:
            best, best_i, tie = s, i, False
        elif s and s == best and normalize_unit(expected[i]) != normalize_unit(expected[best_i]):
            tie = True
    if best == 0 or tie:
        return None, 0
    return best_i, best


class UnitsFileError(ValueError):
    """The list of units cannot be read; ``str(e)`` is Chinese."""


_LIST_SERIAL = re.compile(r"^\s*(?:[\d０-９]{1,4}|[(（][\d０-９]{1,4}[)）])\s*(?:[.、．，,:：)）\s]\s*)?(?=\D)")
_HEADER_WORDS = {"单位", "单位名称", "名称", "机关", "机关名称", "部门", "部门名称", "报送单位", "应报送单位", "序号"}


def _clean_unit_line(s: str) -> str:
    s = (s or "").replace("\ufeff", "").strip().strip("\u3000").strip()
    s = _LIST_SERIAL.sub("", s).strip()
    return s


def load_expected_units(path) -> list[str]:
    """The units that must report: a .txt/.csv (one name per line; ``#`` comments; serial numbers
    ``1.``/``1、`` dropped) or an .xlsx (first column holding names — a leading 序号 column is
    skipped — of the first sheet; a header such as 单位名称 skipped). Blank lines and duplicates
    (after :func:`normalize_unit`) are dropped, the first spelling is kept."""
    path = Path(path)
    if not path.is_file():
        raise UnitsFileError(f"找不到单位名单文件“{path.name}”。")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raw = _units_from_xlsx(path)
    elif suffix in (".txt", ".csv", ".tsv", ""):
        data = path.read_bytes()
        for enc in ("utf-8-sig", "gb18030", "utf-16"):
            try:
                text = data.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise UnitsFileError(f"单位名单“{path.name}”的文字编码无法识别，请另存为 UTF-8 文本再载入。")
        raw = []
        for line in text.splitlines():
            if line.strip().startswith("#"):
                continue
            if suffix in (".csv", ".tsv"):
                line = re.split(r"[,\t]", line)[0].strip().strip('"')
            raw.append(line)
    else:
        raise UnitsFileError(f"单位名单“{path.name}”应为 .txt 文本（每行一个单位）或 .xlsx 表格（第一列为单位名称）。")
    out, seen = [], set()
    for s in raw:
        s = _clean_unit_line(str(s))
        key = normalize_unit(s)
        if not key or key in seen or s in _HEADER_WORDS or key.isdigit():
            continue
        seen.add(key)
        out.append(s)
    if not out:
        raise UnitsFileError(f"单位名单“{path.name}”中没有找到单位名称。")
    return out


def _units_from_xlsx(path: Path) -> list[str]:
    import io

    from openpyxl import load_workbook

    from .readers.guards import ReadError, harden_openpyxl, open_package

    try:
        pkg = open_package(path)  # the same door as every report: size, zip and XML limits
    except ReadError as exc:
        raise UnitsFileError(f"单位名单无法打开：{exc.message}") from exc
    harden_openpyxl()
    try:
        wb = load_workbook(io.BytesIO(pkg.data), read_only=True, data_only=True)
    except Exception as exc:
        raise UnitsFileError(f"单位名单“{path.name}”无法打开（{type(exc).__name__}），请确认它是 .xlsx 表格。") from exc
    try:
        ws = wb.worksheets[0]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    if not rows:
        return []
    width = max(len(r) for r in rows)

    def column(c):
        return [r[c] for r in rows if c < len(r) and r[c] not in (None, "")]

    for c in range(width):
        values = column(c)
        texts = [v for v in values if isinstance(v, str) and not v.strip().isdigit() and v.strip() not in _HEADER_WORDS]
        if texts and len(texts) * 2 >= len(values):
            return [str(v) for v in values]
    return []


# --------------------------------------------------------------------------------------------------
# Coverage: who has not reported
# --------------------------------------------------------------------------------------------------


@dataclass
class Coverage:
    year: int | None
    expected: list[str]
    reported: dict[str, list[BatchItem]]  # listed unit -> its files for the year (listed order)
    missing: list[str]  # listed units with no file for the year
    unknown: list[BatchItem]  # files of the year whose unit is not on the list
    other_years: list[BatchItem]  # files of another year (not counted)
    matched: dict[str, str]  # file -> listed unit, for every file matched (all years)

    @property
    def counts(self) -> dict[str, int]:
        return {"expected": len(self.expected), "reported": len(self.reported), "missing": len(self.missing),
                "unknown": len(self.unknown), "other_years": len(self.other_years)}

    def unit_of(self, item: BatchItem) -> str | None:
        return self.matched.get(item.file)


def guess_year(items: Iterable[BatchItem]) -> int | None:
    """The most common report year in a batch (ties: the latest)."""
    c = Counter(y for y in (i.effective_year for i in items) if y is not None)
    if not c:
        return None
    return max(c.items(), key=lambda kv: (kv[1], kv[0]))[0]


def coverage(items: Sequence[BatchItem], expected: Sequence[str], year: int | None = None) -> Coverage:
    """Which listed units have no report for ``year`` (default: the batch's most common year), and
    which files of that year come from units not on the list. A file's unit is the agency in its
    title, else its file name, else the name of its folder; a file whose year is unknown (no
    title, unreadable) counts for the year."""
    expected = list(expected)
    if year is None:
        year = guess_year(items)
    norms = [(normalize_unit(e), normalize_unit(e, drop_brackets=True)) for e in expected]
    matched: dict[str, str] = {}
    reported: dict[str, list[BatchItem]] = {}
    unknown: list[BatchItem] = []
    other: list[BatchItem] = []
    for item in items:
        idx = _match_item(item, expected, norms)
        if idx is not None:
            matched[item.file] = expected[idx]
        y = item.effective_year
        if year is not None and y is not None and y != year:
            other.append(item)
            continue
        if idx is None:
            unknown.append(item)
        else:
            reported.setdefault(expected[idx], []).append(item)
    reported = {e: reported[e] for e in expected if e in reported}
    missing = [e for e in expected if e not in reported]
    return Coverage(year, expected, reported, missing, unknown, other, matched)


def _match_item(item: BatchItem, expected, norms) -> int | None:
    if item.agency:
        i, _ = match_unit(item.agency, expected, _norms=norms)
        if i is not None:
            return i
    p = Path(item.file)
    for name in (unit_from_filename(p), p.parent.name):
        i, _ = match_unit(name, expected, from_file=True, _norms=norms)
        if i is not None:
            return i
    return None


# --------------------------------------------------------------------------------------------------
# The summary workbook
# --------------------------------------------------------------------------------------------------

_FILL_ERROR = "9C0006"  # dark red, white bold text: cannot be overlooked
_FILL_UNREADABLE = "5C0011"
_FILL_WARNING = "FFC000"
_FILL_UNRECOGNIZED = "7F3F00"
_FILL_HEADER = "1F3864"


def _codes_in(items: Sequence[BatchItem]) -> list[str]:
    present = {c for it in items for c in it.by_code}
    order = list(CATALOGUE)
    return sorted(present, key=lambda c: (order.index(c) if c in order else len(order), c))


def _format_label(item: BatchItem) -> str:
    return item.format_name or ({"2021": "2021 年版", "2019": "2019 年版", "pre-2019": "2019 年以前旧版"}.get(item.format or "", ""))


def write_batch_xlsx(items: Sequence[BatchItem], out, expected=None, year: int | None = None) -> Path:
    """Write the batch results to ``out`` (atomically): 汇总 (one row per file), 问题明细 (one row per
    finding), and with a list of units 缺报单位 and 名单外的报告. ``expected`` is a list of names or
    the path of a list file."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    items = sorted(items, key=lambda i: i.index)
    if expected is not None and not isinstance(expected, (list, tuple)):
        expected = load_expected_units(expected)
    cov = coverage(items, expected, year) if expected else None

    wb = Workbook()
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor=_FILL_HEADER)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fills = {
        "error": (PatternFill("solid", fgColor=_FILL_ERROR), Font(bold=True, color="FFFFFF")),
        "unreadable": (PatternFill("solid", fgColor=_FILL_UNREADABLE), Font(bold=True, color="FFFFFF")),
        "unrecognized": (PatternFill("solid", fgColor=_FILL_UNRECOGNIZED), Font(bold=True, color="FFFFFF")),
        "warning": (PatternFill("solid", fgColor=_FILL_WARNING), Font(bold=True, color="000000")),
    }
    wrap = Alignment(wrap_text=True, vertical="top")

    def sheet(ws, headers, rows, widths, freeze="A2", row_status=None):
        ws.append(headers)
        for c in range(1, len(headers) + 1):
            cell = ws.cell(row=1, column=c)
            cell.font, cell.fill, cell.border = header_font, header_fill, border
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for r, row in enumerate(rows, start=2):
            ws.append(row)
            st = row_status(r - 2) if row_status else None
            for c in range(1, len(headers) + 1):
                cell = ws.cell(row=r, column=c)
                cell.border = border
                cell.alignment = wrap
                if st in fills:
                    cell.fill, cell.font = fills[st]
        for c, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(c)].width = w
        ws.freeze_panes = freeze
        last = get_column_letter(len(headers))
        ws.auto_filter.ref = f"A1:{last}{max(1, len(rows) + 1)}"
        ws.sheet_view.zoomScale = 100

    # 汇总
    codes = _codes_in(items)
    headers = ["序号", "文件", "单位", "年度", "格式", "错误", "警告", "提示", "状态", "问题所在", "无法读取的原因"]
    if cov is not None:
        headers.append("名单中的单位")
    headers += [f"{c} {CATALOGUE[c].title}" if c in CATALOGUE else c for c in codes]
    rows = []
    for n, it in enumerate(items, start=1):
        row = [n, it.name, it.unit, it.year or it.effective_year, _format_label(it),
               it.errors if it.readable else None, it.warnings if it.readable else None,
               it.infos if it.readable else None, it.status_label, it.problem_summary(), it.error or ""]
        if cov is not None:
            row.append(cov.unit_of(it) or "（不在名单中）")
        row += [it.by_code.get(c) or None for c in codes]
        rows.append(row)
    ws = wb.active
    ws.title = "汇总"
    sheet(ws, headers, rows, [6, 36, 28, 8, 14, 7, 7, 7, 12, 40, 50] + ([24] if cov is not None else []) + [10] * len(codes),
          freeze="C2", row_status=lambda k: items[k].status)
    for k, it in enumerate(items, start=2):  # the file name links to the file
        try:
            ws.cell(row=k, column=2).hyperlink = Path(it.file).resolve().as_uri()
        except (OSError, ValueError):  # pragma: no cover
            pass

    # 问题明细
    frows, fstatus = [], []
    for it in items:
        if not it.readable:
            frows.append([it.name, it.unit, it.effective_year, "文件", "", STATUS_MARK["unreadable"] + " 无法读取", "", it.error, ""])
            fstatus.append("unreadable")
            continue
        order = sorted(range(len(it.findings)),
                       key=lambda k: (SEVERITY_ORDER.get(it.findings[k].get("severity"), 9), _place_key(it.places[k])))
        for k in order:
            f = it.findings[k]
            sev = f.get("severity")
            mark = {ERROR: "✕ ", WARNING: "⚠ "}.get(sev, "")
            frows.append([it.name, it.unit, it.year, place_long(it.places[k]),
                          it.cell_names[k] if k < len(it.cell_names) else "",
                          mark + SEVERITY_ZH.get(sev, sev or ""), f.get("code"), f.get("message"), f.get("location") or ""])
            fstatus.append({ERROR: "error", WARNING: "warning"}.get(sev))
    ws2 = wb.create_sheet("问题明细")
    sheet(ws2, ["文件", "单位", "年度", "位置", "单元格", "严重程度", "代码", "问题", "原文位置"], frows,
          [30, 26, 8, 30, 40, 10, 9, 80, 22], freeze="C2", row_status=lambda k: fstatus[k])

    if cov is not None:
        ws3 = wb.create_sheet("缺报单位")
        yr = f"{cov.year} 年度" if cov.year else "（年度未定）"
        sheet(ws3, ["序号", "单位", "年度", "情况"], [[n, u, yr, "✕ 未报送"] for n, u in enumerate(cov.missing, 1)],
              [6, 36, 12, 14], row_status=lambda k: "error")
        ws4 = wb.create_sheet("名单外的报告")
        sheet(ws4, ["文件", "报告中的单位", "年度", "状态"],
              [[it.name, it.agency or f"（未找到机关名称；文件名：{it.unit or '—'}）", it.effective_year, it.status_label]
               for it in cov.unknown],
              [36, 36, 10, 14])
    out = Path(out)
    with atomic_path(out) as tmp:
        wb.save(tmp)
    return out


# --------------------------------------------------------------------------------------------------
# CLI glue
# --------------------------------------------------------------------------------------------------


def _as_items(results) -> list[BatchItem]:
    items = []
    for k, r in enumerate(results):
        if isinstance(r, BatchItem):
            items.append(r)
        else:
            path, result = r
            items.append(item_from_result(k, path, result))
    return items


def summary_text(items: Sequence[BatchItem], cov: Coverage | None = None) -> str:
    """A few Chinese lines: how many files, how many with errors, who is missing."""
    c = Counter(i.status for i in items)
    lines = [f"共检查 {len(items)} 个文件：{c['error']} 个有错误，{c['warning']} 个只有警告，"
             f"{c['ok']} 个通过，{c['unreadable']} 个无法读取"
             + (f"，{c['unrecognized']} 个未能识别为年度报告" if c["unrecognized"] else "") + "。"]
    if cov is not None:
        yr = f"{cov.year} 年度" if cov.year else "年度未定"
        lines.append(f"{yr}：名单中 {len(cov.expected)} 个单位，已报送 {len(cov.reported)} 个，缺报 {len(cov.missing)} 个。")
        if cov.missing:
            lines.append("缺报单位：" + "、".join(cov.missing))
        if cov.unknown:
            lines.append(f"不在名单中的报告 {len(cov.unknown)} 份：" + "、".join(
                f"{i.agency or i.unit or '（未知）'}（{i.name}）" for i in cov.unknown))
        if cov.other_years:
            lines.append(f"其他年度的报告 {len(cov.other_years)} 份（未计入）。")
    return "\n".join(lines) + "\n"


def write_batch_outputs(results, xlsx=None, expected=None, out=None, year: int | None = None) -> Coverage | None:
    """What ``python -m core check --xlsx OUT --expected UNITS`` does after checking: print a summary
    (and, with a list, the missing units) to ``out``; write the workbook. ``results`` are
    :class:`BatchItem` s or ``(path, CheckResult | Exception)`` pairs. Raises ``UnitsFileError`` /
    ``OSError`` / ``fileio.WriteRefused`` on failure (messages in Chinese)."""
    items = _as_items(results)
    units = None
    if expected is not None:
        units = list(expected) if isinstance(expected, (list, tuple)) else load_expected_units(expected)
    cov = coverage(items, units, year) if units else None
    if out is not None:
        out.write(summary_text(items, cov))
    if xlsx:
        written = write_batch_xlsx(items, xlsx, expected=units, year=cov.year if cov else year)
        if out is not None:
            out.write(f"已写入汇总表：{written}\n")
    return cov
