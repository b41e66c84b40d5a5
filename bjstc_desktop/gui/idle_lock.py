"""Idle auto-lock (KeePassXC's inactivity timer): an application-wide event filter
restarts a single-shot timer on every keyboard, mouse, wheel or touch input; when it
fires, the main window hides its content behind a LockScreen that asks for the
passphrase again."""

from __future__ import annotations

import concurrent.futures
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from bjstc_desktop.core.lockout import failure_delay_seconds
from bjstc_desktop.gui.forms import child, load_form
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.operations import read, run_operation
from bjstc_desktop.gui.retry_gate import RetryGate

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TabletPress,
    QEvent.Type.InputMethod, QEvent.Type.ShortcutOverride,
})


def minutes_to_ms(minutes: int) -> int:
    """The auto_lock_minutes setting in milliseconds (at least one minute)."""
    return max(1, int(minutes)) * 60_000


class IdleWatcher(QObject):
    """Emits `idle` once after `timeout_ms` without user input, while running."""

    idle = Signal()
    """Emitted when no input arrived for the timeout (the session should lock)."""

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, timeout_ms))
        self._timer.timeout.connect(self.idle)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def timeout_ms(self) -> int:
        """The idle time that locks, in milliseconds."""
        return self._timer.interval()

    def set_timeout(self, timeout_ms: int) -> None:
        """Lock after `timeout_ms` from now on (the setting, once read); a running
        countdown starts again with it."""
        self._timer.setInterval(max(1, timeout_ms))

    def start(self) -> None:
        """Start (or restart) watching."""
        self._timer.start()

    def stop(self) -> None:
        """Stop watching (while locked)."""
        self._timer.stop()

    def is_running(self) -> bool:
        """True while watching."""
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any user input restarts the countdown; the event itself goes on unchanged."""
        if event.type() in _INPUT_EVENTS and self._timer.isActive():
            self._timer.start()
        return False


class LockScreen(QWidget):
    """Shown instead of the window's content while locked; asks for the passphrase."""

    unlocked = Signal()
    """Emitted when the right passphrase was given."""

    quit_requested = Signal()
    """Emitted when the officer chose to quit instead of unlocking."""

    def __init__(self, ws: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lock_screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.ws = ws
        self._failures = 0
        self._job: concurrent.futures.Future[None] | None = None
        form = load_form("lock_screen", self)
        self.passphrase_edit = child(form, QLineEdit, "unlock_passphrase")
        self.unlock_button = child(form, QPushButton, "unlock_button")
        self.message_label = child(form, QLabel, "unlock_message")
        child(form, QLabel, "lock_info").setText(self.tr(
            "The case content is hidden. Enter the passphrase of %1 to continue.")
            .replace("%1", ws.actor.name))
        self.gate = RetryGate(self.unlock_button, self)  # the error stays until the next attempt
        self.unlock_button.clicked.connect(self.attempt)
        self.passphrase_edit.returnPressed.connect(self.attempt)
        child(form, QPushButton, "quit_button").clicked.connect(self.quit_requested)

    def reset(self) -> None:
        """Clear the field and the message (each time the screen is shown)."""
        self.passphrase_edit.clear()
        self.message_label.clear()
        self.passphrase_edit.setFocus()

    def attempt(self) -> None:
        """Check the typed passphrase off the GUI thread."""
        if self._job is not None or not self.unlock_button.isEnabled():
            return
        passphrase = self.passphrase_edit.text()
        if not passphrase:
            self.message_label.setText(self.tr("Please enter your passphrase."))
            return
        self.unlock_button.setEnabled(False)
        self.passphrase_edit.setEnabled(False)
        self.message_label.setText(self.tr("Checking the passphrase…"))
        ws = self.ws
        self._job = run_operation(self, ws, read(self.tr("Checking the passphrase"),
                                                 lambda w: w.verify_passphrase(passphrase)), self._checked, self._error)

    def _checked(self, ok: bool) -> None:
        self._job = None
        self.passphrase_edit.setEnabled(True)
        self.passphrase_edit.clear()
        if ok:
            self._failures = 0
            self.unlock_button.setEnabled(True)
            self.message_label.clear()
            self.unlocked.emit()
            return
        self._failures += 1
        wait = failure_delay_seconds(self._failures + 1)
        self.unlock_button.setEnabled(True)
        self.message_label.setText(self.tr("Wrong passphrase.") + " "
                                   + self.tr("Please wait %n second(s) before trying again.", "", wait))
        self.gate.hold(wait)
        self.passphrase_edit.setFocus()

    def _error(self, exc: BaseException) -> None:
        self._job = None
        self.passphrase_edit.setEnabled(True)
        self.unlock_button.setEnabled(self.gate.is_open())
        self.message_label.setText(error_text(exc))
