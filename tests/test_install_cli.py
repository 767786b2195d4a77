"""The command lines speak Chinese: ``python -m core`` (``nianbao-check``) and ``python -m gui``
(``nianbao-checker``) — help, version, a wrong option, missing arguments — with no English word
except the names a user types (program, sub-command and option names, the --kind values, file
types); a fault of the program itself is exit status 3 with a Chinese message, never a traceback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "示例报告-有错误.docx"

# words a user may see in the help that are names, not English prose
PRODUCT_WORDS = {"JSON", "PDF", "pdf", "html", "htm", "mht", "LibreOffice", "Excel", "Word", "WPS", "docx", "xlsx", "txt", "CPU", "python", "core", "gui", "m",
                 "nianbao", "check", "checker", "docs", "RULES", "md"}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env["PYTHONUTF8"] = "1"
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run(module: str, *args, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", env=_env(), timeout=120)


def _names(parser) -> set[str]:
    """Every option string, sub-command and choice of a parser and its sub-parsers."""
    import argparse

    names: set[str] = set()
    for action in parser._actions:
        names.update(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                names.add(name)
                names |= _names(sub)
        elif action.choices:
            names.update(str(c) for c in action.choices)
    return names


def _core_names() -> set[str]:
    from core.cli import build_parser

    return _names(build_parser())


def _gui_names() -> set[str]:
    from gui.cli import build_parser

    return _names(build_parser())


def english_words(text: str, allowed: set[str]) -> list[str]:
    words = set()
    for token in sorted(allowed, key=len, reverse=True):  # whole tokens only: "on" is not inside "python"
        text = re.sub(rf"(?<![A-Za-z]){re.escape(token)}(?![A-Za-z])", " ", text)
    for w in re.findall(r"[A-Za-z][A-Za-z_'-]*", text):
        w = w.strip("-'")
        if w and w not in PRODUCT_WORDS and w not in allowed and len(w) > 1:
            words.add(w)
    return sorted(words)


def _core_help_texts() -> list[tuple[str, subprocess.CompletedProcess]]:
    runs = [("--help", run("core", "--help")), ("check --help", run("core", "check", "--help")),
            ("export --help", run("core", "export", "--help"))]
    from core.cli import build_parser
    import argparse

    for action in build_parser()._actions:  # sub-commands added by others are covered too
        if isinstance(action, argparse._SubParsersAction):
            for name in action.choices:
                if name not in ("check", "export"):
                    runs.append((f"{name} --help", run("core", name, "--help")))
    return runs


def test_core_help_is_chinese_and_describes_every_option():
    allowed = _core_names()
    for what, p in _core_help_texts():
        assert p.returncode == 0, (what, p.stderr)
        text = p.stdout
        assert text.startswith("用法：python -m core"), (what, text[:200])
        assert english_words(text, allowed) == [], (what, text)
    export = run("core", "export", "--help").stdout
    for kind in ("corrected", "standard", "xlsx", "blank"):  # the four kinds explained
        assert re.search(rf"^\s+{kind}\s+\S", export, re.M), (kind, export)
    for heading in ("参数：", "选项：", "退出码："):
        assert heading in run("core", "check", "--help").stdout
    assert "3 程序内部出错" in run("core", "--help").stdout


def test_core_every_option_has_a_help_text():
    import argparse

    from core.cli import build_parser

    def walk(parser):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    yield from walk(sub)
            else:
                yield parser.prog, action

    for prog, action in walk(build_parser()):
        assert action.help and action.help is not argparse.SUPPRESS, (prog, action.dest)
        assert english_words(action.help, _core_names()) == [], (prog, action.help)


@pytest.mark.parametrize("args, expected", [
    ((), "缺少必需的参数"),
    (("check",), "缺少必需的参数：文件或文件夹"),
    (("export", "a.docx"), "缺少必需的参数：-o/--output"),
    (("check", "--bogus", "x.docx"), "无法识别的参数：--bogus"),
    (("check", "--year", "abc", "x.docx"), "'abc' 不是有效的整数"),
    (("export", "a.docx", "-o", "b.docx", "--kind", "pdf"), "'pdf' 不是可选的值"),
    (("chek", "a.docx"), "'chek' 不是可选的值"),
    (("check", "--xlsx"), "后面需要跟一个值"),
])
def test_core_errors_are_chinese(args, expected):
    p = run("core", *args)
    assert p.returncode == 2, p.stderr
    assert expected in p.stderr, p.stderr
    assert p.stderr.startswith("用法："), p.stderr
    assert "：错误：" in p.stderr
    assert english_words(p.stderr, _core_names() | {"a.docx", "b.docx", "x.docx", "chek", "abc", "pdf",
                                                     "bogus"}) == [], p.stderr
    assert "Traceback" not in p.stderr


def test_core_version():
    from core import __version__

    p = run("core", "--version")
    assert p.returncode == 0 and p.stdout.strip() == f"python -m core {__version__}"


def test_program_name_follows_how_it_was_started():
    from core.zh_argparse import program_name

    saved = sys.argv[:]
    try:
        for arg0, expected in [("/usr/local/bin/nianbao-check", "nianbao-check"),
                               ("/venv/Scripts/nianbao-check.exe", "nianbao-check"),
                               ("/dist/年报核查/年报核查.exe", "年报核查"),
                               ("/repo/core/__main__.py", "python -m core"), ("-c", "python -m core")]:
            sys.argv = [arg0]
            assert program_name("core", ("nianbao-check",)) == expected, arg0
    finally:
        sys.argv = saved


def test_argparse_is_left_alone_outside_our_parsers():
    """The Chinese words are swapped in only while one of our parsers works: argparse elsewhere in the
    same process (pytest's own, a library's) keeps its own."""
    import argparse

    from core.cli import build_parser

    build_parser().format_help()
    assert argparse._("usage: ") == "usage: "
    assert "usage:" in argparse.ArgumentParser(prog="x").format_help()


@pytest.mark.gui
@pytest.mark.parametrize("arg", ["--help", "-h"])
def test_gui_help_prints_and_exits(arg):
    pytest.importorskip("PySide6")
    p = run("gui", arg)
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("用法：python -m gui"), p.stdout
    assert "--self-test" in p.stdout and "报告文件" in p.stdout
    assert english_words(p.stdout, _gui_names()) == [], p.stdout


@pytest.mark.gui
def test_gui_version_and_wrong_option():
    pytest.importorskip("PySide6")
    from core import __version__

    p = run("gui", "--version")
    assert p.returncode == 0 and p.stdout.strip() == f"python -m gui {__version__}", p.stdout + p.stderr
    p = run("gui", "--no-such-option")
    assert p.returncode == 2
    assert "无法识别的参数：--no-such-option" in p.stderr
    assert english_words(p.stderr, _gui_names() | {"no-such-option"}) == [], p.stderr
    p = run("gui", "--self-test-log")
    assert p.returncode == 2 and "后面需要跟一个值" in p.stderr, p.stderr


BREAK = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == 'core.recognize' or name.startswith('core.recognize.'):
            raise ModuleNotFoundError("No module named 'core.recognize'")
sys.meta_path.insert(0, Block())
from core.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("args", [("check", str(SAMPLE)), ("check", "--json", str(SAMPLE)),
                                  ("export", str(SAMPLE), "-o", "{out}")])
def test_a_broken_install_is_exit_3_not_errors_found(args, tmp_path):
    """A fault of the program (here: a package missing from the install, as issue 11 saw) is neither
    "errors found" (1) nor "export not available": exit 3 with a Chinese message and no traceback."""
    args = [a.replace("{out}", str(tmp_path / "out.docx")) for a in args]
    p = subprocess.run([sys.executable, "-c", BREAK, *args], cwd=tmp_path, capture_output=True, text=True,
                       encoding="utf-8", errors="replace", env=_env(), timeout=120)
    assert p.returncode == 3, (p.returncode, p.stdout, p.stderr)
    assert "Traceback" not in p.stderr + p.stdout
    assert "导出功能尚未提供" not in p.stderr
    out = p.stderr + p.stdout
    assert "程序内部出错" in out or "意外" in out, out
    assert not (tmp_path / "out.docx").exists()
