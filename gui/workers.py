"""Work off the GUI thread: reading and checking a file (and exporting) run in a thread pool; the
result or the exception comes back to the GUI thread as a Qt signal.

    task = submit(pool, check_path, path, on_done=show, on_failed=fail)

``on_done(result)`` and ``on_failed(exc)`` run in the GUI thread (the signal object is created
there, so the connection is queued). The exception keeps its traceback for the log.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

_live: set["Task"] = set()  # a task's signal object must outlive the worker thread


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class Task(QRunnable):
    def __init__(self, fn: Callable[..., Any], *args, **kwargs):
        super().__init__()
        self.setAutoDelete(False)
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.signals = _Signals()
        self.finished = False

    def run(self) -> None:  # in a pool thread
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as e:  # noqa: BLE001 - every failure goes back to the window
            self.signals.failed.emit(e)
        else:
            self.signals.done.emit(result)


def submit(pool: QThreadPool, fn: Callable[..., Any], *args, on_done: Callable[[Any], None],
           on_failed: Callable[[BaseException], None], **kwargs) -> Task:
    """Run ``fn(*args, **kwargs)`` in ``pool``; call back in the GUI thread."""
    task = Task(fn, *args, **kwargs)

    def done(result, task=task):
        task.finished = True
        _live.discard(task)
        on_done(result)

    def failed(exc, task=task):
        task.finished = True
        _live.discard(task)
        on_failed(exc)

    task.signals.done.connect(done)
    task.signals.failed.connect(failed)
    _live.add(task)
    pool.start(task)
    return task


def check_file(path):
    """What the window runs in a worker: read, recognize and check one file."""
    from core.check import check_path

    return check_path(path)
