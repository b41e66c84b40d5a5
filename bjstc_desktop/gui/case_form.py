"""The case form, built from the case type's field definitions: one editor per field
(field_editors), two columns, tables and long texts across the width, required fields
marked. Saving calls ws.cases.create or ws.cases.edit off the GUI thread; a refusal
is shown in plain words above the buttons (and under the field it names) and the form
stays open with everything the officer typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from bjstc_desktop.core import i18n
from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind
from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import ValidationError
from bjstc_desktop.gui.detail_sections import local_time
from bjstc_desktop.gui.draft_keeper import DraftKeeper, KeptDraftDialog
from bjstc_desktop.gui.elided_label import ElidedLabel
from bjstc_desktop.gui.field_editors import FieldEditor, PartyPicker, Severity, editor_for, is_wide
from bjstc_desktop.gui.field_editors.base import BLANK, plain_message
from bjstc_desktop.gui.fit import fit_to_screen
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.operations import Operation, cases_changed, run_operation
from bjstc_desktop.ops.draft_views import EDIT_CASE, NEW_CASE, DraftView
from bjstc_desktop.ops.parties import OrganisationView
from bjstc_desktop.ops.views import CaseView

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation


def field_label(fdef: FieldDef, parent: QWidget) -> QLabel:
    """The caption of a field, with a red * when it is required."""
    mark = '<span style="color:#b3261e">&nbsp;*</span>' if fdef.required else ""
    text = i18n.label(fdef).replace("&", "&&")  # a literal & (R&D), not a mnemonic: the label has a buddy
    label = QLabel(f"{text}{mark}", parent)
    label.setObjectName(f"label_{fdef.key}")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    label.setProperty("fieldLabel", True)
    if fdef.help:
        label.setToolTip(i18n.help_text(fdef))
    return label


def same_value(old: Any, new: Any) -> bool:
    """Stored and entered values are the same (blank, False and missing count alike)."""
    if old in BLANK and new in (*BLANK, False):
        return True
    return bool(old == new)


class FieldGrid(QGridLayout):
    """Label–editor pairs in two columns; wide editors take the whole row."""

    def __init__(self) -> None:
        super().__init__()
        self.setHorizontalSpacing(8)
        self.setVerticalSpacing(6)
        self.setColumnStretch(1, 1)
        self.setColumnStretch(3, 1)
        self._row, self._col = 0, 0

    def place(self, label: QLabel, editor: QWidget, wide: bool = False, new_row: bool = False) -> None:
        """Add a pair at the next place (on a fresh row when `wide` or `new_row`)."""
        if (wide or new_row) and self._col:
            self._row, self._col = self._row + 1, 0
        top = Qt.AlignmentFlag.AlignTop  # a message under one editor must not shift its neighbour
        if wide:
            self.addWidget(label, self._row, 0, top | Qt.AlignmentFlag.AlignRight)
            self.addWidget(editor, self._row, 1, 1, 3, top)
            self._row += 1
            return
        self.addWidget(label, self._row, self._col * 2, top | Qt.AlignmentFlag.AlignRight)
        self.addWidget(editor, self._row, self._col * 2 + 1, top)
        self._row, self._col = (self._row + 1, 0) if self._col else (self._row, 1)


def form_draft_key(ct: CaseType, case: CaseView | None) -> tuple[str, str, str]:
    """The key of the case form's drafts: a new case of `ct`, or an edit of `case`."""
    return (NEW_CASE, ct.code, "") if case is None else (EDIT_CASE, case.id, "")


class CaseFormDialog(KeptDraftDialog):
    """Registers a new case of one type, or edits an existing case."""

    saved = Signal(object)
    """Emitted with the saved CaseView once the workstation has accepted the form."""

    def __init__(self, ws: Workstation, ct: CaseType, case: CaseView | None = None,
                 parent: QWidget | None = None, draft_id: str | None = None,
                 drafts: Sequence[DraftView] = ()) -> None:
        super().__init__(parent)
        self.setObjectName("case_form")
        self.ws, self.ct, self.case = ws, ct, case
        self.editors: dict[str, FieldEditor] = {}
        self.header: dict[str, FieldEditor] = {}
        self.labels: dict[str, QLabel] = {}
        self.busy = False
        if case is None:
            self.setWindowTitle(self.tr("New case: %1").replace("%1", i18n.label(ct)))
        else:
            self.setWindowTitle(self.tr("Edit %1").replace("%1", case.case_no))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.setSpacing(8)
        outer.addLayout(self._title_row())
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("form_scroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget(self.scroll)
        body.setObjectName("form_body")
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(0, 0, 8, 0)
        self._build_header(body)
        self._build_fields(body)
        self.body.addStretch(1)
        self.scroll.setWidget(body)
        outer.addWidget(self.scroll, 1)
        self.message = QLabel(self)
        self.message.setObjectName("form_message")
        self.message.setWordWrap(True)
        self.message.hide()
        outer.addWidget(self.message)
        outer.addLayout(self._button_row())
        if case is not None:
            self._fill(case)
        self.keeper = DraftKeeper(self, ws, self)  # what is typed is kept as an encrypted draft
        self.keeper.failed.connect(self.show_message)
        for editor in (*self.header.values(), *self.editors.values()):
            editor.edited.connect(self.keeper.edited)
        if case is None:
            self.classification.currentIndexChanged.connect(self.keeper.edited)
        self.restored = self.keeper.offer(drafts, draft_id)  # read before the form was built
        if self.restored is not None:
            self.show_message(self.tr("The draft kept at %1 has been put back.")
                              .replace("%1", local_time(self.restored.updated_at)), error=False)
            self.discard_button.show()
        fit_to_screen(self, 1180, 700)
        self.header["title"].focus_target.setFocus()  # the officer types at once

    # ----- building --------------------------------------------------------------------------
    def _title_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        name = i18n.label(self.ct)
        title = ElidedLabel(name if self.case is None else f"{self.case.case_no} · {name}", self)
        title.setObjectName("form_title")  # a long type name is cut short (with a tooltip), never widens the form
        hint = QLabel(self.tr("Fields marked * are required. Amounts are typed in the unit shown beside them, "
                               "e.g. 1,500,000.00."), self)  # Chinese adds 150万
        hint.setObjectName("form_hint")
        hint.setProperty("caption", True)
        hint.setWordWrap(True)
        hint.setMinimumWidth(hint.fontMetrics().horizontalAdvance("国") * 12)
        row.addWidget(title)
        row.addSpacing(12)
        row.addWidget(hint, 1, Qt.AlignmentFlag.AlignBottom)
        return row

    def _section(self, parent: QWidget, text: str, name: str) -> FieldGrid:
        caption = QLabel(text, parent)
        caption.setObjectName(name)
        caption.setProperty("formSection", True)
        self.body.addWidget(caption)
        grid = FieldGrid()
        self.body.addLayout(grid)
        return grid

    def _header_editor(self, grid: FieldGrid, fdef: FieldDef, parent: QWidget, wide: bool = False) -> FieldEditor:
        editor = editor_for(fdef, self.ws, parent)
        label = field_label(fdef, parent)
        label.setBuddy(editor.focus_target)
        grid.place(label, editor, wide=wide)
        self.header[fdef.key] = editor
        self.labels[fdef.key] = label
        return editor

    def _build_header(self, parent: QWidget) -> None:
        grid = self._section(parent, self.tr("Registration"), "section_registration")
        self._header_editor(grid, FieldDef("title", self.tr("Title"), required=True), parent, wide=True)
        if self.case is not None:
            return  # classification, receipt date and district are set once, at registration
        level_label = field_label(FieldDef("classification", self.tr("Classification"), required=True), parent)
        self.classification = QComboBox(parent)
        self.classification.setObjectName("input_classification")
        top = min(self.ws.actor.clearance, self.ws.ctx.ceiling)
        for level in Level:
            if level <= top:
                self.classification.addItem(i18n.label(level), int(level))
        level_label.setBuddy(self.classification)
        grid.place(level_label, self.classification)
        received = self._header_editor(grid, FieldDef("received_on", self.tr("Received on"), FieldKind.DATE,
                                                      required=True), parent)
        received.set_value(dt.date.today().isoformat())
        self._header_editor(grid, FieldDef("district", self.tr("District"), FieldKind.DISTRICT), parent)
        self._header_editor(grid, FieldDef("secrecy_period", self.tr("Classification period or condition"),
                                           help=self.tr("e.g. 10 years, or: until the project is accepted")), parent)
        self._header_editor(grid, FieldDef("knowers", self.tr("Persons in the know")), parent)
        self.classification.currentIndexChanged.connect(self._classification_changed)
        self._classification_changed()

    def _build_fields(self, parent: QWidget) -> None:
        grid = self._section(parent, self.tr("Particulars of the case"), "section_fields")
        for fdef in self.ct.fields:
            editor = editor_for(fdef, self.ws, parent)
            label = field_label(fdef, parent)
            label.setBuddy(editor.focus_target)
            grid.place(label, editor, wide=is_wide(fdef), new_row=fdef.kind is FieldKind.PARTY)
            self.editors[fdef.key] = editor
        for key, editor in self.editors.items():
            if isinstance(editor, PartyPicker):
                editor.organisation_chosen.connect(lambda org, k=key: self._party_chosen(k, org))

    def _button_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setObjectName("save_button")
        self.save_button.setProperty("primary", True)
        self.save_button.setToolTip(self.tr("Save (Ctrl+Enter or Ctrl+S)"))
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("cancel_button")
        self.discard_button = QPushButton(self.tr("Discard the draft"), self)
        self.discard_button.setObjectName("discard_draft_button")
        self.discard_button.hide()
        row.insertWidget(0, self.discard_button)
        for button in (self.save_button, self.cancel_button):
            row.addWidget(button)
        self.save_button.setDefault(True)  # a focused button takes Enter  # Ctrl+Enter presses it; Enter in a field goes to the next
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.discard_button.clicked.connect(self.discard_draft)
        for keys in (QKeySequence.StandardKey.Save, "Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.save)
        return row

    # ----- drafts (the keeper's side) -----------------------------------------------------------
    def draft_key(self) -> tuple[str, str, str]:
        """New case: (case_new, type); edit: (case_edit, case id)."""
        return form_draft_key(self.ct, self.case)

    def draft_title(self) -> str:
        """How the draft is listed: the case (or the type) and the title typed."""
        title = self.header["title"].draft_value() or self.tr("(no title yet)")
        lead = i18n.label(self.ct) if self.case is None else f"{self.case.case_no} · {i18n.label(self.ct)}"
        return f"{lead}：{title}"

    def draft_content(self) -> dict[str, Any]:
        """Everything typed, as typed."""
        content: dict[str, Any] = {
            "header": {k: e.draft_value() for k, e in self.header.items()},
            "fields": {k: e.draft_value() for k, e in self.editors.items()},
        }
        if self.case is None:
            content["classification"] = int(self.classification.currentData())
        return content

    def restore_draft(self, content: dict[str, Any]) -> None:
        """Put a kept draft back into the form."""
        if self.case is None and "classification" in content:
            index = self.classification.findData(int(content["classification"]))
            if index >= 0:
                self.classification.setCurrentIndex(index)
        for group, editors in (("header", self.header), ("fields", self.editors)):
            for key, value in (content.get(group) or {}).items():
                if key in editors:
                    editors[key].restore_draft(value)

    def discard_draft(self) -> None:
        """放弃草稿: back to the form as it opened, and the draft removed."""
        self.keeper.discard()
        for editor in (*self.header.values(), *self.editors.values()):
            editor.set_value(None)
        if self.case is not None:
            self._fill(self.case)
        else:
            self.classification.setCurrentIndex(0)
            self.header["received_on"].set_value(dt.date.today().isoformat())
        self.keeper.baseline = self.draft_content()
        self.discard_button.hide()
        self.message.hide()


    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in a one-line field moves to the next one (it never saves: Ctrl+Enter does)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    # ----- behaviour ---------------------------------------------------------------------------
    def _classification_changed(self, _index: int = 0) -> None:
        secret = Level(self.classification.currentData()).is_state_secret
        for key in ("secrecy_period", "knowers"):
            editor = self.header[key]
            editor.setVisible(secret)
            self.labels[key].setVisible(secret)
        self.header["secrecy_period"].fdef = FieldDef(
            "secrecy_period", self.header["secrecy_period"].fdef.label, required=secret)

    def _party_chosen(self, key: str, org: OrganisationView) -> None:
        companion = self.editors.get(f"{key}_uscc")
        if companion is not None and org.uscc:
            companion.set_value(org.uscc)
            companion.check()
        place = self.editors.get(f"{key}_district")
        if place is not None and org.district and place.is_blank():
            place.set_value(org.district)

    def _fill(self, case: CaseView) -> None:
        self.header["title"].set_value(case.title)
        for key, value in (case.fields or {}).items():
            if key in self.editors:
                self.editors[key].set_value(value)

    def field_values(self) -> dict[str, Any]:
        """What to send: every filled field for a new case; the changed ones for an edit."""
        values: dict[str, Any] = {}
        stored = (self.case.fields or {}) if self.case else {}
        for key, editor in self.editors.items():
            if editor.keeps_stored():
                continue
            if self.case is None:
                if not editor.is_blank():
                    values[key] = editor.raw()
            elif not same_value(stored.get(key), editor.value()):
                values[key] = editor.raw()
        return values

    def save(self) -> None:
        """Check every field; if all can be saved, ask the workstation to save them."""
        if self.busy:
            return
        editors = [e for e in (*self.header.values(), *self.editors.values()) if e.isVisibleTo(self)]
        failed = [e for e in editors if not e.check(require=True)]
        if failed:
            self.show_message(self.tr("%n field(s) need correcting (see the red notes).", "", len(failed)))
            self._reveal(failed[0])
            return
        try:
            job = self._job()
        except ValidationError as exc:  # pragma: no cover - the checks above parse the same values
            self.show_message(error_text(exc))
            return
        self._set_busy(True)
        self.show_message(self.tr("Saving…"), error=False)
        run_operation(self, self.ws, job, self._saved, self._refused)

    def _job(self) -> Operation[CaseView]:
        title, fields = self.header["title"].value(), self.field_values()
        if self.case is not None:
            case_id = self.case.id
            new_title = title if title != self.case.title else None
            return Operation(self.tr("Saving the case"), lambda w: w.cases.edit(case_id, new_title, fields),
                             notice=lambda view: cases_changed(view.id))
        level = Level(self.classification.currentData())
        received = dt.date.fromisoformat(self.header["received_on"].value())
        district = self.header["district"].value() or None
        secrecy = self.header["secrecy_period"].value() if level.is_state_secret else None
        knowers = self.header["knowers"].value() if level.is_state_secret else None
        code = self.ct.code
        return Operation(self.tr("Registering the case"),
                         lambda w: w.cases.create(code, title, fields, classification=level, received_on=received,
                                                 secrecy_period=secrecy, knowers=knowers, district=district),
                         notice=lambda view: cases_changed(view.id))

    def _saved(self, view: CaseView) -> None:
        self._set_busy(False)
        self.keeper.finish()
        self.case_saved = view
        self.saved.emit(view)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.show_message(error_text(exc))
        key = getattr(exc, "field", None)
        editor = self.editors.get(key or "") or self.header.get(key or "")
        if editor is not None and isinstance(exc, ValidationError):
            editor.show_message(plain_message(editor.fdef, exc.message()), Severity.ERROR)
            self._reveal(editor)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.save_button.setEnabled(not busy)

    def _reveal(self, editor: FieldEditor) -> None:
        self.scroll.ensureWidgetVisible(editor, 40, 60)
        editor.focus_target.setFocus()

    def show_message(self, text: str, error: bool = True) -> None:
        """Say `text` above the buttons (red for a refusal)."""
        self.message.setText(text)
        self.message.setProperty("banner", "error" if error else "note")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()

