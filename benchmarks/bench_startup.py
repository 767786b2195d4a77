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
import os
import re
import subprocess
import sys
from pathlib import Path

from _timing import WALL, Figures, add_json_option, interleave, save_json

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


def run_once(cmd: list[str]) -> Figures:
    """One start; the wall time around it is taken by _timing, the seconds the program printed
    since its process was created are returned (none if it printed none)."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    m = re.search(r"since_process_start=([0-9.]+)", proc.stdout)
    return Figures(in_process=float(m.group(1))) if m else Figures()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--exe", action="append",
                    help="a built program, optionally labelled: [LABEL=]PATH (repeatable)")
    ap.add_argument("--runs", type=int, default=5)
    add_json_option(ap, help="also write the figures to this file")
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

    t = interleave({label: (lambda cmd=cmd: run_once(cmd)) for label, cmd in variants.items()}, args.runs,
                   baseline="source", warmup=1,  # one unmeasured start of each first
                   title=f"cold start to a shown window (offscreen), {sys.platform}, {os.cpu_count()} cores")
    print(t.table([WALL, "in_process"], unit="s", digits=3, spread=True))
    save_json(args.json, commands=variants)
    return 0


if __name__ == "__main__":
    sys.exit(main())
