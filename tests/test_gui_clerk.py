"""What a clerk tripped over in the window (issue 14), each as a test that failed before the change:
the printed summary's tables, a findings filter left on for the next report, the header line at
1366 px, the toolbar disagreeing with the panel, English in Qt's dialogs, the structure list, the
recent files."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QStandardPaths, Qt  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QWidget,
)

from core.check import check_path  # noqa: E402
from core.findings import ERROR, WARNING  # noqa: E402
from tests.test_gui_window import Dialogs, open_and_wait  # noqa: E402,F401

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    from tests.engine_helpers import standard_spec
    from tests.fixtures.docx_builder import build_docx
    from tests.fixtures.layouts import Layout
    from tests.fixtures.seeds import SEEDS

    d = tmp_path_factory.mktemp("clerk")
    clean = build_docx(standard_spec("004"), d / "clean.docx", Layout(stray=False))
    spec = standard_spec("000")
    spec.t3[("granted", "commercial")] = str(int(spec.t3[("granted", "commercial")]) + 7)
    spec.t4[("review", "total")] = str(int(spec.t4[("review", "total")]) + 2)
    faulty = build_docx(spec, d / "faulty.docx", Layout(stray=False))
    no_heading = build_docx(SEEDS["003"], d / "no-heading.docx")
    import copy

    mixed_spec = copy.deepcopy(SEEDS["000"])  # its non-standard headings give warnings
    mixed_spec.t4[("review", "total")] = str(int(mixed_spec.t4[("review", "total")]) + 3)
    mixed = build_docx(mixed_spec, d / "mixed.docx")  # 三's heading is absent, its table is there
    long_name = d / ("某某市某某区某某街道办事处关于报送二〇二四年度政府信息公开工作年度报告（修改稿第三版）的函附件" + ".docx")
    shutil.copy(faulty, long_name)
    return {"clean": clean, "faulty": faulty, "no_heading": no_heading, "long": long_name,
            "mixed": mixed}


@pytest.fixture
def window(qtbot, monkeypatch):
    QStandardPaths.setTestModeEnabled(True)
    import gui.main_window as mw

    d = Dialogs()
    for kind in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(d._record(kind)))
    monkeypatch.setattr(mw, "ask_unsaved", lambda parent, name, count: "discard")
    w = mw.MainWindow()
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


# ----------------------------------------------------------------------------------- 2. the filter


def test_a_filter_chosen_on_one_report_does_not_hide_the_next_reports_errors(qtbot, window, docs):
    open_and_wait(qtbot, window, docs["clean"])
    window.findings.set_filter(WARNING)
    res = open_and_wait(qtbot, window, docs["faulty"])
    assert res.errors > 0
    assert window.findings.proxy.severity is None
    assert window.findings.proxy.rowCount() == len(res.findings)
    assert "没有警告" not in window.findings.empty.text() or not window.findings.empty.isVisible()


def test_a_filter_that_hides_errors_says_so_and_f8_still_reaches_them(qtbot, window, docs):
    res = open_and_wait(qtbot, window, docs["faulty"])
    window.findings.set_filter("info")  # nothing of that kind: the list is empty
    assert window.findings.proxy.rowCount() == 0
    assert f"{res.errors} 个错误" in window.findings.empty.text()
    f = window.next_finding()  # F8
    assert f is not None and f.severity == ERROR
    assert window.findings.proxy.severity is None


def test_a_partial_filter_names_what_it_hides(qtbot, window, docs):
    res = open_and_wait(qtbot, window, docs["mixed"])
    assert res.errors and res.warnings
    window.findings.set_filter(WARNING)
    assert window.findings.hidden_label.isVisibleTo(window)
    assert f"{res.errors} 个错误" in window.findings.hidden_label.text()


# ----------------------------------------------------------------------------------- 5. the header


def test_long_file_names_are_not_cut_off_in_the_header(qtbot, window, docs):
    open_and_wait(qtbot, window, docs["long"])
    info = window.header.info
    QApplication.processEvents()
    assert "检查时间" in info.text()
    assert info.wordWrap()
    assert info.heightForWidth(info.width()) <= info.height() + 1  # the whole text fits in the label


# ----------------------------------------------------------------------------------- 7. toolbar = panel


def test_toolbar_and_panel_agree_after_a_mouse_click(qtbot, window, docs):
    res = open_and_wait(qtbot, window, docs["faulty"])
    lst = window.findings.list
    for row in range(window.findings.proxy.rowCount()):
        idx = window.findings.proxy.index(row, 0)
        rect = lst.visualRect(idx)
        if not rect.isValid() or rect.isEmpty():
            lst.scrollTo(idx)
            rect = lst.visualRect(idx)
        qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.findings.current_finding() is not None
        assert window.act_apply.isEnabled() == window.findings.apply_button.isEnabled(), row
    assert any(f.suggested is not None for f in res.findings)


# ----------------------------------------------------------------------------------- 8. English, codes

_ALLOWED = {"PDF", "Excel", "Word", "WPS", "docx", "xlsx", "pdf", "html", "Ctrl", "Shift", "Enter", "Esc", "LibreOffice"}


def _english_words(widget: QWidget) -> set[str]:
    texts = [widget.windowTitle()]
    for w in widget.findChildren(QWidget):
        texts.append(w.toolTip())
        if isinstance(w, (QLabel, QAbstractButton)):
            texts.append(w.text())
        if isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        view_model = getattr(w, "model", None)
        if callable(view_model) and hasattr(w, "header"):
            m = w.model()
            if m is not None:
                texts += [str(m.headerData(i, Qt.Orientation.Horizontal) or "") for i in range(m.columnCount())]
    words = set()
    for t in texts:
        t = re.sub(r"[/\\][\w./\\-]+", "", t or "")  # paths are the clerk's own
        for word in re.findall(r"[A-Za-z]{3,}", t):
            if word not in _ALLOWED:
                words.add(word)
    return words


@pytest.fixture
def translated(qapp):
    """Qt's own texts translated as the program installs them at start."""
    from gui.app import install_translations

    ts = install_translations(qapp)
    yield ts
    for t in ts:
        qapp.removeTranslator(t)


def test_qt_file_dialogs_speak_chinese(qtbot, window, translated):
    for mode in (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave):
        d = QFileDialog(window, "打开年度报告")
        d.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # Qt's own dialog, as on Linux
        d.setAcceptMode(mode)
        d.setNameFilter("年度报告 (*.docx *.xlsx)")
        d.show()
        qtbot.waitExposed(d)
        words = _english_words(d)
        d.close()
        assert words == set(), words


def test_message_boxes_and_print_preview_speak_chinese(qtbot, window, docs, translated):
    box = QMessageBox(QMessageBox.Icon.Question, "确认", "要关闭吗？",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel,
                      window)
    box.show()
    assert _english_words(box) == set()
    box.close()
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    printer = QPrinter()  # kept alive: the dialog does not own it
    dlg = QPrintPreviewDialog(printer, window)
    dlg.setWindowTitle("打印检查结果")
    dlg.show()
    qtbot.waitExposed(dlg)
    words = _english_words(dlg)
    dlg.close()
    assert words == set(), words


def test_internal_codes_are_only_in_the_details_line(qtbot, window, docs):
    res = open_and_wait(qtbot, window, docs["faulty"])
    f = res.findings[0]
    window.select_finding(f)
    html = window.findings.detail.toPlainText()
    assert f"规则代码：{f.code}" in html
    assert html.count(f.code) == 1


# ----------------------------------------------------------------------------------- 10. smaller


def test_structure_list_says_heading_missing_when_the_table_is_there(qtbot, window, docs):
    open_and_wait(qtbot, window, docs["no_heading"])
    items = {window.outline.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole): window.outline.topLevelItem(i)
             for i in range(window.outline.topLevelItemCount())}
    assert items["三"].text(1).endswith("缺少标题")
    assert not any(items[k].text(1).endswith("缺少标题") for k in ("一", "二", "四", "五", "六") if k in items)


def test_recent_files_show_their_folder_and_forget_files_that_are_gone(qtbot, window, docs, tmp_path):
    gone = tmp_path / "gone.docx"
    shutil.copy(docs["clean"], gone)
    open_and_wait(qtbot, window, gone)
    open_and_wait(qtbot, window, docs["faulty"])
    assert str(gone.resolve()) in window.recent_files()
    gone.unlink()
    assert str(gone.resolve()) not in window.recent_files()
    window._fill_recent_menu()
    labels = [a.text() for a in window.recent_menu.actions() if a.text()]
    assert any("faulty.docx" in t and str(Path(docs["faulty"]).parent.name) in t for t in labels)


def test_findings_splitter_is_remembered(qtbot, window, docs):
    open_and_wait(qtbot, window, docs["faulty"])
    total = sum(window.findings.splitter.sizes())
    window.findings.splitter.setSizes([total // 2, total - total // 2])  # the clerk gives the details half
    sizes = window.findings.splitter.sizes()
    window.close()
    import gui.main_window as mw

    again = mw.MainWindow()
    qtbot.addWidget(again)
    again.resize(1366, 768)
    again.show()
    open_and_wait(qtbot, again, docs["faulty"])
    got = again.findings.splitter.sizes()
    assert abs(got[1] - sizes[1]) <= 16, (got, sizes)  # the default gives the details a fifth


# ----------------------------------------------------------------------------------- 1. the printout


def _pdf_text(path: Path, mode: str = "-layout") -> list[str]:
    out = subprocess.run(["pdftotext", mode, str(path), "-"], capture_output=True, check=True).stdout
    text = unicodedata.normalize("NFKC", out.decode("utf-8"))  # Qt on Linux writes CJK radicals (⼈) for some glyphs
    return text.split("\f")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("which", ["clean", "faulty"])
def test_printout_numbers_unbroken_and_headers_on_every_page(qtbot, window, docs, tmp_path, which):
    from gui.printing import save_pdf

    res = check_path(docs[which])
    out = save_pdf(tmp_path / "summary.pdf", res, checked_at="2026-12-01 09:00")
    pages = _pdf_text(out)
    tokens = set()
    for page in pages:
        tokens.update(re.findall(r"\d[\d.,]*", page))
    for t in ("三", "四"):
        for cell in res.report.tables[t].cells.values():
            raw = cell.raw.strip()
            if raw:
                assert raw in tokens or any(tok.startswith(raw) and not tok[len(raw):].isdigit() for tok in tokens), \
                    (t, cell.row, cell.col, raw)
    # every page that holds rows of 三 shows its column headers
    row_labels = ("予以公开", "不予公开", "无法提供", "不予处理", "其他处理", "结转下年度")
    raw_pages = ["".join(p.split()) for p in _pdf_text(out, "-raw")]  # content order: a cell's text is together
    pages_with_t3 = [p for p in raw_pages if any(lbl in p for lbl in row_labels)]
    assert len(pages_with_t3) >= 2  # the table does break across pages
    for p in pages_with_t3:
        assert "自然人" in p and "商业企业" in p and "法律服务机构" in p, p[:400]


# ----------------------------------------------------------------------------------- 6. the batch table


def test_batch_table_fits_1366_and_names_files(qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    from gui.batch_window import COL_FILE, COL_UNIT, NO_UNIT, BatchWindow
    from tests.engine_helpers import standard_spec
    from tests.fixtures.docx_builder import build_docx
    from tests.fixtures.seeds import SEEDS
    from tests.fixtures.xlsx_builder import build_xlsx

    for i in range(3):  # three files of one unit and year: told apart by their file names
        build_docx(standard_spec("003"), tmp_path / f"淮安市人民政府2024年报告-第{i + 1}稿.docx")
    build_xlsx(SEEDS["003"], tmp_path / "shuyang county x sheets clean.xlsx", formulas="cached")
    w = BatchWindow()
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    with qtbot.waitSignal(w.batchFinished, timeout=60_000):
        w.add_paths([tmp_path])
    QApplication.processEvents()
    t = w.table
    assert not t.horizontalScrollBar().isVisible()  # no horizontal scrolling at 1366 px
    files = [w.proxy.index(r, COL_FILE).data() for r in range(w.proxy.rowCount())]
    units = dict(zip(files, (w.proxy.index(r, COL_UNIT).data() for r in range(w.proxy.rowCount()))))
    assert len(set(files)) == 4
    assert units["shuyang county x sheets clean.xlsx"] == NO_UNIT
    assert COL_FILE < COL_UNIT + 2  # the file name is next to the unit, not last


def test_a_text_figure_finding_highlights_the_figure_not_the_paragraph(qtbot, window, tmp_path):
    from tests.engine_helpers import standard_spec
    from tests.fixtures.docx_builder import build_docx

    spec = standard_spec("004")
    hits = [(s, i) for s in spec.sections for i, p in enumerate(s.paragraphs) if "953" in p]
    assert hits
    sec, i = hits[0]
    sec.paragraphs[i] = sec.paragraphs[i].replace("953", "950", 1)
    path = build_docx(spec, tmp_path / "r8.docx")
    res = open_and_wait(qtbot, window, path)
    f = next(f for f in res.findings if f.code.startswith("R8") and f.actual == 950)
    window.select_finding(f)
    sels = window.text_view.extraSelections()
    assert sels[-1].cursor.selectedText() == "950"
    assert sels[-1].format.fontUnderline()


def test_zoom_with_keys_and_ctrl_wheel(qtbot, window, docs):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    open_and_wait(qtbot, window, docs["faulty"])
    view = window._grid_pages["三"].view
    before = view.font().pointSizeF()
    window.act_zoom_in.trigger()
    assert view.font().pointSizeF() > before
    window.act_zoom_reset.trigger()
    assert view.font().pointSizeF() == pytest.approx(before)
    ev = QWheelEvent(QPointF(20, 20), QPointF(view.mapToGlobal(QPoint(20, 20))), QPoint(0, 0), QPoint(0, 120),
                     Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), ev)
    assert view.font().pointSizeF() > before
    assert window.text_view.font().pointSizeF() > before
    window.zoom(0)


def test_the_export_dialog_says_what_the_corrected_copy_added(qtbot, window, docs, monkeypatch, tmp_path):
    import gui.main_window as mw

    seen = []
    monkeypatch.setattr(mw.MainWindow, "_exported", lambda self, files, notes: seen.append(notes))
    open_and_wait(qtbot, window, docs["no_heading"])
    window.export("corrected", tmp_path / "out.docx")
    qtbot.waitUntil(lambda: bool(seen), timeout=20000)
    assert any("标准标题" in n or "待补充" in n for n in seen[0]), seen


# ----------------------------------------------------------------------------------- without a window


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_save_summary_from_the_command_line(docs, tmp_path):
    import os
    import sys

    out = tmp_path / "结果.pdf"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    p = subprocess.run([sys.executable, "-m", "gui", "--save-summary", str(docs["faulty"]), str(out)],
                       capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0, p.stderr
    assert out.exists() and out.read_bytes()[:5] == b"%PDF-"
    text = "".join(_pdf_text(out))
    assert "faulty.docx" in text and "检查结果" in text
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"not a report")
    p = subprocess.run([sys.executable, "-m", "gui", "--save-summary", str(bad), str(tmp_path / "x.pdf")],
                       capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 2 and "Traceback" not in p.stderr and not (tmp_path / "x.pdf").exists()


# ----------------------------------------------------------------------------------- drag and drop


def _drop(window, paths):
    import warnings

    from PySide6.QtCore import QMimeData, QPoint, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    return enter.isAccepted()


def test_dropping_a_folder_opens_its_first_report_and_offers_the_batch(qtbot, window, docs, monkeypatch):
    batches = []
    window.batch_available = True
    monkeypatch.setattr(window, "_offer_batch", lambda files, first: batches.append(files))
    folder = Path(docs["clean"]).parent
    assert _drop(window, [folder])
    qtbot.waitUntil(lambda: window.result is not None and not window.is_busy(), timeout=20000)
    assert batches and len(batches[0]) >= 3
    assert Path(window.result.path).parent == folder


def test_dropping_a_non_report_says_so_and_the_window_stays_usable(qtbot, window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: shown.append(a[2])))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: shown.append(a[2])))
    photo = tmp_path / "照片.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    _drop(window, [photo])
    qtbot.waitUntil(lambda: bool(shown) and not window.is_busy(), timeout=20000)
    assert "Traceback" not in shown[0] and any("\u4e00" <= ch <= "\u9fff" for ch in shown[0])
    assert window.stack.currentWidget() is window.welcome


def test_files_given_to_the_program_icon_open_like_a_drop(qtbot, monkeypatch, docs):
    """Dropping files onto the program's icon starts it with their paths: the first opens, the
    batch is offered for several."""
    import gui.main_window as mw

    offered = []
    monkeypatch.setattr(mw.MainWindow, "_offer_batch", lambda self, files, first: offered.append(files))
    w = mw.MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.open_paths([str(docs["faulty"]), str(docs["clean"])])  # what main() does with argv
    qtbot.waitUntil(lambda: w.result is not None and not w.is_busy(), timeout=20000)
    assert Path(w.result.path).name == "faulty.docx" and offered
