"""benchmarks/_timing.py, the benchmarks' one timing loop: interleaving order, medians, ratios, the
table and the JSON, on fake clocks (no time is measured or asserted here)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def timing():
    """benchmarks/_timing.py loaded from its file (the benchmarks import it as a sibling module)."""
    spec = importlib.util.spec_from_file_location("_timing", ROOT / "benchmarks" / "_timing.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


class FakeClock:
    """A clock each row advances by what it is told: the durations are known exactly."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def rows_with_durations(clock: FakeClock, cpu: FakeClock, calls: list, durations: dict[str, list[float]]):
    def make(name):
        it = iter(durations[name])

        def fn():
            d = next(it)
            calls.append(name)
            clock.now += d
            cpu.now += d / 2
            return name.upper()
        return fn
    return {name: make(name) for name in durations}


def test_rounds_interleave_rows_in_the_given_order_after_the_warmup(timing):
    calls, wall, cpu = [], FakeClock(), FakeClock()
    rows = rows_with_durations(wall, cpu, calls, {"a": [9, 1, 2, 3], "b": [9, 4, 5, 6], "c": [9, 7, 8, 9]})
    seen_rounds = []
    t = timing.interleave(rows, rounds=3, warmup=1, clocks={"wall": wall, "cpu": cpu}, record=False,
                          before_round=lambda i: seen_rounds.append((i, len(calls))))
    assert calls == ["a", "b", "c"] * 4
    assert seen_rounds == [(0, 3), (1, 6), (2, 9)]  # before each measured round, not the warm-up
    assert t.series("a") == [1, 2, 3] and t.series("c") == [7, 8, 9]  # the warm-up is not recorded
    assert t.series("b", "cpu") == [2, 2.5, 3]
    assert t.results == {"a": "A", "b": "B", "c": "C"}


def test_median_best_and_ratio_to_the_baseline(timing):
    calls, wall, cpu = [], FakeClock(), FakeClock()
    rows = rows_with_durations(wall, cpu, calls, {"base": [4, 1, 2, 100], "new": [3, 30, 6, 5]})
    t = timing.interleave(rows, rounds=4, baseline="base", clocks={"wall": wall, "cpu": cpu}, record=False)
    assert t.median("base") == 3.0  # (2 + 4) / 2: the outlier 100 does not move it
    assert t.median("new") == 5.5
    assert t.best("new") == 3
    assert t.ratio("new") == pytest.approx(5.5 / 3.0)
    assert t.ratio("new", "cpu") == pytest.approx(5.5 / 3.0)
    assert t.ratio("new", stat="min") == 3.0
    assert t.baselines == {"new": "base"}
    with pytest.raises(KeyError):
        t.ratio("base")


def test_a_mapping_gives_each_row_its_own_baseline_and_figures_are_series(timing):
    wall = FakeClock()
    inner = iter([0.5, 0.25, 0.75])

    def measured():
        wall.now += 10
        return timing.Figures(inner=next(inner))

    def other():
        wall.now += 20
        return {"not": 1.0}  # a plain dict is a result, not figures

    t = timing.interleave([("m", measured), ("o", other), ("p", other)], rounds=3, clocks={"wall": wall},
                          baseline={"p": "o"}, record=False)
    assert t.series("m", "inner") == [0.5, 0.25, 0.75] and t.median("m", "inner") == 0.5
    assert t.kinds() == ["wall"]  # only m has "inner"
    assert t.ratio("p") == 1.0 and "m" not in t.baselines
    assert t.results == {"m": {"inner": 0.75}, "o": {"not": 1.0}, "p": {"not": 1.0}}
    with pytest.raises(ValueError):
        timing.interleave({"a": other}, rounds=1, baseline="b", clocks={"wall": wall}, record=False)
    with pytest.raises(ValueError):
        timing.interleave([("a", other), ("a", other)], rounds=1, clocks={"wall": wall}, record=False)


def test_table_shows_medians_in_the_unit_and_ratios(timing):
    calls, wall, cpu = [], FakeClock(), FakeClock()
    rows = rows_with_durations(wall, cpu, calls, {"baseline": [0.010, 0.012, 0.011],
                                                  "candidate, longer name": [0.022, 0.020, 0.024]})
    t = timing.interleave(rows, rounds=3, baseline="baseline", title="demo", clocks={"wall": wall, "cpu": cpu},
                          record=False)
    text = t.table()
    lines = text.splitlines()
    assert lines[0] == "demo: 3 interleaved rounds, medians of wall, cpu time; ratio to baseline"
    assert lines[1].split() == ["row", "wall", "ms", "ratio", "cpu", "ms", "ratio"]
    assert lines[2].split() == ["baseline", "11.0", "base", "5.5", "base"]
    assert lines[3].split()[-4:] == ["22.0", "2.00", "11.0", "2.00"]
    per = t.table(["wall"], per=2, per_label="edit", spread=True, extra=lambda r: f"<{r[0]}>").splitlines()
    assert per[1].split() == ["row", "wall", "ms/edit", "min-max", "ratio"]
    assert per[2].split() == ["baseline", "5.5", "5.0-6.0", "base", "<b>"]
    best = t.table(["wall"], stat="min", unit="s", digits=3).splitlines()
    assert "best of wall time" in best[0] and best[3].split()[-2:] == ["0.020", "2.00"]


def test_command_rows_run_a_process_and_cpu_counts_the_child(timing):
    spin = timing.command([sys.executable, "-c", "print('thrown away')"], cwd=ROOT)
    t = timing.interleave({"child": spin}, rounds=1, record=False)
    assert t.commands == {"child": [sys.executable, "-c", "print('thrown away')"]}
    assert len(t.series("child", "wall")) == 1 and t.series("child", "cpu")[0] > 0  # the child's CPU is counted


def test_save_json_writes_every_recorded_table(timing, tmp_path, monkeypatch):
    monkeypatch.setattr(timing, "RECORDED", [])
    wall = FakeClock()

    def row():
        wall.now += 1

    timing.interleave({"a": row, "b": row}, rounds=2, baseline="a", title="t1", clocks={"wall": wall})
    timing.save_json(None)  # no --json: nothing written, no error
    out = tmp_path / "out.json"
    timing.save_json(out, size_kib=12)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["figures"] == {"size_kib": 12}
    (table,) = doc["tables"]
    assert table["title"] == "t1" and table["rounds"] == 2
    assert table["rows"]["b"]["median_s"] == {"wall": 1} and table["rows"]["b"]["ratio"] == {"wall": 1}
    assert table["rows"]["a"]["samples_s"] == {"wall": [1, 1]} and "ratio" not in table["rows"]["a"]


def test_no_benchmark_keeps_its_own_timing_loop():
    """The loop lives in _timing.py: no benchmark takes medians or reads the clock itself for its
    interleaved runs (bench_size measures sizes, not times)."""
    for path in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        text = path.read_text(encoding="utf-8")
        assert "statistics.median" not in text, path.name
        assert "from _timing import" in text or path.name == "bench_size.py", path.name


def test_every_benchmark_still_parses_its_options():
    for path in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        proc = subprocess.run([sys.executable, str(path), "--help"], cwd=ROOT, capture_output=True, text=True,
                              timeout=120)
        assert proc.returncode == 0, path.name + proc.stderr
        assert "usage:" in proc.stdout, path.name
