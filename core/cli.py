"""Command line: ``python -m core check FILE...`` and ``python -m core export FILE -o OUT``.

Only argument parsing and printing live here; the work is done by ``core.check`` and ``core.export``.
Exit status of ``check``: 0 no errors, 1 errors found, 2 a file could not be read, 3 the program
itself failed (an unexpected exception: a message, never a traceback), 130 interrupted.
The parser speaks Chinese, argparse's own words included (core/zh_argparse.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import __version__

# Everything else is imported where it is used: a single-file check pays neither for the batch's
# process pool, the unit lists and the workbook, nor for json, openpyxl, the exporters or (for a
# plain ``check PATH...``) argparse (issue 11 point 6; measured by benchmarks/bench_check.py).


def expand_paths(paths):
    """Folders → their .docx/.xlsx files (see ``core.batch.discovery``)."""
    from .batch.discovery import expand_paths as _expand

    return _expand(paths)


def _print_item(item, out) -> None:
    if item.error is not None:
        word = "无法读取" if item.reason != "unexpected" else "无法检查"
        out.write(f"文件：{item.file}\n  {word}：{item.error}\n\n")
        return
    from .formats import UNKNOWN_FORMAT_NAME

    fmt = item.format_name or UNKNOWN_FORMAT_NAME
    who = item.agency or "（未找到机关名称）"
    year = f"{item.year} 年度" if item.year else "（年份未知）"
    out.write(f"文件：{item.file}\n")
    out.write(f"报告：{who} {year} · 格式：{fmt}\n")
    out.write(f"结果：{item.errors} 个错误，{item.warnings} 个警告，{item.infos} 条提示\n")
    places = item.problem_summary()
    if places:
        out.write(f"问题所在：{places}\n")
    for f in item.findings:
        out.write(_line_json(f))
    out.write("\n")


def _line(f) -> str:
    from .findings import SEVERITY_ZH

    where = f" [{f.location}]" if f.location else ""
    return f"  【{SEVERITY_ZH[f.severity]}】{f.code} {f.message}{where}\n"


def _line_json(f: dict) -> str:
    from .findings import SEVERITY_ZH

    where = f" [{f['location']}]" if f.get("location") else ""
    return f"  【{SEVERITY_ZH.get(f.get('severity'), f.get('severity'))}】{f.get('code')} {f.get('message')}{where}\n"


def cmd_check(args) -> int:
    """Check files and folders; print one result per file in input order (streamed as soon as the
    files before it are done); several files are checked in parallel. With ``--xlsx`` / ``--expected``
    write the summary workbook / list the units with no report for ``--year``.

    Exit status: 0 no errors, 1 errors found, 2 a file could not be read (or an output could not be
    written)."""
    out = sys.stdout
    units = None
    if getattr(args, "expected", None):
        from .batch.units import UnitsFileError, load_expected_units

        try:
            units = load_expected_units(args.expected)
        except UnitsFileError as e:
            sys.stderr.write(f"{e}\n")
            return 2
    single = _single_file(args)
    if single is not None:
        return _check_single(args, single)
    if getattr(args, "previous", None):
        sys.stderr.write("使用 --previous（上年报告）时只能检查一个文件。\n")
        return 2
    from .batch.pool import check_many  # not for one file: it is checked in this process

    paths = expand_paths(args.paths)
    xlsx = getattr(args, "xlsx", None)
    if xlsx:  # a summary written into the checked folder is not a report: never check it on a rerun
        from .fileio import same_file

        paths = [p for p in paths if not same_file(p, Path(xlsx))]
    if not paths:
        sys.stderr.write("没有找到要检查的报告文件（.docx、.xlsx、.pdf、网页或旧版 .doc/.xls）。\n")
        return 2

    ready: dict[int, object] = {}
    next_out = [0]

    def emit(done, total, item) -> None:  # print in input order as soon as possible
        ready[item.index] = item
        while next_out[0] in ready:
            it = ready.pop(next_out[0])
            next_out[0] += 1
            if args.json:
                import json

                out.write(json.dumps(it.to_json(), ensure_ascii=False) + "\n")
            else:
                _print_item(it, out)
            out.flush()

    workers = getattr(args, "workers", None)
    try:
        items = check_many(paths, workers=workers, progress=emit)
    except KeyboardInterrupt:
        sys.stderr.write(f"已中断：检查了 {next_out[0]} / {len(paths)} 个文件。\n")
        return 130
    _crossyear_block(items, args, out)  # a folder holding several years: each unit's consecutive reports
    status = 0
    if any(getattr(it, "reason", None) in ("unexpected", "crashed") for it in items):
        status = 3  # the checker itself failed on a file: not "errors found", not "unreadable"
    elif any(not it.readable for it in items):
        status = 2
    elif any(it.errors for it in items):
        status = 1
    if xlsx or units is not None:
        from .batch.units import UnitsFileError
        from .batch.workbook import write_batch_outputs
        from .fileio import WriteRefused

        try:
            write_batch_outputs(items, xlsx=xlsx, expected=units, out=sys.stderr, year=getattr(args, "year", None))
        except (WriteRefused, UnitsFileError) as e:
            sys.stderr.write(f"{e}\n")
            status = 2
        except OSError as e:
            sys.stderr.write(f"无法写入汇总表「{xlsx}」：{e.strerror or e}\n")
            status = 2
    return status


def _crossyear_block(items, args, out) -> None:
    """After the per-file results: the cross-year findings of each unit's consecutive reports (also
    added to the items, so the summary workbook has them)."""
    from .pairs import add_crossyear

    pairs = add_crossyear(items, copy_threshold=_threshold(args))
    if not pairs:
        return
    import json

    if args.json:
        for item, prev, cy in pairs:
            n = len(cy.findings)
            out.write(json.dumps({"file": item.file, "previous": prev.file, "crossyear": cy.to_json(),
                                  "findings": item.findings[-n:] if n else []}, ensure_ascii=False) + "\n")
        return
    out.write(f"跨年度核对（同一单位相邻两年的报告，共 {len(pairs)} 对）：\n")
    for item, prev, cy in pairs:
        out.write(f"文件：{item.file}\n  上年报告：{prev.file}\n")
        for f in item.findings[-len(cy.findings):]:
            out.write(_line_json(f))
    out.write("\n")


def _single_file(args) -> Path | None:
    """The one file checked in this process (with last year's report and the archive), or None for
    the batch path (several files, a folder, a summary workbook or units list)."""
    if len(args.paths) != 1 or getattr(args, "xlsx", None) or getattr(args, "expected", None):
        return None
    p = Path(args.paths[0])
    return p if p.is_file() else None


def _threshold(args) -> float | None:
    t = getattr(args, "copy_threshold", None)
    return None if t is None else max(0.0, min(100.0, float(t))) / 100


def _check_single(args, path: Path) -> int:
    """One file: checked against ``--previous`` or, when the archive is on, against last year's
    report of the same agency found in it; the report is then archived."""
    from .batch.items import item_from_result
    from .check import read_previous
    from .readers import ReadError

    previous = None
    if args.previous:
        try:
            previous = read_previous(Path(args.previous))
        except ReadError as e:
            sys.stderr.write(f"{e.message}\n")
            return 2
    arch = None
    if not args.no_archive:  # sqlite3 and the archive only when it is used
        from .archive import Archive

        arch = Archive()
    try:
        if arch is None:
            from .check import check_path

            result = check_path(path, previous, copy_threshold=_threshold(args))
        else:
            from .archive import check_with_archive

            result, arch = check_with_archive(path, previous, archive=arch, copy_threshold=_threshold(args))
    except ReadError as e:
        item = item_from_result(0, path, e)
        result = None
    else:
        item = item_from_result(0, path, result)
    if arch is not None and arch.notice and not arch.notice.startswith("本机档案已关闭"):
        sys.stderr.write(f"{arch.notice}\n")
    if arch is not None:
        arch.close()
    out = sys.stdout
    if args.json:
        import json

        data = item.to_json()
        if result is not None and result.crossyear is not None:
            data["crossyear"] = result.crossyear.to_json()
        out.write(json.dumps(data, ensure_ascii=False) + "\n")
    else:
        _print_item(item, out)
    if not item.readable:
        return 2
    return 1 if item.errors else 0


def cmd_archive(args) -> int:
    """``archive list|forget ID|off|on``."""
    import json

    from .archive import Archive, is_enabled, set_enabled

    out = sys.stdout
    if args.action in ("on", "off"):
        out.write(set_enabled(args.action == "on") + "\n")
        return 0
    arch = Archive(respect_off=False, full_check=True)  # maintenance: the whole file is checked too
    if not arch.enabled:
        sys.stderr.write(f"{arch.notice}\n")
        return 2
    try:
        if args.action == "list":
            entries = arch.entries()
            if args.json:
                out.write(json.dumps([e.to_json() for e in entries], ensure_ascii=False) + "\n")
                return 0
            state = "已打开" if is_enabled() else "已关闭（已存的记录仍可查看和删除）"
            out.write(f"本机档案（{arch.path}）{state}，共 {len(entries)} 份报告：\n")
            for e in entries:
                year = f"{e.year} 年度" if e.year else "年份未知"
                out.write(f"  编号 {e.id}：{e.agency or '（未找到机关名称）'} {year} · {e.file_name} · "
                          f"{e.errors} 个错误，{e.warnings} 个警告 · 检查于 {e.checked_at}\n")
            return 0
        if args.id is None:
            sys.stderr.write("请给出要删除的档案编号（见「python -m core archive list」）。\n")
            return 2
        if arch.forget(args.id):
            out.write(f"已从本机档案中删除编号 {args.id} 的记录（报告文件本身不受影响）。\n")
            return 0
        sys.stderr.write(f"本机档案中没有编号 {args.id} 的记录。\n")
        return 2
    finally:
        arch.close()


def cmd_rollup(args) -> int:
    """``rollup FOLDER -o 汇总.xlsx [--json]``."""
    import json

    from .batch.discovery import expand_paths as _expand
    from .fileio import WriteRefused
    from .rollup import rollup, write

    paths = _expand(args.paths)
    out_path = Path(args.output) if args.output else None
    if out_path is not None:
        from .fileio import same_file

        paths = [p for p in paths if not same_file(p, out_path) and not same_file(p, out_path.with_suffix(".docx"))]
    if not paths:
        sys.stderr.write("没有找到要汇总的报告文件（.docx、.xlsx、.pdf、网页或旧版 .doc/.xls）。\n")
        return 2
    ru = rollup(paths, agency=args.agency)
    status = 0
    if ru.format is None:
        sys.stderr.write("没有一份报告可以计入汇总。\n")
        status = 2
    elif out_path is not None:
        try:
            written = write(ru, out_path, sources=paths)
        except (WriteRefused, ValueError) as e:
            sys.stderr.write(f"{e}\n")
            return 2
        except OSError as e:
            sys.stderr.write(f"无法写入汇总文件「{out_path}」：{e.strerror or e}\n")
            return 2
        for w in written:
            sys.stderr.write(f"已写入：{w}\n")
    if args.json:
        sys.stdout.write(json.dumps(ru.to_json(), ensure_ascii=False) + "\n")
    else:
        n_in = sum(1 for u in ru.units if u.included)
        sys.stdout.write(f"汇总 {n_in} / {len(ru.units)} 个单位的报告：\n")
        for u in ru.units:
            mark = "计入" if u.included else "未计入"
            extra = f"（{u.why}）" if u.why else ""
            sys.stdout.write(f"  {mark}：{u.agency or Path(u.file).name} · {Path(u.file).name}{extra}\n")
    return status


def cmd_export(args) -> int:
    from .export import export_file  # an ImportError here is a broken install: main() says so (exit 3)
    from .readers import ReadError

    try:
        written = export_file(Path(args.file), Path(args.output), kind=args.kind)
    except ReadError as e:
        sys.stderr.write(f"无法读取：{e.message}\n")
        return 2
    except (ValueError, OSError) as e:
        sys.stderr.write(f"导出失败：{e}\n")
        return 2
    for w in written if isinstance(written, (list, tuple)) else [written]:
        sys.stdout.write(f"已导出：{w}\n")
    return 0


EXIT_CODES = (
    "退出码：0 没有发现错误；1 发现了错误；2 有文件无法读取（或结果文件无法写入）；\n"
    "        3 程序内部出错，检查没有完成（请把屏幕上的提示发给技术支持人员）；130 被中断。"
)

EXPORT_KINDS = (
    "导出的种类（--kind）：\n"
    "  corrected  更正稿（默认）：原文件的副本，写入检查建议的数值；Word 文件里以修订标记显示，\n"
    "             Excel 文件里改动的单元格标色并加批注\n"
    "  standard   标准格式稿：按现行统一格式（2021 年起）重新排版的 Word 文件，填入报告的数值和正文\n"
    "  xlsx       统计表工作簿：三张表按标准格式排好，合计为公式，对不上的合计标红，只能填入数字\n"
    "  blank      空白模板：现行统一格式的空白 Word 文件，旁边另存一份空白 Excel 文件\n"
    "原文件只读取、从不修改；输出文件不能与原文件相同。"
)


def build_parser() -> "argparse.ArgumentParser":
    from .zh_argparse import ZhArgumentParser, integer, program_name

    p = ZhArgumentParser(
        prog=program_name("core", ("nianbao-check",)),
        description="检查政府信息公开工作年度报告：六个部分是否齐全、三张统计表的数字是否对得上、"
                    "正文与表格是否一致，并可导出更正后的文件。规则见 docs/RULES.md。",
        epilog=EXIT_CODES,
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}", help="显示版本号并退出")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="检查一个或多个报告（.docx / .xlsx / .pdf / 网页，或文件夹）",
                       description="检查报告，逐个文件列出发现的问题。", epilog=EXIT_CODES)
    c.add_argument("paths", nargs="+", metavar="文件或文件夹",
                   help="要检查的报告（.docx / .xlsx / .pdf / 网页，旧版 .doc / .xls 先自动转换），可以给多个；给文件夹时检查其中所有的报告")
    c.add_argument("--json", action="store_true", help="每个文件输出一行 JSON（供其他程序读取）")
    c.add_argument("--xlsx", metavar="汇总表", help="把批量检查结果写入这个 Excel 文件")
    c.add_argument("--expected", metavar="单位名单", help="应报送单位名单（.txt 或 .xlsx），列出缺报的单位")
    c.add_argument("--year", type=integer, metavar="年度", help="核对报送情况的年度（默认：多数报告的年度）")
    c.add_argument("--workers", type=integer, metavar="进程数", help="同时检查的进程数（默认：CPU 核数）")
    c.add_argument("--previous", metavar="上年报告",
                   help="上年度的报告文件：核对两年之间衔接的数字，并计算与上年重复的文字比例")
    c.add_argument("--copy-threshold", type=float, metavar="百分比",
                   help="某部分与上年重复的文字超过这个百分比时给出警告（默认 60）")
    c.add_argument("--no-archive", action="store_true", help="本次不使用本机档案（不存档，也不自动对比上年报告）")
    c.set_defaults(func=cmd_check)
    a = sub.add_parser("archive", help="本机档案：列出、删除记录，打开或关闭档案",
                       description="本机档案保存在用户目录中，只在本机使用，不会上传。")
    a.add_argument("action", choices=["list", "forget", "off", "on"],
                   help="list 列出；forget 删除一条记录；off 关闭档案；on 打开档案")
    a.add_argument("id", nargs="?", type=integer, metavar="编号", help="forget 时要删除的档案编号（见 list）")
    a.add_argument("--json", action="store_true", help="以 JSON 输出记录列表")
    a.set_defaults(func=cmd_archive)
    r = sub.add_parser("rollup", help="把多个单位报告的表二、表三、表四相加（汇总）",
                       description="汇总各单位的统计表：只计入能读取、且该表没有错误的单位，并说明未计入的原因。")
    r.add_argument("paths", nargs="+", metavar="文件夹", help="各单位报告所在的文件夹（或报告文件）")
    r.add_argument("-o", "--output", metavar="汇总文件", help="汇总结果写入这个 .xlsx（同时写出同名的 .docx）")
    r.add_argument("--agency", metavar="机关名称", help="汇总报告标题中的机关名称（默认：各单位汇总）")
    r.add_argument("--json", action="store_true", help="输出一个 JSON 对象：各单位是否计入及原因、汇总后的表格")
    r.set_defaults(func=cmd_rollup)
    e = sub.add_parser("export", help="导出更正稿、标准格式稿、统计表工作簿或空白模板",
                       description="检查一个报告，并把结果导出到一个新文件。", epilog=EXPORT_KINDS)
    e.add_argument("file", metavar="报告文件", help="要导出的报告（.docx / .xlsx / .pdf / 网页，旧版 .doc / .xls 先自动转换）")
    e.add_argument("-o", "--output", required=True, metavar="输出文件",
                   help="导出到这个新文件（已存在的文件会被替换，但不能是原文件）")
    e.add_argument("--kind", choices=["corrected", "standard", "xlsx", "blank"], default="corrected",
                   help="导出的种类，默认 corrected（更正稿）；各种类的说明见下")
    e.set_defaults(func=cmd_export)
    return p


def main(argv: list[str] | None = None) -> int:
    if hasattr(sys.stdout, "reconfigure"):
        try:
            sys.stdout.reconfigure(encoding="utf-8")
            sys.stderr.reconfigure(encoding="utf-8")
        except (ValueError, OSError):  # pragma: no cover
            pass
    import gc

    # A short-lived process that builds many small objects (imports, the document, the report):
    # the default thresholds run the cycle collector hundreds of times for nothing, a few per
    # cent of a single-file check. Cyclic garbage is still collected, less often.
    gc.set_threshold(50_000, 50, 50)
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _plain_check(argv) or build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # the reader of the output went away (``... | head``): stop quietly
        import os

        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # no second error when Python flushes at exit
        except (OSError, ValueError, AttributeError):  # pragma: no cover
            pass
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("已中断。\n")
        return 130
    except Exception as e:  # noqa: BLE001 - a fault of the program, never a traceback for the clerk
        sys.stderr.write(internal_error_text(e))
        return 3


def internal_error_text(e: BaseException) -> str:
    """The message for a fault of the program itself (exit status 3), as opposed to a bad file."""
    detail = str(e).strip()
    return (f"程序内部出错，检查没有完成（{type(e).__name__}{'：' + detail if detail else ''}）。\n"
            "您的文件没有被修改。请把这段提示和出问题的文件一起发给技术支持人员。\n")


class _PlainCheck:
    """The arguments of the commonest command, ``check PATH... [--json]``, read without argparse:
    building the parser (a formatter, its regexes and the message catalogue look-up for every
    option) costs a measurable part of a whole single-file check. Every option not given reads as
    ``None``, as argparse's defaults do (tests/test_cli.py compares the two)."""

    command = "check"

    def __init__(self, paths: list[str], as_json: bool):
        self.paths = paths
        self.json = as_json
        self.func = cmd_check

    def __getattr__(self, name: str):  # only for the attributes not set above
        if name.startswith("__"):
            raise AttributeError(name)
        return None


def _plain_check(argv: list[str]) -> _PlainCheck | None:
    """``check`` followed by paths and at most ``--json``; anything else (another option, a path
    starting with ``-``, ``--help``) goes through argparse."""
    if len(argv) < 2 or argv[0] != "check":
        return None
    paths = [a for a in argv[1:] if a != "--json"]
    if not paths or any(a.startswith("-") for a in paths):
        return None
    return _PlainCheck(paths, len(paths) != len(argv) - 1)
