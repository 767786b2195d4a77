"""The size of what a clerk downloads: the Windows one-folder build, estimated on any machine, and the
Linux one-folder build, measured.

    python benchmarks/bench_size.py                     # builds the Linux one-folder program first (PyInstaller)
    python benchmarks/bench_size.py --linux-dist DIR    # an existing build: DIR/年报核查/
    python benchmarks/bench_size.py --json out.json

Prints ``windows one-folder estimate: N MB`` and ``linux one-folder: N MB`` (MB = 2**20 bytes, as
Windows Explorer counts) and the largest parts of each, with what each is for.

How the Windows figure is made:

1. The dependencies are those of pyproject.toml (``[project] dependencies`` and the ``gui`` extra),
   with their own requirements, for Windows / CPython 3.12 (the Windows build's Python), at the
   exact versions installed in the environment running this (so a dependency added to pyproject.toml,
   such as the PDF reader's, is picked up).
2. For every dependency that is not pure Python, its ``win_amd64`` wheel is downloaded
   (``pip download --platform win_amd64 --only-binary=:all: --python-version 3.12 --no-deps``, cached
   in build/bench-size/wheels) and what build.spec keeps of it is summed: the excludes come from
   tools/build_excludes.py, the file build.spec itself reads; extension modules of excluded Python
   modules and Qt modules not used are left out, as are Qt libraries only those modules load, the
   Qt plugin folders PyInstaller's Qt hooks do not collect, headers, stubs and tools; any other DLL
   (the C++ runtime …) counts only if a kept binary imports it, as PyInstaller's dependency analysis
   collects it.
3. Everything that is the same on both systems is taken from the Linux build: the executable with the
   compressed Python modules (PYZ), the bundled resources, the data of pure-Python packages; and the
   Python runtime (libpython, the standard library's extension modules, OpenSSL …) stands in for
   python312.dll and its .pyd files — the one approximation, said so in the output.

As a check of step 2, the same selection is applied to the Linux packages installed here and compared
with what the Linux build really holds.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import zipfile
import zlib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_excludes as bx  # noqa: E402

APP_NAME = "年报核查"
MB = 1 << 20
WORK = ROOT / "build" / "bench-size"
TARGET = {  # PEP 508 marker environment of the Windows build
    "os_name": "nt", "sys_platform": "win32", "platform_system": "Windows", "platform_machine": "AMD64",
    "platform_release": "10", "platform_version": "10.0", "python_version": "3.12",
    "python_full_version": "3.12.8", "implementation_name": "cpython", "platform_python_implementation": "CPython",
    "implementation_version": "3.12.8", "extra": "",
}

# what the large parts are for (first match wins)
PURPOSE = [
    (r"Qt6Core", "Qt core: event loop, text, files, settings"),
    (r"Qt6Gui", "Qt drawing, fonts, images, printing to PDF, the platform integration"),
    (r"Qt6Widgets", "Qt widgets: the window, tables, dialogs"),
    (r"Qt6PrintSupport", "Qt printing and print preview"),
    (r"Qt6DBus|Qt6XcbQpa|Qt6OpenGL", "Qt's X11 window system integration (Linux only)"),
    (r"QtWidgets\.", "Python bindings of the widgets"),
    (r"QtGui\.", "Python bindings of QtGui"),
    (r"QtCore\.", "Python bindings of QtCore"),
    (r"QtPrintSupport\.", "Python bindings of printing"),
    (r"pyside6\.abi3|shiboken6", "PySide6/shiboken runtime (Python ↔ C++)"),
    (r"libicu", "ICU (Unicode data) that Linux Qt links; Windows Qt uses the system's"),
    (r"plugins/platforms/(lib)?qoffscreen", "Qt's headless platform: the self-test and --save-summary"),
    (r"plugins/platforms", "Qt's platform plugin: the window on the screen"),
    (r"plugins/styles", "Qt's Windows 10/11 look"),
    (r"plugins/imageformats", "Qt's .ico reader (the program's icon)"),
    (r"plugins/", "Qt plugins (input methods, print dialogs, themes)"),
    (r"translations/", "Qt's own Chinese texts (standard buttons, dialogs)"),
    (r"(^|/)lxml/", "lxml: the XML/HTML parser that reads .docx/.xlsx and web pages"),
    (r"pdfium|pypdfium2", "PDFium: reading published PDF reports"),
    (r"msvcp|vcruntime|concrt", "Microsoft C++ runtime that Qt needs"),
    (r"libsqlite3|sqlite3\.dll|_sqlite3", "SQLite: the local archive of checked reports"),
    (r"unicodedata", "Unicode tables: full-width digits and punctuation in reports"),
    (r"base_library", "the Python standard library needed at start (encodings …), deflated by build.spec"),
    (r"libpython|python3\d*\.dll|lib-dynload", "the Python runtime"),
    (r"libssl|libcrypto", "OpenSSL, linked by Python's ssl/hashlib"),
    (r"^" + APP_NAME, "the program: bootloader and every Python module, compressed (PYZ)"),
    (r"(^|/)resources/", "the program's icons and sample reports"),
    (r"(^|/)docx/", "python-docx templates (exports)"),
    (r"libxcb|libX|libxkb|libfontconfig|libfreetype|libglib|libgthread|libdbus|libEGL|libGL", "Linux system libraries Qt links"),
    (r"libstdc\+\+|libgcc_s", "the C++ runtime Qt needs (Linux)"),
    (r"libcups|libgnutls|libunistring|libp11-kit|libkrb5|libgssapi|libk5crypto|libnettle|libhogweed|libgmp|libidn2"
     r"|libtasn1|libavahi", "CUPS printing and what libcups links (Linux)"),
    (r"libsystemd|libgcrypt|libgpg-error|liblz4|libzstd|libcap", "what libdbus and Qt link (Linux)"),
]

# the parts of the program, for the breakdown (first match wins)
GROUPS = [
    ("Qt libraries", r"(^|/)(lib)?Qt6\w+(\.so[.\d]*|\.dll)$",
     "the window, drawing, fonts, printing (Qt6Core, Qt6Gui, Qt6Widgets, Qt6PrintSupport)"),
    ("Qt's Python bindings", r"(^|/)PySide6/Qt\w+\.(pyd|abi3\.so)$|pyside6\.abi3|libpyside6|(^|/)shiboken6/(?!.*(msvcp|vcruntime))",
     "PySide6 and shiboken6: Python calling Qt"),
    ("Qt plugins and translation", r"(^|/)plugins/|(^|/)translations/",
     "the platform (window system; offscreen for the self-test), the Windows style, .ico, Qt's Chinese texts"),
    ("ICU", r"(^|/)libicu", "Unicode data that Linux Qt links (Windows Qt uses the system's icu.dll)"),
    ("C++ runtime", r"(^|/)(msvcp|vcruntime|concrt)\w*\.dll$", "Microsoft's C++ runtime that Qt and shiboken need"),
    ("PDFium", r"pdfium", "reading published PDF reports (pypdfium2)"),
    ("lxml", r"(^|/)lxml/", "the XML/HTML parser that reads .docx, .xlsx and saved web pages"),
    ("Python runtime", None, "the interpreter, the standard library's compiled modules, SQLite (the archive), Unicode tables"),
    ("the program", r"^" + APP_NAME + r"(\.exe)?( |$)", "bootloader and every Python module (ours, openpyxl, python-docx …), compressed"),
    ("resources", r"(^|/)(resources|docx/templates)/", "icons, sample reports, python-docx's template for exports"),
    ("Linux system libraries", r"(^|/)lib[^/]*\.so[.\d]*$", "libraries of the Linux desktop Qt links (X11, fontconfig, glib …)"),
]


def group_of(path: str) -> str:
    p = path.replace("\\", "/")
    inner = p.split("/", 1)[1] if p.startswith("_internal/") else p
    for label, pat, _ in GROUPS:
        if pat is None:
            if _RUNTIME.search(inner) or re.search(r"(^|/)(python3\d*|libffi-\d+|sqlite3)\.dll$|(^|/)[\w]+\.pyd$", inner) \
                    and "/" not in inner:
                return label
            continue
        if re.search(pat, inner, re.I):
            return label
    return "other"


def group_totals(files) -> list[tuple[str, int, str]]:
    sums: dict[str, int] = {}
    for p, s in files:
        g = group_of(p)
        sums[g] = sums.get(g, 0) + s
    what = {label: text for label, _, text in GROUPS}
    return sorted(((g, s, what.get(g, "")) for g, s in sums.items()), key=lambda x: -x[1])


def purpose(name: str) -> str:
    for pat, what in PURPOSE:
        if re.search(pat, name, re.I):
            return what
    return ""


# --- 1. the dependencies ------------------------------------------------------------------------

def _packaging():
    try:
        from packaging.markers import Marker
        from packaging.requirements import Requirement
    except ImportError:  # pip always carries a copy
        from pip._vendor.packaging.markers import Marker  # type: ignore
        from pip._vendor.packaging.requirements import Requirement  # type: ignore
    return Requirement, Marker


def _pyproject() -> dict:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        from pip._vendor import tomli as tomllib  # type: ignore
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


NOT_INSTALLED_HERE: list[str] = []  # dependencies of the Windows build only, not installed on this machine


def dependencies(extras=("gui",)) -> dict[str, str]:
    """{distribution name: installed version} of everything the Windows build bundles from PyPI."""
    Requirement, _ = _packaging()
    project = _pyproject()["project"]
    todo = list(project.get("dependencies", []))
    for extra in extras:
        todo += project.get("optional-dependencies", {}).get(extra, [])
    found: dict[str, str] = {}
    skipped_here = NOT_INSTALLED_HERE
    while todo:
        req = Requirement(todo.pop())
        if req.marker is not None and not req.marker.evaluate(TARGET):
            continue
        name = _canon(req.name)
        if name in found:
            continue
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            if req.marker is not None and not req.marker.evaluate():
                skipped_here.append(str(req).split(";")[0].strip())  # Windows-only (comtypes): estimated below
                continue
            raise LookupError(f"{req.name} is not installed here: install the project's dependencies first "
                              f"(pip install -e .[gui])") from None
        found[name] = dist.version
        todo += dist.requires or []
    return found


def _canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def is_pure(name: str) -> bool:
    text = metadata.distribution(name).read_text("WHEEL") or ""
    return "Root-Is-Purelib: true" in text


def top_levels(name: str) -> set[str]:
    dist = metadata.distribution(name)
    tops = set()
    for f in dist.files or []:
        first = f.parts[0]
        if first.endswith((".dist-info", ".data")) or first == "..":
            continue
        tops.add(first.split(".")[0] if len(f.parts) == 1 else first)
    return tops


# --- 2. what build.spec keeps of a binary package -------------------------------------------------

_SKIP = re.compile(r"\.dist-info/|\.data/|(^|/)(include|metatypes|typesystems|glue|scripts|examples|doc|qml"
                   r"|resources|libexec)/|\.(pyi|py|pyc|h|hpp|lib|pxd|pxi|pyx|c|cpp|a|cmake|prl|pri|exe|json)$"
                   r"|(^|/)py\.typed$|^PySide6/[^/.]+$",  # Qt's tools (designer, lupdate …; no suffix on Linux)
                   re.I)
_EXT = re.compile(r"^(?P<mod>[A-Za-z_]\w*)(\.[\w-]+)?\.(pyd|so)$")
_QT_LIB = re.compile(r"(^|/)(lib)?Qt6(?P<mod>\w+?)(\.so\.6[.\d]*|\.dll)$", re.I)
_USED_QT_LIBS = {m[2:].lower() for m in bx.USED_QT} | {"dbus", "xcbqpa", "opengl"}  # Linux: xcb needs XcbQpa, DBus, OpenGL


def kept(path: str, platform: str) -> bool:
    """Does the one-folder build keep this file of a binary package? ``path`` is relative to
    site-packages (as in the wheel)."""
    p = path.replace("\\", "/")
    if _SKIP.search(p):
        return False
    if bx.dropped(p, platform):
        return False
    parts = p.split("/")
    name = parts[-1]
    lower = p.lower()
    if "/plugins/" in lower:
        folder = lower.split("/plugins/", 1)[1].split("/", 1)[0]
        return folder in bx.QT_PLUGIN_DIRS_COLLECTED
    if "/translations/" in lower:
        return bool(bx.QT_TRANSLATION_KEEP.search(p))
    m = _QT_LIB.search(p)
    if m:
        mod = m.group("mod").lower()
        if platform == "win32":
            return mod in {x[2:].lower() for x in bx.USED_QT}
        return mod in _USED_QT_LIBS
    m = _EXT.match(name)
    if m and not name.startswith("lib") and len(parts) > 1:
        module = ".".join(parts[:-1] + [m.group("mod")])
        if parts[0] == "PySide6":
            return m.group("mod") in bx.USED_QT
        return not bx.module_excluded(module)
    module_path = ".".join(parts[:-1])
    return not bx.module_excluded(module_path)


_DLL_NAME = re.compile(rb"[A-Za-z0-9_.\-]{3,60}\.dll", re.I)


def _other_dll(path: str) -> bool:
    """A DLL that is neither a Qt library nor a plugin (C++ runtime, pyside6.abi3.dll, pdfium.dll …):
    PyInstaller collects it only if a collected binary imports it."""
    p = path.lower()
    if not p.startswith(("pyside6/", "shiboken6/")):  # e.g. pypdfium2_raw/pdfium.dll, loaded by ctypes: its hook collects it
        return False
    return p.endswith(".dll") and "/plugins/" not in p and not _QT_LIB.search(path)


def select_windows(wheels: list[Path]) -> list[tuple[str, int]]:
    """What build.spec keeps of the win_amd64 wheels: ``kept()``, and of the other DLLs only those in
    the import closure of the kept binaries (resolved as Windows does for a DLL in a package folder:
    its own folder first, then the package's top folder). The imports are read from the PE files'
    import tables (their DLL names)."""
    entries: dict[str, tuple[Path, int]] = {}
    for whl in wheels:
        for p, s in wheel_files(whl):
            entries[p] = (whl, s)
    first = [p for p in entries if kept(p, "win32")]
    others = {(p.rsplit("/", 1)[0].lower(), p.rsplit("/", 1)[-1].lower()): p for p in first if _other_dll(p)}
    chosen = {p for p in first if not _other_dll(p)}
    queue = [p for p in chosen if p.lower().endswith((".dll", ".pyd"))]
    zips: dict[Path, zipfile.ZipFile] = {}
    while queue:
        p = queue.pop()
        whl = entries[p][0]
        z = zips.setdefault(whl, zipfile.ZipFile(whl))
        folder, top = p.rsplit("/", 1)[0].lower(), p.split("/", 1)[0].lower()
        for name in {m.decode("ascii", "ignore").lower() for m in _DLL_NAME.findall(z.read(p))}:
            for where in (folder, top):
                cand = others.get((where, name))
                if cand:
                    if cand not in chosen:
                        chosen.add(cand)
                        queue.append(cand)
                    break
    for z in zips.values():
        z.close()
    return sorted((p, entries[p][1]) for p in chosen)


def wheel_files(whl: Path) -> list[tuple[str, int]]:
    with zipfile.ZipFile(whl) as z:
        return [(i.filename, i.file_size) for i in z.infolist() if not i.is_dir()]


def zipped(data: bytes) -> int:
    """Bytes this file takes in the zip a clerk downloads (deflate, as Compress-Archive writes it)."""
    return len(zlib.compress(data, 6))


def wheel_zipped(whl: Path, names: set[str]) -> int:
    with zipfile.ZipFile(whl) as z:
        return sum(zipped(z.read(n)) for n in names)


def installed_files(name: str) -> list[tuple[str, int]]:
    dist = metadata.distribution(name)
    out = []
    for f in dist.files or []:
        p = Path(dist.locate_file(f))
        if p.is_file() and ".." not in f.parts:
            out.append((f.as_posix(), p.stat().st_size))
    return out


def download(name: str, version: str, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    stem = _canon(name).replace("-", "_")
    have = [w for w in into.glob("*.whl") if _canon(w.name.split("-")[0]).replace("-", "_") == stem
            and w.name.split("-")[1] == version]
    if have:
        return have[0]
    cmd = [sys.executable, "-m", "pip", "download", "-q", "--platform", "win_amd64", "--only-binary=:all:",
           "--python-version", "3.12", "--no-deps", "-d", str(into), f"{name}=={version}"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"could not download the win_amd64 wheel of {name}=={version}:\n{p.stderr[-2000:]}")
    return download(name, version, into)


def download_pure(requirement: str, into: Path) -> Path:
    """The newest wheel matching ``requirement`` (a Windows-only pure-Python dependency)."""
    into.mkdir(parents=True, exist_ok=True)
    Requirement, _ = _packaging()
    req = Requirement(requirement)
    stem = _canon(req.name).replace("-", "_")
    have = [w for w in into.glob("*.whl") if _canon(w.name.split("-")[0]).replace("-", "_") == stem
            and req.specifier.contains(w.name.split("-")[1], prereleases=False)]
    if have:
        return sorted(have)[-1]
    cmd = [sys.executable, "-m", "pip", "download", "-q", "--platform", "win_amd64", "--only-binary=:all:",
           "--python-version", "3.12", "--no-deps", "-d", str(into), requirement]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"could not download the wheel of {requirement}:\n{p.stderr[-2000:]}")
    return download_pure(requirement, into)


def pyz_bytes(sources) -> int:
    """What Python modules take in the PYZ: compiled, marshalled, zlib level 6 (PyInstaller's
    ZlibArchiveWriter). ``sources``: (file name, source bytes)."""
    import marshal

    total = 0
    for name, src in sources:
        try:
            code = compile(src, name, "exec", dont_inherit=True)
        except (SyntaxError, ValueError):  # a module for another Python version: not collected either
            continue
        total += len(zlib.compress(marshal.dumps(code), 6))
    return total


def _collected_py(path: str) -> bool:
    return path.endswith(".py") and not re.search(r"(^|/)(tests?|testing)/", path) and ".dist-info/" not in path


def wheel_pyz_bytes(whl: Path) -> int:
    with zipfile.ZipFile(whl) as z:
        return pyz_bytes((n, z.read(n)) for n in z.namelist() if _collected_py(n))


def installed_pyz_bytes(name: str) -> int:
    dist = metadata.distribution(name)
    return pyz_bytes((f.as_posix(), Path(dist.locate_file(f)).read_bytes()) for f in dist.files or []
                     if _collected_py(f.as_posix()) and ".." not in f.parts)


# --- 3. the Linux build ---------------------------------------------------------------------------

def build_linux(dist: Path) -> Path:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--distpath", str(dist),
           "--workpath", str(WORK / "work"), str(ROOT / "build.spec")]
    p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit("the Linux build failed:\n" + p.stderr[-4000:])
    return dist


def bundle_files(folder: Path) -> list[tuple[str, int]]:
    out = []
    for f in folder.rglob("*"):
        if f.is_file() and not f.is_symlink():
            out.append((f.relative_to(folder).as_posix(), f.stat().st_size))
    return out


_RUNTIME = re.compile(r"(^|/)(libpython[\d.]+\.so[.\d]*|lib-dynload/|base_library\.zip|python3\d*\.dll"
                      r"|lib(ssl|crypto|ffi|z|bz2|lzma|expat|mpdec|uuid|sqlite3|tinfo|readline|ncursesw?)\.so[.\d]*$)")


def classify_linux(files, binary_tops: set[str]) -> dict[str, list[tuple[str, int]]]:
    """Split the Linux bundle: ``binary`` (from packages with platform code — replaced by the Windows
    wheels in the estimate), ``runtime`` (the Python runtime), ``linux`` (Linux system libraries only
    the Linux build carries), ``common`` (the same on Windows: the executable with the PYZ, resources,
    pure-Python packages' data)."""
    parts: dict[str, list] = {"binary": [], "runtime": [], "linux": [], "common": []}
    for rel, size in files:
        inner = rel.split("/", 1)[1] if rel.startswith("_internal/") else rel
        top = inner.split("/", 1)[0]
        if _RUNTIME.search(inner):
            parts["runtime"].append((rel, size))
        elif "/" in inner and top in binary_tops:
            parts["binary"].append((rel, size))
        elif "/" not in inner and re.match(r"lib.*\.so", inner):
            parts["linux"].append((rel, size))
        else:
            parts["common"].append((rel, size))
    return parts


def _sum(files) -> int:
    return sum(s for _, s in files)


def _largest(files, n=12) -> list[tuple[str, int]]:
    return sorted(files, key=lambda x: -x[1])[:n]


def _print_groups(files, indent="  ") -> None:
    for g, size, what in group_totals(files):
        if size < MB / 20:
            continue
        print(f"{indent}{size / MB:6.1f} MB  {g} — {what}")


def measure_windows(dist: Path, wheels_dir: Path) -> int:
    """On Windows, after the build: the real one-folder size, its parts, and whether the wheel model
    picked exactly the files PyInstaller collected (so the estimate made elsewhere can be trusted)."""
    folder = dist / APP_NAME
    if not folder.is_dir():
        raise SystemExit(f"no one-folder build at {folder}")
    files = bundle_files(folder)
    total = _sum(files)
    print(f"windows one-folder (measured): {total / MB:.1f} MB in {len(files)} files  ({folder})")
    _print_groups(files)
    print("  largest parts:")
    for p, s in _largest(files, 20):
        print(f"    {s / MB:6.1f} MB  {p}  — {purpose(p)}")
    deps = dependencies()
    binary = {n: v for n, v in deps.items() if not is_pure(n)}
    wheels = [download(n, v, wheels_dir) for n, v in sorted(binary.items())]
    model = dict(select_windows(wheels))
    tops = set().union(*(top_levels(n) for n in binary))
    real = {p.split("/", 1)[1]: s for p, s in files if p.startswith("_internal/") and "/" in p.split("/", 1)[1]
            and p.split("/", 2)[1] in tops and not p.endswith("version.json")}
    missing = sorted(set(model) - set(real))
    extra = sorted(set(real) - set(model))
    print(f"  check of the wheel model: it picks {len(model)} files, {_sum(model.items()) / MB:.1f} MB; "
          f"the build holds {len(real)}, {_sum(real.items()) / MB:.1f} MB")
    for p in missing:
        print(f"    predicted, not in the build: {p} ({model[p] / MB:.2f} MB)")
    for p in extra:
        print(f"    in the build, not predicted: {p} ({real[p] / MB:.2f} MB)")
    goal = 60
    print(f"\ngoal: Windows under {goal} MB — {'met' if total / MB < goal else 'NOT met'}")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--linux-dist", type=Path, help="an existing PyInstaller dist folder (holding 年报核查/)")
    ap.add_argument("--windows-dist", type=Path,
                    help="on Windows: measure this dist folder (holding 年报核查/) and check the wheel model against it")
    ap.add_argument("--wheels", type=Path, default=WORK / "wheels", help="where the win_amd64 wheels are cached")
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args(argv)
    if args.windows_dist:
        return measure_windows(args.windows_dist, args.wheels)

    try:
        deps = dependencies()
    except LookupError as e:
        raise SystemExit(str(e))
    binary = {n: v for n, v in deps.items() if not is_pure(n)}
    binary_tops = set().union(*(top_levels(n) for n in binary)) if binary else set()

    # Windows: the kept files of each binary wheel
    wheels = {f"{name}=={version}": download(name, version, args.wheels) for name, version in sorted(binary.items())}
    win_parts = select_windows(list(wheels.values()))
    chosen = {p for p, _ in win_parts}
    per_dist: dict[str, int] = {}
    win_zip = 0
    for label, whl in wheels.items():
        mine = {p for p, _ in wheel_files(whl)} & chosen
        per_dist[label] = _sum([(p, s) for p, s in win_parts if p in mine])
        win_zip += wheel_zipped(whl, mine)

    # Windows-only pure-Python dependencies (comtypes): their modules, compiled and compressed as in the PYZ
    win_only = {req: wheel_pyz_bytes(download_pure(req, args.wheels)) for req in sorted(set(NOT_INSTALLED_HERE))}
    # the same method applied to a package the Linux build holds, against its real PYZ entries (below)
    method_check = installed_pyz_bytes("openpyxl")

    # Linux: the real build
    dist = args.linux_dist or build_linux(WORK / "dist")
    folder = dist / APP_NAME
    if not folder.is_dir():
        raise SystemExit(f"no one-folder build at {folder}")
    lin_files = bundle_files(folder)
    lin = classify_linux(lin_files, binary_tops)
    linux_total = _sum(lin_files)
    pyz_real = _pyz_entry_bytes(WORK / "work" / "build" / "PYZ-00.pyz", "openpyxl") if not args.linux_dist else None

    # the check of the selection model against the real Linux build: the same files (sizes differ by the strip)
    model_linux = {p for n in binary for p, _ in installed_files(n) if kept(p, "linux")}
    lin_binary = {p.split("/", 1)[1] if p.startswith("_internal/") else p for p, _ in lin["binary"]}
    lin_binary = {p for p in lin_binary if not p.endswith("version.json")}

    # python312.dll imports vcruntime140.dll: PyInstaller collects Python's own copy at the top of the folder
    # (the Linux stand-in has no such file); its size is taken from the copy in the shiboken6 wheel.
    # python3.dll (the abi3 forwarder the PySide6 modules import, well under 0.1 MB) is not counted.
    vc = next((s for p, s in win_parts if p.lower().endswith("/vcruntime140.dll")), 0)
    python_vc = [("_internal/vcruntime140.dll", vc)] if vc else []
    win_runtime = lin["runtime"] + python_vc

    win_only_total = sum(win_only.values())
    windows_total = _sum(win_parts) + _sum(lin["common"]) + _sum(win_runtime) + win_only_total
    win_zip += sum(zipped((folder / p).read_bytes()) for p, _ in lin["common"] + lin["runtime"])
    win_zip += win_only_total + vc // 2
    win_files = win_parts + lin["common"] + win_runtime + [(f"{APP_NAME}.exe (PYZ: {r})", b) for r, b in win_only.items()]

    print(f"dependencies (Windows, Python 3.12): " + ", ".join(f"{n}=={v}" for n, v in sorted(deps.items())))
    print(f"  with platform code (win_amd64 wheels): {', '.join(sorted(binary)) or 'none'}")
    print()
    print(f"windows one-folder estimate: {windows_total / MB:.1f} MB")
    print(f"  as the zip a clerk downloads: {win_zip / MB:.1f} MB")
    print(f"  from the win_amd64 wheels, as build.spec keeps them: {_sum(win_parts) / MB:.1f} MB")
    for d, s in sorted(per_dist.items(), key=lambda x: -x[1]):
        print(f"    {s / MB:6.1f} MB  {d}")
    print(f"  the same on both systems (executable with PYZ, resources, pure-Python data): "
          f"{_sum(lin['common']) / MB:.1f} MB")
    for req, b in win_only.items():
        print(f"  Windows only, pure Python, added to the PYZ: {b / MB:.2f} MB  {req} (Word/WPS/Excel through COM)")
    print(f"  Python runtime (measured in the Linux build: stands in for python312.dll and its .pyd files; "
          f"+ Python's vcruntime140.dll): {_sum(win_runtime) / MB:.1f} MB")
    print("  what each part is for:")
    _print_groups(win_files, "    ")
    print("  largest Windows files:")
    for p, s in _largest(win_parts + lin["common"] + win_runtime, 16):
        print(f"    {s / MB:6.1f} MB  {p}  — {purpose(p)}")
    print()
    print(f"linux one-folder: {linux_total / MB:.1f} MB  ({folder})")
    _print_groups(lin_files)
    print("  largest Linux files:")
    for p, s in _largest(lin_files, 14):
        print(f"    {s / MB:6.1f} MB  {p}  — {purpose(p)}")
    same = model_linux == lin_binary
    print(f"  check of the selection: applied to the Linux packages installed here it keeps {len(model_linux)} files; "
          f"the build holds {len(lin_binary)} of them — {'the same files' if same else 'DIFFERENT'}"
          f" ({_sum(lin['binary']) / MB:.1f} MB after the strip)")
    if not same:
        for p in sorted(model_linux ^ lin_binary)[:20]:
            print(f"    {'model only' if p in model_linux else 'build only'}: {p}")
    if pyz_real is not None:
        print(f"  check of the PYZ estimate (used for comtypes): openpyxl compiled and compressed here "
              f"{method_check / 1024:.0f} KB; in the build's PYZ {pyz_real / 1024:.0f} KB")
    goal = 60
    print(f"\ngoal: Windows under {goal} MB — {'met' if windows_total / MB < goal else 'NOT met'}")

    if args.json:
        args.json.write_text(json.dumps({
            "windows_estimate_mb": round(windows_total / MB, 2), "linux_mb": round(linux_total / MB, 2),
            "windows_zip_estimate_mb": round(win_zip / MB, 2),
            "windows_wheels_mb": {k: round(v / MB, 2) for k, v in per_dist.items()},
            "windows_only_pure_mb": {k: round(v / MB, 3) for k, v in win_only.items()},
            "windows_common_mb": round(_sum(lin["common"]) / MB, 2),
            "python_runtime_mb": round(_sum(win_runtime) / MB, 2),
            "windows_groups_mb": {g: round(s / MB, 2) for g, s, _ in group_totals(win_files)},
            "linux_groups_mb": {g: round(s / MB, 2) for g, s, _ in group_totals(lin_files)},
            "linux_parts_mb": {k: round(_sum(v) / MB, 2) for k, v in lin.items()},
            "selection_check_same_files": same,
            "dependencies": deps,
        }, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


def _pyz_entry_bytes(pyz: Path, top: str) -> int | None:
    try:
        from PyInstaller.archive.readers import ZlibArchiveReader
    except ImportError:
        return None
    if not pyz.is_file():
        return None
    toc = ZlibArchiveReader(str(pyz)).toc
    return sum(e[2] for n, e in toc.items() if n == top or n.startswith(top + "."))


if __name__ == "__main__":
    sys.exit(main())
