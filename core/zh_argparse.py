"""argparse in Chinese: the command line of ``nianbao-check`` / ``python -m core`` and of the window
(``python -m gui --help``) speaks only Chinese, argparse's own words included.

argparse takes its words ("usage: ", "positional arguments", "the following arguments are required: %s",
…) from gettext through the module-level names ``argparse._`` and ``argparse.ngettext``. ``ZhArgumentParser``
swaps them for a Chinese table while it builds, parses and prints, and puts them back afterwards, so
no other user of argparse in the same process (pytest, for one) is affected. Sub-parsers are of the
same class. A word missing from the table comes out in English: tests/test_install_cli.py runs
``--help``, a wrong option and missing arguments and fails on any English word.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import threading
from contextlib import contextmanager

_ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "optional arguments": "选项",
    "options": "选项",
    "subcommands": "命令",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r 不是可选的值（可选：%(choices)s）",
    "invalid choice: %(value)r, maybe you meant %(closest)r?": "%(value)r 不是可选的值，是否想输入 %(closest)r？",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "后面需要跟一个值",
    "expected at most one argument": "后面最多跟一个值",
    "expected at least one argument": "后面至少需要跟一个值",
    "expected %s argument": "后面需要跟 %s 个值",
    "expected %s arguments": "后面需要跟 %s 个值",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的%(type)s",
    "ambiguous option: %(option)s could match %(matches)s": "选项不明确：%(option)s 可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "必须提供以下参数之一：%s",
    "ignored explicit argument %r": "多余的值 %r",
    "unexpected option string: %s": "意外的选项：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有命令 %(parser_name)r（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开「%(filename)s」：%(error)s",
    "option '%(option)s' is deprecated": "选项 %(option)s 已不再使用",
    "command '%(parser_name)s' is deprecated": "命令 %(parser_name)s 已不再使用",
    "argument '%(argument_name)s' is deprecated": "参数 %(argument_name)s 已不再使用",
    "(default: %(default)s)": "（默认：%(default)s）",
}

_lock = threading.RLock()
_depth = 0
_saved: tuple = ()


def _gettext(message: str) -> str:
    return _ZH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


@contextmanager
def chinese():
    """argparse speaks Chinese inside this block (re-entrant)."""
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = (getattr(argparse, "_", None), getattr(argparse, "ngettext", None))
            argparse._ = _gettext
            argparse.ngettext = _ngettext
        _depth += 1
        try:
            yield
        finally:
            _depth -= 1
            if _depth == 0:
                argparse._, argparse.ngettext = _saved


def integer(text: str) -> int:
    return int(text)


integer.__name__ = "整数"  # argparse names the type in 「'x' 不是有效的整数」


class ZhHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions and epilogs as written (their line breaks are kept), room for the option names."""

    def __init__(self, prog, indent_increment=2, max_help_position=34, width=None):
        super().__init__(prog, indent_increment=indent_increment, max_help_position=max_help_position, width=width)


class ZhArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", ZhHelpFormatter)
        with chinese():
            super().__init__(*args, **kwargs)

    def add_argument(self, *args, **kwargs):
        if kwargs.get("action") == "version":
            kwargs.setdefault("help", "显示版本号并退出")
        with chinese():
            return super().add_argument(*args, **kwargs)

    def add_subparsers(self, **kwargs):
        kwargs.setdefault("metavar", "命令")
        with chinese():
            return super().add_subparsers(**kwargs)

    def parse_args(self, args=None, namespace=None):
        with chinese():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with chinese():
            return super().parse_known_args(args, namespace)

    def format_usage(self):
        with chinese():
            return super().format_usage()

    def format_help(self):
        with chinese():
            text = super().format_help()
        return _HEADING.sub(r"\1：", text)  # 「选项：」, not argparse's 「选项:」

    def error(self, message):
        with chinese():
            super().error(message)


_HEADING = re.compile(r"^(\S[^\n]*?):$", re.M)


def program_name(module: str, scripts: tuple[str, ...]) -> str:
    """What the program is called in its messages: the installed command's name when started as one
    (``nianbao-check``, ``nianbao-check.exe``), ``python -m <module>`` otherwise."""
    arg0 = sys.argv[0] if sys.argv and sys.argv[0] else ""
    name = os.path.basename(arg0)
    stem = name[:-4] if name.lower().endswith((".exe", ".cmd", ".bat")) else name
    if stem in scripts:
        return stem
    if name in ("__main__.py", "-c", "") or name.endswith(".py"):
        return f"python -m {module}"
    return stem
