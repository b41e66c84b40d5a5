"""公文 of one case, in its detail window: the letters issued for it (number, letter, date,
status) with 打开 (the registered copy), 重印 (the registered copy straight to the print
dialog) and 作废 (with a reason; audited; the number is never reused), and 出具公文 — a
draft of any letter the case's type issues, previewed before it is numbered.

The register tab uses the same open and void functions, so both say the same things."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bjstc_desktop.core.casetypes import LETTER_TEMPLATES
from bjstc_desktop.core.i18n import letter_name
from bjstc_desktop.gui.messages import error_text, show_error
from bjstc_desktop.gui.operations import Operation, audited_read, letter_notice, read, run_operation

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation

if TYPE_CHECKING:  # the preview is imported when a letter is first shown
    from bjstc_desktop.gui.letter_preview import ConfirmFn, LetterJob
    from bjstc_desktop.ops.letters import (  # for annotations only: its module loads when first used
        LetterEntry,
        TemplateView,
    )

ReasonFn = Callable[[QWidget, str], str | None]
VALID = "有效"


def template_name(code: str, stored: str) -> str:
    """A letter's name in the officer's language (the stored name for a template the
    glossary does not know)."""
    return letter_name(code) if code in LETTER_TEMPLATES else stored


def ask_reason(parent: QWidget, number: str) -> str | None:
    """Ask why a number is voided; None when cancelled."""
    title = QCoreApplication.translate("LetterRegisterTab", "Void %1").replace("%1", number)
    text, ok = QInputDialog.getText(parent, title, QCoreApplication.translate("LetterRegisterTab", "Reason:"))
    return text.strip() if ok and text.strip() else None


def open_registered(parent: QWidget, ws: Workstation, number: str) -> LetterJob:
    """Show the registered copy of letter `number` (checked against its SHA-256). Its
    reading is audited, so it is read on the writer thread; the job's `opened` carries
    the preview once it is shown, `failed` the officer's message."""
    from bjstc_desktop.gui.letter_preview import LetterJob, LetterPreviewDialog

    job = LetterJob(parent)

    def show(pdf: bytes) -> None:
        # the OFD copy is read (and its reading audited) only when the officer saves it as OFD
        dialog = LetterPreviewDialog(pdf, number, parent, ofd=lambda w: w.letters.ofd(number), ws=ws)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        job.opened.emit(dialog)

    def refused(exc: BaseException) -> None:
        show_error(parent, exc)
        job.failed.emit(error_text(exc))

    op = audited_read(QCoreApplication.translate("Letters", "Reading the letter"), lambda w: w.letters.pdf(number))
    run_operation(job, ws, op, show, refused)
    return job


def reprint(parent: QWidget, ws: Workstation, number: str) -> LetterJob:
    """重印: the registered copy, shown, with the print dialog open over it."""
    job = open_registered(parent, ws, number)
    job.opened.connect(lambda dialog: dialog.print_letter())
    return job


def void_number(parent: QWidget, ws: Workstation, entry: LetterEntry, reason: ReasonFn,
                done: Callable[[LetterEntry], None]) -> bool:
    """Void a valid number after asking why, on the writer thread; `done(entry)` once it
    is voided, a refusal shown. False when nothing was asked of the workstation."""
    if entry.status != VALID:
        return False
    why = reason(parent, entry.number)
    if not why:
        return False
    number = entry.number
    op = Operation(QCoreApplication.translate("LetterRegisterTab", "Void %1").replace("%1", number),
                   lambda w: w.letters.void(number, why), notice=letter_notice)
    run_operation(parent, ws, op, done, lambda exc: show_error(parent, exc))
    return True


class CaseLettersPanel(QWidget):
    """The letters of one case and what may be done with them."""

    changed = Signal()
    """Emitted after a letter of this case was issued or voided (the case re-reads)."""

    listed = Signal()
    """Emitted each time the list has been read."""

    def __init__(self, ws: Workstation, case_id: str, parent: QWidget | None = None, *,
                 templates: tuple[Sequence[TemplateView], str] = ((), ""),
                 reason: ReasonFn = ask_reason, confirm: ConfirmFn | None = None) -> None:
        """`templates`: the letters the case's type issues, or why none may be drafted,
        as read with the case (the case window's one read)."""
        super().__init__(parent)
        self.setObjectName("case_letters")
        self.ws, self.case_id = ws, case_id
        self._reason, self._confirm = reason, confirm
        self.entries: list[LetterEntry] = []
        self.last_voided: LetterEntry | None = None
        self.job: LetterJob | None = None
        title = QLabel(self.tr("Letters"), self)
        title.setObjectName("letters_title")
        self.issue_button = QToolButton(self)
        self.issue_button.setObjectName("case_letter_issue")
        self.issue_button.setText(self.tr("Draft a letter"))
        self.issue_button.setToolTip(self.tr("Preview a letter before it is numbered; issue it from the preview"))
        self.issue_menu = QMenu(self.issue_button)
        self.issue_menu.setObjectName("case_letter_templates")
        self.issue_button.setMenu(self.issue_menu)
        self.issue_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.buttons: dict[str, QPushButton] = {}
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(title)
        head.addStretch(1)
        for name, text, slot in (("open", self.tr("Open"), self.open_selected),
                                 ("reprint", self.tr("Reprint…"), self.reprint_selected),
                                 ("void", self.tr("Void…"), self.void_selected)):
            button = QPushButton(text, self)
            button.setObjectName(f"case_letter_{name}")
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            head.addWidget(button)
            self.buttons[name] = button
        head.addWidget(self.issue_button)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("case_letters_table")
        self.table.setHorizontalHeaderLabels([self.tr("Number"), self.tr("Letter"), self.tr("Date"),
                                              self.tr("Status")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.setMaximumHeight(self.table.verticalHeader().defaultSectionSize() * 4
                                    + self.table.horizontalHeader().sizeHint().height() + 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(self.table)
        self.set_templates(*templates)
        self._update_buttons()

    # ----- reading ---------------------------------------------------------------------------------
    def set_templates(self, templates: Sequence[TemplateView], refused: str = "") -> None:
        """The letters 出具公文 offers (read off the GUI thread with the case); `refused`
        says why none may be drafted (a role that handles no cases)."""
        self.issue_menu.clear()
        if refused:
            self.issue_button.setEnabled(False)
            self.issue_button.setToolTip(refused)
            return
        self.issue_button.setToolTip(self.tr("Preview a letter before it is numbered; issue it from the preview"))
        for t in templates:
            action = self.issue_menu.addAction(template_name(t.code, t.name))
            action.setObjectName(f"draft_{t.code}")
            action.triggered.connect(lambda _c=False, code=t.code: self.draft(code))
        self.issue_button.setEnabled(bool(templates))

    def refresh(self) -> None:
        """Read the case's letters again (off the GUI thread)."""
        ws, case_id = self.ws, self.case_id
        run_operation(self, ws, read(self.tr("Reading the letters"), lambda w: w.letters.register(case_id)),
                      self._show, self._failed)

    def _show(self, entries: list[LetterEntry]) -> None:
        self.entries = entries
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            status = {VALID: self.tr("Valid"), "作废": self.tr("Void")}.get(e.status, e.status)
            for col, value in enumerate((e.number, template_name(e.template, e.template_name), e.issued_on, status)):
                item = QTableWidgetItem(value)
                if e.status != VALID:
                    item.setForeground(Qt.GlobalColor.gray)
                    if e.void_reason:
                        item.setToolTip(e.void_reason)
                self.table.setItem(row, col, item)
        self.table.resizeColumnToContents(0)
        self._update_buttons()
        self.listed.emit()

    def _failed(self, exc: BaseException) -> None:
        self.entries = []
        self.table.setRowCount(0)
        self.table.setToolTip(error_text(exc))
        self._update_buttons()
        self.listed.emit()

    def selected(self) -> LetterEntry | None:
        """The letter of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        entry = self.selected()
        self.buttons["open"].setEnabled(entry is not None)
        self.buttons["reprint"].setEnabled(entry is not None and entry.status == VALID)
        self.buttons["void"].setEnabled(entry is not None and entry.status == VALID)

    # ----- acting ----------------------------------------------------------------------------------
    def draft(self, template: str) -> LetterJob:
        """出具: the unnumbered draft of `template`, previewed; 签发 there issues it."""
        from bjstc_desktop.gui.letter_preview import ask_sign, preview_draft

        job = preview_draft(self.window(), self.ws, self.case_id, template, confirm=self._confirm or ask_sign)
        job.opened.connect(lambda dialog: dialog.signed.connect(self._issued))
        self.job = job
        return job

    def _issued(self, _result: object) -> None:
        self.refresh()
        self.changed.emit()

    def open_selected(self) -> LetterJob | None:
        """打开: the registered copy of the selected letter."""
        entry = self.selected()
        return open_registered(self.window(), self.ws, entry.number) if entry else None

    def reprint_selected(self) -> LetterJob | None:
        """重印: the registered copy of the selected letter, to the printer."""
        entry = self.selected()
        return reprint(self.window(), self.ws, entry.number) if entry and entry.status == VALID else None

    def void_selected(self) -> bool:
        """作废: void the selected number after asking why (off the GUI thread; `changed`
        is emitted once it is voided, `last_voided` then holds it). False when not asked."""
        entry = self.selected()
        return entry is not None and void_number(self.window(), self.ws, entry, self._reason, self._voided)

    def _voided(self, entry: LetterEntry) -> None:
        self.last_voided = entry
        self.refresh()
        self.changed.emit()

    def context_menu(self) -> QMenu:
        """The right-click menu of the list: open, reprint, void, and drafting a letter."""
        menu = QMenu(self)
        menu.setObjectName("case_letters_menu")
        for name in ("open", "reprint", "void"):
            button = self.buttons[name]
            action = menu.addAction(button.text())
            action.setObjectName(f"menu_{name}")
            action.setEnabled(button.isEnabled())
            action.triggered.connect(button.click)
        menu.addSeparator()
        drafts = menu.addMenu(self.issue_button.text())
        drafts.setEnabled(self.issue_button.isEnabled())
        for action in self.issue_menu.actions():
            drafts.addAction(action)
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid():
            self.table.selectRow(index.row())
        self.context_menu().popup(self.table.viewport().mapToGlobal(pos))
