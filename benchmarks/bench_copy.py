"""W-copy: the shingle measure (core.rules.copying) against difflib.SequenceMatcher (autojunk off)
on the seeds' sections — time (interleaved runs, medians) and what each says on a reordered copy.

For every seed, section by section, this year's text is compared with (a) itself, (b) its
paragraphs in reverse order, (c) another seed's section (unrelated). SequenceMatcher's measure is
the share of this year's characters in its matching blocks.

    python benchmarks/bench_copy.py [--runs 7]
"""

from __future__ import annotations

import argparse
import difflib
import statistics
import sys
from pathlib import Path

from _timing import add_json_option, interleave, save_json

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def sequence_ratio(this: list[str], last: list[str]) -> float:
    from core.rules.copying import normalize

    a, _ = normalize(this)
    b, _ = normalize(last)
    if not a:
        return 0.0
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(m.size for m in sm.get_matching_blocks() if m.size >= 12) / len(a)


def shingle_ratio(this: list[str], last: list[str]) -> float:
    from core.rules.copying import measure

    return measure("", this, last).ratio


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    add_json_option(ap)
    args = ap.parse_args()
    from tests.fixtures.seeds import SEEDS

    cases = []  # (name, this, last)
    keys = ["000", "002", "003", "004"]
    for n, k in enumerate(keys):
        other = SEEDS[keys[(n + 1) % len(keys)]]
        for sec in SEEDS[k].sections:
            if not sec.key or not sec.paragraphs:
                continue
            o = other.section(sec.key)
            cases.append((f"{k}/{sec.key} same", sec.paragraphs, sec.paragraphs))
            cases.append((f"{k}/{sec.key} reordered", list(reversed(sec.paragraphs)), sec.paragraphs))
            if o is not None and o.paragraphs:
                cases.append((f"{k}/{sec.key} unrelated", sec.paragraphs, o.paragraphs))
    chars = sum(len("".join(t)) for _, t, _ in cases)

    def run_all(fn):
        for _, this, last in cases:
            fn(this, last)

    t = interleave({"shingles": lambda: run_all(shingle_ratio), "difflib": lambda: run_all(sequence_ratio)},
                   args.runs, baseline="shingles",
                   title=f"{len(cases)} comparisons, {chars} characters of this year's text")
    print(t.table(extra=lambda k: f"({t.median(k) / len(cases) * 1000:.2f} ms per section)"))
    print(f"  difflib / shingles = {t.ratio('difflib'):.1f}x")
    print("what each measures (mean over the cases of a kind):")
    measured = {}
    for kind in ("same", "reordered", "unrelated"):
        sel = [(t, l) for n, t, l in cases if n.endswith(kind)]
        s = statistics.mean(shingle_ratio(t, l) for t, l in sel)
        d = statistics.mean(sequence_ratio(t, l) for t, l in sel)
        print(f"  {kind:9s} shingles {s * 100:5.1f} %   difflib {d * 100:5.1f} %")
        measured[kind] = {"shingles": s, "difflib": d}
    save_json(args.json, measured_share=measured)


if __name__ == "__main__":
    main()
