"""Command line: ``python -m core check FILE...`` and ``python -m core export FILE -o OUT``.

Only argument parsing and printing live here; the work is done by ``core.check`` and ``core.export``.
Exit status of ``check``: 0 no errors, 1 errors found, 2 a file could not be read, 3 the program
itself failed (an unexpected exception: a message, never a traceback), 130 interrupted.
The parser speaks Chinese, argparse's own words included (core/zh_argparse.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__


def expand_paths(paths):
    """Folders → their .docx/.xlsx files (lives in core.batch, imported only when needed: the
    multiprocessing machinery costs more than a whole single-file check)."""
    from .batch import expand_paths as _expand

    return _expand(paths)
from .findings import SEVERITY_ZH, Finding


def _print_item(item, out) -> None:
    if item.error is not None:
        word = "无法读取" if item.reason != "unexpected" else "无法检查"
        out.write(f"文件：{item.file}\n  {word}：{item.error}\n\n")
        return
    fmt = item.format_name or "未能判断"
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


def _line(f: Finding) -> str:
    where = f" [{f.location}]" if f.location else ""
    return f"  【{SEVERITY_ZH[f.severity]}】{f.code} {f.message}{where}\n"


def _line_json(f: dict) -> str:
    where = f" [{f['location']}]" if f.get("location") else ""
    return f"  【{SEVERITY_ZH.get(f.get('severity'), f.get('severity'))}】{f.get('code')} {f.get('message')}{where}\n"


def cmd_check(args) -> int:
    """Check files and folders; print one result per file in input order (streamed as soon as the
    files before it are done); several files are checked in parallel. With ``--xlsx`` / ``--expected``
    write the summary workbook / list the units with no report for ``--year``.

    Exit status: 0 no errors, 1 errors found, 2 a file could not be read (or an output could not be
    written)."""
    from .batch import UnitsFileError, check_many, load_expected_units, write_batch_outputs
    from .fileio import WriteRefused, same_file

    out = sys.stdout
    units = None
    if getattr(args, "expected", None):
        try:
            units = load_expected_units(args.expected)
        except UnitsFileError as e:
            sys.stderr.write(f"{e}\n")
            return 2
    paths = expand_paths(args.paths)
    xlsx = getattr(args, "xlsx", None)
    if xlsx:  # a summary written into the checked folder is not a report: never check it on a rerun
        paths = [p for p in paths if not same_file(p, Path(xlsx))]
    if not paths:
        sys.stderr.write("没有找到要检查的 .docx / .xlsx 文件。\n")
        return 2

    ready: dict[int, object] = {}
    next_out = [0]

    def emit(done, total, item) -> None:  # print in input order as soon as possible
        ready[item.index] = item
        while next_out[0] in ready:
            it = ready.pop(next_out[0])
            next_out[0] += 1
            if args.json:
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
    status = 0
    if any(getattr(it, "reason", None) in ("unexpected", "crashed") for it in items):
        status = 3  # the checker itself failed on a file: not "errors found", not "unreadable"
    elif any(not it.readable for it in items):
        status = 2
    elif any(it.errors for it in items):
        status = 1
    if xlsx or units is not None:
        try:
            write_batch_outputs(items, xlsx=xlsx, expected=units, out=sys.stderr, year=getattr(args, "year", None))
        except (WriteRefused, UnitsFileError) as e:
            sys.stderr.write(f"{e}\n")
            status = 2
        except OSError as e:
            sys.stderr.write(f"无法写入汇总表「{xlsx}」：{e.strerror or e}\n")
            status = 2
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
    "  standard   标准格式稿：按现行统一格式（2021 年版）重新排版的 Word 文件，填入报告的数值和正文\n"
    "  xlsx       统计表工作簿：三张表按标准格式排好，合计为公式，对不上的合计标红，只能填入数字\n"
    "  blank      空白模板：现行统一格式的空白 Word 文件，旁边另存一份空白 Excel 文件\n"
    "原文件只读取、从不修改；输出文件不能与原文件相同。"
)


def build_parser() -> argparse.ArgumentParser:
    from .zh_argparse import ZhArgumentParser, integer, program_name

    p = ZhArgumentParser(
        prog=program_name("core", ("nianbao-check",)),
        description="检查政府信息公开工作年度报告：六个部分是否齐全、三张统计表的数字是否对得上、"
                    "正文与表格是否一致，并可导出更正后的文件。规则见 docs/RULES.md。",
        epilog=EXIT_CODES,
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}", help="显示版本号并退出")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="检查一个或多个报告（.docx / .xlsx，或文件夹）",
                       description="检查报告，逐个文件列出发现的问题。", epilog=EXIT_CODES)
    c.add_argument("paths", nargs="+", metavar="文件或文件夹",
                   help="要检查的报告（.docx / .xlsx），可以给多个；给文件夹时检查其中所有的报告")
    c.add_argument("--json", action="store_true", help="每个文件输出一行 JSON（供其他程序读取）")
    c.add_argument("--xlsx", metavar="汇总表", help="把批量检查结果写入这个 Excel 文件")
    c.add_argument("--expected", metavar="单位名单", help="应报送单位名单（.txt 或 .xlsx），列出缺报的单位")
    c.add_argument("--year", type=integer, metavar="年度", help="核对报送情况的年度（默认：多数报告的年度）")
    c.add_argument("--workers", type=integer, metavar="进程数", help="同时检查的进程数（默认：CPU 核数）")
    c.set_defaults(func=cmd_check)
    e = sub.add_parser("export", help="导出更正稿、标准格式稿、统计表工作簿或空白模板",
                       description="检查一个报告，并把结果导出到一个新文件。", epilog=EXPORT_KINDS)
    e.add_argument("file", metavar="报告文件", help="要导出的报告（.docx / .xlsx）")
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
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
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
