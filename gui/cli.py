"""The window's command line: ``python -m gui`` / ``nianbao-checker`` / 年报核查.exe.

``--help`` and ``--version`` print (in Chinese) and exit before Qt is even imported; a mistyped
``--option`` is an error (exit status 2) instead of a window that silently ignores it. Qt's own
single-dash options (``-style fusion``, ``-platform offscreen`` …) are left to Qt.
"""

from __future__ import annotations

import argparse

from core import __version__
from core.zh_argparse import ZhArgumentParser, program_name

SCRIPTS = ("nianbao-checker", "年报核查")


def build_parser() -> argparse.ArgumentParser:
    p = ZhArgumentParser(
        prog=program_name("gui", SCRIPTS),
        description="打开政府信息公开工作年度报告核查窗口：打开报告，查看每个问题所在的单元格，"
                    "改正、打印并导出。",
        epilog="不带参数时打开空白窗口，可以把报告文件拖进窗口。原文件只读取、从不修改。",
        allow_abbrev=False,
    )
    p.add_argument("files", nargs="*", metavar="报告文件", help="启动后打开的报告（.docx / .xlsx / .pdf / 网页，旧版 .doc / .xls 先自动转换），可以给多个")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}", help="显示版本号并退出")
    p.add_argument("--self-test", action="store_true",
                   help="自检：不打开窗口，核对自带的示例报告、试做每一种导出，结果写入日志后退出"
                        "（退出码 0 表示全部通过）")
    p.add_argument("--self-test-log", metavar="日志文件", help="自检结果写到这个文件（默认：用户目录下的日志文件夹）")
    p.add_argument("--save-summary", nargs=2, metavar=("报告文件", "输出文件"),
                   help="不打开窗口，检查报告并把检查结果（与窗口“保存检查报告为 PDF”相同）保存为 PDF 后退出"
                        "（退出码 0 表示已保存，2 表示报告无法读取）")
    p.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)
    return p


def early_exit(argv: list[str]) -> int | None:
    """Handle ``--help``, ``--version`` and mistyped options: print, and return the exit status.
    ``None``: nothing to do here, start the program."""
    if not any(a.startswith("--") or a == "-h" for a in argv):
        return None  # the common case (no option, or only Qt's): argparse is not even built
    p = build_parser()
    try:
        _args, rest = p.parse_known_args(argv)
        unknown = [a for a in rest if a.startswith("--")]
        if unknown:
            p.error("无法识别的参数：" + " ".join(unknown))
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else 2
    return None
