"""`bjstc-desktop` without --screenshot: the login dialog, then the main window; one
GUI per workstation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from bjstc_desktop.app import main
from bjstc_desktop.gui.login_dialog import LoginDialog
from bjstc_desktop.gui.main_window import MainWindow
from bjstc_desktop.store import lockfile
from tests.conftest import OFFICER_PASS
from tests.gui.casework import visible_top


def test_login_then_main_window_then_quit(qtbot, demo_dir: Path) -> None:
    seen: dict[str, object] = {}

    def drive() -> None:
        dialog = visible_top(LoginDialog)
        if dialog is None:
            QTimer.singleShot(20, drive)
            return
        assert isinstance(dialog, LoginDialog)
        seen["user"] = dialog.user_edit.text()
        dialog.passphrase_edit.setText(OFFICER_PASS)
        dialog.attempt()
        QTimer.singleShot(20, close_window)

    def close_window() -> None:
        window = visible_top(MainWindow)
        if window is None:
            QTimer.singleShot(20, close_window)
            return
        assert isinstance(window, MainWindow)
        seen["tabs"] = window.tabs.count()
        seen["gui_lock"] = lockfile.gui_is_open(demo_dir)
        window.close()

    QTimer.singleShot(0, drive)
    assert main(["--data-dir", str(demo_dir), "--user", "zhang"]) == 0
    assert seen == {"user": "zhang", "tabs": 15, "gui_lock": True}  # 工作台, 13 duties, 公文登记簿
    assert not lockfile.gui_is_open(demo_dir)  # released at exit


def test_a_second_gui_on_the_same_workstation_is_told_plainly(qtbot, demo_dir: Path, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: shown.append(text))
    held = lockfile.claim_gui(demo_dir)
    try:
        assert main(["--data-dir", str(demo_dir), "--user", "zhang"]) == 1
    finally:
        held.release()
    assert shown == ["此工作站已在另一个窗口中打开。"]


def test_cancelling_the_login_exits_0(qtbot, demo_dir: Path) -> None:
    def cancel() -> None:
        dialog = visible_top(LoginDialog)
        if dialog is None:
            QTimer.singleShot(20, cancel)
            return
        dialog.reject()  # type: ignore[union-attr]

    QTimer.singleShot(0, cancel)
    assert main(["--data-dir", str(demo_dir)]) == 0


def test_the_window_starts_on_the_first_screen_session_and_opens_the_full_one(qtbot, demo_dir: Path) -> None:
    """The login unlocks over the DB-API connection (workstation/starting.py); the full
    session opens by itself once the window is up, with no operation asking for it."""
    from bjstc_desktop.workstation.starting import StartingSession

    seen: dict[str, object] = {}

    def drive() -> None:
        dialog = visible_top(LoginDialog)
        if dialog is None:
            QTimer.singleShot(20, drive)
            return
        assert isinstance(dialog, LoginDialog)
        dialog.passphrase_edit.setText(OFFICER_PASS)
        dialog.attempt()
        QTimer.singleShot(20, close_window)

    def close_window() -> None:
        window = visible_top(MainWindow)
        if window is None or not getattr(window.ws, "is_full", True):
            QTimer.singleShot(20, close_window)
            return
        assert isinstance(window, MainWindow)
        seen["session"] = type(window.ws).__name__
        seen["full"] = window.ws.is_full
        window.close()

    QTimer.singleShot(0, drive)
    assert main(["--data-dir", str(demo_dir), "--user", "zhang"]) == 0
    assert seen == {"session": StartingSession.__name__, "full": True}
