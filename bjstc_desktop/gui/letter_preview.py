"""A letter on screen (QtPdf), on the workstation's printer, and saved as a copy.

Printing keeps the letter's geometry: each page is rendered at the printer's resolution
and put on the paper 1:1 in full-page mode (never "fit to page", which would move the
37 mm and 28 mm margins), duplex on the long edge as GB/T 9704 letters are printed.

`issue_and_preview` is what a case's action calls: it issues the letter on a worker
thread (numbering, typesetting, register), then opens the preview. The PDF goes to a
private temporary file that is removed once read; the register keeps the encrypted copy.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QObject,
    QPoint,
    QRect,
    QSize,
    Signal,
)
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.gui.messages import error_text, show_error
from bjstc_desktop.gui.worker import run_in_background
from bjstc_desktop.workstation import Workstation

PRINT_DPI = 300
PrintDialogFn = Callable[[QPrinter, QWidget], bool]
SavePathFn = Callable[[QWidget, str], str | None]


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


def print_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Print every page 1:1 on the paper (full page, A4, duplex); returns pages printed."""
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        for index in range(document.pageCount()):
            if index:
                printer.newPage()
            paper = printer.pageLayout().fullRectPixels(printer.resolution())
            points = document.pagePointSize(index)
            size = QSize(round(points.width() / 72 * PRINT_DPI), round(points.height() / 72 * PRINT_DPI))
            image: QImage = document.render(index, size)
            painter.drawImage(QRect(QPoint(0, 0), paper.size()), image)
    finally:
        painter.end()
    return document.pageCount()


class LetterPreviewDialog(QDialog):
    """One letter: its pages, 打印 and 另存为."""

    printed = Signal(int)
    """Emitted with the number of pages after the letter went to the printer."""

    saved = Signal(str)
    """Emitted with the path of a copy once it is written."""

    def __init__(self, pdf: bytes, number: str, parent: QWidget | None = None, *, ofd: bytes = b"",
                 print_dialog: PrintDialogFn = ask_print_dialog, save_path: SavePathFn = ask_save_path) -> None:
        super().__init__(parent)
        self.setObjectName("letter_preview")
        self.setWindowTitle(self.tr("Letter %1").replace("%1", number))
        self.pdf, self.ofd, self.number = pdf, ofd, number
        self._print_dialog, self._save_path = print_dialog, save_path
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setObjectName("letter_view")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel(self.tr("%1 page(s). No seal is printed: stamp the paper copy.")
                             .replace("%1", str(self.document.pageCount())), self)
        self.status.setObjectName("letter_status")
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.print_button.setObjectName("letter_print")
        self.save_button = QPushButton(self.tr("Save a copy…"), self)
        self.save_button.setObjectName("letter_save")
        close = QPushButton(self.tr("Close"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for b in (self.print_button, self.save_button, close):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.print_button.clicked.connect(self.print_letter)
        self.save_button.clicked.connect(self.save_copy)
        close.clicked.connect(self.accept)
        self.resize(760, 900)

    def print_letter(self) -> bool:
        """Ask for the printer (the print dialog), then print at the letter's true size."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setResolution(PRINT_DPI)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))  # never the locale's Letter
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        printer.setDocName(self.number)
        printer.setDuplex(QPrinter.DuplexMode.DuplexLongSide)
        if not self._print_dialog(printer, self):
            return False
        pages = print_pdf(self.document, printer)
        self.status.setText(self.tr("Sent to the printer: %1 page(s).").replace("%1", str(pages)))
        self.printed.emit(pages)
        return pages > 0

    def save_copy(self) -> str | None:
        """Write the PDF, or the OFD when the name ends in .ofd, where the officer chooses."""
        suggested = re.sub(r'[\\/:*?"<>|]', "_", self.number) + ".pdf"
        path = self._save_path(self, str(Path.home() / suggested))
        if not path:
            return None
        data = self.ofd if Path(path).suffix.lower() == ".ofd" else self.pdf
        try:
            if not data:
                raise RefusedError(f"{self.number} 没有 OFD 副本（签发时尚未同时生成 OFD），请另存为 PDF。",
                                   f"{self.number} has no OFD copy (issued before letters were also written "
                                   "as OFD); save it as PDF.")
            Path(path).write_bytes(data)
        except (OSError, RefusedError) as exc:
            show_error(self, exc)
            return None
        self.saved.emit(path)
        return path


class LetterJob(QObject):
    """One letter being issued in the background."""

    opened = Signal(object)
    """Emitted with the LetterPreviewDialog once the letter is issued and shown."""

    failed = Signal(str)
    """Emitted with the officer's message when the letter could not be issued."""


def issue_and_preview(parent: QWidget, ws: Workstation, case_id: str, template_code: str, *,
                      values: dict[str, str] | None = None, signer: str = "", show: bool = True) -> LetterJob:
    """Issue `template_code` for the case (on a worker thread), then open its preview.
    Failures (a missing merge field, a refused case) are shown and emitted as `failed`."""
    job = LetterJob(parent)

    def work() -> tuple[str, bytes, bytes]:
        result = ws.issue_letter(case_id, template_code, None, signer=signer, values=values)
        return result.number, result.pdf, result.ofd  # in memory only: never a plaintext copy in the temp folder

    def done(outcome: tuple[str, bytes, bytes]) -> None:
        dialog = LetterPreviewDialog(outcome[1], outcome[0], parent, ofd=outcome[2])
        if show:
            dialog.show()
        job.opened.emit(dialog)

    def fail(exc: BaseException) -> None:
        text = error_text(exc)
        if show:
            show_error(parent, exc)
        job.failed.emit(text)

    run_in_background(job, work, done, fail)
    return job
