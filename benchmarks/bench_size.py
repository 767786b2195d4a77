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
    (r"QtWidgets\.", "Python bindings of the widgets"),
    (r"QtGui\.", "Python bindings of QtGui"),
    (r"QtCore\.", "Python bindings of QtCore"),
    (r"QtPrintSupport\.", "Python bindings of printing"),
    (r"pyside6\.abi3|shiboken6", "PySide6/shiboken runtime (Python ↔ C++)"),
    (r"libicu", "ICU (Unicode data) that Linux Qt links; Windows Qt uses the system's"),
    (r"plugins/platforms", "Qt platform plugins (the window system; offscreen for the self-test)"),
    (r"plugins/", "Qt plugins (styles, image formats, input methods)"),
    (r"translations/", "Qt's own Chinese texts (standard buttons, dialogs)"),
    (r"(^|/)lxml/", "lxml: the XML parser that reads .docx/.xlsx (and HTML)"),
    (r"pdfium|pypdfium2", "PDFium: reading PDF reports"),
    (r"msvcp|vcruntime|concrt", "Microsoft C++ runtime that Qt needs"),
    (r"libpython|python3\d*\.dll|lib-dynload|base_library", "the Python runtime"),
    (r"libssl|libcrypto", "OpenSSL, linked by Python's ssl/hashlib"),
    (r"^" + APP_NAME, "the program: bootloader and every Python module, compressed (PYZ)"),
    (r"(^|/)resources/", "the program's icons and sample reports"),
    (r"(^|/)docx/", "python-docx templates (exports)"),
    (r"libxcb|libX|libxkb|libfontconfig|libfreetype|libglib|libgthread|libdbus|libEGL|libGL", "Linux system libraries Qt links"),
]


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
                skipped_here.append(req.name)  # Windows-only (comtypes): cannot be measured from here
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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--linux-dist", type=Path, help="an existing PyInstaller dist folder (holding 年报核查/)")
    ap.add_argument("--wheels", type=Path, default=WORK / "wheels", help="where the win_amd64 wheels are cached")
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args(argv)

    try:
        deps = dependencies()
    except LookupError as e:
        raise SystemExit(str(e))
    binary = {n: v for n, v in deps.items() if not is_pure(n)}
    pure = {n: v for n, v in deps.items() if n not in binary}
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

    # Linux: the real build
    dist = args.linux_dist or build_linux(WORK / "dist")
    folder = dist / APP_NAME
    if not folder.is_dir():
        raise SystemExit(f"no one-folder build at {folder}")
    lin_files = bundle_files(folder)
    lin = classify_linux(lin_files, binary_tops)
    linux_total = _sum(lin_files)

    # the check of the selection model against the real Linux build
    model_linux = sum(_sum([(p, s) for p, s in installed_files(n) if kept(p, "linux")]) for n in binary)

    windows_total = _sum(win_parts) + _sum(lin["common"]) + _sum(lin["runtime"])
    win_zip += sum(zipped((folder / p).read_bytes()) for p, _ in lin["common"] + lin["runtime"])

    print(f"dependencies (Windows, Python 3.12): " + ", ".join(f"{n}=={v}" for n, v in sorted(deps.items())))
    print(f"  with platform code (win_amd64 wheels): {', '.join(sorted(binary)) or 'none'}")
    if NOT_INSTALLED_HERE:
        print(f"  Windows only, not installed here, not counted: {', '.join(sorted(set(NOT_INSTALLED_HERE)))}")
    print()
    print(f"windows one-folder estimate: {windows_total / MB:.1f} MB")
    print(f"  as the zip a clerk downloads: {win_zip / MB:.1f} MB")
    print(f"  from the win_amd64 wheels, as build.spec keeps them: {_sum(win_parts) / MB:.1f} MB")
    for d, s in sorted(per_dist.items(), key=lambda x: -x[1]):
        print(f"    {s / MB:6.1f} MB  {d}")
    print(f"  the same on both systems (executable with PYZ, resources, pure-Python data): "
          f"{_sum(lin['common']) / MB:.1f} MB")
    print(f"  Python runtime (measured in the Linux build: stands in for python312.dll and its .pyd files): "
          f"{_sum(lin['runtime']) / MB:.1f} MB")
    print("  largest Windows parts:")
    for p, s in _largest(win_parts + lin["common"], 14):
        print(f"    {s / MB:6.1f} MB  {p}  — {purpose(p)}")
    print()
    print(f"linux one-folder: {linux_total / MB:.1f} MB  ({folder})")
    for k in ("binary", "linux", "runtime", "common"):
        print(f"  {k:8s} {_sum(lin[k]) / MB:6.1f} MB")
    print("  largest Linux parts:")
    for p, s in _largest(lin_files, 14):
        print(f"    {s / MB:6.1f} MB  {p}  — {purpose(p)}")
    print(f"  check of the selection: applied to the Linux packages installed here it keeps {model_linux / MB:.1f} MB; "
          f"the build holds {_sum(lin['binary']) / MB:.1f} MB of them")
    goal = 60
    print(f"\ngoal: Windows under {goal} MB — {'met' if windows_total / MB < goal else 'NOT met'}")

    if args.json:
        args.json.write_text(json.dumps({
            "windows_estimate_mb": round(windows_total / MB, 2), "linux_mb": round(linux_total / MB, 2),
            "windows_zip_estimate_mb": round(win_zip / MB, 2),
            "windows_wheels_mb": {k: round(v / MB, 2) for k, v in per_dist.items()},
            "windows_common_mb": round(_sum(lin["common"]) / MB, 2),
            "python_runtime_mb": round(_sum(lin["runtime"]) / MB, 2),
            "linux_parts_mb": {k: round(_sum(v) / MB, 2) for k, v in lin.items()},
            "selection_check_mb": {"model": round(model_linux / MB, 2), "build": round(_sum(lin["binary"]) / MB, 2)},
            "dependencies": deps,
        }, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
