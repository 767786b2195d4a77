"""How much of a section's text repeats last year's (W-copy).

The measure: the share of this year's characters that lie inside a passage of at least ``SHINGLE``
characters which also occurs somewhere in last year's text of the same section. Both texts are
first normalized (full-width folded, whitespace and punctuation dropped, every run of digits made
one ``0`` — a copied sentence with this year's numbers put in is still copied).

Why shingles and not ``difflib.SequenceMatcher``: reports are copied paragraph by paragraph and the
paragraphs are often moved; SequenceMatcher finds one in-order alignment, so a reordered copy scores
low, and with ``autojunk`` off it is quadratic in the section length. A set of k-character shingles
finds a passage wherever it stands, in linear time (see benchmarks/bench_copy.py for the figures on
the seeds). ``k = 12`` characters is about three Chinese words: common stock phrases
(政府信息公开工作, 依申请公开) are shorter, so unrelated reports on the same subject score near 0.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import field

from ..fastdc import dataclass  # = dataclasses.dataclass, cheaper at import (start-up)

SHINGLE = 12
_DROP = re.compile(r"[\W_]+", re.UNICODE)
_DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=65536)
def _keep(ch: str) -> str:
    """The normalized form of one character ('' when dropped)."""
    ch = unicodedata.normalize("NFKC", ch).casefold()
    return "" if not ch or _DROP.fullmatch(ch) else ch


def normalize(paragraphs: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The normalized text of a list of paragraphs, and for each of its characters the
    (paragraph index, character offset) it comes from."""
    out: list[str] = []
    where: list[tuple[int, int]] = []
    for pi, text in enumerate(paragraphs):
        prev_digit = False
        for ci, ch in enumerate(text or ""):
            k = _keep(ch)
            if not k:
                prev_digit = False
                continue
            if k.isdigit():
                if prev_digit:
                    continue
                k = "0"
                prev_digit = True
            else:
                prev_digit = False
            for x in k:
                out.append(x)
                where.append((pi, ci))
    return "".join(out), where


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    return {text[i:i + k] for i in range(len(text) - k + 1)}


@dataclass
class CopyMeasure:
    """The repeated share of one section. ``passages``: (paragraph index within the section,
    start, end) character ranges of this year's text that repeat last year's."""

    section: str
    ratio: float  # 0.0 … 1.0
    chars: int  # normalized characters of this year's section
    repeated: int
    passages: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(self.ratio * 100)


def measure(section: str, this_year: list[str], last_year: list[str] | set[str], k: int = SHINGLE) -> CopyMeasure:
    """Share of ``this_year``'s text (a section's paragraphs) found in ``last_year`` (its paragraphs,
    or their shingle set)."""
    text, where = normalize(this_year)
    if isinstance(last_year, set):
        seen = last_year
    else:
        seen = shingles(normalize(last_year)[0], k)
    n = len(text)
    if n == 0:
        return CopyMeasure(section, 0.0, 0, 0)
    covered = bytearray(n)
    if n >= k and seen:
        i = 0
        end = 0  # covered up to here already
        for i in range(n - k + 1):
            if text[i:i + k] in seen:
                start = max(i, end)
                covered[start:i + k] = b"\x01" * (i + k - start)
                end = i + k
    repeated = sum(covered)
    passages: list[tuple[int, int, int]] = []
    run_start = None
    for j in range(n + 1):
        on = j < n and covered[j]
        if on and run_start is not None and where[j][0] != where[j - 1][0]:
            _close(passages, where, run_start, j - 1)
            run_start = j
        elif on and run_start is None:
            run_start = j
        elif not on and run_start is not None:
            _close(passages, where, run_start, j - 1)
            run_start = None
    return CopyMeasure(section, repeated / n, n, repeated, passages)


def _close(passages, where, a: int, b: int) -> None:
    pa, ca = where[a]
    _, cb = where[b]
    passages.append((pa, ca, cb + 1))


__all__ = ["SHINGLE", "CopyMeasure", "measure", "normalize", "shingles"]
