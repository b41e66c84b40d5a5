"""The shared registers in the GUI: the 共享业务 menu (not a 14th duty tab), the 专家库
and 诚信记录 windows, the panel inside the case, the 归档文件目录 next to the 公文登记簿 —
each fitting a 1366x728 screen, reading off the GUI thread, refusals shown in place."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QTableWidget, QWidget

from bjstc_desktop.core.experts import EXPERT_FIELDS
from bjstc_desktop.gui.archive_catalogue import ArchiveCatalogueWindow
from bjstc_desktop.gui.case_detail import CaseDetailDialog
from bjstc_desktop.gui.expert_pool import ExpertPoolWindow
from bjstc_desktop.gui.integrity_records import IntegrityWindow
from bjstc_desktop.gui.letter_register import LetterRegisterTab
from bjstc_desktop.gui.main_window import MainWindow
from bjstc_desktop.gui.panel_dialog import PanelDialog
from bjstc_desktop.gui.record_pages import RecordForm
from bjstc_desktop.gui.translations import set_language
from bjstc_desktop.workstation import Workstation
from tests.store.duty_seed import APPLICANT, HNTE, HNTE_SCORES, add_pool, hnte_in_review, id_number

ROOM = QSize(1366, 728)


def _fits(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.addWidget(widget)
    widget.show()
    QApplication.processEvents()
    need = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    assert need.width() <= ROOM.width() and need.height() <= ROOM.height(), need
    assert widget.width() <= ROOM.width() and widget.height() <= ROOM.height(), widget.size()


def _cells(table: QTableWidget) -> list[list[str]]:
    return [[table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_the_shared_menu_opens_the_three_registers_and_adds_no_tab(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    window = MainWindow(officer, idle_timeout_ms=3_600_000)
    qtbot.addWidget(window)
    assert len(window.pages) == 15  # 工作台, 13 duties, 公文登记簿: no tab of its own
    actions = {a.objectName(): a for a in window.findChildren(QAction)}
    for name, kind in (("action_expert_pool", ExpertPoolWindow), ("action_integrity", IntegrityWindow),
                       ("action_archive", ArchiveCatalogueWindow)):
        actions[name].trigger()
        opened = window.findChildren(kind)
        assert opened, name
        qtbot.waitUntil(lambda w=opened[-1]: w.loaded)
        opened[-1].close()
    window.lock()
    assert not actions["action_expert_pool"].isEnabled()


@pytest.mark.parametrize("lang", ("zh", "en"))
def test_every_window_fits_1366x728(qtbot, office, lang: str) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    set_language(lang)
    add_pool(officer, tech=5, finance=1)
    case_id = hnte_in_review(officer)
    for widget in (ExpertPoolWindow(officer), IntegrityWindow(officer), ArchiveCatalogueWindow(officer),
                   PanelDialog(officer, case_id), RecordForm(officer, "x", EXPERT_FIELDS, lambda v, _l: v)):
        _fits(qtbot, widget)


def test_the_expert_pool_lists_masked_and_adds_through_the_form(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    add_pool(officer, tech=2, finance=1)
    window = ExpertPoolWindow(officer)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.loaded)
    rows = _cells(window.table)
    assert len(rows) == 3 and all("*" in r[1] for r in rows)
    form = window.add()
    values = {"name": "王伟", "id_number": id_number(77), "employer": "清华大学", "disciplines": "999",
              "category": "技术专家"}
    for key, value in values.items():
        form.editors[key].set_value(value)
    form.save()
    qtbot.waitUntil(lambda: form.message.isVisible())
    assert "学科代码表中没有" in form.message.text()  # refused in place, nothing saved
    form.editors["disciplines"].set_value("520")
    with qtbot.waitSignal(window.changed):
        form.save()
    qtbot.waitUntil(lambda: window.loaded and window.table.rowCount() == 4)


def _done(qtbot, dialog: PanelDialog) -> None:  # type: ignore[no-untyped-def]
    """Wait for the dialog's background job; a refusal would be shown in its message line."""
    qtbot.waitUntil(lambda: not dialog.busy, timeout=60_000)
    assert dialog.message.isHidden() or dialog.message.property("banner") == "note", dialog.message.text()


def test_the_panel_is_drawn_scored_and_gates_the_move_inside_the_case(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    add_pool(officer, tech=6, finance=2)
    case_id = hnte_in_review(officer)
    detail = CaseDetailDialog(officer, officer.show_case(case_id))
    qtbot.addWidget(detail)
    detail.show()
    assert detail.panel_button.isVisible()
    dialog = detail.open_panel()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.view is not None, timeout=60_000)
    assert "尚未抽取专家组" in dialog.aggregate.text()
    changes: list[str] = []
    dialog.changed.connect(changes.append)
    dialog.draw()
    _done(qtbot, dialog)
    assert dialog.table.rowCount() == 5 and dialog.view.draws[0].seed in dialog.draws.text() and changes
    for row in range(5):
        dialog.table.selectRow(row)
        dialog.score(dict(HNTE_SCORES), "同意")
        _done(qtbot, dialog)
    assert "77.00" in dialog.aggregate.text()
    dialog.table.selectRow(0)
    dialog.withdraw("临时出差")
    _done(qtbot, dialog)
    assert "已谢绝" in "".join(r[3] for r in _cells(dialog.table))
    dialog.replay()
    _done(qtbot, dialog)
    assert "重放" in dialog.message.text()
    detail.reload()
    assert "expert_done" in detail.action_buttons


def test_filed_cases_show_their_archive_number_and_the_catalogue_is_next_to_the_register(  # type: ignore[no-untyped-def]
        qtbot, office, tmp_path: Path) -> None:
    officer, _ = office
    case = officer.create_case("tech_contract", "合同", {"contract_type": "技术开发", "seller": "北京冰雪科技有限公司",
                                                        "seller_uscc": "91110000600037341L",
                                                        "contract_amount": "100万", "tech_amount": "80万"})
    officer.act(case.id, "review")
    officer.act(case.id, "register", None, {"contract_no": "2026110100123456", "registered_on": "2026-11-02"})
    officer.issue_letter(case.id, "tech_contract_certificate", tmp_path / "证明.pdf")
    officer.archives.file(case.id)
    detail = CaseDetailDialog(officer, officer.show_case(case.id))
    qtbot.addWidget(detail)
    assert not detail.edit_button.isEnabled() and "只读" in detail.message.text()
    register = LetterRegisterTab(officer)
    qtbot.addWidget(register)
    register.refresh()
    qtbot.waitUntil(register.is_populated)
    assert "-Y-0001" in _cells(register.table)[0][9]
    catalogue = register.open_archive()
    qtbot.addWidget(catalogue)
    qtbot.waitUntil(lambda: catalogue.loaded)
    assert _cells(catalogue.table)[0][0].endswith("-Y-0001")
    catalogue.export_xlsx(str(tmp_path / "目录.xlsx"))
    qtbot.waitUntil(lambda: catalogue.message.isVisible())
    assert (tmp_path / "目录.xlsx").exists()


def test_integrity_window_lists_and_reports_hits(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    officer.integrity.add({"subject_kind": "单位", "name": "北京高企科技有限公司", "number": APPLICANT,
                           "source": "北京市科学技术委员会", "decision_no": "京科发〔2025〕1号",
                           "measure": "取消申报资格", "start_on": "2025-01-01"})
    officer.create_case("hnte", "申请", HNTE)
    window = IntegrityWindow(officer)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.loaded)
    assert _cells(window.table)[0][3] == "京科发〔2025〕1号"
    window.report.setChecked(True)
    qtbot.waitUntil(lambda: window.loaded and window.table.columnCount() == 7 and window.table.rowCount() == 1)
    assert "阻止受理" in _cells(window.table)[0][5]
    assert not window.button_widgets["add"].isEnabled()


def test_administrators_see_the_registers_closed(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    with Workstation.open(officer.data_dir, "admin", "admin passphrase 1", wait_for_delay=False) as admin:
        window = ExpertPoolWindow(admin)
        qtbot.addWidget(window)
        assert not window.button_widgets["add"].isEnabled() and not window.message.isHidden()
        assert window.findChild(QPushButton, "expert_pool_close").isEnabled()
        assert isinstance(window.message, QLabel)


def test_the_workbench_and_the_global_search_show_the_registers(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    add_pool(officer, tech=2, finance=1)
    officer.integrity.add({"subject_kind": "单位", "name": "北京高企科技有限公司", "number": APPLICANT,
                           "source": "北京市科学技术委员会", "decision_no": "京科发〔2025〕1号",
                           "measure": "通报批评", "start_on": "2025-01-01"})
    officer.create_case("hnte", "北京高企科技有限公司认定申请", HNTE)
    window = MainWindow(officer, idle_timeout_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    bench = window.tab("workbench")
    qtbot.waitUntil(lambda: "专家库 3 人" in bench.registers.text())
    assert "命中在办案件 1 件" in bench.registers.text()
    search = window.open_global_search()
    search.text.setText("北京高企科技")
    search.run_search()
    assert "在效失信记录：北京高企科技有限公司（京科发〔2025〕1号，通报批评）" in search.registers.text()
