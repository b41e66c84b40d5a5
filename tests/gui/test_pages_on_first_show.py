"""The main window builds a page when it is first shown (issue 15 point 4): the first
screen builds the 工作台 (or the tab asked for) and no other, and a page built later
works as one built with the window did: its list, its count, its case windows."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView

from bjstc_desktop.gui.case_detail import CaseDetailDialog
from bjstc_desktop.gui.main_window import MainWindow
from bjstc_desktop.gui.module_tab import DutyTab, ModuleTab
from bjstc_desktop.gui.workbench import Workbench
from bjstc_desktop.workstation import Workstation


def _built(window: MainWindow) -> list[str]:
    return [page.key for page in window.findChildren(ModuleTab)]


def test_the_first_screen_builds_only_the_workbench(qtbot, ws: Workstation) -> None:
    window = MainWindow(ws, idle_timeout_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    workbench = window.current_page()
    assert isinstance(workbench, Workbench)
    qtbot.waitUntil(workbench.is_populated)
    assert _built(window) == ["workbench"]
    assert window.tabs.count() == 15  # every tab is there, named, with its badge
    assert window.tabs.tabText(0) == "工作台" and window.tabs.tabText(14) == "公文登记簿"


def test_a_window_opened_on_a_duty_builds_that_duty_only(qtbot, ws: Workstation) -> None:
    window = MainWindow(ws, idle_timeout_ms=3_600_000)
    qtbot.addWidget(window)
    window.show_tab("market")
    window.show()
    page = window.current_page()
    qtbot.waitUntil(page.is_populated)
    assert _built(window) == ["market"]


def test_a_page_built_on_first_show_has_its_count_rows_and_case_window(qtbot, ws: Workstation) -> None:
    window = MainWindow(ws, idle_timeout_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    market = str(ws.cases.counts()["market"])
    qtbot.waitUntil(lambda: window.tabs.side_bar.badge(7) == market)  # counts read before it exists
    assert "market" not in _built(window)
    window.tabs.setCurrentIndex(7)  # as a click on the side tab
    page = window.current_page()
    assert isinstance(page, DutyTab) and page.key == "market"
    qtbot.waitUntil(page.is_populated)
    assert page.count == int(market)  # the counts read earlier reach the page built later
    assert page.model.rowCount() > 0
    table = page.findChild(QTableView, "case_table_market")
    assert table is not None and table.isVisible()
    case_id = page.model.case_at(0).id
    page.table.case_activated.emit(case_id)  # a double-click's signal: the page opens its cases here
    opening = window._openings[case_id]
    with qtbot.waitSignal(opening.opened) as opened:
        pass  # read off the GUI thread; delivered once the event loop runs
    assert isinstance(opened.args[0], CaseDetailDialog)
    opened.args[0].close()
