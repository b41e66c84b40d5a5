"""The 导入Excel wizard and the 批量操作 menu of a duty tab, driven as an officer would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QComboBox, QPushButton, QWizard

from bjstc_desktop.core.importprofiles import profiles_for_module
from bjstc_desktop.core.modules import module
from bjstc_desktop.gui.bulk_actions import ACT, ASSIGN, LETTER, BulkParamsDialog, BulkRun
from bjstc_desktop.gui.import_wizard import ImportWizard
from bjstc_desktop.gui.module_tab import DutyTab
from bjstc_desktop.workstation import Workstation
from tests.gui.casework import CONTRACT
from tests.store.xlsx_lists import CONTRACT_HEADERS, contract_row, contracts, write_xlsx


def _wizard(qtbot, ws: Workstation, path: Path) -> ImportWizard:  # type: ignore[no-untyped-def]
    wizard = ImportWizard(ws, profiles_for_module("market"))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_edit.setText(str(path))
    wizard.profile_combo.setCurrentIndex(wizard.profile_combo.findData("tech_contracts"))
    wizard.source_combo.setEditText("海淀区技术合同登记站")
    qtbot.waitUntil(wizard.is_file_checked)  # checked off the GUI thread as it is chosen
    return wizard


def _market_count(ws: Workstation) -> int:
    return ws.cases.counts().get("market", 0)


def test_the_wizard_maps_checks_and_imports(qtbot, ws: Workstation, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = _market_count(ws)
    wizard = _wizard(qtbot, ws, contracts(tmp_path / "list.xlsx", "2026110000000001", "2026110000000002"))
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.next()
    assert wizard.currentId() == 1 and wizard.mapping_table.rowCount() == len(CONTRACT_HEADERS)
    combo = wizard.mapping_table.cellWidget(0, 1)
    assert isinstance(combo, QComboBox) and combo.currentData() == "contract_no"  # 登记编号, from its label
    assert wizard.mapping()["备注"] == ""
    wizard.next()
    qtbot.waitUntil(lambda: wizard.report is not None and not wizard.running)
    assert wizard.report is not None and wizard.report.new == 2 and wizard.problem_table.rowCount() == 0
    assert _market_count(ws) == before  # the check wrote nothing
    with qtbot.waitSignal(wizard.import_finished) as done:
        wizard.next()
    assert done.args[0].committed and done.args[0].new == 2
    assert _market_count(ws) == before + 2
    assert "2" in wizard.run_status.text()
    assert ws.imports.sources("tech_contracts") == ["海淀区技术合同登记站"]  # the mapping is kept


def test_the_report_names_bad_rows_and_blocks_the_import(qtbot, ws: Workstation, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(tmp_path / "list.xlsx", CONTRACT_HEADERS,
                      [contract_row("2026110000000001"), contract_row("2026110000000002", tech=999)])
    wizard = _wizard(qtbot, ws, path)
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.report is not None and not wizard.running)
    assert wizard.problem_table.rowCount() == 1
    assert wizard.problem_table.item(0, 0).text() == "3" and "技术交易额" in wizard.problem_table.item(0, 2).text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_a_bad_file_is_refused_on_the_first_page(qtbot, ws: Workstation, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "list.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    wizard = _wizard(qtbot, ws, bad)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # the reason is shown, Next stays off
    wizard.next()
    assert wizard.currentId() == 0 and "不是 Excel 工作簿" in wizard.file_error.text()


def test_a_cancelled_import_imports_nothing(qtbot, ws: Workstation, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = _market_count(ws)
    path = contracts(tmp_path / "list.xlsx", *(f"20261100000{n:05d}" for n in range(40)))
    wizard = _wizard(qtbot, ws, path)
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.report is not None and not wizard.running)
    with qtbot.waitSignal(wizard.import_failed) as failed:
        wizard.next()
        wizard.cancel_import()  # before the first of 40 rows is stored
    assert "取消" in failed.args[0]
    assert _market_count(ws) == before


def _tab_with_new_cases(qtbot, ws: Workstation, n: int) -> tuple[DutyTab, list[str]]:  # type: ignore[no-untyped-def]
    ids = [ws.cases.create("tech_contract", f"批量测试合同{i}", CONTRACT).id for i in range(n)]
    tab = DutyTab(ws, module("market"))
    qtbot.addWidget(tab)
    tab.activate()
    qtbot.waitUntil(tab.is_populated)
    return tab, ids


def _select(tab: DutyTab, ids: list[str]) -> None:
    model, selection = tab.model, tab.table.selectionModel()
    for row in range(model.rowCount()):
        if model.case_at(row).id in ids:
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            selection.select(model.index(row, 0), flags)


def test_bulk_action_on_selected_rows_lists_the_one_that_failed(qtbot, ws: Workstation) -> None:  # type: ignore[no-untyped-def]
    tab, ids = _tab_with_new_cases(qtbot, ws, 3)
    ws.workflow.act(ids[0], "review")  # no longer in 受理
    tab.refresh()
    qtbot.waitUntil(tab.is_populated)
    assert not tab.casework.bulk_button.isEnabled()
    _select(tab, ids)
    assert tab.casework.bulk_button.isEnabled() and len(tab.casework.selected_cases()) == 3
    dialog = tab.casework.open_bulk(ACT)
    assert dialog is not None
    dialog.action_combo.setCurrentIndex(dialog.action_combo.findData("review"))
    with qtbot.waitSignal(tab.casework.bulk_finished) as done:
        dialog.accept()
    result = done.args[0]
    assert len(result.succeeded) == 2 and [o.case_id for o in result.failed] == [ids[0]]
    shown = tab.casework.result_dialog
    assert shown is not None and shown.failures.rowCount() == 1
    assert shown.failures.item(0, 0).text() == result.failed[0].case_no
    assert [ws.cases.show(i).state for i in ids] == ["审核认定"] * 3


def test_a_bulk_run_can_be_cancelled_between_cases(qtbot, ws: Workstation) -> None:  # type: ignore[no-untyped-def]
    tab, ids = _tab_with_new_cases(qtbot, ws, 6)
    run = BulkRun(tab, ws, "审核认定", len(ids),
                  lambda w, progress, stop: w.bulk.act(ids, "review", progress=progress, cancelled=stop))
    with qtbot.waitSignal(run.finished) as done:
        run.start()
        run.dialog.findChild(QPushButton).click()  # the progress dialog's Cancel button
    result = done.args[0]
    assert result.cancelled and len(result.succeeded) < len(ids)
    assert sum(ws.cases.show(i).state == "受理" for i in ids) == len(result.not_run)


def test_the_parameter_dialogs_ask_for_what_each_action_needs(qtbot, ws: Workstation, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cases = [ws.cases.create("tech_contract", "参数对话框测试合同", CONTRACT)]
    assign = BulkParamsDialog(ws, ASSIGN, cases)
    qtbot.addWidget(assign)
    assert not assign.ok_button.isEnabled()
    assign.user_edit.setText("li")
    assert assign.ok_button.isEnabled()
    letter = BulkParamsDialog(ws, LETTER, cases)
    qtbot.addWidget(letter)
    assert letter.template_combo.findData("tech_contract_certificate") >= 0
    letter.folder_edit.setText(str(tmp_path / "missing"))
    assert not letter.ok_button.isEnabled()
    letter.folder_edit.setText(str(tmp_path))
    assert letter.ok_button.isEnabled()
