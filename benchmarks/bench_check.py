"""Issue 2's performance budget, measured (not asserted):

1. checking seed 003 as .docx end to end, whole process (`python -m core check FILE`), against
   `python -c "import docx; docx.Document(path)"` on the same file — interleaved runs, medians;
2. a 200-page .docx with the tables at the end, checked in-process and as a whole process.

    python benchmarks/bench_check.py [--runs 15] [--other DIR ...]

``--other DIR`` also times ``python -m core check`` of another source tree (e.g. ``git worktree add
/tmp/before main``) in the same interleaved runs: a before/after comparison on one machine state.

The check uses the archive, as a clerk's does (its own profile folder here). From the second run on,
seed 003 is an unchanged file the archive already holds, which is not written again; the line "new
file" checks, in the same interleaved runs, a copy with other bytes each time (a zip comment), so
the archive stores it: that is a first check of a draft, with the wait for the disk.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _timing import add_json_option, command, interleave, save_json

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_long_docx(path: Path, pages: int = 200) -> Path:
    """Seed 003 with ~200 pages of narrative text in section 一, the tables at the end."""
    from tests.engine_helpers import standard_spec
    from tests.fixtures.docx_builder import build_docx

    spec = standard_spec("003")
    filler = spec.sections[0].paragraphs
    # ~25 paragraphs of ~100 characters make one A4 page of 仿宋 body text
    spec.sections[0].paragraphs = [filler[i % len(filler)] for i in range(pages * 25)]
    return build_docx(spec, path)


def _copy_with_comment(src: Path, dst: Path, i: int) -> Path:
    """The same document with other bytes (a zip comment): a file the archive has not seen."""
    import shutil
    import zipfile

    shutil.copyfile(src, dst)
    with zipfile.ZipFile(dst, "a") as z:
        z.comment = f"copy {i}".encode()
    return dst


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--other", action="append", default=[], metavar="DIR",
                    help="another source tree to time in the same runs (before/after)")
    add_json_option(ap)
    args = ap.parse_args()
    from tests.fixtures.docx_builder import build_docx
    from tests.fixtures.seeds import SEEDS

    # An installed package (pip compiles .pyc on install) and the frozen program carry bytecode;
    # python-docx's is compiled in site-packages. Compile ours too, or PYTHONDONTWRITEBYTECODE (set
    # in some shells) makes every run recompile the core from source and measures the compiler.
    import compileall
    import os

    compileall.compile_dir(str(ROOT / "core"), quiet=1, force=False)
    env_note = " (PYTHONDONTWRITEBYTECODE is set: bytecode compiled beforehand)" if os.environ.get(
        "PYTHONDONTWRITEBYTECODE") else ""
    with tempfile.TemporaryDirectory() as d:
        os.environ["NIANBAO_PROFILE"] = str(Path(d) / "profile")  # not the user's archive
        seed = build_docx(SEEDS["003"], Path(d) / "seed003.docx")
        check = [sys.executable, "-m", "core", "check", str(seed)]
        fresh = [_copy_with_comment(seed, Path(d) / f"new{i}.docx", i) for i in range(args.runs + 1)]
        base = [sys.executable, "-c", f"import docx; docx.Document({str(seed)!r})"]
        others = [Path(o).resolve() for o in args.other]
        for o in others:
            compileall.compile_dir(str(o / "core"), quiet=1, force=False)
        new_files = iter(fresh)

        def check_new():  # a copy the archive has not seen, each run
            command(check[:-1] + [next(new_files)])()

        rows = {"import docx; docx.Document()": command(base), "python -m core check": command(check),
                "new file (stored in the archive)": check_new}
        rows.update({f"{o}: python -m core check": command(check, cwd=o) for o in others})
        # check, base, new (each file's first run warms the file cache), others: the former order
        order = ["python -m core check", "import docx; docx.Document()", "new file (stored in the archive)"]
        t = interleave([(k, rows[k]) for k in order + [k for k in rows if k not in order]], args.runs,
                       baseline="import docx; docx.Document()", warmup=1,
                       title=f"seed 003 .docx, whole process{env_note}")
        print(t.table())
        print(f"  ratio check / python-docx open: {t.ratio('python -m core check'):.2f}  "
              f"(goal 1.2, issue 11; budget 1.5, issue 2)")

        from core.check import check_path

        long = make_long_docx(Path(d) / "long.docx")
        from core.readers import read_document

        doc = read_document(long)
        paras = len(doc.paragraphs)
        size = long.stat().st_size
        big = interleave({"check_path in-process": lambda: check_path(long),
                          "python -m core check": command([sys.executable, "-m", "core", "check", long])}, 5,
                         title=f"200-page .docx ({paras} paragraphs, {size / 1024:.0f} KiB, tables at the end)")
        r = big.results["check_path in-process"]
        print(big.table(digits=0, extra=lambda k: "(budget 1000 ms)" if k == "python -m core check" else ""))
        print(f"  findings: {[f.code for f in r.findings]}")
        save_json(args.json)


if __name__ == "__main__":
    main()
