"""Turn errors into plain words for the officer. Never a traceback on screen: the
unexpected ones are logged (where, not what) and named as an internal error."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from bjstc_desktop.console import log_unexpected
from bjstc_desktop.core.errors import BjstcError


def error_text(exc: BaseException) -> str:
    """The officer's message for `exc`, in the current language."""
    if isinstance(exc, BjstcError):
        return exc.message()
    log_unexpected(exc)
    return QCoreApplication.translate(
        "Messages", "An unexpected error occurred. It has been written to the log; nothing was changed.")


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """A modal message box with the officer's message for `exc`."""
    QMessageBox.warning(parent, QCoreApplication.translate("Messages", "Cannot continue"), error_text(exc))
