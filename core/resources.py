"""Bundled files (icons, sample reports) found the same way in the three ways the program runs:

- frozen by PyInstaller: build.spec copies the repository's resources/ folder to ``<bundle>/resources``
  (``sys._MEIPASS``);
- from a source checkout (``python -m core`` in the repository, or an editable install): the
  ``resources/`` folder beside the ``core`` package;
- installed from a wheel: setup.py installs that folder as the package ``nianbao_resources``.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def resources_dir() -> Path:
    base = getattr(sys, "_MEIPASS", None)
    if base:
        return Path(base) / "resources"
    # a checkout: the repository root has pyproject.toml next to core/ and resources/
    if (_SOURCE_ROOT / "pyproject.toml").is_file() and (_SOURCE_ROOT / "resources").is_dir():
        return _SOURCE_ROOT / "resources"
    try:
        import nianbao_resources  # installed from a wheel (or an editable install)
    except ImportError:
        return _SOURCE_ROOT / "resources"
    return Path(nianbao_resources.__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def sample_reports() -> list[Path]:
    folder = resource_path("samples")
    return sorted(p for p in folder.glob("*") if p.suffix.lower() in (".docx", ".xlsx")) if folder.exists() else []
