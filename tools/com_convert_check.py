"""Windows workflow step: the COM conversion path for real, when Word, WPS or Excel is installed.

It builds the seed fixtures as .docx/.xlsx, has the installed suite save them as .doc/.xls
(FileFormat 0 = wdFormatDocument, 56 = xlExcel8), then checks those old files through the checker
(which converts them back through the same suite) and compares findings and values with the
originals. When no suite is installed it says so plainly and exits 0: a runner without Office
cannot test this path, and that is printed, not hidden.

    python tools/com_convert_check.py
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _sig(res):
    return Counter((f.code, f.severity, tuple((c.table, c.row, c.col) for c in f.cells)) for f in res.findings)


def main() -> int:
    if sys.platform != "win32":
        print("not Windows: the COM path is tested against a test double in tests/test_legacy_convert.py")
        return 0
    from core.readers import convert as conv

    word = [(p, n) for p, n in conv.WORD_SERVERS if conv.com_server_installed(p)]
    excel = [(p, n) for p, n in conv.EXCEL_SERVERS if conv.com_server_installed(p)]
    print("Word-like suites installed:", ", ".join(n for _, n in word) or "none")
    print("Excel-like suites installed:", ", ".join(n for _, n in excel) or "none")
    if not word and not excel:
        print("NO OFFICE SUITE ON THIS RUNNER: the COM conversion was not run for real here.")
        return 0
    from core.check import check_path
    from tests.fixtures.docx_builder import build_docx
    from tests.fixtures.seeds import SEEDS
    from tests.fixtures.xlsx_builder import build_xlsx

    failures = 0
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        jobs = []
        if word:
            for k in ("001", "003"):
                jobs.append((build_docx(SEEDS[k], d / f"r{k}.docx"), ".doc", word[0][0], 0))
        if excel:
            jobs.append((build_xlsx(SEEDS["003"], d / "t003.xlsx", formulas="cached"), ".xls", excel[0][0], 56))
        for src, ext, progid, fmt in jobs:
            old = src.with_suffix(ext)
            app = conv._comtypes_factory(progid)
            try:
                if ext == ".doc":
                    doc = app.Documents.Open(str(src))
                    doc.SaveAs(str(old), fmt)
                    doc.Close(False)
                else:
                    app.DisplayAlerts = False
                    wb = app.Workbooks.Open(str(src))
                    wb.SaveAs(str(old), fmt)
                    wb.Close(False)
            finally:
                app.Quit()
            a, b = check_path(src), check_path(old)
            same = _sig(a) == _sig(b)
            print(f"{old.name}: converted by {b.document.converted.program if b.document.converted else '?'}; "
                  f"findings {'same' if same else 'DIFFERENT'} ({a.errors} errors)")
            failures += not same
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
