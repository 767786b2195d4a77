"""Finding the six sections by their headings, the title, the report year and the agency."""

from __future__ import annotations

import re
from functools import lru_cache

from ..fastdc import dataclass  # = dataclasses.dataclass, cheaper at import (start-up)
from ..formats import SECTIONS
from ..formats.base import SectionSpec
from ..formats.titles import NOT_TITLE_STARTS, TITLE, body_years
from ..model import Paragraph, Section
from ..text import chinese_to_int, clean, fold_width, norm_label

__all__ = ["body_years", "build_sections", "find_sections", "find_title", "heading_candidate", "split_numbering"]

# Numbering in front of a heading, and what kind it is.
_NUMBERING = (
    ("top", re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．，,：:]\s*")),
    ("chapter", re.compile(r"^第\s*([一二三四五六七八九十\d]{1,3})\s*(?:部分|章|节|项)\s*[、.．：:，,]?\s*")),
    ("paren_cn", re.compile(r"^[(（]\s*([一二三四五六七八九十]{1,3})\s*[)）]\s*[、.．]?\s*")),
    ("arabic", re.compile(r"^(\d{1,2})\s*[、.．](?!\d)\s*")),
    ("paren_ar", re.compile(r"^[(（]\s*(\d{1,2})\s*[)）]\s*[、.．]?\s*")),
    ("circled", re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩])\s*")),
)
_TRAILING = re.compile(r"[：:。.；;，,\s]+$")
MAX_HEADING = 40


@dataclass
class Candidate:
    key: str
    index: int  # block index
    paragraph: Paragraph
    numbering_kind: str | None
    number: int | None
    exact: bool  # title worded exactly as standard
    strength: int  # 3 exact, 2 variant, 1 fuzzy

    @property
    def standard(self) -> bool:
        """Worded and numbered exactly as the format says: 一、总体情况."""
        return self.exact and self.numbering_kind == "top" and self.number == _index(self.key)


def _index(key: str) -> int:
    return "一二三四五六".index(key) + 1


def split_numbering(text: str) -> tuple[str | None, int | None, str]:
    t = text.strip().lstrip("\u3000 ")
    for kind, rx in _NUMBERING:
        m = rx.match(t)
        if m:
            raw = m.group(1)
            raw_f = fold_width(raw)
            if raw_f.isdigit():
                n = int(raw_f)
            elif raw in "①②③④⑤⑥⑦⑧⑨⑩":
                n = "①②③④⑤⑥⑦⑧⑨⑩".index(raw) + 1
            else:
                n = chinese_to_int(raw)
            return kind, n, t[m.end():]
    return None, None, t


def heading_candidate(p: Paragraph, index: int) -> Candidate | None:
    if len(p.text) > 3 * MAX_HEADING:
        return None  # body text, not a heading (checked before any normalization: most paragraphs are long)
    text = clean(p.text)
    if not text or len(norm_label(text)) > MAX_HEADING:
        return None
    kind, number, rest = split_numbering(text)
    ends_colon = bool(re.search(r"[：:]\s*$", rest))
    title = _TRAILING.sub("", rest)
    n = norm_label(title)
    if not n:
        return None
    styled = p.heading_level is not None and p.heading_level >= 1 or p.bold
    best: Candidate | None = None
    for spec in SECTIONS:
        strength = _strength(spec, n)
        if not strength:
            continue
        number_ok = number == _index(spec.key) and kind in ("top", "chapter", "arabic", "paren_cn", None)
        if strength == 3:
            ok = kind not in ("paren_ar", "circled") or number == _index(spec.key)
        elif strength == 2:
            ok = (number_ok and kind in ("top", "chapter", "arabic")) or (kind is None and styled and not ends_colon)
        else:
            ok = number_ok and kind in ("top", "chapter", "arabic") and not ends_colon
        if ok and (best is None or strength > best.strength):
            best = Candidate(spec.key, index, p, kind, number, strength == 3, strength)
    return best


def _strength(spec: SectionSpec, n: str) -> int:
    title = norm_label(spec.title)
    if n == title:
        return 3
    if n in _variants(spec):
        return 2
    # typos such as 行政法复议, or words added around the title
    if title in n and len(n) <= len(title) + 8:
        return 2
    if any(all(f in n for f in alt) for alt in spec.match):
        return 1
    return 0


@lru_cache(maxsize=None)
def _variants(spec: SectionSpec) -> frozenset[str]:
    return frozenset(norm_label(v) for v in spec.variants)


def find_sections(paragraphs: list[tuple[int, Paragraph]]) -> tuple[dict[str, Candidate], list[tuple[int, Paragraph]]]:
    """The heading chosen for each section key, and other chapter-like headings (numbered 一、…)."""
    chosen: dict[str, Candidate] = {}
    others: list[tuple[int, Paragraph]] = []
    for index, p in paragraphs:
        cand = heading_candidate(p, index)
        if cand is None:
            kind, number, rest = split_numbering(clean(p.text))
            if kind in ("top", "chapter") and len(norm_label(rest)) <= MAX_HEADING and number:
                others.append((index, p))
            continue
        prev = chosen.get(cand.key)
        if prev is None or _better(cand, prev):
            chosen[cand.key] = cand
    return chosen, others


def _better(a: Candidate, b: Candidate) -> bool:
    def score(c: Candidate):
        return (c.strength, c.numbering_kind in ("top", "chapter") and c.number == _index(c.key),
                c.paragraph.heading_level is not None)

    return score(a) > score(b)


def build_sections(chosen: dict[str, Candidate], blocks, table_positions: dict[str, int]) -> dict[str, Section]:
    """Sections with their bodies: from each heading to the next chosen heading."""
    order = sorted(chosen.values(), key=lambda c: c.index)
    sections: dict[str, Section] = {}
    for i, cand in enumerate(order):
        end = order[i + 1].index if i + 1 < len(order) else len(blocks)
        body = [b for b in blocks[cand.index + 1:end] if isinstance(b, Paragraph)]
        tables = [k for k, pos in table_positions.items() if cand.index < pos < end]
        sections[cand.key] = Section(
            cand.key,
            "standard" if cand.standard else "nonstandard",
            cand.paragraph,
            cand.index,
            body,
            tables,
        )
    for spec in SECTIONS:
        sections.setdefault(spec.key, Section(spec.key, "missing"))
    return dict(sorted(sections.items(), key=lambda kv: _index(kv[0])))


# ----- title, year, agency --------------------------------------------------------------------

def find_title(paragraphs: list[tuple[int, Paragraph]], limit: int = 15) -> tuple[Paragraph | None, int | None, str | None]:
    """The title paragraph, the year and the agency named in it."""
    head = [(i, p) for i, p in paragraphs[: limit * 3] if clean(p.text)][:limit]
    for k, (i, p) in enumerate(head):
        text = clean(fold_width(p.text)).replace(" ", "")
        m = TITLE.search(text)
        if not m or len(text) > 80:
            continue
        if text.startswith(NOT_TITLE_STARTS):
            continue
        agency = m.group("agency").strip("《》 :：")
        if not agency and k > 0:
            prev = clean(head[k - 1][1].text).replace(" ", "")
            if prev and len(prev) <= 30 and not re.search(r"\d{4}", prev):
                agency = prev
        return p, int(m.group("year")), agency or None
    return None, None, None
