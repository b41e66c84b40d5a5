"""The login dialog: user name and passphrase; the workstation's name is shown so the
officer knows which one they are unlocking. A wrong passphrase says so and disables
登录 for the growing delay, counting down; nothing else changes."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPushButton, QWidget

from bjstc_desktop.core.errors import AuthenticationError, BjstcError
from bjstc_desktop.core.lockout import failure_delay_seconds
from bjstc_desktop.gui import prefs
from bjstc_desktop.gui.forms import child, load_form
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.retry_gate import RetryGate
from bjstc_desktop.gui.worker import run_in_background
from bjstc_desktop.store import authlog, unlocking

if TYPE_CHECKING:  # the session loads the store: the login and the first screen need neither (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation
    from bjstc_desktop.workstation.starting import StartingSession

DelayPolicy = Callable[[int], int]


def pending_delay(data_dir: Path, user: str, policy: DelayPolicy = failure_delay_seconds,
                  now: dt.datetime | None = None) -> int:
    """Seconds `user` must still wait before the next attempt (see store.authlog)."""
    return authlog.pending_delay(data_dir, user, policy, now)


def _unlock(data_dir: Path, user: str, passphrase: str) -> Workstation | StartingSession:
    """Workstation.open for a window about to show: the slot (the KDF), then the first
    screen's session over the DB-API connection (workstation/starting.py), which opens
    the full session when something past the first screen needs it."""
    from bjstc_desktop.workstation.starting import open_starting

    return open_starting(data_dir, user, passphrase, unlocking.open_slot(data_dir, user, passphrase,
                                                                          wait_for_delay=False))


class LoginDialog(QDialog):
    """Unlocks a workstation; `workstation` holds it once the dialog is accepted."""

    unlocked = Signal(object)
    """Emitted with the unlocked Workstation, just before the dialog is accepted."""

    def __init__(self, data_dir: Path, user: str = "", parent: QWidget | None = None,
                 delay_policy: DelayPolicy = failure_delay_seconds) -> None:
        super().__init__(parent)
        self.setObjectName("login_dialog")
        self.data_dir = data_dir
        self.workstation: Workstation | StartingSession | None = None
        self._policy = delay_policy
        self._job: concurrent.futures.Future[None] | None = None
        # (user, failures) whose wait this dialog has already counted down in full
        self._held_for: tuple[str, int] | None = None
        self._waited: tuple[str, int] | None = None
        self._before_wait = ""  # the message the wait note was added to
        form = load_form("login_dialog", self)
        self.setWindowTitle(self.tr("Log in — bjstc workstation"))
        self.user_edit = child(form, QLineEdit, "user_edit")
        self.passphrase_edit = child(form, QLineEdit, "passphrase_edit")
        self.login_button = child(form, QPushButton, "login_button")
        self.quit_button = child(form, QPushButton, "quit_button")
        self.message_label = child(form, QLabel, "message_label")
        self.workstation_label = child(form, QLabel, "workstation_label")
        child(form, QLabel, "org_label").setObjectName("login_org_label")
        self.gate = RetryGate(self.login_button, self)
        self.gate.opened.connect(self._gate_opened)
        self.login_button.clicked.connect(self.attempt)
        self.quit_button.clicked.connect(self.reject)
        self.passphrase_edit.returnPressed.connect(self.attempt)
        self.user_edit.returnPressed.connect(self.passphrase_edit.setFocus)
        user = user or prefs.last_user(data_dir)  # the name is remembered, never the passphrase
        self.user_edit.setText(user)
        self.setMinimumWidth(460)
        self._describe_workstation()
        (self.passphrase_edit if user else self.user_edit).setFocus()

    def _describe_workstation(self) -> None:
        try:
            about = unlocking.describe(self.data_dir)
        except BjstcError as exc:
            self.workstation_label.setText(str(self.data_dir))
            self._say(exc.message(), error=True)
            self.login_button.setEnabled(False)
            return
        name = about["workstation"] + (f"（{about['office']}）" if about["office"] else "")
        self.workstation_label.setText(name)
        self.workstation_label.setToolTip(str(self.data_dir))

    def _say(self, text: str, error: bool = False) -> None:
        self.message_label.setProperty("error", error)
        self.message_label.setText(text)
        self.message_label.style().unpolish(self.message_label)
        self.message_label.style().polish(self.message_label)

    def _set_busy(self, busy: bool) -> None:
        for w in (self.user_edit, self.passphrase_edit):
            w.setEnabled(not busy)
        self.login_button.setEnabled(not busy and self.gate.is_open())

    def attempt(self) -> None:
        """Try to unlock with what was typed (the 登录 button and Enter)."""
        if self._job is not None or not self.login_button.isEnabled():
            return
        user = self.user_edit.text().strip()
        passphrase = self.passphrase_edit.text()
        if not user:
            self._say(self.tr("Please enter your user name."), error=True)
            self.user_edit.setFocus()
            return
        if not passphrase:
            self._say(self.tr("Please enter your passphrase."), error=True)
            self.passphrase_edit.setFocus()
            return
        seen = (user, len(authlog.failures(self.data_dir, user)))
        wait = 0 if seen == self._waited else pending_delay(self.data_dir, user, self._policy)
        if wait:
            self._held_for = seen
            self._hold(wait)
            return
        self._say(self.tr("Checking the passphrase…"))
        self._set_busy(True)
        data_dir = self.data_dir
        self._job = run_in_background(
            self, lambda: _unlock(data_dir, user, passphrase), self._opened, lambda exc: self._failed(user, exc))

    def _opened(self, ws: Workstation | StartingSession) -> None:
        self._job = None
        self.workstation = ws
        prefs.remember_last_user(self.data_dir, ws.actor.name)
        self.passphrase_edit.clear()
        self.unlocked.emit(ws)
        self.accept()

    def _failed(self, user: str, exc: BaseException) -> None:
        self._job = None
        self._set_busy(False)
        self.passphrase_edit.clear()
        self.passphrase_edit.setFocus()
        if isinstance(exc, AuthenticationError):
            failures = len(authlog.failures(self.data_dir, user))
            self._held_for = (user, failures)
            wait = self._policy(failures + 1)
            self._say(exc.message(), error=True)
            self._hold(wait, keep_message=True)
            return
        self._say(error_text(exc), error=True)

    def _hold(self, seconds: int, keep_message: bool = False) -> None:
        if seconds <= 0:
            return
        self._before_wait = self.message_label.text() if keep_message else ""
        note = self.tr("Please wait %n second(s) before trying again.", "", seconds)
        self._say(f"{self._before_wait} {note}" if keep_message else note, error=True)
        self.gate.hold(seconds)

    def _gate_opened(self) -> None:
        """The wait is over: the button is back, and the note about waiting goes (the
        error that caused it stays until the next attempt)."""
        self._waited = self._held_for
        self._set_busy(False)
        self._say(self._before_wait, error=bool(self._before_wait))

    def reject(self) -> None:
        """Close without unlocking (never while an unlock is running: its result would
        leave a workstation open with no window)."""
        if self._job is None:
            super().reject()
