"""What the archive costs a check: ``check_path`` against ``check_with_archive`` (lookup of last
year's report + the cross-year rules + storing the report) on seed 000, with an archive already
holding ``--entries`` reports — interleaved runs, medians, ratio. Also the archive's size per report,
and what opening it costs (the single check of the command line opens it every time): the cheap
opening of a current archive against the whole-file check (``full_check``, as the archive command
opens it), interleaved.

    python benchmarks/bench_archive.py [--runs 9] [--entries 300]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from _timing import add_json_option, interleave, save_json

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--entries", type=int, default=300)
    add_json_option(ap)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        os.environ["NIANBAO_PROFILE"] = str(Path(d) / "profile")
        from core.archive import Archive, check_with_archive
        from core.check import check_path
        from core.snapshot import file_sha256, snapshot_of
        from tests.engine_helpers import standard_spec
        from tests.fixtures import build_docx
        from tests.fixtures.years import previous_year

        this = standard_spec("000")
        f_this = build_docx(this, Path(d) / "2022.docx")
        f_prev = build_docx(previous_year(this, 2022), Path(d) / "2021.docx")
        arch = Archive()
        r = check_path(f_prev)
        base = snapshot_of(r.report, r.findings, file=f_prev, sha256=file_sha256(f_prev))
        agency = base.agency
        for i in range(args.entries):  # other units and years
            base.agency, base.year, base.sha256 = f"单位{i}", 2015 + i % 8, f"x{i}"
            arch.record(base)
        base.agency, base.year, base.sha256 = agency, 2021, file_sha256(f_prev)
        arch.record(base)
        size = arch.path.stat().st_size
        checks = interleave({"check_path": lambda: check_path(f_this),
                             "check_with_archive": lambda: check_with_archive(f_this, archive=arch)},
                            args.runs, baseline="check_path", title="seed 000 checked")
        res, _ = checks.results["check_with_archive"]
        assert res.crossyear is not None
        wal = Path(str(arch.path) + "-wal")
        arch.close()
        opening = interleave({"open Archive()": lambda: Archive().close(),
                              "open Archive(full_check=True)": lambda: Archive(full_check=True).close()},
                             args.runs, baseline="open Archive()", title="opening the archive")
        wal_size = wal.stat().st_size if wal.exists() else 0  # after the archive is closed
        print(f"archive with {args.entries + 2} reports: {size / 1024:.0f} KiB "
              f"(~{size / (args.entries + 2) / 1024:.1f} KiB per report; WAL {wal_size / 1024:.0f} KiB)")
        added = checks.median("check_with_archive") - checks.median("check_path")
        print(checks.table(extra=lambda k: f"(+{added * 1000:.1f} ms)" if k == "check_with_archive" else ""))
        print(opening.table(digits=2))
        save_json(args.json, archive_bytes=size, reports=args.entries + 2, wal_bytes=wal_size)


if __name__ == "__main__":
    main()
