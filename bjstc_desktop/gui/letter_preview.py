"""A letter on screen (QtPdf), on the workstation's printer, and saved as a copy.

出具 never takes a number: `preview_draft` renders the letter on a worker thread, behind a
progress dialog, with 草稿（未编号） where its 发文字号 goes, and opens it in the preview
marked as a draft. Only 签发 in that preview (after a confirmation) takes the next number
and registers the letter; the preview then shows the issued letter.

Printing keeps the letter's geometry and its quality: where the system's print spooler
takes PDF (CUPS' `lp`), the PDF/A itself is sent, vectors and fonts intact; elsewhere each
page is drawn at the printer's own resolution (in strips, so a 1200 dpi page never needs
a whole-page picture), 1:1 in full-page mode (never "fit to page", which would move the
37 mm and 28 mm margins), duplex on the long edge as GB/T 9704 letters are printed.
Printing to a file writes the very PDF/A that 另存为 writes. The PDF never goes to the
temporary folder: the register keeps the encrypted copy.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QObject,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QImage, QKeySequence, QPageLayout, QPageSize, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.gui.fit import fit_to_screen
from bjstc_desktop.gui.messages import error_text, show_error
from bjstc_desktop.gui.operations import Operation, audited_read, letter_notice, read, run_operation
from bjstc_desktop.letters.merge import MissingMergeFields
from bjstc_desktop.ops.letters import LetterDateNeedsConfirmation, LetterDraft, LetterResult
from bjstc_desktop.store.atomicfile import write_atomic

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation

STRIP_ROWS = 512  # rows of printer pixels rendered at a time
PrintDialogFn = Callable[[QPrinter, QWidget], bool]
SavePathFn = Callable[[QWidget, str], str | None]
ConfirmFn = Callable[[QWidget, str], bool]
SpoolFn = Callable[[list[str], bytes], None]
SignFn = Callable[[bool], LetterResult]  # issue it; True: the officer confirmed its date
ValuesFn = Callable[[QWidget, list[str]], dict[str, str] | None]
_LABELLED = re.compile(r"^(.*)（([^（）]+)）$")
LONG_VALUES = ("body", "opinion")  # asked for in a box of several lines


def ask_print_dialog(printer: QPrinter, parent: QWidget) -> bool:
    """The system print dialog; True when the officer chose to print."""
    return QPrintDialog(printer, parent).exec() == QDialog.DialogCode.Accepted


SAVE_FILTERS = {".pdf": "PDF (*.pdf)", ".ofd": "OFD (*.ofd)"}  # OFD: GB/T 33190, 电子公文


def ask_save_path(parent: QWidget, suggested: str) -> str | None:
    """A file dialog for the copy, as PDF or as OFD; None when cancelled. A name typed
    without an extension gets the one of the type chosen."""
    path, chosen = QFileDialog.getSaveFileName(parent, QCoreApplication.translate("Letters", "Save a copy"),
                                               suggested, ";;".join(SAVE_FILTERS.values()))
    if path and not Path(path).suffix:
        path += next((suffix for suffix, label in SAVE_FILTERS.items() if label == chosen), ".pdf")
    return path or None


def _ask(parent: QWidget, title: str, text: str, yes: str, no: str, enter_says_yes: bool) -> bool:
    """A question with two plainly named answers; True for `yes`."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    reject = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(accept if enter_says_yes else reject)
    box.exec()
    return box.clickedButton() is accept


def ask_sign(parent: QWidget, text: str) -> bool:
    """Confirm 签发 (it takes a number that can only be voided, never reused)."""
    title = QCoreApplication.translate("Letters", "Issue the letter")
    yes = QCoreApplication.translate("Letters", "Issue")
    no = QCoreApplication.translate("Letters", "Not yet")
    return _ask(parent, title, text, yes, no, enter_says_yes=True)


def ask_letter_date(parent: QWidget, text: str) -> bool:
    """Confirm a 成文日期 that lies before the case was received or in the future (Enter
    keeps the safe answer: not this date)."""
    title = QCoreApplication.translate("Letters", "The letter's date")
    yes = QCoreApplication.translate("Letters", "Keep this date")
    no = QCoreApplication.translate("Letters", "Cancel")
    return _ask(parent, title, text, yes, no, enter_says_yes=False)


def date_question(exc: LetterDateNeedsConfirmation) -> str:
    """What the officer is asked about a letter's date, in his language (the CLI's
    --force-date advice is not for him)."""
    if exc.day > exc.today:
        text = QCoreApplication.translate("Letters", "The letter's date %1 is after today (%2).")
        text = text.replace("%2", exc.today.isoformat())
    else:
        text = QCoreApplication.translate("Letters", "The letter's date %1 is before the case was received (%2).")
        text = text.replace("%2", exc.received.isoformat() if exc.received else "")
    return (text.replace("%1", exc.day.isoformat()) + " "
            + QCoreApplication.translate("Letters", "Is this date right? The letter will carry it."))


class LetterValuesDialog(QDialog):
    """What a letter needs that the case does not hold (主送机关, 正文 …), asked for before
    the draft is made; the answers go into this letter only, never into the case."""

    def __init__(self, missing: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("letter_values")
        self.setWindowTitle(self.tr("What the letter still needs"))
        intro = QLabel(self.tr("The case does not hold everything this letter says. Give it here for this "
                               "letter (or fill it in on the case and draft the letter again)."), self)
        intro.setWordWrap(True)
        form = QFormLayout()
        self.inputs: dict[str, QLineEdit | QPlainTextEdit] = {}
        for item in missing:
            found = _LABELLED.match(item)
            label, key = (found.group(1), found.group(2)) if found else (item, item)
            edit: QLineEdit | QPlainTextEdit = QPlainTextEdit(self) if key in LONG_VALUES else QLineEdit(self)
            edit.setObjectName(f"value_{key}")
            if isinstance(edit, QPlainTextEdit):
                edit.setTabChangesFocus(True)
            form.addRow(label, edit)
            self.inputs[key] = edit
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Make the draft"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        fit_to_screen(self, 560, self.sizeHint().height())

    def values(self) -> dict[str, str]:
        """The answers given (blank ones left out)."""
        out = {}
        for key, edit in self.inputs.items():
            text = edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()
            if text.strip():
                out[key] = text.strip()
        return out


def ask_letter_values(parent: QWidget, missing: list[str]) -> dict[str, str] | None:
    """Ask for the facts a letter lacks; None when the officer cancels."""
    dialog = LetterValuesDialog(missing, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.values()


def spool_with_lp(args: list[str], pdf: bytes) -> None:
    """Hand the PDF to CUPS on standard input (no file is written by us)."""
    subprocess.run(args, input=pdf, check=True, capture_output=True, timeout=60)


def lp_command(printer: QPrinter) -> list[str] | None:
    """The `lp` command that prints the letter as the print dialog set it up, or None
    where there is no CUPS spooler to take a PDF (Windows: draw it instead)."""
    lp = shutil.which("lp") if sys.platform != "win32" else None
    if lp is None or printer.outputFormat() != QPrinter.OutputFormat.NativeFormat or not printer.printerName():
        return None
    sides = {QPrinter.DuplexMode.DuplexLongSide: "two-sided-long-edge",
             QPrinter.DuplexMode.DuplexShortSide: "two-sided-short-edge",
             QPrinter.DuplexMode.DuplexAuto: "two-sided-long-edge"}.get(printer.duplex(), "one-sided")
    args = [lp, "-d", printer.printerName(), "-n", str(max(1, printer.copyCount())), "-t", printer.docName(),
            "-o", "media=A4", "-o", "print-scaling=none", "-o", f"sides={sides}"]
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        args += ["-P", f"{printer.fromPage()}-{printer.toPage() or printer.fromPage()}"]
    return [*args, "-"]


def print_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Draw every page 1:1 on the paper (full page, A4) at the printer's own resolution;
    returns the pages printed."""
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    dpi = printer.resolution()
    try:
        for index in range(document.pageCount()):
            if index:
                printer.newPage()
            paper = printer.pageLayout().fullRectPixels(dpi)
            points = document.pagePointSize(index)
            size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
            scale_y = paper.height() / size.height()
            for top in range(0, size.height(), STRIP_ROWS):
                rows = min(STRIP_ROWS, size.height() - top)
                options = QPdfDocumentRenderOptions()
                options.setScaledSize(size)
                options.setScaledClipRect(QRect(0, top, size.width(), rows))
                strip: QImage = document.render(index, QSize(size.width(), rows), options)
                target = QRect(QPoint(0, round(top * scale_y)), QSize(paper.width(), round(rows * scale_y)))
                painter.drawImage(target, strip)
    finally:
        painter.end()
    return document.pageCount()


class LetterPreviewDialog(QDialog):
    """One letter: its pages; 签发 for a draft; 打印 and 另存为 once issued."""

    printed = Signal(int)
    """Emitted with the number of pages after the letter went to the printer."""

    saved = Signal(str)
    """Emitted with the path of a copy once it is written (另存为, or printing to a file)."""

    signed = Signal(object)
    """Emitted with the LetterResult once a draft has been issued (numbered and registered)."""

    sign_failed = Signal(str)
    """Emitted with the officer's message when issuing a draft was refused."""

    def __init__(self, pdf: bytes, number: str, parent: QWidget | None = None, *,
                 ofd: bytes | Callable[[Workstation], bytes] = b"", draft: bool = False,
                 ws: Workstation | None = None, sign: SignFn | None = None, print_dialog: PrintDialogFn = ask_print_dialog,
                 save_path: SavePathFn = ask_save_path, confirm: ConfirmFn = ask_sign,
                 confirm_date: ConfirmFn = ask_letter_date, spool: SpoolFn = spool_with_lp) -> None:
        super().__init__(parent)
        self.setObjectName("letter_preview")
        self.pdf, self.ofd, self.number, self.draft = pdf, ofd, number, draft
        self._print_dialog, self._save_path, self._confirm, self._spool = print_dialog, save_path, confirm, spool
        assert sign is None or ws is not None, "issuing is a write: it needs the workstation's writer"
        self.ws, self._sign, self._confirm_date = ws, sign, confirm_date
        self.signing = False
        self.banner = QLabel(self)
        self.banner.setObjectName("letter_draft_banner")
        self.banner.setWordWrap(True)
        self.banner.setProperty("banner", "draft")
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("letter_view")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel(self)
        self.status.setObjectName("letter_status")
        self.status.setWordWrap(True)
        self.sign_button = QPushButton(self.tr("Issue (takes the number)…"), self)
        self.sign_button.setObjectName("letter_sign")
        self.sign_button.setProperty("primary", True)
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.print_button.setObjectName("letter_print")
        self.save_button = QPushButton(self.tr("Save a copy…"), self)
        self.save_button.setObjectName("letter_save")
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setObjectName("letter_close")
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for b in (self.sign_button, self.print_button, self.save_button, self.close_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        self.close_button.setDefault(True)  # Enter closes; 签发 is never one key away
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.print_button.clicked.connect(self.print_letter)
        self.save_button.clicked.connect(self.save_copy)
        self.sign_button.clicked.connect(self.sign)
        self.close_button.clicked.connect(self.accept)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, activated=self.print_letter)
        self._show_pdf(pdf)
        self._show_state()
        fit_to_screen(self, 760, 900)  # A4 at a readable width; never taller than the screen

    # ----- showing -------------------------------------------------------------------------------
    def _show_pdf(self, pdf: bytes) -> None:
        self.pdf = pdf
        self.document.close()
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)

    def _show_state(self) -> None:
        pages = str(self.document.pageCount())
        if self.draft:
            self.setWindowTitle(self.tr("Draft letter (not numbered)"))
            self.banner.setText(self.tr("DRAFT — not issued, no number taken. Check it, then issue it: issuing "
                                        "takes the next document number and registers the letter."))
            self.status.setText(self.tr("%1 page(s), draft.").replace("%1", pages))
        else:
            self.setWindowTitle(self.tr("Letter %1").replace("%1", self.number))
            self.status.setText(self.tr("%1 page(s). No seal is printed: stamp the paper copy.").replace("%1", pages))
        self.banner.setVisible(self.draft)
        self.sign_button.setVisible(self.draft)
        self.sign_button.setEnabled(self.draft and self._sign is not None and not self.signing)
        self.print_button.setVisible(not self.draft)
        self.save_button.setVisible(not self.draft)

    # ----- 签发 ------------------------------------------------------------------------------------
    def sign(self) -> bool:
        """Issue the draft after the officer confirms: off the GUI thread, behind a busy
        note; the preview then shows the numbered letter. False when not confirmed."""
        if not self.draft or self._sign is None or self.signing:
            return False
        text = self.tr("Issuing takes the next document number and registers the letter. A number once taken "
                       "can be voided but never reused. Issue it now?")
        if not self._confirm(self, text):
            return False
        self._issue(force_date=False)
        return True

    def _issue(self, force_date: bool) -> None:
        sign = self._sign
        assert sign is not None
        self.signing = True
        self._show_state()
        self.status.setText(self.tr("Issuing: numbering, typesetting, registering…"))
        self.setCursor(Qt.CursorShape.BusyCursor)
        assert self.ws is not None
        op = Operation(self.tr("Issuing the letter"), lambda _ws: sign(force_date), notice=letter_notice)
        run_operation(self, self.ws, op, self._signed, self._refused)

    def _signed(self, result: LetterResult) -> None:
        self.unsetCursor()
        self.signing = False
        self.draft = False
        self.number, self.ofd = result.number, result.ofd
        self._show_pdf(result.pdf)
        self._show_state()
        self.signed.emit(result)

    def _refused(self, exc: BaseException) -> None:
        self.unsetCursor()
        self.signing = False
        if isinstance(exc, LetterDateNeedsConfirmation) and self._confirm_date(self, date_question(exc)):
            self._issue(force_date=True)  # the officer confirmed the date: issue with it
            return
        self._show_state()
        text = error_text(exc)
        self.status.setText(text)
        self.sign_failed.emit(text)

    # ----- printing and saving --------------------------------------------------------------------
    def print_letter(self) -> bool:
        """Ask for the printer (the print dialog), then print the letter at its true size:
        the PDF itself to CUPS or to a file, else drawn at the printer's resolution."""
        if self.draft:
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))  # never the locale's Letter
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        printer.setDocName(self.number)
        printer.setDuplex(QPrinter.DuplexMode.DuplexLongSide)
        if not self._print_dialog(printer, self):
            return False
        pages = self.document.pageCount()
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:  # 打印到文件: the PDF/A itself
            path = printer.outputFileName()
            if not self._write(path):
                return False
            self.status.setText(self.tr("Printed to the file %1 (the letter's own PDF/A, %2 page(s)).")
                                .replace("%1", path).replace("%2", str(pages)))
            self.saved.emit(path)
            self.printed.emit(pages)
            return True
        command = lp_command(printer)
        try:
            if command is not None:
                self._spool(command, self.pdf)
            else:
                pages = print_pdf(self.document, printer)
        except (OSError, subprocess.SubprocessError) as exc:
            self.status.setText(self.tr("The printer did not take the letter: %1").replace("%1", _reason(exc)))
            return False
        if pages <= 0:
            self.status.setText(self.tr("The printer %1 could not be opened; nothing was printed.")
                                .replace("%1", printer.printerName()))
            return False
        self.status.setText(self.tr("Sent to the printer %1: %2 page(s).").replace("%1", printer.printerName())
                            .replace("%2", str(pages)))
        self.printed.emit(pages)
        return True

    def save_copy(self) -> str | None:
        """Write the PDF, or the OFD when the name ends in .ofd, where the officer chooses
        (an unnumbered draft is never saved). Returns the path chosen, or None when
        nothing is to be written; a registered OFD copy is read first (its reading is
        audited: on the writer thread) and written when it arrives (`saved`)."""
        if self.draft:
            return None
        path = self._save_path(self, str(Path.home() / _file_name(self.number)))
        if not path:
            return None
        if Path(path).suffix.lower() != ".ofd":
            return path if self._saved_to(path, self.pdf) else None
        if callable(self.ofd):
            if self.ws is None:
                return None
            read_ofd = self.ofd
            op = audited_read(self.tr("Reading the OFD copy"), lambda ws: read_ofd(ws))
            run_operation(self, self.ws, op, lambda data: self._saved_to(path, data), lambda exc: show_error(self, exc))
            return path
        return path if self._saved_to(path, self.ofd) else None

    def _saved_to(self, path: str, data: bytes) -> bool:
        """Write `data` (the PDF or the OFD) to `path`, or refuse an empty OFD copy."""
        if not data:
            show_error(self, RefusedError(
                f"{self.number} 没有 OFD 副本（签发时尚未同时生成 OFD），请另存为 PDF。",
                f"{self.number} has no OFD copy (issued before letters were also written as OFD); "
                "save it as PDF."))
            return False
        if not self._write(path, data):
            return False
        self.status.setText(self.tr("Saved: %1").replace("%1", path))
        self.saved.emit(path)
        return True

    def _write(self, path: str, data: bytes | None = None) -> bool:
        try:
            write_atomic(Path(path), self.pdf if data is None else data)
        except OSError as exc:
            show_error(self, exc)
            return False
        return True


def _file_name(number: str) -> str:
    return re.sub(r'[\\/:*?"<>|]', "_", number or "letter") + ".pdf"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, subprocess.CalledProcessError):
        return (exc.stderr or b"").decode("utf-8", "replace").strip() or str(exc.returncode)
    return str(exc)


class LetterJob(QObject):
    """One letter being rendered (a draft) or issued in the background."""

    opened = Signal(object)
    """Emitted with the LetterPreviewDialog once the letter is ready and shown."""

    failed = Signal(str)
    """Emitted with the officer's message when the letter could not be made."""

    progress: QProgressDialog | None = None


def _busy(parent: QWidget, text: str, job: LetterJob) -> QProgressDialog:
    """A busy note over `parent` while a letter is made; the window stays usable."""
    progress = QProgressDialog(text, QCoreApplication.translate("Letters", "Hide"), 0, 0, parent)
    progress.setObjectName("letter_progress")
    progress.setWindowTitle(QCoreApplication.translate("Letters", "Letter"))
    progress.setWindowModality(Qt.WindowModality.NonModal)
    progress.setMinimumDuration(0)
    progress.setAutoClose(False)
    progress.show()
    job.progress = progress
    return progress


RenderFn = Callable[[dict[str, str], bool], LetterDraft]
"""Make the unnumbered draft from the officer's extra values; True: its date is confirmed."""
IssueFn = Callable[[dict[str, str], bool], LetterResult]
"""Issue (number and register) the letter from the same values; True: its date is confirmed."""


def preview_draft(parent: QWidget, ws: Workstation, case_id: str, template_code: str, *,
                  values: dict[str, str] | None = None, signer: str = "", show: bool = True,
                  confirm: ConfirmFn = ask_sign, ask_values: ValuesFn = ask_letter_values,
                  confirm_date: ConfirmFn = ask_letter_date) -> LetterJob:
    """出具 a letter of the case: `preview_letter` with the case's draft and issue."""
    return preview_letter(
        parent, ws,
        lambda given, force: ws.letters.render_draft(case_id, template_code, signer=signer, values=given,
                                                    force_date=force),
        lambda given, force: ws.letters.issue(case_id, template_code, None, signer=signer, values=given,
                                             force_date=force),
        values=values, show=show, confirm=confirm, ask_values=ask_values, confirm_date=confirm_date)


def preview_letter(parent: QWidget, ws: Workstation, render: RenderFn, issue: IssueFn, *, values: dict[str, str] | None = None,
                   show: bool = True, confirm: ConfirmFn = ask_sign, ask_values: ValuesFn = ask_letter_values,
                   confirm_date: ConfirmFn = ask_letter_date) -> LetterJob:
    """出具: `render` the unnumbered draft on a worker thread (a progress note shows
    meanwhile), then open it in the preview, from which 签发 `issue`s it. Nothing is
    numbered or registered here. When the letter needs facts the case does not hold, they
    are asked for and the draft is made with them; a date that needs confirming (before
    the case was received, or in the future) is put to the officer and, confirmed, both
    the draft and the issue use it; other failures are shown and emitted."""
    job = LetterJob(parent)
    given = dict(values or {})
    date_confirmed = [False]

    def sign(force_date: bool) -> LetterResult:  # the very values (and date answer) the draft was made with
        return issue(dict(given), force_date or date_confirmed[0])

    flow = _DraftFlow(parent, ws, job, render, sign, given, date_confirmed, show=show, confirm=confirm,
                      ask_values=ask_values, confirm_date=confirm_date)
    flow.start()
    return job


class _DraftFlow:
    """One 出具 between its draft's jobs: what `preview_letter` was given and asked.

    Its job's outcome is handed to its bound methods, so it lives exactly as long as a
    job of its is in flight and is freed by reference counting on the GUI thread, where
    that outcome is delivered. (A `fail` closure that named itself to try again was a
    reference cycle holding the parent window, the job and the workstation: the collector
    freed it on whichever thread next allocated, often a worker's, and a QWidget or the
    workstation's change hub freed there crashes the program.)"""

    def __init__(self, parent: QWidget, ws: Workstation, job: LetterJob, render: RenderFn,
                 sign: Callable[[bool], LetterResult], given: dict[str, str], date_confirmed: list[bool], *,
                 show: bool, confirm: ConfirmFn, ask_values: ValuesFn, confirm_date: ConfirmFn) -> None:
        self.parent, self.ws, self.job, self.render, self.sign = parent, ws, job, render, sign
        self.given, self.date_confirmed, self.show = given, date_confirmed, show
        self.confirm, self.ask_values, self.confirm_date = confirm, ask_values, confirm_date
        self.drafting = QCoreApplication.translate("Letters", "Preparing the draft letter…")
        self.progress = _busy(parent, self.drafting, job)

    def start(self) -> None:
        """Make the draft (again) from the values and date answer given so far."""
        snapshot, confirmed, render = dict(self.given), self.date_confirmed[0], self.render
        run_operation(self.job, self.ws, read(self.drafting, lambda _ws: render(snapshot, confirmed)),
                      self.done, self.fail)

    def done(self, draft: LetterDraft) -> None:
        """Open the draft in the preview."""
        self.progress.close()
        dialog = LetterPreviewDialog(draft.pdf, "", self.parent, draft=True, ws=self.ws, sign=self.sign,
                                     confirm=self.confirm, confirm_date=self.confirm_date)
        dialog.setWindowTitle(QCoreApplication.translate("Letters", "Draft: %1 · %2")
                              .replace("%1", draft.template_name).replace("%2", draft.case_no))
        if self.show:
            dialog.show()
        self.job.opened.emit(dialog)

    def fail(self, exc: BaseException) -> None:
        """Ask for missing facts or the date's confirmation and try again, else report."""
        parent, job = self.parent, self.job
        if isinstance(exc, MissingMergeFields) and self.show:
            more = self.ask_values(parent, list(exc.missing))
            if more:
                self.given.update(more)
                self.start()  # again, with what was given
                return
        if isinstance(exc, LetterDateNeedsConfirmation) and self.show:
            if self.confirm_date(parent, date_question(exc)):
                self.date_confirmed[0] = True
                self.start()  # again, with the date confirmed
                return
            self.progress.close()
            job.failed.emit(QCoreApplication.translate("Letters", "No draft made: its date was not confirmed."))
            return
        self.progress.close()
        text = error_text(exc)
        if self.show and not isinstance(exc, MissingMergeFields):
            show_error(parent, exc)
        job.failed.emit(text)
