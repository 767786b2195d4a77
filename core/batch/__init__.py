"""Batch checking: many reports at once, in parallel, with a summary workbook and a coverage list.

The disclosure office of a district collects the reports of dozens of units and must check them all
(issue 7). The work is done without any Qt, in one module per job:

* :mod:`.discovery` — :func:`expand_paths`: files as given, folders recursively (lock files skipped);
* :mod:`.items` — :class:`BatchItem`, the small picklable result of one file, and where its
  findings are (:func:`place_of`);
* :mod:`.pool` — :func:`check_many`: the files on every CPU core in a pool of worker processes
  reused between batches, with a time limit per file, cancel and progress;
* :mod:`.units` — :func:`normalize_unit` / :func:`match_unit`, :func:`load_expected_units`,
  :func:`coverage`: which units on the list have no report for a year;
* :mod:`.workbook` — :func:`write_batch_xlsx`, :func:`summary_text`, :func:`write_batch_outputs`.

Every name is importable from ``core.batch`` as before. The modules are loaded on first use of one
of their names (a single-file check of the command line needs only a few of them).
"""

from __future__ import annotations

import importlib
TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (start-up, issue 11)

if TYPE_CHECKING:  # pragma: no cover - for type checkers and for PyInstaller's import scan
    from . import discovery, items, pool, units, workbook  # noqa: F401

_EXPORTS = {
    "discovery": ("SUFFIXES", "LEGACY_SUFFIXES", "expand_paths", "is_lock_file"),
    "items": ("STATUS_ZH", "STATUS_MARK", "STATUS_ORDER", "BatchItem", "item_from_result", "check_one", "place_of",
              "place_long", "place_key", "section_titles", "format_label", "timeout_item", "crashed_item"),
    "pool": ("TIME_LIMIT", "WorkerPool", "check_many", "default_workers", "freeze_support", "shared_pool",
             "shutdown_pool"),
    "units": ("normalize_unit", "unit_from_filename", "year_from_filename", "match_unit", "UnitsFileError",
              "load_expected_units", "Coverage", "guess_year", "coverage"),
    "workbook": ("write_batch_xlsx", "summary_text", "write_batch_outputs"),
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'core.batch' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # the next look-up is a plain attribute
    return value


def __dir__():
    return sorted(set(globals()) | set(_WHERE))
