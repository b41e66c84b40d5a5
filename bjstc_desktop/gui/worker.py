"""Run a blocking Workstation call (Argon2 unlock, a long read) off the GUI thread and
deliver its outcome back on the GUI thread (Anki's taskman pattern).

Worker threads touch only one long-lived QObject, the dispatcher, by emitting its
signal with a closure; Qt queues it to the GUI thread. No QObject is created or
destroyed off the GUI thread, and an outcome whose owner widget has been deleted
meanwhile is dropped instead of touching a dead object."""

from __future__ import annotations

import concurrent.futures
import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

_executor = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="bjstc-job")
_pending: set[concurrent.futures.Future[None]] = set()
_pending_lock = threading.Lock()


class _Dispatcher(QObject):
    """Runs closures sent from worker threads on the GUI thread."""

    call = Signal(object)
    """Emitted (from any thread) with a no-argument callable to run on the GUI thread."""

    def __init__(self) -> None:
        super().__init__()
        self.call.connect(self._run)

    def _run(self, fn: Callable[[], None]) -> None:
        fn()


_dispatcher: _Dispatcher | None = None


def _get_dispatcher() -> _Dispatcher:
    global _dispatcher
    if _dispatcher is None:  # created on first use, on the GUI thread, never deleted
        _dispatcher = _Dispatcher()
    return _dispatcher


def run_in_background(owner: QObject, fn: Callable[[], Any], on_success: Callable[[Any], None],
                      on_failure: Callable[[BaseException], None]) -> concurrent.futures.Future[None]:
    """Run `fn()` on a worker thread; then, on the GUI thread and only if `owner` still
    exists, call `on_success(result)` or `on_failure(exc)`."""
    dispatcher = _get_dispatcher()

    def deliver(callback: Callable[[Any], None], value: Any) -> None:
        """On the GUI thread: hand the outcome over unless the owner is gone."""
        if shiboken6.isValid(owner):
            callback(value)
        else:
            log.info("background result dropped: its window is gone")

    def job() -> None:
        """On a worker thread: run, then send the outcome to the GUI thread."""
        try:
            result = fn()
        except BaseException as exc:  # delivered to the GUI, which decides what to show
            error = exc  # `exc` is unbound when the except block ends
            dispatcher.call.emit(lambda: deliver(on_failure, error))
            return
        dispatcher.call.emit(lambda: deliver(on_success, result))

    future = _executor.submit(job)
    with _pending_lock:
        _pending.add(future)
    future.add_done_callback(_forget)
    return future


def _forget(future: concurrent.futures.Future[None]) -> None:
    with _pending_lock:
        _pending.discard(future)


def wait_for_jobs(timeout: float = 30.0) -> bool:
    """Block until every background job has finished (tests, and before closing the
    workstation at exit). Their outcomes are delivered by the event loop afterwards."""
    with _pending_lock:
        pending = list(_pending)
    done, not_done = concurrent.futures.wait(pending, timeout=timeout)
    return not not_done
