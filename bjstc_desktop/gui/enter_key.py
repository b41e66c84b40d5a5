"""Enter in a dialog of a few fields (a move's particulars, a new organisation): it goes
on to the next field still blank, and when none is left it does what the dialog is for.
One rule for every such dialog, so Enter never submits half a form by surprise and never
does nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:  # the editors import this module themselves
    from bjstc_desktop.gui.field_editors.base import FieldEditor


def is_plain_enter(event: QKeyEvent) -> bool:
    """Return or Enter without Ctrl, Shift or Alt (the keypad's Enter counts)."""
    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
        event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)


def enter_goes_on(focus: QWidget | None, editors: Sequence[FieldEditor], submit: Callable[[], object]) -> None:
    """Enter pressed with `focus`: on to the next editor after it that is blank, else `submit`."""
    here = next((i for i, e in enumerate(editors) if focus is not None
                 and (focus is e.focus_target or e.isAncestorOf(focus))), -1)
    blank = next((e for e in editors[here + 1:] if e.is_blank()), None) if here >= 0 else None
    if blank is not None:
        blank.focus_target.setFocus(Qt.FocusReason.TabFocusReason)
    else:
        submit()
