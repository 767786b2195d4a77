"""Old Word, WPS and Excel files (.doc, .wps, .rtf, .xls, .et) converted to OOXML by an office suite
already on the PC, so that the ordinary .docx/.xlsx reader can check them.

Where a conversion can come from, in order:

1. on Windows, the installed suite by COM automation: Microsoft Word or WPS 文字 for .doc/.wps/.rtf,
   Microsoft Excel or WPS 表格 for .xls/.et (``comtypes``, pure Python, imported only here and only
   when such a file is met);
2. anywhere, LibreOffice (``soffice --headless --convert-to``) with a private profile, so that it
   does not collide with a LibreOffice the clerk has open.

The clerk's file is never touched: the bytes the guards already read are written to a private
temporary folder and the suite opens that copy (read-only, invisible, without macros), so no lock
file or backup appears beside the original. Every conversion is bounded in time: a suite that hangs
on a dialog is stopped and the file gets a message instead of hanging the checker.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

# ReadError reason (from the guards' sniffing) → the OOXML kind it is converted to.
CONVERTIBLE = {"legacy_doc": "docx", "wps": "docx", "rtf": "docx", "legacy_xls": "xlsx", "et": "xlsx"}

_SOURCE_EXT = {"legacy_doc": ".doc", "wps": ".wps", "rtf": ".rtf", "legacy_xls": ".xls", "et": ".et"}
_KIND_NAME = {
    "legacy_doc": "Word 97-2003 (.doc)",
    "wps": "WPS 文字 (.wps)",
    "rtf": "RTF",
    "legacy_xls": "Excel 97-2003 (.xls)",
    "et": "WPS 表格 (.et)",
}

def kind_name(reason: str) -> str:
    """The old format a clerk knows, for a ReadError reason: 「Word 97-2003 (.doc)」."""
    return _KIND_NAME.get(reason, reason)


# COM servers, in the order they are tried: (ProgID, name a clerk knows)
WORD_SERVERS = (("Word.Application", "Microsoft Word"), ("KWPS.Application", "WPS 文字"), ("wps.Application", "WPS 文字"))
EXCEL_SERVERS = (("Excel.Application", "Microsoft Excel"), ("KET.Application", "WPS 表格"), ("et.Application", "WPS 表格"))

WD_FORMAT_XML_DOCUMENT = 12  # Word SaveAs2 FileFormat: .docx
XL_OPEN_XML_WORKBOOK = 51  # Excel SaveAs FileFormat: .xlsx
WD_ALERTS_NONE = 0
MSO_AUTOMATION_SECURITY_FORCE_DISABLE = 3  # no macros run while the file is open
# A password handed to Open so that a protected file fails at once instead of showing a dialog
# (for a file without a password it is ignored).
_NO_PASSWORD = "nianbao-no-password"

DEFAULT_TIMEOUT = 120.0  # seconds; LibreOffice's first start with a new profile can take 10–20 s


@dataclass
class Converted:
    """An old file converted: ``path`` is the temporary .docx/.xlsx (kept until the program exits,
    so that an export can copy from it), ``program`` the suite that converted it."""

    path: Path
    kind: str  # "docx" | "xlsx"
    program: str
    source_kind: str  # the ReadError reason of the original: "legacy_doc", "wps", "rtf", …
    seconds: float = 0.0

    @property
    def source_name(self) -> str:
        return kind_name(self.source_kind)


class ConversionFailed(Exception):
    """One backend could not convert; ``message`` is Chinese, for the clerk."""

    def __init__(self, message: str, *, timed_out: bool = False):
        super().__init__(message)
        self.message = message
        self.timed_out = timed_out


class NotAvailable(Exception):
    """This backend is not installed here."""


# ----- temporary space ------------------------------------------------------------------------

_TEMP_DIRS: list[str] = []


def _cleanup() -> None:  # pragma: no cover - at exit
    for d in _TEMP_DIRS:
        shutil.rmtree(d, ignore_errors=True)


atexit.register(_cleanup)


def _new_temp_dir(prefix: str) -> Path:
    d = tempfile.mkdtemp(prefix=prefix)
    _TEMP_DIRS.append(d)
    return Path(d)


def timeout_seconds() -> float:
    try:
        return max(0.1, float(os.environ.get("NIANBAO_CONVERT_TIMEOUT", DEFAULT_TIMEOUT)))
    except ValueError:
        return DEFAULT_TIMEOUT


# ----- LibreOffice ----------------------------------------------------------------------------


def find_soffice() -> str | None:
    """The LibreOffice program, if installed: $NIANBAO_SOFFICE, PATH, then the usual places."""
    env = os.environ.get("NIANBAO_SOFFICE")
    if env is not None:
        return env if env and Path(env).exists() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    candidates = []
    if sys.platform == "win32":
        for base in (os.environ.get("ProgramFiles"), os.environ.get("ProgramFiles(x86)"), r"C:\Program Files"):
            if base:
                candidates.append(Path(base) / "LibreOffice" / "program" / "soffice.exe")
    elif sys.platform == "darwin":
        candidates.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    else:
        candidates += [Path("/usr/bin/soffice"), Path("/usr/lib/libreoffice/program/soffice"),
                       Path("/opt/libreoffice/program/soffice")]
    for c in candidates:
        if c.exists():
            return str(c)
    return None


_PROFILE: Path | None = None
_PROFILE_LOCK = threading.Lock()


def _private_profile() -> Path:
    """One LibreOffice profile per process of ours (batch workers each have their own), so that
    neither a LibreOffice the clerk has open nor a parallel conversion shares it."""
    global _PROFILE
    with _PROFILE_LOCK:
        if _PROFILE is None or not _PROFILE.exists():
            _PROFILE = _new_temp_dir(f"nianbao-lo-{os.getpid()}-")
        return _PROFILE


def _kill_tree(proc: subprocess.Popen) -> None:
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows only
            subprocess.run(["taskkill", "/T", "/F", "/PID", str(proc.pid)], capture_output=True, timeout=10)
        else:
            os.killpg(proc.pid, 9)
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        proc.kill()
    except OSError:  # pragma: no cover
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.SubprocessError:  # pragma: no cover
        pass


def convert_with_libreoffice(src: Path, target: str, outdir: Path, timeout: float) -> Path:
    soffice = find_soffice()
    if soffice is None:
        raise NotAvailable("LibreOffice")
    filt = "docx:MS Word 2007 XML" if target == "docx" else "xlsx:Calc MS Excel 2007 XML"
    cmd = [soffice, f"-env:UserInstallation={_private_profile().as_uri()}", "--headless", "--invisible",
           "--nologo", "--norestore", "--nodefault", "--nolockcheck", "--convert-to", filt,
           "--outdir", str(outdir), str(src)]
    kw: dict = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "stdin": subprocess.DEVNULL}
    if sys.platform == "win32":  # pragma: no cover - Windows only
        kw["creationflags"] = 0x00000200 | 0x08000000  # CREATE_NEW_PROCESS_GROUP | CREATE_NO_WINDOW
    else:
        kw["start_new_session"] = True
    try:
        proc = subprocess.Popen(cmd, **kw)
    except OSError as e:
        raise NotAvailable(f"LibreOffice ({e})") from e
    try:
        _out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_tree(proc)
        raise ConversionFailed(f"LibreOffice 转换超过 {timeout:g} 秒仍未完成，已停止转换。", timed_out=True) from None
    out = outdir / (src.stem + "." + target)
    if not out.exists() or out.stat().st_size == 0:
        raise ConversionFailed("LibreOffice 无法打开这个文件（文件可能已损坏，或不是它认得的格式）。")
    return out


# ----- COM automation (Windows) ---------------------------------------------------------------


def com_server_installed(progid: str) -> bool:  # pragma: no cover - Windows only
    """Whether a COM server is registered, without starting it."""
    if sys.platform != "win32":
        return False
    try:
        import winreg

        with winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, progid + r"\CLSID"):
            return True
    except OSError:
        return False


def _comtypes_factory(progid: str):  # pragma: no cover - Windows only
    import comtypes
    import comtypes.client

    comtypes.CoInitialize()
    return comtypes.client.CreateObject(progid, dynamic=True)


def _com_uninit() -> None:  # pragma: no cover - Windows only
    try:
        import comtypes

        comtypes.CoUninitialize()
    except Exception:
        pass


def _app_pid(app) -> int | None:
    """The process id of the automation server, so that a hung one can be ended (best effort)."""
    try:
        hwnd = int(app.Hwnd)
    except Exception:
        return None
    if sys.platform != "win32":
        return None
    try:  # pragma: no cover - Windows only
        import ctypes
        from ctypes import wintypes

        pid = wintypes.DWORD()
        ctypes.windll.user32.GetWindowThreadProcessId(wintypes.HWND(hwnd), ctypes.byref(pid))
        return int(pid.value) or None
    except Exception:  # pragma: no cover
        return None


def _end_process(pid: int) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows only
        subprocess.run(["taskkill", "/T", "/F", "/PID", str(pid)], capture_output=True, timeout=10)
    else:
        try:
            os.kill(pid, 9)
        except OSError:
            pass


def _word_job(app, src: str, out: str) -> None:
    app.Visible = False
    app.DisplayAlerts = WD_ALERTS_NONE
    try:
        app.AutomationSecurity = MSO_AUTOMATION_SECURITY_FORCE_DISABLE
    except Exception:  # WPS may not have it
        pass
    # Open(FileName, ConfirmConversions, ReadOnly, AddToRecentFiles, PasswordDocument,
    #      PasswordTemplate, Revert, WritePasswordDocument, WritePasswordTemplate)
    doc = app.Documents.Open(src, False, True, False, _NO_PASSWORD, "", False, _NO_PASSWORD, "")
    try:
        try:
            doc.SaveAs2(out, WD_FORMAT_XML_DOCUMENT)
        except AttributeError:  # older Word / WPS: SaveAs with the same format code
            doc.SaveAs(out, WD_FORMAT_XML_DOCUMENT)
    finally:
        doc.Close(False)


def _excel_job(app, src: str, out: str) -> None:
    app.Visible = False
    app.DisplayAlerts = False
    for attr, value in (("EnableEvents", False), ("AskToUpdateLinks", False), ("ScreenUpdating", False),
                        ("AutomationSecurity", MSO_AUTOMATION_SECURITY_FORCE_DISABLE)):
        try:
            setattr(app, attr, value)
        except Exception:
            pass
    # Open(Filename, UpdateLinks, ReadOnly, Format, Password, WriteResPassword, IgnoreReadOnlyRecommended)
    wb = app.Workbooks.Open(src, 0, True, 1, _NO_PASSWORD, _NO_PASSWORD, True)
    try:
        wb.SaveAs(out, XL_OPEN_XML_WORKBOOK)
    finally:
        wb.Close(False)


def convert_with_com(src: Path, target: str, outdir: Path, timeout: float, *, factory=None,
                     servers=None, installed=None) -> tuple[Path, str]:
    """Convert through the first installed COM server; ``factory(progid)`` makes the automation
    object (``comtypes`` by default; tests pass a double). Returns (output, program name)."""
    if servers is None:
        servers = WORD_SERVERS if target == "docx" else EXCEL_SERVERS
    if factory is None:
        if sys.platform != "win32":
            raise NotAvailable("COM")
        factory = _comtypes_factory  # pragma: no cover - Windows only
    installed = installed or com_server_installed
    job = _word_job if target == "docx" else _excel_job
    out = outdir / (src.stem + "." + target)
    tried = []
    for progid, program in servers:
        if not installed(progid):
            continue
        tried.append(program)
        state: dict = {}

        def work(progid=progid, state=state):
            app = None
            try:
                app = factory(progid)
                state["pid"] = _app_pid(app)
                job(app, str(src), str(out))
            except BaseException as e:  # noqa: BLE001 - reported below
                state["error"] = e
            finally:
                if app is not None:
                    try:
                        app.Quit()
                    except Exception:
                        pass
                if factory is _comtypes_factory:  # pragma: no cover - Windows only
                    _com_uninit()

        t = threading.Thread(target=work, name=f"convert-{progid}", daemon=True)
        t.start()
        t.join(timeout)
        if t.is_alive():
            if state.get("pid"):
                _end_process(state["pid"])
            raise ConversionFailed(f"{program} 转换超过 {timeout:g} 秒仍未完成（可能弹出了对话框），已停止转换。",
                                   timed_out=True)
        if "error" in state or not out.exists() or out.stat().st_size == 0:
            continue  # this suite could not open it: try the next one
        return out, program
    if not tried:
        raise NotAvailable("COM")
    raise ConversionFailed(f"{'、'.join(dict.fromkeys(tried))} 无法打开这个文件（文件可能已损坏或设有密码）。")


# ----- the entry point ------------------------------------------------------------------------


def looked_for(target: str) -> list[str]:
    """The suites this machine was searched for, in the order they are tried."""
    names = []
    if sys.platform == "win32":
        names += [p for _, p in (WORD_SERVERS if target == "docx" else EXCEL_SERVERS)]
    names.append("LibreOffice")
    return list(dict.fromkeys(names))


def convert(data: bytes, reason: str, *, timeout: float | None = None, com_factory=None,
            com_installed=None) -> Converted:
    """Convert an old file's bytes (already read by the guards) into a temporary .docx/.xlsx.

    Raises ``NotAvailable`` when no suite is installed, ``ConversionFailed`` (Chinese message)
    when every installed suite failed or ran out of time.
    """
    target = CONVERTIBLE[reason]
    timeout = timeout_seconds() if timeout is None else timeout
    work = _new_temp_dir("nianbao-conv-")
    src = work / ("report" + _SOURCE_EXT[reason])
    src.write_bytes(data)
    outdir = work / "out"
    outdir.mkdir()
    started = time.perf_counter()
    try:
        return _convert(src, reason, target, outdir, timeout, started, com_factory, com_installed)
    finally:
        try:
            src.unlink()  # only the converted copy is kept
        except OSError:  # pragma: no cover
            pass


def _convert(src, reason, target, outdir, timeout, started, com_factory, com_installed) -> Converted:
    failures: list[ConversionFailed] = []
    if com_factory is not None or sys.platform == "win32":
        try:
            out, program = convert_with_com(src, target, outdir, timeout, factory=com_factory,
                                            installed=com_installed)
            return Converted(out, target, program, reason, time.perf_counter() - started)
        except NotAvailable:
            pass
        except ConversionFailed as e:
            if e.timed_out:
                raise
            failures.append(e)
    try:
        out = convert_with_libreoffice(src, target, outdir, timeout)
        return Converted(out, target, "LibreOffice", reason, time.perf_counter() - started)
    except NotAvailable:
        if failures:
            raise failures[0] from None
        raise


__all__ = ["CONVERTIBLE", "ConversionFailed", "Converted", "NotAvailable", "convert", "find_soffice", "kind_name", "looked_for"]
