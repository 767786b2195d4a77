"""Many files in parallel: a pool of worker processes that lives from one batch to the next.

* :func:`check_many` — checks the files on every CPU core and returns one :class:`BatchItem` per
  file, in input order. One bad file never stops the batch; ``cancel`` stops it; ``progress`` is
  called (in the calling thread) for every finished file.
* :class:`WorkerPool` — the worker processes. Each worker checks one file at a time, so that

  - a file that takes longer than the time limit is stopped: its worker is killed and replaced,
    and the file is reported as 「检查超时（超过 N 秒），已跳过」;
  - a file that kills its worker (a crash in a library, memory exhausted) is named exactly, and a
    fresh worker takes the next file;
  - cancelling kills only the workers busy with a file; the idle ones stay for the next batch.

* :func:`shared_pool` / :func:`shutdown_pool` — one pool per program, reused by consecutive
  batches (the window's second batch does not pay the start-up of the workers again), shut down
  at exit (registered with ``atexit``; the window also calls it when the program quits).

There is no helper thread in the parent: the calling thread waits on the workers' pipes and
process sentinels itself (``multiprocessing.connection.wait``). The standard
``ProcessPoolExecutor`` used before has a manager thread, and on Python 3.11 its exit hook
``_python_exit`` wakes that thread through a pipe without holding the lock under which the
thread, winding down after ``shutdown(wait=False)``, closes the same pipe: under load the write
hit the closed descriptor and the program printed a traceback ending in
``OSError: [Errno 9] Bad file descriptor`` after all its results (issue 11, point 5).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections import deque
from typing import Callable, Sequence

from .items import BatchItem, check_one, crashed_item, item_from_result, timeout_item

__all__ = [
    "TIME_LIMIT", "WorkerPool", "check_many", "default_workers", "freeze_support", "shared_pool",
    "shutdown_pool",
]

Progress = Callable[[int, int, BatchItem], None]

#: Seconds one file may take in a worker before it is stopped and reported as 检查超时. A typical
#: report takes a tenth of a second, a 200-page one under one second; the limit leaves room for a
#: slow, loaded office PC.
TIME_LIMIT = 120.0
#: Seconds a new worker may take to start (import the checker) before it is given up.
START_LIMIT = 120.0
#: Workers that die before they are ready, in a row, after which no new worker is started in this
#: batch (the files go to the workers there are, or are checked in the calling process).
_MAX_FAILED_STARTS = 3

_FROZEN_POOL_OK = False


def freeze_support() -> None:
    """Call first thing in a program's ``main()``. In a frozen build (PyInstaller) a worker process
    starts the program's own executable, which must turn into a worker at once instead of opening
    a window: that is what ``multiprocessing.freeze_support()`` does. Until this has been called,
    :func:`check_many` never starts processes in a frozen build (it checks the files one by one
    in the calling thread, which is slower but safe)."""
    import multiprocessing

    global _FROZEN_POOL_OK
    multiprocessing.freeze_support()
    _FROZEN_POOL_OK = True


def default_workers(n_files: int) -> int:
    cpus = os.cpu_count() or 1
    if sys.platform == "win32":
        cpus = min(cpus, 30)  # wait() on Windows takes at most 64 handles: a pipe and a process each
    return max(1, min(cpus, n_files))


def _cancelled(cancel) -> bool:
    if cancel is None:
        return False
    if hasattr(cancel, "is_set"):
        return bool(cancel.is_set())
    return bool(cancel())


def _mp_context():
    """``spawn`` on Windows and macOS; on Linux ``fork`` from a single-threaded program (the CLI,
    fastest), ``forkserver`` otherwise (the window's background thread: forking a threaded
    process is unsafe)."""
    import multiprocessing

    if sys.platform in ("win32", "darwin"):
        return multiprocessing.get_context("spawn")
    methods = multiprocessing.get_all_start_methods()
    if threading.current_thread() is threading.main_thread() and threading.active_count() == 1 and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["core.batch.pool", "core.check"])
        return ctx
    return multiprocessing.get_context("spawn")


# --------------------------------------------------------------------------------------------------
# The worker process
# --------------------------------------------------------------------------------------------------


def _worker_main(conn, parent_pid: int) -> None:
    """A worker: say it is ready, then check the files it is sent, one at a time, until it is sent
    ``None`` or the parent goes away."""
    try:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    except (ImportError, ValueError, OSError, AttributeError):  # pragma: no cover
        pass
    watch_parent = sys.platform != "win32"
    try:
        conn.send(("ready", os.getpid()))
        while True:
            # a forked worker holds copies of its siblings' pipe ends, so the parent's death does not
            # always close its pipe: look at the parent too
            while watch_parent and not conn.poll(1.0):
                if os.getppid() != parent_pid:
                    return
            task = conn.recv()
            if task is None:
                return
            index, path = task
            item = check_one(index, path)
            try:
                conn.send(("item", item))
            except (OSError, EOFError):
                raise
            except Exception as exc:  # an item that cannot be pickled: report it, keep working
                conn.send(("item", item_from_result(index, path, exc)))
    except (EOFError, OSError, KeyboardInterrupt):
        return  # the parent has gone or closed the pipe
    finally:
        try:
            conn.close()
        except OSError:  # pragma: no cover
            pass


class _Worker:
    """One worker process and the parent's end of its pipe."""

    __slots__ = ("process", "conn", "ready", "task", "deadline", "born")

    def __init__(self, ctx):
        parent_end, child_end = ctx.Pipe(duplex=True)
        for stream in (sys.stdout, sys.stderr):  # a forked child must not inherit unwritten output
            try:
                if stream is not None:
                    stream.flush()
            except (OSError, ValueError):  # pragma: no cover
                pass
        self.process = ctx.Process(target=_worker_main, args=(child_end, os.getpid()), daemon=True,
                                   name="nianbao-check-worker")
        try:
            self.process.start()
        finally:
            child_end.close()
        self.conn = parent_end
        self.ready = False
        self.task: tuple[int, str] | None = None
        self.deadline = 0.0
        self.born = time.monotonic()

    def send(self, task) -> bool:
        try:
            self.conn.send(task)
            return True
        except (OSError, EOFError, ValueError):
            return False

    def kill(self) -> None:
        try:
            self.conn.close()
        except OSError:  # pragma: no cover
            pass
        p = self.process
        try:
            if p.is_alive():
                p.kill()
            p.join(10)
            p.close()
        except (OSError, ValueError):  # pragma: no cover - already gone
            pass

    def stop(self) -> None:
        """Ask an idle worker to leave (it finishes its loop); see :meth:`WorkerPool.close`."""
        self.send(None)
        try:
            self.conn.close()
        except OSError:  # pragma: no cover
            pass


# --------------------------------------------------------------------------------------------------
# The pool
# --------------------------------------------------------------------------------------------------


class WorkerPool:
    """Worker processes kept between batches. ``size``: at most this many at once (default: one per
    CPU core). Not for two batches at the same moment: a second ``run`` waits for the first."""

    def __init__(self, size: int | None = None, *, context=None):
        self.size = max(1, int(size)) if size else default_workers(os.cpu_count() or 1)
        self._ctx = context if context is not None else _mp_context()
        self.method = self._ctx.get_start_method()
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self.closed = False
        #: workers started over the pool's life (a reused pool starts none for its second batch)
        self.started = 0

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def idle_workers(self) -> int:
        return sum(1 for w in self._idle if w.process.is_alive())

    def _start_worker(self) -> _Worker:
        w = _Worker(self._ctx)
        self.started += 1
        return w

    def _take_idle(self) -> _Worker | None:
        while self._idle:
            w = self._idle.pop()
            if w.process.is_alive():
                return w
            w.kill()
        return None

    def run(self, tasks: Sequence[tuple[int, str]], record: Callable[[BatchItem], None], cancel=None,
            time_limit: float | None = None, workers: int | None = None) -> list[tuple[int, str]]:
        """Check ``tasks`` (``(index, path)`` pairs), calling ``record(item)`` for each finished
        file. Returns the tasks left unchecked because processes cannot be started here (they are
        for the caller to check in its own process); on cancel, returns ``[]`` at once."""
        if self.closed:
            raise RuntimeError("pool closed")
        limit = TIME_LIMIT if time_limit is None else float(time_limit)
        with self._lock:
            return self._run(list(tasks), record, cancel, limit, min(workers or self.size, self.size))

    def _run(self, tasks, record, cancel, limit, n) -> list[tuple[int, str]]:
        from multiprocessing.connection import wait

        queue = deque(tasks)
        n = max(1, min(n, len(queue)))
        free: list[_Worker] = []
        busy: list[_Worker] = []
        failed_starts = 0
        try:
            while queue or busy:
                if _cancelled(cancel):
                    for w in busy:  # the files being checked are abandoned
                        w.kill()
                    busy.clear()
                    return []
                while queue and len(busy) < n:
                    w = free.pop() if free else self._take_idle()
                    if w is None:
                        if failed_starts >= _MAX_FAILED_STARTS:
                            break  # workers do not start: go on with those there are, if any
                        try:
                            w = self._start_worker()
                        except (OSError, ValueError, ImportError, RuntimeError, NotImplementedError):
                            if busy:
                                break  # go on with the workers there are
                            return list(queue)  # no processes here: the caller checks the rest
                    task = queue.popleft()
                    if not w.send(task):  # died while idle
                        queue.appendleft(task)
                        w.kill()
                        continue
                    now = time.monotonic()
                    w.task = task
                    w.deadline = now + (limit if w.ready else START_LIMIT + limit)
                    busy.append(w)
                if not busy:
                    if queue:  # no worker could be had
                        return list(queue)
                    continue
                now = time.monotonic()
                wait_for = max(0.0, min(min(w.deadline for w in busy) - now, 0.1 if cancel is not None else 1.0))
                handles = [w.conn for w in busy] + [w.process.sentinel for w in busy]
                try:
                    ready = set(wait(handles, wait_for))
                except OSError:  # pragma: no cover - a handle closed under us: look at every worker
                    ready = set(handles)
                now = time.monotonic()
                for w in list(busy):
                    if w.conn not in ready and w.process.sentinel not in ready:
                        if now < w.deadline:
                            continue
                        busy.remove(w)  # over the time limit (or never started): stopped
                        w.kill()
                        if w.ready:
                            record(timeout_item(*w.task, limit))
                        else:
                            failed_starts += 1
                            queue.appendleft(w.task)
                        continue
                    item, dead = None, False
                    try:
                        while item is None and w.conn.poll():
                            kind, value = w.conn.recv()
                            if kind == "ready":
                                if not w.ready:
                                    w.ready = True
                                    failed_starts = 0
                                    w.deadline = time.monotonic() + limit
                            elif kind == "item":
                                item = value
                    except (EOFError, OSError):
                        dead = True
                    except Exception as exc:  # an item that cannot be unpickled here
                        item = item_from_result(*w.task, exc)
                    if item is not None:
                        busy.remove(w)
                        w.task = None
                        record(item)
                        free.append(w)
                        continue
                    if dead or not w.process.is_alive():
                        busy.remove(w)
                        w.kill()
                        if w.ready:
                            record(crashed_item(*w.task))
                        else:  # it never started: not the file's fault
                            failed_starts += 1
                            queue.appendleft(w.task)
            return []
        except BaseException:  # Ctrl+C and the like: the busy workers are stopped
            for w in busy:
                w.kill()
            busy.clear()
            raise
        finally:
            self._idle.extend(w for w in free if w.process.is_alive())

    def close(self, timeout: float = 5.0) -> None:
        """Stop the idle workers (waiting up to ``timeout`` seconds, then killing them)."""
        self.closed = True
        idle, self._idle = self._idle, []
        for w in idle:
            w.stop()
        end = time.monotonic() + timeout
        for w in idle:
            try:
                w.process.join(max(0.0, end - time.monotonic()))
            except (OSError, ValueError, AssertionError):  # pragma: no cover
                pass
            w.kill()


_shared: WorkerPool | None = None
_shared_lock = threading.Lock()
_atexit_registered = False


def shared_pool(workers: int | None = None) -> WorkerPool:
    """The program's pool (created on first use, kept for the next batches, shut down at exit).
    A pool started for another start method (``fork`` from the CLI, ``forkserver`` from a
    background thread) is replaced."""
    global _shared, _atexit_registered
    with _shared_lock:
        ctx = _mp_context()
        if _shared is not None and (_shared.closed or _shared.method != ctx.get_start_method()):
            _shared.close()
            _shared = None
        if _shared is None:
            _shared = WorkerPool(workers, context=ctx)
            if not _atexit_registered:
                import atexit

                atexit.register(shutdown_pool)
                _atexit_registered = True
        elif workers and workers > _shared.size:
            _shared.size = workers
        return _shared


def shutdown_pool() -> None:
    """Stop the shared pool's workers (at exit; harmless when there is none)."""
    global _shared
    with _shared_lock:
        pool, _shared = _shared, None
    if pool is not None:
        pool.close()


# --------------------------------------------------------------------------------------------------
# Many files
# --------------------------------------------------------------------------------------------------


def check_many(paths: Sequence, workers: int | None = None, progress: Progress | None = None,
               cancel=None, *, chunk_size: int | None = None, time_limit: float | None = None,
               pool: WorkerPool | None = None) -> list[BatchItem]:
    """Check many files; return one :class:`BatchItem` per file, in input order.

    ``workers``: processes to use (default: one per CPU core; 1 = in this process, no pool — and
    then no time limit). ``progress(done, total, item)`` is called in the calling thread after
    every file. ``cancel``: a ``threading.Event`` (or anything with ``is_set()``, or a callable
    returning a bool); once set, no new file is started and the files finished so far are
    returned. ``time_limit``: seconds per file in a worker (default :data:`TIME_LIMIT`).
    ``pool``: the :class:`WorkerPool` to use (default: :func:`shared_pool`). A file that cannot
    be read, makes the checker fail, kills its worker or takes too long gives an item with
    ``error`` set; it never stops the batch. ``chunk_size`` is accepted for compatibility and
    ignored: workers take one file at a time.
    """
    del chunk_size
    tasks = [(i, str(p)) for i, p in enumerate(paths)]
    total = len(tasks)
    if total == 0:
        return []
    if workers is None:
        workers = pool.size if pool is not None else default_workers(total)
        if total == 1 and pool is None:
            workers = 1  # one file: a worker would cost more than it saves
    workers = max(1, min(int(workers), total))
    done: dict[int, BatchItem] = {}

    def record(item: BatchItem) -> None:
        done[item.index] = item
        if progress is not None:
            progress(len(done), total, item)

    use_pool = workers > 1 or pool is not None
    if getattr(sys, "frozen", False) and not _FROZEN_POOL_OK:
        use_pool = False  # see freeze_support()
    left = tasks
    if use_pool:
        try:
            use = pool if pool is not None else shared_pool(workers)
        except (OSError, NotImplementedError, ImportError, RuntimeError, ValueError):  # no processes here
            use = None
        if use is not None:
            # Only the starting of workers is caught (inside run: the files then go one by one
            # here); an error of ``progress`` — e.g. the output pipe closed — is the caller's.
            left = use.run(tasks, record, cancel, time_limit, workers)
    for i, p in left:
        if _cancelled(cancel):
            break
        if i not in done:
            record(check_one(i, p))
    return [done[i] for i in sorted(done)]
