"""Which files a batch checks: files as given, folders recursively, lock files skipped."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..readers.sniff import LEGACY_SUFFIXES, readable_suffixes

__all__ = ["SUFFIXES", "LEGACY_SUFFIXES", "expand_paths", "is_lock_file"]

# The suffixes come from the readers' one list (core.readers.sniff). A folder scan picks up every
# file the readers can check (.docx/.xlsx and their siblings, and PDF / web pages when those
# readers are installed) and, with ``legacy``, the old .doc/.wps/.xls/.et files: a unit that sent
# a .doc has sent something, it is not missing (the reader converts it or says how to).


def __getattr__(name: str):
    if name == "SUFFIXES":  # computed when asked: which readers are installed
        return set(readable_suffixes())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def is_lock_file(name: str) -> bool:
    """``~$…``: Word/Excel/WPS owner files; ``.~…``: WPS/LibreOffice lock files."""
    return name.startswith("~$") or name.startswith(".~")


_is_lock_file = is_lock_file


def expand_paths(paths: Iterable, *, legacy: bool = True) -> list[Path]:
    """Files as given; folders (recursively) give every .docx/.xlsx under them (and, with
    ``legacy``, the old .doc/.wps/.xls/.et files, which will be reported as unreadable), lock files
    (``~$…``) skipped. The order is stable: the order of the arguments, then sorted paths."""
    wanted = readable_suffixes(legacy=legacy)
    out: list[Path] = []
    seen: set[Path] = set()
    for p in map(Path, paths):
        if p.is_dir():
            found = []
            for f in p.rglob("*"):
                try:
                    if f.suffix.lower() in wanted and not is_lock_file(f.name) and f.is_file():
                        found.append(f)
                except OSError:  # pragma: no cover - unreadable directory entries
                    continue
            for f in sorted(found, key=lambda x: [s.casefold() for s in x.parts]):
                if f not in seen:
                    seen.add(f)
                    out.append(f)
        else:
            out.append(p)  # given explicitly: checked (and reported) whatever it is
    return out
