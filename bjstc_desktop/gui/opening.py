"""A window that is read before it opens: its data is read off the GUI thread (one
Operation), and only then is the window built and shown, whole. Until then the officer
sees a busy cursor and nothing he could type into; a failed read is shown as a message,
never raised. The opener keeps the `Opening` to tell a second request for the same
window (a second double-click) from a new one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.operations import Operation, run_operation

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation

T = TypeVar("T")


class Opening(QObject):
    """One window on its way: read, then built and shown."""

    opened = Signal(object)
    """Emitted with the window once it has been built from its data and shown."""

    failed = Signal(str)
    """Emitted with the officer's message when the data could not be read (or the window
    not built from it); the message has been shown."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.window: Any = None
        self.error = ""
        busy = self._busy = [True]
        QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BusyCursor))  # quiet: no half-built window
        self.destroyed.connect(lambda *_: _restore(busy))  # its opener closed meanwhile

    @property
    def pending(self) -> bool:
        """True while the data is being read."""
        return self._busy[0]

    def _done(self) -> None:
        _restore(self._busy)


def _restore(busy: list[bool]) -> None:
    if busy[0]:
        busy[0] = False
        QApplication.restoreOverrideCursor()


def _locked(parent: QWidget) -> bool:
    """True while the main window over `parent` is locked (a window that has no lock is not)."""
    is_locked = getattr(parent.window(), "is_locked", None)
    return bool(is_locked()) if callable(is_locked) else False


def open_after_read(parent: QWidget, ws: Workstation, op: Operation[T], build: Callable[[T], Any | None],
                    report: Callable[[str], None] | None = None) -> Opening:
    """Read `op` off the GUI thread, then `build(result)` the window (it shows it; None
    when there is nothing to open after all). A failure's message is shown with `report` (a
    message box over `parent` by default, opened without blocking) and emitted as `failed`.
    Data that arrives while the workstation is locked opens nothing (asked for again after
    the unlock)."""
    opening = Opening(parent)

    def built(result: T) -> None:
        opening._done()
        if _locked(parent):  # read while the lock came down: nothing opens over the lock screen
            opening.error = QCoreApplication.translate("Opening", "The workstation was locked: open it again.")
            opening.failed.emit(opening.error)
            opening.deleteLater()
            return
        try:
            window = build(result)
        except Exception as exc:  # the window could not be made from what was read: said, not raised
            failed(exc, already_done=True)
            return
        opening.window = window
        if window is not None:
            opening.opened.emit(window)
        opening.deleteLater()  # its work is done (what it found stays readable on the Python side)

    def failed(exc: BaseException, already_done: bool = False) -> None:
        if not already_done:
            opening._done()
        opening.error = error_text(exc)
        if report is not None:
            report(opening.error)
        else:  # window-modal, not a nested event loop: the caller's code has long returned
            box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("Messages", "Cannot continue"),
                              opening.error, QMessageBox.StandardButton.Ok, parent)
            box.setObjectName("opening_error")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
        opening.failed.emit(opening.error)
        opening.deleteLater()

    run_operation(opening, ws, op, built, failed)
    return opening
