"""Text normalization shared by recognition and rules.

Real reports mix full-width and half-width punctuation, break labels over lines or one character
per line, and pad them with U+3000 spaces. Two forms are used:

- ``norm_label``: for *recognizing* a label and for deciding whether a label is worded like the
  standard one. Whitespace of every kind vanishes and punctuation is folded to one width, because
  those differences are layout, not wording.
- ``clean``: for showing text to the clerk: whitespace runs become one space, nothing else changes.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Full-width ASCII variants (U+FF01..U+FF5E) map to ASCII by a fixed offset.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}

# Punctuation folded to one canonical character for comparisons.
_PUNCT = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "【": "(",
        "】": ")",
        "〔": "(",
        "〕": ")",
        "［": "(",
        "］": ")",
        "[": "(",
        "]": ")",
        "﹙": "(",
        "﹚": ")",
        "，": ",",
        "、": "、",
        "：": ":",
        "；": ";",
        "．": ".",
        "。": ".",
        "“": '"',
        "”": '"',
        "‘": '"',
        "’": '"',
        "'": '"',
        "「": '"',
        "」": '"',
        "『": '"',
        "』": '"',
        "＂": '"',
        "—": "-",
        "–": "-",
        "－": "-",
        "─": "-",
        "―": "-",
        "－": "-",
        "／": "/",
        "＋": "+",
        "％": "%",
    }
)

_WS = re.compile(r"[\s\u3000\u00a0\u2000-\u200b\u2028\u2029\ufeff]+")


def fold_width(text: str) -> str:
    """Full-width letters and digits to ASCII (keeps CJK untouched)."""
    return text.translate(_FULLWIDTH)


@lru_cache(maxsize=8192)
def norm_label(text: str | None) -> str:
    """The comparison form of a label: no whitespace at all, one width of punctuation and digits."""
    if not text:
        return ""
    text = fold_width(text).translate(_PUNCT)
    return _WS.sub("", text)


def clean(text: str | None) -> str:
    """Display form: whitespace runs (incl. line breaks and U+3000) become one space, trimmed."""
    if not text:
        return ""
    return _WS.sub(" ", text).strip()


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_numeral(n: int) -> str:
    """1 → 一 … 10 → 十, 11 → 十一 … 99 (enough for list numbering)."""
    if n <= 0:
        return str(n)
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    if n < 20:
        return "十" + CHINESE_NUMERALS[n - 11]
    if n < 100:
        tens, ones = divmod(n, 10)
        return CHINESE_NUMERALS[tens - 1] + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")
    return str(n)


_CN_VALUE = {ch: i + 1 for i, ch in enumerate(CHINESE_NUMERALS)}


def chinese_to_int(text: str) -> int | None:
    """一 → 1, 十二 → 12; None if the text is not a small Chinese numeral."""
    if not text or any(ch not in _CN_VALUE for ch in text):
        return None
    if text == "十":
        return 10
    if "十" in text:
        head, _, tail = text.partition("十")
        tens = _CN_VALUE[head] if head else 1
        ones = _CN_VALUE[tail] if tail else 0
        return tens * 10 + ones
    if len(text) == 1:
        return _CN_VALUE[text]
    return None


# ----- agency names ---------------------------------------------------------------------------

_BRACKETED = re.compile(r"[(\[【〔「『<《][^)\]】〕」』>》]*[)\]】〕」』>》]")
_NOT_NAME = re.compile(r"[^\w]|_", re.UNICODE)
_CANONICAL_NAMES = (("人民政府", "政府"),)


def normalize_name(name: str | None, *, drop_brackets: bool = False) -> str:
    """The form agency names are compared in (the batch's units and the archive's agencies):
    NFKC (full-width → half-width), case folded, spaces and punctuation removed, 人民政府 → 政府;
    with ``drop_brackets`` the text in brackets is dropped (``区政府办公室（外事办）`` → ``区政府办公室``)."""
    import unicodedata

    s = unicodedata.normalize("NFKC", name or "").casefold()
    s = s.replace("（", "(").replace("）", ")")
    if drop_brackets:
        s = _BRACKETED.sub("", s)
    s = _NOT_NAME.sub("", s)
    for a, b in _CANONICAL_NAMES:
        s = s.replace(a, b)
    return s
