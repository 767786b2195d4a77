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
import sys
import tempfile
from pathlib import Path

from _timing import add_json_option, command, interleave, save_json

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


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
    add_json_option(ap)
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
        whole = interleave({"whole process  check page": command([sys.executable, "-m", "core", "check", page]),
                            "whole process  check docx": command([sys.executable, "-m", "core", "check", docx])},
                           args.runs, baseline={"whole process  check page": "whole process  check docx"},
                           title=f"seed {args.seed}: page {page.stat().st_size / 1024:.0f} KiB (GBK, layout tables, "
                                 f"heavy chrome), .docx {docx.stat().st_size / 1024:.0f} KiB",
                           warmup=1)  # the first run warms the caches
        print(whole.table())
        print(f"  ratio page / docx: {whole.ratio('whole process  check page'):.2f}  (budget 1.5)")

        data = page.read_bytes()
        inproc = interleave({"check_path page": lambda: check_path(page), "check_path docx": lambda: check_path(docx),
                             "reader alone": lambda: read_html(page, data),
                             "bare lxml parse": lambda: lxml_html.document_fromstring(data)},
                            args.runs, baseline={"check_path page": "check_path docx", "reader alone": "bare lxml parse"},
                            title="in-process")
        print(inproc.table())
        print(f"  reader alone vs bare lxml parse: decode + walk + grids add {(inproc.ratio('reader alone') - 1) * 100:.0f} %")
        save_json(args.json)


if __name__ == "__main__":
    main()
