"""After a system administrator's reset the officer sets their own passphrase before
the main window opens; two different entries are refused and change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from bjstc_desktop.app import main
from bjstc_desktop.core.errors import AuthenticationError
from bjstc_desktop.gui.change_passphrase import ChangePassphraseDialog
from bjstc_desktop.gui.login_dialog import LoginDialog
from bjstc_desktop.gui.main_window import MainWindow
from bjstc_desktop.workstation import Workstation
from tests.conftest import ADMIN_PASS
from tests.gui.casework import visible_top

RESET = "reset by admin 2026"
OWN = "zhang chose this one"


def _reset(demo_dir: Path) -> None:
    with Workstation.open(demo_dir, "admin", ADMIN_PASS, wait_for_delay=False) as admin:
        admin.accounts.change_passphrase("zhang", RESET)




def test_the_dialog_refuses_two_different_entries_then_stores_the_new_passphrase(qtbot, demo_dir: Path) -> None:
    _reset(demo_dir)
    ws = Workstation.open(demo_dir, "zhang", RESET, wait_for_delay=False)
    try:
        assert ws.must_change_passphrase
        dialog = ChangePassphraseDialog(ws)
        qtbot.addWidget(dialog)
        dialog.new_edit.setText(OWN)
        dialog.again_edit.setText(OWN + "x")
        dialog.submit()
        assert dialog.message_label.text() == "两次输入的口令不一致。"
        assert ws.must_change_passphrase
        dialog.again_edit.setText(OWN)
        with qtbot.waitSignal(dialog.changed):
            dialog.submit()
        assert not ws.must_change_passphrase
        ws.accounts.require_current_passphrase()  # no longer refuses
    finally:
        ws.close()
    with pytest.raises(AuthenticationError):
        Workstation.open(demo_dir, "zhang", RESET, wait_for_delay=False)
    with Workstation.open(demo_dir, "zhang", OWN, wait_for_delay=False) as again:
        assert not again.must_change_passphrase


def test_login_after_a_reset_asks_for_a_new_passphrase_before_the_main_window(qtbot, demo_dir: Path) -> None:
    _reset(demo_dir)
    seen: list[str] = []

    def log_in() -> None:
        dialog = visible_top(LoginDialog)
        if dialog is None:
            QTimer.singleShot(20, log_in)
            return
        assert isinstance(dialog, LoginDialog)
        dialog.passphrase_edit.setText(RESET)
        dialog.attempt()
        QTimer.singleShot(20, choose)

    def choose() -> None:
        if visible_top(MainWindow) is not None:
            seen.append("main window before the new passphrase")
            visible_top(MainWindow).close()  # type: ignore[union-attr]
            return
        dialog = visible_top(ChangePassphraseDialog)
        if dialog is None:
            QTimer.singleShot(20, choose)
            return
        assert isinstance(dialog, ChangePassphraseDialog)
        seen.append("asked")
        dialog.new_edit.setText(OWN)
        dialog.again_edit.setText(OWN)
        dialog.submit()
        QTimer.singleShot(20, close_window)

    def close_window() -> None:
        window = visible_top(MainWindow)
        if window is None:
            QTimer.singleShot(20, close_window)
            return
        seen.append("main window")
        window.close()  # type: ignore[union-attr]

    QTimer.singleShot(0, log_in)
    assert main(["--data-dir", str(demo_dir), "--user", "zhang"]) == 0
    assert seen == ["asked", "main window"]
    with Workstation.open(demo_dir, "zhang", OWN, wait_for_delay=False) as ws:
        assert not ws.must_change_passphrase
