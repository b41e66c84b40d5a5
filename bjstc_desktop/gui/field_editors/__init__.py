"""Field editors: one widget per FieldKind (architecture §5), each with its inline
message line. Case forms and the action dialog build them with `editor_for`."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from bjstc_desktop.core.casetypes import FieldDef, FieldKind
from bjstc_desktop.core.validators import IDENTIFIER_FIELD_KINDS
from bjstc_desktop.gui.field_editors.base import FieldEditor, Severity
from bjstc_desktop.gui.field_editors.date_editor import DateEditor
from bjstc_desktop.gui.field_editors.identifiers import IdentifierEditor
from bjstc_desktop.gui.field_editors.party_picker import NewOrganisationDialog, PartyPicker
from bjstc_desktop.gui.field_editors.rows_editor import RowsEditor
from bjstc_desktop.gui.field_editors.simple import (
    BoolEditor,
    DistrictEditor,
    EnumEditor,
    IntegerEditor,
    LongTextEditor,
    MoneyEditor,
    RatioEditor,
    TextEditor,
)
from bjstc_desktop.workstation import Workstation

__all__ = ["FieldEditor", "NewOrganisationDialog", "PartyPicker", "Severity", "editor_for", "is_wide"]

_EDITORS: dict[FieldKind, type[FieldEditor]] = {
    FieldKind.TEXT: TextEditor,
    FieldKind.CHECKLIST: TextEditor,
    FieldKind.LONG_TEXT: LongTextEditor,
    FieldKind.INTEGER: IntegerEditor,
    FieldKind.MONEY: MoneyEditor,
    FieldKind.RATIO: RatioEditor,
    FieldKind.DATE: DateEditor,
    FieldKind.ENUM: EnumEditor,
    FieldKind.BOOL: BoolEditor,
    FieldKind.DISTRICT: DistrictEditor,
    FieldKind.ROWS: RowsEditor,
}


def editor_for(fdef: FieldDef, ws: Workstation, parent: QWidget | None = None) -> FieldEditor:
    """The editor of one field (a party picker needs the workstation to search)."""
    if fdef.kind is FieldKind.PARTY:
        return PartyPicker(fdef, ws, parent)
    if fdef.kind in IDENTIFIER_FIELD_KINDS and fdef.kind is not FieldKind.DISTRICT:
        return IdentifierEditor(fdef, parent)
    return _EDITORS.get(fdef.kind, TextEditor)(fdef, parent)


def is_wide(fdef: FieldDef) -> bool:
    """Fields that take the whole width of a form (tables and long texts)."""
    return fdef.kind in (FieldKind.ROWS, FieldKind.LONG_TEXT)
