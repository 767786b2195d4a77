"""The engine's front door: a path in, a ``CheckResult`` out. The CLI, the window, the batch
checker and the exporters all go through here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .canonical import tables_json
from .findings import ERROR, INFO, WARNING, Finding
from .model import Document, Report
from .readers import ReadError, read_document, read_package
from .recognize import recognize
from .rules import run_rules


@dataclass
class CheckResult:
    path: Path
    document: Document
    report: Report
    findings: list[Finding] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> int:
        return self.count(ERROR)

    @property
    def warnings(self) -> int:
        return self.count(WARNING)

    @property
    def infos(self) -> int:
        return self.count(INFO)

    def recheck(self, edits: dict[tuple[str, str, str], str]) -> "CheckResult":
        """The same document with some cells holding new text (edits never touch the file)."""
        report = self.report.with_values(edits)
        return CheckResult(self.path, self.document, report, run_rules(report))

    def to_json(self) -> dict:
        r = self.report
        return {
            "file": str(self.path),
            "format": r.format_key,
            "year": r.year,
            "agency": r.agency,
            "findings": [f.to_json() for f in self.findings],
            "tables": tables_json(r),
        }


def check_document(document: Document, path=None) -> CheckResult:
    report = recognize(document)
    return CheckResult(Path(path) if path is not None else document.path, document, report, run_rules(report))


def check_path(path) -> CheckResult:
    """Read, recognize and check one file. Raises ``ReadError`` (with a Chinese message) when the
    file cannot be read."""
    path = Path(path)
    return check_document(read_document(path), path)


def check_package(pkg) -> CheckResult:
    """Check a package already opened by ``core.readers.guards.open_package``."""
    return check_document(read_package(pkg), pkg.path)


__all__ = ["CheckResult", "ReadError", "check_package", "check_path"]
