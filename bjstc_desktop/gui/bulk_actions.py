"""批量操作 on the cases selected in a duty tab: one workflow action, a new 承办人, or the
same letter for each. The officer sets the parameters; the work runs off the GUI thread
behind a progress dialog that can be cancelled between cases; a result dialog then
lists every case that failed and why (the others are done, each audited on its own)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bjstc_desktop.core.casetypes import LETTER_TEMPLATES
from bjstc_desktop.core.i18n import label, letter_name
from bjstc_desktop.core.modules import case_type
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.operations import Operation, cases_changed, run_operation
from bjstc_desktop.gui.worker import to_gui
from bjstc_desktop.ops.views import CaseView

if TYPE_CHECKING:
    from bjstc_desktop.ops.bulk import (
        BulkResult,  # for annotations only: its module loads when first used
    )
    from bjstc_desktop.workstation import Workstation

ACT, ASSIGN, LETTER = "act", "assign", "letter"


def shared_actions(cases: Sequence[CaseView]) -> list[tuple[str, str]]:
    """(action, label) of every move some selected case's type knows, in type order;
    each case then checks its own state and role when it is carried out."""
    seen: dict[str, str] = {}
    for code in dict.fromkeys(c.type for c in cases):
        for t in case_type(code).transitions:
            seen.setdefault(t.action, label(t))
    return list(seen.items())


class BulkParamsDialog(QDialog):
    """What to do to the selected cases: the action and opinion, the new handler, or
    the letter template and the output folder."""

    def __init__(self, ws: Workstation, kind: str, cases: Sequence[CaseView], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"bulk_params_{kind}")
        self.kind = kind
        titles = {ACT: self.tr("Workflow action on %n case(s)", "", len(cases)),
                  ASSIGN: self.tr("Change the handler of %n case(s)", "", len(cases)),
                  LETTER: self.tr("Issue a letter for %n case(s)", "", len(cases))}
        self.setWindowTitle(titles[kind])
        form = QFormLayout(self)
        self.action_combo = QComboBox(self)
        self.action_combo.setObjectName("bulk_action")
        self.opinion_edit = QPlainTextEdit(self)
        self.opinion_edit.setObjectName("bulk_opinion")
        self.opinion_edit.setFixedHeight(80)
        self.user_edit = QLineEdit(self)
        self.user_edit.setObjectName("bulk_user")
        self.template_combo = QComboBox(self)
        self.template_combo.setObjectName("bulk_template")
        self.folder_edit = QLineEdit(self)
        self.folder_edit.setObjectName("bulk_folder")
        if kind == ACT:
            for action, shown in shared_actions(cases):
                self.action_combo.addItem(shown, action)
            form.addRow(self.tr("Action"), self.action_combo)
            form.addRow(self.tr("Opinion"), self.opinion_edit)
        elif kind == ASSIGN:
            form.addRow(self.tr("New handler (user name)"), self.user_edit)
            form.addRow(self.tr("Reason"), self.opinion_edit)
        else:
            types = {c.type for c in cases}
            for t in ws.letters.templates():
                if any(t.code in case_type(code).all_letters for code in types):
                    self.template_combo.addItem(letter_name(t.code) if t.code in LETTER_TEMPLATES else t.name, t.code)
            row = QHBoxLayout()
            browse = QPushButton(self.tr("Browse…"), self)
            browse.clicked.connect(self._browse)
            row.addWidget(self.folder_edit, 1)
            row.addWidget(browse)
            form.addRow(self.tr("Letter"), self.template_combo)
            form.addRow(self.tr("Save the PDFs in"), row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("bulk_ok")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        for signal in (self.user_edit.textChanged, self.folder_edit.textChanged):
            signal.connect(lambda _t: self._update())
        self._update()

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose the folder for the letters"))
        if chosen:
            self.folder_edit.setText(chosen)

    def _update(self) -> None:
        folder = self.folder_edit.text().strip()
        ready = {ACT: self.action_combo.count() > 0, ASSIGN: bool(self.user_edit.text().strip()),
                 LETTER: self.template_combo.count() > 0 and bool(folder) and Path(folder).is_dir()}
        self.ok_button.setEnabled(ready[self.kind])

    def call(self, ids: list[str]) -> BulkCall:
        """The bulk operation with these parameters, taking (workstation, progress, cancelled)."""
        opinion = self.opinion_edit.toPlainText().strip() or None
        if self.kind == ACT:
            action = self.action_combo.currentData()
            return lambda ws, progress, stop: ws.bulk.act(ids, action, opinion, progress=progress, cancelled=stop)
        if self.kind == ASSIGN:
            user = self.user_edit.text().strip()
            return lambda ws, progress, stop: ws.bulk.assign(ids, user, opinion, progress=progress, cancelled=stop)
        template, folder = self.template_combo.currentData(), Path(self.folder_edit.text().strip())
        return lambda ws, progress, stop: ws.bulk.letters(ids, template, folder, progress=progress, cancelled=stop)


BulkCall = Callable[["Workstation", Any, Callable[[], bool]], "BulkResult"]
"""A bulk operation over a workstation, taking (workstation, progress, cancelled)."""


class BulkRun(QObject):
    """One bulk operation behind a cancellable QProgressDialog, then the result dialog."""

    finished = Signal(object)
    """Emitted with the BulkResult when every case was tried (or a cancel stopped it)."""

    failed = Signal(str)
    """Emitted with the officer's message when the operation could not start at all."""

    def __init__(self, parent: QWidget, ws: Workstation, title: str, total: int, call: BulkCall) -> None:
        super().__init__(parent)
        self.result: BulkResult | None = None
        self.ws = ws
        self._call = call
        self._cancel = threading.Event()
        self.dialog = QProgressDialog(title, self.tr("Cancel"), 0, total, parent)
        self.dialog.setObjectName("bulk_progress")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)

    def start(self) -> None:
        """Begin on a worker thread."""
        self.dialog.setValue(0)
        self.dialog.show()
        call, progress, stop = self._call, to_gui(self, self._moved), self._cancel.is_set
        op = Operation(self.dialog.windowTitle(), lambda ws: call(ws, progress, stop),
                       notice=lambda result: cases_changed(o.case_id for o in result.succeeded))
        run_operation(self.dialog, self.ws, op, self._done, self._failed)

    def cancel(self) -> None:
        """Stop before the next case; the cases already done stay done."""
        self._cancel.set()
        self.dialog.setLabelText(self.tr("Cancelling after the current case…"))

    def _moved(self, done: int, total: int, case_no: str, ok: bool, message: str) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        if not self._cancel.is_set():
            self.dialog.setLabelText(self.tr("%1 of %2: %3").replace("%1", str(done)).replace("%2", str(total))
                                     .replace("%3", case_no))

    def _done(self, result: BulkResult) -> None:
        self.result = result
        self.dialog.hide()
        self.finished.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.dialog.hide()
        self.failed.emit(error_text(exc))


class BulkResultDialog(QDialog):
    """How many cases were done, and every failure with its reason."""

    def __init__(self, result: BulkResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bulk_result")
        self.setWindowTitle(self.tr("Bulk action: result"))
        lay = QVBoxLayout(self)
        text = (self.tr("%1 done, %2 failed.").replace("%1", str(len(result.succeeded)))
                .replace("%2", str(len(result.failed))))
        if result.cancelled:
            text += " " + self.tr("Cancelled: %1 not reached.").replace("%1", str(len(result.not_run)))
        self.summary = QLabel(text, self)
        self.summary.setObjectName("bulk_summary")
        lay.addWidget(self.summary)
        self.failures = QTableWidget(len(result.failed), 2, self)
        self.failures.setObjectName("bulk_failures")
        self.failures.setHorizontalHeaderLabels([self.tr("Case"), self.tr("Why it failed")])
        self.failures.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.failures.verticalHeader().setVisible(False)
        self.failures.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for i, o in enumerate(result.failed):
            self.failures.setItem(i, 0, QTableWidgetItem(o.case_no))
            reason = QTableWidgetItem(o.message)
            reason.setToolTip(o.message)
            self.failures.setItem(i, 1, reason)
        self.failures.setVisible(bool(result.failed))
        lay.addWidget(self.failures)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
