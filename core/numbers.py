"""Reading a number the way a clerk typed it into a table cell.

A cell may hold ``１２`` (full-width), ``1,234``, ``5件``, ``15100元``, ``22（其中修订16件）``, ``+8``,
``0.0``, a blank, a dash or ``无``. Every form gets a value where one can be read, plus the list of
things the clerk should change so that the cell holds a plain number.
"""

from __future__ import annotations

import re
from dataclasses import field
from decimal import Decimal, InvalidOperation

from .fastdc import dataclass  # = dataclasses.dataclass, cheaper at import (start-up)
from .text import fold_width

BLANK_MARKS = frozenset({"", "-", "--", "—", "——", "－", "/", "／", "\\", "无", "空", "暂无", "n/a", "N/A", "×", "x"})
UNITS = ("万元", "人次", "件", "条", "个", "项", "人", "次", "元", "份", "家", "起", "宗", "笔", "户", "期", "场", "篇")

_NUM = re.compile(r"^([+\-]?)\s*((?:\d{1,3}(?:,\d{3})+)|\d+)(\.\d+)?(.*)$", re.S)
_WS = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")


@dataclass(frozen=True)
class ParsedNumber:
    """The reading of one cell.

    ``status`` is ``number`` (a value was read), ``blank`` (empty, dash, 无 — counts as 0),
    ``invalid`` (no number can be read) or ``unknown`` (a formula whose value the file does not hold).
    ``flags`` name what is not a plain number: fullwidth, thousands, unit, note, plus_sign.
    """

    raw: str
    status: str
    value: Decimal | None = None
    decimals: int = 0
    flags: frozenset[str] = field(default_factory=frozenset)
    note: str = ""

    @property
    def is_number(self) -> bool:
        return self.status == "number"

    @property
    def effective(self) -> Decimal | None:
        """The value the arithmetic uses: blanks count as 0, unreadable and unknown as None."""
        if self.status == "number":
            return self.value
        if self.status == "blank":
            return Decimal(0)
        return None

    @property
    def is_integer(self) -> bool:
        return self.value is not None and self.value == self.value.to_integral_value()


def parse_number(raw: str | None, *, unknown: bool = False) -> ParsedNumber:
    """Parse a cell's text. ``unknown`` marks a formula cell without a cached value."""
    raw = "" if raw is None else str(raw)
    if unknown:
        return ParsedNumber(raw, "unknown")
    flags: set[str] = set()
    compact = _WS.sub("", raw)
    folded = fold_width(compact)
    if folded != compact and any(ch.isdigit() for ch in folded):
        flags.add("fullwidth")
    if folded in BLANK_MARKS or folded.strip("-—－") == "" and folded:
        return ParsedNumber(raw, "blank", flags=frozenset(flags))
    m = _NUM.match(folded)
    if not m:
        if folded in ("零",):
            return ParsedNumber(raw, "number", Decimal(0), 0, frozenset(flags | {"unit"}))
        return ParsedNumber(raw, "invalid", flags=frozenset(flags))
    sign, whole, frac, rest = m.groups()
    if "," in whole:
        flags.add("thousands")
        whole = whole.replace(",", "")
    if sign == "+":
        flags.add("plus_sign")
    note = ""
    rest = rest.strip()
    if rest:
        unit = next((u for u in UNITS if rest == u), None)
        if unit:
            flags.add("unit")
            note = unit
        elif rest[0] in "（(【[" or rest.startswith("其中"):
            flags.add("note")
            note = rest
        else:
            unit = next((u for u in UNITS if rest.startswith(u)), None)
            if unit and rest[len(unit):][:1] in "（(，,;；":
                flags.update({"unit", "note"})
                note = rest
            else:
                return ParsedNumber(raw, "invalid", flags=frozenset(flags), note=rest)
    try:
        value = Decimal(f"{sign if sign == '-' else ''}{whole}{frac or ''}")
    except InvalidOperation:  # pragma: no cover - the regex only admits digits
        return ParsedNumber(raw, "invalid", flags=frozenset(flags))
    decimals = len(frac) - 1 if frac else 0
    return ParsedNumber(raw, "number", value, decimals, frozenset(flags), note)


def format_value(value: Decimal | int | None, decimals: int | None = None) -> str:
    """A value as the clerk should write it: plain digits, no separators."""
    if value is None:
        return ""
    value = Decimal(value)
    if decimals is not None and decimals > 0:
        return f"{value:.{decimals}f}"
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def as_text(value) -> str:
    """Any value the core hands around (a Decimal, an int, a cell's text, None) as the text a cell
    holds: the one conversion from a number to what the clerk writes."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    try:
        return format_value(value)
    except (TypeError, ValueError, ArithmeticError):
        return str(value)
