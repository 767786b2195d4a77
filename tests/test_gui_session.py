"""The window over the core's CheckSession (pytest-qt, offscreen): Excel totals that follow an
edit are marked as such, exports run off the GUI thread, and the GUI modules do not import each
other in a circle."""

from __future__ import annotations

import ast
import threading
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QStandardPaths, Qt  # noqa: E402

from tests.engine_helpers import standard_spec  # noqa: E402

pytestmark = pytest.mark.gui

GUI = Path(__file__).resolve().parent.parent / "gui"


@pytest.fixture
def window(qtbot, monkeypatch):
    QStandardPaths.setTestModeEnabled(True)
    import gui.main_window as mw

    monkeypatch.setattr(mw, "ask_unsaved", lambda parent, name, count: "discard")
    monkeypatch.setattr(mw.MainWindow, "_exported", lambda self, files, notes: None)
    w = mw.MainWindow()
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


def _open(qtbot, window, path):
    window.open_path(path)
    qtbot.waitUntil(lambda: window.result is not None and not window.is_busy(), timeout=20000)


def test_excel_totals_follow_an_edit_and_are_marked(qtbot, window, tmp_path):
    from gui.models import DERIVED_TEXT, DerivedRole, EditedRole
    from tests.fixtures.xlsx_builder import build_xlsx

    spec = standard_spec("000")
    src = build_xlsx(spec, tmp_path / "sums.xlsx", formulas="cached")
    _open(qtbot, window, src)
    assert window.result.errors == 0
    edited, total = ("三", "granted", "natural"), ("三", "granted", "total")
    new_total = str(int(spec.t3[("granted", "total")]) + 4)
    assert window.set_cell_text(edited, str(int(spec.t3[("granted", "natural")]) + 4))
    model = window._grid_models["三"]
    idx = model.index_of(total)
    assert model.data(idx) == new_total  # the row's 总计 follows the edit
    assert model.data(idx, DerivedRole) and not model.data(idx, EditedRole)
    assert DERIVED_TEXT in model.data(idx, Qt.ItemDataRole.ToolTipRole)
    assert DERIVED_TEXT in model.data(idx, Qt.ItemDataRole.AccessibleTextRole)
    assert model.data(model.index_of(edited), EditedRole) and not model.data(model.index_of(edited), DerivedRole)
    assert window.edits == {edited: str(int(spec.t3[("granted", "natural")]) + 4)}  # the total is no edit
    assert not {f.code for f in window.result.findings if f.severity == "error"} & {"R3", "R4"}
    window.act_undo.trigger()
    assert model.data(idx) == spec.t3[("granted", "total")] and not model.data(idx, DerivedRole)


def test_export_runs_off_the_gui_thread(qtbot, window, seed_docx, tmp_path, monkeypatch):
    import core.export

    threads = []
    real = core.export.export_result

    def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(core.export, "export_result", recording)
    _open(qtbot, window, seed_docx["000"])
    with qtbot.waitSignal(window.exportDone, timeout=30000) as done:
        out = window.export("standard", path=tmp_path / "std.docx")
        assert window.is_busy() and not window.act_export["standard"].isEnabled()
    assert threads and threads[0] is not threading.main_thread()
    assert done.args[0] == [out] and out.exists()
    assert window.act_export["standard"].isEnabled() and not window.is_busy()


def test_export_failure_is_reported_in_chinese(qtbot, window, seed_docx, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: shown.append(a[2])))
    _open(qtbot, window, seed_docx["000"])
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    target = blocker / "std.docx"  # its "folder" is a file: the write fails
    with qtbot.waitSignal(window.exportFailed, timeout=30000) as failed:
        window.export("standard", path=target)
    assert shown and "无法写入" in shown[0] and failed.args[0] == shown[0]
    assert not window.is_busy()


def _imports(name: str) -> set[str]:
    tree = ast.parse((GUI / f"{name}.py").read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level:
                mod = "gui." + mod if mod else "gui"
            out.add(mod)
            out |= {f"{mod}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
    return out


def test_no_import_circle_among_the_windows():
    # app is the top (it wires the windows); nothing imports it back
    for name in ("main_window", "batch_window", "selftest", "common", "models", "views", "printing"):
        assert not {m for m in _imports(name) if m in ("gui.app", "gui.gui.app")}, name
    assert not {m for m in _imports("main_window") if m.startswith(("gui.batch_window", "gui.selftest"))}
    assert not {m for m in _imports("batch_window") if m.startswith("gui.main_window")}
    assert not {m for m in _imports("common") if m.startswith("gui.") and m != "gui.common"}
    # the window does not import the command line
    assert not {m for m in _imports("main_window") if m.startswith("core.cli")}


def test_gui_modules_import_no_circle():
    """Every import among gui's modules (those inside functions too) points one way: app wires the
    windows at the top, the windows' helpers (crossyear, findings panel, views, models, common)
    never import a window back."""
    names = sorted(p.stem for p in GUI.glob("*.py") if p.stem not in ("__init__", "__main__"))
    graph = {n: {m.split(".")[1] for m in _imports(n) if m.startswith("gui.") and m.split(".")[1] in names} - {n}
             for n in names}

    def reaches(start, goal, seen=()):
        return any(m == goal or (m not in seen and reaches(m, goal, (*seen, m))) for m in graph[start])

    circles = sorted(n for n in names if reaches(n, n))
    assert circles == [], {n: sorted(graph[n]) for n in circles}


def test_printout_marks_totals_that_followed_a_formula(qtbot, window, tmp_path):
    from gui.printing import summary_html
    from tests.fixtures.xlsx_builder import build_xlsx

    spec = standard_spec("000")
    _open(qtbot, window, build_xlsx(spec, tmp_path / "sums.xlsx", formulas="cached"))
    window.set_cell_text(("三", "granted", "natural"), str(int(spec.t3[("granted", "natural")]) + 4))
    text = summary_html(*window._summary_args())
    assert "随公式自动更新" in text
    assert f"{int(spec.t3[('granted', 'total')]) + 4}=" in text
