"""The login dialog: a wrong passphrase is told plainly and holds 登录 for the growing
delay without blocking the GUI; the right one unlocks and opens the main window."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt

from bjstc_desktop.core.modules import all_modules
from bjstc_desktop.gui.login_dialog import LoginDialog, pending_delay
from bjstc_desktop.gui.main_window import MainWindow
from bjstc_desktop.gui.translations import set_language
from bjstc_desktop.store import authlog
from tests.conftest import OFFICER_PASS, tree_bytes


def _try(qtbot, dialog: LoginDialog, passphrase: str) -> None:
    dialog.passphrase_edit.setText(passphrase)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)


def test_wrong_passphrase_says_so_and_holds_the_button_then_the_right_one_opens(qtbot, demo_dir: Path) -> None:
    before = tree_bytes(demo_dir)
    dialog = LoginDialog(demo_dir, "zhang")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.workstation_label.text() == "测试工作站（技术市场处）"
    assert dialog.login_button.text() == "登录"

    _try(qtbot, dialog, "not the passphrase")
    qtbot.waitUntil(lambda: "口令不正确" in dialog.message_label.text())
    assert not dialog.login_button.isEnabled()
    assert "秒" in dialog.login_button.text()  # the countdown
    assert dialog.user_edit.text() == "zhang" and dialog.passphrase_edit.text() == ""
    assert dialog.isVisible() and dialog.workstation is None
    assert tree_bytes(demo_dir) == before  # nothing in the store changed
    assert len(authlog.failures(demo_dir, "zhang")) == 1

    qtbot.waitUntil(dialog.login_button.isEnabled)  # the 1-second hold ends
    assert dialog.login_button.text() == "登录"
    with qtbot.waitSignal(dialog.unlocked) as unlocked:
        _try(qtbot, dialog, OFFICER_PASS)
    ws = unlocked.args[0]
    try:
        assert dialog.result() == LoginDialog.DialogCode.Accepted
        window = MainWindow(ws)
        qtbot.addWidget(window)
        window.show()
        assert window.tabs.count() == 2 + len(all_modules())  # 工作台, the duties, 公文登记簿
        assert authlog.failures(demo_dir, "zhang") == []  # moved into the audit trail
    finally:
        ws.close()


def test_an_earlier_mistake_holds_first_and_the_next_holds_longer(qtbot, demo_dir: Path) -> None:
    authlog.record_failure(demo_dir, "zhang")  # a mistake just now (e.g. at the command line)
    dialog = LoginDialog(demo_dir, "zhang")
    qtbot.addWidget(dialog)
    _try(qtbot, dialog, "wrong again")
    assert not dialog.gate.is_open()  # held before any attempt: 1 s after one mistake
    assert len(authlog.failures(demo_dir, "zhang")) == 1
    qtbot.waitUntil(dialog.login_button.isEnabled)
    _try(qtbot, dialog, "wrong again")
    qtbot.waitUntil(lambda: len(authlog.failures(demo_dir, "zhang")) == 2 and not dialog.gate.is_open())
    assert dialog.gate.remaining == 2  # 1, 2, 4, ... seconds
    dialog.passphrase_edit.setText(OFFICER_PASS)
    qtbot.keyClick(dialog.passphrase_edit, Qt.Key.Key_Return)  # Enter does not get round the hold
    assert dialog.workstation is None and len(authlog.failures(demo_dir, "zhang")) == 2


def test_the_message_is_in_the_officers_language(qtbot, demo_dir: Path) -> None:
    set_language("en")
    dialog = LoginDialog(demo_dir, "zhang")
    qtbot.addWidget(dialog)
    assert dialog.login_button.text() == "Log in"
    _try(qtbot, dialog, "not the passphrase")
    qtbot.waitUntil(lambda: "Wrong user name or passphrase" in dialog.message_label.text())


def test_empty_fields_are_asked_for_without_an_attempt(qtbot, demo_dir: Path) -> None:
    dialog = LoginDialog(demo_dir, "")
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.message_label.text() == "请输入用户名。"
    assert authlog.failures(demo_dir, "") == []


def test_a_folder_without_a_workstation_is_named_and_login_is_off(qtbot, tmp_path: Path) -> None:
    dialog = LoginDialog(tmp_path / "empty", "zhang")
    qtbot.addWidget(dialog)
    assert "没有工作站" in dialog.message_label.text()
    assert not dialog.login_button.isEnabled()


def test_pending_delay_counts_from_the_last_failure(tmp_path: Path) -> None:
    tmp_path.mkdir(exist_ok=True)
    for _ in range(3):
        authlog.record_failure(tmp_path, "zhang")
    last = dt.datetime.fromisoformat(authlog.failures(tmp_path, "zhang")[-1])
    assert pending_delay(tmp_path, "zhang", now=last) == 4  # the 4th attempt waits 4 s
    assert pending_delay(tmp_path, "zhang", now=last + dt.timedelta(seconds=1)) == 3
    assert pending_delay(tmp_path, "zhang", now=last + dt.timedelta(seconds=2.5)) == 2  # stamps have microseconds
    assert pending_delay(tmp_path, "zhang", now=last + dt.timedelta(seconds=60)) == 0
    assert pending_delay(tmp_path, "nobody") == 0
