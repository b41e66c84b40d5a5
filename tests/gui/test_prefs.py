"""Remembered per user (QSettings, never case content): the last user name, the main
window's geometry, the case window's splitter, column widths, and each tab's sort order."""

from __future__ import annotations

from pathlib import Path

from bjstc_desktop.core.searchquery import SortKey
from bjstc_desktop.gui import prefs
from bjstc_desktop.gui.case_detail import CaseDetailDialog
from bjstc_desktop.gui.case_table_model import CaseTableModel
from bjstc_desktop.gui.login_dialog import LoginDialog
from bjstc_desktop.gui.main_window import MainWindow
from bjstc_desktop.workstation import Workstation
from tests.conftest import OFFICER_PASS
from tests.gui.casework import case_details


def _window(qtbot, ws: Workstation) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(ws, idle_timeout_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_login_offers_the_last_user_of_this_workstation(qtbot, demo_dir: Path) -> None:
    first = LoginDialog(demo_dir)
    qtbot.addWidget(first)
    assert first.user_edit.text() == ""
    first.user_edit.setText("zhang")
    first.passphrase_edit.setText(OFFICER_PASS)
    with qtbot.waitSignal(first.unlocked) as opened:
        first.attempt()
    opened.args[0].close()
    again = LoginDialog(demo_dir)
    qtbot.addWidget(again)
    assert again.user_edit.text() == "zhang"
    other = LoginDialog(demo_dir.parent)  # another workstation folder: nothing remembered there
    qtbot.addWidget(other)
    assert other.user_edit.text() == ""


def test_the_window_geometry_comes_back(qtbot, ws: Workstation) -> None:
    window = _window(qtbot, ws)
    window.resize(1100, 640)
    window.move(30, 20)
    window.close()
    again = _window(qtbot, ws)
    assert (again.width(), again.height()) == (1100, 640)


def test_column_widths_and_each_tabs_sort_order_come_back(qtbot, ws: Workstation) -> None:
    window = _window(qtbot, ws)
    market = window.select_tab("market")
    qtbot.waitUntil(market.is_populated)
    handler = CaseTableModel.KEYS.index("handler")
    market.table.setColumnWidth(handler, 211)
    market.sorter.click(CaseTableModel.KEYS.index("due"))  # market: by due date
    policy = window.select_tab("policy")
    qtbot.waitUntil(policy.is_populated)
    policy.sorter.click(CaseTableModel.KEYS.index("case_no"))
    policy.sorter.click(CaseTableModel.KEYS.index("case_no"))  # policy: by 案号, reversed
    # the widths are saved 400 ms after the last resize
    qtbot.waitUntil(lambda: "211" in [str(w) for w in prefs.store().value(_key("columns/case_table_market/zh")) or []])
    window.close()
    again = _window(qtbot, ws)
    assert again.tab("market").table.columnWidth(handler) == 211
    assert again.tab("market").sorter.sort.key is SortKey.DUE
    assert again.tab("policy").sorter.sort.key is SortKey.CASE_NO and again.tab("policy").sorter.sort.descending
    assert again.tab("talent").sorter.sort.key is SortKey.NEWEST


def test_laying_out_the_window_remembers_no_widths(qtbot, ws: Workstation) -> None:
    """The stretching title column resizes with every layout; only an officer's drag of a
    column is a choice to remember (saving on layout pinned the defaults of the day)."""
    from bjstc_desktop.gui.case_table import CaseListPanel

    window = _window(qtbot, ws)
    market = window.select_tab("market")
    qtbot.waitUntil(market.is_populated)
    window.resize(1200, 700)
    qtbot.waitUntil(lambda: window.width() == 1200)
    panels = [p for p in window.findChildren(CaseListPanel) if p.table is market.table]
    assert panels and not panels[0]._widths.isActive()
    assert prefs.store().value(_key("columns/case_table_market/zh")) is None
    market.table.setColumnWidth(CaseTableModel.KEYS.index("handler"), 150)  # a drag does start the save
    assert panels[0]._widths.isActive()


def _key(name: str) -> str:
    import hashlib

    return f"users/{hashlib.sha256(b'zhang').hexdigest()[:16]}/{name}"


def test_widths_kept_for_chinese_headings_never_cut_the_english_ones_short(qtbot, ws: Workstation) -> None:
    """Found at 1366x768 under Xvfb: the widths saved while the headings were Chinese (密级
    is two characters) came back under --lang en and showed "ssificat" for Classification."""
    from PySide6.QtGui import QFont, QFontMetrics

    from bjstc_desktop.gui.translations import set_language

    window = _window(qtbot, ws)
    market = window.select_tab("market")
    qtbot.waitUntil(market.is_populated)
    level = CaseTableModel.KEYS.index("classification")
    market.table.setColumnWidth(level, 48)  # room for 密级 only
    qtbot.waitUntil(lambda: "48" in [str(w) for w in prefs.store().value(_key("columns/case_table_market/zh")) or []])
    window.close()
    set_language("en")
    again = _window(qtbot, ws)
    table = again.tab("market").table
    bold = QFont(table.horizontalHeader().font())
    bold.setBold(True)
    assert table.columnWidth(level) >= QFontMetrics(bold).horizontalAdvance("Classification")
    again.close()
    set_language("zh")
    back = _window(qtbot, ws)
    assert back.tab("market").table.columnWidth(level) == 48  # the Chinese choice is kept for Chinese


def test_the_case_windows_splitter_comes_back(qtbot, ws: Workstation) -> None:
    _window(qtbot, ws)  # the user whose preferences are used
    case = ws.cases.list(module="market", limit=1)[0]
    first = CaseDetailDialog(ws, case_details(ws, case.id))
    qtbot.addWidget(first)
    first.show()
    first.splitter.setSizes([300, 700])
    first.splitter.splitterMoved.emit(300, 1)
    sizes = first.splitter.sizes()
    first.close()
    again = CaseDetailDialog(ws, case_details(ws, case.id))
    qtbot.addWidget(again)
    again.show()
    assert again.splitter.sizes() == sizes


def test_other_users_have_their_own(qtbot, ws: Workstation, demo_dir: Path) -> None:
    window = _window(qtbot, ws)
    page = window.select_tab("market")
    qtbot.waitUntil(page.is_populated)
    page.sorter.click(CaseTableModel.KEYS.index("state"))
    window.close()
    li = Workstation.open(demo_dir, "li", OFFICER_PASS, wait_for_delay=False)
    try:
        theirs = _window(qtbot, li)
        assert theirs.tab("market").sorter.sort.key is SortKey.NEWEST
        theirs.close()
    finally:
        li.close()


def test_the_settings_file_holds_no_case_content(qtbot, ws: Workstation, _own_settings: Path) -> None:
    window = _window(qtbot, ws)
    page = window.select_tab("market")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    page.search_edit.setText("北京")
    page.refresh()
    page.sorter.click(CaseTableModel.KEYS.index("received_on"))
    window.close()
    prefs.store().sync()
    text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in _own_settings.rglob("*") if p.is_file())
    assert "sort" in text and "geometry" in text
    cases = ws.cases.list(module="market", limit=50)
    for case in cases:
        assert case.title not in text and case.case_no not in text
    assert "北京" not in text  # not even the words searched for
