"""The engine's front door: a path in, a ``CheckResult`` out. The CLI, the window, the batch
checker and the exporters all go through here."""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (start-up, issue 11)

from .fastdc import dataclass  # = dataclasses.dataclass, cheaper at import (start-up)
from .canonical import tables_json
from .findings import ERROR, INFO, WARNING, Finding, sort_key
from .model import Document, Report
from .readers import ReadError, read_document, read_package
from .recognize import recognize
from .rules import run_rules

if TYPE_CHECKING:  # pragma: no cover
    from .rules.crossyear import CrossYear


CROSSYEAR_CODES = frozenset({"R6", "R7", "X-pair", "W-copy", "I-copy", "I-previous"})


@dataclass
class CheckResult:
    path: Path
    document: Document
    report: Report
    findings: list[Finding] = field(default_factory=list)
    crossyear: "CrossYear | None" = None  # the comparison with last year's report, when one was given

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
        result = CheckResult(self.path, self.document, report, run_rules(report))
        if self.crossyear is not None:
            with_previous(result, self.crossyear.previous, source=self.crossyear.source,
                          copy_threshold=self.crossyear.threshold)
        return result

    def to_json(self) -> dict:
        r = self.report
        return {
            "file": str(self.path),
            "format": r.format_key,
            "year": r.year,
            "agency": r.agency,
            "findings": [f.to_json() for f in self.findings],
            "tables": tables_json(r),
            **({"crossyear": self.crossyear.to_json()} if self.crossyear is not None else {}),
        }


def check_document(document: Document, path=None) -> CheckResult:
    report = recognize(document)
    return CheckResult(Path(path) if path is not None else document.path, document, report, run_rules(report))


def check_path(path, previous=None, *, copy_threshold: float | None = None) -> CheckResult:
    """Read, recognize and check one file. Raises ``ReadError`` (with a Chinese message) when the
    file cannot be read. With ``previous`` (last year's report: a path, a ``CheckResult``, a
    ``Report`` or an archived ``Snapshot``) the cross-year rules run too."""
    path = Path(path)
    result = check_document(read_document(path), path)
    if previous is not None:
        with_previous(result, previous, copy_threshold=copy_threshold)
    return result


def check_pair(path, previous_path, *, copy_threshold: float | None = None) -> CheckResult:
    """This year's file checked against last year's file. A ``ReadError`` of last year's file says so."""
    previous = read_previous(previous_path)
    return check_path(path, previous, copy_threshold=copy_threshold)


def read_previous(previous_path) -> Report:
    """Last year's report read from its file (a ``ReadError`` names it as last year's)."""
    previous_path = Path(previous_path)
    try:
        return check_document(read_document(previous_path), previous_path).report
    except ReadError as e:  # the catalogue's message, said of last year's file
        e.message = f"上年报告「{previous_path.name}」无法读取：{e.message}"
        raise


def with_previous(result: CheckResult, previous, *, source: str | None = None,
                  copy_threshold: float | None = None, sha256: str | None = None) -> CheckResult:
    """Add the cross-year findings (last year's ``previous``) to ``result``, in place."""
    from .rules.crossyear import DEFAULT_COPY_THRESHOLD, SOURCE_GIVEN, compare
    from .snapshot import Snapshot, file_sha256, snapshot_of

    if isinstance(previous, (str, Path)):
        previous = read_previous(previous)
    if isinstance(previous, CheckResult):
        previous = previous.report
    if isinstance(previous, Report):
        previous = snapshot_of(previous, file=previous.document.path, sha256=file_sha256(previous.document.path))
    assert isinstance(previous, Snapshot)
    threshold = DEFAULT_COPY_THRESHOLD if copy_threshold is None else copy_threshold
    this = snapshot_of(result.report, result.findings, file=result.path,
                       sha256=sha256 if sha256 is not None else file_sha256(result.path))
    cy = compare(result.report, previous, copy_threshold=threshold, source=source or SOURCE_GIVEN,
                 this=this)
    cy.threshold = threshold
    result.findings = sorted([f for f in result.findings if f.code not in CROSSYEAR_CODES] + cy.findings,
                             key=sort_key)
    result.crossyear = cy
    return result


def check_package(pkg) -> CheckResult:
    """Check a package already opened by ``core.readers.guards.open_package``."""
    return check_document(read_package(pkg), pkg.path)


__all__ = ["CheckResult", "ReadError", "check_package", "check_pair", "check_path", "read_previous", "with_previous"]
