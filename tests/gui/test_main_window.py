"""The main window: 工作台 and the 13 duties in order, keyset-paged case lists, the
case detail on double-click, the status bar, and the workbench lists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QLabel, QTableView, QTreeWidget, QWidget

from bjstc_desktop.core.fieldvalues import display_value
from bjstc_desktop.core.modules import all_modules, case_type
from bjstc_desktop.gui.case_detail import CaseDetailDialog
from bjstc_desktop.gui.case_table_model import OVERDUE_COLOUR
from bjstc_desktop.gui.main_window import MainWindow
from bjstc_desktop.gui.module_tab import DutyTab
from bjstc_desktop.gui.workbench import Workbench
from bjstc_desktop.store.models import Case
from bjstc_desktop.workstation import Workstation
from tests.conftest import ADMIN_PASS
from tests.gui.conftest import MARKET_CASES, SPREAD_CASES


@pytest.fixture
def window(qtbot, ws: Workstation) -> MainWindow:
    win = MainWindow(ws, idle_timeout_ms=3_600_000)
    qtbot.addWidget(win)
    win.show()
    return win


def test_fourteen_tabs_workbench_first_then_the_duties_in_order(qtbot, window: MainWindow, ws: Workstation) -> None:  # type: ignore[no-untyped-def]
    names = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert names == ["工作台", *(m.name for m in all_modules()), "公文登记簿"]  # the letter register last
    assert len(names) == 15
    assert window.tabs.tabPosition() == window.tabs.TabPosition.West
    # each page sits in its tab's slot (built when first shown: page_slot.py)
    assert window.findChild(QWidget, "tab_workbench").parentWidget() is window.tabs.widget(0)
    assert window.tab("market").parentWidget() is window.tabs.widget(7)
    market = str(ws.cases.counts()["market"])
    qtbot.waitUntil(lambda: window.tabs.side_bar.badge(7) == market)  # counted off the GUI thread
    # every tab fits the height of a 1366x768 screen at 125% (614 logical pixels, less chrome)
    assert sum(window.tabs.side_bar.tabSizeHint(i).height() for i in range(15)) < 614 - 120


def test_status_bar_names_user_role_workstation_and_ceiling(window: MainWindow) -> None:
    texts = {name: window.findChild(QLabel, name).text()
             for name in ("status_user", "status_role", "status_workstation", "status_ceiling")}
    assert texts == {"status_user": "用户：zhang", "status_role": "角色：科员",
                     "status_workstation": "工作站：测试工作站", "status_ceiling": "本机最高密级：秘密"}


def test_a_duty_table_reads_one_page_at_a_time(qtbot, window: MainWindow, ws: Workstation,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    market_total = ws.cases.counts()["market"]
    assert market_total > 200
    calls: list[tuple[str | None, object, int | None]] = []
    real = ws.cases.page

    def spy(**kw):  # type: ignore[no-untyped-def]
        calls.append((kw.get("module"), kw.get("cursor"), kw.get("limit")))
        return real(**kw)

    monkeypatch.setattr(ws.cases, "page", spy)
    page = window.select_tab("market")
    model = page.model
    table = window.findChild(QTableView, "case_table_market")
    assert table is not None and table.model() is model and table.isVisible()
    qtbot.waitUntil(lambda: model.loaded)
    for _ in range(3):  # the view, shown and laid out, must not pull more on its own
        QApplication.processEvents()
    assert model.rowCount() == 100
    assert model.canFetchMore(QModelIndex())
    assert calls == [("market", None, 100)]
    last_id = model.case_at(99).id
    with qtbot.waitSignal(model.populated):  # read off the GUI thread
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 200
    assert calls[-1] == ("market", (last_id, last_id), 100)  # keyset: (sort value, id) of the last row
    with qtbot.waitSignal(model.populated):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == market_total
    assert not model.canFetchMore(QModelIndex())
    ids = [model.case_at(r).id for r in range(model.rowCount())]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == len(ids)  # newest first, no repeats
    qtbot.waitUntil(lambda: page.header_summary.text() == f"共 {market_total} 件")


def test_columns_are_the_officers_headings(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    model = window.select_tab("market").model
    qtbot.waitUntil(lambda: model.loaded)  # read off the GUI thread
    headings = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headings == ["案号", "类型", "标题", "状态", "密级", "期限", "承办人", "收文日期"]
    assert model.index(0, 1).data() == case_type(model.case_at(0).type).name  # the Chinese name


def test_double_click_opens_the_case_with_its_fields_and_timeline(qtbot, window: MainWindow) -> None:
    page = window.select_tab("market")
    page.type_filter.setCurrentIndex(page.type_filter.findData("tech_contract"))  # a type with money
    table = page.table
    qtbot.waitUntil(lambda: page.model.rowCount() > 3)
    case = page.model.case_at(3)
    assert case.type == "tech_contract"
    index = page.model.index(3, 2)
    table.scrollTo(index)
    centre = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # a real double-click
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # starts with a press
    qtbot.waitUntil(lambda: bool(window.findChildren(CaseDetailDialog)))
    dialog = window.findChildren(CaseDetailDialog)[0]
    assert dialog.findChild(QLabel, "case_no_label").text() == case.case_no
    assert dialog.findChild(QLabel, "title_label").text() == case.title
    tree = dialog.findChild(QTreeWidget, "fields_tree")
    shown = {tree.topLevelItem(i).text(0): tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount())}
    full = window.ws.cases.show(case.id)
    amount = case_type("tech_contract").field("contract_amount")
    assert shown["成交额"] == display_value(amount, full.fields["contract_amount"])
    assert shown["成交额"].endswith("元") and "," in shown["成交额"]
    timeline = dialog.findChild(QTableView, "timeline_table")
    assert timeline.model().index(0, 2).data() == "登记"
    assert timeline.model().index(0, 1).data() == case.handler


def test_enter_on_a_row_opens_the_case_too(qtbot, window: MainWindow) -> None:
    page = window.select_tab("policy")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    page.table.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(window.findChildren(CaseDetailDialog)))
    assert window.findChildren(CaseDetailDialog)[0].case.id == page.model.case_at(0).id


def test_type_filter_and_search_narrow_the_list(qtbot, window: MainWindow) -> None:
    page = window.select_tab("market")
    qtbot.waitUntil(lambda: page.model.loaded)
    wanted = page.model.case_at(5)
    with qtbot.waitSignal(page.model.populated):  # searched off the GUI thread
        page.search_edit.setText(wanted.case_no)
        page.refresh()
    assert wanted.id in {page.model.case_at(r).id for r in range(page.model.rowCount())}
    assert page.model.rowCount() < 20
    page.search_edit.clear()
    page.refresh()
    qtbot.waitUntil(lambda: page.model.loaded and page.model.rowCount() == 100)


def test_workbench_shows_overdue_due_soon_and_my_cases(qtbot, ws: Workstation) -> None:
    today = dt.date(2026, 6, 1)
    mine = ws.cases.list(module="policy", limit=2)
    with ws.store.write() as s:
        s.get(Case, mine[0].id).due_on = today - dt.timedelta(days=3)
        s.get(Case, mine[1].id).due_on = today + dt.timedelta(days=2)  # within 3 working days
    window = MainWindow(ws, idle_timeout_ms=3_600_000, today=lambda: today)
    qtbot.addWidget(window)
    window.show()
    bench = window.current_page()
    assert isinstance(bench, Workbench)
    qtbot.waitUntil(bench.is_populated)  # read off the GUI thread
    assert [bench.overdue.case_at(r).id for r in range(bench.overdue.rowCount())] == [mine[0].id]
    assert [bench.due_soon.case_at(r).id for r in range(bench.due_soon.rowCount())] == [mine[1].id]
    assert bench.overdue.index(0, 5).data(Qt.ItemDataRole.ForegroundRole) == OVERDUE_COLOUR
    assert bench.tile_overdue.number.text() == "1" and bench.tile_due.number.text() == "1"
    while bench.mine.canFetchMore(QModelIndex()):
        with qtbot.waitSignal(bench.mine.populated):
            bench.mine.fetchMore(QModelIndex())
    handlers = {bench.mine.case_at(r).handler for r in range(bench.mine.rowCount())}
    assert bench.mine.rowCount() == SPREAD_CASES and handlers == {"zhang"}
    qtbot.waitUntil(lambda: bench.tile_total.number.text() == str(MARKET_CASES + SPREAD_CASES))


def test_an_administrator_sees_why_there_are_no_cases(qtbot, demo_dir: Path) -> None:
    ws = Workstation.open(demo_dir, "admin", ADMIN_PASS, wait_for_delay=False)
    try:
        window = MainWindow(ws, idle_timeout_ms=3_600_000)
        qtbot.addWidget(window)
        window.show()
        page = window.select_tab("market")
        assert isinstance(page, DutyTab)
        placeholder = window.findChild(QLabel, "case_table_market_placeholder")
        qtbot.waitUntil(lambda: page.panel.currentWidget() is placeholder)  # the read's refusal
        assert "三员分立" in placeholder.text()
        assert window.tabs.side_bar.badge(7) == ""
        window.close()
    finally:
        ws.close()
