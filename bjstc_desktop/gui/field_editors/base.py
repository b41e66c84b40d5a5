"""The editor of one case field: its input and, under it, one line saying what is wrong
(red), what deserves a second look (amber: validator warnings) or what was understood
(grey: 1,500,000.00 元 · 150.00 万元; 女 · 1949-12-31). Values are checked with
core.fieldvalues.parse_value — the same code the workstation runs on save — so the
line under the field says exactly what saving would say."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from bjstc_desktop.core.casetypes import FieldDef
from bjstc_desktop.core.errors import ValidationError
from bjstc_desktop.core.fieldvalues import display_value, parse_value
from bjstc_desktop.core.i18n import help_text

BLANK = (None, "", [])


class Severity(StrEnum):
    """What the line under a field says."""

    ERROR = "error"  # the value cannot be saved
    WARNING = "warning"  # saved, but the officer should look again
    NOTE = "note"  # what the program understood


def plain_message(fdef: FieldDef, text: str) -> str:
    """A validation message without the field's own label in front (it is shown above)."""
    for prefix in (f"{fdef.label}：", f"{fdef.label}: ", f"{fdef.label_en}: "):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


class FieldEditor(QWidget):
    """Base of every field editor: an input row and a message line. Subclasses provide
    raw() (what the API takes), set_value() (show a stored value) and the input."""

    edited = Signal()
    """Emitted whenever the officer changes the value (typing, choosing, ticking)."""

    def __init__(self, fdef: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fdef = fdef
        self.setObjectName(f"field_{fdef.key}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(1)
        self.input_row = QHBoxLayout()
        self.input_row.setContentsMargins(0, 0, 0, 0)
        self.input_row.setSpacing(4)
        outer.addLayout(self.input_row)
        self.message = QLabel(self)
        self.message.setObjectName(f"message_{fdef.key}")
        self.message.setProperty("fieldMessage", True)
        self.message.setWordWrap(True)
        self.message.hide()
        outer.addWidget(self.message)
        self.severity: Severity | None = None
        self.focus_target: QWidget = self

    # ----- what subclasses provide -----------------------------------------------------------
    def raw(self) -> Any:
        """The value as the officer entered it, in the form the workstation API takes."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show a stored (parsed) value."""
        raise NotImplementedError

    def note(self, value: Any) -> str:
        """What was understood from a valid, non-blank value (grey), if worth saying."""
        return ""

    def draft_value(self) -> Any:
        """What the officer has put in, as JSON, to keep in a draft (even if not valid yet)."""
        return self.raw()

    def restore_draft(self, value: Any) -> None:
        """Put back what a draft kept (draft_value's result)."""
        self.set_value(value)

    def warnings(self, value: Any) -> list[str]:
        """Things to look at again in a valid value (amber)."""
        return []

    # ----- shared behaviour --------------------------------------------------------------------
    def add_input(self, widget: QWidget, stretch: int = 1) -> None:
        """Put `widget` on the input row; the first one added takes the focus."""
        if self.fdef.help:
            widget.setToolTip(help_text(self.fdef))
        self.input_row.addWidget(widget, stretch)
        if self.focus_target is self:
            self.focus_target = widget
            self.setFocusProxy(widget)

    def add_unit(self, text: str) -> QLabel:
        """A unit caption after the input (元, 万元, 人)."""
        unit = QLabel(text, self)
        unit.setObjectName(f"unit_{self.fdef.key}")
        unit.setProperty("caption", True)
        unit.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.input_row.addWidget(unit)
        return unit

    def value(self) -> Any:
        """The parsed value (None when blank); ValidationError when it cannot be saved."""
        return parse_value(self.fdef, self.raw())

    def keeps_stored(self) -> bool:
        """True when the stored value must be left alone although the input is blank
        (a masked ID number the officer did not retype)."""
        return False

    def is_blank(self) -> bool:
        """True when nothing has been entered."""
        raw = self.raw()
        return raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []

    def check(self, require: bool = False) -> bool:
        """Parse the value now and say the outcome under the field; True when it can be
        saved. With `require`, a blank required field is an error too."""
        try:
            value = self.value()
        except ValidationError as exc:
            self.show_message(plain_message(self.fdef, exc.message()), Severity.ERROR)
            return False
        if value in BLANK:
            if require and self.fdef.required:
                self.show_message(self.tr("Required: please fill this in."), Severity.ERROR)
                return False
            self.clear_message()
            return True
        found = self.warnings(value)
        if found:
            self.show_message("；".join(found), Severity.WARNING)
        else:
            note = self.note(value)
            if note:
                self.show_message(note, Severity.NOTE)
            else:
                self.clear_message()
        return True

    def has_error(self) -> bool:
        """True while the message line shows an error."""
        return self.severity is Severity.ERROR

    def show_message(self, text: str, severity: Severity) -> None:
        """Show `text` under the field in the colour of `severity`."""
        self.severity = severity
        self.message.setText(text)
        self.message.setProperty("severity", severity.value)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()

    def clear_message(self) -> None:
        """Hide the message line."""
        self.severity = None
        self.message.clear()
        self.message.hide()


class LineFieldEditor(FieldEditor):
    """A one-line text input, checked when the officer leaves it (and, while an error is
    shown, at every keystroke, so the error goes as soon as the value is right)."""

    normalise_on_leave = False  # show the parsed form (upper case, ISO date) once valid

    def __init__(self, fdef: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(fdef, parent)
        self.line = QLineEdit(self)
        self.line.setObjectName(f"input_{fdef.key}")
        self.line.setClearButtonEnabled(False)
        self.add_input(self.line)
        self.line.textEdited.connect(self._typed)
        self.line.editingFinished.connect(self._left)

    def raw(self) -> Any:
        """The text typed."""
        return self.line.text()

    def set_value(self, value: Any) -> None:
        """Show a stored value in its display form."""
        self.line.setText(self.text_of(value))
        self.clear_message()

    def draft_value(self) -> Any:
        """The text as typed (not yet checked)."""
        return self.line.text()

    def restore_draft(self, value: Any) -> None:
        """Type the kept text back, and say what is wrong with it, as leaving it would."""
        self.line.setText("" if value is None else str(value))
        if self.line.text():
            self.check()
        else:
            self.clear_message()

    def text_of(self, value: Any) -> str:
        """The text that stands for a stored value in the input."""
        return "" if value in BLANK else display_value(self.fdef, value)

    def check_while_typing(self, text: str) -> bool:
        """Whether to check at this keystroke (besides clearing a shown error)."""
        return False

    def _typed(self, text: str) -> None:
        self.edited.emit()
        if self.has_error() or self.check_while_typing(text):
            self.check()
        elif self.severity is not None:
            self.clear_message()  # an old note about a value that is being changed

    def _left(self) -> None:
        if self.check() and self.normalise_on_leave and not self.is_blank():
            normal = self.text_of(self.value())
            if normal != self.line.text():
                self.line.setText(normal)
