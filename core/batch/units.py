"""Unit names: which unit a report comes from, the list of units that must report, and who is missing.

* :func:`normalize_unit` / :func:`match_unit` — tolerant comparison of unit names (full-width,
  人民政府 / 政府, a city or district prefix, 委员会 → 委 abbreviations, bracketed additions);
* :func:`unit_from_filename` / :func:`year_from_filename` — what a file name suggests;
* :func:`load_expected_units` — the list (.txt/.csv or .xlsx);
* :func:`coverage` — which listed units have no report for a year, which reports are not on the list.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from ..text import normalize_name

if TYPE_CHECKING:  # pragma: no cover
    from .items import BatchItem

__all__ = [
    "normalize_unit", "unit_from_filename", "year_from_filename", "match_unit", "UnitsFileError",
    "load_expected_units", "Coverage", "guess_year", "coverage",
]

# --------------------------------------------------------------------------------------------------
# Unit names
# --------------------------------------------------------------------------------------------------

def normalize_unit(name: str, *, drop_brackets: bool = False) -> str:
    """The form unit names are compared in: :func:`core.text.normalize_name` (the archive's too)."""
    return normalize_name(name, drop_brackets=drop_brackets)


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

    from ..readers import ReadError, open_package
    from ..readers.xmlsafe import harden_openpyxl

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
