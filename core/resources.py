"""Bundled files (icons, templates, samples) found the same way from source and when frozen by
PyInstaller (where they sit under sys._MEIPASS)."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    base = getattr(sys, "_MEIPASS", None)
    if base:
        return Path(base) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def sample_reports() -> list[Path]:
    folder = resource_path("samples")
    return sorted(p for p in folder.glob("*") if p.suffix.lower() in (".docx", ".xlsx")) if folder.exists() else []
