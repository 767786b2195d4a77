"""The desktop window (PySide6) of the annual-report checker.

Only presentation lives here: the checking, the labels and every number come from ``core``.

- ``app``            QApplication, Chinese translations, logging, the exception hook, ``main()``
- ``main_window``    the window a clerk works in (``MainWindow.open_path`` is its public door)
- ``models``         table layouts built from ``core.formats`` and Qt models over core objects
- ``views``          the grids, the section text, the outline, the header, the welcome page
- ``findings_panel`` the list of findings with its filter and the "apply suggestion" buttons
- ``printing``       the printable / PDF summary of a check
- ``workers``        reading and checking off the GUI thread
"""

from __future__ import annotations

import sys


def _guard_singleton_refcounts() -> bool:
    """A fallback for a PySide6 bug that would crash the program after a while.

    pyproject.toml keeps every install off the affected release (PySide6-Essentials <6.12 on Python <
    3.12) and the Windows build runs Python 3.12, so this does nothing there (the probe below finds no
    lost reference). It only acts in an environment not installed from pyproject.toml that has the
    broken build anyway; tests/test_install_qt_refcount.py proves the bug absent where it matters.

    PySide6/shiboken6 6.12.0 on CPython < 3.12 returns ``None`` from every void C++ method, and
    ``True`` from ``Signal.emit``, without taking a reference: each ``painter.setPen(...)``,
    ``label.setText(...)`` or ``signal.emit(...)`` lowers the count by one, and after some ten
    thousand calls — minutes of repainting — CPython aborts ("Fatal Python error: none_dealloc" /
    "bool_dealloc"). Python 3.12 made these objects immortal; this does the same when the bug is
    present: their counts are raised far out of reach (they are never freed in any case).
    Returns True if the guard was applied."""
    if sys.version_info >= (3, 12):
        return False
    try:
        from PySide6.QtCore import QObject
    except ImportError:  # the core-only test run has no Qt
        return False
    probe = QObject()

    def calls(n: int) -> None:
        for _ in range(n):
            probe.setObjectName("probe")
            probe.objectNameChanged.emit("probe")

    # The first calls set up Shiboken's signal and method caches, which frees temporaries that held
    # None: the counts move a little then, with or without the bug (seen with 6.11.3, one start in
    # six). Warm up first, then look for the bug's own signature: one reference lost on every call.
    calls(8)
    before = sys.getrefcount(None), sys.getrefcount(True)
    calls(_PROBE_CALLS)
    after = sys.getrefcount(None), sys.getrefcount(True)
    lost = max(before[0] - after[0], before[1] - after[1])
    if lost < _PROBE_CALLS // 2:
        return False
    import ctypes

    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40  # ob_refcnt: PyObject's first field
    return True


_PROBE_CALLS = 256
REFCOUNT_GUARD_APPLIED = _guard_singleton_refcounts()
