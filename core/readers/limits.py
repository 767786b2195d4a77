"""The public limits every reader reads from one place (sizes, counts, ratios).

:class:`Limits` is a small read-only value class (not a dataclass: this module is imported at
every start-up, and a frozen dataclass costs ~2 ms to create)."""

from __future__ import annotations

__all__ = ["MiB", "Limits", "DEFAULT_LIMITS"]

MiB = 1024 * 1024

_FIELDS = (
    "max_file_bytes",  # size of the file on disk (any kind)
    "max_members",  # number of zip members (central directory entries)
    "max_member_bytes",  # declared AND actual uncompressed size of one member
    "max_total_bytes",  # declared uncompressed size of all members together
    "max_ratio",  # uncompressed/compressed beyond which a member is a bomb …
    "ratio_min_bytes",  # … but only for members at least this big uncompressed
    "max_pdf_bytes",  # a PDF file
    "max_pages",  # pages of a PDF
    "max_html_bytes",  # a web page (.html/.htm) or a single-file web page (.mht)
)


class Limits:
    __slots__ = _FIELDS

    max_file_bytes: int
    max_members: int
    max_member_bytes: int
    max_total_bytes: int
    max_ratio: float
    ratio_min_bytes: int
    max_pdf_bytes: int
    max_pages: int
    max_html_bytes: int

    def __init__(
        self,
        max_file_bytes: int,
        max_members: int,
        max_member_bytes: int,
        max_total_bytes: int,
        max_ratio: float,
        ratio_min_bytes: int = 1 * MiB,
        max_pdf_bytes: int = 100 * MiB,
        max_pages: int = 2000,
        max_html_bytes: int = 50 * MiB,
    ):
        values = (max_file_bytes, max_members, max_member_bytes, max_total_bytes, max_ratio, ratio_min_bytes,
                  max_pdf_bytes, max_pages, max_html_bytes)
        for name, value in zip(_FIELDS, values):
            object.__setattr__(self, name, value)

    def __setattr__(self, name, value):
        raise AttributeError(f"Limits are read-only (use .replace({name}=…))")

    def __delattr__(self, name):
        raise AttributeError("Limits are read-only")

    def _values(self) -> tuple:
        return tuple(getattr(self, n) for n in _FIELDS)

    def replace(self, **changes) -> "Limits":
        """A copy with some limits changed."""
        unknown = set(changes) - set(_FIELDS)
        if unknown:
            raise TypeError(f"unknown limits: {sorted(unknown)}")
        return Limits(**{n: changes.get(n, getattr(self, n)) for n in _FIELDS})

    def __eq__(self, other) -> bool:
        return isinstance(other, Limits) and self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return "Limits(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in _FIELDS) + ")"

    def __reduce__(self):
        return (Limits, self._values())


DEFAULT_LIMITS = Limits(
    max_file_bytes=100 * MiB,
    max_members=10_000,
    max_member_bytes=200 * MiB,
    max_total_bytes=500 * MiB,
    max_ratio=500.0,
    ratio_min_bytes=1 * MiB,
)
