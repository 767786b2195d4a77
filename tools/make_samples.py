"""Write the sample files bundled in resources/samples/ (run: python tools/make_samples.py).

示例报告-规范.docx
    Seed 000 (北京市怀柔区人民政府 2022, 2021 format) with the six standard section
    headings (一、总体情况 … 六、其他需要报告的事项) and without the stray "0" in the label
    column of 三（四）3.  Every identity holds (R1, R3, R4, R5); a checker should report
    no error.

示例报告-有错误.docx
    Seed 003 (北京市海淀区人民政府 2024, 2021 format) with these known faults:
      1. table 三, row （一）予以公开 (granted), column 商业企业 (commercial): 14 -> 15.
         R4 fails for that row (6 applicant columns sum to 375, 总计 says 374) and
         R3 fails for that column (the outcome rows sum to 44, （七）总计 says 43);
         the cell on the crossing, granted/commercial, is the likely culprit.
         (R1 still holds for the column: 42 + 2 = 43 + 1.)
      2. table 四, 行政复议 总计 (review/total): 423 -> 425.  R5 fails:
         241 + 33 + 63 + 86 = 423, 总计 says 425.
      3. section 五 (存在的主要问题及改进情况): heading and text removed.  S1 fails.
    Inherited from seed 003 itself (not added here): the heading
    "三、收到和处理政府信息公开申请情况" is absent — table 三 stands right after table 二 —
    so a checker reports that heading missing while still finding and checking table 三.

示例报告-表格.xlsx
    Seed 000's three tables, one sheet each (表二 主动公开 / 表三 依申请 / 表四 复议诉讼),
    official merged layout, totals as =SUM(...) formulas with cached values.
    Every identity holds.

The generator lives in tests/fixtures/ and does not use the checker's own code.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fixtures.docx_builder import build_docx  # noqa: E402
from tests.fixtures.layouts import Layout  # noqa: E402
from tests.fixtures.seeds import load_seed  # noqa: E402
from tests.fixtures.spec import SECTION_TITLES, ReportSpec  # noqa: E402
from tests.fixtures.xlsx_builder import build_xlsx  # noqa: E402

OUT = ROOT / "resources" / "samples"
CLEAN_NAME = "示例报告-规范.docx"
FAULTY_NAME = "示例报告-有错误.docx"
XLSX_NAME = "示例报告-表格.xlsx"

# (table, row key, column key, value in the seed, value in the faulty sample)
FAULTY_CELLS = [
    ("三", "granted", "commercial", "14", "15"),
    ("四", "review", "total", "423", "425"),
]
FAULTY_REMOVED_SECTION = "五"


def clean_spec() -> ReportSpec:
    spec = load_seed("000")
    for sec in spec.sections:
        if sec.key in SECTION_TITLES:
            sec.heading = SECTION_TITLES[sec.key]
    spec.stray_cells = []
    return spec


def faulty_spec() -> ReportSpec:
    spec = load_seed("003")
    for table, row, col, old, new in FAULTY_CELLS:
        cells = spec.table_cells(table)
        assert cells[(row, col)] == old, (table, row, col, cells[(row, col)])
        cells[(row, col)] = new
    spec.sections = [s for s in spec.sections if s.key != FAULTY_REMOVED_SECTION]
    return spec


def main(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = [
        build_docx(clean_spec(), out / CLEAN_NAME, Layout(stray=False)),
        build_docx(faulty_spec(), out / FAULTY_NAME, Layout()),
        build_xlsx(load_seed("000"), out / XLSX_NAME, sheets="three", formulas="cached"),
    ]
    for p in written:
        print(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p)
    return written


if __name__ == "__main__":
    main()
