"""What is kept of a checked report to compare it with another year and to add it up with other
units: agency, year, format, the file's name and hash, every table value (exact), where each value
stands in the file, the text of each section, and a summary of the findings.

A ``Snapshot`` is made from a ``Report`` (``snapshot_of``), stored in the archive (``to_dict`` /
``from_dict``, plain JSON) and passed between the batch's processes; the cross-year rules read a
snapshot for last year's report, so last year's file need not be read again.
"""

from __future__ import annotations

import os
import sys
from dataclasses import field
from decimal import Decimal
from pathlib import Path

from .fastdc import dataclass  # = dataclasses.dataclass, cheaper at import (start-up)
from .canonical import TABLE_KEYS, number_json
from .findings import ERROR, WARNING
from .model import Report, SourcePos
from .text import normalize_name

SECTION_KEYS = ("一", "二", "三", "四", "五", "六")
Key = tuple[str, str, str]
# The rows whose cells' places are kept (the cross-year findings name them); the rest only cost space.
POSITION_ROWS = frozenset({("三", "carried_in"), ("三", "carried_out"), ("二", "rules"), ("二", "normative_docs")})


@dataclass
class Snapshot:
    file: str
    agency: str | None
    year: int | None
    format: str | None
    values: dict[Key, Decimal | None] = field(default_factory=dict)  # None: blank or unreadable
    blank: frozenset[Key] = frozenset()  # cells left blank / dash (count as 0)
    positions: dict[Key, SourcePos] = field(default_factory=dict)
    sections: dict[str, list[str]] = field(default_factory=dict)  # section key → its paragraphs' text
    sha256: str = ""
    errors: int = 0
    warnings: int = 0
    codes: dict[str, int] = field(default_factory=dict)
    error_tables: frozenset[str] = frozenset()  # tables with at least one error finding
    tables_found: frozenset[str] = frozenset()
    archive_id: int | None = None  # set when the snapshot comes from the archive

    @property
    def name(self) -> str:
        return Path(self.file).name

    @property
    def agency_key(self) -> str:
        return normalize_name(self.agency)

    def value(self, table: str, row: str, col: str) -> Decimal | None:
        """The value the arithmetic uses: blanks count as 0, unreadable / absent as None."""
        k = (table, row, col)
        if k in self.blank:
            return Decimal(0)
        return self.values.get(k)

    def has(self, table: str, row: str, col: str) -> bool:
        return (table, row, col) in self.values

    def location(self, table: str, row: str, col: str) -> str:
        p = self.positions.get((table, row, col))
        return p.describe() if p else ""

    def section_text(self, key: str) -> str:
        return "\n".join(self.sections.get(key, []))

    # --- plain JSON for the archive and between processes ---------------------------------

    def to_dict(self) -> dict:
        return {
            "file": self.file, "agency": self.agency, "year": self.year, "format": self.format,
            "values": [[t, r, c, None if v is None else str(v)] for (t, r, c), v in self.values.items()],
            "blank": [list(k) for k in sorted(self.blank)],
            "positions": [[*k, p.to_json()] for k, p in self.positions.items()],
            "sections": self.sections, "sha256": self.sha256, "errors": self.errors,
            "warnings": self.warnings, "codes": self.codes, "error_tables": sorted(self.error_tables),
            "tables_found": sorted(self.tables_found),
        }

    @classmethod
    def from_dict(cls, d: dict, archive_id: int | None = None) -> "Snapshot":
        return cls(
            file=d.get("file", ""), agency=d.get("agency"), year=d.get("year"), format=d.get("format"),
            values={(t, r, c): (None if v is None else Decimal(v)) for t, r, c, v in d.get("values", [])},
            blank=frozenset(tuple(k) for k in d.get("blank", [])),
            positions={(t, r, c): SourcePos(**p) for t, r, c, p in d.get("positions", [])},
            sections={k: list(v) for k, v in (d.get("sections") or {}).items()},
            sha256=d.get("sha256", ""), errors=d.get("errors", 0), warnings=d.get("warnings", 0),
            codes=dict(d.get("codes") or {}), error_tables=frozenset(d.get("error_tables", [])),
            tables_found=frozenset(d.get("tables_found", [])), archive_id=archive_id,
        )

    def tables_json(self) -> dict:
        out: dict = {}
        for (t, r, c), v in self.values.items():
            out.setdefault(t, {}).setdefault(r, {})[c] = number_json(v)
        return out


# Up to this size the file is hashed with the interpreter's own SHA-256 (a small built-in module);
# hashlib's OpenSSL one is faster per byte but loading OpenSSL costs a single check several ms of
# start-up (issue 11). The digest is the same.
_SMALL_FILE = 8 << 20


def _sha256_for(size: int):
    if size <= _SMALL_FILE:
        try:
            if sys.version_info >= (3, 12):  # pragma: no cover - Python 3.12 renamed the module
                from _sha2 import sha256
            else:
                from _sha256 import sha256
            return sha256()
        except ImportError:  # pragma: no cover - a build without the built-in hashes
            pass
    import hashlib

    return hashlib.sha256()


def file_sha256(path) -> str:
    try:
        with open(path, "rb") as f:
            try:
                size = os.fstat(f.fileno()).st_size
            except (OSError, AttributeError, ValueError):
                size = _SMALL_FILE + 1
            h = _sha256_for(size)
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return ""
    return h.hexdigest()


def snapshot_of(report: Report, findings=(), *, file=None, sha256: str = "") -> Snapshot:
    """The snapshot of a recognized report (with the findings of its check, for the summary)."""
    values: dict[Key, Decimal | None] = {}
    blank: set[Key] = set()
    positions: dict[Key, SourcePos] = {}
    fmt = report.format
    found = set()
    for tkey in TABLE_KEYS:
        spec = fmt.table(tkey) if fmt else None
        data = report.tables.get(tkey)
        if data is not None and data.found:
            found.add(tkey)
        if spec is None:
            continue
        for row, col in spec.cells:
            k = (tkey, row, col)
            cell = data.cells.get((row, col)) if data else None
            if cell is None:
                values[k] = None
                continue
            values[k] = cell.number.value if cell.number.is_number else None
            if cell.number.status == "blank":
                blank.add(k)
            if cell.pos is not None and (tkey, row) in POSITION_ROWS:
                positions[k] = cell.pos
    sections = {}
    for key in SECTION_KEYS:
        sec = report.sections.get(key)
        if sec is not None and sec.paragraphs:
            sections[key] = [p.text for p in sec.paragraphs]
    findings = list(findings)
    codes: dict[str, int] = {}
    error_tables = set()
    for f in findings:
        codes[f.code] = codes.get(f.code, 0) + 1
        if f.severity == ERROR:
            tables = {c.table for c in f.cells} | ({f.table} if f.table else set())
            error_tables |= {t for t in tables if t in TABLE_KEYS}
    path = file if file is not None else report.document.path
    return Snapshot(
        file=str(path), agency=report.agency, year=report.year, format=report.format_key,
        values=values, blank=frozenset(blank), positions=positions, sections=sections, sha256=sha256,
        errors=sum(1 for f in findings if f.severity == ERROR),
        warnings=sum(1 for f in findings if f.severity == WARNING), codes=codes,
        error_tables=frozenset(error_tables), tables_found=frozenset(found),
    )


__all__ = ["Snapshot", "file_sha256", "snapshot_of"]
