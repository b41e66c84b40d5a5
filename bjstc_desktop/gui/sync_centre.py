"""同步中心, the sync centre: export packages for trusted peers (the wizard), import a
package with its report, decide conflicts with both values side by side, and see this
workstation's fingerprint and its peers. Opened from the main window's menu; every
import and export runs off the GUI thread; an import shows its phase and how far it
has got, and can be cancelled (nothing is then imported)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bjstc_desktop.core.modules import module
from bjstc_desktop.gui.fit import fit_to_screen
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.module_tab import module_title
from bjstc_desktop.gui.operations import (
    ARCHIVES,
    EXPERTS,
    INTEGRITY,
    ChangeNotice,
    Operation,
    read,
    run_operation,
)
from bjstc_desktop.gui.sync_conflict_queue import ConflictQueue
from bjstc_desktop.gui.worker import to_gui
from bjstc_desktop.ops.sync_import import SyncImportReport
from bjstc_desktop.ops.sync_peers import PeerInfo
from bjstc_desktop.ops.sync_progress import throttled

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation

if TYPE_CHECKING:  # imported when first opened
    from bjstc_desktop.gui.sync_export_wizard import ExportWizard

_COLUMNS = ("new", "updated", "merged", "conflicts", "held_back")
_MB = 1024 * 1024


def _module_name(code: str) -> str:
    """A duty's name in the interface language (its code when unknown)."""
    try:
        return module_title(module(code))
    except Exception:  # a module this program does not know: show the code
        return code


# A package may bring any case, letter and shared register, and moves the peer's channel.
SYNC_IMPORT_NOTICE = ChangeNotice(all_cases=True, peers=True, registers=frozenset({EXPERTS, INTEGRITY, ARCHIVES}))


class SyncCentre(QDialog):
    """The sync centre window."""

    imported = Signal(object)
    """Emitted with the SyncImportReport after a package was imported (lists refresh)."""

    import_failed = Signal(str)
    """Emitted with the plain reason when a package was refused."""

    def __init__(self, ws: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_centre")
        self.setWindowTitle(self.tr("Sync centre"))
        self.ws = ws
        self.report: SyncImportReport | None = None
        self.wizard: ExportWizard | None = None
        self.importing = False
        self._cancel = threading.Event()  # set on the GUI thread, read by the import on the writer thread
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("sync_tabs")
        self.tabs.addTab(self._export_page(), self.tr("Export"))
        self.tabs.addTab(self._import_page(), self.tr("Import"))
        self.queue = ConflictQueue(ws, self)
        self.tabs.addTab(self.queue, self.tr("Conflicts"))
        self.tabs.addTab(self._peers_page(), self.tr("Peers"))
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        fit_to_screen(self, 900, 560)
        self.refresh()

    # ----- pages ---------------------------------------------------------------------------
    def _export_page(self) -> QWidget:
        page = QWidget(self)
        button = QPushButton(self.tr("Export a package…"), page)
        button.setObjectName("open_export_wizard")
        button.clicked.connect(self.open_export_wizard)
        self.export_summary = QLabel(page)
        self.export_summary.setObjectName("export_summary")
        self.export_summary.setWordWrap(True)
        lay = QVBoxLayout(page)
        lay.addWidget(QLabel(self.tr("A package is readable only by the workstations it is for, and carries only "
                                     "what each of them may hold."), page))
        lay.addWidget(button)
        lay.addWidget(self.export_summary)
        lay.addStretch(1)
        return page

    def _import_page(self) -> QWidget:
        page = QWidget(self)
        self.choose_button = button = QPushButton(self.tr("Import a package…"), page)
        button.setObjectName("choose_import")
        button.clicked.connect(self._choose_import)
        self.import_bar = QProgressBar(page)
        self.import_bar.setObjectName("sync_import_progress")
        self.import_bar.setVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"), page)
        self.cancel_button.setObjectName("sync_import_cancel")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_import)
        self.import_status = QLabel(page)
        self.import_status.setObjectName("import_status")
        self.import_status.setWordWrap(True)
        self.report_table = QTableWidget(0, 1 + len(_COLUMNS), page)
        self.report_table.setObjectName("import_report")
        self.report_table.setHorizontalHeaderLabels([self.tr("Module"), self.tr("New"), self.tr("Updated"),
                                                     self.tr("Merged"), self.tr("Conflicts"), self.tr("Held back")])
        self.report_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.report_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        lay = QVBoxLayout(page)
        lay.addWidget(button)
        lay.addWidget(self.import_bar)
        lay.addWidget(self.cancel_button)
        lay.addWidget(self.import_status)
        lay.addWidget(self.report_table, 1)
        return page

    def _peers_page(self) -> QWidget:
        page = QWidget(self)
        self.own_fingerprint = me = QLabel(page)  # filled in by refresh(), read off the GUI thread
        me.setObjectName("own_fingerprint")
        self.peer_table = QTableWidget(0, 4, page)
        self.peer_table.setObjectName("peer_table")
        self.peer_table.setHorizontalHeaderLabels([self.tr("Workstation"), self.tr("Ceiling"), self.tr("Status"),
                                                   self.tr("Fingerprint")])
        self.peer_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.peer_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.no_peers = QLabel(self.tr("No workstation is trusted yet. To exchange packages with another workstation, its security administrator and ours compare fingerprints (read aloud, never sent on the package's medium); then ours trusts its card."), page)
        self.no_peers.setObjectName("no_peers")
        self.no_peers.setWordWrap(True)
        self.no_peers.setProperty("placeholder", True)
        self.no_peers.hide()  # shown when the read finds no peer
        lay = QVBoxLayout(page)
        lay.addWidget(me)
        lay.addWidget(self.no_peers)
        lay.addWidget(self.peer_table, 1)
        return page

    def refresh(self) -> None:
        """Read this workstation's fingerprint, the peers and the conflict queue again,
        off the GUI thread."""
        op = read(self.tr("Reading the peers"), lambda ws: (ws.identity(), ws.peers.list()))
        run_operation(self, self.ws, op, self._show_peers, lambda exc: self.own_fingerprint.setText(error_text(exc)))
        if self.ws.actor.role.handles_cases:
            self.queue.refresh()

    def _show_peers(self, found: tuple[dict[str, str], list[PeerInfo]]) -> None:
        ident, peers = found
        self.own_fingerprint.setText(self.tr("This workstation: %1\nFingerprint: %2")
                                     .replace("%1", ident["workstation"]).replace("%2", ident["fingerprint"]))
        self.no_peers.setVisible(not peers)
        self.peer_table.setRowCount(len(peers))
        for row, p in enumerate(peers):
            status = self.tr("trusted") if p.status == "trusted" else self.tr("revoked")
            for col, text in enumerate((f"{p.workstation}（{p.office}）", p.ceiling, status, p.fingerprint)):
                self.peer_table.setItem(row, col, QTableWidgetItem(text))

    # ----- export --------------------------------------------------------------------------
    def open_export_wizard(self) -> ExportWizard:
        """Show the export wizard."""
        from bjstc_desktop.gui.sync_export_wizard import ExportWizard

        self.wizard = ExportWizard(self.ws, self)
        self.wizard.export_finished.connect(
            lambda r: self.export_summary.setText(self.tr("Last package: %1").replace("%1", r.path)))
        self.wizard.show()
        return self.wizard

    # ----- import --------------------------------------------------------------------------
    def _choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a sync package"), "",
                                              self.tr("Sync packages (*.bjsync);;All files (*)"))
        if path:
            self.import_package(Path(path))

    def import_package(self, path: Path) -> None:
        """Verify and import `path` off the GUI thread, showing its progress with a
        cancel; the report or the reason shows here."""
        self.import_status.setText(self.tr("Checking and importing %1…").replace("%1", path.name))
        self._running(True)
        self._cancel.clear()
        progress, stop = throttled(to_gui(self, self._moved)), self._cancel.is_set
        op = Operation(self.tr("Importing a sync package"),
                       lambda ws: ws.sync.import_package(path, progress=progress, cancelled=stop), notice=SYNC_IMPORT_NOTICE)
        if run_operation(self, self.ws, op, self._imported, self._refused) is None:
            self._running(False)  # refused at once (the workstation is closing): _refused says why

    def cancel_import(self) -> None:
        """Stop the import at its next step: it rolls back and nothing is imported."""
        if self.importing:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.import_status.setText(self.tr("Cancelling…"))

    def _running(self, running: bool) -> None:
        self.importing = running
        self.choose_button.setEnabled(not running)
        self.import_bar.setVisible(running)
        self.import_bar.setRange(0, 0)  # busy until the first step is reported
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)

    def _moved(self, phase: str, done: int, total: int) -> None:
        """On the GUI thread: the import's phase (`read` in bytes, `merge` in records) and how far it is."""
        if not self.importing or self._cancel.is_set():
            return  # a step reported before the end or the cancel arrived late
        self.import_bar.setRange(0, 1000)
        self.import_bar.setValue(done * 1000 // total if total > 0 else 1000)
        if phase == "read":
            text = (self.tr("Reading and checking the package: %1 of %2 MB")
                    .replace("%1", f"{done / _MB:.1f}").replace("%2", f"{total / _MB:.1f}"))
        else:
            text = self.tr("Merging the records: %1 of %2").replace("%1", str(done)).replace("%2", str(total))
        self.import_status.setText(text)

    def reject(self) -> None:
        """Closing while importing cancels the import first (nothing is imported)."""
        self.cancel_import()
        super().reject()

    def _imported(self, report: SyncImportReport) -> None:
        self._running(False)
        self.report = report
        if report.status == "already_imported":
            self.import_status.setText(self.tr("This package was already imported; nothing was changed."))
        else:
            self.import_status.setText(self.tr("Imported package %1 from %2.").replace("%1", str(report.channel_seq))
                                       .replace("%2", report.sender_workstation))
        rows = sorted(report.by_module.items())
        self.report_table.setRowCount(len(rows) + 1)
        for r, (code, line) in enumerate([*rows, ("", {k: getattr(report, k) for k in _COLUMNS})]):
            self.report_table.setItem(r, 0, QTableWidgetItem(_module_name(code) if code else self.tr("Total")))
            for c, key in enumerate(_COLUMNS, start=1):
                self.report_table.setItem(r, c, QTableWidgetItem(str(line[key])))
        self.refresh()
        if report.conflicts:
            self.tabs.setCurrentWidget(self.queue)
        self.imported.emit(report)

    def _refused(self, exc: BaseException) -> None:
        self._running(False)
        message = error_text(exc)
        self.import_status.setText(message)
        self.report_table.setRowCount(0)
        self.import_failed.emit(message)
