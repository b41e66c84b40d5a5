"""No lost work: a form's keeper saves what the officer types as an encrypted draft in the
store (ws.drafts.save, off the GUI thread, a moment after the last keystroke),
puts a kept draft back when the same form is opened again, and asks before a close
would throw changes away (Esc, 取消, the window's close button).

A form that has a keeper provides four things: draft_key() → (kind, subject, action),
draft_title(), draft_content() → JSON-able dict, restore_draft(content)."""

from __future__ import annotations

import concurrent.futures
import logging
import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.operations import DRAFTS, Operation, read, registers_changed, run_operation
from bjstc_desktop.ops.draft_views import DraftView

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 1200
KEEP, DISCARD, CANCEL = "keep", "discard", "cancel"
_KEEPING = "draft"  # the description of a draft's write (never shown: a refusal says it in words)

_keepers: weakref.WeakSet[DraftKeeper] = weakref.WeakSet()


class DraftForm(Protocol):
    """What a form gives its keeper."""

    def draft_key(self) -> tuple[str, str, str]: ...
    def draft_title(self) -> str: ...
    def draft_content(self) -> dict[str, Any]: ...
    def restore_draft(self, content: dict[str, Any]) -> None: ...


def kept_drafts(ws: Workstation, kind: str, subject: str, action: str = "") -> list[DraftView]:
    """The officer's drafts of the form with this key, newest first (on a reader thread);
    none when they cannot be read (a draft is a convenience: the form opens anyway)."""
    try:
        return ws.drafts.find(kind, subject, action)
    except Exception as exc:
        log.warning("drafts could not be read: %s", type(exc).__name__)
        return []


def drafts_operation(kind: str, subject: str, action: str = "") -> Operation[list[DraftView]]:
    """Read the drafts of the form with this key before the form is built (off the GUI
    thread), so the form shows with its draft already in it: the officer never types into
    a form that a late draft would overwrite."""
    return read(QCoreApplication.translate("Drafts", "Reading the drafts"),
                lambda ws: kept_drafts(ws, kind, subject, action))


def ask_unsaved(parent: QWidget) -> str:
    """The question before unsaved input is closed: KEEP it as a draft, DISCARD it, or
    CANCEL (go on editing: the safe answer, and Esc's)."""
    text = QCoreApplication.translate(
        "Drafts", "This form has changes that are not saved. Keep them as a draft (offered again when you open "
        "this form), or discard them?")
    box = QMessageBox(QMessageBox.Icon.Question, QCoreApplication.translate("Drafts", "Unsaved changes"), text,
                      QMessageBox.StandardButton.NoButton, parent)
    keep = box.addButton(QCoreApplication.translate("Drafts", "Keep as draft"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(QCoreApplication.translate("Drafts", "Discard changes"),
                            QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QCoreApplication.translate("Drafts", "Go on editing"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return KEEP if clicked is keep else DISCARD if clicked is discard else CANCEL


def _alive() -> list[DraftKeeper]:
    return [k for k in list(_keepers) if shiboken6.isValid(k)]


def open_draft_ids() -> set[str]:
    """The drafts that an open form is editing now (not to be offered elsewhere); a form
    hidden by a lock is still open, one closed with "keep" is not."""
    return {k.draft_id for k in _alive() if k.draft_id and not k.closed}


def flush_all(ws: Workstation) -> int:
    """Save the changes of every form open on `ws` now (before a lock or quitting);
    returns how many drafts were written."""
    return sum(1 for keeper in _alive() if keeper.ws is ws and keeper.flush())


class DraftKeeper(QObject):
    """Keeps one form's unsaved input as a draft in the store."""

    saved = Signal(str)
    """Emitted with the draft's id each time it has been written to the store."""

    failed = Signal(str)
    """Emitted with the officer's message when a draft could not be kept."""

    def __init__(self, form: DraftForm, ws: Workstation, parent: QObject, delay_ms: int = SAVE_DELAY_MS) -> None:
        super().__init__(parent)
        self.form, self.ws = form, ws
        self.draft_id: str | None = None
        self.stored = False  # a draft row exists for draft_id
        self.closed = False  # the form was closed: its draft is free to be offered again
        self.baseline = form.draft_content()
        self._job: concurrent.futures.Future[None] | None = None
        self._again = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.save_soon)
        _keepers.add(self)
        self.destroyed.connect(lambda *_: _keepers.discard(self))

    # ----- state ---------------------------------------------------------------------------------
    def dirty(self) -> bool:
        """True when the form differs from what it was opened with (or restored to)."""
        return self.form.draft_content() != self.baseline

    def edited(self, *_: object) -> None:
        """The officer changed something: save a moment after the typing stops."""
        self._timer.start()

    def offer(self, found: Sequence[DraftView], draft_id: str | None = None) -> DraftView | None:
        """Put back this form's draft from `found` (its drafts, read before the form was
        built: `drafts_operation`): `draft_id`, else the newest one no other form has open;
        returns it, or None when there is none."""
        busy = open_draft_ids()
        chosen = next((d for d in found if d.id == draft_id), None) if draft_id else None
        chosen = chosen or next((d for d in found if d.id not in busy), None)
        if chosen is None or chosen.content is None:
            return None
        self.form.restore_draft(chosen.content)
        self.draft_id, self.stored = chosen.id, True
        return chosen

    # ----- saving --------------------------------------------------------------------------------
    def _payload(self) -> tuple[str, str, str, str, dict[str, Any]]:
        kind, subject, action = self.form.draft_key()
        return kind, subject, action, self.form.draft_title(), self.form.draft_content()

    def save_soon(self) -> None:
        """Write the draft off the GUI thread (one write at a time, the latest content)."""
        self._timer.stop()
        if self._job is not None and not self._job.done():
            self._again = True
            return
        if not self.dirty() and not self.stored:
            return
        if not self.dirty():  # typed back to what it was: nothing to keep
            self._drop()
            return
        kind, subject, action, title, content = self._payload()
        self.draft_id = self.draft_id or uuid7()
        ws, draft_id = self.ws, self.draft_id
        op = Operation(_KEEPING, lambda w: w.drafts.save(draft_id, kind, subject, title, content, action=action),
                       notice=registers_changed(DRAFTS))
        self._job = run_operation(self, ws, op, self._saved, self._failed)

    def _saved(self, view: DraftView) -> None:
        self.stored = True
        self.saved.emit(view.id)
        if self._again:
            self._again = False
            self.save_soon()

    def _failed(self, exc: BaseException) -> None:
        self._again = False
        self.failed.emit(QCoreApplication.translate("Drafts", "The draft could not be kept: %1")
                         .replace("%1", error_text(exc)))

    def _wait(self) -> None:
        """Let a write in flight finish first, so an older draft never lands last."""
        if self._job is not None:
            try:
                self._job.result(timeout=30)
            except Exception:  # its failure is delivered to _failed
                pass

    def flush(self) -> bool:
        """Write the draft now (before a lock or when keeping it on close): on the writer
        thread, waited for here; True when it was kept."""
        self._timer.stop()
        self._wait()
        self._again = False
        if not self.dirty():
            return False
        kind, subject, action, title, content = self._payload()
        self.draft_id = self.draft_id or uuid7()
        draft_id, kept = self.draft_id, []

        def keep(w: Workstation) -> DraftView:
            view = w.drafts.save(draft_id, kind, subject, title, content, action=action)
            kept.append(view)
            return view

        op = Operation(_KEEPING, keep, notice=registers_changed(DRAFTS))
        self._job = run_operation(self, self.ws, op, lambda _view: None, self._failed)
        self._wait()  # its failure, if any, is delivered to _failed
        if not kept:
            return False
        self.stored = True
        self.saved.emit(self.draft_id)
        return True

    def _drop(self) -> None:
        self._timer.stop()
        self._wait()
        if self.draft_id and self.stored:
            draft_id = self.draft_id
            op = Operation(_KEEPING, lambda w: w.drafts.discard(draft_id), notice=registers_changed(DRAFTS))
            # a failure leaves the draft, offered again later
            self._job = run_operation(self, self.ws, op, lambda _r: None,
                                      lambda exc: log.warning("draft not removed: %s", type(exc).__name__))
        self.stored = False

    def finish(self) -> None:
        """The form was saved: its draft is no longer needed."""
        self._drop()
        self.draft_id = None
        self.baseline = self.form.draft_content()

    def discard(self) -> None:
        """The officer threw the changes away: remove the draft."""
        self.finish()

    def confirm_close(self, parent: QWidget) -> bool:
        """Before the form closes: True when it may (nothing unsaved, kept, or discarded)."""
        if not self.dirty():
            if self.stored:
                self._drop()
            self.closed = True
            return True
        answer = ask_unsaved(parent)
        if answer == KEEP:
            self.closed = self.flush() or not self.dirty()
            return self.closed
        if answer == DISCARD:
            self.discard()
            self.closed = True
            return True
        return False


class KeptDraftDialog(QDialog):
    """A form whose typing a DraftKeeper keeps (`self.keeper`, `self.busy`): Esc, 取消 and the
    window's close button ask what to do with what was typed before the form closes."""

    keeper: DraftKeeper
    busy: bool = False

    def reject(self) -> None:
        """Esc and 取消: close, after asking what to do with what was typed."""
        if self.busy or not self.keeper.confirm_close(self):
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """The window's close button asks as 取消 does."""
        if self.result() == QDialog.DialogCode.Accepted or self.keeper.confirm_close(self):
            event.accept()
            super().closeEvent(event)
        else:
            event.ignore()
