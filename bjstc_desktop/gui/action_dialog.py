"""The dialog of one move on a case (审核认定, 补正通知, 予以登记 ...): where it leads, the
fields the move needs that the case does not have yet (the same editors as the case
form), and the opinion — required when the move requires one, optional otherwise. The
workstation decides: a refusal (no opinion, a missing field, a blocking check) is shown
in plain words and nothing changes; the officer's text stays in the dialog."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bjstc_desktop.core.casetypes import CaseType
from bjstc_desktop.core.i18n import letter_name, pick, state_label
from bjstc_desktop.gui.case_form import FieldGrid, field_label
from bjstc_desktop.gui.detail_sections import local_time
from bjstc_desktop.gui.draft_keeper import DraftKeeper, KeptDraftDialog
from bjstc_desktop.gui.elided_label import ElidedLabel
from bjstc_desktop.gui.enter_key import enter_goes_on, is_plain_enter
from bjstc_desktop.gui.field_editors import FieldEditor, editor_for, is_wide
from bjstc_desktop.gui.field_editors.base import BLANK
from bjstc_desktop.gui.fit import fit_to_screen
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.operations import Operation, cases_changed, run_operation
from bjstc_desktop.ops.draft_views import ACTION, DraftView
from bjstc_desktop.ops.views import CaseView
from bjstc_desktop.ops.workflow import ActionView, ActResult

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation


class ActionDialog(KeptDraftDialog):
    """Confirms one move, with its opinion and any fields it still needs."""

    acted = Signal(object)
    """Emitted with the ActResult once the workstation has carried out the move."""

    def __init__(self, ws: Workstation, case: CaseView, ct: CaseType, action: ActionView,
                 parent: QWidget | None = None, draft_id: str | None = None,
                 drafts: Sequence[DraftView] = ()) -> None:
        super().__init__(parent)
        self.setObjectName("action_dialog")
        self.ws, self.case, self.action = ws, case, action
        self.busy = False
        self.editors: dict[str, FieldEditor] = {}
        self.setWindowTitle(f"{action.label} · {case.case_no}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        heading = ElidedLabel(action.label, self)
        heading.setObjectName("action_title")
        move = ElidedLabel(self.tr("%1 → %2").replace("%1", state_label(ct, case.state)).replace(
            "%2", state_label(ct, action.target)), self)
        move.setObjectName("action_move")
        move.setProperty("caption", True)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(10)
        top.addWidget(move, 1, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(top)
        if action.letters:
            letters = QLabel(self.tr("This step issues: %1").replace(
                "%1", pick("、", ", ").join(letter_name(c) for c in action.letters)), self)
            letters.setObjectName("action_letters")
            letters.setProperty("caption", True)
            letters.setWordWrap(True)
            layout.addWidget(letters)
        self._build_fields(ct, layout)
        self._build_opinion(layout)
        self.message = QLabel(self)
        self.message.setObjectName("action_message")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        layout.addLayout(self._buttons())
        self.keeper = DraftKeeper(self, ws, self)  # the opinion typed is kept as an encrypted draft
        self.keeper.failed.connect(self.show_message)
        self.opinion.textChanged.connect(self.keeper.edited)
        for editor in self.editors.values():
            editor.edited.connect(self.keeper.edited)
        restored = self.keeper.offer(drafts, draft_id)  # read before the dialog was built
        if restored is not None:
            self.show_message(self.tr("The draft kept at %1 has been put back.")
                              .replace("%1", local_time(restored.updated_at)), error=False)
        first = next(iter(self.editors.values()), None)
        (first.focus_target if first is not None else self.opinion).setFocus()
        fit_to_screen(self, 560 if not self.editors else 760, self.sizeHint().height())

    def _build_fields(self, ct: CaseType, layout: QVBoxLayout) -> None:
        stored = self.case.fields or {}
        missing = [f for key in self.action.required_fields
                   if (f := ct.field(key)) is not None and stored.get(key) in BLANK]
        if not missing:
            return
        caption = QLabel(self.tr("This step needs these particulars:"), self)
        caption.setObjectName("action_fields_caption")
        layout.addWidget(caption)
        grid = FieldGrid()
        for fdef in missing:
            required = replace(fdef, required=True)
            editor = editor_for(required, self.ws, self)
            label = field_label(required, self)
            label.setBuddy(editor.focus_target)
            grid.place(label, editor, wide=is_wide(fdef) or len(missing) == 1)
            self.editors[fdef.key] = editor
        layout.addLayout(grid)

    def _build_opinion(self, layout: QVBoxLayout) -> None:
        text = self.tr("Opinion (required)") if self.action.opinion_required else self.tr("Opinion (optional)")
        label = QLabel(text, self)
        label.setObjectName("opinion_label")
        self.opinion = QPlainTextEdit(self)
        self.opinion.setObjectName("opinion_edit")
        self.opinion.setTabChangesFocus(True)
        self.opinion.setPlaceholderText(self.tr("e.g. Examined: the materials are complete and compliant; agreed."))
        self.opinion.setFixedHeight(QFontMetrics(self.opinion.font()).lineSpacing() * 4 + 14)
        label.setBuddy(self.opinion)
        layout.addWidget(label)
        layout.addWidget(self.opinion)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        self.confirm_button = QPushButton(self.action.label, self)
        self.confirm_button.setObjectName("confirm_button")
        self.confirm_button.setProperty("primary", True)
        self.confirm_button.setToolTip(self.tr("Enter in the last field, or Ctrl+Enter in the opinion"))
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("cancel_button")
        for button in (self.confirm_button, self.cancel_button):
            row.addWidget(button)  # a focused button takes Enter; from a field Enter confirms
        self.confirm_button.setDefault(True)  # Enter in a field submits the move
        self.confirm_button.clicked.connect(self.confirm)
        self.cancel_button.clicked.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):  # Enter in the opinion starts a new line
            QShortcut(QKeySequence(keys), self, activated=self.confirm)
        return row

    # ----- drafts (the keeper's side) -------------------------------------------------------------
    def draft_key(self) -> tuple[str, str, str]:
        """(action, case id, the move)."""
        return ACTION, self.case.id, self.action.action

    def draft_title(self) -> str:
        """How the draft is listed: the case and the move."""
        return f"{self.case.case_no} · {self.action.label}"

    def draft_content(self) -> dict[str, Any]:
        """The opinion and the fields, as typed."""
        return {"opinion": self.opinion.toPlainText(),
                "fields": {k: e.draft_value() for k, e in self.editors.items()}}

    def restore_draft(self, content: dict[str, Any]) -> None:
        """Put a kept opinion and fields back."""
        self.opinion.setPlainText(str(content.get("opinion") or ""))
        for key, value in (content.get("fields") or {}).items():
            if key in self.editors:
                self.editors[key].restore_draft(value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in a one-line field goes on to the next field left blank; with none left,
        it makes the move. (In the opinion Enter starts a line; Ctrl+Enter makes the move.)"""
        if is_plain_enter(event):
            enter_goes_on(self.focusWidget(), list(self.editors.values()), self.confirm)
            return
        super().keyPressEvent(event)


    def field_values(self) -> dict[str, Any]:
        """The fields entered for this move (raw, as the API takes them)."""
        return {key: e.raw() for key, e in self.editors.items() if not e.is_blank()}

    def confirm(self) -> None:
        """Ask the workstation to make the move (off the GUI thread)."""
        if self.busy:
            return
        if not all([e.check() for e in self.editors.values()]):
            self.show_message(self.tr("Please correct the particulars marked in red."))
            return
        ws, case_id, action = self.ws, self.case.id, self.action.action
        opinion = self.opinion.toPlainText().strip() or None
        fields = self.field_values() or None
        self._set_busy(True)
        op = Operation(self.tr("Handling the case"), lambda w: w.workflow.act(case_id, action, opinion, fields),
                       notice=lambda r: cases_changed(case_id))
        run_operation(self, ws, op, self._done, self._refused)

    def _done(self, result: ActResult) -> None:
        self._set_busy(False)
        self.keeper.finish()
        self.last_result = result
        self.acted.emit(result)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.show_message(error_text(exc))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.confirm_button.setEnabled(not busy)

    def show_message(self, text: str, error: bool = True) -> None:
        """Say why the move was not made (or, in blue, news such as a restored draft)."""
        self.message.setText(text)
        self.message.setProperty("banner", "error" if error else "note")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()
