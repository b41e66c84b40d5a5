"""The GUI's reads run off its thread (issue 15 point 7): a case window opens whole once
its data is in (one window for a double double-click; a failed read said, not raised);
the settings come with the first page's read; the wizards check in the background and
keep Next off until the answer is in. The guard of tests/gui/store_calls.py fails each of
these tests if any read comes back to the GUI thread."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget, QWizard

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.importprofiles import profiles_for_module
from bjstc_desktop.gui import opening as opening_module
from bjstc_desktop.gui.case_detail import CaseDetailDialog
from bjstc_desktop.gui.idle_lock import minutes_to_ms
from bjstc_desktop.gui.import_wizard import ImportWizard
from bjstc_desktop.gui.main_window import DEFAULT_AUTO_LOCK_MINUTES, MainWindow
from bjstc_desktop.gui.worker import wait_for_jobs
from bjstc_desktop.workstation import Workstation
from tests.conftest import ADMIN_PASS, make_station
from tests.gui.casework import make_contract, opened
from tests.gui.conftest import ZHANG


def _window(qtbot, ws: Workstation) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(ws, idle_timeout_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def cursor(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """[busy cursors set, restored] by gui/opening.py during the test (Qt keeps a stack)."""
    counts = [0, 0]
    real_set, real_restore = QApplication.setOverrideCursor, QApplication.restoreOverrideCursor

    def set_(c: object) -> None:
        counts[0] += 1
        real_set(c)

    def restore() -> None:
        counts[1] += 1
        real_restore()

    monkeypatch.setattr(opening_module.QApplication, "setOverrideCursor", staticmethod(set_))
    monkeypatch.setattr(opening_module.QApplication, "restoreOverrideCursor", staticmethod(restore))
    return counts


def _double_click(qtbot, widget: QWidget, where: QPoint) -> None:  # type: ignore[no-untyped-def]
    """Press, release, press again: the view takes the second as a double-click on the row."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=where)


def test_a_double_click_opens_the_case_window_whole_and_once(qtbot, office, cursor: list[int]) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    case = make_contract(officer, "双击两次的合同")
    window = _window(qtbot, officer)
    page = window.select_tab("market")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    where = page.table.visualRect(page.model.index(0, 1)).center()
    _double_click(qtbot, page.table.viewport(), where)
    [first] = window._openings.values()
    assert first.pending and not window.findChildren(CaseDetailDialog)  # nothing half-filled to type into
    assert cursor == [1, 0]  # the quiet sign that it is on its way: a busy cursor
    _double_click(qtbot, page.table.viewport(), where)  # impatient: again
    assert window.open_case(case.id) is first  # still the same read, not a second window
    detail = opened(qtbot, first)
    wait_for_jobs()
    QApplication.processEvents()
    assert window.findChildren(CaseDetailDialog) == [detail] and detail.isVisible()
    assert detail.case.id == case.id and detail.actions  # built from what was read, with its moves
    assert cursor == [1, 1]
    again = opened(qtbot, window.open_case(case.id))  # once open, asking again reads afresh
    assert again is not detail


def test_a_case_that_cannot_be_read_is_said_not_raised(qtbot, office, cursor: list[int]) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    window = _window(qtbot, officer)
    opening = window.open_case("no-such-case")
    with qtbot.waitSignal(opening.failed) as failed:
        pass
    assert failed.args[0] and "Traceback" not in failed.args[0]
    box = window.findChild(QMessageBox, "opening_error")
    assert box is not None and box.isVisible() and box.text() == failed.args[0]
    assert not window.findChildren(CaseDetailDialog) and cursor == [1, 1]
    box.close()


@pytest.fixture
def configured(tmp_path: Path) -> Iterator[Workstation]:
    """A workstation whose administrator set the auto-lock and reminder settings."""
    station = make_station(tmp_path / "office", officers={ZHANG: (Level.SECRET, "all")})
    with Workstation.open(station.data_dir, "admin", ADMIN_PASS, wait_for_delay=False) as admin:
        admin.admin.set_setting("auto_lock_minutes", 7)
        admin.admin.set_setting("due_soon_workdays", 5)
    officer = station.open(ZHANG)
    yield officer
    wait_for_jobs()
    officer.close()


def test_the_settings_come_with_the_first_pages_read(qtbot, configured: Workstation) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(configured)  # no timeout given: the setting decides
    qtbot.addWidget(window)
    assert window.idle.timeout_ms == minutes_to_ms(DEFAULT_AUTO_LOCK_MINUTES)  # not read on this thread
    window.show()
    qtbot.waitUntil(lambda: window.idle.timeout_ms == minutes_to_ms(7))
    bench = window.select_tab("workbench")
    qtbot.waitUntil(bench.is_populated)
    assert bench.workdays == 5 and "5" in bench.tile_due.caption.text()  # type: ignore[attr-defined]


def test_the_import_wizard_checks_the_file_in_the_background_and_waits_for_the_answer(
        qtbot, ws: Workstation, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "list.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    wizard = ImportWizard(ws, profiles_for_module("market"))
    qtbot.addWidget(wizard)
    wizard.show()
    next_ = wizard.button(QWizard.WizardButton.NextButton)
    wizard.file_edit.setText(str(bad))
    assert not next_.isEnabled() and wizard.file_error.text() == "正在检查文件…"  # the answer is not in yet
    assert not wizard.validateCurrentPage()  # Qt's question answered at once: not yet
    with qtbot.waitSignal(wizard.file_checked):
        pass
    assert "不是 Excel 工作簿" in wizard.file_error.text() and not next_.isEnabled()
    wizard.next()
    assert wizard.currentId() == 0


def test_a_case_read_when_the_lock_comes_down_opens_nothing_over_the_lock_screen(qtbot, office, cursor: list[int]) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    case = make_contract(officer, "锁屏时读到的合同")
    window = _window(qtbot, officer)
    opening = window.open_case(case.id)
    window.lock()  # before the read is delivered
    with qtbot.waitSignal(opening.failed):
        pass
    assert not window.findChildren(CaseDetailDialog) and window.is_locked()
    assert cursor == [1, 1]
