"""What the frozen program leaves out — one list read by build.spec (the build) and by
benchmarks/bench_size.py (the size estimate of the Windows build from the win_amd64 wheels), so the
estimate applies exactly the excludes the build applies.

Paths are the destinations inside the bundle, with forward slashes (``PySide6/plugins/tls/qopensslbackend.dll``,
``libQt6Network.so.6``, ``PySide6/Qt/plugins/…`` on Linux).
"""

from __future__ import annotations

import re

# Qt modules the program uses. Everything else goes.
USED_QT = ("QtCore", "QtGui", "QtWidgets", "QtPrintSupport")

UNUSED_QT = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAxContainer", "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization", "QtDBus",
    "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLabsStyleKit",
    "QtLocation", "QtMultimedia", "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc",
    "QtOpenGL", "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets", "QtPositioning", "QtQml",
    "QtQmlFeatures", "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickTest", "QtQuickWidgets",
    "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio",
    "QtSql", "QtStateMachine", "QtSvg", "QtSvgWidgets", "QtTest", "QtTextToSpeech", "QtUiTools",
    "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets",
    "QtWebView", "QtXml",
)

# Python modules never imported by the program but reachable through optional imports
# (openpyxl tries numpy and PIL, pypdfium2 PIL for images it never makes here, test tools …).
# Evidence: docs/BUILD.md, "What the program imports" — every module below is absent from sys.modules
# after a session that checks .docx/.xlsx/.html/.mht/.pdf, exports every kind, rolls up, lists the
# archive, saves the summary PDF and runs the self-test; and the frozen self-test passes without them.
PYTHON_EXCLUDES = tuple(f"PySide6.{m}" for m in UNUSED_QT) + (
    "tkinter", "_tkinter", "numpy", "scipy", "pandas", "matplotlib", "PIL", "IPython", "jedi",
    "pytest", "_pytest", "hypothesis", "pytestqt", "setuptools", "pkg_resources", "distutils",
    "lib2to3", "pydoc_data", "test", "docutils", "sphinx", "PyQt5", "PyQt6", "PySide2",
    # parts of lxml nothing here uses (lxml.html itself stays)
    "lxml.objectify", "lxml.isoschematron", "lxml.html.diff", "lxml.html._difflib",
    # no network, no certificates: without ssl/_hashlib the build carries no OpenSSL (libcrypto is ~5 MB);
    # hashlib falls back to CPython's own SHA-2/MD5, asyncio/urllib/http treat ssl as optional
    "ssl", "_ssl", "_hashlib",
    # the interactive line editor (pdb/cmd pull it in; Linux: libreadline + libtinfo)
    "readline",
    # developer tools reached only through lxml's doctest helpers and servers nothing starts
    "lxml.doctestcompare", "lxml.usedoctest", "lxml.html.usedoctest", "lxml.html._diffcommand", "doctest", "pdb",
    "pydoc", "unittest", "xmlrpc.server", "http.server", "socketserver",
    # lxml.html is not used either: the HTML reader parses with lxml.etree's HTMLParser (core/readers/html.py);
    # lxml.sax and lxml.builder are compiled modules (Windows: 0.2 MB) nothing imports
    "lxml.html", "lxml.sax", "lxml.builder", "lxml.ElementInclude", "lxml.cssselect",
    # no network and no event loop: asyncio (only typing_extensions names it, in a function nothing calls),
    # the clients of urllib/http/ftp/smtp/xmlrpc (reached only through lxml.html, logging.handlers' SMTP/HTTP
    # handlers, multiprocessing's optional xmlrpc serializer and xml.sax.saxutils, none of them used) and the
    # browser launcher (lxml.html.open_in_browser)
    "asyncio", "_asyncio", "_overlapped", "urllib.request", "urllib.response", "urllib.robotparser", "http",
    "ftplib", "smtplib", "xmlrpc", "webbrowser", "netrc", "nturl2path",
    # tar archives (shutil.unpack_archive names them), the old option parser (olefile's own command line),
    # memory tracing (warnings names it), the pure-Python decimal (the C one, _decimal, is bundled)
    "tarfile", "optparse", "tracemalloc", "_pydecimal",
)

# Qt shared libraries of the excluded modules (Qt6Network.dll, libQt6Network.so.6, …)
QT_LIB_DROP = re.compile(
    r"(^|/)(lib)?qt6(network|qml|quick|3d|multimedia|spatialaudio|webengine|webchannel|websockets|webview"
    r"|pdf|svg|opengl|sql|test|designer|help|uitools|xml|virtualkeyboard|labs|lottie|charts|datavisualization"
    r"|graphs|positioning|location|sensors|serial|bluetooth|nfc|remoteobjects|scxml|statemachine"
    r"|texttospeech|httpserver|shadertools|concurrent|waylandcompositor|waylandegl|wlshell)[^/]*$",
    re.I,
)
# Qt plugin folders only those modules use, and single plugins that load one of the dropped libraries
QT_PLUGIN_DROP = re.compile(
    r"(^|/)plugins/(qmltooling|qmllint|qmlls|sqldrivers|tls|networkinformation|multimedia|position|sensors"
    r"|webview|canbus|designer|renderers|sceneparsers|geometryloaders|3dinputdevices|renderplugins"
    r"|texttospeech|virtualkeyboard|vectorimageformats|scxmldatamodel|assetimporters|help"
    r"|wayland-graphics-integration-server|egldeviceintegrations)/"
    # image formats: the program reads only its .ico (PNG is built into QtGui); tiff/webp/jpeg/gif … go
    r"|(^|/)plugins/imageformats/(lib)?q(pdf|svg|tiff|webp|jpeg|gif|icns|tga|wbmp)[^/]*$"
    r"|(^|/)plugins/iconengines/(lib)?qsvgicon[^/]*$"
    r"|(^|/)plugins/platforminputcontexts/(lib)?qtvirtualkeyboard[^/]*$"
    r"|(^|/)plugins/generic/(lib)?qtuiotouchplugin[^/]*$"
    # platforms: windows / xcb for the window, offscreen for the headless self-test; no others
    r"|(^|/)plugins/platforms/(lib)?q(eglfs|minimalegl|minimal|vkkhrdisplay|vnc|linuxfb|direct2d)[^/]*$",
    re.I,
)
# qml folders, and the software OpenGL / shader compiler DLLs a widgets program never loads
# and the C++ runtime parts Qt never links: C++ AMP, C++/CX, OpenMP; PySide's QML support library
QT_MISC_DROP = re.compile(r"(^|/)qml/|(^|/)(opengl32sw|d3dcompiler_\d+|vcamp140|vccorlib140|vcomp140)\.dll$"
                          r"|(^|/)(lib)?pyside6qml[^/]*$", re.I)
# Linux only: the Wayland / EGLFS stacks (Qt falls back to xcb, which XWayland provides) and the GTK
# platform theme with the GTK libraries only it pulls in (a bundled cairo/pango beside the system's GTK
# is a known source of crashes)
LINUX_DROP = re.compile(
    r"(^|/)(lib)?qt6(wayland|eglfs|wlshell)[^/]*$"
    r"|(^|/)plugins/(wayland-[^/]+/|platforms/libqwayland[^/]*$|platformthemes/libqgtk3[^/]*$)"
    r"|^lib(atk-1\.0|cairo|cairo-gobject|pango-1\.0|pangocairo-1\.0|pangoft2-1\.0|gdk_pixbuf-2\.0|pixman-1"
    r"|thai|datrie|fribidi|harfbuzz|graphite2)\.so[.0-9]*$",
    re.I,
)
# Qt's own translations: keep only the Chinese ones of the modules in use
QT_TRANSLATION = re.compile(r"(^|/)translations/[^/]+\.qm$", re.I)
QT_TRANSLATION_KEEP = re.compile(r"(^|/)translations/qt(base)?_zh_CN\.qm$", re.I)

# data files of other packages nothing reads at run time: python-docx's unpacked copy of default.docx (the
# package opens templates/default.docx and the default-*.xml parts, never this folder)
DATA_DROP = re.compile(r"(^|/)docx/templates/default-docx-template/")

# the Qt plugin folders PyInstaller's hooks collect for QtGui, QtWidgets and QtPrintSupport
QT_PLUGIN_DIRS_COLLECTED = ("accessiblebridge", "generic", "iconengines", "imageformats", "platforminputcontexts",
                            "platforms", "platformthemes", "styles", "printsupport", "xcbglintegrations",
                            "egldeviceintegrations")


def _qt_path(d: str) -> bool:
    return ("pyside6/" in d.lower() or "shiboken6/" in d.lower() or re.search(r"(^|/)(lib)?qt6", d, re.I) is not None
            or re.search(r"(opengl32sw|d3dcompiler_\d+|vcamp140|vccorlib140|vcomp140)\.dll$", d, re.I) is not None
            or re.search(r"(^|/)(lib)?pyside6qml", d, re.I) is not None)


def dropped(dest: str, platform: str) -> bool:
    """True if build.spec leaves this file (a destination inside the bundle) out.
    ``platform`` as sys.platform: ``win32``, ``linux``, ``darwin``."""
    d = dest.replace("\\", "/")
    if DATA_DROP.search(d):
        return True
    if platform.startswith("linux") and LINUX_DROP.search(d):
        return True
    if not _qt_path(d):
        return False
    if QT_LIB_DROP.search(d) or QT_PLUGIN_DROP.search(d) or QT_MISC_DROP.search(d):
        return True
    if QT_TRANSLATION.search(d) and "pyside6/" in d.lower() and not QT_TRANSLATION_KEEP.search(d):
        return True
    return False


def module_excluded(module: str) -> bool:
    """True if the Python module (dotted name) is one build.spec excludes."""
    return any(module == x or module.startswith(x + ".") for x in PYTHON_EXCLUDES)
