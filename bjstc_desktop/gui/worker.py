"""Run a blocking Workstation call (Argon2 unlock, a long read) off the GUI thread and
deliver its outcome back on the GUI thread (Anki's taskman pattern).

Worker threads touch only one long-lived QObject, the dispatcher, by emitting its
signal with the job's parcel; Qt queues it to the GUI thread. No QObject is created or
destroyed off the GUI thread:
- the owner is held weakly, so a closed window is not kept alive by its job;
- the job, its callbacks and its outcome travel in one parcel that the GUI thread
  empties, so the last reference to anything they hold (often the window itself, through
  `lambda: self.ws...` and bound methods) is dropped on the GUI thread;
- a failure's traceback keeps its lines for the log but not the frames' locals, so it
  makes no reference cycle that the collector would free on whichever thread it runs.
An outcome whose owner has been deleted meanwhile is dropped instead of touching a dead
object."""

from __future__ import annotations

import concurrent.futures
import logging
import threading
import traceback
import weakref
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

_executor = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="bjstc-job")
# The one thread every change to a store is made on (gui/operations.py): writes run one at
# a time, in the order they were asked for, never beside each other.
WRITER_THREAD_NAME = "bjstc-writer"
_writer = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix=WRITER_THREAD_NAME)
_pending: set[concurrent.futures.Future[None]] = set()
_pending_lock = threading.Lock()
# each job's parcel, while the job lives (to empty it on the GUI thread if it is cancelled)
_parcels: weakref.WeakKeyDictionary[concurrent.futures.Future[None], _Parcel] = weakref.WeakKeyDictionary()


class _Parcel:
    """One job: what to run, whom to tell, and (once run) its outcome. Emptied on the GUI thread."""

    __slots__ = ("fn", "on_success", "on_failure", "owner", "ok", "value")

    def __init__(self, owner: QObject, fn: Callable[[], Any], on_success: Callable[[Any], None],
                 on_failure: Callable[[BaseException], None]) -> None:
        self.owner = weakref.ref(owner)
        self.fn: Callable[[], Any] | None = fn
        self.on_success: Callable[[Any], None] | None = on_success
        self.on_failure: Callable[[BaseException], None] | None = on_failure
        self.ok = False
        self.value: Any = None

    def deliver(self) -> None:
        """On the GUI thread: hand the outcome over unless the owner is gone, then let go
        of everything the job held (here, on this thread)."""
        try:
            owner = self.owner()
            callback = self.on_success if self.ok else self.on_failure
            if owner is not None and shiboken6.isValid(owner) and callback is not None:
                callback(self.value)
            else:
                log.info("background result dropped: its window is gone")
        finally:
            self.fn = self.on_success = self.on_failure = None
            self.value = None


class _Dispatcher(QObject):
    """Runs parcels sent from worker threads on the GUI thread."""

    call = Signal(object)
    """Emitted (from any thread) with a finished job's parcel, delivered on the GUI thread."""

    def __init__(self) -> None:
        super().__init__()
        self.call.connect(self._run)

    def _run(self, parcel: _Parcel | _Call) -> None:
        parcel.deliver()


_dispatcher: _Dispatcher | None = None


def _get_dispatcher() -> _Dispatcher:
    global _dispatcher
    if _dispatcher is None:  # created on first use, on the GUI thread, never deleted
        _dispatcher = _Dispatcher()
    return _dispatcher


def _call(fn: Callable[[], Any]) -> tuple[bool, Any]:
    """Run `fn`; (True, result) or (False, exception). A frame of its own, finished
    before the traceback is cleared, so every frame in it can be cleared."""
    try:
        return True, fn()
    except BaseException as exc:  # delivered to the GUI, which decides what to show
        return False, exc


def _clear_frames(exc: BaseException) -> None:
    """Drop the locals of every frame in `exc`'s traceback and in those of the errors it
    was raised from: the lines stay for the log, the references (and the cycle) go."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        traceback.clear_frames(current.__traceback__)
        todo += [current.__cause__, current.__context__]


def _work(parcel: _Parcel, dispatcher: _Dispatcher) -> None:
    """On a worker thread: run the job, then send the parcel to the GUI thread."""
    fn = parcel.fn
    assert fn is not None
    ok, value = _call(fn)
    del fn  # the parcel still holds it: it is let go on the GUI thread
    if not ok:
        _clear_frames(value)
    parcel.ok, parcel.value = ok, value
    del value
    dispatcher.call.emit(parcel)


def run_in_background(owner: QObject, fn: Callable[[], Any], on_success: Callable[[Any], None],
                      on_failure: Callable[[BaseException], None], *,
                      writer: bool = False) -> concurrent.futures.Future[None]:
    """Run `fn()` on a worker thread (with `writer`, on the one writer thread, after every
    write asked for before it); then, on the GUI thread and only if `owner` still exists,
    call `on_success(result)` or `on_failure(exc)`."""
    executor = _writer if writer else _executor
    parcel = _Parcel(owner, fn, on_success, on_failure)
    future = executor.submit(_work, parcel, _get_dispatcher())
    _parcels[future] = parcel
    with _pending_lock:
        _pending.add(future)
    future.add_done_callback(_forget)
    return future


class _Call:
    """One call a worker thread asks the GUI thread to make (see `to_gui`)."""

    __slots__ = ("owner", "method", "args")

    def __init__(self, owner: weakref.ref[QObject], method: weakref.WeakMethod[Callable[..., None]],
                 args: tuple[Any, ...]) -> None:
        self.owner, self.method, self.args = owner, method, args

    def deliver(self) -> None:
        """On the GUI thread: make the call if its window still exists."""
        owner, method = self.owner(), self.method()
        if owner is not None and shiboken6.isValid(owner) and method is not None:
            method(*self.args)


def to_gui(owner: QObject, method: Callable[..., None]) -> Callable[..., None]:
    """On the GUI thread: a callable for a job's worker thread (progress, say) that makes
    `method(*args)` later on the GUI thread, if `owner` still exists then. `method` is a
    bound method of `owner` (or of a widget of it); both are held weakly, so the worker
    never holds a window alive and never touches a QObject: each call travels to the GUI
    thread through the long-lived dispatcher's signal, like a finished job's parcel."""
    dispatcher, target, bound = _get_dispatcher(), weakref.ref(owner), weakref.WeakMethod(method)  # type: ignore[arg-type]  # a bound method: Callable cannot say so

    def call(*args: Any) -> None:
        dispatcher.call.emit(_Call(target, bound, args))

    return call


def _forget(future: concurrent.futures.Future[None]) -> None:
    with _pending_lock:
        _pending.discard(future)


def cancel(future: concurrent.futures.Future[None]) -> bool:
    """On the GUI thread: cancel a job that has not started; its parcel is emptied here,
    so what it held is never let go on a worker thread. False if it had started."""
    parcel = _parcels.get(future)
    if not future.cancel():
        return False
    if parcel is not None:
        parcel.fn = parcel.on_success = parcel.on_failure = None
    return True


def wait_for_jobs(timeout: float = 30.0) -> bool:
    """Block until every background job has finished (tests, and before closing the
    workstation at exit). Their outcomes are delivered by the event loop afterwards."""
    with _pending_lock:
        pending = list(_pending)
    done, not_done = concurrent.futures.wait(pending, timeout=timeout)
    return not not_done
