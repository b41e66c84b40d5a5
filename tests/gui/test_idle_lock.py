"""Idle auto-lock: after the (injected) idle time the content hides behind the lock
screen and the lock is recorded; a wrong passphrase is refused with a delay; the right
one brings the content back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from bjstc_desktop.gui.case_detail import CaseDetailDialog
from bjstc_desktop.gui.idle_lock import IdleWatcher, minutes_to_ms
from bjstc_desktop.gui.main_window import MainWindow
from bjstc_desktop.workstation import Workstation
from tests.conftest import OFFICER_PASS
from tests.gui.casework import opened


@pytest.fixture
def locked_window(qtbot, ws: Workstation, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    notes: list[str] = []
    real = ws.note_locked
    monkeypatch.setattr(ws, "note_locked", lambda: (notes.append("locked"), real())[1])
    window = MainWindow(ws, idle_timeout_ms=3_600_000)
    window.notes = notes  # type: ignore[attr-defined]
    qtbot.addWidget(window)
    window.show()
    page = window.select_tab("market")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)  # read off the GUI thread: not timed by the idle watch
    opened(qtbot, window.open_case(page.model.case_at(0).id))
    assert window.findChildren(CaseDetailDialog)
    window.idle._timer.setInterval(200)  # idle from now on
    with qtbot.waitSignal(window.locked):
        window.idle.start()
    return window


def test_idle_time_hides_the_content_and_records_the_lock(qtbot, locked_window: MainWindow) -> None:
    window = locked_window
    assert window.is_locked()
    assert not window.tabs.isVisible() and window.lock_screen.isVisible()
    assert window.findChild(QWidget, "case_table_market").isVisible() is False
    qtbot.waitUntil(lambda: not window.findChildren(CaseDetailDialog))  # case windows closed
    qtbot.waitUntil(lambda: window.notes == ["locked"])  # type: ignore[attr-defined]  # on the writer thread
    assert not window.idle.is_running()


def test_wrong_passphrase_is_refused_with_a_delay_then_the_right_one_unlocks(qtbot, locked_window: MainWindow) -> None:
    screen = locked_window.lock_screen
    screen.passphrase_edit.setText("not the passphrase")
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "口令不正确" in screen.message_label.text())
    assert not screen.unlock_button.isEnabled() and locked_window.is_locked()
    qtbot.waitUntil(screen.unlock_button.isEnabled)
    screen.passphrase_edit.setText(OFFICER_PASS)
    with qtbot.waitSignal(locked_window.unlocked):
        qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert not locked_window.is_locked() and locked_window.tabs.isVisible()
    assert locked_window.findChild(QWidget, "case_table_market").isVisible()
    assert locked_window.idle.is_running()


def test_ctrl_l_locks_at_once(qtbot, ws: Workstation) -> None:
    window = MainWindow(ws, idle_timeout_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(window.locked):
        qtbot.keyClick(window.tabs.currentWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked()


def test_input_restarts_the_idle_countdown(qtbot) -> None:
    # Read from the timer itself, not from the wall clock: on a loaded machine the event
    # loop may run late, and a test that races 400 ms against 600 ms fails now and then.
    target = QWidget()
    qtbot.addWidget(target)
    target.show()
    # A coarse timer may be off by 5% of its interval (500 ms here), so the test lets
    # 1.5 s pass and then expects more than 9 s left after the key press.
    watcher = IdleWatcher(10_000, target)
    watcher.start()
    qtbot.waitUntil(lambda: 0 < watcher._timer.remainingTime() < 8_500)
    qtbot.keyClick(target, Qt.Key.Key_A)
    assert watcher._timer.remainingTime() > 9_000  # the countdown started again
    assert watcher.is_running()


def test_the_countdown_fires_once_without_input_and_then_stops(qtbot) -> None:
    target = QWidget()
    qtbot.addWidget(target)
    target.show()
    watcher = IdleWatcher(50, target)
    watcher.start()
    with qtbot.waitSignal(watcher.idle):
        pass
    assert not watcher.is_running()
    qtbot.keyClick(target, Qt.Key.Key_A)  # input after the lock does not start a new countdown
    assert not watcher.is_running()


def test_the_setting_is_in_minutes() -> None:
    assert minutes_to_ms(10) == 600_000
    assert minutes_to_ms(0) == 60_000
