"""What mapping typo labels costs recognition: seed 003 with six row labels and four column headers
written with a typo, against the same report written correctly — interleaved runs, medians, ratio.
The matcher's memo is cleared before every run (each report is new to it).

    python benchmarks/bench_typos.py [--runs 30]
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
    add_json_option(ap)
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from core.readers import read_document
    from core.recognize import recognize, typos
    from tests.fixtures.docx_builder import build_docx
    from tests.fixtures.seeds import SEEDS
    from tests.test_label_typos import TYPO_COLS, _typo_spec

    spec = _typo_spec()
    for (table, key), (typo, _) in TYPO_COLS.items():
        spec.label_overrides[(table, "col", key)] = typo
    with tempfile.TemporaryDirectory() as d:
        clean = read_document(build_docx(SEEDS["003"], Path(d) / "clean.docx"))
        typo = read_document(build_docx(spec, Path(d) / "typos.docx"))
        recognize(typo)  # the matcher's indexes are built once per process
        t = interleave({"recognize, standard labels": lambda: recognize(clean),
                        "recognize, 10 typo labels": lambda: recognize(typo)},
                       args.runs, baseline="recognize, standard labels", title="typo labels",
                       before_round=lambda i: typos._closest.cache_clear())
    print(t.table(digits=2, ratio_digits=3))
    save_json(args.json)


if __name__ == "__main__":
    main()
