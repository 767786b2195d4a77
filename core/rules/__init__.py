"""``Report`` → findings. Each module checks one family of rules; this runs them all."""

from __future__ import annotations

from ..findings import Finding, make, sort_key
from ..model import Report
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
)


def run_rules(report: Report) -> list[Finding]:
    findings: list[Finding] = []
    for note in report.document.notes:
        findings.append(make("I-read", what=note))
    for rule in RULES:
        findings.extend(rule(report))
    findings.extend(check_figures(report, findings))  # R8 extended: after R8, not repeating it
    findings.sort(key=sort_key)
    return findings


__all__ = ["RULES", "run_rules"]
