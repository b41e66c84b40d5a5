"""No lost work: an open form keeps an encrypted draft in the store as it is typed; Esc,
取消 or closing asks before throwing changes away; after a lock, a crash (the process
gone without closing anything) or a restart the draft is offered back and restored."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from bjstc_desktop.core.modules import case_type, module
from bjstc_desktop.gui import draft_keeper
from bjstc_desktop.gui.action_dialog import ActionDialog
from bjstc_desktop.gui.case_detail import CaseDetailDialog
from bjstc_desktop.gui.case_form import CaseFormDialog
from bjstc_desktop.gui.drafts_dialog import DraftsDialog
from bjstc_desktop.gui.main_window import MainWindow
from bjstc_desktop.gui.module_tab import DutyTab
from bjstc_desktop.workstation import Workstation
from tests.conftest import OFFICER_PASS
from tests.gui.casework import case_details, enter, make_contract, opened, type_text

MARKER = "草稿里的标题K9W"
REAL_ASK = draft_keeper.ask_unsaved  # taken before the suite's fixture replaces it


def _typed_form(qtbot, ws: Workstation, track: bool = True) -> CaseFormDialog:  # type: ignore[no-untyped-def]
    form = CaseFormDialog(ws, case_type("tech_contract"))
    if track:
        qtbot.addWidget(form)
    form.show()
    with qtbot.waitSignal(form.keeper.saved):
        enter(qtbot, form.header["title"], MARKER)
        enter(qtbot, form.editors["seller"], "北京冰雪科技有限公司")
    return form


def _answer(monkeypatch: pytest.MonkeyPatch, answer: str) -> list[str]:
    asked: list[str] = []

    def ask(_parent):  # type: ignore[no-untyped-def]
        asked.append(answer)
        return answer

    monkeypatch.setattr(draft_keeper, "ask_unsaved", ask)
    return asked


def test_typing_keeps_an_encrypted_draft_in_the_store_and_nowhere_else(qtbot, ws: Workstation, demo_dir: Path,
                                                                      _own_settings: Path) -> None:
    form = _typed_form(qtbot, ws)
    [draft] = ws.drafts.list()
    assert MARKER in draft.title
    content = ws.drafts.get(draft.id).content
    assert content["header"]["title"] == MARKER and content["fields"]["seller"] == "北京冰雪科技有限公司"
    needle = MARKER.encode("utf-8")
    for folder in (demo_dir, _own_settings, Path(QApplication.applicationDirPath())):
        for path in folder.rglob("*") if folder.is_dir() else []:
            if path.is_file() and path.stat().st_size < 50_000_000:
                assert needle not in path.read_bytes(), path
    form.keeper.flush()


def test_esc_asks_and_going_on_keeps_the_form_open(qtbot, ws: Workstation, monkeypatch) -> None:
    form = _typed_form(qtbot, ws)
    asked = _answer(monkeypatch, draft_keeper.CANCEL)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert asked == ["cancel"] and form.isVisible()
    form.cancel_button.click()
    assert asked == ["cancel", "cancel"] and form.isVisible()
    form.close()  # the window's close button
    assert asked == ["cancel"] * 3 and form.isVisible()


def test_keep_closes_and_the_draft_comes_back_in_the_same_form(qtbot, ws: Workstation, monkeypatch) -> None:
    form = _typed_form(qtbot, ws)
    _answer(monkeypatch, draft_keeper.KEEP)
    enter(qtbot, form.editors["contract_amount"], "100万")  # typed after the last save: kept on close
    form.cancel_button.click()
    assert not form.isVisible()
    tab = DutyTab(ws, module("market"))  # 新建案件 there: the drafts are read first, then the form shows
    qtbot.addWidget(tab)
    opening = tab.new_case("tech_contract")
    assert opening.pending and _visible_form() is None  # no form to type into before its draft is in
    shown: list[str] = []
    opening.opened.connect(lambda f: shown.append(f.header["title"].line.text() if f.isVisible() else "hidden"))
    again = opened(qtbot, opening)
    assert shown == [MARKER]  # the first time it is seen, the draft is in it
    assert again.restored is not None and again.discard_button.isVisible()
    assert again.header["title"].line.text() == MARKER
    assert again.editors["contract_amount"].line.text() == "100万"
    assert "已恢复" in again.message.text()
    again.discard_draft()  # 放弃草稿: the form is blank again and the draft is gone
    assert again.header["title"].line.text() == ""
    qtbot.waitUntil(lambda: ws.drafts.list() == [])  # removed on the writer thread


def test_discard_closes_and_removes_the_draft(qtbot, ws: Workstation, monkeypatch) -> None:
    form = _typed_form(qtbot, ws)
    _answer(monkeypatch, draft_keeper.DISCARD)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()
    qtbot.waitUntil(lambda: ws.drafts.list() == [])  # removed on the writer thread


def test_an_untouched_form_closes_without_a_question(qtbot, ws: Workstation, monkeypatch) -> None:
    asked = _answer(monkeypatch, draft_keeper.CANCEL)
    form = CaseFormDialog(ws, case_type("tech_contract"))
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert asked == [] and not form.isVisible()


def test_saving_the_case_removes_its_draft(qtbot, ws: Workstation) -> None:
    from tests.gui.casework import fill_contract

    form = CaseFormDialog(ws, case_type("tech_contract"))
    qtbot.addWidget(form)
    form.show()
    with qtbot.waitSignal(form.keeper.saved):
        fill_contract(qtbot, form, MARKER)
    assert ws.drafts.list()
    with qtbot.waitSignal(form.saved):
        form.save_button.click()
    qtbot.waitUntil(lambda: ws.drafts.list() == [])


def test_the_real_question_has_three_answers_and_esc_means_go_on(qtbot, ws: Workstation) -> None:
    seen: list[list[str]] = []

    def press_escape() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press_escape)
            return
        seen.append([b.text() for b in box.findChildren(QPushButton)])
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    parent = CaseFormDialog(ws, case_type("tech_contract"))
    qtbot.addWidget(parent)
    QTimer.singleShot(0, press_escape)
    assert REAL_ASK(parent) == draft_keeper.CANCEL
    assert sorted(seen[0]) == sorted(["保留为草稿", "放弃修改", "继续编辑"])


def test_a_lock_keeps_the_draft_even_for_a_form_the_lock_closes(qtbot, ws: Workstation) -> None:
    window = MainWindow(ws, idle_timeout_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    page = window.select_tab("market")
    qtbot.waitUntil(page.is_populated)
    case = next(c for c in ws.cases.list(module="market", limit=100) if c.type == "tech_contract")
    detail = opened(qtbot, window.open_case(case.id))
    form = opened(qtbot, detail.edit())  # its window closes at the lock (case windows never stay open)
    type_text(qtbot, form.header["title"].line, "锁屏前改的标题")
    window.lock()  # nothing waits for the save timer: the lock writes it first
    [draft] = ws.drafts.list()
    assert draft.kind == "case_edit" and draft.subject == case.id
    window.lock_screen.passphrase_edit.setText(OFFICER_PASS)
    with qtbot.waitSignal(window.unlocked):
        window.lock_screen.unlock_button.click()
    qtbot.waitUntil(lambda: any(isinstance(w, DraftsDialog) and w.isVisible() for w in QApplication.topLevelWidgets()))
    offer = next(w for w in QApplication.topLevelWidgets() if isinstance(w, DraftsDialog) and w.isVisible())
    assert [d.id for d in offer.drafts] == [draft.id]
    offer.restore_selected()
    qtbot.waitUntil(lambda: _visible_form() is not None)
    restored = _visible_form()
    assert restored.case is not None and restored.header["title"].line.text().endswith("锁屏前改的标题")


def _visible_form() -> CaseFormDialog | None:
    return next((w for w in QApplication.allWidgets() if isinstance(w, CaseFormDialog) and w.isVisible()), None)


def test_after_a_crash_the_next_session_offers_the_draft_back(qtbot, demo_dir: Path) -> None:
    """The process dies with the form open: only what the keeper wrote survives."""
    first = Workstation.open(demo_dir, "zhang", OFFICER_PASS, wait_for_delay=False)
    form = _typed_form(qtbot, first, track=False)
    form.keeper._timer.stop()
    shiboken6.delete(form)  # no close event, no question: as if the power went
    first.close()
    second = Workstation.open(demo_dir, "zhang", OFFICER_PASS, wait_for_delay=False)
    try:
        window = MainWindow(second, idle_timeout_ms=3_600_000)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: any(isinstance(w, DraftsDialog) and w.isVisible()
                                    for w in QApplication.topLevelWidgets()))
        offer = next(w for w in QApplication.topLevelWidgets() if isinstance(w, DraftsDialog) and w.isVisible())
        assert MARKER in offer.table.item(0, 0).text()
        offer.restore_selected()
        qtbot.waitUntil(lambda: _visible_form() is not None and _visible_form().ws is second)
        restored = _visible_form()
        assert restored.header["title"].line.text() == MARKER
        assert window.current_page().key == "market"
    finally:
        from bjstc_desktop.gui.worker import wait_for_jobs

        wait_for_jobs()
        second.close()


def test_a_moves_opinion_is_kept_and_enter_asks_nothing_twice(qtbot, office, monkeypatch) -> None:
    officer, _ = office
    case = make_contract(officer, "意见草稿", reviewed=True)
    view = next(a for a in officer.workflow.actions(case.id) if a.action == "request_supplement")
    dialog = ActionDialog(officer, case, case_type("tech_contract"), view)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.keeper.saved):
        type_text(qtbot, dialog.opinion, "请补充合同原件")
    _answer(monkeypatch, draft_keeper.KEEP)
    dialog.reject()
    detail = CaseDetailDialog(officer, case_details(officer, case.id))
    qtbot.addWidget(detail)
    again = opened(qtbot, detail.start_action(view))  # its kept draft read first, then shown in it
    again.show()
    again.activateWindow()
    qtbot.waitUntil(again.isActiveWindow)
    assert again.opinion.toPlainText() == "请补充合同原件" and again.opinion.hasFocus()
    with qtbot.waitSignal(again.acted):
        qtbot.keyClick(again.opinion, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter
    qtbot.waitUntil(lambda: officer.drafts.list() == [])  # removed on the writer thread
