"""The readers against a baseline tree, measured (not asserted): interleaved runs, medians, ratio.

For each input (seed 003 as .docx and .xlsx, a 200-page .docx, a legacy .doc that is refused,
a .docx whose extension lies) a fresh process imports ``core.readers`` from the tree under test
and reads the file N times (CPU time of that process by default: steadier than wall-clock time
on a shared machine); the same is done with the baseline tree (e.g. a ``git archive`` of
the commit before a change), alternating baseline/current on every round.

    git archive <commit> | tar -x -C /tmp/base
    python benchmarks/bench_readers.py --baseline /tmp/base [--rounds 9] [--reads 5]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _timing import Figures, add_json_option, interleave, save_json

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_PROBE = r"""
import json, sys, time
clock = time.{clock}
t0 = clock()
from core.readers import read_document, ReadError
t1 = clock()
times = []
for _ in range({reads}):
    t = clock()
    try:
        read_document({path!r})
    except ReadError:
        pass
    times.append(clock() - t)
print(json.dumps({{"import": t1 - t0, "read": sorted(times)[len(times) // 2], "olefile": "olefile" in sys.modules}}))
"""


def probe(tree: Path, path: Path, reads: int, clock: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree))
    out = subprocess.run([sys.executable, "-c", _PROBE.format(reads=reads, path=str(path), clock=clock)], cwd=tree, env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def inputs(d: Path) -> dict[str, Path]:
    from benchmarks.bench_check import make_long_docx
    from tests import hostile
    from tests.fixtures.docx_builder import build_docx
    from tests.fixtures.seeds import SEEDS
    from tests.fixtures.xlsx_builder import build_xlsx

    return {
        "seed 003 .docx": build_docx(SEEDS["003"], d / "seed003.docx"),
        "seed 003 .xlsx": build_xlsx(SEEDS["003"], d / "seed003.xlsx"),
        "200-page .docx": make_long_docx(d / "long.docx"),
        "encrypted .doc (refused)": hostile.make_doc(d, "加密.doc", encrypted=True),
        "renamed .xlsx→.docx": hostile.make_xlsx_renamed_docx(d),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline", type=Path, required=True, help="a copy of the tree to compare against")
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--reads", type=int, default=5)
    ap.add_argument("--wall", action="store_true",
                    help="wall-clock time instead of the process's CPU time (CPU time is steadier on a shared machine)")
    add_json_option(ap)
    args = ap.parse_args()
    import compileall

    for tree in (ROOT, args.baseline):
        compileall.compile_dir(str(tree / "core"), quiet=1, force=False)
    with tempfile.TemporaryDirectory() as d:
        files = inputs(Path(d))
        clock = "perf_counter" if args.wall else "process_time"
        what = "wall-clock" if args.wall else "CPU"
        print(f"readers, {args.rounds} interleaved rounds × {args.reads} reads per process "
              f"(medians, {what} time of the child process; the import of core.readers apart):")
        for label, path in files.items():
            olefile = {}

            def row(tree, key, path=path, olefile=olefile):
                def fn():
                    r = probe(tree, path, args.reads, clock)
                    olefile[key] = r["olefile"]
                    return Figures(read=r["read"], **{"import": r["import"]})
                return fn

            t = interleave({"baseline": row(args.baseline, "baseline"), "current": row(ROOT, "current")},
                           args.rounds, baseline="baseline", title=f"  {label}")
            print(t.table(["read", "import"], digits=2, indent="    ",
                          extra=lambda k: f"olefile loaded: {olefile[k]}"))
        save_json(args.json)


if __name__ == "__main__":
    main()
