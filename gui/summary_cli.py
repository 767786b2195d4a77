"""``python -m gui --save-summary FILE OUT.pdf``: the summary the window saves as PDF, written
without a window (offscreen), for scripts and tests. Exit 0 when written, 2 when the report could
not be read, 3 when the PDF could not be written."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path


def save_summary(file, out) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from core.check import check_path
    from core.readers import ReadError

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "nianbao-checker"])  # noqa: F841
    from .printing import save_pdf

    try:
        result = check_path(file)
    except ReadError as e:
        print(e.message, file=sys.stderr)
        return 2
    try:
        written = save_pdf(Path(out), result, checked_at=datetime.now().strftime("%Y-%m-%d %H:%M"))
    except Exception as e:  # noqa: BLE001 - said in Chinese, never a traceback
        print(f"无法保存检查结果到「{out}」：{e}", file=sys.stderr)
        return 3
    print(f"已保存检查结果：{written}（{result.errors} 个错误，{result.warnings} 个警告）")
    return 0
