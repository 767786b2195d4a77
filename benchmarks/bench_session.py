"""What the edit session costs the clerk, measured (not asserted): interleaved runs, medians, each
against a baseline measured in the same run.

1. one edit: ``CheckSession.set_cell`` (recheck + for an .xlsx the formulas evaluated again)
   against a bare ``CheckResult.recheck`` of the same edit, on a .docx and on an .xlsx whose
   totals are =SUM(...);
2. "apply all": ``CheckSession.plan_all`` (each suggestion rechecked, kept only if it helps)
   against the former algorithm (every suggestion taken, round by round) on a report with two
   wrong cells and on one whose 总计 column is blank.

    python benchmarks/bench_session.py [--runs 15]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _timing import add_json_option, interleave, save_json

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def old_apply_all(result, rounds: int = 4) -> dict:
    """The former "apply all" (the window's and core.export.suggested_edits' before the session):
    the first suggestion per cell, round by round, none ever dropped."""
    from core.numbers import as_text

    edits: dict = {}
    current = result
    for _ in range(rounds):
        new = {}
        for f in current.findings:
            if f.suggested is None or f.target is None:
                continue
            key = (f.target.table, f.target.row, f.target.col)
            if key in edits or key in new or result.report.cell(*key) is None:
                continue
            new[key] = as_text(f.suggested)
        if not new:
            break
        edits.update(new)
        current = result.recheck(edits)
    return edits


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    add_json_option(ap)
    args = ap.parse_args()
    from core.check import check_path
    from core.session import CheckSession
    from tests.engine_helpers import standard_spec
    from tests.fixtures.docx_builder import build_docx
    from tests.fixtures.spec import t3_rows
    from tests.fixtures.xlsx_builder import build_xlsx

    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        spec = standard_spec("000")
        docx = check_path(build_docx(spec, d / "clean.docx"))
        xlsx = check_path(build_xlsx(spec, d / "sums.xlsx", formulas="cached"))
        key = ("三", "granted", "natural")
        text = str(int(spec.t3[key[1:]]) + 4)
        print("1. one edit")
        for name, result in (("docx", docx), (".xlsx with =SUM totals", xlsx)):
            session = CheckSession(result)

            def edit(session=session):
                session.set_cell(key, text)
                session.set_cell(key, spec.t3[key[1:]])

            def bare(result=result):
                result.recheck({key: text})
                result.recheck({})

            t = interleave({"bare recheck": bare, "session": edit}, args.runs, baseline="bare recheck",
                           title=f"   {name}")
            print(t.table(per=2, per_label="edit", indent="     "))

        faulty = spec.copy()
        faulty.t3[("granted", "natural")] = str(int(faulty.t3[("granted", "natural")]) + 3)
        faulty.t4[("review", "total")] = str(int(faulty.t4[("review", "total")]) + 2)
        blank = spec.copy()
        grand = blank.t3[("total", "total")]
        for row in t3_rows("2021"):
            blank.t3[(row, "total")] = ""
        blank.t3[("total", "total")] = grand
        print("2. apply all")
        for name, s in (("two wrong cells", faulty), ("blank 总计 column", blank)):
            result = check_path(build_docx(s, d / f"{name}.docx"))
            plan = CheckSession(result).plan_all()
            old = old_apply_all(result)
            t = interleave({"former": lambda r=result: old_apply_all(r),
                            "plan_all": lambda r=result: CheckSession(r).plan_all()},
                           args.runs, baseline="former", title=f"   {name}")
            after = {"plan_all": (len(plan), result.recheck({p.key: p.new for p in plan}).errors),
                     "former": (len(old), result.recheck(old).errors)}
            print(t.table(digits=0, indent="     ",
                          extra=lambda k: f"{after[k][0]} cells, errors {result.errors} → {after[k][1]}"))
    save_json(args.json)


if __name__ == "__main__":
    main()
