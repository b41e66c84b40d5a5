"""The letter GUI offscreen: a draft from a case, previewed (QtPdf) and then issued, print
1:1 through the workstation's printer (the print dialog injected: a test never opens a
real one), save a copy, and the register tab with preview and voiding."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWidget

from bjstc_desktop.gui.letter_preview import LetterPreviewDialog, preview_draft
from bjstc_desktop.gui.letter_register import LETTERS_KEY, LetterRegisterTab
from bjstc_desktop.gui.startup import create_application
from bjstc_desktop.gui.tab_registry import tab_keys
from bjstc_desktop.gui.translations import set_language
from bjstc_desktop.gui.worker import wait_for_jobs
from bjstc_desktop.tools import build_translations
from bjstc_desktop.workstation import Workstation
from tests.conftest import ADMIN_PASS, Station
from tests.gui.store_calls import no_store_calls_on_the_gui_thread  # noqa: F401  (autouse: no store call on the GUI thread)
from tests.letters.conftest import new_contract
from tests.letters.pdfmeasure import mm, open_pdf

# The parents of the test's previews, let go of on the GUI thread at its end. (Kept as an
# attribute of the dialog they own, they made a reference cycle that the collector could
# free on a worker thread.)
_PARENTS: list[QWidget] = []


@pytest.fixture(autouse=True)
def _app(qapp: QApplication):  # type: ignore[no-untyped-def]
    assert build_translations.build() == 0
    create_application()
    set_language("zh")
    yield
    wait_for_jobs()
    QApplication.processEvents()
    _PARENTS.clear()


@pytest.fixture
def ws(station: Station):  # type: ignore[no-untyped-def]
    station_ws = station.open()
    yield station_ws
    wait_for_jobs()
    station_ws.close()


def _issue(qtbot, ws: Workstation, template: str = "tech_contract_certificate", **kw) -> LetterPreviewDialog:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    case = new_contract(ws)
    job = preview_draft(parent, ws, case, template, show=False, confirm=lambda _parent, _text: True, **kw)
    with qtbot.waitSignal(job.opened) as blocker:
        pass
    dialog = blocker.args[0]
    _PARENTS.append(parent)  # the parent owns the dialog; held here, never by a cycle through the dialog
    assert dialog.draft and ws.letters.register() == []  # 出具 takes no number
    with qtbot.waitSignal(dialog.signed):
        assert dialog.sign()
    return dialog


def _red_top_mm(pdf_bytes: bytes) -> float:
    """The first pixel row with pure red on page 1, in mm from the top (50 dpi)."""
    image = open_pdf(pdf_bytes).pages[0].to_image(resolution=100).original.convert("RGB")
    width, height = image.size
    for y in range(height):
        if any(image.getpixel((x, y))[0] > 200 and image.getpixel((x, y))[1] < 80 for x in range(0, width, 2)):
            return y / 100 * 25.4
    raise AssertionError("no red on the page")


def test_a_draft_issued_from_its_preview_is_numbered_and_registered(qtbot, ws: Workstation) -> None:
    dialog = _issue(qtbot, ws)
    [entry] = ws.letters.register()
    assert entry.number in dialog.windowTitle() and dialog.number == entry.number
    assert dialog.document.pageCount() >= 1
    assert dialog.pdf[:8] == b"%PDF-1.7" and ws.letters.pdf(entry.number) == dialog.pdf
    assert "不打印印章" in dialog.status.text()


def test_a_refused_letter_is_reported_not_previewed(qtbot, ws: Workstation) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    job = preview_draft(parent, ws, new_contract(ws), "supplement_notice", show=False)
    with qtbot.waitSignal(job.failed) as blocker:
        pass
    assert "办理意见" in blocker.args[0]
    assert ws.letters.register() == []


def test_printing_goes_through_the_print_dialog_at_true_size(qtbot, ws: Workstation, tmp_path: Path) -> None:
    printed_to = tmp_path / "printed.pdf"
    asked: list[tuple[str, int]] = []

    def fake_dialog(printer: QPrinter, _parent: QWidget) -> bool:
        asked.append((printer.pageLayout().pageSize().name(), printer.resolution()))  # as the dialog opens
        # the officer picks the printer; here it is a PDF file
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed_to))
        return True

    dialog = _issue(qtbot, ws)
    dialog._print_dialog = fake_dialog
    with qtbot.waitSignal(dialog.printed) as blocker:
        assert dialog.print_letter()
    assert asked[0][0] == "A4" and asked[0][1] >= 600  # A4 whatever the locale; the printer's resolution
    assert printed_to.read_bytes() == dialog.pdf  # printing to a file gives the very PDF/A 另存为 writes
    printed = open_pdf(printed_to.read_bytes())
    assert blocker.args == [dialog.document.pageCount()] and len(printed.pages) == dialog.document.pageCount()
    assert mm(printed.pages[0].width) == pytest.approx(210, abs=0.5) and mm(printed.pages[0].height) == pytest.approx(297, abs=0.5)
    assert _red_top_mm(printed_to.read_bytes()) == pytest.approx(_red_top_mm(dialog.pdf), abs=1.0)  # not fitted, not moved


def test_a_cancelled_print_prints_nothing(qtbot, ws: Workstation) -> None:
    dialog = _issue(qtbot, ws)
    dialog._print_dialog = lambda _printer, _parent: False
    with qtbot.assertNotEmitted(dialog.printed):
        assert dialog.print_letter() is False


def test_save_a_copy_writes_the_same_bytes(qtbot, ws: Workstation, tmp_path: Path) -> None:
    dialog = _issue(qtbot, ws)
    target = tmp_path / "copy.pdf"
    dialog._save_path = lambda _parent, suggested: str(target) if suggested.endswith(".pdf") else None
    with qtbot.waitSignal(dialog.saved) as blocker:
        assert dialog.save_copy() == str(target)
    assert blocker.args == [str(target)] and target.read_bytes() == dialog.pdf


def test_the_register_tab_lists_previews_and_voids(qtbot, ws: Workstation, tmp_path: Path) -> None:
    case = new_contract(ws)
    first = ws.letters.issue(case, "tech_contract_certificate", tmp_path / "a.pdf", signer="王喆")
    ws.letters.issue(case, "notice", tmp_path / "b.pdf", values={"body": "经审核，予以登记。"})
    tab = LetterRegisterTab(ws, reason=lambda _parent, number: "编号有误")
    qtbot.addWidget(tab)
    assert tab.title() == "公文登记簿" and tab.key == LETTERS_KEY and LETTERS_KEY in tab_keys()
    with qtbot.waitSignal(tab.populated):
        tab.activate()
    assert tab.table.rowCount() == 2
    assert tab.table.item(1, 0).text() == first.number and tab.table.item(1, 6).text() == "王喆"
    assert "内置" in tab.table.item(1, 7).text() and tab.table.item(1, 8).text() == first.sha256
    tab.table.selectRow(1)
    job = tab.preview()
    assert job is not None
    with qtbot.waitSignal(job.opened) as shown:  # read (audited) on the writer thread
        pass
    preview = shown.args[0]
    assert preview.pdf == (tmp_path / "a.pdf").read_bytes()
    qtbot.addWidget(preview)
    with qtbot.waitSignal(tab.populated):
        assert tab.void_selected()
    assert tab.last_voided.status == "作废"
    assert tab.table.item(1, 1).text() == "作废"


def test_the_register_tab_is_closed_to_administrators(qtbot, station: Station) -> None:
    admin = station.open("admin", ADMIN_PASS)
    try:
        tab = LetterRegisterTab(admin)
        qtbot.addWidget(tab)
        with qtbot.waitSignal(tab.populated):
            tab.activate()
        assert tab.table.rowCount() == 0 and not tab.buttons["preview"].isEnabled()
        assert "不能查看" in tab.header_summary.text()
    finally:
        admin.close()


def test_the_preview_never_puts_the_letter_in_the_temp_folder(qtbot, ws: Workstation, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import tempfile

    made: list[str] = []

    def refuse(*_a, **_k):  # type: ignore[no-untyped-def]
        made.append("temp")
        raise AssertionError("a letter went through the temp folder")

    case = new_contract(ws)
    for name in ("mkdtemp", "mkstemp", "_mkstemp_inner"):
        monkeypatch.setattr(tempfile, name, refuse)
    parent = QWidget()
    qtbot.addWidget(parent)
    job = preview_draft(parent, ws, case, "tech_contract_certificate", show=False,
                        confirm=lambda _parent, _text: True)
    with qtbot.waitSignal(job.opened) as blocker:
        pass
    dialog = blocker.args[0]
    with qtbot.waitSignal(dialog.signed):
        dialog.sign()
    monkeypatch.undo()
    assert made == []  # a 秘密 letter must never lie in plain in a shared folder
    [entry] = ws.letters.register()
    assert ws.letters.pdf(entry.number) == dialog.pdf


def test_a_letter_flow_leaves_no_cycle_for_the_collector_to_free_on_another_thread(qtbot, ws: Workstation) -> None:  # type: ignore[no-untyped-def]
    """A draft's preview and everything it was made over (its parent window, the job, the
    workstation's change hub) are freed by reference counting where the GUI lets go of
    them, on the GUI thread. Left in a reference cycle, they would be freed by the
    collector on whichever thread next allocates, often a worker's, and a QWidget freed
    there crashes the program (tests/letters/test_ofd_issue.py crashed its worker once)."""
    case = new_contract(ws)
    gc.collect()
    gc.disable()
    try:
        parent = QWidget()
        job = preview_draft(parent, ws, case, "tech_contract_certificate", show=False,
                            confirm=lambda _parent, _text: True)
        with qtbot.waitSignal(job.opened) as blocker:
            pass
        wait_for_jobs()
        QApplication.processEvents()  # every outcome delivered: nothing of the job is in flight
        dialog = weakref.ref(blocker.args[0])
        freed = weakref.ref(parent)
        del parent, job, blocker
        assert freed() is None and dialog() is None, \
            "\n".join(type(r).__name__ for r in gc.get_referrers(*[o for o in (freed(),) if o is not None]))
    finally:
        gc.enable()
