"""Compatibility façade: the guards now live in small modules of :mod:`core.readers`
(errors, limits, fileread, sniff, ole2, ziplimits, xmlsafe, ooxml, package). Import from those;
this module only keeps old imports working."""

from __future__ import annotations

from .errors import REASONS, ReadError
from .limits import DEFAULT_LIMITS, Limits
from .package import Package, open_package, producer
from .sniff import OLE_MAGIC
from .xmlsafe import harden_openpyxl, parse_xml

__all__ = [
    "ReadError",
    "Limits",
    "DEFAULT_LIMITS",
    "Package",
    "open_package",
    "parse_xml",
    "harden_openpyxl",
    "REASONS",
    "producer",
    "OLE_MAGIC",
]
