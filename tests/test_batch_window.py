"""The batch window: the table fills in the background, can be sorted, searched and filtered, names
the table/section of each problem, shows the missing units, exports, prints, and can be cancelled."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from pathlib import Path  # noqa: E402

from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402

from tests import hostile  # noqa: E402
from tests.engine_helpers import standard_spec  # noqa: E402
from tests.fixtures import SEEDS, build_docx, build_xlsx  # noqa: E402

pytestmark = pytest.mark.gui


def _titled(key, agency, year=2022, clean=True):
    spec = standard_spec(key) if clean else SEEDS[key].copy()
    spec.title_lines = [f"{agency}{year}年政府信息公开工作年度报告"]
    return spec


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("批量")
    build_docx(_titled("000", "北京市怀柔区人民政府"), d / "01-区政府.docx")
    faulty = _titled("000", "北京市怀柔区教育委员会")
    faulty.t3[("granted", "commercial")] = str(int(faulty.t3[("granted", "commercial")]) + 7)
    build_docx(faulty, d / "02-教委.docx")
    build_docx(_titled("000", "北京市怀柔区财政局", clean=False), d / "03-财政.docx")
    build_xlsx(standard_spec("000"), d / "04-区水务局2022年报表.xlsx")
    hostile.make_doc(d, "05-区民政局.docx")
    hostile.make_empty(d, "06-空文件.docx")
    (d / "~$01-区政府.docx").write_bytes(b"lock")
    return d


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings):
    from gui.batch_window import BatchWindow

    w = BatchWindow(None, settings=settings)
    qtbot.addWidget(w)
    yield w
    w.cancel()
    w.wait(20_000)


def _run(qtbot, w, paths, timeout=60_000):
    with qtbot.waitSignal(w.batchFinished, timeout=timeout) as blocker:
        w.add_paths(paths)
    return blocker.args[0]


def _texts(w, col):
    return [w.proxy.index(r, col).data() for r in range(w.proxy.rowCount())]


def test_table_fills_one_row_per_file(qtbot, window, folder):
    from gui.batch_window import COL_FILE, COL_REASON, COL_STATUS, COL_UNIT, COLUMNS

    assert COLUMNS[:7] == ["单位", "文件", "年度", "格式", "错误", "警告", "状态"]
    cancelled = _run(qtbot, window, [folder])
    assert cancelled is False
    assert window.model.rowCount() == 6  # the lock file is skipped
    files = _texts(window, COL_FILE)
    assert "~$01-区政府.docx" not in files
    status = dict(zip(files, _texts(window, COL_STATUS)))
    assert status["01-区政府.docx"] == "✓ 通过"
    assert status["02-教委.docx"] == "✕ 有错误"
    assert status["03-财政.docx"] == "⚠ 有警告"
    assert status["05-区民政局.docx"] == status["06-空文件.docx"] == "✕ 无法读取"
    reasons = dict(zip(files, _texts(window, COL_REASON)))
    assert "空文件" in reasons["06-空文件.docx"] and reasons["01-区政府.docx"] == ""
    units = dict(zip(files, _texts(window, COL_UNIT)))
    assert units["02-教委.docx"] == "北京市怀柔区教育委员会"
    assert units["04-区水务局2022年报表.xlsx"] == "区水务局（据文件名）"  # no title in a workbook: said to be a guess
    assert "共 <b>6</b> 个文件" in window.summary_label.text()
    assert not window.is_running() and not window.progress.isVisible()


def test_problem_rows_are_marked_strongly(qtbot, window, folder):
    from PySide6.QtGui import QColor

    from gui.batch_window import COL_ERRORS, COL_FILE, COL_STATUS, COL_UNIT

    _run(qtbot, window, [folder])
    files = _texts(window, COL_FILE)
    r = files.index("02-教委.docx")
    status = window.proxy.index(r, COL_STATUS)
    bg = status.data(Qt.ItemDataRole.BackgroundRole).color()
    fg = status.data(Qt.ItemDataRole.ForegroundRole).color()
    assert bg.lightness() < 80 and bg.red() > bg.green() * 3  # dark red
    assert fg == QColor("#ffffff")
    assert status.data(Qt.ItemDataRole.FontRole).bold()
    assert window.proxy.index(r, COL_ERRORS).data(Qt.ItemDataRole.BackgroundRole).color().lightness() < 80
    unit_fg = window.proxy.index(r, COL_UNIT).data(Qt.ItemDataRole.ForegroundRole).color()
    assert unit_fg.lightness() < 80 and unit_fg.red() > 100
    ok = files.index("01-区政府.docx")
    assert window.proxy.index(ok, COL_STATUS).data(Qt.ItemDataRole.BackgroundRole) is None


def test_search_and_status_filter(qtbot, window, folder):
    from gui.batch_window import COL_FILE

    _run(qtbot, window, [folder])
    window.set_search("怀柔区　教育委员会")  # U+3000 and the district: tolerant
    assert _texts(window, COL_FILE) == ["02-教委.docx"]
    window.set_search("水务")
    assert _texts(window, COL_FILE) == ["04-区水务局2022年报表.xlsx"]
    window.set_search("没有这个单位")
    assert window.proxy.rowCount() == 0 and "（显示 0 个）" in window.summary_label.text()
    window.search_edit.clear()
    assert window.proxy.rowCount() == 6

    window.set_status_filter("problem")
    assert sorted(_texts(window, COL_FILE)) == ["02-教委.docx", "05-区民政局.docx", "06-空文件.docx"]
    assert window.status_combo.currentData() == "problem"
    window.status_combo.setCurrentIndex(window.status_combo.findData("unreadable"))
    assert sorted(_texts(window, COL_FILE)) == ["05-区民政局.docx", "06-空文件.docx"]
    window.set_status_filter("warning")
    assert _texts(window, COL_FILE) == ["03-财政.docx"]
    window.set_status_filter("all")
    assert window.proxy.rowCount() == 6


def test_sorting_by_errors_and_status(qtbot, window, folder):
    from gui.batch_window import COL_ERRORS, COL_FILE, COL_STATUS

    _run(qtbot, window, [folder])
    window.table.sortByColumn(COL_ERRORS, Qt.SortOrder.DescendingOrder)
    assert _texts(window, COL_FILE)[0] == "02-教委.docx"
    window.table.sortByColumn(COL_STATUS, Qt.SortOrder.AscendingOrder)  # worst first
    first = _texts(window, COL_STATUS)
    assert first[:2] == ["✕ 无法读取", "✕ 无法读取"] and first[2] == "✕ 有错误" and first[-1] == "✓ 通过"


def test_breakdown_names_the_table_and_section(qtbot, window, folder):
    from gui.batch_window import COL_FILE

    _run(qtbot, window, [folder])
    files = _texts(window, COL_FILE)
    window.table.selectRow(files.index("02-教委.docx"))
    text = window.details.toPlainText()
    assert "北京市怀柔区教育委员会" in text
    assert "问题所在：表三" in text
    assert "✕ 表三（收到和处理政府信息公开申请情况）" in text
    assert "单元格：表三「" in text
    window.table.selectRow(files.index("03-财政.docx"))
    text = window.details.toPlainText()
    assert "第五部分「存在的主要问题及改进情况」" in text and "第一部分" in text
    window.table.selectRow(files.index("06-空文件.docx"))
    assert "✕ 无法读取" in window.details.toPlainText() and "空文件" in window.details.toPlainText()


def test_double_click_opens_the_file_in_the_single_report_view(qtbot, settings, folder):
    from PySide6.QtWidgets import QWidget

    from gui.batch_window import BatchWindow, COL_FILE

    class Main(QWidget):
        def __init__(self):
            super().__init__()
            self.opened = []

        def open_path(self, path):
            self.opened.append(Path(path))
            return True

    main = Main()
    qtbot.addWidget(main)
    w = BatchWindow(main, settings=settings)
    qtbot.addWidget(w)
    _run(qtbot, w, [folder])
    r = _texts(w, COL_FILE).index("02-教委.docx")
    w.table.doubleClicked.emit(w.proxy.index(r, 0))
    assert main.opened == [folder / "02-教委.docx"]


def test_open_batch_window_reuses_one_window(qtbot, settings, folder):
    from PySide6.QtWidgets import QWidget

    from gui.batch_window import BatchWindow, open_batch_window

    parent = QWidget()
    parent.settings = settings
    qtbot.addWidget(parent)
    w = open_batch_window(parent, [folder / "01-区政府.docx"])
    assert isinstance(w, BatchWindow) and w.isVisible() and w.settings is settings
    qtbot.waitUntil(lambda: not w.is_running(), timeout=30_000)
    assert open_batch_window(parent, [folder / "02-教委.docx", folder / "01-区政府.docx"]) is w
    qtbot.waitUntil(lambda: not w.is_running() and len(w.items()) == 2, timeout=30_000)
    assert w.model.rowCount() == 2  # a file already listed is not listed twice
    w.close()


def test_coverage_missing_units_and_unknown_agencies(qtbot, window, folder, tmp_path, settings):
    from gui.batch_window import BatchWindow

    units = tmp_path / "名单.txt"
    units.write_text("怀柔区政府\n区教委\n区财政局\n区水务局\n区民政局\n区统计局\n", encoding="utf-8")
    _run(qtbot, window, [folder])
    window.load_units(units)
    window.set_year(2022)
    missing = [window.missing_list.item(i).text() for i in range(window.missing_list.count())]
    assert missing == ["✕ 区统计局"]
    unknown = [window.unknown_list.item(i).text() for i in range(window.unknown_list.count())]
    assert len(unknown) == 1 and "06-空文件.docx" in unknown[0]
    assert "缺报 1 个" in window.coverage_label.text()
    window.set_year(2021)  # the 2022 reports do not count for 2021
    assert window.missing_list.count() >= 4
    # the list is remembered
    assert Path(settings.value("batch/expected_units")) == units.resolve()
    again = BatchWindow(None, settings=settings)
    qtbot.addWidget(again)
    assert again.units == ["怀柔区政府", "区教委", "区财政局", "区水务局", "区民政局", "区统计局"]
    assert "名单.txt" in again.units_label.text()
    window.clear_units()
    assert window.coverage() is None and window.missing_list.count() == 0


def test_export_excel_and_pdf(qtbot, window, folder, tmp_path):
    from openpyxl import load_workbook

    _run(qtbot, window, [folder])
    units = tmp_path / "名单.txt"
    units.write_text("区教委\n区统计局\n", encoding="utf-8")
    window.load_units(units)
    window.set_year(2022)
    out = window.export_xlsx(tmp_path / "汇总.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "问题明细", "缺报单位", "名单外的报告"]
    assert [r[1].value for r in wb["缺报单位"].iter_rows(min_row=2)] == ["区统计局"]
    window.set_status_filter("problem")
    html = window.summary_html()
    assert "批量检查结果" in html and "只列出：✕ 有错误或无法读取" in html
    table = html[html.index("<table"):]
    assert "02-教委.docx" in table and "01-区政府.docx" not in table  # the rows as shown
    assert "✕ 缺报单位：" in html and "区统计局" in html
    pdf = window.save_pdf(tmp_path / "汇总.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_cancel_keeps_what_was_checked(qtbot, settings, folder, tmp_path):
    from gui.batch_window import BatchWindow

    many = tmp_path / "多"
    many.mkdir()
    for n in range(20):
        (many / f"{n:02d}.docx").write_bytes((folder / "01-区政府.docx").read_bytes())
    w = BatchWindow(None, settings=settings, workers=1)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.batchFinished, timeout=60_000) as blocker:
        w.add_paths([many])
        assert w.is_running() and w.progress.isVisible() and w.cancel_button.isVisible()
        qtbot.waitUntil(lambda: len(w.items()) >= 1, timeout=30_000)
        w.cancel_button.click()
    assert blocker.args == [True]
    done = len(w.items())
    assert 1 <= done < 20
    assert "已取消" in w.progress_label.text()
    statuses = [w.model.rows[i].state for i in range(20)]
    assert statuses.count("cancelled") == 20 - done
    assert not w.cancel_button.isVisible()
    # 重新检查 checks them all
    with qtbot.waitSignal(w.batchFinished, timeout=120_000):
        w.recheck()
    assert len(w.items()) == 20


def test_parallel_run_from_the_window(qtbot, settings, folder):
    """Many files: the background thread drives a process pool (forkserver/spawn)."""
    from gui.batch_window import BatchWindow

    w = BatchWindow(None, settings=settings, workers=2)
    qtbot.addWidget(w)
    _run(qtbot, w, [folder], timeout=120_000)
    from core.batch import check_many, expand_paths

    assert len(w.items()) == 6
    reference = check_many(expand_paths([folder]), workers=1)
    assert [i.to_json() for i in w.items()] == [i.to_json() for i in reference]




def test_consecutive_batches_reuse_the_worker_processes(qtbot, settings, folder):
    from tests.test_batch_pool import _running

    """The window's second batch does not start the worker processes again; quitting stops them."""
    from core.batch import pool as pool_mod
    from gui.batch_window import BatchWindow

    pool_mod.shutdown_pool()
    w = BatchWindow(None, settings=settings, workers=2)
    qtbot.addWidget(w)
    _run(qtbot, w, [folder], timeout=120_000)
    pool = pool_mod.shared_pool()
    started = pool.started
    assert started >= 1
    with qtbot.waitSignal(w.batchFinished, timeout=120_000):
        w.recheck()
    assert pool_mod.shared_pool() is pool and pool.started == started, [(i.name, i.reason, i.error) for i in w.items()]
    assert len(w.items()) == 6 and all(i.reason not in ("timeout", "crashed") for i in w.items())
    pids = [x.process.pid for x in pool._idle]
    w._quit()  # what QApplication.aboutToQuit calls
    assert pids and not any(_running(pid) for pid in pids)


def test_dropped_files_are_added(qtbot, window, folder):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder / "01-区政府.docx")), QUrl.fromLocalFile(str(folder / "03-财政.docx"))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.batchFinished, timeout=60_000):
        window.dropEvent(event)
    assert window.model.rowCount() == 2 and len(window.items()) == 2


def test_window_stays_responsive_while_checking(qtbot, settings, folder, tmp_path):
    from gui.batch_window import BatchWindow

    many = tmp_path / "多"
    many.mkdir()
    for n in range(15):
        (many / f"{n:02d}.docx").write_bytes((folder / "02-教委.docx").read_bytes())
    w = BatchWindow(None, settings=settings, workers=1)
    qtbot.addWidget(w)
    w.add_paths([many])
    assert w.is_running()
    # the event loop runs while the files are checked: the search can be typed meanwhile
    w.set_search("教育")
    qtbot.waitUntil(lambda: 0 < len(w.items()) < 15 or not w.is_running(), timeout=30_000)
    qtbot.waitUntil(lambda: not w.is_running(), timeout=60_000)
    assert len(w.items()) == 15 and w.proxy.rowCount() == 15


def test_closing_while_checking_stops_the_thread(qtbot, settings, folder, tmp_path):
    from gui.batch_window import BatchWindow

    many = tmp_path / "多"
    many.mkdir()
    for n in range(20):
        (many / f"{n:02d}.docx").write_bytes((folder / "01-区政府.docx").read_bytes())
    w = BatchWindow(None, settings=settings, workers=1)
    qtbot.addWidget(w)
    w.show()
    w.add_paths([many])
    assert w.is_running()
    thread = w._thread
    w.close()  # blocks until the file being checked is done; the event loop is not needed
    assert thread.isFinished()
    assert len(w.items()) < 20


def test_a_folder_of_several_years_pairs_each_unit(qtbot, window, tmp_path, settings):
    """Issue 13: a batch over a folder holding two years of one unit compares them, as `check FOLDER`
    does — the carry-over broken in 2022 is an error on that row, with last year's report named; a
    re-check pairs again without counting the cross-year findings twice; the clerk's copy threshold
    (the single window's setting) is the one used."""
    from tests.fixtures.years import break_carry_over, previous_year

    from gui.batch_window import COL_ERRORS, COL_FILE, details_html
    from gui.crossyear import THRESHOLD_KEY

    settings.setValue(THRESHOLD_KEY, 90)  # W-copy only for a section copied (nearly) whole
    this = _titled("000", "北京市怀柔区人民政府", 2022)
    d = tmp_path / "两年"
    d.mkdir()
    last_spec = previous_year(this, 2022)
    copied = {sec.key: sec.paragraphs for sec in this.sections if sec.key == "五"}
    for sec in last_spec.sections:  # 2022's 五 says what 2021's said, word for word
        sec.paragraphs = list(copied.get(sec.key, sec.paragraphs))
    build_docx(last_spec, d / "怀柔区2021.docx")
    build_docx(break_carry_over(this, "natural", 3), d / "怀柔区2022.docx")
    assert _run(qtbot, window, [d]) is False

    items = {Path(i.file).name: i for i in window.items()}
    now, last = items["怀柔区2022.docx"], items["怀柔区2021.docx"]
    r6 = [f for f in now.findings if f["code"] == "R6"]
    assert {f["cells"][0]["col"] for f in r6} == {"natural", "total"}
    assert now.previous == last.file and last.previous is None
    assert not [f for f in last.findings if f["code"] == "R6"]
    errors = dict(zip(_texts(window, COL_FILE), _texts(window, COL_ERRORS)))
    assert int(errors["怀柔区2022.docx"]) == now.errors >= 2
    assert "已与上年报告对比：怀柔区2021.docx" in details_html(now.path, now)
    # the threshold the clerk set (90 %) is the one used: 五, copied whole, is reported against it
    copy = [f for f in now.findings if f["code"] == "W-copy"]
    assert [f["section"] for f in copy] == ["五"] and "超过 90%" in copy[0]["message"]

    before = (now.errors, len(now.findings))
    with qtbot.waitSignal(window.batchFinished, timeout=60_000):
        window.recheck()
    again = {Path(i.file).name: i for i in window.items()}["怀柔区2022.docx"]
    assert (again.errors, len(again.findings)) == before
