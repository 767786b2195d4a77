"""Moved to ``core.formats.naming`` (the one naming service); kept for imports not yet updated."""

from ..formats.naming import *  # noqa: F401,F403
from ..formats.naming import SECTION_TABLE, TABLE_NAMES, cell_name, col_name, location_of, row_name, short_cell_name  # noqa: F401
