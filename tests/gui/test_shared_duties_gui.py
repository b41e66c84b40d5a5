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
from tests.gui.casework import case_details
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
                   PanelDialog(officer, case_id), RecordForm(officer, "x", EXPERT_FIELDS, "experts", lambda _w, v, _l: v)):
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
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.message.isHidden() or dialog.message.property("banner") == "note", dialog.message.text()


def test_the_panel_is_drawn_scored_and_gates_the_move_inside_the_case(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    add_pool(officer, tech=6, finance=2)
    case_id = hnte_in_review(officer)
    detail = CaseDetailDialog(officer, case_details(officer, case_id))
    qtbot.addWidget(detail)
    detail.show()
    assert detail.panel_button.isVisible()
    dialog = detail.open_panel()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.view is not None)
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
    with qtbot.waitSignal(detail.reloaded):
        detail.reload()
    assert "expert_done" in detail.action_buttons


def test_filed_cases_show_their_archive_number_and_the_catalogue_is_next_to_the_register(  # type: ignore[no-untyped-def]
        qtbot, office, tmp_path: Path) -> None:
    officer, _ = office
    case = officer.cases.create("tech_contract", "合同", {"contract_type": "技术开发", "seller": "北京冰雪科技有限公司",
                                                        "seller_uscc": "91110000600037341L",
                                                        "contract_amount": "100万", "tech_amount": "80万"})
    officer.workflow.act(case.id, "review")
    officer.workflow.act(case.id, "register", None, {"contract_no": "2026110100123456", "registered_on": "2026-11-02"})
    officer.letters.issue(case.id, "tech_contract_certificate", tmp_path / "证明.pdf")
    officer.archives.file(case.id)
    detail = CaseDetailDialog(officer, case_details(officer, case.id))
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
    officer.cases.create("hnte", "申请", HNTE)
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
    officer.cases.create("hnte", "北京高企科技有限公司认定申请", HNTE)
    window = MainWindow(officer, idle_timeout_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    bench = window.tab("workbench")
    qtbot.waitUntil(lambda: "专家库 3 人" in bench.registers.text())
    assert "命中在办案件 1 件" in bench.registers.text()
    search = window.open_global_search()
    with qtbot.waitSignal(search.searched):
        search.text.setText("北京高企科技")
        search.run_search()
    assert "在效失信记录：北京高企科技有限公司（京科发〔2025〕1号，通报批评）" in search.registers.text()


@pytest.mark.parametrize("kind", [ExpertPoolWindow, IntegrityWindow, ArchiveCatalogueWindow])
def test_a_role_without_cases_is_told_so_and_can_only_close(qtbot, tmp_path: Path, kind) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import ADMIN_PASS, make_station

    station = make_station(tmp_path / "office", officers={})
    admin = Workstation.open(station.data_dir, "admin", ADMIN_PASS, wait_for_delay=False)
    try:
        window = kind(admin)
        qtbot.addWidget(window)
        assert window.loaded and window.records == []
        assert "role" in window.message.text() or "角色" in window.message.text(), window.message.text()
        enabled = {k for k, b in window.button_widgets.items() if b.isEnabled()}
        assert enabled == {"close"}
    finally:
        admin.close()


def test_enter_in_a_register_filter_finds_and_keeps_the_window_open(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    """Enter does what the officer expects in a register: it reads the list again under the
    filters typed (查找 is the default button); it never closes the window or adds a record."""
    from PySide6.QtCore import Qt

    officer, _ = office
    add_pool(officer, tech=3, finance=1)
    window = ExpertPoolWindow(officer)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.loaded)
    assert window.table.rowCount() == 4
    assert window.find_button.isDefault()
    window.search.setFocus()
    window.search.setText("财务")  # QTest types Latin-1 only
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.loaded and window.table.rowCount() == 1)
    assert window.isVisible()
    assert window.findChild(RecordForm) is None


def test_panel_letters_are_previewed_unnumbered_and_only_signing_numbers_them(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    """The 专家邀请函 and the 评审意见汇总表 follow the desk's rule for every letter: 出具
    shows an unnumbered draft; only 签发 in the preview takes the 发文字号 and registers it."""
    from bjstc_desktop.ops.letters import DRAFT_MARK
    from tests.letters.pdfmeasure import open_pdf

    officer, _ = office
    add_pool(officer, tech=6, finance=2)
    case_id = hnte_in_review(officer)
    officer.panels.draw(case_id)
    dialog = PanelDialog(officer, case_id)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.view is not None and dialog.table.rowCount() == 5)
    dialog.table.selectRow(0)
    member = dialog.selected()
    job = dialog.invite()
    with qtbot.waitSignal(job.opened) as blocker:
        pass
    preview = blocker.args[0]
    qtbot.addWidget(preview)
    assert preview.draft and DRAFT_MARK in open_pdf(preview.pdf).pages[0].extract_text()
    assert member.name in open_pdf(preview.pdf).pages[0].extract_text()
    assert officer.letters.register() == [] and officer.panels.panel(case_id).members[0].invitation_no is None
    preview._confirm = lambda _p, _t: True  # the officer answers 签发 in the confirmation
    with qtbot.waitSignal(dialog.changed):
        assert preview.sign()
    (entry,) = officer.letters.register()
    assert entry.template == "expert_invitation" and not preview.draft
    invited = next(m for m in officer.panels.panel(case_id).members if m.expert_id == member.expert_id)
    assert invited.invitation_no == entry.number


def test_every_register_list_and_the_panel_have_a_right_click_menu_that_acts(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    """Issue 12's keyboard rule holds for the shared registers too: right-click on a row
    offers what the window's buttons do for it, and an entry does it."""
    from PySide6.QtWidgets import QMessageBox

    officer, _ = office
    add_pool(officer, tech=6, finance=2)
    case_id = hnte_in_review(officer)
    officer.panels.draw(case_id)
    windows = [ExpertPoolWindow(officer), IntegrityWindow(officer), ArchiveCatalogueWindow(officer)]
    for window in windows:
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda w=window: w.loaded)
        menu = window.context_menu()
        wanted = [b.text() for k, b in window.button_widgets.items() if k != "close"]
        assert [a.text() for a in menu.actions()] == wanted and wanted, window.objectName()
    pool = windows[0]
    pool.table.selectRow(0)
    entry = next(a for a in pool.context_menu().actions() if a.text() == pool.button_widgets["show"].text())
    entry.trigger()
    qtbot.waitUntil(lambda: pool.findChild(QMessageBox, "expert_record") is not None)
    panel = PanelDialog(officer, case_id)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.view is not None and panel.table.rowCount() == 5)
    assert "draw" not in panel.draws.text()  # the draw's kind is named, never its stored key
    panel.table.selectRow(0)
    texts = [a.text() for a in panel.context_menu().actions()]
    assert texts == [panel.buttons[k].text() for k in ("score", "confirm", "withdraw", "invite")]
    assert all(a.isEnabled() for a in panel.context_menu().actions())


def test_the_registers_speak_english_in_english(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    """What the program says in the shared registers (categories, statuses, subjects,
    measures, form labels, a member's status) is English with --lang en; what officers
    typed (names, employers, titles) stays as typed."""
    import re

    from bjstc_desktop.core.integrity import RECORD_FIELDS

    cjk = re.compile(r"[\u3400-\u9fff]")
    officer, _ = office
    set_language("en")
    try:
        add_pool(officer, tech=6, finance=2)
        case_id = hnte_in_review(officer)
        officer.panels.draw(case_id)
        officer.integrity.add({"subject_kind": "单位", "name": "北京高企科技有限公司", "number": APPLICANT,
                               "source": "科学技术部", "decision_no": "国科监〔2026〕1号", "measure": "取消申报资格",
                               "start_on": "2026-01-01"})
        pool, records = ExpertPoolWindow(officer), IntegrityWindow(officer)
        for window in (pool, records):
            qtbot.addWidget(window)
            qtbot.waitUntil(lambda w=window: w.loaded)
        said = {f"pool {r} {c}": pool.table.item(r, c).text() for r in range(pool.table.rowCount()) for c in (2, 3, 6)}
        said |= {f"pool filter {i}": combo.itemText(i) for combo in (pool.category, pool.status)
                 for i in range(combo.count())}
        said |= {f"record {c}": records.table.item(0, c).text() for c in (0, 4)}
        records.report.setChecked(True)  # the report of the cases hit: the case's state in English
        qtbot.waitUntil(lambda: records.loaded and records.table.rowCount() >= 1)
        said |= {"hit state": records.table.item(0, 1).text(), "hit effect": records.table.item(0, 5).text()}
        archive = ArchiveCatalogueWindow(officer)
        qtbot.addWidget(archive)
        qtbot.waitUntil(lambda: archive.loaded)
        said |= {f"retention {i}": archive.retention.itemText(i) for i in range(archive.retention.count())}
        form = RecordForm(officer, "x", RECORD_FIELDS, "integrity", lambda _w, v, _l: v)
        qtbot.addWidget(form)
        said |= {f"form label {i}": w.text() for i, w in enumerate(form.findChildren(QLabel)) if w.text()}
        panel = PanelDialog(officer, case_id)
        qtbot.addWidget(panel)
        qtbot.waitUntil(lambda: panel.view is not None and panel.table.rowCount() == 5)
        said |= {f"member {r} {c}": panel.table.item(r, c).text() for r in range(5) for c in (2, 3)}
        typed = [m.name for m in panel.view.members]  # names stay as typed
        said |= {"panel rules": panel.rules.text(),
                 "panel aggregate": re.sub("|".join(map(re.escape, typed)), "", panel.aggregate.text())}
        chinese = {k: v for k, v in said.items() if cjk.search(v)}
        assert not chinese, chinese
        assert "Technical expert" in said.values() and "Drawn" in said.values()
    finally:
        set_language("zh")
