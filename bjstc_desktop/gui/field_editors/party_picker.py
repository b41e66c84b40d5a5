"""The party picker of every case form: type two characters of an organisation's name
(or the start of its 统一社会信用代码) and pick it from the list, or register a new
organisation from its USCC. Picking fills the party's name here and, through the form,
its companion `<key>_uscc` field (and `<key>_district` when there is one)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bjstc_desktop.core.casetypes import FieldDef, FieldKind
from bjstc_desktop.core.i18n import label
from bjstc_desktop.core.validators import district, validate
from bjstc_desktop.gui.enter_key import enter_goes_on, is_plain_enter
from bjstc_desktop.gui.field_editors.base import LineFieldEditor, Severity
from bjstc_desktop.gui.field_editors.identifiers import IdentifierEditor
from bjstc_desktop.gui.field_editors.simple import DistrictEditor, TextEditor
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.operations import (
    ORGANISATIONS,
    Operation,
    read,
    registers_changed,
    run_operation,
)
from bjstc_desktop.ops.parties import OrganisationView
from bjstc_desktop.workstation import Workstation

MIN_SEARCH_CHARS = 2
SEARCH_LIMIT = 12
ORG_ROLE = int(Qt.ItemDataRole.UserRole) + 10


def organisation_line(org: OrganisationView) -> str:
    """北京中科量子科技有限公司 · 91110108… · 海淀区 (one line of the result list)."""
    place = label(district(org.district)) if org.district and district(org.district) else ""
    return " · ".join(p for p in (org.name, org.uscc or "", place) if p)


class PartyPicker(LineFieldEditor):
    """A party field: the organisation's name, found by search or registered here."""

    organisation_chosen = Signal(object)
    """Emitted with the OrganisationView the officer picked from the list or registered."""

    def __init__(self, fdef: FieldDef, ws: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(fdef, parent)
        self.ws = ws
        self.chosen: OrganisationView | None = None
        self.line.setPlaceholderText(self.tr("Name or USCC: type 2 characters"))
        self.line.setMinimumWidth(self.line.fontMetrics().horizontalAdvance("国") * 12)
        self.results = QStandardItemModel(self)
        self.completer = QCompleter(self.results, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setWidget(self.line)
        self.completer.setMaxVisibleItems(SEARCH_LIMIT)
        self.completer.activated[QModelIndex].connect(self._activated)
        self.new_button = QToolButton(self)
        self.new_button.setObjectName(f"new_org_{fdef.key}")
        self.new_button.setText(self.tr("New organisation…"))
        self.new_button.setToolTip(self.tr("Register an organisation from its unified social credit code"))
        self.input_row.addWidget(self.new_button)
        self.new_button.clicked.connect(self.register_organisation)
        self.dialog: NewOrganisationDialog | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.search)
        self._asked = 0  # which look-up the list shows the answer to

    def _typed(self, text: str) -> None:
        self.chosen = None
        super()._typed(text)
        self._timer.start()

    def search(self) -> None:
        """Look up the organisations matching the text typed (off the GUI thread) and
        offer them; an answer to text that has changed since is dropped."""
        self._timer.stop()
        text = self.line.text().strip()
        self.results.clear()
        self._asked += 1
        if len(text) < MIN_SEARCH_CHARS:
            return
        asked = self._asked
        op = read(self.tr("Looking up organisations"), lambda ws: ws.parties.search(text, limit=SEARCH_LIMIT))
        run_operation(self, self.ws, op, lambda found: self._found(asked, found), lambda exc: self._failed(asked, exc))

    def _failed(self, asked: int, exc: BaseException) -> None:
        if asked == self._asked:
            self.show_message(error_text(exc), Severity.ERROR)

    def _found(self, asked: int, found: list[OrganisationView]) -> None:
        if asked != self._asked:
            return
        for org in found:
            item = QStandardItem(organisation_line(org))
            item.setData(org, ORG_ROLE)
            item.setEditable(False)
            self.results.appendRow(item)
        if found and self.line.hasFocus():
            self.completer.complete()
        elif not found:
            self.show_message(self.tr("No registered organisation matches; use “New organisation…” to register it."),
                              Severity.NOTE)

    def choose_result(self, row: int) -> None:
        """Pick row `row` of the result list."""
        self.choose(self.results.item(row).data(ORG_ROLE))

    def _activated(self, index: QModelIndex) -> None:
        org = index.data(ORG_ROLE)
        if isinstance(org, OrganisationView):
            self.choose(org)

    def choose(self, org: OrganisationView) -> None:
        """Make `org` the party: its name here, its code in the companion field."""
        self.chosen = org
        self.line.setText(org.name)
        self.completer.popup().hide()
        place = label(district(org.district)) if org.district and district(org.district) else ""
        facts = " · ".join(p for p in (org.uscc or "", place) if p)
        self.show_message(self.tr("Registered organisation: %1").replace("%1", facts), Severity.NOTE)
        self.edited.emit()
        self.organisation_chosen.emit(org)

    def register_organisation(self) -> None:
        """Open the dialog that registers an organisation from its USCC."""
        self.dialog = NewOrganisationDialog(self.ws, self.line.text().strip(), self)
        self.dialog.accepted.connect(lambda: self._registered(self.dialog))
        self.dialog.open()

    def _registered(self, dialog: NewOrganisationDialog | None) -> None:
        if dialog is not None and dialog.created is not None:
            self.choose(dialog.created)

    def set_value(self, value: Any) -> None:
        """Show a stored party name."""
        self.chosen = None
        super().set_value(value)


class NewOrganisationDialog(QDialog):
    """Registers an organisation: its USCC (checked as it is typed), name and district."""

    def __init__(self, ws: Workstation, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("new_organisation_dialog")
        self.setWindowTitle(self.tr("Register an organisation"))
        self.ws = ws
        self.created: OrganisationView | None = None
        self.uscc = IdentifierEditor(FieldDef("uscc", self.tr("Unified social credit code"), FieldKind.USCC,
                                              required=True), self)
        self.name = TextEditor(FieldDef("name", self.tr("Name"), required=True), self)
        self.district = DistrictEditor(FieldDef("district", self.tr("District"), FieldKind.DISTRICT), self)
        compact = "".join(ch for ch in text if ch.isalnum())
        if len(compact) == 18 and compact[:2].isdigit():
            self.uscc.line.setText(compact.upper())
        elif text:
            self.name.line.setText(text)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for editor in (self.uscc, self.name, self.district):
            form.addRow(editor.fdef.label, editor)
        self.uscc.line.editingFinished.connect(self._suggest_district)
        self.message = QLabel(self)
        self.message.setObjectName("org_message")
        self.message.setProperty("banner", "error")
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.ok_button = QPushButton(self.tr("Register"), self)
        self.ok_button.setObjectName("register_org_button")
        self.ok_button.setProperty("primary", True)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.setObjectName("cancel_org_button")
        for button in (self.ok_button, cancel):
            buttons.addWidget(button)
        self.ok_button.setDefault(True)  # Enter registers (each field is checked first)
        self.ok_button.clicked.connect(self.register)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setMinimumWidth(480)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in a field goes on to the next blank one; with none left it registers."""
        if is_plain_enter(event):
            enter_goes_on(self.focusWidget(), [self.uscc, self.name, self.district], self.register)
            return
        super().keyPressEvent(event)

    def _suggest_district(self) -> None:
        if self.district.is_blank() and self.uscc.check():
            region = validate("uscc", self.uscc.line.text()).details.get("region_code")
            if region and district(str(region)) is not None and self.district.combo.findData(region) >= 0:
                self.district.set_value(region)

    def register(self) -> None:
        """Check the three fields, then register on the writer thread; the dialog closes
        once it is stored, or shows the refusal and stays."""
        if not all([e.check(require=True) for e in (self.uscc, self.name, self.district)]):
            return
        uscc, name, place = self.uscc.value(), self.name.value(), self.district.value() or None
        self.ok_button.setEnabled(False)
        op = Operation(self.windowTitle(), lambda ws: ws.parties.create(uscc, name, place),
                       notice=registers_changed(ORGANISATIONS))
        run_operation(self, self.ws, op, self._registered, self._refused)

    def _registered(self, org: OrganisationView) -> None:
        self.created = org
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.message.setText(error_text(exc))
        self.message.show()
