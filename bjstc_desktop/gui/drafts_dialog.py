"""未完成的草稿: the officer's drafts that no form has open — after a restart, a crash or a
lock — with 恢复 (open the form with the draft put back) and 丢弃 (remove it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bjstc_desktop.core.classification import level_shown
from bjstc_desktop.gui.detail_sections import local_time
from bjstc_desktop.gui.draft_keeper import open_draft_ids
from bjstc_desktop.gui.fit import fit_to_screen
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.operations import DRAFTS, Operation, read, registers_changed, run_operation
from bjstc_desktop.ops.draft_views import ACTION, EDIT_CASE, DraftView

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation


def waiting_drafts_operation() -> Operation[list[DraftView]]:
    """Reading the officer's drafts that no open form is editing (empty when none, or for
    a role that keeps none). Which drafts the open forms edit is taken here, on the GUI
    thread; the store is read off it."""
    busy = open_draft_ids()

    def waiting(ws: Workstation) -> list[DraftView]:
        if not ws.actor.role.handles_cases:
            return []
        try:
            return [d for d in ws.drafts.list() if d.id not in busy]
        except Exception:  # the list is an offer; the window works without it
            return []

    return read(QCoreApplication.translate("DraftsDialog", "Reading the drafts"), waiting)


class DraftsDialog(QDialog):
    """The drafts waiting to be finished."""

    restore_requested = Signal(object)
    """Emitted with the DraftView the officer chose to go on with."""

    def __init__(self, ws: Workstation, parent: QWidget | None = None, drafts: list[DraftView] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drafts_dialog")
        self.setWindowTitle(self.tr("Unsaved drafts"))
        self.ws = ws
        self.drafts: list[DraftView] = []
        intro = QLabel(self.tr("These forms were left with changes that were not saved (the program was "
                               "closed, stopped or locked). Go on with one, or discard it."), self)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("drafts_table")
        self.table.setHorizontalHeaderLabels([self.tr("Form"), self.tr("Kept at"), self.tr("Classification")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.restore_selected())
        self.restore_button = QPushButton(self.tr("Go on with it"), self)
        self.restore_button.setObjectName("draft_restore")
        self.discard_button = QPushButton(self.tr("Discard…"), self)
        self.discard_button.setObjectName("draft_discard")
        close = QPushButton(self.tr("Later"), self)
        close.setObjectName("draft_later")
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self.restore_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        if drafts is None:
            self.refresh()
        else:
            self._show(drafts)
        fit_to_screen(self, 680, 360)

    def refresh(self) -> None:
        """Read the waiting drafts again, off the GUI thread."""
        for button in (self.restore_button, self.discard_button):
            button.setEnabled(False)
        run_operation(self, self.ws, waiting_drafts_operation(), self._show, self._failed)

    def _failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self, self.windowTitle(), error_text(exc))

    def _show(self, drafts: list[DraftView]) -> None:
        self.drafts = drafts
        self.table.setRowCount(len(self.drafts))
        kinds = {EDIT_CASE: self.tr("Edit: %1"), ACTION: self.tr("Step: %1")}
        for row, d in enumerate(self.drafts):
            name = kinds.get(d.kind, self.tr("New case: %1")).replace("%1", d.title)
            for col, text in enumerate((name, local_time(d.updated_at), level_shown(d.classification))):
                item = QTableWidgetItem(text)
                item.setToolTip(name if col == 0 else text)
                self.table.setItem(row, col, item)
        self.table.resizeColumnToContents(1)
        if self.drafts:
            self.table.selectRow(0)
        for button in (self.restore_button, self.discard_button):
            button.setEnabled(bool(self.drafts))

    def selected(self) -> DraftView | None:
        """The draft of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self.drafts[rows[0].row()] if rows else None

    def restore_selected(self) -> DraftView | None:
        """Go on with the selected draft (the main window opens its form)."""
        draft = self.selected()
        if draft is not None:
            self.restore_requested.emit(draft)
            self.accept()
        return draft

    def discard_selected(self, confirmed: bool = False) -> bool:
        """Remove the selected draft, after asking (on the writer thread; the list reads
        again once it is gone). False if there was none or the officer said no."""
        draft = self.selected()
        if draft is None:
            return False
        if not confirmed:
            answer = QMessageBox.question(self, self.tr("Discard the draft"),
                                          self.tr("Discard “%1”? What it holds is lost.").replace("%1", draft.title))
            if answer != QMessageBox.StandardButton.Yes:
                return False
        draft_id = draft.id
        op = Operation(self.tr("Discard the draft"), lambda ws: ws.drafts.discard(draft_id),
                       notice=registers_changed(DRAFTS))
        run_operation(self, self.ws, op, lambda _gone: self.refresh(), self._failed)
        return True

    def showEvent(self, event: object) -> None:  # type: ignore[override]
        """The list takes the keyboard."""
        super().showEvent(event)  # type: ignore[arg-type]
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
