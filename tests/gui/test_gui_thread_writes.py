"""The writes the officer makes from the register windows, the drafts list, the party
picker and the conflict queue run on the writer thread, never on the GUI thread, and
come back as one ChangeNotice that the workstation's hub announces (issue 15 point 7)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from bjstc_desktop.core.experts import PAUSED
from bjstc_desktop.gui.drafts_dialog import DraftsDialog
from bjstc_desktop.gui.expert_pool import ExpertPoolWindow
from bjstc_desktop.gui.field_editors import NewOrganisationDialog
from bjstc_desktop.gui.integrity_records import IntegrityWindow
from bjstc_desktop.gui.operations import EXPERTS, INTEGRITY, ORGANISATIONS, ChangeNotice, hub_for
from bjstc_desktop.ops.drafts import NEW_CASE
from tests.gui.casework import SELLER_USCC
from tests.gui.store_calls import (
    GUI_DIR,
    GUI_THREAD_STORE_CALLS,
    gui_thread_writes,
    not_allowed,
    recording,
    watching,
)
from tests.store.duty_seed import APPLICANT, add_pool

BUYER_USCC = SELLER_USCC


def _answer_text(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a, **_k: (text, True)))


def test_pausing_an_expert_and_reading_his_record_write_off_the_gui_thread(qtbot, office, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    add_pool(officer, tech=2, finance=0)
    window = ExpertPoolWindow(officer)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.loaded and window.table.rowCount() == 2)
    window.table.selectRow(0)
    expert = window.selected()
    _answer_text(monkeypatch, "长期出差")
    with recording(officer) as calls:
        with qtbot.waitSignal(hub_for(officer).changed) as announced:
            window.toggle_status()
        window.table.selectRow(0)
        window.show_record()  # reading the full ID number is audited: a write too
        qtbot.waitUntil(lambda: window.findChild(QMessageBox, "expert_record") is not None)
    assert gui_thread_writes(calls) == []
    assert announced.args[0] == ChangeNotice(registers=frozenset({EXPERTS}))
    assert officer.experts.show(expert.id).expert.status == PAUSED


def test_revoking_an_integrity_record_writes_off_the_gui_thread(qtbot, office, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    record = officer.integrity.add({"subject_kind": "单位", "name": "北京高企科技有限公司", "number": APPLICANT,
                                    "source": "北京市科学技术委员会", "decision_no": "京科发〔2025〕1号",
                                    "measure": "取消申报资格", "start_on": "2025-01-01"})
    window = IntegrityWindow(officer)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.loaded and window.table.rowCount() == 1)
    window.table.selectRow(0)
    _answer_text(monkeypatch, "行政复议决定撤销")
    with recording(officer) as calls, qtbot.waitSignal(hub_for(officer).changed) as announced:
        window.revoke()
    assert gui_thread_writes(calls) == []
    assert announced.args[0] == ChangeNotice(registers=frozenset({INTEGRITY}))
    assert officer.integrity.list()[0].id == record.id and officer.integrity.list()[0].status != "有效"


def test_discarding_a_waiting_draft_writes_off_the_gui_thread(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    officer.drafts.save(None, NEW_CASE, "tech_contract", "等待中的草稿", {"title": "等待中的草稿"})
    dialog = DraftsDialog(officer)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    with recording(officer) as calls, qtbot.waitSignal(hub_for(officer).changed):
        dialog.discard_selected(confirmed=True)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0)
    assert gui_thread_writes(calls) == []
    assert officer.drafts.list() == []


def test_registering_an_organisation_writes_off_the_gui_thread(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    dialog = NewOrganisationDialog(officer, "北京某某科技有限公司")
    qtbot.addWidget(dialog)
    dialog.uscc.line.setText(BUYER_USCC)
    dialog.district.set_value("110108")
    with recording(officer) as calls, qtbot.waitSignal(dialog.accepted):
        dialog.register()
    assert gui_thread_writes(calls) == []
    assert dialog.created is not None and dialog.created.uscc == BUYER_USCC
    assert hub_for(officer).last == ChangeNotice(registers=frozenset({ORGANISATIONS}))



def test_the_guard_catches_a_new_store_call_made_from_the_gui_on_its_thread(office) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    probe = compile("ws.cases.counts()\nws.experts.set_status(expert_id, paused, 'x')", f"{GUI_DIR}/probe.py", "exec")
    add_pool(officer, tech=1, finance=0)
    expert_id = officer.experts.list()[0].id
    with watching() as calls:  # as if a new function of gui/ read and wrote on the GUI thread
        exec(probe, {"ws": officer, "expert_id": expert_id, "paused": PAUSED})
        officer.cases.counts()  # the test's own call, from no function of gui/: not counted
    assert calls and {c.gui_caller for c in calls} == {"probe.<module>"}
    flagged = not_allowed(calls)
    assert any(line.startswith("probe.<module>: SELECT") for line in flagged)
    assert any(line.startswith("probe.<module>: UPDATE") or line.startswith("probe.<module>: INSERT") for line in flagged)
    assert all(len(why) > 40 for why in GUI_THREAD_STORE_CALLS.values())  # one that must stay says why
    assert GUI_THREAD_STORE_CALLS == {}  # none must: every GUI read runs off its thread (issue 15 point 7)
