"""The keyboard: Ctrl+N and a menu entry for a new case, Ctrl+PgUp/PgDn and Ctrl+1..9
between tabs, the list (not the type filter) has the focus after a tab switch, Tab from a
search box goes to its results, Enter submits the action dialog, the focus is visible,
and every list has a right-click menu (open, act, letter, export)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMenu, QPushButton, QWidget

from bjstc_desktop.core.modules import case_type
from bjstc_desktop.gui.action_dialog import ActionDialog
from bjstc_desktop.gui.case_form import CaseFormDialog
from bjstc_desktop.gui.global_search import GlobalSearchDialog
from bjstc_desktop.gui.main_window import MainWindow
from bjstc_desktop.gui.module_tab import DutyTab
from bjstc_desktop.workstation import Workstation
from tests.gui.casework import make_contract, opened


def _window(qtbot, ws: Workstation) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(ws, idle_timeout_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts reach the active window only
    return window


def _forms() -> list[CaseFormDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, CaseFormDialog) and w.isVisible()]


def test_ctrl_n_opens_the_new_case_form_of_a_one_type_duty(qtbot, ws: Workstation) -> None:
    window = _window(qtbot, ws)
    page = window.select_tab("zones")  # 可持续发展实验区: one case type
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(_forms()))
    assert _forms()[0].ct.code == page.module.case_types[0].code


def test_ctrl_n_on_a_duty_with_several_types_drops_its_menu_and_enter_takes_the_first(qtbot, ws: Workstation) -> None:
    window = _window(qtbot, ws)
    page = window.select_tab("market")
    menu = window.new_case()
    assert isinstance(menu, QMenu) and menu is page.new_case_button.menu()
    qtbot.waitUntil(menu.isVisible)
    assert [a.text() for a in menu.actions()] == [ct.name for ct in page.module.case_types]
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(_forms()))
    assert _forms()[0].ct.code == "tech_contract"


def test_the_case_menu_offers_every_duty_and_type(qtbot, ws: Workstation) -> None:
    window = _window(qtbot, ws)
    entry = window.findChild(type(window.new_case_menu.menuAction()), "action_new_case")
    assert entry is not None and entry.shortcut().toString() == "Ctrl+N"
    duties = [a.text() for a in window.new_case_menu.actions()]
    assert duties == [p.title() for p in window.pages if isinstance(p, DutyTab)]
    talent = next(a.menu() for a in window.new_case_menu.actions() if a.text() == "科技人才")
    talent.actions()[0].trigger()
    qtbot.waitUntil(lambda: bool(_forms()))
    assert window.current_page().key == "talent"
    window.select_tab("workbench")  # on the workbench Ctrl+N offers the duties
    assert window.new_case() is window.new_case_menu


def test_ctrl_pgdn_pgup_and_ctrl_digits_move_between_tabs(qtbot, ws: Workstation) -> None:
    window = _window(qtbot, ws)
    assert window.tabs.currentIndex() == 0
    qtbot.keyClick(window.tabs.currentWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 1
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 2  # also with the focus in a case list
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 1
    qtbot.keyClick(window.tabs.currentWidget(), Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().key == "market"
    qtbot.keyClick(window.tabs.currentWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().key == "workbench"
    qtbot.keyClick(window.tabs.currentWidget(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().key == "letters"  # round the end


def test_after_a_tab_click_arrows_move_in_the_list_and_never_change_the_filter(qtbot, ws: Workstation) -> None:
    window = _window(qtbot, ws)
    bar = window.tabs.side_bar
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(7).center())
    page = window.current_page()
    assert isinstance(page, DutyTab) and page.key == "market"
    qtbot.waitUntil(page.is_populated)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table)
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.type_filter.currentIndex() == 0 and page.table.currentIndex().row() >= 1


def test_tab_from_the_search_box_goes_to_the_results(qtbot, ws: Workstation) -> None:
    window = _window(qtbot, ws)
    page = window.select_tab("market")
    qtbot.waitUntil(page.is_populated)
    page.search_edit.setFocus()
    qtbot.waitUntil(page.search_edit.hasFocus)
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.table
    search = GlobalSearchDialog(ws)
    qtbot.addWidget(search)
    search.show()
    search.focus_text()
    qtbot.waitUntil(search.text.hasFocus)
    qtbot.keyClick(search.text, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is search.panel.table


def test_enter_in_a_field_submits_the_action_dialog(qtbot, office) -> None:
    officer, _ = office
    case = make_contract(officer, "回车办理", reviewed=True)
    move = next(a for a in officer.workflow.actions(case.id) if a.action == "register")
    dialog = ActionDialog(officer, officer.cases.show(case.id), case_type("tech_contract"), move)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.confirm_button.isDefault()
    assert dialog.editors, "register asks for the registration particulars"
    for key, editor in dialog.editors.items():
        if hasattr(editor, "line"):
            editor.line.setText({"contract_no": "2026110108000001", "registered_on": "2026-03-01"}.get(key, "1"))
    field = next(e for e in dialog.editors.values() if hasattr(e, "line"))
    with qtbot.waitSignal(dialog.acted):
        qtbot.keyClick(field.line, Qt.Key.Key_Return)


def test_the_keyboard_focus_is_drawn(qtbot, ws: Workstation) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    a, b = QPushButton("确定", host), QPushButton("取消", host)
    b.move(0, 40)
    host.show()
    a.setFocus()
    qtbot.waitUntil(a.hasFocus)
    focused: QImage = a.grab().toImage()
    b.setFocus()
    qtbot.waitUntil(b.hasFocus)
    plain: QImage = a.grab().toImage()
    assert focused != plain  # the focused button looks different (its ring)


def test_every_case_list_has_a_right_click_menu_to_open_act_draft_and_export(qtbot, ws: Workstation) -> None:
    window = _window(qtbot, ws)
    page = window.select_tab("market")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    row = next(r for r in range(page.model.rowCount()) if page.model.case_at(r).type == "tech_contract"
               and ws.workflow.actions(page.model.case_at(r).id))
    page.table.selectRow(row)
    menu = opened(qtbot, page.case_menu.menu_for_selection())  # the case's moves are read first
    names = [a.objectName() or (a.menu().objectName() if a.menu() else "") for a in menu.actions()]
    assert {"menu_open", "menu_act", "menu_letter", "menu_bulk", "menu_export"} <= set(names)
    asked: list[str] = []
    page.case_open_requested.connect(asked.append)
    next(a for a in menu.actions() if a.objectName() == "menu_open").trigger()
    assert asked == [page.model.case_at(row).id]
    act = next(a.menu() for a in menu.actions() if a.menu() and a.menu().objectName() == "menu_act")
    act.actions()[0].trigger()  # the dialog opens once the case and the move are read
    qtbot.waitUntil(lambda: page.case_menu.dialog is not None)
    dialog = page.case_menu.dialog
    assert isinstance(dialog, ActionDialog) and dialog.isVisible() and dialog.case.id == asked[0]
    dialog.cancel_button.click()
    bench = window.select_tab("workbench")
    qtbot.waitUntil(bench.is_populated)
    _, panel = bench.sections[2]
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0)
    panel.table.selectRow(0)
    bench_menu = opened(qtbot, bench.menus[2].menu_for_selection())
    assert {"menu_open", "menu_act", "menu_letter"} <= {a.objectName() or a.menu().objectName()
                                                       for a in bench_menu.actions() if not a.isSeparator()}
    assert any(a.menu() and a.menu().objectName() == "menu_export" for a in bench_menu.actions())
    letters = window.select_tab("letters")
    qtbot.waitUntil(letters.is_populated)
    register_menu = letters.context_menu()
    assert [a.objectName() for a in register_menu.actions() if not a.isSeparator()] == [
        "menu_preview", "menu_reprint", "menu_void", "menu_open_case"]


def test_right_click_pops_the_menu_at_the_row(qtbot, ws: Workstation, monkeypatch) -> None:
    window = _window(qtbot, ws)
    page = window.select_tab("market")
    qtbot.waitUntil(lambda: page.model.rowCount() > 2)
    shown: list[QPoint] = []
    monkeypatch.setattr(QMenu, "popup", lambda self, pos, *_a: shown.append(pos))
    rect = page.table.visualRect(page.model.index(2, 0))
    page.table.customContextMenuRequested.emit(rect.center())
    assert page.table.selected_rows() == [2]
    qtbot.waitUntil(lambda: bool(shown))  # once the case's moves and letters are read
