"""The window with last year's report (pytest-qt, offscreen): found in the archive by itself,
chosen by hand, dropped; the repeated passages highlighted; the archive dialog; the batch window's
roll-up button."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings, QStandardPaths  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from tests.engine_helpers import standard_spec  # noqa: E402
from tests.fixtures import build_docx  # noqa: E402
from tests.fixtures.years import LAST_YEAR_TEXT, break_carry_over, previous_year, random_unit  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("gui-years")
    this = standard_spec("000")
    prev = previous_year(this, 2022)
    broken = break_carry_over(this, "natural", 3)
    for s in broken.sections:  # section 五 copied from last year: W-copy
        if s.key == "五":
            s.paragraphs = [p.format(y=2021) for p in LAST_YEAR_TEXT["五"]]
    return {"prev": build_docx(prev, d / "2021.docx"), "broken": build_docx(broken, d / "2022.docx"),
            "other": build_docx(random_unit(1, 2022, random.Random(1)), d / "其他.docx")}


@pytest.fixture
def dialogs(monkeypatch):
    shown = []

    def record(kind):
        def show(parent, title, text, *a, **k):
            shown.append((kind, text))
            return QMessageBox.StandardButton.Yes if kind == "question" else QMessageBox.StandardButton.Ok
        return show

    for kind in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(record(kind)))
    return shown


@pytest.fixture
def window(qtbot, dialogs, monkeypatch):
    QStandardPaths.setTestModeEnabled(True)
    import gui.main_window as mw

    monkeypatch.setattr(mw, "ask_unsaved", lambda parent, name, count: "discard")
    from gui.common import settings
    from gui.crossyear import THRESHOLD_KEY

    s = settings()
    s.remove(THRESHOLD_KEY)  # a threshold another test set must not leak into this one
    s.sync()
    w = mw.MainWindow()
    qtbot.addWidget(w)
    w.resize(1200, 760)
    w.show()
    qtbot.waitExposed(w)
    return w


def _open(qtbot, w, path):
    w.open_path(path)
    qtbot.waitUntil(lambda: not w.is_busy() and w.original is not None and Path(w.original.path) == Path(path),
                    timeout=20000)
    w.pool.waitForDone(20000)
    qtbot.wait(50)
    return w.original


def _codes(result, code):
    return [f for f in result.findings if f.code == code]


def test_actions_are_in_the_menus(window):
    cy = window.crossyear
    texts = [a.text() for m in window.menuBar().actions() if m.menu() for a in m.menu().actions()]
    assert "对比上年报告(&Y)…" in texts and "本机档案(&A)…" in texts and "显示与上年重复的文字" in texts
    assert not cy.act_compare.isEnabled()


def test_archive_finds_last_year_by_itself(qtbot, window, files):
    r = _open(qtbot, window, files["prev"])
    assert r.crossyear is None
    r = _open(qtbot, window, files["broken"])
    qtbot.waitUntil(lambda: window.original.crossyear is not None, timeout=20000)
    r = window.original
    assert {f.cells[0].col for f in _codes(r, "R6")} == {"natural", "total"}
    assert "档案" in r.crossyear.source and "2021.docx" in _codes(r, "I-previous")[0].message
    assert window.findings.list.model().rowCount() >= 2  # the panel shows the new findings
    assert window.crossyear.act_none.isEnabled()


def test_choose_another_or_none(qtbot, window, files):
    _open(qtbot, window, files["broken"])
    window.crossyear.compare_with(files["other"])
    qtbot.waitUntil(lambda: window.original.crossyear is not None
                    and window.original.crossyear.previous.name == "其他.docx", timeout=20000)
    r = window.original
    assert len(_codes(r, "X-pair")) == 1 and not _codes(r, "R6")
    window.crossyear.compare_with(files["prev"])
    qtbot.waitUntil(lambda: window.original.crossyear.previous.name == "2021.docx", timeout=20000)
    assert len(_codes(window.original, "R6")) == 2
    window.crossyear.drop_previous()
    assert window.original.crossyear is None and not _codes(window.original, "R6")


def test_window_says_which_previous_report_and_lets_the_clerk_change_it(qtbot, window, files, monkeypatch):
    from gui.crossyear import CompareDialog

    _open(qtbot, window, files["prev"])
    assert window.crossyear.indicator.isVisible() and window.crossyear.indicator.text() == "上年报告：未对比"
    _open(qtbot, window, files["broken"])
    qtbot.waitUntil(lambda: window.original.crossyear is not None, timeout=20000)
    text = window.crossyear.indicator.text()
    assert "2021.docx" in text and "档案" in text  # the archive's choice, always in sight
    dlg = CompareDialog(window.crossyear)
    qtbot.addWidget(dlg)
    assert "2021.docx" in dlg.info.text() and "本机档案" in dlg.info.text() and str(files["prev"]) in dlg.info.text()
    assert "第五部分 100%" in dlg.measures.text() and dlg.none_button.isEnabled()
    # the clerk chooses "none" in the dialog
    monkeypatch.setattr(CompareDialog, "exec", lambda self: self._close_with("none") or 1)
    window.crossyear.indicator.click()
    assert window.original.crossyear is None and not _codes(window.original, "R6")
    assert window.crossyear.indicator.text() == "上年报告：未对比（本机档案中有「2021.docx」）"
    # … and back to the archive's report
    dlg = CompareDialog(window.crossyear)
    qtbot.addWidget(dlg)
    assert not dlg.archive_button.isHidden() and "2021.docx" in dlg.archive_button.text()
    monkeypatch.setattr(CompareDialog, "exec", lambda self: self._close_with("archive") or 1)
    window.crossyear.act_compare.trigger()
    assert "档案" in window.original.crossyear.source and len(_codes(window.original, "R6")) == 2
    dlg = CompareDialog(window.crossyear)
    qtbot.addWidget(dlg)
    assert dlg.archive_button.isHidden()  # it is the one compared
    # … or another file (the file dialog answers with it)
    monkeypatch.setattr(CompareDialog, "exec", lambda self: self._close_with("file") or 1)
    monkeypatch.setattr("gui.crossyear.QFileDialog.getOpenFileName", lambda *a, **k: (str(files["other"]), ""))
    window.crossyear.act_compare.trigger()
    qtbot.waitUntil(lambda: window.original.crossyear.previous.name == "其他.docx", timeout=20000)
    assert "其他.docx" in window.crossyear.indicator.text() and "不相衔接" in window.crossyear.indicator.text()
    window.close_report()
    assert not window.crossyear.indicator.isVisible()


def test_copy_threshold_is_set_in_the_dialog_applied_at_once_and_remembered(qtbot, window, files):
    from gui.common import settings
    from gui.crossyear import CompareDialog, threshold_percent

    _open(qtbot, window, files["broken"])
    window.crossyear.compare_with(files["prev"])
    qtbot.waitUntil(lambda: window.original.crossyear is not None, timeout=20000)
    assert [f.section for f in _codes(window.result, "W-copy")] == ["五"]
    key = ("三", "new", "legal_other")
    window.set_cell_text(key, "7")
    dlg = CompareDialog(window.crossyear)
    qtbot.addWidget(dlg)
    assert dlg.spin.value() == 60
    dlg.spin.setValue(100)  # at once: no section repeats more than 100 %
    assert not _codes(window.result, "W-copy") and window.edits == {key: "7"}
    assert not [f for f in window.findings.model.findings if f.code == "W-copy"]
    assert window.findings.filter_buttons[None].text() == f"全部 {len(window.result.findings)}"  # the panel follows
    assert window.header.buttons["warning"].text().strip().endswith(str(window.result.warnings))
    assert "超过 100% 的：没有" in dlg.measures.text()
    assert "超过 100%" in window.crossyear.indicator.toolTip()
    # remembered: a new window (a new run) reads it, and a new comparison uses it
    assert threshold_percent(settings()) == 100
    import gui.main_window as mw

    again = mw.MainWindow()
    qtbot.addWidget(again)
    assert again.crossyear.threshold == 100 and CompareDialog(again.crossyear).spin.value() == 100
    window.crossyear.compare_with(files["prev"])
    qtbot.waitUntil(lambda: window.original.crossyear is not None and window.edits == {}, timeout=20000)
    assert window.original.crossyear.threshold == 1.0 and not _codes(window.result, "W-copy")
    dlg.spin.setValue(60)
    assert [f.section for f in _codes(window.result, "W-copy")] == ["五"]
    assert "超过 60%" in _codes(window.result, "W-copy")[0].message


def test_unreadable_previous_file_says_so(qtbot, window, files, dialogs, tmp_path):
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"not a zip")
    _open(qtbot, window, files["broken"])
    window.crossyear.compare_with(bad)
    qtbot.waitUntil(lambda: any(k == "warning" for k, _ in dialogs), timeout=20000)
    assert any("上年报告「坏.docx」无法读取" in t for k, t in dialogs if k == "warning")


def test_repeated_passages_are_highlighted(qtbot, window, files):
    _open(qtbot, window, files["broken"])
    window.crossyear.compare_with(files["prev"])
    qtbot.waitUntil(lambda: window.original.crossyear is not None, timeout=20000)
    cy = window.original.crossyear
    assert cy.copy["五"].percent == 100 and _codes(window.original, "W-copy")
    window.crossyear.act_copy.setChecked(True)
    sels = window.text_view.extraSelections()
    assert sels
    texts = {s.cursor.selectedText() for s in sels}
    assert any("栏目更新频率不高" in t for t in texts)
    window.crossyear.act_copy.setChecked(False)
    assert not window.text_view.extraSelections()


def test_archive_dialog_lists_and_forgets(qtbot, window, files):
    from core.archive import Archive, is_enabled
    from gui.crossyear import ArchiveDialog

    _open(qtbot, window, files["prev"])
    dlg = ArchiveDialog(window)
    qtbot.addWidget(dlg)
    assert dlg.table.rowCount() == 1 and dlg.table.item(0, 3).text() == "2021.docx"
    dlg.table.selectRow(0)
    assert dlg.forget_selected(confirm=False) == 1
    assert dlg.table.rowCount() == 0
    a = Archive()
    assert a.entries() == []
    a.close()
    dlg.toggle()
    assert not is_enabled() and "打开" in dlg.toggle_button.text()
    dlg.toggle()
    assert is_enabled()


def test_batch_window_rollup_button(qtbot, tmp_path):
    from core.check import check_path
    from gui.batch_window import BatchWindow

    folder = tmp_path / "units"
    folder.mkdir()
    rng = random.Random(7)
    specs = [random_unit(i, 2023, rng) for i in range(4)]
    for i, s in enumerate(specs):
        build_docx(s, folder / f"{i}.docx")
    w = BatchWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), workers=1)
    qtbot.addWidget(w)
    assert w.rollup.act in [a for tb in w.findChildren(__import__("PySide6.QtWidgets").QtWidgets.QToolBar)
                            for a in tb.actions()]
    with qtbot.waitSignal(w.batchFinished, timeout=60000):
        w.add_paths([folder])
    out = tmp_path / "汇总.xlsx"
    w.rollup.rollup_to(out, quiet=True)
    qtbot.waitUntil(lambda: w.rollup.last is not None, timeout=60000)
    ru, written = w.rollup.last
    assert out.exists() and out.with_suffix(".docx").exists()
    assert sum(1 for u in ru.units if u.included) == 4
    expect = sum(int(s.t3[("total", "total")]) for s in specs)
    assert check_path(out.with_suffix(".docx")).report.value("三", "total", "total") == expect
    w.shutdown() if hasattr(w, "shutdown") else None
