"""Issue 12's web-page budget, measured (not asserted): checking a published report as a saved
portal page costs at most 1.5× checking the same report as .docx.

1. whole process (`python -m core check FILE`), the page vs the .docx of the same seed, interleaved
   runs, medians, ratio;
2. in-process `check_path` of both (read + recognize + rules), interleaved, medians, and the
   reader alone (lxml parse + walk) against lxml's bare parse of the same bytes.

The page is a GBK portal page with nested layout tables and tens of kilobytes of navigation and
script around the report (docs/FORMAT.md §5.1).

    python benchmarks/bench_html.py [--runs 15] [--seed 003]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(cmd) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t


def heavy_chrome() -> str:
    """~40 KB of navigation links and script, as real portal pages carry."""
    links = "".join(f'<li><a href="/col/col{i}/index.html" target="_blank">栏目{i} 政务公开 信息公开目录</a></li>'
                    for i in range(300))
    script = "<script>" + "var m={};" * 2000 + "</script>"
    return f'<div class="sitemap"><ul>{links}</ul></div>{script}'


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--seed", default="003")
    args = ap.parse_args()
    import compileall

    compileall.compile_dir(str(ROOT / "core"), quiet=1, force=False)
    from lxml import html as lxml_html

    from core.check import check_path
    from core.readers.html import read_html
    from tests.fixtures.docx_builder import build_docx
    from tests.fixtures.layouts import Layout
    from tests.fixtures.portal_fixtures import Portal, encode_page, portal_page
    from tests.fixtures.seeds import SEEDS

    spec = SEEDS[args.seed]
    portal = Portal(encoding="gbk", layout_tables=True)
    with tempfile.TemporaryDirectory() as d:
        docx = build_docx(spec, Path(d) / f"seed{args.seed}.docx")
        text = portal_page(spec, Layout(), portal).replace("<body>", "<body>" + heavy_chrome(), 1)
        page = Path(d) / f"seed{args.seed}.html"
        page.write_bytes(encode_page(text, portal))
        a_cmd = [sys.executable, "-m", "core", "check", str(page)]
        b_cmd = [sys.executable, "-m", "core", "check", str(docx)]
        timed(a_cmd), timed(b_cmd)  # warm caches
        a, b = [], []
        for _ in range(args.runs):
            a.append(timed(a_cmd))
            b.append(timed(b_cmd))
        ma, mb = statistics.median(a), statistics.median(b)
        print(f"seed {args.seed}: page {page.stat().st_size / 1024:.0f} KiB (GBK, layout tables, heavy chrome), "
              f".docx {docx.stat().st_size / 1024:.0f} KiB; {args.runs} interleaved runs, medians")
        print(f"  whole process  check page  {ma * 1000:7.1f} ms")
        print(f"  whole process  check docx  {mb * 1000:7.1f} ms")
        print(f"  ratio page / docx: {ma / mb:.2f}  (budget 1.5)")

        ia, ib, ra, rb = [], [], [], []
        data = page.read_bytes()
        for _ in range(args.runs):
            t = time.perf_counter(); check_path(page); ia.append(time.perf_counter() - t)
            t = time.perf_counter(); check_path(docx); ib.append(time.perf_counter() - t)
            t = time.perf_counter(); read_html(page, data); ra.append(time.perf_counter() - t)
            t = time.perf_counter(); lxml_html.document_fromstring(data); rb.append(time.perf_counter() - t)
        mia, mib = statistics.median(ia), statistics.median(ib)
        mra, mrb = statistics.median(ra), statistics.median(rb)
        print(f"  in-process check_path page {mia * 1000:6.1f} ms, docx {mib * 1000:6.1f} ms, ratio {mia / mib:.2f}")
        print(f"  reader alone {mra * 1000:6.1f} ms vs bare lxml parse {mrb * 1000:6.1f} ms "
              f"(decode + walk + grids add {(mra / mrb - 1) * 100:.0f} %)")


if __name__ == "__main__":
    main()
