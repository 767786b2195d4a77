#!/usr/bin/env bash
# Sets up everything the tests need on a fresh Debian/Ubuntu machine and runs them.
#   bash tools/test.sh          all tests + the core-without-Qt run + the import contract
#   FROZEN=1 bash tools/test.sh also builds the PyInstaller program and runs its --self-test
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

# System packages: LibreOffice renders/recalculates exports, poppler reads PDFs, a CJK font for PDFs
# and screenshots, the libraries Qt's offscreen/xcb platforms load.
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  need=""
  for p in libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk libegl1 libgl1 \
           libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0; do
    dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
  done
  if [ -n "$need" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $need >/dev/null
  fi
else
  echo "note: not root or no apt-get; LibreOffice-based tests are skipped if soffice is missing" >&2
fi

# A fresh Debian/Ubuntu has python3 without venv/ensurepip: install it when we can.
if ! "$PY" -c "import ensurepip, venv" 2>/dev/null && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
fi

# 1. The core alone, in an environment where PySide6 is not installed at all.
"$PY" -m venv .venv-core
.venv-core/bin/pip install -q --upgrade pip
.venv-core/bin/pip install -q -e . pytest pytest-xdist hypothesis import-linter wheel
if .venv-core/bin/python -c "import PySide6" 2>/dev/null; then echo "PySide6 must not be in .venv-core" >&2; exit 1; fi
# The conversions through LibreOffice (PDF, HTML, old .doc/.xls, re-saved fixtures) do not touch Qt and
# run in the full environment below; here the rest of the core runs without PySide6 installed.
PATH="$PWD/.venv-core/bin:$PATH" .venv-core/bin/python -m pytest -q -p no:cacheprovider -n 2 tests \
  --ignore=tests/test_pdf_layouts.py --ignore=tests/test_pdf_mutation.py --ignore=tests/test_pdf_traits.py \
  --ignore=tests/test_html_libreoffice.py --ignore=tests/test_legacy_convert.py \
  --ignore=tests/test_engine_foreign_writers.py

# 2. Everything, with the window.
"$PY" -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e ".[test,build]"
export PATH="$PWD/.venv/bin:$PATH"   # lint-imports, nianbao-check … of this environment
.venv/bin/lint-imports
QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q -n 2 tests

# 3. The frozen program (slow): build with build.spec and run its self-test.
if [ "${FROZEN:-0}" = 1 ]; then
  # the 50-run batch stress test (tests/stress) is run by hand: `pytest -m slow tests/stress`
  QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q -m slow tests --ignore=tests/stress
fi
