"""The case form built from the field definitions: every field with its label and the
editor of its kind, inline validation messages, refusals that keep the officer's input,
money in 元 or 万元, repeated rows, the party picker, and a new case in the duty table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from bjstc_desktop.core.casetypes import FieldDef, FieldKind
from bjstc_desktop.core.modules import case_type
from bjstc_desktop.gui.case_form import CaseFormDialog
from bjstc_desktop.gui.field_editors import PartyPicker
from bjstc_desktop.gui.field_editors.date_editor import DateEditor
from bjstc_desktop.gui.field_editors.identifiers import IdentifierEditor
from bjstc_desktop.gui.field_editors.rows_editor import ERROR_BACKGROUND, RowsEditor
from bjstc_desktop.gui.field_editors.simple import (
    BoolEditor,
    DistrictEditor,
    EnumEditor,
    MoneyEditor,
    TextEditor,
)
from bjstc_desktop.gui.main_window import MainWindow
from bjstc_desktop.gui.module_tab import DutyTab
from bjstc_desktop.workstation import Workstation
from tests.conftest import OFFICER_PASS
from tests.gui.casework import (
    BAD_USCC,
    SELLER_USCC,
    enter,
    fill_contract,
    make_contract,
    opened,
    type_text,
)

KIND_EDITORS = {FieldKind.TEXT: TextEditor, FieldKind.ENUM: EnumEditor, FieldKind.PARTY: PartyPicker,
                FieldKind.USCC: IdentifierEditor, FieldKind.CONTRACT_NO: IdentifierEditor,
                FieldKind.ID_NUMBER: IdentifierEditor,
                FieldKind.DISTRICT: DistrictEditor, FieldKind.MONEY: MoneyEditor, FieldKind.DATE: DateEditor,
                FieldKind.BOOL: BoolEditor, FieldKind.ROWS: RowsEditor}


def _form(qtbot, ws: Workstation, code: str = "tech_contract") -> CaseFormDialog:
    form = CaseFormDialog(ws, case_type(code))
    qtbot.addWidget(form)
    form.show()
    return form


def test_the_tech_contract_form_shows_every_field_with_its_label(qtbot, office) -> None:
    officer, _ = office
    form = _form(qtbot, officer)
    ct = case_type("tech_contract")
    assert len(ct.fields) > 20 and list(form.editors) == [f.key for f in ct.fields]
    for f in ct.fields:
        label = form.findChild(QLabel, f"label_{f.key}")
        assert label is not None and label.isVisible(), f.key
        assert label.text().startswith(f.label)
        assert ("*" in label.text()) is f.required, f.key
        assert type(form.editors[f.key]) is KIND_EDITORS[f.kind], f.key
        assert form.editors[f.key].isVisible()
    assert form.windowTitle() == "新建案件：技术合同认定登记"
    assert form.findChild(QLabel, "label_title").text().startswith("标题")
    assert form.save_button.text() == "保存"


def test_an_invalid_uscc_shows_an_inline_message_and_save_is_refused_with_the_input_kept(qtbot, office) -> None:
    officer, _ = office
    form = _form(qtbot, officer)
    fill_contract(qtbot, form, "冰雪装备技术开发合同", seller_uscc=BAD_USCC)
    uscc = form.editors["seller_uscc"]
    message = form.findChild(QLabel, "message_seller_uscc")
    assert message.isVisible() and "校验位错误：应为 L" in message.text()
    assert message.property("severity") == "error"
    form.save_button.click()
    banner = form.findChild(QLabel, "form_message")
    assert banner.isVisible() and "1 项" in banner.text()
    assert form.isVisible() and officer.cases.list(module="market") == []
    assert uscc.line.text() == BAD_USCC and form.header["title"].line.text() == "冰雪装备技术开发合同"
    qtbot.keyClick(uscc.line, Qt.Key.Key_Backspace)  # the error follows the typing and goes when right
    qtbot.keyClicks(uscc.line, "L")
    assert message.property("severity") != "error"


def test_a_refusal_by_the_workstation_is_shown_in_plain_words_and_nothing_is_lost(qtbot, office) -> None:
    officer, _ = office
    form = _form(qtbot, officer)
    fill_contract(qtbot, form, "交易额超过成交额", tech_amount="120万")  # above 成交额: a blocking check
    form.save_button.click()
    banner = form.findChild(QLabel, "form_message")
    qtbot.waitUntil(lambda: not form.busy and "技术交易额" in banner.text())
    assert banner.property("banner") == "error" and "Traceback" not in banner.text()
    assert form.isVisible() and officer.cases.list(module="market") == []
    assert form.editors["tech_amount"].line.text() == "120万"
    assert form.editors["seller"].line.text() == "北京冰雪科技有限公司"


def test_money_is_typed_in_the_unit_of_the_field_and_shown_back(qtbot, office) -> None:
    officer, _ = office
    form = _form(qtbot, officer)
    amount = form.editors["contract_amount"]  # unit 元
    enter(qtbot, amount, "150万")
    assert amount.value() == 150_000_000
    assert amount.message.text() == "= 1,500,000.00 元（150.00 万元）"
    enter(qtbot, amount, "1,234.5")
    assert amount.value() == 123_450
    enter(qtbot, amount, "12.345")
    assert amount.has_error() and "分" in amount.message.text()
    wan = MoneyEditor(FieldDef("budget", "总预算", FieldKind.MONEY, unit="万元"))
    qtbot.addWidget(wan)
    wan.show()
    enter(qtbot, wan, "150.5")  # a bare number in a 万元 field is 万元
    assert wan.value() == 150_500_000 and wan.message.text().startswith("= 150.50 万元")
    date = form.editors["signed_on"]
    enter(qtbot, date, "2026年3月1日")
    assert date.line.text() == "2026-03-01" and not date.has_error()
    enter(qtbot, date, "2026-02-30")
    assert date.has_error() and "日期" in date.message.text()


def test_repeated_rows_are_a_table_with_per_cell_checks(qtbot, office) -> None:
    officer, _ = office
    form = _form(qtbot, officer)
    rows = form.editors["income_verifications"]
    assert [rows.table.horizontalHeaderItem(c).text() for c in range(3)] == ["年度", "核定技术性收入（元）", "奖酬金（元）"]
    qtbot.mouseClick(rows.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(rows.add_button, Qt.MouseButton.LeftButton)
    assert rows.table.rowCount() == 2
    rows.table.item(0, 0).setText("2026")
    rows.table.item(0, 1).setText("60万")
    assert rows.table.item(0, 1).text() == "600,000.00"  # understood and shown back
    rows.table.item(1, 1).setText("十万")
    assert rows.has_error() and rows.message.text().startswith("第 2 行 核定技术性收入")
    assert rows.table.item(1, 1).background().color() == ERROR_BACKGROUND
    rows.table.setCurrentCell(1, 0)
    qtbot.mouseClick(rows.remove_button, Qt.MouseButton.LeftButton)
    assert rows.table.rowCount() == 1 and not rows.has_error()
    assert rows.value() == [{"year": 2026, "verified_amount": 60_000_000}]


def test_the_party_picker_finds_an_organisation_by_two_characters_and_fills_its_uscc(qtbot, office) -> None:
    officer, _ = office
    org = officer.parties.create(SELLER_USCC, "北京冰雪科技有限公司", "海淀")
    form = _form(qtbot, officer)
    picker = form.editors["seller"]
    assert isinstance(picker, PartyPicker)
    picker.line.setFocus()
    type_text(qtbot, picker.line, "冰雪")
    qtbot.waitUntil(lambda: picker.results.rowCount() == 1)
    assert "91350100M000100Y43" in picker.results.item(0).text()
    with qtbot.waitSignal(picker.organisation_chosen) as chosen:
        picker.choose_result(0)
    assert chosen.args[0].id == org.id
    assert picker.line.text() == "北京冰雪科技有限公司"
    assert form.editors["seller_uscc"].line.text() == SELLER_USCC
    assert form.editors["seller_district"].raw() == "110108"


def test_the_party_picker_registers_an_organisation_from_its_uscc(qtbot, office) -> None:
    officer, _ = office
    form = _form(qtbot, officer)
    picker = form.editors["buyer"]
    enter(qtbot, picker, "北京雪原新材料有限公司")
    picker.new_button.click()
    dialog = picker.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.name.line.text() == "北京雪原新材料有限公司"
    enter(qtbot, dialog.uscc, BAD_USCC)
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.uscc.has_error()
    assert officer.parties.search("雪原") == []
    enter(qtbot, dialog.uscc, "91110108MA00000009")  # not a real code either: check character
    assert dialog.uscc.has_error()
    enter(qtbot, dialog.uscc, SELLER_USCC)
    with qtbot.waitSignal(picker.organisation_chosen):
        dialog.ok_button.click()
    found = officer.parties.search("雪原")
    assert [o.uscc for o in found] == [SELLER_USCC] and found[0].legal_type == "企业"
    assert form.editors["buyer_uscc"].line.text() == SELLER_USCC


def test_a_new_case_from_the_duty_tab_appears_in_its_table(qtbot, office) -> None:
    officer, _ = office
    window = MainWindow(officer, idle_timeout_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    page = window.select_tab("market")
    assert isinstance(page, DutyTab) and page.new_case_button.text() == "新建案件"
    action = next(a for a in page.new_case_button.menu().actions() if a.objectName() == "new_tech_contract")
    assert action.text() == "技术合同认定登记"
    action.trigger()  # the form shows once its drafts are read (off the GUI thread)
    qtbot.waitUntil(lambda: window.findChild(CaseFormDialog) is not None)
    form = window.findChild(CaseFormDialog)
    assert form is not None and form.isVisible()
    fill_contract(qtbot, form, "冰雪装备技术开发合同")
    with qtbot.waitSignal(form.saved) as saved:
        form.save_button.click()
    view = saved.args[0]
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.case_at(0).id == view.id and page.model.index(0, 2).data() == "冰雪装备技术开发合同"
    qtbot.waitUntil(lambda: window.tabs.side_bar.badge(7) == "1")  # counted off the GUI thread
    stored = officer.cases.show(view.id).fields
    assert stored["contract_amount"] == 100_000_000 and stored["seller_uscc"] == SELLER_USCC


def test_editing_sends_only_what_changed(qtbot, office, monkeypatch) -> None:
    officer, _ = office
    case = make_contract(officer, "待修改的合同", reviewed=False)
    calls = []
    real = officer.cases.edit
    monkeypatch.setattr(officer.cases, "edit", lambda *a, **k: calls.append((a, k)) or real(*a, **k))
    form = CaseFormDialog(officer, case_type("tech_contract"), case)
    qtbot.addWidget(form)
    form.show()
    assert form.editors["contract_amount"].line.text() == "1,000,000.00"
    assert form.editors["seller"].line.text() == "北京冰雪科技有限公司"
    enter(qtbot, form.editors["tech_amount"], "90万")
    with qtbot.waitSignal(form.saved):
        form.save_button.click()
    assert calls == [((case.id, None, {"tech_amount": "90万"}), {})]
    assert officer.cases.show(case.id).fields["tech_amount"] == 90_000_000


def test_a_masked_id_number_is_kept_unless_retyped(qtbot) -> None:
    editor = IdentifierEditor(FieldDef("candidate_id", "身份证号", FieldKind.ID_NUMBER))
    qtbot.addWidget(editor)
    editor.set_value("110105********002X")
    assert editor.line.text() == "" and "110105********002X" in editor.line.placeholderText()
    assert editor.keeps_stored() and editor.check(require=True)
    enter(qtbot, editor, "11010519491231002x")
    assert not editor.keeps_stored() and editor.line.text() == "11010519491231002X"
    assert editor.message.text().startswith("女 · 1949-12-31 出生")
    assert editor.findChild(QLineEdit, "input_candidate_id") is editor.line


def test_locking_hides_an_open_form_and_unlocking_brings_it_back_as_it_was(qtbot, office) -> None:
    officer, _ = office
    window = MainWindow(officer, idle_timeout_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    page = window.select_tab("talent")
    form = opened(qtbot, page.new_case(page.module.case_types[0].code))
    enter(qtbot, form.header["title"], "锁屏前录入的标题")
    window.lock()
    assert window.is_locked() and not form.isVisible()
    window.lock_screen.passphrase_edit.setText(OFFICER_PASS)
    with qtbot.waitSignal(window.unlocked):
        qtbot.mouseClick(window.lock_screen.unlock_button, Qt.MouseButton.LeftButton)
    assert form.isVisible() and form.header["title"].line.text() == "锁屏前录入的标题"
