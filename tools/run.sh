#!/usr/bin/env bash
# Sets up the program and runs it.
#   bash tools/run.sh                 checks the bundled sample report (with known faults) on the command line
#   bash tools/run.sh gui [FILE]      opens the window
#   bash tools/run.sh check FILE...   checks your own files
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
# A fresh Debian/Ubuntu has python3 without venv/ensurepip: install it when we can.
if ! "$PY" -c "import ensurepip, venv" 2>/dev/null && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
fi
if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
.venv/bin/pip install -q -e ".[gui]"
case "${1:-sample}" in
  gui) shift
    # the libraries Qt's window (xcb) loads, on a machine that has never run a Qt program
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
      need=""
      for p in libegl1 libgl1 libxkbcommon-x11-0 libxcb-cursor0 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-noto-cjk; do
        dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
      done
      if [ -n "$need" ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq && apt-get install -y -qq --no-install-recommends $need >/dev/null
      fi
    fi
    exec .venv/bin/python -m gui "$@" ;;
  check) shift; exec .venv/bin/python -m core check "$@" ;;
  *) .venv/bin/python -m core check "resources/samples/示例报告-有错误.docx" || true ;;
esac
