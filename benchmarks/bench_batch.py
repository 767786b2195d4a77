"""Benchmark of batch checking: 200 reports checked in one process vs in parallel.

    python benchmarks/bench_batch.py [N] [--workers W] [--keep DIR]

The corpus is generated from the five seeds (tests/fixtures) with variations: unit names of a
district in the titles, years, layouts (merges undone, split tables, full-width digits …), some
numbers changed so that the identities fail, one report in seven as an .xlsx, and a few broken
files (empty, a .doc renamed .docx, a truncated zip). No timing is asserted anywhere; this script
only prints the figures.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from _timing import Figures, add_json_option, interleave, save_json

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

UNITS = [
    "区政府办公室", "区发展和改革委员会", "区教育委员会", "区科学技术和信息化局", "区民族宗教事务办公室",
    "区公安分局", "区民政局", "区司法局", "区财政局", "区人力资源和社会保障局", "区规划和自然资源委员会分局",
    "区生态环境局", "区住房和城乡建设委员会", "区城市管理委员会", "区交通局", "区水务局", "区农业农村局",
    "区商务局", "区文化和旅游局", "区卫生健康委员会", "区退役军人事务局", "区应急管理局", "区审计局",
    "区国有资产监督管理委员会", "区市场监督管理局", "区统计局", "区体育局", "区医疗保障局", "区园林绿化局",
    "区政务服务管理局", "区信访办", "区档案馆", "区残疾人联合会", "区经济和信息化局", "区金融服务办公室",
    "区人民防空办公室", "区城市管理综合行政执法局", "区消防救援支队", "区税务局", "区气象局",
    "泉河街道办事处", "龙山街道办事处", "怀柔镇人民政府", "雁栖镇人民政府", "庙城镇人民政府",
    "北房镇人民政府", "杨宋镇人民政府", "桥梓镇人民政府", "怀北镇人民政府", "汤河口镇人民政府",
    "渤海镇人民政府", "九渡河镇人民政府", "琉璃庙镇人民政府", "宝山镇人民政府", "长哨营满族乡人民政府",
    "喇叭沟门满族乡人民政府", "区科学城管委会", "区融媒体中心", "区机关事务服务中心", "区投资促进服务中心",
]


def make_corpus(folder: Path, n: int = 200, seed: int = 7) -> list[Path]:
    """Write ``n`` report files into ``folder`` (one sub-folder per year); return their paths."""
    from tests import hostile
    from tests.fixtures import LAYOUT_VARIANTS, build_docx, build_xlsx, load_seed

    rng = random.Random(seed)
    layouts = list(LAYOUT_VARIANTS.values())
    folder.mkdir(parents=True, exist_ok=True)
    seeds = ["000", "002", "003", "004", "001"]
    weights = [4, 3, 3, 2, 1]
    specs = {k: load_seed(k) for k in seeds}
    years = {"000": 2022, "002": 2022, "003": 2024, "004": 2020, "001": 2018}
    paths: list[Path] = []
    broken = {n // 3: "empty", n // 2: "doc", (2 * n) // 3: "truncated"}
    for i in range(n):
        unit = UNITS[i % len(UNITS)]
        sub = folder / str(2022 + (i // len(UNITS)) % 3)
        sub.mkdir(exist_ok=True)
        stem = f"{i:03d}-{unit}"
        if i in broken:
            kind = broken[i]
            if kind == "empty":
                p = hostile.make_empty(sub, f"{stem}.docx")
            elif kind == "doc":
                p = hostile.make_doc(sub, f"{stem}.docx")
            else:
                p = hostile.make_truncated_docx(sub, f"{stem}.docx")
            paths.append(p)
            continue
        key = rng.choices(seeds, weights)[0]
        spec = specs[key].copy()
        year = years[key]
        agency = "北京市怀柔区" + unit[1:] if unit.startswith("区") else "北京市怀柔区" + unit
        spec.title_lines = [f"{agency}{year}年政府信息公开工作年度报告"] + spec.title_lines[1:]
        if spec.t3 and rng.random() < 0.35:  # a typing error: the identities of 表三 fail
            k = rng.choice(sorted(spec.t3))
            try:
                spec.t3[k] = str(int(spec.t3[k]) + rng.randint(1, 9))
            except ValueError:
                pass
        if i % 7 == 3:
            p = build_xlsx(spec, sub / f"{stem}{year}年报表.xlsx", sheets=rng.choice(["one", "three"]))
        else:
            p = build_docx(spec, sub / f"{stem}{year}年政府信息公开工作年度报告.docx", rng.choice(layouts))
        paths.append(p)
    return paths


def _run(paths, workers: int, in_thread: bool = False, fresh_pool: bool = False) -> tuple[float, list]:
    """Time one batch. ``in_thread``: run it from a background thread, as the window does (on
    Linux the pool then uses ``forkserver`` instead of ``fork``). ``fresh_pool``: start new worker
    processes for this batch (and stop them after it) instead of the program's kept pool, as every
    batch did before the pool was kept."""
    import threading

    from core.batch import WorkerPool, check_many

    out: dict = {}

    def go():
        t0 = time.perf_counter()
        if fresh_pool:
            with WorkerPool(workers) as pool:
                out["items"] = check_many(paths, workers=workers, pool=pool)
        else:
            out["items"] = check_many(paths, workers=workers)
        out["t"] = time.perf_counter() - t0

    if in_thread:
        th = threading.Thread(target=go)
        th.start()
        th.join()
    else:
        go()
    return out["t"], out["items"]


def _small_batches(paths, workers: int, runs: int) -> None:
    """The window's case: consecutive small batches (10 files), with new worker processes each
    time vs the kept pool. Interleaved runs, medians."""
    from core.batch import shutdown_pool

    small = paths[:10]
    _run(small, workers, in_thread=True)  # the kept pool exists from here on
    t = interleave({"每批新建进程": lambda: Figures(check_many=_run(small, workers, in_thread=True, fresh_pool=True)[0]),
                    "沿用进程池": lambda: Figures(check_many=_run(small, workers, in_thread=True)[0])},
                   runs, baseline="每批新建进程", title=f"连续小批量（{len(small)} 个文件，后台线程）")
    shutdown_pool()
    f, k = t.median("每批新建进程", "check_many"), t.median("沿用进程池", "check_many")
    print(t.table(["check_many"], unit="s", digits=2))
    print(f"  节省 {f - k:4.2f} 秒/批")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=200)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--repeat", type=int, default=2, help="runs of each mode; the best is shown")
    ap.add_argument("--keep", metavar="DIR", help="generate the corpus into DIR and keep it")
    add_json_option(ap)
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench_batch_") as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp)
        t0 = time.perf_counter()
        make_corpus(folder, args.n)
        from core.batch import check_one, expand_paths

        paths = expand_paths([folder])
        print(f"生成 {len(paths)} 个文件：{time.perf_counter() - t0:.1f} 秒（{folder}）")
        check_one(0, paths[0])  # warm up: imports and caches, so that no mode pays for them
        modes = [("单进程", 1, False), (f"并行 {args.workers} 进程", args.workers, False),
                 (f"并行 {args.workers} 进程（后台线程，同窗口）", args.workers, True)]
        reference = None
        last: list = []

        def mode(label, workers, in_thread):
            def fn():
                nonlocal reference
                t, items = _run(paths, workers, in_thread)
                last[:] = items
                js = [i.to_json() for i in items]
                if reference is None:
                    reference = js
                if js != reference:
                    diff = [a["file"] for a, b in zip(reference, js) if a != b]
                    raise SystemExit(f"{label}: {len(diff)} results differ from the first run, e.g. {diff[:3]}")
                return Figures(check_many=t)
            return fn

        whole = interleave({label: mode(label, workers, in_thread) for label, workers, in_thread in modes},
                           args.repeat, baseline="单进程", title="整批核查")
        _small_batches(paths, args.workers, max(3, args.repeat * 2))
        n = len(paths)
        bad = sum(1 for i in last if not i.readable)
        err = sum(1 for i in last if i.readable and i.errors)
        print(f"文件：{n}（其中 {err} 个有错误，{bad} 个无法读取）；CPU 核数：{os.cpu_count()}")
        t1 = whole.best("单进程", "check_many")

        def speed(label):
            t = whole.best(label, "check_many")
            return f"{n / t:7.1f} 个/秒" + (f"  加速比 {t1 / t:.2f}×" if label != "单进程" else "")

        print(whole.table(["check_many"], unit="s", digits=2, stat="min", extra=speed))
        save_json(args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
