"""The public limits every reader reads from one place (sizes, counts, ratios)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MiB", "Limits", "DEFAULT_LIMITS"]

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int  # size of the file on disk (any kind)
    max_members: int  # number of zip members (central directory entries)
    max_member_bytes: int  # declared AND actual uncompressed size of one member
    max_total_bytes: int  # declared uncompressed size of all members together
    max_ratio: float  # uncompressed/compressed beyond which a member is a bomb …
    ratio_min_bytes: int = 1 * MiB  # … but only for members at least this big uncompressed
    max_pdf_bytes: int = 100 * MiB  # a PDF file
    max_pages: int = 2000  # pages of a PDF
    max_html_bytes: int = 50 * MiB  # a web page (.html/.htm) or a single-file web page (.mht)


DEFAULT_LIMITS = Limits(
    max_file_bytes=100 * MiB,
    max_members=10_000,
    max_member_bytes=200 * MiB,
    max_total_bytes=500 * MiB,
    max_ratio=500.0,
    ratio_min_bytes=1 * MiB,
)
