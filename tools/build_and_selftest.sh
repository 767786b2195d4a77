#!/usr/bin/env bash
# Build 年报核查 with build.spec (PyInstaller) and run the built program's --self-test.
#
#   tools/build_and_selftest.sh             one-folder build (the main artefact)
#   ONEFILE=1 tools/build_and_selftest.sh   one-file build
#
# Builds into build/frozen/<onedir|onefile>/ (BUILD_ROOT to change), prints the size of the result
# and the self-test's log, and exits with the self-test's status (0 = every check passed).
# Needs: pip install -e .[build]   (PyInstaller). Runs on Linux, macOS and Git Bash on Windows.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python}
ROOT=${BUILD_ROOT:-build/frozen}
KIND=onedir
if [ "${ONEFILE:-}" = 1 ]; then KIND=onefile; fi
DIST="$ROOT/$KIND/dist"
WORK="$ROOT/$KIND/work"
LOG="$ROOT/$KIND/selftest.log"
NAME="年报核查"

rm -rf "$DIST" "$LOG"
start=$(date +%s)
echo "== building ($KIND) with PyInstaller"
"$PY" -m PyInstaller --noconfirm --log-level WARN --distpath "$DIST" --workpath "$WORK" build.spec
echo "== built in $(( $(date +%s) - start )) s"

if [ "$KIND" = onedir ]; then
    EXE="$DIST/$NAME/$NAME"
    [ -f "$EXE.exe" ] && EXE="$EXE.exe"
    echo "== size of the one-folder build: $(du -sh "$DIST/$NAME" | cut -f1)"
else
    EXE="$DIST/$NAME-onefile"
    [ -f "$DIST/$NAME.exe" ] && EXE="$DIST/$NAME.exe"
    echo "== size of the one-file build: $(du -sh "$EXE" | cut -f1)"
fi
[ -x "$EXE" ] || { echo "no executable at $EXE" >&2; exit 1; }

echo "== $EXE --self-test"
status=0
# The program writes the same lines to the log file as to the console: show the file, which is
# what a windowed .exe (no console) leaves behind.
if command -v timeout >/dev/null 2>&1; then
    QT_QPA_PLATFORM=offscreen timeout 300 "$EXE" --self-test --self-test-log "$LOG" >/dev/null 2>&1 || status=$?
else
    QT_QPA_PLATFORM=offscreen "$EXE" --self-test --self-test-log "$LOG" >/dev/null 2>&1 || status=$?
fi
if [ -f "$LOG" ]; then
    cat "$LOG"
else
    echo "the self-test wrote no log file ($LOG)" >&2
    [ "$status" = 0 ] && status=1
fi
echo "== self-test exit status: $status"
exit "$status"
