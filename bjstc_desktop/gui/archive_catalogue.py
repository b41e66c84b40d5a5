"""The 归档文件目录 window (from the 公文登记簿 and menu 共享业务): the filed 件 the officer
may see, by year and 保管期限, with their 档号 and 归档章 data; export to Excel, print
(a PDF/A table, previewed first), and the electronic-records export for the archive."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QFileDialog, QWidget

from bjstc_desktop.core.archives import RETENTIONS, RETENTIONS_EN
from bjstc_desktop.core.i18n import pick
from bjstc_desktop.gui.export_paths import default_export_path
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.operations import Operation, read, run_operation
from bjstc_desktop.gui.record_pages import RecordListWindow
from bjstc_desktop.ops.archives import ArchiveEntry

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation


class ArchiveCatalogueWindow(RecordListWindow):
    """The archive catalogue."""

    def __init__(self, ws: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(ws, "archive_catalogue", parent)
        self.setWindowTitle(self.tr("Archive catalogue"))
        self.year = QComboBox(self)
        self.year.setObjectName("archive_year")
        self.year.addItem(self.tr("All years"), None)
        this = dt.date.today().year
        for y in range(this, this - 30, -1):
            self.year.addItem(str(y), y)
        self.retention = QComboBox(self)
        self.retention.setObjectName("archive_retention")
        self.retention.addItem(self.tr("Any retention"), None)
        for r in RETENTIONS:
            self.retention.addItem(pick(r, RETENTIONS_EN[r]), r)
        self.filters.addWidget(self.year)
        self.filters.addWidget(self.retention)
        self.filters.addStretch(1)
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())
        self.retention.currentIndexChanged.connect(lambda _i: self.refresh())
        self.add_button("xlsx", self.tr("Export to Excel…"), self.export_xlsx)
        self.add_button("print", self.tr("Print…"), self.print_catalogue)
        self.add_button("records", self.tr("Export electronic records…"), self.export_records)
        self.add_button("close", self.tr("Close"), self.close, right=True)
        self.start(self.tr("The archive is not available to your role."))

    def headers(self) -> Sequence[str]:
        """The columns of DA/T 22's catalogue."""
        return (self.tr("Archive no."), self.tr("Item no."), self.tr("Document no."), self.tr("Author"),
                self.tr("Title"), self.tr("Date"), self.tr("Pages"), self.tr("Retention"),
                self.tr("Classification"), self.tr("Case"))

    def load(self) -> list[ArchiveEntry]:
        """The 件 under the filters."""
        return self.ws.archives.catalogue(self.year.currentData(), self.retention.currentData())

    def row(self, e: ArchiveEntry) -> Sequence[Any]:
        """One 件's cells (the 保管期限 in the officer's language; the exported catalogue keeps DA/T 22's words)."""
        cells = list(e.row())
        cells[7] = pick(e.retention, RETENTIONS_EN.get(e.retention, ""))
        return cells

    def _run(self, job: Any, done_text: str) -> None:
        def ok(_result: object) -> None:
            self.show_message(done_text, error=False)

        op = Operation(self.tr("Writing the archive files"), lambda _ws: job())  # audited: a write, no change
        run_operation(self, self.ws, op, ok, lambda exc: self.show_message(error_text(exc)))

    def export_xlsx(self, path: str | None = None) -> None:
        """Save the catalogue as an Excel workbook."""
        path = path or QFileDialog.getSaveFileName(self, self.tr("Export to Excel"),
                                                   str(default_export_path("归档文件目录", ".xlsx")), "Excel (*.xlsx)")[0]
        if path:
            year, retention = self.year.currentData(), self.retention.currentData()
            self._run(lambda: self.ws.archives.export_catalogue(Path(path), year, retention),
                      self.tr("Exported: %1").replace("%1", path))

    def print_catalogue(self) -> None:
        """The catalogue as a PDF table, in the letter preview (print or save from there)."""
        from bjstc_desktop.gui.letter_preview import LetterPreviewDialog

        year, retention = self.year.currentData(), self.retention.currentData()

        def opened(pdf: bytes) -> None:
            LetterPreviewDialog(pdf, self.tr("Archive catalogue"), self).show()

        op = read(self.tr("Typesetting the catalogue"), lambda ws: ws.archives.print_catalogue(None, year, retention))
        run_operation(self, self.ws, op, opened, lambda exc: self.show_message(error_text(exc)))

    def export_records(self, folder: str | None = None) -> None:
        """Write the electronic records (a folder per 件) into a new folder."""
        if folder is None:
            parent = QFileDialog.getExistingDirectory(self, self.tr("Where to put the electronic records"))
            if not parent:
                return
            folder = str(Path(parent) / f"电子档案-{dt.datetime.now():%Y%m%d-%H%M%S}")
        year = self.year.currentData()
        self._run(lambda: self.ws.archives.export_records(Path(folder), year),
                  self.tr("Electronic records written to %1").replace("%1", folder))
