"""Command line: ``python -m core check FILE...`` and ``python -m core export FILE -o OUT``.

Only argument parsing and printing live here; the work is done by ``core.check`` and ``core.export``.
Exit status of ``check``: 0 no errors, 1 errors found, 2 a file could not be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .findings import SEVERITY_ZH, Finding

SUFFIXES = {".docx", ".docm", ".dotx", ".dotm", ".xlsx", ".xlsm", ".xltx", ".xltm"}


def expand_paths(paths: list[str]) -> list[Path]:
    """Files as given; folders (recursively) give every .docx/.xlsx under them, lock files skipped."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUFFIXES and not f.name.startswith("~$"):
                    out.append(f)
        else:
            out.append(p)
    return out


def _print_text(result, out) -> None:
    r = result.report
    fmt = r.format.name if r.format else "未能判断"
    who = r.agency or "（未找到机关名称）"
    year = f"{r.year} 年度" if r.year else "（年份未知）"
    out.write(f"文件：{result.path}\n")
    out.write(f"报告：{who} {year} · 格式：{fmt}\n")
    out.write(f"结果：{result.errors} 个错误，{result.warnings} 个警告，{result.infos} 条提示\n")
    for f in result.findings:
        out.write(_line(f))
    out.write("\n")


def _line(f: Finding) -> str:
    where = f" [{f.location}]" if f.location else ""
    return f"  【{SEVERITY_ZH[f.severity]}】{f.code} {f.message}{where}\n"


def cmd_check(args) -> int:
    from .check import check_path
    from .readers import ReadError

    paths = expand_paths(args.paths)
    if not paths:
        sys.stderr.write("没有找到要检查的 .docx / .xlsx 文件。\n")
        return 2
    status = 0
    out = sys.stdout
    results = []
    for path in paths:
        try:
            result = check_path(path)
        except ReadError as e:
            status = 2
            if args.json:
                out.write(json.dumps({"file": str(path), "error": e.message}, ensure_ascii=False) + "\n")
            else:
                out.write(f"文件：{path}\n  无法读取：{e.message}\n\n")
            results.append((path, e))
            continue
        except Exception as e:  # an unexpected failure on one file never stops the others
            status = 2
            msg = f"检查时发生意外错误（{type(e).__name__}），请将此文件反馈给开发人员。"
            if args.json:
                out.write(json.dumps({"file": str(path), "error": msg}, ensure_ascii=False) + "\n")
            else:
                out.write(f"文件：{path}\n  无法检查：{msg}\n\n")
            results.append((path, e))
            continue
        results.append((path, result))
        if result.errors and status == 0:
            status = 1
        if args.json:
            out.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
        else:
            _print_text(result, out)
        out.flush()
    if getattr(args, "xlsx", None) or getattr(args, "expected", None):
        try:
            from .batch import write_batch_outputs
        except ImportError:  # pragma: no cover
            sys.stderr.write("批量汇总功能不可用。\n")
        else:
            write_batch_outputs(results, xlsx=args.xlsx, expected=args.expected, out=sys.stderr)
    return status


def cmd_export(args) -> int:
    try:
        from .export import export_file
    except ImportError:  # pragma: no cover
        sys.stderr.write("导出功能尚未提供。\n")
        return 2
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


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m core", description="政府信息公开工作年度报告核查")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="检查一个或多个报告（.docx / .xlsx，或文件夹）")
    c.add_argument("paths", nargs="+", metavar="PATH")
    c.add_argument("--json", action="store_true", help="每个文件输出一行 JSON")
    c.add_argument("--xlsx", metavar="OUT", help="把批量检查结果写入 Excel 文件")
    c.add_argument("--expected", metavar="UNITS_FILE", help="应报送单位名单（.txt 或 .xlsx），列出缺报单位")
    c.set_defaults(func=cmd_check)
    e = sub.add_parser("export", help="导出更正后的文件")
    e.add_argument("file")
    e.add_argument("-o", "--output", required=True)
    e.add_argument("--kind", choices=["corrected", "standard", "xlsx", "blank"], default="corrected")
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
    return args.func(args)
