"""What every window and the self-test share, importing no window: the program's names, where its
settings and log live, logging and the exception hook, the QApplication as the program sets it up
(names, high DPI, Chinese translations of Qt's own dialogs, fonts, icon) — and the registry through
which one window opens another (``provide_window`` / ``window_factory``), so that the main window,
the batch window and the self-test never import each other. ``gui.app`` (the program's entry
point) wires them.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import threading
from pathlib import Path

ORGANIZATION = "NianbaoChecker"
APPLICATION = "nianbao-checker"
DISPLAY_NAME = "政府信息公开工作年度报告核查工具"
LOG_NAME = "nianbao-checker.log"

log = logging.getLogger("gui")
_log_file: Path | None = None
_in_hook = False


def set_names() -> None:
    """Organisation and application names (QSettings and QStandardPaths depend on them)."""
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    try:
        from core import __version__

        QCoreApplication.setApplicationVersion(__version__)
    except ImportError:  # pragma: no cover
        pass


def log_dir() -> Path:
    """Where the log lives: the per-user application data folder (never beside the program)."""
    from PySide6.QtCore import QStandardPaths

    set_names()
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    if not base:  # pragma: no cover - no home folder at all
        import tempfile

        base = os.path.join(tempfile.gettempdir(), APPLICATION)
    return Path(base) / "logs"


def settings_dir() -> Path:
    """Where the settings file lives: the per-user configuration folder."""
    from PySide6.QtCore import QStandardPaths

    set_names()
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppConfigLocation))


def settings_path() -> Path:
    return settings_dir() / "settings.ini"


def log_file() -> Path:
    """The log file's path (set up by ``setup_logging``; computed if it was not called)."""
    return _log_file if _log_file is not None else log_dir() / LOG_NAME


def setup_logging(level: int = logging.INFO) -> Path:
    global _log_file
    path = log_dir() / LOG_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:  # a read-only profile: log nowhere rather than fail to start
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    _log_file = path
    return path


def unexpected_error_text(what: str = "程序遇到了一个意外错误") -> str:
    return (
        f"{what}。您的原文件没有被修改，可以继续使用本程序。\n\n"
        f"错误的详细信息已记录在日志文件中：\n{log_file()}\n\n"
        "如果问题反复出现，请把这个日志文件和出问题的报告文件一起发给技术支持人员。"
    )


def _excepthook(etype, value, tb) -> None:
    global _in_hook
    if issubclass(etype, KeyboardInterrupt):
        sys.__excepthook__(etype, value, tb)
        return
    log.critical("未处理的异常", exc_info=(etype, value, tb))
    if _in_hook:
        return
    _in_hook = True
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox

        app = QApplication.instance()
        if app is not None:
            QMessageBox.critical(app.activeWindow(), "程序出错", unexpected_error_text())
        else:  # pragma: no cover
            sys.__excepthook__(etype, value, tb)
    except Exception:  # pragma: no cover - never fail inside the hook
        pass
    finally:
        _in_hook = False


def install_excepthook() -> None:
    sys.excepthook = _excepthook

    def thread_hook(args):  # pragma: no cover - exceptions in plain Python threads
        log.critical("线程中未处理的异常", exc_info=(args.exc_type, args.exc_value, args.exc_traceback))

    threading.excepthook = thread_hook


def _qt_messages() -> None:
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("qt")
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(mode, _context, message):
        qt_log.log(levels.get(mode, logging.WARNING), message)

    qInstallMessageHandler(handler)


def install_translations(app) -> list:
    """Qt's own texts (standard buttons, file and print dialogs) in Simplified Chinese."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
    try:
        from core.resources import resource_path

        folders.append(str(resource_path("translations")))
    except ImportError:  # pragma: no cover
        pass
    translators = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        for folder in folders:
            t = QTranslator(app)
            if t.load(name, folder):
                app.installTranslator(t)
                translators.append(t)
                break
    if not translators:
        log.info("没有找到 Qt 的中文翻译文件，标准对话框将显示英文")
    # Qt's own Chinese translation leaves a few texts of its dialogs in English ("Look in:",
    # "Files of type:" …): fill those gaps, installed last so that it is asked first.
    gaps = QtTextGaps(app)
    app.installTranslator(gaps)
    translators.append(gaps)
    return translators


def _qt_text_gaps():
    """Texts of Qt's dialogs that qtbase_zh_CN does not translate, by context (found by opening
    every dialog the window uses and listing the English left in it)."""
    return {
        "QFileDialog": {
            "Look in:": "查找范围：", "&Look in:": "查找范围(&L)：",
            "Files of type:": "文件类型：", "Files of &type:": "文件类型(&T)：",
            "File &name:": "文件名(&N)：", "Detail View": "详细信息", "List View": "列表",
            "Back": "后退", "Forward": "前进", "Parent Directory": "上一级", "Create New Folder": "新建文件夹",
            "Size": "大小",
        },
        "QFileSystemModel": {"Size": "大小", "Date Modified": "修改日期", "Name": "名称", "Type": "类型",
                             "Kind": "类型"},
        "QPrintPreviewDialog": {"Print Preview": "打印预览"},
    }


def _make_gaps_translator():
    from PySide6.QtCore import QTranslator

    class _Gaps(QTranslator):
        def __init__(self, parent=None):
            super().__init__(parent)
            self.table = _qt_text_gaps()

        def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002
            return self.table.get(context, {}).get(source)  # None: not ours, ask the next translator

        def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
            return False

    return _Gaps


def QtTextGaps(parent=None):  # noqa: N802 - reads like the class it makes
    return _make_gaps_translator()(parent)


def app_icon():
    from PySide6.QtGui import QIcon

    try:
        from core.resources import resource_path

        for name in ("app.ico", "app.png") if sys.platform == "win32" else ("app.png",):
            p = resource_path("icons", name)
            if p.exists():
                return QIcon(str(p))
    except ImportError:  # pragma: no cover
        pass
    return QIcon()


def create_app(argv: list[str] | None = None):
    """The QApplication, set up once (reused if one exists, as under pytest-qt)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication([sys.argv[0] if sys.argv else APPLICATION] + list(argv or []))
    set_names()
    QGuiApplication.setApplicationDisplayName(DISPLAY_NAME)
    if sys.platform == "win32":  # a font made for Chinese on screen, as Windows programs use
        families = set(QFontDatabase.families())
        for fam in ("Microsoft YaHei UI", "Microsoft YaHei"):
            if fam in families:
                app.setFont(QFont(fam, 9))
                break
        try:  # the task bar shows our icon, not python's
            import ctypes

            ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(f"{ORGANIZATION}.{APPLICATION}")
        except Exception:  # pragma: no cover
            pass
    icon = app_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)
    install_translations(app)
    return app

def settings():
    """The program's settings: an .ini file in the user's configuration folder."""
    from PySide6.QtCore import QSettings

    return QSettings(str(settings_path()), QSettings.Format.IniFormat)


# ----- the file types every window opens ----------------------------------------------------------


def readable_suffixes() -> set[str]:
    """The file types the readers check, old .doc/.xls/.wps/.et/.rtf included (they are converted
    by the office suite on the PC): the core's one list of suffixes."""
    from core.readers.sniff import readable_suffixes as core_suffixes

    return set(core_suffixes(legacy=True)) | {".rtf"}


def open_filter() -> str:
    """The open dialog's filter: every report the readers check, then by kind."""
    SUFFIXES = readable_suffixes()
    pats = " ".join(f"*{s}" for s in sorted(SUFFIXES))
    word = " ".join(f"*{s}" for s in sorted(SUFFIXES) if s.startswith((".doc", ".dot", ".wps", ".rtf")))
    excel = " ".join(f"*{s}" for s in sorted(SUFFIXES) if s.startswith((".xl", ".et")))
    pdf = " ".join(f"*{s}" for s in sorted(SUFFIXES) if s == ".pdf")
    web = " ".join(f"*{s}" for s in sorted(SUFFIXES) if s.startswith((".htm", ".sht", ".xht", ".mht")))
    parts = [f"年度报告 ({pats})", f"Word 文档 ({word})", f"Excel 工作簿 ({excel})"]
    if pdf:
        parts.append(f"已发布的 PDF ({pdf})")
    if web:
        parts.append(f"保存的网页 ({web})")
    return ";;".join(parts + ["所有文件 (*)"])


# ----- which window opens which -------------------------------------------------------------------

_factories: dict = {}


def provide_window(role: str, factory) -> None:
    """Register what opens a window of ``role`` ("report": a callable giving a main window;
    "batch": ``open_batch_window(parent, paths)``)."""
    _factories[role] = factory


def window_factory(role: str):
    """What opens a window of ``role``, or None if this build has none."""
    return _factories.get(role)


def new_report_window(*args, **kwargs):
    """A new single-report window (for the batch window opened on its own)."""
    factory = window_factory("report")
    if factory is None:
        raise ImportError("没有注册单个报告窗口")
    return factory(*args, **kwargs)

