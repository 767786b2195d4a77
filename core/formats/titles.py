"""The report's title: how it is worded, the words that show an agency's full name, years in the text."""

from __future__ import annotations

import re
from collections import Counter

from ..text import fold_width

# XX市XX区人民政府2023年政府信息公开工作年度报告 (widths folded, spaces removed)
TITLE = re.compile(
    r"^(?P<agency>.*?)(?P<year>(?:19|20)\d{2})\s*年度?\s*(?:的)?\s*(?:政府信息公开|政务公开|信息公开)(?:工作)?\s*(?:年度)?\s*(?:工作)?报告"
)
# lines that quote the title but are not it (a portal's links to the explanation of the report)
NOT_TITLE_STARTS: tuple[str, ...] = ("相关解读", "图解", "解读")
# an agency named in full says where it stands: a place or a level of government
AGENCY_PLACE = re.compile(r"(省|市|区|县|州|盟|旗|乡|镇|街道|自治|国务院|国家|中国|中华人民共和国|总局|兵团)")
YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})\s*年")


def body_years(text: str) -> Counter:
    """How often each year (2023年) is written in a text."""
    return Counter(int(y) for y in YEAR_IN_TEXT.findall(fold_width(text)))
