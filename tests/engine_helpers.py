"""Helpers shared by the engine tests: build fixtures, summarize findings."""

from __future__ import annotations

from collections import Counter

from tests.fixtures.seeds import SEEDS
from tests.fixtures.spec import SECTION_TITLES


def standard_spec(key: str):
    """A seed with the six standard headings and no stray cell: the checker must find no error."""
    spec = SEEDS[key].copy()
    for sec in spec.sections:
        if sec.key:
            sec.heading = SECTION_TITLES[sec.key]
    spec.stray_cells = []
    return spec


def codes(result, severity=None) -> Counter:
    return Counter(f.code for f in result.findings if severity is None or f.severity == severity)


def signature(result, severities=("error", "warning")):
    """What a clerk is told, independent of source positions: code, severity, cells, section."""
    return Counter(
        (f.code, f.severity, f.section, f.table, tuple((c.table, c.row, c.col) for c in f.cells))
        for f in result.findings
        if f.severity in severities
    )


def errors(result):
    return [f for f in result.findings if f.severity == "error"]
