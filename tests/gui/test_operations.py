"""gui/operations.py: the GUI calls the workstation one way. Writes run on the one writer
thread, in order; never on the GUI thread; each comes back with a ChangeNotice that the
workstation's one hub emits, and every view refreshes from it; before the window closes
the queued writes finish and later ones are refused with a message; the dialogs are
imported only when first opened."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.gui.action_dialog import ActionDialog
from bjstc_desktop.gui.case_detail import CaseDetailDialog
from bjstc_desktop.gui.case_form import CaseFormDialog
from bjstc_desktop.gui.main_window import MainWindow
from bjstc_desktop.gui.operations import (
    EXPERTS,
    ChangeNotice,
    Operation,
    drain,
    hub_for,
    pending_writes,
    run_operation,
)
from bjstc_desktop.gui.record_pages import RecordForm
from bjstc_desktop.gui.worker import WRITER_THREAD_NAME
from bjstc_desktop.workstation import Workstation
from tests.conftest import OFFICER_PASS
from tests.gui.casework import case_details, enter, fill_contract, make_contract, opened, type_text
from tests.gui.conftest import ZHANG
from tests.gui.store_calls import GUI_THREAD_STORE_CALLS, ROOT, StoreCall, on_gui_thread, recording


@pytest.fixture
def store_calls(office: tuple[Workstation, Workstation]) -> Iterator[list[StoreCall]]:
    """Every SQL statement the officer's workstation runs, with its thread."""
    with recording(office[0]) as calls:
        yield calls


def _window(qtbot, ws: Workstation) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(ws, idle_timeout_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_main_flows_never_write_on_the_gui_thread(qtbot, office, store_calls: list[StoreCall]) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    case = make_contract(officer, "线程测试合同")
    store_calls.clear()  # the set-up above ran on this thread by the test's own hand
    window = _window(qtbot, officer)
    page = window.select_tab("market")  # open a tab
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    detail = opened(qtbot, window.open_case(case.id))  # open a case (closed by the lock, with the window)
    form = opened(qtbot, detail.edit())  # edit and save
    enter(qtbot, form.header["title"], "线程测试合同（改）")
    with qtbot.waitSignal(form.saved):
        form.save_button.click()
    detail.action_buttons["request_supplement"].click()  # act
    qtbot.waitUntil(lambda: detail.findChild(ActionDialog) is not None)
    action = detail.findChild(ActionDialog)
    type_text(qtbot, action.opinion, "请补充原件。")
    with qtbot.waitSignal(action.acted):
        action.confirm_button.click()
    detail.letters._confirm = lambda _parent, _text: True  # issue a letter: draft, then 签发
    job = detail.issue_letter("supplement_notice")
    with qtbot.waitSignal(job.opened) as shown:
        pass
    preview = shown.args[0]  # a child of the case window: closed with it by the lock
    with qtbot.waitSignal(preview.signed):
        assert preview.sign()
    panel = detail.letters  # void it
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1)
    panel.table.selectRow(0)
    panel._reason = lambda _parent, _number: "编号错误"
    with qtbot.waitSignal(panel.changed):
        assert panel.void_selected()
    search = window.open_global_search()  # search
    type_text(qtbot, search.text, "线程测试")
    qtbot.waitUntil(lambda: search.model.rowCount() == 1)
    edit = opened(qtbot, detail.edit())  # typing left in a form is kept as a draft when the window locks
    enter(qtbot, edit.header["title"], "未保存的标题")
    with qtbot.waitSignal(window.locked):
        window.lock()
    qtbot.waitUntil(lambda: pending_writes(officer) == 0)
    on_gui = on_gui_thread(store_calls)  # before the test reads the store itself
    assert [d.title.endswith("未保存的标题") for d in officer.drafts.list()] == [True]

    assert [c for c in on_gui if c.writes] == []
    unknown = {c.gui_caller for c in on_gui} - set(GUI_THREAD_STORE_CALLS)
    assert not unknown, sorted(unknown)
    writers = {c.thread for c in store_calls if c.writes}
    assert writers and all(name.startswith(WRITER_THREAD_NAME) for name in writers), writers


class _Owner(QObject):
    """A window stand-in."""


class _Station:
    """A stand-in workstation (operations only hand it to the operation's call)."""


def test_writes_run_one_at_a_time_in_order_on_the_writer_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    ws, owner = _Station(), _Owner()
    ran: list[tuple[int, str]] = []
    announced: list[ChangeNotice] = []
    hub_for(ws).changed.connect(announced.append)  # type: ignore[arg-type]
    busy = threading.Lock()
    overlaps: list[int] = []

    def write(i: int) -> Operation[int]:
        def run(_ws: Any) -> int:
            if not busy.acquire(blocking=False):
                overlaps.append(i)
            else:
                busy.release()
            with busy:
                ran.append((i, threading.current_thread().name))
            return i
        return Operation(f"write {i}", run, notice=lambda n: ChangeNotice(cases=frozenset({f"case-{n}"})))

    done: list[int] = []
    for i in range(8):
        run_operation(owner, ws, write(i), done.append, pytest.fail)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: len(done) == 8)
    assert [i for i, _ in ran] == list(range(8)) == done and overlaps == []
    assert {name for _, name in ran} == {f"{WRITER_THREAD_NAME}_0"}
    assert [n.cases for n in announced] == [frozenset({f"case-{i}"}) for i in range(8)]


def test_the_hub_says_what_each_kind_of_change_changed(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    hub = hub_for(officer)
    from bjstc_desktop.core.modules import case_type

    form = CaseFormDialog(officer, case_type("tech_contract"))  # a new case
    qtbot.addWidget(form)
    form.show()
    fill_contract(qtbot, form, "通知测试合同")
    with qtbot.waitSignal(hub.changed) as registered:
        form.save_button.click()
    qtbot.waitUntil(lambda: form.case_saved is not None)
    assert registered.args[0] == ChangeNotice(cases=frozenset({form.case_saved.id}))

    case = make_contract(officer, "通知测试合同二")  # a move
    detail = CaseDetailDialog(officer, case_details(officer, case.id))
    qtbot.addWidget(detail)
    action = opened(qtbot, detail.start_action(next(a for a in detail.actions if a.action == "request_supplement")))
    action.opinion.setPlainText("请补充原件。")
    with qtbot.waitSignal(hub.changed) as moved:
        action.confirm_button.click()
    assert moved.args[0] == ChangeNotice(cases=frozenset({case.id}))

    detail.letters._confirm = lambda _parent, _text: True  # a letter issued
    job = detail.issue_letter("supplement_notice")
    with qtbot.waitSignal(job.opened) as shown:
        pass
    preview = shown.args[0]
    qtbot.addWidget(preview)
    with qtbot.waitSignal(hub.changed) as issued:
        assert preview.sign()
    qtbot.waitUntil(lambda: preview.number != "")
    assert issued.args[0] == ChangeNotice(cases=frozenset({case.id}), letters=frozenset({preview.number}))

    record = RecordForm(officer, "专家", (), EXPERTS, lambda _w, values, _level: values)  # a register
    qtbot.addWidget(record)
    with qtbot.waitSignal(hub.changed) as stored:
        record.save()
    assert stored.args[0] == ChangeNotice(registers=frozenset({EXPERTS}))


def test_a_change_made_in_one_window_refreshes_the_others(qtbot, office, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    case = make_contract(officer, "两处刷新合同")
    window = _window(qtbot, officer)
    page = window.select_tab("market")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    detail = opened(qtbot, window.open_case(case.id))
    assert detail.findChild(QLabel, "state_badge").text() == "审核认定"
    # the move is made from a dialog of its own, not from the case window nor the list
    other = CaseDetailDialog(officer, case_details(officer, case.id))
    qtbot.addWidget(other)
    action = opened(qtbot, other.start_action(next(a for a in other.actions if a.action == "request_supplement")))
    action.opinion.setPlainText("请补充原件。")
    with qtbot.waitSignal(hub_for(officer).changed):
        action.confirm_button.click()
    state = officer.cases.show(case.id).state
    assert state != "审核认定"
    qtbot.waitUntil(lambda: detail.findChild(QLabel, "state_badge").text() == state)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.model.case_at(0).state == state)


def test_closing_the_window_lets_queued_writes_finish_then_refuses_new_ones(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    window = _window(qtbot, officer)
    owner = _Owner()
    made: list[Any] = []
    for title in ("关闭前一", "关闭前二", "关闭前三"):
        op = Operation("register", lambda w, t=title: make_contract(w, t, reviewed=False),
                       notice=lambda view: ChangeNotice(cases=frozenset({view.id})))
        run_operation(owner, officer, op, made.append, pytest.fail)
    window.close()  # returns only once the queued writes are in the store
    assert pending_writes(officer) == 0
    assert {c.title for c in officer.cases.list()} >= {"关闭前一", "关闭前二", "关闭前三"}
    refused: list[BaseException] = []
    ran: list[str] = []
    late = Operation("late", lambda w: ran.append("ran"))
    assert run_operation(owner, officer, late, pytest.fail, refused.append) is None
    qtbot.waitUntil(lambda: bool(refused))
    assert ran == [] and isinstance(refused[0], RefusedError) and "工作站正在关闭" in refused[0].message()
    qtbot.waitUntil(lambda: len(made) == 3)  # the outcomes were still delivered


def test_a_write_not_started_in_time_is_refused_whole_never_half_made(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    officer, _ = office
    owner = _Owner()
    release, started = threading.Event(), threading.Event()

    def slow(w: Workstation) -> None:
        started.set()
        assert release.wait(30)

    first: list[Any] = []
    run_operation(owner, officer, Operation("slow", slow), first.append, pytest.fail)
    assert started.wait(30)
    refused: list[BaseException] = []
    second = Operation("second", lambda w: make_contract(w, "不应存在", reviewed=False))
    run_operation(owner, officer, second, pytest.fail, refused.append)
    assert drain(officer, timeout=0.0) is False  # the second never started: it is refused
    release.set()
    qtbot.waitUntil(lambda: bool(refused) and bool(first))
    assert "工作站正在关闭" in refused[0].message()  # type: ignore[attr-defined]
    assert drain(officer, timeout=10)
    assert "不应存在" not in {c.title for c in officer.cases.list()}


def test_opening_the_main_window_imports_no_dialog(demo_dir: Path) -> None:
    script = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from bjstc_desktop.gui.main_window import MainWindow
from bjstc_desktop.workstation import Workstation
ws = Workstation.open(Path(sys.argv[1]), sys.argv[2], sys.stdin.readline().rstrip("\\n"), wait_for_delay=False)
window = MainWindow(ws, idle_timeout_ms=3_600_000)
window.show()
app.processEvents()
print(" ".join(sorted(m for m in sys.modules if m.startswith("bjstc_desktop.gui."))))
window.close()
ws.close()
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", script, str(demo_dir), ZHANG], input=OFFICER_PASS + "\n",
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = set(done.stdout.split()[-200:])
    assert "bjstc_desktop.gui.main_window" in loaded
    for dialog in ("import_wizard", "sync_export_wizard", "sync_centre", "letter_preview", "panel_dialog",
                   "case_detail", "action_dialog", "case_form", "global_search", "about", "help_window"):
        assert f"bjstc_desktop.gui.{dialog}" not in loaded, dialog
