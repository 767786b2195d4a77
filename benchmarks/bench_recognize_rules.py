"""Recognition + rules in process, the rooms issue 10 split (tables per table, rules reading phrases
from core.formats), against reading the same documents — interleaved runs, medians, ratio.

    python benchmarks/bench_recognize_rules.py [--runs 30] [--root DIR]

``--root`` runs another tree's core (e.g. the main branch) with the same fixtures, for a before/after
on one machine in one sitting: compare the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _timing import add_json_option, interleave, save_json

HERE = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--root", type=Path, default=HERE)
    add_json_option(ap)
    args = ap.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    from core.readers import read_document
    from core.recognize import recognize
    from core.rules import run_rules
    from tests.fixtures.docx_builder import build_docx
    from tests.fixtures.seeds import SEEDS

    with tempfile.TemporaryDirectory() as d:
        paths = [build_docx(spec, Path(d) / f"{k}.docx") for k, spec in SEEDS.items()]
        docs = [read_document(p) for p in paths]

        def read():
            for p in paths:
                read_document(p)

        def check():
            for doc in docs:
                run_rules(recognize(doc))

        t = interleave({"read": read, "recognize + rules": check}, args.runs, baseline="read",
                       title=f"root {args.root}: {len(docs)} seeds")
    print(t.table(digits=2, ratio_digits=3))
    save_json(args.json)


if __name__ == "__main__":
    main()
