"""The 同步中心 in the GUI: the export wizard (peers, folder, progress, cancel) writes
off the GUI thread, an import shows its report or its plain reason, its progress and a
cancel that imports nothing, and the conflict queue shows both values side by side and
records the decision."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display on build machines
pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from bjstc_desktop.core.modules import module
from bjstc_desktop.gui.module_tab import module_title
from bjstc_desktop.gui.operations import ChangeNotice, hub_for
from bjstc_desktop.gui.sync_centre import SyncCentre
from bjstc_desktop.gui.translations import set_language
from bjstc_desktop.gui.worker import wait_for_jobs
from tests.gui.store_calls import (  # the guard is autouse: no store call on the GUI thread
    gui_thread_writes,
    no_store_calls_on_the_gui_thread,  # noqa: F401
    recording,
)
from tests.sync.conftest import CONTRACT, Office, blob_files, dump, receive, send


@pytest.fixture(autouse=True)
def _no_jobs_left() -> Iterator[None]:
    yield
    wait_for_jobs()


def _wizard_to_run_page(centre: SyncCentre, folder: Path, qtbot) -> QWizard:  # type: ignore[no-untyped-def]
    wizard = centre.open_export_wizard()
    qtbot.addWidget(wizard)
    qtbot.waitUntil(lambda: wizard.loaded)  # the peers are read off the GUI thread
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # no peer chosen yet
    wizard.peer_list.item(0).setCheckState(Qt.CheckState.Checked)
    wizard.next()
    wizard.folder_edit.setText(str(folder))
    return wizard


def test_the_export_wizard_writes_a_package_off_the_gui_thread(pair: tuple[Office, Office], tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    a, b = pair
    a.ws().cases.create("tech_contract", "图形界面导出", CONTRACT)
    centre = SyncCentre(a.ws())
    qtbot.addWidget(centre)
    usb = tmp_path / "usb"
    usb.mkdir()
    wizard = _wizard_to_run_page(centre, usb, qtbot)
    with qtbot.waitSignal(wizard.export_finished) as done:
        wizard.next()
    report = done.args[0]
    assert Path(report.path).parent == usb and report.records == 1
    assert wizard.bar.value() == wizard.bar.maximum() and "1" in wizard.status.text()
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert receive(b, Path(report.path)).new == 1


def test_cancelling_the_wizard_leaves_nothing(pair: tuple[Office, Office], tmp_path: Path, qtbot,
                                              monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    a, _ = pair
    a.ws().cases.create("tech_contract", "取消", CONTRACT)
    centre = SyncCentre(a.ws())
    qtbot.addWidget(centre)
    usb = tmp_path / "usb"
    usb.mkdir()
    wizard = _wizard_to_run_page(centre, usb, qtbot)
    real = a.ws().sync.export_package

    def pressed_cancel(*args, **kw):  # type: ignore[no-untyped-def]
        wizard._cancel.set()  # the officer presses 取消 while it writes
        return real(*args, **kw)

    monkeypatch.setattr(a.ws().sync, "export_package", pressed_cancel)
    with qtbot.waitSignal(wizard.export_failed) as failed:
        wizard.next()
    assert "取消" in failed.args[0] and list(usb.iterdir()) == []
    assert wizard.report is None


def test_an_import_shows_its_report_or_its_reason(pair: tuple[Office, Office], tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    a, b = pair
    a.ws().cases.create("tech_contract", "图形界面导入", CONTRACT)
    package = send(a, b, tmp_path / "usb")
    centre = SyncCentre(b.ws())
    qtbot.addWidget(centre)
    broken = tmp_path / "broken.bjsync"
    broken.write_bytes(package.read_bytes()[:-10])
    with qtbot.waitSignal(centre.import_failed) as failed:
        centre.import_package(broken)
    assert "复制不完整" in failed.args[0] and centre.import_status.text() == failed.args[0]
    with qtbot.waitSignal(centre.imported):
        centre.import_package(package)
    table = centre.report_table
    rows = [[table.item(r, c).text() for c in range(6)] for r in range(table.rowCount())]
    assert rows[0] == [module_title(module("market")), "1", "0", "0", "0", "0"]
    assert rows[-1][1:] == rows[0][1:] and len(rows) == 2  # the total line
    assert "甲站" in centre.import_status.text()


# What the import page shows, per language: reading, merging, cancelling, cancelled.
_SAYS = {"zh": ("正在读取并核验同步包：", "正在合并记录：", "正在取消…", "已取消导入同步包，未导入任何内容。"),
         "en": ("Reading and checking the package: ", "Merging the records: ", "Cancelling…",
                "The package import was cancelled; nothing was imported.")}


@pytest.fixture(params=["zh", "en"])
def language(request: pytest.FixtureRequest, qapp) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The interface in Chinese (the default) or in English, with the compiled catalogues."""
    from bjstc_desktop.tools import build_translations

    assert build_translations.build() == 0
    set_language(request.param)
    yield request.param
    set_language("zh")


def _held_at(office: Office, monkeypatch: pytest.MonkeyPatch, phase: str) -> tuple[threading.Event, threading.Event]:
    """Make the office's import stop on the writer thread at the first step of `phase`
    (after reporting it) until the test lets it go on: (reached, go_on). No sleeps: the
    test waits for what the dialog shows, then releases the import."""
    ws = office.ws()
    real = ws.sync.import_package
    reached, go_on = threading.Event(), threading.Event()

    def held(path: Path, progress: Callable[[str, int, int], None], cancelled: Callable[[], bool]):  # type: ignore[no-untyped-def]
        def step(name: str, done: int, total: int) -> None:
            first = name == phase and not reached.is_set()
            if first:
                reached.set()  # before the step is shown: the GUI thread may show it at once
            progress(name, done, total)
            if first:
                assert go_on.wait(20), "the test never let the import go on"

        return real(path, progress=step, cancelled=cancelled)

    monkeypatch.setattr(ws.sync, "import_package", held)
    return reached, go_on


def test_a_cancelled_import_imports_nothing_and_says_so(pair: tuple[Office, Office], tmp_path: Path, qtbot,
                                                        monkeypatch: pytest.MonkeyPatch, language: str) -> None:  # type: ignore[no-untyped-def]
    reading, _, cancelling, cancelled = _SAYS[language]
    a, b = pair
    for n in range(3):
        a.ws().cases.create("tech_contract", f"取消导入{n}", CONTRACT)
    package = send(a, b, tmp_path / "usb")
    before, files = dump(b, skip=()), blob_files(b)
    reached, go_on = _held_at(b, monkeypatch, "read")
    centre = SyncCentre(b.ws())
    qtbot.addWidget(centre)
    try:
        centre.import_package(package)
        assert not centre.choose_button.isEnabled()  # one import at a time
        qtbot.waitUntil(lambda: centre.import_status.text().startswith(reading))
        assert reached.is_set() and not centre.import_bar.isHidden() and centre.cancel_button.isEnabled()
        with qtbot.waitSignal(centre.import_failed) as failed:
            qtbot.mouseClick(centre.cancel_button, Qt.MouseButton.LeftButton)
            assert centre.import_status.text() == cancelling
            go_on.set()
    finally:
        go_on.set()
    assert failed.args[0] == cancelled == centre.import_status.text()
    after = dump(b, skip=())
    assert len(after["cases"]) == len(before["cases"])  # no case came in
    assert after["audit_events"] == before["audit_events"]  # the audit chain's head did not move
    assert after == before and blob_files(b) == files
    assert centre.report_table.rowCount() == 0 and centre.import_bar.isHidden()
    assert centre.cancel_button.isHidden() and centre.choose_button.isEnabled()
    with qtbot.waitSignal(centre.imported) as done:  # the same package imports afterwards
        centre.import_package(package)
    assert done.args[0].new == 3


def test_the_import_shows_each_phase_and_how_far_it_has_got(pair: tuple[Office, Office], tmp_path: Path, qtbot,
                                                            monkeypatch: pytest.MonkeyPatch, language: str) -> None:  # type: ignore[no-untyped-def]
    _, merging, _, _ = _SAYS[language]
    a, b = pair
    for n in range(4):
        a.ws().cases.create("tech_contract", f"进度{n}", CONTRACT)
    package = send(a, b, tmp_path / "usb")
    reached, go_on = _held_at(b, monkeypatch, "merge")
    centre = SyncCentre(b.ws())
    qtbot.addWidget(centre)
    shown: list[str] = []
    try:
        centre.import_package(package)
        qtbot.waitUntil(lambda: centre.import_status.text().startswith(merging))
        shown.append(centre.import_status.text())
        assert reached.is_set()
        assert 0 <= centre.import_bar.value() <= centre.import_bar.maximum() == 1000  # no longer "busy"
        with qtbot.waitSignal(centre.imported) as done:
            go_on.set()
    finally:
        go_on.set()
    total = done.args[0].new
    assert total == 4 and shown[0] == (f"{merging}0 / {total}" if language == "zh" else f"{merging}0 of {total}")
    assert centre.import_bar.isHidden() and centre.cancel_button.isHidden()
    assert "甲站" in centre.import_status.text()  # the report replaced the progress


def test_the_conflict_queue_shows_both_values_and_records_the_decision(
        pair: tuple[Office, Office], tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    a, b = pair
    case = a.ws().cases.create("tech_contract", "原来的", CONTRACT)
    receive(b, send(a, b, tmp_path / "usb"))
    a.ws().cases.edit(case.id, title="甲这样改")
    b.ws().cases.edit(case.id, title="乙那样改")
    receive(b, send(a, b, tmp_path / "usb"))
    centre = SyncCentre(b.ws())
    qtbot.addWidget(centre)
    queue = centre.queue
    qtbot.waitUntil(lambda: queue.loaded and queue.table.rowCount() == 1)
    cells = [queue.table.item(0, c).text() for c in range(5)]
    assert cells[1] == "标题" and cells[2] == "乙那样改" and cells[3] == "甲这样改"
    with recording(b.ws()) as calls, qtbot.waitSignal(hub_for(b.ws()).changed) as announced:
        queue.decide("theirs")
    assert gui_thread_writes(calls) == []  # decided on the writer thread
    assert announced.args[0] == ChangeNotice(cases=frozenset({case.id}))
    qtbot.waitUntil(lambda: queue.loaded and queue.table.rowCount() == 0)
    assert queue.empty.isVisibleTo(queue)
    assert b.ws().cases.show(case.id).title == "甲这样改"
    receive(a, send(b, a, tmp_path / "usb"))
    assert a.ws().sync.conflicts() == [] and a.ws().cases.show(case.id).title == "甲这样改"


def test_the_main_window_opens_the_sync_centre_from_its_menu(pair: tuple[Office, Office], qtbot) -> None:  # type: ignore[no-untyped-def]
    from bjstc_desktop.gui.main_window import MainWindow

    a, _ = pair
    window = MainWindow(a.ws())
    qtbot.addWidget(window)
    [action] = [x for x in window._content_actions if x.shortcut().toString() == "Ctrl+Shift+S"]
    action.trigger()
    [centre] = window.findChildren(SyncCentre)
    assert centre.isVisible()
    qtbot.waitUntil(lambda: centre.peer_table.rowCount() == 1)  # read off the GUI thread
    assert a.fingerprint in centre.findChild(type(centre.import_status), "own_fingerprint").text()


def test_with_no_trusted_peer_the_peers_page_says_how_one_is_trusted(tmp_path: Path, qtbot, language: str) -> None:  # type: ignore[no-untyped-def]
    """Seen at 1366x768: a new workstation's 对端工作站 page was an empty table with nothing
    saying why or what to do."""
    from tests.sync.conftest import make_office

    alone = make_office(tmp_path, "丙站")
    centre = SyncCentre(alone.ws())
    qtbot.addWidget(centre)
    centre.show()
    qtbot.waitUntil(lambda: alone.fingerprint in centre.own_fingerprint.text())
    assert not centre.no_peers.isHidden()
    assert {"zh": "安全保密管理员", "en": "security administrator"}[language] in centre.no_peers.text()
    assert centre.peer_table.rowCount() == 0


def test_a_trusted_peer_takes_the_place_of_the_explanation(pair: tuple[Office, Office], qtbot) -> None:  # type: ignore[no-untyped-def]
    a, _ = pair
    centre = SyncCentre(a.ws())
    qtbot.addWidget(centre)
    centre.show()
    qtbot.waitUntil(lambda: centre.peer_table.rowCount() == 1)
    assert centre.no_peers.isHidden()
