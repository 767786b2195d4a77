"""The benchmarks' one timing loop: interleaved rounds, medians of wall and CPU time, the ratio of each
row to a baseline measured in the same run, one printed table format and an optional ``--json`` file.

    from _timing import add_json_option, command, interleave, save_json

    t = interleave({"baseline name": fn0, "candidate": fn1}, rounds=9, baseline="baseline name",
                   title="what is measured")
    print(t.table())
    t.ratio("candidate")            # median(candidate) / median(baseline), wall time
    t.ratio("candidate", CPU)       # the same in CPU time
    save_json(args.json)            # every table this process measured, if --json was given

Each round calls every row once, in the order given (A B C, A B C, …), so that a slow moment of a
shared machine hits all rows alike. Each call is timed on the wall clock (``time.perf_counter``) and
in CPU time: this process's (all its threads) plus that of its children that have finished — a
subprocess run to its end is counted, a worker kept alive is not. On Windows, which has no
``resource`` module, CPU time is this process's only.

A row is a callable without arguments; ``command(cmd)`` makes one that runs a whole process. A
callable that measures something itself (a time printed by a child process, the time of one part)
returns ``Figures(name=seconds, …)``: those are recorded beside wall and CPU as series of their own
name, with medians and ratios like them. The last call's return value is kept (``Timings.results``).

Scripts run as ``python benchmarks/X.py`` import this module as ``_timing`` (the script's folder is
first on ``sys.path``). Nothing here asserts a time: benchmarks print figures, tests never time.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

ROOT = Path(__file__).resolve().parent.parent
WALL, CPU = "wall", "cpu"

try:
    import resource

    def cpu_now() -> float:
        """CPU seconds of this process (all threads) and of its children that have been waited for."""
        me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
except ImportError:  # Windows: no children's CPU time
    def cpu_now() -> float:
        return time.process_time()


CLOCKS: dict[str, Callable[[], float]] = {WALL: time.perf_counter, CPU: cpu_now}


class Figures(dict):
    """Seconds a row measured itself, by name: recorded as series beside wall and CPU."""


def command(cmd: list[str], cwd: Path | str = ROOT, env: Mapping[str, str] | None = None) -> Callable[[], None]:
    """A row that runs ``cmd`` as a whole process to its end, its output thrown away."""
    cmd = [str(c) for c in cmd]

    def run() -> None:
        subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

    run.cmd = cmd  # type: ignore[attr-defined]
    return run


@dataclass
class Timings:
    """The samples of one interleaved measurement: ``samples[row][series]`` in seconds."""

    title: str
    rows: list[str]
    rounds: int
    samples: dict[str, dict[str, list[float]]]
    baselines: dict[str, str] = field(default_factory=dict)  # row -> the row its ratio is taken against
    results: dict[str, Any] = field(default_factory=dict)  # the last return value of each row
    commands: dict[str, list[str]] = field(default_factory=dict)  # rows made by command(): what they ran

    def series(self, row: str, kind: str = WALL) -> list[float]:
        return self.samples[row].get(kind, [])

    def median(self, row: str, kind: str = WALL) -> float:
        return statistics.median(self.samples[row][kind])

    def best(self, row: str, kind: str = WALL) -> float:
        return min(self.samples[row][kind])

    def stat(self, row: str, kind: str = WALL, stat: str = "median") -> float:
        return self.best(row, kind) if stat == "min" else self.median(row, kind)

    def ratio(self, row: str, kind: str = WALL, against: str | None = None, stat: str = "median") -> float:
        """``stat`` of ``row`` over that of its baseline (or of ``against``), in one series."""
        base = against or self.baselines.get(row)
        if base is None:
            raise KeyError(f"no baseline for {row!r}")
        return self.stat(row, kind, stat) / self.stat(base, kind, stat)

    def kinds(self) -> list[str]:
        """The series every row has, wall and CPU first."""
        common = set.intersection(*(set(s) for s in self.samples.values())) if self.samples else set()
        return [k for k in (WALL, CPU) if k in common] + sorted(common - {WALL, CPU})

    def table(self, kinds: Iterable[str] | None = None, *, unit: str = "ms", digits: int = 1, per: int = 1,
              per_label: str = "", stat: str = "median", spread: bool = False,
              ratio_digits: int = 2, extra: Callable[[str], str] | None = None, indent: str = "  ") -> str:
        """The common table: a title line, then a row per callable with, for each series, its median
        (``stat="min"``: its best) in ``unit`` (divided by ``per``: "ms/edit"), with ``spread`` its
        min–max, and its ratio to its baseline; ``extra(row)`` adds a last column."""
        kinds = list(kinds) if kinds is not None else self.kinds()
        scale = {"ms": 1000.0, "s": 1.0, "us": 1e6}[unit] / per
        u = unit + (f"/{per_label}" if per_label else "")
        has_ratio = bool(self.baselines)
        what = "best of" if stat == "min" else "medians of"
        head = f"{self.title}: {self.rounds} interleaved rounds, {what} {', '.join(kinds)} time"
        if has_ratio:
            bases = sorted(set(self.baselines.values()), key=self.rows.index)
            head += f"; ratio to {' / '.join(bases)}"
        width = max([_width(r) for r in self.rows] + [3])
        cols = [_pad("row", width)]
        for k in kinds:
            cols.append(f"{k + ' ' + u:>12}")
            if spread:
                cols.append(f"{'min-max':>17}")
            if has_ratio:
                cols.append(f"{'ratio':>6}")
        lines = [head, indent + "  ".join(cols).rstrip()]
        for row in self.rows:
            cells = [_pad(row, width)]
            for k in kinds:
                s = self.samples[row].get(k)
                if not s:
                    cells.append(f"{'-':>12}")
                    if spread:
                        cells.append(f"{'':>17}")
                    if has_ratio:
                        cells.append(f"{'':>6}")
                    continue
                cells.append(f"{self.stat(row, k, stat) * scale:>12.{digits}f}")
                if spread:
                    cells.append(f"{f'{min(s) * scale:.{digits}f}-{max(s) * scale:.{digits}f}':>17}")
                if has_ratio:
                    if row in self.baselines and self.samples[self.baselines[row]].get(k):
                        cells.append(f"{self.ratio(row, k, stat=stat):>6.{ratio_digits}f}")
                    elif row in self.baselines.values() and row not in self.baselines:
                        cells.append(f"{'base':>6}")
                    else:
                        cells.append(f"{'':>6}")
            if extra is not None:
                cells.append(extra(row))
            lines.append(indent + "  ".join(cells).rstrip())
        return "\n".join(lines)

    def to_json(self) -> dict:
        rows = {}
        for row in self.rows:
            rows[row] = {"samples_s": self.samples[row],
                         "median_s": {k: statistics.median(v) for k, v in self.samples[row].items() if v},
                         "min_s": {k: min(v) for k, v in self.samples[row].items() if v}}
            if row in self.baselines:
                rows[row]["baseline"] = self.baselines[row]
                rows[row]["ratio"] = {k: self.ratio(row, k) for k in self.samples[row]
                                      if self.samples[row][k] and self.samples[self.baselines[row]].get(k)}
            if row in self.commands:
                rows[row]["command"] = self.commands[row]
        return {"title": self.title, "rounds": self.rounds, "rows": rows}


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


RECORDED: list[Timings] = []  # every measurement of this process, in order, for save_json


def interleave(cases: Mapping[str, Callable[[], Any]] | Iterable[tuple[str, Callable[[], Any]]], rounds: int, *,
               baseline: str | Mapping[str, str] | None = None, title: str = "", warmup: int = 0,
               before_round: Callable[[int], None] | None = None,
               clocks: Mapping[str, Callable[[], float]] | None = None, record: bool = True) -> Timings:
    """Call every row once per round, in the given order, for ``rounds`` rounds (after ``warmup``
    unmeasured rounds), timing each call on every clock (default: wall and CPU).

    ``baseline``: the row every other row's ratio is taken against, or a mapping {row: its baseline
    row} for tables whose rows have different baselines. ``before_round(i)`` runs, untimed, before
    each measured round (i = 0, 1, …): to clear a cache, say."""
    items = list(cases.items()) if isinstance(cases, Mapping) else list(cases)
    names = [n for n, _ in items]
    if len(set(names)) != len(names):
        raise ValueError(f"row names repeat: {names}")
    if isinstance(baseline, str):
        if baseline not in names:
            raise ValueError(f"baseline {baseline!r} is not a row: {names}")
        baselines = {n: baseline for n in names if n != baseline}
    else:
        baselines = dict(baseline or {})
        for row, base in baselines.items():
            if row not in names or base not in names:
                raise ValueError(f"baseline {row!r} -> {base!r}: not rows of {names}")
    clocks = dict(clocks or CLOCKS)
    for _ in range(warmup):
        for _, fn in items:
            fn()
    samples: dict[str, dict[str, list[float]]] = {n: {k: [] for k in clocks} for n in names}
    results: dict[str, Any] = {}
    for i in range(rounds):
        if before_round is not None:
            before_round(i)
        for name, fn in items:
            start = {k: c() for k, c in clocks.items()}
            out = fn()
            stop = {k: c() for k, c in clocks.items()}
            for k in clocks:
                samples[name][k].append(stop[k] - start[k])
            if isinstance(out, Figures):
                for k, v in out.items():
                    samples[name].setdefault(k, []).append(float(v))
            results[name] = out
    commands = {n: fn.cmd for n, fn in items if isinstance(getattr(fn, "cmd", None), list)}
    t = Timings(title=title, rows=names, rounds=rounds, samples=samples, baselines=baselines, results=results,
                commands=commands)
    if record:
        RECORDED.append(t)
    return t


def add_json_option(ap, help: str = "also write every measurement (samples, medians, ratios) to this file") -> None:
    ap.add_argument("--json", type=Path, metavar="FILE", help=help)


def save_json(path: Path | str | None, **figures) -> None:
    """Write the measurements of this process (and ``figures``: other numbers the benchmark printed)
    to ``path``; nothing if ``path`` is None."""
    if path is None:
        return
    doc = {"benchmark": Path(sys.argv[0]).stem, "argv": sys.argv[1:],
           "tables": [t.to_json() for t in RECORDED], "figures": figures}
    Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
