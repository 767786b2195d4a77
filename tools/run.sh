#!/usr/bin/env bash
# Sets up the program and runs it.
#   bash tools/run.sh                 checks the bundled sample report (with known faults) on the command line
#   bash tools/run.sh gui [FILE]      opens the window
#   bash tools/run.sh check FILE...   checks your own files
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
.venv/bin/pip install -q -e ".[gui]"
case "${1:-sample}" in
  gui) shift; exec .venv/bin/python -m gui "$@" ;;
  check) shift; exec .venv/bin/python -m core check "$@" ;;
  *) .venv/bin/python -m core check "resources/samples/示例报告-有错误.docx" || true ;;
esac
