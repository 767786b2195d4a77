"""Row labels and column headers written with a small typo (``2.其他法律行政止公开``,
``5.属于三类内部事物信息``, ``社会公义组织``): the row or column they stand for, when that is beyond doubt.

Rows are known by their fragments first (``core.formats``). Only a label that no fragment places is
compared here, character by character, with every standard wording of its table: numbering,
punctuation, widths and spaces aside, it is taken for a row when it is within a few edited
characters of that row's label (``core.formats.vocabulary.tolerance``) and every other wording —
the other rows, and the column, group and header words that are not rows — stands clearly farther.
The rules then report the label as written against the standard one (W-title), as for any other
non-standard wording. Group labels (``（三）不子公开`` for （三）不予公开, ``法人或其他组识``) are placed
the same way among the group wordings of the table (``typo_group``).

The leading number is part of the wording: where the written label is numbered, a standard wording
with another number, or with none, stands one more edit away (``（三）不子公开`` is one edit from
（三）不予公开 but three from （一）予以公开; ``（六）其他处里`` three from the column 其他). A label
written without its number is compared without it.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..formats.base import ColumnSpec, RowSpec
from ..formats.vocabulary import (
    TYPO_MARGIN, GroupSpec, other_wordings, table_columns, table_groups, table_rows, tolerance,
)
from ..text import CHINESE_NUMERALS, norm_label
from .grid_views import LEAD_NUMBER

_NOT_WORD = re.compile(r"[^\w]|_")
_MAX_LEN = 60  # longer cells are sentences, not labels


def body(text: str) -> str:
    """What is compared: the comparison form without the leading number and without punctuation."""
    return _NOT_WORD.sub("", LEAD_NUMBER.sub("", norm_label(text)))


def number(text: str) -> str:
    """The leading number of a label as written, without its punctuation (``(三)``, ``2``, ``一``),
    or "" for none."""
    m = LEAD_NUMBER.match(norm_label(text))
    if not m:
        return ""
    token = m.group(0)
    if token[0] in CHINESE_NUMERALS and token[-1] not in ".、,":
        return ""  # 三类内部事务信息, 四类过程性信息: a word, not a number
    return token.rstrip(".、,")


def distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, replace, swap of neighbours) from ``a`` to ``b``; ``limit + 1`` as soon
    as it is certain to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            best = min(best, v)
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


Spec = RowSpec | ColumnSpec | GroupSpec
_SPECS = {"row": table_rows, "col": table_columns, "group": table_groups}


def _near(a: str, ca: Counter, b: str, cb: Counter, limit: int) -> int:
    """``distance`` with two cheap bounds first: the lengths, and the characters in common (every
    edit mends at most one missing character)."""
    if abs(len(a) - len(b)) > limit or max(len(a), len(b)) - sum((ca & cb).values()) > limit:
        return limit + 1
    return distance(a, b, limit)


def _near_numbered(a: str, ca: Counter, na: str, b: str, cb: Counter, nb: str, limit: int) -> int:
    """``_near`` of the bodies, plus one where the written label ``a`` is numbered and the standard
    one ``b`` has another number or none."""
    extra = 1 if na and na != nb else 0
    if extra > limit:
        return limit + 1
    return _near(a, ca, b, cb, limit - extra) + extra


Entry = tuple[str, Counter, str]  # body, its characters, its leading number


@lru_cache(maxsize=None)
def _index(table: str, kind: str) -> tuple[tuple[tuple[str, Counter, str, Spec], ...], tuple[Entry, ...]]:
    rows: list[tuple[str, Counter, str, Spec]] = []
    own: set[tuple[str, str]] = set()
    own_bodies: set[str] = set()
    for spec in _SPECS[kind](table):
        for wording in (spec.label,) + spec.accepted:
            b, n = body(wording), number(wording)
            if b and (b, n) not in own:
                own.add((b, n))
                own_bodies.add(b)
                rows.append((b, Counter(b), n, spec))
    wordings = dict.fromkeys((body(w), number(w)) for w in other_wordings(table, kind))
    others = tuple((b, Counter(b), n) for b, n in wordings if b and b not in own_bodies)
    return tuple(rows), others


@lru_cache(maxsize=4096)
def _closest(table: str, kind: str, written: str, num: str) -> Spec | None:
    rows, others = _index(table, kind)
    w, cw = written, Counter(written)
    best: tuple[int, Spec] | None = None  # (distance, spec)
    for b, cb, n, spec in rows:
        allowed = tolerance(len(b))
        if allowed == 0:
            continue
        d = _near_numbered(w, cw, num, b, cb, n, allowed)
        if d <= allowed and (best is None or d < best[0]):
            best = (d, spec)
    if best is None:
        return None
    d1, spec = best
    if d1 == 0:
        return spec  # the standard wording itself (with other punctuation)
    horizon = d1 + max(TYPO_MARGIN, d1) - 1  # the runner-up must stand farther than this
    for b, cb, n, other in rows:
        if other.key != spec.key and _near_numbered(w, cw, num, b, cb, n, horizon) <= horizon:
            return None
    for b, cb, n in others:
        if _near_numbered(w, cw, num, b, cb, n, horizon) <= horizon:
            return None
    return spec


def typo_row(table: str, text: str) -> RowSpec | None:
    """The row of ``table`` that ``text`` stands for with a small typo, or None when it is not
    beyond doubt (too far, too short, as close to another wording, or another table's word)."""
    w = body(text)
    if len(w) < 4 or len(norm_label(text)) > _MAX_LEN:
        return None
    return _closest(table, "row", w, number(text))


def typo_column(table: str, text: str) -> ColumnSpec | None:
    """The column of ``table`` that the header text ``text`` stands for with a small typo
    (``社会公义组织``), on the same terms as ``typo_row``."""
    w = body(text)
    if len(w) < 4 or len(norm_label(text)) > _MAX_LEN:
        return None
    return _closest(table, "col", w, number(text))


def typo_group(table: str, text: str, over: str | None = None) -> GroupSpec | None:
    """The group label of ``table`` that ``text`` stands for with a small typo (``（三）不子公开``,
    ``法人或其他组识``), on the same terms as ``typo_row``; ``over`` ("rows" or "cols") keeps only
    the groups over rows or over columns."""
    w = body(text)
    if len(w) < 4 or len(norm_label(text)) > _MAX_LEN:
        return None
    spec = _closest(table, "group", w, number(text))
    if spec is None or over is not None and spec.over != over:
        return None
    return spec


__all__ = ["body", "distance", "number", "typo_column", "typo_group", "typo_row"]
