"""The 设置新口令 dialog shown right after login when a system administrator has reset
the officer's passphrase: nobody works on a passphrase somebody else chose. The new
passphrase is typed twice; the slot is rewritten on a worker thread (Argon2id takes a
moment) and the dialog closes only once it is stored."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from bjstc_desktop.gui.fit import fit_to_screen
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.operations import ACCOUNTS, Operation, registers_changed, run_operation

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation


class ChangePassphraseDialog(QDialog):
    """Asks for a new passphrase twice and stores it in the user's own key slot."""

    changed = Signal()
    """Emitted once the new passphrase is stored, just before the dialog is accepted."""

    def __init__(self, ws: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("change_passphrase_dialog")
        self.ws = ws
        self.setWindowTitle(self.tr("Set a new passphrase"))
        intro = QLabel(self.tr("A system administrator reset your passphrase. Choose a new one that only "
                               "you know before you go on."), self)
        intro.setWordWrap(True)
        self.new_edit = QLineEdit(self)
        self.new_edit.setObjectName("new_passphrase_edit")
        self.again_edit = QLineEdit(self)
        self.again_edit.setObjectName("again_passphrase_edit")
        for edit in (self.new_edit, self.again_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("change_passphrase_message")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("New passphrase"), self.new_edit)
        form.addRow(self.tr("Again"), self.again_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 420, self.sizeHint().height())

    def submit(self) -> None:
        """Check the two entries agree, then store the passphrase in the background."""
        new, again = self.new_edit.text(), self.again_edit.text()
        if new != again:
            self.message_label.setText(self.tr("The two passphrases differ."))
            return
        self.buttons.setEnabled(False)
        self.message_label.setText(self.tr("Storing the new passphrase…"))
        name = self.ws.actor.name
        op = Operation(self.tr("Changing the passphrase"), lambda ws: ws.accounts.change_passphrase(name, new),
                       notice=registers_changed(ACCOUNTS))
        run_operation(self, self.ws, op, self._stored, self._failed)

    def _stored(self, _result: object) -> None:
        self.new_edit.clear()
        self.again_edit.clear()
        self.changed.emit()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.message_label.setText(error_text(exc))
