"""Letters at the officer's desk: 出具 shows an unnumbered draft (marked as such) and takes
no number; only 签发 numbers and registers it; making it shows progress and never blocks
the window; the case window lists its letters (open, reprint, void); the preview fits
the screen with its buttons visible; printing sends the letter itself (to CUPS or to a
file, byte for byte the PDF/A 另存为 writes) or draws it at the printer's resolution,
and the status says what actually happened."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, QTimer
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QProgressDialog, QWidget

from bjstc_desktop.gui import letter_preview
from bjstc_desktop.gui.case_detail import CaseDetailDialog
from bjstc_desktop.gui.fit import SMALLEST_SCREEN, available_geometry
from bjstc_desktop.gui.letter_preview import LetterPreviewDialog, preview_draft, print_pdf
from bjstc_desktop.ops.letters import DRAFT_MARK
from bjstc_desktop.workstation import Workstation
from tests.gui.casework import case_details, make_contract

REGISTERED = {"contract_no": "2026110108000001", "registered_on": "2026-03-02"}


def _contract(officer: Workstation):  # type: ignore[no-untyped-def]
    return make_contract(officer, "证明书草稿", reviewed=True, **REGISTERED)


def _detail(qtbot, ws: Workstation, case_id: str) -> CaseDetailDialog:  # type: ignore[no-untyped-def]
    dialog = CaseDetailDialog(ws, case_details(ws, case_id))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.letters.issue_menu.actions() != [])
    return dialog


def _draft(qtbot, detail: CaseDetailDialog, template: str) -> LetterPreviewDialog:  # type: ignore[no-untyped-def]
    job = detail.issue_letter(template)
    with qtbot.waitSignal(job.opened) as blocker:
        pass
    preview = blocker.args[0]
    qtbot.addWidget(preview)
    return preview


def test_issuing_shows_an_unnumbered_draft_first_and_takes_no_number(qtbot, office) -> None:
    officer, _ = office
    case = _contract(officer)
    detail = _detail(qtbot, officer, case.id)
    preview = _draft(qtbot, detail, "tech_contract_certificate")
    assert preview.draft and preview.isVisible()
    assert preview.banner.isVisible() and "草稿" in preview.banner.text() and "草稿" in preview.windowTitle()
    assert preview.sign_button.isVisible() and not preview.print_button.isVisible()
    assert not preview.save_button.isVisible() and not preview.close_button.isHidden()
    assert officer.letters.register() == []  # no number taken, nothing registered
    from tests.letters.pdfmeasure import open_pdf

    text = open_pdf(preview.pdf).pages[0].extract_text()
    assert DRAFT_MARK in text and "京科登" not in text


def test_only_signing_numbers_and_registers_it_and_the_case_lists_it(qtbot, office) -> None:
    officer, _ = office
    case = _contract(officer)
    detail = _detail(qtbot, officer, case.id)
    preview = _draft(qtbot, detail, "tech_contract_certificate")
    preview._confirm = lambda _parent, _text: False  # 暂不: nothing happens
    assert preview.sign() is False and officer.letters.register() == []
    asked: list[str] = []
    preview._confirm = lambda _parent, text: asked.append(text) or True
    with qtbot.waitSignal(preview.signed) as blocker:
        assert preview.sign()
    result = blocker.args[0]
    assert "发文字号" in asked[0] and "作废" in asked[0]
    [entry] = officer.letters.register()
    assert entry.number == result.number == preview.number and result.number in preview.windowTitle()
    assert not preview.draft and preview.print_button.isVisible() and not preview.sign_button.isVisible()
    assert officer.letters.pdf(result.number) == preview.pdf
    qtbot.waitUntil(lambda: detail.letters.table.rowCount() == 1)
    assert detail.letters.table.item(0, 0).text() == result.number


def test_making_the_draft_shows_progress_and_never_blocks_the_window(qtbot, office, monkeypatch) -> None:
    officer, _ = office
    case = _contract(officer)
    detail = _detail(qtbot, officer, case.id)
    release = threading.Event()
    real = officer.letters.render_draft

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        assert release.wait(30)  # the GUI thread must keep running meanwhile
        return real(*args, **kwargs)

    monkeypatch.setattr(officer.letters, "render_draft", slow)
    job = detail.issue_letter("tech_contract_certificate")
    assert isinstance(job.progress, QProgressDialog) and job.progress.isVisible()
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    qtbot.waitUntil(lambda: len(ticks) >= 5)  # the event loop turns while the letter is being made
    detail.letters.table.setFocus()  # and the window answers
    timer.stop()
    with qtbot.waitSignal(job.opened) as blocker:
        release.set()
    qtbot.addWidget(blocker.args[0])
    assert not job.progress.isVisible()


def test_the_case_window_opens_reprints_and_voids_its_letters(qtbot, office, tmp_path: Path, monkeypatch) -> None:
    officer, _ = office
    case = _contract(officer)
    first = officer.letters.issue(case.id, "tech_contract_certificate", tmp_path / "a.pdf")
    detail = _detail(qtbot, officer, case.id)
    panel = detail.letters
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1)
    panel.table.selectRow(0)
    with qtbot.waitSignal(panel.open_selected().opened) as shown:  # read (audited) on the writer thread
        pass
    opened = shown.args[0]
    assert opened.pdf == (tmp_path / "a.pdf").read_bytes() and opened.number == first.number
    printed: list[str] = []
    monkeypatch.setattr(LetterPreviewDialog, "print_letter", lambda self: printed.append(self.number) or True)
    with qtbot.waitSignal(panel.reprint_selected().opened):
        pass
    assert printed == [first.number]
    panel._reason = lambda _parent, _number: "编号错误"
    with qtbot.waitSignal(panel.changed):
        assert panel.void_selected()
    assert panel.last_voided.status == "作废"
    qtbot.waitUntil(lambda: panel.table.item(0, 3) is not None and panel.table.item(0, 3).text() == "作废")
    panel.table.selectRow(0)
    menu = panel.context_menu()
    enabled = {a.objectName(): a.isEnabled() for a in menu.actions() if a.objectName()}
    assert enabled == {"menu_open": True, "menu_reprint": False, "menu_void": False}


def test_the_preview_fits_a_768_screen_with_its_buttons_visible(qtbot, office) -> None:
    officer, _ = office
    pdf = officer.letters.render_draft(_contract(officer).id, "tech_contract_certificate").pdf
    dialog = LetterPreviewDialog(pdf, "京科登〔2026〕1号")
    qtbot.addWidget(dialog)
    dialog.show()
    room = available_geometry(dialog)
    assert dialog.frameGeometry().height() <= room.height() <= SMALLEST_SCREEN.height()
    for button in (dialog.print_button, dialog.save_button, dialog.close_button):
        corner = button.mapTo(dialog, button.rect().bottomRight())
        assert dialog.rect().contains(corner), button.text()


@pytest.fixture
def issued(qtbot, office) -> LetterPreviewDialog:  # type: ignore[no-untyped-def]
    officer, _ = office
    case = _contract(officer)
    parent = QWidget()
    qtbot.addWidget(parent)
    job = preview_draft(parent, officer, case.id, "tech_contract_certificate", show=False,
                        confirm=lambda _p, _t: True)
    with qtbot.waitSignal(job.opened) as blocker:
        pass
    dialog = blocker.args[0]
    with qtbot.waitSignal(dialog.signed):
        dialog.sign()
    dialog.keep_parent = parent
    return dialog


def test_print_to_file_writes_the_same_pdfa_and_says_so(qtbot, issued: LetterPreviewDialog, tmp_path: Path) -> None:
    target = tmp_path / "printed.pdf"

    def to_file(printer: QPrinter, _parent: QWidget) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return True

    issued._print_dialog = to_file
    with qtbot.waitSignal(issued.saved):
        assert issued.print_letter()
    assert target.read_bytes() == issued.pdf  # the PDF/A itself, not a picture of it
    assert str(target) in issued.status.text() and "打印机" not in issued.status.text()


def test_a_cups_printer_gets_the_letter_itself(qtbot, issued: LetterPreviewDialog, monkeypatch) -> None:
    sent: list[tuple[list[str], bytes]] = []
    issued._spool = lambda args, pdf: sent.append((args, pdf))
    monkeypatch.setattr(letter_preview.shutil, "which", lambda name: "/usr/bin/lp" if name == "lp" else None)

    def office_printer(printer: QPrinter, _parent: QWidget) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
        printer.setPrinterName("办公室打印机")
        printer.setCopyCount(2)
        printer.setDuplex(QPrinter.DuplexMode.DuplexLongSide)
        return True

    monkeypatch.setattr(QPrinter, "printerName", lambda self: "办公室打印机")  # no printer on a build machine
    monkeypatch.setattr(QPrinter, "outputFormat", lambda self: QPrinter.OutputFormat.NativeFormat)
    monkeypatch.setattr(QPrinter, "duplex", lambda self: QPrinter.DuplexMode.DuplexLongSide)
    issued._print_dialog = office_printer
    with qtbot.waitSignal(issued.printed):
        assert issued.print_letter()
    [(args, pdf)] = sent
    assert pdf == issued.pdf and args[:3] == ["/usr/bin/lp", "-d", "办公室打印机"] and args[-1] == "-"
    assert "print-scaling=none" in args and "sides=two-sided-long-edge" in args
    assert "办公室打印机" in issued.status.text()


def test_drawing_is_at_the_printers_own_resolution_in_strips(qtbot, issued: LetterPreviewDialog, tmp_path: Path,
                                                             monkeypatch) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "raster.pdf"))
    printer.setResolution(600)
    asked: list[tuple[QSize, QRect]] = []
    document = issued.document
    real = document.render

    def spy(page: int, size: QSize, options=None) -> QImage:  # type: ignore[no-untyped-def]
        asked.append((options.scaledSize(), options.scaledClipRect()))
        return real(page, size, options)

    monkeypatch.setattr(document, "render", spy)
    assert print_pdf(document, printer) == document.pageCount()
    full, _ = asked[0]
    assert (full.width(), full.height()) == (round(595.28 / 72 * 600), round(841.89 / 72 * 600))  # A4 at 600 dpi
    assert all(clip.height() <= letter_preview.STRIP_ROWS for _, clip in asked)
    assert sum(clip.height() for size, clip in asked if size == full) == full.height() * document.pageCount()


def test_a_letter_needing_more_than_the_case_holds_asks_for_it(qtbot, office) -> None:
    officer, _ = office
    case = _contract(officer)
    asked: list[list[str]] = []

    def answer(_parent: QWidget, missing: list[str]) -> dict[str, str]:
        asked.append(missing)
        dialog = letter_preview.LetterValuesDialog(missing)  # the dialog the officer sees
        qtbot.addWidget(dialog)
        for key, edit in dialog.inputs.items():
            text = "经审核，予以登记。" if key == "body" else "北京冰雪科技有限公司"
            edit.setPlainText(text) if hasattr(edit, "setPlainText") else edit.setText(text)
        return dialog.values()

    parent = QWidget()
    qtbot.addWidget(parent)
    job = preview_draft(parent, officer, case.id, "notice", ask_values=answer, confirm=lambda _p, _t: True)
    with qtbot.waitSignal(job.opened) as blocker:
        pass
    preview = blocker.args[0]
    qtbot.addWidget(preview)
    assert asked and any(item.endswith("（body）") for item in asked[0])
    from tests.letters.pdfmeasure import open_pdf

    assert "经审核，予以登记。" in open_pdf(preview.pdf).pages[0].extract_text()
    with qtbot.waitSignal(preview.signed):
        preview.sign()  # issued with the very facts the draft was made with
    assert "经审核，予以登记。" in open_pdf(preview.pdf).pages[0].extract_text()
    assert officer.cases.show(case.id).fields.get("body") is None  # the case itself is unchanged


def _received_in_future(officer: Workstation):  # type: ignore[no-untyped-def]
    """A contract whose 收件日期 lies after today (a clock set wrong at intake): today's
    letter would be dated before the case was received."""
    import datetime as dt

    from tests.gui.casework import CONTRACT

    later = dt.date.today() + dt.timedelta(days=5)
    case = officer.cases.create("tech_contract", "收件日期在后", {**CONTRACT, **REGISTERED}, received_on=later)
    officer.workflow.act(case.id, "review")
    return case, later


def test_a_date_to_confirm_is_put_to_the_officer_and_issued_once_confirmed(qtbot, office) -> None:
    import datetime as dt

    officer, _ = office
    case, later = _received_in_future(officer)
    asked: list[str] = []

    def confirm_date(_parent: QWidget, text: str) -> bool:
        asked.append(text)
        return True

    parent = QWidget()
    qtbot.addWidget(parent)
    job = preview_draft(parent, officer, case.id, "tech_contract_certificate", confirm=lambda _p, _t: True,
                        confirm_date=confirm_date)
    with qtbot.waitSignal(job.opened) as blocker:
        pass
    preview = blocker.args[0]
    qtbot.addWidget(preview)
    assert len(asked) == 1 and later.isoformat() in asked[0] and "--force-date" not in asked[0]
    assert preview.draft and officer.letters.register() == []
    with qtbot.waitSignal(preview.signed):
        assert preview.sign()
    (entry,) = officer.letters.register()
    assert entry.issued_on == dt.date.today().isoformat() and entry.case_id == case.id


def test_a_date_not_confirmed_makes_no_draft_and_takes_no_number(qtbot, office) -> None:
    officer, _ = office
    case, _later = _received_in_future(officer)
    parent = QWidget()
    qtbot.addWidget(parent)
    job = preview_draft(parent, officer, case.id, "tech_contract_certificate", confirm=lambda _p, _t: True,
                        confirm_date=lambda _p, _t: False)
    with qtbot.waitSignal(job.failed) as blocker:
        pass
    assert "date" in blocker.args[0] or "日期" in blocker.args[0]
    assert job.progress is not None and not job.progress.isVisible()
    assert officer.letters.register() == []


def test_the_date_question_is_a_real_dialog_whose_enter_keeps_the_safe_answer(qtbot) -> None:
    import datetime as dt

    from PySide6.QtWidgets import QApplication, QMessageBox

    from bjstc_desktop.ops.letters import LetterDateNeedsConfirmation

    exc = LetterDateNeedsConfirmation(dt.date(2026, 1, 5), dt.date(2026, 2, 1), dt.date(2026, 3, 1))
    text = letter_preview.date_question(exc)
    assert "2026-01-05" in text and "2026-02-01" in text
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        seen.append(box.defaultButton().text())
        box.defaultButton().click()  # what Enter does

    parent = QWidget()
    qtbot.addWidget(parent)
    QTimer.singleShot(0, answer)
    assert letter_preview.ask_letter_date(parent, text) is False
    assert seen[0] == text and seen[1] in ("取消", "Cancel")


def test_signing_refused_for_its_date_asks_and_issues_with_the_date_confirmed(qtbot, office) -> None:
    """签发 itself can meet the date check (the case changed after the draft was made):
    the preview asks, and issues with force_date once the officer confirms."""
    officer, _ = office
    case, later = _received_in_future(officer)
    draft = officer.letters.render_draft(case.id, "tech_contract_certificate", force_date=True)
    calls: list[bool] = []
    asked: list[str] = []

    def sign(force_date: bool):  # type: ignore[no-untyped-def]
        calls.append(force_date)
        return officer.letters.issue(case.id, "tech_contract_certificate", None, force_date=force_date)

    def confirm_date(_parent: QWidget, text: str) -> bool:
        asked.append(text)
        return True

    preview = LetterPreviewDialog(draft.pdf, "", draft=True, ws=officer, sign=sign, confirm=lambda _p, _t: True,
                                  confirm_date=confirm_date)
    qtbot.addWidget(preview)
    with qtbot.waitSignal(preview.signed):
        assert preview.sign()
    assert calls == [False, True] and len(asked) == 1 and later.isoformat() in asked[0]
    assert not preview.draft and len(officer.letters.register()) == 1
