"""The main window (pytest-qt, offscreen): opening by path and by drop, findings and their cells,
editing with recheck and undo, applying suggestions, unreadable files, closing with edits."""

from __future__ import annotations

import copy
import shutil
import warnings
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, QPointF, QMimeData, QStandardPaths, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence  # noqa: E402
from PySide6.QtWidgets import QLineEdit, QMessageBox  # noqa: E402

from core.check import check_path  # noqa: E402
from core.findings import ERROR  # noqa: E402

pytestmark = pytest.mark.gui

T3_KEY = ("三", "granted", "commercial")
T4_KEY = ("四", "review", "total")


# ----------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Seed 000 with standard headings: clean, and with one wrong detail cell in 三 and one wrong
    total in 四 (single-cell faults the core can explain and suggest values for)."""
    from tests.fixtures.docx_builder import build_docx
    from tests.fixtures.layouts import Layout
    from tests.fixtures.seeds import SEEDS
    from tests.fixtures.spec import SECTION_TITLES

    folder = tmp_path_factory.mktemp("gui")
    spec = copy.deepcopy(SEEDS["000"])
    for sec in spec.sections:
        if sec.key in SECTION_TITLES:
            sec.heading = SECTION_TITLES[sec.key]
    spec.stray_cells = []
    clean = build_docx(spec, folder / "clean.docx", Layout(stray=False))
    faulty_spec = copy.deepcopy(spec)
    orig = {T3_KEY: faulty_spec.t3[T3_KEY[1:]], T4_KEY: faulty_spec.t4[T4_KEY[1:]]}
    faulty_spec.t3[T3_KEY[1:]] = str(int(orig[T3_KEY]) + 1)
    faulty_spec.t4[T4_KEY[1:]] = str(int(orig[T4_KEY]) + 2)
    faulty = build_docx(faulty_spec, folder / "faulty.docx", Layout(stray=False))
    bad_txt = folder / "notes.docx"
    bad_txt.write_text("这不是 Word 文件，只是改了扩展名的文本。", encoding="utf-8")
    empty = folder / "empty.docx"
    empty.write_bytes(b"")
    return {"clean": clean, "faulty": faulty, "txt": bad_txt, "empty": empty, "orig": orig}


class Dialogs:
    """Every QMessageBox the window shows, captured instead of shown."""

    def __init__(self):
        self.shown: list[tuple[str, str, str]] = []
        self.question_answer = QMessageBox.StandardButton.No

    def _record(self, kind):
        def show(parent, title, text, *args, **kwargs):
            self.shown.append((kind, title, text))
            if kind == "question":
                return self.question_answer
            return QMessageBox.StandardButton.Ok
        return show

    def texts(self, kind=None) -> list[str]:
        return [t for k, _, t in self.shown if kind is None or k == kind]


@pytest.fixture
def dialogs(monkeypatch):
    d = Dialogs()
    for kind in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(d._record(kind)))
    monkeypatch.setattr(QMessageBox, "about", staticmethod(d._record("about")))
    return d


@pytest.fixture
def window(qtbot, dialogs, monkeypatch):
    QStandardPaths.setTestModeEnabled(True)  # settings and recent files go to a test location
    import gui.main_window as mw

    asked = []
    monkeypatch.setattr(mw, "ask_unsaved", lambda parent, name, count: asked.append(name) or "discard")
    monkeypatch.setattr(mw.MainWindow, "_exported", lambda self, files, notes: None)
    confirmed = []  # the lists "apply all" showed before applying
    monkeypatch.setattr(mw, "confirm_suggestions", lambda parent, plan: confirmed.append(list(plan)) or True)
    w = mw.MainWindow()
    w.asked_unsaved = asked
    w.confirmed = confirmed
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def open_and_wait(qtbot, window, path):
    window.open_path(path)
    qtbot.waitUntil(lambda: not window.is_busy(), timeout=60000)  # a bound against a hang, not a speed test
    return window.result


def summary(findings):
    return [(f.code, f.severity, f.message, [(c.table, c.row, c.col) for c in f.cells]) for f in findings]


# ----------------------------------------------------------------------------------- opening


def test_empty_window_offers_what_to_do(window):
    assert window.stack.currentWidget() is window.welcome
    assert window.welcome.open_button.isVisible()
    assert not window.act_export["corrected"].isEnabled()


def test_open_by_path_shows_the_core_findings(qtbot, window, reports):
    result = open_and_wait(qtbot, window, reports["faulty"])
    expected = check_path(reports["faulty"])
    assert summary(result.findings) == summary(expected.findings)
    assert window.findings.model.rowCount() == len(expected.findings)
    assert window.stack.currentWidget() is window.report_page
    assert Path(window.windowFilePath()).name == "faulty.docx"
    assert window.header.buttons[ERROR].text().strip().endswith(str(expected.errors))
    # the grid shows the cell's value as the file has it
    model = window._grid_models["三"]
    assert model.data(model.index_of(T3_KEY)) == str(int(reports["orig"][T3_KEY]) + 1)
    assert str(Path(reports["faulty"]).resolve()) == window.recent_files()[0]


def test_open_by_drop_shows_the_same_findings(qtbot, window, reports):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(reports["faulty"]))])
    with warnings.catch_warnings():  # Qt 6.12 deprecates the only constructor there is
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: window.result is not None and not window.is_busy(), timeout=15000)
    assert summary(window.result.findings) == summary(check_path(reports["faulty"]).findings)


def test_dropping_several_files_opens_the_first_and_offers_the_batch(qtbot, window, reports, dialogs, monkeypatch):
    batches = []
    window.batch_available = True
    monkeypatch.setattr(window, "_run_batch", lambda paths: batches.append(paths))
    dialogs.question_answer = QMessageBox.StandardButton.Yes
    window.open_paths([reports["clean"], reports["faulty"]])
    qtbot.waitUntil(lambda: window.result is not None and not window.is_busy(), timeout=15000)
    assert Path(window.result.path) == Path(reports["clean"])
    assert dialogs.texts("question"), "the batch view was not offered"
    assert batches and [Path(p) for p in batches[0]] == [Path(reports["clean"]), Path(reports["faulty"])]


@pytest.mark.parametrize("which", ["txt", "empty"])
def test_unreadable_file_shows_a_message_and_the_window_stays_usable(qtbot, window, reports, dialogs, which):
    failed = []
    window.loadFailed.connect(failed.append)
    window.open_path(reports[which])
    qtbot.waitUntil(lambda: bool(failed), timeout=15000)
    assert not window.is_busy()
    warnings = dialogs.texts("warning")
    assert warnings and Path(reports[which]).name in warnings[0]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in failed[0])  # the reader's Chinese message
    assert window.result is None and window.stack.currentWidget() is window.welcome
    # still usable: a good file opens afterwards
    result = open_and_wait(qtbot, window, reports["clean"])
    assert result is not None and result.errors == 0


def test_unexpected_exception_in_the_worker_shows_the_log_path(qtbot, window, reports, dialogs, monkeypatch):
    import gui.main_window as mw
    from gui.app import log_file

    def boom(path):
        raise RuntimeError("simulated")

    monkeypatch.setattr(mw, "check_file", boom)
    failed = []
    window.loadFailed.connect(failed.append)
    window.open_path(reports["clean"])
    qtbot.waitUntil(lambda: bool(failed), timeout=15000)
    assert str(log_file()) in dialogs.texts("critical")[0]
    assert window.isVisible()


# ----------------------------------------------------------------------------------- findings


def _finding(window, code, key=None):
    for f in window.result.findings:
        if f.code == code and (key is None or any((c.table, c.row, c.col) == key for c in f.cells)):
            return f
    raise AssertionError(f"no {code} finding for {key}: {[g.code for g in window.result.findings]}")


def test_selecting_a_finding_selects_its_cell(qtbot, window, reports):
    open_and_wait(qtbot, window, reports["faulty"])
    f = _finding(window, "R-CELL", T3_KEY)
    assert window.select_finding(f)
    view = window._grid_pages["三"].view
    assert window.tabs.currentIndex() == window._tab_of["三"]
    assert view.selected_keys() == [T3_KEY]
    assert window.act_apply.isEnabled()
    # the other fault: the total of 行政复议, with the parts of its sum selected too
    g = _finding(window, "R5", T4_KEY)
    window.select_finding(g)
    assert window.tabs.currentIndex() == window._tab_of["四"]
    assert T4_KEY in window._grid_pages["四"].view.selected_keys()
    assert window._grid_pages["三"].view.selected_keys() == []


def test_f8_walks_through_the_findings(qtbot, window, reports):
    open_and_wait(qtbot, window, reports["faulty"])
    assert window.act_next.shortcut() == QKeySequence("F8")
    assert window.act_prev.shortcut() == QKeySequence("Shift+F8")
    n = len(window.result.findings)
    seen = []
    for _ in range(n):
        window.act_next.trigger()
        seen.append(window.findings.current_finding())
    assert seen == window.result.findings
    window.act_next.trigger()  # wraps around
    assert window.findings.current_finding() is window.result.findings[0]
    window.act_prev.trigger()
    assert window.findings.current_finding() is window.result.findings[-1]


def test_severity_filter(qtbot, window, reports):
    open_and_wait(qtbot, window, reports["faulty"])
    window.findings.set_filter(ERROR)
    assert window.findings.proxy.rowCount() == window.result.errors
    window.findings.set_filter(None)
    assert window.findings.proxy.rowCount() == len(window.result.findings)


# ----------------------------------------------------------------------------------- editing


def test_editing_a_cell_rechecks_and_undo_brings_the_error_back(qtbot, window, reports):
    open_and_wait(qtbot, window, reports["faulty"])
    right = reports["orig"][T3_KEY]
    view = window._grid_pages["三"].view
    model = window._grid_models["三"]
    idx = model.index_of(T3_KEY)
    window.tabs.setCurrentIndex(window._tab_of["三"])
    view.setCurrentIndex(idx)
    view.edit(idx)
    editor = view.viewport().findChild(QLineEdit)
    assert editor is not None
    qtbot.keyClicks(editor, right)  # the editor's text is selected: typing replaces it
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: T3_KEY in window.edits, timeout=5000)
    assert window.edits[T3_KEY] == right
    assert not any(T3_KEY in [(c.table, c.row, c.col) for c in f.cells] for f in window.result.findings
                   if f.severity == ERROR)
    assert model.data(idx) == right
    assert model.data(idx, Qt.ItemDataRole.UserRole + 4)  # EditedRole
    assert window.isWindowModified()
    assert window.last_recheck_ms < 1000

    window.act_undo.trigger()
    assert T3_KEY not in window.edits
    assert _finding(window, "R-CELL", T3_KEY).severity == ERROR
    assert model.data(idx) == str(int(right) + 1)
    window.act_redo.trigger()
    assert window.edits[T3_KEY] == right


def test_editing_back_to_the_file_value_is_no_edit(qtbot, window, reports):
    open_and_wait(qtbot, window, reports["faulty"])
    model = window._grid_models["四"]
    wrong = model.data(model.index_of(T4_KEY))
    assert window.set_cell_text(T4_KEY, "1")
    assert window.set_cell_text(T4_KEY, wrong)
    assert window.edits == {}


def test_apply_suggestion_for_the_selected_finding(qtbot, window, reports):
    open_and_wait(qtbot, window, reports["faulty"])
    f = _finding(window, "R5", T4_KEY)
    window.select_finding(f)
    window.act_apply.trigger()
    assert window.edits[T4_KEY] == reports["orig"][T4_KEY]
    assert not any(g.code == "R5" for g in window.result.findings)


def test_apply_all_suggestions_leaves_no_error(qtbot, window, reports):
    result = open_and_wait(qtbot, window, reports["faulty"])
    assert result.errors == 2
    assert window.act_apply_all.isEnabled()
    with qtbot.waitSignal(window.suggestionsApplied, timeout=20000) as applied:
        window.act_apply_all.trigger()  # the suggestions are chosen off the GUI thread
        assert window.is_busy() and not window.act_apply_all.isEnabled()
    assert applied.args == [2] and not window.is_busy()
    assert window.result.errors == 0, summary(window.result.findings)
    assert window.edits == {T3_KEY: reports["orig"][T3_KEY], T4_KEY: reports["orig"][T4_KEY]}
    # the list was shown first: cell name, old value → new value
    shown = {(p.key, p.old, p.new) for p in window.confirmed[0]}
    assert shown == {(T3_KEY, str(int(reports["orig"][T3_KEY]) + 1), reports["orig"][T3_KEY]),
                     (T4_KEY, str(int(reports["orig"][T4_KEY]) + 2), reports["orig"][T4_KEY])}
    assert all(p.name.startswith("表") for p in window.confirmed[0])
    window.act_undo.trigger()  # one step undoes them all
    assert window.edits == {} and window.result.errors == 2


def test_apply_all_cancelled_changes_nothing(qtbot, window, reports, monkeypatch):
    import gui.main_window as mw

    open_and_wait(qtbot, window, reports["faulty"])
    monkeypatch.setattr(mw, "confirm_suggestions", lambda parent, plan: False)
    with qtbot.waitSignal(window.suggestionsApplied, timeout=20000) as applied:
        assert window.apply_all_suggestions() is not None
    assert applied.args == [0]
    assert window.edits == {} and window.result.errors == 2 and window.undo_stack.count() == 0


def test_apply_all_planned_while_the_clerk_edits_is_not_applied(qtbot, window, reports):
    """The plan is computed in the background on the cells as they were: an edit made meanwhile
    makes it stale, and nothing is filled in behind the clerk's back."""
    open_and_wait(qtbot, window, reports["faulty"])
    with qtbot.waitSignal(window.suggestionsApplied, timeout=20000) as applied:
        window.apply_all_suggestions()
        window.set_cell_text(("三", "new", "natural"), "1")  # before the plan comes back
    assert applied.args == [0] and window.confirmed == []
    assert window.edits == {("三", "new", "natural"): "1"}
    assert "有改动" in window.statusBar().currentMessage()


def test_closing_with_edits_asks_first(qtbot, window, reports, monkeypatch):
    import gui.main_window as mw

    open_and_wait(qtbot, window, reports["faulty"])
    window.set_cell_text(T4_KEY, reports["orig"][T4_KEY])
    monkeypatch.setattr(mw, "ask_unsaved", lambda parent, name, count: "cancel")
    assert not window.close()
    assert window.isVisible()
    monkeypatch.setattr(mw, "ask_unsaved", lambda parent, name, count: "discard")
    assert window.close()


def test_export_never_onto_the_original(qtbot, window, reports, dialogs, tmp_path):
    pytest.importorskip("core.export")
    src = tmp_path / "report.docx"
    shutil.copy(reports["faulty"], src)
    before = src.read_bytes()
    open_and_wait(qtbot, window, src)
    window.set_cell_text(T4_KEY, reports["orig"][T4_KEY])
    assert window.export("corrected", path=src) is None
    assert dialogs.texts("warning") and src.read_bytes() == before
    with qtbot.waitSignal(window.exportDone, timeout=30000):
        out = window.export("corrected", path=tmp_path / "report-更正.docx")
    assert out is not None and Path(out).exists()
    assert not window.is_busy()
    assert not window.has_unsaved_edits()
    assert check_path(out).report.value(*T4_KEY) == int(reports["orig"][T4_KEY])


def test_every_action_has_chinese_text_and_menus_have_mnemonics(window):
    for menu_action in window.menuBar().actions():
        assert "&" in menu_action.text()
    for a in window.findChildren(type(window.act_open)):
        text = a.text().replace("&", "")
        if text and not a.isSeparator():
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text), text


def test_keyboard_moves_between_data_cells_only(qtbot, window, reports):
    open_and_wait(qtbot, window, reports["faulty"])
    window.tabs.setCurrentIndex(window._tab_of["三"])
    view = window._grid_pages["三"].view
    model = view.model()
    view.setFocus()
    view.setCurrentIndex(model.index_of(("三", "new", "commercial")))
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.currentIndex() == model.index_of(("三", "new", "natural"))
    qtbot.keyClick(view, Qt.Key.Key_Left)  # only labels to the left: the cursor stays
    assert view.currentIndex() == model.index_of(("三", "new", "natural"))
    qtbot.keyClick(view, Qt.Key.Key_Up)  # only headers above
    assert view.currentIndex() == model.index_of(("三", "new", "natural"))
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex() == model.index_of(("三", "carried_in", "natural"))


def test_text_finding_highlights_its_paragraph(qtbot, window, seed_docx):
    open_and_wait(qtbot, window, seed_docx["002"])
    f = next(f for f in window.result.findings if f.code == "W-terms")
    window.select_finding(f)
    assert window.tabs.currentIndex() == window._text_tab
    selections = window.text_view.extraSelections()
    assert selections
    block = window.result.document.blocks[f.paragraph]
    assert selections[-1].cursor.selectedText().strip() == block.text.strip()


def test_label_finding_selects_the_label(qtbot, window, seed_docx):
    open_and_wait(qtbot, window, seed_docx["002"])
    f = next(f for f in window.result.findings if f.code == "W-title" and f.table == "三")
    window.select_finding(f)
    view = window._grid_pages["三"].view
    selected = view.selectionModel().selectedIndexes()
    assert selected and all(i.data(Qt.ItemDataRole.UserRole + 1) == "label" for i in selected)
    assert selected[0].data(Qt.ItemDataRole.UserRole + 2) == "warning"


def test_recent_and_sample_menus(qtbot, window, reports):
    open_and_wait(qtbot, window, reports["clean"])
    window._fill_recent_menu()
    texts = [a.text() for a in window.recent_menu.actions()]
    assert any("clean.docx" in t for t in texts)
    window._fill_samples_menu()
    assert window.samples_menu.actions()
    window.close_report()
    assert window.stack.currentWidget() is window.welcome
    assert window.welcome.recent.count() >= 1
