"""Run a blocking Workstation call (Argon2 unlock, a long read) off the GUI thread and
deliver its result back on the GUI thread.

The relay object lives on the GUI thread and is parented to the widget that asked, so
a result that arrives after that widget is gone is dropped instead of touching a
deleted object."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class JobRelay(QObject):
    """Carries one background job's outcome to the GUI thread."""

    succeeded = Signal(object)
    """Emitted once with the job's return value."""

    failed = Signal(object)
    """Emitted once with the exception the job raised (BjstcError or unexpected)."""


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: JobRelay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # delivered to the GUI, which decides what to show
            self._emit(self._relay.failed, exc)
            return
        self._emit(self._relay.succeeded, result)

    @staticmethod
    def _emit(signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the widget that asked was closed meanwhile
            log.info("background result dropped: its window is gone")


def run_in_background(owner: QObject, fn: Callable[[], Any], on_success: Callable[[Any], None],
                      on_failure: Callable[[BaseException], None]) -> JobRelay:
    """Run `fn()` on the shared thread pool; call `on_success(result)` or
    `on_failure(exc)` on the GUI thread. Returns the relay (tests may wait on it)."""
    relay = JobRelay(owner)
    relay.succeeded.connect(on_success)
    relay.failed.connect(on_failure)
    relay.succeeded.connect(relay.deleteLater)
    relay.failed.connect(relay.deleteLater)
    QThreadPool.globalInstance().start(_Runnable(fn, relay))
    return relay
