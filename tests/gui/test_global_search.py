"""全局检索 (Ctrl+F) and sortable duty lists: the dialog finds what `ws.cases.search`
finds (the CLI's answer), its filters narrow the results, a result opens its case, ID
numbers never appear, and a click on a duty list's heading sorts it through the store."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from sqlalchemy import text

from bjstc_desktop.core.searchquery import CaseSort, SearchQuery, SortKey
from bjstc_desktop.gui.case_detail import CaseDetailDialog
from bjstc_desktop.gui.case_table_model import CaseTableModel
from bjstc_desktop.gui.global_search import GlobalSearchDialog
from bjstc_desktop.gui.main_window import MainWindow
from bjstc_desktop.gui.module_tab import DutyTab
from bjstc_desktop.workstation import Workstation

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def window(qtbot, ws: Workstation) -> MainWindow:
    win = MainWindow(ws, idle_timeout_ms=3_600_000, today=lambda: TODAY)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _shown(model: CaseTableModel) -> list[str]:
    return [model.case_at(r).id for r in range(model.rowCount())]


def _open_search(qtbot, window: MainWindow) -> GlobalSearchDialog:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(GlobalSearchDialog) is not None
                    and window.findChild(GlobalSearchDialog).isVisible())
    return window.findChild(GlobalSearchDialog)


def test_ctrl_f_opens_the_search_and_finds_what_the_cli_finds(qtbot, window: MainWindow, ws: Workstation) -> None:
    dialog = _open_search(qtbot, window)
    assert dialog.text.hasFocus() or dialog.text.isVisible()
    with qtbot.waitSignal(dialog.searched) as blocker:
        dialog.text.setText("冰雪")  # as typed: the search runs when typing pauses
    expected = [v.id for v in ws.cases.search(query=SearchQuery(text="冰雪", limit=200))]
    assert expected and blocker.args == [len(expected)]
    assert _shown(dialog.model) == expected
    assert "件" in dialog.summary.text()
    assert _open_search(qtbot, window) is dialog  # Ctrl+F again: the same window, words kept
    assert dialog.text.text() == "冰雪"


def test_filters_narrow_the_results(qtbot, window: MainWindow, ws: Workstation) -> None:
    dialog = window.open_global_search()
    dialog.text.setText("北京")
    with qtbot.waitSignal(dialog.searched):
        dialog.module.setCurrentIndex(dialog.module.findData("market"))
    market = _shown(dialog.model)
    assert market and all(dialog.model.case_at(r).module == "market" for r in range(dialog.model.rowCount()))
    assert dialog.case_type.findData("tech_contract") > 0 and dialog.case_type.findData("hnte") < 0
    with qtbot.waitSignal(dialog.searched):
        dialog.case_type.setCurrentIndex(dialog.case_type.findData("tech_contract"))
    assert {dialog.model.case_at(r).type for r in range(dialog.model.rowCount())} <= {"tech_contract"}
    with qtbot.waitSignal(dialog.searched):
        dialog.received_from.setDate(QDate(2100, 1, 1))
    assert dialog.model.rowCount() == 0 and dialog.panel.currentWidget() is dialog.panel.placeholder
    with qtbot.waitSignal(dialog.searched):
        dialog.received_from.setDate(QDate(2000, 1, 1))  # — : no longer set
    assert _shown(dialog.model) == [v.id for v in ws.cases.search(query=dialog.query())]
    with qtbot.waitSignal(dialog.searched):
        dialog.overdue.setChecked(True)
    overdue = [dialog.model.case_at(r) for r in range(dialog.model.rowCount())]
    assert all(c.due and dt.date.fromisoformat(c.due) < TODAY for c in overdue)
    assert dialog.query().overdue_on == TODAY


def test_a_district_alone_lists_its_cases(qtbot, window: MainWindow, ws: Workstation) -> None:
    with ws.store.read() as s:
        district = s.execute(text("SELECT district FROM cases WHERE district IS NOT NULL LIMIT 1")).scalar()
    assert district, "the demo data has district fields"
    dialog = window.open_global_search()
    with qtbot.waitSignal(dialog.searched):
        dialog.district.setCurrentIndex(dialog.district.findData(district))
    shown = [dialog.model.case_at(r) for r in range(dialog.model.rowCount())]
    assert shown and all(c.district == district for c in shown)


def test_enter_on_a_result_opens_the_case(qtbot, window: MainWindow) -> None:
    dialog = window.open_global_search()
    with qtbot.waitSignal(dialog.searched):
        dialog.text.setText("北京")
        dialog.run_search()
    table = dialog.panel.table
    table.setCurrentIndex(dialog.model.index(1, 0))
    wanted = dialog.model.case_at(1).id
    with qtbot.waitSignal(dialog.case_open_requested) as blocker:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert blocker.args == [wanted]
    qtbot.waitUntil(lambda: bool(window.findChildren(CaseDetailDialog)))
    assert window.findChildren(CaseDetailDialog)[0].case.id == wanted


def test_an_id_number_finds_its_case_and_is_never_shown(qtbot, window: MainWindow, ws: Workstation) -> None:
    with ws.store.read() as s:
        case_id, number = s.execute(text(
            "SELECT case_id, text_value FROM case_fields WHERE kind = 'id_number' LIMIT 1")).one()
    dialog = window.open_global_search()
    with qtbot.waitSignal(dialog.searched):
        dialog.text.setText(number)
        dialog.run_search()
    assert case_id in _shown(dialog.model)
    cells = [str(dialog.model.index(r, c).data()) for r in range(dialog.model.rowCount())
             for c in range(dialog.model.columnCount())]
    assert not any(number in cell or number[6:14] in cell for cell in cells)
    dialog.panel.table.setCurrentIndex(dialog.model.index(_shown(dialog.model).index(case_id), 0))
    qtbot.waitUntil(lambda: dialog.why.text() != "")  # read off the GUI thread
    why = dialog.why.text()
    assert why.startswith("命中：") and number[:6] + "********" + number[-4:] in why  # where, masked
    assert number not in why and number[6:14] not in why


def test_a_heading_click_sorts_the_duty_list_in_the_store(qtbot, window: MainWindow, ws: Workstation) -> None:
    page = window.select_tab("market")
    assert isinstance(page, DutyTab)
    qtbot.waitUntil(lambda: page.model.loaded)
    due_col = CaseTableModel.KEYS.index("due")
    with qtbot.waitSignal(page.model.populated):
        page.table.horizontalHeader().sectionClicked.emit(due_col)
    assert page.sorter.sort == CaseSort(SortKey.DUE, False)
    expected = [v.id for v in ws.cases.page(module="market", sort=CaseSort(SortKey.DUE, False), limit=100).rows]
    assert _shown(page.model) == expected
    dues = [page.model.case_at(r).due for r in range(page.model.rowCount())]
    present = [d for d in dues if d]
    assert present == sorted(present) and dues[: len(present)] == present  # soonest first, none last
    header = page.table.horizontalHeader()
    assert header.sortIndicatorSection() == due_col and header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    with qtbot.waitSignal(page.model.populated):
        header.sectionClicked.emit(due_col)  # again: the other way round
    assert page.sorter.sort == CaseSort(SortKey.DUE, True)
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    with qtbot.waitSignal(page.model.populated):  # read off the GUI thread
        page.model.fetchMore()
    assert page.model.rowCount() == 200  # the next page continues from the (due, id) cursor
    ids = _shown(page.model)
    assert len(set(ids)) == 200
    before = page.sorter.sort
    header.sectionClicked.emit(CaseTableModel.KEYS.index("title"))  # titles have no index: no sort
    assert page.sorter.sort == before and header.sortIndicatorSection() == due_col


def test_the_tab_search_uses_the_same_ranked_search(qtbot, window: MainWindow, ws: Workstation) -> None:
    page = window.select_tab("market")
    qtbot.waitUntil(lambda: page.model.loaded)
    with qtbot.waitSignal(page.model.populated):
        page.search_edit.setText("北京")
        page.refresh()
    assert _shown(page.model) == [v.id for v in ws.cases.search(query=SearchQuery(text="北京", module="market"))]


def test_states_that_read_alike_in_english_are_one_filter_entry_finding_them_all(qtbot, ws: Workstation) -> None:
    """English names 报送 and 已报送 both "Submitted" (受理 and 已受理 both "Accepted" …):
    the state filter lists each name once, and that entry finds the cases in every one of
    the states it stands for."""
    from bjstc_desktop.gui.translations import set_language

    set_language("en")
    dialog = GlobalSearchDialog(ws)
    qtbot.addWidget(dialog)
    texts = [dialog.state.itemText(i) for i in range(dialog.state.count())]
    assert len(texts) == len(set(texts)), sorted(t for t in texts if texts.count(t) > 1)
    merged = {dialog.state.itemText(i): tuple(dialog.state.itemData(i)) for i in range(dialog.state.count())
              if isinstance(dialog.state.itemData(i), list | tuple)}
    assert set(merged["Submitted"]) == {"报送", "已报送"} and len(merged) >= 10
    beyond_first = 0  # cases found through a state other than the entry's first one
    for name, stored in merged.items():
        dialog.state.setCurrentIndex(dialog.state.findText(name))
        assert dialog.query().state == stored
        found = {v.id for v in ws.cases.page(state=stored, limit=100_000).rows}
        each = [{v.id for v in ws.cases.page(state=s, limit=100_000).rows} for s in stored]
        assert found == set().union(*each), name
        beyond_first += sum(len(ids) for ids in each[1:])
    assert beyond_first > 0  # an entry standing only for its first state would miss these
    set_language("zh")
    dialog = GlobalSearchDialog(ws)
    qtbot.addWidget(dialog)
    texts = [dialog.state.itemText(i) for i in range(dialog.state.count())]
    assert "报送" in texts and "已报送" in texts  # Chinese names them apart, as stored
