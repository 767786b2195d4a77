"""Exports: what the clerk takes away after the check.

Four kinds (``KINDS``):

- ``corrected`` — a copy of the clerk's own file with the accepted values written in: for a .docx
  as Word tracked changes (plus standard headings for missing / non-standard sections), for an
  .xlsx with every changed cell filled and commented (``tracked``, ``corrected_xlsx``);
- ``standard`` — a clean .docx in the official 2021 layout with the report's values and text
  (``standard_docx``);
- ``xlsx`` — the three tables in the official layout with live formulas, red highlighting of broken
  identities and input validation (``live_xlsx``);
- ``blank`` — the empty official template, as a .docx and an .xlsx beside it.

``edits`` maps (table, row, column) keys to the text a cell should hold. ``None`` means "every value
the check suggests" (applied round by round until the check suggests nothing more); ``{}`` means
no change at all. The clerk's file is only read; every output is written atomically and never onto
the file that was checked.
"""

from __future__ import annotations

from pathlib import Path

from ..check import CheckResult, check_package, check_path
from ..fileio import WriteRefused, atomic_write, refuse_onto, same_file
from ..numbers import as_text

__all__ = ["KINDS", "Exported", "WriteRefused", "default_output_name", "export_file", "export_result",
           "suggested_edits"]

KINDS = ("corrected", "standard", "xlsx", "blank")
KIND_NAMES = {"corrected": "更正稿", "standard": "标准格式文件", "xlsx": "联动表", "blank": "空白模板"}
_SUFFIX = {"corrected": "-更正", "standard": "-标准格式", "xlsx": "-联动表", "blank": "-空白模板"}
_WORD = (".docx", ".docm", ".dotx", ".dotm")
_EXCEL = (".xlsx", ".xlsm", ".xltx", ".xltm")


class Exported(list):
    """The files written (a list of paths), with what the clerk should know about them.

    ``notes``: Chinese sentences — what could not be carried over or written.
    ``not_carried``: the part of ``notes`` about a 2019 draft's data the 2021 layout cannot hold.
    ``changes``: counts of what a corrected copy changed (cells, headings, sections).
    """

    def __init__(self, paths=(), notes=None, not_carried=None, changes=None):
        super().__init__(paths)
        self.notes: list[str] = list(notes or [])
        self.not_carried: list[str] = list(not_carried or [])
        self.changes: dict[str, int] = dict(changes or {})


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"未知的导出类型「{kind}」，可选：{'、'.join(KINDS)}。")


def default_output_name(src: Path, kind: str) -> Path:
    """Where an export goes by default: next to the original, its name plus a suffix
    (-更正 / -标准格式.docx / -联动表.xlsx / -空白模板.docx, the blank .xlsx beside it)."""
    _check_kind(kind)
    src = Path(src)
    if kind == "corrected":
        ext = src.suffix.lower()
        ext = ext if ext in _WORD else (".xlsx" if ext in _EXCEL or ext in (".xls", ".et") else ".docx")
    elif kind == "xlsx":
        ext = ".xlsx"
    else:
        ext = ".docx"
    out = src.with_name(f"{src.stem}{_SUFFIX[kind]}{ext}")
    n = 2
    while same_file(src, out):  # cannot happen with a suffix added, but never hand back the source
        out = src.with_name(f"{src.stem}{_SUFFIX[kind]}（{n}）{ext}")
        n += 1
    return out


def suggested_edits(result: CheckResult, rounds: int = 4) -> dict[tuple[str, str, str], str]:
    """The values the check suggests that together make the report better (``CheckSession.plan_all``:
    each kept only if it lowers the count, never one computed from blank cells), round by round
    until nothing new helps."""
    from ..session import CheckSession

    return {s.key: s.new for s in CheckSession(result).plan_all(rounds)}


def _targets(out: Path, kind: str) -> list[Path]:
    if kind != "blank":
        return [out]
    docx = out if out.suffix.lower() == ".docx" else out.with_suffix(".docx")
    return [docx, docx.with_suffix(".xlsx")]


def export_result(result: CheckResult, out: Path, kind: str = "corrected",
                  edits: dict[tuple[str, str, str], str] | None = None) -> Exported:
    """Write one export of a checked file. Returns the paths written (an ``Exported`` list)."""
    _check_kind(kind)
    out = Path(out)
    targets = _targets(out, kind)
    for t in targets:
        refuse_onto(result.path, t)
    if edits is not None:
        edits = {tuple(k): as_text(v) for k, v in edits.items()}
    if kind == "corrected" and result.document.kind in PUBLISHED_KINDS:
        return _corrected_published(result, out, edits)
    if kind == "corrected":
        converted = getattr(result.document, "converted", None)
        # an old .doc/.xls: the corrected copy is made from the .docx/.xlsx it was converted to
        return _corrected(converted.path if converted is not None else result.path, out, edits)
    if edits is None:
        edits = suggested_edits(result) if kind != "blank" else {}
    report = result.report.with_values(edits)
    if kind in ("standard", "xlsx") and report.format_key == "pre-2019":
        raise WriteRefused(
            "这份报告使用 2019 年以前的旧版「政府信息公开情况统计表」，其数据无法对应到 2021 年版统一格式的表格。"
            "可以导出空白模板，按新格式重新填写。"
        )

    if kind == "standard":
        from .standard_docx import build_standard

        built = build_standard(report)
        atomic_write(out, built.data)
        return Exported([out], built.not_carried + built.notes, built.not_carried)
    if kind == "xlsx":
        from .live_xlsx import build_live

        built = build_live(report)
        atomic_write(out, built.data)
        return Exported([out], built.not_carried, built.not_carried)
    # blank
    from .live_xlsx import build_blank_xlsx
    from .standard_docx import build_blank

    docx_path, xlsx_path = targets
    atomic_write(docx_path, build_blank(result.report).data)
    atomic_write(xlsx_path, build_blank_xlsx(result.report).data)
    return Exported(targets)


#: inputs that are what was published (a PDF, a saved web page): there is no Word file to correct
PUBLISHED_KINDS = ("pdf", "html", "mht")


def _corrected_published(result: CheckResult, out: Path, edits) -> Exported:
    """A published PDF or web page has no Word file of its own to correct: the corrected copy is
    the report in the standard 2021 layout with the figures as published, and every correction
    written into it as a tracked change (the reviewer sees old → new, and can accept or reject)."""
    from ..readers.package import package_from_bytes
    from .standard_docx import build_standard
    from .tracked import write_tracked

    if result.report.format_key == "pre-2019":
        raise WriteRefused(
            "这份报告使用 2019 年以前的旧版「政府信息公开情况统计表」，其数据无法对应到 2021 年版统一格式的表格。"
            "可以导出空白模板，按新格式重新填写。"
        )
    original = CheckResult(result.path, result.document, result.report, result.findings)
    if edits is None:
        edits = suggested_edits(original)
    built = build_standard(result.report.with_values({}))  # the figures as published
    pkg = package_from_bytes(out.with_suffix(".docx"), built.data)
    fresh = check_package(pkg)
    done = write_tracked(pkg, fresh.report, edits)
    atomic_write(out, done.data)
    kind = {"pdf": "PDF", "html": "网页", "mht": "网页"}[result.document.kind]
    notes = [f"原文件是已发布的{kind}，无法直接修改；更正稿是按 2021 年版统一格式排版的 Word 文档，"
             "数字按原文填入，更正以修订方式标出。"] + built.not_carried + built.notes + done.skipped
    return Exported([out], notes, built.not_carried,
                    changes={"cells": len(done.cells), "headings": len(done.headings), "sections": len(done.inserted)})


def _corrected(src: Path, out: Path, edits) -> Exported:
    """The corrected copy. The file is read again and checked from exactly the bytes that are
    copied, so every position is right even if the result handed in was re-checked with edits
    or the file changed since it was checked (edits are keyed by cell, not by position)."""
    from ..readers.package import open_package

    pkg = open_package(src)
    fresh = check_package(pkg)
    if edits is None:
        edits = suggested_edits(fresh)
    if pkg.kind == "xlsx":
        from .corrected_xlsx import write_corrected_xlsx

        done = write_corrected_xlsx(pkg, fresh, edits)
        atomic_write(out, done.data)
        return Exported([out], done.skipped, changes={"cells": len(done.cells)})
    from .tracked import write_tracked

    done = write_tracked(pkg, fresh.report, edits)
    atomic_write(out, done.data)
    return Exported([out], done.skipped, changes={"cells": len(done.cells), "headings": len(done.headings),
                                                  "sections": len(done.inserted)})


def export_file(src: Path, out: Path, kind: str = "corrected",
                edits: dict[tuple[str, str, str], str] | None = None) -> Exported:
    """Check ``src`` and write one export of it (``ReadError`` when it cannot be read)."""
    _check_kind(kind)
    src = Path(src)
    for t in _targets(Path(out), kind):
        refuse_onto(src, t)
    return export_result(check_path(src), Path(out), kind, edits)
