"""Cold start to a shown window: the frozen program (PyInstaller) against the same program from source.

    python benchmarks/bench_startup.py                        # dist/年报核查/ and, if built, the one-file program
    python benchmarks/bench_startup.py --exe [LABEL=]PATH [--exe ...] --runs 5 --json out.json

Each run is a new process started with ``--startup-probe`` (gui.selftest): it sets the application
up as a double-click does (gui.app.create_app, logging), creates the main window, shows it
(offscreen), processes events once, prints the seconds since the process was created and exits.
The wall time is taken with time.perf_counter around subprocess.run, so it includes the process
exit. The variants run interleaved (source, frozen, source, frozen, …) so that a slow moment of
the machine hits all of them alike; one unmeasured warm-up run of each goes first (the numbers are
"new process" cold starts with the files in the OS cache, as a clerk's second start of the day).
Reported: the median and the spread of each.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "年报核查"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""


def default_exes() -> list[Path]:
    found = []
    for candidate in (
        ROOT / "dist" / APP_NAME / f"{APP_NAME}{EXE_SUFFIX}",
        ROOT / "build" / "frozen" / "onedir" / "dist" / APP_NAME / f"{APP_NAME}{EXE_SUFFIX}",
    ):
        if candidate.is_file():
            found.append(candidate)
            break
    for candidate in (
        ROOT / "dist" / (f"{APP_NAME}.exe" if sys.platform == "win32" else f"{APP_NAME}-onefile"),
        ROOT / "build" / "frozen" / "onefile" / "dist" / (f"{APP_NAME}.exe" if sys.platform == "win32"
                                                          else f"{APP_NAME}-onefile"),
    ):
        if candidate.is_file():
            found.append(candidate)
            break
    return found


def run_once(cmd: list[str]) -> tuple[float, float | None]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", timeout=120)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    m = re.search(r"since_process_start=([0-9.]+)", proc.stdout)
    return wall, (float(m.group(1)) if m else None)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--exe", action="append",
                    help="a built program, optionally labelled: [LABEL=]PATH (repeatable)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args(argv)
    exes: list[tuple[str | None, Path]] = []
    for item in args.exe or []:
        label, sep, path = item.partition("=")
        exes.append((label, Path(path)) if sep and "/" not in label and "\\" not in label else (None, Path(item)))
    exes = exes or [(None, exe) for exe in default_exes()]
    if not exes:
        print("no built program found: run `pyinstaller build.spec` (or tools/build_and_selftest.sh) first, "
              "or pass --exe", file=sys.stderr)
        return 2
    variants = {"source": [sys.executable, "-m", "gui.selftest", "--startup-probe"]}
    for label, exe in exes:
        label = label or ("frozen one-file" if exe.parent.name != APP_NAME else "frozen one-folder")
        variants[label] = [str(exe), "--startup-probe"]

    for cmd in variants.values():  # warm-up, not measured
        run_once(cmd)
    walls: dict[str, list[float]] = {k: [] for k in variants}
    inner: dict[str, list[float]] = {k: [] for k in variants}
    for _ in range(args.runs):
        for label, cmd in variants.items():
            wall, since_start = run_once(cmd)
            walls[label].append(wall)
            if since_start is not None:
                inner[label].append(since_start)

    print(f"cold start to a shown window (offscreen), {args.runs} runs each, interleaved; "
          f"{sys.platform}, {os.cpu_count()} cores")
    print(f"{'variant':<20} {'median wall s':>14} {'min':>7} {'max':>7}   {'median in-process s':>20}")
    out = {}
    for label in variants:
        w = walls[label]
        i = inner[label]
        med_i = statistics.median(i) if i else None
        print(f"{label:<20} {statistics.median(w):>14.3f} {min(w):>7.3f} {max(w):>7.3f}   "
              f"{'' if med_i is None else f'{med_i:.3f}':>20}")
        out[label] = {"wall_s": w, "median_wall_s": statistics.median(w), "since_process_start_s": i,
                      "median_since_process_start_s": med_i, "command": variants[label]}
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
