"""The case window: header with the due badge, fields, checks, buttons for exactly the
legal moves of this user, the opinion dialog (refusals change nothing), letters to
issue, the timeline, and editing."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QTableWidget, QTreeWidget, QWidget

from bjstc_desktop.gui.action_dialog import ActionDialog
from bjstc_desktop.gui.case_detail import CaseDetailDialog
from bjstc_desktop.gui.case_form import CaseFormDialog
from bjstc_desktop.gui.detail_sections import CHECK_COLOURS
from bjstc_desktop.ops.views import CaseView
from bjstc_desktop.workstation import Workstation
from tests.gui.casework import case_details, enter, make_contract, opened, type_text


def _detail(qtbot, ws: Workstation, case: CaseView) -> CaseDetailDialog:
    dialog = CaseDetailDialog(ws, case_details(ws, case.id))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # qtbot closes it
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _buttons(dialog: CaseDetailDialog) -> dict[str, str]:
    bar = dialog.findChild(QWidget, "actions_bar")
    return {b.objectName().removeprefix("action_"): b.text() for b in bar.findChildren(QPushButton)
            if b.objectName().startswith("action_") and not b.isHidden()}


def _timeline(dialog: CaseDetailDialog) -> list[list[str]]:
    table = dialog.findChild(QTableWidget, "timeline_table")
    return [[table.item(r, c).text() for c in range(5)] for r in range(table.rowCount())]


def test_the_header_fields_and_checks_are_shown_in_chinese(qtbot, office) -> None:
    officer, _ = office
    case = make_contract(officer, "冰雪装备技术开发合同")
    dialog = _detail(qtbot, officer, case)
    assert dialog.findChild(QLabel, "case_no_label").text() == case.case_no
    assert dialog.findChild(QLabel, "state_badge").text() == "审核认定"
    assert dialog.findChild(QLabel, "classification_badge").text() == "公开"
    tree = dialog.findChild(QTreeWidget, "fields_tree")
    shown = {tree.topLevelItem(i).text(0): tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount())}
    assert shown["成交额"] == "1,000,000.00 元" and shown["卖方"] == "北京冰雪科技有限公司"
    checks = dialog.findChild(QTableWidget, "checks_table")
    rows = {checks.item(r, 1).text(): checks.item(r, 0).text() for r in range(checks.rowCount())}
    assert rows["技术交易额不超过成交额"] == "✓"
    assert dialog.edit_button.text() == "编辑" and dialog.close_button.text() == "关闭"


def test_exactly_the_legal_moves_are_buttons_for_an_officer_and_for_an_approver(qtbot, office) -> None:
    officer, approver = office
    case = make_contract(officer, "权限测试合同")
    mine = _detail(qtbot, officer, case)
    assert _buttons(mine) == {a.action: a.label for a in officer.workflow.actions(case.id)}
    assert _buttons(mine) == {"request_supplement": "补正通知", "register": "予以登记", "refuse": "不予登记"}
    theirs = _detail(qtbot, approver, case)
    assert _buttons(theirs) == {a.action: a.label for a in approver.workflow.actions(case.id)}
    assert "extend" in _buttons(theirs) and _buttons(theirs)["extend"] == "延期"


def test_a_move_needing_an_opinion_refuses_an_empty_one_then_succeeds(qtbot, office, monkeypatch) -> None:
    officer, _ = office
    case = make_contract(officer, "补正测试合同")
    dialog = _detail(qtbot, officer, case)
    before = _timeline(dialog)
    changed: list[str] = []
    dialog.case_changed.connect(changed.append)
    dialog.action_buttons["request_supplement"].click()
    qtbot.waitUntil(lambda: dialog.findChild(ActionDialog) is not None)  # its draft read first
    action = dialog.findChild(ActionDialog)
    assert action is not None and action.isVisible()
    assert action.findChild(QLabel, "opinion_label").text() == "办理意见（必填）"
    assert "补正材料通知书" in action.findChild(QLabel, "action_letters").text()
    action.confirm_button.click()
    qtbot.waitUntil(lambda: not action.busy and action.message.isVisible())
    assert "须填写办理意见" in action.message.text()
    assert officer.cases.show(case.id).state == "审核认定" and _timeline(dialog) == before and changed == []
    type_text(qtbot, action.opinion, "请补充技术合同文本原件。")
    with qtbot.waitSignal(dialog.reloaded), qtbot.waitSignal(action.acted):
        action.confirm_button.click()  # the hub's notice makes the window read the case again
    assert dialog.findChild(QLabel, "state_badge").text() == "补正中"
    last = _timeline(dialog)[-1]
    assert last[1:] == ["zhang", "补正通知", "审核认定 → 补正中", "请补充技术合同文本原件。"]
    assert set(_buttons(dialog)) == {a.action for a in officer.workflow.actions(case.id)} == {"supplement_received"}
    assert changed == [case.id]
    letter = dialog.letter_buttons["supplement_notice"]
    assert letter.text() == "出具：补正材料通知书" and dialog.letters_bar.isVisible()
    letter.click()  # 出具: the letter's draft to look at first; no number is taken
    with qtbot.waitSignal(dialog.letters.job.opened) as blocker:
        pass
    preview = blocker.args[0]
    qtbot.addWidget(preview)
    assert preview.draft and not preview.print_button.isVisible() and officer.letters.register(case.id) == []


def test_a_blocked_move_shows_the_plain_reason_and_changes_nothing(qtbot, office) -> None:
    officer, _ = office
    # A transfer contract must state its projected investment and output before 予以登记.
    case = make_contract(officer, "转让合同缺预计投入", contract_type="技术转让")
    dialog = _detail(qtbot, officer, case)
    checks = dialog.findChild(QTableWidget, "checks_table")
    row = next(r for r in range(checks.rowCount()) if checks.item(r, 1).text().startswith("转让/许可合同"))
    assert checks.item(row, 0).text() == "✗"
    assert checks.item(row, 0).foreground().color() == CHECK_COLOURS["blocking"]
    before, fields = _timeline(dialog), officer.cases.show(case.id).fields
    action = opened(qtbot, dialog.start_action(next(a for a in dialog.actions if a.action == "register")))
    assert set(action.editors) == {"contract_no", "registered_on"}  # what 予以登记 needs and the case lacks
    assert action.findChild(QLabel, "opinion_label").text() == "办理意见（选填）"
    enter(qtbot, action.editors["contract_no"], "2026110100123456")
    enter(qtbot, action.editors["registered_on"], dt.date.today().isoformat())
    action.confirm_button.click()
    qtbot.waitUntil(lambda: not action.busy and action.message.isVisible())
    assert "预计新增投入" in action.message.text() and "Traceback" not in action.message.text()
    assert action.isVisible() and action.editors["contract_no"].line.text() == "2026110100123456"
    after = officer.cases.show(case.id)
    assert after.state == "审核认定" and after.fields == fields and _timeline(dialog) == before


def test_a_missing_required_field_is_asked_for_in_the_dialog(qtbot, office) -> None:
    officer, _ = office
    case = make_contract(officer, "登记编号校验")
    dialog = _detail(qtbot, officer, case)
    action = opened(qtbot, dialog.start_action(next(a for a in dialog.actions if a.action == "register")))
    enter(qtbot, action.editors["contract_no"], "12345")
    assert action.editors["contract_no"].has_error()
    action.confirm_button.click()
    assert "标红" in action.message.text() and officer.cases.show(case.id).state == "审核认定"
    enter(qtbot, action.editors["contract_no"], "2026110100123456")  # Enter: on to the blank date
    assert action.focusWidget() is action.editors["registered_on"].line
    with qtbot.waitSignal(action.acted) as acted:  # Enter in the last field: the move
        enter(qtbot, action.editors["registered_on"], "2026年3月2日")
    assert acted.args[0].to_state == "予以登记"
    assert officer.cases.show(case.id).fields["contract_no"] == "2026110100123456"
    qtbot.waitUntil(lambda: dialog.findChild(QLabel, "state_badge").text() == "予以登记")
    assert "tech_contract_certificate" in dialog.letter_buttons


def test_edit_opens_the_form_on_the_case_and_the_window_shows_the_change(qtbot, office) -> None:
    officer, _ = office
    case = make_contract(officer, "旧标题", reviewed=False)
    dialog = _detail(qtbot, officer, case)
    form = opened(qtbot, dialog.edit())
    assert isinstance(form, CaseFormDialog) and form.header["title"].line.text() == "旧标题"
    enter(qtbot, form.header["title"], "新标题")
    with qtbot.waitSignal(dialog.reloaded):  # the hub's notice makes it read the case again
        form.save_button.click()
    assert dialog.findChild(QLabel, "title_label").text() == "新标题"
    assert _timeline(dialog)[-1][2] == "修改"


@pytest.mark.parametrize("role", ["officer", "approver"])
def test_a_closed_case_offers_no_move(qtbot, office, role: str) -> None:
    officer, approver = office
    case = make_contract(officer, "已归档", reviewed=False)
    for step, fields in (("review", None), ("register", {"contract_no": "2026110100123456",
                                                          "registered_on": dt.date.today().isoformat()}),
                         ("archive", None)):
        officer.workflow.act(case.id, step, None, fields)
    dialog = _detail(qtbot, officer if role == "officer" else approver, case)
    assert _buttons(dialog) == {}
    assert dialog.findChild(QLabel, "actions_caption").text() == "当前状态下您没有可办理的环节。"
    assert not dialog.findChild(QLabel, "due_badge").isVisible()
