"""The export wizard of the 同步中心: choose the peers, the target folder (the removable
medium), then watch the package being written — off the GUI thread, with a progress bar
and a cancel that leaves nothing on the medium."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from bjstc_desktop.gui.fit import fit_to_screen
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.operations import ChangeNotice, Operation, read, run_operation
from bjstc_desktop.gui.wizard_page import CallbackPage
from bjstc_desktop.gui.worker import to_gui
from bjstc_desktop.ops.sync_export import DamagedAttachmentError, ExportReport

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation


class ExportWizard(QWizard):
    """Peers → folder → writing. `report` holds the ExportReport when it succeeded."""

    export_finished = Signal(object)
    """Emitted with the ExportReport once the package is on the medium."""

    export_failed = Signal(str)
    """Emitted with the officer's message when the export was refused, failed or cancelled."""

    peers_read = Signal()
    """Emitted once the trusted peers have been read (off the GUI thread) and listed."""

    def __init__(self, ws: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_export_wizard")
        self.setWindowTitle(self.tr("Export a sync package"))
        self.ws = ws
        self.report: ExportReport | None = None
        self.running = False
        self.skip_damaged = False  # set once the officer agreed to leave damaged attachments out
        self._cancel = threading.Event()
        self.addPage(self._peers_page())
        self.addPage(self._folder_page())
        self.addPage(self._run_page())
        self.setSizeGripEnabled(True)
        fit_to_screen(self, 760, 540)

    # ----- pages ---------------------------------------------------------------------------
    def _peers_page(self) -> QWizardPage:
        page = CallbackPage(lambda: self.chosen_peers(), parent=self)
        page.setTitle(self.tr("To whom"))
        page.setSubTitle(self.tr("The package is readable only by the workstations chosen here."))
        self.peer_list = QListWidget(page)
        self.peer_list.setObjectName("export_peers")
        self.peer_list.setEnabled(False)  # until the peers are in: nothing to tick yet
        QListWidgetItem(self.tr("Reading the trusted workstations…"), self.peer_list).setFlags(Qt.ItemFlag.NoItemFlags)
        self.peer_list.itemChanged.connect(lambda _: page.completeChanged.emit())
        self.loaded = False
        self._peers = page
        self.full_box = QCheckBox(self.tr("Everything (a full package), not only what they lack"), page)
        self.full_box.setObjectName("export_full")
        lay = QVBoxLayout(page)
        lay.addWidget(self.peer_list)
        lay.addWidget(self.full_box)
        run_operation(self, self.ws, read(self.tr("Reading the trusted workstations"), lambda ws: ws.peers.list()),
                      self._list_peers, self._peers_unread)
        return page

    def _list_peers(self, peers: list[Any]) -> None:
        self.peer_list.clear()
        for p in peers:
            if p.status != "trusted":
                continue
            item = QListWidgetItem(f"{p.workstation}（{p.office}）— {p.ceiling}", self.peer_list)
            item.setData(Qt.ItemDataRole.UserRole, p.node_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        if not self.peer_list.count():
            QListWidgetItem(self.tr("No trusted workstation yet: add one under Peers first."),
                            self.peer_list).setFlags(Qt.ItemFlag.NoItemFlags)
        self.peer_list.setEnabled(True)
        self._peers_done()

    def _peers_unread(self, exc: BaseException) -> None:
        self.peer_list.clear()
        QListWidgetItem(error_text(exc), self.peer_list).setFlags(Qt.ItemFlag.NoItemFlags)
        self._peers_done()

    def _peers_done(self) -> None:
        self.loaded = True
        self._peers.completeChanged.emit()
        self.peers_read.emit()

    def _folder_page(self) -> QWizardPage:
        page = CallbackPage(lambda: self.folder() is not None, parent=self)
        page.setTitle(self.tr("Where"))
        page.setSubTitle(self.tr("Choose the folder on the approved removable medium."))
        self.folder_edit = QLineEdit(page)
        self.folder_edit.setObjectName("export_folder")
        self.folder_edit.textChanged.connect(lambda _: page.completeChanged.emit())
        browse = QPushButton(self.tr("Browse…"), page)
        browse.setObjectName("export_browse")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout(page)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(browse)
        return page

    def _run_page(self) -> QWizardPage:
        page = CallbackPage(lambda: self.report is not None, self._start, parent=self)
        page.setTitle(self.tr("Writing the package"))
        self.bar = QProgressBar(page)
        self.bar.setObjectName("export_progress")
        self.status = QLabel(page)
        self.status.setObjectName("export_status")
        self.status.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("Cancel the export"), page)
        self.cancel_button.setObjectName("export_cancel")
        self.cancel_button.clicked.connect(self.cancel_export)
        lay = QVBoxLayout(page)
        lay.addWidget(self.bar)
        lay.addWidget(self.status)
        lay.addWidget(self.cancel_button)
        self._run = page
        return page

    # ----- input ---------------------------------------------------------------------------
    def chosen_peers(self) -> list[str]:
        """Node ids of the checked peers."""
        return [self.peer_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.peer_list.count())
                if self.peer_list.item(i).checkState() == Qt.CheckState.Checked
                and self.peer_list.item(i).data(Qt.ItemDataRole.UserRole)]

    def folder(self) -> Path | None:
        """The chosen folder, when it exists."""
        text = self.folder_edit.text().strip()
        return Path(text) if text and Path(text).is_dir() else None

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose the folder on the medium"))
        if chosen:
            self.folder_edit.setText(chosen)

    # ----- running -------------------------------------------------------------------------
    def _start(self) -> None:
        peers, folder, full = self.chosen_peers(), self.folder(), self.full_box.isChecked()
        assert folder is not None
        self.running = True
        self._cancel.clear()
        self.bar.setValue(0)
        self.status.setText(self.tr("Writing…"))
        self.cancel_button.setEnabled(True)
        self.button(QWizard.WizardButton.BackButton).setEnabled(False)
        skip = self.skip_damaged
        progress, stop = to_gui(self, self._moved), self._cancel.is_set
        op = Operation(self.tr("Writing a sync package"),
                       lambda ws: ws.sync.export_package(peers, folder, full=full, progress=progress, cancelled=stop,
                                                 skip_damaged=skip),
                       notice=ChangeNotice(peers=True))  # the channel to each peer moved on
        run_operation(self, self.ws, op, self._done, self._failed)

    def ask_skip_damaged(self, exc: DamagedAttachmentError) -> bool:
        """Ask whether to write the package without the damaged attachments (their cases named)."""
        answer = QMessageBox.question(
            self, self.tr("Damaged attachments"),
            error_text(exc) + "\n\n" + self.tr("Write the package without the damaged attachments?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _moved(self, done: int, total: int) -> None:
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(done)

    def cancel_export(self) -> None:
        """Stop writing: the partial file is removed and nothing is recorded."""
        self._cancel.set()
        self.status.setText(self.tr("Cancelling…"))

    def _done(self, report: ExportReport) -> None:
        self.running = False
        self.report = report
        self.cancel_button.setEnabled(False)
        self.bar.setValue(self.bar.maximum())
        text = self.tr("Written: %1 cases, %2 attachments, to %3.").replace("%1", str(report.records)) \
            .replace("%2", str(report.attachments)).replace("%3", report.path)
        if report.held_back:
            text += "\n" + self.tr("Held back (not allowed for a recipient): %1 cases.").replace("%1", str(report.held_back))
        if report.damaged_skipped:
            text += "\n" + self.tr("Left out (damaged attachments): %1.").replace("%1", "、".join(report.damaged_skipped))
        self.status.setText(text)
        self._run.completeChanged.emit()
        self.export_finished.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.cancel_button.setEnabled(False)
        self.button(QWizard.WizardButton.BackButton).setEnabled(True)
        if isinstance(exc, DamagedAttachmentError) and not self.skip_damaged and self.ask_skip_damaged(exc):
            self.skip_damaged = True
            self._start()
            return
        message = error_text(exc)
        self.status.setText(message)
        self.export_failed.emit(message)

    def reject(self) -> None:
        """Closing while writing cancels the export first."""
        if self.running:
            self.cancel_export()
        super().reject()
