"""Help: an offline manual (Chinese and English, with screenshots) from 帮助 and with F1 at
the section of each tab; 关于 with the version, the build and the licences of the bundled
fonts. And the messages that must neither linger nor vanish: the login's wait note goes
when the button comes back; the lock screen's error stays until the next attempt; the
import wizard can be resized and shows its messages whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication, QLabel

from bjstc_desktop import __version__
from bjstc_desktop.core.importprofiles import profiles_for_module
from bjstc_desktop.gui.about import bundled_fonts
from bjstc_desktop.gui.help_window import HelpWindow, manual_path
from bjstc_desktop.gui.import_wizard import ImportWizard
from bjstc_desktop.gui.login_dialog import LoginDialog
from bjstc_desktop.gui.main_window import MainWindow
from bjstc_desktop.gui.tab_registry import tab_keys
from bjstc_desktop.gui.translations import set_language
from bjstc_desktop.workstation import Workstation
from tests.gui.casework import opened


def _anchors(html: str) -> set[str]:
    return set(re.findall(r'(?:name|id)="([\w-]+)"', html))


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_manual_has_a_section_for_every_tab_and_its_pictures(language: str) -> None:
    page = manual_path(language)
    html = page.read_text(encoding="utf-8")
    assert set(tab_keys()) <= _anchors(html)
    assert {"drafts", "letters", "keys", "lock", "search", "new-case"} <= _anchors(html)
    pictures = re.findall(r'<img src="([^"]+)"', html)
    assert len(pictures) >= 4
    for src in pictures:
        assert (page.parent / src).resolve().is_file(), src
    for href in re.findall(r'href="([^"]+)"', html):
        assert href.startswith("#"), href  # nothing outside the manual, nothing online
    for anchor in re.findall(r'href="#([\w-]+)"', html):
        assert anchor in _anchors(html)
    chinese = sum("\u4e00" <= ch <= "\u9fff" for ch in html)
    assert (chinese > 1500) if language == "zh" else (chinese < 200)


def test_f1_opens_the_manual_at_the_section_of_each_tab(qtbot, ws: Workstation) -> None:
    window = MainWindow(ws, idle_timeout_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    for page in window.pages:
        window.show_tab(page.key)
        window.findChild(type(window.new_case_menu.menuAction()), "action_help").trigger()
        help_window = window._help
        assert isinstance(help_window, HelpWindow) and help_window.isVisible()
        assert help_window.section == page.key and help_window.browser.source().fragment() == page.key
    assert window.open_help("").browser.source().fragment() == ""  # 帮助 ▸ 使用手册: the top


def test_the_english_ui_opens_the_english_manual(qtbot) -> None:
    set_language("en")
    window = HelpWindow()
    qtbot.addWidget(window)
    assert window.path == manual_path("en") and "Manual" in window.browser.toPlainText()


def test_the_manual_follows_no_link_out(qtbot) -> None:
    window = HelpWindow()
    qtbot.addWidget(window)
    before = window.browser.source()
    window.browser.setSource(QUrl("https://example.org/"))
    window.browser.setSource(QUrl.fromLocalFile("/etc/passwd"))
    assert window.browser.source() == before


def test_about_names_the_version_the_build_and_the_font_licences(qtbot, ws: Workstation) -> None:
    window = MainWindow(ws, idle_timeout_ms=3_600_000)
    qtbot.addWidget(window)
    opening = window.open_about()
    assert opening.window is None  # its one row is read first, off the GUI thread
    dialog = opened(qtbot, opening)
    text = dialog.text.toPlainText()
    assert __version__ in text and "构建" in text and ws.identity()["fingerprint"] in text
    fonts = bundled_fonts()
    assert len(fonts) >= 4 and all(f["licence"] and f["family"] in text for f in fonts)
    first = fonts[0]
    assert dialog.show_licence(first["licence_file"])
    assert "Apache" in dialog.text.toPlainText() or "License" in dialog.text.toPlainText()
    assert not dialog.show_licence("../../bjstc_desktop/__init__.py")  # only the licence files


def test_the_login_wait_note_goes_when_the_button_comes_back(qtbot, demo_dir: Path) -> None:
    dialog = LoginDialog(demo_dir, "zhang")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.passphrase_edit.setText("wrong passphrase")
    dialog.attempt()
    qtbot.waitUntil(lambda: "请等待" in dialog.message_label.text() or "秒" in dialog.message_label.text())
    assert "口令不正确" in dialog.message_label.text()
    qtbot.waitUntil(dialog.login_button.isEnabled)
    assert "秒" not in dialog.message_label.text()  # the wait is over: its note is gone
    assert "口令不正确" in dialog.message_label.text()  # the reason stays until the next attempt


def test_the_lock_screens_error_stays_until_the_next_attempt(qtbot, ws: Workstation) -> None:
    window = MainWindow(ws, idle_timeout_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    window.lock()
    screen = window.lock_screen
    screen.passphrase_edit.setText("wrong passphrase")
    screen.attempt()
    qtbot.waitUntil(lambda: "口令不正确" in screen.message_label.text())
    qtbot.waitUntil(screen.unlock_button.isEnabled)
    assert "口令不正确" in screen.message_label.text()
    screen.passphrase_edit.setText("again wrong")
    screen.attempt()
    assert "口令不正确" not in screen.message_label.text()  # the next attempt replaces it


def test_the_import_wizard_can_be_resized_and_shows_its_messages_whole(qtbot, ws: Workstation) -> None:
    wizard = ImportWizard(ws, profiles_for_module("market"))
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.isSizeGripEnabled() and wizard.maximumWidth() > wizard.width()
    assert wizard.width() >= 760 and wizard.height() >= 500
    wizard.file_edit.setText("/没有这个文件夹/一个名字很长很长的技术合同登记清单-二〇二六年第三季度-海淀区技术合同登记站.xlsx")
    wizard.next()
    label = wizard.file_error
    qtbot.waitUntil(lambda: bool(label.text()))
    QApplication.processEvents()
    assert isinstance(label, QLabel) and label.wordWrap()
    assert label.height() >= label.heightForWidth(label.width())  # every wrapped line shows
    assert label.width() <= wizard.currentPage().width()
