"""The installed program checks itself, without opening a window.

    年报核查.exe --self-test [--self-test-log PATH]
    python -m gui.selftest --self-test [--self-test-log PATH]

Checks, one line each in Chinese and English:

* the bundled files are there (samples, icons, Qt's Chinese translation);
* the bundled sample reports give exactly their known findings (the faulty one its four known
  errors, the clean .docx and the .xlsx no error);
* every kind of export (corrected, standard, xlsx, blank) of every sample is written to a
  temporary folder, and the exported files check without error (the faulty sample's exports carry
  the suggested corrections; a blank form has only its empty tables, T1);
* settings and logs resolve to the user's profile, not to the program's folder;
* Qt starts offscreen as the program sets it up (gui.app.create_app): the icon (an .ico, read by
  the imageformats plugin) and the Chinese translation load; an unexpected exception goes to the
  log file and to a message naming it (gui.app's exception hook); the main window is created,
  opens the faulty sample the way a file given on the command line is opened, and is closed
  again — never shown, and with Qt's test-mode folders so the clerk's settings are not touched;
* the sample files are byte for byte unchanged afterwards (nothing ever writes to an input).

Everything printed also goes to a log file (``--self-test-log PATH``, by default
``selftest.log`` in the log folder of the profile), because a windowed .exe has no console.
Exit status 0 only if every check passed.

``--startup-probe`` (for benchmarks/bench_startup.py) creates the application and the main
window offscreen, shows it, processes events once, prints the seconds since the process started
and exits.

This module never shows a window and never asks a question: it is safe to run unattended (CI).
"""

from __future__ import annotations

import hashlib
import io
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

_T0 = time.perf_counter()

APP_NAME = "年报核查"
HEADLESS_FLAGS = ("--self-test", "--startup-probe")

FAULTY = "示例报告-有错误.docx"
CLEAN = "示例报告-规范.docx"
XLSX = "示例报告-表格.xlsx"
EXPORT_KINDS = ("corrected", "standard", "xlsx", "blank")

# The errors 示例报告-有错误.docx must give, as (code, section); see resources/samples/README.md.
# The first one may also be reported as plain R4 by a future engine (the row total it breaks).
FAULTY_ERRORS = [("R-CELL", "三"), ("R5", "四"), ("S1", "三"), ("S1", "五")]
FAULTY_CELL_CODES = {"R-CELL", "R4"}


# --------------------------------------------------------------------------------------------
# output: console (if there is one) and the log file
# --------------------------------------------------------------------------------------------


def ensure_std_streams() -> None:
    """A windowed .exe has ``sys.stdout is None``: give print() somewhere harmless to write, and
    make a console that cannot encode Chinese (cp936 / cp1252) replace rather than crash."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
            continue
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError, io.UnsupportedOperation):  # pragma: no cover
                pass


class Report:
    def __init__(self, log_path: Path | None):
        self.lines: list[str] = []
        self.failed: list[str] = []
        self.passed = 0
        self.skipped = 0
        self.log_path = log_path
        self._log = None
        if log_path is not None:
            try:
                log_path.parent.mkdir(parents=True, exist_ok=True)
                self._log = open(log_path, "w", encoding="utf-8-sig", newline="\n")  # noqa: SIM115
            except OSError as e:
                self.say(f"无法写入日志文件 / cannot write the log file {log_path}: {e}")
                self.log_path = None

    def say(self, text: str = "") -> None:
        self.lines.append(text)
        try:
            print(text, flush=True)
        except Exception:  # pragma: no cover - a broken console must not stop the self-test
            pass
        if self._log is not None:
            self._log.write(text + "\n")
            self._log.flush()

    def ok(self, zh: str, en: str) -> None:
        self.passed += 1
        self.say(f"  [通过 PASS] {zh} / {en}")

    def fail(self, zh: str, en: str, detail: str = "") -> None:
        self.failed.append(en)
        self.say(f"  [失败 FAIL] {zh} / {en}")
        for line in detail.splitlines():
            self.say(f"      {line}")

    def skip(self, zh: str, en: str) -> None:
        self.skipped += 1
        self.say(f"  [跳过 SKIP] {zh} / {en}")

    def check(self, condition: bool, zh: str, en: str, detail: str = "") -> bool:
        if condition:
            self.ok(zh, en)
        else:
            self.fail(zh, en, detail)
        return bool(condition)

    def close(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def program_dir() -> Path:
    """The folder of the .exe when frozen, the repository when run from source."""
    if is_frozen():
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _option(argv: list[str], name: str) -> str | None:
    for i, a in enumerate(argv):
        if a == name and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith(name + "="):
            return a[len(name) + 1:]
    return None


def seconds_since_process_start() -> float | None:
    """Wall-clock seconds since the OS created this process (None where unknown)."""
    try:
        if sys.platform.startswith("linux"):
            with open("/proc/self/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            start_ticks = int(fields[19])  # field 22 overall; fields[0] is field 3
            with open("/proc/uptime", "rb") as f:
                uptime = float(f.read().split()[0])
            return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
        if sys.platform == "win32":
            import ctypes
            from ctypes import wintypes

            creation, exit_, kernel, user, now = (wintypes.FILETIME() for _ in range(5))
            k32 = ctypes.WinDLL("kernel32", use_last_error=True)
            pft = ctypes.POINTER(wintypes.FILETIME)
            k32.GetCurrentProcess.restype = wintypes.HANDLE
            k32.GetCurrentProcess.argtypes = []
            k32.GetProcessTimes.restype = wintypes.BOOL
            k32.GetProcessTimes.argtypes = [wintypes.HANDLE, pft, pft, pft, pft]
            k32.GetSystemTimePreciseAsFileTime.restype = None
            k32.GetSystemTimePreciseAsFileTime.argtypes = [pft]
            if not k32.GetProcessTimes(k32.GetCurrentProcess(), ctypes.byref(creation), ctypes.byref(exit_),
                                       ctypes.byref(kernel), ctypes.byref(user)):
                return None
            k32.GetSystemTimePreciseAsFileTime(ctypes.byref(now))

            def ft(v):
                return (v.dwHighDateTime << 32 | v.dwLowDateTime) / 1e7

            return ft(now) - ft(creation)
    except Exception:
        return None
    return None


def profile_dirs() -> dict[str, Path]:
    """Where the program keeps its settings and logs, as the GUI itself resolves them
    (``gui.common.log_dir``, ``gui.common.settings``); Qt's QStandardPaths with the same
    names if the GUI is not there."""
    out: dict[str, Path] = {}
    try:
        from gui.common import log_dir  # noqa: PLC0415

        out["log"] = Path(log_dir())
    except ImportError:
        pass
    try:
        from gui.common import settings  # noqa: PLC0415

        name = settings().fileName()
        if name.startswith("\\HKEY_CURRENT_USER"):  # the registry, per user
            out["settings"] = Path.home()
        else:
            out["settings"] = Path(name).parent
    except ImportError:
        pass
    if len(out) < 2:
        from PySide6.QtCore import QCoreApplication, QStandardPaths  # noqa: PLC0415

        if not QCoreApplication.organizationName():
            QCoreApplication.setOrganizationName("NianbaoChecker")
            QCoreApplication.setApplicationName("nianbao-checker")
        base = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation))
        out.setdefault("log", base / "logs")
        out.setdefault("settings",
                       Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppConfigLocation)))
    return out


def default_log_path() -> Path:
    try:
        return profile_dirs()["log"] / "selftest.log"
    except Exception:
        return Path(tempfile.gettempdir()) / "nianbao-selftest.log"


def _is_inside(child: Path, parent: Path) -> bool:
    try:
        child.resolve().relative_to(parent.resolve())
        return True
    except (ValueError, OSError):
        return False


# --------------------------------------------------------------------------------------------
# the checks
# --------------------------------------------------------------------------------------------


def check_environment(rep: Report) -> dict[str, Path]:
    from core import __version__  # noqa: PLC0415
    from core.resources import resource_path, resources_dir  # noqa: PLC0415

    rep.say(f"{APP_NAME} {__version__} — 自检 / self-test")
    rep.say(f"  程序 / program: {sys.executable}" + ("（已打包 / frozen）" if is_frozen() else "（源代码 / from source）"))
    rep.say(f"  系统 / system: {platform.platform()}, Python {platform.python_version()}")
    rep.say(f"  资源目录 / resources: {resources_dir()}")
    if is_frozen():
        rep.check(getattr(sys, "_MEIPASS", None) is not None and _is_inside(resources_dir(), Path(sys._MEIPASS)),
                  "资源从程序包内读取", "resources are read from inside the bundle", str(resources_dir()))
    samples = {name: resource_path("samples", name) for name in (FAULTY, CLEAN, XLSX)}
    missing = [n for n, p in samples.items() if not p.is_file()]
    rep.check(not missing, "示例报告齐全（3 个）", "the 3 sample reports are bundled", "missing: " + ", ".join(missing))
    icons = [resource_path("icons", n) for n in ("app.ico", "app.png")]
    rep.check(all(p.is_file() for p in icons), "程序图标齐全（app.ico、app.png）", "the icons are bundled",
              ", ".join(str(p) for p in icons if not p.is_file()))
    return {n: p for n, p in samples.items() if p.is_file()}


def check_samples(rep: Report, samples: dict[str, Path]) -> None:
    from core.check import check_path  # noqa: PLC0415
    from core.findings import ERROR  # noqa: PLC0415

    rep.say("核查示例报告 / checking the sample reports")
    for name, path in samples.items():
        try:
            result = check_path(path)
        except Exception as e:
            rep.fail(f"{name} 无法核查", f"{name} could not be checked", f"{type(e).__name__}: {e}")
            continue
        errors = [f for f in result.findings if f.severity == ERROR]
        if name == FAULTY:
            got = sorted((("R-CELL" if f.code in FAULTY_CELL_CODES else f.code), f.section or "") for f in errors)
            codes = ", ".join(f"{c}({s})" for c, s in got)
            rep.check(got == sorted(FAULTY_ERRORS),
                      f"{name}：恰好发现已知的 {len(FAULTY_ERRORS)} 个错误 {codes}",
                      f"{name}: exactly the {len(FAULTY_ERRORS)} known errors",
                      f"expected {sorted(FAULTY_ERRORS)}, got {got}\n" + "\n".join(f.message for f in errors))
            cell = next((f for f in errors if f.code in FAULTY_CELL_CODES), None)
            target = cell.target if cell is not None else None
            rep.check(cell is not None and target is not None
                      and (target.table, target.row, target.col) == ("三", "granted", "commercial")
                      and _num(cell.suggested) == 14 and _num(cell.actual) == 15,
                      "表三「予以公开/商业企业」15 应为 14", "table 三 granted/commercial: 15 should be 14",
                      repr(cell))
            r5 = next((f for f in errors if f.code == "R5"), None)
            rep.check(r5 is not None and _num(r5.actual) == 425 and _num(r5.suggested) == 423,
                      "表四「行政复议」总计 425 应为 423", "table 四 review total: 425 should be 423", repr(r5))
        else:
            rep.check(not errors, f"{name}：没有错误（{result.warnings} 个警告）",
                      f"{name}: no error ({result.warnings} warnings)",
                      "\n".join(f"{f.code} {f.message}" for f in errors))


def _num(v):
    try:
        return int(v)
    except (TypeError, ValueError):
        return v


def check_exports(rep: Report, samples: dict[str, Path], work: Path) -> None:
    rep.say("导出并复核 / exporting and re-checking")
    try:
        from core.export import export_result  # noqa: PLC0415
    except ImportError as e:
        rep.skip(f"导出功能尚未提供，跳过导出检查（{e}）", "core.export is not available yet: exports not checked")
        return
    try:
        from core.export import default_output_name  # noqa: PLC0415
    except ImportError:
        default_output_name = None
    from core.check import check_path  # noqa: PLC0415
    from core.findings import ERROR  # noqa: PLC0415

    for name, src in samples.items():
        try:
            result = check_path(src)
        except Exception as e:
            rep.fail(f"{name} 无法核查", f"{name} could not be checked", f"{type(e).__name__}: {e}")
            continue
        for kind in EXPORT_KINDS:
            folder = work / f"{src.stem}-{kind}"
            folder.mkdir(parents=True, exist_ok=True)
            if default_output_name is not None:
                out = folder / Path(str(default_output_name(src, kind))).name
            else:
                out = folder / f"{src.stem}-{kind}{'.xlsx' if kind == 'xlsx' else src.suffix}"
            try:
                written = [Path(p) for p in (export_result(result, out, kind) or [])]
            except Exception as e:
                rep.fail(f"{name} 导出「{kind}」失败", f"{name}: export '{kind}' failed",
                         "".join(traceback.format_exception(type(e), e, e.__traceback__)[-3:]))
                continue
            written = [p for p in written if p.is_file()]
            if not rep.check(bool(written) and all(p.stat().st_size > 0 for p in written),
                             f"{name} → {kind}：已写出 {', '.join(p.name for p in written)}",
                             f"{name} -> {kind}: written", f"returned {written!r}"):
                continue
            if any(_is_inside(p, src.parent) for p in written):
                rep.fail(f"{name} → {kind}：写到了原文件所在的文件夹", f"{name} -> {kind}: written beside the input")
            for p in written:
                if p.suffix.lower() not in (".docx", ".xlsx"):
                    continue
                try:
                    again = check_path(p)
                except Exception as e:
                    rep.fail(f"{p.name} 无法复核", f"{p.name} could not be re-checked", f"{type(e).__name__}: {e}")
                    continue
                errors = [f for f in again.findings if f.severity == ERROR]
                # an empty form has empty tables (T1) and nothing else; every other export is complete
                allowed = {"T1"} if kind == "blank" else set()
                bad = [f for f in errors if f.family not in allowed]  # T1-table, T1-cells … of the empty form
                left = f"（空白表格：{', '.join(sorted({f.code for f in errors}))}）" if errors else ""
                rep.check(not bad, f"复核 {p.name}：没有错误{left}", f"re-check of {p.name}: no error",
                          "\n".join(f"{f.code} {f.message}" for f in bad))


def check_unchanged(rep: Report, before: dict[str, str], samples: dict[str, Path]) -> None:
    changed = [n for n, p in samples.items() if sha256(p) != before[n]]
    rep.check(not changed, "示例文件未被改动（SHA-256 相同）", "the sample files are byte for byte unchanged",
              "changed: " + ", ".join(changed))


def check_profile(rep: Report) -> None:
    rep.say("用户目录 / profile folders")
    try:
        dirs = profile_dirs()
    except Exception as e:
        rep.fail("无法确定设置和日志的位置", "cannot resolve the settings and log folders", f"{type(e).__name__}: {e}")
        return
    home = Path.home()
    roots = [home]
    for var in ("APPDATA", "LOCALAPPDATA", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        if os.environ.get(var):
            roots.append(Path(os.environ[var]))
    exe_dir = program_dir()
    for key, zh in (("log", "日志"), ("settings", "设置")):
        path = dirs.get(key)
        if path is None:
            rep.fail(f"{zh}目录未知", f"the {key} folder is unknown")
            continue
        in_profile = any(_is_inside(path, r) for r in roots)
        beside_exe = is_frozen() and _is_inside(path, exe_dir)
        rep.check(in_profile and not beside_exe, f"{zh}目录在用户目录中：{path}", f"{key} folder is in the profile",
                  f"profile roots {roots}, program folder {exe_dir}")
    log = dirs.get("log")
    if log is not None:
        try:
            log.mkdir(parents=True, exist_ok=True)
            probe = log / ".selftest-write-probe"
            probe.write_text("ok", encoding="utf-8")
            probe.unlink()
            rep.ok("日志目录可写", "the log folder is writable")
        except OSError as e:
            rep.fail("日志目录不可写", "the log folder is not writable", str(e))


def _qt_app():
    """The QApplication as the program sets it up (gui.app.create_app: names, icon, Chinese
    translations, font); a plain one if the GUI is not there."""
    try:
        from gui.common import create_app  # noqa: PLC0415
    except ImportError:
        create_app = None
    if create_app is not None:
        return create_app([])
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    return QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])


class DialogWatch:
    """Closes any modal dialog that opens while the self-test runs (a message box would otherwise
    wait for a click that never comes) and remembers its title and text."""

    def __init__(self):
        from PySide6.QtCore import QTimer  # noqa: PLC0415

        self.seen: list[tuple[str, str]] = []
        self.timer = QTimer()
        self.timer.setInterval(50)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def _poll(self) -> None:
        from PySide6.QtWidgets import QApplication  # noqa: PLC0415

        w = QApplication.activeModalWidget()
        if w is None:
            return
        text = w.text() if hasattr(w, "text") else ""
        self.seen.append((w.windowTitle(), text))
        if hasattr(w, "done"):
            w.done(0)
        else:
            w.close()

    def stop(self) -> None:
        self.timer.stop()


def _wait(signals, timeout_s: float):
    """Run the event loop until one of ``signals`` fires (returns its argument) or the time is up."""
    from PySide6.QtCore import QEventLoop, QTimer  # noqa: PLC0415

    loop = QEventLoop()
    got: list = []

    def fire(*args):
        got.append(args[0] if args else None)
        loop.quit()

    for s in signals:
        s.connect(fire)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    for s in signals:
        try:
            s.disconnect(fire)
        except (RuntimeError, TypeError):  # pragma: no cover
            pass
    return got[0] if got else None


def _isolate_profile() -> list[Path]:
    """Switch QStandardPaths to Qt's test mode, so that the window's settings (recent files,
    geometry) and the log written below go to a scratch folder, not the clerk's own. Returns the
    scratch folders to remove afterwards."""
    from PySide6.QtCore import QStandardPaths  # noqa: PLC0415

    QStandardPaths.setTestModeEnabled(True)
    folders = []
    for loc in (QStandardPaths.StandardLocation.AppConfigLocation,
                QStandardPaths.StandardLocation.AppLocalDataLocation):
        folder = QStandardPaths.writableLocation(loc)
        if folder and "qttest" in folder.lower():
            folders.append(Path(folder))
    return folders


def check_crash_hook(rep: Report, watch: DialogWatch) -> None:
    """An unexpected exception is written to the log and shown in a message (not a vanishing program)."""
    import logging  # noqa: PLC0415

    try:
        from gui import common as gui_app  # noqa: PLC0415
    except ImportError as e:
        rep.skip(f"gui.app 尚未提供，跳过异常处理检查（{e}）", "gui.app is not available: crash hook not checked")
        return
    root = logging.getLogger()
    before = list(root.handlers)
    saved_hook = sys.excepthook
    marker = f"selftest-simulated-error-{os.getpid()}"
    try:
        log_path = Path(gui_app.setup_logging())
        gui_app.install_excepthook()
        seen = len(watch.seen)
        try:
            raise RuntimeError(f"自检：模拟的意外错误 / self-test: simulated error ({marker})")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
        for h in root.handlers:
            h.flush()
        logged = log_path.is_file() and marker in log_path.read_text(encoding="utf-8", errors="replace")
        rep.check(logged, "意外错误已写入日志文件", "an unexpected error is written to the log file", str(log_path))
        shown = watch.seen[seen:]
        rep.check(bool(shown) and str(log_path) in shown[0][1],
                  f"意外错误显示了提示框「{shown[0][0] if shown else ''}」（含日志路径）",
                  "an unexpected error shows a message with the log file's path", repr(shown))
    except Exception as e:
        rep.fail("异常处理检查出错", "checking the crash hook failed",
                 "".join(traceback.format_exception(type(e), e, e.__traceback__)))
    finally:
        sys.excepthook = saved_hook
        for h in root.handlers[:]:
            if h not in before:
                root.removeHandler(h)
                h.close()


def check_window(rep: Report, app, samples: dict[str, Path], watch: DialogWatch) -> None:
    try:
        from gui.main_window import MainWindow  # noqa: PLC0415
    except ImportError as e:
        rep.skip(f"主窗口模块尚未提供，跳过主窗口检查（{e}）", "gui.main_window is not available yet: window not checked")
        return
    try:
        window = MainWindow()
        app.processEvents()
    except Exception as e:
        rep.fail("主窗口创建失败", "creating the main window failed",
                 "".join(traceback.format_exception(type(e), e, e.__traceback__)))
        return
    rep.ok("主窗口可创建（未显示）", "the main window was created (never shown)")
    faulty = samples.get(FAULTY)
    if faulty is not None and hasattr(window, "open_paths") and hasattr(window, "resultShown"):
        # the same door a file given on the command line (drop on the .exe, "Open with") goes through
        seen = len(watch.seen)
        window.open_paths([str(faulty)])
        got = _wait([window.resultShown, window.loadFailed], 60)
        errors = getattr(got, "errors", None)
        rep.check(errors == len(FAULTY_ERRORS) and len(watch.seen) == seen,
                  f"主窗口打开 {faulty.name}：{errors} 个错误", f"the window opens {faulty.name} ({errors} errors)",
                  f"got {got!r}, dialogs {watch.seen[seen:]!r}")
    try:
        window.close()
        window.deleteLater()
        app.processEvents()
        rep.ok("主窗口已关闭", "the main window was closed")
    except Exception as e:
        rep.fail("关闭主窗口出错", "closing the main window failed", f"{type(e).__name__}: {e}")


def check_qt(rep: Report, samples: dict[str, Path]) -> None:
    rep.say("Qt（离屏） / Qt (offscreen)")
    try:
        from PySide6 import __version__ as pyside_version  # noqa: PLC0415
        from PySide6.QtCore import QLibraryInfo, QTranslator  # noqa: PLC0415
        from PySide6.QtGui import QIcon  # noqa: PLC0415

        app = _qt_app()
    except Exception as e:
        rep.fail("Qt 无法启动", "Qt did not start", "".join(traceback.format_exception(type(e), e, e.__traceback__)))
        return
    rep.ok(f"Qt 已启动（PySide6 {pyside_version}，平台插件 {app.platformName()}）",
           f"Qt started (platform plugin '{app.platformName()}')")
    from core.resources import resource_path  # noqa: PLC0415

    icon = QIcon(str(resource_path("icons", "app.ico")))
    sizes = sorted(s.width() for s in icon.availableSizes())
    rep.check(not icon.isNull() and 16 in sizes and 256 in sizes,
              f"图标可读取（.ico 含 {sizes}）", "the .ico icon loads (imageformats plugin present)", f"sizes {sizes}")
    rep.check(not app.windowIcon().isNull(), "程序窗口图标已设置", "the application window icon is set")
    tr_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator()
    rep.check(translator.load("qtbase_zh_CN", tr_dir), "Qt 中文翻译 qtbase_zh_CN 可加载",
              "Qt's Chinese translation qtbase_zh_CN loads", f"looked in {tr_dir}")
    if is_frozen():
        plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
        native = {"win32": "qwindows", "darwin": "qcocoa"}.get(sys.platform, "qxcb")
        found = [p.name for p in (plugins / "platforms").glob(f"*{native}*")] if plugins.is_dir() else []
        rep.check(bool(found), f"原生平台插件已打包（{', '.join(found) or native}）",
                  f"the native platform plugin '{native}' is bundled", f"looked in {plugins / 'platforms'}")

    scratch = _isolate_profile()
    watch = DialogWatch()
    try:
        check_crash_hook(rep, watch)
        check_window(rep, app, samples, watch)
    finally:
        watch.stop()
        for folder in scratch:
            shutil.rmtree(folder, ignore_errors=True)
            for parent in (folder.parent, folder.parent.parent, folder.parent.parent.parent):  # empty org / qttest
                try:
                    parent.rmdir()
                except OSError:
                    pass


def run_self_test(rep: Report) -> int:
    samples = check_environment(rep)
    before = {n: sha256(p) for n, p in samples.items()}
    check_samples(rep, samples)
    work = Path(tempfile.mkdtemp(prefix="nianbao-selftest-"))
    try:
        check_exports(rep, samples, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    check_profile(rep)
    check_qt(rep, samples)
    check_unchanged(rep, before, samples)
    return summary(rep)


def summary(rep: Report) -> int:
    total = rep.passed + len(rep.failed)
    elapsed = time.perf_counter() - _T0
    if rep.failed:
        rep.say(f"自检失败：{len(rep.failed)}/{total} 项未通过（{elapsed:.1f} 秒） / "
                f"SELF-TEST FAILED: {len(rep.failed)} of {total} checks failed ({elapsed:.1f} s)")
    else:
        rep.say(f"自检通过：{total} 项全部通过（{elapsed:.1f} 秒） / "
                f"SELF-TEST PASSED: all {total} checks ({elapsed:.1f} s)")
    rep.say(f"selftest: {rep.passed} passed, {len(rep.failed)} failed, {rep.skipped} skipped")
    return 1 if rep.failed else 0


def startup_probe(argv: list[str]) -> int:
    """What a double-click does up to the first shown window: the application as gui.app sets it
    up (offscreen unless QT_QPA_PLATFORM says otherwise), logging, the main window shown, events
    processed once. Prints the seconds since the process started, then exits."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = _qt_app()
    scratch = _isolate_profile()  # the probe's window geometry and log stay out of the clerk's settings
    try:
        from gui.common import setup_logging  # noqa: PLC0415

        setup_logging()
    except ImportError:
        pass
    from gui.main_window import MainWindow  # noqa: PLC0415

    window = MainWindow()
    if hasattr(window, "show_sized"):
        window.show_sized()
    else:
        window.show()
    app.processEvents()
    since_start = seconds_since_process_start()
    since_import = time.perf_counter() - _T0
    shown = window.isVisible()
    line = (f"startup-probe shown={int(shown)} frozen={int(is_frozen())} since_process_start="
            f"{'?' if since_start is None else f'{since_start:.4f}'} since_selftest_import={since_import:.4f}")
    print(line, flush=True)
    out = _option(argv, "--self-test-log")
    if out:
        Path(out).write_text(line + "\n", encoding="utf-8")
    window.close()
    for folder in scratch:
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if shown else 1


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    ensure_std_streams()
    if "--startup-probe" in argv:
        try:
            return startup_probe(argv)
        except Exception:
            traceback.print_exc()
            return 1
    # never a window: Qt renders offscreen whatever the desktop
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    given = _option(argv, "--self-test-log")
    log_path = Path(given) if given else None
    if log_path is None:
        try:
            log_path = default_log_path()
        except Exception:
            log_path = None
    rep = Report(log_path)
    if log_path is not None and rep.log_path is not None:
        rep.say(f"日志文件 / log file: {log_path}")
    try:
        status = run_self_test(rep)
    except BaseException as e:  # noqa: BLE001 - whatever happens, report it and exit non-zero
        rep.fail("自检意外中断", "the self-test stopped unexpectedly",
                 "".join(traceback.format_exception(type(e), e, e.__traceback__)))
        status = summary(rep)
    finally:
        rep.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
