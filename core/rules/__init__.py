"""``Report`` → findings. Each module checks one family of rules; this runs them all."""

from __future__ import annotations

from ..findings import Finding, make, sort_key
from ..model import Report
from .bounds import check_bounds
from .figures import check_figures
from .identities import check_identities
from .structure import check_format, check_sections, check_tables, check_title
from .text import check_fee, check_placeholders, check_terms, check_text_figures, check_topics
from .values import check_values

RULES = (
    check_format,
    check_title,
    check_sections,
    check_tables,
    check_identities,
    check_values,
    check_text_figures,
    check_fee,
    check_terms,
    check_topics,
    check_placeholders,
    check_bounds,
)


def read_note(note) -> Finding:
    """A reader's remark as a finding: a worded remark (str) as it is, or ``(code, fields)`` filled
    from the catalogue's I-read-… kinds."""
    if isinstance(note, tuple):
        code, fields = note
        return make(code, **fields)
    return make("I-read", note=note)


def run_rules(report: Report) -> list[Finding]:
    findings: list[Finding] = []
    for note in report.document.notes:
        findings.append(read_note(note))
    for rule in RULES:
        findings.extend(rule(report))
    findings.extend(check_figures(report, findings))  # R8 extended: after R8, not repeating it
    findings.sort(key=sort_key)
    return findings


__all__ = ["RULES", "run_rules"]
