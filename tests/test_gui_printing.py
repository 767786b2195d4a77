"""The printed summary: a PDF that holds the findings' text (Chinese included) and the tables."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

pytestmark = pytest.mark.gui


_RADICALS: dict[str, str] | None = None


def _radicals() -> dict[str, str]:
    """CJK fonts draw a radical (⺠ U+2EA0, ⼈ U+2F08) and its ideograph (民, 人) with one glyph,
    so the PDF's text layer may name the radical. Map each radical back through the font."""
    global _RADICALS
    if _RADICALS is None:
        from PySide6.QtGui import QFont, QRawFont

        from gui.printing import cjk_family

        raw = QRawFont.fromFont(QFont(cjk_family()))
        by_glyph: dict[int, str] = {}
        for cp in range(0x4E00, 0xA000):
            g = raw.glyphIndexesForString(chr(cp))
            if g and g[0]:
                by_glyph.setdefault(g[0], chr(cp))
        _RADICALS = {}
        for cp in range(0x2E80, 0x2FE0):
            g = raw.glyphIndexesForString(chr(cp))
            if g and g[0] in by_glyph:
                _RADICALS[chr(cp)] = by_glyph[g[0]]
    return _RADICALS


def _pdf_text(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode("utf-8")
    table = _radicals()
    text = "".join(table.get(ch, ch) for ch in text)
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_summary_pdf_holds_every_finding(qtbot, seed_docx, tmp_path):
    from core.check import check_path
    from gui.printing import save_pdf, summary_html

    result = check_path(seed_docx["000"])
    assert result.findings
    out = save_pdf(tmp_path / "summary.pdf", result, {}, "2025-01-20 09:30")
    assert out.read_bytes()[:5] == b"%PDF-"
    text = _pdf_text(out)
    assert "政府信息公开工作年度报告检查结果" in text
    assert "北京市怀柔区人民政府" in text
    assert "2025-01-2009:30" in text
    for f in result.findings:
        assert _flat(f.title) in text
        assert _flat(f.message)[:40] in text
    # the tables are there, with their official labels
    assert "本年新收政府信息公开申请数量" in text and "结果维持" in text
    html = summary_html(result, {}, "")
    assert "<table" in html


def test_window_saves_the_pdf_with_edits_and_marks(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QStandardPaths

    from core.resources import sample_reports
    from gui.main_window import MainWindow

    faulty = [p for p in sample_reports() if "有错误" in p.name]
    if not faulty:
        pytest.skip("the faulty sample report is not bundled")
    QStandardPaths.setTestModeEnabled(True)
    w = MainWindow()
    qtbot.addWidget(w)
    w.open_path(faulty[0])
    qtbot.waitUntil(lambda: w.result is not None and not w.is_busy(), timeout=15000)
    errors = [f for f in w.result.findings if f.severity == "error"]
    key = next((f.target.table, f.target.row, f.target.col) for f in errors if f.target is not None)
    w.set_cell_text(key, "0")
    out = w.save_summary_pdf(tmp_path / "checked.pdf")
    text = _pdf_text(out)
    assert "✕" in text or "×" in text  # the mark, not only a colour
    assert "处修改" in text
    for f in w.result.findings:
        assert _flat(f.message)[:30] in text
    w.undo_stack.setClean()
