"""Starting the program: ``python -m gui [FILE...]`` opens the window (with a report);
``python -m gui --self-test`` runs gui.selftest (for the frozen build) and exits;
``python -m gui --help | --version`` print (in Chinese, gui/cli.py) and exit.

This is the composition root: it wires the windows together (``wire``) so that they need not
import each other. What they share (names, settings, logging, the QApplication) is ``gui.common``;
its names are importable from here too.
"""

from __future__ import annotations

import logging
import sys

from .common import (  # noqa: F401 - the program's shared setup, importable as gui.app.*
    APPLICATION,
    DISPLAY_NAME,
    LOG_NAME,
    ORGANIZATION,
    _qt_messages,
    app_icon,
    create_app,
    install_excepthook,
    QtTextGaps,
    install_translations,
    log_dir,
    log_file,
    provide_window,
    set_names,
    settings,
    settings_dir,
    settings_path,
    setup_logging,
    unexpected_error_text,
)

log = logging.getLogger("gui")


def wire() -> None:
    """Which window opens which: the main window opens the batch window, the batch window opens
    single reports. A build without the batch window simply has no batch menu."""
    from gui.main_window import MainWindow

    provide_window("report", MainWindow)
    try:
        from gui.batch_window import open_batch_window
    except Exception as e:  # noqa: BLE001 - a missing or broken batch window must not end the program
        log.warning("批量检查窗口不可用：%s", e)
        return
    provide_window("batch", open_batch_window)


def _paths(argv: list[str]) -> list[str]:
    return [a for a in argv if not a.startswith("-")]


def main(argv: list[str] | None = None) -> int:
    """Run the program. ``argv`` are the arguments after the program name (default: sys.argv[1:])."""
    from core.batch import freeze_support

    freeze_support()  # a frozen worker process of the batch check turns into a worker here, not a window
    argv = list(sys.argv[1:] if argv is None else argv)
    from gui.cli import early_exit

    code = early_exit(argv)  # --help / --version / a mistyped option: print and exit, no window
    if code is not None:
        return code
    if "--self-test" in argv:
        from gui.selftest import main as selftest

        return selftest(argv)
    if "--save-summary" in argv:
        i = argv.index("--save-summary")
        if len(argv) < i + 3:
            print("用法：--save-summary 报告文件 输出文件", file=sys.stderr)
            return 2
        from gui.summary_cli import save_summary

        return save_summary(argv[i + 1], argv[i + 2])
    app = create_app([a for a in argv if a.startswith("-")])
    setup_logging()
    install_excepthook()
    _qt_messages()
    log.info("启动 %s", DISPLAY_NAME)

    wire()
    from gui.main_window import MainWindow

    window = MainWindow()
    window.show_sized()
    paths = _paths(argv)
    if paths:
        window.open_paths(paths)
    code = app.exec()
    log.info("退出（%s）", code)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
